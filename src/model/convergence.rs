//! What the room makes of its answers: answers gathered into named themes, vote rounds (dots
//! over answers or themes, or ratings of impact and uncertainty), and the two uncertainties
//! chosen as the axes of a scenario matrix.
//!
//! Everything here is kept so that two copies of a session merge without counting anything
//! twice: a voter has one ballot per round (the latest replaces the earlier), an answer is in at
//! most one theme (the latest placing wins), a round only moves forward (open, closed,
//! revealed), and the axes chosen last are the axes.

use std::collections::BTreeMap;

use jiff::Timestamp;
use serde::{Deserialize, Serialize};

use super::change::Change;
use super::error::ModelError;
use super::exercise::ExerciseKind;
use super::exercise::scenario_building::Matrix;
use super::session::{Session, View};
use super::text::{is_valid_id, is_valid_name};

/// The most dots a round may give each voter, and the most items a ballot may name.
pub const MAX_DOTS: u32 = 100;
/// Ratings run from 1 (low) to this.
pub const MAX_RATING: u8 = 5;

/// Themes, rounds, ballots and chosen axes of one session.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Convergence {
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub themes: Vec<Theme>,
    /// Contribution id → the theme it was last placed in (or taken out of).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub placed: BTreeMap<String, Placing>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub rounds: Vec<Round>,
    /// Round id → voter → that voter's ballot.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub ballots: BTreeMap<String, BTreeMap<String, Ballot>>,
    /// Scenario-building exercise id → the axes the room chose for it.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub axes: BTreeMap<String, ChosenAxes>,
}

/// A named cluster of answers within one exercise.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Theme {
    pub id: String,
    pub exercise: String,
    pub name: String,
    pub created: Timestamp,
    /// When the current name was given.
    pub named: Timestamp,
    /// Set when this theme was merged into another: its answers are that theme's.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub merged_into: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Placing {
    /// `None`: taken out of every theme.
    pub theme: Option<String>,
    pub at: Timestamp,
}

/// What a round asks of each voter.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", deny_unknown_fields)]
pub enum RoundKind {
    /// Up to `dots` dots each, at most `per_item` (when set) on one item.
    Dots {
        dots: u32,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        per_item: Option<u32>,
    },
    /// Each item rated for impact and for uncertainty, 1 to 5.
    Rating,
}

/// What a round's items are.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum VoteOn {
    /// The answers of the exercise (or of one slot of it), off-the-record ones excepted.
    Answers,
    /// The exercise's themes.
    Themes,
}

/// Open: ballots may be cast and changed. Closed: no more ballots, tallies still hidden.
/// Revealed: tallies shown. A round only moves forward.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RoundState {
    Open,
    Closed,
    Revealed,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Round {
    pub id: String,
    pub exercise: String,
    /// Only the answers of this slot (the triangle's key uncertainties, say).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub slot: Option<String>,
    pub on: VoteOn,
    pub kind: RoundKind,
    pub state: RoundState,
    pub opened: Timestamp,
}

/// One voter's choice in a round; a later ballot from the same voter replaces it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Ballot {
    pub at: Timestamp,
    pub choice: Choice,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Choice {
    /// One entry per dot: an item named twice has two dots.
    Dots(Vec<String>),
    /// Item → its rating.
    Ratings(BTreeMap<String, Rating>),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Rating {
    pub impact: u8,
    pub uncertainty: u8,
}

/// The axes chosen for a scenario-building exercise, and the uncertainties they came from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ChosenAxes {
    pub matrix: Matrix,
    /// The contributions (key uncertainties) the axes were drawn from, x then y, when known.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub from: Vec<String>,
    pub at: Timestamp,
}

/// A round's result for one item.
#[derive(Debug, Clone, PartialEq)]
pub struct Tally {
    pub item: String,
    /// Dots: how many. Rating: how many voters rated it.
    pub count: u32,
    /// Rating rounds: mean impact and mean uncertainty.
    pub impact: f64,
    pub uncertainty: f64,
}

