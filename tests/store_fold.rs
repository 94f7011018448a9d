//! Folding a long journal into the snapshot on another thread, through the store's file-system
//! seam: changes go on being appended and acknowledged while the snapshot rewrite is held, and a
//! crash at any step of a fold (the journal full, its partner taking changes, the snapshot
//! replaced, the folded file emptied) loses nothing that was acknowledged.

mod common;

use std::collections::HashSet;
use std::fs::File;
use std::io;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc;
use std::sync::{Arc, Condvar, Mutex};
use std::time::Duration;

use hearth::model::{Change, Draft};
use hearth::store::vfs::{RealVfs, Vfs};
use hearth::store::{SessionStore, read_session};

fn add(text: &str) -> (String, Change) {
    let c = Draft::new("pathways", "q4", text).into_contribution();
    (c.id.clone(), Change::Add { contribution: c })
}

/// A snapshot rewrite that waits, once armed, until the test lets it go.
#[derive(Debug, Default)]
struct Gate {
    held: Mutex<bool>,
    opened: Condvar,
    entered: Mutex<Option<mpsc::Sender<String>>>,
}

#[derive(Debug, Clone)]
struct HeldSnapshot(Arc<Gate>);

impl Vfs for HeldSnapshot {
    fn replace(&self, snapshot: &Path, bytes: &[u8]) -> hearth::store::Result<()> {
        let mut held = self.0.held.lock().unwrap();
        if *held {
            if let Some(tell) = self.0.entered.lock().unwrap().take() {
                let name = std::thread::current().name().unwrap_or("").to_owned();
                let _ = tell.send(name);
            }
            while *held {
                held = self.0.opened.wait(held).unwrap();
            }
        }
        drop(held);
        RealVfs.replace(snapshot, bytes)
    }
}

#[test]
fn changes_are_acknowledged_while_the_fold_they_called_for_is_held() {
    let dir = tempfile::tempdir().unwrap();
    let path = common::new_session(dir.path());
    let gate = Arc::new(Gate::default());
    let (mut store, _) =
        SessionStore::open_with(&path, Arc::new(HeldSnapshot(Arc::clone(&gate)))).unwrap();
    store.set_compact_min_bytes(4 * 1024);
    store.set_compact_min_records(20);
    let snapshot_before = std::fs::read(&path).unwrap();
    let (entered, inside) = mpsc::channel();
    *gate.entered.lock().unwrap() = Some(entered);
    *gate.held.lock().unwrap() = true;

    // The writer runs on its own thread, so that a change waiting for the rewrite would show
    // as a missing acknowledgement, not as a hung test.
    let (acks, acked) = mpsc::channel();
    let (go_on, more) = mpsc::channel::<usize>();
    let writer = std::thread::spawn(move || {
        let mut ids = Vec::new();
        while let Ok(n) = more.recv() {
            for i in 0..n {
                let (id, change) = add(&format!("answer {} {}", ids.len(), "x".repeat(i % 7)));
                store.apply(change).unwrap();
                ids.push(id);
                let _ = acks.send(ids.len());
            }
        }
        (store, ids)
    });
    // Enough changes to cross the limit: the fold starts, and its rewrite is held.
    go_on.send(30).unwrap();
    let thread = inside
        .recv_timeout(Duration::from_secs(30))
        .expect("a fold began the snapshot rewrite");
    assert_eq!(
        thread, "hearth-fold",
        "the rewrite runs off the writer's thread"
    );
    let mut seen = 0;
    while seen < 30 {
        seen = acked
            .recv_timeout(Duration::from_secs(30))
            .expect("the changes before the fold are acknowledged");
    }
    // More changes while the rewrite is still held: each is acknowledged.
    go_on.send(25).unwrap();
    while seen < 55 {
        seen = acked
            .recv_timeout(Duration::from_secs(30))
            .expect("a change waited for the held snapshot rewrite");
    }
    assert_eq!(
        std::fs::read(&path).unwrap(),
        snapshot_before,
        "not yet rewritten"
    );
    // A reader meanwhile finds every acknowledged change (snapshot + both journal files).
    let (during, _) = read_session(&path).unwrap();
    assert_eq!(during.contributions().len(), 55);

    *gate.held.lock().unwrap() = false;
    gate.opened.notify_all();
    drop(go_on);
    let (mut store, ids) = writer.join().unwrap();
    store.wait_for_fold();
    assert_ne!(std::fs::read(&path).unwrap(), snapshot_before, "rewritten");
    drop(store);
    let (after, report) = read_session(&path).unwrap();
    let found: HashSet<&str> = after
        .contributions()
        .iter()
        .map(|c| c.id.as_str())
        .collect();
    assert!(ids.iter().all(|id| found.contains(id.as_str())));
    assert!(report.rejected.is_empty() && report.gaps.is_empty());
}

