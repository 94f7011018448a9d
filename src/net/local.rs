//! hearth's sockets on this machine (the audience feed, the control of a running share): each
//! beside its session, or — when that path is too long for a socket — in this user's own 0700
//! folder, never at a name another user could take first. Both ends check that the other is
//! this user.

use std::path::{Path, PathBuf};

/// Where the `what` socket of the session at `session` is: `.<stem>.<what>` beside it, or
/// `<what>-<hash of the session's path>` in [`private_dir`] when that is too long.
pub fn socket_path(session: &Path, what: &str) -> PathBuf {
    let session = std::fs::canonicalize(session).unwrap_or_else(|_| session.to_path_buf());
    let stem = session
        .file_stem()
        .map_or_else(|| "session".into(), |s| s.to_string_lossy().into_owned());
    let dir = crate::store::files::parent_dir(&session);
    let beside = dir.join(format!(".{stem}.{what}"));
    // sockaddr_un holds about 104 bytes on the BSDs, 108 on Linux.
    if beside.as_os_str().len() < 100 {
        return beside;
    }
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for b in session.as_os_str().as_encoded_bytes() {
        hash = (hash ^ u64::from(*b)).wrapping_mul(0x0100_0000_01b3);
    }
    private_dir().join(format!("{what}-{hash:016x}"))
}

/// This user's folder for sockets whose path beside the session is too long: `hearth-<uid>`
/// in `$XDG_RUNTIME_DIR`, else in the temporary folder.
pub fn private_dir() -> PathBuf {
    let runtime = std::env::var_os("XDG_RUNTIME_DIR")
        .map(PathBuf::from)
        .filter(|d| d.is_dir())
        .unwrap_or_else(std::env::temp_dir);
    runtime.join(format!("hearth-{}", crate::platform::uid()))
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
    let me = crate::platform::uid();
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

#[cfg(unix)]
pub(crate) use unix::{bind, connect};

#[cfg(unix)]
mod unix {
    use std::io;
    use std::path::Path;

    use tokio::net::{UnixListener, UnixStream};

    /// The private folder, made and checked, when `path` is in it.
    fn ready(path: &Path) -> io::Result<()> {
        if path.parent() == Some(super::private_dir().as_path()) {
            super::ensure_private_dir(&super::private_dir())?;
        }
        Ok(())
    }

    /// Listens at `path` (mode 0600), replacing a socket left by a process that was killed;
    /// refused with `in_use` when another process answers there. Returns the listener and this
    /// user's id, for checking peers. Must be called within a tokio runtime.
    pub(crate) fn bind(path: &Path, in_use: &str) -> io::Result<(UnixListener, u32)> {
        ready(path)?;
        if std::os::unix::net::UnixStream::connect(path).is_ok() {
            return Err(io::Error::new(
                io::ErrorKind::AddrInUse,
                format!("{}: {in_use}", path.display()),
            ));
        }
        match std::fs::remove_file(path) {
            Ok(()) => {}
            Err(e) if e.kind() == io::ErrorKind::NotFound => {}
            Err(e) => return Err(e),
        }
        let listener = UnixListener::bind(path)?;
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o600))?;
        // The socket was made by this process: its owner is this user.
        let me = std::os::unix::fs::MetadataExt::uid(&std::fs::metadata(path)?);
        Ok((listener, me))
    }

    /// Connects to the socket at `path` and checks that this user's own hearth is listening
    /// there: a socket another user bound first is refused, whatever it would say.
    pub(crate) async fn connect(path: &Path) -> io::Result<UnixStream> {
        ready(path)?;
        let stream = UnixStream::connect(path).await?;
        let me = crate::platform::uid();
        if stream.peer_cred().map(|c| c.uid()).ok() != Some(me) {
            return Err(io::Error::new(
                io::ErrorKind::PermissionDenied,
                format!(
                    "{}: this socket is not this user's; hearth will not use it",
                    path.display()
                ),
            ));
        }
        Ok(stream)
    }
}
