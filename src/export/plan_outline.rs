//! A workshop plan from a Markdown outline a facilitator already has (`hearth plan import`):
//!
//! ```text
//! # Futures of peer support            ← the plan's title; paragraphs under it, its summary
//! Groups: Table 1, Table 2             ← suggested groups
//!
//! ## Consciousness raising (10 min)    ← an exercise, its time box
//! Kind: prompt round                   ← its kind in plain words (else guessed: see below)
//! Take a moment to reflect together.   ← instructions for the room
//! 1. What makes us sick?               ← numbered questions keep their numbers
//! 2. What makes us feel whole?
//! ```
//!
//! Each kind reads its own lines: `Topic:` (a Futures Triangle), `Focal question:`, `Horizon:`,
//! `X axis: Name (low ↔ high)` and `Y axis:` (scenario building), `Situation:` and bullets for
//! the values (a value conflict), `Question:`, numbered activities and bulleted criteria (role
//! clarity), bullets under `###` sections (a checklist). Without a `Kind:` line the kind is
//! guessed from the heading's words ("triangle", "scenario", "pathway", "checklist"…), else a
//! prompt round when there are questions and notes when there are none. Every line is either
//! used or listed as not understood; nothing is invented.

use serde_json::{Map, Value, json};

use crate::model::Scenario;
use crate::model::exercise::Kind;
use crate::model::text::slugify;

/// A plan read from an outline, and what was understood, line by line, to say so.
pub struct Outline {
    pub scenario: Scenario,
    /// One line per exercise: its number, title, kind (and why), time box and parts.
    pub understood: Vec<String>,
    /// Lines that were not used: (line number, text).
    pub unread: Vec<(usize, String)>,
}

/// One exercise as the outline gives it.
#[derive(Default)]
struct Part {
    title: String,
    line: usize,
    minutes: Option<u32>,
    kind: Option<(Kind, String)>,
    instructions: Vec<String>,
    /// `Label: value` lines, by lower-case label.
    labelled: Vec<(String, String)>,
    /// Numbered items: (number, text).
    numbered: Vec<(u32, String)>,
    /// Bullet items: (section, text).
    bullets: Vec<(String, String)>,
    section: String,
}

