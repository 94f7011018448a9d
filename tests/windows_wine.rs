//! hearth on Windows, smoke-tested under Wine: `hearth.exe`, cross-built with MinGW, runs the
//! same commands on the same inputs as the Linux build, and what it prints and writes is compared
//! byte for byte with what the Linux build prints and writes.
//!
//! - `new` and `add` (an emoji, CJK and line breaks from standard input; CJK in the arguments),
//!   each build in a folder of its own: the session files they write. They differ only where
//!   they must, and those places are normalised narrowly: the session's and each new
//!   contribution's UUID (v7; replaced by `<id N>` in order of first appearance, so an id must
//!   still be the same wherever it recurs, and ids given as input are kept), UTC timestamps
//!   (`<time>`, each checked to be within this test's run), and the `\` Windows prints in the
//!   path `new` prints.
//! - `show` and `export` in all four formats (HTML with `-o`), `validate` on a session and on a
//!   broken file (exit 2, `FILE:LINE:COLUMN`): the same input files for both builds, so their
//!   output must be identical with no normalising at all.
//! - `serve` on loopback (the same port, one build after the other): a note-taker joins, posts one
//!   answer, gets `201`; Ctrl-C (SIGINT, which Wine turns into a console Ctrl-C event) stops it
//!   cleanly. Compared: the printed welcome and QR code (exact), the log (without its `HH:MM:SS`
//!   stamps and with the random device id replaced), the reply, the journal line (its timestamp
//!   normalised) and the devices file (device id, secret and timestamp replaced).
//!
//! Needs `x86_64-w64-mingw32-gcc` (Debian: gcc-mingw-w64-x86-64), Wine (Debian: wine64; found
//! as `wine64` or `wine` on PATH, or /usr/lib/wine/wine64, or `HEARTH_WINE`) and the Rust
//! standard library for x86_64-pc-windows-gnu (`rustup target add x86_64-pc-windows-gnu`); CI
//! installs them. Without them the test is skipped, saying why, or fails under HEARTH_E2E=1 (as
//! in CI); `HEARTH_SKIP_WINE=1` skips it on purpose.
//!
//! The cross-build is `cargo build --target x86_64-pc-windows-gnu --bin hearth` in its own
//! target folder, `target/wine` (so it never waits on the lock of the cargo running this test).
//! CI runs the same command before `cargo test`, so that these minutes of compiling do not
//! compete for the cores with the timing-sensitive tests; here it then only checks that
//! `hearth.exe` is up to date. The Wine prefix is `target/wine/prefix`, made on first use.
//!
//! Debian's Wine 8 has no `ProcessPrng` in `bcryptprimitives.dll`, which Rust's standard library
//! imports: tests/fixtures/wine/processprng.c, built with MinGW into a `bcryptprimitives.dll`
//! beside `hearth.exe`, supplies it (from RtlGenRandom).

// This test sets up the machine through the C library (limits, users, signals): unsafe is
// allowed here, as in src/platform.rs, and nowhere else.
#![allow(unsafe_code)]

mod common;

use std::collections::BTreeSet;
use std::ffi::OsString;
use std::io::{Read, Write};
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, ExitStatus, Output, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use common::e2e::on_path;
use common::serve::{CODE, Conn, PATIENCE, answer_body, join, post_answer};

const TARGET: &str = "x86_64-pc-windows-gnu";
const MINGW_GCC: &str = "x86_64-w64-mingw32-gcc";

/// Standard input for `hearth add`: an emoji, CJK, a line break, trailing spaces, a last newline.
const TYPED: &[u8] = "Peer mentor 🌱 → 同伴支持\nsecond line  \n".as_bytes();
/// The id the note-taker's answer is posted with.
const POSTED_ID: &str = "0190f5a2-0000-7000-8000-00000000c0de";
const POSTED_TEXT: &str = "Warm line 📞\n同伴 entry";

fn manifest_dir() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// Where Wine is, and what the test needs to run `hearth.exe` in it.
struct Wine {
    wine: PathBuf,
    exe: PathBuf,
    prefix: PathBuf,
}

impl Wine {
    fn command(&self) -> Command {
        let mut c = Command::new(&self.wine);
        c.arg(&self.exe);
        self.env(&mut c);
        c
    }

    fn env(&self, c: &mut Command) {
        c.env("WINEPREFIX", &self.prefix)
            .env("WINEDEBUG", "-all")
            // No Mono or Gecko to offer to install: hearth needs neither.
            .env("WINEDLLOVERRIDES", "mscoree,mshtml=")
            .env_remove("DISPLAY")
            .env_remove("WAYLAND_DISPLAY");
    }

