use std::path::PathBuf;

use hearth::store::{
    FileKind, load_scenario, read_session, rejected_count, rejected_path, sniff_kind,
};

use super::{CliError, plural};

/// `--help` examples; tests/cli_examples.rs runs every one.
const EXAMPLES: &str = "Examples:
  hearth validate sessions/2027-03-12-team-roles.json
  hearth validate sessions/2027-03-12-team-roles.json sessions/2027-04-02-webinar-one.json";

/// Check scenario and session files; exit 0 when all are valid.
///
/// A session is checked with its journal. Problems are printed as FILE:LINE:COLUMN: message.
#[derive(Debug, clap::Args)]
#[command(after_help = EXAMPLES)]
pub struct Args {
    /// Scenario files (hearth-scenario/1) and session files (hearth-session/1).
    #[arg(required = true)]
    pub files: Vec<PathBuf>,
}

pub fn run(args: Args) -> Result<(), CliError> {
    let mut worst = 0u8;
    for path in &args.files {
        match check(path) {
            Ok(what) => super::print_out(&format!("{}: ok ({what})\n", path.display()))?,
            Err(e) => {
                let line = format!("{}\n", hearth::model::text::printable(&e.message));
                let _ = std::io::Write::write_all(&mut std::io::stderr().lock(), line.as_bytes());
                worst = worst.max(e.code);
            }
        }
    }
    if worst == 0 {
        Ok(())
    } else {
        let bad = if args.files.len() == 1 {
            "the file is not valid".to_owned()
        } else {
            "some files are not valid".to_owned()
        };
        Err(CliError {
            code: worst,
            message: bad,
        })
    }
}

fn check(path: &std::path::Path) -> Result<String, CliError> {
    if sniff_kind(path) == FileKind::Session {
        let (session, mut report) = read_session(path)?;
        let journal = path.with_extension("journal");
        // Lines that do not apply make the session not valid: said as every problem is, by
        // file, line and column (the rest of it opens everywhere else).
        let rejected = report.rejected_notices(&journal);
        report.rejected.clear();
        report.gaps.clear();
        for notice in report.notices(&journal) {
            super::warn(&notice);
        }
        if !rejected.is_empty() {
            return Err(CliError::input(rejected.join("\n")));
        }
        let set_aside = rejected_count(path);
        if set_aside > 0 {
            super::warn(&format!(
                "{}: {} set aside from the journal earlier, never applied (see docs/formats.md)",
                rejected_path(path).display(),
                plural(set_aside, "line")
            ));
        }
        return Ok(format!(
            "session, {}",
            plural(session.answers_held(), "contribution")
        ));
    }
    // Anything else is checked as a scenario, whose errors say what a file is expected to be.
    let s = load_scenario(path)?;
    Ok(format!(
        "scenario `{}`, {}",
        s.id,
        plural(s.agenda.len(), "exercise")
    ))
}
