//! What differs between operating systems, in one place: the signals that ask hearth to stop.
//! Everything else of hearth is the same on Linux, macOS and Windows.

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

#[cfg(test)]
mod tests {
    use super::*;

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
