//! What a facilitator sees: the run screen of every exercise kind, drawn on a test terminal at
//! 80×24 and 160×48 (and in projection mode), filled with answers taken verbatim from the
//! published workshops the bundled plans come from. Each snapshot is the whole screen.

use std::path::{Path, PathBuf};

use hearth::model::{Change, Draft, Session};
use hearth::store::load_scenario;
use hearth::tui::state::{Focus, Run, Screen, State, Timer};
use hearth::tui::theme::Theme;
use hearth::tui::view::view;
use jiff::Timestamp;
use ratatui::Terminal;
use ratatui::backend::TestBackend;

/// A session of one bundled plan, filled answer by answer through `Session::apply`.
struct Workshop {
    session: Session,
    next: usize,
}

impl Workshop {
    fn of(plan: &str) -> Workshop {
        Workshop::at(
            &Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("scenarios")
                .join(plan),
        )
    }

    fn at(path: &Path) -> Workshop {
        let scenario = load_scenario(path).expect("the plans are valid");
        let groups = scenario.suggested_groups.clone();
        Workshop {
            session: Session::new(scenario, "Test run".into(), None, groups),
            next: 0,
        }
    }

    /// Adds one answer; returns its id. Ids and times are fixed so nothing depends on the clock.
    fn add(
        &mut self,
        exercise: &str,
        slot: &str,
        group: Option<&str>,
        text: &str,
        fields: &[(&str, &str)],
    ) -> String {
        let mut draft = Draft::new(exercise, slot, text).group(group.map(String::from));
        for (name, value) in fields {
            draft = draft.field(name, value);
        }
        self.next += 1;
        let id = format!("c{:05}", self.next);
        let at = Timestamp::from_second(1_700_000_000 + self.next as i64).unwrap();
        self.session
            .apply(&Change::Add {
                contribution: draft.into_contribution_with(id.clone(), at),
            })
            .unwrap_or_else(|e| panic!("{exercise}/{slot}: {e}"));
        id
    }

    /// Adds one answer under the answer `parent`; returns its id.
    fn add_under(
        &mut self,
        exercise: &str,
        slot: &str,
        group: Option<&str>,
        parent: &str,
        text: &str,
        fields: &[(&str, &str)],
    ) -> String {
        let mut draft = Draft::new(exercise, slot, text)
            .group(group.map(String::from))
            .parent(Some(parent.into()));
        for (name, value) in fields {
            draft = draft.field(name, value);
        }
        self.next += 1;
        let id = format!("c{:05}", self.next);
        let at = Timestamp::from_second(1_700_000_000 + self.next as i64).unwrap();
        self.session
            .apply(&Change::Add {
                contribution: draft.into_contribution_with(id.clone(), at),
            })
            .unwrap_or_else(|e| panic!("{exercise}/{slot}: {e}"));
        id
    }

    fn star(&mut self, id: &str) {
        let change = Change::SetStarred {
            id: id.into(),
            starred: true,
        };
        self.session.apply(&change).unwrap();
    }

    fn hide(&mut self, id: &str) {
        let change = Change::SetHidden {
            id: id.into(),
            hidden: true,
        };
        self.session.apply(&change).unwrap();
    }

    fn withdraw(&mut self, id: &str) {
        let at = Timestamp::from_second(1_800_000_000).unwrap();
        let change = Change::Withdraw { id: id.into(), at };
        self.session.apply(&change).unwrap();
    }

    fn edit(&mut self, id: &str, text: &str) {
        let fields = self.session.contribution(id).unwrap().fields.clone();
        let change = Change::Edit {
            id: id.into(),
            text: text.into(),
            fields,
            at: Timestamp::from_second(1_800_000_000).unwrap(),
        };
        self.session.apply(&change).unwrap();
    }
}

/// Settings of the run screen for one snapshot.
#[derive(Default)]
struct Shot {
    exercise: usize,
    slot: Option<&'static str>,
    group: usize,
    selected: Option<String>,
    projection: bool,
    concealed: bool,
    reference: bool,
}

