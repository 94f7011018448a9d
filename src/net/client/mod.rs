//! The `hearth join` side of the wire: a small HTTP/1.1 client for the `hearth serve` API
//! (here), the server's event stream (`sse`), the link that keeps a note-taker's terminal in
//! step with the server (`link`), and what can go wrong (`error`).

use std::time::Duration;

use http_body_util::{BodyExt, Full, Limited};
use hyper::body::{Bytes, Incoming};
use hyper::{Method, Request, Response, StatusCode, header};
use hyper_util::rt::TokioIo;
use serde::de::DeserializeOwned;
use tokio::net::TcpStream;

use super::api::{
    BallotRequest, ContributionRequest, ErrorReply, GroupsReply, JoinReply, JoinRequest,
    SessionReply,
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

/// What became of a `POST /api/contributions` (or `POST /api/ballot`) the server accepted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Posted {
    /// 201: saved now.
    Saved,
    /// 200: it had been saved already (an earlier send whose reply was lost; for a ballot, the
    /// same ballot is already counted).
    AlreadySaved,
}

impl Client {
    /// Reads a join address: `http://HOST:PORT/` (the scheme may be left out; the path is
    /// ignored). `https` is refused with the reason.
    pub fn new(url: &str) -> Result<Client, AddressError> {
        let url = url.trim();
        let lower = url.to_ascii_lowercase();
        let rest = if lower.starts_with("https://") {
            return Err(AddressError::Https { url: url.into() });
        } else if lower.starts_with("http://") {
            &url[7..]
        } else if lower.contains("://") {
            return Err(AddressError::NotHttp { url: url.into() });
        } else {
            url
        };
        let authority = rest.split(['/', '?', '#']).next().unwrap_or("");
        let bad = || AddressError::Malformed { url: url.into() };
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
    ) -> Result<Response<Incoming>, ClientError> {
        let server = || self.server();
        let addr = (self.host.as_str(), self.port);
        let stream = match tokio::time::timeout(CONNECT_TIMEOUT, TcpStream::connect(addr)).await {
            Err(_) => return Err(ClientError::ConnectTimeout { server: server() }),
            Ok(Err(source)) => {
                return Err(ClientError::CannotConnect {
                    server: server(),
                    source,
                });
            }
            Ok(Ok(s)) => s,
        };
        let _ = stream.set_nodelay(true);
        let (mut sender, conn) =
            hyper::client::conn::http1::handshake::<_, Full<Bytes>>(TokioIo::new(stream))
                .await
                .map_err(|source| ClientError::Handshake {
                    server: server(),
                    source,
                })?;
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
        let request = builder.body(body).map_err(ClientError::Request)?;
        sender
            .send_request(request)
            .await
            .map_err(|source| ClientError::ConnectionBroke {
                server: server(),
                source,
            })
    }

    /// One request and its whole reply, within [`REQUEST_TIMEOUT`] after connecting.
    async fn call(
        &self,
        method: Method,
        path: &str,
        bearer: Option<&str>,
        body: Option<Vec<u8>>,
    ) -> Result<(StatusCode, Bytes), ClientError> {
        let work = async {
            let response = self.send(method, path, bearer, body).await?;
            let status = response.status();
            let bytes = Limited::new(response.into_body(), MAX_REPLY_BYTES)
                .collect()
                .await
                .map_err(|source| ClientError::ReplyBroke {
                    server: self.server(),
                    source,
                })?
                .to_bytes();
            Ok((status, bytes))
        };
        match tokio::time::timeout(CONNECT_TIMEOUT + REQUEST_TIMEOUT, work).await {
            Ok(r) => r,
            Err(_) => Err(ClientError::ReplyTimeout {
                server: self.server(),
            }),
        }
    }

    async fn call_json<T: DeserializeOwned>(
        &self,
        method: Method,
        path: &str,
        bearer: Option<&str>,
        body: Option<Vec<u8>>,
    ) -> Result<T, ClientError> {
        let (status, bytes) = self.call(method, path, bearer, body).await?;
        if !status.is_success() {
            return Err(classify(status, &bytes));
        }
        serde_json::from_slice(&bytes).map_err(|source| ClientError::Malformed {
            server: self.server(),
            source,
        })
    }

    /// `POST /api/join`: becomes a device of `group`.
    pub async fn join(
        &self,
        code: &str,
        group: &str,
        device_name: Option<&str>,
    ) -> Result<JoinReply, ClientError> {
        let body = serde_json::to_vec(&JoinRequest {
            code: code.to_owned(),
            group: group.to_owned(),
            device_name: device_name.map(str::to_owned),
        })
        .map_err(ClientError::Encode)?;
        self.call_json(Method::POST, "/api/join", None, Some(body))
            .await
    }

    /// `GET /api/groups` with the join code.
    pub async fn get_groups(&self, code: &str) -> Result<GroupsReply, ClientError> {
        self.call_json(Method::GET, "/api/groups", Some(code), None)
            .await
    }

