//! All the pathways of a brainstorm merged into one graph: the same step text is one node (white
//! space differences aside), and each link counts how many pathways take it.

use std::collections::HashMap;

use crate::model::exercise::pathway_brainstorm::read_pathway;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PathwayGraph<'a> {
    /// Step texts as first written, in order of first appearance.
    pub nodes: Vec<&'a str>,
    /// How many pathways pass through each node.
    pub visits: Vec<u32>,
    /// `(from, to, count)`, in order of first appearance.
    pub edges: Vec<(usize, usize, u32)>,
    /// How many answers were read as pathways (two or more steps).
    pub pathways: usize,
}

/// A step's identity: its words, with runs of white space (NBSP included) read as one space.
fn key(step: &str) -> String {
    step.split_whitespace().collect::<Vec<_>>().join(" ")
}

impl<'a> PathwayGraph<'a> {
    pub fn from_answers(answers: impl IntoIterator<Item = &'a str>) -> Self {
        let mut graph = PathwayGraph {
            nodes: Vec::new(),
            visits: Vec::new(),
            edges: Vec::new(),
            pathways: 0,
        };
        let mut node_of: HashMap<String, usize> = HashMap::new();
        let mut edge_of: HashMap<(usize, usize), usize> = HashMap::new();
        for text in answers {
            let steps = read_pathway(text).steps;
            if steps.len() < 2 {
                continue;
            }
            graph.pathways += 1;
            let mut prev: Option<usize> = None;
            for step in steps {
                let n = *node_of.entry(key(step)).or_insert_with(|| {
                    graph.nodes.push(step);
                    graph.visits.push(0);
                    graph.nodes.len() - 1
                });
                graph.visits[n] += 1;
                if let Some(p) = prev {
                    let e = *edge_of.entry((p, n)).or_insert_with(|| {
                        graph.edges.push((p, n, 0));
                        graph.edges.len() - 1
                    });
                    graph.edges[e].2 += 1;
                }
                prev = Some(n);
            }
        }
        graph
    }

    pub fn is_empty(&self) -> bool {
        self.edges.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn same_step_text_is_one_node_and_links_are_counted() {
        let g = PathwayGraph::from_answers([
            "Volunteer --> outreach worker --> coordinator",
            "Volunteer -->  outreach\u{a0}worker -> peer mentor",
            "Entry: warm lines",
            "Board --> paid staff",
        ]);
        assert_eq!(
            g.nodes,
            [
                "Volunteer",
                "outreach worker",
                "coordinator",
                "peer mentor",
                "Board",
                "paid staff"
            ]
        );
        assert_eq!(g.edges, [(0, 1, 2), (1, 2, 1), (1, 3, 1), (4, 5, 1)]);
        assert_eq!(g.visits, [2, 2, 1, 1, 1, 1]);
        assert_eq!(g.pathways, 3);
    }
}
