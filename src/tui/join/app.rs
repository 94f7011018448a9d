//! The note-taker's event loop: terminal events, a clock tick, the link to the server and
//! signals in; `update`; effects out; draw. The outbox append (an fsync) runs on the loop, by
//! design: an answer is shown as queued only once it is on disk.

use std::path::PathBuf;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use ratatui::DefaultTerminal;
use ratatui::crossterm::event::{Event, KeyCode, KeyEventKind};

use super::state::JoinState;
use super::update::{JoinAction, JoinEffect, update};
use super::view::view;
use super::vote::VoteOutcome;
use crate::net::api::{BallotRequest, SessionReply};
use crate::net::client::{Client, ClientError, Link, LinkConfig, LinkEvent, lock};
use crate::net::outbox::Outbox;
use crate::tui::error::JoinScreenError;
use crate::tui::front::Front;
use crate::tui::terminal::restore_terminal;
use crate::tui::theme::Theme;

pub struct Options {
    pub client: Client,
    pub outbox: Outbox,
    pub config: LinkConfig,
    /// The session as read before the screen started, when the server answered then.
    pub session: Option<SessionReply>,
    /// Something to say first (lines of the outbox set aside).
    pub notice: Option<String>,
    /// The plain line mode (`--plain`, for screen readers) instead of the full screen.
    pub plain: bool,
}

/// How things were left.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Outcome {
    /// Answers still waiting in the outbox.
    pub waiting: usize,
    /// Answers refused by the server, kept in the outbox.
    pub refused: usize,
    pub outbox: PathBuf,
    pub signed_out: Option<String>,
}

/// Runs the note-taker screen until the person quits (or the terminal goes away).
pub fn run(options: Options) -> Result<Outcome, JoinScreenError> {
    let Options {
        client,
        outbox,
        config,
        session,
        notice,
        plain,
    } = options;
    let mut state = JoinState::new(client.url(), config.group.clone(), Theme::from_env())
        .with_outbox(outbox.entries());
    if let Some(device) = outbox.device() {
        state.group = device.group.clone();
    }
    // The same keys file as the facilitator's screen: a remap shows in both.
    let mut keys_problem = None;
    if let Some(path) = crate::store::folders::keys_file() {
        let (keymap, problem) = crate::tui::keymap::Keymap::load(&path);
        state.keymap = keymap;
        keys_problem = problem;
    }
    if let Some(s) = session {
        update(
            &mut state,
            JoinAction::Link(LinkEvent::Session(Box::new(s))),
        );
        update(&mut state, JoinAction::Link(LinkEvent::Up));
    }
    let refused = outbox.failed_count();
    state.banner = notice.or_else(|| match refused {
        0 => None,
        1 => Some(format!(
            "1 earlier answer was refused by the server; it is kept on this machine, marked ✗: {}.",
            state.how_to_correct("it")
        )),
        n => Some(format!(
            "{n} earlier answers were refused by the server; they are kept on this machine, marked ✗: {}.",
            state.how_to_correct("one")
        )),
    });
    let path = outbox.path().to_owned();
    let (draft, problem) =
        crate::store::drafts::read_or_set_aside::<super::drafts::JoinDraft>(&path);
    if let Some(d) = draft.filter(super::drafts::JoinDraft::has_text)
        && state.restore(&d)
    {
        use crate::tui::keymap::{Command, Context};
        state.status = Some(format!(
            "Restored text you had typed and not sent: {} sends it, {} clears a line.",
            state.keymap.name_of(Context::Typing, Command::Save),
            state
                .keymap
                .name_of(Context::Editing, Command::DeleteToLineStart)
        ));
    }
    if let Some(p) = problem {
        state.banner = Some(p);
    }
    if keys_problem.is_some() {
        state.banner = keys_problem;
    }
    let outbox = Arc::new(Mutex::new(outbox));
    state.keymap.plain = plain;
    if plain {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .map_err(JoinScreenError::EventLoop)?;
        let mut front = super::plain::JoinPlain::start(&state);
        let result = runtime.block_on(event_loop(
            &mut front,
            &mut state,
            Arc::clone(&outbox),
            client,
            config,
        ));
        front.finish(&state, &lock(&outbox));
        result?;
        return Ok(outcome(&state, &outbox, path));
    }

    let previous_hook = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        restore_terminal();
        previous_hook(info);
    }));
    let mut terminal = match crate::tui::terminal::init_terminal(false) {
        Ok(t) => t,
        Err(e) => {
            restore_terminal();
            return Err(JoinScreenError::Terminal(e));
        }
    };
    state.shift_enter = crate::tui::terminal::enhance_keyboard();
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build();
    let result = match runtime {
        Ok(rt) => rt.block_on(event_loop(
            &mut JoinScreen {
                terminal: &mut terminal,
                input: crate::tui::terminal::input_channel(),
            },
            &mut state,
            Arc::clone(&outbox),
            client,
            config,
        )),
        Err(e) => Err(JoinScreenError::EventLoop(e)),
    };
    restore_terminal();
    result?;
    Ok(outcome(&state, &outbox, path))
}

