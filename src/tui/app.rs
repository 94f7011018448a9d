//! The event loop: terminal events, a clock tick and signals in; `update`; effects out; draw.
//! Nothing here waits on the disk: journal appends and drafts go to the disk thread
//! ([`super::disk`]), and a contribution is shown as saved only once it reports them synced.

mod effects;
use effects::{perform, saved_in_order};

use std::collections::VecDeque;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use ratatui::DefaultTerminal;
use ratatui::crossterm::event::{self, Event, KeyEventKind, MouseButton, MouseEventKind};
use ratatui::layout::Position;

use super::action::{Action, Effect};
use super::disk::{Disk, DiskNews};
use super::error::{AppError, ExportFilesError};
use super::front::Front;
use super::state::{Home, Run, ScenarioEntry, Screen, SessionEntry, State};
use super::terminal::{enhance_keyboard, init_terminal, input_channel, restore_terminal};
use super::theme::Theme;
use super::update::update;
use super::view::{Hits, view};
use crate::model::Session;
use crate::net::hub::{Hub, HubEvent, JoinCode, Origin};
use crate::net::server::Limits;
use crate::net::share::{Sharing, qr_lines, share};
use crate::store::{SessionStore, StoreError, create_session, read_session};

/// Where the app looks for plans and sessions, and what to open first.
#[derive(Debug, Clone)]
pub struct Options {
    pub scenarios_dir: PathBuf,
    pub sessions_dir: PathBuf,
    /// Open this session directly instead of the home screen.
    pub session: Option<PathBuf>,
    /// Names for breakout groups, from `--participants`.
    pub participants: Vec<String>,
    /// Where sharing (F6) listens: 127.0.0.1 unless the facilitator chose the network.
    pub bind: std::net::SocketAddr,
    /// A fixed join code for sharing (random when `None`).
    pub code: Option<JoinCode>,
    /// The plain line mode (`--plain`, for screen readers) instead of the full screen.
    pub plain: bool,
}

/// The default address sharing listens on: this machine only.
pub const DEFAULT_BIND: &str = "127.0.0.1:7878";

/// Who writes the open session: the app itself, or the hub while it is shared.
// One of these lives for the whole run: its size does not matter.
#[allow(clippy::large_enum_variant)]
#[derive(Debug)]
enum Writer {
    None,
    /// The session store lives on the disk thread (see [`super::disk`]).
    Local,
    Shared {
        sharing: Box<Sharing>,
        events: tokio::sync::broadcast::Receiver<HubEvent>,
    },
    /// Sharing is stopping; the hub still saves until it hands the store back.
    Stopping(std::sync::Arc<Hub>),
}

/// Reads the plans and sessions for the home screen. Unreadable files are listed, not hidden.
pub fn load_home(options: &Options) -> Home {
    let mut home = Home {
        scenarios_dir: options.scenarios_dir.clone(),
        sessions_dir: options.sessions_dir.clone(),
        ..Home::default()
    };
    for source in crate::store::plans::plans(&options.scenarios_dir) {
        match source.load() {
            Ok(s) => home.scenarios.push(ScenarioEntry {
                source,
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
    for path in crate::store::plans::session_files(&options.sessions_dir) {
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
                        contributions: s.answers_held(),
                    },
                ));
            }
            Err(e) => home.problems.push(e.to_string()),
        }
    }
    sessions.sort_by_key(|s| std::cmp::Reverse((s.0, s.1)));
    home.sessions = sessions.into_iter().map(|(_, _, e)| e).collect();
    for path in crate::store::series::series_files(&options.sessions_dir) {
        match crate::store::series::load_series(&path) {
            Ok(s) => home.series.push(crate::tui::state::SeriesEntry {
                path,
                title: s.title,
                sessions: s.sessions.len(),
            }),
            Err(e) => home.problems.push(e.to_string()),
        }
    }
    home
}

