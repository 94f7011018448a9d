//! Backcasting: the preferred future (the scenario it was picked from, named, or the room's
//! words), the timeline from today to the horizon as a figure, then the steps from the horizon
//! back to today with their years, the obstacles and the first actions.

use super::{Block, Drawing, Figure, Item, KindWriteUp, Step, Text, heading, labels, list};
use crate::export::View;
use crate::model::Exercise;
use crate::model::exercise::Backcasting;
use crate::model::exercise::backcasting::{
    ACTIONS_SLOT, OBSTACLES_SLOT, STEPS_SLOT, VISION_SLOT, YEAR_FIELD, timeline_order,
};
use crate::model::seed::{SeedState, seed_of};

impl KindWriteUp for Backcasting {
    fn section(&self, view: &View, exercise: &Exercise, n: usize) -> Vec<Block> {
        build(view, exercise, self, n)
    }

    fn plan(&self) -> Vec<Block> {
        Vec::new()
    }
}

pub(super) fn build(view: &View, exercise: &Exercise, k: &Backcasting, n: usize) -> Vec<Block> {
    let mut blocks = Vec::new();
    if !k.focal_question.is_empty() {
        blocks.push(Block::Paragraph {
            lead: Some("Focal question".into()),
            text: Text::Plan(k.focal_question.clone()),
            quiet: false,
        });
    }
    if !k.horizon.is_empty() {
        blocks.push(Block::Paragraph {
            lead: Some("Horizon".into()),
            text: Text::Plan(k.horizon.clone()),
            quiet: false,
        });
    }
    blocks.push(heading(3, Text::Plan("Preferred future".into())));
    // The seed's words for the figure, when it may be shown.
    let mut vision: Option<String> = None;
    if let Some(link) = seed_of(view.session, &exercise.id) {
        let source = view
            .session
            .exercise(link.exercise)
            .map(|e| e.title.clone())
            .unwrap_or_default();
        match link.state {
            SeedState::Live(c) => {
                let number = view
                    .group_scenarios(link.exercise)
                    .iter()
                    .position(|s| s.group == c.group.as_deref())
                    .map(|i| i + 1);
                let named = link.describe(number);
                // The scenario's words are its own section's; here, the link names it.
                blocks.push(Block::Note(format!("From {named}, in “{source}”.")));
                vision = Some(if c.text.trim().is_empty() {
                    capitalised(&named)
                } else {
                    c.text.clone()
                });
            }
            SeedState::OffRecord | SeedState::Withdrawn => {
                blocks.push(Block::Note(format!(
                    "It was picked from {}, in “{source}”; its words are not written up.",
                    link.describe(None)
                )));
            }
        }
    }
    let typed = view.slot(&exercise.id, VISION_SLOT);
    if !typed.is_empty() {
        blocks.push(list(view, typed));
        if vision.is_none() {
            vision = Some(typed[0].text.clone());
        }
    }
    let steps = view.slot(&exercise.id, STEPS_SLOT);
    let years: Vec<&str> = steps
        .iter()
        .map(|c| c.fields.get(YEAR_FIELD).map_or("", String::as_str))
        .collect();
    let order = timeline_order(&years);
    if !steps.is_empty() {
        let today = if k.today.is_empty() {
            "Today".to_owned()
        } else {
            k.today.clone()
        };
        let horizon = if k.horizon.is_empty() {
            "Horizon".to_owned()
        } else {
            k.horizon.clone()
        };
        blocks.push(Block::Figure(Box::new(Figure {
            name: format!("{}-backcast-timeline", n + 1),
            title: None,
            alt: format!(
                "Timeline from {today} to {horizon}: {} steps towards the preferred future",
                steps.len()
            ),
            caption: format!(
                "The backcast, from {today} to {horizon}: each step at its year, the preferred future at the horizon."
            ),
            drawing: Drawing::Timeline {
                today,
                horizon,
                vision: vision.unwrap_or_default(),
                steps: order
                    .iter()
                    .map(|&i| Step {
                        year: years[i].to_owned(),
                        text: steps[i].text.clone(),
                    })
                    .collect(),
            },
        })));
        blocks.push(heading(3, Text::Plan("Steps back from the horizon".into())));
        blocks.push(Block::List(
            order
                .iter()
                .rev()
                .map(|&i| Item {
                    labels: labels(view, steps[i]),
                    lead: Some(years[i].to_owned()),
                    text: steps[i].text.clone(),
                    starred: steps[i].starred,
                    fields: Vec::new(),
                })
                .collect(),
        ));
    }
    for (slot, name) in [
        (OBSTACLES_SLOT, "Obstacles"),
        (ACTIONS_SLOT, "First actions"),
    ] {
        let items = view.slot(&exercise.id, slot);
        if !items.is_empty() {
            blocks.push(heading(3, Text::Plan(name.into())));
            blocks.push(list(view, items));
        }
    }
    blocks
}

fn capitalised(s: &str) -> String {
    let mut chars = s.chars();
    match chars.next() {
        Some(c) => c.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}
