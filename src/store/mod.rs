//! Session files on disk.
//!
//! A session is two files side by side: `<slug>.json`, a snapshot rewritten atomically now and
//! then, and `<slug>.journal`, an append-only log of every change since that snapshot. A change
//! is acknowledged only once its journal line is written and `sync_data` has returned. Opening
//! replays the journal over the snapshot. Whichever process holds the session folds the journal
//! into a new snapshot once the journal is long (see [`SessionStore::journal_is_long`]), never
//! merely because it closes, on a thread of its own while `<slug>.journal.next` takes the new
//! changes (see [`SessionStore::compact_if_due`]). One process writes a session at a time, holding an OS
//! lock on the journal; `<slug>.lock` names that holder for anyone who is refused.
//! A withdrawal is the one change after which the journal is folded in at once: earlier lines
//! hold the words it takes out.
//!
//! Every file written here is its owner's alone (0600 on Unix), in folders created 0700; see
//! [`crate::platform`].

pub mod drafts;
pub mod error;
pub mod files;
mod fold;
pub mod folders;
mod holder;
pub mod journal;
mod load;
pub mod locate;
mod outline;
mod outline_file;
pub mod paths;
pub(crate) mod plain_words;
pub mod plans;
mod rejected;
mod report;
pub mod series;
mod session_store;
mod shared;
pub mod vfs;
mod withdraw;

pub use error::{Result, StoreError};
pub use load::{FileKind, load_scenario, read_session, sniff_kind};
pub use outline::{Appending, OutlineWriter};
pub use paths::{SessionPaths, drafts_path, outline_path, rejected_path};
pub use rejected::{REJECTED_FORMAT, RejectedLine, rejected_count};
pub use report::{Gap, OpenReport, TornTail};
pub use series::{
    add_session, create_series, is_series_file, load_series, save_series, start_next_session,
};
pub use session_store::{COMPACT_MIN_BYTES, COMPACT_MIN_RECORDS, SessionStore, create_session};
pub use shared::{SessionRead, SharedSession};

/// What the name of the file beside a session listing the devices that joined it ends with:
/// `<slug>.devices.json` (see [`crate::net::devices`]). A side file, never a session.
pub const DEVICES_SUFFIX: &str = ".devices.json";

/// The limit on a session snapshot's size.
pub const MAX_SESSION_BYTES: u64 = 2 * 1024 * 1024 * 1024;
/// The limit on a journal's size (it is folded into the snapshot long before this).
pub const MAX_JOURNAL_BYTES: u64 = 2 * 1024 * 1024 * 1024;
/// The limit on a scenario file's size.
pub const MAX_SCENARIO_BYTES: u64 = 16 * 1024 * 1024;
