//! A session is one run of a scenario: its groups and every contribution, with history.

use std::collections::{HashMap, HashSet};

use jiff::Timestamp;
use jiff::civil::Date;
use serde::{Deserialize, Serialize};

use super::change::Change;
use super::contribution::Contribution;
use super::error::{ModelError, Problem, Problems};
use super::exercise::Slot;
use super::scenario::Scenario;
use super::text::{MAX_FIELD_BYTES, is_valid_id, is_valid_name};

/// The `format` value of session files this hearth writes and reads.
pub const SESSION_FORMAT: &str = "hearth-session/1";
/// The format family; a file saying `hearth-session/2` was written by a newer hearth.
pub const SESSION_FORMAT_PREFIX: &str = "hearth-session/";

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Mode {
    #[default]
    InPerson,
    Online,
    Hybrid,
}

impl Mode {
    pub fn label(self) -> &'static str {
        match self {
            Mode::InPerson => "in person",
            Mode::Online => "online",
            Mode::Hybrid => "hybrid",
        }
    }
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Session {
    pub format: String,
    pub id: String,
    pub title: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<Date>,
    #[serde(default)]
    pub mode: Mode,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub facilitators: Vec<String>,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub event: String,
    /// The facilitators' own notes (not in write-ups).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub notes: String,
    /// What write-ups open with, verbatim.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub introduction: String,
    /// Whether contributions may carry an author. Off unless turned on.
    #[serde(default)]
    pub attribution: bool,
    pub created: Timestamp,
    /// How many changes this session has seen; the journal numbers its records by it.
    #[serde(default)]
    pub changes: u64,
    /// The plan, embedded so the file stands alone.
    pub scenario: Scenario,
    #[serde(default)]
    pub groups: Vec<String>,
    #[serde(default)]
    contributions: Vec<Contribution>,
    #[serde(skip)]
    index: HashMap<String, usize>,
    /// Positions in `contributions` filed under each exercise and slot, ascending.
    #[serde(skip)]
    places: Places,
}

impl PartialEq for Session {
    fn eq(&self, other: &Self) -> bool {
        // `index` is derived from `contributions`.
        self.format == other.format
            && self.id == other.id
            && self.title == other.title
            && self.date == other.date
            && self.mode == other.mode
            && self.facilitators == other.facilitators
            && self.event == other.event
            && self.notes == other.notes
            && self.introduction == other.introduction
            && self.attribution == other.attribution
            && self.created == other.created
            && self.changes == other.changes
            && self.scenario == other.scenario
            && self.groups == other.groups
            && self.contributions == other.contributions
    }
}

impl Session {
    /// A new, empty session of `scenario`. Groups are taken as given.
    pub fn new(scenario: Scenario, title: String, date: Option<Date>, groups: Vec<String>) -> Self {
        Session {
            format: SESSION_FORMAT.to_owned(),
            id: super::contribution::new_id(),
            title,
            date,
            mode: Mode::default(),
            facilitators: Vec::new(),
            event: String::new(),
            notes: String::new(),
            introduction: String::new(),
            attribution: false,
            created: Timestamp::now(),
            changes: 0,
            scenario: Scenario {
                format: None,
                ..scenario
            },
            groups,
            contributions: Vec::new(),
            index: HashMap::new(),
            places: Places::default(),
        }
    }

    /// Every contribution, in the order they were added.
    pub fn contributions(&self) -> &[Contribution] {
        &self.contributions
    }

    pub fn contribution(&self, id: &str) -> Option<&Contribution> {
        self.index.get(id).map(|&i| &self.contributions[i])
    }

