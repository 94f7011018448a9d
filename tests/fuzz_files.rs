//! Fuzzing every kind of file hearth reads: a session's snapshot, its journal, its outline, its
//! drafts, the devices that joined it, a series, a plan. Each test starts from real files hearth
//! made, mutates one of them (bits flipped, bytes set, cut short, interesting bytes and numbers
//! put in, long runs, invalid UTF-8, lines dropped, doubled or spliced in from another kind of
//! file), writes it where hearth reads it, and calls the reader the commands use: none may panic,
//! none may take longer than a case's budget, and the process stays within a memory bound. An
//! outline, whatever its bytes, never stops `hearth add` nor lets it append a line the session
//! then leaves out.
//!
//! Deterministic (a seeded generator; `HEARTH_FUZZ_SEED` changes the seed) and bounded by time:
//! `HEARTH_FUZZ_SECONDS` per kind (default 2; CI runs 20). Inputs that once failed are kept in
//! `tests/fixtures/fuzz/<kind>/` and replayed first. A failing input is written to the test's
//! target folder and its path printed.

mod common;
mod fuzz;

use fuzz::{Rng, mutate};

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::mpsc;
use std::time::{Duration, Instant};

use hearth::model::series::Series;
use hearth::model::{Change, Draft, Unsaved};
use hearth::store::{Appending, SessionStore, create_series, load_scenario, read_session};

/// How long one case may take before it counts as a hang (debug build, 2 cores, busy).
const CASE_BUDGET: Duration = Duration::from_secs(20);
/// The peak resident memory the whole test process may reach.
const MEMORY_BOUND_BYTES: u64 = 1536 * 1024 * 1024;

/// The files every case starts from, made by hearth itself, in one folder.
struct Seeds {
    dir: PathBuf,
    session: PathBuf,
    series: PathBuf,
    plan: PathBuf,
    devices: PathBuf,
    files: Vec<(PathBuf, Vec<u8>)>,
}

