//! A scenario is a workshop plan: an ordered agenda of exercises.

use serde::{Deserialize, Serialize};

use super::error::{ModelError, Problem, Problems, near_names};
use super::exercise::Exercise;
use super::text::is_valid_name;

/// The `format` value of scenario files this hearth writes and reads.
pub const SCENARIO_FORMAT: &str = "hearth-scenario/1";

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Scenario {
    /// `hearth-scenario/1` in a scenario file; may be left out when embedded in a session.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub format: Option<String>,
    pub id: String,
    pub title: String,
    #[serde(default)]
    pub summary: String,
    /// Notes for whoever runs the workshop; not shown to the room.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub facilitator_notes: String,
    /// Group names offered when a session starts ("Table 1", "Room A").
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub suggested_groups: Vec<String>,
    /// Where the plan comes from (a published write-up, a toolkit).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub source: String,
    pub agenda: Vec<Exercise>,
}

impl Scenario {
    /// The error for an exercise id this plan has not, naming its exercises (the nearest few
    /// when there are many).
    pub fn unknown_exercise(&self, id: &str) -> ModelError {
        ModelError::UnknownExercise {
            exercise: id.to_owned(),
            known: near_names(id, self.agenda.iter().map(|e| e.id.as_str()), "exercises"),
        }
    }

    pub fn exercise(&self, id: &str) -> Option<&Exercise> {
        self.agenda.iter().find(|e| e.id == id)
    }

    /// Every problem with this plan; empty when it is valid. `path` prefixes each location.
    pub fn problems(&self, path: &str) -> Vec<Problem> {
        let mut p = Problems::default();
        let at = |field: &str| {
            if path.is_empty() {
                field.to_owned()
            } else {
                format!("{path}.{field}")
            }
        };
        if !super::text::is_valid_id(&self.id) {
            p.push(at("id"), "must be 1 to 64 letters, digits, `-`, `_` or `.`");
        }
        p.required_text(&at("title"), &self.title);
        p.plan_text(&at("summary"), &self.summary);
        p.plan_text(&at("facilitator_notes"), &self.facilitator_notes);
        p.plan_text(&at("source"), &self.source);
        let mut seen = std::collections::BTreeSet::new();
        for (i, g) in self.suggested_groups.iter().enumerate() {
            if !is_valid_name(g) {
                p.push(
                    at(&format!("suggested_groups[{i}]")),
                    "a group name must be 1 to 200 bytes with no control characters",
                );
            } else if !seen.insert(g.as_str()) {
                p.push(
                    at(&format!("suggested_groups[{i}]")),
                    format!("\"{g}\" is listed twice"),
                );
            }
        }
        if self.agenda.is_empty() {
            p.push(at("agenda"), "needs at least one exercise");
        }
        p.ids(&at("agenda"), self.agenda.iter().map(|e| e.id.as_str()));
        for (i, exercise) in self.agenda.iter().enumerate() {
            exercise.validate(&at(&format!("agenda[{i}]")), &mut p);
            if let super::ExerciseKind::ScenarioBuilding(k) = &exercise.kind
                && let Some(from) = &k.axes_from
            {
                let earlier = self.agenda[..i].iter().find(|e| &e.id == from);
                if !matches!(
                    earlier.map(|e| &e.kind),
                    Some(super::ExerciseKind::FuturesTriangle(_))
                ) {
                    p.push(
                        at(&format!("agenda[{i}].axes_from")),
                        format!(
                            "`{from}` is not a Futures Triangle exercise earlier in the agenda"
                        ),
                    );
                }
            }
            if let Some(from) = exercise.kind.model().seed_from() {
                let earlier = self.agenda[..i].iter().find(|e| e.id == from);
                if earlier.is_none_or(|e| e.kind.model().seed_slots().is_empty()) {
                    p.push(
                        at(&format!("agenda[{i}].{}", exercise.kind.model().seed_field())),
                        format!(
                            "`{from}` is not an exercise earlier in the agenda whose answers can seed another"
                        ),
                    );
                }
            }
        }
        p.0
    }
}
