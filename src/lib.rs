//! hearth: facilitated group workshops in the terminal.
//!
//! Layers, each importing only those above it in this list:
//! - [`model`]: pure data and rules (scenarios, exercises, sessions, contributions). No I/O.
//! - [`store`]: session files on disk: journal append + fsync, atomic snapshots, the writer lock.
//! - `cli` (in the binary): wires the layers for the command line.

pub mod model;
pub mod store;
