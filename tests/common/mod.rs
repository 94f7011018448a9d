//! Shared helpers for hearth's integration tests.
#![allow(dead_code)]

pub mod e2e;
pub mod serve;
pub mod strace;
pub mod tmux;

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

use hearth::model::{Scenario, Session};
use hearth::store::{create_session, load_scenario};

pub fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}

/// A session of the bundled plan `scenarios/<plan>.json`, in memory, with its suggested groups.
pub fn bundled_session(plan: &str, title: &str) -> Session {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("scenarios")
        .join(format!("{plan}.json"));
    let scenario = load_scenario(&path).expect("the plan is valid");
    let groups = scenario.suggested_groups.clone();
    Session::new(scenario, title.into(), None, groups)
}

/// The test plan with one exercise of every kind.
pub fn all_kinds() -> Scenario {
    load_scenario(&fixture("all-kinds.json")).expect("the all-kinds fixture is valid")
}

/// A session of the all-kinds plan in memory, with groups Table 1, Table 2 and Room 夢.
pub fn all_kinds_session() -> Session {
    let scenario = all_kinds();
    let groups = scenario.suggested_groups.clone();
    Session::new(
        scenario,
        "Test session".into(),
        "2026-11-22".parse().ok(),
        groups,
    )
}

/// A new session of the all-kinds plan in `dir`, with groups Table 1, Table 2 and Room 夢.
pub fn new_session(dir: &Path) -> PathBuf {
    new_session_of(dir, "all-kinds.json")
}

/// A new session of the fixture plan `plan` in `dir`, with groups Table 1, Table 2 and Room 夢.
pub fn new_session_of(dir: &Path, plan: &str) -> PathBuf {
    let mut scenario = load_scenario(&fixture(plan)).expect("the fixture is valid");
    if scenario.suggested_groups.is_empty() {
        scenario.suggested_groups = vec!["Table 1".into(), "Table 2".into(), "Room 夢".into()];
    }
    let groups = scenario.suggested_groups.clone();
    let session = Session::new(
        scenario,
        "Test session".into(),
        "2026-11-22".parse().ok(),
        groups,
    );
    create_session(dir, &session).expect("session created")
}

pub fn hearth() -> Command {
    Command::new(env!("CARGO_BIN_EXE_hearth"))
}

/// Runs hearth with `args` in `dir`, giving `stdin` on standard input.
pub fn run_hearth(dir: &Path, args: &[&str], stdin: Option<&[u8]>) -> Output {
    use std::io::Write;
    let mut child = hearth()
        .args(args)
        .current_dir(dir)
        .stdin(if stdin.is_some() {
            Stdio::piped()
        } else {
            Stdio::null()
        })
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("hearth starts");
    if let Some(bytes) = stdin {
        // A command that refuses before reading its input closes the pipe: that is its answer.
        match child.stdin.take().unwrap().write_all(bytes) {
            Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => {}
            other => other.unwrap(),
        }
    }
    child.wait_with_output().unwrap()
}

/// Every file under `dir` with its contents, to prove a command wrote nothing.
pub fn tree(dir: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_owned()];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                out.push((path.clone(), Vec::new()));
                stack.push(path);
            } else {
                out.push((path.clone(), std::fs::read(&path).unwrap()));
            }
        }
    }
    out.sort();
    out
}

/// Text as people type it: emoji, CJK, right-to-left scripts, combining marks, NBSP, tabs,
/// line breaks, Markdown and HTML characters, control characters, and anything else.
pub fn typed_text() -> impl proptest::strategy::Strategy<Value = String> {
    use proptest::prelude::*;
    let special = prop::sample::select(vec![
        "🚀",
        "👩🏽‍🦱",
        "🏳️‍🌈",
        "夢",
        "未来",
        "한국어",
        "مرحبا",
        "שלום",
        "e\u{301}",
        "\u{a0}",
        "\t",
        "\n",
        "|",
        "*",
        "_",
        "<",
        ">",
        "&",
        "`",
        "\"",
        "\\",
        "#",
        "-->",
        "\u{1b}[31m",
        "\u{0}",
        "\u{200f}",
        "\u{feff}",
        " ",
    ]);
    let piece = prop_oneof![
        3 => "[a-zA-Z ]{1,8}".prop_map(String::from),
        2 => special.prop_map(String::from),
        1 => any::<char>().prop_filter("CR is normalised by design", |c| *c != '\r').prop_map(String::from),
    ];
    prop::collection::vec(piece, 1..12).prop_map(|parts| {
        let text: String = parts.concat();
        // Required texts are never blank; blank ones are tested separately.
        if text.trim().is_empty() {
            format!("x{text}")
        } else {
            text
        }
    })
}

/// The pid of the `hearth` process whose command line mentions `needle` (through /proc),
/// waiting up to 10 s for it to appear.
pub fn pid_of(needle: &str) -> Option<i32> {
    let start = std::time::Instant::now();
    while start.elapsed() < std::time::Duration::from_secs(10) {
        for entry in std::fs::read_dir("/proc").ok()?.flatten() {
            let Ok(pid) = entry.file_name().to_string_lossy().parse::<i32>() else {
                continue;
            };
            let cmdline = std::fs::read(entry.path().join("cmdline")).unwrap_or_default();
            let cmdline = String::from_utf8_lossy(&cmdline).replace('\0', " ");
            if cmdline.starts_with(env!("CARGO_BIN_EXE_hearth")) && cmdline.contains(needle) {
                return Some(pid);
            }
        }
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    None
}

/// Property-test cases: `PROPTEST_CASES` when set (to run more, or fewer), else `default`.
pub fn proptest_cases(default: u32) -> u32 {
    std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}
