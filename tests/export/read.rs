//! Reading exports back: Markdown with a CommonMark parser, HTML with an HTML tokenizer, CSV.

use std::path::{Path, PathBuf};

use hearth::export::{Format, Options, export};
use hearth::model::{Change, Draft, Session};
use pulldown_cmark::{Event, Parser, Tag, TagEnd};

use crate::common::{all_kinds, fixture};

pub fn repo(path: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(path)
}

pub fn text(out: &std::process::Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// The published answers of the fixture, question by question: each `•` line, marker and
/// surrounding white space dropped.
pub fn published_answers() -> Vec<(u32, Vec<String>)> {
    let notes = std::fs::read_to_string(fixture("dreaming-together-answers.txt")).unwrap();
    let mut out: Vec<(u32, Vec<String>)> = Vec::new();
    for line in notes.lines() {
        let t = line.trim();
        if let Some(item) = t.strip_prefix('•') {
            out.last_mut().unwrap().1.push(item.trim().to_owned());
        } else if let Some((n, _)) = t.split_once(". ")
            && let Ok(n) = n.parse()
        {
            out.push((n, Vec::new()));
        }
    }
    out
}

// ---- reading Markdown back with a CommonMark parser ----

pub fn md_options() -> pulldown_cmark::Options {
    use pulldown_cmark::Options as O;
    O::ENABLE_TABLES | O::ENABLE_STRIKETHROUGH | O::ENABLE_TASKLISTS | O::ENABLE_FOOTNOTES
}

/// Inline content as a reader sees it. Anything but plain text and hard line breaks is marked,
/// so that escaping that let Markdown syntax through fails the comparison.
pub fn push_inline(out: &mut String, event: &Event) {
    match event {
        Event::Text(t) => out.push_str(t),
        Event::HardBreak => out.push('\n'),
        Event::SoftBreak => out.push_str("⟨soft break⟩"),
        Event::InlineHtml(h) if h.as_ref() == "<br>" => out.push('\n'),
        other => out.push_str(&format!("⟨{other:?}⟩")),
    }
}

/// Each level-3 heading's text with the texts of the top-level list items under it.
pub fn md_sections(md: &str) -> Vec<(String, Vec<String>)> {
    let mut sections: Vec<(String, Vec<String>)> = Vec::new();
    let mut heading: Option<String> = None;
    let mut item: Option<String> = None;
    let mut lists = 0;
    let mut open = false;
    for event in Parser::new_ext(md, md_options()) {
        match &event {
            Event::Start(Tag::Heading {
                level: pulldown_cmark::HeadingLevel::H3,
                ..
            }) => heading = Some(String::new()),
            Event::End(TagEnd::Heading(pulldown_cmark::HeadingLevel::H3)) => {
                sections.push((heading.take().unwrap(), Vec::new()));
                open = true;
            }
            // An exercise's (or the write-up's) heading ends the question before it.
            Event::Start(Tag::Heading {
                level: pulldown_cmark::HeadingLevel::H1 | pulldown_cmark::HeadingLevel::H2,
                ..
            }) => open = false,
            Event::Start(Tag::List(_)) => lists += 1,
            Event::End(TagEnd::List(_)) => lists -= 1,
            Event::Start(Tag::Item) if lists == 1 => item = Some(String::new()),
            Event::End(TagEnd::Item) if lists == 1 => {
                let text = item.take().unwrap();
                if let Some(s) = sections.last_mut().filter(|_| open) {
                    s.1.push(text);
                }
            }
            Event::Start(Tag::Paragraph) => {
                if let (Some(i), 1) = (item.as_mut(), lists)
                    && !i.is_empty()
                {
                    i.push_str("\n\n");
                }
            }
            Event::End(TagEnd::Paragraph) => {}
            e => {
                if let Some(h) = heading.as_mut() {
                    push_inline(h, e);
                } else if let (Some(i), 1) = (item.as_mut(), lists) {
                    push_inline(i, e);
                }
            }
        }
    }
    sections
}

/// The body rows (as cell texts) of the table whose header is `head`.
pub fn md_table_rows(md: &str, head: &[&str]) -> Vec<Vec<String>> {
    let mut tables: Vec<(Vec<String>, Vec<Vec<String>>)> = Vec::new();
    let mut row: Option<Vec<String>> = None;
    let mut cell: Option<String> = None;
    for event in Parser::new_ext(md, md_options()) {
        match &event {
            Event::Start(Tag::Table(_)) => tables.push((Vec::new(), Vec::new())),
            Event::End(TagEnd::TableHead) => {
                tables.last_mut().unwrap().0 = row.take().unwrap();
            }
            Event::Start(Tag::TableHead) | Event::Start(Tag::TableRow) => row = Some(Vec::new()),
            Event::End(TagEnd::TableRow) => tables.last_mut().unwrap().1.push(row.take().unwrap()),
            Event::Start(Tag::TableCell) => cell = Some(String::new()),
            Event::End(TagEnd::TableCell) => row.as_mut().unwrap().push(cell.take().unwrap()),
            e => {
                if let Some(c) = cell.as_mut() {
                    push_inline(c, e);
                }
            }
        }
    }
    tables
        .into_iter()
        .find(|(h, _)| h == head)
        .map(|(_, rows)| rows)
        .unwrap_or_else(|| panic!("no table headed {head:?} in:\n{md}"))
}

/// Typed text as a reader of the Markdown sees it: white space at the ends of each line, which
/// no renderer shows, left out; blank lines as one paragraph break; NUL as ␀.
pub fn as_read(text: &str) -> String {
    let mut paras: Vec<Vec<&str>> = vec![Vec::new()];
    for line in text.split('\n') {
        let line = line.trim_matches([' ', '\t', '\u{b}', '\u{c}']);
        if line.is_empty() {
            if !paras.last().unwrap().is_empty() {
                paras.push(Vec::new());
            }
        } else {
            paras.last_mut().unwrap().push(line);
        }
    }
    paras
        .iter()
        .filter(|p| !p.is_empty())
        .map(|p| p.join("\n"))
        .collect::<Vec<_>>()
        .join("\n\n")
        .replace('\0', "\u{2400}")
}

/// A table cell's text as read: each line's ends trimmed, lines kept.
pub fn as_read_in_cell(text: &str) -> String {
    text.split('\n')
        .map(|l| l.trim_matches([' ', '\t', '\u{b}', '\u{c}']))
        .collect::<Vec<_>>()
        .join("\n")
        .replace('\0', "\u{2400}")
}

// ---- reading HTML back with an HTML tokenizer ----

/// The decoded text of every element whose class list holds `t` (an answer) or `v` (a field
/// value), in document order. Those elements hold text only.
pub fn html_texts(html: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut open: Option<String> = None;
    for token in html5gum::Tokenizer::new(html).flatten() {
        match token {
            html5gum::Token::StartTag(tag) => {
                let class = tag
                    .attributes
                    .get(b"class".as_slice())
                    .map(|c| String::from_utf8_lossy(c).into_owned());
                if class.is_some_and(|c| c.split(' ').any(|w| w == "t" || w == "v")) {
                    assert!(open.is_none(), "a text element inside another");
                    open = Some(String::new());
                }
            }
            html5gum::Token::EndTag(_) => {
                if let Some(t) = open.take() {
                    out.push(t);
                }
            }
            html5gum::Token::String(s) => {
                if let Some(t) = open.as_mut() {
                    t.push_str(&String::from_utf8_lossy(&s));
                }
            }
            _ => {}
        }
    }
    out
}

pub fn csv_rows(bytes: &[u8]) -> (Vec<String>, Vec<Vec<String>>) {
    let mut r = csv::ReaderBuilder::new().from_reader(bytes);
    let header = r.headers().unwrap().iter().map(str::to_owned).collect();
    let rows = r
        .records()
        .map(|rec| rec.unwrap().iter().map(str::to_owned).collect())
        .collect();
    (header, rows)
}

pub fn session_with(texts: &[String]) -> Session {
    let scenario = all_kinds();
    let groups = scenario.suggested_groups.clone();
    let mut s = Session::new(scenario, "Props".into(), "2026-11-22".parse().ok(), groups);
    for t in texts {
        let c = Draft::new("round", "sick", t)
            .group(Some("Table 1".into()))
            .into_contribution();
        s.apply(&Change::Add { contribution: c }).unwrap();
    }
    for t in texts {
        let c = Draft::new("conflict", "approaches", t)
            .field("benefits", t)
            .field("risks", t)
            .group(Some("Room 夢".into()))
            .into_contribution();
        s.apply(&Change::Add { contribution: c }).unwrap();
    }
    s
}

pub fn exported(s: &Session, format: Format, options: &Options) -> String {
    String::from_utf8(export(s, format, options).unwrap()).unwrap()
}
