//! The capture page: the current exercise, the form an answer is sent with, the group's answers.

use std::collections::BTreeMap;

use super::chooser::{shapes, slot_chooser};
use super::vote::{self, VoteNote};
use super::{FOOT, capitalised, error_notice, esc, head};
use crate::net::api::{Answer, ExerciseInfo, FieldInfo, ParentChoice, RoundInfo, SlotInfo};

/// What the capture page shows: the current exercise, the form for one slot, the group's answers.
pub struct CaptureView<'a> {
    pub session_title: &'a str,
    pub group: &'a str,
    pub exercise: &'a ExerciseInfo,
    /// The group's visible answers to this exercise, oldest first.
    pub answers: &'a [Answer],
    /// The slot chosen for the next answer (an id from exercise.slots); None = the first slot.
    /// An id the exercise does not have chooses nothing: the note-taker chooses again.
    pub slot: Option<&'a str>,
    /// Set right after a successful plain-form submit: the id that was saved.
    pub saved: Option<&'a str>,
    /// A problem with the last submit (shown prominently, with the typed text kept in the form).
    pub error: Option<&'a str>,
    /// Text and fields to put back into the form after an error (nothing typed is ever lost).
    pub draft_text: &'a str,
    pub draft_fields: &'a BTreeMap<String, String>,
    /// The answers of this exercise an answer can go under, oldest first.
    pub parents: &'a [ParentChoice],
    /// The one chosen before (after an error, or the last sent), if any; else the newest.
    pub draft_parent: Option<&'a str>,
    /// A fresh contribution id for the hidden `id` field (makes a repeated submit harmless).
    pub form_id: &'a str,
    /// The exercise's vote and rating rounds, as this device sees them.
    pub rounds: &'a [RoundInfo],
    /// What the last vote from this page came to.
    pub vote: Option<VoteNote<'a>>,
}

/// Said when the slot asked for is not in the exercise (a page from before the plan changed).
pub const SLOT_GONE: &str =
    "The question chosen before is no longer in this exercise. Choose where the answer goes.";

pub fn capture_page(view: &CaptureView) -> String {
    let ex = view.exercise;
    let chosen = match view.slot {
        None => ex.slots.first(),
        Some(id) => ex.slots.iter().find(|s| s.id == id),
    };
    let mut out = String::with_capacity(8192 + view.answers.len() * 256 + ex.slots.len() * 200);
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
    if !ex.seed.trim().is_empty() {
        out.push_str("<p class=\"instructions seed\" dir=\"auto\">");
        esc(&mut out, &ex.seed);
        out.push_str("</p>\n");
    }
    if !ex.instructions.trim().is_empty() {
        out.push_str("<p class=\"instructions\" dir=\"auto\">");
        esc(&mut out, &ex.instructions);
        out.push_str("</p>\n");
    }
    vote::rounds(&mut out, view.rounds, view.vote);
    // The form follows the chosen slot; with none chosen, the first slot's form (the choice is
    // then required, and a slot answered with another form is shown before anything is saved).
    let Some(form_slot) = chosen.or_else(|| ex.slots.first()) else {
        out.push_str("<p class=\"notice\">Nothing to record in this exercise. Wait for the facilitator to move on, then reload this page.</p>\n");
        vote::past_rounds(&mut out, view.rounds, view.vote);
        out.push_str("</main>\n");
        out.push_str(FOOT);
        return out;
    };
    match (view.error, chosen) {
        (Some(e), _) => error_notice(&mut out, Some(e)),
        (None, None) => error_notice(&mut out, Some(SLOT_GONE)),
        (None, Some(_)) => {}
    }
    capture_form(&mut out, view, chosen, form_slot);
    // Past rounds fold away under the answer box, so they never push it down the page.
    vote::past_rounds(&mut out, view.rounds, view.vote);
    answer_lists(&mut out, view, chosen);
    out.push_str("</main>\n");
    out.push_str(FOOT);
    out
}

