//! Hearth's own look: the stylesheet scoped to the write-up's `<article>`, for the page and the
//! `--styled` fragment.

use std::sync::OnceLock;

use super::ROOT_ID;

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
pub(super) const PAGE_CSS: &str = "html{background:#fbf8f3}body{margin:0}@page{margin:16mm 15mm 18mm}@media print{html,body{background:#fff}}";

pub(super) fn scoped_css() -> &'static str {
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
