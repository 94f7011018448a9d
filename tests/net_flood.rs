//! Floods from many addresses at once (all of 127.0.0.0/8 is this machine on Linux, so each
//! test speaks from hundreds of loopback addresses and only ever to its own server on
//! loopback): guessing the join code is held to one budget for the whole server, a locked-out
//! address stays locked whatever else arrives, and idle connections without a device token
//! cannot keep the note-takers who already joined out.

// This test sets up the machine through the C library (limits, users, signals): unsafe is
// allowed here, as in src/platform.rs, and nowhere else.
#![allow(unsafe_code)]

mod common;

use std::io::{self, Read};
use std::net::{IpAddr, Ipv4Addr, SocketAddr, TcpStream};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use common::serve::{
    CODE, Conn, Events, InProcess, Next, PATIENCE, answer_body, bearer, join, poll_until,
    post_answer,
};
use hearth::net::guesses::GuessLimits;
use hearth::net::hub::{HubEvent, SERVER_BUDGET};
use hearth::net::server::Limits;
use tokio::io::{AsyncReadExt, AsyncWriteExt};

/// The `n`th of many loopback addresses in `127.<block>.x.y` (never .0 or .255).
fn loopback(block: u8, n: u32) -> IpAddr {
    let x = u8::try_from(n / 250 % 250 + 1).expect("fits");
    let y = u8::try_from(n % 250 + 1).expect("fits");
    assert!(n < 250 * 250, "{n} addresses in one block");
    IpAddr::V4(Ipv4Addr::new(127, block, x, y))
}

/// Lets this process hold as many descriptors as it may (the test and its server share it).
fn raise_file_limit() {
    // SAFETY: getrlimit/setrlimit with a valid, initialised struct.
    unsafe {
        let mut limit = libc::rlimit {
            rlim_cur: 0,
            rlim_max: 0,
        };
        if libc::getrlimit(libc::RLIMIT_NOFILE, &mut limit) == 0 && limit.rlim_cur < limit.rlim_max
        {
            limit.rlim_cur = limit.rlim_max;
            libc::setrlimit(libc::RLIMIT_NOFILE, &limit);
        }
    }
}

fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("a runtime")
}

async fn connect_from(source: IpAddr, addr: SocketAddr) -> io::Result<tokio::net::TcpStream> {
    let socket = tokio::net::TcpSocket::new_v4()?;
    socket.bind(SocketAddr::new(source, 0))?;
    socket.connect(addr).await
}

/// The status and `Retry-After` of one request from `source` (on a connection of its own).
async fn ask_from(
    source: IpAddr,
    addr: SocketAddr,
    request: String,
) -> io::Result<(u16, Option<u64>)> {
    let mut stream = connect_from(source, addr).await?;
    stream.write_all(request.as_bytes()).await?;
    let mut reply = Vec::new();
    tokio::time::timeout(PATIENCE, stream.read_to_end(&mut reply))
        .await
        .map_err(|_| io::Error::other("no reply in time"))??;
    let text = String::from_utf8_lossy(&reply);
    let status = text
        .split(' ')
        .nth(1)
        .and_then(|s| s.parse().ok())
        .ok_or_else(|| io::Error::other(format!("not a reply: {text:?}")))?;
    let retry = text.lines().find_map(|l| {
        let (k, v) = l.split_once(':')?;
        k.eq_ignore_ascii_case("retry-after")
            .then(|| v.trim().parse().ok())
            .flatten()
    });
    Ok((status, retry))
}

fn groups_with(addr: SocketAddr, credential: &str) -> String {
    format!(
        "GET /api/groups HTTP/1.1\r\nHost: {addr}\r\nAuthorization: Bearer {credential}\r\n\
         Connection: close\r\n\r\n"
    )
}

