//! The note-taker screen keeps one unsaved entry per slot, as the facilitator's does: moving
//! never drops or moves typed text, Esc never types, and the drafts file keeps every entry.

use super::tests::{conflicts, ctrl_key, key, session, state, type_text, with};
use super::*;
use crate::net::api::{Event, FieldInfo, SlotInfo};
use crate::net::client::LinkEvent;
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
        parent_slot: None,
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

#[test]
fn esc_then_a_letter_arriving_as_alt_letter_leaves_the_box_then_runs_the_letter() {
    let mut s = state();
    type_text(&mut s, "kept");
    // Esc z typed quickly: one Alt-z event. Out of the box; z is no key there: never typed.
    update(&mut s, with(KeyCode::Char('z'), KeyModifiers::ALT));
    assert_eq!(s.focus, Focus::Select);
    assert_eq!(texts(&s), vec!["kept"], "no letter landed in the box");
    assert!(s.status.as_deref().unwrap().contains("Not a key here"));
    // Esc i: out and straight back in, the entry as it was.
    update(&mut s, with(KeyCode::Char('i'), KeyModifiers::ALT));
    assert_eq!(s.focus, Focus::Capture);
    assert_eq!(texts(&s), vec!["kept"]);
    for c in ['T', '5'] {
        let m = KeyModifiers::ALT | KeyModifiers::SHIFT;
        update(&mut s, with(KeyCode::Char(c), m));
        assert_eq!(s.focus, Focus::Select, "Alt-{c} left the box");
        assert_eq!(texts(&s), vec!["kept"], "Alt-{c} typed nothing");
        update(&mut s, key(KeyCode::Char('i')));
    }
    // The box's own Alt keys keep their meaning (Alt-B: a word left).
    update(&mut s, with(KeyCode::Char('b'), KeyModifiers::ALT));
    assert_eq!(s.focus, Focus::Capture, "Alt-B is the box's");
    // A key the keys file gives to a command keeps it.
    s.keymap = crate::tui::keymap::Keymap::with_file("[join]\nvote_panel = \"Alt-v\"\n").unwrap();
    update(&mut s, with(KeyCode::Char('v'), KeyModifiers::ALT));
    assert_eq!(
        s.focus,
        Focus::Capture,
        "Alt-V runs its command, in the box"
    );
}

/// Types `text`, sends it, and has the server refuse it: its id.
fn refused(s: &mut JoinState, text: &str) -> String {
    type_text(s, text);
    let effects = update(s, key(KeyCode::Enter));
    let [JoinEffect::Queue { request, .. }] = effects.as_slice() else {
        panic!("{effects:?}")
    };
    let id = request.id.clone();
    update(s, JoinAction::Queued);
    update(
        s,
        JoinAction::Link(LinkEvent::Refused {
            id: id.clone(),
            status: 422,
            message: "no such slot".into(),
        }),
    );
    id
}

#[test]
fn a_correction_is_that_refused_answers_own_entry_kept_when_moving_away_and_back() {
    let mut s = state();
    let bad = refused(&mut s, "bad");
    type_text(&mut s, "new one");
    update(&mut s, key(KeyCode::Esc));
    assert_eq!(s.selected.as_deref(), Some(bad.as_str()));
    update(&mut s, key(KeyCode::Char('e')));
    assert_eq!(s.fixing.as_deref(), Some(bad.as_str()));
    assert_eq!(texts(&s), vec!["bad"], "the refused text, to correct");
    type_text(&mut s, " fixed");
    // Away to the next slot and back: the slot's own entry comes back, not the correction.
    update(&mut s, key(KeyCode::Tab));
    assert_eq!(s.fixing, None);
    assert_eq!(s.current_slot().unwrap().id, "q4");
    assert_eq!(texts(&s), vec![""]);
    update(&mut s, with(KeyCode::BackTab, KeyModifiers::SHIFT));
    assert_eq!(texts(&s), vec!["new one"], "the slot's entry waited there");
    // e on the refused answer: the correction as it was left.
    update(&mut s, key(KeyCode::Esc));
    s.selected = Some(bad.clone());
    update(&mut s, key(KeyCode::Char('e')));
    assert_eq!(
        texts(&s),
        vec!["bad fixed"],
        "the correction waited as that answer's"
    );
    // Esc leaves it waiting, the box's own entry back; the drafts file keeps both, apart.
    update(&mut s, key(KeyCode::Esc));
    assert_eq!((s.fixing.as_deref(), s.focus), (None, Focus::Select));
    assert_eq!(texts(&s), vec!["new one"]);
    assert!(s.parked.contains_key(&EntryPlace::Edit(bad.clone())));
    let d = s.draft();
    assert_eq!(d.boxes, vec!["new one"]);
    assert!(
        d.parked
            .iter()
            .any(|p| p.corrects.as_deref() == Some(bad.as_str()) && p.boxes == ["bad fixed"]),
        "{d:?}"
    );
    // Over a restart too.
    let mine = s.mine.clone();
    let mut s = JoinState::new("http://x".into(), "Table 1".into(), Theme::plain());
    s.mine = mine;
    s.restore(&d);
    update(&mut s, session(super::tests::pathways(), Vec::new()));
    assert_eq!(texts(&s), vec!["new one"]);
    update(&mut s, key(KeyCode::Esc));
    s.selected = Some(bad.clone());
    update(&mut s, key(KeyCode::Char('e')));
    assert_eq!(texts(&s), vec!["bad fixed"]);
    // Sent: it replaces the refused one, and the box goes back to the slot's entry.
    match update(&mut s, key(KeyCode::Enter)).as_slice() {
        [JoinEffect::Queue { request, replaces }] => {
            assert_eq!(request.text, "bad fixed");
            assert_eq!(replaces.as_deref(), Some(bad.as_str()));
        }
        other => panic!("{other:?}"),
    }
    update(&mut s, JoinAction::Queued);
    assert_eq!(s.fixing, None);
    assert!(s.refused(&bad).is_none());
    assert_eq!(texts(&s), vec!["new one"]);
    assert!(s.parked.is_empty(), "{:?}", s.parked);
}

