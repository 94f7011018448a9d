//! Getting to role clarity: the activities × criteria grid, each cell showing the groups' marks
//! as symbols (✓ Yes, ✗ No, ~ Maybe, ? ??), only the rows around the selected cell; beside or
//! under it the selected cell in full: each group's mark and comment, and on request the
//! reference answer with whether the groups agree (=) or differ (≠).

use crate::model::Contribution;
use crate::model::exercise::RoleClarity;
use crate::model::exercise::role_clarity::{Item, MARKS, ReferenceAnswer, cell_slot};
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::widgets::StatefulWidget;

use super::common::{
    Entry, FastMap, Gathered, ItemList, Lines, SlotList, UnplacedBand, draw_lines, gather,
    is_selected, item_lines, layout, per_item, plural, put_line, put_skip, split_unplaced, vrule,
    window,
};
use super::{BoardView, Hit, KindBoard, prepare};
use crate::tui::text::width;

/// The symbol of a mark: never colour alone.
pub fn symbol(mark: &str) -> &'static str {
    match mark {
        "Yes" => "✓",
        "No" => "✗",
        "Maybe" => "~",
        "??" => "?",
        _ => "·",
    }
}

const LEGEND: &str = "✓ Yes  ✗ No  ~ Maybe  ? ??";

type References<'a> = FastMap<(&'a str, &'a str), &'a ReferenceAnswer>;

struct Grid<'v, 'a> {
    view: &'v BoardView<'a>,
    kind: &'a RoleClarity,
    g: &'v Gathered<'a>,
    refs: References<'a>,
}

impl Grid<'_, '_> {
    /// The slot index of a cell.
    fn slot(&self, a: usize, c: usize) -> Option<usize> {
        let (act, crit) = (&self.kind.activities[a].id, &self.kind.criteria[c].id);
        // Cells come in activity-major order; check the guess without building its id.
        let guess = a * self.kind.criteria.len() + c;
        let is_cell = |id: &str| {
            id.len() == act.len() + 1 + crit.len()
                && id.starts_with(act.as_str())
                && id.ends_with(crit.as_str())
                && id.as_bytes()[act.len()] == b'.'
        };
        match self.view.slots.get(guess) {
            Some(s) if is_cell(&s.id) => Some(guess),
            _ => self.g.slot_index(&cell_slot(act, crit)),
        }
    }

    /// The cell (activity, criterion) of a slot index.
    fn cell(&self, slot: usize) -> Option<(usize, usize)> {
        let nc = self.kind.criteria.len();
        let (a, c) = (slot / nc, slot % nc);
        (a < self.kind.activities.len() && self.slot(a, c) == Some(slot)).then_some((a, c))
    }

    fn reference(&self, a: usize, c: usize) -> Option<&ReferenceAnswer> {
        let key = (
            self.kind.activities[a].id.as_str(),
            self.kind.criteria[c].id.as_str(),
        );
        self.refs.get(&key).copied()
    }

    /// What a cell shows in `w` columns: the marks one symbol each in the order given, or counts
    /// when they do not fit; then, when asked for, the reference mark and = or ≠.
    fn cell_text(&self, a: usize, c: usize, w: usize) -> String {
        let Some(slot) = self.slot(a, c) else {
            return String::new();
        };
        let marks: Vec<&str> = self
            .g
            .items(slot)
            .iter()
            .filter(|x| !x.hidden)
            .filter_map(|x| x.fields.get("mark").map(String::as_str))
            .collect();
        // The reference in brackets, then whether the groups agree (=) or differ (≠); a narrow
        // cell keeps only the verdict once groups have marked it.
        let reference = if self.view.show_reference {
            self.reference(a, c).map(|r| {
                let shown = format!("({})", r.mark.as_deref().map_or("…", symbol));
                let agree = match (&r.mark, marks.is_empty()) {
                    (_, true) | (None, _) => "",
                    (Some(m), false) if marks.iter().all(|x| x == m) => "=",
                    _ => "≠",
                };
                if marks.is_empty() {
                    shown
                } else if w < 8 {
                    agree.to_owned()
                } else {
                    format!("{shown}{agree}")
                }
            })
        } else {
            None
        };
        let ref_w = reference
            .as_deref()
            .filter(|r| !r.is_empty())
            .map_or(0, |r| width(r) + usize::from(w >= 8));
        let room = w.saturating_sub(ref_w);
        let mut shown = if self.view.concealed {
            let n = self.g.count(slot);
            if n > 0 { format!("{n}") } else { String::new() }
        } else if marks.len() <= room {
            marks.iter().map(|m| symbol(m)).collect()
        } else {
            let mut counts: Vec<(usize, &str)> = MARKS
                .iter()
                .map(|m| (marks.iter().filter(|x| *x == m).count(), *m))
                .filter(|(n, _)| *n > 0)
                .collect();
            counts.sort_by_key(|c| std::cmp::Reverse(c.0));
            let mut s = String::new();
            for (n, m) in counts {
                let part = format!("{}{n}", symbol(m));
                if width(&s) + width(&part) > room {
                    break;
                }
                s.push_str(&part);
            }
            s
        };
        if shown.is_empty() && reference.is_none() {
            shown.push('·');
        }
        match reference {
            Some(r) if shown.is_empty() => r,
            Some(r) if w < 8 => format!("{shown}{r}"),
            Some(r) => format!("{shown} {r}"),
            None => shown,
        }
    }
}

