use std::io::IsTerminal;
use std::path::{Path, PathBuf};

use hearth::export::{Format, MarkdownFigures, Merge, Options, export, hidden_left_out};
use hearth::store::files::{write_atomic, write_output};
use hearth::store::series::session_file;
use hearth::store::{load_series, read_session};

use super::clipboard::{CopyTo, Payload};
use super::{CliError, plural, session_path};

/// `--help` examples; tests/cli_examples.rs runs every one.
const EXAMPLES: &str = "Examples:
  hearth export 2027-03-12-team-roles -o team-roles.md
  hearth export 2027-03-12-team-roles --fragment --by-group -o team-roles.html
  hearth export 2027-03-12-team-roles --format csv > team-roles.csv";

/// Write a session (or a series, SERIES.series.json) up as Markdown, HTML, plain text, CSV or
/// JSON.
///
/// md: a blog-ready write-up that every common Markdown renderer reads the same. html: one
/// self-contained page with figures, to read or print to PDF (--fragment: the write-up alone, to
/// paste into a blog's HTML block). txt: plain text. csv: one row per contribution, for a
/// spreadsheet. json: the whole session.
///
/// Every answer appears exactly as typed, and only what the room said is shown as said: the
/// plan's instructions and prompts appear only with --with-plan, in their own "About this
/// workshop" part. Questions nobody answered and exercises with nothing said are left out
/// unless --include-empty. Off-the-record contributions are left out unless --include-hidden; authors
/// are left out unless --with-authors. Reads without locking, so it works while the session is
/// open in another hearth. In CSV, a cell starting with = + - @ gets a leading ' so spreadsheets
/// do not run it as a formula (see docs/export.md).
///
/// A series is written up as one post: its description, then a part per session in order,
/// each with that session's exercises (those with nothing to show left out, as in a
/// session's own write-up, unless --include-empty); CSV adds the part
/// and date to each row, JSON nests each session's own export.
#[derive(Debug, clap::Args)]
#[command(after_help = EXAMPLES)]
pub struct Args {
    /// The session file, or its name in the sessions folder (see `hearth where`), or a series
    /// file (NAME.series.json).
    pub session: PathBuf,
    /// The write-up's format [default: from the extension of -o].
    #[arg(long, short, value_enum, ignore_case = true)]
    pub format: Option<FormatName>,
    /// Write to this file instead of standard output (`-`): a regular file is replaced
    /// atomically, a symlink's target is written (the link stays), and a FIFO, a terminal or
    /// `/dev/stdout` is written to, never replaced.
    #[arg(long, short, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Include off-the-record contributions (marked as such).
    #[arg(long)]
    pub include_hidden: bool,
    /// Write-ups: keep what nobody answered — questions with no answer, exercises with nothing
    /// said, every activity of a role-clarity grid (by default only what was said is shown).
    #[arg(long)]
    pub include_empty: bool,
    /// Include who said what, where the session recorded it.
    #[arg(long)]
    pub with_authors: bool,
    /// Label each answer with its group (Markdown and HTML; CSV and JSON always carry it).
    #[arg(long)]
    pub by_group: bool,
    /// JSON: leave out the earlier versions of edited contributions.
    #[arg(long)]
    pub without_history: bool,
    /// Write-ups: add "About this workshop" with the plan's instructions and prompts (kept
    /// apart from what the room said).
    #[arg(long)]
    pub with_plan: bool,
    /// HTML: only the write-up's <article>, to paste into a blog's HTML block (WordPress Custom
    /// HTML, Ghost HTML card); plain, in the blog's own typography, unless --styled.
    #[arg(long)]
    pub fragment: bool,
    /// HTML fragment: keep hearth's own look (its scoped stylesheet); by default the fragment
    /// has no stylesheet and takes the blog's fonts and colours.
    #[arg(long, requires = "fragment")]
    pub styled: bool,
    /// Also write the figures (Futures Triangle, scenario matrix, pathways) into DIR as SVG and
    /// PNG; Markdown and the HTML fragment link the PNGs (for blogs that strip inline SVG).
    #[arg(long, value_name = "DIR")]
    pub figures: Option<PathBuf>,
    /// Markdown: open with YAML front matter (title, date, tags, summary) for static-site
    /// generators; set tags and a summary with `hearth set --tag --summary`.
    #[arg(long)]
    pub front_matter: bool,
    /// Also put the write-up on the clipboard (Markdown when no --format or -o is given). Here,
    /// with no ssh in between: this machine's clipboard, as formatted text that rich editors
    /// (WordPress, Ghost, Medium, Substack) paste with its headings, lists and tables, and as
    /// that plain text. Over ssh or with no clipboard here: through the terminal (OSC 52, plain
    /// text; in tmux, needs `set -g set-clipboard on`). `--copy=system` or `--copy=terminal`
    /// chooses.
    #[arg(
        long,
        value_name = "WHERE",
        num_args = 0..=1,
        require_equals = true,
        default_missing_value = "auto",
        value_enum
    )]
    pub copy: Option<CopyTo>,
    /// Markdown: add the pathways as a Mermaid flowchart (for hosts that draw Mermaid).
    #[arg(long)]
    pub mermaid: bool,
    /// Pathway figures: draw every answer's chain on its own, sharing no step (by default,
    /// chains that begin with the same steps share them).
    #[arg(long)]
    pub separate_pathways: bool,
}