    fn wineserver(&self) -> PathBuf {
        let beside = self.wine.with_file_name("wineserver");
        if beside.exists() {
            beside
        } else {
            PathBuf::from("wineserver")
        }
    }
}

/// Stops this prefix's wineserver (and anything left in the prefix) when the test ends.
impl Drop for Wine {
    fn drop(&mut self) {
        let mut c = Command::new(self.wineserver());
        c.arg("-k");
        self.env(&mut c);
        let _ = c.stdout(Stdio::null()).stderr(Stdio::null()).status();
    }
}

fn find_wine() -> Option<PathBuf> {
    if let Some(w) = std::env::var_os("HEARTH_WINE") {
        return Some(PathBuf::from(w));
    }
    on_path("wine64")
        .or_else(|| on_path("wine"))
        .or_else(|| Some(PathBuf::from("/usr/lib/wine/wine64")).filter(|p| p.is_file()))
}

fn timed<T>(what: &str, f: impl FnOnce() -> T) -> T {
    let start = Instant::now();
    let t = f();
    eprintln!("wine test: {what}: {:.1} s", start.elapsed().as_secs_f64());
    t
}

/// Whether the Rust standard library for the Windows target is installed, for the toolchain
/// that runs this test.
fn windows_std_installed() -> bool {
    let rustc = std::env::var_os("CARGO")
        .map(|cargo| PathBuf::from(cargo).with_file_name("rustc"))
        .filter(|rustc| rustc.is_file())
        .unwrap_or_else(|| PathBuf::from("rustc"));
    let Ok(out) = Command::new(rustc)
        .args(["--print", "target-libdir", "--target", TARGET])
        .current_dir(manifest_dir())
        .output()
    else {
        return false;
    };
    let libdir = PathBuf::from(String::from_utf8_lossy(&out.stdout).trim());
    out.status.success()
        && std::fs::read_dir(libdir).is_ok_and(|entries| {
            entries.flatten().any(|e| {
                let name = e.file_name();
                let name = name.to_string_lossy();
                name.starts_with("libstd-") && name.ends_with(".rlib")
            })
        })
}

/// Wine, or `None` when the test is to be skipped: Wine, MinGW or the Windows standard library
/// is missing (see `common::e2e::need`).
fn wine_tools() -> Option<PathBuf> {
    use common::e2e::missing;
    let wine = find_wine();
    let mut lacking = Vec::new();
    if wine.is_none() {
        lacking.push(missing(
            "Wine is not installed (wine64 or wine on PATH, /usr/lib/wine/wine64, or HEARTH_WINE)",
            "install Wine (Debian: apt-get install wine64)",
        ));
    }
    if on_path(MINGW_GCC).is_none() {
        lacking.push(missing(
            format!("MinGW ({MINGW_GCC}) is not on PATH"),
            "install MinGW (Debian: apt-get install gcc-mingw-w64-x86-64)",
        ));
    }
    if !windows_std_installed() {
        lacking.push(missing(
            format!("the Rust standard library for {TARGET} is not installed"),
            format!("rustup target add {TARGET}"),
        ));
    }
    if !common::e2e::need("wine", lacking) {
        return None;
    }
    wine
}

