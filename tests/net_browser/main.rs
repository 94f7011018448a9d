//! The note-takers' browser page of `hearth serve`, in headless Chromium driven through
//! chromedriver's WebDriver API: join with the code, pick a group, send an answer with
//! JavaScript on (through the page's outbox and the JSON API), see another note-taker's answer
//! arrive live, send one while the network is down (it waits in the outbox and goes out when the
//! network is back), and one with JavaScript off (the plain form). All must land in the session
//! file verbatim, exactly once, under the right group and slot, with no console error on the way.
//! The page also follows the facilitator (a server in this process, driven through its hub): to
//! the next exercise, and to a futures wheel's centre picked live, at once when nothing typed
//! would be lost, else with a banner that says so and keeps the typed answer.
//!
//! Needs Chromium and chromedriver (Debian: `apt-get install chromium chromium-driver`; or set
//! HEARTH_CHROMIUM and HEARTH_CHROMEDRIVER). Without them these tests are skipped, saying why, or
//! fail under HEARTH_E2E=1 (as in CI); HEARTH_SKIP_BROWSER=1 skips them on purpose.
//! HEARTH_UPDATE_SCREENSHOT=1 also copies the phone-sized screenshot of the capture page to docs/join-page.png; HEARTH_SCREENSHOTS_DIR=DIR
//! keeps every step's screenshot there.
//!
//! This file holds what the tests share; `webdriver` drives Chromium; `capture`, `vote`,
//! `screen`, `choosing` and `following` hold the tests.

// This test sets up the machine through the C library (limits, users, signals): unsafe is
// allowed here, as in src/platform.rs, and nowhere else.
#![allow(unsafe_code)]

mod capture;
mod choosing;
#[path = "../common/mod.rs"]
mod common;
mod following;
mod screen;
mod vote;
mod webdriver;

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use serde_json::{Value, json};

const CODE: &str = "TEST-2468";
/// Typed with JavaScript on: emoji (with a skin tone and a ZWJ sequence), CJK, Arabic, a line
/// break, a double space and markup that must stay text.
const ANSWER_JS: &str =
    "Peer mentor 🚀 👩🏽‍🦱 → 夢を見る 未来  مرحبا بالجميع\nsecond line <b>bold?</b> & done";
/// Typed with JavaScript off: sent as an ordinary form, so as UTF-8 form-urlencoded with CRLF.
/// Sent by another note-taker of the same group through the JSON API (as `hearth join` does).
const ANSWER_LIVE: &str = "From the other table's laptop: 安心 ✓";
/// Typed while the connection was down.
const ANSWER_OFFLINE: &str = "Typed in a dead spot 📶 — sent when the network came back";
/// Sent under an id already taken by another text: refused, never saved.
const ANSWER_REFUSED: &str = "Not to be saved: same id, other words";
const ANSWER_PLAIN: &str =
    "Plain form 🏳️‍🌈 한국어 安心 — شكرا لكم\n<script>alert('typed, not run')</script> & \"quoted\"";

fn repo(path: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(path)
}

fn wait_for<T>(what: &str, limit: Duration, mut probe: impl FnMut() -> Option<T>) -> T {
    let start = Instant::now();
    loop {
        if let Some(v) = probe() {
            return v;
        }
        if start.elapsed() > limit {
            panic!("timed out after {limit:?} waiting for {what}");
        }
        std::thread::sleep(Duration::from_millis(100));
    }
}

/// A child process killed when the test ends, however it ends.
struct Running {
    child: Child,
    lines: mpsc::Receiver<String>,
    seen: Vec<String>,
}

impl Running {
    fn start(mut command: Command) -> Running {
        let mut child = command
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap_or_else(|e| panic!("cannot start {command:?}: {e}"));
        let (tx, lines) = mpsc::channel();
        for stream in [
            child
                .stdout
                .take()
                .map(|s| Box::new(s) as Box<dyn Read + Send>),
            child
                .stderr
                .take()
                .map(|s| Box::new(s) as Box<dyn Read + Send>),
        ]
        .into_iter()
        .flatten()
        {
            let tx = tx.clone();
            std::thread::spawn(move || {
                for line in BufReader::new(stream).lines() {
                    let Ok(line) = line else { break };
                    if tx.send(line).is_err() {
                        break;
                    }
                }
            });
        }
        Running {
            child,
            lines,
            seen: Vec::new(),
        }
    }