/// One wrong code from each of `sources`, `at_once` at a time; the statuses in order.
fn guess_from(sources: &[IpAddr], addr: SocketAddr, at_once: usize) -> Vec<(u16, Option<u64>)> {
    runtime().block_on(async {
        let mut out = Vec::with_capacity(sources.len());
        for chunk in sources.chunks(at_once) {
            let mut tasks = Vec::new();
            for (i, source) in chunk.iter().enumerate() {
                let request = groups_with(addr, &format!("WRONG{i:05}"));
                tasks.push(tokio::spawn(ask_from(*source, addr, request)));
            }
            for t in tasks {
                out.push(t.await.expect("the task ran").expect("a reply"));
            }
        }
        out
    })
}

fn warnings(events: &mut tokio::sync::broadcast::Receiver<HubEvent>) -> Vec<String> {
    let mut out = Vec::new();
    while let Ok(e) = events.try_recv() {
        if let HubEvent::Warning(w) = e {
            out.push(w);
        }
    }
    out
}

#[test]
fn wrong_codes_from_a_thousand_addresses_meet_one_budget() {
    // The defaults: 5 wrong codes per address, 30 for the whole server, per minute.
    let defaults = Limits::default().guesses;
    assert_eq!(defaults.budget, SERVER_BUDGET);
    assert_eq!(defaults.budget, 30);
    assert_eq!(defaults.window, Duration::from_secs(60));
    assert_eq!(defaults.per_address, 5);

    let dir = tempfile::tempdir().expect("a temporary directory");
    let path = common::new_session(dir.path());
    let server = InProcess::start(&path, CODE);
    let addr = server.addr;
    let device = join(addr, CODE, "Table 1");
    let mut events = server.hub.subscribe();

    let sources: Vec<IpAddr> = (0..1000).map(|n| loopback(10, n)).collect();
    let replies = guess_from(&sources, addr, 16);
    let looked_at = replies.iter().filter(|(s, _)| *s == 401).count();
    let held = replies.iter().filter(|(s, _)| *s == 429).count();
    assert_eq!(
        (looked_at, held),
        (30, 970),
        "from 1,000 addresses within the minute, 30 wrong codes are looked at and the rest \
         refused unread"
    );
    for (status, retry) in &replies {
        if *status == 429 {
            assert!(
                retry.is_some_and(|r| (1..=60).contains(&r)),
                "a 429 says when to try again: {retry:?}"
            );
        }
    }
    let told = warnings(&mut events);
    assert!(
        told.iter()
            .any(|w| w.contains("30 wrong join codes within 60 s")),
        "the facilitator is warned: {told:?}"
    );
    assert_eq!(
        told.len(),
        1,
        "warned once, not for every refusal: {told:?}"
    );
    assert!(
        server.hub.guessers_tracked() <= 30,
        "only addresses whose codes were looked at are remembered"
    );

    // Even the right code is not looked at now (a right/wrong answer would be an oracle).
    let rt = runtime();
    let (status, _) = rt
        .block_on(ask_from(loopback(11, 1), addr, groups_with(addr, CODE)))
        .expect("a reply");
    assert_eq!(status, 429, "the right code waits like any other");

    // A device that joined is not held up at all, from any address.
    let token = device.token;
    let (status, _) = rt
        .block_on(ask_from(loopback(10, 5), addr, groups_with(addr, &token)))
        .expect("a reply");
    assert_eq!(status, 200, "a device token from a guessing address");
    let mut conn = Conn::connect(addr).expect("connects");
    let saved = post_answer(
        &mut conn,
        &token,
        &answer_body("flood-1", "round", "whole", "Table 1", "still saved"),
    )
    .expect("a reply");
    assert_eq!(saved.status, 201, "{}", saved.text());
    drop(rt);
    server.stop();
}

