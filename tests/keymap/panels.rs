//! The panels, dialogs, forms, the help and the home screen: in each context, every key of its
//! table — the keys its key bar and its help show — runs the command they name, checked by the
//! change that command makes, with the layer on top of the stack when the key is pressed.

use super::*;
use hearth::model::convergence::{
    Ballot, Choice, Round, RoundKind, RoundState, Theme as ModelTheme, VoteOn,
};
use hearth::net::hub::DeviceInfo;
use hearth::tui::converge::{AxesStep, Candidate, ThemesStep, VoteStep, round_items, voter};
use hearth::tui::layers::run_top;
use hearth::tui::state::{Home, ScenarioEntry, SessionEntry, ShareView};

fn press(s: &mut State, key: &Key) -> Vec<Effect> {
    update(s, Action::Key(key.event()))
}

/// Presses the first key `command` has in `context`, as remapped.
fn press_cmd(s: &mut State, context: Context, command: Command) -> Vec<Effect> {
    let key = *s
        .keymap
        .keys(context, command)
        .first()
        .unwrap_or_else(|| panic!("{} has no key in [{}]", command.name(), context.name()));
    press(s, &key)
}

fn type_text(s: &mut State, text: &str) {
    for c in text.chars() {
        update(s, Action::Key(Key::char(c).event()));
    }
}

fn now() -> jiff::Timestamp {
    jiff::Timestamp::now()
}

fn apply(s: &mut State, change: Change) {
    s.run_mut().unwrap().session.apply(&change).unwrap();
}

/// Two themes on the triangle, the selected answer in the second.
fn with_themes(s: &mut State) {
    for id in ["t1", "t2"] {
        apply(
            s,
            Change::AddTheme {
                theme: ModelTheme {
                    id: id.into(),
                    exercise: "triangle".into(),
                    name: format!("theme {id}"),
                    created: now(),
                    named: now(),
                    merged_into: None,
                },
            },
        );
    }
    let answer = s.run().unwrap().selected.clone().unwrap();
    apply(
        s,
        Change::PlaceInTheme {
            contribution: answer,
            theme: Some("t2".into()),
            at: now(),
        },
    );
}

/// An open dot vote on the triangle's answers, Table 1 with a dot on its first item.
fn with_round(s: &mut State) {
    let round = Round {
        id: "r1".into(),
        exercise: "triangle".into(),
        slot: None,
        on: VoteOn::Answers,
        kind: RoundKind::Dots {
            dots: 3,
            per_item: None,
        },
        state: RoundState::Open,
        opened: now(),
    };
    apply(
        s,
        Change::OpenRound {
            round: round.clone(),
        },
    );
    let first = round_items(&s.run().unwrap().session, &round)[0]
        .id
        .to_owned();
    apply(
        s,
        Change::Cast {
            round: "r1".into(),
            voter: voter("Table 1"),
            ballot: Ballot {
                at: now(),
                choice: Choice::Dots(vec![first]),
            },
        },
    );
}

