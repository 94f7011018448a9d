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

/// The runtime a server runs on (`hearth serve`, and `hearth run` while sharing): one thread,
/// which looks at tasks woken from outside it — the writer thread answering a saved batch — at
/// every turn, not every 31st, so that a reply never waits behind a busy stream of socket work.
pub fn server_runtime() -> std::io::Result<tokio::runtime::Runtime> {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .global_queue_interval(1)
        .build()
}
