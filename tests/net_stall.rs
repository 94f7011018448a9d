//! A disk that stalls never freezes readers: while the hub's writer is held inside a journal
//! sync (through the store's file-system seam), note-takers' `GET`s and the facilitator's reads
//! of the session are answered, showing what is saved and nothing that is not yet; once the
//! sync returns, the answer is acknowledged and visible. Deterministic: the sync is held by the
//! test, not by a sleep. And readers keep nothing: a save brings their session up to date in
//! place, never copying it.

mod common;

use std::fs::File;
use std::io;
use std::net::SocketAddr;
use std::sync::mpsc;
use std::sync::{Arc, Condvar, Mutex};

use common::serve::{InProcess, PATIENCE, answer_body, bearer, join, request};
use hearth::model::{Change, Draft};
use hearth::net::hub::{Hub, JoinCode};
use hearth::net::server::Limits;
use hearth::store::SessionStore;
use hearth::store::vfs::{RealVfs, Vfs};

/// Where a file operation waits, once armed, until the test lets it go.
#[derive(Debug)]
struct Gate {
    held: Mutex<bool>,
    opened: Condvar,
    entered: Mutex<Option<mpsc::Sender<()>>>,
}

impl Gate {
    /// Returns at once unless armed; armed, says it was reached and waits to be let go.
    fn pass(&self) {
        let mut held = self.held.lock().unwrap();
        if *held {
            if let Some(tell) = self.entered.lock().unwrap().take() {
                let _ = tell.send(());
            }
            while *held {
                held = self.opened.wait(held).unwrap();
            }
        }
    }
}

/// A file system whose journal sync waits at the gate.
#[derive(Debug, Clone)]
struct Stalling(Arc<Gate>);

impl Vfs for Stalling {
    fn sync(&self, journal: &File) -> io::Result<()> {
        self.0.pass();
        RealVfs.sync(journal)
    }
}

const CODE: &str = "STALLCODE7";

/// Runs `f` on another thread and waits for it for at most [`PATIENCE`].
fn within<T: Send + 'static>(what: &str, f: impl FnOnce() -> T + Send + 'static) -> T {
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        let _ = tx.send(f());
    });
    rx.recv_timeout(PATIENCE)
        .unwrap_or_else(|_| panic!("{what} waited on the stalled disk"))
}

/// `GET /api/session` as a device (the join code alone reads no group's answers).
fn get_session(addr: SocketAddr, token: &str) -> String {
    let auth = bearer(token);
    let reply = request(
        addr,
        "GET",
        "/api/session",
        &[("Authorization", auth.as_str())],
        b"",
    )
    .expect("the server answers");
    assert_eq!(reply.status, 200, "{}", reply.text());
    reply.text()
}

#[test]
fn reads_are_answered_while_a_sync_is_stalled() {
    let dir = tempfile::tempdir().unwrap();
    let path = common::new_session(dir.path());
    let gate = Arc::new(Gate {
        held: Mutex::new(false),
        opened: Condvar::new(),
        entered: Mutex::new(None),
    });
    let (store, _) = SessionStore::open_with(&path, Arc::new(Stalling(Arc::clone(&gate)))).unwrap();
    let server = InProcess::with_store(store, CODE, Limits::default());
    let (hub, addr) = (Arc::clone(&server.hub), server.addr);
    let token = join(addr, CODE, "Table 1").token;
    let reader = token.clone();

    // Hold the next sync, and send an answer: the writer stops inside the sync.
    let (entered, inside) = mpsc::channel();
    *gate.entered.lock().unwrap() = Some(entered);
    *gate.held.lock().unwrap() = true;
    let post = std::thread::spawn(move || {
        let auth = bearer(CODE);
        request(
            addr,
            "POST",
            "/api/contributions",
            &[
                ("Authorization", auth.as_str()),
                ("Content-Type", "application/json"),
            ],
            &answer_body("stalled-1", "round", "sick", "Table 1", "held at the disk"),
        )
        .expect("the server answers")
    });
    inside
        .recv_timeout(PATIENCE)
        .expect("the writer reached the sync");

    // Meanwhile: a note-taker's read, and the facilitator's, are answered — without the answer
    // whose sync has not returned.
    let seen = within("GET /api/session", move || get_session(addr, &reader));
    assert!(
        !seen.contains("held at the disk"),
        "not shown before it is saved: {seen}"
    );
    let for_screen = Arc::clone(&hub);
    let count = within("the facilitator's read", move || {
        for_screen.with_session(|s| s.contributions().len())
    });
    assert_eq!(count, Some(0));
    assert!(
        !post.is_finished(),
        "no acknowledgement while the sync is held"
    );

    // The disk comes back: acknowledged, then visible.
    *gate.held.lock().unwrap() = false;
    gate.opened.notify_all();
    let reply = post.join().unwrap();
    assert_eq!(reply.status, 201, "{}", reply.text());
    assert!(get_session(addr, &token).contains("held at the disk"));

    drop(hub);
    server.stop();
}

