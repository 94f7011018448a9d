//! Live note-takers: `hearth serve` (an HTTP API and a browser capture page over one open
//! session) and the client side of `hearth join`.

pub mod admission;
pub mod api;
pub mod audience;
pub mod client;
pub mod code;
pub mod control;
pub mod devices;
pub mod feed;
pub mod guesses;
pub mod hub;
pub mod kinds;
pub mod limits;
pub mod local;
pub mod outbox;
pub mod page;
mod request;
pub mod server;
pub mod share;
