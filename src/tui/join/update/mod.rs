//! `update` for the note-taker screen: the only place its state changes. Pure but for the
//! clock and fresh answer ids; writing to the outbox is returned as an effect.

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyEventKind};

use super::state::{JoinState, Mine, MineState};
use super::vote;
use crate::model::contribution::{Fields, new_id};
use crate::model::text::MAX_FIELD_BYTES;
use crate::net::api::{ContributionRequest, ExerciseInfo, MAX_BODY_BYTES};
use crate::tui::entry::EntryPlace;
use crate::tui::keymap::{Command, Context};
use crate::tui::state::Focus;
use crate::tui::textbox::TextBox;

pub use super::action::{JoinAction, JoinEffect};

pub fn update(state: &mut JoinState, action: JoinAction) -> Vec<JoinEffect> {
    match action {
        JoinAction::Quit => quit(state),
        JoinAction::Notice(text) => {
            state.banner = Some(text);
            Vec::new()
        }
        JoinAction::Tick(now) => {
            state.now = now;
            keep_draft(state)
        }
        JoinAction::Key(key) => key_event(state, key),
        JoinAction::Paste(text) => {
            paste(state, &text);
            Vec::new()
        }
        JoinAction::Typed(text) if state.vote.is_some() => vote::typed(state, &text),
        JoinAction::Typed(text) => {
            insert(state, state.capture_field, &text);
            Vec::new()
        }
        JoinAction::Replace(text) => {
            let field = state.capture_field;
            if let Some(b) = state.capture.get_mut(field) {
                b.select_all();
                if text.is_empty() {
                    b.backspace();
                }
            }
            insert(state, field, &text);
            Vec::new()
        }
        JoinAction::Voted { round, outcome } => {
            vote::voted(state, &round, outcome);
            Vec::new()
        }
        JoinAction::Link(event) => {
            link::link(state, event);
            Vec::new()
        }
        JoinAction::Queued => {
            queued(state);
            if state.quit_after_save {
                state.quit_after_save = false;
                return quit(state);
            }
            Vec::new()
        }
        JoinAction::QueueFailed(message) => {
            state.quit_after_save = false;
            state.unqueued = state.queueing.take();
            let send = key_name(state, Context::Typing, Command::Save);
            state.banner = Some(format!(
                "NOT QUEUED — {message}. Your text is still in the box: fix the problem (disk full? read-only?) and press {send} again."
            ));
            Vec::new()
        }
    }
}

/// Quits, keeping what is in the box in the drafts file (when there is or was something).
fn quit(state: &mut JoinState) -> Vec<JoinEffect> {
    state.quit = true;
    let draft = state.draft();
    let mut effects = Vec::new();
    if draft.has_text() || state.draft_written.is_some() {
        effects.push(JoinEffect::KeepDraft(draft));
    }
    effects.push(JoinEffect::Quit);
    effects
}

/// How often unsent typing is written to the drafts file, at most.
const DRAFT_EVERY: std::time::Duration = std::time::Duration::from_secs(2);

fn keep_draft(state: &mut JoinState) -> Vec<JoinEffect> {
    // Looked at every two seconds (not every tick: the box may hold a page).
    if state
        .draft_at
        .is_some_and(|at| state.now.duration_since(at) < DRAFT_EVERY)
    {
        return Vec::new();
    }
    state.draft_at = Some(state.now);
    let draft = state.draft();
    let changed = match &state.draft_written {
        Some(d) => *d != draft,
        None => draft.has_text(),
    };
    if !changed {
        return Vec::new();
    }
    state.draft_written = Some(draft.clone());
    vec![JoinEffect::KeepDraft(draft)]
}

fn insert(state: &mut JoinState, field: usize, text: &str) {
    let Some(b) = state.capture.get_mut(field) else {
        return;
    };
    if let Err(e) = b.insert(text) {
        state.banner = Some(format!(
            "Not inserted: that would make {} bytes, and an answer holds at most {} bytes (1 MiB). Split it into several answers.",
            e.would_be, MAX_FIELD_BYTES
        ));
    }
}

