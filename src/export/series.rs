//! A series written up as one: the series' title and description, then a part per session in
//! order, each holding that session's own write-up (built exactly as for the session alone,
//! its headings one level down). CSV and JSON gather the sessions' own exports.

use super::writeup::series::build;
use super::{ExportError, Format, Options, View, csv, html, json, markdown, text};
use crate::model::Session;
use crate::model::series::Series;

/// Renders a series in `format`. `sessions` are the series' sessions, in its order.
pub fn export_series(
    series: &Series,
    sessions: &[Session],
    format: Format,
    options: &Options,
) -> Result<Vec<u8>, ExportError> {
    Ok(match format {
        Format::Markdown => {
            markdown::render_series(&build(series, sessions, options), &options.figures)
                .into_bytes()
        }
        Format::Html if options.fragment => html::series_fragment(
            &build(series, sessions, options),
            &super::html_look(options),
        )
        .into_bytes(),
        Format::Html => html::series_page(&build(series, sessions, options)).into_bytes(),
        Format::Text => text::render_series(&build(series, sessions, options)).into_bytes(),
        Format::Csv => series_csv(sessions, options)?,
        Format::Json => series_json(series, sessions, options)?,
    })
}

/// Every session's rows under one header (the union of their columns), each row led by the
/// session's place in the series and its date.
fn series_csv(sessions: &[Session], options: &Options) -> Result<Vec<u8>, ExportError> {
    let mut header: Vec<String> = vec!["part".into(), "date".into()];
    let mut tables = Vec::new();
    for s in sessions {
        let bytes = csv::render(&View::new(s, options))?;
        let mut r = ::csv::Reader::from_reader(bytes.as_slice());
        let head: Vec<String> = r.headers()?.iter().map(str::to_owned).collect();
        for h in &head {
            if !header.contains(h) {
                // `id` stays last, as in a session's CSV.
                let at = header
                    .iter()
                    .position(|x| x == "id")
                    .unwrap_or(header.len());
                header.insert(at, h.clone());
            }
        }
        let rows: Vec<::csv::StringRecord> = r.records().collect::<Result<_, _>>()?;
        tables.push((head, rows));
    }
    let mut w = ::csv::WriterBuilder::new()
        .terminator(::csv::Terminator::CRLF)
        .from_writer(Vec::new());
    w.write_record(&header)?;
    for (n, ((head, rows), s)) in tables.iter().zip(sessions).enumerate() {
        let date = s.date.map(|d| d.to_string()).unwrap_or_default();
        for row in rows {
            let out: Vec<String> = header
                .iter()
                .map(|h| match h.as_str() {
                    "part" => (n + 1).to_string(),
                    "date" => date.clone(),
                    h => head
                        .iter()
                        .position(|x| x == h)
                        .and_then(|i| row.get(i))
                        .unwrap_or("")
                        .to_owned(),
                })
                .collect();
            w.write_record(&out)?;
        }
    }
    w.into_inner()
        .map_err(|e| ExportError::Csv(::csv::Error::from(e.into_error())))
}

/// The series with each session's own JSON export nested in order.
fn series_json(
    series: &Series,
    sessions: &[Session],
    options: &Options,
) -> Result<Vec<u8>, ExportError> {
    let mut parts = Vec::with_capacity(sessions.len());
    for s in sessions {
        let bytes = json::render(&View::new(s, options))?;
        parts.push(serde_json::from_slice::<serde_json::Value>(&bytes)?);
    }
    let out = serde_json::json!({
        "format": series.format,
        "title": series.title,
        "description": series.description,
        "sessions": parts,
    });
    let mut bytes = serde_json::to_vec_pretty(&out)?;
    bytes.push(b'\n');
    Ok(bytes)
}
