//! Series: four sessions of the webinar plan written up as one post, each answer under its own
//! session; a series file survives a kill mid-write; a broken series file gets a clear error.

mod common;

use std::path::{Path, PathBuf};

use common::run_hearth;
use hearth::export::{Format, Options, export_series};
use hearth::model::series::Series;
use hearth::model::{Change, Draft, Session};
use hearth::store::{
    SessionStore, add_session, create_series, create_session, load_scenario, load_series,
    read_session,
};

fn plan() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios/webinar-series.json")
}

/// Adds contributions through the store (journaled like any capture); returns their ids.
fn capture(path: &Path, items: &[(&str, &str, &str, Option<&str>)]) -> Vec<String> {
    let (mut store, _) = SessionStore::open(path).unwrap();
    let mut ids = Vec::new();
    for (exercise, slot, text, link) in items {
        let mut d = Draft::new(*exercise, *slot, text);
        if let Some(l) = link {
            d = d.field("link", l);
        }
        let c = d.into_contribution();
        ids.push(c.id.clone());
        store.apply(Change::Add { contribution: c }).unwrap();
    }
    store.close().unwrap();
    ids
}

fn hide(path: &Path, id: &str) {
    let (mut store, _) = SessionStore::open(path).unwrap();
    store
        .apply(Change::SetHidden {
            id: id.into(),
            hidden: true,
        })
        .unwrap();
    store.close().unwrap();
}

/// Each week's key point, taken from the seed's synopsis of that session.
const POINTS: [&str; 4] = [
    "Peer support is a supportive relationship grounded in the principles of mutuality, empathy, and connection.",
    "One of the most important things to consider when integrating peer support into an otherwise clinical team is having a clear job description",
    "The mantra “Nothing About Us Without Us” came from the Disability Movement",
    "The province of BC funded the development of the 16-module online peer support training program.",
];

/// Builds the four-session series in `dir`; returns the series path.
fn four_sessions(dir: &Path) -> PathBuf {
    let series = create_series(
        dir,
        &Series::new(
            "Establishing Peer Support Services within Your Organization",
            "Here is a synopsis of sessions as well as resources you can use.",
        ),
    )
    .unwrap();
    let scenario = load_scenario(&plan()).unwrap();
    for (week, point) in POINTS.iter().enumerate() {
        let date = format!("2023-0{}-01", week + 2).parse().ok();
        let mut s = Session::new(
            scenario.clone(),
            format!("Week {}", week + 1),
            date,
            Vec::new(),
        );
        s.facilitators = vec!["Jenn Cusick".into()];
        let path = create_session(dir, &s).unwrap();
        let ex = format!("session-{}", week + 1);
        let ids = capture(
            &path,
            &[
                (&ex, "key_points", point, None),
                (
                    &ex,
                    "key_points",
                    &format!("SECRET off the record, week {}", week + 1),
                    None,
                ),
                (&ex, "resources", "Peer Support Standards of Practice", None),
                (
                    &ex,
                    "resources",
                    "PAN Peer Resources page",
                    Some("https://example.org/pan"),
                ),
                (
                    &ex,
                    "resources",
                    "How to pay peers",
                    Some("this document from the BCCDC"),
                ),
                (&ex, "resources", "A script", Some("javascript:alert(1)")),
            ],
        );
        hide(&path, &ids[1]);
        add_session(&series, &path).unwrap();
    }
    series
}

