//! hearth: facilitated group workshops in the terminal.
//!
//! Layers, each importing only those above it in this list:
//! - [`platform`]: what differs between operating systems (the signals that ask hearth to stop).
//! - [`model`]: pure data and rules (scenarios, exercises, sessions, contributions). No I/O.
//! - [`store`]: session files on disk: journal append + fsync, atomic snapshots, the writer lock.
//! - [`export`]: Markdown, HTML, CSV and JSON write-ups; import of plain notes; merging sessions.
//! - [`net`]: `hearth serve` (HTTP API, browser capture page) and the `hearth join` client.
//! - [`tui`]: the facilitator's terminal app (ratatui): state, a pure update, drawing, the event loop.
//! - `cli` (in the binary): wires the layers for the command line.

// Output goes through the functions that show control characters as symbols and take a closed
// pipe calmly, never print! or eprint!.
#![deny(clippy::print_stdout, clippy::print_stderr)]

pub mod export;
pub mod model;
pub mod net;
pub mod platform;
pub mod store;
pub mod tui;
