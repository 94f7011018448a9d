//! `hearth screen`: the audience window. It follows `hearth run` of the same session on this
//! machine through the audience feed ([`crate::net::feed`]) and draws what the room may see,
//! in large type. It has no controls: keys only change its own text size or quit it. When the
//! run goes away it keeps the last view, says so, and reconnects; on reconnecting it is sent
//! the current view, so nothing is missed.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use ratatui::Frame;
use ratatui::crossterm::event::{Event, KeyCode, KeyEventKind, KeyModifiers};
use ratatui::layout::Rect;
use ratatui::style::Modifier;
use ratatui::widgets::{Paragraph, Widget, Wrap};

use super::audience::{self, Look};
use super::error::AppError;
use super::terminal::{init_terminal, input_channel, restore_terminal};
use super::text::{display, wrap};
use super::theme::Theme;
use crate::net::audience::{AudienceView, TextSize};
use crate::net::feed::{FeedReader, connect};

/// How often a screen without its run tries to reach it again.
const RETRY: Duration = Duration::from_millis(300);

/// How long a new size is said to be too small for the room.
const SIZE_HINT_FOR: Duration = Duration::from_secs(10);

/// What the audience window knows.
#[derive(Debug)]
pub struct ScreenState {
    pub session: PathBuf,
    /// The last view received (kept while the run is away).
    pub view: Option<AudienceView>,
    pub connected: bool,
    /// A text size chosen in this window (`z`), until the facilitator chooses another.
    pub size: Option<TextSize>,
    /// The facilitator's text size when `size` was chosen.
    pub size_from: Option<TextSize>,
    /// When the window got its current size (its first frames advise on legibility).
    pub sized_at: Instant,
    pub now: Instant,
    pub theme: Theme,
}

impl ScreenState {
    pub fn new(session: PathBuf, theme: Theme, now: Instant) -> ScreenState {
        ScreenState {
            session,
            view: None,
            connected: false,
            size: None,
            size_from: None,
            sized_at: now,
            now,
            theme: Theme {
                projection: true,
                ..theme
            },
        }
    }

    /// A view arrived from the run.
    pub fn receive(&mut self, view: AudienceView) {
        if self.size_from.is_some_and(|s| s != view.size) {
            // The facilitator chose a size: it wins over this window's own.
            self.size = None;
            self.size_from = None;
        }
        self.view = Some(view);
        self.connected = true;
    }

    /// `z`: the next text size, for this window.
    pub fn cycle_size(&mut self) {
        let theirs = self.view.as_ref().map_or(TextSize::Auto, |v| v.size);
        self.size = Some(self.size.unwrap_or(theirs).next());
        self.size_from = Some(theirs);
    }
}

/// Draws the audience window.
pub fn view(state: &ScreenState, frame: &mut Frame) {
    let area = frame.area();
    let buf = frame.buffer_mut();
    let theme = state.theme;
    let Some(v) = &state.view else {
        let msg = format!(
            "hearth screen — the audience's view of {}.\n\nWaiting for `hearth run` of this session on this machine… It appears here as soon as the run starts.\n\nq: close this window",
            display(&state.session.display().to_string())
        );
        Paragraph::new(msg)
            .style(theme.text())
            .wrap(Wrap { trim: true })
            .render(area, buf);
        return;
    };
    let mut shown = v.clone();
    if let Some(size) = state.size {
        shown.size = size;
    }
    let size_hint = state.now.saturating_duration_since(state.sized_at) < SIZE_HINT_FOR;
    let body = if state.connected || area.height < 2 {
        area
    } else {
        Rect::new(area.x, area.y, area.width, area.height - 1)
    };
    audience::AudienceScreen {
        view: &shown,
        look: Look { theme, size_hint },
    }
    .render(body, buf);
    if !state.connected && area.height >= 2 {
        let line = wrap(
            "hearth run is not running: showing the last view; reconnecting…",
            area.width as usize,
        );
        buf.set_stringn(
            area.x,
            area.bottom() - 1,
            line.first().map_or("", String::as_str),
            area.width as usize,
            theme.dim().add_modifier(Modifier::REVERSED),
        );
    }
}

/// Runs the audience window for the session at `session` until it is closed.
pub fn run(session: &Path) -> Result<(), AppError> {
    let previous_hook = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        restore_terminal();
        previous_hook(info);
    }));
    let mut terminal = init_terminal(false).map_err(|e| {
        restore_terminal();
        AppError::Terminal(e)
    })?;
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| {
            restore_terminal();
            AppError::EventLoop(e)
        })?;
    let mut state = ScreenState::new(session.to_path_buf(), Theme::from_env(), Instant::now());
    let result = rt.block_on(async {
        let mut quit = crate::platform::QuitSignals::new().map_err(AppError::Signals)?;
        let mut input = input_channel();
        let mut reader: Option<FeedReader> = None;
        let mut tick = tokio::time::interval(Duration::from_millis(500));
        loop {
            state.now = Instant::now();
            if terminal.draw(|f| view(&state, f)).is_err() {
                return Ok(());
            }
            tokio::select! {
                ev = input.recv() => match ev {
                    Some(Ok(Event::Key(k))) if k.kind != KeyEventKind::Release => {
                        let ctrl = k.modifiers.contains(KeyModifiers::CONTROL);
                        match k.code {
                            KeyCode::Char('q') | KeyCode::Esc => return Ok(()),
                            KeyCode::Char('c') if ctrl => return Ok(()),
                            KeyCode::Char('z' | '+') | KeyCode::F(9) => state.cycle_size(),
                            _ => {}
                        }
                    }
                    Some(Ok(Event::Resize(..))) => state.sized_at = Instant::now(),
                    Some(Ok(_)) => {}
                    Some(Err(_)) | None => return Ok(()),
                },
                news = next(&mut reader) => match news {
                    Ok(Some(v)) => state.receive(v),
                    Ok(None) | Err(_) => {
                        reader = None;
                        state.connected = false;
                    }
                },
                _ = tokio::time::sleep(RETRY), if reader.is_none() => {
                    if let Ok(r) = connect(session).await {
                        reader = Some(r);
                    }
                },
                _ = tick.tick() => {}
                _ = quit.recv() => return Ok(()),
            }
        }
    });
    restore_terminal();
    result
}

async fn next(reader: &mut Option<FeedReader>) -> std::io::Result<Option<AudienceView>> {
    match reader {
        Some(r) => r.next().await,
        None => std::future::pending().await,
    }
}