/// A file system that, under one lock, copies the session's folder before and after each
/// durability step: every copy is a state a crash at that moment could leave. With it, the
/// number of changes acknowledged so far.
#[derive(Debug)]
struct Capturing {
    dir: PathBuf,
    into: PathBuf,
    lock: Mutex<usize>,
    acked: AtomicUsize,
    states: Mutex<Vec<(PathBuf, usize, String)>>,
    fold_threads: AtomicUsize,
}

impl Capturing {
    fn capture(&self, n: &mut usize, step: &str) {
        *n += 1;
        let to = self.into.join(format!("{n:05}"));
        std::fs::create_dir_all(&to).unwrap();
        let acked = self.acked.load(Ordering::SeqCst);
        for entry in std::fs::read_dir(&self.dir).unwrap().flatten() {
            if entry.file_type().unwrap().is_file() {
                std::fs::copy(entry.path(), to.join(entry.file_name())).unwrap();
            }
        }
        self.states
            .lock()
            .unwrap()
            .push((to, acked, step.to_owned()));
    }
    fn around<T>(&self, step: &str, f: impl FnOnce() -> T) -> T {
        let mut n = self.lock.lock().unwrap();
        if std::thread::current().name() == Some("hearth-fold") {
            self.fold_threads.fetch_add(1, Ordering::SeqCst);
        }
        self.capture(&mut n, &format!("before {step}"));
        let out = f();
        self.capture(&mut n, &format!("after {step}"));
        out
    }
}

#[derive(Debug, Clone)]
struct Crashes(Arc<Capturing>);

impl Vfs for Crashes {
    fn append(&self, journal: &mut File, bytes: &[u8]) -> io::Result<()> {
        self.0.around("append", || RealVfs.append(journal, bytes))
    }
    fn sync(&self, journal: &File) -> io::Result<()> {
        self.0.around("sync", || RealVfs.sync(journal))
    }
    fn truncate(&self, journal: &File, len: u64) -> io::Result<()> {
        self.0.around(&format!("truncate to {len}"), || {
            RealVfs.truncate(journal, len)
        })
    }
    fn replace(&self, snapshot: &Path, bytes: &[u8]) -> hearth::store::Result<()> {
        self.0
            .around("replace the snapshot", || RealVfs.replace(snapshot, bytes))
    }
}

