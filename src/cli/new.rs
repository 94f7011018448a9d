use std::path::{Path, PathBuf};

use hearth::model::text::is_valid_name;
use hearth::model::{Mode, Session};
use hearth::store::{create_session, load_scenario};

use super::{CliError, SCENARIOS_DIR, SESSIONS_DIR};

/// Start a session from a scenario (workshop plan); prints the new session file's path.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// A scenario file, or the name of one in scenarios/ (e.g. `dreaming-together`).
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
    /// Where session files go.
    #[arg(long, default_value = SESSIONS_DIR)]
    pub dir: PathBuf,
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

/// A scenario from a path, or from its name in `scenarios/`.
pub fn scenario_path(arg: &Path) -> PathBuf {
    if arg.exists() || arg.extension().is_some() || arg.components().count() > 1 {
        return arg.to_owned();
    }
    Path::new(SCENARIOS_DIR).join(arg).with_extension("json")
}

pub fn parse_groups(list: &str) -> Result<Vec<String>, CliError> {
    let mut groups: Vec<String> = Vec::new();
    for name in list.split(',').map(str::trim).filter(|n| !n.is_empty()) {
        if !is_valid_name(name) {
            return Err(CliError::input(format!(
                "\"{name}\" cannot be a group name: at most 200 bytes, no control characters"
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
    let scenario = load_scenario(&scenario_path(&args.scenario))?;
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
    let problems = session.prepare();
    if let Some(p) = problems.first() {
        return Err(CliError::input(p.to_string()));
    }
    let path = create_session(&args.dir, &session)?;
    super::print_out(&format!("{}\n", path.display()))?;
    Ok(())
}
