//! Every command's `--help` ends with examples, and every example works: each line under
//! "Examples:" in the help of hearth and of each command and subcommand is run by bash in a
//! fresh folder (HEARTH_HOME and HOME there) holding the sessions and files the examples name.
//! A command that needs a terminal (the home screen, run, screen, serve, join) runs in a
//! pseudo-terminal (`script`) and passes when it shows something and has not failed a moment
//! later; it is then stopped. Anything else must exit 0. Also: an unknown slot is answered with
//! the nearest few, not all of them.

mod common;

use std::io::Read;
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

/// The id the examples give to `hearth edit`, `withdraw` and `show --id`: replaced by the id of
/// the answer the setup adds (ids are made when an answer is added).
const EXAMPLE_ID: &str = "01a24e73-09bd-74a0-be3f-08adc3bc217a";

/// Commands that take over the terminal or keep serving until stopped.
const INTERACTIVE: [&str; 4] = ["run", "screen", "serve", "join"];
/// Subcommands that take the terminal too (the plan editor).
const INTERACTIVE_SUB: [&str; 2] = ["plan new", "plan edit"];

fn hearth_bin() -> &'static str {
    env!("CARGO_BIN_EXE_hearth")
}

fn help(path: &[String]) -> String {
    let out = Command::new(hearth_bin())
        .args(path)
        .arg("--help")
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    assert!(out.status.success(), "hearth {path:?} --help failed");
    String::from_utf8(out.stdout).unwrap()
}

/// The subcommands a help lists under "Commands:" (not `help`).
fn subcommands(help: &str) -> Vec<String> {
    help.lines()
        .skip_while(|l| *l != "Commands:")
        .skip(1)
        .take_while(|l| !l.is_empty())
        .filter(|l| l.starts_with("  ") && !l.starts_with("   "))
        .filter_map(|l| l.split_whitespace().next())
        .filter(|name| *name != "help")
        .map(str::to_owned)
        .collect()
}

/// The examples after "Examples:", a line ending in `\\` joined with the next. Every line up to
/// the end or a blank line must be indented: one that is not was wrapped, and cannot be run.
fn examples(help: &str) -> Vec<String> {
    let mut found: Vec<String> = Vec::new();
    let mut continued = false;
    for line in help
        .lines()
        .skip_while(|l| l.trim_end() != "Examples:")
        .skip(1)
        .take_while(|l| !l.trim().is_empty())
    {
        assert!(line.starts_with("  "), "not an example: {line:?}");
        if !continued {
            assert!(
                command_of(line).is_some() || line.trim() == "hearth",
                "an example is wrapped or runs no hearth command (keep examples under 90 columns): {line:?}"
            );
        }
        if continued {
            let last = found.last_mut().unwrap();
            last.push('\n');
            last.push_str(line);
        } else {
            found.push(line.trim().to_owned());
        }
        continued = line.ends_with('\\');
    }
    found
}

/// Every command path (`[]` for hearth itself, `["series", "new"]`...) with its examples.
fn all_examples() -> Vec<(Vec<String>, Vec<String>)> {
    let mut found = Vec::new();
    let mut todo = vec![Vec::<String>::new()];
    while let Some(path) = todo.pop() {
        let text = help(&path);
        for sub in subcommands(&text) {
            let mut p = path.clone();
            p.push(sub);
            todo.push(p);
        }
        found.push((path, examples(&text)));
    }
    found
}

