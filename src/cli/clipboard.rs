//! `hearth export --copy`: the write-up onto the clipboard, two ways.
//!
//! - **This machine's clipboard** (arboard), when there is one here and this is not an ssh
//!   session: formatted text (the write-up as the plain HTML fragment) that a rich editor —
//!   WordPress, Ghost, Medium, Substack, a word processor — pastes with its headings, lists and
//!   tables, and beside it the plain text (Markdown unless `--format` says otherwise) for places
//!   that take text only. On X11 the clipboard lives as long as the program that set it, so
//!   hearth leaves a small copy of itself in the background (`hearth clipboard-serve`, hidden)
//!   that serves the paste until something else is copied, as xclip does; hearth reads the
//!   clipboard back before it says it is copied.
//! - **The terminal** (the OSC 52 escape sequence), over ssh and where there is no system
//!   clipboard: the terminal (xterm, kitty, WezTerm, iTerm2, Windows Terminal, foot, Alacritty;
//!   tmux with `set -g set-clipboard on`) sets its own machine's clipboard. Plain text only.

use std::io::Write;

use super::CliError;

/// Where `--copy` puts the write-up.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum CopyTo {
    /// This machine's clipboard when there is one and this is not an ssh session, else the
    /// terminal's.
    Auto,
    /// This machine's clipboard (formatted text and plain text); an error where there is none.
    System,
    /// The terminal's clipboard (OSC 52; plain text only).
    Terminal,
}

/// What goes on the clipboard: the plain text, and the formatted text when there is one.
pub struct Payload {
    pub text: Vec<u8>,
    pub html: Option<String>,
}

/// Puts `payload` on the clipboard `to` names; says on standard error where it went.
pub fn copy_to(to: CopyTo, payload: &Payload) -> Result<(), CliError> {
    let system = match to {
        CopyTo::Terminal => false,
        CopyTo::System => true,
        CopyTo::Auto => system_clipboard_here(),
    };
    if !system {
        return copy(&payload.text);
    }
    let text = String::from_utf8_lossy(&payload.text);
    match set_system(payload.html.as_deref(), &text) {
        Ok(()) => {
            super::warn(&match payload.html {
                Some(_) => format!(
                    "copied to this machine's clipboard: formatted text for rich editors, and {} bytes of plain text",
                    payload.text.len()
                ),
                None => format!(
                    "copied to this machine's clipboard ({} bytes)",
                    payload.text.len()
                ),
            });
            Ok(())
        }
        Err(e) if to == CopyTo::Auto => {
            super::warn(&format!(
                "this machine's clipboard cannot be used ({e}); copying through the terminal instead"
            ));
            copy(&payload.text)
        }
        Err(e) => Err(CliError::other(format!(
            "this machine's clipboard cannot be used: {e} (--copy=terminal copies through the terminal)"
        ))),
    }
}

/// Whether this machine's clipboard is the user's: not over ssh (it would be the far
/// machine's), and on Linux and the BSDs only with an X display (XWayland included).
fn system_clipboard_here() -> bool {
    let set = |name: &str| std::env::var_os(name).is_some_and(|v| !v.is_empty());
    if set("SSH_CONNECTION") || set("SSH_TTY") {
        return false;
    }
    if cfg!(any(target_os = "macos", windows)) {
        return true;
    }
    set("DISPLAY")
}

/// Sets the clipboard on macOS and Windows, where it outlives the program.
#[cfg(any(target_os = "macos", windows))]
fn set_system(html: Option<&str>, text: &str) -> Result<(), String> {
    let mut clipboard = arboard::Clipboard::new().map_err(|e| e.to_string())?;
    match html {
        Some(html) => clipboard.set_html(html, Some(text)),
        None => clipboard.set_text(text),
    }
    .map_err(|e| e.to_string())
}

/// How long the background copy has to take the clipboard.
#[cfg(not(any(target_os = "macos", windows)))]
const SERVE_PATIENCE: std::time::Duration = std::time::Duration::from_secs(5);

