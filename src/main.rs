//! The `hearth` command line: parses arguments and hands each command to `cli`.

mod cli;

use std::io::Write;
use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    // Like other Unix tools, end quietly when the reader of our output goes away
    // (`hearth show ... | head`) instead of failing on a broken pipe.
    // SAFETY: setting a signal's disposition to the default at start-up, before any threads.
    unsafe {
        libc::signal(libc::SIGPIPE, libc::SIG_DFL);
    }
    let args = cli::Cli::parse();
    match cli::run(args) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            // Not eprintln!: with no terminal left it would panic instead of exiting.
            let _ = writeln!(std::io::stderr(), "hearth: {e}");
            ExitCode::from(e.exit_code())
        }
    }
}
