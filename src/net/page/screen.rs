//! The browser screen (`/screen`): the same audience view as `hearth screen`, in large type,
//! plain HTML that reloads itself (meta refresh) so it works with JavaScript off.

use super::esc;
use crate::net::audience::{AudienceAnswer, AudienceView};

pub const SCREEN_CSS: &str = include_str!("screen.css");

/// How often the page reloads itself, in seconds.
pub const REFRESH_SECS: u32 = 2;

fn head(out: &mut String, title: &str, refresh: Option<&str>) {
    out.push_str(
        "<!doctype html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <meta name=\"referrer\" content=\"same-origin\">\n<meta name=\"robots\" content=\"noindex\">\n",
    );
    if let Some(url) = refresh {
        out.push_str(&format!(
            "<meta http-equiv=\"refresh\" content=\"{REFRESH_SECS}; url="
        ));
        esc(out, url);
        out.push_str("\">\n");
    }
    out.push_str("<title>");
    esc(out, title);
    out.push_str(
        "</title>\n<link rel=\"stylesheet\" href=\"/static/screen.css\">\n</head>\n<body>\n",
    );
}

/// Asks for the screen's read-only code; shows nothing of the session.
pub fn screen_code_page(wrong: bool) -> String {
    let mut out = String::new();
    head(&mut out, "hearth — screen", None);
    out.push_str("<main>\n<h1>Follow the room's screen</h1>\n");
    if wrong {
        out.push_str("<p class=\"note\" role=\"alert\">That is not the screen code.</p>\n");
    }
    out.push_str(
        "<form class=\"code-form\" method=\"get\" action=\"/screen\">\n\
         <label>Screen code (from the facilitator) <input name=\"code\" autocomplete=\"off\" autocapitalize=\"characters\" required></label>\n\
         <button>Show</button>\n</form>\n</main>\n</body>\n</html>\n",
    );
    out
}

fn answer(out: &mut String, a: &AudienceAnswer) {
    out.push_str("<li>");
    if a.starred {
        out.push_str("★ ");
    }
    if let Some(g) = &a.group {
        out.push_str("<span class=\"group\">");
        esc(out, g);
        out.push_str(":</span> ");
    }
    esc(out, &a.text);
    for (k, v) in &a.fields {
        out.push_str("<span class=\"field\">");
        esc(out, k);
        out.push_str(": ");
        esc(out, v);
        out.push_str("</span>");
    }
    out.push_str("</li>\n");
}

/// The screen itself; `code` is put in its reload address.
pub fn screen_page(view: &AudienceView, code: &str) -> String {
    let mut out = String::new();
    let mut reload = String::from("/screen?code=");
    super::query_value(&mut reload, code);
    head(&mut out, &view.exercise, Some(&reload));
    out.push_str("<header><span>");
    if view.of > 1 {
        out.push_str(&format!("{}/{} · ", view.number, view.of));
    }
    esc(&mut out, &view.exercise);
    if view.slots > 1 {
        out.push_str(" · ");
        esc(&mut out, &view.heading);
        out.push_str(&format!(" {}/{}", view.slot_number, view.slots));
    }
    out.push_str("</span>");
    if let Some(t) = view.timer {
        out.push_str("<span class=\"timer\">");
        esc(&mut out, &crate::net::audience::timer_label(t));
        out.push_str("</span>");
    }
    out.push_str("</header>\n<main>\n");
    if let Some(j) = &view.join {
        out.push_str("<p class=\"note\">Join on your own device: <strong>");
        esc(&mut out, &j.url);
        out.push_str("</strong></p>\n<p class=\"code\">");
        esc(&mut out, &j.code);
        out.push_str("</p>\n");
    } else if let Some(a) = &view.spotlight {
        if let Some(g) = &a.group {
            out.push_str("<p class=\"group note\">");
            esc(&mut out, g);
            out.push_str("</p>\n");
        }
        out.push_str("<p class=\"spotlight\">");
        esc(&mut out, &a.text);
        out.push_str("</p>\n");
        for (k, v) in &a.fields {
            out.push_str("<p class=\"note\">");
            esc(&mut out, k);
            out.push_str(": ");
            esc(&mut out, v);
            out.push_str("</p>\n");
        }
    } else if let Some(v) = &view.vote {
        out.push_str("<h1>");
        esc(&mut out, &v.title);
        out.push_str("</h1>\n");
        if !v.revealed {
            out.push_str("<p class=\"note\">");
            esc(&mut out, &v.progress);
            out.push_str(" · results shown when revealed</p>\n");
        } else {
            out.push_str("<ol class=\"ranked\">\n");
            for (score, text) in &v.ranked {
                out.push_str("<li><strong>");
                esc(&mut out, score);
                out.push_str("</strong> ");
                esc(&mut out, text);
                out.push_str("</li>\n");
            }
            out.push_str("</ol>\n");
        }
    } else {
        out.push_str("<h1>");
        esc(
            &mut out,
            if view.question.trim().is_empty() {
                &view.exercise
            } else {
                &view.question
            },
        );
        out.push_str("</h1>\n");
        if !view.follow_up.is_empty() {
            out.push_str("<p class=\"follow\">");
            esc(&mut out, &view.follow_up);
            out.push_str("</p>\n");
        }
        if view.withheld > 0 {
            out.push_str(&format!(
                "<p class=\"note\">{} saved — shown when the facilitator reveals them.</p>\n",
                if view.withheld == 1 {
                    "1 answer".to_owned()
                } else {
                    format!("{} answers", view.withheld)
                }
            ));
        } else if view.answers.is_empty() {
            out.push_str("<p class=\"note\">No answers yet.</p>\n");
        } else {
            out.push_str("<ul class=\"answers\">\n");
            for a in view.answers.iter().rev() {
                answer(&mut out, a);
            }
            out.push_str("</ul>\n");
        }
    }
    out.push_str("</main>\n<footer>hearth · this page follows the facilitator's screen; it reloads itself every ");
    out.push_str(&REFRESH_SECS.to_string());
    out.push_str(" seconds (<a href=\"");
    esc(&mut out, &reload);
    out.push_str("\">reload now</a>)</footer>\n</body>\n</html>\n");
    out
}
