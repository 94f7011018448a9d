//! The `hearth join` side of the wire: a small HTTP/1.1 client for the `hearth serve` API, and
//! the link that keeps a note-taker's terminal in step with the server: it sends the outbox in
//! order until each answer is acknowledged, and follows the server's event stream, reconnecting
//! with backoff when the network or the server goes away.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use http_body_util::{BodyExt, Full, Limited};
use hyper::body::{Bytes, Incoming};
use hyper::{Method, Request, Response, StatusCode, header};
use hyper_util::rt::TokioIo;
use serde::de::DeserializeOwned;
use tokio::net::TcpStream;
use tokio::sync::Notify;
use tokio::sync::mpsc::UnboundedSender;

use super::api::{
    ContributionRequest, ErrorReply, Event, GroupsReply, JoinReply, JoinRequest, SessionReply,
};
use super::outbox::{Device, Outbox};

pub const CONNECT_TIMEOUT: Duration = Duration::from_secs(10);
pub const REQUEST_TIMEOUT: Duration = Duration::from_secs(10);
/// The server sends a comment every 15 s; this much silence means the connection is gone.
pub const EVENTS_IDLE_TIMEOUT: Duration = Duration::from_secs(40);
/// First wait after a failure; it doubles up to [`BACKOFF_MAX`].
pub const BACKOFF_START: Duration = Duration::from_millis(500);
pub const BACKOFF_MAX: Duration = Duration::from_secs(5);

/// The largest reply read: a group's answers to one exercise.
const MAX_REPLY_BYTES: usize = 64 * 1024 * 1024;
/// The largest single event (an answer of 1 MiB, escaped).
const MAX_EVENT_BYTES: usize = 16 * 1024 * 1024;

/// Where `hearth serve` listens.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Client {
    host: String,
    port: u16,
}

/// Why a call did not succeed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CallError {
    /// 401: a wrong code, or a token the server does not know or has revoked.
    Unauthorized(String),
    /// Refused for good (4xx): sending it again will not help.
    Refused { status: u16, message: String },
    /// Worth trying again later: no connection, a timeout, 5xx, 429.
    Retry(String),
}

impl std::fmt::Display for CallError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            CallError::Unauthorized(m) => write!(f, "not accepted: {m}"),
            CallError::Refused { status, message } => write!(f, "refused ({status}): {message}"),
            CallError::Retry(m) => f.write_str(m),
        }
    }
}

/// What became of a `POST /api/contributions`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PostOutcome {
    /// 201: saved now.
    Saved,
    /// 200: it had been saved already (an earlier send whose reply was lost).
    AlreadySaved,
    /// 409: the id is taken by another text.
    Conflict(String),
    /// 400, 403, 413, 422...: refused for good.
    Refused { status: u16, message: String },
    /// 401.
    Unauthorized(String),
    /// Network errors, timeouts, 5xx, 429: send it again later.
    Retry(String),
}

impl Client {
    /// Reads a join address: `http://HOST:PORT/` (the scheme may be left out; the path is
    /// ignored). `https` is refused with the reason.
    pub fn new(url: &str) -> Result<Client, String> {
        let url = url.trim();
        let lower = url.to_ascii_lowercase();
        let rest = if lower.starts_with("https://") {
            return Err(format!(
                "\"{url}\": hearth serve speaks plain HTTP on the local network; use the http:// address the facilitator shows"
            ));
        } else if lower.starts_with("http://") {
            &url[7..]
        } else if lower.contains("://") {
            return Err(format!(
                "\"{url}\" is not an http:// address; use the join address the facilitator shows (http://HOST:PORT/)"
            ));
        } else {
            url
        };
        let authority = rest.split(['/', '?', '#']).next().unwrap_or("");
        let bad = || {
            format!(
                "\"{url}\" is not a join address; it looks like http://192.168.1.20:7878/ (the facilitator's screen shows it)"
            )
        };
        if authority.is_empty() || authority.contains('@') {
            return Err(bad());
        }
        let (host, port) = if let Some(v6) = authority.strip_prefix('[') {
            let (h, after) = v6.split_once(']').ok_or_else(bad)?;
            match after {
                "" => (h, None),
                p => (h, Some(p.strip_prefix(':').ok_or_else(bad)?)),
            }
        } else {
            match authority.rsplit_once(':') {
                Some((h, p)) => (h, Some(p)),
                None => (authority, None),
            }
        };
        let port = match port {
            None => 80,
            Some(p) => match p.parse::<u16>() {
                Ok(n) if n > 0 => n,
                _ => return Err(bad()),
            },
        };
        let ok_host = !host.is_empty()
            && host.len() <= 253
            && host
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_' | ':'));
        if !ok_host || (host.contains(':') && !authority.starts_with('[')) {
            return Err(bad());
        }
        Ok(Client {
            host: host.to_ascii_lowercase(),
            port,
        })
    }