fn run_ok(dir: &Path, line: &str) -> String {
    let out = bash(dir, line).stdin(Stdio::null()).output().unwrap();
    assert!(
        out.status.success(),
        "setup `{line}` failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

/// bash in `dir` with hearth on the PATH, and `dir` as HEARTH_HOME and HOME.
fn bash(dir: &Path, line: &str) -> Command {
    let mut c = Command::new("bash");
    c.arg("-c").arg(line);
    in_dir(dir, &mut c);
    c
}

/// The sessions, series and files the examples name; returns the added answer's id.
fn prepare(dir: &Path) -> String {
    std::fs::create_dir_all(dir.join("bin")).unwrap();
    std::os::unix::fs::symlink(hearth_bin(), dir.join("bin/hearth")).unwrap();
    for d in [
        "home/.zfunc",
        "home/.config/fish/completions",
        "home/.local/share/man/man1",
    ] {
        std::fs::create_dir_all(dir.join(d)).unwrap();
    }
    run_ok(
        dir,
        r#"hearth new role-clarity --title "Team roles" --date 2027-03-12 --groups "Table 1,Table 2""#,
    );
    let id = run_ok(
        dir,
        r#"hearth add 2027-03-12-team-roles --exercise role-clarity --slot 3.f --group "Table 1" --field mark=Maybe --text "Only with the team lead""#,
    );
    run_ok(
        dir,
        r#"hearth new role-clarity --title "Team roles room B" --date 2027-03-12 --groups "Table 3""#,
    );
    run_ok(
        dir,
        r#"hearth new webinar-series --title "Webinar one" --date 2027-04-02"#,
    );
    run_ok(dir, r#"hearth series new "Peer support webinars""#);
    run_ok(
        dir,
        "hearth series add peer-support-webinars 2027-04-02-webinar-one",
    );
    let files = [
        ("notes.md", "Peer support is mutual: we both learn.\n"),
        ("closing.md", "Thank you all for a generous morning.\n"),
        ("join-code.txt", "maple-river-42\n"),
        ("participants.txt", "Ana\nSam\nLee\nKim\n"),
        (
            "outline.md",
            "# Futures of peer support\n\n## Consciousness raising (10 min)\n1. What makes us sick?\n",
        ),
    ];
    for (name, text) in files {
        std::fs::write(dir.join(name), text).unwrap();
    }
    let private = std::os::unix::fs::PermissionsExt::from_mode(0o600);
    std::fs::set_permissions(dir.join("join-code.txt"), private).unwrap();
    id.trim().to_owned()
}

/// The command an example runs: the word after `hearth`.
fn command_of(line: &str) -> Option<&str> {
    let mut words = line
        .split_whitespace()
        .skip_while(|w| !w.ends_with("hearth"));
    words.next()?;
    words.next()
}

/// Runs one example in its own prepared folder; Err says why it failed.
fn try_example(root: &Path, n: usize, template: &str) -> Result<(), String> {
    let dir: PathBuf = root.join(format!("ex{n}"));
    let id = prepare(&dir);
    // Port 7878 may be taken on a test machine: the examples' servers take any free port.
    let line = template
        .replace(EXAMPLE_ID, &id)
        .replace("0.0.0.0:7878", "127.0.0.1:0");
    // `hearth join` joins a session this test shares.
    let mut server = None;
    let line = if command_of(&line) == Some("join") {
        let (child, address) = share(&dir);
        server = Some(child);
        line.replace("http://192.168.1.20:7878/", &address)
    } else {
        line
    };
    let outcome = run_example(&dir, &line);
    if let Some(mut server) = server {
        let _ = server.kill();
        let _ = server.wait();
    }
    outcome
}

/// Starts `hearth serve` on the team-roles session with the code in join-code.txt; returns it
/// and its join address. The caller kills and waits for it.
#[allow(clippy::zombie_processes)]
fn share(dir: &Path) -> (std::process::Child, String) {
    let mut child = bash(
        dir,
        "exec hearth serve 2027-03-12-team-roles --bind 127.0.0.1:0 --code-file join-code.txt",
    )
    .stdin(Stdio::piped())
    .stdout(Stdio::piped())
    .stderr(Stdio::null())
    .spawn()
    .unwrap();
    let mut out = std::io::BufReader::new(child.stdout.take().unwrap());
    let mut line = String::new();
    loop {
        line.clear();
        let n = std::io::BufRead::read_line(&mut out, &mut line).unwrap();
        if n == 0 {
            let _ = child.kill();
            let _ = child.wait();
            panic!("hearth serve stopped before giving its address");
        }
        if let Some(address) = line.trim().strip_prefix("Join address: ") {
            let address = address.to_owned();
            // Keep reading its output, so it never blocks on a full pipe.
            std::thread::spawn(move || std::io::copy(&mut out, &mut std::io::sink()));
            return (child, address);
        }
    }
}

fn run_example(dir: &Path, line: &str) -> Result<(), String> {
    // An example that pipes into another program (`man`) needs it here; without it, say so.
    for stage in line.split('|').skip(1) {
        if let Some(program) = stage.split_whitespace().next()
            && program != "hearth"
            && !bash(dir, &format!("command -v {program}"))
                .stdin(Stdio::null())
                .output()
                .unwrap()
                .status
                .success()
        {
            eprintln!("skipped `{line}`: no {program} on this machine");
            return Ok(());
        }
    }
    let interactive = match command_of(line) {
        None => true,
        Some(c) => INTERACTIVE.contains(&c) || INTERACTIVE_SUB.iter().any(|s| line.contains(s)),
    };
    if !interactive {
        let out = bash(dir, line).stdin(Stdio::null()).output().unwrap();
        return if out.status.success() {
            Ok(())
        } else {
            Err(format!(
                "exit {:?}: {}",
                out.status.code(),
                String::from_utf8_lossy(&out.stderr)
            ))
        };
    }
    let wrapped = format!("stty cols 100 rows 30; {line}");
    let mut child = bash(
        dir,
        &format!("exec script -qfec {} /dev/null", shell_quote(&wrapped)),
    )
    .stdin(Stdio::piped())
    .stdout(Stdio::piped())
    .stderr(Stdio::piped())
    .process_group(0)
    .spawn()
    .unwrap();
    let (tx, rx) = mpsc::channel::<Vec<u8>>();
    for mut stream in [
        Box::new(child.stdout.take().unwrap()) as Box<dyn Read + Send>,
        Box::new(child.stderr.take().unwrap()),
    ] {
        let tx = tx.clone();
        std::thread::spawn(move || {
            let mut buf = [0u8; 4096];
            while let Ok(n) = stream.read(&mut buf) {
                if n == 0 || tx.send(buf[..n].to_vec()).is_err() {
                    break;
                }
            }
        });
    }
    drop(tx);
    let mut seen = Vec::new();
    let deadline = Instant::now() + Duration::from_secs(10);
    let mut settled: Option<Instant> = None;
    let outcome = loop {
        if let Ok(bytes) = rx.recv_timeout(Duration::from_millis(50)) {
            seen.extend(bytes);
        }
        if let Some(status) = child.try_wait().unwrap() {
            // Drain what is left, then judge: it stopped by itself.
            while let Ok(bytes) = rx.recv_timeout(Duration::from_millis(100)) {
                seen.extend(bytes);
            }
            break if status.success() && visible(&seen) {
                Ok(())
            } else {
                Err(format!("stopped by itself, {status}"))
            };
        }
        if visible(&seen) && settled.is_none() {
            settled = Some(Instant::now());
        }
        // Shown something and still running a moment later: it started.
        if settled.is_some_and(|t| t.elapsed() > Duration::from_millis(1500)) {
            break Ok(());
        }
        if Instant::now() > deadline {
            break Err("showed nothing within 10 s".to_owned());
        }
    };
    let _ = Command::new("kill")
        .args(["-KILL", "--", &format!("-{}", child.id())])
        .status();
    let _ = child.wait();
    outcome.map_err(|why| format!("{why}; it showed: {}", String::from_utf8_lossy(&seen)))
}

/// Whether the output holds any letters outside escape sequences.
fn visible(bytes: &[u8]) -> bool {
    let text = String::from_utf8_lossy(bytes);
    let mut in_escape = false;
    text.chars().any(|c| {
        if c == '\x1b' {
            in_escape = true;
            return false;
        }
        if in_escape {
            if c.is_ascii_alphabetic() || c == '~' {
                in_escape = false;
            }
            return false;
        }
        c.is_alphabetic()
    })
}

fn shell_quote(s: &str) -> String {
    format!("'{}'", s.replace('\'', r"'\''"))
}

#[test]
fn every_command_has_examples_and_every_example_runs() {
    // The interactive examples run under `script` (util-linux) for a pseudo-terminal.
    let script = Command::new("script").arg("--version").output();
    let lacks = (!script.is_ok_and(|o| o.status.success())).then(|| {
        common::e2e::missing(
            "script (util-linux), for the interactive examples' pseudo-terminal",
            "apt-get install util-linux",
        )
    });
    if !common::e2e::need("pty", lacks) {
        return;
    }
    let all = all_examples();
    assert!(all.len() > 20, "found only {} commands", all.len());
    let without: Vec<String> = all
        .iter()
        .filter(|(_, ex)| ex.is_empty())
        .map(|(path, _)| format!("hearth {}", path.join(" ")))
        .collect();
    assert!(
        without.is_empty(),
        "no examples in the help of: {without:?}"
    );
    let root = tempfile::tempdir().unwrap();
    let lines: Vec<&String> = all.iter().flat_map(|(_, ex)| ex).collect();
    // Two at a time: the examples are independent, each in its own folder.
    let failures: Vec<String> = std::thread::scope(|s| {
        let chunks: Vec<Vec<(usize, &String)>> = (0..2)
            .map(|k| {
                lines
                    .iter()
                    .enumerate()
                    .filter(|(i, _)| i % 2 == k)
                    .map(|(i, l)| (i, *l))
                    .collect()
            })
            .collect();
        let handles: Vec<_> = chunks
            .into_iter()
            .map(|chunk| {
                let root = root.path();
                s.spawn(move || {
                    chunk
                        .into_iter()
                        .filter_map(|(i, line)| {
                            try_example(root, i, line)
                                .err()
                                .map(|why| format!("`{line}`: {why}"))
                        })
                        .collect::<Vec<_>>()
                })
            })
            .collect();
        handles
            .into_iter()
            .flat_map(|h| h.join().unwrap())
            .collect()
    });
    assert!(
        failures.is_empty(),
        "{} of {} examples failed:\n{}",
        failures.len(),
        lines.len(),
        failures.join("\n")
    );
}

#[test]
fn the_examples_are_found_in_a_help_text() {
    let text = "About.\n\nOptions:\n  -h, --help  Print help\n\nExamples:\n  hearth list\n  hearth where\n";
    assert_eq!(examples(text), ["hearth list", "hearth where"]);
    let text = "Examples:\n  echo x | hearth add s \\\n      --slot 1.a\n";
    assert_eq!(
        examples(text),
        ["echo x | hearth add s \\\n      --slot 1.a"]
    );
    assert_eq!(command_of("echo hi | hearth add x"), Some("add"));
    assert_eq!(command_of("HEARTH_CODE=x hearth serve s"), Some("serve"));
    assert_eq!(command_of("hearth"), None);
    assert!(!visible(b"\x1b[2J\x1b[H  "));
    assert!(visible(b"\x1b[2JTeam roles"));
}

/// An unknown slot in the role-clarity plan (hundreds of slots: 57 activities by criteria) is
/// answered with the nearest five, how many there are, and the command that lists them all;
/// that command lists every one of them.
#[test]
fn an_unknown_slot_names_the_nearest_few_and_how_to_list_them_all() {
    let root = tempfile::tempdir().unwrap();
    let dir = root.path().join("slots");
    prepare(&dir);
    let out = bash(
        &dir,
        "hearth add 2027-03-12-team-roles --exercise role-clarity --slot 3.z --field mark=Yes --text x",
    )
    .stdin(Stdio::null())
    .output()
    .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(err.contains("has no slot `3.z`"), "{err}");
    let nearest = err
        .split("nearest: ")
        .nth(1)
        .and_then(|rest| rest.split(';').next())
        .unwrap_or_else(|| panic!("no nearest slots in: {err}"));
    let nearest: Vec<&str> = nearest.split(", ").collect();
    assert_eq!(nearest, ["3.a", "3.b", "3.c", "3.d", "3.e"], "{err}");
    assert!(!err.contains("4.a") && !err.contains("54.h"), "{err}");
    assert!(
        err.contains("`hearth show 2027-03-12-team-roles --slots` lists every exercise and slot"),
        "{err}"
    );
    let count: usize = err
        .split("; ")
        .nth(1)
        .and_then(|s| s.split_whitespace().next())
        .and_then(|n| n.parse().ok())
        .unwrap_or_else(|| panic!("no count in: {err}"));
    assert!(count > 400, "{err}");
    assert!(err.lines().count() == 1 && err.len() < 400, "{err}");

    let listed = run_ok(&dir, "hearth show 2027-03-12-team-roles --slots");
    let slots: Vec<&str> = listed
        .lines()
        .filter(|l| l.starts_with("   "))
        .filter_map(|l| l.split_whitespace().next())
        .collect();
    assert_eq!(slots.len(), count, "{listed}");
    assert!(
        slots.contains(&"3.f") && slots.contains(&"54.h"),
        "{listed}"
    );

    // A near miss of an exercise says how to see the exercises too.
    let out = bash(
        &dir,
        "hearth add 2027-03-12-team-roles --exercise role-clarty --slot 3.f --text x",
    )
    .stdin(Stdio::null())
    .output()
    .unwrap();
    let err = String::from_utf8(out.stderr).unwrap();
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(
        err.contains("no exercise `role-clarty`") && err.contains("--slots"),
        "{err}"
    );
    // A plan of a few exercises names them all.
    assert!(err.contains("(its exercises: role-clarity)"), "{err}");
}

/// A plan of many exercises answers an unknown one with the nearest few and the count.
#[test]
fn an_unknown_exercise_names_the_nearest_few() {
    let mut plan: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(
            Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/all-kinds.json"),
        )
        .unwrap(),
    )
    .unwrap();
    let agenda = plan["agenda"].as_array_mut().unwrap();
    let first = agenda[0].clone();
    for i in 0..20 {
        let mut copy = first.clone();
        copy["id"] = format!("round-{i}").into();
        agenda.push(copy);
    }
    let scenario: hearth::model::Scenario = serde_json::from_value(plan).unwrap();
    let err = scenario.unknown_exercise("scenarioz").to_string();
    assert!(
        err.starts_with("no exercise `scenarioz` in this session's plan (nearest: scenarios, "),
        "{err}"
    );
    assert!(err.ends_with("; 27 exercises in all)"), "{err}");
    assert!(!err.contains("round-19"), "{err}");
}

/// bash completes `hearth show <TAB>` with the session names (and `hearth show 2027-03-12-<TAB>`
/// with those that begin so); options still complete as clap's script does.
#[test]
fn bash_completes_session_names() {
    let root = tempfile::tempdir().unwrap();
    let dir = root.path().join("complete");
    prepare(&dir);
    let complete = |words: &str| {
        let script = format!(
            r#"source <(hearth completions bash)
COMP_WORDS=({words})
COMP_CWORD=$(( ${{#COMP_WORDS[@]}} - 1 ))
COMP_LINE="{words}"
COMP_POINT=${{#COMP_LINE}}
fn=$(complete -p hearth | sed -E 's/.*-F ([^ ]+).*/\1/')
"$fn" hearth "${{COMP_WORDS[COMP_CWORD]}}" "${{COMP_WORDS[COMP_CWORD-1]}}"
printf '%s\n' "${{COMPREPLY[@]}}""#
        );
        let mut offered: Vec<String> = run_ok(&dir, &script)
            .lines()
            .map(|l| l.trim().to_owned())
            .filter(|l| !l.is_empty())
            .collect();
        offered.sort();
        offered
    };
    assert_eq!(
        complete("hearth show ''"),
        [
            "2027-03-12-team-roles",
            "2027-03-12-team-roles-room-b",
            "2027-04-02-webinar-one"
        ]
    );
    assert_eq!(
        complete("hearth run 2027-03"),
        ["2027-03-12-team-roles", "2027-03-12-team-roles-room-b"]
    );
    assert!(complete("hearth show --").contains(&"--slots".to_owned()));
    // Plans for `new`, series for the series commands, then a session for `series add`.
    assert_eq!(complete("hearth new role"), ["role-clarity"]);
    assert_eq!(complete("hearth series show ''"), ["peer-support-webinars"]);
    assert_eq!(
        complete("hearth series add peer-support-webinars 2027-04"),
        ["2027-04-02-webinar-one"]
    );
}

/// The same names in fish and zsh, asked as each shell asks when Tab is pressed: fish's
/// `complete -C`, and zsh's completion widget in a pseudo-terminal (zpty).
#[test]
fn fish_and_zsh_complete_session_plan_and_series_names() {
    let shells = ["fish", "zsh"].map(|shell| {
        Command::new(shell)
            .arg("--version")
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status()
            .is_ok_and(|s| s.success())
    });
    let missing = ["fish", "zsh"]
        .iter()
        .zip(shells)
        .filter(|(_, here)| !here)
        .map(|(shell, _)| {
            common::e2e::missing(
                format!("{shell} is not installed"),
                format!("install it (Debian: apt-get install {shell})"),
            )
        });
    if !common::e2e::need("shells", missing) {
        return;
    }
    let root = tempfile::tempdir().unwrap();
    let dir = root.path().join("complete");
    prepare(&dir);
    let fish = |line: &str| -> Vec<String> {
        let script = format!(
            "hearth completions fish | source; complete -C {}",
            shell_quote(line)
        );
        let out = in_dir(&dir, Command::new("fish").arg("-c").arg(script))
            .stdin(Stdio::null())
            .output()
            .unwrap();
        let mut offered: Vec<String> = String::from_utf8_lossy(&out.stdout)
            .lines()
            .map(|l| l.split('\t').next().unwrap_or("").to_owned())
            .filter(|l| !l.is_empty() && !l.ends_with('/'))
            .collect();
        offered.sort();
        offered
    };
    assert_eq!(
        fish("hearth show 2027-03"),
        ["2027-03-12-team-roles", "2027-03-12-team-roles-room-b"]
    );
    assert_eq!(fish("hearth new role"), ["role-clarity"]);
    assert_eq!(fish("hearth series export peer"), ["peer-support-webinars"]);

    // zsh: Tab on a line whose one session name begins so completes it.
    let functions = dir.join("zfunc");
    std::fs::create_dir_all(&functions).unwrap();
    let script = run_ok(&dir, "hearth completions zsh");
    std::fs::write(functions.join("_hearth"), script).unwrap();
    let zsh = |line: &str| -> String {
        let driver = format!(
            r#"zmodload zsh/zpty
zpty z zsh -f -i
zpty -w z 'PS1="> "; fpath=({} $fpath); autoload -Uz compinit; compinit -u -D; print READY'
out=""
for i in {{1..100}}; do zpty -r -t z chunk && out+=$chunk; [[ $out == *READY*'> '* ]] && break; sleep 0.1; done
zpty -w -n z {}$'\t'
sleep 1
out=""
while zpty -r -t z chunk; do out+=$chunk; done
print -r -- "$out"
zpty -d z"#,
            functions.display(),
            shell_quote(line)
        );
        let out = in_dir(&dir, Command::new("zsh").arg("-f").arg("-c").arg(driver))
            .stdin(Stdio::null())
            .output()
            .unwrap();
        String::from_utf8_lossy(&out.stdout).into_owned()
    };
    let shown = zsh("hearth show 2027-04");
    assert!(
        shown.contains("hearth show 2027-04-02-webinar-one"),
        "{shown:?}"
    );
    let shown = zsh("hearth new role-c");
    assert!(shown.contains("hearth new role-clarity"), "{shown:?}");
    let shown = zsh("hearth series next peer-s");
    assert!(
        shown.contains("hearth series next peer-support-webinars"),
        "{shown:?}"
    );
}

/// `cmd` in `dir` with hearth on the PATH, `dir` as HEARTH_HOME and `dir/home` as HOME.
fn in_dir<'a>(dir: &Path, cmd: &'a mut Command) -> &'a mut Command {
    let bin = dir.join("bin");
    let path = format!(
        "{}:{}",
        bin.display(),
        std::env::var("PATH").unwrap_or_default()
    );
    cmd.current_dir(dir)
        .env("PATH", path)
        .env("HEARTH_HOME", dir)
        .env("HOME", dir.join("home"))
        .env("NO_COLOR", "1")
        .env("TERM", "xterm-256color")
        .env_remove("HEARTH_CODE")
        .env_remove("XDG_DATA_HOME")
        .env_remove("XDG_STATE_HOME")
        .env_remove("XDG_RUNTIME_DIR")
}
