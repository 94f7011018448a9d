//! Markdown (CommonMark, with GitHub's tables), shaped like a blog write-up.
//!
//! Typed text is escaped so that the rendered page shows exactly what was typed: ASCII
//! punctuation that Markdown reads as syntax gets a backslash, white space at the start or end
//! of a line (which Markdown strips) and a carriage return become numeric character references,
//! a line break inside an answer becomes a hard line break (`\` at the end of the line), and a
//! line break at the very start or end of an answer becomes `&#10;`. Table cells use `<br>` for
//! line breaks. A NUL character, which Markdown cannot carry, is shown as `␀`.

use std::fmt::Write;

use super::graph::PathwayGraph;
use super::{GroupScenario, View, mermaid};
use crate::model::exercise::checklist::Checklist;
use crate::model::exercise::futures_triangle::{CORNERS, FuturesTriangle, UNCERTAINTIES};
use crate::model::exercise::role_clarity::{RoleClarity, cell_slot};
use crate::model::exercise::scenario_building::{ROOM_SLOTS, ScenarioBuilding};
use crate::model::exercise::value_conflict::{APPROACHES_SLOT, ValueConflict};
use crate::model::exercise::{ExerciseKind, Question, UNPLACED_SLOT};
use crate::model::{Contribution, Exercise};

pub(super) fn render(view: &View) -> String {
    let s = view.session;
    let size: usize = view.shown.iter().map(|c| c.text.len() + 8).sum();
    let mut out = String::with_capacity(size + size / 4 + 4096);
    out.push_str("# ");
    heading(&mut out, &s.title);
    out.push_str("\n\n");
    let facts: Vec<String> = view.facts().iter().map(|f| escaped_inline(f)).collect();
    out.push_str(&facts.join(" · "));
    if let Some(f) = view.facilitators() {
        out.push_str("\\\nFacilitated by ");
        inline(&mut out, &f);
    }
    out.push_str("\n\n");
    if !s.notes.is_empty() {
        block(&mut out, &s.notes, "");
        out.push_str("\n\n");
    }
    for exercise in &s.scenario.agenda {
        out.push_str("## ");
        heading(&mut out, &exercise.title);
        out.push_str("\n\n");
        paragraph(&mut out, &exercise.instructions);
        match &exercise.kind {
            ExerciseKind::PromptRound(k) => questions(&mut out, view, exercise, &k.questions),
            ExerciseKind::PathwayBrainstorm(k) => {
                questions(&mut out, view, exercise, &k.questions);
                pathways(&mut out, view, exercise, &k.questions);
            }
            ExerciseKind::FuturesTriangle(k) => triangle(&mut out, view, exercise, k),
            ExerciseKind::ScenarioBuilding(k) => scenarios(&mut out, view, exercise, k),
            ExerciseKind::ValueConflict(k) => value_conflict(&mut out, view, exercise, k),
            ExerciseKind::RoleClarity(k) => role_clarity(&mut out, view, exercise, k),
            ExerciseKind::Checklist(k) => checklist(&mut out, view, exercise, k),
        }
        let unplaced = view.slot(&exercise.id, UNPLACED_SLOT);
        if !unplaced.is_empty() {
            out.push_str("### Not yet placed\n\n");
            out.push_str("Imported lines that could not be matched to a question.\n\n");
            bullets(&mut out, view, unplaced);
        }
    }
    out
}

// ---- prompt rounds and pathway brainstorms ----

fn questions(out: &mut String, view: &View, exercise: &Exercise, questions: &[Question]) {
    for q in questions {
        out.push_str("### ");
        heading(out, &q.heading());
        out.push_str("\n\n");
        paragraph(out, &q.follow_up);
        bullets(out, view, view.slot(&exercise.id, &q.id));
    }
}

