//! What was said, and only that: questions and exercises nobody answered are left out of a
//! write-up unless `--include-empty`; role clarity lists only the marked activities, each with
//! its reference answers, names the groups whose marks differ and states a mark once.

use hearth::export::{Format, Options, write_up};
use hearth::model::{Change, Draft, Session};
use hearth::store::{create_session, load_scenario};

use crate::common::{all_kinds, run_hearth};
use crate::read::{exported, md_table_rows, repo, text};

// ---- role clarity on the bundled plan ----

const ACTIVITY_3: &str = "Leading a peer support group";

/// The bundled role-clarity plan (57 activities), two groups, two activities marked: in
/// activity 3 the groups differ on (h) and Table 1 marks (c) "Maybe" with the comment "Maybe";
/// in activity 7 both groups mark (a) Yes, and Table 2 marks (g) "??" with a comment.
fn roles_session() -> Session {
    let plan = load_scenario(&repo("scenarios/role-clarity.json")).unwrap();
    let mut s = Session::new(
        plan,
        "Role clarity".into(),
        "2026-05-14".parse().ok(),
        vec!["Table 1".into(), "Table 2".into()],
    );
    let marks = [
        ("3.h", "Table 1", "Yes", ""),
        ("3.h", "Table 2", "No", ""),
        ("3.c", "Table 1", "Maybe", "Maybe"),
        ("7.a", "Table 1", "Yes", ""),
        ("7.a", "Table 2", "Yes", ""),
        ("7.g", "Table 2", "??", "depends on the team"),
    ];
    for (slot, group, mark, comment) in marks {
        let c = Draft::new("role-clarity", slot, comment)
            .field("mark", mark)
            .group(Some(group.into()))
            .into_contribution();
        s.apply(&Change::Add { contribution: c }).unwrap();
    }
    s
}

fn activity_text(s: &Session, id: &str) -> String {
    match &s.scenario.agenda[0].kind {
        hearth::model::exercise::ExerciseKind::RoleClarity(k) => k
            .activities
            .iter()
            .find(|a| a.id == id)
            .unwrap()
            .text
            .clone(),
        _ => panic!("not role clarity"),
    }
}

const GRID_HEAD: [&str; 9] = [
    "Activity", "(a)", "(b)", "(c)", "(d)", "(e)", "(f)", "(g)", "(h)",
];

/// The grid as it should read: each row's cells, each cell's entries, each entry's words
/// (group, mark, text) — the Markdown and the HTML must both say this.
fn expected_grid(s: &Session) -> Vec<Vec<Vec<Vec<String>>>> {
    let row = |first: &str, cells: &[(usize, &[&[&str]])]| {
        let mut row: Vec<Vec<Vec<String>>> = vec![vec![vec![first.to_owned()]]];
        row.extend((1..=8).map(|col| {
            cells
                .iter()
                .find(|(c, _)| *c == col)
                .map(|(_, entries)| {
                    entries
                        .iter()
                        .map(|e| e.iter().map(|w| (*w).to_owned()).collect())
                        .collect()
                })
                .unwrap_or_default()
        }));
        row
    };
    assert_eq!(activity_text(s, "3"), ACTIVITY_3);
    vec![
        // (c) is "Maybe" once; (h) names the two groups, whose marks differ.
        row(
            ACTIVITY_3,
            &[
                (3, &[&["Maybe"]]),
                (8, &[&["Table 1", "Yes"], &["Table 2", "No"]]),
            ],
        ),
        // The reference: a mark alone is shown once, a text that begins with its mark as the
        // text alone.
        row(
            "Reference",
            &[
                (1, &[&["Yes"]]),
                (2, &[&["Yes"]]),
                (3, &[&["Yes – new perspectives on recovery, coping"]]),
                (4, &[&["No"]]),
                (
                    5,
                    &[&[
                        "No – however, often peer groups are co-facilitated by another team member. The presence of other staff lessens the peer component",
                    ]],
                ),
                (6, &[&["No"]]),
                (7, &[&["No"]]),
                (8, &[&["Yes"]]),
            ],
        ),
        // Both groups said Yes: said once, no group named.
        row(
            &activity_text(s, "7"),
            &[(1, &[&["Yes"]]), (7, &[&["??", "depends on the team"]])],
        ),
        row(
            "Reference",
            &[
                (1, &[&["Yes"]]),
                (2, &[&["Yes"]]),
                (3, &[&["Yes"]]),
                (4, &[&["No"]]),
                (5, &[&["No"]]),
                (6, &[&["No"]]),
                (7, &[&["Only if there is a dedicated outreach worker"]]),
                (8, &[&["Likely"]]),
            ],
        ),
    ]
}

