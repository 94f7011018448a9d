use std::path::PathBuf;

use hearth::store::{FileKind, load_scenario, read_session, sniff_kind};

use super::{CliError, plural};

/// Check scenario and session files; exit 0 when all are valid.
///
/// A session is checked with its journal. Problems are printed as FILE:LINE:COLUMN: message.
#[derive(Debug, clap::Args)]
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
        let (session, report) = read_session(path)?;
        for notice in report.notices(&path.with_extension("journal")) {
            super::warn(&notice);
        }
        return Ok(format!(
            "session, {}",
            plural(session.contributions().len(), "contribution")
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
