//! The capture box, drawn the same for the facilitator and for a note-taker's terminal: every
//! part of the entry with its label — the main text, then each field of the slot — the focused
//! one marked with ▸ (so the mark survives `NO_COLOR`), each free-text part wrapped and grown
//! with its text.

use ratatui::buffer::Buffer;
use ratatui::layout::{Position, Rect};
use ratatui::text::Span;
use ratatui::widgets::{Block, StatefulWidget, Widget};

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
    /// What the main text is ("item", "approach"), labelled when the entry has fields.
    pub main_label: &'a str,
    /// The main text, then one box per field.
    pub boxes: &'a [TextBox],
    pub fields: &'a [Field<'a>],
    /// Which box has the cursor (0: the main text).
    pub active: usize,
    pub focused: bool,
    /// The key that goes into the box from selection ("i"): while the box is not focused its
    /// title says so in words, so that nobody types into a screen that takes keys as commands.
    pub to_type: &'a str,
}

impl CaptureBox<'_> {
    /// The title as drawn: `title` while focused; otherwise the key that goes into the box,
    /// then where it would save, without the ✎ that says typing goes there.
    pub fn shown_title(&self) -> String {
        if self.focused {
            return self.title.to_owned();
        }
        let place = self.title.trim_start().trim_start_matches('✎').trim_start();
        format!(" Not typing: {} types here · {place}", self.to_type)
    }
}

/// The rows the box wants at `width` columns (borders included): each part as tall as its
/// text, at least one row each. The screen caps it at about a third of the window.
pub fn rows_wanted(c: &CaptureBox, width: u16, max: u16) -> u16 {
    let inner = width.saturating_sub(2);
    let lw = label_width(c, inner);
    let text_w = inner.saturating_sub(lw).max(1) as usize;
    let rows: usize = c
        .boxes
        .iter()
        .enumerate()
        .map(|(i, b)| {
            if is_choice(c, i) {
                1
            } else {
                b.rows_needed(text_w, max as usize)
                    .max(if i == 0 { 2 } else { 1 })
            }
        })
        .sum();
    (rows as u16).saturating_add(2).min(max.max(3))
}

/// The box's height in a window of `area`: as tall as its text, up to about a third of the
/// window (more when a multi-field entry needs it to show every field).
pub fn height(c: &CaptureBox, area: Rect) -> u16 {
    let parts = c.fields.len() as u16 + 1;
    let max = (area.height / 3).max((parts + 2).min(area.height / 2));
    rows_wanted(c, area.width, max).max(3)
}

fn is_choice(c: &CaptureBox, i: usize) -> bool {
    i.checked_sub(1)
        .and_then(|f| c.fields.get(f))
        .is_some_and(|f| !f.choices.is_empty())
}

fn label_of(c: &CaptureBox, i: usize) -> String {
    match i.checked_sub(1).and_then(|f| c.fields.get(f)) {
        None => capitalised(c.main_label),
        Some(f) => capitalised(&display(f.name)),
    }
}

fn capitalised(s: &str) -> String {
    let mut chars = s.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// The label column: "▸ " or "  ", the widest label, ": " — at most a third of the box.
fn label_width(c: &CaptureBox, inner: u16) -> u16 {
    if c.fields.is_empty() {
        return 0;
    }
    let widest = (0..=c.fields.len())
        .map(|i| width(&label_of(c, i)))
        .max()
        .unwrap_or(0);
    ((widest + 4) as u16).min(inner / 3)
}

/// The capture box drawn in a theme. Its state is where the cursor goes: set when the box has
/// the focus, left as it was otherwise.
#[derive(Clone, Copy)]
pub struct CaptureWidget<'a> {
    pub theme: Theme,
    pub capture: &'a CaptureBox<'a>,
}

impl StatefulWidget for CaptureWidget<'_> {
    type State = Option<Position>;

    fn render(self, area: Rect, buf: &mut Buffer, cursor: &mut Self::State) {
        let CaptureWidget { theme, capture: c } = self;
        let block = Block::bordered()
            .title(Span::styled(
                truncate(&c.shown_title(), area.width.saturating_sub(4) as usize),
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
            return;
        }
        let n = c.boxes.len().min(c.fields.len() + 1).max(1);
        let lw = label_width(c, inner.width);
        let text_w = inner.width - lw;
        let rows = allocate(c, n, text_w as usize, inner.height as usize);
        let empty = TextBox::default();
        let mut y = inner.y;
        for (i, height) in rows.iter().enumerate() {
            let Some(height) = *height else { continue };
            let b = c.boxes.get(i).unwrap_or(&empty);
            let active = c.active == i;
            if lw > 0 {
                let marker = if active { "▸ " } else { "  " };
                let label = format!("{marker}{}: ", label_of(c, i));
                buf.set_stringn(
                    inner.x,
                    y,
                    truncate(&label, lw as usize),
                    lw as usize,
                    if active && c.focused {
                        theme.accent()
                    } else {
                        theme.dim()
                    },
                );
            }
            let x = inner.x + lw;
            if let Some(f) = i.checked_sub(1).and_then(|f| c.fields.get(f))
                && !f.choices.is_empty()
            {
                let col = draw_choices(theme, f, b.text(), Rect::new(x, y, text_w, 1), buf);
                if c.focused && active {
                    *cursor = Some(Position::new(x + col, y));
                }
                y += 1;
                continue;
            }
            let (lines, (crow, ccol)) = b.view(text_w as usize, height);
            if b.text().is_empty() {
                // What to type: the slot's hint for the main text, the field's own words otherwise.
                let hint = match i.checked_sub(1).and_then(|f| c.fields.get(f)) {
                    None => c.hint.to_owned(),
                    Some(f) => display(f.label),
                };
                buf.set_stringn(x, y, &hint, text_w as usize, theme.dim());
            }
            for (r, line) in lines.iter().enumerate().take(height) {
                buf.set_stringn(x, y + r as u16, line, text_w as usize, theme.text());
            }
            if c.focused && active {
                *cursor = Some(Position::new(x + ccol as u16, y + crow as u16));
            }
            y += height as u16;
        }
        if rows.iter().any(Option::is_none) {
            buf.set_string(
                inner.right().saturating_sub(12),
                inner.bottom().saturating_sub(1),
                "^F: fields",
                theme.dim(),
            );
        }
    }
}

