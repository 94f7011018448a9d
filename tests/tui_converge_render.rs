//! What the room sees of its convergence: a board with answers under their themes, a dot vote
//! before and after it is revealed, and a rating round's ranking with its impact × uncertainty
//! scatter, drawn on a test terminal at 80×24 and 120×40 (and projected). Each snapshot is the
//! whole screen.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use hearth::model::convergence::{
    Ballot, Choice, Rating, Round, RoundKind, RoundState, Theme as ModelTheme, VoteOn,
};
use hearth::model::{Change, Draft, Session};
use hearth::store::load_scenario;
use hearth::tui::converge::{RoundEntry, VotePanel, VoteStep};
use hearth::tui::state::{Focus, Run, Screen, State, Timer};
use hearth::tui::theme::Theme;
use hearth::tui::view::view;
use jiff::Timestamp;
use ratatui::Terminal;
use ratatui::backend::TestBackend;

fn at(n: i64) -> Timestamp {
    Timestamp::from_second(1_700_000_000 + n).unwrap()
}

/// The futures plan with the room's pulls and uncertainties (verbatim from the Visions 2030
/// write-up and the plan's prompts; a bell typed by accident in one, shown as a symbol), and two
/// themes over the pulls.
fn futures() -> Session {
    let plan = Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios/peer-support-futures.json");
    let scenario = load_scenario(&plan).unwrap();
    let groups = scenario.suggested_groups.clone();
    let mut s = Session::new(scenario, "Visions 2030".into(), None, groups);
    let pulls = [
        "A peer support alliance in which people can get support, collaborate, and learn",
        "Mental health systems transformed into peer-capable environments",
        "New pathways for advancement within and beyond the peer sector",
        "Peer support for people who identify as neurodivergent",
        "Peer support in post-secondary studies",
        "Liberating\u{7} environments",
    ];
    let uncertainties = [
        "Regulation or alliance?",
        "Transformation from within mainstream services, or from outside?",
        "Can the goals of peer support be realized within the current system?",
        "Will peer roles keep their values as they spread?",
        "Who funds peer support in 2030?",
        "Will there be pathways for advancement?",
    ];
    let mut n = 0;
    for (slot, texts) in [("pull", pulls), ("uncertainties", uncertainties)] {
        for (i, text) in texts.iter().enumerate() {
            n += 1;
            let c = Draft::new("triangle", slot, text)
                .group(Some(format!("Table {}", i % 4 + 1)))
                .into_contribution_with(format!("{slot}{i}"), at(n));
            s.apply(&Change::Add { contribution: c }).unwrap();
        }
    }
    for (id, name) in [
        ("th1", "Alliance & belonging 夢"),
        ("th2", "Reach beyond mental health"),
    ] {
        s.apply(&Change::AddTheme {
            theme: ModelTheme {
                id: id.into(),
                exercise: "triangle".into(),
                name: name.into(),
                created: at(100),
                named: at(100),
                merged_into: None,
            },
        })
        .unwrap();
    }
    for (answer, theme) in [
        ("pull0", "th1"),
        ("pull1", "th1"),
        ("pull5", "th1"),
        ("pull3", "th2"),
        ("pull4", "th2"),
    ] {
        s.apply(&Change::PlaceInTheme {
            contribution: answer.into(),
            theme: Some(theme.into()),
            at: at(200),
        })
        .unwrap();
    }
    s
}

fn open(s: &mut Session, id: &str, on: VoteOn, slot: Option<&str>, kind: RoundKind) {
    s.apply(&Change::OpenRound {
        round: Round {
            id: id.into(),
            exercise: "triangle".into(),
            slot: slot.map(str::to_owned),
            on,
            kind,
            state: RoundState::Open,
            opened: at(300),
        },
    })
    .unwrap();
}

fn cast(s: &mut Session, round: &str, group: &str, choice: Choice) {
    s.apply(&Change::Cast {
        round: round.into(),
        voter: format!("group:{group}"),
        ballot: Ballot {
            at: at(400),
            choice,
        },
    })
    .unwrap();
}

fn reveal(s: &mut Session, round: &str) {
    s.apply(&Change::SetRoundState {
        round: round.into(),
        state: RoundState::Revealed,
    })
    .unwrap();
}

