//! What boards share: the contributions gathered once per frame, text laid out by display
//! width, lists fitted into the rows there are (the newest and the selected first), and panels
//! (a slot's heading with its answers).

use std::borrow::Cow;
use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hash, Hasher};

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use unicode_segmentation::UnicodeSegmentation;

use super::{BoardView, Hit};
use crate::model::Contribution;
use crate::model::exercise::UNPLACED_SLOT;
use crate::tui::text::{display_line, truncate, width};

// ---------------------------------------------------------------- gathering

/// FNV-1a: the keys are short slot ids and group names from one session, so SipHash's
/// resistance to crafted keys buys nothing and costs a tenth of a frame at 10,000 answers.
pub struct Fnv(u64);

impl Default for Fnv {
    fn default() -> Fnv {
        Fnv(0xcbf2_9ce4_8422_2325)
    }
}

impl Hasher for Fnv {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for b in bytes {
            self.0 = (self.0 ^ u64::from(*b)).wrapping_mul(0x0100_0000_01b3);
        }
    }
}

pub type FastMap<K, V> = HashMap<K, V, BuildHasherDefault<Fnv>>;

/// The board's contributions, sorted into its slots (from the session's slot index).
pub struct Gathered<'a> {
    /// Per slot of `view.slots`: the contributions that may be shown, in display order (empty
    /// when concealed).
    pub items: Vec<Vec<&'a Contribution>>,
    /// Per slot: how many contributions there are, counted even when concealed.
    pub counts: Vec<usize>,
    /// Whether any shown contribution has no group.
    pub ungrouped: bool,
    index: FastMap<&'a str, usize>,
}

impl<'a> Gathered<'a> {
    pub fn slot_index(&self, id: &str) -> Option<usize> {
        self.index.get(id).copied()
    }

    pub fn items(&self, slot: usize) -> &[&'a Contribution] {
        self.items.get(slot).map_or(&[], Vec::as_slice)
    }

    pub fn count(&self, slot: usize) -> usize {
        self.counts.get(slot).copied().unwrap_or(0)
    }

    pub fn total(&self) -> usize {
        self.counts.iter().sum()
    }

    /// The slot of the selected contribution, when it is on this board.
    pub fn selected_slot(&self, view: &BoardView) -> Option<usize> {
        let c = view.session.contribution(view.selected?)?;
        if c.exercise != view.exercise.id {
            return None;
        }
        let slot = self.slot_index(&c.slot)?;
        // Pointer equality: the session hands out references into one vector.
        self.items(slot)
            .iter()
            .any(|x| std::ptr::eq(*x, c))
            .then_some(slot)
    }
}

fn shuffle_key(seed: u64, c: &Contribution) -> u64 {
    let mut h = std::collections::hash_map::DefaultHasher::new();
    (seed, &c.id).hash(&mut h);
    h.finish()
}

/// Sorts the exercise's contributions into its slots: in the order they were added, or
/// shuffled (stably) when an order seed is set. Off-the-record ones are left out in projection
/// mode; a concealed board keeps only the counts.
pub fn gather<'a>(view: &BoardView<'a>) -> Gathered<'a> {
    let index: FastMap<&'a str, usize> = view
        .slots
        .iter()
        .enumerate()
        .map(|(i, s)| (s.id.as_str(), i))
        .collect();
    let mut items: Vec<Vec<&'a Contribution>> = vec![Vec::new(); view.slots.len()];
    let mut counts = vec![0; view.slots.len()];
    // The session indexes contributions by slot: this touches only this exercise's.
    let mut ungrouped = false;
    for (i, slot) in view.slots.iter().enumerate() {
        for c in view.session.in_slot(&view.exercise.id, &slot.id) {
            if view.projection && c.hidden {
                continue;
            }
            ungrouped |= c.group.is_none();
            counts[i] += 1;
            if !view.concealed {
                items[i].push(c);
            }
        }
    }
    if let Some(seed) = view.order_seed {
        for list in &mut items {
            list.sort_by_cached_key(|c| shuffle_key(seed, c));
        }
    }
    Gathered {
        items,
        counts,
        ungrouped,
        index,
    }
}