    /// `GET /api/session`: the current exercise and the group's answers to it.
    pub async fn session(&self, token: &str) -> Result<SessionReply, ClientError> {
        self.call_json(Method::GET, "/api/session", Some(token), None)
            .await
    }

    /// `POST /api/contributions`. Safe to repeat: the server knows the id. A 409 (the id is
    /// taken by another text) is [`ClientError::Conflict`].
    pub async fn post(
        &self,
        token: &str,
        request: &ContributionRequest,
    ) -> Result<Posted, ClientError> {
        let body = serde_json::to_vec(request).map_err(ClientError::Encode)?;
        let (status, bytes) = self
            .call(Method::POST, "/api/contributions", Some(token), Some(body))
            .await?;
        match status {
            StatusCode::CREATED => Ok(Posted::Saved),
            StatusCode::OK => Ok(Posted::AlreadySaved),
            _ => Err(classify(status, &bytes)),
        }
    }

    /// `POST /api/ballot`: this device's ballot in an open round; it replaces the device's
    /// earlier one. A refusal (a closed round, too many dots) is [`ClientError::Refused`] with
    /// the server's message.
    pub async fn cast(&self, token: &str, request: &BallotRequest) -> Result<Posted, ClientError> {
        let body = serde_json::to_vec(request).map_err(ClientError::Encode)?;
        let (status, bytes) = self
            .call(Method::POST, "/api/ballot", Some(token), Some(body))
            .await?;
        match status {
            StatusCode::CREATED => Ok(Posted::Saved),
            StatusCode::OK => Ok(Posted::AlreadySaved),
            _ => Err(classify(status, &bytes)),
        }
    }

