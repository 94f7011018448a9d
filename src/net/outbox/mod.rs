//! The note-taker's outbox: answers typed in `hearth join` wait here, on disk, until the server
//! has acknowledged them. One JSON-lines file per (server, group); a line is synced before the
//! screen says "queued", so nothing a person typed is lost to a dropped connection, a crash or a
//! restart of either side.
//!
//! Opening replays the file's lines (`lines.rs` holds their format), sets aside a torn or
//! damaged line in a side file, and rewrites the file with only the live entries. An answer the
//! server says was withdrawn leaves the file (and any side file naming it) at once: the file is
//! rewritten atomically without it. Where outboxes live and their files' names are in
//! `names.rs`.

use std::fs::{self, File, OpenOptions};
use std::io::{Read, Write};
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use super::api::{ContributionRequest, JoinReply};
use crate::store::StoreError;
use crate::store::files::{sync_dir, write_atomic};

mod lines;
mod names;

use lines::{Line, apply, live_bytes, replay, set_aside};
pub use names::{default_dir, stem};

/// Larger outbox files are not read (a month of typing is a few megabytes).
const MAX_OUTBOX_BYTES: u64 = 1024 * 1024 * 1024;

/// An answer in the outbox: waiting to be sent, or refused for good.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    pub request: ContributionRequest,
    /// When it was queued (RFC 3339).
    pub queued: String,
    pub failed: Option<Refusal>,
}

/// Why the server refused an answer for good.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Refusal {
    pub status: u16,
    pub message: String,
}

/// The device this terminal joined as, kept beside the outbox so a restart keeps it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Device {
    pub device: String,
    pub token: String,
    pub group: String,
    /// The facilitator revoked it: the next `hearth join` joins afresh.
    #[serde(default)]
    pub revoked: bool,
}

impl From<JoinReply> for Device {
    fn from(r: JoinReply) -> Device {
        Device {
            device: r.device,
            token: r.token,
            group: r.group,
            revoked: false,
        }
    }
}

/// What opening found that the person should know about.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct OpenReport {
    /// Lines that could not be read (a write cut short, damage), set aside here, never dropped.
    pub set_aside: Option<(usize, PathBuf)>,
}

impl OpenReport {
    pub fn notice(&self) -> Option<String> {
        let (bytes, kept) = self.set_aside.as_ref()?;
        Some(format!(
            "the outbox had {bytes} bytes it could not read (a write cut short?); they are kept in {}",
            kept.display()
        ))
    }
}

#[derive(Debug)]
pub struct Outbox {
    path: PathBuf,
    device_path: PathBuf,
    file: File,
    /// Held for as long as the outbox is open: one `hearth join` per server and group.
    _lock: File,
    entries: Vec<Entry>,
    device: Option<Device>,
}

fn io<'a>(path: &'a Path, action: &'static str) -> impl FnOnce(std::io::Error) -> StoreError + 'a {
    move |source| StoreError::Io {
        path: path.to_owned(),
        action,
        source,
    }
}

fn private(path: &Path) -> Result<(), StoreError> {
    crate::platform::make_owner_only(path).map_err(io(path, "cannot make private"))
}

