use std::path::{Path, PathBuf};

use hearth::model::text::{MAX_PLAN_STRING_BYTES, normalize_newlines};
use hearth::model::{Change, Mode};
use hearth::store::SessionStore;
use hearth::store::files::read_file;
use hearth::store::locate::position_of;

use super::new::{ModeArg, parse_date};
use super::{CliError, session_path};

/// Set a session's details: date, mode, event, facilitators, notes and the introduction its
/// write-ups open with.
///
/// Only what is given changes. Texts are kept exactly as given (line endings made LF). The change
/// is journaled like any other (in the terminal app, d edits the same details). The notes are
/// the facilitators' own and are not written up; the introduction is.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The session file, or its name in the sessions folder (see `hearth where`).
    pub session: PathBuf,
    /// Date of the workshop, YYYY-MM-DD.
    #[arg(long, value_parser = parse_date, conflicts_with = "no_date")]
    pub date: Option<jiff::civil::Date>,
    /// Remove the date.
    #[arg(long)]
    pub no_date: bool,
    /// How the workshop met.
    #[arg(long, value_enum)]
    pub mode: Option<ModeArg>,
    /// The event it was part of ("" to remove it).
    #[arg(long)]
    pub event: Option<String>,
    /// A facilitator's name; repeat for several (replaces the list).
    #[arg(
        long = "facilitator",
        value_name = "NAME",
        conflicts_with = "no_facilitators"
    )]
    pub facilitators: Vec<String>,
    /// Remove every facilitator.
    #[arg(long)]
    pub no_facilitators: bool,
    /// The facilitators' own notes ("" to remove them).
    #[arg(long, conflicts_with = "notes_file")]
    pub notes: Option<String>,
    /// The notes, from a UTF-8 text file.
    #[arg(long, value_name = "FILE")]
    pub notes_file: Option<PathBuf>,
    /// The introduction ("" to remove it).
    #[arg(long, conflicts_with = "introduction_file")]
    pub introduction: Option<String>,
    /// The introduction, from a UTF-8 text or Markdown file.
    #[arg(long, value_name = "FILE")]
    pub introduction_file: Option<PathBuf>,
}

fn text_file(path: &Path, what: &'static str) -> Result<String, CliError> {
    let bytes = read_file(path, MAX_PLAN_STRING_BYTES as u64, what)?;
    let text = String::from_utf8(bytes).map_err(|e| {
        let at = position_of(e.as_bytes(), e.utf8_error().valid_up_to());
        CliError::input(format!(
            "{}:{}:{}: not valid UTF-8: save it as UTF-8 and try again",
            path.display(),
            at.line,
            at.column
        ))
    })?;
    Ok(normalize_newlines(
        text.strip_prefix('\u{feff}').unwrap_or(&text),
    ))
}

pub fn run(args: Args) -> Result<(), CliError> {
    let path = session_path(&args.session);
    let notes = match (&args.notes, &args.notes_file) {
        (Some(n), _) => Some(normalize_newlines(n)),
        (None, Some(f)) => Some(text_file(f, "notes (a UTF-8 text file)")?),
        (None, None) => None,
    };
    let introduction = match (&args.introduction, &args.introduction_file) {
        (Some(n), _) => Some(normalize_newlines(n)),
        (None, Some(f)) => Some(text_file(f, "an introduction (a UTF-8 text file)")?),
        (None, None) => None,
    };
    let (mut store, report) = SessionStore::open(&path)?;
    for notice in report.notices(&store.paths().journal) {
        super::warn(&notice);
    }
    let before = store.session().details();
    let mut details = before.clone();
    if args.no_date {
        details.date = None;
    } else if let Some(d) = args.date {
        details.date = Some(d);
    }
    if let Some(m) = args.mode {
        details.mode = match m {
            ModeArg::InPerson => Mode::InPerson,
            ModeArg::Online => Mode::Online,
            ModeArg::Hybrid => Mode::Hybrid,
        };
    }
    if let Some(e) = &args.event {
        details.event = normalize_newlines(e);
    }
    if args.no_facilitators {
        details.facilitators.clear();
    } else if !args.facilitators.is_empty() {
        details.facilitators = args.facilitators.clone();
    }
    if let Some(n) = notes {
        details.notes = n;
    }
    if let Some(i) = introduction {
        details.introduction = i;
    }
    if details == before {
        return Err(CliError::input(
            "nothing to change: give --date, --mode, --event, --facilitator, --notes or --introduction (with a value that differs)",
        ));
    }
    if let Some(p) = details.typed_problems(Some(&before)).first() {
        return Err(CliError::input(format!("{}: {p}", path.display())));
    }
    store.apply(Change::SetDetails { details })?;
    super::close_saved(|| store.close());
    Ok(())
}
