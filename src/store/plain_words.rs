//! A file hearth cannot read, said in plain words: what is wrong, where (the exercise by its
//! number and title, the field by its name) and what to do. The JSON reader's own words — Rust
//! type names like `u32`, "variant", "sequence", "map", "struct", "invalid type" — are never
//! shown: people who write plans by hand in a word processor are not programmers.

use serde_json::Value;
use serde_json::error::Category;

use crate::model::exercise::{Kind, OWN_FIELDS};

/// What was wrong with the file, and where in it in words ("exercise 2 “Pathways”, minutes"),
/// from the JSON reader's error `e` at field `path` (`agenda[1].minutes`, or empty).
pub fn explain(bytes: &[u8], path: &str, e: &serde_json::Error) -> String {
    let raw = strip_position(&e.to_string());
    match e.classify() {
        Category::Syntax | Category::Eof => syntax(bytes, e, &raw),
        Category::Data => {
            // Inside an exercise's kind (read beside the exercise's own fields) the reader
            // loses the path: the kind's part read alone says where.
            let (path, raw) = match in_kind(bytes, path) {
                Some((path, raw)) => (path, raw),
                None => (path.to_owned(), raw),
            };
            let place = place_in_words(bytes, &path);
            let what = data(&path, &raw);
            if place.is_empty() {
                what
            } else {
                format!("{place}: {what}")
            }
        }
        Category::Io => raw,
    }
}

/// serde_json appends " at line L column C"; hearth puts the position first instead.
pub(crate) fn strip_position(message: &str) -> String {
    match message.rfind(" at line ") {
        Some(i) => message[..i].to_owned(),
        None => message.to_owned(),
    }
}

/// A file that is not JSON at the error's place.
fn syntax(bytes: &[u8], e: &serde_json::Error, raw: &str) -> String {
    let line = bytes
        .split(|b| *b == b'\n')
        .nth(e.line().saturating_sub(1))
        .map(String::from_utf8_lossy)
        .unwrap_or_default();
    let typographic = [
        '\u{201c}', '\u{201d}', '\u{2018}', '\u{2019}', '\u{ab}', '\u{bb}',
    ];
    if line.contains(typographic) {
        return "these quotes are typographic (“ ” or ‘ ’): JSON needs straight double quotes (\"), \
                which a word processor replaces as you type; turn off smart quotes, or replace them"
            .to_owned();
    }
    if e.classify() == Category::Eof {
        return "the file ends too early: a closing } or ] is missing, or the file was cut short"
            .to_owned();
    }
    let said = if raw.starts_with("key must be a string") {
        "a field's name must be in straight double quotes, like \"title\""
    } else if raw.starts_with("trailing comma") {
        "a comma before this } or ]: the last item of a list or block takes none; remove it"
    } else if raw.starts_with("expected `,` or `}`") {
        "a comma is missing between two fields, or a } is missing"
    } else if raw.starts_with("expected `,` or `]`") {
        "a comma is missing between two items of a list, or a ] is missing"
    } else if raw.starts_with("expected `:`") {
        "a colon (:) is missing after a field's name"
    } else if raw.starts_with("expected value") {
        "a value is missing here, or is not one JSON knows: text goes in straight double \
         quotes (\"like this\"), numbers as digits, and yes/no as true or false"
    } else if raw.starts_with("expected ident") {
        "true, false and null are written in small letters, without quotes"
    } else if raw.starts_with("control character") {
        "a line break or tab inside quotes: write a line break as \\n and a tab as \\t"
    } else if raw.starts_with("invalid escape") || raw.starts_with("invalid unicode") {
        "a backslash in text starts an escape: write a backslash itself as \\\\"
    } else if raw.starts_with("lone leading surrogate") || raw.contains("surrogate") {
        "a \\u escape that is not a character: write the character itself"
    } else if raw.starts_with("trailing characters") {
        "something follows the end of the file's outer { }: remove it"
    } else if raw.starts_with("number out of range") {
        "this number is too large"
    } else if raw.starts_with("recursion limit exceeded") {
        "blocks are nested too deeply"
    } else {
        "this is not valid JSON here"
    };
    said.to_owned()
}

