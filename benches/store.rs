//! Session store benchmarks: durable add on small and large sessions beside the raw cost of an
//! append + fdatasync on the same disk, `hearth add` end to end (the release binary, spawned),
//! and opening a 100,000-contribution session.
//!
//! Run with `cargo bench --bench store`. Files go under `target/bench-store/` (same disk as the
//! project, unlike a tmpfs /tmp).

use std::fs::OpenOptions;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use hearth::model::{Change, Draft, Session};
use hearth::store::{Appending, SessionStore, create_session, load_scenario, read_session};

#[path = "support/peak_alloc.rs"]
mod peak_alloc;

#[global_allocator]
static GLOBAL: peak_alloc::PeakAlloc = peak_alloc::PeakAlloc;

const SAMPLE: &str =
    "Peer support volunteer --> street outreach worker --> housing stability worker 🚀 夢";

fn bench_dir(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("target/bench-store")
        .join(name);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// A session of the dreaming-together plan with `n` contributions in its snapshot and
/// `journal` more in its journal.
fn make_session(name: &str, n: usize, journal: usize) -> PathBuf {
    let dir = bench_dir(name);
    let scenario = load_scenario(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios/dreaming-together.json"),
    )
    .unwrap();
    let groups = scenario.suggested_groups.clone();
    let mut session = Session::new(scenario, "Benchmark".into(), None, groups.clone());
    let slots = ["q1", "q4", "q5", "q6"];
    for i in 0..n {
        let c = Draft::new("pathways", slots[i % 4], &format!("{SAMPLE} #{i}"))
            .group(Some(groups[i % groups.len()].clone()));
        session
            .apply(&Change::Add {
                contribution: c.into_contribution(),
            })
            .unwrap();
    }
    let path = create_session(&dir, &session).unwrap();
    if journal > 0 {
        let (mut store, _) = SessionStore::open(&path).unwrap();
        store.set_compact_min_bytes(u64::MAX);
        for i in 0..journal {
            let c =
                Draft::new("pathways", "q4", &format!("{SAMPLE} journal #{i}")).into_contribution();
            store.apply(Change::Add { contribution: c }).unwrap();
        }
        // Dropped without close: the records stay in the journal, to be replayed.
    }
    path
}

#[divan::bench(args = [10, 10_000, 100_000], sample_count = 200, sample_size = 1)]
fn durable_add(bencher: divan::Bencher, n: usize) {
    let path = make_session(&format!("add-{n}"), n, 0);
    let (mut store, _) = SessionStore::open(&path).unwrap();
    // Measure the append itself; compaction is a separate, amortised cost.
    store.set_compact_min_bytes(u64::MAX);
    bencher.bench_local(|| {
        let c = Draft::new("pathways", "q4", SAMPLE)
            .group(Some("Table 1".into()))
            .into_contribution();
        store.apply(Change::Add { contribution: c }).unwrap();
    });
}

/// The floor: append ~150 bytes to a file and fdatasync it, on the same disk.
#[divan::bench(sample_count = 200, sample_size = 1)]
fn raw_append_150_bytes_and_fdatasync(bencher: divan::Bencher) {
    let dir = bench_dir("raw");
    let mut f = OpenOptions::new()
        .create(true)
        .append(true)
        .open(dir.join("raw.log"))
        .unwrap();
    let line = [b'x'; 149];
    bencher.bench_local(|| {
        f.write_all(&line).unwrap();
        f.write_all(b"\n").unwrap();
        f.sync_data().unwrap();
    });
}

#[divan::bench(sample_count = 10, sample_size = 1)]
fn open_100k_contributions(bencher: divan::Bencher) {
    let path = make_session("open-100k", 99_000, 1_000);
    bencher.bench_local(|| read_session(&path).unwrap());
}

/// `hearth add` as a person or a script runs it: the release binary, spawned, on a session
/// of `n` contributions (and its journal, one line per add so far).
fn spawn_add(path: &Path) {
    let out = Command::new(env!("CARGO_BIN_EXE_hearth"))
        .args([
            "add",
            path.to_str().unwrap(),
            "--exercise",
            "pathways",
            "--slot",
            "q4",
        ])
        .args(["--group", "Table 1", "--text", SAMPLE])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        out.stderr.is_empty(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[divan::bench(args = [10, 10_000, 100_000], sample_count = 40, sample_size = 1)]
fn cli_add_spawned(bencher: divan::Bencher, n: usize) {
    let path = make_session(&format!("cli-add-{n}"), n, 0);
    bencher.bench_local(|| spawn_add(&path));
}

/// What `hearth add` does once running (src/cli/add.rs): open for adding (lock, read the
/// outline and the journal written since it — or, the first time, the whole session), append +
/// sync one line, close (write the outline).
fn store_add(path: &Path) -> (Duration, Duration, Duration) {
    let t = Instant::now();
    let (mut store, _) = Appending::open(path).unwrap();
    let opened = t.elapsed();
    let c = Draft::new("pathways", "q4", SAMPLE)
        .group(Some("Table 1".into()))
        .into_contribution();
    let t = Instant::now();
    store
        .apply_all(vec![Change::Add { contribution: c }])
        .unwrap();
    let appended = t.elapsed();
    let t = Instant::now();
    store.close().unwrap();
    (opened, appended, t.elapsed())
}

#[divan::bench(args = [10, 10_000, 100_000], sample_count = 40, sample_size = 1)]
fn cli_add_in_process(bencher: divan::Bencher, n: usize) {
    let path = make_session(&format!("cli-add-in-process-{n}"), n, 0);
    bencher.bench_local(|| store_add(&path));
}

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v[v.len() / 2]
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1e3
}

/// `hearth add` end to end, its parts, process start-up (`hearth --version`) and the raw
/// append + fdatasync, measured in alternation so that all see the same disk weather; prints
/// the medians. Then what closing cost before adds stopped rewriting the snapshot: one
/// compaction of the same session.
fn paired_cli(n: usize, rounds: usize) {
    let path = make_session(&format!("paired-cli-{n}"), n, 0);
    let mut raw = OpenOptions::new()
        .create(true)
        .append(true)
        .open(path.with_extension("raw"))
        .unwrap();
    let line = [b'x'; 149];
    let (mut spawned, mut start, mut raws) = (Vec::new(), Vec::new(), Vec::new());
    let (mut opens, mut appends, mut closes, mut totals) =
        (Vec::new(), Vec::new(), Vec::new(), Vec::new());
    let snapshot = std::fs::read(&path).unwrap();
    for _ in 0..rounds {
        let t = Instant::now();
        spawn_add(&path);
        spawned.push(t.elapsed());
        let t = Instant::now();
        let out = Command::new(env!("CARGO_BIN_EXE_hearth"))
            .arg("--version")
            .output()
            .unwrap();
        assert!(out.status.success());
        start.push(t.elapsed());
        let t = Instant::now();
        let (o, a, c) = store_add(&path);
        totals.push(t.elapsed());
        opens.push(o);
        appends.push(a);
        closes.push(c);
        let t = Instant::now();
        raw.write_all(&line).unwrap();
        raw.write_all(b"\n").unwrap();
        raw.sync_data().unwrap();
        raws.push(t.elapsed());
    }
    assert_eq!(
        std::fs::read(&path).unwrap(),
        snapshot,
        "no add rewrote the snapshot"
    );
    let raw = median(raws);
    let spawned = median(spawned);
    let appended = median(appends);
    println!(
        "hearth add, session of {n} ({rounds} alternating rounds, medians): spawned {:.2} ms \
         (= {:.1} × raw); process start (`--version`) {:.2} ms; in process {:.2} ms (= {:.2} × raw) \
         = open {:.2} + append {:.3} (= {:.2} × raw) + close {:.3}; raw append + fdatasync {:.3} ms",
        ms(spawned),
        spawned.as_secs_f64() / raw.as_secs_f64(),
        ms(median(start)),
        ms(median(totals.clone())),
        median(totals).as_secs_f64() / raw.as_secs_f64(),
        ms(median(opens)),
        ms(appended),
        appended.as_secs_f64() / raw.as_secs_f64(),
        ms(median(closes)),
        ms(raw),
    );
    let (mut store, _) = SessionStore::open(&path).unwrap();
    let t = Instant::now();
    store.compact().unwrap();
    println!(
        "  one compaction of that session (what every add's close used to cost): {:.1} ms",
        ms(t.elapsed())
    );
}

/// Durable add and the raw append + fdatasync, measured in alternation on the same disk so both
/// see the same disk weather; prints the medians and their ratio.
fn paired(n: usize) {
    let path = make_session(&format!("paired-{n}"), n, 0);
    let (mut store, _) = SessionStore::open(&path).unwrap();
    store.set_compact_min_bytes(u64::MAX);
    let mut raw = OpenOptions::new()
        .create(true)
        .append(true)
        .open(path.with_extension("raw"))
        .unwrap();
    let line = [b'x'; 149];
    let (mut adds, mut raws) = (Vec::new(), Vec::new());
    for _ in 0..400 {
        let c = Draft::new("pathways", "q4", SAMPLE)
            .group(Some("Table 1".into()))
            .into_contribution();
        let t = std::time::Instant::now();
        store.apply(Change::Add { contribution: c }).unwrap();
        adds.push(t.elapsed());
        let t = std::time::Instant::now();
        raw.write_all(&line).unwrap();
        raw.write_all(b"\n").unwrap();
        raw.sync_data().unwrap();
        raws.push(t.elapsed());
    }
    adds.sort();
    raws.sort();
    let (a, r) = (adds[adds.len() / 2], raws[raws.len() / 2]);
    println!(
        "paired, session of {n}: durable add median {:.0} µs, raw append + fdatasync median {:.0} µs, ratio {:.2}",
        a.as_secs_f64() * 1e6,
        r.as_secs_f64() * 1e6,
        a.as_secs_f64() / r.as_secs_f64()
    );
}

fn main() {
    if std::env::args().any(|a| a == "--paired-cli") {
        for n in [10, 10_000, 100_000] {
            paired_cli(n, 40);
        }
        return;
    }
    for n in [10, 10_000, 100_000] {
        paired(n);
    }
    for n in [10, 10_000, 100_000] {
        paired_cli(n, 40);
    }
    // One measured open, for the memory figure.
    let path = make_session("open-memory", 99_000, 1_000);
    let before = peak_alloc::live();
    peak_alloc::reset_peak();
    let (session, _) = read_session(&path).unwrap();
    let peak = peak_alloc::peak() - before;
    let kept = peak_alloc::live() - before;
    let size = std::fs::metadata(&path).unwrap().len();
    println!(
        "open 100,000 contributions ({} MB snapshot + 1,000 journal records): peak heap {:.1} MB, session in memory {:.1} MB",
        size as f64 / 1e6,
        peak as f64 / 1e6,
        kept as f64 / 1e6
    );
    assert_eq!(session.contributions().len(), 100_000);
    drop(session);
    divan::main();
}