/// Reads `text`; `fallback_title` names the plan when the outline has no `# Title`. The error
/// says why no plan could be made, in plain words.
pub fn read_outline(text: &str, fallback_title: &str) -> Result<Outline, String> {
    let mut title = String::new();
    let mut summary: Vec<String> = Vec::new();
    let mut groups: Vec<String> = Vec::new();
    let mut parts: Vec<Part> = Vec::new();
    let mut unread: Vec<(usize, String)> = Vec::new();
    let mut paragraph = String::new();
    for (n, raw) in text.lines().enumerate() {
        let line_no = n + 1;
        let line = raw.trim();
        let in_part = !parts.is_empty();
        if line.is_empty() {
            flush(&mut paragraph, parts.last_mut(), &mut summary);
            continue;
        }
        if let Some(h) = line.strip_prefix("## ") {
            flush(&mut paragraph, parts.last_mut(), &mut summary);
            let (t, minutes) = time_box(h.trim());
            parts.push(Part {
                title: t,
                line: line_no,
                minutes,
                ..Part::default()
            });
            continue;
        }
        if let Some(h) = line.strip_prefix("# ") {
            flush(&mut paragraph, parts.last_mut(), &mut summary);
            if title.is_empty() && !in_part {
                title = h.trim().to_owned();
            } else {
                unread.push((line_no, line.to_owned()));
            }
            continue;
        }
        if let Some(h) = line.strip_prefix("### ") {
            flush(&mut paragraph, parts.last_mut(), &mut summary);
            match parts.last_mut() {
                Some(p) => p.section = h.trim().to_owned(),
                None => unread.push((line_no, line.to_owned())),
            }
            continue;
        }
        if let Some((label, value)) = labelled(line) {
            flush(&mut paragraph, parts.last_mut(), &mut summary);
            match (parts.last_mut(), label.as_str()) {
                (None, "groups") => {
                    groups = value
                        .split(',')
                        .map(|g| g.trim().to_owned())
                        .filter(|g| !g.is_empty())
                        .collect();
                }
                (Some(p), "kind") => match kind_in_words(&value) {
                    Some(k) => p.kind = Some((k, "its Kind line".to_owned())),
                    None => unread.push((line_no, line.to_owned())),
                },
                (Some(p), "time" | "time box" | "minutes") => {
                    match value
                        .trim_end_matches(['m', 'i', 'n', 'u', 't', 'e', 's', ' '])
                        .parse()
                    {
                        Ok(m) => p.minutes = Some(m),
                        Err(_) => unread.push((line_no, line.to_owned())),
                    }
                }
                (Some(p), _) => p.labelled.push((label, value)),
                (None, _) => unread.push((line_no, line.to_owned())),
            }
            continue;
        }
        if let Some((number, item)) = numbered(line) {
            flush(&mut paragraph, parts.last_mut(), &mut summary);
            match parts.last_mut() {
                Some(p) => p.numbered.push((number, item.to_owned())),
                None => unread.push((line_no, line.to_owned())),
            }
            continue;
        }
        if let Some(item) = bullet(line) {
            flush(&mut paragraph, parts.last_mut(), &mut summary);
            match parts.last_mut() {
                Some(p) => p.bullets.push((p.section.clone(), item.to_owned())),
                None => unread.push((line_no, line.to_owned())),
            }
            continue;
        }
        // Running text: a paragraph of the summary, or of the exercise's instructions.
        if !paragraph.is_empty() {
            paragraph.push(' ');
        }
        paragraph.push_str(line);
    }
    flush(&mut paragraph, parts.last_mut(), &mut summary);
    if parts.is_empty() {
        return Err(
            "no exercise: give each exercise a heading of its own, starting with ## (like \"## Consciousness raising (10 min)\")"
                .to_owned(),
        );
    }
    if title.is_empty() {
        title = fallback_title.trim().to_owned();
    }
    let mut agenda = Vec::new();
    let mut understood = Vec::new();
    let mut ids: Vec<String> = Vec::new();
    for (i, part) in parts.into_iter().enumerate() {
        let (exercise, said) = exercise(part, &mut ids, &mut unread);
        understood.push(format!("{}. {said}", i + 1));
        agenda.push(exercise);
    }
    let mut plan = Map::new();
    plan.insert("format".into(), json!("hearth-scenario/1"));
    plan.insert("id".into(), json!(slugify(&title)));
    plan.insert("title".into(), json!(title));
    if !summary.is_empty() {
        plan.insert("summary".into(), json!(summary.join("\n\n")));
    }
    if !groups.is_empty() {
        plan.insert("suggested_groups".into(), json!(groups));
    }
    plan.insert("agenda".into(), Value::Array(agenda));
    let scenario: Scenario = serde_json::from_value(Value::Object(plan))
        .map_err(|e| format!("the outline does not make a plan: {e}"))?;
    let problems = scenario.problems("");
    if let Some(p) = problems.first() {
        return Err(format!(
            "the outline does not make a plan yet: {p}{}",
            if problems.len() > 1 {
                format!(" (and {} more)", problems.len() - 1)
            } else {
                String::new()
            }
        ));
    }
    unread.sort();
    Ok(Outline {
        scenario,
        understood,
        unread,
    })
}

/// Ends a paragraph of running text: the exercise's instructions, or the plan's summary.
fn flush(paragraph: &mut String, part: Option<&mut Part>, summary: &mut Vec<String>) {
    if paragraph.is_empty() {
        return;
    }
    let text = std::mem::take(paragraph);
    match part {
        Some(p) => p.instructions.push(text),
        None => summary.push(text),
    }
}

/// A heading without its time box, and the time box: "Pathways (45 min)" → ("Pathways", 45).
fn time_box(heading: &str) -> (String, Option<u32>) {
    let h = heading.trim();
    if let Some(open) = h.rfind('(')
        && h.ends_with(')')
    {
        let inside = h[open + 1..h.len() - 1].trim();
        let digits: String = inside.chars().take_while(char::is_ascii_digit).collect();
        let rest = inside[digits.len()..].trim().to_lowercase();
        if !digits.is_empty()
            && ["min", "mins", "minutes", "minute", "′", "'"].contains(&rest.as_str())
        {
            return (h[..open].trim().to_owned(), digits.parse().ok());
        }
    }
    (h.to_owned(), None)
}