fn pathways(out: &mut String, view: &View, exercise: &Exercise, questions: &[Question]) {
    let graph = PathwayGraph::from_answers(
        questions
            .iter()
            .flat_map(|q| view.slot(&exercise.id, &q.id))
            .map(|c| c.text.as_str()),
    );
    if graph.is_empty() {
        return;
    }
    out.push_str("### All pathways\n\n");
    let _ = write!(
        out,
        "{} {}, merged: the same step is one box, and a number on an arrow counts the pathways that take it.\n\n",
        graph.pathways,
        if graph.pathways == 1 {
            "pathway"
        } else {
            "pathways"
        }
    );
    match mermaid::flowchart(&graph) {
        Some(chart) => {
            out.push_str("```mermaid\n");
            out.push_str(&chart);
            out.push_str("```\n\n");
        }
        None => {
            let _ = write!(
                out,
                "(With {} steps and {} links, the diagram is too large to draw here; the HTML export draws it.)\n\n",
                graph.nodes.len(),
                graph.edges.len()
            );
        }
    }
}

// ---- the Futures Triangle ----

fn triangle(out: &mut String, view: &View, exercise: &Exercise, t: &FuturesTriangle) {
    out.push_str("**Topic:** ");
    block(out, &t.topic, "");
    out.push_str("\n\n");
    for (slot, name, _) in CORNERS.iter().chain(std::iter::once(&UNCERTAINTIES)) {
        out.push_str("### ");
        out.push_str(name);
        out.push_str("\n\n");
        paragraph(out, t.prompt(slot));
        bullets(out, view, view.slot(&exercise.id, slot));
    }
}

// ---- scenario building ----

fn scenarios(out: &mut String, view: &View, exercise: &Exercise, k: &ScenarioBuilding) {
    out.push_str("**Focal question:** ");
    block(out, &k.focal_question, "");
    out.push_str("\n\n");
    if !k.horizon.is_empty() {
        out.push_str("**Horizon:** ");
        block(out, &k.horizon, "");
        out.push_str("\n\n");
    }
    if let Some(m) = &k.matrix {
        let _ = write!(
            out,
            "**Matrix.** Across: {} ({} ↔ {}). Up: {} ({} ↔ {}).\n\n",
            escaped_inline(&m.x.name),
            escaped_inline(&m.x.low),
            escaped_inline(&m.x.high),
            escaped_inline(&m.y.name),
            escaped_inline(&m.y.low),
            escaped_inline(&m.y.high),
        );
    }
    for (n, scenario) in view.group_scenarios(&exercise.id).into_iter().enumerate() {
        let n = n + 1;
        let GroupScenario {
            group,
            titles,
            narratives,
            timeline,
            traits,
        } = scenario;
        out.push_str("### ");
        if titles.is_empty() {
            let _ = write!(out, "Scenario {n}");
        }
        for (i, t) in titles.iter().enumerate() {
            if i > 0 {
                out.push_str(" / ");
            }
            heading(out, &t.text);
        }
        out.push_str("\n\n");
        if view.options.by_group {
            out.push_str("Group: ");
            inline(out, group.unwrap_or("no group"));
            out.push_str("\n\n");
        }
        for t in &titles {
            let (x, y) = (t.fields.get("x"), t.fields.get("y"));
            if x.is_some() || y.is_some() {
                out.push_str("Quadrant: ");
                let poles: Vec<String> = [x, y]
                    .into_iter()
                    .flatten()
                    .map(|p| escaped_inline(p))
                    .collect();
                out.push_str(&poles.join(", "));
                label_suffix(out, view, t);
                out.push_str("\n\n");
            }
        }
        for c in narratives {
            label_prefix_in_group(out, view, c);
            block(out, &c.text, "");
            out.push_str("\n\n");
        }
        if !timeline.is_empty() {
            out.push_str("**Timeline**\n\n");
            for c in timeline {
                out.push_str("- **");
                inline(out, c.fields.get("year").map_or("", String::as_str));
                out.push_str(":** ");
                label_prefix_in_group(out, view, c);
                block(out, &c.text, "  ");
                out.push('\n');
            }
            out.push('\n');
        }
        if !traits.is_empty() {
            out.push_str("**Characteristics**\n\n");
            bullets(out, view, &traits);
        }
    }
    for (slot, name) in ROOM_SLOTS {
        let items = view.slot(&exercise.id, slot);
        if !items.is_empty() {
            let _ = write!(out, "### {name}\n\n");
            bullets(out, view, items);
        }
    }
}

// ---- value conflicts ----

