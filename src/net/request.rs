//! Who a request comes from: the address of its connection and the credential it carries.

use std::net::{IpAddr, SocketAddr};

use axum::extract::Request;
use axum::http::{HeaderMap, header};

use super::api::DEVICE_COOKIE;

/// The address the request came from, put in by the connection.
#[derive(Debug, Clone, Copy)]
pub(super) struct Peer(pub(super) SocketAddr);

/// The address of the connection a request came on.
pub(super) fn peer_ip(req: &Request) -> Option<IpAddr> {
    req.extensions().get::<Peer>().map(|p| p.0.ip())
}

/// The device token in the page's cookie.
pub(super) fn cookie(headers: &HeaderMap) -> Option<String> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|kv| kv.trim().split_once('='))
        .find(|(k, _)| *k == DEVICE_COOKIE)
        .map(|(_, v)| v.to_owned())
}

/// The device token or join code a request carries: `Authorization: Bearer …`, else the
/// page's cookie.
pub(super) fn credential(headers: &HeaderMap) -> Option<String> {
    let bearer = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| {
            v.strip_prefix("Bearer ")
                .or_else(|| v.strip_prefix("bearer "))
        })
        .map(|v| v.trim().to_owned());
    bearer.or_else(|| cookie(headers))
}
