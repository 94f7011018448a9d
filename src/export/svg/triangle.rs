//! The Futures Triangle.

use std::fmt::Write;

use super::{MUTED, PULL, PUSH, WEIGHT, esc, svg_open, text_block, wrap};
use crate::export::writeup::Corner;

// ---- the Futures Triangle ----

const ITEM_CAP: usize = 10;
const ITEM_LINES: usize = 4;
const ITEM_FONT: f32 = 13.0;
const ITEM_LH: f32 = 17.0;

struct LaidBox {
    height: f32,
    prompt: Vec<String>,
    items: Vec<Vec<String>>,
    more: usize,
}

fn lay_box(c: &Corner, width: f32) -> LaidBox {
    let inner = width - 44.0;
    let prompt = if c.prompt.is_empty() {
        Vec::new()
    } else {
        wrap(&c.prompt, (width - 28.0) / 12.0, 3)
    };
    let items: Vec<Vec<String>> = c
        .items
        .iter()
        .take(ITEM_CAP)
        .map(|t| wrap(t, inner / ITEM_FONT, ITEM_LINES))
        .collect();
    let more = c.items.len().saturating_sub(ITEM_CAP);
    let mut height = 16.0 + 20.0 + prompt.len() as f32 * 15.0 + 8.0;
    height += items
        .iter()
        .map(|l| l.len() as f32 * ITEM_LH + 6.0)
        .sum::<f32>();
    if items.is_empty() {
        height += ITEM_LH + 6.0;
    }
    if more > 0 {
        height += ITEM_LH + 4.0;
    }
    LaidBox {
        height: height + 10.0,
        prompt,
        items,
        more,
    }
}

fn draw_box(out: &mut String, c: &Corner, color: &str, laid: &LaidBox, x: f32, y: f32, w: f32) {
    // A card with a coloured left edge: the colour underneath, the card inset over it.
    let _ = write!(
        out,
        r##"<rect x="{x:.1}" y="{y:.1}" width="{w:.1}" height="{h:.1}" rx="10" fill="{c}"/><rect x="{:.1}" y="{:.1}" width="{:.1}" height="{:.1}" rx="9" fill="#fffdf9"/>"##,
        x + 6.0,
        y + 1.5,
        w - 7.5,
        laid.height - 3.0,
        h = laid.height,
        c = color,
    );
    let mut cy = y + 26.0;
    let _ = write!(
        out,
        r#"<text x="{:.1}" y="{cy:.1}" font-size="15" font-weight="700" fill="{}">"#,
        x + 18.0,
        color
    );
    esc(out, &c.name);
    let _ = write!(
        out,
        r#"<tspan fill="{MUTED}" font-weight="400" font-size="12"> · {}</tspan></text>"#,
        c.items.len()
    );
    cy += 18.0;
    if !laid.prompt.is_empty() {
        text_block(
            out,
            x + 18.0,
            cy,
            &laid.prompt,
            15.0,
            &format!(r#"font-size="12" font-style="italic" fill="{MUTED}""#),
        );
        cy += laid.prompt.len() as f32 * 15.0;
    }
    cy += 8.0;
    if laid.items.is_empty() {
        let _ = write!(
            out,
            r#"<text x="{:.1}" y="{cy:.1}" font-size="12" fill="{MUTED}">none recorded</text>"#,
            x + 18.0
        );
    }
    for lines in &laid.items {
        let _ = write!(
            out,
            r#"<circle cx="{:.1}" cy="{:.1}" r="3" fill="{}"/>"#,
            x + 24.0,
            cy - 4.5,
            color
        );
        text_block(out, x + 34.0, cy, lines, ITEM_LH, r#"font-size="13""#);
        cy += lines.len() as f32 * ITEM_LH + 6.0;
    }
    if laid.more > 0 {
        let _ = write!(
            out,
            r#"<text x="{:.1}" y="{cy:.1}" font-size="12" font-style="italic" fill="{MUTED}">+ {} more, listed below</text>"#,
            x + 34.0,
            laid.more
        );
    }
}

/// The triangle: pull of the future above its apex, push of the present and weight of the past
/// below its base corners, the topic inside.
/// `figure` numbers the figure in its page, keeping its SVG ids unique there.
pub(super) fn futures_triangle(
    topic: &str,
    alt: &str,
    corners: [&Corner; 3],
    figure: usize,
) -> String {
    let [pull, push, weight] = corners;
    const W: f32 = 760.0;
    let mut out = String::new();
    let top_w = 470.0;
    let side_w = 362.0;
    let lp = lay_box(pull, top_w);
    let lpush = lay_box(push, side_w);
    let lw = lay_box(weight, side_w);
    let apex_y = 8.0 + lp.height + 34.0;
    let base_y = apex_y + 250.0;
    let (ax, lx, rx) = (W / 2.0, W / 2.0 - 170.0, W / 2.0 + 170.0);
    let boxes_y = base_y + 34.0;
    let height = boxes_y + lpush.height.max(lw.height) + 8.0;
    svg_open(&mut out, W, height, alt);
    // Connectors from each corner to its box.
    let _ = write!(
        out,
        r#"<g stroke-width="2" stroke-dasharray="4 4"><line x1="{ax}" y1="{:.1}" x2="{ax}" y2="{apex_y:.1}" stroke="{}"/><line x1="{lx}" y1="{base_y:.1}" x2="{:.1}" y2="{boxes_y:.1}" stroke="{}"/><line x1="{rx}" y1="{base_y:.1}" x2="{:.1}" y2="{boxes_y:.1}" stroke="{}"/></g>"#,
        8.0 + lp.height,
        PULL,
        8.0 + side_w / 2.0,
        PUSH,
        W - 8.0 - side_w / 2.0,
        WEIGHT
    );
    let _ = write!(
        out,
        r##"<defs><linearGradient id="hearth-tri-{figure}" x1="0" y1="0" x2="0" y2="1"><stop offset="0" stop-color="#e8f1f2"/><stop offset="1" stop-color="#f6ede2"/></linearGradient></defs><polygon points="{ax},{apex_y:.1} {rx},{base_y:.1} {lx},{base_y:.1}" fill="url(#hearth-tri-{figure})" stroke="#5b4636" stroke-width="2" stroke-linejoin="round"/>"##
    );
    for (x, y, color) in [(ax, apex_y, PULL), (lx, base_y, PUSH), (rx, base_y, WEIGHT)] {
        let _ = write!(
            out,
            r##"<circle cx="{x}" cy="{y:.1}" r="10" fill="{color}" stroke="#fff" stroke-width="3"/>"##
        );
    }
    let topic_lines = wrap(topic, 190.0 / 14.0, 4);
    let ty = apex_y + 168.0 - (topic_lines.len() as f32 - 1.0) * 9.0;
    let _ = write!(
        out,
        r#"<text x="{ax}" y="{:.1}" text-anchor="middle" font-size="11" letter-spacing="1.5" fill="{MUTED}">FUTURES TRIANGLE</text>"#,
        ty - 24.0
    );
    text_block(
        &mut out,
        ax,
        ty,
        &topic_lines,
        18.0,
        r#"font-size="14" font-weight="600" text-anchor="middle""#,
    );
    draw_box(&mut out, pull, PULL, &lp, (W - top_w) / 2.0, 8.0, top_w);
    draw_box(&mut out, push, PUSH, &lpush, 8.0, boxes_y, side_w);
    draw_box(
        &mut out,
        weight,
        WEIGHT,
        &lw,
        W - 8.0 - side_w,
        boxes_y,
        side_w,
    );
    out.push_str("</svg>");
    out
}