/// Where a field is, in words: `agenda[1].questions[0].text` → `exercise 2 “Title”, questions
/// 1, text`. Empty for the file as a whole.
fn place_in_words(bytes: &[u8], path: &str) -> String {
    let doc: Option<Value> = serde_json::from_slice(bytes).ok();
    place_in(doc.as_ref(), path)
}

/// The same in a file already read as `doc` (titles come from it; without it, numbers only).
pub(crate) fn place_in(doc: Option<&Value>, path: &str) -> String {
    if path.is_empty() || path == "." || path == "?" {
        return String::new();
    }
    let mut parts: Vec<String> = Vec::new();
    let mut rest = path;
    let mut at: Option<&Value> = doc;
    while !rest.is_empty() {
        let end = rest.find(['.', '[']).unwrap_or(rest.len());
        let (name, after) = rest.split_at(end);
        if !name.is_empty() {
            at = at.and_then(|v| v.get(name));
            if name != "agenda" {
                parts.push(name.to_owned());
            }
        }
        rest = after;
        if let Some(r) = rest.strip_prefix('.') {
            rest = r;
        } else if let Some(r) = rest.strip_prefix('[') {
            let close = r.find(']').unwrap_or(r.len());
            let index: Option<usize> = r[..close].parse().ok();
            rest = r.get(close + 1..).unwrap_or("");
            rest = rest.strip_prefix('.').unwrap_or(rest);
            let item = index.and_then(|i| at.and_then(|v| v.get(i)));
            let n = index.map_or_else(|| "?".to_owned(), |i| (i + 1).to_string());
            if name == "agenda" {
                let title = item
                    .and_then(|e| e.get("title"))
                    .and_then(Value::as_str)
                    .map(|t| format!(" “{}”", crate::model::text::printable(t)))
                    .unwrap_or_default();
                parts.push(format!("exercise {n}{title}"));
            } else {
                match parts.last_mut() {
                    Some(last) => last.push_str(&format!(" {n}")),
                    None => parts.push(format!("item {n}")),
                }
            }
            at = item;
        }
    }
    parts.join(", ")
}

/// For a failure the reader placed at exercise `agenda[N]` itself: the kind's own part read
/// alone, giving the path inside it (`agenda[N].questions[1].text`) and its error. `None` when
/// the failure is not in the kind's part (the exercise's own fields, or the kind's name).
fn in_kind(bytes: &[u8], path: &str) -> Option<(String, String)> {
    let index: usize = path
        .strip_prefix("agenda[")?
        .strip_suffix(']')?
        .parse()
        .ok()?;
    let doc: Value = serde_json::from_slice(bytes).ok()?;
    let mut exercise = doc.get("agenda")?.get(index)?.as_object()?.clone();
    let kind = Kind::named(exercise.get("kind")?.as_str()?)?;
    for own in OWN_FIELDS {
        exercise.remove(own);
    }
    let part = serde_json::to_vec(&exercise).ok()?;
    let (inner, e) = kind.explain_part(&part)?;
    let raw = strip_position(&e.to_string());
    let path = if inner.is_empty() || inner == "." {
        path.to_owned()
    } else {
        format!("{path}.{inner}")
    };
    Some((path, raw))
}

