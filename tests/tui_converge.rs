//! Themes, votes, ratings and chosen axes on the facilitator's screen, driven through `update`
//! with keys as a facilitator presses them. No terminal and no disk: `Persist` effects are
//! answered as the event loop would once the journal line is synced, and the changes written
//! are checked.

use std::path::Path;

use hearth::model::convergence::{Choice, RoundKind, RoundState, VoteOn};
use hearth::model::{Change, Draft, Session};
use hearth::store::load_scenario;
use hearth::tui::action::{Action, Effect};
use hearth::tui::state::{Focus, Run, Screen, State};
use hearth::tui::theme::Theme;
use hearth::tui::update;
use jiff::Timestamp;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

/// The uncertainties the room named (verbatim from the Visions 2030 write-up's questions).
const UNCERTAINTIES: [&str; 6] = [
    "Regulation or alliance?",
    "Transformation from within mainstream services, or from outside?",
    "Can the goals of peer support be realized within the current system?",
    "Will peer roles keep their values as they spread?",
    "Who funds peer support in 2030?",
    "Will there be pathways for advancement?",
];

/// A session of the futures plan: six pulls and six uncertainties from four tables, the
/// triangle on screen, the focus out of the box.
fn state() -> State {
    let plan = Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios/peer-support-futures.json");
    let scenario = load_scenario(&plan).unwrap();
    let groups = scenario.suggested_groups.clone();
    let mut session = Session::new(scenario, "Futures".into(), None, groups);
    let pulls = [
        "A peer support alliance",
        "Peer-capable services",
        "New pathways for advancement",
        "Peers lead research",
        "Community-owned services",
        "Liberating environments",
    ];
    let mut n = 0;
    for (slot, texts) in [("pull", pulls), ("uncertainties", UNCERTAINTIES)] {
        for (i, text) in texts.iter().enumerate() {
            n += 1;
            let group = format!("Table {}", i % 4 + 1);
            let c = Draft::new("triangle", slot, text)
                .group(Some(group))
                .into_contribution_with(
                    format!("{slot}{i}"),
                    Timestamp::from_second(1_700_000_000 + n).unwrap(),
                );
            session.apply(&Change::Add { contribution: c }).unwrap();
        }
    }
    let mut run = Run::new("futures.json".into(), session);
    run.focus = Focus::Select;
    State::new(Screen::Run(Box::new(run)), Theme::plain(), 7)
}

fn run(s: &State) -> &Run {
    s.run().unwrap()
}

fn key(code: KeyCode) -> Action {
    Action::Key(KeyEvent::new(code, KeyModifiers::NONE))
}

fn ch(c: char) -> Action {
    key(KeyCode::Char(c))
}

/// Sends an action; answers every Persist with success. Returns the changes written.
fn send(s: &mut State, action: Action) -> Vec<Change> {
    let mut written = Vec::new();
    for effect in update(s, action) {
        if let Effect::Persist(changes) = effect {
            written.extend(changes);
            // Once saved, only the drafts file is rewritten (without the saved text).
            assert!(
                update(s, Action::Persisted)
                    .iter()
                    .all(|e| matches!(e, Effect::KeepUnsaved(_)))
            );
        }
    }
    written
}

fn keys(s: &mut State, text: &str) -> Vec<Change> {
    text.chars().flat_map(|c| send(s, ch(c))).collect()
}

fn select(s: &mut State, id: &str) {
    s.run_mut().unwrap().selected = Some(id.to_owned());
}

fn theme_name(s: &State, answer: &str) -> Option<String> {
    run(s)
        .session
        .convergence
        .theme_of(answer)
        .map(|t| t.name.clone())
}

