//! The shape of a post: the futures workshop written up with its introduction, narration
//! between the parts ("We began by mapping…", "We broke into groups…"), untitled scenarios, a
//! focal question this workshop worded its own way, and a closing — read back block by block,
//! in order, from the Markdown, and in the same order from the HTML and the plain text.

use hearth::export::{Format, Options};
use hearth::model::words::{Field, Place};
use hearth::model::{Change, Details, Draft, Session};
use hearth::store::load_scenario;
use pulldown_cmark::{Event, HeadingLevel, Parser, Tag, TagEnd};

use crate::read::{exported, md_options, push_inline, repo};

const INTRODUCTION: &str = "We facilitated a futures workshop on peer support.\n\nThis post gathers what the room said, verbatim.";
const BEFORE_TRIANGLE: &str =
    "We began by mapping the forces shaping the future of peer support on a Futures Triangle.";
const AFTER_TRIANGLE: &str =
    "From the key uncertainties, the room chose the two axes of its scenarios.";
const BEFORE_SCENARIOS: &str = "We broke into groups, one quadrant each.";
const AFTER_SCENARIOS: &str = "Each group read its scenario aloud.";
const CLOSING: &str = "This gives us hope.\n\nSolidarity, as a first step.";
const FOCAL: &str = "What could peer support look like in 2035, and who would it serve?";

fn at(second: i64) -> jiff::Timestamp {
    jiff::Timestamp::from_second(1_790_000_000 + second).unwrap()
}

/// The futures workshop: triangle items with their elaborations, two scenarios saved with
/// their poles and no title, the narration and closing, and a focal question of its own.
fn futures_session() -> Session {
    let plan = load_scenario(&repo("scenarios/peer-support-futures.json")).unwrap();
    let mut s = Session::new(
        plan,
        "Futures of peer support".into(),
        "2026-12-07".parse().ok(),
        vec!["Table 1".into(), "Table 2".into()],
    );
    let mut changes = vec![
        Change::SetDetails {
            details: Details {
                introduction: INTRODUCTION.into(),
                ..s.details()
            },
        },
        Change::SetNarration {
            place: Place::Before("triangle".into()),
            text: BEFORE_TRIANGLE.into(),
        },
        Change::SetNarration {
            place: Place::After("triangle".into()),
            text: AFTER_TRIANGLE.into(),
        },
        Change::SetNarration {
            place: Place::Before("scenarios".into()),
            text: BEFORE_SCENARIOS.into(),
        },
        Change::SetNarration {
            place: Place::After("scenarios".into()),
            text: AFTER_SCENARIOS.into(),
        },
        Change::SetNarration {
            place: Place::Closing,
            text: CLOSING.into(),
        },
        Change::SetWording {
            exercise: "scenarios".into(),
            field: Field::Question,
            text: Some(FOCAL.into()),
            at: at(1),
        },
    ];
    let item = |slot: &str, text: &str, elaboration: &str| {
        let mut d = Draft::new("triangle", slot, text).group(Some("Table 1".into()));
        if !elaboration.is_empty() {
            d = d.field("elaboration", elaboration);
        }
        Change::Add {
            contribution: d.into_contribution(),
        }
    };
    changes.extend([
        item(
            "pull",
            "A peer support alliance",
            "People get support, collaborate and learn together.",
        ),
        item(
            "push",
            "Recognition is growing",
            "Other communities ask for peer support.",
        ),
        item("weight", "Add a PSW and stir", ""),
        item(
            "uncertainties",
            "Regulation or alliance",
            "Who decides what peer support is?",
        ),
    ]);
    for (group, x, y, story) in [
        (
            "Table 1",
            "A peer support alliance",
            "From within mainstream mental health services",
            "In 2035 the alliance sits at every table.",
        ),
        (
            "Table 2",
            "A regulatory body",
            "From outside",
            "In 2035 peer workers are certified, and the movement lives on outside.",
        ),
    ] {
        changes.push(Change::Add {
            contribution: Draft::new("scenarios", "title", "")
                .field("x", x)
                .field("y", y)
                .group(Some(group.into()))
                .into_contribution(),
        });
        changes.push(Change::Add {
            contribution: Draft::new("scenarios", "narrative", story)
                .group(Some(group.into()))
                .into_contribution(),
        });
    }
    for c in &changes {
        s.apply(c).unwrap();
    }
    s
}

