use std::path::PathBuf;

use hearth::model::{Change, Draft};
use hearth::store::{Appending, OpenReport, SessionStore};

use super::{CliError, parse_fields, session_path, text_or_stdin};

/// `--help` examples; tests/cli_examples.rs runs every one.
const EXAMPLES: &str = "Examples:
  hearth add 2027-03-12-team-roles --exercise role-clarity --slot 3.f \\\n      --field mark=Yes --text \"Co-leads with staff\"
  echo \"Not without training\" | hearth add 2027-03-12-team-roles \\\n      --exercise role-clarity --slot 12.a --field mark=No --group \"Table 3\" --new-group";

/// Add one contribution, verbatim; prints its id once it is safely on disk.
///
/// Without --text, the text is read from standard input exactly as given (line breaks,
/// a final newline and all).
#[derive(Debug, clap::Args)]
#[command(after_help = EXAMPLES)]
pub struct Args {
    /// The session file, or its name in the sessions folder (see `hearth where`).
    pub session: PathBuf,
    /// The exercise id (see `hearth show`).
    #[arg(long)]
    pub exercise: String,
    /// The slot: a question id, a corner (pull, push, weight, uncertainties), a cell (3.f)...
    #[arg(long)]
    pub slot: String,
    /// The group that said it.
    #[arg(long)]
    pub group: Option<String>,
    /// Add the group to the session first if it is new.
    #[arg(long, requires = "group")]
    pub new_group: bool,
    /// The text [default: read from standard input].
    #[arg(long)]
    pub text: Option<String>,
    /// An extra field of a multi-field entry, e.g. `--field benefits=...` or `--field mark=Yes`.
    #[arg(long = "field", value_name = "NAME=VALUE")]
    pub fields: Vec<String>,
    /// Who said it (only when the session has attribution turned on).
    #[arg(long)]
    pub author: Option<String>,
    /// The id of the answer it goes under, for a slot whose answers go under another's (a
    /// 2nd-order consequence under a 1st-order one, a signal under its emerging issue).
    #[arg(long)]
    pub parent: Option<String>,
}

/// Where `hearth add` writes: the outline alone (it reads no answer), or, for an answer that
/// goes under another, the whole session (its parent must be there).
// One for the command, on its stack: its size does not matter.
#[allow(clippy::large_enum_variant)]
enum Store {
    Outline(Appending),
    Whole(SessionStore),
}

impl Store {
    fn open(path: &std::path::Path, whole: bool) -> Result<(Store, OpenReport), CliError> {
        Ok(if whole {
            let (s, r) = SessionStore::open(path)?;
            (Store::Whole(s), r)
        } else {
            let (s, r) = Appending::open(path)?;
            (Store::Outline(s), r)
        })
    }

    fn session(&self) -> hearth::store::SessionRead<'_> {
        match self {
            Store::Outline(s) => s.session(),
            Store::Whole(s) => s.session(),
        }
    }

    fn paths(&self) -> &hearth::store::SessionPaths {
        match self {
            Store::Outline(s) => s.paths(),
            Store::Whole(s) => s.paths(),
        }
    }

    fn apply_all(&mut self, changes: Vec<Change>) -> Result<(), hearth::store::StoreError> {
        match self {
            Store::Outline(s) => s.apply_all(changes),
            Store::Whole(s) => s.apply_all(changes),
        }
    }

    fn close(self) -> Result<(), hearth::store::StoreError> {
        match self {
            Store::Outline(s) => s.close(),
            Store::Whole(s) => s.close(),
        }
    }
}

pub fn run(args: Args) -> Result<(), CliError> {
    let path = session_path(&args.session);
    let fields = parse_fields(&args.fields)?;
    let text = text_or_stdin(args.text, "text")?;
    let (mut store, report) = Store::open(&path, args.parent.is_some())?;
    for notice in report.notices(&store.paths().journal) {
        super::warn(&notice);
    }
    if let Err(why) = hearth::model::tree::check_parent(
        &store.session(),
        &args.exercise,
        &args.slot,
        args.parent.as_deref(),
    ) {
        return Err(CliError::input(format!("{}: {why}", path.display())));
    }
    let mut draft = Draft::new(args.exercise, args.slot, &text)
        .group(args.group.clone())
        .parent(args.parent);
    draft.fields = fields;
    draft.author = args.author;
    let contribution = draft.into_contribution();
    let id = contribution.id.clone();
    let mut changes = Vec::new();
    if let Some(group) = &args.group
        && args.new_group
        && !store.session().groups.contains(group)
    {
        changes.push(Change::AddGroup {
            name: group.clone(),
        });
    }
    changes.push(Change::Add { contribution });
    store.apply_all(changes).map_err(|e| match e {
        hearth::store::StoreError::Rejected {
            source: source @ hearth::model::ModelError::UnknownGroup { .. },
            ..
        } => CliError::input(format!(
            "{}: {source}; add --new-group to add it",
            path.display()
        )),
        e => super::rejected(e, &args.session),
    })?;
    // Saved: from here on the outcome is success. Only a failure to print the id fails.
    let printed = super::print_out(&format!("{id}\n")).map_err(|e| {
        CliError::other(format!(
            "saved as {id} (do not add it again), but {}",
            e.message
        ))
    });
    super::close_saved(|| store.close());
    printed
}
