use std::io::IsTerminal;
use std::path::{Path, PathBuf};

use hearth::export::{Format, Options, export, hidden_left_out};
use hearth::store::files::write_atomic;
use hearth::store::read_session;

use super::{CliError, plural, session_path};

/// Write a session up as Markdown, HTML, CSV or JSON.
///
/// md: a blog-ready write-up. html: one self-contained page with figures, to read or print to
/// PDF. csv: one row per contribution, for a spreadsheet. json: the whole session.
///
/// Every answer appears exactly as typed. Off-the-record contributions are left out unless
/// --include-hidden; authors are left out unless --with-authors. Reads without locking, so it
/// works while the session is open in another hearth. In CSV, a cell starting with = + - @ gets
/// a leading ' so spreadsheets do not run it as a formula (see docs/export.md).
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The session file (or its name in sessions/).
    pub session: PathBuf,
    /// md, html, csv or json [default: from the extension of -o].
    #[arg(long, short, value_parser = parse_format, value_name = "md|html|csv|json")]
    pub format: Option<Format>,
    /// Write to this file (replaced atomically) instead of standard output.
    #[arg(long, short, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Include off-the-record contributions (marked as such).
    #[arg(long)]
    pub include_hidden: bool,
    /// Include who said what, where the session recorded it.
    #[arg(long)]
    pub with_authors: bool,
    /// Label each answer with its group (Markdown and HTML; CSV and JSON always carry it).
    #[arg(long)]
    pub by_group: bool,
    /// JSON: leave out the earlier versions of edited contributions.
    #[arg(long)]
    pub without_history: bool,
}

fn parse_format(s: &str) -> Result<Format, String> {
    Format::from_name(s)
        .ok_or_else(|| format!("\"{s}\" is not a format: use md, html, csv or json"))
}

pub fn run(args: Args) -> Result<(), CliError> {
    let path = session_path(&args.session);
    let to_file = args.output.as_deref().filter(|o| *o != Path::new("-"));
    let format = match (args.format, to_file) {
        (Some(f), _) => f,
        (None, Some(out)) => Format::from_path(out).ok_or_else(|| {
            CliError::input(format!(
                "{}: cannot tell the format from this name: give --format md, html, csv or json",
                out.display()
            ))
        })?,
        (None, None) => {
            return Err(CliError::input(
                "give --format md, html, csv or json (or -o FILE with one of those extensions)",
            ));
        }
    };
    if let Some(out) = to_file {
        check_output(&path, out)?;
    }
    let (session, report) = read_session(&path)?;
    if let Some(notice) = report.notice(&path.with_extension("journal")) {
        super::warn(&notice);
    }
    let options = Options {
        include_hidden: args.include_hidden,
        with_authors: args.with_authors,
        by_group: args.by_group,
        without_history: args.without_history,
    };
    let bytes = export(&session, format, &options)
        .map_err(|e| CliError::other(format!("{}: {e}", path.display())))?;
    let left_out = hidden_left_out(&session, &options);
    match to_file {
        Some(out) => {
            write_atomic(out, &bytes)?;
            let shown = session.contributions().len() - left_out;
            super::print_out(&format!(
                "{}: {} written\n",
                out.display(),
                plural(shown, "contribution")
            ))?;
        }
        None => {
            // A file format for scripts and redirection; on a terminal, made safe to look at.
            if std::io::stdout().is_terminal() {
                super::print_out(&String::from_utf8_lossy(&bytes))?;
            } else {
                super::print_raw(&bytes)?;
            }
        }
    }
    if left_out > 0 {
        super::warn(&format!(
            "{} off the record left out (add --include-hidden to include them)",
            plural(left_out, "contribution")
        ));
    }
    Ok(())
}

/// Refuses an output that is a directory or one of the session's own files.
fn check_output(session: &Path, out: &Path) -> Result<(), CliError> {
    if out.is_dir() {
        return Err(CliError::input(format!(
            "{}: is a directory: give a file name for the export",
            out.display()
        )));
    }
    let same = |a: &Path, b: &Path| match (a.canonicalize(), b.canonicalize()) {
        (Ok(a), Ok(b)) => a == b,
        _ => false,
    };
    for own in [session.to_owned(), session.with_extension("journal")] {
        if same(&own, out) {
            return Err(CliError::input(format!(
                "{}: this is the session's own file; the export would replace it: choose another name",
                out.display()
            )));
        }
    }
    Ok(())
}
