use std::io::{IsTerminal, Write};
use std::path::PathBuf;

use hearth::model::exercise::ExerciseKind;
use hearth::model::exercise::pathway_brainstorm::read_pathway;
use hearth::model::{Contribution, Session};
use hearth::store::read_session;

use super::{CliError, plural, session_path, visible};

/// Print everything captured in a session, by exercise and slot, as plain text.
///
/// Reads without locking, so it works while the session is open in another hearth.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The session file (or its name in sessions/).
    pub session: PathBuf,
    /// Print only this contribution's current text, byte for byte.
    #[arg(long)]
    pub id: Option<String>,
}

pub fn run(args: Args) -> Result<(), CliError> {
    let path = session_path(&args.session);
    let (session, report) = read_session(&path)?;
    if let Some(notice) = report.notice(&path.with_extension("journal")) {
        eprintln!("hearth: {notice}");
    }
    let terminal = std::io::stdout().is_terminal();
    let out = match &args.id {
        Some(id) => {
            let c = session.contribution(id).ok_or_else(|| {
                CliError::input(format!(
                    "{}: no contribution with id `{id}`",
                    path.display()
                ))
            })?;
            visible(&c.text, terminal)
        }
        None => render(&session, terminal),
    };
    let mut stdout = std::io::stdout().lock();
    match stdout
        .write_all(out.as_bytes())
        .and_then(|_| stdout.flush())
    {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        Err(e) => Err(CliError::other(format!(
            "cannot write to standard output: {e}"
        ))),
    }
}

fn push_indented(out: &mut String, text: &str, first: &str, rest: &str) {
    for (i, line) in text.split('\n').enumerate() {
        out.push_str(if i == 0 { first } else { rest });
        out.push_str(line);
        out.push('\n');
    }
}

fn render(session: &Session, terminal: bool) -> String {
    let mut out = String::new();
    let v = |t: &str| visible(t, terminal);
    out.push_str(&format!("{}\n", v(&session.title)));
    let mut facts = Vec::new();
    if let Some(d) = session.date {
        facts.push(d.to_string());
    }
    facts.push(session.mode.label().to_owned());
    if !session.event.is_empty() {
        facts.push(v(&session.event));
    }
    let shown = session.contributions().iter().filter(|c| !c.hidden).count();
    let hidden = session.contributions().len() - shown;
    facts.push(plural(shown, "contribution"));
    if hidden > 0 {
        facts.push(format!("{hidden} off the record"));
    }
    out.push_str(&format!("{}\n", facts.join(" · ")));
    out.push_str(&format!(
        "Plan: {} ({})\n",
        v(&session.scenario.title),
        session.scenario.id
    ));
    if !session.facilitators.is_empty() {
        out.push_str(&format!(
            "Facilitators: {}\n",
            v(&session.facilitators.join(", "))
        ));
    }
    out.push_str(&format!(
        "Groups: {}\n",
        if session.groups.is_empty() {
            "none".to_owned()
        } else {
            v(&session.groups.join(", "))
        }
    ));
    if !session.notes.is_empty() {
        push_indented(&mut out, &v(&session.notes), "Notes: ", "       ");
    }
    for (n, exercise) in session.scenario.agenda.iter().enumerate() {
        let count = session
            .contributions()
            .iter()
            .filter(|c| c.exercise == exercise.id)
            .count();
        out.push_str(&format!(
            "\n== {}. {} [exercise `{}`, {}{}] — {}\n",
            n + 1,
            v(&exercise.title),
            exercise.id,
            exercise.kind_name().replace('_', " "),
            if exercise.minutes > 0 {
                format!(", {} min", exercise.minutes)
            } else {
                String::new()
            },
            plural(count, "contribution"),
        ));
        match &exercise.kind {
            ExerciseKind::FuturesTriangle(t) => {
                out.push_str(&format!("   Topic: {}\n", v(&t.topic)))
            }
            ExerciseKind::ScenarioBuilding(s) => {
                out.push_str(&format!("   Focal question: {}\n", v(&s.focal_question)));
                if let Some(m) = &s.matrix {
                    out.push_str(&format!(
                        "   Matrix: {} ({} ↔ {}) × {} ({} ↔ {})\n",
                        v(&m.x.name),
                        v(&m.x.low),
                        v(&m.x.high),
                        v(&m.y.name),
                        v(&m.y.low),
                        v(&m.y.high)
                    ));
                }
            }
            ExerciseKind::ValueConflict(c) => {
                push_indented(
                    &mut out,
                    &v(&c.situation),
                    "   Situation: ",
                    "              ",
                );
                for row in &c.worked_rows {
                    out.push_str(&format!("   Worked row: {}\n", v(&row.approach)));
                }
            }
            _ => {}
        }
        let pathways = matches!(exercise.kind, ExerciseKind::PathwayBrainstorm(_));
        for slot in exercise.slots() {
            let items: Vec<&Contribution> = session.in_slot(&exercise.id, &slot.id).collect();
            if items.is_empty() {
                continue;
            }
            out.push_str(&format!(
                "\n   -- {} · slot `{}`\n",
                v(&slot.label),
                slot.id
            ));
            for c in items {
                push_indented(&mut out, &v(&c.text), "      • ", "        ");
                for (name, value) in &c.fields {
                    push_indented(
                        &mut out,
                        &v(value),
                        &format!("        {name}: "),
                        "          ",
                    );
                }
                if pathways {
                    let p = read_pathway(&c.text);
                    if let Some(d) = p.direction {
                        out.push_str(&format!("        direction: {}\n", d.label()));
                    }
                    if !p.steps.is_empty() {
                        out.push_str(&format!("        pathway: {}\n", v(&p.steps.join(" → "))));
                    }
                }
                let mut meta = Vec::new();
                if let Some(g) = &c.group {
                    meta.push(v(g));
                }
                if let Some(a) = &c.author {
                    meta.push(format!("by {}", v(a)));
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
                meta.push(format!("id {}", c.id));
                out.push_str(&format!("        [{}]\n", meta.join(" · ")));
            }
        }
    }
    out
}