/// Runs the app until the person quits. Returns the error that stopped it, if any.
pub fn run(options: Options) -> Result<(), AppError> {
    // Open the session (and take its lock) before touching the terminal, so an error prints
    // plainly.
    let mut writer = Writer::None;
    let (news_tx, news_rx) = tokio::sync::mpsc::unbounded_channel::<DiskNews>();
    let disk = Disk::start(news_tx).map_err(AppError::EventLoop)?;
    let mut restored = false;
    let screen = match &options.session {
        Some(path) => {
            let (s, report) = SessionStore::open(path)?;
            for n in report.notices(&s.paths().journal) {
                tell_stderr(&n.to_string());
            }
            let mut run = Run::new(path.clone(), s.session().clone());
            run.participants = options.participants.clone();
            let (unsaved, notice) = crate::store::drafts::read_or_set_aside(path);
            if let Some(n) = notice {
                tell_stderr(&n.to_string());
            }
            if let Some(u) = unsaved {
                restored = run.restore(&u);
            }
            disk.give(s);
            writer = Writer::Local;
            Screen::Run(Box::new(run))
        }
        None => Screen::Home(Box::new(load_home(&options))),
    };
    let seed = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(1, |d| d.as_nanos() as u64);
    let mut state = State::new(screen, Theme::from_env(), seed);
    if let Some(path) = crate::store::folders::keys_file() {
        let (keymap, problem) = super::keymap::Keymap::load(&path);
        state.keymap = keymap;
        state.banner = problem;
    }
    state.keymap.plain = options.plain;
    if restored && let Some(run) = state.run() {
        state.status = Some(super::update::restored_message(run, &state.keymap));
    }

    // It also runs the server while the session is shared.
    let rt = crate::net::server_runtime().map_err(AppError::EventLoop)?;
    let result = if options.plain {
        let mut front = super::plain::Plain::start(&state);
        let mut news_rx = news_rx;
        let result = rt.block_on(event_loop(
            &mut front,
            &mut state,
            &mut writer,
            &disk,
            &mut news_rx,
            &options,
        ));
        front.finish(&state);
        result
    } else {
        let previous_hook = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            restore_terminal();
            previous_hook(info);
        }));
        let mut terminal = match init_terminal(true) {
            Ok(t) => t,
            Err(e) => {
                restore_terminal();
                return Err(AppError::Terminal(e));
            }
        };
        state.shift_enter = enhance_keyboard();
        let mut front = FullScreen {
            terminal: &mut terminal,
            input: input_channel(),
            hits: Vec::new(),
        };
        let mut news_rx = news_rx;
        let result = loop {
            let result = rt.block_on(event_loop(
                &mut front,
                &mut state,
                &mut writer,
                &disk,
                &mut news_rx,
                &options,
            ));
            // The home screen asked for the plan editor: it runs on this terminal, reading
            // this input, then the home screen comes back, listing what was saved.
            match state.edit_plan.take() {
                Some(request) if result.is_ok() => {
                    state.quit = false;
                    let saved = edit_plan(&mut front, &mut state, request, &options)?;
                    state.screen = Screen::Home(Box::new(home_after_edit(&options, saved)));
                }
                _ => break result,
            }
        };
        restore_terminal();
        result
    };
    // The disk thread finishes what it was handed (the last draft among it) and hands the store
    // back; note-takers' answers in flight are saved before the session closes.
    let local = disk.take();
    let store = match writer {
        Writer::None | Writer::Local => local,
        Writer::Shared { sharing, .. } => Some(rt.block_on(sharing.stop())?),
        Writer::Stopping(hub) => hub.stop(),
    };
    drop(disk);
    if let Some(s) = store {
        s.close()?;
    }
    result
}

/// Runs the plan editor the home screen asked for on the full screen's terminal and input.
/// Returns where the plan was saved, if it was; a plan that cannot be read is said on the
/// home screen's banner instead.
fn edit_plan(
    front: &mut FullScreen<'_>,
    state: &mut State,
    request: super::state::EditPlan,
    options: &Options,
) -> Result<Option<PathBuf>, AppError> {
    use super::plan_editor::{Editor, run_in};
    let dir = &options.scenarios_dir;
    let editor = match request {
        super::state::EditPlan::New => Editor::new_plan("New plan", dir),
        super::state::EditPlan::Plan(source) => match source.load() {
            Ok(scenario) => Editor::open(&scenario, &source, dir),
            Err(e) => {
                state.banner = Some(e.to_string());
                return Ok(None);
            }
        },
    };
    run_in(
        front.terminal,
        &mut front.input,
        editor,
        &state.keymap,
        state.theme,
    )
}

/// The home screen again after the editor, the plan just saved chosen.
fn home_after_edit(options: &Options, saved: Option<PathBuf>) -> Home {
    let mut home = load_home(options);
    if let Some(path) = saved
        && let Some(i) = home
            .scenarios
            .iter()
            .position(|s| s.source == crate::store::plans::PlanSource::File(path.clone()))
    {
        home.scenario = i;
        home.focus = Some(super::state::HomeFocus::Scenarios);
    }
    home
}