impl Tally {
    /// What a rating round ranks by: an uncertainty matters when it is both high-impact and
    /// highly uncertain.
    pub fn criticality(&self) -> f64 {
        self.impact * self.uncertainty
    }
}

impl Convergence {
    pub fn is_empty(&self) -> bool {
        self == &Convergence::default()
    }

    pub fn theme(&self, id: &str) -> Option<&Theme> {
        self.themes.iter().find(|t| t.id == id)
    }

    /// The theme a theme's answers belong to now: itself, or where it was merged (followed to
    /// the end; a loop, which only a hand-edited file could hold, stops where it closes).
    pub fn resolve<'a>(&'a self, id: &'a str) -> &'a str {
        let mut at = id;
        for _ in 0..=self.themes.len() {
            match self.theme(at).and_then(|t| t.merged_into.as_deref()) {
                Some(next) => at = next,
                None => return at,
            }
        }
        at
    }

    /// The theme an answer is in, if any.
    pub fn theme_of(&self, contribution: &str) -> Option<&Theme> {
        let placed = self.placed.get(contribution)?.theme.as_deref()?;
        self.theme(self.resolve(placed))
    }

    /// The exercise's themes still standing (not merged away), in the order they were made.
    pub fn themes_of<'a>(&'a self, exercise: &'a str) -> impl Iterator<Item = &'a Theme> + 'a {
        self.themes
            .iter()
            .filter(move |t| t.exercise == exercise && t.merged_into.is_none())
    }

    pub fn round(&self, id: &str) -> Option<&Round> {
        self.rounds.iter().find(|r| r.id == id)
    }

    /// The exercise's rounds, oldest first.
    pub fn rounds_of<'a>(&'a self, exercise: &'a str) -> impl Iterator<Item = &'a Round> + 'a {
        self.rounds.iter().filter(move |r| r.exercise == exercise)
    }

    /// How many voters have cast a ballot in a round.
    pub fn voters(&self, round: &str) -> usize {
        self.ballots.get(round).map_or(0, BTreeMap::len)
    }

    /// Who has cast a ballot in a round, as the voters are: groups and devices.
    pub fn turnout(&self, round: &str) -> Turnout {
        let mut t = Turnout::default();
        for voter in self.ballots.get(round).into_iter().flat_map(BTreeMap::keys) {
            match voter.split_once(':') {
                Some(("group", g)) => t.groups.push(g.to_owned()),
                Some(("device", d)) => t.devices.push(d.to_owned()),
                _ => {}
            }
        }
        t
    }

    /// A round's results, best first (most dots; for ratings, most critical), ties in item
    /// order. Computed whatever the round's state: whoever shows them checks it is revealed.
    pub fn tally(&self, round: &str) -> Vec<Tally> {
        let mut sums: BTreeMap<&str, (u32, u32, u32)> = BTreeMap::new();
        for ballot in self.ballots.get(round).into_iter().flat_map(|b| b.values()) {
            match &ballot.choice {
                Choice::Dots(items) => {
                    for item in items {
                        sums.entry(item.as_str()).or_default().0 += 1;
                    }
                }
                Choice::Ratings(ratings) => {
                    for (item, r) in ratings {
                        let s = sums.entry(item.as_str()).or_default();
                        s.0 += 1;
                        s.1 += u32::from(r.impact);
                        s.2 += u32::from(r.uncertainty);
                    }
                }
            }
        }
        let mut out: Vec<Tally> = sums
            .into_iter()
            .map(|(item, (count, impact, uncertainty))| {
                let n = f64::from(count.max(1));
                Tally {
                    item: item.to_owned(),
                    count,
                    impact: f64::from(impact) / n,
                    uncertainty: f64::from(uncertainty) / n,
                }
            })
            .collect();
        let rating = matches!(self.round(round).map(|r| r.kind), Some(RoundKind::Rating));
        out.sort_by(|a, b| {
            let key = |t: &Tally| {
                if rating {
                    t.criticality()
                } else {
                    f64::from(t.count)
                }
            };
            key(b).total_cmp(&key(a)).then_with(|| a.item.cmp(&b.item))
        });
        out
    }
}

