//! The HTTP side of sharing: the JSON API (`api_routes`), the live event stream (`events`) and
//! the browser page (`browser`), served with hyper connection by connection so that every limit
//! is ours to set. This file holds what every request goes through: the guard, who is asking,
//! and the shapes of replies.

// Handlers pass a finished error `Response` back as `Err`, as axum code does.
#![allow(clippy::result_large_err)]

use std::collections::{BTreeMap, VecDeque};
use std::convert::Infallible;
use std::net::{IpAddr, SocketAddr};
use std::sync::Arc;
use std::time::{Duration, Instant};

use axum::Router;
use axum::body::{Body, Bytes};
use axum::extract::{Request, State};
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, header};
use axum::middleware::{self, Next};
use axum::response::sse::{Event as SseEvent, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use http_body_util::{BodyExt, LengthLimitError, Limited};
use tokio::net::TcpListener;
use tokio::sync::{broadcast, watch};

mod api_routes;
mod browser;
mod events;
mod screen;

use api_routes::*;
use browser::*;
use events::*;
use screen::*;

use super::admission::{Admission, accept_loop, close_revoked};
use super::api::{
    self, Answer, BallotRequest, ContributionRequest, DEVICE_COOKIE, ErrorReply, GroupsReply,
    JoinReply, JoinRequest, MAX_BODY_BYTES, REVOKED, WRONG_CODE,
};
use super::hub::{Alters, Caller, Hub, HubEvent, Outcome, Refusal, Saved};
use super::page;
use super::request::{cookie, credential, peer_ip};
use crate::model::Change;
use crate::model::contribution::new_id;
use crate::model::text::is_valid_id;

pub use super::limits::Limits;

/// A running server. Stop it with [`Server::stop`].
#[derive(Debug)]
pub struct Server {
    pub local_addr: SocketAddr,
    shutdown: watch::Sender<bool>,
    accept: tokio::task::JoinHandle<()>,
    admission: Arc<Admission>,
}

#[derive(Clone)]
struct App {
    hub: Arc<Hub>,
    hosts: Arc<Vec<String>>,
    limits: Limits,
    shutdown: watch::Receiver<bool>,
}

/// Listens on `bind` and serves `hub` until stopped; `limits.guesses` become the hub's.
/// Must be called within a tokio runtime.
pub fn start(hub: Arc<Hub>, bind: SocketAddr, limits: Limits) -> std::io::Result<Server> {
    let listener = std::net::TcpListener::bind(bind)?;
    listener.set_nonblocking(true)?;
    let listener = TcpListener::from_std(listener)?;
    let local_addr = listener.local_addr()?;
    let (shutdown, watching) = watch::channel(false);
    hub.set_guess_limits(limits.guesses.clone());
    let admission = Arc::new(Admission::new(limits.clone(), Arc::clone(&hub)));
    let app = App {
        hub,
        hosts: Arc::new(allowed_hosts(local_addr)),
        limits: limits.clone(),
        shutdown: watching.clone(),
    };
    tokio::spawn(close_revoked(
        Arc::clone(&admission),
        app.hub.subscribe(),
        watching.clone(),
    ));
    let router = router(app);
    let accept = tokio::spawn(accept_loop(
        listener,
        router,
        Arc::clone(&admission),
        watching,
    ));
    Ok(Server {
        local_addr,
        shutdown,
        accept,
        admission,
    })
}

impl Server {
    /// Stops listening, lets requests in flight finish (briefly), and closes the rest.
    pub async fn stop(self) {
        let _ = self.shutdown.send(true);
        let _ = self.accept.await;
        let deadline = Instant::now() + Duration::from_secs(3);
        while self.admission.open() > 0 && Instant::now() < deadline {
            tokio::time::sleep(Duration::from_millis(10)).await;
        }
    }
}

fn router(app: App) -> Router {
    Router::new()
        .route("/", get(page_home))
        .route("/join", post(page_join))
        .route("/submit", post(page_submit))
        .route("/vote", post(page_vote))
        .route("/leave", post(page_leave))
        .route("/static/app.js", get(static_js))
        .route("/static/app.css", get(static_css))
        .route("/screen", get(page_screen))
        .route("/static/screen.css", get(static_screen_css))
        .route("/favicon.ico", get(no_icon))
        .route("/api/join", post(api_join))
        .route("/api/groups", get(api_groups))
        .route("/api/session", get(api_session))
        .route("/api/contributions", post(api_contribute))
        .route("/api/ballot", post(api_ballot))
        .route("/api/events", get(api_events))
        .fallback(not_found)
        .layer(middleware::from_fn_with_state(app.clone(), guard))
        .with_state(app)
}

// ---- every request ----

/// Checks the `Host` header (against DNS rebinding) and the origin of anything that writes
/// (no other site may post here), and adds the security headers to every reply.
async fn guard(State(app): State<App>, req: Request, next: Next) -> Response {
    let host = req
        .headers()
        .get(header::HOST)
        .and_then(|h| h.to_str().ok())
        .map(str::to_owned);
    let mut response = match host {
        None => plain(StatusCode::BAD_REQUEST, "a Host header is needed"),
        Some(h) if !host_allowed(&h, &app.hosts) => plain(
            StatusCode::MISDIRECTED_REQUEST,
            "this address is not one hearth serves; use the join address the facilitator shows",
        ),
        Some(h) if writes(req.method()) && !same_origin(req.headers(), &h) => plain(
            StatusCode::FORBIDDEN,
            "requests from other sites are refused",
        ),
        Some(_) => next.run(req).await,
    };
    let headers = response.headers_mut();
    headers.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(
            "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'",
        ),
    );
    headers.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    // Not `no-referrer`: with it, browsers send `Origin: null` on the page's own posts.
    headers.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("same-origin"),
    );
    headers.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    response
}

