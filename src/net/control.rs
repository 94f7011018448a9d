//! Controlling a running share from another terminal of the same user: `hearth devices` lists
//! the devices that joined and revokes one while `hearth serve` (or `hearth run`, sharing)
//! runs, whether or not it has a terminal of its own. A Unix socket beside the session
//! (`.<stem>.control`, or in this user's own folder — see [`super::local`]), mode 0600, with
//! the peer's user checked at both ends: one JSON line asked, one answered, then it closes.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use super::hub::DeviceInfo;

/// What another terminal asks a running share.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "ask", rename_all = "snake_case")]
pub enum Ask {
    /// The devices that joined, with what the share knows of them now.
    Devices,
    /// Revoke a device: its token stops working and its connections are closed.
    Revoke { device: String },
}

/// What a running share answers.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Answer {
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub devices: Vec<DeviceInfo>,
    /// For a revocation: whether a device of that id was there to revoke.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub revoked: Option<bool>,
    /// Why it could not be done.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
}

/// The longest question a share reads (a device id is a few letters).
#[cfg(unix)]
const MAX_ASK: u64 = 4096;
/// The longest answer read (a great many devices).
#[cfg(unix)]
const MAX_ANSWER: u64 = 16 << 20;

/// Where a share of the session at `session` listens for other terminals.
pub fn socket_path(session: &Path) -> PathBuf {
    super::local::socket_path(session, "control")
}

#[cfg(unix)]
pub use unix::{Control, ask};

#[cfg(unix)]
mod unix {
    use std::io;
    use std::path::{Path, PathBuf};
    use std::sync::Arc;

    use tokio::io::{AsyncBufReadExt, AsyncReadExt, AsyncWriteExt, BufReader};
    use tokio::net::UnixStream;

    use super::{Answer, Ask, MAX_ANSWER, MAX_ASK, socket_path};
    use crate::net::hub::Hub;

    /// The listening side, owned by a share. Dropping it stops listening and removes the
    /// socket.
    #[derive(Debug)]
    pub struct Control {
        path: PathBuf,
        task: tokio::task::JoinHandle<()>,
    }

    impl Control {
        /// Answers other terminals about `hub`'s devices. Must be called within a tokio
        /// runtime.
        pub fn listen(session: &Path, hub: Arc<Hub>) -> io::Result<Control> {
            let path = socket_path(session);
            let (listener, me) = crate::net::local::bind(
                &path,
                "another hearth is sharing this session (hearth devices talks to it)",
            )?;
            let task = tokio::spawn(async move {
                loop {
                    let Ok((stream, _)) = listener.accept().await else {
                        continue;
                    };
                    if stream.peer_cred().map(|c| c.uid()).ok() != Some(me) {
                        continue;
                    }
                    tokio::spawn(answer(stream, Arc::clone(&hub)));
                }
            });
            Ok(Control { path, task })
        }

        /// The socket's path.
        pub fn path(&self) -> &Path {
            &self.path
        }
    }

    impl Drop for Control {
        fn drop(&mut self) {
            self.task.abort();
            let _ = std::fs::remove_file(&self.path);
        }
    }

    async fn answer(stream: UnixStream, hub: Arc<Hub>) {
        let (read, mut write) = stream.into_split();
        let mut line = String::new();
        let mut reader = BufReader::new(read).take(MAX_ASK);
        let read = reader.read_line(&mut line);
        let Ok(Ok(_)) = tokio::time::timeout(std::time::Duration::from_secs(10), read).await else {
            return;
        };
        let answer = match serde_json::from_str::<Ask>(line.trim_end()) {
            Err(e) => Answer {
                error: Some(format!("not a question hearth knows: {e}")),
                ..Answer::default()
            },
            Ok(Ask::Devices) => Answer {
                devices: hub.devices(),
                ..Answer::default()
            },
            Ok(Ask::Revoke { device }) => {
                // Saving the devices file syncs it: not on the event loop.
                let revoking = Arc::clone(&hub);
                let done = tokio::task::spawn_blocking(move || revoking.revoke(&device)).await;
                match done {
                    Ok(Ok(found)) => Answer {
                        revoked: Some(found),
                        devices: hub.devices(),
                        ..Answer::default()
                    },
                    Ok(Err(e)) => Answer {
                        error: Some(e.to_string()),
                        ..Answer::default()
                    },
                    Err(e) => Answer {
                        error: Some(e.to_string()),
                        ..Answer::default()
                    },
                }
            }
        };
        if let Ok(mut bytes) = serde_json::to_vec(&answer) {
            bytes.push(b'\n');
            let _ = write.write_all(&bytes).await;
        }
    }

    /// Asks the share of the session at `session`; `None` when none is running (no one
    /// listens there).
    pub async fn ask(session: &Path, question: &Ask) -> io::Result<Option<Answer>> {
        let path = socket_path(session);
        let stream = match crate::net::local::connect(&path).await {
            Ok(s) => s,
            Err(e)
                if matches!(
                    e.kind(),
                    io::ErrorKind::NotFound | io::ErrorKind::ConnectionRefused
                ) =>
            {
                return Ok(None);
            }
            Err(e) => return Err(e),
        };
        let (read, mut write) = stream.into_split();
        let mut bytes = serde_json::to_vec(question).map_err(io::Error::other)?;
        bytes.push(b'\n');
        write.write_all(&bytes).await?;
        let mut line = String::new();
        BufReader::new(read)
            .take(MAX_ANSWER)
            .read_line(&mut line)
            .await?;
        serde_json::from_str(line.trim_end())
            .map(Some)
            .map_err(|e| io::Error::new(io::ErrorKind::InvalidData, e))
    }
}

/// On systems without Unix sockets a share is controlled from its own terminal only.
#[cfg(not(unix))]
mod other {
    use std::io;
    use std::path::Path;
    use std::sync::Arc;

    use super::{Answer, Ask};
    use crate::net::hub::Hub;

    #[derive(Debug)]
    pub struct Control;

    impl Control {
        pub fn listen(_session: &Path, _hub: Arc<Hub>) -> io::Result<Control> {
            Err(io::Error::new(
                io::ErrorKind::Unsupported,
                "other terminals cannot reach a share here (no Unix sockets): use the terminal it runs in",
            ))
        }
    }

    pub async fn ask(_session: &Path, _question: &Ask) -> io::Result<Option<Answer>> {
        Ok(None)
    }
}

#[cfg(not(unix))]
pub use other::{Control, ask};
