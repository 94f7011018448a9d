//! The capture box: a small multi-line editor. Text is kept as typed (pastes keep their line
//! breaks; CRLF becomes LF); only drawing wraps it.

use std::cell::Cell;

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use unicode_segmentation::UnicodeSegmentation;

use crate::model::text::{MAX_FIELD_BYTES, normalize_newlines};
use crate::tui::keymap::Command;

mod history;
mod layout;
#[cfg(test)]
mod tests;

use history::{Edit, History};
use layout::*;

/// Undo steps kept per box.
const MAX_STEPS: usize = 200;
/// Bytes of removed and inserted text kept for undo per box (the newest step is always kept).
const MAX_HISTORY_BYTES: usize = 4 * MAX_FIELD_BYTES;

#[derive(Debug, Clone, Default)]
pub struct TextBox {
    text: String,
    /// Byte offset of the cursor: a char boundary, normally a grapheme boundary.
    cursor: usize,
    history: History,
    /// Width the box was last drawn at (0: not yet), so Up / Down can move by wrapped row.
    width: Cell<u16>,
    /// The whole text is selected (a pre-filled name): the first typed character or paste
    /// replaces it, Backspace or Delete empties the box, and a moving key keeps the text and
    /// moves the cursor as usual.
    selected: bool,
}

/// Boxes are equal when their content and cursor are; history and width are not content.
impl PartialEq for TextBox {
    fn eq(&self, other: &Self) -> bool {
        self.text == other.text && self.cursor == other.cursor
    }
}
impl Eq for TextBox {}

/// Why an insertion was refused; nothing was inserted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TooLong {
    pub would_be: usize,
}

impl TextBox {
    pub fn text(&self) -> &str {
        &self.text
    }
    pub fn cursor(&self) -> usize {
        self.cursor
    }
    pub fn is_blank(&self) -> bool {
        self.text.trim().is_empty()
    }
    /// New content: the cursor goes to the end and the undo history starts afresh.
    pub fn set(&mut self, text: &str) {
        self.text = text.to_owned();
        self.cursor = self.text.len();
        self.history = History::default();
        self.selected = false;
    }
    /// Empties the box (the undo history too) and returns what it held.
    pub fn take(&mut self) -> String {
        self.cursor = 0;
        self.history = History::default();
        self.selected = false;
        std::mem::take(&mut self.text)
    }
    /// Selects the whole text (when there is any), the cursor at its end: what is typed or
    /// pasted next replaces it.
    pub fn select_all(&mut self) {
        self.cursor = self.text.len();
        self.selected = !self.text.is_empty();
    }
    /// Whether the whole text is selected.
    pub fn is_selected(&self) -> bool {
        self.selected
    }
    /// Tells the box the width it is drawn at (`view` does this itself).
    pub fn set_width(&self, width: u16) {
        self.width.set(width);
    }

    /// Replaces `at..end` with `inserted`, leaving the cursor after it, as one undo step.
    fn edit(&mut self, at: usize, end: usize, inserted: &str, typed: bool) {
        self.selected = false;
        let removed = self.text[at..end].to_owned();
        let cursor_before = self.cursor;
        self.text.replace_range(at..end, inserted);
        self.cursor = at + inserted.len();
        let edit = Edit {
            at,
            removed,
            inserted: inserted.to_owned(),
            cursor_before,
            cursor_after: self.cursor,
        };
        self.history.record(edit, typed);
    }
    /// Ends the current run of typing, so the next character starts a new undo step.
    fn seal(&mut self) {
        self.history.open = false;
        self.selected = false;
    }

    /// Takes back the newest edit; false when there is none.
    pub fn undo(&mut self) -> bool {
        let Some(e) = self.history.undo.pop_back() else {
            return false;
        };
        self.text
            .replace_range(e.at..e.at + e.inserted.len(), &e.removed);
        self.cursor = e.cursor_before;
        self.history.redo.push(e);
        self.seal();
        true
    }
    /// Does again the newest undone edit; false when there is none.
    pub fn redo(&mut self) -> bool {
        let Some(e) = self.history.redo.pop() else {
            return false;
        };
        self.text
            .replace_range(e.at..e.at + e.removed.len(), &e.inserted);
        self.cursor = e.cursor_after;
        self.history.undo.push_back(e);
        self.seal();
        true
    }

