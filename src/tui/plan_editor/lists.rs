//! The plan editor's list actions: adding, removing, duplicating and moving exercises on the
//! agenda and items in a part's list (questions, items, rows, vote rounds...).

use serde_json::{Value, json};

use super::state::{Editor, KindPick, Pane};
use super::value::{self, Row, RowIs, Seg};
use crate::model::exercise::parts::Shape;

impl Editor {
    /// `a`: on the agenda, a new exercise after the chosen one (its kind picked first); in the
    /// form, a new item in the list the cursor is in.
    pub fn add(&mut self) {
        match self.pane {
            Pane::Agenda => {
                self.picker = Some(KindPick {
                    choice: 0,
                    replace: None,
                })
            }
            Pane::Form => {
                let Some(row) = self.current_row() else {
                    return;
                };
                match (&row.is, &row.record) {
                    (RowIs::List, _) => self.add_to(&row.path, &row),
                    (_, Some((list, _))) => {
                        let list = list.clone();
                        self.add_to(&list, &row)
                    }
                    _ => {
                        self.status =
                            Some("Choose a list (questions, items, vote rounds…) to add to.".into())
                    }
                }
            }
        }
    }

    /// Adds a new item at the end of the list at `list` (after the cursor's item when the
    /// cursor is in one).
    pub(super) fn add_to(&mut self, list: &[Seg], row: &Row) {
        let rows = self.rows();
        let Some(head) = rows.iter().find(|r| r.path == list && r.is == RowIs::List) else {
            return;
        };
        let siblings: Vec<Value> = value::get(&self.plan, list)
            .and_then(Value::as_array)
            .cloned()
            .unwrap_or_default();
        let new = match head.part.shape {
            Shape::TextList { .. } => json!(""),
            Shape::Records {
                parts, id_prefix, ..
            } => value::new_record(parts, id_prefix, &siblings),
            _ => return,
        };
        let at = match &row.record {
            Some((l, i)) if l == list => i + 1,
            _ => siblings.len(),
        };
        let list = list.to_vec();
        let before = self.plan.clone();
        let mut plan = self.plan.clone();
        let mut items = siblings;
        items.insert(at, new);
        value::set(&mut plan, &list, Value::Array(items));
        // Not pruned until something is typed in it: an empty new text would go at once.
        self.undo.push(before);
        self.plan = plan;
        self.after_change();
        // The cursor goes to the new item's first row.
        let target: Vec<Seg> = [list.clone(), vec![Seg::Index(at)]].concat();
        if let Some(r) = self.rows().iter().position(|r| r.path.starts_with(&target)) {
            self.row = r;
            if let Some(first) = self.rows().get(r).cloned()
                && matches!(first.is, RowIs::Item)
            {
                self.open_box(&first);
            }
        }
        self.status = Some("Added: Enter on each of its parts types it.".into());
    }

    /// `d`: removes the chosen exercise, or the item (or optional block) the cursor is in.
    pub fn remove(&mut self) {
        match self.pane {
            Pane::Agenda => {
                let Some(i) = self.exercise() else {
                    self.status =
                        Some("The plan itself cannot be removed; choose an exercise.".into());
                    return;
                };
                self.change(|p| {
                    value::remove(p, &[Seg::Key("agenda"), Seg::Index(i)]);
                });
                self.status = Some("Exercise removed (u takes it back).".into());
            }
            Pane::Form => {
                let Some(row) = self.current_row() else {
                    return;
                };
                if let Some((list, i)) = &row.record {
                    let path: Vec<Seg> = [list.clone(), vec![Seg::Index(*i)]].concat();
                    self.change(|p| {
                        value::remove(p, &path);
                    });
                    self.status = Some("Removed (u takes it back).".into());
                } else if matches!(row.is, RowIs::Group { present: true }) && row.part.optional {
                    self.change(|p| {
                        value::remove(p, &row.path);
                    });
                    self.status = Some("Removed (u takes it back).".into());
                } else {
                    self.status = Some(
                        "Only an item of a list, or an optional block, can be removed here.".into(),
                    );
                }
            }
        }
    }

