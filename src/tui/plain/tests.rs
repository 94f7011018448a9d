//! The plain mode reaches every command of the run screen's tables, each through the key the
//! keymap gives it, and its help lists them all from the table.

use super::*;
use crate::model::{Scenario, Session};
use crate::tui::keymap::plain::{Form, form, typed};
use crate::tui::keymap::{Command, Context};
use crate::tui::state::{Run, Screen};
use crate::tui::theme::Theme;
use crate::tui::update::update;

fn state() -> State {
    let scenario: Scenario = serde_json::from_str(
        r#"{"id":"s","title":"S","agenda":[{"id":"q","title":"Questions","kind":"prompt_round",
            "minutes":10,"questions":[{"id":"q1","text":"What pulls?"},{"id":"q2","text":"What pushes?"}]},
            {"id":"r","title":"Round two","kind":"prompt_round","questions":[{"id":"r1","text":"And now?"}]}]}"#,
    )
    .unwrap();
    let session = Session::new(scenario, "S".into(), None, vec!["A".into(), "B".into()]);
    let run = Run::new("s.json".into(), session);
    let mut state = State::new(Screen::Run(Box::new(run)), Theme::plain(), 3);
    state.keymap.plain = true;
    // One answer, saved through the same path a typed line takes.
    let mut plain = Plain::start(&state);
    let mut out = Vec::new();
    input::actions(
        &mut plain,
        &mut state,
        Line::Text("An answer".into()),
        &mut out,
    );
    for a in out {
        for e in update(&mut state, a) {
            if let crate::tui::action::Effect::Persist(_) = e {
                update(&mut state, Action::Persisted);
            }
        }
    }
    assert_eq!(state.run().unwrap().session.contributions().len(), 1);
    state
}

/// The run screen's contexts whose commands are typed at the prompt.
const PROMPT: [Context; 3] = [Context::Anywhere, Context::Typing, Context::Selecting];

#[test]
fn every_command_at_the_prompt_runs_through_its_key_in_the_table() {
    let mut state = state();
    let mut plain = Plain::start(&state);
    let mut reached = 0;
    for ctx in PROMPT {
        for (c, _) in state.keymap.table(ctx).to_vec() {
            let Form::Typed(_) = form(c) else { continue };
            if c == Command::Help {
                continue;
            }
            assert_eq!(typed(c.name()), Some(c), "/{} names {c:?}", c.name());
            let mut out = Vec::new();
            let said = input::actions(
                &mut plain,
                &mut state,
                Line::Text(format!("/{} 1", c.name())),
                &mut out,
            );
            let Some(Action::Key(key)) = out.last() else {
                panic!("/{} gives no key: {out:?}, says {said:?}", c.name());
            };
            let runs = PROMPT
                .iter()
                .any(|x| state.keymap.command(*x, key) == Some(c));
            assert!(
                runs,
                "/{} sends {key:?}, which runs another command",
                c.name()
            );
            reached += 1;
        }
    }
    assert!(reached > 30, "only {reached} commands");
}

#[test]
fn the_help_lists_every_command_of_the_run_screen_from_the_table() {
    let state = state();
    let help = describe::help(&state, Context::Typing).join("\n");
    for ctx in PROMPT {
        for (c, _) in state.keymap.table(ctx) {
            let shown = match form(*c) {
                Form::Typed(_) => format!("/{} ", c.name()),
                Form::Line(how) => how.to_owned(),
            };
            assert!(
                help.contains(&shown),
                "{c:?} ({shown}) is not in the help:\n{help}"
            );
        }
    }
    // A panel's help lists that panel's table.
    let vote = describe::help(&state, Context::Vote).join("\n");
    for (c, keys) in state.keymap.table(Context::Vote) {
        if !keys.is_empty() {
            assert!(
                vote.contains(&format!("  {} — ", c.name())),
                "{c:?}:\n{vote}"
            );
        }
    }
}

#[test]
fn messages_name_commands_as_typed_in_the_plain_mode() {
    let state = state();
    assert_eq!(
        state.keymap.name_of(Context::Selecting, Command::Edit),
        "/edit"
    );
    assert_eq!(
        state.keymap.name_of(Context::Typing, Command::Save),
        "Enter"
    );
}

#[test]
fn a_line_of_text_is_an_answer_and_two_slashes_type_one() {
    let mut state = state();
    let mut plain = Plain::start(&state);
    let mut out = Vec::new();
    input::actions(
        &mut plain,
        &mut state,
        Line::Text("//etc is a folder".into()),
        &mut out,
    );
    assert!(
        matches!(out.first(), Some(Action::Replace(t)) if t == "/etc is a folder"),
        "{out:?}"
    );
}

fn key(state: &State, ctx: Context, c: Command) -> Action {
    Action::Key(input::key_of(state, ctx, c).expect("a key"))
}

