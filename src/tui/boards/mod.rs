//! Boards: each exercise kind drawn in its real shape. One module per kind, each with its board
//! widget ([`TriangleBoard`], [`ChecklistBoard`], ...) and its [`KindBoard`] impl; [`board`]
//! dispatches and [`Board`] is the widget of whatever kind an exercise is, which the app and the
//! tests render.
//!
//! A board draws from an immutable [`BoardView`] into a buffer and records where things are
//! ([`Hit`]s) so a mouse click can select them.

use crate::model::exercise::Slot;
use crate::model::{Contribution, Exercise, ExerciseKind, Session};
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::widgets::StatefulWidget;

use super::theme::Theme;

mod backcasting;
mod causal_layered_analysis;
mod checklist;
mod common;
mod emerging_issues;
mod futures_triangle;
mod futures_wheel;
mod notes;
mod pathway_brainstorm;
mod prompt_round;
mod role_clarity;
mod scenario_building;
mod value_conflict;

pub use backcasting::TimelineBoard;
pub use causal_layered_analysis::LayersBoard;
pub use checklist::ChecklistBoard;
pub use common::{Gathered, Memo, gather, visible_contributions};
pub use emerging_issues::IssuesBoard;
pub use futures_triangle::TriangleBoard;
pub use futures_wheel::WheelBoard;
pub use notes::NotesBoard;
pub use pathway_brainstorm::PathwayBoard;
pub use prompt_round::PromptRoundBoard;
pub use role_clarity::RoleClarityBoard;
pub use scenario_building::ScenarioBoard;
pub use value_conflict::ValueConflictBoard;

/// Something on screen a click can select.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Hit {
    Slot(usize),
    Group(usize),
    Contribution(String),
    Exercise(usize),
}

/// Everything a board needs to draw itself.
#[derive(Debug, Clone, Copy)]
pub struct BoardView<'a> {
    pub session: &'a Session,
    pub exercise: &'a Exercise,
    pub slots: &'a [Slot],
    /// Index into `slots` of the slot the capture box writes to.
    pub slot: usize,
    /// The group the capture box writes for.
    pub group: Option<&'a str>,
    /// The contribution selected (when the focus is out of the capture box).
    pub selected: Option<&'a str>,
    /// Projection mode: large, high contrast, off-the-record contributions never shown.
    pub projection: bool,
    /// Hide until reveal: answers are captured but not shown.
    pub concealed: bool,
    /// Role clarity: show the reference answers beside the groups'.
    pub show_reference: bool,
    /// When set, contributions are shown in a shuffled (but stable) order.
    pub order_seed: Option<u64>,
    pub theme: Theme,
    /// Answers that just arrived from note-takers (marked until they are a while old).
    pub arrived: Option<&'a std::collections::HashMap<String, std::time::Instant>>,
    /// What the board gathered on an earlier frame, kept while nothing it reads changed
    /// (`None`: gathered afresh every time).
    pub memo: Option<&'a Memo>,
}

impl BoardView<'_> {
    /// The contributions this board shows, in display order.
    pub fn contributions(&self) -> Vec<&Contribution> {
        visible_contributions(self)
    }
}

/// What an exercise kind shows on the facilitator's screen. One impl per kind, in
/// `boards/<kind>.rs`.
pub trait KindBoard {
    /// Renders this kind's board widget for `view` into `area`, recording what a click can
    /// select in `hits`.
    fn render_board(
        &self,
        view: BoardView,
        area: Rect,
        buf: &mut Buffer,
        hits: &mut Vec<(Rect, Hit)>,
    );

    /// Whether the board lists answers under their slots, so themes cluster them and a revealed
    /// vote orders them (prompt rounds, pathways, the triangle's corners).
    fn lists_answers(&self) -> bool;
}

/// The board of an exercise's kind: the one dispatch over kinds in the TUI.
pub fn board(kind: &ExerciseKind) -> &dyn KindBoard {
    match kind {
        ExerciseKind::PromptRound(k) => k,
        ExerciseKind::FuturesTriangle(k) => k,
        ExerciseKind::ScenarioBuilding(k) => k,
        ExerciseKind::PathwayBrainstorm(k) => k,
        ExerciseKind::ValueConflict(k) => k,
        ExerciseKind::RoleClarity(k) => k,
        ExerciseKind::Checklist(k) => k,
        ExerciseKind::Notes(k) => k,
        ExerciseKind::CausalLayeredAnalysis(k) => k,
        ExerciseKind::Backcasting(k) => k,
        ExerciseKind::EmergingIssues(k) => k,
        ExerciseKind::FuturesWheel(k) => k,
    }
}

/// The board of `view.exercise` as a widget. Its state is where the board records what a click
/// can select; render it with `Board(view).render(area, buf, &mut hits)` (or
/// `frame.render_stateful_widget`).
#[derive(Debug, Clone, Copy)]
pub struct Board<'a>(pub BoardView<'a>);

impl StatefulWidget for Board<'_> {
    type State = Vec<(Rect, Hit)>;

    fn render(self, area: Rect, buf: &mut Buffer, hits: &mut Self::State) {
        board(&self.0.exercise.kind).render_board(self.0, area, buf, hits);
    }
}

/// What every board widget does first: it draws only inside the buffer and nothing in an empty
/// area, and a projected board takes the projector's high contrast whatever the screen's theme.
fn prepare<'a>(mut view: BoardView<'a>, area: Rect, buf: &Buffer) -> Option<(BoardView<'a>, Rect)> {
    let area = area.intersection(buf.area);
    if area.width == 0 || area.height == 0 {
        return None;
    }
    view.theme.projection |= view.projection;
    Some((view, area))
}
