//! The 2×2 scenario matrix.

use std::fmt::Write;

use super::{MUTED, esc, svg_open, text_block, wrap};
use crate::export::writeup::{Axis, Placed};

// ---- the 2×2 scenario matrix ----

/// `figure` numbers the figure in its page, keeping its SVG ids unique there.
pub(super) fn scenario_matrix(
    x: &Axis,
    y: &Axis,
    placed: &[Placed],
    alt: &str,
    figure: usize,
) -> String {
    const W: f32 = 760.0;
    const H: f32 = 640.0;
    let (left, right, top, bottom) = (96.0f32, 736.0f32, 40.0f32, 580.0f32);
    let (cx, cy) = ((left + right) / 2.0, (top + bottom) / 2.0);
    let mut out = String::new();
    svg_open(&mut out, W, H, alt);
    let tints = [
        ("#e6f0f1", true, true),
        ("#f3ebe1", false, true),
        ("#f1e9f2", false, false),
        ("#eef0e4", true, false),
    ];
    for (fill, xh, yh) in tints {
        let qx = if xh { cx } else { left };
        let qy = if yh { top } else { cy };
        let _ = write!(
            out,
            r#"<rect x="{qx:.1}" y="{qy:.1}" width="{:.1}" height="{:.1}" fill="{fill}"/>"#,
            cx - left,
            cy - top
        );
    }
    let _ = write!(
        out,
        r##"<defs><marker id="hearth-axis-{figure}" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="8" markerHeight="8" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="#5b4636"/></marker></defs><g stroke="#5b4636" stroke-width="2" marker-start="url(#hearth-axis-{figure})" marker-end="url(#hearth-axis-{figure})"><line x1="{left}" y1="{cy}" x2="{right}" y2="{cy}"/><line x1="{cx}" y1="{bottom}" x2="{cx}" y2="{top}"/></g>"##
    );
    // Poles at the ends of the axes, axis names outside the plot.
    let pole = |out: &mut String, px: f32, py: f32, anchor: &str, text: &str| {
        let lines = wrap(text, 150.0 / 12.0, 2);
        text_block(
            out,
            px,
            py,
            &lines,
            14.0,
            &format!(r##"font-size="12" font-weight="700" text-anchor="{anchor}" fill="#5b4636""##),
        );
    };
    pole(&mut out, left + 4.0, cy + 20.0, "start", &x.low);
    pole(&mut out, right - 4.0, cy + 20.0, "end", &x.high);
    pole(&mut out, cx + 10.0, top + 16.0, "start", &y.high);
    pole(&mut out, cx + 10.0, bottom - 20.0, "start", &y.low);
    let xl = wrap(&x.name, 600.0 / 14.0, 2);
    text_block(
        &mut out,
        cx,
        bottom + 28.0,
        &xl,
        17.0,
        r#"font-size="14" font-weight="600" text-anchor="middle""#,
    );
    let yl = wrap(&y.name, 480.0 / 14.0, 1);
    let _ = write!(out, r#"<g transform="translate(40 {cy}) rotate(-90)">"#);
    text_block(
        &mut out,
        0.0,
        0.0,
        &yl,
        17.0,
        r#"font-size="14" font-weight="600" text-anchor="middle""#,
    );
    out.push_str("</g>");
    // Scenario cards, stacked in their quadrant away from the axes.
    let qw = cx - left - 36.0;
    for (xh, yh) in [(true, true), (false, true), (false, false), (true, false)] {
        let mine: Vec<&Placed> = placed
            .iter()
            .filter(|p| p.x_high == xh && p.y_high == yh)
            .collect();
        let x0 = if xh { cx + 18.0 } else { left + 18.0 };
        let mut y0 = if yh { top + 44.0 } else { cy + 48.0 };
        let limit = if yh { cy - 12.0 } else { bottom - 40.0 };
        for (i, p) in mine.iter().enumerate() {
            let lines = wrap(&p.title, (qw - 20.0) / 14.0, 3);
            let h = 16.0 + lines.len() as f32 * 18.0 + if p.label.is_some() { 16.0 } else { 0.0 };
            if y0 + h > limit {
                let _ = write!(
                    out,
                    r#"<text x="{x0:.1}" y="{:.1}" font-size="12" font-style="italic" fill="{MUTED}">+ {} more, listed below</text>"#,
                    y0 + 12.0,
                    mine.len() - i
                );
                break;
            }
            let _ = write!(
                out,
                r##"<rect x="{x0:.1}" y="{y0:.1}" width="{qw:.1}" height="{h:.1}" rx="8" fill="#fffdf9" stroke="#cdb9a6"/>"##
            );
            text_block(
                &mut out,
                x0 + 10.0,
                y0 + 22.0,
                &lines,
                18.0,
                r#"font-size="14" font-weight="600""#,
            );
            if let Some(label) = &p.label {
                let _ = write!(
                    out,
                    r#"<text x="{:.1}" y="{:.1}" font-size="12" fill="{MUTED}">"#,
                    x0 + 10.0,
                    y0 + 18.0 + lines.len() as f32 * 18.0
                );
                esc(&mut out, &wrap(label, (qw - 20.0) / 12.0, 1).concat());
                out.push_str("</text>");
            }
            y0 += h + 10.0;
        }
    }
    out.push_str("</svg>");
    out
}
