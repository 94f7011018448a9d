use std::path::PathBuf;

use hearth::export::plan_outline::read_outline;
use hearth::model::text::printable;
use hearth::store::files::write_atomic;
use hearth::store::folders::Folders;
use hearth::store::plans::{BUILT_IN, PlanSource};
use hearth::tui::plan_editor::{Editor, Origin};
use hearth::tui::theme::Theme;

use super::CliError;

/// Workshop plans of your own, without writing JSON: build one in the plan editor, or make one
/// from a Markdown outline you already have.
#[derive(Debug, clap::Args)]
#[command(
    after_help = "Examples:\n  hearth plan new \"Team away day\"\n  hearth plan new \"Our futures day\" --from peer-support-futures\n  hearth plan edit role-clarity\n  hearth plan import outline.md --dry-run"
)]
pub struct Args {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, clap::Subcommand)]
pub enum Command {
    New(NewArgs),
    Edit(EditArgs),
    Import(ImportArgs),
}

/// A new plan in the plan editor: empty, or a copy of another plan (--from). Add exercises,
/// pick each one's kind from a list, type its questions, items, time box and instructions;
/// what still needs doing is said beside each part. Saved in your plans folder (see
/// `hearth where`). Needs a terminal.
#[derive(Debug, clap::Args)]
#[command(
    after_help = "Examples:\n  hearth plan new \"Team away day\"\n  hearth plan new \"Our futures day\" --from peer-support-futures"
)]
pub struct NewArgs {
    /// The plan's title.
    pub title: String,
    /// Start from a copy of this plan (a name from `hearth list`, or a file).
    #[arg(long, value_name = "PLAN")]
    pub from: Option<PathBuf>,
    /// Where the plan goes [default: your plans folder, see `hearth where`].
    #[arg(long)]
    pub dir: Option<PathBuf>,
}

/// Edit a plan in the plan editor. A plan built into hearth is never changed: you edit a copy
/// of your own, with its own name and a title that says it is a copy. Needs a terminal.
#[derive(Debug, clap::Args)]
#[command(after_help = "Examples:\n  hearth plan edit role-clarity")]
pub struct EditArgs {
    /// The plan: a name from `hearth list`, or a file.
    pub plan: PathBuf,
    /// Your plans folder [default: see `hearth where`].
    #[arg(long)]
    pub dir: Option<PathBuf>,
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
    /// Do not open the plan in the plan editor after saving it (it never opens when standard
    /// input or output is not a terminal).
    #[arg(long)]
    pub no_edit: bool,
}

pub fn run(args: Args) -> Result<(), CliError> {
    match args.command {
        Command::New(a) => new(a),
        Command::Edit(a) => edit(a),
        Command::Import(a) => import(a),
    }
}

fn folders(dir: Option<PathBuf>) -> Folders {
    let mut folders = Folders::find();
    if let Some(d) = dir {
        folders.scenarios = d;
    }
    folders
}

/// Whether the editor can run here: standard input and output are a terminal.
fn on_a_terminal() -> bool {
    use std::io::IsTerminal;
    std::io::stdin().is_terminal() && std::io::stdout().is_terminal()
}

fn needs_terminal() -> Result<(), CliError> {
    if on_a_terminal() {
        Ok(())
    } else {
        Err(CliError::input(
            "the plan editor needs a terminal (standard input and output); to make a plan without one, write an outline and use `hearth plan import`",
        ))
    }
}

fn new(args: NewArgs) -> Result<(), CliError> {
    let folders = folders(args.dir);
    let editor = match &args.from {
        None => Editor::new_plan(&args.title, &folders.scenarios),
        Some(from) => {
            let source = super::new::plan_source(from, &folders)?;
            let scenario = source.load()?;
            let mut e = Editor::open(&scenario, &source, &folders.scenarios);
            e.plan["title"] = serde_json::json!(args.title);
            let id = hearth::model::text::slugify(&args.title);
            if !id.is_empty() {
                e.plan["id"] = serde_json::json!(id);
            }
            if let Origin::File(_) = e.origin {
                // A copy of a plan of yours: a new file, never the one it was copied from.
                e.origin = Origin::New;
                e.target = None;
                e.saved = None;
            }
            e.check();
            e
        }
    };
    needs_terminal()?;
    open_editor(editor, "Not saved.\n")
}

fn edit(args: EditArgs) -> Result<(), CliError> {
    let folders = folders(args.dir);
    let source = super::new::plan_source(&args.plan, &folders)?;
    let scenario = source.load()?;
    needs_terminal()?;
    open_editor(
        Editor::open(&scenario, &source, &folders.scenarios),
        "No changes saved.\n",
    )
}

/// Runs the editor; says where the plan was saved, or `unsaved` when it was not.
fn open_editor(editor: Editor, unsaved: &str) -> Result<(), CliError> {
    let keymap = match hearth::store::folders::keys_file() {
        Some(path) => hearth::tui::keymap::Keymap::load(&path).0,
        None => hearth::tui::keymap::Keymap::default(),
    };
    let saved = hearth::tui::plan_editor::run(editor, &keymap, Theme::from_env())?;
    match saved {
        Some(path) => {
            let id = path
                .file_stem()
                .map(|s| s.to_string_lossy().into_owned())
                .unwrap_or_default();
            super::print_out(&format!(
                "Saved as {}. Start a session from it: hearth new {id}\n",
                path.display()
            ))
        }
        None => super::print_out(unsaved),
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
    hearth::platform::create_owner_only_dir_all(&dir).map_err(|e| {
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
    if args.no_edit || !on_a_terminal() {
        return super::print_out(&out);
    }
    // On a terminal, the plan opens in the editor, to check and finish it.
    super::print_out(&out)?;
    let editor = Editor::open(&scenario, &PlanSource::File(path), &dir);
    open_editor(editor, "")
}
