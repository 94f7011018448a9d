//! `update`: the only place the app's state changes. Pure but for the clock it is given and
//! fresh contribution ids; all I/O is returned as effects.

use std::time::Duration;

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyEventKind, KeyModifiers};

use super::action::{Action, Effect};
use super::boards::{BoardView, Hit, visible_contributions};
use super::state::{
    Breakout, FORM_LABELS, Focus, GroupPicker, Home, HomeFocus, NewSessionForm, Pending, Purpose,
    Run, Screen, Stash, State,
};
use super::textbox::{TextBox, TooLong};
use crate::model::exercise::ExerciseKind;
use crate::model::text::MAX_FIELD_BYTES;
use crate::model::{Change, Draft, Session};

pub fn update(state: &mut State, action: Action) -> Vec<Effect> {
    match action {
        // A signal or the terminal going away: whatever is in the box is kept as a draft.
        Action::Quit => quit(state),
        Action::Tick(now) => {
            state.now = now;
            tick(state)
        }
        Action::Key(key) => key_event(state, key),
        Action::Paste(text) => paste(state, &text),
        Action::Click(hit) => click(state, hit),
        Action::Scroll(delta) => {
            // Boards follow the selection, so the wheel moves through the contributions.
            browse(state, delta.signum() as isize);
            Vec::new()
        }
        Action::Persisted => persisted(state),
        Action::PersistFailed(message) => {
            if let Some(run) = state.run_mut() {
                run.pending = None;
                // The newest outcome only: no "✓ saved" under a failure.
                run.last_saved = None;
            }
            state.status = None;
            state.quit_ask = false;
            state.quit_after_save = false;
            state.banner = Some(format!(
                "NOT SAVED — {message}. Your text is still in the box: fix the problem (disk full? read-only?) and press Enter again."
            ));
            Vec::new()
        }
        Action::Opened {
            path,
            session,
            unsaved,
        } => {
            let mut run = Run::new(path, *session);
            state.status = Some("Type to capture; Enter saves. F1 for help.".into());
            if let Some(u) = unsaved {
                run.restore(&u);
                if u.has_text() {
                    state.status = Some(RESTORED.into());
                }
            }
            state.screen = Screen::Run(Box::new(run));
            Vec::new()
        }
        Action::OpenFailed(message) => {
            if let Screen::Home(home) = &mut state.screen
                && let Some(form) = &mut home.form
            {
                form.error = Some(message.clone());
            }
            state.banner = Some(message);
            Vec::new()
        }
        Action::Exported(paths) => {
            let names: Vec<String> = paths
                .iter()
                .filter_map(|p| p.file_name().map(|n| n.to_string_lossy().into_owned()))
                .collect();
            let dir = paths
                .first()
                .and_then(|p| p.parent())
                .map_or_else(String::new, |d| d.display().to_string());
            state.status = Some(format!(
                "✓ exported to {dir}/: {} (off the record left out)",
                names.join(", ")
            ));
            Vec::new()
        }
        Action::ExportFailed(message) => {
            state.banner = Some(format!("Export failed — {message}"));
            Vec::new()
        }
        a @ (Action::Shared { .. }
        | Action::ShareFailed(_)
        | Action::Unshared
        | Action::Arrived { .. }
        | Action::Devices(_)
        | Action::Notice { .. }
        | Action::CodeRotated(_)
        | Action::Resync(_)) => super::sharing::action(state, a),
    }
}

/// Said when a session reopens with text that was typed and not saved.
pub const RESTORED: &str =
    "Restored text you had typed and not saved: Enter saves it; Ctrl-U and Ctrl-K clear lines.";

/// Quits, keeping what is in the box (and where the facilitator is) in the drafts file.
fn quit(state: &mut State) -> Vec<Effect> {
    state.quit = true;
    let mut effects: Vec<Effect> = state
        .run()
        .map(|r| Effect::KeepUnsaved(r.unsaved()))
        .into_iter()
        .collect();
    effects.push(Effect::Quit);
    effects
}

/// Whether quitting now would throw away typing: the capture box or an edit holds text.
fn has_unsaved_text(state: &State) -> bool {
    state
        .run()
        .is_some_and(|r| r.capture_has_text() || r.editing.is_some())
}

/// The answer to "quit with unsaved text?": save it, discard it, or go back.
fn quit_ask_key(state: &mut State, key: &KeyEvent) -> Vec<Effect> {
    match key.code {
        KeyCode::Char('s') | KeyCode::Char('S') | KeyCode::Enter => {
            state.quit_ask = false;
            state.quit_after_save = true;
            let effects = submit(state);
            if effects.is_empty() {
                // Refused (a mark to choose, a required field): the status says why.
                state.quit_after_save = false;
            }
            effects
        }
        KeyCode::Char('d') | KeyCode::Char('D') => {
            state.quit_ask = false;
            if let Some(run) = state.run_mut() {
                if run.editing.is_some() {
                    cancel_edit(run);
                }
                run.capture = vec![TextBox::default()];
                run.reset_fields();
            }
            quit(state)
        }
        KeyCode::Esc | KeyCode::Char('g') | KeyCode::Char('G') => {
            state.quit_ask = false;
            state.status = Some("Back to the box; nothing was saved or discarded.".into());
            Vec::new()
        }
        _ => Vec::new(),
    }
}

fn ctrl(key: &KeyEvent, c: char) -> bool {
    key.modifiers.contains(KeyModifiers::CONTROL) && key.code == KeyCode::Char(c)
}

