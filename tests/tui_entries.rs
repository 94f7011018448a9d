//! Every entry stays where it was typed: moving mid-entry (Tab, Shift-Tab, Ctrl-N/P, Ctrl-G,
//! a click, Esc, role clarity's moves) never drops text or files it elsewhere, Esc never starts
//! typing, and a reopened session never offers an answer whose save was confirmed. Each test is
//! a defect seen by a person in the real app.

mod common;

use std::time::{Duration, Instant};

use hearth::model::{Change, Contribution, Unsaved};
use hearth::tui::action::{Action, Effect};
use hearth::tui::boards::Hit;
use hearth::tui::state::{Focus, Run, Screen, State};
use hearth::tui::theme::Theme;
use hearth::tui::update;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

/// The run screen of a bundled plan, on its first exercise, first slot and first group.
fn state(plan: &str) -> State {
    let session = common::bundled_session(plan, "Entries");
    State::new(
        Screen::Run(Box::new(Run::new("entries.json".into(), session))),
        Theme::plain(),
        3,
    )
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

fn shift_tab() -> Action {
    Action::Key(KeyEvent::new(KeyCode::BackTab, KeyModifiers::SHIFT))
}

fn type_text(s: &mut State, text: &str) {
    for c in text.chars() {
        update(s, key(KeyCode::Char(c)));
    }
}

/// The main text and each field in the box, as typed.
fn boxes(s: &State) -> Vec<String> {
    run(s).capture.iter().map(|b| b.text().to_owned()).collect()
}

/// Enter, with the save confirmed as the disk thread would: the answer added.
fn save(s: &mut State) -> Contribution {
    let effects = update(s, key(KeyCode::Enter));
    let Some(Effect::Persist(changes)) = effects.first() else {
        panic!("Enter saved nothing: {effects:?} (status {:?})", s.status)
    };
    let [Change::Add { contribution }] = &changes[..] else {
        panic!("{changes:?}")
    };
    let c = contribution.clone();
    update(s, Action::Persisted);
    c
}

#[test]
fn tab_and_shift_tab_leave_a_half_typed_entry_in_its_slot_and_bring_it_back() {
    let mut s = state("peer-support-futures");
    assert_eq!(run(&s).current_slot().id, "pull");
    type_text(&mut s, "Title A");
    update(&mut s, ctrl('f'));
    type_text(&mut s, "Elab B");
    update(&mut s, key(KeyCode::Tab));
    assert_eq!(run(&s).current_slot().id, "push");
    assert_eq!(boxes(&s), ["", ""], "the next slot starts empty");
    type_text(&mut s, "Push C");
    update(&mut s, shift_tab());
    assert_eq!(run(&s).current_slot().id, "pull");
    assert_eq!(boxes(&s), ["Title A", "Elab B"], "both fields came back");
    assert_eq!(run(&s).capture_field, 1, "and the focus with them");
    update(&mut s, key(KeyCode::Tab));
    assert_eq!(boxes(&s), ["Push C", ""]);
}

#[test]
fn ctrl_n_never_pours_an_entry_into_the_next_exercise_and_ctrl_p_brings_it_back() {
    let mut s = state("peer-support-futures");
    type_text(&mut s, "Title A");
    update(&mut s, ctrl('f'));
    type_text(&mut s, "Elab B");
    update(&mut s, ctrl('n'));
    assert_eq!(run(&s).current_exercise().id, "scenarios");
    assert!(
        boxes(&s).iter().all(String::is_empty),
        "nothing of the triangle's entry in the scenario title: {:?}",
        boxes(&s)
    );
    update(&mut s, ctrl('p'));
    assert_eq!(run(&s).current_exercise().id, "triangle");
    assert_eq!(boxes(&s), ["Title A", "Elab B"]);
}

#[test]
fn ctrl_g_mid_entry_keeps_the_focus_and_the_cursor_where_they_are() {
    let mut s = state("peer-support-futures");
    type_text(&mut s, "Focus title");
    update(&mut s, ctrl('f'));
    type_text(&mut s, "Focus elab part one");
    update(&mut s, ctrl('g'));
    type_text(&mut s, " part two");
    assert_eq!(run(&s).target().group.as_deref(), Some("Table 2"));
    let c = save(&mut s);
    assert_eq!(c.text, "Focus title");
    assert_eq!(c.fields["elaboration"], "Focus elab part one part two");
    assert_eq!(c.group.as_deref(), Some("Table 2"));
    // A click on a group does the same.
    type_text(&mut s, "Next");
    update(&mut s, ctrl('f'));
    type_text(&mut s, "its elab");
    update(&mut s, Action::Click(Hit::Group(0)));
    type_text(&mut s, " more");
    assert_eq!(boxes(&s), ["Next", "its elab more"]);
}

#[test]
fn a_click_on_another_slot_and_back_keeps_the_entry() {
    let mut s = state("peer-support-futures");
    type_text(&mut s, "Clicked away");
    update(&mut s, Action::Click(Hit::Slot(2)));
    assert_eq!(run(&s).current_slot().id, "weight");
    assert_eq!(boxes(&s), ["", ""]);
    update(&mut s, Action::Click(Hit::Slot(0)));
    assert_eq!(boxes(&s), ["Clicked away", ""]);
}

#[test]
fn esc_never_starts_typing_and_command_letters_never_reach_the_box() {
    let mut s = state("peer-support-futures");
    type_text(&mut s, "kept");
    update(&mut s, key(KeyCode::Esc));
    assert_eq!(run(&s).focus, Focus::Select);
    update(&mut s, key(KeyCode::Esc));
    assert_eq!(run(&s).focus, Focus::Select, "Esc again stays in selection");
    for c in ['T', 'x', 'a', 'R', 'R', 'x', 'a'] {
        update(&mut s, key(KeyCode::Char(c)));
        update(&mut s, key(KeyCode::Esc));
    }
    assert_eq!(run(&s).focus, Focus::Select);
    assert_eq!(boxes(&s), ["kept", ""], "no command letter was typed");
    update(&mut s, key(KeyCode::Char('i')));
    assert_eq!(run(&s).focus, Focus::Capture, "i goes back to typing");
    assert_eq!(boxes(&s), ["kept", ""]);
}

fn alt(c: char) -> Action {
    let m = if c.is_uppercase() {
        KeyModifiers::ALT | KeyModifiers::SHIFT
    } else {
        KeyModifiers::ALT
    };
    Action::Key(KeyEvent::new(KeyCode::Char(c), m))
}

#[test]
fn esc_then_a_letter_arriving_as_alt_letter_leaves_the_box_then_runs_the_letter() {
    let mut s = state("peer-support-futures");
    type_text(&mut s, "kept");
    // Esc T typed quickly: one Alt-T event. Out of the box, then T opens the themes panel.
    update(&mut s, alt('T'));
    assert_eq!(run(&s).focus, Focus::Select);
    assert!(run(&s).themes.is_some(), "T ran as selecting's T");
    assert_eq!(boxes(&s), ["kept", ""], "no letter landed in the box");
    update(&mut s, key(KeyCode::Esc));
    update(&mut s, key(KeyCode::Char('i')));
    assert_eq!(run(&s).focus, Focus::Capture);
    // A letter selecting does nothing with: never typed either.
    for c in ['z', 'q', '7'] {
        update(&mut s, alt(c));
        assert_eq!(run(&s).focus, Focus::Select, "Alt-{c} left the box");
        assert_eq!(boxes(&s), ["kept", ""], "Alt-{c} typed nothing");
        update(&mut s, key(KeyCode::Char('i')));
    }
    // Esc i: out and straight back, the entry as it was.
    update(&mut s, alt('i'));
    assert_eq!(run(&s).focus, Focus::Capture);
    assert_eq!(boxes(&s), ["kept", ""]);
    // The text box's own Alt keys keep their meaning (Alt-B: a word left).
    update(&mut s, alt('b'));
    assert_eq!(run(&s).focus, Focus::Capture, "Alt-B is the box's");
    // A key the keys file gives to a command keeps it.
    s.keymap = hearth::tui::keymap::Keymap::with_file("[typing]\nsave = [\"Enter\", \"Alt-s\"]\n")
        .unwrap();
    let effects = update(&mut s, alt('s'));
    assert!(
        matches!(effects.first(), Some(Effect::Persist(_))),
        "Alt-S saves as remapped: {effects:?}"
    );
}

#[test]
fn esc_then_a_letter_during_an_edit_keeps_the_edit_as_esc_does() {
    let mut s = state("peer-support-futures");
    type_text(&mut s, "First answer");
    let first = save(&mut s);
    update(&mut s, key(KeyCode::Esc));
    update(&mut s, key(KeyCode::Char('e')));
    type_text(&mut s, ", edited");
    update(&mut s, alt('j'));
    assert_eq!(run(&s).editing, None);
    assert_eq!(run(&s).focus, Focus::Select);
    assert!(run(&s).has_parked_edit(&first.id), "the edit waits");
    update(&mut s, key(KeyCode::Char('e')));
    assert_eq!(boxes(&s)[0], "First answer, edited");
}

#[test]
fn leaving_an_edit_with_esc_keeps_it_unsaved_and_e_goes_back_to_it() {
    let mut s = state("peer-support-futures");
    type_text(&mut s, "First answer");
    let first = save(&mut s);
    type_text(&mut s, "typing in the box");
    update(&mut s, key(KeyCode::Esc));
    assert_eq!(run(&s).selected.as_deref(), Some(first.id.as_str()));
    update(&mut s, key(KeyCode::Char('e')));
    assert_eq!(run(&s).editing.as_deref(), Some(first.id.as_str()));
    assert_eq!(boxes(&s)[0], "First answer");
    type_text(&mut s, ", edited");
    update(&mut s, key(KeyCode::Esc));
    assert_eq!(run(&s).editing, None);
    assert_eq!(
        boxes(&s)[0],
        "typing in the box",
        "the box's own entry is back"
    );
    assert!(run(&s).has_parked_edit(&first.id));
    // The drafts file keeps both.
    let u = run(&s).unsaved();
    assert_eq!(u.entry.text, "typing in the box");
    assert!(
        u.parked
            .iter()
            .any(|p| p.editing.as_deref() == Some(first.id.as_str())
                && p.text == "First answer, edited"),
        "{u:?}"
    );
    update(&mut s, key(KeyCode::Char('e')));
    assert_eq!(
        boxes(&s)[0],
        "First answer, edited",
        "the unsaved edit is back"
    );
    let effects = update(&mut s, key(KeyCode::Enter));
    assert!(matches!(
        effects.first(),
        Some(Effect::Persist(c)) if matches!(&c[..], [Change::Edit { text, .. }] if text == "First answer, edited")
    ));
    update(&mut s, Action::Persisted);
    assert_eq!(run(&s).editing, None);
    assert!(!run(&s).has_parked_edit(&first.id));
    assert_eq!(boxes(&s)[0], "typing in the box");
}

/// The activity numbers as printed (the worked examples `ex1`, `ex2` are the first two rows).
#[test]
fn role_clarity_number_jump_goes_to_the_activity_printed_with_that_number() {
    let mut s = state("role-clarity");
    let rows = match &run(&s).current_exercise().kind {
        hearth::model::exercise::ExerciseKind::RoleClarity(rc) => rc.activities.len(),
        _ => panic!("a role-clarity plan"),
    };
    assert_eq!(rows, 57, "the bundled plan");
    type_text(&mut s, "10");
    assert_eq!(run(&s).current_slot().id, "10.a");
    assert!(
        s.status
            .as_deref()
            .unwrap_or("")
            .starts_with("Activity 10:"),
        "{:?}",
        s.status
    );
    type_text(&mut s, "3");
    assert_eq!(run(&s).current_slot().id, "3.a");
    type_text(&mut s, "y");
    let c = save(&mut s);
    assert_eq!((c.slot.as_str(), c.fields["mark"].as_str()), ("3.a", "Yes"));
    // No activity 0 or 60: said, nothing moves.
    type_text(&mut s, "0");
    assert_eq!(run(&s).current_slot().id, "3.a");
}

#[test]
fn role_clarity_page_down_and_up_move_ten_activities() {
    let mut s = state("role-clarity");
    type_text(&mut s, "1");
    assert_eq!(run(&s).current_slot().id, "1.a");
    update(&mut s, key(KeyCode::PageDown));
    assert_eq!(run(&s).current_slot().id, "11.a");
    update(&mut s, key(KeyCode::PageDown));
    assert_eq!(run(&s).current_slot().id, "21.a");
    update(&mut s, key(KeyCode::PageUp));
    assert_eq!(run(&s).current_slot().id, "11.a");
}

#[test]
fn a_role_clarity_mark_chosen_and_not_saved_waits_in_its_cell() {
    let mut s = state("role-clarity");
    type_text(&mut s, "5");
    type_text(&mut s, "n");
    update(&mut s, key(KeyCode::Right));
    assert_eq!(run(&s).current_slot().id, "5.b");
    assert_eq!(boxes(&s), ["", ""]);
    update(&mut s, key(KeyCode::Left));
    assert_eq!(boxes(&s), ["", "No"]);
}

#[test]
fn tab_never_reaches_the_slot_of_unplaced_imported_lines() {
    let mut s = state("dreaming-together");
    let slots: Vec<String> = run(&s)
        .current_slots()
        .iter()
        .map(|x| x.id.clone())
        .collect();
    assert!(slots.iter().any(|x| x == "unplaced"), "{slots:?}");
    for _ in 0..slots.len() * 2 {
        update(&mut s, key(KeyCode::Tab));
        assert_ne!(run(&s).current_slot().id, "unplaced");
    }
    for _ in 0..slots.len() * 2 {
        update(&mut s, shift_tab());
        assert_ne!(run(&s).current_slot().id, "unplaced");
    }
}

/// The restored-draft race: the drafts file is written while a save is on its way, the save is
/// confirmed, and the app is killed before the drafts file is written again. Reopening must not
/// offer the saved answer as unsaved text (Enter would save it twice).
#[test]
fn a_drafts_file_written_while_the_save_was_on_its_way_never_offers_the_saved_answer() {
    let mut s = state("peer-support-futures");
    let t0 = Instant::now();
    update(&mut s, Action::Tick(t0));
    type_text(&mut s, "Revealed later");
    // Enter: the journal line is on its way.
    let effects = update(&mut s, key(KeyCode::Enter));
    let Some(Effect::Persist(changes)) = effects.first() else {
        panic!("{effects:?}")
    };
    // The drafts timer fires before the confirmation arrives: the file holds the text.
    let drafts: Vec<Unsaved> = update(&mut s, Action::Tick(t0 + Duration::from_secs(3)))
        .into_iter()
        .filter_map(|e| match e {
            Effect::KeepUnsaved(u) => Some(u),
            _ => None,
        })
        .collect();
    let [kept] = &drafts[..] else {
        panic!("the drafts file is written: {drafts:?}")
    };
    assert_eq!(kept.entry.text, "Revealed later");
    // The journal has the answer; the app is killed before anything else is written.
    let mut saved = run(&s).session.clone();
    for c in changes {
        saved.apply(c).unwrap();
    }
    let mut reopened = Run::new("entries.json".into(), saved.clone());
    let offered = reopened.restore(kept);
    assert!(!offered, "nothing is offered back");
    assert!(
        reopened.capture.iter().all(|b| b.text().is_empty()),
        "the saved answer is not in the box again"
    );

    // Had the save not reached the journal, the same drafts file gives the text back.
    let mut unsaved_session = Run::new("entries.json".into(), run(&s).session.clone());
    assert!(unsaved_session.restore(kept));
    assert_eq!(unsaved_session.capture[0].text(), "Revealed later");
}

#[test]
fn once_a_save_is_confirmed_the_drafts_file_is_rewritten_without_it() {
    let mut s = state("peer-support-futures");
    update(&mut s, Action::Tick(Instant::now()));
    type_text(&mut s, "Saved now");
    update(&mut s, key(KeyCode::Enter));
    let effects = update(&mut s, Action::Persisted);
    let Some(Effect::KeepUnsaved(u)) = effects.first() else {
        panic!("the drafts file is rewritten at once: {effects:?}")
    };
    assert!(!u.has_text(), "{u:?}");
}

#[test]
fn typing_on_while_a_save_is_on_its_way_is_kept() {
    let mut s = state("peer-support-futures");
    type_text(&mut s, "First");
    let effects = update(&mut s, key(KeyCode::Enter));
    assert!(matches!(effects.first(), Some(Effect::Persist(_))));
    type_text(&mut s, " and more");
    update(&mut s, Action::Persisted);
    assert_eq!(boxes(&s)[0], "First and more", "nothing typed is wiped");
    // Moving away while the save is on its way: the saved entry is done with there too.
    let mut s = state("peer-support-futures");
    type_text(&mut s, "Second");
    update(&mut s, key(KeyCode::Enter));
    update(&mut s, key(KeyCode::Tab));
    type_text(&mut s, "Push typed meanwhile");
    update(&mut s, Action::Persisted);
    assert_eq!(boxes(&s)[0], "Push typed meanwhile");
    update(&mut s, shift_tab());
    assert_eq!(boxes(&s), ["", ""], "the saved entry does not come back");
}

#[test]
fn every_entry_survives_quit_and_reopen() {
    let mut s = state("peer-support-futures");
    type_text(&mut s, "pull text");
    update(&mut s, key(KeyCode::Tab));
    type_text(&mut s, "push text");
    update(&mut s, ctrl('f'));
    type_text(&mut s, "push elab");
    update(&mut s, ctrl('n'));
    type_text(&mut s, "a scenario title");
    let effects = update(&mut s, Action::Quit);
    let Some(Effect::KeepUnsaved(u)) = effects.first() else {
        panic!("{effects:?}")
    };
    let json = serde_json::to_string(u).unwrap();
    let u: Unsaved = serde_json::from_str(&json).unwrap();
    let mut r = Run::new("entries.json".into(), run(&s).session.clone());
    assert!(r.restore(&u));
    assert_eq!(r.current_exercise().id, "scenarios");
    assert_eq!(r.capture[0].text(), "a scenario title");
    let mut s = State::new(Screen::Run(Box::new(r)), Theme::plain(), 3);
    update(&mut s, ctrl('p'));
    assert_eq!(run(&s).current_slot().id, "pull");
    assert_eq!(boxes(&s), ["pull text", ""]);
    update(&mut s, key(KeyCode::Tab));
    assert_eq!(boxes(&s), ["push text", "push elab"]);
    assert_eq!(run(&s).capture_field, 1);
}

#[test]
fn a_drafts_file_of_an_earlier_hearth_still_opens() {
    let old = r#"{"exercise":"triangle","slot":"push","group":"Table 2","text":"old draft","fields":{"elaboration":"its elab"}}"#;
    let u: Unsaved = serde_json::from_str(old).unwrap();
    let s = state("peer-support-futures");
    let mut r = Run::new("entries.json".into(), run(&s).session.clone());
    assert!(r.restore(&u));
    assert_eq!(r.current_slot().id, "push");
    assert_eq!(r.group_name(), Some("Table 2"));
    assert_eq!(r.capture[0].text(), "old draft");
    assert_eq!(r.capture[1].text(), "its elab");
}

/// The slot of imported lines not yet placed is never counted as a question, projected as one,
/// or named as what comes next.
#[test]
fn the_slot_of_unplaced_lines_is_never_counted_projected_or_next() {
    let mut s = state("dreaming-together");
    let questions = run(&s)
        .current_slots()
        .iter()
        .filter(|x| x.id != "unplaced")
        .count();
    let last = questions - 1;
    let r = s.run_mut().unwrap();
    r.go_to(0, last);
    r.screens = 1;
    let view = r.audience(Instant::now());
    assert_eq!(view.slots, questions, "the room's count is of questions");
    let mut terminal = ratatui::Terminal::new(ratatui::backend::TestBackend::new(160, 48)).unwrap();
    terminal
        .draw(|f| {
            hearth::tui::view::view(&s, f);
        })
        .unwrap();
    let screen = terminal.backend().to_string();
    assert!(screen.contains("Next:"), "{screen}");
    assert!(
        !screen.contains("Not yet placed"),
        "the presenter names the internal slot:\n{screen}"
    );
}

/// An answer withdrawn by a note-taker while the facilitator had an unsaved edit of it waiting:
/// the edit's words leave the screen and the drafts file.
#[test]
fn an_answer_withdrawn_elsewhere_takes_its_unsaved_edit_with_it() {
    let mut s = state("peer-support-futures");
    type_text(&mut s, "Say it once");
    let c = save(&mut s);
    update(&mut s, key(KeyCode::Esc));
    update(&mut s, key(KeyCode::Char('e')));
    type_text(&mut s, " and again");
    update(&mut s, key(KeyCode::Esc));
    assert!(run(&s).has_parked_edit(&c.id));
    update(
        &mut s,
        Action::Arrived {
            from: "Sam's phone".into(),
            changes: vec![Change::Withdraw {
                id: c.id.clone(),
                at: jiff::Timestamp::now(),
            }],
        },
    );
    assert!(!run(&s).has_parked_edit(&c.id));
    let kept = serde_json::to_string(&run(&s).unsaved()).unwrap();
    assert!(!kept.contains("Say it once"), "{kept}");
}
