//! Getting to role clarity: activities × criteria, each cell marked Yes / No / Maybe / ?? with an
//! optional comment; reference answers can be revealed after the groups have answered.

use serde::{Deserialize, Serialize};

use super::questions::Question;
use super::scenario_building::Matrix;
use super::{FieldSpec, KindModel, Slot, TextRule};
use super::{KindTexts, KindTextsMut};
use crate::model::error::Problems;

pub const MARKS: [&str; 4] = ["Yes", "No", "Maybe", "??"];

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RoleClarity {
    /// The question the grid answers ("Should a peer worker do this in their role?").
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub question: String,
    pub activities: Vec<Item>,
    /// Criteria, usually with ids `a`…`h`.
    pub criteria: Vec<Item>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub reference: Vec<ReferenceAnswer>,
    /// Who gave the reference answers.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub reference_source: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Item {
    pub id: String,
    pub text: String,
}

/// A published answer for one cell, kept verbatim in `text`; `mark` is its Yes/No/Maybe/?? reading.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReferenceAnswer {
    pub activity: String,
    pub criterion: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mark: Option<String>,
    pub text: String,
}

/// The slot id of one cell: `<activity>.<criterion>` (e.g. `3.f`).
pub fn cell_slot(activity: &str, criterion: &str) -> String {
    format!("{activity}.{criterion}")
}

impl RoleClarity {
    pub fn reference_for(&self, activity: &str, criterion: &str) -> Option<&ReferenceAnswer> {
        self.reference
            .iter()
            .find(|r| r.activity == activity && r.criterion == criterion)
    }
}

impl KindModel for RoleClarity {
    fn slots(&self) -> Vec<Slot> {
        let mut slots = Vec::with_capacity(self.activities.len() * self.criteria.len());
        for a in &self.activities {
            for c in &self.criteria {
                slots.push(Slot {
                    parent: None,
                    id: cell_slot(&a.id, &c.id),
                    label: format!("{} — ({}) {}", a.text, c.id, c.text),
                    text_label: "comment",
                    text: TextRule::Optional,
                    fields: vec![FieldSpec::choice(
                        "mark",
                        "Yes / No / Maybe / ??",
                        true,
                        &MARKS,
                    )],
                });
            }
        }
        slots
    }

    fn validate(&self, path: &str, problems: &mut Problems) {
        problems.plan_text(&format!("{path}.question"), &self.question);
        problems.plan_text(&format!("{path}.reference_source"), &self.reference_source);
        if self.activities.is_empty() {
            problems.push(format!("{path}.activities"), "needs at least one activity");
        }
        if self.criteria.is_empty() {
            problems.push(format!("{path}.criteria"), "needs at least one criterion");
        }
        for (list, items) in [
            ("activities", &self.activities),
            ("criteria", &self.criteria),
        ] {
            problems.ids(
                &format!("{path}.{list}"),
                items.iter().map(|i| i.id.as_str()),
            );
            for (i, item) in items.iter().enumerate() {
                problems.required_text(&format!("{path}.{list}[{i}].text"), &item.text);
            }
        }
        let mut seen = std::collections::BTreeSet::new();
        for (i, r) in self.reference.iter().enumerate() {
            let p = format!("{path}.reference[{i}]");
            if !self.activities.iter().any(|a| a.id == r.activity) {
                problems.push(
                    format!("{p}.activity"),
                    format!("no activity with id `{}`", r.activity),
                );
            }
            if !self.criteria.iter().any(|c| c.id == r.criterion) {
                problems.push(
                    format!("{p}.criterion"),
                    format!("no criterion with id `{}`", r.criterion),
                );
            }
            if let Some(mark) = &r.mark
                && !MARKS.contains(&mark.as_str())
            {
                problems.push(
                    format!("{p}.mark"),
                    format!("\"{mark}\" is not one of: {}", MARKS.join(", ")),
                );
            }
            problems.plan_text(&format!("{p}.text"), &r.text);
            if !seen.insert((r.activity.as_str(), r.criterion.as_str())) {
                problems.push(
                    p,
                    format!(
                        "a second reference answer for cell {}",
                        cell_slot(&r.activity, &r.criterion)
                    ),
                );
            }
        }
    }

    fn question(&self) -> &str {
        &self.question
    }

    fn questions(&self) -> Option<&[Question]> {
        None
    }

    fn prompt(&self, _slot: &str) -> Option<&str> {
        None
    }

    fn matrix(&self) -> Option<&Matrix> {
        None
    }

    fn axes_from(&self) -> Option<&str> {
        None
    }

    fn texts(&self) -> KindTexts<'_> {
        KindTexts {
            question: Some(&self.question),
            question_label: "Question",
            horizon: None,
            matrix: None,
        }
    }

    fn texts_mut(&mut self) -> KindTextsMut<'_> {
        KindTextsMut {
            question: Some(&mut self.question),
            horizon: None,
            matrix: None,
        }
    }
}

const ITEM_PARTS: &[super::parts::Part] = {
    use super::parts::{Part, Shape};
    &[
        Part::new("id", "id", "a short name (a number or a letter)", Shape::Id),
        Part::new("text", "text", "as the room reads it", Shape::LongText),
    ]
};

impl super::parts::Described for RoleClarity {
    const LABEL: &'static str = "role clarity";
    const ABOUT: &'static str = "a grid of activities × criteria, each cell marked Yes / No / Maybe / ??, with reference answers";
    const PARTS: &'static [super::parts::Part] = {
        use super::parts::{Part, Shape};
        &[
            Part::new(
                "question",
                "Question",
                "the question the grid answers",
                Shape::LongText,
            )
            .optional(),
            Part::new(
                "activities",
                "Activities",
                "the grid's rows",
                Shape::Records {
                    item: "activity",
                    id_prefix: "",
                    parts: ITEM_PARTS,
                },
            ),
            Part::new(
                "criteria",
                "Criteria",
                "the grid's columns",
                Shape::Records {
                    item: "criterion",
                    id_prefix: "",
                    parts: ITEM_PARTS,
                },
            ),
            Part::new(
                "reference",
                "Reference answers",
                "published answers for some cells, revealed after the groups have answered",
                Shape::Records {
                    item: "reference answer",
                    id_prefix: "",
                    parts: &[
                        Part::new(
                            "activity",
                            "activity",
                            "the id of the activity (row)",
                            Shape::Id,
                        ),
                        Part::new(
                            "criterion",
                            "criterion",
                            "the id of the criterion (column)",
                            Shape::Id,
                        ),
                        Part::new(
                            "mark",
                            "mark",
                            "its reading: Yes, No, Maybe or ??",
                            Shape::Choice(&MARKS),
                        )
                        .optional(),
                        Part::new(
                            "text",
                            "answer",
                            "the published answer, verbatim",
                            Shape::LongText,
                        ),
                    ],
                },
            )
            .optional(),
            Part::new(
                "reference_source",
                "Reference source",
                "who gave the reference answers",
                Shape::Text,
            )
            .optional(),
        ]
    };
}
