use std::io::IsTerminal;
use std::path::PathBuf;

use hearth::model::exercise::ExerciseKind;
use hearth::model::exercise::pathway_brainstorm::read_pathway;
use hearth::model::sight::{self, Viewer};
use hearth::model::words::Place;
use hearth::model::{Contribution, Session};
use hearth::store::read_session;

use super::{CliError, plural, session_path};

/// `--help` examples; tests/cli_examples.rs runs every one.
const EXAMPLES: &str = "Examples:
  hearth show 2027-03-12-team-roles
  hearth show 2027-03-12-team-roles --slots
  hearth show 2027-03-12-team-roles --id 01a24e73-09bd-74a0-be3f-08adc3bc217a --raw > answer.txt";

/// Print everything captured in a session, by exercise and slot, as plain text.
///
/// Reads without locking, so it works while the session is open in another hearth. Control
/// characters in the text (escape sequences, C1 controls) are shown as visible symbols such as
/// ␛, so nothing stored can drive the terminal; --raw prints the exact bytes for scripts.
#[derive(Debug, clap::Args)]
#[command(after_help = EXAMPLES)]
pub struct Args {
    /// The session file, or its name in the sessions folder (see `hearth where`).
    pub session: PathBuf,
    /// Print only this contribution's current text.
    #[arg(long)]
    pub id: Option<String>,
    /// Print the text byte for byte, control characters and all (for scripts and files).
    /// Refused when standard output is a terminal, unless --force.
    #[arg(long)]
    pub raw: bool,
    /// With --raw, print to a terminal anyway (it will act on any escape sequences).
    #[arg(long, requires = "raw")]
    pub force: bool,
    /// List every exercise's slots (the ids `hearth add --slot` takes) instead of the answers.
    #[arg(long, conflicts_with_all = ["id", "raw"])]
    pub slots: bool,
}

pub fn run(args: Args) -> Result<(), CliError> {
    let path = session_path(&args.session);
    let (session, report) = read_session(&path)?;
    for notice in report.notices(&path.with_extension("journal")) {
        super::warn(&notice);
    }
    if args.raw && !args.force && std::io::stdout().is_terminal() {
        return Err(CliError::input(
            "--raw prints escape sequences as they are, which a terminal would act on: redirect it to a file or a pipe, or add --force",
        ));
    }
    let out = match &args.id {
        Some(id) => {
            let c = session.contribution(id).ok_or_else(|| {
                CliError::input(format!(
                    "{}: no contribution with id `{id}`",
                    path.display()
                ))
            })?;
            c.text.clone()
        }
        None if args.slots => render_slots(&session),
        None => render(&session),
    };
    if args.raw {
        super::print_raw(out.as_bytes())
    } else {
        super::print_out(&out)
    }
}

/// Every slot of every exercise, by id, with what a person sees there.
fn render_slots(session: &Session) -> String {
    let mut out = String::new();
    for exercise in session.agenda() {
        out.push_str(&format!(
            "== {} [exercise `{}`]\n",
            exercise.title, exercise.id
        ));
        for slot in exercise.slots() {
            out.push_str(&format!("   {}  {}\n", slot.id, slot.label));
        }
    }
    out
}

fn push_indented(out: &mut String, text: &str, first: &str, rest: &str) {
    for (i, line) in text.split('\n').enumerate() {
        out.push_str(if i == 0 { first } else { rest });
        out.push_str(line);
        out.push('\n');
    }
}

