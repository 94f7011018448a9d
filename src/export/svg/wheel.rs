//! The Futures Wheel: the change in a circle at the centre, a ring for each order of
//! consequences around it, and a line from each consequence to the one it follows from (dashed
//! where that one was left out, drawn to the nearest one shown). Each consequence gets a slice
//! of the circle as wide as the consequences that follow from it, so that lines do not cross.

use std::f32::consts::TAU;
use std::fmt::Write;

use super::{INK, MUTED, PULL, PUSH, WEIGHT, esc, svg_open, text_block, wrap};
use crate::export::writeup::Spoke;

/// The most consequences drawn; a larger wheel is listed, not drawn.
pub const MAX_SPOKES: usize = 120;
const BOX_W: f32 = 132.0;
const FONT: f32 = 11.0;
const LH: f32 = 13.0;

/// The colour of each ring's boxes, from the centre out.
const RING: [&str; 3] = [PULL, PUSH, WEIGHT];

pub(super) fn futures_wheel(centre: &str, spokes: &[Spoke], alt: &str) -> Option<String> {
    if spokes.len() > MAX_SPOKES {
        return None;
    }
    let rings = spokes.iter().map(|s| s.ring).max().unwrap_or(1).clamp(1, 3);
    // Each ring wide enough for its boxes side by side, and further out than the one before.
    let mut radius = [0.0f32; 3];
    let mut prev = 95.0f32;
    for (k, r) in radius.iter_mut().enumerate() {
        let count = spokes.iter().filter(|s| s.ring == k + 1).count() as f32;
        *r = (prev + 125.0).max(count * (BOX_W * 0.8) / TAU);
        prev = *r;
    }
    let outer = radius[rings - 1] + 80.0;
    let size = 2.0 * outer;
    let (cx, cy) = (outer, outer);
    // How many consequences at the ends of the lines under each spoke (itself, when none
    // follow from it): its slice of the circle is as wide as that. A spoke follows its parent.
    let mut leaves = vec![1usize; spokes.len()];
    let mut sum = vec![0usize; spokes.len()];
    for i in (0..spokes.len()).rev() {
        let own = if sum[i] == 0 { 1 } else { sum[i] };
        leaves[i] = own;
        if let Some(p) = spokes[i].from.filter(|&p| p < i) {
            sum[p] += own;
        }
    }
    let total: usize = spokes
        .iter()
        .enumerate()
        .filter(|(i, s)| s.from.is_none_or(|p| p >= *i))
        .map(|(i, _)| leaves[i])
        .sum::<usize>()
        .max(1);
    // Each spoke's slice (start angle, width), laid out in order: children after their parent.
    let mut slice = vec![(0.0f32, 0.0f32); spokes.len()];
    let mut next_top = -TAU / 4.0;
    let mut next_child = vec![0.0f32; spokes.len()];
    for i in 0..spokes.len() {
        let width = TAU * leaves[i] as f32 / total as f32;
        let start = match spokes[i].from.filter(|&p| p < i) {
            Some(p) => {
                let s = slice[p].0 + next_child[p];
                next_child[p] += width;
                s
            }
            None => {
                let s = next_top;
                next_top += width;
                s
            }
        };
        slice[i] = (start, width);
    }
    let at = |i: usize| -> (f32, f32) {
        let ring = spokes[i].ring.clamp(1, 3);
        let r = radius[ring - 1];
        let a = slice[i].0 + slice[i].1 / 2.0;
        (cx + r * a.cos(), cy + r * a.sin())
    };
    let mut out = String::new();
    svg_open(&mut out, size, size, alt);
    out.push_str(r##"<g class="rings" fill="none" stroke="#d8cfc4" stroke-width="1.5">"##);
    for r in radius.iter().take(rings) {
        let _ = write!(
            out,
            r#"<circle class="ring" cx="{cx:.1}" cy="{cy:.1}" r="{r:.1}"/>"#
        );
    }
    out.push_str("</g>");
    out.push_str(r##"<g class="links" stroke="#8a7d70" stroke-width="1.4" fill="none">"##);
    for (i, spoke) in spokes.iter().enumerate() {
        let (x1, y1) = at(i);
        let (x2, y2) = match spoke.from.filter(|&p| p < i) {
            Some(p) => at(p),
            None => (cx, cy),
        };
        let dash = if spoke.gap {
            r#" stroke-dasharray="5 4""#
        } else {
            ""
        };
        let _ = write!(
            out,
            r#"<line class="link" x1="{x1:.1}" y1="{y1:.1}" x2="{x2:.1}" y2="{y2:.1}"{dash}/>"#
        );
    }
    out.push_str("</g>");
    // The centre.
    let _ = write!(
        out,
        r##"<circle class="centre" cx="{cx:.1}" cy="{cy:.1}" r="88" fill="#fffdf9" stroke="{INK}" stroke-width="2"/>"##
    );
    let lines = wrap(centre, 150.0 / 13.0, 5);
    let top = cy - (lines.len() as f32 - 1.0) * 16.0 / 2.0 + 4.0;
    text_block(
        &mut out,
        cx,
        top,
        &lines,
        16.0,
        r#"text-anchor="middle" font-size="13" font-weight="700""#,
    );
    for (i, s) in spokes.iter().enumerate() {
        let (x, y) = at(i);
        let lines = wrap(&s.text, (BOX_W - 12.0) / FONT, 3);
        let h = lines.len() as f32 * LH + 10.0;
        let color = RING[s.ring.clamp(1, 3) - 1];
        let _ = write!(
            out,
            r##"<g class="consequence order-{}"><rect x="{:.1}" y="{:.1}" width="{BOX_W:.1}" height="{h:.1}" rx="6" fill="#fffdf9" stroke="{color}" stroke-width="1.6"/>"##,
            s.ring,
            x - BOX_W / 2.0,
            y - h / 2.0,
        );
        text_block(
            &mut out,
            x,
            y - h / 2.0 + 5.0 + FONT,
            &lines,
            LH,
            &format!(r#"text-anchor="middle" font-size="{FONT}""#),
        );
        out.push_str("</g>");
    }
    // The key: what each ring is.
    let _ = write!(
        out,
        r#"<text x="12" y="{:.1}" font-size="12" fill="{MUTED}">"#,
        size - 12.0
    );
    for (k, name) in ["1st order", "2nd order", "3rd order"]
        .iter()
        .take(rings)
        .enumerate()
    {
        let _ = write!(out, r#"<tspan fill="{}">■ </tspan>"#, RING[k]);
        esc(&mut out, name);
        out.push_str("  ");
    }
    out.push_str("</text></svg>");
    Some(out)
}
