//! HTML: a whole page (to read or print to PDF) or a fragment (to paste into a blog's HTML
//! block). The fragment is one `<article>` whose stylesheet is scoped to it: every rule starts
//! at the article, it first sets everything a site's stylesheet may have changed back to the
//! browser's defaults, and it reaches nothing outside it. The page is that fragment in a page
//! with a Content Security Policy (nothing fetched, no scripts) and a print stylesheet.
//!
//! Every text is escaped; typed text keeps its spaces and line breaks (`white-space:
//! pre-wrap`). Figures are inline SVG. A NUL, which HTML cannot carry, is shown as `␀`.

use std::fmt::Write;
use std::sync::OnceLock;

use super::escape::html as esc;
use super::svg;
use super::writeup::series::SeriesWriteUp;
use super::writeup::{
    Block, Cell, Entry, Figure, Item, Labels, Resource, Section, Table, Text, WriteUp,
};

/// The fragment's root: an id, so that its rules outweigh a site's class and element rules.
pub const ROOT_ID: &str = "hearth-writeup";

/// The fragment's stylesheet; `W` stands for the root's selector.
const CSS: &str = r#"
W{all:revert;display:block;box-sizing:border-box;max-width:50rem;margin:0 auto;padding:2.5rem 1.5rem 3rem;background:#fbf8f3;color:#2b2623;font:17px/1.6 Charter,"Bitstream Charter","Sitka Text",Cambria,"Noto Serif","DejaVu Serif",Georgia,serif;text-align:left;text-transform:none;letter-spacing:normal;word-spacing:normal;text-indent:0;text-shadow:none;font-variant:normal;font-stretch:normal;font-feature-settings:normal;font-kerning:auto;white-space:normal;word-break:normal;overflow-wrap:normal;hyphens:manual;tab-size:8;direction:ltr;visibility:visible;list-style:disc;border-collapse:separate;border-spacing:0;quotes:auto;cursor:auto;--ink:#2b2623;--muted:#6f645b;--line:#e7dccf;--card:#fffdf9;--accent:#b4532a;--pull:#2a7383;--push:#9a5700;--weight:#7a4d85;--sans:system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans","DejaVu Sans",Arial,sans-serif}
W :not(svg,svg *),W :not(svg,svg *)::before,W :not(svg,svg *)::after{all:revert}
W *,W *::before,W *::after{box-sizing:border-box}
W style{display:none}
W h1,W h2,W h3,W h4,W .facts,W .byline,W figcaption,W th,W .by,W .mark,W .note,W .colophon,W .kicker,W .fl,W .year,W .tags li{font-family:var(--sans)}
W .kicker{margin:0 0 .4rem;font-size:.78rem;letter-spacing:.14em;text-transform:uppercase;color:var(--accent);font-weight:700}
W h1{font-size:2.15rem;line-height:1.2;margin:0 0 .6rem;letter-spacing:-.01em;font-weight:700;color:var(--ink)}
W .facts,W .byline{margin:.15rem 0 0;color:var(--muted);font-size:.95rem}
W header.masthead{display:block;border-bottom:3px solid var(--ink);padding-bottom:1.1rem;margin-bottom:1.6rem}
W h2{font-size:1.45rem;line-height:1.3;margin:2.6rem 0 .8rem;padding-top:.9rem;border-top:1px solid var(--line);font-weight:700;color:var(--ink)}
W h2 .num{color:var(--accent);margin-right:.45rem}
W section.exercise:first-of-type>h2,W section.about>h2{border-top:0;padding-top:0;margin-top:1.8rem}
W h3{font-size:1.08rem;line-height:1.4;margin:1.8rem 0 .5rem;font-weight:700;color:var(--ink)}
W h4{font-size:.95rem;margin:1.1rem 0 .35rem;color:var(--muted);font-weight:700}
W p{margin:.5rem 0}
W strong{font-weight:700}
W .pre,W .t,W .v{white-space:pre-wrap;overflow-wrap:anywhere}
W .follow-up{color:var(--muted);font-style:italic;margin-top:-.2rem;font-size:.95rem}
W ul.answers{list-style:none;padding:0;margin:.4rem 0 1rem}
W ul.answers>li{position:relative;padding:.42rem .2rem .42rem 1.35rem;border-bottom:1px solid var(--line)}
W ul.answers>li:last-child{border-bottom:0}
W ul.answers>li::before{content:"";position:absolute;left:.25rem;top:1.02em;width:.42rem;height:.42rem;border-radius:50%;background:var(--dot,var(--accent))}
W ul.answers>li.starred::before{content:"★";background:none;width:auto;height:auto;top:.45rem;left:.05rem;color:#8a5e00;font-size:.9rem}
W .year{font-weight:700;color:var(--accent);margin-right:.5rem}
W .by{display:inline-block;font-size:.7rem;font-weight:700;letter-spacing:.02em;color:#6e5040;background:#f1e6d8;border-radius:999px;padding:.12rem .55rem;margin-right:.45rem;vertical-align:.12em;white-space:normal}
W .by.off{color:#fff;background:#8c3b2a}
W .field{margin:.2rem 0 0;font-size:.93rem;color:#4a413b}
W .fl{font-size:.75rem;font-weight:700;text-transform:uppercase;letter-spacing:.05em;color:var(--muted);margin-right:.4rem}
W .entry-item{margin:.9rem 0;padding-left:.9rem;border-left:3px solid var(--dot,var(--accent))}
W .entry-item>p{margin:.2rem 0}
W figure{display:block;margin:1.4rem 0 1.6rem;padding:0}
W svg{display:block;max-width:100%;height:auto;margin:0 auto}
W figcaption{display:block;font-size:.82rem;color:var(--muted);text-align:center;margin-top:.5rem}
W .corner-pull{--dot:var(--pull)}W .corner-push{--dot:var(--push)}W .corner-weight{--dot:var(--weight)}W .corner-uncertainties{--dot:#5b4636}
W .corner>h3{color:var(--dot)}
W .wide{overflow-x:auto}
W table{display:table;border-collapse:collapse;width:100%;margin:.6rem 0 1.2rem;font-size:.93rem;background:var(--card)}
W th,W td{border:1px solid var(--line);padding:.45rem .6rem;vertical-align:top;text-align:left}
W th{background:#f3ebe0;font-size:.82rem;font-weight:700}
W td .entry+.entry{margin-top:.3rem;padding-top:.3rem;border-top:1px dashed var(--line)}
W .mark{display:inline-block;font-size:.72rem;font-weight:700;border-radius:4px;padding:.05rem .4rem;margin-right:.3rem;background:#ece6df;color:#4a413b}
W .mark-yes{background:#dcebdc;color:#24572a}W .mark-no{background:#f4dcd6;color:#8c2f1c}W .mark-maybe{background:#f6ead0;color:#7a5608}
W table.worked td{background:#f7f2ea;font-style:italic}
W ul.tags{list-style:none;padding:0;margin:.3rem 0 1rem;display:flex;flex-wrap:wrap;gap:.4rem}
W ul.tags li{font-size:.85rem;background:#efe6da;border-radius:999px;padding:.15rem .7rem}
W .scenario{background:var(--card);border:1px solid var(--line);border-left:5px solid var(--pull);border-radius:8px;padding:.4rem 1.2rem .8rem;margin:1.2rem 0}
W .scenario h3{margin-top:.8rem}
W .note{font-size:.88rem;color:var(--muted);font-style:italic}
W .colophon{display:block;margin-top:3rem;padding-top:.8rem;border-top:1px solid var(--line);font-size:.78rem;color:var(--muted)}
@media (max-width:600px){W{font-size:16px;padding:1.5rem 1rem}}
@media print{
W{max-width:none;margin:0;padding:0;background:#fff;font-size:10.5pt;line-height:1.5}
W h1{font-size:20pt}W h2{font-size:14pt;margin-top:1.4rem}W h3{font-size:11.5pt}
W h2,W h3,W h4{break-after:avoid}
W li,W tr,W figure,W .scenario,W .field,W .entry-item{break-inside:avoid}
W svg{max-height:140mm}
W .follow-up{break-after:avoid}
W .wide{overflow:visible}
W,W *{-webkit-print-color-adjust:exact;print-color-adjust:exact}
}
"#;

/// The page's own stylesheet: the page around the fragment, and paper.
const PAGE_CSS: &str = "html{background:#fbf8f3}body{margin:0}@page{margin:16mm 15mm 18mm}@media print{html,body{background:#fff}}";

fn scoped_css() -> &'static str {
    static CSS_SCOPED: OnceLock<String> = OnceLock::new();
    CSS_SCOPED.get_or_init(|| {
        let root = format!("#{ROOT_ID}");
        let mut out = String::with_capacity(CSS.len() * 2);
        // `W` only ever starts a selector: after a line start, `{`, `}`, `,` or `(`.
        let mut prev = '\n';
        for c in CSS.chars() {
            if c == 'W' && matches!(prev, '\n' | '{' | '}' | ',' | '(') {
                out.push_str(&root);
            } else {
                out.push(c);
            }
            prev = c;
        }
        rem_to_px(&out)
    })
}

/// `1.5rem` -> `24px`: a site may set its root font size, and the fragment must not follow it.
fn rem_to_px(css: &str) -> String {
    let mut out = String::with_capacity(css.len());
    let mut rest = css;
    while let Some(at) = rest.find("rem") {
        let number_start = rest[..at]
            .rfind(|c: char| !(c.is_ascii_digit() || c == '.'))
            .map_or(0, |i| i + 1);
        match rest[number_start..at].parse::<f32>() {
            Ok(n) if number_start < at => {
                out.push_str(&rest[..number_start]);
                let px = format!("{:.2}", n * 16.0);
                out.push_str(px.trim_end_matches('0').trim_end_matches('.'));
                out.push_str("px");
            }
            _ => out.push_str(&rest[..at + 3]),
        }
        rest = &rest[at + 3..];
    }
    out.push_str(rest);
    out
}

/// The whole page.
pub(super) fn page(doc: &WriteUp) -> String {
    page_of(&doc.title, &fragment(doc))
}

/// A series' whole page.
pub(super) fn series_page(doc: &SeriesWriteUp) -> String {
    page_of(&doc.title, &series_fragment(doc))
}

fn page_of(title: &str, article: &str) -> String {
    let mut out = String::with_capacity(32 * 1024);
    out.push_str("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n");
    out.push_str("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; img-src data:\">\n");
    out.push_str("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
    out.push_str("<meta name=\"generator\" content=\"hearth\">\n<title>");
    esc(&mut out, title);
    out.push_str("</title>\n<style>");
    out.push_str(PAGE_CSS);
    out.push_str("</style>\n</head>\n<body>\n");
    out.push_str(article);
    out.push_str("</body>\n</html>\n");
    out
}

/// The `<article>` alone, with its scoped stylesheet.
pub(super) fn fragment(doc: &WriteUp) -> String {
    let mut out = String::with_capacity(32 * 1024);
    let _ = write!(
        out,
        "<article id=\"{ROOT_ID}\" class=\"hearth-writeup\" lang=\"en\">\n<style>"
    );
    out.push_str(scoped_css());
    out.push_str(
        "</style>\n<header class=\"masthead\">\n<p class=\"kicker\">Workshop write-up</p>\n<h1>",
    );
    esc(&mut out, &doc.title);
    out.push_str("</h1>\n<p class=\"facts\">");
    esc(&mut out, &doc.facts);
    out.push_str("</p>\n");
    if let Some(f) = &doc.facilitators {
        out.push_str("<p class=\"byline\">Facilitated by ");
        esc(&mut out, f);
        out.push_str("</p>\n");
    }
    out.push_str("</header>\n");
    if !doc.introduction.trim().is_empty() {
        out.push_str("<p class=\"pre intro\">");
        esc(&mut out, &doc.introduction);
        out.push_str("</p>\n");
    }
    let mut figures = 0;
    if !doc.about.is_empty() {
        out.push_str("<section class=\"about\">\n<h2>About this workshop</h2>\n");
        for b in &doc.about {
            block(&mut out, b, &mut figures);
        }
        out.push_str("</section>\n");
    }
    for s in &doc.sections {
        section(&mut out, s, &mut figures, 2, "");
    }
    closing(&mut out, &doc.closing);
    out.push_str(
        "<footer class=\"colophon\">Captured and written up with hearth.</footer>\n</article>\n",
    );
    out
}

/// A series' `<article>`: its description, then a `<section class="session">` per session
/// holding that session's facts, introduction and exercises a level down.
pub(super) fn series_fragment(doc: &SeriesWriteUp) -> String {
    let mut out = String::with_capacity(32 * 1024);
    let _ = write!(
        out,
        "<article id=\"{ROOT_ID}\" class=\"hearth-writeup hearth-series\" lang=\"en\">\n<style>"
    );
    out.push_str(scoped_css());
    out.push_str(
        "</style>\n<header class=\"masthead\">\n<p class=\"kicker\">Series write-up</p>\n<h1>",
    );
    esc(&mut out, &doc.title);
    out.push_str("</h1>\n</header>\n");
    if !doc.description.trim().is_empty() {
        out.push_str("<p class=\"pre intro\">");
        esc(&mut out, &doc.description);
        out.push_str("</p>\n");
    }
    let mut figures = 0;
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
            esc(&mut out, &part.introduction);
            out.push_str("</p>\n");
        }
        if !part.about.is_empty() {
            out.push_str("<section class=\"about\">\n<h3>About this session</h3>\n");
            for b in &part.about {
                block(&mut out, b, &mut figures);
            }
            out.push_str("</section>\n");
        }
        let prefix = format!("{}-", n + 1);
        for s in &part.sections {
            section(&mut out, s, &mut figures, 3, &prefix);
        }
        closing(&mut out, &part.closing);
        out.push_str("</section>\n");
    }
    out.push_str(
        "<footer class=\"colophon\">Captured and written up with hearth.</footer>\n</article>\n",
    );
    out
}

/// The session's closing, after its last section.
fn closing(out: &mut String, text: &str) {
    if !text.trim().is_empty() {
        out.push_str("<p class=\"pre closing\">");
        esc(out, text);
        out.push_str("</p>\n");
    }
}

fn section(out: &mut String, s: &Section, figures: &mut usize, level: u8, id_prefix: &str) {
    out.push_str("<section class=\"exercise\" id=\"hearth-ex-");
    esc(out, id_prefix);
    esc(out, &s.id);
    let _ = write!(out, "\">\n<h{level}>");
    if let Some(n) = s.number {
        let _ = write!(out, "<span class=\"num\">{n}</span>");
    }
    esc(out, &s.title);
    let _ = writeln!(out, "</h{level}>");
    for b in &s.blocks {
        block(out, b, figures);
    }
    out.push_str("</section>\n");
}

/// Typed text in its element (`t`), plan text as `pre`.
fn text_span(out: &mut String, tag: &str, t: &Text) {
    let class = match t {
        Text::Said(_) => "t",
        Text::Plan(_) => "pre",
    };
    let _ = write!(out, "<{tag} class=\"{class}\">");
    esc(out, t.as_str());
    let _ = write!(out, "</{tag}>");
}

fn block(out: &mut String, b: &Block, figures: &mut usize) {
    match b {
        Block::Heading { level, text } => {
            let _ = write!(out, "<h{level}>");
            match text {
                Text::Said(_) => text_span(out, "span", text),
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
                text_span(out, "span", text);
                out.push_str("</p>\n");
            } else if *quiet {
                out.push_str("<p class=\"pre follow-up\">");
                esc(out, text.as_str());
                out.push_str("</p>\n");
            } else {
                text_span(out, "p", text);
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
            esc(out, text);
            out.push_str("</p>\n");
        }
        Block::List(items) => {
            out.push_str("<ul class=\"answers\">\n");
            for i in items {
                item(out, i);
            }
            out.push_str("</ul>\n");
        }
        Block::Resources(resources) => {
            out.push_str("<ul class=\"answers resources\">\n");
            for r in resources {
                resource(out, r);
            }
            out.push_str("</ul>\n");
        }
        Block::Tags(tags) => {
            out.push_str("<ul class=\"tags\">");
            for t in tags {
                out.push_str("<li class=\"pre\">");
                esc(out, t);
                out.push_str("</li>");
            }
            out.push_str("</ul>\n");
        }
        Block::Entries(entries) => {
            for e in entries {
                entry(out, e);
            }
        }
        Block::Table(t) => table(out, t),
        Block::Figure(f) => figure(out, f, figures),
        Block::Group { class, blocks } => {
            out.push_str("<div class=\"");
            esc(out, class);
            out.push_str("\">\n");
            for b in blocks {
                block(out, b, figures);
            }
            out.push_str("</div>\n");
        }
    }
}

fn pills(out: &mut String, labels: &Labels) {
    for w in &labels.words {
        out.push_str("<span class=\"by\">");
        esc(out, w);
        out.push_str("</span>");
    }
    if labels.hidden {
        out.push_str("<span class=\"by off\">off the record</span>");
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

fn item(out: &mut String, i: &Item) {
    out.push_str("<li");
    row_class(out, i.starred, i.labels.hidden, "");
    out.push('>');
    pills(out, &i.labels);
    if let Some(lead) = &i.lead {
        out.push_str("<span class=\"year v\">");
        esc(out, lead);
        out.push_str("</span>");
    }
    out.push_str("<span class=\"t\">");
    esc(out, &i.text);
    out.push_str("</span>");
    for (name, value) in &i.fields {
        out.push_str("<div class=\"field\"><span class=\"fl\">");
        esc(out, name);
        out.push_str("</span><span class=\"v\">");
        esc(out, value);
        out.push_str("</span></div>");
    }
    out.push_str("</li>\n");
}

/// A link only for a web address; any other link is shown as the text it is.
fn resource(out: &mut String, r: &Resource) {
    out.push_str("<li");
    row_class(out, r.starred, r.labels.hidden, "");
    out.push('>');
    pills(out, &r.labels);
    let link = r.link.trim();
    if crate::model::exercise::notes::is_web_link(link) {
        out.push_str("<a class=\"t\" href=\"");
        esc(out, link);
        out.push_str("\">");
        esc(out, &r.title);
        out.push_str("</a>");
    } else {
        out.push_str("<span class=\"t\">");
        esc(out, &r.title);
        out.push_str("</span>");
        if !link.is_empty() {
            out.push_str(" <span class=\"link\">");
            esc(out, link);
            out.push_str("</span>");
        }
    }
    out.push_str("</li>\n");
}

fn entry(out: &mut String, e: &Entry) {
    out.push_str("<div");
    row_class(out, e.starred, e.labels.hidden, "entry-item");
    out.push_str("><p>");
    pills(out, &e.labels);
    out.push_str("<strong class=\"t\">");
    esc(out, &e.title);
    out.push_str("</strong></p>");
    if !e.body.is_empty() {
        out.push_str("<p class=\"v\">");
        esc(out, &e.body);
        out.push_str("</p>");
    }
    out.push_str("</div>\n");
}

fn table(out: &mut String, t: &Table) {
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
            cell(out, c);
            out.push_str("</td>");
        }
        out.push_str("</tr>\n");
    }
    out.push_str("</tbody></table></div>\n");
}

fn cell(out: &mut String, c: &Cell) {
    let plain = |e: &super::writeup::CellEntry| e.labels.is_empty() && e.mark.is_none();
    if let [e] = c.0.as_slice()
        && plain(e)
    {
        text_span(out, "span", &e.text);
        return;
    }
    for e in &c.0 {
        out.push_str("<div class=\"entry\">");
        pills(out, &e.labels);
        if let Some(m) = &e.mark {
            mark(out, m);
        }
        if !e.text.as_str().is_empty() {
            text_span(out, "span", &e.text);
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

fn figure(out: &mut String, f: &Figure, figures: &mut usize) {
    let n = *figures;
    *figures += 1;
    if let Some(title) = &f.title {
        out.push_str("<h3>");
        esc(out, title);
        out.push_str("</h3>\n");
    }
    match svg::draw(&f.drawing, &f.alt, n) {
        Some(drawing) => {
            let class = match f.drawing {
                super::writeup::Drawing::Triangle { .. } => "triangle",
                super::writeup::Drawing::Matrix { .. } => "matrix",
                super::writeup::Drawing::Pathways(_) => "graph wide",
                super::writeup::Drawing::Scatter { .. } => "scatter",
            };
            let _ = write!(out, "<figure class=\"{class}\">");
            out.push_str(&drawing);
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_rule_is_scoped_to_the_article_and_sizes_are_in_pixels() {
        let css = scoped_css();
        assert!(!css.contains("rem"), "{css}");
        assert!(css.contains("max-width:800px"));
        // Every selector list starts at the root: split rules at braces.
        for rule in css.split('}') {
            let Some((selectors, _)) = rule.rsplit_once('{') else {
                continue;
            };
            // Commas outside parentheses separate selectors.
            let mut depth = 0;
            let list: Vec<String> = selectors
                .chars()
                .map(|c| {
                    depth += match c {
                        '(' => 1,
                        ')' => -1,
                        _ => 0,
                    };
                    if c == ',' && depth == 0 { '\u{1}' } else { c }
                })
                .collect::<String>()
                .split('\u{1}')
                .map(str::to_owned)
                .collect();
            for sel in &list {
                let sel = sel.trim();
                if sel.is_empty() || sel.starts_with('@') {
                    continue;
                }
                let sel = sel.rsplit('{').next().unwrap().trim();
                assert!(
                    sel.starts_with("#hearth-writeup"),
                    "an unscoped selector: {sel:?}"
                );
            }
        }
    }
}