    /// The contributions to one slot of one exercise, in the order they were added. Kept as an
    /// index, so this costs what it returns, not the size of the session.
    pub fn in_slot<'a>(
        &'a self,
        exercise: &str,
        slot: &str,
    ) -> impl Iterator<Item = &'a Contribution> + 'a {
        self.places
            .get(exercise)
            .and_then(|slots| slots.get(slot))
            .map_or(&[][..], Vec::as_slice)
            .iter()
            .map(|&i| &self.contributions[i])
    }

    fn slot_of(&self, exercise: &str, slot: &str) -> Result<Slot, ModelError> {
        let ex = self
            .scenario
            .exercise(exercise)
            .ok_or_else(|| ModelError::UnknownExercise(exercise.to_owned()))?;
        ex.slot(slot).ok_or_else(|| ModelError::UnknownSlot {
            exercise: exercise.to_owned(),
            slot: slot.to_owned(),
            known: ex
                .slots()
                .iter()
                .map(|s| s.id.as_str())
                .collect::<Vec<_>>()
                .join(", "),
        })
    }

    fn check_group(&self, group: &Option<String>) -> Result<(), ModelError> {
        match group {
            Some(name) if !self.groups.iter().any(|g| g == name) => Err(ModelError::UnknownGroup {
                name: name.clone(),
                known: if self.groups.is_empty() {
                    "none yet".to_owned()
                } else {
                    self.groups.join(", ")
                },
            }),
            _ => Ok(()),
        }
    }

    fn position(&self, id: &str) -> Result<usize, ModelError> {
        self.index
            .get(id)
            .copied()
            .ok_or_else(|| ModelError::UnknownContribution(id.to_owned()))
    }

    /// Checks that `change` can be applied, without applying it.
    pub fn check(&self, change: &Change) -> Result<(), ModelError> {
        match change {
            Change::Add { contribution: c } => {
                if !is_valid_id(&c.id) {
                    return Err(ModelError::Invalid(format!(
                        "`{}` is not a valid contribution id",
                        c.id
                    )));
                }
                if self.index.contains_key(&c.id) {
                    return Err(ModelError::DuplicateContribution(c.id.clone()));
                }
                if c.author.is_some() && !self.attribution {
                    return Err(ModelError::Invalid(
                        "attribution is off for this session: contributions carry no author"
                            .to_owned(),
                    ));
                }
                if let Some(author) = &c.author
                    && !is_valid_name(author)
                {
                    return Err(ModelError::Invalid(
                        "an author name must be 1 to 200 bytes, no control characters".to_owned(),
                    ));
                }
                self.check_group(&c.group)?;
                self.slot_of(&c.exercise, &c.slot)?
                    .check(&c.text, &c.fields)
                    .map_err(ModelError::Invalid)?;
                check_revisions(c).map_err(ModelError::Invalid)
            }
            Change::Edit {
                id, text, fields, ..
            } => {
                let c = &self.contributions[self.position(id)?];
                self.slot_of(&c.exercise, &c.slot)?
                    .check(text, fields)
                    .map_err(ModelError::Invalid)
            }
            Change::SetHidden { id, .. } | Change::SetStarred { id, .. } => {
                self.position(id).map(|_| ())
            }
            Change::Move {
                id,
                exercise,
                slot,
                group,
            } => {
                let c = &self.contributions[self.position(id)?];
                self.check_group(group)?;
                self.slot_of(exercise, slot)?
                    .check(&c.text, &c.fields)
                    .map_err(|e| ModelError::Invalid(format!("cannot move there: {e}")))
            }
            Change::AddGroup { name } => {
                if !is_valid_name(name) {
                    return Err(ModelError::Invalid(
                        "a group name must be 1 to 200 bytes with no control characters".to_owned(),
                    ));
                }
                if self.groups.iter().any(|g| g == name) {
                    return Err(ModelError::DuplicateGroup(name.clone()));
                }
                Ok(())
            }
            Change::SetAttribution { .. } => Ok(()),
            Change::SetDetails { details } => match details.problems().first() {
                Some(p) => Err(ModelError::Invalid(p.to_string())),
                None => Ok(()),
            },
        }
    }

    /// Applies one change; on error nothing is changed.
    pub fn apply(&mut self, change: &Change) -> Result<(), ModelError> {
        self.check(change)?;
        match change {
            Change::Add { contribution } => {
                let at = self.contributions.len();
                self.index.insert(contribution.id.clone(), at);
                place(
                    &mut self.places,
                    &contribution.exercise,
                    &contribution.slot,
                    at,
                );
                self.contributions.push(contribution.clone());
            }
            Change::Edit {
                id,
                text,
                fields,
                at,
            } => {
                let i = self.position(id)?;
                let c = &mut self.contributions[i];
                let written = c.edited.unwrap_or(c.created);
                c.revisions.push(super::contribution::Revision {
                    text: std::mem::replace(&mut c.text, text.clone()),
                    fields: std::mem::replace(&mut c.fields, fields.clone()),
                    written,
                });
                c.edited = Some(*at);
            }
            Change::SetHidden { id, hidden } => {
                let i = self.position(id)?;
                self.contributions[i].hidden = *hidden;
            }
            Change::SetStarred { id, starred } => {
                let i = self.position(id)?;
                self.contributions[i].starred = *starred;
            }
            Change::Move {
                id,
                exercise,
                slot,
                group,
            } => {
                let i = self.position(id)?;
                let c = &mut self.contributions[i];
                unplace(&mut self.places, &c.exercise, &c.slot, i);
                place(&mut self.places, exercise, slot, i);
                c.exercise = exercise.clone();
                c.slot = slot.clone();
                c.group = group.clone();
            }
            Change::AddGroup { name } => self.groups.push(name.clone()),
            Change::SetAttribution { on } => self.attribution = *on,
            Change::SetDetails { details } => self.set_details(details),
        }
        self.changes += 1;
        Ok(())
    }

    /// Validates a session read from a file and builds its lookup index. Returns every problem.
    pub fn prepare(&mut self) -> Vec<Problem> {
        let mut p = Problems::default();
        if !is_valid_id(&self.id) {
            p.push("id", "must be 1 to 64 letters, digits, `-`, `_` or `.`");
        }
        p.required_text("title", &self.title);
        p.0.extend(self.details().problems());
        p.0.extend(self.scenario.problems("scenario"));
        let mut groups = HashSet::new();
        for (i, g) in self.groups.iter().enumerate() {
            if !is_valid_name(g) {
                p.push(
                    format!("groups[{i}]"),
                    "a group name must be 1 to 200 bytes with no control characters",
                );
            } else if !groups.insert(g.as_str()) {
                p.push(
                    format!("groups[{i}]"),
                    format!("the group \"{g}\" is listed twice"),
                );
            }
        }
        // Slots are computed once per exercise, not once per contribution.
        let slot_lists: Vec<(&str, Vec<Slot>)> = self
            .scenario
            .agenda
            .iter()
            .map(|e| (e.id.as_str(), e.slots()))
            .collect();
        let slots: HashMap<(&str, &str), &Slot> = slot_lists
            .iter()
            .flat_map(|(e, list)| list.iter().map(move |s| ((*e, s.id.as_str()), s)))
            .collect();
        self.index.clear();
        self.index.reserve(self.contributions.len());
        self.places.clear();
        for (i, c) in self.contributions.iter().enumerate() {
            place(&mut self.places, &c.exercise, &c.slot, i);
            let at = format!("contributions[{i}]");
            if !is_valid_id(&c.id) {
                p.push(format!("{at}.id"), "not a valid contribution id");
            } else if self.index.insert(c.id.clone(), i).is_some() {
                p.push(
                    format!("{at}.id"),
                    format!("duplicate contribution id `{}`", c.id),
                );
            }
            match slots.get(&(c.exercise.as_str(), c.slot.as_str())) {
                None if self.scenario.exercise(&c.exercise).is_none() => p.push(
                    format!("{at}.exercise"),
                    format!("no exercise `{}` in the plan", c.exercise),
                ),
                None => p.push(
                    format!("{at}.slot"),
                    format!("exercise `{}` has no slot `{}`", c.exercise, c.slot),
                ),
                Some(slot) => {
                    if let Err(e) = slot.check(&c.text, &c.fields) {
                        p.push(at.clone(), e);
                    }
                }
            }
            if let Some(g) = &c.group
                && !groups.contains(g.as_str())
            {
                p.push(
                    format!("{at}.group"),
                    format!("no group \"{g}\" in `groups`"),
                );
            }
            if let Err(e) = check_revisions(c) {
                p.push(format!("{at}.revisions"), e);
            }
        }
        p.0
    }
}

