//! The note-taker screen's state. Drawing reads it; only `update` changes it.

use std::time::Instant;

use super::vote::VotePanel;
use crate::model::contribution::Fields;
use crate::net::api::{
    Answer, BallotRequest, ContributionRequest, ExerciseInfo, RoundInfo, SlotInfo,
};
use crate::net::outbox::Entry;
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
    /// Main text, then one box per field of the slot.
    pub capture: Vec<TextBox>,
    pub capture_field: usize,
    /// Correcting this refused answer: the corrected one replaces it.
    pub fixing: Option<String>,
    /// Handed to the outbox, not yet on disk.
    pub queueing: Option<ContributionRequest>,
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
}

/// Text typed on this terminal and not sent, kept in a drafts file beside the outbox (0600,
/// synced, never sent) so a signal or a crash loses nothing; restored on the next start.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct JoinDraft {
    /// The exercise the box writes to, as the server described it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub target: Option<ExerciseInfo>,
    pub slot: usize,
    /// The main text, then each field of the slot, as typed.
    pub boxes: Vec<String>,
}

impl JoinDraft {
    pub fn has_text(&self) -> bool {
        self.boxes.iter().any(|b| !b.trim().is_empty())
    }
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
            fixing: None,
            queueing: None,
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
        }
    }

    /// What is in the box now, and where it goes.
    pub fn draft(&self) -> JoinDraft {
        JoinDraft {
            target: self.target.clone(),
            slot: self.slot,
            boxes: self.capture.iter().map(|b| b.text().to_owned()).collect(),
        }
    }

    /// Puts a draft from an earlier run back in the box, writing to the exercise it was typed
    /// for (the facilitator may have moved on: the box then says so).
    pub fn restore(&mut self, draft: &JoinDraft) {
        if let Some(t) = &draft.target {
            self.target = Some(t.clone());
            self.slot = draft.slot.min(t.slots.len().saturating_sub(1));
        }
        self.capture = vec![TextBox::default()];
        self.reset_fields();
        for (b, text) in self.capture.iter_mut().zip(&draft.boxes) {
            b.set(text);
        }
        // A draft for a slot this run cannot show keeps its text in the main box, whole.
        if draft.boxes.len() > self.capture.len() {
            let rest: Vec<&str> = draft.boxes[self.capture.len()..]
                .iter()
                .map(String::as_str)
                .filter(|t| !t.is_empty())
                .collect();
            if !rest.is_empty()
                && let Some(main) = self.capture.first_mut()
            {
                let joined = format!("{}\n{}", main.text(), rest.join("\n"));
                main.set(joined.trim_start_matches('\n'));
            }
        }
        self.draft_written = Some(draft.clone());
    }

    /// What the outbox held when the terminal started.
    pub fn with_outbox(mut self, entries: &[Entry]) -> JoinState {
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

    /// A typed field that `slot` has no place for (it would be lost by moving there).
    pub fn stranded_field(&self, slot: Option<&SlotInfo>) -> Option<String> {
        let current = self.current_slot()?;
        current
            .fields
            .iter()
            .zip(self.capture.iter().skip(1))
            .find(|(f, b)| {
                f.choices.is_empty()
                    && !b.is_blank()
                    && !slot.is_some_and(|s| s.fields.iter().any(|g| g.name == f.name))
            })
            .map(|(f, _)| f.label.clone())
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
                });
            }
        }
        out
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