/// The whole run screen at `w`×`h`, as text.
fn screen(session: &Session, shot: &Shot, w: u16, h: u16) -> String {
    let mut run = Run::new(PathBuf::from("sessions/test-run.json"), session.clone());
    run.exercise = shot.exercise;
    run.timer = Timer::new(run.current_exercise().minutes);
    if let Some(slot) = shot.slot {
        let i = run
            .current_slots()
            .iter()
            .position(|s| s.id == slot)
            .expect("the slot exists");
        run.slots[shot.exercise] = i;
    }
    run.group = Some(shot.group);
    run.reset_fields();
    if let Some(id) = &shot.selected {
        run.selected = Some(id.clone());
        run.focus = Focus::Select;
    }
    run.projection = shot.projection;
    if shot.concealed {
        let exercise = run.current_exercise().id.clone();
        run.session
            .apply(&Change::SetConcealed {
                exercise,
                concealed: true,
            })
            .unwrap();
    }
    run.show_reference = shot.reference;
    let state = State::new(Screen::Run(Box::new(run)), Theme::plain(), 7);
    let mut terminal = Terminal::new(TestBackend::new(w, h)).unwrap();
    terminal
        .draw(|f| {
            view(&state, f);
        })
        .unwrap();
    terminal.backend().to_string()
}

fn snap(name: &str, session: &Session, shot: &Shot) {
    for (w, h) in [(80, 24), (160, 48)] {
        insta::assert_snapshot!(format!("{name}_{w}x{h}"), screen(session, shot, w, h));
    }
}

/// One screen's snapshot, named (and filed) as the others are.
fn snap_one(name: &str, text: String) {
    insta::assert_snapshot!(name, text);
}

#[path = "tui_boards/futures.rs"]
mod futures;

const TABLES: [&str; 4] = ["Table 1", "Table 2", "Table 3", "Table 4"];

// ---------------------------------------------------------------- pathways

/// The published answers to questions 4, 5 and 6 of "Dreaming Together", dealt to the tables in
/// turn, exactly as the write-up gives them (trailing spaces aside).
fn dreaming_together() -> (Workshop, Vec<String>) {
    let notes = include_str!("fixtures/dreaming-together-answers.txt");
    let mut w = Workshop::of("dreaming-together.json");
    let mut ids = Vec::new();
    let mut slot = "";
    for line in notes.lines() {
        let t = line.trim();
        if t.starts_with("4.") {
            slot = "q4";
        } else if t.starts_with("5.") {
            slot = "q5";
        } else if t.starts_with("6.") {
            slot = "q6";
        } else if let Some(answer) = t.strip_prefix("• ") {
            let group = TABLES[ids.len() % 4];
            ids.push(w.add("pathways", slot, Some(group), answer.trim_end(), &[]));
        }
    }
    (w, ids)
}

#[test]
fn pathways_show_questions_with_answers_as_step_chains() {
    let (mut w, ids) = dreaming_together();
    assert_eq!(
        ids.len(),
        23,
        "the write-up publishes 23 answers to questions 4 to 6"
    );
    w.star(&ids[7]);
    w.hide(&ids[8]);
    let shot = Shot {
        slot: Some("q5"),
        ..Shot::default()
    };
    snap("pathways", &w.session, &shot);
    let shot = Shot {
        slot: Some("q4"),
        projection: true,
        ..Shot::default()
    };
    snap("pathways_projected", &w.session, &shot);
}

#[test]
fn pathways_keep_an_old_selected_answer_in_view() {
    let (w, ids) = dreaming_together();
    let shot = Shot {
        slot: Some("q6"),
        selected: Some(ids[1].clone()),
        ..Shot::default()
    };
    let text = screen(&w.session, &shot, 80, 24);
    assert!(text.contains("▸ [Table 2] Student → teaching"), "{text}");
    assert!(
        text.contains("Post partum care"),
        "the newest answer of the selected question shows:\n{text}"
    );
}

// ---------------------------------------------------------------- futures triangle

