//! The HTML export in a real browser (headless Chromium): it loads with no console message and
//! makes no network request, and a screenshot of its Futures Triangle page is taken.
//!
//! Needs Chromium (Debian: `apt-get install chromium`; or set HEARTH_CHROMIUM to a browser
//! binary). Without it these tests are skipped, saying why, or fail under HEARTH_E2E=1 (as in
//! CI); HEARTH_SKIP_BROWSER=1 skips them on purpose. HEARTH_UPDATE_SCREENSHOT=1 also copies the
//! screenshot to docs/futures-triangle.png.

mod common;

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use hearth::export::{Format, Options, export};
use hearth::model::{Change, Draft, Session};
use hearth::store::load_scenario;

fn repo(path: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(path)
}

fn find_chromium() -> Option<PathBuf> {
    common::e2e::program(
        "HEARTH_CHROMIUM",
        &[
            "chromium",
            "chromium-browser",
            "google-chrome",
            "google-chrome-stable",
        ],
    )
}

/// Chromium, or `None` when the test is to be skipped (see `common::e2e::need`).
fn chromium() -> Option<PathBuf> {
    let browser = find_chromium();
    let here = common::e2e::need(
        "browser",
        browser.is_none().then(|| {
            common::e2e::missing(
                "Chromium is not installed (chromium, chromium-browser or google-chrome on PATH, \
                 or HEARTH_CHROMIUM)",
                "install Chromium (Debian: apt-get install chromium) or point HEARTH_CHROMIUM at a \
                 Chromium or Chrome binary",
            )
        }),
    );
    browser.filter(|_| here)
}

/// A futures session with answers drawn from the Visions of Opportunity 2030 write-up.
fn futures_session() -> Session {
    let scenario = load_scenario(&repo("scenarios/peer-support-futures.json")).unwrap();
    let groups = vec![
        "Table 1".to_owned(),
        "Table 2".to_owned(),
        "Table 3".to_owned(),
        "Table 4".to_owned(),
    ];
    let mut s = Session::new(
        scenario,
        "Futures of Mental Health Peer Support".into(),
        "2026-05-14".parse().ok(),
        groups,
    );
    s.event = "Peer Support Futures Day".into();
    s.facilitators = vec!["Facilitator One".into(), "Facilitator Two".into()];
    let mut add = |ex: &str, slot: &str, text: &str, group: &str, fields: &[(&str, &str)]| {
        let mut d = Draft::new(ex, slot, text).group(Some(group.to_owned()));
        for (k, v) in fields {
            d = d.field(k, v);
        }
        s.apply(&Change::Add {
            contribution: d.into_contribution(),
        })
        .unwrap();
    };
    for (slot, text, group) in [
        (
            "pull",
            "A peer support alliance where people get support, collaborate and learn from each other",
            "Table 1",
        ),
        (
            "pull",
            "Mental health systems that are peer-capable and liberating",
            "Table 2",
        ),
        (
            "pull",
            "Peer workers at every level of governance, not one PSW per team",
            "Table 3",
        ),
        ("pull", "Solidarity", "Table 4"),
        (
            "push",
            "The number of peer support workers has plateaued over the past five years",
            "Table 1",
        ),
        (
            "push",
            "Peer support recognised for neurodivergent people, physical health and students",
            "Table 2",
        ),
        (
            "push",
            "Debates about a regulatory body and certification",
            "Table 3",
        ),
        (
            "push",
            "Capitalism, patriarchy, racism, poverty: what makes us sick",
            "Table 4",
        ),
        (
            "weight",
            "Paternalism deeply rooted in the psychiatric system",
            "Table 1",
        ),
        ("weight", "“Add a PSW and stir”", "Table 2"),
        (
            "weight",
            "Professional expertise privileged over other ways of knowing",
            "Table 3",
        ),
        (
            "weight",
            "Inclusion as assimilation: “diverse faces into spaces”",
            "Table 4",
        ),
        (
            "uncertainties",
            "Regulation, a union, or an alliance?",
            "Table 1",
        ),
        (
            "uncertainties",
            "Can the goals of peer support be realized within the current mental health system?",
            "Table 2",
        ),
    ] {
        add("triangle", slot, text, group, &[]);
    }
    add(
        "scenarios",
        "title",
        "The Alliance Inside",
        "Table 1",
        &[
            ("x", "A peer support alliance"),
            ("y", "From within mainstream mental health services"),
        ],
    );
    add(
        "scenarios",
        "narrative",
        "By 2030 an alliance of peer workers\nshapes services from within.",
        "Table 1",
        &[],
    );
    add(
        "scenarios",
        "timeline",
        "Alliance founded",
        "Table 1",
        &[("year", "2027")],
    );
    add(
        "scenarios",
        "title",
        "Licensed and Absorbed",
        "Table 2",
        &[
            ("x", "A regulatory body"),
            ("y", "From within mainstream mental health services"),
        ],
    );
    add(
        "scenarios",
        "title",
        "Movement Outside",
        "Table 3",
        &[("x", "A peer support alliance"), ("y", "From outside")],
    );
    add(
        "scenarios",
        "title",
        "Certified Community Work",
        "Table 4",
        &[("x", "A regulatory body"), ("y", "From outside")],
    );
    add(
        "scenarios",
        "raised",
        "<script>alert('typed, not run')</script> & <img src=x>",
        "Table 4",
        &[],
    );
    s
}