fn key_event(state: &mut State, key: KeyEvent) -> Vec<Effect> {
    if key.kind == KeyEventKind::Release {
        return Vec::new();
    }
    if state.quit_ask {
        return quit_ask_key(state, &key);
    }
    if ctrl(&key, 'q') || ctrl(&key, 'c') {
        if has_unsaved_text(state) {
            state.quit_ask = true;
            state.help = false;
            return Vec::new();
        }
        return quit(state);
    }
    if state.help {
        super::help::key(&mut state.help, &mut state.help_scroll, &key, 60);
        return Vec::new();
    }
    if key.code == KeyCode::F(1) {
        state.help = true;
        return Vec::new();
    }
    match &mut state.screen {
        Screen::Home(_) => home_key(state, key),
        Screen::Run(_) => run_key(state, key),
    }
}

// ---------------------------------------------------------------- home

fn home_key(state: &mut State, key: KeyEvent) -> Vec<Effect> {
    let today = jiff::Zoned::now().date().to_string();
    let Screen::Home(home) = &mut state.screen else {
        return Vec::new();
    };
    if home.form.is_some() {
        return form_key(home, key);
    }
    let focus = home.focus();
    match key.code {
        KeyCode::Char('q') => return quit(state),
        KeyCode::Char('?') => state.help = true,
        KeyCode::Tab | KeyCode::BackTab | KeyCode::Left | KeyCode::Right => {
            home.focus = Some(match focus {
                HomeFocus::Scenarios if !home.sessions.is_empty() => HomeFocus::Sessions,
                _ => HomeFocus::Scenarios,
            });
        }
        KeyCode::Up | KeyCode::Char('k') => match focus {
            HomeFocus::Scenarios => home.scenario = home.scenario.saturating_sub(1),
            HomeFocus::Sessions => home.session = home.session.saturating_sub(1),
        },
        KeyCode::Down | KeyCode::Char('j') => match focus {
            HomeFocus::Scenarios => {
                home.scenario = (home.scenario + 1).min(home.scenarios.len().saturating_sub(1))
            }
            HomeFocus::Sessions => {
                home.session = (home.session + 1).min(home.sessions.len().saturating_sub(1))
            }
        },
        KeyCode::Char('n') => open_form(home, &today),
        KeyCode::Enter => match focus {
            HomeFocus::Scenarios => open_form(home, &today),
            HomeFocus::Sessions => {
                if let Some(s) = home.sessions.get(home.session) {
                    return vec![Effect::OpenSession(s.path.clone())];
                }
            }
        },
        _ => {}
    }
    Vec::new()
}

fn open_form(home: &mut Home, today: &str) {
    let Some(scenario) = home.scenarios.get(home.scenario) else {
        return;
    };
    let mut fields: [TextBox; 3] = Default::default();
    fields[0].set(&scenario.title);
    fields[1].set(today);
    fields[2].set(&scenario.suggested_groups.join(", "));
    home.form = Some(NewSessionForm {
        scenario: home.scenario,
        fields,
        field: 0,
        error: None,
    });
}

fn form_key(home: &mut Home, key: KeyEvent) -> Vec<Effect> {
    let Some(form) = &mut home.form else {
        return Vec::new();
    };
    match key.code {
        KeyCode::Esc => home.form = None,
        KeyCode::Tab | KeyCode::Down => form.field = (form.field + 1) % FORM_LABELS.len(),
        KeyCode::BackTab | KeyCode::Up => {
            form.field = (form.field + FORM_LABELS.len() - 1) % FORM_LABELS.len()
        }
        KeyCode::Enter => {
            let title = form.fields[0].text().trim().to_owned();
            let date_text = form.fields[1].text().trim();
            if title.is_empty() {
                form.error = Some("The title must not be empty.".into());
                return Vec::new();
            }
            let date = if date_text.is_empty() {
                None
            } else {
                match date_text.parse::<jiff::civil::Date>() {
                    Ok(d) => Some(d),
                    Err(_) => {
                        form.error = Some(format!(
                            "\"{date_text}\" is not a date: write it as YYYY-MM-DD."
                        ));
                        return Vec::new();
                    }
                }
            };
            let mut groups: Vec<String> = Vec::new();
            for g in form.fields[2]
                .text()
                .split(',')
                .map(str::trim)
                .filter(|g| !g.is_empty())
            {
                if !crate::model::text::is_valid_name(g) {
                    form.error = Some(format!("\"{g}\" cannot be a group name."));
                    return Vec::new();
                }
                if !groups.iter().any(|x| x == g) {
                    groups.push(g.to_owned());
                }
            }
            let Some(scenario) = home.scenarios.get(form.scenario) else {
                return Vec::new();
            };
            return vec![Effect::CreateSession {
                scenario: scenario.path.clone(),
                title,
                date,
                groups,
            }];
        }
        _ => {
            form.fields[form.field].key(&key, false);
        }
    }
    Vec::new()
}

// ---------------------------------------------------------------- run screen

fn run_key(state: &mut State, key: KeyEvent) -> Vec<Effect> {
    let Some(run) = state.run_mut() else {
        return Vec::new();
    };
    // Overlays take the keys first.
    if run.group_picker.is_some() {
        return group_picker_key(state, key);
    }
    if run.new_group.is_some() {
        return new_group_key(state, key);
    }
    if run.breakout.is_some() {
        return breakout_key(state, key);
    }
    if let Some(effects) = super::sharing::panel_key(state, &key) {
        return effects;
    }
    let Some(run) = state.run_mut() else {
        return Vec::new();
    };
    if run.spotlight.is_some() {
        if matches!(key.code, KeyCode::Esc | KeyCode::Char(' ') | KeyCode::Enter) {
            run.spotlight = None;
        }
        return Vec::new();
    }
    // Keys that work wherever the focus is.
    if let Some(effects) = run_global_key(state, &key) {
        return effects;
    }
    let Some(run) = state.run_mut() else {
        return Vec::new();
    };
    match run.focus {
        Focus::Capture => capture_key(state, key),
        Focus::Select => select_key(state, key),
    }
}

