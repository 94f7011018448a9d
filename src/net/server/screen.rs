//! `GET /screen?code=…`: the browser screen, read-only, behind its own code. A wrong code gets
//! the code form again and nothing of the session.

use super::*;
use crate::net::page::{SCREEN_CSS, screen_code_page, screen_page};

pub(super) async fn page_screen(State(app): State<App>, req: Request) -> Response {
    let Some(code) = query_param(&req, "code").filter(|c| !c.trim().is_empty()) else {
        return html(StatusCode::OK, screen_code_page(false));
    };
    match app.hub.check_screen_code(&code, peer_ip(&req)) {
        Ok(()) => {}
        Err(Refusal::Unauthorized | Refusal::Revoked) => {
            return html(StatusCode::FORBIDDEN, screen_code_page(true));
        }
        Err(_) => {
            return plain(
                StatusCode::TOO_MANY_REQUESTS,
                "too many wrong codes: wait a minute, then type the screen code again",
            );
        }
    }
    match app.hub.audience() {
        Some(view) => html(StatusCode::OK, screen_page(&view, &code)),
        None => plain(
            StatusCode::SERVICE_UNAVAILABLE,
            "the session is no longer shared",
        ),
    }
}

pub(super) async fn static_screen_css() -> Response {
    (
        [(header::CONTENT_TYPE, "text/css; charset=utf-8")],
        SCREEN_CSS,
    )
        .into_response()
}