fn activity_label(a: &Item) -> String {
    if a.id.chars().all(|c| c.is_ascii_digit()) {
        format!("{}. {}", a.id, a.text)
    } else {
        a.text.clone()
    }
}

/// The role clarity board: the activities × criteria grid and the selected cell in full.
///
/// Render it with `RoleClarityBoard { view, kind }.render(area, buf, &mut hits)`: `hits` collects
/// what a click can select.
#[derive(Debug, Clone, Copy)]
pub struct RoleClarityBoard<'a> {
    pub view: BoardView<'a>,
    pub kind: &'a RoleClarity,
}

impl KindBoard for RoleClarity {
    fn render_board(
        &self,
        view: BoardView,
        area: Rect,
        buf: &mut Buffer,
        hits: &mut Vec<(Rect, Hit)>,
    ) {
        RoleClarityBoard { view, kind: self }.render(area, buf, hits);
    }

    fn lists_answers(&self) -> bool {
        false
    }
}

impl StatefulWidget for RoleClarityBoard<'_> {
    type State = Vec<(Rect, Hit)>;

    fn render(self, area: Rect, buf: &mut Buffer, hits: &mut Self::State) {
        let Some((view, area)) = prepare(self.view, area, buf) else {
            return;
        };
        let (view, kind) = (&view, self.kind);
        if kind.activities.is_empty() || kind.criteria.is_empty() {
            SlotList { view }.render(area, buf, hits);
            return;
        }
        let g = gather(view);
        let (main, band) = split_unplaced(view, &g, area);
        let refs: References = if view.show_reference {
            kind.reference
                .iter()
                .map(|r| ((r.activity.as_str(), r.criterion.as_str()), r))
                .collect()
        } else {
            FastMap::default()
        };
        let grid = Grid {
            view,
            kind,
            g: &g,
            refs,
        };
        let selected = grid.cell(view.slot);
        // The cell shown in full: the selected contribution's when there is one, else the slot's.
        let focus = g
            .selected_slot(view)
            .and_then(|s| grid.cell(s))
            .or(selected);
        let (grid_area, detail) = if main.width >= 120 {
            let w = (main.width * 7 / 20).clamp(40, 64);
            let grid_area = Rect::new(main.x, main.y, main.width - w - 1, main.height);
            vrule(buf, main, grid_area.right(), "│", view.theme.border());
            let side = Rect::new(main.right() - w, main.y, w, main.height);
            // The criteria spelled out above the cell, when that leaves the cell room.
            if side.height as usize >= kind.criteria.len() + 12 {
                // One row for the heading and one per criterion: the condition above leaves
                // room for all of them.
                let rows = (kind.criteria.len() as u16).saturating_add(1);
                Criteria {
                    grid: &grid,
                    selected,
                }
                .render(Rect::new(side.x, side.y, side.width, rows), buf, hits);
                let y = side.y + rows;
                let rest = Rect::new(
                    side.x,
                    y + 1,
                    side.width,
                    side.bottom().saturating_sub(y + 1),
                );
                (grid_area, Some(rest))
            } else {
                (grid_area, Some(side))
            }
        } else if main.height >= 8 {
            let h = (main.height * 2 / 5).clamp(4, 12);
            (
                Rect::new(main.x, main.y, main.width, main.height - h),
                Some(Rect::new(main.x, main.bottom() - h, main.width, h)),
            )
        } else {
            (main, None)
        };
        CellGrid {
            grid: &grid,
            selected,
            focus,
        }
        .render(grid_area, buf, hits);
        if let (Some(d), Some(cell)) = (detail, focus) {
            CellDetail {
                grid: &grid,
                cell,
                is_selected_slot: selected == Some(cell),
            }
            .render(d, buf, hits);
        }
        if let Some((rect, slot)) = band {
            UnplacedBand { view, g: &g, slot }.render(rect, buf, hits);
        }
    }
}

