//! Voting from the note-taker's terminal: the current exercise's vote and rating rounds as the
//! server last told them, the vote panel (F4) over the capture box, and the ballot, sent
//! straight to the server. A ballot is never queued in the outbox: it replaces the device's
//! earlier one in its round instead of adding to it, and only counts while the round is open,
//! so it is "counted" once the server says so, or "not sent" to be tried again.
//!
//! The panel never touches the capture box: what is typed there stays as it was.

pub mod view;

use std::collections::BTreeMap;

use ratatui::crossterm::event::{KeyCode, KeyEvent};

use super::action::JoinEffect;
pub use super::ballot::{Axis, Marks, VoteOutcome, VotePanel};
use super::state::JoinState;
use crate::model::convergence::{Choice, MAX_RATING, RoundKind, RoundState};
use crate::net::api::RoundInfo;
use crate::tui::keymap::{Command, Context};

// ---------------------------------------------------------------- rounds from the server

/// A session reply: the rounds of its exercise, all of them.
pub fn session(state: &mut JoinState, exercise: &str, rounds: Vec<RoundInfo>) {
    state.rounds = rounds;
    state.rounds_of = Some(exercise.to_owned());
    sync_panel(state);
}

/// The facilitator moved on: the rounds shown were the old exercise's. The next session reply
/// brings the new one's.
pub fn agenda(state: &mut JoinState) {
    state.rounds.clear();
    state.rounds_of = None;
    sync_panel(state);
}

/// A round of the current exercise changed (opened, got a ballot, closed, revealed).
pub fn round_event(state: &mut JoinState, round: RoundInfo) {
    let Some(of) = &state.rounds_of else {
        // Between an agenda change and its session reply: the reply has it.
        return;
    };
    if !round.exercise.is_empty() && round.exercise != *of {
        return;
    }
    match state.rounds.iter_mut().find(|r| r.id == round.id) {
        // A round only moves forward: older news than what is shown is dropped.
        Some(r) if r.state > round.state => return,
        Some(r) => *r = round,
        None => state.rounds.push(round),
    }
    sync_panel(state);
}

/// Keeps the open panel in step with its round: closed when the round is gone, the cursor
/// within the items, no dots or ratings left on items the round no longer has.
fn sync_panel(state: &mut JoinState) {
    let Some(panel) = &mut state.vote else {
        return;
    };
    let Some(round) = state.rounds.iter().find(|r| r.id == panel.round) else {
        state.vote = None;
        state.status = Some("The facilitator moved on: the vote panel closed.".into());
        return;
    };
    let is_item = |id: &String| round.items.iter().any(|i| &i.id == id);
    panel.dots.retain(|id, _| is_item(id));
    panel.ratings.retain(|id, _| is_item(id));
    let rows = rows(round);
    panel.cursor = panel.cursor.min(rows.saturating_sub(1));
}

/// Rows the panel lists: the results once revealed, else the items.
fn rows(round: &RoundInfo) -> usize {
    match (&round.results, round.state) {
        (Some(r), RoundState::Revealed) => r.len(),
        _ => round.items.len(),
    }
}

/// The key that opens and closes the panel (F4 unless the keys file says otherwise).
pub fn panel_key(state: &JoinState) -> String {
    state
        .keymap
        .keys(
            crate::tui::keymap::Context::Join,
            crate::tui::keymap::Command::VotePanel,
        )
        .first()
        .map_or_else(
            || crate::tui::keymap::Command::VotePanel.name().to_owned(),
            ToString::to_string,
        )
}

/// The round the panel key shows: the newest open one, else the newest.
pub fn current(state: &JoinState) -> Option<&RoundInfo> {
    state
        .rounds
        .iter()
        .rev()
        .find(|r| r.state == RoundState::Open)
        .or_else(|| state.rounds.last())
}

/// The round the open panel shows.
pub fn panel_round(state: &JoinState) -> Option<&RoundInfo> {
    let panel = state.vote.as_ref()?;
    state.rounds.iter().find(|r| r.id == panel.round)
}

// ---------------------------------------------------------------- the panel's keys

/// F4: opens the panel on the current round (or closes it).
pub fn toggle(state: &mut JoinState) {
    if state.vote.is_some() {
        close(state);
        return;
    }
    let Some(round) = current(state) else {
        state.status = Some(format!(
            "No vote in this exercise yet: {} opens one once the facilitator starts it.",
            panel_key(state)
        ));
        return;
    };
    state.vote = Some(VotePanel::new(round));
    state.status = None;
}

fn close(state: &mut JoinState) {
    let unsent = panel_round(state)
        .zip(state.vote.as_ref())
        .is_some_and(|(r, p)| r.state == RoundState::Open && p.changed(r));
    let sending = state.casting.is_some();
    state.vote = None;
    state.status = if sending {
        Some("Vote panel closed; your vote is on its way to the server.".into())
    } else {
        unsent.then(|| "Vote panel closed; nothing was sent.".into())
    };
}