#[test]
fn a_four_session_series_is_written_up_in_order_each_answer_under_its_session() {
    let dir = tempfile::tempdir().unwrap();
    let series = four_sessions(dir.path());
    assert_eq!(load_series(&series).unwrap().sessions.len(), 4);

    let rel = series.strip_prefix(dir.path()).unwrap().to_str().unwrap();
    for format in ["md", "txt", "html"] {
        let out = run_hearth(dir.path(), &["export", rel, "-f", format], None);
        assert_eq!(
            out.status.code(),
            Some(0),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let doc = String::from_utf8(out.stdout).unwrap();
        assert!(
            !doc.contains("SECRET"),
            "{format}: hidden answers are absent"
        );
        let starts: Vec<usize> = (1..=4)
            .map(|w| {
                doc.find(&format!("Week {w}"))
                    .unwrap_or_else(|| panic!("{format}: week {w}"))
            })
            .collect();
        assert!(
            starts.windows(2).all(|p| p[0] < p[1]),
            "{format}: sessions in order"
        );
        for (week, point) in POINTS.iter().enumerate() {
            let at = doc
                .find(point)
                .unwrap_or_else(|| panic!("{format}: {point}"));
            let end = starts.get(week + 1).copied().unwrap_or(doc.len());
            assert!(
                starts[week] < at && at < end,
                "{format}: week {}'s answer is under its own session",
                week + 1
            );
        }
        // Only each week's own exercise is shown under it.
        assert_eq!(
            doc.matches("In session 2 we looked at the infrastructure")
                .count(),
            1
        );
    }
    let md = String::from_utf8(
        run_hearth(dir.path(), &["series", "export", rel, "-f", "md"], None).stdout,
    )
    .unwrap();
    assert!(md.starts_with(
        "# Establishing Peer Support Services within Your Organization\n\nHere is a synopsis"
    ));
    assert!(md.contains("\n## Week 1\n"), "{md}");
    assert!(md.contains("\n### Session 1 gave us a definition"), "{md}");
    assert!(
        md.contains("- [PAN Peer Resources page](https://example.org/pan)"),
        "{md}"
    );
    assert!(
        md.contains("- Peer Support Standards of Practice\n"),
        "{md}"
    );
    // A link that is not a web address is shown as text, never made a link.
    assert!(
        md.contains("- How to pay peers — this document from the BCCDC\n"),
        "{md}"
    );
    assert!(md.contains("- A script — javascript:alert(1)\n"), "{md}");
    assert!(
        !md.contains("](javascript") && !md.contains("](this"),
        "{md}"
    );
    let html = String::from_utf8(
        run_hearth(dir.path(), &["series", "export", rel, "-f", "html"], None).stdout,
    )
    .unwrap();
    assert_eq!(
        html.matches("<a class=\"t\" href=").count(),
        4,
        "one link per session"
    );
    assert!(!html.contains("href=\"javascript"));

    // CSV and JSON carry every on-the-record answer with its session, and no hidden one.
    let loaded = load_series(&series).unwrap();
    let sessions: Vec<Session> = loaded
        .sessions
        .iter()
        .map(|e| read_session(&dir.path().join(&e.file)).unwrap().0)
        .collect();
    let o = Options::default();
    let csv =
        String::from_utf8(export_series(&loaded, &sessions, Format::Csv, &o).unwrap()).unwrap();
    assert!(csv.starts_with("part,date,session,"));
    assert_eq!(csv.lines().count(), 1 + 4 * 5);
    assert!(!csv.contains("SECRET"));
    for (week, point) in POINTS.iter().enumerate() {
        assert!(csv.contains(&format!(
            "{},2023-0{}-01,Week {}",
            week + 1,
            week + 2,
            week + 1
        )));
        assert!(csv.contains(point));
    }
    let json: serde_json::Value =
        serde_json::from_slice(&export_series(&loaded, &sessions, Format::Json, &o).unwrap())
            .unwrap();
    for (week, point) in POINTS.iter().enumerate() {
        assert_eq!(json["sessions"][week]["contributions"][0]["text"], *point);
    }
    assert!(!json.to_string().contains("SECRET"));

    // A session's own write-up leaves out the exercises nobody answered, as the series does;
    // with --include-empty it has every exercise of the plan.
    let one = run_hearth(
        dir.path(),
        &["export", &loaded.sessions[0].file, "-f", "md"],
        None,
    );
    let one = String::from_utf8(one.stdout).unwrap();
    assert!(one.starts_with("# Week 1\n"));
    assert!(!one.contains("## In week four we covered"), "{one}");
    let all = run_hearth(
        dir.path(),
        &[
            "export",
            &loaded.sessions[0].file,
            "-f",
            "md",
            "--include-empty",
        ],
        None,
    );
    let all = String::from_utf8(all.stdout).unwrap();
    assert!(all.contains("## In week four we covered"), "{all}");
    // And so does the series with --include-empty: each part has every exercise.
    let series = run_hearth(
        dir.path(),
        &["series", "export", rel, "-f", "md", "--include-empty"],
        None,
    );
    let series = String::from_utf8(series.stdout).unwrap();
    assert_eq!(
        series.matches("In week four we covered").count(),
        4,
        "{series}"
    );
}

#[test]
fn the_next_session_carries_forward_groups_facilitators_event_and_mode() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let out = run_hearth(d, &["series", "new", "Book club", "--dir", "s"], None);
    let series = String::from_utf8(out.stdout).unwrap().trim().to_owned();
    let out = run_hearth(d, &["series", "next", &series], None);
    assert_eq!(out.status.code(), Some(2), "no plan yet");
    let p = plan();
    let first = run_hearth(
        d,
        &[
            "new",
            p.to_str().unwrap(),
            "--dir",
            "s",
            "--date",
            "2024-04-08",
            "--mode",
            "online",
            "--event",
            "Peer book club",
            "--facilitator",
            "Ana",
            "--groups",
            "Room A,Room B",
        ],
        None,
    );
    let first = String::from_utf8(first.stdout).unwrap().trim().to_owned();
    assert_eq!(
        run_hearth(d, &["series", "add", &series, &first], None)
            .status
            .code(),
        Some(0)
    );
    let out = run_hearth(d, &["series", "add", &series, &first], None);
    assert_eq!(out.status.code(), Some(2), "a session is in a series once");
    let out = run_hearth(
        d,
        &["series", "next", &series, "--date", "2024-04-22"],
        None,
    );
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let next = String::from_utf8(out.stdout).unwrap().trim().to_owned();
    let (s, _) = read_session(&d.join(&next)).unwrap();
    assert_eq!(s.groups, ["Room A", "Room B"]);
    assert_eq!(s.facilitators, ["Ana"]);
    assert_eq!(s.event, "Peer book club");
    assert_eq!(s.mode, hearth::model::Mode::Online);
    assert_eq!(s.date, "2024-04-22".parse().ok());
    let show = run_hearth(d, &["series", "show", &series], None);
    let show = String::from_utf8(show.stdout).unwrap();
    assert!(
        show.contains("1. 2024-04-08") && show.contains("2. 2024-04-22"),
        "{show}"
    );
}

