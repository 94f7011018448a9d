//! Emerging issues: each issue with its signals, potential impacts, questions and shifts on
//! lines under it, and the shifts of the whole analysis at the top.

use crate::model::exercise::EmergingIssues;
use crate::model::exercise::emerging_issues::{
    IMPACT_SLOT, ISSUE_SLOT, QUESTION_SLOT, SHIFT_SLOT, SIGNAL_SLOT,
};
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::widgets::StatefulWidget;

use super::common::{TreeBoard, gather};
use super::{BoardView, Hit, KindBoard, prepare};

const MARKS: [(&str, &str, &str); 5] = [
    (ISSUE_SLOT, "■", "issues"),
    (SIGNAL_SLOT, "~", "signals"),
    (IMPACT_SLOT, "!", "impacts"),
    (QUESTION_SLOT, "?", "questions"),
    (SHIFT_SLOT, "↔", "shifts"),
];

/// An emerging issues board.
///
/// Render it with `IssuesBoard { view, kind }.render(area, buf, &mut hits)`: `hits` collects
/// what a click can select.
#[derive(Debug, Clone, Copy)]
pub struct IssuesBoard<'a> {
    pub view: BoardView<'a>,
    pub kind: &'a EmergingIssues,
}

impl KindBoard for EmergingIssues {
    fn render_board(
        &self,
        view: BoardView,
        area: Rect,
        buf: &mut Buffer,
        hits: &mut Vec<(Rect, Hit)>,
    ) {
        IssuesBoard { view, kind: self }.render(area, buf, hits);
    }

    fn lists_answers(&self) -> bool {
        false
    }
}

impl StatefulWidget for IssuesBoard<'_> {
    type State = Vec<(Rect, Hit)>;

    fn render(self, area: Rect, buf: &mut Buffer, hits: &mut Self::State) {
        let Some((view, area)) = prepare(self.view, area, buf) else {
            return;
        };
        let g = gather(&view);
        TreeBoard {
            view: &view,
            g: &g,
            head: &self.kind.topic,
            head_label: "Emerging issues",
            marks: &MARKS,
            empty: "No issue yet: what early signs of change do we see?",
        }
        .render(area, buf, hits);
    }
}
