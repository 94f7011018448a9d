//! `hearth serve`: share an open session with note-takers.

use std::path::PathBuf;

use super::CliError;

/// Share a session with note-takers: their terminals (`hearth join`) and phone or laptop
/// browsers record answers straight into it. Prints the join address, the join code and a QR
/// code. Listens on this machine only (127.0.0.1) unless --bind says otherwise.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The session file (or its name in sessions/).
    pub session: PathBuf,
    /// Address and port to listen on; 0.0.0.0:PORT lets the local network in.
    #[arg(long, value_name = "ADDR:PORT", default_value = "127.0.0.1:7878")]
    pub bind: String,
    /// Use this join code instead of a random one (for scripts and tests).
    #[arg(long)]
    pub code: Option<String>,
    /// The exercise note-takers start on (default: the first of the agenda).
    #[arg(long, value_name = "ID")]
    pub exercise: Option<String>,
}

pub fn run(_args: Args) -> Result<(), CliError> {
    Err(CliError::other("hearth serve is not built yet"))
}
