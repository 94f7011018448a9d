//! A ballot being made on the note-taker's terminal: the vote panel's state (the round, the
//! cursor, the dots and ratings chosen so far) and what became of a ballot sent. Plain data,
//! kept in the note-taker's state and worked by the vote panel's keys.

use std::collections::BTreeMap;

use crate::model::convergence::{Choice, Rating, RoundKind};
use crate::net::api::{BallotRequest, RoundInfo};

/// Which of an item's two ratings the digits set.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Axis {
    Impact,
    Uncertainty,
}

/// An item's ratings as chosen so far (a rating counts once both are set).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Marks {
    pub impact: Option<u8>,
    pub uncertainty: Option<u8>,
}

impl Marks {
    pub(super) fn get(&self, axis: Axis) -> Option<u8> {
        match axis {
            Axis::Impact => self.impact,
            Axis::Uncertainty => self.uncertainty,
        }
    }

    pub(super) fn set(&mut self, axis: Axis, value: Option<u8>) {
        match axis {
            Axis::Impact => self.impact = value,
            Axis::Uncertainty => self.uncertainty = value,
        }
    }
}

/// The vote panel: one round, the item under the cursor, and the ballot being made (from the
/// device's counted one when there is one).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VotePanel {
    pub round: String,
    /// Index into the round's items (or, once revealed, its results).
    pub cursor: usize,
    /// Dots rounds: item id → dots on it.
    pub dots: BTreeMap<String, u32>,
    /// Rating rounds: item id → its ratings so far.
    pub ratings: BTreeMap<String, Marks>,
    pub axis: Axis,
}

impl VotePanel {
    pub(super) fn new(round: &RoundInfo) -> VotePanel {
        let mut panel = VotePanel {
            round: round.id.clone(),
            cursor: 0,
            dots: BTreeMap::new(),
            ratings: BTreeMap::new(),
            axis: Axis::Impact,
        };
        match &round.mine {
            Some(Choice::Dots(items)) => {
                for item in items {
                    *panel.dots.entry(item.clone()).or_default() += 1;
                }
            }
            Some(Choice::Ratings(ratings)) => {
                for (item, r) in ratings {
                    panel.ratings.insert(
                        item.clone(),
                        Marks {
                            impact: Some(r.impact),
                            uncertainty: Some(r.uncertainty),
                        },
                    );
                }
            }
            None => {}
        }
        panel
    }

    /// Dots given so far.
    pub fn given(&self) -> u32 {
        self.dots.values().sum()
    }

    /// The ballot as the server would take it: dots in the items' order, one entry per dot;
    /// ratings set on both axes. `Err` names an item rated on one axis only.
    pub fn ballot(&self, round: &RoundInfo) -> Result<BallotRequest, String> {
        let mut request = BallotRequest {
            round: round.id.clone(),
            dots: None,
            ratings: None,
        };
        match round.kind {
            RoundKind::Dots { .. } => {
                let mut dots = Vec::new();
                for item in &round.items {
                    let n = self.dots.get(&item.id).copied().unwrap_or(0);
                    dots.extend(std::iter::repeat_n(item.id.clone(), n as usize));
                }
                request.dots = Some(dots);
            }
            RoundKind::Rating => {
                let mut ratings = BTreeMap::new();
                for item in &round.items {
                    match self.ratings.get(&item.id) {
                        Some(Marks {
                            impact: Some(impact),
                            uncertainty: Some(uncertainty),
                        }) => {
                            ratings.insert(
                                item.id.clone(),
                                Rating {
                                    impact: *impact,
                                    uncertainty: *uncertainty,
                                },
                            );
                        }
                        Some(m) if m.impact.is_some() || m.uncertainty.is_some() => {
                            return Err(item.id.clone());
                        }
                        _ => {}
                    }
                }
                request.ratings = Some(ratings);
            }
        }
        Ok(request)
    }

    /// Whether the ballot differs from the one the server counts for this device.
    pub fn changed(&self, round: &RoundInfo) -> bool {
        VotePanel::new(round).normalized() != self.clone().normalized()
    }

    fn normalized(mut self) -> VotePanel {
        self.cursor = 0;
        self.axis = Axis::Impact;
        self.dots.retain(|_, n| *n > 0);
        self.ratings
            .retain(|_, m| m.impact.is_some() || m.uncertainty.is_some());
        self
    }
}

/// What became of a ballot sent to the server.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum VoteOutcome {
    /// `201` or `200`: the server counts it.
    Counted,
    /// Refused for what it is (`422`: a closed round, too many dots…): the server's message.
    Refused(String),
    /// It did not get there (the network, a busy or failing server): worth sending again.
    NotSent(String),
}
