//! The note-taker screen's state. Drawing reads it; only `update` changes it.

use std::time::Instant;

use super::ballot::VotePanel;
use super::drafts::{JoinDraft, ParkedDraft, boxes_of};
use crate::model::contribution::Fields;
use crate::net::api::{
    Answer, BallotRequest, ContributionRequest, ExerciseInfo, ParentChoice, RoundInfo, SlotInfo,
};
use crate::net::outbox::Entry as OutboxEntry;
use crate::tui::entry::{Entry, EntryPlace, Parked, park_at};
use crate::tui::keymap::Keymap;
use crate::tui::state::Focus;
use crate::tui::textbox::TextBox;
use crate::tui::theme::Theme;

/// How things stand with the server.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Conn {
    Connecting,
    Connected,
    /// Not reachable; the next try is at `at`.
    Reconnecting {
        at: Instant,
        reason: String,
    },
    /// Nothing more is sent this run (revoked, or the code is no longer accepted).
    SignedOut(String),
}

/// Where an answer of this terminal is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MineState {
    /// In the outbox on this machine, not yet acknowledged.
    Queued,
    /// The server has it (the time it said so, HH:MM:SS).
    Saved(String),
    /// Refused for good, with the server's reason; still in the outbox.
    Failed(String),
}

/// An answer typed on this terminal, as far as this run knows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mine {
    pub request: ContributionRequest,
    pub state: MineState,
}

/// An answer as the screen lists it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Shown<'a> {
    pub id: &'a str,
    pub text: &'a str,
    pub fields: &'a Fields,
    /// Set when it was typed on this terminal.
    pub mine: Option<&'a MineState>,
    /// A refused answer for a question not open here (its exercise unknown to this run, or the
    /// question gone from it), shown here so it can be chosen and corrected into this slot.
    pub homeless: bool,
}

#[derive(Debug)]
pub struct JoinState {
    /// The time of the action being handled (set by the event loop; tests set it by hand).
    pub now: Instant,
    pub theme: Theme,
    /// The join address, for people.
    pub server: String,
    /// The group this terminal records for.
    pub group: String,
    pub title: Option<String>,
    /// The exercise the facilitator is on.
    pub exercise: Option<ExerciseInfo>,
    /// The exercise the capture box writes to: the facilitator's, except while the box holds
    /// text typed before the facilitator moved on.
    pub target: Option<ExerciseInfo>,
    /// Index into `target`'s slots.
    pub slot: usize,
    /// The group's answers as the server last told them.
    pub answers: Vec<Answer>,
    /// Answers typed here: waiting, saved this run, or refused.
    pub mine: Vec<Mine>,
    /// The live entry: main text, then one box per field of the slot.
    pub capture: Vec<TextBox>,
    pub capture_field: usize,
    /// The id the live entry's answer will be sent under (kept from its first keystroke, so a
    /// draft of an answer already in the outbox is known as sent).
    pub entry_id: String,
    /// Entries typed and not sent, each waiting in its slot while the box is elsewhere.
    pub parked: Parked,
    /// Every exercise this run was told of, the facilitator's and those the box wrote to.
    pub known: Vec<ExerciseInfo>,
    /// The keys, as the facilitator's screen has them (the same keys file).
    pub keymap: Keymap,
    /// Correcting this refused answer: the corrected one replaces it. The box's entry is then
    /// that answer's own (its place `EntryPlace::Edit`), kept there when the box moves away.
    pub fixing: Option<String>,
    /// Handed to the outbox, not yet on disk.
    pub queueing: Option<ContributionRequest>,
    /// The refused answer the one `queueing` corrects.
    pub queueing_fix: Option<String>,
    /// The boxes' texts of the entry `queueing` came from, as sent: once it is on disk that
    /// entry is done with, unless it was typed in since.
    pub queueing_texts: Vec<String>,
    /// An answer the outbox could not take; sending the same again reuses its id.
    pub unqueued: Option<ContributionRequest>,
    /// The id of the answer last sent from the box, for the status line.
    pub last: Option<String>,
    pub focus: Focus,
    /// The answer selected (after Esc).
    pub selected: Option<String>,
    pub conn: Conn,
    /// A short message for the status line.
    pub status: Option<String>,
    /// Something that must not be missed.
    pub banner: Option<String>,
    pub help: bool,
    pub help_scroll: u16,
    pub quit: bool,
    /// Quitting was asked for with unsent text in the box: send, discard or go back.
    pub quit_ask: bool,
    /// Quit as soon as the answer being queued is on disk (chosen from the quit question).
    pub quit_after_save: bool,
    /// The terminal reports Shift-Enter apart from Enter.
    pub shift_enter: bool,
    /// The draft last handed to the drafts file, and when.
    pub draft_written: Option<JoinDraft>,
    pub draft_at: Option<Instant>,
    /// The vote and rating rounds of the facilitator's exercise, as the server last told them.
    pub rounds: Vec<RoundInfo>,
    /// The exercise `rounds` are of; `None` from an agenda change until the next session reply.
    pub rounds_of: Option<String>,
    /// The vote panel (F4), drawn over the capture box.
    pub vote: Option<VotePanel>,
    /// A ballot sent to the server and not answered yet.
    pub casting: Option<BallotRequest>,
    /// The answers of the facilitator's exercise an answer can go under, every group's this
    /// terminal may see, as the server last told them (and this group's since).
    pub parents: Vec<ParentChoice>,
    /// The one chosen for the box's next answer (`None`: the newest).
    pub parent: Option<String>,
}