/// Results of work done off the event loop (opening, creating, exporting).
enum Background {
    Opened {
        path: PathBuf,
        store: Box<SessionStore>,
        unsaved: Option<Box<crate::model::Unsaved>>,
        /// The drafts file could not be read (it was set aside).
        notice: Option<String>,
    },
    Exported(Vec<PathBuf>),
    /// An action to hand to the screen (a failure to open or export, a revocation's outcome).
    Report(Action),
    /// Sharing stopped and handed the store back.
    Unshared(Result<Box<SessionStore>, StoreError>),
}

/// What woke the loop.
enum Wake<I> {
    /// Input from the front, read as actions when the loop takes it.
    Input(I),
    Action(Option<Action>),
    Background(Background),
    Hub(Result<HubEvent, tokio::sync::broadcast::error::RecvError>),
    Disk(DiskNews),
}

async fn hub_event(
    writer: &mut Writer,
) -> Result<HubEvent, tokio::sync::broadcast::error::RecvError> {
    match writer {
        Writer::Shared { events, .. } => events.recv().await,
        _ => std::future::pending().await,
    }
}

/// What the screen is told of news from the hub. The facilitator's own changes are
/// applied when their write is confirmed, so they are left out here.
fn hub_action(event: HubEvent) -> Option<Action> {
    match event {
        HubEvent::Saved {
            origin, changes, ..
        } => {
            let from = match origin {
                Origin::Facilitator => return None,
                Origin::Device(d) => format!("device {d}"),
                Origin::Code => "a note-taker".to_owned(),
            };
            Some(Action::Arrived {
                from,
                changes: changes.iter().map(|s| s.change.clone()).collect(),
            })
        }
        HubEvent::Notice(text) => Some(Action::Notice {
            text,
            warning: false,
        }),
        HubEvent::Warning(text) => Some(Action::Notice {
            text,
            warning: true,
        }),
        HubEvent::Agenda(_) | HubEvent::Revoked(_) => None,
    }
}

fn resync(writer: &Writer, disk: &Disk) -> Option<Action> {
    let hub = match writer {
        Writer::Shared { sharing, .. } => &sharing.hub,
        Writer::Stopping(hub) => hub,
        Writer::Local => {
            // Answered with `DiskNews::Session`.
            disk.session();
            return None;
        }
        Writer::None => return None,
    };
    hub.with_session(|s| Action::Resync(Box::new(s.clone())))
}

/// The full-screen interface: ratatui draws the state; terminal events are its input.
struct FullScreen<'a> {
    terminal: &'a mut DefaultTerminal,
    input: tokio::sync::mpsc::UnboundedReceiver<std::io::Result<Event>>,
    /// Where the last frame put what a click can reach.
    hits: Hits,
}

impl Front<State, Action> for FullScreen<'_> {
    type Input = Event;

    fn show(&mut self, state: &mut State) -> bool {
        let hits = &mut self.hits;
        self.terminal.draw(|f| *hits = view(state, f)).is_ok()
    }

    async fn next(&mut self) -> Option<Event> {
        match self.input.recv().await {
            Some(Ok(ev)) => Some(ev),
            // The terminal is gone (an ssh drop).
            Some(Err(_)) | None => None,
        }
    }

    fn waiting(&mut self) -> Option<Option<Event>> {
        match self.input.try_recv() {
            Ok(Ok(ev)) => Some(Some(ev)),
            Ok(Err(_)) => Some(None),
            Err(_) => None,
        }
    }

    fn actions(&mut self, _state: &mut State, input: Event) -> Vec<Action> {
        to_action(input, &self.hits).into_iter().collect()
    }
}

