//! Role clarity: the question, the criteria, and the room's grid of marks — only the activities
//! somebody marked (every activity with `include_empty`), each followed by the published
//! reference answers for it. Where entries in a cell differ, each is named by its group; a mark
//! is stated once ("Maybe – may encourage…", not "Maybe — Maybe – may encourage…").

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

/// The first cell of the row that holds an activity's reference answers.
pub const REFERENCE_ROW: &str = "Reference";

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
    let room = |a: &str, crit: &str| room_cell(view, &exercise.id, a, crit);
    let mut rows = Vec::new();
    let mut any_reference = false;
    for a in &k.activities {
        let cells: Vec<Cell> = k.criteria.iter().map(|c| room(&a.id, &c.id)).collect();
        if cells.iter().all(|c| c.0.is_empty()) && !view.options.include_empty {
            continue;
        }
        let mut row = vec![Cell::plan(&a.text)];
        row.extend(cells);
        rows.push(row);
        let reference: Vec<Cell> = k
            .criteria
            .iter()
            .map(|c| reference_cell(k, &a.id, &c.id))
            .collect();
        if reference.iter().any(|c| !c.0.is_empty()) {
            any_reference = true;
            let mut row = vec![Cell::plan(REFERENCE_ROW)];
            row.extend(reference);
            rows.push(row);
        }
    }
    if any_reference {
        let mut note = "Under each activity, the reference answers".to_owned();
        if !k.reference_source.is_empty() {
            note.push_str(&format!(" ({})", k.reference_source));
        }
        note.push('.');
        blocks.push(Block::Note(note));
    }
    let mut head = vec!["Activity".to_owned()];
    head.extend(k.criteria.iter().map(|c| format!("({})", c.id)));
    blocks.push(Block::Table(Table {
        class: "grid".into(),
        head,
        rows,
    }));
    blocks
}

/// What the room marked in one cell. Entries that say the same thing are shown once; where they
/// differ, each is named by its group (even without `--by-group`).
fn room_cell(view: &View, exercise: &str, activity: &str, criterion: &str) -> Cell {
    let said = view.slot(exercise, &cell_slot(activity, criterion));
    let mut entries: Vec<(Option<&str>, CellEntry)> = said
        .iter()
        .map(|c| {
            let (mark, text) = once(c.fields.get("mark").map(String::as_str), &c.text);
            (
                c.group.as_deref(),
                CellEntry {
                    labels: labels(view, c),
                    mark,
                    text: Text::Said(text),
                },
            )
        })
        .collect();
    if entries.windows(2).all(|w| w[0].1 == w[1].1) {
        entries.truncate(1);
    } else if !view.options.by_group {
        for (group, e) in &mut entries {
            if let Some(g) = group {
                e.labels.words.insert(0, (*g).to_owned());
            }
        }
    }
    Cell(entries.into_iter().map(|(_, e)| e).collect())
}

/// The reference answer for one cell, its mark stated once.
fn reference_cell(k: &RoleClarity, activity: &str, criterion: &str) -> Cell {
    match k.reference_for(activity, criterion) {
        Some(r) => {
            let (mark, text) = once(r.mark.as_deref(), &r.text);
            Cell(vec![CellEntry {
                labels: Labels::default(),
                mark,
                text: Text::Plan(text),
            }])
        }
        None => Cell::default(),
    }
}

/// A mark and its text, the mark said once: a text that is only the mark ("Yes") gives the mark
/// alone; a text that begins with it ("Yes, if…", "Maybe – may…") gives the text alone.
fn once(mark: Option<&str>, text: &str) -> (Option<String>, String) {
    let Some(mark) = mark.map(str::trim).filter(|m| !m.is_empty()) else {
        return (None, text.to_owned());
    };
    let t = text.trim();
    if t.eq_ignore_ascii_case(mark) {
        return (Some(mark.to_owned()), String::new());
    }
    let starts = t
        .get(..mark.len())
        .is_some_and(|head| head.eq_ignore_ascii_case(mark))
        && !t[mark.len()..]
            .chars()
            .next()
            .is_some_and(char::is_alphanumeric);
    if starts {
        (None, text.to_owned())
    } else {
        (Some(mark.to_owned()), text.to_owned())
    }
}

#[cfg(test)]
mod tests {
    use super::once;

    #[test]
    fn a_mark_is_said_once() {
        let s = |m: Option<&str>, t: &str| once(m, t);
        assert_eq!(s(Some("Yes"), "Yes"), (Some("Yes".into()), String::new()));
        assert_eq!(
            s(Some("Maybe"), " maybe "),
            (Some("Maybe".into()), String::new())
        );
        assert_eq!(
            s(Some("Maybe"), "Maybe – may encourage connection"),
            (None, "Maybe – may encourage connection".into())
        );
        assert_eq!(
            s(
                Some("Yes"),
                "Yes, if the peer worker has that lived experience"
            ),
            (
                None,
                "Yes, if the peer worker has that lived experience".into()
            )
        );
        assert_eq!(
            s(Some("No"), "Nothing to add"),
            (Some("No".into()), "Nothing to add".into())
        );
        assert_eq!(
            s(Some("Yes"), "if they have it"),
            (Some("Yes".into()), "if they have it".into())
        );
        assert_eq!(s(None, "a comment"), (None, "a comment".into()));
        assert_eq!(s(Some("??"), "??"), (Some("??".into()), String::new()));
    }
}
