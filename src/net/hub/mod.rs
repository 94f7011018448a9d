//! The shared session: one writer for the facilitator and every note-taker, the join code,
//! the devices that joined, and the news everyone follows.
//!
//! Note-takers' answers go to a writer thread that saves whatever has arrived together with
//! one journal sync, then answers each request. The facilitator's own changes are saved
//! directly, under the same lock. Every saved change is announced on a broadcast channel.
//! Readers use the writer's own session, which it changes in place after each sync under a
//! lock held only for that step, so they never wait for the disk and each change is applied
//! once. The code's format is in [`super::code`], the devices file in [`super::devices`].

mod parents;
mod people;
mod rounds;
mod writer;
pub use parents::Alters;
pub use rounds::{device_voter, round_info, rounds_of, rounds_touched};
use writer::{describe, group_of, stopped};

use std::collections::HashMap;
use std::net::IpAddr;
use std::path::PathBuf;
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Instant;

use jiff::Timestamp;
use rand::RngExt;
use subtle::ConstantTimeEq;
use tokio::sync::{broadcast, oneshot};

use crate::model::sight::{self, Viewer};
use crate::model::text::{is_valid_name, normalize_newlines};
use crate::model::{Change, Contribution, Session};
use crate::store::{SessionStore, SharedSession, StoreError};

use super::api::{Answer, ContributionRequest, ExerciseInfo, SessionReply};
pub use super::code::{CODE_ALPHABET, CODE_LENGTH, JoinCode};
pub use super::devices::devices_path;
use super::devices::{
    DEVICES_FORMAT, DeviceRecord, Devices, DevicesFile, read_devices, write_devices,
};
use super::guesses::{GuessLimits, Guesses, Held};

pub use super::guesses::{BLOCK_TIME, FAILURE_WINDOW, MAX_FAILURES, SERVER_BUDGET};
/// Most changes saved with one sync.
const MAX_BATCH: usize = 512;

pub use super::devices::DeviceInfo;

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
    /// The contribution afterwards, for a change to one already saved. A new one is its
    /// addition's own, never copied (see [`Saved::after`]).
    after: Option<Contribution>,
    /// The group the contribution was filed under before a move (to tell its old group).
    pub group_before: Option<String>,
}

impl Saved {
    /// `change` saved, with the contribution it names as `session` now holds it (copied only
    /// when the change is not the contribution's addition, which holds it already).
    fn of(session: &Session, change: Change, group_before: Option<String>) -> Saved {
        let after = if let Change::Add { .. } = change {
            None
        } else {
            change
                .contribution_id()
                .and_then(|id| session.contribution(id))
                .cloned()
        };
        Saved {
            change,
            after,
            group_before,
        }
    }

    /// The contribution the change is about, as it is after it (for changes about one).
    pub fn after(&self) -> Option<&Contribution> {
        if let Change::Add { contribution } = &self.change {
            return Some(contribution);
        }
        self.after.as_ref()
    }
}

/// News from the hub.
#[derive(Debug, Clone)]
pub enum HubEvent {
    /// Changes are on disk, in this order.
    Saved {
        origin: Origin,
        changes: Arc<Vec<Saved>>,
        /// What they alter of the current exercise as note-takers see it.
        alters: Alters,
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
    devices: Devices,
    presence: HashMap<String, Presence>,
    guesses: Guesses,
    exercise: usize,
}

/// The shared session. Cheap to share behind an `Arc`.
#[derive(Debug)]
pub struct Hub {
    /// The writer's: held across a batch's sync, so nothing a reader waits for takes it.
    store: Mutex<Option<SessionStore>>,
    /// The session as saved, for readers (HTTP handlers, the screen): the store's own, which it
    /// changes in place after each batch is on disk, under a lock held only for that in-memory
    /// step, so a slow or stalled disk never delays a read and each change is applied once.
    /// Readers use it under the lock and keep nothing.
    published: SharedSession,
    /// Set once sharing stopped: readers get nothing from then on.
    stopped: std::sync::atomic::AtomicBool,
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
        let devices = Devices::new(read_devices(&devices_path)?);
        let title = store.session().title.clone();
        let exercise = exercise.min(store.session().scenario.agenda.len().saturating_sub(1));
        let (events, _) = broadcast::channel(4096);
        let (jobs, queue) = std::sync::mpsc::channel();
        let published = store.shared();
        let hub = Arc::new(Hub {
            store: Mutex::new(Some(store)),
            published,
            stopped: std::sync::atomic::AtomicBool::new(false),
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
        self.stopped
            .store(true, std::sync::atomic::Ordering::SeqCst);
        lock(&self.store).take()
    }

    pub fn subscribe(&self) -> broadcast::Receiver<HubEvent> {
        self.events.subscribe()
    }

    pub fn title(&self) -> &str {
        &self.title
    }

    /// Reads the session as saved, without waiting for the disk: `f` runs under the readers'
    /// lock, which the writer takes only after a sync, for the moment it takes to apply the
    /// changes in memory. `f` must not call back into the hub's session. `None` once stopped.
    pub fn with_session<R>(&self, f: impl FnOnce(&Session) -> R) -> Option<R> {
        if self.stopped.load(std::sync::atomic::Ordering::SeqCst) {
            return None;
        }
        Some(f(&self.published.read()))
    }

    /// The facilitator's own changes: saved directly (one sync), then announced.
    pub fn apply_local(&self, changes: Vec<Change>) -> Result<(), StoreError> {
        let mut guard = lock(&self.store);
        let Some(store) = guard.as_mut() else {
            return Err(stopped());
        };
        let before: Vec<Option<String>> = {
            let session = store.session();
            changes.iter().map(|c| group_of(&session, c)).collect()
        };
        store.apply_all(changes.clone())?;
        // Taken before the session is read: no lock is ever waited for while reading it.
        let current = self.exercise();
        let session = store.session();
        let saved = describe(&session, changes, before);
        let alters = parents::alters(&session, current, &saved);
        drop(session);
        // Announced under the lock, so the order of announcements is the journal's.
        let _ = self.events.send(HubEvent::Saved {
            origin: Origin::Facilitator,
            changes: Arc::new(saved),
            alters,
        });
        drop(guard);
        Ok(())
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
                .map(|e| ExerciseInfo::of(s, e, index, agenda.len()))
        })
        .flatten()
    }

