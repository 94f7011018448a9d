//! The journal: one JSON line per change, appended and synced before a change is acknowledged.

use std::path::Path;

use serde::{Deserialize, Serialize};

use super::error::{Result, StoreError};
use crate::model::Change;

/// One journal line: the session's change count after this change, and the change.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Record {
    pub seq: u64,
    pub change: Change,
}

impl Record {
    /// The line as written: compact JSON and a newline.
    pub fn to_line(&self) -> Vec<u8> {
        let mut line = serde_json::to_vec(self).expect("a journal record always serializes");
        line.push(b'\n');
        line
    }
}

/// A journal read back: its complete records, and a torn last line if a write was cut short.
#[derive(Debug, Default)]
pub struct JournalRead {
    /// Each record with its 1-based line number.
    pub records: Vec<(usize, Record)>,
    /// Length in bytes of the intact part (every complete line).
    pub intact_len: usize,
    /// The bytes of an unterminated last line that is not a complete record.
    pub torn: Option<Vec<u8>>,
}

/// Parses journal bytes. A last line without its newline is torn (kept apart, never replayed)
/// unless it holds a complete record; any other bad line is damage, reported with its position.
pub fn read(path: &Path, bytes: &[u8]) -> Result<JournalRead> {
    let mut out = JournalRead::default();
    let mut start = 0;
    let mut line_no = 0;
    while start < bytes.len() {
        line_no += 1;
        let (line, terminated) = match memchr(b'\n', &bytes[start..]) {
            Some(i) => (&bytes[start..start + i], true),
            None => (&bytes[start..], false),
        };
        let next = start + line.len() + usize::from(terminated);
        if line.is_empty() {
            start = next;
            out.intact_len = next;
            continue;
        }
        match serde_json::from_slice::<Record>(line) {
            Ok(record) => {
                out.records.push((line_no, record));
                out.intact_len = next;
            }
            Err(_) if !terminated => {
                out.torn = Some(line.to_vec());
                break;
            }
            Err(e) => {
                return Err(StoreError::JournalDamaged {
                    path: path.to_owned(),
                    line: line_no,
                    column: e.column().max(1),
                    message: super::files::strip_position(&e.to_string()),
                });
            }
        }
        start = next;
    }
    Ok(out)
}

fn memchr(needle: u8, haystack: &[u8]) -> Option<usize> {
    haystack.iter().position(|&b| b == needle)
}
