//! The terminal app's update function, driven by key sequences as a note-taker would type
//! them. No terminal and no disk: `Persist` effects are answered as the event loop would.

mod common;

use std::time::{Duration, Instant};

use hearth::model::{Change, Session};
use hearth::tui::action::{Action, Effect};
use hearth::tui::state::{Focus, Run, Screen, State, Timer};
use hearth::tui::theme::Theme;
use hearth::tui::update;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

fn state() -> State {
    let scenario = common::all_kinds();
    let groups = scenario.suggested_groups.clone();
    let session = Session::new(scenario, "Test".into(), None, groups);
    let mut run = Run::new("test.json".into(), session);
    run.exercise = 3; // pathways: q1, q4
    run.reset_fields();
    run.timer = Timer::new(run.current_exercise().minutes);
    State::new(Screen::Run(Box::new(run)), Theme::plain(), 7)
}

fn run(s: &State) -> &Run {
    s.run().unwrap()
}

fn key(code: KeyCode) -> Action {
    Action::Key(KeyEvent::new(code, KeyModifiers::NONE))
}

fn ctrl(c: char) -> Action {
    Action::Key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::CONTROL))
}

fn alt_enter() -> Action {
    Action::Key(KeyEvent::new(KeyCode::Enter, KeyModifiers::ALT))
}

fn type_text(s: &mut State, text: &str) {
    for c in text.chars() {
        assert!(
            update(s, key(KeyCode::Char(c))).is_empty(),
            "typing has no effects"
        );
    }
}

/// Sends an action; answers every Persist with success, as the event loop does once the
/// journal line is synced. Returns the changes written.
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

#[test]
fn typing_then_enter_saves_the_text_verbatim_to_the_selected_slot_and_group() {
    let mut s = state();
    assert_eq!(
        run(&s).focus,
        Focus::Capture,
        "the capture box has focus when a board opens"
    );
    type_text(&mut s, "Volunteer --> outreach  worker 🚀 夢");
    let written = send(&mut s, key(KeyCode::Enter));
    let [Change::Add { contribution: c }] = &written[..] else {
        panic!("one add: {written:?}")
    };
    assert_eq!(c.text, "Volunteer --> outreach  worker 🚀 夢");
    assert_eq!(
        (c.exercise.as_str(), c.slot.as_str(), c.group.as_deref()),
        ("pathways", "q1", Some("Table 1"))
    );
    assert!(
        run(&s).capture[0].text().is_empty(),
        "the box is cleared once saved"
    );
    assert!(
        run(&s)
            .last_saved
            .as_deref()
            .unwrap()
            .starts_with("✓ saved")
    );
    assert_eq!(run(&s).session.contributions().len(), 1);
}

#[test]
fn nothing_shows_as_saved_until_the_disk_confirms_and_a_failure_keeps_the_text() {
    let mut s = state();
    type_text(&mut s, "keep me");
    let effects = update(&mut s, key(KeyCode::Enter));
    assert!(matches!(&effects[..], [Effect::Persist(_)]));
    assert!(run(&s).last_saved.is_none());
    assert_eq!(
        run(&s).session.contributions().len(),
        0,
        "not applied before the write is confirmed"
    );
    update(
        &mut s,
        Action::PersistFailed("No space left on device".into()),
    );
    assert!(s.banner.as_deref().unwrap().contains("NOT SAVED"));
    assert_eq!(run(&s).capture[0].text(), "keep me");
    assert_eq!(run(&s).session.contributions().len(), 0);
    // Pressing Enter again retries.
    let written = send(&mut s, key(KeyCode::Enter));
    assert_eq!(written.len(), 1);
    assert!(s.banner.is_none());
}

#[test]
fn tab_and_ctrl_g_choose_slot_and_group() {
    let mut s = state();
    update(&mut s, key(KeyCode::Tab));
    assert_eq!(run(&s).current_slot().id, "q4");
    update(&mut s, ctrl('g'));
    update(&mut s, ctrl('g'));
    assert_eq!(run(&s).group_name(), Some("Room 夢"));
    update(&mut s, ctrl('g'));
    assert_eq!(run(&s).group_name(), None, "after the last group: no group");
    update(
        &mut s,
        Action::Key(KeyEvent::new(KeyCode::BackTab, KeyModifiers::SHIFT)),
    );
    assert_eq!(run(&s).current_slot().id, "q1");
    type_text(&mut s, "for the whole room");
    let written = send(&mut s, key(KeyCode::Enter));
    let [Change::Add { contribution: c }] = &written[..] else {
        panic!()
    };
    assert_eq!((c.slot.as_str(), c.group.as_deref()), ("q1", None));
}

