//! Several changes checked in order, each against the session as the ones before it leave it,
//! without copying the session: a [`Batch`] lays the changes over it and holds only what they
//! touch.

use std::borrow::Cow;
use std::collections::HashMap;
use std::collections::hash_map::Entry;

use super::{View, answers, check_change, convergence, words};
use crate::model::change::{AnswerChange, Change, OutlineChange, Part};
use crate::model::contribution::Contribution;
use crate::model::convergence::Convergence;
use crate::model::details::Details;
use crate::model::error::ModelError;
use crate::model::session::Session;
use crate::model::words::{Narration, Wordings};

/// A session with some changes laid over it. Checking uses the same rules as
/// [`Session::check`], and a contribution changes the same way as under [`Session::apply`].
#[derive(Debug)]
pub struct Batch<'a> {
    session: &'a Session,
    /// The contributions the batch added or changed, as they are after it: an addition is
    /// borrowed from its change, one of the session's is copied when the batch first changes it.
    touched: HashMap<&'a str, Cow<'a, Contribution>>,
    /// Groups the batch added, in order.
    groups: Vec<&'a str>,
    attribution: Option<bool>,
    /// Themes, rounds, ballots and axes, copied the first time the batch changes them (they
    /// hold no answers: small beside the session).
    convergence: Cow<'a, Convergence>,
    /// Session details set by the batch.
    details: Option<&'a Details>,
    /// Narration and wording, copied the first time the batch changes them.
    narration: Cow<'a, Narration>,
    wording: Cow<'a, Wordings>,
}

impl<'a> Batch<'a> {
    /// `session` with nothing laid over it yet.
    pub fn new(session: &'a Session) -> Batch<'a> {
        Batch {
            session,
            touched: HashMap::new(),
            groups: Vec::new(),
            attribution: None,
            convergence: Cow::Borrowed(&session.convergence),
            details: None,
            narration: Cow::Borrowed(&session.narration),
            wording: Cow::Borrowed(&session.wording),
        }
    }

    /// Whether `change` can be applied after the changes laid over so far.
    pub fn check(&self, change: &Change) -> Result<(), ModelError> {
        check_change(self, change)
    }

    /// Lays `change` over the others once it is checked; on error nothing is laid over.
    pub fn apply(&mut self, change: &'a Change) -> Result<(), ModelError> {
        self.check(change)?;
        let session = self.session;
        match change.part() {
            Part::Answer(AnswerChange::Add { contribution }) => {
                self.touched
                    .insert(contribution.id.as_str(), Cow::Borrowed(contribution));
            }
            Part::Answer(a) => {
                let c = touch(&mut self.touched, session, a.id())?;
                answers::take(c.to_mut(), a);
            }
            Part::Withdrawal { id, at } => {
                let c = touch(&mut self.touched, session, id)?;
                c.to_mut().erase(*at);
            }
            Part::Outline(OutlineChange::AddGroup { name }) => self.groups.push(name),
            Part::Outline(OutlineChange::SetAttribution { on }) => self.attribution = Some(*on),
            // Checked against the plan, which no change alters; nothing else reads it.
            Part::Outline(OutlineChange::SetConcealed { .. }) => {}
            Part::Convergence(c) => convergence::apply(self.convergence.to_mut(), c),
            Part::Details(details) => self.details = Some(details),
            Part::Words(w) => words::apply(self.narration.to_mut(), self.wording.to_mut(), w),
        }
        Ok(())
    }

    /// A contribution as it is after the changes laid over so far.
    /// The session's details as the batch leaves them.
    pub fn details(&self) -> Details {
        self.details
            .cloned()
            .unwrap_or_else(|| self.session.details())
    }

    /// The narration as the batch leaves it.
    pub fn narration(&self) -> &Narration {
        &self.narration
    }

    /// Every exercise's wording as the batch leaves it.
    pub fn wording(&self) -> &Wordings {
        &self.wording
    }

    /// Themes, rounds, ballots and axes as the batch leaves them.
    pub fn convergence(&self) -> &Convergence {
        &self.convergence
    }

    pub fn contribution(&self, id: &str) -> Option<&Contribution> {
        match self.touched.get(id) {
            Some(c) => Some(c),
            None => self.session.contribution(id),
        }
    }
}

/// The contribution `id` as the batch holds it, copied from the session the first time the
/// batch changes it.
fn touch<'m, 'a>(
    touched: &'m mut HashMap<&'a str, Cow<'a, Contribution>>,
    session: &'a Session,
    id: &'a str,
) -> Result<&'m mut Cow<'a, Contribution>, ModelError> {
    Ok(match touched.entry(id) {
        Entry::Occupied(e) => e.into_mut(),
        Entry::Vacant(e) => e.insert(Cow::Borrowed(
            session
                .contribution(id)
                .ok_or_else(|| ModelError::UnknownContribution(id.to_owned()))?,
        )),
    })
}

impl View for Batch<'_> {
    fn session(&self) -> &Session {
        self.session
    }

    fn find(&self, id: &str) -> Option<&Contribution> {
        self.contribution(id)
    }

