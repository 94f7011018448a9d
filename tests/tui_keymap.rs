//! The keymap drives the run screen: in every context, every key of its table — the keys the
//! key bar and the help show — runs the command they name, checked by the change that command
//! makes; a keys file's remapped keys do too, and the keys they replace no longer do. A keys
//! file that cannot be used says where and why.

mod common;
#[path = "keymap/panels.rs"]
mod panels;

use hearth::model::{Change, Draft, Session};
use hearth::tui::action::{Action, Effect};
use hearth::tui::keymap::{Command, Context, Key, Keymap};
use hearth::tui::state::{Focus, Run, Screen, State};
use hearth::tui::theme::Theme;
use hearth::tui::update;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

/// The all-kinds session on `exercise`, with six answers there (so there is something to
/// select, browse and act on), typing in `focus`.
fn state(keymap: &Keymap, exercise: &str, focus: Focus) -> State {
    let mut session: Session = common::all_kinds_session();
    // A backcast after the scenarios, whose preferred future is picked from two of them.
    session.scenario.agenda.push(
        serde_json::from_value(serde_json::json!({
            "id": "backcast", "title": "Backcasting", "kind": "backcasting",
            "horizon": "2040", "vision_from": "scenarios"
        }))
        .unwrap(),
    );
    if exercise == "backcast" {
        for title in ["Alliance world", "Regulated world"] {
            let d = Draft::new("scenarios", "title", title)
                .field("x", "Alliance")
                .field("y", "Inside the mainstream");
            session
                .apply(&Change::Add {
                    contribution: d.into_contribution(),
                })
                .unwrap();
        }
    }
    for i in 0..6 {
        let slot = session
            .scenario
            .exercise(exercise)
            .unwrap()
            .slots()
            .first()
            .unwrap()
            .id
            .clone();
        let mut d =
            Draft::new(exercise, slot, &format!("answer {i}")).group(Some("Table 1".into()));
        if exercise == "triangle" {
            d = d.field("elaboration", "why");
        }
        session
            .apply(&Change::Add {
                contribution: d.into_contribution(),
            })
            .unwrap();
    }
    let mut run = Run::new("keys.json".into(), session);
    let ex = run
        .session
        .scenario
        .agenda
        .iter()
        .position(|e| e.id == exercise)
        .unwrap();
    run.go_to(ex, 0);
    run.focus = focus;
    let mut s = State::new(Screen::Run(Box::new(run)), Theme::plain(), 9);
    s.keymap = keymap.clone();
    if focus == Focus::Select {
        // An answer in the middle selected, so there is one above and one below.
        let run = s.run_mut().unwrap();
        let id = run.session.contributions()[3].id.clone();
        run.selected = Some(id);
    }
    s
}

/// The event a terminal sends for `key`.
fn event(key: &Key) -> KeyEvent {
    key.event()
}

fn persisted(effects: &[Effect], what: impl Fn(&Change) -> bool) -> bool {
    effects
        .iter()
        .any(|e| matches!(e, Effect::Persist(c) if c.iter().any(&what)))
}

