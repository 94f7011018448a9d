//! HTML: a whole page (to read or print to PDF) or a fragment (to paste into a blog's HTML
//! block). The page's `<article>` (and the fragment with `--styled`) carries a stylesheet scoped
//! to it: every rule starts at the article, it first sets everything a site's stylesheet may
//! have changed back to the browser's defaults, and it reaches nothing outside it. The page is
//! that article in a page with a Content Security Policy (nothing fetched, no scripts) and a
//! print stylesheet.
//!
//! The plain fragment (the default) has no stylesheet: it takes the host page's typography and
//! reads right where a blog, feed reader or newsletter strips styles. Its spacing is in the
//! markup: a space or separator between inline elements, line breaks as `<br>`, fields as a
//! `<dl>`, a star as `★`; figures inline as SVG or, with figure files, as `<img>` with alt text.
//!
//! Every text is escaped; typed text keeps its spaces and line breaks (`white-space:
//! pre-wrap`). Figures are inline SVG. A NUL, which HTML cannot carry, is shown as `␀`.

use std::borrow::Borrow;
use std::fmt::Write;

mod style;

use style::{PAGE_CSS, scoped_css};

use super::escape::html as esc;
use super::svg;
use super::writeup::series::SeriesWriteUp;
use super::writeup::{
    Block, Branch, Cell, Entry, Figure, Item, Labels, Resource, Section, Table, Text, WriteUp,
};

/// The fragment's root: an id, so that its rules outweigh a site's class and element rules.
pub const ROOT_ID: &str = "hearth-writeup";

/// How a fragment is written.
#[derive(Debug, Clone, Default)]
pub(super) struct Look {
    /// Hearth's own scoped stylesheet (the page always has it).
    pub styled: bool,
    /// Figures as `<img src="DIR/NAME.png">` instead of inline SVG.
    pub images: Option<String>,
}

const STYLED: Look = Look {
    styled: true,
    images: None,
};

/// What the renderer carries from block to block.
struct Cx<'a> {
    /// Figures drawn so far (their SVG ids stay unique in the page).
    figures: usize,
    look: &'a Look,
}

impl Cx<'_> {
    fn plain(&self) -> bool {
        !self.look.styled
    }
}

/// The whole page.
/// The whole page, written into one buffer as it goes (the article is never built apart and
/// copied in: at 100,000 answers that copy was the size of the page again).
/// `doc`'s own sections are not written: `sections` are, each as it comes (so one built only
/// when asked for is dropped once written).
pub(super) fn page<S: Borrow<Section>>(
    doc: &WriteUp,
    sections: impl IntoIterator<Item = S>,
    capacity: usize,
) -> String {
    let mut out = String::with_capacity(capacity.max(32 * 1024));
    page_head(&mut out, &doc.title);
    fragment_into(&mut out, doc, sections, &STYLED);
    out.push_str(PAGE_FOOT);
    out
}

/// A series' whole page.
pub(super) fn series_page(doc: &SeriesWriteUp) -> String {
    page_of(&doc.title, &series_fragment(doc, &STYLED))
}

fn page_of(title: &str, article: &str) -> String {
    let mut out = String::with_capacity(32 * 1024);
    page_head(&mut out, title);
    out.push_str(article);
    out.push_str(PAGE_FOOT);
    out
}

const PAGE_FOOT: &str = "</body>\n</html>\n";