/// A state with `context` on top, ready for `command` to show what it does.
fn open(keymap: &Keymap, context: Context, command: Command) -> State {
    use Command as C;
    use Context as X;
    let exercise = match context {
        X::AxesPick | X::AxesName => "scenarios",
        X::SeedPick => "backcast",
        _ => "triangle",
    };
    let focus = if context == X::QuitQuestion {
        Focus::Capture
    } else {
        Focus::Select
    };
    let mut s = state(keymap, exercise, focus);
    match context {
        X::Home | X::NewSessionForm => {
            let scenario = |id: &str| ScenarioEntry {
                source: hearth::store::plans::PlanSource::BuiltIn("futures"),
                id: id.into(),
                title: format!("plan {id}"),
                summary: String::new(),
                exercises: 3,
                suggested_groups: vec!["Table 1".into()],
            };
            let session = |i: usize| SessionEntry {
                path: format!("s{i}.json").into(),
                title: format!("session {i}"),
                date: "2026-01-01".into(),
                contributions: 0,
            };
            let home = Home {
                scenarios: vec![scenario("a"), scenario("b"), scenario("c")],
                sessions: vec![session(0), session(1), session(2)],
                session: 1,
                scenario: 1,
                ..Home::default()
            };
            s = State::new(Screen::Home(Box::new(home)), Theme::plain(), 9);
            s.keymap = keymap.clone();
            if context == X::NewSessionForm {
                press_cmd(&mut s, X::Home, C::NewSession);
                if command == C::NewLine
                    && let Screen::Home(h) = &mut s.screen
                {
                    // The notes: a field that takes line breaks.
                    h.form.as_mut().unwrap().field = 6;
                }
            }
        }
        X::Help => {
            press_cmd(&mut s, X::Anywhere, C::Help);
            s.help_scroll = 20;
        }
        X::QuitQuestion => {
            type_text(&mut s, "typed");
            press_cmd(&mut s, X::Anywhere, C::Quit);
        }
        X::Confirm => {
            // Withdraw's question for yes; the note-takers' for no (both are this table).
            if command == C::Yes {
                press_cmd(&mut s, X::Selecting, C::Withdraw);
            } else {
                s.run_mut().unwrap().sharing = Some(ShareView {
                    url: "http://x".into(),
                    panel: true,
                    ..ShareView::default()
                });
                press_cmd(&mut s, X::NoteTakers, C::StopSharing);
            }
        }
        X::Spotlight => {
            press_cmd(&mut s, X::Selecting, C::Spotlight);
        }
        X::MoveToGroup => {
            press_cmd(&mut s, X::Selecting, C::MoveGroup);
            if command == C::Confirm {
                press_cmd(&mut s, X::MoveToGroup, C::Down);
            }
        }
        X::NewGroup => {
            press_cmd(&mut s, X::Selecting, C::NewGroup);
            type_text(&mut s, "Zed");
        }
        X::Details => {
            press_cmd(&mut s, X::Selecting, C::Details);
            let form = s.run_mut().unwrap().details.as_mut().unwrap();
            form.field = if command == C::NewLine { 4 } else { 2 };
            type_text(&mut s, "x");
        }
        X::Breakout => {
            press_cmd(&mut s, X::Selecting, C::Breakout);
            type_text(&mut s, "ann");
            s.run_mut().unwrap().breakout.as_mut().unwrap().groups = 3;
        }
        X::Themes | X::ThemeName | X::ThemeMerge => {
            with_themes(&mut s);
            press_cmd(&mut s, X::Selecting, C::Themes);
            let panel = s.run_mut().unwrap().themes.as_mut().unwrap();
            panel.choice = if command == C::Down { 0 } else { 1 };
            if command == C::Place {
                panel.choice = 0;
            }
            if context == X::ThemeName {
                press_cmd(&mut s, X::Themes, C::NewTheme);
                type_text(&mut s, "new one");
            }
            if context == X::ThemeMerge {
                s.run_mut().unwrap().themes.as_mut().unwrap().choice = 0;
                press_cmd(&mut s, X::Themes, C::Merge);
                if command == C::Down
                    && let ThemesStep::MergeInto { choice, .. } =
                        &mut s.run_mut().unwrap().themes.as_mut().unwrap().step
                {
                    *choice = 0;
                }
            }
        }
        X::VoteSetup => {
            press_cmd(&mut s, X::Selecting, C::Vote);
            let run = s.run_mut().unwrap();
            if let VoteStep::Setup { options, choice } = &mut run.vote.as_mut().unwrap().step {
                *choice = match command {
                    C::Up => 1,
                    C::Down => 0,
                    _ => options
                        .iter()
                        .position(|o| matches!(o.kind, RoundKind::Dots { .. }))
                        .unwrap(),
                };
            }
        }
        X::Vote => {
            with_round(&mut s);
            press_cmd(&mut s, X::Selecting, C::Vote);
            let run = s.run_mut().unwrap();
            if let VoteStep::Round(e) = &mut run.vote.as_mut().unwrap().step {
                e.group = 0;
                e.item = match command {
                    C::Up | C::First => 2,
                    _ => 0,
                };
            }
        }
        X::AxesPick | X::AxesName => {
            press_cmd(&mut s, X::Selecting, C::Axes);
            // Two uncertainties to pick from (and a free axis).
            s.run_mut().unwrap().axes.as_mut().unwrap().candidates = ["u1", "u2"]
                .map(|id| Candidate {
                    id: id.into(),
                    text: format!("uncertainty {id}"),
                    rank: None,
                })
                .to_vec();
            if context == X::AxesName {
                press_cmd(&mut s, X::AxesPick, C::Confirm);
                press_cmd(&mut s, X::AxesPick, C::Down);
                press_cmd(&mut s, X::AxesPick, C::Confirm);
            } else if command == C::Up {
                s.run_mut().unwrap().axes.as_mut().unwrap().choice = 1;
            }
        }
        X::SeedPick => {
            press_cmd(&mut s, X::Selecting, C::Seed);
            if command == C::Up {
                s.run_mut().unwrap().seed.as_mut().unwrap().choice = 1;
            }
        }
        X::NoteTakers => {
            let device = |id: &str| DeviceInfo {
                id: id.into(),
                name: None,
                group: "Table 1".into(),
                address: None,
                last_seen: None,
                streams: 0,
                answers: 0,
                revoked: false,
            };
            s.run_mut().unwrap().sharing = Some(ShareView {
                url: "http://x".into(),
                panel: true,
                devices: vec![device("d1"), device("d2")],
                selected: if command == C::Up { 1 } else { 0 },
                ..ShareView::default()
            });
        }
        _ => panic!("no way to open [{}]", context.name()),
    }
    assert_eq!(
        run_top(&s),
        Some(context).filter(|c| *c != X::Home),
        "[{}] is on top before {} is pressed",
        context.name(),
        command.name()
    );
    s
}

