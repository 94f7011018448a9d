//! The Futures Triangle: a triangle drawn in box characters with the pull of the future above
//! its apex, the push of the present and the weight of the past beside its base corners, the
//! topic inside, and the key uncertainties beside it (under it on a narrow screen).

use crate::model::Contribution;
use crate::model::exercise::FuturesTriangle;
use crate::model::exercise::futures_triangle::{CORNERS, UNCERTAINTIES};
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::widgets::{StatefulWidget, Widget};

use super::common::{
    HeadSize, Lines, Panel, SlotPanel, SlotPanels, UnplacedBand, gather, item_lines, put_line,
    slot_panels, split_unplaced, vrule,
};
use super::{BoardView, Hit, KindBoard, prepare};
use crate::tui::text::width;

/// The Futures Triangle's board: the triangle with its three corners' answers, and the key uncertainties.
///
/// Render it with `TriangleBoard { view, kind }.render(area, buf, &mut hits)`: `hits` collects
/// what a click can select.
#[derive(Debug, Clone, Copy)]
pub struct TriangleBoard<'a> {
    pub view: BoardView<'a>,
    pub kind: &'a FuturesTriangle,
}

impl KindBoard for FuturesTriangle {
    fn render_board(
        &self,
        view: BoardView,
        area: Rect,
        buf: &mut Buffer,
        hits: &mut Vec<(Rect, Hit)>,
    ) {
        TriangleBoard { view, kind: self }.render(area, buf, hits);
    }

    fn lists_answers(&self) -> bool {
        true
    }
}

impl StatefulWidget for TriangleBoard<'_> {
    type State = Vec<(Rect, Hit)>;

    fn render(self, area: Rect, buf: &mut Buffer, hits: &mut Self::State) {
        let Some((view, area)) = prepare(self.view, area, buf) else {
            return;
        };
        let (view, kind) = (&view, self.kind);
        let g = gather(view);
        let (main, band) = split_unplaced(view, &g, area);
        let body = |l: &mut Lines, c: &Contribution, style: Style| elaborated(view, l, c, style);
        let render = |c: &Contribution, w: usize, max: usize| item_lines(view, c, w, max, &body);
        let panels: Vec<Panel> = CORNERS
            .iter()
            .map(|c| c.0)
            .chain([UNCERTAINTIES.0])
            .filter_map(|id| {
                g.slot_index(id).map(|slot| Panel {
                    slot,
                    title: &view.slots[slot].label,
                    prompt: kind.prompt(id),
                })
            })
            .collect();
        let [pull, push, weight, uncertain] = panels[..] else {
            let panels = slot_panels(view, &g);
            SlotPanels {
                view,
                g: &g,
                panels: &panels,
                render: &render,
            }
            .render(area, buf, hits);
            return;
        };
        let wide = main.width >= 110;
        // The uncertainties beside the triangle when there is room, else in a band under it.
        let (zone, side) = if wide {
            let w = (main.width * 3 / 10).clamp(32, 60);
            let zone = Rect::new(main.x, main.y, main.width - w - 1, main.height);
            vrule(buf, main, zone.right(), "│", view.theme.border());
            (zone, Rect::new(main.right() - w, main.y, w, main.height))
        } else {
            let h = (main.height / 4).max(2).min(main.height);
            (
                Rect::new(main.x, main.y, main.width, main.height - h),
                Rect::new(main.x, main.bottom() - h, main.width, h),
            )
        };
        if zone.height < 8 || zone.width < 50 {
            SlotPanels {
                view,
                g: &g,
                panels: &panels,
                render: &render,
            }
            .render(main, buf, hits);
            if let Some((rect, slot)) = band {
                UnplacedBand { view, g: &g, slot }.render(rect, buf, hits);
            }
            return;
        }
        let roomy = zone.height >= 24;
        let size = HeadSize {
            title: 2,
            prompt: if roomy { 2 } else { 0 },
        };
        let pull_h = (zone.height * 2 / 5).max(4);
        let lower = Rect::new(zone.x, zone.y + pull_h, zone.width, zone.height - pull_h);
        let th = lower.height.min(zone.width / 7).max(3);
        let tw = 2 * th + 2;
        let tri = Rect::new(
            zone.x + (zone.width - tw) / 2,
            lower.y,
            tw,
            th.min(lower.height),
        );
        let pull_w = (zone.width * 2 / 3).max(zone.width.min(60));
        let pull_rect = Rect::new(zone.x + (zone.width - pull_w) / 2, zone.y, pull_w, pull_h);
        let left = Rect::new(
            lower.x,
            lower.y,
            (tri.x - lower.x).saturating_sub(1),
            lower.height,
        );
        let right_x = tri.right() + 1;
        let right = Rect::new(
            right_x,
            lower.y,
            zone.right().saturating_sub(right_x),
            lower.height,
        );
        Triangle {
            view,
            topic: &kind.topic,
        }
        .render(tri, buf);
        SlotPanel {
            view,
            g: &g,
            panel: pull,
            size,
            render: &render,
        }
        .render(pull_rect, buf, hits);
        SlotPanel {
            view,
            g: &g,
            panel: push,
            size,
            render: &render,
        }
        .render(left, buf, hits);
        SlotPanel {
            view,
            g: &g,
            panel: weight,
            size,
            render: &render,
        }
        .render(right, buf, hits);
        let side_size = HeadSize {
            title: 2,
            prompt: if wide { 3 } else { 0 },
        };
        SlotPanel {
            view,
            g: &g,
            panel: uncertain,
            size: side_size,
            render: &render,
        }
        .render(side, buf, hits);
        if let Some((rect, slot)) = band {
            UnplacedBand { view, g: &g, slot }.render(rect, buf, hits);
        }
    }
}

