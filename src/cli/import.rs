use std::collections::HashMap;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use hearth::export::import::{Plan, Target, read_notes, targets};
use hearth::model::exercise::UNPLACED_SLOT;
use hearth::model::text::is_valid_name;
use hearth::model::{Change, Draft, Session};
use hearth::store::files::read_file;
use hearth::store::locate::position_of;
use hearth::store::{SessionStore, read_session};

use super::{CliError, plural, session_path};

/// The largest notes file read (16 MiB).
const MAX_NOTES_BYTES: u64 = 16 * 1024 * 1024;

/// `--help` examples; tests/cli_examples.rs runs every one.
const EXAMPLES: &str = "Examples:
  hearth import 2027-04-02-webinar-one notes.md --exercise session-1 \\\n      --group \"Room A\" --new-group --dry-run
  hearth import 2027-04-02-webinar-one notes.md --exercise session-1 \\\n      --group \"Room A\" --new-group";

/// File a note-taker's notes under the questions of an exercise, verbatim.
///
/// Reads plain text or Markdown: each question by its number ("4.", "Q4", "## Question 4") or
/// its wording, followed by its answers as bullets (•, -, *, +) or numbered items ("1.", "2)").
/// Each item becomes one contribution from --group, exactly as written: only the bullet and
/// the white space around it (NBSP included) are dropped. An indented line right under an item
/// continues it. Lines that cannot be placed are listed and kept under the exercise's
/// `unplaced` slot, never dropped. Answers already in the session (same question, group and
/// text) are skipped, so importing the same notes twice adds nothing.
#[derive(Debug, clap::Args)]
#[command(after_help = EXAMPLES)]
pub struct Args {
    /// The session file, or its name in the sessions folder (see `hearth where`).
    pub session: PathBuf,
    /// The notes: a UTF-8 text or Markdown file.
    pub notes: PathBuf,
    /// The exercise the notes are for (see `hearth show`).
    #[arg(long)]
    pub exercise: String,
    /// The group the notes were taken for.
    #[arg(long)]
    pub group: String,
    /// Add the group to the session first if it is new.
    #[arg(long)]
    pub new_group: bool,
    /// Show what would be filed where, and write nothing.
    #[arg(long)]
    pub dry_run: bool,
    /// File answers even when the same text is already there for this question and group.
    #[arg(long)]
    pub allow_duplicates: bool,
}

/// What an import will do.
struct Prepared {
    plan: Plan,
    targets: Vec<Target>,
    /// Lines of items already in the session, not filed again.
    skipped: Vec<usize>,
    changes: Vec<Change>,
}

pub fn run(args: Args) -> Result<(), CliError> {
    let path = session_path(&args.session);
    let notes = read_notes_file(&args.notes)?;
    let journal = path.with_extension("journal");
    let prepared = if args.dry_run {
        let (session, report) = read_session(&path)?;
        for notice in report.notices(&journal) {
            super::warn(&notice);
        }
        prepare(&session, &args, &notes, &path)?
    } else {
        let (mut store, report) = SessionStore::open(&path)?;
        for notice in report.notices(&journal) {
            super::warn(&notice);
        }
        let prepared = prepare(&store.session(), &args, &notes, &path)?;
        store.apply_all(prepared.changes.clone())?;
        super::close_saved(|| store.close());
        prepared
    };
    super::print_out(&describe(&prepared, &args, &path))?;
    let unplaced = prepared.plan.unplaced.len();
    if unplaced > 0 {
        super::warn(&format!(
            "{} could not be placed; {} under `{UNPLACED_SLOT}` (listed above)",
            plural(unplaced, "line"),
            if args.dry_run {
                "they would be kept"
            } else {
                "kept"
            }
        ));
    }
    Ok(())
}

fn read_notes_file(path: &Path) -> Result<String, CliError> {
    let bytes = read_file(
        path,
        MAX_NOTES_BYTES,
        "notes (a UTF-8 text or Markdown file)",
    )?;
    if bytes.starts_with(&[0xff, 0xfe]) || bytes.starts_with(&[0xfe, 0xff]) {
        return Err(CliError::input(format!(
            "{}: saved as UTF-16; save the notes as UTF-8 and try again",
            path.display()
        )));
    }
    String::from_utf8(bytes).map_err(|e| {
        let at = position_of(e.as_bytes(), e.utf8_error().valid_up_to());
        CliError::input(format!(
            "{}:{}:{}: not valid UTF-8 (byte {} of the file): save the notes as UTF-8 and try again",
            path.display(),
            at.line,
            at.column,
            e.utf8_error().valid_up_to()
        ))
    })
}

