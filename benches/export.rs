//! Export benchmarks: a 100,000-contribution session (every exercise kind, realistic texts) to
//! Markdown, HTML, CSV and JSON. Aim: under 1 s each and under 200 MB of memory.
//!
//! Run with `cargo bench --bench export`. Before timing, it prints each format's output size and
//! the peak heap the export itself needed on top of the session.

use std::path::Path;
use std::sync::LazyLock;

use hearth::export::{Format, Options, export};
use hearth::model::{Change, Draft, Session};
use hearth::store::load_scenario;

#[path = "support/peak_alloc.rs"]
mod peak_alloc;

#[global_allocator]
static GLOBAL: peak_alloc::PeakAlloc = peak_alloc::PeakAlloc;

const N: usize = 100_000;

const WORDS: [&str; 24] = [
    "peer",
    "support",
    "volunteer",
    "outreach",
    "worker",
    "lived",
    "experience",
    "housing",
    "coordinator",
    "mentor",
    "夢",
    "🚀",
    "*stars*",
    "a|b",
    "<care>",
    "&",
    "warm",
    "lines",
    "union",
    "leadership",
    "trainer",
    "café",
    "مرحبا",
    "trust",
];
const STEPS: [&str; 40] = [
    "Volunteer",
    "Peer mentor",
    "Outreach worker",
    "Coordinator",
    "Trainer",
    "Presenter",
    "Peer researcher",
    "Leadership",
    "Union representative",
    "Professor",
    "Student",
    "Teaching",
    "Social media manager",
    "Youth peer mentor",
    "Board",
    "Paid staff",
    "Housing worker",
    "Case manager",
    "Director",
    "Call centre work",
    "Admin diploma",
    "Injury",
    "Receiving supports",
    "Program coordinator",
    "Surveyor",
    "Systems mentor",
    "Role innovator",
    "Warm line",
    "Speakers bureau",
    "Service navigator",
    "Relief work",
    "Social work",
    "Therapy",
    "Manager",
    "Supervisor",
    "Trainer of trainers",
    "Advocate",
    "Policy advisor",
    "Researcher",
    "Author",
];

/// A small deterministic generator, so every run exports the same session.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> usize {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (self.0 >> 33) as usize
    }

    fn sentence(&mut self, words: usize) -> String {
        let n = 4 + self.next() % words;
        let mut s = String::new();
        for i in 0..n {
            if i > 0 {
                s.push(if self.next().is_multiple_of(17) {
                    '\n'
                } else {
                    ' '
                });
            }
            s.push_str(WORDS[self.next() % WORDS.len()]);
        }
        s
    }

    fn pathway(&mut self) -> String {
        let n = 2 + self.next() % 5;
        (0..n)
            .map(|_| STEPS[self.next() % STEPS.len()])
            .collect::<Vec<_>>()
            .join(" --> ")
    }
}

/// 100,000 contributions across every exercise kind of the all-kinds plan.
fn big_session() -> Session {
    let plan = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/all-kinds.json");
    let scenario = load_scenario(&plan).unwrap();
    let groups = scenario.suggested_groups.clone();
    let mut s = Session::new(
        scenario,
        "Export benchmark".into(),
        "2026-11-22".parse().ok(),
        groups.clone(),
    );
    let mut rng = Rng(7);
    for i in 0..N {
        let group = Some(groups[i % groups.len()].clone());
        let d = match i % 20 {
            0..=5 => Draft::new("round", ["sick", "whole"][i % 2], &rng.sentence(14)),
            6..=9 => Draft::new(
                "triangle",
                ["pull", "push", "weight", "uncertainties"][i % 4],
                &rng.sentence(10),
            )
            .field("elaboration", &rng.sentence(6)),
            10 => Draft::new("scenarios", "narrative", &rng.sentence(40)),
            11 => Draft::new("scenarios", "timeline", &rng.sentence(8))
                .field("year", &format!("{}", 2026 + i % 9)),
            12 => Draft::new(
                "scenarios",
                ["characteristics", "raised", "shared"][i % 3],
                &rng.sentence(8),
            ),
            13..=15 => Draft::new("pathways", ["q1", "q4"][i % 2], &rng.pathway()),
            16 | 17 => Draft::new("conflict", "approaches", &rng.sentence(8))
                .field("benefits", &rng.sentence(8))
                .field("risks", &rng.sentence(8)),
            18 => Draft::new(
                "roles",
                ["1.a", "1.h", "2.a", "2.h"][i % 4],
                &rng.sentence(5),
            )
            .field("mark", ["Yes", "No", "Maybe", "??"][i % 4]),
            _ => Draft::new("ready", ["why", "jd"][i % 2], &rng.sentence(5))
                .field("checked", ["yes", "no"][i % 2]),
        };
        let mut c = d.group(group).into_contribution();
        c.hidden = i.is_multiple_of(50);
        c.starred = i.is_multiple_of(30);
        s.apply(&Change::Add { contribution: c }).unwrap();
    }
    s
}

static SESSION: LazyLock<Session> = LazyLock::new(big_session);

const FORMATS: [(&str, Format); 4] = [
    ("md", Format::Markdown),
    ("html", Format::Html),
    ("csv", Format::Csv),
    ("json", Format::Json),
];

#[divan::bench(args = ["md", "html", "csv", "json"], sample_count = 10, sample_size = 1)]
fn export_100k(bencher: divan::Bencher, format: &str) {
    let session = &*SESSION;
    let format = Format::from_name(format).unwrap();
    bencher.bench_local(|| export(session, format, &Options::default()).unwrap());
}

fn main() {
    let before = peak_alloc::live();
    let session = &*SESSION;
    let kept = peak_alloc::live() - before;
    println!(
        "session: {} contributions, {:.1} MB in memory",
        session.contributions().len(),
        kept as f64 / 1e6
    );
    for (name, format) in FORMATS {
        let base = peak_alloc::live();
        peak_alloc::reset_peak();
        let start = std::time::Instant::now();
        let out = export(session, format, &Options::default()).unwrap();
        let took = start.elapsed();
        let peak = peak_alloc::peak() - base;
        println!(
            "export {name:>4}: {:6.1} MB written, peak heap {:6.1} MB on top of the session, first run {:.0} ms",
            out.len() as f64 / 1e6,
            peak as f64 / 1e6,
            took.as_secs_f64() * 1e3
        );
    }
    divan::main();
}
