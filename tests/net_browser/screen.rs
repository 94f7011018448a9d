//! The browser screen (`/screen`): the room's view with its own code, nothing without it.

use super::*;

/// The browser screen (`/screen`): what the room sees, for participants following on their own
/// device, behind its own read-only code, working with JavaScript off. A wrong code gets the
/// code form and nothing of the session; an answer off the record never appears.
#[test]
fn the_browser_screen_shows_the_rooms_view_with_its_own_code_and_nothing_without_it() {
    use hearth::model::{Change, Draft};
    let Some((chromium, chromedriver)) = browser_tools() else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let session = common::new_session(dir.path());
    {
        let (mut store, _) = hearth::store::SessionStore::open(&session).unwrap();
        let answers = [
            (
                "Table 1",
                "Peer workers trusted as colleagues, not as an add-on",
                false,
            ),
            (
                "Table 2",
                "A national network that shares training and stories",
                false,
            ),
            (
                "Table 1",
                "OFF-THE-RECORD remark about a named manager",
                true,
            ),
        ];
        for (group, text, hidden) in answers {
            let c = Draft::new("round", "sick", text)
                .group(Some(group.into()))
                .into_contribution();
            let id = c.id.clone();
            store.apply(Change::Add { contribution: c }).unwrap();
            if hidden {
                store.apply(Change::SetHidden { id, hidden: true }).unwrap();
            }
        }
        store.close().unwrap();
    }
    let shots = std::env::var_os("HEARTH_SCREENSHOTS_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| dir.path().join("screenshots"));
    std::fs::create_dir_all(&shots).unwrap();
    let (mut server, address, _driver, driver_port) =
        serve_and_drive(dir.path(), &session, &chromedriver);
    let line = server.line_with("Screen (read-only", Duration::from_secs(10));
    let screen = line
        .split_once("): ")
        .map(|(_, u)| u.trim().to_owned())
        .unwrap_or_else(|| panic!("no screen address in {line:?}"));
    assert!(
        screen.starts_with(&format!("{address}screen?code=")),
        "{screen}"
    );
    let code = screen.rsplit('=').next().unwrap().to_owned();
    assert_ne!(code.replace('-', ""), CODE.replace('-', ""), "its own code");

    let profile = dir.path().join("profile-screen");
    let browser = Browser::open(driver_port, &chromium, &profile, false);
    // Without a code, and with a wrong one (the join code included): the code form, nothing else.
    for wrong in [
        format!("{address}screen"),
        format!("{address}screen?code=WRONG-CODE1"),
        format!("{address}screen?code={CODE}"),
    ] {
        browser.go(&wrong);
        let page = browser.source();
        assert!(page.contains("Screen code"), "{wrong}: {page}");
        for secret in [
            "Peer workers",
            "national network",
            "OFF-THE-RECORD",
            "What makes us sick",
        ] {
            assert!(!page.contains(secret), "{wrong} showed {secret:?}: {page}");
        }
    }
    browser.screenshot(&shots.join("screen-1-wrong-code.png"));
    // With its code: the question and the answers, large, reloading itself; never the hidden one.
    browser.go(&screen);
    let page = browser.source();
    assert!(page.contains("What makes us sick?"), "{page}");
    assert!(
        page.contains("Peer workers trusted as colleagues"),
        "{page}"
    );
    assert!(page.contains("A national network"), "{page}");
    assert!(!page.contains("OFF-THE-RECORD"), "{page}");
    assert!(
        page.contains("http-equiv=\"refresh\""),
        "reloads without JavaScript: {page}"
    );
    assert!(!page.contains("<script"), "{page}");
    let png = browser.screenshot(&shots.join("screen-2-room.png"));
    assert!(png.len() > 10_000, "the screenshot is nearly blank");
    if std::env::var("HEARTH_UPDATE_SCREENSHOT").as_deref() == Ok("1") {
        std::fs::write(repo("docs/screen-page.png"), &png).unwrap();
    }
}