fn paste(state: &mut JoinState, text: &str) {
    // Only into the box, when nothing is over it (the help or the quit question take none).
    let top = crate::tui::join::layers::join_top(state);
    if matches!(top, Some(Context::Help | Context::QuitQuestion)) {
        return;
    }
    if top.is_some() {
        let close = key_name(state, vote::context(state), Command::Close);
        state.status = Some(format!(
            "{close} closes the vote panel; then paste into the box."
        ));
        return;
    }
    state.focus = Focus::Capture;
    let field = if state.capture_field == 0 || free_field(state) {
        state.capture_field
    } else {
        0
    };
    insert(state, field, text);
}

fn set_target(state: &mut JoinState, exercise: ExerciseInfo) {
    state.know(&exercise);
    let same = state.target.as_ref().is_some_and(|t| t.id == exercise.id);
    if !same {
        state.focus = Focus::Capture;
        state.go_to(exercise, 0);
        return;
    }
    let slot_id = state.current_slot().map(|s| s.id.clone());
    state.target = Some(exercise);
    state.slot = slot_id
        .and_then(|id| state.slots().iter().position(|s| s.id == id))
        .unwrap_or(0);
    if state.capture.len() != 1 + state.current_slot().map_or(0, |s| s.fields.len()) {
        state.reset_fields();
    }
}

/// The facilitator's exercise changed (or arrived).
fn set_exercise(state: &mut JoinState, exercise: ExerciseInfo) {
    let moved = state.exercise.as_ref().is_some_and(|e| e.id != exercise.id);
    state.exercise = Some(exercise.clone());
    state.know(&exercise);
    let busy = state.has_text() || state.fixing.is_some() || state.queueing.is_some();
    if state.target.is_none() || !busy || state.target.as_ref().is_some_and(|t| t.id == exercise.id)
    {
        set_target(state, exercise);
        return;
    }
    if moved {
        let old = state.target.as_ref().map_or("", |t| t.title.as_str());
        let key = key_name(state, Context::Anywhere, Command::NextExercise);
        let send = key_name(state, Context::Typing, Command::Save);
        state.status = Some(format!(
            "The facilitator moved on to \"{}\". {send} still sends your text to \"{old}\"; {key} goes to the new exercise (your text waits here).",
            exercise.title
        ));
    }
}

fn clear_box(state: &mut JoinState) {
    // A fresh entry: every field empty, marks too.
    for b in &mut state.capture {
        *b = TextBox::default();
    }
    state.capture_field = state.first_field();
    state.entry_id = new_id();
}

