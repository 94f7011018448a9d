//! The event loop: terminal events, a clock tick and signals in; `update`; effects out; draw.
//! The only blocking work here is the journal append (an fsync), by design: a contribution is
//! shown as saved only once it is on disk.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use futures_util::{FutureExt, StreamExt};
use ratatui::DefaultTerminal;
use ratatui::crossterm::event::{
    self, Event, EventStream, KeyEventKind, MouseButton, MouseEventKind,
};
use ratatui::crossterm::execute;
use ratatui::layout::Position;

use super::action::{Action, Effect};
use super::state::{Home, Run, ScenarioEntry, Screen, SessionEntry, State};
use super::theme::Theme;
use super::update::update;
use super::view::{Hits, view};
use crate::model::Session;
use crate::store::{SessionStore, StoreError, create_session, load_scenario, read_session};

/// Where the app looks for plans and sessions, and what to open first.
#[derive(Debug, Clone)]
pub struct Options {
    pub scenarios_dir: PathBuf,
    pub sessions_dir: PathBuf,
    /// Open this session directly instead of the home screen.
    pub session: Option<PathBuf>,
    /// Names for breakout groups, from `--participants`.
    pub participants: Vec<String>,
}

/// Reads the plans and sessions for the home screen. Unreadable files are listed, not hidden.
pub fn load_home(options: &Options) -> Home {
    let mut home = Home::default();
    for path in json_files(&options.scenarios_dir) {
        match load_scenario(&path) {
            Ok(s) => home.scenarios.push(ScenarioEntry {
                path,
                id: s.id.clone(),
                title: s.title.clone(),
                summary: s.summary.clone(),
                exercises: s.agenda.len(),
                suggested_groups: s.suggested_groups.clone(),
            }),
            Err(e) => home.problems.push(e.to_string()),
        }
    }
    let mut sessions = Vec::new();
    for path in json_files(&options.sessions_dir) {
        match read_session(&path) {
            Ok((s, _)) => {
                let modified = std::fs::metadata(&path).and_then(|m| m.modified()).ok();
                sessions.push((
                    s.date,
                    modified,
                    SessionEntry {
                        path,
                        title: s.title.clone(),
                        date: s.date.map_or_else(|| "no date".into(), |d| d.to_string()),
                        contributions: s.contributions().len(),
                    },
                ));
            }
            Err(e) => home.problems.push(e.to_string()),
        }
    }
    sessions.sort_by_key(|s| std::cmp::Reverse((s.0, s.1)));
    home.sessions = sessions.into_iter().map(|(_, _, e)| e).collect();
    home
}

fn json_files(dir: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .map(|rd| {
            rd.filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|p| p.extension().is_some_and(|e| e == "json") && p.is_file())
                .collect()
        })
        .unwrap_or_default();
    files.sort();
    files
}

/// Puts the terminal back as it was: raw mode off, main screen, cursor shown, mouse capture
/// and bracketed paste off. Every step is tried and its error ignored: after an ssh drop there
/// is no terminal left, and reporting that would only fail again.
pub fn restore_terminal() {
    use ratatui::crossterm::{cursor, terminal};
    let mut out = std::io::stdout();
    let _ = execute!(
        out,
        event::DisableMouseCapture,
        event::DisableBracketedPaste
    );
    let _ = terminal::disable_raw_mode();
    let _ = execute!(out, terminal::LeaveAlternateScreen, cursor::Show);
    let _ = out.flush();
}

fn init_terminal() -> std::io::Result<DefaultTerminal> {
    use ratatui::crossterm::terminal::{EnterAlternateScreen, enable_raw_mode};
    enable_raw_mode()?;
    execute!(
        std::io::stdout(),
        EnterAlternateScreen,
        event::EnableMouseCapture,
        event::EnableBracketedPaste
    )?;
    ratatui::Terminal::new(ratatui::backend::CrosstermBackend::new(std::io::stdout()))
}

