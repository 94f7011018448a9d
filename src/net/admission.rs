//! Which connections the server keeps: every connection is *anonymous* until one of its
//! requests carries a valid device token (header or cookie), and anonymous connections are
//! held to a share of the server, per address and as a whole, so that a flood of idle
//! connections cannot keep note-takers who already joined out.
//!
//! - At most [`Limits::max_connections`] are open. At most
//!   [`Limits::anonymous_connections`] of them anonymous (the rest is kept for devices), and
//!   at most [`Limits::anonymous_per_address`] from one address.
//! - A new connection that would pass one of those limits is let in, and the anonymous
//!   connection (of that address, or of anyone) that has waited longest is closed to make
//!   room: idle ones first (no request in progress), then, for the overall limits only, the
//!   least recently active. For one address's share, only connections idle for a second
//!   (new ones included) are closed, as many as it takes: one address's requests in
//!   progress, or just arriving, are never cut off for its share (a room behind one router
//!   may all join at once), while the overall limits still hold a flood of slow requests. A
//!   connection that showed a device token is never closed to make room; if all of them
//!   did, the new connection is closed at once.
//! - An anonymous connection with no request in progress is closed after
//!   [`Limits::anonymous_timeout`]: it must send its (next) request's headers within that
//!   time. Devices keep the longer timeouts of every connection.
//!
//! - One device keeps at most [`Limits::per_device_connections`] connections: when a request
//!   shows its token on one more, the device's oldest other connection is closed — idle ones
//!   first, then its oldest live stream — and the facilitator is told once per device. A
//!   revoked device's connections are all closed (a moment after it is told, so its live
//!   stream can say why).
//!
//! Credentials are only known once a request's headers are read, so a new connection always
//! starts anonymous; it cannot be refused for want of one before it had a chance to show it.

use std::collections::{HashMap, HashSet};
use std::convert::Infallible;
use std::net::{IpAddr, SocketAddr};
use std::pin::Pin;
use std::sync::atomic::{AtomicBool, AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, MutexGuard, OnceLock};
use std::task::{Context, Poll};
use std::time::{Duration, Instant};

use axum::Router;
use axum::body::Body;
use http_body_util::BodyExt;
use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::{Notify, broadcast, watch};

use super::api::MAX_BODY_BYTES;
use super::hub::{Hub, HubEvent};
use super::limits::Limits;
use super::request::{Peer, credential};

/// How often, at most, the facilitator is told that connections are being closed for room.
const WARN_EVERY: Duration = Duration::from_secs(60);
/// A new connection is not closed for its address's share before it had this long to send
/// its first request (at most half the anonymous timeout).
const GRACE: Duration = Duration::from_secs(1);

/// The open connections, and the limits they are held to.
#[derive(Debug)]
pub(super) struct Admission {
    limits: Limits,
    hub: Arc<Hub>,
    epoch: Instant,
    table: Mutex<Table>,
}

#[derive(Debug, Default)]
struct Table {
    next: u64,
    open: HashMap<u64, Entry>,
    anonymous: usize,
    anonymous_by_address: HashMap<IpAddr, usize>,
    /// Anonymous connections closed to make room since the facilitator was last told.
    closed_for_room: u64,
    warned_at: Option<Instant>,
    /// Devices the facilitator was told about for holding too many connections.
    warned_devices: HashSet<String>,
}

#[derive(Debug)]
struct Entry {
    address: IpAddr,
    link: Arc<Link>,
}

/// What a connection and the table share.
#[derive(Debug)]
struct Link {
    id: u64,
    /// A request on it carried a valid device token.
    trusted: AtomicBool,
    /// That token's device.
    device: OnceLock<String>,
    /// Requests in progress (a reply being sent counts until it is sent).
    active: AtomicUsize,
    /// Milliseconds since the epoch: when it opened, or its last request ended.
    quiet_since: AtomicU64,
    /// Milliseconds since the epoch: when anything last went through it.
    last: AtomicU64,
    close: Notify,
}

fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
}

impl Admission {
    pub(super) fn new(limits: Limits, hub: Arc<Hub>) -> Admission {
        Admission {
            limits,
            hub,
            epoch: Instant::now(),
            table: Mutex::new(Table::default()),
        }
    }

    fn now_ms(&self) -> u64 {
        u64::try_from(self.epoch.elapsed().as_millis()).unwrap_or(u64::MAX)
    }

    fn max_total(&self) -> usize {
        self.limits.max_connections.max(1)
    }

    fn max_anonymous(&self) -> usize {
        self.limits.anonymous_connections.clamp(1, self.max_total())
    }

    fn max_per_device(&self) -> usize {
        self.limits.per_device_connections.max(1)
    }

