//! Voting on the note-taker screen, driven by keys and server news, checked on the screen.

use std::collections::BTreeMap;

use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use super::*;
use crate::model::convergence::{Rating, VoteOn};
use crate::net::api::{
    BallotRequest, Event, ExerciseInfo, RoundItem, RoundResult, SessionReply, SlotInfo,
};
use crate::net::client::LinkEvent;
use crate::tui::join::{JoinAction, update};
use crate::tui::theme::Theme;

fn exercise(id: &str) -> ExerciseInfo {
    ExerciseInfo {
        seed: String::new(),
        question: String::new(),
        id: id.into(),
        title: format!("Exercise {id}"),
        kind: "prompt_round".into(),
        instructions: "Talk in your group.".into(),
        position: 1,
        of: 2,
        slots: vec![SlotInfo {
            parent_slot: None,
            id: "q1".into(),
            label: "1. Areas?".into(),
            text_label: "answer".into(),
            text_optional: false,
            fields: Vec::new(),
        }],
    }
}

fn items() -> Vec<RoundItem> {
    [
        ("a", "Peer mentors"),
        ("b", "Paid training\u{1b}[31m"),
        ("c", "A career ladder"),
    ]
    .iter()
    .map(|(id, text)| RoundItem {
        id: (*id).into(),
        text: (*text).into(),
    })
    .collect()
}

/// A round of `pathways`: 3 dots each, at most 2 on one.
fn dots_round(state: RoundState) -> RoundInfo {
    RoundInfo {
        id: "r1".into(),
        exercise: "pathways".into(),
        on: VoteOn::Answers,
        kind: RoundKind::Dots {
            dots: 3,
            per_item: Some(2),
        },
        state,
        items: items(),
        voters: 0,
        devices: None,
        mine: None,
        results: None,
    }
}

fn rating_round() -> RoundInfo {
    RoundInfo {
        id: "r2".into(),
        kind: RoundKind::Rating,
        ..dots_round(RoundState::Open)
    }
}

fn session(exercise_id: &str, rounds: Vec<RoundInfo>) -> JoinAction {
    JoinAction::Link(LinkEvent::Session(Box::new(SessionReply {
        parents: Vec::new(),
        title: "Dreaming together".into(),
        group: Some("Table 1".into()),
        exercise: exercise(exercise_id),
        answers: Vec::new(),
        rounds,
        withdrawn: Vec::new(),
    })))
}

fn round_event(round: RoundInfo) -> JoinAction {
    JoinAction::Link(LinkEvent::Event(Event::Round { round }))
}

fn state_with(rounds: Vec<RoundInfo>) -> JoinState {
    let mut s = JoinState::new(
        "http://127.0.0.1:7878/".into(),
        "Table 1".into(),
        Theme::plain(),
    );
    update(&mut s, session("pathways", rounds));
    update(&mut s, JoinAction::Link(LinkEvent::Up));
    s
}

fn key(s: &mut JoinState, code: KeyCode) -> Vec<JoinEffect> {
    update(s, JoinAction::Key(KeyEvent::new(code, KeyModifiers::NONE)))
}

fn keys(s: &mut JoinState, codes: &[KeyCode]) {
    for c in codes {
        key(s, *c);
    }
}

fn screen(state: &JoinState, w: u16, h: u16) -> String {
    let mut t = Terminal::new(TestBackend::new(w, h)).unwrap();
    t.draw(|f| crate::tui::join::view(state, f)).unwrap();
    let buf = t.backend().buffer().clone();
    let mut out = String::new();
    for y in 0..h {
        for x in 0..w {
            out.push_str(buf[(x, y)].symbol());
        }
        out.push('\n');
    }
    out
}

fn status(s: &JoinState) -> String {
    s.status.clone().unwrap_or_default()
}

#[test]
fn an_open_round_is_announced_and_f4_opens_the_panel_with_its_items() {
    let mut s = state_with(Vec::new());
    let out = screen(&s, 80, 24);
    assert!(!out.contains("A vote is open"), "{out}");
    assert!(!out.contains("F4"), "no vote, no F4: {out}");
    key(&mut s, KeyCode::F(4));
    assert!(s.vote.is_none());
    assert!(status(&s).contains("No vote"), "{:?}", s.status);

    let mut s = state_with(vec![dots_round(RoundState::Open)]);
    let out = screen(&s, 80, 24);
    assert!(out.contains("A vote is open — F4 to vote"), "{out}");
    assert!(out.contains("F4 vote"), "{out}");
    key(&mut s, KeyCode::F(4));
    assert!(s.vote.is_some());
    let out = screen(&s, 80, 24);
    for needle in [
        "Vote on the answers: 3 dots each, at most 2 on one",
        "Dots left: 3 of 3",
        "You have not voted yet.",
        "▶ ·",
        "Peer mentors",
        // Control characters shown as symbols, never sent to the terminal.
        "Paid training␛[31m",
        "A career ladder",
        "Enter send",
        "Esc close",
        "F1 help",
        "^Q quit",
    ] {
        assert!(out.contains(needle), "{needle:?} in\n{out}");
    }
    assert!(!out.contains('\u{1b}'));
    // F4 again closes it.
    key(&mut s, KeyCode::F(4));
    assert!(s.vote.is_none());
}