/// Runs the browser with a time limit; returns its standard error.
fn run(browser: &Path, args: &[String], profile: &Path) -> (bool, String, String) {
    let mut child = Command::new(browser)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--hide-scrollbars",
            "--enable-logging=stderr",
            "--v=0",
        ])
        .arg(format!("--user-data-dir={}", profile.display()))
        .args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| panic!("cannot start {}: {e}", browser.display()));
    // Read the output while the browser runs: a page's DOM can outgrow the pipe's buffer.
    let read = |mut pipe: Box<dyn std::io::Read + Send>| {
        std::thread::spawn(move || {
            let mut buf = Vec::new();
            let _ = pipe.read_to_end(&mut buf);
            String::from_utf8_lossy(&buf).into_owned()
        })
    };
    let stdout = read(Box::new(child.stdout.take().unwrap()));
    let stderr = read(Box::new(child.stderr.take().unwrap()));
    let start = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if start.elapsed() > Duration::from_secs(90) {
            let _ = child.kill();
            panic!("{} did not finish within 90 s", browser.display());
        }
        std::thread::sleep(Duration::from_millis(50));
    };
    (
        status.success(),
        stdout.join().unwrap(),
        stderr.join().unwrap(),
    )
}

/// Console messages the page produced (errors, CSP violations, failed loads).
fn console_lines(stderr: &str) -> Vec<&str> {
    stderr.lines().filter(|l| l.contains(":CONSOLE")).collect()
}

/// Width and height from a PNG's header.
fn png_size(bytes: &[u8]) -> (u32, u32) {
    assert!(bytes.starts_with(b"\x89PNG\r\n\x1a\n"), "not a PNG");
    let be = |b: &[u8]| u32::from_be_bytes([b[0], b[1], b[2], b[3]]);
    (be(&bytes[16..20]), be(&bytes[20..24]))
}

