//! The live stream (`GET /api/events`): what each note-taker is told as the session changes.

// Handlers pass a finished error `Response` back as `Err`, as axum code does.
#![allow(clippy::result_large_err)]

use super::*;
use crate::model::sight::Viewer;

// ---- the live stream ----

pub(super) struct Follow {
    hub: Arc<Hub>,
    events: broadcast::Receiver<HubEvent>,
    device: Option<String>,
    group: Option<String>,
    queue: VecDeque<api::Event>,
    ended: bool,
    shutdown: watch::Receiver<bool>,
}

impl Drop for Follow {
    fn drop(&mut self) {
        if let Some(d) = &self.device {
            self.hub.stream(d, false);
        }
    }
}

pub(super) async fn api_events(State(app): State<App>, req: Request) -> Response {
    let caller = match authorize(&app, req.headers(), peer_ip(&req)) {
        Ok(c) => c,
        Err(r) => return r,
    };
    // The join code alone follows the agenda and the rounds, never a group's answers.
    let (device, group) = match caller {
        Caller::Device { id, group } => (Some(id), Some(group)),
        Caller::Code => (None, None),
    };
    if let Some(d) = &device {
        app.hub.stream(d, true);
    }
    let follow = Follow {
        events: app.hub.subscribe(),
        hub: Arc::clone(&app.hub),
        device,
        group,
        queue: VecDeque::new(),
        ended: false,
        shutdown: app.shutdown.clone(),
    };
    let stream = futures_util::stream::unfold(follow, |mut f| async move {
        loop {
            if let Some(event) = f.queue.pop_front() {
                if event == api::Event::Revoked {
                    f.ended = true;
                }
                let sse = SseEvent::default()
                    .event(event.name())
                    .json_data(&event)
                    .unwrap_or_else(|_| SseEvent::default().comment("unsendable"));
                return Some((Ok::<_, Infallible>(sse), f));
            }
            if f.ended {
                return None;
            }
            let next = tokio::select! {
                n = f.events.recv() => n,
                _ = f.shutdown.changed() => return None,
            };
            match next {
                Ok(event) => f.queue.extend(events_for(
                    &f.hub,
                    &event,
                    f.device.as_deref(),
                    f.group.as_deref(),
                )),
                // Fell behind or the hub stopped: end; the client fetches the session afresh.
                Err(_) => return None,
            }
        }
    });
    Sse::new(stream)
        .keep_alive(KeepAlive::new().interval(app.limits.keep_alive))
        .into_response()
}

/// What a note-taker of `group` is told about `event`. Hidden answers are never sent.
pub(super) fn events_for(
    hub: &Hub,
    event: &HubEvent,
    device: Option<&str>,
    group: Option<&str>,
) -> Vec<api::Event> {
    match event {
        HubEvent::Agenda(i) => hub
            .exercise_info(*i)
            .map(|exercise| vec![api::Event::Agenda { exercise }])
            .unwrap_or_default(),
        HubEvent::Revoked(d) if Some(d.as_str()) == device => vec![api::Event::Revoked],
        HubEvent::Saved {
            changes, alters, ..
        } => {
            let mut out: Vec<api::Event> = changes
                .iter()
                .filter_map(|s| answer_event(s, group))
                .collect();
            out.extend(round_events(hub, changes, device, group));
            out.extend(exercise_events(hub, *alters, group));
            out
        }
        HubEvent::Revoked(_) | HubEvent::Notice(_) | HubEvent::Warning(_) => Vec::new(),
    }
}

pub(super) fn answer_event(saved: &Saved, group: Option<&str>) -> Option<api::Event> {
    let group = group?;
    let c = saved.after()?;
    let ours = c.group.as_deref() == Some(group);
    let was_ours = saved.group_before.as_deref() == Some(group);
    // Stars, groups, settings, themes, rounds: not an answer's news.
    if !matches!(
        &saved.change,
        Change::Add { .. }
            | Change::Edit { .. }
            | Change::SetHidden { .. }
            | Change::Move { .. }
            | Change::Withdraw { .. }
    ) {
        return None;
    }
    match &saved.change {
        _ if ours && !c.hidden && !c.is_withdrawn() => Some(api::Event::Answer {
            answer: Answer::of(c),
        }),
        _ if ours || was_ours => Some(api::Event::Removed { id: c.id.clone() }),
        _ => None,
    }
}

/// The rounds of the current exercise that saved changes bear on, as `device` of `group` now
/// sees them (a round's results only once it is revealed; its answers by [`crate::model::sight::may_see`]).
fn round_events(
    hub: &Hub,
    changes: &[Saved],
    device: Option<&str>,
    group: Option<&str>,
) -> Vec<api::Event> {
    // Most saves are answers: nothing to look up for them, for each of the followers.
    let about_rounds = changes.iter().any(|s| {
        matches!(
            s.change,
            Change::OpenRound { .. }
                | Change::Cast { .. }
                | Change::SetRoundState { .. }
                | Change::AddTheme { .. }
                | Change::RenameTheme { .. }
                | Change::MergeThemes { .. }
                | Change::SetConcealed { .. }
        )
    });
    if !about_rounds {
        return Vec::new();
    }
    let current = hub.exercise();
    let voter = device.map(crate::net::hub::device_voter);
    let viewer = match (device, group) {
        (Some(_), Some(g)) => Viewer::Group(g),
        _ => Viewer::Code,
    };
    hub.with_session(|s| {
        let exercise = s.scenario.agenda.get(current).map(|e| e.id.as_str());
        let mut ids: Vec<String> = changes
            .iter()
            .flat_map(|saved| crate::net::hub::rounds_touched(s, &saved.change))
            .collect();
        ids.dedup();
        ids.iter()
            .filter_map(|id| s.convergence.round(id))
            .filter(|r| Some(r.exercise.as_str()) == exercise)
            .map(|r| api::Event::Round {
                round: crate::net::hub::round_info(s, r, voter.as_deref(), viewer),
            })
            .collect()
    })
    .unwrap_or_default()
}

/// What saved changes that `alters` the current exercise mean for a note-taker: its words
/// again as an `exercise` event, and, for a device of `group`, the answers another can go under
/// as a `parents` event. Most batches alter neither, and cost a follower nothing here.
fn exercise_events(hub: &Hub, alters: Alters, group: Option<&str>) -> Vec<api::Event> {
    let mut out = Vec::new();
    if !alters.words && !alters.parents {
        return out;
    }
    let current = hub.exercise();
    if alters.words
        && let Some(exercise) = hub.exercise_info(current)
    {
        out.push(api::Event::Exercise { exercise });
    }
    if alters.parents
        && let Some(group) = group
        && let Some((exercise, parents)) = hub.parents_now(group)
    {
        out.push(api::Event::Parents { exercise, parents });
    }
    out
}
