//! The terminal's background, asked with OSC 11 (`ESC ] 11 ; ? BEL`), which most terminals
//! answer with `ESC ] 11 ; rgb:RRRR/GGGG/BBBB` and BEL (or ST). The question is followed by a
//! request for the terminal's attributes (DA1, `ESC [ c`), which every terminal answers: a
//! terminal that knows no OSC 11 answers that one alone, so hearth stops waiting at once, and
//! one that answers neither is given up on after a short time. Once an answer has begun, its
//! end is waited for a little longer, so that none is left for the app to read as keys (only
//! a terminal that begins to answer after the wait could still leave one).

use std::io::{self, Read, Write};
use std::time::{Duration, Instant};

/// Whether a colour is better read with dark text on it or light.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Background {
    Dark,
    Light,
}

/// The relative luminance (WCAG 2) of an sRGB colour, each part 0–1.
pub fn luminance(r: f64, g: f64, b: f64) -> f64 {
    let lin = |c: f64| {
        if c <= 0.04045 {
            c / 12.92
        } else {
            ((c + 0.055) / 1.055).powf(2.4)
        }
    };
    0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b)
}

/// Above this luminance black text has more contrast than white (the two are equal here:
/// (L + 0.05) / 0.05 = 1.05 / (L + 0.05)).
pub const LIGHT_FROM: f64 = 0.179;

impl Background {
    pub fn of(r: f64, g: f64, b: f64) -> Background {
        if luminance(r, g, b) > LIGHT_FROM {
            Background::Light
        } else {
            Background::Dark
        }
    }
}

const QUESTION: &[u8] = b"\x1b]11;?\x07\x1b[c";

