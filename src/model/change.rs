//! Changes to a session: what the journal records, one per line.

use jiff::Timestamp;
use serde::{Deserialize, Serialize};

use super::contribution::{Contribution, Fields};
use super::convergence::{Ballot, ChosenAxes, Round, RoundState, Theme};
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
    /// Starts a theme in an exercise.
    AddTheme {
        theme: Theme,
    },
    RenameTheme {
        id: String,
        name: String,
        at: Timestamp,
    },
    /// Puts a contribution in a theme of its exercise, or (`theme: None`) takes it out of any.
    PlaceInTheme {
        contribution: String,
        theme: Option<String>,
        at: Timestamp,
    },
    /// Every answer of `from` becomes `into`'s; `from` is gone.
    MergeThemes {
        from: String,
        into: String,
    },
    /// Opens a vote (dots) or rating round over an exercise's answers or themes.
    OpenRound {
        round: Round,
    },
    /// A voter's ballot in an open round, replacing any earlier one of theirs.
    Cast {
        round: String,
        voter: String,
        ballot: Ballot,
    },
    /// Closes a round, or reveals its tallies. A round only moves forward.
    SetRoundState {
        round: String,
        state: RoundState,
    },
    /// The axes of a scenario-building exercise's 2×2, as the room chose them.
    ChooseAxes {
        exercise: String,
        axes: ChosenAxes,
    },
    /// Takes an answer out for good: its text, fields, earlier versions and author are dropped
    /// and it stays as a tombstone withdrawn `at`. Nothing undoes it. Because earlier journal
    /// lines hold the words, the store folds the journal into the snapshot right after it.
    Withdraw {
        id: String,
        at: Timestamp,
    },
    /// Sets the session's details (date, mode, event, facilitators, notes, introduction).
    SetDetails {
        details: Details,
    },
    /// Hides an exercise's answers until the facilitator reveals them (`concealed: false`):
    /// until then each device sees only its own group's answers and the room only a count.
    /// Exports and `show` ignore it.
    SetConcealed {
        exercise: String,
        concealed: bool,
    },
}

impl Change {
    /// Whether this change alters the session's outline (its plan, groups and settings; see
    /// [`super::Session::outline`]) rather than its contributions.
    pub fn shapes_outline(&self) -> bool {
        match self {
            // Chosen axes decide which poles a scenario may be placed at.
            // Details are shown, not checked against: still part of the outline.
            Change::AddGroup { .. }
            | Change::SetAttribution { .. }
            | Change::ChooseAxes { .. }
            | Change::SetDetails { .. } => true,
            Change::Add { .. }
            | Change::Edit { .. }
            | Change::SetHidden { .. }
            | Change::SetStarred { .. }
            | Change::Move { .. }
            | Change::AddTheme { .. }
            | Change::RenameTheme { .. }
            | Change::PlaceInTheme { .. }
            | Change::MergeThemes { .. }
            | Change::OpenRound { .. }
            | Change::Cast { .. }
            | Change::SetRoundState { .. }
            | Change::Withdraw { .. }
            | Change::SetConcealed { .. } => false,
        }
    }

    /// The contribution this change is about, if any.
    pub fn contribution_id(&self) -> Option<&str> {
        match self {
            Change::Add { contribution } => Some(&contribution.id),
            Change::Edit { id, .. }
            | Change::SetHidden { id, .. }
            | Change::SetStarred { id, .. }
            | Change::Move { id, .. }
            | Change::Withdraw { id, .. } => Some(id),
            Change::PlaceInTheme { contribution, .. } => Some(contribution),
            Change::AddGroup { .. }
            | Change::SetAttribution { .. }
            | Change::AddTheme { .. }
            | Change::RenameTheme { .. }
            | Change::MergeThemes { .. }
            | Change::OpenRound { .. }
            | Change::Cast { .. }
            | Change::SetRoundState { .. }
            | Change::ChooseAxes { .. }
            | Change::SetDetails { .. }
            | Change::SetConcealed { .. } => None,
        }
    }
}
