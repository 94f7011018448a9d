//! The plan editor in the real binary, in tmux at 80×24: a three-exercise plan built from
//! nothing (`hearth plan new`) — a prompt round with a dot vote, a checklist, a value conflict —
//! saved to the plans folder; then a session started from it (`hearth new`), answers added to
//! each exercise (`hearth add`), and the Markdown write-up exported: it holds every answer
//! under its exercise.
//!
//! And from the home screen: **e** on a built-in plan opens a copy of it in the editor, saved and
//! listed on the home screen when the editor closes; **N** opens a new plan, quitting it asks.
//!
//! Needs tmux. Without it the test is skipped, saying why, or fails under HEARTH_E2E=1;
//! HEARTH_SKIP_TMUX=1 skips it on purpose.

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

use common::tmux::Tmux;

const QUESTION: &str = "What do we hope for?";
const ITEM: &str = "Ramps at the door";
const SITUATION: &str = "A secret is asked";

fn pause() {
    std::thread::sleep(Duration::from_millis(200));
}

fn down(tmux: &Tmux, n: usize) {
    for _ in 0..n {
        tmux.keys(&["Down"]);
    }
    pause();
}

/// `a` on the agenda, then the kind `n` places down the list.
fn add_exercise(tmux: &Tmux, n: usize, added: &str) {
    tmux.keys(&["a"]);
    tmux.wait_for("which kind?");
    down(tmux, n);
    tmux.keys(&["Enter"]);
    tmux.wait_for(added);
}

/// Enter on the row `n` below the cursor's first row, the text typed, Enter.
fn type_in(tmux: &Tmux, row: usize, text: &str) {
    down(tmux, row);
    tmux.keys(&["Enter"]);
    pause();
    tmux.type_text(text);
    tmux.keys(&["Enter"]);
    pause();
}

