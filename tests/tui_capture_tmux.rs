//! Capture as a note-taker types it, with the real `hearth run` in tmux at 80×24: multi-field
//! entries one after another (a triangle item with its elaboration, a second item, Ctrl-G, a
//! value-conflict row with all three columns, a timeline event with its year), then the session
//! file checked field by field. Then quitting with text in the box (the question), and SIGTERM
//! with text in the box (the drafts file, 0600, offered back on reopening, in no export).
//!
//! Needs tmux (CI installs it). Without it the test is skipped, saying why, or fails under
//! HEARTH_E2E=1 (as in CI); HEARTH_SKIP_TMUX=1 skips it on purpose.

// This test sets up the machine through the C library (limits, users, signals): unsafe is
// allowed here, as in src/platform.rs, and nowhere else.
#![allow(unsafe_code)]

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

use common::tmux::Tmux;
use hearth::store::read_session;

/// A session of the all-kinds plan in a fresh folder; returns the folder and the session file.
fn session() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_hearth"))
        .args(["new", "--title", "Futures", "--date", "2026-11-30", "--dir"])
        .arg(dir.path().join("sessions"))
        .arg(Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/all-kinds.json"))
        .output()
        .unwrap();
    assert!(out.status.success(), "{out:?}");
    let path = PathBuf::from(String::from_utf8(out.stdout).unwrap().trim());
    (dir, path)
}

/// A saved answer as checked here: slot, group, text, fields.
type Row = (String, String, String, Vec<(String, String)>);

/// Every answer saved in the session file, in order.
fn saved_rows(path: &Path) -> Vec<Row> {
    let (session, _) = read_session(path).unwrap();
    session
        .contributions()
        .iter()
        .map(|c| {
            (
                c.slot.clone(),
                c.group.clone().unwrap_or_default(),
                c.text.clone(),
                c.fields
                    .iter()
                    .map(|(k, v)| (k.clone(), v.clone()))
                    .collect(),
            )
        })
        .collect()
}

fn run_in_tmux(name: &str, dir: &Path, session: &Path) -> Tmux {
    let command = format!(
        "{} run {} ; echo HEARTH-EXITED-$?; sleep 30",
        env!("CARGO_BIN_EXE_hearth"),
        session.display()
    );
    Tmux::start(name, dir, 80, 24, &command)
}