/// Where the readers' session keeps its contributions: a copy of the session would keep them
/// elsewhere (a star moves none of them).
fn contributions_at(hub: &Hub) -> usize {
    hub.with_session(|s| s.contributions().as_ptr() as usize)
        .expect("shared")
}

#[test]
fn a_save_changes_the_readers_session_in_place() {
    let dir = tempfile::tempdir().unwrap();
    let path = common::new_session(dir.path());
    let (mut store, _) = SessionStore::open(&path).unwrap();
    let id = "in-place-1".to_owned();
    store
        .apply(Change::Add {
            contribution: Draft::new("round", "sick", "kept where it is")
                .into_contribution_with(id.clone(), jiff::Timestamp::now()),
        })
        .unwrap();
    let hub = Hub::start(store, JoinCode::parse(CODE).unwrap(), 0).unwrap();
    let star = |starred| {
        vec![Change::SetStarred {
            id: id.clone(),
            starred,
        }]
    };
    let at = contributions_at(&hub);

    // Nobody reading.
    hub.apply_local(star(true)).unwrap();
    assert_eq!(contributions_at(&hub), at, "a save copied the session");

    // Someone reading all through a save: the save waits for the read (in memory), then brings
    // the session up to date where it is.
    let saved = Arc::new(std::sync::atomic::AtomicBool::new(false));
    let (inside_tx, inside) = mpsc::channel();
    let reader = {
        let (hub, saved, id) = (Arc::clone(&hub), Arc::clone(&saved), id.clone());
        std::thread::spawn(move || {
            hub.with_session(|s| {
                let _ = inside_tx.send(());
                let start = std::time::Instant::now();
                // Long enough for the save to be done, had it not waited.
                while !saved.load(std::sync::atomic::Ordering::SeqCst)
                    && start.elapsed() < std::time::Duration::from_millis(300)
                {
                    std::thread::sleep(std::time::Duration::from_millis(5));
                }
                s.contribution(&id).map(|c| c.starred)
            })
        })
    };
    inside
        .recv_timeout(PATIENCE)
        .expect("the reader is reading");
    let saver = {
        let (hub, saved, change) = (Arc::clone(&hub), Arc::clone(&saved), star(false));
        std::thread::spawn(move || {
            let result = hub.apply_local(change);
            saved.store(true, std::sync::atomic::Ordering::SeqCst);
            result
        })
    };
    assert_eq!(
        reader.join().unwrap(),
        Some(Some(true)),
        "the reader read the session as it was saved when it began"
    );
    saver.join().unwrap().unwrap();
    assert_eq!(
        contributions_at(&hub),
        at,
        "a save during a read copied the session"
    );
    assert_eq!(
        hub.with_session(|s| s.contribution(&id).map(|c| c.starred)),
        Some(Some(false))
    );
    hub.stop();
}