#[test]
fn the_budget_is_a_sliding_window() {
    // A short window, to see it renew: at most `budget` wrong codes in any window.
    let window = Duration::from_millis(1000);
    let budget = 10;
    let limits = Limits {
        guesses: GuessLimits {
            window,
            lockout: window,
            budget,
            ..GuessLimits::default()
        },
        ..Limits::default()
    };
    let dir = tempfile::tempdir().expect("a temporary directory");
    let path = common::new_session(dir.path());
    let server = InProcess::start_with(&path, CODE, limits);
    let addr = server.addr;
    let rt = runtime();
    // One at a time, each from a new address: (sent, answered) of every code looked at.
    let mut looked_at: Vec<(Instant, Instant)> = Vec::new();
    let mut held = 0;
    let deadline = Instant::now() + PATIENCE;
    let mut n = 0;
    while looked_at.len() < 4 * budget as usize && Instant::now() < deadline {
        let sent = Instant::now();
        let (status, _) = rt
            .block_on(ask_from(
                loopback(20, n),
                addr,
                groups_with(addr, "WRONGCODE"),
            ))
            .expect("a reply");
        let answered = Instant::now();
        match status {
            401 => looked_at.push((sent, answered)),
            429 => held += 1,
            other => panic!("a wrong code got {other}"),
        }
        n += 1;
    }
    assert!(
        looked_at.len() >= 4 * budget as usize,
        "the budget renews as the window slides: {} looked at, {held} held in {n}",
        looked_at.len()
    );
    assert!(held > 0, "guessing this fast meets the budget");
    // Code k + budget cannot have been looked at within a window of code k.
    for (k, later) in looked_at.iter().zip(&looked_at[budget as usize..]) {
        assert!(
            later.1.duration_since(k.0) >= window,
            "{} wrong codes were looked at within {:?}",
            budget + 1,
            later.1.duration_since(k.0)
        );
    }
    drop(rt);
    server.stop();
}

#[test]
fn a_locked_address_stays_locked_through_a_flood_of_new_addresses() {
    // A budget high enough that every guess is looked at and remembered: the table of
    // addresses (4,096 at most) fills and is churned more than twice over.
    let limits = Limits {
        guesses: GuessLimits {
            budget: 1_000_000,
            ..GuessLimits::default()
        },
        ..Limits::default()
    };
    let tracked = limits.guesses.tracked_addresses;
    let dir = tempfile::tempdir().expect("a temporary directory");
    let path = common::new_session(dir.path());
    let server = InProcess::start_with(&path, CODE, limits);
    let addr = server.addr;
    let device = join(addr, CODE, "Table 1");
    let locked = IpAddr::V4(Ipv4Addr::new(127, 0, 0, 66));
    let replies = guess_from(&[locked; 5], addr, 1);
    assert!(replies.iter().all(|(s, _)| *s == 401), "{replies:?}");
    let rt = runtime();
    let right = || {
        rt.block_on(ask_from(locked, addr, groups_with(addr, CODE)))
            .expect("a reply")
            .0
    };
    assert_eq!(right(), 429, "locked out after five wrong codes");

    let sources: Vec<IpAddr> = (0..10_000).map(|n| loopback(30, n)).collect();
    let replies = guess_from(&sources, addr, 32);
    assert!(
        replies.iter().all(|(s, _)| *s == 401),
        "every code of the flood was looked at (and remembered)"
    );
    assert!(
        server.hub.guessers_tracked() <= tracked,
        "{} addresses remembered",
        server.hub.guessers_tracked()
    );
    assert_eq!(
        right(),
        429,
        "the locked-out address is still locked out after 10,000 new addresses"
    );
    let (status, _) = rt
        .block_on(ask_from(locked, addr, groups_with(addr, &device.token)))
        .expect("a reply");
    assert_eq!(status, 200, "a device token from the locked-out address");
    drop(rt);
    server.stop();
}

/// Opens `count` idle connections from as many addresses, then keeps opening new ones (and
/// letting the oldest go) until `stop`; returns when the first `count` are open.
fn flood_idle(
    addr: SocketAddr,
    count: u32,
    stop: Arc<AtomicBool>,
) -> std::thread::JoinHandle<usize> {
    let (ready, opened) = std::sync::mpsc::channel();
    let flood = std::thread::spawn(move || {
        runtime().block_on(async move {
            let mut open = std::collections::VecDeque::new();
            let mut n = 0;
            while !stop.load(Ordering::Relaxed) {
                if let Ok(s) = connect_from(loopback(40, n % 60_000), addr).await {
                    open.push_back(s);
                }
                n += 1;
                if n == count {
                    let _ = ready.send(());
                }
                if n > count {
                    open.pop_front();
                    // About 500 new connections a second from here on.
                    tokio::time::sleep(Duration::from_millis(2)).await;
                }
            }
            n as usize
        })
    });
    opened
        .recv_timeout(PATIENCE)
        .expect("the flood's connections open");
    flood
}

