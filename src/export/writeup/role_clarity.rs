//! Role clarity: the question, the criteria, the room's grid of marks, and the published
//! reference answers (each mark shown once).

use super::{Block, Cell, CellEntry, KindWriteUp, Labels, Table, Text, heading, labels};
use crate::export::View;
use crate::model::Exercise;
use crate::model::exercise::role_clarity::{RoleClarity, cell_slot};

impl KindWriteUp for RoleClarity {
    fn section(&self, view: &View, exercise: &Exercise, _n: usize) -> Vec<Block> {
        build(view, exercise, self)
    }

    fn plan(&self) -> Vec<Block> {
        Vec::new()
    }
}

pub(super) fn build(view: &View, exercise: &Exercise, k: &RoleClarity) -> Vec<Block> {
    let mut blocks = Vec::new();
    if !k.question.is_empty() {
        blocks.push(Block::Paragraph {
            lead: None,
            text: Text::Plan(k.question.clone()),
            quiet: false,
        });
    }
    blocks.push(heading(4, Text::Plan("Criteria".into())));
    blocks.push(Block::Table(Table {
        class: "criteria".into(),
        head: vec!["".into(), "Criterion".into()],
        rows: k
            .criteria
            .iter()
            .map(|c| vec![Cell::plan(&format!("({})", c.id)), Cell::plan(&c.text)])
            .collect(),
    }));
    blocks.push(grid(k, |a, crit| {
        Cell(
            view.slot(&exercise.id, &cell_slot(a, crit))
                .iter()
                .map(|c| CellEntry {
                    labels: labels(view, c),
                    mark: c.fields.get("mark").filter(|m| !m.is_empty()).cloned(),
                    text: Text::Said(c.text.clone()),
                })
                .collect(),
        )
    }));
    if !k.reference.is_empty() {
        let mut title = "Reference answers".to_owned();
        if !k.reference_source.is_empty() {
            title.push_str(&format!(" ({})", k.reference_source));
        }
        blocks.push(heading(4, Text::Plan(title)));
        blocks.push(grid(k, |a, crit| match k.reference_for(a, crit) {
            Some(r) => {
                // A reference whose whole text is its mark ("Yes") shows the mark once.
                let same = r
                    .mark
                    .as_deref()
                    .is_some_and(|m| m.trim().eq_ignore_ascii_case(r.text.trim()));
                Cell(vec![CellEntry {
                    labels: Labels::default(),
                    mark: r.mark.clone(),
                    text: Text::Plan(if same { String::new() } else { r.text.clone() }),
                }])
            }
            None => Cell::default(),
        }));
    }
    blocks
}

fn grid(k: &RoleClarity, mut fill: impl FnMut(&str, &str) -> Cell) -> Block {
    let mut head = vec!["Activity".to_owned()];
    head.extend(k.criteria.iter().map(|c| format!("({})", c.id)));
    Block::Table(Table {
        class: "grid".into(),
        head,
        rows: k
            .activities
            .iter()
            .map(|a| {
                let mut row = vec![Cell::plan(&a.text)];
                row.extend(k.criteria.iter().map(|c| fill(&a.id, &c.id)));
                row
            })
            .collect(),
    })
}
