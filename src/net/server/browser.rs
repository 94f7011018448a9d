//! The browser page: joining with the code, the capture form, leaving.

// Handlers pass a finished error `Response` back as `Err`, as axum code does.
#![allow(clippy::result_large_err)]

use super::*;

// ---- the browser page ----

pub(super) async fn static_js() -> Response {
    (
        [(header::CONTENT_TYPE, "text/javascript; charset=utf-8")],
        page::APP_JS,
    )
        .into_response()
}

pub(super) async fn static_css() -> Response {
    (
        [(header::CONTENT_TYPE, "text/css; charset=utf-8")],
        page::APP_CSS,
    )
        .into_response()
}

pub(super) fn set_cookie(token: &str) -> HeaderValue {
    HeaderValue::from_str(&format!(
        "{DEVICE_COOKIE}={token}; Path=/; HttpOnly; SameSite=Strict; Max-Age=2592000"
    ))
    .unwrap_or_else(|_| HeaderValue::from_static("hearth_device=; Path=/; Max-Age=0"))
}

pub(super) fn clear_cookie() -> HeaderValue {
    HeaderValue::from_static("hearth_device=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0")
}

/// The device behind the page's cookie, or the page to show instead.
pub(super) fn page_device(app: &App, req: &Request) -> Result<(String, String), Response> {
    let ip = peer_ip(req);
    let Some(token) = cookie(req.headers()) else {
        return Err(html(StatusCode::OK, page::join_page(None)));
    };
    let signed_out = |status, message: &str| {
        let mut r = html(status, page::join_page(Some(message)));
        r.headers_mut().insert(header::SET_COOKIE, clear_cookie());
        r
    };
    match app.hub.authorize(&token, ip) {
        Ok(Caller::Device { id, group }) => Ok((id, group)),
        Ok(Caller::Code) | Err(Refusal::Unauthorized) => Err(signed_out(
            StatusCode::UNAUTHORIZED,
            "This device is not signed in any more. Enter the join code again.",
        )),
        Err(Refusal::Revoked) => Err(signed_out(
            StatusCode::UNAUTHORIZED,
            "The facilitator signed this device out. Enter the join code to join again.",
        )),
        Err(r @ (Refusal::TooMany(_) | Refusal::Busy(_))) => Err(too_many_page(&r)),
    }
}

/// The join page again, telling how long to wait.
pub(super) fn too_many_page(refusal: &Refusal) -> Response {
    let message = match refusal {
        Refusal::Busy(secs) => format!(
            "Too many wrong codes were tried on this server. Try again in {secs} seconds, or ask the facilitator."
        ),
        Refusal::TooMany(secs) => {
            format!("Too many wrong codes from this device. Try again in {secs} seconds.")
        }
        Refusal::Unauthorized | Refusal::Revoked => String::new(),
    };
    html(
        StatusCode::TOO_MANY_REQUESTS,
        page::join_page(Some(&message)),
    )
}

pub(super) struct Draft {
    slot: Option<String>,
    text: String,
    fields: BTreeMap<String, String>,
    /// The answer chosen to go under, kept across a page that comes back.
    parent: Option<String>,
    error: Option<String>,
    saved: Option<String>,
    /// The round a vote from this page was just counted in, or refused in (and why).
    voted: Option<String>,
    vote_error: Option<(String, String)>,
}

pub(super) fn capture(
    app: &App,
    (device, group): (&str, &str),
    draft: &Draft,
    status: StatusCode,
) -> Response {
    let Some(reply) = app.hub.session_reply(Some((device, group))) else {
        return plain(
            StatusCode::SERVICE_UNAVAILABLE,
            "the session is no longer shared",
        );
    };
    let form_id = new_id();
    let view = page::CaptureView {
        session_title: &reply.title,
        group,
        exercise: &reply.exercise,
        answers: &reply.answers,
        slot: draft.slot.as_deref(),
        saved: draft.saved.as_deref(),
        error: draft.error.as_deref(),
        draft_text: &draft.text,
        draft_fields: &draft.fields,
        parents: &reply.parents,
        draft_parent: draft.parent.as_deref(),
        form_id: &form_id,
        rounds: &reply.rounds,
        vote: match (&draft.vote_error, &draft.voted) {
            (Some((round, message)), _) => Some(page::VoteNote::Refused { round, message }),
            (None, Some(round)) => Some(page::VoteNote::Counted(round)),
            (None, None) => None,
        },
    };
    html(status, page::capture_page(&view))
}

pub(super) async fn page_home(State(app): State<App>, req: Request) -> Response {
    let (device, group) = match page_device(&app, &req) {
        Ok(d) => d,
        Err(r) => return r,
    };
    let draft = Draft {
        slot: query_param(&req, "slot"),
        text: String::new(),
        fields: BTreeMap::new(),
        parent: query_param(&req, "parent"),
        error: None,
        saved: query_param(&req, "saved"),
        voted: query_param(&req, "voted"),
        vote_error: None,
    };
    capture(&app, (&device, &group), &draft, StatusCode::OK)
}