async fn event_loop<F: Front<State, Action>>(
    front: &mut F,
    state: &mut State,
    writer: &mut Writer,
    disk: &Disk,
    news_rx: &mut tokio::sync::mpsc::UnboundedReceiver<DiskNews>,
    options: &Options,
) -> Result<(), AppError> {
    let mut quit_signals = crate::platform::QuitSignals::new().map_err(AppError::Signals)?;
    let mut tick = tokio::time::interval(Duration::from_millis(250));
    let (done_tx, mut done_rx) = tokio::sync::mpsc::unbounded_channel::<Background>();
    // Actions to handle after the one that woke the loop.
    let mut later: Vec<Action> = Vec::new();
    // The facilitator's saves confirmed from the hub's announcements before the disk thread
    // reported them.
    let mut persisted_early: u32 = 0;
    // Input waiting for a save to be confirmed, and when to quit at the latest once asked to.
    let mut held: VecDeque<Action> = VecDeque::new();
    let mut quit_by: Option<Instant> = None;
    // Audience windows (`hearth screen`) on this machine follow the open session through this.
    let mut feed = super::follow::Follow::default();
    loop {
        let shared = matches!(&*writer, Writer::Shared { .. });
        if let (Some(view), Writer::Shared { sharing, .. }) =
            (feed.publish(state, shared), &*writer)
        {
            sharing.hub.set_audience(view);
        }
        if !front.show(state) {
            // The terminal is gone (an ssh drop, a closed window): saved answers are on disk;
            // what is in the box (and input not yet handled) goes to the drafts file.
            quit_keeping_input(front, state, &mut held, writer, disk, options, &done_tx);
            return Ok(());
        }
        let wake = tokio::select! {
            ev = front.next() => match ev {
                Some(input) => Wake::Input(input),
                // The terminal is gone (an ssh drop): everything is already saved.
                None => Wake::Action(Some(Action::Quit)),
            },
            _ = tick.tick() => Wake::Action(Some(Action::Tick(Instant::now()))),
            Some(done) = done_rx.recv() => Wake::Background(done),
            Some(news) = news_rx.recv() => Wake::Disk(news),
            news = hub_event(writer) => Wake::Hub(news),
            _ = quit_signals.recv() => Wake::Action(Some(Action::Quit)),
        };
        let mut inputs = Vec::new();
        let first = match wake {
            Wake::Input(input) => {
                inputs = front.actions(state, input);
                None
            }
            Wake::Action(a) => a,
            Wake::Background(Background::Opened {
                path,
                store: opened,
                unsaved,
                notice,
            }) => {
                let session = Box::new(opened.session().clone());
                disk.give(*opened);
                *writer = Writer::Local;
                if let Some(text) = notice {
                    later.push(Action::Notice {
                        text,
                        warning: true,
                    });
                }
                Some(Action::Opened {
                    path,
                    session,
                    unsaved,
                })
            }
            Wake::Background(Background::Exported(paths)) => Some(Action::Exported(paths)),
            Wake::Background(Background::Report(action)) => Some(action),
            Wake::Background(Background::Unshared(result)) => match result {
                Ok(store) => {
                    disk.give(*store);
                    *writer = Writer::Local;
                    Some(Action::Unshared)
                }
                Err(e) => {
                    *writer = Writer::None;
                    Some(Action::PersistFailed(e.to_string()))
                }
            },
            // The facilitator's own change, announced in journal order: confirmed right here.
            Wake::Hub(Ok(HubEvent::Saved {
                origin: Origin::Facilitator,
                ..
            })) => {
                persisted_early += 1;
                Some(Action::Persisted)
            }
            Wake::Hub(Ok(news)) => hub_action(news),
            Wake::Disk(DiskNews::Saved(Ok(()))) => {
                if persisted_early > 0 {
                    // Already confirmed where the hub announced it.
                    persisted_early -= 1;
                } else {
                    // While shared, note-takers' answers saved before the facilitator's change
                    // are handed to the screen first, so its copy follows the journal's order.
                    later.extend(saved_in_order(writer));
                    later.push(Action::Persisted);
                }
                None
            }
            Wake::Disk(DiskNews::Saved(Err(e))) => Some(Action::PersistFailed(e.to_string())),
            Wake::Disk(DiskNews::Session(session)) => Some(Action::Resync(session)),
            Wake::Disk(DiskNews::DraftFailed(e)) => Some(Action::Notice {
                text: format!("Unsaved text could not be kept as a draft: {e}"),
                warning: true,
            }),
            Wake::Hub(Err(tokio::sync::broadcast::error::RecvError::Lagged(_))) => {
                resync(writer, disk)
            }
            Wake::Hub(Err(tokio::sync::broadcast::error::RecvError::Closed)) => None,
        };
        let mut queue: Vec<Action> = first.into_iter().chain(inputs).collect();
        queue.append(&mut later);
        if matches!(queue.first(), Some(Action::Tick(_)))
            && let Writer::Shared { sharing, .. } = &*writer
        {
            queue.push(Action::Devices(sharing.hub.devices()));
        }
        // Handle everything already waiting before drawing again (key repeat, fast typing, a
        // burst of raw pasted text): a burst is handled in one pass, whatever its size.
        while let Some(ev) = front.waiting() {
            match ev {
                Some(ev) => queue.extend(front.actions(state, ev)),
                None => queue.push(Action::Quit),
            }
        }
        let mut queue: VecDeque<Action> = queue.into();
        while let Some(action) = queue.pop_front() {
            // While a save is on its way to the disk, the person's input waits and is handled
            // in order once the save is confirmed: what is typed after Enter goes into the next
            // answer, never into the one being saved. The screen goes on drawing meanwhile.
            if is_input(&action) && (saving(state) || !held.is_empty()) {
                held.push_back(action);
                continue;
            }
            if matches!(action, Action::Quit) && (saving(state) || !held.is_empty()) {
                // Quit once the save is confirmed (within a second): nothing typed is lost.
                quit_by.get_or_insert(Instant::now() + Duration::from_secs(1));
                continue;
            }
            // A signal or hang-up: a line half typed goes into the box first, to be kept.
            if matches!(action, Action::Quit)
                && let Some(typed) = front.unsent()
            {
                queue.push_front(action);
                queue.push_front(typed);
                continue;
            }
            // Plain typing into the box goes in as one insertion, so a burst of thousands of
            // characters costs one edit, not thousands.
            let action = match action {
                Action::Key(k) if super::update::types_into_box(state, &k) => {
                    let mut text = String::new();
                    push_char(&mut text, &k);
                    while let Some(Action::Key(next)) = queue.front() {
                        if !super::update::is_plain_char(next) {
                            break;
                        }
                        push_char(&mut text, next);
                        queue.pop_front();
                    }
                    Action::Typed(text)
                }
                a => a,
            };
            state.now = Instant::now();
            let mut effects = update(state, action);
            while !effects.is_empty() {
                let mut follow = Vec::new();
                for effect in effects {
                    for a in perform(effect, state, writer, disk, options, &done_tx) {
                        state.now = Instant::now();
                        follow.extend(update(state, a));
                    }
                }
                effects = follow;
            }
            if state.quit {
                return Ok(());
            }
            if !saving(state) && !held.is_empty() {
                for a in held.drain(..).rev() {
                    queue.push_front(a);
                }
            }
        }
        if let Some(by) = quit_by
            && ((!saving(state) && held.is_empty()) || Instant::now() >= by)
        {
            // Input still waiting goes into the box as text, so the draft keeps it.
            quit_keeping_input(front, state, &mut held, writer, disk, options, &done_tx);
            return Ok(());
        }
        // Note-takers follow the facilitator along the agenda.
        if let (Writer::Shared { sharing, .. }, Some(run)) = (&*writer, state.run()) {
            sharing.hub.set_exercise(run.exercise);
        }
    }
}