/// The contributions of the board's exercise that may be shown, in display order: by slot,
/// then as added (or shuffled, stably, when an order seed is set). Off-the-record ones are left
/// out in projection mode; concealed boards show none.
pub fn visible_contributions<'a>(view: &BoardView<'a>) -> Vec<&'a Contribution> {
    let g = gather(view);
    g.items.into_iter().flatten().collect()
}

// ---------------------------------------------------------------- styles and marks

/// The style of a contribution's text on a board.
pub fn contribution_style(view: &BoardView, c: &Contribution) -> Style {
    if view.selected == Some(c.id.as_str()) {
        view.theme.selected()
    } else if c.hidden {
        view.theme.hidden()
    } else if view.arrived.is_some_and(|a| a.contains_key(&c.id)) {
        view.theme.good()
    } else {
        view.theme.text()
    }
}

/// Where the newest of `items` is: the last one, or, when the order is shuffled, the one made
/// last.
pub fn newest(view: &BoardView, items: &[&Contribution]) -> Option<usize> {
    if view.order_seed.is_none() {
        return items.len().checked_sub(1);
    }
    items
        .iter()
        .enumerate()
        .max_by_key(|(_, c)| c.created)
        .map(|(i, _)| i)
}

pub fn is_selected(view: &BoardView, c: &Contribution) -> bool {
    view.selected == Some(c.id.as_str())
}

/// The style of the small words around a contribution (group, marks).
fn aside_style(view: &BoardView, c: &Contribution, base: Style) -> Style {
    if is_selected(view, c) {
        view.theme.selected()
    } else {
        base
    }
}

/// "1 answer", "3 answers".
pub fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

// ---------------------------------------------------------------- text layout

/// Styled text laid out into lines no wider than `width` columns (by display width), lines
/// after the first indented by `hang`, at most `max` lines; what does not fit ends in `…`.
/// Only as much text as can show is ever made display-safe, so a 1 MiB answer costs no more
/// than a short one.
pub struct Lines {
    width: usize,
    hang: usize,
    max: usize,
    done: Vec<Line<'static>>,
    cur: Vec<Span<'static>>,
    cur_w: usize,
    /// Right after a wrap: spaces there are dropped.
    soft: bool,
    cut: bool,
}

/// `raw` made display-safe. Printable ASCII already is (`display_line` would return it as it
/// is), and is most of what is typed, so it skips the grapheme walk.
fn safe(raw: &str) -> Cow<'_, str> {
    if raw.bytes().all(|b| (0x20..0x7f).contains(&b)) {
        Cow::Borrowed(raw)
    } else {
        Cow::Owned(display_line(raw))
    }
}

/// At most `limit` chars of `s`, and whether anything was left out.
fn cut_chars(s: &str, limit: usize) -> (&str, bool) {
    match s.char_indices().nth(limit) {
        Some((i, _)) => (&s[..i], true),
        None => (s, false),
    }
}

/// Runs of white space and of everything else, in order.
fn runs(s: &str) -> impl Iterator<Item = &str> {
    let mut rest = s;
    std::iter::from_fn(move || {
        let blank = rest.chars().next()?.is_whitespace();
        let end = rest
            .char_indices()
            .find(|(_, c)| c.is_whitespace() != blank)
            .map_or(rest.len(), |(i, _)| i);
        let (run, tail) = rest.split_at(end);
        rest = tail;
        Some(run)
    })
}

impl Lines {
    pub fn new(width: usize, hang: usize, max: usize) -> Lines {
        Lines {
            width,
            hang,
            max,
            done: Vec::new(),
            cur: Vec::new(),
            cur_w: 0,
            soft: false,
            cut: max == 0 || width == 0,
        }
    }

    fn cap(&self) -> usize {
        if self.done.is_empty() {
            self.width
        } else {
            self.width.saturating_sub(self.hang)
        }
    }

    /// Columns still free on this and the lines that may follow, to bound the work.
    fn room(&self) -> usize {
        self.max.saturating_sub(self.done.len()) * self.width
    }

    fn push(&mut self, s: &str, w: usize, style: Style) {
        match self.cur.last_mut() {
            Some(last) if last.style == style => last.content.to_mut().push_str(s),
            _ => self.cur.push(Span::styled(s.to_owned(), style)),
        }
        self.cur_w += w;
    }

