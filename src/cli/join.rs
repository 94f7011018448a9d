//! `hearth join`: record one group's answers into a facilitator's shared session.

use std::path::PathBuf;

use super::CliError;

/// Record one group's answers into a session a facilitator is sharing (`hearth serve`, or
/// `s` in the terminal app). Answers wait in a local outbox on disk until the server has
/// saved them, across dropped connections and restarts.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The join address the facilitator shows (http://HOST:PORT/).
    pub url: String,
    /// The join code the facilitator shows.
    #[arg(long)]
    pub code: String,
    /// The group you take notes for (created if the session has no such group).
    #[arg(long)]
    pub group: String,
    /// Where unsent answers are kept (default: $XDG_STATE_HOME/hearth/outbox).
    #[arg(long, value_name = "DIR")]
    pub outbox: Option<PathBuf>,
}

pub fn run(_args: Args) -> Result<(), CliError> {
    Err(CliError::other("hearth join is not built yet"))
}
