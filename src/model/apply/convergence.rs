//! Themes, vote rounds, the scenario matrix's axes and the seeds of exercises: when a change to them may be made, and
//! what it does.

use super::View;
use crate::model::change::ConvergenceChange as C;
use crate::model::change::ConvergenceChange;
use crate::model::convergence::{Convergence, Placing, Theme, check_axes};
use crate::model::error::ModelError;
use crate::model::exercise::ExerciseKind;
use crate::model::seed::refusal;
use crate::model::session::Session;
use crate::model::text::{is_valid_id, is_valid_name};
use crate::model::vote::{Round, RoundState, VoteOn, check_ballot, check_round, check_voter};

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
pub(super) fn check(
    view: &(impl View + ?Sized),
    change: ConvergenceChange<'_>,
) -> Result<(), ModelError> {
    let c = view.convergence();
    let session = view.session();
    match change {
        C::AddTheme { theme } => {
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
                .ok_or_else(|| session.scenario.unknown_exercise(&theme.exercise))?;
            theme_name_ok(&theme.name)
        }
        C::RenameTheme { id, name, .. } => {
            c.theme(id)
                .ok_or_else(|| invalid(format!("no theme with id `{id}`")))?;
            theme_name_ok(name)
        }
        C::PlaceInTheme {
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
        C::MergeThemes { from, into } => {
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
        C::OpenRound { round } => {
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
                .ok_or_else(|| session.scenario.unknown_exercise(&round.exercise))?;
            if let Some(slot) = &round.slot
                && exercise.slot(slot).is_none()
            {
                return Err(ModelError::UnknownSlot {
                    exercise: round.exercise.clone(),
                    slot: slot.clone(),
                    known: crate::model::error::near_names(
                        slot,
                        exercise.slots().iter().map(|s| s.id.as_str()),
                        "slots",
                    ),
                });
            }
            Ok(())
        }
        C::Cast {
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
        C::SetRoundState { round, state } => {
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
        C::ChooseAxes { exercise, axes } => {
            let ex = session
                .scenario
                .exercise(exercise)
                .ok_or_else(|| session.scenario.unknown_exercise(exercise))?;
            if !matches!(ex.kind, ExerciseKind::ScenarioBuilding(_)) {
                return Err(invalid(format!(
                    "exercise `{exercise}` is not a scenario-building exercise: it has no axes"
                )));
            }
            check_axes(&axes.matrix).map_err(invalid)
        }
        C::SeedFrom { exercise, seed } => {
            match refusal(
                &session.scenario,
                exercise,
                view.find(&seed.from),
                &seed.from,
            ) {
                Some(why) => Err(invalid(why)),
                None => Ok(()),
            }
        }
    }
}

/// Applies a change [`check`] accepted.
pub(super) fn apply(c: &mut Convergence, change: ConvergenceChange<'_>) {
    match change {
        C::AddTheme { theme } => c.themes.push(theme.clone()),
        C::RenameTheme { id, name, at } => {
            if let Some(t) = c.themes.iter_mut().find(|t| &t.id == id) {
                t.name = name.clone();
                t.named = *at;
            }
        }
        C::PlaceInTheme {
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
        C::MergeThemes { from, into } => {
            if let Some(t) = c.themes.iter_mut().find(|t| &t.id == from) {
                t.merged_into = Some(into.clone());
            }
        }
        C::OpenRound { round } => c.rounds.push(round.clone()),
        C::Cast {
            round,
            voter,
            ballot,
        } => {
            c.ballots
                .entry(round.clone())
                .or_default()
                .insert(voter.clone(), ballot.clone());
        }
        C::SetRoundState { round, state } => {
            if let Some(r) = c.rounds.iter_mut().find(|r| &r.id == round) {
                r.state = *state;
            }
        }
        C::ChooseAxes { exercise, axes } => {
            c.axes.insert(exercise.clone(), axes.clone());
        }
        C::SeedFrom { exercise, seed } => {
            c.seeds.insert(exercise.clone(), seed.clone());
        }
    }
}