    /// "host:port", as the outbox is named.
    pub fn server(&self) -> String {
        if self.host.contains(':') {
            format!("[{}]:{}", self.host, self.port)
        } else {
            format!("{}:{}", self.host, self.port)
        }
    }

    /// The address for people: `http://host:port/`.
    pub fn url(&self) -> String {
        format!("http://{}/", self.server())
    }

    /// Connects and sends one request; the connection serves only it.
    async fn send(
        &self,
        method: Method,
        path: &str,
        bearer: Option<&str>,
        body: Option<Vec<u8>>,
    ) -> Result<Response<Incoming>, String> {
        let addr = (self.host.as_str(), self.port);
        let stream = match tokio::time::timeout(CONNECT_TIMEOUT, TcpStream::connect(addr)).await {
            Err(_) => return Err(format!("no answer from {} (timed out)", self.server())),
            Ok(Err(e)) => return Err(format!("cannot reach {}: {e}", self.server())),
            Ok(Ok(s)) => s,
        };
        let _ = stream.set_nodelay(true);
        let (mut sender, conn) =
            hyper::client::conn::http1::handshake::<_, Full<Bytes>>(TokioIo::new(stream))
                .await
                .map_err(|e| format!("cannot talk to {}: {e}", self.server()))?;
        tokio::spawn(async move {
            let _ = conn.await;
        });
        let mut builder = Request::builder()
            .method(method)
            .uri(path)
            .header(header::HOST, self.server())
            .header(header::USER_AGENT, "hearth-join");
        if let Some(t) = bearer {
            builder = builder.header(header::AUTHORIZATION, format!("Bearer {t}"));
        }
        let body = match body {
            Some(b) => {
                builder = builder.header(header::CONTENT_TYPE, "application/json");
                Full::new(Bytes::from(b))
            }
            None => Full::new(Bytes::new()),
        };
        let request = builder
            .body(body)
            .map_err(|e| format!("cannot build the request: {e}"))?;
        sender
            .send_request(request)
            .await
            .map_err(|e| format!("the connection to {} broke: {e}", self.server()))
    }

    /// One request and its whole reply, within [`REQUEST_TIMEOUT`] after connecting.
    async fn call(
        &self,
        method: Method,
        path: &str,
        bearer: Option<&str>,
        body: Option<Vec<u8>>,
    ) -> Result<(StatusCode, Bytes), String> {
        let work = async {
            let response = self.send(method, path, bearer, body).await?;
            let status = response.status();
            let bytes = Limited::new(response.into_body(), MAX_REPLY_BYTES)
                .collect()
                .await
                .map_err(|e| format!("the reply from {} broke off: {e}", self.server()))?
                .to_bytes();
            Ok((status, bytes))
        };
        match tokio::time::timeout(CONNECT_TIMEOUT + REQUEST_TIMEOUT, work).await {
            Ok(r) => r,
            Err(_) => Err(format!("{} did not reply in time", self.server())),
        }
    }

    async fn call_json<T: DeserializeOwned>(
        &self,
        method: Method,
        path: &str,
        bearer: Option<&str>,
        body: Option<Vec<u8>>,
    ) -> Result<T, CallError> {
        let (status, bytes) = self
            .call(method, path, bearer, body)
            .await
            .map_err(CallError::Retry)?;
        if !status.is_success() {
            return Err(classify(status, &bytes));
        }
        serde_json::from_slice(&bytes).map_err(|e| {
            CallError::Retry(format!(
                "an unexpected reply from {} ({e}); is this a hearth server of the same version?",
                self.server()
            ))
        })
    }

    /// `POST /api/join`: becomes a device of `group`.
    pub async fn join(
        &self,
        code: &str,
        group: &str,
        device_name: Option<&str>,
    ) -> Result<JoinReply, CallError> {
        let body = serde_json::to_vec(&JoinRequest {
            code: code.to_owned(),
            group: group.to_owned(),
            device_name: device_name.map(str::to_owned),
        })
        .map_err(|e| CallError::Retry(e.to_string()))?;
        self.call_json(Method::POST, "/api/join", None, Some(body))
            .await
    }

