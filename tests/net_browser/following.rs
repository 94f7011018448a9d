//! Following the facilitator: the page's `agenda` and `exercise` events.

use super::*;

/// A phone (JavaScript on, Table 1) on the six-pillars plan served in this process, so that the
/// test moves the agenda and picks a wheel's centre through the hub, as the facilitator's screen
/// does. Fields drop in order: the browser session, then chromedriver, then the server.
struct Following {
    browser: Browser,
    _driver: Running,
    server: common::serve::InProcess,
    _dir: tempfile::TempDir,
}

impl Following {
    /// Served on the plan's exercise `exercise` (an id), with `before` applied first; the phone
    /// joined, and following the session live. None when the test is to be skipped.
    fn start(name: &str, exercise: &str, before: Vec<hearth::model::Change>) -> Option<Following> {
        let (chromium, chromedriver) = browser_tools()?;
        let dir = tempfile::tempdir().unwrap();
        let session = common::bundled_session("six-pillars", "Six pillars");
        let path = hearth::store::create_session(dir.path(), &session).unwrap();
        let server = common::serve::InProcess::start(&path, CODE);
        if !before.is_empty() {
            server.hub.apply_local(before).unwrap();
        }
        let shots = std::env::var_os("HEARTH_SCREENSHOTS_DIR")
            .map(PathBuf::from)
            .unwrap_or_else(|| dir.path().join("screenshots"));
        std::fs::create_dir_all(&shots).unwrap();
        let (driver, driver_port) = drive(&chromedriver);
        let browser = Browser::open(
            driver_port,
            &chromium,
            &dir.path().join(format!("profile-{name}")),
            true,
        );
        let following = Following {
            browser,
            _driver: driver,
            server,
            _dir: dir,
        };
        following.move_to(exercise);
        let address = format!("http://{}/", following.server.addr);
        join(&following.browser, &address, "Table 1", &shots, name);
        assert_eq!(following.shown()["exercise"], exercise, "{name}");
        following.wait_live();
        Some(following)
    }

    /// The facilitator moves to the plan's exercise `id`.
    fn move_to(&self, id: &str) {
        let index = self
            .server
            .hub
            .with_session(|s| s.scenario.agenda.iter().position(|e| e.id == id))
            .flatten()
            .unwrap_or_else(|| panic!("no exercise {id} in the plan"));
        self.server.hub.set_exercise(index);
    }

    /// The exercise `id` as the server words it for note-takers now.
    /// Where the answers with these words were saved: (exercise, slot, group) of each.
    fn saved_as(&self, text: &str) -> Vec<(String, String, Option<String>)> {
        self.server
            .hub
            .with_session(|s| {
                s.contributions()
                    .iter()
                    .filter(|c| c.text == text)
                    .map(|c| (c.exercise.clone(), c.slot.clone(), c.group.clone()))
                    .collect()
            })
            .unwrap_or_default()
    }

    fn words(&self, id: &str) -> hearth::net::api::ExerciseInfo {
        self.server
            .hub
            .exercise_named(id)
            .unwrap_or_else(|| panic!("no exercise {id}"))
    }

    /// Waits until the page follows the session live: its event stream open, and the catch-up
    /// that follows the opening (`GET /api/session`) answered, so that whatever the facilitator
    /// does from now on reaches the page through the stream's events alone.
    fn wait_live(&self) {
        wait_for(
            "the page to follow the session live",
            Duration::from_secs(10),
            || {
                let streaming = self.server.hub.devices().iter().any(|d| d.streams > 0);
                let caught_up = self.browser.script(
                    "return performance.getEntriesByType('resource').some(e => new URL(e.name).pathname === '/api/session');",
                ) == json!(true);
                (streaming && caught_up).then_some(())
            },
        );
    }

    /// What the page shows now: the exercise its form answers, the heading, the question, the
    /// banner (null while hidden: its paragraphs, its link's words and address), the answer
    /// box, and the mark `mark_page` left (null once the page was loaded again).
    fn shown(&self) -> Value {
        self.browser.script(
            "const q = (css) => document.querySelector(css);
             const form = q('form#capture'), h1 = q('main h1'), question = q('main p.instructions strong');
             const banner = q('#banner'), link = banner && q('#banner a');
             return {
               exercise: form && form.getAttribute('data-exercise'),
               title: h1 && h1.textContent,
               question: question ? question.textContent : '',
               banner: banner && !banner.hidden ? {
                 said: Array.from(banner.querySelectorAll('p')).map(p => p.textContent),
                 link: link && link.textContent,
                 href: link && link.getAttribute('href'),
               } : null,
               text: q('#text') && q('#text').value,
               mark: window.hearthMark || null,
             };",
        )
    }

    /// Marks the page as loaded now, to tell later whether it was loaded again.
    fn mark_page(&self) {
        self.browser.script("window.hearthMark = 'before';");
    }

