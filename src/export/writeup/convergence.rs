//! What the room made of an exercise's answers, after them: its themes (each with its answers,
//! then the answers in no theme), and the results of its revealed vote and rating rounds,
//! ranked (a rating round also as a scatter of impact against uncertainty). A round that was
//! never revealed is not written up: its results were never shown to the room. Off-the-record
//! answers stay out, and so do the dots given to them.

use super::{Block, Drawing, Figure, Item, Labels, Point, Text, heading, list};
use crate::export::View;
use crate::model::Exercise;
use crate::model::convergence::{Round, RoundKind, RoundState, VoteOn};

pub(super) fn build(view: &View, exercise: &Exercise, n: usize) -> Vec<Block> {
    let mut blocks = themes(view, exercise);
    let rounds: Vec<&Round> = view
        .session
        .convergence
        .rounds_of(&exercise.id)
        .filter(|r| r.state == RoundState::Revealed)
        .collect();
    for (k, round) in rounds.iter().enumerate() {
        blocks.extend(results(view, round, n, k));
    }
    blocks
}

fn themes(view: &View, exercise: &Exercise) -> Vec<Block> {
    let c = &view.session.convergence;
    let standing: Vec<_> = c.themes_of(&exercise.id).collect();
    if standing.is_empty() {
        return Vec::new();
    }
    let answers: Vec<_> = view
        .shown
        .iter()
        .filter(|a| a.exercise == exercise.id)
        .copied()
        .collect();
    let mut blocks = vec![heading(3, Text::Plan("Themes".into()))];
    for theme in &standing {
        let members: Vec<_> = answers
            .iter()
            .filter(|a| c.theme_of(&a.id).is_some_and(|t| t.id == theme.id))
            .copied()
            .collect();
        if members.is_empty() {
            continue;
        }
        blocks.push(heading(4, Text::Said(theme.name.clone())));
        blocks.push(list(view, &members));
    }
    let rest: Vec<_> = answers
        .iter()
        .filter(|a| c.theme_of(&a.id).is_none())
        .copied()
        .collect();
    if blocks.len() == 1 {
        return Vec::new();
    }
    if !rest.is_empty() {
        blocks.push(heading(4, Text::Plan("In no theme".into())));
        blocks.push(list(view, &rest));
    }
    blocks
}

/// An item's words as the write-up may show them: an answer shown in this export, or a
/// theme's name. `None`: off the record (or gone), so it is left out with its count.
fn item_text(view: &View, round: &Round, item: &str) -> Option<Text> {
    match round.on {
        VoteOn::Answers => view
            .shown
            .iter()
            .find(|c| c.id == item)
            .map(|c| Text::Said(c.text.clone())),
        VoteOn::Themes => view
            .session
            .convergence
            .theme(item)
            .map(|t| Text::Said(t.name.clone())),
    }
}

fn plural(n: u32, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

fn results(view: &View, round: &Round, n: usize, k: usize) -> Vec<Block> {
    let c = &view.session.convergence;
    let voters = c.voters(&round.id);
    let tally: Vec<_> = c
        .tally(&round.id)
        .into_iter()
        .filter_map(|t| item_text(view, round, &t.item).map(|text| (t, text)))
        .collect();
    let who = plural(u32::try_from(voters).unwrap_or(u32::MAX), "voter", "voters");
    match round.kind {
        RoundKind::Dots { dots, .. } => {
            let on = match round.on {
                VoteOn::Answers => "the answers",
                VoteOn::Themes => "the themes",
            };
            let mut blocks = vec![
                heading(3, Text::Plan("Dot vote".into())),
                Block::Note(format!(
                    "{who}, {} each, on {on}; most dots first.",
                    plural(dots, "dot", "dots")
                )),
            ];
            blocks.push(Block::List(
                tally
                    .into_iter()
                    .map(|(t, text)| Item {
                        labels: Labels::default(),
                        lead: Some(plural(t.count, "dot", "dots")),
                        text: text.as_str().to_owned(),
                        starred: false,
                        fields: Vec::new(),
                    })
                    .collect(),
            ));
            blocks
        }
        RoundKind::Rating => {
            let mut blocks = vec![
                heading(
                    3,
                    Text::Plan("Impact and uncertainty, as the room rated them".into()),
                ),
                Block::Note(format!(
                    "{who} rated each from 1 (low) to 5 (high); the most critical (impact × uncertainty) first."
                )),
            ];
            let points: Vec<Point> = tally
                .iter()
                .enumerate()
                .map(|(rank, (t, text))| Point {
                    label: (rank + 1).to_string(),
                    text: text.as_str().to_owned(),
                    x: t.uncertainty,
                    y: t.impact,
                })
                .collect();
            blocks.push(Block::List(
                tally
                    .into_iter()
                    .map(|(t, text)| Item {
                        labels: Labels::default(),
                        lead: Some(format!(
                            "impact {:.1}, uncertainty {:.1} ({})",
                            t.impact,
                            t.uncertainty,
                            plural(t.count, "rating", "ratings")
                        )),
                        text: text.as_str().to_owned(),
                        starred: false,
                        fields: Vec::new(),
                    })
                    .collect(),
            ));
            if !points.is_empty() {
                blocks.push(Block::Figure(Box::new(Figure {
                    name: format!("{}-ratings-{}", n + 1, k + 1),
                    title: None,
                    alt: format!(
                        "{} rated items placed by their mean uncertainty (across) and impact (up)",
                        points.len()
                    ),
                    caption: "Each item at its mean uncertainty (across) and impact (up), numbered as ranked above. Top right: what matters most and is least certain."
                        .into(),
                    drawing: Drawing::Scatter { points },
                })));
            }
            blocks
        }
    }
}
