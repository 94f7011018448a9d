//! A checklist: the items under their section headings, one column per group with its mark
//! (✓ in place, ✗ not, · not marked, ✎ with a note), only the items around the selected one;
//! the selected item opens to show its full text and every group's mark and note.

use std::collections::HashMap;

use crate::model::Contribution;
use crate::model::exercise::Checklist;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::Line;
use ratatui::widgets::StatefulWidget;

use super::common::{
    Entry, Gathered, Lines, UnplacedBand, draw_lines, gather, is_selected, item_lines, layout,
    newest, plural, put_line, put_skip, skip_text, split_unplaced, window,
};
use super::{BoardView, Hit, KindBoard, prepare};
use crate::tui::text::{truncate, width};

const LEGEND: &str = "✓ in place  ✗ not in place  · not marked  ✎ note";

fn symbol(checked: Option<&str>) -> &'static str {
    match checked {
        Some("yes") => "✓",
        Some("no") => "✗",
        _ => "·",
    }
}

/// A row of the list: a section heading or an item (by slot index).
#[derive(Clone, Copy)]
enum Row<'a> {
    Section(&'a str),
    Item(usize),
}

/// An item row laid out: its text and, under it, contributions with where each starts.
struct Drawn {
    text: Vec<Line<'static>>,
    notes: Vec<(Vec<Line<'static>>, Option<String>)>,
}

impl Drawn {
    fn height(&self) -> usize {
        self.text.len().max(1) + self.notes.iter().map(|n| n.0.len()).sum::<usize>()
    }
}

/// The columns: one per group (and "no group" when needed), or one summary column when the
/// groups do not fit in half the width.
enum Columns<'a> {
    Groups(Vec<(Option<&'a str>, u16)>),
    Summary(u16),
}

/// A checklist's board: the items under their sections, one column per group.
///
/// Render it with `ChecklistBoard { view, kind }.render(area, buf, &mut hits)`: `hits` collects
/// what a click can select.
#[derive(Debug, Clone, Copy)]
pub struct ChecklistBoard<'a> {
    pub view: BoardView<'a>,
    pub kind: &'a Checklist,
}

impl KindBoard for Checklist {
    fn render_board(
        &self,
        view: BoardView,
        area: Rect,
        buf: &mut Buffer,
        hits: &mut Vec<(Rect, Hit)>,
    ) {
        ChecklistBoard { view, kind: self }.render(area, buf, hits);
    }

    fn lists_answers(&self) -> bool {
        false
    }
}

impl StatefulWidget for ChecklistBoard<'_> {
    type State = Vec<(Rect, Hit)>;

