//! The answers a note-taker can put an answer under (a wheel's 1st-order consequences for a
//! 2nd-order one), as `/api/session` lists them and the `parents` event sends them again.

use crate::model::Session;
use crate::model::sight::{self, Viewer};
use crate::net::api::{ExerciseInfo, ParentChoice};

/// Every answer of `exercise`'s slots that another slot goes under, every group's that `viewer`
/// may see, oldest first.
pub(super) fn choices(
    s: &Session,
    exercise: &str,
    info: &ExerciseInfo,
    viewer: Viewer,
) -> Vec<ParentChoice> {
    let parent_slots: Vec<&str> = info
        .slots
        .iter()
        .filter_map(|s| s.parent_slot.as_deref())
        .collect();
    let mut parents: Vec<_> = parent_slots
        .iter()
        .flat_map(|slot| s.in_slot(exercise, slot))
        .filter(|c| sight::may_see(s, viewer, c))
        .collect();
    parents.sort_by(|a, b| a.created.cmp(&b.created).then(a.id.cmp(&b.id)));
    parents.dedup_by(|a, b| a.id == b.id);
    parents
        .into_iter()
        .map(|c| ParentChoice {
            id: c.id.clone(),
            slot: c.slot.clone(),
            text: c.text.clone(),
            group: c.group.clone(),
        })
        .collect()
}