/// What the run screen looks like, for telling a change.
#[derive(Debug, PartialEq)]
struct Look {
    layers: Vec<Context>,
    help_scroll: u16,
    status: Option<String>,
    themes: Option<(usize, String)>,
    vote: String,
    axes: String,
    seed: Option<usize>,
    picker: Option<usize>,
    details: Option<(usize, Vec<String>)>,
    breakout: Option<(usize, String, usize)>,
    sharing: Option<(usize, bool)>,
    home: Option<(usize, usize, String, String)>,
}

fn look(s: &State) -> Look {
    let run = s.run();
    Look {
        layers: hearth::tui::layers::run_layers(s),
        help_scroll: s.help_scroll,
        status: s.status.clone(),
        themes: run
            .and_then(|r| r.themes.as_ref())
            .map(|t| (t.choice, format!("{:?}", t.step))),
        vote: format!("{:?}", run.and_then(|r| r.vote.as_ref())),
        axes: format!("{:?}", run.and_then(|r| r.axes.as_ref())),
        seed: run.and_then(|r| r.seed.as_ref()).map(|f| f.choice),
        picker: run.and_then(|r| r.group_picker.as_ref()).map(|p| p.choice),
        details: run.and_then(|r| r.details.as_ref()).map(|d| {
            (
                d.field,
                d.fields.iter().map(|f| f.text().to_owned()).collect(),
            )
        }),
        breakout: run
            .and_then(|r| r.breakout.as_ref())
            .map(|b| (b.groups, b.names.text().to_owned(), b.result.len())),
        sharing: run
            .and_then(|r| r.sharing.as_ref())
            .map(|x| (x.selected, x.show_qr)),
        home: match &s.screen {
            Screen::Home(h) => Some((
                h.scenario,
                h.session,
                format!("{:?}", h.focus()),
                format!(
                    "{:?}",
                    h.form.as_ref().map(|f| (
                        f.field,
                        f.fields
                            .iter()
                            .map(|x| x.text().to_owned())
                            .collect::<Vec<_>>()
                    ))
                ),
            )),
            Screen::Run(_) => None,
        },
    }
}

