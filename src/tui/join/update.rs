//! `update` for the note-taker screen: the only place its state changes. Pure but for the
//! clock and fresh answer ids; writing to the outbox is returned as an effect.

use std::time::Instant;

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyEventKind, KeyModifiers};

use super::state::{Conn, JoinDraft, JoinState, Mine, MineState};
use crate::model::contribution::{Fields, new_id};
use crate::model::text::MAX_FIELD_BYTES;
use crate::net::api::{self, ContributionRequest, Event, ExerciseInfo, MAX_BODY_BYTES};
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
        JoinAction::Typed(text) => {
            insert(state, state.capture_field, &text);
            Vec::new()
        }
        JoinAction::Link(event) => {
            link(state, event);
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
    let draft = state.draft();
    let changed = match &state.draft_written {
        Some(d) => *d != draft,
        None => draft.has_text(),
    };
    if !changed
        || state
            .draft_at
            .is_some_and(|at| state.now.duration_since(at) < DRAFT_EVERY)
    {
        return Vec::new();
    }
    state.draft_at = Some(state.now);
    state.draft_written = Some(draft.clone());
    vec![JoinEffect::KeepDraft(draft)]
}

/// The answer to "quit with unsent text?": send it, discard it, or go back.
fn quit_ask_key(state: &mut JoinState, key: &KeyEvent) -> Vec<JoinEffect> {
    match key.code {
        KeyCode::Char('s') | KeyCode::Char('S') | KeyCode::Enter => {
            state.quit_ask = false;
            state.quit_after_save = true;
            let effects = submit(state);
            if effects.is_empty() {
                state.quit_after_save = false;
            }
            effects
        }
        KeyCode::Char('d') | KeyCode::Char('D') => {
            state.quit_ask = false;
            state.fixing = None;
            for b in &mut state.capture {
                *b = TextBox::default();
            }
            quit(state)
        }
        KeyCode::Esc | KeyCode::Char('g') | KeyCode::Char('G') => {
            state.quit_ask = false;
            state.status = Some("Back to the box; nothing was sent or discarded.".into());
            Vec::new()
        }
        _ => Vec::new(),
    }
}

/// Whether `key` would be inserted as it is into the focused free-text box.
pub fn types_into_box(state: &JoinState, key: &KeyEvent) -> bool {
    crate::tui::update::is_plain_char(key)
        && !state.help
        && !state.quit_ask
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
        crate::tui::help::key(&mut state.help, &mut state.help_scroll, &key, 40);
        return Vec::new();
    }
    let alt = key.modifiers.contains(KeyModifiers::ALT);
    match key.code {
        KeyCode::F(1) => state.help = true,
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
                if !key
                    .modifiers
                    .intersects(KeyModifiers::CONTROL | KeyModifiers::ALT)
                    && let Some(b) = state.capture.get_mut(field)
                {
                    crate::tui::textbox::choose(b, &choices, &key);
                }
                return Vec::new();
            }
            if let KeyCode::Char(c) = key.code
                && !key
                    .modifiers
                    .intersects(KeyModifiers::CONTROL | KeyModifiers::ALT)
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

fn now_hms() -> String {
    jiff::Zoned::now().strftime("%H:%M:%S").to_string()
}