type Places = HashMap<String, HashMap<String, Vec<usize>>>;

/// Files position `at` under an exercise and slot, keeping each list ascending.
fn place(places: &mut Places, exercise: &str, slot: &str, at: usize) {
    // Look up before inserting, so the common case allocates nothing.
    if !places.contains_key(exercise) {
        places.insert(exercise.to_owned(), HashMap::new());
    }
    let Some(slots) = places.get_mut(exercise) else {
        return;
    };
    if !slots.contains_key(slot) {
        slots.insert(slot.to_owned(), Vec::new());
    }
    let Some(list) = slots.get_mut(slot) else {
        return;
    };
    if list.last().is_none_or(|&last| last < at) {
        list.push(at);
    } else if let Err(k) = list.binary_search(&at) {
        list.insert(k, at);
    }
}

fn unplace(places: &mut Places, exercise: &str, slot: &str, at: usize) {
    if let Some(list) = places.get_mut(exercise).and_then(|s| s.get_mut(slot))
        && let Ok(k) = list.binary_search(&at)
    {
        list.remove(k);
    }
}

fn check_revisions(c: &Contribution) -> Result<(), String> {
    for r in &c.revisions {
        if r.text.len() > MAX_FIELD_BYTES || r.fields.values().any(|v| v.len() > MAX_FIELD_BYTES) {
            return Err(format!(
                "an earlier version is over {MAX_FIELD_BYTES} bytes"
            ));
        }
    }
    Ok(())
}