/// Triangle items in the words of "Visions of Opportunity for 2030".
fn futures() -> (Workshop, Vec<String>) {
    let mut w = Workshop::of("peer-support-futures.json");
    let items: [(&str, &str, &str, &str); 13] = [
        (
            "weight",
            "Table 1",
            "the misalignment between the values of peer support and the structures and processes within the mental health system",
            "",
        ),
        (
            "weight",
            "Table 2",
            "capitalism, patriarchy, racism, and poverty",
            "what makes us sick is being constructed as sick",
        ),
        ("weight", "Table 3", "a “add a PSW and stir” framework", ""),
        (
            "weight",
            "Table 4",
            "hierarchies that privilege professional expertise over other ways of knowing",
            "a recipe for tokenism and co-optation",
        ),
        (
            "push",
            "Table 1",
            "widespread recognition of the value of peer support for people experiencing mental health-related challenges, as well as its potential benefits for other communities",
            "",
        ),
        (
            "push",
            "Table 2",
            "the number of peer support workers in the UK had plateaued over the past five years",
            "",
        ),
        (
            "push",
            "Table 3",
            "an overarching peer support regulatory body and certification process",
            "",
        ),
        (
            "pull",
            "Table 1",
            "a peer support alliance in which people could get support, collaborate, and engage in multi-directional learning",
            "",
        ),
        (
            "pull",
            "Table 2",
            "peer-capable and liberating environments",
            "compassionate and collaborative leadership models, along with shared decision-making, co-production, and power-sharing",
        ),
        (
            "pull",
            "Table 4",
            "valuable opportunities for career progression",
            "",
        ),
        (
            "uncertainties",
            "Table 1",
            "whether the goals of peer support can be realized within the current mental health system",
            "",
        ),
        (
            "uncertainties",
            "Table 2",
            "whether system transformation should occur from within mainstream mental health services, from outside, or by straddling the boundary",
            "",
        ),
        (
            "uncertainties",
            "Table 3",
            "What would a regulatory body undo, produce, and uphold?",
            "",
        ),
    ];
    let mut ids = Vec::new();
    for (slot, group, text, elaboration) in items {
        let fields: &[(&str, &str)] = if elaboration.is_empty() {
            &[]
        } else {
            &[("elaboration", elaboration)]
        };
        ids.push(w.add("triangle", slot, Some(group), text, fields));
    }
    (w, ids)
}

#[test]
fn the_futures_triangle_is_drawn_with_its_corners_and_uncertainties() {
    let (mut w, ids) = futures();
    w.star(&ids[7]);
    w.hide(&ids[2]);
    let shot = Shot {
        slot: Some("push"),
        ..Shot::default()
    };
    snap("triangle", &w.session, &shot);
    let shot = Shot {
        slot: Some("pull"),
        projection: true,
        ..Shot::default()
    };
    snap("triangle_projected", &w.session, &shot);
    let text = screen(&w.session, &shot, 160, 48);
    assert!(
        !text.contains("add a PSW and stir"),
        "off the record, never projected"
    );
}

#[test]
fn a_concealed_triangle_counts_its_items_without_showing_them() {
    let (w, _) = futures();
    let shot = Shot {
        concealed: true,
        ..Shot::default()
    };
    let text = screen(&w.session, &shot, 160, 48);
    insta::assert_snapshot!("triangle_concealed_160x48", text);
    assert!(text.contains("3 answers — hidden until revealed"));
    assert!(!text.contains("capitalism"));
}

// ---------------------------------------------------------------- scenario building

fn scenario_building() -> Workshop {
    let mut w = futures().0;
    let ex = "scenarios";
    w.add(
        ex,
        "title",
        Some("Table 1"),
        "Solidarity",
        &[("x", "A peer support alliance"), ("y", "From outside")],
    );
    w.add(ex, "narrative", Some("Table 1"), "After much discussion, the group seemed to tentatively land on the idea of a peer support alliance in which people could get support, collaborate, and engage in multi-directional learning.", &[]);
    w.add(ex, "timeline", Some("Table 1"), "an asset mapping exercise to explore the collective strengths of the peer support community across the country", &[("year", "2027")]);
    w.add(ex, "timeline", Some("Table 1"), "a needs assessment to understand the full scope of peer support initiatives, practices, and approaches", &[("year", "2026")]);
    w.add(
        ex,
        "characteristics",
        Some("Table 1"),
        "a balance between fidelity and contextual adaptation",
        &[],
    );
    w.add(
        ex,
        "title",
        Some("Table 2"),
        "From a movement to a model",
        &[
            ("x", "A regulatory body"),
            ("y", "From within mainstream mental health services"),
        ],
    );
    w.add(ex, "narrative", Some("Table 2"), "This credibility could lead to material benefits such as funding, resources, and support for PSW roles.", &[]);
    w.add(
        ex,
        "timeline",
        Some("Table 2"),
        "an overarching peer support regulatory body and certification process",
        &[("year", "2028")],
    );
    w.add(
        ex,
        "characteristics",
        Some("Table 2"),
        "losing its organic, political, and radical roots",
        &[],
    );
    w.add(
        ex,
        "title",
        Some("Table 3"),
        "Peer-capable and liberating environments",
        &[
            ("x", "A peer support alliance"),
            ("y", "From within mainstream mental health services"),
        ],
    );
    w.add(ex, "narrative", Some("Table 3"), "By adopting compassionate and collaborative leadership models, along with shared decision-making, co-production, and power-sharing, we can transform mental health systems into peer-capable and liberating environments.", &[]);
    w.add(
        ex,
        "characteristics",
        Some("Table 4"),
        "the diverse approaches needed to address contextual needs",
        &[],
    );
    w.add(
        ex,
        "raised",
        Some("Table 2"),
        "What would a regulatory body undo, produce, and uphold?",
        &[],
    );
    w.add(ex, "raised", Some("Table 3"), "What is the role of peer support in systems that construct individuals who experience mental illness as sick?", &[]);
    w.add(ex, "shared", None, "solidarity.", &[]);
    w
}

