//! Backcasting: the room states a preferred future (typed, or seeded from a scenario of an
//! earlier exercise, `vision_from`), then works back from the horizon to today in steps, each
//! with its year, and names the obstacles in the way and the first actions to take.

use serde::{Deserialize, Serialize};

use super::questions::Question;
use super::scenario_building::Matrix;
use super::{FieldSpec, KindModel, Slot, TextRule};
use super::{KindTexts, KindTextsMut};
use crate::model::error::Problems;

pub const VISION_SLOT: &str = "vision";
pub const STEPS_SLOT: &str = "steps";
pub const OBSTACLES_SLOT: &str = "obstacles";
pub const ACTIONS_SLOT: &str = "actions";
/// A step's year (or date), as typed.
pub const YEAR_FIELD: &str = "year";

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Backcasting {
    /// What the preferred future answers ("What do we want peer support to be?"); may be empty.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub focal_question: String,
    /// The year of the preferred future ("2040"), the timeline's far end.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub horizon: String,
    /// The year the timeline starts from ("2026"); "Today" when empty.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub today: String,
    /// An earlier scenario-building exercise whose scenarios the preferred future may be picked
    /// from while running.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub vision_from: Option<String>,
}

impl KindModel for Backcasting {
    fn slots(&self) -> Vec<Slot> {
        vec![
            Slot {
                id: VISION_SLOT.into(),
                label: "Preferred future".into(),
                text_label: "preferred future",
                text: TextRule::Required,
                fields: Vec::new(),
                parent: None,
            },
            Slot {
                id: STEPS_SLOT.into(),
                label: "Steps back from the horizon".into(),
                text_label: "step",
                text: TextRule::Required,
                fields: vec![FieldSpec::required(YEAR_FIELD, "year of the step")],
                parent: None,
            },
            Slot {
                id: OBSTACLES_SLOT.into(),
                label: "Obstacles".into(),
                text_label: "obstacle",
                text: TextRule::Required,
                fields: Vec::new(),
                parent: None,
            },
            Slot {
                id: ACTIONS_SLOT.into(),
                label: "First actions".into(),
                text_label: "first action",
                text: TextRule::Required,
                fields: Vec::new(),
                parent: None,
            },
        ]
    }

    fn validate(&self, path: &str, problems: &mut Problems) {
        problems.plan_text(&format!("{path}.focal_question"), &self.focal_question);
        problems.plan_text(&format!("{path}.horizon"), &self.horizon);
        problems.plan_text(&format!("{path}.today"), &self.today);
    }

    fn question(&self) -> &str {
        &self.focal_question
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

    fn seed_from(&self) -> Option<&str> {
        self.vision_from.as_deref()
    }

    fn seed_field(&self) -> &'static str {
        "vision_from"
    }

    fn texts(&self) -> KindTexts<'_> {
        KindTexts {
            question: Some(&self.focal_question),
            question_label: "Focal question",
            horizon: Some(&self.horizon),
            matrix: None,
        }
    }

    fn texts_mut(&mut self) -> KindTextsMut<'_> {
        KindTextsMut {
            question: Some(&mut self.focal_question),
            horizon: Some(&mut self.horizon),
            matrix: None,
        }
    }
}

/// The year a step's year field starts with ("2031", "by 2035" → 2035, "2030s" → 2030), for
/// placing it on the timeline; `None` when it holds no number.
pub fn year_of(text: &str) -> Option<i64> {
    let digits: String = text
        .chars()
        .skip_while(|c| !c.is_ascii_digit())
        .take_while(char::is_ascii_digit)
        .take(6)
        .collect();
    digits.parse().ok()
}

/// Indexes of `years` in timeline order: by year, earliest first; undated ones last, as typed.
pub fn timeline_order(years: &[&str]) -> Vec<usize> {
    let mut order: Vec<usize> = (0..years.len()).collect();
    order.sort_by_key(|&i| (year_of(years[i]).is_none(), year_of(years[i]), i));
    order
}

impl super::parts::Described for Backcasting {
    const LABEL: &'static str = "backcasting";
    const ABOUT: &'static str =
        "a preferred future, then the steps back to today, the obstacles and the first actions";
    const PARTS: &'static [super::parts::Part] = {
        use super::parts::{Part, Shape};
        &[
            Part::new("focal_question", "Focal question", "what the preferred future answers", Shape::LongText).optional(),
            Part::new("horizon", "Horizon", "the year of the preferred future (\"2040\")", Shape::Text).optional(),
            Part::new("today", "Today", "the year the timeline starts from; empty: Today", Shape::Text).optional(),
            Part::new(
                "vision_from",
                "Vision from",
                "an earlier scenario-building exercise whose scenarios the preferred future may be picked from",
                Shape::Earlier,
            )
            .optional(),
        ]
    };
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn years_are_read_from_what_was_typed_and_order_the_timeline() {
        assert_eq!(year_of("2031"), Some(2031));
        assert_eq!(year_of("by 2035"), Some(2035));
        assert_eq!(year_of("2030s"), Some(2030));
        assert_eq!(year_of("soon"), None);
        assert_eq!(
            timeline_order(&["2040", "soon", "2028", "by 2035"]),
            [2, 3, 0, 1]
        );
    }
}
