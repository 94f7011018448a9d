//! Sharing under load: `hearth serve` (the release binary) with 200 note-takers on loopback.
//!
//! - submit-to-acknowledge latency (p50 / p99) and answers per second: one note-taker sending
//!   one answer at a time; 200 sending as fast as they are acknowledged; 50 doing the same (the
//!   same 10,000 answers); 200 sending one answer a second each (`-- --latency`: these alone);
//! - beside the raw cost of the same disk: write a 300-byte line to a file in the same
//!   directory and `fdatasync` it, measured the same way. The hub saves whatever has arrived
//!   together with one sync, so 200 note-takers get far more answers per second than one sync
//!   per answer would allow;
//! - the server's memory (VmRSS / VmHWM from /proc) idle, then with 200 note-takers each
//!   holding an open `/api/events` stream, then after 2,000 answers were sent to those streams.
//!
//! Run with `cargo bench --bench serve` (`-- --profile FILE`: after the figures, 200 busy
//! note-takers send 50,000 more answers while `perf record` samples the whole machine into
//! FILE, to see where the time goes). A plain program that prints its figures; files go
//! under `target/bench-serve/` (the project's disk, like the other benchmarks).

// This test sets up the machine through the C library (limits, users, signals): unsafe is
// allowed here, as in src/platform.rs, and nowhere else.
#![allow(unsafe_code)]

#[path = "../tests/common/serve.rs"]
mod serve;

use std::fs::OpenOptions;
use std::io::Write;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::{Arc, Barrier};
use std::time::{Duration, Instant};

use hearth::model::Session;
use hearth::net::api::JoinReply;
use hearth::store::{create_session, load_scenario};
use serve::{CODE, Conn, Events, Next, Serve, answer_body, join, post_answer};

const NOTE_TAKERS: usize = 200;
const GROUPS: [&str; 3] = ["Table 1", "Table 2", "Room 夢"];
const SAMPLE: &str =
    "Peer support volunteer --> street outreach worker --> housing stability worker 🚀 夢";

fn bench_dir(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("target/bench-serve")
        .join(name);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("a benchmark directory");
    dir
}

