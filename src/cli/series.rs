//! `hearth series`: group sessions run in order (a webinar series, a book club) and write them
//! up as one post.

use std::path::{Path, PathBuf};

use hearth::model::Session;
use hearth::model::series::{Series, next_session, resume_at};
use hearth::store::series::{SERIES_SUFFIX, series_files, session_file};
use hearth::store::{add_session, create_series, load_series, read_session, start_next_session};

use hearth::store::folders::Folders;

use super::{CliError, plural, session_path};

/// `--help` examples; tests/cli_examples.rs runs every one.
const EXAMPLES: &str = "Examples:\n  hearth series new \"Peer support webinars 2027\"\n  hearth series next peer-support-webinars --date 2027-04-09\n  hearth series export peer-support-webinars -o peer-support-webinars.md";

const EXPORT_EXAMPLES: &str = "Examples:\n  hearth series export peer-support-webinars -o peer-support-webinars.md\n  hearth series export peer-support-webinars --format html --with-plan -o webinars.html";

/// Group sessions into a series (a webinar series, a book club): sessions of one plan or
/// several, in order, written up as one post with `hearth series export`.
///
/// A series is a file `<slug>.series.json` in the sessions folder; it names its sessions'
/// files and holds no answers itself.
#[derive(Debug, clap::Args)]
#[command(after_help = EXAMPLES)]
pub struct Args {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, clap::Subcommand)]
pub enum Command {
    New(NewArgs),
    Add(AddArgs),
    Next(NextArgs),
    List(ListArgs),
    Show(ShowArgs),
    #[command(after_help = EXPORT_EXAMPLES)]
    Export(super::export::Args),
}

/// Start a series; prints the new series file's path.
#[derive(Debug, clap::Args)]
#[command(
    after_help = "Examples:\n  hearth series new \"Book club 2027\" --description \"Monthly readings on peer support.\""
)]
pub struct NewArgs {
    pub title: String,
    /// What the series' write-up opens with, verbatim.
    #[arg(long)]
    pub description: Option<String>,
    /// Where the series file goes, beside its sessions [default: the sessions folder, see
    /// `hearth where`].
    #[arg(long)]
    pub dir: Option<PathBuf>,
}

/// Add a session to the end of a series.
#[derive(Debug, clap::Args)]
#[command(
    after_help = "Examples:\n  hearth series add peer-support-webinars 2027-03-12-team-roles"
)]
pub struct AddArgs {
    /// The series file (or its name in sessions/).
    pub series: PathBuf,
    /// The session file (or its name in sessions/).
    pub session: PathBuf,
}

/// Start the next session of a series: a new session beside the series, carrying forward the
/// last session's groups, facilitators, event and mode, added to the series; prints its path.
#[derive(Debug, clap::Args)]
#[command(
    after_help = "Examples:\n  hearth series next peer-support-webinars --title \"Webinar two\" --date 2027-04-09"
)]
pub struct NextArgs {
    /// The series file (or its name in sessions/).
    pub series: PathBuf,
    /// The plan to run [default: the last session's plan].
    #[arg(long)]
    pub scenario: Option<PathBuf>,
    /// Session title [default: the plan's title].
    #[arg(long)]
    pub title: Option<String>,
    /// Date of the session, YYYY-MM-DD [default: today].
    #[arg(long, value_parser = super::new::parse_date)]
    pub date: Option<jiff::civil::Date>,
}

/// List the series in the sessions folder.
#[derive(Debug, clap::Args)]
#[command(after_help = "Examples:\n  hearth series list")]
pub struct ListArgs {
    /// Where to look [default: the sessions folder, see `hearth where`].
    #[arg(long)]
    pub dir: Option<PathBuf>,
}

/// Show a series: its description and its sessions in order.
#[derive(Debug, clap::Args)]
#[command(after_help = "Examples:\n  hearth series show peer-support-webinars")]
pub struct ShowArgs {
    /// The series file (or its name in sessions/).
    pub series: PathBuf,
}

/// A series from a path, or from its bare name: `NAME.series.json` in the sessions folder (a
/// bare name found nowhere is the path it was looked for at, so the error says where that was).
pub fn series_path(arg: &Path) -> PathBuf {
    if hearth::store::is_series_file(arg) || arg.components().count() > 1 || arg.is_file() {
        return arg.to_owned();
    }
    let mut name = arg.as_os_str().to_owned();
    name.push(SERIES_SUFFIX);
    Folders::find().sessions.join(name)
}

