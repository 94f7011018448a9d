//! Capture a note-taker can trust, driven by key sequences through the pure update: fields
//! never swap, quitting never throws typing away, undo means typing, each exercise keeps its
//! own timer, no mark is chosen for the group, role clarity moves by row and column, the group
//! picker says where an answer went, and reopening returns to the same place.

mod common;

use std::time::{Duration, Instant};

use hearth::model::{Change, Session};
use hearth::tui::action::{Action, Effect};
use hearth::tui::state::{Focus, Run, Screen, State};
use hearth::tui::theme::Theme;
use hearth::tui::update;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

fn state_at(exercise: &str) -> State {
    let scenario = common::all_kinds();
    let groups = scenario.suggested_groups.clone();
    let session = Session::new(scenario, "Test".into(), None, groups);
    let mut run = Run::new("test.json".into(), session);
    let i = run
        .session
        .scenario
        .agenda
        .iter()
        .position(|e| e.id == exercise)
        .expect("the fixture has this exercise");
    run.park_timer_and_go(i);
    run.reset_fields();
    State::new(Screen::Run(Box::new(run)), Theme::plain(), 7)
}

fn run(s: &State) -> &Run {
    s.run().unwrap()
}

fn key(code: KeyCode) -> Action {
    Action::Key(KeyEvent::new(code, KeyModifiers::NONE))
}

fn ctrl(c: char) -> Action {
    Action::Key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::CONTROL))
}

fn type_text(s: &mut State, text: &str) {
    for c in text.chars() {
        update(s, key(KeyCode::Char(c)));
    }
}

/// Sends an action and answers every Persist with success, as the event loop does once the
/// journal line is synced. Returns the changes written and the other effects.
fn send(s: &mut State, action: Action) -> (Vec<Change>, Vec<Effect>) {
    let mut written = Vec::new();
    let mut other = Vec::new();
    let mut effects = update(s, action);
    while !effects.is_empty() {
        let mut next = Vec::new();
        for effect in effects {
            if let Effect::Persist(changes) = effect {
                written.extend(changes);
                next.extend(update(s, Action::Persisted));
            } else {
                other.push(effect);
            }
        }
        effects = next;
    }
    (written, other)
}

fn added(written: &[Change]) -> &hearth::model::Contribution {
    match written {
        [Change::Add { contribution }] => contribution,
        _ => panic!("one add: {written:?}"),
    }
}

#[test]
fn after_enter_the_next_entry_starts_in_its_first_field() {
    // Value conflict: approach | benefits | risks, two rows one after another.
    let mut s = state_at("conflict");
    for row in 1..=2 {
        type_text(&mut s, &format!("approach {row}"));
        update(&mut s, ctrl('f'));
        type_text(&mut s, &format!("benefits {row}"));
        update(&mut s, ctrl('f'));
        type_text(&mut s, &format!("risks {row}"));
        let (written, _) = send(&mut s, key(KeyCode::Enter));
        let c = added(&written);
        assert_eq!(c.text, format!("approach {row}"));
        assert_eq!(c.fields["benefits"], format!("benefits {row}"));
        assert_eq!(c.fields["risks"], format!("risks {row}"));
        assert_eq!(run(&s).capture_field, 0, "back in the first field");
    }
    // Triangle: item, elaboration, then the next item; Ctrl-G between them.
    let mut s = state_at("triangle");
    type_text(&mut s, "Technology");
    update(&mut s, ctrl('f'));
    type_text(&mut s, "Apps and telehealth");
    send(&mut s, key(KeyCode::Enter));
    update(&mut s, ctrl('f'));
    update(&mut s, ctrl('g'));
    assert_eq!(
        run(&s).capture_field,
        1,
        "a group change re-targets the entry and leaves the focus where it is"
    );
    assert_eq!(run(&s).group_name(), Some("Table 2"));
    update(&mut s, ctrl('f'));
    type_text(&mut s, "Funding");
    let (written, _) = send(&mut s, key(KeyCode::Enter));
    let c = added(&written);
    assert_eq!(
        (c.text.as_str(), c.fields.get("elaboration")),
        ("Funding", None)
    );
    assert_eq!(c.group.as_deref(), Some("Table 2"));
}

