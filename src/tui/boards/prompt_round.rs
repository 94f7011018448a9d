//! Prompt rounds: each question with its follow-up and its answers, side by side when there is
//! room, else stacked with the selected question given the most room.

use crate::model::Contribution;
use crate::model::exercise::PromptRound;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::widgets::StatefulWidget;

use super::common::{Panel, SlotPanels, gather, plain_item, slot_panels};
use super::{BoardView, Hit, KindBoard, prepare};

/// A prompt round's board: each question with its follow-up and its answers.
///
/// Render it with `PromptRoundBoard { view, kind }.render(area, buf, &mut hits)`: `hits` collects
/// what a click can select.
#[derive(Debug, Clone, Copy)]
pub struct PromptRoundBoard<'a> {
    pub view: BoardView<'a>,
    pub kind: &'a PromptRound,
}

impl KindBoard for PromptRound {
    fn render_board(
        &self,
        view: BoardView,
        area: Rect,
        buf: &mut Buffer,
        hits: &mut Vec<(Rect, Hit)>,
    ) {
        PromptRoundBoard { view, kind: self }.render(area, buf, hits);
    }

    fn lists_answers(&self) -> bool {
        true
    }
}

impl StatefulWidget for PromptRoundBoard<'_> {
    type State = Vec<(Rect, Hit)>;

    fn render(self, area: Rect, buf: &mut Buffer, hits: &mut Self::State) {
        let Some((view, area)) = prepare(self.view, area, buf) else {
            return;
        };
        let (view, kind) = (&view, self.kind);
        let g = gather(view);
        let panels = question_panels(view, &g, &kind.questions);
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
