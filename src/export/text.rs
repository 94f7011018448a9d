//! Plain text: the write-up to read in a terminal or paste into an email. Text is as typed;
//! headings are underlined, answers bulleted, table cells listed under their row.

use super::writeup::series::SeriesWriteUp;
use super::writeup::{Block, Branch, Cell, Item, Labels, Text, WriteUp};

pub(super) fn render(doc: &WriteUp) -> String {
    let mut out = String::with_capacity(16 * 1024);
    underlined(&mut out, &doc.title, '=');
    out.push_str(&doc.facts);
    out.push('\n');
    if let Some(f) = &doc.facilitators {
        out.push_str("Facilitated by ");
        out.push_str(f);
        out.push('\n');
    }
    out.push('\n');
    if !doc.introduction.trim().is_empty() {
        out.push_str(doc.introduction.trim_matches('\n'));
        out.push_str("\n\n");
    }
    if !doc.about.is_empty() {
        underlined(&mut out, "About this workshop", '-');
        blocks(&mut out, &doc.about);
    }
    for s in &doc.sections {
        match s.number {
            Some(n) => underlined(&mut out, &format!("{n}. {}", s.title), '-'),
            None => underlined(&mut out, &s.title, '-'),
        }
        blocks(&mut out, &s.blocks);
    }
    closing(&mut out, &doc.closing);
    out.replace('\0', "\u{2400}")
}

/// A series: its title and description, then each session's part with its exercises.
pub(super) fn render_series(doc: &SeriesWriteUp) -> String {
    let mut out = String::with_capacity(32 * 1024);
    underlined(&mut out, &doc.title, '=');
    if !doc.description.trim().is_empty() {
        out.push_str(doc.description.trim_matches('\n'));
        out.push_str("\n\n");
    }
    for part in &doc.parts {
        underlined(&mut out, &part.title, '=');
        if !part.facts.is_empty() {
            out.push_str(&part.facts);
            out.push('\n');
        }
        if let Some(f) = &part.facilitators {
            out.push_str("Facilitated by ");
            out.push_str(f);
            out.push('\n');
        }
        out.push('\n');
        if !part.introduction.trim().is_empty() {
            out.push_str(part.introduction.trim_matches('\n'));
            out.push_str("\n\n");
        }
        if !part.about.is_empty() {
            underlined(&mut out, "About this session", '-');
            blocks(&mut out, &part.about);
        }
        for s in &part.sections {
            match s.number {
                Some(n) => underlined(&mut out, &format!("{n}. {}", s.title), '-'),
                None => underlined(&mut out, &s.title, '-'),
            }
            blocks(&mut out, &s.blocks);
        }
        closing(&mut out, &part.closing);
    }
    out.replace('\0', "\u{2400}")
}

/// The session's closing, after its last section.
fn closing(out: &mut String, text: &str) {
    if !text.trim().is_empty() {
        out.push_str(text.trim_matches('\n'));
        out.push_str("\n\n");
    }
}

fn underlined(out: &mut String, title: &str, line: char) {
    let title = title.replace('\n', " ");
    out.push_str(&title);
    out.push('\n');
    let width = unicode_width::UnicodeWidthStr::width(title.as_str()).max(3);
    out.extend(std::iter::repeat_n(line, width));
    out.push_str("\n\n");
}

/// Text with continuation lines indented by `indent`.
fn indented(out: &mut String, text: &str, indent: &str) {
    for (i, line) in text.split('\n').enumerate() {
        if i > 0 {
            out.push('\n');
            if !line.is_empty() {
                out.push_str(indent);
            }
        }
        out.push_str(line);
    }
}

/// An answer bulleted, its lines after the first and its fields indented under it, all
/// `indent` further in; hearth's `note` in brackets before its words.
fn item(out: &mut String, i: &Item, indent: &str, note: Option<&str>) {
    out.push_str(indent);
    out.push_str(if i.starred { "★ " } else { "• " });
    if let Some(note) = note {
        out.push('(');
        out.push_str(note);
        out.push_str(") ");
    }
    labels(out, &i.labels);
    if let Some(lead) = &i.lead {
        out.push_str(lead);
        out.push_str(": ");
    }
    indented(out, &i.text, &format!("{indent}  "));
    out.push('\n');
    for (name, value) in &i.fields {
        out.push_str(indent);
        out.push_str("  ");
        out.push_str(name);
        out.push_str(": ");
        indented(out, value, &format!("{indent}    "));
        out.push('\n');
    }
}

