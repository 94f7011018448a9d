//! `hearth join` reads the facilitator's keymap: in each of its contexts, every key of the
//! tables — the keys its key bar and help show — runs the command they name, checked by the
//! change that command makes on the note-taker's screen; a command only the facilitator may run
//! says so and types nothing. A keys file's remapped keys work and show here too.

#[path = "keymap/join_panels.rs"]
mod join_panels;

use std::collections::BTreeMap;

use hearth::model::convergence::{RoundKind, RoundState, VoteOn};
use hearth::net::api::{
    Answer, ExerciseInfo, FieldInfo, RoundInfo, RoundItem, SessionReply, SlotInfo,
};
use hearth::net::client::LinkEvent;
use hearth::tui::join::{JoinAction, JoinEffect, JoinState, MineState, update};
use hearth::tui::keymap::{Command, Context, Key, Keymap, on_join};
use hearth::tui::state::Focus;
use hearth::tui::theme::Theme;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

fn exercise(id: &str, position: usize) -> ExerciseInfo {
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
    ExerciseInfo {
        seed: String::new(),
        id: id.into(),
        title: format!("Exercise {id}"),
        kind: "value_conflict".into(),
        instructions: String::new(),
        question: String::new(),
        position,
        of: 2,
        slots: vec![slot("a"), slot("b")],
    }
}

fn reply(e: ExerciseInfo) -> JoinAction {
    let answers = (0..6)
        .map(|i| Answer {
            parent: None,
            id: format!("s{i}"),
            exercise: e.id.clone(),
            slot: "a".into(),
            group: Some("Table 1".into()),
            text: format!("answer {i}"),
            fields: BTreeMap::new().into_iter().collect(),
            at: "2026-01-01T10:00:00Z".into(),
        })
        .collect();
    let round = RoundInfo {
        id: "r1".into(),
        exercise: e.id.clone(),
        on: VoteOn::Answers,
        kind: RoundKind::Rating,
        state: RoundState::Open,
        items: vec![RoundItem {
            id: "s1".into(),
            text: "answer 1".into(),
        }],
        voters: 0,
        devices: None,
        mine: None,
        results: None,
    };
    JoinAction::Link(LinkEvent::Session(Box::new(SessionReply {
        parents: Vec::new(),
        title: "Keys".into(),
        group: Some("Table 1".into()),
        exercise: e,
        answers,
        rounds: vec![round],
        withdrawn: Vec::new(),
    })))
}

/// The event a terminal sends for `key`.
fn event(key: &Key) -> KeyEvent {
    key.event()
}

fn press(s: &mut JoinState, code: KeyCode) -> Vec<JoinEffect> {
    update(s, JoinAction::Key(KeyEvent::new(code, KeyModifiers::NONE)))
}

/// A note-taker on exercise "one" with six answers in its first slot, one answer of its own
/// refused by the server, and a rating open; typing in `focus`.
fn state(keymap: &Keymap, focus: Focus) -> JoinState {
    let mut s = JoinState::new("http://x".into(), "Table 1".into(), Theme::plain());
    s.keymap = keymap.clone();
    update(&mut s, reply(exercise("one", 1)));
    for c in "refused".chars() {
        press(&mut s, KeyCode::Char(c));
    }
    let effects = press(&mut s, KeyCode::Enter);
    let Some(JoinEffect::Queue { request, .. }) = effects.first() else {
        panic!("{effects:?}")
    };
    let id = request.id.clone();
    update(&mut s, JoinAction::Queued);
    update(
        &mut s,
        JoinAction::Link(LinkEvent::Refused {
            id,
            status: 422,
            message: "no".into(),
        }),
    );
    assert!(matches!(s.mine[0].state, MineState::Failed(_)));
    s.banner = None;
    s.focus = focus;
    if focus == Focus::Select {
        // An answer in the middle selected, so there is one above and one below.
        s.selected = Some("s3".into());
    }
    s
}

