//! Panels: a slot's heading with its answers, laid out in a grid or stacked; the `unplaced`
//! band.

use super::*;

// ---------------------------------------------------------------- panels

/// A slot drawn as a heading with its answers under it.
#[derive(Debug, Clone, Copy)]
pub struct Panel<'s> {
    /// Index into `view.slots`.
    pub slot: usize,
    pub title: &'s str,
    /// Shown dimmed under the title (a follow-up question, a corner's prompt); may be empty.
    pub prompt: &'s str,
}

/// How much of a panel's heading to show.
#[derive(Debug, Clone, Copy)]
pub struct HeadSize {
    pub title: usize,
    pub prompt: usize,
}

/// The heading of a panel: `▶` and the selected style when it is the selected slot, the title,
/// how many answers, then the prompt.
pub fn panel_head(
    view: &BoardView,
    g: &Gathered,
    p: &Panel,
    w: usize,
    size: HeadSize,
) -> Vec<Line<'static>> {
    let selected = p.slot == view.slot;
    let style = if selected {
        view.theme.heading().patch(view.theme.selected())
    } else {
        view.theme.heading()
    };
    // The count stays in view however much of the title is cut.
    let count = format!(" ({})", g.count(p.slot));
    let mut l = Lines::new(w.saturating_sub(width(&count)), 2, size.title);
    l.text(if selected { "▶ " } else { "  " }, style);
    l.text(p.title, style);
    let mut lines = l.finish();
    if let Some(last) = lines.last_mut() {
        last.spans.push(Span::styled(count, view.theme.dim()));
    }
    if size.prompt > 0 && !p.prompt.is_empty() {
        let mut l = Lines::new(w.saturating_sub(2), 0, size.prompt);
        l.text(p.prompt, view.theme.dim());
        for line in l.finish() {
            let mut spans = vec![Span::raw("  ")];
            spans.extend(line.spans);
            lines.push(Line::from(spans));
        }
    }
    lines
}

/// Lines of a panel's body when it lists no answers: a count when concealed, "none yet".
fn empty_body(view: &BoardView, g: &Gathered, slot: usize) -> Option<String> {
    let n = g.count(slot);
    if view.concealed && n > 0 {
        Some(format!(
            "{} — hidden until revealed",
            plural(n, "answer", "answers")
        ))
    } else if g.items(slot).is_empty() {
        Some(if n > 0 {
            plural(n, "answer", "answers")
        } else {
            "none yet".to_owned()
        })
    } else {
        None
    }
}

/// Lines a panel would use at `width`, counting no further than `limit`.
pub fn panel_demand(
    view: &BoardView,
    g: &Gathered,
    p: &Panel,
    width: usize,
    size: HeadSize,
    limit: usize,
    render: Render,
) -> usize {
    let head = panel_head(view, g, p, width, size).len();
    let body = match empty_body(view, g, p.slot) {
        Some(_) => usize::from(p.slot == view.slot || g.count(p.slot) > 0),
        None => items_demand(
            view,
            g.items(p.slot),
            width.saturating_sub(2),
            per_item(limit),
            limit,
            render,
        ),
    };
    (head + body).min(limit)
}

/// Most lines one answer takes in a list of `height` lines, so that a few always show.
pub fn per_item(height: usize) -> usize {
    (height / 3).max(1)
}

/// A panel: its heading, then its answers (the newest and the selected always shown), each
/// written by `render`.
#[derive(Clone, Copy)]
pub struct SlotPanel<'p, 'a> {
    pub view: &'p BoardView<'a>,
    pub g: &'p Gathered<'a>,
    pub panel: Panel<'p>,
    pub size: HeadSize,
    pub render: Render<'p>,
}

impl StatefulWidget for SlotPanel<'_, '_> {
    type State = Vec<(Rect, Hit)>;

    fn render(self, area: Rect, buf: &mut Buffer, hits: &mut Self::State) {
        let SlotPanel {
            view,
            g,
            panel: p,
            size,
            render,
        } = self;
        if area.width == 0 || area.height == 0 {
            return;
        }
        hits.push((area, Hit::Slot(p.slot)));
        let head = panel_head(view, g, &p, area.width as usize, size);
        // The title's first line always shows; the body keeps at least one line when it can.
        let head_rows = (head.len() as u16).min(area.height.saturating_sub(1).max(1));
        draw_lines(buf, area, 0, area.y, &head[..head_rows as usize]);
        let body = Rect::new(
            area.x.saturating_add(2).min(area.right()),
            area.y + head_rows,
            area.width.saturating_sub(2),
            area.height - head_rows,
        );
        match empty_body(view, g, p.slot) {
            Some(text) => put_line(buf, body, body.y, 0, &text, view.theme.dim()),
            None => {
                ItemList {
                    view,
                    items: g.items(p.slot),
                    per_item: per_item(body.height as usize),
                    render,
                }
                .render(body, buf, hits);
            }
        }
    }
}

