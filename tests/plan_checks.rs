//! Plans written by hand, broken the ways people break them (a word processor's quotes, a kind
//! spelled with a dash, minutes as a word, a missing comma, a field in the wrong place…): every
//! one refused by `hearth validate` with exit 2 and a message that says where (file, line and
//! column; the exercise by number and title) and what to do, in plain words — never the JSON
//! reader's programmers' words (`u32`, "variant", "struct", "map", "sequence", "invalid type").

mod common;

use std::path::Path;

use serde_json::{Value, json};

/// Words a message must not use, as whole words: Rust's and the JSON reader's.
const PROGRAMMERS_WORDS: [&str; 20] = [
    "u8",
    "u16",
    "u32",
    "u64",
    "usize",
    "i32",
    "i64",
    "f64",
    "variant",
    "struct",
    "enum",
    "map",
    "sequence",
    "invalid type",
    "invalid value",
    "serde",
    "deserialize",
    "String",
    "Vec",
    "Option",
];

fn plan() -> Value {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/all-kinds.json");
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

/// The plan with `edit` made to its JSON, written out pretty as a person's file would be.
fn edited(edit: impl FnOnce(&mut Value)) -> String {
    let mut v = plan();
    edit(&mut v);
    serde_json::to_string_pretty(&v).unwrap()
}

/// The plan's text with `from` replaced (once) by `to`.
fn retyped(from: &str, to: &str) -> String {
    let text = serde_json::to_string_pretty(&plan()).unwrap();
    assert!(text.contains(from), "the plan has no {from:?}");
    text.replacen(from, to, 1)
}

/// Each broken plan, and words its message must hold.
fn corpus() -> Vec<(&'static str, String, Vec<&'static str>)> {
    vec![
        (
            "minutes as a word",
            edited(|v| v["agenda"][0]["minutes"] = json!("ten")),
            vec![
                "exercise 1 “Consciousness raising”",
                "number of minutes",
                "20",
            ],
        ),
        (
            "minutes negative",
            edited(|v| v["agenda"][1]["minutes"] = json!(-5)),
            vec!["exercise 2", "number of minutes"],
        ),
        (
            "minutes with a fraction",
            edited(|v| v["agenda"][1]["minutes"] = json!(7.5)),
            vec!["number of minutes"],
        ),
        (
            "a kind with a dash",
            edited(|v| v["agenda"][0]["kind"] = json!("prompt-round")),
            vec![
                "`prompt-round` is not a kind",
                "did you mean prompt round (`prompt_round`)",
            ],
        ),
        (
            "a kind in words",
            edited(|v| v["agenda"][3]["kind"] = json!("Pathway Brainstorm")),
            vec!["did you mean pathway brainstorm (`pathway_brainstorm`)"],
        ),
        (
            "a kind misspelt",
            edited(|v| v["agenda"][6]["kind"] = json!("checklst")),
            vec!["did you mean checklist"],
        ),
        (
            "an unknown kind",
            edited(|v| v["agenda"][6]["kind"] = json!("brainstorm party")),
            vec!["not a kind of exercise", "`prompt_round`"],
        ),
        (
            "no kind",
            edited(|v| {
                v["agenda"][0].as_object_mut().unwrap().remove("kind");
            }),
            vec!["kind", "exercise 1"],
        ),
        (
            "typographic quotes around a name",
            retyped(
                "\"title\": \"Consciousness raising\"",
                "“title”: \"Consciousness raising\"",
            ),
            vec!["typographic", "straight double quotes"],
        ),
        (
            "typographic quotes around a value",
            retyped("\"Consciousness raising\"", "“Consciousness raising”"),
            vec!["typographic"],
        ),
        (
            "single quotes",
            retyped(
                "\"title\": \"Consciousness raising\"",
                "'title': 'Consciousness raising'",
            ),
            vec!["straight double quotes"],
        ),
        (
            "a missing comma between fields",
            retyped("\"minutes\": 10,", "\"minutes\": 10"),
            vec!["comma is missing"],
        ),
        (
            "a trailing comma",
            {
                let t = serde_json::to_string_pretty(&plan()).unwrap();
                let end = t.rfind('}').unwrap();
                format!("{},\n}}", t[..end].trim_end())
            },
            vec!["remove it"],
        ),
        (
            "a comma before a closing bracket",
            retyped(
                "\"What makes us sick?\"\n        }",
                "\"What makes us sick?\",\n        }",
            ),
            vec!["remove it"],
        ),
        (
            "cut short",
            {
                let t = serde_json::to_string_pretty(&plan()).unwrap();
                t[..t.len() / 2].to_owned()
            },
            vec!["ends too early"],
        ),
        (
            "words after the end",
            format!(
                "{}\nThanks!",
                serde_json::to_string_pretty(&plan()).unwrap()
            ),
            vec!["follows the end"],
        ),
        (
            "yes instead of true",
            retyped("\"minutes\": 10", "\"minutes\": yes"),
            vec![],
        ),
        (
            "True with a capital",
            retyped("\"minutes\": 10", "\"minutes\": True"),
            vec![],
        ),
        (
            "a line break inside quotes",
            retyped("What makes us sick?", "What makes\nus sick?"),
            vec!["line break"],
        ),
        (
            "a backslash",
            retyped("What makes us sick?", "What makes us sick\\?"),
            vec!["backslash"],
        ),
        (
            "a field misspelt",
            edited(|v| {
                let e = v["agenda"][0].as_object_mut().unwrap();
                let q = e.remove("questions").unwrap();
                e.insert("qestions".into(), q);
            }),
            vec!["`qestions` is not a field here", "did you mean `questions`"],
        ),
        (
            "a field of another kind",
            edited(|v| v["agenda"][0]["topic"] = json!("the future")),
            vec!["`topic` is not a field here", "`questions`"],
        ),
        (
            "no id",
            edited(|v| {
                v["agenda"][2].as_object_mut().unwrap().remove("id");
            }),
            vec!["`id` is missing", "exercise 3 “Scenario building”"],
        ),
        (
            "no title for the plan",
            edited(|v| {
                v.as_object_mut().unwrap().remove("title");
            }),
            vec!["`title` is missing"],
        ),
        (
            "questions as one text",
            edited(|v| v["agenda"][0]["questions"] = json!("What makes us sick?")),
            vec!["list in [ ]", "exercise 1"],
        ),
        (
            "a question as text, not a block",
            edited(|v| v["agenda"][0]["questions"][0] = json!("What makes us sick?")),
            vec!["block in { }", "questions 1"],
        ),
        (
            "a question's text as a number",
            edited(|v| v["agenda"][0]["questions"][1]["text"] = json!(42)),
            vec!["`text` must be text", "the number 42", "questions 2"],
        ),
        (
            "the agenda as a block",
            edited(|v| v["agenda"] = json!({"round": 1})),
            vec!["list in [ ]"],
        ),
        (
            "suggested groups as one text",
            edited(|v| v["suggested_groups"] = json!("Table 1, Table 2")),
            vec!["suggested_groups", "list in [ ]"],
        ),
        (
            "a matrix without its y axis",
            edited(|v| {
                v["agenda"][2]["matrix"]
                    .as_object_mut()
                    .unwrap()
                    .remove("y");
            }),
            vec!["`y` is missing", "matrix"],
        ),
        (
            "an axis as text",
            edited(|v| v["agenda"][2]["matrix"]["x"] = json!("Oversight")),
            vec!["block in { }", "matrix"],
        ),
        (
            "a vote's dots as a word",
            edited(|v| v["agenda"][0]["votes"] = json!([{"dots": "three"}])),
            vec!["whole number", "votes 1"],
        ),
        (
            "a vote on something unknown",
            edited(|v| v["agenda"][0]["votes"] = json!([{"on": "people"}])),
            vec!["`people` is not one of the choices"],
        ),
        (
            "a rating as yes",
            edited(|v| v["agenda"][0]["votes"] = json!([{"rate": "yes"}])),
            vec!["true or false"],
        ),
        (
            "an empty title",
            edited(|v| v["agenda"][1]["title"] = json!("")),
            vec!["title"],
        ),
        (
            "two exercises with one id",
            edited(|v| v["agenda"][1]["id"] = json!("round")),
            vec!["round"],
        ),
        (
            "a role clarity reference to an unknown activity",
            edited(|v| v["agenda"][5]["reference"][0]["activity"] = json!("99")),
            vec!["99"],
        ),
        (
            "the whole plan as a list",
            format!("[{}]", serde_json::to_string_pretty(&plan()).unwrap()),
            vec![],
        ),
    ]
}

/// Whether `text` holds `word` as a whole word (not inside another word).
fn has_word(text: &str, word: &str) -> bool {
    text.match_indices(word).any(|(i, _)| {
        let before = text[..i].chars().next_back();
        let after = text[i + word.len()..].chars().next();
        let part = |c: Option<char>| c.is_some_and(|c| c.is_alphanumeric() || c == '_');
        !part(before) && !part(after)
    })
}

#[test]
fn every_broken_plan_is_refused_in_plain_words_saying_where_and_what_to_do() {
    let cases = corpus();
    assert!(cases.len() >= 30, "{} broken plans", cases.len());
    let dir = tempfile::tempdir().unwrap();
    let mut failures = Vec::new();
    for (n, (name, text, words)) in cases.into_iter().enumerate() {
        let file = dir.path().join(format!("plan-{n}.json"));
        std::fs::write(&file, &text).unwrap();
        let out = common::run_hearth(dir.path(), &["validate", file.to_str().unwrap()], None);
        let said = String::from_utf8_lossy(&out.stderr).into_owned();
        let first = said.lines().next().unwrap_or("").to_owned();
        let mut wrong = Vec::new();
        if out.status.code() != Some(2) {
            wrong.push(format!("exit {:?}", out.status.code()));
        }
        let place = format!("{}:", file.display());
        if !first.starts_with(&place) {
            wrong.push("does not begin with the file".to_owned());
        } else {
            // file:LINE:COLUMN: what
            let rest = &first[place.len()..];
            let mut parts = rest.splitn(3, ':');
            let located = parts.next().is_some_and(|l| l.parse::<usize>().is_ok())
                && parts.next().is_some_and(|c| c.parse::<usize>().is_ok());
            if !located {
                wrong.push("says no line and column".to_owned());
            }
        }
        for w in PROGRAMMERS_WORDS {
            if has_word(&said, w) {
                wrong.push(format!("uses the word {w:?}"));
            }
        }
        for w in &words {
            if !said.contains(w) {
                wrong.push(format!("does not say {w:?}"));
            }
        }
        if std::env::var_os("HEARTH_SHOW_MESSAGES").is_some() {
            eprintln!("{name}: {first}");
        }
        if !wrong.is_empty() {
            failures.push(format!("{name}: {}\n    {said}", wrong.join("; ")));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn whole_words_are_told_apart() {
    assert!(has_word("expected u32", "u32"));
    assert!(!has_word("maps and mapping", "map"));
    assert!(has_word("a map.", "map"));
}
