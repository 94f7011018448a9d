//! The docs and the checks agree on which plan fields are required. docs/formats.md says, for
//! every exercise and for each kind, which fields a plan must give and which it may leave out;
//! this test reads those tables and sentences and asks the checks themselves: a field the docs
//! call required, taken out of a real plan's exercise, must make hearth refuse the plan; one
//! they call optional, taken out, must leave it accepted. Every field a bundled plan's exercise
//! holds must be named in the docs, and every kind must have its row.

mod common;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use hearth::model::exercise::{Kind, OWN_FIELDS};
use serde_json::Value;

/// A field that the docs call required, which another field makes optional (said in its row
/// as "`FIELD` is then optional").
const UNLESS: [(&str, &str, &str); 1] = [("futures_wheel", "centre", "centre_from")];

/// One documented field: its name and whether a plan must give it.
#[derive(Debug, Clone, PartialEq)]
struct Documented {
    name: String,
    required: bool,
}

fn formats() -> String {
    std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/formats.md"))
        .expect("docs/formats.md")
}

/// `text` without what is in parentheses (the docs' explanations, which name other things in
/// backticks: kinds, values, slots).
fn without_asides(text: &str) -> String {
    let mut depth = 0usize;
    let mut out = String::new();
    for c in text.chars() {
        match c {
            '(' => depth += 1,
            ')' => depth = depth.saturating_sub(1),
            _ if depth == 0 => out.push(c),
            _ => {}
        }
    }
    out
}

/// The fields a docs phrase names: clauses are parted by `;`; a clause that starts with
/// "optional" makes each of its fields optional, and otherwise "optional" just before one field
/// makes that one optional. A field is the name at the start of a backticked span (`matrix:
/// {…}` names `matrix`).
fn fields_of(phrase: &str) -> Vec<Documented> {
    let mut out = Vec::new();
    for clause in without_asides(phrase).split(';') {
        let clause = clause.trim();
        let all_optional = clause.starts_with("optional");
        let mut rest = clause;
        while let Some(open) = rest.find('`') {
            let before = &rest[..open];
            let Some(len) = rest[open + 1..].find('`') else {
                break;
            };
            let span = &rest[open + 1..open + 1 + len];
            rest = &rest[open + 2 + len..];
            let name: String = span
                .chars()
                .take_while(|c| c.is_ascii_lowercase() || *c == '_')
                .collect();
            if name.is_empty() {
                continue;
            }
            let optional = all_optional || before.trim_end().ends_with("optional");
            out.push(Documented {
                name,
                required: !optional,
            });
        }
    }
    out
}

/// Each kind's row of the kinds table: its documented fields, and the row's whole text.
fn kind_rows(doc: &str) -> BTreeMap<String, (Vec<Documented>, String)> {
    let mut rows = BTreeMap::new();
    for line in doc.lines() {
        let cells: Vec<&str> = line.split('|').map(str::trim).collect();
        // | `kind` | its fields | its slots | holds |
        if cells.len() < 6 || !cells[1].starts_with('`') {
            continue;
        }
        let kind = cells[1].trim_matches('`');
        if Kind::named(kind).is_none() {
            continue;
        }
        rows.insert(kind.to_owned(), (fields_of(cells[2]), line.to_owned()));
    }
    rows
}

/// The fields every exercise has, from the sentence before the kinds table.
fn own_fields(doc: &str) -> Vec<Documented> {
    let start = doc
        .find("Every exercise has ")
        .expect("the sentence on every exercise's fields");
    let sentence = &doc[start..start + doc[start..].find(". ").expect("its end")];
    let sentence = sentence.split_whitespace().collect::<Vec<_>>().join(" ");
    fields_of(
        &sentence
            .replace(", optional", "; optional")
            .replace(", and a", "; a"),
    )
}

/// Every exercise of every plan hearth bundles or tests with that hearth accepts, with its kind.
fn examples() -> Vec<(Kind, Value, PathBuf)> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut out = Vec::new();
    for dir in [root.join("scenarios"), root.join("tests/fixtures")] {
        let mut paths: Vec<PathBuf> = std::fs::read_dir(&dir)
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.extension().is_some_and(|e| e == "json"))
            .collect();
        paths.sort();
        for path in paths {
            if hearth::store::load_scenario(&path).is_err() {
                continue;
            }
            let plan: Value = serde_json::from_slice(&std::fs::read(&path).unwrap()).unwrap();
            for ex in plan["agenda"].as_array().into_iter().flatten() {
                let kind = Kind::named(ex["kind"].as_str().unwrap()).unwrap();
                out.push((kind, ex.clone(), path.clone()));
            }
        }
    }
    out
}

/// Whether hearth accepts the plan at `path` with its exercise `id` replaced by `exercise`.
fn accepted(path: &Path, id: &str, exercise: Value) -> Result<(), String> {
    let mut plan: Value = serde_json::from_slice(&std::fs::read(path).unwrap()).unwrap();
    for ex in plan["agenda"].as_array_mut().unwrap() {
        if ex["id"] == id {
            *ex = exercise.clone();
        }
    }
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("plan.json");
    std::fs::write(&file, serde_json::to_vec_pretty(&plan).unwrap()).unwrap();
    hearth::store::load_scenario(&file)
        .map(|_| ())
        .map_err(|e| e.to_string())
}