#[test]
fn multi_field_entries_typed_one_after_another_land_in_their_fields() {
    if !common::tmux::available() {
        return;
    }
    let (dir, path) = session();
    let tmux = run_in_tmux("fields", dir.path(), &path);
    tmux.wait_for("type the");
    tmux.keys(&["C-n"]); // the Futures Triangle
    tmux.wait_for("Table 1 → Pull of the future");

    // An item with its elaboration, then a second item: the second starts in the item field.
    tmux.type_text("Lived experience leadership");
    tmux.keys(&["C-f"]);
    tmux.type_text("Peers lead services, boards and research; funders follow.");
    tmux.keys(&["Enter"]);
    tmux.wait_for("✓ saved");
    tmux.type_text("Community ownership");
    tmux.keys(&["Enter"]);
    tmux.wait_for("Table 1 · Pull");
    // Ctrl-G: the next group, an item and its elaboration again.
    tmux.keys(&["C-g"]);
    tmux.wait_for("Table 2 → Pull");
    tmux.type_text("夢 for everyone 🌱");
    tmux.keys(&["C-f"]);
    tmux.type_text("مرحبا — and a second thought");
    tmux.keys(&["Enter"]);
    tmux.wait_for("Table 2 · Pull");

    // A value-conflict row, all three columns, twice.
    tmux.keys(&["C-n", "C-n", "C-n"]);
    tmux.wait_for("Table 2 → Approach");
    for row in ["first", "second"] {
        tmux.type_text(&format!("Talk with other peer workers ({row})"));
        tmux.keys(&["C-f"]);
        tmux.type_text(&format!("Less isolated ({row})"));
        tmux.keys(&["C-f"]);
        tmux.type_text(&format!("Not resolved ({row})"));
        tmux.keys(&["Enter"]);
        tmux.wait_for("Table 2 · Approach");
        tmux.wait_for("type the approach here");
    }

    // A timeline event with its year.
    tmux.keys(&["C-p", "C-p"]); // scenario building
    tmux.wait_for("Scenario building");
    for _ in 0..20 {
        if tmux.screen().contains("→ Timeline") {
            break;
        }
        tmux.keys(&["Tab"]);
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    tmux.wait_for("→ Timeline");
    tmux.type_text("Peer certification becomes law");
    tmux.keys(&["C-f"]);
    tmux.type_text("2031");
    tmux.keys(&["Enter"]);
    tmux.wait_for("· Timeline");
    tmux.type_text("Second event");
    tmux.keys(&["C-f"]);
    tmux.type_text("2033");
    tmux.keys(&["Enter"]);
    tmux.wait_for("type the event here");

    tmux.keys(&["C-q"]);
    tmux.wait_for("HEARTH-EXITED-0");

    let found = saved_rows(&path);
    let f = |pairs: &[(&str, &str)]| -> Vec<(String, String)> {
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    };
    let timeline_slot = found
        .iter()
        .map(|r| r.0.clone())
        .find(|s| s.contains("timeline"))
        .expect("the timeline events are saved");
    let expected = vec![
        (
            "pull".to_owned(),
            "Table 1".to_owned(),
            "Lived experience leadership".to_owned(),
            f(&[(
                "elaboration",
                "Peers lead services, boards and research; funders follow.",
            )]),
        ),
        (
            "pull".into(),
            "Table 1".into(),
            "Community ownership".into(),
            f(&[]),
        ),
        (
            "pull".into(),
            "Table 2".into(),
            "夢 for everyone 🌱".into(),
            f(&[("elaboration", "مرحبا — and a second thought")]),
        ),
        (
            "approaches".into(),
            "Table 2".into(),
            "Talk with other peer workers (first)".into(),
            f(&[
                ("benefits", "Less isolated (first)"),
                ("risks", "Not resolved (first)"),
            ]),
        ),
        (
            "approaches".into(),
            "Table 2".into(),
            "Talk with other peer workers (second)".into(),
            f(&[
                ("benefits", "Less isolated (second)"),
                ("risks", "Not resolved (second)"),
            ]),
        ),
        (
            timeline_slot.clone(),
            "Table 2".into(),
            "Peer certification becomes law".into(),
            f(&[("year", "2031")]),
        ),
        (
            timeline_slot,
            "Table 2".into(),
            "Second event".into(),
            f(&[("year", "2033")]),
        ),
    ];
    assert_eq!(found, expected);
}

#[test]
fn quitting_with_text_asks_and_sigterm_keeps_a_private_draft_offered_on_reopening() {
    if !common::tmux::available() {
        return;
    }
    let (dir, path) = session();
    let tmux = run_in_tmux("quit", dir.path(), &path);
    tmux.wait_for("type the");
    tmux.type_text("half a sentence, not saved");
    tmux.keys(&["C-q"]);
    tmux.wait_for("not saved");
    tmux.wait_for("discard it and quit");
    tmux.keys(&["Escape"]);
    tmux.wait_without("discard it and quit");
    tmux.wait_for("half a sentence, not saved");

    // SIGTERM with text in the box: the draft is kept beside the session.
    let pid = common::pid_of(&path.display().to_string()).expect("hearth is running");
    // SAFETY: a plain C library call with valid arguments; it touches no Rust memory.
    unsafe {
        libc::kill(pid, libc::SIGTERM);
    }
    tmux.wait_for("HEARTH-EXITED-0");
    let drafts = path.with_extension("drafts");
    let kept = std::fs::read_to_string(&drafts).expect("a drafts file");
    assert!(kept.contains("half a sentence, not saved"));
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&drafts).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o600, "readable by this user only");
    }
    let (saved, _) = read_session(&path).unwrap();
    assert!(saved.contributions().is_empty(), "a draft is not an answer");
    for format in ["md", "html", "csv", "json"] {
        let out = Command::new(env!("CARGO_BIN_EXE_hearth"))
            .args(["export", "--format", format])
            .arg(&path)
            .output()
            .unwrap();
        assert!(out.status.success(), "{format}: {out:?}");
        assert!(
            !String::from_utf8_lossy(&out.stdout).contains("half a sentence"),
            "{format} leaves drafts out"
        );
    }

    // Reopening offers it back, in the box, where it was typed.
    let tmux = run_in_tmux("reopen", dir.path(), &path);
    tmux.wait_for("Restored text you had typed");
    tmux.wait_for("half a sentence, not saved");
    tmux.keys(&["Enter"]);
    tmux.wait_for("✓ saved");
    tmux.keys(&["C-q"]);
    tmux.wait_for("HEARTH-EXITED-0");
    let (saved, _) = read_session(&path).unwrap();
    assert_eq!(saved.contributions()[0].text, "half a sentence, not saved");
}

