//! The scenarios of a scenario building board: each group's scenario as a card, in its
//! quadrant of the matrix when its title names one pole of each axis.

use super::*;

/// The parts of a scenario, in the order a card shows them.
const PARTS: [(&str, &str); 3] = [
    ("narrative", "Narrative"),
    ("timeline", "Timeline"),
    ("characteristics", "Characteristics"),
];

/// One group's scenario.
pub(super) struct Scenario<'a> {
    group: Option<&'a str>,
    titles: Vec<&'a Contribution>,
    /// Narrative, timeline (by year), characteristics.
    parts: [Vec<&'a Contribution>; 3],
}

impl<'a> Scenario<'a> {
    fn title(&self) -> Option<&'a Contribution> {
        self.titles.last().copied()
    }

    fn holds(&self, id: &str) -> bool {
        self.titles
            .iter()
            .chain(self.parts.iter().flatten())
            .any(|c| c.id == id)
    }

    /// Lines the card would like: its title and a few per part.
    fn demand(&self) -> usize {
        1 + self.parts.iter().map(|p| p.len().min(3)).sum::<usize>()
    }

    /// (right, top) in the matrix, from the poles of the newest title.
    pub(super) fn quadrant(&self, m: &Matrix) -> Option<(bool, bool)> {
        let t = self.title()?;
        let x = t.fields.get("x")?;
        let y = t.fields.get("y")?;
        let right = if *x == m.x.high {
            true
        } else if *x == m.x.low {
            false
        } else {
            return None;
        };
        let top = if *y == m.y.high {
            true
        } else if *y == m.y.low {
            false
        } else {
            return None;
        };
        Some((right, top))
    }
}

/// A year to sort a timeline by: its leading number when it has one.
fn year_key(c: &Contribution) -> (i64, &str) {
    let y = c.fields.get("year").map_or("", String::as_str);
    let digits: String = y
        .trim()
        .chars()
        .take_while(char::is_ascii_digit)
        .take(9)
        .collect();
    (digits.parse().unwrap_or(i64::MAX), y)
}

pub(super) fn scenarios<'a>(view: &BoardView<'a>, g: &Gathered<'a>) -> Vec<Scenario<'a>> {
    let mut by_group: FastMap<Option<&'a str>, usize> = FastMap::default();
    let mut list: Vec<Scenario> = Vec::new();
    let mut add = |c: &'a Contribution, part: Option<usize>| {
        let k = *by_group.entry(c.group.as_deref()).or_insert_with(|| {
            list.push(Scenario {
                group: c.group.as_deref(),
                titles: Vec::new(),
                parts: [Vec::new(), Vec::new(), Vec::new()],
            });
            list.len() - 1
        });
        let s = &mut list[k];
        match part {
            None => s.titles.push(c),
            Some(p) => s.parts[p].push(c),
        }
    };
    if let Some(t) = g.slot_index("title") {
        for c in g.items(t) {
            add(c, None);
        }
    }
    for (p, (id, _)) in PARTS.iter().enumerate() {
        if let Some(i) = g.slot_index(id) {
            for c in g.items(i) {
                add(c, Some(p));
            }
        }
    }
    for s in &mut list {
        s.parts[1].sort_by_cached_key(|c| year_key(c));
    }
    let rank = |g: Option<&str>| {
        g.and_then(|g| view.session.groups.iter().position(|x| x == g))
            .unwrap_or(usize::MAX)
    };
    list.sort_by(|a, b| (rank(a.group), a.group).cmp(&(rank(b.group), b.group)));
    list
}

/// The scenarios: on the matrix when there are axes, else as cards; only a count while
/// concealed.
#[derive(Clone, Copy)]
pub(super) struct Scenarios<'p, 'a> {
    pub view: &'p BoardView<'a>,
    pub kind: &'p ScenarioBuilding,
    pub g: &'p Gathered<'a>,
    /// Scenarios in a quadrant of the matrix.
    pub placed: &'p [&'p Scenario<'a>],
    /// Scenarios in none, shown under the matrix.
    pub loose: &'p [&'p Scenario<'a>],
}

impl StatefulWidget for Scenarios<'_, '_> {
    type State = Vec<(Rect, Hit)>;

