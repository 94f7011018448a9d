//! The futures toolkit in the real `hearth run`, in tmux at 80×24, as a facilitator runs it: two
//! tables' scenarios typed, a Causal Layered Analysis litany, then on the backcast **L** picks
//! the second scenario as the preferred future and a step is typed with its year; after quitting,
//! the session file holds the seed and the exported write-up names the scenario, with the
//! layers' and the timeline's figures written as files.
//!
//! Needs tmux. Without it the test is skipped, saying why, or fails under HEARTH_E2E=1;
//! HEARTH_SKIP_TMUX=1 skips it on purpose.

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

use common::tmux::Tmux;
use hearth::store::read_session;

const CHOSEN: &str = "Peer-capable and liberating environments";

fn session(dir: &Path) -> PathBuf {
    let out = Command::new(env!("CARGO_BIN_EXE_hearth"))
        .args(["new", "--title", "Toolkit", "--date", "2026-12-07"])
        .args(["--groups", "Table 1,Table 2", "--dir"])
        .arg(dir.join("sessions"))
        .arg(common::fixture("futures-toolkit.json"))
        .output()
        .unwrap();
    assert!(out.status.success(), "{out:?}");
    PathBuf::from(String::from_utf8(out.stdout).unwrap().trim())
}

fn pause() {
    std::thread::sleep(Duration::from_millis(300));
}

#[test]
fn a_scenario_picked_with_l_seeds_the_backcast_in_the_real_app_and_its_write_up() {
    if !common::tmux::available() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let path = session(dir.path());
    let command = format!(
        "{} run {} ; echo HEARTH-EXITED-$?; sleep 30",
        env!("CARGO_BIN_EXE_hearth"),
        path.display()
    );
    let tmux = Tmux::start("futures", dir.path(), 80, 24, &command);
    tmux.wait_for("type the title");
    tmux.type_text("Solidarity");
    tmux.keys(&["Enter"]);
    tmux.wait_for("Title 1");
    tmux.keys(&["C-g"]);
    tmux.wait_for("Table 2 → Scenario title");
    tmux.type_text(CHOSEN);
    tmux.keys(&["Enter"]);
    tmux.wait_for("Title 2");

    tmux.keys(&["C-n"]);
    tmux.wait_for("type the litany");
    tmux.type_text("Peer workers burn out and leave");
    tmux.keys(&["Enter"]);
    tmux.wait_for("Litany (1)");

    tmux.keys(&["C-n"]);
    tmux.wait_for("Preferred future (0)");
    tmux.keys(&["Escape"]);
    pause();
    tmux.wait_for("L seed");
    tmux.keys(&["L"]);
    tmux.wait_for("Pick the seed");
    tmux.wait_for(&format!("{CHOSEN} — Table 2"));
    tmux.keys(&["Down"]);
    pause();
    tmux.keys(&["Enter"]);
    let screen = tmux.wait_for("picked from “Scenario building”, Table 2");
    assert!(screen.contains(&format!("◆ {CHOSEN}")), "{screen}");

    tmux.keys(&["i"]);
    pause();
    tmux.keys(&["Tab"]);
    tmux.wait_for("type the step");
    tmux.type_text("A national peer-led supervision network");
    tmux.keys(&["C-f"]);
    pause();
    tmux.type_text("2030");
    tmux.keys(&["Enter"]);
    let screen = tmux.wait_for("Steps back from the horizon (1)");
    let axis = screen
        .lines()
        .find(|l| l.contains("2026") && l.contains("2040"))
        .unwrap_or_else(|| panic!("no timeline:\n{screen}"));
    assert!(axis.contains('●'), "{axis}");
    tmux.keys(&["C-q"]);
    tmux.wait_for("HEARTH-EXITED-0");

    let (s, _) = read_session(&path).unwrap();
    let seed = &s.convergence.seeds["backcast"];
    assert_eq!(s.contribution(&seed.from).unwrap().text, CHOSEN);

    let out = Command::new(env!("CARGO_BIN_EXE_hearth"))
        .arg("export")
        .arg(&path)
        .args(["-o", "post/write-up.md", "--figures", "post/figures"])
        .current_dir(dir.path())
        .output()
        .unwrap();
    assert!(out.status.success(), "{out:?}");
    let md = std::fs::read_to_string(dir.path().join("post/write-up.md")).unwrap();
    assert!(
        md.contains(&format!(
            "From the scenario “{CHOSEN}”, in “Scenario building”."
        )),
        "{md}"
    );
    assert!(
        md.contains("**2030:** A national peer-led supervision network"),
        "{md}"
    );
    let figures = dir.path().join("post/figures");
    let layers = std::fs::read_to_string(figures.join("2-causal-layers.svg")).unwrap();
    assert_eq!(layers.matches("class=\"layer\"").count(), 4);
    assert!(layers.contains("Peer workers burn out and leave"));
    let timeline = std::fs::read_to_string(figures.join("3-backcast-timeline.svg")).unwrap();
    assert!(timeline.contains("data-year=\"2030\""), "{timeline}");
    assert!(timeline.contains(">2026</text>") && timeline.contains(">2040</text>"));
    for png in ["2-causal-layers.png", "3-backcast-timeline.png"] {
        assert!(
            std::fs::metadata(figures.join(png)).unwrap().len() > 1000,
            "{png}"
        );
    }
}
