//! The note-taker screen's update, driven by key sequences and link news.

use std::time::Duration;

use super::*;
use crate::net::api::{Answer, Event, FieldInfo, JoinReply, SessionReply, SlotInfo};
use crate::net::client::LinkEvent;
use crate::tui::join::state::Conn;
use crate::tui::theme::Theme;
use ratatui::crossterm::event::KeyModifiers;

pub(super) fn slot(id: &str, label: &str) -> SlotInfo {
    SlotInfo {
        parent_slot: None,
        id: id.into(),
        label: label.into(),
        text_label: "answer".into(),
        text_optional: false,
        fields: Vec::new(),
    }
}

pub(super) fn exercise(id: &str, slots: Vec<SlotInfo>) -> ExerciseInfo {
    ExerciseInfo {
        seed: String::new(),
        question: String::new(),
        id: id.into(),
        title: format!("Exercise {id}"),
        kind: "prompt_round".into(),
        instructions: "Talk in your group.".into(),
        position: 1,
        of: 2,
        slots,
    }
}

pub(super) fn pathways() -> ExerciseInfo {
    exercise(
        "pathways",
        vec![slot("q1", "1. Areas?"), slot("q4", "4. Your path?")],
    )
}

pub(super) fn conflicts() -> ExerciseInfo {
    let mut e = exercise(
        "conflicts",
        vec![SlotInfo {
            parent_slot: None,
            id: "approaches".into(),
            label: "Approaches".into(),
            text_label: "approach".into(),
            text_optional: false,
            fields: vec![
                FieldInfo {
                    name: "benefits".into(),
                    label: "Benefits".into(),
                    required: false,
                    choices: Vec::new(),
                },
                FieldInfo {
                    name: "risks".into(),
                    label: "Risks".into(),
                    required: false,
                    choices: Vec::new(),
                },
            ],
        }],
    );
    e.kind = "value_conflict".into();
    e
}

pub(super) fn cells() -> ExerciseInfo {
    exercise(
        "roles",
        vec![SlotInfo {
            parent_slot: None,
            id: "intake.a".into(),
            label: "Intake × (a)".into(),
            text_label: "comment".into(),
            text_optional: true,
            fields: vec![FieldInfo {
                name: "mark".into(),
                label: "Mark".into(),
                required: true,
                choices: vec!["Yes".into(), "No".into(), "Maybe".into(), "??".into()],
            }],
        }],
    )
}

pub(super) fn session(e: ExerciseInfo, answers: Vec<Answer>) -> JoinAction {
    JoinAction::Link(LinkEvent::Session(Box::new(SessionReply {
        parents: Vec::new(),
        title: "Dreaming together".into(),
        group: Some("Table 1".into()),
        exercise: e,
        answers,
        rounds: Vec::new(),
        withdrawn: Vec::new(),
    })))
}

pub(super) fn answer(id: &str, slot: &str, text: &str) -> Answer {
    Answer {
        parent: None,
        id: id.into(),
        exercise: "pathways".into(),
        slot: slot.into(),
        group: Some("Table 1".into()),
        text: text.into(),
        fields: Default::default(),
        at: "2026-01-01T10:00:00Z".into(),
    }
}

pub(super) fn state() -> JoinState {
    let mut s = JoinState::new(
        "http://127.0.0.1:7878/".into(),
        "Table 1".into(),
        Theme::plain(),
    );
    update(
        &mut s,
        session(pathways(), vec![answer("s1", "q1", "peer jobs")]),
    );
    s
}

pub(super) fn key(code: KeyCode) -> JoinAction {
    JoinAction::Key(KeyEvent::new(code, KeyModifiers::NONE))
}
pub(super) fn with(code: KeyCode, m: KeyModifiers) -> JoinAction {
    JoinAction::Key(KeyEvent::new(code, m))
}
pub(super) fn ctrl_key(c: char) -> JoinAction {
    with(KeyCode::Char(c), KeyModifiers::CONTROL)
}
pub(super) fn type_text(s: &mut JoinState, text: &str) {
    for c in text.chars() {
        assert!(update(s, key(KeyCode::Char(c))).is_empty());
    }
}
fn queued_request(effects: Vec<JoinEffect>) -> ContributionRequest {
    match effects.as_slice() {
        [JoinEffect::Queue { request, .. }] => request.clone(),
        other => panic!("expected one Queue effect, got {other:?}"),
    }
}

