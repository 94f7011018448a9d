//! What differs between operating systems, in one place: the signals that ask hearth to stop,
//! owner-only files, telling a replaced file from the one that was there, making a rename
//! durable, and the host name. Everything else of hearth is the same on Linux, macOS and Windows.
//!
//! Privacy: on Unix, every file hearth creates (session snapshots and journals, their
//! temporary files, the outline, drafts, the lock note, exports, the list of note-takers'
//! devices with their secrets, note-takers' outboxes) is readable by its owner only (0600), and
//! every folder it creates is the owner's alone (0700). Windows has no modes: a new file takes
//! the access list of its folder, so files under the user's own profile (Documents, AppData)
//! are the user's and the administrators'; elsewhere, they are whatever that folder allows.

// The one place with unsafe code (calls into the C library), each block with its reason.
#![allow(unsafe_code)]

use std::fs::{DirBuilder, Metadata, OpenOptions};
use std::path::Path;

/// The requests to stop that hearth answers by saving what is in flight and restoring the
/// terminal: SIGTERM, SIGHUP (the terminal went away) and SIGINT on Unix; Ctrl-C, Ctrl-Break
/// and the console window closing on Windows.
pub struct QuitSignals {
    #[cfg(unix)]
    signals: [tokio::signal::unix::Signal; 3],
    #[cfg(windows)]
    ctrl_c: tokio::signal::windows::CtrlC,
    #[cfg(windows)]
    ctrl_break: tokio::signal::windows::CtrlBreak,
    #[cfg(windows)]
    ctrl_close: tokio::signal::windows::CtrlClose,
}

impl QuitSignals {
    /// Starts listening (inside a tokio runtime).
    pub fn new() -> std::io::Result<QuitSignals> {
        #[cfg(unix)]
        {
            use tokio::signal::unix::{SignalKind, signal};
            Ok(QuitSignals {
                signals: [
                    signal(SignalKind::terminate())?,
                    signal(SignalKind::hangup())?,
                    signal(SignalKind::interrupt())?,
                ],
            })
        }
        #[cfg(windows)]
        {
            use tokio::signal::windows::{ctrl_break, ctrl_c, ctrl_close};
            Ok(QuitSignals {
                ctrl_c: ctrl_c()?,
                ctrl_break: ctrl_break()?,
                ctrl_close: ctrl_close()?,
            })
        }
    }

    /// Waits for the next request to stop.
    pub async fn recv(&mut self) {
        #[cfg(unix)]
        {
            let [term, hup, int] = &mut self.signals;
            tokio::select! {
                _ = term.recv() => {}
                _ = hup.recv() => {}
                _ = int.recv() => {}
            }
        }
        #[cfg(windows)]
        {
            tokio::select! {
                _ = self.ctrl_c.recv() => {}
                _ = self.ctrl_break.recv() => {}
                _ = self.ctrl_close.recv() => {}
            }
        }
    }
}

/// Lets a closed pipe end the process quietly, as other Unix tools do (`hearth show | head`),
/// instead of failing every later write. Windows has no SIGPIPE: writes fail, and are handled.
pub fn quiet_on_closed_pipe() {
    #[cfg(unix)]
    // SAFETY: setting a signal's disposition to the default at start-up, before any threads.
    unsafe {
        libc::signal(libc::SIGPIPE, libc::SIG_DFL);
    }
}

/// This process's user id (0 where there are no Unix users).
pub fn uid() -> u32 {
    #[cfg(unix)]
    // SAFETY: getuid has no preconditions and cannot fail.
    let uid = unsafe { libc::getuid() };
    #[cfg(not(unix))]
    let uid = 0;
    uid
}

/// Puts a descriptor opened non-blocking (so that opening a FIFO cannot hang) back to blocking
/// reads; no effect on a regular file.
#[cfg(unix)]
pub fn set_blocking(file: &std::fs::File) {
    use std::os::fd::AsRawFd;
    // SAFETY: fcntl on a descriptor the caller owns, for as long as the call lasts.
    unsafe {
        let flags = libc::fcntl(file.as_raw_fd(), libc::F_GETFL);
        if flags >= 0 {
            libc::fcntl(file.as_raw_fd(), libc::F_SETFL, flags & !libc::O_NONBLOCK);
        }
    }
}

