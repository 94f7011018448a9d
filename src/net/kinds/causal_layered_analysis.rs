use super::{KindPage, first_word};
use crate::model::Exercise;
use crate::model::exercise::causal_layered_analysis::{LAYERS, layer_of};
use crate::model::exercise::{CausalLayeredAnalysis, Slot};

impl KindPage for CausalLayeredAnalysis {
    /// The layer the room is on ("LITANY", "NEW MYTH"), else the title's first word.
    fn heading(&self, exercise: &Exercise, slot: Option<&Slot>, _i: usize) -> String {
        match slot.and_then(|s| layer_of(&s.id)) {
            Some((layer, column)) => {
                let name = LAYERS[layer].0.to_uppercase();
                if column == 0 {
                    name
                } else {
                    format!("NEW {name}")
                }
            }
            None => first_word(exercise),
        }
    }
}
