//! Many note-takers at once, a server killed under them, requests cut off midway: every answer saved exactly once.

use super::*;

#[test]
fn fifty_note_takers_sending_two_hundred_answers_each_are_all_saved_exactly_once() {
    const CLIENTS: usize = 50;
    const EACH: usize = 200;
    let dir = tempfile::tempdir().expect("a temporary directory");
    let (path, earlier) = session_with_answers(dir.path());
    let server = Serve::start(&path, any_port(), CODE);
    let addr = server.addr;
    let ready = Arc::new(Barrier::new(CLIENTS));
    let started = Instant::now();
    let clients: Vec<_> = (0..CLIENTS)
        .map(|client| {
            let ready = Arc::clone(&ready);
            std::thread::spawn(move || {
                let group = GROUPS[client % GROUPS.len()];
                let device = join(addr, CODE, group);
                let mut sender = Sender::new(addr, &device.token);
                ready.wait();
                let mut sent = Vec::with_capacity(EACH);
                for i in 0..EACH {
                    let s = Sent {
                        id: format!("load-{client:02}-{i:03}"),
                        group,
                        slot: SLOTS[i % SLOTS.len()],
                        text: typed_text(client, i),
                    };
                    sender.deliver(&s.body(), false);
                    sent.push(s);
                }
                sent
            })
        })
        .collect();
    let sent: Vec<Sent> = clients
        .into_iter()
        .flat_map(|c| c.join().expect("a client finished"))
        .collect();
    let took = started.elapsed();
    server.terminate();
    eprintln!(
        "{} answers from {CLIENTS} note-takers in {took:.2?}",
        sent.len()
    );
    assert_eq!(sent.len(), CLIENTS * EACH);
    let session = saved_session(&path);
    assert_all_saved_once(&session, earlier.len(), &sent);
    assert_kept(&session, &earlier);
}

// ---- crashes ----

#[test]
fn a_server_killed_mid_stream_and_restarted_loses_nothing_and_doubles_nothing() {
    const CLIENTS: usize = 8;
    const EACH: usize = 250;
    const TOTAL: usize = CLIENTS * EACH;
    let dir = tempfile::tempdir().expect("a temporary directory");
    let (path, earlier) = session_with_answers(dir.path());
    let mut server = Serve::start(&path, any_port(), CODE);
    let addr = server.addr;
    // Joined once, before any crash: the tokens must survive every restart.
    let devices: Vec<JoinReply> = (0..CLIENTS)
        .map(|c| join(addr, CODE, GROUPS[c % GROUPS.len()]))
        .collect();
    let acknowledged = Arc::new(AtomicUsize::new(0));
    let resent_and_found = Arc::new(AtomicUsize::new(0));
    let failures = Arc::new(AtomicUsize::new(0));
    let clients: Vec<_> = devices
        .into_iter()
        .enumerate()
        .map(|(client, device)| {
            let acknowledged = Arc::clone(&acknowledged);
            let resent_and_found = Arc::clone(&resent_and_found);
            let failures = Arc::clone(&failures);
            std::thread::spawn(move || {
                let group = GROUPS[client % GROUPS.len()];
                // The client's own list of what the server has not acknowledged yet.
                let mut unacknowledged: VecDeque<Sent> = (0..EACH)
                    .map(|i| Sent {
                        id: format!("crash-{client}-{i:03}"),
                        group,
                        slot: SLOTS[i % SLOTS.len()],
                        text: typed_text(client, i),
                    })
                    .collect();
                let mut sender = Sender::new(addr, &device.token);
                let mut done = Vec::with_capacity(EACH);
                while let Some(next) = unacknowledged.front() {
                    if sender.deliver(&next.body(), false) == 200 {
                        resent_and_found.fetch_add(1, Ordering::Relaxed);
                    }
                    acknowledged.fetch_add(1, Ordering::Relaxed);
                    done.extend(unacknowledged.pop_front());
                }
                failures.fetch_add(sender.failures, Ordering::Relaxed);
                done
            })
        })
        .collect();
    // Three crashes, at a fifth, two fifths and three fifths of the way.
    let mut at_kill = Vec::new();
    for round in 1..=3 {
        let goal = TOTAL * round / 5;
        assert!(
            poll_until(PATIENCE * 2, || acknowledged.load(Ordering::Relaxed)
                >= goal),
            "only {} of {TOTAL} answers acknowledged before crash {round}",
            acknowledged.load(Ordering::Relaxed)
        );
        at_kill.push(acknowledged.load(Ordering::Relaxed));
        server = server.crash_and_restart();
        assert_eq!(server.addr, addr, "restarted on the same port");
    }
    let sent: Vec<Sent> = clients
        .into_iter()
        .flat_map(|c| c.join().expect("a client finished"))
        .collect();
    server.terminate();
    eprintln!(
        "killed at {at_kill:?} of {TOTAL} acknowledged; {} connection failures; {} answers \
         sent again were already saved",
        failures.load(Ordering::Relaxed),
        resent_and_found.load(Ordering::Relaxed)
    );
    assert!(
        at_kill.iter().all(|&n| n < TOTAL),
        "every crash came while answers were still being sent: {at_kill:?}"
    );
    assert!(
        failures.load(Ordering::Relaxed) > 0,
        "the crashes should have cut some clients off"
    );
    let session = saved_session(&path);
    assert_all_saved_once(&session, earlier.len(), &sent);
    assert_kept(&session, &earlier);
}

