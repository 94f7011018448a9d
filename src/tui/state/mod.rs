//! The terminal app's state. Drawing reads it; only `update` changes it. The home screen's
//! part (its lists and the new-session form) is in `home.rs`; the run screen's entries and
//! parents are in `entries.rs` and `parents.rs`.

use std::collections::{BTreeMap, HashMap};
use std::path::PathBuf;
use std::time::{Duration, Instant};

use crate::model::exercise::{Slot, TextRule};
use crate::model::unsaved::UnsavedEntry;
use crate::model::{Change, Exercise, Session, Unsaved};
use crate::net::audience::{AudienceView, JoinView, Stage, TextSize, TimerView};
use crate::net::hub::DeviceInfo;

use super::converge::{AxesForm, SeedForm, ThemesPanel, VotePanel};
use super::textbox::TextBox;
use super::theme::Theme;

#[derive(Debug)]
pub struct State {
    pub screen: Screen,
    /// The time of the action being handled (set by the event loop; tests set it by hand).
    pub now: Instant,
    pub theme: Theme,
    pub help: bool,
    /// Rows the help is scrolled down by.
    pub help_scroll: u16,
    pub quit: bool,
    /// A short message in the status line ("saved ✓ …").
    pub status: Option<String>,
    /// A failure that must not be missed (a write that did not reach the disk).
    pub banner: Option<String>,
    /// Seed for random picks and draws; shown so a draw can be repeated.
    pub rng_state: u64,
    /// Quitting was asked for while the box held unsaved text: save, discard or go back.
    pub quit_ask: bool,
    /// Quit as soon as the pending save is on disk (chosen from the quit question).
    pub quit_after_save: bool,
    /// The terminal reports Shift-Enter apart from Enter (keyboard enhancement is on).
    pub shift_enter: bool,
    /// Which key runs which command: the handler, the key bar and the help read it.
    pub keymap: super::keymap::Keymap,
    /// The home screen asked for the plan editor: the event loop ends, the editor runs on the
    /// same terminal, then the home screen comes back.
    pub edit_plan: Option<EditPlan>,
}

/// What the plan editor is opened on, from the home screen.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum EditPlan {
    /// A new, empty plan.
    New,
    /// A plan listed on the home screen (a built-in one is edited as a copy).
    Plan(crate::store::plans::PlanSource),
}

#[derive(Debug)]
pub enum Screen {
    Home(Box<Home>),
    Run(Box<Run>),
}

/// Where the keyboard goes on the run screen.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Focus {
    /// Typing goes into the capture box.
    Capture,
    /// Arrow keys select contributions; letters act on the selection.
    Select,
}

/// What a pending write is for, so its result can be reported and undone.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Purpose {
    /// A new contribution from the capture box.
    Submit,
    /// An edit from the capture box.
    Edit,
    /// A hide, star, move or new group.
    Act,
    Undo,
    Redo,
}

/// Changes sent to the disk and not yet confirmed.
#[derive(Debug, Clone, PartialEq)]
pub struct Pending {
    pub changes: Vec<Change>,
    pub inverse: Vec<Change>,
    pub purpose: Purpose,
    pub description: String,
    /// The entry this save came from, as it was sent (a new answer's entry, or an edit).
    pub entry: Option<SavedEntry>,
}