#[test]
fn a_scenario_title_after_a_saved_scenario_is_a_title_not_pole_choices() {
    let mut s = state_at("scenarios");
    // The first slot is a quadrant's scenario: title, then its poles.
    let fields: Vec<String> = run(&s)
        .current_slot()
        .fields
        .iter()
        .map(|f| f.name.to_owned())
        .collect();
    type_text(&mut s, "Peer-led futures");
    for _ in &fields {
        update(&mut s, ctrl('f'));
    }
    let (written, _) = send(&mut s, key(KeyCode::Enter));
    let first = added(&written).clone();
    type_text(&mut s, "Another title");
    let (written, _) = send(&mut s, key(KeyCode::Enter));
    let second = added(&written);
    assert_eq!(first.text, "Peer-led futures");
    assert_eq!(second.text, "Another title");
    assert_eq!(second.fields, first.fields, "no pole changed by typing");
}

#[test]
fn quitting_with_unsaved_text_asks_save_discard_or_go_back() {
    let mut s = state_at("pathways");
    type_text(&mut s, "half a thought");
    assert!(update(&mut s, ctrl('q')).is_empty(), "asks first");
    assert!(s.quit_ask && !s.quit);
    // Go back: nothing changes.
    update(&mut s, key(KeyCode::Esc));
    assert!(!s.quit_ask && !s.quit);
    assert_eq!(run(&s).capture[0].text(), "half a thought");
    // Ctrl-C asks the same.
    update(&mut s, ctrl('c'));
    assert!(s.quit_ask);
    // Save it: written, then quit.
    let (written, other) = send(&mut s, key(KeyCode::Char('s')));
    assert_eq!(added(&written).text, "half a thought");
    assert!(s.quit);
    assert!(matches!(other.last(), Some(Effect::Quit)));

    // Discard: quits, and the drafts file keeps no text.
    let mut s = state_at("pathways");
    type_text(&mut s, "never mind");
    update(&mut s, ctrl('q'));
    let (written, other) = send(&mut s, key(KeyCode::Char('d')));
    assert!(written.is_empty());
    let [Effect::KeepUnsaved(u), Effect::Quit] = &other[..] else {
        panic!("{other:?}")
    };
    assert!(!u.has_text());

    // A save that fails keeps the app open, with the text.
    let mut s = state_at("pathways");
    type_text(&mut s, "disk is full");
    update(&mut s, ctrl('q'));
    let effects = update(&mut s, key(KeyCode::Char('s')));
    assert!(matches!(&effects[..], [Effect::Persist(_)]));
    update(&mut s, Action::PersistFailed("no space left".into()));
    assert!(!s.quit && !s.quit_ask);
    assert_eq!(run(&s).capture[0].text(), "disk is full");
    assert_eq!(run(&s).last_saved, None, "no \"saved\" under a failure");
}

#[test]
fn a_signal_keeps_the_typing_as_a_draft() {
    let mut s = state_at("triangle");
    type_text(&mut s, "Item typed");
    update(&mut s, ctrl('f'));
    type_text(&mut s, "its elaboration");
    let effects = update(&mut s, Action::Quit);
    let [Effect::KeepUnsaved(u), Effect::Quit] = &effects[..] else {
        panic!("{effects:?}")
    };
    assert_eq!(u.entry.text, "Item typed");
    assert_eq!(u.entry.fields["elaboration"], "its elaboration");
    assert_eq!(u.entry.exercise, "triangle");

    // Reopening puts it back where it was typed.
    let mut other = state_at("round");
    let Screen::Run(r) = &mut other.screen else {
        panic!()
    };
    r.restore(u);
    assert_eq!(r.current_exercise().id, "triangle");
    assert_eq!(r.capture[0].text(), "Item typed");
    assert_eq!(r.capture[1].text(), "its elaboration");
    assert_eq!(
        r.capture_field, 1,
        "the focus comes back to the field it was in"
    );
}

#[test]
fn typing_is_kept_in_the_drafts_file_on_the_clock_only_when_it_changed() {
    let mut s = state_at("pathways");
    let t0 = Instant::now();
    let drafts = |effects: Vec<Effect>| -> Vec<hearth::model::Unsaved> {
        effects
            .into_iter()
            .filter_map(|e| match e {
                Effect::KeepUnsaved(u) => Some(u),
                _ => None,
            })
            .collect()
    };
    assert_eq!(
        drafts(update(&mut s, Action::Tick(t0))).len(),
        1,
        "the place"
    );
    type_text(&mut s, "typed");
    assert!(
        drafts(update(
            &mut s,
            Action::Tick(t0 + Duration::from_millis(500))
        ))
        .is_empty(),
        "at most every two seconds"
    );
    let kept = drafts(update(&mut s, Action::Tick(t0 + Duration::from_secs(3))));
    assert_eq!(kept.len(), 1);
    assert_eq!(kept[0].entry.text, "typed");
    assert!(
        drafts(update(&mut s, Action::Tick(t0 + Duration::from_secs(6)))).is_empty(),
        "unchanged: not written again"
    );
}