/// Presses `key` in `context` and says whether it did what `command` names there.
fn runs_in(keymap: &Keymap, context: Context, command: Command, key: &Key) -> Result<(), String> {
    use Command as C;
    use Context as X;
    let mut s = open(keymap, context, command);
    let before = look(&s);
    let effects = press(&mut s, key);
    let after = look(&s);
    let closed = !after.layers.contains(&context) || after.layers.len() < before.layers.len();
    let changed = after != before;
    let persisted_any = |f: &dyn Fn(&Change) -> bool| persisted(&effects, f);
    let ok = match (context, command) {
        (X::Home, C::Quit) => s.quit,
        (X::Home, C::Help) => s.help,
        (X::Home, C::Open) => effects
            .iter()
            .any(|e| matches!(e, Effect::OpenSession(_) | Effect::StartNextSession(_))),
        (X::Home, C::NewSession) => after.layers == [X::NewSessionForm],
        // The event loop ends and the plan editor takes the terminal.
        (X::Home, C::EditPlan) => s.quit && s.edit_plan.is_some(),
        (X::Home, C::NewPlan) => s.quit && s.edit_plan == Some(hearth::tui::state::EditPlan::New),
        (X::Home, _) => changed,
        (X::NewSessionForm, C::Save) => effects
            .iter()
            .any(|e| matches!(e, Effect::CreateSession { .. })),
        (X::NewSessionForm, C::NewLine) => match &s.screen {
            Screen::Home(h) => h
                .form
                .as_ref()
                .is_some_and(|f| f.fields[f.field].text().contains('\n')),
            Screen::Run(_) => false,
        },
        (X::QuitQuestion, C::Save) => {
            persisted_any(&|c| matches!(c, Change::Add { .. })) && s.quit_after_save
        }
        (X::QuitQuestion, C::Discard) => s.quit,
        (X::QuitQuestion, C::Back) => !s.quit && !s.quit_ask,
        (X::Confirm, C::Yes) => persisted_any(&|c| matches!(c, Change::Withdraw { .. })),
        (X::Confirm, C::No) => closed && !effects.contains(&Effect::StopSharing),
        (X::NoteTakers, C::NewCode) => effects.contains(&Effect::RotateCode),
        (X::NoteTakers, C::Revoke | C::StopSharing) => after.layers.last() == Some(&X::Confirm),
        (X::MoveToGroup, C::Confirm) => persisted_any(&|c| matches!(c, Change::Move { .. })),
        (X::NewGroup, C::Save) => persisted_any(&|c| matches!(c, Change::AddGroup { .. })),
        (X::Details, C::Save) => persisted_any(&|c| matches!(c, Change::SetDetails { .. })),
        (X::Details, C::NewLine) => after
            .details
            .as_ref()
            .is_some_and(|(f, t)| t[*f].contains('\n')),
        (X::Breakout, C::Draw) => after.breakout.as_ref().is_some_and(|b| b.2 > 0),
        (X::Breakout, C::NewLine) => after.breakout.as_ref().is_some_and(|b| b.1.contains('\n')),
        (X::Themes, C::Place) => {
            persisted_any(&|c| matches!(c, Change::PlaceInTheme { theme: Some(_), .. }))
        }
        (X::Themes, C::TakeOut) => {
            persisted_any(&|c| matches!(c, Change::PlaceInTheme { theme: None, .. }))
        }
        (X::Themes, C::NewTheme | C::Split | C::Rename) => {
            after.layers.last() == Some(&X::ThemeName)
        }
        (X::Themes, C::Merge) => after.layers.last() == Some(&X::ThemeMerge),
        (X::ThemeName, C::Save) => persisted_any(&|c| matches!(c, Change::AddTheme { .. })),
        (X::ThemeMerge, C::Confirm) => persisted_any(&|c| matches!(c, Change::MergeThemes { .. })),
        (X::VoteSetup, C::Confirm) => persisted_any(&|c| matches!(c, Change::OpenRound { .. })),
        (X::Vote, C::Dot | C::TakeDot) => persisted_any(&|c| matches!(c, Change::Cast { .. })),
        (X::Vote, C::CloseVote) => persisted_any(&|c| {
            matches!(
                c,
                Change::SetRoundState {
                    state: RoundState::Closed,
                    ..
                }
            )
        }),
        (X::Vote, C::Reveal) => persisted_any(&|c| {
            matches!(
                c,
                Change::SetRoundState {
                    state: RoundState::Revealed,
                    ..
                }
            )
        }),
        (X::Vote, C::AnotherVote) => after.layers.last() == Some(&X::VoteSetup),
        (X::AxesPick, C::Confirm) => s
            .run()
            .and_then(|r| r.axes.as_ref())
            .is_some_and(|a| a.picked.len() == 1),
        (X::AxesName, C::Confirm | C::NextField | C::PreviousField) => {
            matches!(
                s.run().and_then(|r| r.axes.as_ref()).map(|a| &a.step),
                Some(AxesStep::Name { field, .. }) if *field != 0
            )
        }
        (X::AxesName, C::Back) => after.layers.last() == Some(&X::AxesPick),
        (X::SeedPick, C::Confirm) => persisted_any(&|c| matches!(c, Change::SeedFrom { .. })),
        (X::ThemeName | X::ThemeMerge, C::Back) => after.layers.last() == Some(&X::Themes),
        // Closing: the layer is gone, and only it.
        (_, C::Close | C::Back) => closed && after.layers.len() + 1 == before.layers.len(),
        // Choosing, scrolling, paging, fields, dots and groups: the panel changed, still open.
        _ => changed && !closed,
    };
    if ok {
        Ok(())
    } else {
        Err(format!(
            "[{}] {key} did not {} ({}): status {:?}, effects {effects:?}\nbefore {before:?}\nafter {after:?}",
            context.name(),
            command.name(),
            hearth::tui::keymap::what(context, command),
            s.status
        ))
    }
}