/// Cross-builds hearth.exe, builds the ProcessPrng stub beside it, and makes the Wine prefix.
fn set_up(wine: PathBuf) -> Wine {
    let target_dir = manifest_dir().join("target/wine");
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| OsString::from("cargo"));
    let built = timed("cross-build of hearth.exe", || {
        Command::new(cargo)
            .args(["build", "--target", TARGET, "--bin", "hearth"])
            .current_dir(manifest_dir())
            .env("CARGO_TARGET_DIR", &target_dir)
            .env("CARGO_TARGET_X86_64_PC_WINDOWS_GNU_LINKER", MINGW_GCC)
            .stdout(Stdio::null())
            .output()
            .expect("cargo starts")
    });
    assert!(
        built.status.success(),
        "the cross-build failed (rustup target add {TARGET}?):\n{}",
        String::from_utf8_lossy(&built.stderr)
    );
    let bin = target_dir.join(TARGET).join("debug");
    let exe = bin.join("hearth.exe");
    let stub = manifest_dir().join("tests/fixtures/wine/processprng.c");
    let dll = bin.join("bcryptprimitives.dll");
    let tmp = bin.join(format!("bcryptprimitives.dll.{}", std::process::id()));
    let gcc = Command::new(MINGW_GCC)
        .args(["-shared", "-O2", "-o"])
        .arg(&tmp)
        .arg(&stub)
        .arg("-ladvapi32")
        .output()
        .expect("the MinGW compiler starts");
    assert!(
        gcc.status.success(),
        "the ProcessPrng stub did not build:\n{}",
        String::from_utf8_lossy(&gcc.stderr)
    );
    std::fs::rename(&tmp, &dll).unwrap();
    let wine = Wine {
        wine,
        exe,
        prefix: target_dir.join("prefix"),
    };
    if !wine.prefix.join("system.reg").exists() {
        let mut boot = Command::new(&wine.wine);
        boot.args(["wineboot", "--init"]);
        wine.env(&mut boot);
        let out = timed("first start of the Wine prefix", || {
            boot.output().expect("Wine starts")
        });
        assert!(
            out.status.success(),
            "wineboot --init failed: {out:?}\n{}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    // A wineserver of our own, kept until the test ends: otherwise each run starts one, which
    // holds the run's output pipes open until it leaves, seconds later.
    let mut server = Command::new(wine.wineserver());
    server.arg("--persistent");
    wine.env(&mut server);
    let started = server
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .expect("wineserver starts");
    assert!(started.success(), "wineserver --persistent: {started}");
    let mut warm = wine.command();
    warm.arg("--version")
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null());
    let warmed = timed("first run of hearth.exe (Wine's services start)", || {
        warm.status().expect("Wine starts")
    });
    assert!(
        warmed.success(),
        "hearth.exe --version under Wine: {warmed} (exit 53: a DLL is missing)"
    );
    wine
}

/// One of the two builds.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Build {
    Linux,
    Windows,
}

struct Builds {
    wine: Wine,
}

impl Builds {
    fn command(&self, build: Build) -> Command {
        match build {
            Build::Linux => Command::new(env!("CARGO_BIN_EXE_hearth")),
            Build::Windows => self.wine.command(),
        }
    }

    /// Runs `hearth ARGS` in `dir` with `stdin` on standard input.
    fn run(&self, build: Build, dir: &Path, args: &[&str], stdin: &[u8]) -> Output {
        let mut child = self
            .command(build)
            .args(args)
            .current_dir(dir)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("hearth starts");
        let mut input = child.stdin.take().unwrap();
        input.write_all(stdin).unwrap();
        drop(input);
        child.wait_with_output().unwrap()
    }

    /// Runs `hearth ARGS` with both builds, each in its own folder.
    fn both(&self, dirs: [&Path; 2], args: &[&str], stdin: &[u8]) -> [Output; 2] {
        [
            self.run(Build::Linux, dirs[0], args, stdin),
            self.run(Build::Windows, dirs[1], args, stdin),
        ]
    }
}

fn show(out: &Output) -> String {
    format!(
        "{}\nstdout:\n{}\nstderr:\n{}",
        out.status,
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    )
}

fn succeeded(build: Build, what: &str, out: &Output) {
    assert!(
        out.status.success(),
        "{build:?} build, {what}: {}",
        show(out)
    );
}

/// `…/screen?code=XXXXX-XXXXX` with the read-only screen code (random per run) taken out.
fn without_screen_code(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(i) = rest.find("screen?code=") {
        let (head, tail) = rest.split_at(i + "screen?code=".len());
        out.push_str(head);
        out.push_str("<screen-code>");
        rest = tail.trim_start_matches(|c: char| c.is_ascii_alphanumeric() || c == '-');
    }
    out.push_str(rest);
    out
}

/// Asserts a file of the sessions folder is the same from both builds. The outline is a cache of
/// this machine's files (the snapshot's size, time and identity, the journal's length are its
/// own): what it says of the session must agree, byte for byte after normalising.
fn same_session_file(what: &str, name: &str, linux: &str, windows: &str) {
    if !name.ends_with(".outline") {
        return same_bytes(what, linux.as_bytes(), windows.as_bytes());
    }
    let [l, w] = [linux, windows].map(|t| serde_json::from_str::<serde_json::Value>(t).unwrap());
    for part in [
        "format",
        "session",
        "journal_records",
        "snapshot_contributions",
    ] {
        same_bytes(
            &format!("{what}: {part}"),
            l[part].to_string().as_bytes(),
            w[part].to_string().as_bytes(),
        );
    }
}

/// `out` with its one line starting `expected` (which must be there) replaced by a marker.
fn other_terminals(out: &str, expected: &str) -> String {
    let mut found = 0;
    let lines: Vec<&str> = out
        .split_inclusive('\n')
        .map(|l| {
            if l.starts_with(expected) {
                found += 1;
                "<how other terminals reach the share>\n"
            } else {
                l
            }
        })
        .collect();
    assert_eq!(found, 1, "one line starting {expected:?} in:\n{out}");
    lines.concat()
}