#[test]
fn alt_enter_breaks_lines_and_a_paste_is_never_submitted_by_itself() {
    let mut s = state();
    type_text(&mut s, "first");
    update(&mut s, alt_enter());
    type_text(&mut s, "second");
    let effects = update(
        &mut s,
        Action::Paste("\r\npasted\nlines\tand tabs\n".into()),
    );
    assert!(effects.is_empty(), "a paste does not save");
    assert_eq!(
        run(&s).capture[0].text(),
        "first\nsecond\npasted\nlines\tand tabs\n"
    );
    let written = send(&mut s, key(KeyCode::Enter));
    let [Change::Add { contribution: c }] = &written[..] else {
        panic!()
    };
    assert_eq!(c.text, "first\nsecond\npasted\nlines\tand tabs\n");
}

#[test]
fn a_huge_paste_is_refused_whole_with_a_clear_message() {
    let mut s = state();
    type_text(&mut s, "mine");
    update(&mut s, Action::Paste("x".repeat(2 * 1024 * 1024)));
    assert_eq!(run(&s).capture[0].text(), "mine");
    assert!(s.banner.as_deref().unwrap().contains("1 MiB"));
    // A 1 MB paste fits.
    update(&mut s, Action::Paste("y".repeat(1_000_000)));
    assert_eq!(run(&s).capture[0].text().len(), 1_000_004);
}

#[test]
fn enter_on_an_empty_box_does_nothing() {
    let mut s = state();
    assert!(update(&mut s, key(KeyCode::Enter)).is_empty());
    type_text(&mut s, "   ");
    assert!(
        update(&mut s, key(KeyCode::Enter)).is_empty(),
        "blank text is not an answer"
    );
}

#[test]
fn an_edit_keeps_the_original_as_a_revision_and_undo_restores_it() {
    let mut s = state();
    type_text(&mut s, "orignal typo");
    send(&mut s, key(KeyCode::Enter));
    type_text(&mut s, "half-typed next answer");
    update(&mut s, key(KeyCode::Esc));
    assert_eq!(run(&s).focus, Focus::Select);
    let id = run(&s).selected.clone().expect("the newest is selected");
    update(&mut s, key(KeyCode::Char('e')));
    assert_eq!(run(&s).capture[0].text(), "orignal typo");
    for _ in 0.."orignal typo".len() {
        update(&mut s, key(KeyCode::Backspace));
    }
    type_text(&mut s, "original, fixed");
    let written = send(&mut s, key(KeyCode::Enter));
    assert!(matches!(&written[..], [Change::Edit { .. }]));
    let c = run(&s).session.contribution(&id).unwrap();
    assert_eq!(c.text, "original, fixed");
    assert_eq!(c.revisions[0].text, "orignal typo");
    assert_eq!(
        run(&s).capture[0].text(),
        "half-typed next answer",
        "what was being typed comes back"
    );
    // Undo (u, after Esc) edits back, adding another revision: nothing is lost.
    update(&mut s, key(KeyCode::Esc));
    send(&mut s, key(KeyCode::Char('u')));
    let c = run(&s).session.contribution(&id).unwrap();
    assert_eq!(c.text, "orignal typo");
    assert_eq!(c.revisions.len(), 2);
}