    /// The first output line (stdout or stderr) containing `needle`.
    fn line_with(&mut self, needle: &str, limit: Duration) -> String {
        self.try_line_with(needle, limit)
            .unwrap_or_else(|why| panic!("{why}"))
    }

    /// The first output line containing `needle`, or why there was none (the process ended,
    /// or `limit` passed) with everything it printed.
    fn try_line_with(&mut self, needle: &str, limit: Duration) -> Result<String, String> {
        if let Some(l) = self.seen.iter().find(|l| l.contains(needle)) {
            return Ok(l.clone());
        }
        let start = Instant::now();
        while start.elapsed() < limit {
            match self.lines.recv_timeout(Duration::from_millis(100)) {
                Ok(line) => {
                    self.seen.push(line.clone());
                    if line.contains(needle) {
                        return Ok(line);
                    }
                }
                Err(mpsc::RecvTimeoutError::Timeout) => {
                    if let Ok(Some(status)) = self.child.try_wait() {
                        self.drain();
                        return Err(format!(
                            "exited ({status}) before printing {needle:?}; its output:\n{}",
                            self.seen.join("\n")
                        ));
                    }
                }
                Err(mpsc::RecvTimeoutError::Disconnected) => {
                    // Both pipes closed: the process has ended or is ending.
                    let _ = self.child.wait();
                    break;
                }
            }
        }
        self.drain();
        Err(format!(
            "no line with {needle:?} within {limit:?}; output:\n{}",
            self.seen.join("\n")
        ))
    }

    fn drain(&mut self) {
        while let Ok(line) = self.lines.try_recv() {
            self.seen.push(line);
        }
    }
}

