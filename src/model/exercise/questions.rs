//! Questions as plans pose them, shared by every kind that asks some: their numbering, the
//! slots they make, and their checks.

use serde::{Deserialize, Serialize};

use super::Slot;
use crate::model::error::Problems;

/// A posed question. `number` keeps a published numbering ("4.") when it is not 1, 2, 3...
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Question {
    pub id: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub number: Option<u32>,
    pub text: String,
    /// A follow-up line shown under the question ("What other possibilities could exist?").
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub follow_up: String,
}

impl Question {
    /// The question as shown: "4. What has your career path looked like...".
    pub fn heading(&self) -> String {
        match self.number {
            Some(n) => format!("{n}. {}", self.text),
            None => self.text.clone(),
        }
    }
}

pub(crate) fn question_slots(questions: &[Question]) -> Vec<Slot> {
    questions
        .iter()
        .map(|q| Slot::simple(q.id.clone(), q.heading()))
        .collect()
}

pub(crate) fn validate_questions(path: &str, questions: &[Question], problems: &mut Problems) {
    if questions.is_empty() {
        problems.push(format!("{path}.questions"), "needs at least one question");
    }
    problems.ids(
        &format!("{path}.questions"),
        questions.iter().map(|q| q.id.as_str()),
    );
    for (i, q) in questions.iter().enumerate() {
        problems.required_text(&format!("{path}.questions[{i}].text"), &q.text);
        problems.plan_text(&format!("{path}.questions[{i}].follow_up"), &q.follow_up);
    }
}