/// A file system whose snapshot rewrite waits at the gate.
#[derive(Debug, Clone)]
struct HeldSnapshot(Arc<Gate>);

impl Vfs for HeldSnapshot {
    fn replace(&self, snapshot: &std::path::Path, bytes: &[u8]) -> hearth::store::Result<()> {
        self.0.pass();
        RealVfs.replace(snapshot, bytes)
    }
}

#[test]
fn a_batch_and_the_ones_after_it_are_answered_before_the_snapshot_rewrite_it_calls_for() {
    let dir = tempfile::tempdir().unwrap();
    let path = common::new_session(dir.path());
    let gate = Arc::new(Gate {
        held: Mutex::new(false),
        opened: Condvar::new(),
        entered: Mutex::new(None),
    });
    let (store, _) =
        SessionStore::open_with(&path, Arc::new(HeldSnapshot(Arc::clone(&gate)))).unwrap();
    let server = InProcess::with_store(store, CODE, Limits::default());
    let (hub, addr) = (Arc::clone(&server.hub), server.addr);
    // A journal just short of the size that has it folded into the snapshot (1 MiB).
    let text = "w".repeat(60 * 1024);
    let fill: Vec<Change> = (0..17)
        .map(|i| Change::Add {
            contribution: Draft::new("round", "sick", &text)
                .group(Some("Table 1".into()))
                .into_contribution_with(format!("fill-{i}"), jiff::Timestamp::now()),
        })
        .collect();
    hub.apply_local(fill).unwrap();
    let snapshot_before = std::fs::read(&path).unwrap();

    // Hold the snapshot rewrite; the next answer takes the journal past the size.
    let (entered, inside) = mpsc::channel();
    *gate.entered.lock().unwrap() = Some(entered);
    *gate.held.lock().unwrap() = true;
    let post = std::thread::spawn(move || {
        let auth = bearer(CODE);
        request(
            addr,
            "POST",
            "/api/contributions",
            &[
                ("Authorization", auth.as_str()),
                ("Content-Type", "application/json"),
            ],
            &answer_body(
                "crosses",
                "round",
                "sick",
                "Table 1",
                &"x".repeat(60 * 1024),
            ),
        )
        .expect("the server answers")
    });
    inside
        .recv_timeout(PATIENCE)
        .expect("the writer began the snapshot rewrite");
    // The answer is durable in the journal: acknowledged while the rewrite is held.
    let reply = within("the reply to the batch", move || post.join().unwrap());
    assert_eq!(reply.status, 201, "{}", reply.text());
    // And the batches after it never wait for the rewrite either: it runs on its own thread.
    for i in 0..3 {
        let reply = within("a later batch, the rewrite still held", move || {
            let auth = bearer(CODE);
            request(
                addr,
                "POST",
                "/api/contributions",
                &[
                    ("Authorization", auth.as_str()),
                    ("Content-Type", "application/json"),
                ],
                &answer_body(&format!("later-{i}"), "round", "sick", "Table 1", "later"),
            )
            .expect("the server answers")
        });
        assert_eq!(reply.status, 201, "{}", reply.text());
    }
    assert_eq!(
        std::fs::read(&path).unwrap(),
        snapshot_before,
        "not yet rewritten"
    );

    // Let the rewrite go: the snapshot now holds everything.
    *gate.held.lock().unwrap() = false;
    gate.opened.notify_all();
    let token = join(addr, CODE, "Table 1").token;
    assert!(get_session(addr, &token).contains("crosses"));
    drop(hub);
    server.stop();
    let (saved, report) = hearth::store::read_session(&path).unwrap();
    assert_eq!(
        report.replayed, 0,
        "the journal was folded into the snapshot"
    );
    assert!(saved.contribution("crosses").is_some());
    assert!(saved.contribution("later-2").is_some());
}
