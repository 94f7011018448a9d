use super::{KindPage, first_word};
use crate::model::Exercise;
use crate::model::exercise::{Slot, ValueConflict};

impl KindPage for ValueConflict {
    fn heading(&self, exercise: &Exercise, _slot: Option<&Slot>, _i: usize) -> String {
        first_word(exercise)
    }
}