/// A page's head, up to its `<body>`.
fn page_head(out: &mut String, title: &str) {
    out.push_str("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n");
    out.push_str("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; img-src data:\">\n");
    out.push_str("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
    out.push_str("<meta name=\"generator\" content=\"hearth\">\n<title>");
    esc(out, title);
    out.push_str("</title>\n<style>");
    out.push_str(PAGE_CSS);
    out.push_str("</style>\n</head>\n<body>\n");
}

/// The opening `<article …>` tag, and its stylesheet when styled.
fn open_article(out: &mut String, class: &str, look: &Look) {
    let _ = writeln!(
        out,
        "<article id=\"{ROOT_ID}\" class=\"{class}\" lang=\"en\">"
    );
    if look.styled {
        out.push_str("<style>");
        out.push_str(scoped_css());
        out.push_str("</style>\n");
    }
}

/// The `<article>` alone: with its scoped stylesheet, or plain.
/// As in [`page`], `sections` are written in place of `doc`'s own.
pub(super) fn fragment<S: Borrow<Section>>(
    doc: &WriteUp,
    sections: impl IntoIterator<Item = S>,
    look: &Look,
    capacity: usize,
) -> String {
    let mut out = String::with_capacity(capacity.max(32 * 1024));
    fragment_into(&mut out, doc, sections, look);
    out
}

/// [`fragment`], appended to `out`.
fn fragment_into<S: Borrow<Section>>(
    out: &mut String,
    doc: &WriteUp,
    sections: impl IntoIterator<Item = S>,
    look: &Look,
) {
    open_article(out, "hearth-writeup", look);
    let cx = &mut Cx { figures: 0, look };
    out.push_str("<header class=\"masthead\">\n<p class=\"kicker\">Workshop write-up</p>\n<h1>");
    esc(out, &doc.title);
    out.push_str("</h1>\n<p class=\"facts\">");
    esc(out, &doc.facts);
    out.push_str("</p>\n");
    if let Some(f) = &doc.facilitators {
        out.push_str("<p class=\"byline\">Facilitated by ");
        esc(out, f);
        out.push_str("</p>\n");
    }
    out.push_str("</header>\n");
    if !doc.introduction.trim().is_empty() {
        out.push_str("<p class=\"pre intro\">");
        typed(out, cx, &doc.introduction);
        out.push_str("</p>\n");
    }
    if !doc.about.is_empty() {
        out.push_str("<section class=\"about\">\n<h2>About this workshop</h2>\n");
        for b in &doc.about {
            block(out, b, cx);
        }
        out.push_str("</section>\n");
    }
    for s in sections {
        section(out, s.borrow(), cx, 2, "");
    }
    closing(out, cx, &doc.closing);
    out.push_str(
        "<footer class=\"colophon\">Captured and written up with hearth.</footer>\n</article>\n",
    );
}

/// A series' `<article>`: its description, then a `<section class="session">` per session
/// holding that session's facts, introduction and exercises a level down.
pub(super) fn series_fragment(doc: &SeriesWriteUp, look: &Look) -> String {
    let mut out = String::with_capacity(32 * 1024);
    open_article(&mut out, "hearth-writeup hearth-series", look);
    let cx = &mut Cx { figures: 0, look };
    out.push_str("<header class=\"masthead\">\n<p class=\"kicker\">Series write-up</p>\n<h1>");
    esc(&mut out, &doc.title);
    out.push_str("</h1>\n</header>\n");
    if !doc.description.trim().is_empty() {
        out.push_str("<p class=\"pre intro\">");
        typed(&mut out, cx, &doc.description);
        out.push_str("</p>\n");
    }
    for (n, part) in doc.parts.iter().enumerate() {
        let _ = write!(
            out,
            "<section class=\"session\" id=\"hearth-session-{}\">\n<h2>",
            n + 1
        );
        esc(&mut out, &part.title);
        out.push_str("</h2>\n");
        if !part.facts.is_empty() {
            out.push_str("<p class=\"facts\">");
            esc(&mut out, &part.facts);
            out.push_str("</p>\n");
        }
        if let Some(f) = &part.facilitators {
            out.push_str("<p class=\"byline\">Facilitated by ");
            esc(&mut out, f);
            out.push_str("</p>\n");
        }
        if !part.introduction.trim().is_empty() {
            out.push_str("<p class=\"pre intro\">");
            typed(&mut out, cx, &part.introduction);
            out.push_str("</p>\n");
        }
        if !part.about.is_empty() {
            out.push_str("<section class=\"about\">\n<h3>About this session</h3>\n");
            for b in &part.about {
                block(&mut out, b, cx);
            }
            out.push_str("</section>\n");
        }
        let prefix = format!("{}-", n + 1);
        for s in &part.sections {
            section(&mut out, s, cx, 3, &prefix);
        }
        closing(&mut out, cx, &part.closing);
        out.push_str("</section>\n");
    }
    out.push_str(
        "<footer class=\"colophon\">Captured and written up with hearth.</footer>\n</article>\n",
    );
    out
}

/// The session's closing, after its last section.
fn closing(out: &mut String, cx: &Cx, text: &str) {
    if !text.trim().is_empty() {
        out.push_str("<p class=\"pre closing\">");
        typed(out, cx, text);
        out.push_str("</p>\n");
    }
}

/// Typed or plan text: escaped; in the plain fragment its line breaks as `<br>`, since no
/// stylesheet keeps them.
fn typed(out: &mut String, cx: &Cx, text: &str) {
    if !cx.plain() {
        esc(out, text);
        return;
    }
    for (i, line) in text.split('\n').enumerate() {
        if i > 0 {
            out.push_str("<br>\n");
        }
        esc(out, line);
    }
}

fn section(out: &mut String, s: &Section, cx: &mut Cx, level: u8, id_prefix: &str) {
    out.push_str("<section class=\"exercise\" id=\"hearth-ex-");
    esc(out, id_prefix);
    esc(out, &s.id);
    let _ = write!(out, "\">\n<h{level}>");
    if let Some(n) = s.number {
        if cx.plain() {
            let _ = write!(out, "<span class=\"num\">{n}.</span> ");
        } else {
            let _ = write!(out, "<span class=\"num\">{n}</span>");
        }
    }
    esc(out, &s.title);
    let _ = writeln!(out, "</h{level}>");
    for b in &s.blocks {
        block(out, b, cx);
    }
    out.push_str("</section>\n");
}

/// Typed text in its element (`t`), plan text as `pre`.
fn text_span(out: &mut String, cx: &Cx, tag: &str, t: &Text) {
    let class = match t {
        Text::Said(_) => "t",
        Text::Plan(_) => "pre",
    };
    let _ = write!(out, "<{tag} class=\"{class}\">");
    typed(out, cx, t.as_str());
    let _ = write!(out, "</{tag}>");
}

fn block(out: &mut String, b: &Block, cx: &mut Cx) {
    match b {
        Block::Heading { level, text } => {
            let _ = write!(out, "<h{level}>");
            match text {
                Text::Said(_) => text_span(out, cx, "span", text),
                Text::Plan(t) => esc(out, t),
            }
            let _ = writeln!(out, "</h{level}>");
        }
        Block::Paragraph { lead, text, quiet } => {
            if text.as_str().is_empty() {
                return;
            }
            if let Some(lead) = lead {
                out.push_str("<p><strong>");
                esc(out, lead);
                out.push_str(":</strong> ");
                text_span(out, cx, "span", text);
                out.push_str("</p>\n");
            } else if *quiet {
                out.push_str("<p class=\"pre follow-up\">");
                typed(out, cx, text.as_str());
                out.push_str("</p>\n");
            } else {
                text_span(out, cx, "p", text);
                out.push('\n');
            }
        }
        Block::Note(text) => {
            out.push_str("<p class=\"note\">");
            esc(out, text);
            out.push_str("</p>\n");
        }
        Block::Narration(text) => {
            out.push_str("<p class=\"pre narration\">");
            typed(out, cx, text);
            out.push_str("</p>\n");
        }
        Block::List(items) => {
            out.push_str("<ul class=\"answers\">\n");
            for i in items {
                item(out, cx, i);
            }
            out.push_str("</ul>\n");
        }
        Block::Resources(resources) => {
            out.push_str("<ul class=\"answers resources\">\n");
            for r in resources {
                resource(out, cx, r);
            }
            out.push_str("</ul>\n");
        }
        Block::Tree(branches) => {
            out.push_str("<ul class=\"answers tree\">\n");
            for b in branches {
                branch(out, cx, b);
            }
            out.push_str("</ul>\n");
        }
        Block::Numbered(texts) => {
            out.push_str("<ol class=\"references\">\n");
            for t in texts {
                out.push_str("<li class=\"pre\">");
                typed(out, cx, t.as_str());
                out.push_str("</li>\n");
            }
            out.push_str("</ol>\n");
        }
        Block::Tags(tags) => {
            out.push_str("<ul class=\"tags\">");
            for t in tags {
                out.push_str("<li class=\"pre\">");
                typed(out, cx, t);
                out.push_str("</li>");
            }
            out.push_str("</ul>\n");
        }
        Block::Entries(entries) => {
            for e in entries {
                entry(out, cx, e);
            }
        }
        Block::Table(t) => table(out, cx, t),
        Block::Figure(f) => figure(out, f, cx),
        Block::Group { class, blocks } => {
            out.push_str("<div class=\"");
            esc(out, class);
            out.push_str("\">\n");
            for b in blocks {
                block(out, b, cx);
            }
            out.push_str("</div>\n");
        }
    }
}

/// The labels before an answer; plain, `Table 1 · off the record: `, as in Markdown.
fn pills(out: &mut String, cx: &Cx, labels: &Labels) {
    let sep = if cx.plain() { " · " } else { "" };
    for (i, w) in labels.words.iter().enumerate() {
        if i > 0 {
            out.push_str(sep);
        }
        out.push_str("<span class=\"by\">");
        esc(out, w);
        out.push_str("</span>");
    }
    if labels.hidden {
        if !labels.words.is_empty() {
            out.push_str(sep);
        }
        out.push_str("<span class=\"by off\">off the record</span>");
    }
    if cx.plain() && !labels.is_empty() {
        out.push_str(": ");
    }
}

/// The plain fragment's star: the styled one draws it in CSS.
fn star(out: &mut String, cx: &Cx, starred: bool) {
    if starred && cx.plain() {
        out.push_str("<span class=\"star\">★</span> ");
    }
}

fn row_class(out: &mut String, starred: bool, hidden: bool, base: &str) {
    let mut classes: Vec<&str> = Vec::new();
    if !base.is_empty() {
        classes.push(base);
    }
    if starred {
        classes.push("starred");
    }
    if hidden {
        classes.push("off");
    }
    if !classes.is_empty() {
        let _ = write!(out, " class=\"{}\"", classes.join(" "));
    }
}

fn item(out: &mut String, cx: &Cx, i: &Item) {
    out.push_str("<li");
    row_class(out, i.starred, i.labels.hidden, "");
    out.push('>');
    star(out, cx, i.starred);
    pills(out, cx, &i.labels);
    if let Some(lead) = &i.lead {
        out.push_str("<span class=\"year v\">");
        esc(out, lead);
        out.push_str("</span>");
        if cx.plain() {
            out.push_str(": ");
        }
    }
    out.push_str("<span class=\"t\">");
    typed(out, cx, &i.text);
    out.push_str("</span>");
    if cx.plain() {
        if !i.fields.is_empty() {
            out.push_str("<dl class=\"fields\">");
            for (name, value) in &i.fields {
                out.push_str("<dt class=\"fl\">");
                esc(out, name);
                out.push_str("</dt><dd class=\"v\">");
                typed(out, cx, value);
                out.push_str("</dd>");
            }
            out.push_str("</dl>");
        }
    } else {
        for (name, value) in &i.fields {
            out.push_str("<div class=\"field\"><span class=\"fl\">");
            esc(out, name);
            out.push_str("</span><span class=\"v\">");
            esc(out, value);
            out.push_str("</span></div>");
        }
    }
    out.push_str("</li>\n");
}

/// An answer of a tree, with a list of those under it inside its item.
fn branch(out: &mut String, cx: &Cx, b: &Branch) {
    let mut one = String::new();
    item(&mut one, cx, &b.item);
    let mut one = one
        .strip_suffix("</li>\n")
        .map_or(one.clone(), str::to_owned);
    if let Some(note) = &b.note
        && let Some(open) = one.find('>')
    {
        let mut span = String::from("<span class=\"note\">(");
        esc(&mut span, note);
        span.push_str(")</span> ");
        one.insert_str(open + 1, &span);
    }
    out.push_str(&one);
    if !b.children.is_empty() {
        out.push_str("\n<ul class=\"answers tree\">\n");
        for child in &b.children {
            branch(out, cx, child);
        }
        out.push_str("</ul>");
    }
    out.push_str("</li>\n");
}

/// A link only for a web address; any other link is shown as the text it is.
fn resource(out: &mut String, cx: &Cx, r: &Resource) {
    out.push_str("<li");
    row_class(out, r.starred, r.labels.hidden, "");
    out.push('>');
    star(out, cx, r.starred);
    pills(out, cx, &r.labels);
    let link = r.link.trim();
    if crate::model::exercise::notes::is_web_link(link) {
        out.push_str("<a class=\"t\" href=\"");
        esc(out, link);
        out.push_str("\">");
        esc(out, &r.title);
        out.push_str("</a>");
    } else {
        out.push_str("<span class=\"t\">");
        typed(out, cx, &r.title);
        out.push_str("</span>");
        if !link.is_empty() {
            out.push_str(" <span class=\"link\">");
            esc(out, link);
            out.push_str("</span>");
        }
    }
    out.push_str("</li>\n");
}

fn entry(out: &mut String, cx: &Cx, e: &Entry) {
    out.push_str("<div");
    row_class(out, e.starred, e.labels.hidden, "entry-item");
    out.push_str("><p>");
    star(out, cx, e.starred);
    pills(out, cx, &e.labels);
    out.push_str("<strong class=\"t\">");
    typed(out, cx, &e.title);
    out.push_str("</strong></p>");
    if !e.body.is_empty() {
        out.push_str("<p class=\"v\">");
        typed(out, cx, &e.body);
        out.push_str("</p>");
    }
    out.push_str("</div>\n");
}

fn table(out: &mut String, cx: &Cx, t: &Table) {
    out.push_str("<div class=\"wide\"><table class=\"");
    esc(out, &t.class);
    out.push_str("\">\n<thead><tr>");
    for h in &t.head {
        out.push_str("<th>");
        esc(out, h);
        out.push_str("</th>");
    }
    out.push_str("</tr></thead>\n<tbody>\n");
    for row in &t.rows {
        out.push_str("<tr>");
        for c in row {
            out.push_str("<td>");
            cell(out, cx, c);
            out.push_str("</td>");
        }
        out.push_str("</tr>\n");
    }
    out.push_str("</tbody></table></div>\n");
}

fn cell(out: &mut String, cx: &Cx, c: &Cell) {
    let plain = |e: &super::writeup::CellEntry| e.labels.is_empty() && e.mark.is_none();
    if let [e] = c.0.as_slice()
        && plain(e)
    {
        text_span(out, cx, "span", &e.text);
        return;
    }
    for e in &c.0 {
        out.push_str("<div class=\"entry\">");
        pills(out, cx, &e.labels);
        if let Some(m) = &e.mark {
            mark(out, m);
            if cx.plain() && !e.text.as_str().is_empty() {
                out.push(' ');
            }
        }
        if !e.text.as_str().is_empty() {
            text_span(out, cx, "span", &e.text);
        }
        out.push_str("</div>");
    }
}

fn mark(out: &mut String, mark: &str) {
    let class = match mark.trim().to_ascii_lowercase().as_str() {
        "yes" => "mark mark-yes",
        "no" => "mark mark-no",
        "maybe" => "mark mark-maybe",
        _ => "mark",
    };
    let _ = write!(out, "<span class=\"{class}\">");
    esc(out, mark);
    out.push_str("</span>");
}

fn figure(out: &mut String, f: &Figure, cx: &mut Cx) {
    let n = cx.figures;
    cx.figures += 1;
    if let Some(title) = &f.title {
        out.push_str("<h3>");
        esc(out, title);
        out.push_str("</h3>\n");
    }
    match svg::draw(&f.drawing, &f.alt, n) {
        Some(drawing) if cx.look.images.is_some() => {
            let dir = cx.look.images.as_deref().unwrap_or(".");
            out.push_str("<figure><img src=\"");
            esc(out, dir.trim_end_matches('/'));
            out.push('/');
            esc(out, &f.name);
            out.push_str(".png\" alt=\"");
            esc(out, &f.alt);
            out.push('"');
            if let Some((w, h)) = svg_size(&drawing) {
                let _ = write!(out, " width=\"{w}\" height=\"{h}\"");
            }
            out.push_str(" style=\"max-width:100%;height:auto\"><figcaption>");
            esc(out, &f.caption);
            out.push_str("</figcaption></figure>\n");
        }
        Some(drawing) => {
            let class = match f.drawing {
                super::writeup::Drawing::Triangle { .. } => "triangle",
                super::writeup::Drawing::Matrix { .. } => "matrix",
                super::writeup::Drawing::Pathways(_) => "graph wide",
                super::writeup::Drawing::Scatter { .. } => "scatter",
                super::writeup::Drawing::Layers { .. } => "layers wide",
                super::writeup::Drawing::Timeline { .. } => "timeline wide",
                super::writeup::Drawing::Wheel { .. } => "wheel",
            };
            let _ = write!(out, "<figure class=\"{class}\">");
            if cx.plain() {
                plain_svg(out, &drawing, &f.alt);
            } else {
                out.push_str(&drawing);
            }
            out.push_str("<figcaption>");
            esc(out, &f.caption);
            out.push_str("</figcaption></figure>\n");
        }
        None => {
            out.push_str("<p class=\"note\">");
            esc(out, &svg::too_large(&f.drawing));
            out.push_str("</p>\n");
        }
    }
}

/// An inline SVG for the plain fragment: its alt text also as a `<title>`, shrunk to the
/// column (no stylesheet does it), and a line break after each `<text>` so that where a site
/// strips the `<svg>` and keeps its text, the labels do not run together.
fn plain_svg(out: &mut String, svg: &str, alt: &str) {
    let Some(open_end) = svg.find('>') else {
        out.push_str(svg);
        return;
    };
    let open = svg[..open_end].replacen(" style=\"", " style=\"max-width:100%;height:auto;", 1);
    out.push_str(&open);
    out.push_str("><title>");
    esc(out, alt);
    out.push_str("</title>");
    out.push_str(&svg[open_end + 1..].replace("</text><", "</text>\n<"));
}

/// The `width` and `height` an SVG figure opens with.
fn svg_size(svg: &str) -> Option<(u32, u32)> {
    let attr = |name: &str| -> Option<u32> {
        let at = svg.find(&format!(" {name}=\""))? + name.len() + 3;
        svg[at..].split('"').next()?.parse().ok()
    };
    Some((attr("width")?, attr("height")?))
}
