//! Causal Layered Analysis: an issue read at four depths, per group: the litany (what is said
//! and seen), its systemic causes, the worldview that holds them, and the myth or metaphor
//! beneath. With `reconstruct`, the room then writes the preferred future's four layers beside
//! the present's.

use serde::{Deserialize, Serialize};

use super::questions::Question;
use super::scenario_building::Matrix;
use super::{KindModel, Slot, TextRule};
use super::{KindTexts, KindTextsMut};
use crate::model::error::Problems;

/// The four layers, from the surface down: slot id, label, what one answer is called.
pub const LAYERS: [(&str, &str, &str); 4] = [
    ("litany", "Litany", "litany"),
    ("causes", "Systemic causes", "cause"),
    ("worldview", "Worldview", "worldview"),
    ("myth", "Myth / metaphor", "myth or metaphor"),
];

/// The reconstructed layers' slot ids are the present's with this before them.
pub const RECONSTRUCTED: &str = "new_";

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CausalLayeredAnalysis {
    /// The issue analysed ("Burnout among peer workers").
    pub issue: String,
    /// Whether the room also writes the preferred future's four layers (a reconstructed
    /// column beside the present's).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub reconstruct: bool,
}

impl CausalLayeredAnalysis {
    /// The columns the layers are written in: the present's, and the reconstructed one when the
    /// plan asks for it. Each is (slot id prefix, name).
    pub fn columns(&self) -> Vec<(&'static str, &'static str)> {
        let mut columns = vec![("", "Today")];
        if self.reconstruct {
            columns.push((RECONSTRUCTED, "Reconstructed"));
        }
        columns
    }
}

/// Which layer (0 = litany … 3 = myth) and column (0 = present, 1 = reconstructed) a slot is.
pub fn layer_of(slot: &str) -> Option<(usize, usize)> {
    let (column, id) = match slot.strip_prefix(RECONSTRUCTED) {
        Some(rest) => (1, rest),
        None => (0, slot),
    };
    LAYERS
        .iter()
        .position(|(l, _, _)| *l == id)
        .map(|layer| (layer, column))
}

impl KindModel for CausalLayeredAnalysis {
    fn slots(&self) -> Vec<Slot> {
        let mut slots = Vec::new();
        for (prefix, _) in self.columns() {
            for (id, label, text_label) in LAYERS {
                slots.push(Slot {
                    id: format!("{prefix}{id}"),
                    label: if prefix.is_empty() {
                        label.to_owned()
                    } else {
                        format!("Reconstructed {}", label.to_lowercase())
                    },
                    text_label,
                    text: TextRule::Required,
                    fields: Vec::new(),
                    parent: None,
                });
            }
        }
        slots
    }

    fn validate(&self, path: &str, problems: &mut Problems) {
        problems.required_text(&format!("{path}.issue"), &self.issue);
    }

    fn question(&self) -> &str {
        &self.issue
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
            question: Some(&self.issue),
            question_label: "Issue",
            horizon: None,
            matrix: None,
        }
    }

    fn texts_mut(&mut self) -> KindTextsMut<'_> {
        KindTextsMut {
            question: Some(&mut self.issue),
            horizon: None,
            matrix: None,
        }
    }
}

impl super::parts::Described for CausalLayeredAnalysis {
    const LABEL: &'static str = "causal layered analysis";
    const ABOUT: &'static str =
        "an issue read at four depths: litany, systemic causes, worldview, myth or metaphor";
    const PARTS: &'static [super::parts::Part] = {
        use super::parts::{Part, Shape};
        &[
            Part::new("issue", "Issue", "the issue analysed", Shape::LongText),
            Part::new(
                "reconstruct",
                "Reconstruct",
                "the room also writes the preferred future's four layers beside today's",
                Shape::YesNo,
            )
            .optional(),
        ]
    };
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_reconstructed_column_doubles_the_layers() {
        let mut k = CausalLayeredAnalysis {
            issue: "Burnout".into(),
            reconstruct: false,
        };
        assert_eq!(k.slots().len(), 4);
        k.reconstruct = true;
        let slots = k.slots();
        assert_eq!(slots.len(), 8);
        assert_eq!(slots[7].id, "new_myth");
        assert_eq!(layer_of("new_causes"), Some((1, 1)));
        assert_eq!(layer_of("myth"), Some((3, 0)));
        assert_eq!(layer_of("unplaced"), None);
    }
}