fn hearth(dir: &Path, args: &[&str]) -> String {
    let out = Command::new(env!("CARGO_BIN_EXE_hearth"))
        .current_dir(dir)
        .env("HEARTH_HOME", dir)
        .args(args)
        .output()
        .unwrap();
    assert!(out.status.success(), "{args:?}: {out:?}");
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn a_plan_built_from_nothing_in_the_editor_runs_and_is_written_up() {
    if !common::tmux::available() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let plans = dir.path().join("scenarios");
    let command = format!(
        "HEARTH_HOME={} {} plan new 'Team day' ; echo HEARTH-EXITED-$?; sleep 30",
        dir.path().display(),
        env!("CARGO_BIN_EXE_hearth"),
    );
    let tmux = Tmux::start("plan-editor", dir.path(), 80, 24, &command);
    tmux.wait_for("a adds its first exercise");

    // A prompt round: its title, its question, a dot vote.
    add_exercise(&tmux, 0, "A prompt round added");
    tmux.keys(&["Enter"]);
    pause();
    tmux.keys(&["C-u"]);
    tmux.type_text("Hopes");
    tmux.keys(&["Enter"]);
    tmux.wait_for("1. Hopes");
    type_in(&tmux, 8, QUESTION);
    tmux.wait_for(QUESTION);
    down(&tmux, 2);
    tmux.keys(&["Enter"]);
    tmux.wait_for("vote round 1 · dots: 3");

    // A checklist, after it: one item.
    tmux.keys(&["Tab"]);
    add_exercise(&tmux, 6, "A checklist added");
    type_in(&tmux, 7, ITEM);
    tmux.wait_for(ITEM);

    // A value conflict: its situation.
    tmux.keys(&["Tab"]);
    add_exercise(&tmux, 4, "A value conflict added");
    type_in(&tmux, 5, SITUATION);
    tmux.wait_for("The plan reads: nothing to fix.");
    let agenda = tmux.screen();
    assert!(
        agenda.contains("2. Checklist") && agenda.contains("3. Value conflict"),
        "{agenda}"
    );

    tmux.keys(&["s"]);
    tmux.wait_for("Saved as");
    tmux.keys(&["q"]);
    tmux.wait_for("HEARTH-EXITED-0");
    let plan = plans.join("team-day.json");
    let out = tmux.screen().replace('\n', "");
    assert!(out.contains("hearth new team-day"), "{out}");

    // A session from it: answers to each exercise, then the write-up.
    let session = PathBuf::from(
        hearth(
            dir.path(),
            &[
                "new",
                "--title",
                "Team day",
                "--date",
                "2026-12-07",
                "--groups",
                "Table 1,Table 2",
                plan.to_str().unwrap(),
            ],
        )
        .trim(),
    );
    let (read, _) = hearth::store::read_session(&session).unwrap();
    let agenda = &read.scenario.agenda;
    assert_eq!(agenda.len(), 3);
    assert_eq!(agenda[0].title, "Hopes");
    assert_eq!(agenda[0].votes.len(), 1, "the dot vote is planned");
    assert_eq!(agenda[1].kind_name(), "checklist");
    assert_eq!(agenda[2].kind_name(), "value_conflict");
    let s = session.to_str().unwrap();
    let (q, ck, vc) = (&agenda[0].id, &agenda[1].id, &agenda[2].id);
    hearth(
        dir.path(),
        &[
            "add",
            s,
            "--exercise",
            q,
            "--slot",
            "q1",
            "--group",
            "Table 1",
            "--text",
            "More time outdoors",
        ],
    );
    hearth(
        dir.path(),
        &[
            "add",
            s,
            "--exercise",
            ck,
            "--slot",
            "i1",
            "--group",
            "Table 2",
            "--field",
            "checked=no",
            "--text",
            "Only at the back",
        ],
    );
    hearth(
        dir.path(),
        &[
            "add",
            s,
            "--exercise",
            vc,
            "--slot",
            "approaches",
            "--group",
            "Table 1",
            "--field",
            "benefits=Trust",
            "--field",
            "risks=Harm",
            "--text",
            "Say what you must share",
        ],
    );
    let md = hearth(dir.path(), &["export", s, "-f", "md", "-o", "-"]);
    for text in [
        "Hopes",
        QUESTION,
        "More time outdoors",
        ITEM,
        "Only at the back",
        SITUATION,
        "Say what you must share",
        "Trust",
        "Harm",
    ] {
        assert!(md.contains(text), "the write-up lacks {text}:\n{md}");
    }
}

#[test]
fn the_home_screen_opens_the_editor_and_lists_the_copy_it_saved() {
    if !common::tmux::available() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let command = format!(
        "HEARTH_HOME={} {} ; echo HEARTH-EXITED-$?; sleep 30",
        dir.path().display(),
        env!("CARGO_BIN_EXE_hearth"),
    );
    let tmux = Tmux::start("plan-editor-home", dir.path(), 80, 24, &command);
    tmux.wait_for("e edit");
    // The first plan is built in: the editor opens a copy of it.
    tmux.keys(&["e"]);
    tmux.wait_for("is built into hearth");
    tmux.keys(&["s"]);
    tmux.wait_for("Saved as");
    tmux.keys(&["q"]);
    // Back home, the copy listed beside the plan it copies, and chosen.
    let home = tmux.wait_for("Workshop plans");
    assert!(home.contains("(copy)"), "{home}");
    tmux.keys(&["N"]);
    tmux.wait_for("a adds its first exercise");
    tmux.keys(&["q"]);
    tmux.wait_for("Quit the plan editor?");
    tmux.keys(&["d"]);
    tmux.wait_for("Workshop plans");
    tmux.keys(&["q"]);
    tmux.wait_for("HEARTH-EXITED-0");
    let saved = hearth::store::plans::json_files(&dir.path().join("scenarios"));
    assert_eq!(saved.len(), 1, "{saved:?}");
    let plan = hearth::store::load_scenario(&saved[0]).unwrap();
    assert!(
        plan.id.ends_with("-copy") && plan.title.ends_with("(copy)"),
        "{plan:?}"
    );
}