/// The entry a save came from: its id (a new answer's, or the edited answer's) and its boxes'
/// texts as sent. Once the save is on disk, that entry is done with, unless it was typed in
/// since.
#[derive(Debug, Clone, PartialEq)]
pub struct SavedEntry {
    pub id: String,
    pub texts: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Timer {
    pub total: Duration,
    /// Time left when paused.
    pub left: Duration,
    /// When running, the moment it reaches zero.
    pub deadline: Option<Instant>,
    pub rang: bool,
}

impl Timer {
    pub fn new(minutes: u32) -> Timer {
        let total = Duration::from_secs(u64::from(minutes) * 60);
        Timer {
            total,
            left: total,
            deadline: None,
            rang: false,
        }
    }
    pub fn left_at(&self, now: Instant) -> Duration {
        match self.deadline {
            Some(d) => d.saturating_duration_since(now),
            None => self.left,
        }
    }
    pub fn running(&self) -> bool {
        self.deadline.is_some()
    }
}

/// Breakout groups drawn from a list of names.
#[derive(Debug, Default)]
pub struct Breakout {
    /// One name per line (typed or pasted).
    pub names: TextBox,
    pub groups: usize,
    pub seed: u64,
    pub result: Vec<Vec<String>>,
}

/// Sharing the session with note-takers (F6): what the facilitator sees of it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ShareView {
    /// The join address; empty while sharing is starting.
    pub url: String,
    pub code: String,
    /// The browser screen's read-only link.
    pub screen: String,
    /// Only this machine can connect (listening on 127.0.0.1).
    pub local_only: bool,
    /// The join address as a QR code, in text rows.
    pub qr: Vec<String>,
    pub devices: Vec<DeviceInfo>,
    /// The note-takers panel is open.
    pub panel: bool,
    /// The device selected in the panel.
    pub selected: usize,
    pub confirm: Option<Confirm>,
    /// The QR code fills the panel (for small windows).
    pub show_qr: bool,
    /// Asked to stop; waiting for answers in flight.
    pub stopping: bool,
}

/// A step that waits for `y`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Confirm {
    Revoke(String),
    Stop,
}

/// How long an answer from a note-taker is marked as new.
pub const ARRIVED_MARK: Duration = Duration::from_secs(30);

#[derive(Debug)]
pub struct Run {
    pub path: PathBuf,
    pub session: Session,
    pub exercise: usize,
    /// The selected slot of each exercise.
    pub slots: Vec<usize>,
    /// Index into `session.groups`; `None` when the session has no groups.
    pub group: Option<usize>,
    pub focus: Focus,
    /// The live entry: main text, then one box per field of the slot.
    pub capture: Vec<TextBox>,
    pub capture_field: usize,
    /// The id the live entry's answer will be saved under (an entry keeps it from its first
    /// keystroke, so a drafts file written while its save was on its way is known as saved).
    pub entry_id: String,
    /// Editing this contribution (the capture box holds its text).
    pub editing: Option<String>,
    /// Where to go back to when the edit ends.
    pub stash: Option<Stash>,
    /// Entries typed and not saved, each waiting in its own place (a slot of an exercise, or an
    /// answer being edited) while the box is elsewhere. Moving never drops or moves them.
    pub parked: BTreeMap<EntryPlace, Entry>,
    pub selected: Option<String>,
    pub spotlight: Option<String>,
    pub projection: bool,
    pub show_reference: bool,
    pub order_seed: Option<u64>,
    /// The current exercise's timer.
    pub timer: Timer,
    /// Every other exercise's timer, parked while it is not the current one (index: exercise).
    pub timers: Vec<Timer>,
    pub pending: Option<Pending>,
    pub undo: Vec<Vec<Change>>,
    pub redo: Vec<Vec<Change>>,
    pub breakout: Option<Breakout>,
    /// Typing a new group's name.
    pub new_group: Option<TextBox>,
    /// Editing the session's details.
    pub details: Option<crate::tui::details::DetailsForm>,
    /// The slots of each exercise of the plan.
    pub slot_lists: Vec<Vec<Slot>>,
    /// The agenda as the session runs it (its own wording, the room's axes), from
    /// [`Run::refresh_plan`].
    pub agenda: Vec<Exercise>,
    pub last_saved: Option<String>,
    /// How many saves from the box were confirmed this run (two in one second are two).
    pub saves: u64,
    /// Names for breakout groups, from `--participants` (shown, never saved).
    pub participants: Vec<String>,
    pub sharing: Option<ShareView>,
    /// Answers that arrived from note-takers, and when (marked on the boards for a while).
    pub arrived: HashMap<String, Instant>,
    /// Choosing the group to move the selected contribution to (`o`).
    pub group_picker: Option<GroupPicker>,
    /// The answer `W` asks to withdraw for good, awaiting y / n.
    pub withdraw_ask: Option<String>,
    /// An activity number being typed on a role-clarity mark ("1", "12"…).
    pub jump: String,
    /// The draft last handed to the drafts file, so it is rewritten only when it changes.
    pub draft_written: Option<Unsaved>,
    /// When the drafts file was last written.
    pub draft_at: Option<Instant>,
    /// The themes panel (`T`), open.
    pub themes: Option<ThemesPanel>,
    /// The vote panel (`v`), open.
    pub vote: Option<VotePanel>,
    /// Choosing a scenario matrix's axes (`A`).
    pub axes: Option<AxesForm>,
    /// Picking the answer that seeds the exercise (`L`).
    pub seed: Option<SeedForm>,
    /// The last saved change cannot be taken back with `u` (a theme made, a vote): what it was.
    pub irreversible: Option<String>,
    /// How large the audience's text is (F9): the projection's and the audience window's.
    pub text_size: TextSize,
    /// The join address and code are on the audience's screen (F2).
    pub show_join: bool,
    /// When the projection was turned on (its first frames say if the text is too small).
    pub projection_since: Option<Instant>,
    /// Audience windows (`hearth screen`) following this run.
    pub screens: usize,
    /// The answer chosen for the box's next answer to go under (`None`: the newest).
    pub parent: Option<String>,
    /// The board's answers and the agenda's counts, kept between frames while the session
    /// and what they are gathered for stay the same.
    pub memo: crate::tui::boards::Memo,
}