    fn render(self, area: Rect, buf: &mut Buffer, hits: &mut Self::State) {
        let Some((view, area)) = prepare(self.view, area, buf) else {
            return;
        };
        let (view, kind) = (&view, self.kind);
        let g = gather(view);
        let (main, band) = split_unplaced(view, &g, area);
        if main.height == 0 || main.width == 0 {
            if let Some((rect, slot)) = band {
                UnplacedBand { view, g: &g, slot }.render(rect, buf, hits);
            }
            return;
        }
        let mut groups: Vec<(Option<&str>, u16)> = view
            .session
            .groups
            .iter()
            .map(|n| (Some(n.as_str()), (width(n) as u16).clamp(3, 10) + 1))
            .collect();
        if g.ungrouped || groups.is_empty() {
            groups.push((None, 9));
        }
        let groups_w: u16 = groups.iter().map(|c| c.1).sum();
        let columns = if groups_w <= main.width / 2 {
            Columns::Groups(groups)
        } else {
            Columns::Summary(9.min(main.width / 3))
        };
        let cells_w = match &columns {
            Columns::Groups(c) => c.iter().map(|c| c.1).sum(),
            Columns::Summary(w) => *w,
        };
        let text_w = main.width.saturating_sub(cells_w + 1);
        let mut y = main.y;
        if main.height >= 6 {
            put_line(buf, main, y, 0, LEGEND, view.theme.dim());
            y += 1;
        }
        // Column headings.
        if main.height >= 4 {
            put_line(buf, main, y, 0, "  Item", view.theme.heading());
            let mut x = text_w + 1;
            match &columns {
                Columns::Groups(cols) => {
                    for (name, w) in cols {
                        let label = truncate(name.unwrap_or("no group"), *w as usize - 1);
                        put_line(buf, main, y, x, &label, view.theme.group());
                        x += w;
                    }
                }
                Columns::Summary(_) => put_line(buf, main, y, x, "marks", view.theme.heading()),
            }
            y += 1;
        }
        let body = Rect::new(main.x, y, main.width, main.bottom().saturating_sub(y));

        let item_slots: Vec<Option<usize>> =
            kind.items.iter().map(|i| g.slot_index(&i.id)).collect();
        let mut rows: Vec<Row> = Vec::with_capacity(kind.items.len() * 2);
        let mut section = "";
        for (item, slot) in kind.items.iter().zip(&item_slots) {
            let Some(slot) = slot else { continue };
            if item.section != section && !item.section.is_empty() {
                rows.push(Row::Section(&item.section));
            }
            section = &item.section;
            rows.push(Row::Item(*slot));
        }
        let row_of = |slot: usize| {
            rows.iter()
                .position(|r| matches!(r, Row::Item(s) if *s == slot))
        };
        let mut open: Vec<usize> = [Some(view.slot), g.selected_slot(view)]
            .into_iter()
            .flatten()
            .filter_map(row_of)
            .collect();
        let opened = open.clone();
        // The heading of the selected item's section, when there is room for it.
        if let Some(&r) = open.first()
            && let Some(h) = rows[..r].iter().rposition(|x| matches!(x, Row::Section(_)))
        {
            open.push(h);
        }
        let budget = body.height as usize;
        let roomy = budget >= 30;
        // Two items may be open (the selected slot's and the selected answer's): each gets half.
        let share = budget / opened.len().max(1);
        let mut cache: HashMap<usize, Drawn> = HashMap::new();
        let mut measure = |r: usize| match rows[r] {
            Row::Section(_) => 1,
            Row::Item(slot) => {
                let is_open = opened.contains(&r);
                cache
                    .entry(r)
                    .or_insert_with(|| {
                        item_row(view, &g, slot, is_open, roomy, text_w, main.width, share)
                    })
                    .height()
            }
        };
        let entries = window(
            rows.len(),
            if open.is_empty() { &[0] } else { &open },
            budget,
            &mut measure,
        );
        let mut y = body.y;
        for (k, e) in entries.iter().enumerate() {
            if y >= body.bottom() {
                break;
            }
            match *e {
                Entry::Skip(n) => {
                    put_skip(view, buf, body, y, 2, n, (k, entries.len()));
                    y += 1;
                }
                Entry::Row(r) => match rows[r] {
                    Row::Section(name) => {
                        put_line(buf, body, y, 0, name, view.theme.heading());
                        y += 1;
                    }
                    Row::Item(slot) => {
                        let Some(d) = cache.get(&r) else { continue };
                        let top = y;
                        hits.push((
                            Rect::new(body.x, y, body.width, d.height() as u16).intersection(body),
                            Hit::Slot(slot),
                        ));
                        CheckCells {
                            view,
                            g: &g,
                            slot,
                            columns: &columns,
                            x0: text_w + 1,
                        }
                        .render(
                            Rect::new(body.x, y, body.width, 1),
                            buf,
                            hits,
                        );
                        y = draw_lines(buf, body, 0, y, &d.text).max(top + 1);
                        for (lines, id) in &d.notes {
                            let from = y;
                            y = draw_lines(buf, body, 4, y, lines);
                            if let Some(id) = id.as_ref().filter(|_| y > from) {
                                hits.push((
                                    Rect::new(body.x, from, body.width, y - from),
                                    Hit::Contribution(id.clone()),
                                ));
                            }
                        }
                    }
                },
            }
        }
        if let Some((rect, slot)) = band {
            UnplacedBand { view, g: &g, slot }.render(rect, buf, hits);
        }
    }
}

/// The newest mark of each column's group on an item, by when it was made, in one pass.
fn newest_by_group<'a>(
    items: &[&'a Contribution],
    cols: &[(Option<&str>, u16)],
) -> Vec<Option<&'a Contribution>> {
    let mut out: Vec<Option<&Contribution>> = vec![None; cols.len()];
    for c in items.iter().filter(|c| !c.hidden) {
        if let Some(k) = cols.iter().position(|(g, _)| *g == c.group.as_deref())
            && out[k].is_none_or(|o| o.created <= c.created)
        {
            out[k] = Some(c);
        }
    }
    out
}

/// An item's row of marks: each group's in its column from `x0` on, or the summary.
#[derive(Clone, Copy)]
struct CheckCells<'p, 'a> {
    view: &'p BoardView<'a>,
    g: &'p Gathered<'a>,
    /// The item's slot.
    slot: usize,
    columns: &'p Columns<'p>,
    /// Where the first column starts, from the row's left.
    x0: u16,
}

impl StatefulWidget for CheckCells<'_, '_> {
    type State = Vec<(Rect, Hit)>;