#[test]
fn the_timer_is_said_once_at_five_minutes_and_once_at_zero() {
    use std::time::Duration;
    let mut state = state();
    let mut said = Said::default();
    said.news(&state);
    let start = state.now;
    let k = key(&state, Context::Anywhere, Command::Timer);
    update(&mut state, k);
    let news = said.news(&state).join("\n");
    assert!(
        news.contains("Timer running: 10 minutes of 10 minutes left."),
        "{news}"
    );
    let at = |secs| Action::Tick(start + Duration::from_secs(secs));
    update(&mut state, at(299));
    assert_eq!(
        said.news(&state),
        Vec::<String>::new(),
        "5:01 left: nothing yet"
    );
    update(&mut state, at(301));
    assert_eq!(said.news(&state), vec!["5 minutes left.".to_owned()]);
    update(&mut state, at(400));
    assert_eq!(said.news(&state), Vec::<String>::new(), "said once");
    update(&mut state, at(601));
    let news = said.news(&state).join("\n");
    assert!(news.contains("Time is up."), "{news}");
}

#[test]
fn an_answer_from_another_group_and_a_move_along_the_agenda_are_each_a_line() {
    let mut state = state();
    let mut said = Said::default();
    said.news(&state);
    let contribution: crate::model::Contribution = serde_json::from_value(serde_json::json!({
        "id": "0190a000-0000-7000-8000-000000000001", "exercise": "q", "slot": "q1",
        "group": "B", "text": "From B\u{1b}[2J", "created": "2026-11-22T10:00:00Z"
    }))
    .unwrap();
    update(
        &mut state,
        Action::Arrived {
            from: "device 1".into(),
            changes: vec![crate::model::Change::Add { contribution }],
        },
    );
    let news = said.news(&state);
    assert_eq!(
        news,
        vec!["Arrived from B › What pulls?: From B\u{241b}[2J".to_owned()],
        "one line, the control character shown as a symbol"
    );
    let k = key(&state, Context::Anywhere, Command::NextExercise);
    update(&mut state, k);
    let news = said.news(&state).join("\n");
    assert!(
        news.contains("Agenda: exercise 2 of 2, Round two"),
        "{news}"
    );
}

#[test]
fn a_refused_save_is_said_with_its_reason() {
    let mut state = state();
    let mut said = Said::default();
    said.news(&state);
    update(&mut state, Action::Replace("Words".into()));
    let k = key(&state, Context::Typing, Command::Save);
    update(&mut state, k);
    update(&mut state, Action::PersistFailed("disk full".into()));
    let news = said.news(&state).join("\n");
    assert!(news.contains("NOT SAVED — disk full"), "{news}");
    assert!(!news.contains("saved "), "{news}");
}

#[test]
fn words_typed_over_a_panel_run_no_keys_but_digits_and_signs_do() {
    let mut state = state();
    let mut plain = Plain::start(&state);
    let mut out = Vec::new();
    input::actions(&mut plain, &mut state, Line::Text("/vote".into()), &mut out);
    for a in out {
        update(&mut state, a);
    }
    assert_eq!(
        crate::tui::layers::run_top(&state),
        Some(Context::VoteSetup)
    );
    let mut out = Vec::new();
    let said = input::actions(
        &mut plain,
        &mut state,
        Line::Text("fine, let us close it".into()),
        &mut out,
    );
    assert!(out.is_empty(), "letters would each run a command: {out:?}");
    assert!(said.join(" ").contains("Not a command here"), "{said:?}");
    let mut out = Vec::new();
    input::actions(&mut plain, &mut state, Line::Text("+".into()), &mut out);
    assert_eq!(out.len(), 1, "{out:?}");
}

#[test]
fn a_line_in_the_details_form_replaces_the_chosen_field() {
    let mut state = state();
    let mut plain = Plain::start(&state);
    for line in ["/details", "next_field", "online"] {
        let mut out = Vec::new();
        input::actions(&mut plain, &mut state, Line::Text(line.into()), &mut out);
        for a in out {
            update(&mut state, a);
        }
    }
    let form = state
        .run()
        .unwrap()
        .details
        .as_ref()
        .expect("the form is open");
    assert_eq!(form.field, 1);
    assert_eq!(form.fields[1].text(), "online", "replaced, not added to");
}

#[test]
fn what_a_command_did_names_the_next_one_as_typed_here_not_as_a_key() {
    let mut state = state();
    state.run_mut().unwrap().focus = crate::tui::state::Focus::Select;
    let conceal = key(&state, Context::Selecting, Command::Conceal);
    for e in update(&mut state, conceal) {
        if let crate::tui::action::Effect::Persist(_) = e {
            update(&mut state, Action::Persisted);
        }
    }
    let said = state.status.clone().unwrap_or_default();
    let typed = state.keymap.name_of(Context::Selecting, Command::Conceal);
    assert!(typed.starts_with('/'), "{typed}");
    assert!(
        said.contains(&format!("{typed} reveals")) && !said.contains("R reveals"),
        "{said}"
    );
}
