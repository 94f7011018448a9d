//! When duties conflict with values: a situation, the values in tension, and an
//! Approach | Benefits | Risks table. The plan may hold worked rows; groups add their own.

use serde::{Deserialize, Serialize};

use super::questions::Question;
use super::scenario_building::Matrix;
use super::{FieldSpec, KindModel, Slot, TextRule};
use super::{KindTexts, KindTextsMut};
use crate::model::error::Problems;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ValueConflict {
    pub situation: String,
    /// The values or principles in tension.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub values: Vec<String>,
    /// Worked rows from the source material, shown before the groups' own.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub worked_rows: Vec<ApproachRow>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ApproachRow {
    pub approach: String,
    #[serde(default)]
    pub benefits: String,
    #[serde(default)]
    pub risks: String,
}

/// The slot groups add their rows to.
pub const APPROACHES_SLOT: &str = "approaches";

impl KindModel for ValueConflict {
    fn slots(&self) -> Vec<Slot> {
        vec![Slot {
            parent: None,
            id: APPROACHES_SLOT.into(),
            label: "Approach | Benefits | Risks".into(),
            text_label: "approach",
            text: TextRule::Required,
            fields: vec![
                FieldSpec::optional("benefits", "benefits of this approach"),
                FieldSpec::optional("risks", "risks of this approach"),
            ],
        }]
    }

    fn validate(&self, path: &str, problems: &mut Problems) {
        problems.required_text(&format!("{path}.situation"), &self.situation);
        for (i, v) in self.values.iter().enumerate() {
            problems.required_text(&format!("{path}.values[{i}]"), v);
        }
        for (i, row) in self.worked_rows.iter().enumerate() {
            let p = format!("{path}.worked_rows[{i}]");
            problems.required_text(&format!("{p}.approach"), &row.approach);
            problems.plan_text(&format!("{p}.benefits"), &row.benefits);
            problems.plan_text(&format!("{p}.risks"), &row.risks);
        }
    }

    fn question(&self) -> &str {
        &self.situation
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
            question: Some(&self.situation),
            question_label: "Situation",
            horizon: None,
            matrix: None,
        }
    }

    fn texts_mut(&mut self) -> KindTextsMut<'_> {
        KindTextsMut {
            question: Some(&mut self.situation),
            horizon: None,
            matrix: None,
        }
    }
}

impl super::parts::Described for ValueConflict {
    const LABEL: &'static str = "value conflict";
    const ABOUT: &'static str =
        "a situation where duties meet values; groups weigh approaches, their benefits and risks";
    const PARTS: &'static [super::parts::Part] = {
        use super::parts::{Part, Shape};
        &[
            Part::new(
                "situation",
                "Situation",
                "the situation the room discusses",
                Shape::LongText,
            ),
            Part::new(
                "values",
                "Values in tension",
                "the values or principles that conflict",
                Shape::TextList { item: "value" },
            )
            .optional(),
            Part::new(
                "worked_rows",
                "Worked rows",
                "rows from the source material, shown before the groups' own",
                Shape::Records {
                    item: "row",
                    id_prefix: "",
                    parts: &[
                        Part::new("approach", "approach", "one way to act", Shape::LongText),
                        Part::new(
                            "benefits",
                            "benefits",
                            "what is good about it",
                            Shape::LongText,
                        ),
                        Part::new("risks", "risks", "what could go wrong", Shape::LongText),
                    ],
                },
            )
            .optional(),
        ]
    };
}