    fn render(self, area: Rect, buf: &mut Buffer, hits: &mut Self::State) {
        let CheckCells {
            view,
            g,
            slot,
            columns,
            x0,
        } = self;
        let y = area.y;
        let items = g.items(slot);
        match columns {
            Columns::Groups(cols) => {
                let mut x = x0;
                for ((_, w), c) in cols.iter().zip(newest_by_group(items, cols)) {
                    let mut text =
                        symbol(c.and_then(|c| c.fields.get("checked")).map(String::as_str))
                            .to_owned();
                    if c.is_some_and(|c| !c.text.trim().is_empty()) {
                        text.push('✎');
                    }
                    if view.concealed && g.count(slot) > 0 {
                        text = "…".to_owned();
                    }
                    let style = match c {
                        Some(c) if view.selected == Some(c.id.as_str()) => view.theme.selected(),
                        Some(_) => view.theme.text(),
                        None => view.theme.dim(),
                    };
                    put_line(buf, area, y, x, &text, style);
                    if let Some(c) = c {
                        hits.push((
                            Rect::new(area.x + x, y, *w, 1).intersection(area),
                            Hit::Contribution(c.id.clone()),
                        ));
                    }
                    x += w;
                }
            }
            Columns::Summary(_) => {
                let (yes, no) =
                    items
                        .iter()
                        .filter(|c| !c.hidden)
                        .fold((0, 0), |(y, n), c| {
                            match c.fields.get("checked").map(String::as_str) {
                                Some("yes") => (y + 1, n),
                                Some("no") => (y, n + 1),
                                _ => (y, n),
                            }
                        });
                let text = if view.concealed && g.count(slot) > 0 {
                    "…".to_owned()
                } else {
                    format!("✓{yes} ✗{no}")
                };
                put_line(buf, area, y, x0, &text, view.theme.text());
            }
        }
    }
}

#[allow(clippy::too_many_arguments)]
fn item_row(
    view: &BoardView,
    g: &Gathered,
    slot: usize,
    open: bool,
    roomy: bool,
    text_w: u16,
    full_w: u16,
    budget: usize,
) -> Drawn {
    let selected = slot == view.slot;
    let style = if selected {
        view.theme.selected()
    } else {
        view.theme.text()
    };
    let marker = if selected { "▶ " } else { "  " };
    let label = &view.slots[slot].label;
    let text_lines = if open {
        (budget / 2).clamp(1, 6)
    } else if roomy {
        2
    } else {
        1
    };
    let text = layout(
        &[(marker, style), (label, style)],
        text_w as usize,
        2,
        text_lines,
    );
    let items = g.items(slot);
    let mut notes = Vec::new();
    let n = g.count(slot);
    if open && view.concealed && n > 0 {
        notes.push((
            layout(
                &[(
                    &format!("{} — hidden until revealed", plural(n, "mark", "marks")),
                    view.theme.dim(),
                )],
                (text_w as usize).saturating_sub(4),
                0,
                1,
            ),
            None,
        ));
        return Drawn { text, notes };
    }
    let body = |l: &mut Lines, c: &Contribution, style: Style| {
        let checked = c.fields.get("checked").map(String::as_str);
        l.text(
            &format!("{} {}", symbol(checked), checked.unwrap_or("")),
            style,
        );
        if !c.text.is_empty() {
            l.text(" — ", style);
            l.text(&c.text, style);
        }
    };
    // Notes sit under the item's first line, clear of the mark columns.
    let w = (full_w as usize).saturating_sub(4);
    if open {
        // Every mark and note, the newest last; when they do not all fit, the newest and the
        // selected one, and as many around them as fit.
        let room = budget.saturating_sub(text.len()).max(1);
        let sel = items.iter().position(|c| is_selected(view, c));
        let mut cache: HashMap<usize, Vec<Line<'static>>> = HashMap::new();
        let last = newest(view, items);
        // Room for both the selected note and the newest when they differ.
        let most = if sel.is_some() && sel != last {
            (room / 2).clamp(1, 3)
        } else {
            3
        };
        let mut measure = |i: usize| {
            cache
                .entry(i)
                .or_insert_with(|| item_lines(view, items[i], w, most, &body))
                .len()
                .max(1)
        };
        let must: Vec<usize> = sel.into_iter().chain(last).collect();
        for (k, e) in window(items.len(), &must, room, &mut measure)
            .into_iter()
            .enumerate()
        {
            match e {
                Entry::Row(i) => {
                    let lines = cache.remove(&i).unwrap_or_default();
                    notes.push((lines, Some(items[i].id.clone())));
                }
                Entry::Skip(n) => {
                    let text = skip_text(n, k == 0, false);
                    notes.push((layout(&[(&text, view.theme.dim())], w, 0, 1), None));
                }
            }
        }
    } else if roomy {
        for c in items
            .iter()
            .rev()
            .filter(|c| !c.text.trim().is_empty())
            .take(2)
        {
            notes.push((item_lines(view, c, w, 1, &body), Some(c.id.clone())));
        }
        notes.reverse();
    }
    Drawn { text, notes }
}
