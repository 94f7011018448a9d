//! Sharing from the facilitator's terminal, through the pure update: F6 asks to start sharing
//! and opens the note-takers panel; answers arriving from note-takers land on the screen's copy
//! of the session, marked; revoking and stopping wait for `y`.

mod common;

use std::time::{Duration, Instant};

use hearth::model::{Change, Draft, Session};
use hearth::net::hub::DeviceInfo;
use hearth::tui::action::{Action, Effect};
use hearth::tui::state::{ARRIVED_MARK, Run, Screen, State};
use hearth::tui::theme::Theme;
use hearth::tui::update;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

fn state() -> State {
    let scenario = common::all_kinds();
    let groups = scenario.suggested_groups.clone();
    let session = Session::new(scenario, "Test".into(), None, groups);
    let mut run = Run::new("test.json".into(), session);
    run.exercise = 3;
    run.reset_fields();
    State::new(Screen::Run(Box::new(run)), Theme::plain(), 7)
}

fn key(code: KeyCode) -> Action {
    Action::Key(KeyEvent::new(code, KeyModifiers::NONE))
}

fn shared(s: &mut State) {
    assert_eq!(update(s, key(KeyCode::F(6))), vec![Effect::StartSharing]);
    assert!(
        update(
            s,
            Action::Shared {
                url: "http://127.0.0.1:7878/".into(),
                code: "ACDEF-GHJKM".into(),
                screen: "http://127.0.0.1:7878/screen?code=BCDFG-HJKLM".into(),
                local_only: true,
                qr: vec!["██".into()],
            }
        )
        .is_empty()
    );
}

fn device(id: &str, group: &str) -> DeviceInfo {
    DeviceInfo {
        id: id.into(),
        name: Some(format!("{id}'s phone")),
        group: group.into(),
        address: None,
        last_seen: Some(3),
        streams: 1,
        answers: 2,
        revoked: false,
    }
}

#[test]
fn f6_starts_sharing_once_then_opens_and_closes_the_panel() {
    let mut s = state();
    shared(&mut s);
    let sharing = s.run().unwrap().sharing.clone().unwrap();
    assert!(sharing.panel);
    assert_eq!(sharing.code, "ACDEF-GHJKM");
    // Already shared: F6 only closes and reopens the panel.
    assert!(update(&mut s, key(KeyCode::F(6))).is_empty());
    assert!(!s.run().unwrap().sharing.as_ref().unwrap().panel);
    assert!(update(&mut s, key(KeyCode::F(6))).is_empty());
    assert!(s.run().unwrap().sharing.as_ref().unwrap().panel);
    // While the panel is open, letters do not go into the capture box.
    update(&mut s, key(KeyCode::Char('z')));
    assert!(s.run().unwrap().capture[0].is_blank());
}

#[test]
fn a_failed_start_says_why_and_leaves_sharing_off() {
    let mut s = state();
    update(&mut s, key(KeyCode::F(6)));
    update(
        &mut s,
        Action::ShareFailed("cannot listen on 127.0.0.1:7878: address in use".into()),
    );
    assert!(s.run().unwrap().sharing.is_none());
    assert!(s.banner.as_deref().unwrap().contains("address in use"));
    assert_eq!(s.status, None, "still says it is starting");
}

#[test]
fn a_machine_only_share_names_the_port_in_use() {
    // --bind 127.0.0.1:0 picked a free port: the way to let phones in names that port.
    let mut s = state();
    update(&mut s, key(KeyCode::F(6)));
    update(
        &mut s,
        Action::Shared {
            url: "http://127.0.0.1:46175/".into(),
            code: "ACDEF-GHJKM".into(),
            screen: "http://127.0.0.1:46175/screen?code=BCDFG-HJKLM".into(),
            local_only: true,
            qr: Vec::new(),
        },
    );
    let screen = render(&s, 100, 30);
    assert!(
        screen.contains("--bind 0.0.0.0:46175"),
        "the port in use is not named:\n{screen}"
    );
}

#[test]
fn arriving_answers_are_applied_marked_and_announced() {
    let mut s = state();
    shared(&mut s);
    let exercise = s.run().unwrap().current_exercise().id.clone();
    let slot = s.run().unwrap().current_slot().id;
    let c = Draft::new(
        &exercise,
        &slot,
        "Volunteer --> outreach worker --> coordinator 🌱",
    )
    .group(Some("Table 2".into()))
    .into_contribution();
    let id = c.id.clone();
    let now = Instant::now();
    s.now = now;
    update(
        &mut s,
        Action::Arrived {
            from: "device abc".into(),
            changes: vec![Change::Add { contribution: c }],
        },
    );
    let run = s.run().unwrap();
    assert_eq!(
        run.session.contribution(&id).unwrap().text,
        "Volunteer --> outreach worker --> coordinator 🌱"
    );
    assert!(run.arrived.contains_key(&id));
    assert!(
        s.status
            .as_deref()
            .unwrap()
            .starts_with("↓ Table 2: Volunteer")
    );
    // The mark fades.
    update(
        &mut s,
        Action::Tick(now + ARRIVED_MARK + Duration::from_secs(1)),
    );
    assert!(!s.run().unwrap().arrived.contains_key(&id));
}