/// Takes `documented` out of `exercise` one at a time and compares hearth's answer with the
/// docs'. Returns the disagreements.
fn compare(
    kind: Kind,
    documented: &[Documented],
    row: &str,
    exercise: &Value,
    path: &Path,
) -> Vec<String> {
    let mut wrong = Vec::new();
    let id = exercise["id"].as_str().unwrap();
    let at = format!("{} (`{id}` in {})", kind.name(), path.display());
    for field in documented {
        let unless = UNLESS
            .iter()
            .find(|(k, f, _)| *k == kind.name() && *f == field.name)
            .map(|(_, _, other)| *other);
        if exercise.get(&field.name).is_none() {
            if field.required && unless.is_none_or(|o| exercise.get(o).is_none()) {
                wrong.push(format!(
                    "{at}: the docs call `{}` required, and this plan leaves it out",
                    field.name
                ));
            }
            continue;
        }
        let mut without = exercise.clone();
        without.as_object_mut().unwrap().remove(&field.name);
        let outcome = accepted(path, id, without);
        // The field that makes another optional is needed when that other is left out.
        let stands_in = UNLESS.iter().any(|(k, f, other)| {
            *k == kind.name() && *other == field.name && exercise.get(*f).is_none()
        });
        let must_refuse =
            field.required && unless.is_none_or(|o| exercise.get(o).is_none()) || stands_in;
        match (must_refuse, outcome) {
            (true, Ok(())) => wrong.push(format!(
                "{at}: the docs call `{}` required, and hearth accepts the plan without it",
                field.name
            )),
            (false, Err(e)) => wrong.push(format!(
                "{at}: the docs call `{}` optional, and hearth refuses the plan without it: {e}",
                field.name
            )),
            _ => {}
        }
        if let Some(other) = unless {
            assert!(
                row.contains(&format!("`{}` is then optional", field.name)),
                "the {} row says when `{}` is optional (with `{other}`)",
                kind.name(),
                field.name
            );
        }
    }
    wrong
}

#[test]
fn the_docs_say_which_plan_fields_are_required_as_the_checks_do() {
    let doc = formats();
    let rows = kind_rows(&doc);
    let own = own_fields(&doc);
    let own_names: Vec<&str> = own.iter().map(|f| f.name.as_str()).collect();
    for name in OWN_FIELDS {
        assert!(
            own_names.contains(&name),
            "docs/formats.md's sentence on every exercise names `{name}`: {own:?}"
        );
    }
    let mut wrong = Vec::new();
    let examples = examples();
    for &kind in Kind::ALL {
        let Some((documented, row)) = rows.get(kind.name()) else {
            wrong.push(format!("{}: no row in the kinds table", kind.name()));
            continue;
        };
        let mine: Vec<&(Kind, Value, PathBuf)> =
            examples.iter().filter(|(k, _, _)| *k == kind).collect();
        assert!(!mine.is_empty(), "no plan has a {} exercise", kind.name());
        for (_, exercise, path) in mine {
            // Every field the plan holds is one the docs name.
            for key in exercise.as_object().unwrap().keys() {
                let named =
                    documented.iter().any(|f| &f.name == key) || own_names.contains(&key.as_str());
                if !named {
                    wrong.push(format!(
                        "{}: `{key}` (in {}) is not in its row of docs/formats.md",
                        kind.name(),
                        path.display()
                    ));
                }
            }
            wrong.extend(compare(kind, documented, row, exercise, path));
            let own_here: Vec<Documented> =
                own.iter().filter(|f| f.name != "kind").cloned().collect();
            wrong.extend(compare(kind, &own_here, row, exercise, path));
        }
    }
    wrong.sort();
    wrong.dedup();
    assert!(
        wrong.is_empty(),
        "docs/formats.md and the checks disagree:\n{}",
        wrong.join("\n")
    );
}

/// The reading of the docs' phrases that the test above relies on.
#[test]
fn the_docs_phrases_are_read_as_a_person_reads_them() {
    let names = |phrase: &str| -> Vec<(String, bool)> {
        fields_of(phrase)
            .into_iter()
            .map(|f| (f.name, f.required))
            .collect()
    };
    assert_eq!(
        names("`topic`; optional `prompts: {pull, push}`"),
        [("topic".into(), true), ("prompts".into(), false)]
    );
    assert_eq!(
        names("optional `a`, `b` (an earlier `c` exercise), `d`"),
        [
            ("a".into(), false),
            ("b".into(), false),
            ("d".into(), false)
        ]
    );
    assert_eq!(
        names("`situation`, optional `values: [..]`"),
        [("situation".into(), true), ("values".into(), false)]
    );
}

/// README's list of the plans compiled into hearth names each bundled plan once, and no other.
#[test]
fn the_readme_lists_every_bundled_plan_and_no_other() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let readme = std::fs::read_to_string(root.join("README.md")).unwrap();
    let library = &readme[readme.find("## The scenario library").expect("its section")..];
    let library = &library[..library[3..].find("\n## ").map_or(library.len(), |i| i + 3)];
    let mut listed: Vec<String> = library
        .lines()
        .filter_map(|l| l.strip_prefix("| `scenarios/"))
        .filter_map(|l| l.split('`').next())
        .map(str::to_owned)
        .collect();
    listed.sort();
    let mut bundled: Vec<String> = std::fs::read_dir(root.join("scenarios"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".json"))
        .collect();
    bundled.sort();
    assert_eq!(listed, bundled);
}
