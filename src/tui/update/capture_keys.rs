//! Keys while the capture box has the focus: typing, saving, fields, slots, groups, exercises and the timer.

use super::*;
use crate::model::exercise::UNPLACED_SLOT;

pub(super) fn capture_key(state: &mut State, key: KeyEvent) -> Vec<Effect> {
    let command = state.keymap.command(Context::Typing, &key);
    let edit = state.keymap.edit(&key);
    let Some(run) = state.run_mut() else {
        return Vec::new();
    };
    match command {
        Some(Command::NewLine) => {
            if run.capture_field == 0 || free_field(run) {
                let field = run.capture_field;
                insert(state, field, "\n");
            }
            Vec::new()
        }
        Some(Command::Save) => submit(state),
        Some(Command::LeaveBox) => {
            leave_box(state);
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
                    && let Some(message) = jump_to_activity(state, d)
                {
                    state.status = Some(message);
                    return Vec::new();
                }
                if role_clarity_nav(state, &key) {
                    if let Some(run) = state.run_mut() {
                        run.jump.clear();
                    }
                    return Vec::new();
                }
                let Some(run) = state.run_mut() else {
                    return Vec::new();
                };
                run.jump.clear();
                if let Some(b) = run.capture.get_mut(field) {
                    crate::tui::textbox::choose(b, &choices, &key);
                }
                return Vec::new();
            }
            if let KeyCode::Char(c) = key.code
                && is_plain_char(&key)
            {
                insert(state, field, c.encode_utf8(&mut [0; 4]));
                return Vec::new();
            }
            if let Some(b) = run.capture.get_mut(field) {
                b.key(&key, edit, true);
            }
            Vec::new()
        }
    }
}

/// Esc in the box: leaves it for selection; nothing typed is thrown away (an edit waits as
/// that answer's entry).
pub(super) fn leave_box(state: &mut State) {
    let (edit, save) = (
        state.keymap.name_of(Context::Selecting, Command::Edit),
        state.keymap.name_of(Context::Typing, Command::Save),
    );
    let Some(run) = state.run_mut() else { return };
    if let Some(id) = run.editing.clone() {
        let kept = run.leave_edit();
        run.selected = Some(id);
        state.status = Some(if kept {
            format!(
                "Edit kept, not saved: {edit} on the answer goes back to it ({save} there saves it)."
            )
        } else {
            "Edit closed; nothing changed.".to_owned()
        });
    }
    let Some(run) = state.run_mut() else { return };
    run.focus = Focus::Select;
    if run.selected.is_none() {
        select_step(state, 0);
    }
}

/// Whether the focused field is free text (not a choice).
pub(super) fn free_field(run: &Run) -> bool {
    let slot = run.current_slot();
    run.capture_field
        .checked_sub(1)
        .and_then(|i| slot.fields.get(i))
        .is_some_and(|f| f.choices.is_empty())
}

pub(super) fn too_long_message(e: &TooLong) -> String {
    format!(
        "Not inserted: that would make {} bytes, and a contribution holds at most {} bytes (1 MiB). Split it into several answers.",
        e.would_be, MAX_FIELD_BYTES
    )
}

pub(super) fn insert(state: &mut State, field: usize, text: &str) {
    let Some(run) = state.run_mut() else { return };
    let Some(b) = run.capture.get_mut(field) else {
        return;
    };
    if let Err(e) = b.insert(text) {
        state.banner = Some(too_long_message(&e));
    }
}

