//! The plan as the editor holds it: its JSON value, reached by paths, laid out as form rows from
//! the parts each kind declares ([`crate::model::exercise::parts`]), new parts made from those
//! declarations, and empty optional parts left out, as the plan reader writes them.

use serde_json::{Map, Value, json};

use crate::model::exercise::parts::{EXERCISE_PARTS, PLAN_PARTS, Part, Shape};
use crate::model::exercise::{Kind, OWN_FIELDS};

/// One step of a path into the plan.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Seg {
    Key(&'static str),
    Index(usize),
}

pub type Path = Vec<Seg>;

/// A path as the plan's checks write it: `agenda[1].questions[0].text`.
pub fn path_text(path: &[Seg]) -> String {
    let mut out = String::new();
    for seg in path {
        match seg {
            Seg::Key(k) => {
                if !out.is_empty() {
                    out.push('.');
                }
                out.push_str(k);
            }
            Seg::Index(i) => out.push_str(&format!("[{i}]")),
        }
    }
    out
}

pub fn get<'a>(value: &'a Value, path: &[Seg]) -> Option<&'a Value> {
    path.iter().try_fold(value, |v, seg| match seg {
        Seg::Key(k) => v.get(*k),
        Seg::Index(i) => v.get(*i),
    })
}

pub fn get_mut<'a>(value: &'a mut Value, path: &[Seg]) -> Option<&'a mut Value> {
    path.iter().try_fold(value, |v, seg| match seg {
        Seg::Key(k) => v.get_mut(*k),
        Seg::Index(i) => v.get_mut(*i),
    })
}

/// Sets the value at `path`, making the objects on the way. False when a list on the way is
/// too short or a step is not an object.
pub fn set(value: &mut Value, path: &[Seg], new: Value) -> bool {
    let Some((last, on_the_way)) = path.split_last() else {
        *value = new;
        return true;
    };
    let mut at = value;
    for seg in on_the_way {
        at = match seg {
            Seg::Key(k) => {
                let Some(obj) = at.as_object_mut() else {
                    return false;
                };
                obj.entry(*k).or_insert_with(|| Value::Object(Map::new()))
            }
            Seg::Index(i) => match at.get_mut(*i) {
                Some(v) => v,
                None => return false,
            },
        };
    }
    match last {
        Seg::Key(k) => match at.as_object_mut() {
            Some(obj) => {
                obj.insert((*k).to_owned(), new);
                true
            }
            None => false,
        },
        Seg::Index(i) => match at.get_mut(*i) {
            Some(v) => {
                *v = new;
                true
            }
            None => false,
        },
    }
}

/// Removes what is at `path`: a key from its object, or an item from its list.
pub fn remove(value: &mut Value, path: &[Seg]) -> Option<Value> {
    let (last, parent) = path.split_last()?;
    let parent = get_mut(value, parent)?;
    match last {
        Seg::Key(k) => parent.as_object_mut()?.remove(*k),
        Seg::Index(i) => {
            let list = parent.as_array_mut()?;
            (*i < list.len()).then(|| list.remove(*i))
        }
    }
}

/// The kind of the exercise at `agenda[i]`.
pub fn kind_of(plan: &Value, i: usize) -> Option<Kind> {
    plan.get("agenda")?
        .get(i)?
        .get("kind")?
        .as_str()
        .and_then(Kind::named)
}

/// What a form row is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RowIs {
    /// A part holding one value (text, a number, yes / no, a choice, a reference).
    Field,
    /// The head of a list (records or texts): Enter adds one.
    List,
    /// One text of a list of texts.
    Item,
    /// The head of a block of parts (present or not, for an optional one).
    Group { present: bool },
    /// The exercise's kind, chosen from a list.
    Kind,
}

/// One row of the form.
#[derive(Debug, Clone, PartialEq)]
pub struct Row {
    pub path: Path,
    /// What the row is called, with the records it sits in ("question 2 · text").
    pub label: String,
    pub depth: usize,
    pub part: Part,
    pub is: RowIs,
    /// The list and index of the innermost record or list item this row belongs to, if any:
    /// what removing, duplicating and moving act on.
    pub record: Option<(Path, usize)>,
}