    fn render(self, area: Rect, buf: &mut Buffer, hits: &mut Self::State) {
        let Scenarios {
            view,
            kind,
            g,
            placed,
            loose,
        } = self;
        if view.concealed {
            let n: usize = ["title", "narrative", "timeline", "characteristics"]
                .iter()
                .filter_map(|id| g.slot_index(id))
                .map(|i| g.count(i))
                .sum();
            put_line(
                buf,
                area,
                area.y,
                2,
                &format!("{} — hidden until revealed", plural(n, "answer", "answers")),
                view.theme.dim(),
            );
            return;
        }
        // As above: the exercise as run (chosen axes, worded names), else the session's.
        let Some(m) = kind
            .matrix
            .as_ref()
            .or(view.session.matrix_of(&view.exercise.id))
        else {
            Cards {
                view,
                g,
                list: loose,
            }
            .render(area, buf, hits);
            return;
        };
        // Scenarios without a quadrant go under the matrix.
        let loose_h = if loose.is_empty() {
            0
        } else {
            let per_card = if area.height >= 30 { 5 } else { 3 };
            (1 + per_card * loose.len() as u16)
                .min(area.height / 3)
                .max(2)
                .min(area.height)
        };
        let matrix = Rect::new(area.x, area.y, area.width, area.height - loose_h);
        MatrixCards { view, g, m, placed }.render(matrix, buf, hits);
        if loose_h > 0 {
            let strip = Rect::new(area.x, matrix.bottom(), area.width, loose_h);
            put_line(
                buf,
                strip,
                strip.y,
                0,
                "Not yet in a quadrant (give the title an x and a y pole):",
                view.theme.dim(),
            );
            let cards = Rect::new(
                strip.x,
                strip.y + 1,
                strip.width,
                strip.height.saturating_sub(1),
            );
            Cards {
                view,
                g,
                list: loose,
            }
            .render(cards, buf, hits);
        }
    }
}

/// The 2×2 matrix: the axes with their poles and names, and each quadrant's cards.
#[derive(Clone, Copy)]
pub(super) struct MatrixCards<'p, 'a> {
    pub view: &'p BoardView<'a>,
    pub g: &'p Gathered<'a>,
    /// The axes.
    pub m: &'p Matrix,
    pub placed: &'p [&'p Scenario<'a>],
}

impl StatefulWidget for MatrixCards<'_, '_> {
    type State = Vec<(Rect, Hit)>;

    fn render(self, area: Rect, buf: &mut Buffer, hits: &mut Self::State) {
        let MatrixCards { view, g, m, placed } = self;
        if area.height < 5 || area.width < 20 {
            Cards {
                view,
                g,
                list: placed,
            }
            .render(area, buf, hits);
            return;
        }
        let axis = view.theme.border();
        let pole = view.theme.accent();
        let top = area.y;
        let bottom = area.bottom() - 1;
        let mid = top + (area.height - 1) / 2;
        let cx = area.x + area.width / 2;
        // The vertical axis: its high pole above, its low pole below, its name beside the top.
        vrule(
            buf,
            Rect::new(cx, top + 1, 1, bottom - top - 1),
            cx,
            "│",
            axis,
        );
        let high = format!("▲ {}", m.y.high);
        let low = format!("▼ {}", m.y.low);
        let centred = |text: &str| {
            let w = width(&truncate(text, area.width as usize)) as u16;
            cx.saturating_sub(w / 2).max(area.x) - area.x
        };
        put_line(buf, area, top, centred(&high), &high, pole);
        put_line(buf, area, bottom, centred(&low), &low, pole);
        let y_room = centred(&high).saturating_sub(2);
        if y_room >= 12 {
            put_line(
                buf,
                Rect::new(area.x, top, y_room, 1),
                top,
                0,
                &format!("↕ {}", m.y.name),
                view.theme.dim(),
            );
        }
        // The horizontal axis: its poles at its ends, each within its half (shortened, never one
        // over the other), its name beside the low pole at the bottom.
        rule(buf, Rect::new(area.x, mid, area.width, 1), mid, "─", axis);
        let half_left = (cx - area.x).saturating_sub(1) as usize;
        let left = format!("◀ {} ", truncate(&m.x.low, half_left.saturating_sub(3)));
        put_line(buf, area, mid, 0, &left, pole);
        let half_right = area.right().saturating_sub(cx + 2) as usize;
        let right = format!(" {} ▶", truncate(&m.x.high, half_right.saturating_sub(3)));
        let rw = width(&truncate(&right, area.width as usize)) as u16;
        put_line(buf, area, mid, area.width.saturating_sub(rw), &right, pole);
        let name_room = centred(&low).saturating_sub(2);
        if name_room >= 12 {
            put_line(
                buf,
                Rect::new(area.x, bottom, name_room, 1),
                bottom,
                0,
                &format!("↔ {}", m.x.name),
                view.theme.dim(),
            );
        }
        buf.set_stringn(cx, mid, "┼", 1, axis);
        let quads = [
            (
                (false, true),
                Rect::new(area.x, top + 1, cx - area.x - 1, mid - top - 1),
            ),
            (
                (true, true),
                Rect::new(
                    cx + 2,
                    top + 1,
                    area.right().saturating_sub(cx + 2),
                    mid - top - 1,
                ),
            ),
            (
                (false, false),
                Rect::new(area.x, mid + 1, cx - area.x - 1, bottom - mid - 1),
            ),
            (
                (true, false),
                Rect::new(
                    cx + 2,
                    mid + 1,
                    area.right().saturating_sub(cx + 2),
                    bottom - mid - 1,
                ),
            ),
        ];
        for (q, rect) in quads {
            let here: Vec<&Scenario> = placed
                .iter()
                .copied()
                .filter(|s| s.quadrant(m) == Some(q))
                .collect();
            if here.is_empty() {
                put_line(
                    buf,
                    rect,
                    rect.y + rect.height / 2,
                    2,
                    "(no scenario here yet)",
                    view.theme.dim(),
                );
                continue;
            }
            Cards {
                view,
                g,
                list: &here,
            }
            .render(rect, buf, hits);
        }
    }
}

