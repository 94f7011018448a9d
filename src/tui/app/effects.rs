//! Carrying out what `update` asks for: saving through the disk thread, opening and creating
//! sessions, exporting, sharing. The event loop (`app.rs`) calls [`perform`] for each effect.

use super::*;

/// Carries out one effect. Writes go to the disk thread, slower work (opening, exporting) to a
/// blocking thread; both report back.
pub(super) fn perform(
    effect: Effect,
    state: &mut State,
    writer: &mut Writer,
    disk: &Disk,
    options: &Options,
    done: &tokio::sync::mpsc::UnboundedSender<Background>,
) -> Vec<Action> {
    match effect {
        Effect::Persist(changes) => persist(writer, disk, changes),
        Effect::Bell => {
            let _ = std::io::stdout()
                .write_all(b"\x07")
                .and_then(|_| std::io::stdout().flush());
            Vec::new()
        }
        Effect::KeepUnsaved(unsaved) => {
            if let Some(run) = state.run() {
                disk.keep_draft(run.path.clone(), unsaved);
            }
            Vec::new()
        }
        Effect::Quit => {
            state.quit = true;
            Vec::new()
        }
        Effect::OpenSession(path) => {
            state.status = Some(format!("Opening {}…", path.display()));
            let done = done.clone();
            tokio::task::spawn_blocking(move || {
                let _ = done.send(match SessionStore::open(&path) {
                    Ok((store, report)) => {
                        let (unsaved, drafts) = crate::store::drafts::read_or_set_aside(&path);
                        let notices: Vec<String> = report
                            .notices(&store.paths().journal)
                            .into_iter()
                            .chain(drafts)
                            .collect();
                        let notice = (!notices.is_empty()).then(|| notices.join(" · "));
                        Background::Opened {
                            unsaved: unsaved.map(Box::new),
                            notice,
                            path,
                            store: Box::new(store),
                        }
                    }
                    Err(e) => Background::Report(Action::OpenFailed(e.to_string())),
                });
            });
            Vec::new()
        }
        Effect::StartNextSession(series) => {
            state.status = Some(format!(
                "Starting the next session of {}…",
                series.display()
            ));
            let done = done.clone();
            tokio::task::spawn_blocking(move || {
                let started = crate::store::series::start_next_from_last(&series);
                let _ = done.send(match started {
                    Ok(Some(path)) => match SessionStore::open(&path) {
                        // The drafts file holds the place the series goes on from.
                        Ok((store, _)) => Background::Opened {
                            unsaved: crate::store::drafts::read_or_set_aside(&path)
                                .0
                                .map(Box::new),
                            path,
                            store: Box::new(store),
                            notice: None,
                        },
                        Err(e) => Background::Report(Action::OpenFailed(e.to_string())),
                    },
                    Ok(None) => Background::Report(Action::OpenFailed(format!(
                        "{}: this series has no session yet to carry forward: add one with `hearth series add`",
                        series.display()
                    ))),
                    Err(e) => Background::Report(Action::OpenFailed(e.to_string())),
                });
            });
            Vec::new()
        }
        Effect::CreateSession {
            scenario,
            title,
            groups,
            details,
        } => {
            let dir = options.sessions_dir.clone();
            let done = done.clone();
            tokio::task::spawn_blocking(move || {
                let made = scenario.load().and_then(|plan| {
                    let mut session = Session::new(plan, title, details.date, groups);
                    session.mode = details.mode;
                    session.event = details.event;
                    session.facilitators = details.facilitators;
                    session.notes = details.notes;
                    session.introduction = details.introduction;
                    create_session(&dir, &session)
                });
                let _ = done.send(
                    match made.and_then(|path| SessionStore::open(&path).map(|(s, _)| (path, s))) {
                        Ok((path, store)) => Background::Opened {
                            path,
                            store: Box::new(store),
                            unsaved: None,
                            notice: None,
                        },
                        Err(e) => Background::Report(Action::OpenFailed(e.to_string())),
                    },
                );
            });
            Vec::new()
        }
        Effect::Export => {
            let Some(run) = state.run() else {
                return vec![Action::ExportFailed("no session is open".into())];
            };
            let (path, session) = (run.path.clone(), run.session.clone());
            state.status = Some("Exporting…".into());
            let done = done.clone();
            tokio::task::spawn_blocking(move || {
                let _ = done.send(match export(&path, &session) {
                    Ok(paths) => Background::Exported(paths),
                    Err(e) => Background::Report(Action::ExportFailed(e.to_string())),
                });
            });
            Vec::new()
        }
        Effect::StartSharing => start_sharing(state, writer, disk, options),
        Effect::StopSharing => {
            let Writer::Shared { sharing, .. } = std::mem::replace(writer, Writer::None) else {
                return vec![Action::Unshared];
            };
            *writer = Writer::Stopping(std::sync::Arc::clone(&sharing.hub));
            let done = done.clone();
            tokio::spawn(async move {
                let _ = done.send(Background::Unshared(sharing.stop().await.map(Box::new)));
            });
            Vec::new()
        }
        Effect::Revoke(device) => {
            let Writer::Shared { sharing, .. } = &*writer else {
                return Vec::new();
            };
            // Rewriting the devices file (with its fsync) happens off the screen's loop.
            let hub = std::sync::Arc::clone(&sharing.hub);
            let done = done.clone();
            tokio::task::spawn_blocking(move || {
                let text = match hub.revoke(&device) {
                    Ok(true) => format!("Device {device} revoked: it can no longer send answers."),
                    Ok(false) => format!("No device {device}."),
                    Err(e) => format!("Could not revoke {device}: {e}"),
                };
                let _ = done.send(Background::Report(Action::Notice {
                    text,
                    warning: false,
                }));
                let _ = done.send(Background::Report(Action::Devices(hub.devices())));
            });
            Vec::new()
        }
        Effect::RotateCode => match &*writer {
            Writer::Shared { sharing, .. } => {
                vec![Action::CodeRotated(sharing.hub.rotate_code().display())]
            }
            _ => Vec::new(),
        },
        Effect::Resync => resync(writer, disk).into_iter().collect(),
    }
}