/// Presses `key` where `command` can be seen to work, and says whether it did what `command`
/// names.
fn runs(keymap: &Keymap, context: Context, command: Command, key: &Key) -> Result<(), String> {
    use Command as C;
    let focus = match context {
        Context::Selecting => Focus::Select,
        _ => Focus::Capture,
    };
    let exercise = match command {
        C::Axes => "scenarios",
        C::Seed => "backcast",
        _ => "triangle",
    };
    let mut s = state(keymap, exercise, focus);
    match command {
        C::Save | C::NewLine => {
            for c in "typed".chars() {
                update(
                    &mut s,
                    Action::Key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE)),
                );
            }
        }
        C::Undo | C::Redo => {
            // Something to take back (and, for redo, taken back).
            let e = update(&mut s, Action::Key(event(&Key::char('s'))));
            if !e.is_empty() {
                update(&mut s, Action::Persisted);
            }
            if command == C::Redo {
                update(&mut s, Action::Key(event(&Key::char('u'))));
                update(&mut s, Action::Persisted);
            }
        }
        _ => {}
    }
    let before = s.run().unwrap();
    let (slot, field, group, exercise_ix, projection, size, running, total, selected) = (
        before.slot_index(),
        before.capture_field,
        before.group,
        before.exercise,
        before.projection,
        before.text_size,
        before.timer.running(),
        before.timer.total,
        before.selected.clone(),
    );
    let (reference, seed) = (before.show_reference, before.order_seed);
    let effects = update(&mut s, Action::Key(event(key)));
    let r = s.run().unwrap();
    let status = s.status.clone().unwrap_or_default();
    let ok = match command {
        C::Help => s.help,
        C::Quit => s.quit || s.quit_ask,
        C::NextSlot | C::PreviousSlot => r.slot_index() != slot,
        C::NextField => r.capture_field != field,
        // The triangle's answers go under no other: it says so.
        C::NextParent => status.contains("goes under no other answer"),
        C::NextGroup => r.group != group,
        C::NextExercise | C::PreviousExercise => r.exercise != exercise_ix,
        C::Project => r.projection != projection,
        C::TextSize => r.text_size != size,
        C::ShowJoin => status.contains("join"),
        C::Share => effects.contains(&Effect::StartSharing),
        C::Timer => r.timer.running() != running,
        C::AddMinute => r.timer.total > total,
        C::BrowseDown | C::BrowseUp => r.focus == Focus::Select && r.selected != selected,
        C::Save => persisted(
            &effects,
            |c| matches!(c, Change::Add { contribution } if contribution.text == "typed"),
        ),
        C::NewLine => r.capture[0].text().contains('\n'),
        C::LeaveBox => r.focus == Focus::Select,
        C::Type => r.focus == Focus::Capture,
        C::SelectUp | C::SelectDown => r.selected != selected,
        C::Edit => r.editing.is_some(),
        C::Hide => persisted(&effects, |c| matches!(c, Change::SetHidden { .. })),
        C::Star => persisted(&effects, |c| matches!(c, Change::SetStarred { .. })),
        C::MoveSlot | C::MoveSlotBack => persisted(&effects, |c| matches!(c, Change::Move { .. })),
        C::MoveGroup => r.group_picker.is_some(),
        C::Spotlight => r.spotlight.is_some(),
        C::Withdraw => r.withdraw_ask.is_some(),
        C::Undo => persisted(&effects, |c| {
            matches!(c, Change::SetStarred { starred: false, .. })
        }),
        C::Redo => persisted(&effects, |c| {
            matches!(c, Change::SetStarred { starred: true, .. })
        }),
        C::Themes => r.themes.is_some(),
        C::Vote => r.vote.is_some(),
        C::Axes => r.axes.is_some(),
        C::Seed => r.seed.is_some(),
        C::NewGroup => r.new_group.is_some(),
        C::Details => r.details.is_some(),
        C::Breakout => r.breakout.is_some(),
        C::Conceal => persisted(&effects, |c| {
            matches!(
                c,
                Change::SetConcealed {
                    concealed: true,
                    ..
                }
            )
        }),
        C::Reference => r.show_reference != reference,
        C::Shuffle => r.order_seed != seed,
        C::PickGroup => status.starts_with("Next to speak"),
        C::PickAnswer => r.spotlight.is_some(),
        C::Export => effects.contains(&Effect::Export),
        // The note-taker's vote panel: no key of the run screen's tables runs it; the panels'
        // commands are checked in their own contexts (keymap/panels.rs).
        _ => false,
    };
    if ok {
        Ok(())
    } else {
        Err(format!(
            "[{}] {key} did not {} ({}): status {status:?}, effects {effects:?}",
            context.name(),
            command.name(),
            command.help()
        ))
    }
}

