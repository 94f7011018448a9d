//! Sharing the session with note-takers, as the facilitator drives it: F6 starts sharing and
//! opens the note-takers panel; answers arriving from note-takers are applied to the screen.

use super::action::{Action, Effect};
use super::keymap::{Command, Context};
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

/// The answer to the panel's question (revoke a device, stop sharing): yes does it, any
/// other key keeps things as they are.
pub fn confirm_key(state: &mut State, command: Option<Command>) -> Vec<Effect> {
    let Some(sharing) = state.run_mut().and_then(|r| r.sharing.as_mut()) else {
        return Vec::new();
    };
    let Some(confirm) = sharing.confirm.take() else {
        return Vec::new();
    };
    if command == Some(Command::Yes) {
        return match confirm {
            Confirm::Revoke(id) => vec![Effect::Revoke(id)],
            Confirm::Stop => {
                sharing.stopping = true;
                state.status = Some("Stopping sharing: saving answers in flight…".into());
                vec![Effect::StopSharing]
            }
        };
    }
    state.status = Some("Nothing done.".into());
    Vec::new()
}

/// A key for the open note-takers panel: the command its table gives it.
pub fn panel_key(state: &mut State, command: Option<Command>) -> Vec<Effect> {
    let yes = key_of(state, Context::Confirm, Command::Yes);
    let Some(sharing) = state
        .run_mut()
        .and_then(|r| r.sharing.as_mut())
        .filter(|s| s.panel)
    else {
        return Vec::new();
    };
    let n = sharing.devices.len();
    match command {
        Some(Command::Close) => sharing.panel = false,
        Some(Command::Up) => sharing.selected = sharing.selected.saturating_sub(1),
        Some(Command::Down) => {
            sharing.selected = (sharing.selected + 1).min(n.saturating_sub(1));
        }
        Some(Command::Revoke) => match sharing.devices.get(sharing.selected) {
            Some(d) if !d.revoked => {
                let who = d.name.clone().unwrap_or_else(|| format!("device {}", d.id));
                sharing.confirm = Some(Confirm::Revoke(d.id.clone()));
                state.status = Some(format!(
                    "Revoke {who} ({})? It can no longer send answers. {yes}: revoke · any other key: keep",
                    d.group
                ));
            }
            Some(_) => state.status = Some("That device is already revoked.".into()),
            None => state.status = Some("No note-taker has joined yet.".into()),
        },
        Some(Command::QrCode) => sharing.show_qr = !sharing.show_qr,
        Some(Command::NewCode) => {
            if sharing.url.is_empty() {
                return Vec::new();
            }
            return vec![Effect::RotateCode];
        }
        Some(Command::StopSharing) => {
            sharing.confirm = Some(Confirm::Stop);
            state.status = Some(format!(
                "Stop sharing? Note-takers' unsent answers wait on their devices until you share again. {yes}: stop · any other key: keep sharing"
            ));
        }
        // The panel is in the way of typing: everything else is left alone.
        _ => {}
    }
    Vec::new()
}

/// The first key of `command` in `context`, as the key bar writes it.
fn key_of(state: &State, context: Context, command: Command) -> String {
    state
        .keymap
        .keys(context, command)
        .first()
        .map_or_else(String::new, |k| k.short())
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
            // "Starting to share…" is over.
            state.status = None;
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
            run.memo.forget();
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
