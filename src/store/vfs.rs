//! The file operations that decide durability, behind one small interface that tests replace
//! (SQLite's test VFS is the model): appending to the journal, syncing it, cutting it back, and
//! replacing the snapshot. A test's implementation can record the order of the calls, or make
//! any of them fail, stall, write short, or find the disk full.

use std::fs::File;
use std::io::{self, Write};
use std::path::Path;

use super::error::Result;

pub trait Vfs: Send + Sync + std::fmt::Debug {
    /// Appends `bytes` to the journal: all of them, or an error (a part may have reached the
    /// file; the store then cuts it back).
    fn append(&self, journal: &mut File, bytes: &[u8]) -> io::Result<()> {
        journal.write_all(bytes)
    }
    /// Makes what was appended durable (`fdatasync`).
    fn sync(&self, journal: &File) -> io::Result<()> {
        journal.sync_data()
    }
    /// Cuts the journal to `len` bytes (taking back a failed append, or after a compaction).
    fn truncate(&self, journal: &File, len: u64) -> io::Result<()> {
        journal.set_len(len)
    }
    /// Replaces the snapshot atomically and durably.
    fn replace(&self, snapshot: &Path, bytes: &[u8]) -> Result<()> {
        super::files::write_atomic(snapshot, bytes)
    }
}

/// The real file system: every operation as [`Vfs`] defines it. A test's file system overrides
/// only the operations it changes.
#[derive(Debug, Default, Clone, Copy)]
pub struct RealVfs;

impl Vfs for RealVfs {}
