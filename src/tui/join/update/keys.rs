//! Keys on the note-taker screen: the keymap's commands, shared with the facilitator's screen
//! (the same tables, the same keys file), done as the note-taker may; a command only the
//! facilitator may run says so. Esc only ever leaves or closes; it never starts typing.

use super::*;
use crate::tui::keymap::{Command, Context, on_join};

/// The answer to "quit with unsent text?": send it, discard it, or go back.
fn quit_ask_key(state: &mut JoinState, key: &KeyEvent) -> Vec<JoinEffect> {
    use crate::tui::dialog::{QuitAnswer, quit_answer};
    match quit_answer(&state.keymap, key) {
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

/// The keymap's context for where the focus is.
pub(super) fn context(state: &JoinState) -> Context {
    match state.focus {
        Focus::Capture => Context::Typing,
        Focus::Select => Context::Selecting,
    }
}

/// Whether `key` would be inserted as it is into the focused free-text box.
pub fn types_into_box(state: &JoinState, key: &KeyEvent) -> bool {
    crate::tui::update::is_plain_char(key)
        && crate::tui::join::layers::join_layers(state).is_empty()
        && state.focus == Focus::Capture
        && (state.capture_field == 0 || free_field(state))
        && state.keymap.join_command(Context::Typing, key).is_none()
}

pub(super) fn key_event(state: &mut JoinState, key: KeyEvent) -> Vec<JoinEffect> {
    if key.kind == KeyEventKind::Release {
        return Vec::new();
    }
    // The top layer has the keys (the same stack model as the facilitator's screen).
    let top = crate::tui::join::layers::join_top(state);
    if top == Some(Context::QuitQuestion) {
        return quit_ask_key(state, &key);
    }
    let command = state
        .keymap
        .join_command(context(state), &key)
        .map(|(_, c)| c);
    if command == Some(Command::Quit) {
        if state.has_text() || state.fixing.is_some() {
            state.quit_ask = true;
            state.help = false;
            return Vec::new();
        }
        return quit(state);
    }
    if top == Some(Context::Help) {
        crate::tui::help::key(
            &state.keymap,
            &mut state.help,
            &mut state.help_scroll,
            &key,
            200,
        );
        return Vec::new();
    }
    if top.is_some() {
        // Above the vote panel only help, quit and the panel's own key are taken first.
        let above = [Context::Anywhere, Context::Join]
            .into_iter()
            .find_map(|c| state.keymap.command(c, &key));
        return match above {
            Some(Command::Help) => {
                state.help = true;
                Vec::new()
            }
            Some(Command::VotePanel) => {
                vote::toggle(state);
                Vec::new()
            }
            _ => vote::key(state, key),
        };
    }
    let typing = state.focus == Focus::Capture;
    let bound = command.is_some() || typing && state.keymap.edit(&key).is_some();
    if let Some(plain) = crate::tui::update::esc_then(&key, bound) {
        // Esc then a letter, arriving as one Alt-letter: out of the box, then the letter.
        if typing {
            leave_box(state);
        }
        return key_event(state, plain);
    }
    let Some(command) = command else {
        return match state.focus {
            Focus::Capture => capture_key(state, key),
            Focus::Select => {
                not_a_key(state, &key);
                Vec::new()
            }
        };
    };
    run(state, command)
}

/// Runs `command` as the note-taker may.
pub(super) fn run(state: &mut JoinState, command: Command) -> Vec<JoinEffect> {
    use Command as C;
    match command {
        C::Help => state.help = true,
        C::Quit => return quit(state),
        C::VotePanel | C::Vote => vote::toggle(state),
        C::NextSlot => move_slot(state, 1),
        C::PreviousSlot => move_slot(state, -1),
        C::BrowseDown => browse(state, 5),
        C::BrowseUp => browse(state, -5),
        C::NextField => {
            let n = state.capture.len().max(1);
            state.capture_field = (state.capture_field + 1) % n;
        }
        C::NextParent => {
            if !state.next_parent() {
                state.status = Some("This answer goes under no other answer here.".into());
            }
        }
        C::NextExercise => other_exercise(state, 1),
        C::PreviousExercise => other_exercise(state, -1),
        C::Save => return submit(state),
        C::NewLine => {
            if state.capture_field == 0 || free_field(state) {
                insert(state, state.capture_field, "\n");
            }
        }
        C::LeaveBox => leave_box(state),
        C::Type => {
            state.focus = Focus::Capture;
            state.banner = None;
        }
        C::SelectUp => select_step(state, -1),
        C::SelectDown => select_step(state, 1),
        C::Edit => fix(state),
        C::NextGroup => {
            state.status = Some(format!(
                "This terminal records for {}. For another group, start hearth join again with --group.",
                state.group
            ))
        }
        other => {
            debug_assert!(on_join(other).is_none());
            state.status = Some(format!(
                "{} is done on the facilitator's screen.",
                capitalised(other.label())
            ));
        }
    }
    Vec::new()
}

fn capitalised(s: &str) -> String {
    let mut c = s.chars();
    c.next()
        .map(|f| f.to_uppercase().chain(c).collect())
        .unwrap_or_default()
}

/// The first key of `command` on the note-taker's screen, as the help writes it.
pub(super) fn key_name(state: &JoinState, context: Context, command: Command) -> String {
    state
        .keymap
        .join_keys(context, command)
        .first()
        .map_or_else(|| command.name().to_owned(), ToString::to_string)
}

/// Esc in the box: leaves the box for the answers; nothing typed is thrown away. A correction
/// waits as that refused answer's own entry (`e` on it goes back to it), and the entry
/// waiting in the slot comes back to the box.
fn leave_box(state: &mut JoinState) {
    if let Some(id) = state.fixing.clone() {
        state.park_live();
        state.load_live();
        let kept = state.parked.contains_key(&EntryPlace::Edit(id.clone()));
        let fix = key_name(state, Context::Selecting, Command::Edit);
        state.status = Some(if kept {
            format!(
                "Correction kept, not sent: {fix} on the refused answer goes back to it (Enter there sends it)."
            )
        } else {
            "Not corrected: the refused answer stays on this machine, marked.".to_owned()
        });
        state.selected = Some(id);
    }
    state.focus = Focus::Select;
    if state.selected.is_none() {
        select_step(state, 0);
    }
}

/// A key with no command while selecting: never typed; Esc says how to get back to typing.
fn not_a_key(state: &mut JoinState, key: &KeyEvent) {
    if key.code == KeyCode::Esc {
        let back = key_name(state, Context::Selecting, Command::Type);
        state.status = Some(format!(
            "Looking through the answers: {back} goes back to typing."
        ));
    } else if matches!(key.code, KeyCode::Char(_)) {
        let (help, back) = (
            key_name(state, Context::Anywhere, Command::Help),
            key_name(state, Context::Selecting, Command::Type),
        );
        state.status = Some(format!(
            "Not a key here ({help} shows them all); {back} goes back to typing."
        ));
    }
}

/// A key with no command in the box: typing and editing the text, or choosing a mark.
fn capture_key(state: &mut JoinState, key: KeyEvent) -> Vec<JoinEffect> {
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
    let edit = state.keymap.edit(&key);
    if let Some(b) = state.capture.get_mut(field) {
        b.key(&key, edit, true);
    }
    Vec::new()
}

/// Whether the focused field is free text (not a choice).
pub(super) fn free_field(state: &JoinState) -> bool {
    state
        .capture_field
        .checked_sub(1)
        .and_then(|i| state.current_slot().and_then(|s| s.fields.get(i)))
        .is_some_and(|f| f.choices.is_empty())
}

fn move_slot(state: &mut JoinState, delta: isize) {
    let n = state.slots().len() as isize;
    if n == 0 {
        return;
    }
    let next = (state.slot as isize + delta).rem_euclid(n) as usize;
    if let Some(t) = state.target.clone() {
        state.go_to(t, next);
    }
}

/// Ctrl-N / Ctrl-P: to the next / previous exercise the box may write to — the facilitator's,
/// or one where an entry waits. The entry here waits in its own slot.
fn other_exercise(state: &mut JoinState, delta: isize) {
    let reachable: Vec<ExerciseInfo> = state.reachable().into_iter().cloned().collect();
    let here = state
        .target
        .as_ref()
        .and_then(|t| reachable.iter().position(|e| e.id == t.id));
    let (Some(here), n @ 2..) = (here, reachable.len()) else {
        state.status = Some(
            "This terminal follows the facilitator: the exercise changes when they move on.".into(),
        );
        return;
    };
    let next = reachable[(here as isize + delta).rem_euclid(n as isize) as usize].clone();
    let title = next.title.clone();
    let facilitators = state.exercise.as_ref().is_some_and(|e| e.id == next.id);
    // Back to the slot where an entry waits, else the first.
    let slot = next
        .slots
        .iter()
        .position(|s| state.parked.contains_key(&EntryPlace::new(&next.id, &s.id)))
        .unwrap_or(0);
    let back = state.go_to(next, slot);
    let send = key_name(state, Context::Typing, Command::Save);
    state.status = Some(match (facilitators, back) {
        (true, _) => format!("Now on \"{title}\", the facilitator's exercise."),
        (false, _) => format!(
            "Back on \"{title}\" (the facilitator has moved on): {send} still sends it there."
        ),
    });
}

fn browse(state: &mut JoinState, delta: isize) {
    state.focus = Focus::Select;
    select_step(state, delta);
}

pub(super) fn select_step(state: &mut JoinState, delta: isize) {
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

/// Loads a refused answer into the box to correct it: the entry in the box waits in its place,
/// and a correction of it left earlier comes back, else its text as refused.
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
    if state.queueing.is_some() {
        state.status = Some("Still handing the last answer to this machine's outbox.".into());
        return;
    }
    state.park_live();
    state.fixing = Some(id.clone());
    let back = state.load_live();
    if !back && let Some(texts) = state.refused_texts(&id) {
        for (b, t) in state.capture.iter_mut().zip(texts) {
            b.set(&t);
        }
        state.capture_field = 0;
    }
    state.focus = Focus::Capture;
    let (send, leave) = (
        key_name(state, Context::Typing, Command::Save),
        key_name(state, Context::Typing, Command::LeaveBox),
    );
    state.status = Some(if back {
        format!(
            "Back to your correction: {send} sends it (it replaces the refused one); {leave} leaves it."
        )
    } else {
        format!(
            "Correcting: {send} sends the corrected answer (it replaces the refused one); {leave} leaves it."
        )
    });
}
