//! Snapshots of the screens around the boards: home, the new-session form, help, breakout
//! groups and the "make the window larger" message, at 80×24 and 160×48.

mod common;

use std::path::{Path, PathBuf};

use hearth::model::Session;
use hearth::tui::action::Action;
use hearth::tui::app::{Options, load_home};
use hearth::tui::state::{Run, Screen, State};
use hearth::tui::theme::Theme;
use hearth::tui::{update, view::view};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

fn render(state: &State, w: u16, h: u16) -> String {
    let mut terminal = Terminal::new(TestBackend::new(w, h)).unwrap();
    terminal.draw(|f| drop(view(state, f))).unwrap();
    format!("{}", terminal.backend())
}

fn key(code: KeyCode) -> Action {
    Action::Key(KeyEvent::new(code, KeyModifiers::NONE))
}

fn home_state() -> State {
    let dir = tempfile::tempdir().unwrap();
    // A session with a fixed title and date, so the listing does not depend on the clock.
    let scenario = hearth::store::load_scenario(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios/dreaming-together.json"),
    )
    .unwrap();
    let session = Session::new(
        scenario,
        "Dreaming together at PeerWorks".into(),
        "2023-05-09".parse().ok(),
        vec!["Table 1".into()],
    );
    hearth::store::create_session(dir.path(), &session).unwrap();
    let options = Options {
        scenarios_dir: Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios"),
        sessions_dir: dir.path().to_owned(),
        session: None,
        participants: Vec::new(),
        bind: hearth::tui::app::DEFAULT_BIND.parse().unwrap(),
        code: None,
        plain: false,
    };
    let mut home = load_home(&options);
    for s in &mut home.sessions {
        s.path = PathBuf::from("sessions").join(s.path.file_name().unwrap());
    }
    State::new(Screen::Home(Box::new(home)), Theme::plain(), 1)
}

#[test]
fn home_screen() {
    let s = home_state();
    insta::assert_snapshot!("home_80x24", render(&s, 80, 24));
    insta::assert_snapshot!("home_160x48", render(&s, 160, 48));
}

/// A first run: no plans of one's own and no sessions. The built-in plans are listed, and
/// the empty list of sessions says which folder it looked in.
#[test]
fn an_empty_home_lists_the_built_in_plans_and_says_where_it_looked() {
    let dir = tempfile::tempdir().unwrap();
    let sessions = dir.path().join("nowhere-yet/sessions");
    let options = Options {
        scenarios_dir: dir.path().join("nowhere-yet/scenarios"),
        sessions_dir: sessions.clone(),
        session: None,
        participants: Vec::new(),
        bind: hearth::tui::app::DEFAULT_BIND.parse().unwrap(),
        code: None,
        plain: false,
    };
    let home = load_home(&options);
    assert_eq!(home.scenarios.len(), hearth::store::plans::BUILT_IN.len());
    let s = State::new(Screen::Home(Box::new(home)), Theme::plain(), 1);
    // Wide enough for the temporary folder's path on one line.
    let screen = render(&s, 160, 48);
    for title in [
        "Dreaming Together",
        "Visions of Opportunity",
        "Role Clarity",
    ] {
        assert!(screen.contains(title), "{title}:\n{screen}");
    }
    assert!(
        screen.contains(&format!("(none yet in {}", sessions.display())),
        "the empty list names the folder:\n{screen}"
    );
}

#[test]
fn new_session_form() {
    let mut s = home_state();
    update(&mut s, key(KeyCode::Tab)); // to the plans
    update(&mut s, key(KeyCode::Enter));
    // The date field (after title and groups) defaults to today; fixed for the snapshot.
    update(&mut s, key(KeyCode::Tab));
    update(&mut s, key(KeyCode::Tab));
    for _ in 0..10 {
        update(&mut s, key(KeyCode::Backspace));
    }
    for c in "2026-11-22".chars() {
        update(&mut s, key(KeyCode::Char(c)));
    }
    insta::assert_snapshot!("new_session_80x24", render(&s, 80, 24));
}

