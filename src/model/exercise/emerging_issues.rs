//! Emerging issues analysis: each issue (its title and what it is), the signals behind it (each
//! with its source, written up as numbered references), its potential impacts and the questions
//! it raises, each under its issue ([`crate::model::Contribution::parent`]); and the shifts
//! already under way that the issues intersect with (under one issue, or the whole analysis's).
//! Issues are rated on impact and uncertainty with the plan's rating rounds.

use serde::{Deserialize, Serialize};

use super::questions::Question;
use super::scenario_building::Matrix;
use super::{FieldSpec, KindModel, Slot, TextRule};
use super::{KindTexts, KindTextsMut};
use crate::model::error::Problems;

pub const ISSUE_SLOT: &str = "issue";
pub const SIGNAL_SLOT: &str = "signal";
pub const IMPACT_SLOT: &str = "impact";
pub const QUESTION_SLOT: &str = "question";
pub const SHIFT_SLOT: &str = "shift";
/// An issue's field: what it is, verbatim.
pub const DESCRIPTION_FIELD: &str = "description";
/// A signal's field: where it comes from (a reference, as written).
pub const SOURCE_FIELD: &str = "source";

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EmergingIssues {
    /// What the issues are about ("peer support"): plan text, may be empty.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub topic: String,
    /// The sources the analysis itself draws on (the method's), as they are to be cited:
    /// the write-up's references number them first, before the signals' sources.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub sources: Vec<String>,
}

impl KindModel for EmergingIssues {
    fn seed_slots(&self) -> &'static [(&'static str, &'static str)] {
        &[("issue", "emerging issue")]
    }

    fn slots(&self) -> Vec<Slot> {
        let under_issue = |id: &str, label: &str, text_label: &'static str| Slot {
            id: id.to_owned(),
            label: label.to_owned(),
            text_label,
            text: TextRule::Required,
            fields: Vec::new(),
            parent: Some(ISSUE_SLOT.to_owned()),
        };
        vec![
            Slot {
                id: ISSUE_SLOT.to_owned(),
                label: "Emerging issues".to_owned(),
                text_label: "issue",
                text: TextRule::Required,
                fields: vec![FieldSpec::optional(
                    DESCRIPTION_FIELD,
                    "what it is, verbatim",
                )],
                parent: None,
            },
            Slot {
                fields: vec![FieldSpec::optional(
                    SOURCE_FIELD,
                    "source (a reference, as written)",
                )],
                ..under_issue(SIGNAL_SLOT, "Signals", "signal")
            },
            under_issue(IMPACT_SLOT, "Potential impacts", "impact"),
            under_issue(QUESTION_SLOT, "Questions it raises", "question"),
            under_issue(SHIFT_SLOT, "Shifts it intersects with", "shift"),
        ]
    }

    fn validate(&self, path: &str, problems: &mut Problems) {
        problems.plan_text(&format!("{path}.topic"), &self.topic);
        for (i, source) in self.sources.iter().enumerate() {
            problems.required_text(&format!("{path}.sources[{i}]"), source);
        }
    }

    fn question(&self) -> &str {
        &self.topic
    }

    fn questions(&self) -> Option<&[Question]> {
        None
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
        KindTexts {
            question: Some(&self.topic),
            question_label: "Topic",
            horizon: None,
            matrix: None,
        }
    }

    fn texts_mut(&mut self) -> KindTextsMut<'_> {
        KindTextsMut {
            question: Some(&mut self.topic),
            horizon: None,
            matrix: None,
        }
    }
}

impl super::parts::Described for EmergingIssues {
    const LABEL: &'static str = "emerging issues";
    const ABOUT: &'static str = "issues, the signals behind them, their impacts and questions, rated on impact and uncertainty";
    const PARTS: &'static [super::parts::Part] = {
        use super::parts::{Part, Shape};
        &[
            Part::new(
                "topic",
                "Topic",
                "what the issues are about",
                Shape::LongText,
            )
            .optional(),
            Part::new(
                "sources",
                "Sources",
                "the sources the analysis draws on, as they are to be cited",
                Shape::TextList { item: "source" },
            )
            .optional(),
        ]
    };
}
