//! Keys of the vote panel (`v`): opening a round, entering each group's dots or ratings,
//! closing and revealing. Every ballot goes through `request`: shown as cast once it is on disk.

use std::collections::BTreeMap;

use super::converge_keys::{busy, now, quoted_n};
use super::*;
use crate::model::contribution::new_id;
use crate::model::convergence::{Ballot, Choice, Rating, RoundKind, RoundState};
use crate::tui::converge::{
    RoundEntry, VotePanel, VoteStep, ballot, latest_round, round_items, round_options, voter,
};

/// `v`: the vote panel for the current exercise: its newest round, or opening one.
pub(super) fn open_vote(state: &mut State) {
    let Some(run) = state.run_mut() else { return };
    let exercise = run.current_exercise().id.clone();
    let step = match latest_round(&run.session, &exercise) {
        Some(r) => VoteStep::Round(RoundEntry {
            round: r.id.clone(),
            group: run.group.unwrap_or(0),
            item: 0,
            digit: None,
        }),
        None => setup(run),
    };
    run.vote = Some(VotePanel { exercise, step });
}

fn setup(run: &Run) -> VoteStep {
    VoteStep::Setup {
        options: round_options(&run.current_exercise().votes),
        choice: 0,
    }
}

pub(super) fn vote_key(state: &mut State, key: KeyEvent, command: Option<Command>) -> Vec<Effect> {
    let Some(run) = state.run_mut() else {
        return Vec::new();
    };
    let Some(panel) = run.vote.as_mut() else {
        return Vec::new();
    };
    match &mut panel.step {
        VoteStep::Setup { options, choice } => {
            let n = options.len();
            match command {
                Some(Command::Close) => run.vote = None,
                Some(Command::Up) => *choice = choice.saturating_sub(1),
                Some(Command::Down) => *choice = (*choice + 1).min(n.saturating_sub(1)),
                Some(c @ (Command::MoreDots | Command::FewerDots | Command::Limit)) => {
                    if let Some(RoundKind::Dots { dots, per_item }) =
                        options.get_mut(*choice).map(|o| &mut o.kind)
                    {
                        match c {
                            Command::MoreDots => {
                                *dots = (*dots + 1).min(crate::model::convergence::MAX_DOTS)
                            }
                            Command::FewerDots => *dots = dots.saturating_sub(1).max(1),
                            _ => {
                                *per_item = match *per_item {
                                    None => Some(1),
                                    Some(k) if k + 1 < *dots => Some(k + 1),
                                    Some(_) => None,
                                }
                            }
                        }
                        if per_item.is_some_and(|k| k >= *dots) {
                            *per_item = None;
                        }
                    }
                }
                Some(Command::Confirm) => {
                    let Some(o) = options.get(*choice).cloned() else {
                        return Vec::new();
                    };
                    if busy(state) {
                        return Vec::new();
                    }
                    let Some(run) = state.run_mut() else {
                        return Vec::new();
                    };
                    let Some(panel) = run.vote.as_ref() else {
                        return Vec::new();
                    };
                    let round = crate::model::convergence::Round {
                        id: new_id(),
                        exercise: panel.exercise.clone(),
                        slot: o.slot.clone(),
                        on: o.on,
                        kind: o.kind,
                        state: RoundState::Open,
                        opened: now(),
                    };
                    let id = round.id.clone();
                    let label = o.slot.as_deref().and_then(|s| {
                        run.current_slots()
                            .iter()
                            .find(|x| x.id == s)
                            .map(|x| x.label.clone())
                    });
                    let what = format!(
                        "vote opened: {}",
                        crate::tui::converge::describe_round(o.kind, o.on, label.as_deref())
                    );
                    let group = run.group.unwrap_or(0);
                    let effects =
                        request(state, vec![Change::OpenRound { round }], Purpose::Act, what);
                    if !effects.is_empty()
                        && let Some(p) = state.run_mut().and_then(|r| r.vote.as_mut())
                    {
                        p.step = VoteStep::Round(RoundEntry {
                            round: id,
                            group,
                            item: 0,
                            digit: None,
                        });
                    }
                    return effects;
                }
                _ => {}
            }
            Vec::new()
        }
        VoteStep::Round(entry) => {
            let entry = entry.clone();
            round_key(state, entry, key, command)
        }
    }
}

