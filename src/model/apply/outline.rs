//! The session's outline — its groups, attribution, and which exercises are hidden until the
//! reveal: when a change to it may be made, and what it does.

use super::View;
use crate::model::change::OutlineChange as O;
use crate::model::change::OutlineChange;
use crate::model::error::ModelError;
use crate::model::session::Session;
use crate::model::text::is_valid_name;

pub(super) fn check(
    view: &(impl View + ?Sized),
    change: OutlineChange<'_>,
) -> Result<(), ModelError> {
    match change {
        O::AddGroup { name } => {
            if !is_valid_name(name) {
                return Err(ModelError::Invalid(
                    "a group name must be 1 to 200 bytes with no control characters".to_owned(),
                ));
            }
            if view.has_group(name) {
                return Err(ModelError::DuplicateGroup(name.clone()));
            }
            Ok(())
        }
        O::SetAttribution { .. } => Ok(()),
        O::SetConcealed { exercise, .. } => match view.session().scenario.exercise(exercise) {
            Some(_) => Ok(()),
            None => Err(view.session().scenario.unknown_exercise(exercise)),
        },
    }
}

pub(super) fn apply(session: &mut Session, change: OutlineChange<'_>) {
    match change {
        O::AddGroup { name } => session.groups.push(name.clone()),
        O::SetAttribution { on } => session.attribution = *on,
        O::SetConcealed {
            exercise,
            concealed,
        } => {
            if *concealed {
                session.concealed.insert(exercise.clone());
            } else {
                session.concealed.remove(exercise);
            }
        }
    }
}