/// A Markdown cell read back into entries (split at `<br>`) and words: the bold label before
/// `:`, then the mark before ` — `, then the text.
fn md_cell(cell: &str) -> Vec<Vec<String>> {
    if cell.is_empty() {
        return Vec::new();
    }
    cell.split('\n')
        .map(|entry| {
            let mut words = Vec::new();
            let mut rest = entry;
            if let Some(r) = rest.strip_prefix("⟨Start(Strong)⟩") {
                let (label, after) = r.split_once(":⟨End(Strong)⟩ ").expect("a label");
                words.push(label.to_owned());
                rest = after;
            }
            match rest.split_once(" — ") {
                Some((mark, text)) => words.extend([mark.to_owned(), text.to_owned()]),
                None => words.push(rest.to_owned()),
            }
            words
        })
        .collect()
}

/// The rows of the HTML table of `class`: each cell's entries (`div.entry`, or the cell's one
/// text), each entry's words (its spans' texts).
fn html_table(html: &str, class: &str) -> Vec<Vec<Vec<Vec<String>>>> {
    use html5gum::Token;
    let mut rows: Vec<Vec<Vec<Vec<String>>>> = Vec::new();
    let mut in_table = false;
    let mut in_body = false;
    let mut word: Option<String> = None;
    for token in html5gum::Tokenizer::new(html).flatten() {
        match token {
            Token::StartTag(tag) => {
                let name = String::from_utf8_lossy(&tag.name).into_owned();
                let classes = tag
                    .attributes
                    .get(b"class".as_slice())
                    .map(|c| String::from_utf8_lossy(c).into_owned())
                    .unwrap_or_default();
                match name.as_str() {
                    "table" => in_table = classes.split(' ').any(|c| c == class),
                    "tbody" if in_table => in_body = true,
                    "tr" if in_body => rows.push(Vec::new()),
                    "td" if in_body => rows.last_mut().unwrap().push(Vec::new()),
                    "div" if in_body && classes == "entry" => {
                        let cell = rows.last_mut().unwrap().last_mut().unwrap();
                        cell.push(Vec::new());
                    }
                    "span" if in_body => word = Some(String::new()),
                    _ => {}
                }
            }
            Token::EndTag(tag) => match tag.name.as_slice() {
                b"span" if in_body => {
                    let w = word.take().unwrap();
                    let cell = rows.last_mut().unwrap().last_mut().unwrap();
                    if cell.is_empty() {
                        cell.push(Vec::new());
                    }
                    cell.last_mut().unwrap().push(w);
                }
                b"table" => {
                    in_table = false;
                    in_body = false;
                }
                _ => {}
            },
            Token::String(s) => {
                if let Some(w) = word.as_mut() {
                    w.push_str(&String::from_utf8_lossy(&s));
                }
            }
            _ => {}
        }
    }
    rows
}

#[test]
fn role_clarity_lists_the_marked_activities_with_their_reference_and_names_differing_groups() {
    let s = roles_session();
    let want = expected_grid(&s);
    let o = Options::default();

    let md = exported(&s, Format::Markdown, &o);
    let rows: Vec<Vec<Vec<Vec<String>>>> = md_table_rows(&md, &GRID_HEAD)
        .iter()
        .map(|row| row.iter().map(|c| md_cell(c)).collect())
        .collect();
    assert_eq!(rows, want, "Markdown:\n{md}");
    // One grid: no second table of all 57 reference rows, no unmarked activity anywhere.
    assert!(!md.contains("#### Reference answers"), "{md}");
    assert!(!md.contains(&activity_text(&s, "1")), "{md}");
    assert!(!md.contains("Yes<br>No"), "{md}");
    assert!(
        md.contains("Under each activity, the reference answers"),
        "{md}"
    );

    let html = exported(&s, Format::Html, &o);
    assert_eq!(html_table(&html, "grid"), want, "HTML:\n{html}");
    assert!(!html.contains(&activity_text(&s, "1")));

    // --by-group names every entry, the agreeing ones too, and changes nothing else.
    let by_group = exported(
        &s,
        Format::Html,
        &Options {
            by_group: true,
            ..Options::default()
        },
    );
    let grid = html_table(&by_group, "grid");
    assert_eq!(
        grid[2][1],
        [["Table 1", "Yes"], ["Table 2", "Yes"]],
        "{by_group}"
    );
    assert_eq!(grid[0][8], want[0][8]);

    // With include_empty every activity of the plan is listed, each with its reference.
    let all = exported(
        &s,
        Format::Markdown,
        &Options {
            include_empty: true,
            ..Options::default()
        },
    );
    let rows = md_table_rows(&all, &GRID_HEAD);
    let activities = rows.iter().filter(|r| r[0] != "Reference").count();
    assert_eq!(activities, 57, "{all}");
    assert!(all.contains(&activity_text(&s, "1")));
}

