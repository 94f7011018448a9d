//! The pathways of a brainstorm as a graph that draws only routes someone described.
//!
//! Each answer's chain stays its own: two chains share a step only while everything up to and
//! including it is the same in both (text equal ignoring case and surrounding white space), so
//! a path through the graph is always one somebody gave. A shared step shows the first
//! spelling seen. [`Merge::None`] keeps every chain apart.

use std::collections::HashMap;

use crate::model::exercise::pathway_brainstorm::read_pathway;

/// How chains share steps.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Merge {
    /// Chains that begin the same share those first steps.
    #[default]
    SharedStart,
    /// Every chain is drawn on its own.
    None,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PathwayGraph {
    /// Step texts as first written (trimmed), in order of first appearance.
    pub nodes: Vec<String>,
    /// How many pathways pass through each node.
    pub visits: Vec<u32>,
    /// `(from, to, count)`, in order of first appearance.
    pub edges: Vec<(usize, usize, u32)>,
    /// How many answers were read as pathways (two or more steps).
    pub pathways: usize,
}

/// A step's identity: its text ignoring case and surrounding white space.
fn key(step: &str) -> String {
    step.trim().to_lowercase()
}

impl PathwayGraph {
    pub fn from_answers<'a>(answers: impl IntoIterator<Item = &'a str>, merge: Merge) -> Self {
        let mut graph = PathwayGraph {
            nodes: Vec::new(),
            visits: Vec::new(),
            edges: Vec::new(),
            pathways: 0,
        };
        // A node is found by the node before it (None at the start) and its key.
        let mut node_of: HashMap<(Option<usize>, String), usize> = HashMap::new();
        let mut edge_into: HashMap<usize, usize> = HashMap::new();
        for text in answers {
            let steps = read_pathway(text).steps;
            if steps.len() < 2 {
                continue;
            }
            graph.pathways += 1;
            let mut prev: Option<usize> = None;
            for step in steps {
                let new_node = |graph: &mut PathwayGraph| {
                    graph.nodes.push(step.trim().to_owned());
                    graph.visits.push(0);
                    graph.nodes.len() - 1
                };
                let n = match merge {
                    Merge::SharedStart => *node_of
                        .entry((prev, key(step)))
                        .or_insert_with(|| new_node(&mut graph)),
                    Merge::None => new_node(&mut graph),
                };
                graph.visits[n] += 1;
                // A step has one step before it, so its one incoming edge is found by it.
                if let Some(p) = prev {
                    let e = *edge_into.entry(n).or_insert_with(|| {
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
    fn chains_share_only_the_steps_they_begin_with() {
        let g = PathwayGraph::from_answers(
            [
                "Volunteer --> outreach worker --> coordinator",
                " volunteer -->  Outreach worker -> peer mentor",
                "Entry: warm lines",
                "Board --> leadership --> paid staff",
                "Coordinator --> leadership --> professor",
                "coordinator --> surveyor",
            ],
            Merge::SharedStart,
        );
        assert_eq!(
            g.nodes,
            [
                "Volunteer",
                "outreach worker",
                "coordinator",
                "peer mentor",
                "Board",
                "leadership",
                "paid staff",
                "Coordinator",
                "leadership",
                "professor",
                "surveyor",
            ]
        );
        assert_eq!(
            g.edges,
            [
                (0, 1, 2),
                (1, 2, 1),
                (1, 3, 1),
                (4, 5, 1),
                (5, 6, 1),
                (7, 8, 1),
                (8, 9, 1),
                (7, 10, 1)
            ]
        );
        assert_eq!(g.pathways, 5);
    }

    #[test]
    fn unmerged_chains_stay_apart() {
        let g = PathwayGraph::from_answers(["a --> b", "a --> b"], Merge::None);
        assert_eq!(g.nodes, ["a", "b", "a", "b"]);
        assert_eq!(g.edges, [(0, 1, 1), (2, 3, 1)]);
    }
}
