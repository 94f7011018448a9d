//! The projection (F5) and the spotlight: the audience's view of the run, with one strip at
//! the bottom for the facilitator: what is being typed, and the keys that matter here.

use std::time::Duration;

use super::*;
use crate::tui::audience::{self, Look};

/// How long the projection's first frames say the text is too small for the room.
pub const SIZE_HINT_FOR: Duration = Duration::from_secs(10);

/// The run as the room sees it, with the facilitator's strip under it.
#[derive(Clone, Copy)]
pub(super) struct Projected<'a> {
    pub state: &'a State,
    pub run: &'a Run,
}

impl Widget for Projected<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let Projected { state, run } = self;
        let theme = Theme {
            projection: true,
            ..state.theme
        };
        let banner_rows = if state.banner.is_some() { 2 } else { 0 };
        let [banner, main, strip] = Layout::vertical([
            Constraint::Length(banner_rows),
            Constraint::Min(1),
            Constraint::Length(1),
        ])
        .areas(area);
        Banner { state }.render(banner, buf);
        let size_hint = run.projection
            && run
                .projection_since
                .is_some_and(|t| state.now.saturating_duration_since(t) < SIZE_HINT_FOR);
        audience::AudienceScreen {
            view: &run.audience(state.now),
            look: Look { theme, size_hint },
        }
        .render(main, buf);
        FacilitatorStrip { state, run }.render(strip, buf);
    }
}

/// The part of the screen the projection shows the audience's view in: all but the banner and
/// the facilitator's strip.
pub(super) fn projected_main(state: &State, area: Rect) -> Rect {
    let banner_rows = if state.banner.is_some() { 2 } else { 0 };
    let [_, main, _] = Layout::vertical([
        Constraint::Length(banner_rows),
        Constraint::Min(1),
        Constraint::Length(1),
    ])
    .areas(area);
    main
}

/// Whether `layer` (over `below`) is drawn over the projection. The room sees the projection:
/// of the panels only opening a vote (the facilitator's step; once open, the audience view shows
/// it) and the note-takers panel are drawn there, besides the help and the quit question. The
/// others keep the keys unseen, and the strip under the projection names them and their keys.
pub(super) fn over_projection(layer: Context, below: Option<Context>) -> bool {
    match layer {
        Context::Help | Context::QuitQuestion | Context::VoteSetup | Context::NoteTakers => true,
        Context::Confirm => below == Some(Context::NoteTakers),
        _ => false,
    }
}

/// The facilitator's line under the projection: typing goes on, and shows here.
#[derive(Clone, Copy)]
pub(super) struct FacilitatorStrip<'a> {
    pub state: &'a State,
    pub run: &'a Run,
}

impl Widget for FacilitatorStrip<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let FacilitatorStrip { state, run } = self;
        let theme = state.theme;
        let keys = if run.spotlight.is_some() {
            state
                .keymap
                .hint_line(Context::Spotlight, |k| state.usable(k))
        } else if run.projection {
            let k = |c| {
                state
                    .keymap
                    .keys(Context::Anywhere, c)
                    .first()
                    .map_or_else(String::new, |k: &crate::tui::keymap::Key| k.short())
            };
            use crate::tui::keymap::Command as C;
            format!(
                "{} back · {} text size · {} join code",
                k(C::Project),
                k(C::TextSize),
                k(C::ShowJoin)
            )
        } else {
            String::new()
        };
        let keys = keys.as_str();
        let kw = width(keys) as u16;
        let room = area.width.saturating_sub(kw + 2) as usize;
        let layers = crate::tui::layers::run_layers(state);
        let unseen = layers.last().copied().filter(|top| {
            *top != Context::Spotlight
                && !over_projection(*top, layers.iter().rev().nth(1).copied())
        });
        let text = if let Some(top) = unseen {
            // A panel has the keys, unseen under the projection: said here, with its keys.
            format!(
                "{}: {}",
                state.keymap.heading(top),
                state.keymap.hint_line(top, |k| state.usable(k))
            )
        } else if run.spotlight.is_some() {
            "Spotlight".to_owned()
        } else if run.focus == Focus::Select {
            let k = |c| {
                state
                    .keymap
                    .keys(Context::Selecting, c)
                    .first()
                    .map_or_else(String::new, |k: &crate::tui::keymap::Key| k.short())
            };
            use crate::tui::keymap::Command as C;
            format!(
                "Choosing answers: {}/{} choose · {} spotlight · {} back to typing",
                k(C::SelectUp),
                k(C::SelectDown),
                k(C::Spotlight),
                k(C::Type)
            )
        } else {
            let typed = run.capture.first().map_or("", |b| b.text());
            let who = run.group_name().unwrap_or("no group");
            let slot = run.current_slot();
            if run.is_concealed() {
                format!(
                    "✎ typing continues for {who} ({} characters) — answers stay hidden until revealed",
                    typed.chars().count()
                )
            } else {
                let lead = format!("✎ {} → {}: ", truncate(who, 16), truncate(&slot.label, 20));
                let flat = display_line(&typed.replace('\n', " ⏎ "));
                // The end of what is being typed stays in view.
                let avail = room.saturating_sub(width(&lead) + 1);
                let mut tail: Vec<char> = Vec::new();
                let mut w = 0;
                for c in flat.chars().rev() {
                    let cw = width(&c.to_string());
                    if w + cw > avail {
                        break;
                    }
                    w += cw;
                    tail.push(c);
                }
                let tail: String = tail.into_iter().rev().collect();
                format!("{lead}{tail}▏")
            }
        };
        buf.set_style(
            area,
            theme.dim().add_modifier(ratatui::style::Modifier::REVERSED),
        );
        buf.set_stringn(
            area.x,
            area.y,
            truncate(&text, room),
            room,
            theme.dim().add_modifier(ratatui::style::Modifier::REVERSED),
        );
        buf.set_stringn(
            area.right().saturating_sub(kw),
            area.y,
            keys,
            kw as usize,
            theme.dim().add_modifier(ratatui::style::Modifier::REVERSED),
        );
    }
}
