//! An answer's words and where it is filed: when a change to one may be made, and what it
//! does — to the session, and to a contribution under a batch alike.

use super::{View, check_group, live};
use crate::model::change::AnswerChange as A;
use crate::model::change::AnswerChange;
use crate::model::contribution::{Contribution, Revision};
use crate::model::error::ModelError;
use crate::model::session::{Session, check_revisions, place, unplace};
use crate::model::text::{is_valid_id, is_valid_name};

pub(super) fn check(
    view: &(impl View + ?Sized),
    change: AnswerChange<'_>,
) -> Result<(), ModelError> {
    let session = view.session();
    match change {
        A::Add { contribution: c } if c.is_withdrawn() => {
            // A tombstone (a merge brings one in): checked for holding nothing, not against the slot.
            if !is_valid_id(&c.id) {
                return Err(ModelError::Invalid(format!(
                    "`{}` is not a valid contribution id",
                    c.id
                )));
            }
            if view.find(&c.id).is_some() {
                return Err(ModelError::DuplicateContribution(c.id.clone()));
            }
            if c.holds_words() {
                return Err(ModelError::Invalid(
                    "a withdrawn answer keeps no text, fields, earlier versions or author"
                        .to_owned(),
                ));
            }
            check_group(view, &c.group)?;
            check_parent_exists(view, c)?;
            session.slot_of(&c.exercise, &c.slot).map(|_| ())
        }
        A::Add { contribution: c } => {
            if !is_valid_id(&c.id) {
                return Err(ModelError::Invalid(format!(
                    "`{}` is not a valid contribution id",
                    c.id
                )));
            }
            if view.find(&c.id).is_some() {
                return Err(ModelError::DuplicateContribution(c.id.clone()));
            }
            if c.author.is_some() && !view.attribution() {
                return Err(ModelError::Invalid(
                    "attribution is off for this session: contributions carry no author".to_owned(),
                ));
            }
            if let Some(author) = &c.author
                && !is_valid_name(author)
            {
                return Err(ModelError::Invalid(
                    "an author name must be 1 to 200 bytes, no control characters".to_owned(),
                ));
            }
            check_group(view, &c.group)?;
            check_parent_exists(view, c)?;
            session
                .slot_of(&c.exercise, &c.slot)?
                .check(&c.text, &c.fields)
                .map_err(ModelError::Invalid)?;
            check_revisions(c).map_err(ModelError::Invalid)
        }
        A::Edit {
            id, text, fields, ..
        } => {
            let c = live(view, id)?;
            session
                .slot_of(&c.exercise, &c.slot)?
                .check(text, fields)
                .map_err(ModelError::Invalid)
        }
        A::SetHidden { id, .. } | A::SetStarred { id, .. } => live(view, id).map(|_| ()),
        A::Move {
            id,
            exercise,
            slot,
            group,
        } => {
            let c = live(view, id)?;
            check_group(view, group)?;
            session
                .slot_of(exercise, slot)?
                .check(&c.text, &c.fields)
                .map_err(|e| ModelError::Invalid(format!("cannot move there: {e}")))
        }
    }
}

/// An answer's parent must be there before it: a parent is never deleted (withdrawn, it stays
/// a tombstone), so no answer is ever orphaned, whatever order merged sessions arrive in (the
/// merge adds parents first). Where a person chooses the parent, its exercise and slot are
/// checked too ([`crate::model::tree::check_parent`]); here they are not, so that a merge
/// never refuses an answer whose parent was refiled on another machine.
fn check_parent_exists(view: &(impl View + ?Sized), c: &Contribution) -> Result<(), ModelError> {
    match &c.parent {
        Some(p) if p == &c.id || !is_valid_id(p) || view.find(p).is_none() => Err(
            ModelError::Invalid(format!("there is no answer `{p}` to go under")),
        ),
        _ => Ok(()),
    }
}

/// Applies a checked change to the session: an addition is filed, a move refiled.
pub(super) fn apply(session: &mut Session, change: AnswerChange<'_>) -> Result<(), ModelError> {
    if let A::Add { contribution } = change {
        let at = session.contributions.len();
        session.index.insert(contribution.id.clone(), at);
        place(
            &mut session.places,
            &contribution.exercise,
            &contribution.slot,
            at,
        );
        session.contributions.push(contribution.clone());
        return Ok(());
    }
    let i = session.position(change.id())?;
    let c = &mut session.contributions[i];
    let moves = matches!(change, A::Move { .. });
    if moves {
        unplace(&mut session.places, &c.exercise, &c.slot, i);
    }
    take(c, change);
    if moves {
        place(&mut session.places, &c.exercise, &c.slot, i);
    }
    Ok(())
}

/// What an already checked change does to the contribution it is about (an addition is the
/// contribution itself). The one place this is written, for the session and for a batch laid
/// over it alike.
pub(super) fn take(c: &mut Contribution, change: AnswerChange<'_>) {
    match change {
        A::Add { .. } => {}
        A::Edit {
            text, fields, at, ..
        } => {
            let written = c.edited.unwrap_or(c.created);
            c.revisions.push(Revision {
                text: std::mem::replace(&mut c.text, text.clone()),
                fields: std::mem::replace(&mut c.fields, fields.clone()),
                written,
            });
            c.edited = Some(*at);
        }
        A::SetHidden { hidden, .. } => c.hidden = *hidden,
        A::SetStarred { starred, .. } => c.starred = *starred,
        A::Move {
            exercise,
            slot,
            group,
            ..
        } => {
            c.exercise = exercise.clone();
            c.slot = slot.clone();
            c.group = group.clone();
        }
    }
}