impl Outbox {
    /// Opens (or creates) the outbox of `server` ("host:port") and `group` in `dir`.
    pub fn open(dir: &Path, server: &str, group: &str) -> Result<(Outbox, OpenReport), StoreError> {
        crate::platform::owner_only_dir(fs::DirBuilder::new().recursive(true))
            .create(dir)
            .map_err(io(dir, "cannot create the outbox folder"))?;
        let stem = stem(server, group);
        let path = dir.join(format!("{stem}.jsonl"));
        let device_path = dir.join(format!("{stem}.device.json"));
        let lock_path = dir.join(format!("{stem}.lock"));
        let lock = crate::platform::owner_only(&mut OpenOptions::new())
            .read(true)
            .write(true)
            .create(true)
            .truncate(false)
            .open(&lock_path)
            .map_err(io(&lock_path, "cannot open"))?;
        match lock.try_lock() {
            Ok(()) => {}
            Err(fs::TryLockError::WouldBlock) => {
                return Err(StoreError::Locked {
                    path: path.clone(),
                    holder: "another `hearth join` for this address and group on this machine"
                        .into(),
                });
            }
            Err(fs::TryLockError::Error(e)) => return Err(io(&lock_path, "cannot lock")(e)),
        }

        let mut report = OpenReport::default();
        let bytes = match File::open(&path) {
            Ok(f) => {
                let mut bytes = Vec::new();
                f.take(MAX_OUTBOX_BYTES + 1)
                    .read_to_end(&mut bytes)
                    .map_err(io(&path, "cannot read"))?;
                if bytes.len() as u64 > MAX_OUTBOX_BYTES {
                    return Err(StoreError::TooLarge {
                        path,
                        size: bytes.len() as u64,
                        limit: MAX_OUTBOX_BYTES,
                        expected: "an outbox",
                    });
                }
                bytes
            }
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Vec::new(),
            Err(e) => return Err(io(&path, "cannot read")(e)),
        };
        let (entries, unreadable) = replay(&bytes);
        if !unreadable.is_empty() {
            let kept = set_aside(&path, &unreadable)?;
            report.set_aside = Some((unreadable.len(), kept));
        }
        // Rewrite with only what is live: acknowledged entries and unreadable bytes go (the
        // latter are in the side file by now).
        let compact = live_bytes(&entries);
        if compact != bytes {
            write_atomic(&path, &compact)?;
        }
        let file = crate::platform::owner_only(&mut OpenOptions::new())
            .append(true)
            .create(true)
            .open(&path)
            .map_err(io(&path, "cannot open"))?;
        private(&path)?;
        sync_dir(dir).map_err(io(dir, "cannot sync"))?;

        let device = match fs::read(&device_path) {
            // An unreadable device file only costs a fresh join.
            Ok(b) => serde_json::from_slice::<Device>(&b).ok(),
            Err(_) => None,
        };
        Ok((
            Outbox {
                path,
                device_path,
                file,
                _lock: lock,
                entries,
                device,
            },
            report,
        ))
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Every entry, oldest first: waiting ones and refused ones.
    pub fn entries(&self) -> &[Entry] {
        &self.entries
    }

    /// The oldest entry still to be sent.
    pub fn next_pending(&self) -> Option<&ContributionRequest> {
        self.entries
            .iter()
            .find(|e| e.failed.is_none())
            .map(|e| &e.request)
    }

    pub fn pending_count(&self) -> usize {
        self.entries.iter().filter(|e| e.failed.is_none()).count()
    }

    pub fn failed_count(&self) -> usize {
        self.entries.iter().filter(|e| e.failed.is_some()).count()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    fn append(&mut self, line: &Line) -> Result<(), StoreError> {
        let bytes = line.to_bytes();
        let before = self
            .file
            .metadata()
            .map_err(io(&self.path, "cannot read"))?
            .len();
        let result = self
            .file
            .write_all(&bytes)
            .and_then(|_| self.file.sync_data());
        if let Err(e) = result {
            // Take a half-written line back so it is not read as one later; if even that fails,
            // opening sets it aside.
            let _ = self
                .file
                .set_len(before)
                .and_then(|_| self.file.sync_data());
            return Err(io(&self.path, "cannot write")(e));
        }
        Ok(())
    }

    /// Queues an answer; on `Ok` it is on disk. Pushing an id already queued does nothing.
    pub fn push(&mut self, request: ContributionRequest) -> Result<(), StoreError> {
        self.push_replacing(request, None)
    }

    /// Queues the corrected version of a refused entry; the refused one goes in the same write.
    pub fn push_replacing(
        &mut self,
        request: ContributionRequest,
        replaces: Option<&str>,
    ) -> Result<(), StoreError> {
        if self.entries.iter().any(|e| e.request.id == request.id) {
            return Ok(());
        }
        let line = Line::Push {
            at: jiff::Timestamp::now().to_string(),
            replaces: replaces.map(str::to_owned),
            request,
        };
        self.append(&line)?;
        apply(&mut self.entries, line);
        Ok(())
    }

    /// The server saved it: it leaves the outbox. Returns whether it was there.
    pub fn ack(&mut self, id: &str) -> Result<bool, StoreError> {
        if !self.entries.iter().any(|e| e.request.id == id) {
            return Ok(false);
        }
        let line = Line::Ack { id: id.to_owned() };
        self.append(&line)?;
        apply(&mut self.entries, line);
        Ok(true)
    }

    /// The server refused it for good: it stays, marked, with the server's reason.
    pub fn fail(&mut self, id: &str, status: u16, message: &str) -> Result<(), StoreError> {
        if !self.entries.iter().any(|e| e.request.id == id) {
            return Ok(());
        }
        let line = Line::Failed {
            id: id.to_owned(),
            status,
            message: message.to_owned(),
        };
        self.append(&line)?;
        apply(&mut self.entries, line);
        Ok(())
    }

    /// The server says these answers were withdrawn: every word of theirs leaves this machine's
    /// outbox — the file is rewritten atomically with only the other live entries (an answer
    /// sent and acknowledged still has its line there until then), and side files of unreadable
    /// lines naming one are removed. Returns whether anything was dropped.
    pub fn forget(&mut self, withdrawn: &[String]) -> Result<bool, StoreError> {
        if withdrawn.is_empty() {
            return Ok(false);
        }
        let names = |bytes: &[u8]| {
            withdrawn
                .iter()
                .any(|id| !id.is_empty() && bytes.windows(id.len()).any(|w| w == id.as_bytes()))
        };
        let dir = crate::store::files::parent_dir(&self.path);
        let prefix = format!(
            "{}.torn-",
            self.path
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default()
        );
        let mut dropped = false;
        for entry in fs::read_dir(&dir)
            .map_err(io(&dir, "cannot read"))?
            .flatten()
        {
            let side = entry.path();
            if entry.file_name().to_string_lossy().starts_with(&prefix)
                && fs::read(&side).is_ok_and(|b| names(&b))
            {
                fs::remove_file(&side).map_err(io(&side, "cannot remove"))?;
                dropped = true;
            }
        }
        let bytes = fs::read(&self.path).map_err(io(&self.path, "cannot read"))?;
        if names(&bytes) {
            let mut entries = self.entries.clone();
            entries.retain(|e| !withdrawn.contains(&e.request.id));
            write_atomic(&self.path, &live_bytes(&entries))?;
            private(&self.path)?;
            self.file = crate::platform::owner_only(&mut OpenOptions::new())
                .append(true)
                .open(&self.path)
                .map_err(io(&self.path, "cannot open"))?;
            self.entries = entries;
            dropped = true;
        }
        if dropped {
            sync_dir(&dir).map_err(io(&dir, "cannot sync"))?;
        }
        Ok(dropped)
    }

    pub fn device(&self) -> Option<&Device> {
        self.device.as_ref()
    }

    /// Keeps the device (atomically, readable by this user only).
    pub fn set_device(&mut self, device: Device) -> Result<(), StoreError> {
        let bytes = serde_json::to_vec_pretty(&device).unwrap_or_default();
        write_atomic(&self.device_path, &bytes)?;
        private(&self.device_path)?;
        self.device = Some(device);
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A file's Unix permission bits (on Windows, privacy is the folder's: see `platform`).
    #[cfg(unix)]
    fn mode(path: &Path) -> u32 {
        use std::os::unix::fs::PermissionsExt;
        fs::metadata(path).unwrap().permissions().mode() & 0o777
    }
    #[cfg(not(unix))]
    fn mode(path: &Path) -> u32 {
        let _ = path;
        0o600
    }

    fn request(id: &str, text: &str) -> ContributionRequest {
        ContributionRequest {
            parent: None,
            id: id.into(),
            exercise: "pathways".into(),
            slot: "q4".into(),
            group: "Table 1".into(),
            text: text.into(),
            fields: Default::default(),
        }
    }

    fn ids(o: &Outbox) -> Vec<&str> {
        o.entries().iter().map(|e| e.request.id.as_str()).collect()
    }

    #[test]
    fn an_answer_the_server_withdrew_leaves_the_outbox_file_and_its_side_files() {
        let dir = tempfile::tempdir().unwrap();
        let (mut o, _) = Outbox::open(dir.path(), "h:1", "G").unwrap();
        o.push(request("gone", "SECRET said once")).unwrap();
        o.push(request("kept", "still waiting")).unwrap();
        o.push(request("sent", "sent and fine")).unwrap();
        o.ack("gone").unwrap();
        o.ack("sent").unwrap();
        let side = PathBuf::from(format!("{}.torn-1", o.path().display()));
        std::fs::write(
            &side,
            "{\"op\":\"push\",\"request\":{\"id\":\"gone\",\"text\":\"SECRET",
        )
        .unwrap();
        // Acknowledged, yet its line and its words are still in the file until told.
        assert!(
            std::fs::read_to_string(o.path())
                .unwrap()
                .contains("SECRET")
        );
        assert!(o.forget(&["gone".to_owned()]).unwrap());
        assert!(
            !std::fs::read_to_string(o.path())
                .unwrap()
                .contains("SECRET")
        );
        assert!(!side.exists());
        assert_eq!(ids(&o), ["kept"]);
        // Still writable after the rewrite, and nothing more to drop.
        o.push(request("new", "after")).unwrap();
        assert!(!o.forget(&["gone".to_owned()]).unwrap());
        drop(o);
        let (o, _) = Outbox::open(dir.path(), "h:1", "G").unwrap();
        assert_eq!(ids(&o), ["kept", "new"]);
        #[cfg(unix)]
        assert_eq!(mode(o.path()), 0o600);
    }

    #[test]
    fn push_ack_and_reopen() {
        let dir = tempfile::tempdir().unwrap();
        let (mut o, _) = Outbox::open(dir.path(), "127.0.0.1:7878", "Table 1").unwrap();
        o.push(request("a", "first  answer ")).unwrap();
        o.push(request("b", "second\nline 夢")).unwrap();
        o.push(request("c", "third")).unwrap();
        o.push(request("b", "pushed twice")).unwrap();
        o.ack("a").unwrap();
        assert_eq!(o.next_pending().map(|r| r.id.as_str()), Some("b"));
        let path = o.path().to_owned();
        drop(o);
        let (o, report) = Outbox::open(dir.path(), "127.0.0.1:7878", "Table 1").unwrap();
        assert_eq!(report, OpenReport::default());
        assert_eq!(ids(&o), ["b", "c"]);
        assert_eq!(o.entries()[0].request.text, "second\nline 夢");
        // Compacted: the acknowledged one is gone from the file.
        let text = fs::read_to_string(&path).unwrap();
        assert_eq!(text.lines().count(), 2);
        assert!(!text.contains("\"a\""));
        assert_eq!(mode(&path), 0o600);
    }

    #[test]
    fn groups_and_servers_have_their_own_outbox() {
        let dir = tempfile::tempdir().unwrap();
        let (mut a, _) = Outbox::open(dir.path(), "10.0.0.2:7878", "Table 1").unwrap();
        let (b, _) = Outbox::open(dir.path(), "10.0.0.2:7878", "table-1").unwrap();
        let (c, _) = Outbox::open(dir.path(), "10.0.0.3:7878", "Table 1").unwrap();
        a.push(request("a", "x")).unwrap();
        assert!(b.is_empty() && c.is_empty());
        assert_ne!(a.path(), b.path());
        // A second opener of the same outbox is refused while the first holds it.
        let again = Outbox::open(dir.path(), "10.0.0.2:7878", "Table 1");
        assert!(matches!(again, Err(StoreError::Locked { .. })));
    }

    #[test]
    fn a_torn_tail_is_set_aside_and_every_complete_entry_kept() {
        let dir = tempfile::tempdir().unwrap();
        let (mut o, _) = Outbox::open(dir.path(), "h:1", "G").unwrap();
        o.push(request("a", "one")).unwrap();
        o.push(request("b", "two")).unwrap();
        let path = o.path().to_owned();
        drop(o);
        let mut f = OpenOptions::new().append(true).open(&path).unwrap();
        f.write_all(br#"{"op":"push","at":"2026-01-01T00:00:00Z","request":{"id":"c","#)
            .unwrap();
        drop(f);
        let (mut o, report) = Outbox::open(dir.path(), "h:1", "G").unwrap();
        assert_eq!(ids(&o), ["a", "b"]);
        let (n, kept) = report.set_aside.clone().unwrap();
        assert!(n > 10);
        assert!(fs::read_to_string(&kept).unwrap().contains("\"id\":\"c\""));
        assert!(report.notice().unwrap().contains("kept in"));
        // Appending after a torn tail starts a fresh line.
        o.push(request("d", "four")).unwrap();
        drop(o);
        let (o, report) = Outbox::open(dir.path(), "h:1", "G").unwrap();
        assert_eq!(ids(&o), ["a", "b", "d"]);
        assert_eq!(report.set_aside, None);
    }

    #[test]
    fn a_damaged_line_in_the_middle_is_kept_aside_not_dropped() {
        let dir = tempfile::tempdir().unwrap();
        let (mut o, _) = Outbox::open(dir.path(), "h:1", "G").unwrap();
        o.push(request("a", "one")).unwrap();
        let path = o.path().to_owned();
        drop(o);
        let mut bytes = fs::read(&path).unwrap();
        bytes.extend_from_slice(b"\x00garbage\n");
        bytes.extend(
            Line::Push {
                at: "2026-01-01T00:00:00Z".into(),
                replaces: None,
                request: request("b", "two"),
            }
            .to_bytes(),
        );
        fs::write(&path, bytes).unwrap();
        let (o, report) = Outbox::open(dir.path(), "h:1", "G").unwrap();
        assert_eq!(ids(&o), ["a", "b"]);
        let (_, kept) = report.set_aside.unwrap();
        assert_eq!(fs::read(kept).unwrap(), b"\x00garbage\n");
    }

    #[test]
    fn refused_entries_stay_with_the_reason_until_replaced() {
        let dir = tempfile::tempdir().unwrap();
        let (mut o, _) = Outbox::open(dir.path(), "h:1", "G").unwrap();
        o.push(request("a", "one")).unwrap();
        o.push(request("b", "two")).unwrap();
        o.fail("a", 422, "q9: no such slot").unwrap();
        assert_eq!(o.next_pending().map(|r| r.id.as_str()), Some("b"));
        o.ack("b").unwrap();
        assert_eq!(o.next_pending(), None);
        drop(o);
        let (mut o, _) = Outbox::open(dir.path(), "h:1", "G").unwrap();
        assert_eq!(ids(&o), ["a"]);
        assert_eq!(o.failed_count(), 1);
        assert_eq!(
            o.entries()[0].failed,
            Some(Refusal {
                status: 422,
                message: "q9: no such slot".into()
            })
        );
        // Replacing a waiting entry never drops it; replacing a refused one does.
        o.push(request("c", "three")).unwrap();
        o.push_replacing(request("d", "x"), Some("c")).unwrap();
        o.push_replacing(request("e", "one, fixed"), Some("a"))
            .unwrap();
        assert_eq!(ids(&o), ["c", "d", "e"]);
        drop(o);
        let (o, _) = Outbox::open(dir.path(), "h:1", "G").unwrap();
        assert_eq!(ids(&o), ["c", "d", "e"]);
        assert_eq!(o.failed_count(), 0);
    }

    #[test]
    fn the_device_is_kept_privately() {
        let dir = tempfile::tempdir().unwrap();
        let (mut o, _) = Outbox::open(dir.path(), "h:1", "G").unwrap();
        assert_eq!(o.device(), None);
        let d = Device {
            device: "d1".into(),
            token: "secret".into(),
            group: "G".into(),
            revoked: false,
        };
        o.set_device(d.clone()).unwrap();
        drop(o);
        let (o, _) = Outbox::open(dir.path(), "h:1", "G").unwrap();
        assert_eq!(o.device(), Some(&d));
        assert_eq!(mode(&o.device_path), 0o600);
    }

    #[test]
    fn new_folders_are_private() {
        let dir = tempfile::tempdir().unwrap();
        let nested = dir.path().join("state/hearth/outbox");
        let _ = Outbox::open(&nested, "h:1", "G").unwrap();
        for d in [dir.path().join("state"), nested] {
            #[cfg(unix)]
            assert_eq!(mode(&d), 0o700);
            let _ = d;
        }
    }
}
