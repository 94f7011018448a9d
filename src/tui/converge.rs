//! What the room makes of its answers, on the facilitator's screen: the themes panel (`T`), the
//! vote panel (`v`) and the axes form (`A`) while they are open, and what they and the boards
//! read of the session (a round's items, a group's ballot, the results once revealed, the
//! uncertainties the axes may be drawn from).

use std::collections::BTreeMap;

use crate::model::Session;
use crate::model::convergence::{Choice, Round, RoundKind, RoundState, Tally, Theme, VoteOn};
use crate::model::exercise::VotePlan;
use crate::model::exercise::scenario_building::Axis;

use super::textbox::TextBox;

/// The themes panel: the exercise's themes, and the answer it acts on.
#[derive(Debug, Clone)]
pub struct ThemesPanel {
    pub exercise: String,
    /// The answer selected when the panel opened, if any.
    pub answer: Option<String>,
    /// Index into the exercise's standing themes.
    pub choice: usize,
    pub step: ThemesStep,
}

#[derive(Debug, Clone)]
pub enum ThemesStep {
    Choose,
    /// Typing a theme's name.
    Name {
        purpose: Naming,
        name: TextBox,
    },
    /// Choosing the theme that `from` is merged into.
    MergeInto {
        from: String,
        choice: usize,
    },
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Naming {
    /// A new theme; the answer (if any) goes in.
    New,
    /// A new theme taking the answer out of its old one.
    Split,
    /// A new name for this theme.
    Rename(String),
}

/// The vote panel: opening a round, or entering groups' ballots in one and showing its results.
#[derive(Debug, Clone)]
pub struct VotePanel {
    pub exercise: String,
    pub step: VoteStep,
}

#[derive(Debug, Clone)]
pub enum VoteStep {
    Setup {
        options: Vec<RoundOption>,
        choice: usize,
    },
    Round(RoundEntry),
}

/// A round the facilitator may open.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RoundOption {
    pub on: VoteOn,
    pub slot: Option<String>,
    pub kind: RoundKind,
    /// Declared by the plan.
    pub planned: bool,
}

/// Entering ballots in a round: whose, and on which item.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RoundEntry {
    pub round: String,
    /// Index into the session's groups.
    pub group: usize,
    /// Index into the round's items.
    pub item: usize,
    /// A rating's first digit (impact), waiting for the second (uncertainty).
    pub digit: Option<u8>,
}

/// The axes form: two uncertainties picked (x, then y), then their names and poles typed.
#[derive(Debug, Clone)]
pub struct AxesForm {
    pub exercise: String,
    pub candidates: Vec<Candidate>,
    /// Index into `candidates`; `candidates.len()` is "a free axis".
    pub choice: usize,
    /// The picks so far, x then y: a candidate's contribution id, or `None` for a free axis.
    pub picked: Vec<Option<String>>,
    pub step: AxesStep,
}

#[derive(Debug, Clone)]
pub enum AxesStep {
    Pick,
    /// x name, low, high, then y name, low, high.
    Name {
        boxes: Box<[TextBox; 6]>,
        field: usize,
    },
}

pub const AXIS_FIELDS: [&str; 6] = [
    "Horizontal axis (x)",
    "  left pole (low)",
    "  right pole (high)",
    "Vertical axis (y)",
    "  bottom pole (low)",
    "  top pole (high)",
];

/// The seed list: the answers that may seed the exercise (a backcast's preferred future from
/// the scenarios), one to pick.
#[derive(Debug, Clone)]
pub struct SeedForm {
    pub exercise: String,
    /// Contribution ids with how each is listed ("Alliance world — Table 1").
    pub candidates: Vec<(String, String)>,
    /// Index into `candidates`.
    pub choice: usize,
}

