//! Exercises: the steps of a workshop plan. Each kind lives in its own module and says which
//! slots it offers (questions, corners, columns, cells...) and what a contribution to each holds.

pub mod backcasting;
pub mod causal_layered_analysis;
pub mod checklist;
pub mod emerging_issues;
pub mod futures_triangle;
pub mod futures_wheel;
pub mod notes;
pub mod parts;
pub mod pathway_brainstorm;
pub mod prompt_round;
pub mod questions;
pub mod role_clarity;
pub mod scenario_building;
pub mod value_conflict;

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::error::Problems;
use super::text::MAX_FIELD_BYTES;

pub use backcasting::Backcasting;
pub use causal_layered_analysis::CausalLayeredAnalysis;
pub use checklist::Checklist;
pub use emerging_issues::EmergingIssues;
pub use futures_triangle::FuturesTriangle;
pub use futures_wheel::FuturesWheel;
pub use notes::Notes;
pub use pathway_brainstorm::PathwayBrainstorm;
pub use prompt_round::{PromptRound, Question};
pub use role_clarity::RoleClarity;
pub use scenario_building::ScenarioBuilding;
pub use value_conflict::ValueConflict;

/// The slot every exercise has for imported lines that could not be placed anywhere else.
pub const UNPLACED_SLOT: &str = "unplaced";

/// One step of the agenda.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Exercise {
    /// Short id used on the command line and in contributions (`pathways`, `triangle`).
    pub id: String,
    pub title: String,
    /// Time box in minutes (0: untimed).
    #[serde(default)]
    pub minutes: u32,
    /// What the facilitator says to open the exercise.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub instructions: String,
    /// Vote or rating rounds the plan foresees for this exercise, offered to the facilitator.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub votes: Vec<VotePlan>,
    #[serde(flatten)]
    pub kind: ExerciseKind,
}

/// A round a plan declares: dots over the answers (of one slot, or all) or over the themes,
/// or (`rate`) a rating of each answer's impact and uncertainty.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct VotePlan {
    #[serde(default = "VotePlan::answers")]
    pub on: crate::model::vote::VoteOn,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub slot: Option<String>,
    /// Dots per voter (default 3); not used when rating.
    #[serde(default = "VotePlan::three")]
    pub dots: u32,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub per_item: Option<u32>,
    /// Rate impact and uncertainty (1–5) instead of giving dots.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub rate: bool,
}

impl VotePlan {
    fn answers() -> crate::model::vote::VoteOn {
        crate::model::vote::VoteOn::Answers
    }
    fn three() -> u32 {
        3
    }

    /// The round this plan opens, with the id and time given.
    pub fn round(
        &self,
        id: String,
        exercise: &str,
        opened: jiff::Timestamp,
    ) -> crate::model::vote::Round {
        use crate::model::vote::{Round, RoundKind, RoundState};
        Round {
            id,
            exercise: exercise.to_owned(),
            slot: self.slot.clone(),
            on: self.on,
            kind: if self.rate {
                RoundKind::Rating
            } else {
                RoundKind::Dots {
                    dots: self.dots,
                    per_item: self.per_item,
                }
            },
            state: RoundState::Open,
            opened,
        }
    }
}

/// Declares every exercise kind once: its variant, its type (in `<name>.rs` beside this file)
/// and its `kind` name in files. From this one list come [`ExerciseKind`] (what a plan holds),
/// [`Kind`] (which kind, with [`Kind::ALL`] and [`Kind::name`]) and [`ExerciseKind::model`].
/// Every other layer dispatches with one exhaustive `match`, so the compiler names each place a
/// new kind still needs (see docs/adding-a-kind.md).
/// The fields every exercise has, whatever its kind (besides `kind`), as written in files.
pub const OWN_FIELDS: [&str; 6] = ["id", "title", "kind", "minutes", "instructions", "votes"];

