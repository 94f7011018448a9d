//! What a facilitator sees: the run screen of every exercise kind, drawn on a test terminal at
//! 80×24 and 160×48 (and in projection mode), filled with answers taken verbatim from the
//! published workshops the bundled plans come from. Each snapshot is the whole screen.
//!
//! This file holds what every board's tests share (a workshop filled answer by answer, the run
//! screen drawn as text, the snapshots); each module holds the tests of one board kind or topic.

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
        let draft = Draft::new(exercise, slot, text).group(group.map(String::from));
        self.add_draft(draft, fields)
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
        let draft = Draft::new(exercise, slot, text)
            .group(group.map(String::from))
            .parent(Some(parent.into()));
        self.add_draft(draft, fields)
    }

    fn add_draft(&mut self, mut draft: Draft, fields: &[(&str, &str)]) -> String {
        let (exercise, slot) = (draft.exercise.clone(), draft.slot.clone());
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

/// Runs `check` with snapshots kept in `tests/snapshots/` beside every other test's, not in a
/// folder of this test's own: each is `tui_boards__<name>.snap`, whichever module takes it.
fn in_snapshots(check: impl FnOnce()) {
    let mut settings = insta::Settings::clone_current();
    settings.set_snapshot_path(Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/snapshots"));
    settings.bind(check);
}

fn snap(name: &str, session: &Session, shot: &Shot) {
    for (w, h) in [(80, 24), (160, 48)] {
        in_snapshots(|| {
            insta::assert_snapshot!(format!("{name}_{w}x{h}"), screen(session, shot, w, h));
        });
    }
}

/// One screen's snapshot, named (and filed) as the others are.
fn snap_one(name: &str, text: String) {
    in_snapshots(|| insta::assert_snapshot!(name, text));
}

const TABLES: [&str; 4] = ["Table 1", "Table 2", "Table 3", "Table 4"];

/// The row of `screen` that holds `marker`, without its quotes.
fn row_with<'a>(screen: &'a str, marker: &str) -> &'a str {
    screen
        .lines()
        .find(|l| l.contains(marker))
        .unwrap_or_else(|| panic!("no row with {marker:?}: {screen}"))
        .trim_matches('"')
}

mod emerging;
mod every_kind;
mod futures;
mod lists;
mod pathways;
mod scenarios;
mod tables;
mod triangle;
mod wheel;
