//! Commands of the `hearth` binary. Each command lives in its own module.

mod add;
mod edit;
mod export;
mod import;
mod join;
mod list;
mod merge;
mod new;
mod run;
mod serve;
mod show;
mod validate;

use std::fmt;
use std::io::Read;
use std::path::{Path, PathBuf};

use clap::{Parser, Subcommand};
use hearth::model::ModelError;
use hearth::store::StoreError;

/// Facilitated group workshops in the terminal: run Futures Triangles, scenario building,
/// pathway brainstorms, value-conflict tables, role-clarity matrices and checklists, capture
/// every group's answers verbatim, and export them for a write-up.
///
/// Nothing leaves this machine unless you share a session with note-takers (`hearth serve`, or
/// F6 in `hearth run`). Sessions live in `sessions/`, workshop plans in `scenarios/`.
#[derive(Debug, Parser)]
#[command(
    name = "hearth",
    version,
    max_term_width = 100,
    after_help = "With no command, hearth opens the home screen: the workshop plans in scenarios/ and the sessions in sessions/."
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    Run(run::Args),
    New(new::Args),
    Add(add::Args),
    Edit(edit::Args),
    Show(show::Args),
    Validate(validate::Args),
    List(list::Args),
    Export(export::Args),
    Import(import::Args),
    Merge(merge::Args),
    Serve(serve::Args),
    Join(join::Args),
}

pub fn run(cli: Cli) -> Result<(), CliError> {
    let Some(command) = cli.command else {
        return run::home();
    };
    match command {
        Command::Run(a) => run::run(a),
        Command::New(a) => new::run(a),
        Command::Add(a) => add::run(a),
        Command::Edit(a) => edit::run(a),
        Command::Show(a) => show::run(a),
        Command::Validate(a) => validate::run(a),
        Command::List(a) => list::run(a),
        Command::Export(a) => export::run(a),
        Command::Import(a) => import::run(a),
        Command::Merge(a) => merge::run(a),
        Command::Serve(a) => serve::run(a),
        Command::Join(a) => join::run(a),
    }
}

/// An error for the person at the terminal, with the exit code it deserves.
#[derive(Debug)]
pub struct CliError {
    pub code: u8,
    pub message: String,
}

impl CliError {
    /// Bad input or usage: exit code 2.
    pub fn input(message: impl Into<String>) -> Self {
        CliError {
            code: 2,
            message: message.into(),
        }
    }

    /// Anything else: exit code 1.
    pub fn other(message: impl Into<String>) -> Self {
        CliError {
            code: 1,
            message: message.into(),
        }
    }

    pub fn exit_code(&self) -> u8 {
        self.code
    }
}

impl fmt::Display for CliError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl From<StoreError> for CliError {
    fn from(e: StoreError) -> Self {
        CliError {
            code: e.exit_code() as u8,
            message: e.to_string(),
        }
    }
}

impl From<ModelError> for CliError {
    fn from(e: ModelError) -> Self {
        CliError::input(e.to_string())
    }
}

/// The directory sessions are kept in unless `--dir` says otherwise.
pub const SESSIONS_DIR: &str = "sessions";
/// The directory workshop plans are kept in.
pub const SCENARIOS_DIR: &str = "scenarios";

/// Finds a session from a path or a bare name (`sessions/<name>.json`).
pub fn session_path(arg: &Path) -> PathBuf {
    if arg.exists() || arg.extension().is_some() || arg.components().count() > 1 {
        return arg.to_owned();
    }
    let candidate = Path::new(SESSIONS_DIR).join(arg).with_extension("json");
    if candidate.exists() {
        candidate
    } else {
        arg.to_owned()
    }
}

/// Text from `--text`, or else everything on standard input, verbatim.
pub fn text_or_stdin(text: Option<String>, what: &str) -> Result<String, CliError> {
    if let Some(t) = text {
        return Ok(t);
    }
    if std::io::IsTerminal::is_terminal(&std::io::stdin()) {
        eprintln!(
            "hearth: type the {what}, then press Ctrl-D on a line of its own (or pass --text)"
        );
    }
    let mut bytes = Vec::new();
    std::io::stdin()
        .read_to_end(&mut bytes)
        .map_err(|e| CliError::other(format!("cannot read the {what} from standard input: {e}")))?;
    String::from_utf8(bytes).map_err(|e| {
        CliError::input(format!(
            "the {what} on standard input is not valid UTF-8 (byte {} is not): save it as UTF-8 and try again",
            e.utf8_error().valid_up_to()
        ))
    })
}

/// Parses repeated `--field NAME=VALUE` arguments.
pub fn parse_fields(
    pairs: &[String],
) -> Result<std::collections::BTreeMap<String, String>, CliError> {
    let mut fields = std::collections::BTreeMap::new();
    for pair in pairs {
        let Some((name, value)) = pair.split_once('=') else {
            return Err(CliError::input(format!(
                "--field takes NAME=VALUE, got \"{pair}\""
            )));
        };
        if fields
            .insert(
                name.to_owned(),
                hearth::model::text::normalize_newlines(value),
            )
            .is_some()
        {
            return Err(CliError::input(format!("--field {name} is given twice")));
        }
    }
    Ok(fields)
}

/// "1 exercise", "3 exercises".
pub fn plural(n: usize, noun: &str) -> String {
    if n == 1 {
        format!("1 {noun}")
    } else {
        format!("{n} {noun}s")
    }
}

/// On a terminal, control characters (other than line breaks and tabs) are shown as visible
/// symbols so a stored escape sequence cannot drive the terminal. Piped output is verbatim.
pub fn visible(text: &str, terminal: bool) -> String {
    if !terminal {
        return text.to_owned();
    }
    text.chars()
        .map(|c| match c {
            '\n' | '\t' => c,
            '\u{7f}' => '\u{2421}',
            c if (c as u32) < 0x20 => char::from_u32(0x2400 + c as u32).unwrap_or('\u{fffd}'),
            c if c.is_control() => '\u{fffd}',
            c => c,
        })
        .collect()
}
