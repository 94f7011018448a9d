//! hearth as installed: the real binary run from an empty folder with an empty home, as
//! `cargo install` leaves it (no repository around it). The bundled plans are there, sessions go to
//! the data folder (or a local sessions/, or $HEARTH_HOME), `hearth where` says which and why,
//! and every file hearth makes is its owner's alone. Also: file names from titles in any
//! script, the join code kept off the command line, shell completions and the man page.

// This test sets up the machine through the C library (limits, users, signals): unsafe is
// allowed here, as in src/platform.rs, and nowhere else.
#![allow(unsafe_code)]

mod common;

use std::io::{BufRead, BufReader};
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

const PLANS: [&str; 11] = [
    "defining-tasks",
    "documentation-guidelines",
    "dreaming-together",
    "onboarding-checklist",
    "peer-support-futures",
    "readiness-checklist",
    "role-clarity",
    "supervision-models",
    "value-conflicts",
    "visions-2030",
    "webinar-series",
];

/// An empty home and an empty current folder.
struct Fresh {
    home: tempfile::TempDir,
    here: tempfile::TempDir,
}

impl Fresh {
    fn new() -> Fresh {
        Fresh {
            home: tempfile::tempdir().unwrap(),
            here: tempfile::tempdir().unwrap(),
        }
    }

    /// hearth in the empty folder, with HOME the empty home and no XDG or hearth variables.
    fn hearth(&self, args: &[&str]) -> Command {
        let mut c = common::hearth();
        c.args(args)
            .current_dir(self.here.path())
            .env("HOME", self.home.path())
            .env_remove("XDG_DATA_HOME")
            .env_remove("XDG_STATE_HOME")
            .env_remove("HEARTH_HOME")
            .env_remove("HEARTH_CODE")
            .stdin(Stdio::null());
        c
    }

    fn run(&self, args: &[&str]) -> Output {
        self.hearth(args).output().unwrap()
    }

    fn data(&self) -> PathBuf {
        if cfg!(target_os = "macos") {
            self.home.path().join("Library/Application Support/hearth")
        } else {
            self.home.path().join(".local/share/hearth")
        }
    }
}