/// Hands the facilitator's changes to the disk thread; `Persisted` or `PersistFailed` follows
/// when they are on disk (or not).
fn persist(writer: &mut Writer, disk: &Disk, changes: Vec<crate::model::Change>) -> Vec<Action> {
    match writer {
        Writer::None => vec![Action::PersistFailed("no session is open".into())],
        Writer::Local => {
            disk.apply(changes);
            Vec::new()
        }
        Writer::Stopping(hub) => {
            disk.apply_via(std::sync::Arc::clone(hub), changes);
            Vec::new()
        }
        Writer::Shared { sharing, .. } => {
            disk.apply_via(std::sync::Arc::clone(&sharing.hub), changes);
            Vec::new()
        }
    }
}

/// Once the facilitator's change is saved through the hub: the note-takers' answers the hub
/// saved before it, up to the facilitator's own announcement.
pub(super) fn saved_in_order(writer: &mut Writer) -> Vec<Action> {
    let Writer::Shared { sharing, events } = writer else {
        return Vec::new();
    };
    let mut arrived: Vec<Action> = Vec::new();
    loop {
        use tokio::sync::broadcast::error::TryRecvError;
        match events.try_recv() {
            Ok(HubEvent::Saved {
                origin: Origin::Facilitator,
                ..
            }) => break,
            Ok(news) => arrived.extend(hub_action(news)),
            Err(TryRecvError::Lagged(_)) => {
                arrived.extend(
                    sharing
                        .hub
                        .with_session(|s| Action::Resync(Box::new(s.clone()))),
                );
            }
            Err(_) => break,
        }
    }
    arrived
}

