//! The answer the box's next answer goes under (a consequence under the one it follows from):
//! the newest of its parent slot's, unless another is chosen.

use super::Run;

impl Run {
    /// The answers the box's next answer may go under (its slot's parent slot's, on the
    /// record), oldest first.
    pub fn parent_choices(&self) -> Vec<&crate::model::Contribution> {
        let slot = self.current_slot();
        crate::model::tree::parent_choices(&self.session, &self.current_exercise().id, &slot)
    }

    /// The answer the box's next answer goes under: the one chosen with the key, else the
    /// newest of its parent slot.
    pub fn current_parent(&self) -> Option<&crate::model::Contribution> {
        let choices = self.parent_choices();
        crate::model::tree::chosen_or_newest(&choices, self.parent.as_deref(), |c| &c.id).copied()
    }

    /// Chooses the next answer to go under, going round.
    pub fn next_parent(&mut self) -> bool {
        let choices = self.parent_choices();
        let now = self.current_parent().map(|c| c.id.clone());
        let next = crate::model::tree::next_choice(&choices, now.as_deref(), |c| &c.id)
            .map(|c| c.id.clone());
        let moved = next.is_some();
        self.parent = next;
        moved
    }
}
