use super::{KindPage, numbered};
use crate::model::Exercise;
use crate::model::exercise::{PromptRound, Slot};

impl KindPage for PromptRound {
    fn heading(&self, _exercise: &Exercise, _slot: Option<&Slot>, i: usize) -> String {
        numbered(&self.questions, i)
    }
}
