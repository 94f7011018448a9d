//! The oracle for the facilitator's capture box: random key sequences over every kind of board
//! — typing, pastes, Tab, Shift-Tab, Ctrl-N/P, Ctrl-G, Ctrl-F, clicks on slots, groups and
//! exercises, Esc and `i`, Esc then a letter arriving as one Alt-letter, edits, role clarity's
//! number jumps and PgUp/PgDn, panels and dialogs opened and closed between typing (themes, the
//! vote panel, the group picker, the help), saves held on their way to the disk, kills and
//! reopenings from the drafts file. Every save goes exactly where the
//! box's title said at that moment ([`Run::target`], the function the view draws the title
//! from); every character typed into a text part is in a saved answer, in the box or in an
//! entry waiting elsewhere; a typed character lands in the box the title named, and one that
//! does not type (a panel on top, selecting) lands in no entry; Esc never changes any entry,
//! whatever is on top; a reopened session never offers an entry that was saved.

mod common;

use std::collections::BTreeSet;
use std::time::Instant;

use hearth::model::{Change, Session};
use hearth::tui::action::{Action, Effect};
use hearth::tui::boards::Hit;
use hearth::tui::state::{EntryPlace, Run, Screen, State};
use hearth::tui::theme::Theme;
use hearth::tui::update;
use proptest::prelude::*;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

#[derive(Debug, Clone)]
enum Op {
    Type(usize),
    Paste(usize),
    Key(KeyCode, KeyModifiers),
    Click(Hit),
    /// Enter, its save held on the way to the disk until `Confirm`.
    Hold,
    Confirm,
    /// Killed by a signal (the drafts file kept), then opened again.
    Reopen,
    Tick,
}

fn op() -> impl Strategy<Value = Op> {
    let none = KeyModifiers::NONE;
    let ctrl = KeyModifiers::CONTROL;
    prop_oneof![
        8 => (1usize..6).prop_map(Op::Type),
        1 => (1usize..20).prop_map(Op::Paste),
        3 => Just(Op::Key(KeyCode::Enter, none)),
        1 => Just(Op::Hold),
        1 => Just(Op::Confirm),
        1 => Just(Op::Reopen),
        1 => Just(Op::Tick),
        2 => (0usize..12).prop_map(|i| Op::Click(Hit::Slot(i))),
        1 => (0usize..4).prop_map(|i| Op::Click(Hit::Group(i))),
        1 => (0usize..7).prop_map(|i| Op::Click(Hit::Exercise(i))),
        8 => prop::sample::select(vec![
            (KeyCode::Tab, none),
            (KeyCode::BackTab, KeyModifiers::SHIFT),
            (KeyCode::Char('f'), ctrl),
            (KeyCode::Char('g'), ctrl),
            (KeyCode::Char('n'), ctrl),
            (KeyCode::Char('p'), ctrl),
            (KeyCode::Esc, none),
            (KeyCode::Char('i'), none),
            (KeyCode::Char('e'), none),
            (KeyCode::Up, none),
            (KeyCode::Down, none),
            (KeyCode::Left, none),
            (KeyCode::Right, none),
            (KeyCode::PageUp, none),
            (KeyCode::PageDown, none),
            (KeyCode::Char('1'), none),
            (KeyCode::Char('2'), none),
            (KeyCode::Char('y'), none),
            (KeyCode::Char(' '), none),
            (KeyCode::Enter, KeyModifiers::ALT),
        ])
        .prop_map(|(k, m)| Op::Key(k, m)),
        // Panels and dialogs, and Esc then a letter arriving as one Alt-letter.
        4 => prop::sample::select(vec![
            (KeyCode::Char('T'), KeyModifiers::SHIFT),
            (KeyCode::Char('v'), none),
            (KeyCode::Char('o'), none),
            (KeyCode::Char('n'), none),
            (KeyCode::F(1), none),
            (KeyCode::Esc, none),
            (KeyCode::Char('T'), KeyModifiers::ALT | KeyModifiers::SHIFT),
            (KeyCode::Char('v'), KeyModifiers::ALT),
            (KeyCode::Char('z'), KeyModifiers::ALT),
            (KeyCode::Char('i'), KeyModifiers::ALT),
            (KeyCode::Char('e'), KeyModifiers::ALT),
        ])
        .prop_map(|(k, m)| Op::Key(k, m)),
    ]
}