    fn max_per_address(&self) -> usize {
        self.limits
            .anonymous_per_address
            .clamp(1, self.max_anonymous())
    }

    /// Connections open now.
    pub(super) fn open(&self) -> usize {
        lock(&self.table).open.len()
    }

    /// Lets a new connection from `address` in (closing an anonymous one to make room if
    /// needed), or None if every connection belongs to a device.
    fn admit(&self, address: IpAddr) -> Option<Arc<Link>> {
        let now = self.now_ms();
        let mut table = lock(&self.table);
        let from_address = table
            .anonymous_by_address
            .get(&address)
            .copied()
            .unwrap_or(0);
        if from_address >= self.max_per_address() {
            // Only idle ones that had time to send a request: a room behind one router, all
            // joining at once, is not cut off (its requests end within the timeouts).
            let settled = now.saturating_sub(self.grace_ms());
            while table
                .anonymous_by_address
                .get(&address)
                .is_some_and(|&n| n >= self.max_per_address())
                && self.close_for_room(&mut table, Some(address), Some(settled))
            {}
        }
        if table.anonymous >= self.max_anonymous() || table.open.len() >= self.max_total() {
            self.close_for_room(&mut table, None, None);
        }
        if table.open.len() >= self.max_total() {
            return None;
        }
        table.next += 1;
        let link = Arc::new(Link {
            id: table.next,
            trusted: AtomicBool::new(false),
            device: OnceLock::new(),
            active: AtomicUsize::new(0),
            quiet_since: AtomicU64::new(now),
            last: AtomicU64::new(now),
            close: Notify::new(),
        });
        table.open.insert(
            link.id,
            Entry {
                address,
                link: Arc::clone(&link),
            },
        );
        table.anonymous += 1;
        *table.anonymous_by_address.entry(address).or_default() += 1;
        let warning = self.warning(&mut table);
        drop(table);
        if let Some(w) = warning {
            self.hub.warn(w);
        }
        Some(link)
    }

    /// How long a new connection has to send its first request before it counts as idle for
    /// its address's share.
    fn grace_ms(&self) -> u64 {
        let grace = GRACE.min(self.limits.anonymous_timeout / 2);
        u64::try_from(grace.as_millis()).unwrap_or(u64::MAX)
    }

    /// Closes the anonymous connection (of `address`, or of anyone) that waited longest:
    /// idle ones first, then the least recently active; with `idle_since`, only one idle
    /// since then at the latest. Whether one was closed.
    fn close_for_room(
        &self,
        table: &mut Table,
        address: Option<IpAddr>,
        idle_since: Option<u64>,
    ) -> bool {
        let candidates = table
            .open
            .values()
            .filter(|e| address.is_none_or(|a| a == e.address))
            .filter(|e| !e.link.trusted.load(Ordering::Relaxed))
            .filter(|e| {
                idle_since.is_none_or(|t| {
                    e.link.active.load(Ordering::Relaxed) == 0
                        && e.link.quiet_since.load(Ordering::Relaxed) <= t
                })
            });
        // Busy ones by when anything last went through them.
        let oldest = longest_waiting(candidates, |l| l.last.load(Ordering::Relaxed));
        let Some(id) = oldest else {
            return false;
        };
        remove(table, id);
        table.closed_for_room += 1;
        true
    }

    fn warning(&self, table: &mut Table) -> Option<String> {
        if table.closed_for_room == 0 || table.warned_at.is_some_and(|t| t.elapsed() < WARN_EVERY) {
            return None;
        }
        let n = table.closed_for_room;
        table.closed_for_room = 0;
        table.warned_at = Some(Instant::now());
        Some(format!(
            "a flood of connections: {n} connection{} without a device token closed to make \
             room (devices that joined are kept)",
            if n == 1 { "" } else { "s" }
        ))
    }

    /// A request on `link` showed the token of `device`: it is no longer anonymous, and it
    /// counts towards that device's share (the device's oldest other connections are closed
    /// past it).
    fn trust(&self, link: &Link, device: String) {
        let mut table = lock(&self.table);
        if link.trusted.load(Ordering::Relaxed) {
            return;
        }
        let Some(address) = table.open.get(&link.id).map(|e| e.address) else {
            return;
        };
        let _ = link.device.set(device.clone());
        link.trusted.store(true, Ordering::Relaxed);
        forget_anonymous(&mut table, address);
        let mut closed = 0usize;
        while self.close_for_device(&mut table, &device, link.id) {
            closed += 1;
        }
        let tell = closed > 0 && table.warned_devices.insert(device.clone());
        drop(table);
        if tell {
            let max = self.max_per_device();
            self.hub.warn(format!(
                "{} holds more than {max} connections at once: its oldest are closed to keep \
                 room for everyone else (if it should not be here: hearth devices --revoke \
                 {device})",
                self.hub.describe_device(&device)
            ));
        }
    }