pub(super) async fn page_join(State(app): State<App>, req: Request) -> Response {
    let ip = peer_ip(&req);
    if let Err(r) = app.hub.check_guessing(ip, Instant::now()) {
        return too_many_page(&r);
    }
    let (_, body) = match read_body(&app, req).await {
        Ok(b) => b,
        Err(r) => return r,
    };
    let form = form_pairs(&body);
    let get = |name: &str| {
        form.iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
            .unwrap_or_default()
    };
    let code = get("code");
    match app.hub.check_code(code, ip) {
        Ok(()) => {}
        Err(r @ (Refusal::TooMany(_) | Refusal::Busy(_))) => return too_many_page(&r),
        Err(_) => {
            return html(
                StatusCode::UNAUTHORIZED,
                page::join_page(Some(
                    "That join code is not right. Check it with the facilitator.",
                )),
            );
        }
    }
    let group = match get("new_group").trim() {
        "" => get("group").trim(),
        new => new,
    };
    if group.is_empty() {
        return html(
            StatusCode::OK,
            page::group_page(code, &app.hub.groups(), None),
        );
    }
    let name = Some(get("device_name")).filter(|n| !n.trim().is_empty());
    match app.hub.join(group, name, ip).await {
        Ok((_, token)) => {
            let mut r = see_other("/");
            r.headers_mut()
                .insert(header::SET_COOKIE, set_cookie(&token));
            r
        }
        Err(outcome) => {
            let message = match &outcome {
                Outcome::Refused(m) | Outcome::Conflict(m) => m.clone(),
                Outcome::NotSaved(m) => format!("Not joined, try again: {m}"),
                Outcome::Saved | Outcome::AlreadySaved => String::new(),
            };
            html(
                outcome_status(&outcome),
                page::group_page(code, &app.hub.groups(), Some(&message)),
            )
        }
    }
}

/// The capture form, posted without JavaScript: the answer goes under the slot chosen in the
/// form itself; anything else shows the page again with what was typed kept.
pub(super) async fn page_submit(State(app): State<App>, req: Request) -> Response {
    let (device, group) = match page_device(&app, &req) {
        Ok(d) => d,
        Err(r) => return r,
    };
    let (_, body) = match read_body(&app, req).await {
        Ok(b) => b,
        Err(r) => return r,
    };
    let form = page::read_capture_form(&form_pairs(&body), &group);
    let request = form.request.clone();
    let mut draft = Draft {
        slot: Some(request.slot.clone()),
        text: request.text.clone(),
        fields: request.fields.clone(),
        parent: request.parent.clone(),
        error: None,
        saved: None,
        voted: None,
        vote_error: None,
    };
    let exercise = app.hub.exercise_named(&request.exercise);
    match page::decide(&form, exercise.as_ref()) {
        page::Decision::Save => {}
        page::Decision::Show(None) if request.text.is_empty() && request.fields.is_empty() => {
            let q =
                serde_urlencoded::to_string([("slot", request.slot.as_str())]).unwrap_or_default();
            return see_other(&format!("/?{q}"));
        }
        page::Decision::Show(notice) => {
            draft.error = notice;
            return capture(&app, (&device, &group), &draft, StatusCode::OK);
        }
        page::Decision::Choose(message) => {
            // Nothing is chosen in its place: the note-taker chooses.
            draft.slot = Some(String::new());
            draft.error = Some(message);
            return capture(
                &app,
                (&device, &group),
                &draft,
                StatusCode::UNPROCESSABLE_ENTITY,
            );
        }
    }
    if !is_valid_id(&request.id) {
        draft.error = Some("The form was incomplete; press Send again.".into());
        return capture(&app, (&device, &group), &draft, StatusCode::BAD_REQUEST);
    }
    let caller = Caller::Device {
        id: device.clone(),
        group: group.clone(),
    };
    let id = request.id.clone();
    let slot = request.slot.clone();
    let parent = request.parent.clone();
    match app.hub.contribute(&caller, request).await {
        Outcome::Saved | Outcome::AlreadySaved => {
            let mut q = vec![("slot", slot.as_str()), ("saved", id.as_str())];
            if let Some(p) = &parent {
                q.push(("parent", p.as_str()));
            }
            let q = serde_urlencoded::to_string(q).unwrap_or_default();
            see_other(&format!("/?{q}"))
        }
        other => {
            let status = outcome_status(&other);
            draft.error = Some(match other {
                Outcome::Conflict(m) | Outcome::Refused(m) => format!("Not saved: {m}"),
                Outcome::NotSaved(m) => format!("Not saved — press Send again: {m}"),
                Outcome::Saved | Outcome::AlreadySaved => String::new(),
            });
            capture(&app, (&device, &group), &draft, status)
        }
    }
}

pub(super) async fn page_vote(State(app): State<App>, req: Request) -> Response {
    let (device, group) = match page_device(&app, &req) {
        Ok(d) => d,
        Err(r) => return r,
    };
    let (_, body) = match read_body(&app, req).await {
        Ok(b) => b,
        Err(r) => return r,
    };
    let mut draft = Draft {
        slot: None,
        text: String::new(),
        fields: BTreeMap::new(),
        parent: None,
        error: None,
        saved: None,
        voted: None,
        vote_error: None,
    };
    let request = match page::read_vote_form(&form_pairs(&body)) {
        Ok(r) => r,
        Err((round, message)) => {
            draft.vote_error = Some((round.unwrap_or_default(), message));
            return capture(&app, (&device, &group), &draft, StatusCode::BAD_REQUEST);
        }
    };
    let round = request.round.clone();
    match app.hub.cast(&device, request).await {
        Outcome::Saved | Outcome::AlreadySaved => {
            let q = serde_urlencoded::to_string([("voted", round.as_str())]).unwrap_or_default();
            see_other(&format!("/?{q}"))
        }
        other => {
            let status = outcome_status(&other);
            let message = match other {
                Outcome::Conflict(m) | Outcome::Refused(m) => m,
                Outcome::NotSaved(m) => format!("{m}; press the button again"),
                Outcome::Saved | Outcome::AlreadySaved => String::new(),
            };
            draft.vote_error = Some((round, message));
            capture(&app, (&device, &group), &draft, status)
        }
    }
}

pub(super) async fn page_leave() -> Response {
    let mut r = see_other("/");
    r.headers_mut().insert(header::SET_COOKIE, clear_cookie());
    r
}