fn run_state() -> State {
    let scenario = common::all_kinds();
    let groups = scenario.suggested_groups.clone();
    let session = Session::new(scenario, "Peer support futures".into(), None, groups);
    State::new(
        Screen::Run(Box::new(Run::new("s.json".into(), session))),
        Theme::plain(),
        1,
    )
}

#[test]
fn session_details_form() {
    let mut s = run_state();
    if let Some(run) = s.run_mut() {
        run.session.event = "PeerWorks Annual Conference".into();
        run.session.facilitators = vec!["Colene Allen".into(), "Calvin Prowse".into()];
        run.session.introduction = "We met to dream together.\nSecond line.".into();
    }
    update(&mut s, key(KeyCode::Esc));
    update(&mut s, key(KeyCode::Char('d')));
    insta::assert_snapshot!("session_details_80x24", render(&s, 80, 24));
    // More fields than 24 rows hold: the form scrolls to the focused one and says what is out
    // of view.
    let screen = render(&s, 80, 24);
    assert!(!screen.contains("Closing"), "{screen}");
    update(&mut s, key(KeyCode::BackTab));
    let screen = render(&s, 80, 24);
    assert!(
        screen.contains("Closing (the write-up ends with it)"),
        "{screen}"
    );
    assert!(screen.contains("↑ 1 more · ↓ 0 more"), "{screen}");
    assert!(!screen.contains("Date (YYYY-MM-DD)"), "{screen}");
}

#[test]
fn a_long_exercise_title_in_the_details_form_stays_inside_it() {
    use hearth::model::Change;
    use hearth::model::words::Field;
    let mut s = run_state();
    if let Some(run) = s.run_mut() {
        run.session
            .apply(&Change::SetWording {
                exercise: "round".into(),
                field: Field::Title,
                text: Some(
                    "A title far longer than the form is wide, as the seeds' titles can be".into(),
                ),
                at: jiff::Timestamp::UNIX_EPOCH,
            })
            .unwrap();
        run.refresh_plan();
    }
    update(&mut s, key(KeyCode::Esc));
    update(&mut s, key(KeyCode::Char('d')));
    let screen = render(&s, 80, 24);
    let label = screen
        .lines()
        .find(|l| l.contains("Written up before"))
        .unwrap_or_else(|| panic!("{screen}"));
    // The label ends in "…" inside the form's right border, which is still drawn.
    assert!(label.contains("…│"), "{screen}");
}

#[test]
fn help_screen() {
    let mut s = run_state();
    update(&mut s, key(KeyCode::F(1)));
    insta::assert_snapshot!("help_80x24", render(&s, 80, 24));
    insta::assert_snapshot!("help_160x48", render(&s, 160, 48));
}

#[test]
fn breakout_groups_show_their_seed() {
    let mut s = run_state();
    update(&mut s, key(KeyCode::Esc));
    update(&mut s, key(KeyCode::Char('b')));
    update(
        &mut s,
        Action::Paste("Ana\nBo\nChidi\nDana\nEli\nFatima\nGus\n夢子\n".into()),
    );
    update(
        &mut s,
        Action::Key(KeyEvent::new(KeyCode::Char('d'), KeyModifiers::CONTROL)),
    );
    let screen = render(&s, 80, 24);
    let seed = s.run().unwrap().breakout.as_ref().unwrap().seed;
    assert!(screen.contains(&format!("Seed {seed}")));
    let groups = &s.run().unwrap().breakout.as_ref().unwrap().result;
    assert_eq!(groups.len(), 3, "as many groups as the session has");
    assert_eq!(
        groups,
        &hearth::model::breakout::assign(
            &["Ana", "Bo", "Chidi", "Dana", "Eli", "Fatima", "Gus", "夢子"].map(String::from),
            3,
            seed
        )
    );
}

#[test]
fn a_tiny_window_asks_to_be_larger() {
    let s = run_state();
    render(&s, 1, 1); // must not panic; there is room for nothing
    for (w, h) in [(20, 5), (39, 30), (100, 11)] {
        assert!(
            render(&s, w, h)
                .replace(['\n', '"', ' '], "")
                .contains("Make"),
            "{w}×{h}"
        );
    }
    insta::assert_snapshot!("too_small_30x8", render(&s, 30, 8));
}