fn submit(state: &mut JoinState) -> Vec<JoinEffect> {
    if state.queueing.is_some() {
        return Vec::new();
    }
    let (Some(target), Some(slot)) = (state.target.as_ref(), state.current_slot()) else {
        state.status = Some(
            "Waiting for the server to say which exercise is on; your text stays in the box."
                .into(),
        );
        return Vec::new();
    };
    let text = state.capture.first().map_or("", TextBox::text).to_owned();
    let fields: Fields = slot
        .fields
        .iter()
        .zip(state.capture.iter().skip(1))
        .filter(|(_, b)| !b.text().is_empty())
        .map(|(f, b)| (f.name.clone(), b.text().to_owned()))
        .collect();
    if !state.has_text() && state.fixing.is_none() && slot.fields.iter().all(|f| !f.required) {
        return Vec::new(); // Enter on an empty box does nothing
    }
    if !slot.text_optional && text.trim().is_empty() {
        state.status = Some(format!("Not sent: type the {} first.", slot.text_label));
        return Vec::new();
    }
    if let Some(f) = slot
        .fields
        .iter()
        .find(|f| f.required && fields.get(&f.name).is_none_or(|v| v.trim().is_empty()))
    {
        state.status = Some(format!(
            "Not sent: {} is needed ({} moves to it).",
            f.label,
            key_name(state, Context::Anywhere, Command::NextField)
        ));
        return Vec::new();
    }
    let mut request = ContributionRequest {
        id: String::new(),
        exercise: target.id.clone(),
        slot: slot.id.clone(),
        group: state.group.clone(),
        text,
        fields,
        parent: state.current_parent().map(|p| p.id.clone()),
    };
    request.id = match &state.unqueued {
        // The same answer again after the disk refused it: the same id, so it is never doubled.
        Some(u)
            if ContributionRequest {
                id: u.id.clone(),
                ..request.clone()
            } == *u =>
        {
            u.id.clone()
        }
        // A different text after the disk refused one: a new id (the refused one may be half
        // written).
        Some(_) => new_id(),
        None => state.entry_id.clone(),
    };
    state.entry_id = request.id.clone();
    let size = serde_json::to_vec(&request).map_or(usize::MAX, |b| b.len());
    if size > MAX_BODY_BYTES {
        state.banner = Some(format!(
            "Not sent: this answer is {} KB, and the connection to the facilitator takes at most {} KB per answer. Split it into several answers (it is still in the box).",
            size.div_ceil(1024),
            MAX_BODY_BYTES / 1024
        ));
        return Vec::new();
    }
    state.queueing = Some(request.clone());
    state.queueing_fix = state.fixing.clone();
    state.queueing_texts = state.capture.iter().map(|b| b.text().to_owned()).collect();
    vec![JoinEffect::Queue {
        request,
        replaces: state.fixing.clone(),
    }]
}

fn queued(state: &mut JoinState) {
    let Some(request) = state.queueing.take() else {
        return;
    };
    let fixed = state.queueing_fix.take();
    if let Some(old) = &fixed {
        state
            .mine
            .retain(|m| m.request.id != *old || !matches!(m.state, MineState::Failed(_)));
    }
    let id = request.id.clone();
    let request_place = (request.exercise.clone(), request.slot.clone());
    state.last = Some(request.id.clone());
    if !state.mine.iter().any(|m| m.request.id == request.id) {
        state.mine.push(Mine {
            request,
            state: MineState::Queued,
        });
    }
    state.unqueued = None;
    state.banner = None;
    state.status = None;
    let sent = std::mem::take(&mut state.queueing_texts);
    if state.entry_id == id {
        let unchanged = state
            .capture
            .iter()
            .map(|b| b.text())
            .eq(sent.iter().map(String::as_str));
        if unchanged {
            clear_box(state);
            state.capture_field = state.first_field();
        } else {
            // Typed on after Enter, while it was on its way: the text stays, a new entry.
            state.entry_id = new_id();
        }
        if state.fixing.take().is_some() {
            // The correction is done with: the box goes back to the slot's own entry (text
            // typed on after Enter joins it there as a new answer).
            state.park_live();
            state.load_live();
        }
    } else {
        // The box moved on while it was on its way: the entry waits in its place.
        crate::tui::entry::saved_while_parked(
            &mut state.parked,
            fixed.as_deref().unwrap_or(&id),
            &sent,
        );
        // A correction typed on since, whose refused answer is now replaced: it waits as a new
        // answer in that slot.
        if let Some(old) = &fixed
            && let Some(e) = state.parked.remove(&EntryPlace::Edit(old.clone()))
        {
            let place = EntryPlace::new(&request_place.0, &request_place.1);
            crate::tui::entry::park_at(&mut state.parked, place, e);
        }
    }
    if state.behind()
        && let Some(e) = state.exercise.clone()
    {
        set_target(state, e);
    }
}

mod keys;
mod link;

pub use keys::types_into_box;
use keys::{free_field, key_event, key_name};

#[cfg(test)]
mod parent_tests;
#[cfg(test)]
mod tests;

#[cfg(test)]
mod entry_props;
#[cfg(test)]
mod entry_tests;