/// Cards side by side when there is room, else stacked; each gets an equal share.
#[derive(Clone, Copy)]
pub(super) struct Cards<'p, 'a> {
    pub view: &'p BoardView<'a>,
    pub g: &'p Gathered<'a>,
    pub list: &'p [&'p Scenario<'a>],
}

impl StatefulWidget for Cards<'_, '_> {
    type State = Vec<(Rect, Hit)>;

    fn render(self, area: Rect, buf: &mut Buffer, hits: &mut Self::State) {
        let Cards { view, g, list } = self;
        if list.is_empty() || area.height == 0 || area.width == 0 {
            return;
        }
        if let Some(cells) = grid(area, list.len(), 34, 5) {
            GridRules {
                cells: &cells,
                style: view.theme.border(),
            }
            .render(area, buf);
            for (s, r) in list.iter().zip(cells) {
                Card { view, g, s }.render(r, buf, hits);
            }
            return;
        }
        // Stacked: the card holding the selected answer, then the one the capture box writes to,
        // get room first; every card gets its title line while there are rows.
        let sel = view
            .selected
            .and_then(|id| list.iter().position(|s| s.holds(id)));
        let mine = list.iter().position(|s| s.group == view.group);
        let first: Vec<usize> = [sel, mine].into_iter().flatten().collect();
        let gap = usize::from(area.height as usize >= list.len() * 6);
        let usable = (area.height as usize).saturating_sub(gap * (list.len() - 1));
        let demands: Vec<usize> = list.iter().map(|s| s.demand()).collect();
        let mut alloc = share_rows(&demands, &first, usable);
        // Rows left over go to the cards in turn: a card may always use more.
        let shown: Vec<usize> = (0..alloc.len()).filter(|&i| alloc[i] > 0).collect();
        let spare = usable.saturating_sub(alloc.iter().sum());
        for k in 0..spare {
            if let Some(&i) = shown.get(k % shown.len().max(1)) {
                alloc[i] += 1;
            }
        }
        let mut y = area.y;
        let mut n = 0;
        for (s, &rows) in list.iter().zip(&alloc) {
            if rows == 0 || y >= area.bottom() {
                continue;
            }
            let h = (rows as u16).min(area.bottom() - y);
            Card { view, g, s }.render(Rect::new(area.x, y, area.width, h), buf, hits);
            y += h + gap as u16;
            n += 1;
        }
        if list.len() > n {
            put_line(
                buf,
                area,
                area.bottom() - 1,
                area.width.saturating_sub(12),
                &format!("+{} more", list.len() - n),
                view.theme.dim(),
            );
        }
    }
}

/// One scenario: title and group, then its parts, the selected slot's part given room first.
#[derive(Clone, Copy)]
pub(super) struct Card<'p, 'a> {
    pub view: &'p BoardView<'a>,
    pub g: &'p Gathered<'a>,
    pub s: &'p Scenario<'a>,
}

impl StatefulWidget for Card<'_, '_> {
    type State = Vec<(Rect, Hit)>;

