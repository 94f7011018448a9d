//! A session's own words around the plan's: the narration its write-ups tell between the
//! exercises (before and after each, and a closing), and this workshop's wording of the plan's
//! texts (an exercise's title, instructions, focal question, horizon, axis names), which the
//! session uses in place of the plan's while the plan itself is left as it is.

use std::collections::BTreeMap;

use jiff::Timestamp;
use serde::{Deserialize, Serialize};

use super::error::Problems;
use super::exercise::Exercise;
use super::text::{Lines, MAX_PLAN_STRING_BYTES, control_problem};

/// Where a piece of narration goes in a write-up.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Place {
    /// Opens the exercise's part, under its heading.
    Before(String),
    /// Ends the exercise's part.
    After(String),
    /// Ends the write-up, after the last exercise.
    Closing,
}

impl Place {
    /// The exercise it is about, if any.
    pub fn exercise(&self) -> Option<&str> {
        match self {
            Place::Before(e) | Place::After(e) => Some(e),
            Place::Closing => None,
        }
    }

    /// How a person names it ("before `triangle`").
    pub fn describe(&self) -> String {
        match self {
            Place::Before(e) => format!("the narration before `{e}`"),
            Place::After(e) => format!("the narration after `{e}`"),
            Place::Closing => "the closing".to_owned(),
        }
    }
}

/// The narration of a session's write-ups, verbatim. An empty text is no narration.
#[derive(Debug, Clone, Default, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Narration {
    /// Before each exercise's part, by exercise id.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub before: BTreeMap<String, String>,
    /// After each exercise's part, by exercise id.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub after: BTreeMap<String, String>,
    /// What the write-up ends with.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub closing: String,
}

impl Narration {
    pub fn is_empty(&self) -> bool {
        self == &Narration::default()
    }

    /// The text at `place` ("" when there is none).
    pub fn get(&self, place: &Place) -> &str {
        match place {
            Place::Before(e) => self.before.get(e).map_or("", String::as_str),
            Place::After(e) => self.after.get(e).map_or("", String::as_str),
            Place::Closing => &self.closing,
        }
    }

    /// Sets the text at `place`; an empty text removes it.
    pub fn set(&mut self, place: &Place, text: &str) {
        let map = match place {
            Place::Before(_) => &mut self.before,
            Place::After(_) => &mut self.after,
            Place::Closing => {
                self.closing = text.to_owned();
                return;
            }
        };
        let Some(exercise) = place.exercise() else {
            return;
        };
        if text.is_empty() {
            map.remove(exercise);
        } else {
            map.insert(exercise.to_owned(), text.to_owned());
        }
    }

    /// Every piece of narration with its place: closing last.
    pub fn places(&self) -> Vec<(Place, &str)> {
        let mut all: Vec<(Place, &str)> = Vec::new();
        for (e, t) in &self.before {
            all.push((Place::Before(e.clone()), t));
        }
        for (e, t) in &self.after {
            all.push((Place::After(e.clone()), t));
        }
        if !self.closing.is_empty() {
            all.push((Place::Closing, &self.closing));
        }
        all
    }
}

/// A plan text a session may word its own way.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Field {
    /// The exercise's title.
    Title,
    /// What the facilitator says to open it.
    Instructions,
    /// What it is about, for a kind that names it: the focal question of scenario building, the
    /// triangle's topic, a value conflict's situation, a role-clarity question, a notes topic.
    Question,
    /// The year or period scenarios describe.
    Horizon,
    /// The name of the scenario matrix's horizontal axis.
    XAxis,
    /// The name of the scenario matrix's vertical axis.
    YAxis,
}

impl Field {
    pub const ALL: [Field; 6] = [
        Field::Title,
        Field::Instructions,
        Field::Question,
        Field::Horizon,
        Field::XAxis,
        Field::YAxis,
    ];

