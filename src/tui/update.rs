//! `update`: the only place the app's state changes. Pure but for the clock it is given and
//! fresh contribution ids; all I/O is returned as effects.

use std::time::Duration;

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyEventKind, KeyModifiers};

use super::action::{Action, Effect};
use super::boards::{BoardView, Hit, visible_contributions};
use super::state::{
    Breakout, FORM_LABELS, Focus, Home, HomeFocus, NewSessionForm, Pending, Purpose, Run, Screen,
    State, Timer,
};
use super::textbox::{TextBox, TooLong};
use crate::model::text::MAX_FIELD_BYTES;
use crate::model::{Change, Draft, Session};

pub fn update(state: &mut State, action: Action) -> Vec<Effect> {
    match action {
        Action::Quit => {
            state.quit = true;
            vec![Effect::Quit]
        }
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
            }
            state.banner = Some(format!(
                "NOT SAVED — {message}. Your text is still in the box: fix the problem (disk full? read-only?) and press Enter again."
            ));
            Vec::new()
        }
        Action::Opened { path, session } => {
            state.screen = Screen::Run(Box::new(Run::new(path, *session)));
            state.status = Some("Type to capture; Enter saves. F1 for help.".into());
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

fn ctrl(key: &KeyEvent, c: char) -> bool {
    key.modifiers.contains(KeyModifiers::CONTROL) && key.code == KeyCode::Char(c)
}

fn key_event(state: &mut State, key: KeyEvent) -> Vec<Effect> {
    if key.kind == KeyEventKind::Release {
        return Vec::new();
    }
    if ctrl(&key, 'q') || ctrl(&key, 'c') {
        state.quit = true;
        return vec![Effect::Quit];
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
        KeyCode::Char('q') => {
            state.quit = true;
            return vec![Effect::Quit];
        }
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
        KeyCode::PageDown => browse(state, 5),
        KeyCode::PageUp => browse(state, -5),
        _ if ctrl(key, 'g') => next_group(state),
        _ if ctrl(key, 'n') => go_to_exercise(state, 1),
        _ if ctrl(key, 'p') => go_to_exercise(state, -1),
        _ if ctrl(key, 'z') => return Some(undo(state)),
        _ if ctrl(key, 'y') => return Some(redo(state)),
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
                super::textbox::choose(&mut run.capture[field], &choices, &key);
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
            run.capture[field].key(&key, true);
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
    let text = run.capture[0].text().to_owned();
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
            run.capture[0] = TextBox::default();
            let slot = run.current_slot();
            for (f, b) in slot.fields.iter().zip(run.capture.iter_mut().skip(1)) {
                if f.choices.is_empty() {
                    *b = TextBox::default();
                }
            }
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
            status = Some(format!("✓ undone: {} ({time})", pending.description));
        }
        Purpose::Redo => {
            run.undo.push(pending.inverse);
            status = Some(format!("✓ redone: {} ({time})", pending.description));
        }
    }
    state.banner = None;
    if status.is_some() || state_status_clear {
        state.status = status;
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
        Some((boxes, field)) => {
            run.capture = boxes;
            run.capture_field = field;
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
    run.exercise = next;
    run.selected = None;
    run.show_reference = false;
    run.reset_fields();
    if !run.timer.running() {
        run.timer = Timer::new(run.current_exercise().minutes);
    }
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
    let t = &mut run.timer;
    if t.running() && t.left_at(now).is_zero() && !t.rang {
        t.rang = true;
        t.deadline = None;
        t.left = Duration::ZERO;
        state.status = Some("Time is up.".into());
        return vec![Effect::Bell];
    }
    Vec::new()
}

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
            run.stash = Some((std::mem::take(&mut run.capture), run.capture_field));
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
                run.exercise = ex;
                run.slots[ex] = slot_ix;
            }
            run.capture = vec![TextBox::default()];
            run.reset_fields();
            run.capture[0].set(&c.text);
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
            let next = match c
                .group
                .as_ref()
                .and_then(|g| groups.iter().position(|x| x == g))
            {
                Some(i) if i + 1 < groups.len() => Some(groups[i + 1].clone()),
                Some(_) => None,
                None => groups.first().cloned(),
            };
            (
                Change::Move {
                    id: c.id.clone(),
                    exercise: c.exercise.clone(),
                    slot: c.slot.clone(),
                    group: next,
                },
                "moved to another group",
            )
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
