//! When duties conflict with values: the situation and the values in tension, then an
//! Approach | Benefits | Risks table with wrapped cells: the plan's worked rows first (marked
//! ◇), then the groups' rows. On a narrow board each row is stacked (+ benefits, − risks).

use std::collections::HashMap;

use crate::model::Contribution;
use crate::model::exercise::ValueConflict;
use crate::model::exercise::value_conflict::{APPROACHES_SLOT, ApproachRow};
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::Line;
use ratatui::widgets::StatefulWidget;

use super::common::{
    Entry, Lines, UnplacedBand, best_cap, contribution_style, draw_line, draw_lines, gather,
    is_selected, layout, lead_marks, newest, plural, put_line, put_skip, rule, split_unplaced,
    tail_marks, window,
};
use super::{BoardView, Hit, KindBoard, prepare};

/// A row of the table as drawn.
enum Row<'a> {
    Label(String),
    Worked(&'a ApproachRow),
    Group(&'a Contribution),
}

/// The three cells of a row, laid out.
type Cells = [Vec<Line<'static>>; 3];

/// The value conflict board: the situation, the values in tension and the approaches table.
///
/// Render it with `ValueConflictBoard { view, kind }.render(area, buf, &mut hits)`: `hits` collects
/// what a click can select.
#[derive(Debug, Clone, Copy)]
pub struct ValueConflictBoard<'a> {
    pub view: BoardView<'a>,
    pub kind: &'a ValueConflict,
}

impl KindBoard for ValueConflict {
    fn render_board(
        &self,
        view: BoardView,
        area: Rect,
        buf: &mut Buffer,
        hits: &mut Vec<(Rect, Hit)>,
    ) {
        ValueConflictBoard { view, kind: self }.render(area, buf, hits);
    }

    fn lists_answers(&self) -> bool {
        false
    }
}

impl StatefulWidget for ValueConflictBoard<'_> {
    type State = Vec<(Rect, Hit)>;

    fn render(self, area: Rect, buf: &mut Buffer, hits: &mut Self::State) {
        let Some((view, area)) = prepare(self.view, area, buf) else {
            return;
        };
        let (view, kind) = (&view, self.kind);
        let g = gather(view);
        let (main, band) = split_unplaced(view, &g, area);
        let roomy = main.height >= 30;
        let w = main.width as usize;
        let heading = view.theme.heading();
        let text = view.theme.text();
        let most = |n: u16| (main.height / 4).max(1).min(n) as usize;
        let mut y = main.y;
        let situation = layout(
            &[("Situation: ", heading), (&kind.situation, text)],
            w,
            0,
            most(if roomy { 8 } else { 3 }),
        );
        y = draw_lines(buf, main, 0, y, &situation);
        if !kind.values.is_empty() && main.height >= 10 {
            let values = kind.values.join(" · ");
            let lines = layout(
                &[("In tension: ", heading), (&values, text)],
                w,
                0,
                if roomy { 3 } else { 1 },
            );
            y = draw_lines(buf, main, 0, y, &lines);
        }
        if roomy {
            y += 1;
        }
        let table = Rect::new(
            main.x,
            y.min(main.bottom()),
            main.width,
            main.bottom().saturating_sub(y),
        );
        if let Some(slot) = g.slot_index(APPROACHES_SLOT) {
            ApproachTable {
                view,
                kind,
                items: g.items(slot),
                count: g.count(slot),
                slot,
            }
            .render(table, buf, hits);
        }
        if let Some((rect, slot)) = band {
            UnplacedBand { view, g: &g, slot }.render(rect, buf, hits);
        }
    }
}

/// Column widths: approach, benefits, risks; `None` when too narrow for three columns.
fn columns(width: u16) -> Option<[u16; 3]> {
    if width < 60 {
        return None;
    }
    let content = width - 6;
    let approach = content * 2 / 5;
    let benefits = (content - approach) / 2;
    Some([approach, benefits, content - approach - benefits])
}

/// The approaches table: its heading, the plan's worked rows, then the groups' rows around the
/// selected and the newest.
#[derive(Clone, Copy)]
struct ApproachTable<'p, 'a> {
    view: &'p BoardView<'a>,
    kind: &'p ValueConflict,
    /// The groups' rows, in display order.
    items: &'p [&'a Contribution],
    /// How many rows the groups wrote, counted even when concealed.
    count: usize,
    /// The approaches slot.
    slot: usize,
}

