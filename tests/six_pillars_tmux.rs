//! The bundled six pillars plan in the real `hearth run`, in tmux at 80×24, with two tables:
//! the triangle's items and two uncertainties rated by both tables, revealed; an emerging issue
//! with a signal (and its source) and an impact under it; **L** picks the issue as the Futures
//! Wheel's centre, with consequences of each order, one put under an older parent with Ctrl-O;
//! **A** chooses the scenario axes from the rated uncertainties, two scenarios typed; the four
//! layers of a Causal Layered Analysis; **L** picks a scenario as the backcast's preferred
//! future, a step typed with its year. After quitting: the session file holds each text where it
//! was typed, the Markdown write-up names the links, and each figure's SVG has its structure with
//! the texts in place. Where Chromium is found (as in tests/browser.rs), a screenshot of the HTML
//! write-up is taken too, and kept under HEARTH_KEEP_SCREENSHOT=FILE; without it that part is
//! left out.
//!
//! Needs tmux. Without it the test is skipped, saying why, or fails under HEARTH_E2E=1;
//! HEARTH_SKIP_TMUX=1 skips it on purpose.

mod common;

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use common::tmux::Tmux;
use hearth::model::convergence::{RoundKind, RoundState};
use hearth::store::read_session;

const PULL: &str = "Peers lead research";
const PUSH: &str = "Waitlists grow";
const WEIGHT: &str = "Medical model habits";
const UNCERTAIN: [&str; 2] = ["Regulation or alliance?", "Change from within or outside?"];
const ISSUE: &str = "Peer work is regulated";
const SIGNAL: &str = "Ontario drafts a peer registry";
const SOURCE: &str = "Provincial consultation paper, 2026";
const IMPACT: &str = "Fewer lived-experience hires";
const FIRST: &str = "Training costs rise";
const SECOND: &str = "Small agencies drop peer roles";
const THIRD: &str = "Rural towns lose peer support";
const FIRST_B: &str = "Peer titles become protected";
const SECOND_B: &str = "Bursaries for peer training";
const SCENARIOS: [&str; 2] = ["Peers Inc.", "The Alliance"];
const LAYERS: [(&str, &str); 4] = [
    ("litany", "Peer workers burn out"),
    ("causes", "Funding tied to clinical metrics"),
    ("worldview", "Expertise means credentials"),
    ("myth", "The healer must be whole"),
];
const STEP: &str = "A national peer-led supervision network";