/// A value of the wrong shape, an unknown name, a missing field.
fn data(path: &str, raw: &str) -> String {
    let field = path
        .rsplit(['.', '['])
        .next()
        .unwrap_or("")
        .trim_end_matches(']');
    if let Some(rest) = raw
        .strip_prefix("invalid type: ")
        .or_else(|| raw.strip_prefix("invalid value: "))
    {
        let (got, expected) = rest.split_once(", expected ").unwrap_or((rest, ""));
        let got = got_in_words(got);
        if field == "minutes" {
            return format!("time box: type a number of minutes, like 20 (here: {got})");
        }
        let named = if field.is_empty() || field.parse::<usize>().is_ok() {
            "this".to_owned()
        } else {
            format!("`{field}`")
        };
        return format!("{named} must be {}, not {got}", should_be(expected));
    }
    if let Some(rest) = raw.strip_prefix("unknown variant ") {
        let (name, expected) = rest.split_once(", expected ").unwrap_or((rest, ""));
        let name = name.trim_matches('`');
        let known = names_listed(expected);
        let is_kind = !known.is_empty() && known.iter().all(|k| Kind::named(k).is_some());
        let what = if is_kind {
            "a kind of exercise"
        } else {
            "one of the choices here"
        };
        let mut out = format!("`{name}` is not {what}");
        if let Some(meant) = meant(name, &known) {
            out.push_str(&format!(
                "; did you mean {} (`{meant}`)?",
                meant.replace('_', " ")
            ));
        } else {
            out.push_str(&format!(
                "; {}: {}",
                if is_kind { "the kinds" } else { "the choices" },
                list(&known)
            ));
        }
        return out;
    }
    if let Some(rest) = raw.strip_prefix("unknown field ") {
        let (name, expected) = rest.split_once(", expected ").unwrap_or((rest, ""));
        let name = name.trim_matches('`');
        let mut known = names_listed(expected);
        // An exercise's own fields come before its kind's (which are all the reader lists).
        if is_exercise(path) {
            known.splice(0..0, OWN_FIELDS);
        }
        let mut out = format!("`{name}` is not a field here");
        match meant(name, &known) {
            Some(m) => out.push_str(&format!("; did you mean `{m}`?")),
            None if !known.is_empty() => {
                out.push_str(&format!("; the fields here: {}", list(&known)))
            }
            None => {}
        }
        return out;
    }
    if let Some(rest) = raw.strip_prefix("missing field ") {
        return format!(
            "{} is missing: add it (docs/formats.md says what it holds)",
            rest.trim()
        );
    }
    if let Some(rest) = raw.strip_prefix("duplicate field ") {
        return format!("{} is given twice: keep one", rest.trim());
    }
    if let Some(rest) = raw.strip_prefix("invalid length ") {
        let (n, expected) = rest.split_once(", expected ").unwrap_or((rest, ""));
        return format!("{n} items where {} are expected", expected.trim());
    }
    // Anything else: the reader's message with its programmers' words put plainly.
    plain(raw)
}

/// Whether `path` names an exercise itself (`agenda[2]`).
fn is_exercise(path: &str) -> bool {
    path.strip_prefix("agenda[")
        .and_then(|r| r.strip_suffix(']'))
        .is_some_and(|n| n.parse::<usize>().is_ok())
}

/// What a value should be, in words, from the reader's expectation.
fn should_be(expected: &str) -> &'static str {
    let whole = [
        "u8", "u16", "u32", "u64", "usize", "i8", "i16", "i32", "i64", "isize",
    ];
    let e = expected.trim();
    if whole.contains(&e) {
        "a whole number, like 3, without quotes"
    } else if e.starts_with("f32") || e.starts_with("f64") {
        "a number, without quotes"
    } else if e.starts_with("a string") {
        "text in straight double quotes"
    } else if e == "a boolean" {
        "true or false, without quotes"
    } else if e.contains("sequence") {
        "a list in [ ]"
    } else if e.contains("map") || e.starts_with("struct ") {
        "a block in { }"
    } else if e.contains("date") || e.contains("YYYY") {
        "a date written YYYY-MM-DD"
    } else if e.contains("enum") || e.contains("variant") {
        "one of its choices"
    } else {
        "something else"
    }
}

