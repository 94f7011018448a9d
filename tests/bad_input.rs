//! Broken input never panics, never writes, and gets a clear error with exit code 2 that names
//! the file (and the line and column where there is one).

mod common;

use std::path::Path;

fn valid_session_text(dir: &Path) -> String {
    let path = common::new_session(dir);
    let text = std::fs::read_to_string(&path).unwrap();
    std::fs::remove_file(&path).unwrap();
    std::fs::remove_file(path.with_extension("journal")).unwrap();
    text
}

fn scenario_text() -> String {
    std::fs::read_to_string(common::fixture("all-kinds.json")).unwrap()
}

/// (name, file contents, words the error must contain).
fn corpus(session: &str, scenario: &str) -> Vec<(&'static str, Vec<u8>, Vec<&'static str>)> {
    let half = session.len() / 2;
    let ten_mb = "x".repeat(10 * 1024 * 1024);
    let first_id = {
        let v: serde_json::Value = serde_json::from_str(scenario).unwrap();
        v["agenda"][0]["id"].as_str().unwrap().to_owned()
    };
    let contribution = r#"{"id":"c1","exercise":"round","slot":"sick","text":"TEXT","created":"2026-11-22T10:00:00Z"}"#;
    let with_contributions = |items: &[String]| {
        session.replace(
            "\"contributions\": []",
            &format!("\"contributions\": [{}]", items.join(",")),
        )
    };
    vec![
        (
            "truncated session",
            session.as_bytes()[..half].to_vec(),
            vec!["ends too early"],
        ),
        (
            "truncated scenario",
            scenario.as_bytes()[..scenario.len() / 3].to_vec(),
            vec!["ends too early"],
        ),
        (
            "wrong type",
            session
                .replacen("\"title\": \"Test session\"", "\"title\": 5", 1)
                .into_bytes(),
            vec!["title", "must be text"],
        ),
        (
            "unknown kind",
            scenario
                .replacen(
                    "\"kind\": \"checklist\"",
                    "\"kind\": \"brainstorm_party\"",
                    1,
                )
                .into_bytes(),
            vec!["brainstorm_party", "prompt_round"],
        ),
        (
            "duplicate exercise ids",
            scenario
                .replacen(
                    "\"id\": \"triangle\"",
                    &format!("\"id\": \"{first_id}\""),
                    1,
                )
                .into_bytes(),
            vec!["duplicate id"],
        ),
        (
            "duplicate contribution ids",
            with_contributions(&[
                contribution.replace("TEXT", "a"),
                contribution.replace("TEXT", "b"),
            ])
            .into_bytes(),
            vec!["duplicate contribution id"],
        ),
        (
            "10 MB contribution",
            with_contributions(&[contribution.replace("TEXT", &ten_mb)]).into_bytes(),
            vec!["1 MiB"],
        ),
        (
            "10 MB title",
            scenario
                .replacen("Every exercise kind", &ten_mb, 1)
                .into_bytes(),
            vec!["title", "at most"],
        ),
        (
            "invalid UTF-8",
            session
                .replacen("Test session", "Test \u{0}\u{0}", 1)
                .replace('\u{0}', "\u{1}")
                .into_bytes()
                .iter()
                .map(|&b| if b == 1 { 0xff } else { b })
                .collect(),
            vec!["UTF-8"],
        ),
        (
            "deeply nested arrays",
            format!("{}{}", "[".repeat(100_000), "]".repeat(100_000)).into_bytes(),
            vec!["not a hearth"],
        ),
        (
            "deeply nested arrays in a session",
            session
                .replacen(
                    "\"groups\": [",
                    &format!(
                        "\"groups\": [{}{},",
                        "[".repeat(100_000),
                        "]".repeat(100_000)
                    ),
                    1,
                )
                .into_bytes(),
            vec!["groups", "must be text"],
        ),
        ("empty file", Vec::new(), vec!["empty"]),
        ("only white space", b"  \n\t ".to_vec(), vec!["empty"]),
        (
            "newer format",
            session
                .replacen("hearth-session/1", "hearth-session/2", 1)
                .into_bytes(),
            vec!["newer hearth"],
        ),
        (
            "not hearth",
            b"{\"hello\": \"world\"}".to_vec(),
            vec!["not a hearth"],
        ),
        (
            "binary noise",
            (0..4096u32)
                .map(|i| (i.wrapping_mul(2654435761) >> 13) as u8)
                .collect(),
            vec![":"],
        ),
    ]
}