    /// Ends the line; false (and the text is cut) when no more lines may follow.
    fn brk(&mut self, soft: bool) -> bool {
        if self.cut || self.done.len() + 1 >= self.max {
            self.cut = true;
            return false;
        }
        // A wrap happens at a space, which should not linger at the end of the line.
        if soft && let Some(last) = self.cur.last_mut() {
            let kept = last.content.trim_end().len();
            last.content.to_mut().truncate(kept);
        }
        let line = self.take_line();
        self.done.push(line);
        self.soft = soft;
        true
    }

    fn take_line(&mut self) -> Line<'static> {
        let mut spans = std::mem::take(&mut self.cur);
        if !self.done.is_empty() && self.hang > 0 {
            spans.insert(0, Span::raw(" ".repeat(self.hang)));
        }
        self.cur_w = 0;
        Line::from(spans)
    }

    /// Starts a new line (a hard break).
    pub fn newline(&mut self) {
        self.brk(false);
    }

    /// Wrapped text; line breaks in it are kept.
    pub fn text(&mut self, text: &str, style: Style) {
        for (n, raw) in text.split('\n').enumerate() {
            if self.cut || (n > 0 && !self.brk(false)) {
                return;
            }
            let (raw, more) = cut_chars(raw, self.room() * 4 + 64);
            self.words(&safe(raw), style);
            if more {
                self.cut = true;
                return;
            }
        }
    }

    /// One line of text kept together when it fits on a line of its own (a pathway step).
    pub fn atom(&mut self, text: &str, style: Style) {
        if self.cut {
            return;
        }
        let (raw, more) = cut_chars(text, self.room() * 4 + 64);
        let flat = raw.replace('\n', " ");
        let shown = safe(&flat);
        let w = width(&shown);
        let fresh = self.width.saturating_sub(self.hang);
        if self.cur_w > 0 && self.cur_w + w > self.cap() && w <= fresh && !self.brk(true) {
            return;
        }
        self.words(&shown, style);
        if more {
            self.cut = true;
        }
    }

    /// Breaks only at white space (so punctuation stays with its word), or inside a run that
    /// is wider than a line.
    fn words(&mut self, s: &str, style: Style) {
        for word in runs(s) {
            if self.cut {
                return;
            }
            let w = width(word);
            let blank = word.chars().all(char::is_whitespace);
            if blank && self.soft && self.cur_w == 0 {
                continue;
            }
            if self.cur_w + w <= self.cap() {
                self.push(word, w, style);
                self.soft &= blank;
                continue;
            }
            if blank {
                if !self.brk(true) {
                    return;
                }
                continue;
            }
            if self.cur_w > 0 && w <= self.width.saturating_sub(self.hang) {
                if !self.brk(true) {
                    return;
                }
                self.push(word, w, style);
                self.soft = false;
                continue;
            }
            for g in word.graphemes(true) {
                let gw = width(g);
                if self.cur_w > 0 && self.cur_w + gw > self.cap() && !self.brk(true) {
                    return;
                }
                self.push(g, gw, style);
            }
            self.soft = false;
        }
    }

    pub fn finish(mut self) -> Vec<Line<'static>> {
        if self.max == 0 || self.width == 0 {
            return Vec::new();
        }
        if self.cut {
            let cap = self.cap();
            let style = self.cur.last().map_or(Style::new(), |s| s.style);
            while self.cur_w + 1 > cap {
                let Some(last) = self.cur.last_mut() else {
                    break;
                };
                let s = last.content.to_mut();
                match s.grapheme_indices(true).next_back() {
                    Some((i, g)) => {
                        self.cur_w = self.cur_w.saturating_sub(width(g));
                        s.truncate(i);
                    }
                    None => self.cur_w = 0,
                }
                if s.is_empty() {
                    self.cur.pop();
                }
            }
            // "word …" reads as if something was left out on purpose; "word…" does not.
            while let Some(last) = self.cur.last_mut() {
                let s = last.content.to_mut();
                let kept = s.trim_end().len();
                self.cur_w = self.cur_w.saturating_sub(width(&s[kept..]));
                s.truncate(kept);
                if !s.is_empty() {
                    break;
                }
                self.cur.pop();
            }
            self.push("…", 1, style);
        }
        let line = self.take_line();
        self.done.push(line);
        self.done
    }
}