#[test]
fn typing_enter_queues_then_the_server_saves() {
    let mut s = state();
    update(&mut s, key(KeyCode::Tab));
    assert_eq!(s.current_slot().unwrap().id, "q4");
    type_text(&mut s, "Volunteer -->  outreach 🚀");
    update(&mut s, with(KeyCode::Enter, KeyModifiers::ALT));
    type_text(&mut s, "coordinator");
    let r = queued_request(update(&mut s, key(KeyCode::Enter)));
    assert_eq!(r.text, "Volunteer -->  outreach 🚀\ncoordinator");
    assert_eq!((r.exercise.as_str(), r.slot.as_str()), ("pathways", "q4"));
    assert_eq!(r.group, "Table 1");
    // Until the outbox confirms, the text stays in the box and Enter does nothing more.
    assert_eq!(s.capture[0].text(), r.text);
    assert!(update(&mut s, key(KeyCode::Enter)).is_empty());
    update(&mut s, JoinAction::Queued);
    assert_eq!(s.capture[0].text(), "");
    assert_eq!(s.mine[0].state, MineState::Queued);
    assert_eq!(s.last.as_deref(), Some(r.id.as_str()));
    let shown = s.slot_answers();
    assert_eq!(shown.len(), 1);
    assert_eq!(shown[0].mine, Some(&MineState::Queued));
    update(
        &mut s,
        JoinAction::Link(LinkEvent::Saved {
            id: r.id.clone(),
            new: true,
        }),
    );
    assert!(matches!(s.mine[0].state, MineState::Saved(_)));
    // The server's own copy arrives: shown once.
    let mut a = answer(&r.id, "q4", &r.text);
    a.at = "2026-01-01T10:01:00Z".into();
    update(
        &mut s,
        JoinAction::Link(LinkEvent::Event(Event::Answer { answer: a })),
    );
    assert_eq!(s.slot_answers().len(), 1);
}

#[test]
fn a_disk_failure_keeps_the_text_and_the_same_answer_keeps_its_id() {
    let mut s = state();
    type_text(&mut s, "kept");
    let first = queued_request(update(&mut s, key(KeyCode::Enter)));
    update(&mut s, JoinAction::QueueFailed("disk full".into()));
    assert!(s.banner.as_deref().unwrap().contains("NOT QUEUED"));
    assert_eq!(s.capture[0].text(), "kept");
    let again = queued_request(update(&mut s, key(KeyCode::Enter)));
    assert_eq!(again.id, first.id);
    update(&mut s, JoinAction::QueueFailed("disk full".into()));
    type_text(&mut s, "!");
    let changed = queued_request(update(&mut s, key(KeyCode::Enter)));
    assert_ne!(changed.id, first.id, "a different text gets a new id");
}

#[test]
fn empty_enter_does_nothing_and_required_text_is_asked_for() {
    let mut s = state();
    assert!(update(&mut s, key(KeyCode::Enter)).is_empty());
    type_text(&mut s, "   ");
    assert!(update(&mut s, key(KeyCode::Enter)).is_empty());
    assert_eq!(s.capture[0].text(), "   ");
}

#[test]
fn multi_field_slots_mirror_the_facilitator() {
    let mut s = state();
    update(
        &mut s,
        JoinAction::Link(LinkEvent::Event(Event::Agenda {
            exercise: conflicts(),
        })),
    );
    assert_eq!(s.capture.len(), 3);
    type_text(&mut s, "Disclose");
    update(&mut s, ctrl_key('f'));
    type_text(&mut s, "trust");
    update(&mut s, ctrl_key('f'));
    update(&mut s, JoinAction::Paste("line one\r\nline two".into()));
    let r = queued_request(update(&mut s, key(KeyCode::Enter)));
    assert_eq!(r.text, "Disclose");
    assert_eq!(r.fields.get("benefits").map(String::as_str), Some("trust"));
    assert_eq!(
        r.fields.get("risks").map(String::as_str),
        Some("line one\nline two")
    );

    // A cell: the mark comes first, chosen by its first letter; the comment is optional.
    update(&mut s, JoinAction::Queued);
    update(
        &mut s,
        JoinAction::Link(LinkEvent::Event(Event::Agenda { exercise: cells() })),
    );
    assert_eq!(s.capture_field, 1);
    assert_eq!(s.capture[1].text(), "", "no mark is chosen for the group");
    assert!(
        update(&mut s, key(KeyCode::Enter)).is_empty(),
        "a mark is asked for"
    );
    assert!(s.status.as_deref().unwrap().contains("is needed"));
    update(&mut s, key(KeyCode::Char('m')));
    assert_eq!(s.capture[1].text(), "Maybe");
    let r = queued_request(update(&mut s, key(KeyCode::Enter)));
    assert_eq!(r.text, "");
    assert_eq!(r.fields.get("mark").map(String::as_str), Some("Maybe"));
}

