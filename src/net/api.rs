//! The JSON that crosses the wire between `hearth serve` and its note-takers (the `hearth join`
//! terminal and the browser page). Documented in `docs/serve.md`.

use crate::model::convergence::{Choice, Rating, RoundKind, RoundState, VoteOn};
use serde::{Deserialize, Serialize};

use crate::model::contribution::Fields;
use crate::model::{Contribution, Exercise, Session};

/// Largest request body the server reads, in bytes; a larger one gets `413`.
pub const MAX_BODY_BYTES: usize = 64 * 1024;

/// Name of the cookie the browser page keeps its device token in.
pub const DEVICE_COOKIE: &str = "hearth_device";

/// `POST /api/join`: the join code and the group this device records for.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct JoinRequest {
    pub code: String,
    pub group: String,
    /// What the facilitator sees in the note-takers panel ("Sam's phone"); never exported.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub device_name: Option<String>,
}

/// The answer to a successful join (`201`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct JoinReply {
    /// The device's id, shown to the facilitator.
    pub device: String,
    /// Sent as `Authorization: Bearer <token>` from now on.
    pub token: String,
    pub group: String,
}

/// `GET /api/groups` (authorized by the join code): the groups a note-taker can pick.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct GroupsReply {
    pub groups: Vec<String>,
}

/// `POST /api/contributions`. The id is chosen by the note-taker's device (a UUID, or any
/// 1–64 characters of `A-Z a-z 0-9 - _ .`) so that sending it again is safe.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ContributionRequest {
    pub id: String,
    pub exercise: String,
    pub slot: String,
    pub group: String,
    pub text: String,
    #[serde(default, skip_serializing_if = "Fields::is_empty")]
    pub fields: Fields,
    /// The answer this one goes under (a consequence under the one it follows from), when its
    /// slot has a `parent_slot`: an answer of that slot in the same exercise.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub parent: Option<String>,
}

/// One answer as note-takers see it: never a hidden one, never its history or author.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Answer {
    pub id: String,
    pub exercise: String,
    pub slot: String,
    pub group: Option<String>,
    pub text: String,
    #[serde(default, skip_serializing_if = "Fields::is_empty")]
    pub fields: Fields,
    /// When it was first saved (RFC 3339).
    pub at: String,
    /// The id of the answer it goes under, if any (see `SessionReply::parents` for its words).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub parent: Option<String>,
}

impl Answer {
    pub fn of(c: &Contribution) -> Answer {
        Answer {
            parent: c.parent.clone(),
            id: c.id.clone(),
            exercise: c.exercise.clone(),
            slot: c.slot.clone(),
            group: c.group.clone(),
            text: c.text.clone(),
            fields: c.fields.clone(),
            at: c.created.to_string(),
        }
    }
}

/// The reply to `POST /api/contributions`: `201` when newly saved, `200` when it was already.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Saved {
    pub id: String,
    /// Always true: a reply is only sent once the answer is on disk.
    pub saved: bool,
}

/// A field of a slot (value-conflict benefits and risks, role-clarity answers...).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FieldInfo {
    pub name: String,
    pub label: String,
    pub required: bool,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub choices: Vec<String>,
}

/// A place an answer can go in the current exercise.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SlotInfo {
    pub id: String,
    pub label: String,
    /// What the main text is called here ("answer", "approach").
    pub text_label: String,
    /// Whether the main text may be left empty (some slots are all fields).
    pub text_optional: bool,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub fields: Vec<FieldInfo>,
    /// The slot whose answers an answer here goes under (`parent` in `POST
    /// /api/contributions`), if any: a 2nd-order consequence under a 1st-order one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub parent_slot: Option<String>,
}

/// An answer another can go under, as the note-taker chooses it (`SessionReply::parents`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ParentChoice {
    pub id: String,
    pub slot: String,
    pub text: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub group: Option<String>,
}

/// The exercise the facilitator is on.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ExerciseInfo {
    pub id: String,
    pub title: String,
    /// The exercise kind as in scenario files (`prompt_round`, `futures_triangle`...).
    pub kind: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub instructions: String,
    /// What the exercise is about, when its kind names it: the triangle's topic, the focal
    /// question of scenario building, the situation of a value conflict, the role-clarity question.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub question: String,
    /// Where the room picked this exercise's starting point from, when it is not the question
    /// itself (a backcast's "Preferred future, from “Scenario building”: …"), as the room may
    /// be told it: without the words of an answer since taken off the record or withdrawn.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub seed: String,
    /// 1-based place in the agenda, and the agenda's length.
    pub position: usize,
    pub of: usize,
    /// Every slot but the `unplaced` one (that is for imports).
    pub slots: Vec<SlotInfo>,
}

impl ExerciseInfo {
    /// The plan's `exercise` as `session` runs it (its wording, the room's axes, a centre
    /// picked live), at `position` (0-based) of `of`.
    pub fn of(session: &Session, exercise: &Exercise, position: usize, of: usize) -> ExerciseInfo {
        use crate::model::exercise::{TextRule, UNPLACED_SLOT};
        let run = session.exercise(&exercise.id);
        let exercise = run.as_deref().unwrap_or(exercise);
        let question = exercise.kind.model().question().to_owned();
        ExerciseInfo {
            question,
            seed: crate::model::seed::room_line(session, &exercise.id).unwrap_or_default(),
            id: exercise.id.clone(),
            title: exercise.title.clone(),
            kind: exercise.kind_name().to_owned(),
            instructions: exercise.instructions.clone(),
            position: position + 1,
            of,
            slots: exercise
                .slots()
                .into_iter()
                .filter(|s| s.id != UNPLACED_SLOT)
                .map(|s| SlotInfo {
                    parent_slot: s.parent,
                    id: s.id,
                    label: s.label,
                    text_label: s.text_label.to_owned(),
                    text_optional: s.text != TextRule::Required,
                    fields: s
                        .fields
                        .into_iter()
                        .map(|f| FieldInfo {
                            name: f.name.to_owned(),
                            label: f.label.to_owned(),
                            required: f.required,
                            choices: f.choices,
                        })
                        .collect(),
                })
                .collect(),
        }
    }
}

