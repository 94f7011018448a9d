//! `hearth join`'s outbox and link against the real `hearth serve`: the server killed with
//! SIGKILL mid-stream and restarted on the same port while several note-takers keep sending;
//! a request whose connection drops before the reply; a note-taker restarted while the server
//! is down; and the join screen itself in tmux at 80×24. Every answer must land in the session
//! file exactly once, and every outbox must end empty.
//!
//! The tmux parts need tmux. Without it they are skipped, saying why, or fail under HEARTH_E2E=1
//! (as in CI); HEARTH_SKIP_TMUX=1 skips them on purpose.

// This test sets up the machine through the C library (limits, users, signals): unsafe is
// allowed here, as in src/platform.rs, and nowhere else.
#![allow(unsafe_code)]

mod common;

use std::collections::BTreeMap;
use std::io::{Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use hearth::net::api::ContributionRequest;
use hearth::net::client::{Client, ClientError, Link, LinkConfig, LinkEvent, Posted, lock};
use hearth::net::outbox::Outbox;
use hearth::store::read_session;

const CODE: &str = "TESTCODE1";

/// `hearth serve` (the shared test helper) on 127.0.0.1 with this test's code.
struct Server(common::serve::Serve);

impl Server {
    /// Starts serving `session` (port 0: a free one), and waits for the join address.
    fn start(session: &Path, port: u16) -> Server {
        Server(common::serve::Serve::start(
            session,
            std::net::SocketAddr::from(([127, 0, 0, 1], port)),
            CODE,
        ))
    }

    fn port(&self) -> u16 {
        self.0.addr.port()
    }

    fn url(&self) -> String {
        format!("http://127.0.0.1:{}/", self.port())
    }

    fn kill9(self) {
        self.0.kill();
    }

    /// SIGTERM, as a facilitator's Ctrl-C would; waits for a clean exit.
    fn stop(self) {
        self.0.terminate();
    }
}

fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap()
}

fn request(id: String, group: &str, text: String) -> ContributionRequest {
    ContributionRequest {
        parent: None,
        id,
        exercise: "round".into(),
        slot: "sick".into(),
        group: group.into(),
        text,
        fields: Default::default(),
    }
}

/// Every (group, text) in the session, with how many times each is there.
fn answers_in(session: &Path) -> BTreeMap<(String, String), usize> {
    let (s, _) = read_session(session).expect("the session reads back");
    let mut counts = BTreeMap::new();
    for c in s.contributions() {
        *counts
            .entry((c.group.clone().unwrap_or_default(), c.text.clone()))
            .or_insert(0) += 1;
    }
    counts
}

/// One note-taker: an outbox and a link.
struct NoteTaker {
    group: String,
    outbox: Arc<Mutex<Outbox>>,
    link: Link,
    news: tokio::sync::mpsc::UnboundedReceiver<LinkEvent>,
}

impl NoteTaker {
    fn open(dir: &Path, url: &str, group: &str, events: bool) -> NoteTaker {
        let client = Client::new(url).unwrap();
        let (outbox, _) = Outbox::open(dir, &client.server(), group).expect("outbox opens");
        let outbox = Arc::new(Mutex::new(outbox));
        let (tx, news) = tokio::sync::mpsc::unbounded_channel();
        let link = Link::start(
            client,
            Arc::clone(&outbox),
            LinkConfig {
                code: CODE.into(),
                group: group.into(),
                device_name: Some(format!("test {group}")),
                events,
            },
            tx,
        );
        NoteTaker {
            group: group.into(),
            outbox,
            link,
            news,
        }
    }

    fn push(&self, text: String) {
        let id = hearth::model::contribution::new_id();
        lock(&self.outbox)
            .push(request(id, &self.group, text))
            .expect("queued on disk");
        self.link.wake();
    }

    fn waiting(&self) -> usize {
        lock(&self.outbox).entries().len()
    }

    /// Closes it as quitting the terminal does: the link stops and lets go of the outbox.
    async fn close(self) {
        self.link.stop().await;
    }