/// Where the text in the box will be saved (see [`Run::target`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Target {
    pub exercise: String,
    pub exercise_title: String,
    pub slot: String,
    /// The slot as the plan numbers and names it ("4. What has your career path…").
    pub slot_label: String,
    pub group: Option<String>,
    /// The focused field's name; `None` for the main text.
    pub field: Option<String>,
    /// What the focused part is called ("item", "elaboration", "mark").
    pub field_label: String,
    /// The slot has fields besides its main text.
    pub has_fields: bool,
    /// The answer being edited, when the box holds an edit.
    pub editing: Option<String>,
    /// The words of the answer it goes under, when its slot takes one.
    pub parent: Option<String>,
}

impl Target {
    /// The capture box's title: group, slot, focused part, exercise.
    pub fn title(&self) -> String {
        let who = self.group.as_deref().unwrap_or("no group");
        let edit = if self.editing.is_some() {
            "Editing — "
        } else {
            ""
        };
        let part = if self.has_fields {
            format!(" · {}", self.field_label)
        } else {
            String::new()
        };
        let under = self
            .parent
            .as_ref()
            .map_or_else(String::new, |p| format!(" under ‘{p}’"));
        format!(
            " ✎ {edit}{who} → {}{under}{part} — {} ",
            self.slot_label, self.exercise_title
        )
    }
}

/// Where the box was when an edit took it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Stash {
    pub exercise: usize,
    pub slot: usize,
}

pub use crate::tui::entry::{Entry, EntryPlace};
pub use home::{
    FORM_LABELS, Home, HomeFocus, NewSessionForm, ScenarioEntry, SeriesEntry, SessionEntry,
};

mod entries;
mod home;
mod parents;

/// Choosing a group for a contribution: every group, then "no group".
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GroupPicker {
    pub contribution: String,
    /// Index into the session's groups; `groups.len()` is "no group".
    pub choice: usize,
}

impl Run {
    pub fn new(path: PathBuf, session: Session) -> Run {
        let slots = vec![0; session.scenario.agenda.len()];
        let group = (!session.groups.is_empty()).then_some(0);
        let minutes = session.scenario.agenda.first().map_or(0, |e| e.minutes);
        let timers = session
            .scenario
            .agenda
            .iter()
            .map(|e| Timer::new(e.minutes))
            .collect();
        let mut run = Run {
            path,
            session,
            exercise: 0,
            slots,
            group,
            focus: Focus::Capture,
            capture: vec![TextBox::default()],
            capture_field: 0,
            entry_id: crate::model::contribution::new_id(),
            editing: None,
            stash: None,
            parked: BTreeMap::new(),
            selected: None,
            spotlight: None,
            projection: false,
            show_reference: false,
            order_seed: None,
            timer: Timer::new(minutes),
            timers,
            pending: None,
            undo: Vec::new(),
            redo: Vec::new(),
            withdraw_ask: None,
            breakout: None,
            new_group: None,
            details: None,
            slot_lists: Vec::new(),
            agenda: Vec::new(),
            last_saved: None,
            saves: 0,
            participants: Vec::new(),
            sharing: None,
            arrived: HashMap::new(),
            group_picker: None,
            jump: String::new(),
            draft_written: None,
            draft_at: None,
            themes: None,
            vote: None,
            axes: None,
            seed: None,
            irreversible: None,
            text_size: TextSize::default(),
            show_join: false,
            projection_since: None,
            screens: 0,
            parent: None,
            memo: crate::tui::boards::Memo::default(),
        };
        run.refresh_plan();
        run.reset_fields();
        run
    }