impl Drop for Running {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

use webdriver::*;

/// Through the join page (a wrong code first), then the group page, to the capture page.
fn join(browser: &Browser, address: &str, group: &str, shots: &Path, name: &str) {
    browser.go(address);
    let page = browser.source();
    assert!(page.contains("Join code"), "not the join page:\n{page}");
    assert!(
        !page.contains("Test session")
            && !page.contains("Table 1")
            && !page.contains("Consciousness"),
        "the join page shows something of the session:\n{page}"
    );
    browser.screenshot(&shots.join(format!("{name}-1-join.png")));

    browser.type_into("#code", "WRONG-0000");
    browser.click("form[action='/join'] button[type='submit']");
    let alert = browser.find(".notice.error[role='alert']");
    assert!(!browser.text(&alert).is_empty(), "a wrong code says so");
    let page = browser.source();
    assert!(
        !page.contains("Test session") && !page.contains("Table 1"),
        "a wrong code shows something of the session:\n{page}"
    );
    assert_only_refusal(browser, "/join", 401);

    browser.type_into("#code", CODE);
    browser.click("form[action='/join'] button[type='submit']");
    browser.find("button[name='group']");
    browser.screenshot(&shots.join(format!("{name}-2-group.png")));
    assert!(!group.contains(['"', '\\']));
    browser.click(&format!("button[name='group'][value=\"{group}\"]"));
    let form = browser.find("form#capture");
    assert_eq!(
        browser.attribute(&form, "data-group").as_deref(),
        Some(group)
    );
}

/// The slot chosen in the answer's own form as it stands: an option of the list, a radio
/// button, or the hidden field of a one-slot exercise.
const CHOSEN: &str = "#slot-select option:checked, #capture input[type='radio'][name='slot']:checked, #capture input[type='hidden'][name='slot']";

fn chosen_slot(browser: &Browser) -> String {
    let choice = browser.find(CHOSEN);
    browser
        .property(&choice, "value")
        .as_str()
        .unwrap_or_default()
        .to_owned()
}

/// What the status next to Send says once an answer is saved under the chosen slot.
fn saved_under(browser: &Browser) -> String {
    let choice = browser.find(CHOSEN);
    let label = browser
        .attribute(&choice, "data-label")
        .unwrap_or_else(|| browser.text(&browser.find("#slot-label")));
    format!("Saved under {label} ✓")
}

/// Chromium and chromedriver, or `None` when the test is to be skipped (see
/// `common::e2e::need`).
fn browser_tools() -> Option<(PathBuf, PathBuf)> {
    use common::e2e::{missing, program};
    let chromium = program(
        "HEARTH_CHROMIUM",
        &[
            "chromium",
            "chromium-browser",
            "google-chrome",
            "google-chrome-stable",
        ],
    );
    let chromedriver = program("HEARTH_CHROMEDRIVER", &["chromedriver"]);
    let mut lacking = Vec::new();
    if chromium.is_none() {
        lacking.push(missing(
            "Chromium is not installed (chromium, chromium-browser or google-chrome on PATH, or \
             HEARTH_CHROMIUM)",
            "install Chromium (Debian: apt-get install chromium) or point HEARTH_CHROMIUM at a \
             Chromium or Chrome binary",
        ));
    }
    if chromedriver.is_none() {
        lacking.push(missing(
            "chromedriver is not installed (on PATH, or HEARTH_CHROMEDRIVER)",
            "install chromedriver (Debian: apt-get install chromium-driver) or point \
             HEARTH_CHROMEDRIVER at one matching the browser",
        ));
    }
    if !common::e2e::need("browser", lacking) {
        return None;
    }
    Some((chromium?, chromedriver?))
}

/// `hearth serve` on `session` and chromedriver: the servers, the join address and the
/// driver's port.
fn serve_and_drive(
    dir: &Path,
    session: &Path,
    chromedriver: &Path,
) -> (Running, String, Running, u16) {
    serve_and_drive_on(dir, session, chromedriver, None)
}

/// The same, note-takers starting on `exercise` (an id) instead of the agenda's first.
fn serve_and_drive_on(
    dir: &Path,
    session: &Path,
    chromedriver: &Path,
    exercise: Option<&str>,
) -> (Running, String, Running, u16) {
    let mut serve = common::hearth();
    serve
        .args(["serve", "--bind", "127.0.0.1:0", "--code", CODE])
        .arg(session)
        .current_dir(dir);
    if let Some(id) = exercise {
        serve.args(["--exercise", id]);
    }
    let mut server = Running::start(serve);
    let address_line = server.line_with("Join address:", Duration::from_secs(30));
    let address = address_line
        .split_once("Join address:")
        .map(|(_, a)| a.trim().to_owned())
        .filter(|a| a.starts_with("http://127.0.0.1:"))
        .unwrap_or_else(|| panic!("not a local address: {address_line}"));
    let (driver, driver_port) = drive(chromedriver);
    (server, address, driver, driver_port)
}

/// chromedriver on a free port: the process and its port.
fn drive(chromedriver: &Path) -> (Running, u16) {
    // With `--port=0` chromedriver takes a free IPv6 port and then the same number on IPv4,
    // which another test may hold: it exits ("IPv4 port not available"), and a second try
    // gets another port.
    let mut tries = Vec::new();
    let (driver, started) = loop {
        let mut driver_cmd = Command::new(chromedriver);
        driver_cmd.arg("--port=0");
        let mut driver = Running::start(driver_cmd);
        match driver.try_line_with("started successfully on port", Duration::from_secs(30)) {
            Ok(line) => break (driver, line),
            Err(why) if tries.len() < 4 && why.contains("port not available") => tries.push(why),
            Err(why) => panic!("chromedriver did not start: {why}\nearlier tries: {tries:?}"),
        }
    };
    let driver_port: u16 = started
        .trim_end_matches('.')
        .rsplit(' ')
        .next()
        .and_then(|p| p.parse().ok())
        .unwrap_or_else(|| panic!("no port in {started:?}"));
    (driver, driver_port)
}
