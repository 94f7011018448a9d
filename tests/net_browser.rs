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

// This test sets up the machine through the C library (limits, users, signals): unsafe is
// allowed here, as in src/platform.rs, and nowhere else.
#![allow(unsafe_code)]

mod common;

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

// ---- a minimal blocking HTTP/1.1 client (for chromedriver) ----

fn http(port: u16, method: &str, path: &str, body: Option<&Value>) -> (u16, Value) {
    http_result(port, method, path, body, "")
        .unwrap_or_else(|e| panic!("{method} {path}: no answer from chromedriver: {e}"))
}

/// One request; `headers` are extra header lines, each ending in CRLF.
fn http_result(
    port: u16,
    method: &str,
    path: &str,
    body: Option<&Value>,
    headers: &str,
) -> std::io::Result<(u16, Value)> {
    let body = body.map(|b| b.to_string()).unwrap_or_default();
    let mut stream = TcpStream::connect(("127.0.0.1", port))?;
    stream.set_read_timeout(Some(Duration::from_secs(60)))?;
    let request = format!(
        "{method} {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nContent-Type: application/json; charset=utf-8\r\nContent-Length: {}\r\nConnection: close\r\n{headers}\r\n{body}",
        body.len()
    );
    stream.write_all(request.as_bytes())?;
    // chromedriver keeps the connection open whatever we ask: read by Content-Length.
    let mut reader = BufReader::new(stream);
    let mut status_line = String::new();
    reader.read_line(&mut status_line)?;
    let status: u16 = status_line
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .ok_or_else(|| std::io::Error::other(format!("not an HTTP reply: {status_line:?}")))?;
    let (mut length, mut chunked) = (None, false);
    loop {
        let mut line = String::new();
        reader.read_line(&mut line)?;
        let line = line.trim_end();
        if line.is_empty() {
            break;
        }
        if let Some((name, value)) = line.split_once(':') {
            let (name, value) = (name.trim().to_ascii_lowercase(), value.trim());
            if name == "content-length" {
                length = value.parse::<usize>().ok();
            } else if name == "transfer-encoding" && value.eq_ignore_ascii_case("chunked") {
                chunked = true;
            }
        }
    }
    let mut payload = Vec::new();
    if chunked {
        loop {
            let mut size = String::new();
            reader.read_line(&mut size)?;
            let size =
                usize::from_str_radix(size.trim().split(';').next().unwrap_or(""), 16).unwrap_or(0);
            let mut chunk = vec![0; size + 2];
            reader.read_exact(&mut chunk)?;
            if size == 0 {
                break;
            }
            payload.extend_from_slice(&chunk[..size]);
        }
    } else if let Some(n) = length {
        payload.resize(n, 0);
        reader.read_exact(&mut payload)?;
    } else {
        reader.read_to_end(&mut payload)?;
    }
    let value = serde_json::from_slice(&payload).unwrap_or(Value::Null);
    Ok((status, value))
}

fn base64_decode(text: &str) -> Vec<u8> {
    let mut out = Vec::with_capacity(text.len() * 3 / 4);
    let (mut acc, mut bits) = (0u32, 0u32);
    for c in text.bytes() {
        let v = match c {
            b'A'..=b'Z' => c - b'A',
            b'a'..=b'z' => c - b'a' + 26,
            b'0'..=b'9' => c - b'0' + 52,
            b'+' => 62,
            b'/' => 63,
            _ => continue,
        };
        acc = (acc << 6) | u32::from(v);
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((acc >> bits) as u8);
        }
    }
    out
}

fn png_size(bytes: &[u8]) -> (u32, u32) {
    assert!(bytes.starts_with(b"\x89PNG\r\n\x1a\n"), "not a PNG");
    let be = |b: &[u8]| u32::from_be_bytes([b[0], b[1], b[2], b[3]]);
    (be(&bytes[16..20]), be(&bytes[20..24]))
}

// ---- WebDriver ----

const ELEMENT: &str = "element-6066-11e4-a52e-4f735466cecf";

struct Browser {
    port: u16,
    session: String,
}

impl Browser {
    fn open(port: u16, chromium: &Path, profile: &Path, javascript: bool) -> Browser {
        Browser::open_with(port, chromium, profile, javascript, true)
    }

    /// A phone-sized window with a touch screen (`touch`), or with a mouse.
    fn open_with(
        port: u16,
        chromium: &Path,
        profile: &Path,
        javascript: bool,
        touch: bool,
    ) -> Browser {
        let mut args = vec![
            "--headless".to_owned(),
            "--no-sandbox".into(),
            "--disable-gpu".into(),
            "--disable-quic".into(),
            "--no-first-run".into(),
            "--disable-background-networking".into(),
            "--disable-component-update".into(),
            "--disable-sync".into(),
            "--disable-dev-shm-usage".into(),
            "--hide-scrollbars".into(),
            "--lang=en-US".into(),
            format!("--user-data-dir={}", profile.display()),
        ];
        if !javascript {
            args.push("--blink-settings=scriptEnabled=false".into());
        }
        let caps = json!({"capabilities": {"alwaysMatch": {
            "browserName": "chrome",
            "goog:loggingPrefs": {"browser": "ALL"},
            "goog:chromeOptions": {
                "binary": chromium.to_string_lossy(),
                "args": args,
                // A phone: 360×740 CSS pixels at 2× so the screenshot is sharp; the viewport meta applies.
                "mobileEmulation": {"deviceMetrics": {"width": 360, "height": 740, "pixelRatio": 2.0, "touch": touch}},
            },
        }}});
        let (status, reply) = http(port, "POST", "/session", Some(&caps));
        let session = reply["value"]["sessionId"]
            .as_str()
            .unwrap_or_else(|| panic!("no WebDriver session ({status}): {reply}"))
            .to_owned();
        Browser { port, session }
    }

    fn cmd(&self, method: &str, path: &str, body: Option<Value>) -> Value {
        let full = format!("/session/{}{path}", self.session);
        let (status, reply) = http(self.port, method, &full, body.as_ref());
        assert_eq!(status, 200, "{method} {path} failed: {reply}");
        reply["value"].clone()
    }

    fn go(&self, url: &str) {
        self.cmd("POST", "/url", Some(json!({ "url": url })));
    }

    fn url(&self) -> String {
        self.cmd("GET", "/url", None)
            .as_str()
            .unwrap_or_default()
            .to_owned()
    }

    fn source(&self) -> String {
        self.cmd("GET", "/source", None)
            .as_str()
            .unwrap_or_default()
            .to_owned()
    }

    fn try_find(&self, css: &str) -> Option<String> {
        let full = format!("/session/{}/element", self.session);
        let (status, reply) = http(
            self.port,
            "POST",
            &full,
            Some(&json!({"using": "css selector", "value": css})),
        );
        (status == 200)
            .then(|| reply["value"][ELEMENT].as_str().map(str::to_owned))
            .flatten()
    }

    fn find(&self, css: &str) -> String {
        let start = Instant::now();
        loop {
            if let Some(e) = self.try_find(css) {
                return e;
            }
            if start.elapsed() > Duration::from_secs(15) {
                panic!(
                    "no element {css} within 15 s at {}; the page:\n{}",
                    self.url(),
                    self.source()
                );
            }
            std::thread::sleep(Duration::from_millis(100));
        }
    }

    fn find_all(&self, css: &str) -> Vec<String> {
        self.cmd(
            "POST",
            "/elements",
            Some(json!({"using": "css selector", "value": css})),
        )
        .as_array()
        .map(|list| {
            list.iter()
                .filter_map(|e| e[ELEMENT].as_str().map(str::to_owned))
                .collect()
        })
        .unwrap_or_default()
    }

    /// A DevTools command (through chromedriver).
    fn cdp(&self, command: &str, params: Value) -> Value {
        self.cmd(
            "POST",
            "/goog/cdp/execute",
            Some(json!({"cmd": command, "params": params})),
        )
    }

    fn node(&self, css: &str) -> Value {
        self.find(css); // waits for it, and for a page being loaded
        let root = self.cdp("DOM.getDocument", json!({"depth": 0}))["root"]["nodeId"].clone();
        let node = self.cdp(
            "DOM.querySelector",
            json!({"nodeId": root, "selector": css}),
        )["nodeId"]
            .clone();
        assert_ne!(node, json!(0), "no {css}");
        node
    }

