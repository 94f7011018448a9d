//! Driving the real binary in tmux, as a person would: keys, pastes, the screen.

use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

/// Whether tmux is here; without it the test is skipped or, under HEARTH_E2E=1, fails (see
/// `e2e::need`).
pub fn available() -> bool {
    let here = Command::new("tmux")
        .arg("-V")
        .output()
        .is_ok_and(|o| o.status.success());
    super::e2e::need(
        "tmux",
        (!here).then(|| {
            super::e2e::missing(
                "tmux is not installed",
                "install tmux (Debian: apt-get install tmux)",
            )
        }),
    )
}

/// A tmux server of its own (so tests never touch a person's tmux), killed on drop.
pub struct Tmux {
    pub socket: String,
}

impl Tmux {
    pub fn cmd(&self, args: &[&str]) -> String {
        let out = Command::new("tmux")
            .arg("-L")
            .arg(&self.socket)
            .args(args)
            .output()
            .expect("tmux runs");
        String::from_utf8_lossy(&out.stdout).into_owned()
    }
    pub fn screen(&self) -> String {
        self.cmd(&["capture-pane", "-p", "-t", "hearth"])
    }
    pub fn wait_for(&self, needle: &str) -> String {
        let start = Instant::now();
        loop {
            let screen = self.screen();
            if screen.contains(needle) {
                return screen;
            }
            assert!(
                start.elapsed() < Duration::from_secs(15),
                "waited for {needle:?}; the screen shows:\n{screen}"
            );
            std::thread::sleep(Duration::from_millis(100));
        }
    }
    /// Waits until `needle` is no longer on the screen.
    pub fn wait_without(&self, needle: &str) -> String {
        let start = Instant::now();
        loop {
            let screen = self.screen();
            if !screen.contains(needle) {
                return screen;
            }
            assert!(
                start.elapsed() < Duration::from_secs(15),
                "waited for {needle:?} to go; the screen shows:\n{screen}"
            );
            std::thread::sleep(Duration::from_millis(100));
        }
    }
    pub fn keys(&self, keys: &[&str]) {
        let mut args = vec!["send-keys", "-t", "hearth"];
        args.extend(keys);
        self.cmd(&args);
    }
    pub fn type_text(&self, text: &str) {
        self.cmd(&["send-keys", "-t", "hearth", "-l", text]);
    }
    /// On a scenario-building exercise, with the focus out of the box: `A` picks the two
    /// most critical uncertainties as the axes (the first, then the second in the list) and
    /// types the poles, x's low and high then y's; waits until the axes are saved.
    pub fn choose_axes(&self, [x_low, x_high, y_low, y_high]: [&str; 4]) {
        self.keys(&["A"]);
        self.wait_for("Pick the horizontal axis");
        self.wait_for("#1");
        self.keys(&["Enter"]);
        self.wait_for("now pick the vertical axis");
        self.keys(&["Down", "Enter"]);
        self.wait_for("Horizontal axis (x)");
        self.keys(&["Enter"]);
        self.type_text(x_low);
        self.keys(&["Tab"]);
        self.type_text(x_high);
        self.keys(&["Tab", "Tab"]);
        self.type_text(y_low);
        self.keys(&["Tab"]);
        self.type_text(y_high);
        self.keys(&["Enter"]);
        self.wait_for("✓ axes chosen");
    }

    pub fn paste(&self, dir: &Path, text: &str) {
        let file = dir.join("paste.txt");
        std::fs::write(&file, text).unwrap();
        self.cmd(&["load-buffer", file.to_str().unwrap()]);
        // -p: as a bracketed paste, the way a terminal delivers a paste.
        self.cmd(&["paste-buffer", "-p", "-t", "hearth"]);
    }
}

impl Drop for Tmux {
    fn drop(&mut self) {
        let _ = Command::new("tmux")
            .args(["-L", &self.socket, "kill-server"])
            .output();
    }
}

impl Tmux {
    /// Starts `command` in a new session `hearth` of the given size, in `dir`.
    pub fn start(name: &str, dir: &Path, width: u16, height: u16, command: &str) -> Tmux {
        let tmux = Tmux {
            socket: format!("hearth-test-{name}-{}", std::process::id()),
        };
        tmux.cmd(&[
            "new-session",
            "-d",
            "-s",
            "hearth",
            "-x",
            &width.to_string(),
            "-y",
            &height.to_string(),
            "-c",
            dir.to_str().unwrap(),
            command,
        ]);
        tmux
    }
}
