//! The Emerging issues and Futures Wheel kinds end to end through the write-up: the seed post
//! "Trends & Emerging Issues in Peer Support" captured through its bundled plan comes back with
//! each issue's signals, sources and questions verbatim and its references numbered as in the
//! post; a wheel is written up as nested lists and drawn as rings with links; answers under a
//! withdrawn parent stay, under the nearest one shown, saying so without its words.

mod common;

use hearth::export::{Format, Options, export};
use hearth::model::convergence::{Ballot, Choice, Rating, Round, RoundKind, RoundState, VoteOn};
use hearth::model::{Change, Draft, Session};
use jiff::Timestamp;

const SEED: &str = include_str!("fixtures/seeds/trends-and-emerging-issues.txt");

/// One issue of the post: its title, what it is, its signals (with the numbers of the
/// references they cite), and its questions, each as the post words it.
struct Issue {
    title: &'static str,
    what: &'static str,
    signals: &'static [(&'static str, &'static [usize])],
    questions: &'static [&'static str],
}

const ISSUES: &[Issue] = &[
    Issue {
        title: "Artificial Intelligence (AI)",
        what: "Over the past few years, the interest and use of artificial intelligence (AI) has been rapidly expanding, including within the healthcare system.",
        signals: &[
            (
                "Studies are already beginning to emerge focused on peer support delivered via AI chatbots",
                &[2, 3],
            ),
            ("AI-supported peer support", &[4]),
            (
                "LinkedIn’s AI-assisted “Collaborative Articles” (now discontinued) provides information about professional skills, including within the realm of peer support.",
                &[5],
            ),
        ],
        questions: &[
            "How will the sector be shaped by a world with an increasing reliance on AI?",
            "What role will AI play in the future of the peer support sector, as well as the healthcare sector more broadly?",
            "How might this impact our education, workforce, and work experiences (e.g. unemployment, burnout, hours, wages), as well as quality of care provided?",
            "Are there ways to leverage AI as a tool that works for us and our interests, rather than against us?",
        ],
    },
    Issue {
        title: "Education & Credentialism",
        what: "In recent years, there has been increasing interest in exploring further education for the peer support sector.",
        signals: &[],
        questions: &[
            "In the future, will peer support require post-secondary credentials?",
            "If so, who will be responsible for curriculum development?",
            "Will the peer support sector be able to leverage educational development as a strategy for reclaiming our independence?",
            "Or will educational requirements further contribute to peer drift — for example, if the curriculum is directed and taught by those working in other mental health disciplines?",
            "What are the key learning outcomes for further education?",
            "How might educational requirements increase barriers to entering the field, reinforce pre-existing inequities, and influence the availability of culturally-grounded support?",
        ],
    },
    Issue {
        title: "Regulation",
        what: "In recent years, the increased awareness of peer support within the public sphere has resulted in external pressures for regulation and certification.",
        signals: &[(
            "In May of 2023, MPP Stephen Crawford presented a private members bill to the Ontario legislature, calling for the government to consider “a process for the certification of addiction peer support specialists” (p. 4362).",
            &[6],
        )],
        questions: &[
            "Will the peer support sector adopt regulation as a form of gaining legitimacy within the broader healthcare system?",
            "If so, who will be responsible for our regulation?",
            "Will the sector proactively implement our own regulatory standards, or will these be imposed on us externally?",
        ],
    },
    Issue {
        title: "Unionization",
        what: "There has also been discussion within the peer support sector about exploring unionization as a strategy for improving our work experiences, pay, and preventing peer support drift.",
        signals: &[(
            "There is a precedent for this, with some harm reduction peer workers in Vancouver voting to unionize in 2021 — albeit not without its challenges and shotcomings.",
            &[7],
        )],
        questions: &[
            "Will peer supporters unionize — if so, how?",
            "Will we attempt to create our own union specific to peer supporters, or join a larger union that may not fully understand the unique work we do?",
            "What would unionization accomplish — and what unintended consequences might arise?",
            "Could unionization within a broader healthcare union inadvertently contribute to peer support drift?",
        ],
    },
    Issue {
        title: "Involuntary Care",
        what: "Both within and beyond Ontario, there have been trends toward the expansion of involuntary mental health care.",
        signals: &[
            (
                "In October of 2024, citing the increasing rate of homelessness, mental health, and addictions, Ontario’s Big City Mayors passed a motion calling upon the province to explore the possibility of “expand[ing] the scope of … mandatory community-based and residential mental health and addictions care and treatment” (p. 3).",
                &[8],
            ),
            (
                "This follows recent expansions to involuntary care in British Columbia in September of 2024.",
                &[9],
            ),
            (
                "More recently, many organizations involved in the Mental Health & Addictions (MAPS) program for people navigating the criminal justice system have successfully advocated for the requirement that peer support must always be voluntary — never mandated.",
                &[10],
            ),
        ],
        questions: &[
            "With peer support’s emphasis on self-determination and historical opposition to coercive care, how might peer support engage with these models, as well as people coerced into “care” — as accomplices, advocates, or alternatives?",
        ],
    },
];

