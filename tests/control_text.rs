//! One rule for control characters in every text a session holds (title, event, notes,
//! introduction, group and facilitator names): refused where it is typed, with a message and
//! exit 2, except line breaks and tabs in the texts of several lines (notes, introduction).
//! Answers keep theirs verbatim.

mod common;

use std::path::Path;

use hearth::tui::action::{Action, Effect};
use hearth::tui::app::{Options, load_home};
use hearth::tui::state::{Screen, State};
use hearth::tui::theme::Theme;
use hearth::tui::update;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

/// What a terminal would act on: set the window title, then ring the bell.
const ESCAPE: &str = "\u{1b}]0;pwned\u{7}";

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

fn new_session(dir: &Path, extra: &[&str]) -> std::process::Output {
    let plan = common::fixture("all-kinds.json");
    let mut args = vec![
        "new",
        plan.to_str().unwrap(),
        "--dir",
        dir.to_str().unwrap(),
        "--date",
        "2026-11-22",
    ];
    args.extend_from_slice(extra);
    common::run_hearth(dir, &args, None)
}

#[test]
fn hearth_new_refuses_control_characters_in_every_text_and_writes_nothing() {
    for (flag, value) in [
        ("--title", format!("Retro{ESCAPE}")),
        ("--title", "Retro\nsecond line".to_owned()),
        ("--title", "Retro\ttab".to_owned()),
        ("--event", format!("PeerWorks{ESCAPE}")),
        ("--event", "PeerWorks\nsecond line".to_owned()),
        ("--notes", format!("notes{ESCAPE}")),
        ("--introduction", "We met.\u{1b}[2J".to_owned()),
        ("--introduction", "We met.\u{85}".to_owned()),
        ("--facilitator", format!("Ana{ESCAPE}")),
        ("--groups", format!("Table 1,Table{ESCAPE}")),
    ] {
        let dir = tempfile::tempdir().unwrap();
        let out = new_session(dir.path(), &[flag, &value]);
        let err = text(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{flag} {value:?}: {err}");
        assert!(err.contains("control character"), "{flag} {value:?}: {err}");
        assert!(
            common::tree(dir.path()).is_empty(),
            "{flag} {value:?}: nothing written"
        );
    }
}

#[test]
fn notes_and_an_introduction_keep_their_line_breaks_and_tabs() {
    let dir = tempfile::tempdir().unwrap();
    let out = new_session(
        dir.path(),
        &[
            "--notes",
            "first\n\tindented",
            "--introduction",
            "We met.\r\nTwice:\tonce online.",
        ],
    );
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let path = text(&out.stdout).trim().to_owned();
    let (session, _) = hearth::store::read_session(Path::new(&path)).unwrap();
    assert_eq!(session.notes, "first\n\tindented");
    assert_eq!(session.introduction, "We met.\nTwice:\tonce online.");
}

#[test]
fn hearth_set_refuses_control_characters_and_leaves_the_session_as_it_was() {
    let dir = tempfile::tempdir().unwrap();
    let session = common::new_session(dir.path());
    let s = session.to_str().unwrap();
    let before = common::tree(dir.path());
    for (flag, value) in [
        ("--event", format!("PeerWorks{ESCAPE}")),
        ("--notes", format!("notes{ESCAPE}")),
        ("--introduction", "We met.\u{7f}".to_owned()),
    ] {
        let out = common::run_hearth(dir.path(), &["set", s, flag, &value], None);
        let err = text(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{flag} {value:?}: {err}");
        assert!(err.contains("control character"), "{flag} {value:?}: {err}");
        assert_eq!(common::tree(dir.path()), before, "{flag}: nothing changed");
    }
    let out = common::run_hearth(
        dir.path(),
        &["set", s, "--notes", "a\n\tb", "--event", "PeerWorks"],
        None,
    );
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
}

#[test]
fn answers_keep_their_control_characters_verbatim() {
    let dir = tempfile::tempdir().unwrap();
    let session = common::new_session(dir.path());
    let words = format!("said{ESCAPE} as typed");
    let out = common::run_hearth(
        dir.path(),
        &[
            "add",
            session.to_str().unwrap(),
            "--exercise",
            "round",
            "--slot",
            "sick",
            "--text",
            &words,
        ],
        None,
    );
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let (s, _) = hearth::store::read_session(&session).unwrap();
    assert_eq!(s.contributions()[0].text, words);
}

fn key(code: KeyCode) -> Action {
    Action::Key(KeyEvent::new(code, KeyModifiers::NONE))
}

fn form_error(state: &State) -> Option<String> {
    match &state.screen {
        Screen::Home(home) => home.form.as_ref().and_then(|f| f.error.clone()),
        Screen::Run(run) => run.details.as_ref().and_then(|f| f.error.clone()),
    }
}

/// The new-session form of the home screen, open on its title.
fn new_session_form() -> (tempfile::TempDir, State) {
    let dir = tempfile::tempdir().unwrap();
    let home = load_home(&Options {
        scenarios_dir: dir.path().join("plans"),
        sessions_dir: dir.path().to_owned(),
        session: None,
        participants: Vec::new(),
        bind: hearth::tui::app::DEFAULT_BIND.parse().unwrap(),
        code: None,
        plain: false,
    });
    let mut s = State::new(Screen::Home(Box::new(home)), Theme::plain(), 1);
    update(&mut s, key(KeyCode::Tab)); // to the plans
    update(&mut s, key(KeyCode::Enter));
    (dir, s)
}

#[test]
fn the_new_session_form_refuses_control_characters_in_its_title_and_details() {
    // Field 0 is the title, 1 the groups, 4 the event, 6 the notes (see FORM_LABELS).
    for (field, pasted) in [
        (0, format!("Retro{ESCAPE}")),
        (1, format!("Table{ESCAPE}")),
        (4, format!("PeerWorks{ESCAPE}")),
        (6, format!("notes{ESCAPE}")),
        (7, "We met.\u{1b}[2J".to_owned()),
    ] {
        let (_dir, mut s) = new_session_form();
        for _ in 0..field {
            update(&mut s, key(KeyCode::Tab));
        }
        update(&mut s, Action::Paste(pasted.clone()));
        let effects = update(&mut s, key(KeyCode::Enter));
        assert!(
            !effects
                .iter()
                .any(|e| matches!(e, Effect::CreateSession { .. })),
            "field {field} {pasted:?}: no session created"
        );
        let error = form_error(&s).unwrap_or_default();
        assert!(
            error.contains("control character"),
            "field {field} {pasted:?}: {error:?}"
        );
    }
}

#[test]
fn the_details_form_refuses_control_characters_and_keeps_line_breaks_in_notes() {
    let err =
        hearth::tui::details::read("", "", &format!("PeerWorks{ESCAPE}"), "", "", "").unwrap_err();
    assert!(err.contains("control character"), "{err}");
    let err =
        hearth::tui::details::read("", "", "", "", "", &format!("We met.{ESCAPE}")).unwrap_err();
    assert!(err.contains("control character"), "{err}");
    let d = hearth::tui::details::read("", "", "PeerWorks", "", "a\n\tb", "c\nd").unwrap();
    assert_eq!(
        (d.notes.as_str(), d.introduction.as_str()),
        ("a\n\tb", "c\nd")
    );
}