/// The rows of the plan's own parts (`exercise: None`) or of the exercise at `agenda[i]`.
pub fn rows(plan: &Value, exercise: Option<usize>) -> Vec<Row> {
    let mut out = Vec::new();
    match exercise {
        None => parts_rows(plan, PLAN_PARTS, &[], 0, "", None, &mut out),
        Some(i) => {
            let base = vec![Seg::Key("agenda"), Seg::Index(i)];
            let own = |key: &'static str| EXERCISE_PARTS.iter().filter(move |p| p.key == key);
            let before: Vec<Part> = ["title", "id"]
                .iter()
                .flat_map(|k| own(k))
                .copied()
                .collect();
            parts_rows(plan, &before, &base, 0, "", None, &mut out);
            out.push(Row {
                path: [base.clone(), vec![Seg::Key("kind")]].concat(),
                label: "Kind".into(),
                depth: 0,
                part: Part::new(
                    "kind",
                    "Kind",
                    "what the room does in it; Enter chooses another (its own parts start again)",
                    Shape::Text,
                ),
                is: RowIs::Kind,
                record: None,
            });
            let middle: Vec<Part> = ["minutes", "instructions"]
                .iter()
                .flat_map(|k| own(k))
                .copied()
                .collect();
            parts_rows(plan, &middle, &base, 0, "", None, &mut out);
            if let Some(kind) = kind_of(plan, i) {
                parts_rows(plan, kind.parts(), &base, 0, "", None, &mut out);
            }
            let votes: Vec<Part> = own("votes").copied().collect();
            parts_rows(plan, &votes, &base, 0, "", None, &mut out);
        }
    }
    out
}

fn parts_rows(
    plan: &Value,
    parts: &[Part],
    base: &[Seg],
    depth: usize,
    prefix: &str,
    record: Option<&(Path, usize)>,
    out: &mut Vec<Row>,
) {
    for part in parts {
        let path: Path = [base, &[Seg::Key(part.key)]].concat();
        let label = if prefix.is_empty() {
            part.label.to_owned()
        } else {
            format!("{prefix} · {}", part.label)
        };
        let row = |is: RowIs, label: String| Row {
            path: path.clone(),
            label,
            depth,
            part: *part,
            is,
            record: record.cloned(),
        };
        match part.shape {
            Shape::TextList { item } => {
                out.push(row(RowIs::List, label.clone()));
                let n = get(plan, &path)
                    .and_then(Value::as_array)
                    .map_or(0, Vec::len);
                for j in 0..n {
                    out.push(Row {
                        path: [path.clone(), vec![Seg::Index(j)]].concat(),
                        label: format!("{item} {}", j + 1),
                        depth: depth + 1,
                        part: *part,
                        is: RowIs::Item,
                        record: Some((path.clone(), j)),
                    });
                }
            }
            Shape::Records {
                item, parts: inner, ..
            } => {
                out.push(row(RowIs::List, label.clone()));
                let n = get(plan, &path)
                    .and_then(Value::as_array)
                    .map_or(0, Vec::len);
                for j in 0..n {
                    let at: Path = [path.clone(), vec![Seg::Index(j)]].concat();
                    let rec = (path.clone(), j);
                    parts_rows(
                        plan,
                        inner,
                        &at,
                        depth + 1,
                        &format!("{item} {}", j + 1),
                        Some(&rec),
                        out,
                    );
                }
            }
            Shape::Group(inner) => {
                let present = get(plan, &path).is_some_and(Value::is_object);
                out.push(row(RowIs::Group { present }, label.clone()));
                if present || !part.optional {
                    let inner_prefix = if depth == 0 && prefix.is_empty() {
                        String::new()
                    } else {
                        label.clone()
                    };
                    parts_rows(plan, inner, &path, depth + 1, &inner_prefix, record, out);
                }
            }
            _ => out.push(row(RowIs::Field, label)),
        }
    }
}

/// A new value for `part`, as a new plan part starts (ids made unique among `siblings`).
pub fn new_value(part: &Part) -> Value {
    match part.shape {
        Shape::Text | Shape::LongText | Shape::Id | Shape::Earlier | Shape::Slot => json!(""),
        Shape::Minutes => json!(0),
        Shape::Number { new } => json!(new),
        Shape::YesNo => json!(false),
        Shape::Choice(choices) => json!(choices.first().copied().unwrap_or("")),
        Shape::TextList { .. } => json!([]),
        Shape::Records {
            id_prefix, parts, ..
        } => json!([new_record(parts, id_prefix, &[])]),
        Shape::Group(parts) => new_object(parts),
    }
}

/// A block with each of its required parts new.
pub fn new_object(parts: &[Part]) -> Value {
    let mut obj = Map::new();
    for p in parts.iter().filter(|p| !p.optional) {
        obj.insert(p.key.to_owned(), new_value(p));
    }
    Value::Object(obj)
}