    /// Its name in files and on the command line.
    pub fn name(self) -> &'static str {
        match self {
            Field::Title => "title",
            Field::Instructions => "instructions",
            Field::Question => "question",
            Field::Horizon => "horizon",
            Field::XAxis => "x_axis",
            Field::YAxis => "y_axis",
        }
    }

    /// How a person names it.
    pub fn label(self) -> &'static str {
        match self {
            Field::Title => "title",
            Field::Instructions => "instructions",
            Field::Question => "focal question",
            Field::Horizon => "horizon",
            Field::XAxis => "horizontal axis",
            Field::YAxis => "vertical axis",
        }
    }

    /// Whether its text may hold line breaks.
    pub fn lines(self) -> Lines {
        match self {
            Field::Instructions | Field::Question => Lines::Several,
            Field::Title | Field::Horizon | Field::XAxis | Field::YAxis => Lines::One,
        }
    }

    /// Whether it may be worded as nothing at all (an exercise with no instructions).
    pub fn may_be_empty(self) -> bool {
        match self {
            Field::Instructions | Field::Horizon => true,
            Field::Title | Field::Question | Field::XAxis | Field::YAxis => false,
        }
    }

    /// The plan's text of this field in `exercise` (as run: with the room's chosen axes), or
    /// `None` when its kind has no such text.
    pub fn of(self, exercise: &Exercise) -> Option<&str> {
        match self {
            Field::Title => Some(&exercise.title),
            Field::Instructions => Some(&exercise.instructions),
            Field::Question => exercise.kind.model().texts().question.map(String::as_str),
            Field::Horizon => exercise.kind.model().texts().horizon.map(String::as_str),
            Field::XAxis => exercise.kind.model().matrix().map(|m| m.x.name.as_str()),
            Field::YAxis => exercise.kind.model().matrix().map(|m| m.y.name.as_str()),
        }
    }

    /// The place of this field's text in `exercise`, if its kind has one.
    fn slot(self, exercise: &mut Exercise) -> Option<&mut String> {
        match self {
            Field::Title => Some(&mut exercise.title),
            Field::Instructions => Some(&mut exercise.instructions),
            Field::Question => exercise.kind.model_mut().texts_mut().question,
            Field::Horizon => exercise.kind.model_mut().texts_mut().horizon,
            Field::XAxis => exercise
                .kind
                .model_mut()
                .texts_mut()
                .matrix
                .and_then(|m| m.as_mut())
                .map(|m| &mut m.x.name),
            Field::YAxis => exercise
                .kind
                .model_mut()
                .texts_mut()
                .matrix
                .and_then(|m| m.as_mut())
                .map(|m| &mut m.y.name),
        }
    }

    /// What is wrong with `text` as this field's wording, if anything.
    pub fn problem(self, text: &str) -> Option<String> {
        if text.trim().is_empty() && !self.may_be_empty() {
            return Some(format!(
                "the {} must not be empty (to go back to the plan's words, reset it)",
                self.label()
            ));
        }
        if text.len() > MAX_PLAN_STRING_BYTES {
            return Some(format!(
                "the {} is {} bytes; at most {MAX_PLAN_STRING_BYTES} bytes are kept",
                self.label(),
                text.len()
            ));
        }
        control_problem(text, self.lines()).map(|p| format!("the {} {p}", self.label()))
    }
}

/// One exercise's wording in this session: each field given here replaces the plan's.
#[derive(Debug, Clone, Default, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Wording(pub BTreeMap<Field, Worded>);

/// A field's wording, and when it was set (the latest wins when sessions are merged).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Worded {
    /// `None`: back to the plan's words.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub text: Option<String>,
    pub at: Timestamp,
}

impl Wording {
    /// `exercise` worded this way: each field given replaces the plan's, where its kind has it.
    pub fn apply_to(&self, exercise: &mut Exercise) {
        for (field, worded) in &self.0 {
            if let Some(text) = &worded.text
                && let Some(slot) = field.slot(exercise)
            {
                slot.clone_from(text);
            }
        }
    }