/// The terminal's settings on standard input, kept to be put back if hearth leaves while the
/// plain mode's line editor holds the terminal in raw mode (a signal mid-line, a panic).
#[derive(Clone, Copy)]
pub struct TermSettings {
    #[cfg(unix)]
    termios: libc::termios,
}

/// Standard input's terminal settings, when it is a terminal.
pub fn terminal_settings() -> Option<TermSettings> {
    #[cfg(unix)]
    {
        let mut termios = std::mem::MaybeUninit::<libc::termios>::uninit();
        // SAFETY: tcgetattr fills the termios it is given when it returns 0; only then is it read.
        let ok = unsafe { libc::tcgetattr(libc::STDIN_FILENO, termios.as_mut_ptr()) } == 0;
        if !ok {
            return None;
        }
        // SAFETY: initialised by the successful tcgetattr above.
        let termios = unsafe { termios.assume_init() };
        Some(TermSettings { termios })
    }
    #[cfg(not(unix))]
    {
        None
    }
}

/// Puts standard input's terminal settings back as they were.
pub fn restore_terminal_settings(settings: &TermSettings) {
    #[cfg(unix)]
    // SAFETY: tcsetattr reads the termios it is given, which lives for the call.
    unsafe {
        libc::tcsetattr(libc::STDIN_FILENO, libc::TCSANOW, &settings.termios);
    }
    #[cfg(not(unix))]
    let _ = settings;
}

/// The console's colours on Windows: its screen buffer's attributes (the background is the
/// colour index in bits 4–7) and its table of 16 colours (`0x00BBGGRR` each). `None` elsewhere,
/// or when standard output is not a console.
pub fn console_colours() -> Option<(u16, [u32; 16])> {
    #[cfg(windows)]
    {
        use windows_sys::Win32::System::Console::{
            CONSOLE_SCREEN_BUFFER_INFOEX, GetConsoleScreenBufferInfoEx, GetStdHandle,
            STD_OUTPUT_HANDLE,
        };
        // SAFETY: GetStdHandle has no preconditions; a missing or invalid handle makes the
        // call below fail, which is answered with None.
        let handle = unsafe { GetStdHandle(STD_OUTPUT_HANDLE) };
        // SAFETY: the structure is plain data, for which all zeroes is a valid value.
        let mut info: CONSOLE_SCREEN_BUFFER_INFOEX = unsafe { std::mem::zeroed() };
        info.cbSize = std::mem::size_of::<CONSOLE_SCREEN_BUFFER_INFOEX>() as u32;
        // SAFETY: `info` lives for the call and has the size the call requires in `cbSize`.
        let ok = unsafe { GetConsoleScreenBufferInfoEx(handle, &mut info) } != 0;
        ok.then_some((info.wAttributes, info.ColorTable))
    }
    #[cfg(not(windows))]
    {
        None
    }
}

/// This machine's host name (the `gethostname` crate: gethostname(2) on Unix,
/// GetComputerNameExW on Windows), when it has a usable one.
pub fn host_name() -> Option<String> {
    gethostname::gethostname()
        .into_string()
        .ok()
        .filter(|s| !s.is_empty())
}

/// This user's folder for state kept between runs (the dirs crate): `$XDG_STATE_HOME`, else
/// `~/.local/state` on Linux; `~/Library/Application Support` on macOS; `%LOCALAPPDATA%` on
/// Windows.
pub fn state_dir() -> Option<std::path::PathBuf> {
    dirs::state_dir()
        .or_else(dirs::data_local_dir)
        .filter(|p| p.is_absolute())
}

/// This user's folder for data kept between runs (the dirs crate): `$XDG_DATA_HOME`, else
/// `~/.local/share` on Linux; `~/Library/Application Support` on macOS; `%APPDATA%` (the
/// roaming profile) on Windows.
pub fn data_dir() -> Option<std::path::PathBuf> {
    dirs::data_dir().filter(|p| p.is_absolute())
}

/// Creates a folder and any missing parents, each one its owner's alone (0700 on Unix). A
/// folder that already exists is left as it is.
pub fn create_owner_only_dir_all(dir: &Path) -> std::io::Result<()> {
    owner_only_dir(DirBuilder::new().recursive(true)).create(dir)
}