#[test]
fn an_unchanged_correction_left_is_no_entry() {
    let mut s = state();
    let bad = refused(&mut s, "bad");
    update(&mut s, key(KeyCode::Esc));
    update(&mut s, key(KeyCode::Char('e')));
    assert_eq!(texts(&s), vec!["bad"]);
    update(&mut s, key(KeyCode::Esc));
    assert!(s.parked.is_empty(), "{:?}", s.parked);
    assert!(s.status.as_deref().unwrap().contains("Not corrected"));
    assert!(
        s.refused(&bad).is_some(),
        "the refused answer stays, marked"
    );
}

#[test]
fn a_paste_under_the_help_or_the_quit_question_lands_nowhere() {
    let mut s = state();
    type_text(&mut s, "kept");
    s.help = true;
    update(&mut s, JoinAction::Paste("under help".into()));
    assert_eq!(texts(&s), vec!["kept"]);
    s.help = false;
    s.quit_ask = true;
    update(&mut s, JoinAction::Paste("under the question".into()));
    assert_eq!(texts(&s), vec!["kept"]);
}

#[test]
fn a_refused_answer_whose_question_is_gone_can_be_chosen_and_corrected_here() {
    let mut s = state();
    let lost = |id: &str, exercise: &str, slot: &str| Mine {
        request: ContributionRequest {
            parent: None,
            id: id.into(),
            exercise: exercise.into(),
            slot: slot.into(),
            group: "Table 1".into(),
            text: format!("typed for {exercise}/{slot}"),
            fields: Default::default(),
        },
        state: MineState::Failed("no such slot".into()),
    };
    // One for a question taken out of this exercise, one for an exercise this run never saw.
    s.mine.push(lost("gone", "pathways", "q9"));
    s.mine.push(lost("away", "retired", "q1"));
    let here = s.current_slot().unwrap().id.clone();
    let shown: Vec<String> = s.slot_answers().iter().map(|a| a.id.to_owned()).collect();
    assert!(
        shown.contains(&"gone".to_owned()) && shown.contains(&"away".to_owned()),
        "{shown:?}"
    );
    let out = screen(&s);
    assert!(out.contains("typed for pathways/q9"), "{out}");
    assert!(out.contains("a question not open here"), "{out}");
    // Tab to another slot: still there to choose.
    update(&mut s, key(KeyCode::Tab));
    assert!(s.slot_answers().iter().any(|a| a.id == "gone"));
    update(&mut s, with(KeyCode::BackTab, KeyModifiers::SHIFT));
    // Chosen and corrected: saved under the slot the box shows, replacing the refused one.
    update(&mut s, key(KeyCode::Esc));
    s.selected = Some("gone".into());
    update(&mut s, key(KeyCode::Char('e')));
    assert_eq!(s.fixing.as_deref(), Some("gone"));
    assert_eq!(texts(&s), vec!["typed for pathways/q9"]);
    type_text(&mut s, " again");
    match update(&mut s, key(KeyCode::Enter)).as_slice() {
        [JoinEffect::Queue { request, replaces }] => {
            assert_eq!(request.text, "typed for pathways/q9 again");
            assert_eq!(
                (request.exercise.as_str(), request.slot.as_str()),
                ("pathways", here.as_str())
            );
            assert_eq!(replaces.as_deref(), Some("gone"));
        }
        other => panic!("{other:?}"),
    }
    update(&mut s, JoinAction::Queued);
    assert!(s.refused("gone").is_none());
    assert!(
        s.slot_answers().iter().any(|a| a.id == "away"),
        "the other still waits"
    );
}

#[test]
fn an_exercise_holding_a_refused_answer_stays_reachable() {
    let mut s = state();
    let bad = refused(&mut s, "bad");
    // The facilitator moves on: the refused answer's exercise can still be gone back to.
    let next = super::tests::exercise("next", Vec::new());
    agenda(&mut s, next);
    assert!(
        s.reachable().iter().any(|e| e.id == "pathways"),
        "{:?}",
        s.reachable().iter().map(|e| &e.id).collect::<Vec<_>>()
    );
    assert!(s.refused(&bad).is_some());
}

/// The screen at 80×24, as text.
fn screen(s: &JoinState) -> String {
    let mut t = ratatui::Terminal::new(ratatui::backend::TestBackend::new(80, 24)).unwrap();
    t.draw(|f| crate::tui::join::view::view(s, f)).unwrap();
    let buf = t.backend().buffer().clone();
    (0..24)
        .map(|y| (0..80).map(|x| buf[(x, y)].symbol()).collect::<String>() + "\n")
        .collect()
}