fn set_entry(state: &mut State, entry: RoundEntry) {
    if let Some(p) = state.run_mut().and_then(|r| r.vote.as_mut()) {
        p.step = VoteStep::Round(entry);
    }
}

fn round_key(
    state: &mut State,
    mut entry: RoundEntry,
    key: KeyEvent,
    command: Option<Command>,
) -> Vec<Effect> {
    let Some(run) = state.run_mut() else {
        return Vec::new();
    };
    let Some(round) = run.session.convergence.round(&entry.round).cloned() else {
        // Not saved yet (or refused): Esc closes, o goes back to opening one.
        match command {
            Some(Command::Close) => run.vote = None,
            Some(Command::AnotherVote) => {
                let step = setup(run);
                if let Some(p) = run.vote.as_mut() {
                    p.step = step;
                }
            }
            _ => {}
        }
        return Vec::new();
    };
    let items: Vec<String> = round_items(&run.session, &round)
        .iter()
        .map(|i| i.id.to_owned())
        .collect();
    let groups = run.session.groups.clone();
    let n = items.len();
    // A ballot's key: a dot given or taken, or a digit of a rating.
    let ballot_key = match (command, key.code) {
        (Some(Command::Dot), _) => Some('+'),
        (Some(Command::TakeDot), _) => Some('-'),
        (None, KeyCode::Char(d @ '1'..='9')) => Some(d),
        _ => None,
    };
    match command {
        Some(Command::Close) => {
            if entry.digit.take().is_some() {
                set_entry(state, entry);
            } else {
                run.vote = None;
            }
            return Vec::new();
        }
        Some(Command::Up) => entry.item = entry.item.saturating_sub(1),
        Some(Command::Down) => entry.item = (entry.item + 1).min(n.saturating_sub(1)),
        Some(Command::First) => entry.item = 0,
        Some(Command::Last) => entry.item = n.saturating_sub(1),
        // Each group's ballot is entered from its first item.
        Some(Command::PreviousGroup) => {
            entry.group = (entry.group + groups.len().max(1) - 1) % groups.len().max(1);
            entry.item = 0;
        }
        Some(Command::NextGroup) => {
            entry.group = (entry.group + 1) % groups.len().max(1);
            entry.item = 0;
        }
        Some(Command::AnotherVote) => {
            let step = setup(run);
            if let Some(p) = run.vote.as_mut() {
                p.step = step;
            }
            return Vec::new();
        }
        Some(Command::CloseVote | Command::Reveal) => {
            let to = if command == Some(Command::CloseVote) {
                RoundState::Closed
            } else {
                RoundState::Revealed
            };
            if round.state >= to {
                let name = |c| state.keymap.name_of(Context::Vote, c);
                state.status = Some(match round.state {
                    RoundState::Revealed => format!(
                        "This vote is already revealed; {} opens another.",
                        name(Command::AnotherVote)
                    ),
                    _ => format!(
                        "This vote is already closed; {} reveals it.",
                        name(Command::Reveal)
                    ),
                });
                return Vec::new();
            }
            if busy(state) {
                return Vec::new();
            }
            let what = match to {
                RoundState::Closed => format!(
                    "vote closed: no more ballots ({} reveals the results)",
                    state.keymap.name_of(Context::Vote, Command::Reveal)
                ),
                _ => "vote revealed".to_owned(),
            };
            set_entry(state, entry);
            return request(
                state,
                vec![Change::SetRoundState {
                    round: round.id.clone(),
                    state: to,
                }],
                Purpose::Act,
                what,
            );
        }
        _ if ballot_key.is_some() && round.state == RoundState::Open => {
            let c = ballot_key.unwrap_or('+');
            let Some(group) = groups.get(entry.group).cloned() else {
                state.status = Some(format!(
                    "No groups yet: add one ({}) to enter its votes.",
                    state.keymap.to_add_a_group()
                ));
                return Vec::new();
            };
            let Some(item) = items.get(entry.item).cloned() else {
                state.status = Some("Nothing to vote on yet.".into());
                return Vec::new();
            };
            let who = voter(&group);
            let old = ballot(&run.session, &round.id, &who).cloned();
            let (choice, what) = match (round.kind, c) {
                (RoundKind::Dots { .. }, '+') => {
                    let mut dots = match old {
                        Some(Choice::Dots(d)) => d,
                        _ => Vec::new(),
                    };
                    dots.push(item.clone());
                    let n = dots.len();
                    (
                        Choice::Dots(dots),
                        format!("{group}: {n} dot{} given", plural_s(n)),
                    )
                }
                (RoundKind::Dots { .. }, '-') => {
                    let mut dots = match old {
                        Some(Choice::Dots(d)) => d,
                        _ => Vec::new(),
                    };
                    let Some(at) = dots.iter().rposition(|d| *d == item) else {
                        state.status = Some(format!("{group} has no dot on this one."));
                        return Vec::new();
                    };
                    dots.remove(at);
                    let n = dots.len();
                    (
                        Choice::Dots(dots),
                        format!("{group}: {n} dot{} given", plural_s(n)),
                    )
                }
                (RoundKind::Rating, d @ '1'..='9') => {
                    let v = d as u8 - b'0';
                    let Some(impact) = entry.digit.take() else {
                        entry.digit = Some(v);
                        set_entry(state, entry);
                        return Vec::new();
                    };
                    let mut ratings = match old {
                        Some(Choice::Ratings(r)) => r,
                        _ => BTreeMap::new(),
                    };
                    ratings.insert(
                        item.clone(),
                        Rating {
                            impact,
                            uncertainty: v,
                        },
                    );
                    // Moving on to the next item is said, naming it, so it is not missed; short
                    // enough for the status line of an 80-column window.
                    let next = match items.get(entry.item + 1) {
                        Some(next) => format!("next: {}", quoted_n(state, next, 28)),
                        None => "that was the last one (→ the next group)".to_owned(),
                    };
                    let what = format!(
                        "{group}: {} I{impact} U{v} — {next}",
                        quoted_n(state, &item, 16)
                    );
                    (Choice::Ratings(ratings), what)
                }
                (RoundKind::Rating, _) => {
                    state.status =
                        Some("Type two digits, 1 to 5: impact, then uncertainty.".into());
                    return Vec::new();
                }
                (RoundKind::Dots { .. }, _) => {
                    state.status = Some("+ or Space gives a dot; - takes one back.".into());
                    return Vec::new();
                }
            };
            if busy(state) {
                entry.digit = None;
                set_entry(state, entry);
                return Vec::new();
            }
            let rating = round.kind == RoundKind::Rating;
            let effects = request(
                state,
                vec![Change::Cast {
                    round: round.id.clone(),
                    voter: who,
                    ballot: Ballot { at: now(), choice },
                }],
                Purpose::Act,
                what,
            );
            // A rating done moves on to the next item, so a group's ratings are typed in a row.
            if rating && !effects.is_empty() && entry.item + 1 < n {
                entry.item += 1;
            }
            set_entry(state, entry);
            return effects;
        }
        _ if ballot_key.is_some() => {
            state.status =
                Some("This vote is closed: ballots can no longer be cast or changed.".into());
            return Vec::new();
        }
        _ => return Vec::new(),
    }
    entry.digit = None;
    set_entry(state, entry);
    Vec::new()
}

fn plural_s(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}