/// Kills `hearth series next` at varied moments: the series file always parses, keeps every
/// session it had, and every session it names can be read.
#[cfg(unix)]
#[test]
fn sigkill_while_starting_the_next_session_leaves_the_series_valid_and_loses_no_session() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let series = four_sessions(d);
    let mut had = load_series(&series).unwrap().sessions;
    // Kills at ever later moments: from before anything is written to after a whole run. On a
    // loaded machine a run takes longer, so the rounds go on (up to 200) until a few finished.
    for round in 0..200u64 {
        if round >= 24 && had.len() >= 7 {
            break;
        }
        let mut child = common::hearth()
            .args([
                "series",
                "next",
                series.to_str().unwrap(),
                "--date",
                "2023-09-01",
            ])
            .current_dir(d)
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(std::time::Duration::from_micros(
            round * round.min(24) * 60 + round * 700,
        ));
        let _ = child.kill(); // SIGKILL
        let _ = child.wait();
        let now = load_series(&series).unwrap_or_else(|e| panic!("round {round}: {e}"));
        assert!(
            now.sessions.len() >= had.len(),
            "round {round}: a session was lost"
        );
        assert_eq!(now.sessions[..had.len()], had[..], "round {round}");
        for e in &now.sessions {
            read_session(&d.join(&e.file)).unwrap_or_else(|err| panic!("round {round}: {err}"));
        }
        had = now.sessions;
    }
    assert!(
        had.len() > 4,
        "some runs finished: the kill test exercised real writes"
    );
}

#[test]
fn a_broken_series_file_gets_a_clear_error_with_line_and_column_and_exit_2() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let cases: [(&str, &str, &str); 5] = [
        (
            "cut.series.json",
            "{\n  \"format\": \"hearth-series/1\",\n  \"title\": \"X\",\n  \"sessions\": [",
            "cut.series.json:4:",
        ),
        (
            "type.series.json",
            "{\n  \"format\": \"hearth-series/1\",\n  \"title\": \"X\",\n  \"sessions\": [{\"file\": 3}]\n}",
            "type.series.json:4:",
        ),
        (
            "blank.series.json",
            "{\n  \"format\": \"hearth-series/1\",\n  \"title\": \" \"\n}",
            "blank.series.json:3:",
        ),
        (
            "future.series.json",
            "{\n  \"format\": \"hearth-series/9\",\n  \"title\": \"X\"\n}",
            "future.series.json:2:",
        ),
        (
            "dup.series.json",
            "{\n  \"format\": \"hearth-series/1\",\n  \"title\": \"X\",\n  \"sessions\": [\n    {\"file\": \"a.json\"},\n    {\"file\": \"a.json\"}\n  ]\n}",
            "dup.series.json:6:",
        ),
    ];
    for (name, text, expected) in cases {
        std::fs::write(d.join(name), text).unwrap();
        for args in [
            vec!["series", "show", name],
            vec!["export", name, "-f", "md"],
            vec!["series", "add", name, "nothing.json"],
        ] {
            let out = run_hearth(d, &args, None);
            let err = String::from_utf8_lossy(&out.stderr);
            assert_eq!(out.status.code(), Some(2), "{args:?}: {err}");
            assert!(err.contains(expected), "{args:?}: {err}");
            assert!(!err.contains("panicked"), "{err}");
        }
        assert_eq!(
            std::fs::read_to_string(d.join(name)).unwrap(),
            text,
            "nothing written"
        );
    }
}

