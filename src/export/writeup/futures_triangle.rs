//! The Futures Triangle: a figure, then each corner's items as a bold title followed by its
//! elaboration.

use super::{
    Block, Corner, Drawing, Entry, Figure, KindWriteUp, Text, heading, labels, plan_paragraph,
};
use crate::export::View;
use crate::model::Exercise;
use crate::model::exercise::futures_triangle::{CORNERS, FuturesTriangle, UNCERTAINTIES};

impl KindWriteUp for FuturesTriangle {
    fn section(&self, view: &View, exercise: &Exercise, n: usize) -> Vec<Block> {
        build(view, exercise, self, n)
    }

    fn plan(&self) -> Vec<Block> {
        plan(self)
    }
}

pub(super) fn build(view: &View, exercise: &Exercise, t: &FuturesTriangle, n: usize) -> Vec<Block> {
    let mut blocks = vec![Block::Paragraph {
        lead: Some("Topic".into()),
        text: Text::Plan(t.topic.clone()),
        quiet: false,
    }];
    let corners = CORNERS.map(|(slot, name, _)| Corner {
        name: name.to_owned(),
        prompt: first_sentence(t.prompt(slot)).to_owned(),
        items: view
            .slot(&exercise.id, slot)
            .iter()
            .map(|c| c.text.clone())
            .collect(),
    });
    blocks.push(Block::Figure(Box::new(Figure {
        name: format!("{}-futures-triangle", n + 1),
            title: None,
        alt: format!("Futures Triangle: {}", t.topic),
        caption: "The Futures Triangle: what pulls us toward the future, what pushes us now, and what weighs on us from the past.".into(),
        drawing: Drawing::Triangle {
            topic: t.topic.clone(),
            corners,
        },
    })));
    // A corner (or the uncertainties) with no item is left out unless `include_empty`; the
    // figure still draws all three corners.
    for (slot, name, _) in CORNERS.iter().chain(std::iter::once(&UNCERTAINTIES)) {
        let mut corner = vec![heading(3, Text::Plan((*name).to_owned()))];
        let entries: Vec<Entry> = view
            .slot(&exercise.id, slot)
            .iter()
            .map(|c| Entry {
                labels: labels(view, c),
                title: c.text.clone(),
                body: c.fields.get("elaboration").cloned().unwrap_or_default(),
                starred: c.starred,
            })
            .collect();
        if entries.is_empty() && !view.options.include_empty {
            continue;
        }
        if !entries.is_empty() {
            corner.push(Block::Entries(entries));
        }
        blocks.push(Block::Group {
            class: format!("corner corner-{slot}"),
            blocks: corner,
        });
    }
    blocks
}

/// The corner prompts, for "About this workshop".
pub(super) fn plan(t: &FuturesTriangle) -> Vec<Block> {
    CORNERS
        .iter()
        .chain(std::iter::once(&UNCERTAINTIES))
        .map(|(slot, name, _)| plan_paragraph(Some(name), t.prompt(slot)))
        .collect()
}

/// A prompt's first sentence, for the figure.
fn first_sentence(prompt: &str) -> &str {
    match prompt.find(['?', '.', '!']) {
        Some(end) if end < 140 => &prompt[..=end],
        _ => prompt,
    }
}
