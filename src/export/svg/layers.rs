//! Causal Layered Analysis as stacked layers: four bands from the surface (litany) down to the
//! myth, each a shade deeper, with a column per group (or today's and the reconstructed).

use std::fmt::Write;

use super::{INK, MUTED, esc, svg_open, text_block, wrap};
use crate::export::writeup::Layer;

/// Texts drawn per cell; the rest are counted ("+ 3 more") and listed in the text.
const PER_CELL: usize = 5;
/// Lines per text in a cell.
const LINES: usize = 3;

const BANDS: [&str; 4] = ["#eef4f5", "#dfe9eb", "#e9e1ef", "#ddd0e4"];

pub(super) fn layers(issue: &str, columns: &[String], layers: &[Layer], alt: &str) -> String {
    let n = columns.len().max(1);
    let label_w = 170.0f32;
    let col_w = if n <= 2 { 300.0f32 } else { 220.0 };
    let w = label_w + col_w * n as f32 + 20.0;
    let (line_h, font) = (15.0f32, 12.0f32);
    let max_em = (col_w - 24.0) / font;
    // Every cell's lines, so each band is as tall as its fullest cell.
    let cells: Vec<Vec<Vec<String>>> = layers
        .iter()
        .map(|layer| {
            (0..n)
                .map(|i| {
                    let texts = layer.cells.get(i).map_or(&[][..], Vec::as_slice);
                    let mut lines = Vec::new();
                    for t in texts.iter().take(PER_CELL) {
                        let wrapped = wrap(t, max_em, LINES);
                        for (j, l) in wrapped.into_iter().enumerate() {
                            lines.push(if j == 0 {
                                format!("• {l}")
                            } else {
                                format!("  {l}")
                            });
                        }
                    }
                    if texts.len() > PER_CELL {
                        lines.push(format!("+ {} more", texts.len() - PER_CELL));
                    }
                    lines
                })
                .collect()
        })
        .collect();
    let title = wrap(issue, (w - 40.0) / 15.0, 2);
    let top = 24.0 + title.len() as f32 * 20.0 + 34.0;
    let heights: Vec<f32> = cells
        .iter()
        .map(|row| {
            let most = row.iter().map(Vec::len).max().unwrap_or(0).max(2) as f32;
            most * line_h + 24.0
        })
        .collect();
    let h = top + heights.iter().sum::<f32>() + 20.0;
    let mut out = String::new();
    svg_open(&mut out, w, h, alt);
    text_block(
        &mut out,
        20.0,
        30.0,
        &title,
        20.0,
        r#"font-size="17" font-weight="700""#,
    );
    for (i, name) in columns.iter().enumerate() {
        let x = label_w + col_w * i as f32 + 12.0;
        let lines = wrap(name, (col_w - 24.0) / 13.0, 1);
        let _ = write!(out, r#"<g class="column">"#);
        text_block(
            &mut out,
            x,
            top - 10.0,
            &lines,
            16.0,
            &format!(r#"font-size="13" font-weight="700" fill="{MUTED}""#),
        );
        out.push_str("</g>");
    }
    let mut y = top;
    for (band, layer) in layers.iter().enumerate() {
        let bh = heights[band];
        let _ = write!(out, r#"<g class="layer" data-layer=""#);
        esc(&mut out, &layer.name);
        let _ = write!(
            out,
            r##""><rect x="10" y="{y:.1}" width="{:.1}" height="{bh:.1}" fill="{}" stroke="#fff" stroke-width="2"/>"##,
            w - 20.0,
            BANDS[band % BANDS.len()]
        );
        let name = wrap(&layer.name, (label_w - 30.0) / 13.0, 2);
        text_block(
            &mut out,
            22.0,
            y + 22.0,
            &name,
            16.0,
            &format!(r#"font-size="14" font-weight="700" fill="{INK}""#),
        );
        for (i, lines) in cells[band].iter().enumerate() {
            let x = label_w + col_w * i as f32 + 12.0;
            if i > 0 {
                let lx = x - 12.0;
                let _ = write!(
                    out,
                    r##"<line x1="{lx:.1}" y1="{:.1}" x2="{lx:.1}" y2="{:.1}" stroke="#ffffff" stroke-width="2"/>"##,
                    y + 6.0,
                    y + bh - 6.0
                );
            }
            if !lines.is_empty() {
                out.push_str(r#"<g class="cell">"#);
                text_block(
                    &mut out,
                    x,
                    y + 22.0,
                    lines,
                    line_h,
                    &format!(r#"font-size="{font}" xml:space="preserve""#),
                );
                out.push_str("</g>");
            }
        }
        out.push_str("</g>");
        y += bh;
    }
    out.push_str("</svg>");
    out
}
