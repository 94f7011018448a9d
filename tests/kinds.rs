//! The registry of exercise kinds: every kind has every layer's impl (model, write-up, board,
//! page), a bundled plan or test fixture using it, a board snapshot, a write-up section that shows
//! its answers and an API shape. A new kind fails here until it has all of them; the `match`es
//! below are exhaustive, so the compiler names the kind too. See docs/adding-a-kind.md.

mod common;

use std::path::{Path, PathBuf};

use hearth::export::{Format, Options, export, write_up};
use hearth::model::ExerciseKind;
use hearth::model::exercise::{
    Backcasting, CausalLayeredAnalysis, Checklist, EmergingIssues, FuturesTriangle, FuturesWheel,
    Kind, KindModel, Notes, PathwayBrainstorm, PromptRound, RoleClarity, ScenarioBuilding,
    UNPLACED_SLOT, ValueConflict,
};
use hearth::model::{Change, Draft, Exercise, Session};
use hearth::net::api::ExerciseInfo;
use hearth::net::kinds::{KindPage, page};
use hearth::tui::boards::{
    Board, BoardView, ChecklistBoard, IssuesBoard, KindBoard, LayersBoard, NotesBoard,
    PathwayBoard, PromptRoundBoard, RoleClarityBoard, ScenarioBoard, TimelineBoard, TriangleBoard,
    ValueConflictBoard, WheelBoard,
};
use hearth::tui::theme::Theme;
use jiff::Timestamp;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::widgets::StatefulWidget;

/// What a kind's type must implement, one trait per layer (the write-up's trait is crate-private;
/// its one dispatch is exhaustive, and `a_write_up_section_shows_each_kinds_answers` runs it).
fn every_layer<K: KindModel + KindBoard + KindPage>() {}

/// Each kind's type has every layer's impl, and its board snapshot (`tests/snapshots/<stem>_*`,
/// from tests/tui_boards/).
fn registry(kind: Kind) -> &'static str {
    match kind {
        Kind::PromptRound => {
            every_layer::<PromptRound>();
            "tui_boards__prompt_round"
        }
        Kind::FuturesTriangle => {
            every_layer::<FuturesTriangle>();
            "tui_boards__triangle"
        }
        Kind::ScenarioBuilding => {
            every_layer::<ScenarioBuilding>();
            "tui_boards__scenarios"
        }
        Kind::PathwayBrainstorm => {
            every_layer::<PathwayBrainstorm>();
            "tui_boards__pathways"
        }
        Kind::ValueConflict => {
            every_layer::<ValueConflict>();
            "tui_boards__value_conflict"
        }
        Kind::RoleClarity => {
            every_layer::<RoleClarity>();
            "tui_boards__role_clarity"
        }
        Kind::Checklist => {
            every_layer::<Checklist>();
            "tui_boards__checklist"
        }
        Kind::Notes => {
            every_layer::<Notes>();
            "tui_boards__notes"
        }
        Kind::CausalLayeredAnalysis => {
            every_layer::<CausalLayeredAnalysis>();
            "tui_boards__causal_layers"
        }
        Kind::Backcasting => {
            every_layer::<Backcasting>();
            "tui_boards__backcast"
        }
        Kind::EmergingIssues => {
            every_layer::<EmergingIssues>();
            "tui_boards__emerging_issues"
        }
        Kind::FuturesWheel => {
            every_layer::<FuturesWheel>();
            "tui_boards__futures_wheel"
        }
    }
}

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// Every plan hearth bundles (`scenarios/`) and every plan among the test fixtures.
fn plans() -> Vec<PathBuf> {
    let mut plans = Vec::new();
    for dir in ["scenarios", "tests/fixtures"] {
        for entry in std::fs::read_dir(root().join(dir)).unwrap() {
            let path = entry.unwrap().path();
            if path.extension().is_some_and(|e| e == "json") {
                plans.push(path);
            }
        }
    }
    plans.sort();
    plans
}

/// The first exercise of `kind` in a bundled plan or fixture.
fn exercise_of(kind: Kind) -> Option<(PathBuf, Exercise)> {
    plans().into_iter().find_map(|path| {
        let plan = hearth::store::load_scenario(&path).ok()?;
        let ex = plan.agenda.into_iter().find(|e| e.kind.kind() == kind)?;
        Some((path, ex))
    })
}

const ANSWER: &str = "ZQXW";

/// A session of that one exercise, without answers.
fn alone(exercise: &Exercise) -> Session {
    let scenario = hearth::model::Scenario {
        agenda: vec![exercise.clone()],
        ..hearth::store::load_scenario(&common::fixture("all-kinds.json")).unwrap()
    };
    Session::new(scenario, "Registry".into(), None, vec!["Table 1".into()])
}

