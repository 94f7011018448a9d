//! The Markdown read by two different renderers — pulldown-cmark with GitHub's extensions and
//! comrak with its defaults — gives back every answer verbatim: no stray backslash, no word
//! swallowed as a tag, no markup that was not typed.

use hearth::export::{Format, Options};
use hearth::model::{Change, Draft, Session};
use hearth::store::read_session;
use proptest::prelude::*;

use crate::common::{all_kinds, typed_text};
use crate::read::{as_read, exported, md_options, published_answers, repo};

fn pulldown(md: &str) -> String {
    let mut html = String::new();
    pulldown_cmark::html::push_html(&mut html, pulldown_cmark::Parser::new_ext(md, md_options()));
    html
}

fn comrak(md: &str) -> String {
    comrak::markdown_to_html(md, &comrak::Options::default())
}

/// The renderers, by name.
type Render = fn(&str) -> String;

const RENDERERS: [(&str, Render); 2] = [("pulldown-cmark", pulldown), ("comrak", comrak)];

/// Under a heading: the texts of its top-level list items, and of its paragraphs outside lists.
#[derive(Debug, Default)]
struct Part {
    heading: String,
    items: Vec<String>,
    paragraphs: Vec<String>,
}

/// Rendered HTML as a reader sees it: under each `<h3>`, the text of each top-level list item
/// and each paragraph outside lists. A line break is `\n`, a paragraph break inside an item
/// `\n\n`; bold is `⟨b⟩…⟨/b⟩`, and any other element is marked `⟨name⟩`, so markup that was not
/// typed shows.
fn rendered_sections(html: &str) -> Vec<Part> {
    use html5gum::Token;
    let mut sections: Vec<Part> = vec![Part::default()];
    let mut heading: Option<String> = None;
    let mut lists = 0;
    let mut buf: Option<String> = None;
    let mut in_p = false;
    for token in html5gum::Tokenizer::new(html).flatten() {
        match token {
            Token::StartTag(tag) => {
                let name = String::from_utf8_lossy(&tag.name).into_owned();
                match name.as_str() {
                    "h3" => heading = Some(String::new()),
                    "ul" | "ol" => lists += 1,
                    "li" if lists == 1 => buf = Some(String::new()),
                    "p" if lists == 0 && buf.is_none() => {
                        buf = Some(String::new());
                        in_p = true;
                    }
                    "p" => {
                        if let Some(b) = buf.as_mut().filter(|b| !b.is_empty()) {
                            b.push_str("\n\n");
                        }
                    }
                    "br" => {
                        if let Some(b) = buf.as_mut() {
                            b.push(BR);
                        }
                    }
                    "strong" => buf.iter_mut().for_each(|b| b.push_str("⟨b⟩")),
                    other => buf
                        .iter_mut()
                        .chain(heading.iter_mut())
                        .for_each(|b| b.push_str(&format!("⟨{other}⟩"))),
                }
            }
            Token::EndTag(tag) => {
                let name = String::from_utf8_lossy(&tag.name).into_owned();
                match name.as_str() {
                    "h3" => sections.push(Part {
                        heading: heading.take().unwrap_or_default(),
                        ..Part::default()
                    }),
                    "ul" | "ol" => lists -= 1,
                    "li" if lists == 1 => {
                        let text = buf.take().unwrap_or_default();
                        sections.last_mut().unwrap().items.push(text);
                    }
                    "p" if in_p => {
                        let text = buf.take().unwrap_or_default();
                        sections.last_mut().unwrap().paragraphs.push(text);
                        in_p = false;
                    }
                    "strong" => buf.iter_mut().for_each(|b| b.push_str("⟨/b⟩")),
                    _ => {}
                }
            }
            Token::String(s) => {
                let s = String::from_utf8_lossy(&s).into_owned();
                if let Some(h) = heading.as_mut() {
                    h.push_str(&s);
                } else if let Some(b) = buf.as_mut() {
                    // Between tags the renderers write newlines for layout; typed line breaks
                    // are all <br>.
                    if !s.trim_matches('\n').is_empty() {
                        b.push_str(&s);
                    }
                }
            }
            _ => {}
        }
    }
    // The renderers write "<br />\n": that newline is layout, not text.
    let fix = |t: &mut String| *t = t.replace(&format!("{BR}\n"), "\n").replace(BR, "\n");
    for p in &mut sections {
        p.items.iter_mut().for_each(fix);
        p.paragraphs.iter_mut().for_each(fix);
    }
    sections
}

/// Stands for a `<br>` while the text is gathered.
const BR: char = '\u{e000}';

fn section<'a>(sections: &'a [Part], heading: &str) -> &'a Part {
    sections
        .iter()
        .find(|p| p.heading == heading)
        .unwrap_or_else(|| panic!("no section {heading:?} in {sections:#?}"))
}