macro_rules! kinds {
    ($($(#[$doc:meta])* $variant:ident($ty:ty) = $name:literal,)*) => {
        /// The kinds of exercise, tagged by `kind` in files.
        #[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
        #[serde(tag = "kind")]
        pub enum ExerciseKind {
            $($(#[$doc])* #[serde(rename = $name)] $variant($ty),)*
        }

        /// Which kind an exercise is, without its plan.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum Kind {
            $($(#[$doc])* $variant,)*
        }

        impl Kind {
            /// Every kind, in the order they are declared.
            pub const ALL: &[Kind] = &[$(Kind::$variant,)*];

            /// The `kind` value as written in files (`prompt_round`, `futures_triangle`...).
            pub fn name(self) -> &'static str {
                match self {
                    $(Kind::$variant => $name,)*
                }
            }

            /// The kind in plain words ("prompt round").
            pub fn label(self) -> &'static str {
                match self {
                    $(Kind::$variant => <$ty as parts::Described>::LABEL,)*
                }
            }

            /// One line on what the kind is for.
            pub fn about(self) -> &'static str {
                match self {
                    $(Kind::$variant => <$ty as parts::Described>::ABOUT,)*
                }
            }

            /// Every part of the kind's own plan, as an editor edits it.
            pub fn parts(self) -> &'static [parts::Part] {
                match self {
                    $(Kind::$variant => <$ty as parts::Described>::PARTS,)*
                }
            }

            /// The kind called `name` in files.
            pub fn named(name: &str) -> Option<Kind> {
                Kind::ALL.iter().copied().find(|k| k.name() == name)
            }

            /// Reads this kind's own part of an exercise from `json` (the exercise's fields
            /// without [`OWN_FIELDS`] and `kind`) only to say where it fails: the field path
            /// inside the part and the reader's error, or `None` when it reads. (Read within
            /// an exercise, where the kind's fields sit beside the exercise's own, the reader
            /// cannot say which field failed.)
            pub fn explain_part(self, json: &[u8]) -> Option<(String, serde_json::Error)> {
                match self {
                    $(Kind::$variant => {
                        let de = &mut serde_json::Deserializer::from_slice(json);
                        serde_path_to_error::deserialize::<_, $ty>(de)
                            .err()
                            .map(|e| (e.path().to_string(), e.into_inner()))
                    })*
                }
            }
        }

        impl ExerciseKind {
            pub fn kind(&self) -> Kind {
                match self {
                    $(ExerciseKind::$variant(_) => Kind::$variant,)*
                }
            }

            /// What this kind is in the model: its slots, checks and plan texts.
            pub fn model(&self) -> &dyn KindModel {
                match self {
                    $(ExerciseKind::$variant(k) => k,)*
                }
            }

            /// The same, to change its plan texts in a copy (a session's wording, chosen axes).
            pub fn model_mut(&mut self) -> &mut dyn KindModel {
                match self {
                    $(ExerciseKind::$variant(k) => k,)*
                }
            }
        }
    };
}

kinds! {
    PromptRound(PromptRound) = "prompt_round",
    FuturesTriangle(FuturesTriangle) = "futures_triangle",
    ScenarioBuilding(ScenarioBuilding) = "scenario_building",
    PathwayBrainstorm(PathwayBrainstorm) = "pathway_brainstorm",
    ValueConflict(ValueConflict) = "value_conflict",
    RoleClarity(RoleClarity) = "role_clarity",
    Checklist(Checklist) = "checklist",
    Notes(Notes) = "notes",
    CausalLayeredAnalysis(CausalLayeredAnalysis) = "causal_layered_analysis",
    Backcasting(Backcasting) = "backcasting",
    EmergingIssues(EmergingIssues) = "emerging_issues",
    FuturesWheel(FuturesWheel) = "futures_wheel",
}

/// What an exercise kind is in the model. One impl per kind, in the kind's own file.
pub trait KindModel {
    /// The kind's slots in display order (the `unplaced` slot is added by [`Exercise::slots`]).
    fn slots(&self) -> Vec<Slot>;

    /// Checks the plan's part of this kind, pushing what is wrong under `path`.
    fn validate(&self, path: &str, problems: &mut Problems);

    /// What the exercise is about, when the kind names it (the triangle's topic, the focal
    /// question, the situation...): plan text, empty when there is none.
    fn question(&self) -> &str;

    /// The numbered questions, for a kind made of questions (one slot each).
    fn questions(&self) -> Option<&[Question]>;

    /// The plan's prompt for a slot, beyond its label (a triangle corner's question), if any.
    fn prompt(&self, slot: &str) -> Option<&str>;

    /// The plan's 2×2 the kind places its scenarios in, for a kind that has one.
    fn matrix(&self) -> Option<&scenario_building::Matrix>;

    /// The earlier exercise whose key uncertainties this kind's axes may be chosen from.
    fn axes_from(&self) -> Option<&str>;

    /// The earlier exercise whose answers may seed this one (a backcast's preferred future,
    /// `vision_from` in its plan), for a kind that takes a seed (see [`crate::model::seed`]).
    fn seed_from(&self) -> Option<&str> {
        None
    }

    /// The plan field that names [`KindModel::seed_from`] ("vision_from"), for messages.
    fn seed_field(&self) -> &'static str {
        "seed_from"
    }

    /// Whether a seed, once picked, is this exercise's question as the session runs it (a
    /// Futures Wheel's centre: the picked item's words, or, for one since taken out, what it
    /// was without them). A kind that shows its seed beside its question (a backcast's
    /// preferred future) says no.
    fn seed_is_question(&self) -> bool {
        false
    }

    /// The slots whose answers may seed another exercise, each with what such an answer is
    /// called in a sentence ("scenario", "triangle's pull"); empty for a kind that seeds none.
    fn seed_slots(&self) -> &'static [(&'static str, &'static str)] {
        &[]
    }

    /// The kind's own plan texts a session may word its own way, and its 2×2: `None` for each
    /// the kind does not have.
    fn texts(&self) -> KindTexts<'_>;

    /// The same, to be replaced in a copy of the exercise.
    fn texts_mut(&mut self) -> KindTextsMut<'_>;
}