/// `Label: value` for the labels the outline knows.
fn labelled(line: &str) -> Option<(String, String)> {
    const LABELS: [&str; 18] = [
        "kind",
        "centre",
        "center",
        "issue",
        "today",
        "time",
        "time box",
        "minutes",
        "groups",
        "topic",
        "focal question",
        "question",
        "horizon",
        "x axis",
        "y axis",
        "situation",
        "facilitator notes",
        "instructions",
    ];
    let (label, value) = line.split_once(':')?;
    let label = label.trim().trim_matches(['*', '_']).trim().to_lowercase();
    LABELS.contains(&label.as_str()).then(|| {
        (
            label,
            value
                .trim()
                .trim_start_matches(['*', '_'])
                .trim()
                .to_owned(),
        )
    })
}

/// `1. text` or `1) text`.
fn numbered(line: &str) -> Option<(u32, &str)> {
    let digits = line.len() - line.trim_start_matches(|c: char| c.is_ascii_digit()).len();
    if digits == 0 || digits > 4 {
        return None;
    }
    let rest = line[digits..].strip_prefix(['.', ')'])?;
    let text = rest.trim();
    (!text.is_empty() && rest.starts_with(' '))
        .then(|| (line[..digits].parse().ok(), text))
        .and_then(|(n, t)| n.map(|n| (n, t)))
}

/// `- text`, `* text`, `• text`.
fn bullet(line: &str) -> Option<&str> {
    ["- ", "* ", "• ", "+ "]
        .iter()
        .find_map(|b| line.strip_prefix(b))
        .map(str::trim)
        .filter(|t| !t.is_empty())
}

/// A kind named in plain words: "prompt round", "Futures Triangle", "scenario-building"…
pub fn kind_in_words(words: &str) -> Option<Kind> {
    let w = words.trim().to_lowercase().replace(['-', ' '], "_");
    Kind::named(&w).or_else(|| guess_kind(words))
}

/// The kind a heading's words suggest, if any.
fn guess_kind(words: &str) -> Option<Kind> {
    let w = words.to_lowercase();
    let has = |s: &str| w.contains(s);
    [
        (has("triangle"), "futures_triangle"),
        (has("scenario"), "scenario_building"),
        (has("pathway") || has("dreaming"), "pathway_brainstorm"),
        (
            has("value conflict") || has("values conflict"),
            "value_conflict",
        ),
        (has("role clarity") || has("roles"), "role_clarity"),
        (has("checklist"), "checklist"),
        (has("prompt round") || has("questions"), "prompt_round"),
        (has("key points") || has("notes"), "notes"),
        (has("layered") || has("causal"), "causal_layered_analysis"),
        (has("backcast"), "backcasting"),
        (has("wheel"), "futures_wheel"),
        (has("emerging issue"), "emerging_issues"),
    ]
    .into_iter()
    .find(|(yes, _)| *yes)
    .and_then(|(_, name)| Kind::named(name))
}

/// An axis from "Name (low ↔ high)" (or "/", "–", " to " between the poles).
fn axis(text: &str) -> Option<Value> {
    let open = text.find('(')?;
    let close = text.rfind(')')?;
    let name = text[..open].trim();
    let poles = &text[open + 1..close];
    let (low, high) = ["↔", " / ", "/", " – ", " — ", " to ", " - "]
        .iter()
        .find_map(|sep| poles.split_once(sep))?;
    Some(json!({"name": name, "low": low.trim(), "high": high.trim()}))
}

