//! The line editor (rustyline: line editing and history) on a thread of its own: it reads one
//! line each time it is asked, with the prompt it is given, and hands the line over a channel,
//! so the event loop goes on saving and printing news meanwhile. The line being typed is kept
//! as it changes, so a hang-up or a signal mid-line keeps it too.

use std::io::{IsTerminal, Write};
use std::sync::{Arc, Mutex, mpsc};

use rustyline::completion::Completer;
use rustyline::error::ReadlineError;
use rustyline::highlight::Highlighter;
use rustyline::hint::Hinter;
use rustyline::history::MemHistory;
use rustyline::validate::Validator;
use rustyline::{ColorMode, Config, Editor, ExternalPrinter, Helper};

/// What the line editor hands back.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Line {
    Text(String),
    /// Ctrl-C, with the line as it was typed (kept: it goes into the box before quitting asks).
    Interrupted(String),
    /// Ctrl-D on an empty line, or the end of the input.
    Eof,
    /// Standard input cannot be read any more.
    Gone,
}

/// One line asked for: the prompt, and the text the line starts with (an answer to edit).
struct Ask {
    prompt: String,
    initial: String,
}

/// Keeps the line as it is typed (rustyline asks its hinter after every change).
struct Keeper {
    partial: Arc<Mutex<String>>,
}

impl Hinter for Keeper {
    type Hint = String;
    fn hint(&self, line: &str, _pos: usize, _ctx: &rustyline::Context<'_>) -> Option<String> {
        if let Ok(mut p) = self.partial.lock() {
            line.clone_into(&mut p);
        }
        None
    }
}
impl Completer for Keeper {
    type Candidate = String;
}
impl Highlighter for Keeper {}
impl Validator for Keeper {}
impl Helper for Keeper {}

type Printer = Box<dyn ExternalPrinter + Send>;

pub struct Reader {
    asks: mpsc::Sender<Ask>,
    lines: tokio::sync::mpsc::UnboundedReceiver<Line>,
    partial: Arc<Mutex<String>>,
    /// Prints above the line being edited, when the line editor edits.
    printer: Option<Printer>,
    /// The prompt on screen while a line is being typed (for printing news without an editor).
    showing: Option<String>,
    /// Standard input and output are a terminal: prompts are shown.
    pub terminal: bool,
}

impl Reader {
    pub fn start() -> Reader {
        let (asks, asks_rx) = mpsc::channel::<Ask>();
        let (lines_tx, lines) = tokio::sync::mpsc::unbounded_channel();
        let (printer_tx, printer_rx) = mpsc::channel::<Option<Printer>>();
        let partial = Arc::new(Mutex::new(String::new()));
        let keep = Arc::clone(&partial);
        let terminal = std::io::stdin().is_terminal() && std::io::stdout().is_terminal();
        let spawned = std::thread::Builder::new()
            .name("hearth-lines".into())
            .spawn(move || {
                let config = Config::builder()
                    .auto_add_history(true)
                    .color_mode(ColorMode::Disabled)
                    .max_history_size(1000)
                    .map(|b| b.build());
                let editor = config.and_then(|c| Editor::with_history(c, MemHistory::new()));
                let mut editor: Editor<Keeper, MemHistory> = match editor {
                    Ok(e) => e,
                    Err(_) => {
                        let _ = printer_tx.send(None);
                        let _ = lines_tx.send(Line::Gone);
                        return;
                    }
                };
                editor.set_helper(Some(Keeper {
                    partial: Arc::clone(&keep),
                }));
                let printer = editor
                    .create_external_printer()
                    .ok()
                    .map(|p| Box::new(p) as Printer);
                let _ = printer_tx.send(printer);
                while let Ok(ask) = asks_rx.recv() {
                    let read = if ask.initial.is_empty() {
                        editor.readline(&ask.prompt)
                    } else {
                        editor.readline_with_initial(&ask.prompt, (&ask.initial, ""))
                    };
                    let partial = keep.lock().map(|mut p| std::mem::take(&mut *p));
                    let line = match read {
                        Ok(text) => Line::Text(text),
                        Err(ReadlineError::Interrupted) => {
                            Line::Interrupted(partial.unwrap_or_default())
                        }
                        Err(ReadlineError::Eof) => Line::Eof,
                        Err(_) => Line::Gone,
                    };
                    let gone = line == Line::Gone;
                    if lines_tx.send(line).is_err() || gone {
                        break;
                    }
                }
            });
        let printer = match spawned {
            Ok(_) => printer_rx.recv().ok().flatten(),
            Err(_) => None,
        };
        Reader {
            asks,
            lines,
            partial,
            printer,
            showing: None,
            terminal,
        }
    }

    /// Asks for the next line.
    pub fn ask(&mut self, prompt: String, initial: String) {
        self.showing = Some(prompt.clone());
        let _ = self.asks.send(Ask { prompt, initial });
    }

    pub async fn next(&mut self) -> Option<Line> {
        let line = self.lines.recv().await;
        self.showing = None;
        line
    }

    pub fn waiting(&mut self) -> Option<Line> {
        let line = self.lines.try_recv().ok();
        if line.is_some() {
            self.showing = None;
        }
        line
    }

    /// The line being typed, not yet entered (taken: it is handed over once).
    /// The line being typed, as it is now (left as it is).
    pub fn partial(&self) -> String {
        self.partial.lock().map(|p| p.clone()).unwrap_or_default()
    }

    pub fn take_partial(&mut self) -> String {
        self.partial
            .lock()
            .map(|mut p| std::mem::take(&mut *p))
            .unwrap_or_default()
    }

    /// Prints `text` (lines already made safe to show) on lines of its own: above the line being
    /// edited when the editor edits, else after the prompt, which is shown again.
    pub fn say(&mut self, text: &str) {
        let mut text = text.trim_end_matches('\n').to_owned();
        text.push('\n');
        if let Some(p) = &mut self.printer
            && p.print(text.clone()).is_ok()
        {
            return;
        }
        let mut out = std::io::stdout().lock();
        let _ = match (&self.showing, self.terminal) {
            (Some(prompt), true) => write!(out, "\n{text}{prompt}"),
            _ => write!(out, "{text}"),
        };
        let _ = out.flush();
    }
}
