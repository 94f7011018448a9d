//! The facilitator's disk work, off the screen's loop: one thread, in order, does every write
//! the screen asks for — the journal appends (to the session store it owns while the session is
//! not shared, or through the hub while it is) and the drafts file. The screen hands it work and
//! hears back when it is on disk, so a slow or stalled disk delays "✓ saved", never a keystroke
//! or a frame.

use std::path::PathBuf;
use std::sync::Arc;
use std::sync::mpsc;
use std::thread::JoinHandle;

use tokio::sync::mpsc::UnboundedSender;

use super::error::SaveError;
use crate::model::{Change, Session, Unsaved};
use crate::net::hub::Hub;
use crate::store::SessionStore;

/// What the disk thread reports back to the screen.
#[derive(Debug)]
pub enum DiskNews {
    /// The changes handed over are on disk (synced), or were not written at all.
    Saved(Result<(), SaveError>),
    /// The session as the store has it (asked for when the screen fell out of step).
    Session(Box<Session>),
    /// The drafts file could not be written.
    DraftFailed(String),
}

enum Job {
    Apply(Vec<Change>),
    ApplyVia(Arc<Hub>, Vec<Change>),
    Draft(PathBuf, Unsaved),
    Session,
    Give(Box<SessionStore>),
    Take(mpsc::Sender<Option<Box<SessionStore>>>),
}

/// The disk thread. Dropping it lets the thread finish the work already handed over.
pub struct Disk {
    jobs: Option<mpsc::Sender<Job>>,
    thread: Option<JoinHandle<()>>,
}

impl Disk {
    pub fn start(news: UnboundedSender<DiskNews>) -> std::io::Result<Disk> {
        let (jobs, rx) = mpsc::channel::<Job>();
        let thread = std::thread::Builder::new()
            .name("hearth-disk".into())
            .spawn(move || work(&rx, &news))?;
        Ok(Disk {
            jobs: Some(jobs),
            thread: Some(thread),
        })
    }

    fn send(&self, job: Job) {
        if let Some(jobs) = &self.jobs {
            // The thread only ends when this side is dropped.
            let _ = jobs.send(job);
        }
    }

    /// The thread owns `store` from now on.
    pub fn give(&self, store: SessionStore) {
        self.send(Job::Give(Box::new(store)));
    }

    /// Takes the store back once everything handed over before is done.
    pub fn take(&self) -> Option<SessionStore> {
        let (tx, rx) = mpsc::channel();
        self.send(Job::Take(tx));
        rx.recv().ok().flatten().map(|b| *b)
    }

    /// Appends `changes` to the journal of the store the thread owns; answers `Saved`.
    pub fn apply(&self, changes: Vec<Change>) {
        self.send(Job::Apply(changes));
    }

    /// Saves `changes` through the hub (while shared); answers `Saved`.
    pub fn apply_via(&self, hub: Arc<Hub>, changes: Vec<Change>) {
        self.send(Job::ApplyVia(hub, changes));
    }

    /// Writes the drafts file beside `session`.
    pub fn keep_draft(&self, session: PathBuf, unsaved: Unsaved) {
        self.send(Job::Draft(session, unsaved));
    }

    /// Asks for the session as the store has it; answers `Session`.
    pub fn session(&self) {
        self.send(Job::Session);
    }
}

impl Drop for Disk {
    fn drop(&mut self) {
        self.jobs = None;
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}

fn work(jobs: &mpsc::Receiver<Job>, news: &UnboundedSender<DiskNews>) {
    let mut store: Option<Box<SessionStore>> = None;
    while let Ok(job) = jobs.recv() {
        // A save is confirmed once its journal line is synced; folding a long journal into the
        // snapshot comes after the confirmation.
        let mut compact = false;
        let said = match job {
            Job::Apply(changes) => Some(DiskNews::Saved(match store.as_mut() {
                Some(s) => {
                    compact = true;
                    s.append_all(&changes).map_err(SaveError::from)
                }
                None => Err(SaveError::NoSession),
            })),
            Job::ApplyVia(hub, changes) => Some(DiskNews::Saved(
                hub.apply_local(changes).map_err(SaveError::from),
            )),
            Job::Draft(path, unsaved) => crate::store::drafts::write_unsaved(&path, &unsaved)
                .err()
                .map(|e| DiskNews::DraftFailed(e.to_string())),
            Job::Session => store
                .as_ref()
                .map(|s| DiskNews::Session(Box::new(s.session().clone()))),
            Job::Give(s) => {
                store = Some(s);
                None
            }
            Job::Take(reply) => {
                let _ = reply.send(store.take());
                None
            }
        };
        if let Some(n) = said {
            let _ = news.send(n);
        }
        if let (true, Some(s)) = (compact, store.as_mut()) {
            s.compact_if_due();
        }
    }
    // Nobody will ask for the store back: close it here (its snapshot is folded in).
    if let Some(s) = store {
        let _ = s.close();
    }
}
