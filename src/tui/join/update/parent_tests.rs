//! The note-taker's box and the answer it goes under: the newest the server told of, another
//! with the key, this group's own new one at once; sent as the request's `parent`.

use super::tests::{ctrl_key, exercise, key, slot, type_text};
use super::*;
use crate::net::api::{Answer, Event, ParentChoice, SessionReply};
use crate::net::client::LinkEvent;
use crate::tui::theme::Theme;

fn wheel() -> ExerciseInfo {
    let mut second = slot("second", "2nd order consequences");
    second.parent_slot = Some("first".into());
    let mut e = exercise(
        "wheel",
        vec![slot("first", "1st order consequences"), second],
    );
    e.kind = "futures_wheel".into();
    e
}

fn parent(id: &str, text: &str, group: &str) -> ParentChoice {
    ParentChoice {
        id: id.into(),
        slot: "first".into(),
        text: text.into(),
        group: Some(group.into()),
    }
}

fn queued(effects: Vec<JoinEffect>) -> ContributionRequest {
    match effects.as_slice() {
        [JoinEffect::Queue { request, .. }] => request.clone(),
        other => panic!("expected one Queue effect, got {other:?}"),
    }
}

#[test]
fn a_consequence_is_sent_under_the_parent_the_box_names() {
    let mut s = JoinState::new(
        "http://127.0.0.1:7878/".into(),
        "Table 1".into(),
        Theme::plain(),
    );
    update(
        &mut s,
        JoinAction::Link(LinkEvent::Session(Box::new(SessionReply {
            parents: vec![
                parent("p1", "More peer jobs", "Table 2"),
                parent("p2", "Training costs rise", "Table 2"),
            ],
            title: "Wheel".into(),
            group: Some("Table 1".into()),
            exercise: wheel(),
            answers: Vec::new(),
            rounds: Vec::new(),
            withdrawn: Vec::new(),
        }))),
    );
    // A 1st-order consequence goes under none.
    type_text(&mut s, "Fewer hires");
    assert_eq!(queued(update(&mut s, key(KeyCode::Enter))).parent, None);
    update(&mut s, JoinAction::Queued);
    update(&mut s, key(KeyCode::Tab));
    assert_eq!(
        s.current_parent().map(|p| p.id.as_str()),
        Some("p2"),
        "the newest"
    );
    update(&mut s, ctrl_key('o'));
    assert_eq!(s.current_parent().map(|p| p.id.as_str()), Some("p1"));
    type_text(&mut s, "Wages rise");
    let r = queued(update(&mut s, key(KeyCode::Enter)));
    assert_eq!(
        (r.slot.as_str(), r.parent.as_deref()),
        ("second", Some("p1"))
    );
    update(&mut s, JoinAction::Queued);
    // This group's own new 1st-order consequence can be gone under at once.
    update(
        &mut s,
        JoinAction::Link(LinkEvent::Event(Event::Answer {
            answer: Answer {
                parent: None,
                id: "p3".into(),
                exercise: "wheel".into(),
                slot: "first".into(),
                group: Some("Table 1".into()),
                text: "Fewer hires".into(),
                fields: Default::default(),
                at: "2026-01-01T10:00:00Z".into(),
            },
        })),
    );
    update(&mut s, ctrl_key('o'));
    update(&mut s, ctrl_key('o'));
    assert_eq!(s.current_parent().map(|p| p.id.as_str()), Some("p3"));
}
