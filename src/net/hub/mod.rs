//! The shared session: one writer for the facilitator and every note-taker, the join code,
//! the devices that joined, and the news everyone follows.
//!
//! Note-takers' answers go to a writer thread that saves whatever has arrived together with
//! one journal sync, then answers each request. The facilitator's own changes are saved
//! directly, under the same lock. Every saved change is announced on a broadcast channel.
//! Readers use the session as saved, which the writer brings up to date after each sync, so
//! they never wait for the disk. The code's format is in [`super::code`], the devices file in
//! [`super::devices`].

mod rounds;
mod writer;
pub use rounds::{device_voter, round_info, rounds_of, rounds_touched};
use writer::{describe, group_of, stopped};

use std::collections::HashMap;
use std::net::IpAddr;
use std::path::PathBuf;
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::{Duration, Instant};

use jiff::Timestamp;
use rand::RngExt;
use subtle::ConstantTimeEq;
use tokio::sync::{broadcast, oneshot};

use crate::model::sight::{self, Viewer};
use crate::model::text::{is_valid_name, normalize_newlines};
use crate::model::{Change, Contribution, Session};
use crate::store::{SessionStore, StoreError};

use super::api::{Answer, ContributionRequest, ExerciseInfo, SessionReply};
pub use super::code::{CODE_ALPHABET, CODE_LENGTH, JoinCode};
pub use super::devices::devices_path;
use super::devices::{DEVICES_FORMAT, DeviceRecord, DevicesFile, read_devices, write_devices};
use super::guesses::{GuessLimits, Guesses, Held};

/// Wrong codes from one address within [`FAILURE_WINDOW`] before it is made to wait (the
/// default of [`GuessLimits::per_address`]).
pub const MAX_FAILURES: u32 = 5;
pub const FAILURE_WINDOW: Duration = Duration::from_secs(60);
/// How long an address that guessed too often is refused (by default).
pub const BLOCK_TIME: Duration = Duration::from_secs(60);
/// Wrong codes the whole server looks at per [`FAILURE_WINDOW`] (by default).
pub const SERVER_BUDGET: u32 = 30;
/// Most changes saved with one sync.
const MAX_BATCH: usize = 512;

/// What the facilitator's panel (and `hearth devices`) shows of one device.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct DeviceInfo {
    pub id: String,
    pub name: Option<String>,
    pub group: String,
    pub address: Option<IpAddr>,
    /// Seconds since it was last heard from (None: not since this server started).
    pub last_seen: Option<u64>,
    /// Open live streams (a connected page or terminal).
    pub streams: usize,
    /// Answers it sent since this server started.
    pub answers: usize,
    pub revoked: bool,
}

#[derive(Debug, Default)]
struct Presence {
    address: Option<IpAddr>,
    last_seen: Option<Instant>,
    streams: usize,
    answers: usize,
}

/// Who is asking.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Caller {
    /// Someone holding the join code (scripts; the join step itself).
    Code,
    Device {
        id: String,
        group: String,
    },
}

/// Why a request was not let in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Refusal {
    /// No code or token, or a wrong one.
    Unauthorized,
    /// A device the facilitator revoked.
    Revoked,
    /// Too many wrong codes from this address; try again in this many seconds.
    TooMany(u64),
    /// Too many wrong codes on the whole server; codes are not looked at for this many
    /// seconds.
    Busy(u64),
}

impl From<Held> for Refusal {
    fn from(held: Held) -> Refusal {
        match held {
            Held::Address(s) => Refusal::TooMany(s),
            Held::Server(s) => Refusal::Busy(s),
        }
    }
}

/// Where a saved change came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Origin {
    Facilitator,
    Device(String),
    /// Someone with the join code but no device (scripts, a note-taker joining a new group).
    Code,
}

/// One saved change, with the contribution as it is afterwards (for changes about one).
#[derive(Debug, Clone)]
pub struct Saved {
    pub change: Change,
    pub after: Option<Contribution>,
    /// The group the contribution was filed under before a move (to tell its old group).
    pub group_before: Option<String>,
}

/// News from the hub.
#[derive(Debug, Clone)]
pub enum HubEvent {
    /// Changes are on disk, in this order.
    Saved {
        origin: Origin,
        changes: Arc<Vec<Saved>>,
    },
    /// The facilitator moved to another exercise (its index in the agenda).
    Agenda(usize),
    Revoked(String),
    /// Something the facilitator may like to know (a device joined).
    Notice(String),
    /// Something the facilitator must see (repeated wrong codes, a flood of connections).
    Warning(String),
}