#[test]
fn the_published_answers_come_back_verbatim_from_two_renderers() {
    let (session, _) = read_session(&repo("sessions/example-dreaming-together.json")).unwrap();
    let md = exported(&session, Format::Markdown, &Options::default());
    let published = published_answers();
    for (name, render) in RENDERERS {
        let html = render(&md);
        let sections = rendered_sections(&html);
        for (n, answers) in &published {
            let part = sections
                .iter()
                .find(|p| p.heading.starts_with(&format!("{n}. ")))
                .unwrap_or_else(|| panic!("{name}: no question {n} in:\n{html}"));
            assert_eq!(&part.items, answers, "{name}, question {n}:\n{html}");
        }
        let all: String = sections
            .iter()
            .flat_map(|p| {
                std::iter::once(&p.heading)
                    .chain(&p.items)
                    .chain(&p.paragraphs)
            })
            .cloned()
            .collect();
        assert!(!all.contains('\\'), "{name}: a stray backslash in:\n{html}");
        // Follow-up questions are in italics; nothing else is marked up.
        let marks = all
            .match_indices('⟨')
            .filter(|(i, _)| !all[*i..].starts_with("⟨em⟩"));
        assert_eq!(
            marks.count(),
            0,
            "{name}: markup that was not typed in:\n{html}"
        );
    }
}

/// Text as people type it, plus everything Markdown and HTML read as syntax.
fn hostile_text() -> impl Strategy<Value = String> {
    let syntax = prop::sample::select(vec![
        "*",
        "**",
        "_",
        "__",
        "`",
        "```",
        "~",
        "~~",
        "~~~",
        "[",
        "]",
        "(",
        ")",
        "![",
        "](",
        "]:",
        "[^1]",
        "[ ] ",
        "<",
        ">",
        "<b>",
        "</p>",
        "<paperwork>",
        "<!--",
        "<http://a.b>",
        "&",
        "&amp;",
        "&#35;",
        "&copy",
        "#",
        "# ",
        "## ",
        "- ",
        "+ ",
        "* ",
        "1. ",
        "12) ",
        "> ",
        "\n",
        "\n\n",
        "\n\n\n",
        " ",
        "   ",
        "    ",
        "\t",
        "\\",
        "\\*",
        "\\\n",
        "|",
        "---",
        "===",
        "- - -",
        "___",
        ":",
        ":smile:",
        "$x$",
        "{",
        "}",
        "^",
        "=",
        "!",
        ".",
        "peer_worker",
        "3 * 4",
        "[sic]",
        "in person\\",
        "http://example.com",
        "word",
        "é",
        "夢",
        "\u{a0}",
        "a*b*c",
        "_a_",
        "*a*",
    ]);
    let piece = prop_oneof![
        3 => syntax.prop_map(String::from),
        1 => typed_text(),
    ];
    prop::collection::vec(piece, 1..10).prop_map(|parts| {
        let text: String = parts.concat();
        if as_read(&text).is_empty() || text.trim().is_empty() {
            format!("x{text}")
        } else {
            text
        }
    })
}

/// Paragraphs of `text` as read, each line of a bold title wrapped in `⟨b⟩…⟨/b⟩`.
fn as_read_bold(text: &str) -> Vec<String> {
    as_read(text)
        .split("\n\n")
        .map(|p| {
            p.split('\n')
                .map(|l| format!("⟨b⟩{l}⟨/b⟩"))
                .collect::<Vec<_>>()
                .join("\n")
        })
        .collect()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: crate::common::proptest_cases(128), ..ProptestConfig::default() })]

    /// Hostile answers come back as typed from both renderers: as list items, and as a
    /// Futures Triangle item's bold title and elaboration.
    #[test]
    fn hostile_text_comes_back_from_both_renderers(texts in prop::collection::vec(hostile_text(), 1..4)) {
        let scenario = all_kinds();
        let mut s = Session::new(scenario, "Hostile".into(), None, Vec::new());
        for t in &texts {
            for d in [
                Draft::new("round", "sick", t),
                Draft::new("triangle", "pull", t).field("elaboration", t),
            ] {
                s.apply(&Change::Add { contribution: d.into_contribution() }).unwrap();
            }
        }
        let md = exported(&s, Format::Markdown, &Options::default());
        // Non-strict renderers (Python-Markdown, showdown) know backslash escapes only for these
        // and show any other backslash before punctuation; none reads one at a line's end as a
        // line break. (A backslash before a letter is shown as itself by every renderer.)
        let mut chars = md.chars().peekable();
        while let Some(c) = chars.next() {
            if c == '\\' {
                let next = chars.next();
                prop_assert!(
                    next.is_some_and(|n| !n.is_ascii_punctuation() && n != '\n' || "\\`*_{}[]()>#+-.!".contains(n)),
                    "a backslash before {:?} in:\n{}", next, md
                );
            }
        }
        let items: Vec<String> = texts.iter().map(|t| as_read(t)).collect();
        let mut entries: Vec<String> = Vec::new();
        for t in &texts {
            entries.extend(as_read_bold(t));
            entries.extend(as_read(t).split("\n\n").map(str::to_owned));
        }
        for (name, render) in RENDERERS {
            let html = render(&md);
            let sections = rendered_sections(&html);
            prop_assert_eq!(&section(&sections, "What makes us sick?").items, &items, "{}:\n{}\n{}", name, md, html);
            prop_assert_eq!(&section(&sections, "Pull of the future").paragraphs, &entries, "{}:\n{}\n{}", name, md, html);
        }
    }
}
