//! What a viewer may see of a session's answers: one rule, used by every channel that shows
//! answers to someone other than the facilitator (the page, the API, the live stream, vote
//! rounds, `/screen`, `hearth screen`, `hearth join`). Off the record and withdrawn answers are
//! seen by nobody; an exercise hidden until the reveal ([`Session::is_concealed`]) shows each
//! device only its own group's answers and the room none; the join code alone reads no group's
//! answers, ever. Exports are the record ([`Viewer::Record`]): they ignore concealment, never
//! the rest. `show` and an export with `--include-hidden` are the facilitators' own archive
//! ([`Viewer::Archive`]): off-the-record answers too, marked as such; a withdrawn answer, never.
//! Theme names are the facilitator's words about the answers: [`may_see_themes`].

use super::contribution::Contribution;
use super::session::Session;

/// Who is looking.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Viewer<'a> {
    /// Exports: every answer on the record, hidden until the reveal or not.
    Record,
    /// The facilitators' own archive (`show`, an export with `--include-hidden`): off-the-record
    /// answers as well (marked by whoever shows them); withdrawn ones never.
    Archive,
    /// The room's screen (the projection, `hearth screen`, `/screen`).
    Room,
    /// A device that joined for this group.
    Group(&'a str),
    /// Someone holding the join code but no device: no group's answers.
    Code,
}

/// Whether an answer is on the record: neither taken off it nor withdrawn.
pub fn on_record(c: &Contribution) -> bool {
    !c.hidden && !c.is_withdrawn()
}

/// Whether `viewer` may see answer `c` of `session` (its words, its fields, that it exists).
pub fn may_see(session: &Session, viewer: Viewer<'_>, c: &Contribution) -> bool {
    if viewer == Viewer::Archive {
        return !c.is_withdrawn();
    }
    on_record(c)
        && match viewer {
            Viewer::Record | Viewer::Archive => true,
            Viewer::Room => !session.is_concealed(&c.exercise),
            Viewer::Group(g) => c.group.as_deref() == Some(g) || !session.is_concealed(&c.exercise),
            Viewer::Code => false,
        }
}

/// Whether `viewer` may see the names of the themes `exercise`'s answers were gathered under.
/// A name is the facilitator's summary of answers, so it follows them: while the exercise is
/// hidden until the reveal only the record sees it (one group's device could read in it what
/// another group said), and the join code alone never does.
pub fn may_see_themes(session: &Session, viewer: Viewer<'_>, exercise: &str) -> bool {
    match viewer {
        Viewer::Record | Viewer::Archive => true,
        Viewer::Room | Viewer::Group(_) => !session.is_concealed(exercise),
        Viewer::Code => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Change, Draft, Scenario};

    #[test]
    fn each_viewer_sees_what_the_promises_allow() {
        let scenario: Scenario = serde_json::from_str(
            r#"{"id":"s","title":"S","agenda":[{"id":"q","title":"Questions","kind":"prompt_round",
                "questions":[{"id":"q1","text":"What pulls?"}]}]}"#,
        )
        .expect("a plan");
        let mut s = Session::new(scenario, "S".into(), None, vec!["A".into(), "B".into()]);
        for (id, group) in [("a", "A"), ("b", "B"), ("h", "A"), ("w", "A")] {
            let c = Draft::new("q", "q1", "words")
                .group(Some(group.into()))
                .into_contribution_with(id.into(), jiff::Timestamp::UNIX_EPOCH);
            s.apply(&Change::Add { contribution: c }).expect("added");
        }
        s.apply(&Change::SetHidden {
            id: "h".into(),
            hidden: true,
        })
        .expect("hidden");
        s.apply(&Change::Withdraw {
            id: "w".into(),
            at: jiff::Timestamp::UNIX_EPOCH,
        })
        .expect("withdrawn");
        let seen = |s: &Session, v: Viewer<'_>| -> Vec<String> {
            s.contributions()
                .iter()
                .filter(|c| may_see(s, v, c))
                .map(|c| c.id.clone())
                .collect()
        };
        for v in [Viewer::Record, Viewer::Room, Viewer::Group("A")] {
            assert_eq!(seen(&s, v), ["a", "b"], "{v:?}");
        }
        assert!(seen(&s, Viewer::Code).is_empty());
        assert_eq!(seen(&s, Viewer::Archive), ["a", "b", "h"]);
        for v in [
            Viewer::Record,
            Viewer::Archive,
            Viewer::Room,
            Viewer::Group("B"),
        ] {
            assert!(may_see_themes(&s, v, "q"), "{v:?}");
        }
        assert!(!may_see_themes(&s, Viewer::Code, "q"));
        s.apply(&Change::SetConcealed {
            exercise: "q".into(),
            concealed: true,
        })
        .expect("concealed");
        assert_eq!(seen(&s, Viewer::Record), ["a", "b"]);
        assert!(seen(&s, Viewer::Room).is_empty());
        assert_eq!(seen(&s, Viewer::Group("A")), ["a"]);
        assert_eq!(seen(&s, Viewer::Group("B")), ["b"]);
        assert!(seen(&s, Viewer::Code).is_empty());
        assert_eq!(seen(&s, Viewer::Archive), ["a", "b", "h"]);
        assert!(may_see_themes(&s, Viewer::Record, "q"));
        assert!(may_see_themes(&s, Viewer::Archive, "q"));
        for v in [Viewer::Room, Viewer::Group("A"), Viewer::Code] {
            assert!(!may_see_themes(&s, v, "q"), "{v:?}");
        }
    }
}
