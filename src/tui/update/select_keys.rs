//! Keys after Esc: choosing contributions and acting on them, the group picker, new groups, breakout groups, and mouse clicks.

use super::*;

pub fn board_order(run: &Run) -> Vec<String> {
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
        memo: Some(&run.memo),
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
    let command = state.keymap.command(Context::Selecting, &key);
    let Some(run) = state.run_mut() else {
        return Vec::new();
    };
    let selected = run
        .selected
        .clone()
        .and_then(|id| run.session.contribution(&id).cloned());
    let Some(command) = command else {
        if key.code == KeyCode::Esc {
            // Esc is only ever a way back out, never into typing.
            let keys = state.keymap.keys(Context::Selecting, Command::Type);
            state.status = Some(format!(
                "Selecting answers: {} goes back to typing.",
                keys.first().map_or_else(String::new, ToString::to_string)
            ));
        } else if key.modifiers.contains(KeyModifiers::CONTROL)
            && matches!(key.code, KeyCode::Char('z') | KeyCode::Char('y'))
        {
            let k = |context, command| state.keymap.name_of(context, command);
            state.status = Some(format!(
                "{} / {} undo and redo typing in the box. Here, {} takes back the last saved change and {} redoes it.",
                k(Context::Editing, Command::UndoTyping),
                k(Context::Editing, Command::RedoTyping),
                k(Context::Selecting, Command::Undo),
                k(Context::Selecting, Command::Redo)
            ));
        } else if matches!(key.code, KeyCode::Char(_)) {
            let help = state.keymap.name_of(Context::Selecting, Command::Help);
            state.status = Some(format!("Not a key here: {help} shows them all."));
        }
        return Vec::new();
    };
    match command {
        Command::Type => {
            run.focus = Focus::Capture;
            state.banner = None;
        }
        Command::SelectUp => select_step(state, -1),
        Command::SelectDown => select_step(state, 1),
        Command::Help => state.help = true,
        Command::Timer => toggle_timer(run, now),
        Command::AddMinute => add_minute(run),
        Command::NewGroup => run.new_group = Some(TextBox::default()),
        Command::Details => {
            run.details = Some(DetailsForm::of(&run.session, run.current_exercise()));
        }
        Command::Breakout => {
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
        Command::Conceal => {
            // Session state, saved like any change: devices and `hearth serve` honour it too.
            let concealed = !run.is_concealed();
            let change = Change::SetConcealed {
                exercise: run.current_exercise().id.clone(),
                concealed,
            };
            let what = if concealed {
                format!(
                    "answers hidden until revealed (they are still captured); {} reveals",
                    state.keymap.name_of(Context::Selecting, Command::Conceal)
                )
            } else {
                "answers revealed".to_owned()
            };
            return request(state, vec![change], Purpose::Act, what);
        }
        Command::Reference => run.show_reference = !run.show_reference,
        Command::Shuffle => {
            let shuffled = run.order_seed.is_some();
            let seed = state.next_random();
            if let Some(run) = state.run_mut() {
                run.order_seed = if shuffled { None } else { Some(seed) };
            }
        }
        Command::PickGroup => {
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
        Command::PickAnswer => {
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
        Command::Export => return vec![Effect::Export],
        Command::Themes => open_themes(state),
        Command::Vote => open_vote(state),
        Command::Axes => open_axes(state),
        Command::Seed => open_seed(state),
        Command::Share => return crate::tui::sharing::toggle(state),
        Command::Undo => return undo(state),
        Command::Redo => return redo(state),
        Command::Edit
        | Command::Hide
        | Command::Star
        | Command::MoveSlot
        | Command::MoveSlotBack
        | Command::MoveGroup
        | Command::Spotlight
        | Command::Withdraw => {
            let Some(c) = selected else {
                state.status = Some("Select a contribution first (↑/↓).".into());
                return Vec::new();
            };
            return act_on(state, &c, command);
        }
        // Commands of the other tables.
        Command::Quit
        | Command::NextSlot
        | Command::PreviousSlot
        | Command::NextField
        | Command::NextParent
        | Command::NextGroup
        | Command::NextExercise
        | Command::PreviousExercise
        | Command::Project
        | Command::TextSize
        | Command::ShowJoin
        | Command::BrowseDown
        | Command::BrowseUp
        | Command::Save
        | Command::NewLine
        | Command::LeaveBox
        | Command::VotePanel => {}
        // Commands of the panels' tables.
        _ => {}
    }
    Vec::new()
}

pub(super) fn act_on(
    state: &mut State,
    c: &crate::model::Contribution,
    command: Command,
) -> Vec<Effect> {
    let (save, leave) = (
        state.keymap.name_of(Context::Typing, Command::Save),
        state.keymap.name_of(Context::Typing, Command::LeaveBox),
    );
    let Some(run) = state.run_mut() else {
        return Vec::new();
    };
    let (change, what) = match command {
        Command::Edit => {
            // Into the box; what was being typed waits in its own place.
            let resumed = run.begin_edit(c);
            run.focus = Focus::Capture;
            state.status = Some(if resumed {
                format!(
                    "Back to your unsaved edit of this answer: {save} saves it (the original is kept); {leave} leaves it."
                )
            } else {
                format!(
                    "Editing: {save} saves a new version (the original is kept); {leave} leaves it."
                )
            });
            return Vec::new();
        }
        Command::Hide => (
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
        Command::Star => (
            Change::SetStarred {
                id: c.id.clone(),
                starred: !c.starred,
            },
            if c.starred { "star removed" } else { "starred" },
        ),
        Command::MoveSlot | Command::MoveSlotBack => {
            let slots = run
                .session
                .scenario
                .exercise(&c.exercise)
                .map(|e| e.slots())
                .unwrap_or_default();
            let i = slots.iter().position(|s| s.id == c.slot).unwrap_or(0) as isize;
            let d = if command == Command::MoveSlot { 1 } else { -1 };
            // The next slot that takes answers: never the one for lines not yet placed.
            let n = slots.len() as isize;
            let mut j = i;
            for _ in 0..n {
                j = (j + d).rem_euclid(n);
                if slots[j as usize].id != crate::model::exercise::UNPLACED_SLOT {
                    break;
                }
            }
            let target = &slots[j as usize];
            if let Err(e) =
                crate::model::tree::check_move(&run.session, &c.id, &c.exercise, &target.id)
            {
                state.status = Some(format!("Cannot move it to “{}”: {e}.", target.label));
                return Vec::new();
            }
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
        Command::MoveGroup => {
            let groups = &run.session.groups;
            if groups.is_empty() {
                state.status = Some(format!(
                    "No groups yet: press {} to add one.",
                    state.keymap.name_of(Context::Selecting, Command::NewGroup)
                ));
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
        Command::Spotlight => {
            run.spotlight = Some(c.id.clone());
            return Vec::new();
        }
        Command::Withdraw => {
            if c.is_withdrawn() {
                state.status = Some("Already withdrawn: it holds no words.".into());
            } else {
                run.withdraw_ask = Some(c.id.clone());
            }
            return Vec::new();
        }
        // select_key hands only the commands above to act_on.
        _ => return Vec::new(),
    };
    if let Err(e) = run.session.check(&change) {
        state.status = Some(format!("Cannot: {e}"));
        return Vec::new();
    }
    request(state, vec![change], Purpose::Act, what.to_owned())
}

/// The group picker (`o`): ↑↓ choose, Enter moves the contribution there, Esc cancels.
pub(super) fn group_picker_key(
    state: &mut State,
    key: KeyEvent,
    command: Option<Command>,
) -> Vec<Effect> {
    let Some(run) = state.run_mut() else {
        return Vec::new();
    };
    let Some(picker) = &mut run.group_picker else {
        return Vec::new();
    };
    let n = run.session.groups.len() + 1;
    match (command, key.code) {
        (Some(Command::Close), _) => run.group_picker = None,
        (Some(Command::Up), _) => picker.choice = (picker.choice + n - 1) % n,
        (Some(Command::Down), _) => picker.choice = (picker.choice + 1) % n,
        (None, KeyCode::Char(d @ '1'..='9')) => {
            let i = d as usize - '1' as usize;
            if i < n {
                picker.choice = i;
            }
        }
        (Some(Command::Confirm), _) => {
            if run.pending.is_some() {
                state.status = Some("Still saving the last change; press the key again.".into());
                return Vec::new();
            }
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
pub(super) fn details_key(
    state: &mut State,
    key: KeyEvent,
    command: Option<Command>,
) -> Vec<Effect> {
    let edit = state.keymap.edit(&key);
    let Some(run) = state.run_mut() else {
        return Vec::new();
    };
    let Some(form) = &mut run.details else {
        return Vec::new();
    };
    let n = form.fields.len();
    let multiline = crate::tui::details::MULTILINE[form.field];
    match command {
        Some(Command::Close) => run.details = None,
        Some(Command::NextField) => form.field = (form.field + 1) % n,
        Some(Command::PreviousField) => form.field = (form.field + n - 1) % n,
        Some(Command::NewLine) => {
            if multiline {
                let _ = form.fields[form.field].insert("\n");
            }
        }
        Some(Command::Save) => {
            let changes = match form.changes(&run.session) {
                Ok(c) => c,
                Err(e) => {
                    form.error = Some(e);
                    return Vec::new();
                }
            };
            if changes.is_empty() || run.pending.is_some() {
                run.details = None;
                return Vec::new();
            }
            if let Err((_, e)) = crate::model::check_each(&run.session, &changes, |_, _| {}) {
                form.error = Some(e.to_string());
                return Vec::new();
            }
            run.details = None;
            return request(state, changes, Purpose::Act, "session details saved".into());
        }
        _ => {
            form.fields[form.field].key(&key, edit, multiline);
        }
    }
    Vec::new()
}

pub(super) fn new_group_key(
    state: &mut State,
    key: KeyEvent,
    command: Option<Command>,
) -> Vec<Effect> {
    let edit = state.keymap.edit(&key);
    let Some(run) = state.run_mut() else {
        return Vec::new();
    };
    let Some(b) = &mut run.new_group else {
        return Vec::new();
    };
    match command {
        Some(Command::Close) => run.new_group = None,
        Some(Command::Save) => {
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
            let effects = request(
                state,
                vec![change],
                Purpose::Act,
                format!("group \"{name}\" added"),
            );
            // Refused while another save is on its way: the name stays typed in the dialog.
            if !effects.is_empty()
                && let Some(run) = state.run_mut()
            {
                run.new_group = None;
            }
            return effects;
        }
        _ => {
            b.key(&key, edit, false);
        }
    }
    Vec::new()
}

pub(super) fn breakout_key(
    state: &mut State,
    key: KeyEvent,
    command: Option<Command>,
) -> Vec<Effect> {
    let edit = state.keymap.edit(&key);
    let draw = command == Some(Command::Draw);
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
    match command {
        Some(Command::Close) => run.breakout = None,
        Some(Command::Draw) => {
            let names: Vec<String> = b.names.text().lines().map(str::to_owned).collect();
            b.seed = seed;
            b.result = crate::model::breakout::assign(&names, b.groups, seed);
        }
        Some(Command::MoreGroups) => b.groups = (b.groups + 1).min(50),
        Some(Command::FewerGroups) => b.groups = b.groups.saturating_sub(1).max(1),
        Some(Command::NewLine) => {
            let _ = b.names.insert("\n");
        }
        _ => {
            b.names.key(&key, edit, true);
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