const SHIFTS: &[&str] = &[
    "loss of independence and autonomy within the peer sector",
    "increasing recognition of peer support drift",
    "professionalization of peer support",
    "privatization of healthcare",
    "austerity funding regimes",
];

/// The post's reference list, numbered as in the post: each reference's first line, without
/// the back-link.
fn references() -> Vec<String> {
    let at = SEED.find("    References").expect("the post's references");
    SEED[at..]
        .lines()
        .filter_map(|l| {
            let l = l.trim();
            let (n, rest) = l.split_once(". ")?;
            n.parse::<usize>().ok()?;
            Some(rest.trim_end_matches("↩︎").trim_end().to_owned())
        })
        .collect()
}

fn at(n: usize) -> Timestamp {
    Timestamp::from_second(1_760_000_000 + n as i64).unwrap()
}

/// The post captured through the bundled plan, answer by answer, as two tables would.
fn captured() -> (Session, Vec<String>) {
    let mut s = common::bundled_session("emerging-issues", "Trends & Emerging Issues");
    let refs = references();
    let mut n = 0;
    let mut add = |s: &mut Session,
                   slot: &str,
                   parent: Option<&str>,
                   text: &str,
                   fields: &[(&str, String)]| {
        n += 1;
        let mut d = Draft::new("issues", slot, text)
            .group(Some(if n % 2 == 0 { "Table 2" } else { "Table 1" }.into()))
            .parent(parent.map(str::to_owned));
        for (k, v) in fields {
            d = d.field(k, v);
        }
        let id = format!("a{n:03}");
        s.apply(&Change::Add {
            contribution: d.into_contribution_with(id.clone(), at(n)),
        })
        .unwrap_or_else(|e| panic!("{slot}: {e}"));
        id
    };
    for shift in SHIFTS {
        add(&mut s, "shift", None, shift, &[]);
    }
    let mut issue_ids = Vec::new();
    for issue in ISSUES {
        let id = add(
            &mut s,
            "issue",
            None,
            issue.title,
            &[("description", issue.what.to_owned())],
        );
        for (signal, cites) in issue.signals {
            let source: Vec<&str> = cites.iter().map(|c| refs[c - 1].as_str()).collect();
            add(
                &mut s,
                "signal",
                Some(&id),
                signal,
                &[("source", source.join("\n"))],
            );
        }
        for q in issue.questions {
            add(&mut s, "question", Some(&id), q, &[]);
        }
        issue_ids.push(id);
    }
    (s, issue_ids)
}

fn text_of(s: &Session, format: Format) -> String {
    String::from_utf8(export(s, format, &Options::default()).unwrap()).unwrap()
}

