//! Whether an end-to-end test can run here: the one policy every test that drives a tool beyond
//! Rust (tmux, strace, Chromium and chromedriver, network namespaces, MinGW and Wine) follows.
//!
//! - The tool is there: the test runs.
//! - `HEARTH_SKIP_<TIER>` is set (to anything but `0`): the test is skipped on purpose, even under
//!   `HEARTH_E2E=1`.
//! - The tool is missing and `HEARTH_E2E=1` (CI sets it): the test fails, naming what is missing
//!   and how to install it.
//! - The tool is missing otherwise: one line on standard error says which test is skipped, why,
//!   and how to run it, and the test returns early, so `cargo test` passes with only Rust.
//!
//! The line is written to the process's standard error directly, past the test harness's output
//! capture, so that `cargo test` shows it.

use std::io::Write;
use std::path::PathBuf;

/// Something a test needs and this machine lacks, and how to get it.
pub struct Missing {
    pub what: String,
    pub install: String,
}

/// `what` is missing; `install` says how to get it.
pub fn missing(what: impl Into<String>, install: impl Into<String>) -> Missing {
    Missing {
        what: what.into(),
        install: install.into(),
    }
}

/// Whether the calling test should run, given what its tier (`tmux`, `strace`, `netns`,
/// `browser`, `wine`) lacks on this machine (nothing: run). Panics under `HEARTH_E2E=1` when
/// something is missing; otherwise says on standard error why the test is skipped.
pub fn need(tier: &str, missing: impl IntoIterator<Item = Missing>) -> bool {
    let test = test_name(tier);
    let skip_var = format!("HEARTH_SKIP_{}", tier.to_uppercase());
    if flag(&skip_var) {
        say(&format!("hearth: skipping {test}: {skip_var} is set"));
        return false;
    }
    let missing: Vec<Missing> = missing.into_iter().collect();
    if missing.is_empty() {
        return true;
    }
    let what = join(missing.iter().map(|m| m.what.as_str()));
    let install = join(missing.iter().map(|m| m.install.as_str()));
    if flag("HEARTH_E2E") {
        panic!(
            "HEARTH_E2E=1 and {test} cannot run: {what}. To run it: {install}. \
             ({skip_var}=1 skips it on purpose.)"
        );
    }
    say(&format!(
        "hearth: skipping {test}: {what}. To run it: {install}, then HEARTH_E2E=1 cargo test"
    ));
    false
}

/// Whether the variable is set to something other than empty or `0`.
pub fn flag(name: &str) -> bool {
    std::env::var_os(name).is_some_and(|v| !v.is_empty() && v != "0")
}

/// The program named by the variable `env` if it is set, else the first of `names` on PATH.
pub fn program(env: &str, names: &[&str]) -> Option<PathBuf> {
    if let Some(p) = std::env::var_os(env) {
        return Some(PathBuf::from(p));
    }
    names.iter().find_map(|name| on_path(name))
}

/// `name` in a folder on PATH.
pub fn on_path(name: &str) -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .map(|dir| dir.join(name))
        .find(|p| p.is_file())
}

fn join<'a>(parts: impl Iterator<Item = &'a str>) -> String {
    parts.collect::<Vec<_>>().join("; ")
}

/// `binary::test` as the harness names the running test (its thread), or the tier's tests
/// when the test runs without a thread of its own.
fn test_name(tier: &str) -> String {
    let binary = std::env::current_exe()
        .ok()
        .and_then(|p| p.file_stem().map(|s| s.to_string_lossy().into_owned()))
        .map(|stem| match stem.rsplit_once('-') {
            Some((name, hash)) if hash.chars().all(|c| c.is_ascii_hexdigit()) => name.to_owned(),
            _ => stem,
        })
        .unwrap_or_default();
    match std::thread::current().name() {
        Some(name) if name != "main" => format!("{binary}::{name}"),
        _ => format!("a {tier} test of {binary}"),
    }
}

/// One whole line on standard error, not captured by the test harness.
fn say(line: &str) {
    let _ = std::io::stderr().write_all(format!("{line}\n").as_bytes());
}