impl JoinState {
    pub fn new(server: String, group: String, theme: Theme) -> JoinState {
        JoinState {
            now: Instant::now(),
            theme,
            server,
            group,
            title: None,
            exercise: None,
            target: None,
            slot: 0,
            answers: Vec::new(),
            mine: Vec::new(),
            capture: vec![TextBox::default()],
            capture_field: 0,
            entry_id: crate::model::contribution::new_id(),
            parked: Parked::new(),
            known: Vec::new(),
            keymap: Keymap::default(),
            fixing: None,
            queueing: None,
            queueing_fix: None,
            queueing_texts: Vec::new(),
            unqueued: None,
            last: None,
            focus: Focus::Capture,
            selected: None,
            conn: Conn::Connecting,
            status: None,
            banner: None,
            help: false,
            help_scroll: 0,
            quit: false,
            quit_ask: false,
            quit_after_save: false,
            shift_enter: false,
            draft_written: None,
            draft_at: None,
            rounds: Vec::new(),
            rounds_of: None,
            vote: None,
            casting: None,
            parents: Vec::new(),
            parent: None,
        }
    }

    /// What is in the box now, and where it goes, with every entry waiting elsewhere.
    pub fn draft(&self) -> JoinDraft {
        let texts = |boxes: &[TextBox]| boxes.iter().map(|b| b.text().to_owned()).collect();
        // While correcting, the box holds the correction: the drafts file keeps it as one, and
        // the entry waiting in the slot as the box's.
        let slot_place = self
            .target
            .as_ref()
            .zip(self.current_slot())
            .map(|(t, s)| EntryPlace::new(&t.id, &s.id));
        let waiting = slot_place
            .as_ref()
            .filter(|_| self.fixing.is_some())
            .and_then(|p| self.parked.get(p).map(|e| (p, e)));
        let (boxes, field, id) = match (&self.fixing, waiting) {
            (None, _) => (
                texts(&self.capture),
                self.capture_field,
                self.entry_id.clone(),
            ),
            (Some(_), Some((_, e))) => (texts(&e.boxes), e.field, e.id.clone()),
            (Some(_), None) => (vec![String::new()], 0, crate::model::contribution::new_id()),
        };
        let live = self.fixing.as_ref().map(|id| {
            let e = Entry {
                boxes: self.capture.clone(),
                field: self.capture_field,
                id: self.entry_id.clone(),
            };
            (EntryPlace::Edit(id.clone()), e)
        });
        let parked: Vec<ParkedDraft> = self
            .parked
            .iter()
            .filter(|(p, _)| Some(*p) != waiting.map(|(w, _)| w))
            .chain(live.iter().map(|(p, e)| (p, e)))
            .filter_map(|(place, e)| match place {
                EntryPlace::New { exercise, slot } => Some(ParkedDraft {
                    exercise: exercise.clone(),
                    slot: slot.clone(),
                    boxes: texts(&e.boxes),
                    field: e.field,
                    id: e.id.clone(),
                    corrects: None,
                }),
                EntryPlace::Edit(refused) => {
                    let r = &self.refused(refused)?.request;
                    e.has_content().then(|| ParkedDraft {
                        exercise: r.exercise.clone(),
                        slot: r.slot.clone(),
                        boxes: texts(&e.boxes),
                        field: e.field,
                        id: e.id.clone(),
                        corrects: Some(refused.clone()),
                    })
                }
            })
            .collect();
        let target = self.target.as_ref().map(|t| t.id.as_str());
        let exercises = self
            .known
            .iter()
            .filter(|e| Some(e.id.as_str()) != target && parked.iter().any(|p| p.exercise == e.id))
            .cloned()
            .collect();
        JoinDraft {
            target: self.target.clone(),
            slot: self.slot,
            boxes,
            field,
            id: Some(id),
            parked,
            exercises,
        }
    }

