//! The plan editor's default tables: the editor's own keys (choosing, adding, moving and
//! removing exercises and their parts, preview, save), the keys while a part is being typed,
//! and the list a new exercise's kind is picked from. They are written and read as the other
//! panels' tables are (see `panels.rs`).

use super::rows::{
    BACKTAB, DEL, DOWN, ENTER, ESC, LEFT, Panel, RIGHT, TAB, TYPED, UP, c, ctrl, row,
};
use super::{Command as C, Context, Key};
use ratatui::crossterm::event::KeyCode;

/// The plan editor: the agenda and the chosen exercise's parts.
pub const PLAN_EDITOR: Panel = Panel {
    context: Context::PlanEditor,
    rows: &[
        row(C::Up, &[UP, c('k')], "choose", "the exercise or part above"),
        row(
            C::Down,
            &[DOWN, c('j')],
            "choose",
            "the exercise or part below",
        ),
        row(
            C::Back,
            &[ESC],
            "agenda",
            "back to the agenda from the exercise's parts",
        ),
        row(
            C::SwitchList,
            &[TAB, BACKTAB, LEFT, RIGHT],
            "agenda/parts",
            "between the agenda and the chosen exercise's parts",
        ),
        row(
            C::Open,
            &[ENTER],
            "edit",
            "edit the part (yes / no and choices change in place; on a list, add to it)",
        ),
        row(
            C::AddPart,
            &[c('a')],
            "add",
            "add an exercise after the chosen one (its kind picked from a list), or an item to the list",
        ),
        row(
            C::RemovePart,
            &[c('d'), DEL],
            "remove",
            "remove the exercise, or the item or block the cursor is in ({plan_editor.undo} takes it back)",
        ),
        row(
            C::Duplicate,
            &[c('c')],
            "duplicate",
            "duplicate the exercise, or the item the cursor is in",
        ),
        row(
            C::MoveUp,
            &[c('K'), Key::shift(KeyCode::Up)],
            "move",
            "move the exercise or item up",
        ),
        row(
            C::MoveDown,
            &[c('J'), Key::shift(KeyCode::Down)],
            "move",
            "move the exercise or item down",
        ),
        row(
            C::Undo,
            &[c('u')],
            "undo",
            "take back the last change to the plan",
        ),
        row(
            C::Preview,
            &[c('p')],
            "preview",
            "the board as the room will see it, with sample answers (beside the form when wide)",
        ),
        row(
            C::Save,
            &[c('s'), ctrl('s')],
            "save",
            "save the plan in your plans folder",
        ),
        row(
            C::Help,
            &[c('?'), Key::plain(KeyCode::F(1))],
            "help",
            "this help",
        ),
        row(
            C::Quit,
            &[c('q'), ctrl('q'), ctrl('c')],
            "quit",
            "quit the editor (asks when the plan has changes not saved)",
        ),
    ],
    notes: &[],
    bar: &[
        C::Open,
        C::AddPart,
        C::RemovePart,
        C::MoveUp,
        C::Preview,
        C::Save,
        C::Help,
        C::Quit,
    ],
    bar_notes: &[],
};

/// Typing a part of the plan in its field.
pub const PLAN_FIELD: Panel = Panel {
    context: Context::PlanField,
    rows: &[
        row(
            C::Save,
            &[ENTER],
            "keep",
            "keep the text in the plan (not yet saved to disk)",
        ),
        row(
            C::NewLine,
            &[Key::alt(KeyCode::Enter), Key::shift(KeyCode::Enter)],
            "new line",
            "a line break, in a part that may have several lines",
        ),
        row(
            C::Close,
            &[ESC],
            "cancel",
            "leave the part as it was (a change is asked about first)",
        ),
        row(
            C::Quit,
            &[ctrl('q'), ctrl('c')],
            "quit",
            "quit the editor (asks when there are changes not saved)",
        ),
    ],
    notes: &[TYPED],
    bar: &[],
    bar_notes: &[],
};

/// The list a new exercise's kind is picked from.
pub const KIND_PICKER: Panel = Panel {
    context: Context::KindPicker,
    rows: &[
        row(C::Up, &[UP, c('k')], "choose", "the kind above"),
        row(C::Down, &[DOWN, c('j')], "choose", "the kind below"),
        row(C::Confirm, &[ENTER], "pick", "this kind"),
        row(C::Close, &[ESC, c('q')], "cancel", "no new kind"),
    ],
    notes: &[],
    bar: &[],
    bar_notes: &[],
};
