//! `hearth where`: the folders in use, and why those.

use std::path::{Path, PathBuf};

use hearth::store::folders::{Folders, HOME_VAR};
use hearth::store::plans::BUILT_IN;

use super::CliError;

/// `--help` examples; tests/cli_examples.rs runs every one.
const EXAMPLES: &str = "Examples:
  hearth where";

/// Print the folders hearth uses for sessions, your own plans and `hearth join`'s outbox, and
/// why those
///
/// First match wins: $HEARTH_HOME when it is set; else sessions/ and scenarios/ here when the
/// current folder has either; else hearth/ in your data folder ($XDG_DATA_HOME or
/// ~/.local/share on Linux, ~/Library/Application Support on macOS, %APPDATA% on Windows).
#[derive(Debug, clap::Args)]
#[command(after_help = EXAMPLES)]
pub struct Args {}

pub fn run(_: Args) -> Result<(), CliError> {
    let folders = Folders::find();
    let outbox = hearth::net::outbox::default_dir();
    let mut out = String::new();
    out.push_str(&format!("sessions        {}\n", shown(&folders.sessions)));
    out.push_str(&format!(
        "your plans      {}   (and the {} built-in plans)\n",
        shown(&folders.scenarios),
        BUILT_IN.len()
    ));
    out.push_str(&format!(
        "join outbox     {}\n",
        outbox.as_deref().map_or_else(
            || "none: no state folder (pass hearth join --outbox DIR)".to_owned(),
            shown
        )
    ));
    out.push_str(&format!(
        "keys file       {}\n",
        hearth::store::folders::keys_file().map_or_else(
            || "none: no config folder (set HEARTH_HOME)".to_owned(),
            |p| if p.is_file() {
                p.display().to_string()
            } else {
                format!("{} (none yet: the default keys are in force)", p.display())
            }
        )
    ));
    out.push_str(&format!("\nwhy: {}.\n", folders.why()));
    let outbox_why = if hearth::store::folders::hearth_home().is_some() {
        format!("{HOME_VAR}/outbox")
    } else {
        "hearth/outbox in this user's state folder".to_owned()
    };
    out.push_str(&format!(
        "The join outbox is {outbox_why}; `hearth join --outbox DIR` chooses another. `--dir` on a command chooses another sessions folder for that command.\n"
    ));
    super::print_out(&out)
}

/// A folder as an absolute path, saying when it does not exist yet.
fn shown(dir: &Path) -> String {
    let full: PathBuf = if dir.is_absolute() {
        dir.to_owned()
    } else {
        std::env::current_dir()
            .map(|here| here.join(dir))
            .unwrap_or_else(|_| dir.to_owned())
    };
    if dir.is_dir() {
        full.display().to_string()
    } else {
        format!("{} (not made yet)", full.display())
    }
}
