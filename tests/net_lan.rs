//! The issue's "done when", on a local network made of Linux network namespaces: the
//! facilitator's machine runs `hearth serve --bind` on a bridge; six note-takers, each on a
//! machine (namespace) of their own, capture their groups' answers at once — four with
//! `hearth join`'s outbox and link, two phone-like clients speaking the page's JSON API the way
//! its script does (keep the answer, send until `201`/`200`). One terminal note-taker loses its
//! network (the link goes down) for a while and keeps typing; a stranger on the same network
//! tries codes. Every answer must be in the session exactly once, every outbox empty, and the
//! stranger must get nothing of the session.
//!
//! Needs root and `ip netns` (iproute2), on a machine that lets root make network namespaces.
//! Without them the test is skipped, saying why, or fails under HEARTH_E2E=1 (as in CI);
//! HEARTH_SKIP_NETNS=1 skips it on purpose. HEARTH_LAN_OUTAGE_SECS sets how long the network is
//! lost (default 5; the issue's minute is `HEARTH_LAN_OUTAGE_SECS=60`).

// This test sets up the machine through the C library (limits, users, signals): unsafe is
// allowed here, as in src/platform.rs, and nowhere else.
#![allow(unsafe_code)]

mod common;

use std::collections::BTreeMap;
use std::io::{BufRead, BufReader};
use std::net::{IpAddr, SocketAddr};
use std::os::fd::AsRawFd;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex, mpsc};
use std::time::{Duration, Instant};

use common::serve::{answer_body, bearer, request};
use hearth::net::api::ContributionRequest;
use hearth::net::client::{Client, Link, LinkConfig, LinkEvent, lock};
use hearth::net::outbox::Outbox;
use hearth::store::read_session;

const CODE: &str = "LANCODE12";
const ANSWERS: usize = 25;

fn ip(args: &[&str]) {
    let out = Command::new("ip")
        .args(args)
        .output()
        .expect("ip (iproute2) runs");
    assert!(
        out.status.success(),
        "ip {}: {}",
        args.join(" "),
        String::from_utf8_lossy(&out.stderr)
    );
}

/// Whether this machine lets the test make network namespaces: it must run as root, have `ip`
/// (iproute2), and be allowed to add one (a container may refuse even root). Otherwise the test
/// is skipped or, under HEARTH_E2E=1, fails (see `common::e2e::need`).
fn available() -> bool {
    use common::e2e::missing;
    let mut lacking = Vec::new();
    // SAFETY: geteuid has no preconditions and cannot fail.
    let root = unsafe { libc::geteuid() } == 0;
    if !root {
        lacking.push(missing(
            "not running as root (network namespaces need root)",
            "run the tests as root",
        ));
    }
    let ip_here = Command::new("ip")
        .arg("-V")
        .output()
        .is_ok_and(|o| o.status.success());
    if !ip_here {
        lacking.push(missing(
            "ip (iproute2) is not installed",
            "install iproute2 (Debian: apt-get install iproute2)",
        ));
    }
    if root && ip_here {
        let probe = format!("h{}probe", std::process::id() % 100_000);
        let added = Command::new("ip").args(["netns", "add", &probe]).output();
        match added {
            Ok(out) if out.status.success() => {
                let _ = Command::new("ip")
                    .args(["netns", "delete", &probe])
                    .output();
            }
            Ok(out) => lacking.push(missing(
                format!(
                    "`ip netns add` is refused here: {}",
                    String::from_utf8_lossy(&out.stderr).trim()
                ),
                "run where root may make network namespaces (a container needs CAP_SYS_ADMIN \
                 and CAP_NET_ADMIN, e.g. docker run --privileged)",
            )),
            Err(e) => lacking.push(missing(
                format!("`ip netns add` did not start: {e}"),
                "install iproute2 (Debian: apt-get install iproute2)",
            )),
        }
    }
    common::e2e::need("netns", lacking)
}

/// A hub namespace with a bridge, and machines wired to it. Everything goes when dropped.
struct Lan {
    hub: String,
    machines: Vec<String>,
    subnet: String,
}

