//! Scenario building: the 2×2 matrix, then each group's scenario (title, narrative as
//! paragraphs, timeline, characteristics), then what the room raised and shared.

use super::{
    Axis, Block, Drawing, Figure, Item, KindWriteUp, Placed, Text, heading, labels_in_group, list,
};
use crate::export::View;
use crate::model::Exercise;
use crate::model::exercise::scenario_building::{ROOM_SLOTS, ScenarioBuilding};

impl KindWriteUp for ScenarioBuilding {
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
    k: &ScenarioBuilding,
    n: usize,
) -> Vec<Block> {
    let mut blocks = vec![Block::Paragraph {
        lead: Some("Focal question".into()),
        text: Text::Plan(k.focal_question.clone()),
        quiet: false,
    }];
    if !k.horizon.is_empty() {
        blocks.push(Block::Paragraph {
            lead: Some("Horizon".into()),
            text: Text::Plan(k.horizon.clone()),
            quiet: false,
        });
    }
    let chosen = view.session.convergence.axes.get(&exercise.id);
    if let Some(chosen) = chosen {
        let from: Vec<&str> = chosen
            .from
            .iter()
            .filter_map(|id| view.shown.iter().find(|c| &c.id == id))
            .map(|c| c.text.as_str())
            .collect();
        blocks.push(Block::Note(if from.is_empty() {
            "The room chose the two axes of the matrix.".to_owned()
        } else {
            format!(
                "The room chose the two axes of the matrix from its key uncertainties: {}.",
                from.join("; ")
            )
        }));
    }
    let scenarios = view.group_scenarios(&exercise.id);
    // An untitled scenario (saved with its poles and no title) is numbered by its place.
    let untitled = |group: Option<&str>| {
        let n = scenarios
            .iter()
            .position(|s| s.group == group)
            .map_or(scenarios.len() + 1, |i| i + 1);
        format!("Scenario {n}")
    };
    // `k` is the exercise as run: the room's axes, worded as the session words them.
    if let Some(m) = &k.matrix {
        let mut placed = Vec::new();
        let mut unplaced = 0;
        for t in view.slot(&exercise.id, "title") {
            let x = t.fields.get("x").map(String::as_str);
            let y = t.fields.get("y").map(String::as_str);
            match (x, y) {
                (Some(x), Some(y))
                    if (x == m.x.low || x == m.x.high) && (y == m.y.low || y == m.y.high) =>
                {
                    let words = super::labels(view, t).all().join(" · ");
                    placed.push(Placed {
                        x_high: x == m.x.high,
                        y_high: y == m.y.high,
                        title: if t.text.trim().is_empty() {
                            untitled(t.group.as_deref())
                        } else {
                            t.text.clone()
                        },
                        label: (!words.is_empty()).then_some(words),
                    })
                }
                _ => unplaced += 1,
            }
        }
        let axis = |a: &crate::model::exercise::scenario_building::Axis| Axis {
            name: a.name.clone(),
            low: a.low.clone(),
            high: a.high.clone(),
        };
        let mut caption = format!(
            "The scenario matrix. Across: {} ({} ↔ {}). Up: {} ({} ↔ {}).",
            m.x.name, m.x.low, m.x.high, m.y.name, m.y.low, m.y.high
        );
        if unplaced > 0 {
            caption.push_str(&format!(" {unplaced} not placed in the matrix."));
        }
        blocks.push(Block::Figure(Box::new(Figure {
            name: format!("{}-scenario-matrix", n + 1),
            title: None,
            alt: format!("Scenario matrix: {} across, {} up", m.x.name, m.y.name),
            caption,
            drawing: Drawing::Matrix {
                x: axis(&m.x),
                y: axis(&m.y),
                placed,
            },
        })));
    }
    for scenario in &scenarios {
        let mut card = Vec::new();
        let titles: Vec<&str> = scenario
            .titles
            .iter()
            .map(|t| t.text.as_str())
            .filter(|t| !t.trim().is_empty())
            .collect();
        let title = if titles.is_empty() {
            Text::Plan(untitled(scenario.group))
        } else {
            Text::Said(titles.join(" / "))
        };
        card.push(heading(3, title));
        if view.options.by_group {
            card.push(Block::Paragraph {
                lead: Some("Group".into()),
                text: Text::Said(scenario.group.unwrap_or("no group").to_owned()),
                quiet: false,
            });
        }
        for t in &scenario.titles {
            let poles: Vec<&str> = [t.fields.get("x"), t.fields.get("y")]
                .into_iter()
                .flatten()
                .map(String::as_str)
                .collect();
            if !poles.is_empty() {
                card.push(Block::Note(format!("Quadrant: {}", poles.join(", "))));
            }
        }
        let narrative: Vec<Item> = scenario
            .narratives
            .iter()
            .map(|c| Item {
                labels: labels_in_group(view, c),
                lead: None,
                text: c.text.clone(),
                starred: c.starred,
                fields: Vec::new(),
            })
            .collect();
        for n in narrative {
            card.push(if n.labels.is_empty() {
                Block::Paragraph {
                    lead: None,
                    text: Text::Said(n.text),
                    quiet: false,
                }
            } else {
                Block::Paragraph {
                    lead: Some(n.labels.all().join(" · ")),
                    text: Text::Said(n.text),
                    quiet: false,
                }
            });
        }
        if !scenario.timeline.is_empty() {
            card.push(heading(4, Text::Plan("Timeline".into())));
            card.push(Block::List(
                scenario
                    .timeline
                    .iter()
                    .map(|c| Item {
                        labels: labels_in_group(view, c),
                        lead: Some(c.fields.get("year").cloned().unwrap_or_default()),
                        text: c.text.clone(),
                        starred: c.starred,
                        fields: Vec::new(),
                    })
                    .collect(),
            ));
        }
        if !scenario.traits.is_empty() {
            card.push(heading(4, Text::Plan("Characteristics".into())));
            card.push(list(view, &scenario.traits));
        }
        blocks.push(Block::Group {
            class: "scenario".into(),
            blocks: card,
        });
    }
    for (slot, name) in ROOM_SLOTS {
        let items = view.slot(&exercise.id, slot);
        if !items.is_empty() {
            blocks.push(heading(3, Text::Plan(name.to_owned())));
            blocks.push(list(view, items));
        }
    }
    blocks
}
