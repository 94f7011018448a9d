//! Changes to a session: what the journal records, one per line.

use jiff::Timestamp;
use serde::{Deserialize, Serialize};

use super::contribution::{Contribution, Fields};
use super::details::Details;

/// One change to a session. Applying the same changes in the same order to the same session
/// always gives the same result; nothing here deletes what someone typed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "op", rename_all = "snake_case", deny_unknown_fields)]
pub enum Change {
    Add {
        contribution: Contribution,
    },
    /// Replaces the text and fields; the previous version is kept as a revision.
    Edit {
        id: String,
        text: String,
        #[serde(default)]
        fields: Fields,
        at: Timestamp,
    },
    SetHidden {
        id: String,
        hidden: bool,
    },
    SetStarred {
        id: String,
        starred: bool,
    },
    /// Files a contribution under another exercise, slot or group.
    Move {
        id: String,
        exercise: String,
        slot: String,
        group: Option<String>,
    },
    AddGroup {
        name: String,
    },
    SetAttribution {
        on: bool,
    },
    /// Sets the session's details (date, mode, event, facilitators, notes, introduction).
    SetDetails {
        details: Details,
    },
}

impl Change {
    /// The contribution this change is about, if any.
    pub fn contribution_id(&self) -> Option<&str> {
        match self {
            Change::Add { contribution } => Some(&contribution.id),
            Change::Edit { id, .. }
            | Change::SetHidden { id, .. }
            | Change::SetStarred { id, .. }
            | Change::Move { id, .. } => Some(id),
            Change::AddGroup { .. } | Change::SetAttribution { .. } | Change::SetDetails { .. } => {
                None
            }
        }
    }
}
