//! End to end, as a person would: the real `hearth` binary in tmux at 80×24. Start a session
//! of "Dreaming together" from the home screen, type answers for two groups into two questions
//! (an emoji, a pasted multi-line answer), squeeze the window to 20×5 and back, quit, and find
//! every word in the session file under the right question and group.
//!
//! Needs tmux (CI installs it). Without it the test is skipped, saying why, or fails under
//! HEARTH_E2E=1 (as in CI); HEARTH_SKIP_TMUX=1 skips it on purpose.

mod common;

use std::path::Path;

use common::tmux::Tmux;

use hearth::store::read_session;

#[test]
fn a_facilitator_captures_two_groups_and_every_word_is_in_the_file() {
    if !common::tmux::available() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("scenarios")).unwrap();
    std::fs::copy(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios/dreaming-together.json"),
        dir.path().join("scenarios/dreaming-together.json"),
    )
    .unwrap();
    let command = format!(
        "{} ; echo HEARTH-EXITED-$?; sleep 30",
        env!("CARGO_BIN_EXE_hearth")
    );
    let tmux = Tmux::start("capture", dir.path(), 80, 24, &command);

    tmux.wait_for("Workshop plans");
    // The built-in plans are listed too: go down to this one.
    for _ in 0..20 {
        if tmux.screen().contains("▶ Dreaming Together") {
            break;
        }
        tmux.keys(&["Down"]);
        std::thread::sleep(std::time::Duration::from_millis(100));
    }
    tmux.wait_for("▶ Dreaming Together");
    tmux.keys(&["Enter"]);
    tmux.wait_for("New session");
    tmux.keys(&["Enter"]);
    tmux.wait_for("type the answer here");

    // Question 4, Table 1: typed, with an emoji and a double space.
    tmux.keys(&["Tab"]);
    tmux.wait_for("Table 1 → 4.");
    tmux.type_text("Peer support volunteer -->  street outreach worker 🚀");
    tmux.keys(&["Enter"]);
    tmux.wait_for("✓ saved");
    // Question 4, Table 2: a pasted multi-line answer.
    tmux.keys(&["C-g"]);
    tmux.wait_for("Table 2 → 4.");
    let pasted = "Student--> teaching --> maternity leave\nsocial media manager -->  youth peer mentor\n\twith a tab, 夢 and مرحبا";
    tmux.paste(dir.path(), pasted);
    tmux.wait_for("youth peer mentor");
    tmux.keys(&["Enter"]);
    tmux.wait_for("Table 2 · 4.");
    // Question 5, both groups.
    tmux.keys(&["Tab"]);
    tmux.wait_for("Table 2 → 5.");
    tmux.type_text("Entry / exit: warm lines");
    tmux.keys(&["Enter"]);
    tmux.wait_for("Table 2 · 5.");
    tmux.keys(&["C-g", "C-g", "C-g", "C-g"]); // Table 3, Table 4, no group, Table 1
    tmux.wait_for("Table 1 → 5.");
    tmux.type_text("Exit: social work, therapy, advancement in positions");
    tmux.keys(&["Enter"]);
    tmux.wait_for("Table 1 · 5.");

    // Project it and time it.
    tmux.keys(&["F5"]);
    let projected = tmux.wait_without("Enter save");
    assert!(
        projected.contains("5. What other opportunities"),
        "the question is projected:\n{projected}"
    );
    tmux.keys(&["F7"]);
    tmux.wait_for("▶");
    tmux.keys(&["F5"]);
    tmux.wait_for("Enter save");

    // Squeeze the window and bring it back.
    tmux.cmd(&["resize-window", "-t", "hearth", "-x", "20", "-y", "5"]);
    tmux.wait_for("Make the window");
    tmux.cmd(&["resize-window", "-t", "hearth", "-x", "80", "-y", "24"]);
    tmux.wait_for("Dreaming Together: (Re)Imagining");

    // Export is one keystroke away (after Esc leaves the capture box).
    tmux.keys(&["Escape"]);
    tmux.wait_for("e edit");
    tmux.keys(&["E"]);
    tmux.wait_for("exported to");

    tmux.keys(&["C-q"]);
    tmux.wait_for("HEARTH-EXITED-0");

    let sessions: Vec<_> = std::fs::read_dir(dir.path().join("sessions"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .collect();
    assert_eq!(sessions.len(), 1);
    assert!(
        !sessions[0].with_extension("lock").exists(),
        "the lock note is removed on quit"
    );
    let exports = dir.path().join("sessions/exports");
    let stem = sessions[0].file_stem().unwrap().to_str().unwrap();
    for ext in ["md", "html", "csv", "json"] {
        assert!(
            exports.join(format!("{stem}.{ext}")).exists(),
            "exports/{stem}.{ext}"
        );
    }
    // What the app made is the facilitator's alone: the folders, the session, the exports.
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
        for (path, _) in common::tree(&dir.path().join("sessions")) {
            let expected = if path.is_dir() { 0o700 } else { 0o600 };
            assert_eq!(mode(&path), expected, "{}", path.display());
        }
        assert_eq!(mode(&dir.path().join("sessions")), 0o700);
    }
    let csv = std::fs::read_to_string(exports.join(format!("{stem}.csv"))).unwrap();
    assert!(csv.contains("Peer support volunteer -->  street outreach worker 🚀"));
    let (session, _) = read_session(&sessions[0]).unwrap();
    let found: Vec<(String, String, String)> = session
        .contributions()
        .iter()
        .map(|c| {
            (
                c.slot.clone(),
                c.group.clone().unwrap_or_default(),
                c.text.clone(),
            )
        })
        .collect();
    let expected = vec![
        (
            "q4",
            "Table 1",
            "Peer support volunteer -->  street outreach worker 🚀",
        ),
        ("q4", "Table 2", pasted),
        ("q5", "Table 2", "Entry / exit: warm lines"),
        (
            "q5",
            "Table 1",
            "Exit: social work, therapy, advancement in positions",
        ),
    ];
    let expected: Vec<(String, String, String)> = expected
        .into_iter()
        .map(|(a, b, c)| (a.into(), b.into(), c.into()))
        .collect();
    assert_eq!(found, expected);
}
