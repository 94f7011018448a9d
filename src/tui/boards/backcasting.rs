//! Backcasting as a timeline: the preferred future on top (the scenario it was picked from, or
//! the room's words), then a line from today to the horizon with each step at its place in
//! year order, its year above its words, and the obstacles and first actions side by side
//! under it.

use crate::model::Contribution;
use crate::model::exercise::Backcasting;
use crate::model::exercise::backcasting::{
    ACTIONS_SLOT, OBSTACLES_SLOT, STEPS_SLOT, VISION_SLOT, YEAR_FIELD, timeline_order,
};
use crate::model::seed::{SeedState, seed_of};
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::widgets::StatefulWidget;

use super::common::{
    Gathered, HeadSize, ItemList, Lines, Panel, SlotPanel, UnplacedBand, contribution_style,
    draw_lines, gather, is_selected, per_item, plain_item, plural, put_line, split_unplaced,
};
use super::{BoardView, Hit, KindBoard, prepare};
use crate::tui::text::width;

/// Narrowest a step's column is drawn.
const STEP_W: u16 = 14;

/// A backcasting board: the preferred future, the timeline from today to the horizon, the
/// obstacles and the first actions.
///
/// Render it with `TimelineBoard { view, kind }.render(area, buf, &mut hits)`: `hits` collects
/// what a click can select.
#[derive(Debug, Clone, Copy)]
pub struct TimelineBoard<'a> {
    pub view: BoardView<'a>,
    pub kind: &'a Backcasting,
}

impl KindBoard for Backcasting {
    fn render_board(
        &self,
        view: BoardView,
        area: Rect,
        buf: &mut Buffer,
        hits: &mut Vec<(Rect, Hit)>,
    ) {
        TimelineBoard { view, kind: self }.render(area, buf, hits);
    }

    fn lists_answers(&self) -> bool {
        false
    }
}

/// What the board says of the seed, if the room picked one: where it came from and, when it
/// may be shown, its words ("picked from “Scenario building”, Table 2" and the title; "picked
/// from a scenario since withdrawn" and no words).
pub fn seed_line(view: &BoardView) -> Option<(String, Option<String>)> {
    let link = seed_of(view.session, &view.exercise.id)?;
    Some(match link.state {
        // While either exercise is hidden until the reveal, the link says where, not what.
        SeedState::Live(_) if view.concealed || view.session.is_concealed(link.exercise) => {
            let source = view
                .session
                .scenario
                .exercise(link.exercise)
                .map_or(link.exercise, |e| e.title.as_str());
            (
                format!("picked from “{source}” — hidden until revealed"),
                None,
            )
        }
        SeedState::Live(c) if !c.text.trim().is_empty() => {
            let source = view
                .session
                .scenario
                .exercise(link.exercise)
                .map_or(link.exercise, |e| e.title.as_str());
            let group = c
                .group
                .as_deref()
                .map(|g| format!(", {g}"))
                .unwrap_or_default();
            (
                format!("picked from “{source}”{group}"),
                Some(c.text.clone()),
            )
        }
        SeedState::Live(_) | SeedState::OffRecord | SeedState::Withdrawn => {
            (format!("picked from {}", link.describe(None)), None)
        }
    })
}