// ---- questions and exercises nobody answered ----

fn one_answer_session() -> Session {
    let scenario = all_kinds();
    let groups = scenario.suggested_groups.clone();
    let mut s = Session::new(scenario, "Half".into(), "2026-11-22".parse().ok(), groups);
    let c = Draft::new("round", "sick", "Poverty").into_contribution();
    s.apply(&Change::Add { contribution: c }).unwrap();
    // An off-the-record answer is not an answer on the record: its question stays out.
    let mut c = Draft::new("pathways", "q1", "SECRET").into_contribution();
    c.hidden = true;
    s.apply(&Change::Add { contribution: c }).unwrap();
    s
}

const ANSWERED: &str = "What makes us sick?";
const UNANSWERED: &str = "What makes us feel safe, held, and whole?";
const EMPTY_EXERCISES: [&str; 6] = [
    "Futures Triangle",
    "Scenario building",
    "Dreaming together",
    "When duties conflict with values",
    "Getting to role clarity",
    "Are we ready for a peer role?",
];

#[test]
fn unanswered_questions_and_exercises_are_left_out_unless_include_empty() {
    let s = one_answer_session();
    for format in [Format::Markdown, Format::Html, Format::Text] {
        let doc = exported(&s, format, &Options::default());
        assert!(doc.contains(ANSWERED), "{format:?}:\n{doc}");
        assert!(doc.contains("Consciousness raising"), "{format:?}:\n{doc}");
        assert!(!doc.contains(UNANSWERED), "{format:?}:\n{doc}");
        for title in EMPTY_EXERCISES {
            assert!(!doc.contains(title), "{format:?}: {title}:\n{doc}");
        }
        let all = exported(
            &s,
            format,
            &Options {
                include_empty: true,
                ..Options::default()
            },
        );
        assert!(all.contains(UNANSWERED), "{format:?}:\n{all}");
        for title in EMPTY_EXERCISES {
            assert!(all.contains(title), "{format:?}: {title}:\n{all}");
        }
        assert!(!all.contains("SECRET"));
    }
    // The one exercise left is not numbered; the exercises written up are numbered in order.
    let numbers = |o: &Options| -> Vec<(String, Option<usize>)> {
        write_up(&s, o)
            .sections
            .into_iter()
            .map(|sec| (sec.id, sec.number))
            .collect()
    };
    assert_eq!(numbers(&Options::default()), [("round".into(), None)]);
    let with_hidden = Options {
        include_hidden: true,
        ..Options::default()
    };
    assert_eq!(
        numbers(&with_hidden),
        [("round".into(), Some(1)), ("pathways".into(), Some(2))]
    );
    let every = numbers(&Options {
        include_empty: true,
        ..Options::default()
    });
    assert_eq!(every.len(), 7);
    assert_eq!(every[3], ("pathways".into(), Some(4)));
    let md = exported(&s, Format::Markdown, &Options::default());
    assert!(md.contains("\n## Consciousness raising\n"), "{md}");
    assert!(
        md.contains(&format!("\n### {ANSWERED}\n\n- Poverty\n")),
        "{md}"
    );
    // The hidden answer's question comes back with --include-hidden.
    let hidden = exported(
        &s,
        Format::Markdown,
        &Options {
            include_hidden: true,
            ..Options::default()
        },
    );
    assert!(hidden.contains("Dreaming together"), "{hidden}");
    assert!(!hidden.contains(UNANSWERED), "{hidden}");
}