#[test]
fn the_timer_bar_says_when_time_is_short_and_up() {
    use std::time::Duration;
    let mut s = run_state();
    let start = std::time::Instant::now();
    s.now = start;
    {
        let run = s.run_mut().unwrap();
        run.timer = hearth::tui::state::Timer::new(10); // 10 minutes
    }
    update(&mut s, key(KeyCode::F(7)));
    let plenty = render(&s, 80, 24);
    assert!(plenty.contains("10:00 ▶"), "{plenty}");
    // 20 s left (3%): the label is marked, not only recoloured.
    s.now = start + Duration::from_secs(580);
    let short = render(&s, 80, 24);
    assert!(short.contains("! 00:20 ▶"), "{short}");
    update(&mut s, Action::Tick(start + Duration::from_secs(600)));
    assert!(render(&s, 80, 24).contains("time's up"));
}

/// The last line of a rendered screen.
fn bottom_line(screen: &str) -> String {
    screen
        .lines()
        .rfind(|l| l.starts_with('"'))
        .unwrap_or_default()
        .trim_matches('"')
        .trim_end()
        .to_owned()
}

#[test]
fn the_key_bar_keeps_help_and_quit_at_every_width() {
    let mut s = run_state();
    let mut bars = String::new();
    for w in [80u16, 100, 120] {
        let bar = bottom_line(&render(&s, w, 24));
        assert!(
            bar.contains("F1 help") && bar.contains("^Q quit"),
            "{w}: {bar}"
        );
        bars.push_str(&format!("{w}: {bar}\n"));
    }
    // Selecting: its own keys, with help and quit.
    update(&mut s, key(KeyCode::Esc));
    for w in [80u16, 100, 120] {
        let bar = bottom_line(&render(&s, w, 24));
        assert!(
            bar.contains("? help") && bar.contains("^Q quit"),
            "{w}: {bar}"
        );
        bars.push_str(&format!("{w}: {bar}\n"));
    }
    insta::assert_snapshot!("run_key_bar_80_100_120", bars);
    // The home screen's help lists the home screen's keys, not the run screen's.
    let mut home = home_state();
    update(&mut home, key(KeyCode::Char('?')));
    let help = render(&home, 80, 24);
    assert!(
        help.contains("new session") && !help.contains("spotlight"),
        "{help}"
    );
}

#[test]
fn every_field_of_an_entry_shows_with_its_label_and_the_focus_is_marked() {
    let mut s = run_state();
    // The value conflict: approach, benefits, risks.
    for _ in 0..4 {
        update(
            &mut s,
            Action::Key(KeyEvent::new(KeyCode::Char('n'), KeyModifiers::CONTROL)),
        );
    }
    for c in "Talk it through".chars() {
        update(&mut s, key(KeyCode::Char(c)));
    }
    update(
        &mut s,
        Action::Key(KeyEvent::new(KeyCode::Char('f'), KeyModifiers::CONTROL)),
    );
    let screen = render(&s, 80, 24);
    assert!(screen.contains("  Approach: Talk it through"), "{screen}");
    assert!(
        screen.contains("▸ Benefits:"),
        "the focus is marked: {screen}"
    );
    assert!(screen.contains("  Risks:"), "{screen}");
    insta::assert_snapshot!("value_conflict_fields_80x24", screen);
    // A long elaboration wraps at words and shows whole, not one line scrolled to its end.
    let mut s = run_state();
    update(
        &mut s,
        Action::Key(KeyEvent::new(KeyCode::Char('n'), KeyModifiers::CONTROL)),
    );
    update(
        &mut s,
        Action::Key(KeyEvent::new(KeyCode::Char('f'), KeyModifiers::CONTROL)),
    );
    let text = "Peer support is moving into hospitals, schools and workplaces, and funders now ask for outcomes that fit clinical programs more than the lived experience it grew from.";
    update(&mut s, Action::Paste(text.into()));
    let screen = render(&s, 80, 24);
    let shown: String = screen
        .lines()
        .filter(|l| l.contains('│'))
        .map(|l| {
            l.split('│')
                .nth(1)
                .unwrap_or("")
                .replace("▸ Elaboration:", "")
                .replace("  Elaboration:", "")
        })
        .collect::<Vec<_>>()
        .join(" ");
    let words: Vec<&str> = shown.split_whitespace().collect();
    let typed: Vec<&str> = text.split_whitespace().collect();
    assert!(
        words.windows(typed.len()).any(|w| w == typed.as_slice()),
        "every word of the elaboration shows, none broken: {screen}"
    );
}

