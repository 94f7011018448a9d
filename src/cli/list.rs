use std::path::{Path, PathBuf};

use hearth::store::folders::Folders;
use hearth::store::plans::{PlanSource, plans, session_files};
use hearth::store::read_session;

use super::{CliError, plural};

/// `--help` examples; tests/cli_examples.rs runs every one.
const EXAMPLES: &str = "Examples:
  hearth list
  hearth list --dir sessions";

/// List the workshop plans (your own and the built-in ones) and the sessions
#[derive(Debug, clap::Args)]
#[command(after_help = EXAMPLES)]
pub struct Args {
    /// Where to look for sessions [default: the sessions folder, see `hearth where`].
    #[arg(long)]
    pub dir: Option<PathBuf>,
    /// Where to look for your own plans [default: the scenarios folder, see `hearth where`].
    #[arg(long)]
    pub scenarios: Option<PathBuf>,
    /// Only the sessions' names, one a line (for shell completion).
    #[arg(long, hide = true)]
    pub session_names: bool,
    /// Only the plans' names, one a line (for shell completion).
    #[arg(long, hide = true)]
    pub plan_names: bool,
    /// Only the series' names, one a line (for shell completion).
    #[arg(long, hide = true)]
    pub series_names: bool,
}

pub fn run(args: Args) -> Result<(), CliError> {
    let folders = Folders::find();
    let sessions = args.dir.unwrap_or_else(|| folders.sessions.clone());
    if args.session_names {
        let names: String = session_files(&sessions)
            .iter()
            .map(|path| format!("{}\n", stem(path)))
            .collect();
        return super::print_out(&names);
    }
    let scenarios = args.scenarios.unwrap_or_else(|| folders.scenarios.clone());
    if args.plan_names {
        let names: String = plans(&scenarios)
            .iter()
            .map(|plan| format!("{}\n", plan.name()))
            .collect();
        return super::print_out(&names);
    }
    if args.series_names {
        let names: String = hearth::store::series::series_files(&sessions)
            .iter()
            .map(|path| {
                let name = stem(path);
                format!("{}\n", name.strip_suffix(".series").unwrap_or(&name))
            })
            .collect();
        return super::print_out(&names);
    }
    super::print_out(&listing(&scenarios, &sessions))
}

fn listing(scenarios: &Path, sessions_dir: &Path) -> String {
    let mut out = format!(
        "Workshop plans (built in, and yours in {}):\n",
        scenarios.display()
    );
    for plan in plans(scenarios) {
        let from = match &plan {
            PlanSource::BuiltIn(_) => "built in".to_owned(),
            PlanSource::File(path) => path.display().to_string(),
        };
        out.push_str(&match plan.load() {
            Ok(s) => format!(
                "  {:<24} {} ({}) · {from}\n",
                plan.name(),
                s.title,
                plural(s.agenda.len(), "exercise")
            ),
            Err(e) => format!("  {:<24} cannot be read: {e}\n", plan.name()),
        });
    }
    out.push_str(&format!("\nSessions in {}:\n", sessions_dir.display()));
    let mut sessions: Vec<(String, String)> = session_files(sessions_dir)
        .into_iter()
        .map(|path| match read_session(&path) {
            Ok((s, _)) => (
                s.date.map(|d| d.to_string()).unwrap_or_default(),
                format!(
                    "  {:<36} {}  {} · {}",
                    stem(&path),
                    s.date
                        .map(|d| d.to_string())
                        .unwrap_or_else(|| "no date   ".into()),
                    s.title,
                    // A withdrawn answer is not counted.
                    plural(s.answers_held(), "contribution")
                ),
            ),
            Err(e) => (
                String::new(),
                format!("  {:<36} cannot be read: {e}", stem(&path)),
            ),
        })
        .collect();
    // Newest first.
    sessions.sort_by(|a, b| b.0.cmp(&a.0));
    if sessions.is_empty() {
        out.push_str("  (none yet)\n");
    }
    for (_, line) in sessions {
        out.push_str(&line);
        out.push('\n');
    }
    out
}

fn stem(path: &Path) -> String {
    path.file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default()
}

/// What `hearth` alone prints: the plans and sessions, where they are, and how to begin.
pub fn overview() -> Result<(), CliError> {
    let folders = Folders::find();
    let mut out = String::from("hearth: facilitated group workshops, captured verbatim.\n\n");
    out.push_str(&listing(&folders.scenarios, &folders.sessions));
    out.push_str(&format!(
        "\nThese folders: {} (`hearth where` says more).\n",
        folders.why()
    ));
    out.push_str(
        "\nTo begin:\n  hearth new dreaming-together --groups \"Table 1,Table 2\"   start a session from a plan\n  hearth add SESSION --exercise pathways --slot q4 --group \"Table 1\" --text \"...\"\n  hearth show SESSION                                       everything captured so far\n  hearth --help                                             every command\n",
    );
    super::print_out(&out)
}