#[test]
fn scenarios_are_placed_in_their_quadrants() {
    let w = scenario_building();
    let shot = Shot {
        exercise: 1,
        slot: Some("narrative"),
        ..Shot::default()
    };
    snap("scenarios", &w.session, &shot);
    let shot = Shot {
        exercise: 1,
        slot: Some("raised"),
        group: 1,
        ..Shot::default()
    };
    insta::assert_snapshot!("scenarios_raised_80x24", screen(&w.session, &shot, 80, 24));
}

// ---------------------------------------------------------------- value conflict

#[test]
fn value_conflicts_are_a_table_with_worked_rows_first() {
    let mut w = Workshop::of("value-conflicts.json");
    w.add("cto", "approaches", Some("Table 1"), "Invite the peer worker to talk with other peer workers / their community of practice about the conflict, seeking ideas from others on minimizing the conflict", &[("benefits", "The peer worker is less isolated in the conflict."), ("risks", "The value conflict is not resolved.")]);
    let id = w.add("cto", "approaches", Some("Table 2"), "Examine if the agencies position on the task is warranted, or if it needs to shift to be more recovery-oriented", &[("benefits", "Value conflicts are addressed and possibly minimized."), ("risks", "You may be seen as driving an alternative agenda from your organization.")]);
    w.star(&id);
    let shot = Shot::default();
    snap("value_conflict", &w.session, &shot);
}

// ---------------------------------------------------------------- role clarity

fn role_clarity() -> Workshop {
    let mut w = Workshop::of("role-clarity.json");
    let ex = "role-clarity";
    let marks: [(&str, &str, &str, &str); 10] = [
        ("3.h", "Table 1", "Yes", ""),
        (
            "3.h",
            "Table 2",
            "Yes",
            "Yes – new perspectives on recovery, coping",
        ),
        (
            "3.e",
            "Table 1",
            "Maybe",
            "often peer groups are co-facilitated by another team member",
        ),
        (
            "11.g",
            "Table 3",
            "Yes",
            "this is a poor use of a peer worker’s time",
        ),
        (
            "11.h",
            "Table 1",
            "No",
            "it may be a task that all team members share",
        ),
        ("11.h", "Table 2", "Maybe", ""),
        ("11.h", "Table 3", "No", ""),
        ("12.h", "Table 4", "No", ""),
        ("12.g", "Table 4", "??", "a delivery service"),
        ("26.h", "Table 1", "Yes", ""),
    ];
    for (slot, group, mark, comment) in marks {
        w.add(ex, slot, Some(group), comment, &[("mark", mark)]);
    }
    w
}

#[test]
fn role_clarity_is_a_grid_around_the_selected_cell() {
    let w = role_clarity();
    let shot = Shot {
        slot: Some("11.h"),
        ..Shot::default()
    };
    snap("role_clarity", &w.session, &shot);
    let shot = Shot {
        slot: Some("11.h"),
        reference: true,
        ..Shot::default()
    };
    snap("role_clarity_reference", &w.session, &shot);
}

// ---------------------------------------------------------------- checklist

#[test]
fn checklists_show_each_groups_marks() {
    let mut w = Workshop::of("readiness-checklist.json");
    let ex = "readiness";
    w.add(
        ex,
        "leadership-1",
        Some("Table 1"),
        "",
        &[("checked", "yes")],
    );
    w.add(
        ex,
        "leadership-1",
        Some("Table 2"),
        "",
        &[("checked", "yes")],
    );
    w.add(ex, "leadership-3", Some("Table 1"), "Training to the board and senior leadership on the value, outcomes, and core practices of peer support", &[("checked", "no")]);
    w.add(ex, "hr-1", Some("Table 3"), "", &[("checked", "yes")]);
    w.add(
        ex,
        "hr-2",
        Some("Table 1"),
        "At minimum peer workers are paid a living wage.",
        &[("checked", "no")],
    );
    w.add(ex, "hr-2", Some("Table 2"), "", &[("checked", "yes")]);
    let id = w.add(
        ex,
        "hr-2",
        Some("Table 4"),
        "competitive with other roles that perform similar duties",
        &[("checked", "no")],
    );
    w.edit(&id, "competitive with other roles that perform similar duties and have similar responsibilities");
    let shot = Shot {
        slot: Some("hr-2"),
        ..Shot::default()
    };
    snap("checklist", &w.session, &shot);
}

