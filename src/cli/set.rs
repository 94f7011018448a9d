use std::path::{Path, PathBuf};

use hearth::model::text::{MAX_PLAN_STRING_BYTES, normalize_newlines};
use hearth::model::words::{Field, Place};
use hearth::model::{Change, Mode, check_each};
use hearth::store::SessionStore;
use hearth::store::files::read_file;
use hearth::store::locate::position_of;

use super::new::{ModeArg, parse_date};
use super::{CliError, session_path};

/// `--help` examples; tests/cli_examples.rs runs every one.
const EXAMPLES: &str = "Examples:
  hearth set 2027-03-12-team-roles --facilitator \"Ana Ruiz\" --facilitator \"Sam Lee\" --mode hybrid
  hearth set 2027-03-12-team-roles --exercise role-clarity --before \"We began with shared duties.\"
  hearth set 2027-03-12-team-roles --closing-file closing.md
  hearth set 2027-03-12-team-roles --exercise role-clarity --title \"Who does what\"";

/// Set a session's details, its narration and its own wording of the plan.
///
/// Details: date, mode, event, facilitators, notes and the introduction its write-ups open
/// with. Narration: what the write-ups tell before and after an exercise's part
/// (`--exercise ID --before TEXT --after TEXT`) and the closing they end with (`--closing`).
/// Wording: this workshop's words for an exercise's title, instructions, focal question,
/// horizon and axis names (`--exercise ID --title TEXT ...`), used in place of the plan's
/// while the plan itself is left as it is; `--reset FIELD` goes back to the plan's words.
/// Links: the answer of an earlier exercise that seeds this one (`--exercise ID --seed
/// ANSWER_ID`: a backcast's preferred future, picked from the scenarios).
///
/// Only what is given changes. Texts are kept exactly as given (line endings made LF); "" removes
/// a text. Every change is journaled like any other (in the terminal app, d edits the same
/// details, and the narration around the exercise on screen). The notes are the facilitators'
/// own and are not written up; everything else is.
#[derive(Debug, clap::Args)]
#[command(verbatim_doc_comment, after_help = EXAMPLES)]
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
    /// A tag for the write-up's front matter (`hearth export --front-matter`); repeat for
    /// several (replaces the list).
    #[arg(long = "tag", value_name = "TAG", conflicts_with = "no_tags")]
    pub tags: Vec<String>,
    /// Remove every tag.
    #[arg(long)]
    pub no_tags: bool,
    /// A summary for the write-up's front matter ("" to use the plan's summary).
    #[arg(long, value_name = "TEXT")]
    pub summary: Option<String>,
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
    /// What the write-ups end with, after the last exercise ("" to remove it).
    #[arg(
        long,
        value_name = "TEXT",
        conflicts_with = "closing_file",
        help_heading = "Narration"
    )]
    pub closing: Option<String>,
    /// The closing, from a UTF-8 text or Markdown file.
    #[arg(long, value_name = "FILE", help_heading = "Narration")]
    pub closing_file: Option<PathBuf>,
    /// The exercise (its id in the plan, see `hearth show`) that --before, --after and the
    /// wording options are about.
    #[arg(long, value_name = "ID", help_heading = "Narration")]
    pub exercise: Option<String>,
    /// What the write-ups tell before the exercise's part ("" to remove it).
    #[arg(
        long,
        value_name = "TEXT",
        requires = "exercise",
        conflicts_with = "before_file",
        help_heading = "Narration"
    )]
    pub before: Option<String>,
    /// The narration before the exercise, from a UTF-8 text or Markdown file.
    #[arg(
        long,
        value_name = "FILE",
        requires = "exercise",
        help_heading = "Narration"
    )]
    pub before_file: Option<PathBuf>,
    /// What the write-ups tell after the exercise's part ("" to remove it).
    #[arg(
        long,
        value_name = "TEXT",
        requires = "exercise",
        conflicts_with = "after_file",
        help_heading = "Narration"
    )]
    pub after: Option<String>,
    /// The narration after the exercise, from a UTF-8 text or Markdown file.
    #[arg(
        long,
        value_name = "FILE",
        requires = "exercise",
        help_heading = "Narration"
    )]
    pub after_file: Option<PathBuf>,
    /// The exercise's title, as this workshop words it.
    #[arg(
        long,
        value_name = "TEXT",
        requires = "exercise",
        help_heading = "Wording (with --exercise)"
    )]
    pub title: Option<String>,
    /// The exercise's instructions, as this workshop words them ("" for none).
    #[arg(
        long,
        value_name = "TEXT",
        requires = "exercise",
        help_heading = "Wording (with --exercise)"
    )]
    pub instructions: Option<String>,
    /// What the exercise is about: a scenario building's focal question, a futures triangle's
    /// topic, a value conflict's situation, a role-clarity or notes question.
    #[arg(
        long,
        alias = "topic",
        value_name = "TEXT",
        requires = "exercise",
        help_heading = "Wording (with --exercise)"
    )]
    pub focal_question: Option<String>,
    /// The year or period a scenario building's scenarios describe.
    #[arg(
        long,
        value_name = "TEXT",
        requires = "exercise",
        help_heading = "Wording (with --exercise)"
    )]
    pub horizon: Option<String>,
    /// The name of the scenario matrix's horizontal axis (the room's chosen axes, else the
    /// plan's; the poles stay as they are).
    #[arg(
        long,
        value_name = "TEXT",
        requires = "exercise",
        help_heading = "Wording (with --exercise)"
    )]
    pub x_axis: Option<String>,
    /// The name of the scenario matrix's vertical axis.
    #[arg(
        long,
        value_name = "TEXT",
        requires = "exercise",
        help_heading = "Wording (with --exercise)"
    )]
    pub y_axis: Option<String>,
    /// The answer that seeds the exercise, by its id (`hearth show` prints ids): for a
    /// backcast, one of the scenarios (a scenario's title) of the exercise its plan names in
    /// `vision_from`. Refused for an answer off the record or withdrawn. The latest pick is the
    /// seed; in the terminal app, L picks it from a list.
    #[arg(
        long,
        value_name = "ANSWER_ID",
        requires = "exercise",
        help_heading = "Links (with --exercise)"
    )]
    pub seed: Option<String>,
    /// Go back to the plan's words for a field; repeat for several.
    #[arg(
        long,
        value_enum,
        value_name = "FIELD",
        requires = "exercise",
        help_heading = "Wording (with --exercise)"
    )]
    pub reset: Vec<FieldArg>,
}

