//! `hearth serve`'s HTTP API: many note-takers at once, a server killed and restarted under
//! them, connections cut mid-request, every kind of bad request, and what the live event
//! stream tells (and never tells) each note-taker.
//!
//! The server runs as a real `hearth serve` process where that matters (load, crashes,
//! refusals), and in this process where a test must drive the hub (hide an answer, move the
//! agenda, revoke a device). Every client is a small blocking HTTP/1.1 client over std's
//! `TcpStream` (tests/common/serve.rs), which also checks that no reply ever carries CORS
//! headers.

mod common;

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

// ---- many note-takers at once ----

#[test]
fn fifty_note_takers_sending_two_hundred_answers_each_are_all_saved_exactly_once() {
    const CLIENTS: usize = 50;
    const EACH: usize = 200;
    let dir = tempfile::tempdir().expect("a temporary directory");
    let (path, earlier) = session_with_answers(dir.path());
    let server = Serve::start(&path, any_port(), CODE);
    let addr = server.addr;
    let ready = Arc::new(Barrier::new(CLIENTS));
    let started = Instant::now();
    let clients: Vec<_> = (0..CLIENTS)
        .map(|client| {
            let ready = Arc::clone(&ready);
            std::thread::spawn(move || {
                let group = GROUPS[client % GROUPS.len()];
                let device = join(addr, CODE, group);
                let mut sender = Sender::new(addr, &device.token);
                ready.wait();
                let mut sent = Vec::with_capacity(EACH);
                for i in 0..EACH {
                    let s = Sent {
                        id: format!("load-{client:02}-{i:03}"),
                        group,
                        slot: SLOTS[i % SLOTS.len()],
                        text: typed_text(client, i),
                    };
                    sender.deliver(&s.body(), false);
                    sent.push(s);
                }
                sent
            })
        })
        .collect();
    let sent: Vec<Sent> = clients
        .into_iter()
        .flat_map(|c| c.join().expect("a client finished"))
        .collect();
    let took = started.elapsed();
    server.terminate();
    eprintln!(
        "{} answers from {CLIENTS} note-takers in {took:.2?}",
        sent.len()
    );
    assert_eq!(sent.len(), CLIENTS * EACH);
    let session = saved_session(&path);
    assert_all_saved_once(&session, earlier.len(), &sent);
    assert_kept(&session, &earlier);
}

// ---- crashes ----

#[test]
fn a_server_killed_mid_stream_and_restarted_loses_nothing_and_doubles_nothing() {
    const CLIENTS: usize = 8;
    const EACH: usize = 250;
    const TOTAL: usize = CLIENTS * EACH;
    let dir = tempfile::tempdir().expect("a temporary directory");
    let (path, earlier) = session_with_answers(dir.path());
    let mut server = Serve::start(&path, any_port(), CODE);
    let addr = server.addr;
    // Joined once, before any crash: the tokens must survive every restart.
    let devices: Vec<JoinReply> = (0..CLIENTS)
        .map(|c| join(addr, CODE, GROUPS[c % GROUPS.len()]))
        .collect();
    let acknowledged = Arc::new(AtomicUsize::new(0));
    let resent_and_found = Arc::new(AtomicUsize::new(0));
    let failures = Arc::new(AtomicUsize::new(0));
    let clients: Vec<_> = devices
        .into_iter()
        .enumerate()
        .map(|(client, device)| {
            let acknowledged = Arc::clone(&acknowledged);
            let resent_and_found = Arc::clone(&resent_and_found);
            let failures = Arc::clone(&failures);
            std::thread::spawn(move || {
                let group = GROUPS[client % GROUPS.len()];
                // The client's own list of what the server has not acknowledged yet.
                let mut unacknowledged: VecDeque<Sent> = (0..EACH)
                    .map(|i| Sent {
                        id: format!("crash-{client}-{i:03}"),
                        group,
                        slot: SLOTS[i % SLOTS.len()],
                        text: typed_text(client, i),
                    })
                    .collect();
                let mut sender = Sender::new(addr, &device.token);
                let mut done = Vec::with_capacity(EACH);
                while let Some(next) = unacknowledged.front() {
                    if sender.deliver(&next.body(), false) == 200 {
                        resent_and_found.fetch_add(1, Ordering::Relaxed);
                    }
                    acknowledged.fetch_add(1, Ordering::Relaxed);
                    done.extend(unacknowledged.pop_front());
                }
                failures.fetch_add(sender.failures, Ordering::Relaxed);
                done
            })
        })
        .collect();
    // Three crashes, at a fifth, two fifths and three fifths of the way.
    let mut at_kill = Vec::new();
    for round in 1..=3 {
        let goal = TOTAL * round / 5;
        assert!(
            poll_until(PATIENCE * 2, || acknowledged.load(Ordering::Relaxed)
                >= goal),
            "only {} of {TOTAL} answers acknowledged before crash {round}",
            acknowledged.load(Ordering::Relaxed)
        );
        at_kill.push(acknowledged.load(Ordering::Relaxed));
        server = server.crash_and_restart();
        assert_eq!(server.addr, addr, "restarted on the same port");
    }
    let sent: Vec<Sent> = clients
        .into_iter()
        .flat_map(|c| c.join().expect("a client finished"))
        .collect();
    server.terminate();
    eprintln!(
        "killed at {at_kill:?} of {TOTAL} acknowledged; {} connection failures; {} answers \
         sent again were already saved",
        failures.load(Ordering::Relaxed),
        resent_and_found.load(Ordering::Relaxed)
    );
    assert!(
        at_kill.iter().all(|&n| n < TOTAL),
        "every crash came while answers were still being sent: {at_kill:?}"
    );
    assert!(
        failures.load(Ordering::Relaxed) > 0,
        "the crashes should have cut some clients off"
    );
    let session = saved_session(&path);
    assert_all_saved_once(&session, earlier.len(), &sent);
    assert_kept(&session, &earlier);
}