#[test]
fn an_arrival_the_screen_cannot_apply_asks_for_the_saved_session() {
    let mut s = state();
    shared(&mut s);
    let effects = update(
        &mut s,
        Action::Arrived {
            from: "device abc".into(),
            changes: vec![Change::SetHidden {
                id: "not-on-this-screen".into(),
                hidden: true,
            }],
        },
    );
    assert_eq!(effects, vec![Effect::Resync]);
}

#[test]
fn revoking_a_device_waits_for_y() {
    let mut s = state();
    shared(&mut s);
    update(
        &mut s,
        Action::Devices(vec![device("aaa", "Table 1"), device("bbb", "Table 2")]),
    );
    update(&mut s, key(KeyCode::Down));
    assert!(update(&mut s, key(KeyCode::Char('x'))).is_empty());
    assert!(s.status.as_deref().unwrap().contains("bbb's phone"));
    // Any other key keeps it.
    assert!(update(&mut s, key(KeyCode::Char('n'))).is_empty());
    assert!(update(&mut s, key(KeyCode::Char('y'))).is_empty());
    update(&mut s, key(KeyCode::Char('x')));
    assert_eq!(
        update(&mut s, key(KeyCode::Char('y'))),
        vec![Effect::Revoke("bbb".into())]
    );
}

#[test]
fn a_new_code_and_stopping() {
    let mut s = state();
    shared(&mut s);
    assert_eq!(
        update(&mut s, key(KeyCode::Char('c'))),
        vec![Effect::RotateCode]
    );
    update(&mut s, Action::CodeRotated("QWERT-YUPAC".into()));
    assert_eq!(
        s.run().unwrap().sharing.as_ref().unwrap().code,
        "QWERT-YUPAC"
    );
    assert!(update(&mut s, key(KeyCode::Char('S'))).is_empty());
    assert_eq!(
        update(&mut s, key(KeyCode::Char('y'))),
        vec![Effect::StopSharing]
    );
    update(&mut s, Action::Unshared);
    assert!(s.run().unwrap().sharing.is_none());
}

#[test]
fn repeated_wrong_codes_are_a_banner() {
    let mut s = state();
    shared(&mut s);
    update(
        &mut s,
        Action::Notice {
            text: "5 wrong join codes from 192.168.1.9: it must wait 60 s".into(),
            warning: true,
        },
    );
    assert!(s.banner.as_deref().unwrap().contains("wrong join codes"));
}

fn render(state: &State, w: u16, h: u16) -> String {
    use ratatui::{Terminal, backend::TestBackend};
    let mut terminal = Terminal::new(TestBackend::new(w, h)).unwrap();
    terminal
        .draw(|f| drop(hearth::tui::view::view(state, f)))
        .unwrap();
    format!("{}", terminal.backend())
}

fn panel_state() -> State {
    let mut s = state();
    assert_eq!(
        update(&mut s, key(KeyCode::F(6))),
        vec![Effect::StartSharing]
    );
    update(
        &mut s,
        Action::Shared {
            url: "http://192.168.1.20:7878/".into(),
            code: "ACDEF-GHJKM".into(),
            screen: "http://192.168.1.20:7878/screen?code=BCDFG-HJKLM".into(),
            local_only: false,
            qr: hearth::net::share::qr_lines("http://192.168.1.20:7878/").unwrap(),
        },
    );
    let mut revoked = device("ccc", "Room 夢");
    revoked.revoked = true;
    revoked.streams = 0;
    update(
        &mut s,
        Action::Devices(vec![
            device("aaa", "Table 1"),
            device("bbb", "Table 2"),
            revoked,
        ]),
    );
    s
}

#[test]
fn the_panel_shows_how_to_join_and_who_joined() {
    let s = panel_state();
    insta::assert_snapshot!("panel_80x24", render(&s, 80, 24));
    // Wide enough: the QR code sits beside the list.
    let wide = render(&s, 160, 48);
    assert!(wide.contains("▀"), "the QR code is drawn");
    insta::assert_snapshot!("panel_160x48", wide);
}

#[test]
fn v_shows_the_qr_code_large_on_a_small_screen() {
    let mut s = panel_state();
    update(&mut s, key(KeyCode::Char('v')));
    let screen = render(&s, 80, 24);
    assert!(screen.contains("http://192.168.1.20:7878/   code ACDEF-GHJKM"));
    insta::assert_snapshot!("panel_qr_80x24", screen);
}

#[test]
fn the_header_says_the_session_is_shared() {
    let mut s = panel_state();
    update(&mut s, key(KeyCode::Esc));
    let screen = render(&s, 80, 24);
    assert!(screen.contains("⇄ ACDEF-GHJKM · 2 live"), "{screen}");
}