/// A session of that one exercise with an answer in each slot (a field's first choice, or
/// "2030", where the slot needs one).
fn answered(exercise: &Exercise) -> Session {
    let mut session = alone(exercise);
    for (n, slot) in exercise.slots().iter().enumerate() {
        if slot.id == UNPLACED_SLOT {
            continue;
        }
        let mut draft = Draft::new(&exercise.id, &slot.id, ANSWER).group(Some("Table 1".into()));
        for f in &slot.fields {
            let value = f.choices.first().cloned().unwrap_or_else(|| "2030".into());
            draft = draft.field(f.name, &value);
        }
        let at = Timestamp::from_second(1_700_000_000 + n as i64).unwrap();
        session
            .apply(&Change::Add {
                contribution: draft.into_contribution_with(format!("c{n}"), at),
            })
            .unwrap_or_else(|e| panic!("{}/{}: {e}", exercise.id, slot.id));
    }
    session
}

#[test]
fn kind_names_come_from_one_list_and_read_back() {
    assert!(!Kind::ALL.is_empty());
    for &kind in Kind::ALL {
        assert_eq!(Kind::named(kind.name()), Some(kind));
        let (_, ex) = exercise_of(kind).unwrap_or_else(|| panic!("no plan uses {}", kind.name()));
        assert_eq!(ex.kind_name(), kind.name());
        let json = serde_json::to_value(&ex).unwrap();
        assert_eq!(
            json["kind"],
            kind.name(),
            "{} is written under another name",
            kind.name()
        );
    }
}

#[test]
fn every_kind_is_in_a_plan_and_has_a_board_snapshot() {
    for &kind in Kind::ALL {
        let stem = registry(kind);
        assert!(
            exercise_of(kind).is_some(),
            "no plan in scenarios/ or tests/fixtures/ uses `{}`",
            kind.name()
        );
        let snapshot = root().join(format!("tests/snapshots/{stem}_80x24.snap"));
        let text = std::fs::read_to_string(&snapshot)
            .unwrap_or_else(|e| panic!("{}: no board snapshot {snapshot:?}: {e}", kind.name()));
        // Taken by tests/tui_boards/ (written `tests/tui_boards.rs` before it was a folder).
        assert!(text.contains("source: tests/tui_boards"), "{snapshot:?}");
    }
}

