//! `update` for the note-taker screen: the only place its state changes. Pure but for the
//! clock and fresh answer ids; writing to the outbox is returned as an effect.

use std::time::Instant;

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyEventKind, KeyModifiers};

use super::state::{JoinDraft, JoinState, Mine, MineState};
use super::vote::{self, VoteOutcome};
use crate::model::contribution::{Fields, new_id};
use crate::model::text::MAX_FIELD_BYTES;
use crate::net::api::{BallotRequest, ContributionRequest, ExerciseInfo, MAX_BODY_BYTES};
use crate::net::client::LinkEvent;
use crate::tui::state::Focus;
use crate::tui::textbox::TextBox;

#[derive(Debug, Clone)]
pub enum JoinAction {
    Key(KeyEvent),
    /// A bracketed paste: inserted as it is, never sent by itself.
    Paste(String),
    /// Plain characters typed in a row into the focused text box (gathered by the event loop
    /// only where each would have been inserted).
    Typed(String),
    Tick(Instant),
    /// News from the link to the server.
    Link(LinkEvent),
    /// The answer handed over with `Queue` is on disk in the outbox.
    Queued,
    /// The outbox could not take it; nothing was queued.
    QueueFailed(String),
    /// A signal, or the terminal going away.
    Quit,
    /// Something to tell the note-taker that must not be missed.
    Notice(String),
    /// The server's answer to the ballot sent with `Cast`.
    Voted {
        round: String,
        outcome: VoteOutcome,
    },
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum JoinEffect {
    /// Keep this in the drafts file beside the outbox (0600, synced).
    KeepDraft(JoinDraft),
    /// Append to the outbox (synced), wake the sender, answer `Queued` or `QueueFailed`.
    Queue {
        request: ContributionRequest,
        /// A refused answer this one corrects.
        replaces: Option<String>,
    },
    /// Send this ballot to the server now (never queued), answer `Voted`.
    Cast(BallotRequest),
    Quit,
}

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
            state.banner = Some(format!(
                "NOT QUEUED — {message}. Your text is still in the box: fix the problem (disk full? read-only?) and press Enter again."
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

/// The answer to "quit with unsent text?": send it, discard it, or go back.
fn quit_ask_key(state: &mut JoinState, key: &KeyEvent) -> Vec<JoinEffect> {
    use crate::tui::dialog::{QuitAnswer, quit_answer};
    match quit_answer(key) {
        Some(QuitAnswer::Keep) => {
            state.quit_ask = false;
            state.quit_after_save = true;
            let effects = submit(state);
            if effects.is_empty() {
                state.quit_after_save = false;
            }
            effects
        }
        Some(QuitAnswer::Discard) => {
            state.quit_ask = false;
            state.fixing = None;
            for b in &mut state.capture {
                *b = TextBox::default();
            }
            quit(state)
        }
        Some(QuitAnswer::Back) => {
            state.quit_ask = false;
            state.status = Some("Back to the box; nothing was sent or discarded.".into());
            Vec::new()
        }
        None => Vec::new(),
    }
}

/// Whether `key` would be inserted as it is into the focused free-text box.
pub fn types_into_box(state: &JoinState, key: &KeyEvent) -> bool {
    crate::tui::update::is_plain_char(key)
        && !state.help
        && !state.quit_ask
        && state.vote.is_none()
        && state.focus == Focus::Capture
        && (state.capture_field == 0 || free_field(state))
}

fn ctrl(key: &KeyEvent, c: char) -> bool {
    key.modifiers.contains(KeyModifiers::CONTROL) && key.code == KeyCode::Char(c)
}

fn key_event(state: &mut JoinState, key: KeyEvent) -> Vec<JoinEffect> {
    if key.kind == KeyEventKind::Release {
        return Vec::new();
    }
    if state.quit_ask {
        return quit_ask_key(state, &key);
    }
    if ctrl(&key, 'q') || ctrl(&key, 'c') {
        if state.has_text() || state.fixing.is_some() {
            state.quit_ask = true;
            state.help = false;
            return Vec::new();
        }
        return quit(state);
    }
    if state.help {
        crate::tui::help::key(&mut state.help, &mut state.help_scroll, &key, 60);
        return Vec::new();
    }
    if state.vote.is_some() && key.code != KeyCode::F(1) {
        return vote::key(state, key);
    }
    let alt = key.modifiers.contains(KeyModifiers::ALT);
    match key.code {
        KeyCode::F(1) => state.help = true,
        KeyCode::F(4) => vote::toggle(state),
        KeyCode::Tab if !alt => move_slot(state, 1),
        KeyCode::BackTab => move_slot(state, -1),
        KeyCode::PageDown => browse(state, 5),
        KeyCode::PageUp => browse(state, -5),
        KeyCode::F(5) | KeyCode::F(7) | KeyCode::F(8) => {
            state.status = Some("Projection and the timer are on the facilitator's screen.".into())
        }
        _ if ctrl(&key, 'g') => {
            state.status = Some(format!(
                "This terminal records for {}. For another group, start hearth join again with --group.",
                state.group
            ))
        }
        _ if ctrl(&key, 'n') || ctrl(&key, 'p') => follow_facilitator(state),
        _ if ctrl(&key, 'f') => {
            let n = state.capture.len().max(1);
            state.capture_field = (state.capture_field + 1) % n;
        }
        _ => {
            return match state.focus {
                Focus::Capture => capture_key(state, key),
                Focus::Select => {
                    select_key(state, key);
                    Vec::new()
                }
            };
        }
    }
    Vec::new()
}

fn capture_key(state: &mut JoinState, key: KeyEvent) -> Vec<JoinEffect> {
    let alt = key.modifiers.contains(KeyModifiers::ALT);
    match key.code {
        KeyCode::Enter if alt || key.modifiers.contains(KeyModifiers::SHIFT) => {
            if state.capture_field == 0 || free_field(state) {
                insert(state, state.capture_field, "\n");
            }
            Vec::new()
        }
        KeyCode::Enter => submit(state),
        KeyCode::Esc => {
            if state.fixing.take().is_some() {
                clear_box(state);
                state.status =
                    Some("Not corrected: the refused answer stays on this machine, marked.".into());
            } else {
                state.focus = Focus::Select;
                if state.selected.is_none() {
                    select_step(state, 0);
                }
            }
            Vec::new()
        }
        _ => {
            let field = state.capture_field;
            let choices = field
                .checked_sub(1)
                .and_then(|i| state.current_slot().and_then(|s| s.fields.get(i)))
                .map(|f| f.choices.clone())
                .unwrap_or_default();
            if !choices.is_empty() {
                if let Some(b) = state.capture.get_mut(field) {
                    crate::tui::textbox::choose(b, &choices, &key);
                }
                return Vec::new();
            }
            if let KeyCode::Char(c) = key.code
                && crate::tui::update::is_plain_char(&key)
            {
                insert(state, field, c.encode_utf8(&mut [0; 4]));
                return Vec::new();
            }
            if let Some(b) = state.capture.get_mut(field) {
                b.key(&key, true);
            }
            Vec::new()
        }
    }
}

/// Whether the focused field is free text (not a choice).
fn free_field(state: &JoinState) -> bool {
    state
        .capture_field
        .checked_sub(1)
        .and_then(|i| state.current_slot().and_then(|s| s.fields.get(i)))
        .is_some_and(|f| f.choices.is_empty())
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
    if state.help {
        return;
    }
    if state.vote.is_some() {
        state.status = Some("Esc closes the vote panel; then paste into the box.".into());
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

fn move_slot(state: &mut JoinState, delta: isize) {
    let n = state.slots().len() as isize;
    if n == 0 {
        return;
    }
    if state.fixing.is_some() {
        state.status = Some("Correcting a refused answer: Enter sends it, Esc leaves it.".into());
        return;
    }
    let next = (state.slot as isize + delta).rem_euclid(n) as usize;
    if let Some(label) = state.stranded_field(state.slots().get(next)) {
        state.status = Some(stranded(&label));
        return;
    }
    state.slot = next;
    state.selected = None;
    state.reset_fields();
}

fn stranded(label: &str) -> String {
    format!(
        "What you typed under \"{label}\" has no place there: send it (Enter) or clear it first."
    )
}

/// Ctrl-N / Ctrl-P: back to the exercise the facilitator is on.
fn follow_facilitator(state: &mut JoinState) {
    if !state.behind() {
        state.status = Some(
            "This terminal follows the facilitator: the exercise changes when they move on.".into(),
        );
        return;
    }
    if let Some(e) = state.exercise.clone() {
        if let Some(label) = state.stranded_field(e.slots.first()) {
            state.status = Some(stranded(&label));
            return;
        }
        state.status = Some(format!(
            "Now on \"{}\"; what you typed is still in the box.",
            e.title
        ));
        state.fixing = None;
        set_target(state, e);
    }
}

fn set_target(state: &mut JoinState, exercise: ExerciseInfo) {
    let same = state.target.as_ref().is_some_and(|t| t.id == exercise.id);
    let slot_id = state.current_slot().map(|s| s.id.clone());
    state.target = Some(exercise);
    if same {
        // Keep the slot (the list may have been sent again unchanged).
        state.slot = slot_id
            .and_then(|id| state.slots().iter().position(|s| s.id == id))
            .unwrap_or(0);
        if state.capture.len() == 1 + state.current_slot().map_or(0, |s| s.fields.len()) {
            return;
        }
    } else {
        state.slot = 0;
        state.selected = None;
        state.focus = Focus::Capture;
    }
    state.reset_fields();
}

/// The facilitator's exercise changed (or arrived).
fn set_exercise(state: &mut JoinState, exercise: ExerciseInfo) {
    let moved = state.exercise.as_ref().is_some_and(|e| e.id != exercise.id);
    state.exercise = Some(exercise.clone());
    let busy = state.has_text() || state.fixing.is_some() || state.queueing.is_some();
    if state.target.is_none() || !busy || state.target.as_ref().is_some_and(|t| t.id == exercise.id)
    {
        set_target(state, exercise);
        return;
    }
    if moved {
        let old = state.target.as_ref().map_or("", |t| t.title.as_str());
        state.status = Some(format!(
            "The facilitator moved on to \"{}\". Enter still saves your text to \"{old}\"; Ctrl-N takes it to the new exercise.",
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
            "Not sent: {} is needed (Ctrl-F moves to it).",
            f.label
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
        _ => new_id(),
    };
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
    vec![JoinEffect::Queue {
        request,
        replaces: state.fixing.clone(),
    }]
}

fn queued(state: &mut JoinState) {
    let Some(request) = state.queueing.take() else {
        return;
    };
    if let Some(old) = state.fixing.take() {
        state
            .mine
            .retain(|m| m.request.id != old || !matches!(m.state, MineState::Failed(_)));
    }
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
    clear_box(state);
    state.capture_field = state.first_field();
    if state.behind()
        && let Some(e) = state.exercise.clone()
    {
        set_target(state, e);
    }
}

// ---------------------------------------------------------------- selection

fn browse(state: &mut JoinState, delta: isize) {
    if state.fixing.is_some() {
        return;
    }
    state.focus = Focus::Select;
    select_step(state, delta);
}

fn select_step(state: &mut JoinState, delta: isize) {
    let order: Vec<String> = state
        .slot_answers()
        .iter()
        .map(|s| s.id.to_owned())
        .collect();
    if order.is_empty() {
        state.selected = None;
        return;
    }
    let last = order.len() - 1;
    let i = match state
        .selected
        .as_ref()
        .and_then(|id| order.iter().position(|o| o == id))
    {
        Some(i) => (i as isize + delta).clamp(0, last as isize) as usize,
        // Start from the newest.
        None => last,
    };
    state.selected = order.get(i).cloned();
}

fn select_key(state: &mut JoinState, key: KeyEvent) {
    match key.code {
        KeyCode::Esc | KeyCode::Char('i') => {
            state.focus = Focus::Capture;
            state.banner = None;
        }
        KeyCode::Up | KeyCode::Char('k') => select_step(state, -1),
        KeyCode::Down | KeyCode::Char('j') => select_step(state, 1),
        KeyCode::Char('?') => state.help = true,
        KeyCode::Enter | KeyCode::Char('e') => fix(state),
        KeyCode::Char(_) => {
            state.status = Some("Esc or i: back to typing.".into());
        }
        _ => {}
    }
}

/// Loads a refused answer into the box to correct it; what was typed is kept in front of it.
fn fix(state: &mut JoinState) {
    let Some(id) = state.selected.clone() else {
        state.status = Some("Nothing here yet.".into());
        return;
    };
    let Some(m) = state.mine.iter().find(|m| m.request.id == id).cloned() else {
        state.status = Some(
            "Saved answers are changed by the facilitator: tell them, or add a new answer.".into(),
        );
        return;
    };
    if !matches!(m.state, MineState::Failed(_)) {
        state.status = Some(match m.state {
            MineState::Queued => "Still being sent; it is safe on this machine.".into(),
            _ => "Saved answers are changed by the facilitator: tell them, or add a new answer."
                .into(),
        });
        return;
    }
    if state.has_text() {
        state.status =
            Some("Send or clear what is in the box first, then correct this one.".into());
        return;
    }
    state.capture = vec![TextBox::default()];
    state.reset_fields();
    if let Some(b) = state.capture.first_mut() {
        b.set(&m.request.text);
    }
    let names: Vec<String> = state
        .current_slot()
        .map(|s| s.fields.iter().map(|f| f.name.clone()).collect())
        .unwrap_or_default();
    for (name, b) in names.iter().zip(state.capture.iter_mut().skip(1)) {
        b.set(m.request.fields.get(name).map_or("", String::as_str));
    }
    state.capture_field = 0;
    state.fixing = Some(id);
    state.focus = Focus::Capture;
    state.status = Some(
        "Correcting: Enter sends the corrected answer (it replaces the refused one); Esc leaves it."
            .into(),
    );
}

mod link;

#[cfg(test)]
mod tests;

#[cfg(test)]
mod entry_tests;
