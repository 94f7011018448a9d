//! `hearth devices`: the devices that joined a session, and revoking one — while the session is
//! shared (`hearth serve` or `hearth run`), from any terminal of the same user, or when it is not.

use std::path::PathBuf;

use hearth::net::control::{Answer, Ask, ask};
use hearth::net::devices::{devices_on_disk, revoke_on_disk};
use hearth::net::hub::DeviceInfo;

use super::{CliError, session_path};

/// `--help` examples; tests/cli_examples.rs runs every one.
const EXAMPLES: &str = "Examples:
  hearth devices 2027-03-12-team-roles";

/// List the devices that joined a session, or revoke one
///
/// While the session is shared (`hearth serve`, or sharing in `hearth run`) this asks the share
/// itself, from any terminal of yours: it lists each device with its group, address, open live
/// streams and answers, and a revoked device is stopped at once — its token no longer works
/// and its connections are closed. When nothing is sharing the session, the devices file beside
/// it is read, and revoking writes it. A revoked device can join again with the join code: give
/// the session a new one (c in the devices panel of `hearth run`, or restart `hearth serve`
/// with another code) to keep it out.
#[derive(Debug, clap::Args)]
#[command(after_help = EXAMPLES)]
pub struct Args {
    /// The session file, or its name in the sessions folder (see `hearth where`).
    pub session: PathBuf,
    /// Revoke the device with this id (the first column of the list).
    #[arg(long, value_name = "ID")]
    pub revoke: Option<String>,
}

pub fn run(args: Args) -> Result<(), CliError> {
    let path = session_path(&args.session);
    if !path.is_file() {
        return Err(CliError::input(format!(
            "{}: no such session (`hearth list` shows them)",
            path.display()
        )));
    }
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| CliError::other(format!("cannot start: {e}")))?;
    let question = match &args.revoke {
        Some(id) => Ask::Revoke { device: id.clone() },
        None => Ask::Devices,
    };
    let asked = runtime
        .block_on(ask(&path, &question))
        .map_err(|e| CliError::other(format!("cannot reach the share of this session: {e}")))?;
    let (shared, answer) = match asked {
        Some(answer) => (true, answer),
        None => (false, on_disk(&path, &question)?),
    };
    if let Some(error) = answer.error {
        return Err(CliError::other(error));
    }
    if let Some(id) = &args.revoke {
        if answer.revoked != Some(true) {
            return Err(CliError::input(format!(
                "no device `{id}` joined this session (`hearth devices {}` lists them)",
                args.session.display()
            )));
        }
        let how = if shared {
            "its token no longer works and its connections are closed"
        } else {
            "its token will not work when the session is shared again"
        };
        super::print_out(&format!(
            "revoked {id}: {how}. It can join again with the join code; give the session a new code to keep it out.\n"
        ))?;
        return Ok(());
    }
    let mut out = String::new();
    if !shared {
        out.push_str("(the session is not shared now: as its devices file keeps them)\n");
    }
    for line in device_lines(&answer.devices) {
        out.push_str(&line);
        out.push('\n');
    }
    super::print_out(&out)
}

fn on_disk(path: &std::path::Path, question: &Ask) -> Result<Answer, CliError> {
    Ok(match question {
        Ask::Devices => Answer {
            devices: devices_on_disk(path)?,
            ..Answer::default()
        },
        Ask::Revoke { device } => Answer {
            revoked: Some(revoke_on_disk(path, device)?),
            ..Answer::default()
        },
    })
}

/// One line per device (for `hearth devices` and the `d` command of `hearth serve`).
pub fn device_lines(devices: &[DeviceInfo]) -> Vec<String> {
    if devices.is_empty() {
        return vec!["no device has joined".into()];
    }
    devices
        .iter()
        .map(|d| {
            let mut line = format!("{}  {}", d.id, d.group);
            if let Some(n) = &d.name {
                line.push_str(&format!(" — {n}"));
            }
            if d.revoked {
                line.push_str("  [revoked]");
                return line;
            }
            if let Some(a) = d.address {
                line.push_str(&format!("  from {a}"));
            }
            if let Some(s) = d.last_seen {
                line.push_str(&format!(
                    "  seen {s} s ago, {} live stream{}, {} answer{}",
                    d.streams,
                    if d.streams == 1 { "" } else { "s" },
                    d.answers,
                    if d.answers == 1 { "" } else { "s" }
                ));
            }
            line
        })
        .collect()
}
