//! A stalling disk and the readers: every journal sync of an in-process hub takes 200 ms longer
//! (injected through the store's file-system seam) while one note-taker sends answers back to
//! back and another reads `GET /api/session` as fast as it can. Prints the longest and the
//! median `GET` latency during the stall, beside the acknowledgement latency of the answers (which
//! must wait for the sync), and the same with no stall.
//!
//! Run with `cargo bench --bench stall`. Files go under `target/bench-stall/`.

#[path = "../tests/common/serve.rs"]
mod serve;

use std::fs::File;
use std::io;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use hearth::model::Session;
use hearth::net::server::Limits;
use hearth::store::vfs::{RealVfs, Vfs};
use hearth::store::{SessionStore, create_session, load_scenario};
use serve::{InProcess, answer_body, bearer, request};

const CODE: &str = "STALLBENCH7";

#[derive(Debug)]
struct SlowSync(Duration);

impl Vfs for SlowSync {
    fn sync(&self, journal: &File) -> io::Result<()> {
        std::thread::sleep(self.0);
        RealVfs.sync(journal)
    }
}

fn session_in(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("target/bench-stall")
        .join(name);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("a benchmark directory");
    let scenario =
        load_scenario(&Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/all-kinds.json"))
            .expect("the all-kinds plan");
    let groups = scenario.suggested_groups.clone();
    create_session(&dir, &Session::new(scenario, "Stall".into(), None, groups)).expect("a session")
}

fn ms(d: Duration) -> String {
    format!("{:.2} ms", d.as_secs_f64() * 1e3)
}

/// One run: answers sent back to back for `seconds` while another thread reads.
fn run(name: &str, stall: Duration, seconds: u64) {
    let path = session_in(name);
    let (store, _) = SessionStore::open_with(&path, Arc::new(SlowSync(stall))).expect("opens");
    let server = InProcess::with_store(store, CODE, Limits::default());
    let addr = server.addr;
    let done = Arc::new(AtomicBool::new(false));
    let writer_done = Arc::clone(&done);
    let writer = std::thread::spawn(move || {
        let auth = bearer(CODE);
        let mut acks = Vec::new();
        let mut i = 0;
        while !writer_done.load(Ordering::Relaxed) {
            let body = answer_body(&format!("a{i}"), "round", "sick", "Table 1", "an answer");
            let t = Instant::now();
            let reply = request(
                addr,
                "POST",
                "/api/contributions",
                &[
                    ("Authorization", auth.as_str()),
                    ("Content-Type", "application/json"),
                ],
                &body,
            )
            .expect("answered");
            assert_eq!(reply.status, 201);
            acks.push(t.elapsed());
            i += 1;
        }
        acks
    });
    let auth = bearer(CODE);
    let mut reads = Vec::new();
    let start = Instant::now();
    while start.elapsed() < Duration::from_secs(seconds) {
        let t = Instant::now();
        let reply = request(
            addr,
            "GET",
            "/api/session?group=Table%201",
            &[("Authorization", auth.as_str())],
            b"",
        )
        .expect("answered");
        assert_eq!(reply.status, 200);
        reads.push(t.elapsed());
    }
    done.store(true, Ordering::Relaxed);
    let mut acks = writer.join().expect("the writer");
    server.stop();
    reads.sort();
    acks.sort();
    println!(
        "{name}: {} GETs, median {}, longest {}; {} answers acknowledged, median {}, longest {}",
        reads.len(),
        ms(reads[reads.len() / 2]),
        ms(*reads.last().expect("reads")),
        acks.len(),
        ms(acks[acks.len() / 2]),
        ms(*acks.last().expect("answers")),
    );
}

fn main() {
    run("no stall", Duration::ZERO, 3);
    run("200 ms stall on every sync", Duration::from_millis(200), 3);
}
