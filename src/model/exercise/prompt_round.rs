//! A plain round of questions; each answer is filed under its question.

use serde::{Deserialize, Serialize};

pub use super::questions::Question;
use super::questions::{question_slots, validate_questions};
use super::scenario_building::Matrix;
use super::{KindModel, Slot};
use super::{KindTexts, KindTextsMut};
use crate::model::error::Problems;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PromptRound {
    pub questions: Vec<Question>,
}

impl KindModel for PromptRound {
    fn slots(&self) -> Vec<Slot> {
        question_slots(&self.questions)
    }

    fn validate(&self, path: &str, problems: &mut Problems) {
        validate_questions(path, &self.questions, problems);
    }

    fn question(&self) -> &str {
        ""
    }

    fn questions(&self) -> Option<&[Question]> {
        Some(&self.questions)
    }

    fn prompt(&self, _slot: &str) -> Option<&str> {
        None
    }

    fn matrix(&self) -> Option<&Matrix> {
        None
    }

    fn axes_from(&self) -> Option<&str> {
        None
    }

    fn texts(&self) -> KindTexts<'_> {
        KindTexts::default()
    }

    fn texts_mut(&mut self) -> KindTextsMut<'_> {
        KindTextsMut::default()
    }
}

impl super::parts::Described for PromptRound {
    const LABEL: &'static str = "prompt round";
    const ABOUT: &'static str = "questions answered in turn; each answer filed under its question";
    const PARTS: &'static [super::parts::Part] = &[super::parts::QUESTIONS];
}