#[test]
fn the_seed_posts_issues_come_back_verbatim_with_references_numbered_as_in_the_post() {
    let normal = |t: &str| t.split_whitespace().collect::<Vec<_>>().join(" ");
    let seed = normal(SEED);
    // What the test types is the post's words.
    for issue in ISSUES {
        for text in [issue.title, issue.what]
            .into_iter()
            .chain(issue.signals.iter().map(|s| s.0))
            .chain(issue.questions.iter().copied())
        {
            assert!(seed.contains(&normal(text)), "not the post's words: {text}");
        }
    }
    let refs = references();
    assert_eq!(refs.len(), 10);
    let (s, _) = captured();
    let txt = text_of(&s, Format::Text);
    // Each issue's signals and questions, verbatim, in its part, in order.
    for (i, issue) in ISSUES.iter().enumerate() {
        let from = txt
            .find(&format!("\n{}\n", issue.title))
            .unwrap_or_else(|| panic!("{}: {txt}", issue.title));
        let to = ISSUES
            .get(i + 1)
            .and_then(|next| txt.find(&format!("\n{}\n", next.title)))
            .unwrap_or(txt.len());
        let part = &txt[from..to];
        assert!(part.contains(issue.what), "{part}");
        let mut last = 0;
        for (signal, cites) in issue.signals {
            let numbers: Vec<String> = cites.iter().map(usize::to_string).collect();
            let line = format!("[{}]: {signal}", numbers.join(", "));
            let here = part
                .find(&line)
                .unwrap_or_else(|| panic!("{line}\n---\n{part}"));
            assert!(here >= last, "signals in order: {part}");
            last = here;
        }
        for q in issue.questions {
            let here = part
                .find(&format!("• {q}\n"))
                .unwrap_or_else(|| panic!("{q}\n---\n{part}"));
            assert!(
                here >= last,
                "questions after the signals, in order: {part}"
            );
            last = here;
        }
    }
    for shift in SHIFTS {
        assert!(txt.contains(&format!("• {shift}\n")), "{shift}: {txt}");
    }
    // The references, numbered as the post numbers them: the method's own source first, as
    // the plan cites it, then each signal's source where it is first cited.
    let list = &txt[txt.find("References\n").expect("a references list")..];
    for (n, reference) in refs.iter().enumerate() {
        let line = format!("{}. {reference}\n", n + 1);
        assert!(
            list.contains(&line),
            "reference {}: {line}\n---\n{list}",
            n + 1
        );
    }
    assert!(!list.contains("11. "), "{list}");
    // Markdown and HTML carry the same numbers.
    let md = text_of(&s, Format::Markdown);
    assert!(
        md.contains("**\\[2, 3\\]:**") || md.contains("**[2, 3]:**"),
        "{md}"
    );
    let html = text_of(&s, Format::Html);
    assert!(
        html.contains("<ol class=\"references\">"),
        "the references are an ordered list"
    );
    assert_eq!(html.matches("<li class=\"pre\">").count(), 10, "{html}");
}

#[test]
fn issues_are_written_up_most_critical_first_once_the_rating_is_revealed() {
    let (mut s, ids) = captured();
    let order = |s: &Session| {
        let txt = text_of(s, Format::Text);
        let mut at: Vec<(usize, &str)> = ISSUES
            .iter()
            .map(|i| (txt.find(&format!("\n{}\n", i.title)).unwrap(), i.title))
            .collect();
        at.sort();
        at.into_iter().map(|(_, t)| t).collect::<Vec<_>>()
    };
    let as_captured: Vec<&str> = ISSUES.iter().map(|i| i.title).collect();
    assert_eq!(order(&s), as_captured);
    let round = Round {
        id: "r1".into(),
        exercise: "issues".into(),
        slot: Some("issue".into()),
        on: VoteOn::Answers,
        kind: RoundKind::Rating,
        state: RoundState::Open,
        opened: at(500),
    };
    s.apply(&Change::OpenRound { round }).unwrap();
    // Involuntary care most critical, then regulation; the rest unrated.
    let ratings = [(&ids[4], 5, 5), (&ids[2], 4, 4), (&ids[0], 2, 1)];
    s.apply(&Change::Cast {
        round: "r1".into(),
        voter: "group:Table 1".into(),
        ballot: Ballot {
            at: at(501),
            choice: Choice::Ratings(
                ratings
                    .iter()
                    .map(|(id, i, u)| {
                        (
                            (*id).clone(),
                            Rating {
                                impact: *i,
                                uncertainty: *u,
                            },
                        )
                    })
                    .collect(),
            ),
        },
    })
    .unwrap();
    // Not yet revealed: as captured.
    assert_eq!(order(&s), as_captured);
    s.apply(&Change::SetRoundState {
        round: "r1".into(),
        state: RoundState::Revealed,
    })
    .unwrap();
    assert_eq!(
        order(&s),
        [
            "Involuntary Care",
            "Regulation",
            "Artificial Intelligence (AI)",
            "Education & Credentialism",
            "Unionization"
        ]
    );
    let txt = text_of(&s, Format::Text);
    assert!(
        txt.contains("Rated impact 5.0, uncertainty 5.0 (1 rating)."),
        "{txt}"
    );
    // And drawn on impact × uncertainty: the rating rounds' own figure.
    let html = text_of(&s, Format::Html);
    let scatter = &html[html
        .find("<figure class=\"scatter\">")
        .expect("the ratings figure")..];
    assert!(scatter.contains("Involuntary Care"), "{scatter}");
}