fn session(dir: &Path) -> PathBuf {
    let out = Command::new(env!("CARGO_BIN_EXE_hearth"))
        .args(["new", "--title", "Pillars", "--date", "2026-12-07"])
        .args(["--groups", "Table 1,Table 2", "--dir"])
        .arg(dir.join("sessions"))
        .arg(Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios/six-pillars.json"))
        .output()
        .unwrap();
    assert!(out.status.success(), "{out:?}");
    PathBuf::from(String::from_utf8(out.stdout).unwrap().trim())
}

fn pause() {
    std::thread::sleep(Duration::from_millis(300));
}

/// Escape, then a pause: a key sent right after it would read as Alt and that key.
fn esc(tmux: &Tmux) {
    tmux.keys(&["Escape"]);
    pause();
}

fn enter(tmux: &Tmux, text: &str, then: &str) {
    tmux.type_text(text);
    tmux.keys(&["Enter"]);
    tmux.wait_for(then);
}

#[test]
fn the_six_pillars_run_end_to_end_in_the_real_app_and_their_write_up() {
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
    let tmux = Tmux::start("pillars", dir.path(), 80, 24, &command);

    // The triangle: a pull, a push, a weight, two uncertainties.
    tmux.wait_for("type the");
    enter(&tmux, PULL, "Pull of the future (1)");
    tmux.keys(&["Tab"]);
    tmux.wait_for("Table 1 → Push");
    enter(&tmux, PUSH, "Push of the present (1)");
    tmux.keys(&["Tab"]);
    tmux.wait_for("Table 1 → Weight");
    enter(&tmux, WEIGHT, "Weight of the past (1)");
    tmux.keys(&["Tab"]);
    tmux.wait_for("Table 1 → Key uncertainties");
    enter(&tmux, UNCERTAIN[0], "Key uncertainties (1)");
    enter(&tmux, UNCERTAIN[1], "Key uncertainties (2)");

    // Both tables rate the two uncertainties; revealed.
    esc(&tmux);
    tmux.keys(&["v"]);
    tmux.wait_for("Open a vote");
    tmux.keys(&["Enter"]);
    tmux.wait_for("vote opened: rate impact and uncertainty");
    tmux.wait_for("Entering for: ◂ Table 1");
    for (group, ratings) in [("Table 1", "5534"), ("Table 2", "4523")] {
        for (text, pair) in UNCERTAIN.iter().zip(ratings.as_bytes().chunks(2)) {
            let (impact, uncertainty) = (pair[0] as char, pair[1] as char);
            tmux.keys(&[&impact.to_string()]);
            tmux.keys(&[&uncertainty.to_string()]);
            tmux.wait_for(&format!(
                "{group}: “{}” I{impact} U{uncertainty}",
                hearth::tui::text::truncate(text, 16)
            ));
        }
        tmux.wait_for("that was the last one");
        tmux.keys(&["Right"]);
        pause();
    }
    tmux.keys(&["r"]);
    tmux.wait_for("Results: rate impact and uncertainty");
    esc(&tmux);
    tmux.wait_without("Results");

    // Emerging issues: an issue, a signal with its source under it, an impact under it.
    tmux.keys(&["C-n"]);
    tmux.wait_for("Table 1 → Emerging issues");
    tmux.keys(&["i"]);
    tmux.wait_for("Enter save");
    enter(&tmux, ISSUE, "■ issues 1");
    tmux.keys(&["Tab"]);
    tmux.wait_for(&format!("Table 1 → Signals under ‘{ISSUE}’"));
    tmux.type_text(SIGNAL);
    tmux.keys(&["C-f"]);
    pause();
    tmux.type_text(SOURCE);
    tmux.keys(&["Enter"]);
    tmux.wait_for("~ signals 1");
    tmux.keys(&["Tab"]);
    tmux.wait_for(&format!("Table 1 → Potential impacts under ‘{ISSUE}’"));
    enter(&tmux, IMPACT, "! impacts 1");

    // The wheel: L picks the issue as its centre; a 1st- and a 2nd-order consequence.
    tmux.keys(&["C-n"]);
    tmux.wait_for("Futures Wheel");
    esc(&tmux);
    tmux.wait_for("L seed");
    tmux.keys(&["L"]);
    tmux.wait_for("Pick the seed");
    tmux.wait_for(ISSUE);
    tmux.keys(&["Enter"]);
    tmux.wait_without("Pick the seed");
    tmux.keys(&["i"]);
    pause();
    enter(&tmux, FIRST, "● 1st order 1");
    tmux.keys(&["Tab"]);
    tmux.wait_for(&format!("Table 1 → 2nd order consequences under ‘{FIRST}’"));
    enter(&tmux, SECOND, "◆ 2nd order 1");
    // A 3rd-order one under it; another 1st-order one; then a 2nd-order one that Ctrl-O puts
    // under the first 1st-order one instead of the newest.
    tmux.keys(&["Tab"]);
    tmux.wait_for(&format!(
        "Table 1 → 3rd order consequences under ‘{SECOND}’"
    ));
    enter(&tmux, THIRD, "▪ 3rd order 1");
    tmux.keys(&["BTab", "BTab"]);
    tmux.wait_for("Table 1 → 1st order consequences");
    enter(&tmux, FIRST_B, "● 1st order 2");
    tmux.keys(&["Tab"]);
    tmux.wait_for(&format!("2nd order consequences under ‘{FIRST_B}’"));
    tmux.keys(&["C-o"]);
    tmux.wait_for(&format!("2nd order consequences under ‘{FIRST}’"));
    enter(&tmux, SECOND_B, "◆ 2nd order 2");

    // Scenarios: A chooses the axes from the rated uncertainties; two tables' scenarios.
    tmux.keys(&["C-n"]);
    tmux.wait_for("Peer Support: Visions of Opportunity for 2030");
    esc(&tmux);
    tmux.choose_axes([
        "Regulated profession",
        "Peer alliance",
        "From outside",
        "From within",
    ]);
    tmux.type_text(SCENARIOS[0]);
    tmux.keys(&["C-f", "R", "C-f", "Space"]);
    tmux.keys(&["Enter"]);
    tmux.wait_for("✓ saved");
    tmux.keys(&["C-g"]);
    tmux.wait_for("Table 2 → Scenario title");
    tmux.type_text(SCENARIOS[1]);
    tmux.keys(&["C-f", "P", "C-f", "Space", "Space"]);
    tmux.keys(&["Enter"]);
    tmux.wait_for("Title 2");

    // The four layers, from Table 2.
    tmux.keys(&["C-n"]);
    tmux.wait_for("type the litany");
    let labels = ["Litany", "Systemic causes", "Worldview", "Myth / metaphor"];
    for (i, ((_, text), label)) in LAYERS.iter().zip(labels).enumerate() {
        if i > 0 {
            tmux.keys(&["Tab"]);
            tmux.wait_for(&format!("Table 2 → {label}"));
        }
        enter(&tmux, text, &format!("{label} (1)"));
    }

    // The backcast: L picks the second scenario as the preferred future; a step with its year.
    tmux.keys(&["C-n"]);
    tmux.wait_for("Preferred future (0)");
    esc(&tmux);
    tmux.wait_for("L seed");
    tmux.keys(&["L"]);
    tmux.wait_for("Pick the seed");
    tmux.wait_for(&format!("{} — Table 2", SCENARIOS[1]));
    tmux.keys(&["Down"]);
    pause();
    tmux.keys(&["Enter"]);
    let screen = tmux.wait_for(&format!("✓ seed picked: {} — Table 2", SCENARIOS[1]));
    assert!(
        screen.contains("picked from “Peer Support: Visions"),
        "{screen}"
    );
    assert!(screen.contains(&format!("◆ {}", SCENARIOS[1])), "{screen}");
    tmux.keys(&["i"]);
    pause();
    tmux.keys(&["Tab"]);
    tmux.wait_for("type the step");
    tmux.type_text(STEP);
    tmux.keys(&["C-f"]);
    pause();
    tmux.type_text("2028");
    tmux.keys(&["Enter"]);
    tmux.wait_for("Steps back from the horizon (1)");
    tmux.keys(&["C-q"]);
    tmux.wait_for("HEARTH-EXITED-0");

    // The session file: each text where it was typed.
    let (s, _) = read_session(&path).unwrap();
    let find = |text: &str| {
        s.contributions()
            .iter()
            .find(|c| c.text == text)
            .unwrap_or_else(|| panic!("{text:?} is in the session file"))
    };
    let at = |text: &str, exercise: &str, slot: &str, group: &str, parent: Option<&str>| {
        let c = find(text);
        assert_eq!(
            (c.exercise.as_str(), c.slot.as_str(), c.group.as_deref()),
            (exercise, slot, Some(group)),
            "{text}"
        );
        let parent = parent.map(|p| find(p).id.clone());
        assert_eq!(c.parent, parent, "{text}'s parent");
        c
    };
    at(PULL, "triangle", "pull", "Table 1", None);
    at(PUSH, "triangle", "push", "Table 1", None);
    at(WEIGHT, "triangle", "weight", "Table 1", None);
    for text in UNCERTAIN {
        at(text, "triangle", "uncertainties", "Table 1", None);
    }
    at(ISSUE, "issues", "issue", "Table 1", None);
    let signal = at(SIGNAL, "issues", "signal", "Table 1", Some(ISSUE));
    assert_eq!(
        signal.fields.get("source").map(String::as_str),
        Some(SOURCE)
    );
    at(IMPACT, "issues", "impact", "Table 1", Some(ISSUE));
    at(FIRST, "wheel", "first", "Table 1", None);
    at(SECOND, "wheel", "second", "Table 1", Some(FIRST));
    at(THIRD, "wheel", "third", "Table 1", Some(SECOND));
    at(FIRST_B, "wheel", "first", "Table 1", None);
    at(SECOND_B, "wheel", "second", "Table 1", Some(FIRST));
    let one = at(SCENARIOS[0], "scenarios", "title", "Table 1", None);
    let two = at(SCENARIOS[1], "scenarios", "title", "Table 2", None);
    assert_eq!(
        one.fields.get("x").map(String::as_str),
        Some("Regulated profession")
    );
    assert_eq!(
        two.fields.get("x").map(String::as_str),
        Some("Peer alliance")
    );
    for (slot, text) in LAYERS {
        at(text, "layers", slot, "Table 2", None);
    }
    let step = at(STEP, "backcast", "steps", "Table 2", None);
    assert_eq!(step.fields.get("year").map(String::as_str), Some("2028"));
    // The rating round, both tables, revealed; the axes from the two uncertainties; the seeds.
    let c = &s.convergence;
    let rate = c.rounds_of("triangle").next().expect("a rating round");
    assert_eq!(
        (rate.kind, rate.slot.as_deref(), rate.state),
        (
            RoundKind::Rating,
            Some("uncertainties"),
            RoundState::Revealed
        )
    );
    assert_eq!(c.voters(&rate.id), 2);
    let axes = &c.axes["scenarios"];
    assert_eq!(
        axes.from,
        [find(UNCERTAIN[0]).id.clone(), find(UNCERTAIN[1]).id.clone()]
    );
    assert_eq!(c.seeds["wheel"].from, find(ISSUE).id);
    assert_eq!(c.seeds["backcast"].from, two.id);

    // The write-up and its figures.
    let out = Command::new(env!("CARGO_BIN_EXE_hearth"))
        .arg("export")
        .arg(&path)
        .args([
            "--format",
            "md",
            "-o",
            "post/write-up.md",
            "--figures",
            "post/figures",
        ])
        .current_dir(dir.path())
        .output()
        .unwrap();
    assert!(out.status.success(), "{out:?}");
    let md = std::fs::read_to_string(dir.path().join("post/write-up.md")).unwrap();
    let has = |needle: &str| assert!(md.contains(needle), "{needle:?} in:\n{md}");
    has(&format!(
        "## Futures Wheel\n\n**Central change:** {ISSUE}\n"
    ));
    has(&format!(
        "From the scenario “{}”, in “Peer Support: Visions of Opportunity for 2030”.",
        SCENARIOS[1]
    ));
    has(&format!("**2028:** {STEP}"));
    has(&format!("- **[2]:** {SIGNAL}"));
    has(&format!("2. {SOURCE}"));
    has(&format!("- {IMPACT}"));
    has(&format!("- {FIRST}\n  - {SECOND}"));
    has("The room chose the two axes of the matrix from its key uncertainties: ");
    for text in [PULL, PUSH, WEIGHT, UNCERTAIN[0], UNCERTAIN[1], SCENARIOS[0]] {
        has(text);
    }
    for (_, text) in LAYERS {
        has(text);
    }

    let figures = dir.path().join("post/figures");
    let svg = |name: &str| {
        std::fs::read_to_string(figures.join(name)).unwrap_or_else(|e| panic!("{name}: {e}"))
    };
    // A figure's words, its tags taken out (a long text is wrapped over lines).
    let words = |svg: &str| {
        let mut out = String::new();
        let mut tag = false;
        for ch in svg.chars() {
            match ch {
                '<' => tag = true,
                '>' => {
                    tag = false;
                    out.push(' ');
                }
                _ if !tag => out.push(ch),
                _ => {}
            }
        }
        out.split_whitespace().collect::<Vec<_>>().join(" ")
    };
    let wheel = svg("3-futures-wheel.svg");
    // A ring for each order reached (1st to 3rd), a line for each consequence.
    assert_eq!(wheel.matches("class=\"ring\"").count(), 3, "{wheel}");
    assert_eq!(wheel.matches("class=\"link\"").count(), 5, "{wheel}");
    assert!(wheel.contains("class=\"centre\""));
    for text in [ISSUE, FIRST, SECOND, THIRD, FIRST_B, SECOND_B] {
        assert!(
            words(&wheel).contains(text),
            "{text} in the wheel:\n{wheel}"
        );
    }
    let layers = svg("5-causal-layers.svg");
    assert_eq!(layers.matches("class=\"layer\"").count(), 4, "{layers}");
    for (_, text) in LAYERS {
        assert!(
            words(&layers).contains(text),
            "{text} in the layers:\n{layers}"
        );
    }
    let timeline = svg("6-backcast-timeline.svg");
    assert!(timeline.contains("data-year=\"2028\""), "{timeline}");
    assert_eq!(timeline.matches("class=\"step\"").count(), 1, "{timeline}");
    for text in [STEP, SCENARIOS[1], "2030"] {
        assert!(
            words(&timeline).contains(text),
            "{text} in the timeline:\n{timeline}"
        );
    }
    let triangle = svg("1-futures-triangle.svg");
    for text in ["FUTURES TRIANGLE", PULL, PUSH, WEIGHT] {
        assert!(
            words(&triangle).contains(text),
            "{text} in the triangle:\n{triangle}"
        );
    }
    let matrix = svg("4-scenario-matrix.svg");
    for text in [
        UNCERTAIN[0],
        UNCERTAIN[1],
        "Regulated profession",
        "Peer alliance",
        "From outside",
        "From within",
        SCENARIOS[0],
        SCENARIOS[1],
    ] {
        assert!(
            words(&matrix).contains(text),
            "{text} in the matrix:\n{matrix}"
        );
    }
    assert!(svg("1-ratings-1.svg").contains("<svg"));
    for png in [
        "1-futures-triangle",
        "3-futures-wheel",
        "4-scenario-matrix",
        "5-causal-layers",
        "6-backcast-timeline",
    ] {
        let len = std::fs::metadata(figures.join(format!("{png}.png")))
            .unwrap()
            .len();
        assert!(len > 1000, "{png}.png");
    }

    // The HTML page in headless Chromium, where there is one: a screenshot, kept under
    // HEARTH_KEEP_SCREENSHOT=FILE. Without Chromium this part is left out, silently.
    if let Some(browser) = common::e2e::program(
        "HEARTH_CHROMIUM",
        &[
            "chromium",
            "chromium-browser",
            "google-chrome",
            "google-chrome-stable",
        ],
    ) {
        screenshot(&browser, dir.path(), &path);
    }
}

/// Exports the session as HTML and takes a screenshot of it with the browser.
fn screenshot(browser: &Path, dir: &Path, session: &Path) {
    let out = Command::new(env!("CARGO_BIN_EXE_hearth"))
        .arg("export")
        .arg(session)
        .args(["--format", "html", "-o", "post/page.html"])
        .current_dir(dir)
        .output()
        .unwrap();
    assert!(out.status.success(), "{out:?}");
    let shot = dir.join("page.png");
    let mut child = Command::new(browser)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--hide-scrollbars",
            "--window-size=900,2400",
        ])
        .arg(format!("--user-data-dir={}", dir.join("profile").display()))
        .arg(format!("--screenshot={}", shot.display()))
        .arg(format!("file://{}", dir.join("post/page.html").display()))
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap_or_else(|e| panic!("cannot start {}: {e}", browser.display()));
    let start = Instant::now();
    while child.try_wait().unwrap().is_none() {
        if start.elapsed() > Duration::from_secs(30) {
            let _ = child.kill();
            panic!("the browser took over 30 s");
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    let len = std::fs::metadata(&shot).expect("a screenshot").len();
    assert!(len > 20_000, "a blank screenshot ({len} bytes)");
    if let Some(keep) = std::env::var_os("HEARTH_KEEP_SCREENSHOT") {
        std::fs::copy(&shot, keep).unwrap();
    }
}
