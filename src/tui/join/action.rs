//! What the note-taker's screen is told (actions) and what it asks the event loop
//! to do (effects): the vocabulary between its pure update and the terminal's runtime.

use std::time::Instant;

use ratatui::crossterm::event::KeyEvent;

use super::ballot::VoteOutcome;
use super::drafts::JoinDraft;
use crate::net::api::{BallotRequest, ContributionRequest};
use crate::net::client::LinkEvent;

#[derive(Debug, Clone)]
pub enum JoinAction {
    Key(KeyEvent),
    /// A bracketed paste: inserted as it is, never sent by itself.
    Paste(String),
    /// Plain characters typed in a row into the focused text box (gathered by the event loop
    /// only where each would have been inserted).
    Typed(String),
    /// The whole text of the box's focused field, given anew (the plain mode's line editor).
    Replace(String),
    Tick(Instant),
    /// News from the link to the server.
    Link(LinkEvent),
    /// The answer handed over with `Queue` is on disk in the outbox.
    Queued,
    /// The outbox could not take it; nothing was queued.
    QueueFailed(String),
    /// A signal, or the terminal going away.
    Quit,
    /// Something to tell the note-taker that must not be missed.
    Notice(String),
    /// The server's answer to the ballot sent with `Cast`.
    Voted {
        round: String,
        outcome: VoteOutcome,
    },
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum JoinEffect {
    /// Keep this in the drafts file beside the outbox (0600, synced).
    KeepDraft(JoinDraft),
    /// Append to the outbox (synced), wake the sender, answer `Queued` or `QueueFailed`.
    Queue {
        request: ContributionRequest,
        /// A refused answer this one corrects.
        replaces: Option<String>,
    },
    /// Send this ballot to the server now (never queued), answer `Voted`.
    Cast(BallotRequest),
    Quit,
}
