//! Reading a note-taker's notes (plain text or Markdown) into placements: each bullet or
//! numbered item is filed, verbatim, under the question it follows.
//!
//! A question is recognised by its number (`4.`, `Q4`, `Question 4`, `## 4`) or by its text
//! (a line holding the question's words, a Markdown heading, a follow-up line). Items are lines
//! starting with `•`, `-`, `*`, `+`, `◦`, `▪`, `–` or a number (`1.`, `2)`); the marker and the
//! white space around the item (NBSP included) are dropped and nothing else. An indented line
//! right under an item continues it. Every other line is kept as unplaced, never dropped.
//!
//! [`read_notes`] is pure; applying its plan to a session is the caller's business.

use crate::model::Exercise;
use crate::model::exercise::UNPLACED_SLOT;

/// A slot notes can be filed under.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Target {
    pub slot: String,
    /// Its number in the plan (a question's published number, or its position).
    pub number: Option<u32>,
    /// What it is called: the question and its follow-up, or the slot's label and prompt.
    pub texts: Vec<String>,
    /// What to show for it ("4. What has your career path looked like…").
    pub label: String,
}

/// The slots of `exercise` that plain lines can be filed under: those that need nothing but a
/// text (not the timeline, which needs a year, nor cells that need a mark).
pub fn targets(exercise: &Exercise) -> Vec<Target> {
    let kind = exercise.kind.model();
    if let Some(questions) = kind.questions() {
        return questions
            .iter()
            .enumerate()
            .map(|(i, q)| Target {
                slot: q.id.clone(),
                number: Some(q.number.unwrap_or(i as u32 + 1)),
                texts: [q.text.clone(), q.follow_up.clone()]
                    .into_iter()
                    .filter(|t| !t.trim().is_empty())
                    .collect(),
                label: q.heading(),
            })
            .collect();
    }
    exercise
        .slots()
        .into_iter()
        .filter(|s| s.id != UNPLACED_SLOT && s.check("x", &Default::default()).is_ok())
        .map(|s| {
            let mut texts = vec![s.label.clone()];
            texts.extend(
                kind.prompt(&s.id)
                    .filter(|p| !p.is_empty())
                    .map(str::to_owned),
            );
            Target {
                slot: s.id.clone(),
                number: None,
                texts,
                label: s.label,
            }
        })
        .collect()
}

/// One item read from the notes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Item {
    /// 1-based line where the item starts.
    pub line: usize,
    pub text: String,
}

/// A line that could not be placed, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unplaced {
    pub line: usize,
    /// The line as written, less surrounding white space.
    pub text: String,
    pub why: &'static str,
}

/// What reading the notes found.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Plan {
    /// `(target index, item)`, in the order of the notes.
    pub placed: Vec<(usize, Item)>,
    pub unplaced: Vec<Unplaced>,
    /// Lines read as a question or its wording: `(line, target index)`.
    pub questions: Vec<(usize, usize)>,
    /// Lines holding only a bullet marker.
    pub empty_items: Vec<usize>,
}