impl Seeds {
    fn make(dir: &Path) -> Seeds {
        let session = common::new_session(dir);
        let (mut store, _) = SessionStore::open(&session).unwrap();
        let answer = |slot: &str, text: &str, group: &str| {
            Draft::new("pathways", slot, text)
                .group(Some(group.to_owned()))
                .into_contribution()
        };
        let first = answer("q4", "first 🚀 answer", "Table 1");
        let first_id = first.id.clone();
        store
            .apply_all(vec![
                Change::Add {
                    contribution: first,
                },
                Change::AddGroup {
                    name: "Room 2".into(),
                },
                Change::SetAttribution { on: true },
            ])
            .unwrap();
        store.compact().unwrap();
        let mut second = answer("q4", "second 夢\nline", "Room 2");
        second.author = Some("Sam".into());
        let second_id = second.id.clone();
        store
            .apply_all(vec![
                Change::Add {
                    contribution: second,
                },
                Change::Edit {
                    id: first_id.clone(),
                    text: "first, edited".into(),
                    fields: Default::default(),
                    at: jiff::Timestamp::now(),
                },
                Change::SetStarred {
                    id: second_id.clone(),
                    starred: true,
                },
                Change::SetHidden {
                    id: first_id,
                    hidden: true,
                },
            ])
            .unwrap();
        store.close().unwrap(); // the journal stays; the outline is written
        // Drafts as the terminal app leaves them: text in the box, and one waiting elsewhere.
        let unsaved = Unsaved {
            group: Some("Table 1".into()),
            entry: hearth::model::unsaved::UnsavedEntry {
                exercise: "pathways".into(),
                slot: "q4".into(),
                text: "typed, not saved".into(),
                editing: Some(second_id),
                ..Default::default()
            },
            parked: vec![hearth::model::unsaved::UnsavedEntry {
                exercise: "triangle".into(),
                slot: "pull".into(),
                text: "parked".into(),
                fields: BTreeMap::from([("elaboration".into(), "more".into())]),
                ..Default::default()
            }],
        };
        hearth::store::drafts::write_unsaved(&session, &unsaved).unwrap();
        // The devices that joined, in the format `hearth serve` writes.
        let devices = hearth::net::devices::devices_path(&session);
        std::fs::write(
            &devices,
            concat!(
                "{\n  \"format\": \"hearth-devices/1\",\n  \"devices\": [\n",
                "    {\n      \"id\": \"d-0123456789abcdef\",\n      \"secret\": \"s-0123456789abcdef0123456789abcdef\",\n",
                "      \"group\": \"Table 1\",\n      \"name\": \"Sam's phone\",\n",
                "      \"joined\": \"2026-11-22T10:00:00Z\",\n      \"revoked\": false\n    }\n  ]\n}\n"
            ),
        )
        .unwrap();
        // A series of this session and one more, and a bundled plan.
        let series = create_series(dir, &Series::new("Fuzz series", "Two sessions.")).unwrap();
        hearth::store::add_session(&series, &session).unwrap();
        let plan = dir.join("plan.json");
        std::fs::copy(
            Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios/peer-support-futures.json"),
            &plan,
        )
        .unwrap();
        let mut files = Vec::new();
        for entry in std::fs::read_dir(dir).unwrap().flatten() {
            if entry.file_type().unwrap().is_file() {
                files.push((entry.path(), std::fs::read(entry.path()).unwrap()));
            }
        }
        files.sort();
        let seeds = Seeds {
            dir: dir.to_owned(),
            session,
            series,
            plan,
            devices,
            files,
        };
        // Every seed reads cleanly: the mutants start from files hearth accepts.
        let (s, report) = read_session(&seeds.session).unwrap();
        assert_eq!(s.contributions().len(), 2);
        assert!(report.rejected.is_empty() && report.replayed == 4);
        assert_eq!(
            hearth::net::devices::count_devices(&seeds.devices).unwrap(),
            1
        );
        hearth::store::load_series(&seeds.series).unwrap();
        load_scenario(&seeds.plan).unwrap();
        let (drafts, notice) = hearth::store::drafts::read_or_set_aside::<Unsaved>(&seeds.session);
        assert_eq!(drafts, Some(unsaved));
        assert!(notice.is_none());
        let (a, _) = Appending::open(&seeds.session).unwrap();
        assert!(
            matches!(a, Appending::Outline(_)),
            "the outline seed is current"
        );
        drop(a);
        seeds
    }

    /// Puts the folder back as the seeds left it: every other file removed.
    fn reset(&self) {
        for entry in std::fs::read_dir(&self.dir).unwrap().flatten() {
            let path = entry.path();
            if entry.file_type().is_ok_and(|t| t.is_dir()) {
                let _ = std::fs::remove_dir_all(&path);
            } else {
                let _ = std::fs::remove_file(&path);
            }
        }
        for (path, bytes) in &self.files {
            std::fs::write(path, bytes).unwrap();
        }
    }

    fn seed_of(&self, path: &Path) -> &[u8] {
        &self.files.iter().find(|(p, _)| p == path).unwrap().1
    }
}

/// A kind of file: where it is, and what reads it.
struct Kind {
    name: &'static str,
    file: fn(&Seeds) -> PathBuf,
    read: fn(&Seeds),
}

/// What the commands that read a session do: read it (show, export, validate), export it, open
/// it for writing (the terminal app, serve, edit) and add to it.
fn read_whole_session(seeds: &Seeds) {
    if let Ok((session, report)) = read_session(&seeds.session) {
        let _ = report.notices(&seeds.session.with_extension("journal"));
        let options = hearth::export::Options {
            include_hidden: true,
            ..Default::default()
        };
        for format in [
            hearth::export::Format::Markdown,
            hearth::export::Format::Json,
        ] {
            let _ = hearth::export::export(&session, format, &options);
        }
    }
    if let Ok((store, report)) = SessionStore::open(&seeds.session) {
        let _ = report.notices(&store.paths().journal);
        let _ = store.close();
    }
    // `hearth add`, then whatever it saved read back.
    if let Ok((mut a, _)) = Appending::open(&seeds.session) {
        let c = Draft::new("pathways", "q4", "added")
            .group(Some("Table 1".into()))
            .into_contribution();
        if a.apply_all(vec![Change::Add { contribution: c }]).is_ok() {
            let _ = a.close();
        }
    }
    let _ = read_session(&seeds.session);
}