#[test]
fn hide_star_move_and_undo_redo() {
    let mut s = state();
    type_text(&mut s, "off the record, please");
    send(&mut s, key(KeyCode::Enter));
    update(&mut s, key(KeyCode::Esc));
    let id = run(&s).selected.clone().unwrap();
    send(&mut s, key(KeyCode::Char('h')));
    assert!(run(&s).session.contribution(&id).unwrap().hidden);
    send(&mut s, key(KeyCode::Char('s')));
    assert!(run(&s).session.contribution(&id).unwrap().starred);
    send(&mut s, key(KeyCode::Char('m')));
    assert_eq!(run(&s).session.contribution(&id).unwrap().slot, "q4");
    update(&mut s, key(KeyCode::Char('o')));
    update(&mut s, key(KeyCode::Down));
    send(&mut s, key(KeyCode::Enter));
    assert_eq!(
        s.status.as_deref().map(|t| t.contains("moved to Table 2")),
        Some(true)
    );
    assert_eq!(
        run(&s).session.contribution(&id).unwrap().group.as_deref(),
        Some("Table 2")
    );
    send(&mut s, key(KeyCode::Char('u')));
    assert_eq!(
        run(&s).session.contribution(&id).unwrap().group.as_deref(),
        Some("Table 1")
    );
    send(&mut s, key(KeyCode::Char('u')));
    assert_eq!(run(&s).session.contribution(&id).unwrap().slot, "q1");
    send(&mut s, key(KeyCode::Char('r')));
    assert_eq!(run(&s).session.contribution(&id).unwrap().slot, "q4");
}

#[test]
fn undoing_an_answer_takes_it_off_the_record_without_deleting_it() {
    let mut s = state();
    type_text(&mut s, "said by mistake");
    send(&mut s, key(KeyCode::Enter));
    update(&mut s, key(KeyCode::Esc));
    let written = send(&mut s, key(KeyCode::Char('u')));
    let [Change::SetHidden { id, hidden: true }] = &written[..] else {
        panic!("{written:?}")
    };
    assert_eq!(
        run(&s).session.contribution(id).unwrap().text,
        "said by mistake"
    );
    let said = s.status.clone().unwrap_or_default();
    assert!(
        said.contains("taken off the record") && said.contains("r redoes"),
        "{said}"
    );
    let written = send(&mut s, key(KeyCode::Char('r')));
    assert!(matches!(
        &written[..],
        [Change::SetHidden { hidden: false, .. }]
    ));
}

#[test]
fn exercises_go_forward_and_always_back() {
    let mut s = state();
    update(&mut s, ctrl('n'));
    assert_eq!(run(&s).current_exercise().id, "conflict");
    for _ in 0..10 {
        update(&mut s, ctrl('n'));
    }
    assert_eq!(run(&s).current_exercise().id, "ready", "stops at the last");
    for _ in 0..10 {
        update(&mut s, ctrl('p'));
    }
    assert_eq!(run(&s).current_exercise().id, "round", "back to the first");
}

#[test]
fn multi_field_entries_keep_every_field() {
    let mut s = state();
    update(&mut s, ctrl('n')); // value conflict: approach | benefits | risks
    type_text(&mut s, "Talk to the supervisor");
    update(&mut s, ctrl('f'));
    type_text(&mut s, "Keeps trust | honest");
    update(&mut s, ctrl('f'));
    type_text(&mut s, "May strain the relationship");
    let written = send(&mut s, key(KeyCode::Enter));
    let [Change::Add { contribution: c }] = &written[..] else {
        panic!()
    };
    assert_eq!(c.text, "Talk to the supervisor");
    assert_eq!(c.fields["benefits"], "Keeps trust | honest");
    assert_eq!(c.fields["risks"], "May strain the relationship");
    // Role clarity: the mark is chosen by its first letter; the comment is optional.
    update(&mut s, ctrl('n'));
    assert_eq!(run(&s).current_slot().id, "1.a");
    update(&mut s, key(KeyCode::Char('m')));
    let written = send(&mut s, key(KeyCode::Enter));
    let [Change::Add { contribution: c }] = &written[..] else {
        panic!("{written:?}")
    };
    assert_eq!((c.text.as_str(), c.fields["mark"].as_str()), ("", "Maybe"));
}

/// A clock tick's effects, leaving out the drafts file (tested on its own).
fn tick(s: &mut State, at: Instant) -> Vec<Effect> {
    update(s, Action::Tick(at))
        .into_iter()
        .filter(|e| !matches!(e, Effect::KeepUnsaved(_)))
        .collect()
}

