//! The JSON API: joining, the groups, the session, answers.

// Handlers pass a finished error `Response` back as `Err`, as axum code does.
#![allow(clippy::result_large_err)]

use super::*;

// ---- the JSON API ----

pub(super) async fn api_join(State(app): State<App>, req: Request) -> Response {
    let ip = peer_ip(&req);
    if let Err(r) = app.hub.check_guessing(ip, Instant::now()) {
        return refused(r);
    }
    let (headers, body) = match read_body(&app, req).await {
        Ok(b) => b,
        Err(r) => return r,
    };
    let request: JoinRequest = match parse_json(&headers, &body) {
        Ok(r) => r,
        Err(r) => return r,
    };
    if let Err(r) = app.hub.check_code(&request.code, ip) {
        return refused(r);
    }
    match app
        .hub
        .join(&request.group, request.device_name.as_deref(), ip)
        .await
    {
        Ok((device, token)) => json(
            StatusCode::CREATED,
            &JoinReply {
                device,
                token,
                group: request.group.trim().to_owned(),
            },
        ),
        Err(outcome) => outcome_error(outcome),
    }
}

pub(super) fn outcome_error(outcome: Outcome) -> Response {
    let status = outcome_status(&outcome);
    match outcome {
        Outcome::Saved | Outcome::AlreadySaved => error(status, "saved"),
        Outcome::Conflict(m) | Outcome::Refused(m) => error(status, m),
        Outcome::NotSaved(m) => error(status, format!("not saved, try again: {m}")),
    }
}

pub(super) async fn api_groups(State(app): State<App>, req: Request) -> Response {
    if let Err(r) = authorize(&app, req.headers(), peer_ip(&req)) {
        return r;
    }
    json(
        StatusCode::OK,
        &GroupsReply {
            groups: app.hub.groups(),
        },
    )
}

pub(super) async fn api_session(State(app): State<App>, req: Request) -> Response {
    let caller = match authorize(&app, req.headers(), peer_ip(&req)) {
        Ok(c) => c,
        Err(r) => return r,
    };
    // The join code alone reads no group's answers, whatever `?group=` says.
    let device = match &caller {
        Caller::Device { id, group } => Some((id.as_str(), group.as_str())),
        Caller::Code => None,
    };
    match app.hub.session_reply(device) {
        Some(reply) => json(StatusCode::OK, &reply),
        None => error(
            StatusCode::SERVICE_UNAVAILABLE,
            "the session is no longer shared",
        ),
    }
}

/// What every JSON write begins with: who is asking, then the body read within its limits and
/// parsed as `T`; or the reply that refuses it.
async fn authorized_json<T: serde::de::DeserializeOwned>(
    app: &App,
    req: Request,
) -> Result<(Caller, T), Response> {
    let caller = authorize(app, req.headers(), peer_ip(&req))?;
    let (headers, body) = read_body(app, req).await?;
    let request = parse_json(&headers, &body)?;
    Ok((caller, request))
}

pub(super) async fn api_contribute(State(app): State<App>, req: Request) -> Response {
    match authorized_json::<ContributionRequest>(&app, req).await {
        Ok((caller, request)) => contribute(&app, &caller, request).await,
        Err(r) => r,
    }
}

pub(super) async fn contribute(
    app: &App,
    caller: &Caller,
    request: ContributionRequest,
) -> Response {
    if !is_valid_id(&request.id) {
        return error(
            StatusCode::BAD_REQUEST,
            "`id` must be 1 to 64 characters of A-Z a-z 0-9 - _ .",
        );
    }
    if let Caller::Device { group, .. } = caller
        && *group != request.group
    {
        return error(
            StatusCode::FORBIDDEN,
            format!("this device records for the group \"{group}\", not another"),
        );
    }
    let id = request.id.clone();
    let outcome = app.hub.contribute(caller, request).await;
    match outcome {
        Outcome::Saved | Outcome::AlreadySaved => {
            json(outcome_status(&outcome), &api::Saved { id, saved: true })
        }
        other => outcome_error(other),
    }
}

pub(super) async fn api_ballot(State(app): State<App>, req: Request) -> Response {
    match authorized_json::<BallotRequest>(&app, req).await {
        Ok((caller, request)) => cast(&app, &caller, request).await,
        Err(r) => r,
    }
}

/// One ballot per device: the join code alone is not a voter.
pub(super) async fn cast(app: &App, caller: &Caller, request: BallotRequest) -> Response {
    let Caller::Device { id: device, .. } = caller else {
        return error(
            StatusCode::FORBIDDEN,
            "votes are cast by a device: join first (POST /api/join) and send its token",
        );
    };
    let round = request.round.clone();
    let outcome = app.hub.cast(device, request).await;
    match outcome {
        Outcome::Saved | Outcome::AlreadySaved => json(
            outcome_status(&outcome),
            &api::BallotSaved {
                round,
                counted: true,
            },
        ),
        other => outcome_error(other),
    }
}
