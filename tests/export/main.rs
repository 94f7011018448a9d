//! Exports: every answer survives verbatim in each format, hidden ones and authors stay out
//! unless asked for, and the write-up has the shape of the published one.

#[path = "../common/mod.rs"]
mod common;
mod convergence;
mod figures;
mod front_matter;
mod futures;
mod golden;
mod narration;
mod read;
mod renderers;
mod said;

use common::{all_kinds, fixture, run_hearth, typed_text};
use hearth::export::{Format, Options, export};
use hearth::model::exercise::UNPLACED_SLOT;
use hearth::model::{Change, Draft, Session};
use hearth::store::{SessionStore, create_session, read_session};
use proptest::prelude::*;
use pulldown_cmark::Parser;
use read::*;

proptest! {
    #![proptest_config(ProptestConfig { cases: common::proptest_cases(96), ..ProptestConfig::default() })]

    /// Random typed texts come back exactly: byte for byte from JSON and CSV (less the
    /// documented formula guard), and as text when the Markdown is read by a CommonMark parser
    /// and the HTML by an HTML tokenizer (less NUL, which neither can carry and is shown as ␀).
    #[test]
    fn every_format_gives_back_what_was_typed(texts in prop::collection::vec(typed_text(), 1..5)) {
        let s = session_with(&texts);
        let o = Options::default();
        let json = export(&s, Format::Json, &o).unwrap();
        let back: Session = serde_json::from_slice(&json).unwrap();
        let back_texts: Vec<&str> = back.contributions().iter().map(|c| c.text.as_str()).collect();
        let mut want: Vec<&str> = texts.iter().map(String::as_str).collect();
        want.extend(texts.iter().map(String::as_str));
        prop_assert_eq!(back_texts, want);

        let (header, rows) = csv_rows(&export(&s, Format::Csv, &o).unwrap());
        let col = |name: &str| header.iter().position(|h| h == name).unwrap();
        for (row, t) in rows.iter().zip(texts.iter().chain(&texts)) {
            let guarded = if t.starts_with(['=', '+', '-', '@', '\t', '\r']) { format!("'{t}") } else { t.clone() };
            prop_assert_eq!(&row[col("text")], &guarded);
        }
        for (row, t) in rows[texts.len()..].iter().zip(&texts) {
            let guarded = if t.starts_with(['=', '+', '-', '@', '\t', '\r']) { format!("'{t}") } else { t.clone() };
            prop_assert_eq!(&row[col("benefits")], &guarded);
        }

        let shown: Vec<String> = texts.iter().map(|t| t.replace('\0', "\u{2400}")).collect();
        let md = exported(&s, Format::Markdown, &o);
        let sections = md_sections(&md);
        let sick = sections.iter().find(|(h, _)| h == "What makes us sick?").unwrap();
        let read: Vec<String> = texts.iter().map(|t| as_read(t)).collect();
        prop_assert_eq!(&sick.1, &read, "Markdown:\n{}", md);
        // The value-conflict table: one row per text.
        let rows = md_table_rows(&md, &["Approach", "Benefits", "Risks"]);
        prop_assert_eq!(rows.len(), texts.len(), "Markdown:\n{}", md);
        for (row, t) in rows.iter().zip(&texts) {
            let t = as_read_in_cell(t);
            let want = [t.clone(), t.clone(), t.clone()];
            prop_assert_eq!(row.as_slice(), want.as_slice(), "Markdown:\n{}", md);
        }

        let html = exported(&s, Format::Html, &o);
        let mut want_html: Vec<String> = shown.clone();
        for t in &shown {
            want_html.extend([t.clone(), t.clone(), t.clone()]);
        }
        prop_assert_eq!(html_texts(&html), want_html);
    }
}

