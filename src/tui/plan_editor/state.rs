//! What the plan editor knows: the plan as a JSON value (what will be written), where it came
//! from and goes, what is chosen, the part being typed in, and the plan's checks in plain words.
//! Opening and checking live here; the keys are in `update.rs`.

use std::path::{Path, PathBuf};

use serde_json::{Value, json};

use super::value::{self, Row, RowIs, Seg};
use crate::model::error::Problem;
use crate::model::exercise::parts::Shape;
use crate::model::scenario::SCENARIO_FORMAT;
use crate::model::{Exercise, Scenario};
use crate::store::plans::{BUILT_IN, PlanSource};
use crate::tui::textbox::TextBox;

/// Where the plan being edited comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Origin {
    /// A new plan.
    New,
    /// A copy of a plan compiled into hearth (by its name): saved under a name of its own.
    CopyOf(String),
    /// A plan of the user's, saved back to its file.
    File(PathBuf),
}

/// Which pane has the keys.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Pane {
    Agenda,
    Form,
}

/// A part's text being typed.
#[derive(Debug)]
pub struct FieldEdit {
    pub path: Vec<Seg>,
    pub label: String,
    pub help: &'static str,
    pub shape: crate::model::exercise::parts::Shape,
    pub text: TextBox,
    /// What it was when the box opened.
    pub was: String,
    /// What is wrong with the text typed (not a number...), in plain words.
    pub error: Option<String>,
    /// Esc was pressed once on a changed text: a second Esc discards it.
    pub discard_armed: bool,
}

/// Adding an exercise (after the chosen one) or changing the chosen exercise's kind.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct KindPick {
    pub choice: usize,
    /// Change the kind of the exercise at this index instead of adding one.
    pub replace: Option<usize>,
}

/// The whole editor.
#[derive(Debug)]
pub struct Editor {
    /// The plan as it will be written.
    pub plan: Value,
    /// The plan as last saved (or as opened from its file); `None` until a new plan or a copy
    /// is first saved.
    pub saved: Option<Value>,
    pub origin: Origin,
    /// The user's plans folder: where new plans and copies go.
    pub dir: PathBuf,
    /// The file saving writes, once known.
    pub target: Option<PathBuf>,
    /// 0: the plan's own parts; `i + 1`: the exercise `agenda[i]`.
    pub item: usize,
    pub pane: Pane,
    /// The chosen row of the form.
    pub row: usize,
    pub field: Option<FieldEdit>,
    pub picker: Option<KindPick>,
    pub quit_ask: bool,
    pub help: bool,
    /// Preview shown (beside the form when wide, in its place when not).
    pub preview: bool,
    /// What just happened, or what to do.
    pub status: Option<String>,
    /// What is wrong with the plan as it is, in plain words, by the path of the part.
    pub problems: Vec<Problem>,
    /// Earlier versions of the plan, for undo.
    pub undo: Vec<Value>,
    /// The editor asked to save and then quit.
    pub quit_after_save: bool,
    /// A save is on its way to the disk.
    pub saving: bool,
    pub quit: bool,
}

impl Editor {
    fn with(plan: Value, origin: Origin, dir: &Path) -> Editor {
        let saved = matches!(origin, Origin::File(_)).then(|| plan.clone());
        let target = match &origin {
            Origin::File(p) => Some(p.clone()),
            _ => None,
        };
        let mut e = Editor {
            plan,
            saved,
            origin,
            dir: dir.to_owned(),
            target,
            item: 0,
            pane: Pane::Agenda,
            row: 0,
            field: None,
            picker: None,
            quit_ask: false,
            help: false,
            preview: false,
            status: None,
            problems: Vec::new(),
            undo: Vec::new(),
            quit_after_save: false,
            saving: false,
            quit: false,
        };
        e.check();
        e
    }

    /// A new plan called `title`, with no exercise yet, to be saved in `dir`.
    pub fn new_plan(title: &str, dir: &Path) -> Editor {
        let mut id = crate::model::text::slugify(title);
        if id.is_empty() {
            id = "my-plan".into();
        }
        let plan = json!({
            "format": SCENARIO_FORMAT,
            "id": id,
            "title": title,
            "summary": "",
            "agenda": [],
        });
        let mut e = Editor::with(plan, Origin::New, dir);
        e.status = Some("A new plan: a adds its first exercise.".into());
        e
    }

    /// Opens `scenario`, read from `source`: a plan compiled into hearth (or a file that is
    /// one, in hearth's own checkout) is opened as a copy, with its own id and a title saying
    /// it is a copy, so saving never writes it nor hides it.
    pub fn open(scenario: &Scenario, source: &PlanSource, dir: &Path) -> Editor {
        let mut plan = serde_json::to_value(scenario).unwrap_or(Value::Null);
        if plan.get("format").is_none() {
            plan["format"] = json!(SCENARIO_FORMAT);
        }
        let origin = match source {
            PlanSource::BuiltIn(name) => Origin::CopyOf((*name).to_owned()),
            PlanSource::File(path) => match compiled_in(path) {
                Some(name) => Origin::CopyOf(name.to_owned()),
                None => Origin::File(path.clone()),
            },
        };
        if let Origin::CopyOf(_) = origin {
            plan["id"] = json!(format!("{}-copy", scenario.id));
            plan["title"] = json!(format!("{} (copy)", scenario.title));
        }
        let mut e = Editor::with(plan, origin.clone(), dir);
        e.status = Some(match origin {
            Origin::CopyOf(name) => format!(
                "“{name}” is built into hearth: this is a copy of your own, saved beside your plans."
            ),
            _ => "Editing your plan.".into(),
        });
        e
    }