    /// Inserts typed or pasted text at the cursor, whole or not at all. One character joins
    /// the typing before it in one undo step; a longer paste is a step of its own.
    /// With the whole text selected, it replaces the text, as one undo step of its own.
    pub fn insert(&mut self, s: &str) -> Result<(), TooLong> {
        let s = normalize_newlines(s);
        let kept = if self.selected { 0 } else { self.text.len() };
        let would_be = kept + s.len();
        if would_be > MAX_FIELD_BYTES {
            return Err(TooLong { would_be });
        }
        if s.is_empty() {
            return Ok(());
        }
        if self.selected {
            self.edit(0, self.text.len(), &s, false);
            return Ok(());
        }
        let typed = s.chars().nth(1).is_none();
        self.edit(self.cursor, self.cursor, &s, typed);
        Ok(())
    }

    fn prev_boundary(&self) -> Option<usize> {
        self.text[..self.cursor]
            .grapheme_indices(true)
            .next_back()
            .map(|(i, _)| i)
    }
    fn next_boundary(&self) -> Option<usize> {
        self.text[self.cursor..]
            .graphemes(true)
            .next()
            .map(|g| self.cursor + g.len())
    }

    /// The character before the cursor; with the whole text selected, all of it.
    pub fn backspace(&mut self) {
        if self.selected {
            return self.edit(0, self.text.len(), "", false);
        }
        if let Some(i) = self.prev_boundary() {
            self.edit(i, self.cursor, "", false);
        }
    }
    /// The character after the cursor; with the whole text selected, all of it.
    pub fn delete(&mut self) {
        if self.selected {
            return self.edit(0, self.text.len(), "", false);
        }
        if let Some(j) = self.next_boundary() {
            self.edit(self.cursor, j, "", false);
        }
    }
    pub fn left(&mut self) {
        self.seal();
        if let Some(i) = self.prev_boundary() {
            self.cursor = i;
        }
    }
    pub fn right(&mut self) {
        self.seal();
        if let Some(j) = self.next_boundary() {
            self.cursor = j;
        }
    }

    /// Start of the word before the cursor: whitespace is skipped, then one word (letters,
    /// digits, `_`, as Unicode word boundaries group them) or one run of other symbols.
    fn word_before(&self) -> usize {
        let mut segs = self.text[..self.cursor]
            .split_word_bound_indices()
            .rev()
            .peekable();
        let mut pos = self.cursor;
        while let Some((i, _)) = segs.next_if(|(_, s)| is_space(s)) {
            pos = i;
        }
        match segs.next() {
            None => pos,
            Some((i, s)) if is_wordy(s) => i,
            Some((mut i, _)) => {
                while let Some((j, _)) = segs.next_if(|(_, s)| !is_space(s) && !is_wordy(s)) {
                    i = j;
                }
                i
            }
        }
    }
    /// End of the word after the cursor, mirroring `word_before`.
    fn word_after(&self) -> usize {
        let base = self.cursor;
        let mut segs = self.text[base..].split_word_bound_indices().peekable();
        let mut pos = base;
        while let Some((i, s)) = segs.next_if(|(_, s)| is_space(s)) {
            pos = base + i + s.len();
        }
        match segs.next() {
            None => pos,
            Some((i, s)) if is_wordy(s) => base + i + s.len(),
            Some((mut i, mut s)) => {
                while let Some((j, t)) = segs.next_if(|(_, s)| !is_space(s) && !is_wordy(s)) {
                    (i, s) = (j, t);
                }
                base + i + s.len()
            }
        }
    }
    pub fn word_left(&mut self) {
        self.seal();
        self.cursor = self.word_before();
    }
    pub fn word_right(&mut self) {
        self.seal();
        self.cursor = self.word_after();
    }
    /// Deletes the word before the cursor (Ctrl-W, Alt-Backspace).
    pub fn delete_word_before(&mut self) {
        let at = self.word_before();
        if at < self.cursor {
            self.edit(at, self.cursor, "", false);
        }
    }
    /// Deletes the word after the cursor (Alt-D).
    pub fn delete_word_after(&mut self) {
        let end = self.word_after();
        if end > self.cursor {
            self.edit(self.cursor, end, "", false);
        }
    }
    /// Deletes to the start of the line (Ctrl-U); at a line's start, joins it to the one above.
    pub fn delete_to_line_start(&mut self) {
        let at = match self.line_start() {
            s if s < self.cursor => s,
            _ => self.cursor.saturating_sub(1),
        };
        if at < self.cursor {
            self.edit(at, self.cursor, "", false);
        }
    }
    /// Deletes to the end of the line (Ctrl-K); at a line's end, joins the next line to it.
    pub fn delete_to_line_end(&mut self) {
        let end = match self.line_end() {
            e if e > self.cursor => e,
            _ => (self.cursor + 1).min(self.text.len()),
        };
        if end > self.cursor {
            self.edit(self.cursor, end, "", false);
        }
    }

