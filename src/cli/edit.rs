use std::path::PathBuf;

use hearth::model::Change;
use hearth::store::SessionStore;

use super::{CliError, parse_fields, session_path};

/// `--help` examples; tests/cli_examples.rs runs every one.
const EXAMPLES: &str = "Examples:
  hearth edit 2027-03-12-team-roles 01a24e73-09bd-74a0-be3f-08adc3bc217a --text \"With the team lead\"
  hearth edit 2027-03-12-team-roles 01a24e73-09bd-74a0-be3f-08adc3bc217a --slot 3.g
  hearth edit 2027-03-12-team-roles 01a24e73-09bd-74a0-be3f-08adc3bc217a --hide";

/// Change a contribution. A new text adds a revision: the original stays in the file.
#[derive(Debug, clap::Args)]
#[command(after_help = EXAMPLES)]
pub struct Args {
    /// The session file, or its name in the sessions folder (see `hearth where`).
    pub session: PathBuf,
    /// The contribution's id (shown by `hearth show`).
    pub id: String,
    /// New text (keeps the current fields unless --field is given).
    #[arg(long)]
    pub text: Option<String>,
    /// New value for a field, e.g. `--field risks=...`; repeat for several.
    #[arg(long = "field", value_name = "NAME=VALUE")]
    pub fields: Vec<String>,
    /// Take it off the record: never exported, never shown to note-takers.
    #[arg(long, conflicts_with = "unhide")]
    pub hide: bool,
    /// Put it back on the record.
    #[arg(long)]
    pub unhide: bool,
    #[arg(long, conflicts_with = "unstar")]
    pub star: bool,
    #[arg(long)]
    pub unstar: bool,
    /// Move it to another slot.
    #[arg(long)]
    pub slot: Option<String>,
    /// Move it to another exercise (give --slot too).
    #[arg(long, requires = "slot")]
    pub exercise: Option<String>,
    /// Move it to another group.
    #[arg(long, conflicts_with = "no_group")]
    pub group: Option<String>,
    /// Take it out of any group.
    #[arg(long)]
    pub no_group: bool,
}

pub fn run(args: Args) -> Result<(), CliError> {
    let path = session_path(&args.session);
    let field_updates = parse_fields(&args.fields)?;
    let (mut store, report) = SessionStore::open(&path)?;
    for notice in report.notices(&store.paths().journal) {
        super::warn(&notice);
    }
    let current = store
        .session()
        .contribution(&args.id)
        .ok_or_else(|| {
            CliError::input(format!(
                "{}: no contribution with id `{}`",
                path.display(),
                args.id
            ))
        })?
        .clone();
    let mut changes = Vec::new();
    if args.text.is_some() || !field_updates.is_empty() {
        let text = args.text.as_deref().map_or_else(
            || current.text.clone(),
            hearth::model::text::normalize_newlines,
        );
        let mut fields = current.fields.clone();
        fields.extend(field_updates);
        if text != current.text || fields != current.fields {
            changes.push(Change::Edit {
                id: args.id.clone(),
                text,
                fields,
                at: jiff::Timestamp::now(),
            });
        }
    }
    if args.hide || args.unhide {
        changes.push(Change::SetHidden {
            id: args.id.clone(),
            hidden: args.hide,
        });
    }
    if args.star || args.unstar {
        changes.push(Change::SetStarred {
            id: args.id.clone(),
            starred: args.star,
        });
    }
    if args.slot.is_some() || args.group.is_some() || args.no_group {
        changes.push(Change::Move {
            id: args.id.clone(),
            exercise: args
                .exercise
                .clone()
                .unwrap_or_else(|| current.exercise.clone()),
            slot: args.slot.clone().unwrap_or_else(|| current.slot.clone()),
            group: if args.no_group {
                None
            } else {
                args.group.clone().or_else(|| current.group.clone())
            },
        });
    }
    for change in &changes {
        if let Change::Move {
            id, exercise, slot, ..
        } = change
            && let Err(e) = hearth::model::tree::check_move(&store.session(), id, exercise, slot)
        {
            return Err(CliError::input(format!(
                "{}: cannot move `{id}` to `{exercise}`/`{slot}`: {e}",
                path.display()
            )));
        }
    }
    if changes.is_empty() {
        return Err(CliError::input(
            "nothing to change: give --text, --field, --hide/--unhide, --star/--unstar, --slot or --group (with a value that differs)",
        ));
    }
    store
        .apply_all(changes)
        .map_err(|e| super::rejected(e, &args.session))?;
    super::close_saved(|| store.close());
    Ok(())
}