#[test]
fn idle_anonymous_connections_do_not_keep_a_device_out() {
    raise_file_limit();
    let dir = tempfile::tempdir().expect("a temporary directory");
    let path = common::new_session(dir.path());
    // The defaults, but for a long header timeout: the device's keep-alive connection below
    // must outlast the flood however slow the machine.
    let server = InProcess::start_with(
        &path,
        CODE,
        Limits {
            header_timeout: Duration::from_secs(120),
            ..Limits::default()
        },
    );
    let addr = server.addr;
    let device = join(addr, CODE, "Table 1");
    let auth = bearer(&device.token);
    // A device's connection, idle through the flood: never closed to make room.
    let mut kept = Conn::connect(addr).expect("connects");
    let first = kept
        .send(
            "GET",
            "/api/session",
            &[("Authorization", auth.as_str())],
            b"",
        )
        .expect("a reply");
    assert_eq!(first.status, 200);

    let stop = Arc::new(AtomicBool::new(false));
    let flood = flood_idle(addr, 1000, Arc::clone(&stop));

    // The device, with its token, in the middle of the flood: saved at the first try.
    let started = Instant::now();
    let mut conn = Conn::connect(addr).expect("connects");
    let saved = post_answer(
        &mut conn,
        &device.token,
        &answer_body("during-flood", "round", "whole", "Table 1", "got in"),
    );
    let took = started.elapsed();
    // And the browser page, with its cookie.
    let cookie = format!("hearth_device={}", device.token);
    let page = Conn::connect(addr)
        .and_then(|mut c| c.send("GET", "/", &[("Cookie", cookie.as_str())], b""));
    let again = kept.send(
        "GET",
        "/api/session",
        &[("Authorization", auth.as_str())],
        b"",
    );
    stop.store(true, Ordering::Relaxed);
    let opened = flood.join().expect("the flood ran");
    let saved = saved.expect("the device's answer got a reply during the flood");
    assert_eq!(saved.status, 201, "{}", saved.text());
    assert!(
        took < Duration::from_secs(5),
        "the device waited {took:?} (it should take well under a second)"
    );
    let page = page.expect("the page got a reply during the flood");
    assert_eq!(page.status, 200, "the capture page with the cookie");
    assert!(opened >= 1000, "{opened} flood connections");
    assert_eq!(
        again
            .expect("the device's idle connection is still open")
            .status,
        200
    );

    let session = Conn::connect(addr)
        .and_then(|mut c| {
            c.send(
                "GET",
                "/api/session",
                &[("Authorization", auth.as_str())],
                b"",
            )
        })
        .expect("a reply");
    assert!(session.text().contains("got in"), "{}", session.text());
    server.stop();
}

/// Whether the server closed `stream` (end of stream or a reset), without waiting long.
fn closed(stream: &mut TcpStream) -> bool {
    stream
        .set_read_timeout(Some(Duration::from_millis(20)))
        .expect("a timeout");
    let mut byte = [0u8; 1];
    match stream.read(&mut byte) {
        Ok(0) => true,
        Ok(_) => false,
        Err(e) => !matches!(
            e.kind(),
            io::ErrorKind::WouldBlock | io::ErrorKind::TimedOut
        ),
    }
}

