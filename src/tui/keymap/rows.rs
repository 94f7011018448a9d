//! What the default tables of the panels are made of: a [`Row`] for each command (its keys,
//! its bar word, its help line), a [`Panel`] for each context, and the keys and notes the
//! tables share. The plan editor's tables (`editor.rs`) and the others (`panels.rs`) are
//! written with these.

use ratatui::crossterm::event::KeyCode;

use super::{Command, Context, Key};

/// One command of a context: its default keys, its bar word and its help line there.
pub struct Row {
    pub command: Command,
    pub keys: &'static [Key],
    pub label: &'static str,
    pub help: &'static str,
}

/// A context's default table, and what its help says besides its keys (typed text, digits).
pub struct Panel {
    pub context: Context,
    pub rows: &'static [Row],
    pub notes: &'static [(&'static str, &'static str)],
    /// The commands its key bar shows, in the table's order (empty: all of them).
    pub bar: &'static [Command],
    /// What the key bar says first besides keys of the table ("1-5 rate").
    pub bar_notes: &'static [(&'static str, &'static str)],
}

pub(super) const fn row(
    command: Command,
    keys: &'static [Key],
    label: &'static str,
    help: &'static str,
) -> Row {
    Row {
        command,
        keys,
        label,
        help,
    }
}

pub(super) const ESC: Key = Key::plain(KeyCode::Esc);
pub(super) const ENTER: Key = Key::plain(KeyCode::Enter);
pub(super) const UP: Key = Key::plain(KeyCode::Up);
pub(super) const DOWN: Key = Key::plain(KeyCode::Down);
pub(super) const LEFT: Key = Key::plain(KeyCode::Left);
pub(super) const RIGHT: Key = Key::plain(KeyCode::Right);
pub(super) const TAB: Key = Key::plain(KeyCode::Tab);
pub(super) const BACKTAB: Key = Key::plain(KeyCode::BackTab);
pub(super) const HOME: Key = Key::plain(KeyCode::Home);
pub(super) const END: Key = Key::plain(KeyCode::End);
pub(super) const PGUP: Key = Key::plain(KeyCode::PageUp);
pub(super) const PGDN: Key = Key::plain(KeyCode::PageDown);
pub(super) const BKSP: Key = Key::plain(KeyCode::Backspace);
pub(super) const DEL: Key = Key::plain(KeyCode::Delete);
pub(super) const fn c(ch: char) -> Key {
    Key::char(ch)
}

pub(super) const TYPED: (&str, &str) = (
    "typing",
    "goes into the field; the editing keys work as in the box",
);

pub(super) const fn ctrl(ch: char) -> Key {
    Key::ctrl(ch)
}
pub(super) const fn alt(code: KeyCode) -> Key {
    Key::alt(code)
}
pub(super) const fn ctrl_key(code: KeyCode) -> Key {
    Key {
        code,
        ctrl: true,
        alt: false,
        shift: false,
    }
}
