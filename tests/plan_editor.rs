//! The plan editor (issue 27): every bundled plan opened and saved unchanged reads back equal;
//! every part of every kind is described for the editor; snapshots of the editor at 80×24 and
//! 160×48 on an exercise of each kind (with the preview beside the form when wide, and toggled
//! in its place at 80×24); a plan built from nothing by keys, saved, read back.

use std::path::Path;

use hearth::model::Scenario;
use hearth::model::exercise::Kind;
use hearth::model::exercise::parts::{EXERCISE_PARTS, Part, Shape};
use hearth::store::load_scenario;
use hearth::store::plans::{BUILT_IN, PlanSource};
use hearth::tui::keymap::{Key, Keymap};
use hearth::tui::plan_editor::{Editor, EditorView, Effect, Origin};
use hearth::tui::theme::Theme;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::KeyCode;
use serde_json::Value;

fn screen(editor: &Editor, w: u16, h: u16) -> String {
    let keymap = Keymap::default();
    let mut terminal = Terminal::new(TestBackend::new(w, h)).unwrap();
    terminal
        .draw(|f| {
            f.render_widget(
                EditorView {
                    editor,
                    keymap: &keymap,
                    theme: Theme::plain(),
                },
                f.area(),
            )
        })
        .unwrap();
    terminal.backend().to_string()
}

fn press(e: &mut Editor, key: Key) -> Vec<Effect> {
    e.key(key.event(), &Keymap::default())
}

fn typed(e: &mut Editor, text: &str) {
    for c in text.chars() {
        press(e, Key::char(c));
    }
}

fn built_in(name: &str) -> (Scenario, PlanSource) {
    let source = PlanSource::BuiltIn(BUILT_IN.iter().find(|(n, _)| *n == name).unwrap().0);
    (source.load().unwrap(), source)
}

/// A value for every part, optional ones too.
fn full(parts: &[Part]) -> Value {
    let mut obj = serde_json::Map::new();
    for p in parts {
        obj.insert(p.key.to_owned(), full_value(p));
    }
    Value::Object(obj)
}

fn full_value(p: &Part) -> Value {
    match p.shape {
        Shape::Text | Shape::LongText => Value::from(format!("{} text", p.label)),
        Shape::Id => Value::from("x1"),
        Shape::Minutes => Value::from(20),
        Shape::Number { .. } => Value::from(2),
        Shape::YesNo => Value::from(true),
        Shape::Choice(c) => Value::from(c[0]),
        Shape::TextList { item } => Value::from(vec![format!("{item} one")]),
        Shape::Records { parts, .. } => Value::Array(vec![full(parts)]),
        Shape::Group(parts) => full(parts),
        Shape::Earlier => Value::from("earlier"),
        Shape::Slot => Value::from("slot"),
    }
}

/// Every key of `value` is a part of `parts`, all the way down.
fn described(value: &Value, parts: &[Part], at: &str, extra: &[&str]) {
    let Some(obj) = value.as_object() else { return };
    for (k, v) in obj {
        if extra.contains(&k.as_str()) {
            continue;
        }
        let part = parts
            .iter()
            .find(|p| p.key == k)
            .unwrap_or_else(|| panic!("{at}.{k} is not described for the plan editor"));
        match part.shape {
            Shape::Records { parts: inner, .. } => {
                for (i, r) in v.as_array().unwrap().iter().enumerate() {
                    described(r, inner, &format!("{at}.{k}[{i}]"), &[]);
                }
            }
            Shape::Group(inner) => described(v, inner, &format!("{at}.{k}"), &[]),
            _ => {}
        }
    }
}

#[test]
fn every_part_of_every_kind_is_described_and_read_as_described() {
    for kind in Kind::ALL {
        let own = full(kind.parts());
        // Read alone, with unknown fields refused: every described part is one of the kind's.
        let bytes = serde_json::to_vec(&own).unwrap();
        assert_eq!(
            kind.explain_part(&bytes).map(|(p, e)| format!("{p}: {e}")),
            None,
            "{}",
            kind.name()
        );
        // Read in an exercise and written again: the same, so nothing is lost or added.
        let mut ex = full(EXERCISE_PARTS);
        ex["kind"] = Value::from(kind.name());
        ex.as_object_mut()
            .unwrap()
            .extend(own.as_object().unwrap().clone());
        let read: hearth::model::Exercise = serde_json::from_value(ex.clone()).unwrap();
        assert_eq!(serde_json::to_value(&read).unwrap(), ex, "{}", kind.name());
        assert!(!kind.about().is_empty() && !kind.label().is_empty());
    }
    // And every field the bundled plans use is described.
    for (name, text) in BUILT_IN {
        let plan: Value = serde_json::from_str(text).unwrap();
        described(
            &plan,
            hearth::model::exercise::parts::PLAN_PARTS,
            name,
            &["format", "agenda"],
        );
        for (i, ex) in plan["agenda"].as_array().unwrap().iter().enumerate() {
            let kind = Kind::named(ex["kind"].as_str().unwrap()).unwrap();
            let parts: Vec<Part> = EXERCISE_PARTS.iter().chain(kind.parts()).copied().collect();
            described(ex, &parts, &format!("{name}.agenda[{i}]"), &["kind"]);
        }
    }
}

