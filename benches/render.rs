//! Drawing cost per frame at 200×60, for every board kind with 100, 1,000 and 10,000
//! contributions in the exercise on screen: the whole run screen on a test terminal (`frame`)
//! and the board alone (`board`). A board draws what is visible, so the cost should barely grow
//! with the number of contributions (one pass over them to sort them into slots).
//!
//! Run with `cargo bench --bench render`.

use std::path::Path;

use hearth::model::{Change, Draft, Session};
use hearth::store::load_scenario;
use hearth::tui::boards::{Board, BoardView};
use hearth::tui::state::{Run, Screen, State};
use hearth::tui::theme::Theme;
use hearth::tui::view::view;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::widgets::StatefulWidget;

/// Board kind, its plan and the exercise drawn.
const KINDS: [(&str, &str, usize); 7] = [
    ("prompt_round", "visions-2030.json", 0),
    ("pathway", "dreaming-together.json", 0),
    ("futures_triangle", "peer-support-futures.json", 0),
    ("scenario_building", "peer-support-futures.json", 1),
    ("value_conflict", "value-conflicts.json", 0),
    ("role_clarity", "role-clarity.json", 0),
    ("checklist", "readiness-checklist.json", 0),
];

const NAMES: [&str; 7] = [
    "prompt_round",
    "pathway",
    "futures_triangle",
    "scenario_building",
    "value_conflict",
    "role_clarity",
    "checklist",
];

const ANSWERS: [&str; 4] = [
    "Peer support volunteer --> street outreach worker --> housing stability worker",
    "Entry: service navigator, speakers bureau, social media / online presence, relief work",
    "a peer support alliance in which people could get support, collaborate, and engage in multi-directional learning 🚀 夢",
    "New paths out of PS due to wages being low, housing, case managers",
];

/// A run of `kind`'s exercise holding `n` contributions spread over its slots and groups.
fn state(kind: &str, n: usize) -> State {
    let (_, plan, exercise) = KINDS.iter().find(|k| k.0 == kind).copied().unwrap();
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("scenarios")
        .join(plan);
    let scenario = load_scenario(&path).unwrap();
    let groups = scenario.suggested_groups.clone();
    let mut session = Session::new(scenario, "Benchmark".into(), None, groups.clone());
    let ex = session.scenario.agenda[exercise].clone();
    // Every slot but `unplaced`.
    let slots: Vec<_> = ex
        .slots()
        .into_iter()
        .filter(|s| s.id != "unplaced")
        .collect();
    for i in 0..n {
        let slot = &slots[i % slots.len()];
        let text = format!("{} #{i}", ANSWERS[i % ANSWERS.len()]);
        let mut d = Draft::new(ex.id.clone(), slot.id.clone(), &text)
            .group(Some(groups[(i / slots.len()) % groups.len()].clone()));
        for f in &slot.fields {
            let value = match f.choices.get(i % f.choices.len().max(1)) {
                Some(c) => c.clone(),
                None if f.name == "year" => format!("{}", 2025 + i % 6),
                None => ANSWERS[(i + 1) % ANSWERS.len()].to_owned(),
            };
            d = d.field(f.name, &value);
        }
        session
            .apply(&Change::Add {
                contribution: d.into_contribution(),
            })
            .unwrap();
    }
    let mut run = Run::new("bench.json".into(), session);
    run.exercise = exercise;
    run.slots[exercise] = slots.len() / 2;
    run.reset_fields();
    State::new(Screen::Run(Box::new(run)), Theme::plain(), 1)
}

#[divan::bench(args = NAMES, consts = [100, 1_000, 10_000])]
fn frame<const N: usize>(bencher: divan::Bencher, kind: &str) {
    let s = state(kind, N);
    let mut terminal = Terminal::new(TestBackend::new(200, 60)).unwrap();
    bencher.bench_local(|| {
        terminal.draw(|f| drop(view(&s, f))).unwrap();
    });
}

#[divan::bench(args = NAMES, consts = [100, 1_000, 10_000])]
fn board<const N: usize>(bencher: divan::Bencher, kind: &str) {
    let s = state(kind, N);
    let Some(run) = s.run() else { unreachable!() };
    let slots = run.current_slots();
    let area = Rect::new(0, 0, 172, 50);
    let mut buf = Buffer::empty(area);
    let mut hits = Vec::new();
    bencher.bench_local(|| {
        let v = BoardView {
            session: &run.session,
            exercise: run.current_exercise(),
            slots,
            slot: run.slot_index(),
            group: run.group_name(),
            selected: None,
            projection: false,
            concealed: false,
            show_reference: false,
            order_seed: None,
            theme: Theme::plain(),
            arrived: None,
            memo: None,
        };
        buf.reset();
        hits.clear();
        Board(v).render(area, &mut buf, &mut hits);
    });
}

fn main() {
    divan::main();
}
