//! A typed line as actions: an answer (its text into the box, then the save key), or a
//! `/command` as the key the keymap gives that command, with a click on the answer it names.
//! Lines that only ask for something to be printed (`/list`, `/help`) are answered here.

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use super::describe;
use super::reader::Line;
use super::{Plain, State};
use crate::tui::action::Action;
use crate::tui::boards::Hit;
use crate::tui::keymap::plain::{Form, Takes, form, typed};
use crate::tui::keymap::{Command, Context};

/// The key event of `command`'s first key in `context`, as the keymap (and a keys file) has it.
pub(super) fn key_of(state: &State, context: Context, command: Command) -> Option<KeyEvent> {
    state
        .keymap
        .keys(context, command)
        .first()
        .map(super::key_event)
}

/// The actions of `line`, pushed onto `out`; what to print in answer.
pub(super) fn actions(
    plain: &mut Plain,
    state: &mut State,
    line: Line,
    out: &mut Vec<Action>,
) -> Vec<String> {
    let text = match line {
        Line::Text(t) => t,
        // Ctrl-C or Ctrl-D at a terminal: quitting, asked about when text is unsaved.
        Line::Interrupted(typed) if plain.reader.terminal => {
            // What was on the line goes into the box first: quitting asks about it.
            if !typed.is_empty() {
                out.push(if plain.several {
                    Action::Paste(format!("\n{typed}"))
                } else {
                    Action::Replace(typed)
                });
            }
            return command(plain, state, "quit", "", out);
        }
        Line::Eof if plain.reader.terminal => {
            return command(plain, state, "quit", "", out);
        }
        Line::Interrupted(_) | Line::Eof | Line::Gone => {
            out.push(Action::Quit);
            return Vec::new();
        }
    };
    if let Some(ctx) = crate::tui::layers::run_top(state) {
        return layer(state, ctx, &text, out);
    }
    let trimmed = text.trim();
    if let Some(rest) = trimmed.strip_prefix('/')
        && !rest.starts_with('/')
    {
        let (word, arg) = rest.split_once(char::is_whitespace).unwrap_or((rest, ""));
        return command(plain, state, word, arg.trim(), out);
    }
    // `//` types a line starting with `/`.
    let text = match text.trim_start().strip_prefix("//") {
        Some(rest) => format!("/{rest}"),
        None => text,
    };
    let has_text = state.run().is_some_and(|r| r.capture_has_text());
    if plain.several {
        out.push(Action::Paste(if has_text {
            format!("\n{text}")
        } else {
            text
        }));
        return Vec::new();
    }
    if text.trim().is_empty() {
        let editing = state.run().is_some_and(|r| r.editing.is_some());
        return vec![if editing {
            "An empty line saves nothing; the answer stays as it was. /leave_box leaves the edit (it waits, unsaved, for /edit).".to_owned()
        } else {
            "An empty line saves nothing. /help lists the commands.".to_owned()
        }];
    }
    // A mark (a cell's, a checklist item's) is one of its choices, named in full or by its
    // start.
    let choices = state.run().map(describe::choices).unwrap_or_default();
    let text = if choices.is_empty() {
        text
    } else {
        let typed = text.trim().to_lowercase();
        let exact = choices.iter().find(|c| c.to_lowercase() == typed);
        let start = choices
            .iter()
            .filter(|c| c.to_lowercase().starts_with(&typed))
            .collect::<Vec<_>>();
        match exact.or(match start.as_slice() {
            [c] => Some(*c),
            _ => None,
        }) {
            Some(c) => c.clone(),
            None => {
                return vec![format!(
                    "Choose one of: {} (/next_field goes to the next field).",
                    choices
                        .iter()
                        .map(|c| describe::safe(c))
                        .collect::<Vec<_>>()
                        .join(", ")
                )];
            }
        }
    };
    out.push(Action::Replace(text));
    out.extend(key_of(state, Context::Typing, Command::Save).map(Action::Key));
    Vec::new()
}

/// A line while a panel, form or question is on top: one of its commands by name, typed text
/// for a box, or keys (a rating's digits).
fn layer(state: &mut State, ctx: Context, text: &str, out: &mut Vec<Action>) -> Vec<String> {
    let trimmed = text.trim();
    let word = trimmed.strip_prefix('/').unwrap_or(trimmed);
    let (name, _) = word.split_once(char::is_whitespace).unwrap_or((word, ""));
    let name = name.replace('-', "_");
    if name == "help" {
        return describe::help(state, ctx);
    }
    // Quitting is asked for from any panel, as Ctrl-Q does on the full screen.
    if name == "quit" && ctx != Context::QuitQuestion {
        out.extend(key_of(state, Context::Anywhere, Command::Quit).map(Action::Key));
        return Vec::new();
    }
    if name == "list"
        && let Some(run) = state.run()
    {
        return describe::list(run);
    }
    let found = state
        .keymap
        .table(ctx)
        .iter()
        .find(|(c, keys)| c.name().eq_ignore_ascii_case(&name) && !keys.is_empty())
        .map(|(c, _)| *c);
    if let Some(c) = found {
        out.extend(key_of(state, ctx, c).map(Action::Key));
        return Vec::new();
    }
    if ctx == Context::Details && !trimmed.starts_with('/') {
        // A form of several fields: the line replaces the chosen one; `save` saves them all.
        out.push(Action::Replace(text.to_owned()));
        return Vec::new();
    }
    if ctx == Context::Breakout && !trimmed.starts_with('/') {
        // One name a line.
        let first = state
            .run()
            .and_then(|r| r.breakout.as_ref())
            .is_none_or(|b| b.names.text().trim().is_empty());
        out.push(Action::Paste(if first {
            text.to_owned()
        } else {
            format!("\n{text}")
        }));
        return Vec::new();
    }
    if ctx.types() && !trimmed.starts_with('/') {
        // Typed into the panel's box (a theme's name, an axis), then entered as Enter would.
        out.push(Action::Paste(text.to_owned()));
        out.extend(
            key_of(state, ctx, Command::Confirm)
                .or_else(|| key_of(state, ctx, Command::Save))
                .map(Action::Key),
        );
        return Vec::new();
    }
    if is_digits_and_signs(trimmed) {
        // Digits and signs, as keys (a rating's 1–5, a dot's +); never words, whose letters
        // would each run a command.
        for c in trimmed.chars().filter(|c| !c.is_whitespace()) {
            out.push(Action::Key(KeyEvent::new(
                KeyCode::Char(c),
                KeyModifiers::NONE,
            )));
        }
        return Vec::new();
    }
    vec![format!(
        "Not a command here: {}. /help says what each does.",
        describe::layer_words(state, ctx)
    )]
}