/// `GET /api/session`: what a note-taker needs to capture the current exercise.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SessionReply {
    pub title: String,
    /// The caller's group (a device's group, or `?group=` with the join code).
    pub group: Option<String>,
    pub exercise: ExerciseInfo,
    /// The group's visible answers to the current exercise, oldest first.
    pub answers: Vec<Answer>,
    /// The current exercise's vote and rating rounds, oldest first.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub rounds: Vec<RoundInfo>,
    /// The answers of the current exercise another answer can go under (those of every
    /// slot some slot's `parent_slot` names), every group's the caller may see, oldest first.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub parents: Vec<ParentChoice>,
    /// Ids of the group's answers (any exercise) withdrawn for good: a note-taker's outbox drops
    /// every word of them. Ids only, never words.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub withdrawn: Vec<String>,
}

/// A vote (dots) or rating round, as one voter sees it. Results only once revealed: before
/// that, nobody but the facilitator learns how the vote is going, only how many have voted.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RoundInfo {
    pub id: String,
    /// The exercise the round belongs to (empty from a server that does not say), so that a
    /// note-taker can tell a round of the exercise it shows from one of another.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub exercise: String,
    pub on: VoteOn,
    pub kind: RoundKind,
    pub state: RoundState,
    /// What can be voted on or rated: answers (off-the-record ones never) or themes.
    pub items: Vec<RoundItem>,
    /// How many have cast a ballot.
    pub voters: usize,
    /// How many of them are devices (the rest are groups whose ballot the facilitator entered);
    /// absent from a server that does not say.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub devices: Option<usize>,
    /// The caller's own ballot, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mine: Option<Choice>,
    /// Best first; only when the round is revealed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub results: Option<Vec<RoundResult>>,
}

impl RoundInfo {
    /// Who has voted, counted as the voters are when the server says how many are devices
    /// ("3 devices", "2 devices and 1 group"), else just how many ("3").
    pub fn who_voted(&self) -> String {
        match self.devices {
            Some(d) => crate::model::convergence::voters_phrase(self.voters.saturating_sub(d), d),
            None => self.voters.to_string(),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RoundItem {
    pub id: String,
    /// The answer's text (verbatim) or the theme's name.
    pub text: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RoundResult {
    pub item: String,
    /// Dots, or for a rating round how many rated it.
    pub count: u32,
    /// Rating rounds: the mean impact and uncertainty.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub impact: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub uncertainty: Option<f64>,
}

/// `POST /api/ballot`: a device's dots (`dots`: item ids, one per dot) or ratings (`ratings`:
/// item id → impact and uncertainty, 1 to 5) in an open round. It replaces the device's earlier
/// ballot in that round.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BallotRequest {
    pub round: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dots: Option<Vec<String>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ratings: Option<std::collections::BTreeMap<String, Rating>>,
}

/// `POST /api/ballot` answered: the ballot is counted (`201`, or `200` when it was already).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BallotSaved {
    pub round: String,
    pub counted: bool,
}

/// The 401 message for a missing or wrong join code or token.
pub const WRONG_CODE: &str = "wrong or missing join code: ask the facilitator for the code";
/// The 401 message for a revoked device. The word "revoked" is what tells it from
/// [`WRONG_CODE`] (docs/serve.md): the client stops instead of joining again.
pub const REVOKED: &str = "this device was revoked by the facilitator: join again with the code";

/// An error reply: `{"error": "…"}`. Never carries session data.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ErrorReply {
    pub error: String,
}

/// Events on `GET /api/events` (server-sent events; the SSE `event:` name is in brackets).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Event {
    /// [`agenda`] The facilitator moved to another exercise.
    Agenda { exercise: ExerciseInfo },
    /// [`answer`] A new or edited answer of the caller's group (replaces one with the same id).
    Answer { answer: Answer },
    /// [`removed`] An answer was taken off the record or moved away from the group.
    Removed { id: String },
    /// [`revoked`] The facilitator revoked this device; the stream ends.
    Revoked,
    /// [`round`] A round of the current exercise opened, got a ballot, closed or was revealed.
    Round { round: RoundInfo },
    /// [`exercise`] The current exercise's words changed where it stands (a centre picked
    /// live, this session's wording, the room's axes): the same exercise, as now shown.
    Exercise { exercise: ExerciseInfo },
    /// [`parents`] The answers of the current exercise another answer can go under changed
    /// (another group added one, one was taken out): the whole list, as in `/api/session`.
    Parents {
        exercise: String,
        parents: Vec<ParentChoice>,
    },
}

impl Event {
    /// The SSE `event:` name.
    pub fn name(&self) -> &'static str {
        match self {
            Event::Agenda { .. } => "agenda",
            Event::Answer { .. } => "answer",
            Event::Removed { .. } => "removed",
            Event::Revoked => "revoked",
            Event::Round { .. } => "round",
            Event::Exercise { .. } => "exercise",
            Event::Parents { .. } => "parents",
        }
    }
}
