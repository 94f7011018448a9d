//! Faults at every durability step, through the store's file-system seam: the order of append,
//! sync and acknowledgement; a failing sync, a short write, a full disk; a snapshot that cannot
//! be replaced. A change is acknowledged (`apply` returns `Ok`) only after its line was appended
//! and synced; a failure is never acknowledged and loses nothing acknowledged before it.

mod common;

use std::fs::File;
use std::io::{self, Write};
use std::path::Path;
use std::sync::{Arc, Mutex};

use hearth::model::{Change, Draft};
use hearth::store::vfs::{RealVfs, Vfs};
use hearth::store::{SessionStore, StoreError, read_session};

/// What to do at the `n`th call of a kind (counting from 1); everything else is real.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Fault {
    None,
    /// The sync fails (an I/O error: the data may or may not be on disk).
    FailSync(usize),
    /// Half the bytes reach the file, then the write fails.
    ShortWrite(usize),
    /// Nothing is written: no space left.
    DiskFull(usize),
    /// The snapshot cannot be replaced.
    FailReplace(usize),
}

#[derive(Debug)]
struct Recording {
    log: Mutex<Vec<String>>,
    fault: Mutex<Fault>,
    counts: Mutex<[usize; 4]>,
}

impl Recording {
    fn new(fault: Fault) -> Arc<Recording> {
        Arc::new(Recording {
            log: Mutex::new(Vec::new()),
            fault: Mutex::new(fault),
            counts: Mutex::new([0; 4]),
        })
    }
    fn count(&self, kind: usize) -> usize {
        let mut c = self.counts.lock().unwrap();
        c[kind] += 1;
        c[kind]
    }
    fn log(&self, what: &str) {
        self.log.lock().unwrap().push(what.to_owned());
    }
    fn taken(&self) -> Vec<String> {
        std::mem::take(&mut *self.log.lock().unwrap())
    }
    fn heal(&self) {
        *self.fault.lock().unwrap() = Fault::None;
    }
}

/// A shared handle (the store keeps an `Arc<dyn Vfs>`; the test keeps this one).
#[derive(Debug, Clone)]
struct Faulty(Arc<Recording>);

impl Vfs for Faulty {
    fn append(&self, journal: &mut File, bytes: &[u8]) -> io::Result<()> {
        let n = self.0.count(0);
        match *self.0.fault.lock().unwrap() {
            Fault::ShortWrite(at) if at == n => {
                journal.write_all(&bytes[..bytes.len() / 2])?;
                self.0.log("append (short)");
                return Err(io::Error::other("short write"));
            }
            Fault::DiskFull(at) if at == n => {
                self.0.log("append (full)");
                return Err(io::Error::from_raw_os_error(libc::ENOSPC));
            }
            _ => {}
        }
        RealVfs.append(journal, bytes)?;
        self.0.log("append");
        Ok(())
    }
    fn sync(&self, journal: &File) -> io::Result<()> {
        let n = self.0.count(1);
        if *self.0.fault.lock().unwrap() == Fault::FailSync(n) {
            self.0.log("sync (failed)");
            return Err(io::Error::from_raw_os_error(libc::EIO));
        }
        RealVfs.sync(journal)?;
        self.0.log("sync");
        Ok(())
    }
    fn truncate(&self, journal: &File, len: u64) -> io::Result<()> {
        self.0.count(2);
        RealVfs.truncate(journal, len)?;
        self.0.log(&format!("truncate {len}"));
        Ok(())
    }
    fn replace(&self, snapshot: &Path, bytes: &[u8]) -> hearth::store::Result<()> {
        let n = self.0.count(3);
        if *self.0.fault.lock().unwrap() == Fault::FailReplace(n) {
            self.0.log("replace (failed)");
            return Err(StoreError::Io {
                path: snapshot.to_owned(),
                action: "cannot write",
                source: io::Error::from_raw_os_error(libc::ENOSPC),
            });
        }
        RealVfs.replace(snapshot, bytes)?;
        self.0.log("replace");
        Ok(())
    }
}

fn add(text: &str) -> (String, Change) {
    let c = Draft::new("pathways", "q4", text).into_contribution();
    (c.id.clone(), Change::Add { contribution: c })
}

fn open(path: &Path, fault: Fault) -> (SessionStore, Arc<Recording>) {
    let rec = Recording::new(fault);
    let (store, _) = SessionStore::open_with(path, Arc::new(Faulty(Arc::clone(&rec)))).unwrap();
    (store, rec)
}

/// The texts a fresh reader finds, and whether the journal had a torn tail.
fn on_disk(path: &Path) -> (Vec<String>, bool) {
    let (s, report) = read_session(path).unwrap();
    (
        s.contributions().iter().map(|c| c.text.clone()).collect(),
        report.torn.is_some(),
    )
}

#[test]
fn a_change_is_acknowledged_only_after_its_line_is_appended_and_synced() {
    let dir = tempfile::tempdir().unwrap();
    let path = common::new_session(dir.path());
    let (mut store, rec) = open(&path, Fault::None);
    for i in 0..3 {
        let (_, change) = add(&format!("answer {i}"));
        store.apply(change).unwrap();
        assert_eq!(rec.taken(), ["append", "sync"], "change {i}");
    }
}

