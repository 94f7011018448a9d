//! `hearth export --copy` onto this machine's clipboard, on an X server of the test's own (Xvfb):
//! the clipboard then offers the write-up as formatted text (the plain HTML fragment, for rich
//! editors) and as plain text (the Markdown, exactly), read back with xclip as another program
//! would paste it; it keeps them after `hearth export` has exited, until something else is
//! copied. Over ssh the same command goes through the terminal instead, and a clipboard that
//! cannot be reached is an error with `--copy=system`, never a hang or a panic.

mod common;

use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// Xvfb and xclip are here; without them the test is skipped or, under HEARTH_E2E=1, fails.
fn available() -> bool {
    let here = |tool: &str, arg: &str| {
        Command::new(tool)
            .arg(arg)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status()
            .is_ok()
    };
    let mut missing = Vec::new();
    if !here("Xvfb", "-help") {
        missing.push(common::e2e::missing(
            "Xvfb is not installed",
            "install it (Debian: apt-get install xvfb)",
        ));
    }
    if !here("xclip", "-version") {
        missing.push(common::e2e::missing(
            "xclip is not installed",
            "install it (Debian: apt-get install xclip)",
        ));
    }
    common::e2e::need("x11", missing)
}

/// An X server on a display of its own, stopped on drop.
struct Xvfb {
    child: Child,
    display: String,
}

impl Xvfb {
    fn start() -> Xvfb {
        // A display number no one else here is likely to use, from the process id.
        let n = 200 + std::process::id() % 500;
        let display = format!(":{n}");
        let child = Command::new("Xvfb")
            .args([&display, "-nolisten", "tcp"])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("Xvfb starts");
        let socket = format!("/tmp/.X11-unix/X{n}");
        let start = Instant::now();
        while !Path::new(&socket).exists() {
            assert!(
                start.elapsed() < Duration::from_secs(10),
                "Xvfb did not open {socket}"
            );
            std::thread::sleep(Duration::from_millis(50));
        }
        Xvfb { child, display }
    }

    /// What the clipboard offers as `target`, read as another program would paste it.
    fn paste(&self, target: &str) -> String {
        let out = Command::new("xclip")
            .args(["-o", "-selection", "clipboard", "-t", target])
            .env("DISPLAY", &self.display)
            .output()
            .expect("xclip runs");
        String::from_utf8(out.stdout).expect("UTF-8")
    }

    fn hearth(&self, dir: &Path, args: &[&str], ssh: bool) -> std::process::Output {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_hearth"));
        cmd.args(args)
            .current_dir(dir)
            .env("HEARTH_HOME", dir)
            .env("DISPLAY", &self.display)
            .env_remove("WAYLAND_DISPLAY")
            .env_remove("SSH_CONNECTION")
            .env_remove("SSH_TTY")
            .stdin(Stdio::null());
        if ssh {
            cmd.env("SSH_CONNECTION", "192.0.2.1 50000 192.0.2.2 22");
        }
        cmd.output().expect("hearth runs")
    }
}

impl Drop for Xvfb {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

#[test]
fn export_copy_offers_formatted_text_and_the_markdown_on_this_machines_clipboard() {
    if !available() {
        return;
    }
    let x = Xvfb::start();
    let dir = tempfile::tempdir().unwrap();
    let path = common::new_session(dir.path());
    let p = path.to_str().unwrap();
    let intro = "Über «quotes» & <b>not bold</b> 夢\nline two";
    assert!(
        common::run_hearth(dir.path(), &["set", p, "--introduction", intro], None)
            .status
            .success()
    );
    let expected = common::run_hearth(dir.path(), &["export", p, "--format", "md"], None);
    assert!(expected.status.success());
    let markdown = String::from_utf8(expected.stdout).unwrap();
    let fragment = common::run_hearth(
        dir.path(),
        &["export", p, "--format", "html", "--fragment"],
        None,
    );
    let fragment = String::from_utf8(fragment.stdout).unwrap();

    let out = x.hearth(dir.path(), &["export", p, "--copy"], false);
    let said = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{said}");
    assert!(said.contains("this machine's clipboard"), "{said}");
    assert!(out.stdout.is_empty(), "--copy also printed");
    // hearth has exited: the paste is served from the background until something else is copied.
    assert_eq!(x.paste("UTF8_STRING"), markdown, "the plain text");
    let html = x.paste("text/html");
    assert_eq!(html, fragment, "the formatted text is the plain fragment");
    assert!(html.contains("&lt;b&gt;not bold&lt;/b&gt;"), "{html}");

    // Something else copied: the background copy lets go and ends.
    let mut other = Command::new("xclip")
        .args(["-selection", "clipboard"])
        .env("DISPLAY", &x.display)
        .stdin(Stdio::piped())
        .spawn()
        .unwrap();
    std::io::Write::write_all(&mut other.stdin.take().unwrap(), b"something else").unwrap();
    let start = Instant::now();
    while x.paste("UTF8_STRING") != "something else" {
        assert!(start.elapsed() < Duration::from_secs(10), "xclip took over");
        std::thread::sleep(Duration::from_millis(50));
    }
    let _ = other.kill();
    let _ = other.wait();

    // Over ssh this machine's clipboard is not the person's: the terminal's is used, and with
    // no terminal here that is an error that says so.
    let out = x.hearth(dir.path(), &["export", p, "--copy"], true);
    let said = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success());
    assert!(said.contains("OSC 52"), "{said}");
    assert_ne!(x.paste("UTF8_STRING"), markdown);
}

#[test]
fn a_clipboard_that_cannot_be_reached_is_an_error_with_copy_system() {
    // No X server on this display, and a display number with no port (nothing to install: it
    // runs everywhere on Linux).
    for display in [":59000", ":65000", "nonsense"] {
        unreachable(display);
    }
}

fn unreachable(display: &str) {
    let dir = tempfile::tempdir().unwrap();
    let path = common::new_session(dir.path());
    let out = Command::new(env!("CARGO_BIN_EXE_hearth"))
        .args(["export", path.to_str().unwrap(), "--copy=system"])
        .current_dir(dir.path())
        .env("HEARTH_HOME", dir.path())
        .env("DISPLAY", display)
        .env_remove("SSH_CONNECTION")
        .env_remove("SSH_TTY")
        .stdin(Stdio::null())
        .output()
        .unwrap();
    let said = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "DISPLAY={display}: {said}");
    assert!(
        said.contains("this machine's clipboard cannot be used")
            && said.contains("--copy=terminal"),
        "{said}"
    );
    assert!(!said.contains("panicked"), "{said}");
}