#[test]
fn html_export_loads_cleanly_in_chromium_and_draws_the_triangle() {
    let Some(browser) = chromium() else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let html =
        String::from_utf8(export(&futures_session(), Format::Html, &Options::default()).unwrap())
            .unwrap();
    let page = dir.path().join("write-up.html");
    std::fs::write(&page, &html).unwrap();
    let url = format!("file://{}", page.display());

    // 1. As exported (with its Content Security Policy): a screenshot, and not one console
    //    message, so nothing was blocked or failed.
    let shot = dir.path().join("futures-triangle.png");
    let (ok, _, stderr) = run(
        &browser,
        &[
            format!("--screenshot={}", shot.display()),
            "--window-size=900,1268".into(),
            url,
        ],
        &dir.path().join("profile-1"),
    );
    assert!(ok, "the browser failed:\n{stderr}");
    assert_eq!(
        console_lines(&stderr),
        Vec::<&str>::new(),
        "console messages:\n{stderr}"
    );
    let png = std::fs::read(&shot).expect("a screenshot was written");
    assert_eq!(png_size(&png), (900, 1268));
    assert!(
        png.len() > 40_000,
        "the screenshot is nearly blank ({} bytes)",
        png.len()
    );
    if std::env::var("HEARTH_UPDATE_SCREENSHOT").as_deref() == Ok("1") {
        std::fs::copy(&shot, repo("docs/futures-triangle.png")).unwrap();
    }

    // 2. Without the policy, so that any request the page made would go out: the network log
    //    holds only the browser's own background requests, and the console stays silent.
    let open = html.replace(
        "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; img-src data:\">",
        "",
    );
    assert_ne!(open, html, "the page has no Content Security Policy");
    let open_page = dir.path().join("no-policy.html");
    std::fs::write(&open_page, &open).unwrap();
    let netlog = dir.path().join("net.json");
    let (ok, dom, stderr) = run(
        &browser,
        &[
            "--dump-dom".into(),
            format!("--log-net-log={}", netlog.display()),
            "--host-resolver-rules=MAP * ~NOTFOUND".into(),
            format!("file://{}", open_page.display()),
        ],
        &dir.path().join("profile-2"),
    );
    assert!(ok, "the browser failed:\n{stderr}");
    assert!(
        dom.contains("<h1>Futures of Mental Health Peer Support</h1>"),
        "the page did not load:\n{dom}"
    );
    assert!(
        dom.contains("&lt;script&gt;alert('typed, not run')&lt;/script&gt;"),
        "a typed script was not kept as text"
    );
    assert!(
        !dom.contains("<script") && !dom.contains("<img"),
        "typed markup became elements"
    );
    assert_eq!(
        console_lines(&stderr),
        Vec::<&str>::new(),
        "console messages:\n{stderr}"
    );
    let log = std::fs::read_to_string(&netlog).expect("a network log was written");
    let page_requests: Vec<&str> = log
        .split("\"initiator\":\"")
        .skip(1)
        .filter_map(|s| s.split('"').next())
        .filter(|i| *i != "not an origin")
        .collect();
    assert_eq!(
        page_requests,
        Vec::<&str>::new(),
        "the page made network requests"
    );
}

/// The probe's findings in a page dumped by the browser.
fn probe(dom: &str) -> serde_json::Value {
    let start = dom
        .find("<pre id=\"hearth-probe\">")
        .unwrap_or_else(|| panic!("the probe did not run:\n{dom}"))
        + "<pre id=\"hearth-probe\">".len();
    let end = start + dom[start..].find("</pre>").unwrap();
    let json = dom[start..end]
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&nbsp;", "\u{a0}")
        .replace("&amp;", "&");
    serde_json::from_str(&json).unwrap()
}

/// The differences between two lists of `[name, styles, …]`, one line each.
fn style_differences(a: &serde_json::Value, b: &serde_json::Value) -> Vec<String> {
    let (a, b) = (a.as_array().unwrap(), b.as_array().unwrap());
    let mut diffs = Vec::new();
    if a.len() != b.len() {
        diffs.push(format!("{} elements against {}", a.len(), b.len()));
    }
    for (x, y) in a.iter().zip(b) {
        if x[0] != y[0] {
            diffs.push(format!("{} against {}", x[0], y[0]));
            continue;
        }
        for part in 1..x.as_array().unwrap().len() {
            for (prop, value) in x[part].as_object().unwrap() {
                if y[part][prop] != *value {
                    diffs.push(format!(
                        "{}{} {prop}: {value} against {}",
                        x[0],
                        if part == 2 { "::before" } else { "" },
                        y[part][prop]
                    ));
                }
            }
        }
    }
    diffs
}

