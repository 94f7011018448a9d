//! Answers under the answers they follow from, drawn as a tree of lines (`├─`, `└─`), one
//! answer a line, under a head line (a wheel's centre). When the tree is taller than the
//! board, the rows shown are a window that keeps the selected answer (else the newest) in
//! view, saying how many rows are above and below.

use super::*;
use crate::model::tree::{Node, Skipped, build};

/// What a tree board draws: its head and each slot's mark.
pub struct TreeBoard<'p, 'a> {
    pub view: &'p BoardView<'a>,
    pub g: &'p Gathered<'a>,
    /// The line above the tree (a wheel's central change), plan text.
    pub head: &'p str,
    /// What the head is ("Central change"), before it.
    pub head_label: &'p str,
    /// The mark before an answer of each slot and what the key calls the slot, by slot id
    /// (`●`, "1st order" for a 1st-order consequence).
    pub marks: &'p [(&'p str, &'p str, &'p str)],
    /// Said when there is no answer yet.
    pub empty: &'p str,
}

/// One row: the glyphs before it, and the answer.
struct Row<'a> {
    prefix: String,
    node_skipped: Skipped,
    answer: &'a Contribution,
}

fn rows<'a>(nodes: &[Node<'a>], prefix: &str, out: &mut Vec<Row<'a>>) {
    for (i, n) in nodes.iter().enumerate() {
        let last = i + 1 == nodes.len();
        out.push(Row {
            prefix: format!("{prefix}{}", if last { "└─" } else { "├─" }),
            node_skipped: n.skipped,
            answer: n.answer,
        });
        let deeper = format!("{prefix}{}", if last { "  " } else { "│ " });
        rows(&n.children, &deeper, out);
    }
}

/// The rows of `len` shown in `room` rows: all when they fit, else as many as fit beside an
/// "↑ n more" row and a "↓ n more" row (each only when rows are left out there), keeping row
/// `focus` in view, and row `also` too when both fit.
fn window(len: usize, room: usize, focus: usize, also: Option<usize>) -> (usize, usize) {
    if len <= room {
        return (0, len);
    }
    let focus = focus.min(len - 1);
    let (lo, hi) = match also.map(|a| a.min(len - 1)) {
        Some(a) if a.max(focus) - a.min(focus) < room.saturating_sub(2).max(1) => {
            (a.min(focus), a.max(focus))
        }
        _ => (focus, focus),
    };
    // With only the "↓" row: the top of the tree.
    let top = room.saturating_sub(1).max(1);
    if hi < top {
        return (0, top);
    }
    // With only the "↑" row: its end.
    if lo >= len - top {
        return (len - top, len);
    }
    let inner = room.saturating_sub(2).max(1);
    let mid = lo + (hi - lo) / 2;
    let start = mid
        .saturating_sub(inner / 2)
        .min(lo)
        .max((hi + 1).saturating_sub(inner))
        .clamp(1, len - inner);
    (start, start + inner)
}