/// The outcome of one note-taker's answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// Saved now (`201`).
    Saved,
    /// It was saved before with the same text (`200`).
    AlreadySaved,
    /// The id is taken by a different answer (`409`).
    Conflict(String),
    /// The session refuses it: unknown exercise, slot or group, text against the rules (`422`).
    Refused(String),
    /// It could not be written; nothing was saved (`503`).
    NotSaved(String),
}

enum Job {
    Add {
        contribution: Box<Contribution>,
        origin: Origin,
        reply: oneshot::Sender<Outcome>,
    },
    AddGroup {
        name: String,
        reply: oneshot::Sender<Outcome>,
    },
    /// A device's ballot (a [`Change::Cast`]).
    Cast {
        change: Box<Change>,
        origin: Origin,
        reply: oneshot::Sender<Outcome>,
    },
}

#[derive(Debug)]
struct People {
    code: JoinCode,
    devices: Vec<DeviceRecord>,
    presence: HashMap<String, Presence>,
    guesses: Guesses,
    exercise: usize,
}

/// The shared session. Cheap to share behind an `Arc`.
#[derive(Debug)]
pub struct Hub {
    /// The writer's: held across a batch's sync, so nothing a reader waits for takes it.
    store: Mutex<Option<SessionStore>>,
    /// The session as saved, for readers (HTTP handlers, the screen): the writer brings it up to
    /// date after each batch is on disk, under a lock held only for that in-memory step, so a
    /// slow or stalled disk never delays a read. Readers use it under the lock and keep nothing,
    /// so it is changed in place, never copied. `None` once stopped.
    published: std::sync::RwLock<Option<Session>>,
    people: Mutex<People>,
    events: broadcast::Sender<HubEvent>,
    jobs: Mutex<Option<std::sync::mpsc::Sender<Job>>>,
    writer: Mutex<Option<std::thread::JoinHandle<()>>>,
    devices_path: PathBuf,
    /// Held while the devices file is written, so writes land in order.
    devices_write: Mutex<()>,
    title: String,
    /// The read-only code of the browser screen (`/screen`): shows what the room sees, sends
    /// nothing.
    screen_code: JoinCode,
    /// What the room may see, as the facilitator's screen last set it (`None` under
    /// `hearth serve`, where it is built from the session and the agenda).
    audience: Mutex<Option<crate::net::audience::AudienceView>>,
}

fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
}

impl std::fmt::Debug for Job {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Job::Add { contribution, .. } => write!(f, "Add({})", contribution.id),
            Job::AddGroup { name, .. } => write!(f, "AddGroup({name})"),
            Job::Cast { origin, .. } => write!(f, "Cast({origin:?})"),
        }
    }
}

impl Hub {
    /// Shares an open session. Devices that joined before (kept beside the session) still work.
    pub fn start(
        store: SessionStore,
        code: JoinCode,
        exercise: usize,
    ) -> Result<Arc<Hub>, StoreError> {
        let devices_path = devices_path(&store.paths().snapshot);
        let devices = read_devices(&devices_path)?;
        let title = store.session().title.clone();
        let exercise = exercise.min(store.session().scenario.agenda.len().saturating_sub(1));
        let (events, _) = broadcast::channel(4096);
        let (jobs, queue) = std::sync::mpsc::channel();
        let published = std::sync::RwLock::new(Some(store.session().clone()));
        let hub = Arc::new(Hub {
            store: Mutex::new(Some(store)),
            published,
            people: Mutex::new(People {
                code,
                devices,
                presence: HashMap::new(),
                guesses: Guesses::new(GuessLimits::default()),
                exercise,
            }),
            events,
            jobs: Mutex::new(Some(jobs)),
            writer: Mutex::new(None),
            devices_path,
            devices_write: Mutex::new(()),
            title,
            screen_code: JoinCode::random(),
            audience: Mutex::new(None),
        });
        let for_writer = Arc::clone(&hub);
        let handle = std::thread::Builder::new()
            .name("hearth-writer".into())
            .spawn(move || for_writer.write_loop(&queue))
            .map_err(|source| StoreError::Io {
                path: PathBuf::from("."),
                action: "cannot start the writer",
                source,
            })?;
        *lock(&hub.writer) = Some(handle);
        Ok(hub)
    }