    /// The plan's exercise `id` as note-takers see it, wherever it is in the agenda.
    pub fn exercise_named(&self, id: &str) -> Option<ExerciseInfo> {
        self.with_session(|s| {
            let agenda = &s.scenario.agenda;
            let index = agenda.iter().position(|e| e.id == id)?;
            Some(ExerciseInfo::of(s, &agenda[index], index, agenda.len()))
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
            let info = ExerciseInfo::of(s, exercise, index, agenda.len());
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
            let parents = match group {
                Some(_) => parents::choices(s, exercise, viewer),
                None => Vec::new(),
            };
            Some(SessionReply {
                title: s.title.clone(),
                group: group.map(str::to_owned),
                exercise: info,
                answers: answers.into_iter().map(Answer::of).collect(),
                parents,
                rounds: rounds_of(s, &exercise.id, voter.as_deref(), viewer),
                withdrawn,
            })
        })
        .flatten()
    }

    /// The current exercise's answers another can go under, as `group` may see them: its id
    /// and the list (`None` without a session or exercise).
    pub fn parents_now(&self, group: &str) -> Option<(String, Vec<crate::net::api::ParentChoice>)> {
        let index = self.exercise();
        self.with_session(|s| {
            let agenda = &s.scenario.agenda;
            let exercise = agenda.get(index)?;
            let list = parents::choices(s, exercise, Viewer::Group(group));
            Some((exercise.id.clone(), list))
        })
        .flatten()
    }

    pub fn groups(&self) -> Vec<String> {
        self.with_session(|s| s.groups.clone()).unwrap_or_default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Draft;

    /// Readers read the writer's own session: an answer is applied once, in one place, and is
    /// there for readers as soon as it is acknowledged.
    #[test]
    fn readers_read_the_writers_session_not_a_copy() {
        let dir = tempfile::tempdir().expect("a folder");
        let scenario: crate::model::Scenario = serde_json::from_str(
            r#"{"id":"s","title":"S","agenda":[{"id":"q","title":"Questions","kind":"prompt_round",
                "questions":[{"id":"q1","text":"What pulls?"}]}]}"#,
        )
        .expect("a plan");
        let session = Session::new(scenario, "S".into(), None, vec!["A".into()]);
        let path = crate::store::create_session(dir.path(), &session).expect("created");
        let (store, _) = SessionStore::open(&path).expect("opened");
        let hub = Hub::start(store, JoinCode::random(), 0).expect("shared");
        let same = lock(&hub.store)
            .as_ref()
            .is_some_and(|store| store.shared().is(&hub.published));
        assert!(same, "the readers' session is the store's");
        let runtime = tokio::runtime::Builder::new_current_thread()
            .build()
            .expect("a runtime");
        let request = ContributionRequest {
            id: "answer-1".into(),
            exercise: "q".into(),
            slot: "q1".into(),
            group: "A".into(),
            parent: None,
            text: "Someone to call".into(),
            fields: Default::default(),
        };
        let outcome = runtime.block_on(hub.contribute(&Caller::Code, request));
        assert_eq!(outcome, Outcome::Saved);
        let seen = hub.with_session(|s| s.contribution("answer-1").map(|c| c.text.clone()));
        assert_eq!(seen.flatten().as_deref(), Some("Someone to call"));
        let store = hub.stop().expect("the store back");
        assert_eq!(store.session().contributions().len(), 1);
        assert!(hub.with_session(|_| ()).is_none(), "nothing once stopped");
    }

    /// An answer's announcement carries the answer once: its addition's own, not a copy taken
    /// from the session after it was saved; a change to one already saved carries it as it is now.
    #[test]
    fn an_addition_is_announced_with_its_own_contribution_not_a_copy() {
        let scenario: crate::model::Scenario = serde_json::from_str(
            r#"{"id":"s","title":"S","agenda":[{"id":"q","title":"Questions","kind":"prompt_round",
                "questions":[{"id":"q1","text":"What pulls?"}]}]}"#,
        )
        .expect("a plan");
        let mut session = Session::new(scenario, "S".into(), None, vec!["A".into()]);
        let c = Draft::new("q", "q1", "words").into_contribution();
        let id = c.id.clone();
        let add = Change::Add { contribution: c };
        session.apply(&add).expect("added");
        let saved = Saved::of(&session, add, None);
        assert!(saved.after.is_none(), "no copy kept beside the addition");
        assert_eq!(saved.after().map(|c| c.id.as_str()), Some(id.as_str()));
        let star = Change::SetStarred {
            id: id.clone(),
            starred: true,
        };
        session.apply(&star).expect("starred");
        let saved = Saved::of(&session, star, None);
        assert!(saved.after().is_some_and(|c| c.starred));
    }
}