#[test]
fn a_request_cut_off_midway_is_sent_again_and_saved_exactly_once() {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let path = common::new_session(dir.path());
    let before = saved_session(&path).contributions().len();
    let mut server = Serve::start(&path, any_port(), CODE);
    let addr = server.addr;
    let device = join(addr, CODE, "Table 1");
    let auth = bearer(&device.token);
    let headers = [
        ("Authorization", auth.as_str()),
        ("Content-Type", "application/json"),
    ];
    let answer = |id: String, n: usize| Sent {
        id,
        group: "Table 1",
        slot: SLOTS[n % SLOTS.len()],
        text: typed_text(7, n),
    };
    let mut sent = Vec::new();
    let mut sender = Sender::new(addr, &device.token);
    let mut statuses = Vec::new();

    // The whole request written, the connection closed before the reply was read.
    for n in 0..20 {
        let s = answer(format!("dropped-{n}"), n);
        let mut conn = Conn::connect(addr).expect("connects");
        conn.write_request("POST", "/api/contributions", &headers, &s.body())
            .expect("the request is written");
        conn.close();
        // Sent again: saved now (201) if the first never arrived, else found (200).
        let again = sender.try_once(&s.body()).expect("the server answers");
        assert!(
            again.status == 200 || again.status == 201,
            "sent again after a dropped connection: {} {}",
            again.status,
            again.text()
        );
        statuses.push(again.status);
        let third = sender.try_once(&s.body()).expect("the server answers");
        assert_eq!(third.status, 200, "a third time: {}", third.text());
        sent.push(s);
    }

    // Half the body written, then the connection closed: nothing may be saved from it.
    for n in 0..5 {
        let s = answer(format!("half-{n}"), 20 + n);
        let body = s.body();
        let bytes = compose(
            &addr.to_string(),
            "POST",
            "/api/contributions",
            &[
                ("Authorization", auth.as_str()),
                ("Content-Type", "application/json"),
                ("Content-Length", &body.len().to_string()),
            ],
            &body[..body.len() / 2],
        );
        let mut conn = Conn::connect(addr).expect("connects");
        conn.write_raw(&bytes).expect("half a request is written");
        conn.close();
        let again = sender.try_once(&s.body()).expect("the server answers");
        assert_eq!(
            again.status,
            201,
            "half a request must save nothing: {}",
            again.text()
        );
        sent.push(s);
    }

    // The server killed right after requests were written; restarted; sent again.
    for round in 0..3 {
        let batch: Vec<Sent> = (0..4)
            .map(|k| answer(format!("killed-{round}-{k}"), 30 + round * 4 + k))
            .collect();
        let mut conns = Vec::new();
        for s in &batch {
            let mut conn = Conn::connect(addr).expect("connects");
            conn.write_request("POST", "/api/contributions", &headers, &s.body())
                .expect("the request is written");
            conns.push(conn);
        }
        server = server.crash_and_restart();
        // Whatever the dying server managed to say or not, the client sends again.
        drop(conns);
        for s in &batch {
            let status = sender.deliver(&s.body(), true);
            statuses.push(status);
            let again = sender.try_once(&s.body()).expect("the server answers");
            assert_eq!(again.status, 200, "sent again once saved: {}", again.text());
        }
        sent.extend(batch);
    }
    server.terminate();
    eprintln!(
        "sent again after a cut: {} found already saved (200), {} saved then (201)",
        statuses.iter().filter(|&&s| s == 200).count(),
        statuses.iter().filter(|&&s| s == 201).count()
    );
    assert_all_saved_once(&saved_session(&path), before, &sent);
}