// ---------------------------------------------------------------- prompt round

#[test]
fn prompt_rounds_show_each_question_with_its_answers() {
    let mut w = Workshop::of("visions-2030.json");
    let ex = "consciousness";
    for (i, a) in [
        "capitalism",
        "patriarchy",
        "racism",
        "poverty",
        "being constructed as sick",
    ]
    .iter()
    .enumerate()
    {
        w.add(ex, "sick", Some(TABLES[i % 4]), a, &[]);
    }
    for (i, a) in ["connection", "choice", "community"].iter().enumerate() {
        w.add(ex, "whole", Some(TABLES[i % 4]), a, &[]);
    }
    let shot = Shot {
        slot: Some("whole"),
        ..Shot::default()
    };
    snap("prompt_round", &w.session, &shot);
    let mut w = Workshop::of("visions-2030.json");
    w.add(
        "topics",
        "t5",
        Some("Table 5"),
        "the potential for a regulatory body to \"suck the soul\" out of peer support",
        &[],
    );
    w.add("topics", "t5", Some("Table 5"), "a peer support union", &[]);
    w.add("topics", "t6", Some("Table 6"), "capacity building for healthcare professionals to understand the value that PSWs bring, the scope of their role, and their unique skill set", &[]);
    let shot = Shot {
        exercise: 1,
        slot: Some("t5"),
        group: 4,
        ..Shot::default()
    };
    snap("prompt_round_topics", &w.session, &shot);
}

// ---------------------------------------------------------------- notes

/// Session 1 of the webinar series: its key points and resources as the synopsis gives them
/// (the seed names the resources without links; one is given an address to show a link).
#[test]
fn notes_show_key_points_and_resources_with_their_links() {
    let mut w = Workshop::of("webinar-series.json");
    let ex = "session-1";
    w.add(ex, "key_points", None, "Peer support is a supportive relationship grounded in the principles of mutuality, empathy, and connection.", &[]);
    w.add(ex, "key_points", None, "The relationship is always voluntary and self-directed, and based on a shared lived, living experience.", &[]);
    w.add(
        ex,
        "key_points",
        None,
        "The focus of services is moving toward wholeness, rather than away from illness.",
        &[],
    );
    w.add(
        ex,
        "resources",
        None,
        "Peer Support Standards of Practice",
        &[],
    );
    w.add(
        ex,
        "resources",
        None,
        "PAN Peer Resources page",
        &[("link", "https://example.org/pan-peer-resources")],
    );
    let shot = Shot {
        slot: Some("resources"),
        ..Shot::default()
    };
    let screen = screen(&w.session, &shot, 80, 24);
    assert!(screen.contains("Key points") && screen.contains("Resources"));
    insta::assert_snapshot!("notes_80x24", screen);
}

// ---------------------------------------------------------------- every kind