/// Asserts two byte strings are equal, naming the first difference.
fn same_bytes(what: &str, linux: &[u8], windows: &[u8]) {
    if linux == windows {
        return;
    }
    let at = linux
        .iter()
        .zip(windows)
        .position(|(a, b)| a != b)
        .unwrap_or(linux.len().min(windows.len()));
    let around = |b: &[u8]| {
        String::from_utf8_lossy(&b[at.saturating_sub(40)..(at + 40).min(b.len())]).into_owned()
    };
    panic!(
        "{what}: the Windows build's bytes differ from the Linux build's at byte {at} \
         (lengths {} and {}):\n  Linux:   {:?}\n  Windows: {:?}",
        linux.len(),
        windows.len(),
        around(linux),
        around(windows)
    );
}

fn same_output(what: &str, [linux, windows]: &[Output; 2]) {
    assert_eq!(
        linux.status.code(),
        windows.status.code(),
        "{what}: exit codes differ.\nLinux: {}\nWindows: {}",
        show(linux),
        show(windows)
    );
    same_bytes(
        &format!("{what}, standard output"),
        &linux.stdout,
        &windows.stdout,
    );
    same_bytes(
        &format!("{what}, standard error"),
        &linux.stderr,
        &windows.stderr,
    );
}

/// Replaces what legitimately differs between two runs, and nothing else: UUIDs that are not
/// given as input (`<id N>`, numbered in order of first appearance) and UTC timestamps
/// (`<time>`, each checked to fall within the test's run).
struct Normaliser {
    ids: Vec<String>,
    keep: BTreeSet<String>,
    since: jiff::Timestamp,
    /// Timestamps only: every id was given as input.
    times_only: bool,
}

impl Normaliser {
    fn new(since: jiff::Timestamp, keep: &[&str]) -> Normaliser {
        Normaliser {
            ids: Vec::new(),
            keep: keep.iter().map(|s| (*s).to_owned()).collect(),
            since,
            times_only: false,
        }
    }

    fn times_only(since: jiff::Timestamp) -> Normaliser {
        Normaliser {
            times_only: true,
            ..Normaliser::new(since, &[])
        }
    }

    fn apply(&mut self, text: &str) -> String {
        let b = text.as_bytes();
        let mut out = String::with_capacity(text.len());
        let mut i = 0;
        let mut copied = 0;
        while i < b.len() {
            let boundary = i == 0 || !b[i - 1].is_ascii_alphanumeric();
            if boundary && let Some(len) = uuid_at(&b[i..]) {
                let id = &text[i..i + len];
                if !self.times_only && !self.keep.contains(id) {
                    let n = match self.ids.iter().position(|x| x == id) {
                        Some(n) => n,
                        None => {
                            self.ids.push(id.to_owned());
                            self.ids.len() - 1
                        }
                    };
                    out.push_str(&text[copied..i]);
                    out.push_str(&format!("<id {}>", n + 1));
                    copied = i + len;
                }
                i += len;
                continue;
            }
            if boundary && let Some(len) = timestamp_at(&b[i..]) {
                let stamp = &text[i..i + len];
                let t: jiff::Timestamp = stamp
                    .parse()
                    .unwrap_or_else(|e| panic!("{stamp} is not a timestamp: {e}"));
                let now = jiff::Timestamp::now();
                let slack = jiff::SignedDuration::from_secs(60);
                assert!(
                    t >= self.since - slack && t <= now + slack,
                    "the timestamp {stamp} is not within this test's run ({} to {now})",
                    self.since
                );
                out.push_str(&text[copied..i]);
                out.push_str("<time>");
                copied = i + len;
                i += len;
                continue;
            }
            i += 1;
        }
        out.push_str(&text[copied..]);
        out
    }
}

/// The length of a lower-case hyphenated UUID at the start of `b`.
fn uuid_at(b: &[u8]) -> Option<usize> {
    const GROUPS: [usize; 5] = [8, 4, 4, 4, 12];
    let mut i = 0;
    for (n, len) in GROUPS.iter().enumerate() {
        if n > 0 {
            (b.get(i) == Some(&b'-')).then_some(())?;
            i += 1;
        }
        let part = b.get(i..i + len)?;
        part.iter()
            .all(|c| matches!(c, b'0'..=b'9' | b'a'..=b'f'))
            .then_some(())?;
        i += len;
    }
    (!b.get(i).is_some_and(|c| c.is_ascii_alphanumeric())).then_some(i)
}