impl StatefulWidget for ApproachTable<'_, '_> {
    type State = Vec<(Rect, Hit)>;

    fn render(self, area: Rect, buf: &mut Buffer, hits: &mut Self::State) {
        let ApproachTable {
            view,
            kind,
            items,
            count,
            slot,
        } = self;
        if area.height == 0 || area.width == 0 {
            return;
        }
        hits.push((area, Hit::Slot(slot)));
        let cols = columns(area.width);
        let selected = view.slot == slot;
        let head_style = if selected {
            view.theme.heading().patch(view.theme.selected())
        } else {
            view.theme.heading()
        };
        let marker = if selected { "▶ " } else { "  " };
        let mut y = area.y;
        match cols {
            Some([a, b, _]) => {
                put_line(
                    buf,
                    area,
                    y,
                    0,
                    &format!("{marker}Approach ({count})"),
                    head_style,
                );
                put_line(buf, area, y, a + 1, "│ Benefits", view.theme.heading());
                put_line(buf, area, y, a + b + 4, "│ Risks", view.theme.heading());
                y += 1;
                if area.height >= 6 {
                    rule(
                        buf,
                        Rect::new(area.x, y, area.width, 1),
                        y,
                        "─",
                        view.theme.border(),
                    );
                    for x in [a + 1, a + b + 4] {
                        put_line(buf, area, y, x, "┼", view.theme.border());
                    }
                    y += 1;
                }
            }
            None => {
                put_line(
                    buf,
                    area,
                    y,
                    0,
                    &format!("{marker}Approach ({count}) · + benefits · − risks"),
                    head_style,
                );
                y += 1;
            }
        }
        let header = Rect::new(area.x, area.y, area.width, y - area.y);
        hits.push((header, Hit::Slot(slot)));
        let body = Rect::new(area.x, y, area.width, area.bottom().saturating_sub(y));
        if body.height == 0 {
            return;
        }

        let worked = &kind.worked_rows;
        let mut rows: Vec<Row> = Vec::with_capacity(worked.len() + items.len() + 2);
        if !worked.is_empty() {
            rows.push(Row::Label("◇ Worked examples, from the plan".into()));
            rows.extend(worked.iter().map(Row::Worked));
        }
        let groups_label = if view.concealed && count > 0 {
            format!(
                "Groups' approaches: {} — hidden until revealed",
                plural(count, "row", "rows")
            )
        } else if items.is_empty() {
            "Groups' approaches: none yet".to_owned()
        } else {
            "Groups' approaches".to_owned()
        };
        if !worked.is_empty() || items.is_empty() {
            rows.push(Row::Label(groups_label));
        }
        let first_group = rows.len();
        rows.extend(items.iter().map(|c| Row::Group(c)));

        let budget = body.height as usize;
        let mut cap = if budget >= 30 { 8 } else { 3 }.min(budget);
        let sel = items
            .iter()
            .position(|c| is_selected(view, c))
            .map(|i| first_group + i);
        let last = newest(view, items).map(|i| first_group + i);
        let mut cache: HashMap<usize, Cells> = HashMap::new();
        let height = |cells: &Cells| cells.iter().map(Vec::len).max().unwrap_or(1).max(1);
        // Rows show in full when they all fit that way.
        if rows.len() <= budget {
            let full: Vec<usize> = (0..rows.len())
                .map(|i| {
                    let c = cells(view, &rows[i], cols, area.width, budget);
                    let h = height(&c);
                    cache.insert(i, c);
                    h
                })
                .collect();
            if let Some(best) = best_cap(&full, budget) {
                cap = cap.max(best);
            }
        }
        // The selected row may take half the room when the newest must show too, else all of it.
        let sel_cap = if sel.is_some() && sel != last {
            (budget / 2).max(cap)
        } else {
            budget
        };
        let max_for = |i: usize| if Some(i) == sel { sel_cap } else { cap };
        cache.retain(|i, c| height(c) <= max_for(*i));
        let mut measure = |i: usize| {
            let cells = cache
                .entry(i)
                .or_insert_with(|| cells(view, &rows[i], cols, area.width, max_for(i)));
            height(cells)
        };
        // With groups' rows the newest shows; without, the worked rows read from the top.
        let must: Vec<usize> = if items.is_empty() {
            vec![0]
        } else {
            sel.into_iter().chain(last).collect()
        };
        let entries = window(rows.len(), &must, budget, &mut measure);
        let seps = cols.map(|[a, b, _]| [a + 1, a + b + 4]);
        let mut y = body.y;
        for (k, e) in entries.iter().enumerate() {
            if y >= body.bottom() {
                break;
            }
            match *e {
                Entry::Skip(n) => {
                    put_skip(view, buf, body, y, 0, n, (k, entries.len()));
                    y += 1;
                }
                Entry::Row(i) => {
                    let Some(cells) = cache.get(&i) else { continue };
                    let h = cells.iter().map(Vec::len).max().unwrap_or(1).max(1);
                    let top = y;
                    for line in 0..h {
                        if y >= body.bottom() {
                            break;
                        }
                        match (cols, seps) {
                            (Some([a, b, _]), Some(seps)) => {
                                let xs = [0, a + 3, a + b + 6];
                                for (cell, x) in cells.iter().zip(xs) {
                                    if let Some(l) = cell.get(line) {
                                        draw_line(buf, body, x, y, l);
                                    }
                                }
                                if !matches!(rows[i], Row::Label(_)) {
                                    for x in seps {
                                        put_line(buf, body, y, x, "│", view.theme.border());
                                    }
                                }
                            }
                            _ => {
                                if let Some(l) = cells[0].get(line) {
                                    draw_line(buf, body, 0, y, l);
                                }
                            }
                        }
                        y += 1;
                    }
                    if let Row::Group(c) = rows[i] {
                        hits.push((
                            Rect::new(body.x, top, body.width, y - top),
                            Hit::Contribution(c.id.clone()),
                        ));
                    }
                }
            }
        }
    }
}

