//! What one server allows: connections, timeouts and wrong codes.

use std::time::Duration;

use super::guesses::GuessLimits;

/// Limits of one server.
#[derive(Debug, Clone)]
pub struct Limits {
    /// Open connections at once (`net::admission` says who is closed to make room).
    pub max_connections: usize,
    /// Of those, connections that have not shown a valid device token (yet); the rest is
    /// kept for devices.
    pub anonymous_connections: usize,
    /// Connections without a device token from one address.
    pub anonymous_per_address: usize,
    /// Connections of one device (a phone with a few tabs: each tab's live stream and its
    /// requests). Past it the device's oldest connection is closed (idle ones first, then
    /// its oldest live stream), and the facilitator is told once.
    pub per_device_connections: usize,
    /// A connection without a device token and no request in progress is closed after this
    /// long (it must send its next request's headers within it).
    pub anonymous_timeout: Duration,
    /// Time to send a request's headers.
    pub header_timeout: Duration,
    /// Time to send a request's body.
    pub body_timeout: Duration,
    /// A connection with nothing sent either way for this long is closed.
    pub idle_timeout: Duration,
    /// A live stream sends a keep-alive comment this often.
    pub keep_alive: Duration,
    /// Wrong join codes: per address and for the whole server.
    pub guesses: GuessLimits,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_connections: 512,
            anonymous_connections: 384,
            anonymous_per_address: 16,
            per_device_connections: 8,
            anonymous_timeout: Duration::from_secs(5),
            header_timeout: Duration::from_secs(10),
            body_timeout: Duration::from_secs(15),
            idle_timeout: Duration::from_secs(60),
            keep_alive: Duration::from_secs(15),
            guesses: GuessLimits::default(),
        }
    }
}
