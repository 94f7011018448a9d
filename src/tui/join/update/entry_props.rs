//! The oracle for the note-taker's capture box, as for the facilitator's: random key sequences
//! — typing, Tab, Shift-Tab, Ctrl-F, Ctrl-N/P, Esc and `i`, sends held on their way to the
//! outbox, the facilitator moving along the agenda, kills and restarts from the drafts file —
//! never send an answer anywhere but where the box said, never lose a typed character, and
//! Esc never changes an entry.

use super::entry_tests::pairs;
use super::tests::{conflicts, key, pathways, session, with};
use super::*;
use crate::net::api::Event;
use crate::net::client::LinkEvent;
use crate::tui::join::state::JoinState;
use crate::tui::theme::Theme;
use proptest::prelude::*;
use ratatui::crossterm::event::KeyModifiers;

#[derive(Debug, Clone)]
enum Op {
    Type(usize),
    Key(KeyCode, KeyModifiers),
    /// Enter, its answer held on the way to the outbox until `Confirm`.
    Hold,
    Confirm,
    /// The facilitator moves to another exercise.
    Agenda(usize),
    Restart,
    /// The server refuses the answer sent last (then `e` on it corrects it).
    Refuse,
}

fn exercises() -> [ExerciseInfo; 3] {
    [pathways(), conflicts(), pairs()]
}

fn op() -> impl Strategy<Value = Op> {
    let none = KeyModifiers::NONE;
    let ctrl = KeyModifiers::CONTROL;
    prop_oneof![
        8 => (1usize..5).prop_map(Op::Type),
        2 => Just(Op::Key(KeyCode::Enter, none)),
        1 => Just(Op::Hold),
        1 => Just(Op::Confirm),
        1 => (0usize..3).prop_map(Op::Agenda),
        1 => Just(Op::Restart),
        1 => Just(Op::Refuse),
        8 => prop::sample::select(vec![
            (KeyCode::Tab, none),
            (KeyCode::BackTab, KeyModifiers::SHIFT),
            (KeyCode::Char('f'), ctrl),
            (KeyCode::Char('n'), ctrl),
            (KeyCode::Char('p'), ctrl),
            (KeyCode::Char('g'), ctrl),
            (KeyCode::Esc, none),
            (KeyCode::Char('i'), none),
            (KeyCode::Char('e'), none),
            (KeyCode::Up, none),
            (KeyCode::Down, none),
            (KeyCode::Enter, KeyModifiers::ALT),
        ])
        .prop_map(|(k, m)| Op::Key(k, m)),
    ]
}

/// Every entry with text: its place and its boxes' texts. A correction left as the refused
/// answer was is no entry (the refused answer holds that text).
fn entries(s: &JoinState) -> Vec<String> {
    let unchanged = |p: &EntryPlace, texts: &Vec<String>| match p {
        EntryPlace::Edit(id) => s.refused_texts(id).as_ref() == Some(texts),
        EntryPlace::New { .. } => false,
    };
    let mut out: Vec<String> = s
        .parked
        .iter()
        .filter(|(p, e)| !unchanged(p, &e.texts()))
        .map(|(p, e)| format!("{p:?} {:?}", e.texts()))
        .collect();
    let live: Vec<String> = s.capture.iter().map(|b| b.text().to_owned()).collect();
    let place = s.live_place();
    if live.iter().any(|t| !t.is_empty()) && !place.as_ref().is_some_and(|p| unchanged(p, &live)) {
        // Named as a waiting entry's place is, so moving between the box and waiting is no change.
        match &place {
            Some(p) => out.push(format!("{p:?} {live:?}")),
            None => out.push(format!("None {live:?}")),
        }
    }
    out.sort();
    out
}

/// Every text the note-taker's words can be in: answers handed to the outbox, and entries.
fn all_text(s: &JoinState, sent: &[ContributionRequest]) -> String {
    let mut all = String::new();
    for r in sent {
        all.push_str(&r.text);
        all.extend(r.fields.values().map(String::as_str));
    }
    for (_, e) in s.parked.iter() {
        all.extend(e.texts());
    }
    all.extend(s.capture.iter().map(|b| b.text().to_owned()));
    all
}

