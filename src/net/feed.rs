//! The audience feed on this machine: `hearth run` listens on a Unix socket beside the session
//! (mode 0600, and only the same user is served), and `hearth screen` connects to it. The
//! protocol is JSON lines, one [`AudienceView`] each: the current view on connecting, then every
//! change. The screen only reads; nothing it sends is looked at.

use std::path::{Path, PathBuf};

use super::audience::AudienceView;

/// Where the feed of the session at `session` listens: beside it, or (when that path is too
/// long for a socket) in this user's own folder of the runtime folder, under a name made from
/// it — never at a name another user could take first.
pub fn socket_path(session: &Path) -> PathBuf {
    let session = std::fs::canonicalize(session).unwrap_or_else(|_| session.to_path_buf());
    let stem = session
        .file_stem()
        .map_or_else(|| "session".into(), |s| s.to_string_lossy().into_owned());
    let dir = crate::store::files::parent_dir(&session);
    let beside = dir.join(format!(".{stem}.screen"));
    // sockaddr_un holds about 104 bytes on the BSDs, 108 on Linux.
    if beside.as_os_str().len() < 100 {
        return beside;
    }
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for b in session.as_os_str().as_encoded_bytes() {
        hash = (hash ^ u64::from(*b)).wrapping_mul(0x0100_0000_01b3);
    }
    private_dir().join(format!("screen-{hash:016x}"))
}

/// This user's folder for audience sockets whose path beside the session is too long:
/// `hearth-<uid>` in `$XDG_RUNTIME_DIR`, else in the temporary folder.
pub fn private_dir() -> PathBuf {
    let runtime = std::env::var_os("XDG_RUNTIME_DIR")
        .map(PathBuf::from)
        .filter(|d| d.is_dir())
        .unwrap_or_else(std::env::temp_dir);
    #[cfg(unix)]
    let uid = unsafe { libc::getuid() };
    #[cfg(not(unix))]
    let uid = 0;
    runtime.join(format!("hearth-{uid}"))
}

/// Makes this user's socket folder (0700) or checks that the one there is this user's own, a
/// real folder that no one else can enter; anything else is refused, saying so.
#[cfg(unix)]
pub fn ensure_private_dir(dir: &Path) -> std::io::Result<()> {
    use std::os::unix::fs::{DirBuilderExt, MetadataExt};
    match std::fs::DirBuilder::new().mode(0o700).create(dir) {
        Ok(()) => {}
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {}
        Err(e) => return Err(e),
    }
    let meta = std::fs::symlink_metadata(dir)?;
    let me = unsafe { libc::getuid() };
    if !meta.is_dir() || meta.uid() != me || meta.mode() & 0o077 != 0 {
        return Err(std::io::Error::new(
            std::io::ErrorKind::PermissionDenied,
            format!(
                "{} is not a private folder of this user's (hearth made none there): remove it, or set XDG_RUNTIME_DIR to a folder of your own",
                dir.display()
            ),
        ));
    }
    Ok(())
}

/// Parses one line of the feed.
pub fn parse_line(line: &str) -> Result<AudienceView, serde_json::Error> {
    serde_json::from_str(line)
}

#[cfg(unix)]
pub use unix::{Feed, FeedReader, connect};

#[cfg(unix)]
mod unix {
    use std::io;
    use std::path::{Path, PathBuf};
    use std::sync::Arc;
    use std::sync::atomic::{AtomicUsize, Ordering};

    use tokio::io::{AsyncBufReadExt, AsyncReadExt, AsyncWriteExt, BufReader};
    use tokio::net::{UnixListener, UnixStream};
    use tokio::sync::watch;

    use super::{AudienceView, parse_line, socket_path};

    /// The longest line a screen accepts (a slot with a great many long answers).
    const MAX_LINE: usize = 64 << 20;

    /// The listening side, owned by `hearth run`. Dropping it stops listening and removes the
    /// socket.
    #[derive(Debug)]
    pub struct Feed {
        session: PathBuf,
        path: PathBuf,
        tx: watch::Sender<Option<Arc<String>>>,
        attached: Arc<AtomicUsize>,
        task: tokio::task::JoinHandle<()>,
    }

