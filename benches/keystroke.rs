//! Keystroke to frame: one typed character through `update` and a full redraw of the run
//! screen at 200×60, in sessions of 100 and 10,000 contributions.
//!
//! Run with `cargo bench --bench keystroke`.

use std::path::Path;

use hearth::model::{Change, Draft, Session};
use hearth::store::load_scenario;
use hearth::tui::action::Action;
use hearth::tui::state::{Run, Screen, State};
use hearth::tui::theme::Theme;
use hearth::tui::{update, view::view};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

fn state(n: usize) -> State {
    let scenario = load_scenario(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios/dreaming-together.json"),
    )
    .unwrap();
    let groups = scenario.suggested_groups.clone();
    let mut session = Session::new(scenario, "Benchmark".into(), None, groups.clone());
    let slots = ["q1", "q4", "q5", "q6"];
    for i in 0..n {
        let text = format!(
            "Peer support volunteer --> street outreach worker --> housing stability worker #{i} 🚀"
        );
        let c = Draft::new("pathways", slots[i % 4], &text)
            .group(Some(groups[i % groups.len()].clone()));
        session
            .apply(&Change::Add {
                contribution: c.into_contribution(),
            })
            .unwrap();
    }
    State::new(
        Screen::Run(Box::new(Run::new("bench.json".into(), session))),
        Theme::from_env(),
        1,
    )
}

#[divan::bench(args = [100, 10_000])]
fn keystroke_to_frame(bencher: divan::Bencher, n: usize) {
    let mut s = state(n);
    let mut terminal = Terminal::new(TestBackend::new(200, 60)).unwrap();
    terminal.draw(|f| drop(view(&s, f))).unwrap();
    let key = Action::Key(KeyEvent::new(KeyCode::Char('x'), KeyModifiers::NONE));
    bencher.bench_local(|| {
        update(&mut s, key.clone());
        terminal.draw(|f| drop(view(&s, f))).unwrap();
    });
}

fn main() {
    divan::main();
}