#[test]
fn the_timer_counts_down_rings_once_and_takes_extra_minutes() {
    let mut s = state();
    let start = Instant::now();
    s.now = start;
    assert_eq!(run(&s).timer.total, Duration::from_secs(40 * 60));
    update(&mut s, key(KeyCode::F(7)));
    assert!(run(&s).timer.running());
    assert!(tick(&mut s, start + Duration::from_secs(60)).is_empty());
    assert_eq!(
        run(&s).timer.left_at(start + Duration::from_secs(60)),
        Duration::from_secs(39 * 60)
    );
    update(&mut s, key(KeyCode::F(8)));
    assert!(
        tick(&mut s, start + Duration::from_secs(40 * 60 + 30)).is_empty(),
        "a minute was added"
    );
    assert_eq!(
        tick(&mut s, start + Duration::from_secs(41 * 60)),
        vec![Effect::Bell]
    );
    assert!(
        tick(&mut s, start + Duration::from_secs(42 * 60)).is_empty(),
        "the bell rings once"
    );
}

#[test]
fn projection_help_and_quit() {
    let mut s = state();
    update(&mut s, key(KeyCode::F(5)));
    assert!(run(&s).projection && s.theme.projection);
    update(&mut s, key(KeyCode::F(1)));
    assert!(s.help);
    update(&mut s, key(KeyCode::Esc));
    assert!(!s.help);
    // Nothing typed: quitting asks nothing, and the drafts file keeps only the place.
    let effects = update(&mut s, ctrl('q'));
    assert!(s.quit);
    let [Effect::KeepUnsaved(place), Effect::Quit] = &effects[..] else {
        panic!("{effects:?}")
    };
    assert!(!place.has_text());
    assert_eq!(
        (place.entry.exercise.as_str(), place.entry.slot.as_str()),
        ("pathways", "q1")
    );
}

#[test]
fn new_groups_can_be_added_on_the_fly() {
    let mut s = state();
    update(&mut s, key(KeyCode::Esc));
    update(&mut s, key(KeyCode::Char('n')));
    type_text(&mut s, "Zoom room 4");
    let written = send(&mut s, key(KeyCode::Enter));
    assert_eq!(
        written,
        vec![Change::AddGroup {
            name: "Zoom room 4".into()
        }]
    );
    assert_eq!(
        run(&s).group_name(),
        Some("Zoom room 4"),
        "the new group is selected"
    );
}

#[test]
fn session_details_are_edited_on_the_run_screen_saved_as_one_change_and_undone() {
    let mut s = state();
    update(&mut s, key(KeyCode::Esc));
    update(&mut s, key(KeyCode::Char('d')));
    assert!(run(&s).details.is_some(), "d opens the details form");
    // Date, mode, event: type the event.
    update(&mut s, key(KeyCode::Tab));
    update(&mut s, key(KeyCode::Tab));
    type_text(&mut s, "PeerWorks");
    // Facilitators, notes, introduction (two lines).
    for _ in 0..3 {
        update(&mut s, key(KeyCode::Tab));
    }
    type_text(&mut s, "We met.");
    update(&mut s, alt_enter());
    type_text(&mut s, "  *Verbatim*");
    let written = send(&mut s, key(KeyCode::Enter));
    let [Change::SetDetails { details }] = written.as_slice() else {
        panic!("one SetDetails change, not {written:?}");
    };
    assert_eq!(details.event, "PeerWorks");
    assert_eq!(details.introduction, "We met.\n  *Verbatim*");
    assert!(run(&s).details.is_none());
    assert_eq!(run(&s).session.introduction, "We met.\n  *Verbatim*");
    // Undo puts the details back as they were.
    let undone = send(&mut s, key(KeyCode::Char('u')));
    assert!(
        matches!(undone.as_slice(), [Change::SetDetails { .. }]),
        "{undone:?}"
    );
    assert_eq!(run(&s).session.introduction, "");
    assert_eq!(run(&s).session.event, "");
    // A date that is not one is refused in the form, which stays open.
    update(&mut s, key(KeyCode::Char('d')));
    type_text(&mut s, "May 9");
    assert!(send(&mut s, key(KeyCode::Enter)).is_empty());
    assert!(run(&s).details.as_ref().unwrap().error.is_some());
    update(&mut s, key(KeyCode::Esc));
    assert!(run(&s).details.is_none());
}

