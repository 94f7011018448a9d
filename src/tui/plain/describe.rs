//! What the plain mode prints: the prompt's place, the slot's answers numbered, the help from
//! the command table, and the panel on top in words. Every text that came from a person or a
//! file is made safe first: control characters are shown as symbols, never sent raw.

use std::time::Duration;

use crate::model::Contribution;
use crate::model::convergence::{RoundKind, RoundState};
use crate::tui::converge::{
    AxesStep, ThemesStep, VoteStep, ballot, describe_round, dots_on, round_items, themes, voter,
};
use crate::tui::keymap::plain::{Form, Takes, form};
use crate::tui::keymap::{Command, Context, what};
use crate::tui::state::{Run, State};
use crate::tui::text::{display_line, truncate};

/// A line made safe to print: control characters as symbols, line breaks as " / ".
pub fn safe(text: &str) -> String {
    text.lines()
        .map(display_line)
        .collect::<Vec<_>>()
        .join(" / ")
}

/// A status without the full screen's marks ("✓ saved …" is said "saved …").
pub fn unmarked(text: &str) -> String {
    safe(text.trim_start_matches("✓ "))
}

/// A text of several lines, each line indented, made safe.
pub fn indented(text: &str) -> String {
    text.lines()
        .map(|l| format!("  {}", display_line(l)))
        .collect::<Vec<_>>()
        .join("\n")
}

pub fn minutes(left: Duration) -> String {
    let m = left.as_secs().div_ceil(60);
    format!("{m} minute{}", if m == 1 { "" } else { "s" })
}

/// Where an answer typed now will go: "Table 1 › 4. What has your career path looked like…".
pub fn place(run: &Run) -> String {
    let t = run.target();
    // An edit stays with the answer's own group.
    let group = match &t.editing {
        Some(id) => run.session.contribution(id).and_then(|c| c.group.clone()),
        None => t.group.clone(),
    };
    let who = group.as_deref().map_or("no group".to_owned(), display_line);
    let slot = truncate(&display_line(&t.slot_label), 60);
    let choices = choices(run);
    let part = match (t.has_fields, choices.is_empty()) {
        (false, _) => String::new(),
        (true, true) => format!(" · {}", display_line(&t.field_label)),
        (true, false) => format!(
            " · {} ({})",
            display_line(&t.field_label),
            safe(&choices.join(" / "))
        ),
    };
    let edit = match &t.editing {
        Some(id) => {
            let n = crate::tui::update::board_order(run)
                .iter()
                .position(|o| o == id)
                .map_or_else(String::new, |i| format!(" {}", i + 1));
            format!("Editing answer{n}: ")
        }
        None => String::new(),
    };
    // The answer it goes under (a consequence under the one it follows from), as the box says.
    let under = t.parent.as_deref().map_or_else(String::new, |p| {
        format!(" under ‘{}’", truncate(&display_line(p), 40))
    });
    format!("{edit}{who} › {slot}{under}{part}")
}

/// The choices of the focused field, when it is a mark (empty for free text).
pub fn choices(run: &Run) -> Vec<String> {
    let slot = run.current_slot();
    run.capture_field
        .checked_sub(1)
        .and_then(|i| slot.fields.get(i))
        .map(|f| f.choices.clone())
        .unwrap_or_default()
}

pub fn agenda_line(run: &Run) -> String {
    let e = run.current_exercise();
    format!(
        "Agenda: exercise {} of {}, {} ({} min). /list shows its answers.",
        run.exercise + 1,
        run.session.scenario.agenda.len(),
        display_line(&e.title),
        e.minutes
    )
}

pub fn arrived_line(run: &Run, c: &Contribution) -> String {
    let group = c
        .group
        .as_deref()
        .map_or("no group".to_owned(), display_line);
    let slot = run
        .agenda
        .iter()
        .find(|e| e.id == c.exercise)
        .and_then(|e| e.slots().into_iter().find(|s| s.id == c.slot))
        .map_or_else(|| display_line(&c.slot), |s| display_line(&s.label));
    format!(
        "Arrived from {group} › {}: {}",
        truncate(&slot, 40),
        safe(&c.text)
    )
}