fn run_global_key(state: &mut State, key: &KeyEvent) -> Option<Vec<Effect>> {
    let now = state.now;
    let run = state.run_mut()?;
    let alt = key.modifiers.contains(KeyModifiers::ALT);
    match key.code {
        KeyCode::Tab if !alt => move_slot(run, 1),
        KeyCode::BackTab => move_slot(run, -1),
        KeyCode::F(5) => {
            run.projection = !run.projection;
            state.theme.projection = state.run().is_some_and(|r| r.projection);
        }
        KeyCode::F(6) => return Some(super::sharing::toggle(state)),
        KeyCode::F(7) => toggle_timer(run, now),
        KeyCode::F(8) => add_minute(run),
        KeyCode::PageDown if !role_clarity_nav(run, key) => browse(state, 5),
        KeyCode::PageUp if !role_clarity_nav(run, key) => browse(state, -5),
        _ if ctrl(key, 'g') => next_group(state),
        _ if ctrl(key, 'n') => go_to_exercise(state, 1),
        _ if ctrl(key, 'p') => go_to_exercise(state, -1),
        _ if ctrl(key, 'f') => {
            let n = run.capture.len();
            run.capture_field = (run.capture_field + 1) % n;
        }
        _ => return None,
    }
    Some(Vec::new())
}

