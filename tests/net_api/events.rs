//! What the live event stream tells each note-taker, and never tells.

use super::*;

#[test]
fn hidden_answers_are_never_sent_to_note_takers() {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let path = common::new_session(dir.path());
    let server = InProcess::start(&path, CODE);
    let addr = server.addr;
    let device = join(addr, CODE, "Table 1");
    let events = Events::open(addr, "/api/events", &device.token).expect("a stream");
    let mut sender = Sender::new(addr, &device.token);
    let post = |sender: &mut Sender, id: &str, text: &str| {
        let body = answer_body(id, EXERCISE, "sick", "Table 1", text);
        assert_eq!(sender.try_once(&body).expect("a reply").status, 201);
    };
    post(&mut sender, "shown-1", "VISIBLE-WORDS one");
    post(&mut sender, "hidden-1", "OFF-THE-RECORD words 🔒");
    for id in ["shown-1", "hidden-1"] {
        let e = events.expect_event();
        assert_eq!((e.name.as_str(), answer_id(&e)), ("answer", id.to_owned()));
    }
    let mark = events.raw().len();

    // Taken off the record: the stream says only that it is gone.
    server
        .hub
        .apply_local(vec![Change::SetHidden {
            id: "hidden-1".into(),
            hidden: true,
        }])
        .expect("hidden");
    let e = events.expect_event();
    assert_eq!(e.name, "removed");
    assert_eq!(e.json()["id"], "hidden-1");
    // Edited while hidden, and one added hidden by the facilitator: still nothing of them.
    server
        .hub
        .apply_local(vec![Change::Edit {
            id: "hidden-1".into(),
            text: "OFF-THE-RECORD, edited".into(),
            fields: Default::default(),
            at: jiff::Timestamp::now(),
        }])
        .expect("edited");
    let mut added = Draft::new(EXERCISE, "whole", "OFF-THE-RECORD from the start")
        .group(Some("Table 1".into()))
        .into_contribution_with("hidden-2".into(), jiff::Timestamp::now());
    added.hidden = true;
    server
        .hub
        .apply_local(vec![Change::Add {
            contribution: added,
        }])
        .expect("added");
    post(&mut sender, "shown-2", "VISIBLE-WORDS two");
    // Everything up to the next visible answer: no hidden text, only removals.
    loop {
        let e = events.expect_event();
        if e.name == "answer" && answer_id(&e) == "shown-2" {
            break;
        }
        assert_eq!(e.name, "removed", "{e:?}");
    }
    let streamed = &events.raw()[mark..];
    assert!(!streamed.contains("OFF-THE-RECORD"), "{streamed}");

    // Nor in the session, asked by the device or with the join code (which reads no group's
    // answers at all).
    let device_auth = bearer(&device.token);
    let code_auth = bearer(CODE);
    let shown: &[&str] = &["shown-1", "shown-2"];
    for (who, path, auth, want) in [
        ("the device", "/api/session", &device_auth, shown),
        (
            "the join code",
            "/api/session?group=Table%201",
            &code_auth,
            &[],
        ),
    ] {
        let reply = expect_status(
            who,
            request(addr, "GET", path, &[("Authorization", auth)], b""),
            200,
        );
        let session: SessionReply = reply.json();
        let ids: Vec<&str> = session.answers.iter().map(|a| a.id.as_str()).collect();
        assert_eq!(ids, want, "{who}");
        assert!(!reply.text().contains("OFF-THE-RECORD"), "{who}");
    }
    // A stream opened now, by another device of the group, starts with nothing of it either.
    let other = join(addr, CODE, "Table 1");
    let late = Events::open(addr, "/api/events", &other.token).expect("a stream");

    // Back on the record: now it is sent (so the checks above could see it if it were).
    server
        .hub
        .apply_local(vec![Change::SetHidden {
            id: "hidden-1".into(),
            hidden: false,
        }])
        .expect("shown");
    for stream in [&events, &late] {
        let e = stream.expect_event();
        assert_eq!(
            (e.name.as_str(), answer_id(&e)),
            ("answer", "hidden-1".into())
        );
        assert_eq!(e.json()["answer"]["text"], "OFF-THE-RECORD, edited");
    }
    drop((events, late));
    server.stop();
}

