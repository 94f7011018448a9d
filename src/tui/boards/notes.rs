//! Notes: key points and resources side by side (stacked when narrow), like a prompt round;
//! a resource shows its link under its title.

use crate::model::Contribution;
use crate::model::exercise::Notes;
use crate::model::exercise::notes::KEY_POINTS_SLOT;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;

use super::common::{draw_panels, gather, plain_item, slot_panels};
use super::{BoardView, Hit, KindBoard};

impl KindBoard for Notes {
    fn draw(&self, view: &BoardView, area: Rect, buf: &mut Buffer, hits: &mut Vec<(Rect, Hit)>) {
        draw(view, self, area, buf, hits);
    }

    fn lists_answers(&self) -> bool {
        false
    }
}

fn draw(view: &BoardView, kind: &Notes, area: Rect, buf: &mut Buffer, hits: &mut Vec<(Rect, Hit)>) {
    let g = gather(view);
    let mut panels = slot_panels(view, &g);
    for p in &mut panels {
        if view.slots[p.slot].id == KEY_POINTS_SLOT {
            p.prompt = &kind.topic;
        }
    }
    let render = |c: &Contribution, w: usize, max: usize| plain_item(view, c, w, max);
    draw_panels(view, &g, &panels, area, buf, hits, &render);
}