#[test]
fn the_fragment_in_a_hostile_site_looks_as_in_the_page_and_leaves_the_site_alone() {
    let Some(browser) = chromium() else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let session = futures_session();
    let options = Options {
        by_group: true,
        ..Options::default()
    };
    let page = String::from_utf8(export(&session, Format::Html, &options).unwrap()).unwrap();
    let fragment = String::from_utf8(
        export(
            &session,
            Format::Html,
            &Options {
                fragment: true,
                styled: true,
                ..options.clone()
            },
        )
        .unwrap(),
    )
    .unwrap();
    assert!(
        page.contains(&fragment),
        "the page is not the fragment in a page"
    );
    let script = format!(
        "<script>{}</script>\n</body>",
        std::fs::read_to_string(repo("tests/fixtures/browser/probe.js")).unwrap()
    );
    let site = std::fs::read_to_string(repo("tests/fixtures/browser/hostile-site.html")).unwrap();
    let pages = [
        // The page export, its policy left out so that the probe may run.
        page.replace(
            "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; img-src data:\">",
            "",
        )
        .replace("</body>", &script),
        site.replace("<!-- FRAGMENT -->", &fragment)
            .replace("</body>", &script),
        site.replace("</body>", &script),
    ];
    let mut probes = Vec::new();
    for (i, html) in pages.iter().enumerate() {
        let path = dir.path().join(format!("page-{i}.html"));
        std::fs::write(&path, html).unwrap();
        let (ok, dom, stderr) = run(
            &browser,
            &[
                "--dump-dom".into(),
                "--window-size=1200,2000".into(),
                format!("file://{}", path.display()),
            ],
            &dir.path().join(format!("profile-{i}")),
        );
        assert!(ok, "the browser failed:\n{stderr}");
        probes.push(probe(&dom));
    }
    let [in_page, in_site, site_alone] = [&probes[0], &probes[1], &probes[2]];
    assert!(
        in_page["fragment"].as_array().unwrap().len() > 100,
        "the probe saw too little of the write-up"
    );
    let diffs = style_differences(&in_page["fragment"], &in_site["fragment"]);
    assert!(
        diffs.is_empty(),
        "the site's stylesheet changes the write-up:\n{}",
        diffs.join("\n")
    );
    let diffs = style_differences(&site_alone["site"], &in_site["site"]);
    assert!(
        diffs.is_empty(),
        "the write-up changes the site:\n{}",
        diffs.join("\n")
    );
    for p in [in_page, in_site] {
        assert_eq!(
            p["contrast"],
            serde_json::json!([]),
            "text under 4.5:1 contrast"
        );
    }
}

/// The spacing probe's findings in a page dumped by the browser.
fn spacing(dom: &str) -> serde_json::Value {
    let start = dom
        .find("<pre id=\"hearth-spacing\">")
        .unwrap_or_else(|| panic!("the probe did not run:\n{dom}"))
        + "<pre id=\"hearth-spacing\">".len();
    let end = start + dom[start..].find("</pre>").unwrap();
    let json = dom[start..end]
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&nbsp;", "\u{a0}")
        .replace("&amp;", "&");
    serde_json::from_str(&json).unwrap()
}

/// `html` with every `<style>…</style>` taken out, as a blog that filters HTML leaves it.
fn without_styles(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(at) = rest.find("<style") {
        out.push_str(&rest[..at]);
        match rest[at..].find("</style>") {
            Some(end) => rest = &rest[at + end + "</style>".len()..],
            None => rest = "",
        }
    }
    out.push_str(rest);
    out
}