pub use super::turnout::{Turnout, voters_phrase};

/// Checks a ballot against its round: the right kind, within the dots, ratings 1 to 5, every
/// item one of `is_item`'s. The error says what is wrong, for the voter.
pub fn check_ballot(
    round: &Round,
    choice: &Choice,
    is_item: impl Fn(&str) -> bool,
) -> Result<(), String> {
    if round.state != RoundState::Open {
        return Err("this vote is closed: ballots can no longer be cast or changed".to_owned());
    }
    match (round.kind, choice) {
        (RoundKind::Dots { dots, per_item }, Choice::Dots(items)) => {
            if items.len() > dots as usize {
                return Err(format!(
                    "{} dots given; each voter has {dots} in this round",
                    items.len()
                ));
            }
            let mut per: BTreeMap<&str, u32> = BTreeMap::new();
            for item in items {
                if !is_item(item) {
                    return Err(format!("`{item}` is not one of this vote's items"));
                }
                *per.entry(item).or_default() += 1;
            }
            if let Some(limit) = per_item
                && let Some((item, n)) = per.iter().find(|(_, n)| **n > limit)
            {
                return Err(format!(
                    "{n} dots on `{item}`; at most {limit} on any one item in this round"
                ));
            }
            Ok(())
        }
        (RoundKind::Rating, Choice::Ratings(ratings)) => {
            if ratings.len() > MAX_DOTS as usize * 10 {
                return Err("too many items rated".to_owned());
            }
            for (item, r) in ratings {
                if !is_item(item) {
                    return Err(format!("`{item}` is not one of this round's items"));
                }
                for (what, v) in [("impact", r.impact), ("uncertainty", r.uncertainty)] {
                    if !(1..=MAX_RATING).contains(&v) {
                        return Err(format!("{what} is {v}; ratings run from 1 to {MAX_RATING}"));
                    }
                }
            }
            Ok(())
        }
        (RoundKind::Dots { .. }, Choice::Ratings(_)) => {
            Err("this round takes dots, not ratings".to_owned())
        }
        (RoundKind::Rating, Choice::Dots(_)) => {
            Err("this round takes ratings, not dots".to_owned())
        }
    }
}

/// Checks a round as opened: a valid id, a sensible number of dots.
pub fn check_round(round: &Round) -> Result<(), String> {
    if !is_valid_id(&round.id) {
        return Err(format!("`{}` is not a valid round id", round.id));
    }
    if round.state != RoundState::Open {
        return Err("a round opens open".to_owned());
    }
    if let RoundKind::Dots { dots, per_item } = round.kind {
        if dots == 0 || dots > MAX_DOTS {
            return Err(format!("dots per voter must be 1 to {MAX_DOTS}"));
        }
        if per_item == Some(0) {
            return Err("a limit per item must be at least 1".to_owned());
        }
    }
    if round.on == VoteOn::Themes && round.kind == RoundKind::Rating {
        return Err("themes are voted on with dots".to_owned());
    }
    Ok(())
}

/// Checks a voter id: hearth uses `group:<name>` for a group's ballot entered by the
/// facilitator and `device:<id>` for a note-taker's or a phone's.
pub fn check_voter(voter: &str) -> Result<(), String> {
    match voter.split_once(':') {
        Some(("group", name)) if is_valid_name(name) => Ok(()),
        Some(("device", id)) if is_valid_id(id) => Ok(()),
        _ => Err(format!(
            "`{voter}` is not a voter: `group:<name>` or `device:<id>`"
        )),
    }
}

