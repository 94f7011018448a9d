//! Undo: the change that takes a change back, worked out from the session as that change
//! finds it. Used by the facilitator's undo and redo; nothing typed is ever removed by it.

use jiff::Timestamp;

use super::batch::Batch;
use super::change::Change;

/// The change that takes `change` back, made to the session as `seen` (an empty batch is the
/// session itself), stamped `at`. Nothing typed is ever removed: undoing an addition takes it
/// off the record.
pub fn inverse_of(seen: &Batch<'_>, change: &Change, at: Timestamp) -> Option<Change> {
    Some(match change {
        Change::Add { contribution } => Change::SetHidden {
            id: contribution.id.clone(),
            hidden: true,
        },
        Change::Edit { id, .. } => {
            let c = seen.contribution(id)?;
            Change::Edit {
                id: id.clone(),
                text: c.text.clone(),
                fields: c.fields.clone(),
                at,
            }
        }
        Change::SetHidden { id, .. } => Change::SetHidden {
            id: id.clone(),
            hidden: seen.contribution(id)?.hidden,
        },
        Change::SetStarred { id, .. } => Change::SetStarred {
            id: id.clone(),
            starred: seen.contribution(id)?.starred,
        },
        Change::Move { id, .. } => {
            let c = seen.contribution(id)?;
            Change::Move {
                id: id.clone(),
                exercise: c.exercise.clone(),
                slot: c.slot.clone(),
                group: c.group.clone(),
            }
        }
        // Withdrawing is for good: nothing brings the words back.
        Change::Withdraw { .. } => return None,
        Change::PlaceInTheme { contribution, .. } => Change::PlaceInTheme {
            contribution: contribution.clone(),
            theme: seen
                .convergence()
                .placed
                .get(contribution)
                .and_then(|p| p.theme.clone()),
            at,
        },
        Change::RenameTheme { id, .. } => Change::RenameTheme {
            id: id.clone(),
            name: seen.convergence().theme(id)?.name.clone(),
            at,
        },
        Change::ChooseAxes { exercise, .. } => {
            let mut earlier = seen.convergence().axes.get(exercise)?.clone();
            earlier.at = at;
            Change::ChooseAxes {
                exercise: exercise.clone(),
                axes: earlier,
            }
        }
        Change::SeedFrom { exercise, .. } => {
            let mut earlier = seen.convergence().seeds.get(exercise)?.clone();
            earlier.at = at;
            Change::SeedFrom {
                exercise: exercise.clone(),
                seed: earlier,
            }
        }
        Change::SetDetails { .. } => Change::SetDetails {
            details: seen.details(),
        },
        Change::SetNarration { place, .. } => Change::SetNarration {
            place: place.clone(),
            text: seen.narration().get(place).to_owned(),
        },
        Change::SetWording {
            exercise, field, ..
        } => Change::SetWording {
            exercise: exercise.clone(),
            field: *field,
            text: seen
                .wording()
                .get(exercise)
                .and_then(|w| w.get(*field))
                .map(str::to_owned),
            at,
        },
        // Not taken back by undo: a theme made or merged, a round opened or moved on, a ballot.
        Change::AddGroup { .. }
        | Change::SetAttribution { .. }
        | Change::AddTheme { .. }
        | Change::MergeThemes { .. }
        | Change::OpenRound { .. }
        | Change::Cast { .. }
        | Change::SetRoundState { .. }
        // A reveal is not taken back: the room has seen the answers.
        | Change::SetConcealed { .. } => return None,
    })
}