#[test]
fn the_box_keeps_its_exercise_when_the_facilitator_moves_on() {
    let mut s = state();
    update(&mut s, key(KeyCode::Tab));
    type_text(&mut s, "half typed");
    update(
        &mut s,
        JoinAction::Link(LinkEvent::Event(Event::Agenda {
            exercise: conflicts(),
        })),
    );
    assert!(s.behind());
    assert!(s.status.as_deref().unwrap().contains("moved on"));
    let r = queued_request(update(&mut s, key(KeyCode::Enter)));
    assert_eq!((r.exercise.as_str(), r.slot.as_str()), ("pathways", "q4"));
    update(&mut s, JoinAction::Queued);
    // Once sent, the box follows the facilitator.
    assert!(!s.behind());
    assert_eq!(s.target.as_ref().unwrap().id, "conflicts");

    // Ctrl-N goes to the new exercise; the typed text waits where it was typed.
    type_text(&mut s, "waiting");
    update(
        &mut s,
        JoinAction::Link(LinkEvent::Event(Event::Agenda {
            exercise: pathways(),
        })),
    );
    assert!(s.behind());
    update(&mut s, ctrl_key('n'));
    assert!(!s.behind());
    assert_eq!(s.capture[0].text(), "");
    update(&mut s, ctrl_key('p'));
    assert_eq!(s.target.as_ref().unwrap().id, "conflicts");
    assert_eq!(s.capture[0].text(), "waiting");
}

#[test]
fn typed_fields_are_never_dropped_by_moving() {
    let mut s = state();
    update(
        &mut s,
        JoinAction::Link(LinkEvent::Event(Event::Agenda {
            exercise: conflicts(),
        })),
    );
    update(&mut s, ctrl_key('f'));
    update(&mut s, ctrl_key('f'));
    type_text(&mut s, "blurred lines");
    // The facilitator moves on; following would leave "risks" nowhere: refused, kept.
    update(
        &mut s,
        JoinAction::Link(LinkEvent::Event(Event::Agenda {
            exercise: pathways(),
        })),
    );
    assert!(s.behind());
    // Going to the facilitator's exercise leaves the entry, every field and the focus, in its
    // slot; coming back brings it back.
    update(&mut s, ctrl_key('n'));
    assert!(!s.behind());
    assert_eq!(s.capture.len(), 1);
    assert_eq!(s.capture[0].text(), "");
    update(&mut s, ctrl_key('p'));
    assert!(s.behind());
    assert_eq!(s.capture[2].text(), "blurred lines");
    assert_eq!(s.capture_field, 2);
    // The approach is required.
    assert!(update(&mut s, key(KeyCode::Enter)).is_empty());
    assert!(
        s.status
            .as_deref()
            .unwrap()
            .contains("type the approach first")
    );
    update(&mut s, ctrl_key('f'));
    type_text(&mut s, "Say so");
    // Sent where it was typed, the box then follows, and typing starts at the top again.
    let r = queued_request(update(&mut s, key(KeyCode::Enter)));
    assert_eq!(
        r.fields.get("risks").map(String::as_str),
        Some("blurred lines")
    );
    assert_eq!(r.exercise, "conflicts");
    update(&mut s, JoinAction::Queued);
    assert_eq!(s.target.as_ref().unwrap().id, "pathways");
    assert_eq!(s.capture_field, 0);
}

#[test]
fn an_oversized_answer_is_refused_before_it_is_queued() {
    let mut s = state();
    update(&mut s, JoinAction::Paste("x".repeat(MAX_BODY_BYTES)));
    assert!(update(&mut s, key(KeyCode::Enter)).is_empty());
    assert!(s.banner.as_deref().unwrap().contains("at most 64 KB"));
    assert_eq!(s.capture[0].text().len(), MAX_BODY_BYTES);
    // And over 1 MiB is not even inserted.
    update(&mut s, JoinAction::Paste("y".repeat(MAX_FIELD_BYTES)));
    assert!(s.banner.as_deref().unwrap().contains("Not inserted"));
    assert_eq!(s.capture[0].text().len(), MAX_BODY_BYTES);
}

