//! Checklists: a table per section, each item with what the room marked (an item nobody
//! marked, and a section with none, left out unless `include_empty`).

use super::{Block, Cell, CellEntry, KindWriteUp, Table, Text, heading, labels};
use crate::export::View;
use crate::model::Exercise;
use crate::model::exercise::checklist::Checklist;

impl KindWriteUp for Checklist {
    fn section(&self, view: &View, exercise: &Exercise, _n: usize) -> Vec<Block> {
        build(view, exercise, self)
    }

    fn plan(&self) -> Vec<Block> {
        Vec::new()
    }
}

pub(super) fn build(view: &View, exercise: &Exercise, k: &Checklist) -> Vec<Block> {
    let mut blocks = Vec::new();
    let mut table: Option<Table> = None;
    let mut section: Option<&str> = None;
    for item in &k.items {
        let answers: Vec<CellEntry> = view
            .slot(&exercise.id, &item.id)
            .iter()
            .map(|c| CellEntry {
                labels: labels(view, c),
                mark: c.fields.get("checked").filter(|m| !m.is_empty()).cloned(),
                text: Text::Said(c.text.clone()),
            })
            .collect();
        if answers.is_empty() && !view.options.include_empty {
            continue;
        }
        if section != Some(item.section.as_str()) {
            blocks.extend(table.take().map(Block::Table));
            if !item.section.is_empty() {
                blocks.push(heading(3, Text::Plan(item.section.clone())));
            }
            table = Some(Table {
                class: "checklist".into(),
                head: vec!["Item".into(), "In place?".into()],
                rows: Vec::new(),
            });
            section = Some(&item.section);
        }
        if let Some(t) = table.as_mut() {
            t.rows.push(vec![Cell::plan(&item.text), Cell(answers)]);
        }
    }
    blocks.extend(table.map(Block::Table));
    blocks
}
