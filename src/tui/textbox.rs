//! The capture box: a small multi-line editor. Text is kept as typed (pastes keep their line
//! breaks; CRLF becomes LF); only drawing wraps it.

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use unicode_segmentation::UnicodeSegmentation;

use super::text::display_line;
use crate::model::text::{MAX_FIELD_BYTES, normalize_newlines};

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TextBox {
    text: String,
    /// Byte offset of the cursor, always on a grapheme boundary.
    cursor: usize,
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
    pub fn set(&mut self, text: &str) {
        self.text = text.to_owned();
        self.cursor = self.text.len();
    }
    pub fn take(&mut self) -> String {
        self.cursor = 0;
        std::mem::take(&mut self.text)
    }

    /// Inserts typed or pasted text at the cursor, whole or not at all.
    pub fn insert(&mut self, s: &str) -> Result<(), TooLong> {
        let s = normalize_newlines(s);
        let would_be = self.text.len() + s.len();
        if would_be > MAX_FIELD_BYTES {
            return Err(TooLong { would_be });
        }
        self.text.insert_str(self.cursor, &s);
        self.cursor += s.len();
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
            self.text.replace_range(i..self.cursor, "");
            self.cursor = i;
        }
    }
    pub fn delete(&mut self) {
        if let Some(j) = self.next_boundary() {
            self.text.replace_range(self.cursor..j, "");
        }
    }
    pub fn left(&mut self) {
        if let Some(i) = self.prev_boundary() {
            self.cursor = i;
        }
    }
    pub fn right(&mut self) {
        if let Some(j) = self.next_boundary() {
            self.cursor = j;
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
    pub fn home(&mut self) {
        self.cursor = self.line_start();
    }
    pub fn end(&mut self) {
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
    pub fn up(&mut self) {
        let start = self.line_start();
        if start == 0 {
            self.cursor = 0;
            return;
        }
        let col = self.column();
        let prev_start = self.text[..start - 1].rfind('\n').map_or(0, |i| i + 1);
        self.move_to_column(prev_start, col);
    }
    pub fn down(&mut self) {
        let end = self.line_end();
        if end == self.text.len() {
            self.cursor = end;
            return;
        }
        let col = self.column();
        self.move_to_column(end + 1, col);
    }

    /// How many rows the whole text takes at `width` columns, counting at most `max`.
    pub fn rows_needed(&self, width: usize, max: usize) -> usize {
        let width = width.max(2);
        let mut rows = 0;
        for line in self.text.split('\n') {
            rows += super::text::width(line).div_ceil(width).max(1);
            if rows >= max {
                return max.max(1);
            }
        }
        rows.max(1)
    }

    /// Handles an editing key: typing, deleting, moving. Returns whether the key was one of
    /// the box's own (the screen then does nothing else with it). Enter is never the box's:
    /// each screen decides what Enter means. `multiline`: Up / Down move between rows.
    pub fn key(&mut self, key: &KeyEvent, multiline: bool) -> bool {
        let plain = !key
            .modifiers
            .intersects(KeyModifiers::CONTROL | KeyModifiers::ALT);
        match key.code {
            KeyCode::Backspace => self.backspace(),
            KeyCode::Delete => self.delete(),
            KeyCode::Left => self.left(),
            KeyCode::Right => self.right(),
            KeyCode::Home => self.home(),
            KeyCode::End => self.end(),
            KeyCode::Up if multiline => self.up(),
            KeyCode::Down if multiline => self.down(),
            KeyCode::Char(c) if plain => {
                let _ = self.insert(c.encode_utf8(&mut [0; 4]));
            }
            _ => return false,
        }
        true
    }

    /// The rows to draw in a box `width` columns wide and `height` rows high, scrolled so the
    /// cursor shows, and the cursor's (row, column) among them. Lines are broken at the box's
    /// edge (not at words), so the cursor's place is exact; only the text near the cursor is
    /// laid out, so a huge paste stays cheap to draw.
    pub fn view(&self, width: usize, height: usize) -> (Vec<String>, (usize, usize)) {
        let width = width.max(2);
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
/// `at` (whole characters).
fn window(text: &str, start: usize, end: usize, at: usize) -> (usize, usize) {
    const REACH: usize = 32 * 1024;
    if end - start <= 2 * REACH {
        return (start, end);
    }
    let mut lo = at.saturating_sub(REACH).max(start);
    while !text.is_char_boundary(lo) {
        lo += 1;
    }
    let mut hi = (at + REACH).min(end);
    while !text.is_char_boundary(hi) {
        hi -= 1;
    }
    (lo, hi)
}

/// Lays out one line in rows of `width` columns; returns the rows and, when asked, the
/// (row, column) of the byte offset `cursor`.
fn rows_of(
    line: &str,
    width: usize,
    cursor: Option<usize>,
) -> (Vec<String>, Option<(usize, usize)>) {
    let mut rows = vec![String::new()];
    let mut col = 0;
    let mut found = None;
    for (i, g) in line.grapheme_indices(true) {
        let shown = if g == "\t" {
            " ".repeat(super::text::TAB_WIDTH - col % super::text::TAB_WIDTH)
        } else {
            display_line(g)
        };
        let w = super::text::width(&shown).max(usize::from(!shown.is_empty()));
        if col + w > width && col > 0 {
            rows.push(String::new());
            col = 0;
        }
        if cursor == Some(i) {
            found = Some((rows.len() - 1, col));
        }
        if let Some(row) = rows.last_mut() {
            row.push_str(&shown);
        }
        col += w;
    }
    if cursor == Some(line.len()) {
        if col >= width {
            rows.push(String::new());
            col = 0;
        }
        found = Some((rows.len() - 1, col));
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
        assert_eq!(rows[2], "line 19999 of a long pasted pa");
        assert_eq!(rows[3], "ge");
    }

    #[test]
    fn the_cursor_is_placed_exactly_in_wrapped_lines() {
        let mut b = TextBox::default();
        b.insert("hello world").unwrap();
        for _ in 0..3 {
            b.left();
        }
        // Broken at the edge: "hello wo" / "rld", cursor before "r".
        assert_eq!(
            b.view(8, 3),
            (vec!["hello wo".to_owned(), "rld".to_owned()], (1, 0))
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
}
