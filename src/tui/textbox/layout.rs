//! Laying the text out in rows: wrapped at spaces, a word wider than the box broken at its edge,
//! wide characters never split; only the text near the cursor is laid out.

use unicode_segmentation::UnicodeSegmentation;

use super::TextBox;
use crate::tui::text::{TAB_WIDTH, display_line};

impl TextBox {
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
pub(super) fn window(text: &str, start: usize, end: usize, at: usize) -> (usize, usize) {
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

pub(super) fn is_space(s: &str) -> bool {
    s.chars().all(char::is_whitespace)
}
pub(super) fn is_wordy(s: &str) -> bool {
    s.chars().any(|c| c.is_alphanumeric() || c == '_')
}

/// How grapheme `g` shows at column `col` of a row `width` wide, and the columns it takes
/// (at least 1; never more than `width`).
pub(super) fn cell(g: &str, col: usize, width: usize) -> (String, usize) {
    if g == "\t" {
        let n = (TAB_WIDTH - col % TAB_WIDTH)
            .min(width.saturating_sub(col))
            .max(1);
        return (" ".repeat(n), n);
    }
    let shown = display_line(g);
    match crate::tui::text::width(&shown).max(1) {
        w if w > width => ("\u{fffd}".to_owned(), 1),
        w => (shown, w),
    }
}
pub(super) fn cell_width(g: &str, col: usize, width: usize) -> usize {
    if g.len() == 1 && (0x20..0x7f).contains(&g.as_bytes()[0]) {
        return 1;
    }
    cell(g, col, width).1
}

/// Where the row of `line` starting at `start` ends: after the last space (or beside a wide
/// character) that lets the next word fit, else at the edge.
pub(super) fn row_end(line: &str, start: usize, width: usize) -> usize {
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
pub(super) fn row_ranges(line: &str, width: usize) -> Vec<(usize, usize)> {
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
pub(super) fn column_of(row: &str, width: usize, at: usize) -> usize {
    let mut col = 0;
    for (i, g) in row.grapheme_indices(true) {
        if i + g.len() > at {
            break;
        }
        col += cell_width(g, col, width);
    }
    col
}

pub(super) fn render(row: &str, width: usize) -> String {
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
pub(super) fn rows_of(
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
