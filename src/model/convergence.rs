//! What the room makes of its answers: answers gathered into named themes, vote rounds (dots
//! over answers or themes, or ratings of impact and uncertainty), and the two uncertainties
//! chosen as the axes of a scenario matrix.
//!
//! Everything here is kept so that two copies of a session merge without counting anything
//! twice: a voter has one ballot per round (the latest replaces the earlier), an answer is in at
//! most one theme (the latest placing wins), a round only moves forward (open, closed,
//! revealed), and the axes chosen last are the axes, the seed picked last the seed.

use std::collections::BTreeMap;

use jiff::Timestamp;
use serde::{Deserialize, Serialize};

use super::exercise::scenario_building::Matrix;
use super::text::is_valid_name;
pub use super::vote::{
    Ballot, Choice, MAX_DOTS, MAX_RATING, Rating, Round, RoundKind, RoundState, VoteOn,
    check_ballot, check_round, check_voter,
};

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
    /// Exercise id → the answer of an earlier exercise the room picked to seed it (see
    /// [`super::seed`]).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub seeds: BTreeMap<String, Seed>,
}

/// The answer that seeds an exercise (a scenario as a backcast's preferred future), and when
/// the room picked it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Seed {
    /// The contribution's id.
    pub from: String,
    pub at: Timestamp,
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