/// The answers that may seed `exercise` now (on the record, of the exercise its plan names),
/// each listed by its first line and its group.
pub fn seed_candidates(session: &Session, exercise: &str) -> Vec<(String, String)> {
    crate::model::seed::candidates(session, exercise)
        .into_iter()
        .map(|c| {
            let text = c.text.lines().next().unwrap_or("").trim();
            let text = if text.is_empty() { "(untitled)" } else { text };
            let label = match &c.group {
                Some(g) => format!("{text} — {g}"),
                None => text.to_owned(),
            };
            (c.id.clone(), label)
        })
        .collect()
}

/// A key uncertainty the axes may be drawn from.
#[derive(Debug, Clone, PartialEq)]
pub struct Candidate {
    pub id: String,
    pub text: String,
    /// Its place in the latest revealed rating round, with its means (impact, uncertainty).
    pub rank: Option<(usize, f64, f64)>,
}

/// The voter id under which the facilitator enters a group's ballot.
pub fn voter(group: &str) -> String {
    format!("group:{group}")
}

/// One item of a round: an answer or a theme.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Item<'a> {
    pub id: &'a str,
    pub text: &'a str,
    pub group: Option<&'a str>,
}

/// The items of a round, in board order: the answers of its exercise (or slot) on the record,
/// or its exercise's standing themes.
pub fn round_items<'a>(session: &'a Session, round: &Round) -> Vec<Item<'a>> {
    match round.on {
        VoteOn::Themes => themes(session, &round.exercise)
            .into_iter()
            .map(|t| Item {
                id: &t.id,
                text: &t.name,
                group: None,
            })
            .collect(),
        VoteOn::Answers => {
            let Some(ex) = session.exercise(&round.exercise) else {
                return Vec::new();
            };
            let mut out = Vec::new();
            for slot in ex.slots() {
                if round.slot.as_deref().is_some_and(|s| s != slot.id) {
                    continue;
                }
                for c in session.in_slot(&round.exercise, &slot.id) {
                    if !c.hidden && !c.is_withdrawn() {
                        out.push(Item {
                            id: &c.id,
                            text: &c.text,
                            group: c.group.as_deref(),
                        });
                    }
                }
            }
            out
        }
    }
}

/// A voter's ballot in a round.
pub fn ballot<'a>(session: &'a Session, round: &str, voter: &str) -> Option<&'a Choice> {
    Some(&session.convergence.ballots.get(round)?.get(voter)?.choice)
}

/// How many dots a ballot gives an item.
pub fn dots_on(choice: Option<&Choice>, item: &str) -> usize {
    match choice {
        Some(Choice::Dots(items)) => items.iter().filter(|i| *i == item).count(),
        _ => 0,
    }
}

/// The exercise's newest round.
pub fn latest_round<'a>(session: &'a Session, exercise: &str) -> Option<&'a Round> {
    session
        .convergence
        .rounds
        .iter()
        .rfind(|r| r.exercise == exercise)
}

/// The exercise's newest revealed round that matches `pred`.
pub fn revealed<'a>(
    session: &'a Session,
    exercise: &str,
    pred: impl Fn(&Round) -> bool,
) -> Option<&'a Round> {
    session
        .convergence
        .rounds
        .iter()
        .rfind(|r| r.exercise == exercise && r.state == RoundState::Revealed && pred(r))
}

/// Revealed dots on the exercise's answers, per answer (from its newest revealed dot round on
/// answers); empty until one is revealed.
pub fn answer_dots(session: &Session, exercise: &str) -> BTreeMap<String, u32> {
    dots_of(session, exercise, VoteOn::Answers)
}

/// Revealed dots on the exercise's themes, per theme.
pub fn theme_dots(session: &Session, exercise: &str) -> BTreeMap<String, u32> {
    dots_of(session, exercise, VoteOn::Themes)
}

fn dots_of(session: &Session, exercise: &str, on: VoteOn) -> BTreeMap<String, u32> {
    let Some(r) = revealed(session, exercise, |r| {
        r.on == on && matches!(r.kind, RoundKind::Dots { .. })
    }) else {
        return BTreeMap::new();
    };
    session
        .convergence
        .tally(&r.id)
        .into_iter()
        .map(|t| (t.item, t.count))
        .collect()
}

