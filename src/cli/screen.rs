use std::path::PathBuf;

use super::{CliError, session_path};

/// `--help` examples; tests/cli_examples.rs runs every one.
const EXAMPLES: &str = "Examples:
  hearth screen 2027-03-12-team-roles";

/// Open the audience window of a session: what the room may see of `hearth run`, in large
/// type, to share on a projector or a video call while you type in the other window.
///
/// It follows `hearth run` of the same session on this machine (through a socket beside the
/// session that only you can open; no network sharing needed): the current exercise and
/// question, answers as they are revealed, the spotlight, the timer, vote results once
/// revealed, and the join code when you put it on screen (F2). Never anything off the record
/// or hidden until reveal. Start and stop either window in any order: this one waits for the
/// run, and catches up when it reconnects. Keys: z (or +, F9) changes this window's text size;
/// q or Esc closes it. From another machine, use the browser screen (/screen) while sharing.
#[derive(Debug, clap::Args)]
#[command(after_help = EXAMPLES)]
pub struct Args {
    /// The session file (or its name in sessions/), as given to `hearth run`.
    pub session: PathBuf,
    /// Colours: dark, light, high-contrast, none (no colour) or auto (light or dark by the
    /// terminal's background). Else HEARTH_THEME, else `theme = "…"` in the keys file (see
    /// `hearth where`), else none when NO_COLOR is set, else auto.
    #[arg(long, value_name = "THEME", value_parser = super::theme_arg)]
    pub theme: Option<hearth::tui::theme::Choice>,
}

pub fn run(args: Args) -> Result<(), CliError> {
    let path = session_path(&args.session);
    if !path.is_file() {
        return Err(CliError::input(format!(
            "{}: no such session. Give the session file, or its name in sessions/ (see `hearth list`).",
            path.display()
        )));
    }
    super::run::needs_terminal()?;
    super::start_theme(args.theme)?;
    hearth::tui::screen::run(&path)?;
    Ok(())
}