#[test]
fn ctrl_z_undoes_typing_and_never_takes_a_saved_answer_back() {
    let mut s = state_at("pathways");
    type_text(&mut s, "saved answer");
    send(&mut s, key(KeyCode::Enter));
    type_text(&mut s, "next");
    let (written, _) = send(&mut s, ctrl('z'));
    assert!(written.is_empty(), "no change to the session: {written:?}");
    assert_eq!(run(&s).capture[0].text(), "", "the typing is undone");
    let (written, _) = send(&mut s, ctrl('y'));
    assert!(written.is_empty());
    assert_eq!(run(&s).capture[0].text(), "next", "and redone");
    let saved = run(&s).session.contributions();
    assert!(saved.iter().all(|c| !c.hidden));
    // In selection, Ctrl-Z says where undo lives instead of acting.
    update(&mut s, key(KeyCode::Esc));
    let (written, _) = send(&mut s, ctrl('z'));
    assert!(written.is_empty());
    assert!(s.status.as_deref().unwrap_or("").contains("u takes back"));
}

#[test]
fn each_exercise_keeps_its_own_timer() {
    let mut s = state_at("round"); // 10 minutes
    let t0 = Instant::now();
    s.now = t0;
    update(&mut s, key(KeyCode::F(7)));
    assert!(run(&s).timer.running());
    update(&mut s, ctrl('n')); // triangle, 30 minutes
    assert!(!run(&s).timer.running(), "the new exercise's own timer");
    assert_eq!(run(&s).timer.total, Duration::from_secs(30 * 60));
    assert_eq!(run(&s).other_running_timer(), Some(0), "the first is named");
    // The parked one still rings when its time is up.
    let effects = update(&mut s, Action::Tick(t0 + Duration::from_secs(10 * 60 + 1)));
    assert!(effects.contains(&Effect::Bell));
    assert!(
        s.status
            .as_deref()
            .unwrap_or("")
            .contains("Consciousness raising")
    );
    update(&mut s, ctrl('p'));
    assert!(run(&s).timer.rang && run(&s).timer.total == Duration::from_secs(10 * 60));
}

#[test]
fn marks_start_empty_and_a_mark_is_asked_for() {
    let mut s = state_at("roles");
    assert_eq!(run(&s).capture[1].text(), "", "nothing chosen");
    let (written, _) = send(&mut s, key(KeyCode::Enter));
    assert!(written.is_empty(), "a stray Enter records nothing");
    let said = s.status.clone().unwrap_or_default();
    assert!(
        said.contains("choose the mark") && said.contains("Yes"),
        "{said}"
    );
    update(&mut s, key(KeyCode::Char('y')));
    let (written, _) = send(&mut s, key(KeyCode::Enter));
    assert_eq!(added(&written).fields["mark"], "Yes");
    assert_eq!(run(&s).capture[1].text(), "", "the next cell starts empty");
    // Checklists too.
    let mut s = state_at("ready");
    let (written, _) = send(&mut s, key(KeyCode::Enter));
    assert!(written.is_empty());
}

#[test]
fn role_clarity_moves_by_row_column_and_number() {
    let mut s = state_at("roles"); // activities 1, 2 × criteria a, h
    assert_eq!(run(&s).current_slot().id, "1.a");
    update(&mut s, key(KeyCode::Right));
    assert_eq!(run(&s).current_slot().id, "1.h");
    update(&mut s, key(KeyCode::Down));
    assert_eq!(run(&s).current_slot().id, "2.h");
    update(&mut s, key(KeyCode::Left));
    assert_eq!(run(&s).current_slot().id, "2.a");
    update(&mut s, key(KeyCode::Up));
    assert_eq!(run(&s).current_slot().id, "1.a");
    update(&mut s, key(KeyCode::PageDown));
    assert_eq!(run(&s).current_slot().id, "2.a", "stops at the last row");
    update(&mut s, key(KeyCode::Char('1')));
    assert_eq!(run(&s).current_slot().id, "1.a");
    assert!(s.status.as_deref().unwrap_or("").contains("paperwork"));
    // Space still picks a mark.
    update(&mut s, key(KeyCode::Char(' ')));
    assert_eq!(run(&s).capture[1].text(), "Yes");
}