fn state_of(run: Run) -> State {
    State::new(Screen::Run(Box::new(run)), Theme::plain(), 5)
}

/// Every entry holding unsaved text or choices: its place and its boxes' texts (an edit that
/// reads as its answer was saved holds nothing unsaved).
fn entries(run: &Run) -> BTreeSet<(EntryPlace, Vec<String>)> {
    let mut out: BTreeSet<_> = run
        .parked
        .iter()
        .map(|(p, e)| (p.clone(), e.texts()))
        .collect();
    let live: Vec<String> = run.capture.iter().map(|b| b.text().to_owned()).collect();
    let saved_edit = run
        .editing
        .as_ref()
        .and_then(|id| run.session.contribution(id))
        .is_some_and(|c| run.saved_texts(c) == live);
    if live.iter().any(|t| !t.is_empty()) && !saved_edit {
        out.insert((run.live_place(), live));
    }
    out
}

/// Everything the screen holds as text: saved answers (every version) and every entry.
fn all_text(run: &Run, journal: &Session) -> String {
    let mut all = String::new();
    for c in journal.contributions() {
        all.push_str(&c.text);
        all.extend(c.fields.values().map(String::as_str));
        for r in &c.revisions {
            all.push_str(&r.text);
            all.extend(r.fields.values().map(String::as_str));
        }
    }
    for (_, texts) in entries(run) {
        all.extend(texts);
    }
    all.extend(run.capture.iter().map(|b| b.text().to_owned()));
    all
}

