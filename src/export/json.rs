//! JSON: the session as hearth stores it (a `hearth-session/1` file, journal folded in), less
//! what the options leave out. With every option on it is byte for byte the snapshot hearth
//! would write.

use std::borrow::Cow;

use jiff::Timestamp;
use jiff::civil::Date;
use serde::Serialize;

use super::View;
use crate::model::sight;
use crate::model::words::{Narration, Wordings};
use crate::model::{Contribution, Mode, Scenario};

/// The fields of [`crate::model::Session`], in its order, borrowing from it. A test checks the
/// two serialize identically, so a field added to `Session` cannot go missing here unnoticed.
#[derive(Serialize)]
struct SessionOut<'a> {
    format: &'a str,
    id: &'a str,
    title: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    date: Option<Date>,
    mode: Mode,
    #[serde(skip_serializing_if = "<[String]>::is_empty")]
    facilitators: &'a [String],
    #[serde(skip_serializing_if = "str::is_empty")]
    event: &'a str,
    #[serde(skip_serializing_if = "str::is_empty")]
    notes: &'a str,
    #[serde(skip_serializing_if = "str::is_empty")]
    introduction: &'a str,
    attribution: bool,
    created: Timestamp,
    changes: u64,
    scenario: &'a Scenario,
    groups: &'a [String],
    #[serde(skip_serializing_if = "Narration::is_empty")]
    narration: &'a Narration,
    #[serde(skip_serializing_if = "Wordings::is_empty")]
    wording: &'a Wordings,
    contributions: Vec<Cow<'a, Contribution>>,
    /// How many answers were withdrawn: their tombstones are in `contributions`, holding no words.
    #[serde(skip_serializing_if = "is_zero")]
    withdrawn: usize,
}

fn is_zero(n: &usize) -> bool {
    *n == 0
}

pub(super) fn render(view: &View) -> Result<Vec<u8>, serde_json::Error> {
    let s = view.session;
    let o = view.options;
    // Tombstones go along (no words in them), so that merging this file with an older copy
    // keeps those answers withdrawn.
    let contributions = s
        .contributions()
        .iter()
        .filter(|c| c.is_withdrawn() || sight::may_see(s, o.viewer(), c))
        .map(|c| {
            let strip_author = c.author.is_some() && !o.with_authors;
            let strip_history =
                o.without_history && (!c.revisions.is_empty() || c.edited.is_some());
            if !strip_author && !strip_history {
                return Cow::Borrowed(c);
            }
            let mut c = c.clone();
            if strip_author {
                c.author = None;
            }
            if strip_history {
                c.revisions.clear();
                c.edited = None;
            }
            Cow::Owned(c)
        })
        .collect();
    let out = SessionOut {
        format: &s.format,
        id: &s.id,
        title: &s.title,
        date: s.date,
        mode: s.mode,
        facilitators: &s.facilitators,
        event: &s.event,
        notes: &s.notes,
        introduction: &s.introduction,
        attribution: s.attribution,
        created: s.created,
        changes: s.changes,
        scenario: &s.scenario,
        groups: &s.groups,
        narration: &s.narration,
        wording: &s.wording,
        contributions,
        withdrawn: s.withdrawn(),
    };
    let mut bytes = serde_json::to_vec_pretty(&out)?;
    bytes.push(b'\n');
    Ok(bytes)
}
