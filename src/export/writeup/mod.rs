//! The write-up of a session as a document: sections of headings, paragraphs, lists, tables and
//! figures, each holding verbatim text and knowing nothing of Markdown or HTML. The renderers only
//! walk it; Markdown and HTML take its sections one at a time as they are built (`streamed`),
//! so the whole write-up is never held beside the output.
//!
//! What the room said ([`Said`]) is kept apart from the plan's words ([`Plan`]) and from
//! hearth's own ([`Note`]): the plan's instructions and prompts appear only in the optional
//! "About this workshop" part.
//!
//! [`Said`]: Text::Said
//! [`Plan`]: Text::Plan
//! [`Note`]: Block::Note

mod backcasting;
mod causal_layered_analysis;
mod checklist;
mod convergence;
mod emerging_issues;
mod futures_triangle;
mod futures_wheel;
mod notes;
mod pathway_brainstorm;
mod prompt_round;
mod questions;
mod role_clarity;
mod scenario_building;
pub mod series;
mod value_conflict;

use super::View;
use super::graph::PathwayGraph;
use crate::model::exercise::{ExerciseKind, UNPLACED_SLOT};
use crate::model::words::Place;
use crate::model::{Contribution, Exercise, Session};

/// A whole write-up.
#[derive(Debug, Clone, PartialEq)]
pub struct WriteUp {
    pub title: String,
    /// "May 9, 2023 · PeerWorks Annual Conference · in person".
    pub facts: String,
    /// "Colene Allen & Calvin Prowse".
    pub facilitators: Option<String>,
    /// The session's introduction, verbatim (the facilitators' notes are not written up).
    pub introduction: String,
    /// The session's closing, verbatim: after the last section.
    pub closing: String,
    /// "About this workshop": the plan's instructions and prompts, only when asked for.
    pub about: Vec<Block>,
    pub sections: Vec<Section>,
    /// The date as `YYYY-MM-DD`, for front matter.
    pub date: Option<String>,
    /// The session's tags, for front matter.
    pub tags: Vec<String>,
    /// The session's summary, or else the plan's, for front matter.
    pub summary: String,
}

/// One exercise's part.
#[derive(Debug, Clone, PartialEq)]
pub struct Section {
    /// The exercise id (an anchor in HTML).
    pub id: String,
    /// Its place among the sections written up, when there is more than one.
    pub number: Option<usize>,
    pub title: String,
    pub blocks: Vec<Block>,
}

/// Words in the write-up, by whose they are.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Text {
    /// Typed by the room, verbatim.
    Said(String),
    /// From the workshop plan (a question, a criterion, a checklist item).
    Plan(String),
}