    fn drain(&mut self) -> Vec<LinkEvent> {
        let mut out = Vec::new();
        while let Ok(e) = self.news.try_recv() {
            out.push(e);
        }
        out
    }
}

/// What the links said while sending.
#[derive(Debug, Default)]
struct Seen {
    /// Times a link found the server unreachable.
    down: usize,
    /// Answers the server already had when sent (an earlier send's reply was lost).
    already: usize,
    saved: usize,
}

async fn until_empty(takers: &mut [NoteTaker], limit: Duration) -> Seen {
    let start = Instant::now();
    let mut seen = Seen::default();
    loop {
        let mut waiting = 0;
        for t in takers.iter_mut() {
            for e in t.drain() {
                match &e {
                    LinkEvent::Refused { message, .. } | LinkEvent::SignedOut(message) => {
                        panic!("{}: {message}", t.group)
                    }
                    LinkEvent::Down { .. } => seen.down += 1,
                    LinkEvent::Saved { new: false, .. } => seen.already += 1,
                    LinkEvent::Saved { new: true, .. } => seen.saved += 1,
                    _ => {}
                }
            }
            waiting += t.waiting();
        }
        if waiting == 0 {
            return seen;
        }
        assert!(
            start.elapsed() < limit,
            "{waiting} answers still waiting after {limit:?}"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

fn session_in(dir: &Path) -> PathBuf {
    common::new_session(dir)
}

#[test]
fn the_server_killed_mid_stream_and_restarted_loses_nothing_and_doubles_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let session = session_in(dir.path());
    let outboxes = dir.path().join("outbox");
    let mut server = Some(Server::start(&session, 0));
    let port = server.as_ref().unwrap().port();
    let url = format!("http://127.0.0.1:{port}/");
    const N: usize = 40;
    let groups = ["Table 1", "Table 2", "Room 夢"];
    let rt = runtime();
    rt.block_on(async {
        let mut takers: Vec<NoteTaker> = groups
            .iter()
            .enumerate()
            // One follows the event stream too, as the terminal does.
            .map(|(i, g)| NoteTaker::open(&outboxes, &url, g, i == 0))
            .collect();
        let mut kills = 0;
        for i in 0..N {
            for (k, t) in takers.iter().enumerate() {
                t.push(format!(
                    "{} answer {i} from client {k}\nwith  spaces 🚀",
                    t.group
                ));
            }
            if i == N / 3 || i == 2 * N / 3 {
                // Mid-stream: a moment for the links to start sending, then SIGKILL while
                // requests are in flight and more are queued.
                tokio::time::sleep(Duration::from_millis(2 + kills)).await;
                if let Some(s) = server.take() {
                    s.kill9();
                }
                kills += 1;
                tokio::time::sleep(Duration::from_millis(300)).await;
                for t in &takers {
                    t.push(format!(
                        "{} typed while the server was down ({kills})",
                        t.group
                    ));
                }
                server = Some(Server::start(&session, port));
            } else if i % 4 != 0 {
                tokio::time::sleep(Duration::from_millis(10)).await;
            }
        }
        let seen = until_empty(&mut takers, Duration::from_secs(90)).await;
        eprintln!("{seen:?}");
        assert!(seen.down > 0, "the kills hit while answers were being sent");
        assert_eq!(seen.saved + seen.already, groups.len() * (N + 2));
        for t in takers {
            t.close().await;
        }
    });
    if let Some(s) = server.take() {
        s.stop();
    }
    let found = answers_in(&session);
    let mut expected = 0;
    for (k, g) in groups.into_iter().enumerate() {
        for i in 0..N {
            let text = format!("{g} answer {i} from client {k}\nwith  spaces 🚀");
            expected += 1;
            assert_eq!(
                found.get(&(g.to_owned(), text.clone())),
                Some(&1),
                "{text:?} exactly once"
            );
        }
        for kills in 1..=2 {
            let text = format!("{g} typed while the server was down ({kills})");
            expected += 1;
            assert_eq!(
                found.get(&(g.to_owned(), text.clone())),
                Some(&1),
                "{text:?}"
            );
        }
    }
    assert_eq!(
        found.values().sum::<usize>(),
        expected,
        "nothing else, nothing doubled"
    );
    // Reopened, every outbox is empty.
    for g in groups {
        let (o, report) = Outbox::open(&outboxes, &format!("127.0.0.1:{port}"), g).unwrap();
        assert!(o.is_empty(), "{g}: {:?}", o.entries());
        assert_eq!(report.set_aside, None);
    }
}

/// The bytes of a POST of `r`, authorized by the join code.
fn raw_post(port: u16, r: &ContributionRequest) -> Vec<u8> {
    let body = serde_json::to_vec(r).unwrap();
    let mut bytes = format!(
        "POST /api/contributions HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nAuthorization: Bearer {CODE}\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\r\n",
        body.len()
    )
    .into_bytes();
    bytes.extend(body);
    bytes
}

#[test]
fn a_request_whose_connection_drops_is_sent_again_and_answered_200_not_doubled() {
    let dir = tempfile::tempdir().unwrap();
    let session = session_in(dir.path());
    let server = Server::start(&session, 0);
    let port = server.port();
    let client = Client::new(&server.url()).unwrap();
    let rt = runtime();

    // 1. The connection is cut before the reply is read.
    let first = request(
        "drop-before-reply".into(),
        "Table 1",
        "sent once, connection cut".into(),
    );
    {
        let mut s = TcpStream::connect(("127.0.0.1", port)).unwrap();
        s.write_all(&raw_post(port, &first)).unwrap();
        s.shutdown(std::net::Shutdown::Both).unwrap();
    }
    // The server usually saves what it read in full even though nobody waits for the reply;
    // it may also drop a request whose connection closed under it. Either way, sending again
    // leaves exactly one copy: 200 if it was saved, 201 if not.
    let deadline = std::time::Instant::now() + Duration::from_secs(3);
    let key = ("Table 1".to_owned(), first.text.clone());
    while !answers_in(&session).contains_key(&key) && std::time::Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(20));
    }
    let saved_before = answers_in(&session).contains_key(&key);
    let outcome = rt.block_on(client.post(CODE, &first)).expect("accepted");
    assert_eq!(
        outcome,
        if saved_before {
            Posted::AlreadySaved
        } else {
            Posted::Saved
        },
        "sent again after the connection was cut (saved before: {saved_before})"
    );
    assert_eq!(answers_in(&session).get(&key), Some(&1), "one copy");

    // 2. The server is killed right after the request is written, then restarted.
    let second = request(
        "kill-after-write".into(),
        "Table 2",
        "sent, then the server died".into(),
    );
    let mut s = TcpStream::connect(("127.0.0.1", port)).unwrap();
    s.write_all(&raw_post(port, &second)).unwrap();
    server.kill9();
    let mut reply = Vec::new();
    let _ = s.read_to_end(&mut reply);
    let server = Server::start(&session, port);
    let outcome = rt.block_on(client.post(CODE, &second));
    assert!(
        matches!(outcome, Ok(Posted::Saved | Posted::AlreadySaved)),
        "{outcome:?}"
    );
    // And once more: now it is certainly 200.
    assert!(matches!(
        rt.block_on(client.post(CODE, &second)),
        Ok(Posted::AlreadySaved)
    ));
    // The same id with another text is a conflict, never a second answer.
    let mut other = second.clone();
    other.text.push_str(" (changed)");
    assert!(matches!(
        rt.block_on(client.post(CODE, &other)),
        Err(ClientError::Conflict { .. })
    ));
    server.stop();
    let found = answers_in(&session);
    assert_eq!(found.len(), 2, "{found:?}");
    assert_eq!(found.get(&("Table 1".into(), first.text.clone())), Some(&1));
    assert_eq!(
        found.get(&("Table 2".into(), second.text.clone())),
        Some(&1)
    );
}