    /// The exercise on screen as the session runs it: its own wording, the room's axes.
    pub fn current_exercise(&self) -> &Exercise {
        self.agenda
            .get(self.exercise)
            .unwrap_or(&self.session.scenario.agenda[self.exercise])
    }

    /// Recomputes each exercise's slots as the session runs it (a scenario matrix's chosen axes
    /// are the poles its titles may take): on opening, and after axes are chosen.
    pub fn refresh_plan(&mut self) {
        self.agenda = self.session.agenda().map(|e| e.into_owned()).collect();
        self.slot_lists = self.agenda.iter().map(Exercise::slots).collect();
        // The agenda's counts are read through these lists: worked out again.
        self.memo.forget();
    }

    /// Whether a panel that takes the keys is open over the board (themes, vote, axes).
    pub fn converge_open(&self) -> bool {
        self.themes.is_some() || self.vote.is_some() || self.axes.is_some() || self.seed.is_some()
    }

    /// The text box of an open panel that is being typed in, if any.
    pub fn panel_box(&mut self) -> Option<&mut TextBox> {
        use super::converge::{AxesStep, ThemesStep};
        if let Some(ThemesPanel {
            step: ThemesStep::Name { name, .. },
            ..
        }) = &mut self.themes
        {
            return Some(name);
        }
        if let Some(AxesForm {
            step: AxesStep::Name { boxes, field },
            ..
        }) = &mut self.axes
        {
            return boxes.get_mut(*field);
        }
        None
    }

    /// The slots of the current exercise, as the session runs it.
    pub fn current_slots(&self) -> &[Slot] {
        self.slot_lists
            .get(self.exercise)
            .map_or(&[], Vec::as_slice)
    }

    pub fn slot_index(&self) -> usize {
        self.slots.get(self.exercise).copied().unwrap_or(0)
    }

    pub fn current_slot(&self) -> Slot {
        let slots = self.current_slots();
        let i = self.slot_index().min(slots.len().saturating_sub(1));
        // Every exercise has at least its `unplaced` slot.
        slots
            .get(i)
            .cloned()
            .unwrap_or_else(|| Slot::simple("unplaced", ""))
    }

    pub fn group_name(&self) -> Option<&str> {
        self.group
            .and_then(|i| self.session.groups.get(i))
            .map(String::as_str)
    }

    /// Whether the current exercise's answers are hidden until the reveal (session state).
    pub fn is_concealed(&self) -> bool {
        self.session.is_concealed(&self.current_exercise().id)
    }

    /// Fits the live entry to the current slot: its main text is kept, the field boxes are made
    /// anew (marks start empty: nothing is chosen for the group), the focus on the first field.
    pub fn reset_fields(&mut self) {
        let slot = self.current_slot();
        let main = self.capture.first().cloned().unwrap_or_default();
        let mut boxes = vec![main];
        boxes.extend(slot.fields.iter().map(|_| TextBox::default()));
        self.capture = boxes;
        self.capture_field = first_field(&slot);
    }

    /// Puts the focus on the entry's first field.
    pub fn focus_first_field(&mut self) {
        self.capture_field = first_field(&self.current_slot());
    }

    /// Where the text in the box will be saved, as the box's title states it: the exercise, the
    /// slot, the group and the focused field. A save goes exactly here.
    pub fn target(&self) -> Target {
        let slot = self.current_slot();
        let field = self
            .capture_field
            .checked_sub(1)
            .and_then(|i| slot.fields.get(i));
        Target {
            exercise: self.current_exercise().id.clone(),
            exercise_title: self.current_exercise().title.clone(),
            slot: slot.id.clone(),
            slot_label: slot.label.clone(),
            group: self.group_name().map(str::to_owned),
            field: field.map(|f| f.name.to_owned()),
            field_label: field.map_or(slot.text_label, |f| f.name).to_owned(),
            has_fields: !slot.fields.is_empty(),
            editing: self.editing.clone(),
            parent: self
                .editing
                .is_none()
                .then(|| self.current_parent())
                .flatten()
                .map(|c| crate::model::tree::parent_words(&c.text)),
        }
    }

