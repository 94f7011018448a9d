//! Every command's form in the plain line mode (`hearth run --plain`, `hearth join --plain`):
//! typed as `/` and its name in the keys file, or done by how lines are typed. The match below
//! has no catch-all, so a command added to the table cannot be left without a plain form; the
//! plain mode's help lists these, so no action exists only on the full screen.

use super::Command;

/// What a typed command takes after its name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Takes {
    Nothing,
    /// The number of an answer in `/list` (the newest when left out).
    Answer,
}

/// How a command is given in the plain mode.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Form {
    /// Typed as `/name` (its name in the keys file).
    Typed(Takes),
    /// Done by how lines are typed, or by the line editor's own keys: how, in words.
    Line(&'static str),
}

const EDITOR: &str = "the line editor's own keys (Ctrl-A, Ctrl-E, Alt-B, Alt-F, Ctrl-W, Ctrl-U, Ctrl-K, Ctrl-_ to undo; ↑ ↓ for earlier lines)";

/// `command`'s form in the plain mode.
pub fn form(command: Command) -> Form {
    use Command as C;
    use Form::{Line, Typed};
    use Takes::{Answer, Nothing};
    match command {
        C::EditPlan
        | C::NewPlan
        | C::AddPart
        | C::RemovePart
        | C::Duplicate
        | C::MoveUp
        | C::MoveDown
        | C::Preview => Line(
            "the plan editor is full-screen only: hearth plan edit PLAN (or write an outline and use hearth plan import)",
        ),
        C::Save => Line("Enter at the end of a line saves it as an answer (after /begin, /end)"),
        C::NewLine => Line(
            "/begin starts an answer of several lines, each line then one line of it; /end saves it",
        ),
        C::Type => {
            Line("a line starting with / is a command; any other line is an answer (// types a /)")
        }
        C::SelectUp | C::SelectDown | C::BrowseUp | C::BrowseDown => {
            Line("/list numbers the slot's answers; commands on an answer take its number")
        }
        C::UndoTyping
        | C::RedoTyping
        | C::DeleteWordBefore
        | C::DeleteWordAfter
        | C::DeleteToLineStart
        | C::DeleteToLineEnd
        | C::WordLeft
        | C::WordRight
        | C::LineStart
        | C::LineEnd => Line(EDITOR),
        C::Edit
        | C::Hide
        | C::Star
        | C::MoveSlot
        | C::MoveSlotBack
        | C::MoveGroup
        | C::Spotlight
        | C::Withdraw
        | C::Themes => Typed(Answer),
        C::LeaveBox
        | C::Help
        | C::Quit
        | C::NextSlot
        | C::PreviousSlot
        | C::NextField
        | C::NextGroup
        | C::NextExercise
        | C::PreviousExercise
        | C::Project
        | C::TextSize
        | C::ShowJoin
        | C::Share
        | C::Timer
        | C::AddMinute
        | C::Undo
        | C::Redo
        | C::Vote
        | C::Axes
        | C::NewGroup
        | C::Details
        | C::Breakout
        | C::Conceal
        | C::Reference
        | C::Shuffle
        | C::PickGroup
        | C::PickAnswer
        | C::Export
        | C::VotePanel
        | C::Close
        | C::Back
        | C::Up
        | C::Down
        | C::PageUp
        | C::PageDown
        | C::First
        | C::Last
        | C::Confirm
        | C::PreviousField
        | C::SwitchList
        | C::Open
        | C::NewSession
        | C::Place
        | C::NewTheme
        | C::Split
        | C::Rename
        | C::Merge
        | C::TakeOut
        | C::MoreDots
        | C::FewerDots
        | C::Limit
        | C::PreviousGroup
        | C::Dot
        | C::TakeDot
        | C::CloseVote
        | C::Reveal
        | C::AnotherVote
        | C::MoreGroups
        | C::FewerGroups
        | C::NextParent
        | C::Seed
        | C::Draw
        | C::Revoke
        | C::NewCode
        | C::QrCode
        | C::StopSharing
        | C::Yes
        | C::No
        | C::Discard
        | C::Send
        | C::Impact
        | C::Uncertainty
        | C::OtherAxis
        | C::More
        | C::Less
        | C::Clear => Typed(Nothing),
    }
}

/// How the plain mode names `command` in its messages: `/name`, or how lines do it.
pub fn plain_name(command: Command) -> String {
    match (command, form(command)) {
        (Command::Save, _) => "Enter".to_owned(),
        (Command::NewLine, _) => "/begin".to_owned(),
        (_, Form::Typed(_)) => format!("/{}", command.name()),
        (_, Form::Line(how)) => how.to_owned(),
    }
}

/// The command a typed word names (`hide`, `next_slot`; `-` may stand for `_`), among those
/// typed in the plain mode.
pub fn typed(word: &str) -> Option<Command> {
    let word = word.replace('-', "_");
    Command::ALL
        .iter()
        .copied()
        .find(|c| c.name().eq_ignore_ascii_case(&word) && matches!(form(*c), Form::Typed(_)))
}
