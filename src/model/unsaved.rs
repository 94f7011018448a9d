//! Text typed in a capture box and not saved yet, with where it was typed. It is kept in a
//! drafts file beside the session (never in the journal, never exported, never sent to
//! note-takers) so that quitting by a signal or a crash loses nothing, and reopening offers it
//! back. The place alone (exercise, slot, group) lets reopening return where the facilitator
//! was.

use std::collections::BTreeMap;

/// Text typed in the capture box and not saved: kept in the drafts file beside the session
/// (never in the journal, never exported, never sent) and offered back on reopening. Also
/// where the facilitator was, so reopening returns there.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Unsaved {
    pub exercise: String,
    pub slot: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub group: Option<String>,
    /// The main text, as typed.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub text: String,
    /// Free-text and chosen fields, by name.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub fields: BTreeMap<String, String>,
    /// The contribution being edited, when the text is an edit.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub editing: Option<String>,
}

impl Unsaved {
    /// Whether there is typed text to keep (a place alone is not a draft).
    pub fn has_text(&self) -> bool {
        !self.text.trim().is_empty() || self.fields.values().any(|v| !v.trim().is_empty())
    }
}