    /// Taps the first element matching `css` as a pointer would. Through DevTools, because
    /// chromedriver's own click waits on a page timer, which never fires with JavaScript off.
    fn click(&self, css: &str) {
        let node = self.node(css);
        self.cdp("DOM.scrollIntoViewIfNeeded", json!({ "nodeId": node }));
        let quads = self.cdp("DOM.getContentQuads", json!({ "nodeId": node }));
        let quad: Vec<f64> = quads["quads"][0]
            .as_array()
            .map(|q| q.iter().filter_map(Value::as_f64).collect())
            .unwrap_or_default();
        assert_eq!(quad.len(), 8, "{css} is not on screen: {quads}");
        let x = quad.iter().step_by(2).sum::<f64>() / 4.0;
        let y = quad.iter().skip(1).step_by(2).sum::<f64>() / 4.0;
        for kind in ["mousePressed", "mouseReleased"] {
            self.cdp(
                "Input.dispatchMouseEvent",
                json!({"type": kind, "x": x, "y": y, "button": "left", "clickCount": 1}),
            );
        }
    }

    /// Taps the first element matching `css` with a finger (touch events, as a touch screen
    /// sends them; the browser makes the click of them).
    fn tap(&self, css: &str) {
        let node = self.node(css);
        self.cdp("DOM.scrollIntoViewIfNeeded", json!({ "nodeId": node }));
        let quads = self.cdp("DOM.getContentQuads", json!({ "nodeId": node }));
        let quad: Vec<f64> = quads["quads"][0]
            .as_array()
            .map(|q| q.iter().filter_map(Value::as_f64).collect())
            .unwrap_or_default();
        assert_eq!(quad.len(), 8, "{css} is not on screen: {quads}");
        let x = quad.iter().step_by(2).sum::<f64>() / 4.0;
        let y = quad.iter().skip(1).step_by(2).sum::<f64>() / 4.0;
        self.cdp(
            "Input.dispatchTouchEvent",
            json!({"type": "touchStart", "touchPoints": [{"x": x, "y": y}]}),
        );
        self.cdp(
            "Input.dispatchTouchEvent",
            json!({"type": "touchEnd", "touchPoints": []}),
        );
    }

    /// A DOM property (`value`, `checked`...) as it is now, not as the page came.
    fn property(&self, element: &str, name: &str) -> Value {
        self.cmd("GET", &format!("/element/{element}/property/{name}"), None)
    }

    /// Where an element is on the page and how big, in CSS pixels: (x, y, width, height).
    fn rect(&self, element: &str) -> (f64, f64, f64, f64) {
        let r = self.cmd("GET", &format!("/element/{element}/rect"), None);
        let n = |k: &str| r[k].as_f64().unwrap_or(f64::NAN);
        (n("x"), n("y"), n("width"), n("height"))
    }

    fn displayed(&self, element: &str) -> bool {
        self.cmd("GET", &format!("/element/{element}/displayed"), None) == json!(true)
    }

    fn key(&self, key: &str, code: u32, text: &str) {
        for kind in ["keyDown", "keyUp"] {
            let mut event =
                json!({"type": kind, "key": key, "code": key, "windowsVirtualKeyCode": code});
            if kind == "keyDown" && !text.is_empty() {
                event["text"] = json!(text);
            }
            self.cdp("Input.dispatchKeyEvent", event);
        }
    }

    fn text(&self, element: &str) -> String {
        self.cmd("GET", &format!("/element/{element}/text"), None)
            .as_str()
            .unwrap_or_default()
            .to_owned()
    }

    /// The text, or None when the element has gone (a new page is loading).
    fn try_text(&self, element: &str) -> Option<String> {
        let path = format!("/session/{}/element/{element}/text", self.session);
        let (status, reply) = http(self.port, "GET", &path, None);
        (status == 200)
            .then(|| reply["value"].as_str().map(str::to_owned))
            .flatten()
    }

    fn attribute(&self, element: &str, name: &str) -> Option<String> {
        self.cmd("GET", &format!("/element/{element}/attribute/{name}"), None)
            .as_str()
            .map(str::to_owned)
    }

    /// Types `text` into the element matching `css` as an input method would: any Unicode
    /// (WebDriver's own typing stops at the Basic Multilingual Plane, so no emoji), and Enter
    /// for a line break.
    fn type_into(&self, css: &str, text: &str) {
        self.click(css);
        for (i, line) in text.split('\n').enumerate() {
            if i > 0 {
                self.key("Enter", 13, "\r");
            }
            if !line.is_empty() {
                self.cdp("Input.insertText", json!({ "text": line }));
            }
        }
    }

    /// Runs a script in the page (JavaScript-on sessions only).
    fn script(&self, script: &str) -> Value {
        self.cmd(
            "POST",
            "/execute/sync",
            Some(json!({"script": script, "args": []})),
        )
    }

    fn screenshot(&self, to: &Path) -> Vec<u8> {
        let png = base64_decode(self.cmd("GET", "/screenshot", None).as_str().unwrap_or(""));
        std::fs::write(to, &png).unwrap();
        png
    }

    /// The browser console since the last call.
    fn console(&self) -> Vec<Value> {
        self.cmd("POST", "/se/log", Some(json!({"type": "browser"})))
            .as_array()
            .cloned()
            .unwrap_or_default()
    }
}

impl Drop for Browser {
    fn drop(&mut self) {
        let _ = http_result(
            self.port,
            "DELETE",
            &format!("/session/{}", self.session),
            None,
            "",
        );
    }
}

/// The browser console since the last look (warnings and errors).
fn console_messages(browser: &Browser) -> Vec<Value> {
    browser
        .console()
        .into_iter()
        .filter(|e| e["level"] != "INFO" && e["level"] != "DEBUG")
        .collect()
}

fn assert_quiet_console(browser: &Browser, when: &str) {
    let problems = console_messages(browser);
    assert!(
        problems.is_empty(),
        "console messages {when}: {problems:#?}"
    );
}

/// The console holds only the report of a refusal we asked for (the page came with `status`).
fn assert_only_refusal(browser: &Browser, path: &str, status: u16) {
    let expected =
        format!("{path} - Failed to load resource: the server responded with a status of {status}");
    let messages = console_messages(browser);
    assert!(
        messages
            .iter()
            .all(|m| m["message"].as_str().is_some_and(|m| m.contains(&expected))),
        "console messages: {messages:#?}"
    );
}

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

