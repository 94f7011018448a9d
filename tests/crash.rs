//! Crash safety: a child process adds contributions as fast as it can and is killed with
//! SIGKILL at random moments, 200 times over the same session. Every contribution it
//! acknowledged (printed after `apply` returned) must be there, byte-identical, and the
//! session must open every time.
//!
//! What this cannot show: a killed process's writes stay in the page cache, so written but
//! unsynced lines look as durable as synced ones, and a kill never tears a line (write(2)
//! completes). Those are shown elsewhere: the order of write, sync and acknowledgement in
//! `durability_order.rs` (strace) and `store_vfs.rs` (the file-system seam, with failing syncs,
//! short writes and a full disk); torn lines in `torn_tail.rs` (the journal cut at every byte).
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
    let mut in_compaction = 0;
    let mut both_journals = 0;
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
        // A kill inside a compaction leaves a temporary snapshot; the next writer removes it.
        let temporaries = temporary_snapshots(&path);
        assert!(
            temporaries.len() <= 1,
            "round {round}: temporaries pile up: {temporaries:?}"
        );
        in_compaction += temporaries.len();
        // A kill while a fold ran on its own thread leaves changes in both journal files.
        both_journals += usize::from(
            path.with_extension("journal.next")
                .metadata()
                .is_ok_and(|m| m.len() > 0)
                && path
                    .with_extension("journal")
                    .metadata()
                    .is_ok_and(|m| m.len() > 0),
        );
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
    assert_eq!(
        temporary_snapshots(&path),
        Vec::<String>::new(),
        "the writer's open removes what a killed compaction left"
    );
    store.close().unwrap();
    assert!(
        acknowledged.len() > 200,
        "the child acknowledged only {} contributions in 200 runs",
        acknowledged.len()
    );
    eprintln!(
        "{} acknowledged contributions checked, {in_compaction} kills left a temporary snapshot, {both_journals} changes in both journal files (a fold on its own thread under way; torn tails, rare here: {torn_tails})",
        acknowledged.len()
    );
}

/// The temporary snapshots (`.NAME.json.tmp-PID`) beside a session.
fn temporary_snapshots(session: &Path) -> Vec<String> {
    let prefix = format!(".{}.tmp-", session.file_name().unwrap().to_str().unwrap());
    std::fs::read_dir(session.parent().unwrap())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with(&prefix))
        .collect()
}

const COMPACTING_ENV: &str = "HEARTH_CRASH_COMPACTING_SESSION";

/// Not a test: the compaction test's child, which adds and compacts in a loop, so that a kill
/// at a random moment most often lands inside a snapshot rewrite.
#[test]
#[ignore = "entry point of the compaction crash test's child process"]
fn compacting_child() {
    let Ok(path) = std::env::var(COMPACTING_ENV) else {
        return;
    };
    let (mut store, _) = SessionStore::open(Path::new(&path)).unwrap();
    let mut out = std::io::stdout().lock();
    for n in 0..1_000_000 {
        let c = Draft::new("pathways", "q4", &format!("answer {n}")).into_contribution();
        let id = c.id.clone();
        store.apply(Change::Add { contribution: c }).unwrap();
        use std::io::Write;
        writeln!(out, "ACK\t{id}").unwrap();
        out.flush().unwrap();
        store.compact().unwrap();
    }
}

/// SIGKILL during compaction, over and over: each kill inside a snapshot rewrite leaves a
/// temporary file, which the next writer's open removes; nothing acknowledged is lost.
#[test]
fn sigkill_during_compaction_leaves_no_temporary_behind() {
    const ROUNDS: usize = 60;
    let dir = tempfile::tempdir().unwrap();
    let path = common::new_session(dir.path());
    {
        // A large session, so each rewrite takes a while.
        let (mut store, _) = SessionStore::open(&path).unwrap();
        let big =
            Draft::new("pathways", "q4", &"a long answer ".repeat(40_000)).into_contribution();
        store.apply(Change::Add { contribution: big }).unwrap();
        store.close().unwrap();
    }
    let mut rng = Rng(0x5eed_cafe);
    let exe = std::env::current_exe().unwrap();
    let mut acknowledged = Vec::new();
    let mut in_compaction = 0;
    for round in 0..ROUNDS {
        let mut child = Command::new(&exe)
            .args([
                "--exact",
                "compacting_child",
                "--ignored",
                "--nocapture",
                "--test-threads=1",
            ])
            .env(COMPACTING_ENV, &path)
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let mut r = BufReader::new(child.stdout.take().unwrap());
        let mut line = String::new();
        // Wait for a few acknowledgements (the child is past opening, inside its
        // add-and-compact loop), then kill it: on most rounds the moment its temporary
        // snapshot appears, on the others a little later, wherever it is.
        let lines = 1 + rng.below(3);
        let mut seen = 0;
        while seen < lines && r.read_line(&mut line).unwrap_or(0) > 0 {
            if let Some(id) = line
                .strip_prefix("ACK\t")
                .and_then(|l| l.strip_suffix('\n'))
            {
                acknowledged.push(id.to_owned());
                seen += 1;
            }
            line.clear();
        }
        let own = format!(
            ".{}.tmp-{}",
            path.file_name().unwrap().to_str().unwrap(),
            child.id()
        );
        if rng.below(4) > 0 {
            while !dir.path().join(&own).exists() && child.try_wait().unwrap().is_none() {
                std::thread::yield_now();
            }
        } else {
            std::thread::sleep(Duration::from_micros(rng.below(20_000)));
        }
        child.kill().unwrap();
        child.wait().unwrap();
        // Acknowledgements printed before the kill count too.
        while r.read_line(&mut line).unwrap_or(0) > 0 {
            if let Some(id) = line
                .strip_prefix("ACK\t")
                .and_then(|l| l.strip_suffix('\n'))
            {
                acknowledged.push(id.to_owned());
            }
            line.clear();
        }
        let temporaries = temporary_snapshots(&path);
        assert!(
            temporaries.len() <= 1,
            "round {round}: temporaries pile up: {temporaries:?}"
        );
        in_compaction += temporaries.len();
    }
    assert!(
        in_compaction > 0,
        "no kill landed inside a compaction: the test proved nothing"
    );
    let (store, _) = SessionStore::open(&path).unwrap();
    assert_eq!(
        temporary_snapshots(&path),
        Vec::<String>::new(),
        "the writer's open removes what a killed compaction left"
    );
    for id in &acknowledged {
        assert!(store.session().contribution(id).is_some(), "{id} is lost");
    }
    store.close().unwrap();
    eprintln!(
        "{ROUNDS} kills, {in_compaction} inside a compaction; {} acknowledged answers kept",
        acknowledged.len()
    );
}