/// Every key of every panel's, dialog's, form's and the home screen's table runs its command.
pub fn check_panels(keymap: &Keymap) {
    let mut failures = Vec::new();
    let mut checked = 0;
    let contexts = Context::RUN_PANELS
        .into_iter()
        .chain([Context::Home, Context::NewSessionForm]);
    for context in contexts {
        for (command, keys) in keymap.table(context) {
            for key in keys {
                checked += 1;
                if let Err(e) = runs_in(keymap, context, *command, key) {
                    failures.push(e);
                }
            }
        }
    }
    assert!(checked > 80, "only {checked} keys checked");
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

#[test]
fn every_key_of_every_panel_runs_the_command_its_bar_and_help_name() {
    check_panels(&Keymap::default());
}

const REMAPPED_PANELS: &str = r#"
[themes]
new_theme = "N"
close = ["Esc", "F10"]

[vote]
dot = ["+", "d"]

[help]
close = ["Esc", "F1"]

[home]
new_session = "Ctrl-N"
"#;

#[test]
fn remapped_panel_keys_run_their_commands_and_show_on_the_bar_and_in_the_help() {
    let map = Keymap::with_file(REMAPPED_PANELS).expect("a valid keys file");
    check_panels(&map);
    assert_eq!(
        map.command(Context::Themes, &Key::char('n').event()),
        None,
        "the replaced key does nothing now"
    );
    let bar = map.hint_line(Context::Themes, |_| true);
    assert!(bar.contains("N new") && bar.contains("Esc close"), "{bar}");
    let help = map.help(Context::Vote, |_| true);
    assert!(help.iter().any(|(k, _)| k == "+, d"), "{help:?}");
    // And on the screen: the themes panel's own line and the key bar under it.
    let mut s = open(&map, Context::Themes, Command::Close);
    s.keymap = map;
    let mut terminal = ratatui::Terminal::new(ratatui::backend::TestBackend::new(120, 30)).unwrap();
    terminal
        .draw(|f| {
            hearth::tui::view::view(&s, f);
        })
        .unwrap();
    let screen = terminal.backend().to_string();
    assert!(screen.contains("N new"), "{screen}");
}

#[test]
fn esc_closes_only_the_top_layer_and_leaves_the_entry_and_the_base_mode() {
    let map = Keymap::default();
    for base in [Focus::Capture, Focus::Select] {
        let mut s = state(&map, "triangle", base);
        if base == Focus::Capture {
            type_text(&mut s, "half typed");
            press_cmd(&mut s, Context::Anywhere, Command::NextSlot);
            press_cmd(&mut s, Context::Anywhere, Command::PreviousSlot);
            // A panel opens over typing from the anywhere table: the note-takers' panel.
            s.run_mut().unwrap().sharing = Some(ShareView {
                url: "http://x".into(),
                panel: true,
                ..ShareView::default()
            });
        } else {
            press_cmd(&mut s, Context::Selecting, Command::Themes);
        }
        let entry = s.run().unwrap().capture[0].text().to_owned();
        press_cmd(&mut s, Context::Anywhere, Command::Help);
        assert_eq!(run_top(&s), Some(Context::Help));
        press(&mut s, &Key::plain(KeyCode::Esc));
        assert!(run_top(&s).is_some(), "Esc closed the help only");
        press(&mut s, &Key::plain(KeyCode::Esc));
        assert_eq!(run_top(&s), None, "then the panel");
        press(&mut s, &Key::plain(KeyCode::Esc));
        let r = s.run().unwrap();
        assert_eq!(r.capture[0].text(), entry, "the entry is untouched");
        // Esc over selecting stays selecting; over typing it leaves the box (never types).
        assert_eq!(r.focus, Focus::Select);
    }
}
