//! Text at display time: what was typed is stored verbatim; on screen, tabs are expanded and
//! control characters shown as visible symbols (a terminal would act on them, and ratatui drops
//! graphemes that contain them). Widths follow `unicode-width`: CJK and emoji take two columns.

use unicode_segmentation::UnicodeSegmentation;
use unicode_width::UnicodeWidthStr;

use crate::model::text::{is_invisible_format, visible_char};

pub const TAB_WIDTH: usize = 4;

/// A line made safe to draw: tabs expanded to the next stop, control characters as symbols
/// (U+2400 block), newlines excluded (split lines first).
pub fn display_line(line: &str) -> String {
    if line.bytes().all(|b| (0x20..0x7f).contains(&b)) {
        return line.to_owned();
    }
    let mut out = String::with_capacity(line.len());
    let mut col = 0;
    for g in line.graphemes(true) {
        if g == "\t" {
            let n = TAB_WIDTH - col % TAB_WIDTH;
            out.extend(std::iter::repeat_n(' ', n));
            col += n;
            continue;
        }
        if g.chars().any(|c| c.is_control() || is_invisible_format(c)) {
            for c in g.chars() {
                let shown = visible_char(c);
                out.push(shown);
            }
            col += 1;
            continue;
        }
        out.push_str(g);
        col += g.width();
    }
    out
}

/// A whole text made safe to draw, line by line.
pub fn display(text: &str) -> String {
    text.split('\n')
        .map(display_line)
        .collect::<Vec<_>>()
        .join("\n")
}

/// Display width in terminal columns.
pub fn width(s: &str) -> usize {
    s.width()
}

/// Wraps display text to `max` columns, breaking at spaces where possible and inside words
/// (by grapheme) where not. Never returns a line wider than `max` (for `max` >= 2).
pub fn wrap(text: &str, max: usize) -> Vec<String> {
    let max = max.max(1);
    let mut lines = Vec::new();
    for raw in text.split('\n') {
        let line = display_line(raw);
        if line.width() <= max {
            lines.push(line);
            continue;
        }
        let mut current = String::new();
        let mut current_w = 0;
        for word in line.split_word_bounds() {
            let w = word.width();
            if current_w + w <= max {
                current.push_str(word);
                current_w += w;
                continue;
            }
            if !current.is_empty() && w <= max {
                lines.push(std::mem::take(&mut current).trim_end().to_owned());
                current_w = 0;
                if word.trim().is_empty() {
                    continue;
                }
                current.push_str(word);
                current_w = w;
                continue;
            }
            for g in word.graphemes(true) {
                let gw = g.width();
                if current_w + gw > max && !current.is_empty() {
                    lines.push(std::mem::take(&mut current));
                    current_w = 0;
                }
                current.push_str(g);
                current_w += gw;
            }
        }
        lines.push(current);
    }
    lines
}

/// Cuts display text to at most `max` columns, ending with `…` when cut.
pub fn truncate(text: &str, max: usize) -> String {
    let line = display_line(text.split('\n').next().unwrap_or(""));
    let more_lines = text.contains('\n');
    if line.width() <= max && !more_lines {
        return line;
    }
    if max == 0 {
        return String::new();
    }
    let mut out = String::new();
    let mut w = 0;
    for g in line.graphemes(true) {
        let gw = g.width();
        if w + gw > max - 1 {
            break;
        }
        out.push_str(g);
        w += gw;
    }
    out.push('…');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tabs_and_controls_become_visible() {
        assert_eq!(display_line("a\tb"), "a   b");
        assert_eq!(display_line("x\u{1b}[31m"), "x\u{241b}[31m");
        assert_eq!(display_line("\u{0}"), "\u{2400}");
    }

    #[test]
    fn wrapping_respects_wide_characters() {
        for line in wrap("夢夢夢夢夢 🚀🚀🚀 peer support volunteer", 6) {
            assert!(width(&line) <= 6, "{line:?}");
        }
        assert_eq!(wrap("one two three", 7), ["one two", "three"]);
        assert_eq!(wrap("a\nb", 10), ["a", "b"]);
    }

    #[test]
    fn truncation_marks_the_cut() {
        assert_eq!(truncate("hello world", 6), "hello…");
        assert_eq!(truncate("夢夢夢", 4), "夢…");
        assert_eq!(truncate("two\nlines", 20), "two…");
    }
}