/// The grid: the question and the legend, the criteria across, and the rows of activities
/// around the selected one, each cell its groups' marks.
#[derive(Clone, Copy)]
struct CellGrid<'p, 'a> {
    grid: &'p Grid<'p, 'a>,
    /// The slot's cell (activity, criterion).
    selected: Option<(usize, usize)>,
    /// The cell shown in full.
    focus: Option<(usize, usize)>,
}

impl StatefulWidget for CellGrid<'_, '_> {
    type State = Vec<(Rect, Hit)>;

    fn render(self, area: Rect, buf: &mut Buffer, hits: &mut Self::State) {
        let CellGrid {
            grid,
            selected,
            focus,
        } = self;
        let view = grid.view;
        let kind = grid.kind;
        let nc = kind.criteria.len();
        if area.height == 0 || area.width == 0 {
            return;
        }
        let mut y = area.y;
        // The question, with the legend at the right when it fits.
        let mut legend = LEGEND.to_owned();
        if view.show_reference {
            legend.push_str("  (✓) reference = agree ≠ differ");
        }
        let legend_w = width(&legend) as u16;
        let question = if kind.question.is_empty() {
            "Activities × criteria"
        } else {
            kind.question.as_str()
        };
        if area.height >= 4 {
            put_line(
                buf,
                area,
                y,
                area.width.saturating_sub(legend_w),
                &legend,
                view.theme.dim(),
            );
            let room = area.width.saturating_sub(legend_w + 2);
            if room >= 12 {
                put_line(
                    buf,
                    Rect::new(area.x, y, room, 1),
                    y,
                    0,
                    question,
                    view.theme.heading(),
                );
            }
            y += 1;
        }
        // Cells need a few columns; the activities get the rest.
        let label_want = (area.width / 2).clamp(24, 48);
        let cw = (area.width.saturating_sub(label_want) / nc as u16).clamp(3, 6);
        let label_w = area.width.saturating_sub(cw * nc as u16);
        let cols_x = |c: usize| label_w + cw * c as u16;
        let heads: Vec<Vec<ratatui::text::Line>> = kind
            .criteria
            .iter()
            .enumerate()
            .map(|(c, crit)| {
                let here = selected.is_some_and(|s| s.1 == c);
                let style = if here {
                    view.theme.heading().patch(view.theme.selected())
                } else {
                    view.theme.heading()
                };
                let mark = if here { "▼" } else { "" };
                layout(
                    &[(&format!("{mark}{}", crit.id), style)],
                    cw as usize - 1,
                    0,
                    1,
                )
            })
            .collect();
        let head_h = heads.iter().map(Vec::len).max().unwrap_or(1) as u16;
        if label_w >= 8 && area.height >= 3 {
            put_line(
                buf,
                area,
                y + head_h - 1,
                0,
                "Activity",
                view.theme.heading(),
            );
        }
        for (c, lines) in heads.iter().enumerate() {
            let x = cols_x(c) + 1;
            draw_lines(buf, area, x, y, lines);
            if let Some(slot) = selected.map(|s| s.0).and_then(|a| grid.slot(a, c)) {
                hits.push((
                    Rect::new(area.x + x, y, cw - 1, head_h).intersection(area),
                    Hit::Slot(slot),
                ));
            }
        }
        y += head_h;
        let body = Rect::new(
            area.x,
            y.min(area.bottom()),
            area.width,
            area.bottom().saturating_sub(y),
        );
        let must: Vec<usize> = selected.iter().chain(focus.iter()).map(|s| s.0).collect();
        let mut one = |_| 1;
        let entries = window(
            kind.activities.len(),
            if must.is_empty() { &[0] } else { &must },
            body.height as usize,
            &mut one,
        );
        let mut y = body.y;
        for (k, e) in entries.iter().enumerate() {
            if y >= body.bottom() {
                break;
            }
            match *e {
                Entry::Skip(n) => {
                    put_skip(view, buf, body, y, 2, n, (k, entries.len()));
                }
                Entry::Row(a) => {
                    let is_sel = selected.is_some_and(|s| s.0 == a);
                    let marker = if is_sel { "▶ " } else { "  " };
                    let style = if is_sel {
                        view.theme.selected()
                    } else {
                        view.theme.text()
                    };
                    let label = layout(
                        &[
                            (marker, style),
                            (&activity_label(&kind.activities[a]), style),
                        ],
                        label_w.saturating_sub(1) as usize,
                        0,
                        1,
                    );
                    draw_lines(buf, body, 0, y, &label);
                    for c in 0..nc {
                        let Some(slot) = grid.slot(a, c) else {
                            continue;
                        };
                        let text = grid.cell_text(a, c, cw as usize - 1);
                        let here = selected == Some((a, c));
                        let in_focus = focus == Some((a, c));
                        let style = if here {
                            view.theme.selected()
                        } else if in_focus {
                            view.theme.accent()
                        } else if text == "·" {
                            view.theme.dim()
                        } else {
                            view.theme.text()
                        };
                        let x = cols_x(c);
                        let cell = Rect::new(body.x + x, y, cw, 1).intersection(body);
                        if here {
                            buf.set_style(cell, style);
                        }
                        let pad = (cw as usize).saturating_sub(width(&text)) / 2;
                        put_line(buf, body, y, x + pad as u16, &text, style);
                        hits.push((cell, Hit::Slot(slot)));
                    }
                }
            }
            y += 1;
        }
    }
}

