//! What the note-taker's drafts file keeps: every unsaved entry (the box's, and those waiting
//! in other slots or as corrections), so a restart or a killed terminal loses no typing.

use crate::net::api::ExerciseInfo;
use crate::tui::textbox::TextBox;

/// Text typed on this terminal and not sent, kept in a drafts file beside the outbox (0600,
/// synced, never sent) so a signal or a crash loses nothing; restored on the next start.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct JoinDraft {
    /// The exercise the box writes to, as the server described it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub target: Option<ExerciseInfo>,
    pub slot: usize,
    /// The main text, then each field of the slot, as typed.
    pub boxes: Vec<String>,
    /// The focused box.
    #[serde(default)]
    pub field: usize,
    /// The id its answer will be sent under.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// Entries waiting in other slots.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub parked: Vec<ParkedDraft>,
    /// The exercises those entries are in, besides `target`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub exercises: Vec<ExerciseInfo>,
}

/// An entry waiting in a slot, as the drafts file keeps it.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct ParkedDraft {
    pub exercise: String,
    pub slot: String,
    /// The main text, then each field of the slot.
    pub boxes: Vec<String>,
    pub field: usize,
    pub id: String,
    /// Set when it corrects this refused answer (in `exercise`'s `slot`), not a new answer.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub corrects: Option<String>,
}

impl JoinDraft {
    pub fn has_text(&self) -> bool {
        self.boxes
            .iter()
            .chain(self.parked.iter().flat_map(|p| &p.boxes))
            .any(|b| !b.trim().is_empty())
    }
}

pub(super) fn boxes_of(texts: &[String]) -> Vec<TextBox> {
    let mut boxes: Vec<TextBox> = texts
        .iter()
        .map(|t| {
            let mut b = TextBox::default();
            b.set(t);
            b
        })
        .collect();
    if boxes.is_empty() {
        boxes.push(TextBox::default());
    }
    boxes
}