/// Lays out one row: in three columns, or stacked into the first when `cols` is `None`.
fn cells(view: &BoardView, row: &Row, cols: Option<[u16; 3]>, width: u16, max: usize) -> Cells {
    let dim = view.theme.dim();
    let (bullet, group, approach, benefits, risks, style, selected, contribution) = match row {
        Row::Label(text) => return [layout(&[(text, dim)], width as usize, 0, 1), vec![], vec![]],
        Row::Worked(r) => (
            "◇ ",
            String::new(),
            r.approach.as_str(),
            r.benefits.as_str(),
            r.risks.as_str(),
            view.theme.text(),
            false,
            None,
        ),
        Row::Group(c) => {
            let sel = is_selected(view, c);
            (
                if sel { "▸ " } else { "• " },
                c.group
                    .as_deref()
                    .map(|g| format!("[{g}] "))
                    .unwrap_or_default(),
                c.text.as_str(),
                c.fields.get("benefits").map_or("", String::as_str),
                c.fields.get("risks").map_or("", String::as_str),
                contribution_style(view, c),
                sel,
                Some(*c),
            )
        }
    };
    let aside = |s: Style| if selected { style } else { s };
    let mut first = Lines::new(cols.map_or(width, |c| c[0]) as usize, 2, max);
    first.text(bullet, aside(view.theme.text()));
    first.text(&group, aside(view.theme.group()));
    if let Some(c) = contribution {
        lead_marks(&mut first, c, aside(view.theme.accent()));
    }
    first.text(approach, style);
    if let Some(c) = contribution {
        tail_marks(&mut first, c, aside(dim));
    }
    match cols {
        Some([_, b, r]) => {
            let cell = |text: &str, w: u16| {
                let mut l = Lines::new(w as usize, 0, max);
                l.text(text, style);
                l.finish()
            };
            [first.finish(), cell(benefits, b), cell(risks, r)]
        }
        None => {
            for (sign, text) in [("+ ", benefits), ("− ", risks)] {
                if !text.is_empty() {
                    first.newline();
                    first.text(sign, aside(dim));
                    first.text(text, style);
                }
            }
            [first.finish(), Vec::new(), Vec::new()]
        }
    }
}
