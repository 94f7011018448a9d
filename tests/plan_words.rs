//! The bundled plans are in their seeds' words: every string of every plan in `scenarios/` is
//! found in the published write-up its `source` names (`tests/fixtures/seeds/`), or is one of
//! hearth's own labels listed in [`LABELS`], each with why it is needed.
//!
//! Matching is on the seed's text, normalized only where the seeds' captures differ from what
//! the words are (see [`normalize`] and [`found`]):
//! - runs of whitespace (spaces, line breaks, non-breaking spaces) are one space: the captures
//!   wrap lines mid-sentence and a plan joins them;
//! - typographic quotes and dashes (’ ‘ “ ” – —) are their plain forms, and `•` list markers are
//!   spaces: the PDF capture of the toolkit dropped most of its bullet glyphs;
//! - the first letter of a line may differ in case: a phrase lifted out of a sentence to stand as
//!   a value or an item begins with a capital (no other letter's case is ignored);
//! - a line may be the seed's lines taken in order from within a few lines of each other: the PDF
//!   capture of a table interleaves the lines of cells that stand side by side.
//!
//! A plan string of several lines is checked line by line: each line is a passage of the seed.
//! Identifiers (`id`, `kind`, `format`, a vote's `on` and `slot`, a reference's `activity` and
//! `criterion`, `axes_from`) and the `source` itself are not words. `facilitator_notes` is
//! never shown by hearth (it is the plan file's note to whoever runs it, in hearth's words); what
//! it quotes “like this” is checked as the seed's.

use std::path::Path;

use serde_json::Value;

/// Which seed a `source` names: a phrase of the seed's title, and its file in fixtures.
const SEEDS: &[(&str, &str)] = &[
    (
        "Supervising Peer Workers Toolkit",
        "supervising-peer-workers-toolkit.txt",
    ),
    (
        "Dreaming Together: (Re)Imagining Pathways for Peer Advancement",
        "dreaming-together-pathways.txt",
    ),
    (
        "Visions of Opportunity for 2030",
        "visions-of-opportunity-2030.txt",
    ),
    (
        "Webinar Series Reflection",
        "peer-support-webinar-series.txt",
    ),
    (
        "Trends & Emerging Issues in Peer Support",
        "trends-and-emerging-issues.txt",
    ),
];

/// hearth's own words in the plans, never printed as a seed's: each with why it is there.
const LABELS: &[(&str, &str)] = &[
    // Group names a session starts with (`suggested_groups`), shown as the groups' names, never
    // as a seed's words; the seeds name no groups ("small group discussion", "table").
    ("Table 1", "a default group name"),
    ("Table 2", "a default group name"),
    ("Table 3", "a default group name"),
    ("Table 4", "a default group name"),
    ("Table 5", "a default group name"),
    ("Table 6", "a default group name"),
    // A "group" of the documentation plan is one one-to-one meeting (its facilitator notes).
    ("Meeting 1", "a default group name"),
    ("Meeting 2", "a default group name"),
    // The six pillars plan's exercises are named by the method each runs: the trends post cites
    // the method ("Six pillars: Futures thinking for transforming") but names none of its parts.
    (
        "Futures Triangle",
        "the name of a method of the six pillars",
    ),
    ("Futures Wheel", "the name of a method of the six pillars"),
    (
        "Causal Layered Analysis",
        "the name of a method of the six pillars",
    ),
    ("Backcasting", "the name of a method of the six pillars"),
];

/// Keys whose values are identifiers or the citation itself, not words of the plan.
const NOT_WORDS: &[&str] = &[
    "id",
    "kind",
    "format",
    "source",
    "axes_from",
    "on",
    "slot",
    "activity",
    "criterion",
];

fn bundled() -> Vec<std::path::PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios");
    let mut files: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .collect();
    files.sort();
    files
}