#[test]
fn a_note_taker_restarted_while_the_server_is_down_sends_everything_once() {
    let dir = tempfile::tempdir().unwrap();
    let session = session_in(dir.path());
    let outboxes = dir.path().join("outbox");
    // A port nothing listens on yet.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let url = format!("http://127.0.0.1:{port}/");
    let rt = runtime();
    let texts: Vec<String> = (0..5)
        .map(|i| format!("typed offline {i}: 夢\ttab"))
        .collect();
    rt.block_on(async {
        let mut t = NoteTaker::open(&outboxes, &url, "Table 2", true);
        for text in &texts {
            t.push(text.clone());
        }
        // The link tries, and says it is retrying.
        let start = Instant::now();
        loop {
            if t.drain()
                .iter()
                .any(|e| matches!(e, LinkEvent::Down { .. }))
            {
                break;
            }
            assert!(start.elapsed() < Duration::from_secs(15), "no Down event");
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
        assert_eq!(t.waiting(), texts.len());
        // The terminal is closed: link and outbox go.
        t.close().await;
    });
    drop(rt);
    let server = Server::start(&session, port);
    let rt = runtime();
    rt.block_on(async {
        let mut t = NoteTaker::open(&outboxes, &url, "Table 2", true);
        assert_eq!(t.waiting(), texts.len(), "the outbox kept them");
        until_empty(std::slice::from_mut(&mut t), Duration::from_secs(30)).await;
        // Restarted again: nothing is sent twice.
        t.close().await;
        let mut t = NoteTaker::open(&outboxes, &url, "Table 2", true);
        assert_eq!(t.waiting(), 0);
        let deadline = std::time::Instant::now() + Duration::from_secs(10);
        let mut news = Vec::new();
        while !news.iter().any(|e| matches!(e, LinkEvent::Session(_))) {
            assert!(
                std::time::Instant::now() < deadline,
                "the restarted link follows the session: {news:?}"
            );
            tokio::time::sleep(Duration::from_millis(20)).await;
            news.extend(t.drain());
        }
    });
    server.stop();
    let found = answers_in(&session);
    for text in &texts {
        assert_eq!(
            found.get(&("Table 2".into(), text.clone())),
            Some(&1),
            "{text:?}"
        );
    }
    assert_eq!(found.len(), texts.len());
}

#[test]
fn the_join_screen_in_tmux_rides_out_a_server_crash() {
    if !common::tmux::available() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let session = session_in(dir.path());
    let server = Server::start(&session, 0);
    let port = server.port();
    let command = format!(
        "{} join {} --code {CODE} --group 'Room 夢' --outbox {} ; echo HEARTH-EXITED-$?; sleep 30",
        env!("CARGO_BIN_EXE_hearth"),
        server.url(),
        dir.path().join("outbox").display()
    );
    let tmux = common::tmux::Tmux::start("join", dir.path(), 80, 24, &command);
    tmux.wait_for("● connected");
    tmux.wait_for("What makes us sick?");
    tmux.type_text("Loneliness  🚀");
    tmux.wait_for("Loneliness  🚀");
    tmux.keys(&["Enter"]);
    tmux.wait_for("✓ saved");
    // A pasted answer with line breaks, to the second question.
    tmux.keys(&["Tab"]);
    tmux.wait_for("Room 夢 → What makes us feel safe");
    let pasted = "Being heard\nand believed";
    tmux.paste(dir.path(), pasted);
    tmux.wait_for("and believed");
    tmux.keys(&["Enter"]);
    tmux.wait_for("type the answer here");
    tmux.wait_without("sending…");

    server.kill9();
    tmux.wait_for("reconnecting");
    tmux.type_text("Typed while the server was down");
    tmux.wait_for("│Typed while the server was down");
    tmux.keys(&["Enter"]);
    let screen = tmux.wait_for("queued (on this machine)");
    assert!(screen.contains("sending…"), "{screen}");
    assert!(screen.contains("type the answer here"), "{screen}");
    // Squeezed and back, while waiting.
    tmux.cmd(&["resize-window", "-t", "hearth", "-x", "30", "-y", "8"]);
    tmux.wait_for("Make the window");
    tmux.cmd(&["resize-window", "-t", "hearth", "-x", "80", "-y", "24"]);
    tmux.wait_for("Typed while the server was down");

    let server = Server::start(&session, port);
    tmux.wait_for("● connected");
    tmux.wait_without("sending…");
    let screen = tmux.wait_for("✓ saved");
    tmux.keys(&["C-q"]);
    tmux.wait_for("HEARTH-EXITED-0");
    server.stop();
    let found = answers_in(&session);
    let g = "Room 夢".to_owned();
    for text in ["Loneliness  🚀", pasted, "Typed while the server was down"] {
        assert_eq!(
            found.get(&(g.clone(), text.to_owned())),
            Some(&1),
            "{text:?} in {found:?}; the screen showed:\n{screen}"
        );
    }
    assert_eq!(found.len(), 3);
}

#[test]
fn join_says_plainly_what_is_wrong_with_the_address_the_code_or_the_server() {
    let dir = tempfile::tempdir().unwrap();
    for (url, says) in [
        ("https://127.0.0.1:7878/", "plain HTTP on the local network"),
        ("http://127.0.0.1:notaport/", "is not a join address"),
        ("ftp://127.0.0.1/", "not an http:// address"),
    ] {
        let out = common::run_hearth(
            dir.path(),
            &["join", url, "--code", CODE, "--group", "Table 1"],
            None,
        );
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{url}: {err}");
        assert!(err.contains(says), "{url}: {err}");
    }
    if !common::tmux::available() {
        return;
    }
    let session = session_in(dir.path());
    let outboxes = dir.path().join("outbox");
    let free_port = || {
        std::net::TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port()
    };
    let join = |url: &str, code: &str, name: &str| {
        let command = format!(
            "{} join {url} --code {code} --group 'Table 1' --outbox {} ; echo HEARTH-EXITED-$?; sleep 30",
            env!("CARGO_BIN_EXE_hearth"),
            outboxes.display()
        );
        common::tmux::Tmux::start(name, dir.path(), 80, 24, &command)
    };
    // Nothing listening and nothing waiting: exit 1, before the screen starts.
    let port = free_port();
    let url = format!("http://127.0.0.1:{port}/");
    let tmux = join(&url, CODE, "unreachable");
    let screen = tmux.wait_for("HEARTH-EXITED-1");
    assert!(screen.contains("cannot reach"), "{screen}");
    drop(tmux);

    // Something waiting: it starts anyway, keeps trying, and sends once the server is there.
    {
        let (mut o, _) = Outbox::open(&outboxes, &format!("127.0.0.1:{port}"), "Table 1").unwrap();
        o.push(request(
            "waiting-1".into(),
            "Table 1",
            "typed before the server was up".into(),
        ))
        .unwrap();
    }
    let tmux = join(&url, CODE, "waiting");
    tmux.wait_for("reconnecting");
    tmux.wait_for("1 answer wait on this machine");
    let server = Server::start(&session, port);
    tmux.wait_for("● connected");
    // Sent once the server is there: wait for it to be saved, not for a word on the screen.
    let key = (
        "Table 1".to_owned(),
        "typed before the server was up".to_owned(),
    );
    let deadline = Instant::now() + Duration::from_secs(30);
    while !answers_in(&session).contains_key(&key) {
        assert!(
            Instant::now() < deadline,
            "the waiting answer was never sent:\n{}",
            tmux.screen()
        );
        std::thread::sleep(Duration::from_millis(50));
    }
    tmux.keys(&["C-q"]);
    tmux.wait_for("HEARTH-EXITED-0");
    drop(tmux);

    // A wrong code on a terminal that never joined: exit 2, before the screen starts.
    let other = dir.path().join("other-outbox");
    let command = format!(
        "{} join {url} --code WRONGCODE9 --group 'Table 2' --outbox {} ; echo HEARTH-EXITED-$?; sleep 30",
        env!("CARGO_BIN_EXE_hearth"),
        other.display()
    );
    let tmux = common::tmux::Tmux::start("wrong-code-2", dir.path(), 80, 24, &command);
    let screen = tmux.wait_for("HEARTH-EXITED-2");
    assert!(screen.contains("join code was not accepted"), "{screen}");
    drop(tmux);
    server.stop();
    let found = answers_in(&session);
    assert_eq!(
        found.get(&("Table 1".into(), "typed before the server was up".into())),
        Some(&1)
    );
}

#[test]
fn sigterm_restores_the_terminal_and_lets_go_of_the_outbox() {
    if !common::tmux::available() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let session = session_in(dir.path());
    let server = Server::start(&session, 0);
    let outboxes = dir.path().join("outbox-sigterm");
    let command = format!(
        "{} join {} --code {CODE} --group 'Table 1' --outbox {} ; echo HEARTH-EXITED-$?; stty -a | tr ' ;' '\\n\\n' | grep -x -e '-\\?icanon' -e '-\\?echo' | tr '\\n' ' '; echo STTY-DONE; sleep 30",
        env!("CARGO_BIN_EXE_hearth"),
        server.url(),
        outboxes.display()
    );
    let tmux = common::tmux::Tmux::start("join-sigterm", dir.path(), 80, 24, &command);
    tmux.wait_for("● connected");
    tmux.type_text("said just before the end");
    tmux.keys(&["Enter"]);
    tmux.wait_for("✓ saved");
    let pid = common::pid_of(outboxes.to_str().unwrap()).expect("hearth join is running");
    // SAFETY: a signal to a process this test started.
    assert_eq!(unsafe { libc::kill(pid, libc::SIGTERM) }, 0);
    let screen = tmux.wait_for("STTY-DONE");
    assert!(screen.contains("HEARTH-EXITED-0"), "{screen}");
    assert!(
        !screen.contains("-icanon") && !screen.contains("-echo "),
        "{screen}"
    );
    let port = server.port();
    server.stop();
    let (o, _) = Outbox::open(&outboxes, &format!("127.0.0.1:{port}"), "Table 1")
        .expect("the outbox is free again");
    assert!(o.is_empty());
    assert_eq!(
        answers_in(&session).get(&("Table 1".into(), "said just before the end".into())),
        Some(&1)
    );
}

/// The join screen votes: a round the facilitator opens appears on the note-taker's screen at
/// 80×24, three dots given with keys are counted as this device's one ballot (in the hub and in
/// the session file), the text typed in the box waits untouched, and once the facilitator
/// reveals the round the screen ranks the results.
#[test]
fn the_join_screen_in_tmux_casts_three_dots_and_shows_the_results_once_revealed() {
    use hearth::model::convergence::{Choice, Round, RoundKind, RoundState, VoteOn};
    use hearth::model::{Change, Draft};

    if !common::tmux::available() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let session = session_in(dir.path());
    let server = common::serve::InProcess::start(&session, CODE);
    let mut adds = Vec::new();
    for text in ["Peer mentors", "Paid training", "A career ladder"] {
        let c = Draft::new("round", "sick", text)
            .group(Some("Table 1".into()))
            .into_contribution();
        adds.push(Change::Add { contribution: c });
    }
    server.hub.apply_local(adds).unwrap();
    let outboxes = dir.path().join("outbox-vote");
    let command = format!(
        "{} join http://{}/ --code {CODE} --group 'Table 1' --outbox {} ; echo HEARTH-EXITED-$?; sleep 30",
        env!("CARGO_BIN_EXE_hearth"),
        server.addr,
        outboxes.display()
    );
    let tmux = common::tmux::Tmux::start("join-vote", dir.path(), 80, 24, &command);
    tmux.wait_for("● connected");
    tmux.wait_for("Paid training");
    tmux.type_text("a thought in progress");
    tmux.wait_for("│a thought in progress");
    assert!(!tmux.screen().contains("A vote is open"));

    server
        .hub
        .apply_local(vec![Change::OpenRound {
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
        }])
        .unwrap();
    tmux.wait_for("A vote is open — F4 to vote");
    tmux.wait_for("F4 vote");
    tmux.keys(&["F4"]);
    tmux.wait_for("Dots left: 3 of 3");
    // Two on the first item (a third is refused), one on the second.
    tmux.type_text("+");
    tmux.wait_for("Dots left: 2 of 3");
    tmux.keys(&["Right"]);
    tmux.wait_for("Dots left: 1 of 3");
    tmux.type_text("+");
    tmux.wait_for("At most 2 dots on one item");
    tmux.keys(&["Down"]);
    tmux.type_text("+");
    tmux.wait_for("Dots left: 0 of 3");
    assert!(!tmux.screen().contains("✓ vote counted"));
    tmux.keys(&["Enter"]);
    let screen = tmux.wait_for("✓ vote counted");
    assert!(!screen.contains("✗"), "{screen}");
    // Back to the box, which kept its text.
    let screen = tmux.wait_for("yours is counted");
    assert!(screen.contains("│a thought in progress"), "{screen}");

    let items: Vec<String> = server
        .hub
        .round_for("dots", None, hearth::model::sight::Viewer::Record)
        .expect("the round")
        .items
        .into_iter()
        .map(|i| i.id)
        .collect();
    let want = Choice::Dots(vec![items[0].clone(), items[0].clone(), items[1].clone()]);
    let device_file = std::fs::read_dir(&outboxes)
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .find(|p| p.to_string_lossy().ends_with(".device.json"))
        .expect("the device file beside the outbox");
    let device: serde_json::Value =
        serde_json::from_slice(&std::fs::read(device_file).unwrap()).unwrap();
    let voter = format!("device:{}", device["device"].as_str().unwrap());
    let ballots = |s: &hearth::model::Session| -> BTreeMap<String, Choice> {
        s.convergence
            .ballots
            .get("dots")
            .map(|b| {
                b.iter()
                    .map(|(v, b)| (v.clone(), b.choice.clone()))
                    .collect()
            })
            .unwrap_or_default()
    };
    let in_hub = server.hub.with_session(ballots).unwrap();
    assert_eq!(in_hub, BTreeMap::from([(voter.clone(), want.clone())]));

    // Closed, then revealed: the screen ranks the results.
    for state in [RoundState::Closed, RoundState::Revealed] {
        server
            .hub
            .apply_local(vec![Change::SetRoundState {
                round: "dots".into(),
                state,
            }])
            .unwrap();
    }
    tmux.wait_for("The vote's results are in — F4 to see them");
    tmux.keys(&["F4"]);
    // The server says its one voter is a device.
    let screen = tmux.wait_for("Results, best first — 1 device voted (you too)");
    let at = |needle: &str| {
        screen
            .find(needle)
            .unwrap_or_else(|| panic!("{needle:?} on the screen:\n{screen}"))
    };
    assert!(at(" 1.   2 dots  Peer mentors") < at(" 2.   1 dot   Paid training"));
    tmux.keys(&["Escape"]);
    tmux.wait_without("Results, best first");
    // The text waited in the box all along: sent now, then quit.
    tmux.keys(&["Enter"]);
    tmux.wait_for("✓ saved");
    tmux.keys(&["C-q"]);
    tmux.wait_for("HEARTH-EXITED-0");
    drop(tmux);
    server.stop();
    let (s, _) = read_session(&session).expect("the session reads back");
    assert_eq!(ballots(&s), BTreeMap::from([(voter, want)]));
    assert!(
        s.contributions()
            .iter()
            .any(|c| c.text == "a thought in progress" && c.group.as_deref() == Some("Table 1"))
    );
}