    /// Whether the plan has changes not saved (a part still being typed counts).
    pub fn dirty(&self) -> bool {
        self.saved.as_ref() != Some(&self.plan)
            || self.field.as_ref().is_some_and(|f| f.text.text() != f.was)
    }

    /// The exercises of the plan.
    pub fn agenda(&self) -> &[Value] {
        self.plan
            .get("agenda")
            .and_then(Value::as_array)
            .map_or(&[], Vec::as_slice)
    }

    /// The chosen exercise's index in the agenda, if an exercise is chosen.
    pub fn exercise(&self) -> Option<usize> {
        self.item.checked_sub(1)
    }

    /// The rows of the chosen item's form.
    pub fn rows(&self) -> Vec<Row> {
        value::rows(&self.plan, self.exercise())
    }

    /// The plan read by the plan reader, when it reads.
    pub fn scenario(&self) -> Option<Scenario> {
        serde_json::from_value(self.plan.clone()).ok()
    }

    /// The chosen exercise read by the plan reader, when it reads.
    pub fn exercise_read(&self) -> Option<Exercise> {
        let i = self.exercise()?;
        serde_json::from_value(self.agenda().get(i)?.clone()).ok()
    }

    /// Checks the plan as the plan reader and `hearth validate` do: its problems, in plain words.
    pub fn check(&mut self) {
        let bytes = serde_json::to_vec(&self.plan).unwrap_or_default();
        self.problems = match crate::store::files::parse::<Scenario>(Path::new("plan"), &bytes) {
            Ok(s) => s.problems(""),
            Err(e) => vec![Problem::new("", e.to_string())],
        };
    }

    /// The problems at `path` exactly.
    pub fn problems_at(&self, path: &str) -> Vec<&Problem> {
        self.problems.iter().filter(|p| p.path == path).collect()
    }

    /// How many problems the item (0: the plan's own parts; `i + 1`: an exercise) has.
    pub fn problems_of(&self, item: usize) -> usize {
        match item.checked_sub(1) {
            None => self
                .problems
                .iter()
                .filter(|p| !p.path.starts_with("agenda["))
                .count(),
            Some(i) => {
                let at = format!("agenda[{i}]");
                self.problems
                    .iter()
                    .filter(|p| {
                        p.path == at
                            || p.path.starts_with(&format!("{at}."))
                            || p.path.starts_with(&format!("{at}["))
                    })
                    .count()
            }
        }
    }

    /// Changes the plan, keeping the version before for undo, and checks it again.
    pub fn change(&mut self, f: impl FnOnce(&mut Value)) {
        let before = self.plan.clone();
        f(&mut self.plan);
        value::prune(&mut self.plan);
        if self.plan != before {
            self.undo.push(before);
        }
        self.after_change();
    }

    pub(super) fn after_change(&mut self) {
        self.item = self.item.min(self.agenda().len());
        self.row = self.row.min(self.rows().len().saturating_sub(1));
        self.check();
    }

    /// Opens the box to type in the row's part, holding what it holds now.
    pub(super) fn open_box(&mut self, row: &Row) {
        let now = match value::get(&self.plan, &row.path) {
            Some(Value::String(s)) => s.clone(),
            Some(Value::Number(n)) => n.to_string(),
            _ => String::new(),
        };
        let mut text = crate::tui::textbox::TextBox::default();
        text.set(&now);
        let shape = match row.is {
            RowIs::Item => Shape::Text,
            _ => row.part.shape,
        };
        self.field = Some(FieldEdit {
            path: row.path.clone(),
            label: row.label.clone(),
            help: row.part.help,
            shape,
            text,
            was: now,
            error: None,
            discard_armed: false,
        });
    }

    /// The file saving writes: the plan's own, else a new one in the plans folder named by the
    /// plan's id (never a built-in plan's name nor a file already there).
    pub fn save_path(&self) -> PathBuf {
        if let Some(t) = &self.target {
            return t.clone();
        }
        let id = self
            .plan
            .get("id")
            .and_then(Value::as_str)
            .unwrap_or("my-plan");
        let id = value::unique(id, |id| {
            BUILT_IN.iter().any(|(n, _)| *n == id) || self.dir.join(format!("{id}.json")).exists()
        });
        self.dir.join(format!("{id}.json"))
    }
}

/// The built-in plan's name when `path` is one of the files compiled into hearth: a file named
/// as a built-in plan with its very text, or hearth's own checkout's `scenarios/` file.
pub fn compiled_in(path: &Path) -> Option<&'static str> {
    let stem = path.file_stem()?.to_str()?;
    let (name, text) = BUILT_IN.iter().find(|(n, _)| *n == stem)?;
    let same_text = std::fs::read(path).is_ok_and(|b| b == text.as_bytes());
    let checkout = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("scenarios")
        .join(format!("{stem}.json"));
    let same_file = match (path.canonicalize(), checkout.canonicalize()) {
        (Ok(a), Ok(b)) => a == b,
        _ => false,
    };
    (same_text || same_file).then_some(*name)
}
