//! HTML: one self-contained page (inline CSS, no scripts, nothing fetched; a Content Security
//! Policy says so to the browser too), readable on screen and printable to PDF. Figures are
//! inline SVG. Every text is escaped; typed text keeps its spaces and line breaks
//! (`white-space: pre-wrap`). A NUL character, which HTML cannot carry, is shown as `␀`.

use std::fmt::Write;

use super::graph::PathwayGraph;
use super::svg::{self, Corner, MatrixAxis, Placed};
use super::{GroupScenario, View};
use crate::model::exercise::checklist::Checklist;
use crate::model::exercise::futures_triangle::{CORNERS, FuturesTriangle, UNCERTAINTIES};
use crate::model::exercise::role_clarity::{RoleClarity, cell_slot};
use crate::model::exercise::scenario_building::{Axis, ROOM_SLOTS, ScenarioBuilding};
use crate::model::exercise::value_conflict::{APPROACHES_SLOT, ValueConflict};
use crate::model::exercise::{ExerciseKind, Question, UNPLACED_SLOT};
use crate::model::{Contribution, Exercise};

/// Escapes text for HTML content and quoted attribute values.
pub fn esc(out: &mut String, text: &str) {
    let mut start = 0;
    for (i, b) in text.bytes().enumerate() {
        let rep = match b {
            b'&' => "&amp;",
            b'<' => "&lt;",
            b'>' => "&gt;",
            b'"' => "&quot;",
            b'\'' => "&#39;",
            b'\r' => "&#13;",
            b'\0' => "\u{2400}",
            _ => continue,
        };
        out.push_str(&text[start..i]);
        out.push_str(rep);
        start = i + 1;
    }
    out.push_str(&text[start..]);
}

#[cfg(test)]
fn escaped(text: &str) -> String {
    let mut s = String::with_capacity(text.len());
    esc(&mut s, text);
    s
}

