//! Emerging issues: the shifts they intersect with, then each issue (most critical first once
//! a rating round over them is revealed) with what it is, its signals (each with the numbers of
//! its references), potential impacts, questions and shifts; then the references, numbered in
//! the order they are first cited (the plan's own sources first).

use super::{Block, Branch, Item, KindWriteUp, Text, heading, plan_paragraph, tree};
use crate::export::View;
use crate::model::Exercise;
use crate::model::convergence::{RoundKind, RoundState, Tally};
use crate::model::exercise::EmergingIssues;
use crate::model::exercise::emerging_issues::{
    DESCRIPTION_FIELD, IMPACT_SLOT, ISSUE_SLOT, QUESTION_SLOT, SHIFT_SLOT, SIGNAL_SLOT,
    SOURCE_FIELD,
};

/// The parts of an issue, in the order written: (slot, heading).
const PARTS: [(&str, &str); 4] = [
    (SIGNAL_SLOT, "Signals"),
    (IMPACT_SLOT, "Potential impacts"),
    (QUESTION_SLOT, "Questions it raises"),
    (SHIFT_SLOT, "Shifts it intersects with"),
];

impl KindWriteUp for EmergingIssues {
    fn section(&self, view: &View, exercise: &Exercise, _n: usize) -> Vec<Block> {
        build(view, exercise, self)
    }

    fn plan(&self) -> Vec<Block> {
        let mut blocks = Vec::new();
        if !self.topic.is_empty() {
            blocks.push(plan_paragraph(Some("Topic"), &self.topic));
        }
        if !self.sources.is_empty() {
            blocks.push(Block::Numbered(
                self.sources.iter().map(|s| Text::Plan(s.clone())).collect(),
            ));
        }
        blocks
    }
}

/// The references cited so far, numbered from 1 in order; one text is one reference.
struct References(Vec<Text>);

impl References {
    /// The numbers of a source's references: one a line of it.
    fn cite(&mut self, source: &str, said: bool) -> Vec<usize> {
        source
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .map(
                |line| match self.0.iter().position(|t| t.as_str() == line) {
                    Some(i) => i + 1,
                    None => {
                        self.0.push(if said {
                            Text::Said(line.to_owned())
                        } else {
                            Text::Plan(line.to_owned())
                        });
                        self.0.len()
                    }
                },
            )
            .collect()
    }
}

/// The latest revealed rating round's results over this exercise's issues, best first.
fn ratings(view: &View, exercise: &Exercise) -> Vec<Tally> {
    let c = &view.session.convergence;
    c.rounds_of(&exercise.id)
        .filter(|r| r.state == RoundState::Revealed && r.kind == RoundKind::Rating)
        .filter(|r| r.slot.as_deref().is_none_or(|s| s == ISSUE_SLOT))
        .last()
        .map(|r| c.tally(&r.id))
        .unwrap_or_default()
}

fn build(view: &View, exercise: &Exercise, k: &EmergingIssues) -> Vec<Block> {
    let mut blocks = Vec::new();
    if !k.topic.is_empty() {
        blocks.push(Block::Paragraph {
            lead: Some("Topic".into()),
            text: Text::Plan(k.topic.clone()),
            quiet: false,
        });
    }
    let mut refs = References(Vec::new());
    for s in &k.sources {
        refs.cite(s, false);
    }
    let slots = [
        ISSUE_SLOT,
        SIGNAL_SLOT,
        IMPACT_SLOT,
        QUESTION_SLOT,
        SHIFT_SLOT,
    ];
    let all = tree(view, exercise, &slots);
    let (mut issues, loose): (Vec<Branch>, Vec<Branch>) =
        all.into_iter().partition(|b| b.slot == ISSUE_SLOT);
    let shifts: Vec<Item> = loose
        .iter()
        .filter(|b| b.slot == SHIFT_SLOT && b.note.is_none())
        .map(|b| b.item.clone())
        .collect();
    if !shifts.is_empty() {
        blocks.push(heading(
            3,
            Text::Plan("Shifts these issues intersect with".into()),
        ));
        blocks.push(Block::List(shifts));
    }
    let rated = ratings(view, exercise);
    // Issues in the order they were added, or the most critical first once rated.
    let rank = |b: &Branch| {
        rated
            .iter()
            .position(|t| t.item == b.id)
            .unwrap_or(usize::MAX)
    };
    issues.sort_by_key(|b| rank(b));
    for issue in &issues {
        let tally = rated.iter().find(|t| t.item == issue.id);
        blocks.push(Block::Group {
            class: "issue".into(),
            blocks: issue_blocks(issue, tally, &mut refs),
        });
    }
    let stray: Vec<&Branch> = loose
        .iter()
        .filter(|b| b.slot != SHIFT_SLOT || b.note.is_some())
        .collect();
    if !stray.is_empty() {
        blocks.push(heading(3, Text::Plan("Under no issue shown".into())));
        blocks.push(Block::Tree(stray.into_iter().cloned().collect()));
    }
    if !refs.0.is_empty() {
        blocks.push(heading(3, Text::Plan("References".into())));
        blocks.push(Block::Numbered(refs.0));
    }
    blocks
}

fn issue_blocks(issue: &Branch, tally: Option<&Tally>, refs: &mut References) -> Vec<Block> {
    let i = &issue.item;
    let mut title = i.clone();
    title.fields.clear();
    let mut blocks = vec![heading(3, Text::Said(i.text.clone()))];
    if !i.labels.is_empty() || i.starred {
        // Who raised it, starred: the title as a one-item list keeps its labels.
        blocks.push(Block::List(vec![title]));
    }
    if let Some(t) = tally {
        blocks.push(Block::Note(format!(
            "Rated impact {:.1}, uncertainty {:.1} ({} {}).",
            t.impact,
            t.uncertainty,
            t.count,
            if t.count == 1 { "rating" } else { "ratings" }
        )));
    }
    if let Some((_, what)) = i.fields.iter().find(|(k, _)| k == DESCRIPTION_FIELD) {
        blocks.push(Block::Paragraph {
            lead: None,
            text: Text::Said(what.clone()),
            quiet: false,
        });
    }
    if let Some(note) = &issue.note {
        blocks.push(Block::Note(format!("This issue {note}.")));
    }
    for (slot, name) in PARTS {
        let under: Vec<&Branch> = issue.children.iter().filter(|b| b.slot == slot).collect();
        if under.is_empty() {
            continue;
        }
        blocks.push(heading(4, Text::Plan(name.into())));
        let items: Vec<Branch> = under
            .into_iter()
            .map(|b| {
                let mut b = b.clone();
                if slot == SIGNAL_SLOT {
                    cite(&mut b, refs);
                }
                b
            })
            .collect();
        blocks.push(Block::Tree(items));
    }
    blocks
}

/// A signal's sources become the numbers of its references, shown before its words.
fn cite(b: &mut Branch, refs: &mut References) {
    let source = b
        .item
        .fields
        .iter()
        .position(|(k, _)| k == SOURCE_FIELD)
        .map(|at| b.item.fields.remove(at).1);
    if let Some(source) = source {
        let numbers = refs.cite(&source, true);
        if !numbers.is_empty() {
            let list: Vec<String> = numbers.iter().map(usize::to_string).collect();
            b.item.lead = Some(format!("[{}]", list.join(", ")));
        }
    }
}
