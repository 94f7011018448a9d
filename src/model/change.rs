//! Changes to a session: what the journal records, one per line.

use jiff::Timestamp;
use serde::{Deserialize, Serialize};

use super::contribution::{Contribution, Fields};
use super::convergence::{ChosenAxes, Seed, Theme};
use super::details::Details;
use super::vote::{Ballot, Round, RoundState};
use super::words::{Field, Place};

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
    /// The answer of an earlier exercise that seeds `exercise` (a scenario as a backcast's
    /// preferred future), as the room picked it; the latest pick is the seed.
    SeedFrom {
        exercise: String,
        seed: Seed,
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
    /// Sets what the write-ups tell at `place`: before or after an exercise's part, or the
    /// closing. An empty text removes it.
    SetNarration {
        place: Place,
        text: String,
    },
    /// Words one of an exercise's plan texts this session's way (its title, instructions, focal
    /// question, horizon, an axis name), or (`text: None`) goes back to the plan's. The plan is
    /// left as it is.
    SetWording {
        exercise: String,
        field: Field,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        text: Option<String>,
        at: Timestamp,
    },
}

/// What a change touches, and so which part of the model checks and applies it: the one place
/// every kind of change is sorted (the journal's JSON is [`Change`]'s, unchanged). Each part's
/// own enum is matched in full where that part is checked and applied, so a new kind of change
/// is a compile error until it has a part, and then until that part handles it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Part<'a> {
    /// An answer's words and where it is filed.
    Answer(AnswerChange<'a>),
    /// The session's outline: its groups and settings.
    Outline(OutlineChange<'a>),
    /// Themes, vote rounds and the scenario matrix's axes.
    Convergence(ConvergenceChange<'a>),
    /// The session's details (date, event, facilitators, notes, introduction).
    Details(&'a Details),
    /// An answer taken out for good.
    Withdrawal { id: &'a String, at: &'a Timestamp },
    /// The session's own words around the plan's: narration and wording.
    Words(WordsChange<'a>),
}

/// The changes to the session's narration and wording (see [`Change`] for each).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WordsChange<'a> {
    SetNarration {
        place: &'a Place,
        text: &'a String,
    },
    SetWording {
        exercise: &'a String,
        field: &'a Field,
        text: &'a Option<String>,
        at: &'a Timestamp,
    },
}

/// The changes to one answer (see [`Change`] for each).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AnswerChange<'a> {
    Add {
        contribution: &'a Contribution,
    },
    Edit {
        id: &'a String,
        text: &'a String,
        fields: &'a Fields,
        at: &'a Timestamp,
    },
    SetHidden {
        id: &'a String,
        hidden: &'a bool,
    },
    SetStarred {
        id: &'a String,
        starred: &'a bool,
    },
    Move {
        id: &'a String,
        exercise: &'a String,
        slot: &'a String,
        group: &'a Option<String>,
    },
}

impl<'a> AnswerChange<'a> {
    /// The answer it is about.
    pub fn id(&self) -> &'a str {
        match *self {
            AnswerChange::Add { contribution } => &contribution.id,
            AnswerChange::Edit { id, .. }
            | AnswerChange::SetHidden { id, .. }
            | AnswerChange::SetStarred { id, .. }
            | AnswerChange::Move { id, .. } => id,
        }
    }
}

/// The changes to the session's outline (see [`Change`] for each).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OutlineChange<'a> {
    AddGroup {
        name: &'a String,
    },
    SetAttribution {
        on: &'a bool,
    },
    SetConcealed {
        exercise: &'a String,
        concealed: &'a bool,
    },
}

/// The changes to themes, rounds and axes (see [`Change`] for each).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ConvergenceChange<'a> {
    AddTheme {
        theme: &'a Theme,
    },
    RenameTheme {
        id: &'a String,
        name: &'a String,
        at: &'a Timestamp,
    },
    PlaceInTheme {
        contribution: &'a String,
        theme: &'a Option<String>,
        at: &'a Timestamp,
    },
    MergeThemes {
        from: &'a String,
        into: &'a String,
    },
    OpenRound {
        round: &'a Round,
    },
    Cast {
        round: &'a String,
        voter: &'a String,
        ballot: &'a Ballot,
    },
    SetRoundState {
        round: &'a String,
        state: &'a RoundState,
    },
    ChooseAxes {
        exercise: &'a String,
        axes: &'a ChosenAxes,
    },
    SeedFrom {
        exercise: &'a String,
        seed: &'a Seed,
    },
}

