//! The plan editor's keys and actions: the only place its state changes. Pure: saving is
//! returned as an effect, its outcome handed back with [`Editor::saved`].

use std::path::PathBuf;

use ratatui::crossterm::event::KeyEvent;
use serde_json::{Value, json};

use super::state::{Editor, KindPick, Origin, Pane};
use super::value::{self, Row, RowIs, Seg};
use crate::model::exercise::Kind;
use crate::model::exercise::parts::Shape;
use crate::tui::keymap::{Command, Context, Keymap};

/// What the editor asks of the world.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Effect {
    /// Write `bytes` to `path` atomically, then hand the outcome to [`Editor::saved`].
    Save { path: PathBuf, bytes: Vec<u8> },
    /// The editor is done.
    Quit,
}

impl Editor {
    /// A key, read with `keymap`.
    pub fn key(&mut self, key: KeyEvent, keymap: &Keymap) -> Vec<Effect> {
        if self.quit_ask {
            return match keymap.command(Context::QuitQuestion, &key) {
                Some(Command::Save) => {
                    self.quit_ask = false;
                    self.quit_after_save = true;
                    let effects = self.save();
                    if effects.is_empty() {
                        self.quit_after_save = false;
                    }
                    effects
                }
                Some(Command::Discard) => {
                    self.quit = true;
                    vec![Effect::Quit]
                }
                Some(Command::Back) => {
                    self.quit_ask = false;
                    Vec::new()
                }
                _ => Vec::new(),
            };
        }
        if self.help {
            // Any key closes the help.
            self.help = false;
            return Vec::new();
        }
        if self.picker.is_some() {
            match keymap.command(Context::KindPicker, &key) {
                Some(Command::Up) => self.pick_move(-1),
                Some(Command::Down) => self.pick_move(1),
                Some(Command::Confirm) => {
                    if let Some(p) = self.picker {
                        self.pick_kind(Kind::ALL[p.choice]);
                    }
                }
                Some(Command::Close) => self.picker = None,
                _ => {}
            }
            return Vec::new();
        }
        if self.field.is_some() {
            return self.field_key(key, keymap);
        }
        let Some(command) = keymap.command(Context::PlanEditor, &key) else {
            return Vec::new();
        };
        self.status = None;
        match command {
            Command::Up => self.choose(-1),
            Command::Down => self.choose(1),
            Command::Back => self.pane = Pane::Agenda,
            Command::SwitchList => {
                self.pane = match self.pane {
                    Pane::Agenda => Pane::Form,
                    Pane::Form => Pane::Agenda,
                }
            }
            Command::Open => match self.pane {
                Pane::Agenda => {
                    self.pane = Pane::Form;
                    self.row = 0;
                }
                Pane::Form => self.open_row(),
            },
            Command::AddPart => self.add(),
            Command::RemovePart => self.remove(),
            Command::Duplicate => self.duplicate(),
            Command::MoveUp => self.move_by(-1),
            Command::MoveDown => self.move_by(1),
            Command::Undo => self.undo_change(),
            Command::Preview => self.preview = !self.preview,
            Command::Save => return self.save(),
            Command::Help => self.help = true,
            Command::Quit => return self.request_quit(),
            _ => {}
        }
        Vec::new()
    }

    fn field_key(&mut self, key: KeyEvent, keymap: &Keymap) -> Vec<Effect> {
        let command = keymap.command(Context::PlanField, &key);
        let Some(field) = &mut self.field else {
            return Vec::new();
        };
        if command != Some(Command::Close) {
            field.discard_armed = false;
        }
        match command {
            Some(Command::Save) => self.commit_field(),
            Some(Command::NewLine) => {
                if field.shape == Shape::LongText {
                    let _ = field.text.insert("\n");
                }
            }
            Some(Command::Close) => self.cancel_field(),
            Some(Command::Quit) => return self.request_quit(),
            _ => {
                let multiline = field.shape == Shape::LongText;
                field.text.key(&key, keymap.edit(&key), multiline);
                field.error = None;
            }
        }
        Vec::new()
    }

    /// Text pasted: into the part being typed (line breaks kept only where a part may hold
    /// them).
    pub fn paste(&mut self, text: &str) {
        if let Some(f) = &mut self.field {
            let text = if f.shape == Shape::LongText {
                text.replace("\r\n", "\n")
            } else {
                text.replace(['\r', '\n'], " ")
            };
            if let Err(e) = f.text.insert(&text) {
                f.error = Some(format!(
                    "Not inserted: that would make {} bytes; a part holds at most {} bytes (1 MiB).",
                    e.would_be,
                    crate::model::text::MAX_FIELD_BYTES
                ));
            }
        }
    }

