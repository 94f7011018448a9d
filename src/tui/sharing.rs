//! Sharing the session with note-takers, as the facilitator drives it: F6 starts sharing and
//! opens the note-takers panel; answers arriving from note-takers are applied to the screen.

use ratatui::crossterm::event::{KeyCode, KeyEvent};

use super::action::{Action, Effect};
use super::state::{ARRIVED_MARK, Confirm, ShareView, State};
use super::text::{display_line, truncate};
use crate::model::Change;

/// F6: start sharing, or open and close the note-takers panel.
pub fn toggle(state: &mut State) -> Vec<Effect> {
    let Some(run) = state.run_mut() else {
        return Vec::new();
    };
    match &mut run.sharing {
        None => {
            run.sharing = Some(ShareView {
                panel: true,
                ..ShareView::default()
            });
            state.status = Some("Starting to share…".into());
            vec![Effect::StartSharing]
        }
        Some(s) => {
            s.panel = !s.panel;
            s.confirm = None;
            Vec::new()
        }
    }
}

/// Keys for the open panel; `None` when the panel is closed.
pub fn panel_key(state: &mut State, key: &KeyEvent) -> Option<Vec<Effect>> {
    let run = state.run_mut()?;
    let sharing = run.sharing.as_mut().filter(|s| s.panel)?;
    if let Some(confirm) = sharing.confirm.take() {
        if matches!(key.code, KeyCode::Char('y') | KeyCode::Char('Y')) {
            return Some(match confirm {
                Confirm::Revoke(id) => vec![Effect::Revoke(id)],
                Confirm::Stop => {
                    sharing.stopping = true;
                    state.status = Some("Stopping sharing: saving answers in flight…".into());
                    vec![Effect::StopSharing]
                }
            });
        }
        state.status = Some("Nothing done.".into());
        return Some(Vec::new());
    }
    let n = sharing.devices.len();
    match key.code {
        KeyCode::Esc | KeyCode::F(6) => sharing.panel = false,
        KeyCode::Up | KeyCode::Char('k') => sharing.selected = sharing.selected.saturating_sub(1),
        KeyCode::Down | KeyCode::Char('j') => {
            sharing.selected = (sharing.selected + 1).min(n.saturating_sub(1));
        }
        KeyCode::Char('x') => match sharing.devices.get(sharing.selected) {
            Some(d) if !d.revoked => {
                let who = d.name.clone().unwrap_or_else(|| format!("device {}", d.id));
                sharing.confirm = Some(Confirm::Revoke(d.id.clone()));
                state.status = Some(format!(
                    "Revoke {who} ({})? It can no longer send answers. y: revoke · any other key: keep",
                    d.group
                ));
            }
            Some(_) => state.status = Some("That device is already revoked.".into()),
            None => state.status = Some("No note-taker has joined yet.".into()),
        },
        KeyCode::Char('v') => sharing.show_qr = !sharing.show_qr,
        KeyCode::Char('c') => {
            if sharing.url.is_empty() {
                return Some(Vec::new());
            }
            return Some(vec![Effect::RotateCode]);
        }
        KeyCode::Char('S') => {
            sharing.confirm = Some(Confirm::Stop);
            state.status = Some(
                "Stop sharing? Note-takers' unsent answers wait on their devices until you share again. y: stop · any other key: keep sharing"
                    .into(),
            );
        }
        // The panel is in the way of typing: everything else is left alone.
        _ => {}
    }
    Some(Vec::new())
}

/// The sharing actions.
pub fn action(state: &mut State, action: Action) -> Vec<Effect> {
    let now = state.now;
    let Some(run) = state.run_mut() else {
        return Vec::new();
    };
    match action {
        Action::Shared {
            url,
            code,
            screen,
            local_only,
            qr,
        } => {
            let s = run.sharing.get_or_insert_with(ShareView::default);
            s.screen = screen;
            s.url = url.clone();
            s.code = code.clone();
            s.local_only = local_only;
            s.qr = qr;
            state.status = Some(format!("Sharing: note-takers open {url} and type {code}"));
        }
        Action::ShareFailed(message) => {
            run.sharing = None;
            state.banner = Some(format!("Not sharing — {message}"));
        }
        Action::Unshared => {
            run.sharing = None;
            state.status = Some("Sharing stopped; everything that arrived is saved.".into());
        }
        Action::CodeRotated(code) => {
            if let Some(s) = &mut run.sharing {
                s.code = code.clone();
            }
            state.status = Some(format!(
                "New join code {code}; devices already in keep working."
            ));
        }
        Action::Devices(devices) => {
            if let Some(s) = &mut run.sharing {
                s.selected = s.selected.min(devices.len().saturating_sub(1));
                s.devices = devices;
            }
        }
        Action::Notice { text, warning } => {
            if warning {
                state.banner = Some(text);
            } else {
                state.status = Some(text);
            }
        }
        Action::Resync(session) => {
            run.session = *session;
            run.pending = None;
            run.refresh_plan();
            state.status = Some("Reloaded the session as saved on disk.".into());
        }
        Action::Arrived { from, changes } => {
            let mut behind = false;
            let mut last = None;
            for change in &changes {
                if run.session.apply(change).is_err() {
                    behind = true;
                    continue;
                }
                if let Change::Add { contribution } = change {
                    run.arrived.insert(contribution.id.clone(), now);
                    last = Some(contribution.clone());
                } else if let Change::Withdraw { id, .. } = change {
                    // Withdrawn elsewhere: an unsaved edit of it here goes with its words.
                    run.forget_edit(id);
                }
            }
            run.arrived
                .retain(|_, at| now.duration_since(*at) < ARRIVED_MARK);
            if let Some(c) = last {
                let first_line = c.text.lines().next().unwrap_or_default();
                let group = c.group.as_deref().unwrap_or(&from);
                let n = changes
                    .iter()
                    .filter(|c| matches!(c, Change::Add { .. }))
                    .count();
                let more = if n > 1 {
                    format!(" (+{} more)", n - 1)
                } else {
                    String::new()
                };
                state.status = Some(format!(
                    "↓ {group}: {}{more}",
                    truncate(&display_line(first_line), 80)
                ));
            }
            if behind {
                return vec![Effect::Resync];
            }
        }
        _ => {}
    }
    Vec::new()
}