#[test]
fn the_event_stream_tells_a_device_its_groups_answers_the_agenda_and_its_revocation() {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let path = common::new_session(dir.path());
    let server = InProcess::start(&path, CODE);
    let addr = server.addr;
    let one = join(addr, CODE, "Table 1");
    let one_too = join(addr, CODE, "Table 1");
    let two = join(addr, CODE, "Table 2");
    let one_events = Events::open(addr, "/api/events", &one.token).expect("a stream");
    let two_events = Events::open(addr, "/api/events", &two.token).expect("a stream");
    let post = |token: &str, id: &str, group: &str| {
        let body = answer_body(id, EXERCISE, "sick", group, &format!("words of {id}"));
        let mut sender = Sender::new(addr, token);
        assert_eq!(sender.try_once(&body).expect("a reply").status, 201);
    };

    // Answers of the device's group, from itself and from another device of that group.
    post(&one.token, "one-a", "Table 1");
    post(&one_too.token, "one-b", "Table 1");
    post(&two.token, "two-a", "Table 2");
    for id in ["one-a", "one-b"] {
        let e = one_events.expect_event();
        assert_eq!((e.name.as_str(), answer_id(&e)), ("answer", id.to_owned()));
        assert_eq!(e.json()["answer"]["text"], format!("words of {id}"));
        assert_eq!(e.json()["answer"]["group"], "Table 1");
    }
    let e = two_events.expect_event();
    assert_eq!(
        (e.name.as_str(), answer_id(&e)),
        ("answer", "two-a".into()),
        "Table 2 hears nothing of Table 1's answers"
    );

    // The facilitator moves on: everyone follows. (Coming next on Table 1's stream, it also
    // shows that Table 2's answer was not sent there.)
    server.hub.set_exercise(1);
    for stream in [&one_events, &two_events] {
        let e = stream.expect_event();
        assert_eq!(e.name, "agenda", "{e:?}");
        let exercise = &e.json()["exercise"];
        assert_eq!(exercise["id"], "triangle");
        assert_eq!(exercise["position"], 2);
    }

    // Revoked: told so, then the stream ends; the token no longer opens anything.
    assert_eq!(server.hub.revoke(&one.device).ok(), Some(true));
    let e = one_events.expect_event();
    assert_eq!(e.name, "revoked");
    assert!(
        matches!(one_events.next(PATIENCE), Next::Ended),
        "the stream ends after `revoked`"
    );
    // Table 2's device is not revoked: its next event is its next answer.
    post(&two.token, "two-b", "Table 2");
    let e = two_events.expect_event();
    assert_eq!((e.name.as_str(), answer_id(&e)), ("answer", "two-b".into()));
    let one_auth = bearer(&one.token);
    for (method, path) in [("GET", "/api/session"), ("GET", "/api/events")] {
        let r = expect_status(
            &format!("{method} {path} with a revoked token"),
            request(addr, method, path, &[("Authorization", &one_auth)], b""),
            401,
        );
        assert_tells_nothing("a revoked token", &r);
    }
    let body = answer_body("one-c", EXERCISE, "sick", "Table 1", "after the revocation");
    let mut sender = Sender::new(addr, &one.token);
    assert_eq!(sender.try_once(&body).expect("a reply").status, 401);
    // Another device of the same group still works.
    post(&one_too.token, "one-d", "Table 1");
    drop((one_events, two_events));
    server.stop();
    let session = saved_session(&path);
    assert!(session.contribution("one-c").is_none());
    assert!(session.contribution("one-d").is_some());
}