/// Three dots each on the themes, from three tables.
fn theme_vote(s: &mut Session) {
    open(
        s,
        "dots",
        VoteOn::Themes,
        None,
        RoundKind::Dots {
            dots: 3,
            per_item: None,
        },
    );
    let dots = |v: &[&str]| Choice::Dots(v.iter().map(|x| x.to_string()).collect());
    cast(s, "dots", "Table 1", dots(&["th2", "th2", "th1"]));
    cast(s, "dots", "Table 2", dots(&["th2", "th1", "th2"]));
    cast(s, "dots", "Table 3", dots(&["th1"]));
}

/// The six uncertainties rated by two tables.
fn rating(s: &mut Session) {
    open(
        s,
        "rate",
        VoteOn::Answers,
        Some("uncertainties"),
        RoundKind::Rating,
    );
    for (group, pairs) in [
        ("Table 1", [(4, 5), (5, 5), (3, 4), (2, 3), (5, 2), (1, 2)]),
        ("Table 2", [(5, 4), (3, 3), (2, 2), (1, 1), (4, 1), (1, 5)]),
    ] {
        let ratings: BTreeMap<String, Rating> = pairs
            .iter()
            .enumerate()
            .map(|(i, (impact, uncertainty))| {
                (
                    format!("uncertainties{i}"),
                    Rating {
                        impact: *impact,
                        uncertainty: *uncertainty,
                    },
                )
            })
            .collect();
        cast(s, "rate", group, Choice::Ratings(ratings));
    }
}

/// The run screen on the triangle, with the vote panel on `round` when given.
fn screen(session: &Session, round: Option<&str>, projection: bool, w: u16, h: u16) -> String {
    screen_selecting(session, round, projection, None, w, h)
}

/// The same, with an answer selected.
fn screen_selecting(
    session: &Session,
    round: Option<&str>,
    projection: bool,
    selected: Option<&str>,
    w: u16,
    h: u16,
) -> String {
    let mut run = Run::new(PathBuf::from("sessions/visions.json"), session.clone());
    run.selected = selected.map(str::to_owned);
    run.timer = Timer::new(run.current_exercise().minutes);
    run.group = Some(0);
    run.focus = Focus::Select;
    run.projection = projection;
    if let Some(id) = round {
        run.vote = Some(VotePanel {
            exercise: "triangle".into(),
            step: VoteStep::Round(RoundEntry {
                round: id.into(),
                group: 0,
                item: 0,
                digit: None,
            }),
        });
    }
    let state = State::new(Screen::Run(Box::new(run)), Theme::plain(), 7);
    let mut terminal = Terminal::new(TestBackend::new(w, h)).unwrap();
    terminal.draw(|f| drop(view(&state, f))).unwrap();
    terminal.backend().to_string()
}

fn snap(name: &str, session: &Session, round: Option<&str>, projection: bool) {
    for (w, h) in [(80, 24), (120, 40)] {
        insta::assert_snapshot!(
            format!("{name}_{w}x{h}"),
            screen(session, round, projection, w, h)
        );
    }
}

#[test]
fn a_board_shows_answers_under_their_themes_then_no_theme() {
    let s = futures();
    snap("themes_as_clusters", &s, None, false);
    let wide = screen(&s, None, false, 160, 48);
    let (a, b, none) = (
        wide.find("◆ Alliance & belonging 夢")
            .expect("the first theme"),
        wide.find("◆ Reach beyond mental health")
            .expect("the second theme"),
        wide.find("◇ no theme").expect("the rest"),
    );
    assert!(a < b && b < none, "{wide}");
    assert!(wide.contains("Liberating␇ environments"), "{wide}");
    snap("themes_as_clusters_projected", &s, None, true);
}