#[test]
fn every_broken_file_gets_a_clear_error_exit_2_and_nothing_written() {
    let dir = tempfile::tempdir().unwrap();
    let session = valid_session_text(dir.path());
    let scenario = scenario_text();
    for (name, bytes, words) in corpus(&session, &scenario) {
        let case = tempfile::tempdir().unwrap();
        let file = case.path().join("case.json");
        std::fs::write(&file, &bytes).unwrap();
        let before = common::tree(case.path());
        let commands: [&[&str]; 5] = [
            &["validate", "case.json"],
            &["show", "case.json"],
            &[
                "add",
                "case.json",
                "--exercise",
                "round",
                "--slot",
                "sick",
                "--text",
                "hi",
            ],
            &["edit", "case.json", "c1", "--hide"],
            &["new", "case.json", "--dir", "out"],
        ];
        for args in commands {
            let out = common::run_hearth(case.path(), args, None);
            let err = String::from_utf8_lossy(&out.stderr);
            assert_eq!(
                out.status.code(),
                Some(2),
                "{name}: `hearth {}` exit code; stderr: {err}",
                args.join(" ")
            );
            assert!(!err.contains("panicked"), "{name}: {err}");
            assert!(
                err.contains("case.json"),
                "{name}: the error names the file: {err}"
            );
            if args[0] == "validate" {
                for w in &words {
                    assert!(
                        err.contains(w),
                        "{name}: expected \"{w}\" in: {}",
                        err.chars().take(500).collect::<String>()
                    );
                }
            }
            assert_eq!(
                common::tree(case.path()),
                before,
                "{name}: `hearth {}` wrote something",
                args.join(" ")
            );
        }
    }
}

#[test]
fn syntax_errors_name_line_and_column() {
    let case = tempfile::tempdir().unwrap();
    std::fs::write(
        case.path().join("s.json"),
        "{\n  \"format\": \"hearth-scenario/1\",\n  \"id\": oops\n}\n",
    )
    .unwrap();
    let out = common::run_hearth(case.path(), &["validate", "s.json"], None);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.starts_with("s.json:3:9: "), "{err}");
}

#[test]
fn validation_problems_point_at_the_offending_value() {
    let case = tempfile::tempdir().unwrap();
    let text = scenario_text().replacen("\"id\": \"sick\"", "\"id\": \"has space\"", 1);
    std::fs::write(case.path().join("s.json"), &text).unwrap();
    let out = common::run_hearth(case.path(), &["validate", "s.json"], None);
    let err = String::from_utf8_lossy(&out.stderr);
    let line = text.lines().position(|l| l.contains("has space")).unwrap() + 1;
    assert!(err.contains(&format!("s.json:{line}:")), "{err}");
    assert!(
        err.contains("exercise 1 “Consciousness raising”, questions 1, id: "),
        "{err}"
    );
}

#[test]
fn a_directory_or_a_missing_file_is_a_clear_error() {
    let case = tempfile::tempdir().unwrap();
    std::fs::create_dir(case.path().join("dir.json")).unwrap();
    std::fs::write(case.path().join("dir.journal"), "").unwrap();
    let before = common::tree(case.path());
    for args in [
        &["validate", "dir.json"][..],
        &["show", "dir.json"],
        &[
            "add",
            "dir.json",
            "--exercise",
            "a",
            "--slot",
            "b",
            "--text",
            "c",
        ],
        &["new", "dir.json"],
    ] {
        let out = common::run_hearth(case.path(), args, None);
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {err}");
        assert!(
            err.contains("dir.json") && err.contains("directory"),
            "{err}"
        );
    }
    let out = common::run_hearth(case.path(), &["show", "missing.json"], None);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("missing.json: no such file"));
    assert_eq!(common::tree(case.path()), before);
}

