//! Fitting lists into the rows there are: the newest and the selected first, the rest around
//! them, skipped runs counted.

use super::*;

// ---------------------------------------------------------------- fitting lists

/// One entry of a fitted list: a row, or a line saying how many rows were skipped there.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Entry {
    Row(usize),
    Skip(usize),
}

/// Chooses which of `n` rows to show in `budget` lines. Every row in `must` is shown (in
/// priority order, as long as it fits), then rows around them, nearest first; skipped runs
/// become one-line `Skip` entries when there is room for them. Only rows near the shown ones
/// are measured.
pub fn window(
    n: usize,
    must: &[usize],
    budget: usize,
    height: &mut dyn FnMut(usize) -> usize,
) -> Vec<Entry> {
    if n == 0 || budget == 0 {
        return Vec::new();
    }
    let mut total = 0;
    let mut all = true;
    for i in 0..n {
        total += height(i);
        if total > budget {
            all = false;
            break;
        }
    }
    if all {
        return (0..n).map(Entry::Row).collect();
    }
    let extras = |rows: &[usize]| -> usize {
        let (Some(first), Some(last)) = (rows.first(), rows.last()) else {
            return 0;
        };
        usize::from(*first > 0)
            + usize::from(*last + 1 < n)
            + rows.windows(2).filter(|w| w[1] > w[0] + 1).count()
    };
    let with = |rows: &[usize], r: usize| -> Vec<usize> {
        let mut t = rows.to_vec();
        let at = t.partition_point(|&x| x < r);
        t.insert(at, r);
        t
    };
    let mut rows: Vec<usize> = Vec::new();
    let mut sum = 0;
    for &m in must {
        if m >= n || rows.contains(&m) {
            continue;
        }
        // Lines counting skipped rows give way to must rows (they are dropped below).
        let h = height(m);
        if rows.is_empty() || sum + h <= budget {
            rows = with(&rows, m);
            sum += h;
        }
    }
    if rows.is_empty() {
        rows.push(n - 1);
        sum = height(n - 1);
    }
    loop {
        let mut grew = false;
        let anchors: Vec<usize> = must.iter().copied().chain([rows[0]]).collect();
        for m in anchors {
            let Ok(p) = rows.binary_search(&m) else {
                continue;
            };
            let (mut lo, mut hi) = (p, p);
            while lo > 0 && rows[lo - 1] + 1 == rows[lo] {
                lo -= 1;
            }
            while hi + 1 < rows.len() && rows[hi + 1] == rows[hi] + 1 {
                hi += 1;
            }
            let below = Some(rows[hi] + 1).filter(|&r| r < n);
            let above = rows[lo].checked_sub(1);
            for r in [below, above].into_iter().flatten() {
                if rows.binary_search(&r).is_ok() {
                    continue;
                }
                let h = height(r);
                let trial = with(&rows, r);
                if sum + h + extras(&trial) <= budget {
                    rows = trial;
                    sum += h;
                    grew = true;
                }
            }
        }
        if !grew {
            break;
        }
    }
    let mut out = Vec::new();
    let mut prev: Option<usize> = None;
    for &r in &rows {
        let skipped = match prev {
            None => r,
            Some(p) => r - p - 1,
        };
        if skipped > 0 {
            out.push(Entry::Skip(skipped));
        }
        out.push(Entry::Row(r));
        prev = Some(r);
    }
    if let Some(last) = prev
        && last + 1 < n
    {
        out.push(Entry::Skip(n - 1 - last));
    }
    // The rows matter more than the lines counting what was skipped.
    let mut over = (sum + extras(&rows)).saturating_sub(budget);
    while over > 0 {
        match out.iter().position(|e| matches!(e, Entry::Skip(_))) {
            Some(i) => {
                out.remove(i);
                over -= 1;
            }
            None => break,
        }
    }
    out
}

/// The line standing for skipped rows.
/// Draws the "↑ n more" line of a windowed list at row `y`, for entry `k` of `len` entries.
pub fn put_skip(
    view: &BoardView,
    buf: &mut Buffer,
    area: Rect,
    y: u16,
    indent: u16,
    n: usize,
    (k, len): (usize, usize),
) {
    put_line(
        buf,
        area,
        y,
        indent,
        &skip_text(n, k == 0, k + 1 == len),
        view.theme.dim(),
    );
}

pub fn skip_text(n: usize, first: bool, last: bool) -> String {
    let arrow = if first {
        "↑"
    } else if last {
        "↓"
    } else {
        "⋮"
    };
    format!("{arrow} {n} more")
}

/// Contributions as a list: the newest and the selected one always show, then as many around
/// them as fit. Each item takes at most `per_item` lines (the selected one, all there is room
/// for). On a clustered board each theme's answers come under its name.
#[derive(Clone, Copy)]
pub struct ItemList<'p, 'a> {
    pub view: &'p BoardView<'a>,
    pub items: &'p [&'a Contribution],
    pub per_item: usize,
    pub render: Render<'p>,
}

impl StatefulWidget for ItemList<'_, '_> {
    type State = Vec<(Rect, Hit)>;

    fn render(self, area: Rect, buf: &mut Buffer, hits: &mut Self::State) {
        self.render_list(area, buf, hits);
    }
}