    /// Up or down the agenda or the form.
    pub fn choose(&mut self, delta: isize) {
        match self.pane {
            Pane::Agenda => {
                let last = self.agenda().len();
                self.item = self.item.saturating_add_signed(delta).min(last);
                self.row = 0;
            }
            Pane::Form => {
                let last = self.rows().len().saturating_sub(1);
                self.row = self.row.saturating_add_signed(delta).min(last);
            }
        }
    }

    /// The chosen row of the form, if the form has the keys.
    pub fn current_row(&self) -> Option<Row> {
        (self.pane == Pane::Form)
            .then(|| self.rows().into_iter().nth(self.row))
            .flatten()
    }

    /// Takes back the last change.
    pub fn undo_change(&mut self) {
        match self.undo.pop() {
            Some(before) => {
                self.plan = before;
                self.after_change();
                self.status = Some("Took back the last change.".into());
            }
            None => self.status = Some("Nothing to take back.".into()),
        }
    }

    /// Enter on a row: type in it, turn it over (yes / no, a choice, a reference), add to it
    /// (a list), add it (a block not there), or choose its kind.
    pub fn open_row(&mut self) {
        let Some(row) = self.current_row() else {
            return;
        };
        match row.is {
            RowIs::Kind => {
                let current = self
                    .exercise()
                    .and_then(|i| value::kind_of(&self.plan, i))
                    .and_then(|k| Kind::ALL.iter().position(|x| *x == k))
                    .unwrap_or(0);
                self.picker = Some(KindPick {
                    choice: current,
                    replace: self.exercise(),
                });
            }
            RowIs::List => self.add_to(&row.path, &row),
            RowIs::Group { present: false } => {
                let Shape::Group(parts) = row.part.shape else {
                    return;
                };
                let new = value::new_object(parts);
                self.change(|p| {
                    value::set(p, &row.path, new);
                });
                if value::get(&self.plan, &row.path).is_none() {
                    // All its parts are optional: it is there once one is typed.
                    self.status = Some("Type any of its parts below.".into());
                    self.show_optional_group(&row);
                }
            }
            RowIs::Group { present: true } => self.choose(1),
            RowIs::Item => self.open_box(&row),
            RowIs::Field => match row.part.shape {
                Shape::YesNo => {
                    let now =
                        value::get(&self.plan, &row.path).and_then(Value::as_bool) == Some(true);
                    self.change(|p| {
                        value::set(p, &row.path, json!(!now));
                    });
                }
                Shape::Choice(choices) => {
                    let mut all: Vec<String> = choices.iter().map(|c| (*c).to_owned()).collect();
                    if row.part.optional {
                        all.insert(0, String::new());
                    }
                    self.cycle(&row, &all);
                }
                Shape::Earlier => {
                    let i = self.exercise().unwrap_or(0);
                    let mut all = value::earlier_ids(&self.plan, i);
                    all.insert(0, String::new());
                    if all.len() == 1 {
                        self.status =
                            Some("No exercise comes before this one to take it from.".into());
                    }
                    self.cycle(&row, &all);
                }
                Shape::Slot => {
                    let i = self.exercise().unwrap_or(0);
                    let mut all = value::slot_ids(&self.plan, i);
                    all.insert(0, String::new());
                    self.cycle(&row, &all);
                }
                _ => self.open_box(&row),
            },
        }
    }

    /// A block whose parts are all optional has nothing to write until one is typed: its
    /// first part's box opens.
    fn show_optional_group(&mut self, row: &Row) {
        if let Shape::Group(parts) = row.part.shape
            && let Some(first) = parts.first()
        {
            let inner = Row {
                path: [row.path.clone(), vec![Seg::Key(first.key)]].concat(),
                label: format!("{} · {}", row.label, first.label),
                depth: row.depth + 1,
                part: *first,
                is: RowIs::Field,
                record: row.record.clone(),
            };
            self.open_box(&inner);
        }
    }

    /// The next of `all` (the empty one standing for none) at the row.
    fn cycle(&mut self, row: &Row, all: &[String]) {
        let now = value::get(&self.plan, &row.path)
            .and_then(Value::as_str)
            .unwrap_or("")
            .to_owned();
        let next = all
            .iter()
            .position(|c| *c == now)
            .map_or(0, |i| (i + 1) % all.len().max(1));
        let Some(new) = all.get(next).cloned() else {
            return;
        };
        self.change(|p| {
            value::set(p, &row.path, json!(new));
        });
    }