/// A centre picked live and answers another can go under reach note-takers as they change: a
/// device of Table 2 is told the wheel's new centre (`exercise`) and Table 1's new 1st-order
/// consequence (`parents`) without asking, and the same in `/api/session` and on the phone
/// page; a backcast's preferred future, picked from a scenario, is named on both. Taken out,
/// neither says its words.
#[test]
fn seeds_and_the_answers_to_go_under_reach_devices_as_they_change() {
    use hearth::model::convergence::Seed;
    let dir = tempfile::tempdir().expect("a temporary directory");
    let session = common::bundled_session("six-pillars", "Six pillars");
    let path = hearth::store::create_session(dir.path(), &session).expect("session created");
    let index = |id: &str| {
        session
            .scenario
            .agenda
            .iter()
            .position(|e| e.id == id)
            .unwrap()
    };
    let server = InProcess::start(&path, CODE);
    let addr = server.addr;
    let add = |id: &str, exercise: &str, slot: &str, group: &str, text: &str| Change::Add {
        contribution: Draft::new(exercise, slot, text)
            .group(Some(group.into()))
            .into_contribution_with(id.into(), jiff::Timestamp::now()),
    };
    let pick = |exercise: &str, from: &str| Change::SeedFrom {
        exercise: exercise.into(),
        seed: Seed {
            from: from.into(),
            at: jiff::Timestamp::now(),
        },
    };
    server
        .hub
        .apply_local(vec![add(
            "i1",
            "issues",
            "issue",
            "Table 1",
            "Peer work regulated 夢",
        )])
        .unwrap();
    server.hub.set_exercise(index("wheel"));
    let two = join(addr, CODE, "Table 2");
    let events = Events::open(addr, "/api/events", &two.token).expect("a stream");
    let next = |name: &str| loop {
        let e = events.expect_event();
        if e.name == name {
            return e.json();
        }
    };
    let session_now = || {
        let r = request(
            addr,
            "GET",
            "/api/session",
            &[("Authorization", &bearer(&two.token))],
            b"",
        )
        .unwrap();
        r.json::<SessionReply>()
    };
    let page = || {
        let cookie = format!("hearth_device={}", two.token);
        request(addr, "GET", "/", &[("Cookie", cookie.as_str())], b"")
            .unwrap()
            .text()
    };

    // The issue picked as the wheel's centre: told at once, and there when asked.
    server.hub.apply_local(vec![pick("wheel", "i1")]).unwrap();
    let told = next("exercise");
    assert_eq!(told["exercise"]["id"], "wheel");
    assert_eq!(told["exercise"]["question"], "Peer work regulated 夢");
    assert_eq!(session_now().exercise.question, "Peer work regulated 夢");
    assert!(
        page().contains("Peer work regulated 夢"),
        "the phone shows the centre"
    );

    // Table 1 adds a 1st-order consequence: Table 2 can put one under it at once.
    server
        .hub
        .apply_local(vec![add(
            "w1",
            "wheel",
            "first",
            "Table 1",
            "Fewer peer jobs",
        )])
        .unwrap();
    let told = next("parents");
    assert_eq!(told["exercise"], "wheel");
    assert_eq!(told["parents"][0]["id"], "w1");
    assert_eq!(told["parents"][0]["text"], "Fewer peer jobs");
    assert_eq!(session_now().parents.len(), 1);

    // Withdrawn: gone from the list; the issue taken off the record: the centre loses its words.
    server
        .hub
        .apply_local(vec![Change::Withdraw {
            id: "w1".into(),
            at: jiff::Timestamp::now(),
        }])
        .unwrap();
    let told = next("parents");
    assert_eq!(told["parents"].as_array().map(Vec::len), Some(0), "{told}");
    // A note-taker's answer (through the writer, not the facilitator's screen) is told too.
    let one = join(addr, CODE, "Table 1");
    let mut conn = Conn::connect(addr).expect("connects");
    let body = answer_body("w2", "wheel", "first", "Table 1", "More peer jobs");
    let reply = post_answer(&mut conn, &one.token, &body).expect("sent");
    assert_eq!(reply.status, 201);
    let told = next("parents");
    assert_eq!(told["parents"][0]["id"], "w2", "{told}");
    // One that nothing goes under (the outermost ring) leaves the list as it is: no news.
    let body = answer_body("w3", "wheel", "third", "Table 1", "Longer waits");
    let reply = post_answer(&mut conn, &one.token, &body).expect("sent");
    assert_eq!(reply.status, 201);
    server
        .hub
        .apply_local(vec![Change::SetHidden {
            id: "i1".into(),
            hidden: true,
        }])
        .unwrap();
    let told = events.expect_event();
    assert_eq!(told.name, "exercise", "nothing told between: {told:?}");
    let told = told.json();
    assert_eq!(
        told["exercise"]["question"],
        "An emerging issue since taken off the record"
    );
    assert!(!page().contains("Peer work regulated"));
    // A backcast's preferred future, picked from a scenario, is named beside its question.
    server
        .hub
        .apply_local(vec![add(
            "s1",
            "scenarios",
            "title",
            "Table 1",
            "Peer-led 2035",
        )])
        .unwrap();
    server.hub.set_exercise(index("backcast"));
    server
        .hub
        .apply_local(vec![pick("backcast", "s1")])
        .unwrap();
    let reply = session_now();
    assert!(
        reply.exercise.seed.contains("Peer-led 2035"),
        "{:?}",
        reply.exercise
    );
    assert!(
        page().contains("Peer-led 2035"),
        "the phone names the preferred future"
    );
}