impl Lan {
    fn new(machines: usize) -> Lan {
        let tag = std::process::id() % 100_000;
        let subnet = format!("10.213.{}", tag % 250);
        let hub = format!("h{tag}hub");
        ip(&["netns", "add", &hub]);
        let lan = Lan {
            hub: hub.clone(),
            machines: Vec::new(),
            subnet: subnet.clone(),
        };
        ip(&["-n", &hub, "link", "set", "lo", "up"]);
        ip(&["-n", &hub, "link", "add", "br0", "type", "bridge"]);
        ip(&[
            "-n",
            &hub,
            "addr",
            "add",
            &format!("{subnet}.1/24"),
            "dev",
            "br0",
        ]);
        ip(&["-n", &hub, "link", "set", "br0", "up"]);
        let mut lan = lan;
        for k in 1..=machines {
            let name = format!("h{tag}m{k}");
            ip(&["netns", "add", &name]);
            lan.machines.push(name.clone());
            let port = format!("v{tag}p{k}");
            ip(&[
                "-n", &hub, "link", "add", &port, "type", "veth", "peer", "name", "eth0", "netns",
                &name,
            ]);
            ip(&["-n", &hub, "link", "set", &port, "master", "br0"]);
            ip(&["-n", &hub, "link", "set", &port, "up"]);
            ip(&["-n", &name, "link", "set", "lo", "up"]);
            ip(&[
                "-n",
                &name,
                "addr",
                "add",
                &format!("{subnet}.{}/24", 10 + k),
                "dev",
                "eth0",
            ]);
            ip(&["-n", &name, "link", "set", "eth0", "up"]);
        }
        lan
    }

    fn server_ip(&self) -> IpAddr {
        format!("{}.1", self.subnet).parse().expect("an address")
    }

    /// Pulls the machine's cable (or its Wi-Fi): `up` false, then true.
    fn link(&self, machine: usize, up: bool) {
        let state = if up { "up" } else { "down" };
        ip(&["-n", &self.machines[machine], "link", "set", "eth0", state]);
    }
}

impl Drop for Lan {
    fn drop(&mut self) {
        for name in self.machines.iter().chain(std::iter::once(&self.hub)) {
            let _ = Command::new("ip").args(["netns", "del", name]).output();
        }
    }
}

/// Moves the calling thread onto `machine`'s network: sockets it opens from now on are there.
fn enter(machine: &str) {
    let file = std::fs::File::open(Path::new("/var/run/netns").join(machine))
        .expect("the namespace exists");
    // SAFETY: setns on a valid namespace fd; it changes only this thread's network namespace.
    let r = unsafe { libc::setns(file.as_raw_fd(), libc::CLONE_NEWNET) };
    assert_eq!(r, 0, "setns: {}", std::io::Error::last_os_error());
}

struct Server {
    child: Child,
    lines: mpsc::Receiver<String>,
}

impl Server {
    fn start(lan: &Lan, session: &Path, port: u16) -> Server {
        let mut child = Command::new("ip")
            .args(["netns", "exec", &lan.hub])
            .arg(env!("CARGO_BIN_EXE_hearth"))
            .arg("serve")
            .arg(session)
            .args([
                "--bind",
                &format!("{}:{port}", lan.server_ip()),
                "--code",
                CODE,
            ])
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("hearth serve starts");
        let (tx, lines) = mpsc::channel();
        let stdout = child.stdout.take().expect("stdout");
        std::thread::spawn(move || {
            for line in BufReader::new(stdout).lines().map_while(Result::ok) {
                let _ = tx.send(line);
            }
        });
        let server = Server { child, lines };
        let deadline = Instant::now() + Duration::from_secs(30);
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            match server.lines.recv_timeout(left) {
                Ok(l) if l.starts_with("Join address:") => return server,
                Ok(_) => {}
                Err(_) => panic!("hearth serve did not print its join address"),
            }
        }
    }

    fn stop(mut self) {
        // SAFETY: sending SIGTERM to our own child.
        unsafe {
            libc::kill(self.child.id() as libc::pid_t, libc::SIGTERM);
        }
        let status = self.child.wait().expect("hearth serve ends");
        assert!(status.success(), "hearth serve ended with {status}");
        while self.lines.try_recv().is_ok() {}
    }
}

