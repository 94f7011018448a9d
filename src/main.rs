//! The `hearth` command line: parses arguments and hands each command to `cli`.

// Output goes through the functions that show control characters as symbols and take a closed
// pipe calmly, never print! or eprint!.
#![deny(clippy::print_stdout, clippy::print_stderr)]

mod cli;

use std::io::Write;
use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    hearth::platform::quiet_on_closed_pipe();
    let args = match cli::Cli::try_parse() {
        Ok(args) => args,
        Err(e) => return usage(&e),
    };
    match cli::run(args) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            // Not eprintln!: with no terminal left it would panic instead of exiting. The
            // message may quote a file's or a person's text: shown with control characters
            // as symbols.
            let line = format!("hearth: {}\n", hearth::model::text::printable(&e.message));
            let _ = std::io::stderr().lock().write_all(line.as_bytes());
            ExitCode::from(e.exit_code())
        }
    }
}

/// `--help`, `--version` and usage errors. Help and version go to standard output through the
/// same path as every command's output, so a failed write is exit 1 with a message, not a
/// silent success.
fn usage(e: &clap::Error) -> ExitCode {
    use std::io::IsTerminal;
    let styled = e.render();
    if e.use_stderr() {
        // A usage error may quote the arguments: plain text, control characters as symbols.
        let text = styled.to_string();
        let _ = std::io::stderr()
            .lock()
            .write_all(hearth::model::text::printable(&text).as_bytes());
        return ExitCode::from(e.exit_code().clamp(0, 255) as u8);
    }
    let text = if std::io::stdout().is_terminal() {
        styled.ansi().to_string()
    } else {
        styled.to_string()
    };
    match cli::print_raw(text.as_bytes()) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            let _ = writeln!(std::io::stderr(), "hearth: {e}");
            ExitCode::from(e.exit_code())
        }
    }
}
