//! What the room sees: the audience view (the projection, `hearth screen`) of every exercise
//! kind at 80×24, 120×40 and 200×60, and a spotlighted answer, drawn from the facilitator's
//! run state. Off-the-record answers and answers hidden until reveal never appear.

use std::path::{Path, PathBuf};
use std::time::Instant;

use hearth::model::{Change, Draft, Session};
use hearth::net::audience::TextSize;
use hearth::store::load_scenario;
use hearth::tui::audience::{AudienceScreen, Look};
use hearth::tui::state::Run;
use hearth::tui::theme::Theme;
use jiff::Timestamp;
use ratatui::Terminal;
use ratatui::backend::TestBackend;

const SIZES: [(u16, u16); 3] = [(80, 24), (120, 40), (200, 60)];

/// Answers given to the first slot of every exercise, in order; the last is taken off the
/// record before drawing.
const ANSWERS: [&str; 5] = [
    "Peer workers trusted as colleagues, not as an add-on",
    "A national network that shares training, supervision and stories across every region, so nobody starts from scratch and small teams are not alone",
    "Funding that lasts longer than a pilot",
    "Lived experience in every hiring panel",
    "OFF-THE-RECORD remark about a named manager",
];

fn session() -> (Session, Vec<Vec<String>>) {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/all-kinds.json");
    let scenario = load_scenario(&path).expect("the fixture plan is valid");
    let groups = scenario.suggested_groups.clone();
    let mut session = Session::new(scenario, "Peer support futures".into(), None, groups);
    let agenda = session.scenario.agenda.clone();
    let mut ids = Vec::new();
    let mut n = 0;
    for ex in &agenda {
        let slot = &ex.slots()[0];
        let mut mine = Vec::new();
        for (k, text) in ANSWERS.iter().enumerate() {
            let mut draft = Draft::new(&ex.id, &slot.id, text)
                .group(Some(session.groups[k % session.groups.len()].clone()));
            for f in &slot.fields {
                let value = f.choices.first().cloned().unwrap_or_else(|| "2030".into());
                draft = draft.field(f.name, &value);
            }
            n += 1;
            let id = format!("c{n:04}");
            let at = Timestamp::from_second(1_700_000_000 + n).unwrap();
            session
                .apply(&Change::Add {
                    contribution: draft.into_contribution_with(id.clone(), at),
                })
                .unwrap_or_else(|e| panic!("{}: {e}", ex.id));
            mine.push(id);
        }
        session
            .apply(&Change::SetHidden {
                id: mine[4].clone(),
                hidden: true,
            })
            .unwrap();
        ids.push(mine);
    }
    (session, ids)
}

fn draw_run(run: &Run, w: u16, h: u16) -> String {
    let mut terminal = Terminal::new(TestBackend::new(w, h)).unwrap();
    let view = run.audience(Instant::now());
    terminal
        .draw(|f| {
            let area = f.area();
            let screen = AudienceScreen {
                view: &view,
                look: Look {
                    theme: Theme::plain(),
                    size_hint: false,
                },
            };
            f.render_widget(screen, area);
        })
        .unwrap();
    terminal.backend().to_string()
}

fn run_at(session: &Session, exercise: usize) -> Run {
    let mut run = Run::new(PathBuf::from("sessions/test.json"), session.clone());
    run.park_timer_and_go(exercise);
    run
}

#[test]
fn every_exercise_kind_is_legible_at_three_sizes_and_never_shows_the_off_the_record() {
    let (session, _) = session();
    for (i, ex) in session.scenario.agenda.iter().enumerate() {
        let run = run_at(&session, i);
        for (w, h) in SIZES {
            let shown = draw_run(&run, w, h);
            assert!(
                !shown.contains("OFF-THE-RECORD"),
                "{} at {w}×{h}:\n{shown}",
                ex.id
            );
            if (w, h) == (80, 24) {
                // The question and at least three answers, whole.
                for a in &ANSWERS[..3] {
                    let last = a.split_whitespace().last().unwrap();
                    assert!(
                        shown.contains(last),
                        "{}: {last:?} missing at 80×24:\n{shown}",
                        ex.id
                    );
                }
                assert!(!shown.contains('…'), "{}: an answer cut:\n{shown}", ex.id);
            }
            insta::assert_snapshot!(format!("{}_{w}x{h}", ex.id), shown);
        }
    }
}

#[test]
fn a_spotlighted_answer_fills_the_screen_in_large_type() {
    let (session, ids) = session();
    let mut run = run_at(&session, 0);
    run.spotlight = Some(ids[0][0].clone());
    for (w, h) in SIZES {
        let shown = draw_run(&run, w, h);
        // Large type: block characters, not the answer's letters.
        assert!(shown.contains('█'), "{shown}");
        insta::assert_snapshot!(format!("spotlight_{w}x{h}"), shown);
    }
    // An off-the-record answer is never spotlighted for the room.
    run.spotlight = Some(ids[0][4].clone());
    let shown = draw_run(&run, 80, 24);
    assert!(!shown.contains("OFF-THE-RECORD"), "{shown}");
}