    /// If `device` holds more than its share, closes its oldest connection other than `keep`:
    /// idle ones first (longest idle), then the one opened first. Whether one was closed.
    fn close_for_device(&self, table: &mut Table, device: &str, keep: u64) -> bool {
        let mine = || {
            table
                .open
                .values()
                .filter(move |e| e.link.device.get().is_some_and(|d| d == device))
        };
        if mine().count() <= self.max_per_device() {
            return false;
        }
        // Busy ones by when they opened: the oldest live stream goes first.
        let oldest = longest_waiting(mine().filter(|e| e.link.id != keep), |l| l.id);
        let Some(id) = oldest else {
            return false;
        };
        remove(table, id);
        true
    }

    /// Closes every connection of `device` (it was revoked).
    fn close_device(&self, device: &str) {
        let mut table = lock(&self.table);
        let ids: Vec<u64> = table
            .open
            .values()
            .filter(|e| e.link.device.get().is_some_and(|d| d == device))
            .map(|e| e.link.id)
            .collect();
        for id in ids {
            remove(&mut table, id);
        }
    }

    fn leave(&self, link: &Link) {
        remove(&mut lock(&self.table), link.id);
    }
}

/// Of `entries`, the connection that waited longest: those with no request in progress first
/// (longest quiet), then busy ones in `busy_order` (smallest first).
fn longest_waiting<'e>(
    entries: impl Iterator<Item = &'e Entry>,
    busy_order: impl Fn(&Link) -> u64,
) -> Option<u64> {
    entries
        .min_by_key(|e| {
            let busy = e.link.active.load(Ordering::Relaxed) > 0;
            let since = if busy {
                busy_order(&e.link)
            } else {
                e.link.quiet_since.load(Ordering::Relaxed)
            };
            (busy, since, e.link.id)
        })
        .map(|e| e.link.id)
}

/// Takes a connection off the table and tells it to close (if it is still running).
fn remove(table: &mut Table, id: u64) {
    let Some(entry) = table.open.remove(&id) else {
        return;
    };
    if !entry.link.trusted.load(Ordering::Relaxed) {
        forget_anonymous(table, entry.address);
    }
    entry.link.close.notify_one();
}

fn forget_anonymous(table: &mut Table, address: IpAddr) {
    table.anonymous = table.anonymous.saturating_sub(1);
    if let Some(n) = table.anonymous_by_address.get_mut(&address) {
        *n -= 1;
        if *n == 0 {
            table.anonymous_by_address.remove(&address);
        }
    }
}

/// A request in progress on a connection; when the last one is done, the connection's quiet
/// time starts.
struct Active {
    link: Arc<Link>,
    admission: Arc<Admission>,
}

impl Drop for Active {
    fn drop(&mut self) {
        if self.link.active.fetch_sub(1, Ordering::Relaxed) == 1 {
            self.link
                .quiet_since
                .store(self.admission.now_ms(), Ordering::Relaxed);
        }
    }
}

pub(super) async fn accept_loop(
    listener: TcpListener,
    router: Router,
    admission: Arc<Admission>,
    mut shutdown: watch::Receiver<bool>,
) {
    loop {
        let accepted = tokio::select! {
            a = listener.accept() => a,
            _ = shutdown.changed() => return,
        };
        let Ok((stream, peer)) = accepted else {
            // Out of file descriptors and the like: wait a moment rather than spin.
            tokio::time::sleep(Duration::from_millis(50)).await;
            continue;
        };
        let Some(link) = admission.admit(peer.ip()) else {
            // Every connection belongs to a device: this one is closed at once.
            drop(stream);
            continue;
        };
        let _ = stream.set_nodelay(true);
        let router = router.clone();
        let admission = Arc::clone(&admission);
        let shutdown = shutdown.clone();
        tokio::spawn(async move {
            serve_connection(stream, peer, router, &admission, &link, shutdown).await;
            admission.leave(&link);
        });
    }
}

/// How long a revoked device's connections stay open, so that its live stream can tell it.
const REVOKED_GRACE: Duration = Duration::from_secs(1);

/// Closes the connections of each device the facilitator revokes.
pub(super) async fn close_revoked(
    admission: Arc<Admission>,
    mut events: broadcast::Receiver<HubEvent>,
    mut shutdown: watch::Receiver<bool>,
) {
    loop {
        let event = tokio::select! {
            e = events.recv() => e,
            _ = shutdown.changed() => return,
        };
        match event {
            Ok(HubEvent::Revoked(device)) => {
                let admission = Arc::clone(&admission);
                tokio::spawn(async move {
                    tokio::time::sleep(REVOKED_GRACE).await;
                    admission.close_device(&device);
                });
            }
            // Missed events: every revoked device's connections are closed.
            Err(broadcast::error::RecvError::Lagged(_)) => {
                for d in admission.hub.devices().into_iter().filter(|d| d.revoked) {
                    admission.close_device(&d.id);
                }
            }
            Ok(_) => {}
            Err(broadcast::error::RecvError::Closed) => return,
        }
    }
}