/// Whitespace, typographic quotes and dashes and `•` markers as said in the module comment.
fn normalize(s: &str) -> String {
    let mapped: String = s
        .chars()
        .map(|c| match c {
            '\u{2018}' | '\u{2019}' => '\'',
            '\u{201c}' | '\u{201d}' => '"',
            '\u{2013}' | '\u{2014}' => '-',
            '\u{2022}' => ' ',
            c if c.is_whitespace() => ' ',
            c => c,
        })
        .collect();
    mapped.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// A seed: its text as one normalized line, and its lines normalized one by one.
struct Seed {
    text: String,
    lines: Vec<String>,
}

impl Seed {
    fn read(file: &str) -> Seed {
        let path = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures/seeds")
            .join(file);
        let raw =
            std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        Seed {
            text: normalize(&raw),
            lines: raw
                .lines()
                .map(normalize)
                .filter(|l| !l.is_empty())
                .collect(),
        }
    }

    /// Whether `line` (normalized) is this seed's text, as the module comment says.
    fn has(&self, line: &str) -> bool {
        // Interleaving is for a table cell's sentences: a few words could be pieced together
        // from anywhere.
        self.text.contains(line) || (line.split(' ').count() >= 6 && self.interleaved(line))
    }

    /// `line` as whole seed lines in order, each within `WINDOW` lines of the one before (the
    /// first may be the end of a line, the last the start of one).
    fn interleaved(&self, line: &str) -> bool {
        const WINDOW: usize = 12;
        fn rest(seed: &Seed, after: usize, left: &str) -> bool {
            let end = (after + 1 + WINDOW).min(seed.lines.len());
            seed.lines[after + 1..end].iter().enumerate().any(|(k, l)| {
                let at = after + 1 + k;
                if left.len() <= l.len() {
                    l.starts_with(left)
                } else {
                    left.strip_prefix(l.as_str())
                        .and_then(|r| r.strip_prefix(' '))
                        .is_some_and(|r| rest(seed, at, r))
                }
            })
        }
        self.lines.iter().enumerate().any(|(i, l)| {
            // The first piece: a whole seed line, or the end of one from a word on.
            let starts =
                std::iter::once(l.as_str()).chain(l.match_indices(' ').map(|(j, _)| &l[j + 1..]));
            starts.into_iter().any(|piece| {
                line.strip_prefix(piece)
                    .and_then(|r| r.strip_prefix(' '))
                    .is_some_and(|r| rest(self, i, r))
            })
        })
    }
}

/// Whether `line` is in one of `seeds`, its first letter in either case.
fn found(seeds: &[Seed], line: &str) -> bool {
    let line = normalize(line);
    if line.is_empty() {
        return true;
    }
    let mut chars = line.chars();
    let swapped: String = match chars.next() {
        Some(c) if c.is_lowercase() => c.to_uppercase().chain(chars).collect(),
        Some(c) => c.to_lowercase().chain(chars).collect(),
        None => String::new(),
    };
    seeds.iter().any(|s| s.has(&line) || s.has(&swapped))
}

/// Every string of `v` that is words of the plan, with its place (`agenda[0].title`).
fn strings(v: &Value, path: &str, out: &mut Vec<(String, String)>) {
    match v {
        Value::Object(map) => {
            for (k, x) in map {
                if !NOT_WORDS.contains(&k.as_str()) {
                    let p = if path.is_empty() {
                        k.clone()
                    } else {
                        format!("{path}.{k}")
                    };
                    strings(x, &p, out);
                }
            }
        }
        Value::Array(items) => {
            for (i, x) in items.iter().enumerate() {
                strings(x, &format!("{path}[{i}]"), out);
            }
        }
        Value::String(s) => out.push((path.to_owned(), s.clone())),
        Value::Null | Value::Bool(_) | Value::Number(_) => {}
    }
}

/// What `notes` quotes “like this”.
fn quoted(notes: &str) -> Vec<&str> {
    notes
        .split('\u{201c}')
        .skip(1)
        .filter_map(|s| s.split_once('\u{201d}'))
        // An elided quotation ends in `…`: what comes before it is the seed's.
        .map(|(q, _)| q.trim_end_matches('\u{2026}'))
        .collect()
}

/// The strings of one plan that are in neither its seeds nor the labels, each with its place.
fn unsourced(plan: &Value, seeds: &[Seed]) -> Vec<String> {
    let mut all = Vec::new();
    strings(plan, "", &mut all);
    let mut bad = Vec::new();
    for (path, s) in all {
        let checked: Vec<&str> = if path == "facilitator_notes" {
            quoted(&s)
        } else {
            s.lines().collect()
        };
        for line in checked {
            let label = LABELS.iter().any(|(l, _)| *l == line);
            if !label && !found(seeds, line) {
                bad.push(format!("{path}: {line}"));
            }
        }
    }
    bad
}

fn plan_and_seeds(path: &Path) -> (Value, Vec<Seed>) {
    let plan: Value = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    let source = plan["source"].as_str().unwrap_or_default();
    let seeds = SEEDS
        .iter()
        .filter(|(title, _)| source.contains(title))
        .map(|(_, file)| Seed::read(file))
        .collect();
    (plan, seeds)
}

#[test]
fn every_string_of_every_bundled_plan_is_its_seeds_words_or_a_listed_label() {
    let mut report = Vec::new();
    for path in bundled() {
        let (plan, seeds) = plan_and_seeds(&path);
        for bad in unsourced(&plan, &seeds) {
            report.push(format!(
                "{}: {bad}",
                path.file_name().unwrap().to_string_lossy()
            ));
        }
    }
    assert!(
        report.is_empty(),
        "not the seed's words and not a listed label:\n{}",
        report.join("\n")
    );
}

#[test]
fn every_label_is_used_by_a_plan() {
    let mut all = Vec::new();
    for path in bundled() {
        strings(&plan_and_seeds(&path).0, "", &mut all);
    }
    for (label, _) in LABELS {
        assert!(all.iter().any(|(_, s)| s == label), "{label} is not used");
    }
}

#[test]
fn every_bundled_plan_names_a_seed_in_fixtures() {
    for path in bundled() {
        let (_, seeds) = plan_and_seeds(&path);
        assert!(!seeds.is_empty(), "{}: no seed named", path.display());
    }
}

/// The check itself: an invented word anywhere is caught, seed text split across a table's
/// interleaved columns is not.
#[test]
fn an_invented_word_is_caught_and_the_seeds_own_are_not() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios/value-conflicts.json");
    let (mut plan, seeds) = plan_and_seeds(&path);
    assert!(unsourced(&plan, &seeds).is_empty());
    plan["agenda"][0]["worked_rows"][0]["risks"] =
        Value::String("Penalties may be severe, and could include job loss. Invented.".into());
    assert_eq!(
        unsourced(&plan, &seeds),
        [
            "agenda[0].worked_rows[0].risks: Penalties may be severe, and could include job loss. Invented."
        ]
    );
    let toolkit = [Seed::read("supervising-peer-workers-toolkit.txt")];
    assert!(found(
        &toolkit,
        "• Is combined with administrative supervision (discussing performance and workplan)"
    ));
    assert!(!found(
        &toolkit,
        "• Is combined with administrative supervision (discussing performance and planning)"
    ));
    assert!(found(&toolkit, "Self-determination"));
    assert!(found(&toolkit, "Meaningful choice"));
    assert!(!found(&toolkit, "Meaningful CHOICE"));
}