/// The Markdown's blocks in order, as a reader sees them: `# heading` by level, `¶ paragraph`
/// with bold text between `**`; images and list items are left out.
fn md_blocks(md: &str) -> Vec<String> {
    let mut blocks = Vec::new();
    let mut open: Option<String> = None;
    for event in Parser::new_ext(md, md_options()) {
        match &event {
            Event::Start(Tag::Heading { level, .. }) => {
                let n = match level {
                    HeadingLevel::H1 => 1,
                    HeadingLevel::H2 => 2,
                    HeadingLevel::H3 => 3,
                    _ => 4,
                };
                open = Some(format!("{} ", "#".repeat(n)));
            }
            Event::Start(Tag::Paragraph) => open = Some("¶ ".to_owned()),
            Event::End(TagEnd::Heading(_) | TagEnd::Paragraph) => {
                blocks.extend(open.take());
            }
            Event::Start(Tag::Strong) | Event::End(TagEnd::Strong) => {
                if let Some(o) = &mut open {
                    o.push_str("**");
                }
            }
            Event::Start(Tag::Image { .. }) | Event::End(TagEnd::Image) => {}
            other => {
                if let Some(o) = &mut open {
                    push_inline(o, other);
                }
            }
        }
    }
    blocks
}

#[test]
fn the_futures_write_up_reads_in_the_order_of_the_post() {
    let s = futures_session();
    let md = exported(&s, Format::Markdown, &Options::default());
    let blocks = md_blocks(&md);
    let expected = [
        "# Futures of peer support",
        "¶ December 7, 2026 · in person",
        "¶ We facilitated a futures workshop on peer support.",
        "¶ This post gathers what the room said, verbatim.",
        "## The future of peer support",
        &format!("¶ {BEFORE_TRIANGLE}"),
        "¶ **Topic:** the future of peer support",
        "### Pull of the future",
        "¶ **A peer support alliance**",
        "¶ People get support, collaborate and learn together.",
        "### Push of the present",
        "¶ **Recognition is growing**",
        "¶ Other communities ask for peer support.",
        "### Weight of the past",
        "¶ **Add a PSW and stir**",
        "### Key uncertainties",
        "¶ **Regulation or alliance**",
        "¶ Who decides what peer support is?",
        &format!("¶ {AFTER_TRIANGLE}"),
        "## Peer Support: Visions of Opportunity for 2030",
        &format!("¶ {BEFORE_SCENARIOS}"),
        &format!("¶ **Focal question:** {FOCAL}"),
        "¶ **Horizon:** 2030",
        "### Scenario 1",
        "¶ Quadrant: A peer support alliance, From within mainstream mental health services",
        "¶ In 2035 the alliance sits at every table.",
        "### Scenario 2",
        "¶ Quadrant: A regulatory body, From outside",
        "¶ In 2035 peer workers are certified, and the movement lives on outside.",
        &format!("¶ {AFTER_SCENARIOS}"),
        "¶ This gives us hope.",
        "¶ Solidarity, as a first step.",
    ];
    let blocks: Vec<&str> = blocks.iter().map(String::as_str).collect();
    assert_eq!(blocks, expected, "Markdown:\n{md}");
    assert!(
        !md.contains("Whether the goals of peer support can be realized"),
        "the plan's focal question is replaced:\n{md}"
    );
}

