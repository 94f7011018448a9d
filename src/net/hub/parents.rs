//! The answers a note-taker can put an answer under (a wheel's 1st-order consequences for a
//! 2nd-order one), as `/api/session` lists them and the `parents` event sends them again.

use super::Saved;
use crate::model::Exercise;
use crate::model::sight::{self, Viewer};
use crate::model::{Change, Session};
use crate::net::api::ParentChoice;

/// What a batch of saved changes alters of the current exercise as note-takers see it. Worked
/// out once, by whoever announces the batch, so that each of many followers need not look.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Alters {
    /// Its words: a centre picked live or its seed's words changed, this session's wording,
    /// the room's axes (an `exercise` event).
    pub words: bool,
    /// The answers another can go under (a `parents` event).
    pub parents: bool,
}

/// What `changes`, just applied to `s`, alter of the agenda's exercise `current`.
pub(super) fn alters(s: &Session, current: usize, changes: &[Saved]) -> Alters {
    let Some(exercise) = s.scenario.agenda.get(current) else {
        return Alters::default();
    };
    let id = exercise.id.as_str();
    let seed = s.convergence.seeds.get(id).map(|x| x.from.as_str());
    let parent_slots: Vec<String> = exercise
        .slots()
        .into_iter()
        .filter_map(|slot| slot.parent)
        .collect();
    let mut out = Alters::default();
    for saved in changes {
        if let Change::SeedFrom { exercise, .. }
        | Change::SetWording { exercise, .. }
        | Change::ChooseAxes { exercise, .. } = &saved.change
        {
            out.words |= exercise == id;
        }
        let parents = !parent_slots.is_empty();
        // Answers hidden until revealed, or revealed: the list shows what the room may see.
        if let Change::SetConcealed { exercise, .. } = &saved.change {
            out.parents |= parents && exercise == id;
        }
        if let Some(c) = saved.after() {
            out.words |= seed == Some(c.id.as_str());
            out.parents |= parents
                && c.exercise == id
                && (parent_slots.contains(&c.slot) || matches!(saved.change, Change::Move { .. }));
        }
    }
    out
}

/// Every answer of `exercise`'s slots that another slot goes under, every group's that `viewer`
/// may see, oldest first.
pub(super) fn choices(s: &Session, exercise: &Exercise, viewer: Viewer) -> Vec<ParentChoice> {
    let parent_slots: Vec<String> = exercise
        .slots()
        .into_iter()
        .filter_map(|slot| slot.parent)
        .collect();
    let mut parents: Vec<_> = parent_slots
        .iter()
        .flat_map(|slot| s.in_slot(&exercise.id, slot))
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Draft;

    fn wheel() -> Session {
        let scenario: crate::model::Scenario = serde_json::from_str(
            r#"{"id":"s","title":"S","agenda":[
                {"id":"w","title":"Wheel","kind":"futures_wheel","centre":"Peer work is paid"},
                {"id":"q","title":"Round","kind":"prompt_round","questions":[{"id":"q1","text":"Why?"}]}]}"#,
        )
        .expect("a plan");
        Session::new(scenario, "S".into(), None, vec!["A".into()])
    }

    fn saved(s: &mut Session, exercise: &str, slot: &str) -> Vec<Saved> {
        let change = Change::Add {
            contribution: Draft::new(exercise, slot, "words")
                .group(Some("A".into()))
                .into_contribution(),
        };
        s.apply(&change).expect("added");
        vec![Saved::of(s, change, None)]
    }

    /// A batch is looked at once for what it alters: an answer others can go under alters the
    /// list of parents; an outermost ring's answer, or another exercise's, alters nothing; a
    /// new wording alters the exercise's words.
    #[test]
    fn a_batch_alters_the_parents_only_with_an_answer_another_can_go_under() {
        let mut s = wheel();
        let first = saved(&mut s, "w", "first");
        assert_eq!(
            alters(&s, 0, &first),
            Alters {
                words: false,
                parents: true
            }
        );
        let third = saved(&mut s, "w", "third");
        assert_eq!(alters(&s, 0, &third), Alters::default());
        let elsewhere = saved(&mut s, "q", "q1");
        assert_eq!(alters(&s, 0, &elsewhere), Alters::default());
        assert_eq!(
            alters(&s, 1, &first),
            Alters::default(),
            "another exercise is on"
        );
        let reword = Change::SetWording {
            exercise: "w".into(),
            field: crate::model::words::Field::Question,
            text: Some("Peer work is regulated".into()),
            at: jiff::Timestamp::now(),
        };
        s.apply(&reword).expect("reworded");
        let words = alters(&s, 0, &[Saved::of(&s, reword, None)]);
        assert!(words.words && !words.parents);
        let conceal = |exercise: &str| Change::SetConcealed {
            exercise: exercise.into(),
            concealed: true,
        };
        let hidden = alters(&s, 0, &[Saved::of(&s, conceal("w"), None)]);
        assert!(hidden.parents, "the wheel's answers hidden until revealed");
        let elsewhere = alters(&s, 0, &[Saved::of(&s, conceal("q"), None)]);
        assert_eq!(
            elsewhere,
            Alters::default(),
            "another exercise's answers hidden"
        );
    }
}