#[test]
fn note_takers_send_answers_from_a_browser_with_and_without_javascript() {
    let Some((chromium, chromedriver)) = browser_tools() else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let session = common::new_session(dir.path());
    let shots = dir.path().join("screenshots");
    std::fs::create_dir(&shots).unwrap();
    let (mut server, address, driver, driver_port) =
        serve_and_drive(dir.path(), &session, &chromedriver);

    // 1. JavaScript on: the answer goes through the outbox and the JSON API.
    let js_slot = {
        let browser = Browser::open(driver_port, &chromium, &dir.path().join("profile-js"), true);
        join(&browser, &address, "Table 1", &shots, "js");
        let form_id = browser.attribute(&browser.find("input[name='id']"), "value");
        let slot = chosen_slot(&browser);
        let saved = saved_under(&browser);
        browser.type_into("#text", ANSWER_JS);
        browser.click("#send");
        let status = browser.find("#status");
        wait_for(&saved, Duration::from_secs(20), || {
            (browser.text(&status) == saved).then_some(())
        });
        // Sent by the script, not by the plain form: the page was not reloaded.
        assert!(!browser.url().contains("saved="), "the plain form was used");
        let shown = browser.script(
            "return Array.from(document.querySelectorAll('#answers li.answer')).map(li => [li.dataset.id, li.querySelector('.text') ? li.querySelector('.text').textContent : '', li.className]);",
        );
        let shown = shown.as_array().cloned().unwrap_or_default();
        assert_eq!(shown.len(), 1, "one answer listed: {shown:?}");
        assert_eq!(shown[0][1], ANSWER_JS, "listed verbatim");
        assert!(
            shown[0][2].as_str().is_some_and(|c| !c.contains("pending")),
            "still pending: {shown:?}"
        );
        let state = browser.script(
            "return [document.querySelector('#text').value, document.querySelector('input[name=id]').value, localStorage.getItem('hearth.outbox.v1')];",
        );
        assert_eq!(state[0], "", "the box is cleared once saved");
        assert_ne!(
            state[1].as_str(),
            form_id.as_deref(),
            "a fresh id for the next answer"
        );
        assert_eq!(
            state[2],
            Value::Null,
            "the outbox is empty once acknowledged"
        );
        let saved_id = shown[0][0].as_str().unwrap_or_default().to_owned();
        assert_eq!(Some(saved_id.as_str()), form_id.as_deref());

        // The phone-sized picture of the capture page.
        let png = browser.screenshot(&shots.join("js-3-capture.png"));
        assert_eq!(png_size(&png), (720, 1480));
        assert!(png.len() > 20_000, "the screenshot is nearly blank");
        if std::env::var("HEARTH_UPDATE_SCREENSHOT").as_deref() == Ok("1") {
            std::fs::copy(shots.join("js-3-capture.png"), repo("docs/join-page.png")).unwrap();
        }

        // Another note-taker of the group answers through the API: it shows up here, live.
        let server_port: u16 = address
            .trim_end_matches('/')
            .rsplit(':')
            .next()
            .and_then(|p| p.parse().ok())
            .expect("a port in the join address");
        let (status, joined) = http_result(
            server_port,
            "POST",
            "/api/join",
            Some(&json!({"code": CODE, "group": "Table 1"})),
            "",
        )
        .unwrap();
        assert_eq!(status, 201, "{joined}");
        let token = joined["token"].as_str().expect("a token");
        let live = json!({"id": "live-from-a-terminal", "exercise": "round", "slot": slot, "group": "Table 1", "text": ANSWER_LIVE});
        let auth = format!("Authorization: Bearer {token}\r\n");
        let (status, reply) = http_result(
            server_port,
            "POST",
            "/api/contributions",
            Some(&live),
            &auth,
        )
        .unwrap();
        assert_eq!(status, 201, "{reply}");
        wait_for("the live answer", Duration::from_secs(15), || {
            (browser.script(
                "return Array.from(document.querySelectorAll('#answers li.answer')).map(li => li.querySelector('.text').textContent);",
            ) == json!([ANSWER_JS, ANSWER_LIVE]))
            .then_some(())
        });

        // The network drops: the answer waits in the outbox, listed as "sending…", and goes out
        // by itself once the network is back.
        let offline = |down: bool| {
            browser.cdp(
                "Network.emulateNetworkConditions",
                json!({"offline": down, "latency": 0, "downloadThroughput": -1, "uploadThroughput": -1}),
            );
        };
        browser.cdp("Network.enable", json!({}));
        offline(true);
        browser.type_into("#text", ANSWER_OFFLINE);
        browser.click("#send");
        wait_for(
            "the answer to wait in the outbox",
            Duration::from_secs(15),
            || {
                let state = browser.script(
                "const li = document.querySelector('#answers li.pending'); const box = JSON.parse(localStorage.getItem('hearth.outbox.v1') || '[]'); return [li && li.querySelector('.text').textContent, li && li.querySelector('.state').textContent, box.map(i => i.req.text), document.querySelector('#text').value];",
            );
                (state == json!([ANSWER_OFFLINE, "sending…", [ANSWER_OFFLINE], ""])).then_some(())
            },
        );
        browser.screenshot(&shots.join("js-4-offline.png"));
        offline(false);
        wait_for("the outbox to empty", Duration::from_secs(30), || {
            let state = browser.script(
                "return [localStorage.getItem('hearth.outbox.v1'), document.querySelectorAll('#answers li.pending').length, document.querySelector('#status').textContent];",
            );
            (state == json!([null, 0, saved])).then_some(())
        });
        // While offline, the failed requests were reported; nothing else.
        let messages = console_messages(&browser);
        assert!(
            messages.iter().all(|m| m["message"]
                .as_str()
                .is_some_and(|m| m.contains("ERR_INTERNET_DISCONNECTED"))),
            "console messages around the outage: {messages:#?}"
        );

        // After a reload the answers come from the server, each once.
        browser.go(&address);
        let items = browser.find_all("#answers li.answer");
        let ids: Vec<_> = items
            .iter()
            .map(|e| browser.attribute(e, "data-id").unwrap_or_default())
            .collect();
        assert_eq!(ids.len(), 3, "listed once each after a reload: {ids:?}");
        assert_eq!(ids[0], saved_id);
        assert_eq!(ids[1], "live-from-a-terminal");
        assert_eq!(chosen_slot(&browser), slot);
        // The live stream is connected and said nothing wrong; no console message at all.
        std::thread::sleep(Duration::from_millis(500));
        assert_quiet_console(&browser, "with JavaScript on");

        // The same id again with other text (a device that lost track): refused with the
        // server's reason, and the text stays in the box under a fresh id.
        browser.script("document.querySelector('input[name=id]').value = 'live-from-a-terminal';");
        browser.type_into("#text", ANSWER_REFUSED);
        browser.click("#send");
        let state = "const e = document.getElementById('send-error'); const box = JSON.parse(localStorage.getItem('hearth.outbox.v1') || '[]'); return [e && !e.hidden ? e.textContent : '', document.querySelector('#text').value, document.querySelector('input[name=id]').value, document.querySelectorAll('#answers li.answer').length, box.map(i => i.req.text), document.getElementById('banner').hidden];";
        let refused = wait_for("the refusal", Duration::from_secs(15), || {
            let s = browser.script(state);
            s[0].as_str().is_some_and(|e| !e.is_empty()).then_some(s)
        });
        assert!(
            refused[0].as_str().unwrap_or("").starts_with("Not saved: "),
            "{refused}"
        );
        assert_eq!(refused[1], ANSWER_REFUSED, "the text stays in the box");
        assert_ne!(refused[2], "live-from-a-terminal", "a fresh id");
        assert_eq!(refused[3], 3, "the saved answer is still listed: {refused}");
        assert_eq!(refused[4], json!([]), "nothing left to send");
        assert_only_refusal(&browser, "/api/contributions", 409);

        // Signed out (the cookie is gone): said so, and the text is kept, in the box and in
        // the outbox, to go out once the device has joined again.
        browser.cdp(
            "Network.deleteCookies",
            json!({"name": "hearth_device", "url": address}),
        );
        browser.click("#send");
        let signed_out = wait_for("the signed-out banner", Duration::from_secs(15), || {
            let s = browser.script(state);
            (s[5] == json!(false)).then_some(s)
        });
        assert_eq!(signed_out[1], ANSWER_REFUSED, "the text stays in the box");
        assert_eq!(signed_out[4], json!([ANSWER_REFUSED]), "and in the outbox");
        let banner = browser.text(&browser.find("#banner"));
        assert!(
            banner.contains("This device was signed out; join again."),
            "{banner}"
        );
        assert_only_refusal(&browser, "/api/contributions", 401);
        browser.screenshot(&shots.join("js-5-signed-out.png"));
        slot
    };

    // 2. JavaScript off: the plain form, on the second slot, for a group with a non-ASCII name.
    let plain_slot = {
        let browser = Browser::open(
            driver_port,
            &chromium,
            &dir.path().join("profile-plain"),
            false,
        );
        join(&browser, &address, "Room 夢", &shots, "plain");
        let first_slot = chosen_slot(&browser);
        let heading = browser.find("#slot-label");
        assert!(browser.displayed(&heading));
        if browser.try_find("#slot-select").is_some() {
            // The list of slots: the next one, as a keyboard picks it.
            let select = browser.node("#slot-select");
            browser.cdp("DOM.focus", json!({ "nodeId": select }));
            browser.key("ArrowDown", 40, "");
        } else {
            browser.click("#capture input[name='slot']:not(:checked)");
        }
        assert_ne!(chosen_slot(&browser), first_slot);
        // The question shown is the first one's no longer: it steps aside, and the page says
        // where the answer goes instead.
        assert!(
            !browser.displayed(&heading),
            "a question not chosen is shown"
        );
        assert!(browser.displayed(&browser.find("#slot-changed")));
        // "Show" brings the chosen one up in full.
        browser.click("#show");
        wait_for("the second slot", Duration::from_secs(15), || {
            browser.url().contains("slot=").then_some(())
        });
        let slot = chosen_slot(&browser);
        assert_ne!(slot, first_slot);
        assert!(browser.displayed(&browser.find("#slot-label")));

        // A blank answer is refused by the server (the browser lets spaces through), and what was typed stays.
        browser.type_into("#text", "   ");
        browser.click("#send");
        let alert = browser.find(".notice.error[role='alert']");
        assert!(!browser.text(&alert).is_empty());
        let page = browser.source();
        assert!(
            page.contains(">   </textarea>") || page.contains(">\n   </textarea>"),
            "the typed spaces are kept:\n{page}"
        );
        assert_only_refusal(&browser, "/submit", 422);
        browser.go(&format!("{address}?slot={slot}"));

        let form_id = browser
            .attribute(&browser.find("input[name='id']"), "value")
            .unwrap_or_default();
        browser.type_into("#text", ANSWER_PLAIN);
        browser.click("#send");
        let url = wait_for("the page after sending", Duration::from_secs(20), || {
            Some(browser.url()).filter(|u| u.contains("saved="))
        });
        assert!(url.contains(&format!("saved={form_id}")), "{url}");
        let status = browser.find("#status");
        assert_eq!(browser.text(&status), saved_under(&browser));
        let items = browser.find_all("#answers li.answer");
        assert_eq!(items.len(), 1, "one answer listed:\n{}", browser.source());
        assert_eq!(
            browser.attribute(&items[0], "data-id").as_deref(),
            Some(form_id.as_str())
        );
        let page = browser.source();
        assert!(
            page.contains("&lt;script&gt;alert('typed, not run')&lt;/script&gt;")
                || page.contains("&lt;script&gt;alert(&#39;typed, not run&#39;)&lt;/script&gt;"),
            "the typed markup is shown as text:\n{page}"
        );
        browser.screenshot(&shots.join("plain-3-capture.png"));
        // On the first slot's page, the answer is listed once, under "elsewhere".
        browser.go(&address);
        assert_eq!(browser.find_all("#answers li.answer").len(), 0);
        let other = browser.find_all("#other-answers li.answer");
        assert_eq!(other.len(), 1);
        assert_eq!(
            browser.attribute(&other[0], "data-id").as_deref(),
            Some(form_id.as_str())
        );
        assert_quiet_console(&browser, "with JavaScript off");
        slot
    };
    assert_ne!(js_slot, plain_slot);

    if let Some(keep) = std::env::var_os("HEARTH_SCREENSHOTS_DIR") {
        std::fs::create_dir_all(&keep).unwrap();
        for entry in std::fs::read_dir(&shots).unwrap() {
            let path = entry.unwrap().path();
            std::fs::copy(&path, Path::new(&keep).join(path.file_name().unwrap())).unwrap();
        }
    }

    // 3. Stop the server as a facilitator's machine would, and read what it wrote.
    let pid = i32::try_from(server.child.id()).unwrap();
    // SAFETY: a plain C library call with valid arguments; it touches no Rust memory.
    assert_eq!(unsafe { libc::kill(pid, libc::SIGTERM) }, 0);
    let status = wait_for("hearth serve to stop", Duration::from_secs(20), || {
        server.child.try_wait().ok().flatten()
    });
    server.drain();
    assert!(
        status.success(),
        "hearth serve ended with {status}; output:\n{}",
        server.seen.join("\n")
    );
    drop(driver);

    let (saved, _) = hearth::store::read_session(&session).unwrap();
    for (text, group, slot) in [
        (ANSWER_JS, "Table 1", &js_slot),
        (ANSWER_LIVE, "Table 1", &js_slot),
        (ANSWER_OFFLINE, "Table 1", &js_slot),
        (ANSWER_PLAIN, "Room 夢", &plain_slot),
    ] {
        let found: Vec<_> = saved
            .contributions()
            .iter()
            .filter(|c| c.text == text)
            .collect();
        assert_eq!(found.len(), 1, "{text:?} saved exactly once");
        assert_eq!(found[0].group.as_deref(), Some(group));
        assert_eq!(found[0].exercise, "round");
        assert_eq!(&found[0].slot, slot);
    }
    assert_eq!(saved.contributions().len(), 4, "nothing else was saved");
    assert!(
        !saved
            .contributions()
            .iter()
            .any(|c| c.text == ANSWER_REFUSED)
    );
}