#[test]
fn a_crash_at_any_step_of_a_fold_loses_nothing_acknowledged() {
    let dir = tempfile::tempdir().unwrap();
    let sessions = dir.path().join("sessions");
    let path = common::new_session(&sessions);
    let name = path.file_name().unwrap().to_owned();
    let capturing = Arc::new(Capturing {
        dir: sessions.clone(),
        into: dir.path().join("crashes"),
        lock: Mutex::new(0),
        acked: AtomicUsize::new(0),
        states: Mutex::new(Vec::new()),
        fold_threads: AtomicUsize::new(0),
    });
    let (mut store, _) =
        SessionStore::open_with(&path, Arc::new(Crashes(Arc::clone(&capturing)))).unwrap();
    store.set_compact_min_bytes(2 * 1024);
    store.set_compact_min_records(8);
    let mut ids = Vec::new();
    for i in 0..120 {
        let (id, change) = add(&format!("answer {i}"));
        store.apply(change).unwrap();
        ids.push(id);
        capturing.acked.store(ids.len(), Ordering::SeqCst);
    }
    store.wait_for_fold();
    drop(store);
    assert!(
        capturing.fold_threads.load(Ordering::SeqCst) >= 4,
        "folds ran on their own thread: the test proved nothing"
    );
    let states = std::mem::take(&mut *capturing.states.lock().unwrap());
    let mut with_partner = 0;
    for (state, acked, step) in &states {
        let session = state.join(&name);
        if session
            .with_extension("journal.next")
            .metadata()
            .is_ok_and(|m| m.len() > 0)
        {
            with_partner += 1;
        }
        // A reader that takes no lock, then the next writer, find every acknowledged change.
        for how in ["read", "opened"] {
            let s = if how == "read" {
                read_session(&session).unwrap().0
            } else {
                let (store, _) = SessionStore::open(&session)
                    .unwrap_or_else(|e| panic!("{step} ({}): {e}", state.display()));
                let s = store.session().clone();
                store.close().unwrap();
                s
            };
            for id in &ids[..*acked] {
                assert!(
                    s.contribution(id).is_some(),
                    "a crash {step} ({}) lost an acknowledged change ({how})",
                    state.display()
                );
            }
        }
        // Opened once, a session is at rest again: one journal, the partner empty.
        assert!(
            !session
                .with_extension("journal.next")
                .metadata()
                .is_ok_and(|m| m.len() > 0),
            "{step}: the partner journal is folded in on open"
        );
    }
    assert!(
        with_partner > 10,
        "few crashes landed while both journal files held changes ({with_partner})"
    );
    eprintln!(
        "{} crash states checked, {with_partner} with changes in both journal files",
        states.len()
    );
}

/// `hearth add` trusts its outline (which covers `<slug>.journal` alone) only while the
/// journal's partner is empty: changes a crash left in `<slug>.journal.next` send it to the whole
/// open, which folds them in, and a reader finds them too.
#[test]
fn an_outline_is_not_trusted_over_changes_in_the_partner_journal() {
    use hearth::store::Appending;
    use hearth::store::journal::Record;
    let dir = tempfile::tempdir().unwrap();
    let path = common::new_session(dir.path());
    let (mut store, _) = SessionStore::open(&path).unwrap();
    store.apply(add("first").1).unwrap();
    store.apply(add("second").1).unwrap();
    store.close().unwrap(); // the outline, covering both lines of the journal

    let (ok, _) = Appending::open(&path).unwrap();
    assert!(
        matches!(ok, Appending::Outline(_)),
        "the outline is current here"
    );
    ok.close().unwrap();

    // A crash while a fold ran: the next change was in the partner file.
    let (id, change) = add("in the partner");
    let line = Record { seq: 3, change }.to_line();
    std::fs::write(path.with_extension("journal.next"), line).unwrap();
    let (read, _) = read_session(&path).unwrap();
    assert!(read.contribution(&id).is_some(), "a reader finds it");
    let (a, _) = Appending::open(&path).unwrap();
    assert!(
        matches!(a, Appending::Whole(_)),
        "the outline was trusted over the partner journal"
    );
    assert!(a.session().contribution(&id).is_some());
    a.close().unwrap();
    // Folded in: the partner is empty again, and the change is kept.
    assert_eq!(
        std::fs::metadata(path.with_extension("journal.next"))
            .unwrap()
            .len(),
        0
    );
    let (after, _) = read_session(&path).unwrap();
    assert!(after.contribution(&id).is_some());
}