impl TreeBoard<'_, '_> {
    pub fn render(self, area: Rect, buf: &mut Buffer, hits: &mut Vec<(Rect, Hit)>) {
        let view = self.view;
        let theme = view.theme;
        let mut y = area.y;
        let head = format!("{}: {}", self.head_label, self.head);
        put_line(buf, area, y, 0, &head, theme.heading());
        y += 1;
        let shown: Vec<&Contribution> = self.g.items.iter().flatten().copied().collect();
        let total: usize = self.g.counts.iter().sum();
        // The key: each slot's mark, name and count, a click choosing the slot; wrapped.
        let mut x = 0u16;
        for (i, slot) in view.slots.iter().enumerate() {
            // Imported lines not yet placed: only when there are some, or the box writes there.
            if slot.id == UNPLACED_SLOT && self.g.count(i) == 0 && i != view.slot {
                continue;
            }
            let (mark, label) = self
                .marks
                .iter()
                .find(|(id, _, _)| *id == slot.id)
                .map_or(("•", "not yet placed"), |(_, m, l)| (*m, *l));
            let piece = format!("{mark} {label} {}", self.g.count(i));
            let w = (width(&piece) as u16).min(area.width);
            if x > 0 && x + 2 + w > area.width {
                x = 0;
                y += 1;
            } else if x > 0 {
                x += 2;
            }
            if y >= area.bottom() {
                return;
            }
            let style = if i == view.slot {
                theme.accent()
            } else {
                theme.dim()
            };
            put_line(buf, area, y, x, &piece, style);
            hits.push((Rect::new(area.x + x, y, w, 1), Hit::Slot(i)));
            x += w;
        }
        y += 1;
        if view.concealed {
            put_line(
                buf,
                area,
                y,
                0,
                &format!(
                    "{} — hidden until the reveal",
                    plural(total, "answer", "answers")
                ),
                theme.dim(),
            );
            return;
        }
        if shown.is_empty() {
            put_line(buf, area, y, 0, self.empty, theme.dim());
            return;
        }
        let ids: std::collections::HashSet<&str> = shown.iter().map(|c| c.id.as_str()).collect();
        let seen = |c: &Contribution| ids.contains(c.id.as_str());
        let tree = build(view.session, &shown, &seen);
        let mut all = Vec::new();
        rows(&tree, "", &mut all);
        let room = usize::from(area.bottom().saturating_sub(y));
        if room == 0 {
            return;
        }
        // The rows to keep in view: the selected answer's, and the newest of the slot the box
        // writes to (else the newest of all).
        let newest = |slot: Option<&str>| {
            all.iter()
                .enumerate()
                .filter(|(_, r)| slot.is_none_or(|s| r.answer.slot == s))
                .max_by_key(|(_, r)| (r.answer.created, r.answer.id.as_str()))
                .map(|(i, _)| i)
        };
        let slot = view.slots.get(view.slot).map(|s| s.id.as_str());
        let newest = newest(slot).or_else(|| newest(None)).unwrap_or(0);
        let selected = all.iter().position(|r| is_selected(view, r.answer));
        let (start, end) = match selected {
            Some(sel) => window(all.len(), room, sel, Some(newest)),
            None => window(all.len(), room, newest, None),
        };
        if start > 0 {
            put_line(buf, area, y, 0, &format!("↑ {start} more"), theme.dim());
            y += 1;
        }
        for r in &all[start..end] {
            if y >= area.bottom() {
                break;
            }
            let mark = self
                .marks
                .iter()
                .find(|(slot, _, _)| *slot == r.answer.slot)
                .map_or("•", |(_, m, _)| m);
            let style = contribution_style(view, r.answer);
            let aside = if is_selected(view, r.answer) {
                theme.selected()
            } else {
                theme.dim()
            };
            let pw = width(&r.prefix) as u16;
            put_line(buf, area, y, 0, &r.prefix, theme.dim());
            let x = pw.min(area.width);
            let w = usize::from(area.width.saturating_sub(x));
            let mut l = Lines::new(w, 2, 1);
            l.text(
                &format!(
                    "{} ",
                    if is_selected(view, r.answer) {
                        "▸"
                    } else {
                        mark
                    }
                ),
                aside,
            );
            if r.node_skipped.withdrawn > 0 {
                l.atom("(↑ withdrawn)", aside);
                l.text(" ", aside);
            } else if r.node_skipped.unseen > 0 {
                l.atom("(↑ not shown)", aside);
                l.text(" ", aside);
            }
            if let Some(g) = &r.answer.group {
                l.text(&format!("[{g}] "), theme.group());
            }
            lead_marks(&mut l, r.answer, theme.accent());
            l.text(&r.answer.text, style);
            for value in r.answer.fields.values().filter(|v| !v.is_empty()) {
                l.text(" — ", aside);
                l.text(value, aside);
            }
            tail_marks(&mut l, r.answer, theme.dim());
            let lines = l.finish();
            draw_lines(buf, area, x, y, &lines);
            hits.push((
                Rect::new(area.x, y, area.width, 1),
                Hit::Contribution(r.answer.id.clone()),
            ));
            y += 1;
        }
        if end < all.len() && y < area.bottom() {
            put_line(
                buf,
                area,
                y,
                0,
                &format!("↓ {} more", all.len() - end),
                theme.dim(),
            );
        }
    }
}
