//! A backcast as a timeline: a line from today (left) to the horizon (right), the preferred
//! future at the horizon, each step a mark on the line with its year above and its words below.

use std::fmt::Write;

use super::{MUTED, esc, svg_open, text_block, wrap};
use crate::export::writeup::Step;

/// Steps drawn; the rest are counted and listed in the text.
const DRAWN: usize = 10;

const LINE: &str = "#2a7383";

pub(super) fn timeline(
    today: &str,
    horizon: &str,
    vision: &str,
    steps: &[Step],
    alt: &str,
    figure: usize,
) -> String {
    let drawn = &steps[..steps.len().min(DRAWN)];
    let n = drawn.len().max(1);
    let (left, right) = (90.0f32, 90.0f32);
    let slot_w = 150.0f32;
    let w = (left + right + slot_w * n as f32).max(760.0);
    let vision_lines = if vision.trim().is_empty() {
        Vec::new()
    } else {
        wrap(vision, 236.0 / 13.0, 4)
    };
    let axis_y = 70.0 + vision_lines.len() as f32 * 17.0 + 40.0;
    let texts: Vec<Vec<String>> = drawn
        .iter()
        .map(|s| wrap(&s.text, (slot_w - 14.0) / 12.0, 6))
        .collect();
    let most = texts.iter().map(Vec::len).max().unwrap_or(1) as f32;
    let mut h = axis_y + 50.0 + most * 15.0 + 30.0;
    if steps.len() > DRAWN {
        h += 20.0;
    }
    let mut out = String::new();
    svg_open(&mut out, w, h, alt);
    // The preferred future, at the horizon's end.
    let end = w - right + 20.0;
    if !vision_lines.is_empty() {
        let bw = 260.0f32;
        let bx = w - bw - 12.0;
        let bh = 34.0 + vision_lines.len() as f32 * 17.0;
        let _ = write!(
            out,
            r##"<g class="vision"><rect x="{bx:.1}" y="16" width="{bw:.1}" height="{bh:.1}" rx="8" fill="#e6f0f1" stroke="{LINE}"/><text x="{:.1}" y="36" font-size="12" font-weight="700" fill="{LINE}">Preferred future</text>"##,
            bx + 12.0
        );
        text_block(
            &mut out,
            bx + 12.0,
            56.0,
            &vision_lines,
            17.0,
            r#"font-size="13""#,
        );
        let _ = write!(
            out,
            r##"<line x1="{end:.1}" y1="{:.1}" x2="{end:.1}" y2="{:.1}" stroke="{LINE}" stroke-dasharray="3 3"/></g>"##,
            16.0 + bh,
            axis_y - 8.0
        );
    }
    let _ = write!(
        out,
        r##"<defs><marker id="hearth-time-{figure}" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="8" markerHeight="8" orient="auto"><path d="M0,0 L10,5 L0,10 z" fill="{LINE}"/></marker></defs><line class="axis" x1="{:.1}" y1="{axis_y:.1}" x2="{end:.1}" y2="{axis_y:.1}" stroke="{LINE}" stroke-width="3" marker-end="url(#hearth-time-{figure})"/>"##,
        left - 40.0
    );
    for (x, anchor, label) in [(left - 40.0, "start", today), (end - 10.0, "end", horizon)] {
        let _ = write!(
            out,
            r##"<text class="end" x="{x:.1}" y="{:.1}" font-size="14" font-weight="700" text-anchor="{anchor}" fill="{LINE}">"##,
            axis_y - 14.0
        );
        esc(&mut out, label);
        out.push_str("</text>");
    }
    for (i, (step, lines)) in drawn.iter().zip(&texts).enumerate() {
        let cx = left + slot_w * (i as f32 + 0.5);
        let _ = write!(out, r#"<g class="step" data-year=""#);
        esc(&mut out, &step.year);
        let _ = write!(
            out,
            r##""><circle cx="{cx:.1}" cy="{axis_y:.1}" r="7" fill="#ffffff" stroke="{LINE}" stroke-width="3"/><text x="{cx:.1}" y="{:.1}" font-size="14" font-weight="700" text-anchor="middle">"##,
            axis_y + 30.0
        );
        esc(&mut out, &step.year);
        out.push_str("</text>");
        text_block(
            &mut out,
            cx,
            axis_y + 50.0,
            lines,
            15.0,
            r#"font-size="12" text-anchor="middle""#,
        );
        out.push_str("</g>");
    }
    if steps.len() > DRAWN {
        let _ = write!(
            out,
            r#"<text x="{left:.1}" y="{:.1}" font-size="12" fill="{MUTED}">{} more steps are listed in the text.</text>"#,
            h - 12.0,
            steps.len() - DRAWN
        );
    }
    out.push_str("</svg>");
    out
}
