//! `hearth serve`'s HTTP API: many note-takers at once, a server killed and restarted under
//! them, connections cut mid-request, every kind of bad request, and what the live event
//! stream tells (and never tells) each note-taker.
//!
//! The server runs as a real `hearth serve` process where that matters (load, crashes,
//! refusals), and in this process where a test must drive the hub (hide an answer, move the
//! agenda, revoke a device). Every client is a small blocking HTTP/1.1 client over std's
//! `TcpStream` (tests/common/serve.rs), which also checks that no reply ever carries CORS
//! headers.
//!
//! This file holds what the tests share; `many` holds the load and crash tests, `refusals` the
//! bad requests, `events` what the live event stream tells.

#[path = "../common/mod.rs"]
mod common;
mod events;
mod many;
mod refusals;

use std::collections::{HashSet, VecDeque};
use std::io;
use std::net::{IpAddr, SocketAddr};
use std::path::Path;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Barrier};
use std::time::{Duration, Instant};

use common::serve::{
    CODE, Conn, Events, InProcess, Next, PATIENCE, Reply, Serve, answer_body, bearer, compose,
    exchange, join, poll_until, post_answer, request,
};
use hearth::model::{Change, Contribution, Draft, Session};
use hearth::net::api::{JoinReply, SessionReply};
use hearth::net::hub::{BLOCK_TIME, Hub, JoinCode, MAX_FAILURES, Refusal};
use hearth::store::{SessionStore, read_session};

/// The groups of the all-kinds test session.
const GROUPS: [&str; 3] = ["Table 1", "Table 2", "Room 夢"];
/// The first exercise of the all-kinds plan (the one shared by default) and its slots.
const EXERCISE: &str = "round";
const SLOTS: [&str; 2] = ["sick", "whole"];

/// Text as people type it; each answer mixes two of these, so a byte changed anywhere on the
/// way (JSON escaping, normalisation, a torn write) shows.
const TYPED: [&str; 14] = [
    "Peer support volunteer --> street outreach worker -->  housing stability worker ",
    "  leading and trailing spaces  ",
    "tab\there and a line break\nthen the second line",
    "emoji 🚀 👩🏽‍🦱 🏳️‍🌈",
    "夢 未来 한국어 مرحبا שלום",
    "combining e\u{301} and no-break\u{a0}space",
    "quotes \" and \\ backslashes \\\" and 'single'",
    "<b>html</b> & `code` *stars* _under_ # heading | pipe",
    "an escape \u{1b}[31m in red",
    "a NUL \u{0} inside",
    "right-to-left mark \u{200f} and BOM \u{feff}",
    "=SUM(A1:A9) +1 -1 @home",
    "{\"json\": [1, 2, {\"inside\": true}]}",
    "x",
];

fn typed_text(client: usize, i: usize) -> String {
    format!(
        "{} · client {client} · answer {i} · {}",
        TYPED[i % TYPED.len()],
        TYPED[(i / TYPED.len() + client) % TYPED.len()]
    )
}

fn any_port() -> SocketAddr {
    "127.0.0.1:0".parse().expect("an address")
}

fn saved_session(path: &Path) -> Session {
    read_session(path).expect("the session reads back").0
}

/// A new all-kinds session with 24 answers already saved, as a session
/// shared midway through a workshop has; returns them too.
fn session_with_answers(dir: &Path) -> (std::path::PathBuf, Vec<Contribution>) {
    let path = common::new_session(dir);
    let (mut store, _) = SessionStore::open(&path).expect("opens");
    for (i, group) in GROUPS.iter().enumerate() {
        for n in 0..8 {
            let c = Draft::new(EXERCISE, SLOTS[n % 2], &typed_text(100 + i, n))
                .group(Some((*group).to_owned()))
                .into_contribution();
            store.apply(Change::Add { contribution: c }).expect("saved");
        }
    }
    let before = store.session().contributions().to_vec();
    store.close().expect("closes");
    (path, before)
}

/// Checks that the answers saved before sharing are all still there, unchanged.
fn assert_kept(session: &Session, before: &[Contribution]) {
    for c in before {
        assert_eq!(
            session.contribution(&c.id),
            Some(c),
            "an earlier answer changed"
        );
    }
}

/// One answer a client means to have saved.
#[derive(Debug, Clone)]
struct Sent {
    id: String,
    group: &'static str,
    slot: &'static str,
    text: String,
}

impl Sent {
    fn body(&self) -> Vec<u8> {
        answer_body(&self.id, EXERCISE, self.slot, self.group, &self.text)
    }
}

/// Checks that every answer in `sent` is in the session exactly as sent, and that the session
/// holds exactly `before` + those, each id once.
fn assert_all_saved_once(session: &Session, before: usize, sent: &[Sent]) {
    let ids: HashSet<&str> = session
        .contributions()
        .iter()
        .map(|c| c.id.as_str())
        .collect();
    assert_eq!(
        ids.len(),
        session.contributions().len(),
        "an id is in the session twice"
    );
    let distinct: HashSet<&str> = sent.iter().map(|s| s.id.as_str()).collect();
    assert_eq!(distinct.len(), sent.len(), "the test sent an id twice");
    assert_eq!(
        session.contributions().len(),
        before + sent.len(),
        "the session should hold the {before} answers it had plus the {} sent, no more, no fewer",
        sent.len()
    );
    for s in sent {
        let c = session
            .contribution(&s.id)
            .unwrap_or_else(|| panic!("answer {} is missing", s.id));
        assert_eq!(
            c.text.as_bytes(),
            s.text.as_bytes(),
            "answer {} changed on the way",
            s.id
        );
        assert_eq!(c.group.as_deref(), Some(s.group), "answer {}", s.id);
        assert_eq!((c.exercise.as_str(), c.slot.as_str()), (EXERCISE, s.slot));
        assert!(!c.hidden && c.author.is_none(), "answer {}", s.id);
    }
}