    fn line_start(&self) -> usize {
        self.text[..self.cursor].rfind('\n').map_or(0, |i| i + 1)
    }
    fn line_end(&self) -> usize {
        self.text[self.cursor..]
            .find('\n')
            .map_or(self.text.len(), |i| self.cursor + i)
    }
    /// To the start of the logical line (not the wrapped row).
    pub fn home(&mut self) {
        self.seal();
        self.cursor = self.line_start();
    }
    /// To the end of the logical line (not the wrapped row).
    pub fn end(&mut self) {
        self.seal();
        self.cursor = self.line_end();
    }
    /// Column (in graphemes) of the cursor within its line.
    fn column(&self) -> usize {
        self.text[self.line_start()..self.cursor]
            .graphemes(true)
            .count()
    }
    fn move_to_column(&mut self, start: usize, col: usize) {
        let end = self.text[start..]
            .find('\n')
            .map_or(self.text.len(), |i| start + i);
        self.cursor = self.text[start..end]
            .grapheme_indices(true)
            .nth(col)
            .map_or(end, |(i, _)| start + i);
    }
    fn known_width(&self) -> Option<usize> {
        match self.width.get() {
            0 => None,
            w => Some(usize::from(w).max(2)),
        }
    }
    /// The wrapped rows (absolute byte ranges) of the cursor's line, near the cursor, and the
    /// cursor's (row, column) among them; the row is one past the last when the cursor sits
    /// after a full last row.
    fn cursor_rows(&self, width: usize) -> (Vec<(usize, usize)>, usize, usize) {
        let (lo, hi) = window(&self.text, self.line_start(), self.line_end(), self.cursor);
        let line = &self.text[lo..hi];
        let rows: Vec<(usize, usize)> = row_ranges(line, width)
            .into_iter()
            .map(|(s, e)| (lo + s, lo + e))
            .collect();
        let c = self.cursor;
        let r = rows
            .iter()
            .position(|&(s, e)| s <= c && c < e)
            .unwrap_or(rows.len() - 1);
        let (s, e) = rows[r];
        let col = column_of(&self.text[s..e], width, c - s);
        if col >= width {
            (rows, r + 1, 0)
        } else {
            (rows, r, col)
        }
    }
    /// The offset in row `s..e` at display column `col`; past the row's end only when `last`.
    fn at_column(&self, (s, e): (usize, usize), col: usize, last: bool, width: usize) -> usize {
        let row = &self.text[s..e];
        let mut c = 0;
        let mut prev = s;
        for (i, g) in row.grapheme_indices(true) {
            let w = cell_width(g, c, width);
            if c + w > col {
                return s + i;
            }
            c += w;
            prev = s + i;
        }
        if last { e } else { prev }
    }
    /// Up one wrapped row at the same column when the drawn width is known, else one line.
    pub fn up(&mut self) {
        self.seal();
        let Some(width) = self.known_width() else {
            return self.up_line();
        };
        let (rows, r, col) = self.cursor_rows(width);
        if r > 0 {
            self.cursor = self.at_column(rows[r - 1], col, r == rows.len(), width);
            return;
        }
        let start = self.line_start();
        if rows[0].0 > start {
            self.cursor = rows[0].0;
            return;
        }
        if start == 0 {
            self.cursor = 0;
            return;
        }
        let prev_start = self.text[..start - 1].rfind('\n').map_or(0, |i| i + 1);
        let (lo, hi) = window(&self.text, prev_start, start - 1, start - 1);
        let (s, e) = row_ranges(&self.text[lo..hi], width)
            .pop()
            .unwrap_or((0, 0));
        self.cursor = self.at_column((lo + s, lo + e), col, true, width);
    }
    /// Down one wrapped row at the same column when the drawn width is known, else one line.
    pub fn down(&mut self) {
        self.seal();
        let Some(width) = self.known_width() else {
            return self.down_line();
        };
        let (rows, r, col) = self.cursor_rows(width);
        if r + 1 < rows.len() {
            self.cursor = self.at_column(rows[r + 1], col, r + 2 == rows.len(), width);
            return;
        }
        let end = self.line_end();
        let last_end = rows.last().map_or(end, |&(_, e)| e);
        if last_end < end {
            self.cursor = last_end;
            return;
        }
        if end == self.text.len() {
            self.cursor = end;
            return;
        }
        let next_end = self.text[end + 1..]
            .find('\n')
            .map_or(self.text.len(), |i| end + 1 + i);
        let (lo, hi) = window(&self.text, end + 1, next_end, end + 1);
        let rows = row_ranges(&self.text[lo..hi], width);
        let (s, e) = rows[0];
        self.cursor = self.at_column((lo + s, lo + e), col, rows.len() == 1, width);
    }
    fn up_line(&mut self) {
        let start = self.line_start();
        if start == 0 {
            self.cursor = 0;
            return;
        }
        let col = self.column();
        let prev_start = self.text[..start - 1].rfind('\n').map_or(0, |i| i + 1);
        self.move_to_column(prev_start, col);
    }
    fn down_line(&mut self) {
        let end = self.line_end();
        if end == self.text.len() {
            self.cursor = end;
            return;
        }
        let col = self.column();
        self.move_to_column(end + 1, col);
    }