fn writes(method: &Method) -> bool {
    !matches!(*method, Method::GET | Method::HEAD)
}

fn same_origin(headers: &HeaderMap, host: &str) -> bool {
    if headers
        .get("sec-fetch-site")
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.eq_ignore_ascii_case("cross-site"))
    {
        return false;
    }
    let fetch_site_same = headers
        .get("sec-fetch-site")
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.eq_ignore_ascii_case("same-origin"));
    match headers.get(header::ORIGIN).map(HeaderValue::to_str) {
        None => true,
        // A page whose referrer policy hides its origin; the browser vouches it is ours.
        Some(Ok("null")) => fetch_site_same,
        Some(Ok(origin)) => origin.eq_ignore_ascii_case(&format!("http://{host}")),
        Some(Err(_)) => false,
    }
}

/// The host part of a `Host` header, lower case, without the port.
fn host_name(host: &str) -> String {
    let host = host.trim();
    let name = if let Some(rest) = host.strip_prefix('[') {
        rest.split(']').next().unwrap_or_default()
    } else {
        match host.rsplit_once(':') {
            Some((name, port)) if port.bytes().all(|b| b.is_ascii_digit()) => name,
            _ => host,
        }
    };
    name.to_ascii_lowercase()
}

/// An IP address (rebinding needs a name), `localhost`, or this machine's own names.
fn host_allowed(host: &str, allowed: &[String]) -> bool {
    let name = host_name(host);
    name.parse::<IpAddr>().is_ok() || allowed.contains(&name)
}

fn allowed_hosts(_bound: SocketAddr) -> Vec<String> {
    let mut hosts = vec!["localhost".to_owned()];
    if let Some(name) = machine_name() {
        let name = name.to_ascii_lowercase();
        hosts.push(format!("{name}.local"));
        hosts.push(name);
    }
    hosts
}

/// This machine's host name.
pub fn machine_name() -> Option<String> {
    crate::platform::host_name()
}

/// The address other machines on the local network reach this one at (no packet is sent:
/// connecting a UDP socket only picks the route).
pub fn lan_address() -> Option<IpAddr> {
    let socket = std::net::UdpSocket::bind("0.0.0.0:0").ok()?;
    socket.connect("192.0.2.1:9").ok()?;
    socket
        .local_addr()
        .ok()
        .map(|a| a.ip())
        .filter(|ip| !ip.is_loopback() && !ip.is_unspecified())
}