/// The slot's answers, numbered as the commands take them.
pub fn list(run: &Run) -> Vec<String> {
    let order = crate::tui::update::board_order(run);
    let mut out = vec![format!(
        "{}: {} answer{}.",
        display_line(&run.current_exercise().title),
        order.len(),
        if order.len() == 1 { "" } else { "s" }
    )];
    let mut slot = None;
    for (i, id) in order.iter().enumerate() {
        let Some(c) = run.session.contribution(id) else {
            continue;
        };
        if slot != Some(&c.slot) {
            slot = Some(&c.slot);
            let label = run
                .current_slots()
                .iter()
                .find(|s| s.id == c.slot)
                .map_or_else(|| display_line(&c.slot), |s| display_line(&s.label));
            out.push(format!("{label}:"));
        }
        let group = c
            .group
            .as_deref()
            .map_or("no group".to_owned(), display_line);
        let mut marks = Vec::new();
        if c.hidden {
            marks.push("off the record");
        }
        if c.starred {
            marks.push("starred");
        }
        if c.edited.is_some() {
            marks.push("edited");
        }
        let marks = if marks.is_empty() {
            String::new()
        } else {
            format!(" ({})", marks.join(", "))
        };
        let mut lines = c.text.lines();
        let first = lines.next().map(display_line).unwrap_or_default();
        out.push(format!("{}. {group}: {first}{marks}", i + 1));
        for l in lines {
            out.push(format!("   {}", display_line(l)));
        }
        for (name, value) in &c.fields {
            out.push(format!("   {}: {}", display_line(name), safe(value)));
        }
    }
    out
}

/// The exercise's slots: those whose label holds `words`, else the few around the current one
/// (a role-clarity grid has hundreds), ten at most.
pub fn slots(run: &Run, words: &str) -> Vec<String> {
    let all = run.current_slots();
    let here = run.slot_index();
    let words = words.trim().to_lowercase();
    let shown: Vec<usize> = if words.is_empty() {
        (here.saturating_sub(4)..all.len()).take(10).collect()
    } else {
        (0..all.len())
            .filter(|i| all[*i].label.to_lowercase().contains(&words))
            .collect()
    };
    let mut out = vec![format!(
        "{} slot{} in this exercise; /slot N goes to the Nth, /slot WORDS lists those naming them{}:",
        all.len(),
        if all.len() == 1 { "" } else { "s" },
        if words.is_empty() {
            String::new()
        } else {
            format!(" ({} found)", shown.len())
        }
    )];
    for &i in shown.iter().take(10) {
        let mark = if i == here { " (here)" } else { "" };
        out.push(format!("{}. {}{mark}", i + 1, display_line(&all[i].label)));
    }
    if shown.len() > 10 {
        out.push(format!("… and {} more.", shown.len() - 10));
    }
    out
}

pub fn groups(run: &Run) -> Vec<String> {
    let mut out = vec!["The groups (/group N or /group NAME):".to_owned()];
    for (i, g) in run.session.groups.iter().enumerate() {
        let here = if Some(i) == run.group { " (here)" } else { "" };
        out.push(format!("{}. {}{here}", i + 1, display_line(g)));
    }
    if run.session.groups.is_empty() {
        out.push("No groups: /new_group adds one.".to_owned());
    }
    out
}

pub fn agenda(run: &Run) -> Vec<String> {
    let mut out = vec!["The agenda (/exercise N goes there):".to_owned()];
    for (i, e) in run.agenda.iter().enumerate() {
        let here = if i == run.exercise { " (here)" } else { "" };
        out.push(format!(
            "{}. {} ({} min){here}",
            i + 1,
            display_line(&e.title),
            e.minutes
        ));
    }
    out
}

/// Where a command that the prompt does not take is typed.
pub fn where_typed(c: Command) -> String {
    match form(c) {
        Form::Line(how) => format!("is not typed: {how}"),
        Form::Typed(_) if c == Command::VotePanel => "is for hearth join".to_owned(),
        Form::Typed(_) => "is typed in the panel or question it belongs to".to_owned(),
    }
}

/// The commands of a panel or question, as typed.
pub fn layer_words(state: &State, ctx: Context) -> String {
    state
        .keymap
        .table(ctx)
        .iter()
        .filter(|(_, k)| !k.is_empty())
        .map(|(c, _)| c.name())
        .collect::<Vec<_>>()
        .join(", ")
}

/// What the prompt calls the panel on top.
pub fn layer_name(state: &State, ctx: Context) -> String {
    let heading = state.keymap.heading(ctx);
    heading
        .split(" (")
        .next()
        .unwrap_or(&heading)
        .trim()
        .to_owned()
}