    /// What the page shows once `done` holds of it (polled; the page may be loading).
    fn wait_shown(&self, what: &str, done: impl Fn(&Value) -> bool) -> Value {
        let mut last = Value::Null;
        let start = Instant::now();
        loop {
            if self.browser.try_find("form#capture").is_some() {
                last = self.shown();
                if done(&last) {
                    return last;
                }
            }
            if start.elapsed() > Duration::from_secs(10) {
                panic!("timed out after 10 s waiting for {what}; the page shows {last:#}");
            }
            std::thread::sleep(Duration::from_millis(100));
        }
    }
}

/// The facilitator moves on while a phone's answer box is empty: the phone shows the next
/// exercise by itself (the page loaded again), with no banner.
#[test]
fn a_phone_with_nothing_typed_shows_the_exercise_the_facilitator_moved_on_to() {
    let Some(phone) = Following::start("moved-empty", "triangle", Vec::new()) else {
        return;
    };
    let before = phone.shown();
    assert_eq!(before["title"], "Futures Triangle", "{before:#}");
    assert_eq!(before["banner"], Value::Null, "{before:#}");
    phone.mark_page();
    let next = phone.words("issues");
    assert!(
        !next.question.is_empty(),
        "the next exercise has a question"
    );
    phone.move_to("issues");
    let now = phone.wait_shown("the next exercise", |s| s["exercise"] == "issues");
    assert_eq!(now["title"], json!(next.title), "{now:#}");
    assert_eq!(now["question"], json!(next.question), "{now:#}");
    assert_eq!(now["mark"], Value::Null, "the page was loaded again");
    assert_eq!(now["banner"], Value::Null, "{now:#}");
    assert_eq!(now["text"], "", "{now:#}");
    phone.wait_live();
    assert_quiet_console(&phone.browser, "after moving on");
}

/// The facilitator moves on while a phone has an answer typed, not sent: the answer stays in
/// the box (the page is not loaded again) and the banner says the facilitator moved on, naming
/// the exercise; the answer can still be sent where it was typed for, and the banner's link
/// then shows the new exercise.
#[test]
fn a_phone_with_an_answer_typed_keeps_it_and_says_the_facilitator_moved_on() {
    let Some(phone) = Following::start("moved-typed", "triangle", Vec::new()) else {
        return;
    };
    let typed = "Peer roles written into every service plan 🚀 夢";
    phone.browser.type_into("#text", typed);
    phone.mark_page();
    let next = phone.words("issues");
    phone.move_to("issues");
    let now = phone.wait_shown("the banner", |s| !s["banner"].is_null());
    assert_eq!(
        now["banner"]["said"],
        json!([format!(
            "The facilitator moved on to “{}” — reload when you have sent this.",
            next.title
        )]),
        "{now:#}"
    );
    assert_eq!(now["banner"]["link"], "Go to it now", "{now:#}");
    assert_eq!(now["text"], typed, "the typed answer is kept: {now:#}");
    assert_eq!(now["mark"], "before", "the page was not loaded again");
    assert_eq!(now["exercise"], "triangle", "{now:#}");
    assert_eq!(now["title"], "Futures Triangle", "{now:#}");

    // Sent as the banner asks: saved under the exercise it was typed for.
    let saved = saved_under(&phone.browser);
    phone.browser.click("#send");
    wait_for(&saved, Duration::from_secs(10), || {
        phone
            .browser
            .try_find("#status")
            .and_then(|s| phone.browser.try_text(&s))
            .filter(|t| *t == saved)
    });
    let found: Vec<_> = phone
        .saved_as(typed)
        .into_iter()
        .map(|(exercise, _, group)| (exercise, group))
        .collect();
    assert_eq!(
        found,
        vec![("triangle".to_owned(), Some("Table 1".to_owned()))],
        "saved once, under the exercise it was typed for"
    );

    // The banner's link shows the exercise moved on to.
    phone.browser.click("#banner a");
    let now = phone.wait_shown("the next exercise", |s| s["exercise"] == "issues");
    assert_eq!(now["title"], json!(next.title), "{now:#}");
    assert_eq!(now["question"], json!(next.question), "{now:#}");
    assert_eq!(now["banner"], Value::Null, "{now:#}");
    assert_quiet_console(&phone.browser, "after moving on");
}