#[test]
fn the_published_answers_survive_import_and_markdown_export() {
    let dir = tempfile::tempdir().unwrap();
    let scenario = repo("scenarios/dreaming-together.json");
    let out = run_hearth(
        dir.path(),
        &[
            "new",
            scenario.to_str().unwrap(),
            "--date",
            "2023-05-09",
            "--groups",
            "Participants",
            "--event",
            "PeerWorks Annual Conference",
        ],
        None,
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let session = text(&out).trim().to_owned();
    let notes = fixture("dreaming-together-answers.txt");
    let out = run_hearth(
        dir.path(),
        &[
            "import",
            &session,
            notes.to_str().unwrap(),
            "--exercise",
            "pathways",
            "--group",
            "Participants",
        ],
        None,
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(!text(&out).contains("Could not place"), "{}", text(&out));
    let out = run_hearth(dir.path(), &["export", &session, "--format", "md"], None);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let md = text(&out);
    let sections = md_sections(&md);
    let published = published_answers();
    assert_eq!(published.iter().map(|p| p.0).collect::<Vec<_>>(), [4, 5, 6]);
    for (n, answers) in published {
        let (_, items) = sections
            .iter()
            .find(|(h, _)| h.starts_with(&format!("{n}. ")))
            .unwrap_or_else(|| panic!("no heading for question {n} in:\n{md}"));
        assert_eq!(items, &answers, "question {n}");
    }
    // The facts line of a blog write-up; no Mermaid unless asked for.
    assert!(
        md.contains("May 9, 2023 · PeerWorks Annual Conference · in person"),
        "{md}"
    );
    assert!(!md.contains("```"), "{md}");
    let out = run_hearth(
        dir.path(),
        &["export", &session, "--format", "md", "--mermaid"],
        None,
    );
    let md = text(&out);
    assert!(md.contains("```mermaid\nflowchart LR\n"), "{md}");
    // Two people's chains pass through "leadership": each keeps its own box.
    assert_eq!(md.matches("[\"leadership\"]").count(), 2, "{md}");
}

#[test]
fn the_shipped_example_session_is_valid_and_holds_the_published_answers() {
    let path = repo("sessions/example-dreaming-together.json");
    let (session, report) = read_session(&path).expect("the example session reads");
    assert_eq!(
        report.replayed, 0,
        "the example's journal should be empty after a clean close"
    );
    assert_eq!(std::fs::read(path.with_extension("journal")).unwrap(), b"");
    assert_eq!(session.groups, ["Participants"]);
    assert_eq!(session.date, "2023-05-09".parse().ok());
    // It opens with the facilitators' published introduction.
    assert!(
        session
            .introduction
            .starts_with("On May 9, 2023, during the PeerWorks Annual Conference")
    );
    let md = exported(&session, Format::Markdown, &Options::default());
    let sections = md_sections(&md);
    for (n, answers) in published_answers() {
        let (_, items) = sections
            .iter()
            .find(|(h, _)| h.starts_with(&format!("{n}. ")))
            .unwrap();
        assert_eq!(items, &answers, "question {n}");
    }
    assert!(
        session
            .contributions()
            .iter()
            .all(|c| c.group.as_deref() == Some("Participants"))
    );
    assert!(
        session
            .contributions()
            .iter()
            .all(|c| c.slot != UNPLACED_SLOT)
    );
}

/// A session of every kind, with an author (attribution on), a hidden answer and a star.
pub(crate) fn confidential_session() -> Session {
    let scenario = all_kinds();
    let groups = scenario.suggested_groups.clone();
    let mut s = Session::new(scenario, "Confidential".into(), None, groups);
    s.attribution = true;
    let add = |s: &mut Session, d: Draft| {
        let c = d.into_contribution();
        let id = c.id.clone();
        s.apply(&Change::Add { contribution: c }).unwrap();
        id
    };
    let mut d = Draft::new("round", "sick", "on the record").group(Some("Table 1".into()));
    d.author = Some("SECRET-AUTHOR".into());
    add(&mut s, d);
    let id = add(&mut s, Draft::new("round", "whole", "SECRET-HIDDEN answer"));
    s.apply(&Change::SetHidden { id, hidden: true }).unwrap();
    let id = add(
        &mut s,
        Draft::new("triangle", "pull", "starred pull").field("elaboration", "why it pulls"),
    );
    s.apply(&Change::SetStarred { id, starred: true }).unwrap();
    add(
        &mut s,
        Draft::new("scenarios", "title", "Alliance world")
            .field("x", "Alliance")
            .field("y", "Inside the mainstream")
            .group(Some("Table 2".into())),
    );
    add(
        &mut s,
        Draft::new("scenarios", "narrative", "A story\nin two lines").group(Some("Table 2".into())),
    );
    add(
        &mut s,
        Draft::new("scenarios", "timeline", "The alliance forms")
            .field("year", "2027")
            .group(Some("Table 2".into())),
    );
    add(
        &mut s,
        Draft::new("pathways", "q4", "Volunteer --> coordinator"),
    );
    add(
        &mut s,
        Draft::new("roles", "1.a", "if they have it").field("mark", "Maybe"),
    );
    add(
        &mut s,
        Draft::new("ready", "why", "").field("checked", "yes"),
    );
    add(&mut s, Draft::new("round", UNPLACED_SLOT, "a stray line"));
    s
}

#[test]
fn hidden_answers_and_authors_stay_out_unless_asked_for() {
    let s = confidential_session();
    for format in [Format::Markdown, Format::Html, Format::Csv, Format::Json] {
        let default = exported(&s, format, &Options::default());
        assert!(
            !default.contains("SECRET-HIDDEN"),
            "{format:?} shows a hidden answer"
        );
        assert!(
            !default.contains("SECRET-AUTHOR"),
            "{format:?} shows an author"
        );
        assert!(default.contains("on the record"), "{format:?}");
        let all = exported(
            &s,
            format,
            &Options {
                include_hidden: true,
                with_authors: true,
                ..Options::default()
            },
        );
        assert!(
            all.contains("SECRET-HIDDEN"),
            "{format:?} leaves out a hidden answer it was asked for"
        );
        assert!(
            all.contains("SECRET-AUTHOR"),
            "{format:?} leaves out an author it was asked for"
        );
    }
    let md = exported(
        &s,
        Format::Markdown,
        &Options {
            include_hidden: true,
            ..Options::default()
        },
    );
    assert!(
        md.contains("- **off the record:** SECRET-HIDDEN answer"),
        "{md}"
    );
}

#[test]
fn an_answer_that_is_markup_is_shown_as_text() {
    let evil = "<script>alert(1)</script> <img src=x onerror=alert(2)> [link](javascript:alert(3))";
    let s = session_with(&[evil.to_owned()]);
    let html = exported(&s, Format::Html, &Options::default());
    assert!(
        !html.to_lowercase().contains("<script"),
        "a script element in the page"
    );
    assert!(!html.contains("<img"), "an image element in the page");
    assert!(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
    assert_eq!(html_texts(&html)[0], evil);
    let md = exported(&s, Format::Markdown, &Options::default());
    let mut rendered = String::new();
    pulldown_cmark::html::push_html(&mut rendered, Parser::new_ext(&md, md_options()));
    assert!(
        !rendered.contains("<script") && !rendered.contains("<img") && !rendered.contains("<a "),
        "{rendered}"
    );
    assert!(
        rendered.contains("&lt;script&gt;alert(1)&lt;/script&gt;"),
        "{rendered}"
    );
}

#[test]
fn html_is_one_self_contained_page() {
    let html = exported(&confidential_session(), Format::Html, &Options::default());
    assert!(html.starts_with("<!DOCTYPE html>"));
    assert!(html.contains(r#"<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">"#));
    assert!(html.contains("@media print"));
    for needle in [
        "<script", "<link", "<iframe", "<object", "<embed", "<img", "@import", "url(http", "src=",
        "href=",
    ] {
        assert!(
            !html.to_lowercase().contains(needle),
            "the page holds `{needle}`"
        );
    }
    // Each figure is inline SVG.
    assert!(
        html.contains("<figure class=\"triangle\"><svg"),
        "no triangle figure"
    );
    assert!(
        html.contains("<figure class=\"matrix\"><svg"),
        "no matrix figure"
    );
    assert!(
        html.contains("<figure class=\"graph wide\"><svg"),
        "no pathway graph"
    );
}

#[test]
fn markdown_has_every_kind_in_the_shape_of_a_write_up() {
    let md = exported(
        &confidential_session(),
        Format::Markdown,
        &Options {
            by_group: true,
            ..Options::default()
        },
    );
    for needle in [
        "# Confidential\n",
        "## Futures Triangle\n",
        "### Pull of the future\n\n**starred pull**\n\nwhy it pulls\n",
        "### Alliance world\n",
        "Quadrant: Alliance, Inside the mainstream",
        "A story  \nin two lines",
        "- **2027:** The alliance forms",
        "| Helping a person with paperwork | Maybe — if they have it |",
        "| The organization can articulate why it is hiring a peer worker. | yes |",
        "### Not yet placed\n",
        "- **Table 1:** on the record\n",
    ] {
        assert!(md.contains(needle), "missing {needle:?} in:\n{md}");
    }
    // Corners nobody filled are left out.
    for gone in [
        "### Push of the present\n",
        "### Weight of the past\n",
        "### Key uncertainties\n",
    ] {
        assert!(!md.contains(gone), "{gone:?} in:\n{md}");
    }
}

#[test]
fn markdown_tables_escape_pipes_and_line_breaks() {
    let s = session_with(&["a | b\nc".to_owned(), "| leading pipe".to_owned()]);
    let md = exported(&s, Format::Markdown, &Options::default());
    assert!(
        md.contains("| a \\| b<br>c | a \\| b<br>c | a \\| b<br>c |"),
        "{md}"
    );
    let rows = md_table_rows(&md, &["Approach", "Benefits", "Risks"]);
    assert_eq!(rows[0], ["a | b\nc", "a | b\nc", "a | b\nc"]);
    assert_eq!(
        rows[1],
        ["| leading pipe", "| leading pipe", "| leading pipe"]
    );
}

#[test]
fn csv_guards_formulas_and_keeps_everything_else() {
    let texts: Vec<String> = [
        "=1+1",
        "+1",
        "-1",
        "@SUM(A1)",
        "\tx",
        "plain, \"quoted\"\nline",
        "'already",
    ]
    .map(String::from)
    .to_vec();
    let s = session_with(&texts);
    let bytes = export(&s, Format::Csv, &Options::default()).unwrap();
    let csv = String::from_utf8(bytes.clone()).unwrap();
    assert!(
        csv.starts_with("session,exercise,slot,group,text,created,starred,benefits,risks,id\r\n"),
        "{csv}"
    );
    let (_, rows) = csv_rows(&bytes);
    let got: Vec<&str> = rows
        .iter()
        .take(texts.len())
        .map(|r| r[4].as_str())
        .collect();
    assert_eq!(
        got,
        [
            "'=1+1",
            "'+1",
            "'-1",
            "'@SUM(A1)",
            "'\tx",
            "plain, \"quoted\"\nline",
            "'already"
        ]
    );
    assert_eq!(rows[0][..4], ["Props", "round", "sick", "Table 1"]);
    assert_eq!(rows[0][6], "no");
}

#[test]
fn json_is_the_canonical_session_when_nothing_is_left_out() {
    let s = confidential_session();
    let all = Options {
        include_hidden: true,
        with_authors: true,
        ..Options::default()
    };
    let mut canonical = serde_json::to_vec_pretty(&s).unwrap();
    canonical.push(b'\n');
    assert_eq!(
        export(&s, Format::Json, &all).unwrap(),
        canonical,
        "the JSON export has drifted from Session"
    );
    // Filtered, it is still a valid session file.
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("filtered.json");
    std::fs::write(
        &path,
        export(&s, Format::Json, &Options::default()).unwrap(),
    )
    .unwrap();
    let (back, _) = read_session(&path).expect("a filtered export reads as a session");
    assert_eq!(back.contributions().len(), s.contributions().len() - 1);
    assert!(back.contributions().iter().all(|c| c.author.is_none()));
    // Earlier versions go out with the JSON unless asked not to.
    let mut edited = s.clone();
    let id = edited.contributions()[0].id.clone();
    let at = jiff::Timestamp::now();
    let change = Change::Edit {
        id,
        text: "reworded".into(),
        fields: Default::default(),
        at,
    };
    edited.apply(&change).unwrap();
    let with = exported(&edited, Format::Json, &Options::default());
    assert!(with.contains("\"revisions\"") && with.contains("on the record"));
    let without = Options {
        without_history: true,
        ..Options::default()
    };
    let json = exported(&edited, Format::Json, &without);
    assert!(
        !json.contains("\"revisions\"") && !json.contains("on the record"),
        "{json}"
    );
    assert!(json.contains("reworded"));
}

#[test]
fn export_reads_a_session_open_for_writing_elsewhere() {
    let dir = tempfile::tempdir().unwrap();
    let path = common::new_session(dir.path());
    let (mut store, _) = SessionStore::open(&path).unwrap();
    let c = Draft::new("round", "sick", "journaled, not yet in the snapshot").into_contribution();
    store.apply(Change::Add { contribution: c }).unwrap();
    let out = run_hearth(
        dir.path(),
        &["export", path.to_str().unwrap(), "--format", "json"],
        None,
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(text(&out).contains("journaled, not yet in the snapshot"));
    // The writer still holds its lock and can go on.
    let c = Draft::new("round", "sick", "after the export").into_contribution();
    store.apply(Change::Add { contribution: c }).unwrap();
    store.close().unwrap();
}

#[test]
fn export_to_a_file_and_its_errors() {
    let dir = tempfile::tempdir().unwrap();
    let path = common::new_session(dir.path());
    let p = path.to_str().unwrap();
    let out = run_hearth(dir.path(), &["export", p, "-o", "write-up.html"], None);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        std::fs::read_to_string(dir.path().join("write-up.html"))
            .unwrap()
            .starts_with("<!DOCTYPE html>")
    );
    let cases: [(&[&str], &str); 5] = [
        (
            &["export", "missing.json", "--format", "md"],
            "missing.json",
        ),
        (&["export", p, "-o", p], "the session's own file"),
        (
            &["export", p, "-o", "notes.pdf"],
            "notes.pdf: cannot tell the format",
        ),
        (&["export", p], "give --format"),
        (
            &["export", p, "--format", "pdf"],
            "possible values: md, html, txt, csv, json",
        ),
    ];
    for (args, needle) in cases {
        let out = run_hearth(dir.path(), args, None);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains(needle), "{args:?}: {err}");
    }
    // The session itself is untouched by the refused export onto it.
    assert!(read_session(&path).is_ok());
}

#[test]
fn the_pathway_chart_keeps_each_chain_and_shares_only_common_starts() {
    let scenario = all_kinds();
    let mut s = Session::new(scenario, "Paths".into(), None, Vec::new());
    for t in [
        "Volunteer --> outreach --> coordinator",
        "Volunteer -->  outreach",
        "Entry: warm lines",
        " volunteer --> Outreach --> peer mentor",
        "Board --> coordinator",
    ] {
        s.apply(&Change::Add {
            contribution: Draft::new("pathways", "q4", t).into_contribution(),
        })
        .unwrap();
    }
    let md = exported(
        &s,
        Format::Markdown,
        &Options {
            figures: hearth::export::MarkdownFigures {
                dir: None,
                mermaid: true,
            },
            ..Options::default()
        },
    );
    assert!(
        md.contains("```mermaid\nflowchart LR\n  n0[\"Volunteer\"]\n  n1[\"outreach\"]\n  n2[\"coordinator\"]\n  n3[\"peer mentor\"]\n  n4[\"Board\"]\n  n5[\"coordinator\"]\n  n0 -->|3| n1\n  n1 --> n2\n  n1 --> n3\n  n4 --> n5\n```"),
        "{md}"
    );
    // Drawn without sharing: every chain apart.
    let md = exported(
        &s,
        Format::Markdown,
        &Options {
            pathways: hearth::export::Merge::None,
            figures: hearth::export::MarkdownFigures {
                dir: None,
                mermaid: true,
            },
            ..Options::default()
        },
    );
    assert_eq!(md.matches("[\"Volunteer\"]").count(), 2, "{md}");
    assert_eq!(md.matches("[\"volunteer\"]").count(), 1, "{md}");
    assert!(!md.contains("-->|"), "{md}");
}

#[test]
fn created_sessions_export_in_every_format() {
    let dir = tempfile::tempdir().unwrap();
    let s = confidential_session();
    let path = create_session(dir.path(), &s).unwrap();
    for f in ["md", "html", "txt", "csv", "json"] {
        let out = run_hearth(
            dir.path(),
            &["export", path.to_str().unwrap(), "--format", f],
            None,
        );
        assert!(
            out.status.success(),
            "{f}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        assert!(
            String::from_utf8_lossy(&out.stderr).contains("1 contribution off the record left out"),
            "{f}"
        );
    }
}

#[test]
fn session_details_set_afterwards_open_the_write_up() {
    let dir = tempfile::tempdir().unwrap();
    let path = common::new_session(dir.path());
    let p = path.to_str().unwrap();
    let intro = "We met to dream together.\n\nEverything below is verbatim:  *as said*";
    let out = run_hearth(
        dir.path(),
        &[
            "set",
            p,
            "--event",
            "PeerWorks Annual Conference",
            "--facilitator",
            "Colene Allen",
            "--facilitator",
            "Calvin Prowse",
            "--mode",
            "hybrid",
            "--date",
            "2023-05-09",
            "--notes",
            "PRIVATE: bring markers",
            "--introduction",
            intro,
        ],
        None,
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    // Journaled, and read back as set.
    assert!(
        std::fs::read_to_string(path.with_extension("journal"))
            .unwrap()
            .contains("set_details")
    );
    let (s, _) = read_session(&path).unwrap();
    assert_eq!(s.introduction, intro);
    assert_eq!(s.facilitators, ["Colene Allen", "Calvin Prowse"]);
    // Nobody has answered yet: the exercises are there only with include_empty.
    let md = exported(
        &s,
        Format::Markdown,
        &Options {
            include_empty: true,
            ..Options::default()
        },
    );
    assert!(
        md.contains("May 9, 2023 · PeerWorks Annual Conference · hybrid  \nFacilitated by Colene Allen & Calvin Prowse\n\nWe met to dream together.\n\nEverything below is verbatim:  \\*as said\\*\n\n## "),
        "{md}"
    );
    for format in [Format::Markdown, Format::Html, Format::Text] {
        assert!(
            !exported(&s, format, &Options::default()).contains("PRIVATE"),
            "{format:?}"
        );
    }
    // Nothing given, nothing changed: refused.
    let out = run_hearth(
        dir.path(),
        &["set", p, "--event", "PeerWorks Annual Conference"],
        None,
    );
    assert_eq!(out.status.code(), Some(2));
    let out = run_hearth(
        dir.path(),
        &["set", p, "--facilitator", "bad\u{7}name"],
        None,
    );
    assert_eq!(
        out.status.code(),
        Some(2),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}