#[test]
fn themes_are_made_renamed_split_merged_and_answers_taken_out() {
    let mut s = state();
    let before: Vec<_> = run(&s).session.contributions().to_vec();

    // A new theme from the selected answer: the theme, and the answer in it, in one save.
    select(&mut s, "pull0");
    send(&mut s, ch('T'));
    send(&mut s, ch('n'));
    assert!(
        keys(&mut s, "Alliance & 夢").is_empty(),
        "typing saves nothing"
    );
    let written = send(&mut s, key(KeyCode::Enter));
    assert!(
        matches!(
            &written[..],
            [Change::AddTheme { .. }, Change::PlaceInTheme { .. }]
        ),
        "{written:?}"
    );
    assert!(run(&s).themes.is_some(), "the panel stays open until Esc");
    assert_eq!(theme_name(&s, "pull0").as_deref(), Some("Alliance & 夢"));
    assert!(s.status.as_deref().unwrap().starts_with('✓'));
    send(&mut s, key(KeyCode::Esc));

    // Another answer put in it (Enter on the chosen theme), a second theme for a third.
    select(&mut s, "pull1");
    send(&mut s, ch('T'));
    let written = send(&mut s, key(KeyCode::Enter));
    assert!(matches!(&written[..], [Change::PlaceInTheme { .. }]));
    send(&mut s, key(KeyCode::Esc));
    select(&mut s, "pull2");
    send(&mut s, ch('T'));
    send(&mut s, ch('n'));
    keys(&mut s, "Money");
    send(&mut s, key(KeyCode::Enter));
    send(&mut s, key(KeyCode::Esc));
    assert_eq!(theme_name(&s, "pull1").as_deref(), Some("Alliance & 夢"));
    assert_eq!(theme_name(&s, "pull2").as_deref(), Some("Money"));

    // Rename the second theme: its name is in the box, to be edited.
    send(&mut s, ch('T'));
    send(&mut s, ch('2'));
    send(&mut s, ch('r'));
    send(
        &mut s,
        Action::Key(KeyEvent::new(KeyCode::Char('u'), KeyModifiers::CONTROL)),
    );
    keys(&mut s, "Funding");
    let written = send(&mut s, key(KeyCode::Enter));
    assert!(matches!(&written[..], [Change::RenameTheme { name, .. }] if name == "Funding"));
    assert_eq!(theme_name(&s, "pull2").as_deref(), Some("Funding"));
    send(&mut s, key(KeyCode::Esc));

    // Split: the answer leaves its theme for a new one; the others stay.
    select(&mut s, "pull1");
    send(&mut s, ch('T'));
    send(&mut s, ch('s'));
    keys(&mut s, "Split off");
    send(&mut s, key(KeyCode::Enter));
    send(&mut s, key(KeyCode::Esc));
    assert_eq!(theme_name(&s, "pull1").as_deref(), Some("Split off"));
    assert_eq!(theme_name(&s, "pull0").as_deref(), Some("Alliance & 夢"));

    // Split needs an answer that is in a theme.
    select(&mut s, "pull5");
    send(&mut s, ch('T'));
    send(&mut s, ch('s'));
    assert!(s.status.as_deref().unwrap().contains("in a theme"));
    send(&mut s, key(KeyCode::Esc));

    // Merge "Split off" (the third) into the first: its answers are the first's.
    send(&mut s, ch('T'));
    send(&mut s, ch('3'));
    send(&mut s, ch('m'));
    send(&mut s, key(KeyCode::Up));
    let written = send(&mut s, key(KeyCode::Enter));
    assert!(
        matches!(&written[..], [Change::MergeThemes { .. }]),
        "{written:?}"
    );
    assert_eq!(theme_name(&s, "pull1").as_deref(), Some("Alliance & 夢"));
    assert_eq!(run(&s).session.convergence.themes_of("triangle").count(), 2);
    send(&mut s, key(KeyCode::Esc));

    // A merge is not undone by u, and says so.
    assert!(send(&mut s, ch('u')).is_empty());
    assert!(
        s.status
            .as_deref()
            .unwrap()
            .contains("cannot be taken back"),
        "{:?}",
        s.status
    );

    // Take an answer out of any theme; u puts it back.
    select(&mut s, "pull2");
    send(&mut s, ch('T'));
    let written = send(&mut s, ch('x'));
    assert!(matches!(
        &written[..],
        [Change::PlaceInTheme { theme: None, .. }]
    ));
    assert_eq!(theme_name(&s, "pull2"), None);
    send(&mut s, key(KeyCode::Esc));
    send(&mut s, ch('u'));
    assert_eq!(theme_name(&s, "pull2").as_deref(), Some("Funding"));

    // Every answer keeps its text, group, slot and history.
    for (a, b) in before.iter().zip(run(&s).session.contributions()) {
        assert_eq!(
            (&a.text, &a.group, &a.slot, &a.revisions),
            (&b.text, &b.group, &b.slot, &b.revisions)
        );
    }
}

