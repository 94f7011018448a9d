//! Golden write-ups: for each exercise kind, the Markdown and the HTML fragment of a small
//! session, reviewed once by eye and kept as insta snapshots (`cargo insta review` after an
//! intended change). The fragment's stylesheet is left out of the snapshot (the browser test
//! checks it).

use hearth::export::{Format, Options};
use hearth::model::exercise::ExerciseKind;
use hearth::model::exercise::role_clarity::ReferenceAnswer;
use hearth::model::{Change, Draft, Session};

use crate::common::all_kinds;
use crate::read::exported;

/// A session of the one exercise `id` of the all-kinds plan, with answers from two groups.
fn session_of(id: &str) -> Session {
    let mut scenario = all_kinds();
    scenario.agenda.retain(|e| e.id == id);
    for e in &mut scenario.agenda {
        if let ExerciseKind::RoleClarity(k) = &mut e.kind {
            // A published answer that is only its mark.
            k.reference.push(ReferenceAnswer {
                activity: "2".into(),
                criterion: "h".into(),
                mark: Some("No".into()),
                text: "No".into(),
            });
        }
    }
    let mut s = Session::new(
        scenario,
        "Golden write-up".into(),
        "2026-05-14".parse().ok(),
        vec!["Table 1".into(), "Table 2".into()],
    );
    s.event = "Peer Support Futures Day".into();
    s.facilitators = vec!["A. Facilitator".into(), "B. Facilitator".into()];
    s.notes = "NOT IN THE WRITE-UP".into();
    s.introduction = "We met to imagine what peer support could become.\n\nThese are the room's words, as written.".into();
    let answers: Vec<Draft> = match id {
        "round" => vec![
            Draft::new("round", "sick", "Capitalism, patriarchy, racism, poverty"),
            Draft::new("round", "sick", "Being constructed as sick\n(and told so)"),
            Draft::new("round", "whole", "Connection, choice, community"),
        ],
        "triangle" => vec![
            Draft::new("triangle", "pull", "A peer support alliance")
                .field("elaboration", "People get support, collaborate and learn from each other.\n\nNot one PSW per team."),
            Draft::new("triangle", "push", "Recognition beyond mental health"),
            Draft::new("triangle", "weight", "“Add a PSW and stir”").field("elaboration", "Tokenism."),
            Draft::new("triangle", "uncertainties", "Regulation, a union, or an alliance?"),
        ],
        "scenarios" => vec![
            Draft::new("scenarios", "title", "The Alliance Inside")
                .field("x", "Alliance")
                .field("y", "Inside the mainstream"),
            Draft::new("scenarios", "narrative", "By 2035 an alliance of peer workers shapes services.\n\nIt began with a needs assessment."),
            Draft::new("scenarios", "timeline", "Alliance founded").field("year", "2027"),
            Draft::new("scenarios", "characteristics", "Solidarity"),
            Draft::new("scenarios", "raised", "Who pays for the alliance?"),
            Draft::new("scenarios", "shared", "Lived experience leads"),
        ],
        "pathways" => vec![
            Draft::new("pathways", "q4", "Volunteer --> outreach worker --> coordinator"),
            Draft::new("pathways", "q4", "volunteer --> Outreach worker --> peer mentor"),
            Draft::new("pathways", "q4", "Board --> coordinator --> leadership"),
            Draft::new("pathways", "q1", "Entry: warm lines"),
        ],
        "conflict" => vec![
            Draft::new("conflict", "approaches", "Talk with the supervisor first")
                .field("benefits", "Keeps trust")
                .field("risks", "Takes time | and energy"),
        ],
        "roles" => vec![
            Draft::new("roles", "1.a", "if they have it").field("mark", "Yes"),
            Draft::new("roles", "2.h", "").field("mark", "No"),
        ],
        "ready" => vec![
            Draft::new("ready", "why", "We wrote it down").field("checked", "yes"),
            Draft::new("ready", "jd", "").field("checked", "no"),
        ],
        other => panic!("no answers for {other}"),
    };
    for (i, d) in answers.into_iter().enumerate() {
        // A scenario is one group's; elsewhere the groups alternate.
        let group = if i % 2 == 0 || id == "scenarios" && i < 4 {
            "Table 1"
        } else {
            "Table 2"
        };
        let c = d.group(Some(group.into())).into_contribution();
        let id = c.id.clone();
        s.apply(&Change::Add { contribution: c }).unwrap();
        if i == 0 {
            s.apply(&Change::SetStarred { id, starred: true }).unwrap();
        }
    }
    s
}

/// The styled fragment without its stylesheet.
fn fragment_body(s: &Session, options: &Options) -> String {
    let html = exported(
        s,
        Format::Html,
        &Options {
            fragment: true,
            styled: true,
            ..options.clone()
        },
    );
    let (before, rest) = html.split_once("<style>").unwrap();
    let (_, after) = rest.split_once("</style>").unwrap();
    format!("{before}<style>…</style>{after}")
}

#[test]
fn golden_write_ups_of_every_kind() {
    for id in [
        "round",
        "triangle",
        "scenarios",
        "pathways",
        "conflict",
        "roles",
        "ready",
    ] {
        let s = session_of(id);
        let by_group = Options {
            by_group: true,
            ..Options::default()
        };
        insta::assert_snapshot!(
            format!("{id}_md"),
            exported(&s, Format::Markdown, &by_group)
        );
        insta::assert_snapshot!(format!("{id}_fragment"), fragment_body(&s, &by_group));
        let plain = exported(
            &s,
            Format::Html,
            &Options {
                fragment: true,
                ..by_group.clone()
            },
        );
        assert!(
            !plain.contains("<style"),
            "the plain fragment has a stylesheet"
        );
        insta::assert_snapshot!(format!("{id}_plain"), plain);
    }
    let s = session_of("triangle");
    let plan = Options {
        with_plan: true,
        ..Options::default()
    };
    insta::assert_snapshot!(
        "triangle_with_plan_md",
        exported(&s, Format::Markdown, &plan)
    );
    insta::assert_snapshot!("triangle_txt", exported(&s, Format::Text, &plan));
}

/// The plain fragment's figures: inline SVG with its alt text as a title, or with figure files,
/// `<img>` elements linking the PNGs with the alt text, and no SVG at all.
#[test]
fn plain_fragment_figures_carry_their_text_and_link_the_files() {
    let s = session_of("triangle");
    let plain = Options {
        fragment: true,
        ..Options::default()
    };
    let inline = exported(&s, Format::Html, &plain);
    assert!(inline.contains("role=\"img\" aria-label=\"Futures Triangle: "));
    assert!(inline.contains("<title>Futures Triangle: "), "{inline}");
    let linked = exported(
        &s,
        Format::Html,
        &Options {
            figures: hearth::export::MarkdownFigures {
                dir: Some("figs".into()),
                mermaid: false,
            },
            ..plain
        },
    );
    assert!(!linked.contains("<svg"), "{linked}");
    let img = linked
        .split("<img ")
        .nth(1)
        .and_then(|rest| rest.split('>').next())
        .expect("an <img> element");
    assert!(img.starts_with("src=\"figs/"), "{img}");
    assert!(img.contains(".png\" alt=\"Futures Triangle: "), "{img}");
    assert!(img.contains("width=\"760\""), "{img}");
}
