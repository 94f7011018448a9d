//! Picking a seed on the facilitator's screen: on the backcast, `L` lists the scenarios on the
//! record, Enter picks one; the pick is journaled, shows on the board and names the scenario in
//! the write-up. Driven through `update` with keys as a facilitator presses them; `Persist`
//! effects are answered as the event loop would once the journal line is synced.

mod common;

use hearth::export::{Format, Options, export};
use hearth::model::{Change, Draft, Session};
use hearth::tui::action::{Action, Effect};
use hearth::tui::state::{Focus, Run, Screen, State};
use hearth::tui::theme::Theme;
use hearth::tui::update;
use hearth::tui::view::view;
use jiff::Timestamp;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

const TITLES: [&str; 3] = [
    "Solidarity",
    "From a movement to a model",
    "Peer-capable and liberating environments",
];

/// The test plan's session with three scenarios (the second taken off the record), the
/// backcast on screen, the focus out of the box.
fn state() -> State {
    let scenario = hearth::store::load_scenario(&common::fixture("futures-toolkit.json")).unwrap();
    let mut session = Session::new(
        scenario,
        "Seeds".into(),
        None,
        vec!["Table 1".into(), "Table 2".into(), "Table 3".into()],
    );
    for (i, title) in TITLES.iter().enumerate() {
        let c = Draft::new("scenarios", "title", title)
            .field("x", "Alliance")
            .field("y", "Inside the mainstream")
            .group(Some(format!("Table {}", i + 1)))
            .into_contribution_with(
                format!("s{i}"),
                Timestamp::from_second(1_700_000_000 + i as i64).unwrap(),
            );
        session.apply(&Change::Add { contribution: c }).unwrap();
    }
    session
        .apply(&Change::SetHidden {
            id: "s1".into(),
            hidden: true,
        })
        .unwrap();
    let mut run = Run::new("seeds.json".into(), session);
    run.exercise = 2;
    run.focus = Focus::Select;
    State::new(Screen::Run(Box::new(run)), Theme::plain(), 7)
}

fn run(s: &State) -> &Run {
    s.run().unwrap()
}

fn key(code: KeyCode) -> Action {
    Action::Key(KeyEvent::new(code, KeyModifiers::NONE))
}

/// Sends an action; answers every Persist with success. Returns the changes written.
fn send(s: &mut State, action: Action) -> Vec<Change> {
    let mut written = Vec::new();
    for effect in update(s, action) {
        if let Effect::Persist(changes) = effect {
            written.extend(changes);
            update(s, Action::Persisted);
        }
    }
    written
}

fn screen(s: &State) -> String {
    let mut terminal = Terminal::new(TestBackend::new(80, 24)).unwrap();
    terminal
        .draw(|f| {
            view(s, f);
        })
        .unwrap();
    terminal.backend().to_string()
}

#[test]
fn the_seed_picked_by_keys_reaches_the_board_and_the_write_up() {
    let mut s = state();
    send(&mut s, key(KeyCode::Char('L')));
    let form = run(&s).seed.as_ref().expect("the seed list opens");
    // The scenarios on the record, not the one taken off it.
    let offered: Vec<&str> = form.candidates.iter().map(|(id, _)| id.as_str()).collect();
    assert_eq!(offered, ["s0", "s2"]);
    let shown = screen(&s);
    assert!(shown.contains("Pick the seed"), "{shown}");
    assert!(shown.contains("Solidarity — Table 1"), "{shown}");
    assert!(!shown.contains(TITLES[1]), "{shown}");
    send(&mut s, key(KeyCode::Down));
    let written = send(&mut s, key(KeyCode::Enter));
    let [Change::SeedFrom { exercise, seed }] = &written[..] else {
        panic!("{written:?}")
    };
    assert_eq!((exercise.as_str(), seed.from.as_str()), ("backcast", "s2"));
    assert!(
        run(&s).seed.is_none(),
        "the list closes once the pick is saved"
    );
    assert_eq!(run(&s).session.convergence.seeds["backcast"].from, "s2");
    let board = screen(&s);
    assert!(
        board.contains("picked from “Scenario building”, Table 3")
            && board.contains("◆ Peer-capable and liberating environments"),
        "{board}"
    );
    let md =
        String::from_utf8(export(&run(&s).session, Format::Markdown, &Options::default()).unwrap())
            .unwrap();
    assert!(
        md.contains(&format!(
            "From the scenario “{}”, in “Scenario building”.",
            TITLES[2]
        )),
        "{md}"
    );
    // Picked again: the latest pick is the seed, and the list opens on it.
    send(&mut s, key(KeyCode::Char('L')));
    assert_eq!(run(&s).seed.as_ref().unwrap().choice, 1);
    send(&mut s, key(KeyCode::Up));
    send(&mut s, key(KeyCode::Enter));
    assert_eq!(run(&s).session.convergence.seeds["backcast"].from, "s0");
    // u takes the pick back: the seed before it is the seed again.
    let written = send(&mut s, key(KeyCode::Char('u')));
    assert!(
        matches!(&written[..], [Change::SeedFrom { seed, .. }] if seed.from == "s2"),
        "{written:?}"
    );
    assert_eq!(run(&s).session.convergence.seeds["backcast"].from, "s2");
}

