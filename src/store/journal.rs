//! The journal: one JSON line per change, appended and synced before a change is acknowledged.

use serde::{Deserialize, Serialize};

use super::rejected::RejectedLine;
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
        let mut line = Vec::new();
        write_line(&mut line, self.seq, &self.change);
        line
    }
}

/// A record as written, borrowing its change (the same JSON as [`Record`]'s).
#[derive(Serialize)]
struct RecordRef<'a> {
    seq: u64,
    change: &'a Change,
}

/// Appends the journal line of change number `seq` to `out`, without copying the change.
pub fn write_line(out: &mut Vec<u8>, seq: u64, change: &Change) {
    serde_json::to_writer(&mut *out, &RecordRef { seq, change })
        .expect("a journal record always serializes");
    out.push(b'\n');
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
    /// Complete lines that are not records: damage, left out and reported with their position.
    pub damaged: Vec<RejectedLine>,
    /// Lines read (complete ones, and a torn last one).
    pub lines: usize,
}

/// The two journal files of a session read as one: `<slug>.journal` and `<slug>.journal.next`
/// take turns (see [`crate::store::SessionStore::compact_if_due`]), so the one whose first
/// record is numbered lower comes first. The second's lines are numbered on from the first's.
/// A torn tail is the later file's (or the earlier's, when only it has one).
pub fn combine(a: JournalRead, b: JournalRead) -> JournalRead {
    let first_seq = |r: &JournalRead| r.records.first().map(|(_, r)| r.seq);
    let (first, second) = match (first_seq(&a), first_seq(&b)) {
        (Some(x), Some(y)) if y < x => (b, a),
        (None, Some(_)) => (b, a),
        _ => (a, b),
    };
    let offset = first.lines;
    let mut out = first;
    out.records.extend(
        second
            .records
            .into_iter()
            .map(|(line, record)| (line + offset, record)),
    );
    out.damaged.extend(second.damaged.into_iter().map(|mut d| {
        d.line += offset;
        d
    }));
    out.torn = second.torn.or(out.torn);
    out.lines += second.lines;
    out.intact_len = 0;
    out
}

/// Parses journal bytes. A last line without its newline is torn (kept apart, never replayed)
/// unless it holds a complete record; any other line that is not a record is damage, kept in
/// [`JournalRead::damaged`] with its position and never replayed.
pub fn read(bytes: &[u8]) -> JournalRead {
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
                out.damaged.push(RejectedLine {
                    line: line_no,
                    column: e.column().max(1),
                    seq: None,
                    why: format!(
                        "not a journal record ({})",
                        super::plain_words::strip_position(&e.to_string())
                    ),
                    text: String::from_utf8_lossy(line).into_owned(),
                });
                out.intact_len = next;
            }
        }
        start = next;
    }
    out.lines = line_no;
    out
}

fn memchr(needle: u8, haystack: &[u8]) -> Option<usize> {
    haystack.iter().position(|&b| b == needle)
}
