//! A contribution: one thing a group said, kept exactly as typed, with its history.

use std::collections::BTreeMap;

use jiff::Timestamp;
use serde::{Deserialize, Serialize};

use super::text::normalize_newlines;

/// Named extra fields of a multi-field entry (a table row's benefits and risks, a cell's mark).
pub type Fields = BTreeMap<String, String>;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Contribution {
    /// Sortable unique id (UUIDv7 for contributions made by hearth).
    pub id: String,
    pub exercise: String,
    pub slot: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub group: Option<String>,
    /// The answer this one goes under, in the same exercise (a consequence under the one it
    /// follows from, a signal under its emerging issue): set when it is added, never changed.
    /// Its slot says which slot its parent comes from ([`super::exercise::Slot::parent`]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub parent: Option<String>,
    /// Who said it; only ever set when the session has attribution turned on.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub author: Option<String>,
    /// The current text, verbatim.
    pub text: String,
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub fields: Fields,
    pub created: Timestamp,
    /// When the current text was written, if it was edited.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub edited: Option<Timestamp>,
    /// Earlier versions, oldest first: the original is `revisions[0]` once edited.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub revisions: Vec<Revision>,
    /// Off the record: never exported, never sent to note-takers.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub hidden: bool,
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub starred: bool,
    /// Taken out for good at the person's request: a tombstone holding no words (no text,
    /// fields, revisions or author), never exported, never sent, never brought back by a merge.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub withdrawn: Option<Timestamp>,
}

/// An earlier version of a contribution's text and fields.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Revision {
    pub text: String,
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub fields: Fields,
    /// When this version was written.
    pub written: Timestamp,
}

/// What someone typed, before it becomes a contribution: the only place text is normalised
/// (CRLF and CR become LF).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Draft {
    pub exercise: String,
    pub slot: String,
    pub group: Option<String>,
    /// The answer it goes under, if any.
    pub parent: Option<String>,
    pub author: Option<String>,
    pub text: String,
    pub fields: Fields,
}

impl Draft {
    pub fn new(exercise: impl Into<String>, slot: impl Into<String>, text: &str) -> Self {
        Draft {
            exercise: exercise.into(),
            slot: slot.into(),
            group: None,
            parent: None,
            author: None,
            text: normalize_newlines(text),
            fields: Fields::new(),
        }
    }

    pub fn group(mut self, group: Option<String>) -> Self {
        self.group = group;
        self
    }

    /// Under the answer `parent` (see [`Contribution::parent`]).
    pub fn parent(mut self, parent: Option<String>) -> Self {
        self.parent = parent;
        self
    }

    pub fn field(mut self, name: &str, value: &str) -> Self {
        self.fields
            .insert(name.to_owned(), normalize_newlines(value));
        self
    }

    /// Makes the contribution with a fresh UUIDv7 id, created now.
    pub fn into_contribution(self) -> Contribution {
        self.into_contribution_with(new_id(), Timestamp::now())
    }

    pub fn into_contribution_with(self, id: String, created: Timestamp) -> Contribution {
        Contribution {
            id,
            exercise: self.exercise,
            slot: self.slot,
            group: self.group,
            parent: self.parent,
            author: self.author,
            text: self.text,
            fields: self.fields,
            created,
            edited: None,
            revisions: Vec::new(),
            hidden: false,
            starred: false,
            withdrawn: None,
        }
    }
}

/// A new sortable unique id (UUIDv7, hyphenated lowercase).
pub fn new_id() -> String {
    uuid::Uuid::now_v7().to_string()
}

impl Contribution {
    /// The text as first typed.
    pub fn original_text(&self) -> &str {
        self.revisions.first().map_or(&self.text, |r| &r.text)
    }

    /// Whether the answer was withdrawn (a tombstone).
    pub fn is_withdrawn(&self) -> bool {
        self.withdrawn.is_some()
    }

    /// Whether it holds any words: its text, fields, earlier versions or author.
    pub fn holds_words(&self) -> bool {
        !self.text.is_empty()
            || !self.fields.is_empty()
            || !self.revisions.is_empty()
            || self.author.is_some()
    }

    /// Makes it a tombstone withdrawn `at`: every word it held is dropped; where it was filed,
    /// when it was created and its id stay.
    pub fn erase(&mut self, at: Timestamp) {
        self.text.clear();
        self.fields.clear();
        self.revisions.clear();
        self.author = None;
        self.edited = None;
        self.starred = false;
        self.withdrawn = Some(at);
    }
}
