//! Voting over HTTP: 50 phones casting their dots at once (each device counted exactly once,
//! whatever it resends or changes), a device over its dots refused with a message that says
//! so, tallies hidden from every device (in `GET /api/session` and on the live stream) until
//! the facilitator reveals them, ballots saved only once durable, and the page's plain vote
//! form.

mod common;

use std::collections::BTreeMap;
use std::sync::{Arc, Barrier};

use common::serve::{CODE, Events, InProcess, Next, PATIENCE, bearer, join, request};
use hearth::model::convergence::{Round, RoundKind, RoundState, VoteOn};
use hearth::model::{Change, Draft};
use hearth::net::api::{BallotRequest, SessionReply};
use hearth::store::read_session;

const PHONES: usize = 50;

/// A shared session whose first exercise (`round`) holds six answers, with a 3-dot round (at
/// most 2 on one answer) open on them.
fn shared_with_vote(dir: &std::path::Path) -> (InProcess, std::path::PathBuf, Vec<String>) {
    let path = common::new_session(dir);
    let server = InProcess::start(&path, CODE);
    let mut ids = Vec::new();
    let mut changes = Vec::new();
    for i in 0..6 {
        let c = Draft::new("round", "sick", &format!("answer {i} 🚀"))
            .group(Some("Table 1".into()))
            .into_contribution();
        ids.push(c.id.clone());
        changes.push(Change::Add { contribution: c });
    }
    changes.push(Change::OpenRound {
        round: Round {
            id: "dots".into(),
            exercise: "round".into(),
            slot: None,
            on: VoteOn::Answers,
            kind: RoundKind::Dots {
                dots: 3,
                per_item: Some(2),
            },
            state: RoundState::Open,
            opened: jiff::Timestamp::now(),
        },
    });
    server.hub.apply_local(changes).unwrap();
    (server, path, ids)
}

fn ballot(addr: std::net::SocketAddr, token: &str, dots: &[&str]) -> common::serve::Reply {
    let body = serde_json::to_vec(&BallotRequest {
        round: "dots".into(),
        dots: Some(dots.iter().map(|s| s.to_string()).collect()),
        ratings: None,
    })
    .unwrap();
    let auth = bearer(token);
    request(
        addr,
        "POST",
        "/api/ballot",
        &[
            ("Authorization", auth.as_str()),
            ("Content-Type", "application/json"),
        ],
        &body,
    )
    .unwrap()
}

fn session(addr: std::net::SocketAddr, token: &str) -> SessionReply {
    let auth = bearer(token);
    let r = request(
        addr,
        "GET",
        "/api/session",
        &[("Authorization", auth.as_str())],
        b"",
    )
    .unwrap();
    assert_eq!(r.status, 200, "{}", r.text());
    r.json()
}

