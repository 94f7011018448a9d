//! `hearth completions` and `hearth man`: what an installation wants beside the binary.

use std::path::PathBuf;

use clap::CommandFactory;

use super::{Cli, CliError};

/// Print a shell's completion script for hearth
///
/// bash: `hearth completions bash > ~/.local/share/bash-completion/completions/hearth`;
/// zsh: `hearth completions zsh > ~/.zfunc/_hearth` (with ~/.zfunc in $fpath); fish:
/// `hearth completions fish > ~/.config/fish/completions/hearth.fish`; PowerShell:
/// `hearth completions powershell >> $PROFILE`.
#[derive(Debug, clap::Args)]
#[command(
    after_help = "Examples:\n  source <(hearth completions bash)\n  hearth completions zsh > ~/.zfunc/_hearth\n  hearth completions fish > ~/.config/fish/completions/hearth.fish"
)]
pub struct CompletionArgs {
    /// The shell.
    #[arg(value_enum)]
    pub shell: clap_complete::Shell,
}

/// Print hearth's manual page (roff), or write a page for it and one for each command
///
/// `hearth man | man -l -` reads it; `hearth man --dir ~/.local/share/man/man1` installs
/// hearth.1, hearth-new.1, hearth-run.1 and the rest for `man hearth`.
#[derive(Debug, clap::Args)]
#[command(
    after_help = "Examples:\n  hearth man | man -l -\n  hearth man --dir ~/.local/share/man/man1"
)]
pub struct ManArgs {
    /// Write the pages into this folder instead of printing hearth.1.
    #[arg(long, value_name = "DIR")]
    pub dir: Option<PathBuf>,
}

pub fn completions(args: CompletionArgs) -> Result<(), CliError> {
    let mut script = Vec::new();
    clap_complete::generate(args.shell, &mut Cli::command(), "hearth", &mut script);
    super::print_raw(&script)
}

pub fn man(args: ManArgs) -> Result<(), CliError> {
    let command = Cli::command();
    match args.dir {
        None => {
            let mut page = Vec::new();
            clap_mangen::Man::new(command)
                .render(&mut page)
                .map_err(|e| CliError::other(format!("cannot write the manual page: {e}")))?;
            super::print_raw(&page)
        }
        Some(dir) => {
            std::fs::create_dir_all(&dir)
                .and_then(|()| clap_mangen::generate_to(command, &dir))
                .map_err(|e| {
                    CliError::other(format!(
                        "{}: cannot write the manual pages: {e}",
                        dir.display()
                    ))
                })?;
            super::print_out(&format!("manual pages written to {}\n", dir.display()))
        }
    }
}