#[test]
fn a_refused_answer_is_kept_marked_and_can_be_corrected() {
    let mut s = state();
    type_text(&mut s, "bad");
    let r = queued_request(update(&mut s, key(KeyCode::Enter)));
    update(&mut s, JoinAction::Queued);
    update(
        &mut s,
        JoinAction::Link(LinkEvent::Refused {
            id: r.id.clone(),
            status: 422,
            message: "no such slot".into(),
        }),
    );
    assert_eq!(s.mine[0].state, MineState::Failed("no such slot".into()));
    assert!(
        s.banner
            .as_deref()
            .unwrap()
            .contains("kept on this machine")
    );
    update(&mut s, key(KeyCode::Esc));
    assert_eq!(s.focus, Focus::Select);
    assert_eq!(s.selected.as_deref(), Some(r.id.as_str()));
    update(&mut s, key(KeyCode::Enter));
    assert_eq!(s.fixing.as_deref(), Some(r.id.as_str()));
    assert_eq!(s.capture[0].text(), "bad");
    type_text(&mut s, " fixed");
    match update(&mut s, key(KeyCode::Enter)).as_slice() {
        [JoinEffect::Queue { request, replaces }] => {
            assert_eq!(request.text, "bad fixed");
            assert_ne!(request.id, r.id);
            assert_eq!(replaces.as_deref(), Some(r.id.as_str()));
        }
        other => panic!("{other:?}"),
    }
    update(&mut s, JoinAction::Queued);
    assert_eq!(s.mine.len(), 1);
    assert_eq!(s.mine[0].request.text, "bad fixed");
}

#[test]
fn connection_states_and_signing_out() {
    let mut s = state();
    let now = s.now;
    update(
        &mut s,
        JoinAction::Link(LinkEvent::Down {
            retry_in: Duration::from_secs(2),
            reason: "refused".into(),
        }),
    );
    assert!(
        matches!(&s.conn, Conn::Reconnecting { at, .. } if *at == now + Duration::from_secs(2))
    );
    update(&mut s, JoinAction::Link(LinkEvent::Up));
    assert_eq!(s.conn, Conn::Connected);
    update(
        &mut s,
        JoinAction::Link(LinkEvent::Joined(JoinReply {
            device: "d".into(),
            token: "t".into(),
            group: "Table 1".into(),
        })),
    );
    update(
        &mut s,
        JoinAction::Link(LinkEvent::SignedOut("revoked".into())),
    );
    update(&mut s, JoinAction::Link(LinkEvent::Up));
    assert!(matches!(s.conn, Conn::SignedOut(_)));
    // Typing still queues: it waits on this machine.
    type_text(&mut s, "still kept");
    assert_eq!(
        queued_request(update(&mut s, key(KeyCode::Enter))).text,
        "still kept"
    );
}

#[test]
fn keys_the_note_taker_cannot_use_say_why() {
    let mut s = state();
    update(&mut s, ctrl_key('g'));
    assert!(s.status.as_deref().unwrap().contains("--group"));
    update(&mut s, ctrl_key('n'));
    assert!(
        s.status
            .as_deref()
            .unwrap()
            .contains("follows the facilitator")
    );
    update(&mut s, key(KeyCode::F(1)));
    assert!(s.help);
    update(&mut s, key(KeyCode::Esc));
    assert!(!s.help);
    type_text(&mut s, "unsent");
    assert!(update(&mut s, ctrl_key('q')).is_empty());
    assert!(s.quit_ask && !s.quit, "asks: send, discard or go back");
    update(&mut s, key(KeyCode::Esc));
    assert!(!s.quit_ask && !s.quit);
    assert_eq!(s.capture[0].text(), "unsent");
    // Send it: queued, then quit once it is on disk.
    update(&mut s, ctrl_key('q'));
    let r = queued_request(update(&mut s, key(KeyCode::Char('s'))));
    assert_eq!(r.text, "unsent");
    assert!(!s.quit);
    let effects = update(&mut s, JoinAction::Queued);
    assert_eq!(effects.last(), Some(&JoinEffect::Quit));
    assert!(s.quit);
}