fn branch(out: &mut String, b: &Branch, depth: usize) {
    item(out, &b.item, &"  ".repeat(depth), b.note.as_deref());
    for child in &b.children {
        branch(out, child, depth + 1);
    }
}

fn labels(out: &mut String, l: &Labels) {
    if !l.is_empty() {
        out.push('[');
        out.push_str(&l.all().join(" · "));
        out.push_str("] ");
    }
}

fn blocks(out: &mut String, blocks: &[Block]) {
    for b in blocks {
        block(out, b);
    }
}

fn block(out: &mut String, b: &Block) {
    match b {
        Block::Heading { text, .. } => {
            out.push_str(&text.as_str().replace('\n', " "));
            out.push_str("\n\n");
        }
        Block::Paragraph { lead, text, .. } => {
            if text.as_str().is_empty() {
                return;
            }
            if let Some(lead) = lead {
                out.push_str(lead);
                out.push_str(": ");
            }
            out.push_str(text.as_str());
            out.push_str("\n\n");
        }
        Block::Note(text) => {
            out.push_str(text);
            out.push_str("\n\n");
        }
        Block::Narration(text) => {
            out.push_str(text.trim_matches('\n'));
            out.push_str("\n\n");
        }
        Block::List(items) => {
            for i in items {
                item(out, i, "", None);
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
                indented(out, t.as_str(), &" ".repeat(mark.len()));
                out.push('\n');
            }
            out.push('\n');
        }
        Block::Resources(resources) => {
            for r in resources {
                out.push_str(if r.starred { "★ " } else { "• " });
                labels(out, &r.labels);
                indented(out, &r.title, "  ");
                if !r.link.trim().is_empty() {
                    out.push_str(" — ");
                    out.push_str(r.link.trim());
                }
                out.push('\n');
            }
            out.push('\n');
        }
        Block::Tags(tags) => {
            for t in tags {
                out.push_str("• ");
                indented(out, t, "  ");
                out.push('\n');
            }
            out.push('\n');
        }
        Block::Entries(entries) => {
            for e in entries {
                labels(out, &e.labels);
                out.push_str(&e.title);
                out.push('\n');
                if !e.body.is_empty() {
                    indented(out, &format!("  {}", e.body), "  ");
                    out.push('\n');
                }
                out.push('\n');
            }
        }
        Block::Table(t) => {
            for row in &t.rows {
                for (i, c) in row.iter().enumerate() {
                    let head = t.head.get(i).map_or("", String::as_str);
                    if i == 0 {
                        out.push_str("• ");
                        cell(out, c, "  ");
                    } else if !c.0.is_empty() {
                        out.push_str("  ");
                        if !head.is_empty() {
                            out.push_str(head);
                            out.push_str(": ");
                        }
                        cell(out, c, "    ");
                    } else {
                        continue;
                    }
                    out.push('\n');
                }
            }
            out.push('\n');
        }
        Block::Figure(f) => {
            if let Some(title) = &f.title {
                out.push_str(title);
                out.push_str("\n\n");
            }
            out.push('(');
            out.push_str(&f.caption);
            out.push_str(")\n\n");
        }
        Block::Group { blocks: inner, .. } => blocks(out, inner),
    }
}

fn cell(out: &mut String, c: &Cell, indent: &str) {
    for (i, e) in c.0.iter().enumerate() {
        if i > 0 {
            out.push_str("; ");
        }
        labels(out, &e.labels);
        if let Some(m) = &e.mark {
            out.push_str(m);
            if !e.text.as_str().is_empty() {
                out.push_str(" — ");
            }
        }
        match &e.text {
            Text::Said(t) | Text::Plan(t) => indented(out, t, indent),
        }
    }
}