/// A line of digits and signs only (a rating's "34", a dot's "+"): typed into a panel as keys.
pub fn is_digits_and_signs(line: &str) -> bool {
    !line.is_empty()
        && line
            .chars()
            .all(|c| c.is_ascii_digit() || matches!(c, '+' | '-' | ' '))
}

/// A `/word` typed at the prompt.
fn command(
    plain: &mut Plain,
    state: &mut State,
    word: &str,
    arg: &str,
    out: &mut Vec<Action>,
) -> Vec<String> {
    let Some(run) = state.run() else {
        return Vec::new();
    };
    let word = word.to_lowercase().replace('-', "_");
    let number = arg.parse::<usize>().ok();
    match word.as_str() {
        "help" => return describe::help(state, Context::Typing),
        "list" => return describe::list(run),
        "begin" => {
            if plain.several {
                return vec!["Already in an answer of several lines: /end saves it.".into()];
            }
            plain.several = true;
            if run.editing.is_some() {
                // The edit is typed anew, line by line.
                out.push(Action::Replace(String::new()));
            }
            return vec!["Type the lines of the answer; /end saves it.".into()];
        }
        "end" => {
            if !plain.several {
                return vec!["Nothing to end: /begin starts an answer of several lines.".into()];
            }
            plain.several = false;
            out.extend(key_of(state, Context::Typing, Command::Save).map(Action::Key));
            return Vec::new();
        }
        "slot" => {
            let slots = run.current_slots();
            return match number {
                Some(n) if (1..=slots.len()).contains(&n) => {
                    out.push(Action::Click(Hit::Slot(n - 1)));
                    Vec::new()
                }
                _ => describe::slots(run, arg),
            };
        }
        "group" => {
            let groups = &run.session.groups;
            let by_name = groups
                .iter()
                .position(|g| !arg.is_empty() && g.eq_ignore_ascii_case(arg));
            return match number.and_then(|n| n.checked_sub(1)).or(by_name) {
                Some(i) if i < groups.len() => {
                    out.push(Action::Click(Hit::Group(i)));
                    Vec::new()
                }
                _ => describe::groups(run),
            };
        }
        "exercise" | "agenda" => {
            let n = run.session.scenario.agenda.len();
            return match number {
                Some(k) if (1..=n).contains(&k) => {
                    out.push(Action::Click(Hit::Exercise(k - 1)));
                    Vec::new()
                }
                _ => describe::agenda(run),
            };
        }
        _ => {}
    }
    let alias = match word.as_str() {
        "next" => Some(Command::NextExercise),
        "previous" | "prev" => Some(Command::PreviousExercise),
        "reveal" => Some(Command::Conceal),
        "save" => {
            return vec!["Enter at the end of a line saves it; after /begin, /end saves.".into()];
        }
        _ => typed(&word),
    };
    let Some(c) = alias else {
        return vec![format!(
            "No command /{}. /help lists them.",
            describe::safe(&word)
        )];
    };
    if let Some(key) =
        key_of(state, Context::Anywhere, c).or_else(|| key_of(state, Context::Typing, c))
    {
        out.push(Action::Key(key));
        return Vec::new();
    }
    if key_of(state, Context::Selecting, c).is_none() {
        let there = describe::where_typed(c);
        return vec![format!("/{} {there}.", c.name())];
    }
    if form(c) == Form::Typed(Takes::Answer) && !(c == Command::Themes && arg.is_empty()) {
        let order = crate::tui::update::board_order(run);
        let id = match number {
            Some(n) if (1..=order.len()).contains(&n) => order[n - 1].clone(),
            Some(n) => {
                return vec![format!(
                    "No answer {n} here: /list numbers this slot's {} answer{}.",
                    order.len(),
                    if order.len() == 1 { "" } else { "s" }
                )];
            }
            None if !arg.is_empty() => {
                return vec![format!(
                    "/{} takes the number of an answer in /list.",
                    c.name()
                )];
            }
            None => match order.last() {
                Some(id) => id.clone(),
                None => return vec!["No answers here yet: /list says so too.".into()],
            },
        };
        out.push(Action::Click(Hit::Contribution(id)));
    } else {
        // Out of the box (the line before went back into it, if it had left).
        out.extend(key_of(state, Context::Typing, Command::LeaveBox).map(Action::Key));
    }
    out.extend(key_of(state, Context::Selecting, c).map(Action::Key));
    Vec::new()
}