    /// Stops taking answers, waits for those already taken, and hands the store back.
    pub fn stop(&self) -> Option<SessionStore> {
        lock(&self.jobs).take();
        if let Some(handle) = lock(&self.writer).take() {
            let _ = handle.join();
        }
        *self
            .published
            .write()
            .unwrap_or_else(std::sync::PoisonError::into_inner) = None;
        lock(&self.store).take()
    }

    /// Brings the readers' session up to date with changes just saved, in place: readers never
    /// keep it, so nothing is copied. Should it ever disagree with the store's, it is replaced by
    /// the store's and the facilitator is told.
    fn publish(&self, saved: &Session, changes: &[Change]) {
        let mut published = self
            .published
            .write()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        let Some(session) = published.as_mut() else {
            return;
        };
        if changes.iter().all(|c| session.apply(c).is_ok()) {
            return;
        }
        *session = saved.clone();
        drop(published);
        self.warn(
            "The session note-takers see fell out of step with the saved one: reloaded it.".into(),
        );
    }

    pub fn subscribe(&self) -> broadcast::Receiver<HubEvent> {
        self.events.subscribe()
    }

    pub fn title(&self) -> &str {
        &self.title
    }

    /// Reads the session as saved, without waiting for the disk: `f` runs under the readers'
    /// lock, which the writer takes only after a sync, for the moment it takes to bring the
    /// session up to date in memory. `f` must not call back into the hub's session.
    pub fn with_session<R>(&self, f: impl FnOnce(&Session) -> R) -> Option<R> {
        self.published
            .read()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .as_ref()
            .map(f)
    }

    /// The facilitator's own changes: saved directly (one sync), then announced.
    pub fn apply_local(&self, changes: Vec<Change>) -> Result<(), StoreError> {
        let mut guard = lock(&self.store);
        let Some(store) = guard.as_mut() else {
            return Err(stopped());
        };
        let before: Vec<Option<String>> = changes
            .iter()
            .map(|c| group_of(store.session(), c))
            .collect();
        store.apply_all(changes.clone())?;
        self.publish(store.session(), &changes);
        let saved = describe(store.session(), changes, before);
        // Announced under the lock, so the order of announcements is the journal's.
        let _ = self.events.send(HubEvent::Saved {
            origin: Origin::Facilitator,
            changes: Arc::new(saved),
        });
        drop(guard);
        Ok(())
    }

    // ---- the join code and devices ----

    pub fn code(&self) -> JoinCode {
        lock(&self.people).code.clone()
    }

    /// A new join code; devices that already joined keep working.
    pub fn rotate_code(&self) -> JoinCode {
        let code = JoinCode::random();
        lock(&self.people).code = code.clone();
        code
    }

    /// The limits on guessing (the server sets them from its own limits when it starts).
    pub fn set_guess_limits(&self, limits: GuessLimits) {
        lock(&self.people).guesses.set_limits(limits);
    }

    /// Addresses remembered for their wrong codes (bounded by
    /// [`GuessLimits::tracked_addresses`]).
    pub fn guessers_tracked(&self) -> usize {
        lock(&self.people).guesses.tracked()
    }

    /// Refuses an address that guessed wrong too often.
    pub fn check_blocked(&self, address: IpAddr, now: Instant) -> Result<(), Refusal> {
        lock(&self.people)
            .guesses
            .check_address(address, now)
            .map_err(Refusal::from)
    }

    /// Refuses a code before it is even read: from an address that guessed wrong too often,
    /// or while the server's budget of wrong codes is spent.
    pub fn check_guessing(&self, address: Option<IpAddr>, now: Instant) -> Result<(), Refusal> {
        lock(&self.people)
            .guesses
            .check(address, now)
            .map_err(Refusal::from)
    }

    /// Records a wrong code or token from `address`; tells the facilitator when it repeats.
    pub fn record_failure(&self, address: IpAddr, now: Instant) {
        let warnings = lock(&self.people).guesses.record(Some(address), now);
        self.warn_all(warnings);
    }

    /// Tells the facilitator something they must see (the serve log, the terminal app).
    pub fn warn(&self, warning: String) {
        let _ = self.events.send(HubEvent::Warning(warning));
    }