/// A kind's own plan texts beyond the title and instructions every exercise has.
#[derive(Debug, Default)]
pub struct KindTexts<'a> {
    /// What it is about (the topic, the focal question, the situation...).
    pub question: Option<&'a String>,
    /// What the kind calls it ("Topic", "Focal question"...), for a plain listing.
    pub question_label: &'static str,
    /// The year or period its scenarios describe.
    pub horizon: Option<&'a String>,
    /// Where its 2×2 goes (empty until the plan or the room gives one).
    pub matrix: Option<&'a Option<scenario_building::Matrix>>,
}

/// [`KindTexts`], to change.
#[derive(Debug, Default)]
pub struct KindTextsMut<'a> {
    pub question: Option<&'a mut String>,
    pub horizon: Option<&'a mut String>,
    pub matrix: Option<&'a mut Option<scenario_building::Matrix>>,
}

/// Whether a slot's main text must be given.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TextRule {
    Required,
    Optional,
    /// May be left empty when one of the slot's fields is given (a scenario saved with its
    /// poles and no title).
    UnlessFields,
}

/// A named extra field of a multi-field entry (a table column, a timeline year, a cell mark).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldSpec {
    pub name: &'static str,
    pub label: &'static str,
    pub required: bool,
    /// When not empty, the value must be one of these exactly.
    pub choices: Vec<String>,
}

impl FieldSpec {
    pub fn optional(name: &'static str, label: &'static str) -> Self {
        FieldSpec {
            name,
            label,
            required: false,
            choices: Vec::new(),
        }
    }
    pub fn required(name: &'static str, label: &'static str) -> Self {
        FieldSpec {
            name,
            label,
            required: true,
            choices: Vec::new(),
        }
    }
    pub fn choice(
        name: &'static str,
        label: &'static str,
        required: bool,
        choices: &[&str],
    ) -> Self {
        FieldSpec {
            name,
            label,
            required,
            choices: choices.iter().map(|c| c.to_string()).collect(),
        }
    }
}

/// A place contributions go: a question, a corner, a column, a cell, a checklist item.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Slot {
    pub id: String,
    /// What a person sees: the question text, the corner's name...
    pub label: String,
    /// What the main text of a contribution here is ("answer", "approach", "comment").
    pub text_label: &'static str,
    pub text: TextRule,
    pub fields: Vec<FieldSpec>,
    /// The slot an answer here goes under an answer of (a 2nd-order consequence under a 1st),
    /// if any: see [`crate::model::Contribution::parent`] and [`crate::model::tree`].
    pub parent: Option<String>,
}

impl Slot {
    pub fn simple(id: impl Into<String>, label: impl Into<String>) -> Self {
        Slot {
            parent: None,
            id: id.into(),
            label: label.into(),
            text_label: "answer",
            text: TextRule::Required,
            fields: Vec::new(),
        }
    }