    /// Puts a draft from an earlier run back: the box's entry, writing to the exercise it was
    /// typed for (the facilitator may have moved on: the box then says so), and every entry
    /// waiting in other slots. An entry already in the outbox is not offered again. Returns
    /// whether any typed text came back.
    pub fn restore(&mut self, draft: &JoinDraft) -> bool {
        let mut any = false;
        let queued: Vec<String> = self.mine.iter().map(|m| m.request.id.clone()).collect();
        let sent = |id: &str| queued.iter().any(|q| q == id);
        for e in draft.exercises.iter().chain(&draft.target) {
            self.know(e);
        }
        for p in &draft.parked {
            if sent(&p.id) || p.boxes.iter().all(|b| b.trim().is_empty()) {
                continue;
            }
            let mut boxes = boxes_of(&p.boxes);
            let fields = self
                .known
                .iter()
                .find(|e| e.id == p.exercise)
                .and_then(|e| e.slots.iter().find(|s| s.id == p.slot))
                .map_or(0, |s| s.fields.len());
            fit_main(&mut boxes, fields);
            let entry = Entry {
                field: p.field.min(boxes.len() - 1),
                boxes,
                id: p.id.clone(),
            };
            // A correction waits as that refused answer's; if the answer is no longer refused
            // here, as a new answer in its slot (nothing typed is dropped).
            let place = match &p.corrects {
                Some(r) if self.refused(r).is_some() => EntryPlace::Edit(r.clone()),
                _ => EntryPlace::new(&p.exercise, &p.slot),
            };
            park_at(&mut self.parked, place, entry);
        }
        if let Some(t) = &draft.target {
            self.target = Some(t.clone());
            self.slot = draft.slot.min(t.slots.len().saturating_sub(1));
        }
        let in_outbox = draft.id.as_deref().is_some_and(sent);
        self.capture = if in_outbox {
            vec![TextBox::default()]
        } else {
            any |= draft.boxes.iter().any(|b| !b.trim().is_empty());
            boxes_of(&draft.boxes)
        };
        if let Some(id) = draft.id.clone().filter(|_| !in_outbox) {
            self.entry_id = id;
        }
        let fields = self.current_slot().map_or(0, |s| s.fields.len());
        fit_main(&mut self.capture, fields);
        self.capture_field = if draft.field < self.capture.len() {
            draft.field
        } else {
            self.first_field()
        };
        self.draft_written = Some(draft.clone());
        any
    }

