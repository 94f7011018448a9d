//! Vote and rating rounds as devices see them, and devices' ballots. A device sees the items,
//! how many have voted and its own ballot; the results only once the facilitator reveals them.
//! A round's answers are those the viewer may see ([`sight::may_see`]): while the exercise is
//! hidden until the reveal, a device votes on its own group's answers only, and the join code
//! alone sees none (docs/serve.md says why rounds are not refused instead).

use super::*;
use crate::model::apply::is_item;
use crate::model::convergence::{Ballot, Choice, Round, RoundKind, RoundState, VoteOn};
use crate::model::sight::{self, Viewer};
use crate::net::api::{BallotRequest, RoundInfo, RoundItem, RoundResult};

/// The voter a device votes as.
pub fn device_voter(device: &str) -> String {
    format!("device:{device}")
}

/// `round` as `voter` sees it, its answers as `viewer` may see them.
pub fn round_info(
    session: &Session,
    round: &Round,
    voter: Option<&str>,
    viewer: Viewer<'_>,
) -> RoundInfo {
    let items = match round.on {
        VoteOn::Answers => session
            .scenario
            .exercise(&round.exercise)
            .map(|e| e.slots())
            .unwrap_or_default()
            .iter()
            .filter(|slot| round.slot.as_deref().is_none_or(|s| s == slot.id))
            .flat_map(|slot| session.in_slot(&round.exercise, &slot.id))
            .filter(|c| is_item(session, round, &c.id) && sight::may_see(session, viewer, c))
            .map(|c| RoundItem {
                id: c.id.clone(),
                text: c.text.clone(),
            })
            .collect(),
        VoteOn::Themes => session
            .convergence
            .themes_of(&round.exercise)
            .filter(|_| sight::may_see_themes(session, viewer, &round.exercise))
            .map(|t| RoundItem {
                id: t.id.clone(),
                text: t.name.clone(),
            })
            .collect(),
    };
    let results = (round.state == RoundState::Revealed).then(|| {
        session
            .convergence
            .tally(&round.id)
            .into_iter()
            .map(|t| RoundResult {
                item: t.item,
                count: t.count,
                impact: (round.kind == RoundKind::Rating).then_some(t.impact),
                uncertainty: (round.kind == RoundKind::Rating).then_some(t.uncertainty),
            })
            .collect()
    });
    RoundInfo {
        id: round.id.clone(),
        exercise: round.exercise.clone(),
        on: round.on,
        kind: round.kind,
        state: round.state,
        items,
        voters: session.convergence.voters(&round.id),
        devices: Some(session.convergence.turnout(&round.id).devices.len()),
        mine: voter.and_then(|v| {
            session
                .convergence
                .ballots
                .get(&round.id)
                .and_then(|b| b.get(v))
                .map(|b| b.choice.clone())
        }),
        results,
    }
}

/// The rounds of exercise `exercise`, oldest first, as `voter` and `viewer` see them.
pub fn rounds_of(
    session: &Session,
    exercise: &str,
    voter: Option<&str>,
    viewer: Viewer<'_>,
) -> Vec<RoundInfo> {
    session
        .convergence
        .rounds_of(exercise)
        .map(|r| round_info(session, r, voter, viewer))
        .collect()
}

/// The rounds a saved change bears on: one opened, voted in or moved on, or (a theme made,
/// renamed, merged) every theme round of its exercise, or (hidden or revealed) every round of
/// its exercise.
pub fn rounds_touched(session: &Session, change: &Change) -> Vec<String> {
    let themes_of = |exercise: &str| -> Vec<String> {
        session
            .convergence
            .rounds_of(exercise)
            .filter(|r| r.on == VoteOn::Themes)
            .map(|r| r.id.clone())
            .collect()
    };
    match change {
        Change::OpenRound { round } => vec![round.id.clone()],
        Change::Cast { round, .. } | Change::SetRoundState { round, .. } => vec![round.clone()],
        Change::AddTheme { theme } => themes_of(&theme.exercise),
        Change::SetConcealed { exercise, .. } => session
            .convergence
            .rounds_of(exercise)
            .map(|r| r.id.clone())
            .collect(),
        Change::RenameTheme { id, .. } | Change::MergeThemes { into: id, .. } => session
            .convergence
            .theme(id)
            .map(|t| themes_of(&t.exercise))
            .unwrap_or_default(),
        // Answers, the plan's outline, details and narration bear on no round (a round keeps
        // the answers it was opened on; a withdrawn one is left out where results are shown).
        Change::Add { .. }
        | Change::Edit { .. }
        | Change::SetHidden { .. }
        | Change::SetStarred { .. }
        | Change::Move { .. }
        | Change::AddGroup { .. }
        | Change::SetAttribution { .. }
        | Change::PlaceInTheme { .. }
        | Change::ChooseAxes { .. }
        | Change::SeedFrom { .. }
        | Change::Withdraw { .. }
        | Change::SetDetails { .. }
        | Change::SetNarration { .. }
        | Change::SetWording { .. } => Vec::new(),
    }
}

impl Hub {
    /// Saves a device's ballot; returns once it is durable (or refused). A ballot equal to the
    /// one already counted is `AlreadySaved`.
    pub async fn cast(&self, device: &str, request: BallotRequest) -> Outcome {
        let choice = match (request.dots, request.ratings) {
            (Some(dots), None) => Choice::Dots(dots),
            (None, Some(ratings)) => Choice::Ratings(ratings),
            _ => {
                return Outcome::Refused(
                    "a ballot gives either `dots` (item ids, one per dot) or `ratings`".to_owned(),
                );
            }
        };
        let (reply, answer) = oneshot::channel();
        if let Err(outcome) = self.submit(Job::Cast {
            change: Box::new(Change::Cast {
                round: request.round,
                voter: device_voter(device),
                ballot: Ballot {
                    at: Timestamp::now(),
                    choice,
                },
            }),
            origin: Origin::Device(device.to_owned()),
            reply,
        }) {
            return outcome;
        }
        answer
            .await
            .unwrap_or_else(|_| Outcome::NotSaved(stopped().to_string()))
    }

    /// A round of the session as `viewer` sees it, with `device`'s ballot (`None`: no such
    /// round, or not shared).
    pub fn round_for(
        &self,
        round: &str,
        device: Option<&str>,
        viewer: Viewer<'_>,
    ) -> Option<RoundInfo> {
        let voter = device.map(device_voter);
        self.with_session(|s| {
            s.convergence
                .round(round)
                .map(|r| round_info(s, r, voter.as_deref(), viewer))
        })
        .flatten()
    }
}