/// The answer's form: where it goes, the text, the slot's fields, Send. `chosen` is where
/// Send files it; `form_slot` the slot whose text label and fields the form has.
fn capture_form(
    out: &mut String,
    view: &CaptureView,
    chosen: Option<&SlotInfo>,
    form_slot: &SlotInfo,
) {
    let ex = view.exercise;
    let shapes = shapes(&ex.slots);
    let shape = ex
        .slots
        .iter()
        .position(|s| s.id == form_slot.id)
        .map_or(0, |i| shapes[i]);
    out.push_str(
        "<form method=\"post\" action=\"/submit\" id=\"capture\" class=\"stack capture-form\" data-group=\"",
    );
    esc(out, view.group);
    out.push_str("\" data-exercise=\"");
    esc(out, &ex.id);
    out.push_str("\" data-slot=\"");
    esc(out, chosen.map_or("", |s| s.id.as_str()));
    out.push_str("\" data-shape=\"");
    out.push_str(&shape.to_string());
    out.push_str("\">\n");
    // Enter in a text box presses the first submit button: this one, so it sends (never "Show").
    out.push_str(
        "<button type=\"submit\" class=\"visually-hidden\" tabindex=\"-1\" aria-hidden=\"true\">Send</button>\n",
    );
    for (name, value) in [
        ("id", view.form_id),
        ("exercise", ex.id.as_str()),
        // The slot whose form this is: a slot answered with another form is shown first.
        ("shown", form_slot.id.as_str()),
    ] {
        out.push_str("<input type=\"hidden\" name=\"");
        out.push_str(name);
        out.push_str("\" value=\"");
        esc(out, value);
        out.push_str("\">\n");
    }
    slot_chooser(out, &ex.slots, chosen.map(|s| s.id.as_str()));
    // The chosen slot in full. Without JavaScript, a choice changed since the page came is not
    // it any more: the style sheet hides it then and says so instead (`#slot-changed`).
    out.push_str("<h2 class=\"slot-label\" id=\"slot-label\" dir=\"auto\"");
    match chosen {
        Some(s) => {
            out.push('>');
            esc(out, &s.label);
        }
        None => out.push_str(" hidden>"),
    }
    out.push_str("</h2>\n");
    if ex.slots.len() > 1 || chosen.is_none() {
        out.push_str("<p class=\"slot-changed\" id=\"slot-changed\">Your answer goes where you chose above. Press Show to see that question in full.</p>\n");
    }
    out.push_str("<label for=\"text\">");
    esc(out, &capitalised(&form_slot.text_label));
    if form_slot.text_optional {
        out.push_str(" <span class=\"opt\">(optional)</span>");
    }
    out.push_str("</label>\n<textarea id=\"text\" name=\"text\" rows=\"4\" dir=\"auto\"");
    if !form_slot.text_optional {
        out.push_str(" required");
    }
    // The parser drops one line break right after <textarea>: this one, not the draft's own.
    out.push_str(">\n");
    esc(out, view.draft_text);
    out.push_str("</textarea>\n");
    parent_control(out, view, form_slot);
    for (i, field) in form_slot.fields.iter().enumerate() {
        field_control(out, i, field, view.draft_fields.get(&field.name));
    }
    out.push_str("<button type=\"submit\" class=\"primary\" id=\"send\">Send</button>\n");
    // Next to Send, where the eye is after pressing it: and where the answer went.
    out.push_str("<p id=\"status\" class=\"notice saved\" role=\"status\"");
    let saved = view
        .saved
        .filter(|_| view.error.is_none())
        .map(|id| view.answers.iter().find(|a| a.id == id));
    match saved {
        Some(Some(answer)) => {
            let label = ex
                .slots
                .iter()
                .find(|s| s.id == answer.slot)
                .map_or(answer.slot.as_str(), |s| s.label.as_str());
            out.push_str(">Saved under ");
            esc(out, label);
            out.push_str(" ✓</p>\n");
        }
        Some(None) => out.push_str(">Saved ✓</p>\n"),
        None => out.push_str(" hidden></p>\n"),
    }
    out.push_str("</form>\n");
}