    impl Feed {
        /// Listens for screens of the session at `session`. Must be called within a tokio
        /// runtime. A socket left by a run that was killed is replaced.
        pub fn listen(session: &Path) -> io::Result<Feed> {
            let path = socket_path(session);
            if path.parent() == Some(super::private_dir().as_path()) {
                super::ensure_private_dir(&super::private_dir())?;
            }
            if std::os::unix::net::UnixStream::connect(&path).is_ok() {
                return Err(io::Error::new(
                    io::ErrorKind::AddrInUse,
                    format!(
                        "{}: another hearth run of this session is feeding screens",
                        path.display()
                    ),
                ));
            }
            match std::fs::remove_file(&path) {
                Ok(()) => {}
                Err(e) if e.kind() == io::ErrorKind::NotFound => {}
                Err(e) => return Err(e),
            }
            let listener = UnixListener::bind(&path)?;
            use std::os::unix::fs::PermissionsExt;
            std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o600))?;
            // The socket was made by this process: its owner is this user.
            let me = std::os::unix::fs::MetadataExt::uid(&std::fs::metadata(&path)?);
            let (tx, rx) = watch::channel(None);
            let attached = Arc::new(AtomicUsize::new(0));
            let count = Arc::clone(&attached);
            let task = tokio::spawn(async move {
                loop {
                    let Ok((stream, _)) = listener.accept().await else {
                        continue;
                    };
                    // Mode 0600 keeps others out; the peer's user is checked as well, for a
                    // connection made before the mode was set.
                    if stream.peer_cred().map(|c| c.uid()).ok() != Some(me) {
                        continue;
                    }
                    tokio::spawn(serve(stream, rx.clone(), Arc::clone(&count)));
                }
            });
            Ok(Feed {
                session: session.to_path_buf(),
                path,
                tx,
                attached,
                task,
            })
        }

        /// The socket's path.
        pub fn path(&self) -> &Path {
            &self.path
        }

        /// The session this feed is for.
        pub fn session(&self) -> &Path {
            &self.session
        }

        /// Sends `view` to every screen if it differs from the last one sent. Returns whether
        /// it was sent.
        pub fn publish(&self, view: &AudienceView) -> bool {
            let Ok(line) = serde_json::to_string(view) else {
                return false;
            };
            self.tx.send_if_modified(|last| {
                if last.as_deref().is_some_and(|l| *l == line) {
                    return false;
                }
                *last = Some(Arc::new(line));
                true
            })
        }

        /// How many screens are connected.
        pub fn attached(&self) -> usize {
            self.attached.load(Ordering::Relaxed)
        }
    }

    impl Drop for Feed {
        fn drop(&mut self) {
            self.task.abort();
            let _ = std::fs::remove_file(&self.path);
        }
    }

    struct Attached(Arc<AtomicUsize>);

    impl Drop for Attached {
        fn drop(&mut self) {
            self.0.fetch_sub(1, Ordering::Relaxed);
        }
    }

    async fn serve(
        stream: UnixStream,
        mut rx: watch::Receiver<Option<Arc<String>>>,
        count: Arc<AtomicUsize>,
    ) {
        count.fetch_add(1, Ordering::Relaxed);
        let _attached = Attached(count);
        let (mut read, mut write) = stream.into_split();
        let mut ignored = [0u8; 256];
        loop {
            let line = rx.borrow_and_update().clone();
            if let Some(line) = line {
                let mut bytes = Vec::with_capacity(line.len() + 1);
                bytes.extend_from_slice(line.as_bytes());
                bytes.push(b'\n');
                if write.write_all(&bytes).await.is_err() {
                    return;
                }
            }
            tokio::select! {
                changed = rx.changed() => if changed.is_err() { return },
                n = read.read(&mut ignored) => if !matches!(n, Ok(n) if n > 0) { return },
            }
        }
    }

    /// The reading side, in `hearth screen`.
    #[derive(Debug)]
    pub struct FeedReader {
        lines: BufReader<UnixStream>,
        line: String,
    }

    /// Connects to the feed of the session at `session`.
    pub async fn connect(session: &Path) -> io::Result<FeedReader> {
        let path = socket_path(session);
        if path.parent() == Some(super::private_dir().as_path()) {
            super::ensure_private_dir(&super::private_dir())?;
        }
        let stream = UnixStream::connect(&path).await?;
        // Only this user's own `hearth run` is listened to: a socket another user bound first
        // is refused, whatever it would show.
        let me = unsafe { libc::getuid() };
        if stream.peer_cred().map(|c| c.uid()).ok() != Some(me) {
            return Err(io::Error::new(
                io::ErrorKind::PermissionDenied,
                format!(
                    "{}: the audience socket is not this user's; hearth will not show what it sends",
                    path.display()
                ),
            ));
        }
        Ok(FeedReader {
            lines: BufReader::new(stream),
            line: String::new(),
        })
    }

    impl FeedReader {
        /// The next view; `None` when `hearth run` went away.
        pub async fn next(&mut self) -> io::Result<Option<AudienceView>> {
            self.line.clear();
            let n = (&mut self.lines)
                .take(MAX_LINE as u64)
                .read_line(&mut self.line)
                .await?;
            if n == 0 {
                return Ok(None);
            }
            parse_line(self.line.trim_end())
                .map(Some)
                .map_err(|e| io::Error::new(io::ErrorKind::InvalidData, e))
        }
    }
}

/// On systems without Unix sockets the audience window is not available locally.
#[cfg(not(unix))]
mod other {
    use std::io;
    use std::path::Path;

    use super::AudienceView;

    #[derive(Debug)]
    pub struct Feed;

    impl Feed {
        pub fn session(&self) -> &Path {
            Path::new("")
        }
        pub fn listen(_session: &Path) -> io::Result<Feed> {
            Err(io::Error::new(
                io::ErrorKind::Unsupported,
                "the audience window needs Unix sockets; use the browser screen (/screen) instead",
            ))
        }
        pub fn publish(&self, _view: &AudienceView) -> bool {
            false
        }
        pub fn attached(&self) -> usize {
            0
        }
    }

    #[derive(Debug)]
    pub struct FeedReader;

    pub async fn connect(_session: &Path) -> io::Result<FeedReader> {
        Err(io::Error::new(
            io::ErrorKind::Unsupported,
            "the audience window needs Unix sockets; use the browser screen (/screen) instead",
        ))
    }

    impl FeedReader {
        pub async fn next(&mut self) -> io::Result<Option<AudienceView>> {
            Ok(None)
        }
    }
}

#[cfg(not(unix))]
pub use other::{Feed, FeedReader, connect};
