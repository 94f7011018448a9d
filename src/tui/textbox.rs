//! The capture box: a small multi-line editor. Text is kept as typed (pastes keep their line
//! breaks; CRLF becomes LF); only drawing wraps it.

use std::cell::Cell;
use std::collections::VecDeque;

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use unicode_segmentation::UnicodeSegmentation;

use super::text::{TAB_WIDTH, display_line};
use crate::model::text::{MAX_FIELD_BYTES, normalize_newlines};

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
}

/// Boxes are equal when their content and cursor are; history and width are not content.
impl PartialEq for TextBox {
    fn eq(&self, other: &Self) -> bool {
        self.text == other.text && self.cursor == other.cursor
    }
}
impl Eq for TextBox {}

#[derive(Debug, Clone, Default)]
struct History {
    undo: VecDeque<Edit>,
    redo: Vec<Edit>,
    /// Whether the next typed character may join the newest step.
    open: bool,
}

/// One change: `removed` at `at` was replaced by `inserted`.
#[derive(Debug, Clone)]
struct Edit {
    at: usize,
    removed: String,
    inserted: String,
    cursor_before: usize,
    cursor_after: usize,
}

impl History {
    fn record(&mut self, edit: Edit, typed: bool) {
        self.redo.clear();
        if typed
            && self.open
            && let Some(last) = self.undo.back_mut()
            && last.removed.is_empty()
            && last.at + last.inserted.len() == edit.at
            && !starts_word_gap(&last.inserted, &edit.inserted)
        {
            last.inserted.push_str(&edit.inserted);
            last.cursor_after = edit.cursor_after;
            return;
        }
        self.undo.push_back(edit);
        self.open = typed;
        let mut bytes: usize = self
            .undo
            .iter()
            .map(|e| e.removed.len() + e.inserted.len())
            .sum();
        while self.undo.len() > 1 && (self.undo.len() > MAX_STEPS || bytes > MAX_HISTORY_BYTES) {
            if let Some(e) = self.undo.pop_front() {
                bytes -= e.removed.len() + e.inserted.len();
            }
        }
    }
}

