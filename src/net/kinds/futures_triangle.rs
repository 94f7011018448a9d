use super::KindPage;
use crate::model::Exercise;
use crate::model::exercise::{FuturesTriangle, Slot};

impl KindPage for FuturesTriangle {
    fn heading(&self, _exercise: &Exercise, slot: Option<&Slot>, _i: usize) -> String {
        slot.map_or_else(String::new, |s| s.id.to_uppercase())
    }
}
