//! A checklist: each group marks items as in place or not, with an optional note.

use serde::{Deserialize, Serialize};

use super::questions::Question;
use super::scenario_building::Matrix;
use super::{FieldSpec, KindModel, Slot, TextRule};
use super::{KindTexts, KindTextsMut};
use crate::model::error::Problems;

pub const CHECK_VALUES: [&str; 2] = ["yes", "no"];

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Checklist {
    pub items: Vec<ChecklistItem>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ChecklistItem {
    pub id: String,
    pub text: String,
    /// The heading the item sits under ("Human Resources").
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub section: String,
}

impl KindModel for Checklist {
    fn slots(&self) -> Vec<Slot> {
        self.items
            .iter()
            .map(|item| Slot {
                parent: None,
                id: item.id.clone(),
                label: item.text.clone(),
                text_label: "note",
                text: TextRule::Optional,
                fields: vec![FieldSpec::choice(
                    "checked",
                    "in place: yes or no",
                    true,
                    &CHECK_VALUES,
                )],
            })
            .collect()
    }

    fn validate(&self, path: &str, problems: &mut Problems) {
        if self.items.is_empty() {
            problems.push(format!("{path}.items"), "needs at least one item");
        }
        problems.ids(
            &format!("{path}.items"),
            self.items.iter().map(|i| i.id.as_str()),
        );
        for (i, item) in self.items.iter().enumerate() {
            problems.required_text(&format!("{path}.items[{i}].text"), &item.text);
            problems.plan_text(&format!("{path}.items[{i}].section"), &item.section);
        }
    }

    fn question(&self) -> &str {
        ""
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
        KindTexts::default()
    }

    fn texts_mut(&mut self) -> KindTextsMut<'_> {
        KindTextsMut::default()
    }
}

impl super::parts::Described for Checklist {
    const LABEL: &'static str = "checklist";
    const ABOUT: &'static str = "each group marks items as in place or not, with a note";
    const PARTS: &'static [super::parts::Part] = {
        use super::parts::{Part, Shape};
        &[Part::new(
            "items",
            "Items",
            "what each group checks",
            Shape::Records {
                item: "item",
                id_prefix: "i",
                parts: &[
                    Part::new("id", "id", "a short name for the item", Shape::Id),
                    Part::new(
                        "text",
                        "text",
                        "the item as the room reads it",
                        Shape::LongText,
                    ),
                    Part::new(
                        "section",
                        "section",
                        "the heading it sits under (\"Human Resources\")",
                        Shape::Text,
                    )
                    .optional(),
                ],
            },
        )]
    };
}
