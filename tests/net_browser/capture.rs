//! Note-takers send answers from a browser, with JavaScript on (live, offline, refused) and off.

use super::*;

#[test]
fn note_takers_send_answers_from_a_browser_with_and_without_javascript() {
    let Some((chromium, chromedriver)) = browser_tools() else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let session = common::new_session(dir.path());
    let shots = dir.path().join("screenshots");
    std::fs::create_dir(&shots).unwrap();
    let (mut server, address, driver, driver_port) =
        serve_and_drive(dir.path(), &session, &chromedriver);

    // 1. JavaScript on: the answer goes through the outbox and the JSON API.
    let js_slot = {
        let browser = Browser::open(driver_port, &chromium, &dir.path().join("profile-js"), true);
        join(&browser, &address, "Table 1", &shots, "js");
        let form_id = browser.attribute(&browser.find("input[name='id']"), "value");
        let slot = chosen_slot(&browser);
        let saved = saved_under(&browser);
        browser.type_into("#text", ANSWER_JS);
        browser.click("#send");
        let status = browser.find("#status");
        wait_for(&saved, Duration::from_secs(20), || {
            (browser.text(&status) == saved).then_some(())
        });
        // Sent by the script, not by the plain form: the page was not reloaded.
        assert!(!browser.url().contains("saved="), "the plain form was used");
        let shown = browser.script(
            "return Array.from(document.querySelectorAll('#answers li.answer')).map(li => [li.dataset.id, li.querySelector('.text') ? li.querySelector('.text').textContent : '', li.className]);",
        );
        let shown = shown.as_array().cloned().unwrap_or_default();
        assert_eq!(shown.len(), 1, "one answer listed: {shown:?}");
        assert_eq!(shown[0][1], ANSWER_JS, "listed verbatim");
        assert!(
            shown[0][2].as_str().is_some_and(|c| !c.contains("pending")),
            "still pending: {shown:?}"
        );
        let state = browser.script(
            "return [document.querySelector('#text').value, document.querySelector('input[name=id]').value, localStorage.getItem('hearth.outbox.v1')];",
        );
        assert_eq!(state[0], "", "the box is cleared once saved");
        assert_ne!(
            state[1].as_str(),
            form_id.as_deref(),
            "a fresh id for the next answer"
        );
        assert_eq!(
            state[2],
            Value::Null,
            "the outbox is empty once acknowledged"
        );
        let saved_id = shown[0][0].as_str().unwrap_or_default().to_owned();
        assert_eq!(Some(saved_id.as_str()), form_id.as_deref());

        // The phone-sized picture of the capture page.
        let png = browser.screenshot(&shots.join("js-3-capture.png"));
        assert_eq!(png_size(&png), (720, 1480));
        assert!(png.len() > 20_000, "the screenshot is nearly blank");
        if std::env::var("HEARTH_UPDATE_SCREENSHOT").as_deref() == Ok("1") {
            std::fs::copy(shots.join("js-3-capture.png"), repo("docs/join-page.png")).unwrap();
        }

        // Another note-taker of the group answers through the API: it shows up here, live.
        let server_port: u16 = address
            .trim_end_matches('/')
            .rsplit(':')
            .next()
            .and_then(|p| p.parse().ok())
            .expect("a port in the join address");
        let (status, joined) = http_result(
            server_port,
            "POST",
            "/api/join",
            Some(&json!({"code": CODE, "group": "Table 1"})),
            "",
        )
        .unwrap();
        assert_eq!(status, 201, "{joined}");
        let token = joined["token"].as_str().expect("a token");
        let live = json!({"id": "live-from-a-terminal", "exercise": "round", "slot": slot, "group": "Table 1", "text": ANSWER_LIVE});
        let auth = format!("Authorization: Bearer {token}\r\n");
        let (status, reply) = http_result(
            server_port,
            "POST",
            "/api/contributions",
            Some(&live),
            &auth,
        )
        .unwrap();
        assert_eq!(status, 201, "{reply}");
        wait_for("the live answer", Duration::from_secs(15), || {
            (browser.script(
                "return Array.from(document.querySelectorAll('#answers li.answer')).map(li => li.querySelector('.text').textContent);",
            ) == json!([ANSWER_JS, ANSWER_LIVE]))
            .then_some(())
        });

        // The network drops: the answer waits in the outbox, listed as "sending…", and goes out
        // by itself once the network is back.
        let offline = |down: bool| {
            browser.cdp(
                "Network.emulateNetworkConditions",
                json!({"offline": down, "latency": 0, "downloadThroughput": -1, "uploadThroughput": -1}),
            );
        };
        browser.cdp("Network.enable", json!({}));
        offline(true);
        browser.type_into("#text", ANSWER_OFFLINE);
        browser.click("#send");
        wait_for(
            "the answer to wait in the outbox",
            Duration::from_secs(15),
            || {
                let state = browser.script(
                "const li = document.querySelector('#answers li.pending'); const box = JSON.parse(localStorage.getItem('hearth.outbox.v1') || '[]'); return [li && li.querySelector('.text').textContent, li && li.querySelector('.state').textContent, box.map(i => i.req.text), document.querySelector('#text').value];",
            );
                (state == json!([ANSWER_OFFLINE, "sending…", [ANSWER_OFFLINE], ""])).then_some(())
            },
        );
        browser.screenshot(&shots.join("js-4-offline.png"));
        offline(false);
        wait_for("the outbox to empty", Duration::from_secs(30), || {
            let state = browser.script(
                "return [localStorage.getItem('hearth.outbox.v1'), document.querySelectorAll('#answers li.pending').length, document.querySelector('#status').textContent];",
            );
            (state == json!([null, 0, saved])).then_some(())
        });
        // While offline, the failed requests were reported; nothing else.
        let messages = console_messages(&browser);
        assert!(
            messages.iter().all(|m| m["message"]
                .as_str()
                .is_some_and(|m| m.contains("ERR_INTERNET_DISCONNECTED"))),
            "console messages around the outage: {messages:#?}"
        );

        // After a reload the answers come from the server, each once.
        browser.go(&address);
        let items = browser.find_all("#answers li.answer");
        let ids: Vec<_> = items
            .iter()
            .map(|e| browser.attribute(e, "data-id").unwrap_or_default())
            .collect();
        assert_eq!(ids.len(), 3, "listed once each after a reload: {ids:?}");
        assert_eq!(ids[0], saved_id);
        assert_eq!(ids[1], "live-from-a-terminal");
        assert_eq!(chosen_slot(&browser), slot);
        // The live stream is connected and said nothing wrong; no console message at all.
        std::thread::sleep(Duration::from_millis(500));
        assert_quiet_console(&browser, "with JavaScript on");

        // The same id again with other text (a device that lost track): refused with the
        // server's reason, and the text stays in the box under a fresh id.
        browser.script("document.querySelector('input[name=id]').value = 'live-from-a-terminal';");
        browser.type_into("#text", ANSWER_REFUSED);
        browser.click("#send");
        let state = "const e = document.getElementById('send-error'); const box = JSON.parse(localStorage.getItem('hearth.outbox.v1') || '[]'); return [e && !e.hidden ? e.textContent : '', document.querySelector('#text').value, document.querySelector('input[name=id]').value, document.querySelectorAll('#answers li.answer').length, box.map(i => i.req.text), document.getElementById('banner').hidden];";
        let refused = wait_for("the refusal", Duration::from_secs(15), || {
            let s = browser.script(state);
            s[0].as_str().is_some_and(|e| !e.is_empty()).then_some(s)
        });
        assert!(
            refused[0].as_str().unwrap_or("").starts_with("Not saved: "),
            "{refused}"
        );
        assert_eq!(refused[1], ANSWER_REFUSED, "the text stays in the box");
        assert_ne!(refused[2], "live-from-a-terminal", "a fresh id");
        assert_eq!(refused[3], 3, "the saved answer is still listed: {refused}");
        assert_eq!(refused[4], json!([]), "nothing left to send");
        assert_only_refusal(&browser, "/api/contributions", 409);

        // Signed out (the cookie is gone): said so, and the text is kept, in the box and in
        // the outbox, to go out once the device has joined again.
        browser.cdp(
            "Network.deleteCookies",
            json!({"name": "hearth_device", "url": address}),
        );
        browser.click("#send");
        let signed_out = wait_for("the signed-out banner", Duration::from_secs(15), || {
            let s = browser.script(state);
            (s[5] == json!(false)).then_some(s)
        });
        assert_eq!(signed_out[1], ANSWER_REFUSED, "the text stays in the box");
        assert_eq!(signed_out[4], json!([ANSWER_REFUSED]), "and in the outbox");
        let banner = browser.text(&browser.find("#banner"));
        assert!(
            banner.contains("This device was signed out; join again."),
            "{banner}"
        );
        assert_only_refusal(&browser, "/api/contributions", 401);
        browser.screenshot(&shots.join("js-5-signed-out.png"));
        slot
    };

    // 2. JavaScript off: the plain form, on the second slot, for a group with a non-ASCII name.
    let plain_slot = {
        let browser = Browser::open(
            driver_port,
            &chromium,
            &dir.path().join("profile-plain"),
            false,
        );
        join(&browser, &address, "Room 夢", &shots, "plain");
        let first_slot = chosen_slot(&browser);
        let heading = browser.find("#slot-label");
        assert!(browser.displayed(&heading));
        if browser.try_find("#slot-select").is_some() {
            // The list of slots: the next one, as a keyboard picks it.
            let select = browser.node("#slot-select");
            browser.cdp("DOM.focus", json!({ "nodeId": select }));
            browser.key("ArrowDown", 40, "");
        } else {
            browser.click("#capture input[name='slot']:not(:checked)");
        }
        assert_ne!(chosen_slot(&browser), first_slot);
        // The question shown is the first one's no longer: it steps aside, and the page says
        // where the answer goes instead.
        assert!(
            !browser.displayed(&heading),
            "a question not chosen is shown"
        );
        assert!(browser.displayed(&browser.find("#slot-changed")));
        // "Show" brings the chosen one up in full.
        browser.click("#show");
        wait_for("the second slot", Duration::from_secs(15), || {
            browser.url().contains("slot=").then_some(())
        });
        let slot = chosen_slot(&browser);
        assert_ne!(slot, first_slot);
        assert!(browser.displayed(&browser.find("#slot-label")));

        // A blank answer is refused by the server (the browser lets spaces through), and what was typed stays.
        browser.type_into("#text", "   ");
        browser.click("#send");
        let alert = browser.find(".notice.error[role='alert']");
        assert!(!browser.text(&alert).is_empty());
        let page = browser.source();
        assert!(
            page.contains(">   </textarea>") || page.contains(">\n   </textarea>"),
            "the typed spaces are kept:\n{page}"
        );
        assert_only_refusal(&browser, "/submit", 422);
        browser.go(&format!("{address}?slot={slot}"));

        let form_id = browser
            .attribute(&browser.find("input[name='id']"), "value")
            .unwrap_or_default();
        browser.type_into("#text", ANSWER_PLAIN);
        browser.click("#send");
        let url = wait_for("the page after sending", Duration::from_secs(20), || {
            Some(browser.url()).filter(|u| u.contains("saved="))
        });
        assert!(url.contains(&format!("saved={form_id}")), "{url}");
        let status = browser.find("#status");
        assert_eq!(browser.text(&status), saved_under(&browser));
        let items = browser.find_all("#answers li.answer");
        assert_eq!(items.len(), 1, "one answer listed:\n{}", browser.source());
        assert_eq!(
            browser.attribute(&items[0], "data-id").as_deref(),
            Some(form_id.as_str())
        );
        let page = browser.source();
        assert!(
            page.contains("&lt;script&gt;alert('typed, not run')&lt;/script&gt;")
                || page.contains("&lt;script&gt;alert(&#39;typed, not run&#39;)&lt;/script&gt;"),
            "the typed markup is shown as text:\n{page}"
        );
        browser.screenshot(&shots.join("plain-3-capture.png"));
        // On the first slot's page, the answer is listed once, under "elsewhere".
        browser.go(&address);
        assert_eq!(browser.find_all("#answers li.answer").len(), 0);
        let other = browser.find_all("#other-answers li.answer");
        assert_eq!(other.len(), 1);
        assert_eq!(
            browser.attribute(&other[0], "data-id").as_deref(),
            Some(form_id.as_str())
        );
        assert_quiet_console(&browser, "with JavaScript off");
        slot
    };
    assert_ne!(js_slot, plain_slot);

    if let Some(keep) = std::env::var_os("HEARTH_SCREENSHOTS_DIR") {
        std::fs::create_dir_all(&keep).unwrap();
        for entry in std::fs::read_dir(&shots).unwrap() {
            let path = entry.unwrap().path();
            std::fs::copy(&path, Path::new(&keep).join(path.file_name().unwrap())).unwrap();
        }
    }

    // 3. Stop the server as a facilitator's machine would, and read what it wrote.
    let pid = i32::try_from(server.child.id()).unwrap();
    // SAFETY: a plain C library call with valid arguments; it touches no Rust memory.
    assert_eq!(unsafe { libc::kill(pid, libc::SIGTERM) }, 0);
    let status = wait_for("hearth serve to stop", Duration::from_secs(20), || {
        server.child.try_wait().ok().flatten()
    });
    server.drain();
    assert!(
        status.success(),
        "hearth serve ended with {status}; output:\n{}",
        server.seen.join("\n")
    );
    drop(driver);

    let (saved, _) = hearth::store::read_session(&session).unwrap();
    for (text, group, slot) in [
        (ANSWER_JS, "Table 1", &js_slot),
        (ANSWER_LIVE, "Table 1", &js_slot),
        (ANSWER_OFFLINE, "Table 1", &js_slot),
        (ANSWER_PLAIN, "Room 夢", &plain_slot),
    ] {
        let found: Vec<_> = saved
            .contributions()
            .iter()
            .filter(|c| c.text == text)
            .collect();
        assert_eq!(found.len(), 1, "{text:?} saved exactly once");
        assert_eq!(found[0].group.as_deref(), Some(group));
        assert_eq!(found[0].exercise, "round");
        assert_eq!(&found[0].slot, slot);
    }
    assert_eq!(saved.contributions().len(), 4, "nothing else was saved");
    assert!(
        !saved
            .contributions()
            .iter()
            .any(|c| c.text == ANSWER_REFUSED)
    );
}