/// A phone casts its three dots from the page, with JavaScript on and with it off, and sees
/// them counted; both ballots are in the session file, each once.
#[test]
fn a_phone_casts_its_three_dots_with_and_without_javascript() {
    use hearth::model::convergence::{Round, RoundKind, RoundState, VoteOn};
    use hearth::model::{Change, Draft};
    let Some((chromium, chromedriver)) = browser_tools() else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let session = common::new_session(dir.path());
    let shots = std::env::var_os("HEARTH_SCREENSHOTS_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| dir.path().join("screenshots"));
    std::fs::create_dir_all(&shots).unwrap();
    // Six answers on the first exercise and a 3-dot round open on them, as the facilitator
    // would have it when the room votes.
    let (mut store, _) = hearth::store::SessionStore::open(&session).unwrap();
    let mut ids = Vec::new();
    for text in [
        "Peer leadership 🚀",
        "Lived experience at every table",
        "安心 — a safe place",
        "Pay that matches the work",
        "مرحبا: welcome everyone",
        "Training that fits",
    ] {
        let c = Draft::new("round", "sick", text)
            .group(Some("Table 1".into()))
            .into_contribution();
        ids.push(c.id.clone());
        store.apply(Change::Add { contribution: c }).unwrap();
    }
    // An earlier round, closed: it folds away under the answer box.
    store
        .apply(Change::OpenRound {
            round: Round {
                id: "earlier".into(),
                exercise: "round".into(),
                slot: None,
                on: VoteOn::Answers,
                kind: RoundKind::Dots {
                    dots: 3,
                    per_item: None,
                },
                state: RoundState::Open,
                opened: jiff::Timestamp::now(),
            },
        })
        .unwrap();
    store
        .apply(Change::SetRoundState {
            round: "earlier".into(),
            state: RoundState::Closed,
        })
        .unwrap();
    store
        .apply(Change::OpenRound {
            round: Round {
                id: "dots".into(),
                exercise: "round".into(),
                slot: None,
                on: VoteOn::Answers,
                kind: RoundKind::Dots {
                    dots: 3,
                    per_item: None,
                },
                state: RoundState::Open,
                opened: jiff::Timestamp::now(),
            },
        })
        .unwrap();
    store.close().unwrap();
    let (mut server, address, driver, driver_port) =
        serve_and_drive(dir.path(), &session, &chromedriver);
    for (javascript, group, dots) in [
        (true, "Table 2", [(0usize, "2"), (3, "1")]),
        (false, "Room 夢", [(1, "1"), (5, "2")]),
    ] {
        let name = if javascript { "vote-js" } else { "vote-plain" };
        let browser = Browser::open(
            driver_port,
            &chromium,
            &dir.path().join(format!("profile-{name}")),
            javascript,
        );
        join(&browser, &address, group, &shots, name);
        browser.find("form.ballot");
        // Number boxes a thumb can hit, and the answer box above the closed round, which is
        // folded away.
        let mut heights = Vec::new();
        for input in browser.find_all("form.ballot input[type='number']") {
            let (_, _, _, height) = browser.rect(&input);
            assert!(height >= 44.0, "a vote box {height}px tall");
            heights.push(height);
        }
        let answer_box = browser.find("#capture textarea");
        let past = browser.find("details.vote-past");
        let (_, box_y, _, _) = browser.rect(&answer_box);
        let (_, past_y, _, _) = browser.rect(&past);
        assert!(
            box_y < past_y,
            "the answer box at {box_y}px, the closed round at {past_y}px"
        );
        let closed = browser.find("section.vote[data-state='closed'] .notice");
        assert!(!browser.displayed(&closed), "the closed round is folded");
        let (_, ballot_y, _, _) = browser.rect(&browser.find("form.ballot"));
        assert!(ballot_y < box_y, "the open round stays above the box");
        if javascript {
            browser.script(
                "document.querySelector('details.vote-past').scrollIntoView({block: 'end'})",
            );
            browser.screenshot(&shots.join(format!("{name}-3-past-rounds.png")));
            browser.script("window.scrollTo(0, 0)");
        }
        println!(
            "{name}: vote boxes {heights:?}px tall, answer box at {box_y}px, closed round at {past_y}px"
        );
        for (item, n) in dots {
            browser.type_into(&format!("input[name='dots.{}']", ids[item]), n);
        }
        browser.screenshot(&shots.join(format!("{name}-3-ballot.png")));
        browser.click("form.ballot button[type='submit']");
        let counted = browser.find("section.vote .notice.saved");
        assert!(
            browser.text(&counted).contains("Your vote is counted"),
            "{}",
            browser.source()
        );
        // Seen counted: the form holds the dots as saved.
        for (item, n) in dots {
            let input = browser.find(&format!("input[name='dots.{}']", ids[item]));
            assert_eq!(browser.attribute(&input, "value").as_deref(), Some(n));
        }
        let png = browser.screenshot(&shots.join(format!("{name}-4-counted.png")));
        assert_eq!(png_size(&png), (720, 1480));
        if javascript {
            assert_quiet_console(&browser, "after voting");
        }
    }
    let pid = i32::try_from(server.child.id()).unwrap();
    // SAFETY: kill(2) on the child this test started.
    assert_eq!(unsafe { libc::kill(pid, libc::SIGTERM) }, 0);
    wait_for("hearth serve to stop", Duration::from_secs(20), || {
        server.child.try_wait().ok().flatten()
    });
    drop(driver);
    let (saved, _) = hearth::store::read_session(&session).unwrap();
    assert_eq!(saved.convergence.voters("dots"), 2);
    let tally: Vec<(String, u32)> = saved
        .convergence
        .tally("dots")
        .into_iter()
        .map(|t| (t.item, t.count))
        .collect();
    let mut expected = vec![
        (ids[0].clone(), 2),
        (ids[5].clone(), 2),
        (ids[1].clone(), 1),
        (ids[3].clone(), 1),
    ];
    expected.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    assert_eq!(tally, expected);
}

/// The browser screen (`/screen`): what the room sees, for participants following on their own
/// device, behind its own read-only code, working with JavaScript off. A wrong code gets the
/// code form and nothing of the session; an answer off the record never appears.
#[test]
fn the_browser_screen_shows_the_rooms_view_with_its_own_code_and_nothing_without_it() {
    use hearth::model::{Change, Draft};
    let Some((chromium, chromedriver)) = browser_tools() else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let session = common::new_session(dir.path());
    {
        let (mut store, _) = hearth::store::SessionStore::open(&session).unwrap();
        let answers = [
            (
                "Table 1",
                "Peer workers trusted as colleagues, not as an add-on",
                false,
            ),
            (
                "Table 2",
                "A national network that shares training and stories",
                false,
            ),
            (
                "Table 1",
                "OFF-THE-RECORD remark about a named manager",
                true,
            ),
        ];
        for (group, text, hidden) in answers {
            let c = Draft::new("round", "sick", text)
                .group(Some(group.into()))
                .into_contribution();
            let id = c.id.clone();
            store.apply(Change::Add { contribution: c }).unwrap();
            if hidden {
                store.apply(Change::SetHidden { id, hidden: true }).unwrap();
            }
        }
        store.close().unwrap();
    }
    let shots = std::env::var_os("HEARTH_SCREENSHOTS_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| dir.path().join("screenshots"));
    std::fs::create_dir_all(&shots).unwrap();
    let (mut server, address, _driver, driver_port) =
        serve_and_drive(dir.path(), &session, &chromedriver);
    let line = server.line_with("Screen (read-only", Duration::from_secs(10));
    let screen = line
        .split_once("): ")
        .map(|(_, u)| u.trim().to_owned())
        .unwrap_or_else(|| panic!("no screen address in {line:?}"));
    assert!(
        screen.starts_with(&format!("{address}screen?code=")),
        "{screen}"
    );
    let code = screen.rsplit('=').next().unwrap().to_owned();
    assert_ne!(code.replace('-', ""), CODE.replace('-', ""), "its own code");

    let profile = dir.path().join("profile-screen");
    let browser = Browser::open(driver_port, &chromium, &profile, false);
    // Without a code, and with a wrong one (the join code included): the code form, nothing else.
    for wrong in [
        format!("{address}screen"),
        format!("{address}screen?code=WRONG-CODE1"),
        format!("{address}screen?code={CODE}"),
    ] {
        browser.go(&wrong);
        let page = browser.source();
        assert!(page.contains("Screen code"), "{wrong}: {page}");
        for secret in [
            "Peer workers",
            "national network",
            "OFF-THE-RECORD",
            "What makes us sick",
        ] {
            assert!(!page.contains(secret), "{wrong} showed {secret:?}: {page}");
        }
    }
    browser.screenshot(&shots.join("screen-1-wrong-code.png"));
    // With its code: the question and the answers, large, reloading itself; never the hidden one.
    browser.go(&screen);
    let page = browser.source();
    assert!(page.contains("What makes us sick?"), "{page}");
    assert!(
        page.contains("Peer workers trusted as colleagues"),
        "{page}"
    );
    assert!(page.contains("A national network"), "{page}");
    assert!(!page.contains("OFF-THE-RECORD"), "{page}");
    assert!(
        page.contains("http-equiv=\"refresh\""),
        "reloads without JavaScript: {page}"
    );
    assert!(!page.contains("<script"), "{page}");
    let png = browser.screenshot(&shots.join("screen-2-room.png"));
    assert!(png.len() > 10_000, "the screenshot is nearly blank");
    if std::env::var("HEARTH_UPDATE_SCREENSHOT").as_deref() == Ok("1") {
        std::fs::write(repo("docs/screen-page.png"), &png).unwrap();
    }
}

/// The issue this guards: on the page, question 4 chosen in "Where the answer goes", an answer
/// typed and sent was saved under question 1. Here, on the all-kinds plan's `pathways` exercise
/// (questions 1 and 4): with JavaScript on and off, with a mouse and with a touch screen,
/// question 4 is chosen, an answer typed and sent, then a second one without choosing again.
/// Every answer must be in the session file under question 4, once; the page must say so and
/// keep question 4 chosen.
#[test]
fn answers_go_under_the_question_chosen_with_and_without_javascript_by_mouse_and_by_touch() {
    let Some((chromium, chromedriver)) = browser_tools() else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let session = common::new_session(dir.path());
    let shots = std::env::var_os("HEARTH_SCREENSHOTS_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| dir.path().join("screenshots"));
    std::fs::create_dir_all(&shots).unwrap();
    let (mut server, address, driver, driver_port) =
        serve_and_drive_on(dir.path(), &session, &chromedriver, Some("pathways"));
    let q4_label = "4. What has your career path looked like, moving to or from peer roles?";
    let mut sent = Vec::new();
    // Each group's second device finds the first one's answers to question 4 listed as
    // elsewhere until it chooses question 4 too.
    for (javascript, touch, group) in [
        (false, false, "Room 夢"),
        (true, true, "Room 夢"),
        (true, false, "Table 1"),
        (false, true, "Table 1"),
    ] {
        let name = format!(
            "q4-{}-{}",
            if javascript { "js" } else { "plain" },
            if touch { "touch" } else { "mouse" }
        );
        let browser = Browser::open_with(
            driver_port,
            &chromium,
            &dir.path().join(format!("profile-{name}")),
            javascript,
            touch,
        );
        join(&browser, &address, group, &shots, &name);
        if javascript {
            assert_eq!(
                browser.script("return matchMedia('(pointer: coarse)').matches;"),
                json!(touch),
                "{name}: the pointer is not the one emulated"
            );
        }
        // The page opens on question 1.
        assert_eq!(chosen_slot(&browser), "q1", "{name}");
        let earlier = sent.iter().filter(|(_, g)| *g == group).count();
        assert_eq!(browser.find_all("#answers li.answer").len(), 0, "{name}");
        assert_eq!(
            browser.find_all("#other-answers li.answer").len(),
            earlier,
            "{name}"
        );
        let press = |css: &str| {
            if touch {
                browser.tap(css);
            } else {
                browser.click(css);
            }
        };

        // Question 4, chosen in the list (the option picked, as the browser's picker does).
        let option = browser.find("#slot-select option[value='q4']");
        browser.cmd("POST", &format!("/element/{option}/click"), Some(json!({})));
        assert_eq!(chosen_slot(&browser), "q4", "{name}");
        if javascript {
            // The question shown follows the choice (the heading is looked for afresh each
            // time: the page may have drawn it again in between).
            wait_for(
                "the question shown to follow",
                Duration::from_secs(10),
                || {
                    let heading = browser.find("#slot-label");
                    (browser.try_text(&heading).as_deref() == Some(q4_label)).then_some(())
                },
            );
            // And so do the lists: question 4's answers are "here" now.
            assert_eq!(
                browser.find_all("#answers li.answer").len(),
                earlier,
                "{name}"
            );
            assert_eq!(browser.find_all("#answers li.answer .where").len(), 0);
            assert_eq!(browser.find_all("#other-answers li.answer").len(), 0);
        } else {
            // Without the script the question shown cannot follow: it steps aside instead.
            assert!(
                !browser.displayed(&browser.find("#slot-label")),
                "{name}: question 1 still shown"
            );
            assert!(browser.displayed(&browser.find("#slot-changed")), "{name}");
        }
        let png = browser.screenshot(&shots.join(format!("{name}-3-chosen.png")));
        assert_eq!(png_size(&png), (720, 1480));

        for round in 1..=2 {
            let text = format!("{name}, answer {round}: moved into peer work 🚀 then on");
            // The status says "saved" from the round before until the page is loaded again
            // (the plain form): this answer is saved once it is listed under its own id.
            let id = browser
                .attribute(&browser.find("input[name='id']"), "value")
                .unwrap_or_default();
            press("#text");
            browser.cdp("Input.insertText", json!({ "text": text }));
            press("#send");
            let expected = format!("Saved under {q4_label} ✓");
            wait_for(
                &format!("{name}: {expected}"),
                Duration::from_secs(20),
                || {
                    browser.try_find(&format!("#answers li.answer[data-id='{id}']"))?;
                    browser
                        .try_find("#status")
                        .and_then(|s| browser.try_text(&s))
                        .filter(|t| *t == expected)
                        .map(|_| ())
                },
            );
            assert_eq!(browser.text(&browser.find("#status")), expected, "{name}");
            // Sent by the script (no reload), or as the plain form (a reload that says saved=).
            assert_eq!(!browser.url().contains("saved="), javascript, "{name}");
            // Question 4 stays chosen, so the next answer goes there too.
            assert_eq!(chosen_slot(&browser), "q4", "{name}, after answer {round}");
            assert_eq!(browser.text(&browser.find("#slot-label")), q4_label);
            if javascript {
                wait_for("the box to be cleared", Duration::from_secs(10), || {
                    (browser.script("return document.querySelector('#text').value;") == json!(""))
                        .then_some(())
                });
            }
            sent.push((text, group));
        }
        // Listed under question 4 ("here"), each once.
        let here = browser.find_all("#answers li.answer");
        let mine: Vec<_> = here
            .iter()
            .map(|li| browser.text(li))
            .filter(|t| t.contains(&name))
            .collect();
        assert_eq!(mine.len(), 2, "{name}: {mine:?}\n{}", browser.source());
        assert_eq!(here.len(), earlier + 2, "{name}");
        browser.screenshot(&shots.join(format!("{name}-4-saved.png")));
        if javascript {
            assert_quiet_console(&browser, &name);
        }
    }

    let pid = i32::try_from(server.child.id()).unwrap();
    // SAFETY: kill(2) on the child this test started.
    assert_eq!(unsafe { libc::kill(pid, libc::SIGTERM) }, 0);
    wait_for("hearth serve to stop", Duration::from_secs(20), || {
        server.child.try_wait().ok().flatten()
    });
    drop(driver);
    let (saved, _) = hearth::store::read_session(&session).unwrap();
    for (text, group) in &sent {
        let found: Vec<_> = saved
            .contributions()
            .iter()
            .filter(|c| &c.text == text)
            .collect();
        assert_eq!(found.len(), 1, "{text:?} saved exactly once");
        assert_eq!(found[0].exercise, "pathways", "{text:?}");
        assert_eq!(found[0].slot, "q4", "{text:?} is filed under question 4");
        assert_eq!(found[0].group.as_deref(), Some(*group));
    }
    assert_eq!(
        saved.contributions().len(),
        sent.len(),
        "nothing else saved"
    );
}

/// Parts of an exercise answered with other details (scenario building: a timeline event has
/// a year, a title does not): choosing the timeline after typing brings up its form with the
/// text kept, at once with JavaScript, on Send without it; nothing is saved before the year is
/// there, and then it is saved under the timeline.
#[test]
fn a_part_asking_for_other_details_brings_up_its_form_with_the_text_kept() {
    let Some((chromium, chromedriver)) = browser_tools() else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let session = common::new_session(dir.path());
    let shots = std::env::var_os("HEARTH_SCREENSHOTS_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| dir.path().join("screenshots"));
    std::fs::create_dir_all(&shots).unwrap();
    let (mut server, address, driver, driver_port) =
        serve_and_drive_on(dir.path(), &session, &chromedriver, Some("scenarios"));
    let mut sent = Vec::new();
    for (javascript, group) in [(true, "Table 2"), (false, "Room 夢")] {
        let name = format!("timeline-{}", if javascript { "js" } else { "plain" });
        let browser = Browser::open(
            driver_port,
            &chromium,
            &dir.path().join(format!("profile-{name}")),
            javascript,
        );
        join(&browser, &address, group, &shots, &name);
        assert_eq!(chosen_slot(&browser), "title", "{name}");
        assert!(browser.try_find("input[name='field.year']").is_none());
        let text = format!("{name}: the first peer-run crisis house opens 🏠");
        browser.tap("#text");
        browser.cdp("Input.insertText", json!({ "text": text }));
        browser.screenshot(&shots.join(format!("{name}-3-typed.png")));
        // The timeline, tapped among the parts (radio buttons: few, short labels).
        browser.tap("#capture label.slot:has(input[value='timeline'])");
        if !javascript {
            assert_eq!(chosen_slot(&browser), "timeline");
            browser.tap("#send");
        }
        let year = wait_for(
            &format!("{name}: the timeline's form"),
            Duration::from_secs(15),
            || browser.try_find("input[name='field.year']"),
        );
        assert_eq!(chosen_slot(&browser), "timeline", "{name}");
        assert_eq!(
            browser.property(&browser.find("#text"), "value"),
            json!(text)
        );
        assert_eq!(browser.text(&browser.find("#slot-label")), "Timeline");
        if !javascript {
            let alert = browser.text(&browser.find(".notice.error[role='alert']"));
            assert!(alert.contains("asks for other details"), "{alert}");
        }
        browser.screenshot(&shots.join(format!("{name}-4-timeline.png")));
        browser.tap(&format!("#{}", browser.attribute(&year, "id").unwrap()));
        browser.cdp("Input.insertText", json!({ "text": "2031" }));
        browser.tap("#send");
        let expected = "Saved under Timeline ✓";
        wait_for(&format!("{name}: saved"), Duration::from_secs(20), || {
            browser
                .try_find("#status")
                .and_then(|s| browser.try_text(&s))
                .filter(|t| t == expected)
        });
        sent.push(text);
        if javascript {
            assert_quiet_console(&browser, &name);
        }
    }
    let pid = i32::try_from(server.child.id()).unwrap();
    // SAFETY: kill(2) on the child this test started.
    assert_eq!(unsafe { libc::kill(pid, libc::SIGTERM) }, 0);
    wait_for("hearth serve to stop", Duration::from_secs(20), || {
        server.child.try_wait().ok().flatten()
    });
    drop(driver);
    let (saved, _) = hearth::store::read_session(&session).unwrap();
    for text in &sent {
        let found: Vec<_> = saved
            .contributions()
            .iter()
            .filter(|c| &c.text == text)
            .collect();
        assert_eq!(found.len(), 1, "{text:?} saved exactly once");
        assert_eq!(
            (found[0].exercise.as_str(), found[0].slot.as_str()),
            ("scenarios", "timeline")
        );
        assert_eq!(
            found[0].fields.get("year").map(String::as_str),
            Some("2031")
        );
    }
    assert_eq!(
        saved.contributions().len(),
        sent.len(),
        "nothing else saved"
    );
}

/// A Futures Wheel's 2nd-order consequence from a phone: the part chosen, the form has the
/// list of 1st-order consequences to go under; the one chosen there is the one it is saved
/// under, with JavaScript and without.
#[test]
fn phones_add_a_consequence_under_the_parent_shown_with_and_without_javascript() {
    let Some((chromium, chromedriver)) = browser_tools() else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let session = common::new_session_of(dir.path(), "futures-wheel.json");
    {
        let (mut store, _) = hearth::store::SessionStore::open(&session).unwrap();
        for (id, text) in [("p1", "More peer jobs"), ("p2", "Training costs rise")] {
            let c = hearth::model::Draft::new("wheel", "first", text)
                .group(Some("Table 1".into()))
                .into_contribution_with(id.into(), jiff::Timestamp::now());
            store
                .apply(hearth::model::Change::Add { contribution: c })
                .unwrap();
        }
        store.close().unwrap();
    }
    let shots = std::env::var_os("HEARTH_SCREENSHOTS_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| dir.path().join("screenshots"));
    std::fs::create_dir_all(&shots).unwrap();
    let (mut server, address, driver, driver_port) =
        serve_and_drive_on(dir.path(), &session, &chromedriver, Some("wheel"));
    let mut sent = Vec::new();
    let mut newest = "p2".to_owned();
    for (javascript, group, parent) in [(true, "Table 1", "p1"), (false, "Table 2", "p2")] {
        let name = format!("wheel-{}", if javascript { "js" } else { "plain" });
        let browser = Browser::open(
            driver_port,
            &chromium,
            &dir.path().join(format!("profile-{name}")),
            javascript,
        );
        join(&browser, &address, group, &shots, &name);
        assert!(
            browser.try_find("select#parent").is_none(),
            "1st order: no parent"
        );
        let text = format!("{name}: wages rise 📈");
        browser.tap("#text");
        browser.cdp("Input.insertText", json!({ "text": text }));
        browser.tap("#capture label.slot:has(input[value='second'])");
        if !javascript {
            browser.tap("#send");
        }
        let list = wait_for(
            &format!("{name}: the list of parents"),
            Duration::from_secs(15),
            || browser.try_find("select#parent"),
        );
        // The newest is chosen; every 1st-order consequence is offered.
        assert_eq!(browser.property(&list, "value"), json!(newest), "{name}");
        assert!(browser.text(&list).contains("More peer jobs"));
        if javascript {
            // Another group's new 1st-order consequence joins the list without a reload; the
            // one chosen stays chosen.
            let addr: std::net::SocketAddr = address
                .trim_start_matches("http://")
                .trim_end_matches('/')
                .parse()
                .unwrap();
            let other = common::serve::join(addr, CODE, "Table 2");
            let id = hearth::model::contribution::new_id();
            let body =
                common::serve::answer_body(&id, "wheel", "first", "Table 2", "Clinics hire peers");
            let auth = common::serve::bearer(&other.token);
            let reply = common::serve::request(
                addr,
                "POST",
                "/api/contributions",
                &[
                    ("Authorization", auth.as_str()),
                    ("Content-Type", "application/json"),
                ],
                &body,
            )
            .unwrap();
            assert_eq!(reply.status, 201, "{}", reply.text());
            wait_for(
                &format!("{name}: the new one in the list"),
                Duration::from_secs(15),
                || browser.try_find(&format!("select#parent option[value='{id}']")),
            );
            assert_eq!(browser.property(&list, "value"), json!("p2"), "{name}");
            assert!(browser.text(&list).contains("[Table 2] Clinics hire peers"));
            newest = id;
        }
        assert_eq!(
            browser.property(&browser.find("#text"), "value"),
            json!(text)
        );
        // Picked in the list, as the browser's picker does.
        let option = browser.find(&format!("select#parent option[value='{parent}']"));
        browser.cmd("POST", &format!("/element/{option}/click"), Some(json!({})));
        assert_eq!(browser.property(&list, "value"), json!(parent), "{name}");
        browser.screenshot(&shots.join(format!("{name}-3-parent.png")));
        browser.tap("#send");
        let expected = "Saved under 2nd order consequences ✓";
        wait_for(&format!("{name}: saved"), Duration::from_secs(20), || {
            browser
                .try_find("#status")
                .and_then(|s| browser.try_text(&s))
                .filter(|t| t == expected)
        });
        sent.push((text, parent));
        if javascript {
            assert_quiet_console(&browser, &name);
        }
    }
    let pid = i32::try_from(server.child.id()).unwrap();
    // SAFETY: kill(2) on the child this test started.
    assert_eq!(unsafe { libc::kill(pid, libc::SIGTERM) }, 0);
    wait_for("hearth serve to stop", Duration::from_secs(20), || {
        server.child.try_wait().ok().flatten()
    });
    drop(driver);
    let (saved, _) = hearth::store::read_session(&session).unwrap();
    for (text, parent) in &sent {
        let found: Vec<_> = saved
            .contributions()
            .iter()
            .filter(|c| &c.text == text)
            .collect();
        assert_eq!(found.len(), 1, "{text:?} saved exactly once");
        assert_eq!(found[0].slot, "second");
        assert_eq!(found[0].parent.as_deref(), Some(*parent), "{text}");
    }
}

// ---- following the facilitator: the page's `agenda` and `exercise` events ----

/// A phone (JavaScript on, Table 1) on the six-pillars plan served in this process, so that the
/// test moves the agenda and picks a wheel's centre through the hub, as the facilitator's screen
/// does. Fields drop in order: the browser session, then chromedriver, then the server.
struct Following {
    browser: Browser,
    _driver: Running,
    server: common::serve::InProcess,
    _dir: tempfile::TempDir,
}

impl Following {
    /// Served on the plan's exercise `exercise` (an id), with `before` applied first; the phone
    /// joined, and following the session live. None when the test is to be skipped.
    fn start(name: &str, exercise: &str, before: Vec<hearth::model::Change>) -> Option<Following> {
        let (chromium, chromedriver) = browser_tools()?;
        let dir = tempfile::tempdir().unwrap();
        let session = common::bundled_session("six-pillars", "Six pillars");
        let path = hearth::store::create_session(dir.path(), &session).unwrap();
        let server = common::serve::InProcess::start(&path, CODE);
        if !before.is_empty() {
            server.hub.apply_local(before).unwrap();
        }
        let shots = std::env::var_os("HEARTH_SCREENSHOTS_DIR")
            .map(PathBuf::from)
            .unwrap_or_else(|| dir.path().join("screenshots"));
        std::fs::create_dir_all(&shots).unwrap();
        let (driver, driver_port) = drive(&chromedriver);
        let browser = Browser::open(
            driver_port,
            &chromium,
            &dir.path().join(format!("profile-{name}")),
            true,
        );
        let following = Following {
            browser,
            _driver: driver,
            server,
            _dir: dir,
        };
        following.move_to(exercise);
        let address = format!("http://{}/", following.server.addr);
        join(&following.browser, &address, "Table 1", &shots, name);
        assert_eq!(following.shown()["exercise"], exercise, "{name}");
        following.wait_live();
        Some(following)
    }

    /// The facilitator moves to the plan's exercise `id`.
    fn move_to(&self, id: &str) {
        let index = self
            .server
            .hub
            .with_session(|s| s.scenario.agenda.iter().position(|e| e.id == id))
            .flatten()
            .unwrap_or_else(|| panic!("no exercise {id} in the plan"));
        self.server.hub.set_exercise(index);
    }

    /// The exercise `id` as the server words it for note-takers now.
    fn words(&self, id: &str) -> hearth::net::api::ExerciseInfo {
        self.server
            .hub
            .exercise_named(id)
            .unwrap_or_else(|| panic!("no exercise {id}"))
    }

    /// Waits until the page follows the session live: its event stream open, and the catch-up
    /// that follows the opening (`GET /api/session`) answered, so that whatever the facilitator
    /// does from now on reaches the page through the stream's events alone.
    fn wait_live(&self) {
        wait_for(
            "the page to follow the session live",
            Duration::from_secs(10),
            || {
                let streaming = self.server.hub.devices().iter().any(|d| d.streams > 0);
                let caught_up = self.browser.script(
                    "return performance.getEntriesByType('resource').some(e => new URL(e.name).pathname === '/api/session');",
                ) == json!(true);
                (streaming && caught_up).then_some(())
            },
        );
    }

    /// What the page shows now: the exercise its form answers, the heading, the question, the
    /// banner (null while hidden: its paragraphs, its link's words and address), the answer
    /// box, and the mark `mark_page` left (null once the page was loaded again).
    fn shown(&self) -> Value {
        self.browser.script(
            "const q = (css) => document.querySelector(css);
             const form = q('form#capture'), h1 = q('main h1'), question = q('main p.instructions strong');
             const banner = q('#banner'), link = banner && q('#banner a');
             return {
               exercise: form && form.getAttribute('data-exercise'),
               title: h1 && h1.textContent,
               question: question ? question.textContent : '',
               banner: banner && !banner.hidden ? {
                 said: Array.from(banner.querySelectorAll('p')).map(p => p.textContent),
                 link: link && link.textContent,
                 href: link && link.getAttribute('href'),
               } : null,
               text: q('#text') && q('#text').value,
               mark: window.hearthMark || null,
             };",
        )
    }

    /// Marks the page as loaded now, to tell later whether it was loaded again.
    fn mark_page(&self) {
        self.browser.script("window.hearthMark = 'before';");
    }

    /// What the page shows once `done` holds of it (polled; the page may be loading).
    fn wait_shown(&self, what: &str, done: impl Fn(&Value) -> bool) -> Value {
        let mut last = Value::Null;
        let start = Instant::now();
        loop {
            if self.browser.try_find("form#capture").is_some() {
                last = self.shown();
                if done(&last) {
                    return last;
                }
            }
            if start.elapsed() > Duration::from_secs(10) {
                panic!("timed out after 10 s waiting for {what}; the page shows {last:#}");
            }
            std::thread::sleep(Duration::from_millis(100));
        }
    }
}

/// The facilitator moves on while a phone's answer box is empty: the phone shows the next
/// exercise by itself (the page loaded again), with no banner.
#[test]
fn a_phone_with_nothing_typed_shows_the_exercise_the_facilitator_moved_on_to() {
    let Some(phone) = Following::start("moved-empty", "triangle", Vec::new()) else {
        return;
    };
    let before = phone.shown();
    assert_eq!(before["title"], "Futures Triangle", "{before:#}");
    assert_eq!(before["banner"], Value::Null, "{before:#}");
    phone.mark_page();
    let next = phone.words("issues");
    assert!(
        !next.question.is_empty(),
        "the next exercise has a question"
    );
    phone.move_to("issues");
    let now = phone.wait_shown("the next exercise", |s| s["exercise"] == "issues");
    assert_eq!(now["title"], json!(next.title), "{now:#}");
    assert_eq!(now["question"], json!(next.question), "{now:#}");
    assert_eq!(now["mark"], Value::Null, "the page was loaded again");
    assert_eq!(now["banner"], Value::Null, "{now:#}");
    assert_eq!(now["text"], "", "{now:#}");
    phone.wait_live();
    assert_quiet_console(&phone.browser, "after moving on");
}

/// The facilitator moves on while a phone has an answer typed, not sent: the answer stays in
/// the box (the page is not loaded again) and the banner says the facilitator moved on, naming
/// the exercise; the answer can still be sent where it was typed for, and the banner's link
/// then shows the new exercise.
#[test]
fn a_phone_with_an_answer_typed_keeps_it_and_says_the_facilitator_moved_on() {
    let Some(phone) = Following::start("moved-typed", "triangle", Vec::new()) else {
        return;
    };
    let typed = "Peer roles written into every service plan 🚀 夢";
    phone.browser.type_into("#text", typed);
    phone.mark_page();
    let next = phone.words("issues");
    phone.move_to("issues");
    let now = phone.wait_shown("the banner", |s| !s["banner"].is_null());
    assert_eq!(
        now["banner"]["said"],
        json!([format!(
            "The facilitator moved on to “{}” — reload when you have sent this.",
            next.title
        )]),
        "{now:#}"
    );
    assert_eq!(now["banner"]["link"], "Go to it now", "{now:#}");
    assert_eq!(now["text"], typed, "the typed answer is kept: {now:#}");
    assert_eq!(now["mark"], "before", "the page was not loaded again");
    assert_eq!(now["exercise"], "triangle", "{now:#}");
    assert_eq!(now["title"], "Futures Triangle", "{now:#}");

    // Sent as the banner asks: saved under the exercise it was typed for.
    let saved = saved_under(&phone.browser);
    phone.browser.click("#send");
    wait_for(&saved, Duration::from_secs(10), || {
        phone
            .browser
            .try_find("#status")
            .and_then(|s| phone.browser.try_text(&s))
            .filter(|t| *t == saved)
    });
    let found = phone
        .server
        .hub
        .with_session(|s| {
            s.contributions()
                .iter()
                .filter(|c| c.text == typed)
                .map(|c| (c.exercise.clone(), c.group.clone()))
                .collect::<Vec<_>>()
        })
        .unwrap();
    assert_eq!(
        found,
        vec![("triangle".to_owned(), Some("Table 1".to_owned()))],
        "saved once, under the exercise it was typed for"
    );

    // The banner's link shows the exercise moved on to.
    phone.browser.click("#banner a");
    let now = phone.wait_shown("the next exercise", |s| s["exercise"] == "issues");
    assert_eq!(now["title"], json!(next.title), "{now:#}");
    assert_eq!(now["question"], json!(next.question), "{now:#}");
    assert_eq!(now["banner"], Value::Null, "{now:#}");
    assert_quiet_console(&phone.browser, "after moving on");
}

/// An answer typed and not sent when the note-taker goes on to the exercise the facilitator
/// moved to is not lost: the next page shows its words and sends it, on request, where it was
/// typed (or lets it go).
#[test]
fn an_answer_left_unsent_when_moving_on_is_offered_to_send_where_it_was_typed() {
    let Some(phone) = Following::start("moved-unsent", "triangle", Vec::new()) else {
        return;
    };
    let typed = "Lived experience counted as a qualification 夢";
    phone.browser.type_into("#text", typed);
    phone.move_to("issues");
    phone.wait_shown("the banner", |s| s["banner"]["link"] == "Go to it now");
    phone.browser.click("#banner a");
    let now = phone.wait_shown("the next exercise", |s| s["exercise"] == "issues");
    assert_eq!(
        now["banner"]["said"],
        json!(["Not sent yet, typed on “Futures Triangle”:", typed]),
        "{now:#}"
    );
    assert_eq!(
        now["text"], "",
        "not put in the new exercise's box: {now:#}"
    );
    let saved_where = || {
        phone
            .server
            .hub
            .with_session(|s| {
                s.contributions()
                    .iter()
                    .filter(|c| c.text == typed)
                    .map(|c| (c.exercise.clone(), c.slot.clone(), c.group.clone()))
                    .collect::<Vec<_>>()
            })
            .unwrap()
    };
    assert!(saved_where().is_empty(), "nothing sent without asking");

    // Still offered after the page is loaded again, until one of its buttons is pressed.
    phone.browser.script("window.location.reload();");
    let now = phone.wait_shown("the offer again", |s| !s["banner"].is_null());
    assert_eq!(now["banner"]["said"][1], typed, "{now:#}");

    phone.browser.click("#banner .draft-actions button");
    wait_for("the answer saved", Duration::from_secs(10), || {
        (!saved_where().is_empty()).then_some(())
    });
    assert_eq!(
        saved_where(),
        vec![(
            "triangle".to_owned(),
            "pull".to_owned(),
            Some("Table 1".to_owned())
        )],
        "saved once, where it was typed"
    );
    let now = phone.shown();
    assert_eq!(
        now["banner"]["said"],
        json!(["Your answer for “Futures Triangle” is on its way."]),
        "{now:#}"
    );
    assert_quiet_console(&phone.browser, "after sending the answer left behind");
}

/// A futures wheel's centre comes from the emerging issues: when the facilitator picks one as
/// the centre (`Change::SeedFrom`), a phone on the wheel with nothing typed shows its words.
/// Picked again while an answer is typed: the answer stays and the banner says the exercise
/// changed; its link shows the new centre, with the typed answer still in the box.
#[test]
fn a_phone_on_a_futures_wheel_shows_the_centre_the_facilitator_picks() {
    use hearth::model::convergence::Seed;
    use hearth::model::{Change, Draft};
    let issues = [
        ("i1", "Peer work regulated by the state 夢"),
        ("i2", "Funding follows lived experience"),
    ];
    let add = |(id, text): (&str, &str)| Change::Add {
        contribution: Draft::new("issues", "issue", text)
            .group(Some("Table 2".into()))
            .into_contribution_with(id.into(), jiff::Timestamp::now()),
    };
    let pick = |id: &str| Change::SeedFrom {
        exercise: "wheel".into(),
        seed: Seed {
            from: id.into(),
            at: jiff::Timestamp::now(),
        },
    };
    let Some(phone) = Following::start("centre", "wheel", issues.map(add).into()) else {
        return;
    };
    let before = phone.shown();
    assert_eq!(before["title"], "Futures Wheel", "{before:#}");
    for (_, text) in issues {
        assert_ne!(before["question"], text, "no centre picked yet: {before:#}");
    }

    // Nothing typed: the page shows the centre by itself.
    phone.mark_page();
    phone.server.hub.apply_local(vec![pick("i1")]).unwrap();
    assert_eq!(phone.words("wheel").question, issues[0].1);
    let now = phone.wait_shown("the centre's words", |s| s["question"] == issues[0].1);
    assert_eq!(now["exercise"], "wheel", "{now:#}");
    assert_eq!(now["title"], "Futures Wheel", "{now:#}");
    assert_eq!(now["mark"], Value::Null, "the page was loaded again");
    assert_eq!(now["banner"], Value::Null, "{now:#}");
    phone.wait_live();

    // An answer typed: kept, and the banner says so; its link shows the other centre.
    let typed = "More peer jobs in clinics 📈";
    phone.browser.type_into("#text", typed);
    phone.mark_page();
    phone.server.hub.apply_local(vec![pick("i2")]).unwrap();
    let now = phone.wait_shown("the banner", |s| !s["banner"].is_null());
    assert_eq!(
        now["banner"]["said"],
        json!([
            "The facilitator changed what this exercise starts from — reload when you have sent this."
        ]),
        "{now:#}"
    );
    assert_eq!(now["banner"]["link"], "Show it now", "{now:#}");
    assert_eq!(now["text"], typed, "the typed answer is kept: {now:#}");
    assert_eq!(now["mark"], "before", "the page was not loaded again");
    assert_eq!(now["question"], issues[0].1, "{now:#}");
    phone.browser.click("#banner a");
    let now = phone.wait_shown("the other centre", |s| s["question"] == issues[1].1);
    assert_eq!(now["exercise"], "wheel", "{now:#}");
    assert_eq!(now["banner"], Value::Null, "{now:#}");
    assert_eq!(now["text"], typed, "the typed answer came along: {now:#}");
    assert_quiet_console(&phone.browser, "after the centre was picked");
}