/// One answer in the first slot of every exercise of the test plan with one of each kind,
/// with whatever fields the slot needs; returns (exercise index, answer id) pairs.
fn one_of_each(text: &str) -> (Workshop, Vec<(usize, String)>) {
    let mut w =
        Workshop::at(&Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/all-kinds.json"));
    let agenda = w.session.scenario.agenda.clone();
    let mut ids = Vec::new();
    for (i, ex) in agenda.iter().enumerate() {
        let slot = &ex.slots()[0];
        let fields: Vec<(&str, String)> = slot
            .fields
            .iter()
            .map(|f| {
                (
                    f.name,
                    f.choices.first().cloned().unwrap_or_else(|| "2030".into()),
                )
            })
            .collect();
        let fields: Vec<(&str, &str)> = fields.iter().map(|(n, v)| (*n, v.as_str())).collect();
        ids.push((i, w.add(&ex.id, &slot.id, Some("Table 1"), text, &fields)));
    }
    (w, ids)
}

#[test]
fn concealed_boards_count_answers_without_showing_them() {
    let (w, ids) = one_of_each("SECRET-ANSWER");
    for (exercise, _) in ids {
        let shot = Shot {
            exercise,
            concealed: true,
            ..Shot::default()
        };
        for (width, height) in [(80, 24), (160, 48)] {
            let text = screen(&w.session, &shot, width, height);
            let kind = w.session.scenario.agenda[exercise].kind_name();
            assert!(
                !text.contains("SECRET"),
                "{kind} at {width}×{height} shows a concealed answer:\n{text}"
            );
            assert!(
                text.contains("hidden until revealed"),
                "{kind} at {width}×{height} does not say answers exist:\n{text}"
            );
        }
    }
}

#[test]
fn off_the_record_answers_are_marked_and_never_projected() {
    let (mut w, ids) = one_of_each("OFF-RECORD-ANSWER");
    for (_, id) in &ids {
        w.hide(id);
    }
    for (exercise, id) in ids {
        let kind = w.session.scenario.agenda[exercise].kind_name();
        for projection in [false, true] {
            let shot = Shot {
                exercise,
                projection,
                selected: Some(id.clone()),
                ..Shot::default()
            };
            let text = screen(&w.session, &shot, 160, 48);
            if projection {
                assert!(
                    !text.contains("OFF-RECORD"),
                    "{kind} projects an answer off the record:\n{text}"
                );
            } else {
                assert!(
                    text.contains("OFF-RECORD"),
                    "{kind} does not show its answer:\n{text}"
                );
                assert!(
                    text.contains("[off the record]"),
                    "{kind} does not mark it:\n{text}"
                );
            }
        }
    }
}

#[test]
fn withdrawn_answers_leave_no_trace_on_any_board() {
    // The same session twice, one with a second answer per exercise that was then withdrawn:
    // every board draws the two alike, for the facilitator and on the projection.
    let (plain, _) = one_of_each("KEPT-ANSWER");
    let (mut w, ids) = one_of_each("KEPT-ANSWER");
    let agenda = w.session.scenario.agenda.clone();
    for (exercise, id) in &ids {
        let c = w.session.contribution(id).unwrap().clone();
        let fields: Vec<(&str, &str)> = c
            .fields
            .iter()
            .map(|(n, v)| (n.as_str(), v.as_str()))
            .collect();
        let gone = w.add(
            &agenda[*exercise].id,
            &c.slot,
            Some("Table 2"),
            "WITHDRAWN-WORDS",
            &fields,
        );
        w.withdraw(&gone);
    }
    for (exercise, _) in ids {
        let kind = agenda[exercise].kind_name();
        for projection in [false, true] {
            let shot = Shot {
                exercise,
                projection,
                ..Shot::default()
            };
            for (width, height) in [(80, 24), (160, 48)] {
                assert_eq!(
                    screen(&w.session, &shot, width, height),
                    screen(&plain.session, &shot, width, height),
                    "{kind} at {width}×{height}, projection {projection}: a withdrawn answer shows"
                );
            }
        }
    }
}

/// The row of `screen` that holds `marker`, without its quotes.
fn row_with<'a>(screen: &'a str, marker: &str) -> &'a str {
    screen
        .lines()
        .find(|l| l.contains(marker))
        .unwrap_or_else(|| panic!("no row with {marker:?}: {screen}"))
        .trim_matches('"')
}