    /// `GET /api/events`: the server's event stream, once its headers have arrived.
    pub async fn events(&self, token: &str) -> Result<EventStream, ClientError> {
        let response = match tokio::time::timeout(
            CONNECT_TIMEOUT + REQUEST_TIMEOUT,
            self.send(Method::GET, "/api/events", Some(token), None),
        )
        .await
        {
            Err(_) => {
                return Err(ClientError::ReplyTimeout {
                    server: self.server(),
                });
            }
            Ok(r) => r?,
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

/// What an error reply means. A 401's message says which of "wrong" and "revoked" it is (as
/// docs/serve.md promises); this is the one place that reads it.
fn classify(status: StatusCode, body: &[u8]) -> ClientError {
    let message = error_message(status, body);
    let code = status.as_u16();
    match code {
        401 if message.to_lowercase().contains("revoked") => ClientError::Revoked { message },
        401 => ClientError::WrongCode { message },
        408 | 429 => ClientError::Busy {
            status: code,
            message,
        },
        409 => ClientError::Conflict { message },
        400..=499 => ClientError::Refused {
            status: code,
            message,
        },
        500..=599 => ClientError::Server {
            status: code,
            message,
        },
        _ => ClientError::UnexpectedStatus {
            status: code,
            message,
        },
    }
}

mod error;
mod link;
mod sse;

pub use error::{AddressError, ClientError};
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
        assert!(
            https
                .to_string()
                .contains("plain HTTP on the local network"),
            "{https}"
        );
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
        let reply = |m: &str| serde_json::to_vec(&ErrorReply { error: m.into() }).unwrap();
        // The server's own 401 messages: a revoked device is told from a wrong code.
        assert!(matches!(
            classify(StatusCode::UNAUTHORIZED, &reply(crate::net::api::REVOKED)),
            ClientError::Revoked { message } if message == crate::net::api::REVOKED
        ));
        assert!(matches!(
            classify(StatusCode::UNAUTHORIZED, &reply(crate::net::api::WRONG_CODE)),
            ClientError::WrongCode { message } if message == crate::net::api::WRONG_CODE
        ));
        assert!(matches!(
            classify(StatusCode::UNPROCESSABLE_ENTITY, &reply("no slot q9")),
            ClientError::Refused { status: 422, message } if message == "no slot q9"
        ));
        assert!(matches!(
            classify(StatusCode::CONFLICT, &reply("taken")),
            ClientError::Conflict { message } if message == "taken"
        ));
        let busy = classify(
            StatusCode::TOO_MANY_REQUESTS,
            &reply("too many wrong codes from this address: try again in 30 s"),
        );
        assert!(
            matches!(busy, ClientError::Busy { status: 429, .. }),
            "{busy:?}"
        );
        assert_eq!(
            busy.to_string(),
            "the server is busy (429 Too Many Requests): too many wrong codes from this address: try again in 30 s"
        );
        assert!(matches!(
            classify(StatusCode::REQUEST_TIMEOUT, b""),
            ClientError::Busy { status: 408, .. }
        ));
        for s in [500, 502, 503] {
            let status = StatusCode::from_u16(s).unwrap();
            assert!(
                matches!(classify(status, b""), ClientError::Server { status, .. } if status == s),
                "{s}"
            );
        }
        assert!(matches!(
            classify(StatusCode::FOUND, b""),
            ClientError::UnexpectedStatus { status: 302, .. }
        ));
        assert_eq!(
            error_message(StatusCode::BAD_GATEWAY, &[0xff; 400]),
            "502 Bad Gateway"
        );
    }

    #[test]
    fn join_addresses_that_cannot_be_used_say_why() {
        let https = Client::new("https://10.0.0.5:7878/").unwrap_err();
        assert!(matches!(&https, AddressError::Https { url } if url == "https://10.0.0.5:7878/"));
        assert!(
            https.to_string().contains("use the http:// address"),
            "{https}"
        );
        let ftp = Client::new("ftp://host/").unwrap_err();
        assert!(matches!(ftp, AddressError::NotHttp { .. }), "{ftp:?}");
        assert!(ftp.to_string().contains("http://HOST:PORT/"), "{ftp}");
        let port = Client::new("http://host:99999/").unwrap_err();
        assert!(matches!(port, AddressError::Malformed { .. }), "{port:?}");
        assert!(
            port.to_string()
                .contains("the facilitator's screen shows it"),
            "{port}"
        );
    }

    fn runtime() -> tokio::runtime::Runtime {
        tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .unwrap()
    }

    #[test]
    fn a_closed_port_cannot_be_connected_to() {
        let rt = runtime();
        // A port nothing listens on: bind one, note it, close it.
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let c = Client::new(&format!("http://127.0.0.1:{port}/")).unwrap();
        let r = ContributionRequest {
            parent: None,
            id: "x".into(),
            exercise: "e".into(),
            slot: "s".into(),
            group: "g".into(),
            text: "t".into(),
            fields: Default::default(),
        };
        let posted = rt.block_on(c.post("t", &r));
        assert!(
            matches!(&posted, Err(ClientError::CannotConnect { server, .. }) if *server == c.server()),
            "{posted:?}"
        );
        let joined = rt.block_on(c.join("code", "g", None)).unwrap_err();
        assert!(
            matches!(joined, ClientError::CannotConnect { .. }),
            "{joined:?}"
        );
        let said = joined.to_string();
        assert!(
            said.starts_with(&format!("cannot reach 127.0.0.1:{port}: ")),
            "{said}"
        );
        assert!(said.contains("Is hearth serve running there"), "{said}");
        assert!(
            std::error::Error::source(&joined).is_some(),
            "the OS error is kept"
        );
    }

    #[test]
    fn a_reply_that_is_not_the_api_is_malformed_and_a_409_is_a_conflict() {
        let rt = runtime();
        rt.block_on(async {
            let port = fake::fake_server(|_, path, _| match path {
                "/api/contributions" => (409, r#"{"error":"the id x is taken"}"#.into()),
                _ => (200, "<html>a router's page</html>".into()),
            })
            .await;
            let c = Client::new(&format!("http://127.0.0.1:{port}/")).unwrap();
            let e = c.session("t").await.unwrap_err();
            assert!(matches!(e, ClientError::Malformed { .. }), "{e:?}");
            assert!(e.to_string().contains("same version"), "{e}");
            let r = ContributionRequest {
                parent: None,
                id: "x".into(),
                exercise: "e".into(),
                slot: "s".into(),
                group: "g".into(),
                text: "t".into(),
                fields: Default::default(),
            };
            let e = c.post("t", &r).await.unwrap_err();
            assert!(
                matches!(&e, ClientError::Conflict { message } if message == "the id x is taken"),
                "{e:?}"
            );
        });
    }
    #[test]
    fn a_ballot_is_counted_on_201_or_200_and_a_refusal_keeps_the_servers_message() {
        let rt = runtime();
        rt.block_on(async {
            let port = fake::fake_server(|method, path, bearer| {
                assert_eq!((method, path), ("POST", "/api/ballot"));
                match bearer {
                    "new" => (201, r#"{"round":"r1","counted":true}"#.into()),
                    "same" => (200, r#"{"round":"r1","counted":true}"#.into()),
                    _ => (
                        422,
                        r#"{"error":"4 dots given; each voter has 3 in this round"}"#.into(),
                    ),
                }
            })
            .await;
            let c = Client::new(&format!("http://127.0.0.1:{port}/")).unwrap();
            let ballot = BallotRequest {
                round: "r1".into(),
                dots: Some(vec!["a".into(), "a".into(), "b".into()]),
                ratings: None,
            };
            assert_eq!(c.cast("new", &ballot).await.unwrap(), Posted::Saved);
            assert_eq!(c.cast("same", &ballot).await.unwrap(), Posted::AlreadySaved);
            let e = c.cast("over", &ballot).await.unwrap_err();
            assert!(
                matches!(&e, ClientError::Refused { status: 422, message }
                    if message == "4 dots given; each voter has 3 in this round"),
                "{e:?}"
            );
        });
    }
}