#[test]
fn a_vote_shows_only_how_many_voted_until_it_is_revealed_then_ranks_by_dots() {
    let mut s = futures();
    theme_vote(&mut s);
    let hidden = screen(&s, Some("dots"), true, 120, 40);
    assert!(hidden.contains("3 of 4 groups have voted"), "{hidden}");
    assert!(!hidden.contains('●'), "no dots before the reveal: {hidden}");
    reveal(&mut s, "dots");
    snap("revealed_dots", &s, Some("dots"), false);
    snap("revealed_dots_projected", &s, Some("dots"), true);
    // On the board, the themes are now in order of their dots, with them.
    let board = screen_selecting(&s, None, false, Some("pull3"), 160, 48);
    let (reach, alliance) = (
        board
            .find("◆ Reach beyond mental health (2) ●4")
            .unwrap_or_else(|| panic!("4 dots: {board}")),
        board
            .find("◆ Alliance & belonging 夢 (3) ●3")
            .unwrap_or_else(|| panic!("3 dots: {board}")),
    );
    assert!(reach < alliance, "{board}");
}

#[test]
fn a_revealed_rating_ranks_the_uncertainties_and_plots_them() {
    let mut s = futures();
    rating(&mut s);
    reveal(&mut s, "rate");
    snap("revealed_ratings_scatter", &s, Some("rate"), false);
    snap("revealed_ratings_scatter_projected", &s, Some("rate"), true);
}

#[test]
fn the_panels_draw_at_every_size_without_panicking() {
    use hearth::tui::converge::{AxesForm, AxesStep, Naming, ThemesPanel, ThemesStep};
    let mut s = futures();
    theme_vote(&mut s);
    rating(&mut s);
    reveal(&mut s, "rate");
    for w in (1..=130).step_by(7) {
        for h in (1..=50).step_by(3) {
            for round in ["dots", "rate"] {
                for projection in [false, true] {
                    screen(&s, Some(round), projection, w, h);
                }
            }
            let mut run = Run::new(PathBuf::from("sessions/visions.json"), s.clone());
            run.selected = Some("pull0".into());
            run.themes = Some(ThemesPanel {
                exercise: "triangle".into(),
                answer: Some("pull0".into()),
                choice: 1,
                step: ThemesStep::Name {
                    purpose: Naming::Split,
                    name: Default::default(),
                },
            });
            run.axes = Some(AxesForm {
                exercise: "scenarios".into(),
                candidates: hearth::tui::converge::candidates(&s, "scenarios"),
                choice: 2,
                picked: vec![Some("uncertainties0".into()), None],
                step: AxesStep::Name {
                    boxes: Default::default(),
                    field: 5,
                },
            });
            let state = State::new(Screen::Run(Box::new(run)), Theme::plain(), 7);
            let mut terminal = Terminal::new(TestBackend::new(w, h)).unwrap();
            terminal.draw(|f| drop(view(&state, f))).unwrap();
        }
    }
}

/// The vote panel on `round` at 120×40, sharing with `devices` (id, group) when given.
fn screen_sharing(session: &Session, round: &str, devices: Option<&[(&str, &str)]>) -> String {
    use hearth::net::hub::DeviceInfo;
    use hearth::tui::state::ShareView;
    let mut run = Run::new(PathBuf::from("sessions/visions.json"), session.clone());
    run.group = Some(0);
    run.focus = Focus::Select;
    run.sharing = devices.map(|list| ShareView {
        url: "http://192.0.2.1:8080/".into(),
        code: "ABCD-1234".into(),
        devices: list
            .iter()
            .map(|(id, group)| DeviceInfo {
                id: (*id).into(),
                name: None,
                group: (*group).into(),
                address: None,
                last_seen: Some(1),
                streams: 1,
                answers: 0,
                revoked: false,
            })
            .collect(),
        ..ShareView::default()
    });
    run.vote = Some(VotePanel {
        exercise: "triangle".into(),
        step: VoteStep::Round(RoundEntry {
            round: round.into(),
            group: 0,
            item: 0,
            digit: None,
        }),
    });
    let state = State::new(Screen::Run(Box::new(run)), Theme::plain(), 7);
    let mut terminal = Terminal::new(TestBackend::new(120, 40)).unwrap();
    terminal.draw(|f| drop(view(&state, f))).unwrap();
    terminal.backend().to_string()
}