#[test]
fn hearth_export_include_empty_brings_back_what_nobody_answered() {
    let dir = tempfile::tempdir().unwrap();
    let path = create_session(dir.path(), &one_answer_session()).unwrap();
    let p = path.to_str().unwrap();
    let out = run_hearth(dir.path(), &["export", p, "--format", "md"], None);
    assert!(out.status.success());
    let md = text(&out);
    assert!(md.contains(ANSWERED) && !md.contains(UNANSWERED), "{md}");
    let out = run_hearth(
        dir.path(),
        &["export", p, "--format", "md", "--include-empty"],
        None,
    );
    assert!(out.status.success());
    let md = text(&out);
    assert!(md.contains(ANSWERED) && md.contains(UNANSWERED), "{md}");
    for title in EMPTY_EXERCISES {
        assert!(md.contains(title), "{title}:\n{md}");
    }
    let help = run_hearth(dir.path(), &["export", "--help"], None);
    assert!(text(&help).contains("--include-empty"), "{}", text(&help));
}

#[test]
fn a_checklist_shows_only_the_items_somebody_marked_unless_include_empty() {
    let mut s = one_answer_session();
    let c = Draft::new("ready", "why", "")
        .field("checked", "yes")
        .into_contribution();
    s.apply(&Change::Add { contribution: c }).unwrap();
    let unmarked = "There is a clear and defined job description for the peer worker.";
    let md = exported(&s, Format::Markdown, &Options::default());
    assert!(
        md.contains("| The organization can articulate why it is hiring a peer worker. | yes |"),
        "{md}"
    );
    // Neither the unmarked item nor its section, which has no other item.
    assert!(!md.contains(unmarked), "{md}");
    assert!(!md.contains("### Human Resources"), "{md}");
    let all = exported(
        &s,
        Format::Markdown,
        &Options {
            include_empty: true,
            ..Options::default()
        },
    );
    assert!(all.contains(&format!("| {unmarked} |  |")), "{all}");
    assert!(all.contains("### Human Resources"), "{all}");
}

// ---- untitled scenarios ----

#[test]
fn an_untitled_scenario_is_numbered_in_the_write_up_and_the_matrix() {
    let scenario = all_kinds();
    let mut s = Session::new(
        scenario,
        "Futures".into(),
        "2026-11-22".parse().ok(),
        vec!["Table 1".into(), "Table 2".into()],
    );
    let drafts = [
        Draft::new("scenarios", "title", "The Alliance Inside")
            .field("x", "Alliance")
            .field("y", "Inside the mainstream")
            .group(Some("Table 1".into())),
        // Saved with its poles and no title.
        Draft::new("scenarios", "title", "")
            .field("x", "Regulated profession")
            .field("y", "Outside the mainstream")
            .group(Some("Table 2".into())),
        Draft::new(
            "scenarios",
            "narrative",
            "Peer work is licensed, and kept apart.",
        )
        .group(Some("Table 2".into())),
    ];
    for d in drafts {
        s.apply(&Change::Add {
            contribution: d.into_contribution(),
        })
        .unwrap();
    }
    let md = exported(&s, Format::Markdown, &Options::default());
    assert!(md.contains("\n### The Alliance Inside\n"), "{md}");
    assert!(
        md.contains("\n### Scenario 2\n\nQuadrant: Regulated profession, Outside the mainstream"),
        "{md}"
    );
    assert!(!md.contains("\n### \n") && !md.contains("\n###\n"), "{md}");
    // In the 2×2, the untitled scenario sits in its quadrant under its number.
    let doc = write_up(&s, &Options::default());
    let placed = doc
        .sections
        .iter()
        .flat_map(|sec| &sec.blocks)
        .find_map(|b| match b {
            hearth::export::writeup::Block::Figure(f) => match &f.drawing {
                hearth::export::writeup::Drawing::Matrix { placed, .. } => Some(placed.clone()),
                _ => None,
            },
            _ => None,
        })
        .expect("a matrix");
    let titles: Vec<(&str, bool, bool)> = placed
        .iter()
        .map(|p| (p.title.as_str(), p.x_high, p.y_high))
        .collect();
    assert_eq!(
        titles,
        [
            ("The Alliance Inside", false, true),
            ("Scenario 2", true, false)
        ]
    );
    let html = exported(&s, Format::Html, &Options::default());
    assert!(html.contains(">Scenario 2<"), "{html}");
}