/// Whether anyone but the file's owner may read or write it (Unix: a group or other permission
/// bit is set). Always false on Windows, whose access lists hearth does not read.
pub fn open_to_others(meta: &Metadata) -> bool {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        meta.permissions().mode() & 0o077 != 0
    }
    #[cfg(not(unix))]
    {
        let _ = meta;
        false
    }
}

/// Creates files with Unix permissions `mode` (before the umask); no effect on Windows.
pub fn with_mode(options: &mut OpenOptions, mode: u32) -> &mut OpenOptions {
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(mode)
    }
    #[cfg(not(unix))]
    {
        let _ = mode;
        options
    }
}

/// Creates files readable and writable by their owner only.
pub fn owner_only(options: &mut OpenOptions) -> &mut OpenOptions {
    with_mode(options, 0o600)
}

/// Creates folders only their owner can enter.
pub fn owner_only_dir(builder: &mut DirBuilder) -> &mut DirBuilder {
    #[cfg(unix)]
    {
        use std::os::unix::fs::DirBuilderExt;
        builder.mode(0o700)
    }
    #[cfg(not(unix))]
    {
        builder
    }
}

/// Makes an existing file readable and writable by its owner only (Unix; see the module's
/// note for Windows).
pub fn make_owner_only(path: &Path) -> std::io::Result<()> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o600))
    }
    #[cfg(not(unix))]
    {
        let _ = path;
        Ok(())
    }
}

/// Makes a rename or a new file in `dir` durable: an fsync of the folder on Unix. On Windows a
/// folder cannot be flushed (FlushFileBuffers wants a handle open for writing and answers
/// "Access denied" to the one `File::open` gives): there the file's contents are synced by the
/// caller and the rename itself is left to the file system's own log (NTFS journals its
/// metadata), so a power cut just after a rename may find the old name's file.
pub fn sync_dir(dir: &Path) -> std::io::Result<()> {
    #[cfg(unix)]
    {
        std::fs::File::open(dir)?.sync_all()
    }
    #[cfg(not(unix))]
    {
        let _ = dir;
        Ok(())
    }
}

/// A number that changes when a file is replaced by another (a rename over it): its inode on
/// Unix, its creation time on Windows (a renamed-in file keeps its own).
pub fn file_identity(meta: &Metadata) -> u64 {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        meta.ino()
    }
    #[cfg(not(unix))]
    {
        meta.created()
            .ok()
            .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
            .map_or(0, |d| d.as_nanos() as u64)
    }
}

/// Whether a process with this id may still be running: false only when the system says there
/// is none (Unix: `kill(pid, 0)` answers ESRCH). On Windows, always true: a temporary file is
/// then left to the writer that holds the session's lock.
pub fn process_may_run(pid: u32) -> bool {
    #[cfg(unix)]
    {
        let Ok(pid) = libc::pid_t::try_from(pid) else {
            return false;
        };
        if pid <= 0 {
            return false;
        }
        // SAFETY: signal 0 sends nothing; it only asks whether the process exists.
        let r = unsafe { libc::kill(pid, 0) };
        r == 0 || std::io::Error::last_os_error().raw_os_error() != Some(libc::ESRCH)
    }
    #[cfg(not(unix))]
    {
        let _ = pid;
        true
    }
}