async fn serve_connection(
    stream: TcpStream,
    peer: SocketAddr,
    router: Router,
    admission: &Arc<Admission>,
    link: &Arc<Link>,
    mut shutdown: watch::Receiver<bool>,
) {
    use hyper_util::rt::{TokioIo, TokioTimer};
    let limits = admission.limits.clone();
    let io = TokioIo::new(Watched {
        inner: stream,
        link: Arc::clone(link),
        admission: Arc::clone(admission),
    });
    let for_service = (Arc::clone(admission), Arc::clone(link));
    let service =
        hyper::service::service_fn(move |mut req: hyper::Request<hyper::body::Incoming>| {
            let (admission, link) = for_service.clone();
            link.active.fetch_add(1, Ordering::Relaxed);
            let active = Active {
                link: Arc::clone(&link),
                admission: Arc::clone(&admission),
            };
            if !link.trusted.load(Ordering::Relaxed)
                && let Some(device) =
                    credential(req.headers()).and_then(|c| admission.hub.device_of(&c))
            {
                admission.trust(&link, device);
            }
            req.extensions_mut().insert(Peer(peer));
            let mut router = router.clone();
            async move {
                let req = req.map(Body::new);
                let response = tower::Service::call(&mut router, req)
                    .await
                    .unwrap_or_else(|never| match never {});
                // The request counts as in progress until its reply is sent (or dropped).
                Ok::<_, Infallible>(response.map(move |body| {
                    Body::new(body.map_frame(move |frame| {
                        let _still = &active;
                        frame
                    }))
                }))
            }
        });
    let conn = hyper::server::conn::http1::Builder::new()
        .timer(TokioTimer::new())
        .header_read_timeout(limits.header_timeout)
        .max_buf_size(MAX_BODY_BYTES.max(16 * 1024) + 16 * 1024)
        .serve_connection(io, service);
    tokio::pin!(conn);
    let every = (limits.anonymous_timeout / 5)
        .clamp(Duration::from_millis(10), Duration::from_secs(1))
        .min(limits.idle_timeout);
    let mut check = tokio::time::interval(every);
    let idle_limit = u64::try_from(limits.idle_timeout.as_millis()).unwrap_or(u64::MAX);
    let anonymous_limit = u64::try_from(limits.anonymous_timeout.as_millis()).unwrap_or(u64::MAX);
    loop {
        tokio::select! {
            _ = conn.as_mut() => return,
            () = link.close.notified() => return,
            _ = check.tick() => {
                let now = admission.now_ms();
                if now.saturating_sub(link.last.load(Ordering::Relaxed)) > idle_limit {
                    return;
                }
                let waiting = link.active.load(Ordering::Relaxed) == 0
                    && !link.trusted.load(Ordering::Relaxed)
                    && now.saturating_sub(link.quiet_since.load(Ordering::Relaxed))
                        > anonymous_limit;
                if waiting {
                    return;
                }
            }
            _ = shutdown.changed() => {
                conn.as_mut().graceful_shutdown();
                let _ = tokio::time::timeout(Duration::from_secs(1), conn.as_mut()).await;
                return;
            }
        }
    }
}

/// A connection that notes when anything last went through it.
struct Watched {
    inner: TcpStream,
    link: Arc<Link>,
    admission: Arc<Admission>,
}

impl Watched {
    fn touch(&self) {
        self.link
            .last
            .store(self.admission.now_ms(), Ordering::Relaxed);
    }
}

impl AsyncRead for Watched {
    fn poll_read(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<std::io::Result<()>> {
        let before = buf.filled().len();
        let r = Pin::new(&mut self.inner).poll_read(cx, buf);
        if matches!(r, Poll::Ready(Ok(()))) && buf.filled().len() > before {
            self.touch();
        }
        r
    }
}

impl AsyncWrite for Watched {
    fn poll_write(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<std::io::Result<usize>> {
        let r = Pin::new(&mut self.inner).poll_write(cx, buf);
        if matches!(r, Poll::Ready(Ok(n)) if n > 0) {
            self.touch();
        }
        r
    }

    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<std::io::Result<()>> {
        Pin::new(&mut self.inner).poll_flush(cx)
    }

    fn poll_shutdown(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<std::io::Result<()>> {
        Pin::new(&mut self.inner).poll_shutdown(cx)
    }
}