/// What was found, in words.
fn got_in_words(got: &str) -> String {
    let got = got.trim();
    if let Some(s) = got.strip_prefix("string ") {
        return format!("the text {s}");
    }
    for (prefix, words) in [
        ("integer ", "the number "),
        ("floating point ", "the number "),
        ("boolean ", ""),
    ] {
        if let Some(n) = got.strip_prefix(prefix) {
            return format!("{words}{}", n.trim_matches('`'));
        }
    }
    match got {
        "map" => "a block in { }".to_owned(),
        "sequence" => "a list in [ ]".to_owned(),
        "null" => "null (nothing)".to_owned(),
        "unit value" => "empty".to_owned(),
        other => plain(other),
    }
}

/// The names in "`a`, `b`, `c`" or "`a` or `b`".
fn names_listed(expected: &str) -> Vec<&str> {
    expected
        .split('`')
        .skip(1)
        .step_by(2)
        .filter(|s| !s.is_empty())
        .collect()
}

/// The name `wanted` most likely meant: the same name written with spaces or dashes, or one a
/// letter or two away.
fn meant<'a>(wanted: &str, known: &[&'a str]) -> Option<&'a str> {
    let norm = |s: &str| s.to_lowercase().replace(['-', ' '], "_");
    let w = norm(wanted);
    if let Some(k) = known.iter().find(|k| norm(k) == w) {
        return Some(k);
    }
    known
        .iter()
        .map(|k| (crate::model::error::edit_distance(&w, k), *k))
        .filter(|(d, k)| *d <= 2.max(k.len() / 4))
        .min()
        .map(|(_, k)| k)
}

/// `a, b and c` (with their names in backquotes).
fn list(names: &[&str]) -> String {
    let quoted: Vec<String> = names.iter().map(|n| format!("`{n}`")).collect();
    match quoted.split_last() {
        None => String::new(),
        Some((last, [])) => last.clone(),
        Some((last, rest)) => format!("{} or {last}", rest.join(", ")),
    }
}

/// The reader's words that mean nothing to people who do not program, put plainly.
fn plain(raw: &str) -> String {
    let mut out = raw.to_owned();
    for (from, to) in [
        ("invalid type", "the wrong kind of value"),
        ("a sequence", "a list in [ ]"),
        ("sequence", "list"),
        ("a map", "a block in { }"),
        ("map", "block"),
        ("variant", "choice"),
        ("usize", "whole number"),
        ("u64", "whole number"),
        ("u32", "whole number"),
        ("u16", "whole number"),
        ("u8", "whole number"),
        ("i64", "number"),
        ("f64", "number"),
        ("struct ", ""),
        ("enum ", ""),
    ] {
        out = replace_word(&out, from, to);
    }
    out
}

/// `text` with every whole-word `from` replaced by `to`.
fn replace_word(text: &str, from: &str, to: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(i) = rest.find(from) {
        let before = rest[..i].chars().next_back();
        let after = rest[i + from.len()..].chars().next();
        let word = |c: Option<char>| c.is_some_and(|c| c.is_alphanumeric() || c == '_');
        out.push_str(&rest[..i]);
        if word(before) || (!from.ends_with(' ') && word(after)) {
            out.push_str(from);
        } else {
            out.push_str(to);
        }
        rest = &rest[i + from.len()..];
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn places_name_the_exercise_by_number_and_title() {
        let bytes = br#"{"agenda":[{"title":"One"},{"title":"Two","questions":[{"text":1}]}]}"#;
        assert_eq!(
            place_in_words(bytes, "agenda[1].questions[0].text"),
            "exercise 2 “Two”, questions 1, text"
        );
        assert_eq!(place_in_words(bytes, "agenda[0]"), "exercise 1 “One”");
        assert_eq!(place_in_words(bytes, ""), "");
    }

    #[test]
    fn a_word_is_replaced_only_whole() {
        assert_eq!(
            replace_word("a map of maps", "map", "block"),
            "a block of maps"
        );
        assert_eq!(replace_word("u32 or u320", "u32", "n"), "n or u320");
    }
}