/// Where each text first appears in `out`, after the one before it; fails naming the first
/// text out of order.
fn in_order(out: &str, texts: &[&str], format: &str) {
    let mut from = 0;
    for t in texts {
        match out[from..].find(t) {
            Some(i) => from += i + t.len(),
            None => panic!("{format}: \"{t}\" is missing or out of order:\n{out}"),
        }
    }
}

#[test]
fn html_and_text_tell_the_narration_in_the_same_places() {
    let s = futures_session();
    let order = [
        "We facilitated a futures workshop",
        BEFORE_TRIANGLE,
        "A peer support alliance",
        "Regulation or alliance",
        AFTER_TRIANGLE,
        "Peer Support: Visions of Opportunity for 2030",
        BEFORE_SCENARIOS,
        FOCAL,
        "In 2035 the alliance sits at every table.",
        AFTER_SCENARIOS,
        "This gives us hope.",
    ];
    let text = exported(&s, Format::Text, &Options::default());
    in_order(&text, &order, "text");
    assert!(text.contains(CLOSING), "text keeps the closing whole");
    let html = exported(&s, Format::Html, &Options::default());
    in_order(&html, &order, "HTML");
    in_order(
        &html,
        &[
            "<p class=\"pre narration\">We began",
            "</section>",
            "<p class=\"pre closing\">This gives us hope.",
            "<footer",
        ],
        "HTML",
    );
}

#[test]
fn narration_and_wording_are_escaped_in_every_format() {
    let mut s = futures_session();
    let hostile = "# not a heading <b>not bold</b> *nor this* [x](javascript:alert(1))";
    s.apply(&Change::SetNarration {
        place: Place::Closing,
        text: hostile.into(),
    })
    .unwrap();
    s.apply(&Change::SetWording {
        exercise: "triangle".into(),
        field: Field::Title,
        text: Some("<script>alert(1)</script> & **bold**".into()),
        at: at(2),
    })
    .unwrap();
    let md = exported(&s, Format::Markdown, &Options::default());
    let blocks = md_blocks(&md);
    assert_eq!(
        blocks.last().map(String::as_str),
        Some(&*format!("¶ {hostile}"))
    );
    assert!(
        blocks.contains(&"## <script>alert(1)</script> & **bold**".to_owned()),
        "{blocks:?}"
    );
    let html = exported(&s, Format::Html, &Options::default());
    assert!(!html.contains("<script>alert"), "{html}");
    assert!(!html.contains("<b>not bold"), "{html}");
    assert!(html.contains("&lt;script&gt;alert(1)&lt;/script&gt; &amp; **bold**"));
}

#[test]
fn an_exercise_with_only_narration_is_still_told() {
    let plan = load_scenario(&repo("scenarios/peer-support-futures.json")).unwrap();
    let mut s = Session::new(plan, "Quiet".into(), None, vec!["Table 1".into()]);
    s.apply(&Change::SetNarration {
        place: Place::Before("scenarios".into()),
        text: "We ran out of time for the scenarios.".into(),
    })
    .unwrap();
    let md = exported(&s, Format::Markdown, &Options::default());
    assert_eq!(
        md_blocks(&md)[2..],
        [
            "## Peer Support: Visions of Opportunity for 2030",
            "¶ We ran out of time for the scenarios.",
            "¶ **Focal question:** Whether the goals of peer support can be realized within the current mental health system",
            "¶ **Horizon:** 2030",
        ],
        "{md}"
    );
}