#[test]
fn a_raw_burst_of_five_thousand_characters_then_enter_is_saved_without_another_key() {
    if !common::tmux::available() {
        return;
    }
    let (dir, path) = session();
    let tmux = run_in_tmux("burst", dir.path(), &path);
    tmux.wait_for("type the");
    // Typed, not pasted: no bracketed paste, every character a key.
    let burst: String = "peer support 夢 ".chars().cycle().take(5000).collect();
    tmux.type_text(&burst);
    tmux.keys(&["Enter"]);
    tmux.wait_for("✓ saved");
    // A raw paste of twenty lines: twenty answers, none held back.
    let lines: Vec<String> = (1..=20)
        .map(|i| format!("line {i} of a raw paste"))
        .collect();
    for line in &lines {
        tmux.type_text(line);
        tmux.keys(&["Enter"]);
    }
    tmux.wait_for("line 20 of a raw paste");
    let quiet = std::time::Instant::now();
    loop {
        let (s, _) = read_session(&path).unwrap();
        if s.contributions().len() == 21 {
            break;
        }
        assert!(
            quiet.elapsed() < std::time::Duration::from_secs(10),
            "{} of 21 saved, with no key after the last Enter",
            s.contributions().len()
        );
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    tmux.keys(&["C-q"]);
    tmux.wait_for("HEARTH-EXITED-0");
    let (s, _) = read_session(&path).unwrap();
    assert_eq!(s.contributions()[0].text, burst);
    let texts: Vec<&str> = s.contributions()[1..]
        .iter()
        .map(|c| c.text.as_str())
        .collect();
    assert_eq!(texts, lines.iter().map(String::as_str).collect::<Vec<_>>());
}

/// The published futures workshop's plan, typed as a note-taker moves mid-entry: half an item,
/// Tab away and Shift-Tab back, Ctrl-G in the middle of the elaboration, Esc and command
/// letters, Ctrl-N with text in the box, a kill and a reopening. Every answer lands where the
/// box's title said, field by field.
#[test]
fn half_typed_entries_follow_their_slot_through_tab_ctrl_g_esc_and_a_kill() {
    if !common::tmux::available() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_hearth"))
        .args(["new", "peer-support-futures", "--title", "Futures", "--dir"])
        .arg(dir.path().join("sessions"))
        .output()
        .unwrap();
    assert!(out.status.success(), "{out:?}");
    let path = PathBuf::from(String::from_utf8(out.stdout).unwrap().trim());
    let tmux = run_in_tmux("moves", dir.path(), &path);
    tmux.wait_for("Table 1 → Pull of the future");
    tmux.type_text("Title A");
    tmux.keys(&["C-f"]);
    tmux.type_text("Elab B");
    tmux.keys(&["Tab"]);
    tmux.wait_for("Table 1 → Push of the present");
    tmux.type_text("Push C");
    tmux.keys(&["BTab"]);
    tmux.wait_for("Elab B");
    tmux.keys(&["C-g"]);
    tmux.wait_for("Table 2 → Pull of the future · elaboration");
    tmux.type_text(" more");
    tmux.keys(&["Enter"]);
    tmux.wait_for("✓ saved");
    tmux.keys(&["Tab"]);
    tmux.wait_for("Push C");
    tmux.keys(&["Enter"]);
    tmux.wait_for("Table 2 · Push of the present");
    // Esc, then command letters: none of them is typed.
    tmux.keys(&["Escape"]);
    tmux.wait_for("i type");
    tmux.keys(&["Escape", "x", "x", "a", "a"]);
    tmux.keys(&["i"]);
    tmux.wait_for("Enter save");
    tmux.keys(&["Tab"]);
    tmux.wait_for("Table 2 → Weight of the past");
    tmux.type_text("Weight D");
    tmux.keys(&["C-f"]);
    tmux.type_text("elab D");
    tmux.keys(&["C-n"]);
    tmux.wait_for("Table 2 → Scenario title");
    tmux.type_text("Peers Inc.");
    tmux.keys(&["C-p"]);
    tmux.wait_for("elab D");
    tmux.keys(&["Enter"]);
    tmux.wait_for("Table 2 · Weight of the past");
    // Killed with the scenario title typed and not saved; the drafts file is written within
    // two seconds of typing.
    tmux.keys(&["C-n"]);
    tmux.wait_for("Peers Inc.");
    std::thread::sleep(std::time::Duration::from_millis(2600));
    let pid = common::pid_of(&path.display().to_string()).expect("hearth is running");
    // SAFETY: a plain C library call with valid arguments; it touches no Rust memory.
    unsafe {
        libc::kill(pid, libc::SIGKILL);
    }
    // Killed: the terminal is left as it was; wait for the process to be gone.
    let start = std::time::Instant::now();
    while common::pid_of(&path.display().to_string()).is_some() {
        assert!(start.elapsed().as_secs() < 15, "hearth did not die");
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    drop(tmux);
    let tmux = run_in_tmux("moves-again", dir.path(), &path);
    tmux.wait_for("Restored text");
    tmux.wait_for("Peers Inc.");
    tmux.keys(&["Enter"]);
    tmux.wait_for("✓ saved");
    tmux.keys(&["C-q"]);
    tmux.wait_for("HEARTH-EXITED-0");

    let rows = saved_rows(&path);
    let row = |slot: &str, text: &str, fields: &[(&str, &str)]| -> Row {
        (
            slot.into(),
            "Table 2".into(),
            text.into(),
            fields
                .iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect(),
        )
    };
    assert_eq!(
        rows,
        vec![
            row("pull", "Title A", &[("elaboration", "Elab B more")]),
            row("push", "Push C", &[]),
            row("weight", "Weight D", &[("elaboration", "elab D")]),
            row("title", "Peers Inc.", &[]),
        ]
    );
}
