//! A prompt round: each question as a heading, its follow-up, then the answers.

use super::{Block, KindWriteUp, questions};
use crate::export::View;
use crate::model::Exercise;
use crate::model::exercise::PromptRound;

impl KindWriteUp for PromptRound {
    fn section(&self, view: &View, exercise: &Exercise, _n: usize) -> Vec<Block> {
        questions::build(view, exercise, &self.questions)
    }

    fn plan(&self) -> Vec<Block> {
        Vec::new()
    }
}