    /// Adds or updates an exercise this run was told of.
    pub fn know(&mut self, exercise: &ExerciseInfo) {
        match self.known.iter_mut().find(|e| e.id == exercise.id) {
            Some(e) => *e = exercise.clone(),
            None => self.known.push(exercise.clone()),
        }
    }

    /// Where the live entry belongs: the refused answer being corrected, or the current slot
    /// of the box's exercise.
    pub fn live_place(&self) -> Option<EntryPlace> {
        if let Some(id) = &self.fixing {
            return Some(EntryPlace::Edit(id.clone()));
        }
        let (t, slot) = (self.target.as_ref()?, self.current_slot()?);
        Some(EntryPlace::new(&t.id, &slot.id))
    }

    /// This terminal's answer `id`, if the server refused it.
    pub fn refused(&self, id: &str) -> Option<&Mine> {
        self.mine
            .iter()
            .find(|m| m.request.id == id && matches!(m.state, MineState::Failed(_)))
    }

    /// The boxes' texts of refused answer `id` as it was sent (main text, then each field of
    /// the current slot), to tell a changed correction from an unchanged one.
    pub fn refused_texts(&self, id: &str) -> Option<Vec<String>> {
        let r = &self.refused(id)?.request;
        let fields = self.field_names();
        Some(
            std::iter::once(r.text.clone())
                .chain(
                    fields
                        .iter()
                        .map(|f| r.fields.get(f).cloned().unwrap_or_default()),
                )
                .collect(),
        )
    }

    /// Sets the live entry aside in its place, if anything was typed or chosen in it (a
    /// correction only if it differs from the refused answer); the box is left empty. Ends a
    /// correction.
    pub fn park_live(&mut self) {
        let place = self.live_place();
        let unchanged = self.fixing.as_deref().and_then(|id| self.refused_texts(id));
        let entry = Entry::take(
            &mut self.capture,
            &mut self.capture_field,
            &mut self.entry_id,
        );
        self.fixing = None;
        match place {
            Some(EntryPlace::Edit(_)) if unchanged.as_ref() == Some(&entry.texts()) => {}
            Some(p) if entry.has_content() => park_at(&mut self.parked, p, entry),
            // No place (no exercise yet): nothing is set aside; it stays in the box.
            None if entry.has_content() => entry.put(
                &mut self.capture,
                &mut self.capture_field,
                &mut self.entry_id,
            ),
            _ => {}
        }
    }

    /// Brings the entry waiting in the current slot into the box, or a fresh one. Returns
    /// whether a waiting entry came back.
    pub fn load_live(&mut self) -> bool {
        let waiting = self.live_place().and_then(|p| self.parked.remove(&p));
        let back = waiting.is_some();
        match waiting {
            Some(e) => e.put(
                &mut self.capture,
                &mut self.capture_field,
                &mut self.entry_id,
            ),
            None => {
                self.capture = vec![TextBox::default()];
                self.entry_id = crate::model::contribution::new_id();
            }
        }
        let fields = self.current_slot().map_or(0, |s| s.fields.len());
        if !Entry::fits(&self.capture, fields) {
            self.reset_fields();
        } else if !back {
            self.capture_field = self.first_field();
        }
        back
    }

    /// Moves the box to slot `slot` of `exercise`: the entry here waits in its place, the one
    /// there comes back. Returns whether an entry typed earlier came back.
    pub fn go_to(&mut self, exercise: ExerciseInfo, slot: usize) -> bool {
        self.park_live();
        self.know(&exercise);
        let slot = slot.min(exercise.slots.len().saturating_sub(1));
        self.target = Some(exercise);
        self.slot = slot;
        self.selected = None;
        self.load_live()
    }