/// The criteria under a heading, one per line, the selected one marked.
#[derive(Clone, Copy)]
struct Criteria<'p, 'a> {
    grid: &'p Grid<'p, 'a>,
    selected: Option<(usize, usize)>,
}

impl StatefulWidget for Criteria<'_, '_> {
    type State = Vec<(Rect, Hit)>;

    fn render(self, area: Rect, buf: &mut Buffer, hits: &mut Self::State) {
        let Criteria { grid, selected } = self;
        let view = grid.view;
        let mut y = area.y;
        put_line(buf, area, y, 0, "Criteria", view.theme.heading());
        y += 1;
        for (c, crit) in grid.kind.criteria.iter().enumerate() {
            if y >= area.bottom() {
                break;
            }
            let here = selected.is_some_and(|s| s.1 == c);
            let (marker, style) = if here {
                ("▶", view.theme.selected())
            } else {
                (" ", view.theme.text())
            };
            let lines = layout(
                &[
                    (
                        &format!("{marker}{} ", crit.id),
                        style.patch(view.theme.heading()),
                    ),
                    (&crit.text, style),
                ],
                area.width as usize,
                3,
                1,
            );
            draw_lines(buf, area, 0, y, &lines);
            if let Some(slot) = selected.and_then(|s| grid.slot(s.0, c)) {
                hits.push((Rect::new(area.x, y, area.width, 1), Hit::Slot(slot)));
            }
            y += 1;
        }
    }
}

/// The cell in full: its activity and criterion, each group's mark and comment, and the
/// reference answer when asked for.
#[derive(Clone, Copy)]
struct CellDetail<'p, 'a> {
    grid: &'p Grid<'p, 'a>,
    /// (activity, criterion).
    cell: (usize, usize),
    is_selected_slot: bool,
}

impl StatefulWidget for CellDetail<'_, '_> {
    type State = Vec<(Rect, Hit)>;

