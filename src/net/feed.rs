//! The audience feed on this machine: `hearth run` listens on a Unix socket beside the session
//! (mode 0600, and only the same user is served), and `hearth screen` connects to it. The
//! protocol is JSON lines, one [`AudienceView`] each: the current view on connecting, then every
//! change. The screen only reads; nothing it sends is looked at.

use std::path::{Path, PathBuf};

use super::audience::AudienceView;
#[cfg(unix)]
pub use super::local::ensure_private_dir;
pub use super::local::private_dir;

/// Where the feed of the session at `session` listens: beside it, or (when that path is too
/// long for a socket) in this user's own folder — never at a name another user could take
/// first.
pub fn socket_path(session: &Path) -> PathBuf {
    super::local::socket_path(session, "screen")
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
    use tokio::net::UnixStream;
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
            let (listener, me) = crate::net::local::bind(
                &path,
                "another hearth run of this session is feeding screens",
            )?;
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

        /// Drops the last view, so that a screen attaching later waits for a new one rather than
        /// showing one that may be out of date (an answer withdrawn since, say).
        pub fn forget(&self) {
            self.tx.send_replace(None);
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

    /// What a screen may send before it is disconnected: `hearth screen` sends nothing, so
    /// anything it writes is ignored, and past this much the connection is closed.
    pub(super) const READ_BUDGET: usize = 4096;

    /// Sends the current view, then each change; a write from the screen never makes the
    /// view go out again (only a change does), and a screen that writes more than
    /// [`READ_BUDGET`] is disconnected.
    async fn serve(
        stream: UnixStream,
        mut rx: watch::Receiver<Option<Arc<String>>>,
        count: Arc<AtomicUsize>,
    ) {
        count.fetch_add(1, Ordering::Relaxed);
        let _attached = Attached(count);
        let (mut read, mut write) = stream.into_split();
        let mut ignored = [0u8; 256];
        let mut received = 0usize;
        let mut send = true;
        loop {
            if send {
                let line = rx.borrow_and_update().clone();
                if let Some(line) = line {
                    let mut bytes = Vec::with_capacity(line.len() + 1);
                    bytes.extend_from_slice(line.as_bytes());
                    bytes.push(b'\n');
                    if write.write_all(&bytes).await.is_err() {
                        return;
                    }
                }
            }
            tokio::select! {
                changed = rx.changed() => {
                    if changed.is_err() {
                        return;
                    }
                    send = true;
                }
                n = read.read(&mut ignored) => match n {
                    Ok(n) if n > 0 => {
                        received += n;
                        if received > READ_BUDGET {
                            return;
                        }
                        send = false;
                    }
                    _ => return,
                },
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
        let stream = crate::net::local::connect(&path).await?;
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

#[cfg(all(test, unix))]
mod tests {
    use std::time::Duration;

    use tokio::io::{AsyncBufReadExt, AsyncReadExt, AsyncWriteExt, BufReader};
    use tokio::time::timeout;

    use super::AudienceView;

    /// A screen that writes to the socket gets no view again for it (only a change sends
    /// one), and is disconnected once it has written more than the budget.
    #[tokio::test]
    async fn writes_from_a_screen_send_nothing_and_past_the_budget_close_it() {
        let dir = tempfile::tempdir().unwrap();
        let session = dir.path().join("s.json");
        std::fs::write(&session, "{}").unwrap();
        let feed = super::Feed::listen(&session).unwrap();
        let view = AudienceView {
            session: "A workshop".into(),
            question: "x".repeat(10_000),
            ..AudienceView::default()
        };
        assert!(feed.publish(&view));
        let stream = tokio::net::UnixStream::connect(feed.path()).await.unwrap();
        let (read, mut write) = stream.into_split();
        let mut lines = BufReader::new(read);
        let wait = Duration::from_secs(5);
        let mut first = String::new();
        timeout(wait, lines.read_line(&mut first))
            .await
            .unwrap()
            .unwrap();
        assert_eq!(super::parse_line(first.trim_end()).unwrap(), view);
        // Small writes, within the budget: nothing comes back.
        for _ in 0..(super::unix::READ_BUDGET / 64) {
            write.write_all(&[b'.'; 64]).await.unwrap();
            tokio::task::yield_now().await;
        }
        let mut more = [0u8; 64];
        let echoed = timeout(Duration::from_millis(500), lines.read(&mut more)).await;
        assert!(
            echoed.is_err(),
            "the screen's writes brought {echoed:?} back"
        );
        // A change is still sent.
        let changed = AudienceView {
            exercise: "Next".into(),
            ..view.clone()
        };
        assert!(feed.publish(&changed));
        let mut second = String::new();
        timeout(wait, lines.read_line(&mut second))
            .await
            .unwrap()
            .unwrap();
        assert_eq!(super::parse_line(second.trim_end()).unwrap(), changed);
        // Past the budget the screen is disconnected, without another view.
        let _ = write.write_all(&[b'.'; 1024]).await;
        let mut rest = Vec::new();
        let closed = timeout(wait, lines.read_to_end(&mut rest)).await;
        // Closed with the screen's bytes unread: an end of file or a reset.
        let ended = match &closed {
            Ok(Ok(n)) => *n == 0,
            Ok(Err(e)) => e.kind() == std::io::ErrorKind::ConnectionReset,
            Err(_) => false,
        };
        assert!(ended, "the screen is still connected: {closed:?}");
        assert!(rest.is_empty(), "{} bytes after the budget", rest.len());
        drop(feed);
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
        pub fn forget(&self) {}
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