/// An item's text, then its elaboration on a line of its own.
fn elaborated(view: &BoardView, l: &mut Lines, c: &Contribution, style: Style) {
    l.text(&c.text, style);
    if let Some(e) = c.fields.get("elaboration").filter(|e| !e.trim().is_empty()) {
        l.newline();
        let dim = if view.selected == Some(c.id.as_str()) {
            style
        } else {
            view.theme.dim()
        };
        l.text("↳ ", dim);
        l.text(e, dim);
    }
}

/// The triangle itself: `╱` and `╲` sides meeting at the apex, a `▁` base, and the topic
/// written inside where it is widest.
#[derive(Clone, Copy)]
struct Triangle<'p, 'a> {
    view: &'p BoardView<'a>,
    /// Written inside, where it is widest.
    topic: &'p str,
}

impl Widget for Triangle<'_, '_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let Triangle { view, topic } = self;
        let tri = area;
        let th = tri.height;
        if th < 2 || tri.width < 2 * th + 2 {
            return;
        }
        let edge = view.theme.heading();
        for r in 0..th {
            let y = tri.y + r;
            let l = tri.x + th - r;
            let rr = tri.x + th + 1 + r;
            buf.set_stringn(l, y, "╱", 1, edge);
            buf.set_stringn(rr, y, "╲", 1, edge);
            if r + 1 == th {
                for x in l + 1..rr {
                    buf.set_stringn(x, y, "▁", 1, edge);
                }
            }
        }
        // The topic sits on the rows just above the base, centred under the apex, on as few rows
        // as it fits on; left out when it fits on none.
        let inner = |r: u16| (2 * r).saturating_sub(2) as usize;
        let apex = tri.x + th + 1;
        let style = view.theme.dim();
        let mut put = |r: u16, text: &str| {
            let w = width(text) as u16;
            let x = apex.saturating_sub(w.div_ceil(2)).saturating_sub(tri.x);
            let row = Rect::new(tri.x, tri.y + r, tri.width, 1);
            put_line(buf, row, row.y, x, text, style);
        };
        let words: Vec<&str> = topic.split_whitespace().collect();
        for rows in 1..th.saturating_sub(2) {
            let first = th - 1 - rows;
            if let Some(lines) = fill(&words, (first..th - 1).map(inner)) {
                for (k, line) in lines.iter().enumerate() {
                    put(first + k as u16, line);
                }
                return;
            }
        }
    }
}

/// Fills `words` into lines of the given widths in turn; `None` when they do not all fit.
fn fill(words: &[&str], widths: impl Iterator<Item = usize>) -> Option<Vec<String>> {
    let mut lines = Vec::new();
    let mut rest = words;
    for w in widths {
        let mut line = String::new();
        while let Some(word) = rest.first() {
            let shown = crate::tui::text::display_line(word);
            let need = width(&line) + usize::from(!line.is_empty()) + width(&shown);
            if need > w {
                break;
            }
            if !line.is_empty() {
                line.push(' ');
            }
            line.push_str(&shown);
            rest = &rest[1..];
        }
        lines.push(line);
        if rest.is_empty() {
            return Some(lines);
        }
    }
    None
}
