//! Watching a real hearth process's system calls with strace, to check the order of a journal
//! line's write, its sync, and the acknowledgement a person or a program sees.

use std::path::Path;
use std::process::Command;

/// Whether strace is here; without it the test is skipped or, under HEARTH_E2E=1, fails (see
/// `e2e::need`).
pub fn available() -> bool {
    let here = Command::new("strace")
        .arg("-V")
        .output()
        .is_ok_and(|o| o.status.success());
    super::e2e::need(
        "strace",
        (!here).then(|| {
            super::e2e::missing(
                "strace is not installed",
                "install strace (Debian: apt-get install strace)",
            )
        }),
    )
}

/// The strace options this module reads: every thread, file paths of descriptors, whole
/// buffers, and the calls that write or sync.
pub fn args(out: &Path) -> Vec<String> {
    [
        "-f",
        "-yy",
        "-s",
        "100000",
        "-e",
        "trace=write,writev,pwrite64,sendto,sendmsg,fdatasync,fsync",
        "-o",
    ]
    .iter()
    .map(|s| s.to_string())
    .chain([out.display().to_string()])
    .collect()
}

/// One system call: which, on what (the descriptor's path as strace shows it), the text of
/// its arguments, and where in the trace it started and finished (line numbers).
#[derive(Debug, Clone)]
pub struct Call {
    pub name: String,
    pub target: String,
    pub args: String,
    pub started: usize,
    pub finished: usize,
    pub ok: bool,
}

/// Reads a trace written with [`args`], joining calls that another thread interrupted.
pub fn calls(trace: &str) -> Vec<Call> {
    let mut out: Vec<Call> = Vec::new();
    let mut open: std::collections::HashMap<String, usize> = std::collections::HashMap::new();
    for (n, line) in trace.lines().enumerate() {
        let Some((pid, rest)) = line.split_once(' ') else {
            continue;
        };
        let rest = rest.trim_start();
        if let Some(resumed) = rest.strip_prefix("<... ") {
            if let Some(i) = open.remove(pid) {
                out[i].finished = n;
                out[i].ok = !resumed.contains("= -1");
                out[i].args.push_str(resumed);
            }
            continue;
        }
        let Some(paren) = rest.find('(') else {
            continue;
        };
        let name = rest[..paren].to_owned();
        let after = &rest[paren + 1..];
        let target = descriptor_path(after);
        let unfinished = rest.ends_with("<unfinished ...>");
        out.push(Call {
            name,
            target,
            args: after.to_owned(),
            started: n,
            finished: n,
            ok: !rest.contains("= -1"),
        });
        if unfinished {
            open.insert(pid.to_owned(), out.len() - 1);
        }
    }
    out
}

/// What `-yy` shows of the first argument's descriptor: `3</x/s.journal>` gives `/x/s.journal`,
/// `1</dev/pts/0<char 136:0>>` gives `/dev/pts/0<char 136:0>`.
fn descriptor_path(args: &str) -> String {
    let Some(open) = args.find('<') else {
        return String::new();
    };
    if args[..open].contains(',') {
        return String::new();
    }
    let mut depth = 0;
    for (i, c) in args[open..].char_indices() {
        match c {
            '<' => depth += 1,
            '>' => {
                depth -= 1;
                if depth == 0 {
                    return args[open + 1..open + i].to_owned();
                }
            }
            _ => {}
        }
    }
    String::new()
}

/// Checks that `needle`'s journal line was written, then synced, before any call for which
/// `is_ack` holds started. Returns the three calls' places for the message.
pub fn assert_synced_before_ack(
    trace: &str,
    journal: &str,
    needle: &str,
    is_ack: impl Fn(&Call) -> bool,
) {
    let calls = calls(trace);
    let write = calls
        .iter()
        .position(|c| {
            c.name.starts_with("write") && c.target.ends_with(journal) && c.args.contains(needle)
        })
        .unwrap_or_else(|| panic!("no journal write holding {needle:?}:\n{}", tail(trace)));
    let sync = calls
        .iter()
        .skip(write + 1)
        .find(|c| {
            (c.name == "fdatasync" || c.name == "fsync") && c.target.ends_with(journal) && c.ok
        })
        .unwrap_or_else(|| {
            panic!(
                "the journal line holding {needle:?} was never synced:\n{}",
                tail(trace)
            )
        });
    let ack = calls
        .iter()
        .find(|c| is_ack(c))
        .unwrap_or_else(|| panic!("no acknowledgement seen:\n{}", tail(trace)));
    assert!(
        ack.started > sync.finished,
        "acknowledged (trace line {}: {} on {}) before the sync of its line finished (trace line {}):\n{}",
        ack.started + 1,
        ack.name,
        ack.target,
        sync.finished + 1,
        tail(trace)
    );
}

fn tail(trace: &str) -> String {
    let lines: Vec<&str> = trace.lines().collect();
    lines[lines.len().saturating_sub(40)..]
        .iter()
        .map(|l| l.chars().take(200).collect::<String>())
        .collect::<Vec<_>>()
        .join("\n")
}