    /// Checks a contribution's text and fields against this slot. The error says what is wrong.
    pub fn check(&self, text: &str, fields: &BTreeMap<String, String>) -> Result<(), String> {
        if text.len() > MAX_FIELD_BYTES {
            return Err(format!(
                "the text is {} bytes; hearth keeps at most {} bytes (1 MiB) per contribution: split it",
                text.len(),
                MAX_FIELD_BYTES
            ));
        }
        if text.trim().is_empty() {
            match self.text {
                TextRule::Required => {
                    return Err(format!("the {} must not be empty", self.text_label));
                }
                TextRule::UnlessFields if fields.values().all(|v| v.trim().is_empty()) => {
                    let labels: Vec<&str> = self.fields.iter().map(|f| f.label).collect();
                    return Err(format!(
                        "give the {} or a {}",
                        self.text_label,
                        labels.join(" or a ")
                    ));
                }
                _ => {}
            }
        }
        for (name, value) in fields {
            let Some(spec) = self.fields.iter().find(|f| f.name == name) else {
                let known: Vec<&str> = self.fields.iter().map(|f| f.name).collect();
                return Err(if known.is_empty() {
                    format!("slot `{}` takes no field `{name}`", self.id)
                } else {
                    format!(
                        "slot `{}` has no field `{name}` (its fields: {})",
                        self.id,
                        known.join(", ")
                    )
                });
            };
            if value.len() > MAX_FIELD_BYTES {
                return Err(format!(
                    "field `{name}` is {} bytes; at most {MAX_FIELD_BYTES} bytes (1 MiB) are kept",
                    value.len()
                ));
            }
            if !spec.choices.is_empty() && !spec.choices.iter().any(|c| c == value) {
                return Err(format!(
                    "field `{name}` is \"{}\"; it must be one of: {}",
                    value.chars().take(80).collect::<String>(),
                    spec.choices.join(", ")
                ));
            }
        }
        for spec in self.fields.iter().filter(|f| f.required) {
            match fields.get(spec.name) {
                Some(v) if !v.trim().is_empty() => {}
                _ => {
                    return Err(format!(
                        "slot `{}` needs the field `{}` ({})",
                        self.id, spec.name, spec.label
                    ));
                }
            }
        }
        Ok(())
    }
}

impl Exercise {
    /// Every slot of this exercise, in display order, ending with the `unplaced` slot.
    pub fn slots(&self) -> Vec<Slot> {
        let mut slots = self.kind.model().slots();
        slots.push(Slot {
            parent: None,
            id: UNPLACED_SLOT.to_owned(),
            label: "Not yet placed (imported lines hearth could not match)".to_owned(),
            text_label: "line",
            text: TextRule::Required,
            fields: Vec::new(),
        });
        slots
    }

    pub fn slot(&self, id: &str) -> Option<Slot> {
        self.slots().into_iter().find(|s| s.id == id)
    }

    /// The `kind` value of this exercise as written in files.
    pub fn kind_name(&self) -> &'static str {
        self.kind.kind().name()
    }

    pub(crate) fn validate(&self, path: &str, problems: &mut Problems) {
        problems.required_text(&format!("{path}.title"), &self.title);
        problems.plan_text(&format!("{path}.instructions"), &self.instructions);
        if self.minutes > 24 * 60 {
            problems.push(
                format!("{path}.minutes"),
                "a time box longer than a day is surely a typo",
            );
        }
        self.kind.model().validate(path, problems);
        let slots = self.slots();
        for (i, plan) in self.votes.iter().enumerate() {
            let at = format!("{path}.votes[{i}]");
            if let Some(slot) = &plan.slot
                && !slots.iter().any(|s| &s.id == slot)
            {
                problems.push(
                    format!("{at}.slot"),
                    format!("this exercise has no slot `{slot}`"),
                );
            }
            let round = plan.round("plan".to_owned(), &self.id, jiff::Timestamp::UNIX_EPOCH);
            if let Err(e) = crate::model::vote::check_round(&round) {
                problems.push(at, e);
            }
        }
        let mut seen = std::collections::BTreeSet::new();
        for slot in &slots {
            if !seen.insert(slot.id.as_str()) {
                problems.push(
                    path.to_owned(),
                    format!("two slots are both called `{}`", slot.id),
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fields(pairs: &[(&str, &str)]) -> BTreeMap<String, String> {
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    #[test]
    fn slot_check_names_what_is_wrong() {
        let slot = Slot {
            parent: None,
            id: "cell".into(),
            label: "Cell".into(),
            text_label: "comment",
            text: TextRule::Optional,
            fields: vec![FieldSpec::choice("mark", "mark", true, &["Yes", "No"])],
        };
        assert!(slot.check("", &fields(&[("mark", "Yes")])).is_ok());
        assert!(
            slot.check("", &fields(&[]))
                .unwrap_err()
                .contains("needs the field `mark`")
        );
        assert!(
            slot.check("", &fields(&[("mark", "yes")]))
                .unwrap_err()
                .contains("one of: Yes, No")
        );
        assert!(
            slot.check("", &fields(&[("mark", "No"), ("x", "1")]))
                .unwrap_err()
                .contains("no field `x`")
        );
        let big = "a".repeat(MAX_FIELD_BYTES + 1);
        assert!(
            slot.check(&big, &fields(&[("mark", "No")]))
                .unwrap_err()
                .contains("1 MiB")
        );
    }

    #[test]
    fn required_text_rejects_blank() {
        let slot = Slot::simple("q1", "Q");
        assert!(slot.check(" \n\t", &BTreeMap::new()).is_err());
        assert!(slot.check(" x", &BTreeMap::new()).is_ok());
    }
}
