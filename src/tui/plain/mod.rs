//! The plain line mode (`hearth run SESSION --plain`), for screen readers and poor links: no
//! full screen, no boxes, no redrawing. A prompt says where an answer will go; each line typed
//! is an answer or a `/command` (drawn from the keymap's command table: see
//! [`crate::tui::keymap::plain`]); each thing that happens is one printed line.
//!
//! It is a [`Front`] of the same event loop as the full screen: typed lines become the same
//! actions (keys of the keymap, pastes, clicks), so saving, drafts, sharing and every check run
//! the same code.

pub mod describe;
mod input;
pub use input::is_digits_and_signs;
pub mod reader;
#[cfg(test)]
mod tests;

use std::collections::HashSet;
use std::time::Duration;

use super::action::Action;
use super::front::Front;
use super::keymap::Context;
use super::state::{Focus, State};
use reader::{Line, Reader};

/// How long before the end of an exercise's time the plain mode says so.
const WARN_BEFORE: Duration = Duration::from_secs(5 * 60);

/// What has been said already, so each thing that happens is said once.
#[derive(Debug, Default)]
struct Said {
    banner: Option<String>,
    saves: u64,
    exercise: Option<usize>,
    arrived: HashSet<String>,
    warned: bool,
    /// The timer was running.
    running: bool,
    panel: Option<String>,
    layer: Option<Context>,
    editing: Option<String>,
}

pub struct Plain {
    reader: Reader,
    /// A prompt is out: the line editor waits for a line.
    asked: bool,
    /// Lines of an answer of several lines are being typed (after `/begin`).
    several: bool,
    said: Said,
    terminal: Option<crate::platform::TermSettings>,
}

impl Plain {
    /// Starts the line editor and says what the session is and how the plain mode works.
    pub fn start(state: &State) -> Plain {
        let terminal = crate::platform::terminal_settings();
        if let Some(t) = terminal {
            // A panic leaves the terminal as it found it, as the full screen's does.
            let previous = std::panic::take_hook();
            std::panic::set_hook(Box::new(move |info| {
                crate::platform::restore_terminal_settings(&t);
                previous(info);
            }));
        }
        let mut plain = Plain {
            reader: Reader::start(),
            asked: false,
            several: false,
            said: Said::default(),
            terminal,
        };
        if let Some(run) = state.run() {
            let title = crate::model::text::printable(&run.session.title).into_owned();
            plain.reader.say(&format!(
                "hearth, plain mode: {title}. Type an answer and press Enter to save it; /begin … /end for several lines; /help lists the commands."
            ));
        }
        plain
    }

    /// After the loop: the terminal as it was, and where unsaved text went.
    pub fn finish(&mut self, state: &State) {
        if let Some(t) = &self.terminal {
            crate::platform::restore_terminal_settings(t);
        }
        self.show_news(state);
        let kept = state
            .run()
            .is_some_and(|r| r.capture_has_text() || r.editing.is_some() || !r.parked.is_empty());
        if kept {
            self.reader.say(
                "Unsaved text is kept in the drafts file beside the session: it is back in the box when you run it again.",
            );
        }
        self.reader.say("Goodbye.");
    }

    fn say(&mut self, text: &str) {
        self.reader.say(text);
    }

    /// Prints what happened since the last look, one line each.
    fn show_news(&mut self, state: &State) {
        for l in self.said.news(state) {
            self.say(&l);
        }
    }
}

impl Said {
    /// What happened since the last look (saved, arrived, agenda moved, the timer, refusals,
    /// the panel on top), each once, as lines to print.
    fn news(&mut self, state: &State) -> Vec<String> {
        let mut lines: Vec<String> = Vec::new();
        if state.banner != self.banner {
            self.banner.clone_from(&state.banner);
            lines.extend(state.banner.as_deref().map(describe::safe));
        }
        if let Some(run) = state.run() {
            if run.saves != self.saves {
                self.saves = run.saves;
                lines.extend(run.last_saved.as_deref().map(describe::unmarked));
            }
            if self.exercise != Some(run.exercise) {
                if self.exercise.is_some() {
                    lines.push(describe::agenda_line(run));
                }
                self.exercise = Some(run.exercise);
                self.warned = false;
            }
            if run.editing != self.editing {
                self.editing.clone_from(&run.editing);
                if let Some(c) = run
                    .editing
                    .as_ref()
                    .and_then(|id| run.session.contribution(id))
                {
                    lines.push(format!(
                        "The answer reads:\n{}\nType its new text: Enter saves it as a new version (the earlier one is kept).",
                        describe::indented(&c.text)
                    ));
                }
            }
            for id in run.arrived.keys() {
                if self.arrived.insert(id.clone())
                    && let Some(c) = run.session.contribution(id)
                {
                    lines.push(describe::arrived_line(run, c));
                }
            }
            let t = &run.timer;
            let left = t.left_at(state.now);
            if t.running() && t.total > WARN_BEFORE && left <= WARN_BEFORE && !left.is_zero() {
                if !self.warned {
                    self.warned = true;
                    lines.push(format!("{} left.", describe::minutes(left)));
                }
            } else if left > WARN_BEFORE {
                self.warned = false;
            }
            if t.running() != self.running {
                self.running = t.running();
                let total = describe::minutes(t.total);
                lines.push(match (t.running(), left.is_zero()) {
                    (true, _) => format!(
                        "Timer running: {} of {total} left.",
                        describe::minutes(left)
                    ),
                    (false, true) => "Timer stopped: time is up.".to_owned(),
                    (false, false) => {
                        format!("Timer paused: {} of {total} left.", describe::minutes(left))
                    }
                });
            }
        }
        // An answer that arrived is said above, with its group and question.
        if let Some(status) = state.status.as_ref().filter(|s| !s.starts_with("↓ ")) {
            lines.push(describe::unmarked(status));
        }
        let layer = super::layers::run_top(state);
        if layer != self.layer {
            self.layer = layer;
            self.panel = None;
            if let Some(ctx) =
                layer.filter(|c| !matches!(c, Context::QuitQuestion | Context::Confirm))
            {
                lines.push(format!(
                    "{}. Commands: {}. /help says what each does.",
                    describe::layer_name(state, ctx),
                    describe::layer_words(state, ctx)
                ));
            }
        }
        // The panel in full when it opens; then only its lines that changed (a form of nine
        // fields is not read out again for one field typed in).
        let panel = describe::panel(state).filter(|p| !p.is_empty());
        if panel != self.panel {
            match (&self.panel, &panel) {
                (Some(old), Some(new)) => {
                    let before: HashSet<&str> = old.lines().collect();
                    lines.extend(
                        new.lines()
                            .filter(|l| !before.contains(l))
                            .map(str::to_owned),
                    );
                }
                (None, Some(new)) => lines.push(new.clone()),
                (_, None) => {}
            }
            self.panel = panel;
        }
        lines
    }
}

