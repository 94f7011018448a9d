use std::io::{BufRead, IsTerminal};
use std::path::PathBuf;

use hearth::model::{Change, Contribution};
use hearth::store::SessionStore;

use super::{CliError, session_path};

/// `--help` examples; tests/cli_examples.rs runs every one.
const EXAMPLES: &str = "Examples:
  hearth withdraw 2027-03-12-team-roles 01a24e73-09bd-74a0-be3f-08adc3bc217a --yes";

/// Withdraw an answer for good, at the request of whoever said it.
///
/// Its text, fields, earlier versions and author are erased from the session's snapshot and
/// journal (rewritten atomically), from files hearth set aside beside it, and from drafts that
/// were an edit of it; note-takers' outboxes drop it on their next contact. What stays is a
/// tombstone, "withdrawn at 10:42", holding no words; merging never brings the answer back, and
/// nothing undoes this. Asks for confirmation, quoting the answer, unless --yes is given.
#[derive(Debug, clap::Args)]
#[command(after_help = EXAMPLES)]
pub struct Args {
    /// The session file (or its name in sessions/).
    pub session: PathBuf,
    /// The answer's id (shown by `hearth show`).
    pub id: String,
    /// Do not ask: needed when standard input is not a terminal.
    #[arg(long, short = 'y')]
    pub yes: bool,
}

pub fn run(args: Args) -> Result<(), CliError> {
    let path = session_path(&args.session);
    let (mut store, report) = SessionStore::open(&path)?;
    for notice in report.notices(&store.paths().journal) {
        super::warn(&notice);
    }
    let Some(answer) = store.session().contribution(&args.id).cloned() else {
        return Err(CliError::input(format!(
            "{}: no contribution with id `{}` (`hearth show {}` lists them with their ids)",
            path.display(),
            args.id,
            args.session.display()
        )));
    };
    if let Some(at) = answer.withdrawn {
        return Err(CliError::input(format!(
            "{}: contribution `{}` was already withdrawn at {}: it holds no words",
            path.display(),
            args.id,
            clock(at)
        )));
    }
    if !args.yes {
        if !std::io::stdin().is_terminal() {
            return Err(CliError::input(
                "refusing to withdraw without asking: standard input is not a terminal; add --yes to withdraw without confirmation",
            ));
        }
        if !confirmed(&answer)? {
            super::warn("nothing withdrawn");
            return Ok(());
        }
    }
    let at = jiff::Timestamp::now();
    store.apply(Change::Withdraw {
        id: args.id.clone(),
        at,
    })?;
    if store.withdrawal_pending() {
        // Recorded, but the words are still on disk: say so, and try once more.
        if let Err(e) = store.compact() {
            return Err(CliError::other(format!(
                "withdrawn (the journal records it), but its words could not be erased yet: {e}; they are erased when the session is next opened for writing"
            )));
        }
    }
    super::close_saved(|| store.close());
    super::print_out(&format!("withdrawn {} at {}\n", args.id, clock(at)))
}

/// "10:42" in local time.
pub fn clock(at: jiff::Timestamp) -> String {
    at.to_zoned(jiff::tz::TimeZone::system())
        .strftime("%H:%M")
        .to_string()
}

/// Quotes the answer on standard error and asks; `true` for yes.
fn confirmed(answer: &Contribution) -> Result<bool, CliError> {
    let mut quote = format!("  “{}”\n", answer.text);
    for (name, value) in &answer.fields {
        quote.push_str(&format!("  {name}: “{value}”\n"));
    }
    if !answer.revisions.is_empty() {
        quote.push_str(&format!(
            "  (and {} earlier version{})\n",
            answer.revisions.len(),
            if answer.revisions.len() == 1 { "" } else { "s" }
        ));
    }
    let question = hearth::model::text::printable(&format!(
        "Withdraw this answer for good?\n{quote}Its words are erased from the session's files and cannot be brought back. [y/N] "
    ))
    .into_owned();
    {
        use std::io::Write as _;
        let mut err = std::io::stderr().lock();
        let _ = err
            .write_all(question.as_bytes())
            .and_then(|()| err.flush());
    }
    let mut line = String::new();
    std::io::stdin()
        .lock()
        .read_line(&mut line)
        .map_err(|e| CliError::other(format!("cannot read the answer: {e}")))?;
    Ok(matches!(line.trim(), "y" | "Y" | "yes" | "Yes" | "YES"))
}