    /// Keeps the text typed in the plan, when it is what the part takes.
    pub fn commit_field(&mut self) {
        let Some(f) = &mut self.field else {
            return;
        };
        let typed = f.text.text().to_owned();
        let optional = value::rows(&self.plan, self.item.checked_sub(1))
            .iter()
            .find(|r| r.path == f.path)
            .is_none_or(|r| r.part.optional);
        let new = match f.shape {
            Shape::Minutes => match typed.trim() {
                "" => json!(0),
                t => match t.parse::<u32>() {
                    Ok(n) => json!(n),
                    Err(_) => {
                        f.error =
                            Some("time box: type a number of minutes, like 20 (0: untimed)".into());
                        return;
                    }
                },
            },
            Shape::Number { .. } => match typed.trim() {
                "" if optional => Value::Null,
                t => match t.parse::<u32>() {
                    Ok(n) => json!(n),
                    Err(_) => {
                        f.error = Some(format!(
                            "{}: type a whole number, like 3{}",
                            f.label,
                            if optional { " (or nothing)" } else { "" }
                        ));
                        return;
                    }
                },
            },
            Shape::Id => json!(typed.trim()),
            _ => json!(typed),
        };
        let path = f.path.clone();
        self.field = None;
        self.change(|p| {
            value::set(p, &path, new);
        });
    }

    /// Esc in a part's box: closes it when nothing changed; a change is asked about first (Esc
    /// again discards it).
    pub fn cancel_field(&mut self) {
        let Some(f) = &mut self.field else {
            return;
        };
        if f.text.text() == f.was || f.discard_armed {
            self.field = None;
            return;
        }
        f.discard_armed = true;
        self.status = Some("Esc again discards what you typed here; Enter keeps it.".into());
    }

    fn pick_move(&mut self, delta: isize) {
        if let Some(p) = &mut self.picker {
            p.choice = p
                .choice
                .saturating_add_signed(delta)
                .min(Kind::ALL.len() - 1);
        }
    }

    /// The kind picked: a new exercise of it after the chosen one, or the chosen exercise
    /// given its parts in place of its old kind's.
    pub fn pick_kind(&mut self, kind: Kind) {
        let Some(pick) = self.picker.take() else {
            return;
        };
        match pick.replace {
            Some(i) => {
                if value::kind_of(&self.plan, i) == Some(kind) {
                    return;
                }
                self.change(|p| {
                    if let Some(ex) = value::get_mut(p, &[Seg::Key("agenda"), Seg::Index(i)]) {
                        value::set_kind_parts(ex, kind);
                    }
                });
                self.status = Some(format!(
                    "Now a {}: its own parts start again (u takes it back).",
                    kind.label()
                ));
            }
            None => {
                let at = self.item.min(self.agenda().len());
                let new = value::new_exercise(kind, self.agenda());
                self.change(|p| {
                    if let Some(a) = p.get_mut("agenda").and_then(Value::as_array_mut) {
                        a.insert(at, new);
                    }
                });
                self.item = at + 1;
                self.pane = Pane::Form;
                self.row = 0;
                self.status = Some(format!(
                    "A {} added: Enter on a part types it; ✗ marks what still needs doing.",
                    kind.label()
                ));
            }
        }
    }

    /// Saving: the plan written as the plan reader writes it, once its checks pass.
    pub fn save(&mut self) -> Vec<Effect> {
        if self.field.is_some() {
            self.commit_field();
            if self.field.is_some() {
                return Vec::new();
            }
        }
        let Some(scenario) = self.scenario().filter(|_| self.problems.is_empty()) else {
            let n = self.problems.len();
            self.status = Some(format!(
                "Not saved: {n} thing{} to fix first (marked ✗).",
                if n == 1 { "" } else { "s" }
            ));
            return Vec::new();
        };
        let path = self.save_path();
        if super::state::compiled_in(&path).is_some() {
            self.status = Some("Not saved: that file is built into hearth.".into());
            return Vec::new();
        }
        let mut scenario = scenario;
        if self.target.is_none()
            && let Some(stem) = path.file_stem().and_then(|s| s.to_str())
            && stem != scenario.id
        {
            // A name of its own: the file's.
            scenario.id = stem.to_owned();
            self.plan["id"] = json!(stem);
        }
        let Ok(json) = serde_json::to_string_pretty(&scenario) else {
            return Vec::new();
        };
        self.saving = true;
        vec![Effect::Save {
            path,
            bytes: format!("{json}\n").into_bytes(),
        }]
    }

    /// How saving went.
    pub fn saved(&mut self, path: PathBuf, result: Result<(), String>) -> Vec<Effect> {
        self.saving = false;
        match result {
            Ok(()) => {
                self.saved = Some(self.plan.clone());
                self.status = Some(format!("Saved as {}.", path.display()));
                self.target = Some(path.clone());
                if matches!(self.origin, Origin::New | Origin::CopyOf(_)) {
                    self.origin = Origin::File(path);
                }
                if self.quit_after_save {
                    self.quit = true;
                    return vec![Effect::Quit];
                }
            }
            Err(e) => {
                self.quit_after_save = false;
                self.status = Some(format!("NOT SAVED — {e}. Your changes are still here."));
            }
        }
        Vec::new()
    }

    /// `q`: quits, asking first when there are changes not saved.
    pub fn request_quit(&mut self) -> Vec<Effect> {
        if self.dirty() {
            self.quit_ask = true;
            Vec::new()
        } else {
            self.quit = true;
            vec![Effect::Quit]
        }
    }
}
