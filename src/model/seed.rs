//! Links between exercises: an answer of one exercise seeds another (a scenario becomes a
//! backcast's preferred future). The receiving kind names where its seed may come from
//! ([`KindModel::seed_from`], `vision_from` in a backcasting plan); the giving kind names which
//! of its answers may seed ([`KindModel::seed_slots`]: a scenario's title; a triangle's pull or
//! an emerging issue once a kind takes those).
//! The room's pick is journaled ([`crate::model::Change::SeedFrom`]) and, like the axes, the
//! latest pick is the seed.
//!
//! An answer off the record or withdrawn cannot seed. When a seed is taken off the record or
//! withdrawn later, the link stays and says so, without the answer's words ([`SeedState`]).
//!
//! [`KindModel::seed_from`]: super::exercise::KindModel::seed_from
//! [`KindModel::seed_slots`]: super::exercise::KindModel::seed_slots

use super::contribution::Contribution;
pub use super::convergence::Seed;
use super::scenario::Scenario;
use super::session::Session;
use super::sight::on_record;

/// What became of an exercise's seed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SeedState<'a> {
    /// The answer, on the record.
    Live(&'a Contribution),
    /// Taken off the record since it was picked: its words are not shown.
    OffRecord,
    /// Withdrawn since it was picked: its words are gone.
    Withdrawn,
}

/// A seed as it may be told: what it is called ("the scenario") and what became of it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SeedLink<'a> {
    /// The exercise the seed came from.
    pub exercise: &'a str,
    /// What the giving kind calls an answer of that slot ("scenario", "triangle's pull").
    pub noun: &'static str,
    pub state: SeedState<'a>,
}

impl SeedLink<'_> {
    /// "the scenario “Alliance world”"; when untitled, "scenario 2, of Table 2 (untitled)"
    /// (`number` is its place among its exercise's) or, without a number, "an untitled
    /// scenario, of Table 2"; for a seed since taken out, "a scenario since taken off the
    /// record" / "… since withdrawn" (never its words).
    pub fn describe(&self, number: Option<usize>) -> String {
        match self.state {
            SeedState::Live(c) => {
                let text = c.text.trim();
                if text.is_empty() {
                    let of = c
                        .group
                        .as_deref()
                        .map(|g| format!(", of {g}"))
                        .unwrap_or_default();
                    match number {
                        Some(n) => format!("{} {n}{of} (untitled)", self.noun),
                        None => format!("an untitled {}{of}", self.noun),
                    }
                } else {
                    format!("the {} “{}”", self.noun, first_line(text))
                }
            }
            SeedState::OffRecord => {
                format!(
                    "{} {} since taken off the record",
                    article(self.noun),
                    self.noun
                )
            }
            SeedState::Withdrawn => {
                format!("{} {} since withdrawn", article(self.noun), self.noun)
            }
        }
    }
}

impl Session {
    /// For a kind whose seed is its question ([`super::exercise::KindModel::seed_is_question`],
    /// a wheel's centre picked live): the question as the session runs it, the seed's first
    /// line, or, for a seed since taken out, what it was without its words.
    pub(crate) fn seeded_question(&self, ex: &super::exercise::Exercise) -> Option<String> {
        if !ex.kind.model().seed_is_question() {
            return None;
        }
        let link = seed_of(self, &ex.id)?;
        Some(match link.state {
            SeedState::Live(c) => first_line(&c.text).to_owned(),
            SeedState::OffRecord | SeedState::Withdrawn => {
                let said = link.describe(None);
                let mut chars = said.chars();
                chars
                    .next()
                    .map(|f| f.to_uppercase().chain(chars).collect())
                    .unwrap_or_default()
            }
        })
    }
}

/// Where an exercise's seed came from, as the room may be told (a backcast's "Preferred future,
/// from “Scenario building”: Peer-capable…"): the seed's words only when the room may see that
/// answer ([`super::sight::may_see`]), else where it came from, without them. `None` for a
/// kind whose seed is its question (a wheel's centre): that is shown as the question.
pub fn room_line(session: &Session, exercise: &str) -> Option<String> {
    if session
        .scenario
        .exercise(exercise)?
        .kind
        .model()
        .seed_is_question()
    {
        return None;
    }
    let link = seed_of(session, exercise)?;
    let source = session
        .scenario
        .exercise(link.exercise)
        .map_or(link.exercise, |e| e.title.as_str());
    Some(match link.state {
        SeedState::Live(c)
            if super::sight::may_see(session, super::sight::Viewer::Room, c)
                && !c.text.trim().is_empty() =>
        {
            format!("Preferred future, from “{source}”: {}", c.text)
        }
        SeedState::Live(_) => format!("Preferred future: from “{source}”"),
        SeedState::OffRecord | SeedState::Withdrawn => {
            format!("Preferred future: from {}", link.describe(None))
        }
    })
}

