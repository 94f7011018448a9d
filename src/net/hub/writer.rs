//! The writer: note-takers' answers and ballots, checked, saved in batches with one sync, then
//! answered and announced.

use super::*;

impl Hub {
    // ---- note-takers' answers ----

    /// Saves a note-taker's answer; returns once it is durable (or refused).
    pub async fn contribute(&self, caller: &Caller, request: ContributionRequest) -> Outcome {
        let origin = match caller {
            Caller::Code => Origin::Code,
            Caller::Device { id, .. } => Origin::Device(id.clone()),
        };
        // A parent chosen must be one the answer can go under; an answer already saved is
        // answered as saved, whatever became of its parent since.
        if let Some(Err(reason)) = self.with_session(|s| {
            if s.contribution(&request.id).is_some() {
                return Ok(());
            }
            crate::model::tree::check_parent(
                s,
                &request.exercise,
                &request.slot,
                request.parent.as_deref(),
            )
        }) {
            return Outcome::Refused(reason);
        }
        let contribution = Contribution {
            id: request.id,
            exercise: request.exercise,
            slot: request.slot,
            group: Some(request.group),
            parent: request.parent,
            author: None,
            text: normalize_newlines(&request.text),
            fields: request
                .fields
                .into_iter()
                .map(|(k, v)| (k, normalize_newlines(&v)))
                .collect(),
            created: Timestamp::now(),
            edited: None,
            revisions: Vec::new(),
            hidden: false,
            starred: false,
            withdrawn: None,
        };
        let (reply, answer) = oneshot::channel();
        if let Err(outcome) = self.submit(Job::Add {
            contribution: Box::new(contribution),
            origin: origin.clone(),
            reply,
        }) {
            return outcome;
        }
        let outcome = answer
            .await
            .unwrap_or_else(|_| Outcome::NotSaved(stopped().to_string()));
        if let (Outcome::Saved, Origin::Device(id)) = (&outcome, &origin) {
            lock(&self.people)
                .presence
                .entry(id.clone())
                .or_default()
                .answers += 1;
        }
        outcome
    }

    pub(super) fn submit(&self, job: Job) -> Result<(), Outcome> {
        let jobs = lock(&self.jobs);
        match jobs.as_ref().map(|j| j.send(job)) {
            Some(Ok(())) => Ok(()),
            _ => Err(Outcome::NotSaved(stopped().to_string())),
        }
    }

    /// The writer thread: takes what has arrived, checks each, saves them with one sync,
    /// then answers every one.
    pub(super) fn write_loop(&self, queue: &std::sync::mpsc::Receiver<Job>) {
        while let Ok(first) = queue.recv() {
            let mut jobs = vec![first];
            while jobs.len() < MAX_BATCH {
                match queue.try_recv() {
                    Ok(job) => jobs.push(job),
                    Err(_) => break,
                }
            }
            self.write_batch(jobs);
        }
    }

