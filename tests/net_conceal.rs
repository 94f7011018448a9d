//! Hidden until the reveal, on every route and the live stream: with an exercise's answers
//! hidden (R), the join code alone reads no group's answers (whatever `?group=` says), each
//! group's device sees only its own group's answers (in `GET /api/session`, the page, vote
//! rounds' items and the stream), `/screen` shows a count, and a reveal brings the rest.

mod common;

use common::serve::{CODE, Events, InProcess, Next, bearer, join, request};
use hearth::model::convergence::{Round, RoundKind, RoundState, Theme, VoteOn};
use hearth::model::{Change, Draft};

const ONE: &str = "SECRET-OF-TABLE-ONE";
const TWO: &str = "SECRET-OF-TABLE-TWO";
const ROOM: &str = "SECRET-OF-ROOM-DREAM";
const TWO_LATER: &str = "LATER-SECRET-OF-TABLE-TWO";
const ALL: [&str; 4] = [ONE, TWO, ROOM, TWO_LATER];
/// A theme's name: the facilitator's words about the answers, which follow them.
const THEME: &str = "THEME-NAMED-FROM-TABLE-TWO";

fn theme() -> Change {
    let now = jiff::Timestamp::now();
    Change::AddTheme {
        theme: Theme {
            id: "t1".into(),
            exercise: "round".into(),
            name: THEME.into(),
            created: now,
            named: now,
            merged_into: None,
        },
    }
}

fn theme_dots(id: &str) -> Change {
    let Change::OpenRound { mut round } = dots(id) else {
        unreachable!("dots opens a round")
    };
    round.on = VoteOn::Themes;
    Change::OpenRound { round }
}

fn dots(id: &str) -> Change {
    Change::OpenRound {
        round: Round {
            id: id.into(),
            exercise: "round".into(),
            slot: None,
            on: VoteOn::Answers,
            kind: RoundKind::Dots {
                dots: 3,
                per_item: None,
            },
            state: RoundState::Open,
            opened: jiff::Timestamp::now(),
        },
    }
}

fn answer(group: &str, text: &str) -> Change {
    Change::Add {
        contribution: Draft::new("round", "sick", text)
            .group(Some(group.into()))
            .into_contribution(),
    }
}

fn get(addr: std::net::SocketAddr, path: &str, headers: &[(&str, &str)]) -> String {
    let r = request(addr, "GET", path, headers, b"").unwrap();
    r.text()
}

/// Which of the secrets `text` holds.
fn secrets(text: &str) -> Vec<&'static str> {
    // The later one contains the earlier one's words: look for it first, then without it.
    let rest = text.replace(TWO_LATER, "");
    let mut found: Vec<&str> = [ONE, TWO, ROOM]
        .into_iter()
        .filter(|s| rest.contains(s))
        .collect();
    if text.contains(TWO_LATER) {
        found.push(TWO_LATER);
    }
    found
}

/// Reads a stream until a round event for `round` comes; returns everything it sent.
fn until_round(events: &Events, round: &str) -> String {
    loop {
        match events.next(common::serve::PATIENCE) {
            Next::Event(e) if e.name == "round" && e.json()["round"]["id"] == round => {
                return events.raw();
            }
            Next::Event(_) => {}
            other => panic!("the stream stopped before round {round}: {other:?}"),
        }
    }
}