/// "a" or "an" before `noun` ("an emerging issue", "a scenario").
fn article(noun: &str) -> &'static str {
    if noun.starts_with(['a', 'e', 'i', 'o', 'u']) {
        "an"
    } else {
        "a"
    }
}

/// The first line of a text, for naming an answer in a sentence.
fn first_line(text: &str) -> &str {
    text.lines().next().unwrap_or("").trim()
}

/// Exercise `exercise`'s seed as it may be told, if the room picked one whose answer still
/// exists. Off the record counts for every viewer: the link never carries a hidden answer's
/// words.
pub fn seed_of<'a>(session: &'a Session, exercise: &str) -> Option<SeedLink<'a>> {
    let seed = session.convergence.seeds.get(exercise)?;
    let c = session.contribution(&seed.from)?;
    let source = session.scenario.exercise(&c.exercise)?;
    let noun = source
        .kind
        .model()
        .seed_slots()
        .iter()
        .find(|(slot, _)| *slot == c.slot)
        .map_or("answer", |(_, noun)| *noun);
    let state = if c.is_withdrawn() {
        SeedState::Withdrawn
    } else if !on_record(c) {
        SeedState::OffRecord
    } else {
        SeedState::Live(c)
    };
    Some(SeedLink {
        exercise: &source.id,
        noun,
        state,
    })
}

/// The answers that may seed `exercise` now: those on the record in a seeding slot of the
/// exercise its kind takes seeds from, in the order they were added. Empty when it takes none.
pub fn candidates<'a>(session: &'a Session, exercise: &str) -> Vec<&'a Contribution> {
    let Some(ex) = session.scenario.exercise(exercise) else {
        return Vec::new();
    };
    let Some(from) = ex.kind.model().seed_from() else {
        return Vec::new();
    };
    let Some(source) = session.scenario.exercise(from) else {
        return Vec::new();
    };
    let mut out: Vec<&Contribution> = Vec::new();
    for (slot, _) in source.kind.model().seed_slots() {
        out.extend(session.in_slot(from, slot).filter(|c| on_record(c)));
    }
    out.sort_by_key(|c| c.created);
    out
}

/// Why `from` cannot seed `exercise`, if it cannot: the exercise takes no seed, the answer is
/// of another exercise or slot, or it is off the record or withdrawn.
pub fn refusal(
    scenario: &Scenario,
    exercise: &str,
    answer: Option<&Contribution>,
    from: &str,
) -> Option<String> {
    let Some(ex) = scenario.exercise(exercise) else {
        return Some(format!("there is no exercise `{exercise}`"));
    };
    let Some(source) = ex.kind.model().seed_from() else {
        return Some(format!(
            "exercise `{exercise}` takes no seed from another exercise"
        ));
    };
    let Some(c) = answer else {
        return Some(format!("there is no answer `{from}`"));
    };
    if c.is_withdrawn() {
        return Some("a withdrawn answer cannot seed another exercise".into());
    }
    if c.hidden {
        return Some("an answer off the record cannot seed another exercise".into());
    }
    if c.exercise != source {
        return Some(format!(
            "exercise `{exercise}` takes its seed from `{source}`, not from `{}`",
            c.exercise
        ));
    }
    let slots = scenario
        .exercise(source)
        .map(|s| s.kind.model().seed_slots())
        .unwrap_or_default();
    if !slots.iter().any(|(slot, _)| *slot == c.slot) {
        let names: Vec<&str> = slots.iter().map(|(_, noun)| *noun).collect();
        return Some(if names.is_empty() {
            format!("no answer of `{source}` can seed another exercise")
        } else {
            format!("only a {} of `{source}` can seed it", names.join(" or a "))
        });
    }
    None
}