#[test]
fn hearth_set_journals_narration_and_wording_and_refuses_what_cannot_be() {
    use crate::common::run_hearth;
    let dir = tempfile::tempdir().unwrap();
    let plan = repo("scenarios/peer-support-futures.json");
    let out = run_hearth(
        dir.path(),
        &[
            "new",
            plan.to_str().unwrap(),
            "--dir",
            ".",
            "--date",
            "2026-12-07",
        ],
        None,
    );
    assert!(out.status.success(), "{out:?}");
    let session = String::from_utf8(out.stdout).unwrap().trim().to_owned();
    let set = |args: &[&str]| {
        let mut all = vec!["set", session.as_str()];
        all.extend(args);
        run_hearth(dir.path(), &all, None)
    };
    let ok = set(&[
        "--exercise",
        "scenarios",
        "--before",
        BEFORE_SCENARIOS,
        "--focal-question",
        FOCAL,
        "--title",
        "Scenarios for 2035",
    ]);
    assert!(ok.status.success(), "{ok:?}");
    assert!(set(&["--closing", CLOSING]).status.success());
    let (stored, _) = hearth::store::read_session(&dir.path().join(&session)).unwrap();
    assert_eq!(
        stored.exercise("scenarios").unwrap().title,
        "Scenarios for 2035"
    );
    assert_eq!(stored.narration.closing, CLOSING);
    assert_ne!(
        stored.scenario.agenda[1].title, "Scenarios for 2035",
        "the plan is untouched"
    );
    for (args, says) in [
        (
            &["--exercise", "nowhere", "--title", "x"][..],
            "its exercises: triangle, scenarios",
        ),
        (
            &["--exercise", "triangle", "--horizon", "2035"][..],
            "has no horizon",
        ),
        (
            &["--exercise", "triangle", "--title", ""][..],
            "must not be empty",
        ),
        (&["--closing", "\u{1b}]0;owned\u{7}"][..], "U+001B"),
        (&["--closing", CLOSING][..], "nothing to change"),
    ] {
        let out = set(args);
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {err}");
        assert!(err.contains(says), "{args:?}: {err}");
        assert!(
            !err.contains('\u{1b}'),
            "no control character reaches the terminal"
        );
    }
    let md = run_hearth(
        dir.path(),
        &["export", &session, "--format", "md", "--include-empty"],
        None,
    );
    let md = String::from_utf8(md.stdout).unwrap();
    in_order(
        &md,
        &[
            "## Scenarios for 2035",
            BEFORE_SCENARIOS,
            FOCAL,
            "This gives us hope.",
        ],
        "Markdown",
    );
    // `hearth show` lists the session as it runs: its wording and its narration.
    let shown = run_hearth(dir.path(), &["show", &session], None);
    let shown = String::from_utf8(shown.stdout).unwrap();
    in_order(
        &shown,
        &[
            "== 2. Scenarios for 2035",
            &format!("Focal question: {FOCAL}"),
            &format!("Before: {BEFORE_SCENARIOS}"),
            "Closing: This gives us hope.",
        ],
        "hearth show",
    );
    assert!(
        set(&["--exercise", "scenarios", "--reset", "title"])
            .status
            .success()
    );
    let md = run_hearth(
        dir.path(),
        &["export", &session, "--format", "md", "--include-empty"],
        None,
    );
    let md = String::from_utf8(md.stdout).unwrap();
    assert!(
        md.contains("## Peer Support: Visions of Opportunity for 2030"),
        "{md}"
    );
}

#[test]
fn a_series_tells_each_sessions_narration_and_closing_in_its_part() {
    use hearth::export::export_series;
    use hearth::model::series::Series;
    let s = futures_session();
    let series = Series {
        format: "hearth-series/1".into(),
        title: "A series".into(),
        description: String::new(),
        sessions: Vec::new(),
    };
    let order = [
        BEFORE_TRIANGLE,
        "A peer support alliance",
        AFTER_TRIANGLE,
        BEFORE_SCENARIOS,
        AFTER_SCENARIOS,
        "This gives us hope.",
    ];
    for format in [Format::Markdown, Format::Html, Format::Text] {
        let out = export_series(
            &series,
            std::slice::from_ref(&s),
            format,
            &Options::default(),
        )
        .unwrap();
        in_order(
            &String::from_utf8(out).unwrap(),
            &order,
            &format!("{format:?}"),
        );
    }
}