/// A wheel: two 1st-order consequences, 2nd- and 3rd-order ones under them; one 2nd-order
/// consequence withdrawn, one taken off the record.
fn wheel() -> Session {
    let scenario = hearth::store::load_scenario(&common::fixture("futures-wheel.json")).unwrap();
    let mut s = Session::new(
        scenario,
        "Wheel".into(),
        None,
        vec!["Table 1".into(), "Table 2".into()],
    );
    let mut add = |id: &str, slot: &str, parent: Option<&str>, text: &str| {
        let c = Draft::new("wheel", slot, text)
            .group(Some("Table 1".into()))
            .parent(parent.map(str::to_owned))
            .into_contribution_with(id.into(), at(s.contributions().len()));
        s.apply(&Change::Add { contribution: c }).unwrap();
    };
    add("a", "first", None, "More peer jobs");
    add("b", "first", None, "Training costs rise");
    add("a1", "second", Some("a"), "Wages rise");
    add("a11", "third", Some("a1"), "More people apply");
    add("b1", "second", Some("b"), "SECRET-WITHDRAWN");
    add("b11", "third", Some("b1"), "Fewer people apply");
    add("b2", "second", Some("b"), "OFF-THE-RECORD");
    add("b21", "third", Some("b2"), "Smaller cohorts");
    s.apply(&Change::Withdraw {
        id: "b1".into(),
        at: at(99),
    })
    .unwrap();
    s.apply(&Change::SetHidden {
        id: "b2".into(),
        hidden: true,
    })
    .unwrap();
    s
}

#[test]
fn a_wheel_is_written_up_as_nested_lists_keeping_children_of_a_withdrawn_consequence() {
    let s = wheel();
    let md = text_of(&s, Format::Markdown);
    for line in [
        "- More peer jobs\n",
        "  - Wages rise\n",
        "    - More people apply\n",
        "- Training costs rise\n",
        "  - *(follows from an answer that was withdrawn)* Fewer people apply\n",
        "  - *(follows from an answer not shown here)* Smaller cohorts\n",
    ] {
        assert!(md.contains(line), "{line:?}\n---\n{md}");
    }
    assert!(
        !md.contains("SECRET-WITHDRAWN") && !md.contains("OFF-THE-RECORD"),
        "{md}"
    );
    let txt = text_of(&s, Format::Text);
    assert!(txt.contains("    • More people apply\n"), "{txt}");
    let html = text_of(&s, Format::Html);
    assert!(
        html.contains("Wages rise</span>\n<ul class=\"answers tree\">"),
        "a consequence's list is inside its item: {html}"
    );
    // CSV and JSON carry each answer's parent.
    let csv = text_of(&s, Format::Csv);
    let header = csv.lines().next().unwrap();
    assert!(header.ends_with(",parent,id"), "{header}");
    assert!(
        csv.lines()
            .any(|l| l.contains("More people apply") && l.ends_with(",a1,a11")),
        "{csv}"
    );
    let json: serde_json::Value = serde_json::from_str(&text_of(&s, Format::Json)).unwrap();
    let a11 = json["contributions"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["id"] == "a11")
        .unwrap()
        .clone();
    assert_eq!(a11["parent"], "a1");
    insta::assert_snapshot!("futures_wheel_markdown", md);
}

#[test]
fn the_wheel_figure_draws_rings_and_a_line_from_each_consequence_to_its_parent() {
    let s = wheel();
    let doc = hearth::export::write_up(&s, &Options::default());
    let html = text_of(&s, Format::Html);
    let start = html
        .find("<figure class=\"wheel\">")
        .expect("the wheel figure");
    let svg = &html[start..html[start..].find("</figure>").unwrap() + start];
    assert_eq!(
        svg.matches("<circle class=\"ring\"").count(),
        3,
        "three rings: {svg}"
    );
    assert_eq!(svg.matches("<circle class=\"centre\"").count(), 1);
    // Six consequences on the record, six lines: each to its parent (or the centre).
    assert_eq!(svg.matches("<line class=\"link\"").count(), 6, "{svg}");
    assert_eq!(svg.matches("class=\"consequence order-3\"").count(), 3);
    // Dashed where the parent was left out.
    assert_eq!(svg.matches("stroke-dasharray=\"5 4\"").count(), 2, "{svg}");
    for text in [
        "Peer support work is regulated",
        "More peer jobs",
        "Smaller cohorts",
    ] {
        assert!(svg.contains(text), "{text}: {svg}");
    }
    assert!(!svg.contains("SECRET") && !svg.contains("OFF-THE"));
    assert!(format!("{doc:?}").contains("futures-wheel"));
    std::fs::create_dir_all(std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join("figures")).ok();
    let svg_file =
        std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join("figures/futures-wheel.svg");
    std::fs::write(
        &svg_file,
        svg.trim_start_matches("<figure class=\"wheel\">"),
    )
    .unwrap();
}

