//! The browser capture page of `hearth serve`: plain HTML forms that work with JavaScript off,
//! enhanced by `page/app.js` (an outbox that survives a lost connection, live answers).
//! Every text is escaped; nothing is inline (the server's Content Security Policy allows only
//! `/static/app.js` and `/static/app.css`).

use std::collections::BTreeMap;

use crate::net::api::{Answer, ExerciseInfo, FieldInfo, RoundInfo, SlotInfo};

mod screen;
mod vote;
pub use screen::{SCREEN_CSS, screen_code_page, screen_page};
pub use vote::{VoteNote, read_form as read_vote_form};

pub const APP_JS: &str = include_str!("page/app.js");
pub const APP_CSS: &str = include_str!("page/app.css");

/// Up to this many slots with short labels are shown as links; more, or long ones, as a list to pick from.
const MAX_SLOT_LINKS: usize = 6;
const MAX_SLOT_LINK_CHARS: usize = 40;

use crate::export::escape_html as esc;

/// A URL query value: everything but unreserved characters percent-encoded.
fn query_value(out: &mut String, text: &str) {
    for b in text.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~') {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
}

/// "answer" → "Answer".
fn capitalised(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

fn head(out: &mut String, title: &str, script: bool) {
    out.push_str(
        "<!doctype html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <meta name=\"referrer\" content=\"same-origin\">\n<title>",
    );
    esc(out, title);
    out.push_str("</title>\n<link rel=\"stylesheet\" href=\"/static/app.css\">\n");
    if script {
        out.push_str("<script src=\"/static/app.js\" defer></script>\n");
    }
    out.push_str("</head>\n");
}

fn error_notice(out: &mut String, error: Option<&str>) {
    if let Some(e) = error {
        out.push_str("<p class=\"notice error\" role=\"alert\">");
        esc(out, e);
        out.push_str("</p>\n");
    }
}

const FOOT: &str = "<footer class=\"foot\">hearth · answers go straight to the facilitator's session, on their computer</footer>\n</body>\n</html>\n";

/// Step 1: the join-code form. Shows nothing of the session: a stranger sees only this.
pub fn join_page(error: Option<&str>) -> String {
    let mut out = String::with_capacity(2048);
    head(&mut out, "Join — hearth", false);
    out.push_str("<body class=\"join\">\n<main class=\"narrow\">\n<h1>Join as a note-taker</h1>\n");
    error_notice(&mut out, error);
    out.push_str(
        "<form method=\"post\" action=\"/join\" class=\"stack\">\n\
         <label for=\"code\">Join code</label>\n\
         <p class=\"hint\" id=\"code-hint\">It is on the facilitator&#39;s screen, like KMQ4R-7TXYA.</p>\n\
         <input id=\"code\" name=\"code\" type=\"text\" required autofocus autocomplete=\"off\" \
         autocapitalize=\"characters\" spellcheck=\"false\" aria-describedby=\"code-hint\">\n\
         <button type=\"submit\" class=\"primary\">Next</button>\n</form>\n</main>\n",
    );
    out.push_str(FOOT);
    out
}

/// Step 2 (the code was right): pick a group, or start a new one.
pub fn group_page(code: &str, groups: &[String], error: Option<&str>) -> String {
    let mut out = String::with_capacity(2048 + groups.len() * 128);
    head(&mut out, "Your group — hearth", false);
    out.push_str("<body class=\"join\">\n<main class=\"narrow\">\n<h1>Your group</h1>\n");
    error_notice(&mut out, error);
    out.push_str("<form method=\"post\" action=\"/join\" class=\"stack\">\n");
    // Enter in a text box presses the first submit button: this one, so it never joins a listed group by accident.
    out.push_str(
        "<button type=\"submit\" class=\"visually-hidden\" tabindex=\"-1\" aria-hidden=\"true\">Next</button>\n",
    );
    out.push_str("<input type=\"hidden\" name=\"code\" value=\"");
    esc(&mut out, code);
    out.push_str("\">\n");
    if !groups.is_empty() {
        out.push_str(
            "<fieldset class=\"groups\">\n<legend>Which group are you taking notes for?</legend>\n",
        );
        for g in groups {
            out.push_str("<button type=\"submit\" class=\"group\" name=\"group\" value=\"");
            esc(&mut out, g);
            out.push_str("\" dir=\"auto\">");
            esc(&mut out, g);
            out.push_str("</button>\n");
        }
        out.push_str("</fieldset>\n");
    }
    out.push_str("<fieldset class=\"new-group\">\n<legend>");
    out.push_str(if groups.is_empty() {
        "Start your group"
    } else {
        "Or start a new group"
    });
    out.push_str(
        "</legend>\n<label for=\"new_group\">Group name</label>\n\
         <input id=\"new_group\" name=\"new_group\" type=\"text\" autocomplete=\"off\" dir=\"auto\">\n\
         <button type=\"submit\" class=\"secondary\">Start this group</button>\n</fieldset>\n\
         <label for=\"device_name\">Your name or device (optional)</label>\n\
         <p class=\"hint\" id=\"device-hint\">Shown to the facilitator only, never in the write-up.</p>\n\
         <input id=\"device_name\" name=\"device_name\" type=\"text\" autocomplete=\"off\" \
         aria-describedby=\"device-hint\" dir=\"auto\">\n</form>\n</main>\n",
    );
    out.push_str(FOOT);
    out
}

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

/// Links to the other slots (few, short labels), or a list to pick one from; both work without JavaScript.
fn slot_chooser(out: &mut String, slots: &[SlotInfo], current: &str) {
    if slots.len() < 2 {
        return;
    }
    let as_links = slots.len() <= MAX_SLOT_LINKS
        && slots
            .iter()
            .all(|s| s.label.chars().count() <= MAX_SLOT_LINK_CHARS);
    if as_links {
        out.push_str("<nav class=\"slots\" aria-label=\"Where the answer goes\">\n");
        for s in slots {
            out.push_str("<a class=\"slot\" href=\"/?slot=");
            query_value(out, &s.id);
            out.push_str("\" data-slot-id=\"");
            esc(out, &s.id);
            out.push('"');
            if s.id == current {
                out.push_str(" aria-current=\"page\"");
            }
            out.push_str(" dir=\"auto\">");
            esc(out, &s.label);
            out.push_str("</a>\n");
        }
        out.push_str("</nav>\n");
        return;
    }
    out.push_str(
        "<form method=\"get\" action=\"/\" class=\"slot-pick\" id=\"slot-pick\">\n\
         <label for=\"slot-select\">Where the answer goes</label>\n<div class=\"row\">\
         <select id=\"slot-select\" name=\"slot\">\n",
    );
    // Consecutive labels "A — x", "A — y" are grouped under "A" (role-clarity cells by activity).
    let mut i = 0;
    while i < slots.len() {
        let prefix = group_prefix(&slots[i].label);
        let run = prefix.map_or(1, |p| {
            slots[i..]
                .iter()
                .take_while(|s| group_prefix(&s.label) == Some(p))
                .count()
        });
        if let (Some(p), true) = (prefix, run > 1) {
            out.push_str("<optgroup label=\"");
            esc(out, p);
            out.push_str("\">\n");
            for s in &slots[i..i + run] {
                let rest = s.label.get(p.len() + GROUP_SEP.len()..).unwrap_or(&s.label);
                slot_option(out, s, rest, current);
            }
            out.push_str("</optgroup>\n");
        } else {
            slot_option(out, &slots[i], &slots[i].label, current);
        }
        i += run.max(1);
    }
    out.push_str(
        "</select>\n<button type=\"submit\" class=\"secondary\">Show</button></div>\n</form>\n",
    );
}

const GROUP_SEP: &str = " — ";

fn group_prefix(label: &str) -> Option<&str> {
    label.find(GROUP_SEP).map(|at| &label[..at])
}

fn slot_option(out: &mut String, slot: &SlotInfo, text: &str, current: &str) {
    out.push_str("<option value=\"");
    esc(out, &slot.id);
    out.push_str("\" data-slot-id=\"");
    esc(out, &slot.id);
    out.push('"');
    if slot.id == current {
        out.push_str(" selected");
    }
    out.push('>');
    esc(out, text);
    out.push_str("</option>\n");
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

#[cfg(test)]
mod tests {
    use super::*;

    fn slot(id: &str, label: &str, fields: Vec<FieldInfo>) -> SlotInfo {
        SlotInfo {
            id: id.into(),
            label: label.into(),
            text_label: "answer".into(),
            text_optional: false,
            fields,
        }
    }

    fn exercise(slots: Vec<SlotInfo>) -> ExerciseInfo {
        ExerciseInfo {
            question: String::new(),
            id: "pathways".into(),
            title: "Pathways <b>& \"more\"".into(),
            kind: "pathway_brainstorm".into(),
            instructions: "Talk it through.".into(),
            position: 2,
            of: 5,
            slots,
        }
    }

    fn answer(id: &str, slot: &str, text: &str) -> Answer {
        Answer {
            id: id.into(),
            exercise: "pathways".into(),
            slot: slot.into(),
            group: Some("Table 1".into()),
            text: text.into(),
            fields: BTreeMap::new(),
            at: "2026-11-22T10:00:00Z".into(),
        }
    }

    fn page_with(
        ex: &ExerciseInfo,
        answers: &[Answer],
        slot: Option<&str>,
        draft: &str,
        fields: &BTreeMap<String, String>,
    ) -> String {
        capture_page(&CaptureView {
            session_title: "Session <i>one</i>",
            group: "Table \"1\" & <co>",
            exercise: ex,
            answers,
            slot,
            saved: None,
            error: None,
            draft_text: draft,
            draft_fields: fields,
            form_id: "f-1",
            rounds: &[],
            vote: None,
        })
    }

    /// Every page starts the same way and loads only the two static files.
    fn assert_frame(html: &str) {
        assert!(html.starts_with("<!doctype html>\n<html lang=\"en\">"));
        assert!(
            html.contains(
                "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
            )
        );
        assert!(html.contains("<link rel=\"stylesheet\" href=\"/static/app.css\">"));
        assert!(html.ends_with("</html>\n"));
        // What the Content Security Policy would block: inline scripts, styles, handlers.
        assert!(!html.contains("style="));
        for (at, _) in html.match_indices(" on") {
            let name: String = html[at + 1..]
                .chars()
                .take_while(|c| c.is_ascii_lowercase())
                .collect();
            let after = html[at + 1 + name.len()..].chars().next();
            assert_ne!(after, Some('='), "an event handler attribute `{name}`");
        }
        for (at, _) in html.match_indices("<script") {
            assert!(html[at..].starts_with("<script src=\"/static/app.js\" defer></script>"));
        }
    }

    #[test]
    fn escaping_covers_markup_quotes_ampersands_and_nul() {
        let mut s = String::new();
        esc(&mut s, "<script>alert('x')</script> & \"q\"\r\0夢");
        assert_eq!(
            s,
            "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;q&quot;&#13;\u{2400}夢"
        );
        let mut q = String::new();
        query_value(&mut q, "a b&c=d/é");
        assert_eq!(q, "a%20b%26c%3Dd%2F%C3%A9");
    }

    #[test]
    fn join_page_shows_nothing_of_the_session() {
        let html = join_page(None);
        assert_frame(&html);
        assert!(html.contains("name=\"code\""));
        assert!(html.contains("action=\"/join\""));
        assert!(!html.contains("<script"));
        assert!(!html.contains("role=\"alert\""));
        let with_error = join_page(Some("That code is not right <try again>"));
        assert!(with_error.contains("That code is not right &lt;try again&gt;"));
    }

    #[test]
    fn group_page_lists_groups_as_buttons_and_keeps_the_code() {
        let groups = vec!["Table 1".to_owned(), "<b>\"Room\" & 夢</b>".to_owned()];
        let html = group_page("AB\"CD", &groups, None);
        assert_frame(&html);
        assert!(html.contains("<input type=\"hidden\" name=\"code\" value=\"AB&quot;CD\">"));
        assert!(html.contains("name=\"group\" value=\"Table 1\""));
        assert!(html.contains(
            "name=\"group\" value=\"&lt;b&gt;&quot;Room&quot; &amp; 夢&lt;/b&gt;\" dir=\"auto\">&lt;b&gt;&quot;Room&quot; &amp; 夢&lt;/b&gt;</button>"
        ));
        assert!(!html.contains("<b>"));
        assert!(html.contains("name=\"new_group\""));
        assert!(html.contains("name=\"device_name\""));
        // Enter in a text box must not pick the first listed group.
        let default_button = html.find("<button type=\"submit\"").unwrap();
        assert!(
            html[default_button..].starts_with("<button type=\"submit\" class=\"visually-hidden\"")
        );
        let empty = group_page("X", &[], Some("Give the group a name"));
        assert!(!empty.contains("name=\"group\""));
        assert!(empty.contains("Give the group a name"));
    }

    #[test]
    fn capture_page_escapes_everything_and_keeps_the_draft() {
        let ex = exercise(vec![
            slot("q1", "1. What <exists>?", vec![]),
            slot("q4", "4. Your path?", vec![]),
        ]);
        let answers = vec![
            answer("a1", "q1", "<script>alert(1)</script>"),
            answer("a2", "q4", "x & y \"quoted\" 'single'"),
        ];
        let draft = "\nstarts with a line break & <tags>\r\nand CRLF";
        let html = page_with(&ex, &answers, Some("q1"), draft, &BTreeMap::new());
        assert_frame(&html);
        assert!(html.contains("<script src=\"/static/app.js\" defer></script>"));
        assert!(!html.contains("<script>alert"));
        assert!(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
        assert!(html.contains("x &amp; y &quot;quoted&quot; &#39;single&#39;"));
        assert!(html.contains("Pathways &lt;b&gt;&amp; &quot;more&quot;"));
        assert!(html.contains("Session &lt;i&gt;one&lt;/i&gt;"));
        assert!(html.contains("data-group=\"Table &quot;1&quot; &amp; &lt;co&gt;\""));
        assert!(html.contains(
            "required>\n\nstarts with a line break &amp; &lt;tags&gt;&#13;\nand CRLF</textarea>"
        ));
        assert!(html.contains("<input type=\"hidden\" name=\"id\" value=\"f-1\">"));
        assert!(html.contains("<input type=\"hidden\" name=\"slot\" value=\"q1\">"));
        assert!(html.contains("<input type=\"hidden\" name=\"exercise\" value=\"pathways\">"));
        // The answer of the selected slot is listed here, the other one under "elsewhere".
        let here = html.find("id=\"answers\"").unwrap();
        let other = html.find("id=\"other-answers\"").unwrap();
        let a1 = html.find("data-id=\"a1\"").unwrap();
        let a2 = html.find("data-id=\"a2\"").unwrap();
        assert!(here < a1 && a1 < other && other < a2);
        assert!(html.contains("href=\"/?slot=q4\""));
        assert!(html.contains("aria-current=\"page\""));
        assert!(!html.contains("Saved ✓"));
    }

    #[test]
    fn capture_page_shows_saved_and_errors() {
        let ex = exercise(vec![slot("q1", "One", vec![])]);
        let answers = vec![answer("a1", "q1", "hello")];
        let fields = BTreeMap::new();
        let mut view = CaptureView {
            session_title: "S",
            group: "G",
            exercise: &ex,
            answers: &answers,
            slot: None,
            saved: Some("a1"),
            error: None,
            draft_text: "",
            draft_fields: &fields,
            form_id: "f-2",
            rounds: &[],
            vote: None,
        };
        let html = capture_page(&view);
        assert!(html.contains("role=\"status\">Saved ✓</p>"));
        assert!(html.contains("class=\"answer just-saved\" data-id=\"a1\""));
        // One slot: no chooser, the slot goes as a hidden field.
        assert!(!html.contains("slot-select") && !html.contains("<nav"));
        view.saved = None;
        view.error = Some("the answer must not be empty <x>");
        view.draft_text = "kept";
        let html = capture_page(&view);
        assert!(html.contains("role=\"alert\">the answer must not be empty &lt;x&gt;</p>"));
        assert!(html.contains(">\nkept</textarea>"));
        assert!(!html.contains("Saved ✓"));
    }

    #[test]
    fn fields_become_controls_with_the_draft_selected() {
        let mark = FieldInfo {
            name: "mark".into(),
            label: "Yes / No / Maybe / ??".into(),
            required: true,
            choices: vec!["Yes".into(), "No".into(), "Maybe".into(), "??".into()],
        };
        let note = FieldInfo {
            name: "year".into(),
            label: "year".into(),
            required: false,
            choices: vec![],
        };
        let mut slots = Vec::new();
        for a in ["Lead groups", "Fill in forms"] {
            for c in ["(a) paid", "(b) trained"] {
                let mut cell = slot(
                    &format!("{}.{}", &a[..4], &c[1..2]),
                    &format!("{a} — {c}"),
                    vec![mark.clone(), note.clone()],
                );
                cell.text_optional = true;
                cell.text_label = "comment".into();
                slots.push(cell);
            }
        }
        slots.extend((0..4).map(|i| slot(&format!("s{i}"), &format!("Slot {i}"), vec![])));
        let ex = exercise(slots);
        let mut draft = BTreeMap::new();
        draft.insert("mark".to_owned(), "Maybe".to_owned());
        draft.insert("year".to_owned(), "20\"30".to_owned());
        let mut marked = answer("a1", "Lead.a", "");
        marked.fields.insert("mark".into(), "Yes".into());
        let html = page_with(&ex, &[marked], Some("Lead.b"), "", &draft);
        assert_frame(&html);
        assert!(
            html.contains(
                "<select id=\"field-0\" name=\"field.mark\" data-field=\"mark\" required>"
            )
        );
        assert!(html.contains("<option value=\"Maybe\" selected>Maybe</option>"));
        assert!(html.contains("name=\"field.year\" data-field=\"year\" type=\"text\" dir=\"auto\" value=\"20&quot;30\">"));
        // Many slots: a list to pick from, grouped by what comes before " — ".
        assert!(html.contains("<select id=\"slot-select\" name=\"slot\">"));
        assert!(html.contains("<optgroup label=\"Lead groups\">"));
        assert!(html.contains(
            "<option value=\"Lead.b\" data-slot-id=\"Lead.b\" selected>(b) trained</option>"
        ));
        assert!(html.contains("<option value=\"s0\" data-slot-id=\"s0\">Slot 0</option>"));
        // The comment is optional for this slot; the answer's mark shows with its label.
        assert!(html.contains("Comment <span class=\"opt\">(optional)</span>"));
        assert!(html.contains("rows=\"4\" dir=\"auto\">"));
        assert!(html.contains("<dt>Yes / No / Maybe / ??</dt><dd dir=\"auto\">Yes</dd>"));
    }

    #[test]
    fn the_script_never_writes_markup() {
        for risky in [
            "innerHTML",
            "outerHTML",
            "insertAdjacentHTML",
            "document.write",
            "eval(",
            "new Function",
            "randomUUID",
        ] {
            assert!(!APP_JS.contains(risky), "app.js uses {risky}");
        }
        assert!(APP_JS.contains("credentials: 'same-origin'"));
        assert!(!APP_CSS.contains("@import") && !APP_CSS.contains("url("));
    }

    #[test]
    fn odd_input_never_panics() {
        let ex = exercise(vec![]);
        let html = page_with(
            &ex,
            &[answer("a", "nowhere", "x")],
            Some("nope"),
            "",
            &BTreeMap::new(),
        );
        assert_frame(&html);
        assert!(html.contains("Nothing to record"));
        let labels = [" — ", "é — ", "é — ", "— —", "x", "— x — y", "— x — z"];
        let slots = labels
            .iter()
            .enumerate()
            .map(|(i, l)| slot(&format!("q{i}"), l, vec![]))
            .collect();
        let ex = exercise(slots);
        let html = page_with(
            &ex,
            &[answer("a", "gone", "\0")],
            Some("missing"),
            "",
            &BTreeMap::new(),
        );
        assert!(html.contains("<option value=\"q0\" data-slot-id=\"q0\" selected>"));
        assert!(html.contains("<optgroup label=\"é\">"));
        assert!(html.contains('\u{2400}'));
    }
}
