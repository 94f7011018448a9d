//! CSV (RFC 4180: comma-separated, `"`-quoted where needed, CRLF between records): one row per
//! contribution.
//!
//! Columns: `session, exercise, slot, group, text, created, starred`, then `theme` (when answers
//! were gathered into themes), `author` (with authors), `hidden` (with hidden ones), one column
//! per extra field used in the session
//! (`benefits`, `mark`, `year`...), `parent` (when an answer goes under another: the id of the
//! one it goes under) and `id`.
//!
//! Formula guard: a spreadsheet runs a cell that begins with `=`, `+`, `-` or `@` (or a tab or
//! carriage return) as a formula, so such a cell gets a leading `'`, which spreadsheets show as
//! text. No other byte of any cell is changed. The JSON export carries the text unguarded.

use std::collections::BTreeSet;

use super::View;

/// The characters that make a spreadsheet read a cell as a formula.
pub const FORMULA_STARTS: [char; 6] = ['=', '+', '-', '@', '\t', '\r'];

/// A cell as written: guarded against being run as a formula, otherwise as given.
pub fn guard(cell: &str) -> std::borrow::Cow<'_, str> {
    if cell.starts_with(FORMULA_STARTS) {
        format!("'{cell}").into()
    } else {
        cell.into()
    }
}

pub(super) fn render(view: &View) -> Result<Vec<u8>, ::csv::Error> {
    let o = view.options;
    let field_names: BTreeSet<&str> = view
        .shown
        .iter()
        .flat_map(|c| c.fields.keys().map(String::as_str))
        .collect();
    let mut w = ::csv::WriterBuilder::new()
        .terminator(::csv::Terminator::CRLF)
        .from_writer(Vec::with_capacity(view.shown.len() * 160));
    let mut header = vec![
        "session", "exercise", "slot", "group", "text", "created", "starred",
    ];
    let convergence = &view.session.convergence;
    let themed = view
        .shown
        .iter()
        .any(|c| convergence.theme_of(&c.id).is_some());
    if themed {
        header.push("theme");
    }
    if o.with_authors {
        header.push("author");
    }
    if o.include_hidden {
        header.push("hidden");
    }
    header.extend(field_names.iter().copied());
    let parented = view.shown.iter().any(|c| c.parent.is_some());
    if parented {
        header.push("parent");
    }
    header.push("id");
    w.write_record(&header)?;
    let title = guard(&view.session.title);
    let mut row: Vec<std::borrow::Cow<str>> = Vec::with_capacity(header.len());
    for c in &view.shown {
        row.clear();
        row.push(title.clone());
        row.push(guard(&c.exercise));
        row.push(guard(&c.slot));
        row.push(guard(c.group.as_deref().unwrap_or("")));
        row.push(guard(&c.text));
        row.push(c.created.to_string().into());
        row.push(if c.starred { "yes" } else { "no" }.into());
        if themed {
            row.push(guard(
                convergence.theme_of(&c.id).map_or("", |t| t.name.as_str()),
            ));
        }
        if o.with_authors {
            row.push(guard(c.author.as_deref().unwrap_or("")));
        }
        if o.include_hidden {
            row.push(if c.hidden { "yes" } else { "no" }.into());
        }
        for name in &field_names {
            row.push(guard(c.fields.get(*name).map_or("", String::as_str)));
        }
        if parented {
            row.push(guard(c.parent.as_deref().unwrap_or("")));
        }
        row.push(guard(&c.id));
        w.write_record(row.iter().map(|cell| cell.as_bytes()))?;
    }
    w.into_inner()
        .map_err(|e| ::csv::Error::from(e.into_error()))
}