/// The keymap's table for the open panel: dots or ratings.
pub fn context(state: &JoinState) -> Context {
    match panel_round(state).map(|r| r.kind) {
        Some(RoundKind::Rating) => Context::JoinRating,
        Some(RoundKind::Dots { .. }) | None => Context::JoinDots,
    }
}

/// A key while the panel is open: the command its table gives it.
pub fn key(state: &mut JoinState, key: KeyEvent) -> Vec<JoinEffect> {
    let Some(round) = panel_round(state).cloned() else {
        state.vote = None;
        return Vec::new();
    };
    let command = state.keymap.command(context(state), &key);
    match command {
        Some(Command::Close) => {
            close(state);
            return Vec::new();
        }
        Some(Command::Up) => move_cursor(state, &round, -1),
        Some(Command::Down) => move_cursor(state, &round, 1),
        Some(Command::PageUp) => move_cursor(state, &round, -5),
        Some(Command::PageDown) => move_cursor(state, &round, 5),
        Some(Command::First) => move_cursor(state, &round, isize::MIN / 2),
        Some(Command::Last) => move_cursor(state, &round, isize::MAX / 2),
        _ if round.state != RoundState::Open => {
            state.status = Some(closed_text(round.state).into());
        }
        Some(Command::Send) => return send(state, &round),
        _ => match round.kind {
            RoundKind::Dots { dots, per_item } => dots_key(state, &round, command, dots, per_item),
            RoundKind::Rating => rating_key(state, &round, command, key.code),
        },
    }
    Vec::new()
}

/// Plain characters the event loop gathered as typing: keys of the panel, one by one.
pub fn typed(state: &mut JoinState, text: &str) -> Vec<JoinEffect> {
    let mut effects = Vec::new();
    for c in text.chars() {
        effects.extend(key(state, KeyEvent::from(KeyCode::Char(c))));
    }
    effects
}

fn closed_text(state: RoundState) -> &'static str {
    match state {
        RoundState::Revealed => "This vote is over: its results are shown.",
        _ => "Voting is closed, results when revealed.",
    }
}

fn move_cursor(state: &mut JoinState, round: &RoundInfo, delta: isize) {
    let last = rows(round).saturating_sub(1) as isize;
    if let Some(p) = &mut state.vote {
        p.cursor = (p.cursor as isize).saturating_add(delta).clamp(0, last) as usize;
    }
}

fn dots_key(
    state: &mut JoinState,
    round: &RoundInfo,
    command: Option<Command>,
    dots: u32,
    per_item: Option<u32>,
) {
    let Some(p) = &mut state.vote else {
        return;
    };
    let Some(item) = round.items.get(p.cursor) else {
        state.status = Some("Nothing to vote on yet.".into());
        return;
    };
    let on_item = p.dots.get(&item.id).copied().unwrap_or(0);
    match command {
        Some(Command::Dot) => {
            if p.given() >= dots {
                state.status = Some(format!(
                    "All {dots} of your dots are given: take one off another item first (- or ←)."
                ));
            } else if per_item.is_some_and(|limit| on_item >= limit) {
                let limit = per_item.unwrap_or(0);
                state.status = Some(format!(
                    "At most {limit} dot{} on one item in this vote.",
                    if limit == 1 { "" } else { "s" }
                ));
            } else {
                *p.dots.entry(item.id.clone()).or_default() += 1;
                state.status = None;
            }
        }
        Some(Command::TakeDot) => {
            if on_item == 0 {
                state.status = Some("No dot on this item to take off.".into());
            } else {
                if on_item == 1 {
                    p.dots.remove(&item.id);
                } else {
                    p.dots.insert(item.id.clone(), on_item - 1);
                }
                state.status = None;
            }
        }
        _ => panel_keys_help(state),
    }
}