fn value_conflict(out: &mut String, view: &View, exercise: &Exercise, k: &ValueConflict) {
    paragraph(out, &k.situation);
    if !k.values.is_empty() {
        out.push_str("**Values in tension**\n\n");
        for v in &k.values {
            out.push_str("- ");
            block(out, v, "  ");
            out.push('\n');
        }
        out.push('\n');
    }
    let rows = view.slot(&exercise.id, APPROACHES_SLOT);
    if rows.is_empty() && k.worked_rows.is_empty() {
        return;
    }
    let who = !k.worked_rows.is_empty() || rows.iter().any(|c| !view.label_parts(c).is_empty());
    out.push_str(if who {
        "| | Approach | Benefits | Risks |\n|---|---|---|---|\n"
    } else {
        "| Approach | Benefits | Risks |\n|---|---|---|\n"
    });
    for row in &k.worked_rows {
        out.push_str("| Worked example | ");
        for text in [&row.approach, &row.benefits, &row.risks] {
            cell(out, text);
            out.push_str(" |");
            out.push(' ');
        }
        out.pop();
        out.push('\n');
    }
    for c in rows {
        out.push_str("| ");
        if who {
            cell(out, &view.label_parts(c).join(" · "));
            out.push_str(" | ");
        }
        cell(out, &c.text);
        for name in ["benefits", "risks"] {
            out.push_str(" | ");
            cell(out, c.fields.get(name).map_or("", String::as_str));
        }
        out.push_str(" |\n");
    }
    out.push('\n');
}

// ---- role clarity ----

fn role_clarity(out: &mut String, view: &View, exercise: &Exercise, k: &RoleClarity) {
    paragraph(out, &k.question);
    out.push_str("**Criteria**\n\n");
    for c in &k.criteria {
        out.push_str("- (");
        inline(out, &c.id);
        out.push_str(") ");
        block(out, &c.text, "  ");
        out.push('\n');
    }
    out.push('\n');
    grid_header(out, k);
    for a in &k.activities {
        out.push_str("| ");
        cell(out, &a.text);
        for crit in &k.criteria {
            out.push_str(" | ");
            for (i, c) in view
                .slot(&exercise.id, &cell_slot(&a.id, &crit.id))
                .iter()
                .enumerate()
            {
                if i > 0 {
                    out.push_str("<br>");
                }
                let parts = view.label_parts(c);
                if !parts.is_empty() {
                    out.push_str("**");
                    cell(out, &parts.join(" · "));
                    out.push_str(":** ");
                }
                cell(out, c.fields.get("mark").map_or("", String::as_str));
                if !c.text.is_empty() {
                    out.push_str(" — ");
                    cell(out, &c.text);
                }
            }
        }
        out.push_str(" |\n");
    }
    out.push('\n');
    if !k.reference.is_empty() {
        out.push_str("**Reference answers");
        if !k.reference_source.is_empty() {
            out.push_str(" (");
            inline(out, &k.reference_source);
            out.push(')');
        }
        out.push_str("**\n\n");
        grid_header(out, k);
        for a in &k.activities {
            out.push_str("| ");
            cell(out, &a.text);
            for crit in &k.criteria {
                out.push_str(" | ");
                if let Some(r) = k.reference_for(&a.id, &crit.id) {
                    if let Some(mark) = &r.mark {
                        cell(out, mark);
                        if !r.text.is_empty() {
                            out.push_str(" — ");
                        }
                    }
                    cell(out, &r.text);
                }
            }
            out.push_str(" |\n");
        }
        out.push('\n');
    }
}

fn grid_header(out: &mut String, k: &RoleClarity) {
    out.push_str("| Activity |");
    for c in &k.criteria {
        out.push_str(" (");
        cell(out, &c.id);
        out.push_str(") |");
    }
    out.push_str("\n|---|");
    for _ in &k.criteria {
        out.push_str("---|");
    }
    out.push('\n');
}

// ---- checklists ----

