//! Answers under a parent answer, within one exercise: a consequence under the one it follows
//! from, a signal under its emerging issue. A slot names the slot its parent comes from
//! ([`Slot::parent`]); an answer names its parent when it is added ([`Contribution::parent`]),
//! and the link never changes after. A parent is never deleted (a withdrawn one stays as a
//! tombstone), so a child is never orphaned: when its parent may not be seen (withdrawn, off the
//! record, hidden until the reveal), it is shown under the nearest ancestor that may, and that
//! one was left out is said without its words ([`Anchor::skipped`]).

use super::contribution::Contribution;
use super::exercise::Slot;
use super::session::Session;

/// How far up a chain of parents is followed: well past any wheel (three orders) or issue,
/// and a bound for a hand-made file whose links go round.
const MAX_DEPTH: usize = 64;

/// Why a person's choice of parent cannot be taken, or `Ok` when it can: the parent must
/// exist, be in the same exercise and in the slot that `slot`'s answers go under; a slot with no
/// parent slot takes none. Checked where a parent is chosen (the capture box, `hearth join`,
/// the page, `POST /api/contributions`).
pub fn check_parent(
    session: &Session,
    exercise: &str,
    slot: &str,
    parent: Option<&str>,
) -> Result<(), String> {
    let Some(parent) = parent else {
        return Ok(());
    };
    let Some(ex) = session.scenario.exercise(exercise) else {
        return Err(format!("no exercise `{exercise}` in the plan"));
    };
    let Some(spec) = ex.slot(slot) else {
        return Err(format!("exercise `{exercise}` has no slot `{slot}`"));
    };
    let Some(want) = &spec.parent else {
        return Err(format!(
            "an answer in `{slot}` goes under no other answer: leave `parent` out"
        ));
    };
    let Some(p) = session.contribution(parent) else {
        return Err(format!("there is no answer `{parent}` to go under"));
    };
    if p.exercise != exercise {
        return Err(format!(
            "answer `{parent}` is in another exercise; an answer goes under one of its own exercise"
        ));
    }
    if &p.slot != want {
        let label = ex.slot(want).map_or_else(|| want.clone(), |s| s.label);
        return Err(format!(
            "an answer in `{slot}` goes under one in `{want}` ({label}), and `{parent}` is in `{}`",
            p.slot
        ));
    }
    if p.is_withdrawn() || p.hidden {
        return Err(format!(
            "answer `{parent}` was taken off the record or withdrawn: choose another"
        ));
    }
    Ok(())
}

/// Whether a person may refile answer `id` to `slot` of `exercise` (a move the facilitator or
/// `hearth edit` asks for; a merge is never refused this way). Within its slot, always. To
/// another slot: not while answers still go under it (they would be left under an answer
/// somewhere else), and only where what it goes under is still the slot's parent slot.
pub fn check_move(session: &Session, id: &str, exercise: &str, slot: &str) -> Result<(), String> {
    let Some(c) = session.contribution(id) else {
        return Err(format!("there is no answer `{id}`"));
    };
    if c.exercise == exercise && c.slot == slot {
        return Ok(());
    }
    let under = session
        .contributions()
        .iter()
        .filter(|x| x.parent.as_deref() == Some(id) && !x.is_withdrawn())
        .count();
    if under > 0 {
        return Err(format!(
            "{} under it: move {} or withdraw {} first",
            if under == 1 {
                "1 answer goes".to_owned()
            } else {
                format!("{under} answers go")
            },
            if under == 1 { "it" } else { "them" },
            if under == 1 { "it" } else { "them" },
        ));
    }
    let Some(parent) = &c.parent else {
        return Ok(());
    };
    let want = session
        .scenario
        .exercise(exercise)
        .and_then(|e| e.slot(slot))
        .and_then(|s| s.parent);
    let fits = session
        .contribution(parent)
        .is_some_and(|p| p.exercise == exercise && Some(&p.slot) == want.as_ref());
    if fits {
        Ok(())
    } else {
        Err(format!(
            "it goes under ‘{}’, and an answer there would not: \
             add it again there instead",
            session
                .contribution(parent)
                .filter(|p| !p.hidden && !p.is_withdrawn())
                .map_or_else(
                    || "an answer taken out".to_owned(),
                    |p| parent_words(&p.text)
                )
        ))
    }
}

/// The answers an answer of `slot` may be added under, oldest first: those of its parent
/// slot in `exercise` that are on the record (none when the slot has no parent slot).
pub fn parent_choices<'a>(
    session: &'a Session,
    exercise: &str,
    slot: &Slot,
) -> Vec<&'a Contribution> {
    slot.parent.as_deref().map_or_else(Vec::new, |parent| {
        session
            .in_slot(exercise, parent)
            .filter(|c| super::sight::on_record(c))
            .collect()
    })
}

