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
use ratatui::widgets::{StatefulWidget, Widget};
use unicode_segmentation::UnicodeSegmentation;

use super::{BoardView, Hit};
use crate::model::Contribution;
use crate::model::exercise::UNPLACED_SLOT;
use crate::model::sight::{self, Viewer};
use crate::tui::text::{display_line, truncate, width};

mod clusters;
mod fit;
mod lines;
mod memo;
mod panels;
mod tree;

pub use clusters::*;
pub use fit::*;
pub use lines::*;
pub use memo::Memo;
pub use panels::*;
pub use tree::TreeBoard;

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
    let (items, counts, ungrouped) = match view.memo {
        Some(memo) => memo.board(view.session, memo::BoardKey::of(view), || walk(view)),
        None => walk(view),
    };
    Gathered {
        items,
        counts,
        ungrouped,
        index,
    }
}

/// The walk over the exercise's answers behind [`gather`].
#[allow(clippy::type_complexity)]
fn walk<'a>(view: &BoardView<'a>) -> (Vec<Vec<&'a Contribution>>, Vec<usize>, bool) {
    let mut items: Vec<Vec<&'a Contribution>> = vec![Vec::new(); view.slots.len()];
    let mut counts = vec![0; view.slots.len()];
    // The session indexes contributions by slot: this touches only this exercise's.
    let mut ungrouped = false;
    for (i, slot) in view.slots.iter().enumerate() {
        for c in view.session.in_slot(&view.exercise.id, &slot.id) {
            // A withdrawn answer leaves no trace on any screen, this one included; one off the
            // record is shown here, marked, and never on the projection. (Hidden until the
            // reveal is `view.concealed`: counted, not listed.)
            let viewer = if view.projection {
                Viewer::Record
            } else {
                Viewer::Archive
            };
            if !sight::may_see(view.session, viewer, c) {
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
    arrange(view, &mut items);
    (items, counts, ungrouped)
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

/// Where the newest of `items` is: the last one, or, when the order is shuffled or arranged
/// by theme or by votes, the one made last.
pub fn newest(view: &BoardView, items: &[&Contribution]) -> Option<usize> {
    if view.order_seed.is_none() && !arranged(view) {
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
    vote_marks(
        &mut l,
        view,
        c,
        aside_style(view, c, view.theme.accent()),
        aside_style(view, c, view.theme.dim()),
    );
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

#[cfg(test)]
mod tests {
    use super::lines::safe;
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