/// Checks axes as typed: every name and pole given, no control characters, poles distinct.
pub fn check_axes(matrix: &Matrix) -> Result<(), String> {
    for (which, axis) in [("horizontal", &matrix.x), ("vertical", &matrix.y)] {
        for (what, text) in [
            ("name", &axis.name),
            ("low pole", &axis.low),
            ("high pole", &axis.high),
        ] {
            if !is_valid_name(text) {
                return Err(format!(
                    "the {which} axis's {what} must be 1 to 200 bytes with no control characters"
                ));
            }
        }
        if axis.low == axis.high {
            return Err(format!("the {which} axis's two poles must differ"));
        }
    }
    Ok(())
}

fn invalid(message: impl Into<String>) -> ModelError {
    ModelError::Invalid(message.into())
}

fn theme_name_ok(name: &str) -> Result<(), ModelError> {
    if is_valid_name(name) {
        Ok(())
    } else {
        Err(invalid(
            "a theme name must be 1 to 200 bytes with no control characters",
        ))
    }
}

/// A theme that answers can still be placed in: it exists and was not merged away.
fn standing<'a>(c: &'a Convergence, id: &str) -> Result<&'a Theme, ModelError> {
    let theme = c
        .theme(id)
        .ok_or_else(|| invalid(format!("no theme with id `{id}`")))?;
    if theme.merged_into.is_some() {
        return Err(invalid(format!(
            "theme \"{}\" was merged into another",
            theme.name
        )));
    }
    Ok(theme)
}

/// Whether `item` is one of a round's items in `session`.
pub fn is_item(session: &Session, round: &Round, item: &str) -> bool {
    is_item_in(session, round, item)
}

fn is_item_in(view: &(impl View + ?Sized), round: &Round, item: &str) -> bool {
    match round.on {
        VoteOn::Answers => view.find(item).is_some_and(|c| {
            !c.hidden
                && !c.is_withdrawn()
                && c.exercise == round.exercise
                && round.slot.as_deref().is_none_or(|s| s == c.slot)
        }),
        VoteOn::Themes => view
            .convergence()
            .theme(item)
            .is_some_and(|t| t.exercise == round.exercise && t.merged_into.is_none()),
    }
}