/// The address to give note-takers for a server listening on `bound`.
pub fn join_url(bound: SocketAddr) -> String {
    let ip = if bound.ip().is_unspecified() {
        lan_address().unwrap_or(IpAddr::from([127, 0, 0, 1]))
    } else {
        bound.ip()
    };
    match ip {
        IpAddr::V4(v4) => format!("http://{v4}:{}/", bound.port()),
        IpAddr::V6(v6) => format!("http://[{v6}]:{}/", bound.port()),
    }
}

// ---- replies ----

fn plain(status: StatusCode, message: &str) -> Response {
    (
        status,
        [(header::CONTENT_TYPE, "text/plain; charset=utf-8")],
        format!("{message}\n"),
    )
        .into_response()
}

fn json<T: serde::Serialize>(status: StatusCode, value: &T) -> Response {
    match serde_json::to_vec(value) {
        Ok(body) => (
            status,
            [(header::CONTENT_TYPE, "application/json")],
            Body::from(body),
        )
            .into_response(),
        Err(e) => plain(StatusCode::INTERNAL_SERVER_ERROR, &e.to_string()),
    }
}

fn error(status: StatusCode, message: impl Into<String>) -> Response {
    json(
        status,
        &ErrorReply {
            error: message.into(),
        },
    )
}

fn html(status: StatusCode, page: String) -> Response {
    (
        status,
        [(header::CONTENT_TYPE, "text/html; charset=utf-8")],
        page,
    )
        .into_response()
}

fn see_other(location: &str) -> Response {
    match HeaderValue::from_str(location) {
        Ok(l) => (StatusCode::SEE_OTHER, [(header::LOCATION, l)]).into_response(),
        Err(_) => plain(StatusCode::BAD_REQUEST, "bad address"),
    }
}

async fn no_icon() -> Response {
    StatusCode::NO_CONTENT.into_response()
}

async fn not_found() -> Response {
    plain(StatusCode::NOT_FOUND, "not found")
}

fn refused(refusal: Refusal) -> Response {
    match refusal {
        Refusal::Unauthorized => error(StatusCode::UNAUTHORIZED, WRONG_CODE),
        Refusal::Revoked => error(StatusCode::UNAUTHORIZED, REVOKED),
        Refusal::TooMany(secs) | Refusal::Busy(secs) => {
            let message = if matches!(refusal, Refusal::Busy(_)) {
                format!(
                    "too many wrong codes on this server: join codes are not checked for {secs} s; ask the facilitator"
                )
            } else {
                format!("too many wrong codes from this address: try again in {secs} s")
            };
            let mut r = error(StatusCode::TOO_MANY_REQUESTS, message);
            if let Ok(v) = HeaderValue::from_str(&secs.to_string()) {
                r.headers_mut().insert(header::RETRY_AFTER, v);
            }
            r
        }
    }
}

fn outcome_status(outcome: &Outcome) -> StatusCode {
    match outcome {
        Outcome::Saved => StatusCode::CREATED,
        Outcome::AlreadySaved => StatusCode::OK,
        Outcome::Conflict(_) => StatusCode::CONFLICT,
        Outcome::Refused(_) => StatusCode::UNPROCESSABLE_ENTITY,
        Outcome::NotSaved(_) => StatusCode::SERVICE_UNAVAILABLE,
    }
}

// ---- who is asking ----

/// Lets in a join code or a device token; counts wrong ones against the address.
fn authorize(app: &App, headers: &HeaderMap, ip: Option<IpAddr>) -> Result<Caller, Response> {
    let Some(credential) = credential(headers) else {
        return Err(error(StatusCode::UNAUTHORIZED, WRONG_CODE));
    };
    app.hub.authorize(&credential, ip).map_err(refused)
}