fn text(group: &str, i: usize) -> String {
    format!("{group} answer {i}: Volunteer --> outreach worker --> coordinator 🌱 夢 مرحبا")
}

/// A terminal note-taker on `machine`: queues `ANSWERS` answers, one every 100 ms, then waits
/// until the outbox is empty. Returns how often its link found the server unreachable.
fn terminal_note_taker(
    machine: String,
    url: String,
    group: String,
    outboxes: PathBuf,
    started: Arc<Mutex<usize>>,
) -> std::thread::JoinHandle<usize> {
    std::thread::spawn(move || {
        enter(&machine);
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .expect("a runtime");
        runtime.block_on(async move {
            let mut downs = 0;
            let mut count = |news: &mut tokio::sync::mpsc::UnboundedReceiver<LinkEvent>| {
                while let Ok(e) = news.try_recv() {
                    if matches!(e, LinkEvent::Down { .. }) {
                        downs += 1;
                    }
                }
            };
            let client = Client::new(&url).expect("a join address");
            let (outbox, _) =
                Outbox::open(&outboxes, &client.server(), &group).expect("the outbox opens");
            let outbox = Arc::new(Mutex::new(outbox));
            let (tx, mut news) = tokio::sync::mpsc::unbounded_channel();
            let link = Link::start(
                client,
                Arc::clone(&outbox),
                LinkConfig {
                    code: CODE.into(),
                    group: group.clone(),
                    device_name: Some(format!("{group} laptop")),
                    events: true,
                },
                tx,
            );
            for i in 0..ANSWERS {
                let request = ContributionRequest {
                    parent: None,
                    id: hearth::model::contribution::new_id(),
                    exercise: "round".into(),
                    slot: "sick".into(),
                    group: group.clone(),
                    text: text(&group, i),
                    fields: Default::default(),
                };
                lock(&outbox).push(request).expect("queued on disk");
                link.wake();
                *started.lock().unwrap() += 1;
                tokio::time::sleep(Duration::from_millis(100)).await;
                count(&mut news);
            }
            let deadline = Instant::now() + Duration::from_secs(120);
            while !lock(&outbox).is_empty() {
                assert!(
                    Instant::now() < deadline,
                    "{group}: answers still waiting: {:?}",
                    lock(&outbox).entries()
                );
                tokio::time::sleep(Duration::from_millis(100)).await;
                count(&mut news);
            }
            link.stop().await;
            count(&mut news);
            downs
        })
    })
}

/// A phone: joins, then sends each answer until the server says it has it, as the page's
/// script does with its local outbox.
fn phone(machine: String, server: SocketAddr, group: String) -> std::thread::JoinHandle<()> {
    std::thread::spawn(move || {
        enter(&machine);
        let join = common::serve::join(server, CODE, &group);
        let auth = bearer(&join.token);
        for i in 0..ANSWERS {
            let id = hearth::model::contribution::new_id();
            let body = answer_body(&id, "round", "sick", &group, &text(&group, i));
            let deadline = Instant::now() + Duration::from_secs(120);
            loop {
                let reply = request(
                    server,
                    "POST",
                    "/api/contributions",
                    &[
                        ("Content-Type", "application/json"),
                        ("Authorization", &auth),
                    ],
                    &body,
                );
                match reply {
                    Ok(r) if r.status == 201 || r.status == 200 => break,
                    Ok(r) if r.status < 500 => panic!("{group}: refused: {}", r.text()),
                    _ => {
                        assert!(Instant::now() < deadline, "{group}: never saved");
                        std::thread::sleep(Duration::from_millis(250));
                    }
                }
            }
            std::thread::sleep(Duration::from_millis(100));
        }
    })
}