pub fn run(args: Args) -> Result<(), CliError> {
    match args.command {
        Command::New(a) => {
            let series = Series::new(
                a.title,
                a.description
                    .map(|d| hearth::model::text::normalize_newlines(&d))
                    .unwrap_or_default(),
            );
            if let Some(p) = series.problems().first() {
                return Err(CliError::input(p.to_string()));
            }
            let dir = a.dir.clone().unwrap_or_else(|| Folders::find().sessions);
            let path = create_series(&dir, &series)?;
            super::print_out(&format!("{}\n", path.display()))
        }
        Command::Add(a) => {
            let path = series_path(&a.series);
            let series = add_session(&path, &session_path(&a.session))?;
            super::print_out(&format!(
                "{}: {} in the series\n",
                path.display(),
                plural(series.sessions.len(), "session")
            ))
        }
        Command::Next(a) => next(a),
        Command::List(a) => {
            let dir = a.dir.clone().unwrap_or_else(|| Folders::find().sessions);
            let files = series_files(&dir);
            let mut out = format!("Series in {}:\n", dir.display());
            if files.is_empty() {
                out.push_str("  (none)\n");
            }
            for path in files {
                let name = path
                    .file_name()
                    .and_then(|n| n.to_str())
                    .and_then(|n| n.strip_suffix(SERIES_SUFFIX))
                    .unwrap_or_default()
                    .to_owned();
                out.push_str(&match load_series(&path) {
                    Ok(s) => format!(
                        "  {name:<36} {} ({})\n",
                        s.title,
                        plural(s.sessions.len(), "session")
                    ),
                    Err(e) => format!("  {name:<36} cannot be read: {e}\n"),
                });
            }
            super::print_out(&out)
        }
        Command::Show(a) => {
            let path = series_path(&a.series);
            let series = load_series(&path)?;
            let mut out = format!("{}\n", series.title);
            if !series.description.is_empty() {
                out.push_str(&format!("\n{}\n", series.description));
            }
            out.push('\n');
            if series.sessions.is_empty() {
                out.push_str(
                    "No sessions yet: add one with `hearth series add` or `hearth series next`.\n",
                );
            }
            for (n, entry) in series.sessions.iter().enumerate() {
                let file = session_file(&path, &entry.file);
                let date = entry
                    .date
                    .map(|d| d.to_string())
                    .unwrap_or_else(|| "no date   ".into());
                out.push_str(&match read_session(&file) {
                    Ok((s, _)) => format!(
                        "  {}. {date}  {} · {} ({})\n",
                        n + 1,
                        s.title,
                        plural(s.answers_held(), "contribution"),
                        entry.file
                    ),
                    Err(e) => format!("  {}. {date}  cannot be read: {e}\n", n + 1),
                });
            }
            super::print_out(&out)
        }
        Command::Export(mut a) => {
            a.session = series_path(&a.session);
            super::export::run(a)
        }
    }
}

fn next(a: NextArgs) -> Result<(), CliError> {
    let path = series_path(&a.series);
    let series = load_series(&path)?;
    let previous: Option<Session> = match series.sessions.last() {
        Some(entry) => Some(read_session(&session_file(&path, &entry.file))?.0),
        None => None,
    };
    let scenario = match (&a.scenario, &previous) {
        (Some(p), _) => super::new::plan_source(p, &Folders::find())?.load()?,
        (None, Some(prev)) => prev.scenario.clone(),
        (None, None) => {
            return Err(CliError::input(format!(
                "{}: the series has no session yet: give the plan with --scenario",
                path.display()
            )));
        }
    };
    let title = a.title.unwrap_or_else(|| scenario.title.clone());
    let date = Some(a.date.unwrap_or_else(|| jiff::Zoned::now().date()));
    let at = previous
        .as_ref()
        .and_then(|prev| resume_at(prev, &scenario));
    let session = match &previous {
        Some(prev) => next_session(prev, scenario, title, date),
        None => {
            let groups = scenario.suggested_groups.clone();
            Session::new(scenario, title, date, groups)
        }
    };
    let mut session = session;
    if let Some(p) = session.prepare().first() {
        return Err(CliError::input(p.to_string()));
    }
    let created = start_next_session(&path, &session, at.as_ref())?;
    super::print_out(&format!("{}\n", created.display()))
}