#[test]
fn discarding_quits_and_a_signal_keeps_the_typing_as_a_draft() {
    let mut s = state();
    type_text(&mut s, "thrown away");
    update(&mut s, ctrl_key('q'));
    let effects = update(&mut s, key(KeyCode::Char('d')));
    assert!(matches!(&effects[..], [JoinEffect::Quit]), "{effects:?}");

    let mut s = state();
    update(&mut s, key(KeyCode::Tab));
    type_text(&mut s, "kept 夢");
    let effects = update(&mut s, JoinAction::Quit);
    let [JoinEffect::KeepDraft(d), JoinEffect::Quit] = &effects[..] else {
        panic!("{effects:?}")
    };
    assert_eq!(d.boxes[0], "kept 夢");
    // A new run restores it to the same exercise and slot.
    let mut again = JoinState::new("http://x".into(), "Table 1".into(), Theme::plain());
    again.restore(d);
    assert_eq!(again.capture[0].text(), "kept 夢");
    assert_eq!(again.current_slot().map(|s| s.id.as_str()), Some("q4"));
}

#[test]
fn removed_answers_go_and_the_selection_follows() {
    let mut s = state();
    update(&mut s, key(KeyCode::Esc));
    assert_eq!(s.selected.as_deref(), Some("s1"));
    update(
        &mut s,
        JoinAction::Link(LinkEvent::Event(Event::Removed { id: "s1".into() })),
    );
    assert!(s.slot_answers().is_empty());
    assert_eq!(s.selected, None);
    update(&mut s, key(KeyCode::Down));
    update(&mut s, key(KeyCode::Char('x')));
    update(&mut s, key(KeyCode::Char('i')));
    assert_eq!(s.focus, Focus::Capture);
}

fn any_action() -> impl proptest::strategy::Strategy<Value = JoinAction> {
    use proptest::prelude::*;
    let codes = prop::sample::select(vec![
        KeyCode::Enter,
        KeyCode::Tab,
        KeyCode::BackTab,
        KeyCode::Esc,
        KeyCode::Up,
        KeyCode::Down,
        KeyCode::Left,
        KeyCode::Right,
        KeyCode::Home,
        KeyCode::End,
        KeyCode::PageUp,
        KeyCode::PageDown,
        KeyCode::Backspace,
        KeyCode::Delete,
        KeyCode::F(1),
        KeyCode::F(4),
        KeyCode::F(4),
        KeyCode::F(5),
        KeyCode::Char('+'),
        KeyCode::Char('-'),
        KeyCode::Char('3'),
        KeyCode::Char('9'),
        KeyCode::Char('0'),
        KeyCode::Char('?'),
        KeyCode::Char('e'),
        KeyCode::Char('i'),
        KeyCode::Char('j'),
        KeyCode::Char(' '),
        KeyCode::Char('m'),
        KeyCode::Char('\u{1b}'),
        KeyCode::Char('夢'),
    ]);
    let mods = prop::sample::select(vec![
        KeyModifiers::NONE,
        KeyModifiers::ALT,
        KeyModifiers::SHIFT,
        KeyModifiers::CONTROL,
    ]);
    let ctrl_chars = prop::sample::select(vec!['f', 'n', 'p', 'g']);
    let exercises = prop::sample::select(vec![pathways(), conflicts(), cells()]);
    let slots = prop::sample::select(vec!["q1", "q4", "approaches", "intake.a", "x"]);
    prop_oneof![
        8 => (codes, mods).prop_map(|(c, m)| JoinAction::Key(KeyEvent::new(c, m))),
        2 => ctrl_chars.prop_map(ctrl_key),
        2 => any::<String>().prop_map(JoinAction::Paste),
        1 => exercises.clone().prop_map(|e| JoinAction::Link(LinkEvent::Event(Event::Agenda { exercise: e }))),
        1 => exercises.prop_map(|mut e| {
            e.question = "A centre picked live\u{7}".into();
            JoinAction::Link(LinkEvent::Event(Event::Exercise { exercise: e }))
        }),
        1 => (0..3usize, any::<String>()).prop_map(|(i, text)| JoinAction::Link(LinkEvent::Event(Event::Parents {
            exercise: ["pathways", "conflicts", "cells"][i].into(),
            parents: vec![crate::net::api::ParentChoice { id: format!("a{i}"), slot: "q1".into(), text, group: None }],
        }))),
        2 => (slots, any::<String>()).prop_map(|(slot, text)| {
            let mut a = answer(&format!("a{}", text.len() % 5), slot, &text);
            a.fields.insert("benefits".into(), text);
            JoinAction::Link(LinkEvent::Event(Event::Answer { answer: a }))
        }),
        1 => (0..5usize).prop_map(|i| JoinAction::Link(LinkEvent::Event(Event::Removed { id: format!("a{i}") }))),
        1 => Just(JoinAction::Queued),
        1 => any::<String>().prop_map(JoinAction::QueueFailed),
        1 => (0..3u64).prop_map(|s| JoinAction::Link(LinkEvent::Down { retry_in: Duration::from_secs(s), reason: "gone\u{7}".into() })),
        1 => Just(JoinAction::Link(LinkEvent::Up)),
        1 => any::<String>().prop_map(|m| JoinAction::Link(LinkEvent::SignedOut(m))),
        1 => Just(JoinAction::Tick(std::time::Instant::now())),
        3 => any_round().prop_map(|round| JoinAction::Link(LinkEvent::Event(Event::Round { round }))),
        1 => (0..3usize, any::<String>()).prop_map(|(i, m)| JoinAction::Voted {
            round: format!("r{}", i % 2),
            outcome: match i {
                0 => crate::tui::join::VoteOutcome::Counted,
                1 => crate::tui::join::VoteOutcome::Refused(m),
                _ => crate::tui::join::VoteOutcome::NotSent(m),
            },
        }),
    ]
}

