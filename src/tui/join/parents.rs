//! The answer the box's next answer goes under (a consequence under the one it follows from):
//! chosen among those the server told of, the newest unless another is chosen.

use super::state::JoinState;
use crate::net::api::ParentChoice;

impl JoinState {
    /// What the box's next answer may go under: the parents of its slot's parent slot in the
    /// box's exercise, oldest first.
    pub fn parent_choices(&self) -> Vec<&ParentChoice> {
        let Some(slot) = self.current_slot() else {
            return Vec::new();
        };
        let Some(parent_slot) = slot.parent_slot.as_deref() else {
            return Vec::new();
        };
        self.parents
            .iter()
            .filter(|p| p.slot == parent_slot)
            .collect()
    }

    /// What the box's next answer goes under: the one chosen, else the newest.
    pub fn current_parent(&self) -> Option<&ParentChoice> {
        let choices = self.parent_choices();
        crate::model::tree::chosen_or_newest(&choices, self.parent.as_deref(), |p| &p.id).copied()
    }

    /// Chooses the next one to go under, going round; false when the slot takes none.
    pub fn next_parent(&mut self) -> bool {
        let choices = self.parent_choices();
        let now = self.current_parent().map(|p| p.id.clone());
        let next = crate::model::tree::next_choice(&choices, now.as_deref(), |p| &p.id)
            .map(|p| p.id.clone());
        let moved = next.is_some();
        self.parent = next;
        moved
    }
}