/// Presses `key` where `command` can be seen to work on the note-taker's screen, and says
/// whether it did what `command` names (or, for a command only the facilitator has, that it
/// said so and changed nothing).
fn runs(
    keymap: &Keymap,
    context: Context,
    focus: Focus,
    command: Command,
    key: &Key,
) -> Result<(), String> {
    use Command as C;
    let mut s = state(keymap, focus);
    match command {
        C::Save | C::NewLine => {
            for c in "typed".chars() {
                press(&mut s, KeyCode::Char(c));
            }
        }
        C::NextExercise | C::PreviousExercise => {
            // Text half typed, then the facilitator moves on: two exercises to go between.
            s.focus = Focus::Capture;
            for c in "half".chars() {
                press(&mut s, KeyCode::Char(c));
            }
            update(&mut s, reply(exercise("two", 2)));
            s.focus = focus;
        }
        C::Edit => {
            let id = s.mine[0].request.id.clone();
            s.selected = Some(id);
        }
        _ => {}
    }
    let (slot, field, target, selected, texts) = (
        s.slot,
        s.capture_field,
        s.target.as_ref().map(|t| t.id.clone()),
        s.selected.clone(),
        s.capture
            .iter()
            .map(|b| b.text().to_owned())
            .collect::<Vec<_>>(),
    );
    let effects = update(&mut s, JoinAction::Key(event(key)));
    let status = s.status.clone().unwrap_or_default();
    let now: Vec<String> = s.capture.iter().map(|b| b.text().to_owned()).collect();
    let ok = match command {
        C::Help => s.help,
        C::Quit => s.quit || s.quit_ask,
        C::NextSlot | C::PreviousSlot => s.slot != slot,
        C::NextField => s.capture_field != field,
        // This exercise's answers go under no other: it says so, and keeps the text.
        C::NextParent => status.contains("goes under no other answer") && now == texts,
        C::NextExercise | C::PreviousExercise => s.target.as_ref().map(|t| t.id.clone()) != target,
        C::BrowseDown | C::BrowseUp => s.focus == Focus::Select && s.selected != selected,
        C::Save => effects
            .iter()
            .any(|e| matches!(e, JoinEffect::Queue { request, .. } if request.text == "typed")),
        C::NewLine => now[0].contains('\n'),
        C::LeaveBox => s.focus == Focus::Select,
        C::Type => s.focus == Focus::Capture,
        C::SelectUp | C::SelectDown => s.selected != selected,
        C::Edit => s.fixing.is_some(),
        C::Vote | C::VotePanel => s.vote.is_some(),
        C::NextGroup => status.contains("--group") && now == texts,
        other => {
            assert!(on_join(other).is_none(), "{other:?}");
            status.contains("facilitator's screen") && now == texts && effects.is_empty()
        }
    };
    if ok {
        Ok(())
    } else {
        Err(format!(
            "[{}] {key} ({focus:?}) did not {}: status {status:?}, effects {effects:?}",
            context.name(),
            command.name(),
        ))
    }
}