impl ItemList<'_, '_> {
    /// Renders the list as [`StatefulWidget::render`] does; returns the row after the last one
    /// drawn, for what goes under it.
    pub fn render_list(self, area: Rect, buf: &mut Buffer, hits: &mut Vec<(Rect, Hit)>) -> u16 {
        let ItemList {
            view,
            items,
            per_item,
            render,
        } = self;
        if area.height == 0 || area.width == 0 || items.is_empty() {
            return area.y;
        }
        let budget = area.height as usize;
        let w = area.width as usize;
        let sel = items.iter().position(|c| is_selected(view, c));
        let last = newest(view, items);
        let mut cache: HashMap<usize, Vec<Line<'static>>> = HashMap::new();
        let rows = list_rows(view, items);
        let heads = rows
            .iter()
            .filter(|r| matches!(r, ListRow::Head(..)))
            .count();
        let item_budget = budget.saturating_sub(heads).max(1);
        let mut cap = per_item.clamp(1, budget);
        // When every item can show more than `per_item` lines and still all fit, they do.
        if items.len() <= item_budget {
            let full: Vec<usize> = items
                .iter()
                .enumerate()
                .map(|(i, c)| {
                    let lines = render(c, w, budget);
                    let n = lines.len().max(1);
                    cache.insert(i, lines);
                    n
                })
                .collect();
            if let Some(c) = best_cap(&full, item_budget) {
                cap = cap.max(c);
            }
        }
        // The selected item may take half the room when the newest must show too, else all of it.
        let sel_cap = if sel.is_some() && sel != last {
            (budget / 2).max(cap)
        } else {
            budget
        };
        let max_for = |i: usize| if Some(i) == sel { sel_cap } else { cap };
        cache.retain(|i, lines| lines.len() <= max_for(*i));
        let mut measure = |r: usize| match rows[r] {
            ListRow::Head(..) => 1,
            ListRow::Item(i) => cache
                .entry(i)
                .or_insert_with(|| render(items[i], w, max_for(i)))
                .len()
                .max(1),
        };
        let row_of = |i: usize| rows.iter().position(|r| *r == ListRow::Item(i));
        let head_of = |row: usize| {
            rows[..row]
                .iter()
                .rposition(|r| matches!(r, ListRow::Head(..)))
        };
        let mut must: Vec<usize> = Vec::new();
        for i in sel.into_iter().chain(last) {
            if let Some(r) = row_of(i) {
                must.push(r);
            }
        }
        let heads_first: Vec<usize> = must.iter().filter_map(|&r| head_of(r)).collect();
        must.extend(heads_first);
        let entries = window(rows.len(), &must, budget, &mut measure);
        let order = if heads > 0 {
            cluster_order(view)
        } else {
            Vec::new()
        };
        let mut y = area.y;
        for (k, e) in entries.iter().enumerate() {
            if y >= area.bottom() {
                break;
            }
            match *e {
                Entry::Row(r) => match rows[r] {
                    ListRow::Head(cluster, count) => {
                        let lines = cluster_head(view, &order, cluster, count, w);
                        y = draw_lines(buf, area, 0, y, &lines)
                            .max(y + 1)
                            .min(area.bottom());
                    }
                    ListRow::Item(i) => {
                        let top = y;
                        y = draw_lines(buf, area, 0, y, cache.get(&i).map_or(&[], Vec::as_slice));
                        y = y.max(top + 1).min(area.bottom());
                        hits.push((
                            Rect::new(area.x, top, area.width, y - top),
                            Hit::Contribution(items[i].id.clone()),
                        ));
                    }
                },
                Entry::Skip(n) => {
                    put_skip(view, buf, area, y, 0, n, (k, entries.len()));
                    y += 1;
                }
            }
        }
        y
    }
}

/// A row of a drawn list: a cluster's heading (its index, how many of the list are in it), or
/// an item.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ListRow {
    Head(usize, usize),
    Item(usize),
}

/// The rows of a list: its items, each cluster's under its heading when the board clusters
/// (the items come in cluster order, from `gather`).
pub fn list_rows(view: &BoardView, items: &[&Contribution]) -> Vec<ListRow> {
    if !clustered(view) {
        return (0..items.len()).map(ListRow::Item).collect();
    }
    let order = cluster_order(view);
    let of: Vec<usize> = items.iter().map(|c| cluster_of(view, &order, c)).collect();
    // A list with no answer in a theme needs no headings.
    if of.iter().all(|k| *k == order.len()) {
        return (0..items.len()).map(ListRow::Item).collect();
    }
    let mut rows = Vec::with_capacity(items.len() + order.len() + 1);
    let mut i = 0;
    while i < items.len() {
        let k = of[i];
        let n = of[i..].iter().take_while(|x| **x == k).count();
        rows.push(ListRow::Head(k, n));
        rows.extend((i..i + n).map(ListRow::Item));
        i += n;
    }
    rows
}

/// The largest per-row cap under which rows of these full heights all fit in `budget`.
pub fn best_cap(full: &[usize], budget: usize) -> Option<usize> {
    let fits = |c: usize| full.iter().map(|&f| f.min(c)).sum::<usize>() <= budget;
    let max = full.iter().copied().max()?;
    if !fits(1) {
        return None;
    }
    let (mut lo, mut hi) = (1, max);
    while lo < hi {
        let mid = (lo + hi).div_ceil(2);
        if fits(mid) {
            lo = mid;
        } else {
            hi = mid - 1;
        }
    }
    Some(lo)
}

/// How many lines `items` want at `width`, counting no further than `limit`.
pub fn items_demand(
    view: &BoardView,
    items: &[&Contribution],
    width: usize,
    per_item: usize,
    limit: usize,
    render: Render,
) -> usize {
    let mut total = if clustered(view) {
        list_rows(view, items)
            .iter()
            .filter(|r| matches!(r, ListRow::Head(..)))
            .count()
    } else {
        0
    };
    for c in items.iter().rev() {
        if total >= limit {
            break;
        }
        total += render(c, width, per_item.max(1)).len().max(1);
    }
    total.min(limit)
}
