//! What can go wrong between `hearth join` and `hearth serve`, each saying what to do. The
//! variants tell apart what a caller does differently: try again later (the connection, a busy
//! or failing server), join again or stop (the code or the device is not accepted), or give up
//! on one answer (refused for good).

use super::{CONNECT_TIMEOUT, EVENTS_IDLE_TIMEOUT, MAX_EVENT_BYTES, REQUEST_TIMEOUT};

/// Why a join address cannot be used.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum AddressError {
    #[error(
        "\"{url}\": hearth serve speaks plain HTTP on the local network; use the http:// address the facilitator shows"
    )]
    Https { url: String },
    #[error(
        "\"{url}\" is not an http:// address; use the join address the facilitator shows (http://HOST:PORT/)"
    )]
    NotHttp { url: String },
    #[error(
        "\"{url}\" is not a join address; it looks like http://192.168.1.20:7878/ (the facilitator's screen shows it)"
    )]
    Malformed { url: String },
}

/// Why a call to the server did not succeed.
#[derive(Debug, thiserror::Error)]
pub enum ClientError {
    // ---- the connection: try again later
    /// Nothing answered the connection: the server is not running there, or the address is
    /// wrong, or the network is down.
    #[error(
        "cannot reach {server}: {source}. Is hearth serve running there, and is this computer on the same network?"
    )]
    CannotConnect {
        server: String,
        #[source]
        source: std::io::Error,
    },
    #[error(
        "no answer from {server} within {} s. Is this computer on the same network as hearth serve?",
        CONNECT_TIMEOUT.as_secs()
    )]
    ConnectTimeout { server: String },
    /// Something answered, but not in HTTP/1.1.
    #[error("cannot talk to {server}: {source}. Is it hearth serve that listens there?")]
    Handshake {
        server: String,
        #[source]
        source: hyper::Error,
    },
    #[error("the connection to {server} broke: {source}")]
    ConnectionBroke {
        server: String,
        #[source]
        source: hyper::Error,
    },
    #[error("the reply from {server} broke off: {source}")]
    ReplyBroke {
        server: String,
        #[source]
        source: Box<dyn std::error::Error + Send + Sync>,
    },
    #[error(
        "{server} did not reply within {} s",
        (CONNECT_TIMEOUT + REQUEST_TIMEOUT).as_secs()
    )]
    ReplyTimeout { server: String },

    // ---- the server's answer
    /// 401: a wrong or missing join code, or a device token the server has forgotten. Join
    /// (again) with the current code.
    #[error("the join code was not accepted ({message})")]
    WrongCode { message: String },
    /// 401: the facilitator signed this device out. Nothing more is sent.
    #[error("the facilitator signed this terminal out ({message})")]
    Revoked { message: String },
    /// 408 or 429: the server asks to wait (too many wrong codes, or a request too slow).
    #[error("the server is busy ({}): {message}", status_text(*status))]
    Busy { status: u16, message: String },
    /// 409: the answer's id is taken by another text.
    #[error("another answer has this id ({message})")]
    Conflict { message: String },
    /// 4xx: refused for good; sending the same again will not help.
    #[error("refused ({status}): {message}")]
    Refused { status: u16, message: String },
    /// 5xx: the server had a problem; worth trying again later.
    #[error("the server had a problem ({}): {message}", status_text(*status))]
    Server { status: u16, message: String },
    /// A status the API does not use (1xx, 3xx).
    #[error("an unexpected reply ({}): {message}", status_text(*status))]
    UnexpectedStatus { status: u16, message: String },
    /// A reply that is not what the API says.
    #[error(
        "an unexpected reply from {server} ({source}); is this a hearth server of the same version?"
    )]
    Malformed {
        server: String,
        #[source]
        source: serde_json::Error,
    },

    // ---- the event stream: reconnect
    #[error(
        "no word from the server for {} s",
        EVENTS_IDLE_TIMEOUT.as_secs()
    )]
    StreamQuiet,
    #[error("the server closed the connection")]
    StreamClosed,
    #[error("the connection broke: {0}")]
    StreamBroke(#[source] hyper::Error),
    #[error(
        "an event from the server was larger than {} MiB; is this a hearth server of the same version?",
        MAX_EVENT_BYTES / (1024 * 1024)
    )]
    EventTooLarge,

    // ---- this side
    #[error("cannot write the request: {0}")]
    Encode(#[source] serde_json::Error),
    /// The request cannot be sent as asked (a code or token with control characters).
    #[error("cannot build the request ({0}); check the join code for control characters")]
    Request(#[source] hyper::http::Error),
}

/// "429 Too Many Requests", as the previous messages said it.
fn status_text(status: u16) -> String {
    hyper::StatusCode::from_u16(status).map_or_else(|_| status.to_string(), |s| s.to_string())
}