    fn warn_all(&self, warnings: Vec<String>) {
        for w in warnings {
            self.warn(w);
        }
    }

    /// The device whose token `token` is, if that device is not revoked. Counts nothing and
    /// touches nothing: for deciding which connections to keep under a flood.
    pub fn device_of(&self, token: &str) -> Option<String> {
        let (id, secret) = token.split_once('.')?;
        lock(&self.people)
            .devices
            .iter()
            .find(|d| {
                d.id == id && !d.revoked && bool::from(d.secret.as_bytes().ct_eq(secret.as_bytes()))
            })
            .map(|d| d.id.clone())
    }

    /// How the facilitator's messages name a device: its name (if it gave one), its id, its
    /// group.
    pub fn describe_device(&self, device: &str) -> String {
        let people = lock(&self.people);
        match people.devices.iter().find(|d| d.id == device) {
            Some(d) => match &d.name {
                Some(n) => format!("{n} ({}, {})", d.id, d.group),
                None => format!("device {} ({})", d.id, d.group),
            },
            None => format!("device {device}"),
        }
    }

    /// Checks a join code or a device token (`<device>.<secret>`), in constant time. A valid
    /// device token always works, from any address and however many wrong codes there were
    /// (other devices may share its address). A join code is not looked at when it comes from
    /// an address that guessed wrong too often, or while the whole server's budget of wrong
    /// codes is spent; a wrong one counts against both.
    pub fn authorize(&self, credential: &str, address: Option<IpAddr>) -> Result<Caller, Refusal> {
        let now = Instant::now();
        let mut people = lock(&self.people);
        if let Some((id, secret)) = credential.split_once('.') {
            let found = people
                .devices
                .iter()
                .find(|d| d.id == id && bool::from(d.secret.as_bytes().ct_eq(secret.as_bytes())))
                .map(|d| (d.revoked, d.id.clone(), d.group.clone()));
            return match found {
                None => {
                    people.guesses.check(address, now)?;
                    let warnings = people.guesses.record(address, now);
                    drop(people);
                    self.warn_all(warnings);
                    Err(Refusal::Unauthorized)
                }
                Some((true, ..)) => Err(Refusal::Revoked),
                Some((false, id, group)) => {
                    let p = people.presence.entry(id.clone()).or_default();
                    p.last_seen = Some(now);
                    if address.is_some() {
                        p.address = address;
                    }
                    Ok(Caller::Device { id, group })
                }
            };
        }
        people.guesses.check(address, now)?;
        if people.code.matches(credential) {
            Ok(Caller::Code)
        } else {
            let warnings = people.guesses.record(address, now);
            drop(people);
            self.warn_all(warnings);
            Err(Refusal::Unauthorized)
        }
    }

    /// Checks the join code alone (joining): like [`Hub::authorize`] for a code.
    pub fn check_code(&self, code: &str, address: Option<IpAddr>) -> Result<(), Refusal> {
        // A device token is not a join code.
        if code.contains('.') {
            return self.authorize("", address).map(|_| ());
        }
        match self.authorize(code, address)? {
            Caller::Code => Ok(()),
            Caller::Device { .. } => Err(Refusal::Unauthorized),
        }
    }