/// Checks one of the changes this module keeps (themes, rounds, ballots, axes) against the
/// session as it is. Other changes are the session's own to check.
pub(super) fn check(view: &(impl View + ?Sized), change: &Change) -> Result<(), ModelError> {
    let c = view.convergence();
    let session = view.session();
    match change {
        Change::AddTheme { theme } => {
            if !is_valid_id(&theme.id) {
                return Err(invalid(format!("`{}` is not a valid theme id", theme.id)));
            }
            if c.theme(&theme.id).is_some() {
                return Err(invalid(format!(
                    "a theme with id `{}` already exists",
                    theme.id
                )));
            }
            if theme.merged_into.is_some() {
                return Err(invalid("a new theme is not merged into another"));
            }
            session
                .scenario
                .exercise(&theme.exercise)
                .ok_or_else(|| ModelError::UnknownExercise(theme.exercise.clone()))?;
            theme_name_ok(&theme.name)
        }
        Change::RenameTheme { id, name, .. } => {
            c.theme(id)
                .ok_or_else(|| invalid(format!("no theme with id `{id}`")))?;
            theme_name_ok(name)
        }
        Change::PlaceInTheme {
            contribution,
            theme,
            ..
        } => {
            let answer = view
                .find(contribution)
                .ok_or_else(|| ModelError::UnknownContribution(contribution.clone()))?;
            if let Some(id) = theme {
                let theme = standing(c, id)?;
                if theme.exercise != answer.exercise {
                    return Err(invalid(format!(
                        "theme \"{}\" gathers answers of another exercise",
                        theme.name
                    )));
                }
            }
            Ok(())
        }
        Change::MergeThemes { from, into } => {
            let a = standing(c, from)?;
            let b = standing(c, into)?;
            if from == into {
                return Err(invalid("a theme cannot be merged into itself"));
            }
            if a.exercise != b.exercise {
                return Err(invalid("themes of different exercises cannot be merged"));
            }
            Ok(())
        }
        Change::OpenRound { round } => {
            check_round(round).map_err(invalid)?;
            if c.round(&round.id).is_some() {
                return Err(invalid(format!(
                    "a round with id `{}` already exists",
                    round.id
                )));
            }
            let exercise = session
                .scenario
                .exercise(&round.exercise)
                .ok_or_else(|| ModelError::UnknownExercise(round.exercise.clone()))?;
            if let Some(slot) = &round.slot
                && exercise.slot(slot).is_none()
            {
                return Err(ModelError::UnknownSlot {
                    exercise: round.exercise.clone(),
                    slot: slot.clone(),
                    known: exercise
                        .slots()
                        .iter()
                        .map(|s| s.id.clone())
                        .collect::<Vec<_>>()
                        .join(", "),
                });
            }
            Ok(())
        }
        Change::Cast {
            round,
            voter,
            ballot,
        } => {
            let r = c
                .round(round)
                .ok_or_else(|| invalid(format!("no vote with id `{round}`")))?;
            check_voter(voter).map_err(invalid)?;
            check_ballot(r, &ballot.choice, |item| is_item_in(view, r, item)).map_err(invalid)
        }
        Change::SetRoundState { round, state } => {
            let r = c
                .round(round)
                .ok_or_else(|| invalid(format!("no vote with id `{round}`")))?;
            if *state <= r.state {
                return Err(invalid(format!(
                    "this vote is already {}",
                    match r.state {
                        RoundState::Open => "open",
                        RoundState::Closed => "closed",
                        RoundState::Revealed => "revealed",
                    }
                )));
            }
            Ok(())
        }
        Change::ChooseAxes { exercise, axes } => {
            let ex = session
                .scenario
                .exercise(exercise)
                .ok_or_else(|| ModelError::UnknownExercise(exercise.clone()))?;
            if !matches!(ex.kind, ExerciseKind::ScenarioBuilding(_)) {
                return Err(invalid(format!(
                    "exercise `{exercise}` is not a scenario-building exercise: it has no axes"
                )));
            }
            check_axes(&axes.matrix).map_err(invalid)
        }
        // Not about themes, rounds or axes: checked elsewhere.
        Change::Add { .. }
        | Change::Edit { .. }
        | Change::SetHidden { .. }
        | Change::SetStarred { .. }
        | Change::Move { .. }
        | Change::AddGroup { .. }
        | Change::SetAttribution { .. }
        | Change::Withdraw { .. }
        | Change::SetDetails { .. }
        | Change::SetConcealed { .. } => Ok(()),
    }
}