/// The help from the command table: at the prompt (`Context::Typing`), every command of the
/// run screen in its plain form; in a panel, that panel's commands.
pub fn help(state: &State, ctx: Context) -> Vec<String> {
    let mut out = Vec::new();
    if ctx != Context::Typing {
        out.push(format!(
            "{}: type a command's name (with or without /).",
            layer_name(state, ctx)
        ));
        for (c, keys) in state.keymap.table(ctx) {
            if !keys.is_empty() {
                out.push(format!(
                    "  {} — {}",
                    c.name(),
                    state.keymap.fill(what(ctx, *c))
                ));
            }
        }
        return out;
    }
    out.push(
        "Commands (from hearth's command table; each also has a key on the full screen):".into(),
    );
    let mut lines: Vec<&str> = Vec::new();
    for context in [Context::Anywhere, Context::Typing, Context::Selecting] {
        for (c, _) in state.keymap.table(context) {
            match form(*c) {
                Form::Typed(takes) => {
                    let arg = if takes == Takes::Answer { " [N]" } else { "" };
                    let line = format!(
                        "  /{}{arg} — {}",
                        c.name(),
                        state.keymap.fill(what(context, *c))
                    );
                    if !out.contains(&line) {
                        out.push(line);
                    }
                }
                Form::Line(how) => {
                    if !lines.contains(&how) {
                        lines.push(how);
                    }
                }
            }
        }
    }
    out.push("  /list — the slot's answers, numbered: [N] is a number from it (the newest when left out)".into());
    out.push("  /slot [N], /group [N or NAME], /exercise [N] — go there (alone: list them); /next, /previous — the next or previous exercise; /reveal — the same as /conceal".into());
    out.push("Typing:".into());
    for how in lines {
        out.push(format!("  {how}"));
    }
    out
}

/// The panel, form or question on top, in words: `None` when there is none.
pub fn panel(state: &State) -> Option<String> {
    let ctx = crate::tui::layers::run_top(state)?;
    let run = state.run()?;
    let mut out = Vec::new();
    match ctx {
        Context::QuitQuestion => {
            out = vec![
                "There is unsaved text in the box. save: save it, then quit; discard: discard it and quit; back: back to typing.".into(),
            ];
        }
        Context::Confirm => {
            let text = run
                .withdraw_ask
                .as_ref()
                .and_then(|id| run.session.contribution(id))
                .map_or_else(String::new, |c| format!(" “{}”", safe(&c.text)));
            out = vec![format!(
                "Withdraw{text} for good? Its words are erased from the session's files. yes or no."
            )];
        }
        Context::VoteSetup | Context::Vote => vote(run, &mut out),
        Context::Themes | Context::ThemeName | Context::ThemeMerge => theme_panel(run, &mut out),
        Context::AxesPick | Context::AxesName => axes(run, &mut out),
        Context::Details => {
            if let Some(form) = &run.details {
                out.push(
                    "A line typed replaces the chosen field; next_field moves on, save saves them all."
                        .into(),
                );
                for (i, (label, b)) in form.labels.iter().zip(form.fields.iter()).enumerate() {
                    out.push(chosen(
                        i == form.field,
                        &format!("{}: {}", display_line(label), safe(b.text())),
                    ));
                }
                if let Some(e) = &form.error {
                    out.push(safe(e));
                }
            }
        }
        Context::Breakout => {
            if let Some(b) = &run.breakout {
                let names = b
                    .names
                    .text()
                    .lines()
                    .filter(|l| !l.trim().is_empty())
                    .count();
                out.push(format!(
                    "{names} names (a line typed adds one); {} groups (more_groups, fewer_groups); draw draws them.",
                    b.groups
                ));
                for (i, g) in b.result.iter().enumerate() {
                    out.push(format!("  Group {}: {}", i + 1, safe(&g.join(", "))));
                }
            }
        }
        Context::NoteTakers => {
            if let Some(s) = &run.sharing {
                out.push(format!(
                    "Note-takers open {} and type {}.",
                    display_line(&s.url),
                    display_line(&s.code)
                ));
                for (i, d) in s.devices.iter().enumerate() {
                    let name = d
                        .name
                        .as_deref()
                        .map_or(String::new(), |n| format!(" ({})", display_line(n)));
                    let revoked = if d.revoked { ", revoked" } else { "" };
                    out.push(chosen(
                        i == s.selected,
                        &format!(
                            "device {}{name}: {}, {} answers{revoked}",
                            display_line(&d.id),
                            display_line(&d.group),
                            d.answers
                        ),
                    ));
                }
            }
        }
        Context::SeedPick => {
            if let Some(f) = &run.seed {
                out.push(
                    "Answers that can seed this exercise (confirm picks the chosen one):".into(),
                );
                for (i, (_, listed)) in f.candidates.iter().enumerate() {
                    out.push(chosen(i == f.choice, &safe(listed)));
                }
            }
        }
        Context::MoveToGroup => {
            if let Some(p) = &run.group_picker {
                for (i, g) in run.session.groups.iter().enumerate() {
                    out.push(chosen(i == p.choice, &display_line(g)));
                }
                out.push(chosen(p.choice == run.session.groups.len(), "no group"));
            }
        }
        Context::Anywhere
        | Context::Typing
        | Context::Selecting
        | Context::Join
        | Context::Home
        | Context::NewSessionForm
        | Context::Help
        | Context::Spotlight
        | Context::NewGroup
        | Context::JoinDots
        | Context::JoinRating
        | Context::Editing
        | Context::PlanEditor
        | Context::PlanField
        | Context::KindPicker => {
            if let Some(s) = &state.banner {
                out.push(safe(s));
            }
        }
    }
    Some(out.join("\n"))
}