fn render(session: &Session) -> String {
    let mut out = String::new();
    out.push_str(&format!("{}\n", session.title));
    let mut facts = Vec::new();
    if let Some(d) = session.date {
        facts.push(d.to_string());
    }
    facts.push(session.mode.label().to_owned());
    if !session.event.is_empty() {
        facts.push(session.event.clone());
    }
    // Off the record is counted apart; a withdrawn answer is not counted at all.
    let on_record = |c: &&Contribution| sight::may_see(session, Viewer::Record, c);
    let archived = |c: &&Contribution| sight::may_see(session, Viewer::Archive, c);
    let shown = session.contributions().iter().filter(on_record).count();
    let hidden = session.contributions().iter().filter(archived).count() - shown;
    facts.push(plural(shown, "contribution"));
    if hidden > 0 {
        facts.push(format!("{hidden} off the record"));
    }
    out.push_str(&format!("{}\n", facts.join(" · ")));
    out.push_str(&format!(
        "Plan: {} ({})\n",
        session.scenario.title, session.scenario.id
    ));
    if !session.facilitators.is_empty() {
        out.push_str(&format!(
            "Facilitators: {}\n",
            session.facilitators.join(", ")
        ));
    }
    out.push_str(&format!(
        "Groups: {}\n",
        if session.groups.is_empty() {
            "none".to_owned()
        } else {
            session.groups.join(", ")
        }
    ));
    if !session.introduction.is_empty() {
        push_indented(
            &mut out,
            &session.introduction,
            "Introduction: ",
            "              ",
        );
    }
    if !session.notes.is_empty() {
        push_indented(&mut out, &session.notes, "Notes: ", "       ");
    }
    for (n, exercise) in session.agenda().enumerate() {
        let count = session
            .contributions()
            .iter()
            .filter(|c| c.exercise == exercise.id && sight::may_see(session, Viewer::Archive, c))
            .count();
        out.push_str(&format!(
            "\n== {}. {} [exercise `{}`, {}{}] — {}\n",
            n + 1,
            exercise.title,
            exercise.id,
            exercise.kind_name().replace('_', " "),
            if exercise.minutes > 0 {
                format!(", {} min", exercise.minutes)
            } else {
                String::new()
            },
            plural(count, "contribution"),
        ));
        // The kind's own plan texts, as this session words them.
        let texts = exercise.kind.model().texts();
        if let Some(q) = texts.question.filter(|q| !q.is_empty()) {
            let head = format!("   {}: ", texts.question_label);
            let indent = " ".repeat(head.chars().count());
            push_indented(&mut out, q, &head, &indent);
        }
        if let Some(h) = texts.horizon.filter(|h| !h.is_empty()) {
            out.push_str(&format!("   Horizon: {h}\n"));
        }
        if let Some(Some(m)) = texts.matrix {
            out.push_str(&format!(
                "   Matrix: {} ({} ↔ {}) × {} ({} ↔ {})\n",
                m.x.name, m.x.low, m.x.high, m.y.name, m.y.low, m.y.high
            ));
        }
        if let Some(link) = hearth::model::seed::seed_of(session, &exercise.id) {
            // Never a hidden or withdrawn seed's words, even here.
            let source = session
                .scenario
                .exercise(link.exercise)
                .map_or(link.exercise, |e| e.title.as_str());
            out.push_str(&format!(
                "   Seed: {}, in “{source}”\n",
                link.describe(None)
            ));
        }
        let before = session.narration.get(&Place::Before(exercise.id.clone()));
        if !before.is_empty() {
            push_indented(&mut out, before, "   Before: ", "           ");
        }
        let after = session.narration.get(&Place::After(exercise.id.clone()));
        if !after.is_empty() {
            push_indented(&mut out, after, "   After: ", "          ");
        }
        let pathways = matches!(exercise.kind, ExerciseKind::PathwayBrainstorm(_));
        for slot in exercise.slots() {
            let items: Vec<&Contribution> = session
                .in_slot(&exercise.id, &slot.id)
                .filter(|c| sight::may_see(session, Viewer::Archive, c))
                .collect();
            if items.is_empty() {
                continue;
            }
            out.push_str(&format!("\n   -- {} · slot `{}`\n", slot.label, slot.id));
            for c in items {
                push_indented(&mut out, &c.text, "      • ", "        ");
                for (name, value) in &c.fields {
                    push_indented(&mut out, value, &format!("        {name}: "), "          ");
                }
                if pathways {
                    let p = read_pathway(&c.text);
                    if let Some(d) = p.direction {
                        out.push_str(&format!("        direction: {}\n", d.label()));
                    }
                    if !p.steps.is_empty() {
                        out.push_str(&format!("        pathway: {}\n", p.steps.join(" → ")));
                    }
                }
                let mut meta = Vec::new();
                if let Some(g) = &c.group {
                    meta.push(g.clone());
                }
                if let Some(a) = &c.author {
                    meta.push(format!("by {a}"));
                }
                if c.starred {
                    meta.push("★ starred".into());
                }
                if c.hidden {
                    meta.push("OFF THE RECORD".into());
                }
                if !c.revisions.is_empty() {
                    meta.push(format!(
                        "edited ({} kept)",
                        plural(c.revisions.len(), "earlier version")
                    ));
                }
                if let Some(p) = &c.parent {
                    meta.push(match session.contribution(p) {
                        Some(p) if p.is_withdrawn() => format!("under {} (withdrawn)", p.id),
                        _ => format!("under {p}"),
                    });
                }
                meta.push(format!("id {}", c.id));
                out.push_str(&format!("        [{}]\n", meta.join(" · ")));
            }
        }
    }
    let closing = session.narration.get(&Place::Closing);
    if !closing.is_empty() {
        out.push('\n');
        push_indented(&mut out, closing, "Closing: ", "         ");
    }
    out
}