#[test]
fn a_dot_vote_is_opened_entered_for_two_groups_refused_over_the_limit_closed_and_revealed() {
    let mut s = state();
    send(&mut s, ch('v'));
    // The plan's two rounds come first, then dots on the answers.
    send(&mut s, key(KeyCode::Down));
    send(&mut s, key(KeyCode::Down));
    send(&mut s, ch('+'));
    send(&mut s, ch('-'));
    send(&mut s, ch('l'));
    send(&mut s, ch('l'));
    let written = send(&mut s, key(KeyCode::Enter));
    let [Change::OpenRound { round }] = &written[..] else {
        panic!("{written:?}")
    };
    assert_eq!(
        (round.on, round.kind, round.slot.as_deref()),
        (
            VoteOn::Answers,
            RoundKind::Dots {
                dots: 3,
                per_item: Some(2)
            },
            None
        )
    );
    let id = round.id.clone();

    // Table 1: two dots on the first answer; a third there is refused with the model's words.
    assert_eq!(send(&mut s, ch('+')).len(), 1);
    assert_eq!(send(&mut s, ch(' ')).len(), 1);
    assert!(send(&mut s, ch('+')).is_empty(), "over the per-item limit");
    assert!(
        s.status
            .as_deref()
            .unwrap()
            .contains("at most 2 on any one item"),
        "{:?}",
        s.status
    );
    send(&mut s, key(KeyCode::Down));
    assert_eq!(send(&mut s, ch('+')).len(), 1);
    send(&mut s, key(KeyCode::Down));
    assert!(send(&mut s, ch('+')).is_empty(), "a fourth dot");
    assert!(
        s.status.as_deref().unwrap().contains("each voter has 3"),
        "{:?}",
        s.status
    );
    // Table 2 (from its first item): one dot, given then taken back, then one on the next.
    send(&mut s, key(KeyCode::Right));
    send(&mut s, ch('+'));
    let written = send(&mut s, ch('-'));
    let [Change::Cast { voter, ballot, .. }] = &written[..] else {
        panic!("{written:?}")
    };
    assert_eq!(voter, "group:Table 2");
    assert_eq!(ballot.choice, Choice::Dots(Vec::new()));
    send(&mut s, key(KeyCode::Down));
    send(&mut s, ch('+'));

    let c = &run(&s).session.convergence;
    assert_eq!(c.voters(&id), 2, "one ballot per group, replaced each time");
    assert_eq!(
        c.ballots[&id]["group:Table 1"].choice,
        Choice::Dots(vec!["pull0".into(), "pull0".into(), "pull1".into()])
    );

    // Close: no more dots. Reveal: the tally.
    let written = send(&mut s, ch('c'));
    assert!(matches!(
        &written[..],
        [Change::SetRoundState {
            state: RoundState::Closed,
            ..
        }]
    ));
    assert!(send(&mut s, ch('+')).is_empty());
    assert!(s.status.as_deref().unwrap().contains("closed"));
    send(&mut s, ch('r'));
    let c = &run(&s).session.convergence;
    assert_eq!(c.round(&id).unwrap().state, RoundState::Revealed);
    let t = c.tally(&id);
    // Two dots each; ties in item order.
    assert_eq!((t[0].item.as_str(), t[0].count), ("pull0", 2));
    assert_eq!((t[1].item.as_str(), t[1].count), ("pull1", 2));
    // Revealing cannot be undone, and u says so.
    send(&mut s, key(KeyCode::Esc));
    send(&mut s, ch('u'));
    assert!(
        s.status
            .as_deref()
            .unwrap()
            .contains("cannot be taken back")
    );
}