#[test]
fn answers_hidden_until_reveal_are_only_counted() {
    let (session, _) = session();
    let mut run = run_at(&session, 0);
    let exercise = run.current_exercise().id.clone();
    run.session
        .apply(&Change::SetConcealed {
            exercise,
            concealed: true,
        })
        .unwrap();
    let shown = draw_run(&run, 80, 24);
    assert!(shown.contains("4 answers saved"), "{shown}");
    for a in ANSWERS {
        assert!(!shown.contains(a), "{shown}");
    }
    insta::assert_snapshot!("concealed_80x24", shown);
}

#[test]
fn text_sizes_cycle_from_auto_to_huge() {
    let (session, _) = session();
    let mut run = run_at(&session, 0);
    run.text_size = TextSize::Normal;
    let normal = draw_run(&run, 80, 24);
    assert!(normal.contains("Peer workers trusted"), "{normal}");
    run.text_size = TextSize::Huge;
    let huge = draw_run(&run, 80, 24);
    assert!(!huge.contains("Peer workers trusted"), "{huge}");
    assert_ne!(normal, huge);
    assert_eq!(TextSize::Huge.next(), TextSize::Auto);
}

#[test]
fn with_an_audience_window_attached_the_run_screen_shows_the_presenters_notes() {
    use hearth::tui::state::{Screen, State};
    let (mut session, _) = session();
    let notes = "Remind the room: pulls are images of the future that draw us forward.";
    session.scenario.agenda[1].instructions = notes.into();
    let mut run = run_at(&session, 1);
    let draw_screen = |run: Run| {
        let state = State::new(Screen::Run(Box::new(run)), Theme::plain(), 7);
        let mut terminal = Terminal::new(TestBackend::new(120, 40)).unwrap();
        terminal
            .draw(|f| {
                hearth::tui::view::view(&state, f);
            })
            .unwrap();
        terminal.backend().to_string()
    };
    let alone = draw_screen(Run::new(run.path.clone(), session.clone()));
    assert!(!alone.contains("Presenter"), "{alone}");
    run.screens = 1;
    let shown = draw_screen(run);
    assert!(shown.contains("Presenter — not on the screen"), "{shown}");
    assert!(shown.contains("1 audience window"), "{shown}");
    assert!(shown.contains("Next:"), "{shown}");
    assert!(shown.contains("Remind the room"), "{shown}");
    insta::assert_snapshot!("presenter_120x40", shown);
}

#[test]
fn withdrawn_answers_leave_no_trace_and_are_not_counted() {
    let (mut session, ids) = session();
    let gone = ids[0][0].clone();
    session
        .apply(&Change::Withdraw {
            id: gone.clone(),
            at: Timestamp::from_second(1_800_000_000).unwrap(),
        })
        .unwrap();
    let run = run_at(&session, 0);
    let view = run.audience(Instant::now());
    assert!(
        view.answers.iter().all(|a| a.id != gone),
        "a withdrawn answer is on the room's screen: {:?}",
        view.answers
    );
    assert_eq!(view.answers.len(), 3, "{:?}", view.answers);
    // Hidden until the reveal: the count is of answers on the record, the withdrawn not among them.
    let exercise = session.scenario.agenda[0].id.clone();
    session
        .apply(&Change::SetConcealed {
            exercise,
            concealed: true,
        })
        .unwrap();
    let run = run_at(&session, 0);
    let view = run.audience(Instant::now());
    assert!(view.answers.is_empty(), "{:?}", view.answers);
    assert_eq!(view.withheld, 3);
    let shown = draw_run(&run, 80, 24);
    assert!(shown.contains("3 answers saved"), "{shown}");
}

#[test]
fn hidden_until_reveal_is_kept_in_the_session_across_a_restart() {
    use hearth::store::{SessionStore, create_session};
    use hearth::tui::action::{Action, Effect};
    use hearth::tui::state::{Screen, State};
    use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

    let dir = tempfile::tempdir().unwrap();
    let (session, _) = session();
    let path = create_session(dir.path(), &session).unwrap();
    let (mut store, _) = SessionStore::open(&path).unwrap();
    let mut run = Run::new(path.clone(), store.session().clone());
    run.park_timer_and_go(0);
    let mut state = State::new(Screen::Run(Box::new(run)), Theme::plain(), 7);
    // Esc leaves the capture box; R hides the answers until revealed.
    for code in [KeyCode::Esc, KeyCode::Char('R')] {
        let effects = hearth::tui::update(
            &mut state,
            Action::Key(KeyEvent::new(code, KeyModifiers::NONE)),
        );
        for effect in effects {
            if let Effect::Persist(changes) = effect {
                store.apply_all(changes).unwrap();
                hearth::tui::update(&mut state, Action::Persisted);
            }
        }
    }
    assert!(
        state.run().unwrap().is_concealed(),
        "R did not hide the answers"
    );
    store.close().unwrap();

    let (store, _) = SessionStore::open(&path).unwrap();
    let mut run = Run::new(path.clone(), store.session().clone());
    run.park_timer_and_go(0);
    assert!(
        run.is_concealed(),
        "after a restart the answers are shown again"
    );
    let view = run.audience(Instant::now());
    assert!(view.answers.is_empty(), "{:?}", view.answers);
    assert_eq!(view.withheld, 4);
}