    /// `GET /api/groups` with the join code.
    pub async fn get_groups(&self, code: &str) -> Result<GroupsReply, CallError> {
        self.call_json(Method::GET, "/api/groups", Some(code), None)
            .await
    }

    /// `GET /api/session`: the current exercise and the group's answers to it.
    pub async fn session(&self, token: &str) -> Result<SessionReply, CallError> {
        self.call_json(Method::GET, "/api/session", Some(token), None)
            .await
    }

    /// `POST /api/contributions`. Safe to repeat: the server knows the id.
    pub async fn post(&self, token: &str, request: &ContributionRequest) -> PostOutcome {
        let body = match serde_json::to_vec(request) {
            Ok(b) => b,
            Err(e) => {
                return PostOutcome::Refused {
                    status: 0,
                    message: e.to_string(),
                };
            }
        };
        let (status, bytes) = match self
            .call(Method::POST, "/api/contributions", Some(token), Some(body))
            .await
        {
            Ok(r) => r,
            Err(reason) => return PostOutcome::Retry(reason),
        };
        match status {
            StatusCode::CREATED => PostOutcome::Saved,
            StatusCode::OK => PostOutcome::AlreadySaved,
            StatusCode::CONFLICT => PostOutcome::Conflict(error_message(status, &bytes)),
            _ => match classify(status, &bytes) {
                CallError::Unauthorized(m) => PostOutcome::Unauthorized(m),
                CallError::Refused { status, message } => PostOutcome::Refused { status, message },
                CallError::Retry(m) => PostOutcome::Retry(m),
            },
        }
    }

    /// `GET /api/events`: the server's event stream, once its headers have arrived.
    pub async fn events(&self, token: &str) -> Result<EventStream, CallError> {
        let response = match tokio::time::timeout(
            CONNECT_TIMEOUT + REQUEST_TIMEOUT,
            self.send(Method::GET, "/api/events", Some(token), None),
        )
        .await
        {
            Err(_) => {
                return Err(CallError::Retry(format!(
                    "{} did not reply in time",
                    self.server()
                )));
            }
            Ok(Err(reason)) => return Err(CallError::Retry(reason)),
            Ok(Ok(r)) => r,
        };
        let status = response.status();
        if !status.is_success() {
            let bytes = tokio::time::timeout(
                REQUEST_TIMEOUT,
                Limited::new(response.into_body(), 64 * 1024).collect(),
            )
            .await
            .ok()
            .and_then(Result::ok)
            .map(|c| c.to_bytes())
            .unwrap_or_default();
            return Err(classify(status, &bytes));
        }
        Ok(EventStream {
            body: response.into_body(),
            parser: SseParser::default(),
        })
    }
}

/// The message of an error reply (`{"error": …}`), or what the status says.
fn error_message(status: StatusCode, body: &[u8]) -> String {
    if let Ok(e) = serde_json::from_slice::<ErrorReply>(body) {
        return e.error;
    }
    let text = String::from_utf8_lossy(body);
    let text = text.trim();
    if text.is_empty() || text.len() > 300 {
        status.to_string()
    } else {
        text.to_owned()
    }
}

fn classify(status: StatusCode, body: &[u8]) -> CallError {
    let message = error_message(status, body);
    match status.as_u16() {
        401 => CallError::Unauthorized(message),
        408 | 429 => CallError::Retry(format!("the server is busy ({status}): {message}")),
        400..=499 => CallError::Refused {
            status: status.as_u16(),
            message,
        },
        500..=599 => CallError::Retry(format!("the server had a problem ({status}): {message}")),
        _ => CallError::Retry(format!("an unexpected reply ({status}): {message}")),
    }
}

/// Server-sent events as they arrive.
pub struct EventStream {
    body: Incoming,
    parser: SseParser,
}

impl EventStream {
    /// The next event; `Err` when the stream has ended or gone quiet (then reconnect).
    pub async fn next(&mut self) -> Result<Event, String> {
        loop {
            if let Some(ev) = self.parser.next_event() {
                return Ok(ev);
            }
            match tokio::time::timeout(EVENTS_IDLE_TIMEOUT, self.body.frame()).await {
                Err(_) => return Err("no word from the server for 40 s".into()),
                Ok(None) => return Err("the server closed the connection".into()),
                Ok(Some(Err(e))) => return Err(format!("the connection broke: {e}")),
                Ok(Some(Ok(frame))) => {
                    if let Ok(data) = frame.into_data() {
                        self.parser.feed(&data)?;
                    }
                }
            }
        }
    }
}