/// Opens the plan's rating round on the uncertainties and rates all six for Table 1 and 2.
fn rate_all(s: &mut State) -> String {
    send(s, ch('v'));
    let written = send(s, key(KeyCode::Enter));
    let [Change::OpenRound { round }] = &written[..] else {
        panic!("{written:?}")
    };
    assert_eq!(round.kind, RoundKind::Rating);
    assert_eq!(round.slot.as_deref(), Some("uncertainties"));
    let id = round.id.clone();
    // Table 1, then Table 2: impact then uncertainty for each, moving on by itself.
    for ratings in ["455534231212", "543322111111"] {
        for pair in ratings.as_bytes().chunks(2) {
            assert!(
                send(s, ch(pair[0] as char)).is_empty(),
                "the first digit waits"
            );
            assert_eq!(send(s, ch(pair[1] as char)).len(), 1);
        }
        for _ in 0..6 {
            send(s, key(KeyCode::Up));
        }
        send(s, key(KeyCode::Right));
    }
    id
}

#[test]
fn ratings_are_entered_as_two_digits_and_ranked_by_impact_times_uncertainty() {
    let mut s = state();
    let id = rate_all(&mut s);
    // Out of range: refused with the model's message.
    send(&mut s, ch('6'));
    assert!(send(&mut s, ch('1')).is_empty());
    assert!(
        s.status
            .as_deref()
            .unwrap()
            .contains("ratings run from 1 to 5"),
        "{:?}",
        s.status
    );
    let c = &run(&s).session.convergence;
    let Choice::Ratings(r) = &c.ballots[&id]["group:Table 1"].choice else {
        panic!()
    };
    assert_eq!(
        (r["uncertainties0"].impact, r["uncertainties0"].uncertainty),
        (4, 5)
    );
    assert_eq!(r.len(), 6);
    send(&mut s, ch('r'));
    let t = run(&s).session.convergence.tally(&id);
    // (4·5 + 5·4)/2 … the first two are the most critical.
    assert_eq!(t[0].item, "uncertainties0");
    assert_eq!((t[0].impact, t[0].uncertainty), (4.5, 4.5));
    assert_eq!(t[1].item, "uncertainties1");
}