fn unique(n: usize) -> char {
    char::from_u32(0x4E00 + n as u32).unwrap()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(96))]

    #[test]
    fn every_send_goes_where_the_box_said_and_no_typed_character_is_lost(
        ops in prop::collection::vec(op(), 1..100),
    ) {
        let mut s = JoinState::new("http://x".into(), "Table 1".into(), Theme::plain());
        update(&mut s, session(pathways(), Vec::new()));
        let mut typed: Vec<char> = Vec::new();
        let mut next = 0usize;
        let mut sent: Vec<ContributionRequest> = Vec::new();
        let mut held = false;
        let mut hold_next = false;
        for op in ops {
            let target = (
                s.target.as_ref().map(|t| t.id.clone()),
                s.current_slot().map(|x| x.id.clone()),
            );
            let before = entries(&s);
            let action = match op {
                Op::Type(n) => {
                    for _ in 0..n {
                        let c = unique(next);
                        next += 1;
                        update(&mut s, key(KeyCode::Char(c)));
                        // Typed into the box (not a command, not a mark): counted.
                        if s.capture.iter().any(|b| b.text().contains(c)) {
                            typed.push(c);
                        }
                    }
                    continue;
                }
                Op::Hold => {
                    if held {
                        continue;
                    }
                    hold_next = true;
                    key(KeyCode::Enter)
                }
                Op::Confirm => {
                    if held {
                        held = false;
                        update(&mut s, JoinAction::Queued);
                    }
                    continue;
                }
                Op::Refuse => {
                    let last = s
                        .mine
                        .iter()
                        .rev()
                        .find(|m| m.state == crate::tui::join::state::MineState::Queued);
                    let Some(id) = last.map(|m| m.request.id.clone()) else {
                        continue;
                    };
                    JoinAction::Link(LinkEvent::Refused {
                        id,
                        status: 422,
                        message: "refused".into(),
                    })
                }
                Op::Agenda(i) => JoinAction::Link(LinkEvent::Event(Event::Agenda {
                    exercise: exercises()[i].clone(),
                })),
                Op::Restart => {
                    if held {
                        // Killed before the outbox took it: nothing was sent.
                        held = false;
                        sent.pop();
                    }
                    let effects = update(&mut s, JoinAction::Quit);
                    // No drafts file is written when nothing was ever typed.
                    let d = match effects.first() {
                        Some(JoinEffect::KeepDraft(d)) => d.clone(),
                        _ => {
                            prop_assert!(!s.draft().has_text(), "typed text not kept: {effects:?}");
                            s.draft()
                        }
                    };
                    let facilitator = s.exercise.clone().unwrap_or_else(pathways);
                    s = JoinState::new("http://x".into(), "Table 1".into(), Theme::plain());
                    s.restore(&d);
                    update(&mut s, session(facilitator, Vec::new()));
                    let all = all_text(&s, &sent);
                    for c in &typed {
                        prop_assert!(all.contains(*c), "{c:?} was lost over the restart");
                    }
                    continue;
                }
                Op::Key(code, m) => with(code, m),
            };
            let is_esc = matches!(&action, JoinAction::Key(k) if k.code == KeyCode::Esc);
            let panel = s.vote.is_some() || s.help || s.quit_ask;
            let effects = update(&mut s, action);
            if is_esc && !panel {
                prop_assert_eq!(&before, &entries(&s), "Esc changed an entry");
            }
            for e in effects {
                if let JoinEffect::Queue { request, .. } = e {
                    prop_assert_eq!(
                        (Some(&request.exercise), Some(&request.slot)),
                        (target.0.as_ref(), target.1.as_ref()),
                        "sent elsewhere than the box said"
                    );
                    sent.push(request);
                    if hold_next {
                        held = true;
                    } else {
                        update(&mut s, JoinAction::Queued);
                    }
                }
            }
            hold_next = false;
            let all = all_text(&s, &sent);
            for c in &typed {
                prop_assert!(all.contains(*c), "{c:?} was lost");
            }
            if s.quit {
                break;
            }
        }
    }
}