/// How things were left.
fn outcome(state: &JoinState, outbox: &Mutex<Outbox>, path: PathBuf) -> Outcome {
    let o = lock(outbox);
    Outcome {
        waiting: o.pending_count(),
        refused: o.failed_count(),
        outbox: path,
        signed_out: match &state.conn {
            super::state::Conn::SignedOut(r) => Some(r.clone()),
            _ => None,
        },
    }
}

/// The note-taker's full screen: ratatui draws the state; terminal events are its input.
struct JoinScreen<'a> {
    terminal: &'a mut DefaultTerminal,
    input: tokio::sync::mpsc::UnboundedReceiver<std::io::Result<Event>>,
}

impl Front<JoinState, JoinAction> for JoinScreen<'_> {
    type Input = Event;

    fn show(&mut self, state: &mut JoinState) -> bool {
        self.terminal.draw(|f| view(state, f)).is_ok()
    }

    async fn next(&mut self) -> Option<Event> {
        match self.input.recv().await {
            Some(Ok(ev)) => Some(ev),
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

    fn actions(&mut self, _state: &mut JoinState, input: Event) -> Vec<JoinAction> {
        to_action(input).into_iter().collect()
    }
}

async fn event_loop<F: Front<JoinState, JoinAction>>(
    front: &mut F,
    state: &mut JoinState,
    outbox: Arc<Mutex<Outbox>>,
    client: Client,
    config: LinkConfig,
) -> Result<(), JoinScreenError> {
    let mut quit_signals = crate::platform::QuitSignals::new().map_err(JoinScreenError::Signals)?;
    let (tx, mut rx) = tokio::sync::mpsc::unbounded_channel::<LinkEvent>();
    // Ballots go out on tasks of their own; their answers come back here.
    let (done_tx, mut done) = tokio::sync::mpsc::unbounded_channel::<JoinAction>();
    let voter = Voter {
        client: client.clone(),
        done: done_tx,
    };
    let link = Link::start(client, Arc::clone(&outbox), config, tx);
    let mut tick = tokio::time::interval(Duration::from_millis(250));
    loop {
        if !front.show(state) {
            // The terminal is gone (an ssh drop): everything typed and sent is in the outbox.
            return Ok(());
        }
        let mut inputs = Vec::new();
        let first = tokio::select! {
            ev = front.next() => match ev {
                Some(input) => {
                    inputs.push(input);
                    None
                }
                None => Some(JoinAction::Quit),
            },
            _ = tick.tick() => Some(JoinAction::Tick(Instant::now())),
            Some(news) = rx.recv() => Some(JoinAction::Link(news)),
            Some(answer) = done.recv() => Some(answer),
            _ = quit_signals.recv() => Some(JoinAction::Quit),
        };
        let mut queue: Vec<JoinAction> = first.into_iter().collect();
        for input in inputs {
            queue.extend(front.actions(state, input));
        }
        // Handle everything already waiting before drawing again (fast typing, a burst of raw
        // pasted text, a burst of news).
        while let Some(ev) = front.waiting() {
            match ev {
                Some(ev) => queue.extend(front.actions(state, ev)),
                None => queue.push(JoinAction::Quit),
            }
        }
        while queue.len() < 512
            && let Ok(news) = rx.try_recv()
        {
            queue.push(JoinAction::Link(news));
        }
        // The facilitator moving on (or the session caught up on) while a line is half typed:
        // the line goes into the box first, so the box stays on the exercise it was typed for
        // and Enter sends it there, as on the full screen.
        if let Some(at) = queue.iter().position(|a| {
            matches!(
                a,
                JoinAction::Link(
                    LinkEvent::Session(_) | LinkEvent::Event(crate::net::api::Event::Agenda { .. })
                )
            )
        }) && let Some(typed) = front.typing()
        {
            queue.insert(at, typed);
        }
        // A signal or hang-up: a line half typed goes into the box first, to be kept.
        if queue.iter().any(|a| matches!(a, JoinAction::Quit))
            && let Some(typed) = front.unsent()
        {
            queue.insert(0, typed);
        }
        let mut queue = queue.into_iter().peekable();
        while let Some(action) = queue.next() {
            // Plain typing into the box goes in as one insertion (see the facilitator's loop).
            let action = match action {
                JoinAction::Key(k) if super::update::types_into_box(state, &k) => {
                    let mut text = String::new();
                    while let Some(JoinAction::Key(next)) = queue.peek() {
                        if !crate::tui::update::is_plain_char(next) {
                            break;
                        }
                        if let KeyCode::Char(c) = next.code {
                            text.push(c);
                        }
                        queue.next();
                    }
                    if let KeyCode::Char(c) = k.code {
                        text.insert(0, c);
                    }
                    JoinAction::Typed(text)
                }
                a => a,
            };
            state.now = Instant::now();
            for effect in update(state, action) {
                if let Some(result) = perform(effect, &outbox, &link, &voter) {
                    state.now = Instant::now();
                    update(state, result);
                }
            }
            if state.quit {
                return Ok(());
            }
        }
    }
}

fn to_action(ev: Event) -> Option<JoinAction> {
    match ev {
        Event::Key(k) if k.kind != KeyEventKind::Release => Some(JoinAction::Key(k)),
        Event::Paste(text) => Some(JoinAction::Paste(text)),
        Event::Resize(..) => Some(JoinAction::Tick(Instant::now())),
        _ => None,
    }
}

/// Sends ballots: straight to the server, off the screen's loop.
struct Voter {
    client: Client,
    done: tokio::sync::mpsc::UnboundedSender<JoinAction>,
}

impl Voter {
    /// Sends `request` with this device's token on a task of its own; `Voted` comes back on
    /// the loop's channel. Without a token yet, says so at once.
    fn cast(&self, outbox: &Mutex<Outbox>, request: BallotRequest) -> Option<JoinAction> {
        let round = request.round.clone();
        let token = lock(outbox)
            .device()
            .filter(|d| !d.revoked)
            .map(|d| d.token.clone());
        let Some(token) = token else {
            return Some(JoinAction::Voted {
                round,
                outcome: VoteOutcome::NotSent(
                    "this terminal has not joined the session yet".into(),
                ),
            });
        };
        let client = self.client.clone();
        let done = self.done.clone();
        tokio::spawn(async move {
            let outcome = match client.cast(&token, &request).await {
                Ok(_) => VoteOutcome::Counted,
                Err(ClientError::Refused { message, .. } | ClientError::Conflict { message }) => {
                    VoteOutcome::Refused(message)
                }
                Err(ClientError::Revoked { message }) => VoteOutcome::Refused(message),
                Err(e) => VoteOutcome::NotSent(e.to_string()),
            };
            let _ = done.send(JoinAction::Voted { round, outcome });
        });
        None
    }
}

fn perform(
    effect: JoinEffect,
    outbox: &Mutex<Outbox>,
    link: &Link,
    voter: &Voter,
) -> Option<JoinAction> {
    match effect {
        JoinEffect::Cast(request) => voter.cast(outbox, request),
        JoinEffect::Queue { request, replaces } => {
            let pushed = lock(outbox).push_replacing(request, replaces.as_deref());
            Some(match pushed {
                Ok(()) => {
                    link.wake();
                    JoinAction::Queued
                }
                Err(e) => JoinAction::QueueFailed(e.to_string()),
            })
        }
        JoinEffect::KeepDraft(draft) => {
            let path = lock(outbox).path().to_owned();
            match crate::store::drafts::write_unsaved(&path, &draft) {
                Ok(()) => None,
                Err(e) => Some(JoinAction::Notice(format!(
                    "Unsent text could not be kept as a draft: {e}"
                ))),
            }
        }
        JoinEffect::Quit => None,
    }
}