fn capture_key(state: &mut State, key: KeyEvent) -> Vec<Effect> {
    let Some(run) = state.run_mut() else {
        return Vec::new();
    };
    let alt = key.modifiers.contains(KeyModifiers::ALT);
    match key.code {
        KeyCode::Enter if alt || key.modifiers.contains(KeyModifiers::SHIFT) => {
            if run.capture_field == 0 || free_field(run) {
                let field = run.capture_field;
                insert(state, field, "\n");
            }
            Vec::new()
        }
        KeyCode::Enter => submit(state),
        KeyCode::Esc => {
            if run.editing.is_some() {
                cancel_edit(run);
                state.status = Some("Edit cancelled; nothing changed.".into());
            } else {
                run.focus = Focus::Select;
                if run.selected.is_none() {
                    select_step(state, 0);
                }
            }
            Vec::new()
        }
        _ => {
            let field = run.capture_field;
            let slot = run.current_slot();
            let choices = field
                .checked_sub(1)
                .and_then(|i| slot.fields.get(i))
                .map(|f| f.choices.clone())
                .unwrap_or_default();
            if !choices.is_empty() {
                if let KeyCode::Char(d @ '0'..='9') = key.code
                    && !key
                        .modifiers
                        .intersects(KeyModifiers::CONTROL | KeyModifiers::ALT)
                    && let Some(message) = jump_to_activity(run, d)
                {
                    state.status = Some(message);
                    return Vec::new();
                }
                run.jump.clear();
                if role_clarity_nav(run, &key) {
                    return Vec::new();
                }
                if key
                    .modifiers
                    .intersects(KeyModifiers::CONTROL | KeyModifiers::ALT)
                {
                    return Vec::new();
                }
                if let Some(b) = run.capture.get_mut(field) {
                    super::textbox::choose(b, &choices, &key);
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
            if let Some(b) = run.capture.get_mut(field) {
                b.key(&key, true);
            }
            Vec::new()
        }
    }
}

/// Whether the focused field is free text (not a choice).
fn free_field(run: &Run) -> bool {
    let slot = run.current_slot();
    run.capture_field
        .checked_sub(1)
        .and_then(|i| slot.fields.get(i))
        .is_some_and(|f| f.choices.is_empty())
}

fn too_long_message(e: &TooLong) -> String {
    format!(
        "Not inserted: that would make {} bytes, and a contribution holds at most {} bytes (1 MiB). Split it into several answers.",
        e.would_be, MAX_FIELD_BYTES
    )
}

fn insert(state: &mut State, field: usize, text: &str) {
    let Some(run) = state.run_mut() else { return };
    let Some(b) = run.capture.get_mut(field) else {
        return;
    };
    if let Err(e) = b.insert(text) {
        state.banner = Some(too_long_message(&e));
    }
}

fn paste(state: &mut State, text: &str) -> Vec<Effect> {
    match &mut state.screen {
        Screen::Home(home) => {
            if let Some(form) = &mut home.form {
                // One-line fields: line breaks become spaces only here, in the form.
                let _ = form.fields[form.field].insert(&text.replace(['\r', '\n'], " "));
            }
        }
        Screen::Run(run) => {
            if let Some(b) = &mut run.new_group {
                let _ = b.insert(text.lines().next().unwrap_or(""));
            } else if let Some(br) = &mut run.breakout {
                if let Err(e) = br.names.insert(text) {
                    state.banner = Some(too_long_message(&e));
                }
            } else {
                run.focus = Focus::Capture;
                let field = if run.capture_field == 0 || free_field(run) {
                    run.capture_field
                } else {
                    0
                };
                insert(state, field, text);
            }
        }
    }
    Vec::new()
}

fn submit(state: &mut State) -> Vec<Effect> {
    let Some(run) = state.run_mut() else {
        return Vec::new();
    };
    if run.pending.is_some() {
        return Vec::new();
    }
    let slot = run.current_slot();
    let exercise = run.current_exercise().id.clone();
    let text = run.capture.first().map_or("", TextBox::text).to_owned();
    let fields: crate::model::contribution::Fields = slot
        .fields
        .iter()
        .zip(run.capture.iter().skip(1))
        .filter(|(_, b)| !b.text().is_empty())
        .map(|(f, b)| (f.name.to_owned(), b.text().to_owned()))
        .collect();
    if !run.capture_has_text() && run.editing.is_none() && slot.fields.iter().all(|f| !f.required) {
        return Vec::new(); // Enter on an empty box does nothing
    }
    // Nothing is chosen for the group: a required mark must be picked by hand.
    if let Some((i, f)) = slot
        .fields
        .iter()
        .enumerate()
        .find(|(i, f)| f.required && run.capture.get(i + 1).is_none_or(|b| b.is_blank()))
    {
        run.capture_field = i + 1;
        state.status = Some(if f.choices.is_empty() {
            format!("Not saved: {} is needed.", f.label)
        } else {
            format!(
                "Not saved: choose the {} first — {} (type its first letter, or Space).",
                f.name,
                f.choices.join(" / ")
            )
        });
        return Vec::new();
    }
    let (change, purpose, description) = match &run.editing {
        Some(id) => (
            Change::Edit {
                id: id.clone(),
                text,
                fields,
                at: jiff::Timestamp::now(),
            },
            Purpose::Edit,
            "edit (the earlier version is kept)".to_owned(),
        ),
        None => {
            let mut draft = Draft::new(exercise, slot.id.clone(), &text)
                .group(run.group_name().map(str::to_owned));
            draft.fields = fields;
            let where_ = match run.group_name() {
                Some(g) => format!("{g} · {}", slot.label),
                None => slot.label.clone(),
            };
            (
                Change::Add {
                    contribution: draft.into_contribution(),
                },
                Purpose::Submit,
                where_,
            )
        }
    };
    if let Err(e) = run.session.check(&change) {
        state.status = Some(format!("Not saved: {e}"));
        return Vec::new();
    }
    request(state, vec![change], purpose, description)
}

/// Sends changes to the disk; they are applied here only once `Persisted` confirms them.
fn request(
    state: &mut State,
    changes: Vec<Change>,
    purpose: Purpose,
    description: String,
) -> Vec<Effect> {
    let Some(run) = state.run_mut() else {
        return Vec::new();
    };
    let mut preview = run.session.clone();
    let mut inverse = Vec::new();
    for c in &changes {
        if let Some(inv) = inverse_of(&preview, c) {
            inverse.push(inv);
        }
        if let Err(e) = preview.apply(c) {
            state.status = Some(format!("Not done: {e}"));
            return Vec::new();
        }
    }
    inverse.reverse();
    run.pending = Some(Pending {
        changes: changes.clone(),
        inverse,
        purpose,
        description,
    });
    vec![Effect::Persist(changes)]
}

/// The change that takes `change` back. Nothing typed is ever removed: undoing an addition
/// takes it off the record.
pub fn inverse_of(session: &Session, change: &Change) -> Option<Change> {
    Some(match change {
        Change::Add { contribution } => Change::SetHidden {
            id: contribution.id.clone(),
            hidden: true,
        },
        Change::Edit { id, .. } => {
            let c = session.contribution(id)?;
            Change::Edit {
                id: id.clone(),
                text: c.text.clone(),
                fields: c.fields.clone(),
                at: jiff::Timestamp::now(),
            }
        }
        Change::SetHidden { id, .. } => Change::SetHidden {
            id: id.clone(),
            hidden: session.contribution(id)?.hidden,
        },
        Change::SetStarred { id, .. } => Change::SetStarred {
            id: id.clone(),
            starred: session.contribution(id)?.starred,
        },
        Change::Move { id, .. } => {
            let c = session.contribution(id)?;
            Change::Move {
                id: id.clone(),
                exercise: c.exercise.clone(),
                slot: c.slot.clone(),
                group: c.group.clone(),
            }
        }
        Change::AddGroup { .. } | Change::SetAttribution { .. } => return None,
    })
}

fn persisted(state: &mut State) -> Vec<Effect> {
    let Some(run) = state.run_mut() else {
        return Vec::new();
    };
    let Some(pending) = run.pending.take() else {
        return Vec::new();
    };
    for c in &pending.changes {
        // Already checked before writing; the journal and memory agree.
        let _ = run.session.apply(c);
    }
    let time = jiff::Zoned::now().strftime("%H:%M:%S").to_string();
    let mut status = None;
    let mut state_status_clear = false;
    match pending.purpose {
        Purpose::Submit => {
            // A fresh entry: every field empty (marks too), the focus on its first field.
            for b in &mut run.capture {
                *b = TextBox::default();
            }
            run.focus_first_field();
            run.last_saved = Some(format!("✓ saved {time} — {}", pending.description));
            push_undo(run, pending.inverse);
            state_status_clear = true;
        }
        Purpose::Edit => {
            run.editing = None;
            restore_stash(run);
            run.last_saved = Some(format!("✓ saved {time} — {}", pending.description));
            push_undo(run, pending.inverse);
            state_status_clear = true;
        }
        Purpose::Act => {
            if let Some(Change::AddGroup { name }) = pending.changes.first() {
                run.group = run.session.groups.iter().position(|g| g == name);
            }
            status = Some(format!("✓ {} ({time})", pending.description));
            push_undo(run, pending.inverse);
        }
        Purpose::Undo => {
            run.redo.push(pending.inverse);
            status = Some(format!(
                "✓ undone: {} ({time}) — r redoes it",
                pending.description
            ));
        }
        Purpose::Redo => {
            run.undo.push(pending.inverse);
            status = Some(format!(
                "✓ redone: {} ({time}) — u undoes it",
                pending.description
            ));
        }
    }
    state.banner = None;
    if status.is_some() || state_status_clear {
        state.status = status;
    }
    if state.quit_after_save && matches!(pending.purpose, Purpose::Submit | Purpose::Edit) {
        state.quit_after_save = false;
        return quit(state);
    }
    Vec::new()
}

fn push_undo(run: &mut Run, inverse: Vec<Change>) {
    if !inverse.is_empty() {
        run.undo.push(inverse);
        run.redo.clear();
    }
}

fn undo(state: &mut State) -> Vec<Effect> {
    let Some(run) = state.run_mut() else {
        return Vec::new();
    };
    if run.pending.is_some() {
        return Vec::new();
    }
    let Some(changes) = run.undo.pop() else {
        state.status = Some("Nothing to undo.".into());
        return Vec::new();
    };
    let description = describe(&changes);
    let effects = request(state, changes.clone(), Purpose::Undo, description);
    if effects.is_empty()
        && let Some(run) = state.run_mut()
    {
        run.undo.push(changes);
    }
    effects
}

fn redo(state: &mut State) -> Vec<Effect> {
    let Some(run) = state.run_mut() else {
        return Vec::new();
    };
    if run.pending.is_some() {
        return Vec::new();
    }
    let Some(changes) = run.redo.pop() else {
        state.status = Some("Nothing to redo.".into());
        return Vec::new();
    };
    let description = describe(&changes);
    let effects = request(state, changes.clone(), Purpose::Redo, description);
    if effects.is_empty()
        && let Some(run) = state.run_mut()
    {
        run.redo.push(changes);
    }
    effects
}

fn describe(changes: &[Change]) -> String {
    match changes.first() {
        Some(Change::SetHidden { hidden: true, .. }) => "taken off the record".into(),
        Some(Change::SetHidden { hidden: false, .. }) => "back on the record".into(),
        Some(Change::SetStarred { .. }) => "star".into(),
        Some(Change::Edit { .. }) => "edit (every version is kept)".into(),
        Some(Change::Move { .. }) => "move".into(),
        _ => "change".into(),
    }
}

fn cancel_edit(run: &mut Run) {
    run.editing = None;
    restore_stash(run);
}

fn restore_stash(run: &mut Run) {
    match run.stash.take() {
        Some(stash) => {
            // Back where the typing was: its exercise and slot, so the boxes fit the slot.
            run.park_timer_and_go(stash.exercise);
            if let Some(s) = run.slots.get_mut(run.exercise) {
                *s = stash.slot;
            }
            run.capture = stash.boxes;
            run.capture_field = stash.field;
            if run.capture.len() != run.current_slot().fields.len() + 1 {
                run.reset_fields();
            }
        }
        None => {
            run.capture = vec![TextBox::default()];
            run.reset_fields();
        }
    }
}

fn move_slot(run: &mut Run, delta: isize) {
    if run.editing.is_some() {
        return; // an edit stays on its contribution; move it with `m` in selection
    }
    let n = run.current_slots().len() as isize;
    let i = run.slot_index() as isize;
    if let Some(s) = run.slots.get_mut(run.exercise) {
        *s = (i + delta).rem_euclid(n) as usize;
    }
    run.reset_fields();
}

fn next_group(state: &mut State) {
    let Some(run) = state.run_mut() else { return };
    let n = run.session.groups.len();
    if n == 0 {
        state.status = Some("No groups yet: press Esc, then n to add one.".into());
        return;
    }
    // Every group, then "no group" (for the whole room).
    run.group = match run.group {
        Some(i) if i + 1 < n => Some(i + 1),
        Some(_) => None,
        None => Some(0),
    };
    run.focus_first_field();
    let name = run
        .group_name()
        .unwrap_or("no group (the whole room)")
        .to_owned();
    state.status = Some(format!("Now capturing for {name}."));
}

/// Role clarity is a grid of activities by criteria: on its mark, the arrows move by row and
/// column and PgUp / PgDn by ten rows. Returns whether the key moved.
fn role_clarity_nav(run: &mut Run, key: &KeyEvent) -> bool {
    let ExerciseKind::RoleClarity(rc) = &run.current_exercise().kind else {
        return false;
    };
    if run.editing.is_some() || run.focus != Focus::Capture || run.capture_field == 0 {
        return false;
    }
    if key
        .modifiers
        .intersects(KeyModifiers::CONTROL | KeyModifiers::ALT)
    {
        return false;
    }
    let cols = rc.criteria.len().max(1) as isize;
    let (rows_by, step) = match key.code {
        KeyCode::Up => (-1, 0),
        KeyCode::Down => (1, 0),
        KeyCode::PageUp => (-10, 0),
        KeyCode::PageDown => (10, 0),
        KeyCode::Left => (0, -1),
        KeyCode::Right => (0, 1),
        _ => return false,
    };
    let n = run.current_slots().len() as isize;
    let i = run.slot_index() as isize;
    // Only the cells: the grid's last slot is "unplaced".
    let rows = rc.activities.len() as isize;
    let cells = (rows * cols).min(n);
    if i >= cells || cells == 0 {
        return true;
    }
    // Up and down keep the criterion; left and right read on into the next activity.
    let target = if rows_by != 0 {
        let row = (i / cols + rows_by).clamp(0, rows - 1);
        row * cols + i % cols
    } else {
        (i + step).clamp(0, cells - 1)
    };
    if let Some(s) = run.slots.get_mut(run.exercise) {
        *s = target as usize;
    }
    run.reset_fields();
    true
}

/// Typing an activity's number on a role-clarity mark goes to that activity's row.
fn jump_to_activity(run: &mut Run, digit: char) -> Option<String> {
    let ExerciseKind::RoleClarity(rc) = &run.current_exercise().kind else {
        return None;
    };
    let count = rc.activities.len();
    let cols = rc.criteria.len().max(1);
    let mut typed = format!("{}{digit}", run.jump);
    let mut number: usize = typed.parse().ok()?;
    if number == 0 || number > count {
        typed = digit.to_string();
        number = typed.parse().ok()?;
    }
    if number == 0 || number > count {
        run.jump.clear();
        return Some(format!(
            "No activity {digit}: they are numbered 1 to {count}."
        ));
    }
    let activity = rc.activities.get(number - 1)?.text.clone();
    let column = run.slot_index() % cols;
    run.jump = typed;
    if let Some(s) = run.slots.get_mut(run.exercise) {
        *s = (number - 1) * cols + column;
    }
    run.reset_fields();
    Some(format!("Activity {number}: {activity}"))
}

fn go_to_exercise(state: &mut State, delta: isize) {
    let Some(run) = state.run_mut() else { return };
    if run.editing.is_some() {
        cancel_edit(run);
    }
    let n = run.session.scenario.agenda.len() as isize;
    let next = (run.exercise as isize + delta).clamp(0, n - 1) as usize;
    set_exercise(run, next);
}

fn set_exercise(run: &mut Run, next: usize) {
    if next == run.exercise || next >= run.session.scenario.agenda.len() {
        return;
    }
    run.park_timer_and_go(next);
    run.selected = None;
    run.show_reference = false;
    run.reset_fields();
}

fn toggle_timer(run: &mut Run, now: std::time::Instant) {
    let t = &mut run.timer;
    if t.running() {
        t.left = t.left_at(now);
        t.deadline = None;
    } else {
        if t.left.is_zero() {
            if t.total.is_zero() {
                t.total = Duration::from_secs(5 * 60);
            }
            t.left = t.total;
        }
        t.rang = false;
        t.deadline = Some(now + t.left);
    }
}

fn add_minute(run: &mut Run) {
    let t = &mut run.timer;
    t.total += Duration::from_secs(60);
    t.left += Duration::from_secs(60);
    if let Some(d) = &mut t.deadline {
        *d += Duration::from_secs(60);
    }
    t.rang = false;
}

fn tick(state: &mut State) -> Vec<Effect> {
    let now = state.now;
    let Some(run) = state.run_mut() else {
        return Vec::new();
    };
    if !run.arrived.is_empty() {
        run.arrived
            .retain(|_, at| now.duration_since(*at) < super::state::ARRIVED_MARK);
    }
    let mut effects = Vec::new();
    // Every exercise's timer runs on its own; the one that ran out is named.
    let current = run.exercise;
    let parked = run
        .timers
        .iter_mut()
        .enumerate()
        .filter(|(i, _)| *i != current);
    let mut rang = None;
    for (i, t) in std::iter::once((current, &mut run.timer)).chain(parked) {
        if t.running() && t.left_at(now).is_zero() && !t.rang {
            t.rang = true;
            t.deadline = None;
            t.left = Duration::ZERO;
            rang = Some(i);
            break;
        }
    }
    let mut status = None;
    if let Some(i) = rang {
        status = Some(if i == current {
            "Time is up.".to_owned()
        } else {
            let title = run
                .session
                .scenario
                .agenda
                .get(i)
                .map_or("", |e| e.title.as_str());
            format!("Time is up for {title}.")
        });
        effects.push(Effect::Bell);
    }
    // Keep unsaved typing in the drafts file, at most every two seconds when it changed.
    let unsaved = run.unsaved();
    if run.draft_written.as_ref() != Some(&unsaved)
        && run
            .draft_at
            .is_none_or(|at| now.duration_since(at) >= DRAFT_EVERY)
    {
        run.draft_at = Some(now);
        run.draft_written = Some(unsaved.clone());
        effects.push(Effect::KeepUnsaved(unsaved));
    }
    if status.is_some() {
        state.status = status;
    }
    effects
}

/// How often unsaved typing is written to the drafts file, at most.
const DRAFT_EVERY: Duration = Duration::from_secs(2);

// ---------------------------------------------------------------- selection

fn board_order(run: &Run) -> Vec<String> {
    let view = BoardView {
        session: &run.session,
        exercise: run.current_exercise(),
        slots: run.current_slots(),
        slot: run.slot_index(),
        group: run.group_name(),
        selected: None,
        projection: run.projection,
        concealed: run.is_concealed(),
        show_reference: run.show_reference,
        order_seed: run.order_seed,
        theme: super::theme::Theme::plain(),
        arrived: None,
    };
    visible_contributions(&view)
        .iter()
        .map(|c| c.id.clone())
        .collect()
}

/// Moves through the contributions from wherever the focus is (wheel, PgUp/PgDn).
fn browse(state: &mut State, delta: isize) {
    if let Some(run) = state.run_mut() {
        if run.editing.is_some() || run.spotlight.is_some() {
            return;
        }
        run.focus = Focus::Select;
    }
    select_step(state, delta);
}

fn select_step(state: &mut State, delta: isize) {
    let Some(run) = state.run_mut() else { return };
    let order = board_order(run);
    if order.is_empty() {
        run.selected = None;
        return;
    }
    let i = match run
        .selected
        .as_ref()
        .and_then(|id| order.iter().position(|o| o == id))
    {
        Some(i) => (i as isize + delta).clamp(0, order.len() as isize - 1) as usize,
        // Start from the newest.
        None => order.len() - 1,
    };
    run.selected = Some(order[i].clone());
}

fn select_key(state: &mut State, key: KeyEvent) -> Vec<Effect> {
    let now = state.now;
    let Some(run) = state.run_mut() else {
        return Vec::new();
    };
    let selected = run
        .selected
        .clone()
        .and_then(|id| run.session.contribution(&id).cloned());
    match key.code {
        KeyCode::Esc | KeyCode::Char('i') => {
            run.focus = Focus::Capture;
            state.banner = None;
        }
        KeyCode::Up | KeyCode::Char('k') => select_step(state, -1),
        KeyCode::Down | KeyCode::Char('j') => select_step(state, 1),
        KeyCode::Char('?') => state.help = true,
        KeyCode::Char('t') => toggle_timer(run, now),
        KeyCode::Char('+') => add_minute(run),
        KeyCode::Char('n') => run.new_group = Some(TextBox::default()),
        KeyCode::Char('b') => {
            run.breakout = Some(Breakout {
                groups: run.session.groups.len().max(2),
                ..Breakout::default()
            });
            if !run.participants.is_empty() {
                let names = run.participants.join("\n");
                if let Some(b) = &mut run.breakout {
                    let _ = b.names.insert(&names);
                }
            }
        }
        KeyCode::Char('R') => {
            let id = run.current_exercise().id.clone();
            if !run.concealed.remove(&id) {
                run.concealed.insert(id);
                state.status = Some(
                    "Answers hidden until revealed (they are still captured). R reveals.".into(),
                );
            } else {
                state.status = Some("Answers revealed.".into());
            }
        }
        KeyCode::Char('a') => run.show_reference = !run.show_reference,
        KeyCode::Char('x') => {
            let shuffled = run.order_seed.is_some();
            let seed = state.next_random();
            if let Some(run) = state.run_mut() {
                run.order_seed = if shuffled { None } else { Some(seed) };
            }
        }
        KeyCode::Char('p') => {
            let n = run.session.groups.len();
            if n == 0 {
                state.status = Some("No groups to pick from.".into());
            } else {
                let i = (state.next_random() % n as u64) as usize;
                if let Some(run) = state.run_mut() {
                    run.group = Some(i);
                    state.status = Some(format!("Next to speak: {}", run.session.groups[i]));
                }
            }
        }
        KeyCode::Char('P') => {
            let order = board_order(run);
            if order.is_empty() {
                state.status = Some("No contributions to pick from.".into());
            } else {
                let i = (state.next_random() % order.len() as u64) as usize;
                if let Some(run) = state.run_mut() {
                    run.selected = Some(order[i].clone());
                    run.spotlight = Some(order[i].clone());
                }
            }
        }
        KeyCode::Char('E') => return vec![Effect::Export],
        KeyCode::Char('S') => return super::sharing::toggle(state),
        KeyCode::Char('u') => return undo(state),
        KeyCode::Char('r') => return redo(state),
        KeyCode::Char('z') | KeyCode::Char('y')
            if key.modifiers.contains(KeyModifiers::CONTROL) =>
        {
            state.status = Some(
                "Ctrl-Z / Ctrl-Y undo and redo typing in the box. Here, u takes back the last saved change and r redoes it."
                    .into(),
            );
        }
        _ => {
            let Some(c) = selected else {
                if matches!(key.code, KeyCode::Char(_) | KeyCode::Enter) {
                    state.status = Some("Select a contribution first (↑/↓).".into());
                }
                return Vec::new();
            };
            return act_on(state, &c, key);
        }
    }
    Vec::new()
}

fn act_on(state: &mut State, c: &crate::model::Contribution, key: KeyEvent) -> Vec<Effect> {
    let Some(run) = state.run_mut() else {
        return Vec::new();
    };
    let (change, what) = match key.code {
        KeyCode::Enter | KeyCode::Char('e') => {
            // Load it into the capture box; what was being typed waits in the stash.
            run.stash = Some(Stash {
                boxes: std::mem::take(&mut run.capture),
                field: run.capture_field,
                exercise: run.exercise,
                slot: run.slot_index(),
            });
            if let (Some(ex), Some(slot_ix)) = (
                run.session
                    .scenario
                    .agenda
                    .iter()
                    .position(|e| e.id == c.exercise),
                run.session
                    .scenario
                    .exercise(&c.exercise)
                    .and_then(|e| e.slots().iter().position(|s| s.id == c.slot)),
            ) {
                run.park_timer_and_go(ex);
                run.slots[ex] = slot_ix;
            }
            run.capture = vec![TextBox::default()];
            run.reset_fields();
            if let Some(b) = run.capture.first_mut() {
                b.set(&c.text);
            }
            let slot = run.current_slot();
            for (f, b) in slot.fields.iter().zip(run.capture.iter_mut().skip(1)) {
                b.set(c.fields.get(f.name).map_or("", String::as_str));
            }
            run.capture_field = 0;
            run.editing = Some(c.id.clone());
            run.focus = Focus::Capture;
            state.status = Some(
                "Editing: Enter saves a new version (the original is kept); Esc cancels.".into(),
            );
            return Vec::new();
        }
        KeyCode::Char('h') => (
            Change::SetHidden {
                id: c.id.clone(),
                hidden: !c.hidden,
            },
            if c.hidden {
                "back on the record"
            } else {
                "taken off the record"
            },
        ),
        KeyCode::Char('s') => (
            Change::SetStarred {
                id: c.id.clone(),
                starred: !c.starred,
            },
            if c.starred { "star removed" } else { "starred" },
        ),
        KeyCode::Char('m') | KeyCode::Char('M') => {
            let slots = run
                .session
                .scenario
                .exercise(&c.exercise)
                .map(|e| e.slots())
                .unwrap_or_default();
            let i = slots.iter().position(|s| s.id == c.slot).unwrap_or(0) as isize;
            let d = if key.code == KeyCode::Char('m') {
                1
            } else {
                -1
            };
            let target = &slots[(i + d).rem_euclid(slots.len() as isize) as usize];
            (
                Change::Move {
                    id: c.id.clone(),
                    exercise: c.exercise.clone(),
                    slot: target.id.clone(),
                    group: c.group.clone(),
                },
                "moved to another slot",
            )
        }
        KeyCode::Char('o') => {
            let groups = &run.session.groups;
            if groups.is_empty() {
                state.status = Some("No groups yet: press n to add one.".into());
                return Vec::new();
            }
            let choice = c
                .group
                .as_ref()
                .and_then(|g| groups.iter().position(|x| x == g))
                .unwrap_or(groups.len());
            run.group_picker = Some(GroupPicker {
                contribution: c.id.clone(),
                choice,
            });
            return Vec::new();
        }
        KeyCode::Char(' ') => {
            run.spotlight = Some(c.id.clone());
            return Vec::new();
        }
        _ => return Vec::new(),
    };
    if let Err(e) = run.session.check(&change) {
        state.status = Some(format!("Cannot: {e}"));
        return Vec::new();
    }
    request(state, vec![change], Purpose::Act, what.to_owned())
}

/// The group picker (`o`): ↑↓ choose, Enter moves the contribution there, Esc cancels.
fn group_picker_key(state: &mut State, key: KeyEvent) -> Vec<Effect> {
    let Some(run) = state.run_mut() else {
        return Vec::new();
    };
    let Some(picker) = &mut run.group_picker else {
        return Vec::new();
    };
    let n = run.session.groups.len() + 1;
    match key.code {
        KeyCode::Esc => run.group_picker = None,
        KeyCode::Up | KeyCode::Char('k') => picker.choice = (picker.choice + n - 1) % n,
        KeyCode::Down | KeyCode::Char('j') => picker.choice = (picker.choice + 1) % n,
        KeyCode::Char(d @ '1'..='9') => {
            let i = d as usize - '1' as usize;
            if i < n {
                picker.choice = i;
            }
        }
        KeyCode::Enter => {
            let picker = run.group_picker.take();
            let Some(picker) = picker else {
                return Vec::new();
            };
            let Some(c) = run.session.contribution(&picker.contribution).cloned() else {
                return Vec::new();
            };
            let group = run.session.groups.get(picker.choice).cloned();
            if group == c.group {
                state.status = Some("It is already there; nothing moved.".into());
                return Vec::new();
            }
            let what = match &group {
                Some(g) => format!("moved to {g}"),
                None => "moved to no group (the whole room)".to_owned(),
            };
            let change = Change::Move {
                id: c.id.clone(),
                exercise: c.exercise.clone(),
                slot: c.slot.clone(),
                group,
            };
            if let Err(e) = run.session.check(&change) {
                state.status = Some(format!("Cannot: {e}"));
                return Vec::new();
            }
            return request(state, vec![change], Purpose::Act, what);
        }
        _ => {}
    }
    Vec::new()
}

fn new_group_key(state: &mut State, key: KeyEvent) -> Vec<Effect> {
    let Some(run) = state.run_mut() else {
        return Vec::new();
    };
    let Some(b) = &mut run.new_group else {
        return Vec::new();
    };
    match key.code {
        KeyCode::Esc => run.new_group = None,
        KeyCode::Enter => {
            let name = b.text().trim().to_owned();
            if name.is_empty() {
                run.new_group = None;
                return Vec::new();
            }
            let change = Change::AddGroup { name: name.clone() };
            if let Err(e) = run.session.check(&change) {
                state.status = Some(format!("Cannot add the group: {e}"));
                return Vec::new();
            }
            run.new_group = None;
            return request(
                state,
                vec![change],
                Purpose::Act,
                format!("group \"{name}\" added"),
            );
        }
        _ => {
            b.key(&key, false);
        }
    }
    Vec::new()
}

fn breakout_key(state: &mut State, key: KeyEvent) -> Vec<Effect> {
    let draw = ctrl(&key, 'd');
    let seed = if draw {
        state.next_random() % 1_000_000
    } else {
        0
    };
    let Some(run) = state.run_mut() else {
        return Vec::new();
    };
    let Some(b) = &mut run.breakout else {
        return Vec::new();
    };
    match key.code {
        KeyCode::Esc => run.breakout = None,
        _ if draw => {
            let names: Vec<String> = b.names.text().lines().map(str::to_owned).collect();
            b.seed = seed;
            b.result = crate::model::breakout::assign(&names, b.groups, seed);
        }
        KeyCode::PageUp => b.groups = (b.groups + 1).min(50),
        KeyCode::PageDown => b.groups = b.groups.saturating_sub(1).max(1),
        KeyCode::Enter => {
            let _ = b.names.insert("\n");
        }
        _ => {
            b.names.key(&key, true);
        }
    }
    Vec::new()
}

fn click(state: &mut State, hit: Hit) -> Vec<Effect> {
    let Some(run) = state.run_mut() else {
        return Vec::new();
    };
    match hit {
        Hit::Slot(i) => {
            if run.editing.is_none() && i < run.current_slots().len() {
                run.slots[run.exercise] = i;
                run.reset_fields();
            }
        }
        Hit::Group(i) => {
            if i < run.session.groups.len() {
                run.group = Some(i);
                run.focus_first_field();
            }
        }
        Hit::Contribution(id) => {
            run.selected = Some(id);
            run.focus = Focus::Select;
        }
        Hit::Exercise(i) => {
            if run.editing.is_some() {
                cancel_edit(run);
            }
            set_exercise(run, i);
        }
    }
    Vec::new()
}
