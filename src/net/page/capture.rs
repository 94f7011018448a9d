//! The capture page: the current exercise, the form an answer is sent with, the group's answers.

use std::collections::BTreeMap;

use super::chooser::slot_chooser;
use super::vote::{self, VoteNote};
use super::{FOOT, capitalised, error_notice, esc, head};
use crate::net::api::{Answer, ExerciseInfo, FieldInfo, RoundInfo, SlotInfo};

/// What the capture page shows: the current exercise, one slot's form, the group's answers.
pub struct CaptureView<'a> {
    pub session_title: &'a str,
    pub group: &'a str,
    pub exercise: &'a ExerciseInfo,
    /// The group's visible answers to this exercise, oldest first.
    pub answers: &'a [Answer],
    /// The slot the form is for (an id from exercise.slots); None = the first slot.
    pub slot: Option<&'a str>,
    /// Set right after a successful plain-form submit: the id that was saved.
    pub saved: Option<&'a str>,
    /// A problem with the last submit (shown prominently, with the typed text kept in the form).
    pub error: Option<&'a str>,
    /// Text and fields to put back into the form after an error (nothing typed is ever lost).
    pub draft_text: &'a str,
    pub draft_fields: &'a BTreeMap<String, String>,
    /// A fresh contribution id for the hidden `id` field (makes a repeated submit harmless).
    pub form_id: &'a str,
    /// The exercise's vote and rating rounds, as this device sees them.
    pub rounds: &'a [RoundInfo],
    /// What the last vote from this page came to.
    pub vote: Option<VoteNote<'a>>,
}

pub fn capture_page(view: &CaptureView) -> String {
    let ex = view.exercise;
    let slot = view
        .slot
        .and_then(|id| ex.slots.iter().find(|s| s.id == id))
        .or_else(|| ex.slots.first());
    let mut out = String::with_capacity(8192 + view.answers.len() * 256 + ex.slots.len() * 160);
    head(
        &mut out,
        &format!("{} · {} — hearth", view.group, ex.title),
        true,
    );
    out.push_str(
        "<body class=\"capture\">\n<header class=\"bar\">\n<p class=\"session\" dir=\"auto\">",
    );
    esc(&mut out, view.session_title);
    out.push_str("</p>\n<div class=\"who\"><p>Your group: <strong dir=\"auto\">");
    esc(&mut out, view.group);
    out.push_str(
        "</strong></p>\n<form method=\"post\" action=\"/leave\"><button type=\"submit\" class=\"quiet\">Leave</button></form></div>\n</header>\n<main>\n",
    );
    out.push_str("<div id=\"banner\" class=\"notice banner\" role=\"alert\" hidden></div>\n");
    out.push_str("<p class=\"kicker\">Exercise ");
    out.push_str(&format!("{} of {}", ex.position, ex.of));
    out.push_str("</p>\n<h1 dir=\"auto\">");
    esc(&mut out, &ex.title);
    out.push_str("</h1>\n");
    if !ex.question.trim().is_empty() {
        out.push_str("<p class=\"instructions\" dir=\"auto\"><strong>");
        esc(&mut out, &ex.question);
        out.push_str("</strong></p>\n");
    }
    if !ex.instructions.trim().is_empty() {
        out.push_str("<p class=\"instructions\" dir=\"auto\">");
        esc(&mut out, &ex.instructions);
        out.push_str("</p>\n");
    }
    vote::rounds(&mut out, view.rounds, view.vote);
    let Some(slot) = slot else {
        out.push_str("<p class=\"notice\">Nothing to record in this exercise. Wait for the facilitator to move on, then reload this page.</p>\n</main>\n");
        out.push_str(FOOT);
        return out;
    };
    slot_chooser(&mut out, &ex.slots, &slot.id);
    error_notice(&mut out, view.error);
    capture_form(&mut out, view, slot);
    answer_lists(&mut out, view, slot);
    out.push_str("</main>\n");
    out.push_str(FOOT);
    out
}

fn capture_form(out: &mut String, view: &CaptureView, slot: &SlotInfo) {
    out.push_str("<h2 class=\"slot-label\" id=\"slot-label\" dir=\"auto\">");
    esc(out, &slot.label);
    out.push_str(
        "</h2>\n<form method=\"post\" action=\"/submit\" id=\"capture\" class=\"stack capture-form\" data-group=\"",
    );
    esc(out, view.group);
    out.push_str("\" data-exercise=\"");
    esc(out, &view.exercise.id);
    out.push_str("\" data-slot=\"");
    esc(out, &slot.id);
    out.push_str("\">\n");
    for (name, value) in [
        ("id", view.form_id),
        ("exercise", view.exercise.id.as_str()),
        ("slot", slot.id.as_str()),
    ] {
        out.push_str("<input type=\"hidden\" name=\"");
        out.push_str(name);
        out.push_str("\" value=\"");
        esc(out, value);
        out.push_str("\">\n");
    }
    out.push_str("<label for=\"text\">");
    esc(out, &capitalised(&slot.text_label));
    if slot.text_optional {
        out.push_str(" <span class=\"opt\">(optional)</span>");
    }
    out.push_str("</label>\n<textarea id=\"text\" name=\"text\" rows=\"4\" dir=\"auto\"");
    if !slot.text_optional {
        out.push_str(" required");
    }
    // The parser drops one line break right after <textarea>: this one, not the draft's own.
    out.push_str(">\n");
    esc(out, view.draft_text);
    out.push_str("</textarea>\n");
    for (i, field) in slot.fields.iter().enumerate() {
        field_control(out, i, field, view.draft_fields.get(&field.name));
    }
    out.push_str("<button type=\"submit\" class=\"primary\" id=\"send\">Send</button>\n");
    // Next to Send, where the eye is after pressing it.
    out.push_str("<p id=\"status\" class=\"notice saved\" role=\"status\"");
    if view.saved.is_some() && view.error.is_none() {
        out.push_str(">Saved ✓</p>\n");
    } else {
        out.push_str(" hidden></p>\n");
    }
    out.push_str("</form>\n");
}