    /// The exercises the box may go to: the facilitator's, and those with entries waiting (or
    /// the box's own), in agenda order.
    pub fn reachable(&self) -> Vec<&ExerciseInfo> {
        let mut out: Vec<&ExerciseInfo> =
            self.known
                .iter()
                .filter(|e| {
                    self.exercise.as_ref().is_some_and(|f| f.id == e.id)
                        || self.target.as_ref().is_some_and(|t| t.id == e.id)
                        || self.mine.iter().any(|m| {
                            matches!(m.state, MineState::Failed(_)) && m.request.exercise == e.id
                        })
                        || self.parked.keys().any(
                            |p| matches!(p, EntryPlace::New { exercise, .. } if *exercise == e.id),
                        )
                })
                .collect();
        out.sort_by(|a, b| (a.position, &a.id).cmp(&(b.position, &b.id)));
        out
    }

    /// How many entries wait in exercises other than the box's.
    pub fn waiting_elsewhere(&self) -> usize {
        let here = self.target.as_ref().map(|t| t.id.as_str());
        self.parked
            .keys()
            .filter(|p| matches!(p, EntryPlace::New { exercise, .. } if Some(exercise.as_str()) != here))
            .count()
    }

    /// What the outbox held when the terminal started.
    pub fn with_outbox(mut self, entries: &[OutboxEntry]) -> JoinState {
        self.mine = entries
            .iter()
            .map(|e| Mine {
                request: e.request.clone(),
                state: match &e.failed {
                    Some(r) => MineState::Failed(r.message.clone()),
                    None => MineState::Queued,
                },
            })
            .collect();
        self
    }

    /// How to correct a refused answer, naming the keys as they are mapped: "Esc, choose it,
    /// e to correct it".
    pub fn how_to_correct(&self, which: &str) -> String {
        use crate::tui::keymap::{Command, Context};
        format!(
            "{}, choose {which}, {} to correct it",
            self.keymap.name_of(Context::Typing, Command::LeaveBox),
            self.keymap.name_of(Context::Selecting, Command::Edit)
        )
    }

    /// Whether `key` works in this terminal (Shift-Enter only where the terminal reports it).
    pub fn usable(&self, key: &crate::tui::keymap::Key) -> bool {
        self.shift_enter || !(key.shift && key.code == ratatui::crossterm::event::KeyCode::Enter)
    }

    pub fn slots(&self) -> &[SlotInfo] {
        self.target.as_ref().map_or(&[], |e| e.slots.as_slice())
    }

    pub fn current_slot(&self) -> Option<&SlotInfo> {
        let slots = self.slots();
        slots.get(self.slot.min(slots.len().saturating_sub(1)))
    }

    /// Whether the box is writing to an exercise the facilitator has left.
    pub fn behind(&self) -> bool {
        match (&self.target, &self.exercise) {
            (Some(t), Some(e)) => t.id != e.id,
            _ => false,
        }
    }

    /// Rebuilds the field boxes for the current slot, keeping the main text and the fields of
    /// the same name; the focus goes to where typing starts.
    pub fn reset_fields(&mut self) {
        let old: Vec<(String, TextBox)> = self
            .capture
            .iter()
            .skip(1)
            .zip(self.field_names())
            .map(|(b, n)| (n, b.clone()))
            .collect();
        let main = self.capture.first().cloned().unwrap_or_default();
        let mut boxes = vec![main];
        if let Some(slot) = self.current_slot() {
            for f in &slot.fields {
                let kept = old
                    .iter()
                    .find(|(n, b)| {
                        *n == f.name
                            && (f.choices.is_empty() || f.choices.iter().any(|c| c == b.text()))
                    })
                    .map(|(_, b)| b.clone());
                // Marks start empty: nothing is chosen for the group.
                boxes.push(kept.unwrap_or_default());
            }
        }
        self.capture = boxes;
        self.capture_field = self.first_field();
    }

    /// The names of the current slot's fields, in order.
    pub fn field_names(&self) -> Vec<String> {
        self.current_slot()
            .map(|s| s.fields.iter().map(|f| f.name.clone()).collect())
            .unwrap_or_default()
    }

