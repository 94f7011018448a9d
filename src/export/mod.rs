//! Session -> write-ups (Markdown, HTML page or fragment, plain text, figures), CSV and JSON;
//! import of note-takers' plain notes; merging sessions captured on different machines.
//!
//! A write-up is built as a [`WriteUp`] document from the session; the Markdown, HTML and text
//! renderers only walk it (Markdown and HTML one exercise's part at a time, each built when it is
//! written and dropped after). Every export shows what was typed exactly: each format escapes
//! what it must and nothing else. Off-the-record (hidden) contributions are left out unless
//! [`Options::include_hidden`]; authors are left out unless [`Options::with_authors`].

mod csv;
mod escape;
pub mod graph;
mod html;

/// Escapes text for HTML content and quoted attribute values (a NUL shows as `␀`).
pub use escape::html as escape_html;
pub mod import;
mod json;
mod markdown;
pub mod merge;
mod mermaid;
pub mod plan_outline;
mod png;
pub mod series;
mod svg;
mod text;
pub mod writeup;

pub use graph::Merge;
pub use markdown::MarkdownFigures;
pub use png::{SCALE as PNG_SCALE, png};
pub use series::export_series;
pub use writeup::WriteUp;
pub use writeup::series::SeriesWriteUp;

use std::collections::HashMap;
use std::path::Path;

use crate::model::sight::{self, Viewer};
use crate::model::{Contribution, Session};

/// What an export shows besides the on-the-record text.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Options {
    /// Include off-the-record contributions (marked as such in Markdown and HTML).
    pub include_hidden: bool,
    /// Include who said what, where the session recorded it.
    pub with_authors: bool,
    /// Label each answer with its group (Markdown and HTML; CSV and JSON always carry it).
    pub by_group: bool,
    /// JSON only: leave out earlier versions of edited contributions.
    pub without_history: bool,
    /// Write-ups: add "About this workshop", the plan's instructions and prompts.
    pub with_plan: bool,
    /// Write-ups: keep what nobody answered (a question with no answer, an exercise with
    /// nothing said, every activity of a role-clarity grid). Left out by default.
    pub include_empty: bool,
    /// How pathway figures join chains.
    pub pathways: Merge,
    /// HTML: the `<article>` alone, to paste into a page. Plain (no stylesheet: the host
    /// page's typography) unless [`Options::styled`]; with [`MarkdownFigures::dir`], its
    /// figures are `<img>` elements linking the PNG files there.
    pub fragment: bool,
    /// HTML fragment: keep hearth's own scoped stylesheet.
    pub styled: bool,
    /// Markdown: image links to figure files, and Mermaid.
    pub figures: MarkdownFigures,
    /// Markdown: open with YAML front matter (title, date, tags, summary).
    pub front_matter: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Markdown,
    Html,
    Text,
    Csv,
    Json,
}

impl Format {
    /// The names accepted by `--format`.
    pub const NAMES: [&'static str; 5] = ["md", "html", "txt", "csv", "json"];

    pub fn from_name(name: &str) -> Option<Format> {
        match name.to_ascii_lowercase().as_str() {
            "md" | "markdown" => Some(Format::Markdown),
            "html" | "htm" => Some(Format::Html),
            "txt" | "text" => Some(Format::Text),
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
        // Written into one buffer as they go, sized for the answers up front, so that the
        // output is never copied whole nor doubled while it grows; each exercise's part is
        // built when it is written and dropped after, so the whole write-up is never held.
        Format::Markdown => {
            let (doc, sections) = writeup::streamed(&view);
            let mut out = String::with_capacity(expected_size(session, 16));
            if options.front_matter {
                markdown::front_matter(&mut out, &doc);
            }
            markdown::render_parts(&mut out, &doc, sections, &options.figures);
            out.into_bytes()
        }
        Format::Html => {
            let (doc, sections) = writeup::streamed(&view);
            let capacity = expected_size(session, 72);
            if options.fragment {
                html::fragment(&doc, sections, &html_look(options), capacity)
            } else {
                html::page(&doc, sections, capacity)
            }
            .into_bytes()
        }
        Format::Text => text::render(&writeup::build(&view)).into_bytes(),
        Format::Csv => csv::render(&view)?,
        Format::Json => json::render(&view)?,
    })
}

/// About how many bytes a write-up of `session` takes: its answers' words and `per_answer` bytes
/// of markup around each (a first guess for the output buffer; it grows if short). Set from the
/// export bench's 100,000 answers (Markdown wrote 95 bytes an answer, HTML 148): a buffer too
/// large counts against the export's memory, one too small is doubled once.
fn expected_size(session: &Session, per_answer: usize) -> usize {
    session
        .contributions()
        .iter()
        .map(|c| c.text.len() + c.fields.values().map(String::len).sum::<usize>() + per_answer)
        .sum::<usize>()
        + 64 * 1024
}

/// How the HTML fragment is written, from the options.
fn html_look(options: &Options) -> html::Look {
    html::Look {
        styled: options.styled,
        images: options.figures.dir.clone(),
    }
}

/// The write-up of `session` as a document, for a renderer of one's own.
pub fn write_up(session: &Session, options: &Options) -> WriteUp {
    writeup::build(&View::new(session, options))
}

/// A figure drawn as an SVG file.
pub struct FigureFile {
    /// The file name stem (`2-futures-triangle`).
    pub name: String,
    pub svg: String,
}

/// The write-up's figures as SVG files (those too large to draw are left out).
pub fn figure_files(doc: &WriteUp) -> Vec<FigureFile> {
    use writeup::Block;
    fn walk<'a>(blocks: &'a [Block], out: &mut Vec<&'a writeup::Figure>) {
        for b in blocks {
            match b {
                Block::Figure(f) => out.push(f),
                Block::Group { blocks, .. } => walk(blocks, out),
                _ => {}
            }
        }
    }
    let mut figures = Vec::new();
    walk(&doc.about, &mut figures);
    for s in &doc.sections {
        walk(&s.blocks, &mut figures);
    }
    figures
        .into_iter()
        .filter_map(|f| {
            let svg = svg::draw(&f.drawing, &f.alt, 0)?;
            Some(FigureFile {
                name: f.name.clone(),
                svg: format!("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n{svg}\n"),
            })
        })
        .collect()
}

impl Options {
    /// Who an export with these options writes for: the record, or with `--include-hidden`
    /// the facilitators' own archive ([`sight::may_see`]).
    pub fn viewer(&self) -> Viewer<'static> {
        if self.include_hidden {
            Viewer::Archive
        } else {
            Viewer::Record
        }
    }
}

/// How many contributions an export with `options` leaves out because they are off the record.
pub fn hidden_left_out(session: &Session, options: &Options) -> usize {
    session
        .contributions()
        .iter()
        .filter(|c| {
            sight::may_see(session, Viewer::Archive, c)
                && !sight::may_see(session, options.viewer(), c)
        })
        .count()
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
            .filter(|c| sight::may_see(session, options.viewer(), c))
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