fn chosen(yes: bool, text: &str) -> String {
    if yes {
        format!("  chosen: {text}")
    } else {
        format!("  {text}")
    }
}

fn vote(run: &Run, out: &mut Vec<String>) {
    let Some(panel) = &run.vote else { return };
    match &panel.step {
        VoteStep::Setup { options, choice } => {
            out.push("Votes that can be opened (confirm opens the chosen one):".into());
            for (i, o) in options.iter().enumerate() {
                let slot = o.slot.as_deref().and_then(|s| {
                    run.current_slots()
                        .iter()
                        .find(|x| x.id == s)
                        .map(|x| display_line(&x.label))
                });
                out.push(chosen(
                    i == *choice,
                    &format!(
                        "{}. {}",
                        i + 1,
                        describe_round(o.kind, o.on, slot.as_deref())
                    ),
                ));
            }
        }
        VoteStep::Round(entry) => {
            let session = &run.session;
            let Some(round) = session.convergence.round(&entry.round) else {
                return;
            };
            let state = match round.state {
                RoundState::Open => "open",
                RoundState::Closed => "closed",
                RoundState::Revealed => "revealed",
            };
            out.push(format!(
                "The vote ({}) is {state}.",
                describe_round(round.kind, round.on, None)
            ));
            let group = session.groups.get(entry.group).map(String::as_str);
            let items = round_items(session, round);
            if let Some(g) = group {
                out.push(format!("Entering the votes of {}:", display_line(g)));
            }
            let choice = group.and_then(|g| ballot(session, &round.id, &voter(g)));
            let tally = session.convergence.tally(&round.id);
            for (i, item) in items.iter().enumerate() {
                let given = match round.kind {
                    RoundKind::Dots { .. } => format!("{} dots", dots_on(choice, item.id)),
                    RoundKind::Rating => match choice {
                        Some(crate::model::convergence::Choice::Ratings(r)) => {
                            r.get(item.id).map_or("not rated".to_owned(), |r| {
                                format!("impact {}, uncertainty {}", r.impact, r.uncertainty)
                            })
                        }
                        _ => "not rated".to_owned(),
                    },
                };
                let result = if round.state == RoundState::Revealed {
                    tally
                        .iter()
                        .find(|t| t.item == item.id)
                        .map_or(String::new(), |t| match round.kind {
                            RoundKind::Dots { .. } => format!("; in all {} dots", t.count),
                            RoundKind::Rating => format!(
                                "; mean impact {:.1}, uncertainty {:.1}",
                                t.impact, t.uncertainty
                            ),
                        })
                } else {
                    String::new()
                };
                out.push(chosen(
                    i == entry.item,
                    &format!("{}. {} — {given}{result}", i + 1, safe(item.text)),
                ));
            }
        }
    }
}

fn theme_panel(run: &Run, out: &mut Vec<String>) {
    let Some(panel) = &run.themes else { return };
    if let Some(c) = panel
        .answer
        .as_ref()
        .and_then(|a| run.session.contribution(a))
    {
        out.push(format!("The answer: {}", safe(&c.text)));
    }
    let list = themes(&run.session, &panel.exercise);
    let choice = match &panel.step {
        ThemesStep::MergeInto { choice, .. } => *choice,
        ThemesStep::Choose | ThemesStep::Name { .. } => panel.choice,
    };
    if let ThemesStep::Name { .. } = &panel.step {
        out.push("Type the theme's name and press Enter.".into());
    }
    for (i, t) in list.iter().enumerate() {
        out.push(chosen(
            i == choice,
            &format!("{}. {}", i + 1, safe(&t.name)),
        ));
    }
    if list.is_empty() {
        out.push("No themes yet: new_theme makes one.".into());
    }
}

fn axes(run: &Run, out: &mut Vec<String>) {
    let Some(form) = &run.axes else { return };
    match &form.step {
        AxesStep::Pick => {
            out.push(format!(
                "Choose the {} axis (confirm picks it):",
                if form.picked.is_empty() {
                    "horizontal"
                } else {
                    "vertical"
                }
            ));
            for (i, c) in form.candidates.iter().enumerate() {
                out.push(chosen(
                    i == form.choice,
                    &format!("{}. {}", i + 1, safe(&c.text)),
                ));
            }
            out.push(chosen(
                form.choice == form.candidates.len(),
                "a free axis (named by you)",
            ));
        }
        AxesStep::Name { field, .. } => {
            let label = crate::tui::converge::AXIS_FIELDS
                .get(*field)
                .map_or("", |l| l.trim());
            out.push(format!("Type the {label} and press Enter."));
        }
    }
}