/// The parent an answer is added under when `chosen` (an id) is not one of `choices`: the
/// newest, which is the one the room has just added to.
pub fn chosen_or_newest<'c, T>(
    choices: &'c [T],
    chosen: Option<&str>,
    id: impl Fn(&T) -> &str,
) -> Option<&'c T> {
    chosen
        .and_then(|c| choices.iter().find(|t| id(t) == c))
        .or_else(|| choices.last())
}

/// The next of `choices` after `chosen` (the first after the last), for a key that goes round.
pub fn next_choice<'c, T>(
    choices: &'c [T],
    chosen: Option<&str>,
    id: impl Fn(&T) -> &str,
) -> Option<&'c T> {
    let at = chosen.and_then(|c| choices.iter().position(|t| id(t) == c));
    match at {
        Some(i) => choices.get((i + 1) % choices.len()),
        None => choices.first(),
    }
}

/// How a parent is named where a box says where an answer goes: its first line, cut.
pub fn parent_words(text: &str) -> String {
    let line = text.lines().next().unwrap_or("");
    let mut out: String = line.chars().take(40).collect();
    if line.chars().count() > 40 || text.contains('\n') {
        out.push('…');
    }
    out
}

/// Where an answer is shown: under the nearest ancestor that may be seen (`None`: at the top,
/// under the exercise's centre or heading), and what was left out on the way.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Anchor<'a> {
    pub under: Option<&'a Contribution>,
    pub skipped: Skipped,
}

/// Ancestors left out between an answer and where it is shown, counted without their words.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Skipped {
    /// Withdrawn at someone's request.
    pub withdrawn: usize,
    /// Off the record, or not to be seen by this viewer.
    pub unseen: usize,
}

impl Skipped {
    pub fn any(self) -> bool {
        self.withdrawn + self.unseen > 0
    }

    /// What a board or write-up says in place of what was left out ("under a withdrawn
    /// answer"), or `None` when nothing was.
    pub fn describe(self) -> Option<&'static str> {
        match (self.withdrawn > 0, self.unseen > 0) {
            (false, false) => None,
            (true, false) => Some("follows from an answer that was withdrawn"),
            (false, true) => Some("follows from an answer not shown here"),
            (true, true) => Some("follows from answers withdrawn or not shown here"),
        }
    }
}

/// The parent `c` is linked to, when it is one it may be shown under: in the same exercise.
fn parent_of<'a>(session: &'a Session, c: &Contribution) -> Option<&'a Contribution> {
    let p = session.contribution(c.parent.as_deref()?)?;
    (p.exercise == c.exercise && p.id != c.id).then_some(p)
}

/// Where `c` is shown for a viewer who sees the answers `seen` accepts.
pub fn anchor<'a>(
    session: &'a Session,
    c: &Contribution,
    seen: &dyn Fn(&Contribution) -> bool,
) -> Anchor<'a> {
    let mut skipped = Skipped::default();
    let mut at = parent_of(session, c);
    for _ in 0..MAX_DEPTH {
        let Some(p) = at else {
            return Anchor {
                under: None,
                skipped,
            };
        };
        if p.id == c.id {
            break;
        }
        if seen(p) {
            return Anchor {
                under: Some(p),
                skipped,
            };
        }
        if p.is_withdrawn() {
            skipped.withdrawn += 1;
        } else {
            skipped.unseen += 1;
        }
        at = parent_of(session, p);
    }
    // Links that go round (only a hand-made file has them): shown at the top.
    Anchor {
        under: None,
        skipped,
    }
}

/// One answer in an exercise's tree, as a viewer sees it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Node<'a> {
    pub answer: &'a Contribution,
    /// 0 for an answer at the top, 1 under one at the top...
    pub depth: usize,
    pub skipped: Skipped,
    pub children: Vec<Node<'a>>,
}

impl Node<'_> {
    /// How many answers this node holds, itself included.
    pub fn count(&self) -> usize {
        1 + self.children.iter().map(Node::count).sum::<usize>()
    }
}

/// The answers `answers` (one exercise's, as the viewer may see them, in order), each under
/// where it is shown; top-level answers first in the order given, children in the order given.
pub fn build<'a>(
    session: &'a Session,
    answers: &[&'a Contribution],
    seen: &dyn Fn(&Contribution) -> bool,
) -> Vec<Node<'a>> {
    let ids: std::collections::HashSet<&str> = answers.iter().map(|c| c.id.as_str()).collect();
    let mut under: std::collections::HashMap<Option<&str>, Vec<(&'a Contribution, Skipped)>> =
        std::collections::HashMap::new();
    for c in answers {
        let a = anchor(session, c, seen);
        // An anchor outside the list (another slot's answer the caller left out) counts as the top.
        let key = a.under.map(|p| p.id.as_str()).filter(|id| ids.contains(id));
        under.entry(key).or_default().push((c, a.skipped));
    }
    fn grow<'a>(
        key: Option<&str>,
        depth: usize,
        under: &std::collections::HashMap<Option<&str>, Vec<(&'a Contribution, Skipped)>>,
    ) -> Vec<Node<'a>> {
        if depth > MAX_DEPTH {
            return Vec::new();
        }
        under.get(&key).map_or_else(Vec::new, |list| {
            list.iter()
                .map(|(c, skipped)| Node {
                    answer: c,
                    depth,
                    skipped: *skipped,
                    children: grow(Some(&c.id), depth + 1, under),
                })
                .collect()
        })
    }
    grow(None, 0, &under)
}

