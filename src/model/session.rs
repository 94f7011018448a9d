//! A session is one run of a scenario: its groups and every contribution, with history.

use std::collections::{BTreeSet, HashMap, HashSet};

use jiff::Timestamp;
use jiff::civil::Date;
use serde::{Deserialize, Serialize};

use super::contribution::Contribution;
use super::convergence::Convergence;
use super::error::{ModelError, Problem, Problems};
use super::exercise::Exercise;
use super::exercise::Slot;
use super::exercise::scenario_building::Matrix;
use super::scenario::Scenario;
use super::text::{MAX_FIELD_BYTES, is_valid_id, is_valid_name};
use super::words::{Narration, Wordings};

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

/// The most changes a session may count: far past any workshop's (a change a millisecond for
/// 285,000 years), and far enough below `u64::MAX` that numbering a batch after it never
/// overflows. No change is taken past it; a change count or a journal record numbered past twice
/// it is damage.
pub const MAX_CHANGES: u64 = 1 << 53;

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
    /// Tags for the write-up's front matter.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub tags: Vec<String>,
    /// A summary for the write-up's front matter; the plan's summary when empty.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub summary: String,
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
    /// Themes, votes and chosen axes: what the room made of the answers.
    #[serde(default, skip_serializing_if = "Convergence::is_empty")]
    pub convergence: Convergence,
    /// Exercises whose answers are hidden until the facilitator reveals them
    /// ([`Change::SetConcealed`]).
    #[serde(default, skip_serializing_if = "BTreeSet::is_empty")]
    pub concealed: BTreeSet<String>,
    /// What the write-ups tell before and after each exercise, and their closing
    /// ([`Change::SetNarration`]).
    #[serde(default, skip_serializing_if = "Narration::is_empty")]
    pub narration: Narration,
    /// This workshop's wording of the plan's texts, by exercise ([`Change::SetWording`]); the
    /// plan in `scenario` is left as it is.
    #[serde(default, skip_serializing_if = "Wordings::is_empty")]
    pub wording: Wordings,
    #[serde(default)]
    pub(super) contributions: Vec<Contribution>,
    /// The count of withdrawn answers that `hearth export` writes in a JSON export: read past
    /// (the tombstones are the record), never written into a session file.
    #[serde(default, rename = "withdrawn", skip_serializing)]
    #[allow(dead_code)]
    withdrawn_count: serde::de::IgnoredAny,
    #[serde(skip)]
    pub(super) index: HashMap<String, usize>,
    /// Positions in `contributions` filed under each exercise and slot, ascending.
    #[serde(skip)]
    pub(super) places: Places,
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
            && self.tags == other.tags
            && self.summary == other.summary
            && self.attribution == other.attribution
            && self.created == other.created
            && self.changes == other.changes
            && self.scenario == other.scenario
            && self.groups == other.groups
            && self.convergence == other.convergence
            && self.concealed == other.concealed
            && self.narration == other.narration
            && self.wording == other.wording
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
            tags: Vec::new(),
            summary: String::new(),
            attribution: false,
            created: Timestamp::now(),
            changes: 0,
            scenario: Scenario {
                format: None,
                ..scenario
            },
            groups,
            convergence: Convergence::default(),
            concealed: BTreeSet::new(),
            narration: Narration::default(),
            wording: Wordings::new(),
            contributions: Vec::new(),
            withdrawn_count: serde::de::IgnoredAny,
            index: HashMap::new(),
            places: Places::default(),
        }
    }

    /// The session without its contributions: its plan, groups and settings, and its change
    /// count. Enough to check a new contribution (all but its id's uniqueness) and to apply the
    /// changes that [`Change::shapes_outline`]; small whatever the session's size.
    pub fn outline(&self) -> Session {
        Session {
            format: self.format.clone(),
            id: self.id.clone(),
            title: self.title.clone(),
            date: self.date,
            mode: self.mode,
            facilitators: self.facilitators.clone(),
            event: self.event.clone(),
            notes: self.notes.clone(),
            introduction: self.introduction.clone(),
            tags: self.tags.clone(),
            summary: self.summary.clone(),
            attribution: self.attribution,
            created: self.created,
            changes: self.changes,
            scenario: self.scenario.clone(),
            groups: self.groups.clone(),
            convergence: Convergence {
                axes: self.convergence.axes.clone(),
                ..Convergence::default()
            },
            // Not part of the outline: nothing an addition is checked against.
            concealed: BTreeSet::new(),
            narration: self.narration.clone(),
            wording: self.wording.clone(),
            contributions: Vec::new(),
            withdrawn_count: serde::de::IgnoredAny,
            index: HashMap::new(),
            places: Places::default(),
        }
    }

    /// Every contribution, in the order they were added.
    pub fn contributions(&self) -> &[Contribution] {
        &self.contributions
    }

    /// How many answers were withdrawn (tombstones).
    /// How many answers the session holds, as lists count them: off the record included, a
    /// withdrawn one not (it holds no words and leaves no trace).
    pub fn answers_held(&self) -> usize {
        self.contributions.len() - self.withdrawn()
    }

    pub fn withdrawn(&self) -> usize {
        self.contributions
            .iter()
            .filter(|c| c.is_withdrawn())
            .count()
    }

    /// Whether exercise `id`'s answers are hidden until the facilitator reveals them.
    pub fn is_concealed(&self, exercise: &str) -> bool {
        self.concealed.contains(exercise)
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

    /// An exercise as this session runs it: the plan's, with the axes the room chose for a
    /// scenario matrix in place of the plan's, and worded as this session words it
    /// ([`Change::SetWording`]).
    pub fn exercise(&self, id: &str) -> Option<std::borrow::Cow<'_, Exercise>> {
        let ex = self.scenario.exercise(id)?;
        Some(self.as_run(ex))
    }

    /// The agenda as this session runs it (see [`Session::exercise`]), in order.
    pub fn agenda(&self) -> impl Iterator<Item = std::borrow::Cow<'_, Exercise>> + '_ {
        self.scenario.agenda.iter().map(|ex| self.as_run(ex))
    }

    /// `ex` with the room's chosen axes and this session's wording.
    fn as_run<'a>(&'a self, ex: &'a Exercise) -> std::borrow::Cow<'a, Exercise> {
        use std::borrow::Cow;
        let chosen = self.convergence.axes.get(&ex.id);
        let worded = self.wording.get(&ex.id);
        // A seed that is the exercise's question (a wheel's centre picked live).
        let seeded = self.seeded_question(ex);
        if chosen.is_none() && worded.is_none() && seeded.is_none() {
            return Cow::Borrowed(ex);
        }
        let mut ex = ex.clone();
        if let Some(chosen) = chosen
            && let Some(matrix) = ex.kind.model_mut().texts_mut().matrix
        {
            *matrix = Some(chosen.matrix.clone());
        }
        // The seed replaces the plan's text; a wording the session set wins over both.
        if let Some(seeded) = seeded
            && let Some(question) = ex.kind.model_mut().texts_mut().question
        {
            *question = seeded;
        }
        if let Some(w) = worded {
            w.apply_to(&mut ex);
        }
        Cow::Owned(ex)
    }

    /// The 2×2 a scenario-building exercise uses: the axes the room chose, else the plan's.
    pub fn matrix_of(&self, exercise: &str) -> Option<&Matrix> {
        if let Some(chosen) = self.convergence.axes.get(exercise) {
            return Some(&chosen.matrix);
        }
        self.scenario.exercise(exercise)?.kind.model().matrix()
    }

    pub(super) fn slot_of(&self, exercise: &str, slot: &str) -> Result<Slot, ModelError> {
        let ex = self
            .exercise(exercise)
            .ok_or_else(|| self.scenario.unknown_exercise(exercise))?;
        ex.slot(slot).ok_or_else(|| ModelError::UnknownSlot {
            exercise: exercise.to_owned(),
            slot: slot.to_owned(),
            known: super::error::near_names(
                slot,
                ex.slots().iter().map(|s| s.id.as_str()),
                "slots",
            ),
        })
    }

    pub(super) fn position(&self, id: &str) -> Result<usize, ModelError> {
        self.index
            .get(id)
            .copied()
            .ok_or_else(|| ModelError::UnknownContribution(id.to_owned()))
    }

    /// Validates a session read from a file and builds its lookup index. Returns every problem.
    pub fn prepare(&mut self) -> Vec<Problem> {
        let mut p = Problems::default();
        if !is_valid_id(&self.id) {
            p.push("id", "must be 1 to 64 letters, digits, `-`, `_` or `.`");
        }
        p.required_text("title", &self.title);
        if self.changes > 2 * MAX_CHANGES {
            p.push(
                "changes",
                format!("a session counts at most {MAX_CHANGES} changes"),
            );
        }
        p.0.extend(self.details().problems());
        p.0.extend(self.scenario.problems("scenario"));
        super::words::problems(
            &self.narration,
            &self.wording,
            |e| self.scenario.exercise(e).is_some(),
            &mut p,
        );
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
                Some(_) if c.is_withdrawn() => {
                    if c.holds_words() {
                        p.push(
                            at.clone(),
                            "a withdrawn answer keeps no text, fields, earlier versions or author",
                        );
                    }
                }
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
            if let Some(parent) = &c.parent
                && (!is_valid_id(parent) || parent == &c.id)
            {
                p.push(format!("{at}.parent"), "not another answer's id");
            }
            if let Err(e) = check_revisions(c) {
                p.push(format!("{at}.revisions"), e);
            }
        }
        p.0
    }
}

pub(super) type Places = HashMap<String, HashMap<String, Vec<usize>>>;

/// Files position `at` under an exercise and slot, keeping each list ascending.
pub(super) fn place(places: &mut Places, exercise: &str, slot: &str, at: usize) {
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

pub(super) fn unplace(places: &mut Places, exercise: &str, slot: &str, at: usize) {
    if let Some(list) = places.get_mut(exercise).and_then(|s| s.get_mut(slot))
        && let Ok(k) = list.binary_search(&at)
    {
        list.remove(k);
    }
}

pub(super) fn check_revisions(c: &Contribution) -> Result<(), String> {
    for r in &c.revisions {
        if r.text.len() > MAX_FIELD_BYTES || r.fields.values().any(|v| v.len() > MAX_FIELD_BYTES) {
            return Err(format!(
                "an earlier version is over {MAX_FIELD_BYTES} bytes"
            ));
        }
    }
    Ok(())
}
