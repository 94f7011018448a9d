//! The session's own words around the plan's — narration and wording: when a change to them may
//! be made, and what it does.

use super::View;
use crate::model::change::WordsChange;
use crate::model::error::ModelError;
use crate::model::text::{Lines, MAX_PLAN_STRING_BYTES, control_problem};
use crate::model::words::{Field, Narration, Wordings, set_wording};

pub(super) fn check(
    view: &(impl View + ?Sized),
    change: WordsChange<'_>,
) -> Result<(), ModelError> {
    match change {
        WordsChange::SetNarration { place, text } => {
            if let Some(e) = place.exercise()
                && view.session().scenario.exercise(e).is_none()
            {
                return Err(view.session().scenario.unknown_exercise(e));
            }
            if text.len() > MAX_PLAN_STRING_BYTES {
                return Err(ModelError::Invalid(format!(
                    "{} is {} bytes; at most {MAX_PLAN_STRING_BYTES} bytes are kept",
                    place.describe(),
                    text.len()
                )));
            }
            match control_problem(text, Lines::Several) {
                Some(p) => Err(ModelError::Invalid(format!("{} {p}", place.describe()))),
                None => Ok(()),
            }
        }
        WordsChange::SetWording {
            exercise,
            field,
            text,
            ..
        } => {
            let Some(ex) = view.session().scenario.exercise(exercise) else {
                return Err(view.session().scenario.unknown_exercise(exercise));
            };
            let has = match field {
                // The axes may be the room's, chosen while running it.
                Field::XAxis | Field::YAxis => {
                    view.convergence().axes.contains_key(exercise.as_str())
                        || field.of(ex).is_some()
                }
                Field::Title | Field::Instructions | Field::Question | Field::Horizon => {
                    field.of(ex).is_some()
                }
            };
            if !has {
                return Err(ModelError::Invalid(format!(
                    "exercise `{exercise}` ({}) has no {}",
                    ex.kind_name().replace('_', " "),
                    field.label()
                )));
            }
            match text.as_deref().and_then(|t| field.problem(t)) {
                Some(p) => Err(ModelError::Invalid(p)),
                None => Ok(()),
            }
        }
    }
}

pub(super) fn apply(narration: &mut Narration, wordings: &mut Wordings, change: WordsChange<'_>) {
    match change {
        WordsChange::SetNarration { place, text } => narration.set(place, text),
        WordsChange::SetWording {
            exercise,
            field,
            text,
            at,
        } => set_wording(wordings, exercise, *field, text.as_deref(), *at),
    }
}
