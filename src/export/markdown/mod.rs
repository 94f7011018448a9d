//! Markdown that CommonMark and the common non-strict renderers (Python-Markdown, showdown,
//! markdown-it, GitHub) read the same way.
//!
//! Typed text comes back as typed. A blank line in it starts a new paragraph; a single line
//! break is a hard break written as two spaces at the end of the line (never a backslash,
//! which non-strict renderers show). White space at the ends of a line, which no renderer
//! shows, is left out. Punctuation is escaped only where it would otherwise change the meaning,
//! and then with an escape every renderer reads: a backslash before the characters all of them
//! know (`` \ ` * _ [ ] # + - . ! ( ) > ``), a character reference for the rest (`&lt;` before
//! a tag-like word, `&amp;` before an entity-like word, `&#126;` for a tilde that could strike
//! through). Table cells (GitHub tables) use `\|` and `<br>`. A NUL, which Markdown cannot
//! carry, is shown as `␀`.

use std::borrow::Borrow;
use std::fmt::Write;

use super::mermaid;
use super::writeup::series::SeriesWriteUp;
use super::writeup::{
    Block, Branch, Cell, Drawing, Entry, Figure, Item, Labels, Resource, Section, Table, WriteUp,
};
use crate::model::exercise::notes::is_web_link;

mod inline;

use inline::{cell_text, emphasised, heading_text, line_text, one_line, paragraphs};

/// How figures appear in the Markdown.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct MarkdownFigures {
    /// Where the figure files are, as the Markdown should link them (`figures`): each figure
    /// is an image `![alt](figures/NAME.png)`. `None`: no image links.
    pub dir: Option<String>,
    /// Pathway figures also as a Mermaid flowchart.
    pub mermaid: bool,
}

/// YAML front matter for static-site generators (Jekyll, Hugo, Eleventy, Astro): the title,
/// date, tags and summary, every string double-quoted and escaped.
pub(super) fn front_matter(out: &mut String, doc: &WriteUp) {
    out.push_str("---\ntitle: ");
    yaml_string(out, &doc.title);
    if let Some(date) = &doc.date {
        out.push_str("\ndate: ");
        yaml_string(out, date);
    }
    if doc.tags.is_empty() {
        out.push_str("\ntags: []");
    } else {
        out.push_str("\ntags:");
        for t in &doc.tags {
            out.push_str("\n  - ");
            yaml_string(out, t);
        }
    }
    if !doc.summary.trim().is_empty() {
        out.push_str("\nsummary: ");
        yaml_string(out, &doc.summary);
    }
    out.push_str("\n---\n\n");
}

