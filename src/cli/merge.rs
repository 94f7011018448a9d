use std::fs::OpenOptions;
use std::path::PathBuf;

use hearth::export::merge::{MergeError, merge};
use hearth::store::files::{parent_dir, sync_dir, write_atomic};
use hearth::store::{SessionPaths, read_session};

use super::{CliError, plural, session_path};

/// `--help` examples; tests/cli_examples.rs runs every one.
const EXAMPLES: &str = "Examples:
  hearth merge 2027-03-12-team-roles 2027-03-12-team-roles-room-b -o 2027-03-12-team-roles-all.json";

/// Combine sessions of one scenario, captured on different machines, into a new session.
///
/// For one workshop captured on several machines (one per breakout room, say). Contributions
/// are united by id: the result is the same whatever the order of the inputs, and merging again
/// changes nothing. Where two copies of one contribution hold different texts, both are kept
/// (the latest written is current, the other an earlier version) and the difference is
/// reported. A contribution off the record in any input stays off the record. Sessions of
/// different scenarios are refused, and so are sessions held on different dates (add those to a
/// series: `hearth series add`). The inputs are only read.
#[derive(Debug, clap::Args)]
#[command(after_help = EXAMPLES)]
pub struct Args {
    /// Two or more session files, or names in the sessions folder (see `hearth where`).
    #[arg(required = true, num_args = 2.., value_name = "SESSION")]
    pub sessions: Vec<PathBuf>,
    /// The new session file to write (must not exist yet; ends in .json).
    #[arg(long, short, value_name = "OUT")]
    pub output: PathBuf,
}

pub fn run(args: Args) -> Result<(), CliError> {
    let out = SessionPaths::of(&args.output)?;
    if out.snapshot.exists() {
        return Err(CliError::input(format!(
            "{}: already exists; merge into a new file (hearth never overwrites a session)",
            out.snapshot.display()
        )));
    }
    for journal in [&out.journal, &out.next_journal] {
        if journal.metadata().is_ok_and(|m| m.len() > 0) {
            return Err(CliError::input(format!(
                "{}: a journal with changes is already there; choose another name",
                journal.display()
            )));
        }
    }
    let paths: Vec<PathBuf> = args.sessions.iter().map(|s| session_path(s)).collect();
    let mut sessions = Vec::with_capacity(paths.len());
    for path in &paths {
        let (session, report) = read_session(path)?;
        for notice in report.notices(&path.with_extension("journal")) {
            super::warn(&notice);
        }
        sessions.push(session);
    }
    let (merged, report) = merge(&sessions).map_err(|e| match e {
        MergeError::DifferentScenario {
            first,
            other,
            detail,
        }
        | MergeError::DifferentDates {
            first,
            other,
            detail,
        } => CliError::input(format!(
            "cannot merge {} and {}: {detail}",
            paths[first].display(),
            paths[other].display()
        )),
        e => CliError::input(e.to_string()),
    })?;
    let mut bytes =
        serde_json::to_vec_pretty(&merged).map_err(|e| CliError::other(e.to_string()))?;
    bytes.push(b'\n');
    // The journal first, as `hearth new` does, so a reader never finds a snapshot without one.
    hearth::platform::owner_only(&mut OpenOptions::new())
        .write(true)
        .create(true)
        .truncate(true)
        .open(&out.journal)
        .and_then(|f| f.sync_all())
        .map_err(|e| CliError::other(format!("{}: cannot create: {e}", out.journal.display())))?;
    write_atomic(&out.snapshot, &bytes)?;
    sync_dir(&parent_dir(&out.snapshot))
        .map_err(|e| CliError::other(format!("{}: {e}", out.snapshot.display())))?;
    let mut text = format!(
        "{}: {} from {} ({} in more than one)\n",
        out.snapshot.display(),
        plural(report.contributions, "contribution"),
        plural(sessions.len(), "session"),
        report.shared
    );
    for c in &report.conflicts {
        text.push_str(&format!(
            "  contribution {}: the inputs hold different texts; all {} versions kept, the latest written is current\n",
            c.id, c.versions
        ));
    }
    for note in &report.notes {
        text.push_str(&format!("  {note}\n"));
    }
    super::print_out(&text)?;
    if !report.conflicts.is_empty() {
        super::warn(&format!(
            "{} differed between the inputs; see above (`hearth show --id <ID>` prints one)",
            plural(report.conflicts.len(), "contribution")
        ));
    }
    Ok(())
}
