//! Prompt rounds: each question with its follow-up and its answers, side by side when there is
//! room, else stacked with the selected question given the most room.

use crate::model::Contribution;
use crate::model::exercise::PromptRound;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;

use super::common::{Panel, draw_panels, gather, plain_item, slot_panels};
use super::{BoardView, Hit, KindBoard};

impl KindBoard for PromptRound {
    fn draw(&self, view: &BoardView, area: Rect, buf: &mut Buffer, hits: &mut Vec<(Rect, Hit)>) {
        draw(view, self, area, buf, hits);
    }

    fn lists_answers(&self) -> bool {
        true
    }
}

fn draw(
    view: &BoardView,
    kind: &PromptRound,
    area: Rect,
    buf: &mut Buffer,
    hits: &mut Vec<(Rect, Hit)>,
) {
    let g = gather(view);
    let panels = question_panels(view, &g, &kind.questions);
    let render = |c: &Contribution, w: usize, max: usize| plain_item(view, c, w, max);
    draw_panels(view, &g, &panels, area, buf, hits, &render);
}

/// One panel per question (its follow-up as the prompt), then `unplaced` when it has anything.
pub fn question_panels<'s>(
    view: &BoardView<'s>,
    g: &super::Gathered,
    questions: &'s [crate::model::exercise::Question],
) -> Vec<Panel<'s>> {
    let mut panels = slot_panels(view, g);
    for p in &mut panels {
        if let Some(q) = questions.iter().find(|q| q.id == view.slots[p.slot].id) {
            p.prompt = &q.follow_up;
        }
    }
    panels
}