#[test]
fn vote_progress_counts_devices_as_devices_and_groups_as_groups() {
    let mut s = futures();
    open(
        &mut s,
        "dots",
        VoteOn::Themes,
        None,
        RoundKind::Dots {
            dots: 3,
            per_item: None,
        },
    );
    // Two phones of Table 1 vote.
    for device in ["d1", "d2"] {
        s.apply(&Change::Cast {
            round: "dots".into(),
            voter: format!("device:{device}"),
            ballot: Ballot {
                at: at(400),
                choice: Choice::Dots(vec!["th1".into()]),
            },
        })
        .unwrap();
    }
    let devices = [("d1", "Table 1"), ("d2", "Table 1"), ("d3", "Table 2")];
    let shared = screen_sharing(&s, "dots", Some(&devices));
    assert!(
        shared.contains("2 devices of Table 1 and 0 of 3 other groups have voted"),
        "{shared}"
    );
    assert!(!shared.contains("of 4 groups"), "{shared}");
    // Without the list of devices (not sharing now), devices are still devices.
    let alone = screen_sharing(&s, "dots", None);
    assert!(alone.contains("2 devices have voted"), "{alone}");
    assert!(!alone.contains("groups have voted"), "{alone}");
    // A group's ballot entered by the facilitator counts as that group.
    cast(&mut s, "dots", "Table 3", Choice::Dots(vec!["th2".into()]));
    let shared = screen_sharing(&s, "dots", Some(&devices));
    assert!(
        shared.contains("2 devices of Table 1 and 1 of 3 other groups have voted"),
        "{shared}"
    );
    let alone = screen_sharing(&s, "dots", None);
    assert!(
        alone.contains("2 devices and 1 of 4 groups have voted"),
        "{alone}"
    );
    // Revealed: the results say who voted, the same way.
    reveal(&mut s, "dots");
    let revealed = screen_sharing(&s, "dots", None);
    assert!(
        revealed.contains("— 2 devices and 1 group voted"),
        "{revealed}"
    );
}

/// The two pick lists, drawn as the facilitator sees them after `A` (the scenario axes, from
/// the rated uncertainties, each with its rank) and `L` (a backcast's preferred future, from
/// the scenarios on the record), the second row chosen.
#[test]
fn the_axes_and_seed_lists_mark_the_choice_and_end_with_their_keys() {
    use hearth::tui::action::Action;
    use hearth::tui::update::update;
    use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
    let press = |state: &mut State, c: char| {
        update(
            state,
            Action::Key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE)),
        );
    };
    let draw = |state: &State| {
        let mut terminal = Terminal::new(TestBackend::new(80, 24)).unwrap();
        terminal.draw(|f| drop(view(state, f))).unwrap();
        terminal.backend().to_string()
    };
    let on = |session: Session, exercise: &str| {
        let mut run = Run::new(PathBuf::from("sessions/s.json"), session);
        run.exercise = run
            .session
            .scenario
            .agenda
            .iter()
            .position(|e| e.id == exercise)
            .unwrap();
        run.reset_fields();
        run.focus = Focus::Select;
        State::new(Screen::Run(Box::new(run)), Theme::plain(), 7)
    };

    let mut s = futures();
    rating(&mut s);
    reveal(&mut s, "rate");
    let mut state = on(s, "scenarios");
    press(&mut state, 'A');
    update(
        &mut state,
        Action::Key(KeyEvent::new(KeyCode::Down, KeyModifiers::NONE)),
    );
    insta::assert_snapshot!("axes_pick_80x24", draw(&state));

    let plan = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/futures-toolkit.json");
    let scenario = load_scenario(&plan).unwrap();
    let mut s = Session::new(scenario, "Toolkit".into(), None, vec!["Table 1".into()]);
    for (i, title) in ["Peer-led services", "An alliance of peers"]
        .iter()
        .enumerate()
    {
        let c = Draft::new("scenarios", "title", title)
            .group(Some("Table 1".into()))
            .into_contribution_with(format!("s{i}"), at(i as i64));
        s.apply(&Change::Add { contribution: c }).unwrap();
    }
    let mut state = on(s, "backcast");
    press(&mut state, 'L');
    update(
        &mut state,
        Action::Key(KeyEvent::new(KeyCode::Down, KeyModifiers::NONE)),
    );
    insta::assert_snapshot!("seed_pick_80x24", draw(&state));
}
