//! A pathway brainstorm: its questions as a prompt round's, then the pathways the answers trace.

use super::{Block, KindWriteUp, questions};
use crate::export::View;
use crate::model::Exercise;
use crate::model::exercise::PathwayBrainstorm;

impl KindWriteUp for PathwayBrainstorm {
    fn section(&self, view: &View, exercise: &Exercise, n: usize) -> Vec<Block> {
        let mut blocks = questions::build(view, exercise, &self.questions);
        blocks.extend(questions::pathways(view, exercise, &self.questions, n));
        blocks
    }

    fn plan(&self) -> Vec<Block> {
        Vec::new()
    }
}
