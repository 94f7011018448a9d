//! News from the link to the server: the connection, the session and its live events, and
//! what became of the answers sent.

use super::set_exercise;
use crate::net::api::{self, Event};
use crate::net::client::LinkEvent;
use crate::tui::join::state::{Conn, JoinState, MineState};
use crate::tui::join::vote;

fn now_hms() -> String {
    jiff::Zoned::now().strftime("%H:%M:%S").to_string()
}

pub(super) fn link(state: &mut JoinState, event: LinkEvent) {
    let signed_out = matches!(state.conn, Conn::SignedOut(_));
    match event {
        LinkEvent::Up => {
            if !signed_out {
                state.conn = Conn::Connected;
            }
        }
        LinkEvent::Down { retry_in, reason } => {
            if !signed_out {
                state.conn = Conn::Reconnecting {
                    at: state.now + retry_in,
                    reason,
                };
            }
        }
        LinkEvent::Joined(reply) => state.group = reply.group,
        LinkEvent::Session(reply) => {
            state.title = Some(reply.title);
            let id = reply.exercise.id.clone();
            state.answers.retain(|a| a.exercise != id);
            state.answers.extend(reply.answers);
            state.parents = reply.parents;
            vote::session(state, &id, reply.rounds);
            set_exercise(state, reply.exercise);
            forget_saved_copies(state);
        }
        LinkEvent::Event(Event::Agenda { exercise }) => {
            vote::agenda(state);
            set_exercise(state, exercise);
        }
        LinkEvent::Event(Event::Round { round }) => vote::round_event(state, round),
        // The same exercise, worded anew (a centre picked live): what is typed stays.
        LinkEvent::Event(Event::Exercise { exercise }) => {
            if state.exercise.as_ref().is_some_and(|e| e.id == exercise.id) {
                set_exercise(state, exercise);
            }
        }
        LinkEvent::Event(Event::Parents { exercise, parents }) => {
            if state.exercise.as_ref().is_some_and(|e| e.id == exercise) {
                state.parents = parents;
            }
        }
        LinkEvent::Event(Event::Answer { answer }) => {
            put_answer(state, answer);
            forget_saved_copies(state);
        }
        LinkEvent::Event(Event::Removed { id }) => {
            state.answers.retain(|a| a.id != id);
            state.parents.retain(|p| p.id != id);
            // Taken off the record by the facilitator: this terminal stops showing it too.
            state
                .mine
                .retain(|m| m.request.id != id || !matches!(m.state, MineState::Saved(_)));
            if state.selected.as_deref() == Some(id.as_str()) {
                state.selected = None;
            }
        }
        LinkEvent::Event(Event::Revoked) => {
            state.conn = Conn::SignedOut("the facilitator signed this terminal out".into());
        }
        LinkEvent::Saved { id, .. } => {
            if let Some(m) = state.mine.iter_mut().find(|m| m.request.id == id) {
                m.state = MineState::Saved(now_hms());
            }
        }
        LinkEvent::Refused {
            id,
            status,
            message,
        } => {
            if let Some(m) = state.mine.iter_mut().find(|m| m.request.id == id) {
                m.state = MineState::Failed(message.clone());
            }
            let how = state.how_to_correct("it");
            state.banner = Some(format!(
                "An answer was refused by the server ({status}: {message}). It is kept on this machine, marked ✗: {how}."
            ));
        }
        LinkEvent::SignedOut(reason) => {
            state.banner = Some(format!("Signed out: {reason}."));
            state.conn = Conn::SignedOut(reason);
        }
        LinkEvent::DiskError(message) => {
            state.banner = Some(format!(
                "The outbox on this machine could not be written ({message}); answers are sent again until it can."
            ));
        }
    }
}

fn put_answer(state: &mut JoinState, answer: api::Answer) {
    // The group's own new answer in a slot others go under can be chosen at once.
    let parent_slot = state
        .exercise
        .as_ref()
        .filter(|e| e.id == answer.exercise)
        .is_some_and(|e| {
            e.slots
                .iter()
                .any(|s| s.parent_slot.as_ref() == Some(&answer.slot))
        });
    if parent_slot {
        let choice = api::ParentChoice {
            id: answer.id.clone(),
            slot: answer.slot.clone(),
            text: answer.text.clone(),
            group: answer.group.clone(),
        };
        match state.parents.iter_mut().find(|p| p.id == answer.id) {
            Some(p) => *p = choice,
            None => state.parents.push(choice),
        }
    }
    match state.answers.iter_mut().find(|a| a.id == answer.id) {
        Some(a) => *a = answer,
        None => state.answers.push(answer),
    }
}

/// This terminal's saved answers are kept until the server's list shows them, then shown
/// from there; the most recent one stays for the status line.
fn forget_saved_copies(state: &mut JoinState) {
    let answers = &state.answers;
    let last = state.last.as_deref();
    state.mine.retain(|m| {
        !matches!(m.state, MineState::Saved(_))
            || Some(m.request.id.as_str()) == last
            || !answers.iter().any(|a| a.id == m.request.id)
    });
}