#[test]
fn narration_is_written_in_the_details_panel_beside_the_details_and_undone() {
    use hearth::model::words::Place;
    let mut s = state();
    update(&mut s, key(KeyCode::Esc));
    update(&mut s, key(KeyCode::Char('d')));
    let exercise = run(&s).current_exercise().id.clone();
    // Past the six details, the tags and the summary: the narration before the exercise on
    // screen, then the closing.
    for _ in 0..8 {
        update(&mut s, key(KeyCode::Tab));
    }
    type_text(&mut s, "We began by mapping.");
    update(&mut s, alt_enter());
    type_text(&mut s, "Together.");
    update(&mut s, key(KeyCode::Tab));
    update(&mut s, key(KeyCode::Tab));
    type_text(&mut s, "This gives us hope.");
    let written = send(&mut s, key(KeyCode::Enter));
    assert_eq!(
        written,
        vec![
            Change::SetNarration {
                place: Place::Before(exercise.clone()),
                text: "We began by mapping.\nTogether.".into(),
            },
            Change::SetNarration {
                place: Place::Closing,
                text: "This gives us hope.".into(),
            },
        ]
    );
    assert_eq!(run(&s).session.narration.closing, "This gives us hope.");
    let undone = send(&mut s, key(KeyCode::Char('u')));
    assert_eq!(undone.len(), 2, "{undone:?}");
    assert!(run(&s).session.narration.is_empty());
}

#[test]
fn export_is_one_keystroke_away() {
    let mut s = state();
    update(&mut s, key(KeyCode::Esc));
    assert_eq!(
        update(&mut s, key(KeyCode::Char('E'))),
        vec![Effect::Export]
    );
    update(
        &mut s,
        Action::Exported(vec![
            "sessions/exports/x.md".into(),
            "sessions/exports/x.html".into(),
        ]),
    );
    assert!(
        s.status
            .as_deref()
            .unwrap()
            .contains("sessions/exports/: x.md, x.html")
    );
}

#[test]
fn clicks_on_what_the_screen_shows_select_it() {
    use hearth::tui::boards::Hit;
    use ratatui::{Terminal, backend::TestBackend};
    let mut s = state();
    type_text(&mut s, "clickable answer");
    send(&mut s, key(KeyCode::Enter));
    let mut terminal = Terminal::new(TestBackend::new(80, 24)).unwrap();
    let mut hits = Vec::new();
    terminal
        .draw(|f| hits = hearth::tui::view::view(&s, f))
        .unwrap();
    let group = hits
        .iter()
        .find(|(_, h)| *h == Hit::Group(1))
        .expect("Table 2 is on screen")
        .1
        .clone();
    update(&mut s, Action::Click(group));
    assert_eq!(run(&s).group_name(), Some("Table 2"));
    let slot = hits
        .iter()
        .find(|(_, h)| *h == Hit::Slot(1))
        .expect("q4 is on screen")
        .1
        .clone();
    update(&mut s, Action::Click(slot));
    assert_eq!(run(&s).current_slot().id, "q4");
    let id = run(&s).session.contributions()[0].id.clone();
    assert!(
        hits.iter()
            .any(|(_, h)| *h == Hit::Contribution(id.clone())),
        "the answer is clickable"
    );
    update(&mut s, Action::Click(Hit::Contribution(id.clone())));
    assert_eq!(
        (run(&s).focus, run(&s).selected.clone()),
        (Focus::Select, Some(id))
    );
}

/// The run screen on the Futures Wheel test plan.
fn wheel() -> State {
    let scenario = hearth::store::load_scenario(&common::fixture("futures-wheel.json")).unwrap();
    let groups = scenario.suggested_groups.clone();
    let session = Session::new(scenario, "Test".into(), None, groups);
    let mut run_ = Run::new("test.json".into(), session);
    run_.reset_fields();
    State::new(Screen::Run(Box::new(run_)), Theme::plain(), 7)
}

/// A Futures Wheel: `m` does not move a consequence that has another under it, nor one that
/// goes under another to where it would not; the status says why and nothing is written.
#[test]
fn a_consequence_with_one_under_it_is_not_moved_away() {
    let mut s = wheel();
    let mut ids = Vec::new();
    for (text, tab) in [("More peer jobs", false), ("Fewer people train", true)] {
        if tab {
            send(&mut s, key(KeyCode::Tab));
        }
        type_text(&mut s, text);
        let written = send(&mut s, key(KeyCode::Enter));
        let [Change::Add { contribution: c }] = &written[..] else {
            panic!("one add: {written:?}")
        };
        ids.push(c.id.clone());
    }
    for id in &ids {
        update(
            &mut s,
            Action::Click(hearth::tui::boards::Hit::Contribution(id.clone())),
        );
        let written = send(&mut s, key(KeyCode::Char('m')));
        assert!(written.is_empty(), "nothing moved: {written:?}");
        let status = s.status.clone().unwrap_or_default();
        assert!(status.starts_with("Cannot move it"), "{status}");
    }
    assert!(
        s.status
            .clone()
            .unwrap_or_default()
            .contains("goes under ‘More peer jobs’"),
        "{:?}",
        s.status
    );
}