/// Parses `text/event-stream`: `event:` and `data:` lines, a blank line ends an event, lines
/// starting with `:` are comments (keep-alives).
#[derive(Debug, Default)]
pub struct SseParser {
    buf: Vec<u8>,
    /// Where the unread part of `buf` starts.
    start: usize,
    name: String,
    data: String,
    has_data: bool,
}

impl SseParser {
    pub fn feed(&mut self, bytes: &[u8]) -> Result<(), String> {
        if self.start > 0 && self.start * 2 >= self.buf.len() {
            self.buf.drain(..self.start);
            self.start = 0;
        }
        self.buf.extend_from_slice(bytes);
        if self.buf.len() - self.start + self.data.len() > MAX_EVENT_BYTES {
            return Err("an event from the server was too large".into());
        }
        Ok(())
    }

    /// The next complete event in what was fed; unknown or unreadable events are skipped.
    pub fn next_event(&mut self) -> Option<Event> {
        while let Some(i) = self.buf[self.start..].iter().position(|&b| b == b'\n') {
            let end = self.start + i;
            let mut line = &self.buf[self.start..end];
            self.start = end + 1;
            if let Some(l) = line.strip_suffix(b"\r") {
                line = l;
            }
            if line.is_empty() {
                let name = std::mem::take(&mut self.name);
                let data = std::mem::take(&mut self.data);
                if std::mem::take(&mut self.has_data)
                    && let Some(ev) = parse_event(&name, &data)
                {
                    return Some(ev);
                }
                continue;
            }
            if line.starts_with(b":") {
                continue;
            }
            let line = String::from_utf8_lossy(line);
            let (field, value) = match line.split_once(':') {
                Some((f, v)) => (f, v.strip_prefix(' ').unwrap_or(v)),
                None => (line.as_ref(), ""),
            };
            match field {
                "event" => self.name = value.to_owned(),
                "data" => {
                    if self.has_data {
                        self.data.push('\n');
                    }
                    self.data.push_str(value);
                    self.has_data = true;
                }
                _ => {}
            }
        }
        None
    }
}

fn parse_event(name: &str, data: &str) -> Option<Event> {
    if let Ok(ev) = serde_json::from_str::<Event>(data) {
        return Some(ev);
    }
    // Tolerate data without its "type": the SSE name says it.
    let mut value: serde_json::Value = serde_json::from_str(data).ok()?;
    let obj = value.as_object_mut()?;
    if obj.contains_key("type") || name.is_empty() {
        return None;
    }
    obj.insert("type".into(), serde_json::Value::String(name.to_owned()));
    serde_json::from_value(value).ok()
}

// ---------------------------------------------------------------- the link

/// Who this terminal is, for joining (and joining again when the server has forgotten it).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LinkConfig {
    pub code: String,
    pub group: String,
    pub device_name: Option<String>,
    /// Follow the event stream (the terminal does; a test of sending alone need not).
    pub events: bool,
}

/// What the link reports to the screen.
#[derive(Debug, Clone, PartialEq)]
pub enum LinkEvent {
    /// The server answered.
    Up,
    /// The server cannot be reached; the next try is in `retry_in`.
    Down {
        retry_in: Duration,
        reason: String,
    },
    Joined(JoinReply),
    Session(Box<SessionReply>),
    Event(Event),
    /// The server has the answer (`new`: saved by this send; otherwise by an earlier one).
    Saved {
        id: String,
        new: bool,
    },
    /// Refused for good; it stays in the outbox, marked.
    Refused {
        id: String,
        status: u16,
        message: String,
    },
    /// Nothing more will be sent: the device was revoked or the code is no longer accepted.
    /// The outbox keeps everything.
    SignedOut(String),
    /// The outbox could not be written; the link tries again.
    DiskError(String),
}

/// The running link: one task sending the outbox, one following events.
pub struct Link {
    wake: Arc<Notify>,
    task: tokio::task::JoinHandle<()>,
}

impl Link {
    /// Starts the link on the current tokio runtime.
    pub fn start(
        client: Client,
        outbox: Arc<Mutex<Outbox>>,
        config: LinkConfig,
        tx: UnboundedSender<LinkEvent>,
    ) -> Link {
        let wake = Arc::new(Notify::new());
        let token = {
            let o = lock(&outbox);
            o.device().filter(|d| !d.revoked).map(|d| d.token.clone())
        };
        let shared = Arc::new(Shared {
            client,
            outbox,
            config,
            tx,
            wake: wake.clone(),
            auth: tokio::sync::Mutex::new(Auth {
                token,
                stopped: None,
            }),
        });
        let task = tokio::spawn(async move {
            if shared.config.events {
                tokio::join!(send_loop(&shared), events_loop(&shared));
            } else {
                send_loop(&shared).await;
            }
        });
        Link { wake, task }
    }

