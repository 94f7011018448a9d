//! The help overlay's keys and lines, for the facilitator's and the note-taker's screens.

use ratatui::buffer::Buffer;
use ratatui::crossterm::event::{KeyCode, KeyEvent};
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Widget};

use super::theme::Theme;

/// Sections of keys: a heading, then (keys, what they do).
pub type Sections<'a> = &'a [(&'a str, &'a [(&'a str, &'a str)])];

/// A key while the help is open: scroll (up to `max` rows) or close it.
pub fn key(open: &mut bool, scroll: &mut u16, key: &KeyEvent, max: u16) {
    match key.code {
        KeyCode::Esc | KeyCode::F(1) | KeyCode::Char('?') | KeyCode::Char('q') | KeyCode::Enter => {
            *open = false;
            *scroll = 0;
        }
        KeyCode::Down | KeyCode::Char('j') => *scroll = scroll.saturating_add(1).min(max),
        KeyCode::Up | KeyCode::Char('k') => *scroll = scroll.saturating_sub(1),
        KeyCode::PageDown | KeyCode::Char(' ') => *scroll = scroll.saturating_add(10).min(max),
        KeyCode::PageUp => *scroll = scroll.saturating_sub(10),
        _ => {}
    }
}

/// The sections as lines: headings, then each key and what it does.
pub fn lines(theme: Theme, sections: Sections) -> Vec<Line<'static>> {
    let mut lines = Vec::new();
    for (title, keys) in sections {
        lines.push(Line::styled(title.to_string(), theme.heading()));
        for (k, what) in *keys {
            lines.push(Line::from(vec![
                Span::styled(format!("  {k:<16}"), theme.accent()),
                Span::raw(what.to_string()),
            ]));
        }
        lines.push(Line::raw(""));
    }
    lines
}

/// Clears a column of `area` for the help and draws its frame; returns the inside.
pub fn frame(theme: Theme, area: Rect, buf: &mut Buffer) -> Rect {
    let w = area.width.min(84);
    let r = Rect::new(area.x + (area.width - w) / 2, area.y, w, area.height);
    Clear.render(r, buf);
    let block = Block::bordered()
        .title(" Help — ↑↓ scroll · Esc, F1 or ? close ")
        .border_style(theme.border_focus());
    let inner = block.inner(r);
    block.render(r, buf);
    inner
}
