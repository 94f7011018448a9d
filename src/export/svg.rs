//! Figures drawn as SVG (inline in the HTML export, files with `--figures`): the Futures
//! Triangle with its items, the 2×2 scenario matrix, and the pathway graph.
//!
//! A figure summarises; the lists beside it carry every text in full. So a figure may leave out
//! items beyond a cap and shorten a long text with "…", saying so.

use std::fmt::Write;

use super::escape::html as esc;
use super::graph::PathwayGraph;
use super::writeup::{Axis, Corner, Drawing, Placed};

pub const FONT: &str =
    "system-ui, -apple-system, 'Segoe UI', Roboto, 'Noto Sans', 'DejaVu Sans', Arial, sans-serif";
const INK: &str = "#2b2623";
const MUTED: &str = "#6f645b";
pub const PULL: &str = "#2a7383";
pub const PUSH: &str = "#9a5700";
pub const WEIGHT: &str = "#7a4d85";

// ---- text measurement ----

/// A rough advance width of `c`, in ems of a sans-serif face. Good enough to wrap lines.
fn char_em(c: char) -> f32 {
    // Ers on the wide side (DejaVu Sans, a common fallback, is wide), so lines do not overflow.
    match c {
        '\u{300}'..='\u{36f}'
        | '\u{200b}'..='\u{200f}'
        | '\u{fe00}'..='\u{fe0f}'
        | '\u{20d0}'..='\u{20ff}' => 0.0,
        'i' | 'l' | 'j' | 'I' | '.' | ',' | ':' | ';' | '\'' | '|' | '!' | '(' | ')' => 0.34,
        ' ' | '\u{a0}' => 0.33,
        'f' | 't' | 'r' => 0.43,
        'm' | 'w' | 'M' | 'W' | '@' | '—' => 0.95,
        'A'..='Z' => 0.72,
        c if is_wide(c) => 1.0,
        _ => 0.62,
    }
}

fn is_wide(c: char) -> bool {
    matches!(c as u32,
        0x1100..=0x115f | 0x2e80..=0xa4cf | 0xac00..=0xd7a3 | 0xf900..=0xfaff | 0xfe30..=0xfe4f
        | 0xff00..=0xff60 | 0xffe0..=0xffe6 | 0x1f300..=0x1faff | 0x20000..=0x3fffd)
}

/// Lines of `text` no wider than `max_em` ems, breaking after spaces (inside a word only when the
/// word alone is too wide) and at line breaks. At most `max_lines`; when cut, the last line ends
/// with "…".
pub fn wrap(text: &str, max_em: f32, max_lines: usize) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    let mut line = String::new();
    let mut width = 0.0f32;
    // Byte index in `line` just after the last space, and the width up to there.
    let mut last_break: Option<(usize, f32)> = None;
    let mut cut = false;
    for c in text.chars() {
        if lines.len() >= max_lines {
            cut = true;
            break;
        }
        if c == '\n' {
            lines.push(std::mem::take(&mut line));
            width = 0.0;
            last_break = None;
            continue;
        }
        let c = if c.is_control() { '\u{fffd}' } else { c };
        let w = char_em(c);
        if width + w > max_em && !line.is_empty() && !c.is_whitespace() {
            match last_break {
                Some((at, w_at)) if at < line.len() => {
                    let rest = line.split_off(at);
                    lines.push(std::mem::replace(&mut line, rest));
                    width -= w_at;
                }
                _ => {
                    lines.push(std::mem::take(&mut line));
                    width = 0.0;
                }
            }
            last_break = None;
            if lines.len() >= max_lines {
                cut = true;
                break;
            }
        }
        line.push(c);
        width += w;
        if c.is_whitespace() {
            last_break = Some((line.len(), width));
        }
    }
    if !cut && (!line.is_empty() || lines.is_empty()) {
        lines.push(line);
    } else if !line.trim().is_empty() {
        cut = true;
    }
    for l in &mut lines {
        let trimmed = l.trim_end().len();
        l.truncate(trimmed);
    }
    if cut && let Some(last) = lines.last_mut() {
        while !last.is_empty() && line_em(last) + 1.0 > max_em {
            last.pop();
        }
        let trimmed = last.trim_end().len();
        last.truncate(trimmed);
        last.push('…');
    }
    lines
}

fn line_em(s: &str) -> f32 {
    s.chars().map(char_em).sum()
}