    /// Registers a device for `group` (creating the group if it is new). Call only after the
    /// code was checked.
    pub async fn join(
        self: &Arc<Self>,
        group: &str,
        name: Option<&str>,
        address: Option<IpAddr>,
    ) -> Result<(String, String), Outcome> {
        let group = group.trim();
        if !is_valid_name(group) {
            return Err(Outcome::Refused(
                "a group name must be 1 to 200 bytes with no control characters".into(),
            ));
        }
        let name = name.map(str::trim).filter(|n| !n.is_empty());
        if let Some(n) = name
            && !is_valid_name(n)
        {
            return Err(Outcome::Refused(
                "a device name must be 1 to 200 bytes with no control characters".into(),
            ));
        }
        // The generator is not kept across an await (the future must be Send).
        let record = {
            let mut rng = rand::rng();
            let mut token_part = |n: usize| -> String {
                (0..n)
                    .map(|_| CODE_ALPHABET[rng.random_range(0..CODE_ALPHABET.len())] as char)
                    .collect::<String>()
                    .to_lowercase()
            };
            DeviceRecord {
                id: token_part(8),
                secret: token_part(32),
                group: group.to_owned(),
                name: name.map(str::to_owned),
                joined: Timestamp::now(),
                revoked: false,
            }
        };
        let token = format!("{}.{}", record.id, record.secret);
        let id = record.id.clone();
        // The device is recorded durably first, the group added after: a join that fails
        // leaves no group behind. (A device recorded for a group that then could not be added
        // is taken back; its token was never handed out.)
        lock(&self.people).devices.push(record);
        if let Err(e) = self.save_devices_off_loop().await {
            lock(&self.people).devices.retain(|d| d.id != id);
            return Err(Outcome::NotSaved(e.to_string()));
        }
        let exists = self
            .with_session(|s| s.groups.iter().any(|g| g == group))
            .unwrap_or(false);
        if !exists {
            let (reply, answer) = oneshot::channel();
            let added = match self.submit(Job::AddGroup {
                name: group.to_owned(),
                reply,
            }) {
                Err(outcome) => Err(outcome),
                Ok(()) => match answer.await {
                    Ok(Outcome::Saved | Outcome::AlreadySaved) => Ok(()),
                    Ok(other) => Err(other),
                    Err(_) => Err(Outcome::NotSaved(stopped().to_string())),
                },
            };
            if let Err(outcome) = added {
                lock(&self.people).devices.retain(|d| d.id != id);
                let _ = self.save_devices_off_loop().await;
                return Err(outcome);
            }
        }
        lock(&self.people).presence.insert(
            id.clone(),
            Presence {
                address,
                last_seen: Some(Instant::now()),
                ..Presence::default()
            },
        );
        let who = name.map_or_else(|| format!("device {id}"), |n| format!("{n} ({id})"));
        let _ = self
            .events
            .send(HubEvent::Notice(format!("{who} joined {group}")));
        Ok((id, token))
    }

    /// Stops a device: its token no longer works, and its live stream ends.
    pub fn revoke(&self, device: &str) -> Result<bool, StoreError> {
        {
            let mut people = lock(&self.people);
            let Some(d) = people.devices.iter_mut().find(|d| d.id == device) else {
                return Ok(false);
            };
            d.revoked = true;
        }
        self.save_devices()?;
        let _ = self.events.send(HubEvent::Revoked(device.to_owned()));
        Ok(true)
    }

    /// [`Hub::save_devices`] on a blocking thread: its fsync never holds up the event loop
    /// (which, in the terminal app, also draws the screen).
    async fn save_devices_off_loop(self: &Arc<Self>) -> Result<(), StoreError> {
        let hub = Arc::clone(self);
        tokio::task::spawn_blocking(move || hub.save_devices())
            .await
            .unwrap_or_else(|e| {
                Err(StoreError::Io {
                    path: self.devices_path.clone(),
                    action: "cannot write",
                    source: std::io::Error::other(e.to_string()),
                })
            })
    }

    fn save_devices(&self) -> Result<(), StoreError> {
        let _writing = lock(&self.devices_write);
        let file = DevicesFile {
            format: DEVICES_FORMAT.into(),
            devices: lock(&self.people).devices.clone(),
        };
        write_devices(&self.devices_path, &file)
    }

    pub fn devices(&self) -> Vec<DeviceInfo> {
        let people = lock(&self.people);
        let now = Instant::now();
        people
            .devices
            .iter()
            .map(|d| {
                let p = people.presence.get(&d.id);
                DeviceInfo {
                    id: d.id.clone(),
                    name: d.name.clone(),
                    group: d.group.clone(),
                    address: p.and_then(|p| p.address),
                    last_seen: p
                        .and_then(|p| p.last_seen)
                        .map(|t| now.duration_since(t).as_secs()),
                    streams: p.map_or(0, |p| p.streams),
                    answers: p.map_or(0, |p| p.answers),
                    revoked: d.revoked,
                }
            })
            .collect()
    }

    /// A device's live stream opened (`true`) or closed.
    pub fn stream(&self, device: &str, open: bool) {
        let mut people = lock(&self.people);
        let p = people.presence.entry(device.to_owned()).or_default();
        if open {
            p.streams += 1;
            p.last_seen = Some(Instant::now());
        } else {
            p.streams = p.streams.saturating_sub(1);
        }
    }

    // ---- the audience's screen ----

    /// The code that opens the browser screen (read-only).
    pub fn screen_code(&self) -> &JoinCode {
        &self.screen_code
    }