/// `hearth add`, from the outline: whatever the outline's bytes, the add is saved, and the whole
/// session then holds it with nothing left out.
fn add_from_outline(seeds: &Seeds) {
    let c = Draft::new("pathways", "q4", "added")
        .group(Some("Room 2".into()))
        .into_contribution();
    let id = c.id.clone();
    let (mut a, _) = Appending::open(&seeds.session).expect("a broken outline never stops an add");
    a.apply_all(vec![Change::Add { contribution: c }])
        .expect("the add is checked against the session, not a broken outline");
    a.close().unwrap();
    let (session, report) = read_session(&seeds.session).unwrap();
    assert!(session.contribution(&id).is_some());
    assert!(
        report.rejected.is_empty() && report.gaps.is_empty(),
        "{:?} {:?}",
        report.rejected,
        report.gaps
    );
}

const KINDS: &[Kind] = &[
    Kind {
        name: "snapshot",
        file: |s| s.session.clone(),
        read: read_whole_session,
    },
    Kind {
        name: "journal",
        file: |s| s.session.with_extension("journal"),
        read: read_whole_session,
    },
    Kind {
        name: "outline",
        file: |s| hearth::store::outline_path(&s.session),
        read: add_from_outline,
    },
    Kind {
        name: "drafts",
        file: |s| hearth::store::drafts::drafts_path(&s.session),
        read: |s| {
            let _ = hearth::store::drafts::read_unsaved::<Unsaved>(&s.session);
            let _ = hearth::store::drafts::read_or_set_aside::<Unsaved>(&s.session);
        },
    },
    Kind {
        name: "devices",
        file: |s| s.devices.clone(),
        read: |s| {
            let _ = hearth::net::devices::count_devices(&s.devices);
        },
    },
    Kind {
        name: "series",
        file: |s| s.series.clone(),
        read: |s| {
            let _ = hearth::store::series::series_files(&s.dir);
            if let Ok(series) = hearth::store::load_series(&s.series) {
                let sessions: Vec<_> = series
                    .sessions
                    .iter()
                    .filter_map(|e| {
                        read_session(&hearth::store::series::session_file(&s.series, &e.file))
                            .ok()
                            .map(|(s, _)| s)
                    })
                    .collect();
                let _ = hearth::export::export_series(
                    &series,
                    &sessions,
                    hearth::export::Format::Markdown,
                    &Default::default(),
                );
            }
        },
    },
    Kind {
        name: "plan",
        file: |s| s.plan.clone(),
        read: |s| {
            if let Ok(plan) = load_scenario(&s.plan) {
                let groups = plan.suggested_groups.clone();
                let session = hearth::model::Session::new(plan, "Fuzzed".into(), None, groups);
                let _ = hearth::export::export(
                    &session,
                    hearth::export::Format::Markdown,
                    &Default::default(),
                );
            }
            let _ = hearth::store::plans::plans(&s.dir);
        },
    },
];

fn budget() -> Duration {
    let seconds = std::env::var("HEARTH_FUZZ_SECONDS")
        .ok()
        .and_then(|s| s.parse::<f64>().ok())
        .unwrap_or(2.0);
    Duration::from_secs_f64(seconds.max(0.0))
}

fn peak_memory() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kb: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb * 1024)
}

/// The inputs that once failed, replayed before any new one.
fn regressions(kind: &str) -> Vec<(PathBuf, Vec<u8>)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/fuzz")
        .join(kind);
    let mut out: Vec<_> = std::fs::read_dir(dir)
        .into_iter()
        .flatten()
        .flatten()
        .map(|e| (e.path(), std::fs::read(e.path()).unwrap()))
        .collect();
    out.sort();
    out
}

enum Outcome {
    Done,
    Panicked(String),
}