    fn render(self, area: Rect, buf: &mut Buffer, hits: &mut Self::State) {
        let Card { view, g, s } = self;
        if area.height == 0 || area.width == 0 {
            return;
        }
        let w = area.width as usize;
        let mine = s.group == view.group;
        let head = view.theme.heading();
        let group = s.group.map_or("no group".to_owned(), |g| format!("[{g}]"));
        let title_lines = if area.height >= 8 { 2 } else { 1 };
        let lines = match s.title() {
            Some(t) => {
                let style = if is_selected(view, t) || t.hidden {
                    contribution_style(view, t)
                } else {
                    head
                };
                let earlier = if s.titles.len() > 1 {
                    format!(" (+{} earlier)", s.titles.len() - 1)
                } else {
                    String::new()
                };
                let mut l = Lines::new(w, 2, title_lines);
                l.text("■ ", style);
                lead_marks(&mut l, t, view.theme.accent());
                l.text(&t.text, style);
                tail_marks(&mut l, t, view.theme.dim());
                l.text(" — ", view.theme.dim());
                l.text(&group, view.theme.group());
                l.text(&earlier, view.theme.dim());
                l.finish()
            }
            None => layout(
                &[
                    ("■ (no title yet) — ", view.theme.dim()),
                    (&group, view.theme.group()),
                ],
                w,
                2,
                1,
            ),
        };
        let y = draw_lines(buf, area, 0, area.y, &lines);
        if let Some(t) = s.title() {
            hits.push((
                Rect::new(area.x, area.y, area.width, y - area.y),
                Hit::Contribution(t.id.clone()),
            ));
        }
        let body = Rect::new(area.x, y, area.width, area.bottom().saturating_sub(y));
        if body.height == 0 {
            return;
        }
        let labelled = body.height >= 10;
        let present: Vec<usize> = (0..3).filter(|&p| !s.parts[p].is_empty()).collect();
        if present.is_empty() {
            return;
        }
        let part_slot = |p: usize| g.slot_index(PARTS[p].0);
        // The selected slot's part first, then the selected answer's, so both show.
        let sel = g.selected_slot(view);
        let first: Vec<usize> = [Some(view.slot), sel]
            .into_iter()
            .flatten()
            .filter_map(|slot| present.iter().position(|&p| part_slot(p) == Some(slot)))
            .collect();
        let render_for =
            |p: usize| move |c: &Contribution, w: usize, max: usize| part_item(view, p, c, w, max);
        let demands: Vec<usize> = present
            .iter()
            .map(|&p| {
                let r = render_for(p);
                usize::from(labelled)
                    + items_demand(view, &s.parts[p], w, 3, body.height as usize, &r)
            })
            .collect();
        let alloc = share_rows(&demands, &first, body.height as usize);
        let mut y = body.y;
        for (k, &p) in present.iter().enumerate() {
            let rows = alloc[k] as u16;
            if rows == 0 || y >= body.bottom() {
                continue;
            }
            let rect = Rect::new(body.x, y, body.width, rows.min(body.bottom() - y));
            let mut list = rect;
            if labelled {
                let selected = mine && part_slot(p) == Some(view.slot);
                let marker = if selected { "▶ " } else { "" };
                let style = if selected {
                    view.theme.dim().patch(view.theme.selected())
                } else {
                    view.theme.dim()
                };
                put_line(
                    buf,
                    rect,
                    rect.y,
                    0,
                    &format!("{marker}{}", PARTS[p].1),
                    style,
                );
                list = Rect::new(
                    rect.x,
                    rect.y + 1,
                    rect.width,
                    rect.height.saturating_sub(1),
                );
            }
            let r = render_for(p);
            ItemList {
                view,
                items: &s.parts[p],
                per_item: per_item(list.height as usize).min(4),
                render: &r,
            }
            .render(list, buf, hits);
            y += rows;
        }
    }
}

/// A part of a scenario as one line or a few: a narrative as a paragraph, a timeline event
/// after its year, a characteristic as a bullet.
fn part_item(
    view: &BoardView,
    part: usize,
    c: &Contribution,
    w: usize,
    max: usize,
) -> Vec<Line<'static>> {
    let style = contribution_style(view, c);
    let sel = is_selected(view, c);
    let aside = |s| if sel { style } else { s };
    let mut l;
    match part {
        1 => {
            let year = c.fields.get("year").map_or("", String::as_str);
            let year = truncate(year, 10);
            let yw = width(&year).max(4);
            l = Lines::new(w, yw + 3, max);
            l.text(&format!("{year:>4} │ "), aside(view.theme.accent()));
        }
        2 => {
            l = Lines::new(w, 2, max);
            l.text(if sel { "▸ " } else { "• " }, style);
        }
        _ => {
            l = Lines::new(w, 2, max);
            l.text(if sel { "▸ " } else { "❝ " }, aside(view.theme.dim()));
        }
    }
    lead_marks(&mut l, c, aside(view.theme.accent()));
    l.text(&c.text, style);
    tail_marks(&mut l, c, aside(view.theme.dim()));
    l.finish()
}