/// Rectangles for `n` panels in a grid of at least two columns, each at least `min_w` wide and
/// `min_h` high, with one column between them; `None` when that does not fit.
pub fn grid(area: Rect, n: usize, min_w: u16, min_h: u16) -> Option<Vec<Rect>> {
    if n < 2 {
        return None;
    }
    let max_cols = ((area.width as usize + 1) / (min_w as usize + 1)).min(n);
    if max_cols < 2 {
        return None;
    }
    let rows = n.div_ceil(max_cols);
    let cols = n.div_ceil(rows);
    if (area.height as usize) < rows * (min_h as usize) + rows - 1 {
        return None;
    }
    let col_w = (area.width as usize + 1) / cols - 1;
    let row_h = (area.height as usize + 1) / rows - 1;
    Some(
        (0..n)
            .map(|i| {
                let (r, c) = (i / cols, i % cols);
                Rect::new(
                    area.x + (c * (col_w + 1)) as u16,
                    area.y + (r * (row_h + 1)) as u16,
                    col_w as u16,
                    row_h as u16,
                )
            })
            .collect(),
    )
}

/// The lines between grid cells (from [`grid`] over the same area): `│` beside a cell, `─`
/// under it.
#[derive(Debug, Clone, Copy)]
pub struct GridRules<'c> {
    pub cells: &'c [Rect],
    pub style: Style,
}

impl Widget for GridRules<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let GridRules { cells, style } = self;
        let beside = |r: &Rect| cells.iter().any(|o| o.y == r.y && o.x == r.right() + 1);
        let below = |r: &Rect| cells.iter().any(|o| o.x == r.x && o.y == r.bottom() + 1);
        for r in cells {
            if beside(r) {
                let x = r.right();
                vrule(
                    buf,
                    Rect::new(x, r.y, 1, r.height).intersection(area),
                    x,
                    "│",
                    style,
                );
            }
            if below(r) {
                // Under a cell and the gap to its right, so the rules meet.
                let w = r.width + u16::from(beside(r));
                let y = r.bottom();
                rule(
                    buf,
                    Rect::new(r.x, y, w, 1).intersection(area),
                    y,
                    "─",
                    style,
                );
            }
        }
    }
}

/// Shares `total` rows among stacked panels: each shown panel gets a line (its heading), the
/// panels in `first` (in that order: the selected slot's, the selected answer's) a few more
/// each and then what they want, the others more in turn. When there are more panels than
/// rows, those far from the first priority get nothing.
pub fn share_rows(demands: &[usize], first: &[usize], total: usize) -> Vec<usize> {
    let n = demands.len();
    let mut alloc = vec![0; n];
    if n == 0 || total == 0 {
        return alloc;
    }
    let (lo, hi) = if n <= total {
        (0, n)
    } else {
        let s = first.first().copied().unwrap_or(0).min(n - 1);
        let lo = s.saturating_sub(total / 2).min(n - total);
        (lo, lo + total)
    };
    for a in &mut alloc[lo..hi] {
        *a = 1;
    }
    let mut left = total - (hi - lo);
    let shown: Vec<usize> = first
        .iter()
        .copied()
        .filter(|s| (lo..hi).contains(s))
        .collect();
    // A few lines each first, so a second priority is not starved by the first.
    for few in [4, usize::MAX] {
        for &s in &shown {
            let add = demands[s]
                .saturating_sub(alloc[s])
                .min(few.saturating_sub(alloc[s].min(few)))
                .min(left);
            alloc[s] += add;
            left -= add;
        }
    }
    while left > 0 {
        let mut gave = false;
        for i in lo..hi {
            if left > 0 && alloc[i] < demands[i] {
                alloc[i] += 1;
                left -= 1;
                gave = true;
            }
        }
        if !gave {
            break;
        }
    }
    alloc
}

/// Panels side by side when there is room for columns, else stacked with the selected one
/// given the most room.
#[derive(Clone, Copy)]
pub struct SlotPanels<'p, 'a> {
    pub view: &'p BoardView<'a>,
    pub g: &'p Gathered<'a>,
    pub panels: &'p [Panel<'p>],
    pub render: Render<'p>,
}

impl StatefulWidget for SlotPanels<'_, '_> {
    type State = Vec<(Rect, Hit)>;