#[test]
fn dots_are_given_within_the_rounds_limits_and_refused_beyond_them_saying_why() {
    let mut s = state_with(vec![dots_round(RoundState::Open)]);
    key(&mut s, KeyCode::F(4));
    keys(&mut s, &[KeyCode::Char('+'), KeyCode::Right]);
    assert_eq!(s.vote.as_ref().unwrap().dots.get("a"), Some(&2));
    key(&mut s, KeyCode::Char('+'));
    assert_eq!(s.vote.as_ref().unwrap().dots.get("a"), Some(&2));
    assert!(
        status(&s).contains("At most 2 dots on one item"),
        "{:?}",
        s.status
    );
    keys(&mut s, &[KeyCode::Down, KeyCode::Char('+')]);
    assert_eq!(s.vote.as_ref().unwrap().given(), 3);
    assert!(s.status.is_none(), "a dot given clears the refusal");
    keys(&mut s, &[KeyCode::Down, KeyCode::Char('+')]);
    assert_eq!(s.vote.as_ref().unwrap().given(), 3, "no fourth dot");
    assert!(
        status(&s).contains("All 3 of your dots are given"),
        "{:?}",
        s.status
    );
    key(&mut s, KeyCode::Char('-'));
    assert!(status(&s).contains("No dot on this item"), "{:?}", s.status);
    let out = screen(&s, 80, 24);
    assert!(out.contains("Dots left: 0 of 3"), "{out}");
    assert!(out.contains("│  ●●    Peer mentors"), "{out}");
    assert!(out.contains("│  ●     Paid training"), "{out}");
    assert!(out.contains("│▶ ·     A career ladder"), "{out}");
    assert!(out.contains("Changed, not sent"), "{out}");
    // Taking one off makes room again.
    keys(&mut s, &[KeyCode::Up, KeyCode::Left]);
    assert_eq!(s.vote.as_ref().unwrap().given(), 2);
    assert_eq!(s.vote.as_ref().unwrap().dots.get("b"), None);
}