fn field_control(out: &mut String, index: usize, field: &FieldInfo, draft: Option<&String>) {
    let id = format!("field-{index}");
    out.push_str("<label for=\"");
    out.push_str(&id);
    out.push_str("\">");
    esc(out, &capitalised(&field.label));
    if !field.required {
        out.push_str(" <span class=\"opt\">(optional)</span>");
    }
    out.push_str("</label>\n");
    let open = |out: &mut String, tag: &str| {
        out.push('<');
        out.push_str(tag);
        out.push_str(" id=\"");
        out.push_str(&id);
        out.push_str("\" name=\"field.");
        esc(out, &field.name);
        out.push_str("\" data-field=\"");
        esc(out, &field.name);
        out.push('"');
        if field.required {
            out.push_str(" required");
        }
    };
    if field.choices.is_empty() {
        open(out, "input");
        out.push_str(" type=\"text\" dir=\"auto\" value=\"");
        esc(out, draft.map_or("", String::as_str));
        out.push_str("\">\n");
        return;
    }
    open(out, "select");
    out.push_str(">\n<option value=\"\">");
    out.push_str(if field.required { "Choose…" } else { "—" });
    out.push_str("</option>\n");
    for choice in &field.choices {
        out.push_str("<option value=\"");
        esc(out, choice);
        out.push('"');
        if draft.is_some_and(|d| d == choice) {
            out.push_str(" selected");
        }
        out.push('>');
        esc(out, choice);
        out.push_str("</option>\n");
    }
    out.push_str("</select>\n");
}

fn answer_lists(out: &mut String, view: &CaptureView, slot: &SlotInfo) {
    let (here, elsewhere): (Vec<&Answer>, Vec<&Answer>) =
        view.answers.iter().partition(|a| a.slot == slot.id);
    out.push_str("<section class=\"answers\" aria-labelledby=\"answers-heading\">\n<h2 id=\"answers-heading\">Your group's answers here</h2>\n");
    out.push_str("<p class=\"empty\" id=\"answers-empty\"");
    if !here.is_empty() {
        out.push_str(" hidden");
    }
    out.push_str(">None yet.</p>\n<ul id=\"answers\" class=\"answer-list\">\n");
    for a in &here {
        answer_item(out, a, Some(slot), view.saved, None);
    }
    out.push_str("</ul>\n</section>\n");
    out.push_str(
        "<section class=\"answers other\" id=\"other-section\" aria-labelledby=\"other-heading\"",
    );
    if elsewhere.is_empty() {
        out.push_str(" hidden");
    }
    out.push_str(">\n<h2 id=\"other-heading\">Elsewhere in this exercise</h2>\n<ul id=\"other-answers\" class=\"answer-list\">\n");
    for a in &elsewhere {
        let info = view.exercise.slots.iter().find(|s| s.id == a.slot);
        let where_label = info.map_or(a.slot.as_str(), |s| s.label.as_str());
        answer_item(out, a, info, view.saved, Some(where_label));
    }
    out.push_str("</ul>\n</section>\n");
}

fn answer_item(
    out: &mut String,
    answer: &Answer,
    slot: Option<&SlotInfo>,
    saved: Option<&str>,
    where_label: Option<&str>,
) {
    out.push_str("<li class=\"answer");
    if saved == Some(answer.id.as_str()) {
        out.push_str(" just-saved");
    }
    out.push_str("\" data-id=\"");
    esc(out, &answer.id);
    out.push_str("\" data-slot=\"");
    esc(out, &answer.slot);
    out.push_str("\">\n");
    if let Some(w) = where_label {
        out.push_str("<p class=\"where\" dir=\"auto\">");
        esc(out, w);
        out.push_str("</p>\n");
    }
    if !answer.text.is_empty() {
        out.push_str("<p class=\"text\" dir=\"auto\">");
        esc(out, &answer.text);
        out.push_str("</p>\n");
    }
    if !answer.fields.is_empty() {
        out.push_str("<dl class=\"fields\">\n");
        for (name, value) in &answer.fields {
            let label = slot
                .and_then(|s| s.fields.iter().find(|f| &f.name == name))
                .map_or_else(|| capitalised(name), |f| capitalised(&f.label));
            out.push_str("<div><dt>");
            esc(out, &label);
            out.push_str("</dt><dd dir=\"auto\">");
            esc(out, value);
            out.push_str("</dd></div>\n");
        }
        out.push_str("</dl>\n");
    }
    if saved == Some(answer.id.as_str()) {
        out.push_str("<p class=\"state\">Saved ✓</p>\n");
    }
    out.push_str("</li>\n");
}
