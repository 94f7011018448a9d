//! Where an answer goes: the question chosen, a part with other details, a consequence under its parent.

use super::*;

/// The issue this guards: on the page, question 4 chosen in "Where the answer goes", an answer
/// typed and sent was saved under question 1. Here, on the all-kinds plan's `pathways` exercise
/// (questions 1 and 4): with JavaScript on and off, with a mouse and with a touch screen,
/// question 4 is chosen, an answer typed and sent, then a second one without choosing again.
/// Every answer must be in the session file under question 4, once; the page must say so and
/// keep question 4 chosen.
#[test]
fn answers_go_under_the_question_chosen_with_and_without_javascript_by_mouse_and_by_touch() {
    let Some((chromium, chromedriver)) = browser_tools() else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let session = common::new_session(dir.path());
    let shots = std::env::var_os("HEARTH_SCREENSHOTS_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| dir.path().join("screenshots"));
    std::fs::create_dir_all(&shots).unwrap();
    let (mut server, address, driver, driver_port) =
        serve_and_drive_on(dir.path(), &session, &chromedriver, Some("pathways"));
    let q4_label = "4. What has your career path looked like, moving to or from peer roles?";
    let mut sent = Vec::new();
    // Each group's second device finds the first one's answers to question 4 listed as
    // elsewhere until it chooses question 4 too.
    for (javascript, touch, group) in [
        (false, false, "Room 夢"),
        (true, true, "Room 夢"),
        (true, false, "Table 1"),
        (false, true, "Table 1"),
    ] {
        let name = format!(
            "q4-{}-{}",
            if javascript { "js" } else { "plain" },
            if touch { "touch" } else { "mouse" }
        );
        let browser = Browser::open_with(
            driver_port,
            &chromium,
            &dir.path().join(format!("profile-{name}")),
            javascript,
            touch,
        );
        join(&browser, &address, group, &shots, &name);
        if javascript {
            assert_eq!(
                browser.script("return matchMedia('(pointer: coarse)').matches;"),
                json!(touch),
                "{name}: the pointer is not the one emulated"
            );
        }
        // The page opens on question 1.
        assert_eq!(chosen_slot(&browser), "q1", "{name}");
        let earlier = sent.iter().filter(|(_, g)| *g == group).count();
        assert_eq!(browser.find_all("#answers li.answer").len(), 0, "{name}");
        assert_eq!(
            browser.find_all("#other-answers li.answer").len(),
            earlier,
            "{name}"
        );
        let press = |css: &str| {
            if touch {
                browser.tap(css);
            } else {
                browser.click(css);
            }
        };

        // Question 4, chosen in the list (the option picked, as the browser's picker does).
        let option = browser.find("#slot-select option[value='q4']");
        browser.cmd("POST", &format!("/element/{option}/click"), Some(json!({})));
        assert_eq!(chosen_slot(&browser), "q4", "{name}");
        if javascript {
            // The question shown follows the choice (the heading is looked for afresh each
            // time: the page may have drawn it again in between).
            wait_for(
                "the question shown to follow",
                Duration::from_secs(10),
                || {
                    let heading = browser.find("#slot-label");
                    (browser.try_text(&heading).as_deref() == Some(q4_label)).then_some(())
                },
            );
            // And so do the lists: question 4's answers are "here" now.
            assert_eq!(
                browser.find_all("#answers li.answer").len(),
                earlier,
                "{name}"
            );
            assert_eq!(browser.find_all("#answers li.answer .where").len(), 0);
            assert_eq!(browser.find_all("#other-answers li.answer").len(), 0);
        } else {
            // Without the script the question shown cannot follow: it steps aside instead.
            assert!(
                !browser.displayed(&browser.find("#slot-label")),
                "{name}: question 1 still shown"
            );
            assert!(browser.displayed(&browser.find("#slot-changed")), "{name}");
        }
        let png = browser.screenshot(&shots.join(format!("{name}-3-chosen.png")));
        assert_eq!(png_size(&png), (720, 1480));

        for round in 1..=2 {
            let text = format!("{name}, answer {round}: moved into peer work 🚀 then on");
            // The status says "saved" from the round before until the page is loaded again
            // (the plain form): this answer is saved once it is listed under its own id.
            let id = browser
                .attribute(&browser.find("input[name='id']"), "value")
                .unwrap_or_default();
            press("#text");
            browser.cdp("Input.insertText", json!({ "text": text }));
            press("#send");
            let expected = format!("Saved under {q4_label} ✓");
            wait_for(
                &format!("{name}: {expected}"),
                Duration::from_secs(20),
                || {
                    browser.try_find(&format!("#answers li.answer[data-id='{id}']"))?;
                    browser
                        .try_find("#status")
                        .and_then(|s| browser.try_text(&s))
                        .filter(|t| *t == expected)
                        .map(|_| ())
                },
            );
            assert_eq!(browser.text(&browser.find("#status")), expected, "{name}");
            // Sent by the script (no reload), or as the plain form (a reload that says saved=).
            assert_eq!(!browser.url().contains("saved="), javascript, "{name}");
            // Question 4 stays chosen, so the next answer goes there too.
            assert_eq!(chosen_slot(&browser), "q4", "{name}, after answer {round}");
            assert_eq!(browser.text(&browser.find("#slot-label")), q4_label);
            if javascript {
                wait_for("the box to be cleared", Duration::from_secs(10), || {
                    (browser.script("return document.querySelector('#text').value;") == json!(""))
                        .then_some(())
                });
            }
            sent.push((text, group));
        }
        // Listed under question 4 ("here"), each once.
        let here = browser.find_all("#answers li.answer");
        let mine: Vec<_> = here
            .iter()
            .map(|li| browser.text(li))
            .filter(|t| t.contains(&name))
            .collect();
        assert_eq!(mine.len(), 2, "{name}: {mine:?}\n{}", browser.source());
        assert_eq!(here.len(), earlier + 2, "{name}");
        browser.screenshot(&shots.join(format!("{name}-4-saved.png")));
        if javascript {
            assert_quiet_console(&browser, &name);
        }
    }

    let pid = i32::try_from(server.child.id()).unwrap();
    // SAFETY: kill(2) on the child this test started.
    assert_eq!(unsafe { libc::kill(pid, libc::SIGTERM) }, 0);
    wait_for("hearth serve to stop", Duration::from_secs(20), || {
        server.child.try_wait().ok().flatten()
    });
    drop(driver);
    let (saved, _) = hearth::store::read_session(&session).unwrap();
    for (text, group) in &sent {
        let found: Vec<_> = saved
            .contributions()
            .iter()
            .filter(|c| &c.text == text)
            .collect();
        assert_eq!(found.len(), 1, "{text:?} saved exactly once");
        assert_eq!(found[0].exercise, "pathways", "{text:?}");
        assert_eq!(found[0].slot, "q4", "{text:?} is filed under question 4");
        assert_eq!(found[0].group.as_deref(), Some(*group));
    }
    assert_eq!(
        saved.contributions().len(),
        sent.len(),
        "nothing else saved"
    );
}

/// Parts of an exercise answered with other details (scenario building: a timeline event has
/// a year, a title does not): choosing the timeline after typing brings up its form with the
/// text kept, at once with JavaScript, on Send without it; nothing is saved before the year is
/// there, and then it is saved under the timeline.
#[test]
fn a_part_asking_for_other_details_brings_up_its_form_with_the_text_kept() {
    let Some((chromium, chromedriver)) = browser_tools() else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let session = common::new_session(dir.path());
    let shots = std::env::var_os("HEARTH_SCREENSHOTS_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| dir.path().join("screenshots"));
    std::fs::create_dir_all(&shots).unwrap();
    let (mut server, address, driver, driver_port) =
        serve_and_drive_on(dir.path(), &session, &chromedriver, Some("scenarios"));
    let mut sent = Vec::new();
    for (javascript, group) in [(true, "Table 2"), (false, "Room 夢")] {
        let name = format!("timeline-{}", if javascript { "js" } else { "plain" });
        let browser = Browser::open(
            driver_port,
            &chromium,
            &dir.path().join(format!("profile-{name}")),
            javascript,
        );
        join(&browser, &address, group, &shots, &name);
        assert_eq!(chosen_slot(&browser), "title", "{name}");
        assert!(browser.try_find("input[name='field.year']").is_none());
        let text = format!("{name}: the first peer-run crisis house opens 🏠");
        browser.tap("#text");
        browser.cdp("Input.insertText", json!({ "text": text }));
        browser.screenshot(&shots.join(format!("{name}-3-typed.png")));
        // The timeline, tapped among the parts (radio buttons: few, short labels).
        browser.tap("#capture label.slot:has(input[value='timeline'])");
        if !javascript {
            assert_eq!(chosen_slot(&browser), "timeline");
            browser.tap("#send");
        }
        let year = wait_for(
            &format!("{name}: the timeline's form"),
            Duration::from_secs(15),
            || browser.try_find("input[name='field.year']"),
        );
        assert_eq!(chosen_slot(&browser), "timeline", "{name}");
        assert_eq!(
            browser.property(&browser.find("#text"), "value"),
            json!(text)
        );
        assert_eq!(browser.text(&browser.find("#slot-label")), "Timeline");
        if !javascript {
            let alert = browser.text(&browser.find(".notice.error[role='alert']"));
            assert!(alert.contains("asks for other details"), "{alert}");
        }
        browser.screenshot(&shots.join(format!("{name}-4-timeline.png")));
        browser.tap(&format!("#{}", browser.attribute(&year, "id").unwrap()));
        browser.cdp("Input.insertText", json!({ "text": "2031" }));
        browser.tap("#send");
        let expected = "Saved under Timeline ✓";
        wait_for(&format!("{name}: saved"), Duration::from_secs(20), || {
            browser
                .try_find("#status")
                .and_then(|s| browser.try_text(&s))
                .filter(|t| t == expected)
        });
        sent.push(text);
        if javascript {
            assert_quiet_console(&browser, &name);
        }
    }
    let pid = i32::try_from(server.child.id()).unwrap();
    // SAFETY: kill(2) on the child this test started.
    assert_eq!(unsafe { libc::kill(pid, libc::SIGTERM) }, 0);
    wait_for("hearth serve to stop", Duration::from_secs(20), || {
        server.child.try_wait().ok().flatten()
    });
    drop(driver);
    let (saved, _) = hearth::store::read_session(&session).unwrap();
    for text in &sent {
        let found: Vec<_> = saved
            .contributions()
            .iter()
            .filter(|c| &c.text == text)
            .collect();
        assert_eq!(found.len(), 1, "{text:?} saved exactly once");
        assert_eq!(
            (found[0].exercise.as_str(), found[0].slot.as_str()),
            ("scenarios", "timeline")
        );
        assert_eq!(
            found[0].fields.get("year").map(String::as_str),
            Some("2031")
        );
    }
    assert_eq!(
        saved.contributions().len(),
        sent.len(),
        "nothing else saved"
    );
}

/// A Futures Wheel's 2nd-order consequence from a phone: the part chosen, the form has the
/// list of 1st-order consequences to go under; the one chosen there is the one it is saved
/// under, with JavaScript and without.
#[test]
fn phones_add_a_consequence_under_the_parent_shown_with_and_without_javascript() {
    let Some((chromium, chromedriver)) = browser_tools() else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let session = common::new_session_of(dir.path(), "futures-wheel.json");
    {
        let (mut store, _) = hearth::store::SessionStore::open(&session).unwrap();
        for (id, text) in [("p1", "More peer jobs"), ("p2", "Training costs rise")] {
            let c = hearth::model::Draft::new("wheel", "first", text)
                .group(Some("Table 1".into()))
                .into_contribution_with(id.into(), jiff::Timestamp::now());
            store
                .apply(hearth::model::Change::Add { contribution: c })
                .unwrap();
        }
        store.close().unwrap();
    }
    let shots = std::env::var_os("HEARTH_SCREENSHOTS_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| dir.path().join("screenshots"));
    std::fs::create_dir_all(&shots).unwrap();
    let (mut server, address, driver, driver_port) =
        serve_and_drive_on(dir.path(), &session, &chromedriver, Some("wheel"));
    let mut sent = Vec::new();
    let mut newest = "p2".to_owned();
    for (javascript, group, parent) in [(true, "Table 1", "p1"), (false, "Table 2", "p2")] {
        let name = format!("wheel-{}", if javascript { "js" } else { "plain" });
        let browser = Browser::open(
            driver_port,
            &chromium,
            &dir.path().join(format!("profile-{name}")),
            javascript,
        );
        join(&browser, &address, group, &shots, &name);
        assert!(
            browser.try_find("select#parent").is_none(),
            "1st order: no parent"
        );
        let text = format!("{name}: wages rise 📈");
        browser.tap("#text");
        browser.cdp("Input.insertText", json!({ "text": text }));
        browser.tap("#capture label.slot:has(input[value='second'])");
        if !javascript {
            browser.tap("#send");
        }
        let list = wait_for(
            &format!("{name}: the list of parents"),
            Duration::from_secs(15),
            || browser.try_find("select#parent"),
        );
        // The newest is chosen; every 1st-order consequence is offered.
        assert_eq!(browser.property(&list, "value"), json!(newest), "{name}");
        assert!(browser.text(&list).contains("More peer jobs"));
        if javascript {
            // Another group's new 1st-order consequence joins the list without a reload; the
            // one chosen stays chosen.
            let addr: std::net::SocketAddr = address
                .trim_start_matches("http://")
                .trim_end_matches('/')
                .parse()
                .unwrap();
            let other = common::serve::join(addr, CODE, "Table 2");
            let id = hearth::model::contribution::new_id();
            let body =
                common::serve::answer_body(&id, "wheel", "first", "Table 2", "Clinics hire peers");
            let auth = common::serve::bearer(&other.token);
            let reply = common::serve::request(
                addr,
                "POST",
                "/api/contributions",
                &[
                    ("Authorization", auth.as_str()),
                    ("Content-Type", "application/json"),
                ],
                &body,
            )
            .unwrap();
            assert_eq!(reply.status, 201, "{}", reply.text());
            wait_for(
                &format!("{name}: the new one in the list"),
                Duration::from_secs(15),
                || browser.try_find(&format!("select#parent option[value='{id}']")),
            );
            assert_eq!(browser.property(&list, "value"), json!("p2"), "{name}");
            assert!(browser.text(&list).contains("[Table 2] Clinics hire peers"));
            newest = id;
        }
        assert_eq!(
            browser.property(&browser.find("#text"), "value"),
            json!(text)
        );
        // Picked in the list, as the browser's picker does.
        let option = browser.find(&format!("select#parent option[value='{parent}']"));
        browser.cmd("POST", &format!("/element/{option}/click"), Some(json!({})));
        assert_eq!(browser.property(&list, "value"), json!(parent), "{name}");
        browser.screenshot(&shots.join(format!("{name}-3-parent.png")));
        browser.tap("#send");
        let expected = "Saved under 2nd order consequences ✓";
        wait_for(&format!("{name}: saved"), Duration::from_secs(20), || {
            browser
                .try_find("#status")
                .and_then(|s| browser.try_text(&s))
                .filter(|t| t == expected)
        });
        sent.push((text, parent));
        if javascript {
            assert_quiet_console(&browser, &name);
        }
    }
    let pid = i32::try_from(server.child.id()).unwrap();
    // SAFETY: kill(2) on the child this test started.
    assert_eq!(unsafe { libc::kill(pid, libc::SIGTERM) }, 0);
    wait_for("hearth serve to stop", Duration::from_secs(20), || {
        server.child.try_wait().ok().flatten()
    });
    drop(driver);
    let (saved, _) = hearth::store::read_session(&session).unwrap();
    for (text, parent) in &sent {
        let found: Vec<_> = saved
            .contributions()
            .iter()
            .filter(|c| &c.text == text)
            .collect();
        assert_eq!(found.len(), 1, "{text:?} saved exactly once");
        assert_eq!(found[0].slot, "second");
        assert_eq!(found[0].parent.as_deref(), Some(*parent), "{text}");
    }
}