/// A new record for a list holding `siblings`: its id, when it has one, is not theirs.
pub fn new_record(parts: &[Part], id_prefix: &str, siblings: &[Value]) -> Value {
    let mut obj = new_object(parts);
    if parts.iter().any(|p| p.key == "id") {
        obj["id"] = json!(fresh_id(id_prefix, siblings));
    }
    obj
}

/// `<prefix><n>` for the smallest n from the list's length + 1 no sibling has as its id.
pub fn fresh_id(prefix: &str, siblings: &[Value]) -> String {
    let taken = |id: &str| {
        siblings
            .iter()
            .any(|s| s.get("id").and_then(Value::as_str) == Some(id))
    };
    (siblings.len() + 1..)
        .map(|n| format!("{prefix}{n}"))
        .find(|id| !taken(id))
        .unwrap_or_default()
}

/// `base`, else `base-2`, `base-3`... whichever `taken` says is free.
pub fn unique(base: &str, taken: impl Fn(&str) -> bool) -> String {
    if !taken(base) {
        return base.to_owned();
    }
    (2..)
        .map(|n| format!("{base}-{n}"))
        .find(|id| !taken(id))
        .unwrap_or_default()
}

/// A new exercise of `kind`, its id not one of `agenda`'s.
pub fn new_exercise(kind: Kind, agenda: &[Value]) -> Value {
    let base = kind.name().replace('_', "-");
    let id = unique(&base, |id| {
        agenda
            .iter()
            .any(|e| e.get("id").and_then(Value::as_str) == Some(id))
    });
    let mut label = kind.label().to_owned();
    if let Some(first) = label.get(..1) {
        label = first.to_uppercase() + &label[1..];
    }
    let mut ex = json!({"id": id, "title": label, "minutes": 15, "kind": kind.name()});
    set_kind_parts(&mut ex, kind);
    ex
}

/// Gives `exercise` the parts of `kind`, new, in place of its old kind's: its own fields (id,
/// title, time box, instructions, vote rounds) are kept.
pub fn set_kind_parts(exercise: &mut Value, kind: Kind) {
    let Some(obj) = exercise.as_object_mut() else {
        return;
    };
    obj.retain(|k, _| OWN_FIELDS.contains(&k.as_str()));
    obj.insert("kind".into(), json!(kind.name()));
    if let Value::Object(parts) = new_object(kind.parts()) {
        obj.extend(parts);
    }
}

/// Leaves out the optional parts that are empty, as the plan reader writes them, everywhere in
/// the plan.
pub fn prune(plan: &mut Value) {
    prune_parts(plan, PLAN_PARTS);
    if let Some(agenda) = plan.get_mut("agenda").and_then(Value::as_array_mut) {
        for ex in agenda {
            prune_parts(ex, EXERCISE_PARTS);
            if let Some(kind) = ex.get("kind").and_then(Value::as_str).and_then(Kind::named) {
                prune_parts(ex, kind.parts());
            }
        }
    }
}

fn prune_parts(value: &mut Value, parts: &[Part]) {
    let Some(obj) = value.as_object_mut() else {
        return;
    };
    for part in parts {
        let Some(v) = obj.get_mut(part.key) else {
            continue;
        };
        match part.shape {
            Shape::Records { parts: inner, .. } => {
                if let Some(list) = v.as_array_mut() {
                    for r in list {
                        prune_parts(r, inner);
                    }
                }
            }
            Shape::Group(inner) => prune_parts(v, inner),
            _ => {}
        }
        let empty = match v {
            Value::Null => true,
            Value::String(s) => s.is_empty(),
            Value::Array(a) => a.is_empty(),
            Value::Object(o) => o.is_empty(),
            Value::Bool(b) => !*b,
            Value::Number(_) => false,
        };
        if part.optional && empty {
            obj.remove(part.key);
        }
    }
}

/// The ids of the exercises before `agenda[i]`.
pub fn earlier_ids(plan: &Value, i: usize) -> Vec<String> {
    plan.get("agenda")
        .and_then(Value::as_array)
        .map(|a| {
            a.iter()
                .take(i)
                .filter_map(|e| e.get("id").and_then(Value::as_str).map(str::to_owned))
                .collect()
        })
        .unwrap_or_default()
}

/// The ids of the slots of the exercise at `agenda[i]`, when it reads as one.
pub fn slot_ids(plan: &Value, i: usize) -> Vec<String> {
    plan.get("agenda")
        .and_then(|a| a.get(i))
        .and_then(|e| serde_json::from_value::<crate::model::Exercise>(e.clone()).ok())
        .map(|e| e.kind.model().slots().into_iter().map(|s| s.id).collect())
        .unwrap_or_default()
}