#[test]
fn one_address_holds_at_most_its_share_of_anonymous_connections() {
    // Long timeouts otherwise: only making room may close anything here.
    let limits = Limits {
        anonymous_timeout: Duration::from_secs(120),
        header_timeout: Duration::from_secs(120),
        ..Limits::default()
    };
    let per_address = limits.anonymous_per_address;
    assert_eq!(per_address, 16);
    let dir = tempfile::tempdir().expect("a temporary directory");
    let path = common::new_session(dir.path());
    let server = InProcess::start_with(&path, CODE, limits);
    let addr = server.addr;
    let rt = runtime();
    let other = rt
        .block_on(connect_from(loopback(50, 999), addr))
        .expect("connects")
        .into_std()
        .expect("a std stream");
    let one = loopback(50, 1);
    let mut conns: Vec<TcpStream> = Vec::new();
    for _ in 0..40 {
        let s = rt
            .block_on(connect_from(one, addr))
            .expect("connects")
            .into_std()
            .expect("a std stream");
        s.set_nonblocking(false).expect("blocking");
        conns.push(s);
        // In order: each is let in before the next arrives.
        std::thread::sleep(Duration::from_millis(5));
    }
    // Connections just opened have a second to send a request; then one more connection
    // brings the address back to its share.
    std::thread::sleep(Duration::from_millis(1200));
    conns.push(
        rt.block_on(connect_from(one, addr))
            .expect("connects")
            .into_std()
            .expect("a std stream"),
    );
    let keep = conns.len() - per_address;
    assert!(
        poll_until(PATIENCE, || conns[..keep].iter_mut().all(closed)),
        "the oldest {keep} connections of one address are closed to make room"
    );
    assert!(
        conns[keep..].iter_mut().all(|s| !closed(s)),
        "its newest {per_address} stay"
    );
    let mut other = other;
    other.set_nonblocking(false).expect("blocking");
    assert!(!closed(&mut other), "another address is not touched");
    drop(rt);
    server.stop();
}

#[test]
fn anonymous_connections_without_a_request_in_progress_are_closed_first() {
    // The header timeout every connection has is long here: only the anonymous one (1 s)
    // may close anything within the test's patience.
    let limits = Limits {
        anonymous_timeout: Duration::from_millis(1000),
        header_timeout: Duration::from_secs(120),
        keep_alive: Duration::from_millis(300),
        ..Limits::default()
    };
    let dir = tempfile::tempdir().expect("a temporary directory");
    let path = common::new_session(dir.path());
    let server = InProcess::start_with(&path, CODE, limits);
    let addr = server.addr;
    let device = join(addr, CODE, "Table 1");

    let started = Instant::now();
    // Says nothing at all.
    let mut silent = TcpStream::connect(addr).expect("connects");
    // An anonymous keep-alive connection after one request.
    let mut page = Conn::connect(addr).expect("connects");
    let css = page
        .send("GET", "/static/app.css", &[], b"")
        .expect("a reply");
    assert_eq!(css.status, 200);
    // A device's keep-alive connection after one request.
    let mut trusted = Conn::connect(addr).expect("connects");
    let auth = bearer(&device.token);
    let r = trusted
        .send(
            "GET",
            "/api/session",
            &[("Authorization", auth.as_str())],
            b"",
        )
        .expect("a reply");
    assert_eq!(r.status, 200);
    // A script following the stream with the join code: anonymous, but busy.
    let events = Events::open(addr, "/api/events?group=Table%201", CODE).expect("a stream");

    let mut page_stream = page.stream().try_clone().expect("a clone");
    assert!(
        poll_until(PATIENCE, || closed(&mut silent) && closed(&mut page_stream)),
        "idle anonymous connections are closed"
    );
    assert!(
        started.elapsed() >= Duration::from_millis(900),
        "not before their time ({:?})",
        started.elapsed()
    );
    let mut trusted_stream = trusted.stream().try_clone().expect("a clone");
    assert!(
        !closed(&mut trusted_stream),
        "a device's idle connection keeps the longer timeout"
    );
    let before = events.raw().len();
    std::thread::sleep(Duration::from_millis(1500));
    assert!(
        !matches!(events.next(Duration::from_millis(10)), Next::Ended),
        "a stream in progress is not idle"
    );
    assert!(
        events.raw().len() > before,
        "its keep-alives still arrive: {:?}",
        events.raw()
    );
    server.stop();
}