/// Saves through the editor and reads the bytes back with the plan reader.
fn save_and_read(e: &mut Editor, dir: &Path) -> Scenario {
    let effects = press(e, Key::char('s'));
    let Some(Effect::Save { path, bytes }) = effects.first().cloned() else {
        panic!("no save: {:?} {:?}", e.status, e.problems)
    };
    assert!(
        path.starts_with(dir),
        "{} is not in the plans folder",
        path.display()
    );
    hearth::tui::plan_editor::write(&path, &bytes).unwrap();
    e.saved(path.clone(), Ok(()));
    load_scenario(&path).unwrap()
}

#[test]
fn every_bundled_plan_opened_and_saved_unchanged_reads_back_equal() {
    for (name, text) in BUILT_IN {
        let dir = tempfile::tempdir().unwrap();
        let (original, source) = built_in(name);
        // Built in: a copy, with its own id and a title saying so; all else equal.
        let mut e = Editor::open(&original, &source, dir.path());
        assert_eq!(e.origin, Origin::CopyOf(name.to_string()));
        let copy = save_and_read(&mut e, dir.path());
        assert_ne!(copy.id, original.id);
        assert!(
            BUILT_IN.iter().all(|(n, _)| *n != copy.id),
            "{name}: {}",
            copy.id
        );
        assert!(copy.title.contains("copy"), "{}", copy.title);
        assert_eq!(
            Scenario {
                id: original.id.clone(),
                title: original.title.clone(),
                ..copy
            },
            original,
            "{name}"
        );
        // A plan of the user's: saved back to its own file, equal.
        let mine = dir.path().join(format!("my-{name}.json"));
        std::fs::write(&mine, text).unwrap();
        let source = PlanSource::File(mine.clone());
        let read = source.load().unwrap();
        let mut e = Editor::open(&read, &source, dir.path());
        assert_eq!(e.origin, Origin::File(mine.clone()));
        assert!(!e.dirty());
        let again = save_and_read(&mut e, dir.path());
        assert_eq!(again, original, "{name}");
        assert!(!e.dirty());
    }
}

#[test]
fn the_checkout_s_plans_are_never_written() {
    let dir = tempfile::tempdir().unwrap();
    let file = Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios/role-clarity.json");
    let before = std::fs::read(&file).unwrap();
    let source = PlanSource::File(file.clone());
    let scenario = source.load().unwrap();
    let mut e = Editor::open(&scenario, &source, dir.path());
    assert_eq!(e.origin, Origin::CopyOf("role-clarity".into()));
    let saved = save_and_read(&mut e, dir.path());
    assert_eq!(saved.id, "role-clarity-copy");
    assert_eq!(std::fs::read(&file).unwrap(), before);
    // Saved again: the same copy, not a third file.
    press(&mut e, Key::plain(KeyCode::Down));
    press(&mut e, Key::plain(KeyCode::Enter));
    press(&mut e, Key::plain(KeyCode::Enter));
    typed(&mut e, " again");
    press(&mut e, Key::plain(KeyCode::Enter));
    save_and_read(&mut e, dir.path());
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
}

/// The first bundled plan exercise of each kind: (plan, exercise index).
fn example_of(kind: Kind) -> (&'static str, usize) {
    for (name, text) in BUILT_IN {
        let plan: Value = serde_json::from_str(text).unwrap();
        if let Some(i) = plan["agenda"]
            .as_array()
            .unwrap()
            .iter()
            .position(|e| e["kind"] == kind.name())
        {
            return (name, i);
        }
    }
    panic!("no bundled plan has a {}", kind.name())
}