    /// Where typing starts: the main text, or for cells and checklist items the mark (the
    /// comment is optional).
    pub fn first_field(&self) -> usize {
        match self.current_slot() {
            Some(s) if s.text_optional && s.fields.iter().any(|f| f.required) => 1,
            _ => 0,
        }
    }

    /// Whether anything is typed (main text or a free-text field).
    pub fn has_text(&self) -> bool {
        let free_fields = self
            .current_slot()
            .map(|s| {
                s.fields
                    .iter()
                    .zip(self.capture.iter().skip(1))
                    .any(|(f, b)| f.choices.is_empty() && !b.is_blank())
            })
            .unwrap_or(false);
        self.capture.first().is_some_and(|b| !b.is_blank()) || free_fields
    }

    /// The answers shown for the current slot: the server's, then this terminal's that the
    /// server has not shown yet.
    pub fn slot_answers(&self) -> Vec<Shown<'_>> {
        let (Some(t), Some(slot)) = (&self.target, self.current_slot()) else {
            return Vec::new();
        };
        let mine = |id: &str| {
            self.mine
                .iter()
                .find(|m| m.request.id == id)
                .map(|m| &m.state)
        };
        let mut out: Vec<Shown<'_>> = self
            .answers
            .iter()
            .filter(|a| a.exercise == t.id && a.slot == slot.id)
            .map(|a| Shown {
                id: &a.id,
                text: &a.text,
                fields: &a.fields,
                mine: mine(&a.id),
                homeless: false,
            })
            .collect();
        for m in &self.mine {
            let r = &m.request;
            if r.exercise == t.id && r.slot == slot.id && !self.answers.iter().any(|a| a.id == r.id)
            {
                out.push(Shown {
                    id: &r.id,
                    text: &r.text,
                    fields: &r.fields,
                    mine: Some(&m.state),
                    homeless: false,
                });
            }
        }
        // Refused answers with no place the box can go to (the exercise not open in this run, or
        // the question removed) show in whichever slot the box is on, to be corrected there.
        for m in self.homeless() {
            let r = &m.request;
            out.push(Shown {
                id: &r.id,
                text: &r.text,
                fields: &r.fields,
                mine: Some(&m.state),
                homeless: true,
            });
        }
        out
    }

    /// Whether exercise `exercise` is known to have slot `slot`.
    fn place_exists(&self, exercise: &str, slot: &str) -> bool {
        self.known
            .iter()
            .chain(self.exercise.iter())
            .chain(self.target.iter())
            .any(|e| e.id == exercise && e.slots.iter().any(|s| s.id == slot))
    }

    /// This terminal's refused answers the box cannot go to: for an exercise this run was not
    /// told of, or a slot its exercise no longer has.
    pub fn homeless(&self) -> impl Iterator<Item = &Mine> {
        self.mine.iter().filter(|m| {
            matches!(m.state, MineState::Failed(_))
                && !self.place_exists(&m.request.exercise, &m.request.slot)
        })
    }

    pub fn queued_count(&self) -> usize {
        self.mine
            .iter()
            .filter(|m| m.state == MineState::Queued)
            .count()
    }

    pub fn failed_count(&self) -> usize {
        self.mine
            .iter()
            .filter(|m| matches!(m.state, MineState::Failed(_)))
            .count()
    }
}

/// Fits boxes to a slot of `fields` fields: a field the slot does not have goes into the main
/// text, so nothing typed is lost; missing fields start empty.
fn fit_main(boxes: &mut Vec<TextBox>, fields: usize) {
    if boxes.len() > fields + 1 {
        let rest: Vec<String> = boxes
            .drain(fields + 1..)
            .map(|b| b.text().to_owned())
            .filter(|t| !t.is_empty())
            .collect();
        if !rest.is_empty()
            && let Some(main) = boxes.first_mut()
        {
            let joined = format!("{}\n{}", main.text(), rest.join("\n"));
            main.set(joined.trim_start_matches('\n'));
        }
    }
    while boxes.len() < fields + 1 {
        boxes.push(TextBox::default());
    }
}