/// A Futures Wheel: a 2nd-order consequence is saved under the newest 1st-order one, or under
/// the one Ctrl-O chooses, as the box's title says; a 1st-order one goes under none.
#[test]
fn a_consequence_is_saved_under_the_parent_the_box_names() {
    let mut s = wheel();
    let mut ids = Vec::new();
    for text in ["More peer jobs", "Training costs rise"] {
        type_text(&mut s, text);
        let written = send(&mut s, key(KeyCode::Enter));
        let [Change::Add { contribution: c }] = &written[..] else {
            panic!("one add: {written:?}")
        };
        assert_eq!(
            c.parent, None,
            "a 1st-order consequence goes under the centre"
        );
        ids.push(c.id.clone());
    }
    send(&mut s, key(KeyCode::Tab));
    assert!(
        run(&s)
            .target()
            .title()
            .contains("under ‘Training costs rise’"),
        "{}",
        run(&s).target().title()
    );
    type_text(&mut s, "Fewer people train");
    let written = send(&mut s, key(KeyCode::Enter));
    let [Change::Add { contribution: c }] = &written[..] else {
        panic!("one add: {written:?}")
    };
    assert_eq!(
        c.parent.as_deref(),
        Some(ids[1].as_str()),
        "under the newest"
    );
    // Ctrl-O goes round to the first.
    send(&mut s, ctrl('o'));
    assert!(run(&s).target().title().contains("under ‘More peer jobs’"));
    type_text(&mut s, "Wages rise");
    let written = send(&mut s, key(KeyCode::Enter));
    let [Change::Add { contribution: c }] = &written[..] else {
        panic!("one add: {written:?}")
    };
    assert_eq!(
        c.parent.as_deref(),
        Some(ids[0].as_str()),
        "under the one chosen"
    );
}

/// One save at a time: while an answer's save is on its way, a new group (or any other change)
/// is refused with a message and its name stays typed; the answer's acknowledgement then clears
/// its entry, so it is never saved a second time.
#[test]
fn a_change_made_while_a_save_is_on_its_way_waits_and_nothing_is_saved_twice() {
    let mut s = state();
    type_text(&mut s, "Peers lead");
    let effects = update(&mut s, key(KeyCode::Enter));
    let [Effect::Persist(first)] = effects.as_slice() else {
        panic!("{effects:?}")
    };
    let first = first.clone();
    // Not yet acknowledged: a new group is asked for.
    update(&mut s, key(KeyCode::Esc));
    update(&mut s, key(KeyCode::Char('n')));
    type_text(&mut s, "Table 9");
    let effects = update(&mut s, key(KeyCode::Enter));
    assert!(
        !effects.iter().any(|e| matches!(e, Effect::Persist(_))),
        "{effects:?}"
    );
    assert!(
        s.status
            .clone()
            .unwrap_or_default()
            .contains("Still saving"),
        "{:?}",
        s.status
    );
    assert_eq!(
        run(&s).new_group.as_ref().map(|b| b.text().to_owned()),
        Some("Table 9".to_owned()),
        "the name stays typed"
    );
    // The answer's save is acknowledged: its entry is cleared; the group then goes through.
    update(&mut s, Action::Persisted);
    let written = send(&mut s, key(KeyCode::Enter));
    assert!(
        matches!(written.as_slice(), [Change::AddGroup { name }] if name == "Table 9"),
        "{written:?}"
    );
    update(&mut s, key(KeyCode::Char('i')));
    let again = send(&mut s, key(KeyCode::Enter));
    assert!(again.is_empty(), "the answer is not saved again: {again:?}");
    let [Change::Add { contribution }] = first.as_slice() else {
        panic!("{first:?}")
    };
    assert_eq!(contribution.text, "Peers lead");
}
