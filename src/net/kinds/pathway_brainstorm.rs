use super::{KindPage, numbered};
use crate::model::Exercise;
use crate::model::exercise::{PathwayBrainstorm, Slot};

impl KindPage for PathwayBrainstorm {
    fn heading(&self, _exercise: &Exercise, _slot: Option<&Slot>, i: usize) -> String {
        numbered(&self.questions, i)
    }
}