fn checklist(out: &mut String, view: &View, exercise: &Exercise, k: &Checklist) {
    let mut section: Option<&str> = None;
    for (i, item) in k.items.iter().enumerate() {
        if i == 0 || section != Some(item.section.as_str()) {
            if i > 0 {
                out.push('\n');
            }
            if !item.section.is_empty() {
                out.push_str("### ");
                heading(out, &item.section);
                out.push_str("\n\n");
            }
            out.push_str("| Item | In place? |\n|---|---|\n");
            section = Some(&item.section);
        }
        out.push_str("| ");
        cell(out, &item.text);
        out.push_str(" | ");
        for (j, c) in view.slot(&exercise.id, &item.id).iter().enumerate() {
            if j > 0 {
                out.push_str("<br>");
            }
            let parts = view.label_parts(c);
            if !parts.is_empty() {
                out.push_str("**");
                cell(out, &parts.join(" · "));
                out.push_str(":** ");
            }
            cell(out, c.fields.get("checked").map_or("", String::as_str));
            if !c.text.is_empty() {
                out.push_str(" — ");
                cell(out, &c.text);
            }
        }
        out.push_str(" |\n");
    }
    out.push('\n');
}

// ---- answers as bullets ----

fn bullets(out: &mut String, view: &View, items: &[&Contribution]) {
    if items.is_empty() {
        return;
    }
    for c in items {
        out.push_str("- ");
        label_prefix(out, view, c);
        block(out, &c.text, "  ");
        out.push('\n');
        for (name, value) in &c.fields {
            if value.is_empty() {
                continue;
            }
            out.push_str("  - *");
            out.push_str(&field_title(name));
            out.push_str(":* ");
            block(out, value, "    ");
            out.push('\n');
        }
    }
    out.push('\n');
}

/// `**Table 1 · off the record:** ` before an answer, when labels apply.
fn label_prefix(out: &mut String, view: &View, c: &Contribution) {
    let parts = view.label_parts(c);
    label(out, &parts);
}

/// As [`label_prefix`], without the group (inside a section that names it already).
fn label_prefix_in_group(out: &mut String, view: &View, c: &Contribution) {
    let mut parts = view.label_parts(c);
    if view.options.by_group && c.group.is_some() {
        parts.remove(0);
    }
    label(out, &parts);
}

fn label(out: &mut String, parts: &[&str]) {
    if !parts.is_empty() {
        out.push_str("**");
        inline(out, &parts.join(" · "));
        out.push_str(":** ");
    }
}

fn label_suffix(out: &mut String, view: &View, c: &Contribution) {
    let mut parts = view.label_parts(c);
    if view.options.by_group && c.group.is_some() {
        parts.remove(0);
    }
    if !parts.is_empty() {
        out.push_str(" (");
        inline(out, &parts.join(" · "));
        out.push(')');
    }
}

/// "benefits" -> "Benefits".
fn field_title(name: &str) -> String {
    let mut chars = name.chars();
    let title: String = match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    };
    escaped_inline(&title)
}

fn paragraph(out: &mut String, text: &str) {
    if !text.is_empty() {
        block(out, text, "");
        out.push_str("\n\n");
    }
}

// ---- escaping ----

/// Text on one line (a label, a fact): a line break becomes `&#10;`.
pub(crate) fn inline(out: &mut String, text: &str) {
    one_line(out, text, true);
}

/// A heading's text: as [`inline`], but a heading cannot start a list or a quote.
fn heading(out: &mut String, text: &str) {
    one_line(out, text, false);
}

fn one_line(out: &mut String, text: &str, at_line_start: bool) {
    for (i, line) in text.split('\n').enumerate() {
        if i > 0 {
            out.push_str("&#10;");
        }
        line_text(out, line, at_line_start && i == 0);
    }
}

fn escaped_inline(text: &str) -> String {
    let mut s = String::with_capacity(text.len() + 8);
    inline(&mut s, text);
    s
}

/// Text that may span lines, as a paragraph or list item's content. Lines after the first are
/// indented by `indent` so they stay inside the list item.
pub(crate) fn block(out: &mut String, text: &str, indent: &str) {
    let core = text.trim_matches('\n');
    let leading = text.len() - text.trim_start_matches('\n').len();
    let trailing = if core.is_empty() {
        0
    } else {
        text.len() - text.trim_end_matches('\n').len()
    };
    for _ in 0..leading {
        out.push_str("&#10;");
    }
    if !core.is_empty() {
        for (i, line) in core.split('\n').enumerate() {
            if i > 0 {
                out.push_str("\\\n");
                out.push_str(indent);
            }
            line_text(out, line, true);
        }
    }
    for _ in 0..trailing {
        out.push_str("&#10;");
    }
}