/// Typing whitespace after a word starts a new undo step.
fn starts_word_gap(before: &str, next: &str) -> bool {
    let space = |c: char| c.is_whitespace();
    next.chars().all(space) && !before.chars().next_back().is_some_and(space)
}

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
    }
    /// Empties the box (the undo history too) and returns what it held.
    pub fn take(&mut self) -> String {
        self.cursor = 0;
        self.history = History::default();
        std::mem::take(&mut self.text)
    }
    /// Tells the box the width it is drawn at (`view` does this itself).
    pub fn set_width(&self, width: u16) {
        self.width.set(width);
    }

    /// Replaces `at..end` with `inserted`, leaving the cursor after it, as one undo step.
    fn edit(&mut self, at: usize, end: usize, inserted: &str, typed: bool) {
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
    pub fn insert(&mut self, s: &str) -> Result<(), TooLong> {
        let s = normalize_newlines(s);
        let would_be = self.text.len() + s.len();
        if would_be > MAX_FIELD_BYTES {
            return Err(TooLong { would_be });
        }
        if s.is_empty() {
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

    pub fn backspace(&mut self) {
        if let Some(i) = self.prev_boundary() {
            self.edit(i, self.cursor, "", false);
        }
    }
    pub fn delete(&mut self) {
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

    /// Handles an editing key: typing, deleting, moving, undo. Returns whether the key was one
    /// of the box's own (the screen then does nothing else with it). Enter is never the box's:
    /// each screen decides what Enter means. `multiline`: Up / Down move between rows.
    pub fn key(&mut self, key: &KeyEvent, multiline: bool) -> bool {
        let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
        let alt = key.modifiers.contains(KeyModifiers::ALT);
        let shift = key.modifiers.contains(KeyModifiers::SHIFT);
        match key.code {
            KeyCode::Char('z') if ctrl && !alt && !shift => {
                self.undo();
            }
            KeyCode::Char('z' | 'Z') if ctrl && !alt => {
                self.redo();
            }
            KeyCode::Char('y') if ctrl && !alt => {
                self.redo();
            }
            KeyCode::Char('w') if ctrl && !alt => self.delete_word_before(),
            KeyCode::Char('u') if ctrl && !alt => self.delete_to_line_start(),
            KeyCode::Char('k') if ctrl && !alt => self.delete_to_line_end(),
            KeyCode::Char('d') if alt && !ctrl => self.delete_word_after(),
            KeyCode::Char('b') if alt && !ctrl => self.word_left(),
            KeyCode::Char('f') if alt && !ctrl => self.word_right(),
            KeyCode::Backspace if alt => self.delete_word_before(),
            KeyCode::Backspace => self.backspace(),
            KeyCode::Delete => self.delete(),
            KeyCode::Left if alt || ctrl => self.word_left(),
            KeyCode::Right if alt || ctrl => self.word_right(),
            KeyCode::Left => self.left(),
            KeyCode::Right => self.right(),
            KeyCode::Home => self.home(),
            KeyCode::End => self.end(),
            KeyCode::Up if multiline => self.up(),
            KeyCode::Down if multiline => self.down(),
            KeyCode::Char(c) if !ctrl && !alt => {
                let _ = self.insert(c.encode_utf8(&mut [0; 4]));
            }
            _ => return false,
        }
        true
    }

    /// How many rows the whole text takes wrapped at `width` (as `view` lays it out), counting
    /// no further than `max`; at least 1.
    pub fn rows_needed(&self, width: usize, max: usize) -> usize {
        let width = width.max(2);
        let mut n = 0;
        let mut start = 0;
        for line in self.text.split('\n') {
            let end = start + line.len();
            let mut s = 0;
            loop {
                let e = row_end(line, s, width);
                n += 1;
                if n >= max {
                    return n.max(1);
                }
                if e >= line.len() {
                    let on_full_row =
                        self.cursor == end && column_of(&line[s..], width, e - s) >= width;
                    n += usize::from(on_full_row);
                    break;
                }
                s = e;
            }
            start = end + 1;
        }
        n.clamp(1, max.max(1))
    }

    /// The rows to draw in a box `width` columns wide and `height` rows high, scrolled so the
    /// cursor shows, and the cursor's (row, column) among them. Lines wrap at spaces (a word
    /// wider than the box is broken at its edge); only the text near the cursor is laid out,
    /// so a huge paste stays cheap to draw. Remembers `width` for `up` / `down`.
    pub fn view(&self, width: usize, height: usize) -> (Vec<String>, (usize, usize)) {
        let width = width.max(2);
        self.width.set(u16::try_from(width).unwrap_or(u16::MAX));
        let height = height.max(1);
        let start = self.line_start();
        let end = self.line_end();
        let (lo, hi) = window(&self.text, start, end, self.cursor);
        let (line_rows, cursor) = rows_of(&self.text[lo..hi], width, Some(self.cursor - lo));
        let (cursor_row, cursor_col) = cursor.unwrap_or((0, 0));
        // Lines above, nearest first, until the box could be full.
        let mut above: Vec<String> = Vec::new();
        let mut pos = start;
        while pos > 0 && above.len() < height {
            let prev_start = self.text[..pos - 1].rfind('\n').map_or(0, |i| i + 1);
            let (lo, hi) = window(&self.text, prev_start, pos - 1, pos - 1);
            let (mut rows, _) = rows_of(&self.text[lo..hi], width, None);
            rows.reverse();
            above.extend(rows);
            pos = prev_start;
        }
        above.truncate(height);
        above.reverse();
        let mut rows = above;
        let cursor_at = rows.len() + cursor_row;
        rows.extend(line_rows);
        let mut pos = end;
        while pos < self.text.len() && rows.len() < cursor_at + height {
            let next_end = self.text[pos + 1..]
                .find('\n')
                .map_or(self.text.len(), |i| pos + 1 + i);
            let (lo, hi) = window(&self.text, pos + 1, next_end, pos + 1);
            rows.extend(rows_of(&self.text[lo..hi], width, None).0);
            pos = next_end;
        }
        let first = (cursor_at + 1).saturating_sub(height);
        let visible: Vec<String> = rows.into_iter().skip(first).take(height).collect();
        (visible, (cursor_at - first, cursor_col))
    }
}

/// The part of a line worth laying out: all of it, or for a very long line the stretch around
/// `at`, aligned to blocks so the rows stay put while the cursor moves within one.
fn window(text: &str, start: usize, end: usize, at: usize) -> (usize, usize) {
    const REACH: usize = 32 * 1024;
    if end - start <= 2 * REACH {
        return (start, end);
    }
    let mut lo = start + ((at - start) / REACH).saturating_sub(1) * REACH;
    let mut hi = (lo + 3 * REACH).min(end);
    while !text.is_char_boundary(lo) {
        lo += 1;
    }
    if lo > start {
        // Past the grapheme the cut may have split.
        lo += text[lo..hi].graphemes(true).next().map_or(0, str::len);
    }
    while !text.is_char_boundary(hi) {
        hi -= 1;
    }
    (lo, hi)
}

fn is_space(s: &str) -> bool {
    s.chars().all(char::is_whitespace)
}
fn is_wordy(s: &str) -> bool {
    s.chars().any(|c| c.is_alphanumeric() || c == '_')
}

/// How grapheme `g` shows at column `col` of a row `width` wide, and the columns it takes
/// (at least 1; never more than `width`).
fn cell(g: &str, col: usize, width: usize) -> (String, usize) {
    if g == "\t" {
        let n = (TAB_WIDTH - col % TAB_WIDTH)
            .min(width.saturating_sub(col))
            .max(1);
        return (" ".repeat(n), n);
    }
    let shown = display_line(g);
    match super::text::width(&shown).max(1) {
        w if w > width => ("\u{fffd}".to_owned(), 1),
        w => (shown, w),
    }
}
fn cell_width(g: &str, col: usize, width: usize) -> usize {
    if g.len() == 1 && (0x20..0x7f).contains(&g.as_bytes()[0]) {
        return 1;
    }
    cell(g, col, width).1
}

/// Where the row of `line` starting at `start` ends: after the last space (or beside a wide
/// character) that lets the next word fit, else at the edge.
fn row_end(line: &str, start: usize, width: usize) -> usize {
    let mut col = 0;
    let mut brk = start;
    for (i, g) in line[start..].grapheme_indices(true) {
        let i = start + i;
        let w = cell_width(g, col, width);
        if col + w > width && col > 0 {
            return if brk > start && w < 2 { brk } else { i };
        }
        col += w;
        if w >= 2 || is_space(g) {
            brk = i + g.len();
        }
    }
    line.len()
}

/// The wrapped rows of one line as byte ranges; an empty line is one empty row.
fn row_ranges(line: &str, width: usize) -> Vec<(usize, usize)> {
    let mut rows = Vec::new();
    let mut s = 0;
    loop {
        let e = row_end(line, s, width);
        rows.push((s, e));
        if e >= line.len() {
            return rows;
        }
        s = e;
    }
}

/// Display column of byte offset `at` within a row (inside a grapheme: at its start).
fn column_of(row: &str, width: usize, at: usize) -> usize {
    let mut col = 0;
    for (i, g) in row.grapheme_indices(true) {
        if i + g.len() > at {
            break;
        }
        col += cell_width(g, col, width);
    }
    col
}

fn render(row: &str, width: usize) -> String {
    let mut out = String::with_capacity(row.len());
    let mut col = 0;
    for g in row.graphemes(true) {
        let (shown, w) = cell(g, col, width);
        out.push_str(&shown);
        col += w;
    }
    out
}

/// Lays out one line in rows of `width` columns; returns the rows and, when asked, the
/// (row, column) of the byte offset `cursor`.
fn rows_of(
    line: &str,
    width: usize,
    cursor: Option<usize>,
) -> (Vec<String>, Option<(usize, usize)>) {
    let ranges = row_ranges(line, width);
    let last = ranges.len() - 1;
    let mut found = None;
    let mut rows: Vec<String> = Vec::with_capacity(ranges.len() + 1);
    for (r, &(s, e)) in ranges.iter().enumerate() {
        if let Some(c) = cursor
            && s <= c
            && (c < e || r == last)
        {
            found = Some((r, column_of(&line[s..e], width, c - s)));
        }
        rows.push(render(&line[s..e], width));
    }
    if let Some((r, col)) = found
        && col >= width
    {
        found = Some((r + 1, 0));
        if r == last {
            rows.push(String::new());
        }
    }
    (rows, found)
}

/// A choice field: a letter picks the choice starting with it; Space and arrows cycle.
pub fn choose(b: &mut TextBox, choices: &[String], key: &KeyEvent) {
    if choices.is_empty() {
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn editing_moves_by_grapheme() {
        let mut b = TextBox::default();
        b.insert("e\u{301}夢👩🏽‍🦱").unwrap();
        b.backspace();
        assert_eq!(b.text(), "e\u{301}夢");
        b.left();
        b.left();
        assert_eq!(b.cursor(), 0);
        b.delete();
        assert_eq!(b.text(), "夢");
    }

    #[test]
    fn paste_keeps_line_breaks_and_normalises_crlf_only() {
        let mut b = TextBox::default();
        b.insert("one\r\ntwo\n\tthree").unwrap();
        assert_eq!(b.text(), "one\ntwo\n\tthree");
    }

    #[test]
    fn an_oversized_paste_is_refused_whole() {
        let mut b = TextBox::default();
        b.insert("keep").unwrap();
        let err = b.insert(&"x".repeat(MAX_FIELD_BYTES)).unwrap_err();
        assert!(err.would_be > MAX_FIELD_BYTES);
        assert_eq!(b.text(), "keep");
    }

    #[test]
    fn up_and_down_keep_the_column() {
        let mut b = TextBox::default();
        b.insert("abcd\nef\nghij").unwrap();
        b.up();
        assert_eq!(&b.text()[..b.cursor()], "abcd\nef");
        b.up();
        assert_eq!(&b.text()[..b.cursor()], "ab");
        b.down();
        b.down();
        assert_eq!(&b.text()[..b.cursor()], "abcd\nef\ngh");
    }

    #[test]
    fn the_view_follows_the_cursor_through_a_huge_paste() {
        let mut b = TextBox::default();
        let page: String = (0..20_000)
            .map(|i| format!("line {i} of a long pasted page\n"))
            .collect();
        b.insert(&page).unwrap();
        let (rows, (row, col)) = b.view(30, 5);
        assert_eq!(rows.len(), 5);
        assert_eq!((row, col), (4, 0));
        assert_eq!(rows[2], "line 19999 of a long pasted ");
        assert_eq!(rows[3], "page");
    }

    #[test]
    fn the_cursor_is_placed_exactly_in_wrapped_lines() {
        let mut b = TextBox::default();
        b.insert("hello world").unwrap();
        for _ in 0..3 {
            b.left();
        }
        // Broken after the space: "hello " / "world", cursor before "r".
        assert_eq!(
            b.view(8, 3),
            (vec!["hello ".to_owned(), "world".to_owned()], (1, 2))
        );
        let mut b = TextBox::default();
        b.insert("ab夢").unwrap();
        // A wide character that does not fit goes to the next row whole.
        assert_eq!(
            b.view(3, 3),
            (vec!["ab".to_owned(), "夢".to_owned()], (1, 2))
        );
    }

    #[test]
    fn one_huge_line_is_laid_out_around_the_cursor_only() {
        let mut b = TextBox::default();
        b.insert(&"夢".repeat(300_000)).unwrap();
        let (rows, (row, col)) = b.view(40, 4);
        assert_eq!(rows.len(), 4);
        assert!(rows.iter().all(|r| super::super::text::width(r) <= 40));
        assert!(row < 4 && col <= 40);
    }

    fn typed(b: &mut TextBox, s: &str) {
        for c in s.chars() {
            b.insert(c.encode_utf8(&mut [0; 4])).unwrap();
        }
    }
    fn press(b: &mut TextBox, code: KeyCode, m: KeyModifiers) -> bool {
        b.key(&KeyEvent::new(code, m), true)
    }
    const CTRL: KeyModifiers = KeyModifiers::CONTROL;
    const ALT: KeyModifiers = KeyModifiers::ALT;
    fn before_cursor(b: &TextBox) -> &str {
        &b.text()[..b.cursor()]
    }

    #[test]
    fn typing_is_undone_a_word_at_a_time() {
        let mut b = TextBox::default();
        typed(&mut b, "hello wörld");
        assert!(b.undo());
        assert_eq!((b.text(), b.cursor()), ("hello", 5));
        assert!(b.undo());
        assert_eq!(b.text(), "");
        assert!(!b.undo());
        assert!(b.redo());
        assert_eq!(b.text(), "hello");
        assert!(b.redo());
        assert_eq!((b.text(), b.cursor()), ("hello wörld", "hello wörld".len()));
        assert!(!b.redo());
    }

    #[test]
    fn moving_the_cursor_ends_a_run_of_typing() {
        let mut b = TextBox::default();
        typed(&mut b, "ab");
        b.left();
        typed(&mut b, "x");
        assert_eq!(b.text(), "axb");
        b.undo();
        assert_eq!((b.text(), b.cursor()), ("ab", 1));
        b.undo();
        assert_eq!(b.text(), "");
        // Even when the cursor comes back to where the typing stopped.
        typed(&mut b, "ab");
        b.left();
        b.right();
        typed(&mut b, "c");
        b.undo();
        assert_eq!(b.text(), "ab");
    }

    #[test]
    fn a_paste_and_each_deletion_are_single_steps_and_undo_puts_the_cursor_back() {
        let mut b = TextBox::default();
        b.insert("one two").unwrap();
        b.backspace();
        b.backspace();
        b.home();
        b.delete();
        assert_eq!(b.text(), "ne t");
        b.undo();
        assert_eq!((b.text(), b.cursor()), ("one t", 0));
        b.undo();
        assert_eq!((b.text(), b.cursor()), ("one tw", 6));
        b.undo();
        assert_eq!(b.text(), "one two");
        b.undo();
        assert_eq!(b.text(), "");
        assert!(!b.undo());
    }

    #[test]
    fn a_new_edit_after_undo_drops_the_redo() {
        let mut b = TextBox::default();
        typed(&mut b, "a");
        b.undo();
        typed(&mut b, "b");
        assert!(!b.redo());
        assert_eq!(b.text(), "b");
    }

    #[test]
    fn set_and_take_start_a_fresh_history() {
        let mut b = TextBox::default();
        typed(&mut b, "draft");
        b.set("new");
        assert!(!b.undo());
        assert_eq!(b.text(), "new");
        typed(&mut b, "er");
        assert_eq!(b.take(), "newer");
        assert!(!b.undo());
        assert_eq!(b.text(), "");
    }

    #[test]
    fn history_is_bounded() {
        let mut b = TextBox::default();
        for _ in 0..MAX_STEPS + 50 {
            b.insert("xy").unwrap();
        }
        let mut n = 0;
        while b.undo() {
            n += 1;
        }
        assert_eq!(n, MAX_STEPS);
        assert_eq!(b.text().len(), 2 * 50);
        // Big pastes are dropped sooner, by size.
        let mut b = TextBox::default();
        let page = "p".repeat(MAX_FIELD_BYTES / 4);
        for _ in 0..20 {
            b.insert(&page).unwrap();
            b.delete_to_line_start();
        }
        let kept: usize = b
            .history
            .undo
            .iter()
            .map(|e| e.removed.len() + e.inserted.len())
            .sum();
        assert!(kept <= MAX_HISTORY_BYTES, "{kept}");
    }

    #[test]
    fn undo_and_redo_keys() {
        let mut b = TextBox::default();
        typed(&mut b, "one two");
        assert!(press(&mut b, KeyCode::Char('z'), CTRL));
        assert_eq!(b.text(), "one");
        assert!(press(&mut b, KeyCode::Char('y'), CTRL));
        assert_eq!(b.text(), "one two");
        b.undo();
        let shift = CTRL | KeyModifiers::SHIFT;
        assert!(press(&mut b, KeyCode::Char('Z'), shift));
        assert_eq!(b.text(), "one two");
        b.undo();
        assert!(press(&mut b, KeyCode::Char('z'), shift));
        assert_eq!(b.text(), "one two");
        b.undo();
        assert!(press(&mut b, KeyCode::Char('Z'), CTRL));
        assert_eq!(b.text(), "one two");
        // Other control keys are the screen's.
        assert!(!press(&mut b, KeyCode::Char('g'), CTRL));
        assert!(!press(&mut b, KeyCode::Enter, KeyModifiers::NONE));
        assert_eq!(b.text(), "one two");
    }

    #[test]
    fn boxes_compare_by_content_not_history() {
        let mut a = TextBox::default();
        typed(&mut a, "same");
        let mut b = TextBox::default();
        b.set("same");
        b.set_width(7);
        assert_eq!(a, b);
        b.left();
        assert_ne!(a, b);
    }

    #[test]
    fn words_are_deleted_backwards() {
        let mut b = TextBox::default();
        b.insert("say hello, wörld  ").unwrap();
        assert!(press(&mut b, KeyCode::Char('w'), CTRL));
        assert_eq!(b.text(), "say hello, ");
        assert!(press(&mut b, KeyCode::Backspace, ALT));
        assert_eq!(b.text(), "say hello");
        press(&mut b, KeyCode::Char('w'), CTRL);
        assert_eq!(b.text(), "say ");
        b.undo();
        assert_eq!((b.text(), b.cursor()), ("say hello", 9));
        let mut b = TextBox::default();
        b.insert("cafe\u{301} שלום עולם 夢想 hi 👩🏽‍🦱👩🏽‍🦱").unwrap();
        b.delete_word_before();
        assert_eq!(b.text(), "cafe\u{301} שלום עולם 夢想 hi ");
        b.delete_word_before();
        assert_eq!(b.text(), "cafe\u{301} שלום עולם 夢想 ");
        // Each ideograph is a word of its own.
        b.delete_word_before();
        assert_eq!(b.text(), "cafe\u{301} שלום עולם 夢");
        b.delete_word_before();
        assert_eq!(b.text(), "cafe\u{301} שלום עולם ");
        b.delete_word_before();
        assert_eq!(b.text(), "cafe\u{301} שלום ");
        b.delete_word_before();
        b.delete_word_before();
        assert_eq!(b.text(), "");
        b.delete_word_before();
        assert!(b.undo());
        assert_eq!(b.text(), "cafe\u{301} ");
    }

    #[test]
    fn words_are_deleted_forwards_and_lines_killed() {
        let mut b = TextBox::default();
        b.insert("  foo-bar baz\nnext line").unwrap();
        b.cursor = 0;
        assert!(press(&mut b, KeyCode::Char('d'), ALT));
        assert_eq!(b.text(), "-bar baz\nnext line");
        press(&mut b, KeyCode::Char('d'), ALT);
        assert_eq!(b.text(), "bar baz\nnext line");
        b.right();
        assert!(press(&mut b, KeyCode::Char('k'), CTRL));
        assert_eq!(b.text(), "b\nnext line");
        // At a line's end Ctrl-K joins the next line.
        press(&mut b, KeyCode::Char('k'), CTRL);
        assert_eq!(b.text(), "bnext line");
        b.end();
        b.left();
        assert!(press(&mut b, KeyCode::Char('u'), CTRL));
        assert_eq!((b.text(), b.cursor()), ("e", 0));
        b.undo();
        b.undo();
        assert_eq!(b.text(), "b\nnext line");
        b.cursor = b.text().len();
        press(&mut b, KeyCode::Char('u'), CTRL);
        assert_eq!(b.text(), "b\n");
        // At a line's start Ctrl-U joins it to the line above.
        press(&mut b, KeyCode::Char('u'), CTRL);
        assert_eq!(b.text(), "b");
    }

    #[test]
    fn the_cursor_moves_by_word() {
        let mut b = TextBox::default();
        b.insert("one twö, 夢 three").unwrap();
        let stops_left: Vec<&str> = vec!["one twö, 夢 ", "one twö, ", "one twö", "one ", ""];
        let keys = [
            (KeyCode::Left, CTRL),
            (KeyCode::Left, ALT),
            (KeyCode::Char('b'), ALT),
            (KeyCode::Left, CTRL),
            (KeyCode::Left, CTRL),
        ];
        for ((code, m), want) in keys.into_iter().zip(stops_left) {
            assert!(press(&mut b, code, m));
            assert_eq!(before_cursor(&b), want);
        }
        let stops_right = [
            "one",
            "one twö",
            "one twö,",
            "one twö, 夢",
            "one twö, 夢 three",
        ];
        let keys = [
            (KeyCode::Right, CTRL),
            (KeyCode::Right, ALT),
            (KeyCode::Char('f'), ALT),
            (KeyCode::Right, CTRL),
            (KeyCode::Right, CTRL),
        ];
        for ((code, m), want) in keys.into_iter().zip(stops_right) {
            assert!(press(&mut b, code, m));
            assert_eq!(before_cursor(&b), want);
        }
        assert_eq!(b.text(), "one twö, 夢 three");
    }

    #[test]
    fn lines_wrap_at_words_and_long_words_at_the_edge() {
        let mut b = TextBox::default();
        b.insert("the quick brown fox").unwrap();
        assert_eq!(b.view(10, 5).0, ["the quick ", "brown fox"]);
        b.set("abcdefghij");
        assert_eq!(
            b.view(4, 5),
            (vec!["abcd".into(), "efgh".into(), "ij".into()], (2, 2))
        );
        b.set("夢夢夢夢夢");
        assert_eq!(b.view(5, 5).0, ["夢夢", "夢夢", "夢"]);
        b.set("go 夢夢夢");
        assert_eq!(b.view(6, 5).0, ["go 夢", "夢夢"]);
        // A wide character may start a row without taking the word before it along.
        b.set("go ab夢");
        assert_eq!(b.view(6, 5).0, ["go ab", "夢"]);
        b.set("hi 👩🏽‍🦱👩🏽‍🦱");
        assert_eq!(b.view(5, 5).0, ["hi 👩🏽‍🦱", "👩🏽‍🦱"]);
        b.set("a\tb\u{1b}c");
        assert_eq!(b.view(20, 5).0, ["a   b\u{241b}c"]);
        b.set("\tx");
        assert_eq!(b.view(2, 5).0, ["  ", "x"]);
    }

    #[test]
    fn the_cursor_is_exact_in_word_wrapped_rows() {
        let mut b = TextBox::default();
        b.insert("the quick brown").unwrap();
        for (n, at) in [(0, (1, 5)), (5, (1, 0)), (6, (0, 9)), (15, (0, 0))] {
            b.end();
            for _ in 0..n {
                b.left();
            }
            assert_eq!(b.view(10, 5).1, at, "{n} left");
        }
        // A full last row: the cursor after it gets a row of its own.
        b.set("abcd");
        assert_eq!(b.view(4, 5), (vec!["abcd".into(), String::new()], (1, 0)));
    }

    #[test]
    fn up_and_down_move_by_wrapped_row() {
        let mut b = TextBox::default();
        b.insert("the quick brown fox\nxy").unwrap();
        b.view(10, 5);
        b.up();
        assert_eq!(before_cursor(&b), "the quick br");
        b.up();
        assert_eq!(before_cursor(&b), "th");
        b.up();
        assert_eq!(b.cursor(), 0);
        let mut b = TextBox::default();
        b.insert("the quick brown fox\nxy").unwrap();
        b.set_width(10);
        b.cursor = 3;
        b.down();
        assert_eq!(before_cursor(&b), "the quick bro");
        b.down();
        assert_eq!(before_cursor(&b), "the quick brown fox\nxy");
        b.down();
        assert_eq!(b.cursor(), b.text().len());
        // Onto a shorter last row: to its end.
        let mut c = TextBox::default();
        c.set("aaaa bbbb cc");
        c.set_width(5);
        c.cursor = 9;
        c.down();
        assert_eq!(c.cursor(), c.text().len());
        // Keys: only in a multi-line box.
        assert!(!b.key(&KeyEvent::new(KeyCode::Up, KeyModifiers::NONE), false));
        assert!(press(&mut b, KeyCode::Up, KeyModifiers::NONE));
        assert_eq!(before_cursor(&b), "the quick br");
    }

    #[test]
    fn rows_needed_counts_wrapped_rows_and_stops_early() {
        let mut b = TextBox::default();
        assert_eq!(b.rows_needed(10, 8), 1);
        b.insert("the quick brown fox\n\nxy").unwrap();
        assert_eq!(b.rows_needed(10, 8), 4);
        assert_eq!(b.rows_needed(10, 3), 3);
        assert_eq!(b.rows_needed(40, 8), 3);
        b.set("abcd");
        assert_eq!(b.rows_needed(4, 8), 2);
        b.set(&"x".repeat(MAX_FIELD_BYTES));
        let t = std::time::Instant::now();
        assert_eq!(b.rows_needed(80, 12), 12);
        assert!(t.elapsed() < std::time::Duration::from_millis(50));
    }

    mod prop {
        use super::*;
        use proptest::prelude::*;

        #[derive(Debug, Clone)]
        enum Op {
            Insert(String),
            Key(KeyCode, KeyModifiers),
            Width(u16),
        }

        const PIECES: &[&str] = &[
            "a",
            "b",
            " ",
            "\n",
            "\t",
            "e\u{301}",
            "\u{301}",
            "夢",
            "👩🏽‍🦱",
            "🇫🇷",
            "ש",
            "مرحبا",
            "x\r\ny",
            "ab cd",
            ",",
            "_",
            "\u{1b}",
            "\r",
        ];

        fn op() -> impl Strategy<Value = Op> {
            let keys = [
                (KeyCode::Backspace, KeyModifiers::NONE),
                (KeyCode::Delete, KeyModifiers::NONE),
                (KeyCode::Left, KeyModifiers::NONE),
                (KeyCode::Right, KeyModifiers::NONE),
                (KeyCode::Home, KeyModifiers::NONE),
                (KeyCode::End, KeyModifiers::NONE),
                (KeyCode::Up, KeyModifiers::NONE),
                (KeyCode::Down, KeyModifiers::NONE),
                (KeyCode::Left, CTRL),
                (KeyCode::Right, ALT),
                (KeyCode::Char('w'), CTRL),
                (KeyCode::Backspace, ALT),
                (KeyCode::Char('d'), ALT),
                (KeyCode::Char('u'), CTRL),
                (KeyCode::Char('k'), CTRL),
                (KeyCode::Char('z'), CTRL),
                (KeyCode::Char('y'), CTRL),
            ];
            prop_oneof![
                4 => proptest::sample::select(PIECES).prop_map(|s| Op::Insert(s.to_owned())),
                4 => proptest::sample::select(keys.to_vec()).prop_map(|(c, m)| Op::Key(c, m)),
                1 => (0u16..12).prop_map(Op::Width),
            ]
        }

        proptest! {
            #![proptest_config(ProptestConfig::default())]
            #[test]
            fn edits_undo_to_empty_and_redo_back(ops in proptest::collection::vec(op(), 0..80),
                                                 w in 2usize..16, h in 1usize..6) {
                let mut b = TextBox::default();
                for op in ops {
                    match op {
                        Op::Insert(s) => b.insert(&s).unwrap(),
                        Op::Key(c, m) => { b.key(&KeyEvent::new(c, m), true); }
                        Op::Width(w) => b.set_width(w),
                    }
                    prop_assert!(b.cursor() <= b.text().len());
                    prop_assert!(b.text().is_char_boundary(b.cursor()));
                    let (rows, (r, c)) = b.view(w, h);
                    prop_assert!(rows.len() <= h && r < rows.len() && c < w, "{rows:?} {r} {c}");
                    for row in &rows {
                        prop_assert!(super::super::super::text::width(row) <= w, "{row:?}");
                    }
                    let all = b.rows_needed(w, 1000);
                    prop_assert_eq!(all, b.view(w, 1000).0.len());
                }
                while b.redo() {}
                let tip = b.text().to_owned();
                while b.undo() {
                    prop_assert!(b.text().is_char_boundary(b.cursor()));
                }
                prop_assert_eq!(b.text(), "");
                while b.redo() {
                    prop_assert!(b.text().is_char_boundary(b.cursor()));
                }
                prop_assert_eq!(b.text(), tip);
            }
        }
    }
}