/// Every key of every context's table runs its command.
fn check_all(keymap: &Keymap) {
    let mut failures = Vec::new();
    let mut checked = 0;
    for context in Context::RUN {
        for (command, keys) in keymap.table(context) {
            for key in keys {
                checked += 1;
                if let Err(e) = runs(keymap, context, *command, key) {
                    failures.push(e);
                }
            }
        }
    }
    assert!(checked > 50, "only {checked} keys checked");
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn every_key_of_every_context_runs_the_command_the_bar_and_the_help_name() {
    check_all(&Keymap::default());
}

#[test]
fn the_bar_and_the_help_show_only_keys_of_the_table() {
    let map = Keymap::default();
    for context in [Context::Typing, Context::Selecting] {
        let shown: Vec<String> = context_keys(&map, context).iter().map(Key::short).collect();
        for (keys, label) in map.bar(context, |_| true) {
            for k in keys.split('/') {
                assert!(
                    shown.contains(&k.to_owned()),
                    "{k} {label} is not a key of [{}]",
                    context.name()
                );
            }
        }
        let help: Vec<String> = context_keys(&map, context)
            .iter()
            .map(ToString::to_string)
            .collect();
        for (keys, _) in map.help(context, |_| true) {
            for k in keys.split(", ") {
                assert!(
                    help.contains(&k.to_owned()),
                    "{k} is not a key of [{}]",
                    context.name()
                );
            }
        }
    }
}

fn context_keys(map: &Keymap, context: Context) -> Vec<Key> {
    map.table(context)
        .iter()
        .chain(map.table(Context::Anywhere))
        .flat_map(|(_, k)| k.iter().copied())
        .collect()
}

const REMAPPED: &str = r#"
# Windows Terminal takes Alt-Enter; this terminal's Ctrl-G is the bell.
[typing]
new_line = "Ctrl-J"
save = ["Enter", "Ctrl-S"]

[anywhere]
next_group = ["Ctrl-T", "F3"]
next_exercise = "Ctrl-Right"
previous_exercise = "Ctrl-Left"

[selecting]
edit = "Ctrl-E"
type = ["i", "Insert"]
"#;

#[test]
fn remapped_keys_run_their_commands_and_show_everywhere() {
    let map = Keymap::with_file(REMAPPED).expect("a valid keys file");
    check_all(&map);
    assert_eq!(
        map.command(Context::Anywhere, &event(&Key::ctrl('g'))),
        None,
        "the replaced key does nothing now"
    );
    assert_eq!(
        map.command(Context::Typing, &event(&Key::alt(KeyCode::Enter))),
        None
    );
    let bar = map.bar(Context::Typing, |_| true);
    assert!(bar.contains(&("^T".into(), "group".into())), "{bar:?}");
    assert!(bar.contains(&("^J".into(), "new line".into())), "{bar:?}");
    let help = map.help(Context::Anywhere, |_| true);
    assert!(
        help.iter()
            .any(|(k, w)| k == "Ctrl-T, F3" && w.starts_with("next group")),
        "{help:?}"
    );
    // And on the screen.
    let mut s = state(&map, "triangle", Focus::Capture);
    s.keymap = map;
    let mut terminal = ratatui::Terminal::new(ratatui::backend::TestBackend::new(120, 30)).unwrap();
    terminal
        .draw(|f| {
            hearth::tui::view::view(&s, f);
        })
        .unwrap();
    let screen = terminal.backend().to_string();
    assert!(screen.contains("^T group"), "{screen}");
}

#[test]
fn a_keys_file_that_cannot_be_used_says_where_and_why() {
    let cases = [
        ("[typing]\nsave = \"Ctrl-\"\n", 2, "Ctrl-"),
        ("[typing]\nsave = \"Hyper-X\"\n", 2, "not a key"),
        ("[typing]\n\nsav = \"Enter\"\n", 3, "no command “sav”"),
        ("[typin]\nsave = \"Enter\"\n", 1, "no context “typin”"),
        ("[typing]\nsave = 5\n", 2, "give a key"),
        ("[typing]\nsave = \"Enter\n", 2, ""),
        ("[anywhere]\nnext_group = \"Tab\"\n", 2, "given to both"),
        ("[anywhere]\n\nhelp = \"h\"\n", 3, "types a character"),
        ("[typing]\nsave = \"Space\"\n", 2, "types a character"),
    ];
    for (text, line, says) in cases {
        let e = Keymap::with_file(text).expect_err(text);
        assert_eq!(e.line, line, "{text:?}: {e}");
        assert!(e.column >= 1);
        assert!(e.to_string().contains(says), "{text:?}: {e}");
    }
    // The app keeps the defaults and says so.
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("keys.toml");
    std::fs::write(&path, "[typing]\nsave = \"Hyper-X\"\n").unwrap();
    let (map, problem) = Keymap::load(&path);
    assert_eq!(map, Keymap::default());
    let problem = problem.expect("a message");
    assert!(
        problem.contains("keys.toml") && problem.contains("line 2"),
        "{problem}"
    );
    // No file: the defaults, nothing said.
    let (map, problem) = Keymap::load(&dir.path().join("none.toml"));
    assert_eq!((map, problem), (Keymap::default(), None));
}

#[test]
fn keys_read_as_they_are_written() {
    for (text, key) in [
        ("Ctrl-G", Key::ctrl('g')),
        ("ctrl+g", Key::ctrl('g')),
        ("Alt-Enter", Key::alt(KeyCode::Enter)),
        ("Shift-Tab", Key::plain(KeyCode::BackTab)),
        ("F5", Key::plain(KeyCode::F(5))),
        ("PgDn", Key::plain(KeyCode::PageDown)),
        ("Space", Key::char(' ')),
        ("A", Key::char('A')),
        ("?", Key::char('?')),
        ("Ctrl--", Key::ctrl('-')),
    ] {
        assert_eq!(Key::parse(text), Ok(key), "{text}");
        assert_eq!(Key::parse(&key.to_string()), Ok(key), "{key} reads back");
    }
    assert!(Key::parse("Shift-a").is_err());
    assert!(Key::parse("F13").is_err());
    assert!(Key::parse("").is_err());
}

#[test]
fn esc_then_a_ctrl_key_typed_quickly_still_runs_it() {
    // The terminal sends Esc and Ctrl-Q as one Ctrl-Alt-Q.
    let map = Keymap::default();
    let ev = KeyEvent::new(
        KeyCode::Char('q'),
        KeyModifiers::CONTROL | KeyModifiers::ALT,
    );
    assert_eq!(map.command(Context::Anywhere, &ev), Some(Command::Quit));
    // A key bound with Alt keeps its own command.
    let ev = KeyEvent::new(KeyCode::Enter, KeyModifiers::ALT);
    assert_eq!(map.command(Context::Typing, &ev), Some(Command::NewLine));
}

/// Draws the run screen at 120×30 and gives it as text.
fn screen_of(s: &State) -> String {
    let mut terminal = ratatui::Terminal::new(ratatui::backend::TestBackend::new(120, 30)).unwrap();
    terminal
        .draw(|f| {
            hearth::tui::view::view(s, f);
        })
        .unwrap();
    terminal.backend().to_string()
}

#[test]
fn messages_that_name_a_key_name_it_as_remapped() {
    let map = Keymap::with_file(
        "[themes]\nnew_theme = \"a\"\nclose = [\"Esc\", \"q\"]\n[anywhere]\nshare = \"F3\"\nshow_join = \"F11\"\n",
    )
    .expect("a valid keys file");
    let mut s = state(&map, "triangle", Focus::Select);
    // The themes panel with no theme yet: its text and its refusal name the remapped key.
    update(&mut s, Action::Key(event(&Key::char('T'))));
    assert!(s.run().unwrap().themes.is_some());
    let screen = screen_of(&s);
    assert!(screen.contains("No themes yet: a makes one"), "{screen}");
    assert!(!screen.contains("n makes one"), "{screen}");
    update(&mut s, Action::Key(event(&Key::plain(KeyCode::Enter))));
    assert_eq!(s.status.as_deref(), Some("No theme yet: a makes one."));
    update(&mut s, Action::Key(event(&Key::char('q'))));
    assert!(s.run().unwrap().themes.is_none());
    // Showing the join code while not sharing names the sharing keys as remapped.
    update(&mut s, Action::Key(event(&Key::plain(KeyCode::F(11)))));
    let status = s.status.clone().unwrap_or_default();
    assert!(
        status.contains("F3 starts sharing, then F11 shows"),
        "{status}"
    );
    // Editing an answer and leaving the edit name the keys that save it and go back to it.
    let map = Keymap::with_file(
        "[typing]\nsave = [\"Ctrl-S\", \"Enter\"]\n[selecting]\nedit = \"Ctrl-E\"\n",
    )
    .expect("a valid keys file");
    let mut s = state(&map, "triangle", Focus::Select);
    update(&mut s, Action::Key(event(&Key::ctrl('e'))));
    let status = s.status.clone().unwrap_or_default();
    assert!(status.starts_with("Editing: Ctrl-S saves"), "{status}");
    update(&mut s, Action::Key(event(&Key::char('!'))));
    update(&mut s, Action::Key(event(&Key::plain(KeyCode::Esc))));
    let status = s.status.clone().unwrap_or_default();
    assert!(
        status.contains("Ctrl-E on the answer goes back to it (Ctrl-S there saves it)"),
        "{status}"
    );
}

/// The box of the run screen holding "one two three", typed, with the cursor after "two".
fn typed_box(map: &Keymap) -> State {
    let mut s = state(map, "triangle", Focus::Capture);
    for c in "one two three".chars() {
        update(&mut s, Action::Key(event(&Key::char(c))));
    }
    for _ in 0..6 {
        update(&mut s, Action::Key(event(&Key::plain(KeyCode::Left))));
    }
    s
}

fn main_box(s: &State) -> (String, usize) {
    let b = &s.run().unwrap().capture[0];
    (b.text().to_owned(), b.cursor())
}

#[test]
fn every_editing_key_runs_its_command_in_the_box_remapped_too() {
    let remapped = Keymap::with_file(
        "[editing]\ndelete_word_before = \"Ctrl-H\"\nline_start = [\"Home\", \"Ctrl-A\"]\nword_right = \"Alt-W\"\n",
    )
    .expect("a valid keys file");
    let mut checked = 0;
    for map in [Keymap::default(), remapped.clone()] {
        for (command, keys) in map.table(Context::Editing) {
            for key in keys {
                let mut s = typed_box(&map);
                if *command == Command::RedoTyping {
                    let undo = map.keys(Context::Editing, Command::UndoTyping)[0];
                    update(&mut s, Action::Key(event(&undo)));
                }
                let before = main_box(&s);
                // What the command does to the same box.
                let mut expected = s.run().unwrap().capture[0].clone();
                assert!(expected.run(*command), "{command:?} is an editing command");
                update(&mut s, Action::Key(event(key)));
                let after = main_box(&s);
                assert_ne!(before, after, "{key} ({}) changed nothing", command.name());
                assert_eq!(
                    after,
                    (expected.text().to_owned(), expected.cursor()),
                    "{key} did not {}",
                    command.name()
                );
                assert_eq!(s.run().unwrap().focus, Focus::Capture, "{key} left the box");
                checked += 1;
            }
        }
    }
    assert!(checked >= 28, "only {checked} editing keys checked");
    // The replaced key does nothing now; the help shows the keys as remapped.
    let mut s = typed_box(&remapped);
    let before = main_box(&s);
    update(&mut s, Action::Key(event(&Key::ctrl('w'))));
    assert_eq!(main_box(&s), before, "Ctrl-W no longer deletes a word");
    let help = remapped.help(Context::Editing, |_| true);
    assert!(
        help.iter()
            .any(|(k, w)| k == "Ctrl-H" && w.contains("word before")),
        "{help:?}"
    );
    // In the help the screen draws.
    let sections = hearth::tui::view::help_sections(&s);
    let editing = sections
        .iter()
        .find(|(h, _)| *h == Context::Editing.heading())
        .expect("the help has the editing keys");
    assert!(editing.1.iter().any(|(k, _)| k == "Ctrl-H"), "{editing:?}");
}

#[test]
fn a_panel_opened_while_projecting_is_named_under_the_projection_with_its_keys() {
    let map = Keymap::with_file("[themes]\nnew_theme = \"a\"\n[selecting]\nthemes = \"Y\"\n")
        .expect("a valid keys file");
    let mut s = state(&map, "triangle", Focus::Select);
    update(&mut s, Action::Key(event(&Key::plain(KeyCode::F(5)))));
    assert!(s.run().unwrap().projection);
    update(&mut s, Action::Key(event(&Key::char('Y'))));
    assert_eq!(
        hearth::tui::layers::run_top(&s),
        Some(Context::Themes),
        "the themes panel has the keys"
    );
    // The room sees the projection, not the panel; the facilitator's strip says what has the
    // keys, and which (as remapped).
    let screen = screen_of(&s);
    let strip = screen.lines().last().unwrap_or_default();
    assert!(strip.contains("Themes panel (Y):"), "{strip}");
    assert!(strip.contains("a new"), "{strip}");
    assert!(!screen.contains("No themes yet"), "{screen}");
    // The help, on top, is drawn on top.
    update(&mut s, Action::Key(event(&Key::plain(KeyCode::F(1)))));
    assert_eq!(hearth::tui::layers::run_top(&s), Some(Context::Help));
    assert!(screen_of(&s).contains("┌ Help"));
    // Without the projection the panel is drawn, on top.
    for k in [
        Key::plain(KeyCode::Esc),
        Key::plain(KeyCode::Esc),
        Key::plain(KeyCode::F(5)),
        Key::char('Y'),
    ] {
        update(&mut s, Action::Key(event(&k)));
    }
    assert!(!s.run().unwrap().projection);
    assert!(screen_of(&s).contains("No themes yet: a makes one"));
    // The help's heading of the panel names the key that opens it, as remapped.
    let headings: Vec<String> = hearth::tui::view::help_sections(&s)
        .into_iter()
        .map(|(h, _)| h)
        .collect();
    assert!(
        headings.iter().any(|h| h == "Themes panel (Y)"),
        "{headings:?}"
    );
}

/// Texts that name a key name it as mapped: the help's own lines (revoking asks for the
/// confirming key, the spotlight ends on its keys, an edit left waits for the edit key) and the
/// messages that say how to add a group.
#[test]
fn help_lines_and_messages_name_keys_as_mapped() {
    let map = Keymap::with_file(
        r#"
[selecting]
edit = "Ctrl-E"
new_group = "F12"

[typing]
leave_box = "F11"

[confirm]
yes = "Enter"

[spotlight]
close = "Ctrl-X"
"#,
    )
    .expect("a valid keys file");
    let help: Vec<String> = Context::ALL
        .iter()
        .flat_map(|c| map.help(*c, |_| true))
        .map(|(_, what)| what)
        .collect();
    let all = help.join("\n");
    assert!(all.contains("waits, unsaved, for Ctrl-E"), "{all}");
    assert!(all.contains("revoke it (Enter to confirm)"), "{all}");
    assert!(all.contains("alone); Ctrl-X ends it"), "{all}");
    assert!(!all.contains('{'), "a key left unnamed: {all}");

    // With no group yet, the ways to add one are named as mapped.
    let session = Session::new(
        serde_json::from_str(
            r#"{"id":"s","title":"S","agenda":[{"id":"q","title":"Q","kind":"prompt_round",
                "questions":[{"id":"q1","text":"What?"}]}]}"#,
        )
        .unwrap(),
        "S".into(),
        None,
        Vec::new(),
    );
    let mut s = State::new(
        Screen::Run(Box::new(Run::new("k.json".into(), session))),
        Theme::plain(),
        3,
    );
    s.keymap = map;
    update::update(
        &mut s,
        Action::Key(KeyEvent::new(KeyCode::Char('g'), KeyModifiers::CONTROL)),
    );
    let status = s.status.clone().unwrap_or_default();
    assert!(
        status.contains("press F11, then F12 to add one"),
        "{status}"
    );
}

