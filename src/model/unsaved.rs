//! Text typed in a capture box and not saved yet, with where it was typed. It is kept in a
//! drafts file beside the session (never in the journal, never exported, never sent to
//! note-takers) so that quitting by a signal or a crash loses nothing, and reopening offers it
//! back. The place alone (exercise, slot, group) lets reopening return where the facilitator
//! was.

use std::collections::BTreeMap;

/// What the drafts file holds: where the facilitator was, the entry in the box there, and the
/// entries typed elsewhere and not saved (each slot, and each answer being edited, keeps its
/// own).
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Unsaved {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub group: Option<String>,
    /// The entry in the box, and its place (where the facilitator was).
    #[serde(flatten)]
    pub entry: UnsavedEntry,
    /// Entries waiting in other places.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub parked: Vec<UnsavedEntry>,
}

/// One entry typed and not saved, with its place.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct UnsavedEntry {
    pub exercise: String,
    pub slot: String,
    /// The main text, as typed.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub text: String,
    /// Free-text and chosen fields, by name.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub fields: BTreeMap<String, String>,
    /// The contribution being edited, when the text is an edit.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub editing: Option<String>,
    /// The id the answer will be saved under: when the session holds an answer of this id, the
    /// entry was saved (its drafts file was written while the save was on its way).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// The focused box (0: the main text, then the slot's fields in order).
    #[serde(default, skip_serializing_if = "is_zero")]
    pub field: usize,
}

fn is_zero(n: &usize) -> bool {
    *n == 0
}

impl UnsavedEntry {
    /// Whether anything was typed or chosen (a place alone is not a draft).
    pub fn has_text(&self) -> bool {
        !self.text.trim().is_empty() || self.fields.values().any(|v| !v.trim().is_empty())
    }
}

impl Unsaved {
    /// Whether the box held typed text (a place alone is not a draft).
    pub fn has_text(&self) -> bool {
        self.entry.has_text()
    }
}
