use std::path::{Path, PathBuf};

use hearth::model::text::{is_valid_name, printable};
use hearth::model::{Mode, Session};
use hearth::store::create_session;
use hearth::store::folders::Folders;
use hearth::store::plans::{PlanSource, find_plan};

use super::{CliError, names_a_file};

/// `--help` examples; tests/cli_examples.rs runs every one.
const EXAMPLES: &str = "Examples:
  hearth new role-clarity --title \"Team roles\" --groups \"Table 1,Table 2\"
  hearth new visions-2030 --date 2027-05-06 --mode hybrid --event \"PeerWorks Annual Conference\"
  hearth new dreaming-together --title \"Dreaming together\" --attribution";

/// Start a session from a scenario (workshop plan); prints the new session file's path.
#[derive(Debug, clap::Args)]
#[command(after_help = EXAMPLES)]
pub struct Args {
    /// A scenario file, or a plan's name (e.g. `dreaming-together`): one of yours in the
    /// scenarios folder, else one built into hearth (`hearth list` shows them).
    pub scenario: PathBuf,
    /// Session title [default: the scenario's title].
    #[arg(long)]
    pub title: Option<String>,
    /// Date of the workshop, YYYY-MM-DD [default: today].
    #[arg(long, value_parser = parse_date)]
    pub date: Option<jiff::civil::Date>,
    /// Group names, separated by commas [default: the scenario's suggested groups].
    #[arg(long, value_name = "\"Table 1,Table 2\"")]
    pub groups: Option<String>,
    /// Where session files go [default: the sessions folder, see `hearth where`].
    #[arg(long)]
    pub dir: Option<PathBuf>,
    /// How the workshop meets.
    #[arg(long, value_enum, default_value_t = ModeArg::InPerson)]
    pub mode: ModeArg,
    /// The event it is part of (e.g. "PeerWorks Annual Conference").
    #[arg(long)]
    pub event: Option<String>,
    /// A facilitator's name; repeat for several.
    #[arg(long = "facilitator", value_name = "NAME")]
    pub facilitators: Vec<String>,
    /// The facilitators' own notes (kept in the session, not in write-ups).
    #[arg(long)]
    pub notes: Option<String>,
    /// An introduction: what the write-ups open with, verbatim.
    #[arg(long)]
    pub introduction: Option<String>,
    /// Let contributions carry their author's name (off unless turned on here).
    #[arg(long)]
    pub attribution: bool,
}

#[derive(Debug, Clone, Copy, clap::ValueEnum)]
pub enum ModeArg {
    InPerson,
    Online,
    Hybrid,
}

pub fn parse_date(s: &str) -> Result<jiff::civil::Date, String> {
    s.parse::<jiff::civil::Date>()
        .map_err(|_| format!("\"{s}\" is not a date: write it as YYYY-MM-DD, e.g. 2026-05-09"))
}

/// A plan from a path, or from its name: in the scenarios folder, else built in.
pub fn plan_source(arg: &Path, folders: &Folders) -> Result<PlanSource, CliError> {
    if names_a_file(arg) {
        return Ok(PlanSource::File(arg.to_owned()));
    }
    let name = arg.to_string_lossy();
    find_plan(&folders.scenarios, &name).ok_or_else(|| {
        CliError::input(format!(
            "no workshop plan is called \"{name}\": none in {}, and none built in; `hearth list` shows the plans",
            folders.scenarios.display()
        ))
    })
}

pub fn parse_groups(list: &str) -> Result<Vec<String>, CliError> {
    let mut groups: Vec<String> = Vec::new();
    for name in list.split(',').map(str::trim).filter(|n| !n.is_empty()) {
        if !is_valid_name(name) {
            return Err(CliError::input(format!(
                "\"{}\" cannot be a group name: at most 200 bytes, one line without control characters",
                printable(name)
            )));
        }
        if groups.iter().any(|g| g == name) {
            return Err(CliError::input(format!(
                "the group \"{name}\" is listed twice"
            )));
        }
        groups.push(name.to_owned());
    }
    Ok(groups)
}

pub fn run(args: Args) -> Result<(), CliError> {
    let folders = Folders::find();
    let scenario = plan_source(&args.scenario, &folders)?.load()?;
    let groups = match &args.groups {
        Some(list) => parse_groups(list)?,
        None => scenario.suggested_groups.clone(),
    };
    let title = args.title.unwrap_or_else(|| scenario.title.clone());
    if title.trim().is_empty() {
        return Err(CliError::input("--title must not be empty"));
    }
    let date = args.date.unwrap_or_else(|| jiff::Zoned::now().date());
    let mut session = Session::new(scenario, title, Some(date), groups);
    session.mode = match args.mode {
        ModeArg::InPerson => Mode::InPerson,
        ModeArg::Online => Mode::Online,
        ModeArg::Hybrid => Mode::Hybrid,
    };
    session.event = args.event.unwrap_or_default();
    session.facilitators = args.facilitators;
    session.notes = args
        .notes
        .map(|n| hearth::model::text::normalize_newlines(&n))
        .unwrap_or_default();
    session.introduction = args
        .introduction
        .map(|n| hearth::model::text::normalize_newlines(&n))
        .unwrap_or_default();
    session.attribution = args.attribution;
    let mut problems = session.typed_problems();
    problems.extend(session.prepare());
    if let Some(p) = problems.first() {
        return Err(CliError::input(p.to_string()));
    }
    let path = create_session(args.dir.as_ref().unwrap_or(&folders.sessions), &session)?;
    super::print_out(&format!("{}\n", path.display()))?;
    Ok(())
}
