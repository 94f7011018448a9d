//! The default tables of the home screen, the panels, dialogs and forms over the run screen, the
//! help overlay and the note-taker's vote panel: for each, its commands in the order the help
//! lists them, each with its keys, its word on the key bar and its line in the help as that
//! context words it. The key handling, the key bar and the help read these through
//! [`Keymap`](super::Keymap), so they cannot disagree; a keys file remaps them like any other
//! table. The plan editor's tables are written in `editor.rs` and listed here with the rest;
//! what a table is made of is in `rows.rs`.

use ratatui::crossterm::event::KeyCode;

use super::rows::{
    BACKTAB, BKSP, DEL, DOWN, END, ENTER, ESC, HOME, LEFT, PGDN, PGUP, Panel, RIGHT, Row, TAB,
    TYPED, UP, alt, c, ctrl, ctrl_key, row,
};
use super::{Command, Context, Key, editor};

use Command as C;

/// Every panel's default table, the plan editor's first.
pub const PANELS: &[Panel] = &[
    editor::PLAN_EDITOR,
    editor::PLAN_FIELD,
    editor::KIND_PICKER,
    Panel {
        context: Context::Editing,
        rows: &[
            row(C::UndoTyping, &[ctrl('z')], "undo", "undo typing"),
            row(
                C::RedoTyping,
                &[ctrl('y')],
                "redo",
                "redo typing (Ctrl-Shift-Z redoes too, where the terminal tells it apart)",
            ),
            row(
                C::DeleteWordBefore,
                &[ctrl('w'), alt(KeyCode::Backspace)],
                "delete word",
                "delete the word before the cursor",
            ),
            row(
                C::DeleteWordAfter,
                &[alt(KeyCode::Char('d'))],
                "delete word",
                "delete the word after the cursor",
            ),
            row(
                C::DeleteToLineStart,
                &[ctrl('u')],
                "delete line",
                "delete to the start of the line",
            ),
            row(
                C::DeleteToLineEnd,
                &[ctrl('k')],
                "delete line",
                "delete to the end of the line",
            ),
            row(
                C::WordLeft,
                &[
                    ctrl_key(KeyCode::Left),
                    alt(KeyCode::Left),
                    alt(KeyCode::Char('b')),
                ],
                "word",
                "move a word left",
            ),
            row(
                C::WordRight,
                &[
                    ctrl_key(KeyCode::Right),
                    alt(KeyCode::Right),
                    alt(KeyCode::Char('f')),
                ],
                "word",
                "move a word right",
            ),
            row(C::LineStart, &[HOME], "line", "the start of the line"),
            row(C::LineEnd, &[END], "line", "the end of the line"),
        ],
        notes: &[
            ("← → Bksp Del", "move and delete a character"),
            ("↑ ↓", "move by row as shown (the box grows, then scrolls)"),
        ],
        bar: &[],
        bar_notes: &[],
    },
    Panel {
        context: Context::Home,
        rows: &[
            row(C::Up, &[UP, c('k')], "choose", "the plan or session above"),
            row(
                C::Down,
                &[DOWN, c('j')],
                "choose",
                "the plan or session below",
            ),
            row(
                C::SwitchList,
                &[TAB, BACKTAB, LEFT, RIGHT],
                "switch",
                "between plans and sessions",
            ),
            row(
                C::Open,
                &[ENTER],
                "open",
                "open the session, or start one from the plan",
            ),
            row(
                C::NewSession,
                &[c('n')],
                "new session",
                "a new session from the chosen plan",
            ),
            row(
                C::EditPlan,
                &[c('e')],
                "edit",
                "edit the chosen plan (a built-in plan is edited as a copy of your own)",
            ),
            row(
                C::NewPlan,
                &[c('N')],
                "new plan",
                "a new plan of your own, empty",
            ),
            row(C::Help, &[c('?')], "help", "this help"),
            row(C::Quit, &[c('q')], "quit", "quit"),
        ],
        notes: &[],
        // Every key of the home screen fits 80 columns ("switch" for Tab keeps it short).
        bar: &[
            C::Up,
            C::Down,
            C::SwitchList,
            C::Open,
            C::NewSession,
            C::EditPlan,
            C::NewPlan,
            C::Help,
            C::Quit,
        ],
        bar_notes: &[],
    },
    Panel {
        context: Context::NewSessionForm,
        rows: &[
            row(C::Save, &[ENTER], "start", "create the session and open it"),
            row(C::NextField, &[TAB, DOWN], "field", "next field"),
            row(C::PreviousField, &[BACKTAB, UP], "field", "previous field"),
            row(
                C::NewLine,
                &[Key::alt(KeyCode::Enter), Key::shift(KeyCode::Enter)],
                "new line",
                "a line break in the notes or the introduction",
            ),
            row(
                C::Close,
                &[ESC],
                "cancel",
                "close the form; nothing is made",
            ),
        ],
        notes: &[TYPED],
        bar: &[],
        bar_notes: &[],
    },
    Panel {
        context: Context::Help,
        rows: &[
            row(C::Down, &[DOWN, c('j')], "scroll", "scroll down a row"),
            row(C::Up, &[UP, c('k')], "scroll", "scroll up a row"),
            row(C::PageDown, &[PGDN, c(' ')], "page", "scroll down ten rows"),
            row(C::PageUp, &[PGUP], "page", "scroll up ten rows"),
            row(
                C::Close,
                &[ESC, Key::plain(KeyCode::F(1)), c('?'), c('q'), ENTER],
                "close",
                "close the help",
            ),
        ],
        notes: &[],
        bar: &[],
        bar_notes: &[],
    },
    Panel {
        context: Context::QuitQuestion,
        rows: &[
            row(
                C::Save,
                &[c('s'), c('S'), ENTER],
                "save and quit",
                "save the text in the box, then quit",
            ),
            row(
                C::Discard,
                &[c('d'), c('D')],
                "discard",
                "discard the text in the box and quit (entries waiting elsewhere are kept)",
            ),
            row(
                C::Back,
                &[ESC, c('g'), c('G')],
                "go back",
                "back to the box; nothing saved or discarded",
            ),
        ],
        notes: &[],
        bar: &[],
        bar_notes: &[],
    },
    Panel {
        context: Context::Confirm,
        rows: &[
            row(C::Yes, &[c('y'), c('Y')], "yes", "yes, do it"),
            row(C::No, &[c('n'), c('N'), ESC], "no", "no: nothing is done"),
        ],
        notes: &[(
            "other keys",
            "withdrawing waits for {confirm.yes} or {confirm.no}; elsewhere they keep",
        )],
        bar: &[],
        bar_notes: &[],
    },
    Panel {
        context: Context::Spotlight,
        rows: &[row(
            C::Close,
            &[ESC, c(' '), ENTER],
            "end",
            "end the spotlight",
        )],
        notes: &[],
        bar: &[],
        bar_notes: &[],
    },
    Panel {
        context: Context::MoveToGroup,
        rows: &[
            row(C::Up, &[UP, c('k')], "choose", "the group above"),
            row(C::Down, &[DOWN, c('j')], "choose", "the group below"),
            row(
                C::Confirm,
                &[ENTER],
                "move",
                "move the answer to that group",
            ),
            row(C::Close, &[ESC], "cancel", "close; nothing moves"),
        ],
        notes: &[("1–9", "choose the group by its number")],
        bar: &[],
        bar_notes: &[],
    },
    Panel {
        context: Context::NewGroup,
        rows: &[
            row(C::Save, &[ENTER], "add", "add the group"),
            row(C::Close, &[ESC], "cancel", "close; no group is added"),
        ],
        notes: &[TYPED],
        bar: &[],
        bar_notes: &[],
    },
    Panel {
        context: Context::Details,
        rows: &[
            row(C::Save, &[ENTER], "save", "save the details"),
            row(C::NextField, &[TAB, DOWN], "field", "next field"),
            row(C::PreviousField, &[BACKTAB, UP], "field", "previous field"),
            row(
                C::NewLine,
                &[Key::alt(KeyCode::Enter), Key::shift(KeyCode::Enter)],
                "new line",
                "a line break in the notes or the introduction",
            ),
            row(C::Close, &[ESC], "cancel", "close; nothing is saved"),
        ],
        notes: &[TYPED],
        bar: &[],
        bar_notes: &[],
    },
    Panel {
        context: Context::Breakout,
        rows: &[
            row(
                C::Draw,
                &[Key::ctrl('d')],
                "draw",
                "draw the groups (again: a new draw)",
            ),
            row(C::MoreGroups, &[PGUP], "groups", "one group more"),
            row(C::FewerGroups, &[PGDN], "groups", "one group fewer"),
            row(
                C::NewLine,
                &[ENTER],
                "next name",
                "a new line: the next name",
            ),
            row(C::Close, &[ESC], "close", "close (nothing is saved)"),
        ],
        notes: &[("typing", "names, one per line (typed or pasted)")],
        bar: &[],
        bar_notes: &[],
    },
    Panel {
        context: Context::Themes,
        rows: &[
            row(C::Up, &[UP, c('k')], "choose", "the theme above"),
            row(C::Down, &[DOWN, c('j')], "choose", "the theme below"),
            row(
                C::Place,
                &[ENTER],
                "put in",
                "put the selected answer in the theme",
            ),
            row(
                C::NewTheme,
                &[c('n')],
                "new",
                "a new theme (type its name); the answer goes in",
            ),
            row(
                C::Split,
                &[c('s')],
                "split",
                "split: a new theme taking the answer out of its old one",
            ),
            row(C::Rename, &[c('r')], "rename", "rename the theme"),
            row(C::Merge, &[c('m')], "merge", "merge the theme into another"),
            row(
                C::TakeOut,
                &[c('x'), DEL, BKSP],
                "take out",
                "take the answer out of any theme",
            ),
            row(C::Close, &[ESC], "close", "close the panel"),
        ],
        notes: &[
            ("1–9", "choose a theme by its number"),
            (
                "",
                "boards list answers under their theme, then \"no theme\"",
            ),
        ],
        bar: &[],
        bar_notes: &[],
    },
    Panel {
        context: Context::ThemeName,
        rows: &[
            row(C::Save, &[ENTER], "save", "save the name"),
            row(C::Back, &[ESC], "back", "back to the themes; nothing named"),
        ],
        notes: &[TYPED],
        bar: &[],
        bar_notes: &[],
    },
    Panel {
        context: Context::ThemeMerge,
        rows: &[
            row(C::Up, &[UP, c('k')], "choose", "the theme above"),
            row(C::Down, &[DOWN, c('j')], "choose", "the theme below"),
            row(C::Confirm, &[ENTER], "merge", "merge into the chosen theme"),
            row(
                C::Back,
                &[ESC],
                "back",
                "back to the themes; nothing merged",
            ),
        ],
        notes: &[],
        bar: &[],
        bar_notes: &[],
    },
    Panel {
        context: Context::VoteSetup,
        rows: &[
            row(
                C::Up,
                &[UP, c('k')],
                "choose",
                "the vote above (the plan's first is first)",
            ),
            row(C::Down, &[DOWN, c('j')], "choose", "the vote below"),
            row(C::MoreDots, &[c('+')], "dots", "dots: one more each"),
            row(C::FewerDots, &[c('-')], "dots", "dots: one fewer each"),
            row(
                C::Limit,
                &[c('l')],
                "limit",
                "dots: a limit per item (none, 1, 2…)",
            ),
            row(C::Confirm, &[ENTER], "open it", "open the chosen vote"),
            row(C::Close, &[ESC], "close", "close the panel"),
        ],
        notes: &[],
        bar: &[],
        bar_notes: &[],
    },
    Panel {
        context: Context::Vote,
        rows: &[
            row(C::Up, &[UP, c('k')], "item", "the item above"),
            row(C::Down, &[DOWN, c('j')], "item", "the item below"),
            row(C::First, &[HOME], "first/last", "the first item"),
            row(C::Last, &[END], "first/last", "the last item"),
            row(
                C::PreviousGroup,
                &[LEFT, c('h')],
                "group",
                "the previous group's votes, from its first item",
            ),
            row(
                C::NextGroup,
                &[RIGHT, c('l')],
                "group",
                "the next group's votes, from its first item",
            ),
            row(
                C::Dot,
                &[c('+'), c(' ')],
                "dot",
                "dots: give the item a dot",
            ),
            row(C::TakeDot, &[c('-')], "take back", "dots: take a dot back"),
            row(
                C::CloseVote,
                &[c('c')],
                "close vote",
                "close the vote: no more ballots",
            ),
            row(C::Reveal, &[c('r')], "reveal", "reveal the results"),
            row(C::AnotherVote, &[c('o')], "another", "open another vote"),
            row(
                C::Close,
                &[ESC],
                "close",
                "a half-typed rating is dropped; else the panel closes",
            ),
        ],
        notes: &[
            (
                "two digits",
                "a rating: impact, then uncertainty (1–5); then on to the next item",
            ),
            (
                "",
                "results stay hidden until revealed; F5 shows them to the room",
            ),
        ],
        bar: &[
            C::Up,
            C::Down,
            C::PreviousGroup,
            C::NextGroup,
            C::Dot,
            C::TakeDot,
            C::CloseVote,
            C::Reveal,
            C::AnotherVote,
            C::Close,
        ],
        bar_notes: &[],
    },
    Panel {
        context: Context::AxesPick,
        rows: &[
            row(C::Up, &[UP, c('k')], "choose", "the uncertainty above"),
            row(C::Down, &[DOWN, c('j')], "choose", "the uncertainty below"),
            row(
                C::Confirm,
                &[ENTER, c(' ')],
                "pick",
                "pick it: the horizontal axis, then the vertical",
            ),
            row(C::Back, &[ESC], "back", "take back the last pick, or close"),
        ],
        notes: &[],
        bar: &[],
        bar_notes: &[],
    },
    Panel {
        context: Context::SeedPick,
        rows: &[
            row(C::Up, &[UP, c('k')], "choose", "the answer above"),
            row(C::Down, &[DOWN, c('j')], "choose", "the answer below"),
            row(
                C::Confirm,
                &[ENTER, c(' ')],
                "pick",
                "pick it: it seeds the exercise (the latest pick is the seed)",
            ),
            row(C::Back, &[ESC], "close", "close the list, picking nothing"),
        ],
        notes: &[],
        bar: &[],
        bar_notes: &[],
    },
    Panel {
        context: Context::AxesName,
        rows: &[
            row(
                C::Confirm,
                &[ENTER],
                "next/save",
                "the next field; on the last one, save the axes",
            ),
            row(C::NextField, &[TAB, DOWN], "field", "next field"),
            row(C::PreviousField, &[BACKTAB, UP], "field", "previous field"),
            row(C::Back, &[ESC], "pick again", "back to picking the axes"),
        ],
        notes: &[(
            "typing",
            "each axis's name and its two poles; a pre-filled name is selected, typing replaces it",
        )],
        bar: &[],
        bar_notes: &[],
    },
    Panel {
        context: Context::NoteTakers,
        rows: &[
            row(C::Up, &[UP, c('k')], "choose", "the device above"),
            row(C::Down, &[DOWN, c('j')], "choose", "the device below"),
            row(
                C::Revoke,
                &[c('x')],
                "revoke",
                "revoke it ({confirm.yes} to confirm); it can no longer send answers",
            ),
            row(
                C::NewCode,
                &[c('c')],
                "new code",
                "a new join code (devices already in keep working)",
            ),
            row(
                C::QrCode,
                &[c('v')],
                "QR code",
                "the QR code of the join address, large",
            ),
            row(
                C::StopSharing,
                &[c('S')],
                "stop",
                "stop sharing ({confirm.yes} to confirm)",
            ),
            row(
                C::Close,
                &[ESC, Key::plain(KeyCode::F(6))],
                "close",
                "close the panel",
            ),
        ],
        notes: &[],
        bar: &[],
        bar_notes: &[],
    },
    Panel {
        context: Context::JoinDots,
        rows: &[
            row(C::Up, &[UP], "item", "the item above"),
            row(C::Down, &[DOWN], "item", "the item below"),
            row(C::PageUp, &[PGUP], "page", "five items up"),
            row(C::PageDown, &[PGDN], "page", "five items down"),
            row(C::First, &[HOME], "first/last", "the first item"),
            row(C::Last, &[END], "first/last", "the last item"),
            row(
                C::Dot,
                &[c('+'), c('='), RIGHT],
                "add dot",
                "put a dot on the item",
            ),
            row(
                C::TakeDot,
                &[c('-'), c('_'), LEFT, BKSP, DEL],
                "take off",
                "take a dot off the item",
            ),
            row(C::Send, &[ENTER], "send", "send your vote"),
            row(
                C::Close,
                &[ESC],
                "close",
                "close without sending (your typing waits)",
            ),
        ],
        notes: &[],
        bar: &[C::Up, C::Down, C::Dot, C::TakeDot, C::Send, C::Close],
        bar_notes: &[],
    },
    Panel {
        context: Context::JoinRating,
        rows: &[
            row(C::Up, &[UP], "item", "the item above"),
            row(C::Down, &[DOWN], "item", "the item below"),
            row(C::PageUp, &[PGUP], "page", "five items up"),
            row(C::PageDown, &[PGDN], "page", "five items down"),
            row(C::First, &[HOME], "first/last", "the first item"),
            row(C::Last, &[END], "first/last", "the last item"),
            row(C::Impact, &[LEFT], "impact/uncertainty", "choose impact"),
            row(
                C::Uncertainty,
                &[RIGHT],
                "impact/uncertainty",
                "choose uncertainty",
            ),
            row(
                C::OtherAxis,
                &[TAB],
                "impact/uncertainty",
                "the other of impact and uncertainty",
            ),
            row(C::More, &[c('+'), c('=')], "±1", "one more"),
            row(C::Less, &[c('-'), c('_')], "±1", "one less"),
            row(
                C::Clear,
                &[c('0'), BKSP, DEL],
                "clear",
                "clear the chosen value",
            ),
            row(C::Send, &[ENTER], "send", "send your vote"),
            row(
                C::Close,
                &[ESC],
                "close",
                "close without sending (your typing waits)",
            ),
        ],
        notes: &[("1 … 5", "set the chosen value")],
        bar: &[
            C::Up,
            C::Down,
            C::Impact,
            C::Uncertainty,
            C::Send,
            C::Close,
            C::Clear,
        ],
        bar_notes: &[("1-5", "rate")],
    },
];

/// The panel table of `context`, if it is one.
pub fn panel(context: Context) -> Option<&'static Panel> {
    PANELS.iter().find(|p| p.context == context)
}

/// How `context` words `command`: its bar word and its help line.
pub fn row_of(context: Context, command: Command) -> Option<&'static Row> {
    panel(context)?.rows.iter().find(|r| r.command == command)
}