#[test]
fn hidden_until_reveal_holds_on_every_route_and_the_stream() {
    let dir = tempfile::tempdir().unwrap();
    let path = common::new_session(dir.path());
    let server = InProcess::start(&path, CODE);
    let addr = server.addr;
    server
        .hub
        .apply_local(vec![
            answer("Table 1", ONE),
            answer("Table 2", TWO),
            answer("Room 夢", ROOM),
            dots("before"),
            theme(),
            theme_dots("themes"),
            Change::SetConcealed {
                exercise: "round".into(),
                concealed: true,
            },
        ])
        .unwrap();
    let one = join(addr, CODE, "Table 1").token;
    let two = join(addr, CODE, "Table 2").token;
    let code = bearer(CODE);
    let (auth_one, auth_two) = (bearer(&one), bearer(&two));
    let cookie_one = format!("hearth_device={one}");
    let cookie_two = format!("hearth_device={two}");

    // The join code alone, with and without a group: no answer of any group.
    for route in [
        "/api/session",
        "/api/session?group=Table%201",
        "/api/session?group=Table%202",
        "/api/session?group=Room%20%E5%A4%A2",
        "/api/groups",
    ] {
        let body = get(addr, route, &[("Authorization", code.as_str())]);
        assert!(
            secrets(&body).is_empty() && !body.contains(THEME),
            "{route} with the code alone: {body}"
        );
    }
    // Each device: its own group's answers, in its answers and in the round's items.
    for (auth, cookie, own) in [(&auth_one, &cookie_one, ONE), (&auth_two, &cookie_two, TWO)] {
        let body = get(addr, "/api/session", &[("Authorization", auth.as_str())]);
        assert_eq!(
            secrets(&body),
            [own],
            "GET /api/session of {own}'s device: {body}"
        );
        assert!(!body.contains(THEME), "a theme before the reveal: {body}");
        let page = get(addr, "/", &[("Cookie", cookie.as_str())]);
        assert_eq!(secrets(&page), [own], "the page of {own}'s device: {page}");
        assert!(!page.contains(THEME), "a theme before the reveal: {page}");
    }
    // The room's browser screen: a count, no answer.
    let screen = format!(
        "/screen?code={}",
        server.hub.screen_code().display().replace(' ', "%20")
    );
    let body = get(addr, &screen, &[]);
    assert!(body.contains("3 answers saved"), "{body}");
    assert!(secrets(&body).is_empty(), "/screen: {body}");
    assert!(!body.contains(THEME), "/screen: {body}");

    // The live stream, while a group answers and a round opens over the hidden answers.
    let by_code = Events::open(addr, "/api/events?group=Table%202", CODE).unwrap();
    let by_one = Events::open(addr, "/api/events", &one).unwrap();
    let by_two = Events::open(addr, "/api/events", &two).unwrap();
    server
        .hub
        .apply_local(vec![answer("Table 2", TWO_LATER), dots("during")])
        .unwrap();
    let sent = until_round(&by_code, "during");
    assert!(
        secrets(&sent).is_empty() && !sent.contains(THEME),
        "the stream, code alone: {sent}"
    );
    let sent = until_round(&by_one, "during");
    assert_eq!(secrets(&sent), [ONE], "Table 1's stream: {sent}");
    let sent = until_round(&by_two, "during");
    assert_eq!(secrets(&sent), [TWO, TWO_LATER], "Table 2's stream: {sent}");

    // The reveal: each device's rounds now hold every group's answers; the code alone still none.
    server
        .hub
        .apply_local(vec![Change::SetConcealed {
            exercise: "round".into(),
            concealed: false,
        }])
        .unwrap();
    let sent = until_round(&by_one, "during");
    assert_eq!(
        secrets(&sent),
        ALL,
        "Table 1's stream after the reveal: {sent}"
    );
    let body = get(
        addr,
        "/api/session",
        &[("Authorization", auth_one.as_str())],
    );
    assert_eq!(secrets(&body), ALL, "after the reveal: {body}");
    assert!(body.contains(THEME), "the theme after the reveal: {body}");
    let body = get(
        addr,
        "/api/session?group=Table%202",
        &[("Authorization", code.as_str())],
    );
    assert!(
        secrets(&body).is_empty() && !body.contains(THEME),
        "the code alone after the reveal: {body}"
    );
    let body = get(addr, &screen, &[]);
    assert_eq!(secrets(&body), ALL, "/screen after the reveal: {body}");
    drop((by_code, by_one, by_two));
    server.stop();
}

#[test]
fn hearth_serve_keeps_answers_hidden_after_a_restart() {
    let dir = tempfile::tempdir().unwrap();
    let path = common::new_session(dir.path());
    let server = InProcess::start(&path, CODE);
    server
        .hub
        .apply_local(vec![
            answer("Table 1", ONE),
            answer("Table 2", TWO),
            dots("before"),
            theme(),
            theme_dots("themes"),
            Change::SetConcealed {
                exercise: "round".into(),
                concealed: true,
            },
        ])
        .unwrap();
    server.stop();
    // Started again from the files alone: still hidden.
    let server = InProcess::start(&path, CODE);
    let one = join(server.addr, CODE, "Table 1").token;
    let auth = bearer(&one);
    let body = get(
        server.addr,
        "/api/session",
        &[("Authorization", auth.as_str())],
    );
    assert_eq!(secrets(&body), [ONE], "after a restart: {body}");
    server.stop();
}
