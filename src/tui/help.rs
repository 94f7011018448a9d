//! The help overlay's keys and lines, for the facilitator's and the note-taker's screens.

use ratatui::buffer::Buffer;
use ratatui::crossterm::event::KeyEvent;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Widget};

use super::keymap::{Command, Context, Keymap};
use super::theme::Theme;

/// Sections of keys: a heading, then (keys, what they do).
pub type Sections<'a> = &'a [(&'a str, &'a [(&'a str, &'a str)])];

/// A key while the help is open: scroll (up to `max` rows) or close it, as the help's table of
/// the keymap says.
pub fn key(keymap: &Keymap, open: &mut bool, scroll: &mut u16, key: &KeyEvent, max: u16) {
    match keymap.command(Context::Help, key) {
        Some(Command::Close) => {
            *open = false;
            *scroll = 0;
        }
        Some(Command::Down) => *scroll = scroll.saturating_add(1).min(max),
        Some(Command::Up) => *scroll = scroll.saturating_sub(1),
        Some(Command::PageDown) => *scroll = scroll.saturating_add(10).min(max),
        Some(Command::PageUp) => *scroll = scroll.saturating_sub(10),
        _ => {}
    }
}

/// The help's sections for `contexts` from the keymap, as remapped: a heading, then each key
/// and what it does there.
pub fn sections(
    keymap: &Keymap,
    contexts: &[Context],
    usable: impl Fn(&super::keymap::Key) -> bool,
) -> Vec<(String, Vec<(String, String)>)> {
    contexts
        .iter()
        .map(|c| (keymap.heading(*c), keymap.help(*c, &usable)))
        .collect()
}

/// Lines of owned sections (see [`lines`]).
pub fn owned_lines(
    theme: Theme,
    sections: &[(String, Vec<(String, String)>)],
) -> Vec<Line<'static>> {
    let rows: Vec<Vec<(&str, &str)>> = sections
        .iter()
        .map(|(_, r)| r.iter().map(|(k, w)| (k.as_str(), w.as_str())).collect())
        .collect();
    let s: Vec<(&str, &[(&str, &str)])> = sections
        .iter()
        .zip(&rows)
        .map(|((h, _), r)| (h.as_str(), r.as_slice()))
        .collect();
    lines(theme, &s)
}

/// The sections as lines: headings, then each key and what it does.
pub fn lines(theme: Theme, sections: Sections) -> Vec<Line<'static>> {
    let mut lines = Vec::new();
    for (title, keys) in sections {
        lines.push(Line::styled(title.to_string(), theme.heading()));
        for (k, what) in *keys {
            // A long key list (several keys, or remapped ones) still has a space after it.
            let keys = if k.chars().count() >= 16 {
                format!("  {k} ")
            } else {
                format!("  {k:<16}")
            };
            lines.push(Line::from(vec![
                Span::styled(keys, theme.accent()),
                Span::raw(what.to_string()),
            ]));
        }
        lines.push(Line::raw(""));
    }
    lines
}

/// Clears a column of `area` for the help and draws its frame; returns the inside.
pub fn frame(theme: Theme, keymap: &Keymap, area: Rect, buf: &mut Buffer) -> Rect {
    let w = area.width.min(84);
    let r = Rect::new(area.x + (area.width - w) / 2, area.y, w, area.height);
    Clear.render(r, buf);
    let block = Block::bordered()
        .title(format!(
            " Help — {} ",
            keymap.hint_line(Context::Help, |_| true)
        ))
        .border_style(theme.border_focus());
    let inner = block.inner(r);
    block.render(r, buf);
    inner
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_long_key_list_keeps_a_space_before_what_it_does() {
        let rows: &[(&str, &str)] = &[("Ctrl-←, Alt-←, Alt-b", "move a word left"), ("F1", "help")];
        let l = lines(Theme::plain(), &[("Editing", rows)]);
        let text = |i: usize| -> String { l[i].spans.iter().map(|s| s.content.as_ref()).collect() };
        assert_eq!(text(1), "  Ctrl-←, Alt-←, Alt-b move a word left");
        assert_eq!(text(2), format!("  {:<16}help", "F1"));
    }
}