/// A YAML double-quoted scalar: `\` and `"` escaped, and every character YAML may not carry
/// as it is (controls, DEL, C1, the line and paragraph separators, the byte-order mark) as an
/// escape, so the value reads back exactly.
fn yaml_string(out: &mut String, s: &str) {
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            c if c.is_control()
                || matches!(
                    c,
                    '\u{2028}' | '\u{2029}' | '\u{feff}' | '\u{fffe}' | '\u{ffff}'
                ) =>
            {
                let _ = write!(out, "\\u{:04x}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
}

/// The write-up, appended to `out` (after any front matter already there), with `sections` in
/// place of `doc`'s own (not written): each is written as it comes, so a section built only
/// when asked for is dropped once written.
pub(super) fn render_parts<S: Borrow<Section>>(
    out: &mut String,
    doc: &WriteUp,
    sections: impl IntoIterator<Item = S>,
    figures: &MarkdownFigures,
) {
    out.push_str("# ");
    heading_text(out, &doc.title);
    out.push_str("\n\n");
    let mut facts = String::new();
    line_text(&mut facts, &doc.facts, true);
    if let Some(f) = &doc.facilitators {
        facts.push_str("  \nFacilitated by ");
        one_line(&mut facts, f);
    }
    out.push_str(&facts);
    out.push_str("\n\n");
    if !doc.introduction.trim().is_empty() {
        paragraphs(out, &doc.introduction, "");
        out.push_str("\n\n");
    }
    if !doc.about.is_empty() {
        out.push_str("## About this workshop\n\n");
        for b in &doc.about {
            block(out, b, figures);
        }
    }
    for s in sections {
        section(out, s.borrow(), figures, 2);
    }
    if !doc.closing.trim().is_empty() {
        paragraphs(out, &doc.closing, "");
        out.push_str("\n\n");
    }
    while out.ends_with("\n\n") {
        out.pop();
    }
}

/// A series as one post: its description, then a part per session with that session's facts,
/// introduction and exercises a level down.
pub(super) fn render_series(doc: &SeriesWriteUp, figures: &MarkdownFigures) -> String {
    let mut out = String::with_capacity(32 * 1024);
    out.push_str("# ");
    heading_text(&mut out, &doc.title);
    out.push_str("\n\n");
    if !doc.description.trim().is_empty() {
        paragraphs(&mut out, &doc.description, "");
        out.push_str("\n\n");
    }
    for part in &doc.parts {
        out.push_str("## ");
        heading_text(&mut out, &part.title);
        out.push_str("\n\n");
        let mut facts = String::new();
        line_text(&mut facts, &part.facts, true);
        if let Some(f) = &part.facilitators {
            facts.push_str("  \nFacilitated by ");
            one_line(&mut facts, f);
        }
        if !facts.trim().is_empty() {
            out.push_str(&facts);
            out.push_str("\n\n");
        }
        if !part.introduction.trim().is_empty() {
            paragraphs(&mut out, &part.introduction, "");
            out.push_str("\n\n");
        }
        if !part.about.is_empty() {
            out.push_str("### About this session\n\n");
            for b in &part.about {
                block(&mut out, b, figures);
            }
        }
        for s in &part.sections {
            section(&mut out, s, figures, 3);
        }
        if !part.closing.trim().is_empty() {
            paragraphs(&mut out, &part.closing, "");
            out.push_str("\n\n");
        }
    }
    while out.ends_with("\n\n") {
        out.pop();
    }
    out
}

fn section(out: &mut String, s: &Section, figures: &MarkdownFigures, level: usize) {
    out.push_str(&"#".repeat(level));
    out.push(' ');
    heading_text(out, &s.title);
    out.push_str("\n\n");
    for b in &s.blocks {
        block(out, b, figures);
    }
}

fn block(out: &mut String, b: &Block, figures: &MarkdownFigures) {
    match b {
        Block::Heading { level, text } => {
            for _ in 0..*level {
                out.push('#');
            }
            out.push(' ');
            heading_text(out, text.as_str());
            out.push_str("\n\n");
        }
        Block::Paragraph { lead, text, quiet } => {
            if text.as_str().trim().is_empty() {
                return;
            }
            if let Some(lead) = lead {
                out.push_str("**");
                one_line(out, lead);
                out.push_str(":** ");
                paragraphs(out, text.as_str(), "");
            } else if *quiet {
                emphasised(out, text.as_str(), "*", "");
            } else {
                paragraphs(out, text.as_str(), "");
            }
            out.push_str("\n\n");
        }
        Block::Note(text) => {
            paragraphs(out, text, "");
            out.push_str("\n\n");
        }
        Block::Narration(text) => {
            paragraphs(out, text, "");
            out.push_str("\n\n");
        }
        Block::List(items) => {
            for i in items {
                item(out, i);
            }
            out.push('\n');
        }
        Block::Resources(resources) => {
            for r in resources {
                resource(out, r);
            }
            out.push('\n');
        }
        Block::Tree(branches) => {
            for b in branches {
                branch(out, b, 0);
            }
            out.push('\n');
        }
        Block::Numbered(texts) => {
            for (n, t) in texts.iter().enumerate() {
                let mark = format!("{}. ", n + 1);
                out.push_str(&mark);
                paragraphs(out, t.as_str(), &" ".repeat(mark.len()));
                out.push('\n');
            }
            out.push('\n');
        }
        Block::Tags(tags) => {
            for t in tags {
                out.push_str("- ");
                paragraphs(out, t, "  ");
                out.push('\n');
            }
            out.push('\n');
        }
        Block::Entries(entries) => {
            for e in entries {
                entry(out, e);
            }
        }
        Block::Table(t) => table(out, t),
        Block::Figure(f) => figure(out, f, figures),
        Block::Group { blocks, .. } => {
            for b in blocks {
                block(out, b, figures);
            }
        }
    }
}

/// `**Table 1 · off the record:** ` before an answer, when labels apply.
fn labels(out: &mut String, labels: &Labels) {
    if !labels.is_empty() {
        out.push_str("**");
        one_line(out, &labels.all().join(" · "));
        out.push_str(":** ");
    }
}

fn item(out: &mut String, i: &Item) {
    out.push_str("- ");
    labels(out, &i.labels);
    if let Some(lead) = &i.lead {
        out.push_str("**");
        one_line(out, lead);
        out.push_str(":** ");
    }
    paragraphs(out, &i.text, "  ");
    out.push('\n');
    for (name, value) in &i.fields {
        out.push_str("  - *");
        one_line(out, &field_title(name));
        out.push_str(":* ");
        paragraphs(out, value, "    ");
        out.push('\n');
    }
}

/// An answer of a tree and those under it, each list nested two spaces further in.
fn branch(out: &mut String, b: &Branch, depth: usize) {
    let mut one = String::new();
    item(&mut one, &b.item);
    if let Some(note) = &b.note {
        one.insert_str(2, &format!("*({note})* "));
    }
    let indent = "  ".repeat(depth);
    for line in one.split_inclusive('\n') {
        if line != "\n" {
            out.push_str(&indent);
        }
        out.push_str(line);
    }
    for child in &b.children {
        branch(out, child, depth + 1);
    }
}

/// `- [Title](https://…)` for a web address; any other link follows the title as text.
fn resource(out: &mut String, r: &Resource) {
    out.push_str("- ");
    if r.starred {
        out.push_str("★ ");
    }
    labels(out, &r.labels);
    let link = r.link.trim();
    if is_web_link(link) {
        out.push('[');
        one_line(out, &r.title);
        out.push_str("](");
        link_target(out, link);
        out.push(')');
    } else {
        paragraphs(out, &r.title, "  ");
        if !link.is_empty() {
            out.push_str(" — ");
            one_line(out, link);
        }
    }
    out.push('\n');
}

/// A bold title (with its labels after it) and its elaboration as a paragraph.
fn entry(out: &mut String, e: &Entry) {
    emphasised(out, &e.title, "**", "");
    if !e.labels.is_empty() {
        out.push_str(" (");
        one_line(out, &e.labels.all().join(" · "));
        out.push(')');
    }
    out.push_str("\n\n");
    if !e.body.trim().is_empty() {
        paragraphs(out, &e.body, "");
        out.push_str("\n\n");
    }
}

fn table(out: &mut String, t: &Table) {
    out.push('|');
    for h in &t.head {
        out.push(' ');
        cell_text(out, h);
        out.push_str(" |");
    }
    out.push_str("\n|");
    for _ in &t.head {
        out.push_str("---|");
    }
    out.push('\n');
    for row in &t.rows {
        out.push('|');
        for c in row {
            out.push(' ');
            cell(out, c);
            out.push_str(" |");
        }
        out.push('\n');
    }
    out.push('\n');
}

fn cell(out: &mut String, c: &Cell) {
    for (i, e) in c.0.iter().enumerate() {
        if i > 0 {
            out.push_str("<br>");
        }
        if !e.labels.is_empty() {
            out.push_str("**");
            cell_text(out, &e.labels.all().join(" · "));
            out.push_str(":** ");
        }
        if let Some(m) = &e.mark {
            cell_text(out, m);
            if !e.text.as_str().is_empty() {
                out.push_str(" — ");
            }
        }
        cell_text(out, e.text.as_str());
    }
}

fn figure(out: &mut String, f: &Figure, figures: &MarkdownFigures) {
    let mermaid = figures.mermaid && matches!(f.drawing, Drawing::Pathways(_));
    if let Some(title) = f
        .title
        .as_ref()
        .filter(|_| figures.dir.is_some() || mermaid)
    {
        out.push_str("### ");
        heading_text(out, title);
        out.push_str("\n\n");
    }
    if let Some(dir) = &figures.dir {
        out.push_str("![");
        one_line(out, &f.alt);
        out.push_str("](");
        link_target(out, &format!("{dir}/{}.png", f.name));
        out.push_str(")\n\n");
        out.push('*');
        one_line(out, &f.caption);
        out.push_str("*\n\n");
    }
    if figures.mermaid
        && let Drawing::Pathways(graph) = &f.drawing
    {
        match mermaid::flowchart(graph) {
            Some(chart) => {
                out.push_str("```mermaid\n");
                out.push_str(&chart);
                out.push_str("```\n\n");
            }
            None => {
                let _ = write!(
                    out,
                    "(With {} steps and {} links, the diagram is too large for Mermaid; the HTML export draws it.)\n\n",
                    graph.nodes.len(),
                    graph.edges.len()
                );
            }
        }
    }
}

/// A link target: spaces, parentheses and angle brackets percent-encoded.
fn link_target(out: &mut String, path: &str) {
    for c in path.chars() {
        match c {
            ' ' | '(' | ')' | '<' | '>' | '\\' | '"' | '\'' => {
                let mut buf = [0u8; 4];
                for b in c.encode_utf8(&mut buf).bytes() {
                    let _ = write!(out, "%{b:02X}");
                }
            }
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
}

/// "benefits" -> "Benefits".
fn field_title(name: &str) -> String {
    let mut chars = name.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}