/// Which answer this one goes under, for a slot whose answers go under another's: a list of
/// them (every group's), the one chosen before or else the newest chosen. A part of the form,
/// so it is sent with the answer with JavaScript or without.
fn parent_control(out: &mut String, view: &CaptureView, slot: &SlotInfo) {
    let Some(parent_slot) = slot.parent_slot.as_deref() else {
        return;
    };
    let choices: Vec<&ParentChoice> = view
        .parents
        .iter()
        .filter(|p| p.slot == parent_slot)
        .collect();
    let label = view
        .exercise
        .slots
        .iter()
        .find(|s| s.id == parent_slot)
        .map_or(parent_slot, |s| s.text_label.as_str());
    out.push_str("<label for=\"parent\">Under which ");
    esc(out, label);
    out.push_str("</label>\n");
    if choices.is_empty() {
        out.push_str("<p class=\"empty\" id=\"parent-none\" data-parent-slot=\"");
        esc(out, parent_slot);
        out.push_str("\">None yet: this answer goes in without one.</p>\n");
        return;
    }
    let chosen = crate::model::tree::chosen_or_newest(&choices, view.draft_parent, |p| &p.id)
        .map(|p| p.id.as_str());
    out.push_str("<select id=\"parent\" name=\"parent\" data-parent-slot=\"");
    esc(out, parent_slot);
    out.push_str("\">\n");
    for p in &choices {
        out.push_str("<option value=\"");
        esc(out, &p.id);
        out.push('"');
        if chosen == Some(p.id.as_str()) {
            out.push_str(" selected");
        }
        out.push_str(" dir=\"auto\">");
        if let Some(g) = &p.group {
            out.push('[');
            esc(out, g);
            out.push_str("] ");
        }
        esc(out, &crate::model::tree::parent_words(&p.text));
        out.push_str("</option>\n");
    }
    out.push_str("</select>\n");
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

/// The group's answers: those in the chosen slot, then the rest of the exercise.
fn answer_lists(out: &mut String, view: &CaptureView, chosen: Option<&SlotInfo>) {
    let (here, elsewhere): (Vec<&Answer>, Vec<&Answer>) = view
        .answers
        .iter()
        .partition(|a| chosen.is_some_and(|s| a.slot == s.id));
    out.push_str("<section class=\"answers\" aria-labelledby=\"answers-heading\">\n<h2 id=\"answers-heading\">Your group's answers here</h2>\n");
    out.push_str("<p class=\"empty\" id=\"answers-empty\"");
    if !here.is_empty() {
        out.push_str(" hidden");
    }
    out.push_str(">None yet.</p>\n<ul id=\"answers\" class=\"answer-list\">\n");
    for a in &here {
        answer_item(out, view, a, chosen, None);
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
        answer_item(out, view, a, info, Some(where_label));
    }
    out.push_str("</ul>\n</section>\n");
}

fn answer_item(
    out: &mut String,
    view: &CaptureView,
    answer: &Answer,
    slot: Option<&SlotInfo>,
    where_label: Option<&str>,
) {
    let saved = view.saved;
    out.push_str("<li class=\"answer");
    if saved == Some(answer.id.as_str()) {
        out.push_str(" just-saved");
    }
    out.push_str("\" data-id=\"");
    esc(out, &answer.id);
    out.push_str("\" data-slot=\"");
    esc(out, &answer.slot);
    // The script keeps the lists in this order when another slot is chosen.
    out.push_str("\" data-at=\"");
    esc(out, &answer.at);
    out.push_str("\">\n");
    if let Some(w) = where_label {
        out.push_str("<p class=\"where\" dir=\"auto\">");
        esc(out, w);
        out.push_str("</p>\n");
    }
    // Where it goes under, in words this device may see.
    if let Some(p) = answer
        .parent
        .as_deref()
        .and_then(|id| view.parents.iter().find(|p| p.id == id))
    {
        out.push_str("<p class=\"where\" dir=\"auto\">under ‘");
        esc(out, &crate::model::tree::parent_words(&p.text));
        out.push_str("’</p>\n");
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
