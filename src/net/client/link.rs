//! The link that keeps a note-taker's terminal in step with the server: it sends the outbox in
//! order until each answer is acknowledged, and follows the server's event stream, reconnecting
//! with backoff when the network or the server goes away.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use tokio::sync::Notify;
use tokio::sync::mpsc::UnboundedSender;

use super::{BACKOFF_MAX, BACKOFF_START, Client, ClientError, EventStream, Posted};
use crate::net::api::{Event, JoinReply, SessionReply};
use crate::net::outbox::{Device, Outbox};

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
        /// What went wrong, for people (a [`ClientError`], said).
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
    /// Drops from the outbox every word of answers the server says were withdrawn.
    fn forget_withdrawn(&self, withdrawn: &[String]) {
        if let Err(e) = lock(&self.outbox).forget(withdrawn) {
            self.report(LinkEvent::DiskError(e.to_string()));
        }
    }

    fn report(&self, e: LinkEvent) {
        let _ = self.tx.send(e);
    }

    /// A token to call with: the known one, or a fresh join (retrying until the server
    /// answers). `None` once the link has stopped (why was reported as `SignedOut`).
    async fn token(&self) -> Option<String> {
        let mut auth = self.auth.lock().await;
        if auth.stopped.is_some() {
            return None;
        }
        if let Some(t) = &auth.token {
            return Some(t.clone());
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
                    return Some(reply.token);
                }
                Err(ClientError::WrongCode { message } | ClientError::Revoked { message }) => {
                    self.stop(&mut auth, format!(
                        "the join code was not accepted ({message}); ask the facilitator for the current code and run hearth join again — your unsent answers are kept"
                    ));
                    return None;
                }
                Err(ClientError::Refused { message, .. } | ClientError::Conflict { message }) => {
                    self.stop(&mut auth, format!(
                        "the server would not let this terminal join as \"{}\" ({message}); check the group's name with the facilitator and run hearth join again — your unsent answers are kept",
                        c.group
                    ));
                    return None;
                }
                Err(e) => {
                    self.report(LinkEvent::Down {
                        retry_in: delay,
                        reason: e.to_string(),
                    });
                    tokio::time::sleep(delay).await;
                    delay = next_delay(delay);
                }
            }
        }
    }

    /// Nothing more is sent, for `reason`.
    fn stop(&self, auth: &mut Auth, reason: String) {
        auth.stopped = Some(reason.clone());
        self.report(LinkEvent::SignedOut(reason));
    }

    /// A 401 (`error`) with `token`: forget the token and join again, unless the device was
    /// revoked (then stop). Returns whether the link goes on.
    async fn unauthorized(&self, token: &str, error: &ClientError) -> bool {
        let mut auth = self.auth.lock().await;
        if auth.stopped.is_some() {
            return false;
        }
        if let ClientError::Revoked { .. } = error {
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
        self.stop(auth, reason);
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
        let Some(token) = s.token().await else {
            return;
        };
        match s.client.post(&token, &request).await {
            Ok(posted) => {
                delay = BACKOFF_START;
                s.report(LinkEvent::Up);
                let acked = lock(&s.outbox).ack(&request.id);
                match acked {
                    Ok(_) => s.report(LinkEvent::Saved {
                        id: request.id,
                        new: posted == Posted::Saved,
                    }),
                    Err(e) => {
                        // It will be sent again and answered 200; nothing is lost.
                        s.report(LinkEvent::DiskError(e.to_string()));
                        tokio::time::sleep(BACKOFF_MAX).await;
                    }
                }
            }
            Err(ClientError::Conflict { message }) => refused(s, &request.id, 409, message).await,
            Err(ClientError::Refused { status, message }) => {
                refused(s, &request.id, status, message).await
            }
            // It cannot be put into a request: sending it again will not help either.
            Err(e @ ClientError::Encode(_)) => refused(s, &request.id, 0, e.to_string()).await,
            Err(e @ (ClientError::WrongCode { .. } | ClientError::Revoked { .. })) => {
                if !s.unauthorized(&token, &e).await {
                    return;
                }
            }
            Err(e) => {
                s.report(LinkEvent::Down {
                    retry_in: delay,
                    reason: e.to_string(),
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
        let Some(token) = s.token().await else {
            return;
        };
        let error = match s.client.events(&token).await {
            Ok(mut stream) => match s.client.session(&token).await {
                Ok(reply) => {
                    delay = BACKOFF_START;
                    s.forget_withdrawn(&reply.withdrawn);
                    s.report(LinkEvent::Session(Box::new(reply)));
                    s.report(LinkEvent::Up);
                    match follow(s, &token, &mut stream).await {
                        Some(error) => error,
                        None => return,
                    }
                }
                Err(e) => e,
            },
            Err(e) => e,
        };
        if let ClientError::WrongCode { .. } | ClientError::Revoked { .. } = error {
            if !s.unauthorized(&token, &error).await {
                return;
            }
            continue;
        }
        // Anything else, even a refusal, may pass: reconnect.
        s.report(LinkEvent::Down {
            retry_in: delay,
            reason: error.to_string(),
        });
        tokio::time::sleep(delay).await;
        delay = next_delay(delay);
    }
}

/// Passes events on until the stream ends (`Some(why)`) or the device is revoked (`None`).
async fn follow(s: &Shared, token: &str, stream: &mut EventStream) -> Option<ClientError> {
    loop {
        let ev = match stream.next().await {
            Ok(ev) => ev,
            Err(e) => return Some(e),
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
                    Ok(reply) => {
                        s.forget_withdrawn(&reply.withdrawn);
                        s.report(LinkEvent::Session(Box::new(reply)));
                    }
                    Err(e) => return Some(e),
                }
            }
            Event::Removed { .. } => {
                s.report(LinkEvent::Event(ev));
                // Perhaps withdrawn for good: the session says which, and the outbox drops them.
                match s.client.session(token).await {
                    Ok(reply) => {
                        s.forget_withdrawn(&reply.withdrawn);
                        s.report(LinkEvent::Session(Box::new(reply)));
                    }
                    Err(e) => return Some(e),
                }
            }
            ev => s.report(LinkEvent::Event(ev)),
        }
    }
}
#[cfg(test)]
mod tests {
    use super::*;
    use crate::net::api::ContributionRequest;
    use crate::net::client::fake::fake_server;

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
                        parent: None,
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
            // A link that never stops (a revoked device taken for a forgotten one, joining
            // again and again) fails here rather than hanging.
            let deadline = tokio::time::Instant::now() + Duration::from_secs(10);
            while let Ok(Some(e)) = tokio::time::timeout_at(deadline, rx.recv()).await {
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