    fn render(self, area: Rect, buf: &mut Buffer, hits: &mut Self::State) {
        let CellDetail {
            grid,
            cell: (a, c),
            is_selected_slot,
        } = self;
        let view = grid.view;
        let kind = grid.kind;
        let Some(slot) = grid.slot(a, c) else { return };
        hits.push((area, Hit::Slot(slot)));
        let w = area.width as usize;
        let head = if is_selected_slot {
            view.theme.heading().patch(view.theme.selected())
        } else {
            view.theme.heading()
        };
        let marker = if is_selected_slot { "▶ " } else { "  " };
        let crit = &kind.criteria[c];
        let mut y = area.y;
        let activity = activity_label(&kind.activities[a]);
        let criterion = format!("({}) ", crit.id);
        if area.height >= 8 {
            let rows = if area.height >= 12 { 2 } else { 1 };
            let title = layout(&[(marker, head), (&activity, head)], w, 2, rows);
            y = draw_lines(buf, area, 0, y, &title);
            let lines = layout(
                &[
                    ("  ", head),
                    (&criterion, view.theme.heading()),
                    (&crit.text, view.theme.dim()),
                ],
                w,
                2,
                rows,
            );
            y = draw_lines(buf, area, 0, y, &lines);
        } else {
            let title = layout(
                &[
                    (marker, head),
                    (&activity, head),
                    (" — ", view.theme.dim()),
                    (&criterion, view.theme.heading()),
                    (&crit.text, view.theme.dim()),
                ],
                w,
                2,
                1,
            );
            y = draw_lines(buf, area, 0, y, &title);
        }
        let reference = grid.reference(a, c);
        let ref_lines = if view.show_reference {
            match reference {
                Some(r) => {
                    let mark = r
                        .mark
                        .as_deref()
                        .map(|m| format!("{} {m} — ", symbol(m)))
                        .unwrap_or_default();
                    let source = if kind.reference_source.is_empty() {
                        "Reference: ".to_owned()
                    } else {
                        format!("Reference ({}): ", kind.reference_source)
                    };
                    layout(
                        &[
                            (&source, view.theme.heading()),
                            (&mark, view.theme.text()),
                            (&r.text, view.theme.text()),
                        ],
                        w.saturating_sub(2),
                        0,
                        (area.height / 3).max(1) as usize,
                    )
                }
                None => layout(
                    &[("No reference answer for this cell", view.theme.dim())],
                    w,
                    0,
                    1,
                ),
            }
        } else if kind.reference.is_empty() {
            Vec::new()
        } else {
            layout(&[("Reference answer hidden", view.theme.dim())], w, 0, 1)
        };
        let items = grid.g.items(slot);
        let list_h = area
            .bottom()
            .saturating_sub(y)
            .saturating_sub(ref_lines.len() as u16);
        let list = Rect::new(
            area.x + 2.min(area.width),
            y,
            area.width.saturating_sub(2),
            list_h,
        );
        let n = grid.g.count(slot);
        if view.concealed && n > 0 {
            put_line(
                buf,
                list,
                y,
                0,
                &format!("{} — hidden until revealed", plural(n, "mark", "marks")),
                view.theme.dim(),
            );
            y += 1;
        } else if items.is_empty() {
            put_line(buf, list, y, 0, "no marks yet", view.theme.dim());
            y += 1;
        } else {
            let ref_mark = reference
                .and_then(|r| r.mark.as_deref())
                .filter(|_| view.show_reference);
            let body = |l: &mut Lines, x: &Contribution, style: Style| {
                let sel = is_selected(view, x);
                if let Some(m) = x.fields.get("mark") {
                    l.text(&format!("{} {m}", symbol(m)), style);
                    if !x.text.is_empty() {
                        l.text(" — ", style);
                    }
                }
                l.text(&x.text, style);
                if let (Some(r), Some(m)) = (ref_mark, x.fields.get("mark")) {
                    let same = if r == m {
                        " (= reference)"
                    } else {
                        " (≠ reference)"
                    };
                    l.text(same, if sel { style } else { view.theme.dim() });
                }
            };
            let render =
                |x: &Contribution, w: usize, max: usize| item_lines(view, x, w, max, &body);
            y = ItemList {
                view,
                items,
                per_item: per_item(list.height as usize),
                render: &render,
            }
            .render_list(list, buf, hits);
        }
        draw_lines(buf, area, 2, y, &ref_lines);
    }
}
