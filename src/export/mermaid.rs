//! The merged pathway graph as a Mermaid flowchart, for Markdown hosts that draw Mermaid.

use std::fmt::Write;

use super::graph::PathwayGraph;

/// Mermaid refuses diagrams with more edges than this by default (`maxEdges`).
pub const MAX_EDGES: usize = 500;
/// Mermaid refuses diagram text longer than this by default (`maxTextSize`).
pub const MAX_TEXT: usize = 50_000;

/// The flowchart's source, or `None` when Mermaid would refuse to draw it (too large).
pub fn flowchart(graph: &PathwayGraph) -> Option<String> {
    if graph.edges.len() > MAX_EDGES {
        return None;
    }
    let mut out = String::from("flowchart LR\n");
    for (i, step) in graph.nodes.iter().enumerate() {
        let _ = writeln!(out, "  n{i}[\"{}\"]", label(step));
    }
    for &(from, to, count) in &graph.edges {
        if count > 1 {
            let _ = writeln!(out, "  n{from} -->|{count}| n{to}");
        } else {
            let _ = writeln!(out, "  n{from} --> n{to}");
        }
    }
    (out.len() <= MAX_TEXT).then_some(out)
}

/// A node label inside `["…"]`: Mermaid's `#code;` entities for everything it could read as
/// syntax or markup, `<br>` for a line break. The result holds no backtick, so it is safe
/// inside a Markdown code fence.
fn label(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '"' | '#' | '<' | '>' | '&' | '`' | '\\' | '[' | ']' | '{' | '}' | '|' => {
                let _ = write!(out, "#{};", c as u32);
            }
            '\n' => out.push_str("<br>"),
            '\r' => {}
            c if c.is_control() => {
                let _ = write!(out, "#{};", 0xfffd);
            }
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn merged_nodes_and_counted_edges() {
        let g = PathwayGraph::from_answers(
            ["a --> b --> c", "a --> b", "x \"q\" <y> --> `z` #1"],
            crate::export::graph::Merge::SharedStart,
        );
        let m = flowchart(&g).unwrap();
        assert!(m.contains("  n0[\"a\"]\n  n1[\"b\"]\n  n2[\"c\"]\n"), "{m}");
        assert!(m.contains("  n0 -->|2| n1\n  n1 --> n2\n"), "{m}");
        assert!(m.contains("n3[\"x #34;q#34; #60;y#62;\"]"), "{m}");
        assert!(m.contains("n4[\"#96;z#96; #35;1\"]"), "{m}");
        assert!(!m.contains('`'));
    }
}