/// A series on the home screen: listed above the sessions; Enter asks to start its next
/// session, which carries the last one's groups, facilitators, event and mode forward and is
/// added to the series.
#[test]
fn a_series_on_the_home_screen_starts_its_next_session() {
    use hearth::model::series::Series;
    use hearth::store::series::{add_session, create_series, load_series, start_next_from_last};
    let dir = tempfile::tempdir().unwrap();
    let scenario = hearth::store::load_scenario(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios/webinar-series.json"),
    )
    .unwrap();
    let mut first = Session::new(
        scenario,
        "Week 1".into(),
        "2024-04-08".parse().ok(),
        vec!["Breakout A".into()],
    );
    first.facilitators = vec!["Jenn".into()];
    first.event = "Webinar series".into();
    first.mode = hearth::model::Mode::Online;
    let first_path = hearth::store::create_session(dir.path(), &first).unwrap();
    let (mut store, _) = hearth::store::SessionStore::open(&first_path).unwrap();
    let point = hearth::model::Draft::new("session-1", "key_points", "a point").into_contribution();
    store
        .apply(hearth::model::Change::Add {
            contribution: point,
        })
        .unwrap();
    store.close().unwrap();
    let series = create_series(dir.path(), &Series::new("Book club", "Every two weeks")).unwrap();
    add_session(&series, &first_path).unwrap();
    let empty = create_series(dir.path(), &Series::new("Not started", "")).unwrap();
    let options = Options {
        scenarios_dir: Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios"),
        sessions_dir: dir.path().to_owned(),
        session: None,
        participants: Vec::new(),
        bind: hearth::tui::app::DEFAULT_BIND.parse().unwrap(),
        code: None,
        plain: false,
    };
    let home = load_home(&options);
    assert_eq!(home.series.len(), 2, "both series listed");
    assert_eq!(
        home.sessions.len(),
        1,
        "the series file is not listed as a session"
    );
    let mut s = State::new(Screen::Home(Box::new(home)), Theme::plain(), 1);
    let screen = render(&s, 120, 30);
    assert!(
        screen.contains("◆ Series: Book club · 1 session"),
        "{screen}"
    );
    let book_club = match &s.screen {
        Screen::Home(h) => h
            .series
            .iter()
            .position(|x| x.title == "Book club")
            .unwrap(),
        _ => unreachable!(),
    };
    for _ in 0..book_club {
        update(&mut s, key(KeyCode::Down));
    }
    let effects = update(&mut s, key(KeyCode::Enter));
    assert!(
        matches!(effects.as_slice(), [hearth::tui::action::Effect::StartNextSession(p)] if *p == series),
        "{effects:?}"
    );
    // What the app does with that effect: the next session, carried forward, in the series.
    let next = start_next_from_last(&series)
        .unwrap()
        .expect("a next session");
    let (made, _) = hearth::store::read_session(&next).unwrap();
    assert_eq!(made.groups, ["Breakout A"]);
    assert_eq!(made.facilitators, ["Jenn"]);
    assert_eq!(made.event, "Webinar series");
    assert_eq!(made.mode, hearth::model::Mode::Online);
    assert_eq!(load_series(&series).unwrap().sessions.len(), 2);
    // Opened, it goes on from the exercise after the one the last session answered.
    let place: hearth::model::Unsaved = hearth::store::drafts::read_unsaved(&next)
        .unwrap()
        .expect("a place");
    assert_eq!(place.entry.exercise, "session-2");
    // A series with no session yet has nothing to carry forward.
    assert!(start_next_from_last(&empty).unwrap().is_none());
}

