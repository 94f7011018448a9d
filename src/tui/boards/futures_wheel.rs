//! The Futures Wheel: the central change, then each consequence on its own line under the one
//! it follows from (1st order under the centre, 2nd under a 1st, 3rd under a 2nd), the rings
//! told apart by their marks; every group adds to the one wheel.

use crate::model::exercise::FuturesWheel;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::widgets::StatefulWidget;

use super::common::{TreeBoard, gather};
use super::{BoardView, Hit, KindBoard, prepare};

/// The mark of each ring, from the centre out.
pub const RING_MARKS: [(&str, &str, &str); 3] = [
    ("first", "●", "1st order"),
    ("second", "◆", "2nd order"),
    ("third", "▪", "3rd order"),
];

/// A Futures Wheel board.
///
/// Render it with `WheelBoard { view, kind }.render(area, buf, &mut hits)`: `hits` collects
/// what a click can select.
#[derive(Debug, Clone, Copy)]
pub struct WheelBoard<'a> {
    pub view: BoardView<'a>,
    pub kind: &'a FuturesWheel,
}

impl KindBoard for FuturesWheel {
    fn render_board(
        &self,
        view: BoardView,
        area: Rect,
        buf: &mut Buffer,
        hits: &mut Vec<(Rect, Hit)>,
    ) {
        WheelBoard { view, kind: self }.render(area, buf, hits);
    }

    fn lists_answers(&self) -> bool {
        false
    }
}

impl StatefulWidget for WheelBoard<'_> {
    type State = Vec<(Rect, Hit)>;

    fn render(self, area: Rect, buf: &mut Buffer, hits: &mut Self::State) {
        let Some((view, area)) = prepare(self.view, area, buf) else {
            return;
        };
        let g = gather(&view);
        TreeBoard {
            view: &view,
            g: &g,
            head: self.kind.centre(),
            head_label: "Central change",
            marks: &RING_MARKS,
            empty: "No consequence yet: what follows directly from the change?",
        }
        .render(area, buf, hits);
    }
}
