//! The plan editor: facilitators build their own workshop plans in the terminal, without JSON.
//!
//! The plan is held as its JSON value and edited through the parts each exercise kind declares
//! ([`crate::model::exercise::parts`]), so every part of every kind is editable and a kind added
//! later is too; after each change the plan is read again with the plan reader and checked, and
//! what is wrong is shown beside the part, in plain words. [`Editor`] is the state and its
//! update (pure: `state.rs`, `update.rs`), [`EditorView`] draws it (`view.rs`), [`Preview`]
//! draws the chosen exercise's board with sample answers (`preview.rs`). Saving writes the plan
//! atomically into the user's plans folder, never over a plan built into hearth.

mod lists;
mod preview;
mod state;
mod update;
mod value;

pub mod view;

#[cfg(test)]
mod tests;

use std::path::{Path, PathBuf};

pub use preview::{Preview, SAMPLE, sample_session};
pub use state::{Editor, FieldEdit, KindPick, Origin, Pane, compiled_in};
pub use update::Effect;
pub use value::{Row, RowIs, Seg, path_text, rows};
pub use view::EditorView;

use ratatui::DefaultTerminal;
use ratatui::crossterm::event::{Event, KeyEventKind};

use super::error::AppError;
use super::keymap::Keymap;
use super::terminal::{init_terminal, input_channel, restore_terminal};
use super::theme::Theme;

/// Writes the plan's bytes as hearth writes every file (a temporary file, fsync, rename), in a
/// plans folder made if need be.
pub fn write(path: &Path, bytes: &[u8]) -> Result<(), String> {
    if let Some(dir) = path.parent()
        && !dir.as_os_str().is_empty()
    {
        crate::platform::create_owner_only_dir_all(dir)
            .map_err(|e| format!("{}: cannot make the plans folder: {e}", dir.display()))?;
    }
    crate::store::files::write_atomic(path, bytes).map_err(|e| e.to_string())
}

/// Where a plan with changes not saved goes when the terminal goes away: beside the plans, as
/// `<id>.json.unsaved` (not a `.json` file, so never listed as a plan), the text being typed
/// kept in it.
pub fn unsaved_path(editor: &Editor) -> PathBuf {
    let id = editor
        .plan
        .get("id")
        .and_then(serde_json::Value::as_str)
        .filter(|id| crate::model::text::is_valid_id(id))
        .unwrap_or("plan");
    editor.dir.join(format!("{id}.json.unsaved"))
}

/// Keeps a plan with changes not saved in [`unsaved_path`]; said on standard error.
pub fn keep_unsaved(editor: &mut Editor) {
    if editor.field.is_some() {
        editor.commit_field();
        // Text a part cannot take (a time box of words) is dropped with its box.
        editor.field = None;
    }
    if !editor.dirty() {
        return;
    }
    let path = unsaved_path(editor);
    let bytes = serde_json::to_vec_pretty(&editor.plan).unwrap_or_default();
    let said = match write(&path, &bytes) {
        Ok(()) => format!(
            "hearth: the terminal went away; the plan's changes not saved are kept in {}\n",
            path.display()
        ),
        Err(e) => format!("hearth: the terminal went away and the plan's changes were lost: {e}\n"),
    };
    let _ = std::io::Write::write_all(&mut std::io::stderr(), said.as_bytes());
}

/// Runs the editor on its own terminal (`hearth plan new`, `hearth plan edit`). Returns where
/// the plan was last saved, if it was.
pub fn run(editor: Editor, keymap: &Keymap, theme: Theme) -> Result<Option<PathBuf>, AppError> {
    let previous_hook = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        restore_terminal();
        previous_hook(info);
    }));
    let mut terminal = match init_terminal(false) {
        Ok(t) => t,
        Err(e) => {
            restore_terminal();
            return Err(AppError::Terminal(e));
        }
    };
    let mut input = input_channel();
    let result = run_in(&mut terminal, &mut input, editor, keymap, theme);
    restore_terminal();
    result
}

/// Runs the editor on a terminal already taken, reading the input already being read (the
/// home screen's). Returns where the plan was last saved, if it was.
pub fn run_in(
    terminal: &mut DefaultTerminal,
    input: &mut tokio::sync::mpsc::UnboundedReceiver<std::io::Result<Event>>,
    mut editor: Editor,
    keymap: &Keymap,
    theme: Theme,
) -> Result<Option<PathBuf>, AppError> {
    let mut saved_to = None;
    loop {
        terminal
            .draw(|f| {
                f.render_widget(
                    EditorView {
                        editor: &editor,
                        keymap,
                        theme,
                    },
                    f.area(),
                )
            })
            .map_err(AppError::Terminal)?;
        let event = match input.blocking_recv() {
            Some(Ok(ev)) => ev,
            // The terminal is gone (an ssh drop, a closed window): nothing can be asked, so a
            // plan with changes not saved is kept beside the plans, under a name no plan has.
            Some(Err(_)) | None => {
                keep_unsaved(&mut editor);
                return Ok(saved_to);
            }
        };
        let effects = match event {
            Event::Key(k) if k.kind != KeyEventKind::Release => editor.key(k, keymap),
            Event::Paste(text) => {
                editor.paste(&text);
                Vec::new()
            }
            _ => Vec::new(),
        };
        let mut queue = effects;
        while !queue.is_empty() {
            let mut next = Vec::new();
            for effect in queue {
                match effect {
                    Effect::Save { path, bytes } => {
                        let result = write(&path, &bytes);
                        if result.is_ok() {
                            saved_to = Some(path.clone());
                        }
                        next.extend(editor.saved(path, result));
                    }
                    Effect::Quit => return Ok(saved_to),
                }
            }
            queue = next;
        }
        if editor.quit {
            return Ok(saved_to);
        }
    }
}
