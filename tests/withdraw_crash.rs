//! Withdrawing survives a crash at any moment: `hearth withdraw` is killed with SIGKILL at
//! random moments, 200 times, each on a small session of its own whose words of the answer are
//! in the snapshot, in journal lines, in a torn line set aside, in a killed writer's temporary
//! snapshot and in the drafts. After the next open (which finishes an interrupted withdrawal),
//! if the answer is withdrawn no byte of any file in the folder holds any of its words, and every
//! other acknowledged answer is there byte-identical. Each round's words carry a token of their
//! own, so one round's files cannot hide another's.

mod common;

use std::path::Path;
use std::process::Stdio;
use std::time::{Duration, Instant};

use hearth::model::{Change, Draft};
use hearth::store::{SessionStore, read_session};

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

struct Round {
    path: std::path::PathBuf,
    target: String,
    /// Every version of the target's words, and the words of its torn edit, temporary and draft.
    words: Vec<String>,
    others: Vec<(String, String)>,
}

/// A session whose answer `target` has its words everywhere they may be.
fn prepare(dir: &Path, token: &str) -> Round {
    let path = common::new_session(dir);
    let (mut store, _) = SessionStore::open(&path).unwrap();
    let other = |i: usize| {
        Draft::new("pathways", "q4", &format!("other {i} 夢 --> 🚀 \"kept\""))
            .group(Some("Table 1".into()))
            .into_contribution()
    };
    let mut others = Vec::new();
    let mut changes = Vec::new();
    for i in 0..150 {
        let c = other(i);
        others.push((c.id.clone(), c.text.clone()));
        changes.push(Change::Add { contribution: c });
    }
    let words: Vec<String> = ["first", "second", "third", "torn", "temporary", "draft"]
        .iter()
        .map(|w| format!("{token}-{w}"))
        .collect();
    let target = Draft::new("pathways", "q4", &format!("I said {} here", words[0]))
        .group(Some("Table 2".into()))
        .into_contribution();
    let id = target.id.clone();
    changes.push(Change::Add {
        contribution: target,
    });
    store.apply_all(changes).unwrap();
    // The first version in the snapshot, later ones in the journal.
    store.compact().unwrap();
    for w in &words[1..3] {
        store
            .apply(Change::Edit {
                id: id.clone(),
                text: format!("then {w}"),
                fields: Default::default(),
                at: jiff::Timestamp::now(),
            })
            .unwrap();
    }
    for i in 150..300 {
        let c = other(i);
        others.push((c.id.clone(), c.text.clone()));
        store.apply(Change::Add { contribution: c }).unwrap();
    }
    drop(store);
    let journal = path.with_extension("journal");
    std::fs::write(
        format!("{}.torn-1", journal.display()),
        format!(
            "{{\"seq\":999,\"change\":{{\"op\":\"edit\",\"id\":\"{id}\",\"text\":\"{}",
            words[3]
        ),
    )
    .unwrap();
    let name = path.file_name().unwrap().to_string_lossy().into_owned();
    std::fs::write(
        dir.join(format!(".{name}.tmp-999999")),
        format!("{{\"text\": \"{}\"", words[4]),
    )
    .unwrap();
    std::fs::write(
        path.with_extension("drafts"),
        format!(
            "{{\"exercise\":\"pathways\",\"slot\":\"q4\",\"text\":\"{}\",\"editing\":\"{id}\"}}",
            words[5]
        ),
    )
    .unwrap();
    Round {
        path,
        target: id,
        words,
        others,
    }
}

fn withdraw(path: &Path, id: &str) -> std::process::Child {
    common::hearth()
        .arg("withdraw")
        .arg(path)
        .arg(id)
        .arg("--yes")
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap()
}

/// Every file in `dir` (and below) whose bytes hold any of `words`.
fn holding(dir: &Path, words: &[String]) -> Vec<String> {
    let mut found = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap().flatten() {
        let p = entry.path();
        if p.is_dir() {
            found.extend(holding(&p, words));
            continue;
        }
        let bytes = std::fs::read(&p).unwrap();
        for w in words {
            if bytes.windows(w.len()).any(|x| x == w.as_bytes()) {
                found.push(format!("{} holds {w}", p.display()));
            }
        }
    }
    found
}

#[test]
fn sigkill_during_a_withdrawal_never_leaves_its_words_once_reopened() {
    let seed = std::env::var("HEARTH_CRASH_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| {
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .unwrap()
                .as_nanos() as u64
        });
    eprintln!("withdraw crash test seed: {seed} (set HEARTH_CRASH_SEED to replay)");
    let mut rng = Rng(seed | 1);
    // How long an uninterrupted withdrawal takes here, start-up included.
    let dir = tempfile::tempdir().unwrap();
    let r = prepare(dir.path(), "WDTOKENwarmup");
    let started = Instant::now();
    assert!(withdraw(&r.path, &r.target).wait().unwrap().success());
    let whole = started.elapsed();
    assert_eq!(
        holding(dir.path(), &r.words),
        Vec::<String>::new(),
        "an uninterrupted withdrawal left words"
    );
    let (mut interrupted, mut withdrawn) = (0, 0);
    for round in 0..200 {
        let dir = tempfile::tempdir().unwrap();
        let token = format!("WDTOKEN{round}x{}", rng.next() % 1_000_000);
        let r = prepare(dir.path(), &token);
        let mut child = withdraw(&r.path, &r.target);
        let wait = Duration::from_micros(rng.below(whole.as_micros() as u64 * 13 / 10 + 1));
        std::thread::sleep(wait);
        child.kill().unwrap();
        child.wait().unwrap();
        let journal = std::fs::read(r.path.with_extension("journal")).unwrap();
        if journal.windows(10).any(|w| w == b"\"withdraw\"") {
            interrupted += 1; // killed after the record was synced, before the journal was emptied
        }
        // The next writer finishes the job before anything else.
        let (store, _) = SessionStore::open(&r.path)
            .unwrap_or_else(|e| panic!("round {round}: the session does not open: {e}"));
        drop(store);
        let (session, _) = read_session(&r.path).unwrap();
        let target = session.contribution(&r.target).unwrap();
        if target.is_withdrawn() {
            withdrawn += 1;
            assert!(!target.holds_words(), "round {round} (seed {seed})");
            let left = holding(dir.path(), &r.words);
            assert!(
                left.is_empty(),
                "round {round} (seed {seed}, killed after {wait:?}): {left:?}"
            );
        } else {
            assert_eq!(target.text, format!("then {}", r.words[2]));
        }
        for (id, text) in &r.others {
            let c = session
                .contribution(id)
                .unwrap_or_else(|| panic!("round {round}: {id} is lost (seed {seed})"));
            assert_eq!(c.text.as_bytes(), text.as_bytes(), "round {round}: {id}");
        }
    }
    eprintln!(
        "{withdrawn} of 200 kills came after the withdrawal was recorded, {interrupted} inside its rewrite (an uninterrupted one took {whole:?})"
    );
    assert!(
        interrupted > 0,
        "no kill landed inside the rewrite: the test did not test it"
    );
}