/// `<text>` with one `<tspan>` per line, the first line's baseline at `y`.
fn text_block(out: &mut String, x: f32, y: f32, lines: &[String], line_h: f32, attrs: &str) {
    let _ = write!(out, r#"<text x="{x:.1}" y="{y:.1}" {attrs}>"#);
    for (i, l) in lines.iter().enumerate() {
        let dy = if i == 0 { 0.0 } else { line_h };
        let _ = write!(out, r#"<tspan x="{x:.1}" dy="{dy:.1}">"#);
        esc(out, l);
        out.push_str("</tspan>");
    }
    out.push_str("</text>");
}

fn svg_open(out: &mut String, w: f32, h: f32, label: &str) {
    let _ = write!(
        out,
        r#"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {w:.0} {h:.0}" width="{w:.0}" height="{h:.0}" role="img" aria-label=""#
    );
    esc(out, label);
    // A style attribute, not presentation attributes: a site's `svg { fill: … }` cannot win.
    let _ = write!(
        out,
        r#"" style="font-family:{FONT};fill:{INK};stroke:none;font-size:16px;font-style:normal;font-weight:400;letter-spacing:normal;word-spacing:normal;text-transform:none;text-decoration:none">"#
    );
}

/// Draws a figure; `figure` numbers it in its page, keeping its SVG ids unique there. `None`
/// when it is too large to draw ([`too_large`] says so).
pub fn draw(drawing: &Drawing, alt: &str, figure: usize) -> Option<String> {
    match drawing {
        Drawing::Triangle { topic, corners } => {
            let [pull, push, weight] = corners;
            Some(futures_triangle(topic, alt, [pull, push, weight], figure))
        }
        Drawing::Matrix { x, y, placed } => Some(scenario_matrix(x, y, placed, alt, figure)),
        Drawing::Pathways(graph) => pathway_graph(graph, alt, figure),
    }
}

/// Why a figure is not drawn.
pub fn too_large(drawing: &Drawing) -> String {
    match drawing {
        Drawing::Pathways(g) => format!(
            "{} pathways with {} steps and {} links: too many to draw; every pathway is listed above.",
            g.pathways,
            g.nodes.len(),
            g.edges.len()
        ),
        _ => "This figure is too large to draw.".to_owned(),
    }
}

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
fn futures_triangle(topic: &str, alt: &str, corners: [&Corner; 3], figure: usize) -> String {
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

// ---- the 2×2 scenario matrix ----

/// `figure` numbers the figure in its page, keeping its SVG ids unique there.
fn scenario_matrix(x: &Axis, y: &Axis, placed: &[Placed], alt: &str, figure: usize) -> String {
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

// ---- the pathway graph ----

/// Larger graphs are not drawn (they would be unreadable); the lists carry every pathway.
pub const MAX_GRAPH_NODES: usize = 300;
pub const MAX_GRAPH_EDGES: usize = 600;
const NODE_W: f32 = 150.0;
const COL: f32 = 174.0;
const NODE_FONT: f32 = 12.5;
const NODE_LH: f32 = 15.0;
const START: &str = "#2a7383";
const END: &str = "#b4532a";

/// The merged pathway graph, laid out in layers from top to bottom: each step sits one row
/// below the steps that lead to it, pulled down next to where it goes; separate groups of
/// pathways sit side by side and wrap onto further bands. `None` when there is nothing to
/// draw or too much.
fn pathway_graph(graph: &PathwayGraph, alt: &str, figure: usize) -> Option<String> {
    let n = graph.nodes.len();
    if graph.edges.is_empty() || n > MAX_GRAPH_NODES || graph.edges.len() > MAX_GRAPH_EDGES {
        return None;
    }
    let mut succ: Vec<Vec<usize>> = vec![Vec::new(); n];
    let mut pred: Vec<Vec<usize>> = vec![Vec::new(); n];
    for &(a, b, _) in &graph.edges {
        if a != b {
            succ[a].push(b);
            pred[b].push(a);
        }
    }
    // Break cycles: an edge back to a node on the current depth-first path is not followed.
    let back = back_edges(n, &succ);
    let dag_succ: Vec<Vec<usize>> = (0..n)
        .map(|a| {
            succ[a]
                .iter()
                .copied()
                .filter(|&b| !back.contains(&(a, b)))
                .collect()
        })
        .collect();
    let mut indeg = vec![0usize; n];
    for s in &dag_succ {
        for &b in s {
            indeg[b] += 1;
        }
    }
    let mut order: Vec<usize> = (0..n).filter(|&v| indeg[v] == 0).collect();
    let mut i = 0;
    while i < order.len() {
        let v = order[i];
        for &b in &dag_succ[v] {
            indeg[b] -= 1;
            if indeg[b] == 0 {
                order.push(b);
            }
        }
        i += 1;
    }
    let mut layer = vec![0usize; n];
    for &v in &order {
        for &b in &dag_succ[v] {
            layer[b] = layer[b].max(layer[v] + 1);
        }
    }
    for &v in order.iter().rev() {
        if let Some(min) = dag_succ[v].iter().map(|&b| layer[b]).min() {
            layer[v] = layer[v].max(min.saturating_sub(1));
        }
    }
    // Components (ignoring direction), in order of first appearance.
    let mut comp = vec![usize::MAX; n];
    let mut comps: Vec<Vec<usize>> = Vec::new();
    for start in 0..n {
        if comp[start] != usize::MAX {
            continue;
        }
        let id = comps.len();
        let mut members = vec![start];
        comp[start] = id;
        let mut k = 0;
        while k < members.len() {
            let v = members[k];
            for &w in succ[v].iter().chain(&pred[v]) {
                if comp[w] == usize::MAX {
                    comp[w] = id;
                    members.push(w);
                }
            }
            k += 1;
        }
        members.sort_unstable();
        comps.push(members);
    }
    // Within a component: rows by layer, ordered by where their predecessors sit.
    let mut pos = vec![0.0f32; n];
    let mut shapes: Vec<(usize, usize)> = Vec::new(); // (columns, rows)
    for members in &comps {
        let base = members.iter().map(|&v| layer[v]).min().unwrap_or(0);
        let rows = members.iter().map(|&v| layer[v] - base).max().unwrap_or(0) + 1;
        let mut by_row: Vec<Vec<usize>> = vec![Vec::new(); rows];
        for &v in members {
            by_row[layer[v] - base].push(v);
        }
        for row in &mut by_row {
            let key = |v: usize| -> f32 {
                let placed: Vec<f32> = pred[v]
                    .iter()
                    .filter(|&&p| layer[p] < layer[v])
                    .map(|&p| pos[p])
                    .collect();
                if placed.is_empty() {
                    f32::MAX
                } else {
                    placed.iter().sum::<f32>() / placed.len() as f32
                }
            };
            row.sort_by(|&a, &b| key(a).total_cmp(&key(b)).then(a.cmp(&b)));
            for (k, &v) in row.iter().enumerate() {
                pos[v] = k as f32;
            }
        }
        let cols = by_row.iter().map(Vec::len).max().unwrap_or(1);
        for row in &by_row {
            let offset = (cols - row.len()) as f32 / 2.0;
            for &v in row {
                pos[v] += offset;
            }
        }
        shapes.push((cols, rows));
    }
    // Pack components into bands of at most four columns.
    let lines: Vec<Vec<String>> = graph
        .nodes
        .iter()
        .map(|t| wrap(t, (NODE_W - 16.0) / NODE_FONT * 1.0, 3))
        .collect();
    let max_lines = lines.iter().map(Vec::len).max().unwrap_or(1).max(1);
    let node_h = 14.0 + max_lines as f32 * NODE_LH;
    let row_h = node_h + 34.0;
    let band_cols = 4usize;
    let margin = 24.0;
    let mut origin = vec![(0.0f32, 0.0f32); comps.len()];
    let (mut col, mut band_y, mut band_rows, mut max_cols) = (0usize, margin, 0usize, 0usize);
    for (c, &(cols, rows)) in shapes.iter().enumerate() {
        if col > 0 && col + cols > band_cols {
            band_y += band_rows as f32 * row_h + 20.0;
            col = 0;
            band_rows = 0;
        }
        origin[c] = (margin + col as f32 * COL, band_y);
        col += cols;
        band_rows = band_rows.max(rows);
        max_cols = max_cols.max(col);
    }
    let width = (margin * 2.0 + max_cols as f32 * COL - (COL - NODE_W)).max(320.0);
    let height = band_y + band_rows as f32 * row_h - 34.0 + margin;
    let xy = |v: usize| -> (f32, f32) {
        let (ox, oy) = origin[comp[v]];
        let base = comps[comp[v]].iter().map(|&m| layer[m]).min().unwrap_or(0);
        (ox + pos[v] * COL, oy + (layer[v] - base) as f32 * row_h)
    };
    let mut out = String::new();
    svg_open(&mut out, width, height, alt);
    let arrow = format!("hearth-arrow-{figure}");
    let _ = write!(
        out,
        r##"<defs><marker id="{arrow}" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto"><path d="M0,0 L10,5 L0,10 z" fill="#8a7868"/></marker></defs><g fill="none" stroke="#8a7868">"##
    );
    let mut badges = String::new();
    for &(a, b, count) in &graph.edges {
        let (ax, ay) = xy(a);
        let (bx, by) = xy(b);
        let sw = (1.3 + (count as f32 - 1.0) * 0.9).min(5.0);
        let (mx, my);
        if a == b {
            let (x, y) = (ax + NODE_W, ay + node_h / 2.0);
            let _ = write!(
                out,
                r#"<path d="M{:.1},{:.1} C{:.1},{:.1} {:.1},{:.1} {x:.1},{:.1}" stroke-width="{sw:.1}" marker-end="url(#{arrow})"/>"#,
                x,
                y - 8.0,
                x + 30.0,
                y - 24.0,
                x + 30.0,
                y + 24.0,
                y + 8.0
            );
            (mx, my) = (x + 24.0, y);
        } else if by > ay {
            let (x1, y1, x2, y2) = (ax + NODE_W / 2.0, ay + node_h, bx + NODE_W / 2.0, by - 2.0);
            let bend = ((y2 - y1) / 2.0).max(16.0);
            let _ = write!(
                out,
                r#"<path d="M{x1:.1},{y1:.1} C{x1:.1},{:.1} {x2:.1},{:.1} {x2:.1},{y2:.1}" stroke-width="{sw:.1}" marker-end="url(#{arrow})"/>"#,
                y1 + bend,
                y2 - bend
            );
            (mx, my) = ((x1 + x2) / 2.0, (y1 + y2) / 2.0);
        } else {
            // Back to a step above (a cycle) or level with it: loop round the right-hand side.
            let (x1, y1, x2, y2) = (
                ax + NODE_W,
                ay + node_h / 2.0,
                bx + NODE_W + 2.0,
                by + node_h / 2.0,
            );
            let out_x = x1.max(x2) + 36.0;
            let _ = write!(
                out,
                r#"<path d="M{x1:.1},{y1:.1} C{out_x:.1},{y1:.1} {out_x:.1},{y2:.1} {x2:.1},{y2:.1}" stroke-width="{sw:.1}" stroke-dasharray="5 4" marker-end="url(#{arrow})"/>"#
            );
            (mx, my) = (out_x - 9.0, (y1 + y2) / 2.0);
        }
        if count > 1 {
            let _ = write!(
                badges,
                r##"<circle cx="{mx:.1}" cy="{my:.1}" r="10" fill="#fff" stroke="#8a7868"/><text x="{mx:.1}" y="{:.1}" font-size="11" font-weight="700" text-anchor="middle">{count}</text>"##,
                my + 4.0
            );
        }
    }
    out.push_str("</g>");
    for v in 0..n {
        let (x, y) = xy(v);
        let stroke = if pred[v].is_empty() {
            START
        } else if succ[v].is_empty() {
            END
        } else {
            "#a8998b"
        };
        let width = if stroke == "#a8998b" { 1.2 } else { 2.2 };
        let _ = write!(
            out,
            r##"<rect x="{x:.1}" y="{y:.1}" width="{NODE_W}" height="{node_h:.1}" rx="9" fill="#fffdf9" stroke="{stroke}" stroke-width="{width}"/>"##
        );
        let l = &lines[v];
        let ty = y + node_h / 2.0 - (l.len() as f32 - 1.0) * NODE_LH / 2.0 + 4.5;
        text_block(
            &mut out,
            x + NODE_W / 2.0,
            ty,
            l,
            NODE_LH,
            r#"font-size="12.5" text-anchor="middle""#,
        );
    }
    out.push_str(&badges);
    out.push_str("</svg>");
    Some(out)
}

/// Edges that close a cycle, found by an iterative depth-first search in node order.
fn back_edges(n: usize, succ: &[Vec<usize>]) -> std::collections::HashSet<(usize, usize)> {
    let mut back = std::collections::HashSet::new();
    // 0 = unvisited, 1 = on the current path, 2 = done.
    let mut state = vec![0u8; n];
    for root in 0..n {
        if state[root] != 0 {
            continue;
        }
        let mut stack: Vec<(usize, usize)> = vec![(root, 0)];
        state[root] = 1;
        while let Some(&mut (v, ref mut next)) = stack.last_mut() {
            if let Some(&w) = succ[v].get(*next) {
                *next += 1;
                match state[w] {
                    0 => {
                        state[w] = 1;
                        stack.push((w, 0));
                    }
                    1 => {
                        back.insert((v, w));
                    }
                    _ => {}
                }
            } else {
                state[v] = 2;
                stack.pop();
            }
        }
    }
    back
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wrap_breaks_after_spaces_and_marks_cuts() {
        assert_eq!(wrap("one two three", 3.0, 5), ["one", "two", "three"]);
        assert_eq!(wrap("a\nb", 40.0, 5), ["a", "b"]);
        let cut = wrap("word word word word word word", 6.0, 2);
        assert_eq!(cut.len(), 2);
        assert!(cut[1].ends_with('…'));
        assert_eq!(wrap("", 10.0, 3), [""]);
        assert_eq!(wrap("夢夢夢夢夢夢", 3.0, 5), ["夢夢夢", "夢夢夢"]);
    }

    #[test]
    fn graph_with_a_cycle_is_drawn() {
        let g = PathwayGraph::from_answers(
            ["a --> b --> a", "c --> c --> d"],
            crate::export::graph::Merge::SharedStart,
        );
        let svg = pathway_graph(&g, "a graph", 0).unwrap();
        assert!(svg.starts_with("<svg") && svg.ends_with("</svg>"));
    }
}