const CSS: &str = r#"
:root{--ink:#2b2623;--muted:#6f645b;--line:#e7dccf;--paper:#fbf8f3;--card:#fffdf9;--accent:#b4532a;--pull:#2a7383;--push:#b86a0b;--weight:#7a4d85;
--sans:system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans","DejaVu Sans",Arial,sans-serif;--serif:Charter,"Bitstream Charter","Sitka Text",Cambria,"Noto Serif","DejaVu Serif",Georgia,serif}
*{box-sizing:border-box}
html{background:var(--paper);color:var(--ink)}
body{margin:0;font:17px/1.6 var(--serif)}
.writeup{max-width:50rem;margin:0 auto;padding:2.5rem 1.5rem 3rem}
h1,h2,h3,h4,.facts,.byline,figcaption,th,.by,.mark,.note,.colophon,.kicker{font-family:var(--sans)}
.kicker{margin:0 0 .4rem;font-size:.78rem;letter-spacing:.14em;text-transform:uppercase;color:var(--accent);font-weight:700}
h1{font-size:2.15rem;line-height:1.2;margin:0 0 .6rem;letter-spacing:-.01em}
.facts{margin:0;color:var(--muted);font-size:.95rem}
.byline{margin:.15rem 0 0;color:var(--muted);font-size:.95rem}
header.masthead{border-bottom:3px solid var(--ink);padding-bottom:1.1rem;margin-bottom:1.6rem}
h2{font-size:1.45rem;line-height:1.3;margin:2.6rem 0 .8rem;padding-top:.9rem;border-top:1px solid var(--line)}
h2 .num{color:var(--accent);margin-right:.45rem}
section.exercise:first-of-type>h2{border-top:0;padding-top:0;margin-top:1.8rem}
h3{font-size:1.08rem;line-height:1.4;margin:1.8rem 0 .5rem}
h4{font-size:.95rem;margin:1.1rem 0 .35rem;color:var(--muted)}
p{margin:.5rem 0}
.pre,.t,.v{white-space:pre-wrap;overflow-wrap:anywhere}
.follow-up{color:var(--muted);font-style:italic;margin-top:-.2rem;font-size:.95rem}
.instructions{color:var(--muted)}
ul.answers{list-style:none;padding:0;margin:.4rem 0 1rem}
ul.answers>li{position:relative;padding:.42rem .2rem .42rem 1.35rem;border-bottom:1px solid var(--line)}
ul.answers>li:last-child{border-bottom:0}
ul.answers>li::before{content:"";position:absolute;left:.25rem;top:1.02em;width:.42rem;height:.42rem;border-radius:50%;background:var(--dot,var(--accent))}
ul.answers>li.starred::before{content:"★";background:none;width:auto;height:auto;top:.45rem;left:.05rem;color:#c98a00;font-size:.9rem}
.by{display:inline-block;font-size:.7rem;font-weight:700;letter-spacing:.02em;color:#7a5a45;background:#f1e6d8;border-radius:999px;padding:.12rem .55rem;margin-right:.45rem;vertical-align:.12em}
.by.off{color:#fff;background:#8c3b2a}
.field{margin:.2rem 0 0;font-size:.93rem;color:#4a413b}
.field .fl{font-family:var(--sans);font-size:.75rem;font-weight:700;text-transform:uppercase;letter-spacing:.05em;color:var(--muted);margin-right:.4rem}
figure{margin:1.4rem 0 1.6rem;padding:0}
figure svg{display:block;max-width:100%;height:auto;margin:0 auto}
figcaption{font-size:.82rem;color:var(--muted);text-align:center;margin-top:.5rem}
.topic{font-size:1.05rem}
.corner-pull{--dot:var(--pull)}.corner-push{--dot:var(--push)}.corner-weight{--dot:var(--weight)}.corner-uncertainties{--dot:#5b4636}
.corner>h3{color:var(--dot)}
.wide{overflow-x:auto}
table{border-collapse:collapse;width:100%;margin:.6rem 0 1.2rem;font-size:.93rem;background:var(--card)}
th,td{border:1px solid var(--line);padding:.45rem .6rem;vertical-align:top;text-align:left}
th{background:#f3ebe0;font-size:.82rem}
td .entry+.entry{margin-top:.3rem;padding-top:.3rem;border-top:1px dashed var(--line)}
.mark{display:inline-block;font-size:.72rem;font-weight:700;border-radius:4px;padding:.05rem .4rem;margin-right:.3rem;background:#ece6df;color:#4a413b}
.mark-yes{background:#dcebdc;color:#24572a}.mark-no{background:#f4dcd6;color:#8c2f1c}.mark-maybe{background:#f6ead0;color:#7a5608}
tr.worked td{background:#f7f2ea;font-style:italic}
.tags{list-style:none;padding:0;margin:.3rem 0 1rem;display:flex;flex-wrap:wrap;gap:.4rem}
.tags li{font-family:var(--sans);font-size:.85rem;background:#efe6da;border-radius:999px;padding:.15rem .7rem}
.scenario{background:var(--card);border:1px solid var(--line);border-left:5px solid var(--pull);border-radius:8px;padding:.4rem 1.2rem .8rem;margin:1.2rem 0}
.scenario h3{margin-top:.8rem}
ol.timeline{list-style:none;padding:0;margin:.3rem 0}
ol.timeline li{display:grid;grid-template-columns:5.5rem 1fr;gap:.6rem;padding:.25rem 0;border-bottom:1px dotted var(--line)}
ol.timeline .year{font-family:var(--sans);font-weight:700;color:var(--accent)}
ol.criteria{padding-left:0;list-style:none;columns:2;column-gap:2rem;font-size:.93rem}
ol.criteria .id{font-family:var(--sans);font-weight:700;margin-right:.3rem}
.note{font-size:.88rem;color:var(--muted);font-style:italic}
.colophon{margin-top:3rem;padding-top:.8rem;border-top:1px solid var(--line);font-size:.78rem;color:var(--muted)}
@media (max-width:600px){body{font-size:16px}.writeup{padding:1.5rem 1rem}ol.criteria{columns:1}}
@page{margin:16mm 15mm 18mm}
@media print{
html,body{background:#fff}
body{font-size:10.5pt;line-height:1.5}
.writeup{max-width:none;margin:0;padding:0}
h1{font-size:20pt}h2{font-size:14pt;margin-top:1.4rem}h3{font-size:11.5pt}
h2,h3,h4{break-after:avoid;page-break-after:avoid}
li,tr,figure,.scenario,.field{break-inside:avoid;page-break-inside:avoid}
figure svg{max-height:140mm}
.follow-up{break-after:avoid;page-break-after:avoid}
.wide{overflow:visible}
*{-webkit-print-color-adjust:exact;print-color-adjust:exact}
}
"#;

pub(super) fn render(view: &View) -> String {
    let s = view.session;
    let size: usize = view.shown.iter().map(|c| c.text.len() + 64).sum();
    let mut out = String::with_capacity(size + size / 2 + 16 * 1024);
    out.push_str("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n");
    out.push_str("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; img-src data:\">\n");
    out.push_str("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
    out.push_str("<meta name=\"generator\" content=\"hearth\">\n<title>");
    esc(&mut out, &s.title);
    out.push_str("</title>\n<style>");
    out.push_str(CSS);
    out.push_str("</style>\n</head>\n<body>\n<main class=\"writeup\">\n<header class=\"masthead\">\n<p class=\"kicker\">Workshop write-up</p>\n<h1>");
    esc(&mut out, &s.title);
    out.push_str("</h1>\n<p class=\"facts\">");
    esc(&mut out, &view.facts().join(" · "));
    out.push_str("</p>\n");
    if let Some(f) = view.facilitators() {
        out.push_str("<p class=\"byline\">Facilitated by ");
        esc(&mut out, &f);
        out.push_str("</p>\n");
    }
    out.push_str("</header>\n");
    if !s.notes.is_empty() {
        out.push_str("<p class=\"pre notes\">");
        esc(&mut out, &s.notes);
        out.push_str("</p>\n");
    }
    let several = s.scenario.agenda.len() > 1;
    for (n, exercise) in s.scenario.agenda.iter().enumerate() {
        out.push_str("<section class=\"exercise\" id=\"ex-");
        esc(&mut out, &exercise.id);
        out.push_str("\">\n<h2>");
        if several {
            let _ = write!(out, "<span class=\"num\">{}</span>", n + 1);
        }
        esc(&mut out, &exercise.title);
        out.push_str("</h2>\n");
        para(&mut out, "pre instructions", &exercise.instructions);
        match &exercise.kind {
            ExerciseKind::PromptRound(k) => questions(&mut out, view, exercise, &k.questions),
            ExerciseKind::PathwayBrainstorm(k) => {
                questions(&mut out, view, exercise, &k.questions);
                pathways(&mut out, view, exercise, &k.questions, n);
            }
            ExerciseKind::FuturesTriangle(k) => triangle(&mut out, view, exercise, k, n),
            ExerciseKind::ScenarioBuilding(k) => scenarios(&mut out, view, exercise, k, n),
            ExerciseKind::ValueConflict(k) => value_conflict(&mut out, view, exercise, k),
            ExerciseKind::RoleClarity(k) => role_clarity(&mut out, view, exercise, k),
            ExerciseKind::Checklist(k) => checklist(&mut out, view, exercise, k),
        }
        let unplaced = view.slot(&exercise.id, UNPLACED_SLOT);
        if !unplaced.is_empty() {
            out.push_str("<h3>Not yet placed</h3>\n<p class=\"note\">Imported lines that could not be matched to a question.</p>\n");
            answers(&mut out, view, unplaced);
        }
        out.push_str("</section>\n");
    }
    out.push_str("<footer class=\"colophon\">Captured and written up with hearth.</footer>\n</main>\n</body>\n</html>\n");
    out
}

fn para(out: &mut String, class: &str, text: &str) {
    if !text.is_empty() {
        let _ = write!(out, "<p class=\"{class}\">");
        esc(out, text);
        out.push_str("</p>\n");
    }
}

// ---- prompt rounds and pathway brainstorms ----

fn questions(out: &mut String, view: &View, exercise: &Exercise, questions: &[Question]) {
    for q in questions {
        out.push_str("<h3>");
        esc(out, &q.heading());
        out.push_str("</h3>\n");
        para(out, "pre follow-up", &q.follow_up);
        answers(out, view, view.slot(&exercise.id, &q.id));
    }
}

fn pathways(
    out: &mut String,
    view: &View,
    exercise: &Exercise,
    questions: &[Question],
    figure: usize,
) {
    let graph = PathwayGraph::from_answers(
        questions
            .iter()
            .flat_map(|q| view.slot(&exercise.id, &q.id))
            .map(|c| c.text.as_str()),
    );
    if graph.is_empty() {
        return;
    }
    out.push_str("<h3>All pathways</h3>\n");
    match svg::pathway_graph(&graph, figure) {
        Some(figure) => {
            out.push_str("<figure class=\"graph wide\">");
            out.push_str(&figure);
            let _ = writeln!(
                out,
                "<figcaption>{} {} merged: the same step is one box, and a number on an arrow counts the pathways that take it. Where pathways start is outlined in teal, where they end in rust.</figcaption></figure>",
                graph.pathways,
                if graph.pathways == 1 {
                    "pathway"
                } else {
                    "pathways"
                }
            );
        }
        None => {
            let _ = writeln!(
                out,
                "<p class=\"note\">{} pathways with {} steps and {} links: too many to draw; every pathway is listed above.</p>",
                graph.pathways,
                graph.nodes.len(),
                graph.edges.len()
            );
        }
    }
}

// ---- the Futures Triangle ----

/// `figure` is the exercise's place in the agenda, which keeps the figure's SVG ids unique.
fn triangle(
    out: &mut String,
    view: &View,
    exercise: &Exercise,
    t: &FuturesTriangle,
    figure: usize,
) {
    out.push_str("<p class=\"topic\"><strong>Topic:</strong> <span class=\"pre\">");
    esc(out, &t.topic);
    out.push_str("</span></p>\n");
    let colors = [svg::PULL, svg::PUSH, svg::WEIGHT];
    let corners: Vec<Corner> = CORNERS
        .iter()
        .zip(colors)
        .map(|((slot, name, _), color)| Corner {
            name,
            prompt: first_sentence(t.prompt(slot)),
            color,
            items: view
                .slot(&exercise.id, slot)
                .iter()
                .map(|c| c.text.as_str())
                .collect(),
        })
        .collect();
    out.push_str("<figure class=\"triangle\">");
    out.push_str(&svg::futures_triangle(
        &t.topic,
        &corners[0],
        &corners[1],
        &corners[2],
        figure,
    ));
    out.push_str("<figcaption>The Futures Triangle: what pulls us toward the future, what pushes us now, and what weighs on us from the past.</figcaption></figure>\n");
    for (slot, name, _) in CORNERS.iter().chain(std::iter::once(&UNCERTAINTIES)) {
        let _ = write!(
            out,
            "<div class=\"corner corner-{slot}\">\n<h3>{name}</h3>\n"
        );
        para(out, "pre follow-up", t.prompt(slot));
        answers(out, view, view.slot(&exercise.id, slot));
        out.push_str("</div>\n");
    }
}

/// A prompt's first sentence, for the figure (the lists below show it whole).
fn first_sentence(prompt: &str) -> &str {
    match prompt.find(['?', '.', '!']) {
        Some(end) if end < 140 => &prompt[..=end],
        _ => prompt,
    }
}

// ---- scenario building ----

fn scenarios(
    out: &mut String,
    view: &View,
    exercise: &Exercise,
    k: &ScenarioBuilding,
    figure: usize,
) {
    out.push_str("<p><strong>Focal question:</strong> <span class=\"pre\">");
    esc(out, &k.focal_question);
    out.push_str("</span></p>\n");
    if !k.horizon.is_empty() {
        out.push_str("<p><strong>Horizon:</strong> ");
        esc(out, &k.horizon);
        out.push_str("</p>\n");
    }
    if let Some(m) = &k.matrix {
        let mut placed = Vec::new();
        let mut unplaced = Vec::new();
        for t in view.slot(&exercise.id, "title") {
            let x = t.fields.get("x").map(String::as_str);
            let y = t.fields.get("y").map(String::as_str);
            match (x, y) {
                (Some(x), Some(y))
                    if (x == m.x.low || x == m.x.high) && (y == m.y.low || y == m.y.high) =>
                {
                    placed.push(Placed {
                        x_high: x == m.x.high,
                        y_high: y == m.y.high,
                        title: &t.text,
                        label: (!view.label_parts(t).is_empty())
                            .then(|| view.label_parts(t).join(" · ")),
                    })
                }
                _ => unplaced.push(t.text.as_str()),
            }
        }
        out.push_str("<figure class=\"matrix\">");
        out.push_str(&svg::scenario_matrix(
            &axis(&m.x),
            &axis(&m.y),
            &placed,
            figure,
        ));
        out.push_str("<figcaption>The scenario matrix. Across: ");
        esc(out, &m.x.name);
        out.push_str(". Up: ");
        esc(out, &m.y.name);
        out.push('.');
        if !unplaced.is_empty() {
            let _ = write!(out, " {} not placed in the matrix.", unplaced.len());
        }
        out.push_str("</figcaption></figure>\n");
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
        out.push_str("<article class=\"scenario\">\n<h3>");
        if titles.is_empty() {
            let _ = write!(out, "Scenario {n}");
        }
        for (i, t) in titles.iter().enumerate() {
            if i > 0 {
                out.push_str(" / ");
            }
            pills(out, view, t, false);
            out.push_str("<span class=\"t\">");
            esc(out, &t.text);
            out.push_str("</span>");
        }
        out.push_str("</h3>\n");
        if view.options.by_group {
            out.push_str("<p><span class=\"by\">");
            esc(out, group.unwrap_or("no group"));
            out.push_str("</span></p>\n");
        }
        for t in &titles {
            let poles: Vec<&str> = [t.fields.get("x"), t.fields.get("y")]
                .into_iter()
                .flatten()
                .map(String::as_str)
                .collect();
            if !poles.is_empty() {
                out.push_str("<p class=\"note\">Quadrant: ");
                esc(out, &poles.join(", "));
                out.push_str("</p>\n");
            }
        }
        for c in narratives {
            out.push_str("<p>");
            pills(out, view, c, false);
            out.push_str("<span class=\"t\">");
            esc(out, &c.text);
            out.push_str("</span></p>\n");
        }
        if !timeline.is_empty() {
            out.push_str("<h4>Timeline</h4>\n<ol class=\"timeline\">\n");
            for c in timeline {
                out.push_str("<li><span class=\"year v\">");
                esc(out, c.fields.get("year").map_or("", String::as_str));
                out.push_str("</span><span>");
                pills(out, view, c, false);
                out.push_str("<span class=\"t\">");
                esc(out, &c.text);
                out.push_str("</span></span></li>\n");
            }
            out.push_str("</ol>\n");
        }
        if !traits.is_empty() {
            out.push_str("<h4>Characteristics</h4>\n");
            answers(out, view, &traits);
        }
        out.push_str("</article>\n");
    }
    for (slot, name) in ROOM_SLOTS {
        let items = view.slot(&exercise.id, slot);
        if !items.is_empty() {
            let _ = writeln!(out, "<h3>{name}</h3>");
            answers(out, view, items);
        }
    }
}

fn axis(a: &Axis) -> MatrixAxis<'_> {
    MatrixAxis {
        name: &a.name,
        low: &a.low,
        high: &a.high,
    }
}

// ---- value conflicts ----

fn value_conflict(out: &mut String, view: &View, exercise: &Exercise, k: &ValueConflict) {
    para(out, "pre", &k.situation);
    if !k.values.is_empty() {
        out.push_str("<h4>Values in tension</h4>\n<ul class=\"tags\">");
        for v in &k.values {
            out.push_str("<li class=\"pre\">");
            esc(out, v);
            out.push_str("</li>");
        }
        out.push_str("</ul>\n");
    }
    let rows = view.slot(&exercise.id, APPROACHES_SLOT);
    if rows.is_empty() && k.worked_rows.is_empty() {
        return;
    }
    out.push_str("<div class=\"wide\"><table class=\"approaches\">\n<thead><tr><th>Approach</th><th>Benefits</th><th>Risks</th></tr></thead>\n<tbody>\n");
    for row in &k.worked_rows {
        out.push_str(
            "<tr class=\"worked\"><td><span class=\"by\">Worked example</span><span class=\"pre\">",
        );
        esc(out, &row.approach);
        out.push_str("</span></td><td class=\"pre\">");
        esc(out, &row.benefits);
        out.push_str("</td><td class=\"pre\">");
        esc(out, &row.risks);
        out.push_str("</td></tr>\n");
    }
    for c in rows {
        out.push_str("<tr");
        row_class(out, c);
        out.push_str("><td>");
        pills(out, view, c, true);
        out.push_str("<span class=\"t\">");
        esc(out, &c.text);
        out.push_str("</span></td>");
        for name in ["benefits", "risks"] {
            out.push_str("<td class=\"v\">");
            esc(out, c.fields.get(name).map_or("", String::as_str));
            out.push_str("</td>");
        }
        out.push_str("</tr>\n");
    }
    out.push_str("</tbody></table></div>\n");
}

// ---- role clarity ----

fn role_clarity(out: &mut String, view: &View, exercise: &Exercise, k: &RoleClarity) {
    para(out, "pre", &k.question);
    out.push_str("<h4>Criteria</h4>\n<ol class=\"criteria\">");
    for c in &k.criteria {
        out.push_str("<li><span class=\"id\">(");
        esc(out, &c.id);
        out.push_str(")</span><span class=\"pre\">");
        esc(out, &c.text);
        out.push_str("</span></li>");
    }
    out.push_str("</ol>\n");
    grid(out, k, |out, a, crit| {
        for c in view.slot(&exercise.id, &cell_slot(a, crit)) {
            out.push_str("<div class=\"entry\">");
            pills(out, view, c, true);
            mark(out, c.fields.get("mark").map_or("", String::as_str));
            if !c.text.is_empty() {
                out.push_str("<span class=\"t\">");
                esc(out, &c.text);
                out.push_str("</span>");
            }
            out.push_str("</div>");
        }
    });
    if !k.reference.is_empty() {
        out.push_str("<h4>Reference answers");
        if !k.reference_source.is_empty() {
            out.push_str(" (");
            esc(out, &k.reference_source);
            out.push(')');
        }
        out.push_str("</h4>\n");
        grid(out, k, |out, a, crit| {
            if let Some(r) = k.reference_for(a, crit) {
                out.push_str("<div class=\"entry\">");
                if let Some(m) = &r.mark {
                    mark(out, m);
                }
                out.push_str("<span class=\"pre\">");
                esc(out, &r.text);
                out.push_str("</span></div>");
            }
        });
    }
}

fn grid(out: &mut String, k: &RoleClarity, mut fill: impl FnMut(&mut String, &str, &str)) {
    out.push_str("<div class=\"wide\"><table class=\"grid\">\n<thead><tr><th>Activity</th>");
    for c in &k.criteria {
        out.push_str("<th>(");
        esc(out, &c.id);
        out.push_str(")</th>");
    }
    out.push_str("</tr></thead>\n<tbody>\n");
    for a in &k.activities {
        out.push_str("<tr><td class=\"pre\">");
        esc(out, &a.text);
        out.push_str("</td>");
        for c in &k.criteria {
            out.push_str("<td>");
            fill(out, &a.id, &c.id);
            out.push_str("</td>");
        }
        out.push_str("</tr>\n");
    }
    out.push_str("</tbody></table></div>\n");
}

fn mark(out: &mut String, mark: &str) {
    let class = match mark.to_ascii_lowercase().as_str() {
        "yes" => "mark mark-yes",
        "no" => "mark mark-no",
        "maybe" => "mark mark-maybe",
        _ => "mark",
    };
    let _ = write!(out, "<span class=\"{class}\">");
    esc(out, mark);
    out.push_str("</span>");
}

// ---- checklists ----

fn checklist(out: &mut String, view: &View, exercise: &Exercise, k: &Checklist) {
    let mut section: Option<&str> = None;
    for item in &k.items {
        if section != Some(item.section.as_str()) {
            if section.is_some() {
                out.push_str("</tbody></table>\n");
            }
            if !item.section.is_empty() {
                out.push_str("<h3>");
                esc(out, &item.section);
                out.push_str("</h3>\n");
            }
            out.push_str("<table class=\"checklist\">\n<thead><tr><th>Item</th><th>In place?</th></tr></thead>\n<tbody>\n");
            section = Some(&item.section);
        }
        out.push_str("<tr><td class=\"pre\">");
        esc(out, &item.text);
        out.push_str("</td><td>");
        for c in view.slot(&exercise.id, &item.id) {
            out.push_str("<div class=\"entry\">");
            pills(out, view, c, true);
            mark(out, c.fields.get("checked").map_or("", String::as_str));
            if !c.text.is_empty() {
                out.push_str("<span class=\"t\">");
                esc(out, &c.text);
                out.push_str("</span>");
            }
            out.push_str("</div>");
        }
        out.push_str("</td></tr>\n");
    }
    if section.is_some() {
        out.push_str("</tbody></table>\n");
    }
}

// ---- answers ----

fn answers(out: &mut String, view: &View, items: &[&Contribution]) {
    if items.is_empty() {
        return;
    }
    out.push_str("<ul class=\"answers\">\n");
    for c in items {
        out.push_str("<li");
        row_class(out, c);
        out.push('>');
        pills(out, view, c, true);
        out.push_str("<span class=\"t\">");
        esc(out, &c.text);
        out.push_str("</span>");
        for (name, value) in &c.fields {
            if value.is_empty() {
                continue;
            }
            out.push_str("<div class=\"field\"><span class=\"fl\">");
            esc(out, name);
            out.push_str("</span><span class=\"v\">");
            esc(out, value);
            out.push_str("</span></div>");
        }
        out.push_str("</li>\n");
    }
    out.push_str("</ul>\n");
}

fn row_class(out: &mut String, c: &Contribution) {
    match (c.starred, c.hidden) {
        (false, false) => {}
        (true, false) => out.push_str(" class=\"starred\""),
        (false, true) => out.push_str(" class=\"off\""),
        (true, true) => out.push_str(" class=\"starred off\""),
    }
}

/// The group, author and "off the record" labels before an answer, when they apply.
fn pills(out: &mut String, view: &View, c: &Contribution, with_group: bool) {
    if with_group
        && view.options.by_group
        && let Some(g) = &c.group
    {
        out.push_str("<span class=\"by\">");
        esc(out, g);
        out.push_str("</span>");
    }
    if let Some(a) = view.author(c) {
        out.push_str("<span class=\"by\">");
        esc(out, a);
        out.push_str("</span>");
    }
    if c.hidden {
        out.push_str("<span class=\"by off\">off the record</span>");
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn escapes_markup() {
        assert_eq!(
            super::escaped("<script>alert(1)</script> & \"'"),
            "&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;&#39;"
        );
    }
}
