//! Keystroke to frame in the real app: `hearth run` (the release binary) in a pseudo-terminal
//! of 200×60 (through `script`), on sessions of 10, 10,000 and 100,000 answers. Each sample
//! is the time from writing one typed character to the pseudo-terminal until the app's redraw
//! showing it has come back — the whole path a facilitator feels: the terminal reader, update,
//! the audience feed's check, drawing and the write.
//!
//! Run with `cargo bench --bench app_keystroke` (needs `script` from util-linux); `-- 100000`
//! measures that size alone.

use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use hearth::model::{Change, Draft, Session};
use hearth::store::{create_session, load_scenario};

const SAMPLES: usize = 200;

/// A session of the pathways plan holding `n` answers, written to a folder of its own.
fn session_file(n: usize) -> PathBuf {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("target/bench-app-keystroke")
        .join(n.to_string());
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("a benchmark folder");
    let scenario = load_scenario(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios/dreaming-together.json"),
    )
    .expect("the plan");
    let groups = scenario.suggested_groups.clone();
    let mut session = Session::new(scenario, "Benchmark".into(), None, groups.clone());
    let slots = ["q1", "q4", "q5", "q6"];
    let changes: Vec<Change> = (0..n)
        .map(|i| Change::Add {
            contribution: Draft::new(
                "pathways",
                slots[i % 4],
                &format!(
                    "Peer support volunteer --> street outreach worker --> housing stability worker #{i} 🚀"
                ),
            )
            .group(Some(groups[i % groups.len()].clone()))
            .into_contribution(),
        })
        .collect();
    for c in &changes {
        session.apply(c).expect("a valid answer");
    }
    create_session(&dir, &session).expect("the session file")
}

/// The app in a pseudo-terminal, its output arriving on a channel.
struct App {
    child: Child,
    input: std::process::ChildStdin,
    output: mpsc::Receiver<Vec<u8>>,
}

impl App {
    fn start(session: &Path) -> App {
        let command = format!(
            "stty cols 200 rows 60; exec '{}' run '{}'",
            env!("CARGO_BIN_EXE_hearth"),
            session.display()
        );
        let mut child = Command::new("script")
            .args(["-qfec", &command, "/dev/null"])
            .env("TERM", "xterm-256color")
            .env("HEARTH_THEME", "dark")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("script (util-linux) runs");
        let input = child.stdin.take().expect("stdin");
        let mut out = child.stdout.take().expect("stdout");
        let (tx, output) = mpsc::channel();
        std::thread::spawn(move || {
            let mut buf = [0u8; 65536];
            while let Ok(n) = out.read(&mut buf) {
                if n == 0 || tx.send(buf[..n].to_vec()).is_err() {
                    break;
                }
            }
        });
        App {
            child,
            input,
            output,
        }
    }

    /// Waits until the output has been quiet for `quiet` (the first screen drawn).
    fn settle(&self, quiet: Duration, limit: Duration) -> usize {
        let start = Instant::now();
        let mut bytes = 0;
        while start.elapsed() < limit {
            match self.output.recv_timeout(quiet) {
                Ok(chunk) => bytes += chunk.len(),
                Err(mpsc::RecvTimeoutError::Timeout) if bytes > 0 => break,
                Err(mpsc::RecvTimeoutError::Timeout) => {}
                Err(mpsc::RecvTimeoutError::Disconnected) => panic!("the app ended"),
            }
        }
        bytes
    }

    /// Types `c` and waits for a redraw holding it: the time taken.
    fn keystroke(&mut self, c: u8) -> Duration {
        let start = Instant::now();
        self.input.write_all(&[c]).expect("typed");
        self.input.flush().expect("flushed");
        loop {
            let chunk = self
                .output
                .recv_timeout(Duration::from_secs(10))
                .expect("a redraw within 10 s");
            if chunk.contains(&c) {
                return start.elapsed();
            }
        }
    }
}

impl Drop for App {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn ms(d: Duration) -> String {
    format!("{:.2} ms", d.as_secs_f64() * 1000.0)
}

fn main() {
    if Command::new("script").arg("--version").output().is_err() {
        eprintln!("app_keystroke: needs script (util-linux); skipped");
        return;
    }
    println!("keystroke to frame in `hearth run` at 200×60 ({SAMPLES} keystrokes each):");
    let asked: Vec<usize> = std::env::args()
        .skip(1)
        .filter_map(|a| a.parse().ok())
        .collect();
    for n in [10, 10_000, 100_000] {
        if !asked.is_empty() && !asked.contains(&n) {
            continue;
        }
        let path = session_file(n);
        let mut app = App::start(&path);
        // At start the app asks the terminal whether it reports Shift-Enter (crossterm's
        // keyboard-enhancement query), waiting up to 2 s when, as under `script`, nothing
        // answers; a real terminal answers at once. Keys are measured once that is over.
        app.settle(Duration::from_millis(3000), Duration::from_secs(60));
        let mut samples = Vec::with_capacity(SAMPLES);
        for i in 0..SAMPLES {
            // Letters in turn, each its own event: the next waits until this one is drawn
            // and the app is idle again.
            let c = b"qwxz"[i % 4];
            let took = app.keystroke(c);
            if took > Duration::from_millis(100) {
                println!("  (keystroke {i} of {n} answers took {})", ms(took));
            }
            samples.push(took);
            app.settle(Duration::from_millis(15), Duration::from_secs(1));
        }
        samples.sort();
        let q = |p: f64| samples[((samples.len() - 1) as f64 * p).round() as usize];
        println!(
            "  {n:>7} answers: p50 {}  p99 {}  max {}",
            ms(q(0.5)),
            ms(q(0.99)),
            ms(q(1.0))
        );
    }
}