#[test]
fn the_plain_fragment_reads_right_without_styles_and_takes_the_host_pages_fonts() {
    let Some(browser) = chromium() else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let (example, _) =
        hearth::store::read_session(&repo("sessions/example-dreaming-together.json")).unwrap();
    let every = Options {
        fragment: true,
        by_group: true,
        include_hidden: true,
        with_plan: true,
        ..Options::default()
    };
    let fragment = |s: &Session, styled: bool| {
        String::from_utf8(
            export(
                s,
                Format::Html,
                &Options {
                    styled,
                    ..every.clone()
                },
            )
            .unwrap(),
        )
        .unwrap()
    };
    let script = format!(
        "<script>{}</script>\n</body>",
        std::fs::read_to_string(repo("tests/fixtures/browser/spacing.js")).unwrap()
    );
    let bare = |article: &str| {
        format!(
            "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>t</title></head>\n<body>\n{article}\n</body></html>\n"
        )
    };
    let host = |article: &str| {
        format!(
            "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>A blog</title>\n<style>body{{font-family:\"Host Blog Serif\",monospace;max-width:720px;margin:2em auto}}</style></head>\n<body>\n<p>A post before the write-up.</p>\n{article}\n</body></html>\n"
        )
    };
    let futures = futures_session();
    // A series of the two as one post: its fragment goes through the same checks.
    let mut series = hearth::model::series::Series::new("A series", "Two sessions, one post.");
    for file in ["futures.json", "example.json"] {
        series.sessions.push(hearth::model::series::SeriesSession {
            file: file.into(),
            date: None,
        });
    }
    let series_fragment = String::from_utf8(
        hearth::export::export_series(
            &series,
            &[futures.clone(), example.clone()],
            Format::Html,
            &every,
        )
        .unwrap(),
    )
    .unwrap();
    let pages = [
        (
            "futures-stripped",
            bare(&without_styles(&fragment(&futures, false))),
        ),
        (
            "example-stripped",
            bare(&without_styles(&fragment(&example, false))),
        ),
        ("futures-host", host(&fragment(&futures, false))),
        ("futures-host-styled", host(&fragment(&futures, true))),
        ("series-stripped", bare(&without_styles(&series_fragment))),
        ("series-host", host(&series_fragment)),
    ];
    let mut found = Vec::new();
    for (name, html) in &pages {
        let path = dir.path().join(format!("{name}.html"));
        std::fs::write(&path, html.replace("</body>", &script)).unwrap();
        let (ok, dom, stderr) = run(
            &browser,
            &[
                "--dump-dom".into(),
                "--window-size=900,2000".into(),
                format!("file://{}", path.display()),
            ],
            &dir.path().join(format!("profile-{name}")),
        );
        assert!(ok, "the browser failed:\n{stderr}");
        found.push(spacing(&dom));
    }
    for (i, (name, _)) in pages.iter().enumerate() {
        if *name == "futures-host-styled" {
            continue;
        }
        let p = &found[i];
        assert!(
            p["texts"].as_u64().unwrap() > 40,
            "{name}: the probe saw too little of the write-up"
        );
        assert_eq!(
            p["touching"],
            serde_json::json!([]),
            "{name}: texts run together with no style:\n{}",
            p["text"].as_str().unwrap()
        );
    }
    let text = found[0]["text"].as_str().unwrap();
    for words in ["1. ", "Table 1: "] {
        assert!(
            text.contains(words),
            "{words:?} is not in the text:\n{text}"
        );
    }
    // In a host page, every heading of the plain fragment is in the host's font; the styled
    // fragment keeps its own.
    let (plain, styled) = (&found[2], &found[3]);
    for page in [plain, &found[5]] {
        assert!(page["body"].as_str().unwrap().contains("Host Blog Serif"));
        let headings = page["headings"].as_array().unwrap();
        assert!(headings.len() > 5, "too few headings: {headings:?}");
        for h in headings {
            assert_eq!(h[1], page["body"], "{} is not in the host's font", h[0]);
        }
    }
    for h in styled["headings"].as_array().unwrap() {
        assert_ne!(
            h[1], styled["body"],
            "{} is in the host's font with --styled",
            h[0]
        );
    }

    // A screenshot of the plain fragment in the host page (HEARTH_KEEP_SCREENSHOT=FILE keeps it).
    let shot = dir.path().join("plain-fragment.png");
    let host_page = dir.path().join("host.html");
    std::fs::write(&host_page, &pages[2].1).unwrap();
    let (ok, _, stderr) = run(
        &browser,
        &[
            format!("--screenshot={}", shot.display()),
            "--window-size=900,1800".into(),
            format!("file://{}", host_page.display()),
        ],
        &dir.path().join("profile-shot"),
    );
    assert!(ok, "the browser failed:\n{stderr}");
    assert!(
        std::fs::read(&shot).unwrap().len() > 20_000,
        "a blank screenshot"
    );
    if let Some(keep) = std::env::var_os("HEARTH_KEEP_SCREENSHOT") {
        std::fs::copy(&shot, keep).unwrap();
    }
}
