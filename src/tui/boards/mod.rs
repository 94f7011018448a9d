//! Boards: each exercise kind drawn in its real shape. One module per kind; `draw` dispatches.
//!
//! A board draws from an immutable [`BoardView`] into a buffer and records where things are
//! ([`Hit`]s) so a mouse click can select them.

use crate::model::exercise::Slot;
use crate::model::{Contribution, Exercise, ExerciseKind, Session};
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;

use super::theme::Theme;

mod checklist;
mod common;
mod futures_triangle;
mod notes;
mod pathway;
mod prompt_round;
mod role_clarity;
mod scenario_building;
mod value_conflict;

pub use common::{Gathered, gather, visible_contributions};

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
}

impl BoardView<'_> {
    /// The contributions this board shows, in display order.
    pub fn contributions(&self) -> Vec<&Contribution> {
        visible_contributions(self)
    }
}

/// Draws the board of `view.exercise` into `area`.
pub fn draw(view: &BoardView, area: Rect, buf: &mut Buffer, hits: &mut Vec<(Rect, Hit)>) {
    let area = area.intersection(buf.area);
    if area.width == 0 || area.height == 0 {
        return;
    }
    let mut view = *view;
    // A projected board is drawn in the projector's high contrast whatever the screen's theme.
    view.theme.projection |= view.projection;
    let view = &view;
    match &view.exercise.kind {
        ExerciseKind::PromptRound(k) => prompt_round::draw(view, k, area, buf, hits),
        ExerciseKind::PathwayBrainstorm(k) => pathway::draw(view, k, area, buf, hits),
        ExerciseKind::FuturesTriangle(k) => futures_triangle::draw(view, k, area, buf, hits),
        ExerciseKind::ScenarioBuilding(k) => scenario_building::draw(view, k, area, buf, hits),
        ExerciseKind::ValueConflict(k) => value_conflict::draw(view, k, area, buf, hits),
        ExerciseKind::RoleClarity(k) => role_clarity::draw(view, k, area, buf, hits),
        ExerciseKind::Checklist(k) => checklist::draw(view, k, area, buf, hits),
        ExerciseKind::Notes(k) => notes::draw(view, k, area, buf, hits),
    }
}
