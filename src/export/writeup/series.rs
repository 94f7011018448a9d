//! A series' write-up: the series' title and description, then a part per session in order,
//! each that session's own write-up (built exactly as for the session alone, its headings one
//! level down). Markdown, HTML and text render it.

use super::{Block, WriteUp};
use crate::export::{Options, View};
use crate::model::Session;
use crate::model::series::Series;

/// A whole series write-up.
#[derive(Debug, Clone, PartialEq)]
pub struct SeriesWriteUp {
    pub title: String,
    /// Verbatim: what the post opens with.
    pub description: String,
    /// Each session's write-up, in the series' order, built as the session's own.
    pub parts: Vec<WriteUp>,
}

/// Builds the series write-up. As in a session's own write-up, an exercise with nothing to show
/// is left out of its session's part unless `options.include_empty` (a plan may hold every
/// week's exercise while each week runs one).
pub fn build(series: &Series, sessions: &[Session], options: &Options) -> SeriesWriteUp {
    let parts = sessions
        .iter()
        .map(|s| {
            let mut doc = super::build(&View::new(s, options));
            for sec in &mut doc.sections {
                demote(&mut sec.blocks);
            }
            demote(&mut doc.about);
            doc
        })
        .collect();
    SeriesWriteUp {
        title: series.title.clone(),
        description: series.description.clone(),
        parts,
    }
}

/// Headings one level down (a session's exercise is a level below the session).
fn demote(blocks: &mut [Block]) {
    for b in blocks {
        match b {
            Block::Heading { level, .. } => *level = (*level + 1).min(6),
            Block::Group { blocks, .. } => demote(blocks),
            _ => {}
        }
    }
}