#[test]
fn esc_closes_the_list_and_an_exercise_without_a_seed_says_so() {
    let mut s = state();
    // The key bar offers the list where the exercise takes a seed, and only there.
    assert!(screen(&s).contains("L seed"), "{}", screen(&s));
    send(&mut s, key(KeyCode::Char('L')));
    assert!(send(&mut s, key(KeyCode::Esc)).is_empty());
    assert!(run(&s).seed.is_none());
    assert!(run(&s).session.convergence.seeds.is_empty());
    s.run_mut().unwrap().exercise = 1;
    assert!(!screen(&s).contains("L seed"), "{}", screen(&s));
    send(&mut s, key(KeyCode::Char('L')));
    assert!(run(&s).seed.is_none());
    assert!(
        s.status.as_deref().unwrap_or("").contains("takes one"),
        "{:?}",
        s.status
    );
}

/// On the six pillars plan's Futures Wheel, the emerging issue picked with `L` is the centre
/// the board shows at once; taken off the record (`h` on the issue), the centre says so, without
/// its words.
#[test]
fn the_issue_picked_as_the_wheels_centre_is_on_the_board_at_once() {
    let scenario = hearth::store::load_scenario(
        &std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios/six-pillars.json"),
    )
    .unwrap();
    let mut session = Session::new(scenario, "Pillars".into(), None, vec!["Table 1".into()]);
    let issue = Draft::new("issues", "issue", "Regulation of peer work")
        .field("description", "Colleges and boards")
        .group(Some("Table 1".into()))
        .into_contribution_with("i1".into(), Timestamp::from_second(1_700_000_000).unwrap());
    session
        .apply(&Change::Add {
            contribution: issue,
        })
        .unwrap();
    let mut run_state = Run::new("pillars.json".into(), session);
    run_state.exercise = 2;
    run_state.focus = Focus::Select;
    let mut s = State::new(Screen::Run(Box::new(run_state)), Theme::plain(), 7);
    send(&mut s, key(KeyCode::Char('L')));
    let written = send(&mut s, key(KeyCode::Enter));
    assert!(
        matches!(&written[..], [Change::SeedFrom { .. }]),
        "{written:?}"
    );
    let board = screen(&s);
    assert!(
        board.contains("Central change: Regulation of peer work"),
        "{board}"
    );
    // The issue taken off the record (h on it, on its own exercise): back on the wheel, the
    // centre says what it was, without its words.
    let ctrl = |c: char| Action::Key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::CONTROL));
    send(&mut s, ctrl('p'));
    assert_eq!(run(&s).exercise, 1);
    send(&mut s, key(KeyCode::Down));
    let written = send(&mut s, key(KeyCode::Char('h')));
    assert!(
        matches!(&written[..], [Change::SetHidden { hidden: true, .. }]),
        "{written:?}"
    );
    send(&mut s, ctrl('n'));
    let board = screen(&s);
    assert!(
        board.contains("Central change: An emerging issue since taken off the record")
            && !board.contains("Regulation of peer work"),
        "{board}"
    );
}