    fn render(self, area: Rect, buf: &mut Buffer, hits: &mut Self::State) {
        let SlotPanels {
            view,
            g,
            panels,
            render,
        } = self;
        if panels.is_empty() || area.width == 0 || area.height == 0 {
            return;
        }
        if let Some(cells) = grid(area, panels.len(), 44, 8) {
            GridRules {
                cells: &cells,
                style: view.theme.border(),
            }
            .render(area, buf);
            let size = HeadSize {
                title: 3,
                prompt: 2,
            };
            for (p, r) in panels.iter().zip(&cells) {
                SlotPanel {
                    view,
                    g,
                    panel: *p,
                    size,
                    render,
                }
                .render(*r, buf, hits);
            }
            return;
        }
        let total = area.height as usize;
        let roomy = total >= 30;
        let size_of = |p: &Panel| {
            if p.slot == view.slot {
                HeadSize {
                    title: 3,
                    prompt: if roomy { 2 } else { 1 },
                }
            } else {
                HeadSize {
                    title: if roomy { 2 } else { 1 },
                    prompt: usize::from(roomy),
                }
            }
        };
        let width = area.width as usize;
        // A blank line between panels when that still leaves the selected one room.
        let gap = usize::from(total >= panels.len() * 4);
        let usable = total.saturating_sub(gap * (panels.len() - 1));
        let demands: Vec<usize> = panels
            .iter()
            .map(|p| panel_demand(view, g, p, width, size_of(p), usable, render))
            .collect();
        let sel_slot = g.selected_slot(view);
        let first: Vec<usize> = [
            panels.iter().position(|p| p.slot == view.slot),
            panels.iter().position(|p| Some(p.slot) == sel_slot),
        ]
        .into_iter()
        .flatten()
        .collect();
        let alloc = share_rows(&demands, &first, usable);
        let mut y = area.y;
        for (p, &rows) in panels.iter().zip(&alloc) {
            if rows == 0 {
                continue;
            }
            if y >= area.bottom() {
                break;
            }
            let h = (rows as u16).min(area.bottom() - y);
            SlotPanel {
                view,
                g,
                panel: *p,
                size: size_of(p),
                render,
            }
            .render(Rect::new(area.x, y, area.width, h), buf, hits);
            y += h + gap as u16;
        }
    }
}

/// The panels of every slot, with slot labels as titles; the `unplaced` slot only when it has
/// something or is selected.
pub fn slot_panels<'s>(view: &BoardView<'s>, g: &Gathered) -> Vec<Panel<'s>> {
    view.slots
        .iter()
        .enumerate()
        .filter(|(i, s)| s.id != UNPLACED_SLOT || g.count(*i) > 0 || *i == view.slot)
        .map(|(i, s)| Panel {
            slot: i,
            title: &s.label,
            prompt: "",
        })
        .collect()
}

/// A plain list: each slot's heading, then its contributions with their group. The newest
/// show when there is not room for all. The fallback for any kind.
#[derive(Debug, Clone, Copy)]
pub struct SlotList<'p, 'a> {
    pub view: &'p BoardView<'a>,
}

impl StatefulWidget for SlotList<'_, '_> {
    type State = Vec<(Rect, Hit)>;

    fn render(self, area: Rect, buf: &mut Buffer, hits: &mut Self::State) {
        let view = self.view;
        let g = gather(view);
        let panels = slot_panels(view, &g);
        let render = |c: &Contribution, w: usize, max: usize| plain_item(view, c, w, max);
        SlotPanels {
            view,
            g: &g,
            panels: &panels,
            render: &render,
        }
        .render(area, buf, hits);
    }
}

// ---------------------------------------------------------------- the unplaced slot

/// Index of the `unplaced` slot.
pub fn unplaced_index(view: &BoardView) -> Option<usize> {
    view.slots.iter().position(|s| s.id == UNPLACED_SLOT)
}

/// Splits off a band at the bottom for the `unplaced` slot when it has anything or is
/// selected; boards draw their own shape in the rest.
pub fn split_unplaced(view: &BoardView, g: &Gathered, area: Rect) -> (Rect, Option<(Rect, usize)>) {
    let Some(u) = unplaced_index(view) else {
        return (area, None);
    };
    if g.count(u) == 0 && view.slot != u {
        return (area, None);
    }
    let want = if view.slot == u {
        area.height / 3
    } else {
        area.height / 4
    };
    let h = want.max(2).min(area.height);
    let main = Rect::new(area.x, area.y, area.width, area.height - h);
    let band = Rect::new(area.x, main.bottom(), area.width, h);
    (main, Some((band, u)))
}

/// The `unplaced` slot's band, rendered where [`split_unplaced`] put it: its heading on one
/// line, then its answers.
#[derive(Clone, Copy)]
pub struct UnplacedBand<'p, 'a> {
    pub view: &'p BoardView<'a>,
    pub g: &'p Gathered<'a>,
    /// Index of the `unplaced` slot in `view.slots`.
    pub slot: usize,
}

impl StatefulWidget for UnplacedBand<'_, '_> {
    type State = Vec<(Rect, Hit)>;

    fn render(self, area: Rect, buf: &mut Buffer, hits: &mut Self::State) {
        let UnplacedBand { view, g, slot: u } = self;
        let p = Panel {
            slot: u,
            title: &view.slots[u].label,
            prompt: "",
        };
        let render = |c: &Contribution, w: usize, max: usize| plain_item(view, c, w, max);
        SlotPanel {
            view,
            g,
            panel: p,
            size: HeadSize {
                title: 1,
                prompt: 0,
            },
            render: &render,
        }
        .render(area, buf, hits);
    }
}
