//! Save-to-audience latency: how long an answer takes to reach the audience window.
//!
//! - local: the facilitator's save (journal line written and synced), then the audience view
//!   built and sent over the session's Unix socket, until `hearth screen`'s reader has parsed a
//!   view holding the answer. Also from "saved" on (the socket and the view alone);
//! - loopback sharing: a note-taker's `POST /api/contributions` on 127.0.0.1 (the hub saves
//!   it), the hub's announcement, the facilitator's copy updated and the view sent, until the
//!   screen's reader has it.
//!
//! Each answer goes to the same question, so the view sent grows to 200 answers (a busy slot).
//! Run with `cargo bench --bench audience`. A plain program that prints its figures; files go
//! under `target/bench-audience/`.

#[path = "../tests/common/serve.rs"]
mod serve;

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use hearth::model::{Change, Draft, Session};
use hearth::net::audience::{AudienceView, Stage};
use hearth::net::feed::{Feed, connect};
use hearth::net::hub::HubEvent;
use hearth::store::{SessionStore, create_session, load_scenario};
use serve::{CODE, Conn, InProcess, answer_body, join, post_answer};

const N: usize = 200;
const SAMPLE: &str =
    "Peer support volunteer --> street outreach worker --> housing stability worker 🚀 夢";

fn bench_dir(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("target/bench-audience")
        .join(name);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("a benchmark directory");
    dir
}

fn new_session(dir: &Path) -> PathBuf {
    let scenario =
        load_scenario(&Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/all-kinds.json"))
            .expect("the all-kinds plan");
    let groups = scenario.suggested_groups.clone();
    let session = Session::new(scenario, "Benchmark".into(), None, groups);
    create_session(dir, &session).expect("a session")
}

fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("a runtime")
}

/// `hearth screen`'s side on a thread of its own: every answer text it receives (the newest
/// of each view), with when.
fn screen_reader(session: PathBuf) -> tokio::sync::mpsc::UnboundedReceiver<(String, Instant)> {
    let (tx, rx) = tokio::sync::mpsc::unbounded_channel();
    std::thread::spawn(move || {
        runtime().block_on(async move {
            let mut reader = loop {
                match connect(&session).await {
                    Ok(r) => break r,
                    Err(_) => tokio::time::sleep(Duration::from_millis(5)).await,
                }
            };
            while let Ok(Some(view)) = reader.next().await {
                if let Some(a) = view.answers.last()
                    && tx.send((a.text.clone(), Instant::now())).is_err()
                {
                    return;
                }
            }
        });
    });
    rx
}

async fn wait_for(
    rx: &mut tokio::sync::mpsc::UnboundedReceiver<(String, Instant)>,
    text: &str,
) -> Instant {
    loop {
        let (t, at) = rx.recv().await.expect("the screen reads on");
        if t == text {
            return at;
        }
    }
}

fn report(what: &str, mut samples: Vec<Duration>) {
    samples.sort();
    let q = |q: f64| samples[((samples.len() - 1) as f64 * q).round() as usize];
    println!(
        "{what:<58} p50 {:>8.3} ms   p99 {:>8.3} ms   ({} answers)",
        q(0.5).as_secs_f64() * 1e3,
        q(0.99).as_secs_f64() * 1e3,
        samples.len()
    );
}

fn local() {
    let dir = bench_dir("local");
    let path = new_session(&dir);
    let (mut store, _) = SessionStore::open(&path).expect("the session opens");
    let stage = Stage::default();
    let (mut total, mut after_save) = (Vec::new(), Vec::new());
    runtime().block_on(async {
        let feed = Feed::listen(&path).expect("the feed listens");
        let mut rx = screen_reader(path.clone());
        feed.publish(&AudienceView::build(&store.session(), &stage));
        while feed.attached() == 0 {
            tokio::time::sleep(Duration::from_millis(1)).await;
        }
        for i in 0..N {
            let text = format!("{SAMPLE} #{i}");
            let t0 = Instant::now();
            let c = Draft::new("round", "sick", &text)
                .group(Some("Table 1".into()))
                .into_contribution();
            store.apply(Change::Add { contribution: c }).expect("saved");
            let saved = Instant::now();
            feed.publish(&AudienceView::build(&store.session(), &stage));
            let at = wait_for(&mut rx, &text).await;
            total.push(at - t0);
            after_save.push(at - saved);
        }
    });
    store.close().expect("closed");
    report(
        "local: save (journal + sync) → on the audience window",
        total,
    );
    report("local: saved → on the audience window", after_save);
}

fn loopback() {
    let dir = bench_dir("loopback");
    let path = new_session(&dir);
    let server = InProcess::start(&path, CODE);
    let hub = std::sync::Arc::clone(&server.hub);
    let addr = server.addr;
    let stage = Stage::default();
    let (go, ready) = std::sync::mpsc::channel::<String>();
    let note_taker = std::thread::spawn(move || {
        let device = join(addr, CODE, "Table 1");
        let mut conn = Conn::connect(addr).expect("connected");
        let mut sent = Vec::new();
        while let Ok(text) = ready.recv() {
            let t0 = Instant::now();
            let body = answer_body(
                &uuid::Uuid::now_v7().to_string(),
                "round",
                "sick",
                "Table 1",
                &text,
            );
            let reply = post_answer(&mut conn, &device.token, &body).expect("answered");
            assert!(reply.status < 300, "refused: {}", reply.text());
            sent.push((t0, t0.elapsed()));
        }
        sent
    });
    let mut arrived = Vec::new();
    runtime().block_on(async {
        let mut session = hub.with_session(Clone::clone).expect("shared");
        let mut events = hub.subscribe();
        let feed = Feed::listen(&path).expect("the feed listens");
        let mut rx = screen_reader(path.clone());
        feed.publish(&AudienceView::build(&session, &stage));
        while feed.attached() == 0 {
            tokio::time::sleep(Duration::from_millis(1)).await;
        }
        for i in 0..N {
            let text = format!("{SAMPLE} #{i}");
            go.send(text.clone()).expect("the note-taker waits");
            // What `hearth run` does with the hub's news: apply, rebuild the view, send it.
            let at = loop {
                tokio::select! {
                    ev = events.recv() => {
                        if let Ok(HubEvent::Saved { changes, .. }) = ev {
                            for c in changes.iter() {
                                let _ = session.apply(&c.change);
                            }
                            feed.publish(&AudienceView::build(&session, &stage));
                        }
                    }
                    got = rx.recv() => {
                        let (t, at) = got.expect("the screen reads on");
                        if t == text { break at; }
                    }
                }
            };
            arrived.push(at);
        }
    });
    drop(go);
    let sent = note_taker.join().expect("the note-taker finished");
    server.stop();
    let total = sent
        .iter()
        .zip(&arrived)
        .map(|((t0, _), at)| *at - *t0)
        .collect();
    let acks = sent.iter().map(|(_, ack)| *ack).collect();
    report("loopback: note-taker sends → acknowledged (saved)", acks);
    report("loopback: note-taker sends → on the audience window", total);
}

fn main() {
    if std::env::args().any(|a| a == "--list") {
        return;
    }
    local();
    loopback();
}