/// Runs every case of `kind` on a thread of its own, each within [`CASE_BUDGET`].
fn fuzz(kind_name: &str) {
    let kind = KINDS.iter().find(|k| k.name == kind_name).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let seeds = Arc::new(Seeds::make(dir.path()));
    let target = (kind.file)(&seeds);
    let seed_bytes = seeds.seed_of(&target).to_vec();
    let donors: Vec<Vec<u8>> = seeds.files.iter().map(|(_, b)| b.clone()).collect();
    let seed = std::env::var("HEARTH_FUZZ_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(0x6865_6172_7468);
    let mut rng = Rng(seed
        ^ kind_name
            .bytes()
            .fold(0u64, |h, b| h.wrapping_mul(31) ^ u64::from(b)));

    let (cases_tx, cases_rx) = mpsc::channel::<Vec<u8>>();
    let (done_tx, done_rx) = mpsc::channel::<Outcome>();
    let worker = {
        let seeds = Arc::clone(&seeds);
        let target = target.clone();
        let read = kind.read;
        std::thread::spawn(move || {
            for input in cases_rx {
                seeds.reset();
                std::fs::write(&target, &input).unwrap();
                let outcome =
                    std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| read(&seeds)));
                let outcome = match outcome {
                    Ok(()) => Outcome::Done,
                    Err(e) => Outcome::Panicked(
                        e.downcast_ref::<String>()
                            .cloned()
                            .or_else(|| e.downcast_ref::<&str>().map(|s| (*s).to_owned()))
                            .unwrap_or_default(),
                    ),
                };
                if done_tx.send(outcome).is_err() {
                    return;
                }
            }
        })
    };
    let keep = |input: &[u8], n: usize| {
        let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("fuzz-failures");
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join(format!("{kind_name}-{seed}-{n}.bin"));
        std::fs::write(&path, input).unwrap();
        path
    };
    let run = |input: Vec<u8>, n: usize, from: &str| {
        cases_tx.send(input.clone()).unwrap();
        match done_rx.recv_timeout(CASE_BUDGET) {
            Ok(Outcome::Done) => {}
            Ok(Outcome::Panicked(message)) => {
                panic!(
                    "{kind_name}: case {n} ({from}) panicked: {message}; input kept in {}",
                    keep(&input, n).display()
                )
            }
            Err(_) => panic!(
                "{kind_name}: case {n} ({from}) took longer than {CASE_BUDGET:?}; input kept in {}",
                keep(&input, n).display()
            ),
        }
    };

    let started = Instant::now();
    let mut cases = 0;
    run(seed_bytes.clone(), cases, "the seed");
    cases += 1;
    for (path, input) in regressions(kind_name) {
        run(input, cases, &path.display().to_string());
        cases += 1;
    }
    let limit = budget();
    while started.elapsed() < limit {
        let input = mutate(&mut rng, &seed_bytes, &donors);
        run(input, cases, "a mutant");
        cases += 1;
    }
    drop(cases_tx);
    worker.join().unwrap();
    let peak = peak_memory();
    println!(
        "fuzz {kind_name}: {cases} cases in {:.1} s (seed {seed}), peak memory {} MiB",
        started.elapsed().as_secs_f64(),
        peak.map_or("?".to_owned(), |p| (p / 1024 / 1024).to_string())
    );
    if let Some(peak) = peak {
        assert!(
            peak < MEMORY_BOUND_BYTES,
            "{kind_name}: the process reached {peak} bytes"
        );
    }
}

#[test]
fn fuzz_snapshot() {
    fuzz("snapshot");
}

#[test]
fn fuzz_journal() {
    fuzz("journal");
}

#[test]
fn fuzz_outline() {
    fuzz("outline");
}

#[test]
fn fuzz_drafts() {
    fuzz("drafts");
}

#[test]
fn fuzz_devices() {
    fuzz("devices");
}

#[test]
fn fuzz_series() {
    fuzz("series");
}

#[test]
fn fuzz_plan() {
    fuzz("plan");
}
