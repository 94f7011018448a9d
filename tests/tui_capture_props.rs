//! Random key sequences through the facilitator's update — typing, pastes, field and slot
//! moves, group changes, undo and redo, selection keys, resizes and quits — never change a
//! saved contribution except through an explicit save or edit, and never save a field into
//! another field's place.
//!
//! Each part of the capture box gets its own alphabet: whatever is typed or pasted while the
//! main text has the focus is lowercase, while the first field has it digits, the second
//! uppercase, the third Greek. A saved main text or field holding another part's letters was
//! mis-filed.

mod common;

use std::time::Instant;

use hearth::model::{Change, Session};
use hearth::tui::action::{Action, Effect};
use hearth::tui::state::{Focus, Run, Screen, State};
use hearth::tui::theme::Theme;
use hearth::tui::update;
use proptest::prelude::*;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

const ALPHABETS: [&str; 4] = ["abcde", "12345", "VWXYZ", "αβγδε"];

#[derive(Debug, Clone)]
enum Op {
    Type(usize),
    Paste(usize),
    Key(KeyCode, KeyModifiers),
    Resize,
}

fn op() -> impl Strategy<Value = Op> {
    let none = KeyModifiers::NONE;
    let ctrl = KeyModifiers::CONTROL;
    let alt = KeyModifiers::ALT;
    prop_oneof![
        6 => (1usize..6).prop_map(Op::Type),
        2 => Just(Op::Key(KeyCode::Char('f'), KeyModifiers::CONTROL)),
        2 => Just(Op::Key(KeyCode::Enter, KeyModifiers::NONE)),
        1 => (1usize..40).prop_map(Op::Paste),
        1 => Just(Op::Resize),
        4 => prop::sample::select(vec![
            (KeyCode::Enter, none),
            (KeyCode::Enter, alt),
            (KeyCode::Enter, KeyModifiers::SHIFT),
            (KeyCode::Tab, none),
            (KeyCode::BackTab, KeyModifiers::SHIFT),
            (KeyCode::Char('f'), ctrl),
            (KeyCode::Char('g'), ctrl),
            (KeyCode::Char('n'), ctrl),
            (KeyCode::Char('p'), ctrl),
            (KeyCode::Char('z'), ctrl),
            (KeyCode::Char('y'), ctrl),
            (KeyCode::Char('w'), ctrl),
            (KeyCode::Char('u'), ctrl),
            (KeyCode::Char('k'), ctrl),
            (KeyCode::Char('q'), ctrl),
            (KeyCode::Backspace, none),
            (KeyCode::Backspace, alt),
            (KeyCode::Left, none),
            (KeyCode::Right, none),
            (KeyCode::Up, none),
            (KeyCode::Down, none),
            (KeyCode::Left, ctrl),
            (KeyCode::Home, none),
            (KeyCode::End, none),
            (KeyCode::Esc, none),
            (KeyCode::PageUp, none),
            (KeyCode::Char(' '), none),
            // Selection and quit-question keys (typed as text where the box has the focus).
            (KeyCode::Char('e'), none),
            (KeyCode::Char('h'), none),
            (KeyCode::Char('s'), none),
            (KeyCode::Char('m'), none),
            (KeyCode::Char('o'), none),
            (KeyCode::Char('u'), none),
            (KeyCode::Char('r'), none),
            (KeyCode::Char('i'), none),
            (KeyCode::Char('d'), none),
            (KeyCode::Char('y'), none),
        ])
        .prop_map(|(k, m)| Op::Key(k, m)),
    ]
}

/// A session of the all-kinds plan, open at exercise `start`.
fn state(start: usize) -> State {
    let scenario = common::all_kinds();
    let groups = scenario.suggested_groups.clone();
    let session = Session::new(scenario, "Props".into(), None, groups);
    let mut run = Run::new("props.json".into(), session);
    run.park_timer_and_go(start);
    run.reset_fields();
    State::new(Screen::Run(Box::new(run)), Theme::plain(), 11)
}

/// The characters a part of the box may hold: its own alphabet, spaces and line breaks.
fn belongs(text: &str, part: usize) -> bool {
    let alphabet = ALPHABETS[part.min(ALPHABETS.len() - 1)];
    text.chars()
        .all(|c| c == ' ' || c == '\n' || alphabet.contains(c))
}