    /// The session's own words for `field`, if it has them.
    pub fn get(&self, field: Field) -> Option<&str> {
        self.0.get(&field).and_then(|w| w.text.as_deref())
    }
}

/// Every exercise's wording, by exercise id.
pub type Wordings = BTreeMap<String, Wording>;

/// Sets (or with `None`, takes back to the plan's) one field of one exercise's wording.
pub fn set_wording(
    wordings: &mut Wordings,
    exercise: &str,
    field: Field,
    text: Option<&str>,
    at: Timestamp,
) {
    wordings.entry(exercise.to_owned()).or_default().0.insert(
        field,
        Worded {
            text: text.map(str::to_owned),
            at,
        },
    );
}

/// The problems of a session file's narration and wordings (paths as in a session file):
/// texts too long, narration or wording of an exercise the plan has not.
pub fn problems(
    narration: &Narration,
    wordings: &Wordings,
    has_exercise: impl Fn(&str) -> bool,
    p: &mut Problems,
) {
    for (place, text) in narration.places() {
        let path = match &place {
            Place::Before(e) => format!("narration.before.{e}"),
            Place::After(e) => format!("narration.after.{e}"),
            Place::Closing => "narration.closing".to_owned(),
        };
        p.plan_text(&path, text);
        if let Some(e) = place.exercise()
            && !has_exercise(e)
        {
            p.push(path, format!("no exercise `{e}` in the plan"));
        }
    }
    for (e, w) in wordings {
        if !has_exercise(e) {
            p.push(
                format!("wording.{e}"),
                format!("no exercise `{e}` in the plan"),
            );
        }
        for (field, worded) in &w.0 {
            if let Some(text) = &worded.text {
                p.plan_text(&format!("wording.{e}.{}", field.name()), text);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::undo::inverse_of;
    use crate::model::{Batch, Change, Scenario, Session};

    fn session() -> Session {
        let scenario: Scenario = serde_json::from_str(
            r#"{"format":"hearth-scenario/1","id":"t","title":"T","agenda":[
                {"id":"round","title":"Round","instructions":"Talk.","kind":"prompt_round",
                 "questions":[{"id":"a","text":"A?"}]},
                {"id":"triangle","title":"Triangle","kind":"futures_triangle","topic":"peers"},
                {"id":"scenarios","title":"Scenarios","kind":"scenario_building",
                 "focal_question":"What in 2030?","horizon":"2030",
                 "matrix":{"x":{"name":"X","low":"a","high":"b"},"y":{"name":"Y","low":"c","high":"d"}}}]}"#,
        )
        .unwrap();
        Session::new(scenario, "S".into(), None, Vec::new())
    }

    fn word(exercise: &str, field: Field, text: Option<&str>) -> Change {
        Change::SetWording {
            exercise: exercise.into(),
            field,
            text: text.map(str::to_owned),
            at: jiff::Timestamp::UNIX_EPOCH,
        }
    }

    #[test]
    fn the_session_runs_its_own_wording_and_leaves_the_plan_as_it_is() {
        let mut s = session();
        let plan = s.scenario.clone();
        for c in [
            word("scenarios", Field::Question, Some("What in 2035?")),
            word("scenarios", Field::Horizon, Some("2035")),
            word("scenarios", Field::XAxis, Some("Oversight")),
            word("scenarios", Field::Title, Some("Our scenarios")),
            word("round", Field::Instructions, Some("")),
            word("triangle", Field::Question, Some("peer support")),
        ] {
            s.apply(&c).unwrap();
        }
        assert_eq!(s.scenario, plan, "the plan is untouched");
        let ex = s.exercise("scenarios").unwrap();
        assert_eq!(ex.title, "Our scenarios");
        assert_eq!(Field::Question.of(&ex), Some("What in 2035?"));
        assert_eq!(Field::Horizon.of(&ex), Some("2035"));
        assert_eq!(Field::XAxis.of(&ex), Some("Oversight"));
        assert_eq!(Field::YAxis.of(&ex), Some("Y"));
        // The poles stay: answers placed at them still are.
        let m = ex.kind.model().matrix().unwrap();
        assert_eq!((m.x.low.as_str(), m.x.high.as_str()), ("a", "b"));
        assert_eq!(s.exercise("round").unwrap().instructions, "");
        let titles: Vec<String> = s.agenda().map(|e| e.title.clone()).collect();
        assert_eq!(titles, ["Round", "Triangle", "Our scenarios"]);
        s.apply(&word("scenarios", Field::Title, None)).unwrap();
        assert_eq!(s.exercise("scenarios").unwrap().title, "Scenarios");
    }

    #[test]
    fn wording_and_narration_are_refused_where_they_cannot_be() {
        let s = session();
        let refused = |c: Change| s.check(&c).unwrap_err().to_string();
        assert!(refused(word("nowhere", Field::Title, Some("x"))).contains("nowhere"));
        assert!(refused(word("triangle", Field::Horizon, Some("2035"))).contains("no horizon"));
        assert!(refused(word("round", Field::Question, Some("Q"))).contains("no focal question"));
        assert!(refused(word("triangle", Field::XAxis, Some("X"))).contains("no horizontal axis"));
        assert!(refused(word("round", Field::Title, Some("  "))).contains("must not be empty"));
        assert!(refused(word("round", Field::Title, Some("two\nlines"))).contains("U+000A"));
        assert!(refused(word("round", Field::Title, Some("a\u{1b}[2J"))).contains("U+001B"));
        let narrate = |place: Place, text: &str| Change::SetNarration {
            place,
            text: text.into(),
        };
        assert!(refused(narrate(Place::Before("nowhere".into()), "x")).contains("nowhere"));
        assert!(refused(narrate(Place::Closing, "bell\u{7}")).contains("U+0007"));
        let long = "a".repeat(MAX_PLAN_STRING_BYTES + 1);
        assert!(refused(narrate(Place::Closing, &long)).contains("bytes"));
        for ok in [
            narrate(Place::Closing, "We ended.\n\n\tTogether."),
            narrate(Place::After("round".into()), ""),
            word("round", Field::Instructions, Some("")),
            word("triangle", Field::Title, None),
            word("triangle", Field::Question, Some("two\nlines may be")),
        ] {
            assert_eq!(s.check(&ok), Ok(()), "{ok:?}");
        }
    }

    #[test]
    fn undo_takes_narration_and_wording_back_to_what_they_were() {
        let mut s = session();
        let first = Change::SetNarration {
            place: Place::Before("round".into()),
            text: "We began.".into(),
        };
        s.apply(&first).unwrap();
        s.apply(&word("round", Field::Title, Some("Ours"))).unwrap();
        let before = s.clone();
        let second = Change::SetNarration {
            place: Place::Before("round".into()),
            text: "We began again.".into(),
        };
        let reword = word("round", Field::Title, Some("Ours, again"));
        let fresh = word("triangle", Field::Title, Some("New"));
        let undo: Vec<Change> = [&second, &reword, &fresh]
            .iter()
            .map(|c| inverse_of(&Batch::new(&s), c, jiff::Timestamp::UNIX_EPOCH).unwrap())
            .collect();
        for c in [&second, &reword, &fresh] {
            s.apply(c).unwrap();
        }
        for c in &undo {
            s.apply(c).unwrap();
        }
        assert_eq!(s.narration, before.narration);
        for id in ["round", "triangle"] {
            assert_eq!(
                s.exercise(id).unwrap().title,
                before.exercise(id).unwrap().title
            );
        }
        assert_eq!(
            undo[2],
            word("triangle", Field::Title, None),
            "a field never worded goes back to the plan's"
        );
    }
}