#[derive(Debug, PartialEq, Eq)]
enum Line<'a> {
    Blank,
    /// `# text`: a Markdown heading.
    Heading(&'a str),
    /// `Q4`, `Question 4: text`.
    QuestionNumber(u32, &'a str),
    /// `4. text`, `4) text`.
    Numbered(u32, &'a str),
    /// `• text`; the text is empty for a bare marker.
    Bullet(&'a str),
    Plain(&'a str),
}

const BULLETS: [char; 9] = ['•', '◦', '▪', '‣', '●', '–', '-', '*', '+'];

fn classify(line: &str) -> Line<'_> {
    let t = line.trim();
    if t.is_empty() {
        return Line::Blank;
    }
    let hashes = t.bytes().take_while(|&b| b == b'#').count();
    if (1..=6).contains(&hashes) && t[hashes..].chars().next().is_none_or(char::is_whitespace) {
        let rest = t[hashes..].trim_end_matches('#').trim();
        return match question_number(rest)
            .or_else(|| numbered(rest))
            .or_else(|| leading_number(rest))
        {
            Some((n, text)) => Line::QuestionNumber(n, text),
            None => Line::Heading(rest),
        };
    }
    if let Some((n, text)) = question_number(t) {
        return Line::QuestionNumber(n, text);
    }
    if let Some((n, text)) = numbered(t) {
        return Line::Numbered(n, text);
    }
    let mut chars = t.chars();
    if let Some(c) = chars.next()
        && BULLETS.contains(&c)
    {
        let rest = chars.as_str();
        let spaced = rest.chars().next().is_none_or(char::is_whitespace);
        // `-->` or `**bold**` is text; `•word` is still an item.
        if spaced || matches!(c, '•' | '◦' | '▪' | '‣' | '●') {
            return Line::Bullet(rest.trim());
        }
    }
    Line::Plain(t)
}

/// `4. text`, `4) text`, `4.` (the text may be empty).
fn numbered(t: &str) -> Option<(u32, &str)> {
    let digits = t.bytes().take_while(u8::is_ascii_digit).count();
    if digits == 0 || digits > 6 {
        return None;
    }
    let rest = &t[digits..];
    let rest = rest.strip_prefix('.').or_else(|| rest.strip_prefix(')'))?;
    if !rest.chars().next().is_none_or(char::is_whitespace) {
        return None;
    }
    Some((t[..digits].parse().ok()?, rest.trim()))
}

/// `4`, `4 — text` (in a heading).
fn leading_number(t: &str) -> Option<(u32, &str)> {
    let digits = t.bytes().take_while(u8::is_ascii_digit).count();
    if digits == 0
        || digits > 6
        || t[digits..]
            .chars()
            .next()
            .is_some_and(char::is_alphanumeric)
    {
        return None;
    }
    let text = t[digits..].trim_start_matches(|c: char| {
        c.is_whitespace() || matches!(c, '.' | ':' | ')' | '-' | '–' | '—')
    });
    Some((t[..digits].parse().ok()?, text.trim()))
}

/// `Q4`, `Q4.`, `Question 4:`, `question 4 - text`.
fn question_number(t: &str) -> Option<(u32, &str)> {
    let lower_starts = |p: &str| t.get(..p.len()).is_some_and(|h| h.eq_ignore_ascii_case(p));
    let rest = if lower_starts("question") {
        &t[8..]
    } else if lower_starts("q") {
        &t[1..]
    } else {
        return None;
    };
    let rest = rest.trim_start();
    let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
    if digits == 0 || digits > 6 {
        return None;
    }
    let n = rest[..digits].parse().ok()?;
    let after = &rest[digits..];
    if after.chars().next().is_some_and(char::is_alphanumeric) {
        return None;
    }
    let text = after.trim_start_matches(|c: char| {
        c.is_whitespace() || matches!(c, '.' | ':' | ')' | '-' | '–' | '—')
    });
    Some((n, text.trim()))
}

/// Lowercase words of `s`, punctuation and white space dropped.
fn words(s: &str) -> Vec<String> {
    s.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect()
}

/// A target's wording, split into words once.
struct Wording {
    /// Per text: its words, and the words joined by single spaces.
    texts: Vec<(Vec<String>, String)>,
}

impl Wording {
    fn of(target: &Target) -> Wording {
        Wording {
            texts: target
                .texts
                .iter()
                .map(|t| {
                    let w = words(t);
                    let j = w.join(" ");
                    (w, j)
                })
                .filter(|(w, _)| !w.is_empty())
                .collect(),
        }
    }

    /// How strongly `line` reads as this wording: 0 not at all, 2 when one holds the other (at
    /// least three words), 1 when nearly all of its longer words are the target's.
    fn strength(&self, line: &str) -> u8 {
        let lw = words(line);
        if lw.is_empty() {
            return 0;
        }
        let joined = lw.join(" ");
        let mut best = 0;
        for (tw, tj) in &self.texts {
            if (lw.len() >= 3 && contains_words(tj, &joined))
                || (tw.len() >= 3 && contains_words(&joined, tj))
            {
                return 2;
            }
            let significant: Vec<&String> = lw.iter().filter(|w| w.chars().count() >= 3).collect();
            let found = significant.iter().filter(|w| tw.contains(w)).count();
            if significant.len() >= 2 && found * 5 >= significant.len() * 4 {
                best = 1;
            }
        }
        best
    }
}

/// Whether the words of `needle` appear, in order and adjacent, among those of `hay`.
fn contains_words(hay: &str, needle: &str) -> bool {
    hay.match_indices(needle).any(|(at, _)| {
        let end = at + needle.len();
        (at == 0 || hay.as_bytes()[at - 1] == b' ')
            && (end == hay.len() || hay.as_bytes()[end] == b' ')
    })
}

/// The target `line` names by its wording, preferring `current`, then the strongest match.
fn by_text(line: &str, wordings: &[Wording], current: Option<usize>, min: u8) -> Option<usize> {
    if let Some(c) = current
        && wordings[c].strength(line) >= min
    {
        return Some(c);
    }
    let mut best: Option<(u8, usize)> = None;
    for (i, w) in wordings.iter().enumerate() {
        let s = w.strength(line);
        if s >= min && best.is_none_or(|(b, _)| s > b) {
            best = Some((s, i));
        }
    }
    best.map(|(_, i)| i)
}

fn by_number(n: u32, targets: &[Target]) -> Option<usize> {
    targets.iter().position(|t| t.number == Some(n))
}

/// Reads notes against the exercise's targets. Pure: nothing is changed anywhere.
pub fn read_notes(notes: &str, targets: &[Target]) -> Plan {
    let notes = notes.strip_prefix('\u{feff}').unwrap_or(notes);
    let wordings: Vec<Wording> = targets.iter().map(Wording::of).collect();
    let mut plan = Plan::default();
    let mut current: Option<usize> = None;
    // The last item, while the lines right under it may continue it.
    let mut open_item: Option<usize> = None;
    for (i, raw) in notes.split('\n').enumerate() {
        let line_no = i + 1;
        let raw = raw.strip_suffix('\r').unwrap_or(raw);
        let line = classify(raw);
        let continues = open_item.take();
        let mut unplaced = |text: &str, why| {
            plan.unplaced.push(Unplaced {
                line: line_no,
                text: text.to_owned(),
                why,
            })
        };
        match line {
            Line::Blank => {}
            Line::Heading(text) => match by_text(text, &wordings, None, 1) {
                Some(t) => {
                    current = Some(t);
                    plan.questions.push((line_no, t));
                }
                None => {
                    current = None;
                    unplaced(
                        raw.trim(),
                        "a heading that names no question of this exercise",
                    );
                }
            },
            Line::QuestionNumber(n, text) => {
                match by_number(n, targets).or_else(|| by_text(text, &wordings, None, 2)) {
                    Some(t) => {
                        current = Some(t);
                        plan.questions.push((line_no, t));
                    }
                    None => {
                        current = None;
                        unplaced(raw.trim(), "no question with this number in this exercise");
                    }
                }
            }
            Line::Numbered(n, text) => {
                let numbered_as = by_number(n, targets);
                let question = if text.is_empty() {
                    numbered_as
                } else {
                    by_text(text, &wordings, None, 2)
                        .or_else(|| numbered_as.filter(|&t| wordings[t].strength(text) >= 1))
                };
                match (question, current) {
                    (Some(t), _) => {
                        current = Some(t);
                        plan.questions.push((line_no, t));
                    }
                    (None, Some(c)) if !text.is_empty() => {
                        plan.placed.push((
                            c,
                            Item {
                                line: line_no,
                                text: text.to_owned(),
                            },
                        ));
                        open_item = Some(plan.placed.len() - 1);
                    }
                    (None, _) if text.is_empty() => {
                        unplaced(raw.trim(), "no question with this number in this exercise")
                    }
                    (None, _) => unplaced(raw.trim(), "an item before any question"),
                }
            }
            Line::Bullet("") => plan.empty_items.push(line_no),
            Line::Bullet(text) => match current {
                Some(c) => {
                    plan.placed.push((
                        c,
                        Item {
                            line: line_no,
                            text: text.to_owned(),
                        },
                    ));
                    open_item = Some(plan.placed.len() - 1);
                }
                None => unplaced(text, "an item before any question"),
            },
            Line::Plain(text) => {
                let indented = raw.starts_with(char::is_whitespace);
                if let Some(t) = by_text(text, &wordings, current, 2) {
                    current = Some(t);
                    plan.questions.push((line_no, t));
                } else if let (Some(item), true) = (continues, indented) {
                    let it = &mut plan.placed[item].1.text;
                    it.push('\n');
                    it.push_str(text);
                    open_item = Some(item);
                } else {
                    unplaced(text, "not a bullet or numbered item");
                }
            }
        }
    }
    plan
}

#[cfg(test)]
mod tests {
    use super::*;

    fn q(slot: &str, number: u32, texts: &[&str]) -> Target {
        Target {
            slot: slot.into(),
            number: Some(number),
            texts: texts.iter().map(|t| t.to_string()).collect(),
            label: texts[0].into(),
        }
    }

    fn dreaming() -> Vec<Target> {
        vec![
            q(
                "q1",
                1,
                &[
                    "What areas of advancement currently exist within the peer sector?",
                    "What other possibilities could exist?",
                ],
            ),
            q(
                "q4",
                4,
                &[
                    "What has your career path looked like, moving to or from peer roles?",
                    "What career paths have you seen other peer workers take?",
                ],
            ),
            q(
                "q5",
                5,
                &[
                    "What other opportunities exist that can be entry or exit points to or from peer roles?",
                ],
            ),
            q(
                "q6",
                6,
                &[
                    "What other actions, activities, & responsibilities are related to peer support, that might not be specific roles",
                ],
            ),
        ]
    }

    fn slots(plan: &Plan, targets: &[Target]) -> Vec<(String, String)> {
        plan.placed
            .iter()
            .map(|(t, i)| (targets[*t].slot.clone(), i.text.clone()))
            .collect()
    }

    #[test]
    fn published_layout_with_nbsp() {
        let t = dreaming();
        let notes = "\u{a0}\u{a0} 4. What has your career path looked like, moving to or from peer roles?\n\nWhat career paths have you seen\u{a0} other\u{a0} peer workers take? \u{a0}\n\n\u{a0}\n  • Youth outreach worker --> peer outreach worker\u{a0}\n\n  •\u{a0}Board --> \u{a0}paid staff\u{a0}\n\u{a0}6. What other actions, activities, & responsibilities are related to peer support,\n\n\u{a0}that might not be specific roles\n  • Helping people with everyday tasks; self-care\u{a0}";
        let plan = read_notes(notes, &t);
        assert_eq!(
            slots(&plan, &t),
            [
                (
                    "q4".into(),
                    "Youth outreach worker --> peer outreach worker".into()
                ),
                ("q4".into(), "Board --> \u{a0}paid staff".into()),
                (
                    "q6".into(),
                    "Helping people with everyday tasks; self-care".into()
                ),
            ]
        );
        assert!(plan.unplaced.is_empty(), "{:?}", plan.unplaced);
        assert_eq!(
            plan.questions.iter().map(|q| q.0).collect::<Vec<_>>(),
            [1, 3, 9, 11]
        );
    }

    #[test]
    fn markdown_headings_with_numbered_and_starred_items() {
        let t = dreaming();
        let notes = "# Table 3 notes\n\n## Question 5\n1. Entry: warm lines\n2) Exit: therapy\n* star item\n+ plus item\n- dash item\n   that wraps\n\n## 4. Career paths\n- -->\n-->only arrow\n";
        let plan = read_notes(notes, &t);
        assert_eq!(
            slots(&plan, &t),
            [
                ("q5".into(), "Entry: warm lines".into()),
                ("q5".into(), "Exit: therapy".into()),
                ("q5".into(), "star item".into()),
                ("q5".into(), "plus item".into()),
                ("q5".into(), "dash item\nthat wraps".into()),
                ("q4".into(), "-->".into()),
            ]
        );
        let unplaced: Vec<(usize, &str)> = plan
            .unplaced
            .iter()
            .map(|u| (u.line, u.text.as_str()))
            .collect();
        assert_eq!(unplaced, [(1, "# Table 3 notes"), (13, "-->only arrow")]);
    }

    #[test]
    fn lines_before_any_question_and_bare_markers() {
        let t = dreaming();
        let plan = read_notes(
            "• early\nstray words\n4.\n•\n• ok\n9. nine is no question\n",
            &t,
        );
        assert_eq!(
            slots(&plan, &t),
            [
                ("q4".into(), "ok".into()),
                ("q4".into(), "nine is no question".into())
            ]
        );
        assert_eq!(
            plan.unplaced.iter().map(|u| u.line).collect::<Vec<_>>(),
            [1, 2]
        );
        assert_eq!(plan.empty_items, [4]);
    }

    #[test]
    fn numbered_answers_are_not_mistaken_for_questions() {
        let t = dreaming();
        let plan = read_notes(
            "4. What has your career path looked like\n1. Youth outreach\n5. Board\n",
            &t,
        );
        assert_eq!(
            slots(&plan, &t),
            [
                ("q4".into(), "Youth outreach".into()),
                ("q4".into(), "Board".into())
            ]
        );
    }

    #[test]
    fn odd_input_does_not_panic() {
        let t = dreaming();
        for notes in [
            "",
            "\n\n",
            "#",
            "######## x",
            "Q",
            "Question",
            "q99999999999",
            "1",
            "٣. arabic digit",
            "\u{feff}• bom",
            "•",
            "\r\n\r\n• x\r\n",
        ] {
            let _ = read_notes(notes, &t);
        }
        assert_eq!(
            read_notes("\u{feff}4.\r\n• x\r\n", &t).placed[0].1.text,
            "x"
        );
    }
}