#[test]
fn enter_sends_exactly_the_ballot_made_and_counted_is_said_only_once_the_server_says_so() {
    let mut s = state_with(vec![dots_round(RoundState::Open)]);
    key(&mut s, KeyCode::F(4));
    // Nothing given, nothing counted yet: nothing to send.
    assert!(key(&mut s, KeyCode::Enter).is_empty());
    keys(
        &mut s,
        &[
            KeyCode::Down,
            KeyCode::Down,
            KeyCode::Char('+'),
            KeyCode::Up,
            KeyCode::Up,
            KeyCode::Char('+'),
            KeyCode::Char('+'),
        ],
    );
    let effects = key(&mut s, KeyCode::Enter);
    let want = BallotRequest {
        round: "r1".into(),
        dots: Some(vec!["a".into(), "a".into(), "c".into()]),
        ratings: None,
    };
    assert_eq!(effects, vec![JoinEffect::Cast(want.clone())]);
    assert!(!status(&s).contains("counted"), "{:?}", s.status);
    assert!(!screen(&s, 80, 24).contains("✓ vote counted"));
    // A second Enter while it is on its way sends nothing more.
    assert!(key(&mut s, KeyCode::Enter).is_empty());

    // Not sent: the panel stays, the ballot is kept, and it can be sent again.
    update(
        &mut s,
        JoinAction::Voted {
            round: "r1".into(),
            outcome: VoteOutcome::NotSent("cannot reach 127.0.0.1:7878".into()),
        },
    );
    let out = screen(&s, 80, 24);
    assert!(out.contains("✗ vote not sent, try again (Enter)"), "{out}");
    // The key named is the one that sends: remapped, the status names the new key.
    s.keymap = crate::tui::keymap::Keymap::with_file("[join_dots]\nsend = \"Ctrl-s\"\n").unwrap();
    update(
        &mut s,
        JoinAction::Voted {
            round: "r1".into(),
            outcome: VoteOutcome::NotSent("cannot reach 127.0.0.1:7878".into()),
        },
    );
    assert!(status(&s).contains("try again (Ctrl-S)"), "{:?}", s.status);
    s.keymap = crate::tui::keymap::Keymap::default();
    assert!(!out.contains("✓ vote counted"), "{out}");
    assert!(s.vote.is_some());
    assert_eq!(
        key(&mut s, KeyCode::Enter),
        vec![JoinEffect::Cast(want.clone())]
    );

    // Closed while on its way (sent again just above): not said to be unsent.
    key(&mut s, KeyCode::Esc);
    assert!(status(&s).contains("on its way"), "{:?}", s.status);
    update(
        &mut s,
        JoinAction::Voted {
            round: "r1".into(),
            outcome: VoteOutcome::NotSent("the server is busy".into()),
        },
    );
    assert!(
        status(&s).contains("✗ vote not sent, try again (F4 to vote again)"),
        "{:?}",
        s.status
    );
    key(&mut s, KeyCode::F(4));
    keys(
        &mut s,
        &[
            KeyCode::Char('+'),
            KeyCode::Char('+'),
            KeyCode::End,
            KeyCode::Char('+'),
        ],
    );
    assert_eq!(
        key(&mut s, KeyCode::Enter),
        vec![JoinEffect::Cast(want.clone())]
    );

    // Refused: the server's message, and nothing else.
    update(
        &mut s,
        JoinAction::Voted {
            round: "r1".into(),
            outcome: VoteOutcome::Refused(
                "this vote is closed: ballots can no longer be cast or changed".into(),
            ),
        },
    );
    let out = screen(&s, 80, 24);
    assert!(
        out.contains("✗ vote not counted: this vote is closed"),
        "{out}"
    );
    assert!(!out.contains("✓ vote counted") && !out.contains("try again"));

    // Counted: said, the panel gives way to the box, the round shows the ballot as the device's.
    assert_eq!(
        key(&mut s, KeyCode::Enter),
        vec![JoinEffect::Cast(want.clone())]
    );
    update(
        &mut s,
        JoinAction::Voted {
            round: "r1".into(),
            outcome: VoteOutcome::Counted,
        },
    );
    let out = screen(&s, 80, 24);
    assert!(out.contains("✓ vote counted"), "{out}");
    assert!(!out.contains("✗"), "{out}");
    assert!(s.vote.is_none());
    assert_eq!(s.rounds[0].mine, Some(Choice::Dots(want.dots.unwrap())));
    assert!(out.contains("yours is counted — F4 to change it"), "{out}");
    // Opening it again starts from the counted ballot.
    key(&mut s, KeyCode::F(4));
    assert_eq!(s.vote.as_ref().unwrap().given(), 3);
    assert!(screen(&s, 80, 24).contains("Your vote as the server has it"));
}

#[test]
fn a_rating_round_takes_two_values_per_item_and_sends_only_complete_ones() {
    let mut s = state_with(vec![rating_round()]);
    key(&mut s, KeyCode::F(4));
    // Impact then uncertainty, then on to the next item.
    keys(&mut s, &[KeyCode::Char('4'), KeyCode::Char('2')]);
    assert_eq!(s.vote.as_ref().unwrap().cursor, 1);
    key(&mut s, KeyCode::Char('7'));
    assert!(status(&s).contains("1 (low) to 5"), "{:?}", s.status);
    key(&mut s, KeyCode::Char('5'));
    let effects = key(&mut s, KeyCode::Enter);
    assert!(effects.is_empty(), "an item rated on one axis only");
    assert!(
        status(&s).contains("rate both impact and uncertainty of \"Paid training"),
        "{:?}",
        s.status
    );
    let out = screen(&s, 80, 24);
    assert!(out.contains("impact [4] uncert. [2]"), "{out}");
    assert!(out.contains("impact [5] uncert. [ ]"), "{out}");
    assert!(out.contains("1-5 rate"), "{out}");
    // ← → choose the value; + and - step it.
    keys(
        &mut s,
        &[
            KeyCode::Right,
            KeyCode::Char('+'),
            KeyCode::Char('+'),
            KeyCode::Char('-'),
        ],
    );
    let effects = key(&mut s, KeyCode::Enter);
    let mut ratings = BTreeMap::new();
    ratings.insert(
        "a".to_owned(),
        Rating {
            impact: 4,
            uncertainty: 2,
        },
    );
    ratings.insert(
        "b".to_owned(),
        Rating {
            impact: 5,
            uncertainty: 1,
        },
    );
    assert_eq!(
        effects,
        vec![JoinEffect::Cast(BallotRequest {
            round: "r2".into(),
            dots: None,
            ratings: Some(ratings),
        })]
    );
}