/// A plan text `--reset` takes back to the plan's words.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum FieldArg {
    Title,
    Instructions,
    FocalQuestion,
    Horizon,
    XAxis,
    YAxis,
}

impl FieldArg {
    fn field(self) -> Field {
        match self {
            FieldArg::Title => Field::Title,
            FieldArg::Instructions => Field::Instructions,
            FieldArg::FocalQuestion => Field::Question,
            FieldArg::Horizon => Field::Horizon,
            FieldArg::XAxis => Field::XAxis,
            FieldArg::YAxis => Field::YAxis,
        }
    }
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
    let closing = match (&args.closing, &args.closing_file) {
        (Some(n), _) => Some(normalize_newlines(n)),
        (None, Some(f)) => Some(text_file(f, "a closing (a UTF-8 text file)")?),
        (None, None) => None,
    };
    let before_text = match (&args.before, &args.before_file) {
        (Some(n), _) => Some(normalize_newlines(n)),
        (None, Some(f)) => Some(text_file(f, "narration (a UTF-8 text file)")?),
        (None, None) => None,
    };
    let after_text = match (&args.after, &args.after_file) {
        (Some(n), _) => Some(normalize_newlines(n)),
        (None, Some(f)) => Some(text_file(f, "narration (a UTF-8 text file)")?),
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
    if args.no_tags {
        details.tags.clear();
    } else if !args.tags.is_empty() {
        details.tags = Vec::new();
        for t in &args.tags {
            let t = t.trim();
            if !details.tags.iter().any(|have| have == t) {
                details.tags.push(t.to_owned());
            }
        }
    }
    if let Some(s) = &args.summary {
        details.summary = normalize_newlines(s);
    }
    let mut changes = Vec::new();
    if details != before {
        if let Some(p) = details.typed_problems(Some(&before)).first() {
            return Err(CliError::input(format!("{}: {p}", path.display())));
        }
        changes.push(Change::SetDetails { details });
    }
    let session = store.session();
    let exercise = match &args.exercise {
        Some(id) if session.scenario.exercise(id).is_none() => {
            let known: Vec<&str> = session
                .scenario
                .agenda
                .iter()
                .map(|e| e.id.as_str())
                .collect();
            return Err(CliError::input(format!(
                "{}: the plan has no exercise `{id}` (its exercises: {})",
                path.display(),
                known.join(", ")
            )));
        }
        other => other.clone(),
    };
    let mut narration = Vec::new();
    if let Some(e) = &exercise {
        narration.push((Place::Before(e.clone()), before_text));
        narration.push((Place::After(e.clone()), after_text));
    }
    narration.push((Place::Closing, closing));
    for (place, text) in narration {
        if let Some(text) = text
            && session.narration.get(&place) != text
        {
            changes.push(Change::SetNarration { place, text });
        }
    }
    if let Some(e) = &exercise {
        let at = jiff::Timestamp::now();
        let worded = session.wording.get(e);
        let mut wording: Vec<(Field, Option<String>)> = [
            (Field::Title, &args.title),
            (Field::Instructions, &args.instructions),
            (Field::Question, &args.focal_question),
            (Field::Horizon, &args.horizon),
            (Field::XAxis, &args.x_axis),
            (Field::YAxis, &args.y_axis),
        ]
        .into_iter()
        .filter_map(|(f, t)| t.as_ref().map(|t| (f, Some(normalize_newlines(t)))))
        .collect();
        for r in &args.reset {
            if wording.iter().any(|(f, _)| *f == r.field()) {
                return Err(CliError::input(format!(
                    "the {} is both given and reset: give one or the other",
                    r.field().label()
                )));
            }
            wording.push((r.field(), None));
        }
        for (field, text) in wording {
            if worded.and_then(|w| w.get(field)) != text.as_deref() {
                changes.push(Change::SetWording {
                    exercise: e.clone(),
                    field,
                    text,
                    at,
                });
            }
        }
    }
    if let (Some(e), Some(from)) = (&exercise, &args.seed)
        && session.convergence.seeds.get(e).map(|s| &s.from) != Some(from)
    {
        changes.push(Change::SeedFrom {
            exercise: e.clone(),
            seed: hearth::model::convergence::Seed {
                from: from.clone(),
                at: jiff::Timestamp::now(),
            },
        });
    }
    if changes.is_empty() {
        return Err(CliError::input(
            "nothing to change: give --date, --mode, --event, --facilitator, --notes, --introduction, --tag, --summary, --closing, or --exercise ID with --before, --after, --title, --instructions, --focal-question, --horizon, --x-axis, --y-axis, --reset or --seed (with a value that differs)",
        ));
    }
    if let Err((_, e)) = check_each(&session, &changes, |_, _| {}) {
        return Err(CliError::input(format!("{}: {e}", path.display())));
    }
    drop(session);
    store.apply_all(changes)?;
    super::close_saved(|| store.close());
    Ok(())
}
