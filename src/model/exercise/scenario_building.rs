//! Scenario building: each group writes a scenario (title, narrative, timeline, characteristics),
//! optionally placed in a 2×2 matrix built from two key uncertainties; then the room names the
//! questions the scenarios raise and what they share.
//!
//! A group's scenario is the group's contributions to the `title`, `narrative`, `timeline` and
//! `characteristics` slots.

use serde::{Deserialize, Serialize};

use super::questions::Question;
use super::{FieldSpec, KindModel, Slot, TextRule};
use super::{KindTexts, KindTextsMut};
use crate::model::error::Problems;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ScenarioBuilding {
    pub focal_question: String,
    /// The year or period the scenarios describe ("2035").
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub horizon: String,
    /// The plan's 2×2; the room can choose other axes while running it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub matrix: Option<Matrix>,
    /// An earlier Futures Triangle exercise whose key uncertainties the axes are chosen from.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub axes_from: Option<String>,
}

/// A 2×2 matrix: two uncertainties, each with two poles.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Matrix {
    /// Horizontal axis.
    pub x: Axis,
    /// Vertical axis.
    pub y: Axis,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Axis {
    /// The uncertainty this axis spans.
    pub name: String,
    /// The pole on the left (x) or bottom (y).
    pub low: String,
    /// The pole on the right (x) or top (y).
    pub high: String,
}

/// Slot ids, in display order, with their labels.
pub const SCENARIO_SLOTS: [(&str, &str); 4] = [
    ("title", "Scenario title"),
    ("narrative", "Narrative"),
    ("timeline", "Timeline"),
    ("characteristics", "Characteristics"),
];
pub const ROOM_SLOTS: [(&str, &str); 2] = [
    ("raised", "Questions the scenarios raise"),
    ("shared", "What the scenarios share"),
];

impl KindModel for ScenarioBuilding {
    fn slots(&self) -> Vec<Slot> {
        let mut title_fields = Vec::new();
        if let Some(m) = &self.matrix {
            let x = [m.x.low.as_str(), m.x.high.as_str()];
            let y = [m.y.low.as_str(), m.y.high.as_str()];
            title_fields.push(FieldSpec::choice(
                "x",
                "pole on the horizontal axis",
                false,
                &x,
            ));
            title_fields.push(FieldSpec::choice(
                "y",
                "pole on the vertical axis",
                false,
                &y,
            ));
        }
        let mut slots = vec![
            Slot {
                parent: None,
                id: "title".into(),
                label: "Scenario title".into(),
                text_label: "title",
                // With a matrix, a scenario may be saved with its poles and no title (the
                // write-up numbers it).
                text: if title_fields.is_empty() {
                    TextRule::Required
                } else {
                    TextRule::UnlessFields
                },
                fields: title_fields,
            },
            Slot {
                parent: None,
                id: "narrative".into(),
                label: "Narrative".into(),
                text_label: "narrative",
                text: TextRule::Required,
                fields: Vec::new(),
            },
            Slot {
                parent: None,
                id: "timeline".into(),
                label: "Timeline".into(),
                text_label: "event",
                text: TextRule::Required,
                fields: vec![FieldSpec::required("year", "year or date of the event")],
            },
            Slot {
                parent: None,
                id: "characteristics".into(),
                label: "Characteristics".into(),
                text_label: "characteristic",
                text: TextRule::Required,
                fields: Vec::new(),
            },
        ];
        slots.extend(
            ROOM_SLOTS
                .iter()
                .map(|(id, label)| Slot::simple(*id, *label)),
        );
        slots
    }

    fn validate(&self, path: &str, problems: &mut Problems) {
        problems.required_text(&format!("{path}.focal_question"), &self.focal_question);
        problems.plan_text(&format!("{path}.horizon"), &self.horizon);
        if let Some(m) = &self.matrix {
            for (name, axis) in [("x", &m.x), ("y", &m.y)] {
                let p = format!("{path}.matrix.{name}");
                problems.required_text(&format!("{p}.name"), &axis.name);
                problems.required_text(&format!("{p}.low"), &axis.low);
                problems.required_text(&format!("{p}.high"), &axis.high);
                if axis.low == axis.high {
                    problems.push(p, "the two poles of an axis must differ");
                }
            }
        }
    }

    fn question(&self) -> &str {
        &self.focal_question
    }