/// Text inside a table cell: line breaks become `<br>`.
pub(crate) fn cell(out: &mut String, text: &str) {
    for (i, line) in text.split('\n').enumerate() {
        if i > 0 {
            out.push_str("<br>");
        }
        line_text(out, line, false);
    }
}

/// One line of typed text (no `\n`). White space at either end, which Markdown would strip,
/// becomes numeric references; syntax characters get a backslash.
fn line_text(out: &mut String, line: &str, at_line_start: bool) {
    let body = line.trim_start();
    for c in line[..line.len() - body.len()].chars() {
        reference(out, c);
    }
    let core = body.trim_end();
    let tail = &body[core.len()..];
    let bytes = core.as_bytes();
    let mut chars = core.char_indices().peekable();
    if at_line_start && let Some(&(_, first)) = chars.peek() {
        if matches!(first, '-' | '+' | '=' | '>') {
            out.push('\\');
            out.push(first);
            chars.next();
        } else if first.is_ascii_digit() {
            // "12. x" or "12) x" would start an ordered list.
            let digits = bytes.iter().take_while(|b| b.is_ascii_digit()).count();
            if digits <= 9 && matches!(bytes.get(digits), Some(b'.' | b')')) {
                out.push_str(&core[..digits]);
                out.push('\\');
                out.push(bytes[digits] as char);
                for _ in 0..=digits {
                    chars.next();
                }
            }
        }
    }
    for (i, c) in chars {
        match c {
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '#' | '~' | '|' | '$' => {
                out.push('\\');
                out.push(c);
            }
            '&' if looks_like_reference(&bytes[i + 1..]) => out.push_str("\\&"),
            ':' if looks_like_shortcode(&bytes[i + 1..]) => out.push_str("\\:"),
            '\r' => out.push_str("&#13;"),
            '\0' => out.push('\u{2400}'),
            c => out.push(c),
        }
    }
    for c in tail.chars() {
        reference(out, c);
    }
}

fn reference(out: &mut String, c: char) {
    let _ = write!(out, "&#{};", c as u32);
}

/// Whether `&` followed by `rest` would be read as a character reference (`&amp;`, `&#38;`).
fn looks_like_reference(rest: &[u8]) -> bool {
    let (digits, body) = match rest {
        [b'#', b'x' | b'X', body @ ..] => (16, body),
        [b'#', body @ ..] => (10, body),
        body => (0, body),
    };
    let n = body
        .iter()
        .take_while(|b| match digits {
            16 => b.is_ascii_hexdigit(),
            10 => b.is_ascii_digit(),
            _ => b.is_ascii_alphanumeric(),
        })
        .count();
    n > 0 && body.get(n) == Some(&b';')
}

/// Whether `:` followed by `rest` would be read as an emoji shortcode on GitHub (`:smile:`).
fn looks_like_shortcode(rest: &[u8]) -> bool {
    let n = rest
        .iter()
        .take_while(|b| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'+' | b'-'))
        .count();
    n > 0 && rest.get(n) == Some(&b':')
}

#[cfg(test)]
mod tests {
    use super::*;

    fn b(text: &str) -> String {
        let mut s = String::new();
        block(&mut s, text, "  ");
        s
    }

    #[test]
    fn plain_answers_stay_readable() {
        assert_eq!(
            b("Youth outreach worker --> peer outreach worker"),
            "Youth outreach worker --> peer outreach worker"
        );
        assert_eq!(
            b("actions, activities, & responsibilities"),
            "actions, activities, & responsibilities"
        );
    }

    #[test]
    fn syntax_is_escaped() {
        assert_eq!(b("<script>*x*</script>"), "\\<script>\\*x\\*\\</script>");
        assert_eq!(b("- item"), "\\- item");
        assert_eq!(b("12. x"), "12\\. x");
        assert_eq!(b("&amp; & &#38;"), "\\&amp; & \\&\\#38;");
        assert_eq!(b(" a \nb\n"), "&#32;a&#32;\\\n  b&#10;");
        assert_eq!(b("a\n\nb"), "a\\\n  \\\n  b");
    }
}
