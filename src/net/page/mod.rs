//! The browser capture page of `hearth serve`: plain HTML forms that work with JavaScript off,
//! enhanced by `page/app.js` (an outbox that survives a lost connection, live answers).
//! Every text is escaped; nothing is inline (the server's Content Security Policy allows only
//! `/static/app.js` and `/static/app.css`).

mod capture;
mod chooser;
mod form;
mod screen;
mod vote;
pub use capture::{CaptureView, SLOT_GONE, capture_page};
pub use form::{CaptureForm, Decision, decide, read_form as read_capture_form};
pub use screen::{SCREEN_CSS, screen_code_page, screen_page};
pub use vote::{VoteNote, read_form as read_vote_form};

pub const APP_JS: &str = include_str!("app.js");
pub const APP_CSS: &str = include_str!("app.css");

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

#[cfg(test)]
mod tests;