#[test]
fn the_group_picker_moves_an_answer_and_says_where() {
    let mut s = state_at("pathways");
    type_text(&mut s, "wrong table");
    send(&mut s, key(KeyCode::Enter));
    update(&mut s, key(KeyCode::Esc));
    let id = run(&s).selected.clone().unwrap();
    update(&mut s, key(KeyCode::Char('o')));
    assert!(run(&s).group_picker.is_some());
    update(&mut s, key(KeyCode::Char('3')));
    let (written, _) = send(&mut s, key(KeyCode::Enter));
    assert!(matches!(&written[..], [Change::Move { group: Some(g), .. }] if g == "Room 夢"));
    assert_eq!(
        run(&s).session.contribution(&id).unwrap().group.as_deref(),
        Some("Room 夢")
    );
    assert!(
        s.status
            .as_deref()
            .unwrap_or("")
            .contains("moved to Room 夢")
    );
    // Esc cancels.
    update(&mut s, key(KeyCode::Char('o')));
    let (written, _) = send(&mut s, key(KeyCode::Esc));
    assert!(written.is_empty() && run(&s).group_picker.is_none());
}

#[test]
fn reopening_returns_to_the_last_exercise_slot_and_group() {
    let mut s = state_at("pathways");
    update(&mut s, key(KeyCode::Tab)); // q4
    update(&mut s, ctrl('g')); // Table 2
    let effects = update(&mut s, ctrl('q'));
    let Some(Effect::KeepUnsaved(place)) = effects.first() else {
        panic!("{effects:?}")
    };
    let mut again = state_at("round");
    let Screen::Run(r) = &mut again.screen else {
        panic!()
    };
    r.restore(place);
    assert_eq!(
        (
            r.current_exercise().id.as_str(),
            r.current_slot().id.as_str(),
            r.group_name()
        ),
        ("pathways", "q4", Some("Table 2"))
    );
    assert_eq!(r.focus, Focus::Capture);
}

#[test]
fn after_an_edit_the_box_returns_to_the_slot_the_typing_was_in() {
    let mut s = state_at("ready");
    update(&mut s, key(KeyCode::Char('y')));
    send(&mut s, key(KeyCode::Enter));
    update(
        &mut s,
        Action::Key(KeyEvent::new(KeyCode::BackTab, KeyModifiers::SHIFT)),
    );
    let before = run(&s).current_slot().id.clone();
    update(&mut s, ctrl('f')); // from the item's mark to its comment
    type_text(&mut s, "typed here");
    update(&mut s, key(KeyCode::Esc));
    update(&mut s, key(KeyCode::Enter)); // edit the saved item: the box goes to its slot
    assert_ne!(run(&s).current_slot().id, before);
    send(&mut s, key(KeyCode::Enter)); // save the edit
    assert_eq!(
        run(&s).current_slot().id,
        before,
        "back where the typing was"
    );
    assert_eq!(run(&s).capture[0].text(), "typed here");
    update(&mut s, key(KeyCode::Backspace));
    assert_eq!(run(&s).capture[0].text(), "typed her");
}

#[test]
fn a_screen_out_of_step_with_the_disk_reloads_and_says_so() {
    let mut s = state_at("pathways");
    type_text(&mut s, "saved twice?");
    let effects = update(&mut s, key(KeyCode::Enter));
    let [Effect::Persist(changes)] = &effects[..] else {
        panic!("{effects:?}")
    };
    // Something else put the same answer in the screen's copy meanwhile: applying the saved
    // change again would fail, so the screen asks for the session as saved.
    if let Screen::Run(r) = &mut s.screen {
        r.session.apply(&changes[0]).unwrap();
    }
    assert_eq!(update(&mut s, Action::Persisted), vec![Effect::Resync]);
    let saved = run(&s).session.clone();
    update(&mut s, Action::Resync(Box::new(saved)));
    assert!(s.status.as_deref().unwrap_or("").contains("Reloaded"));
    assert!(run(&s).pending.is_none());
}
