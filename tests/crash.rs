//! Crash safety: a child process adds contributions as fast as it can and is killed with
//! SIGKILL at random moments, 200 times over the same session. Every contribution it
//! acknowledged (printed after `apply` returned) must be there, byte-identical, and the
//! session must open every time.
//!
//! The child is this test binary itself, started on the ignored `writer_child` entry point.

mod common;

use std::collections::HashMap;
use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use hearth::model::{Change, Draft};
use hearth::store::{SessionStore, read_session};

const SESSION_ENV: &str = "HEARTH_CRASH_CHILD_SESSION";
const SEED_ENV: &str = "HEARTH_CRASH_CHILD_SEED";

/// A small deterministic generator (xorshift), so a failing run can be replayed from its seed.
struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
}

const PIECES: &[&str] = &[
    "peer",
    " ",
    "🚀",
    "夢",
    "مرحبا",
    "שלום",
    "e\u{301}",
    "\u{a0}",
    "\t",
    "\n",
    "|",
    "<b>",
    "&",
    "-->",
    "\"",
];

fn text_for(rng: &mut Rng) -> String {
    let n = 1 + rng.below(12);
    let mut s = String::from("t");
    for _ in 0..n {
        s.push_str(PIECES[rng.below(PIECES.len() as u64) as usize]);
    }
    s
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn unhex(s: &str) -> Option<Vec<u8>> {
    (0..s.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(s.get(i..i + 2)?, 16).ok())
        .collect()
}

/// Not a test: the child process's body. Run only by `sigkill_at_random_moments_loses_nothing_acknowledged`.
#[test]
#[ignore = "entry point of the crash test's child process"]
fn writer_child() {
    let Ok(path) = std::env::var(SESSION_ENV) else {
        return;
    };
    let seed: u64 = std::env::var(SEED_ENV).unwrap().parse().unwrap();
    let mut rng = Rng(seed | 1);
    let (mut store, _) = SessionStore::open(Path::new(&path)).unwrap();
    // Small, so kills also land inside compactions.
    store.set_compact_min_bytes(8 * 1024);
    let groups = store.session().groups.clone();
    let mut out = std::io::stdout().lock();
    for _ in 0..1_000_000 {
        let text = text_for(&mut rng);
        let group = groups
            .get(rng.below(groups.len() as u64 + 1) as usize)
            .cloned();
        let c = Draft::new("pathways", "q4", &text)
            .group(group)
            .into_contribution();
        let id = c.id.clone();
        store.apply(Change::Add { contribution: c }).unwrap();
        use std::io::Write;
        writeln!(out, "ACK\t{id}\t{}", hex(text.as_bytes())).unwrap();
        out.flush().unwrap();
    }
}

#[test]
fn sigkill_at_random_moments_loses_nothing_acknowledged() {
    let dir = tempfile::tempdir().unwrap();
    let path = common::new_session(dir.path());
    let seed = std::env::var("HEARTH_CRASH_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| {
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .unwrap()
                .as_nanos() as u64
        });
    eprintln!("crash test seed: {seed} (set HEARTH_CRASH_SEED to replay)");
    let mut rng = Rng(seed | 1);
    let mut acknowledged: HashMap<String, Vec<u8>> = HashMap::new();
    let mut torn_tails = 0;
    let exe = std::env::current_exe().unwrap();
    for round in 0..200 {
        let mut child = Command::new(&exe)
            .args([
                "--exact",
                "writer_child",
                "--ignored",
                "--nocapture",
                "--test-threads=1",
            ])
            .env(SESSION_ENV, &path)
            .env(SEED_ENV, rng.next().to_string())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let stdout = child.stdout.take().unwrap();
        let reader = std::thread::spawn(move || {
            let mut lines = Vec::new();
            let mut r = BufReader::new(stdout);
            let mut line = String::new();
            while r.read_line(&mut line).unwrap_or(0) > 0 {
                // Only a complete line was acknowledged; a partial one was cut by the kill.
                if line.ends_with('\n') {
                    lines.push(line.trim_end_matches('\n').to_owned());
                }
                line.clear();
            }
            lines
        });
        // Kill anywhere from start-up (opening, replaying, repairing) to mid-stream.
        let wait = Duration::from_micros(rng.below(60_000));
        let started = Instant::now();
        while started.elapsed() < wait {
            std::thread::sleep(Duration::from_micros(500));
        }
        child.kill().unwrap(); // SIGKILL on Unix
        child.wait().unwrap();
        for line in reader.join().unwrap() {
            // The test harness prints its own lines too; acknowledgements are marked.
            let Some(ack) = line.strip_prefix("ACK\t") else {
                continue;
            };
            let (id, text) = ack
                .split_once('\t')
                .expect("acknowledgements are ACK<TAB>id<TAB>hex");
            acknowledged.insert(id.to_owned(), unhex(text).expect("hex text"));
        }
        let (session, report) = read_session(&path)
            .unwrap_or_else(|e| panic!("round {round}: the session does not open: {e}"));
        torn_tails += usize::from(report.torn.is_some());
        for (id, text) in &acknowledged {
            let c = session.contribution(id).unwrap_or_else(|| {
                panic!("round {round}: acknowledged {id} is lost (seed {seed})")
            });
            assert_eq!(
                c.text.as_bytes(),
                &text[..],
                "round {round}: {id} changed (seed {seed})"
            );
        }
    }
    // The writer open repairs whatever the last kill left, and keeps everything.
    let (store, _) = SessionStore::open(&path).unwrap();
    for id in acknowledged.keys() {
        assert!(store.session().contribution(id).is_some());
    }
    store.close().unwrap();
    assert!(
        acknowledged.len() > 200,
        "the child acknowledged only {} contributions in 200 runs",
        acknowledged.len()
    );
    eprintln!(
        "{} acknowledged contributions checked, {torn_tails} torn tails seen",
        acknowledged.len()
    );
}