    /// `c`: duplicates the chosen exercise (with its own id and a title saying it is a copy),
    /// or the item the cursor is in (with its own id, when it has one).
    pub fn duplicate(&mut self) {
        match self.pane {
            Pane::Agenda => {
                let Some(i) = self.exercise() else {
                    return;
                };
                let agenda = self.agenda().to_vec();
                let mut copy = agenda[i].clone();
                let id = copy
                    .get("id")
                    .and_then(Value::as_str)
                    .unwrap_or("exercise")
                    .to_owned();
                let id = value::unique(&id, |x| {
                    agenda
                        .iter()
                        .any(|e| e.get("id").and_then(Value::as_str) == Some(x))
                });
                let title = copy
                    .get("title")
                    .and_then(Value::as_str)
                    .unwrap_or("")
                    .to_owned();
                copy["id"] = json!(id);
                copy["title"] = json!(format!("{title} (copy)"));
                self.change(|p| {
                    if let Some(a) = p.get_mut("agenda").and_then(Value::as_array_mut) {
                        a.insert(i + 1, copy);
                    }
                });
                self.item = i + 2;
            }
            Pane::Form => {
                let Some(row) = self.current_row() else {
                    return;
                };
                let Some((list, i)) = row.record.clone() else {
                    self.status = Some("Choose an item of a list to duplicate.".into());
                    return;
                };
                let items: Vec<Value> = value::get(&self.plan, &list)
                    .and_then(Value::as_array)
                    .cloned()
                    .unwrap_or_default();
                let mut copy = items[i].clone();
                let prefix = self
                    .rows()
                    .iter()
                    .find(|r| r.path == list && r.is == RowIs::List)
                    .and_then(|r| match r.part.shape {
                        Shape::Records { id_prefix, .. } => Some(id_prefix),
                        _ => None,
                    })
                    .unwrap_or("");
                if copy.get("id").is_some() {
                    copy["id"] = json!(value::fresh_id(prefix, &items));
                }
                self.change(|p| {
                    if let Some(a) = value::get_mut(p, &list).and_then(Value::as_array_mut) {
                        a.insert(i + 1, copy);
                    }
                });
            }
        }
        self.status = Some("Duplicated.".into());
    }

    /// Moves the chosen exercise, or the item the cursor is in, up (-1) or down (1).
    pub fn move_by(&mut self, delta: isize) {
        let (list, i): (Vec<Seg>, usize) = match self.pane {
            Pane::Agenda => match self.exercise() {
                Some(i) => (vec![Seg::Key("agenda")], i),
                None => return,
            },
            Pane::Form => match self.current_row().and_then(|r| r.record) {
                Some(r) => r,
                None => {
                    self.status = Some("Choose an item of a list to move.".into());
                    return;
                }
            },
        };
        let len = value::get(&self.plan, &list)
            .and_then(Value::as_array)
            .map_or(0, Vec::len);
        let Some(j) = i.checked_add_signed(delta).filter(|j| *j < len) else {
            return;
        };
        let rows_before = self.rows();
        let offset = self.row.saturating_sub(
            rows_before
                .iter()
                .position(|r| r.record.as_ref() == Some(&(list.clone(), i)))
                .unwrap_or(self.row),
        );
        self.change(|p| {
            if let Some(a) = value::get_mut(p, &list).and_then(Value::as_array_mut) {
                a.swap(i, j);
            }
        });
        match self.pane {
            Pane::Agenda => self.item = j + 1,
            Pane::Form => {
                if let Some(r) = self
                    .rows()
                    .iter()
                    .position(|r| r.record.as_ref() == Some(&(list.clone(), j)))
                {
                    self.row = r + offset;
                }
            }
        }
    }
}