#[test]
fn axes_are_chosen_from_the_ranked_uncertainties_and_the_title_fields_follow() {
    let mut s = state();
    rate_all(&mut s);
    send(&mut s, ch('r'));
    send(&mut s, key(KeyCode::Esc));
    // A is for scenario building only.
    send(&mut s, ch('A'));
    assert!(run(&s).axes.is_none());
    assert!(s.status.as_deref().unwrap().contains("scenario-building"));
    send(&mut s, key(KeyCode::Esc));
    send(
        &mut s,
        Action::Key(KeyEvent::new(KeyCode::Char('n'), KeyModifiers::CONTROL)),
    );
    send(&mut s, key(KeyCode::Esc));
    send(&mut s, ch('A'));
    let form = run(&s).axes.as_ref().expect("the axes form opens");
    let ranked: Vec<&str> = form.candidates.iter().map(|c| c.id.as_str()).collect();
    assert_eq!(&ranked[..2], ["uncertainties0", "uncertainties1"]);
    send(&mut s, key(KeyCode::Enter));
    send(&mut s, key(KeyCode::Enter));
    assert!(
        run(&s).axes.as_ref().unwrap().picked.len() == 1,
        "the same uncertainty cannot be both axes"
    );
    send(&mut s, key(KeyCode::Down));
    send(&mut s, key(KeyCode::Enter));
    // Each axis's name starts as the uncertainty's text, verbatim; the poles are typed.
    send(&mut s, key(KeyCode::Enter));
    keys(&mut s, "Regulated profession");
    send(&mut s, key(KeyCode::Tab));
    keys(&mut s, "Peer alliance");
    send(&mut s, key(KeyCode::Tab));
    send(&mut s, key(KeyCode::Tab));
    keys(&mut s, "From outside");
    send(&mut s, key(KeyCode::Enter));
    keys(&mut s, "From within");
    let written = send(&mut s, key(KeyCode::Enter));
    let [Change::ChooseAxes { exercise, axes }] = &written[..] else {
        panic!("{written:?}")
    };
    assert_eq!(exercise, "scenarios");
    assert_eq!(axes.from, ["uncertainties0", "uncertainties1"]);
    assert_eq!(axes.matrix.x.name, UNCERTAINTIES[0]);
    assert_eq!(
        (axes.matrix.x.low.as_str(), axes.matrix.x.high.as_str()),
        ("Regulated profession", "Peer alliance")
    );
    assert_eq!(axes.matrix.y.name, UNCERTAINTIES[1]);
    assert_eq!(axes.matrix.y.high, "From within");

    // The title slot's x / y fields now offer the chosen poles, now and on reopening.
    let fields = |r: &Run| {
        let title = r
            .current_slots()
            .iter()
            .find(|s| s.id == "title")
            .unwrap()
            .clone();
        title
            .fields
            .iter()
            .map(|f| f.choices.clone())
            .collect::<Vec<_>>()
    };
    let want = vec![
        vec![
            "Regulated profession".to_owned(),
            "Peer alliance".to_owned(),
        ],
        vec!["From outside".to_owned(), "From within".to_owned()],
    ];
    assert_eq!(fields(run(&s)), want);
    let mut reopened = Run::new("futures.json".into(), run(&s).session.clone());
    reopened.exercise = 1;
    assert_eq!(fields(&reopened), want);
    assert_eq!(
        run(&s).session.matrix_of("scenarios").unwrap().x.low,
        "Regulated profession"
    );
    // Writing the scenarios comes next: the box has the keys again.
    assert_eq!(run(&s).focus, hearth::tui::state::Focus::Capture);
    // The first choice has no earlier one to go back to: u says so and keeps it.
    send(&mut s, key(KeyCode::Esc));
    send(&mut s, ch('u'));
    assert!(
        s.status
            .as_deref()
            .unwrap()
            .contains("cannot be taken back")
    );
    assert!(run(&s).session.convergence.axes.contains_key("scenarios"));
}

/// The vote panel's place: which group's ballot, on which item.
fn entry(s: &State) -> hearth::tui::converge::RoundEntry {
    match &run(s).vote.as_ref().expect("the vote panel is open").step {
        hearth::tui::converge::VoteStep::Round(e) => e.clone(),
        other => panic!("{other:?}"),
    }
}

#[test]
fn each_group_starts_at_its_first_item_and_home_and_end_go_to_the_ends() {
    let mut s = state();
    send(&mut s, ch('v'));
    // Dots on the answers: the six pulls and the six uncertainties.
    send(&mut s, key(KeyCode::Down));
    send(&mut s, key(KeyCode::Down));
    send(&mut s, key(KeyCode::Enter));
    assert_eq!((entry(&s).group, entry(&s).item), (0, 0));
    for _ in 0..3 {
        send(&mut s, key(KeyCode::Down));
    }
    assert_eq!(entry(&s).item, 3);
    // The next group starts at the top, not where the last one stopped.
    send(&mut s, key(KeyCode::Right));
    assert_eq!((entry(&s).group, entry(&s).item), (1, 0));
    send(&mut s, key(KeyCode::End));
    assert_eq!(entry(&s).item, 11, "End: the last item");
    send(&mut s, key(KeyCode::Home));
    assert_eq!(entry(&s).item, 0, "Home: the first item");
    send(&mut s, key(KeyCode::End));
    send(&mut s, key(KeyCode::Left));
    assert_eq!((entry(&s).group, entry(&s).item), (0, 0));
    // From the last group round to the first: at the top too.
    send(&mut s, key(KeyCode::Left));
    send(&mut s, key(KeyCode::Down));
    send(&mut s, key(KeyCode::Right));
    assert_eq!((entry(&s).group, entry(&s).item), (0, 0));
}

