//! The note-taker screen (`hearth join`) reads the same tables as the facilitator's: the same
//! keys run the same commands, where the note-taker may do them. What differs is what each may
//! do: here, each command's help line and bar word on the note-taker's screen, or that it is
//! only the facilitator's.

use super::{Command, Context, Key, Keymap};

/// What `command` does on the note-taker's screen, for its help; `None` when only the
/// facilitator's screen does it (pressing its key there says so).
pub fn on_join(command: Command) -> Option<&'static str> {
    use Command as C;
    Some(match command {
        C::Help => "this help",
        C::Quit => "quit — queued answers stay on this machine; text in the box is asked about",
        C::NextSlot => "next slot: question, corner, column, cell; each keeps its own unsent text",
        C::PreviousSlot => "previous slot",
        C::NextParent => {
            "the answer the next one goes under (a consequence under the one it follows from): the next of them"
        }
        C::NextField => "next field of a multi-field entry (benefits, risks, mark…); ▸ marks it",
        C::NextExercise | C::PreviousExercise => {
            "to the facilitator's exercise, or back to one where your unsent text waits"
        }
        C::BrowseDown => "select five answers further down",
        C::BrowseUp => "select five answers further up",
        C::Save => "send it for your group to the slot the box's title names",
        C::NewLine => "a line break (a paste keeps its line breaks and is never sent by itself)",
        C::LeaveBox => "leave the box to look through the answers",
        C::Type => "back to typing in the box (Esc never types: it only leaves or closes)",
        C::SelectUp => "the answer above",
        C::SelectDown => "the answer below",
        C::Edit => "correct an answer the server refused (✗)",
        C::Vote | C::VotePanel => "open or close the vote panel (over the box; your typing waits)",
        C::NextGroup
        | C::Project
        | C::TextSize
        | C::ShowJoin
        | C::Share
        | C::Timer
        | C::AddMinute
        | C::Hide
        | C::Star
        | C::MoveSlot
        | C::MoveSlotBack
        | C::MoveGroup
        | C::Spotlight
        | C::Withdraw
        | C::Undo
        | C::Redo
        | C::Themes
        | C::Axes
        | C::Seed
        | C::NewGroup
        | C::Details
        | C::Breakout
        | C::Conceal
        | C::Reference
        | C::Shuffle
        | C::PickGroup
        | C::PickAnswer
        | C::Export => return None,
        // The panels' commands are worded by their own tables.
        _ => return None,
    })
}

/// Its word on the note-taker's key bar.
fn join_label(command: Command) -> &'static str {
    match command {
        Command::Save => "send",
        Command::NextExercise | Command::PreviousExercise => "exercise",
        Command::LeaveBox => "answers",
        Command::Edit => "correct a refused one",
        other => other.label(),
    }
}

impl Keymap {
    /// The keys that run `command` on the note-taker's screen in `context` (typing or
    /// selecting): its own table's, then the join table's, then the anywhere table's.
    pub fn join_keys(&self, context: Context, command: Command) -> Vec<Key> {
        [context, Context::Join, Context::Anywhere]
            .into_iter()
            .flat_map(|c| self.keys(c, command).iter().copied())
            .collect()
    }

    /// The command `ev` runs on the note-taker's screen in `context` (typing or selecting),
    /// whether or not the note-taker may do it.
    pub fn join_command(
        &self,
        context: Context,
        ev: &ratatui::crossterm::event::KeyEvent,
    ) -> Option<(Context, Command)> {
        [context, Context::Join, Context::Anywhere]
            .into_iter()
            .find_map(|c| self.command(c, ev).map(|cmd| (c, cmd)))
    }

    /// The note-taker's key bar in `context` (typing or selecting), ending with help and quit:
    /// the facilitator's bar less what only the facilitator may do (and `v`, which does what
    /// the vote panel's key does). `shown` leaves out commands that do nothing now (no vote, no
    /// fields…); `usable` says whether a key works in this terminal.
    pub fn join_bar(
        &self,
        context: Context,
        shown: impl Fn(Command) -> bool,
        usable: impl Fn(&Key) -> bool,
    ) -> Vec<(String, String)> {
        let mut out = Vec::new();
        let groups = super::BAR
            .iter()
            .find(|(c, _)| *c == context)
            .map_or(&[][..], |(_, g)| *g);
        for group in groups {
            let keys: Vec<String> = group
                .iter()
                .filter(|cmd| on_join(**cmd).is_some() && **cmd != Command::Vote && shown(**cmd))
                .filter_map(|cmd| {
                    self.join_keys(context, *cmd)
                        .iter()
                        .find(|k| usable(k))
                        .map(Key::short)
                })
                .collect();
            if let (false, Some(first)) = (keys.is_empty(), group.first()) {
                out.push((keys.join("/"), join_label(*first).to_owned()));
            }
        }
        for cmd in [Command::Help, Command::Quit] {
            if let Some(k) = self.keys(Context::Anywhere, cmd).first() {
                out.push((k.short(), cmd.label().to_owned()));
            }
        }
        out
    }

    /// The note-taker's help lines for `context`: each command the note-taker may run there,
    /// its keys as the help writes them, and what it does.
    pub fn join_help(
        &self,
        context: Context,
        usable: impl Fn(&Key) -> bool,
    ) -> Vec<(String, String)> {
        self.table(context)
            .iter()
            .filter_map(|(cmd, keys)| {
                let what = on_join(*cmd)?;
                let shown: Vec<String> = keys
                    .iter()
                    .filter(|k| usable(k))
                    .map(ToString::to_string)
                    .collect();
                (!shown.is_empty()).then(|| (shown.join(", "), self.fill(what)))
            })
            .collect()
    }
}