fn link(state: &mut JoinState, event: LinkEvent) {
    let signed_out = matches!(state.conn, Conn::SignedOut(_));
    match event {
        LinkEvent::Up => {
            if !signed_out {
                state.conn = Conn::Connected;
            }
        }
        LinkEvent::Down { retry_in, reason } => {
            if !signed_out {
                state.conn = Conn::Reconnecting {
                    at: state.now + retry_in,
                    reason,
                };
            }
        }
        LinkEvent::Joined(reply) => state.group = reply.group,
        LinkEvent::Session(reply) => {
            state.title = Some(reply.title);
            let id = reply.exercise.id.clone();
            state.answers.retain(|a| a.exercise != id);
            state.answers.extend(reply.answers);
            set_exercise(state, reply.exercise);
            forget_saved_copies(state);
        }
        LinkEvent::Event(Event::Agenda { exercise }) => set_exercise(state, exercise),
        LinkEvent::Event(Event::Answer { answer }) => {
            put_answer(state, answer);
            forget_saved_copies(state);
        }
        LinkEvent::Event(Event::Removed { id }) => {
            state.answers.retain(|a| a.id != id);
            // Taken off the record by the facilitator: this terminal stops showing it too.
            state
                .mine
                .retain(|m| m.request.id != id || !matches!(m.state, MineState::Saved(_)));
            if state.selected.as_deref() == Some(id.as_str()) {
                state.selected = None;
            }
        }
        LinkEvent::Event(Event::Revoked) => {
            state.conn = Conn::SignedOut("the facilitator signed this terminal out".into());
        }
        LinkEvent::Saved { id, .. } => {
            if let Some(m) = state.mine.iter_mut().find(|m| m.request.id == id) {
                m.state = MineState::Saved(now_hms());
            }
        }
        LinkEvent::Refused {
            id,
            status,
            message,
        } => {
            if let Some(m) = state.mine.iter_mut().find(|m| m.request.id == id) {
                m.state = MineState::Failed(message.clone());
            }
            state.banner = Some(format!(
                "An answer was refused by the server ({status}: {message}). It is kept on this machine, marked ✗: Esc, choose it, Enter to correct it."
            ));
        }
        LinkEvent::SignedOut(reason) => {
            state.banner = Some(format!("Signed out: {reason}."));
            state.conn = Conn::SignedOut(reason);
        }
        LinkEvent::DiskError(message) => {
            state.banner = Some(format!(
                "The outbox on this machine could not be written ({message}); answers are sent again until it can."
            ));
        }
    }
}

fn put_answer(state: &mut JoinState, answer: api::Answer) {
    match state.answers.iter_mut().find(|a| a.id == answer.id) {
        Some(a) => *a = answer,
        None => state.answers.push(answer),
    }
}