/// The colour in an OSC 11 answer found in `bytes` (`rgb:` or `rgba:`, 1 to 4 hex digits a
/// part, ended by BEL or ST), each part 0–1.
pub fn parse_reply(bytes: &[u8]) -> Option<(f64, f64, f64)> {
    let start = find(bytes, b"\x1b]11;")? + 5;
    let rest = &bytes[start..];
    let end = rest
        .iter()
        .position(|&b| b == 0x07 || b == 0x1b)
        .unwrap_or(rest.len());
    let body = std::str::from_utf8(&rest[..end]).ok()?;
    let parts = body
        .strip_prefix("rgb:")
        .or_else(|| body.strip_prefix("rgba:"))?;
    let mut out = [0.0; 3];
    let mut it = parts.split('/');
    for slot in &mut out {
        let p = it.next()?;
        if p.is_empty() || p.len() > 4 || !p.bytes().all(|b| b.is_ascii_hexdigit()) {
            return None;
        }
        let max = (1u32 << (4 * p.len())) - 1;
        *slot = f64::from(u32::from_str_radix(p, 16).ok()?) / f64::from(max);
    }
    Some((out[0], out[1], out[2]))
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

/// Whether `bytes` hold the answer to the attributes request (`ESC [ ? … c`), the last thing
/// the terminal says.
fn attributes_answered(bytes: &[u8]) -> bool {
    let mut from = 0;
    while let Some(i) = find(&bytes[from..], b"\x1b[?") {
        let tail = &bytes[from + i + 3..];
        match tail
            .iter()
            .position(|b| !(b.is_ascii_digit() || *b == b';'))
        {
            Some(j) if tail[j] == b'c' => return true,
            _ => from += i + 3,
        }
    }
    false
}

/// Once the terminal has begun to answer, how long the rest may take (so that no half answer
/// is left to be read as keys).
pub const REST_OF_ANSWER: Duration = Duration::from_millis(500);

/// Asks `tty` for its background and reads the answer for at most `timeout`, or
/// [`REST_OF_ANSWER`] more once it has begun. `tty`'s reads never block: 0 bytes (or
/// `WouldBlock`) is "nothing yet".
pub fn ask<T: Read + Write>(tty: &mut T, timeout: Duration) -> Option<Background> {
    tty.write_all(QUESTION).ok()?;
    tty.flush().ok()?;
    let started = Instant::now();
    let mut until = started + timeout;
    let mut got = Vec::new();
    let mut buf = [0u8; 256];
    while Instant::now() < until {
        match tty.read(&mut buf) {
            Ok(n) if n > 0 => {
                if got.is_empty() {
                    until = until.max(Instant::now() + REST_OF_ANSWER);
                }
                got.extend_from_slice(&buf[..n]);
                if attributes_answered(&got) || got.len() > 4096 {
                    break;
                }
                continue;
            }
            Ok(_) => {}
            Err(e) if e.kind() == io::ErrorKind::WouldBlock => {}
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(_) => break,
        }
        let left = until.saturating_duration_since(Instant::now());
        std::thread::sleep(left.min(Duration::from_millis(4)));
    }
    let (r, g, b) = parse_reply(&got)?;
    Some(Background::of(r, g, b))
}

/// Asks the terminal this process runs in, in raw mode, before the app takes the screen.
/// `None` where it cannot be asked (no terminal, the Linux console) or does not say; on Windows,
/// the console's colours are read instead (below).
#[cfg(unix)]
pub fn ask_terminal(timeout: Duration) -> Option<Background> {
    use std::os::unix::fs::OpenOptionsExt;
    let term = std::env::var("TERM").unwrap_or_default();
    if term.is_empty() || term == "dumb" || term.starts_with("linux") {
        return None;
    }
    let mut tty = std::fs::OpenOptions::new()
        .read(true)
        .write(true)
        .custom_flags(libc::O_NONBLOCK | libc::O_NOCTTY)
        .open("/dev/tty")
        .ok()?;
    let was_raw = crossterm::terminal::is_raw_mode_enabled().unwrap_or(false);
    if !was_raw {
        crossterm::terminal::enable_raw_mode().ok()?;
    }
    // Over ssh the answer takes the round trip.
    let over_ssh =
        std::env::var_os("SSH_TTY").is_some() || std::env::var_os("SSH_CONNECTION").is_some();
    // Keys typed ahead (before hearth was up) would be read with the answer and lost: with
    // any waiting, the terminal is not asked. crossterm keeps what it polled for the app. (Its
    // poll with no time at all does not look: a millisecond it is.)
    let typed_ahead = crossterm::event::poll(Duration::from_millis(1)).unwrap_or(true);
    let answer = if typed_ahead {
        None
    } else {
        ask(&mut tty, if over_ssh { timeout * 3 } else { timeout })
    };
    if !was_raw {
        let _ = crossterm::terminal::disable_raw_mode();
    }
    answer
}

/// On Windows, the console's own colours: its background colour index looked up in its colour
/// table (what conhost shows, and what a terminal hosting the console tells it).
#[cfg(not(unix))]
pub fn ask_terminal(_timeout: Duration) -> Option<Background> {
    let (attributes, table) = crate::platform::console_colours()?;
    Some(console_background(attributes, &table))
}

/// The background a Windows console's `attributes` give, with its colour `table`
/// (`0x00BBGGRR` each): the colour whose index is in bits 4–7.
pub fn console_background(attributes: u16, table: &[u32; 16]) -> Background {
    let colour = table[usize::from((attributes >> 4) & 0xF)];
    let part = |shift: u32| f64::from((colour >> shift) & 0xFF) / 255.0;
    Background::of(part(0), part(8), part(16))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Windows consoles: Campbell (Windows Terminal's and conhost's default scheme) with its
    /// black background, and with a white one (index 15, `F2F2F2`); the legacy console's
    /// light grey on blue (index 1).
    #[test]
    fn a_windows_console_background_is_read_from_its_colour_table() {
        let campbell: [u32; 16] = [
            0x000C0C0C, 0x00DA3700, 0x000EA113, 0x00DD963A, 0x001F0FC5, 0x00981788, 0x00009CC1,
            0x00CCCCCC, 0x00767676, 0x00FF783B, 0x000CC616, 0x00D6D661, 0x005648E7, 0x009E00B4,
            0x00A5F1F9, 0x00F2F2F2,
        ];
        assert_eq!(console_background(0x07, &campbell), Background::Dark);
        assert_eq!(console_background(0xF0, &campbell), Background::Light);
        assert_eq!(console_background(0x17, &campbell), Background::Dark);
        // Only bits 4–7 count: a foreground or other flags do not change the answer.
        assert_eq!(console_background(0x80F0, &campbell), Background::Light);
        assert_eq!(console_background(0x000E, &campbell), Background::Dark);
        let mut yellow = campbell;
        yellow[6] = 0x0000FFFF;
        assert_eq!(console_background(0x60, &yellow), Background::Light);
    }

    /// A terminal that answers with `answer`, `chunk` bytes a read, once asked; or never.
    struct Fake {
        asked: Vec<u8>,
        answer: Vec<u8>,
        chunk: usize,
        would_block: bool,
    }

    impl Fake {
        fn new(answer: &[u8]) -> Fake {
            Fake {
                asked: Vec::new(),
                answer: answer.to_vec(),
                chunk: 7,
                would_block: false,
            }
        }
    }

    impl Read for Fake {
        fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
            if self.asked.is_empty() || self.answer.is_empty() {
                return if self.would_block {
                    Err(io::ErrorKind::WouldBlock.into())
                } else {
                    Ok(0)
                };
            }
            let n = self.chunk.min(buf.len()).min(self.answer.len());
            buf[..n].copy_from_slice(&self.answer[..n]);
            self.answer.drain(..n);
            Ok(n)
        }
    }

    impl Write for Fake {
        fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
            self.asked.extend_from_slice(buf);
            Ok(buf.len())
        }
        fn flush(&mut self) -> io::Result<()> {
            Ok(())
        }
    }

    const DA1: &[u8] = b"\x1b[?62;22c";

    #[test]
    fn answers_are_read_in_every_form() {
        let white = parse_reply(b"\x1b]11;rgb:ffff/ffff/ffff\x07").unwrap();
        assert_eq!(white, (1.0, 1.0, 1.0));
        let st = parse_reply(b"\x1b]11;rgb:2e2e/3434/3636\x1b\\").unwrap();
        assert!((st.0 - f64::from(0x2e2e) / 65535.0).abs() < 1e-9);
        let short = parse_reply(b"\x1b]11;rgb:f/8/0\x07").unwrap();
        assert_eq!(short, (1.0, 8.0 / 15.0, 0.0));
        assert!(parse_reply(b"\x1b]11;rgba:0000/0000/0000/ffff\x07").is_some());
        for bad in [
            &b"\x1b]11;rgb:ffff/ffff\x07"[..],
            b"\x1b]11;rgb:fffff/0/0\x07",
            b"\x1b]11;rgb:zz/00/00\x07",
            b"\x1b]11;#ffffff\x07",
            b"\x1b]10;rgb:ffff/ffff/ffff\x07",
            b"",
        ] {
            assert_eq!(parse_reply(bad), None, "{bad:?}");
        }
    }

    #[test]
    fn light_and_dark_by_relative_luminance() {
        let bg = |s: &str| {
            let (r, g, b) = parse_reply(format!("\x1b]11;rgb:{s}\x07").as_bytes()).unwrap();
            Background::of(r, g, b)
        };
        assert_eq!(bg("ffff/ffff/ffff"), Background::Light);
        assert_eq!(bg("eeee/eeee/ecec"), Background::Light); // Tango light
        assert_eq!(bg("fdfd/f6f6/e3e3"), Background::Light); // Solarized light
        assert_eq!(bg("0000/0000/0000"), Background::Dark);
        assert_eq!(bg("0c0c/0c0c/0c0c"), Background::Dark); // Campbell
        assert_eq!(bg("2e2e/3434/3636"), Background::Dark); // Tango dark
        assert_eq!(bg("0000/2b2b/3636"), Background::Dark); // Solarized dark
        // Either side of the line: a mid grey of luminance 0.179 is about #767676.
        assert_eq!(bg("7070/7070/7070"), Background::Dark);
        assert_eq!(bg("7c7c/7c7c/7c7c"), Background::Light);
        // Pure green is light (luminance 0.7), pure blue dark (0.07).
        assert_eq!(bg("0/f/0"), Background::Light);
        assert_eq!(bg("0/0/f"), Background::Dark);
    }

    #[test]
    fn a_terminal_that_answers_is_heard_and_stops_the_wait() {
        let mut t = Fake::new(b"\x1b]11;rgb:ffff/ffff/ffff\x07\x1b[?62;22c");
        let started = Instant::now();
        assert_eq!(ask(&mut t, Duration::from_secs(5)), Some(Background::Light));
        assert!(started.elapsed() < Duration::from_secs(1), "not waited out");
        assert_eq!(t.asked, QUESTION);
        assert!(t.answer.is_empty(), "the whole answer is read");
    }

    #[test]
    fn a_terminal_without_osc_11_ends_the_wait_with_its_attributes() {
        let mut t = Fake::new(DA1);
        let started = Instant::now();
        assert_eq!(ask(&mut t, Duration::from_secs(5)), None);
        assert!(started.elapsed() < Duration::from_secs(1));
    }

    #[test]
    fn a_terminal_that_says_nothing_is_given_up_on() {
        for would_block in [false, true] {
            let mut t = Fake::new(b"");
            t.would_block = would_block;
            let started = Instant::now();
            assert_eq!(ask(&mut t, Duration::from_millis(100)), None);
            let waited = started.elapsed();
            assert!(
                waited >= Duration::from_millis(100) && waited < Duration::from_millis(600),
                "{waited:?}"
            );
        }
        // Nor does a stream of noise that never ends keep it waiting.
        let mut t = Fake::new(&b"x".repeat(100_000));
        t.chunk = 1;
        let started = Instant::now();
        assert_eq!(ask(&mut t, Duration::from_millis(100)), None);
        assert!(started.elapsed() < Duration::from_secs(2));
        // A half answer is waited for a little longer, never for ever.
        let mut t = Fake::new(b"\x1b]11;rgb:ff");
        let started = Instant::now();
        assert_eq!(ask(&mut t, Duration::from_millis(100)), None);
        let waited = started.elapsed();
        assert!(
            waited >= REST_OF_ANSWER && waited < REST_OF_ANSWER + Duration::from_millis(500),
            "{waited:?}"
        );
    }

    #[test]
    fn a_broken_terminal_is_not_asked_twice() {
        struct Broken;
        impl Read for Broken {
            fn read(&mut self, _: &mut [u8]) -> io::Result<usize> {
                Err(io::Error::other("gone"))
            }
        }
        impl Write for Broken {
            fn write(&mut self, b: &[u8]) -> io::Result<usize> {
                Ok(b.len())
            }
            fn flush(&mut self) -> io::Result<()> {
                Ok(())
            }
        }
        let started = Instant::now();
        assert_eq!(ask(&mut Broken, Duration::from_secs(5)), None);
        assert!(started.elapsed() < Duration::from_secs(1));
    }
}