pub(super) fn start_sharing(
    state: &mut State,
    writer: &mut Writer,
    disk: &Disk,
    options: &Options,
) -> Vec<Action> {
    let Some(run) = state.run() else {
        return vec![Action::ShareFailed("open a session first".into())];
    };
    let exercise = run.exercise;
    if !matches!(writer, Writer::Local) {
        // Already shared (or stopping): nothing to start.
        return Vec::new();
    }
    // Once the writes handed over are done, the hub takes the store.
    let Some(store) = disk.take() else {
        return vec![Action::ShareFailed(
            "the session is not open for writing".into(),
        )];
    };
    *writer = Writer::None;
    let code = options.code.clone().unwrap_or_else(JoinCode::random);
    match share(store, options.bind, code, exercise, Limits::default()) {
        Ok(sharing) => {
            let action = Action::Shared {
                url: sharing.url.clone(),
                code: sharing.hub.code().display(),
                screen: format!(
                    "{}screen?code={}",
                    sharing.url,
                    sharing.hub.screen_code().display()
                ),
                local_only: sharing.local_only(),
                qr: qr_lines(&sharing.url).unwrap_or_default(),
            };
            let events = sharing.hub.subscribe();
            *writer = Writer::Shared {
                sharing: Box::new(sharing),
                events,
            };
            vec![action]
        }
        Err(e) => {
            if let Some(store) = e.store {
                disk.give(*store);
                *writer = Writer::Local;
            }
            vec![Action::ShareFailed(format!(
                "{}. Start hearth run with --bind 127.0.0.1:PORT to use another port.",
                e.message
            ))]
        }
    }
}

/// Writes the session's Markdown, HTML, CSV and JSON beside it, in `exports/`. Off the record
/// stays out; authors stay out.
pub(super) fn export(
    session_path: &Path,
    session: &Session,
) -> Result<Vec<PathBuf>, ExportFilesError> {
    use crate::export::{Format, Options, export};
    let dir = crate::store::files::parent_dir(session_path).join("exports");
    let stem = session_path
        .file_stem()
        .map_or_else(|| "session".into(), |s| s.to_string_lossy().into_owned());
    if let Err(source) = crate::platform::create_owner_only_dir_all(&dir) {
        return Err(ExportFilesError::Folder { dir, source });
    }
    let mut written = Vec::new();
    for (format, ext) in [
        (Format::Markdown, "md"),
        (Format::Html, "html"),
        (Format::Csv, "csv"),
        (Format::Json, "json"),
    ] {
        let path = dir.join(format!("{stem}.{ext}"));
        let bytes = export(session, format, &Options::default())?;
        crate::store::files::write_atomic(&path, &bytes).map_err(ExportFilesError::Write)?;
        written.push(path);
    }
    Ok(written)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Scenario;

    fn session() -> Session {
        let scenario: Scenario =
            serde_json::from_str(r#"{"id":"s","title":"S","agenda":[]}"#).expect("a plan");
        Session::new(scenario, "Retro".into(), None, vec!["Table 1".into()])
    }

    #[test]
    fn an_export_folder_that_cannot_be_made_says_where_and_what_to_check() {
        let dir = tempfile::tempdir().expect("a temporary folder");
        let path = dir.path().join("retro.hearth");
        std::fs::write(dir.path().join("exports"), b"a file in the way").expect("written");
        let e = export(&path, &session()).expect_err("exports/ is a file");
        assert!(matches!(&e, ExportFilesError::Folder { dir: d, .. } if d.ends_with("exports")));
        let said = e.to_string();
        assert!(said.contains("exports"), "{said}");
        assert!(said.contains("can be written to"), "{said}");
        // Once the way is clear, all four are written.
        std::fs::remove_file(dir.path().join("exports")).expect("removed");
        assert_eq!(export(&path, &session()).expect("written").len(), 4);
    }
}
