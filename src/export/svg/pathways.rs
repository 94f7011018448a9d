//! The pathway graph.

use std::fmt::Write;

use super::{svg_open, text_block, wrap};
use crate::export::graph::PathwayGraph;

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
pub(super) fn pathway_graph(graph: &PathwayGraph, alt: &str, figure: usize) -> Option<String> {
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
    fn graph_with_a_cycle_is_drawn() {
        let g = PathwayGraph::from_answers(
            ["a --> b --> a", "c --> c --> d"],
            crate::export::graph::Merge::SharedStart,
        );
        let svg = pathway_graph(&g, "a graph", 0).unwrap();
        assert!(svg.starts_with("<svg") && svg.ends_with("</svg>"));
    }
}