#[test]
fn a_failing_sync_is_not_acknowledged_and_loses_nothing_acknowledged_before() {
    let dir = tempfile::tempdir().unwrap();
    let path = common::new_session(dir.path());
    let (mut store, rec) = open(&path, Fault::FailSync(3));
    store.apply(add("first").1).unwrap();
    store.apply(add("second").1).unwrap();
    let e = store.apply(add("third, never acknowledged").1).unwrap_err();
    assert!(e.to_string().contains("cannot save"), "{e}");
    // The unacknowledged line is taken back, so the journal stays whole.
    let log = rec.taken();
    let failed = log
        .iter()
        .position(|l| l == "sync (failed)")
        .expect("the sync failed");
    assert!(
        log[failed..].iter().any(|l| l.starts_with("truncate")),
        "the line is taken back: {log:?}"
    );
    rec.heal();
    store.apply(add("fourth").1).unwrap();
    drop(store);
    assert_eq!(
        on_disk(&path),
        (
            vec!["first".into(), "second".into(), "fourth".into()],
            false
        )
    );
}

#[test]
fn a_short_write_or_a_full_disk_leaves_the_journal_whole() {
    for fault in [Fault::ShortWrite(2), Fault::DiskFull(2)] {
        let dir = tempfile::tempdir().unwrap();
        let path = common::new_session(dir.path());
        let (mut store, rec) = open(&path, fault);
        store.apply(add("kept").1).unwrap();
        assert!(store.apply(add("cut short").1).is_err(), "{fault:?}");
        // Nothing half-written stays for a reader to trip over.
        assert_eq!(on_disk(&path), (vec!["kept".into()], false), "{fault:?}");
        rec.heal();
        // Space again: the same answer can be sent again, and is there once.
        let (id, change) = add("sent again");
        store.apply(change).unwrap();
        drop(store);
        let (texts, torn) = on_disk(&path);
        assert_eq!(
            (texts, torn),
            (vec!["kept".into(), "sent again".into()], false),
            "{fault:?}"
        );
        let (s, _) = read_session(&path).unwrap();
        assert!(s.contribution(&id).is_some());
    }
}

#[test]
fn a_snapshot_that_cannot_be_replaced_loses_nothing_already_synced() {
    let dir = tempfile::tempdir().unwrap();
    let path = common::new_session(dir.path());
    let (mut store, _) = open(&path, Fault::FailReplace(1));
    store.apply(add("before").1).unwrap();
    // Compacting now fails: the change it would fold in is durable in the journal already.
    assert!(store.compact().is_err());
    store.apply(add("after").1).unwrap();
    drop(store);
    assert_eq!(
        on_disk(&path),
        (vec!["before".into(), "after".into()], false)
    );
}

#[test]
fn changes_saved_together_may_lean_on_each_other_and_are_checked_in_order() {
    let dir = tempfile::tempdir().unwrap();
    let path = common::new_session(dir.path());
    let (mut store, rec) = open(&path, Fault::None);
    // A new group and an answer in it; a new answer and its edit: one append, one sync.
    let mut in_new_group = Draft::new("pathways", "q4", "from the new table").into_contribution();
    in_new_group.group = Some("Table 9".into());
    let (id, added) = add("first words");
    store
        .apply_all(vec![
            Change::AddGroup {
                name: "Table 9".into(),
            },
            Change::Add {
                contribution: in_new_group,
            },
            added,
            Change::Edit {
                id: id.clone(),
                text: "first words, corrected".into(),
                fields: Default::default(),
                at: jiff::Timestamp::now(),
            },
        ])
        .unwrap();
    assert_eq!(rec.taken(), ["append", "sync"]);
    // And a batch whose second change is wrong is refused whole: nothing written.
    let (_, again) = add("repeated");
    let repeated = again.clone();
    assert!(store.apply_all(vec![again, repeated]).is_err());
    assert!(
        rec.taken().is_empty(),
        "nothing written for a refused batch"
    );
    drop(store);
    let (s, _) = read_session(&path).unwrap();
    assert_eq!(s.contribution(&id).unwrap().text, "first words, corrected");
    assert_eq!(s.contributions().len(), 2);
}

/// `hearth add`'s way in, from the session's outline: the same order and the same refusal of a
/// failing sync as the whole store.
#[test]
fn an_add_from_the_outline_is_acknowledged_only_after_its_sync_and_never_on_a_failing_one() {
    use hearth::store::Appending;
    let dir = tempfile::tempdir().unwrap();
    let path = common::new_session(dir.path());
    let (store, _) = open(&path, Fault::None);
    store.close().unwrap(); // writes the outline
    for fault in [
        Fault::None,
        Fault::FailSync(1),
        Fault::ShortWrite(1),
        Fault::DiskFull(1),
    ] {
        let rec = Recording::new(fault);
        let (mut a, _) = Appending::open_with(&path, Arc::new(Faulty(Arc::clone(&rec)))).unwrap();
        assert!(matches!(a, Appending::Outline(_)), "{fault:?}");
        let before = on_disk(&path);
        let result = a.apply_all(vec![add(&format!("{fault:?}")).1]);
        let log = rec.taken();
        if fault == Fault::None {
            result.unwrap();
            assert_eq!(log, ["append", "sync"]);
        } else {
            assert!(result.is_err(), "{fault:?} acknowledged");
            assert!(
                log.iter().any(|l| l.starts_with("truncate")),
                "{fault:?}: the line is taken back: {log:?}"
            );
            assert_eq!(on_disk(&path), before, "{fault:?}");
            // The journal stays whole: the next add goes on from it.
            rec.heal();
            a.apply_all(vec![add("after").1]).unwrap();
        }
        a.close().unwrap();
    }
    let (texts, torn) = on_disk(&path);
    assert!(!torn);
    assert_eq!(texts, ["None", "after", "after", "after"]);
}