#[test]
fn each_kinds_board_shows_its_answers() {
    for &kind in Kind::ALL {
        let (_, ex) = exercise_of(kind).unwrap();
        let session = answered(&ex);
        let slots = ex.slots();
        let view = BoardView {
            session: &session,
            exercise: &ex,
            slots: &slots,
            slot: 0,
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
        let area = Rect::new(0, 0, 200, 60);
        let mut buf = Buffer::empty(area);
        let mut hits = Vec::new();
        Board(view).render(area, &mut buf, &mut hits);
        let text: String = buf.content().iter().map(|c| c.symbol()).collect();
        assert!(
            text.contains(ANSWER),
            "the {} board does not show its answers",
            kind.name()
        );
        assert!(
            !hits.is_empty(),
            "nothing on the {} board can be clicked",
            kind.name()
        );
    }
}

/// Each kind's board widget, rendered on its own into an empty buffer, draws what [`Board`]
/// draws for that kind, and records the same places to click.
#[test]
fn each_kinds_board_widget_renders_as_the_board_does() {
    for &kind in Kind::ALL {
        let (_, ex) = exercise_of(kind).unwrap();
        let session = answered(&ex);
        let slots = ex.slots();
        let view = BoardView {
            session: &session,
            exercise: &ex,
            slots: &slots,
            slot: 0,
            group: Some("Table 1"),
            selected: None,
            projection: true,
            concealed: false,
            show_reference: false,
            order_seed: None,
            theme: Theme::plain(),
            arrived: None,
            memo: None,
        };
        let area = Rect::new(0, 0, 120, 40);
        let mut board = Buffer::empty(area);
        let mut board_hits = Vec::new();
        Board(view).render(area, &mut board, &mut board_hits);
        let mut own = Buffer::empty(area);
        let mut own_hits = Vec::new();
        match &ex.kind {
            ExerciseKind::PromptRound(k) => {
                PromptRoundBoard { view, kind: k }.render(area, &mut own, &mut own_hits)
            }
            ExerciseKind::FuturesTriangle(k) => {
                TriangleBoard { view, kind: k }.render(area, &mut own, &mut own_hits)
            }
            ExerciseKind::ScenarioBuilding(k) => {
                ScenarioBoard { view, kind: k }.render(area, &mut own, &mut own_hits)
            }
            ExerciseKind::PathwayBrainstorm(k) => {
                PathwayBoard { view, kind: k }.render(area, &mut own, &mut own_hits)
            }
            ExerciseKind::ValueConflict(k) => {
                ValueConflictBoard { view, kind: k }.render(area, &mut own, &mut own_hits)
            }
            ExerciseKind::RoleClarity(k) => {
                RoleClarityBoard { view, kind: k }.render(area, &mut own, &mut own_hits)
            }
            ExerciseKind::Checklist(k) => {
                ChecklistBoard { view, kind: k }.render(area, &mut own, &mut own_hits)
            }
            ExerciseKind::Notes(k) => {
                NotesBoard { view, kind: k }.render(area, &mut own, &mut own_hits)
            }
            ExerciseKind::CausalLayeredAnalysis(k) => {
                LayersBoard { view, kind: k }.render(area, &mut own, &mut own_hits)
            }
            ExerciseKind::Backcasting(k) => {
                TimelineBoard { view, kind: k }.render(area, &mut own, &mut own_hits)
            }
            ExerciseKind::EmergingIssues(k) => {
                IssuesBoard { view, kind: k }.render(area, &mut own, &mut own_hits)
            }
            ExerciseKind::FuturesWheel(k) => {
                WheelBoard { view, kind: k }.render(area, &mut own, &mut own_hits)
            }
        }
        assert_eq!(own, board, "the {} board widget", kind.name());
        assert_eq!(
            own_hits,
            board_hits,
            "the {} board widget's hits",
            kind.name()
        );
    }
}

#[test]
fn a_write_up_section_shows_each_kinds_answers() {
    for &kind in Kind::ALL {
        let (_, ex) = exercise_of(kind).unwrap();
        let session = answered(&ex);
        let doc = write_up(&session, &Options::default());
        let section = doc
            .sections
            .iter()
            .find(|s| s.id == ex.id)
            .unwrap_or_else(|| panic!("no section for the {} exercise", kind.name()));
        assert!(
            format!("{:?}", section.blocks).contains(ANSWER),
            "the {} write-up leaves out its answers: {section:?}",
            kind.name()
        );
        let md =
            String::from_utf8(export(&session, Format::Markdown, &Options::default()).unwrap())
                .unwrap();
        assert!(
            md.contains(ANSWER),
            "the {} Markdown leaves out its answers",
            kind.name()
        );
    }
}

#[test]
fn each_kind_has_an_api_shape() {
    for &kind in Kind::ALL {
        let (_, ex) = exercise_of(kind).unwrap();
        let info = ExerciseInfo::of(&alone(&ex), &ex, 0, 1);
        assert_eq!(info.kind, kind.name());
        // What the exercise is about, as the plan file says it, is what the page shows.
        let plan = serde_json::to_value(&ex).unwrap();
        let about = [
            "topic",
            "focal_question",
            "situation",
            "question",
            "issue",
            "centre",
        ]
        .iter()
        .find_map(|f| plan[f].as_str())
        .unwrap_or("");
        assert_eq!(info.question, about, "{}", kind.name());
        // And when the plan gives the kind's topic, focal question, situation or question.
        for field in [
            "topic",
            "focal_question",
            "situation",
            "question",
            "issue",
            "centre",
        ] {
            let mut plan = plan.clone();
            plan[field] = "ABOUT-IT".into();
            if let Ok(ex) = serde_json::from_value::<Exercise>(plan) {
                let info = ExerciseInfo::of(&alone(&ex), &ex, 0, 1);
                assert_eq!(info.question, "ABOUT-IT", "{} `{field}`", kind.name());
            }
        }
        let slots: Vec<String> = ex
            .slots()
            .into_iter()
            .filter(|s| s.id != UNPLACED_SLOT)
            .map(|s| s.id)
            .collect();
        let sent: Vec<String> = info.slots.iter().map(|s| s.id.clone()).collect();
        assert_eq!(sent, slots, "{}", kind.name());
        let json = serde_json::to_string(&info).unwrap();
        let back: ExerciseInfo = serde_json::from_str(&json).unwrap();
        assert_eq!(back, info);
        let first = ex.slots().into_iter().next();
        let heading = page(&ex.kind).heading(&ex, first.as_ref(), 0);
        assert!(
            !heading.is_empty(),
            "{} has no audience heading",
            kind.name()
        );
    }
}
