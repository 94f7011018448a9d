//! `update`: the only place the app's state changes. Pure but for the clock it is given and
//! fresh contribution ids; all I/O is returned as effects.

use std::time::Duration;

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyEventKind, KeyModifiers};

use super::action::{Action, Effect};
use super::boards::{BoardView, Hit, visible_contributions};
use super::details::DetailsForm;
use super::keymap::{Command, Context};
use super::state::{
    Breakout, EntryPlace, FORM_LABELS, Focus, GroupPicker, Home, HomeFocus, NewSessionForm,
    Pending, Purpose, Run, SavedEntry, Screen, State,
};
use super::text::display_line;
use super::textbox::{TextBox, TooLong};
use crate::model::exercise::ExerciseKind;
use crate::model::text::MAX_FIELD_BYTES;
use crate::model::{Change, Draft, check_each};

mod capture_keys;
mod converge_keys;
mod home_keys;
mod saves;
mod select_keys;
mod vote_keys;

pub use crate::model::undo::inverse_of;
use capture_keys::*;
use converge_keys::*;
use home_keys::*;
use saves::*;
pub use select_keys::board_order;
use select_keys::*;
use vote_keys::*;

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
        Action::Typed(text) => {
            if let Some(field) = state.run().map(|r| r.capture_field) {
                insert(state, field, &text);
            }
            Vec::new()
        }
        Action::Replace(text) => {
            if let Some(run) = state.run_mut() {
                // The details form's chosen field, when the form is open.
                if let Some(form) = &mut run.details
                    && let Some(b) = form.fields.get_mut(form.field)
                {
                    b.select_all();
                    if text.is_empty() {
                        b.backspace();
                    }
                    if let Err(e) = b.insert(&text) {
                        state.banner = Some(too_long_message(&e));
                    }
                    return Vec::new();
                }
                let field = run.capture_field;
                if let Some(b) = run.capture.get_mut(field) {
                    b.select_all();
                    if text.is_empty() {
                        b.backspace();
                    }
                }
                insert(state, field, &text);
            }
            Vec::new()
        }
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
            let save = state.keymap.name_of(Context::Typing, Command::Save);
            state.banner = Some(format!(
                "NOT SAVED — {message}. Your text is still in the box: fix the problem (disk full? read-only?) and press {save} again."
            ));
            Vec::new()
        }
        Action::Opened {
            path,
            session,
            unsaved,
        } => {
            let mut run = Run::new(path, *session);
            state.status = Some(format!(
                "Type to capture; {} saves. {} for help.",
                state.keymap.name_of(Context::Typing, Command::Save),
                state.keymap.name_of(Context::Anywhere, Command::Help)
            ));
            if let Some(u) = unsaved
                && run.restore(&u)
            {
                state.status = Some(restored_message(&run, &state.keymap));
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

/// A character typed with no Ctrl or Alt.
pub fn is_plain_char(key: &KeyEvent) -> bool {
    matches!(key.code, KeyCode::Char(_))
        && key.kind != KeyEventKind::Release
        && !key
            .modifiers
            .intersects(KeyModifiers::CONTROL | KeyModifiers::ALT)
}

/// Esc then a letter or digit typed quickly, which many terminals send as one Alt-letter: the
/// letter without its Alt, when `key` is such a key and nothing takes it as it is (`bound`: a
/// command of the keymap, or in the box one of the box's own editing keys). In the box it
/// leaves the box, then the letter runs as selecting: it never types. Selecting, Esc changes
/// nothing, so the letter runs as itself.
pub fn esc_then(key: &KeyEvent, bound: bool) -> Option<KeyEvent> {
    let m = key.modifiers;
    match key.code {
        KeyCode::Char(c)
            if c.is_alphanumeric()
                && m.contains(KeyModifiers::ALT)
                && !m.contains(KeyModifiers::CONTROL)
                && key.kind != KeyEventKind::Release
                && !bound =>
        {
            let mut plain = *key;
            plain.modifiers.remove(KeyModifiers::ALT);
            Some(plain)
        }
        _ => None,
    }
}

/// Whether `key` would be inserted as it is into the focused free-text box: plain typing with
/// the capture box focused and nothing over it. Such keys may be gathered into one `Typed`.
pub fn types_into_box(state: &State, key: &KeyEvent) -> bool {
    if !is_plain_char(key) || state.help || state.quit_ask {
        return false;
    }
    let Some(run) = state.run() else {
        return false;
    };
    run.focus == Focus::Capture
        && super::layers::run_layers(state).is_empty()
        && (run.capture_field == 0 || free_field(run))
}

/// What a reopened session says of the text that came back: in the box, and where else entries
/// wait (so none is forgotten in a slot nobody looks at), naming the keys as mapped.
pub fn restored_message(run: &Run, keymap: &super::keymap::Keymap) -> String {
    if run.parked.is_empty() {
        return format!(
            "Restored text you had typed and not saved: {} saves it, {} clears a line.",
            keymap.name_of(Context::Typing, Command::Save),
            keymap.name_of(Context::Editing, Command::DeleteToLineStart)
        );
    }
    let places: Vec<String> = run
        .parked
        .keys()
        .map(|p| match p {
            EntryPlace::Edit(_) => "an edit of a saved answer (e on it)".to_owned(),
            EntryPlace::New { exercise, slot } => run
                .session
                .scenario
                .exercise(exercise)
                .and_then(|e| e.slots().into_iter().find(|s| s.id == *slot))
                .map_or_else(|| slot.clone(), |s| display_line(&s.label)),
        })
        .collect();
    let shown: Vec<&str> = places.iter().take(3).map(String::as_str).collect();
    let more = places.len().saturating_sub(shown.len());
    let more = if more > 0 {
        format!(" and {more} more")
    } else {
        String::new()
    };
    let here = if run.capture_has_text() {
        "in the box, and "
    } else {
        ""
    };
    format!(
        "Restored text you had typed and not saved: {here}waiting in {}{more} ({}, {}/{} go there).",
        shown.join("; "),
        keymap.name_of(Context::Anywhere, Command::NextSlot),
        keymap.name_of(Context::Anywhere, Command::NextExercise),
        keymap.name_of(Context::Anywhere, Command::PreviousExercise)
    )
}

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
    use crate::tui::dialog::{QuitAnswer, quit_answer};
    match quit_answer(&state.keymap, key) {
        Some(QuitAnswer::Keep) => {
            state.quit_ask = false;
            state.quit_after_save = true;
            let effects = submit(state);
            if effects.is_empty() {
                // Refused (a mark to choose, a required field): the status says why.
                state.quit_after_save = false;
            }
            effects
        }
        Some(QuitAnswer::Discard) => {
            state.quit_ask = false;
            if let Some(run) = state.run_mut() {
                // Only the box is discarded; entries waiting elsewhere stay in the drafts file.
                if let Some(id) = run.editing.clone() {
                    run.forget_edit(&id);
                }
                run.fresh_entry();
            }
            quit(state)
        }
        Some(QuitAnswer::Back) => {
            state.quit_ask = false;
            state.status = Some("Back to the box; nothing was saved or discarded.".into());
            Vec::new()
        }
        None => Vec::new(),
    }
}

/// The answer to "withdraw this answer for good?" (`W` on a selected answer).
fn withdraw_ask_key(state: &mut State, command: Option<Command>) -> Vec<Effect> {
    let Some(run) = state.run_mut() else {
        return Vec::new();
    };
    match command {
        Some(Command::Yes) => {
            let Some(id) = run.withdraw_ask.take() else {
                return Vec::new();
            };
            // An unsaved edit of it (in the box or waiting) goes too, and so leaves the drafts.
            run.forget_edit(&id);
            // Takings-back that would restore its words (earlier edits) can never apply now.
            for list in [&mut run.undo, &mut run.redo] {
                list.retain(|changes| {
                    !changes
                        .iter()
                        .any(|c| c.contribution_id() == Some(id.as_str()))
                });
            }
            let change = Change::Withdraw {
                id,
                at: jiff::Timestamp::now(),
            };
            if let Err(e) = run.session.check(&change) {
                state.status = Some(format!("Cannot: {e}"));
                return Vec::new();
            }
            request(
                state,
                vec![change],
                Purpose::Act,
                "withdrawn for good: its words are erased from the session's files (undo cannot bring them back)".to_owned(),
            )
        }
        Some(Command::No) => {
            run.withdraw_ask = None;
            state.status = Some("Nothing withdrawn.".into());
            Vec::new()
        }
        _ => Vec::new(),
    }
}

fn key_event(state: &mut State, key: KeyEvent) -> Vec<Effect> {
    if key.kind == KeyEventKind::Release {
        return Vec::new();
    }
    // The top layer has the keys; help and quit are taken above every panel (quit above the
    // help; nothing above the quit question).
    let top = super::layers::run_top(state);
    if top == Some(Context::QuitQuestion) {
        return quit_ask_key(state, &key);
    }
    let anywhere = state.keymap.command(Context::Anywhere, &key);
    if anywhere == Some(Command::Quit) {
        if has_unsaved_text(state) {
            state.quit_ask = true;
            state.help = false;
            return Vec::new();
        }
        return quit(state);
    }
    if top == Some(Context::Help) {
        super::help::key(
            &state.keymap,
            &mut state.help,
            &mut state.help_scroll,
            &key,
            200,
        );
        return Vec::new();
    }
    if anywhere == Some(Command::Help) {
        state.help = true;
        return Vec::new();
    }
    if let Some(layer) = top {
        return layer_key(state, layer, key);
    }
    match &mut state.screen {
        Screen::Home(_) => home_key(state, key),
        Screen::Run(_) => run_key(state, key),
    }
}

/// A key for the panel, dialog or form on top: the command its table gives it.
fn layer_key(state: &mut State, layer: Context, key: KeyEvent) -> Vec<Effect> {
    let command = state.keymap.command(layer, &key);
    match layer {
        Context::NewSessionForm => match &mut state.screen {
            Screen::Home(home) => {
                let edit = state.keymap.edit(&key);
                form_key(home, key, command, edit)
            }
            Screen::Run(_) => Vec::new(),
        },
        Context::Confirm if state.run().is_some_and(|r| r.withdraw_ask.is_some()) => {
            withdraw_ask_key(state, command)
        }
        Context::Confirm => super::sharing::confirm_key(state, command),
        Context::MoveToGroup => group_picker_key(state, key, command),
        Context::NewGroup => new_group_key(state, key, command),
        Context::Details => details_key(state, key, command),
        Context::Breakout => breakout_key(state, key, command),
        Context::Themes | Context::ThemeName | Context::ThemeMerge => {
            themes_key(state, key, command)
        }
        Context::VoteSetup | Context::Vote => vote_key(state, key, command),
        Context::AxesPick | Context::AxesName => axes_key(state, key, command),
        Context::SeedPick => seed_key(state, command),
        Context::NoteTakers => super::sharing::panel_key(state, command),
        Context::Spotlight => {
            if command == Some(Command::Close)
                && let Some(run) = state.run_mut()
            {
                run.spotlight = None;
            }
            Vec::new()
        }
        _ => Vec::new(),
    }
}

/// The base modes' keys: typing in the box or selecting answers.
fn run_key(state: &mut State, key: KeyEvent) -> Vec<Effect> {
    // Keys that work wherever the focus is.
    if let Some(effects) = run_global_key(state, &key) {
        return effects;
    }
    let Some(run) = state.run_mut() else {
        return Vec::new();
    };
    let typing = run.focus == Focus::Capture;
    let context = if typing {
        Context::Typing
    } else {
        Context::Selecting
    };
    let bound = state.keymap.command(context, &key).is_some()
        || typing && state.keymap.edit(&key).is_some();
    if let Some(plain) = esc_then(&key, bound) {
        if typing {
            leave_box(state);
        }
        return run_key(state, plain);
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
    let command = state.keymap.command(Context::Anywhere, key)?;
    let run = state.run_mut()?;
    match command {
        Command::NextSlot => move_slot(state, 1),
        Command::PreviousSlot => move_slot(state, -1),
        Command::Project => {
            run.projection = !run.projection;
            run.projection_since = run.projection.then_some(now);
            state.theme.projection = state.run().is_some_and(|r| r.projection);
        }
        Command::TextSize => {
            run.text_size = run.text_size.next();
            state.status = Some(format!(
                "Audience text size: {} ({} changes it).",
                run.text_size.label(),
                state.keymap.name_of(Context::Anywhere, Command::TextSize)
            ));
        }
        Command::ShowJoin => {
            let sharing = run.sharing.as_ref().is_some_and(|s| !s.url.is_empty());
            run.show_join = !run.show_join && sharing;
            let show = run.show_join;
            let (share, join) = (
                state.keymap.name_of(Context::Anywhere, Command::Share),
                state.keymap.name_of(Context::Anywhere, Command::ShowJoin),
            );
            state.status = Some(if !sharing {
                format!(
                    "Not sharing: {share} starts sharing, then {join} shows the join code to the room."
                )
            } else if show {
                format!(
                    "The join address and code are on the audience's screen; {join} takes them off."
                )
            } else {
                "The join code is off the audience's screen.".to_owned()
            });
        }
        Command::Share => return Some(super::sharing::toggle(state)),
        Command::Timer => toggle_timer(run, now),
        Command::AddMinute => add_minute(run),
        // On a role-clarity mark, PgUp / PgDn move in the grid (the box's keys).
        Command::BrowseDown | Command::BrowseUp if on_role_grid(run, key) => return None,
        Command::BrowseDown => browse(state, 5),
        Command::BrowseUp => browse(state, -5),
        Command::NextGroup => next_group(state),
        Command::NextExercise => go_to_exercise(state, 1),
        Command::PreviousExercise => go_to_exercise(state, -1),
        Command::NextField => {
            let n = run.capture.len();
            run.capture_field = (run.capture_field + 1) % n;
        }
        Command::NextParent => {
            if !run.next_parent() {
                let label = run.current_slot().label;
                state.status = Some(format!(
                    "An answer in “{label}” goes under no other answer here."
                ));
            }
        }
        // Not reached here (quit and help are taken first), or not commands of this table.
        Command::Help
        | Command::Quit
        | Command::Save
        | Command::NewLine
        | Command::LeaveBox
        | Command::Type
        | Command::SelectUp
        | Command::SelectDown
        | Command::Edit
        | Command::Hide
        | Command::Star
        | Command::MoveSlot
        | Command::MoveSlotBack
        | Command::MoveGroup
        | Command::Spotlight
        | Command::Withdraw
        | Command::Undo
        | Command::Redo
        | Command::Themes
        | Command::Vote
        | Command::Axes
        | Command::Seed
        | Command::NewGroup
        | Command::Details
        | Command::Breakout
        | Command::Conceal
        | Command::Reference
        | Command::Shuffle
        | Command::PickGroup
        | Command::PickAnswer
        | Command::Export
        | Command::VotePanel => return None,
        // Commands of the panels' tables.
        _ => return None,
    }
    Some(Vec::new())
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
    // Keep unsaved typing in the drafts file: looked at every two seconds (not every tick: the
    // box may hold a page), written when it changed.
    if run
        .draft_at
        .is_none_or(|at| now.duration_since(at) >= DRAFT_EVERY)
    {
        run.draft_at = Some(now);
        let unsaved = run.unsaved();
        if run.draft_written.as_ref() != Some(&unsaved) {
            run.draft_written = Some(unsaved.clone());
            effects.push(Effect::KeepUnsaved(unsaved));
        }
    }
    if status.is_some() {
        state.status = status;
    }
    effects
}

/// How often unsaved typing is written to the drafts file, at most.
const DRAFT_EVERY: Duration = Duration::from_secs(2);
