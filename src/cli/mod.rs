//! Commands of the `hearth` binary. Each command lives in its own module.

mod add;
mod clipboard;
mod code;
mod devices;
mod edit;
mod export;
mod import;
mod install;
mod join;
mod list;
mod merge;
mod new;
mod place;
mod plan;
mod run;
mod screen;
mod series;
mod serve;
mod set;
mod show;
mod validate;
mod withdraw;

use std::fmt;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};

use clap::{Parser, Subcommand};
use hearth::model::ModelError;
use hearth::model::text::printable;
use hearth::store::StoreError;
use hearth::store::folders::Folders;

/// Facilitated group workshops in the terminal: run Futures Triangles, scenario building,
/// Causal Layered Analysis, backcasting (from a scenario the room picks), pathway brainstorms,
/// value-conflict tables, role-clarity matrices, checklists and teaching notes, capture every
/// group's answers verbatim, and export them for a write-up (one session, or a series of
/// sessions as one post).
///
/// Nothing leaves this machine unless you share a session with note-takers (`hearth serve`, or
/// F6 in `hearth run`). Sessions and your own workshop plans live in your data folder, or in
/// sessions/ and scenarios/ when the current folder has either, or under $HEARTH_HOME when it
/// is set: `hearth where` tells which. The plans that come with hearth are always there.
#[derive(Debug, Parser)]
#[command(
    name = "hearth",
    version,
    max_term_width = 100,
    after_help = "With no command, hearth opens the home screen: the workshop plans and the sessions (see `hearth where`).\n\n\
                  Examples:\n  \
                  hearth list\n  \
                  hearth new role-clarity --title \"Team roles\" --groups \"Table 1,Table 2\"\n  \
                  hearth run 2027-03-12-team-roles"
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Option<Command>,
    /// The home screen's colours: dark, light, high-contrast, none (no colour) or auto (light
    /// or dark by the terminal's background). `hearth run`, `join` and `screen` take --theme
    /// too. Else HEARTH_THEME, else `theme = "…"` at the top of the keys file (see `hearth
    /// where`), else none when NO_COLOR is set, else auto.
    #[arg(long, value_name = "THEME", value_parser = theme_arg)]
    pub theme: Option<hearth::tui::theme::Choice>,
}

/// A theme's name, as --theme takes it.
fn theme_arg(text: &str) -> Result<hearth::tui::theme::Choice, String> {
    hearth::tui::theme::Choice::parse(text)
}

/// Chooses the terminal app's colours, before it takes the screen (asking the terminal for
/// its background when nothing else chooses). A HEARTH_THEME that names no theme is an error;
/// a bad theme line in the keys file is said on the screen, by the keymap.
fn start_theme(flag: Option<hearth::tui::theme::Choice>) -> Result<(), CliError> {
    if let Ok(v) = std::env::var("HEARTH_THEME")
        && !v.trim().is_empty()
    {
        theme_arg(&v).map_err(|e| CliError::input(format!("HEARTH_THEME: {e}")))?;
    }
    hearth::tui::theme::choose::start(flag);
    Ok(())
}

#[derive(Debug, Subcommand)]
pub enum Command {
    Run(run::Args),
    Screen(screen::Args),
    New(new::Args),
    Add(add::Args),
    Edit(edit::Args),
    Set(Box<set::Args>),
    Show(show::Args),
    Validate(validate::Args),
    List(list::Args),
    Export(export::Args),
    Import(import::Args),
    Merge(merge::Args),
    Series(series::Args),
    Plan(plan::Args),
    Serve(serve::Args),
    Devices(devices::Args),
    Join(join::Args),
    Withdraw(withdraw::Args),
    Where(place::Args),
    Completions(install::CompletionArgs),
    Man(install::ManArgs),
    /// Serves a copied write-up on this machine's clipboard until something else is copied
    /// (started by `hearth export --copy` on X11, where the clipboard lives as long as the
    /// program that set it).
    #[command(hide = true)]
    ClipboardServe,
}