#[test]
fn results_are_shown_ranked_once_revealed_and_never_before() {
    let mut s = state_with(vec![dots_round(RoundState::Open)]);
    let mut closed = dots_round(RoundState::Closed);
    closed.voters = 4;
    update(&mut s, round_event(closed));
    let out = screen(&s, 80, 24);
    assert!(
        out.contains("Voting is closed, results when revealed"),
        "{out}"
    );
    key(&mut s, KeyCode::F(4));
    keys(&mut s, &[KeyCode::Char('+'), KeyCode::Enter]);
    assert!(
        status(&s).contains("Voting is closed, results when revealed"),
        "{:?}",
        s.status
    );
    let out = screen(&s, 80, 24);
    assert!(out.contains("4 have voted"), "{out}");
    assert!(
        !out.contains("Results") && !out.contains(" dots  "),
        "{out}"
    );
    // Even results sent by mistake before the reveal are not shown.
    let mut leaky = dots_round(RoundState::Closed);
    leaky.results = Some(vec![RoundResult {
        item: "a".into(),
        count: 3,
        impact: None,
        uncertainty: None,
    }]);
    update(&mut s, round_event(leaky));
    let out = screen(&s, 80, 24);
    assert!(!out.contains("Results") && !out.contains(" 1. "), "{out}");

    // Older news (the round still open) does not undo the close.
    update(&mut s, round_event(dots_round(RoundState::Open)));
    assert_eq!(s.rounds[0].state, RoundState::Closed);

    let mut revealed = dots_round(RoundState::Revealed);
    revealed.voters = 4;
    revealed.results = Some(
        [("c", 5), ("a", 4), ("b", 1)]
            .iter()
            .map(|(item, count)| RoundResult {
                item: (*item).into(),
                count: *count,
                impact: None,
                uncertainty: None,
            })
            .collect(),
    );
    update(&mut s, round_event(revealed));
    let out = screen(&s, 80, 24);
    assert!(out.contains("Results, best first — 4 voted"), "{out}");
    let at = |needle: &str| {
        out.find(needle)
            .unwrap_or_else(|| panic!("{needle:?} in\n{out}"))
    };
    assert!(at(" 1.   5 dots  A career ladder") < at(" 2.   4 dots  Peer mentors"));
    assert!(at(" 2.   4 dots  Peer mentors") < at(" 3.   1 dot   Paid training␛[31m"));
    key(&mut s, KeyCode::Esc);
    let out = screen(&s, 80, 24);
    assert!(
        out.contains("The vote's results are in — F4 to see them"),
        "{out}"
    );
    assert!(out.contains("F4 results"), "{out}");
}

#[test]
fn who_has_voted_is_counted_as_devices_and_groups_when_the_server_says() {
    let mut s = state_with(vec![dots_round(RoundState::Open)]);
    key(&mut s, KeyCode::F(4));
    let mut open = dots_round(RoundState::Open);
    open.voters = 3;
    open.devices = Some(2);
    update(&mut s, round_event(open.clone()));
    let out = screen(&s, 80, 24);
    assert!(out.contains("2 devices and 1 group have voted"), "{out}");
    open.voters = 2;
    update(&mut s, round_event(open.clone()));
    let out = screen(&s, 80, 24);
    assert!(out.contains("2 devices have voted"), "{out}");
    // A server that does not say: only how many.
    open.devices = None;
    update(&mut s, round_event(open));
    let out = screen(&s, 80, 24);
    assert!(out.contains("2 have voted"), "{out}");
}

#[test]
fn rating_results_show_the_mean_impact_and_uncertainty() {
    let mut r = rating_round();
    r.state = RoundState::Revealed;
    r.voters = 2;
    r.results = Some(vec![RoundResult {
        item: "b".into(),
        count: 2,
        impact: Some(4.5),
        uncertainty: Some(3.0),
    }]);
    let mut s = state_with(vec![r]);
    key(&mut s, KeyCode::F(4));
    let out = screen(&s, 80, 24);
    assert!(
        out.contains(" 1. impact 4.5 · uncertainty 3.0 · 2 rated  Paid training"),
        "{out}"
    );
}

