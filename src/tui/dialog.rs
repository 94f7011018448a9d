//! Small boxes over the screen (the group picker, the quit question) and the quit question's
//! keys, the same on the facilitator's and the note-taker's screen.

use ratatui::buffer::Buffer;
use ratatui::crossterm::event::{KeyCode, KeyEvent};
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::widgets::{Block, Clear, Widget};

use super::theme::Theme;

/// Clears a box of `width` × `height` in the middle of `area`, frames it with `title`, and
/// returns its inside.
pub fn centred(
    area: Rect,
    width: u16,
    height: u16,
    title: &str,
    border: Style,
    buf: &mut Buffer,
) -> Rect {
    let w = width.min(area.width);
    let h = height.min(area.height);
    let r = Rect::new(
        area.x + (area.width - w) / 2,
        area.y + (area.height - h) / 2,
        w,
        h,
    );
    Clear.render(r, buf);
    let block = Block::bordered()
        .title(title.to_owned())
        .border_style(border);
    let inner = block.inner(r);
    block.render(r, buf);
    inner
}

/// What the person answered to "quit with text in the box?".
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum QuitAnswer {
    /// Save (or send) it, then quit.
    Keep,
    /// Throw it away and quit.
    Discard,
    /// Back to the box; nothing happens.
    Back,
}

/// The quit question's keys: s (or Enter) keeps, d discards, Esc (or g) goes back.
pub fn quit_answer(key: &KeyEvent) -> Option<QuitAnswer> {
    match key.code {
        KeyCode::Char('s' | 'S') | KeyCode::Enter => Some(QuitAnswer::Keep),
        KeyCode::Char('d' | 'D') => Some(QuitAnswer::Discard),
        KeyCode::Esc | KeyCode::Char('g' | 'G') => Some(QuitAnswer::Back),
        _ => None,
    }
}

/// The question asked when quitting with text in the box: `verb` it (save, send), discard it,
/// or go back.
pub fn draw_quit_question(theme: Theme, what: &str, verb: &str, area: Rect, buf: &mut Buffer) {
    let lines = [
        what.to_owned(),
        String::new(),
        format!("  s    {verb} it, then quit"),
        "  d    discard it and quit".to_owned(),
        "  Esc  go back to the box".to_owned(),
    ];
    let inner = centred(
        area,
        44,
        lines.len() as u16 + 2,
        " Quit? ",
        theme.danger(),
        buf,
    );
    for (i, line) in lines.iter().enumerate().take(inner.height as usize) {
        buf.set_stringn(
            inner.x,
            inner.y + i as u16,
            line,
            inner.width as usize,
            if i == 0 {
                theme.heading()
            } else {
                theme.text()
            },
        );
    }
}