impl Plain {
    /// The prompt for the next line, and the text it starts with.
    fn prompt(&mut self, state: &State) -> (String, String) {
        let Some(run) = state.run() else {
            return ("> ".into(), String::new());
        };
        match super::layers::run_top(state) {
            Some(Context::QuitQuestion) => ("save, discard or back? > ".into(), String::new()),
            Some(Context::Confirm) => ("yes or no? > ".into(), String::new()),
            Some(ctx) => (
                format!("{} > ", describe::layer_name(state, ctx)),
                String::new(),
            ),
            None => {
                let text = run
                    .capture
                    .get(run.capture_field)
                    .map(|b| b.text().to_owned())
                    .unwrap_or_default();
                // The line editor would write the text as it is: text holding control characters
                // goes on as lines printed safely, never onto the line to edit.
                if !self.several && text.chars().any(char::is_control) {
                    // A text of several lines (restored, or an edit of one) goes on as one.
                    self.several = true;
                    self.say(&format!(
                        "The answer being typed has several lines (or characters shown as symbols); each line you type is added to it, /end saves it:\n{}",
                        describe::indented(&text)
                    ));
                }
                let place = describe::place(run);
                if self.several {
                    (format!("{place} (more; /end saves) > "), String::new())
                } else {
                    (format!("{place} > "), text)
                }
            }
        }
    }
}

/// The key event a keymap key stands for: what the plain mode sends to run a command.
pub fn key_event(key: &super::keymap::Key) -> ratatui::crossterm::event::KeyEvent {
    use ratatui::crossterm::event::{KeyEvent, KeyModifiers};
    let mut m = KeyModifiers::NONE;
    if key.ctrl {
        m |= KeyModifiers::CONTROL;
    }
    if key.alt {
        m |= KeyModifiers::ALT;
    }
    if key.shift {
        m |= KeyModifiers::SHIFT;
    }
    KeyEvent::new(key.code, m)
}

/// Whether a save is on its way to the disk.
fn saving(state: &State) -> bool {
    state.run().is_some_and(|r| r.pending.is_some())
}

impl Front<State, Action> for Plain {
    type Input = Line;

    fn show(&mut self, state: &mut State) -> bool {
        self.show_news(state);
        state.status = None;
        // The next prompt only once the last save is confirmed: "saved" comes before it.
        if !self.asked && !saving(state) && !state.quit {
            let (prompt, initial) = self.prompt(state);
            self.reader.ask(prompt, initial);
            self.asked = true;
        }
        true
    }

    async fn next(&mut self) -> Option<Line> {
        let line = self.reader.next().await;
        self.asked = false;
        line
    }

    fn waiting(&mut self) -> Option<Option<Line>> {
        let line = self.reader.waiting()?;
        self.asked = false;
        Some(Some(line))
    }

    fn actions(&mut self, state: &mut State, line: Line) -> Vec<Action> {
        let mut out = Vec::new();
        // Back to the box after acting on an answer (a panel keeps the keys).
        if let Some(run) = state.run()
            && run.focus == Focus::Select
            && super::layers::run_top(state).is_none()
            && let Some(key) =
                input::key_of(state, Context::Selecting, super::keymap::Command::Type)
        {
            out.push(Action::Key(key));
        }
        let said = input::actions(self, state, line, &mut out);
        for s in said {
            self.say(&s);
        }
        out
    }

    fn unsent(&mut self) -> Option<Action> {
        let partial = self.reader.take_partial();
        if partial.is_empty() {
            return None;
        }
        // The line editor's line is the whole entry (an edit starts with the answer's text);
        // after /begin it is one more line of it.
        Some(if self.several {
            Action::Paste(format!("\n{partial}"))
        } else {
            Action::Replace(partial)
        })
    }
}