/// The names `--format` takes (clap lists them in `--help` and in its error).
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum FormatName {
    /// Markdown, for a blog or a repository.
    #[value(name = "md", alias = "markdown")]
    Markdown,
    /// A whole page, or with --fragment the part to paste into a blog.
    #[value(alias = "htm")]
    Html,
    /// Plain text.
    #[value(name = "txt", alias = "text")]
    Text,
    /// One row per answer, for a spreadsheet.
    Csv,
    /// The whole session, for scripts and merging.
    Json,
}

impl From<FormatName> for Format {
    fn from(name: FormatName) -> Format {
        match name {
            FormatName::Markdown => Format::Markdown,
            FormatName::Html => Format::Html,
            FormatName::Text => Format::Text,
            FormatName::Csv => Format::Csv,
            FormatName::Json => Format::Json,
        }
    }
}

pub fn run(args: Args) -> Result<(), CliError> {
    let path = session_path(&args.session);
    let to_file = args.output.as_deref().filter(|o| *o != Path::new("-"));
    let format = match (args.format.map(Format::from), to_file) {
        (Some(f), _) => f,
        (None, Some(out)) => Format::from_path(out).ok_or_else(|| {
            CliError::input(format!(
                "{}: cannot tell the format from this name: give --format md, html, txt, csv or json",
                out.display()
            ))
        })?,
        (None, None) if args.copy.is_some() => Format::Markdown,
        (None, None) => {
            return Err(CliError::input(
                "give --format md, html, txt, csv or json (or -o FILE with one of those extensions)",
            ));
        }
    };
    if let Some(out) = to_file {
        check_output(&path, out)?;
    }
    if args.fragment && format != Format::Html {
        return Err(CliError::input("--fragment is for HTML: add --format html"));
    }
    if args.front_matter && format != Format::Markdown {
        return Err(CliError::input(
            "--front-matter is for Markdown: add --format md",
        ));
    }
    if args.mermaid && format != Format::Markdown {
        return Err(CliError::input(
            "--mermaid is for Markdown: add --format md",
        ));
    }
    if let Some(dir) = &args.figures
        && dir.exists()
        && !dir.is_dir()
    {
        return Err(CliError::input(format!(
            "{}: is not a directory: give a directory for --figures",
            dir.display()
        )));
    }
    let options = Options {
        include_hidden: args.include_hidden,
        with_authors: args.with_authors,
        by_group: args.by_group,
        without_history: args.without_history,
        with_plan: args.with_plan,
        include_empty: args.include_empty,
        pathways: if args.separate_pathways {
            Merge::None
        } else {
            Merge::SharedStart
        },
        fragment: args.fragment,
        styled: args.styled,
        front_matter: args.front_matter,
        figures: MarkdownFigures {
            dir: args.figures.as_deref().map(|d| figure_link(d, to_file)),
            mermaid: args.mermaid,
        },
    };
    if hearth::store::is_series_file(&path) {
        if args.figures.is_some() {
            return Err(CliError::input(
                "--figures is for one session: export the session itself to write its figures",
            ));
        }
        if args.front_matter {
            return Err(CliError::input(
                "--front-matter is for one session: export the session itself",
            ));
        }
        let (bytes, shown, left_out) = export_series(&path, format, &options)?;
        let copy = match args.copy {
            Some(to) => Some((to, export_series(&path, Format::Html, &rich(&options))?.0)),
            None => None,
        };
        return finish(to_file, copy, &bytes, shown, left_out, 0);
    }
    let (session, report) = read_session(&path)?;
    for notice in report.notices(&path.with_extension("journal")) {
        super::warn(&notice);
    }
    let bytes = export(&session, format, &options)
        .map_err(|e| CliError::other(format!("{}: {e}", path.display())))?;
    if let Some(dir) = &args.figures {
        let names = write_figures(&session, &options, dir)?;
        super::warn(&format!(
            "{}: {} written",
            dir.display(),
            plural(names, "figure")
        ));
    }
    let left_out = hidden_left_out(&session, &options);
    let withdrawn = session.withdrawn();
    let shown = session.contributions().len() - withdrawn - left_out;
    let copy = match args.copy {
        Some(to) => Some((
            to,
            export(&session, Format::Html, &rich(&options))
                .map_err(|e| CliError::other(format!("{}: {e}", path.display())))?,
        )),
        None => None,
    };
    finish(to_file, copy, &bytes, shown, left_out, withdrawn)
}