/// Checks one saved contribution's text and fields against the slot's parts.
fn check_filed(
    session: &Session,
    exercise: &str,
    slot: &str,
    text: &str,
    fields: &hearth::model::contribution::Fields,
) -> Result<(), TestCaseError> {
    prop_assert!(
        belongs(text, 0),
        "main text holds another part's typing: {text:?}"
    );
    let ex = session
        .scenario
        .exercise(exercise)
        .expect("a known exercise");
    let slots = ex.slots();
    let spec = slots.iter().find(|s| s.id == slot).expect("a known slot");
    for (name, value) in fields {
        let (i, f) = spec
            .fields
            .iter()
            .enumerate()
            .find(|(_, f)| f.name == name.as_str())
            .expect("a field of the slot");
        if f.choices.is_empty() {
            prop_assert!(
                belongs(value, i + 1),
                "field {name} holds another part's typing: {value:?}"
            );
        } else {
            prop_assert!(
                f.choices.contains(value),
                "field {name} = {value:?} is not a choice"
            );
        }
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::default())]

    #[test]
    fn saved_answers_change_only_by_saving_and_fields_never_swap(
        start in 0usize..7,
        ops in prop::collection::vec(op(), 1..80),
    ) {
        let mut s = state(start);
        let mut seed = 0usize;
        // The session as the journal would have it: only confirmed writes change it.
        let mut journal = s.run().unwrap().session.clone();
        for op in ops {
            if s.quit {
                break;
            }
            // Letters meant for selection or the quit question are typed in the part's own
            // alphabet when the box has the focus (there they would be text).
            let op = match op {
                Op::Key(KeyCode::Char(c), KeyModifiers::NONE)
                    if c != ' '
                        && !s.quit_ask
                        && s.run().is_some_and(|r| r.focus == Focus::Capture && r.group_picker.is_none() && r.new_group.is_none()) =>
                {
                    Op::Type(1)
                }
                op => op,
            };
            let action = match op {
                Op::Type(n) | Op::Paste(n) => {
                    let run = s.run().unwrap();
                    let part = if run.focus == Focus::Capture { run.capture_field } else { 0 };
                    let alphabet: Vec<char> = ALPHABETS[part.min(3)].chars().collect();
                    let text: String = (0..n).map(|k| alphabet[(seed + k) % alphabet.len()]).collect();
                    seed += n;
                    if matches!(op, Op::Paste(_)) {
                        // A paste goes to the main text unless a free-text field has the focus.
                        let slot = run.current_slot();
                        let free = run.capture_field > 0
                            && slot.fields.get(run.capture_field - 1).is_some_and(|f| f.choices.is_empty());
                        // (From selection too: a paste brings the focus back to the box.)
                        let target = if run.capture_field == 0 || free { run.capture_field } else { 0 };
                        let alphabet: Vec<char> = ALPHABETS[target.min(3)].chars().collect();
                        let text: String = (0..n).map(|k| alphabet[(seed + k) % alphabet.len()]).collect();
                        Action::Paste(format!("{text}\n{text}"))
                    } else {
                        for c in text.chars() {
                            let effects = update(&mut s, Action::Key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE)));
                            prop_assert!(effects.iter().all(|e| !matches!(e, Effect::Persist(_))), "typing saved something");
                        }
                        continue;
                    }
                }
                Op::Resize => Action::Tick(Instant::now()),
                Op::Key(code, m) => Action::Key(KeyEvent::new(code, m)),
            };
            let mut effects = update(&mut s, action);
            while !effects.is_empty() {
                let mut next = Vec::new();
                for effect in effects {
                    if let Effect::Persist(changes) = effect {
                        for c in &changes {
                            match c {
                                Change::Add { contribution: a } => {
                                    check_filed(&journal, &a.exercise, &a.slot, &a.text, &a.fields)?;
                                }
                                Change::Edit { id, text, fields, .. } => {
                                    let before = journal.contribution(id).expect("edits a saved answer").clone();
                                    check_filed(&journal, &before.exercise, &before.slot, text, fields)?;
                                }
                                _ => {}
                            }
                            journal.apply(c).expect("a change the journal takes");
                        }
                        next.extend(update(&mut s, Action::Persisted));
                    }
                }
                effects = next;
            }
            prop_assert_eq!(&s.run().unwrap().session, &journal, "the screen's copy drifted from what was saved");
        }
    }
}