    /// Handles a key in the box: `edit` is the editing command the keymap gives it (Ctrl-W,
    /// Alt-B…, see [`Keymap::edit`](crate::tui::keymap::Keymap::edit)), else typing, deleting
    /// and moving by a character. Returns whether the key was one of the box's own (the screen
    /// then does nothing else with it). Enter is never the box's: each screen decides what
    /// Enter means. `multiline`: Up / Down move between rows.
    pub fn key(&mut self, key: &KeyEvent, edit: Option<Command>, multiline: bool) -> bool {
        let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
        let alt = key.modifiers.contains(KeyModifiers::ALT);
        let shift = key.modifiers.contains(KeyModifiers::SHIFT);
        // Ctrl-Shift-Z redoes too: a keys file names Ctrl-Z and Ctrl-Shift-Z alike.
        let capital = key.code == KeyCode::Char('Z');
        if matches!(key.code, KeyCode::Char('z' | 'Z')) && ctrl && (shift || capital) && !alt {
            self.redo();
            return true;
        }
        if let Some(command) = edit {
            return self.run(command);
        }
        match key.code {
            KeyCode::Backspace if !ctrl && !alt => self.backspace(),
            KeyCode::Delete if !ctrl && !alt => self.delete(),
            KeyCode::Left if !ctrl && !alt => self.left(),
            KeyCode::Right if !ctrl && !alt => self.right(),
            KeyCode::Up if multiline => self.up(),
            KeyCode::Down if multiline => self.down(),
            KeyCode::Char(c) if !ctrl && !alt => {
                let _ = self.insert(c.encode_utf8(&mut [0; 4]));
            }
            _ => return false,
        }
        true
    }

    /// Runs an editing command of the keymap's editing table. Returns whether it is one.
    pub fn run(&mut self, command: Command) -> bool {
        match command {
            Command::UndoTyping => {
                self.undo();
            }
            Command::RedoTyping => {
                self.redo();
            }
            Command::DeleteWordBefore => self.delete_word_before(),
            Command::DeleteWordAfter => self.delete_word_after(),
            Command::DeleteToLineStart => self.delete_to_line_start(),
            Command::DeleteToLineEnd => self.delete_to_line_end(),
            Command::WordLeft => self.word_left(),
            Command::WordRight => self.word_right(),
            Command::LineStart => self.home(),
            Command::LineEnd => self.end(),
            _ => return false,
        }
        true
    }
}

/// A choice field: a letter picks the choice starting with it; Space and arrows cycle.
pub fn choose(b: &mut TextBox, choices: &[String], key: &KeyEvent) {
    // Ctrl and Alt keys are commands (Ctrl-Z, Ctrl-F…), never a choice's letter.
    if choices.is_empty()
        || key
            .modifiers
            .intersects(KeyModifiers::CONTROL | KeyModifiers::ALT)
    {
        return;
    }
    let current = choices.iter().position(|c| c == b.text());
    let next = match key.code {
        KeyCode::Char(' ') | KeyCode::Right | KeyCode::Down => {
            Some(current.map_or(0, |i| (i + 1) % choices.len()))
        }
        KeyCode::Left | KeyCode::Up => {
            Some(current.map_or(0, |i| (i + choices.len() - 1) % choices.len()))
        }
        KeyCode::Backspace | KeyCode::Delete => {
            b.set("");
            None
        }
        KeyCode::Char(c) => choices.iter().position(|ch| {
            ch.chars()
                .next()
                .is_some_and(|f| f.to_lowercase().eq(c.to_lowercase()))
        }),
        _ => None,
    };
    if let Some(c) = next.and_then(|i| choices.get(i)) {
        b.set(c);
    }
}
