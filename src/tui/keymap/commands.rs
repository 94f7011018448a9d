//! Every command a key can run, with its name in the keys file, its word on the key bar and
//! its line in the help (a context may word a command its own way: see `panels.rs`).

macro_rules! commands {
    ($($variant:ident = $name:literal, $label:literal, $help:literal;)*) => {
        /// What a key can do on the run screen.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum Command {
            $($variant,)*
        }

        impl Command {
            pub const ALL: &[Command] = &[$(Command::$variant,)*];

            /// Its name in the keys file.
            pub fn name(self) -> &'static str {
                match self {
                    $(Command::$variant => $name,)*
                }
            }

            /// Its word on the key bar.
            pub fn label(self) -> &'static str {
                match self {
                    $(Command::$variant => $label,)*
                }
            }

            /// Its line in the help.
            pub fn help(self) -> &'static str {
                match self {
                    $(Command::$variant => $help,)*
                }
            }
        }
    };
}

commands! {
    Help = "help", "help", "this help";
    Quit = "quit", "quit", "quit — saved answers are on disk; text still in the box is asked about";
    NextSlot = "next_slot", "slot", "next slot: question, corner, column, cell; each keeps its own unsaved text";
    PreviousSlot = "previous_slot", "slot", "previous slot";
    NextParent = "next_parent", "under", "the answer the next one goes under (a consequence under the one it follows from): the next of them";
    NextField = "next_field", "field", "next field of a multi-field entry (benefits, risks, mark…); ▸ marks it";
    NextGroup = "next_group", "group", "next group (then \"no group\"): the text in the box will be saved for it";
    NextExercise = "next_exercise", "exercise", "next exercise (the text in the box waits in its slot)";
    PreviousExercise = "previous_exercise", "exercise", "previous exercise";
    Project = "project", "project", "projection on / off: the audience's view, large, typing shown in a strip";
    TextSize = "text_size", "text size", "audience text size: auto, normal, large, huge";
    ShowJoin = "show_join", "join code", "while sharing: the join address and code on the audience's screen";
    Share = "share", "share", "share with note-takers; then open / close their panel";
    Timer = "timer", "timer", "start / pause the timer";
    AddMinute = "add_minute", "+1 min", "add a minute to the timer";
    BrowseDown = "browse_down", "browse", "select five answers further down";
    BrowseUp = "browse_up", "browse", "select five answers further up";
    Save = "save", "save", "save it to the slot, group and field the box's title names";
    NewLine = "new_line", "new line", "a line break (a paste keeps its line breaks and is never saved by itself)";
    LeaveBox = "leave_box", "select", "leave the box to select answers; an edit left this way waits, unsaved, for {selecting.edit}";
    Type = "type", "type", "back to typing in the box (Esc never types: it only leaves or closes)";
    SelectUp = "select_up", "choose", "the answer above";
    SelectDown = "select_down", "choose", "the answer below";
    Edit = "edit", "edit", "edit the selected answer in the box (every version is kept)";
    Hide = "hide", "hide", "take it off the record / back on (off the record is never exported)";
    Star = "star", "star", "star it / remove the star";
    MoveSlot = "move_slot", "move", "move it to the next slot";
    MoveSlotBack = "move_slot_back", "move", "move it to the previous slot";
    MoveGroup = "move_group", "move", "move it to another group";
    Spotlight = "spotlight", "spotlight", "spotlight it (large, alone); {spotlight.close*} ends it";
    Withdraw = "withdraw", "withdraw", "withdraw it for good: its words are erased from the session's files (asks first)";
    Undo = "undo", "undo/redo", "take back the last saved change";
    Redo = "redo", "undo/redo", "redo what was taken back";
    Themes = "themes", "themes", "themes: gather answers under names";
    Vote = "vote", "vote", "votes and ratings";
    Axes = "axes", "axes", "choose a scenario matrix's two axes";
    Seed = "seed", "seed", "pick the answer that seeds this exercise (a backcast's preferred future: one of the scenarios)";
    NewGroup = "new_group", "new group", "add a group";
    Details = "details", "details", "the session's details, its front matter and the write-up's narration";
    Breakout = "breakout", "breakout", "draw breakout groups from a list of names";
    Conceal = "conceal", "hide answers", "hide the answers until revealed (still captured), and reveal them";
    Reference = "reference", "reference", "show / hide the reference answers";
    Shuffle = "shuffle", "shuffle", "shuffle the order of the answers / back to the order given";
    PickGroup = "pick_group", "pick group", "pick a group at random to speak next";
    PickAnswer = "pick_answer", "pick answer", "pick an answer at random and spotlight it";
    Export = "export", "export", "write the write-ups into exports/ beside the session (off the record left out)";
    VotePanel = "vote_panel", "vote", "open or close the vote panel (over the box; your typing waits)";
    // Panels, dialogs, forms and the home screen (worded per context in `panels.rs`).
    Close = "close", "close", "close it";
    Back = "back", "back", "back a step";
    Up = "up", "choose", "the one above";
    Down = "down", "choose", "the one below";
    PageUp = "page_up", "page", "ten further up";
    PageDown = "page_down", "page", "ten further down";
    First = "first", "first", "the first one";
    Last = "last", "last", "the last one";
    Confirm = "confirm", "ok", "do it";
    PreviousField = "previous_field", "field", "previous field";
    SwitchList = "switch", "plans/sessions", "between plans and sessions";
    Open = "open", "open", "open the session, or start one from the plan";
    NewSession = "new_session", "new session", "a new session from the chosen plan";
    Place = "place", "put in", "put the selected answer in the chosen theme";
    NewTheme = "new_theme", "new", "a new theme (type its name); the answer goes in";
    Split = "split", "split", "split: a new theme taking the answer out of its old one";
    Rename = "rename", "rename", "rename the theme";
    Merge = "merge", "merge", "merge the theme into another";
    TakeOut = "take_out", "take out", "take the answer out of any theme";
    MoreDots = "more_dots", "dots", "one more dot each";
    FewerDots = "fewer_dots", "dots", "one dot fewer each";
    Limit = "limit", "limit", "a limit of dots per item (none, 1, 2…)";
    PreviousGroup = "previous_group", "group", "the previous group";
    Dot = "dot", "dot", "give the item a dot";
    TakeDot = "take_dot", "take back", "take a dot back";
    CloseVote = "close_vote", "close vote", "close the vote: no more ballots";
    Reveal = "reveal", "reveal", "reveal the results";
    AnotherVote = "another_vote", "another", "open another vote";
    MoreGroups = "more_groups", "groups", "one group more";
    FewerGroups = "fewer_groups", "groups", "one group fewer";
    Draw = "draw", "draw", "draw the groups (again: a new draw)";
    Revoke = "revoke", "revoke", "revoke the device ({confirm.yes} to confirm); it can no longer send answers";
    NewCode = "new_code", "new code", "a new join code (devices already in keep working)";
    QrCode = "qr_code", "QR code", "the QR code of the join address, large";
    StopSharing = "stop_sharing", "stop", "stop sharing ({confirm.yes} to confirm)";
    Yes = "yes", "yes", "yes, do it";
    No = "no", "no", "no, leave it";
    Discard = "discard", "discard", "discard the text in the box and quit";
    Send = "send", "send", "send your vote";
    Impact = "impact", "impact", "ratings: choose impact";
    Uncertainty = "uncertainty", "uncertainty", "ratings: choose uncertainty";
    OtherAxis = "other_axis", "impact/uncertainty", "ratings: the other of impact and uncertainty";
    More = "more", "+1", "ratings: one more";
    Less = "less", "-1", "ratings: one less";
    Clear = "clear", "clear", "ratings: clear the chosen value";
    // The home screen's plans, and the plan editor.
    EditPlan = "edit_plan", "edit plan", "edit the chosen plan (a built-in one as a copy of your own)";
    NewPlan = "new_plan", "new plan", "a new plan of your own, empty";
    AddPart = "add", "add", "add an exercise, or an item to the list the cursor is in";
    RemovePart = "remove", "remove", "remove the exercise, or the item the cursor is in";
    Duplicate = "duplicate", "duplicate", "duplicate the exercise, or the item the cursor is in";
    MoveUp = "move_up", "move up", "move the exercise or item up";
    MoveDown = "move_down", "move down", "move the exercise or item down";
    Preview = "preview", "preview", "show the exercise's board as the room will see it, with sample answers";
    // Editing the text, in every box.
    UndoTyping = "undo_typing", "undo", "undo typing";
    RedoTyping = "redo_typing", "redo", "redo typing";
    DeleteWordBefore = "delete_word_before", "delete word", "delete the word before the cursor";
    DeleteWordAfter = "delete_word_after", "delete word", "delete the word after the cursor";
    DeleteToLineStart = "delete_to_line_start", "delete line", "delete to the start of the line";
    DeleteToLineEnd = "delete_to_line_end", "delete line", "delete to the end of the line";
    WordLeft = "word_left", "word", "a word left";
    WordRight = "word_right", "word", "a word right";
    LineStart = "line_start", "line", "the start of the line";
    LineEnd = "line_end", "line", "the end of the line";
}