/// The keys file also names the theme (`theme = "light"` at its top): the keymap passes the
/// line over, and a theme that is no theme is said with its line and column while the keys
/// still apply.
#[test]
fn the_keys_file_names_the_theme_too() {
    use hearth::tui::theme::{Choice, Palette, choose};
    let text = "theme = \"light\"\n[typing]\nsave = \"F3\"\n";
    let with = Keymap::with_file(text).expect("a theme line is no context");
    let without = Keymap::with_file("[typing]\nsave = \"F3\"\n").unwrap();
    assert_eq!(with, without);
    assert_eq!(
        choose::in_keys_file(text),
        Ok(Some(Choice::Palette(Palette::Light)))
    );
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("keys.toml");
    std::fs::write(
        &path,
        "# colours\ntheme = \"purple\"\n[typing]\nsave = \"F3\"\n",
    )
    .unwrap();
    let (map, problem) = Keymap::load(&path);
    assert_eq!(map, without, "the keys still apply");
    let problem = problem.expect("a message");
    assert!(
        problem.contains("line 2, column 9") && problem.contains("purple"),
        "{problem}"
    );
    assert!(problem.contains("default theme"), "{problem}");
    // Chosen from the file when nothing else chooses, and never over --theme.
    let inputs = choose::Inputs {
        file: Some(text.into()),
        ..Default::default()
    };
    assert_eq!(choose::decide(&inputs, || None).0, Palette::Light);
    let flagged = choose::Inputs {
        flag: Some(Choice::Palette(Palette::HighContrast)),
        ..inputs
    };
    assert_eq!(choose::decide(&flagged, || None).0, Palette::HighContrast);
}