/// Lays out `pieces` with [`Lines`].
pub fn layout(
    pieces: &[(&str, Style)],
    width: usize,
    hang: usize,
    max: usize,
) -> Vec<Line<'static>> {
    let mut l = Lines::new(width, hang, max);
    for (text, style) in pieces {
        l.text(text, *style);
    }
    l.finish()
}

/// Draws `line` on row `y` of `area`, from `x` columns in, clipped to the area.
pub fn draw_line(buf: &mut Buffer, area: Rect, x: u16, y: u16, line: &Line) {
    if y < area.y || y >= area.bottom() || x >= area.width {
        return;
    }
    buf.set_line(area.x + x, y, line, area.width - x);
}

/// Draws `lines` from row `y`; returns the next free row.
pub fn draw_lines(buf: &mut Buffer, area: Rect, x: u16, y: u16, lines: &[Line]) -> u16 {
    let mut y = y;
    for line in lines {
        if y >= area.bottom() {
            break;
        }
        draw_line(buf, area, x, y, line);
        y += 1;
    }
    y
}

/// Writes one line, cut to fit.
pub fn put_line(buf: &mut Buffer, area: Rect, y: u16, indent: u16, text: &str, style: Style) {
    if y < area.y || y >= area.bottom() || indent >= area.width {
        return;
    }
    let width = (area.width - indent) as usize;
    if text.len() <= width && text.bytes().all(|b| (0x20..0x7f).contains(&b)) {
        // Printable ASCII that fits is already what `truncate` would return.
        buf.set_stringn(area.x + indent, y, text, width, style);
    } else {
        buf.set_stringn(area.x + indent, y, truncate(text, width), width, style);
    }
}

/// Fills a row of `area` with one symbol (a rule).
pub fn rule(buf: &mut Buffer, area: Rect, y: u16, symbol: &str, style: Style) {
    if y < area.y || y >= area.bottom() {
        return;
    }
    for x in area.left()..area.right() {
        buf.set_stringn(x, y, symbol, 1, style);
    }
}

/// Draws a vertical line of `symbol` down column `x` of `area`.
pub fn vrule(buf: &mut Buffer, area: Rect, x: u16, symbol: &str, style: Style) {
    if x < area.x || x >= area.right() {
        return;
    }
    for y in area.top()..area.bottom() {
        buf.set_stringn(x, y, symbol, 1, style);
    }
}

// ---------------------------------------------------------------- contributions as list items

/// How a contribution's main text is written out (plain text, a pathway, a mark...).
pub type Body<'b> = &'b dyn Fn(&mut Lines, &Contribution, Style);

/// The text, then its extra fields, one per line.
pub fn plain_body(l: &mut Lines, c: &Contribution, style: Style) {
    l.text(&c.text, style);
    for (name, value) in &c.fields {
        if !value.is_empty() {
            l.newline();
            l.text(&format!("{name}: "), style);
            l.text(value, style);
        }
    }
}

/// A contribution as a list item: bullet (▸ when selected), group, body, author and marks.
pub fn item_lines(
    view: &BoardView,
    c: &Contribution,
    width: usize,
    max: usize,
    body: Body,
) -> Vec<Line<'static>> {
    let base = contribution_style(view, c);
    let mut l = Lines::new(width, 2, max);
    l.text(
        if is_selected(view, c) { "▸ " } else { "• " },
        aside_style(view, c, view.theme.text()),
    );
    if let Some(g) = &c.group {
        l.text(&format!("[{g}] "), aside_style(view, c, view.theme.group()));
    }
    lead_marks(&mut l, c, aside_style(view, c, view.theme.accent()));
    body(&mut l, c, base);
    if let Some(a) = &c.author {
        l.text(&format!(" — {a}"), aside_style(view, c, view.theme.dim()));
    }
    tail_marks(&mut l, c, aside_style(view, c, view.theme.dim()));
    l.finish()
}

/// The star and "off the record" go before the text, so they show however much is cut.
pub fn lead_marks(l: &mut Lines, c: &Contribution, style: Style) {
    if c.starred {
        l.text("★ ", style);
    }
    if c.hidden {
        l.atom("[off the record]", style);
        l.text(" ", style);
    }
}

