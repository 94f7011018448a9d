//! Prompt rounds and pathway brainstorms: each question with its answers; a brainstorm's
//! pathways also as a figure.

use super::{Block, Drawing, Figure, Text, heading, list};
use crate::export::View;
use crate::export::graph::{Merge, PathwayGraph};
use crate::model::Exercise;
use crate::model::exercise::Question;

/// Each question with its answers; a question nobody answered is left out unless
/// `include_empty`.
pub(super) fn build(view: &View, exercise: &Exercise, questions: &[Question]) -> Vec<Block> {
    let mut blocks = Vec::new();
    for q in questions {
        let answers = view.slot(&exercise.id, &q.id);
        if answers.is_empty() && !view.options.include_empty {
            continue;
        }
        blocks.push(heading(3, Text::Plan(q.heading())));
        if !q.follow_up.is_empty() {
            blocks.push(Block::Paragraph {
                lead: None,
                text: Text::Plan(q.follow_up.clone()),
                quiet: true,
            });
        }
        if !answers.is_empty() {
            blocks.push(list(view, answers));
        }
    }
    blocks
}

/// The pathway figure, when any answer is a chain of steps. `n` is the exercise's place.
pub(super) fn pathways(
    view: &View,
    exercise: &Exercise,
    questions: &[Question],
    n: usize,
) -> Vec<Block> {
    let merge = view.options.pathways;
    let graph = PathwayGraph::from_answers(
        questions
            .iter()
            .flat_map(|q| view.slot(&exercise.id, &q.id))
            .map(|c| c.text.as_str()),
        merge,
    );
    if graph.is_empty() {
        return Vec::new();
    }
    let count = match graph.pathways {
        1 => "1 pathway".to_owned(),
        p => format!("{p} pathways"),
    };
    let caption = match merge {
        Merge::SharedStart => format!(
            "{count}, each as it was said: pathways that begin with the same steps share them, and a number on an arrow counts the pathways that take it. Where pathways start is outlined in teal, where they end in rust."
        ),
        Merge::None => format!(
            "{count}, each drawn on its own. Where pathways start is outlined in teal, where they end in rust."
        ),
    };
    vec![Block::Figure(Box::new(Figure {
        name: format!("{}-pathways", n + 1),
        title: Some("All pathways".into()),
        alt: format!("{count} drawn as chains of steps"),
        caption,
        drawing: Drawing::Pathways(graph),
    }))]
}