/// The futures plan on its second exercise (the scenarios, 60 minutes, paused) while the
/// triangle's timer still runs, 5 minutes in; `now` is that moment.
fn two_timers(title: &str) -> State {
    use std::time::Duration;
    let scenario = hearth::store::load_scenario(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios/peer-support-futures.json"),
    )
    .unwrap();
    let groups = scenario.suggested_groups.clone();
    let session = Session::new(scenario, title.into(), None, groups);
    let mut s = State::new(
        Screen::Run(Box::new(Run::new("s.json".into(), session))),
        Theme::plain(),
        1,
    );
    let start = std::time::Instant::now();
    s.now = start;
    update(&mut s, key(KeyCode::F(7)));
    s.run_mut().unwrap().park_timer_and_go(1);
    s.now = start + Duration::from_secs(5 * 60);
    s
}

fn top_line(screen: &str) -> String {
    screen
        .lines()
        .find(|l| l.starts_with('"'))
        .unwrap_or_default()
        .trim_matches('"')
        .to_owned()
}

#[test]
fn the_header_keeps_the_current_timer_and_names_another_running_one_when_it_fits() {
    let s = two_timers("Futures of mental health peer support — Visions 2030");
    let mut headers = String::new();
    for w in [80u16, 100, 160] {
        let top = top_line(&render(&s, w, 24));
        // The current exercise's own timer, always; and which exercise this is.
        assert!(top.contains("60:00 ⏸"), "{w}: {top}");
        assert!(top.contains("2/2 Peer"), "{w}: {top}");
        // The other one, named shortly: its number and its time.
        assert!(top.contains("▶ 1 ") && top.contains("35:00"), "{w}: {top}");
        headers.push_str(&format!("{w}: {top}\n"));
    }
    // Too narrow for both: the current exercise and its timer stay, the other goes.
    let top = top_line(&render(&s, 50, 24));
    assert!(top.contains("60:00") && top.contains("2/2"), "{top}");
    assert!(!top.contains("35:00"), "{top}");
    headers.push_str(&format!("50: {top}\n"));
    insta::assert_snapshot!("header_two_timers", headers);
}

#[test]
fn the_run_screen_shows_the_sessions_own_wording_of_the_plan() {
    use hearth::model::Change;
    use hearth::model::words::Field;
    let scenario = common::all_kinds();
    let groups = scenario.suggested_groups.clone();
    let mut session = Session::new(scenario, "Peer support futures".into(), None, groups);
    session
        .apply(&Change::SetWording {
            exercise: "round".into(),
            field: Field::Title,
            text: Some("What makes us sick, and whole \u{1b}[2J".into()),
            at: jiff::Timestamp::UNIX_EPOCH,
        })
        .unwrap_err();
    session
        .apply(&Change::SetWording {
            exercise: "round".into(),
            field: Field::Title,
            text: Some("Sick and whole".into()),
            at: jiff::Timestamp::UNIX_EPOCH,
        })
        .unwrap();
    let s = State::new(
        Screen::Run(Box::new(Run::new("s.json".into(), session))),
        Theme::plain(),
        1,
    );
    for (w, h) in [(80, 24), (160, 48)] {
        let screen = render(&s, w, h);
        assert!(screen.contains("Sick and whole"), "{screen}");
        assert!(!screen.contains("Consciousness raising"), "{screen}");
    }
}

#[test]
fn the_scenario_board_names_the_axes_as_this_workshop_words_them() {
    use hearth::model::Change;
    use hearth::model::words::Field;
    let mut session = common::all_kinds_session();
    session
        .apply(&Change::SetWording {
            exercise: "scenarios".into(),
            field: Field::XAxis,
            text: Some("Who holds the keys".into()),
            at: jiff::Timestamp::UNIX_EPOCH,
        })
        .unwrap();
    let mut s = State::new(
        Screen::Run(Box::new(Run::new("s.json".into(), session))),
        Theme::plain(),
        1,
    );
    let run = s.run_mut().unwrap();
    run.refresh_plan();
    run.go_to(2, 0);
    for (w, h) in [(80, 24), (160, 48)] {
        let screen = render(&s, w, h);
        assert!(screen.contains("Who holds the keys"), "{w}×{h}:\n{screen}");
        assert!(!screen.contains("Oversight"), "{w}×{h}:\n{screen}");
    }
}