/// Every key of every table the note-taker's screen reads runs its command there.
fn check_all(keymap: &Keymap) {
    let mut failures = Vec::new();
    let mut checked = 0;
    for context in Context::JOIN {
        // Anywhere and the join table work from the box and from the answers alike.
        let focuses: &[Focus] = match context {
            Context::Typing => &[Focus::Capture],
            Context::Selecting => &[Focus::Select],
            _ => &[Focus::Capture, Focus::Select],
        };
        for (command, keys) in keymap.table(context) {
            for key in keys {
                for focus in focuses {
                    // A key the table above it already takes (Enter saves in the box) is not
                    // this command's there.
                    let here = match focus {
                        Focus::Capture => Context::Typing,
                        Focus::Select => Context::Selecting,
                    };
                    if keymap.join_command(here, &event(key)).map(|(_, c)| c) != Some(*command) {
                        continue;
                    }
                    checked += 1;
                    if let Err(e) = runs(keymap, context, *focus, *command, key) {
                        failures.push(e);
                    }
                }
            }
        }
    }
    assert!(checked > 60, "only {checked} keys checked");
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn every_key_of_the_join_screen_runs_the_command_its_bar_and_help_name() {
    check_all(&Keymap::default());
}

#[test]
fn the_join_bar_and_help_show_only_keys_that_run_their_command() {
    let map = Keymap::default();
    for (context, focus) in [
        (Context::Typing, Focus::Capture),
        (Context::Selecting, Focus::Select),
    ] {
        let keys: Vec<Key> = [context, Context::Join, Context::Anywhere]
            .iter()
            .flat_map(|c| map.table(*c).iter().flat_map(|(_, k)| k.iter().copied()))
            .collect();
        let bar = map.join_bar(context, |_| true, |_| true);
        assert!(bar.len() >= 5, "{bar:?}");
        for (shown, label) in &bar {
            for k in shown.split('/') {
                let key = keys
                    .iter()
                    .find(|key| key.short() == k)
                    .unwrap_or_else(|| panic!("{k} {label} is not a key of the join screen"));
                let (_, command) = map.join_command(context, &event(key)).expect("a command");
                assert!(on_join(command).is_some(), "{k} {label}: {command:?}");
                runs(&map, context, focus, command, key).unwrap();
            }
        }
    }
    // The help lists only what the note-taker may do.
    for context in Context::JOIN {
        for (_, what) in map.join_help(context, |_| true) {
            assert!(
                !what.contains("timer") && !what.contains("projection"),
                "[{}] {what}",
                context.name()
            );
        }
    }
}

#[test]
fn esc_while_selecting_only_says_how_to_type_again() {
    let mut s = state(&Keymap::default(), Focus::Select);
    press(&mut s, KeyCode::Esc);
    assert_eq!(s.focus, Focus::Select);
    assert!(
        s.status
            .as_deref()
            .unwrap()
            .contains("i goes back to typing")
    );
    // Remapped, the message follows.
    let map = Keymap::with_file("[selecting]\ntype = \"Insert\"\n").unwrap();
    let mut s = state(&map, Focus::Select);
    press(&mut s, KeyCode::Esc);
    press(&mut s, KeyCode::Char('i'));
    assert_eq!(s.focus, Focus::Select, "i is no longer the key");
    assert!(
        s.status
            .as_deref()
            .unwrap()
            .contains("Ins goes back to typing")
    );
    press(&mut s, KeyCode::Insert);
    assert_eq!(s.focus, Focus::Capture);
    assert_eq!(s.capture[0].text(), "");
}

const REMAPPED: &str = r#"
[typing]
new_line = "Ctrl-J"
save = ["Enter", "Ctrl-S"]

[anywhere]
next_slot = ["Tab", "F3"]
next_exercise = "Ctrl-Right"
previous_exercise = "Ctrl-Left"

[selecting]
edit = "Ctrl-E"
type = ["i", "Insert"]

[join]
vote_panel = "F10"
"#;

#[test]
fn remapped_keys_run_their_commands_on_the_join_screen_and_show_there() {
    let map = Keymap::with_file(REMAPPED).expect("a valid keys file");
    check_all(&map);
    let mut s = state(&map, Focus::Capture);
    press(&mut s, KeyCode::F(4));
    assert!(s.vote.is_none(), "the replaced key does nothing now");
    let mut terminal = ratatui::Terminal::new(ratatui::backend::TestBackend::new(120, 30)).unwrap();
    terminal.draw(|f| hearth::tui::join::view(&s, f)).unwrap();
    let screen = terminal.backend().to_string();
    for shown in [
        "Enter send",
        "F10 vote",
        "^J new line",
        "Tab slot",
        "Esc answers",
    ] {
        assert!(screen.contains(shown), "{shown:?} in {screen}");
    }
    s.help = true;
    terminal.draw(|f| hearth::tui::join::view(&s, f)).unwrap();
    let screen = terminal.backend().to_string();
    assert!(screen.contains("Tab, F3"), "{screen}");
    assert!(!screen.contains("F4 "), "{screen}");
}

#[test]
fn the_refused_answer_banner_names_the_keys_as_remapped() {
    let map = Keymap::with_file("[selecting]\nedit = \"Ctrl-E\"\n[typing]\nleave_box = \"F12\"\n")
        .expect("a valid keys file");
    let mut s = state(&map, Focus::Capture);
    let id = s.mine[0].request.id.clone();
    update(
        &mut s,
        JoinAction::Link(LinkEvent::Refused {
            id,
            status: 422,
            message: "no".into(),
        }),
    );
    let banner = s.banner.clone().unwrap_or_default();
    assert!(
        banner.contains("F12, choose it, Ctrl-E to correct it"),
        "{banner}"
    );
}
