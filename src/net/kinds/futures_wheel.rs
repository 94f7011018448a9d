use super::KindPage;
use crate::model::Exercise;
use crate::model::exercise::{FuturesWheel, Slot};

impl KindPage for FuturesWheel {
    /// "1ST ORDER", "2ND ORDER"...: the ring the room is adding to.
    fn heading(&self, _exercise: &Exercise, slot: Option<&Slot>, _i: usize) -> String {
        let ring = slot.and_then(|s| FuturesWheel::order(&s.id)).unwrap_or(0);
        format!("{} ORDER", ["1ST", "2ND", "3RD"][ring.min(2)])
    }
}