/// Runs the app until the person quits. Returns the error that stopped it, if any.
pub fn run(options: Options) -> Result<(), StoreError> {
    // Open the session (and take its lock) before touching the terminal, so an error prints
    // plainly.
    let mut store = None;
    let screen = match &options.session {
        Some(path) => {
            let (s, report) = SessionStore::open(path)?;
            if let Some(n) = report.notice(&s.paths().journal) {
                eprintln!("hearth: {n}");
            }
            let mut run = Run::new(path.clone(), s.session().clone());
            run.participants = options.participants.clone();
            store = Some(s);
            Screen::Run(Box::new(run))
        }
        None => Screen::Home(Box::new(load_home(&options))),
    };
    let seed = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(1, |d| d.as_nanos() as u64);
    let mut state = State::new(screen, Theme::from_env(), seed);

    let previous_hook = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        restore_terminal();
        previous_hook(info);
    }));
    let mut terminal = match init_terminal() {
        Ok(t) => t,
        Err(e) => {
            restore_terminal();
            return Err(StoreError::Io {
                path: PathBuf::from("terminal"),
                action: "cannot set up the terminal",
                source: e,
            });
        }
    };
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build();
    let result = match runtime {
        Ok(rt) => rt.block_on(event_loop(&mut terminal, &mut state, &mut store, &options)),
        Err(e) => Err(StoreError::Io {
            path: PathBuf::from("."),
            action: "cannot start the event loop",
            source: e,
        }),
    };
    restore_terminal();
    if let Some(s) = store {
        s.close()?;
    }
    result
}

/// Results of work done off the event loop (opening, creating, exporting).
enum Background {
    Opened {
        path: PathBuf,
        store: Box<SessionStore>,
    },
    Exported(Vec<PathBuf>),
    Failed(Action),
}

async fn event_loop(
    terminal: &mut DefaultTerminal,
    state: &mut State,
    store: &mut Option<SessionStore>,
    options: &Options,
) -> Result<(), StoreError> {
    use tokio::signal::unix::{SignalKind, signal};
    let io = |e: std::io::Error| StoreError::Io {
        path: PathBuf::from("terminal"),
        action: "cannot watch for signals",
        source: e,
    };
    let mut events = EventStream::new();
    let mut tick = tokio::time::interval(Duration::from_millis(250));
    let mut sigterm = signal(SignalKind::terminate()).map_err(io)?;
    let mut sighup = signal(SignalKind::hangup()).map_err(io)?;
    let mut sigint = signal(SignalKind::interrupt()).map_err(io)?;
    let (done_tx, mut done_rx) = tokio::sync::mpsc::unbounded_channel::<Background>();
    let mut hits: Hits = Vec::new();
    loop {
        if terminal.draw(|f| hits = view(state, f)).is_err() {
            // The terminal is gone (an ssh drop, a closed window): everything is already saved.
            return Ok(());
        }
        let first = tokio::select! {
            ev = events.next() => match ev {
                Some(Ok(ev)) => to_action(ev, &hits),
                // The terminal is gone (an ssh drop): everything is already saved.
                Some(Err(_)) | None => Some(Action::Quit),
            },
            _ = tick.tick() => Some(Action::Tick(Instant::now())),
            Some(done) = done_rx.recv() => Some(match done {
                Background::Opened { path, store: opened } => {
                    let session = Box::new(opened.session().clone());
                    *store = Some(*opened);
                    Action::Opened { path, session }
                }
                Background::Exported(paths) => Action::Exported(paths),
                Background::Failed(action) => action,
            }),
            _ = sigterm.recv() => Some(Action::Quit),
            _ = sighup.recv() => Some(Action::Quit),
            _ = sigint.recv() => Some(Action::Quit),
        };
        let mut queue: Vec<Action> = first.into_iter().collect();
        // Handle everything already waiting before drawing again (key repeat, fast typing).
        while let Some(Some(Ok(ev))) = events.next().now_or_never() {
            queue.extend(to_action(ev, &hits));
            if queue.len() > 256 {
                break;
            }
        }
        for action in queue {
            state.now = Instant::now();
            let mut effects = update(state, action);
            while !effects.is_empty() {
                let mut follow = Vec::new();
                for effect in effects {
                    if let Some(a) = perform(effect, state, store, options, &done_tx) {
                        state.now = Instant::now();
                        follow.extend(update(state, a));
                    }
                }
                effects = follow;
            }
            if state.quit {
                return Ok(());
            }
        }
    }
}

