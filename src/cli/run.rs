use std::io::IsTerminal;
use std::path::PathBuf;

use hearth::tui::app::{Options, run as run_app};

use super::{CliError, SCENARIOS_DIR, SESSIONS_DIR, session_path};

/// Open a session in the facilitator's terminal (capture, boards, projection, timer).
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The session file (or its name in sessions/).
    pub session: PathBuf,
    /// A file of participants' names, one per line, for drawing breakout groups (b).
    #[arg(long, value_name = "FILE")]
    pub participants: Option<PathBuf>,
}

fn needs_terminal() -> Result<(), CliError> {
    if std::io::stdin().is_terminal() && std::io::stdout().is_terminal() {
        Ok(())
    } else {
        Err(CliError::input(
            "the terminal app needs an interactive terminal; use `hearth show`, `add` and `export` in scripts",
        ))
    }
}

pub fn run(args: Args) -> Result<(), CliError> {
    let path = session_path(&args.session);
    let participants = match &args.participants {
        Some(file) => std::fs::read_to_string(file)
            .map_err(|e| {
                CliError::input(format!(
                    "{}: cannot read the participants: {e}",
                    file.display()
                ))
            })?
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .map(str::to_owned)
            .collect(),
        None => Vec::new(),
    };
    needs_terminal()?;
    run_app(Options {
        scenarios_dir: SCENARIOS_DIR.into(),
        sessions_dir: SESSIONS_DIR.into(),
        session: Some(path),
        participants,
    })?;
    Ok(())
}

/// `hearth` alone: the home screen on a terminal, a printed overview otherwise.
pub fn home() -> Result<(), CliError> {
    if needs_terminal().is_err() {
        return super::list::overview();
    }
    run_app(Options {
        scenarios_dir: SCENARIOS_DIR.into(),
        sessions_dir: SESSIONS_DIR.into(),
        session: None,
        participants: Vec::new(),
    })?;
    Ok(())
}
