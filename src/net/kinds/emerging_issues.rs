use super::KindPage;
use crate::model::Exercise;
use crate::model::exercise::{EmergingIssues, Slot};

impl KindPage for EmergingIssues {
    /// "ISSUES", "SIGNALS"...: the part of the analysis the room is on.
    fn heading(&self, _exercise: &Exercise, slot: Option<&Slot>, _i: usize) -> String {
        let label = slot.map_or("Emerging issues", |s| s.label.as_str());
        label.split_whitespace().last().unwrap_or("").to_uppercase()
    }
}