impl StatefulWidget for TimelineBoard<'_> {
    type State = Vec<(Rect, Hit)>;

    fn render(self, area: Rect, buf: &mut Buffer, hits: &mut Self::State) {
        let Some((view, area)) = prepare(self.view, area, buf) else {
            return;
        };
        let (view, kind) = (&view, self.kind);
        let g = gather(view);
        let (main, unplaced) = split_unplaced(view, &g, area);
        if let Some((band, u)) = unplaced {
            UnplacedBand {
                view,
                g: &g,
                slot: u,
            }
            .render(band, buf, hits);
        }
        if main.height == 0 {
            return;
        }
        // Rows: the preferred future, the timeline, then obstacles and actions.
        let vision_h = (main.height / 4).clamp(1, 5);
        let lower_h =
            (main.height.saturating_sub(vision_h) / 3).max(u16::from(main.height >= 8) * 3);
        let time_h = main.height.saturating_sub(vision_h + lower_h);
        let vision = Rect::new(main.x, main.y, main.width, vision_h);
        let time = Rect::new(main.x, vision.bottom(), main.width, time_h);
        let lower = Rect::new(main.x, time.bottom(), main.width, lower_h);
        render_vision(view, &g, vision, buf, hits);
        render_timeline(view, &g, kind, time, buf, hits);
        if lower.height > 0 {
            let half = lower.width / 2;
            for (i, slot) in [OBSTACLES_SLOT, ACTIONS_SLOT].into_iter().enumerate() {
                let Some(s) = g.slot_index(slot) else {
                    continue;
                };
                let x = lower.x + half * i as u16;
                let w = if i == 0 {
                    half.saturating_sub(1)
                } else {
                    lower.width - half
                };
                let render = |c: &Contribution, w: usize, max: usize| plain_item(view, c, w, max);
                SlotPanel {
                    view,
                    g: &g,
                    panel: Panel {
                        slot: s,
                        title: &view.slots[s].label,
                        prompt: "",
                    },
                    size: HeadSize {
                        title: 1,
                        prompt: 0,
                    },
                    render: &render,
                }
                .render(Rect::new(x, lower.y, w, lower.height), buf, hits);
            }
        }
    }
}

/// The preferred future: its heading with where the seed came from, the seed's words, then what
/// the room typed.
fn render_vision(
    view: &BoardView,
    g: &Gathered,
    area: Rect,
    buf: &mut Buffer,
    hits: &mut Vec<(Rect, Hit)>,
) {
    let Some(slot) = g.slot_index(VISION_SLOT) else {
        return;
    };
    hits.push((area, Hit::Slot(slot)));
    let mine = view.slot == slot;
    let style = if mine {
        view.theme.heading().patch(view.theme.selected())
    } else {
        view.theme.heading()
    };
    let seed = seed_line(view);
    let head = format!(
        "{}Preferred future ({})",
        if mine { "▶ " } else { "  " },
        g.count(slot)
    );
    put_line(buf, area, area.y, 0, &head, style);
    let mut y = area.y + 1;
    if let Some((from, words)) = seed {
        let at = (width(&head) + 2) as u16;
        put_line(buf, area, area.y, at, &from, view.theme.dim());
        if let Some(words) = words {
            put_line(buf, area, y, 2, &format!("◆ {words}"), view.theme.accent());
            y += 1;
        }
    }
    let body = Rect::new(
        area.x + 2,
        y.min(area.bottom()),
        area.width.saturating_sub(2),
        area.bottom().saturating_sub(y),
    );
    if body.height == 0 {
        return;
    }
    let items = g.items(slot);
    if items.is_empty() {
        let n = g.count(slot);
        if view.concealed && n > 0 {
            let text = format!("{} — hidden until revealed", plural(n, "answer", "answers"));
            put_line(buf, body, body.y, 0, &text, view.theme.dim());
        } else if y == area.y + 1 {
            put_line(buf, body, body.y, 0, "none yet", view.theme.dim());
        }
        return;
    }
    let render = |c: &Contribution, w: usize, max: usize| plain_item(view, c, w, max);
    ItemList {
        view,
        items,
        per_item: per_item(body.height as usize),
        render: &render,
    }
    .render(body, buf, hits);
}