    /// Something new is in the outbox.
    pub fn wake(&self) {
        self.wake.notify_one();
    }

    pub fn is_finished(&self) -> bool {
        self.task.is_finished()
    }

    /// Stops the link and waits until it has let go of the outbox.
    pub async fn stop(mut self) {
        self.task.abort();
        let _ = (&mut self.task).await;
    }
}

impl Drop for Link {
    fn drop(&mut self) {
        self.task.abort();
    }
}

struct Shared {
    client: Client,
    outbox: Arc<Mutex<Outbox>>,
    config: LinkConfig,
    tx: UnboundedSender<LinkEvent>,
    wake: Arc<Notify>,
    auth: tokio::sync::Mutex<Auth>,
}

struct Auth {
    token: Option<String>,
    /// Why nothing more is sent.
    stopped: Option<String>,
}

/// The outbox, even if a thread panicked while holding it (its state is only changed after a
/// successful write).
pub fn lock(outbox: &Mutex<Outbox>) -> std::sync::MutexGuard<'_, Outbox> {
    outbox
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
}

fn next_delay(d: Duration) -> Duration {
    (d * 2).min(BACKOFF_MAX)
}

impl Shared {
    fn report(&self, e: LinkEvent) {
        let _ = self.tx.send(e);
    }

    /// A token to call with: the known one, or a fresh join (retrying until the server
    /// answers). `Err` once the link has stopped.
    async fn token(&self) -> Result<String, String> {
        let mut auth = self.auth.lock().await;
        if let Some(r) = &auth.stopped {
            return Err(r.clone());
        }
        if let Some(t) = &auth.token {
            return Ok(t.clone());
        }
        let mut delay = BACKOFF_START;
        loop {
            let c = &self.config;
            match self
                .client
                .join(&c.code, &c.group, c.device_name.as_deref())
                .await
            {
                Ok(reply) => {
                    if let Err(e) = lock(&self.outbox).set_device(Device::from(reply.clone())) {
                        // Only costs another join after a restart.
                        self.report(LinkEvent::DiskError(e.to_string()));
                    }
                    auth.token = Some(reply.token.clone());
                    self.report(LinkEvent::Joined(reply.clone()));
                    self.report(LinkEvent::Up);
                    return Ok(reply.token);
                }
                Err(CallError::Retry(reason)) => {
                    self.report(LinkEvent::Down {
                        retry_in: delay,
                        reason,
                    });
                    tokio::time::sleep(delay).await;
                    delay = next_delay(delay);
                }
                Err(CallError::Unauthorized(m)) | Err(CallError::Refused { message: m, .. }) => {
                    let reason = format!(
                        "the join code was not accepted ({m}); ask the facilitator for the current code and run hearth join again — your unsent answers are kept"
                    );
                    auth.stopped = Some(reason.clone());
                    self.report(LinkEvent::SignedOut(reason.clone()));
                    return Err(reason);
                }
            }
        }
    }

    /// A 401 with `token`: forget it and join again, unless the device was revoked (then stop).
    /// Returns whether the link goes on.
    async fn unauthorized(&self, token: &str, message: &str) -> bool {
        let mut auth = self.auth.lock().await;
        if auth.stopped.is_some() {
            return false;
        }
        if message.to_lowercase().contains("revoked") {
            self.stop_revoked(&mut auth);
            return false;
        }
        if auth.token.as_deref() == Some(token) {
            auth.token = None;
        }
        true
    }

    fn stop_revoked(&self, auth: &mut Auth) {
        let reason = "the facilitator signed this terminal out; your unsent answers are kept on this machine and are sent when you run hearth join again".to_owned();
        {
            let mut o = lock(&self.outbox);
            if let Some(mut d) = o.device().cloned() {
                d.revoked = true;
                if let Err(e) = o.set_device(d) {
                    self.report(LinkEvent::DiskError(e.to_string()));
                }
            }
        }
        auth.token = None;
        auth.stopped = Some(reason.clone());
        self.report(LinkEvent::SignedOut(reason));
    }
}