    /// Makes exercise `next` the current one; each exercise keeps its own timer.
    pub fn park_timer_and_go(&mut self, next: usize) {
        if next >= self.session.scenario.agenda.len() {
            return;
        }
        if next != self.exercise {
            if let Some(parked) = self.timers.get_mut(self.exercise) {
                std::mem::swap(parked, &mut self.timer);
            }
            if let Some(parked) = self.timers.get_mut(next) {
                std::mem::swap(parked, &mut self.timer);
            }
        }
        self.exercise = next;
    }

    /// A timer of another exercise that is running: its exercise's index.
    pub fn other_running_timer(&self) -> Option<usize> {
        self.timers
            .iter()
            .enumerate()
            .find(|(i, t)| *i != self.exercise && t.running())
            .map(|(i, _)| i)
    }

    /// The facilitator's screen as far as the room is concerned.
    pub fn stage(&self, now: Instant) -> Stage {
        let t = &self.timer;
        let left = t.left_at(now);
        let timer = (!t.total.is_zero() || t.running()).then(|| TimerView {
            total_secs: t.total.as_secs(),
            left_secs: left.as_secs() + u64::from(left.subsec_nanos() > 0),
            running: t.running(),
            rang: t.rang,
        });
        let round = self.vote.as_ref().and_then(|v| match &v.step {
            super::converge::VoteStep::Round(entry) => Some(entry.round.clone()),
            super::converge::VoteStep::Setup { .. } => None,
        });
        let join = self
            .sharing
            .as_ref()
            .filter(|s| self.show_join && !s.url.is_empty())
            .map(|s| JoinView {
                url: s.url.clone(),
                code: s.code.clone(),
                qr: s.qr.clone(),
            });
        Stage {
            exercise: self.exercise,
            slot: self.slot_index(),
            spotlight: self.spotlight.clone(),
            timer,
            round,
            join,
            size: self.text_size,
        }
    }

    /// What the room may see now.
    pub fn audience(&self, now: Instant) -> AudienceView {
        AudienceView::build(&self.session, &self.stage(now))
    }

    /// Whether anything is typed in the capture box (main text or a free-text field).
    pub fn capture_has_text(&self) -> bool {
        let slot = self.current_slot();
        self.capture.first().is_some_and(|b| !b.is_blank())
            || slot
                .fields
                .iter()
                .zip(self.capture.iter().skip(1))
                .any(|(f, b)| f.choices.is_empty() && !b.is_blank())
    }
}

/// The field an entry starts in: the mark for cells and checklist items (their comment is
/// optional), the main text otherwise.
fn first_field(slot: &Slot) -> usize {
    if slot.text == TextRule::Optional && slot.fields.iter().any(|f| f.required) {
        1
    } else {
        0
    }
}

impl State {
    pub fn new(screen: Screen, theme: Theme, seed: u64) -> State {
        State {
            screen,
            now: Instant::now(),
            theme,
            help: false,
            help_scroll: 0,
            quit: false,
            status: None,
            banner: None,
            rng_state: seed | 1,
            quit_ask: false,
            quit_after_save: false,
            shift_enter: false,
            keymap: super::keymap::Keymap::default(),
            edit_plan: None,
        }
    }

    /// The next pseudo-random number (xorshift): deterministic from the seed, for tests.
    pub fn next_random(&mut self) -> u64 {
        let mut x = self.rng_state;
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        self.rng_state = x;
        x
    }

    /// Whether `key` can be pressed in this terminal (Shift-Enter only where it is reported
    /// apart from Enter).
    pub fn usable(&self, key: &super::keymap::Key) -> bool {
        self.shift_enter || !(key.shift && key.code == ratatui::crossterm::event::KeyCode::Enter)
    }

    pub fn run(&self) -> Option<&Run> {
        match &self.screen {
            Screen::Run(r) => Some(r),
            Screen::Home(_) => None,
        }
    }

    pub fn run_mut(&mut self) -> Option<&mut Run> {
        match &mut self.screen {
            Screen::Run(r) => Some(r),
            Screen::Home(_) => None,
        }
    }
}