impl Change {
    /// What this change touches.
    pub fn part(&self) -> Part<'_> {
        use AnswerChange as A;
        use ConvergenceChange as C;
        use OutlineChange as O;
        match self {
            Change::Add { contribution } => Part::Answer(A::Add { contribution }),
            Change::Edit {
                id,
                text,
                fields,
                at,
            } => Part::Answer(A::Edit {
                id,
                text,
                fields,
                at,
            }),
            Change::SetHidden { id, hidden } => Part::Answer(A::SetHidden { id, hidden }),
            Change::SetStarred { id, starred } => Part::Answer(A::SetStarred { id, starred }),
            Change::Move {
                id,
                exercise,
                slot,
                group,
            } => Part::Answer(A::Move {
                id,
                exercise,
                slot,
                group,
            }),
            Change::AddGroup { name } => Part::Outline(O::AddGroup { name }),
            Change::SetAttribution { on } => Part::Outline(O::SetAttribution { on }),
            Change::SetConcealed {
                exercise,
                concealed,
            } => Part::Outline(O::SetConcealed {
                exercise,
                concealed,
            }),
            Change::AddTheme { theme } => Part::Convergence(C::AddTheme { theme }),
            Change::RenameTheme { id, name, at } => {
                Part::Convergence(C::RenameTheme { id, name, at })
            }
            Change::PlaceInTheme {
                contribution,
                theme,
                at,
            } => Part::Convergence(C::PlaceInTheme {
                contribution,
                theme,
                at,
            }),
            Change::MergeThemes { from, into } => Part::Convergence(C::MergeThemes { from, into }),
            Change::OpenRound { round } => Part::Convergence(C::OpenRound { round }),
            Change::Cast {
                round,
                voter,
                ballot,
            } => Part::Convergence(C::Cast {
                round,
                voter,
                ballot,
            }),
            Change::SetRoundState { round, state } => {
                Part::Convergence(C::SetRoundState { round, state })
            }
            Change::ChooseAxes { exercise, axes } => {
                Part::Convergence(C::ChooseAxes { exercise, axes })
            }
            Change::SeedFrom { exercise, seed } => {
                Part::Convergence(C::SeedFrom { exercise, seed })
            }
            Change::SetDetails { details } => Part::Details(details),
            Change::Withdraw { id, at } => Part::Withdrawal { id, at },
            Change::SetNarration { place, text } => {
                Part::Words(WordsChange::SetNarration { place, text })
            }
            Change::SetWording {
                exercise,
                field,
                text,
                at,
            } => Part::Words(WordsChange::SetWording {
                exercise,
                field,
                text,
                at,
            }),
        }
    }

    /// Whether this change alters the session's outline (its plan, groups and settings; see
    /// [`super::Session::outline`]) rather than its contributions.
    pub fn shapes_outline(&self) -> bool {
        match self.part() {
            // Chosen axes decide which poles a scenario may be placed at.
            // Details, narration and wording are shown, not checked against: still part of
            // the outline.
            Part::Outline(
                OutlineChange::AddGroup { .. } | OutlineChange::SetAttribution { .. },
            )
            | Part::Convergence(ConvergenceChange::ChooseAxes { .. })
            | Part::Details(_)
            | Part::Words(_) => true,
            // Concealment is per exercise and read live; it shapes no check of `add`.
            Part::Outline(OutlineChange::SetConcealed { .. })
            | Part::Answer(_)
            | Part::Convergence(_)
            | Part::Withdrawal { .. } => false,
        }
    }

    /// The contribution this change is about, if any.
    pub fn contribution_id(&self) -> Option<&str> {
        match self.part() {
            Part::Answer(a) => Some(a.id()),
            Part::Withdrawal { id, .. } => Some(id),
            Part::Convergence(ConvergenceChange::PlaceInTheme { contribution, .. }) => {
                Some(contribution)
            }
            Part::Outline(_) | Part::Convergence(_) | Part::Details(_) | Part::Words(_) => None,
        }
    }
}
