//! Keys after Esc: choosing contributions and acting on them, the group picker, new groups, breakout groups, and mouse clicks.

use super::*;

pub(super) fn board_order(run: &Run) -> Vec<String> {
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
        theme: crate::tui::theme::Theme::plain(),
        arrived: None,
    };
    visible_contributions(&view)
        .iter()
        .map(|c| c.id.clone())
        .collect()
}

/// Moves through the contributions from wherever the focus is (wheel, PgUp/PgDn).
pub(super) fn browse(state: &mut State, delta: isize) {
    if let Some(run) = state.run_mut() {
        if run.editing.is_some() || run.spotlight.is_some() {
            return;
        }
        run.focus = Focus::Select;
    }
    select_step(state, delta);
}

pub(super) fn select_step(state: &mut State, delta: isize) {
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

pub(super) fn select_key(state: &mut State, key: KeyEvent) -> Vec<Effect> {
    let now = state.now;
    let Some(run) = state.run_mut() else {
        return Vec::new();
    };
    let selected = run
        .selected
        .clone()
        .and_then(|id| run.session.contribution(&id).cloned());
    match key.code {
        // Esc is only ever a way back out, never into typing: `i` goes back to the box.
        KeyCode::Char('i') => {
            run.focus = Focus::Capture;
            state.banner = None;
        }
        KeyCode::Esc => {
            state.status = Some("Selecting answers: i goes back to typing.".into());
        }
        KeyCode::Up | KeyCode::Char('k') => select_step(state, -1),
        KeyCode::Down | KeyCode::Char('j') => select_step(state, 1),
        KeyCode::Char('?') => state.help = true,
        KeyCode::Char('t') => toggle_timer(run, now),
        KeyCode::Char('+') => add_minute(run),
        KeyCode::Char('n') => run.new_group = Some(TextBox::default()),
        KeyCode::Char('d') => run.details = Some(DetailsForm::of(&run.session)),
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
        KeyCode::Char('T') => open_themes(state),
        KeyCode::Char('v') => open_vote(state),
        KeyCode::Char('A') => open_axes(state),
        KeyCode::Char('S') => return crate::tui::sharing::toggle(state),
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

pub(super) fn act_on(
    state: &mut State,
    c: &crate::model::Contribution,
    key: KeyEvent,
) -> Vec<Effect> {
    let Some(run) = state.run_mut() else {
        return Vec::new();
    };
    let (change, what) = match key.code {
        KeyCode::Enter | KeyCode::Char('e') => {
            // Into the box; what was being typed waits in its own place.
            let resumed = run.begin_edit(c);
            run.focus = Focus::Capture;
            state.status = Some(
                if resumed {
                    "Back to your unsaved edit of this answer: Enter saves it (the original is kept); Esc leaves it."
                } else {
                    "Editing: Enter saves a new version (the original is kept); Esc leaves it."
                }
                .into(),
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
        KeyCode::Char('W') => {
            if c.is_withdrawn() {
                state.status = Some("Already withdrawn: it holds no words.".into());
            } else {
                run.withdraw_ask = Some(c.id.clone());
            }
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
pub(super) fn group_picker_key(state: &mut State, key: KeyEvent) -> Vec<Effect> {
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

/// The session-details form over the run screen: Enter saves the details as one change.
pub(super) fn details_key(state: &mut State, key: KeyEvent) -> Vec<Effect> {
    let Some(run) = state.run_mut() else {
        return Vec::new();
    };
    let Some(form) = &mut run.details else {
        return Vec::new();
    };
    let n = form.fields.len();
    let multiline = crate::tui::details::MULTILINE[form.field];
    match key.code {
        KeyCode::Esc => run.details = None,
        KeyCode::Tab | KeyCode::Down => form.field = (form.field + 1) % n,
        KeyCode::BackTab | KeyCode::Up => form.field = (form.field + n - 1) % n,
        KeyCode::Enter
            if multiline
                && key
                    .modifiers
                    .intersects(KeyModifiers::ALT | KeyModifiers::SHIFT) =>
        {
            let _ = form.fields[form.field].insert("\n");
        }
        KeyCode::Enter => {
            let details = match form.read() {
                Ok(d) => d,
                Err(e) => {
                    form.error = Some(e);
                    return Vec::new();
                }
            };
            if details == run.session.details() || run.pending.is_some() {
                run.details = None;
                return Vec::new();
            }
            let change = Change::SetDetails { details };
            if let Err(e) = run.session.check(&change) {
                form.error = Some(e.to_string());
                return Vec::new();
            }
            run.details = None;
            return request(
                state,
                vec![change],
                Purpose::Act,
                "session details saved".into(),
            );
        }
        _ => {
            form.fields[form.field].key(&key, multiline);
        }
    }
    Vec::new()
}

pub(super) fn new_group_key(state: &mut State, key: KeyEvent) -> Vec<Effect> {
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

pub(super) fn breakout_key(state: &mut State, key: KeyEvent) -> Vec<Effect> {
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

pub(super) fn click(state: &mut State, hit: Hit) -> Vec<Effect> {
    let Some(run) = state.run_mut() else {
        return Vec::new();
    };
    match hit {
        Hit::Slot(i) => {
            if run.editing.is_none() && i < run.current_slots().len() {
                let back = run.go_to(run.exercise, i);
                state.status = back.then(|| "Your unsaved text here is back.".to_owned());
            }
        }
        Hit::Group(i) => {
            // The entry is re-targeted to the group; its focus and cursor stay.
            if i < run.session.groups.len() {
                run.group = Some(i);
            }
        }
        Hit::Contribution(id) => {
            run.selected = Some(id);
            run.focus = Focus::Select;
        }
        Hit::Exercise(i) => set_exercise(state, i),
    }
    Vec::new()
}
