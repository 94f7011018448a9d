//! Session -> Markdown, HTML, CSV and JSON for write-ups; import of note-takers' plain notes;
//! merging sessions captured on different machines.
//!
//! Every export shows what was typed exactly: each format escapes what it must and nothing
//! else. Off-the-record (hidden) contributions are left out unless [`Options::include_hidden`];
//! authors are left out unless [`Options::with_authors`].

mod csv;
pub mod graph;
mod html;

/// Escapes text for HTML content and quoted attribute values (a NUL shows as `␀`).
pub use html::esc as escape_html;
pub mod import;
mod json;
mod markdown;
pub mod merge;
mod mermaid;
mod svg;

use std::collections::HashMap;
use std::path::Path;

use crate::model::{Contribution, Session};

/// What an export shows besides the on-the-record text.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Options {
    /// Include off-the-record contributions (marked as such in Markdown and HTML).
    pub include_hidden: bool,
    /// Include who said what, where the session recorded it.
    pub with_authors: bool,
    /// Label each answer with its group (Markdown and HTML; CSV and JSON always carry it).
    pub by_group: bool,
    /// JSON only: leave out earlier versions of edited contributions.
    pub without_history: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Markdown,
    Html,
    Csv,
    Json,
}

impl Format {
    /// The names accepted by `--format`.
    pub const NAMES: [&'static str; 4] = ["md", "html", "csv", "json"];

    pub fn from_name(name: &str) -> Option<Format> {
        match name.to_ascii_lowercase().as_str() {
            "md" | "markdown" => Some(Format::Markdown),
            "html" | "htm" => Some(Format::Html),
            "csv" => Some(Format::Csv),
            "json" => Some(Format::Json),
            _ => None,
        }
    }

    /// The format a file name asks for, by its extension.
    pub fn from_path(path: &Path) -> Option<Format> {
        path.extension().and_then(|e| e.to_str()).and_then(|e| {
            match e.to_ascii_lowercase().as_str() {
                "markdown" => Some(Format::Markdown),
                other => Format::from_name(other),
            }
        })
    }
}

#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    #[error("cannot write CSV: {0}")]
    Csv(#[from] ::csv::Error),
    #[error("cannot write JSON: {0}")]
    Json(#[from] serde_json::Error),
}

/// Renders `session` in `format`.
pub fn export(
    session: &Session,
    format: Format,
    options: &Options,
) -> Result<Vec<u8>, ExportError> {
    let view = View::new(session, options);
    Ok(match format {
        Format::Markdown => markdown::render(&view).into_bytes(),
        Format::Html => html::render(&view).into_bytes(),
        Format::Csv => csv::render(&view)?,
        Format::Json => json::render(&view)?,
    })
}

/// How many contributions an export with `options` leaves out because they are off the record.
pub fn hidden_left_out(session: &Session, options: &Options) -> usize {
    if options.include_hidden {
        0
    } else {
        session.contributions().iter().filter(|c| c.hidden).count()
    }
}

/// One group's scenario, as its contributions to each part.
pub(crate) struct GroupScenario<'a> {
    pub group: Option<&'a str>,
    pub titles: Vec<&'a Contribution>,
    pub narratives: Vec<&'a Contribution>,
    pub timeline: Vec<&'a Contribution>,
    pub traits: Vec<&'a Contribution>,
}

/// A session as one export sees it: only the contributions it may show, indexed by slot.
pub(crate) struct View<'a> {
    pub session: &'a Session,
    pub options: &'a Options,
    /// Exportable contributions, in session order.
    pub shown: Vec<&'a Contribution>,
    by_slot: HashMap<&'a str, HashMap<&'a str, Vec<&'a Contribution>>>,
}

impl<'a> View<'a> {
    pub fn new(session: &'a Session, options: &'a Options) -> Self {
        let shown: Vec<&Contribution> = session
            .contributions()
            .iter()
            .filter(|c| options.include_hidden || !c.hidden)
            .collect();
        let mut by_slot: HashMap<&str, HashMap<&str, Vec<&Contribution>>> = HashMap::new();
        for c in &shown {
            by_slot
                .entry(c.exercise.as_str())
                .or_default()
                .entry(c.slot.as_str())
                .or_default()
                .push(c);
        }
        View {
            session,
            options,
            shown,
            by_slot,
        }
    }

    /// The exportable contributions to one slot, in the order they were added.
    pub fn slot(&self, exercise: &str, slot: &str) -> &[&'a Contribution] {
        self.by_slot
            .get(exercise)
            .and_then(|e| e.get(slot))
            .map_or(&[], Vec::as_slice)
    }

    pub fn author<'c>(&self, c: &'c Contribution) -> Option<&'c str> {
        if self.options.with_authors {
            c.author.as_deref()
        } else {
            None
        }
    }

    /// The words shown before an answer: its group (when labelled by group), its author (when
    /// asked for) and "off the record" (when hidden ones are included). Empty when none apply.
    pub fn label_parts<'c>(&self, c: &'c Contribution) -> Vec<&'c str> {
        let mut parts = Vec::new();
        if self.options.by_group
            && let Some(g) = &c.group
        {
            parts.push(g.as_str());
        }
        if let Some(a) = self.author(c) {
            parts.push(a);
        }
        if c.hidden {
            parts.push("off the record");
        }
        parts
    }

    /// Each group's scenario in a scenario-building exercise: its contributions to the title,
    /// narrative, timeline and characteristics slots. Groups with none are left out.
    pub fn group_scenarios(&self, exercise: &str) -> Vec<GroupScenario<'a>> {
        let parts = ["title", "narrative", "timeline", "characteristics"]
            .map(|slot| self.slot(exercise, slot));
        self.groups()
            .into_iter()
            .filter_map(|group| {
                let [titles, narratives, timeline, traits] = parts.map(|part| {
                    part.iter()
                        .copied()
                        .filter(|c| c.group.as_deref() == group)
                        .collect::<Vec<_>>()
                });
                let empty = titles.is_empty()
                    && narratives.is_empty()
                    && timeline.is_empty()
                    && traits.is_empty();
                (!empty).then_some(GroupScenario {
                    group,
                    titles,
                    narratives,
                    timeline,
                    traits,
                })
            })
            .collect()
    }

    /// Groups in session order, then `None` for contributions without a group.
    pub fn groups(&self) -> Vec<Option<&'a str>> {
        let mut groups: Vec<Option<&str>> = self
            .session
            .groups
            .iter()
            .map(|g| Some(g.as_str()))
            .collect();
        groups.push(None);
        groups
    }

    /// "May 9, 2023 · PeerWorks Annual Conference · in person".
    pub fn facts(&self) -> Vec<String> {
        let s = self.session;
        let mut facts = Vec::new();
        if let Some(d) = s.date {
            facts.push(d.strftime("%B %-d, %Y").to_string());
        }
        if !s.event.is_empty() {
            facts.push(s.event.clone());
        }
        facts.push(s.mode.label().to_owned());
        facts
    }

    /// "Colene Allen & Calvin Prowse", "A, B & C".
    pub fn facilitators(&self) -> Option<String> {
        let f = &self.session.facilitators;
        match f.len() {
            0 => None,
            1 => Some(f[0].clone()),
            n => Some(format!("{} & {}", f[..n - 1].join(", "), f[n - 1])),
        }
    }
}