#[test]
fn six_note_takers_on_a_local_network_one_losing_it_every_answer_once_and_a_stranger_gets_nothing()
{
    if !available() {
        return;
    }
    let outage = Duration::from_secs(
        std::env::var("HEARTH_LAN_OUTAGE_SECS")
            .ok()
            .and_then(|s| s.parse().ok())
            .unwrap_or(5),
    );
    let dir = tempfile::tempdir().unwrap();
    let session = common::new_session(dir.path());
    let lan = Lan::new(7);
    let port = 7878;
    let server = Server::start(&lan, &session, port);
    let addr = SocketAddr::new(lan.server_ip(), port);
    let url = format!("http://{addr}/");
    let outboxes = dir.path().join("outboxes");

    let started = Arc::new(Mutex::new(0));
    let groups: Vec<String> = (1..=6).map(|g| format!("Table {g}")).collect();
    let terminals: Vec<_> = (0..4)
        .map(|k| {
            terminal_note_taker(
                lan.machines[k].clone(),
                url.clone(),
                groups[k].clone(),
                outboxes.join(format!("m{k}")),
                Arc::clone(&started),
            )
        })
        .collect();
    let phones: Vec<_> = (4..6)
        .map(|k| phone(lan.machines[k].clone(), addr, groups[k].clone()))
        .collect();

    // Table 2's laptop loses the network a few answers in, and keeps taking notes.
    let deadline = Instant::now() + Duration::from_secs(60);
    while *started.lock().unwrap() < 12 {
        assert!(Instant::now() < deadline, "the note-takers did not start");
        std::thread::sleep(Duration::from_millis(20));
    }
    lan.link(1, false);

    // A stranger on the same network: wrong codes, a guessed token, the page.
    let stranger = {
        let machine = lan.machines[6].clone();
        std::thread::spawn(move || {
            enter(&machine);
            for guess in ["LANCODE11", "lancode13", "ACDEFGHJKM"] {
                let body = format!(r#"{{"code":"{guess}","group":"Table 1"}}"#);
                let r = request(
                    addr,
                    "POST",
                    "/api/join",
                    &[("Content-Type", "application/json")],
                    body.as_bytes(),
                )
                .expect("the server answers");
                assert_eq!(r.status, 401);
                assert_nothing_told(&r.text());
            }
            let r = request(
                addr,
                "GET",
                "/api/session",
                &[("Authorization", "Bearer abcdefgh.notasecretatall")],
                b"",
            )
            .expect("the server answers");
            assert_eq!(r.status, 401);
            assert_nothing_told(&r.text());
            let r = request(addr, "GET", "/", &[], b"").expect("the page answers");
            assert_eq!(r.status, 200);
            assert_nothing_told(&r.text());
        })
    };
    stranger.join().expect("the stranger's checks pass");

    std::thread::sleep(outage);
    lan.link(1, true);

    let downs: Vec<usize> = terminals
        .into_iter()
        .map(|t| {
            t.join()
                .expect("a note-taker finished with every answer saved")
        })
        .collect();
    for p in phones {
        p.join().expect("a phone finished with every answer saved");
    }
    assert!(
        downs[1] > 0,
        "Table 2's link never noticed the network was gone: {downs:?}"
    );
    server.stop();

    let (saved, _) = read_session(&session).expect("the session reads back");
    let mut counts: BTreeMap<(String, String), usize> = BTreeMap::new();
    for c in saved.contributions() {
        *counts
            .entry((c.group.clone().unwrap_or_default(), c.text.clone()))
            .or_default() += 1;
    }
    for g in &groups {
        for i in 0..ANSWERS {
            let n = counts.get(&(g.clone(), text(g, i))).copied().unwrap_or(0);
            assert_eq!(n, 1, "{g} answer {i} is in the session {n} times");
        }
    }
    assert_eq!(saved.contributions().len(), groups.len() * ANSWERS);
}

/// Nothing of the session: no title, no group, no answer.
fn assert_nothing_told(body: &str) {
    for secret in [
        "Test session",
        "Table 1",
        "Table 2",
        "answer 0",
        "Volunteer",
    ] {
        assert!(!body.contains(secret), "told a stranger {secret:?}: {body}");
    }
}
