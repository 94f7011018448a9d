//! `hearth export --copy`: the write-up onto the clipboard through the terminal, with the OSC 52
//! escape sequence. It works over ssh and in a terminal without a system clipboard, because the
//! terminal (xterm, kitty, WezTerm, iTerm2, Windows Terminal, foot, Alacritty; tmux with
//! `set -g set-clipboard on`) sets its own machine's clipboard. Plain text only.

use std::io::Write;

use super::CliError;

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