    fn questions(&self) -> Option<&[Question]> {
        None
    }

    fn prompt(&self, _slot: &str) -> Option<&str> {
        None
    }

    fn matrix(&self) -> Option<&Matrix> {
        self.matrix.as_ref()
    }

    fn axes_from(&self) -> Option<&str> {
        self.axes_from.as_deref()
    }

    fn seed_slots(&self) -> &'static [(&'static str, &'static str)] {
        &[("title", "scenario")]
    }

    fn texts(&self) -> KindTexts<'_> {
        KindTexts {
            question: Some(&self.focal_question),
            question_label: "Focal question",
            horizon: Some(&self.horizon),
            matrix: Some(&self.matrix),
        }
    }

    fn texts_mut(&mut self) -> KindTextsMut<'_> {
        KindTextsMut {
            question: Some(&mut self.focal_question),
            horizon: Some(&mut self.horizon),
            matrix: Some(&mut self.matrix),
        }
    }
}

const AXIS_PARTS: &[super::parts::Part] = {
    use super::parts::{Part, Shape};
    &[
        Part::new(
            "name",
            "uncertainty",
            "the uncertainty this axis spans",
            Shape::Text,
        ),
        Part::new(
            "low",
            "low pole",
            "the pole on the left (across) or at the bottom (up)",
            Shape::Text,
        ),
        Part::new(
            "high",
            "high pole",
            "the pole on the right (across) or at the top (up)",
            Shape::Text,
        ),
    ]
};

impl super::parts::Described for ScenarioBuilding {
    const LABEL: &'static str = "scenario building";
    const ABOUT: &'static str =
        "groups write scenarios (title, narrative, timeline), placed in a 2×2 of two uncertainties";
    const PARTS: &'static [super::parts::Part] = {
        use super::parts::{Part, Shape};
        &[
            Part::new(
                "focal_question",
                "Focal question",
                "what the scenarios answer",
                Shape::LongText,
            ),
            Part::new(
                "horizon",
                "Horizon",
                "the year or period the scenarios describe (\"2035\")",
                Shape::Text,
            )
            .optional(),
            Part::new(
                "matrix",
                "2×2 matrix",
                "two uncertainties and their poles; the room may choose other axes while running",
                Shape::Group(&[
                    Part::new(
                        "x",
                        "across",
                        "the horizontal axis",
                        Shape::Group(AXIS_PARTS),
                    ),
                    Part::new("y", "up", "the vertical axis", Shape::Group(AXIS_PARTS)),
                ]),
            )
            .optional(),
            Part::new(
                "axes_from",
                "Axes from",
                "an earlier futures triangle whose key uncertainties the axes are chosen from",
                Shape::Earlier,
            )
            .optional(),
        ]
    };
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use super::*;

    fn plan(matrix: bool) -> ScenarioBuilding {
        let axis = |name: &str, low: &str, high: &str| Axis {
            name: name.into(),
            low: low.into(),
            high: high.into(),
        };
        ScenarioBuilding {
            focal_question: "What could peer support look like?".into(),
            horizon: String::new(),
            matrix: matrix.then(|| Matrix {
                x: axis("Oversight", "Alliance", "Regulated"),
                y: axis("Place", "Outside", "Inside"),
            }),
            axes_from: None,
        }
    }

    fn title_slot(k: &ScenarioBuilding) -> Slot {
        k.slots().into_iter().find(|s| s.id == "title").unwrap()
    }

    #[test]
    fn a_scenario_can_be_saved_with_its_poles_and_no_title() {
        let poles: BTreeMap<String, String> = [("x", "Alliance"), ("y", "Inside")]
            .into_iter()
            .map(|(k, v)| (k.to_owned(), v.to_owned()))
            .collect();
        let slot = title_slot(&plan(true));
        assert!(slot.check("", &poles).is_ok());
        assert!(slot.check("  ", &poles).is_ok());
        assert!(slot.check("Alliance world", &BTreeMap::new()).is_ok());
        // Neither a title nor a pole: nothing to save.
        let err = slot.check("", &BTreeMap::new()).unwrap_err();
        assert!(err.contains("give the title or a pole"), "{err}");
        // Without a matrix there are no poles, and the title is needed.
        assert!(
            title_slot(&plan(false))
                .check("", &BTreeMap::new())
                .is_err()
        );
    }
}