/// A new session of the all-kinds test plan (groups Table 1, Table 2, Room 夢).
fn new_session(dir: &Path) -> PathBuf {
    let scenario =
        load_scenario(&Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/all-kinds.json"))
            .expect("the all-kinds plan");
    let groups = scenario.suggested_groups.clone();
    let session = Session::new(scenario, "Benchmark".into(), None, groups);
    create_session(dir, &session).expect("a session")
}

struct Figures {
    samples: Vec<Duration>,
}

impl Figures {
    fn new(mut samples: Vec<Duration>) -> Figures {
        samples.sort();
        Figures { samples }
    }

    fn quantile(&self, q: f64) -> Duration {
        let last = self.samples.len().saturating_sub(1);
        self.samples[(last as f64 * q).round() as usize]
    }

    fn p50(&self) -> Duration {
        self.quantile(0.5)
    }

    fn p99(&self) -> Duration {
        self.quantile(0.99)
    }
}

fn us(d: Duration) -> String {
    format!("{:.0} µs", d.as_secs_f64() * 1e6)
}

fn ms(d: Duration) -> String {
    format!("{:.2} ms", d.as_secs_f64() * 1e3)
}

/// Write a 300-byte line and `fdatasync` it, `n` times, in `dir`.
fn raw_fsync(dir: &Path, n: usize) -> Figures {
    let mut f = OpenOptions::new()
        .create(true)
        .append(true)
        .open(dir.join("raw.log"))
        .expect("a file");
    let mut line = [b'x'; 300];
    line[299] = b'\n';
    let samples = (0..n)
        .map(|_| {
            let t = Instant::now();
            f.write_all(&line).expect("written");
            f.sync_data().expect("synced");
            t.elapsed()
        })
        .collect();
    Figures::new(samples)
}

fn body(client: usize, i: usize, group: &str) -> Vec<u8> {
    let slot = if i.is_multiple_of(2) { "sick" } else { "whole" };
    answer_body(
        &format!("b-{client}-{i}"),
        "round",
        slot,
        group,
        &format!("{SAMPLE} · note-taker {client}, answer {i}"),
    )
}

/// One note-taker's answers on one kept-alive connection (`conn`); each latency from the first byte
/// of the request to the end of the `201`. `pace`: start each answer this long after the
/// previous one started, the first after `client`/200 of that (None: as soon as the previous
/// is acknowledged).
fn send_answers(
    mut conn: Conn,
    device: &JoinReply,
    client: usize,
    first: usize,
    n: usize,
    pace: Option<Duration>,
) -> Vec<Duration> {
    let mut latencies = Vec::with_capacity(n);
    // Paced note-takers start spread over one period, so answers arrive evenly, not in bursts.
    let mut next = Instant::now()
        + pace.map_or(Duration::ZERO, |p| {
            p * u32::try_from(client % NOTE_TAKERS).unwrap_or(0) / NOTE_TAKERS as u32
        });
    for i in first..first + n {
        if let Some(p) = pace {
            let now = Instant::now();
            if next > now {
                std::thread::sleep(next - now);
            }
            next += p;
        }
        let body = body(client, i, &device.group);
        let t = Instant::now();
        let reply = post_answer(&mut conn, &device.token, &body).expect("a reply");
        latencies.push(t.elapsed());
        assert_eq!(reply.status, 201, "{}", reply.text());
    }
    latencies
}

/// Every note-taker sends `each` answers at once (each on its own thread, started together);
/// returns the latencies and the wall time of the whole.
fn load(
    addr: SocketAddr,
    devices: &[JoinReply],
    first: usize,
    each: usize,
    pace: Option<Duration>,
) -> (Figures, Duration) {
    let start = Arc::new(Barrier::new(devices.len() + 1));
    let threads: Vec<_> = devices
        .iter()
        .cloned()
        .enumerate()
        .map(|(client, device)| {
            let start = Arc::clone(&start);
            std::thread::spawn(move || {
                // Connected before the start: the wall time is answering, not connecting.
                let conn = connect_as(addr, &device);
                start.wait();
                send_answers(conn, &device, client, first, each, pace)
            })
        })
        .collect();
    start.wait();
    let t = Instant::now();
    let latencies: Vec<Duration> = threads
        .into_iter()
        .flat_map(|h| h.join().expect("a note-taker finished"))
        .collect();
    (Figures::new(latencies), t.elapsed())
}

/// Runs `f` while `perf stat` counts the server's `fdatasync` and `fsync` calls, when perf is
/// there and allowed to (otherwise None).
fn count_syncs<R>(pid: u32, f: impl FnOnce() -> R) -> (R, Option<(u64, u64)>) {
    let perf = Command::new("perf")
        .args([
            "stat",
            "-x",
            ",",
            "-e",
            "syscalls:sys_enter_fdatasync",
            "-e",
            "syscalls:sys_enter_fsync",
            "-p",
            &pid.to_string(),
        ])
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .ok();
    if perf.is_some() {
        // perf attaches in a few milliseconds; give it ample time.
        std::thread::sleep(Duration::from_millis(500));
    }
    let result = f();
    let counts = perf.and_then(|child| {
        let pid = libc::pid_t::try_from(child.id()).ok()?;
        // SAFETY: kill(2) on the perf process this function started and has not reaped.
        unsafe {
            libc::kill(pid, libc::SIGINT);
        }
        let output = child.wait_with_output().ok()?;
        let text = String::from_utf8_lossy(&output.stderr).into_owned();
        let count = |event: &str| -> Option<u64> {
            text.lines()
                .find(|l| l.contains(event))
                .and_then(|l| l.split(',').next())
                .and_then(|n| n.trim().parse().ok())
        };
        Some((count("sys_enter_fdatasync")?, count("sys_enter_fsync")?))
    });
    (result, counts)
}

/// When `-- --profile FILE` was given, runs `f` while `perf record` samples the whole machine
/// (the server and the note-takers, who share its cores) into `file`; otherwise does nothing. Read it with
/// `perf report -i FILE --no-children --sort comm,dso,sym`.
fn profiled<R>(f: impl FnOnce() -> R) -> Option<R> {
    let args: Vec<String> = std::env::args().collect();
    let file = args
        .iter()
        .position(|a| a == "--profile")
        .and_then(|i| args.get(i + 1))?;
    let perf = Command::new("perf")
        .args(["record", "-a", "-g", "-F", "999", "-o", file])
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn();
    let Ok(child) = perf else {
        eprintln!("--profile: perf could not be started; nothing profiled");
        return None;
    };
    std::thread::sleep(Duration::from_millis(500));
    let result = f();
    if let Ok(pid) = libc::pid_t::try_from(child.id()) {
        // SAFETY: kill(2) on the perf process this function started and has not reaped.
        unsafe {
            libc::kill(pid, libc::SIGINT);
        }
    }
    let _ = child.wait_with_output();
    Some(result)
}

/// A connection on which `device`'s token is shown at once (asking for the group names, which
/// costs the server next to nothing, unlike its group's answers), so that waiting for the start
/// is not taken for an idle anonymous connection, which the server sheds when connections crowd in.
fn connect_as(addr: SocketAddr, device: &JoinReply) -> Conn {
    let mut conn = Conn::connect(addr).expect("connects");
    let auth = serve::bearer(&device.token);
    let hello = conn
        .send(
            "GET",
            "/api/groups",
            &[("Authorization", auth.as_str())],
            b"",
        )
        .expect("a reply");
    assert_eq!(hello.status, 200, "{}", hello.text());
    conn
}

fn join_all(addr: SocketAddr, n: usize) -> Vec<JoinReply> {
    (0..n)
        .map(|i| join(addr, CODE, GROUPS[i % GROUPS.len()]))
        .collect()
}

fn latency_and_throughput() {
    let dir = bench_dir("latency");
    let path = new_session(&dir);
    let raw_before = raw_fsync(&dir, 1000);
    let server = Serve::start(&path, "127.0.0.1:0".parse().expect("addr"), CODE);
    let addr = server.addr;
    let devices = join_all(addr, NOTE_TAKERS);

    let conn = Conn::connect(addr).expect("connects");
    let one = Figures::new(send_answers(conn, &devices[0], 0, 0, 1000, None));

    // Warm up the 200 connections' path once, then measure.
    let _ = load(addr, &devices, 1000, 5, None);
    let each = 50;
    let ((busy, busy_wall), syncs) =
        count_syncs(server.pid(), || load(addr, &devices, 2000, each, None));
    let busy_rate = (NOTE_TAKERS * each) as f64 / busy_wall.as_secs_f64();

    // Fewer note-takers, the same number of answers.
    let few = 50;
    let few_each = NOTE_TAKERS * each / few;
    let (fifty, fifty_wall) = load(addr, &devices[..few], 4000, few_each, None);
    let fifty_rate = (few * few_each) as f64 / fifty_wall.as_secs_f64();

    let seconds = 10;
    let (paced, paced_wall) = load(addr, &devices, 3000, seconds, Some(Duration::from_secs(1)));
    // Profiled apart from the figures (perf's own sampling costs a little), and for longer, so
    // that the samples say where the time goes.
    profiled(|| load(addr, &devices, 5000, 5 * each, None));
    let paced_rate = (NOTE_TAKERS * seconds) as f64 / paced_wall.as_secs_f64();
    server.terminate();
    let raw_after = raw_fsync(&dir, 1000);

    let raw = Figures::new(
        raw_before
            .samples
            .iter()
            .chain(&raw_after.samples)
            .copied()
            .collect(),
    );
    let one_rate = one.samples.len() as f64 / one.samples.iter().sum::<Duration>().as_secs_f64();
    let syncs_per_second = 1.0 / raw.p50().as_secs_f64();
    println!("hearth serve on loopback (release build; client and server share the machine)");
    println!();
    println!("{:<58} {:>10} {:>10} {:>14}", "", "p50", "p99", "answers/s");
    println!(
        "{:<58} {:>10} {:>10} {:>14}",
        "raw: write 300 B + fdatasync, same directory (2,000)",
        us(raw.p50()),
        us(raw.p99()),
        format!("({syncs_per_second:.0} syncs/s)")
    );
    println!(
        "{:<58} {:>10} {:>10}",
        "  … before the load / after it (p50)",
        us(raw_before.p50()),
        us(raw_after.p50())
    );
    println!(
        "{:<58} {:>10} {:>10} {:>14.0}",
        "1 note-taker, one answer at a time (1,000)",
        ms(one.p50()),
        ms(one.p99()),
        one_rate
    );
    println!(
        "{:<58} {:>10} {:>10} {:>14.0}",
        format!(
            "{NOTE_TAKERS} note-takers, as fast as acknowledged ({})",
            NOTE_TAKERS * each
        ),
        ms(busy.p50()),
        ms(busy.p99()),
        busy_rate
    );
    println!(
        "{:<58} {:>10} {:>10} {:>14.0}",
        format!(
            "{few} note-takers, as fast as acknowledged ({})",
            few * few_each
        ),
        ms(fifty.p50()),
        ms(fifty.p99()),
        fifty_rate
    );
    println!(
        "{:<58} {:>10} {:>10} {:>14.0}",
        format!(
            "{NOTE_TAKERS} note-takers, one answer a second each ({})",
            NOTE_TAKERS * seconds
        ),
        ms(paced.p50()),
        ms(paced.p99()),
        paced_rate
    );
    println!();
    println!(
        "{NOTE_TAKERS} note-takers at full speed: {busy_rate:.0} answers/s = {:.1} × the \
         {syncs_per_second:.0} syncs/s the disk allows one at a time",
        busy_rate / syncs_per_second
    );
    match syncs {
        Some((fdatasync, fsync)) => println!(
            "  counted by perf during those {} answers: {fdatasync} fdatasync + {fsync} fsync \
             (snapshot compactions) = {:.1} answers per journal sync",
            NOTE_TAKERS * each,
            (NOTE_TAKERS * each) as f64 / fdatasync.max(1) as f64
        ),
        None => println!("  (perf not available: syncs not counted)"),
    }
}

fn mb(kb: Option<u64>) -> String {
    kb.map_or_else(|| "?".into(), |k| format!("{:.1} MB", k as f64 / 1024.0))
}

fn memory() {
    let dir = bench_dir("memory");
    let path = new_session(&dir);
    let server = Serve::start(&path, "127.0.0.1:0".parse().expect("addr"), CODE);
    let addr = server.addr;
    let idle = (server.status_kb("VmRSS"), server.status_kb("VmHWM"));

    let devices = join_all(addr, NOTE_TAKERS);
    let streams: Vec<Events> = devices
        .iter()
        .map(|d| Events::open(addr, "/api/events", &d.token).expect("a stream"))
        .collect();
    let open = (server.status_kb("VmRSS"), server.status_kb("VmHWM"));

    // Rounds of 10 answers from each note-taker: every stream hears its group's (about 670
    // a round), and is read to the last before the figures are taken.
    let each = 10;
    let per_group: Vec<usize> = (0..GROUPS.len())
        .map(|g| (0..NOTE_TAKERS).filter(|i| i % GROUPS.len() == g).count() * each)
        .collect();
    let mut rounds = Vec::new();
    for round in 0..3 {
        let _ = load(addr, &devices, round * each, each, None);
        for (i, stream) in streams.iter().enumerate() {
            for _ in 0..per_group[i % GROUPS.len()] {
                match stream.next(Duration::from_secs(30)) {
                    Next::Event(e) if e.name == "answer" => {}
                    other => panic!("stream {i}: expected an answer, got {other:?}"),
                }
            }
        }
        rounds.push((server.status_kb("VmRSS"), server.status_kb("VmHWM")));
    }
    drop(streams);
    server.terminate();

    println!();
    println!("hearth serve memory (VmRSS, VmHWM from /proc/PID/status)");
    println!(
        "  idle, nobody connected:                    {:>9}, {:>9}",
        mb(idle.0),
        mb(idle.1)
    );
    println!(
        "  {NOTE_TAKERS} note-takers with /api/events open:     {:>9}, {:>9}",
        mb(open.0),
        mb(open.1)
    );
    for (round, (rss, hwm)) in rounds.iter().enumerate() {
        println!(
            "  … after {:>5} answers sent to them:        {:>9}, {:>9}",
            (round + 1) * NOTE_TAKERS * each,
            mb(*rss),
            mb(*hwm)
        );
    }
    if let (Some(a), Some(b)) = (idle.0, open.0) {
        println!(
            "  per open stream: {:.1} kB",
            (b.saturating_sub(a)) as f64 / NOTE_TAKERS as f64
        );
    }
}

/// The same answers with nobody following the live stream, for comparison.
fn memory_without_streams() {
    let dir = bench_dir("memory-quiet");
    let path = new_session(&dir);
    let server = Serve::start(&path, "127.0.0.1:0".parse().expect("addr"), CODE);
    let addr = server.addr;
    let idle = (server.status_kb("VmRSS"), server.status_kb("VmHWM"));
    let devices = join_all(addr, NOTE_TAKERS);
    let each = 10;
    let _ = load(addr, &devices, 0, each, None);
    let busy = (server.status_kb("VmRSS"), server.status_kb("VmHWM"));
    server.terminate();
    println!(
        "  no streams open, idle / after {} answers:   {:>9}, {:>9} / {:>9}, {:>9}",
        NOTE_TAKERS * each,
        mb(idle.0),
        mb(idle.1),
        mb(busy.0),
        mb(busy.1)
    );
}

/// One request from each of `devices`, all at once (each on its own thread and connection,
/// started together): `make(client, device)` gives the path and JSON body; latencies of the
/// `201`s.
fn all_at_once(
    addr: SocketAddr,
    devices: &[JoinReply],
    make: impl Fn(usize, &JoinReply) -> (&'static str, Vec<u8>) + Send + Sync + 'static,
) -> Figures {
    let make = Arc::new(make);
    let start = Arc::new(Barrier::new(devices.len() + 1));
    let threads: Vec<_> = devices
        .iter()
        .cloned()
        .enumerate()
        .map(|(client, device)| {
            let (start, make) = (Arc::clone(&start), Arc::clone(&make));
            std::thread::spawn(move || {
                let mut conn = connect_as(addr, &device);
                let (path, body) = make(client, &device);
                let auth = serve::bearer(&device.token);
                start.wait();
                let t = Instant::now();
                let reply = conn
                    .send(
                        "POST",
                        path,
                        &[
                            ("Authorization", auth.as_str()),
                            ("Content-Type", "application/json"),
                        ],
                        &body,
                    )
                    .expect("a reply");
                let took = t.elapsed();
                assert_eq!(reply.status, 201, "{}", reply.text());
                took
            })
        })
        .collect();
    start.wait();
    Figures::new(
        threads
            .into_iter()
            .map(|h| h.join().expect("a phone finished"))
            .collect(),
    )
}

/// 200 phones casting 3 dots each at once, beside 200 note-takers sending one answer each at
/// once, on the same server: acknowledgement p50 / p99 of each (rounds of both, alternated).
fn votes() {
    use hearth::model::convergence::{Round, RoundKind, RoundState, VoteOn};
    use hearth::model::{Change, Draft};
    let dir = bench_dir("votes");
    let path = new_session(&dir);
    let (mut store, _) = hearth::store::SessionStore::open(&path).expect("opens");
    let mut items = Vec::new();
    for i in 0..12 {
        let c = Draft::new("round", "sick", &format!("{SAMPLE} #{i}")).into_contribution();
        items.push(c.id.clone());
        store.apply(Change::Add { contribution: c }).expect("added");
    }
    let rounds = 5;
    for r in 0..rounds {
        store
            .apply(Change::OpenRound {
                round: Round {
                    id: format!("dots-{r}"),
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
            })
            .expect("opened");
    }
    store.close().expect("closed");
    let server = Serve::start(&path, "127.0.0.1:0".parse().expect("addr"), CODE);
    let addr = server.addr;
    let devices = join_all(addr, NOTE_TAKERS);
    let items = Arc::new(items);
    let (mut ballots, mut answers) = (Vec::new(), Vec::new());
    for r in 0..rounds {
        let items = Arc::clone(&items);
        ballots.extend(
            all_at_once(addr, &devices, move |client, _| {
                let dots: Vec<&String> = (0..3).map(|k| &items[(client + k * 5) % 12]).collect();
                let body = serde_json::json!({ "round": format!("dots-{r}"), "dots": dots });
                ("/api/ballot", serde_json::to_vec(&body).expect("json"))
            })
            .samples,
        );
        answers.extend(
            all_at_once(addr, &devices, move |client, device| {
                (
                    "/api/contributions",
                    body(client, 10_000 + r, &device.group),
                )
            })
            .samples,
        );
    }
    server.terminate();
    let (ballots, answers) = (Figures::new(ballots), Figures::new(answers));
    println!();
    println!(
        "{NOTE_TAKERS} devices at once, {rounds} rounds each (acknowledged once durable)  p50 / p99"
    );
    println!(
        "  a ballot of 3 dots: {} / {}",
        ms(ballots.p50()),
        ms(ballots.p99())
    );
    println!(
        "  an answer:          {} / {}",
        ms(answers.p50()),
        ms(answers.p99())
    );
}

fn main() {
    if std::env::args().any(|a| a == "--votes") {
        votes();
        return;
    }
    if std::env::args().any(|a| a == "--latency") {
        latency_and_throughput();
        return;
    }
    latency_and_throughput();
    votes();
    memory();
    memory_without_streams();
}