#[test]
fn a_rating_says_it_moved_on_to_the_next_item() {
    let mut s = state();
    send(&mut s, ch('v'));
    send(&mut s, key(KeyCode::Enter));
    send(&mut s, ch('4'));
    assert_eq!(send(&mut s, ch('5')).len(), 1);
    assert_eq!(entry(&s).item, 1);
    let status = s.status.clone().unwrap_or_default();
    assert!(
        status.contains("Table 1: “Regulation or a")
            && status.contains("I4 U5")
            && status.contains("next: “Transformation from within"),
        "the status names what was rated and the item it moved on to: {status}"
    );
    // The last item: nothing after it, and it says so.
    send(&mut s, key(KeyCode::End));
    send(&mut s, ch('2'));
    send(&mut s, ch('3'));
    assert_eq!(entry(&s).item, 5);
    let status = s.status.clone().unwrap_or_default();
    assert!(status.contains("last"), "{status}");
    assert!(!status.contains("next:"), "{status}");
}

/// The names of the triangle's themes, in order, and the one the panel is on.
fn panel_themes(s: &State) -> (Vec<String>, usize) {
    let p = run(s).themes.as_ref().expect("the themes panel is open");
    let names = hearth::tui::converge::themes(&run(s).session, "triangle")
        .iter()
        .map(|t| t.name.clone())
        .collect();
    (names, p.choice)
}

#[test]
fn the_themes_panel_stays_open_on_the_theme_just_named_until_esc() {
    use hearth::tui::converge::ThemesStep;
    let mut s = state();
    select(&mut s, "pull0");
    send(&mut s, ch('T'));
    send(&mut s, ch('n'));
    keys(&mut s, "Alliance");
    assert_eq!(send(&mut s, key(KeyCode::Enter)).len(), 2);
    assert!(matches!(
        run(&s).themes.as_ref().map(|p| &p.step),
        Some(ThemesStep::Choose)
    ));
    let (names, choice) = panel_themes(&s);
    assert_eq!(names[choice], "Alliance");
    // A second theme: the panel is on it now.
    send(&mut s, ch('n'));
    keys(&mut s, "Money");
    send(&mut s, key(KeyCode::Enter));
    let (names, choice) = panel_themes(&s);
    assert_eq!((names.len(), names[choice].as_str()), (2, "Money"));
    assert_eq!(theme_name(&s, "pull0").as_deref(), Some("Money"));
    // A rename keeps it on the renamed theme.
    send(&mut s, ch('r'));
    send(
        &mut s,
        Action::Key(KeyEvent::new(KeyCode::Char('u'), KeyModifiers::CONTROL)),
    );
    keys(&mut s, "Funding");
    send(&mut s, key(KeyCode::Enter));
    let (names, choice) = panel_themes(&s);
    assert_eq!(names[choice], "Funding");
    // Putting the answer in a theme keeps the panel open too.
    send(&mut s, key(KeyCode::Up));
    assert_eq!(send(&mut s, key(KeyCode::Enter)).len(), 1);
    assert_eq!(theme_name(&s, "pull0").as_deref(), Some("Alliance"));
    assert!(run(&s).themes.is_some());
    // Only Esc closes it.
    send(&mut s, key(KeyCode::Esc));
    assert!(run(&s).themes.is_none());
}