/// Sets the clipboard on X11: starts `hearth clipboard-serve` in the background with the
/// payload on its standard input, then reads the clipboard back until it holds the payload.
#[cfg(not(any(target_os = "macos", windows)))]
fn set_system(html: Option<&str>, text: &str) -> Result<(), String> {
    use std::os::unix::process::CommandExt;
    use std::process::{Command, Stdio};
    check_display(&std::env::var("DISPLAY").unwrap_or_default())?;
    let exe = std::env::current_exe().map_err(|e| format!("cannot find hearth itself: {e}"))?;
    let mut child = Command::new(exe)
        .arg("clipboard-serve")
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .current_dir("/")
        // Its own process group: Ctrl-C in this terminal does not take the paste away.
        .process_group(0)
        .spawn()
        .map_err(|e| format!("cannot start the background copy: {e}"))?;
    let payload = serde_json::json!({ "html": html, "text": text }).to_string();
    let written = child
        .stdin
        .take()
        .map(|mut i| i.write_all(payload.as_bytes()))
        .unwrap_or(Ok(()));
    let start = std::time::Instant::now();
    loop {
        if let Ok(Some(status)) = child.try_wait() {
            let mut why = String::new();
            if let Some(mut err) = child.stderr.take() {
                let _ = std::io::Read::read_to_string(&mut err, &mut why);
            }
            // Its own error line, without the program's name before it.
            let why = why.trim();
            let why = why.strip_prefix("hearth: ").unwrap_or(why);
            return Err(if why.is_empty() {
                format!("the background copy ended ({status})")
            } else {
                why.to_owned()
            });
        }
        if written.is_ok() && holds(html, text) {
            // Its standard error is a pipe nobody reads from now: it says nothing more.
            return Ok(());
        }
        if start.elapsed() > SERVE_PATIENCE {
            let _ = child.kill();
            let _ = child.wait();
            return Err(match written {
                Err(e) => format!("cannot hand the write-up to the background copy: {e}"),
                Ok(()) => "the clipboard did not take the write-up in time".to_owned(),
            });
        }
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
}

/// Refuses a `DISPLAY` whose display number has no TCP port (6000 + N past 65535), which the
/// X library would overflow on.
#[cfg(not(any(target_os = "macos", windows)))]
fn check_display(display: &str) -> Result<(), String> {
    let number = display
        .rsplit_once(':')
        .map(|(_, n)| n.split('.').next().unwrap_or(""))
        .unwrap_or("");
    match number.parse::<u32>() {
        Ok(n) if n <= 59_535 => Ok(()),
        _ => Err(format!(
            "DISPLAY={} does not name an X display hearth can reach",
            hearth::model::text::printable(display)
        )),
    }
}

/// Whether the clipboard holds `html` (when given) and `text`.
#[cfg(not(any(target_os = "macos", windows)))]
fn holds(html: Option<&str>, text: &str) -> bool {
    let Ok(mut clipboard) = arboard::Clipboard::new() else {
        return false;
    };
    let html_ok = html.is_none_or(|h| clipboard.get().html().is_ok_and(|got| got == h));
    html_ok && clipboard.get_text().is_ok_and(|got| got == text)
}

/// `hearth clipboard-serve`: takes the clipboard with the payload on standard input
/// (`{"html", "text"}`) and serves it until something else is copied.
pub fn serve() -> Result<(), CliError> {
    let mut input = String::new();
    std::io::Read::read_to_string(&mut std::io::stdin(), &mut input)
        .map_err(|e| CliError::other(format!("cannot read the write-up: {e}")))?;
    let payload: serde_json::Value = serde_json::from_str(&input)
        .map_err(|e| CliError::input(format!("not a clipboard payload: {e}")))?;
    let text = payload["text"].as_str().unwrap_or_default();
    let html = payload["html"].as_str();
    #[cfg(not(any(target_os = "macos", windows)))]
    check_display(&std::env::var("DISPLAY").unwrap_or_default()).map_err(CliError::other)?;
    let mut clipboard = arboard::Clipboard::new().map_err(|e| CliError::other(e.to_string()))?;
    #[allow(unused_mut)]
    let mut set = clipboard.set();
    #[cfg(not(any(target_os = "macos", windows)))]
    {
        use arboard::SetExtLinux;
        set = set.wait();
    }
    match html {
        Some(h) => set.html(h, Some(text)),
        None => set.text(text),
    }
    .map_err(|e| CliError::other(e.to_string()))
}

/// Above this many bytes some terminals drop the sequence (hterm and xterm cap it near 100 kB
/// of base64).
const LARGE: usize = 74_000;

/// `ESC ] 52 ; c ; BASE64 BEL`: set the clipboard to `bytes`.
pub fn osc52(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len() * 4 / 3 + 12);
    out.push_str("\x1b]52;c;");
    base64(&mut out, bytes);
    out.push('\x07');
    out
}

/// Standard base64 with padding.
fn base64(out: &mut String, bytes: &[u8]) {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    for chunk in bytes.chunks(3) {
        let b = [
            chunk[0],
            chunk.get(1).copied().unwrap_or(0),
            chunk.get(2).copied().unwrap_or(0),
        ];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(char::from(ALPHABET[(n >> (18 - 6 * i)) as usize & 63]));
            } else {
                out.push('=');
            }
        }
    }
}

/// Sends `bytes` to the clipboard through the controlling terminal (`/dev/tty`, so that it
/// works with standard output redirected), else through standard error when that is a terminal.
pub fn copy(bytes: &[u8]) -> Result<(), CliError> {
    let seq = osc52(bytes);
    let sent = tty().and_then(|mut t| {
        t.write_all(seq.as_bytes())?;
        t.flush()
    });
    if sent.is_err() {
        use std::io::IsTerminal;
        let mut err = std::io::stderr();
        if !err.is_terminal() {
            return Err(CliError::other(
                "--copy needs a terminal: the clipboard is set through it (OSC 52), and there is none here",
            ));
        }
        err.write_all(seq.as_bytes())
            .and_then(|()| err.flush())
            .map_err(|e| CliError::other(format!("cannot write to the terminal: {e}")))?;
    }
    if bytes.len() > LARGE {
        super::warn(&format!(
            "copied {} bytes through the terminal; some terminals take less: if the paste is empty or cut, use -o FILE",
            bytes.len()
        ));
    } else {
        super::warn(&format!(
            "copied through the terminal ({} bytes); paste it where you want it",
            bytes.len()
        ));
    }
    Ok(())
}

#[cfg(unix)]
fn tty() -> std::io::Result<std::fs::File> {
    std::fs::OpenOptions::new().write(true).open("/dev/tty")
}

#[cfg(not(unix))]
fn tty() -> std::io::Result<std::fs::File> {
    Err(std::io::Error::other("no /dev/tty"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn osc52_carries_the_bytes_in_base64() {
        assert_eq!(osc52(b""), "\x1b]52;c;\x07");
        assert_eq!(osc52(b"f"), "\x1b]52;c;Zg==\x07");
        assert_eq!(osc52(b"fo"), "\x1b]52;c;Zm8=\x07");
        assert_eq!(osc52(b"foo"), "\x1b]52;c;Zm9v\x07");
        assert_eq!(osc52(b"foobar"), "\x1b]52;c;Zm9vYmFy\x07");
        assert_eq!(osc52("夢\n".as_bytes()), "\x1b]52;c;5aSiCg==\x07");
        assert_eq!(osc52(&[0xff, 0xfe, 0x00]), "\x1b]52;c;//4A\x07");
    }
}