/// Applies a change [`check`] accepted.
pub(crate) fn apply(c: &mut Convergence, change: &Change) {
    match change {
        Change::AddTheme { theme } => c.themes.push(theme.clone()),
        Change::RenameTheme { id, name, at } => {
            if let Some(t) = c.themes.iter_mut().find(|t| &t.id == id) {
                t.name = name.clone();
                t.named = *at;
            }
        }
        Change::PlaceInTheme {
            contribution,
            theme,
            at,
        } => {
            c.placed.insert(
                contribution.clone(),
                Placing {
                    theme: theme.clone(),
                    at: *at,
                },
            );
        }
        Change::MergeThemes { from, into } => {
            if let Some(t) = c.themes.iter_mut().find(|t| &t.id == from) {
                t.merged_into = Some(into.clone());
            }
        }
        Change::OpenRound { round } => c.rounds.push(round.clone()),
        Change::Cast {
            round,
            voter,
            ballot,
        } => {
            c.ballots
                .entry(round.clone())
                .or_default()
                .insert(voter.clone(), ballot.clone());
        }
        Change::SetRoundState { round, state } => {
            if let Some(r) = c.rounds.iter_mut().find(|r| &r.id == round) {
                r.state = *state;
            }
        }
        Change::ChooseAxes { exercise, axes } => {
            c.axes.insert(exercise.clone(), axes.clone());
        }
        // Not about themes, rounds or axes: applied elsewhere.
        Change::Add { .. }
        | Change::Edit { .. }
        | Change::SetHidden { .. }
        | Change::SetStarred { .. }
        | Change::Move { .. }
        | Change::AddGroup { .. }
        | Change::SetAttribution { .. }
        | Change::Withdraw { .. }
        | Change::SetDetails { .. }
        | Change::SetConcealed { .. } => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn round(kind: RoundKind) -> Round {
        Round {
            id: "r1".into(),
            exercise: "e".into(),
            slot: None,
            on: VoteOn::Answers,
            kind,
            state: RoundState::Open,
            opened: Timestamp::UNIX_EPOCH,
        }
    }

    #[test]
    fn a_ballot_keeps_within_its_dots_and_items() {
        let r = round(RoundKind::Dots {
            dots: 3,
            per_item: Some(2),
        });
        let items = |s: &str| s == "a" || s == "b";
        let dots = |v: &[&str]| Choice::Dots(v.iter().map(|s| s.to_string()).collect());
        assert!(check_ballot(&r, &dots(&["a", "a", "b"]), items).is_ok());
        assert!(
            check_ballot(&r, &dots(&["a", "b", "b", "a"]), items)
                .unwrap_err()
                .contains("each voter has 3")
        );
        assert!(
            check_ballot(&r, &dots(&["a", "a", "a"]), items)
                .unwrap_err()
                .contains("at most 2")
        );
        assert!(
            check_ballot(&r, &dots(&["c"]), items)
                .unwrap_err()
                .contains("not one of")
        );
        let closed = Round {
            state: RoundState::Closed,
            ..r
        };
        assert!(
            check_ballot(&closed, &dots(&["a"]), items)
                .unwrap_err()
                .contains("closed")
        );
    }

    #[test]
    fn ratings_run_from_one_to_five_and_rank_by_impact_times_uncertainty() {
        let r = round(RoundKind::Rating);
        let rate = |i, u| {
            Choice::Ratings(BTreeMap::from([(
                "a".to_owned(),
                Rating {
                    impact: i,
                    uncertainty: u,
                },
            )]))
        };
        assert!(check_ballot(&r, &rate(1, 5), |_| true).is_ok());
        assert!(check_ballot(&r, &rate(0, 5), |_| true).is_err());
        assert!(check_ballot(&r, &rate(3, 6), |_| true).is_err());
        let mut c = Convergence::default();
        c.rounds.push(r);
        let ballot = |pairs: &[(&str, u8, u8)]| Ballot {
            at: Timestamp::UNIX_EPOCH,
            choice: Choice::Ratings(
                pairs
                    .iter()
                    .map(|(k, i, u)| {
                        (
                            k.to_string(),
                            Rating {
                                impact: *i,
                                uncertainty: *u,
                            },
                        )
                    })
                    .collect(),
            ),
        };
        let b = c.ballots.entry("r1".into()).or_default();
        b.insert("group:A".into(), ballot(&[("low", 2, 2), ("high", 5, 4)]));
        b.insert("group:B".into(), ballot(&[("low", 2, 4), ("high", 3, 4)]));
        let t = c.tally("r1");
        assert_eq!(t[0].item, "high");
        assert_eq!((t[0].count, t[0].impact, t[0].uncertainty), (2, 4.0, 4.0));
        assert_eq!((t[1].impact, t[1].uncertainty), (2.0, 3.0));
    }

    #[test]
    fn merged_themes_resolve_to_where_they_went_and_a_loop_ends() {
        let theme = |id: &str, into: Option<&str>| Theme {
            id: id.into(),
            exercise: "e".into(),
            name: id.into(),
            created: Timestamp::UNIX_EPOCH,
            named: Timestamp::UNIX_EPOCH,
            merged_into: into.map(str::to_owned),
        };
        let mut c = Convergence {
            themes: vec![
                theme("a", Some("b")),
                theme("b", Some("c")),
                theme("c", None),
            ],
            ..Convergence::default()
        };
        assert_eq!(c.resolve("a"), "c");
        c.themes[2].merged_into = Some("a".into());
        let _ = c.resolve("a"); // ends
        assert_eq!(c.themes_of("e").count(), 0);
    }
}
