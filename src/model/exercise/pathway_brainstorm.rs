//! "Dreaming together": numbered questions answered by small groups. An answer with arrows is
//! also read as a pathway of steps; the verbatim text is what is stored.

use serde::{Deserialize, Serialize};

use super::questions::{Question, question_slots, validate_questions};
use super::scenario_building::Matrix;
use super::{KindModel, Slot};
use super::{KindTexts, KindTextsMut};
use crate::model::error::Problems;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PathwayBrainstorm {
    pub questions: Vec<Question>,
}

impl KindModel for PathwayBrainstorm {
    fn slots(&self) -> Vec<Slot> {
        question_slots(&self.questions)
    }

    fn validate(&self, path: &str, problems: &mut Problems) {
        validate_questions(path, &self.questions, problems);
    }

    fn question(&self) -> &str {
        ""
    }

    fn questions(&self) -> Option<&[Question]> {
        Some(&self.questions)
    }

    fn prompt(&self, _slot: &str) -> Option<&str> {
        None
    }

    fn matrix(&self) -> Option<&Matrix> {
        None
    }

    fn axes_from(&self) -> Option<&str> {
        None
    }

    fn texts(&self) -> KindTexts<'_> {
        KindTexts::default()
    }

    fn texts_mut(&mut self) -> KindTextsMut<'_> {
        KindTextsMut::default()
    }
}

/// Whether an answer names a way into peer work, out of it, or both.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Direction {
    Entry,
    Exit,
    EntryExit,
}

impl Direction {
    pub fn label(self) -> &'static str {
        match self {
            Direction::Entry => "Entry",
            Direction::Exit => "Exit",
            Direction::EntryExit => "Entry / exit",
        }
    }
}

/// An answer read as a pathway: a direction label and/or a chain of steps, all borrowed from
/// the verbatim text (trimmed of surrounding white space only).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pathway<'a> {
    pub direction: Option<Direction>,
    /// The text after the direction label (the whole answer when there is none).
    pub body: &'a str,
    /// Two or more steps when the answer holds arrows; empty otherwise.
    pub steps: Vec<&'a str>,
}

const ARROWS: [&str; 3] = ["-->", "->", "→"];

/// Reads an answer such as `Entry: warm lines` or `Volunteer --> outreach worker --> coordinator`.
pub fn read_pathway(text: &str) -> Pathway<'_> {
    let trimmed = text.trim_start();
    let mut direction = None;
    let mut body = text.trim();
    for (prefix, dir) in [
        ("entry / exit:", Direction::EntryExit),
        ("entry/exit:", Direction::EntryExit),
        ("entry:", Direction::Entry),
        ("exit:", Direction::Exit),
    ] {
        if trimmed
            .get(..prefix.len())
            .is_some_and(|head| head.eq_ignore_ascii_case(prefix))
        {
            direction = Some(dir);
            body = trimmed[prefix.len()..].trim();
            break;
        }
    }
    let mut steps = Vec::new();
    let mut rest = body;
    loop {
        let next = ARROWS
            .iter()
            .filter_map(|a| rest.find(a).map(|at| (at, a.len())))
            .min_by_key(|&(at, len)| (at, std::cmp::Reverse(len)));
        match next {
            Some((at, len)) => {
                steps.push(rest[..at].trim());
                rest = &rest[at + len..];
            }
            None => {
                steps.push(rest.trim());
                break;
            }
        }
    }
    steps.retain(|s| !s.is_empty());
    if steps.len() < 2 {
        steps.clear();
    }
    Pathway {
        direction,
        body,
        steps,
    }
}

impl super::parts::Described for PathwayBrainstorm {
    const LABEL: &'static str = "pathway brainstorm";
    const ABOUT: &'static str =
        "numbered questions for small groups; an answer with arrows is read as steps of a pathway";
    const PARTS: &'static [super::parts::Part] = &[super::parts::QUESTIONS];
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_arrow_chains_from_the_published_answers() {
        let p = read_pathway(
            "Student--> teaching --> maternity leave --> social media manager -->  youth peer mentor ",
        );
        assert_eq!(
            p.steps,
            [
                "Student",
                "teaching",
                "maternity leave",
                "social media manager",
                "youth peer mentor"
            ]
        );
        assert_eq!(p.direction, None);
        let p = read_pathway("passionate -->step employment -> outreach → trainer");
        assert_eq!(
            p.steps,
            ["passionate", "step employment", "outreach", "trainer"]
        );
    }

    #[test]
    fn reads_direction_labels() {
        let p = read_pathway("Entry / exit: warm lines");
        assert_eq!(p.direction, Some(Direction::EntryExit));
        assert_eq!(p.body, "warm lines");
        assert!(p.steps.is_empty());
        assert_eq!(
            read_pathway("Exit: social work, therapy").direction,
            Some(Direction::Exit)
        );
        assert_eq!(
            read_pathway("entry: a desire to help").direction,
            Some(Direction::Entry)
        );
        assert_eq!(read_pathway("Exiting the sector").direction, None);
    }

    #[test]
    fn plain_answers_have_no_steps() {
        assert!(
            read_pathway("Joining multi-disciplinary teams")
                .steps
                .is_empty()
        );
        assert!(read_pathway("--> only an arrow").steps.is_empty());
        assert!(read_pathway("É: ünïcode → 夢 → 🚀").steps.len() == 3);
    }
}
