//! What each change does, and when it may be done, sorted by what it touches ([`Part`]):
//! answers, the session's outline, convergence, details, withdrawal, and narration and wording
//! (words), each part in a file of its own. A session and a batch laid over it
//! ([`batch::Batch`]) are held to the same rules through [`View`], and a contribution changes
//! the same way under both.

mod answers;
pub mod batch;
mod convergence;
mod outline;
mod words;

pub use convergence::is_item;

use super::change::{Change, Part};
use super::contribution::Contribution;
use super::convergence::Convergence;
use super::error::ModelError;
use super::session::{MAX_CHANGES, Session};

/// What checking a change needs to see: the session answers for itself, and a
/// [`Batch`](batch::Batch) for the session with a batch's earlier changes laid over it,
/// so both are held to the same rules by [`check_change`].
pub(crate) trait View {
    fn session(&self) -> &Session;
    fn find(&self, id: &str) -> Option<&Contribution>;
    fn has_group(&self, name: &str) -> bool;
    /// Every group, in order, for telling someone which exist.
    fn group_names(&self) -> Vec<&str>;
    fn attribution(&self) -> bool;
    /// Themes, rounds, ballots and chosen axes.
    fn convergence(&self) -> &Convergence;
}

impl View for Session {
    fn session(&self) -> &Session {
        self
    }

    fn find(&self, id: &str) -> Option<&Contribution> {
        self.contribution(id)
    }

    fn has_group(&self, name: &str) -> bool {
        self.groups.iter().any(|g| g == name)
    }

    fn group_names(&self) -> Vec<&str> {
        self.groups.iter().map(String::as_str).collect()
    }

    fn attribution(&self) -> bool {
        self.attribution
    }

    fn convergence(&self) -> &Convergence {
        &self.convergence
    }
}

pub(super) fn existing<'v>(
    view: &'v (impl View + ?Sized),
    id: &str,
) -> Result<&'v Contribution, ModelError> {
    view.find(id)
        .ok_or_else(|| ModelError::UnknownContribution(id.to_owned()))
}

/// A contribution that exists and was not withdrawn: a tombstone takes no further change.
pub(super) fn live<'v>(
    view: &'v (impl View + ?Sized),
    id: &str,
) -> Result<&'v Contribution, ModelError> {
    let c = existing(view, id)?;
    if c.is_withdrawn() {
        return Err(ModelError::Withdrawn(id.to_owned()));
    }
    Ok(c)
}

pub(super) fn check_group(
    view: &(impl View + ?Sized),
    group: &Option<String>,
) -> Result<(), ModelError> {
    match group {
        Some(name) if !view.has_group(name) => {
            let known = view.group_names();
            Err(ModelError::UnknownGroup {
                name: name.clone(),
                known: if known.is_empty() {
                    "none yet".to_owned()
                } else {
                    known.join(", ")
                },
            })
        }
        _ => Ok(()),
    }
}

/// Whether `change` can be applied to what `view` sees, without applying it.
pub(crate) fn check_change(view: &(impl View + ?Sized), change: &Change) -> Result<(), ModelError> {
    let changes = view.session().changes;
    if changes >= MAX_CHANGES {
        return Err(ModelError::Invalid(format!(
            "the session has counted {changes} changes, the most it may"
        )));
    }
    match change.part() {
        Part::Answer(a) => answers::check(view, a),
        Part::Withdrawal { id, .. } => live(view, id).map(|_| ()),
        Part::Outline(o) => outline::check(view, o),
        Part::Convergence(c) => convergence::check(view, c),
        Part::Details(details) => match details.problems().first() {
            Some(p) => Err(ModelError::Invalid(p.to_string())),
            None => Ok(()),
        },
        Part::Words(w) => words::check(view, w),
    }
}

impl Session {
    /// Checks that `change` can be applied, without applying it.
    pub fn check(&self, change: &Change) -> Result<(), ModelError> {
        check_change(self, change)
    }

    /// Applies one change; on error nothing is changed.
    pub fn apply(&mut self, change: &Change) -> Result<(), ModelError> {
        self.check(change)?;
        match change.part() {
            Part::Answer(a) => answers::apply(self, a)?,
            Part::Withdrawal { id, at } => {
                let i = self.position(id)?;
                self.contributions[i].erase(*at);
            }
            Part::Outline(o) => outline::apply(self, o),
            Part::Convergence(c) => convergence::apply(&mut self.convergence, c),
            Part::Details(details) => self.set_details(details),
            Part::Words(w) => words::apply(&mut self.narration, &mut self.wording, w),
        }
        self.changes += 1;
        Ok(())
    }
}
