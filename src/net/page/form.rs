//! The capture form as the browser posts it, and what becomes of it: saved under the slot
//! chosen in the form itself, or shown again with everything typed kept. Never filed under a
//! slot the page did not show as chosen.

use std::collections::BTreeMap;

use super::chooser::same_form;
use crate::net::api::{ContributionRequest, ExerciseInfo, SlotInfo};

/// A posted capture form.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CaptureForm {
    /// The answer, filed under `request.slot`: the slot chosen in the form.
    pub request: ContributionRequest,
    /// The slot whose text label and fields the form had.
    pub shown: String,
    /// "Show" was pressed (to see the chosen slot in full): nothing is saved.
    pub show: bool,
}

/// Reads the form's fields; `group` is the device's own (the form does not choose it).
pub fn read_form(pairs: &[(String, String)], group: &str) -> CaptureForm {
    let mut form = CaptureForm {
        request: ContributionRequest {
            id: String::new(),
            exercise: String::new(),
            slot: String::new(),
            group: group.to_owned(),
            text: String::new(),
            fields: BTreeMap::new(),
            parent: None,
        },
        shown: String::new(),
        show: false,
    };
    for (k, v) in pairs {
        match k.as_str() {
            "id" => form.request.id.clone_from(v),
            "exercise" => form.request.exercise.clone_from(v),
            "slot" => form.request.slot.clone_from(v),
            "text" => form.request.text.clone_from(v),
            "parent" => form.request.parent = Some(v.clone()).filter(|p| !p.is_empty()),
            "shown" => form.shown.clone_from(v),
            "show" => form.show = true,
            _ => {
                if let Some(name) = k.strip_prefix("field.")
                    && !v.is_empty()
                {
                    form.request.fields.insert(name.to_owned(), v.clone());
                }
            }
        }
    }
    form
}

/// What to do with a posted form.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Decision {
    /// Save it under the chosen slot.
    Save,
    /// Show the chosen slot's form with what was typed, saving nothing; with a word on why
    /// when Send was pressed.
    Show(Option<String>),
    /// Nothing to file it under: the page shows the choice again with nothing chosen.
    Choose(String),
}

/// Said when Send comes with no slot chosen.
pub const CHOOSE: &str =
    "Not saved yet: choose where the answer goes, then press Send. Your text is kept.";

/// Said when the slot chosen is not in the exercise (a page from before the plan changed).
pub const GONE: &str = "Not saved: the question chosen is no longer in this exercise (the plan changed). Choose where the answer goes, then press Send again. Your text is kept.";

/// `exercise` is the plan's exercise the form names, if it still has it.
pub fn decide(form: &CaptureForm, exercise: Option<&ExerciseInfo>) -> Decision {
    let slots: &[SlotInfo] = exercise.map_or(&[], |e| &e.slots);
    if form.request.slot.is_empty() {
        return Decision::Choose(CHOOSE.into());
    }
    let Some(chosen) = slots.iter().find(|s| s.id == form.request.slot) else {
        return Decision::Choose(GONE.into());
    };
    if form.show {
        return Decision::Show(None);
    }
    match slots.iter().find(|s| s.id == form.shown) {
        Some(shown) if !same_form(shown, chosen) => Decision::Show(Some(format!(
            "Not saved yet: “{}” asks for other details than the form had. Check them below, then press Send. Your text is kept.",
            chosen.label
        ))),
        // The form was drawn for this slot's form; or it says nothing of it (a form of its
        // own making): the slot's own rules check the answer either way.
        _ => Decision::Save,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::net::api::FieldInfo;

    fn slot(id: &str, fields: &[&str]) -> SlotInfo {
        SlotInfo {
            parent_slot: None,
            id: id.into(),
            label: format!("Label of {id}"),
            text_label: "answer".into(),
            text_optional: false,
            fields: fields
                .iter()
                .map(|f| FieldInfo {
                    name: (*f).into(),
                    label: (*f).into(),
                    required: true,
                    choices: Vec::new(),
                })
                .collect(),
        }
    }

    fn pairs(list: &[(&str, &str)]) -> Vec<(String, String)> {
        list.iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect()
    }

    #[test]
    fn the_slot_comes_from_the_form_and_never_from_a_default() {
        let exercise = ExerciseInfo {
            seed: String::new(),
            id: "ex".into(),
            title: "Ex".into(),
            kind: "prompt_round".into(),
            instructions: String::new(),
            question: String::new(),
            position: 1,
            of: 1,
            slots: vec![slot("q1", &[]), slot("q4", &[]), slot("t", &["year"])],
        };
        let form = read_form(
            &pairs(&[
                ("id", "a"),
                ("exercise", "ex"),
                ("shown", "q1"),
                ("slot", "q4"),
                ("text", "x"),
                ("field.year", ""),
            ]),
            "G",
        );
        assert_eq!(form.request.slot, "q4");
        assert_eq!(form.request.group, "G");
        assert!(form.request.fields.is_empty(), "empty fields are left out");
        assert_eq!(decide(&form, Some(&exercise)), Decision::Save);
        let with = |slot: &str, shown: &str, show: bool| CaptureForm {
            request: ContributionRequest {
                slot: slot.into(),
                ..form.request.clone()
            },
            shown: shown.into(),
            show,
        };
        assert_eq!(
            decide(&with("", "q1", false), Some(&exercise)),
            Decision::Choose(CHOOSE.into())
        );
        assert_eq!(
            decide(&with("q9", "q1", false), Some(&exercise)),
            Decision::Choose(GONE.into())
        );
        assert_eq!(
            decide(&with("q4", "q1", false), None),
            Decision::Choose(GONE.into())
        );
        assert_eq!(
            decide(&with("q4", "q1", true), Some(&exercise)),
            Decision::Show(None)
        );
        assert!(matches!(
            decide(&with("t", "q1", false), Some(&exercise)),
            Decision::Show(Some(m)) if m.contains("“Label of t” asks for other details")
        ));
        assert_eq!(
            decide(&with("t", "", false), Some(&exercise)),
            Decision::Save
        );
    }
}
