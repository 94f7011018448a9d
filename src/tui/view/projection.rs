//! The projection (F5) and the spotlight: the audience's view of the run, with one strip at
//! the bottom for the facilitator: what is being typed, and the keys that matter here.

use std::time::Duration;

use super::*;
use crate::tui::audience::{self, Look};
use crate::tui::converge::VoteStep;

/// How long the projection's first frames say the text is too small for the room.
pub const SIZE_HINT_FOR: Duration = Duration::from_secs(10);

pub(super) fn draw_projected(state: &State, run: &Run, area: Rect, buf: &mut Buffer) {
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
    draw_banner(state, banner, buf);
    let size_hint = run.projection
        && run
            .projection_since
            .is_some_and(|t| state.now.saturating_duration_since(t) < SIZE_HINT_FOR);
    audience::draw(
        &run.audience(state.now),
        Look { theme, size_hint },
        main,
        buf,
    );
    draw_strip(state, run, strip, buf);
    // Opening a vote is the facilitator's step; once open, the audience view shows it.
    if let Some(v) = run
        .vote
        .as_ref()
        .filter(|v| matches!(v.step, VoteStep::Setup { .. }))
    {
        vote::draw_vote(theme, &state.keymap, run, v, main, buf);
    }
    if let Some(s) = run.sharing.as_ref().filter(|s| s.panel) {
        crate::tui::panel::draw(theme, &state.keymap, s, area, buf);
    }
}

/// The facilitator's line under the projection: typing goes on, and shows here.
fn draw_strip(state: &State, run: &Run, area: Rect, buf: &mut Buffer) {
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
    let text = if run.spotlight.is_some() {
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