#[test]
fn scenario_poles_are_readable_at_80_columns() {
    // The plan's poles: on the title's x and y rows every choice shows in full.
    let w = scenario_building();
    let shot = Shot {
        exercise: 1,
        slot: Some("title"),
        ..Shot::default()
    };
    let screen80 = screen(&w.session, &shot, 80, 24);
    let x = row_with(&screen80, "X:");
    assert!(
        x.contains("A regulatory body") && x.contains("A peer support alliance"),
        "{screen80}"
    );
    let y = row_with(&screen80, "Y:");
    assert!(
        y.contains("From outside") && y.contains("From within mainstream mental health services"),
        "{screen80}"
    );

    // Axes the room chose, with long poles: on the board each pole keeps its half of the
    // axis; in the box the chosen pole shows whole and the others shortened beside it.
    let mut w = scenario_building();
    let axis =
        |name: &str, low: &str, high: &str| hearth::model::exercise::scenario_building::Axis {
            name: name.into(),
            low: low.into(),
            high: high.into(),
        };
    w.session
        .apply(&Change::ChooseAxes {
            exercise: "scenarios".into(),
            axes: hearth::model::convergence::ChosenAxes {
                matrix: hearth::model::exercise::scenario_building::Matrix {
                    x: axis(
                        "Who sets the standards",
                        "Peer support regulated as a profession by the province",
                        "A peer-led alliance that sets its own standards",
                    ),
                    y: axis(
                        "Where transformation happens",
                        "Transformation happens outside mainstream services",
                        "Transformation happens within mainstream services",
                    ),
                },
                from: Vec::new(),
                at: Timestamp::from_second(1_750_000_000).unwrap(),
            },
        })
        .unwrap();
    let mut run = Run::new(PathBuf::from("sessions/test-run.json"), w.session.clone());
    run.park_timer_and_go(1);
    run.slots[1] = run
        .current_slots()
        .iter()
        .position(|s| s.id == "title")
        .unwrap();
    run.group = Some(3);
    run.reset_fields();
    run.capture[2].set("Transformation happens within mainstream services");
    run.capture_field = 2;
    let state = State::new(Screen::Run(Box::new(run)), Theme::plain(), 7);
    let mut terminal = Terminal::new(TestBackend::new(80, 24)).unwrap();
    terminal.draw(|f| drop(view(&state, f))).unwrap();
    let screen80 = terminal.backend().to_string();
    let axis_row = row_with(&screen80, "┼");
    assert!(
        axis_row.contains("◀ Peer support regulated")
            && axis_row.contains("A peer-led alliance")
            && axis_row.trim_end().ends_with('▶'),
        "both x poles show their start: {screen80}"
    );
    let y = row_with(&screen80, "Y:");
    assert!(
        y.contains("[Transformation happens within mainstream services]")
            && y.contains("Transformation hap"),
        "the chosen pole whole, the other shortened: {screen80}"
    );
    let x = row_with(&screen80, "X:");
    assert!(
        x.contains("Peer support regul") && x.contains("A peer-led all"),
        "nothing chosen yet: both x poles shortened: {screen80}"
    );
}

// ---------------------------------------------------------------- futures wheel

/// A wheel two tables add to, in the words of the emerging-issues post's regulation questions:
/// the 2nd-order consequence under "Regulation is imposed externally" is withdrawn, and its
/// 3rd-order consequence stays, shown under the 1st-order one and saying so.
fn wheel() -> (Workshop, Vec<String>) {
    let mut w = Workshop::at(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/futures-wheel.json"),
    );
    let ex = "wheel";
    let (t1, t2) = (Some("Table 1"), Some("Table 2"));
    let a = w.add(
        ex,
        "first",
        t1,
        "Legitimacy within the broader healthcare system",
        &[],
    );
    let b = w.add(
        ex,
        "first",
        t2,
        "Regulation is imposed on us externally",
        &[],
    );
    let a1 = w.add_under(
        ex,
        "second",
        t1,
        &a,
        "Higher wages for peer support workers",
        &[],
    );
    let a2 = w.add_under(
        ex,
        "second",
        t2,
        &a,
        "Post-secondary credentials are required",
        &[],
    );
    let a21 = w.add_under(
        ex,
        "third",
        t1,
        &a2,
        "Barriers to entering the field increase",
        &[],
    );
    let b1 = w.add_under(
        ex,
        "second",
        t2,
        &b,
        "Curriculum taught by other mental health disciplines",
        &[],
    );
    let b11 = w.add_under(ex, "third", t2, &b1, "Further peer drift", &[]);
    w.withdraw(&b1);
    (w, vec![a, b, a1, a2, a21, b1, b11])
}

