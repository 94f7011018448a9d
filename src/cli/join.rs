//! `hearth join`: record one group's answers into a facilitator's shared session.

use std::io::IsTerminal;
use std::path::PathBuf;

use hearth::net::api::SessionReply;
use hearth::net::client::{Client, ClientError, LinkConfig};
use hearth::net::outbox::{Device, Outbox, default_dir};
use hearth::tui::join::app::{Options, run as run_screen};

use super::code::CodeArgs;
use super::{CliError, plural};

/// `--help` examples; tests/cli_examples.rs runs every one.
const EXAMPLES: &str = "Examples:
  hearth join http://192.168.1.20:7878/ --group \"Table 1\" --name \"Back corner laptop\"
  hearth join http://192.168.1.20:7878/ --group \"Table 2\" --code-file join-code.txt
  hearth join http://192.168.1.20:7878/ --group \"Table 3\" --plain";

/// Capture one group's answers into a session a facilitator is sharing
///
/// The facilitator shares with `hearth serve` or F6 in the terminal app, and shows the join
/// address and code. Answers wait in an outbox on this machine until the server has saved
/// them, across dropped connections and restarts of either side.
///
/// The join code is read from --code-file, else the HEARTH_CODE variable, else asked for: on
/// the command line, `ps` and the shell history would keep it.
#[derive(Debug, clap::Args)]
#[command(after_help = EXAMPLES)]
pub struct Args {
    /// The join address the facilitator shows (http://HOST:PORT/).
    pub url: String,
    // The join code the facilitator shows: --code-file, else the HEARTH_CODE variable, else
    // asked for when hearth join starts.
    #[command(flatten)]
    pub code: CodeArgs,
    /// The group you take notes for (created if the session has no such group).
    #[arg(long)]
    pub group: String,
    /// Where unsent answers are kept (default: $HEARTH_HOME/outbox when it is set, else
    /// hearth/outbox in your state folder: $XDG_STATE_HOME or ~/.local/state on Linux,
    /// ~/Library/Application Support on macOS, %LOCALAPPDATA% on Windows; `hearth where`
    /// shows it).
    #[arg(long, value_name = "DIR")]
    pub outbox: Option<PathBuf>,
    /// What the facilitator's list of note-takers calls this terminal (never exported).
    #[arg(long, value_name = "NAME")]
    pub name: Option<String>,
    /// Colours: dark, light, high-contrast, none (no colour) or auto (light or dark by the
    /// terminal's background). Else HEARTH_THEME, else `theme = "…"` in the keys file (see
    /// `hearth where`), else none when NO_COLOR is set, else auto.
    #[arg(long, value_name = "THEME", value_parser = super::theme_arg)]
    pub theme: Option<hearth::tui::theme::Choice>,
    /// The plain line mode, for screen readers and slow links: no full screen, a prompt that
    /// names the group and question, one printed line per event (queued, saved, refused),
    /// `/commands` (type /help).
    #[arg(long)]
    pub plain: bool,
}

pub fn run(mut args: Args) -> Result<(), CliError> {
    // The server trims the name too; the outbox and every answer use the same one.
    args.group = args.group.trim().to_owned();
    let client = Client::new(&args.url).map_err(|e| CliError::input(e.to_string()))?;
    if !hearth::model::text::is_valid_name(&args.group) {
        return Err(CliError::input(format!(
            "--group \"{}\" cannot be a group name: give the group's name as the facilitator shows it",
            args.group
        )));
    }
    let terminal = std::io::stdin().is_terminal() && std::io::stdout().is_terminal();
    if !(args.plain || terminal) {
        return Err(CliError::input(
            "hearth join needs an interactive terminal (it is a capture screen)",
        ));
    }
    let code = args.code.given_or_asked()?;
    if !args.plain {
        super::start_theme(args.theme)?;
    }
    let dir = args.outbox.clone().or_else(default_dir).ok_or_else(|| {
        CliError::other("cannot tell where to keep the outbox (no home or state folder is set): pass --outbox DIR")
    })?;
    let (mut outbox, report) = Outbox::open(&dir, &client.server(), &args.group)?;
    let session = first_contact(&client, &mut outbox, &args, &code)?;
    let outcome = run_screen(Options {
        plain: args.plain,
        client: client.clone(),
        outbox,
        config: LinkConfig {
            code,
            group: args.group.clone(),
            device_name: args.name.clone(),
            events: true,
        },
        session,
        notice: report.notice(),
    })
    .map_err(|e| CliError::other(e.to_string()))?;
    // Through `warn`: it never panics with no terminal left (after a hang-up), and shows the
    // server's words with control characters as symbols.
    if let Some(reason) = &outcome.signed_out {
        super::warn(&format!("signed out: {reason}"));
    }
    if outcome.waiting > 0 {
        super::warn(&format!(
            "{} not sent yet, kept in {}; they are sent the next time you run hearth join {} --group \"{}\"",
            plural(outcome.waiting, "answer"),
            outcome.outbox.display(),
            client.url(),
            args.group
        ));
    }
    if outcome.refused > 0 {
        super::warn(&format!(
            "{} refused by the server, kept in {}",
            plural(outcome.refused, "answer"),
            outcome.outbox.display()
        ));
    }
    Ok(())
}

/// Reaches the server before taking over the terminal, so a wrong address or code is said
/// plainly. An unreachable server is an error only when nothing waits in the outbox.
fn first_contact(
    client: &Client,
    outbox: &mut Outbox,
    args: &Args,
    code: &str,
) -> Result<Option<SessionReply>, CliError> {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| CliError::other(format!("cannot start the network: {e}")))?;
    let waiting = outbox.pending_count();
    let kept = if outbox.is_empty() {
        String::new()
    } else {
        format!(
            " ({} kept in {})",
            plural(outbox.entries().len(), "answer"),
            outbox.path().display()
        )
    };
    let unreachable = |error: ClientError| {
        if waiting > 0 {
            // The server may come back: start, and keep trying.
            return Ok(None);
        }
        Err(CliError::other(match error {
            // These name the server and say what to check.
            ClientError::CannotConnect { .. } | ClientError::ConnectTimeout { .. } => {
                error.to_string()
            }
            _ => format!("{}: {error}", client.url()),
        }))
    };
    runtime.block_on(async {
        if let Some(d) = outbox.device().filter(|d| !d.revoked).cloned() {
            match client.session(&d.token).await {
                Ok(s) => return Ok(Some(s)),
                // Forgotten or revoked: join afresh with the code.
                Err(ClientError::WrongCode { .. } | ClientError::Revoked { .. }) => {}
                // Refused for good (it should not be): joining afresh may still help.
                Err(ClientError::Refused { .. } | ClientError::Conflict { .. }) => {}
                Err(e) => return unreachable(e),
            }
        }
        match client
            .join(code, &args.group, args.name.as_deref())
            .await
        {
            Ok(reply) => {
                let token = reply.token.clone();
                outbox.set_device(Device::from(reply))?;
                Ok(client.session(&token).await.ok())
            }
            Err(ClientError::WrongCode { message } | ClientError::Revoked { message }) => {
                Err(CliError::input(format!(
                    "{}: the join code was not accepted ({message}); check the code on the facilitator's screen{kept}",
                    client.url()
                )))
            }
            Err(ClientError::Refused { message, .. } | ClientError::Conflict { message }) => {
                Err(CliError::input(format!(
                    "{}: cannot join as \"{}\": {message}{kept}",
                    client.url(),
                    args.group
                )))
            }
            Err(e) => unreachable(e),
        }
    })
}