/// Lowers the calling thread's scheduling priority (Linux: a niceness of 10 for this thread
/// alone), for work that must not take the processor from answering people, such as folding a
/// journal into its snapshot. Elsewhere it does nothing: there a priority set this way would
/// apply to the whole process.
pub fn lower_this_threads_priority() {
    #[cfg(target_os = "linux")]
    {
        // SAFETY: gettid(2) has no preconditions; setpriority(2) on this thread's own id changes
        // only its niceness, and a failure (refused by the system) leaves it as it was.
        unsafe {
            let tid = libc::gettid();
            if let Ok(tid) = libc::id_t::try_from(tid) {
                libc::setpriority(libc::PRIO_PROCESS, tid, 10);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Only the thread that asks is lowered: the others keep their priority.
    #[cfg(target_os = "linux")]
    #[test]
    fn a_lowered_thread_leaves_the_others_as_they_were() {
        // SAFETY: getpriority(2) of this thread's and this process's main thread's ids.
        let niceness = |tid: libc::pid_t| unsafe {
            libc::getpriority(libc::PRIO_PROCESS, libc::id_t::try_from(tid).unwrap_or(0))
        };
        // SAFETY: gettid(2) and getpid(2) have no preconditions.
        let main = unsafe { libc::getpid() };
        let before = niceness(main);
        let lowered = std::thread::spawn(move || {
            lower_this_threads_priority();
            // SAFETY: as above.
            niceness(unsafe { libc::gettid() })
        })
        .join()
        .expect("the thread ran");
        assert_eq!(lowered, (before + 10).min(19));
        assert_eq!(niceness(main), before, "the main thread is as it was");
    }

    #[test]
    fn owner_only_files_and_folders_are_the_owners_alone() {
        let dir = tempfile::tempdir().unwrap();
        let folder = dir.path().join("private");
        owner_only_dir(&mut DirBuilder::new())
            .create(&folder)
            .unwrap();
        let file = folder.join("f");
        owner_only(OpenOptions::new().write(true).create_new(true))
            .open(&file)
            .unwrap();
        let shared = folder.join("g");
        std::fs::write(&shared, b"x").unwrap();
        make_owner_only(&shared).unwrap();
        let nested = folder.join("a/b");
        create_owner_only_dir_all(&nested).unwrap();
        create_owner_only_dir_all(&nested).unwrap();
        let open = dir.path().join("open");
        std::fs::write(&open, b"x").unwrap();
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
            assert_eq!(mode(&folder), 0o700);
            assert_eq!(mode(&file), 0o600);
            assert_eq!(mode(&shared), 0o600);
            assert_eq!(mode(&folder.join("a")), 0o700);
            assert_eq!(mode(&nested), 0o700);
            std::fs::set_permissions(&open, std::fs::Permissions::from_mode(0o640)).unwrap();
            assert!(open_to_others(&std::fs::metadata(&open).unwrap()));
        }
        assert!(!open_to_others(&std::fs::metadata(&file).unwrap()));
    }

    #[test]
    fn a_folder_can_be_synced() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("f"), b"x").unwrap();
        sync_dir(dir.path()).unwrap();
        #[cfg(unix)]
        assert!(sync_dir(&dir.path().join("missing")).is_err());
    }

    #[test]
    fn state_is_kept_in_the_users_own_folder() {
        let dir = state_dir().expect("a state folder");
        #[cfg(target_os = "linux")]
        {
            let expected = std::env::var_os("XDG_STATE_HOME")
                .map(std::path::PathBuf::from)
                .filter(|p| p.is_absolute())
                .unwrap_or_else(|| {
                    std::path::PathBuf::from(std::env::var_os("HOME").unwrap()).join(".local/state")
                });
            assert_eq!(dir, expected);
        }
        assert!(dir.is_absolute());
    }

    #[test]
    fn the_host_name_is_the_systems() {
        let name = host_name().expect("this machine has a name");
        #[cfg(unix)]
        {
            let out = std::process::Command::new("uname")
                .arg("-n")
                .output()
                .unwrap();
            assert_eq!(name, String::from_utf8_lossy(&out.stdout).trim());
        }
        let _ = name;
    }

    #[test]
    fn a_file_renamed_over_another_has_another_identity() {
        let dir = tempfile::tempdir().unwrap();
        let (a, b) = (dir.path().join("a"), dir.path().join("b"));
        std::fs::write(&a, b"same").unwrap();
        std::fs::write(&b, b"same").unwrap();
        let before = file_identity(&std::fs::metadata(&a).unwrap());
        assert_eq!(before, file_identity(&std::fs::metadata(&a).unwrap()));
        std::fs::rename(&b, &a).unwrap();
        assert_ne!(before, file_identity(&std::fs::metadata(&a).unwrap()));
    }

    #[test]
    fn a_quit_signal_is_heard() {
        let rt = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .unwrap();
        rt.block_on(async {
            let mut signals = QuitSignals::new().unwrap();
            #[cfg(unix)]
            // SAFETY: raising a signal this process handles (tokio's handler is installed).
            unsafe {
                libc::raise(libc::SIGHUP);
            }
            tokio::time::timeout(std::time::Duration::from_secs(10), signals.recv())
                .await
                .expect("the hang-up is heard");
        });
    }
}
