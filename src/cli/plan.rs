use std::path::PathBuf;

use hearth::export::plan_outline::read_outline;
use hearth::model::text::printable;
use hearth::store::files::write_atomic;
use hearth::store::folders::Folders;
use hearth::store::plans::BUILT_IN;

use super::CliError;

/// Workshop plans of your own, without writing JSON.
#[derive(Debug, clap::Args)]
#[command(after_help = "Examples:\n  hearth plan import outline.md --dry-run")]
pub struct Args {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, clap::Subcommand)]
pub enum Command {
    Import(ImportArgs),
}

/// Make a plan from a Markdown outline you already have: a `# Title`, then a `## heading` per
/// exercise with its time box ("## Consciousness raising (10 min)"), its kind in plain words
/// ("Kind: prompt round"; else guessed from the heading), numbered questions, bullet items,
/// and lines such as "Topic:", "Focal question:", "Horizon:", "X axis: Name (low ↔ high)",
/// "Situation:", "Question:". Says what it understood and which lines it did not use, then
/// saves the plan in your plans folder (see `hearth where`) under a name of its own: it never
/// replaces a plan of yours (unless --force) and never takes a built-in plan's name.
#[derive(Debug, clap::Args)]
#[command(
    after_help = "Examples:\n  hearth plan import outline.md --dry-run\n  hearth plan import outline.md && hearth new futures-of-peer-support"
)]
pub struct ImportArgs {
    /// The outline (Markdown or plain text).
    pub file: PathBuf,
    /// Say what was understood and print the plan, without saving it.
    #[arg(long)]
    pub dry_run: bool,
    /// Where the plan goes [default: your plans folder, see `hearth where`].
    #[arg(long)]
    pub dir: Option<PathBuf>,
    /// Replace a plan of yours with the same name.
    #[arg(long)]
    pub force: bool,
}

pub fn run(args: Args) -> Result<(), CliError> {
    match args.command {
        Command::Import(a) => import(a),
    }
}

fn import(args: ImportArgs) -> Result<(), CliError> {
    let bytes = hearth::store::files::read_file(&args.file, 4 * 1024 * 1024, "a Markdown outline")?;
    let text = String::from_utf8(bytes).map_err(|_| {
        CliError::input(format!(
            "{}: not UTF-8 text: save the outline as UTF-8",
            args.file.display()
        ))
    })?;
    let stem = args
        .file
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    let outline = read_outline(&text, &stem)
        .map_err(|e| CliError::input(format!("{}: {e}", args.file.display())))?;
    let mut scenario = outline.scenario;
    let dir = args.dir.unwrap_or_else(|| Folders::find().scenarios);
    // A name of its own: never a built-in plan's (it would stand in for it), never a plan of
    // yours unless --force.
    let base = scenario.id.clone();
    let mut n = 2;
    let taken = |id: &str| -> bool {
        BUILT_IN.iter().any(|(name, _)| *name == id)
            || (!args.force && dir.join(format!("{id}.json")).exists())
    };
    while taken(&scenario.id) {
        scenario.id = format!("{base}-{n}");
        n += 1;
    }
    let mut out = format!(
        "{} as the plan “{}” ({}):\n",
        args.file.display(),
        printable(&scenario.title),
        scenario.id
    );
    for line in &outline.understood {
        out.push_str(&format!("  {}\n", printable(line)));
    }
    if !outline.unread.is_empty() {
        out.push_str("Not used (edit the outline or the plan to keep them):\n");
        for (line, text) in &outline.unread {
            out.push_str(&format!("  line {line}: {}\n", printable(text)));
        }
    }
    let json = serde_json::to_string_pretty(&scenario)
        .map_err(|e| CliError::other(format!("cannot write the plan: {e}")))?;
    if args.dry_run {
        out.push_str("Not saved (--dry-run). The plan:\n");
        out.push_str(&printable(&json));
        out.push('\n');
        return super::print_out(&out);
    }
    std::fs::create_dir_all(&dir).map_err(|e| {
        CliError::other(format!(
            "{}: cannot make the plans folder: {e}",
            dir.display()
        ))
    })?;
    let path = dir.join(format!("{}.json", scenario.id));
    write_atomic(&path, format!("{json}\n").as_bytes())?;
    out.push_str(&format!(
        "Saved as {}. Start a session from it: hearth new {}\n",
        path.display(),
        scenario.id
    ));
    super::print_out(&out)
}