fn to_action(ev: Event, hits: &Hits) -> Option<Action> {
    match ev {
        Event::Key(k) if k.kind != KeyEventKind::Release => Some(Action::Key(k)),
        Event::Paste(text) => Some(Action::Paste(text)),
        Event::Mouse(m) => match m.kind {
            MouseEventKind::Down(MouseButton::Left) => {
                let p = Position::new(m.column, m.row);
                hits.iter()
                    .rev()
                    .find(|(r, _)| r.contains(p))
                    .map(|(_, h)| Action::Click(h.clone()))
            }
            MouseEventKind::ScrollDown => Some(Action::Scroll(3)),
            MouseEventKind::ScrollUp => Some(Action::Scroll(-3)),
            _ => None,
        },
        Event::Resize(..) => Some(Action::Tick(Instant::now())),
        _ => None,
    }
}

/// Carries out one effect. The journal append runs here, on the loop, by design; anything
/// slower runs on a blocking thread and reports back through `done`.
fn perform(
    effect: Effect,
    state: &mut State,
    store: &mut Option<SessionStore>,
    options: &Options,
    done: &tokio::sync::mpsc::UnboundedSender<Background>,
) -> Option<Action> {
    match effect {
        Effect::Persist(changes) => {
            let Some(s) = store.as_mut() else {
                return Some(Action::PersistFailed("no session is open".into()));
            };
            Some(match s.apply_all(changes) {
                Ok(()) => Action::Persisted,
                Err(e) => Action::PersistFailed(e.to_string()),
            })
        }
        Effect::Bell => {
            let _ = std::io::stdout()
                .write_all(b"\x07")
                .and_then(|_| std::io::stdout().flush());
            None
        }
        Effect::Quit => {
            state.quit = true;
            None
        }
        Effect::OpenSession(path) => {
            state.status = Some(format!("Opening {}…", path.display()));
            let done = done.clone();
            tokio::task::spawn_blocking(move || {
                let _ = done.send(match SessionStore::open(&path) {
                    Ok((store, _)) => Background::Opened {
                        path,
                        store: Box::new(store),
                    },
                    Err(e) => Background::Failed(Action::OpenFailed(e.to_string())),
                });
            });
            None
        }
        Effect::CreateSession {
            scenario,
            title,
            date,
            groups,
        } => {
            let dir = options.sessions_dir.clone();
            let done = done.clone();
            tokio::task::spawn_blocking(move || {
                let made = load_scenario(&scenario).and_then(|plan| {
                    create_session(&dir, &Session::new(plan, title, date, groups))
                });
                let _ = done.send(
                    match made.and_then(|path| SessionStore::open(&path).map(|(s, _)| (path, s))) {
                        Ok((path, store)) => Background::Opened {
                            path,
                            store: Box::new(store),
                        },
                        Err(e) => Background::Failed(Action::OpenFailed(e.to_string())),
                    },
                );
            });
            None
        }
        Effect::Export => {
            let Some(run) = state.run() else {
                return Some(Action::ExportFailed("no session is open".into()));
            };
            let (path, session) = (run.path.clone(), run.session.clone());
            state.status = Some("Exporting…".into());
            let done = done.clone();
            tokio::task::spawn_blocking(move || {
                let _ = done.send(match export(&path, &session) {
                    Ok(paths) => Background::Exported(paths),
                    Err(e) => Background::Failed(Action::ExportFailed(e)),
                });
            });
            None
        }
    }
}

/// Writes the session's Markdown, HTML, CSV and JSON beside it, in `exports/`. Off the record
/// stays out; authors stay out.
fn export(session_path: &Path, session: &Session) -> Result<Vec<PathBuf>, String> {
    use crate::export::{Format, Options, export};
    let dir = crate::store::files::parent_dir(session_path).join("exports");
    let stem = session_path
        .file_stem()
        .map_or_else(|| "session".into(), |s| s.to_string_lossy().into_owned());
    std::fs::create_dir_all(&dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    let mut written = Vec::new();
    for (format, ext) in [
        (Format::Markdown, "md"),
        (Format::Html, "html"),
        (Format::Csv, "csv"),
        (Format::Json, "json"),
    ] {
        let path = dir.join(format!("{stem}.{ext}"));
        let bytes = export(session, format, &Options::default()).map_err(|e| e.to_string())?;
        crate::store::files::write_atomic(&path, &bytes).map_err(|e| e.to_string())?;
        written.push(path);
    }
    Ok(written)
}