/// A note-taker's sending side: one kept-alive connection, opened again after any error,
/// and every answer sent until the server acknowledges it.
struct Sender {
    addr: SocketAddr,
    token: String,
    conn: Option<Conn>,
    /// Connection errors and 503s seen (each followed by sending again).
    failures: usize,
}

impl Sender {
    fn new(addr: SocketAddr, token: &str) -> Sender {
        Sender {
            addr,
            token: token.to_owned(),
            conn: None,
            failures: 0,
        }
    }

    /// One attempt: the reply, or the error that stands for "not acknowledged".
    fn try_once(&mut self, body: &[u8]) -> io::Result<Reply> {
        if self.conn.as_ref().is_none_or(|c| !c.is_open()) {
            self.conn = Some(Conn::connect(self.addr)?);
        }
        let conn = self.conn.as_mut().ok_or_else(|| io::Error::other("none"))?;
        let reply = post_answer(conn, &self.token, body);
        if reply.is_err() {
            self.conn = None;
        }
        reply
    }

    /// Sends until the answer is acknowledged (`201` or `200`); returns that status. A `200`
    /// is only right for an answer whose earlier attempt may have arrived, so it is refused
    /// on a first attempt unless the answer was `sent_before` (on another connection).
    /// Panics on any other reply, or after [`PATIENCE`] of failures.
    fn deliver(&mut self, body: &[u8], sent_before: bool) -> u16 {
        let deadline = Instant::now() + PATIENCE * 2;
        let mut failed_before = sent_before;
        loop {
            match self.try_once(body) {
                Ok(r) if r.status == 201 => return 201,
                Ok(r) if r.status == 200 && failed_before => return 200,
                Ok(r) if r.status == 503 => {}
                Ok(r) => panic!(
                    "an answer got {} (first attempt: {}): {}",
                    r.status,
                    !failed_before,
                    r.text()
                ),
                Err(_) => {}
            }
            failed_before = true;
            self.failures += 1;
            assert!(
                Instant::now() < deadline,
                "an answer was not acknowledged within {:?}",
                PATIENCE * 2
            );
            std::thread::sleep(Duration::from_millis(20));
        }
    }
}

/// What no reply to an unknown caller may contain.
const SESSION_DATA: [&str; 8] = [
    "Test session",
    "Table 1",
    "Table 2",
    "Room 夢",
    "Consciousness raising",
    "What makes us sick",
    "SECRET-ANSWER",
    "Futures Triangle",
];

fn assert_tells_nothing(what: &str, reply: &Reply) {
    let body = reply.text();
    for secret in SESSION_DATA {
        assert!(
            !body.contains(secret),
            "{what}: the {} reply gives away {secret:?}: {body}",
            reply.status
        );
    }
    for (name, value) in &reply.headers {
        for secret in SESSION_DATA {
            assert!(
                !value.contains(secret),
                "{what}: header {name} gives away {secret:?}"
            );
        }
    }
}

fn expect_status(what: &str, reply: io::Result<Reply>, status: u16) -> Reply {
    let reply = reply.unwrap_or_else(|e| panic!("{what}: no reply: {e}"));
    assert_eq!(reply.status, status, "{what}: {}", reply.text());
    reply
}

/// A request from another loopback address (another machine, to the server).
fn request_from(
    source: IpAddr,
    addr: SocketAddr,
    method: &str,
    path: &str,
    headers: &[(&str, &str)],
    body: &[u8],
) -> io::Result<Reply> {
    let mut all = headers.to_vec();
    all.push(("Connection", "close"));
    Conn::connect_from(source, addr)?.send(method, path, &all, body)
}

/// Sends a header a byte a second; returns how long the server let that go on, and what it
/// sent back.
fn dribble(addr: SocketAddr) -> (Duration, Vec<u8>) {
    use std::io::{Read, Write};
    let mut stream = std::net::TcpStream::connect(addr).expect("connects");
    stream
        .set_read_timeout(Some(Duration::from_secs(1)))
        .expect("a timeout");
    let head = format!("GET /api/groups HTTP/1.1\r\nHost: {addr}\r\nX-Slow: ");
    let mut bytes = head.into_bytes().into_iter().chain(std::iter::repeat(b'a'));
    let started = Instant::now();
    let mut received = Vec::new();
    while started.elapsed() < Duration::from_secs(45) {
        let byte = bytes.next().unwrap_or(b'a');
        if stream.write_all(&[byte]).is_err() {
            break;
        }
        let mut buf = [0u8; 4096];
        match stream.read(&mut buf) {
            Ok(0) => break,
            Ok(n) => received.extend_from_slice(&buf[..n]),
            Err(e)
                if e.kind() == io::ErrorKind::WouldBlock || e.kind() == io::ErrorKind::TimedOut => {
            }
            Err(_) => break,
        }
    }
    (started.elapsed(), received)
}

fn answer_id(event: &common::serve::Sse) -> String {
    event.json()["answer"]["id"]
        .as_str()
        .expect("an answer event names its answer")
        .to_owned()
}