/// Sends the oldest waiting answer until the server has it, then the next; waits when there
/// is none.
async fn send_loop(s: &Shared) {
    let mut delay = BACKOFF_START;
    loop {
        let next = lock(&s.outbox).next_pending().cloned();
        let Some(request) = next else {
            s.wake.notified().await;
            continue;
        };
        let Ok(token) = s.token().await else {
            return;
        };
        match s.client.post(&token, &request).await {
            outcome @ (PostOutcome::Saved | PostOutcome::AlreadySaved) => {
                delay = BACKOFF_START;
                s.report(LinkEvent::Up);
                let acked = lock(&s.outbox).ack(&request.id);
                match acked {
                    Ok(_) => s.report(LinkEvent::Saved {
                        id: request.id,
                        new: outcome == PostOutcome::Saved,
                    }),
                    Err(e) => {
                        // It will be sent again and answered 200; nothing is lost.
                        s.report(LinkEvent::DiskError(e.to_string()));
                        tokio::time::sleep(BACKOFF_MAX).await;
                    }
                }
            }
            PostOutcome::Conflict(message) => refused(s, &request.id, 409, message).await,
            PostOutcome::Refused { status, message } => {
                refused(s, &request.id, status, message).await
            }
            PostOutcome::Unauthorized(message) => {
                if !s.unauthorized(&token, &message).await {
                    return;
                }
            }
            PostOutcome::Retry(reason) => {
                s.report(LinkEvent::Down {
                    retry_in: delay,
                    reason,
                });
                // A new answer does not cut the wait short: the server is what we wait for.
                tokio::time::sleep(delay).await;
                delay = next_delay(delay);
            }
        }
    }
}

async fn refused(s: &Shared, id: &str, status: u16, message: String) {
    s.report(LinkEvent::Up);
    let failed = lock(&s.outbox).fail(id, status, &message);
    match failed {
        Ok(()) => s.report(LinkEvent::Refused {
            id: id.to_owned(),
            status,
            message,
        }),
        Err(e) => {
            s.report(LinkEvent::DiskError(e.to_string()));
            tokio::time::sleep(BACKOFF_MAX).await;
        }
    }
}

/// Follows the event stream; after each (re)connection reads the session afresh, so nothing
/// missed while away stays missing.
async fn events_loop(s: &Shared) {
    let mut delay = BACKOFF_START;
    loop {
        let Ok(token) = s.token().await else {
            return;
        };
        let reason = match s.client.events(&token).await {
            Ok(mut stream) => match s.client.session(&token).await {
                Ok(reply) => {
                    delay = BACKOFF_START;
                    s.report(LinkEvent::Session(Box::new(reply)));
                    s.report(LinkEvent::Up);
                    match follow(s, &token, &mut stream).await {
                        Some(reason) => reason,
                        None => return,
                    }
                }
                Err(CallError::Unauthorized(m)) => {
                    if !s.unauthorized(&token, &m).await {
                        return;
                    }
                    continue;
                }
                Err(e) => e.to_string(),
            },
            Err(CallError::Unauthorized(m)) => {
                if !s.unauthorized(&token, &m).await {
                    return;
                }
                continue;
            }
            Err(e) => e.to_string(),
        };
        s.report(LinkEvent::Down {
            retry_in: delay,
            reason,
        });
        tokio::time::sleep(delay).await;
        delay = next_delay(delay);
    }
}

