//! A phone casts its dots in a vote, with and without JavaScript.

use super::*;

/// A phone casts its three dots from the page, with JavaScript on and with it off, and sees
/// them counted; both ballots are in the session file, each once.
#[test]
fn a_phone_casts_its_three_dots_with_and_without_javascript() {
    use hearth::model::convergence::{Round, RoundKind, RoundState, VoteOn};
    use hearth::model::{Change, Draft};
    let Some((chromium, chromedriver)) = browser_tools() else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let session = common::new_session(dir.path());
    let shots = std::env::var_os("HEARTH_SCREENSHOTS_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| dir.path().join("screenshots"));
    std::fs::create_dir_all(&shots).unwrap();
    // Six answers on the first exercise and a 3-dot round open on them, as the facilitator
    // would have it when the room votes.
    let (mut store, _) = hearth::store::SessionStore::open(&session).unwrap();
    let mut ids = Vec::new();
    for text in [
        "Peer leadership 🚀",
        "Lived experience at every table",
        "安心 — a safe place",
        "Pay that matches the work",
        "مرحبا: welcome everyone",
        "Training that fits",
    ] {
        let c = Draft::new("round", "sick", text)
            .group(Some("Table 1".into()))
            .into_contribution();
        ids.push(c.id.clone());
        store.apply(Change::Add { contribution: c }).unwrap();
    }
    // An earlier round, closed: it folds away under the answer box.
    store
        .apply(Change::OpenRound {
            round: Round {
                id: "earlier".into(),
                exercise: "round".into(),
                slot: None,
                on: VoteOn::Answers,
                kind: RoundKind::Dots {
                    dots: 3,
                    per_item: None,
                },
                state: RoundState::Open,
                opened: jiff::Timestamp::now(),
            },
        })
        .unwrap();
    store
        .apply(Change::SetRoundState {
            round: "earlier".into(),
            state: RoundState::Closed,
        })
        .unwrap();
    store
        .apply(Change::OpenRound {
            round: Round {
                id: "dots".into(),
                exercise: "round".into(),
                slot: None,
                on: VoteOn::Answers,
                kind: RoundKind::Dots {
                    dots: 3,
                    per_item: None,
                },
                state: RoundState::Open,
                opened: jiff::Timestamp::now(),
            },
        })
        .unwrap();
    store.close().unwrap();
    let (mut server, address, driver, driver_port) =
        serve_and_drive(dir.path(), &session, &chromedriver);
    for (javascript, group, dots) in [
        (true, "Table 2", [(0usize, "2"), (3, "1")]),
        (false, "Room 夢", [(1, "1"), (5, "2")]),
    ] {
        let name = if javascript { "vote-js" } else { "vote-plain" };
        let browser = Browser::open(
            driver_port,
            &chromium,
            &dir.path().join(format!("profile-{name}")),
            javascript,
        );
        join(&browser, &address, group, &shots, name);
        browser.find("form.ballot");
        // Number boxes a thumb can hit, and the answer box above the closed round, which is
        // folded away.
        let mut heights = Vec::new();
        for input in browser.find_all("form.ballot input[type='number']") {
            let (_, _, _, height) = browser.rect(&input);
            assert!(height >= 44.0, "a vote box {height}px tall");
            heights.push(height);
        }
        let answer_box = browser.find("#capture textarea");
        let past = browser.find("details.vote-past");
        let (_, box_y, _, _) = browser.rect(&answer_box);
        let (_, past_y, _, _) = browser.rect(&past);
        assert!(
            box_y < past_y,
            "the answer box at {box_y}px, the closed round at {past_y}px"
        );
        let closed = browser.find("section.vote[data-state='closed'] .notice");
        assert!(!browser.displayed(&closed), "the closed round is folded");
        let (_, ballot_y, _, _) = browser.rect(&browser.find("form.ballot"));
        assert!(ballot_y < box_y, "the open round stays above the box");
        if javascript {
            browser.script(
                "document.querySelector('details.vote-past').scrollIntoView({block: 'end'})",
            );
            browser.screenshot(&shots.join(format!("{name}-3-past-rounds.png")));
            browser.script("window.scrollTo(0, 0)");
        }
        println!(
            "{name}: vote boxes {heights:?}px tall, answer box at {box_y}px, closed round at {past_y}px"
        );
        for (item, n) in dots {
            browser.type_into(&format!("input[name='dots.{}']", ids[item]), n);
        }
        browser.screenshot(&shots.join(format!("{name}-3-ballot.png")));
        browser.click("form.ballot button[type='submit']");
        let counted = browser.find("section.vote .notice.saved");
        assert!(
            browser.text(&counted).contains("Your vote is counted"),
            "{}",
            browser.source()
        );
        // Seen counted: the form holds the dots as saved.
        for (item, n) in dots {
            let input = browser.find(&format!("input[name='dots.{}']", ids[item]));
            assert_eq!(browser.attribute(&input, "value").as_deref(), Some(n));
        }
        let png = browser.screenshot(&shots.join(format!("{name}-4-counted.png")));
        assert_eq!(png_size(&png), (720, 1480));
        if javascript {
            assert_quiet_console(&browser, "after voting");
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
    assert_eq!(saved.convergence.voters("dots"), 2);
    let tally: Vec<(String, u32)> = saved
        .convergence
        .tally("dots")
        .into_iter()
        .map(|t| (t.item, t.count))
        .collect();
    let mut expected = vec![
        (ids[0].clone(), 2),
        (ids[5].clone(), 2),
        (ids[1].clone(), 1),
        (ids[3].clone(), 1),
    ];
    expected.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    assert_eq!(tally, expected);
}
