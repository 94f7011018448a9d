//! The capture box, drawn the same for the facilitator and for a note-taker's terminal: the
//! main text, then one row per field of the slot.

use ratatui::buffer::Buffer;
use ratatui::layout::{Position, Rect};
use ratatui::text::Span;
use ratatui::widgets::{Block, Widget};

use super::text::{display, truncate, width};
use super::textbox::TextBox;
use super::theme::Theme;

/// A field of the slot: what it is called, and its choices (none: free text).
pub struct Field<'a> {
    pub name: &'a str,
    pub label: &'a str,
    pub choices: &'a [String],
}

pub struct CaptureBox<'a> {
    pub title: &'a str,
    /// Shown in the empty main box ("type the answer here").
    pub hint: &'a str,
    /// The main text, then one box per field.
    pub boxes: &'a [TextBox],
    pub fields: &'a [Field<'a>],
    /// Which box has the cursor (0: the main text).
    pub active: usize,
    pub focused: bool,
}

/// Draws the box; returns where the cursor goes when it has the focus.
pub fn draw(theme: Theme, c: &CaptureBox, area: Rect, buf: &mut Buffer) -> Option<Position> {
    let block = Block::bordered()
        .title(Span::styled(
            truncate(c.title, area.width.saturating_sub(4) as usize),
            if c.focused {
                theme.border_focus()
            } else {
                theme.dim()
            },
        ))
        .border_style(if c.focused {
            theme.border_focus()
        } else {
            theme.border()
        });
    let inner = block.inner(area);
    block.render(area, buf);
    if inner.height == 0 || inner.width < 4 {
        return None;
    }
    let field_rows = (c.fields.len() as u16).min(inner.height.saturating_sub(1));
    let main = Rect::new(inner.x, inner.y, inner.width, inner.height - field_rows);
    let mut cursor = None;
    let empty = TextBox::default();
    let first = c.boxes.first().unwrap_or(&empty);
    let (rows, (crow, ccol)) = first.view(main.width as usize, main.height as usize);
    if first.text().is_empty() && c.active == 0 {
        buf.set_stringn(main.x, main.y, c.hint, main.width as usize, theme.dim());
    }
    for (i, row) in rows.iter().enumerate() {
        buf.set_stringn(
            main.x,
            main.y + i as u16,
            row,
            main.width as usize,
            theme.text(),
        );
    }
    if c.focused && c.active == 0 {
        cursor = Some(Position::new(main.x + ccol as u16, main.y + crow as u16));
    }
    for (i, (f, b)) in c
        .fields
        .iter()
        .zip(c.boxes.iter().skip(1))
        .enumerate()
        .take(field_rows as usize)
    {
        let y = main.bottom() + i as u16;
        let label = if f.choices.is_empty() {
            display(&format!("{}: ", f.label))
        } else {
            display(&format!("{} [{}]: ", f.name, f.choices.join("/")))
        };
        let lw = (width(&label) as u16).min(inner.width / 2);
        let active = c.active == i + 1;
        buf.set_stringn(
            inner.x,
            y,
            &label,
            lw as usize,
            if active { theme.accent() } else { theme.dim() },
        );
        let (rows, (_, col)) = b.view((inner.width - lw) as usize, 1);
        buf.set_stringn(
            inner.x + lw,
            y,
            rows.first().map_or("", String::as_str),
            (inner.width - lw) as usize,
            if active {
                theme.selected()
            } else {
                theme.text()
            },
        );
        if c.focused && active {
            cursor = Some(Position::new(inner.x + lw + col as u16, y));
        }
    }
    if c.fields.len() > field_rows as usize {
        buf.set_string(
            inner.right().saturating_sub(12),
            inner.bottom().saturating_sub(1),
            "^F: fields",
            theme.dim(),
        );
    }
    cursor
}