#[test]
fn typing_in_the_axes_form_replaces_a_pre_filled_name_and_a_moving_key_keeps_it() {
    let mut s = state();
    send(
        &mut s,
        Action::Key(KeyEvent::new(KeyCode::Char('n'), KeyModifiers::CONTROL)),
    );
    s.run_mut().unwrap().focus = Focus::Select;
    send(&mut s, ch('A'));
    // x: the first uncertainty, y: the second; both names pre-filled.
    send(&mut s, key(KeyCode::Enter));
    send(&mut s, key(KeyCode::Down));
    send(&mut s, key(KeyCode::Enter));
    // Typed over: the name is what was typed, not the uncertainty with it added.
    keys(&mut s, "Oversight");
    send(&mut s, key(KeyCode::Tab));
    keys(&mut s, "Regulated");
    send(&mut s, key(KeyCode::Tab));
    keys(&mut s, "Alliance");
    send(&mut s, key(KeyCode::Tab));
    // End keeps the name and goes to its end: typing adds to it.
    send(&mut s, key(KeyCode::End));
    keys(&mut s, " (where)");
    send(&mut s, key(KeyCode::Tab));
    // A paste into an empty pole is the pole.
    send(&mut s, Action::Paste("Outside".into()));
    send(&mut s, key(KeyCode::Tab));
    keys(&mut s, "Within");
    let written = send(&mut s, key(KeyCode::Enter));
    let [Change::ChooseAxes { axes, .. }] = &written[..] else {
        panic!("{written:?}")
    };
    assert_eq!(axes.matrix.x.name, "Oversight");
    assert_eq!(
        (axes.matrix.x.low.as_str(), axes.matrix.x.high.as_str()),
        ("Regulated", "Alliance")
    );
    assert_eq!(axes.matrix.y.name, format!("{} (where)", UNCERTAINTIES[1]));
    assert_eq!(
        (axes.matrix.y.low.as_str(), axes.matrix.y.high.as_str()),
        ("Outside", "Within")
    );
}

#[test]
fn a_paste_replaces_a_pre_filled_axis_name() {
    let mut s = state();
    send(
        &mut s,
        Action::Key(KeyEvent::new(KeyCode::Char('n'), KeyModifiers::CONTROL)),
    );
    s.run_mut().unwrap().focus = Focus::Select;
    send(&mut s, ch('A'));
    send(&mut s, key(KeyCode::Enter));
    send(&mut s, key(KeyCode::Down));
    send(&mut s, key(KeyCode::Enter));
    send(&mut s, Action::Paste("How peer support is overseen".into()));
    send(&mut s, key(KeyCode::Tab));
    keys(&mut s, "Regulated");
    send(&mut s, key(KeyCode::Tab));
    keys(&mut s, "Alliance");
    // Left keeps the second name; Backspace then takes one character, not the whole name.
    send(&mut s, key(KeyCode::Tab));
    send(&mut s, key(KeyCode::Left));
    send(&mut s, key(KeyCode::Backspace));
    send(&mut s, key(KeyCode::Tab));
    keys(&mut s, "Outside");
    send(&mut s, key(KeyCode::Tab));
    keys(&mut s, "Within");
    let written = send(&mut s, key(KeyCode::Enter));
    let [Change::ChooseAxes { axes, .. }] = &written[..] else {
        panic!("{written:?}")
    };
    assert_eq!(axes.matrix.x.name, "How peer support is overseen");
    let y = UNCERTAINTIES[1];
    let mut shorter = y.to_owned();
    shorter.remove(y.len() - 2);
    assert_eq!(axes.matrix.y.name, shorter);
}

#[test]
fn the_axes_form_shows_each_pre_filled_name_from_its_start_the_focused_one_selected() {
    let mut s = state();
    send(
        &mut s,
        Action::Key(KeyEvent::new(KeyCode::Char('n'), KeyModifiers::CONTROL)),
    );
    s.run_mut().unwrap().focus = Focus::Select;
    send(&mut s, ch('A'));
    send(&mut s, key(KeyCode::Enter));
    send(&mut s, key(KeyCode::Down));
    send(&mut s, key(KeyCode::Enter));
    let mut terminal = ratatui::Terminal::new(ratatui::backend::TestBackend::new(80, 24)).unwrap();
    terminal
        .draw(|f| drop(hearth::tui::view::view(&s, f)))
        .unwrap();
    let screen = terminal.backend().to_string();
    let row = |label: &str| {
        screen
            .lines()
            .find(|l| l.contains(label))
            .unwrap_or_else(|| panic!("{label}: {screen}"))
            .to_owned()
    };
    assert!(
        row("Horizontal axis (x)").contains("Regulation or alliance?  (typing replaces it)"),
        "{screen}"
    );
    // The second name is longer than its box: its start shows, not its last words.
    assert!(
        row("Vertical axis (y)").contains("Transformation from within mainstream"),
        "{screen}"
    );
}
