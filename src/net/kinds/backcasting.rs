use super::{KindPage, first_word};
use crate::model::Exercise;
use crate::model::exercise::backcasting::{ACTIONS_SLOT, OBSTACLES_SLOT, STEPS_SLOT, VISION_SLOT};
use crate::model::exercise::{Backcasting, Slot};

impl KindPage for Backcasting {
    /// What the room is writing: "FUTURE", "STEPS", "OBSTACLES", "ACTIONS".
    fn heading(&self, exercise: &Exercise, slot: Option<&Slot>, _i: usize) -> String {
        match slot.map(|s| s.id.as_str()) {
            Some(VISION_SLOT) => "FUTURE".into(),
            Some(STEPS_SLOT) => "STEPS".into(),
            Some(OBSTACLES_SLOT) => "OBSTACLES".into(),
            Some(ACTIONS_SLOT) => "ACTIONS".into(),
            _ => first_word(exercise),
        }
    }
}