/// `hearth add --parent`: under an answer of the slot it goes under, or refused saying why.
#[test]
fn hearth_add_puts_an_answer_under_the_parent_it_names() {
    let dir = tempfile::tempdir().unwrap();
    let session = common::new_session_of(dir.path(), "futures-wheel.json");
    let path = session.to_str().unwrap();
    let add = |args: &[&str]| {
        let mut all = vec!["add", path, "--exercise", "wheel", "--group", "Table 1"];
        all.extend_from_slice(args);
        common::run_hearth(dir.path(), &all, None)
    };
    let first = add(&["--slot", "first", "--text", "More peer jobs"]);
    assert!(first.status.success(), "{first:?}");
    let first_id = String::from_utf8(first.stdout).unwrap().trim().to_owned();
    let wrong = add(&[
        "--slot",
        "third",
        "--parent",
        &first_id,
        "--text",
        "Misplaced",
    ]);
    assert_eq!(wrong.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&wrong.stderr).contains("goes under one in `second`"),
        "{wrong:?}"
    );
    let second = add(&[
        "--slot",
        "second",
        "--parent",
        &first_id,
        "--text",
        "Wages rise",
    ]);
    assert!(second.status.success(), "{second:?}");
    let (saved, _) = hearth::store::read_session(&session).unwrap();
    let wages = saved
        .contributions()
        .iter()
        .find(|c| c.text == "Wages rise")
        .unwrap();
    assert_eq!(wages.parent.as_deref(), Some(first_id.as_str()));
    assert!(saved.contributions().iter().all(|c| c.text != "Misplaced"));
}

/// A backcast with more steps than fit: the newest step is in sight when nothing is selected,
/// wherever its year puts it on the timeline (here the last of many, out of the first window).
#[test]
fn the_backcasts_newest_step_is_in_sight_when_the_steps_do_not_fit() {
    use hearth::tui::boards::{Board, BoardView, Hit};
    use hearth::tui::theme::Theme;
    use ratatui::buffer::Buffer;
    use ratatui::layout::Rect;
    use ratatui::widgets::StatefulWidget;
    let plan = common::fixture("futures-toolkit.json");
    let scenario = hearth::store::load_scenario(&plan).unwrap();
    let mut s = Session::new(scenario, "Backcast".into(), None, vec!["Table 1".into()]);
    for (n, year) in (2030..2040).enumerate() {
        let c = Draft::new("backcast", "steps", &format!("Step of {year}"))
            .field("year", &year.to_string())
            .group(Some("Table 1".into()))
            .into_contribution_with(format!("s{n}"), Timestamp::from_second(n as i64).unwrap());
        s.apply(&Change::Add { contribution: c }).unwrap();
    }
    let ex = s.scenario.exercise("backcast").unwrap().clone();
    let slots = ex.slots();
    let steps = slots.iter().position(|x| x.id == "steps").unwrap();
    for (width, height) in [(40, 14), (80, 24)] {
        let view = BoardView {
            session: &s,
            exercise: &ex,
            slots: &slots,
            slot: steps,
            group: Some("Table 1"),
            selected: None,
            projection: false,
            concealed: false,
            show_reference: false,
            order_seed: None,
            theme: Theme::plain(),
            arrived: None,
            memo: None,
        };
        let area = Rect::new(0, 0, width, height);
        let mut buf = Buffer::empty(area);
        let mut hits = Vec::new();
        Board(view).render(area, &mut buf, &mut hits);
        // The newest is the last added: the step of 2039, last on the timeline.
        assert!(
            hits.iter()
                .any(|(r, h)| *h == Hit::Contribution("s9".into()) && !r.is_empty()),
            "the newest step is not drawn at {width}×{height}"
        );
    }
}
