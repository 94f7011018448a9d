//! The note-taker screen keeps one unsaved entry per slot, as the facilitator's does: moving
//! never drops or moves typed text, Esc never types, and the drafts file keeps every entry.

use super::tests::{conflicts, ctrl_key, key, session, state, type_text, with};
use super::*;
use crate::net::api::{Event, FieldInfo, SlotInfo};
use crate::tui::join::state::JoinState;
use crate::tui::theme::Theme;
use ratatui::crossterm::event::KeyModifiers;

/// An exercise of two slots, each with two free-text fields.
pub(super) fn pairs() -> ExerciseInfo {
    let field = |name: &str| FieldInfo {
        name: name.into(),
        label: name.into(),
        required: false,
        choices: Vec::new(),
    };
    let slot = |id: &str| SlotInfo {
        id: id.into(),
        label: id.into(),
        text_label: "approach".into(),
        text_optional: false,
        fields: vec![field("benefits"), field("risks")],
    };
    let mut e = super::tests::exercise("pairs", vec![slot("a"), slot("b")]);
    e.kind = "value_conflict".into();
    e
}

fn agenda(s: &mut JoinState, e: ExerciseInfo) {
    update(
        s,
        JoinAction::Link(LinkEvent::Event(Event::Agenda { exercise: e })),
    );
}

fn texts(s: &JoinState) -> Vec<String> {
    s.capture.iter().map(|b| b.text().to_owned()).collect()
}

#[test]
fn esc_never_starts_typing_and_i_does() {
    let mut s = state();
    update(&mut s, key(KeyCode::Esc));
    assert_eq!(s.focus, Focus::Select);
    update(&mut s, key(KeyCode::Esc));
    assert_eq!(s.focus, Focus::Select, "Esc only leaves or closes");
    for c in "sex".chars() {
        update(&mut s, key(KeyCode::Char(c)));
    }
    assert_eq!(s.focus, Focus::Select);
    assert_eq!(texts(&s), vec![""], "no letter lands in the box");
    update(&mut s, key(KeyCode::Char('i')));
    assert_eq!(s.focus, Focus::Capture);
    assert_eq!(texts(&s), vec![""]);
    type_text(&mut s, "now");
    assert_eq!(texts(&s), vec!["now"]);
}

#[test]
fn each_slot_keeps_its_own_entry_every_field_and_the_focus() {
    let mut s = state();
    agenda(&mut s, pairs());
    type_text(&mut s, "Disclose");
    update(&mut s, ctrl_key('f'));
    type_text(&mut s, "trust");
    update(&mut s, key(KeyCode::Tab));
    assert_eq!(s.current_slot().unwrap().id, "b");
    assert_eq!(texts(&s), vec!["", "", ""], "the next slot starts empty");
    assert_eq!(s.capture_field, 0);
    type_text(&mut s, "Wait");
    update(&mut s, with(KeyCode::BackTab, KeyModifiers::SHIFT));
    assert_eq!(s.current_slot().unwrap().id, "a");
    assert_eq!(texts(&s), vec!["Disclose", "trust", ""]);
    assert_eq!(s.capture_field, 1, "the focus comes back too");
    update(&mut s, key(KeyCode::Tab));
    assert_eq!(texts(&s), vec!["Wait", "", ""]);
    // Each is sent to its own slot.
    let r = match update(&mut s, key(KeyCode::Enter)).as_slice() {
        [JoinEffect::Queue { request, .. }] => request.clone(),
        other => panic!("{other:?}"),
    };
    assert_eq!((r.slot.as_str(), r.text.as_str()), ("b", "Wait"));
    update(&mut s, JoinAction::Queued);
    update(&mut s, key(KeyCode::Tab));
    assert_eq!(texts(&s), vec!["Disclose", "trust", ""]);
}

#[test]
fn a_field_the_next_slot_lacks_neither_blocks_nor_is_dropped() {
    // pathways' slots have no fields; the first exercise's typed field waits in its slot.
    let mut s = state();
    update(&mut s, key(KeyCode::Tab));
    type_text(&mut s, "q4 text");
    update(&mut s, key(KeyCode::Tab));
    assert_eq!(s.current_slot().unwrap().id, "q1");
    assert_eq!(texts(&s), vec![""], "the text did not move with the box");
    update(&mut s, key(KeyCode::Tab));
    assert_eq!(texts(&s), vec!["q4 text"]);
}

#[test]
fn following_the_facilitator_leaves_the_entry_where_it_was_typed() {
    let mut s = state();
    update(&mut s, key(KeyCode::Tab));
    type_text(&mut s, "half typed");
    agenda(&mut s, conflicts());
    assert!(s.behind());
    update(&mut s, ctrl_key('n'));
    assert!(!s.behind());
    assert_eq!(s.target.as_ref().unwrap().id, "conflicts");
    assert_eq!(texts(&s), vec!["", "", ""], "the text did not move");
    type_text(&mut s, "new one");
    // Back to the entry waiting in the exercise left behind, and forth again.
    update(&mut s, ctrl_key('p'));
    assert_eq!(s.target.as_ref().unwrap().id, "pathways");
    assert_eq!(s.current_slot().unwrap().id, "q4");
    assert_eq!(texts(&s), vec!["half typed"]);
    update(&mut s, ctrl_key('n'));
    assert_eq!(texts(&s), vec!["new one", "", ""]);
}

#[test]
fn the_drafts_keep_every_entry_and_bring_them_back() {
    let mut s = state();
    agenda(&mut s, pairs());
    type_text(&mut s, "first");
    update(&mut s, ctrl_key('f'));
    type_text(&mut s, "pro");
    update(&mut s, key(KeyCode::Tab));
    type_text(&mut s, "second");
    let effects = update(&mut s, JoinAction::Quit);
    let [JoinEffect::KeepDraft(d), JoinEffect::Quit] = &effects[..] else {
        panic!("{effects:?}")
    };
    let mut again = JoinState::new("http://x".into(), "Table 1".into(), Theme::plain());
    again.restore(d);
    update(&mut again, session(pairs(), Vec::new()));
    assert_eq!(again.current_slot().unwrap().id, "b");
    assert_eq!(texts(&again), vec!["second", "", ""]);
    update(&mut again, key(KeyCode::Tab));
    assert_eq!(texts(&again), vec!["first", "pro", ""]);
    assert_eq!(again.capture_field, 1);
}

#[test]
fn a_draft_already_in_the_outbox_is_not_offered_again() {
    // Sent, then the drafts file still held the text (a crash before it was rewritten).
    let mut s = state();
    type_text(&mut s, "sent once");
    let stale = s.draft();
    let r = match update(&mut s, key(KeyCode::Enter)).as_slice() {
        [JoinEffect::Queue { request, .. }] => request.clone(),
        other => panic!("{other:?}"),
    };
    update(&mut s, JoinAction::Queued);
    let outbox = crate::net::outbox::Entry {
        request: r,
        queued: String::new(),
        failed: None,
    };
    let mut again = JoinState::new("http://x".into(), "Table 1".into(), Theme::plain())
        .with_outbox(std::slice::from_ref(&outbox));
    assert!(!again.restore(&stale), "nothing came back");
    assert_eq!(texts(&again), vec![""]);
}
