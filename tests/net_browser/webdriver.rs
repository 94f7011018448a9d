//! Chromium through chromedriver's WebDriver API, over a minimal blocking HTTP/1.1 client.

use super::*;

// ---- a minimal blocking HTTP/1.1 client (for chromedriver) ----

pub(crate) fn http(port: u16, method: &str, path: &str, body: Option<&Value>) -> (u16, Value) {
    http_result(port, method, path, body, "")
        .unwrap_or_else(|e| panic!("{method} {path}: no answer from chromedriver: {e}"))
}

/// One request; `headers` are extra header lines, each ending in CRLF.
pub(crate) fn http_result(
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

pub(crate) fn base64_decode(text: &str) -> Vec<u8> {
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

pub(crate) fn png_size(bytes: &[u8]) -> (u32, u32) {
    assert!(bytes.starts_with(b"\x89PNG\r\n\x1a\n"), "not a PNG");
    let be = |b: &[u8]| u32::from_be_bytes([b[0], b[1], b[2], b[3]]);
    (be(&bytes[16..20]), be(&bytes[20..24]))
}

// ---- WebDriver ----

pub(crate) const ELEMENT: &str = "element-6066-11e4-a52e-4f735466cecf";

pub(crate) struct Browser {
    port: u16,
    session: String,
}

impl Browser {
    pub(crate) fn open(port: u16, chromium: &Path, profile: &Path, javascript: bool) -> Browser {
        Browser::open_with(port, chromium, profile, javascript, true)
    }

    /// A phone-sized window with a touch screen (`touch`), or with a mouse.
    pub(crate) fn open_with(
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

    pub(crate) fn cmd(&self, method: &str, path: &str, body: Option<Value>) -> Value {
        let full = format!("/session/{}{path}", self.session);
        let (status, reply) = http(self.port, method, &full, body.as_ref());
        assert_eq!(status, 200, "{method} {path} failed: {reply}");
        reply["value"].clone()
    }

    pub(crate) fn go(&self, url: &str) {
        self.cmd("POST", "/url", Some(json!({ "url": url })));
    }

    pub(crate) fn url(&self) -> String {
        self.cmd("GET", "/url", None)
            .as_str()
            .unwrap_or_default()
            .to_owned()
    }

    pub(crate) fn source(&self) -> String {
        self.cmd("GET", "/source", None)
            .as_str()
            .unwrap_or_default()
            .to_owned()
    }

    pub(crate) fn try_find(&self, css: &str) -> Option<String> {
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

    pub(crate) fn find(&self, css: &str) -> String {
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

    pub(crate) fn find_all(&self, css: &str) -> Vec<String> {
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
    pub(crate) fn cdp(&self, command: &str, params: Value) -> Value {
        self.cmd(
            "POST",
            "/goog/cdp/execute",
            Some(json!({"cmd": command, "params": params})),
        )
    }

    pub(crate) fn node(&self, css: &str) -> Value {
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
    pub(crate) fn click(&self, css: &str) {
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
    pub(crate) fn tap(&self, css: &str) {
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
    pub(crate) fn property(&self, element: &str, name: &str) -> Value {
        self.cmd("GET", &format!("/element/{element}/property/{name}"), None)
    }

    /// Where an element is on the page and how big, in CSS pixels: (x, y, width, height).
    pub(crate) fn rect(&self, element: &str) -> (f64, f64, f64, f64) {
        let r = self.cmd("GET", &format!("/element/{element}/rect"), None);
        let n = |k: &str| r[k].as_f64().unwrap_or(f64::NAN);
        (n("x"), n("y"), n("width"), n("height"))
    }

    pub(crate) fn displayed(&self, element: &str) -> bool {
        self.cmd("GET", &format!("/element/{element}/displayed"), None) == json!(true)
    }

    pub(crate) fn key(&self, key: &str, code: u32, text: &str) {
        for kind in ["keyDown", "keyUp"] {
            let mut event =
                json!({"type": kind, "key": key, "code": key, "windowsVirtualKeyCode": code});
            if kind == "keyDown" && !text.is_empty() {
                event["text"] = json!(text);
            }
            self.cdp("Input.dispatchKeyEvent", event);
        }
    }

    pub(crate) fn text(&self, element: &str) -> String {
        self.cmd("GET", &format!("/element/{element}/text"), None)
            .as_str()
            .unwrap_or_default()
            .to_owned()
    }

    /// The text, or None when the element has gone (a new page is loading).
    pub(crate) fn try_text(&self, element: &str) -> Option<String> {
        let path = format!("/session/{}/element/{element}/text", self.session);
        let (status, reply) = http(self.port, "GET", &path, None);
        (status == 200)
            .then(|| reply["value"].as_str().map(str::to_owned))
            .flatten()
    }

    pub(crate) fn attribute(&self, element: &str, name: &str) -> Option<String> {
        self.cmd("GET", &format!("/element/{element}/attribute/{name}"), None)
            .as_str()
            .map(str::to_owned)
    }

    /// Types `text` into the element matching `css` as an input method would: any Unicode
    /// (WebDriver's own typing stops at the Basic Multilingual Plane, so no emoji), and Enter
    /// for a line break.
    pub(crate) fn type_into(&self, css: &str, text: &str) {
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
    pub(crate) fn script(&self, script: &str) -> Value {
        self.cmd(
            "POST",
            "/execute/sync",
            Some(json!({"script": script, "args": []})),
        )
    }

    pub(crate) fn screenshot(&self, to: &Path) -> Vec<u8> {
        let png = base64_decode(self.cmd("GET", "/screenshot", None).as_str().unwrap_or(""));
        std::fs::write(to, &png).unwrap();
        png
    }

    /// The browser console since the last call.
    pub(crate) fn console(&self) -> Vec<Value> {
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
pub(crate) fn console_messages(browser: &Browser) -> Vec<Value> {
    browser
        .console()
        .into_iter()
        .filter(|e| e["level"] != "INFO" && e["level"] != "DEBUG")
        .collect()
}

pub(crate) fn assert_quiet_console(browser: &Browser, when: &str) {
    let problems = console_messages(browser);
    assert!(
        problems.is_empty(),
        "console messages {when}: {problems:#?}"
    );
}

/// The console holds only the report of a refusal we asked for (the page came with `status`).
pub(crate) fn assert_only_refusal(browser: &Browser, path: &str, status: u16) {
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