/// `hearth show` prints a notes segment's topic and a role-clarity grid's question, as the
/// write-ups and the API do.
#[test]
fn show_prints_the_topic_of_a_notes_segment() {
    let dir = tempfile::tempdir().unwrap();
    let plan = dir.path().join("plan.json");
    std::fs::write(
        &plan,
        r#"{"format": "hearth-scenario/1", "id": "notes-plan", "title": "Webinar", "agenda": [
            {"id": "s1", "title": "Session one", "kind": "notes",
             "topic": "What peer support is, and what it is not"}]}"#,
    )
    .unwrap();
    let made = common::run_hearth(
        dir.path(),
        &[
            "new",
            plan.to_str().unwrap(),
            "--title",
            "Webinar one",
            "--dir",
            ".",
        ],
        None,
    );
    assert!(
        made.status.success(),
        "{}",
        String::from_utf8_lossy(&made.stderr)
    );
    let session = String::from_utf8(made.stdout).unwrap();
    let shown = common::run_hearth(dir.path(), &["show", session.trim()], None);
    let text = String::from_utf8_lossy(&shown.stdout);
    assert!(
        text.contains("Topic: What peer support is, and what it is not"),
        "{text}"
    );
}

/// Runs hearth in `home` with `HEARTH_HOME` set to it, so a bare name means `home/sessions/`.
fn hearth_at_home(home: &Path, args: &[&str]) -> String {
    let out = common::hearth()
        .args(args)
        .current_dir(home)
        .env("HEARTH_HOME", home)
        .stdin(std::process::Stdio::null())
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "hearth {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

/// The file's name less `suffix`: the bare name hearth takes for it.
fn bare(path: &str, suffix: &str) -> String {
    let name = Path::new(path.trim())
        .file_name()
        .unwrap()
        .to_str()
        .unwrap();
    name.strip_suffix(suffix).unwrap().to_owned()
}

/// Every `series` command takes a series by its bare name; `series next` opens the new session
/// at the exercise after the last one answered in the previous session (week 2 answered, with a
/// withdrawn answer in week 3 that does not count: week 3 is next), and opening it goes there.
#[test]
fn series_commands_take_bare_names_and_next_opens_after_the_last_answered_exercise() {
    let dir = tempfile::tempdir().unwrap();
    let home = dir.path();
    std::fs::create_dir(home.join("sessions")).unwrap();
    let series = hearth_at_home(home, &["series", "new", "Webinar series"]);
    let series = bare(&series, ".series.json");
    let p = plan();
    let first = hearth_at_home(home, &["new", p.to_str().unwrap(), "--title", "Week one"]);
    let first_path = home.join(first.trim());
    let first = bare(&first, ".json");
    let ids = capture(
        &first_path,
        &[
            ("session-1", "key_points", POINTS[0], None),
            ("session-2", "key_points", POINTS[1], None),
            ("session-3", "key_points", "said and taken back", None),
        ],
    );
    let (mut store, _) = SessionStore::open(&first_path).unwrap();
    store
        .apply(Change::Withdraw {
            id: ids[2].clone(),
            at: jiff::Timestamp::now(),
        })
        .unwrap();
    store.close().unwrap();
    hearth_at_home(home, &["series", "add", &series, &first]);
    let next = hearth_at_home(home, &["series", "next", &series]);
    let next_path = home.join(next.trim());
    let place: hearth::model::Unsaved = hearth::store::drafts::read_unsaved(&next_path)
        .unwrap()
        .expect("a place to open at");
    assert_eq!(
        (place.entry.exercise.as_str(), place.entry.slot.as_str()),
        ("session-3", "key_points")
    );
    assert!(!place.has_text());
    let (session, _) = read_session(&next_path).unwrap();
    let mut run = hearth::tui::state::Run::new(next_path.clone(), session);
    run.restore(&place);
    assert_eq!(run.exercise, 2, "opening the session goes to week 3");
    let shown = hearth_at_home(home, &["series", "show", &series]);
    assert!(shown.contains("1. ") && shown.contains("2. "), "{shown}");
    let written = hearth_at_home(home, &["series", "export", &series, "-f", "md"]);
    assert!(written.contains(POINTS[1]), "{written}");
    let listed = hearth_at_home(home, &["series", "list"]);
    assert!(listed.contains(&series), "{listed}");
}

/// The session after one whose last answered exercise ends the plan, or one with no answers,
/// opens at the first exercise: no place is kept.
#[test]
fn next_after_the_last_exercise_or_no_answers_opens_at_the_first() {
    use hearth::model::series::{next_session, resume_at};
    let scenario = load_scenario(&plan()).unwrap();
    let mut s = Session::new(scenario.clone(), "Week".into(), None, Vec::new());
    assert_eq!(resume_at(&s, &scenario), None);
    for ex in ["session-1", "session-4"] {
        let c = Draft::new(ex, "key_points", "a point").into_contribution();
        s.apply(&Change::Add { contribution: c }).unwrap();
    }
    assert_eq!(resume_at(&s, &scenario), None);
    let other = next_session(&s, scenario, "Next".into(), None);
    assert!(other.contributions().is_empty());
}
