//! Drawing never panics: every board (and the home screen) at any size from 1×1 to 250×80, with
//! contributions made of emoji, CJK, right-to-left text, combining marks, tabs, control
//! characters, bidi overrides, long words and many lines, in any display mode.

mod common;

use std::path::{Path, PathBuf};

use hearth::model::{Change, Draft, Scenario, Session};
use hearth::store::load_scenario;
use hearth::tui::boards::{Board, BoardView, Hit};
use hearth::tui::state::{Focus, Home, Run, ScenarioEntry, Screen, SessionEntry, State};
use hearth::tui::theme::Theme;
use hearth::tui::view::view;
use proptest::prelude::*;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::widgets::StatefulWidget;

/// Every bundled plan and the test plan with one exercise of each kind.
fn plans() -> Vec<Scenario> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files: Vec<PathBuf> = std::fs::read_dir(root.join("scenarios"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    files.sort();
    files.push(root.join("tests/fixtures/all-kinds.json"));
    files.iter().map(|p| load_scenario(p).unwrap()).collect()
}

/// Pieces that have broken terminal apps: wide, zero-width, reordering and control characters.
const NASTY: &[&str] = &[
    "🚀",
    "👨\u{200d}👩\u{200d}👧\u{200d}👦",
    "🏳️\u{200d}🌈",
    "夢",
    "ｗｉｄｅ",
    "שלום עולם",
    "مرحبا بالعالم",
    "e\u{301}\u{301}\u{301}",
    "\u{0338}",
    "Z\u{0351}\u{0354}\u{0317}\u{0358}a\u{035e}l\u{0336}g\u{0334}o",
    "\t",
    "\t\t",
    "\n",
    "\n\n\n",
    "\u{1b}[31m",
    "\u{7}",
    "\u{0}",
    "\u{7f}",
    "\u{202e}",
    "\u{2066}",
    "\u{feff}",
    "\u{200b}",
    "\u{ad}",
    " ",
    "   ",
    "-->",
    "→",
    "Entry: ",
    "Exit:",
    "ｶﾞ",
    "supercalifragilisticexpialidocious",
    "a-very-long-word-without-any-spaces-at-all-to-break-it-anywhere-at-all-really",
];

fn piece() -> impl Strategy<Value = String> {
    prop_oneof![
        4 => prop::sample::select(NASTY).prop_map(str::to_owned),
        3 => "[a-z ]{1,12}",
        2 => any::<char>().prop_map(|c| c.to_string()),
        1 => "[\\u{590}-\\u{6ff}\\u{3040}-\\u{30ff}\\u{4e00}-\\u{4e2f}\\u{1f300}-\\u{1f64f} ]{1,20}",
    ]
}

fn text() -> impl Strategy<Value = String> {
    prop_oneof![
        8 => prop::collection::vec(piece(), 1..12).prop_map(|p| p.concat()),
        1 => (1usize..400, piece()).prop_map(|(n, p)| p.repeat(n)),
        1 => (1usize..60).prop_map(|n| "line\n".repeat(n)),
    ]
}

#[derive(Debug, Clone)]
struct Entry {
    slot: usize,
    group: usize,
    text: String,
    field: String,
    starred: bool,
    hidden: bool,
    edit: Option<String>,
}

fn entry() -> impl Strategy<Value = Entry> {
    (
        any::<usize>(),
        any::<usize>(),
        text(),
        text(),
        any::<bool>(),
        prop::bool::weighted(0.2),
        prop::option::weighted(0.1, text()),
    )
        .prop_map(|(slot, group, text, field, starred, hidden, edit)| Entry {
            slot,
            group,
            text,
            field,
            starred,
            hidden,
            edit,
        })
}

#[derive(Debug, Clone)]
struct Case {
    plan: usize,
    exercise: usize,
    group_name: String,
    entries: Vec<Entry>,
    slot: usize,
    selected: Option<usize>,
    projection: bool,
    concealed: bool,
    reference: bool,
    shuffle: Option<u64>,
    color: bool,
    width: u16,
    height: u16,
}

fn case() -> impl Strategy<Value = Case> {
    (
        (
            any::<usize>(),
            any::<usize>(),
            text(),
            prop::collection::vec(entry(), 0..40),
        ),
        (any::<usize>(), prop::option::of(any::<usize>())),
        (
            any::<bool>(),
            any::<bool>(),
            any::<bool>(),
            prop::option::of(any::<u64>()),
            any::<bool>(),
        ),
        (1u16..=250, 1u16..=80),
    )
        .prop_map(
            |(
                (plan, exercise, group_name, entries),
                (slot, selected),
                (projection, concealed, reference, shuffle, color),
                (width, height),
            )| Case {
                plan,
                exercise,
                group_name,
                entries,
                slot,
                selected,
                projection,
                concealed,
                reference,
                shuffle,
                color,
                width,
                height,
            },
        )
}

/// A session of the case's plan with its contributions; the ones the model refuses are skipped.
fn session(case: &Case, plans: &[Scenario]) -> (Session, usize, Vec<String>) {
    let plan = plans[case.plan % plans.len()].clone();
    let exercise = case.exercise % plan.agenda.len();
    let mut groups = plan.suggested_groups.clone();
    groups.truncate(2);
    let mut session = Session::new(plan, "Property".into(), None, groups);
    // A group named with whatever the case has, when the model accepts it as a name.
    let _ = session.apply(&Change::AddGroup {
        name: case.group_name.chars().take(40).collect(),
    });
    let ex = session.scenario.agenda[exercise].clone();
    let slots = ex.slots();
    let mut ids = Vec::new();
    for e in &case.entries {
        let slot = &slots[e.slot % slots.len()];
        let group = match e.group % (session.groups.len() + 1) {
            0 => None,
            g => Some(session.groups[g - 1].clone()),
        };
        let mut draft = Draft::new(ex.id.clone(), slot.id.clone(), &e.text).group(group);
        for f in &slot.fields {
            let value = if f.choices.is_empty() {
                e.field.clone()
            } else {
                f.choices[e.field.len() % f.choices.len()].clone()
            };
            draft = draft.field(f.name, &value);
        }
        let c = draft.into_contribution();
        let id = c.id.clone();
        if session.apply(&Change::Add { contribution: c }).is_err() {
            continue;
        }
        if e.starred {
            session
                .apply(&Change::SetStarred {
                    id: id.clone(),
                    starred: true,
                })
                .unwrap();
        }
        if e.hidden {
            session
                .apply(&Change::SetHidden {
                    id: id.clone(),
                    hidden: true,
                })
                .unwrap();
        }
        if let Some(t) = &e.edit {
            let fields = session.contribution(&id).unwrap().fields.clone();
            let _ = session.apply(&Change::Edit {
                id: id.clone(),
                text: t.clone(),
                fields,
                at: jiff::Timestamp::now(),
            });
        }
        ids.push(id);
    }
    (session, exercise, ids)
}

fn theme(color: bool) -> Theme {
    Theme::new(if color {
        hearth::tui::theme::Palette::Dark
    } else {
        hearth::tui::theme::Palette::None
    })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: common::proptest_cases(200), ..ProptestConfig::default() })]

    #[test]
    fn boards_draw_at_any_size_with_any_text(case in case()) {
        let plans = plans();
        let (session, exercise, ids) = session(&case, &plans);
        let ex = &session.scenario.agenda[exercise];
        let slots = ex.slots();
        let selected = case.selected.and_then(|i| ids.get(i % ids.len().max(1))).cloned();
        let board = BoardView {
            session: &session,
            exercise: ex,
            slots: &slots,
            slot: case.slot % slots.len(),
            group: session.groups.first().map(String::as_str),
            selected: selected.as_deref(),
            projection: case.projection,
            concealed: case.concealed,
            show_reference: case.reference,
            order_seed: case.shuffle,
            theme: theme(case.color),
            arrived: None,
            memo: None,
        };
        // The board alone, filling the buffer and inset in it.
        let full = Rect::new(0, 0, case.width, case.height);
        let mut buf = Buffer::empty(full);
        let mut hits = Vec::new();
        Board(board).render(full, &mut buf, &mut hits);
        for (r, _) in &hits {
            prop_assert!(r.is_empty() || full.union(*r) == full, "hit {r:?} outside {full:?}");
        }
        let inset = Rect::new(1, 1, case.width.saturating_sub(2), case.height.saturating_sub(2));
        Board(board).render(inset, &mut buf, &mut hits);
        // And a board area larger than the buffer is clipped to it.
        Board(board).render(Rect::new(0, 0, case.width + 9, case.height + 9), &mut buf, &mut hits);

        // The whole run screen.
        let mut run = Run::new(PathBuf::from("sessions/p.json"), session.clone());
        run.exercise = exercise;
        run.slots[exercise] = case.slot % slots.len();
        run.reset_fields();
        run.selected = selected;
        run.focus = if run.selected.is_some() { Focus::Select } else { Focus::Capture };
        run.projection = case.projection;
        if case.concealed {
            run.session.apply(&Change::SetConcealed { exercise: ex.id.clone(), concealed: true }).unwrap();
        }
        run.show_reference = case.reference;
        run.order_seed = case.shuffle;
        let state = State::new(Screen::Run(Box::new(run)), theme(case.color), 3);
        let mut terminal = Terminal::new(TestBackend::new(case.width, case.height)).unwrap();
        terminal.draw(|f| { view(&state, f); }).unwrap();
    }

    /// On a board of a usable size (40×14 and up): the selected slot is drawn; so is the
    /// selected answer; so is the newest answer of the selected slot. Scenario cards share
    /// their quadrant and can be crowded out, so scenario building is held to the first only;
    /// where a board is not ordered by time (role clarity's grid, a tree, a backcast's years) and
    /// shows the selected answer's place, the newest of the selected slot is only required when
    /// nothing is selected.
    #[test]
    fn the_selected_slot_the_selected_answer_and_the_newest_answer_are_drawn(
        case in case(),
        width in 40u16..=250,
        height in 14u16..=80,
    ) {
        let plans = plans();
        let (session, exercise, ids) = session(&case, &plans);
        let ex = &session.scenario.agenda[exercise];
        let slots = ex.slots();
        let selected = case.selected.and_then(|i| ids.get(i % ids.len().max(1))).cloned();
        let board = BoardView {
            session: &session,
            exercise: ex,
            slots: &slots,
            slot: case.slot % slots.len(),
            group: session.groups.first().map(String::as_str),
            selected: selected.as_deref(),
            projection: case.projection,
            concealed: false,
            show_reference: case.reference,
            order_seed: case.shuffle,
            theme: theme(case.color),
            arrived: None,
            memo: None,
        };
        let area = Rect::new(0, 0, width, height);
        let mut buf = Buffer::empty(area);
        let mut hits = Vec::new();
        Board(board).render(area, &mut buf, &mut hits);
        let drawn = |h: &Hit| hits.iter().any(|(r, x)| x == h && !r.is_empty());
        let kind = ex.kind_name();
        prop_assert!(
            drawn(&Hit::Slot(board.slot)),
            "the selected slot is not drawn on a {kind} board at {width}×{height}"
        );
        if kind == "scenario_building" {
            return Ok(());
        }
        let shown = |id: &str| {
            session.contribution(id).is_some_and(|c| !(case.projection && c.hidden))
        };
        if let Some(id) = selected.as_deref().filter(|id| shown(id)) {
            prop_assert!(
                drawn(&Hit::Contribution(id.to_owned())),
                "the selected answer is not drawn on a {kind} board at {width}×{height}"
            );
        }
        // The run screen gives a board a selection only while selecting, not while the box is
        // typed in (src/tui/view/mod.rs): then the selection is what must be in sight. Role
        // clarity shows the selected answer's cell in full; a tree (emerging issues, a wheel)
        // scrolls to the selected answer's branch and a backcast's timeline to its year, so
        // the newest of another branch or year may be out of sight.
        let not_by_time = matches!(
            kind,
            "role_clarity" | "emerging_issues" | "futures_wheel" | "backcasting"
        );
        if not_by_time && selected.is_some() {
            return Ok(());
        }
        let slot_id = &slots[board.slot].id;
        let in_slot: Vec<_> = session
            .in_slot(&ex.id, slot_id)
            .filter(|c| !(case.projection && c.hidden))
            .collect();
        if let Some(last) = in_slot.iter().map(|c| c.created).max() {
            let newest: Vec<_> = in_slot.iter().filter(|c| c.created == last).collect();
            prop_assert!(
                newest.iter().any(|c| drawn(&Hit::Contribution(c.id.clone()))),
                "the newest answer of slot {slot_id} of a {kind} board at {width}×{height} is not drawn"
            );
        }
    }

    #[test]
    fn the_home_screen_draws_at_any_size_with_any_text(
        titles in prop::collection::vec(text(), 0..8),
        width in 1u16..=250,
        height in 1u16..=80,
        color in any::<bool>(),
    ) {
        let home = Home {
            scenarios: titles
                .iter()
                .map(|t| ScenarioEntry {
                    source: hearth::store::plans::PlanSource::File(PathBuf::from("scenarios/x.json")),
                    id: "x".into(),
                    title: t.clone(),
                    summary: t.clone(),
                    exercises: t.len(),
                    suggested_groups: vec![t.clone()],
                })
                .collect(),
            sessions: titles
                .iter()
                .map(|t| SessionEntry {
                    path: PathBuf::from("sessions/x.json"),
                    title: t.clone(),
                    date: t.chars().take(10).collect(),
                    contributions: t.len(),
                })
                .collect(),
            problems: titles.iter().take(1).cloned().collect(),
            sessions_dir: PathBuf::from(titles.first().map_or("", String::as_str)),
            ..Home::default()
        };
        let state = State::new(Screen::Home(Box::new(home)), theme(color), 3);
        let mut terminal = Terminal::new(TestBackend::new(width, height)).unwrap();
        terminal.draw(|f| { view(&state, f); }).unwrap();
    }
}
