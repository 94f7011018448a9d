//! A session's details: when and how it met, who facilitated, the facilitators' own notes and
//! the introduction its write-ups open with. Set together by one journaled change.

use jiff::civil::Date;
use serde::{Deserialize, Serialize};

use super::error::{Problem, Problems};
use super::session::{Mode, Session};
use super::text::{Lines, control_problem, is_valid_name};

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Details {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<Date>,
    #[serde(default)]
    pub mode: Mode,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub event: String,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub facilitators: Vec<String>,
    /// The facilitators' own notes: kept in the session, not in write-ups.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub notes: String,
    /// What a write-up opens with, verbatim.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub introduction: String,
    /// Tags for the write-up's front matter (a blog's categories), in order.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub tags: Vec<String>,
    /// A summary for the write-up's front matter; the plan's summary when empty.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub summary: String,
}

impl Details {
    /// What is wrong with these details, if anything (paths as in a session file).
    pub fn problems(&self) -> Vec<Problem> {
        let mut p = Problems::default();
        p.plan_text("event", &self.event);
        p.plan_text("notes", &self.notes);
        p.plan_text("introduction", &self.introduction);
        p.plan_text("summary", &self.summary);
        for (i, t) in self.tags.iter().enumerate() {
            if !is_valid_name(t) {
                p.push(
                    format!("tags[{i}]"),
                    "a tag must be 1 to 200 bytes with no control characters",
                );
            }
        }
        for (i, f) in self.facilitators.iter().enumerate() {
            if !is_valid_name(f) {
                p.push(
                    format!("facilitators[{i}]"),
                    "a name must be 1 to 200 bytes with no control characters",
                );
            }
        }
        p.0
    }

    /// The problems of details as someone typed them: those of [`Details::problems`], and
    /// control characters in the event (one line), the notes and the introduction (line breaks
    /// and tabs allowed), see [`control_problem`]; of those texts, only the ones that differ
    /// from `before` (the details they change). Not checked on reading a file, so a session an
    /// earlier hearth let hold them still opens, and a change of its date is not refused.
    pub fn typed_problems(&self, before: Option<&Details>) -> Vec<Problem> {
        let mut p = Problems(self.problems());
        for (path, text, was, lines) in [
            ("event", &self.event, before.map(|b| &b.event), Lines::One),
            (
                "notes",
                &self.notes,
                before.map(|b| &b.notes),
                Lines::Several,
            ),
            (
                "introduction",
                &self.introduction,
                before.map(|b| &b.introduction),
                Lines::Several,
            ),
            (
                "summary",
                &self.summary,
                before.map(|b| &b.summary),
                Lines::Several,
            ),
        ] {
            if was == Some(text) {
                continue;
            }
            if let Some(problem) = control_problem(text, lines) {
                p.push(path, problem);
            }
        }
        p.0
    }
}

impl Session {
    /// The problems of a new session's texts as someone typed them: its title one line
    /// without control characters (see [`control_problem`]), its details as
    /// [`Details::typed_problems`] says. Group names are checked by [`Session::prepare`].
    pub fn typed_problems(&self) -> Vec<Problem> {
        let mut p = Problems::default();
        if let Some(problem) = control_problem(&self.title, Lines::One) {
            p.push("title", problem);
        }
        p.0.extend(self.details().typed_problems(None));
        p.0
    }

    pub fn details(&self) -> Details {
        Details {
            date: self.date,
            mode: self.mode,
            event: self.event.clone(),
            facilitators: self.facilitators.clone(),
            notes: self.notes.clone(),
            introduction: self.introduction.clone(),
            tags: self.tags.clone(),
            summary: self.summary.clone(),
        }
    }

    pub(super) fn set_details(&mut self, d: &Details) {
        self.date = d.date;
        self.mode = d.mode;
        self.event.clone_from(&d.event);
        self.facilitators.clone_from(&d.facilitators);
        self.notes.clone_from(&d.notes);
        self.introduction.clone_from(&d.introduction);
        self.tags.clone_from(&d.tags);
        self.summary.clone_from(&d.summary);
    }
}
