//! What each exercise kind looks like to the room and the note-takers, beyond its slots (which
//! the API lists from the model): one [`KindPage`] impl per kind, in `net/kinds/<kind>.rs`.

mod backcasting;
mod causal_layered_analysis;
mod checklist;
mod emerging_issues;
mod futures_triangle;
mod futures_wheel;
mod notes;
mod pathway_brainstorm;
mod prompt_round;
mod role_clarity;
mod scenario_building;
mod value_conflict;

use crate::model::Exercise;
use crate::model::exercise::{ExerciseKind, Question, Slot};

/// What an exercise kind shows on the shared screen and the note-takers' pages.
pub trait KindPage {
    /// The audience screen's big heading while the room is on the slot at `i` of `slot`s:
    /// "Q4" for a numbered question, "PULL" for a triangle corner, else the exercise's first word.
    fn heading(&self, exercise: &Exercise, slot: Option<&Slot>, i: usize) -> String;
}

/// The page of an exercise's kind: the one dispatch over kinds in `net`.
pub fn page(kind: &ExerciseKind) -> &dyn KindPage {
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

/// "Q" and the number of question `i` (its own number, else its place).
fn numbered(questions: &[Question], i: usize) -> String {
    let number = questions.get(i).and_then(|q| q.number).map(|n| n as usize);
    format!("Q{}", number.unwrap_or(i + 1))
}

/// The exercise title's first word, in capitals.
fn first_word(exercise: &Exercise) -> String {
    exercise
        .title
        .split_whitespace()
        .next()
        .unwrap_or("")
        .to_uppercase()
}