#[test]
fn rejected_contributions_leave_the_session_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let path = common::new_session(dir.path());
    let p = path.to_str().unwrap();
    let before = common::tree(dir.path());
    let huge = "夢".repeat(400_000); // 1.2 MB, over the 1 MiB limit
    /// (arguments, standard input, words the error must contain)
    type Case<'a> = (Vec<&'a str>, Option<&'a [u8]>, &'a str);
    let cases: Vec<Case> = vec![
        (
            vec![
                "add",
                p,
                "--exercise",
                "nope",
                "--slot",
                "q4",
                "--text",
                "x",
            ],
            None,
            "no exercise `nope`",
        ),
        (
            vec![
                "add",
                p,
                "--exercise",
                "pathways",
                "--slot",
                "q9",
                "--text",
                "x",
            ],
            None,
            "has no slot `q9`",
        ),
        (
            vec![
                "add",
                p,
                "--exercise",
                "pathways",
                "--slot",
                "q4",
                "--group",
                "Table 9",
                "--text",
                "x",
            ],
            None,
            "--new-group",
        ),
        (
            vec![
                "add",
                p,
                "--exercise",
                "pathways",
                "--slot",
                "q4",
                "--text",
                " \n ",
            ],
            None,
            "must not be empty",
        ),
        (
            vec![
                "add",
                p,
                "--exercise",
                "roles",
                "--slot",
                "1.a",
                "--text",
                "x",
            ],
            None,
            "needs the field `mark`",
        ),
        (
            vec![
                "add",
                p,
                "--exercise",
                "roles",
                "--slot",
                "1.a",
                "--field",
                "mark=Perhaps",
            ],
            Some(b""),
            "Yes, No, Maybe, ??",
        ),
        (
            vec![
                "add",
                p,
                "--exercise",
                "pathways",
                "--slot",
                "q4",
                "--author",
                "Sam",
                "--text",
                "x",
            ],
            None,
            "attribution is off",
        ),
        (
            vec!["add", p, "--exercise", "pathways", "--slot", "q4"],
            Some(huge.as_bytes()),
            "1 MiB",
        ),
        (
            vec!["add", p, "--exercise", "pathways", "--slot", "q4"],
            Some(b"caf\xe9"),
            "not valid UTF-8",
        ),
        (
            vec!["edit", p, "no-such-id", "--hide"],
            None,
            "no contribution with id",
        ),
        (
            vec!["new", "all-kinds", "--date", "2026-13-01"],
            None,
            "YYYY-MM-DD",
        ),
    ];
    for (args, stdin, expected) in cases {
        let out = common::run_hearth(dir.path(), &args, stdin);
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {err}");
        assert!(
            err.contains(expected),
            "{args:?}: expected \"{expected}\" in {err}"
        );
        assert_eq!(common::tree(dir.path()), before, "{args:?} wrote something");
    }
}

/// `--theme` takes the names of the themes on every command with a screen, and says them
/// when given another.
#[test]
fn a_theme_that_is_no_theme_is_refused_with_the_names() {
    let dir = tempfile::tempdir().unwrap();
    for args in [
        &["--theme", "sepia"][..],
        &["run", "--theme", "sepia", "x"],
        &["screen", "--theme", "sepia", "x"],
        &[
            "join",
            "--theme",
            "sepia",
            "--group",
            "G",
            "http://127.0.0.1:9/",
        ],
    ] {
        let out = common::run_hearth(dir.path(), args, None);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(
            err.contains("no theme “sepia”") && err.contains("high-contrast"),
            "{args:?}: {err}"
        );
    }
    // A good name passes the parser (here the command then wants a terminal).
    for name in ["dark", "light", "high-contrast", "none", "auto"] {
        let out = common::run_hearth(dir.path(), &["run", "--theme", name, "x"], None);
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(!err.contains("no theme"), "{name}: {err}");
    }
}