/// The options of the formatted text `--copy` puts beside the plain text: the plain HTML
/// fragment (the editor's own styles), its figures inline (a file link would not paste).
fn rich(options: &Options) -> Options {
    Options {
        fragment: true,
        styled: false,
        front_matter: false,
        figures: MarkdownFigures::default(),
        ..options.clone()
    }
}

/// Writes the export out and says what was left out.
/// With `copy`: where to copy, and the formatted text to copy beside `bytes`.
fn finish(
    to_file: Option<&Path>,
    copy: Option<(CopyTo, Vec<u8>)>,
    bytes: &[u8],
    shown: usize,
    left_out: usize,
    withdrawn: usize,
) -> Result<(), CliError> {
    let copying = copy.is_some();
    if let Some((to, html)) = copy {
        super::clipboard::copy_to(
            to,
            &Payload {
                text: bytes.to_vec(),
                html: Some(String::from_utf8_lossy(&html).into_owned()),
            },
        )?;
    }
    match to_file {
        Some(out) => {
            write_output(out, bytes)?;
            super::print_out(&format!(
                "{}: {} written\n",
                out.display(),
                plural(shown, "contribution")
            ))?;
        }
        None if copying => {}
        None => {
            // A file format for scripts and redirection; on a terminal, made safe to look at.
            if std::io::stdout().is_terminal() {
                super::print_out(&String::from_utf8_lossy(bytes))?;
            } else {
                super::print_raw(bytes)?;
            }
        }
    }
    if withdrawn > 0 {
        super::warn(&format!(
            "{} withdrawn: left out, no words kept",
            plural(withdrawn, "answer")
        ));
    }
    if left_out > 0 {
        super::warn(&format!(
            "{} off the record left out (add --include-hidden to include them)",
            plural(left_out, "contribution")
        ));
    }
    Ok(())
}

/// How the Markdown links the figures directory: relative to the Markdown file when it lies
/// beside or under it, else as given.
fn figure_link(dir: &Path, output: Option<&Path>) -> String {
    let base = output
        .and_then(Path::parent)
        .filter(|p| !p.as_os_str().is_empty());
    let rel = match base {
        Some(base) => dir.strip_prefix(base).unwrap_or(dir),
        None => dir,
    };
    let link = rel.to_string_lossy().replace('\\', "/");
    if link.is_empty() { ".".into() } else { link }
}

/// Writes each figure as NAME.svg and NAME.png into `dir`; returns how many figures.
fn write_figures(
    session: &hearth::model::Session,
    options: &Options,
    dir: &Path,
) -> Result<usize, CliError> {
    hearth::platform::create_owner_only_dir_all(dir).map_err(|e| {
        CliError::other(format!(
            "{}: cannot create the directory: {e}",
            dir.display()
        ))
    })?;
    let doc = hearth::export::write_up(session, options);
    let files = hearth::export::figure_files(&doc);
    for f in &files {
        write_atomic(&dir.join(format!("{}.svg", f.name)), f.svg.as_bytes())?;
        let png =
            hearth::export::png(&f.svg).map_err(|e| CliError::other(format!("{}: {e}", f.name)))?;
        write_atomic(&dir.join(format!("{}.png", f.name)), &png)?;
    }
    Ok(files.len())
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
    for own in [
        session.to_owned(),
        session.with_extension("journal"),
        session.with_extension("journal.next"),
    ] {
        if same(&own, out) {
            return Err(CliError::input(format!(
                "{}: this is the session's own file; the export would replace it: choose another name",
                out.display()
            )));
        }
    }
    Ok(())
}

/// Exports the series at `path` (for `hearth export SERIES.series.json`).
fn export_series(
    path: &Path,
    format: hearth::export::Format,
    options: &hearth::export::Options,
) -> Result<(Vec<u8>, usize, usize), CliError> {
    let series = load_series(path)?;
    let mut sessions = Vec::with_capacity(series.sessions.len());
    for entry in &series.sessions {
        let file = session_file(path, &entry.file);
        let (s, report) = read_session(&file)?;
        for notice in report.notices(&file.with_extension("journal")) {
            super::warn(&notice);
        }
        sessions.push(s);
    }
    let bytes = hearth::export::export_series(&series, &sessions, format, options)
        .map_err(|e| CliError::other(format!("{}: {e}", path.display())))?;
    let shown: usize = sessions
        .iter()
        .map(hearth::model::Session::answers_held)
        .sum();
    let left_out: usize = sessions
        .iter()
        .map(|s| hearth::export::hidden_left_out(s, options))
        .sum();
    Ok((bytes, shown - left_out, left_out))
}