#[test]
fn futures_wheel_shows_each_consequence_under_the_one_it_follows_from() {
    let (w, _) = wheel();
    let shot = Shot {
        slot: Some("second"),
        ..Shot::default()
    };
    let screen80 = screen(&w.session, &shot, 80, 24);
    assert!(screen80.contains("Central change: Peer support work is regulated"));
    // The 3rd-order consequence hangs under the 2nd-order one it follows from.
    let credentials = row_with(&screen80, "Post-secondary credentials");
    let barriers = row_with(&screen80, "Barriers to entering");
    assert!(
        credentials.contains("├─◆") || credentials.contains("└─◆"),
        "{screen80}"
    );
    assert!(barriers.contains("└─▪"), "{screen80}");
    // Its withdrawn parent's words are gone; the child stays, saying one was withdrawn.
    assert!(!screen80.contains("Curriculum taught"), "{screen80}");
    assert!(
        row_with(&screen80, "Further peer drift").contains("(↑ withdrawn)"),
        "{screen80}"
    );
    // The box says where the next answer goes: under the newest 1st-order consequence.
    assert!(
        screen80.contains("2nd order consequences under ‘Regulation is imposed on us"),
        "{screen80}"
    );
    snap("futures_wheel", &w.session, &shot);
    let projected = Shot {
        slot: Some("third"),
        projection: true,
        ..Shot::default()
    };
    // Projected, the ring being added to, each consequence under the one it follows from: the
    // withdrawn one's words never, its child under a note without them.
    let room = screen(&w.session, &projected, 80, 24);
    assert!(
        room.contains("under ‘Post-secondary credentials are required’"),
        "{room}"
    );
    assert!(
        room.contains("follows from an answer that was withdrawn"),
        "{room}"
    );
    assert!(!room.contains("Curriculum taught"), "{room}");
    insta::assert_snapshot!("futures_wheel_projected_80x24", room);
}

/// A wheel taller than the board: the rows shown keep the selected consequence in view and
/// say how many are above and below.
#[test]
fn a_large_futures_wheel_scrolls_to_the_selected_consequence() {
    let (mut w, _) = wheel();
    let mut last = String::new();
    for i in 0..30 {
        let first = w.add(
            "wheel",
            "first",
            Some("Table 1"),
            &format!("Consequence {i:02}"),
            &[],
        );
        last = w.add_under(
            "wheel",
            "second",
            Some("Table 2"),
            &first,
            &format!("Follows from {i:02}"),
            &[],
        );
    }
    let deep = w.session.contributions()[9].id.clone();
    let shot = Shot {
        selected: Some(deep),
        ..Shot::default()
    };
    let screen80 = screen(&w.session, &shot, 80, 24);
    assert!(
        screen80.contains("↓") && screen80.contains("more"),
        "{screen80}"
    );
    assert!(
        row_with(&screen80, "▸").contains("Consequence 01"),
        "{screen80}"
    );
    let shot = Shot {
        selected: Some(last),
        ..Shot::default()
    };
    let screen80 = screen(&w.session, &shot, 80, 24);
    assert!(
        screen80.contains("↑") && screen80.contains("Follows from 29"),
        "{screen80}"
    );
    insta::assert_snapshot!("futures_wheel_scrolled_80x24", screen80);
}

// ---------------------------------------------------------------- emerging issues

/// Two of the post's issues with their signals, sources and questions, and the shifts it names.
#[test]
fn emerging_issues_show_each_issue_with_its_signals_and_questions() {
    let mut w = Workshop::of("emerging-issues.json");
    let ex = "issues";
    let t1 = Some("Table 1");
    for shift in [
        "loss of independence and autonomy within the peer sector",
        "professionalization of peer support",
    ] {
        w.add(ex, "shift", None, shift, &[]);
    }
    let ai = w.add(
        ex,
        "issue",
        t1,
        "Artificial Intelligence (AI)",
        &[("description", "Over the past few years, the interest and use of artificial intelligence (AI) has been rapidly expanding, including within the healthcare system.")],
    );
    w.add_under(
        ex,
        "signal",
        t1,
        &ai,
        "Studies are already beginning to emerge focused on peer support delivered via AI chatbots",
        &[(
            "source",
            "Fortuna, K.L., Venegas, M., Umucu, E., Mois, G., Walker, R., & Brooks, J.M. (2019).",
        )],
    );
    w.add_under(
        ex,
        "question",
        t1,
        &ai,
        "How will the sector be shaped by a world with an increasing reliance on AI?",
        &[],
    );
    let reg = w.add(ex, "issue", Some("Table 2"), "Regulation", &[]);
    w.add_under(
        ex,
        "question",
        Some("Table 2"),
        &reg,
        "If so, who will be responsible for our regulation?",
        &[],
    );
    let shot = Shot {
        slot: Some("question"),
        ..Shot::default()
    };
    let screen80 = screen(&w.session, &shot, 80, 24);
    assert!(
        row_with(&screen80, "Artificial Intelligence").contains("■"),
        "{screen80}"
    );
    assert!(
        row_with(&screen80, "Studies are already").contains("│ ├─~"),
        "{screen80}"
    );
    assert!(
        screen80.contains("Questions it raises under ‘Regulation’"),
        "{screen80}"
    );
    snap("emerging_issues", &w.session, &shot);
}