/// The plan's JSON for one exercise, and what was understood of it.
fn exercise(
    part: Part,
    ids: &mut Vec<String>,
    unread: &mut Vec<(usize, String)>,
) -> (Value, String) {
    let mut id = slugify(&part.title);
    if id.is_empty() {
        id = "exercise".to_owned();
    }
    let base = id.clone();
    let mut n = 2;
    while ids.contains(&id) {
        id = format!("{base}-{n}");
        n += 1;
    }
    ids.push(id.clone());
    let has_items = !part.numbered.is_empty() || !part.bullets.is_empty();
    let (kind, why) = match &part.kind {
        Some((k, why)) => (*k, why.clone()),
        None => match guess_kind(&part.title) {
            Some(k) => (k, "from its heading".to_owned()),
            None if has_items => (Kind::PromptRound, "it lists questions".to_owned()),
            None => (Kind::Notes, "it lists no questions".to_owned()),
        },
    };
    let mut e = Map::new();
    e.insert("id".into(), json!(id));
    e.insert("title".into(), json!(part.title));
    if let Some(m) = part.minutes {
        e.insert("minutes".into(), json!(m));
    }
    e.insert("kind".into(), json!(kind.name()));
    let mut said: Vec<String> = Vec::new();
    let mut instructions = part.instructions.clone();
    let label = |name: &str| -> Option<String> {
        part.labelled
            .iter()
            .find(|(l, _)| l == name)
            .map(|(_, v)| v.clone())
    };
    let mut used_labels: Vec<&str> = vec!["instructions", "facilitator notes"];
    if let Some(i) = label("instructions") {
        instructions.insert(0, i);
    }
    let questions = |numbered: &[(u32, String)], bullets: &[(String, String)]| -> Vec<Value> {
        let mut out: Vec<Value> = numbered
            .iter()
            .map(|(n, t)| json!({"id": format!("q{n}"), "number": n, "text": t}))
            .collect();
        let mut k = numbered.len();
        for (_, t) in bullets {
            k += 1;
            out.push(json!({"id": format!("b{k}"), "text": t}));
        }
        out
    };
    let items_unused = |unread: &mut Vec<(usize, String)>, what: &str| {
        unread.push((
            part.line,
            format!("“{}”: its {what} were not used", part.title),
        ));
    };
    match kind {
        Kind::PromptRound | Kind::PathwayBrainstorm => {
            let q = questions(&part.numbered, &part.bullets);
            said.push(count(q.len(), "question"));
            e.insert("questions".into(), Value::Array(q));
        }
        Kind::FuturesTriangle => {
            used_labels.push("topic");
            let topic = label("topic").unwrap_or_else(|| part.title.clone());
            said.push(format!("topic “{topic}”"));
            e.insert("topic".into(), json!(topic));
            if has_items {
                items_unused(unread, "list items");
            }
        }
        Kind::ScenarioBuilding => {
            used_labels.extend(["focal question", "question", "horizon", "x axis", "y axis"]);
            let focal = label("focal question")
                .or_else(|| label("question"))
                .unwrap_or_default();
            e.insert("focal_question".into(), json!(focal));
            said.push(format!("focal question “{focal}”"));
            if let Some(h) = label("horizon") {
                said.push(format!("horizon {h}"));
                e.insert("horizon".into(), json!(h));
            }
            match (
                label("x axis").and_then(|a| axis(&a)),
                label("y axis").and_then(|a| axis(&a)),
            ) {
                (Some(x), Some(y)) => {
                    said.push("two axes".to_owned());
                    e.insert("matrix".into(), json!({"x": x, "y": y}));
                }
                _ => {
                    said.push("no axes (write “X axis: Name (low ↔ high)” and a Y axis)".to_owned())
                }
            }
            if has_items {
                items_unused(unread, "list items");
            }
        }
        Kind::ValueConflict => {
            used_labels.push("situation");
            let situation = label("situation")
                .or_else(|| (!instructions.is_empty()).then(|| instructions.remove(0)))
                .unwrap_or_default();
            let values: Vec<&str> = part.bullets.iter().map(|(_, t)| t.as_str()).collect();
            said.push(format!("a situation and {} values", values.len()));
            e.insert("situation".into(), json!(situation));
            e.insert("values".into(), json!(values));
            if !part.numbered.is_empty() {
                items_unused(unread, "numbered items");
            }
        }
        Kind::RoleClarity => {
            used_labels.push("question");
            let question = label("question").unwrap_or_default();
            let activities: Vec<Value> = part
                .numbered
                .iter()
                .map(|(n, t)| json!({"id": n.to_string(), "text": t}))
                .collect();
            let criteria: Vec<Value> = part
                .bullets
                .iter()
                .enumerate()
                .map(|(i, (_, t))| json!({"id": format!("c{}", i + 1), "text": t}))
                .collect();
            said.push(format!(
                "{} activities and {} criteria",
                activities.len(),
                criteria.len()
            ));
            e.insert("question".into(), json!(question));
            e.insert("activities".into(), Value::Array(activities));
            e.insert("criteria".into(), Value::Array(criteria));
        }
        Kind::Checklist => {
            let mut items: Vec<Value> = Vec::new();
            for (i, (n, t)) in part.numbered.iter().enumerate() {
                items.push(json!({"id": format!("i{}", i + 1), "text": format!("{n}. {t}")}));
            }
            for (section, t) in &part.bullets {
                let id = format!("i{}", items.len() + 1);
                let mut item = json!({"id": id, "text": t});
                if !section.is_empty() {
                    item["section"] = json!(section);
                }
                items.push(item);
            }
            said.push(count(items.len(), "item"));
            e.insert("items".into(), Value::Array(items));
        }
        Kind::CausalLayeredAnalysis => {
            used_labels.extend(["issue", "topic"]);
            let issue = label("issue")
                .or_else(|| label("topic"))
                .unwrap_or_else(|| part.title.clone());
            said.push(format!("issue “{issue}”"));
            e.insert("issue".into(), json!(issue));
            if has_items {
                items_unused(unread, "list items");
            }
        }
        Kind::Backcasting => {
            used_labels.extend(["focal question", "question", "horizon", "today"]);
            if let Some(q) = label("focal question").or_else(|| label("question")) {
                said.push(format!("focal question “{q}”"));
                e.insert("focal_question".into(), json!(q));
            }
            if let Some(h) = label("horizon") {
                said.push(format!("horizon {h}"));
                e.insert("horizon".into(), json!(h));
            }
            if let Some(t) = label("today") {
                e.insert("today".into(), json!(t));
            }
            if has_items {
                items_unused(unread, "list items");
            }
        }
        Kind::EmergingIssues => {
            used_labels.push("topic");
            if let Some(t) = label("topic") {
                said.push(format!("topic “{t}”"));
                e.insert("topic".into(), json!(t));
            }
            if has_items {
                items_unused(unread, "list items");
            }
        }
        Kind::FuturesWheel => {
            used_labels.extend(["centre", "center"]);
            let centre = label("centre")
                .or_else(|| label("center"))
                .unwrap_or_else(|| part.title.clone());
            said.push(format!("centre “{centre}”"));
            e.insert("centre".into(), json!(centre));
            if has_items {
                items_unused(unread, "list items");
            }
        }
        Kind::Notes => {
            used_labels.push("topic");
            if let Some(t) = label("topic") {
                e.insert("topic".into(), json!(t));
            }
            if has_items {
                items_unused(unread, "list items");
            }
        }
    }
    if !instructions.is_empty() {
        e.insert("instructions".into(), json!(instructions.join("\n\n")));
        said.push("instructions".to_owned());
    }
    if let Some(n) = label("facilitator notes") {
        e.insert("facilitator_notes".into(), json!(n));
    }
    for (l, v) in &part.labelled {
        if !used_labels.contains(&l.as_str()) {
            unread.push((part.line, format!("“{}”: {l}: {v}", part.title)));
        }
    }
    let minutes = part
        .minutes
        .map(|m| format!(", {m} min"))
        .unwrap_or_default();
    let parts = if said.is_empty() {
        String::new()
    } else {
        format!(": {}", said.join(", "))
    };
    (
        Value::Object(e),
        format!(
            "“{}” — {} ({why}){minutes}{parts}",
            part.title,
            kind.name().replace('_', " "),
        ),
    )
}

/// "1 question", "3 questions".
fn count(n: usize, what: &str) -> String {
    if n == 1 {
        format!("1 {what}")
    } else {
        format!("{n} {what}s")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn time_boxes_and_list_items_are_read() {
        assert_eq!(time_box("Pathways (45 min)"), ("Pathways".into(), Some(45)));
        assert_eq!(
            time_box("Pathways (the long way)"),
            ("Pathways (the long way)".into(), None)
        );
        assert_eq!(
            numbered("4. What has your career"),
            Some((4, "What has your career"))
        );
        assert_eq!(numbered("2027 was a year"), None);
        assert_eq!(bullet("• Solidarity"), Some("Solidarity"));
        assert_eq!(kind_in_words("Prompt round"), Kind::named("prompt_round"));
        assert_eq!(
            kind_in_words("futures-triangle"),
            Kind::named("futures_triangle")
        );
    }
}