/// A paste goes where typing would: into the top layer's text field, or the box when nothing
/// is on top; a layer with nothing to type into (the help, a question, a list) takes none.
pub(super) fn paste(state: &mut State, text: &str) -> Vec<Effect> {
    let top = crate::tui::layers::run_top(state);
    match (&mut state.screen, top) {
        (Screen::Home(home), Some(Context::NewSessionForm)) => {
            if let Some(form) = &mut home.form {
                // One-line fields: line breaks become spaces only here, in the form.
                let text = if form.field >= 2 && crate::tui::details::MULTILINE[form.field - 2] {
                    crate::model::text::normalize_newlines(text)
                } else {
                    text.replace(['\r', '\n'], " ")
                };
                let _ = form.fields[form.field].insert(&text);
            }
        }
        (Screen::Run(run), Some(Context::NewGroup)) => {
            if let Some(b) = &mut run.new_group {
                let _ = b.insert(text.lines().next().unwrap_or(""));
            }
        }
        (Screen::Run(run), Some(Context::Details)) => {
            if let Some(form) = &mut run.details {
                let text = if crate::tui::details::MULTILINE[form.field] {
                    crate::model::text::normalize_newlines(text)
                } else {
                    text.replace(['\r', '\n'], " ")
                };
                let _ = form.fields[form.field].insert(&text);
            }
        }
        (Screen::Run(run), Some(Context::ThemeName | Context::AxesName)) => {
            if let Some(b) = run.panel_box() {
                let _ = b.insert(text.lines().next().unwrap_or(""));
            }
        }
        (Screen::Run(run), Some(Context::Breakout)) => {
            if let Some(br) = &mut run.breakout
                && let Err(e) = br.names.insert(text)
            {
                state.banner = Some(too_long_message(&e));
            }
        }
        (Screen::Run(run), None) => {
            run.focus = Focus::Capture;
            let field = if run.capture_field == 0 || free_field(run) {
                run.capture_field
            } else {
                0
            };
            insert(state, field, text);
        }
        // The help, a question, a list or a panel with nothing to type into: not for it.
        _ => {}
    }
    Vec::new()
}

