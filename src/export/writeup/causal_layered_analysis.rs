//! Causal Layered Analysis: the issue, the four layers as a figure of stacked bands (a column
//! per group, or today's and the reconstructed when the plan asks for both), then each layer's
//! answers from the surface down.

use super::{Block, Drawing, Figure, KindWriteUp, Layer, Text, heading, list};
use crate::export::View;
use crate::model::Exercise;
use crate::model::exercise::CausalLayeredAnalysis;
use crate::model::exercise::causal_layered_analysis::LAYERS;

impl KindWriteUp for CausalLayeredAnalysis {
    fn section(&self, view: &View, exercise: &Exercise, n: usize) -> Vec<Block> {
        build(view, exercise, self, n)
    }

    fn plan(&self) -> Vec<Block> {
        Vec::new()
    }
}

pub(super) fn build(
    view: &View,
    exercise: &Exercise,
    k: &CausalLayeredAnalysis,
    n: usize,
) -> Vec<Block> {
    let mut blocks = vec![Block::Paragraph {
        lead: Some("Issue".into()),
        text: Text::Plan(k.issue.clone()),
        quiet: false,
    }];
    let slot = |prefix: &str, layer: &str| view.slot(&exercise.id, &format!("{prefix}{layer}"));
    let any = k
        .columns()
        .iter()
        .any(|(p, _)| LAYERS.iter().any(|(l, _, _)| !slot(p, l).is_empty()));
    if any {
        // Columns: today's and the reconstructed, or else one per group that answered.
        let (names, layers): (Vec<String>, Vec<Layer>) = if k.reconstruct {
            let columns = k.columns();
            (
                columns.iter().map(|(_, name)| (*name).to_owned()).collect(),
                LAYERS
                    .iter()
                    .map(|(id, label, _)| Layer {
                        name: (*label).to_owned(),
                        cells: columns
                            .iter()
                            .map(|(p, _)| slot(p, id).iter().map(|c| c.text.clone()).collect())
                            .collect(),
                    })
                    .collect(),
            )
        } else {
            let groups: Vec<Option<&str>> = view
                .groups()
                .into_iter()
                .filter(|g| {
                    LAYERS
                        .iter()
                        .any(|(l, _, _)| slot("", l).iter().any(|c| c.group.as_deref() == *g))
                })
                .collect();
            (
                groups
                    .iter()
                    .map(|g| g.unwrap_or("No group").to_owned())
                    .collect(),
                LAYERS
                    .iter()
                    .map(|(id, label, _)| Layer {
                        name: (*label).to_owned(),
                        cells: groups
                            .iter()
                            .map(|g| {
                                slot("", id)
                                    .iter()
                                    .filter(|c| c.group.as_deref() == *g)
                                    .map(|c| c.text.clone())
                                    .collect()
                            })
                            .collect(),
                    })
                    .collect(),
            )
        };
        blocks.push(Block::Figure(Box::new(Figure {
            name: format!("{}-causal-layers", n + 1),
            title: None,
            alt: format!(
                "Causal layered analysis of {}: litany, systemic causes, worldview and myth as stacked layers",
                k.issue
            ),
            caption: format!(
                "The four layers, from the surface (litany) down to the myth; columns: {}.",
                names.join(", ")
            ),
            drawing: Drawing::Layers {
                issue: k.issue.clone(),
                columns: names,
                layers,
            },
        })));
    }
    for (prefix, column) in k.columns() {
        let present: Vec<_> = LAYERS
            .iter()
            .filter(|(l, _, _)| !slot(prefix, l).is_empty())
            .collect();
        if present.is_empty() {
            continue;
        }
        let level = if k.reconstruct {
            blocks.push(heading(3, Text::Plan(column.into())));
            4
        } else {
            3
        };
        for (id, label, _) in present {
            blocks.push(heading(level, Text::Plan((*label).into())));
            blocks.push(list(view, slot(prefix, id)));
        }
    }
    blocks
}
