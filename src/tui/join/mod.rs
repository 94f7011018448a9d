//! `hearth join`: one group's note-taker terminal. It follows the facilitator's exercise,
//! captures with the facilitator's keys, and puts every answer in the on-disk outbox first;
//! the link (`net::client`) sends it until the server has it.
//!
//! Same shape as the facilitator's app: [`update`] is pure (a [`JoinAction`] in, [`JoinEffect`]s
//! out), [`view`] draws a [`JoinState`], and [`app`] runs the event loop.

pub mod action;
pub mod app;
pub mod ballot;
pub mod drafts;
mod help;
pub mod layers;
mod parents;
pub mod plain;
pub mod state;
pub mod update;
pub mod view;
pub mod vote;

pub use action::{JoinAction, JoinEffect};
pub use ballot::{VoteOutcome, VotePanel};
pub use state::{Conn, JoinState, Mine, MineState};
pub use update::update;
pub use view::view;