fn prepare(session: &Session, args: &Args, notes: &str, path: &Path) -> Result<Prepared, CliError> {
    let exercise = session.scenario.exercise(&args.exercise).ok_or_else(|| {
        CliError::input(format!(
            "{}: {}",
            path.display(),
            session.scenario.unknown_exercise(&args.exercise)
        ))
    })?;
    let mut changes = Vec::new();
    if !session.groups.contains(&args.group) {
        if !args.new_group {
            return Err(CliError::input(format!(
                "{}: no group \"{}\" in this session (groups: {}); add --new-group to add it",
                path.display(),
                args.group,
                if session.groups.is_empty() {
                    "none yet".to_owned()
                } else {
                    session.groups.join(", ")
                }
            )));
        }
        if !is_valid_name(&args.group) {
            return Err(CliError::input(
                "a group name must be 1 to 200 bytes with no control characters",
            ));
        }
        changes.push(Change::AddGroup {
            name: args.group.clone(),
        });
    }
    let targets = targets(exercise);
    if targets.is_empty() {
        return Err(CliError::input(format!(
            "exercise `{}` ({}) has no question that plain notes can be filed under; add its entries with `hearth add --field`",
            exercise.id,
            exercise.kind_name().replace('_', " ")
        )));
    }
    let plan = read_notes(notes, &targets);
    // Answers this group already has, by slot and text, to skip a second import of the same notes.
    let mut existing: HashMap<(&str, &str), usize> = HashMap::new();
    if !args.allow_duplicates {
        for c in session.contributions() {
            if c.exercise == exercise.id && c.group.as_deref() == Some(args.group.as_str()) {
                *existing
                    .entry((c.slot.as_str(), c.text.as_str()))
                    .or_default() += 1;
            }
        }
    }
    let mut skipped = Vec::new();
    let items = plan
        .placed
        .iter()
        .map(|(t, item)| (targets[*t].slot.as_str(), item.line, item.text.as_str()))
        .chain(
            plan.unplaced
                .iter()
                .map(|u| (UNPLACED_SLOT, u.line, u.text.as_str())),
        );
    for (slot, line, text) in items {
        if let Some(n) = existing.get_mut(&(slot, text))
            && *n > 0
        {
            *n -= 1;
            skipped.push(line);
            continue;
        }
        let draft = Draft::new(exercise.id.clone(), slot, text).group(Some(args.group.clone()));
        if let Some(spec) = exercise.slot(slot)
            && let Err(e) = spec.check(&draft.text, &draft.fields)
        {
            return Err(CliError::input(format!(
                "{}:{line}: {e}",
                args.notes.display()
            )));
        }
        changes.push(Change::Add {
            contribution: draft.into_contribution(),
        });
    }
    Ok(Prepared {
        plan,
        targets,
        skipped,
        changes,
    })
}

/// The report: what went (or would go) where, line by line.
fn describe(p: &Prepared, args: &Args, session: &Path) -> String {
    let mut out = String::new();
    let filed = p
        .changes
        .iter()
        .filter(|c| matches!(c, Change::Add { .. }))
        .count();
    let _ = writeln!(
        out,
        "{}: {} for exercise `{}`, group \"{}\"",
        args.notes.display(),
        plural(p.plan.placed.len(), "answer"),
        args.exercise,
        args.group
    );
    for (i, target) in p.targets.iter().enumerate() {
        let lines: Vec<_> = p
            .plan
            .placed
            .iter()
            .filter(|(t, _)| *t == i)
            .map(|(_, item)| item)
            .collect();
        if lines.is_empty() {
            continue;
        }
        let _ = writeln!(
            out,
            "\n  {} [{}]: {}",
            one_line(&target.label, 80),
            target.slot,
            plural(lines.len(), "answer")
        );
        for item in lines {
            let _ = writeln!(
                out,
                "    line {:>4}: {}",
                item.line,
                one_line(&item.text, 100)
            );
        }
    }
    if !p.plan.unplaced.is_empty() {
        let _ = writeln!(
            out,
            "\n  Could not place {}; {} under `{UNPLACED_SLOT}` (move one with `hearth edit <SESSION> <ID> --slot <SLOT>`):",
            plural(p.plan.unplaced.len(), "line"),
            if args.dry_run {
                "they would be kept"
            } else {
                "kept"
            }
        );
        for u in &p.plan.unplaced {
            let _ = writeln!(
                out,
                "    line {:>4}: {}  ({})",
                u.line,
                one_line(&u.text, 90),
                u.why
            );
        }
    }
    if !p.plan.empty_items.is_empty() {
        let lines: Vec<String> = p.plan.empty_items.iter().map(usize::to_string).collect();
        let _ = writeln!(
            out,
            "\n  Bullets with nothing after them, ignored: line {}",
            lines.join(", ")
        );
    }
    if !p.skipped.is_empty() {
        let lines: Vec<String> = p.skipped.iter().map(usize::to_string).collect();
        let _ = writeln!(
            out,
            "\n  Already in the session for this group, not filed again: line {} (--allow-duplicates files them anyway)",
            lines.join(", ")
        );
    }
    if args.dry_run {
        let _ = writeln!(
            out,
            "\nDry run: {} would be filed in {}; nothing was written.",
            plural(filed, "contribution"),
            session.display()
        );
    } else {
        let _ = writeln!(
            out,
            "\nFiled {} in {}.",
            plural(filed, "contribution"),
            session.display()
        );
    }
    out
}

/// A text on one line for the report: line breaks shown as ⏎, control characters as symbols,
/// cut with … after `max` characters. The session keeps the text itself.
fn one_line(text: &str, max: usize) -> String {
    let mut out = String::new();
    for (i, c) in text.chars().enumerate() {
        if i == max {
            out.push('…');
            break;
        }
        out.push(match c {
            '\n' => '⏎',
            '\t' => ' ',
            c if (c as u32) < 0x20 => char::from_u32(0x2400 + c as u32).unwrap_or('\u{fffd}'),
            c if c.is_control() => '\u{fffd}',
            c => c,
        });
    }
    out
}
