use std::path::{Path, PathBuf};

use hearth::store::{load_scenario, read_session};

use super::{CliError, SCENARIOS_DIR, SESSIONS_DIR, plural};

/// List the scenarios (workshop plans) and sessions found.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Where to look for sessions.
    #[arg(long, default_value = SESSIONS_DIR)]
    pub dir: PathBuf,
    /// Where to look for scenarios.
    #[arg(long, default_value = SCENARIOS_DIR)]
    pub scenarios: PathBuf,
}

fn json_files(dir: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .map(|entries| {
            entries
                .filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|p| {
                    p.extension().is_some_and(|e| e == "json")
                        && p.is_file()
                        && !hearth::store::is_series_file(p)
                })
                .collect()
        })
        .unwrap_or_default();
    files.sort();
    files
}

pub fn run(args: Args) -> Result<(), CliError> {
    super::print_out(&listing(&args))
}

fn listing(args: &Args) -> String {
    let mut out = format!("Scenarios in {}:\n", args.scenarios.display());
    let scenarios = json_files(&args.scenarios);
    if scenarios.is_empty() {
        out.push_str("  (none)\n");
    }
    for path in scenarios {
        out.push_str(&match load_scenario(&path) {
            Ok(s) => format!(
                "  {:<24} {} ({})\n",
                stem(&path),
                s.title,
                plural(s.agenda.len(), "exercise")
            ),
            Err(e) => format!("  {:<24} cannot be read: {e}\n", stem(&path)),
        });
    }
    out.push_str(&format!("\nSessions in {}:\n", args.dir.display()));
    let mut sessions: Vec<(String, String)> = json_files(&args.dir)
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
                    plural(s.contributions().len(), "contribution")
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
        out.push_str("  (none)\n");
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

/// What `hearth` alone prints: the plans and sessions here, and how to begin.
pub fn overview() -> Result<(), CliError> {
    let mut out = String::from("hearth: facilitated group workshops, captured verbatim.\n\n");
    out.push_str(&listing(&Args {
        dir: SESSIONS_DIR.into(),
        scenarios: SCENARIOS_DIR.into(),
    }));
    out.push_str(
        "\nTo begin:\n  hearth new dreaming-together --groups \"Table 1,Table 2\"   start a session from a plan\n  hearth add SESSION --exercise pathways --slot q4 --group \"Table 1\" --text \"...\"\n  hearth show SESSION                                       everything captured so far\n  hearth --help                                             every command\n",
    );
    super::print_out(&out)
}
