//! The session as saved, shared between its writer and readers on other threads.
//!
//! A [`super::SessionStore`] keeps its session behind a read–write lock. The store takes the
//! write lock only for the moment it applies changes already synced to the journal, never across
//! a sync; readers (the sharing hub's HTTP handlers, the audience screen) take the read lock for as
//! long as they look, and keep nothing. So each saved change is applied once, in one place, and
//! a slow disk never delays a read.

use std::sync::{Arc, PoisonError, RwLock, RwLockReadGuard, RwLockWriteGuard};

use crate::model::Session;

/// The session as its store last saved it, for readers on other threads.
#[derive(Debug, Clone)]
pub struct SharedSession(Arc<RwLock<Session>>);

impl SharedSession {
    pub(super) fn new(session: Session) -> SharedSession {
        SharedSession(Arc::new(RwLock::new(session)))
    }

    /// Reads the session as saved. Hold it briefly, and never ask for it again on the same
    /// thread while holding it: a change waiting to be applied would wait for both.
    pub fn read(&self) -> SessionRead<'_> {
        SessionRead::Locked(self.0.read().unwrap_or_else(PoisonError::into_inner))
    }

    /// Whether `other` is this very session, not a copy of it.
    pub fn is(&self, other: &SharedSession) -> bool {
        Arc::ptr_eq(&self.0, &other.0)
    }

    pub(super) fn write(&self) -> RwLockWriteGuard<'_, Session> {
        self.0.write().unwrap_or_else(PoisonError::into_inner)
    }
}

/// A session being read: under its store's lock, or one held outright.
#[derive(Debug)]
pub enum SessionRead<'a> {
    Locked(RwLockReadGuard<'a, Session>),
    Held(&'a Session),
}

impl std::ops::Deref for SessionRead<'_> {
    type Target = Session;

    fn deref(&self) -> &Session {
        match self {
            SessionRead::Locked(guard) => guard,
            SessionRead::Held(session) => session,
        }
    }
}