/// The length of a UTC timestamp (`2026-11-30T07:25:16.291481708Z`) at the start of `b`.
fn timestamp_at(b: &[u8]) -> Option<usize> {
    const SHAPE: &[u8] = b"dddd-dd-ddTdd:dd:dd";
    let head = b.get(..SHAPE.len())?;
    let fits = head.iter().zip(SHAPE).all(|(c, s)| match s {
        b'd' => c.is_ascii_digit(),
        s => c == s,
    });
    fits.then_some(())?;
    let mut i = SHAPE.len();
    if b.get(i) == Some(&b'.') {
        let digits = b[i + 1..].iter().take_while(|c| c.is_ascii_digit()).count();
        (digits > 0).then_some(())?;
        i += 1 + digits;
    }
    (b.get(i) == Some(&b'Z')).then_some(i + 1)
}

fn read(path: &Path) -> String {
    String::from_utf8(std::fs::read(path).unwrap_or_else(|e| panic!("{}: {e}", path.display())))
        .unwrap_or_else(|e| panic!("{}: not UTF-8: {e}", path.display()))
}

fn names_in(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &to.join(entry.file_name()));
        } else {
            std::fs::copy(entry.path(), to.join(entry.file_name())).unwrap();
        }
    }
}

#[test]
fn the_windows_build_prints_and_writes_what_the_linux_build_does() {
    let Some(wine) = wine_tools() else {
        return;
    };
    let started = Instant::now();
    let since = jiff::Timestamp::now();
    let builds = Builds { wine: set_up(wine) };
    let root = tempfile::tempdir().unwrap();
    let dirs = [root.path().join("linux"), root.path().join("windows")];
    for dir in &dirs {
        std::fs::create_dir_all(dir.join("scenarios")).unwrap();
        std::fs::copy(
            common::fixture("all-kinds.json"),
            dir.join("scenarios/all-kinds.json"),
        )
        .unwrap();
    }
    let [linux_dir, windows_dir] = [dirs[0].as_path(), dirs[1].as_path()];
    let mut norm = [
        Normaliser::new(since, &[POSTED_ID]),
        Normaliser::new(since, &[POSTED_ID]),
    ];

    // ---- new and add, each build writing its own session ----
    let new = builds.both(
        [linux_dir, windows_dir],
        &[
            "new",
            "all-kinds",
            "--date",
            "2026-11-22",
            "--groups",
            "Table 1,Room 夢",
            "--event",
            "Hearth 🔥 meet-up",
        ],
        b"",
    );
    succeeded(Build::Linux, "new", &new[0]);
    succeeded(Build::Windows, "new", &new[1]);
    let printed = |o: &Output| String::from_utf8(o.stdout.clone()).unwrap();
    let (linux_path, windows_path) = (printed(&new[0]), printed(&new[1]));
    // Windows names the file with its own separator; that, and only that, is normalised.
    assert_eq!(
        windows_path.matches('\\').count(),
        1,
        "the Windows build prints sessions\\NAME: {windows_path:?}"
    );
    same_bytes(
        "new: the printed session path (\\ read as /)",
        linux_path.as_bytes(),
        windows_path.replace('\\', "/").as_bytes(),
    );
    same_bytes("new: standard error", &new[0].stderr, &new[1].stderr);
    let session = [linux_path.trim_end(), windows_path.trim_end()];

    let adds: [(&[&str], &[u8]); 3] = [
        (
            &[
                "--exercise",
                "pathways",
                "--slot",
                "q4",
                "--group",
                "Room 夢",
            ],
            TYPED,
        ),
        (
            &[
                "--exercise",
                "triangle",
                "--slot",
                "pull",
                "--group",
                "Table 1",
                "--text",
                "未来 pulls 🚀 «quoted» \"too\"",
            ],
            b"",
        ),
        (
            &[
                "--exercise",
                "conflict",
                "--slot",
                "approaches",
                "--text",
                "Talk it through",
                "--field",
                "benefits=信頼 kept",
                "--field",
                "risks=none 🙂",
            ],
            b"",
        ),
    ];
    for (args, stdin) in adds {
        let out = [Build::Linux, Build::Windows].map(|build| {
            let i = (build == Build::Windows) as usize;
            let mut all = vec!["add", session[i]];
            all.extend_from_slice(args);
            let out = builds.run(build, &dirs[i], &all, stdin);
            succeeded(build, &format!("add {args:?}"), &out);
            out
        });
        same_bytes(
            &format!("add {args:?}: the printed id (normalised)"),
            norm[0].apply(&printed(&out[0])).as_bytes(),
            norm[1].apply(&printed(&out[1])).as_bytes(),
        );
        same_bytes("add: standard error", &out[0].stderr, &out[1].stderr);
    }
    let session_dirs = [linux_dir.join("sessions"), windows_dir.join("sessions")];
    assert_eq!(
        names_in(&session_dirs[0]),
        names_in(&session_dirs[1]),
        "the files in sessions/"
    );
    let journal_of = |dir: &Path| dir.join(session[0]).with_extension("journal");
    let linux_journal = journal_of(linux_dir);
    assert!(
        read(&linux_journal).contains(r#""text":"Peer mentor 🌱 → 同伴支持\nsecond line  \n""#),
        "the text from standard input is kept byte for byte: {}",
        read(&linux_journal)
    );
    for name in names_in(&session_dirs[0]) {
        let [l, w] = [0, 1].map(|i| norm[i].apply(&read(&session_dirs[i].join(&name))));
        same_session_file(
            &format!("sessions/{name} (ids and timestamps normalised)"),
            &name,
            &l,
            &w,
        );
    }
    // Each build reads the other's session.
    for (build, i) in [(Build::Linux, 1), (Build::Windows, 0)] {
        let out = builds.run(build, &dirs[i], &["validate", session[0]], b"");
        succeeded(build, "validate of the other build's session", &out);
    }

    // ---- show, export, validate: the same input files for both builds ----
    let same = [
        root.path().join("same-linux"),
        root.path().join("same-windows"),
    ];
    for d in &same {
        copy_dir(&session_dirs[0], &d.join("sessions"));
    }
    let same_dirs = [same[0].as_path(), same[1].as_path()];
    let s = session[0];
    let runs: Vec<(String, Vec<&str>)> = vec![
        ("show".into(), vec!["show", s]),
        ("show --raw".into(), vec!["show", s, "--raw"]),
        ("export md".into(), vec!["export", s, "--format", "md"]),
        ("export csv".into(), vec!["export", s, "--format", "csv"]),
        ("export json".into(), vec!["export", s, "--format", "json"]),
        (
            "export html -o".into(),
            vec!["export", s, "--format", "html", "-o", "write-up.html"],
        ),
        ("validate".into(), vec!["validate", s]),
    ];
    for (what, args) in &runs {
        let out = builds.both(same_dirs, args, b"");
        succeeded(Build::Linux, what, &out[0]);
        same_output(what, &out);
    }
    same_bytes(
        "export html -o: the file written",
        &std::fs::read(same[0].join("write-up.html")).unwrap(),
        &std::fs::read(same[1].join("write-up.html")).unwrap(),
    );
    let html = read(&same[0].join("write-up.html"));
    assert!(html.contains("同伴支持") && html.contains("🌱"), "{html}");

    // A broken plan: a number written as a word, on a known line.
    let plan = read(&common::fixture("all-kinds.json"));
    let broken = plan.replacen("\"minutes\": 30,", "\"minutes\": \"thirty\",", 1);
    assert_ne!(plan, broken);
    let line = broken
        .lines()
        .position(|l| l.contains("\"thirty\""))
        .unwrap()
        + 1;
    for d in &same {
        std::fs::write(d.join("broken.json"), &broken).unwrap();
    }
    let out = builds.both(same_dirs, &["validate", "broken.json"], b"");
    same_output("validate broken.json", &out);
    assert_eq!(out[1].status.code(), Some(2), "{}", show(&out[1]));
    let stderr = String::from_utf8_lossy(&out[1].stderr).into_owned();
    let at = format!("broken.json:{line}:");
    let column = stderr
        .strip_prefix(&at)
        .and_then(|rest| rest.split_once(": "))
        .map(|(col, _)| col);
    assert!(
        column.is_some_and(|c| !c.is_empty() && c.bytes().all(|b| b.is_ascii_digit())),
        "validate says FILE:LINE:COLUMN ({at}COL: …): {stderr}"
    );

    // ---- serve: one note-taker's answer, acknowledged ----
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let bind: SocketAddr = format!("127.0.0.1:{port}").parse().unwrap();
    let served = [
        root.path().join("serve-linux"),
        root.path().join("serve-windows"),
    ];
    for d in &served {
        copy_dir(&session_dirs[0], &d.join("sessions"));
    }
    // Windows first: Linux's listener reuses the port while the last connections linger in
    // TIME_WAIT (SO_REUSEADDR); one Wine opened without it might not.
    let windows = timed("serve under Wine", || {
        served_once(&builds, Build::Windows, &served[1], s, bind)
    });
    let linux = served_once(&builds, Build::Linux, &served[0], s, bind);
    same_bytes("serve: the 201's body", &linux.reply, &windows.reply);
    assert_eq!(
        String::from_utf8_lossy(&windows.reply),
        format!(r#"{{"id":"{POSTED_ID}","saved":true}}"#)
    );
    // The one line that must differ: Linux reaches a share from other terminals through a Unix
    // socket; Windows has none, and says so.
    let linux_out = other_terminals(&linux.stdout, "From another terminal: hearth devices ");
    let windows_out = other_terminals(&windows.stdout, "Other terminals cannot reach this share");
    same_bytes(
        "serve: what it printed (times, device id and the other-terminals line normalised)",
        linux_out.as_bytes(),
        windows_out.as_bytes(),
    );
    same_bytes(
        "serve: standard error",
        linux.stderr.as_bytes(),
        windows.stderr.as_bytes(),
    );
    assert!(
        windows
            .stdout
            .contains("1 answer saved (device <device>: 1)")
            && windows.stdout.ends_with("stopped; everything is saved.\n"),
        "{}",
        windows.stdout
    );
    // Both started from the same files, and the answer's id was given: only times differ.
    for name in names_in(&served[0].join("sessions")) {
        let [l, w] = [(&linux, 0), (&windows, 1)].map(|(run, i)| {
            let text = read(&served[i].join("sessions").join(&name));
            Normaliser::times_only(since).apply(
                &text
                    .replace(&run.device, "<device>")
                    .replace(&run.secret, "<secret>"),
            )
        });
        same_session_file(
            &format!("after serve, sessions/{name} (device, timestamps normalised)"),
            &name,
            &l,
            &w,
        );
    }
    assert_eq!(
        names_in(&served[0].join("sessions")),
        names_in(&served[1].join("sessions"))
    );
    let journal = read(&journal_of(&served[1]));
    assert!(
        journal.contains(POSTED_ID) && journal.contains(r#""text":"Warm line 📞\n同伴 entry""#),
        "the posted answer is in the journal: {journal}"
    );
    eprintln!(
        "wine test: the whole test: {:.1} s",
        started.elapsed().as_secs_f64()
    );
}

struct Served {
    reply: Vec<u8>,
    stdout: String,
    stderr: String,
    device: String,
    secret: String,
}

/// `hearth serve` on `bind`: a note-taker joins and posts one answer (`201`), the tally is
/// printed, then Ctrl-C (SIGINT) stops it, and it must exit 0.
fn served_once(
    builds: &Builds,
    build: Build,
    dir: &Path,
    session: &str,
    bind: SocketAddr,
) -> Served {
    let deadline = Instant::now() + PATIENCE;
    let (mut child, stdout, stderr) = loop {
        let mut child = builds
            .command(build)
            .args([
                "serve",
                session,
                "--bind",
                &bind.to_string(),
                "--code",
                CODE,
            ])
            .current_dir(dir)
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("hearth serve starts");
        let stdout = collect(child.stdout.take().unwrap());
        let stderr = collect(child.stderr.take().unwrap());
        let welcome = wait_for(&stdout, &mut child, "Press Ctrl-C to stop sharing.\n");
        if welcome {
            break (child, stdout, stderr);
        }
        let _ = child.kill();
        let _ = child.wait();
        assert!(
            Instant::now() < deadline,
            "{build:?} build: hearth serve did not start on {bind}: {}\n{}",
            text(&stdout),
            text(&stderr)
        );
        std::thread::sleep(Duration::from_millis(200));
    };
    let joined = join(bind, CODE, "Room 夢");
    let mut conn = Conn::connect(bind).unwrap();
    let body = answer_body(POSTED_ID, "pathways", "q1", "Room 夢", POSTED_TEXT);
    let reply = post_answer(&mut conn, &joined.token, &body).expect("the server answers");
    assert_eq!(
        reply.status,
        201,
        "{build:?} build: the answer is acknowledged: {}",
        reply.text()
    );
    drop(conn);
    // The tally comes within a second; then Ctrl-C.
    assert!(
        wait_for(&stdout, &mut child, "1 answer saved"),
        "{build:?} build: no tally: {}",
        text(&stdout)
    );
    interrupt(&child);
    let status = wait_exit(&mut child, build, &stdout);
    assert!(
        status.success(),
        "{build:?} build: hearth serve stopped with {status} on Ctrl-C: {}\n{}",
        text(&stdout),
        text(&stderr)
    );
    // The reading threads have the last words once the pipes close.
    let finished = Instant::now() + PATIENCE;
    while !text(&stdout).ends_with("everything is saved.\n") && Instant::now() < finished {
        std::thread::sleep(Duration::from_millis(20));
    }
    let device = joined.device.clone();
    let secret = joined
        .token
        .strip_prefix(&format!("{device}."))
        .expect("a token is DEVICE.SECRET")
        .to_owned();
    Served {
        reply: reply.body,
        stdout: without_screen_code(&without_times(&text(&stdout))).replace(&device, "<device>"),
        stderr: text(&stderr),
        device,
        secret,
    }
}

type Collected = Arc<Mutex<Vec<u8>>>;

fn collect(mut from: impl Read + Send + 'static) -> Collected {
    let bytes: Collected = Arc::default();
    let into = Arc::clone(&bytes);
    std::thread::spawn(move || {
        let mut buf = [0u8; 4096];
        while let Ok(n) = from.read(&mut buf) {
            if n == 0 {
                break;
            }
            into.lock().unwrap().extend_from_slice(&buf[..n]);
        }
    });
    bytes
}

fn text(c: &Collected) -> String {
    String::from_utf8_lossy(&c.lock().unwrap()).into_owned()
}

/// Waits until `what` has been printed (true) or the process has ended or time is up (false).
fn wait_for(out: &Collected, child: &mut Child, what: &str) -> bool {
    let deadline = Instant::now() + PATIENCE;
    while Instant::now() < deadline {
        if text(out).contains(what) {
            return true;
        }
        if let Ok(Some(_)) = child.try_wait() {
            std::thread::sleep(Duration::from_millis(50));
            return text(out).contains(what);
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    false
}

/// Ctrl-C: SIGINT, which Wine delivers to a console program as a Ctrl-C event.
fn interrupt(child: &Child) {
    let pid = libc::pid_t::try_from(child.id()).expect("a pid fits");
    // SAFETY: kill(2) with a pid we started and have not reaped yet.
    unsafe {
        libc::kill(pid, libc::SIGINT);
    }
}

fn wait_exit(child: &mut Child, build: Build, out: &Collected) -> ExitStatus {
    let deadline = Instant::now() + PATIENCE;
    loop {
        if let Some(status) = child.try_wait().unwrap() {
            return status;
        }
        if Instant::now() > deadline {
            let _ = child.kill();
            panic!(
                "{build:?} build: hearth serve did not stop within {PATIENCE:?} of Ctrl-C: {}",
                text(out)
            );
        }
        std::thread::sleep(Duration::from_millis(20));
    }
}

/// The log's lines start with the local time (`07:26:47 `): that stamp, and nothing else, is
/// taken out.
fn without_times(log: &str) -> String {
    log.split_inclusive('\n')
        .map(|line| {
            let b = line.as_bytes();
            let stamped = b.len() > 9
                && b[..8].iter().enumerate().all(|(i, c)| {
                    if i % 3 == 2 {
                        *c == b':'
                    } else {
                        c.is_ascii_digit()
                    }
                })
                && b[8] == b' ';
            if stamped { &line[9..] } else { line }
        })
        .collect()
}

#[test]
fn the_normaliser_replaces_ids_and_times_only() {
    let since = jiff::Timestamp::now();
    let now = jiff::Timestamp::now().to_string();
    let mut n = Normaliser::new(since, &["0190f5a2-0000-7000-8000-00000000c0de"]);
    let text = format!(
        "{{\"id\":\"01a22b57-fc93-745c-867f-43756fdbffd9\",\"at\":\"{now}\",\
         \"of\":\"01a22b57-fc93-745c-867f-43756fdbffd9\",\"given\":\"0190f5a2-0000-7000-8000-00000000c0de\",\
         \"date\":\"2026-11-22\",\"x\":\"a01a22b57-fc93-745c-867f-43756fdbffd9\"}}\n\
         01a22b58-014a-73bd-a417-9482fa0488c5\n"
    );
    assert_eq!(
        n.apply(&text),
        "{\"id\":\"<id 1>\",\"at\":\"<time>\",\"of\":\"<id 1>\",\
         \"given\":\"0190f5a2-0000-7000-8000-00000000c0de\",\"date\":\"2026-11-22\",\
         \"x\":\"a01a22b57-fc93-745c-867f-43756fdbffd9\"}\n<id 2>\n"
    );
    assert_eq!(
        without_times("Join code: X\n07:26:46 device d joined\n07:26:47 stopped\n"),
        "Join code: X\ndevice d joined\nstopped\n"
    );
}

#[test]
#[should_panic(expected = "the timestamp 2001-01-01T00:00:00Z is not within this test's run")]
fn a_timestamp_from_another_time_is_not_normalised_away() {
    Normaliser::new(jiff::Timestamp::now(), &[]).apply("\"2001-01-01T00:00:00Z\"");
}