/// Reads a body of at most [`MAX_BODY_BYTES`], in at most the body time.
async fn read_body(app: &App, req: Request) -> Result<(HeaderMap, Bytes), Response> {
    let too_large = || {
        error(
            StatusCode::PAYLOAD_TOO_LARGE,
            format!("the request is over {} KiB", MAX_BODY_BYTES / 1024),
        )
    };
    let declared = req
        .headers()
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok());
    if declared.is_some_and(|n| n > MAX_BODY_BYTES as u64) {
        return Err(too_large());
    }
    let (parts, body) = req.into_parts();
    match tokio::time::timeout(
        app.limits.body_timeout,
        Limited::new(body, MAX_BODY_BYTES).collect(),
    )
    .await
    {
        Err(_) => Err(error(
            StatusCode::REQUEST_TIMEOUT,
            "the request took too long to arrive",
        )),
        Ok(Err(e)) if e.downcast_ref::<LengthLimitError>().is_some() => Err(too_large()),
        Ok(Err(_)) => Err(error(
            StatusCode::BAD_REQUEST,
            "the request body could not be read",
        )),
        Ok(Ok(collected)) => Ok((parts.headers, collected.to_bytes())),
    }
}

fn is_json(headers: &HeaderMap) -> bool {
    headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| {
            v.split(';')
                .next()
                .is_some_and(|t| t.trim().eq_ignore_ascii_case("application/json"))
        })
}

fn parse_json<T: serde::de::DeserializeOwned>(
    headers: &HeaderMap,
    body: &[u8],
) -> Result<T, Response> {
    if !is_json(headers) {
        return Err(error(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "send JSON with Content-Type: application/json",
        ));
    }
    serde_json::from_slice(body).map_err(|e| {
        error(
            StatusCode::BAD_REQUEST,
            format!("not the JSON expected: {e}"),
        )
    })
}

fn query_param(req: &Request, name: &str) -> Option<String> {
    let query = req.uri().query()?;
    form_pairs(query.as_bytes())
        .into_iter()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v)
}

/// `a=b&c=d` (URL-encoded form or query) as pairs, in order.
fn form_pairs(bytes: &[u8]) -> Vec<(String, String)> {
    serde_urlencoded::from_bytes::<Vec<(String, String)>>(bytes).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn host_names_lose_their_port() {
        assert_eq!(host_name("127.0.0.1:7878"), "127.0.0.1");
        assert_eq!(host_name("[::1]:80"), "::1");
        assert_eq!(host_name("Example.COM"), "example.com");
        let allowed = vec!["localhost".to_owned(), "studio".to_owned()];
        assert!(host_allowed("192.168.1.20:7878", &allowed));
        assert!(host_allowed("[::1]:7878", &allowed));
        assert!(host_allowed("localhost:7878", &allowed));
        assert!(host_allowed("STUDIO:1", &allowed));
        assert!(!host_allowed("evil.example:7878", &allowed));
        assert!(!host_allowed("", &allowed));
    }

    #[test]
    fn only_same_origin_writes() {
        let mut h = HeaderMap::new();
        assert!(same_origin(&h, "127.0.0.1:7878"));
        h.insert(
            header::ORIGIN,
            HeaderValue::from_static("http://127.0.0.1:7878"),
        );
        assert!(same_origin(&h, "127.0.0.1:7878"));
        h.insert(
            header::ORIGIN,
            HeaderValue::from_static("http://evil.example"),
        );
        assert!(!same_origin(&h, "127.0.0.1:7878"));
        let mut h = HeaderMap::new();
        h.insert("sec-fetch-site", HeaderValue::from_static("cross-site"));
        assert!(!same_origin(&h, "127.0.0.1:7878"));
        let mut h = HeaderMap::new();
        h.insert(header::ORIGIN, HeaderValue::from_static("null"));
        assert!(!same_origin(&h, "127.0.0.1:7878"));
        h.insert("sec-fetch-site", HeaderValue::from_static("same-origin"));
        assert!(same_origin(&h, "127.0.0.1:7878"));
    }
}