#[test]
fn fifty_phones_vote_at_once_and_each_counts_once() {
    let dir = tempfile::tempdir().unwrap();
    let (server, path, ids) = shared_with_vote(dir.path());
    let addr = server.addr;
    let tokens: Vec<String> = (0..PHONES)
        .map(|i| join(addr, CODE, ["Table 1", "Table 2", "Room 夢"][i % 3]).token)
        .collect();
    // A note-taker follows the live stream all through.
    let events = Events::open(addr, "/api/events", &tokens[0]).unwrap();
    let start = Arc::new(Barrier::new(PHONES));
    let threads: Vec<_> = tokens
        .iter()
        .enumerate()
        .map(|(i, token)| {
            let (token, ids, start) = (token.clone(), ids.clone(), Arc::clone(&start));
            std::thread::spawn(move || {
                // Phone i: a first ballot, then (every third phone) a change of mind, and every
                // phone sends its final ballot twice (a retry after a lost reply).
                let first = [ids[i % 6].as_str(), ids[(i + 1) % 6].as_str()];
                start.wait();
                let r = ballot(addr, &token, &first);
                assert_eq!(r.status, 201, "{}", r.text());
                let last: Vec<&str> = if i % 3 == 0 {
                    vec![&ids[i % 6], &ids[i % 6], &ids[(i + 2) % 6]]
                } else {
                    first.to_vec()
                };
                let r = ballot(addr, &token, &last);
                assert!(r.status == 201 || r.status == 200, "{}", r.text());
                let again = ballot(addr, &token, &last);
                assert_eq!(again.status, 200, "an equal ballot again: {}", again.text());
                last.iter().map(|s| s.to_string()).collect::<Vec<_>>()
            })
        })
        .collect();
    let cast: Vec<Vec<String>> = threads.into_iter().map(|t| t.join().unwrap()).collect();
    let mut expected: BTreeMap<String, u32> = BTreeMap::new();
    for ballot in &cast {
        for item in ballot {
            *expected.entry(item.clone()).or_default() += 1;
        }
    }
    // Before the reveal: every device sees how many voted and its own ballot, never a tally.
    for (i, token) in tokens.iter().enumerate() {
        let reply = session(addr, token);
        let round = &reply.rounds[0];
        assert_eq!(round.voters, PHONES);
        assert!(round.results.is_none(), "a tally before the reveal");
        match &round.mine {
            Some(hearth::model::convergence::Choice::Dots(mine)) => assert_eq!(mine, &cast[i]),
            other => panic!("phone {i} does not see its ballot: {other:?}"),
        }
    }
    // Too many dots, and too many on one answer: refused, saying why.
    let over = ballot(addr, &tokens[1], &[&ids[0], &ids[1], &ids[2], &ids[3]]);
    assert_eq!(over.status, 422);
    assert!(over.text().contains("each voter has 3"), "{}", over.text());
    let piled = ballot(addr, &tokens[1], &[&ids[0], &ids[0], &ids[0]]);
    assert_eq!(piled.status, 422);
    assert!(piled.text().contains("at most 2"), "{}", piled.text());
    // The join code alone does not vote.
    let code_only = request(
        addr,
        "POST",
        "/api/ballot",
        &[
            ("Authorization", &bearer(CODE)),
            ("Content-Type", "application/json"),
        ],
        br#"{"round":"dots","dots":[]}"#,
    )
    .unwrap();
    assert_eq!(code_only.status, 403, "{}", code_only.text());
    // Close: no more ballots. Reveal: the tally, to everyone, exactly the ballots cast.
    let set = |state| {
        server
            .hub
            .apply_local(vec![Change::SetRoundState {
                round: "dots".into(),
                state,
            }])
            .unwrap()
    };
    set(RoundState::Closed);
    let late = ballot(addr, &tokens[2], &[&ids[0]]);
    assert_eq!(late.status, 422);
    assert!(late.text().contains("closed"), "{}", late.text());
    let before_reveal = events.raw();
    assert!(
        !before_reveal.contains("\"results\""),
        "the live stream carried results before the reveal"
    );
    set(RoundState::Revealed);
    let mut revealed = None;
    while revealed.is_none() {
        match events.next(PATIENCE) {
            Next::Event(e) if e.name == "round" && e.data.contains("\"revealed\"") => {
                revealed = Some(e)
            }
            Next::Event(_) => {}
            other => panic!("no reveal on the stream: {other:?}"),
        }
    }
    let reply = session(addr, &tokens[5]);
    let results: BTreeMap<String, u32> = reply.rounds[0]
        .results
        .as_ref()
        .expect("results once revealed")
        .iter()
        .map(|r| (r.item.clone(), r.count))
        .collect();
    assert_eq!(results, expected);
    server.stop();
    // And on disk, read back: the same, each device once.
    let (saved, _) = read_session(&path).unwrap();
    assert_eq!(saved.convergence.voters("dots"), PHONES);
    let tally: BTreeMap<String, u32> = saved
        .convergence
        .tally("dots")
        .into_iter()
        .map(|t| (t.item, t.count))
        .collect();
    assert_eq!(tally, expected);
}