    /// The facilitator's screen changed what the room sees.
    pub fn set_audience(&self, view: &crate::net::audience::AudienceView) {
        let mut audience = lock(&self.audience);
        if audience.as_ref() != Some(view) {
            *audience = Some(view.clone());
        }
    }

    /// What the room may see now: as the facilitator's screen set it, else the current
    /// exercise's first question with its answers.
    pub fn audience(&self) -> Option<crate::net::audience::AudienceView> {
        if let Some(v) = lock(&self.audience).clone() {
            return Some(v);
        }
        let stage = crate::net::audience::Stage {
            exercise: self.exercise(),
            ..Default::default()
        };
        self.with_session(|s| crate::net::audience::AudienceView::build(s, &stage))
    }

    /// Checks the browser screen's code, in constant time; wrong ones count as guesses, like
    /// wrong join codes.
    pub fn check_screen_code(&self, code: &str, address: Option<IpAddr>) -> Result<(), Refusal> {
        let now = Instant::now();
        let mut people = lock(&self.people);
        people.guesses.check(address, now)?;
        if self.screen_code.matches(code) {
            return Ok(());
        }
        let warnings = people.guesses.record(address, now);
        drop(people);
        self.warn_all(warnings);
        Err(Refusal::Unauthorized)
    }

    // ---- the agenda ----

    pub fn exercise(&self) -> usize {
        lock(&self.people).exercise
    }

    /// The facilitator moved on; note-takers follow.
    pub fn set_exercise(&self, index: usize) {
        let mut people = lock(&self.people);
        if people.exercise != index {
            people.exercise = index;
            drop(people);
            let _ = self.events.send(HubEvent::Agenda(index));
        }
    }

    pub fn exercise_info(&self, index: usize) -> Option<ExerciseInfo> {
        self.with_session(|s| {
            let agenda = &s.scenario.agenda;
            agenda
                .get(index)
                .map(|e| ExerciseInfo::of(e, index, agenda.len()))
        })
        .flatten()
    }

    /// The plan's exercise `id` as note-takers see it, wherever it is in the agenda.
    pub fn exercise_named(&self, id: &str) -> Option<ExerciseInfo> {
        self.with_session(|s| {
            let agenda = &s.scenario.agenda;
            let index = agenda.iter().position(|e| e.id == id)?;
            Some(ExerciseInfo::of(&agenda[index], index, agenda.len()))
        })
        .flatten()
    }

    /// What `GET /api/session` answers: the current exercise, and for a device of `group` its
    /// group's answers and the exercise's rounds as it may see them ([`sight::may_see`]). The
    /// join code alone (`None`) gets no group's answers.
    pub fn session_reply(&self, device: Option<(&str, &str)>) -> Option<SessionReply> {
        let voter = device.map(|(d, _)| device_voter(d));
        let group = device.map(|(_, g)| g);
        let viewer = group.map_or(Viewer::Code, Viewer::Group);
        let index = self.exercise();
        self.with_session(|s| {
            let agenda = &s.scenario.agenda;
            let exercise = agenda.get(index)?;
            let info = ExerciseInfo::of(exercise, index, agenda.len());
            let mut answers: Vec<&Contribution> = match group {
                Some(g) => info
                    .slots
                    .iter()
                    .flat_map(|slot| s.in_slot(&exercise.id, &slot.id))
                    .filter(|c| c.group.as_deref() == Some(g) && sight::may_see(s, viewer, c))
                    .collect(),
                None => Vec::new(),
            };
            let withdrawn = match group {
                Some(g) => s
                    .contributions()
                    .iter()
                    .filter(|c| c.is_withdrawn() && c.group.as_deref() == Some(g))
                    .map(|c| c.id.clone())
                    .collect(),
                None => Vec::new(),
            };
            answers.sort_by(|a, b| a.created.cmp(&b.created).then(a.id.cmp(&b.id)));
            Some(SessionReply {
                title: s.title.clone(),
                group: group.map(str::to_owned),
                exercise: info,
                answers: answers.into_iter().map(Answer::of).collect(),
                rounds: rounds_of(s, &exercise.id, voter.as_deref(), viewer),
                withdrawn,
            })
        })
        .flatten()
    }

    pub fn groups(&self) -> Vec<String> {
        self.with_session(|s| s.groups.clone()).unwrap_or_default()
    }
}