/// A round of the current exercise (mostly), of any kind and state, with odd item texts.
fn any_round() -> impl proptest::strategy::Strategy<Value = crate::net::api::RoundInfo> {
    use crate::model::convergence::{RoundKind, RoundState, VoteOn};
    use crate::net::api::{RoundInfo, RoundItem, RoundResult};
    use proptest::prelude::*;
    let states = prop::sample::select(vec![
        RoundState::Open,
        RoundState::Closed,
        RoundState::Revealed,
    ]);
    let kinds = prop::sample::select(vec![
        RoundKind::Dots {
            dots: 3,
            per_item: Some(2),
        },
        RoundKind::Dots {
            dots: 100,
            per_item: None,
        },
        RoundKind::Rating,
    ]);
    let exercises = prop::sample::select(vec!["pathways", "", "conflicts"]);
    (
        0..2usize,
        exercises,
        kinds,
        states,
        proptest::collection::vec(any::<String>(), 0..5),
        0..3usize,
    )
        .prop_map(|(i, exercise, kind, state, texts, voters)| RoundInfo {
            id: format!("r{i}"),
            exercise: exercise.into(),
            on: VoteOn::Answers,
            kind,
            state,
            items: texts
                .iter()
                .enumerate()
                .map(|(n, t)| RoundItem {
                    id: format!("i{n}"),
                    text: t.clone(),
                })
                .collect(),
            voters,
            devices: None,
            mine: None,
            results: (state == RoundState::Revealed).then(|| {
                texts
                    .iter()
                    .enumerate()
                    .map(|(n, _)| RoundResult {
                        item: format!("i{}", n + voters),
                        count: n as u32,
                        impact: Some(2.5),
                        uncertainty: None,
                    })
                    .collect()
            }),
        })
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(
        std::env::var("PROPTEST_CASES").ok().and_then(|v| v.parse().ok()).unwrap_or(100)
    ))]
    #[test]
    fn any_keys_and_news_at_any_size_never_panic(
        actions in proptest::collection::vec(any_action(), 0..40),
        width in 0u16..220,
        height in 0u16..70,
    ) {
        use ratatui::Terminal;
        use ratatui::backend::TestBackend;
        let mut s = state();
        let mut t = Terminal::new(TestBackend::new(width, height)).unwrap();
        for a in actions {
            let effects = update(&mut s, a);
            // The outbox answers every Queue, sometimes with a failure.
            for e in effects {
                if let JoinEffect::Cast(request) = &e {
                    let outcome = crate::tui::join::VoteOutcome::Counted;
                    update(&mut s, JoinAction::Voted { round: request.round.clone(), outcome });
                }
                if let JoinEffect::Queue { request, .. } = e {
                    let ok = request.text.len() % 2 == 0;
                    update(&mut s, if ok { JoinAction::Queued } else { JoinAction::QueueFailed("disk".into()) });
                    if ok {
                        update(&mut s, JoinAction::Link(LinkEvent::Refused { id: request.id, status: 422, message: "no\u{0}".into() }));
                    }
                }
            }
            t.draw(|f| crate::tui::join::view(&s, f)).unwrap();
        }
        t.draw(|f| crate::tui::join::view(&s, f)).unwrap();
    }
}