/// The line from today to the horizon, each step in year order with its year and words.
fn render_timeline(
    view: &BoardView,
    g: &Gathered,
    kind: &Backcasting,
    area: Rect,
    buf: &mut Buffer,
    hits: &mut Vec<(Rect, Hit)>,
) {
    if area.height == 0 {
        return;
    }
    let Some(slot) = g.slot_index(STEPS_SLOT) else {
        return;
    };
    let mine = view.slot == slot;
    let style = if mine {
        view.theme.heading().patch(view.theme.selected())
    } else {
        view.theme.heading()
    };
    let head = format!(
        "{}Steps back from the horizon ({})",
        if mine { "▶ " } else { "  " },
        g.count(slot)
    );
    put_line(buf, area, area.y, 0, &head, style);
    hits.push((area, Hit::Slot(slot)));
    if area.height < 2 {
        return;
    }
    let axis_y = area.y + 1;
    let today = if kind.today.is_empty() {
        "Today"
    } else {
        &kind.today
    };
    let horizon = if kind.horizon.is_empty() {
        "Horizon"
    } else {
        &kind.horizon
    };
    let left = width(today) as u16 + 1;
    let right = width(horizon) as u16 + 3;
    let line = Rect::new(
        area.x + left.min(area.width),
        axis_y,
        area.width.saturating_sub(left + right),
        1,
    );
    put_line(buf, area, axis_y, 0, today, view.theme.accent());
    for x in line.left()..line.right() {
        buf.set_stringn(x, axis_y, "─", 1, view.theme.border());
    }
    put_line(
        buf,
        area,
        axis_y,
        line.right().saturating_sub(area.x),
        &format!("▶ {horizon}"),
        view.theme.accent(),
    );
    let items = g.items(slot);
    if items.is_empty() {
        let n = g.count(slot);
        let text = if view.concealed && n > 0 {
            format!("{} — hidden until revealed", plural(n, "step", "steps"))
        } else {
            "no step yet: from the horizon, what had to happen just before?".to_owned()
        };
        put_line(buf, area, axis_y + 1, left, &text, view.theme.dim());
        return;
    }
    let years: Vec<&str> = items
        .iter()
        .map(|c| c.fields.get(YEAR_FIELD).map_or("", String::as_str))
        .collect();
    let order = timeline_order(&years);
    // As many columns as fit; when they do not all fit, a window that holds the selected step,
    // or else the newest (what was just typed is always in sight).
    let fit = (line.width / STEP_W).max(1) as usize;
    let newest = order
        .iter()
        .enumerate()
        .max_by_key(|(_, i)| (items[**i].created, &items[**i].id))
        .map(|(p, _)| p);
    let chosen = order
        .iter()
        .position(|&i| is_selected(view, items[i]))
        .or(newest);
    let start = match chosen {
        Some(p) if p >= fit => p + 1 - fit,
        _ => 0,
    };
    let shown = &order[start..order.len().min(start + fit)];
    let col_w = (line.width / shown.len().max(1) as u16).max(1);
    if start > 0 {
        put_line(
            buf,
            area,
            axis_y + 1,
            0,
            &format!("◂{start}"),
            view.theme.dim(),
        );
    }
    let after = order.len() - start - shown.len();
    if after > 0 {
        let text = format!("{after}▸");
        let at = area.width.saturating_sub(width(&text) as u16);
        put_line(buf, area, axis_y + 1, at, &text, view.theme.dim());
    }
    for (k, &i) in shown.iter().enumerate() {
        let c = items[i];
        let x = line.x + col_w * k as u16;
        let mark_x = x + col_w / 2;
        if mark_x < line.right() {
            buf.set_stringn(mark_x, axis_y, "●", 1, contribution_style(view, c));
        }
        let col = Rect::new(
            x,
            axis_y + 1,
            col_w.saturating_sub(1),
            area.bottom() - axis_y - 1,
        );
        if col.height == 0 || col.width == 0 {
            continue;
        }
        hits.push((col, Hit::Contribution(c.id.clone())));
        let year = if years[i].is_empty() { "?" } else { years[i] };
        put_line(buf, col, col.y, 0, year, view.theme.heading());
        let mut l = Lines::new(col.width as usize, 0, col.height.saturating_sub(1) as usize);
        if c.hidden {
            l.text("(off the record) ", view.theme.dim());
        }
        if c.starred {
            l.text("★ ", view.theme.accent());
        }
        l.text(&c.text, contribution_style(view, c));
        if let Some(group) = &c.group {
            l.text(&format!(" [{group}]"), view.theme.group());
        }
        draw_lines(buf, col, 0, col.y + 1, &l.finish());
    }
}