pub(super) fn submit(state: &mut State) -> Vec<Effect> {
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
                .group(run.group_name().map(str::to_owned))
                .parent(run.current_parent().map(|c| c.id.clone()));
            draft.fields = fields;
            let where_ = match run.group_name() {
                Some(g) => format!("{g} · {}", slot.label),
                None => slot.label.clone(),
            };
            (
                Change::Add {
                    contribution: draft
                        .into_contribution_with(run.entry_id.clone(), jiff::Timestamp::now()),
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
    let entry = SavedEntry {
        id: match &run.editing {
            Some(id) => id.clone(),
            None => run.entry_id.clone(),
        },
        texts: run.capture.iter().map(|b| b.text().to_owned()).collect(),
    };
    let effects = request(state, vec![change], purpose, description);
    if let Some(p) = state.run_mut().and_then(|r| r.pending.as_mut()) {
        p.entry = Some(entry);
    }
    effects
}

/// Tab / Shift-Tab: the next / previous slot that takes answers (never the one for imported
/// lines not yet placed), its own entry coming back.
pub(super) fn move_slot(state: &mut State, delta: isize) {
    let k = |context, command| state.keymap.name_of(context, command);
    let message = format!(
        "This edit stays on its answer: {} saves it, {} leaves it (kept unsaved), {} moves the answer.",
        k(Context::Typing, Command::Save),
        k(Context::Typing, Command::LeaveBox),
        k(Context::Selecting, Command::MoveSlot)
    );
    let Some(run) = state.run_mut() else { return };
    if run.editing.is_some() {
        state.status = Some(message);
        return;
    }
    let slots = run.current_slots();
    let n = slots.len() as isize;
    let mut i = run.slot_index() as isize;
    for _ in 0..n {
        i = (i + delta).rem_euclid(n);
        if slots[i as usize].id != UNPLACED_SLOT {
            break;
        }
    }
    let back = run.go_to(run.exercise, i as usize);
    state.status = back.then(|| "Your unsaved text here is back.".to_owned());
}

pub(super) fn next_group(state: &mut State) {
    let Some(run) = state.run_mut() else { return };
    let n = run.session.groups.len();
    if n == 0 {
        state.status = Some(format!(
            "No groups yet: press {} to add one.",
            state.keymap.to_add_a_group()
        ));
        return;
    }
    // Every group, then "no group" (for the whole room).
    run.group = match run.group {
        Some(i) if i + 1 < n => Some(i + 1),
        Some(_) => None,
        None => Some(0),
    };
    // The entry is re-targeted: its fields, focus and cursor stay as they are.
    let name = run
        .group_name()
        .unwrap_or("no group (the whole room)")
        .to_owned();
    state.status = Some(format!("Now capturing for {name}."));
}

/// Whether the box is on a role-clarity mark, where the arrows and PgUp / PgDn move in the grid.
pub(super) fn on_role_grid(run: &Run, key: &KeyEvent) -> bool {
    matches!(run.current_exercise().kind, ExerciseKind::RoleClarity(_))
        && run.editing.is_none()
        && run.focus == Focus::Capture
        && run.capture_field != 0
        && !key
            .modifiers
            .intersects(KeyModifiers::CONTROL | KeyModifiers::ALT)
        && matches!(
            key.code,
            KeyCode::Up
                | KeyCode::Down
                | KeyCode::PageUp
                | KeyCode::PageDown
                | KeyCode::Left
                | KeyCode::Right
        )
}

/// Role clarity is a grid of activities by criteria: on its mark, the arrows move by row and
/// column and PgUp / PgDn by ten rows. Returns whether the key was the grid's.
pub(super) fn role_clarity_nav(state: &mut State, key: &KeyEvent) -> bool {
    let Some(run) = state.run_mut() else {
        return false;
    };
    if !on_role_grid(run, key) {
        return false;
    }
    let ExerciseKind::RoleClarity(rc) = &run.current_exercise().kind else {
        return false;
    };
    let cols = rc.criteria.len().max(1) as isize;
    let (rows_by, step) = match key.code {
        KeyCode::Up => (-1, 0),
        KeyCode::Down => (1, 0),
        KeyCode::PageUp => (-10, 0),
        KeyCode::PageDown => (10, 0),
        KeyCode::Left => (0, -1),
        _ => (0, 1),
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
    let back = run.go_to(run.exercise, target as usize);
    state.status = back.then(|| "Your unsaved mark here is back.".to_owned());
    true
}

/// Typing an activity's number on a role-clarity mark goes to the activity printed with that
/// number (worked examples and "other" have none: the arrows reach them).
pub(super) fn jump_to_activity(state: &mut State, digit: char) -> Option<String> {
    let run = state.run_mut()?;
    let ExerciseKind::RoleClarity(rc) = &run.current_exercise().kind else {
        return None;
    };
    let numbered = |n: usize| rc.activities.iter().position(|a| a.id == n.to_string());
    let last = rc
        .activities
        .iter()
        .filter_map(|a| a.id.parse::<usize>().ok())
        .max()
        .unwrap_or(0);
    let cols = rc.criteria.len().max(1);
    let mut typed = format!("{}{digit}", run.jump);
    let mut row = typed.parse().ok().and_then(numbered);
    if row.is_none() {
        typed = digit.to_string();
        row = typed.parse().ok().and_then(numbered);
    }
    let Some(row) = row else {
        run.jump.clear();
        return Some(format!(
            "No activity {digit}: they are numbered 1 to {last} (the arrows reach the examples)."
        ));
    };
    let activity = rc.activities.get(row)?.text.clone();
    let column = run.slot_index() % cols;
    run.jump = typed.clone();
    run.go_to(run.exercise, row * cols + column);
    Some(format!("Activity {typed}: {activity}"))
}

pub(super) fn go_to_exercise(state: &mut State, delta: isize) {
    let Some(run) = state.run_mut() else { return };
    let n = run.session.scenario.agenda.len() as isize;
    let next = (run.exercise as isize + delta).clamp(0, n - 1) as usize;
    set_exercise(state, next);
}

/// Makes exercise `next` the current one, on the slot it was last on; an edit in the box waits
/// as that answer's unsaved edit.
pub(super) fn set_exercise(state: &mut State, next: usize) {
    let Some(run) = state.run_mut() else { return };
    if next >= run.session.scenario.agenda.len() || (next == run.exercise && run.editing.is_none())
    {
        return;
    }
    let slot = run.slots.get(next).copied().unwrap_or(0);
    let back = run.go_to(next, slot);
    run.selected = None;
    run.show_reference = false;
    state.status = back.then(|| "Your unsaved text here is back.".to_owned());
}

pub(super) fn toggle_timer(run: &mut Run, now: std::time::Instant) {
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

pub(super) fn add_minute(run: &mut Run) {
    let t = &mut run.timer;
    t.total += Duration::from_secs(60);
    t.left += Duration::from_secs(60);
    if let Some(d) = &mut t.deadline {
        *d += Duration::from_secs(60);
    }
    t.rang = false;
}
