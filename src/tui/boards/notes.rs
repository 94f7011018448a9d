//! Notes: key points and resources side by side (stacked when narrow), like a prompt round;
//! a resource shows its link under its title.

use crate::model::Contribution;
use crate::model::exercise::Notes;
use crate::model::exercise::notes::KEY_POINTS_SLOT;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::widgets::StatefulWidget;

use super::common::{SlotPanels, gather, plain_item, slot_panels};
use super::{BoardView, Hit, KindBoard, prepare};

/// A notes board: key points and resources, each under its heading.
///
/// Render it with `NotesBoard { view, kind }.render(area, buf, &mut hits)`: `hits` collects
/// what a click can select.
#[derive(Debug, Clone, Copy)]
pub struct NotesBoard<'a> {
    pub view: BoardView<'a>,
    pub kind: &'a Notes,
}

impl KindBoard for Notes {
    fn render_board(
        &self,
        view: BoardView,
        area: Rect,
        buf: &mut Buffer,
        hits: &mut Vec<(Rect, Hit)>,
    ) {
        NotesBoard { view, kind: self }.render(area, buf, hits);
    }

    fn lists_answers(&self) -> bool {
        false
    }
}

impl StatefulWidget for NotesBoard<'_> {
    type State = Vec<(Rect, Hit)>;

    fn render(self, area: Rect, buf: &mut Buffer, hits: &mut Self::State) {
        let Some((view, area)) = prepare(self.view, area, buf) else {
            return;
        };
        let (view, kind) = (&view, self.kind);
        let g = gather(view);
        let mut panels = slot_panels(view, &g);
        for p in &mut panels {
            if view.slots[p.slot].id == KEY_POINTS_SLOT {
                p.prompt = &kind.topic;
            }
        }
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