#[test]
fn esc_closes_the_panel_and_the_box_keeps_every_character_typed() {
    let mut s = state_with(vec![dots_round(RoundState::Open)]);
    update(&mut s, JoinAction::Typed("half a thought + 12".into()));
    let before = s.draft();
    key(&mut s, KeyCode::F(4));
    // What the event loop gathers as typing, a paste, keys that edit the box elsewhere.
    assert!(!crate::tui::join::update::types_into_box(
        &s,
        &KeyEvent::from(KeyCode::Char('+'))
    ));
    update(&mut s, JoinAction::Typed("+".into()));
    update(&mut s, JoinAction::Paste("pasted".into()));
    keys(
        &mut s,
        &[
            KeyCode::Char('x'),
            KeyCode::Backspace,
            KeyCode::Delete,
            KeyCode::Tab,
        ],
    );
    update(&mut s, JoinAction::Typed("++".into()));
    assert_eq!(s.vote.as_ref().unwrap().given(), 2);
    let effects = key(&mut s, KeyCode::Esc);
    assert!(effects.is_empty(), "Esc sends nothing");
    assert!(s.vote.is_none());
    assert!(status(&s).contains("nothing was sent"), "{:?}", s.status);
    assert_eq!(s.draft(), before);
    assert_eq!(s.capture[0].text(), "half a thought + 12");
    assert!(screen(&s, 80, 24).contains("half a thought + 12"));
    // And the box takes typing again.
    update(&mut s, JoinAction::Typed("!".into()));
    assert_eq!(s.capture[0].text(), "half a thought + 12!");
}

#[test]
fn rounds_follow_the_facilitators_exercise_only() {
    let mut s = state_with(vec![dots_round(RoundState::Open)]);
    // A round of another exercise is not this screen's.
    let mut other = dots_round(RoundState::Open);
    other.id = "elsewhere".into();
    other.exercise = "conflicts".into();
    update(&mut s, round_event(other));
    assert_eq!(s.rounds.len(), 1);
    // A new round of this exercise is.
    let mut second = rating_round();
    second.id = "r3".into();
    update(&mut s, round_event(second));
    assert_eq!(s.rounds.len(), 2);
    key(&mut s, KeyCode::F(4));
    assert_eq!(
        s.vote.as_ref().unwrap().round,
        "r3",
        "the newest open round"
    );

    // The facilitator moves on: the rounds (and the panel) go until the next session reply.
    update(
        &mut s,
        JoinAction::Link(LinkEvent::Event(Event::Agenda {
            exercise: exercise("conflicts"),
        })),
    );
    assert!(s.rounds.is_empty());
    assert!(s.vote.is_none());
    assert!(!screen(&s, 80, 24).contains("A vote is open"));
    update(&mut s, round_event(dots_round(RoundState::Open)));
    assert!(s.rounds.is_empty(), "not until the session says which");
    let mut theirs = dots_round(RoundState::Open);
    theirs.exercise = "conflicts".into();
    update(&mut s, session("conflicts", vec![theirs]));
    assert_eq!(s.rounds.len(), 1);
    assert!(screen(&s, 80, 24).contains("A vote is open — F4 to vote"));
}

#[test]
fn f4_help_and_quit_fit_the_key_bar_at_80_columns_and_the_help_says_votes_are_not_queued() {
    let mut s = state_with(vec![dots_round(RoundState::Open)]);
    // The busiest bar: a slot with fields, and the box behind the facilitator.
    if let Some(e) = &mut s.exercise {
        e.slots[0].fields.push(crate::net::api::FieldInfo {
            name: "benefits".into(),
            label: "Benefits".into(),
            required: false,
            choices: Vec::new(),
        });
    }
    s.target = s.exercise.clone();
    s.reset_fields();
    update(&mut s, JoinAction::Typed("typing".into()));
    update(
        &mut s,
        JoinAction::Link(LinkEvent::Event(Event::Agenda {
            exercise: exercise("conflicts"),
        })),
    );
    let mut theirs = dots_round(RoundState::Open);
    theirs.exercise = "conflicts".into();
    update(&mut s, session("conflicts", vec![theirs]));
    assert!(s.behind());
    let out = screen(&s, 80, 24);
    let bar = out.lines().nth(23).unwrap();
    for needle in ["F4 vote", "F1 help", "^Q quit"] {
        assert!(bar.contains(needle), "{needle:?} in {bar:?}");
    }
    key(&mut s, KeyCode::F(1));
    let mut help = String::new();
    for _ in 0..14 {
        help.push_str(&screen(&s, 80, 24));
        keys(&mut s, &[KeyCode::PageDown]);
    }
    for needle in ["F4", "vote panel", "not queued on this machine"] {
        assert!(help.contains(needle), "{needle:?} in the help");
    }
}
