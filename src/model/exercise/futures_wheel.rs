//! The Futures Wheel: a central change, the consequences that follow from it (1st order), those
//! that follow from each of them (2nd order) and from those (3rd order), each linked to the one
//! it follows from ([`crate::model::Contribution::parent`]). Every group adds to one wheel.

use serde::{Deserialize, Serialize};

use super::questions::Question;
use super::scenario_building::Matrix;
use super::{KindModel, Slot, TextRule};
use super::{KindTexts, KindTextsMut};
use crate::model::error::Problems;

/// The rings, from the centre out: (slot id, label, what follows from what).
pub const ORDERS: [(&str, &str, &str); 3] = [
    (
        "first",
        "1st order",
        "What follows directly from the change?",
    ),
    ("second", "2nd order", "What follows from that consequence?"),
    ("third", "3rd order", "And what follows from that?"),
];

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FuturesWheel {
    /// The change at the centre of the wheel ("Peer support work is regulated"). A session may
    /// word it its own way, or take it from an item of an earlier exercise: both are the
    /// session's wording of this text ([`KindTexts::question`]), so every layer reads the
    /// centre through [`FuturesWheel::centre`] on the session's copy of the exercise.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub centre: String,
    /// An earlier exercise whose item may be picked live as the centre (a Futures Triangle's
    /// pull, push or weight, or an emerging issue): one exercise seeding another
    /// ([`crate::model::seed`]). The plan's `centre` is then optional: the centre until one is
    /// picked.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub centre_from: Option<String>,
}

impl FuturesWheel {
    /// The change at the centre.
    pub fn centre(&self) -> &str {
        &self.centre
    }

    /// The ring (0 for 1st order) of a slot, if it is one.
    pub fn order(slot: &str) -> Option<usize> {
        ORDERS.iter().position(|(id, _, _)| *id == slot)
    }
}

impl KindModel for FuturesWheel {
    fn slots(&self) -> Vec<Slot> {
        ORDERS
            .iter()
            .enumerate()
            .map(|(i, (id, label, _))| Slot {
                id: (*id).to_owned(),
                label: format!("{label} consequences"),
                text_label: "consequence",
                text: TextRule::Required,
                fields: Vec::new(),
                parent: i.checked_sub(1).map(|p| ORDERS[p].0.to_owned()),
            })
            .collect()
    }

    fn validate(&self, path: &str, problems: &mut Problems) {
        if self.centre_from.is_none() {
            problems.required_text(&format!("{path}.centre"), &self.centre);
        }
    }

    fn question(&self) -> &str {
        &self.centre
    }

    fn questions(&self) -> Option<&[Question]> {
        None
    }

    fn prompt(&self, slot: &str) -> Option<&str> {
        ORDERS.iter().find(|o| o.0 == slot).map(|o| o.2)
    }

    fn matrix(&self) -> Option<&Matrix> {
        None
    }

    fn axes_from(&self) -> Option<&str> {
        None
    }

    fn seed_from(&self) -> Option<&str> {
        self.centre_from.as_deref()
    }

    fn seed_field(&self) -> &'static str {
        "centre_from"
    }

    fn seed_is_question(&self) -> bool {
        true
    }

    fn texts(&self) -> KindTexts<'_> {
        KindTexts {
            question: Some(&self.centre),
            question_label: "Central change",
            horizon: None,
            matrix: None,
        }
    }

    fn texts_mut(&mut self) -> KindTextsMut<'_> {
        KindTextsMut {
            question: Some(&mut self.centre),
            horizon: None,
            matrix: None,
        }
    }
}

impl super::parts::Described for FuturesWheel {
    const LABEL: &'static str = "futures wheel";
    const ABOUT: &'static str =
        "a change at the centre and the consequences that follow from it, ring after ring";
    const PARTS: &'static [super::parts::Part] = {
        use super::parts::{Part, Shape};
        &[
            Part::new("centre", "Centre", "the change at the centre of the wheel", Shape::LongText).optional(),
            Part::new(
                "centre_from",
                "Centre from",
                "an earlier exercise (a triangle's corner, an emerging issue) whose item may be picked live as the centre",
                Shape::Earlier,
            )
            .optional(),
        ]
    };
}