// ---- refusals ----

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

#[test]
fn bad_requests_are_refused_tell_nothing_and_the_server_keeps_serving() {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let path = common::new_session(dir.path());
    let before = saved_session(&path).contributions().len();
    let server = Serve::start(&path, any_port(), CODE);
    let addr = server.addr;

    // Meanwhile, a client sends its headers a byte a second.
    let slow = std::thread::spawn(move || dribble(addr));
    let started = Instant::now();

    let one = join(addr, CODE, "Table 1");
    let two = join(addr, CODE, "Table 2");
    let one_auth = bearer(&one.token);
    let json_one = [
        ("Authorization", one_auth.as_str()),
        ("Content-Type", "application/json"),
    ];
    let secret = Sent {
        id: "secret-1".into(),
        group: "Table 1",
        slot: "sick",
        text: "SECRET-ANSWER: what I said in the room 🔒".into(),
    };
    let post = |headers: &[(&str, &str)], body: &[u8]| {
        request(addr, "POST", "/api/contributions", headers, body)
    };
    expect_status("a first answer", post(&json_one, &secret.body()), 201);

    // Who are you? No code, a wrong code, a wrong device token: 401, and not a word more.
    // (Three wrong credentials from this address: below the five that block it.)
    let r = expect_status(
        "no code",
        request(addr, "GET", "/api/session", &[], b""),
        401,
    );
    assert_tells_nothing("no code", &r);
    let r = expect_status(
        "a wrong code",
        request(
            addr,
            "GET",
            "/api/session?group=Table%201",
            &[("Authorization", "Bearer WRONGCODE99")],
            b"",
        ),
        401,
    );
    assert_tells_nothing("a wrong code", &r);
    let r = expect_status(
        "joining with a wrong code",
        request(
            addr,
            "POST",
            "/api/join",
            &[("Content-Type", "application/json")],
            br#"{"code":"WRONGCODE99","group":"Table 1"}"#,
        ),
        401,
    );
    assert_tells_nothing("joining with a wrong code", &r);
    let forged = format!("Bearer {}.notthesecretatall", one.device);
    let r = expect_status(
        "a forged device token",
        request(
            addr,
            "GET",
            "/api/events",
            &[("Authorization", &forged)],
            b"",
        ),
        401,
    );
    assert_tells_nothing("a forged device token", &r);

    // Bodies the server will not read or cannot use.
    let big = answer_body("big-1", EXERCISE, "sick", "Table 1", &"a".repeat(70 * 1024));
    let mut conn = Conn::connect(addr).expect("connects");
    let bytes = compose(
        &addr.to_string(),
        "POST",
        "/api/contributions",
        &json_one,
        &big,
    );
    conn.write_raw(&bytes[..bytes.len() - big.len()])
        .expect("headers written");
    expect_status("a body over 64 KiB", exchange(conn, big.clone()), 413);
    let mut chunked = Vec::new();
    for piece in big.chunks(8 * 1024) {
        chunked.extend_from_slice(format!("{:x}\r\n", piece.len()).as_bytes());
        chunked.extend_from_slice(piece);
        chunked.extend_from_slice(b"\r\n");
    }
    chunked.extend_from_slice(b"0\r\n\r\n");
    let conn = Conn::connect(addr).expect("connects");
    let mut bytes = compose(
        &addr.to_string(),
        "POST",
        "/api/contributions",
        &[
            ("Authorization", one_auth.as_str()),
            ("Content-Type", "application/json"),
            ("Transfer-Encoding", "chunked"),
        ],
        b"",
    );
    bytes.extend_from_slice(&chunked);
    expect_status(
        "a chunked body over 64 KiB, no length given",
        exchange(conn, bytes),
        413,
    );
    expect_status(
        "malformed JSON",
        post(&json_one, br#"{"id": "bad-1", "exercise": "round", "#),
        400,
    );
    let ok_body = answer_body("bad-2", EXERCISE, "sick", "Table 1", "fine words");
    expect_status(
        "a wrong content type",
        post(
            &[
                ("Authorization", one_auth.as_str()),
                ("Content-Type", "text/plain"),
            ],
            &ok_body,
        ),
        415,
    );
    expect_status(
        "an unknown exercise",
        post(
            &json_one,
            &answer_body("bad-3", "no-such-exercise", "sick", "Table 1", "words"),
        ),
        422,
    );
    expect_status(
        "an unknown slot",
        post(
            &json_one,
            &answer_body("bad-4", EXERCISE, "no-such-slot", "Table 1", "words"),
        ),
        422,
    );
    let code_auth = bearer(CODE);
    expect_status(
        "an unknown group (with the join code)",
        post(
            &[
                ("Authorization", code_auth.as_str()),
                ("Content-Type", "application/json"),
            ],
            &answer_body("bad-5", EXERCISE, "sick", "Nobody's table", "words"),
        ),
        422,
    );
    expect_status(
        "a device posting for another group",
        post(
            &json_one,
            &answer_body("bad-6", EXERCISE, "sick", "Table 2", "words"),
        ),
        403,
    );
    let two_auth = bearer(&two.token);
    expect_status(
        "another device posting for this one's group",
        post(
            &[
                ("Authorization", two_auth.as_str()),
                ("Content-Type", "application/json"),
            ],
            &answer_body("bad-7", EXERCISE, "sick", "Table 1", "words"),
        ),
        403,
    );
    expect_status(
        "the same id with other text",
        post(
            &json_one,
            &answer_body("secret-1", EXERCISE, "sick", "Table 1", "other words"),
        ),
        409,
    );
    expect_status(
        "the same id with the same text",
        post(&json_one, &secret.body()),
        200,
    );

    // Other sites: a name that is not this server (DNS rebinding), a cross-origin write.
    let r = expect_status(
        "Host: evil.example",
        request(
            addr,
            "GET",
            "/api/session",
            &[("Host", "evil.example"), ("Authorization", &one_auth)],
            b"",
        ),
        421,
    );
    assert_tells_nothing("Host: evil.example", &r);
    let evil_host = format!("evil.example:{}", addr.port());
    expect_status(
        "Host: evil.example:PORT",
        request(
            addr,
            "POST",
            "/api/join",
            &[("Host", &evil_host), ("Content-Type", "application/json")],
            format!(r#"{{"code":"{CODE}","group":"Table 1"}}"#).as_bytes(),
        ),
        421,
    );
    let cross = Sent {
        id: "cross-1".into(),
        ..secret.clone()
    };
    let r = expect_status(
        "a cross-origin POST",
        post(
            &[
                ("Authorization", one_auth.as_str()),
                ("Content-Type", "application/json"),
                ("Origin", "http://evil.example"),
            ],
            &cross.body(),
        ),
        403,
    );
    assert_tells_nothing("a cross-origin POST", &r);
    expect_status(
        "a cross-site POST (Sec-Fetch-Site)",
        post(
            &[
                ("Authorization", one_auth.as_str()),
                ("Content-Type", "application/json"),
                ("Sec-Fetch-Site", "cross-site"),
            ],
            &cross.body(),
        ),
        403,
    );
    let preflight = request(
        addr,
        "OPTIONS",
        "/api/contributions",
        &[
            ("Origin", "http://evil.example"),
            ("Access-Control-Request-Method", "POST"),
            (
                "Access-Control-Request-Headers",
                "authorization, content-type",
            ),
        ],
        b"",
    )
    .expect("a reply to a preflight");
    assert!(
        !(200..300).contains(&preflight.status),
        "a CORS preflight is not welcomed: {}",
        preflight.status
    );

    // Guessing: five wrong codes from one address, then even the right code is refused
    // there (429, Retry-After), while everyone else is served.
    let guesser: IpAddr = "127.0.0.66".parse().expect("an address");
    for n in 0..MAX_FAILURES {
        let r = expect_status(
            &format!("wrong code {}", n + 1),
            request_from(
                guesser,
                addr,
                "GET",
                "/api/groups",
                &[("Authorization", &format!("Bearer WRONGCODE{n:02}"))],
                b"",
            ),
            401,
        );
        assert_tells_nothing("a wrong code", &r);
    }
    let r = expect_status(
        "the right code after five wrong ones",
        request_from(
            guesser,
            addr,
            "GET",
            "/api/groups",
            &[("Authorization", &code_auth)],
            b"",
        ),
        429,
    );
    assert_tells_nothing("a blocked address", &r);
    let retry: u64 = r
        .header("retry-after")
        .and_then(|v| v.parse().ok())
        .expect("a Retry-After in seconds");
    assert!(
        (1..=BLOCK_TIME.as_secs()).contains(&retry),
        "Retry-After {retry}"
    );
    expect_status(
        "joining with the right code from a blocked address",
        request_from(
            guesser,
            addr,
            "POST",
            "/api/join",
            &[("Content-Type", "application/json")],
            format!(r#"{{"code":"{CODE}","group":"Table 1"}}"#).as_bytes(),
        ),
        429,
    );
    // A device that joined before still works from there (phones behind one address).
    expect_status(
        "a good device token from a blocked address",
        request_from(
            guesser,
            addr,
            "GET",
            "/api/session",
            &[("Authorization", &one_auth)],
            b"",
        ),
        200,
    );
    let groups = expect_status(
        "the right code from another address",
        request(
            addr,
            "GET",
            "/api/groups",
            &[("Authorization", &code_auth)],
            b"",
        ),
        200,
    );
    assert!(groups.text().contains("Room 夢"), "{}", groups.text());

    // The slow client is still at it, and everyone else was served meanwhile.
    let probes_took = started.elapsed();
    let (held, received) = slow.join().expect("the slow client finished");
    assert!(
        probes_took < held,
        "the other requests ({probes_took:?}) were served while the slow client was connected ({held:?})"
    );
    assert!(
        held >= Duration::from_secs(3) && held <= Duration::from_secs(25),
        "a client without a device token sending headers a byte a second is cut off at the \
         anonymous timeout (5 s; 10 s for any connection), not after {held:?}"
    );
    assert!(
        !String::from_utf8_lossy(&received).starts_with("HTTP/1.1 2"),
        "the slow request was never served: {}",
        String::from_utf8_lossy(&received)
    );

    // After all of that, the server answers normally.
    let after = Sent {
        id: "after-1".into(),
        group: "Table 1",
        slot: "whole",
        text: "still listening ✓".into(),
    };
    expect_status("an answer afterwards", post(&json_one, &after.body()), 201);
    let reply: SessionReply = expect_status(
        "the session afterwards",
        request(
            addr,
            "GET",
            "/api/session",
            &[("Authorization", &one_auth)],
            b"",
        ),
        200,
    )
    .json();
    let texts: Vec<&str> = reply.answers.iter().map(|a| a.text.as_str()).collect();
    assert_eq!(texts, [secret.text.as_str(), after.text.as_str()]);
    server.terminate();
    // Only the two good answers were saved: nothing refused slipped through.
    assert_all_saved_once(&saved_session(&path), before, &[secret, after]);
}

#[test]
fn a_blocked_address_is_let_in_again_when_its_block_ends() {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let path = common::new_session(dir.path());
    let (store, _) = SessionStore::open(&path).expect("opens");
    let hub = Hub::start(store, JoinCode::parse(CODE).expect("valid"), 0).expect("starts");
    let guesser: IpAddr = "192.0.2.7".parse().expect("an address");
    let other: IpAddr = "192.0.2.8".parse().expect("an address");
    let t0 = Instant::now();
    for _ in 1..MAX_FAILURES {
        hub.record_failure(guesser, t0);
    }
    assert_eq!(hub.check_blocked(guesser, t0), Ok(()), "four wrong codes");
    hub.record_failure(guesser, t0);
    assert_eq!(
        hub.check_blocked(guesser, t0),
        Err(Refusal::TooMany(BLOCK_TIME.as_secs()))
    );
    assert!(matches!(
        hub.check_blocked(guesser, t0 + BLOCK_TIME - Duration::from_secs(1)),
        Err(Refusal::TooMany(1))
    ));
    assert_eq!(hub.check_blocked(other, t0), Ok(()), "only the guesser");
    assert_eq!(hub.check_blocked(guesser, t0 + BLOCK_TIME), Ok(()));
    hub.stop().expect("the session").close().expect("closes");
}

// ---- what the event stream tells ----

fn answer_id(event: &common::serve::Sse) -> String {
    event.json()["answer"]["id"]
        .as_str()
        .expect("an answer event names its answer")
        .to_owned()
}

#[test]
fn hidden_answers_are_never_sent_to_note_takers() {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let path = common::new_session(dir.path());
    let server = InProcess::start(&path, CODE);
    let addr = server.addr;
    let device = join(addr, CODE, "Table 1");
    let events = Events::open(addr, "/api/events", &device.token).expect("a stream");
    let mut sender = Sender::new(addr, &device.token);
    let post = |sender: &mut Sender, id: &str, text: &str| {
        let body = answer_body(id, EXERCISE, "sick", "Table 1", text);
        assert_eq!(sender.try_once(&body).expect("a reply").status, 201);
    };
    post(&mut sender, "shown-1", "VISIBLE-WORDS one");
    post(&mut sender, "hidden-1", "OFF-THE-RECORD words 🔒");
    for id in ["shown-1", "hidden-1"] {
        let e = events.expect_event();
        assert_eq!((e.name.as_str(), answer_id(&e)), ("answer", id.to_owned()));
    }
    let mark = events.raw().len();

    // Taken off the record: the stream says only that it is gone.
    server
        .hub
        .apply_local(vec![Change::SetHidden {
            id: "hidden-1".into(),
            hidden: true,
        }])
        .expect("hidden");
    let e = events.expect_event();
    assert_eq!(e.name, "removed");
    assert_eq!(e.json()["id"], "hidden-1");
    // Edited while hidden, and one added hidden by the facilitator: still nothing of them.
    server
        .hub
        .apply_local(vec![Change::Edit {
            id: "hidden-1".into(),
            text: "OFF-THE-RECORD, edited".into(),
            fields: Default::default(),
            at: jiff::Timestamp::now(),
        }])
        .expect("edited");
    let mut added = Draft::new(EXERCISE, "whole", "OFF-THE-RECORD from the start")
        .group(Some("Table 1".into()))
        .into_contribution_with("hidden-2".into(), jiff::Timestamp::now());
    added.hidden = true;
    server
        .hub
        .apply_local(vec![Change::Add {
            contribution: added,
        }])
        .expect("added");
    post(&mut sender, "shown-2", "VISIBLE-WORDS two");
    // Everything up to the next visible answer: no hidden text, only removals.
    loop {
        let e = events.expect_event();
        if e.name == "answer" && answer_id(&e) == "shown-2" {
            break;
        }
        assert_eq!(e.name, "removed", "{e:?}");
    }
    let streamed = &events.raw()[mark..];
    assert!(!streamed.contains("OFF-THE-RECORD"), "{streamed}");

    // Nor in the session, asked by the device or with the join code (which reads no group's
    // answers at all).
    let device_auth = bearer(&device.token);
    let code_auth = bearer(CODE);
    let shown: &[&str] = &["shown-1", "shown-2"];
    for (who, path, auth, want) in [
        ("the device", "/api/session", &device_auth, shown),
        (
            "the join code",
            "/api/session?group=Table%201",
            &code_auth,
            &[],
        ),
    ] {
        let reply = expect_status(
            who,
            request(addr, "GET", path, &[("Authorization", auth)], b""),
            200,
        );
        let session: SessionReply = reply.json();
        let ids: Vec<&str> = session.answers.iter().map(|a| a.id.as_str()).collect();
        assert_eq!(ids, want, "{who}");
        assert!(!reply.text().contains("OFF-THE-RECORD"), "{who}");
    }
    // A stream opened now, by another device of the group, starts with nothing of it either.
    let other = join(addr, CODE, "Table 1");
    let late = Events::open(addr, "/api/events", &other.token).expect("a stream");

    // Back on the record: now it is sent (so the checks above could see it if it were).
    server
        .hub
        .apply_local(vec![Change::SetHidden {
            id: "hidden-1".into(),
            hidden: false,
        }])
        .expect("shown");
    for stream in [&events, &late] {
        let e = stream.expect_event();
        assert_eq!(
            (e.name.as_str(), answer_id(&e)),
            ("answer", "hidden-1".into())
        );
        assert_eq!(e.json()["answer"]["text"], "OFF-THE-RECORD, edited");
    }
    drop((events, late));
    server.stop();
}

#[test]
fn the_event_stream_tells_a_device_its_groups_answers_the_agenda_and_its_revocation() {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let path = common::new_session(dir.path());
    let server = InProcess::start(&path, CODE);
    let addr = server.addr;
    let one = join(addr, CODE, "Table 1");
    let one_too = join(addr, CODE, "Table 1");
    let two = join(addr, CODE, "Table 2");
    let one_events = Events::open(addr, "/api/events", &one.token).expect("a stream");
    let two_events = Events::open(addr, "/api/events", &two.token).expect("a stream");
    let post = |token: &str, id: &str, group: &str| {
        let body = answer_body(id, EXERCISE, "sick", group, &format!("words of {id}"));
        let mut sender = Sender::new(addr, token);
        assert_eq!(sender.try_once(&body).expect("a reply").status, 201);
    };

    // Answers of the device's group, from itself and from another device of that group.
    post(&one.token, "one-a", "Table 1");
    post(&one_too.token, "one-b", "Table 1");
    post(&two.token, "two-a", "Table 2");
    for id in ["one-a", "one-b"] {
        let e = one_events.expect_event();
        assert_eq!((e.name.as_str(), answer_id(&e)), ("answer", id.to_owned()));
        assert_eq!(e.json()["answer"]["text"], format!("words of {id}"));
        assert_eq!(e.json()["answer"]["group"], "Table 1");
    }
    let e = two_events.expect_event();
    assert_eq!(
        (e.name.as_str(), answer_id(&e)),
        ("answer", "two-a".into()),
        "Table 2 hears nothing of Table 1's answers"
    );

    // The facilitator moves on: everyone follows. (Coming next on Table 1's stream, it also
    // shows that Table 2's answer was not sent there.)
    server.hub.set_exercise(1);
    for stream in [&one_events, &two_events] {
        let e = stream.expect_event();
        assert_eq!(e.name, "agenda", "{e:?}");
        let exercise = &e.json()["exercise"];
        assert_eq!(exercise["id"], "triangle");
        assert_eq!(exercise["position"], 2);
    }

    // Revoked: told so, then the stream ends; the token no longer opens anything.
    assert_eq!(server.hub.revoke(&one.device).ok(), Some(true));
    let e = one_events.expect_event();
    assert_eq!(e.name, "revoked");
    assert!(
        matches!(one_events.next(PATIENCE), Next::Ended),
        "the stream ends after `revoked`"
    );
    // Table 2's device is not revoked: its next event is its next answer.
    post(&two.token, "two-b", "Table 2");
    let e = two_events.expect_event();
    assert_eq!((e.name.as_str(), answer_id(&e)), ("answer", "two-b".into()));
    let one_auth = bearer(&one.token);
    for (method, path) in [("GET", "/api/session"), ("GET", "/api/events")] {
        let r = expect_status(
            &format!("{method} {path} with a revoked token"),
            request(addr, method, path, &[("Authorization", &one_auth)], b""),
            401,
        );
        assert_tells_nothing("a revoked token", &r);
    }
    let body = answer_body("one-c", EXERCISE, "sick", "Table 1", "after the revocation");
    let mut sender = Sender::new(addr, &one.token);
    assert_eq!(sender.try_once(&body).expect("a reply").status, 401);
    // Another device of the same group still works.
    post(&one_too.token, "one-d", "Table 1");
    drop((one_events, two_events));
    server.stop();
    let session = saved_session(&path);
    assert!(session.contribution("one-c").is_none());
    assert!(session.contribution("one-d").is_some());
}

/// A centre picked live and answers another can go under reach note-takers as they change: a
/// device of Table 2 is told the wheel's new centre (`exercise`) and Table 1's new 1st-order
/// consequence (`parents`) without asking, and the same in `/api/session` and on the phone
/// page; a backcast's preferred future, picked from a scenario, is named on both. Taken out,
/// neither says its words.
#[test]
fn seeds_and_the_answers_to_go_under_reach_devices_as_they_change() {
    use hearth::model::convergence::Seed;
    let dir = tempfile::tempdir().expect("a temporary directory");
    let session = common::bundled_session("six-pillars", "Six pillars");
    let path = hearth::store::create_session(dir.path(), &session).expect("session created");
    let index = |id: &str| {
        session
            .scenario
            .agenda
            .iter()
            .position(|e| e.id == id)
            .unwrap()
    };
    let server = InProcess::start(&path, CODE);
    let addr = server.addr;
    let add = |id: &str, exercise: &str, slot: &str, group: &str, text: &str| Change::Add {
        contribution: Draft::new(exercise, slot, text)
            .group(Some(group.into()))
            .into_contribution_with(id.into(), jiff::Timestamp::now()),
    };
    let pick = |exercise: &str, from: &str| Change::SeedFrom {
        exercise: exercise.into(),
        seed: Seed {
            from: from.into(),
            at: jiff::Timestamp::now(),
        },
    };
    server
        .hub
        .apply_local(vec![add(
            "i1",
            "issues",
            "issue",
            "Table 1",
            "Peer work regulated 夢",
        )])
        .unwrap();
    server.hub.set_exercise(index("wheel"));
    let two = join(addr, CODE, "Table 2");
    let events = Events::open(addr, "/api/events", &two.token).expect("a stream");
    let next = |name: &str| loop {
        let e = events.expect_event();
        if e.name == name {
            return e.json();
        }
    };
    let session_now = || {
        let r = request(
            addr,
            "GET",
            "/api/session",
            &[("Authorization", &bearer(&two.token))],
            b"",
        )
        .unwrap();
        r.json::<SessionReply>()
    };
    let page = || {
        let cookie = format!("hearth_device={}", two.token);
        request(addr, "GET", "/", &[("Cookie", cookie.as_str())], b"")
            .unwrap()
            .text()
    };

    // The issue picked as the wheel's centre: told at once, and there when asked.
    server.hub.apply_local(vec![pick("wheel", "i1")]).unwrap();
    let told = next("exercise");
    assert_eq!(told["exercise"]["id"], "wheel");
    assert_eq!(told["exercise"]["question"], "Peer work regulated 夢");
    assert_eq!(session_now().exercise.question, "Peer work regulated 夢");
    assert!(
        page().contains("Peer work regulated 夢"),
        "the phone shows the centre"
    );

    // Table 1 adds a 1st-order consequence: Table 2 can put one under it at once.
    server
        .hub
        .apply_local(vec![add(
            "w1",
            "wheel",
            "first",
            "Table 1",
            "Fewer peer jobs",
        )])
        .unwrap();
    let told = next("parents");
    assert_eq!(told["exercise"], "wheel");
    assert_eq!(told["parents"][0]["id"], "w1");
    assert_eq!(told["parents"][0]["text"], "Fewer peer jobs");
    assert_eq!(session_now().parents.len(), 1);

    // Withdrawn: gone from the list; the issue taken off the record: the centre loses its words.
    server
        .hub
        .apply_local(vec![Change::Withdraw {
            id: "w1".into(),
            at: jiff::Timestamp::now(),
        }])
        .unwrap();
    let told = next("parents");
    assert_eq!(told["parents"].as_array().map(Vec::len), Some(0), "{told}");
    // A note-taker's answer (through the writer, not the facilitator's screen) is told too.
    let one = join(addr, CODE, "Table 1");
    let mut conn = Conn::connect(addr).expect("connects");
    let body = answer_body("w2", "wheel", "first", "Table 1", "More peer jobs");
    let reply = post_answer(&mut conn, &one.token, &body).expect("sent");
    assert_eq!(reply.status, 201);
    let told = next("parents");
    assert_eq!(told["parents"][0]["id"], "w2", "{told}");
    // One that nothing goes under (the outermost ring) leaves the list as it is: no news.
    let body = answer_body("w3", "wheel", "third", "Table 1", "Longer waits");
    let reply = post_answer(&mut conn, &one.token, &body).expect("sent");
    assert_eq!(reply.status, 201);
    server
        .hub
        .apply_local(vec![Change::SetHidden {
            id: "i1".into(),
            hidden: true,
        }])
        .unwrap();
    let told = events.expect_event();
    assert_eq!(told.name, "exercise", "nothing told between: {told:?}");
    let told = told.json();
    assert_eq!(
        told["exercise"]["question"],
        "An emerging issue since taken off the record"
    );
    assert!(!page().contains("Peer work regulated"));
    // A backcast's preferred future, picked from a scenario, is named beside its question.
    server
        .hub
        .apply_local(vec![add(
            "s1",
            "scenarios",
            "title",
            "Table 1",
            "Peer-led 2035",
        )])
        .unwrap();
    server.hub.set_exercise(index("backcast"));
    server
        .hub
        .apply_local(vec![pick("backcast", "s1")])
        .unwrap();
    let reply = session_now();
    assert!(
        reply.exercise.seed.contains("Peer-led 2035"),
        "{:?}",
        reply.exercise
    );
    assert!(
        page().contains("Peer-led 2035"),
        "the phone names the preferred future"
    );
}