/// Opens a live stream with `token` on a connection of its own and waits for its head (a
/// stream the server closed at once counts as opened too: it was let in, then made room).
fn open_stream(addr: SocketAddr, token: &str) -> TcpStream {
    let mut s = TcpStream::connect_timeout(&addr, PATIENCE).expect("connects");
    let request = format!(
        "GET /api/events HTTP/1.1\r\nHost: {addr}\r\nAuthorization: Bearer {token}\r\n\
         Accept: text/event-stream\r\n\r\n"
    );
    std::io::Write::write_all(&mut s, request.as_bytes()).expect("sends");
    s.set_read_timeout(Some(PATIENCE)).expect("a timeout");
    let mut head = Vec::new();
    let mut byte = [0u8; 1];
    while !head.ends_with(b"\r\n\r\n") {
        match s.read(&mut byte) {
            Ok(1) => head.push(byte[0]),
            _ => break,
        }
    }
    s
}

#[test]
fn one_device_holds_at_most_its_share_of_connections() {
    raise_file_limit();
    let dir = tempfile::tempdir().expect("a temporary directory");
    let path = common::new_session(dir.path());
    let limits = Limits::default();
    let share = limits.per_device_connections;
    let total = limits.max_connections;
    let server = InProcess::start_with(&path, CODE, limits);
    let addr = server.addr;
    let mut told = server.hub.subscribe();
    let greedy = join(addr, CODE, "Table 1");
    let other = join(addr, CODE, "Table 2");

    // One device opens as many live streams as the whole server holds.
    let streams: Vec<TcpStream> = (0..total)
        .map(|_| open_stream(addr, &greedy.token))
        .collect();

    // Another device answers at the first try, and a new one joins.
    let mut conn = Conn::connect(addr).expect("connects");
    let saved = post_answer(
        &mut conn,
        &other.token,
        &answer_body("fair-share", "round", "whole", "Table 2", "still heard"),
    )
    .expect("the other device's answer got a reply");
    assert_eq!(saved.status, 201, "{}", saved.text());
    let newcomer = join(addr, CODE, "Table 3");
    assert!(Events::open(addr, "/api/events", &newcomer.token).is_ok());

    // The greedy device keeps its newest `share` streams; the rest were closed.
    let mut streams = streams;
    assert!(
        poll_until(PATIENCE, || {
            streams
                .iter_mut()
                .map(|s| usize::from(!closed(s)))
                .sum::<usize>()
                <= share
        }),
        "one device keeps at most {share} connections"
    );
    let open = streams
        .iter_mut()
        .map(|s| usize::from(!closed(s)))
        .sum::<usize>();
    assert_eq!(open, share, "its newest {share} stay open");
    assert!(
        streams[total - share..].iter_mut().all(|s| !closed(s)),
        "the ones kept are its newest"
    );
    // The facilitator is told, once.
    let about: Vec<String> = warnings(&mut told)
        .into_iter()
        .filter(|w| w.contains("holds more than"))
        .collect();
    assert_eq!(about.len(), 1, "{about:?}");
    assert!(about[0].contains(&greedy.device), "{about:?}");
    server.stop();
}

#[test]
fn revoking_a_device_closes_its_connections() {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let path = common::new_session(dir.path());
    let server = InProcess::start(&path, CODE);
    let addr = server.addr;
    let revoked = join(addr, CODE, "Table 1");
    let kept = join(addr, CODE, "Table 2");
    let mut stream = open_stream(addr, &revoked.token);
    let mut idle = Conn::connect(addr).expect("connects");
    let auth = bearer(&revoked.token);
    let reply = idle
        .send(
            "GET",
            "/api/session",
            &[("Authorization", auth.as_str())],
            b"",
        )
        .expect("a reply");
    assert_eq!(reply.status, 200);
    let mut other = open_stream(addr, &kept.token);

    assert!(server.hub.revoke(&revoked.device).expect("revoked"));
    let mut idle = idle.stream().try_clone().expect("a handle");
    assert!(
        poll_until(Duration::from_secs(5), || closed(&mut idle)),
        "the revoked device's idle connection is closed"
    );
    assert!(
        poll_until(Duration::from_secs(5), || closed(&mut stream)),
        "the revoked device's live stream is closed"
    );
    assert!(!closed(&mut other), "another device's stream stays");
    server.stop();
}