/// The slots of `slots` whose answers go under no other's (the top of the tree).
pub fn top_slots(slots: &[Slot]) -> Vec<&Slot> {
    slots.iter().filter(|s| s.parent.is_none()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Change, Draft, Scenario};

    fn session() -> Session {
        let scenario: Scenario = serde_json::from_str(
            r#"{"id":"s","title":"S","agenda":[{"id":"w","title":"Wheel","kind":"futures_wheel",
                "centre":"Peer work is regulated"}]}"#,
        )
        .expect("a plan");
        Session::new(scenario, "S".into(), None, vec!["A".into()])
    }

    fn add(s: &mut Session, id: &str, slot: &str, parent: Option<&str>) {
        let c = Draft::new("w", slot, id)
            .parent(parent.map(str::to_owned))
            .into_contribution_with(id.into(), jiff::Timestamp::UNIX_EPOCH);
        s.apply(&Change::Add { contribution: c }).expect("added");
    }

    #[test]
    fn a_child_of_a_withdrawn_answer_is_shown_under_its_grandparent_saying_so() {
        let mut s = session();
        add(&mut s, "a", "first", None);
        add(&mut s, "b", "second", Some("a"));
        add(&mut s, "c", "third", Some("b"));
        let seen = |c: &Contribution| crate::model::sight::on_record(c);
        let c = s.contribution("c").unwrap().clone();
        assert_eq!(
            anchor(&s, &c, &seen).under.map(|p| p.id.as_str()),
            Some("b")
        );
        s.apply(&Change::Withdraw {
            id: "b".into(),
            at: jiff::Timestamp::UNIX_EPOCH,
        })
        .unwrap();
        let a = anchor(&s, &c, &seen);
        assert_eq!(a.under.map(|p| p.id.as_str()), Some("a"));
        assert_eq!(a.skipped.withdrawn, 1);
        let answers: Vec<&Contribution> = s.contributions().iter().filter(|c| seen(c)).collect();
        let tree = build(&s, &answers, &seen);
        assert_eq!(tree.len(), 1);
        assert_eq!(tree[0].children[0].answer.id, "c");
        assert_eq!(tree[0].children[0].depth, 1);
        assert!(
            tree[0].children[0]
                .skipped
                .describe()
                .unwrap()
                .contains("withdrawn")
        );
    }

    #[test]
    fn a_chosen_parent_must_be_of_the_right_slot_and_exercise() {
        let mut s = session();
        add(&mut s, "a", "first", None);
        add(&mut s, "b", "second", Some("a"));
        assert!(check_parent(&s, "w", "second", Some("a")).is_ok());
        assert!(
            check_parent(&s, "w", "third", Some("a"))
                .unwrap_err()
                .contains("`second`")
        );
        assert!(
            check_parent(&s, "w", "first", Some("a"))
                .unwrap_err()
                .contains("no other")
        );
        assert!(
            check_parent(&s, "w", "second", Some("zz"))
                .unwrap_err()
                .contains("no answer")
        );
        assert!(check_parent(&s, "w", "second", None).is_ok());
    }

    #[test]
    fn an_answer_is_refiled_only_where_its_tree_stays_whole() {
        let mut s = session();
        add(&mut s, "a", "first", None);
        add(&mut s, "b", "second", Some("a"));
        add(&mut s, "c", "first", None);
        // Within its slot (another group), always.
        assert!(check_move(&s, "a", "w", "first").is_ok());
        // With an answer under it: refused, saying what to do.
        let e = check_move(&s, "a", "w", "second").unwrap_err();
        assert!(e.contains("1 answer goes under it"), "{e}");
        // Under a 1st-order answer, it cannot become 1st or 3rd order itself.
        assert!(check_move(&s, "b", "w", "first").is_err());
        assert!(check_move(&s, "b", "w", "third").is_err());
        // Nothing under it and nothing it goes under: free to move.
        assert!(check_move(&s, "c", "w", "second").is_ok());
        // Once what went under it is withdrawn, it may move.
        s.apply(&Change::Withdraw {
            id: "b".into(),
            at: jiff::Timestamp::UNIX_EPOCH,
        })
        .unwrap();
        assert!(check_move(&s, "a", "w", "second").is_ok());
    }
}