#[test]
fn snapshots_of_the_editor_on_each_kind() {
    for kind in Kind::ALL {
        let dir = Path::new("/plans");
        let (name, i) = example_of(*kind);
        let (scenario, source) = built_in(name);
        let mut e = Editor::open(&scenario, &source, dir);
        e.item = i + 1;
        e.pane = hearth::tui::plan_editor::Pane::Form;
        e.row = 2;
        for (w, h) in [(80, 24), (160, 48)] {
            insta::assert_snapshot!(format!("{}_{w}x{h}", kind.name()), screen(&e, w, h));
        }
        e.preview = true;
        insta::assert_snapshot!(format!("{}_preview_80x24", kind.name()), screen(&e, 80, 24));
    }
}

#[test]
fn snapshots_of_building_a_plan_from_nothing() {
    let mut e = Editor::new_plan("Team day", Path::new("/plans"));
    insta::assert_snapshot!("new_plan_80x24", screen(&e, 80, 24));
    press(&mut e, Key::char('a'));
    insta::assert_snapshot!("kind_list_80x24", screen(&e, 80, 24));
    press(&mut e, Key::plain(KeyCode::Enter));
    // What is left to do is said beside each part, in plain words.
    insta::assert_snapshot!("new_prompt_round_80x24", screen(&e, 80, 24));
    for _ in 0..4 {
        press(&mut e, Key::plain(KeyCode::Down));
    }
    press(&mut e, Key::plain(KeyCode::Enter));
    typed(&mut e, "Welcome everyone.");
    press(&mut e, Key::alt(KeyCode::Enter));
    typed(&mut e, "Say your name");
    insta::assert_snapshot!("typing_instructions_80x24", screen(&e, 80, 24));
    press(&mut e, Key::plain(KeyCode::Enter));
    press(&mut e, Key::char('q'));
    insta::assert_snapshot!("quit_question_80x24", screen(&e, 80, 24));
    press(&mut e, Key::plain(KeyCode::Esc));
    press(&mut e, Key::char('?'));
    insta::assert_snapshot!("help_160x48", screen(&e, 160, 48));
    for word in [
        "u32",
        "variant",
        "struct",
        "sequence",
        "invalid type",
        "serde",
    ] {
        for (w, h) in [(80, 24), (160, 48)] {
            let text = screen(&e, w, h);
            assert!(!text.contains(word), "{word}: {text}");
        }
    }
}

#[test]
fn the_editor_needs_a_terminal_and_says_what_to_do_instead() {
    let dir = tempfile::tempdir().unwrap();
    for args in [
        &["plan", "new", "Team day"][..],
        &["plan", "edit", "role-clarity"][..],
    ] {
        let out = std::process::Command::new(env!("CARGO_BIN_EXE_hearth"))
            .args(args)
            .env("HEARTH_HOME", dir.path())
            .stdin(std::process::Stdio::null())
            .output()
            .unwrap();
        assert!(!out.status.success());
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(
            err.contains("needs a terminal") && err.contains("hearth plan import"),
            "{err}"
        );
    }
    assert!(!dir.path().join("scenarios").exists(), "nothing written");
}

#[test]
fn the_editor_draws_at_any_size_without_panicking() {
    let (scenario, source) = built_in("six-pillars");
    let mut e = Editor::open(&scenario, &source, Path::new("/plans"));
    for item in 0..=scenario.agenda.len() {
        e.item = item;
        for preview in [false, true] {
            e.preview = preview;
            for (w, h) in [
                (1, 1),
                (10, 3),
                (30, 8),
                (60, 12),
                (119, 30),
                (120, 30),
                (250, 70),
            ] {
                screen(&e, w, h);
            }
        }
    }
    press(&mut e, Key::char('a'));
    screen(&e, 20, 6);
    press(&mut e, Key::plain(KeyCode::Esc));
    e.pane = hearth::tui::plan_editor::Pane::Form;
    press(&mut e, Key::plain(KeyCode::Enter));
    screen(&e, 12, 5);
    screen(&e, 3, 2);
}

/// The plans folder the editor makes is its owner's alone, as every folder hearth makes.
#[cfg(unix)]
#[test]
fn the_plans_folder_made_for_a_plan_is_the_owners_alone() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let plans = dir.path().join("data/plans");
    hearth::tui::plan_editor::write(&plans.join("mine.json"), b"{}").unwrap();
    for folder in [dir.path().join("data"), plans] {
        let mode = std::fs::metadata(&folder).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o700, "{}", folder.display());
    }
}
