//! Rated items as a scatter: mean uncertainty across, mean impact up, each point numbered by its
//! rank, with a legend of the numbers beside it. The top-right quarter (high impact, high
//! uncertainty) is where the critical uncertainties are, and is tinted.

use std::fmt::Write;

use super::{INK, MUTED, esc, svg_open, text_block, wrap};
use crate::export::writeup::Point;
use crate::model::convergence::MAX_RATING;

/// Items listed in the legend; the rest are numbered on the plot and listed in the text.
const LEGEND: usize = 12;

pub(super) fn ratings(points: &[Point], alt: &str) -> String {
    const W: f32 = 760.0;
    let (left, top, size) = (70.0f32, 30.0f32, 360.0f32);
    let legend_x = left + size + 40.0;
    let legend_lines: Vec<Vec<String>> = points
        .iter()
        .take(LEGEND)
        .map(|p| wrap(&format!("{}. {}", p.label, p.text), 240.0 / 8.0, 2))
        .collect();
    let legend_h: f32 = legend_lines
        .iter()
        .map(|l| l.len() as f32 * 17.0 + 6.0)
        .sum();
    let h = (top + size + 70.0).max(top + legend_h + 30.0);
    let mut out = String::new();
    svg_open(&mut out, W, h, alt);
    let max = f32::from(MAX_RATING);
    // A rating of 1 at the axis, MAX_RATING at the far end.
    let at = |v: f64, from: f32, flip: bool| {
        let t = ((v as f32 - 1.0) / (max - 1.0)).clamp(0.0, 1.0);
        if flip {
            from + size - t * size
        } else {
            from + t * size
        }
    };
    let mid = size / 2.0;
    let _ = write!(
        out,
        r##"<rect x="{:.1}" y="{top:.1}" width="{mid:.1}" height="{mid:.1}" fill="#f3ebe1"/>"##,
        left + mid
    );
    let _ = write!(
        out,
        r##"<rect x="{left:.1}" y="{top:.1}" width="{size:.1}" height="{size:.1}" fill="none" stroke="#5b4636" stroke-width="1.5"/><g stroke="#c9bfb2" stroke-dasharray="4 4"><line x1="{:.1}" y1="{top:.1}" x2="{:.1}" y2="{:.1}"/><line x1="{left:.1}" y1="{:.1}" x2="{:.1}" y2="{:.1}"/></g>"##,
        left + mid,
        left + mid,
        top + size,
        top + mid,
        left + size,
        top + mid
    );
    for v in 1..=MAX_RATING {
        let x = at(f64::from(v), left, false);
        let y = at(f64::from(v), top, true);
        let _ = write!(
            out,
            r#"<text x="{x:.1}" y="{:.1}" font-size="12" text-anchor="middle" fill="{MUTED}">{v}</text><text x="{:.1}" y="{:.1}" font-size="12" text-anchor="end" fill="{MUTED}">{v}</text>"#,
            top + size + 18.0,
            left - 8.0,
            y + 4.0
        );
    }
    let _ = write!(
        out,
        r#"<text x="{:.1}" y="{:.1}" font-size="14" font-weight="700" text-anchor="middle" fill="{INK}">Uncertainty →</text><text transform="translate({:.1} {:.1}) rotate(-90)" font-size="14" font-weight="700" text-anchor="middle" fill="{INK}">Impact →</text>"#,
        left + mid,
        top + size + 44.0,
        left - 40.0,
        top + mid
    );
    for p in points {
        let (x, y) = (at(p.x, left, false), at(p.y, top, true));
        let _ = write!(
            out,
            r##"<circle cx="{x:.1}" cy="{y:.1}" r="11" fill="#2a7383"/><text x="{x:.1}" y="{:.1}" font-size="11" font-weight="700" text-anchor="middle" fill="#ffffff">"##,
            y + 4.0
        );
        esc(&mut out, &p.label);
        out.push_str("</text>");
    }
    let mut y = top + 12.0;
    for lines in &legend_lines {
        text_block(
            &mut out,
            legend_x,
            y,
            lines,
            17.0,
            &format!(r#"font-size="13" fill="{INK}""#),
        );
        y += lines.len() as f32 * 17.0 + 6.0;
    }
    if points.len() > LEGEND {
        let _ = write!(
            out,
            r#"<text x="{legend_x:.1}" y="{:.1}" font-size="12" fill="{MUTED}">and {} more, listed above</text>"#,
            y + 4.0,
            points.len() - LEGEND
        );
    }
    out.push_str("</svg>");
    out
}