fn rating_key(state: &mut JoinState, round: &RoundInfo, command: Option<Command>, code: KeyCode) {
    let Some(p) = &mut state.vote else {
        return;
    };
    let Some(item) = round.items.get(p.cursor) else {
        state.status = Some("Nothing to rate yet.".into());
        return;
    };
    let marks = p.ratings.get(&item.id).copied().unwrap_or_default();
    let set = |p: &mut VotePanel, value: Option<u8>| {
        let mut m = marks;
        m.set(p.axis, value);
        if m == Marks::default() {
            p.ratings.remove(&item.id);
        } else {
            p.ratings.insert(item.id.clone(), m);
        }
    };
    match (command, code) {
        (Some(Command::Impact), _) => p.axis = Axis::Impact,
        (Some(Command::Uncertainty), _) => p.axis = Axis::Uncertainty,
        (Some(Command::OtherAxis), _) => {
            p.axis = match p.axis {
                Axis::Impact => Axis::Uncertainty,
                Axis::Uncertainty => Axis::Impact,
            }
        }
        (None, KeyCode::Char(c @ '1'..='9')) => {
            let v = c as u8 - b'0';
            if v > MAX_RATING {
                state.status = Some(format!(
                    "Ratings run from 1 (low) to {MAX_RATING} (high); 0 clears one."
                ));
                return;
            }
            set(p, Some(v));
            // On to the next value: impact, then uncertainty, then the next item.
            match p.axis {
                Axis::Impact => p.axis = Axis::Uncertainty,
                Axis::Uncertainty => {
                    p.axis = Axis::Impact;
                    p.cursor = (p.cursor + 1).min(round.items.len().saturating_sub(1));
                }
            }
            state.status = None;
        }
        (Some(Command::Clear), _) => {
            set(p, None);
            state.status = None;
        }
        (Some(Command::More), _) => match marks.get(p.axis) {
            Some(v) if v >= MAX_RATING => {
                state.status = Some(format!("{MAX_RATING} is the highest rating."));
            }
            v => set(p, Some(v.map_or(1, |v| v + 1))),
        },
        (Some(Command::Less), _) => match marks.get(p.axis) {
            None => state.status = Some("Not rated yet: 1 to 5 sets it.".into()),
            Some(1) => state.status = Some("1 is the lowest rating; 0 clears it.".into()),
            Some(v) => set(p, Some(v - 1)),
        },
        _ => panel_keys_help(state),
    }
}

fn panel_keys_help(state: &mut JoinState) {
    use crate::tui::keymap::Command;
    let layer = context(state);
    let (send, close) = (
        state.keymap.name_of(layer, Command::Send),
        state.keymap.name_of(layer, Command::Close),
    );
    state.status = Some(format!(
        "In the vote panel: {send} sends your vote, {close} closes it (your typing waits in the box)."
    ));
}

fn send(state: &mut JoinState, round: &RoundInfo) -> Vec<JoinEffect> {
    let Some(panel) = &state.vote else {
        return Vec::new();
    };
    if state.casting.is_some() {
        state.status = Some("Sending your vote…".into());
        return Vec::new();
    }
    let request = match panel.ballot(round) {
        Ok(r) => r,
        Err(item) => {
            let i = round.items.iter().position(|i| i.id == item).unwrap_or(0);
            let text = round.items.get(i).map_or("", |i| i.text.as_str());
            state.status = Some(format!(
                "Not sent: rate both impact and uncertainty of \"{}\" (or 0 to clear it).",
                crate::tui::text::truncate(text, 30)
            ));
            if let Some(p) = &mut state.vote {
                p.cursor = i;
            }
            return Vec::new();
        }
    };
    let empty = request.dots.as_ref().is_some_and(Vec::is_empty)
        || request.ratings.as_ref().is_some_and(BTreeMap::is_empty);
    if empty && round.mine.is_none() {
        state.status = Some(match round.kind {
            RoundKind::Dots { .. } => "Nothing to send yet: + or → puts a dot on an item.".into(),
            RoundKind::Rating => "Nothing rated yet: 1 to 5 set a rating.".into(),
        });
        return Vec::new();
    }
    state.casting = Some(request.clone());
    state.status = Some("Sending your vote…".into());
    vec![JoinEffect::Cast(request)]
}

/// The server's answer to a ballot sent.
pub fn voted(state: &mut JoinState, round: &str, outcome: VoteOutcome) {
    let sent = state.casting.take_if(|c| c.round == round);
    match outcome {
        VoteOutcome::Counted => {
            if let Some(sent) = &sent {
                let choice = match (&sent.dots, &sent.ratings) {
                    (Some(d), _) => Choice::Dots(d.clone()),
                    (None, Some(r)) => Choice::Ratings(r.clone()),
                    (None, None) => Choice::Dots(Vec::new()),
                };
                if let Some(r) = state.rounds.iter_mut().find(|r| r.id == round) {
                    r.mine = Some(choice);
                }
                // Back to the box, unless the panel already holds something else.
                let same = panel_round(state)
                    .zip(state.vote.as_ref())
                    .is_some_and(|(r, p)| p.ballot(r).is_ok_and(|b| b == *sent));
                if same {
                    state.vote = None;
                }
            }
            state.status = Some(format!(
                "✓ vote counted ({} changes it until the facilitator closes the vote)",
                panel_key(state)
            ));
        }
        VoteOutcome::Refused(message) => {
            state.status = Some(format!("✗ vote not counted: {message}"));
        }
        VoteOutcome::NotSent(reason) => {
            let how = if state.vote.is_some() {
                state
                    .keymap
                    .name_of(context(state), crate::tui::keymap::Command::Send)
            } else {
                format!("{} to vote again", panel_key(state))
            };
            state.status = Some(format!("✗ vote not sent, try again ({how}) — {reason}"));
        }
    }
}

#[cfg(test)]
mod tests;