/// "(edited)" goes after the text.
pub fn tail_marks(l: &mut Lines, c: &Contribution, style: Style) {
    if !c.revisions.is_empty() {
        l.text(" ", style);
        l.atom("(edited)", style);
    }
}

/// Writes a list item with the default body.
pub fn plain_item(
    view: &BoardView,
    c: &Contribution,
    width: usize,
    max: usize,
) -> Vec<Line<'static>> {
    item_lines(view, c, width, max, &plain_body)
}

/// Renders one item at a width with at most some lines.
pub type Render<'r> = &'r dyn Fn(&Contribution, usize, usize) -> Vec<Line<'static>>;

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

/// Draws contributions as a list in `area`: the newest and the selected one always show, then
/// as many around them as fit. Each item takes at most `per_item` lines (the selected one, all
/// there is room for). Returns the row after the last one drawn.
pub fn draw_items(
    view: &BoardView,
    items: &[&Contribution],
    area: Rect,
    per_item: usize,
    buf: &mut Buffer,
    hits: &mut Vec<(Rect, Hit)>,
    render: Render,
) -> u16 {
    if area.height == 0 || area.width == 0 || items.is_empty() {
        return area.y;
    }
    let budget = area.height as usize;
    let w = area.width as usize;
    let sel = items.iter().position(|c| is_selected(view, c));
    let last = newest(view, items);
    let mut cache: HashMap<usize, Vec<Line<'static>>> = HashMap::new();
    let mut cap = per_item.clamp(1, budget);
    // When every item can show more than `per_item` lines and still all fit, they do.
    if items.len() <= budget {
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
        if let Some(c) = best_cap(&full, budget) {
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
    let mut measure = |i: usize| {
        cache
            .entry(i)
            .or_insert_with(|| render(items[i], w, max_for(i)))
            .len()
            .max(1)
    };
    let must: Vec<usize> = sel.into_iter().chain(last).collect();
    let entries = window(items.len(), &must, budget, &mut measure);
    let mut y = area.y;
    for (k, e) in entries.iter().enumerate() {
        if y >= area.bottom() {
            break;
        }
        match *e {
            Entry::Row(i) => {
                let top = y;
                y = draw_lines(buf, area, 0, y, cache.get(&i).map_or(&[], Vec::as_slice));
                y = y.max(top + 1).min(area.bottom());
                hits.push((
                    Rect::new(area.x, top, area.width, y - top),
                    Hit::Contribution(items[i].id.clone()),
                ));
            }
            Entry::Skip(n) => {
                put_skip(view, buf, area, y, 0, n, (k, entries.len()));
                y += 1;
            }
        }
    }
    y
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
    items: &[&Contribution],
    width: usize,
    per_item: usize,
    limit: usize,
    render: Render,
) -> usize {
    let mut total = 0;
    for c in items.iter().rev() {
        if total >= limit {
            break;
        }
        total += render(c, width, per_item.max(1)).len().max(1);
    }
    total.min(limit)
}

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

/// Draws a panel: its heading, then its answers (the newest and the selected always shown).
#[allow(clippy::too_many_arguments)]
pub fn draw_panel(
    view: &BoardView,
    g: &Gathered,
    p: &Panel,
    size: HeadSize,
    area: Rect,
    buf: &mut Buffer,
    hits: &mut Vec<(Rect, Hit)>,
    render: Render,
) {
    if area.width == 0 || area.height == 0 {
        return;
    }
    hits.push((area, Hit::Slot(p.slot)));
    let head = panel_head(view, g, p, area.width as usize, size);
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
            draw_items(
                view,
                g.items(p.slot),
                body,
                per_item(body.height as usize),
                buf,
                hits,
                render,
            );
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

/// Draws the lines between grid cells: `│` beside a cell, `─` under it.
pub fn grid_rules(view: &BoardView, area: Rect, cells: &[Rect], buf: &mut Buffer) {
    let style = view.theme.border();
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

/// Draws panels side by side when there is room for columns, else stacked with the selected
/// one given the most room.
pub fn draw_panels(
    view: &BoardView,
    g: &Gathered,
    panels: &[Panel],
    area: Rect,
    buf: &mut Buffer,
    hits: &mut Vec<(Rect, Hit)>,
    render: Render,
) {
    if panels.is_empty() || area.width == 0 || area.height == 0 {
        return;
    }
    if let Some(cells) = grid(area, panels.len(), 44, 8) {
        grid_rules(view, area, &cells, buf);
        let size = HeadSize {
            title: 3,
            prompt: 2,
        };
        for (p, r) in panels.iter().zip(&cells) {
            draw_panel(view, g, p, size, *r, buf, hits, render);
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
        draw_panel(
            view,
            g,
            p,
            size_of(p),
            Rect::new(area.x, y, area.width, h),
            buf,
            hits,
            render,
        );
        y += h + gap as u16;
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
pub fn draw_slot_list(view: &BoardView, area: Rect, buf: &mut Buffer, hits: &mut Vec<(Rect, Hit)>) {
    let g = gather(view);
    let panels = slot_panels(view, &g);
    let render = |c: &Contribution, w: usize, max: usize| plain_item(view, c, w, max);
    draw_panels(view, &g, &panels, area, buf, hits, &render);
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

/// Draws the `unplaced` band split off by [`split_unplaced`].
pub fn draw_unplaced(
    view: &BoardView,
    g: &Gathered,
    band: Option<(Rect, usize)>,
    buf: &mut Buffer,
    hits: &mut Vec<(Rect, Hit)>,
) {
    let Some((area, u)) = band else {
        return;
    };
    let p = Panel {
        slot: u,
        title: &view.slots[u].label,
        prompt: "",
    };
    let render = |c: &Contribution, w: usize, max: usize| plain_item(view, c, w, max);
    draw_panel(
        view,
        g,
        &p,
        HeadSize {
            title: 1,
            prompt: 0,
        },
        area,
        buf,
        hits,
        &render,
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(lines: &[Line]) -> Vec<String> {
        lines
            .iter()
            .map(|l| l.spans.iter().map(|s| s.content.as_ref()).collect())
            .collect()
    }

    #[test]
    fn layout_wraps_by_display_width_and_marks_the_cut() {
        let plain = Style::new();
        let lines = layout(
            &[("• ", plain), ("夢夢夢 peer support volunteer", plain)],
            10,
            2,
            9,
        );
        for l in texts(&lines) {
            assert!(width(&l) <= 10, "{l:?}");
        }
        let lines = texts(&layout(&[("one two three four", plain)], 9, 0, 2));
        assert_eq!(lines, ["one two", "three…"]);
        assert_eq!(
            texts(&layout(&[("a\tb\u{1b}", plain)], 20, 0, 1)),
            ["a   b\u{241b}"]
        );
    }

    #[test]
    fn printable_ascii_is_already_display_safe() {
        let ascii: String = (0x20u8..0x7f).map(char::from).collect();
        assert_eq!(safe(&ascii), display_line(&ascii));
        assert_eq!(safe("a\tb"), display_line("a\tb"));
    }

    #[test]
    fn a_huge_answer_is_cut_without_reading_it_all() {
        let big = "x".repeat(1 << 20);
        let lines = texts(&layout(&[(&big, Style::new())], 80, 0, 2));
        assert_eq!(lines.len(), 2);
        assert!(lines[1].ends_with('…'));
    }

    #[test]
    fn the_window_keeps_the_newest_and_the_selected() {
        let mut one = |_| 1;
        let w = window(100, &[10, 99], 10, &mut one);
        assert!(w.contains(&Entry::Row(10)) && w.contains(&Entry::Row(99)));
        assert_eq!(w.len(), 10);
        assert!(matches!(w[0], Entry::Skip(_)));
        assert_eq!(
            window(3, &[2], 10, &mut one),
            [Entry::Row(0), Entry::Row(1), Entry::Row(2)]
        );
        assert_eq!(window(5, &[4], 1, &mut one), [Entry::Row(4)]);
    }

    #[test]
    fn rows_are_shared_with_the_selected_panel_first() {
        assert_eq!(share_rows(&[5, 5, 5], &[1], 9), [2, 5, 2]);
        assert_eq!(share_rows(&[5, 5, 5, 5], &[3], 2), [0, 0, 1, 1]);
        assert_eq!(share_rows(&[1, 1], &[], 10), [1, 1]);
        // The selected answer's panel keeps a few lines however much the first one wants.
        assert_eq!(share_rows(&[20, 1, 9], &[0, 2], 12), [7, 1, 4]);
    }
}
