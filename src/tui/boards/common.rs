//! What boards share: which contributions show, in what order, and a plain slot-by-slot list.

use std::hash::{Hash, Hasher};

use crate::model::Contribution;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;

use super::{BoardView, Hit};
use crate::tui::text::{truncate, wrap};

/// The contributions of the board's exercise that may be shown, in display order: by slot,
/// then as added (or shuffled, stably, when an order seed is set). Off-the-record ones are left
/// out in projection mode; concealed boards show none.
pub fn visible_contributions<'a>(view: &BoardView<'a>) -> Vec<&'a Contribution> {
    if view.concealed {
        return Vec::new();
    }
    let slot_rank = |slot: &str| {
        view.slots
            .iter()
            .position(|s| s.id == slot)
            .unwrap_or(usize::MAX)
    };
    let mut items: Vec<(usize, u64, usize, &Contribution)> = view
        .session
        .contributions()
        .iter()
        .enumerate()
        .filter(|(_, c)| c.exercise == view.exercise.id && !(view.projection && c.hidden))
        .map(|(i, c)| {
            let shuffle = view.order_seed.map_or(0, |seed| {
                let mut h = std::collections::hash_map::DefaultHasher::new();
                (seed, &c.id).hash(&mut h);
                h.finish()
            });
            (slot_rank(&c.slot), shuffle, i, c)
        })
        .collect();
    items.sort_by_key(|&(slot, shuffle, i, _)| (slot, shuffle, i));
    items.into_iter().map(|(_, _, _, c)| c).collect()
}

/// The style of a contribution's text on a board.
pub fn contribution_style(view: &BoardView, c: &Contribution) -> Style {
    if view.selected == Some(c.id.as_str()) {
        view.theme.selected()
    } else if c.hidden {
        view.theme.hidden()
    } else {
        view.theme.text()
    }
}

/// Markers after a contribution: group, star, off the record (in words, not colour alone).
pub fn marks(c: &Contribution) -> String {
    let mut m = String::new();
    if c.starred {
        m.push_str(" ★");
    }
    if c.hidden {
        m.push_str(" [off the record]");
    }
    if !c.revisions.is_empty() {
        m.push_str(" (edited)");
    }
    m
}

/// Writes `text` wrapped into `area` starting at row `y`; returns the next free row. Rows past
/// the area are not drawn.
pub fn put_wrapped(
    buf: &mut Buffer,
    area: Rect,
    y: u16,
    indent: u16,
    text: &str,
    style: Style,
) -> u16 {
    let width = area.width.saturating_sub(indent) as usize;
    let mut y = y;
    if width == 0 {
        return y;
    }
    for line in wrap(text, width) {
        if y >= area.bottom() {
            break;
        }
        buf.set_stringn(area.x + indent, y, &line, width, style);
        y += 1;
    }
    y
}

/// Writes one line, cut to fit.
pub fn put_line(buf: &mut Buffer, area: Rect, y: u16, indent: u16, text: &str, style: Style) {
    if y >= area.bottom() || indent >= area.width {
        return;
    }
    let width = (area.width - indent) as usize;
    buf.set_stringn(area.x + indent, y, truncate(text, width), width, style);
}

/// A plain list: each slot's heading, then its contributions as bullets with their group. The
/// newest show when there is not room for all. Used by prompt rounds and as a fallback.
pub fn draw_slot_list(view: &BoardView, area: Rect, buf: &mut Buffer, hits: &mut Vec<(Rect, Hit)>) {
    let all = view.contributions();
    let mut y = area.y;
    for (i, slot) in view.slots.iter().enumerate() {
        if slot.id == crate::model::exercise::UNPLACED_SLOT
            && !all.iter().any(|c| c.slot == slot.id)
        {
            continue;
        }
        if y >= area.bottom() {
            break;
        }
        let heading_style = if i == view.slot {
            view.theme.heading().patch(view.theme.selected())
        } else {
            view.theme.heading()
        };
        let marker = if i == view.slot { "▶ " } else { "  " };
        let top = y;
        y = put_wrapped(
            buf,
            area,
            y,
            0,
            &format!("{marker}{}", slot.label),
            heading_style,
        );
        hits.push((Rect::new(area.x, top, area.width, y - top), Hit::Slot(i)));
        let items: Vec<_> = all.iter().filter(|c| c.slot == slot.id).collect();
        if view.concealed {
            put_line(
                buf,
                area,
                y,
                4,
                "(answers hidden until revealed)",
                view.theme.dim(),
            );
            y += 1;
            continue;
        }
        for c in items {
            if y >= area.bottom() {
                break;
            }
            let top = y;
            let group = c
                .group
                .as_deref()
                .map(|g| format!("[{g}] "))
                .unwrap_or_default();
            y = put_wrapped(
                buf,
                area,
                y,
                4,
                &format!("• {group}{}{}", c.text, marks(c)),
                contribution_style(view, c),
            );
            hits.push((
                Rect::new(area.x, top, area.width, y - top),
                Hit::Contribution(c.id.clone()),
            ));
        }
        y += 1;
    }
}