/// Rows for each part of the entry (`None`: not shown, the box is too small). Every part gets
/// a row; the focused part grows first, then the others in order.
fn allocate(c: &CaptureBox, n: usize, text_w: usize, height: usize) -> Vec<Option<usize>> {
    let mut rows: Vec<Option<usize>> = vec![None; n];
    if height < n {
        // Too small for every part: the focused one and its neighbours, one row each.
        let start = c
            .active
            .min(n - 1)
            .saturating_sub(height.saturating_sub(1) / 2);
        let start = start.min(n - height.min(n));
        for r in rows.iter_mut().skip(start).take(height) {
            *r = Some(1);
        }
        return rows;
    }
    let wanted: Vec<usize> = (0..n)
        .map(|i| {
            if is_choice(c, i) {
                1
            } else {
                c.boxes
                    .get(i)
                    .map_or(1, |b| b.rows_needed(text_w, height))
                    .max(1)
            }
        })
        .collect();
    for r in rows.iter_mut() {
        *r = Some(1);
    }
    let mut spare = height - n;
    let active = c.active.min(n - 1);
    let order = std::iter::once(active).chain((0..n).filter(|i| *i != active));
    for i in order {
        let grow = (wanted[i] - 1).min(spare);
        if let Some(r) = rows.get_mut(i).and_then(Option::as_mut) {
            *r += grow;
        }
        spare -= grow;
    }
    // The main text takes what is left, so a short entry still has room to type into.
    if let Some(Some(r)) = rows.first_mut() {
        *r += spare;
    }
    rows
}

/// The choices on one row, the chosen one in brackets; returns the cursor's column. When they
/// do not all fit, the chosen one shows whole (as far as the row goes) and the others are
/// shortened to share what is left, so every choice keeps its start.
fn draw_choices(theme: Theme, f: &Field, chosen: &str, area: Rect, buf: &mut Buffer) -> u16 {
    let mut x = area.x;
    let end = area.right();
    let cells = choice_cells(f.choices, chosen, area.width as usize);
    let used: usize = cells.iter().map(|c| width(c)).sum();
    if chosen.is_empty() {
        let room = (area.width as usize).saturating_sub(used);
        let hint = [
            "not chosen — type a first letter or Space: ",
            "not chosen: ",
        ]
        .into_iter()
        .find(|h| width(h) <= room);
        if let Some(hint) = hint {
            buf.set_stringn(x, area.y, hint, (end - x) as usize, theme.dim());
            x += width(hint) as u16;
        }
    }
    let mut cursor = 0;
    for (choice, shown) in f.choices.iter().zip(&cells) {
        let is = choice == chosen;
        let w = width(shown) as u16;
        if w == 0 {
            continue;
        }
        if x + w > end {
            break;
        }
        if is {
            cursor = x - area.x + 1;
        }
        buf.set_stringn(
            x,
            area.y,
            shown,
            w as usize,
            if is { theme.selected() } else { theme.text() },
        );
        x += w;
    }
    cursor
}

/// Each choice as drawn ("[chosen]", " other "), all within `room` columns: whole when they
/// fit; else the chosen one whole (cut only if it alone is wider than the row) and the others
/// shortened alike, those without room for a few letters left out (empty).
fn choice_cells(choices: &[String], chosen: &str, room: usize) -> Vec<String> {
    let cell = |c: &str, is: bool, max: usize| {
        let text = truncate(&display(c), max.saturating_sub(2));
        if is {
            format!("[{text}]")
        } else {
            format!(" {text} ")
        }
    };
    let whole: Vec<String> = choices
        .iter()
        .map(|c| cell(c, c == chosen, usize::MAX))
        .collect();
    if whole.iter().map(|c| width(c)).sum::<usize>() <= room {
        return whole;
    }
    /// The narrowest a shortened choice is drawn: its first letters and "…".
    const NARROWEST: usize = 6;
    let others = choices.iter().filter(|c| *c != chosen).count();
    let mine = choices
        .iter()
        .position(|c| c == chosen)
        .map_or(0, |i| width(&whole[i]))
        .min(
            room.saturating_sub(others.min(1) * NARROWEST)
                .max(room.min(NARROWEST)),
        );
    let share = room.saturating_sub(mine) / others.max(1);
    choices
        .iter()
        .zip(&whole)
        .map(|(c, w)| {
            if c == chosen {
                cell(c, true, mine)
            } else if share >= NARROWEST {
                cell(c, false, share.min(width(w)))
            } else {
                String::new()
            }
        })
        .collect()
}
