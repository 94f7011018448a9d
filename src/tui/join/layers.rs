//! What is on top of the note-taker's screen: the vote panel, the help, the quit question,
//! stacked over the base mode (typing or selecting) as on the facilitator's screen (see
//! `tui::layers`), each named by its table in the shared keymap.

use super::state::JoinState;
use crate::tui::keymap::Context;

/// The layers over the note-taker's screen, from the bottom up.
pub fn join_layers(state: &JoinState) -> Vec<Context> {
    let mut out = Vec::new();
    if state.vote.is_some() {
        out.push(super::vote::context(state));
    }
    if state.help {
        out.push(Context::Help);
    }
    if state.quit_ask {
        out.push(Context::QuitQuestion);
    }
    out
}

/// The layer with the keys on the note-taker's screen, if any is open.
pub fn join_top(state: &JoinState) -> Option<Context> {
    join_layers(state).last().copied()
}