    fn has_group(&self, name: &str) -> bool {
        self.groups.contains(&name) || self.session.has_group(name)
    }

    fn group_names(&self) -> Vec<&str> {
        let mut names = self.session.group_names();
        names.extend(self.groups.iter().copied());
        names
    }

    fn attribution(&self) -> bool {
        self.attribution.unwrap_or(self.session.attribution)
    }

    fn convergence(&self) -> &Convergence {
        &self.convergence
    }
}

/// Checks `changes` in order, each against `session` as the ones before it leave it, copying
/// only the contributions they change. `before` is shown each change with the session as that
/// change finds it (to work out what would take it back). On a refusal: which change, and why.
pub fn check_each<'a>(
    session: &'a Session,
    changes: &'a [Change],
    mut before: impl FnMut(&Batch<'a>, &'a Change),
) -> Result<(), (usize, ModelError)> {
    let mut batch = Batch::new(session);
    for (i, change) in changes.iter().enumerate() {
        before(&batch, change);
        let last = i + 1 == changes.len();
        // The last change is only checked: nothing comes after it to see it.
        let result = if last {
            batch.check(change)
        } else {
            batch.apply(change)
        };
        result.map_err(|e| (i, e))?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Draft, Scenario};

    fn session() -> Session {
        let scenario: Scenario = serde_json::from_str(
            r#"{"format":"hearth-scenario/1","id":"t","title":"T","agenda":[
                {"id":"round","title":"Round","minutes":10,"kind":"prompt_round","questions":[
                    {"id":"a","text":"A?"},{"id":"b","text":"B?"}]}]}"#,
        )
        .unwrap();
        Session::new(scenario, "S".into(), None, vec!["Table 1".into()])
    }

    fn add(id: &str, group: Option<&str>) -> Change {
        Change::Add {
            contribution: Draft::new("round", "a", "text")
                .group(group.map(str::to_owned))
                .into_contribution_with(id.into(), jiff::Timestamp::UNIX_EPOCH),
        }
    }

    #[test]
    fn later_changes_see_earlier_ones() {
        let s = session();
        let changes = vec![
            Change::AddGroup {
                name: "Table 2".into(),
            },
            add("c1", Some("Table 2")),
            Change::SetStarred {
                id: "c1".into(),
                starred: true,
            },
            Change::Move {
                id: "c1".into(),
                exercise: "round".into(),
                slot: "b".into(),
                group: Some("Table 1".into()),
            },
        ];
        let mut seen = Vec::new();
        let verdict = check_each(&s, &changes, |b, _| {
            seen.push(b.contribution("c1").map(|c| (c.starred, c.slot.clone())));
        });
        assert_eq!(verdict, Ok(()));
        assert_eq!(
            seen,
            [
                None,
                None,
                Some((false, "a".into())),
                Some((true, "a".into()))
            ]
        );
        assert!(s.contribution("c1").is_none(), "the session is untouched");
    }

    #[test]
    fn a_refusal_names_the_change_and_matches_the_session() {
        let s = session();
        let changes = vec![add("c1", None), add("c1", None)];
        assert_eq!(
            check_each(&s, &changes, |_, _| {}),
            Err((1, ModelError::DuplicateContribution("c1".into())))
        );
        let changes = vec![
            Change::AddGroup {
                name: "Table 2".into(),
            },
            add("c2", Some("Room")),
        ];
        let mut copy = s.clone();
        copy.apply(&changes[0]).unwrap();
        let expected = copy.check(&changes[1]).unwrap_err();
        assert_eq!(check_each(&s, &changes, |_, _| {}), Err((1, expected)));
    }
}

#[cfg(test)]
mod convergence_tests {
    use super::*;
    use crate::model::convergence::Theme;
    use crate::model::{Draft, Scenario};

    #[test]
    fn a_theme_made_earlier_in_a_batch_can_take_an_answer() {
        let scenario: Scenario = serde_json::from_str(
            r#"{"format":"hearth-scenario/1","id":"t","title":"T","agenda":[
                {"id":"round","title":"Round","minutes":10,"kind":"prompt_round","questions":[
                    {"id":"a","text":"A?"}]}]}"#,
        )
        .unwrap();
        let mut s = Session::new(scenario, "S".into(), None, Vec::new());
        let c = Draft::new("round", "a", "an answer").into_contribution();
        s.apply(&Change::Add {
            contribution: c.clone(),
        })
        .unwrap();
        let theme = Theme {
            id: "t1".into(),
            exercise: "round".into(),
            name: "Belonging".into(),
            created: jiff::Timestamp::UNIX_EPOCH,
            named: jiff::Timestamp::UNIX_EPOCH,
            merged_into: None,
        };
        let place = Change::PlaceInTheme {
            contribution: c.id.clone(),
            theme: Some("t1".into()),
            at: jiff::Timestamp::UNIX_EPOCH,
        };
        let split = vec![Change::AddTheme { theme }, place.clone()];
        assert_eq!(check_each(&s, &split, |_, _| {}), Ok(()));
        assert!(s.convergence.themes.is_empty(), "the session is untouched");
        assert!(check_each(&s, std::slice::from_ref(&place), |_, _| {}).is_err());
    }
}