/// An answer typed and not sent when the note-taker goes on to the exercise the facilitator
/// moved to is not lost: the next page shows its words and sends it, on request, where it was
/// typed (or lets it go).
#[test]
fn an_answer_left_unsent_when_moving_on_is_offered_to_send_where_it_was_typed() {
    let Some(phone) = Following::start("moved-unsent", "triangle", Vec::new()) else {
        return;
    };
    let typed = "Lived experience counted as a qualification 夢";
    phone.browser.type_into("#text", typed);
    phone.move_to("issues");
    phone.wait_shown("the banner", |s| s["banner"]["link"] == "Go to it now");
    phone.browser.click("#banner a");
    let now = phone.wait_shown("the next exercise", |s| s["exercise"] == "issues");
    assert_eq!(
        now["banner"]["said"],
        json!(["Not sent yet, typed on “Futures Triangle”:", typed]),
        "{now:#}"
    );
    assert_eq!(
        now["text"], "",
        "not put in the new exercise's box: {now:#}"
    );
    assert!(
        phone.saved_as(typed).is_empty(),
        "nothing sent without asking"
    );

    // Still offered after the page is loaded again, until one of its buttons is pressed.
    phone.browser.script("window.location.reload();");
    let now = phone.wait_shown("the offer again", |s| !s["banner"].is_null());
    assert_eq!(now["banner"]["said"][1], typed, "{now:#}");

    phone.browser.click("#banner .draft-actions button");
    wait_for("the answer saved", Duration::from_secs(10), || {
        (!phone.saved_as(typed).is_empty()).then_some(())
    });
    assert_eq!(
        phone.saved_as(typed),
        vec![(
            "triangle".to_owned(),
            "pull".to_owned(),
            Some("Table 1".to_owned())
        )],
        "saved once, where it was typed"
    );
    let now = phone.shown();
    assert_eq!(
        now["banner"]["said"],
        json!(["Your answer for “Futures Triangle” is on its way."]),
        "{now:#}"
    );
    assert_quiet_console(&phone.browser, "after sending the answer left behind");
}

/// A futures wheel's centre comes from the emerging issues: when the facilitator picks one as
/// the centre (`Change::SeedFrom`), a phone on the wheel with nothing typed shows its words.
/// Picked again while an answer is typed: the answer stays and the banner says the exercise
/// changed; its link shows the new centre, with the typed answer still in the box.
#[test]
fn a_phone_on_a_futures_wheel_shows_the_centre_the_facilitator_picks() {
    use hearth::model::convergence::Seed;
    use hearth::model::{Change, Draft};
    let issues = [
        ("i1", "Peer work regulated by the state 夢"),
        ("i2", "Funding follows lived experience"),
    ];
    let add = |(id, text): (&str, &str)| Change::Add {
        contribution: Draft::new("issues", "issue", text)
            .group(Some("Table 2".into()))
            .into_contribution_with(id.into(), jiff::Timestamp::now()),
    };
    let pick = |id: &str| Change::SeedFrom {
        exercise: "wheel".into(),
        seed: Seed {
            from: id.into(),
            at: jiff::Timestamp::now(),
        },
    };
    let Some(phone) = Following::start("centre", "wheel", issues.map(add).into()) else {
        return;
    };
    let before = phone.shown();
    assert_eq!(before["title"], "Futures Wheel", "{before:#}");
    for (_, text) in issues {
        assert_ne!(before["question"], text, "no centre picked yet: {before:#}");
    }

    // Nothing typed: the page shows the centre by itself.
    phone.mark_page();
    phone.server.hub.apply_local(vec![pick("i1")]).unwrap();
    assert_eq!(phone.words("wheel").question, issues[0].1);
    let now = phone.wait_shown("the centre's words", |s| s["question"] == issues[0].1);
    assert_eq!(now["exercise"], "wheel", "{now:#}");
    assert_eq!(now["title"], "Futures Wheel", "{now:#}");
    assert_eq!(now["mark"], Value::Null, "the page was loaded again");
    assert_eq!(now["banner"], Value::Null, "{now:#}");
    phone.wait_live();

    // An answer typed: kept, and the banner says so; its link shows the other centre.
    let typed = "More peer jobs in clinics 📈";
    phone.browser.type_into("#text", typed);
    phone.mark_page();
    phone.server.hub.apply_local(vec![pick("i2")]).unwrap();
    let now = phone.wait_shown("the banner", |s| !s["banner"].is_null());
    assert_eq!(
        now["banner"]["said"],
        json!([
            "The facilitator changed what this exercise starts from — reload when you have sent this."
        ]),
        "{now:#}"
    );
    assert_eq!(now["banner"]["link"], "Show it now", "{now:#}");
    assert_eq!(now["text"], typed, "the typed answer is kept: {now:#}");
    assert_eq!(now["mark"], "before", "the page was not loaded again");
    assert_eq!(now["question"], issues[0].1, "{now:#}");
    phone.browser.click("#banner a");
    let now = phone.wait_shown("the other centre", |s| s["question"] == issues[1].1);
    assert_eq!(now["exercise"], "wheel", "{now:#}");
    assert_eq!(now["banner"], Value::Null, "{now:#}");
    assert_eq!(now["text"], typed, "the typed answer came along: {now:#}");
    assert_quiet_console(&phone.browser, "after the centre was picked");
}