pub fn run(cli: Cli) -> Result<(), CliError> {
    let Some(command) = cli.command else {
        return run::home(cli.theme);
    };
    match command {
        Command::Run(a) => run::run(a),
        Command::Screen(a) => screen::run(a),
        Command::New(a) => new::run(a),
        Command::Add(a) => add::run(a),
        Command::Edit(a) => edit::run(a),
        Command::Set(a) => set::run(*a),
        Command::Show(a) => show::run(a),
        Command::Validate(a) => validate::run(a),
        Command::List(a) => list::run(a),
        Command::Export(a) => export::run(a),
        Command::Import(a) => import::run(a),
        Command::Merge(a) => merge::run(a),
        Command::Series(a) => series::run(a),
        Command::Plan(a) => plan::run(a),
        Command::Serve(a) => serve::run(a),
        Command::Devices(a) => devices::run(a),
        Command::Join(a) => join::run(a),
        Command::Withdraw(a) => withdraw::run(a),
        Command::Where(a) => place::run(a),
        Command::Completions(a) => install::completions(a),
        Command::Man(a) => install::man(a),
        Command::ClipboardServe => clipboard::serve(),
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

impl From<hearth::tui::error::AppError> for CliError {
    fn from(e: hearth::tui::error::AppError) -> Self {
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

/// A change the session refused; an unknown exercise or slot also says how to list them all.
pub fn rejected(e: StoreError, session: &Path) -> CliError {
    let listing = matches!(
        &e,
        StoreError::Rejected {
            source: ModelError::UnknownSlot { .. } | ModelError::UnknownExercise { .. },
            ..
        }
    );
    let mut error = CliError::from(e);
    if listing {
        error.message.push_str(&format!(
            "; `hearth show {} --slots` lists every exercise and slot",
            session.display()
        ));
    }
    error
}

/// Whether a command-line argument names a file rather than a plan or session by name: it
/// exists, has an extension, or has a folder in it.
pub fn names_a_file(arg: &Path) -> bool {
    arg.exists() || arg.extension().is_some() || arg.components().count() > 1
}

/// Finds a session from a path or a bare name (`<name>.json` in the sessions folder, see
/// `hearth where`). A bare name found nowhere is the path it was looked for at, so the error
/// says where that was.
pub fn session_path(arg: &Path) -> PathBuf {
    if names_a_file(arg) {
        return arg.to_owned();
    }
    let mut name = arg.as_os_str().to_owned();
    name.push(".json");
    Folders::find().sessions.join(name)
}

/// Text from `--text`, or else everything on standard input, verbatim.
pub fn text_or_stdin(text: Option<String>, what: &str) -> Result<String, CliError> {
    if let Some(t) = text {
        return Ok(t);
    }
    if std::io::IsTerminal::is_terminal(&std::io::stdin()) {
        warn(&format!(
            "type the {what}, then press Ctrl-D on a line of its own (or pass --text)"
        ));
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

/// Ends a write whose changes are already acknowledged: synced in the journal, they survive
/// whatever happens next. Folding the journal into the snapshot at close is housekeeping, so its
/// failure (a disk nearly full) is a warning, never the command's failure: a script that retried
/// a "failed" add would add the answer twice.
pub fn close_saved(close: impl FnOnce() -> Result<(), hearth::store::StoreError>) {
    if let Err(e) = close() {
        warn(&format!(
            "saved (the journal holds it), but the snapshot could not be rewritten: {e}; nothing is lost, and the next write tries again"
        ));
    }
}

/// Writes `text` to standard output, control characters shown as visible symbols (see
/// [`hearth::model::text::printable`]). Every command prints through here or [`print_raw`].
pub fn print_out(text: &str) -> Result<(), CliError> {
    print_raw(printable(text).as_bytes())
}

/// Writes `bytes` to standard output exactly, and flushes. A failed write (a full disk,
/// `>/dev/full`) is an error (exit 1); a closed pipe (`hearth show | head`) ends quietly.
pub fn print_raw(bytes: &[u8]) -> Result<(), CliError> {
    let mut stdout = std::io::stdout().lock();
    match stdout.write_all(bytes).and_then(|()| stdout.flush()) {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        Err(e) => Err(CliError::other(format!(
            "cannot write to standard output: {e}"
        ))),
    }
}

/// A warning or notice on standard error, after `hearth: `, control characters shown as
/// symbols. Never fails: with no standard error left there is no one to tell.
pub fn warn(message: &str) {
    let line = format!("hearth: {}\n", printable(message));
    let _ = std::io::stderr().lock().write_all(line.as_bytes());
}
