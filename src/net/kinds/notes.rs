use super::{KindPage, first_word};
use crate::model::Exercise;
use crate::model::exercise::{Notes, Slot};

impl KindPage for Notes {
    fn heading(&self, exercise: &Exercise, _slot: Option<&Slot>, _i: usize) -> String {
        first_word(exercise)
    }
}