/// Quits: input not yet handled goes into the box as text, and the box (with where the
/// facilitator is) into the drafts file.
fn quit_keeping_input<F: Front<State, Action>>(
    front: &mut F,
    state: &mut State,
    held: &mut VecDeque<Action>,
    writer: &mut Writer,
    disk: &Disk,
    options: &Options,
    done: &tokio::sync::mpsc::UnboundedSender<Background>,
) {
    let text = held_text(held.drain(..));
    let mut effects = Vec::new();
    if let Some(typed) = front.unsent() {
        effects.extend(update(state, typed));
    }
    if !text.is_empty() {
        effects.extend(update(state, Action::Paste(text)));
    }
    effects.extend(update(state, Action::Quit));
    for effect in effects {
        perform(effect, state, writer, disk, options, done);
    }
}

/// Whether a save is on its way to the disk.
fn saving(state: &State) -> bool {
    state.run().is_some_and(|r| r.pending.is_some())
}

/// The person's own input (keys, pastes, the mouse), as opposed to news and the clock.
fn is_input(action: &Action) -> bool {
    matches!(
        action,
        Action::Key(_)
            | Action::Paste(_)
            | Action::Typed(_)
            | Action::Replace(_)
            | Action::Click(_)
            | Action::Scroll(_)
    )
}

/// Input that could not be handled before quitting, as text: characters and pastes as they
/// are, Enter as a line break.
fn held_text(held: impl Iterator<Item = Action>) -> String {
    let mut text = String::new();
    for a in held {
        match a {
            Action::Key(k) if super::update::is_plain_char(&k) => push_char(&mut text, &k),
            Action::Key(k) if k.code == event::KeyCode::Enter => text.push('\n'),
            Action::Paste(t) | Action::Typed(t) | Action::Replace(t) => text.push_str(&t),
            _ => {}
        }
    }
    text
}

fn push_char(text: &mut String, key: &event::KeyEvent) {
    if let event::KeyCode::Char(c) = key.code {
        text.push(c);
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

/// A notice before the screen is taken (a journal line set aside, a draft put back): on
/// standard error, control characters as symbols; a closed standard error is not an error.
fn tell_stderr(notice: &str) {
    use std::io::Write as _;
    let line = format!("hearth: {}\n", crate::model::text::printable(notice));
    let _ = std::io::stderr().lock().write_all(line.as_bytes());
}