#[test]
fn the_page_votes_with_a_plain_form() {
    let dir = tempfile::tempdir().unwrap();
    let (server, path, ids) = shared_with_vote(dir.path());
    let addr = server.addr;
    let device = join(addr, CODE, "Table 2");
    let cookie = format!("hearth_device={}", device.token);
    let host = addr.to_string();
    let origin = format!("http://{host}");
    let page = request(addr, "GET", "/", &[("Cookie", cookie.as_str())], b"").unwrap();
    assert_eq!(page.status, 200);
    let html = page.text();
    assert!(html.contains("action=\"/vote\""), "{html}");
    assert!(html.contains(&format!("name=\"dots.{}\"", ids[0])));
    assert!(html.contains("answer 3 🚀"));
    let form = format!("round=dots&dots.{}=2&dots.{}=1", ids[0], ids[4]);
    let headers = [
        ("Cookie", cookie.as_str()),
        ("Content-Type", "application/x-www-form-urlencoded"),
        ("Origin", origin.as_str()),
    ];
    let voted = request(addr, "POST", "/vote", &headers, form.as_bytes()).unwrap();
    assert_eq!(voted.status, 303, "{}", voted.text());
    let back = request(
        addr,
        "GET",
        "/?voted=dots",
        &[("Cookie", cookie.as_str())],
        b"",
    )
    .unwrap();
    assert!(
        back.text().contains("Your vote is counted"),
        "{}",
        back.text()
    );
    // The form shows the ballot as counted.
    assert!(back.text().contains(&format!(
        "name=\"dots.{}\" placeholder=\"0\" value=\"2\"",
        ids[0]
    )));
    let too_many = format!("round=dots&dots.{}=2&dots.{}=2", ids[0], ids[1]);
    let refused = request(addr, "POST", "/vote", &headers, too_many.as_bytes()).unwrap();
    assert_eq!(refused.status, 422);
    assert!(refused.text().contains("Not counted"), "{}", refused.text());
    assert!(refused.text().contains("each voter has 3"));
    // A form from another site is refused before it counts.
    let forged = request(
        addr,
        "POST",
        "/vote",
        &[
            ("Cookie", cookie.as_str()),
            ("Content-Type", "application/x-www-form-urlencoded"),
            ("Origin", "http://evil.example"),
        ],
        form.as_bytes(),
    )
    .unwrap();
    assert_eq!(forged.status, 403);
    server.stop();
    let (saved, _) = read_session(&path).unwrap();
    assert_eq!(saved.convergence.voters("dots"), 1);
}

/// A disk whose next sync fails once `failing` is set (the store's undo then succeeds).
#[derive(Debug, Default)]
struct FailingSync {
    failing: std::sync::atomic::AtomicBool,
}

/// The store's handle on it (the test keeps the other).
#[derive(Debug)]
struct Disk(Arc<FailingSync>);

impl hearth::store::vfs::Vfs for Disk {
    fn sync(&self, journal: &std::fs::File) -> std::io::Result<()> {
        if self
            .0
            .failing
            .swap(false, std::sync::atomic::Ordering::SeqCst)
        {
            return Err(std::io::Error::other("the disk failed"));
        }
        journal.sync_data()
    }
}

#[test]
fn a_ballot_is_acknowledged_only_once_durable() {
    let dir = tempfile::tempdir().unwrap();
    let path = common::new_session(dir.path());
    let disk = Arc::new(FailingSync::default());
    let (store, _) =
        hearth::store::SessionStore::open_with(&path, Arc::new(Disk(Arc::clone(&disk)))).unwrap();
    let server = InProcess::with_store(store, CODE, Default::default());
    let c = Draft::new("round", "sick", "the one answer").into_contribution();
    let id = c.id.clone();
    server
        .hub
        .apply_local(vec![
            Change::Add { contribution: c },
            Change::OpenRound {
                round: Round {
                    id: "dots".into(),
                    exercise: "round".into(),
                    slot: None,
                    on: VoteOn::Answers,
                    kind: RoundKind::Dots {
                        dots: 1,
                        per_item: None,
                    },
                    state: RoundState::Open,
                    opened: jiff::Timestamp::now(),
                },
            },
        ])
        .unwrap();
    let token = join(server.addr, CODE, "Table 1").token;
    disk.failing
        .store(true, std::sync::atomic::Ordering::SeqCst);
    let r = ballot(server.addr, &token, &[&id]);
    assert_eq!(r.status, 503, "{}", r.text());
    assert_eq!(session(server.addr, &token).rounds[0].voters, 0);
    let r = ballot(server.addr, &token, &[&id]);
    assert_eq!(r.status, 201, "{}", r.text());
    server.stop();
    assert_eq!(read_session(&path).unwrap().0.convergence.voters("dots"), 1);
}