#[test]
fn a_request_cut_off_midway_is_sent_again_and_saved_exactly_once() {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let path = common::new_session(dir.path());
    let before = saved_session(&path).contributions().len();
    let mut server = Serve::start(&path, any_port(), CODE);
    let addr = server.addr;
    let device = join(addr, CODE, "Table 1");
    let auth = bearer(&device.token);
    let headers = [
        ("Authorization", auth.as_str()),
        ("Content-Type", "application/json"),
    ];
    let answer = |id: String, n: usize| Sent {
        id,
        group: "Table 1",
        slot: SLOTS[n % SLOTS.len()],
        text: typed_text(7, n),
    };
    let mut sent = Vec::new();
    let mut sender = Sender::new(addr, &device.token);
    let mut statuses = Vec::new();

    // The whole request written, the connection closed before the reply was read.
    for n in 0..20 {
        let s = answer(format!("dropped-{n}"), n);
        let mut conn = Conn::connect(addr).expect("connects");
        conn.write_request("POST", "/api/contributions", &headers, &s.body())
            .expect("the request is written");
        conn.close();
        // Sent again: saved now (201) if the first never arrived, else found (200).
        let again = sender.try_once(&s.body()).expect("the server answers");
        assert!(
            again.status == 200 || again.status == 201,
            "sent again after a dropped connection: {} {}",
            again.status,
            again.text()
        );
        statuses.push(again.status);
        let third = sender.try_once(&s.body()).expect("the server answers");
        assert_eq!(third.status, 200, "a third time: {}", third.text());
        sent.push(s);
    }

    // Half the body written, then the connection closed: nothing may be saved from it.
    for n in 0..5 {
        let s = answer(format!("half-{n}"), 20 + n);
        let body = s.body();
        let bytes = compose(
            &addr.to_string(),
            "POST",
            "/api/contributions",
            &[
                ("Authorization", auth.as_str()),
                ("Content-Type", "application/json"),
                ("Content-Length", &body.len().to_string()),
            ],
            &body[..body.len() / 2],
        );
        let mut conn = Conn::connect(addr).expect("connects");
        conn.write_raw(&bytes).expect("half a request is written");
        conn.close();
        let again = sender.try_once(&s.body()).expect("the server answers");
        assert_eq!(
            again.status,
            201,
            "half a request must save nothing: {}",
            again.text()
        );
        sent.push(s);
    }

    // The server killed right after requests were written; restarted; sent again.
    for round in 0..3 {
        let batch: Vec<Sent> = (0..4)
            .map(|k| answer(format!("killed-{round}-{k}"), 30 + round * 4 + k))
            .collect();
        let mut conns = Vec::new();
        for s in &batch {
            let mut conn = Conn::connect(addr).expect("connects");
            conn.write_request("POST", "/api/contributions", &headers, &s.body())
                .expect("the request is written");
            conns.push(conn);
        }
        server = server.crash_and_restart();
        // Whatever the dying server managed to say or not, the client sends again.
        drop(conns);
        for s in &batch {
            let status = sender.deliver(&s.body(), true);
            statuses.push(status);
            let again = sender.try_once(&s.body()).expect("the server answers");
            assert_eq!(again.status, 200, "sent again once saved: {}", again.text());
        }
        sent.extend(batch);
    }
    server.terminate();
    eprintln!(
        "sent again after a cut: {} found already saved (200), {} saved then (201)",
        statuses.iter().filter(|&&s| s == 200).count(),
        statuses.iter().filter(|&&s| s == 201).count()
    );
    assert_all_saved_once(&saved_session(&path), before, &sent);
}
