//! The `hearth join` side of the wire: a small HTTP/1.1 client for the `hearth serve` API
//! (here), the server's event stream (`sse`), and the link that keeps a note-taker's terminal in
//! step with the server (`link`).

use std::time::Duration;

use http_body_util::{BodyExt, Full, Limited};
use hyper::body::{Bytes, Incoming};
use hyper::{Method, Request, Response, StatusCode, header};
use hyper_util::rt::TokioIo;
use serde::de::DeserializeOwned;
use tokio::net::TcpStream;

use super::api::{
    ContributionRequest, ErrorReply, GroupsReply, JoinReply, JoinRequest, SessionReply,
};

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
        Ok(EventStream::new(response.into_body()))
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
mod link;
mod sse;

pub use link::{Link, LinkConfig, LinkEvent, lock};
pub use sse::{EventStream, SseParser};

#[cfg(test)]
mod fake;

#[cfg(test)]
mod tests {
    use super::*;

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
}