/// The n-th character that only one keystroke ever types.
fn unique(n: usize) -> char {
    char::from_u32(0x4E00 + n as u32).unwrap()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(common::proptest_cases(128)))]

    #[test]
    fn every_save_goes_where_the_box_said_and_no_typed_character_is_lost(
        start in 0usize..7,
        ops in prop::collection::vec(op(), 1..120),
    ) {
        let scenario = common::all_kinds();
        let groups = scenario.suggested_groups.clone();
        let session = Session::new(scenario, "Oracle".into(), None, groups);
        let mut first = Run::new("oracle.json".into(), session);
        first.go_to(start, 0);
        let mut s = state_of(first);
        let mut journal = s.run().unwrap().session.clone();
        let mut typed: Vec<char> = Vec::new();
        let mut next_char = 0usize;
        // A save on its way: its changes, not yet confirmed.
        let mut held: Option<Vec<Change>> = None;
        let mut hold_next = false;
        let mut clock = Instant::now();
        for op in ops {
            let run = s.run().unwrap();
            let target = run.target();
            let before = entries(run);
            let action = match op {
                Op::Type(n) => {
                    for _ in 0..n {
                        let c = unique(next_char);
                        next_char += 1;
                        let k = KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE);
                        let types = update::types_into_box(&s, &k);
                        let said = s.run().unwrap().target();
                        if types {
                            typed.push(c);
                        }
                        let effects = update(&mut s, Action::Key(k));
                        prop_assert!(effects.iter().all(|e| !matches!(e, Effect::Persist(_))));
                        let r = s.run().unwrap();
                        let in_entries = entries(r).iter().any(|(_, t)| t.iter().any(|t| t.contains(c)));
                        if types {
                            // In the focused box, the box still where its title said.
                            prop_assert!(r.capture[r.capture_field].text().contains(c), "{c:?} not in the box");
                            prop_assert_eq!(&said, &r.target(), "typing moved the box");
                        } else {
                            prop_assert!(!in_entries, "{c:?} landed in an entry while it did not type");
                        }
                    }
                    continue;
                }
                Op::Paste(n) => {
                    let text: String = (0..n).map(|k| unique(next_char + k)).collect();
                    next_char += n;
                    // A paste goes to the box when nothing is on top (it brings the focus
                    // back); else to the top layer's field, or nowhere: never into an entry.
                    let to_box = hearth::tui::layers::run_top(&s).is_none();
                    update(&mut s, Action::Paste(text.clone()));
                    if to_box {
                        typed.extend(text.chars());
                    } else {
                        let r = s.run().unwrap();
                        let landed = entries(r)
                            .iter()
                            .any(|(_, t)| t.iter().any(|t| text.chars().any(|c| t.contains(c))));
                        prop_assert!(!landed, "a paste under a panel landed in an entry");
                    }
                    continue;
                }
                Op::Hold => {
                    if held.is_some() {
                        continue;
                    }
                    hold_next = true;
                    Action::Key(KeyEvent::new(KeyCode::Enter, KeyModifiers::NONE))
                }
                Op::Confirm => {
                    let Some(changes) = held.take() else { continue };
                    for c in &changes {
                        journal.apply(c).expect("a checked change applies");
                    }
                    let effects = update(&mut s, Action::Persisted);
                    prop_assert!(effects.iter().all(|e| matches!(e, Effect::KeepUnsaved(_))), "{effects:?}");
                    continue;
                }
                Op::Reopen => {
                    // Killed: a save on its way may or may not have reached the journal.
                    if let Some(changes) = held.take()
                        && next_char.is_multiple_of(2)
                    {
                        for c in &changes {
                            journal.apply(c).expect("a checked change applies");
                        }
                    }
                    let effects = update(&mut s, Action::Quit);
                    let Some(Effect::KeepUnsaved(kept)) = effects.first() else {
                        return Err(TestCaseError::fail(format!("{effects:?}")));
                    };
                    let json = serde_json::to_string(kept).unwrap();
                    let kept: hearth::model::Unsaved = serde_json::from_str(&json).unwrap();
                    let mut again = Run::new("oracle.json".into(), journal.clone());
                    again.restore(&kept);
                    for e in again.parked.values() {
                        prop_assert!(journal.contribution(&e.id).is_none(), "a saved entry is offered again");
                    }
                    prop_assert!(journal.contribution(&again.entry_id).is_none(), "a saved entry is in the box again");
                    s = state_of(again);
                    let all = all_text(s.run().unwrap(), &journal);
                    for c in &typed {
                        prop_assert!(all.contains(*c), "{c:?} was lost over the reopening");
                    }
                    continue;
                }
                Op::Tick => {
                    clock += std::time::Duration::from_secs(3);
                    Action::Tick(clock)
                }
                Op::Click(hit) => Action::Click(hit),
                // Letters and digits typed by these keys are not counted: not unique.
                Op::Key(code, m) => Action::Key(KeyEvent::new(code, m)),
            };
            let is_esc = matches!(&action, Action::Key(k) if k.code == KeyCode::Esc);
            let effects = update(&mut s, action);
            if is_esc {
                // Whatever is on top: closing a panel or leaving the box touches no entry.
                prop_assert_eq!(&before, &entries(s.run().unwrap()), "Esc changed an entry");
            }
            for e in effects {
                let Effect::Persist(changes) = e else { continue };
                for c in &changes {
                    match c {
                        Change::Add { contribution: a } => {
                            prop_assert_eq!(target.editing.as_ref(), None);
                            prop_assert_eq!(
                                (&a.exercise, &a.slot, &a.group),
                                (&target.exercise, &target.slot, &target.group),
                                "saved elsewhere than the box's title said"
                            );
                        }
                        Change::Edit { id, .. } => {
                            prop_assert_eq!(Some(id), target.editing.as_ref(), "an edit of another answer");
                        }
                        _ => {}
                    }
                }
                if hold_next {
                    hold_next = false;
                    held = Some(changes);
                } else {
                    for c in &changes {
                        journal.apply(c).expect("a checked change applies");
                    }
                    let more = update(&mut s, Action::Persisted);
                    prop_assert!(more.iter().all(|e| matches!(e, Effect::KeepUnsaved(_))), "{more:?}");
                }
            }
            hold_next = false;
            let all = all_text(s.run().unwrap(), &journal);
            for c in &typed {
                prop_assert!(all.contains(*c), "{c:?} was lost");
            }
            if s.quit {
                break;
            }
        }
    }
}