    pub(super) fn write_batch(&self, jobs: Vec<Job>) {
        let mut guard = lock(&self.store);
        let Some(store) = guard.as_mut() else {
            for job in jobs {
                let reply = match job {
                    Job::Add { reply, .. }
                    | Job::AddGroup { reply, .. }
                    | Job::Cast { reply, .. } => reply,
                };
                let _ = reply.send(Outcome::NotSaved(stopped().to_string()));
            }
            return;
        };
        // Each job ends up with an outcome now, or waits for the sync.
        let mut waiting: Vec<(oneshot::Sender<Outcome>, Outcome)> = Vec::new();
        let mut changes: Vec<Change> = Vec::new();
        let mut origins: Vec<Origin> = Vec::new();
        let mut in_batch: HashMap<String, usize> = HashMap::new();
        let mut groups_in_batch: Vec<String> = Vec::new();
        for job in jobs {
            match job {
                Job::Add {
                    contribution,
                    origin,
                    reply,
                } => {
                    let session = store.session();
                    if let Some(existing) = session.contribution(&contribution.id) {
                        let same = existing.text == contribution.text
                            || existing.original_text() == contribution.text;
                        let _ = reply.send(if same {
                            Outcome::AlreadySaved
                        } else {
                            Outcome::Conflict(conflict_message(&contribution.id))
                        });
                        continue;
                    }
                    if let Some(&at) = in_batch.get(&contribution.id) {
                        let same = matches!(&changes[at], Change::Add { contribution: c } if c.text == contribution.text);
                        if same {
                            waiting.push((reply, Outcome::AlreadySaved));
                        } else {
                            let _ =
                                reply.send(Outcome::Conflict(conflict_message(&contribution.id)));
                        }
                        continue;
                    }
                    let change = Change::Add {
                        contribution: *contribution,
                    };
                    if let Err(e) = session.check(&change) {
                        let _ = reply.send(Outcome::Refused(e.to_string()));
                        continue;
                    }
                    if let Change::Add { contribution } = &change {
                        in_batch.insert(contribution.id.clone(), changes.len());
                    }
                    changes.push(change);
                    origins.push(origin);
                    waiting.push((reply, Outcome::Saved));
                }
                Job::Cast {
                    change,
                    origin,
                    reply,
                } => {
                    let session = store.session();
                    if let Change::Cast {
                        round,
                        voter,
                        ballot,
                    } = change.as_ref()
                    {
                        let counted = session
                            .convergence
                            .ballots
                            .get(round)
                            .and_then(|b| b.get(voter));
                        let open = session.convergence.round(round).is_some_and(|r| {
                            r.state == crate::model::convergence::RoundState::Open
                        });
                        if open && counted.is_some_and(|b| b.choice == ballot.choice) {
                            let _ = reply.send(Outcome::AlreadySaved);
                            continue;
                        }
                    }
                    // Checked against the session as saved: ballots do not lean on each other
                    // (a voter's later ballot in the same batch simply replaces the earlier).
                    if let Err(e) = session.check(&change) {
                        let _ = reply.send(Outcome::Refused(e.to_string()));
                        continue;
                    }
                    changes.push(*change);
                    origins.push(origin);
                    waiting.push((reply, Outcome::Saved));
                }
                Job::AddGroup { name, reply } => {
                    if store.session().groups.contains(&name) || groups_in_batch.contains(&name) {
                        waiting.push((reply, Outcome::AlreadySaved));
                        continue;
                    }
                    let change = Change::AddGroup { name: name.clone() };
                    if let Err(e) = store.session().check(&change) {
                        let _ = reply.send(Outcome::Refused(e.to_string()));
                        continue;
                    }
                    groups_in_batch.push(name);
                    changes.push(change);
                    origins.push(Origin::Code);
                    waiting.push((reply, Outcome::Saved));
                }
            }
        }
        // Groups first, so that nothing in the batch leans on a later change.
        let (mut ordered, rest): (Vec<_>, Vec<_>) = changes
            .into_iter()
            .zip(origins)
            .partition(|(c, _)| matches!(c, Change::AddGroup { .. }));
        ordered.extend(rest);
        let (changes, origins): (Vec<Change>, Vec<Origin>) = ordered.into_iter().unzip();
        let result = if changes.is_empty() {
            Ok(())
        } else {
            store.append_all(&changes)
        };
        match result {
            Ok(()) => {
                // Taken before the session is read: no lock is ever waited for while reading it.
                let current = self.exercise();
                let session = store.session();
                let mut by_origin: Vec<(Origin, Vec<Saved>)> = Vec::new();
                for (change, origin) in changes.into_iter().zip(origins) {
                    let saved = Saved::of(&session, change, None);
                    match by_origin.last_mut() {
                        Some((o, list)) if *o == origin => list.push(saved),
                        _ => by_origin.push((origin, vec![saved])),
                    }
                }
                // Announced under the lock, so the order of announcements is the journal's.
                for (origin, list) in by_origin {
                    let alters = super::parents::alters(&session, current, &list);
                    let _ = self.events.send(HubEvent::Saved {
                        origin,
                        changes: Arc::new(list),
                        alters,
                    });
                }
                drop(session);
                drop(guard);
                for (reply, outcome) in waiting {
                    let _ = reply.send(outcome);
                }
                // Answered first: a journal grown long is folded into the snapshot only now, on
                // a thread of its own (readers and later batches never wait for it; a batch
                // holding a withdrawal was folded in before its answers, by `append_all`).
                if let Some(store) = lock(&self.store).as_mut() {
                    store.compact_if_due();
                }
            }
            Err(e) => {
                drop(guard);
                let message = e.to_string();
                for (reply, outcome) in waiting {
                    let _ = reply.send(match outcome {
                        Outcome::Saved | Outcome::AlreadySaved => {
                            Outcome::NotSaved(message.clone())
                        }
                        other => other,
                    });
                }
            }
        }
    }
}

pub(super) fn conflict_message(id: &str) -> String {
    format!(
        "another answer with the id `{id}` is already saved with different text; send yours with a new id"
    )
}

pub(super) fn stopped() -> StoreError {
    StoreError::Io {
        path: PathBuf::from("."),
        action: "the session is no longer shared",
        source: std::io::Error::other("sharing stopped"),
    }
}

pub(super) fn group_of(session: &Session, change: &Change) -> Option<String> {
    change
        .contribution_id()
        .and_then(|id| session.contribution(id))
        .and_then(|c| c.group.clone())
}

pub(super) fn describe(
    session: &Session,
    changes: Vec<Change>,
    before: Vec<Option<String>>,
) -> Vec<Saved> {
    changes
        .into_iter()
        .zip(before)
        .map(|(change, group_before)| Saved::of(session, change, group_before))
        .collect()
}
