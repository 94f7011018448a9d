use std::io::IsTerminal;
use std::path::PathBuf;

use hearth::net::hub::JoinCode;
use hearth::tui::app::{DEFAULT_BIND, Options, run as run_app};

use hearth::store::folders::Folders;

use super::code::CodeArgs;
use super::{CliError, session_path};

/// `--help` examples; tests/cli_examples.rs runs every one.
const EXAMPLES: &str = "Examples:
  hearth run 2027-03-12-team-roles
  hearth run 2027-03-12-team-roles --participants participants.txt
  hearth run 2027-03-12-team-roles --plain
  hearth run 2027-03-12-team-roles --bind 0.0.0.0:7878 --code-file join-code.txt";

/// Open a session in the facilitator's terminal (capture, boards, projection, timer).
///
/// Sharing (F6) makes a random join code unless you choose one with --code-file or the
/// HEARTH_CODE variable.
///
/// F5 projects the audience's view in this window; `hearth screen SESSION` in another terminal
/// shows it in a window of its own (to share on a projector or a call) while you type here.
#[derive(Debug, clap::Args)]
#[command(after_help = EXAMPLES)]
pub struct Args {
    /// The session file, or its name in the sessions folder (see `hearth where`).
    pub session: PathBuf,
    /// A file of participants' names, one per line, for drawing breakout groups (b).
    #[arg(long, value_name = "FILE")]
    pub participants: Option<PathBuf>,
    /// Where sharing with note-takers (F6) listens. 0.0.0.0:PORT lets phones and laptops on
    /// the local network in; the default is this machine only.
    #[arg(long, value_name = "ADDR:PORT", default_value = DEFAULT_BIND)]
    pub bind: String,
    // A join code of your choosing for sharing (F6) instead of a random one.
    #[command(flatten)]
    pub code: CodeArgs,
    /// Colours: dark, light, high-contrast, none (no colour) or auto (light or dark by the
    /// terminal's background). Else HEARTH_THEME, else `theme = "…"` in the keys file (see
    /// `hearth where`), else none when NO_COLOR is set, else auto.
    #[arg(long, value_name = "THEME", value_parser = super::theme_arg)]
    pub theme: Option<hearth::tui::theme::Choice>,
    /// The plain line mode, for screen readers and slow links: no full screen, a prompt that
    /// says where an answer goes, one printed line per event, `/commands` (type /help). Works
    /// without a terminal too, reading lines from standard input.
    #[arg(long)]
    pub plain: bool,
}

pub(super) fn needs_terminal() -> Result<(), CliError> {
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
    let bind = args.bind.parse().map_err(|_| {
        CliError::input(format!(
            "--bind takes ADDR:PORT, such as 127.0.0.1:7878 or 0.0.0.0:7878; got \"{}\"",
            args.bind
        ))
    })?;
    let code = match args.code.given()? {
        Some(c) => {
            Some(JoinCode::parse(&c).map_err(|e| CliError::input(format!("the join code: {e}")))?)
        }
        None => None,
    };
    if !args.plain {
        needs_terminal()?;
        super::start_theme(args.theme)?;
    }
    let folders = Folders::find();
    run_app(Options {
        scenarios_dir: folders.scenarios,
        sessions_dir: folders.sessions,
        session: Some(path),
        participants,
        bind,
        code,
        plain: args.plain,
    })?;
    Ok(())
}

/// `hearth` alone: the home screen on a terminal, a printed overview otherwise.
pub fn home(theme: Option<hearth::tui::theme::Choice>) -> Result<(), CliError> {
    if needs_terminal().is_err() {
        return super::list::overview();
    }
    super::start_theme(theme)?;
    let folders = Folders::find();
    run_app(Options {
        scenarios_dir: folders.scenarios,
        sessions_dir: folders.sessions,
        session: None,
        participants: Vec::new(),
        bind: DEFAULT_BIND
            .parse()
            .map_err(|_| CliError::other("bad default address"))?,
        code: None,
        plain: false,
    })?;
    Ok(())
}