/// This terminal's saved answers are kept until the server's list shows them, then shown
/// from there; the most recent one stays for the status line.
fn forget_saved_copies(state: &mut JoinState) {
    let answers = &state.answers;
    let last = state.last.as_deref();
    state.mine.retain(|m| {
        !matches!(m.state, MineState::Saved(_))
            || Some(m.request.id.as_str()) == last
            || !answers.iter().any(|a| a.id == m.request.id)
    });
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

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use super::*;
    use crate::net::api::{Answer, FieldInfo, JoinReply, SessionReply, SlotInfo};
    use crate::tui::theme::Theme;

    fn slot(id: &str, label: &str) -> SlotInfo {
        SlotInfo {
            id: id.into(),
            label: label.into(),
            text_label: "answer".into(),
            text_optional: false,
            fields: Vec::new(),
        }
    }

    fn exercise(id: &str, slots: Vec<SlotInfo>) -> ExerciseInfo {
        ExerciseInfo {
            question: String::new(),
            id: id.into(),
            title: format!("Exercise {id}"),
            kind: "prompt_round".into(),
            instructions: "Talk in your group.".into(),
            position: 1,
            of: 2,
            slots,
        }
    }

    fn pathways() -> ExerciseInfo {
        exercise(
            "pathways",
            vec![slot("q1", "1. Areas?"), slot("q4", "4. Your path?")],
        )
    }

    fn conflicts() -> ExerciseInfo {
        let mut e = exercise(
            "conflicts",
            vec![SlotInfo {
                id: "approaches".into(),
                label: "Approaches".into(),
                text_label: "approach".into(),
                text_optional: false,
                fields: vec![
                    FieldInfo {
                        name: "benefits".into(),
                        label: "Benefits".into(),
                        required: false,
                        choices: Vec::new(),
                    },
                    FieldInfo {
                        name: "risks".into(),
                        label: "Risks".into(),
                        required: false,
                        choices: Vec::new(),
                    },
                ],
            }],
        );
        e.kind = "value_conflict".into();
        e
    }

    fn cells() -> ExerciseInfo {
        exercise(
            "roles",
            vec![SlotInfo {
                id: "intake.a".into(),
                label: "Intake × (a)".into(),
                text_label: "comment".into(),
                text_optional: true,
                fields: vec![FieldInfo {
                    name: "mark".into(),
                    label: "Mark".into(),
                    required: true,
                    choices: vec!["Yes".into(), "No".into(), "Maybe".into(), "??".into()],
                }],
            }],
        )
    }

    fn session(e: ExerciseInfo, answers: Vec<Answer>) -> JoinAction {
        JoinAction::Link(LinkEvent::Session(Box::new(SessionReply {
            title: "Dreaming together".into(),
            group: Some("Table 1".into()),
            exercise: e,
            answers,
        })))
    }

    fn answer(id: &str, slot: &str, text: &str) -> Answer {
        Answer {
            id: id.into(),
            exercise: "pathways".into(),
            slot: slot.into(),
            group: Some("Table 1".into()),
            text: text.into(),
            fields: Default::default(),
            at: "2026-01-01T10:00:00Z".into(),
        }
    }

    fn state() -> JoinState {
        let mut s = JoinState::new(
            "http://127.0.0.1:7878/".into(),
            "Table 1".into(),
            Theme::plain(),
        );
        update(
            &mut s,
            session(pathways(), vec![answer("s1", "q1", "peer jobs")]),
        );
        s
    }

    fn key(code: KeyCode) -> JoinAction {
        JoinAction::Key(KeyEvent::new(code, KeyModifiers::NONE))
    }
    fn with(code: KeyCode, m: KeyModifiers) -> JoinAction {
        JoinAction::Key(KeyEvent::new(code, m))
    }
    fn ctrl_key(c: char) -> JoinAction {
        with(KeyCode::Char(c), KeyModifiers::CONTROL)
    }
    fn type_text(s: &mut JoinState, text: &str) {
        for c in text.chars() {
            assert!(update(s, key(KeyCode::Char(c))).is_empty());
        }
    }
    fn queued_request(effects: Vec<JoinEffect>) -> ContributionRequest {
        match effects.as_slice() {
            [JoinEffect::Queue { request, .. }] => request.clone(),
            other => panic!("expected one Queue effect, got {other:?}"),
        }
    }

    #[test]
    fn typing_enter_queues_then_the_server_saves() {
        let mut s = state();
        update(&mut s, key(KeyCode::Tab));
        assert_eq!(s.current_slot().unwrap().id, "q4");
        type_text(&mut s, "Volunteer -->  outreach 🚀");
        update(&mut s, with(KeyCode::Enter, KeyModifiers::ALT));
        type_text(&mut s, "coordinator");
        let r = queued_request(update(&mut s, key(KeyCode::Enter)));
        assert_eq!(r.text, "Volunteer -->  outreach 🚀\ncoordinator");
        assert_eq!((r.exercise.as_str(), r.slot.as_str()), ("pathways", "q4"));
        assert_eq!(r.group, "Table 1");
        // Until the outbox confirms, the text stays in the box and Enter does nothing more.
        assert_eq!(s.capture[0].text(), r.text);
        assert!(update(&mut s, key(KeyCode::Enter)).is_empty());
        update(&mut s, JoinAction::Queued);
        assert_eq!(s.capture[0].text(), "");
        assert_eq!(s.mine[0].state, MineState::Queued);
        assert_eq!(s.last.as_deref(), Some(r.id.as_str()));
        let shown = s.slot_answers();
        assert_eq!(shown.len(), 1);
        assert_eq!(shown[0].mine, Some(&MineState::Queued));
        update(
            &mut s,
            JoinAction::Link(LinkEvent::Saved {
                id: r.id.clone(),
                new: true,
            }),
        );
        assert!(matches!(s.mine[0].state, MineState::Saved(_)));
        // The server's own copy arrives: shown once.
        let mut a = answer(&r.id, "q4", &r.text);
        a.at = "2026-01-01T10:01:00Z".into();
        update(
            &mut s,
            JoinAction::Link(LinkEvent::Event(Event::Answer { answer: a })),
        );
        assert_eq!(s.slot_answers().len(), 1);
    }

    #[test]
    fn a_disk_failure_keeps_the_text_and_the_same_answer_keeps_its_id() {
        let mut s = state();
        type_text(&mut s, "kept");
        let first = queued_request(update(&mut s, key(KeyCode::Enter)));
        update(&mut s, JoinAction::QueueFailed("disk full".into()));
        assert!(s.banner.as_deref().unwrap().contains("NOT QUEUED"));
        assert_eq!(s.capture[0].text(), "kept");
        let again = queued_request(update(&mut s, key(KeyCode::Enter)));
        assert_eq!(again.id, first.id);
        update(&mut s, JoinAction::QueueFailed("disk full".into()));
        type_text(&mut s, "!");
        let changed = queued_request(update(&mut s, key(KeyCode::Enter)));
        assert_ne!(changed.id, first.id, "a different text gets a new id");
    }

    #[test]
    fn empty_enter_does_nothing_and_required_text_is_asked_for() {
        let mut s = state();
        assert!(update(&mut s, key(KeyCode::Enter)).is_empty());
        type_text(&mut s, "   ");
        assert!(update(&mut s, key(KeyCode::Enter)).is_empty());
        assert_eq!(s.capture[0].text(), "   ");
    }

    #[test]
    fn multi_field_slots_mirror_the_facilitator() {
        let mut s = state();
        update(
            &mut s,
            JoinAction::Link(LinkEvent::Event(Event::Agenda {
                exercise: conflicts(),
            })),
        );
        assert_eq!(s.capture.len(), 3);
        type_text(&mut s, "Disclose");
        update(&mut s, ctrl_key('f'));
        type_text(&mut s, "trust");
        update(&mut s, ctrl_key('f'));
        update(&mut s, JoinAction::Paste("line one\r\nline two".into()));
        let r = queued_request(update(&mut s, key(KeyCode::Enter)));
        assert_eq!(r.text, "Disclose");
        assert_eq!(r.fields.get("benefits").map(String::as_str), Some("trust"));
        assert_eq!(
            r.fields.get("risks").map(String::as_str),
            Some("line one\nline two")
        );

        // A cell: the mark comes first, chosen by its first letter; the comment is optional.
        update(&mut s, JoinAction::Queued);
        update(
            &mut s,
            JoinAction::Link(LinkEvent::Event(Event::Agenda { exercise: cells() })),
        );
        assert_eq!(s.capture_field, 1);
        assert_eq!(s.capture[1].text(), "", "no mark is chosen for the group");
        assert!(
            update(&mut s, key(KeyCode::Enter)).is_empty(),
            "a mark is asked for"
        );
        assert!(s.status.as_deref().unwrap().contains("is needed"));
        update(&mut s, key(KeyCode::Char('m')));
        assert_eq!(s.capture[1].text(), "Maybe");
        let r = queued_request(update(&mut s, key(KeyCode::Enter)));
        assert_eq!(r.text, "");
        assert_eq!(r.fields.get("mark").map(String::as_str), Some("Maybe"));
    }

    #[test]
    fn the_box_keeps_its_exercise_when_the_facilitator_moves_on() {
        let mut s = state();
        update(&mut s, key(KeyCode::Tab));
        type_text(&mut s, "half typed");
        update(
            &mut s,
            JoinAction::Link(LinkEvent::Event(Event::Agenda {
                exercise: conflicts(),
            })),
        );
        assert!(s.behind());
        assert!(s.status.as_deref().unwrap().contains("moved on"));
        let r = queued_request(update(&mut s, key(KeyCode::Enter)));
        assert_eq!((r.exercise.as_str(), r.slot.as_str()), ("pathways", "q4"));
        update(&mut s, JoinAction::Queued);
        // Once sent, the box follows the facilitator.
        assert!(!s.behind());
        assert_eq!(s.target.as_ref().unwrap().id, "conflicts");

        // Ctrl-N takes typed text along to the new exercise.
        update(
            &mut s,
            JoinAction::Link(LinkEvent::Event(Event::Agenda {
                exercise: conflicts(),
            })),
        );
        type_text(&mut s, "moving");
        update(
            &mut s,
            JoinAction::Link(LinkEvent::Event(Event::Agenda {
                exercise: pathways(),
            })),
        );
        assert!(s.behind());
        update(&mut s, ctrl_key('n'));
        assert!(!s.behind());
        assert_eq!(s.capture[0].text(), "moving");
    }

    #[test]
    fn typed_fields_are_never_dropped_by_moving() {
        let mut s = state();
        update(
            &mut s,
            JoinAction::Link(LinkEvent::Event(Event::Agenda {
                exercise: conflicts(),
            })),
        );
        update(&mut s, ctrl_key('f'));
        update(&mut s, ctrl_key('f'));
        type_text(&mut s, "blurred lines");
        // The facilitator moves on; following would leave "risks" nowhere: refused, kept.
        update(
            &mut s,
            JoinAction::Link(LinkEvent::Event(Event::Agenda {
                exercise: pathways(),
            })),
        );
        assert!(s.behind());
        update(&mut s, ctrl_key('n'));
        assert!(s.behind());
        assert!(s.status.as_deref().unwrap().contains("no place there"));
        assert_eq!(s.capture[2].text(), "blurred lines");
        // The approach is required.
        assert!(update(&mut s, key(KeyCode::Enter)).is_empty());
        assert!(
            s.status
                .as_deref()
                .unwrap()
                .contains("type the approach first")
        );
        update(&mut s, ctrl_key('f'));
        type_text(&mut s, "Say so");
        // Sent where it was typed, the box then follows, and typing starts at the top again.
        let r = queued_request(update(&mut s, key(KeyCode::Enter)));
        assert_eq!(
            r.fields.get("risks").map(String::as_str),
            Some("blurred lines")
        );
        assert_eq!(r.exercise, "conflicts");
        update(&mut s, JoinAction::Queued);
        assert_eq!(s.target.as_ref().unwrap().id, "pathways");
        assert_eq!(s.capture_field, 0);
    }

    #[test]
    fn an_oversized_answer_is_refused_before_it_is_queued() {
        let mut s = state();
        update(&mut s, JoinAction::Paste("x".repeat(MAX_BODY_BYTES)));
        assert!(update(&mut s, key(KeyCode::Enter)).is_empty());
        assert!(s.banner.as_deref().unwrap().contains("at most 64 KB"));
        assert_eq!(s.capture[0].text().len(), MAX_BODY_BYTES);
        // And over 1 MiB is not even inserted.
        update(&mut s, JoinAction::Paste("y".repeat(MAX_FIELD_BYTES)));
        assert!(s.banner.as_deref().unwrap().contains("Not inserted"));
        assert_eq!(s.capture[0].text().len(), MAX_BODY_BYTES);
    }

    #[test]
    fn a_refused_answer_is_kept_marked_and_can_be_corrected() {
        let mut s = state();
        type_text(&mut s, "bad");
        let r = queued_request(update(&mut s, key(KeyCode::Enter)));
        update(&mut s, JoinAction::Queued);
        update(
            &mut s,
            JoinAction::Link(LinkEvent::Refused {
                id: r.id.clone(),
                status: 422,
                message: "no such slot".into(),
            }),
        );
        assert_eq!(s.mine[0].state, MineState::Failed("no such slot".into()));
        assert!(
            s.banner
                .as_deref()
                .unwrap()
                .contains("kept on this machine")
        );
        update(&mut s, key(KeyCode::Esc));
        assert_eq!(s.focus, Focus::Select);
        assert_eq!(s.selected.as_deref(), Some(r.id.as_str()));
        update(&mut s, key(KeyCode::Enter));
        assert_eq!(s.fixing.as_deref(), Some(r.id.as_str()));
        assert_eq!(s.capture[0].text(), "bad");
        type_text(&mut s, " fixed");
        match update(&mut s, key(KeyCode::Enter)).as_slice() {
            [JoinEffect::Queue { request, replaces }] => {
                assert_eq!(request.text, "bad fixed");
                assert_ne!(request.id, r.id);
                assert_eq!(replaces.as_deref(), Some(r.id.as_str()));
            }
            other => panic!("{other:?}"),
        }
        update(&mut s, JoinAction::Queued);
        assert_eq!(s.mine.len(), 1);
        assert_eq!(s.mine[0].request.text, "bad fixed");
    }

    #[test]
    fn connection_states_and_signing_out() {
        let mut s = state();
        let now = s.now;
        update(
            &mut s,
            JoinAction::Link(LinkEvent::Down {
                retry_in: Duration::from_secs(2),
                reason: "refused".into(),
            }),
        );
        assert!(
            matches!(&s.conn, Conn::Reconnecting { at, .. } if *at == now + Duration::from_secs(2))
        );
        update(&mut s, JoinAction::Link(LinkEvent::Up));
        assert_eq!(s.conn, Conn::Connected);
        update(
            &mut s,
            JoinAction::Link(LinkEvent::Joined(JoinReply {
                device: "d".into(),
                token: "t".into(),
                group: "Table 1".into(),
            })),
        );
        update(
            &mut s,
            JoinAction::Link(LinkEvent::SignedOut("revoked".into())),
        );
        update(&mut s, JoinAction::Link(LinkEvent::Up));
        assert!(matches!(s.conn, Conn::SignedOut(_)));
        // Typing still queues: it waits on this machine.
        type_text(&mut s, "still kept");
        assert_eq!(
            queued_request(update(&mut s, key(KeyCode::Enter))).text,
            "still kept"
        );
    }

    #[test]
    fn keys_the_note_taker_cannot_use_say_why() {
        let mut s = state();
        update(&mut s, ctrl_key('g'));
        assert!(s.status.as_deref().unwrap().contains("--group"));
        update(&mut s, ctrl_key('n'));
        assert!(
            s.status
                .as_deref()
                .unwrap()
                .contains("follows the facilitator")
        );
        update(&mut s, key(KeyCode::F(1)));
        assert!(s.help);
        update(&mut s, key(KeyCode::Esc));
        assert!(!s.help);
        type_text(&mut s, "unsent");
        assert!(update(&mut s, ctrl_key('q')).is_empty());
        assert!(s.quit_ask && !s.quit, "asks: send, discard or go back");
        update(&mut s, key(KeyCode::Esc));
        assert!(!s.quit_ask && !s.quit);
        assert_eq!(s.capture[0].text(), "unsent");
        // Send it: queued, then quit once it is on disk.
        update(&mut s, ctrl_key('q'));
        let r = queued_request(update(&mut s, key(KeyCode::Char('s'))));
        assert_eq!(r.text, "unsent");
        assert!(!s.quit);
        let effects = update(&mut s, JoinAction::Queued);
        assert_eq!(effects.last(), Some(&JoinEffect::Quit));
        assert!(s.quit);
    }

    #[test]
    fn discarding_quits_and_a_signal_keeps_the_typing_as_a_draft() {
        let mut s = state();
        type_text(&mut s, "thrown away");
        update(&mut s, ctrl_key('q'));
        let effects = update(&mut s, key(KeyCode::Char('d')));
        assert!(matches!(&effects[..], [JoinEffect::Quit]), "{effects:?}");

        let mut s = state();
        update(&mut s, key(KeyCode::Tab));
        type_text(&mut s, "kept 夢");
        let effects = update(&mut s, JoinAction::Quit);
        let [JoinEffect::KeepDraft(d), JoinEffect::Quit] = &effects[..] else {
            panic!("{effects:?}")
        };
        assert_eq!(d.boxes[0], "kept 夢");
        // A new run restores it to the same exercise and slot.
        let mut again = JoinState::new("http://x".into(), "Table 1".into(), Theme::plain());
        again.restore(d);
        assert_eq!(again.capture[0].text(), "kept 夢");
        assert_eq!(again.current_slot().map(|s| s.id.as_str()), Some("q4"));
    }

    #[test]
    fn removed_answers_go_and_the_selection_follows() {
        let mut s = state();
        update(&mut s, key(KeyCode::Esc));
        assert_eq!(s.selected.as_deref(), Some("s1"));
        update(
            &mut s,
            JoinAction::Link(LinkEvent::Event(Event::Removed { id: "s1".into() })),
        );
        assert!(s.slot_answers().is_empty());
        assert_eq!(s.selected, None);
        update(&mut s, key(KeyCode::Down));
        update(&mut s, key(KeyCode::Char('x')));
        update(&mut s, key(KeyCode::Char('i')));
        assert_eq!(s.focus, Focus::Capture);
    }

    fn any_action() -> impl proptest::strategy::Strategy<Value = JoinAction> {
        use proptest::prelude::*;
        let codes = prop::sample::select(vec![
            KeyCode::Enter,
            KeyCode::Tab,
            KeyCode::BackTab,
            KeyCode::Esc,
            KeyCode::Up,
            KeyCode::Down,
            KeyCode::Left,
            KeyCode::Right,
            KeyCode::Home,
            KeyCode::End,
            KeyCode::PageUp,
            KeyCode::PageDown,
            KeyCode::Backspace,
            KeyCode::Delete,
            KeyCode::F(1),
            KeyCode::F(5),
            KeyCode::Char('?'),
            KeyCode::Char('e'),
            KeyCode::Char('i'),
            KeyCode::Char('j'),
            KeyCode::Char(' '),
            KeyCode::Char('m'),
            KeyCode::Char('\u{1b}'),
            KeyCode::Char('夢'),
        ]);
        let mods = prop::sample::select(vec![
            KeyModifiers::NONE,
            KeyModifiers::ALT,
            KeyModifiers::SHIFT,
            KeyModifiers::CONTROL,
        ]);
        let ctrl_chars = prop::sample::select(vec!['f', 'n', 'p', 'g']);
        let exercises = prop::sample::select(vec![pathways(), conflicts(), cells()]);
        let slots = prop::sample::select(vec!["q1", "q4", "approaches", "intake.a", "x"]);
        prop_oneof![
            8 => (codes, mods).prop_map(|(c, m)| JoinAction::Key(KeyEvent::new(c, m))),
            2 => ctrl_chars.prop_map(ctrl_key),
            2 => any::<String>().prop_map(JoinAction::Paste),
            1 => exercises.prop_map(|e| JoinAction::Link(LinkEvent::Event(Event::Agenda { exercise: e }))),
            2 => (slots, any::<String>()).prop_map(|(slot, text)| {
                let mut a = answer(&format!("a{}", text.len() % 5), slot, &text);
                a.fields.insert("benefits".into(), text);
                JoinAction::Link(LinkEvent::Event(Event::Answer { answer: a }))
            }),
            1 => (0..5usize).prop_map(|i| JoinAction::Link(LinkEvent::Event(Event::Removed { id: format!("a{i}") }))),
            1 => Just(JoinAction::Queued),
            1 => any::<String>().prop_map(JoinAction::QueueFailed),
            1 => (0..3u64).prop_map(|s| JoinAction::Link(LinkEvent::Down { retry_in: Duration::from_secs(s), reason: "gone\u{7}".into() })),
            1 => Just(JoinAction::Link(LinkEvent::Up)),
            1 => any::<String>().prop_map(|m| JoinAction::Link(LinkEvent::SignedOut(m))),
            1 => Just(JoinAction::Tick(Instant::now())),
        ]
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(100))]
        #[test]
        fn any_keys_and_news_at_any_size_never_panic(
            actions in proptest::collection::vec(any_action(), 0..40),
            width in 0u16..220,
            height in 0u16..70,
        ) {
            use ratatui::Terminal;
            use ratatui::backend::TestBackend;
            let mut s = state();
            let mut t = Terminal::new(TestBackend::new(width, height)).unwrap();
            for a in actions {
                let effects = update(&mut s, a);
                // The outbox answers every Queue, sometimes with a failure.
                for e in effects {
                    if let JoinEffect::Queue { request, .. } = e {
                        let ok = request.text.len() % 2 == 0;
                        update(&mut s, if ok { JoinAction::Queued } else { JoinAction::QueueFailed("disk".into()) });
                        if ok {
                            update(&mut s, JoinAction::Link(LinkEvent::Refused { id: request.id, status: 422, message: "no\u{0}".into() }));
                        }
                    }
                }
                t.draw(|f| crate::tui::join::view(&s, f)).unwrap();
            }
            t.draw(|f| crate::tui::join::view(&s, f)).unwrap();
        }
    }
}
