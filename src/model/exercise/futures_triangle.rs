//! The Futures Triangle: pulls of the future, pushes of the present, weights of the past, and
//! the key uncertainties that come out of them.

use serde::{Deserialize, Serialize};

use super::questions::Question;
use super::scenario_building::Matrix;
use super::{FieldSpec, KindModel, Slot, TextRule};
use super::{KindTexts, KindTextsMut};
use crate::model::error::Problems;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FuturesTriangle {
    /// What the triangle maps ("the future of mental health peer support").
    pub topic: String,
    /// Optional prompts shown at each corner, replacing the standard ones.
    #[serde(default, skip_serializing_if = "CornerPrompts::is_empty")]
    pub prompts: CornerPrompts,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CornerPrompts {
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub pull: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub push: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub weight: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub uncertainties: String,
}

impl CornerPrompts {
    fn is_empty(&self) -> bool {
        self == &CornerPrompts::default()
    }
}

/// The triangle's slots: (id, corner name, standard prompt).
pub const CORNERS: [(&str, &str, &str); 3] = [
    (
        "pull",
        "Pull of the future",
        "Images of the future: what pulls us forward?",
    ),
    (
        "push",
        "Push of the present",
        "Drivers and trends: what pushes us now?",
    ),
    (
        "weight",
        "Weight of the past",
        "Barriers: what holds us back?",
    ),
];
pub const UNCERTAINTIES: (&str, &str, &str) = (
    "uncertainties",
    "Key uncertainties",
    "What matters most, and is least certain?",
);

impl FuturesTriangle {
    pub fn prompt(&self, slot: &str) -> &str {
        let custom = match slot {
            "pull" => &self.prompts.pull,
            "push" => &self.prompts.push,
            "weight" => &self.prompts.weight,
            _ => &self.prompts.uncertainties,
        };
        if !custom.is_empty() {
            return custom;
        }
        CORNERS
            .iter()
            .chain(std::iter::once(&UNCERTAINTIES))
            .find(|c| c.0 == slot)
            .map_or("", |c| c.2)
    }
}

impl KindModel for FuturesTriangle {
    fn seed_slots(&self) -> &'static [(&'static str, &'static str)] {
        &[
            ("pull", "triangle's pull"),
            ("push", "triangle's push"),
            ("weight", "triangle's weight of the past"),
        ]
    }

    fn slots(&self) -> Vec<Slot> {
        CORNERS
            .iter()
            .map(|(id, name, _)| Slot {
                parent: None,
                id: (*id).to_owned(),
                label: (*name).to_owned(),
                text_label: "item",
                text: TextRule::Required,
                fields: vec![FieldSpec::optional("elaboration", "elaboration, verbatim")],
            })
            .chain(std::iter::once(Slot {
                parent: None,
                id: UNCERTAINTIES.0.to_owned(),
                label: UNCERTAINTIES.1.to_owned(),
                text_label: "uncertainty",
                text: TextRule::Required,
                fields: vec![FieldSpec::optional("elaboration", "elaboration, verbatim")],
            }))
            .collect()
    }

    fn validate(&self, path: &str, problems: &mut Problems) {
        problems.required_text(&format!("{path}.topic"), &self.topic);
        for (name, text) in [
            ("pull", &self.prompts.pull),
            ("push", &self.prompts.push),
            ("weight", &self.prompts.weight),
            ("uncertainties", &self.prompts.uncertainties),
        ] {
            problems.plan_text(&format!("{path}.prompts.{name}"), text);
        }
    }

    fn question(&self) -> &str {
        &self.topic
    }

    fn questions(&self) -> Option<&[Question]> {
        None
    }

    fn prompt(&self, slot: &str) -> Option<&str> {
        Some(FuturesTriangle::prompt(self, slot))
    }

    fn matrix(&self) -> Option<&Matrix> {
        None
    }

    fn axes_from(&self) -> Option<&str> {
        None
    }

    fn texts(&self) -> KindTexts<'_> {
        KindTexts {
            question: Some(&self.topic),
            question_label: "Topic",
            horizon: None,
            matrix: None,
        }
    }

    fn texts_mut(&mut self) -> KindTextsMut<'_> {
        KindTextsMut {
            question: Some(&mut self.topic),
            horizon: None,
            matrix: None,
        }
    }
}

impl super::parts::Described for FuturesTriangle {
    const LABEL: &'static str = "futures triangle";
    const ABOUT: &'static str = "pulls of the future, pushes of the present, weights of the past, and the key uncertainties";
    const PARTS: &'static [super::parts::Part] = {
        use super::parts::{Part, Shape};
        &[
            Part::new("topic", "Topic", "what the triangle maps", Shape::LongText),
            Part::new(
                "prompts",
                "Corner prompts",
                "questions shown at each corner instead of the standard ones; empty: the standard one",
                Shape::Group(&[
                    Part::new("pull", "pull of the future", "Images of the future: what pulls us forward?", Shape::Text).optional(),
                    Part::new("push", "push of the present", "Drivers and trends: what pushes us now?", Shape::Text).optional(),
                    Part::new("weight", "weight of the past", "Barriers: what holds us back?", Shape::Text).optional(),
                    Part::new("uncertainties", "key uncertainties", "What matters most, and is least certain?", Shape::Text).optional(),
                ]),
            )
            .optional(),
        ]
    };
}