/// Revealed ratings of the exercise's answers: answer → (rank from 1, the tally).
pub fn answer_ratings(session: &Session, exercise: &str) -> BTreeMap<String, (usize, Tally)> {
    let Some(r) = revealed(session, exercise, |r| r.kind == RoundKind::Rating) else {
        return BTreeMap::new();
    };
    session
        .convergence
        .tally(&r.id)
        .into_iter()
        .enumerate()
        .map(|(i, t)| (t.item.clone(), (i + 1, t)))
        .collect()
}

/// The rounds a facilitator may open on an exercise: the plan's first, then three dots on the
/// answers and three on the themes.
pub fn round_options(plans: &[VotePlan]) -> Vec<RoundOption> {
    let mut out: Vec<RoundOption> = plans
        .iter()
        .map(|p| {
            let r = p.round(String::new(), "", jiff::Timestamp::UNIX_EPOCH);
            RoundOption {
                on: r.on,
                slot: r.slot,
                kind: r.kind,
                planned: true,
            }
        })
        .collect();
    for on in [VoteOn::Answers, VoteOn::Themes] {
        let o = RoundOption {
            on,
            slot: None,
            kind: RoundKind::Dots {
                dots: 3,
                per_item: None,
            },
            planned: false,
        };
        if !out
            .iter()
            .any(|x| x.on == o.on && x.slot.is_none() && x.kind == o.kind)
        {
            out.push(o);
        }
    }
    out
}

/// "3 dots each on the themes, at most 2 on one", "impact and uncertainty of Key uncertainties".
pub fn describe_round(kind: RoundKind, on: VoteOn, slot_label: Option<&str>) -> String {
    let what = match (on, slot_label) {
        (VoteOn::Themes, _) => "the themes".to_owned(),
        (VoteOn::Answers, Some(label)) => format!("“{label}”"),
        (VoteOn::Answers, None) => "the answers".to_owned(),
    };
    match kind {
        RoundKind::Rating => format!("rate impact and uncertainty (1–5) of {what}"),
        RoundKind::Dots { dots, per_item } => {
            let limit = per_item.map_or_else(String::new, |n| format!(", at most {n} on one"));
            format!(
                "{dots} dot{} each on {what}{limit}",
                if dots == 1 { "" } else { "s" }
            )
        }
    }
}

/// The key uncertainties a scenario exercise's axes may be drawn from: its `axes_from`
/// triangle's, ranked by that triangle's newest revealed rating round when there is one (the
/// unrated after, in order), else in the order they were added.
pub fn candidates(session: &Session, exercise: &str) -> Vec<Candidate> {
    let Some(from) = session
        .scenario
        .exercise(exercise)
        .and_then(|e| e.kind.model().axes_from().map(str::to_owned))
    else {
        return Vec::new();
    };
    let ratings = answer_ratings(session, &from);
    let mut out: Vec<Candidate> = session
        .in_slot(&from, "uncertainties")
        .filter(|c| !c.hidden && !c.is_withdrawn())
        .map(|c| Candidate {
            id: c.id.clone(),
            text: c.text.clone(),
            rank: ratings
                .get(&c.id)
                .map(|(rank, t)| (*rank, t.impact, t.uncertainty)),
        })
        .collect();
    out.sort_by_key(|c| c.rank.map_or(usize::MAX, |r| r.0));
    out
}

/// The themes of an exercise still standing, in the order they were made.
pub fn themes<'a>(session: &'a Session, exercise: &str) -> Vec<&'a Theme> {
    session
        .convergence
        .themes
        .iter()
        .filter(|t| t.exercise == exercise && t.merged_into.is_none())
        .collect()
}

/// An axis from typed boxes (name, low, high).
pub fn axis(boxes: &[TextBox]) -> Axis {
    let get = |i: usize| {
        boxes
            .get(i)
            .map_or_else(String::new, |b| b.text().to_owned())
    };
    Axis {
        name: get(0),
        low: get(1),
        high: get(2),
    }
}
