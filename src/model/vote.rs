//! Vote rounds: dots over answers or themes, or ratings of impact and uncertainty; a ballot
//! per voter. The plan (an exercise's rounds) and the session's convergence both use them.

use std::collections::BTreeMap;

use jiff::Timestamp;
use serde::{Deserialize, Serialize};

use super::text::{is_valid_id, is_valid_name};

/// The most dots a round may give each voter, and the most items a ballot may name.
pub const MAX_DOTS: u32 = 100;
/// Ratings run from 1 (low) to this.
pub const MAX_RATING: u8 = 5;

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
