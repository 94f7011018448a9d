//! Value conflicts: the situation, the values in tension, and the room's approaches as a table
//! of approach, benefits and risks. The plan's worked example is part of "About this workshop".

use super::{
    Block, Cell, CellEntry, KindWriteUp, Labels, Table, Text, heading, labels, plan_paragraph,
};
use crate::export::View;
use crate::model::Exercise;
use crate::model::exercise::value_conflict::{APPROACHES_SLOT, ValueConflict};

impl KindWriteUp for ValueConflict {
    fn section(&self, view: &View, exercise: &Exercise, _n: usize) -> Vec<Block> {
        build(view, exercise, self)
    }

    fn plan(&self) -> Vec<Block> {
        plan(self)
    }
}

const HEAD: [&str; 3] = ["Approach", "Benefits", "Risks"];

pub(super) fn build(view: &View, exercise: &Exercise, k: &ValueConflict) -> Vec<Block> {
    let mut blocks = Vec::new();
    if !k.situation.is_empty() {
        blocks.push(Block::Paragraph {
            lead: Some("Situation".into()),
            text: Text::Plan(k.situation.clone()),
            quiet: false,
        });
    }
    if !k.values.is_empty() {
        blocks.push(heading(4, Text::Plan("Values in tension".into())));
        blocks.push(Block::Tags(k.values.clone()));
    }
    let rows = view.slot(&exercise.id, APPROACHES_SLOT);
    if rows.is_empty() {
        return blocks;
    }
    let said = |text: &str| {
        Cell(vec![CellEntry {
            labels: Labels::default(),
            mark: None,
            text: Text::Said(text.to_owned()),
        }])
    };
    blocks.push(Block::Table(Table {
        class: "approaches".into(),
        head: HEAD.map(str::to_owned).to_vec(),
        rows: rows
            .iter()
            .map(|c| {
                let mut cells = vec![Cell(vec![CellEntry {
                    labels: labels(view, c),
                    mark: None,
                    text: Text::Said(c.text.clone()),
                }])];
                for name in ["benefits", "risks"] {
                    cells.push(said(c.fields.get(name).map_or("", String::as_str)));
                }
                cells
            })
            .collect(),
    }));
    blocks
}

/// The worked example, for "About this workshop".
pub(super) fn plan(k: &ValueConflict) -> Vec<Block> {
    if k.worked_rows.is_empty() {
        return Vec::new();
    }
    vec![
        plan_paragraph(None, "Worked example:"),
        Block::Table(Table {
            class: "approaches worked".into(),
            head: HEAD.map(str::to_owned).to_vec(),
            rows: k
                .worked_rows
                .iter()
                .map(|r| {
                    [&r.approach, &r.benefits, &r.risks]
                        .map(|t| Cell::plan(t))
                        .to_vec()
                })
                .collect(),
        }),
    ]
}