impl Text {
    pub fn as_str(&self) -> &str {
        match self {
            Text::Said(s) | Text::Plan(s) => s,
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub enum Block {
    /// A heading under the section's: level 3 (a question, a corner, a scenario) or 4.
    Heading {
        level: u8,
        text: Text,
    },
    /// A paragraph (paragraph breaks in the text are kept), optionally led by a bold label
    /// ("Topic", "Focal question").
    Paragraph {
        lead: Option<String>,
        text: Text,
        /// A follow-up question or an instruction, shown quieter.
        quiet: bool,
    },
    /// hearth's own words: a note about what follows.
    Note(String),
    /// The facilitators' narration, verbatim (paragraph breaks kept): opening or ending an
    /// exercise's part, as the session set it.
    Narration(String),
    /// Answers as a list.
    List(Vec<Item>),
    /// Resources as a list: a title and its link, both verbatim.
    Resources(Vec<Resource>),
    /// Short plan texts shown as tags (values in tension).
    Tags(Vec<String>),
    /// Items shown as a bold title followed by their elaboration (the Futures Triangle).
    Entries(Vec<Entry>),
    Table(Table),
    /// Answers under the answers they go under (a wheel's consequences), as nested lists.
    Tree(Vec<Branch>),
    /// A numbered list (references), numbered from 1 in order.
    Numbered(Vec<Text>),
    Figure(Box<Figure>),
    /// Blocks that belong together (a triangle corner, a scenario); `class` names the kind
    /// for HTML.
    Group {
        class: String,
        blocks: Vec<Block>,
    },
}

/// The words shown before an answer: its group, its author, "off the record".
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Labels {
    pub words: Vec<String>,
    pub hidden: bool,
}

impl Labels {
    pub fn is_empty(&self) -> bool {
        self.words.is_empty() && !self.hidden
    }

    /// All the words, "off the record" last.
    pub fn all(&self) -> Vec<&str> {
        let mut all: Vec<&str> = self.words.iter().map(String::as_str).collect();
        if self.hidden {
            all.push("off the record");
        }
        all
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Item {
    pub labels: Labels,
    /// Bold words before the text (a timeline year), verbatim.
    pub lead: Option<String>,
    pub text: String,
    pub starred: bool,
    /// Further typed values shown under the text: (field name, value).
    pub fields: Vec<(String, String)>,
}

/// An answer in a [`Block::Tree`], with the answers under it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Branch {
    /// The answer's id.
    pub id: String,
    /// The slot the answer is in (its ring, its part of an issue).
    pub slot: String,
    pub item: Item,
    /// hearth's words when answers it follows from were left out ("follows from an answer that
    /// was withdrawn"), never theirs.
    pub note: Option<String>,
    pub children: Vec<Branch>,
}

/// A resource: its title and its link as typed. Renderers link the title only where
/// [`crate::model::exercise::notes::is_web_link`] holds, and show any other link as text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Resource {
    pub labels: Labels,
    pub title: String,
    /// May be empty.
    pub link: String,
    pub starred: bool,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    pub labels: Labels,
    pub title: String,
    pub body: String,
    pub starred: bool,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Table {
    /// What kind of table, for HTML.
    pub class: String,
    pub head: Vec<String>,
    pub rows: Vec<Vec<Cell>>,
}

/// A table cell: its entries, one under another.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Cell(pub Vec<CellEntry>);

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CellEntry {
    pub labels: Labels,
    /// A Yes / No / Maybe mark, shown once.
    pub mark: Option<String>,
    pub text: Text,
}

impl Cell {
    pub fn plan(text: &str) -> Cell {
        Cell(vec![CellEntry {
            labels: Labels::default(),
            mark: None,
            text: Text::Plan(text.to_owned()),
        }])
    }
}

/// A figure: data the SVG module draws; the HTML embeds it and `--figures` writes it out.
#[derive(Debug, Clone, PartialEq)]
pub struct Figure {
    /// A file name stem, unique in the write-up ("2-futures-triangle").
    pub name: String,
    /// A heading shown above the figure, where it is shown.
    pub title: Option<String>,
    /// What the figure shows, for a reader who cannot see it.
    pub alt: String,
    pub caption: String,
    pub drawing: Drawing,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Drawing {
    Triangle {
        topic: String,
        /// Pull, push, weight.
        corners: [Corner; 3],
    },
    Matrix {
        x: Axis,
        y: Axis,
        placed: Vec<Placed>,
    },
    Pathways(PathwayGraph),
    /// Rated items at their mean uncertainty (x) and impact (y), 1 to 5.
    Scatter {
        points: Vec<Point>,
    },
    /// Causal Layered Analysis: the four layers as stacked bands, surface first, with a column
    /// each (per group, or today's and the reconstructed).
    Layers {
        issue: String,
        columns: Vec<String>,
        layers: Vec<Layer>,
    },
    /// A backcast: steps on a line from today to the horizon, earliest first, the preferred
    /// future at the horizon.
    Timeline {
        today: String,
        horizon: String,
        vision: String,
        steps: Vec<Step>,
    },
    /// A Futures Wheel: the change at the centre, each consequence on its order's ring with a
    /// line to the one it follows from.
    Wheel {
        centre: String,
        spokes: Vec<Spoke>,
    },
}

/// One band of a layered figure: its name and each column's texts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Layer {
    pub name: String,
    pub cells: Vec<Vec<String>>,
}

/// A step on a timeline: its year as typed, and its words.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Step {
    pub year: String,
    pub text: String,
}

/// A consequence on a wheel.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Spoke {
    pub text: String,
    /// 1 for a 1st-order consequence, 2, 3.
    pub ring: usize,
    /// The index in the wheel's spokes of the one it is drawn from; `None`: the centre.
    pub from: Option<usize>,
    /// Whether what it follows from was left out (withdrawn, off the record): drawn dashed.
    pub gap: bool,
}

/// A rated item in a scatter: its rank as its label, its words for the legend.
#[derive(Debug, Clone, PartialEq)]
pub struct Point {
    pub label: String,
    pub text: String,
    pub x: f64,
    pub y: f64,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Corner {
    pub name: String,
    pub prompt: String,
    pub items: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Axis {
    pub name: String,
    pub low: String,
    pub high: String,
}

/// A scenario placed in the matrix.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Placed {
    pub x_high: bool,
    pub y_high: bool,
    pub title: String,
    pub label: Option<String>,
}

/// What an exercise kind writes up. One impl per kind, in `writeup/<kind>.rs`.
pub(crate) trait KindWriteUp {
    /// The blocks of the kind's section, from what `view` may show; `n` is the exercise's place in
    /// the agenda (0-based), for figure names. Themes, votes and unplaced lines follow it.
    fn section(&self, view: &View, exercise: &Exercise, n: usize) -> Vec<Block>;

    /// The kind's plan texts for "About this workshop", after the instructions (the triangle's
    /// corner prompts, a conflict's worked rows); empty when it has none.
    fn plan(&self) -> Vec<Block>;
}

/// The write-up of an exercise's kind: the one dispatch over kinds in export.
pub(crate) fn write_up(kind: &ExerciseKind) -> &dyn KindWriteUp {
    match kind {
        ExerciseKind::PromptRound(k) => k,
        ExerciseKind::FuturesTriangle(k) => k,
        ExerciseKind::ScenarioBuilding(k) => k,
        ExerciseKind::PathwayBrainstorm(k) => k,
        ExerciseKind::ValueConflict(k) => k,
        ExerciseKind::RoleClarity(k) => k,
        ExerciseKind::Checklist(k) => k,
        ExerciseKind::Notes(k) => k,
        ExerciseKind::CausalLayeredAnalysis(k) => k,
        ExerciseKind::Backcasting(k) => k,
        ExerciseKind::EmergingIssues(k) => k,
        ExerciseKind::FuturesWheel(k) => k,
    }
}

/// Builds the write-up of what `view` may show. An exercise with nothing shown (no answer on
/// the record, no theme) is left out, and so is its part of "About this workshop", unless
/// [`Options::include_empty`](super::Options::include_empty); the sections left are numbered
/// in order.
pub(crate) fn build(view: &View) -> WriteUp {
    let (mut doc, sections) = streamed(view);
    doc.sections = sections.collect();
    doc
}

/// The write-up without its sections (`sections` is empty), and its sections, each built only
/// when the iterator comes to it: a renderer that writes each as it comes never holds the
/// whole write-up (at 100,000 answers, a copy of every answer's words).
pub(crate) fn streamed<'a>(view: &'a View<'a>) -> (WriteUp, impl Iterator<Item = Section> + 'a) {
    let s = view.session;
    let parts: Vec<(usize, std::borrow::Cow<'a, Exercise>)> = s
        .agenda()
        .enumerate()
        .filter(|(_, exercise)| {
            view.options.include_empty || has_answers(view, exercise) || narrated(s, exercise)
        })
        .collect();
    let about = if view.options.with_plan {
        parts.iter().flat_map(|(_, e)| plan(e)).collect()
    } else {
        Vec::new()
    };
    let several = parts.len() > 1;
    let sections = parts
        .into_iter()
        .enumerate()
        .map(move |(i, (n, exercise))| section(view, &exercise, n, several.then_some(i + 1)));
    let doc = WriteUp {
        title: s.title.clone(),
        facts: view.facts().join(" · "),
        facilitators: view.facilitators(),
        introduction: s.introduction.clone(),
        closing: s.narration.closing.clone(),
        about,
        sections: Vec::new(),
        date: s.date.map(|d| d.to_string()),
        tags: s.tags.clone(),
        summary: if s.summary.trim().is_empty() {
            s.scenario.summary.clone()
        } else {
            s.summary.clone()
        },
    };
    (doc, sections)
}

/// The part of `exercise` (the `n`th of the agenda), numbered `number` among those written up.
fn section(view: &View, exercise: &Exercise, n: usize, number: Option<usize>) -> Section {
    let s = view.session;
    let mut blocks = Vec::new();
    let before = s.narration.get(&Place::Before(exercise.id.clone()));
    if !before.trim().is_empty() {
        blocks.push(Block::Narration(before.to_owned()));
    }
    blocks.extend(write_up(&exercise.kind).section(view, exercise, n));
    blocks.extend(convergence::build(view, exercise, n));
    let unplaced = view.slot(&exercise.id, UNPLACED_SLOT);
    if !unplaced.is_empty() {
        blocks.push(heading(3, Text::Plan("Not yet placed".into())));
        blocks.push(Block::Note(
            "Imported lines that could not be matched to a question.".into(),
        ));
        blocks.push(list(view, unplaced));
    }
    let after = s.narration.get(&Place::After(exercise.id.clone()));
    if !after.trim().is_empty() {
        blocks.push(Block::Narration(after.to_owned()));
    }
    Section {
        id: exercise.id.clone(),
        number,
        title: exercise.title.clone(),
        blocks,
    }
}

/// Whether the session tells something before or after `exercise`.
fn narrated(s: &Session, exercise: &Exercise) -> bool {
    [
        Place::Before(exercise.id.clone()),
        Place::After(exercise.id.clone()),
    ]
    .iter()
    .any(|p| !s.narration.get(p).trim().is_empty())
}

/// Whether anything of `exercise` is shown: an answer on the record, a theme, or the seed the
/// room picked for it.
fn has_answers(view: &View, exercise: &Exercise) -> bool {
    view.shown.iter().any(|c| c.exercise == exercise.id)
        || view.session.convergence.seeds.contains_key(&exercise.id)
        || view
            .session
            .convergence
            .themes
            .iter()
            .any(|t| t.exercise == exercise.id)
}

/// An exercise's part of "About this workshop": its instructions and its kind's prompts.
fn plan(exercise: &Exercise) -> Vec<Block> {
    let mut blocks = vec![heading(3, Text::Plan(exercise.title.clone()))];
    if !exercise.instructions.is_empty() {
        blocks.push(plan_paragraph(None, &exercise.instructions));
    }
    blocks.extend(write_up(&exercise.kind).plan());
    if blocks.len() == 1 {
        Vec::new()
    } else {
        blocks
    }
}

// ---- helpers for the builders ----

pub(super) fn heading(level: u8, text: Text) -> Block {
    Block::Heading { level, text }
}

/// A plan text as a paragraph (nothing when empty).
pub(super) fn plan_paragraph(lead: Option<&str>, text: &str) -> Block {
    Block::Paragraph {
        lead: lead.map(str::to_owned),
        text: Text::Plan(text.to_owned()),
        quiet: lead.is_none(),
    }
}

pub(super) fn labels(view: &View, c: &Contribution) -> Labels {
    let mut words: Vec<String> = Vec::new();
    if view.options.by_group
        && let Some(g) = &c.group
    {
        words.push(g.clone());
    }
    if let Some(a) = view.author(c) {
        words.push(a.to_owned());
    }
    Labels {
        words,
        hidden: c.hidden,
    }
}

/// As [`labels`], without the group (inside a part that names it already).
pub(super) fn labels_in_group(view: &View, c: &Contribution) -> Labels {
    Labels {
        words: view.author(c).map(str::to_owned).into_iter().collect(),
        hidden: c.hidden,
    }
}

pub(super) fn item(view: &View, c: &Contribution) -> Item {
    Item {
        labels: labels(view, c),
        lead: None,
        text: c.text.clone(),
        starred: c.starred,
        fields: c
            .fields
            .iter()
            .filter(|(_, v)| !v.is_empty())
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect(),
    }
}

/// Answers as a list.
pub(super) fn list(view: &View, items: &[&Contribution]) -> Block {
    Block::List(items.iter().map(|c| item(view, c)).collect())
}

/// The answers of `slots` in `exercise` as a tree: each under the nearest answer it follows
/// from that this write-up shows, saying so when one between was left out.
pub(super) fn tree(view: &View, exercise: &Exercise, slots: &[&str]) -> Vec<Branch> {
    let shown: std::collections::HashSet<&str> = view.shown.iter().map(|c| c.id.as_str()).collect();
    let seen = |c: &Contribution| shown.contains(c.id.as_str());
    let answers: Vec<&Contribution> = view
        .shown
        .iter()
        .filter(|c| c.exercise == exercise.id && slots.contains(&c.slot.as_str()))
        .copied()
        .collect();
    fn branch(view: &View, node: &crate::model::tree::Node<'_>) -> Branch {
        Branch {
            id: node.answer.id.clone(),
            slot: node.answer.slot.clone(),
            item: item(view, node.answer),
            note: node.skipped.describe().map(str::to_owned),
            children: node.children.iter().map(|n| branch(view, n)).collect(),
        }
    }
    crate::model::tree::build(view.session, &answers, &seen)
        .iter()
        .map(|n| branch(view, n))
        .collect()
}