/// Passes events on until the stream ends (`Some(why)`) or the device is revoked (`None`).
async fn follow(s: &Shared, token: &str, stream: &mut EventStream) -> Option<String> {
    loop {
        let ev = match stream.next().await {
            Ok(ev) => ev,
            Err(reason) => return Some(reason),
        };
        match ev {
            Event::Revoked => {
                let mut auth = s.auth.lock().await;
                s.stop_revoked(&mut auth);
                return None;
            }
            Event::Agenda { .. } => {
                s.report(LinkEvent::Event(ev));
                // The new exercise's answers come with the session.
                match s.client.session(token).await {
                    Ok(reply) => s.report(LinkEvent::Session(Box::new(reply))),
                    Err(e) => return Some(e.to_string()),
                }
            }
            ev => s.report(LinkEvent::Event(ev)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::net::api::Answer;
    use crate::net::outbox::Device;

    #[test]
    fn join_addresses() {
        let c = Client::new("http://192.168.1.20:7878/").unwrap();
        assert_eq!(c.server(), "192.168.1.20:7878");
        assert_eq!(c.url(), "http://192.168.1.20:7878/");
        assert_eq!(
            Client::new("HTTP://Laptop.local:80").unwrap().server(),
            "laptop.local:80"
        );
        assert_eq!(
            Client::new("10.0.0.5:9000").unwrap().server(),
            "10.0.0.5:9000"
        );
        assert_eq!(Client::new("http://host/").unwrap().server(), "host:80");
        assert_eq!(
            Client::new("http://[::1]:7878/").unwrap().server(),
            "[::1]:7878"
        );
        assert_eq!(
            Client::new("http://10.0.0.5:7878/?code=x")
                .unwrap()
                .server(),
            "10.0.0.5:7878"
        );
        let https = Client::new("https://10.0.0.5:7878/").unwrap_err();
        assert!(https.contains("plain HTTP on the local network"), "{https}");
        for bad in [
            "",
            "http://",
            "http://host:0/",
            "http://host:99999/",
            "http://host:x/",
            "ftp://host/",
            "http://user@host/",
            "http://ho st/",
            "http://::1/",
            "http://[::1/",
            "http://夢/",
        ] {
            assert!(Client::new(bad).is_err(), "{bad:?} is refused");
        }
    }

    #[test]
    fn server_sent_events_in_pieces_with_comments() {
        let answer = Event::Answer {
            answer: Answer {
                id: "a1".into(),
                exercise: "pathways".into(),
                slot: "q4".into(),
                group: Some("Table 1".into()),
                text: "line one\nline two 夢".into(),
                fields: Default::default(),
                at: "2026-01-01T00:00:00Z".into(),
            },
        };
        let stream = format!(
            ": keep-alive\n\nevent: answer\ndata: {}\n\nevent: removed\r\ndata: {{\"type\":\"removed\",\"id\":\"a1\"}}\r\n\r\nevent: future\ndata: {{\"type\":\"future\"}}\n\nevent: removed\ndata: {{\"id\":\"a2\"}}\n\n",
            serde_json::to_string(&answer).unwrap()
        );
        let bytes = stream.as_bytes();
        // Fed in awkward pieces, even inside a multi-byte character.
        for size in [1, 2, 3, 7, 64, bytes.len()] {
            let mut p = SseParser::default();
            let mut got = Vec::new();
            for chunk in bytes.chunks(size) {
                p.feed(chunk).unwrap();
                while let Some(ev) = p.next_event() {
                    got.push(ev);
                }
            }
            assert_eq!(
                got,
                vec![
                    answer.clone(),
                    Event::Removed { id: "a1".into() },
                    Event::Removed { id: "a2".into() }
                ],
                "chunks of {size}"
            );
        }
    }

    #[test]
    fn replies_are_classified() {
        let body = br#"{"error":"this device was revoked"}"#;
        assert_eq!(
            classify(StatusCode::UNAUTHORIZED, body),
            CallError::Unauthorized("this device was revoked".into())
        );
        assert!(matches!(
            classify(StatusCode::UNPROCESSABLE_ENTITY, b"{\"error\":\"no slot q9\"}"),
            CallError::Refused { status: 422, message } if message == "no slot q9"
        ));
        for s in [429, 500, 502, 503, 408] {
            let status = StatusCode::from_u16(s).unwrap();
            assert!(matches!(classify(status, b""), CallError::Retry(_)), "{s}");
        }
        assert_eq!(
            error_message(StatusCode::BAD_GATEWAY, &[0xff; 400]),
            "502 Bad Gateway"
        );
    }

    #[test]
    fn an_unreachable_server_is_a_retry() {
        let rt = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .unwrap();
        // A port nothing listens on: bind one, note it, close it.
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let c = Client::new(&format!("http://127.0.0.1:{port}/")).unwrap();
        let r = ContributionRequest {
            id: "x".into(),
            exercise: "e".into(),
            slot: "s".into(),
            group: "g".into(),
            text: "t".into(),
            fields: Default::default(),
        };
        assert!(matches!(
            rt.block_on(c.post("t", &r)),
            PostOutcome::Retry(_)
        ));
        assert!(matches!(
            rt.block_on(c.join("code", "g", None)),
            Err(CallError::Retry(_))
        ));
    }

    /// A stand-in server: answers each request with `reply(method, path, bearer)`.
    async fn fake_server(
        reply: impl Fn(&str, &str, &str) -> (u16, String) + Send + 'static,
    ) -> u16 {
        use tokio::io::{AsyncReadExt, AsyncWriteExt};
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let port = listener.local_addr().unwrap().port();
        tokio::spawn(async move {
            while let Ok((mut s, _)) = listener.accept().await {
                let mut buf = Vec::new();
                let mut chunk = [0u8; 4096];
                let head_end = loop {
                    if let Some(i) = buf.windows(4).position(|w| w == b"\r\n\r\n") {
                        break i + 4;
                    }
                    match s.read(&mut chunk).await {
                        Ok(0) | Err(_) => break 0,
                        Ok(n) => buf.extend_from_slice(&chunk[..n]),
                    }
                };
                let head = String::from_utf8_lossy(&buf[..head_end]).to_string();
                let length: usize = head
                    .lines()
                    .find_map(|l| {
                        l.to_ascii_lowercase()
                            .strip_prefix("content-length:")
                            .map(|v| v.trim().parse().unwrap_or(0))
                    })
                    .unwrap_or(0);
                while buf.len() < head_end + length {
                    match s.read(&mut chunk).await {
                        Ok(0) | Err(_) => break,
                        Ok(n) => buf.extend_from_slice(&chunk[..n]),
                    }
                }
                let mut first = head.split_whitespace();
                let (method, path) = (first.next().unwrap_or(""), first.next().unwrap_or(""));
                let bearer = head
                    .lines()
                    .find_map(|l| {
                        l.strip_prefix("authorization: Bearer ")
                            .or_else(|| l.strip_prefix("Authorization: Bearer "))
                    })
                    .unwrap_or("")
                    .trim()
                    .to_owned();
                let (status, body) = reply(method, path, &bearer);
                let response = format!(
                    "HTTP/1.1 {status} X\r\ncontent-type: application/json\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{body}",
                    body.len()
                );
                let _ = s.write_all(response.as_bytes()).await;
                let _ = s.shutdown().await;
            }
        });
        port
    }

    #[test]
    fn a_forgotten_token_joins_again_and_a_revoked_device_stops_keeping_the_rest() {
        let rt = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .unwrap();
        let dir = tempfile::tempdir().unwrap();
        rt.block_on(async {
            let posts = Arc::new(Mutex::new(Vec::<String>::new()));
            let seen = Arc::clone(&posts);
            let port = fake_server(move |method, path, bearer| {
                let error = |m: &str| format!("{{\"error\":\"{m}\"}}");
                match (method, path, bearer) {
                    ("POST", "/api/join", _) => (
                        201,
                        r#"{"device":"d2","token":"new","group":"G"}"#.into(),
                    ),
                    ("POST", "/api/contributions", "new") => {
                        let mut p = seen.lock().unwrap();
                        p.push(bearer.to_owned());
                        if p.len() == 1 {
                            (201, r#"{"id":"x","saved":true}"#.into())
                        } else {
                            (401, error("this device was revoked by the facilitator"))
                        }
                    }
                    _ => (401, error("wrong or missing join code")),
                }
            })
            .await;
            let client = Client::new(&format!("http://127.0.0.1:{port}/")).unwrap();
            let (mut outbox, _) = Outbox::open(dir.path(), &client.server(), "G").unwrap();
            outbox
                .set_device(Device {
                    device: "d1".into(),
                    token: "old".into(),
                    group: "G".into(),
                    revoked: false,
                })
                .unwrap();
            for id in ["one", "two"] {
                outbox
                    .push(ContributionRequest {
                        id: id.into(),
                        exercise: "e".into(),
                        slot: "s".into(),
                        group: "G".into(),
                        text: id.into(),
                        fields: Default::default(),
                    })
                    .unwrap();
            }
            let outbox = Arc::new(Mutex::new(outbox));
            let (tx, mut rx) = tokio::sync::mpsc::unbounded_channel();
            let link = Link::start(
                client,
                Arc::clone(&outbox),
                LinkConfig {
                    code: "CODE".into(),
                    group: "G".into(),
                    device_name: None,
                    events: false,
                },
                tx,
            );
            let mut news = Vec::new();
            while let Ok(Some(e)) =
                tokio::time::timeout(Duration::from_secs(10), rx.recv()).await
            {
                let stop = matches!(e, LinkEvent::SignedOut(_));
                news.push(e);
                if stop {
                    break;
                }
            }
            link.stop().await;
            assert!(news.iter().any(|e| matches!(e, LinkEvent::Joined(r) if r.token == "new")), "{news:?}");
            assert!(news.contains(&LinkEvent::Saved { id: "one".into(), new: true }), "{news:?}");
            assert!(matches!(news.last(), Some(LinkEvent::SignedOut(r)) if r.contains("signed this terminal out")), "{news:?}");
            let o = lock(&outbox);
            assert_eq!(o.entries().len(), 1, "the unsent one is kept");
            assert_eq!(o.entries()[0].request.id, "two");
            assert_eq!(o.entries()[0].failed, None, "not refused: it waits for a new join");
            assert!(o.device().is_some_and(|d| d.revoked && d.token == "new"));
        });
    }
}