fn ok(out: &Output) -> String {
    assert!(
        out.status.success(),
        "exit {:?}: {}",
        out.status.code(),
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout.clone()).unwrap()
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

fn mode(path: &Path) -> u32 {
    std::fs::metadata(path).unwrap().permissions().mode() & 0o777
}

/// Every file and folder under `dir`.
fn everything(dir: &Path) -> Vec<PathBuf> {
    common::tree(dir).into_iter().map(|(p, _)| p).collect()
}

#[test]
fn installed_hearth_lists_the_bundled_plans_and_keeps_sessions_in_the_data_folder() {
    let f = Fresh::new();
    let listed = ok(&f.run(&["list"]));
    let overview = ok(&f.run(&[]));
    for plan in PLANS {
        assert!(listed.contains(plan), "hearth list shows {plan}:\n{listed}");
        assert!(overview.contains(plan), "hearth shows {plan}:\n{overview}");
    }
    assert!(listed.contains("built in"), "{listed}");

    let made = ok(&f.run(&["new", "dreaming-together", "--date", "2026-05-09"]));
    let session = PathBuf::from(made.trim());
    let sessions = f.data().join("sessions");
    assert_eq!(session.parent(), Some(sessions.as_path()), "{made}");
    assert_eq!(mode(&session), 0o600);
    assert_eq!(mode(&session.with_extension("journal")), 0o600);
    assert_eq!(mode(&sessions), 0o700);
    assert_eq!(mode(&f.data()), 0o700);
    assert!(
        everything(f.here.path()).is_empty(),
        "nothing is written to the current folder"
    );

    // A bare name is found in the data folder, from anywhere.
    let name = session.file_stem().unwrap().to_str().unwrap();
    let shown = ok(&f.run(&["show", name]));
    assert!(shown.contains("Dreaming Together"), "{shown}");
    let listed = ok(&f.run(&["list"]));
    assert!(listed.contains(name), "{listed}");
    let missing = f.run(&["show", "no-such-session"]);
    assert_eq!(missing.status.code(), Some(2));
    assert!(
        stderr(&missing).contains(&sessions.join("no-such-session.json").display().to_string()),
        "says where it looked: {}",
        stderr(&missing)
    );

    let place = ok(&f.run(&["where"]));
    assert!(place.contains(&sessions.display().to_string()), "{place}");
    assert!(place.contains("data folder"), "{place}");
}

#[test]
fn a_sessions_folder_here_wins_and_hearth_home_wins_over_both() {
    let f = Fresh::new();
    std::fs::create_dir(f.here.path().join("sessions")).unwrap();
    let made = ok(&f.run(&["new", "role-clarity"]));
    let session = f.here.path().join(made.trim());
    assert_eq!(
        session.parent().unwrap().canonicalize().unwrap(),
        f.here.path().join("sessions").canonicalize().unwrap(),
        "{made}"
    );
    assert_eq!(mode(&session), 0o600);
    let place = ok(&f.run(&["where"]));
    assert!(place.contains("current folder"), "{place}");
    assert!(!f.data().exists(), "the data folder is left alone");

    let elsewhere = f.home.path().join("hearth-home");
    let made = ok(f
        .hearth(&["new", "role-clarity"])
        .env("HEARTH_HOME", &elsewhere)
        .output()
        .as_ref()
        .unwrap());
    assert_eq!(
        Path::new(made.trim()).parent().unwrap(),
        elsewhere.join("sessions")
    );
    let place = ok(f
        .hearth(&["where"])
        .env("HEARTH_HOME", &elsewhere)
        .output()
        .as_ref()
        .unwrap());
    assert!(place.contains("HEARTH_HOME is set"), "{place}");
    assert!(
        place.contains(&elsewhere.join("outbox").display().to_string()),
        "the outbox follows HEARTH_HOME: {place}"
    );
}

/// A typical run: new, add, set, edit, show, export to a file and with figures, merge, a
/// compaction (the snapshot rewritten through a temporary file, which the rename keeps the mode
/// of), the outline and drafts. Every file and folder made is its owner's alone.
#[test]
fn every_file_hearth_makes_is_private() {
    let f = Fresh::new();
    let home = f.home.path().join("h");
    let run = |args: &[&str]| {
        ok(f.hearth(args)
            .env("HEARTH_HOME", &home)
            .output()
            .as_ref()
            .unwrap())
    };
    let s = run(&["new", "dreaming-together", "--date", "2026-05-09"]);
    let s = s.trim();
    let id = run(&[
        "add",
        s,
        "--exercise",
        "pathways",
        "--slot",
        "q4",
        "--group",
        "Table 1",
        "--text",
        "peer volunteer --> outreach worker --> supervisor",
    ]);
    run(&[
        "add",
        s,
        "--exercise",
        "pathways",
        "--slot",
        "q5",
        "--text",
        "more",
    ]);
    run(&["set", s, "--event", "Meet-up"]);
    run(&["edit", s, id.trim(), "--star"]);
    run(&["show", s]);
    let exports = home.join("exports");
    let out = exports.join("write-up.md");
    std::fs::create_dir(&exports).unwrap();
    std::fs::set_permissions(&exports, std::fs::Permissions::from_mode(0o700)).unwrap();
    run(&["export", s, "--format", "md", "-o", out.to_str().unwrap()]);
    run(&[
        "export",
        s,
        "--format",
        "md",
        "-o",
        exports.join("with-figures.md").to_str().unwrap(),
        "--figures",
        home.join("exports/figures").to_str().unwrap(),
    ]);
    let other = run(&["new", "dreaming-together", "--date", "2026-05-09"]);
    run(&[
        "merge",
        s,
        other.trim(),
        "-o",
        home.join("sessions/merged.json").to_str().unwrap(),
    ]);
    // Fold the journal into a new snapshot, as a long session does on close.
    let (mut store, _) = hearth::store::SessionStore::open(Path::new(s)).unwrap();
    store.set_compact_min_bytes(0);
    store.compact().unwrap();
    store.close().unwrap();
    // Typing not saved yet, as the terminal app keeps it.
    hearth::store::drafts::write_unsaved(Path::new(s), &"typed, not saved").unwrap();

    let files = everything(&home);
    for kind in [
        ".json", ".journal", ".outline", ".drafts", ".md", ".svg", ".png",
    ] {
        assert!(
            files.iter().any(|p| p.to_string_lossy().ends_with(kind)),
            "a {kind} file was made: {files:#?}"
        );
    }
    for path in files {
        let expected = if path.is_dir() { 0o700 } else { 0o600 };
        assert_eq!(mode(&path), expected, "{}", path.display());
    }
}

#[test]
fn a_session_others_can_read_is_said_once_with_the_fix() {
    let f = Fresh::new();
    let made = ok(&f.run(&["new", "visions-2030"]));
    let session = PathBuf::from(made.trim());
    let quiet = f.run(&["show", made.trim()]);
    ok(&quiet);
    assert_eq!(stderr(&quiet), "", "a private session opens quietly");
    std::fs::set_permissions(&session, std::fs::Permissions::from_mode(0o644)).unwrap();
    std::fs::set_permissions(
        session.with_extension("journal"),
        std::fs::Permissions::from_mode(0o644),
    )
    .unwrap();
    for args in [
        vec!["show", made.trim()],
        vec![
            "add",
            made.trim(),
            "--exercise",
            "consciousness",
            "--slot",
            "sick",
            "--text",
            "x",
        ],
    ] {
        let out = f.run(&args);
        let err = stderr(&out);
        assert_eq!(err.matches("chmod 600").count(), 1, "{args:?}: {err}");
        assert!(err.contains(&session.display().to_string()), "{err}");
        assert!(
            err.contains(&session.with_extension("journal").display().to_string()),
            "{err}"
        );
    }
}

#[test]
fn file_names_keep_their_letters_and_never_collide() {
    let f = Fresh::new();
    let mut names = Vec::new();
    for title in [
        "Café des pairs — Montréal",
        "Café des pairs — Montréal",
        "ピアサポートの未来",
        "مستقبل دعم الأقران",
        "🚀🌈",
    ] {
        let made = ok(&f.run(&[
            "new",
            "dreaming-together",
            "--title",
            title,
            "--date",
            "2026-05-09",
        ]));
        let name = Path::new(made.trim())
            .file_stem()
            .unwrap()
            .to_str()
            .unwrap()
            .to_owned();
        let slug = name.strip_prefix("2026-05-09-").unwrap().to_owned();
        assert!(!slug.starts_with("session"), "{title}: {name}");
        assert!(
            slug.bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-'),
            "{title}: {name}"
        );
        names.push(name);
    }
    assert_eq!(names[0], "2026-05-09-cafe-des-pairs-montreal");
    assert_eq!(names[1], "2026-05-09-cafe-des-pairs-montreal-2");
    let mut unique = names.clone();
    unique.sort();
    unique.dedup();
    assert_eq!(unique.len(), names.len(), "{names:?}");
}

/// PowerShell's script asks hearth for names where a command takes a session, plan or series,
/// inside clap's completer, before it filters by what is typed. (PowerShell itself is not on
/// the machines the tests run on: this reads the script, it does not run it.)
#[test]
fn the_powershell_completion_asks_for_names_where_a_command_takes_one() {
    let f = Fresh::new();
    let script = ok(&f.run(&["completions", "powershell"]));
    let names = script
        .find("list \"--$kind-names\"")
        .expect("asks hearth for names");
    let switch = script
        .find("$completions = @(switch ($command)")
        .expect("clap's completions");
    let filter = script.rfind("$completions.Where{").expect("clap's filter");
    assert!(switch < names && names < filter, "{script}");
    for pattern in [
        "'^hearth;(run|screen|show|add|edit|set|export|serve|devices|withdraw|import|merge)$' { 'session'",
        "'^hearth;new$' { 'plan'",
        "'^hearth;series;(add|next|show|export)$' { 'series'",
        "'^hearth;series;add;[^;]+$' { 'session'",
    ] {
        assert!(script.contains(pattern), "{pattern} in:\n{script}");
    }
    // Only one completer for hearth: a second registration would replace clap's.
    assert_eq!(script.matches("Register-ArgumentCompleter").count(), 1);
}

#[test]
fn completions_and_the_man_page_name_every_command() {
    let f = Fresh::new();
    let commands = [
        "run",
        "new",
        "add",
        "show",
        "export",
        "serve",
        "join",
        "where",
        "completions",
        "man",
    ];
    for shell in ["bash", "zsh", "fish", "powershell"] {
        let script = ok(&f.run(&["completions", shell]));
        for c in commands {
            assert!(script.contains(c), "{shell} completes {c}");
        }
    }
    let page = ok(&f.run(&["man"]));
    assert!(page.contains(".TH hearth 1"), "{page}");
    for c in commands {
        assert!(
            page.contains(&format!("hearth\\-{c}")),
            "the page lists {c}"
        );
    }
    let dir = f.here.path().join("man1");
    ok(&f.run(&["man", "--dir", dir.to_str().unwrap()]));
    for c in commands {
        let page = std::fs::read_to_string(dir.join(format!("hearth-{c}.1"))).unwrap();
        assert!(page.contains(".TH"), "hearth-{c}.1");
    }
}

/// Starts `hearth serve` on a free port and returns the code it says note-takers join with, and
/// what it printed on standard error.
fn served_code(
    f: &Fresh,
    session: &str,
    extra: &[&str],
    code_var: Option<&str>,
) -> (String, String) {
    let mut args = vec!["serve", session, "--bind", "127.0.0.1:0"];
    args.extend_from_slice(extra);
    let mut command = f.hearth(&args);
    if let Some(v) = code_var {
        command.env("HEARTH_CODE", v);
    }
    let mut child = command
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut code = String::new();
    for line in BufReader::new(child.stdout.take().unwrap()).lines() {
        let line = line.unwrap();
        if let Some(c) = line.strip_prefix("Join code: ") {
            code = c.to_owned();
            break;
        }
    }
    // SAFETY: signalling the child this test started.
    unsafe {
        libc::kill(child.id() as i32, libc::SIGTERM);
    }
    let out = child.wait_with_output().unwrap();
    (code, stderr(&out))
}

#[test]
fn serve_takes_the_code_from_a_file_or_the_variable_and_warns_about_the_flag() {
    let f = Fresh::new();
    let made = ok(&f.run(&["new", "dreaming-together"]));
    let s = made.trim();
    let file = f.here.path().join("code");
    std::fs::write(&file, "FROMFILE42\n").unwrap();
    std::fs::set_permissions(&file, std::fs::Permissions::from_mode(0o600)).unwrap();

    let (code, err) = served_code(&f, s, &["--code-file", file.to_str().unwrap()], None);
    assert_eq!(code, "FROMFILE42");
    assert!(!err.contains("ps"), "{err}");
    let (code, err) = served_code(&f, s, &[], Some("FROMVAR123"));
    assert_eq!(code, "FROMVAR123");
    assert!(!err.contains("--code"), "{err}");
    let (code, err) = served_code(&f, s, &["--code", "FROMFLAG12"], None);
    assert_eq!(code, "FROMFLAG12");
    assert!(
        err.contains("--code") && err.contains("`ps`") && err.contains("history"),
        "{err}"
    );
    let (code, _) = served_code(&f, s, &[], None);
    assert_eq!(code.len(), 11, "random by default: {code}");

    let missing = f.run(&["serve", s, "--code-file", "no-such-file"]);
    assert_eq!(missing.status.code(), Some(2));
    assert!(
        stderr(&missing).contains("no-such-file"),
        "{}",
        stderr(&missing)
    );
}

/// `hearth join` in tmux against a server whose code is known: a wrong code from HEARTH_CODE is
/// refused, the right one from --code-file joins, and with neither it asks.
#[test]
fn join_takes_the_code_from_the_variable_a_file_or_a_prompt() {
    if !common::tmux::available() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let session = common::new_session(&dir.path().join("sessions"));
    let server = common::serve::InProcess::start(&session, "RIGHTCODE7");
    let url = format!("http://{}/", server.addr);
    let hearth = env!("CARGO_BIN_EXE_hearth");
    let outbox = |n: &str| dir.path().join(format!("outbox-{n}"));

    let command = format!(
        "HEARTH_CODE=WRONGCODE9 {hearth} join {url} --group 'Table 1' --outbox {} ; echo HEARTH-EXITED-$?; sleep 30",
        outbox("var").display()
    );
    let tmux = common::tmux::Tmux::start("code-var", dir.path(), 80, 24, &command);
    let screen = tmux.wait_for("HEARTH-EXITED-2");
    assert!(screen.contains("join code was not accepted"), "{screen}");
    drop(tmux);

    std::fs::write(dir.path().join("code"), "RIGHTCODE7\n").unwrap();
    let command = format!(
        "{hearth} join {url} --group 'Table 1' --code-file code --outbox {} ; echo HEARTH-EXITED-$?; sleep 30",
        outbox("file").display()
    );
    let tmux = common::tmux::Tmux::start("code-file", dir.path(), 80, 24, &command);
    tmux.wait_for("connected");
    tmux.keys(&["C-q"]);
    tmux.wait_for("HEARTH-EXITED-0");
    drop(tmux);

    let command = format!(
        "env -u HEARTH_CODE {hearth} join {url} --group 'Table 2' --outbox {} ; echo HEARTH-EXITED-$?; sleep 30",
        outbox("asked").display()
    );
    let tmux = common::tmux::Tmux::start("code-asked", dir.path(), 80, 24, &command);
    tmux.wait_for("Join code");
    tmux.type_text("RIGHTCODE7");
    tmux.keys(&["Enter"]);
    tmux.wait_for("connected");
    tmux.keys(&["C-q"]);
    tmux.wait_for("HEARTH-EXITED-0");
    drop(tmux);
    server.stop();
}

/// The examples under "Examples:" in `hearth [COMMAND] --help`, as roff writes them.
fn help_examples_in_roff(f: &Fresh, command: &[&str]) -> Vec<String> {
    let mut args = command.to_vec();
    args.push("--help");
    let help = ok(&f.run(&args));
    let examples: Vec<String> = help
        .lines()
        .skip_while(|l| l.trim_end() != "Examples:")
        .skip(1)
        .take_while(|l| !l.trim().is_empty())
        .map(|l| {
            l.strip_prefix("  ")
                .unwrap()
                .replace('\\', "\\e")
                .replace('-', "\\-")
        })
        .collect();
    assert!(
        !examples.is_empty(),
        "hearth {command:?} --help has examples"
    );
    examples
}

/// hearth.1 and each command's page carry EXIT STATUS, ENVIRONMENT and FILES, and EXAMPLES with
/// the examples of the command's --help.
#[test]
fn man_pages_have_exit_status_environment_files_and_examples() {
    let f = Fresh::new();
    let dir = f.here.path().join("man1");
    ok(&f.run(&["man", "--dir", dir.to_str().unwrap()]));
    let printed = ok(&f.run(&["man"]));
    let pages = [
        (printed, Vec::new()),
        (
            std::fs::read_to_string(dir.join("hearth.1")).unwrap(),
            Vec::new(),
        ),
        (
            std::fs::read_to_string(dir.join("hearth-add.1")).unwrap(),
            vec!["add"],
        ),
        (
            std::fs::read_to_string(dir.join("hearth-series-next.1")).unwrap(),
            vec!["series", "next"],
        ),
    ];
    for (page, command) in pages {
        for header in [
            ".SH EXAMPLES",
            ".SH \"EXIT STATUS\"",
            ".SH ENVIRONMENT",
            ".SH FILES",
        ] {
            assert!(page.contains(header), "{command:?}: no {header}:\n{page}");
        }
        for variable in ["HEARTH_HOME", "HEARTH_CODE", "NO_COLOR", "XDG_DATA_HOME"] {
            assert!(page.contains(variable), "{command:?}: no {variable}");
        }
        let examples = help_examples_in_roff(&f, &command);
        let section = page.split(".SH EXAMPLES").nth(1).unwrap();
        for example in examples {
            assert!(
                section.contains(&example),
                "{command:?}: no example {example}:\n{page}"
            );
        }
    }
}
