//! Every kind of bad request is refused, tells nothing, and the server keeps serving.

use super::*;

#[test]
fn bad_requests_are_refused_tell_nothing_and_the_server_keeps_serving() {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let path = common::new_session(dir.path());
    let before = saved_session(&path).contributions().len();
    let server = Serve::start(&path, any_port(), CODE);
    let addr = server.addr;

    // Meanwhile, a client sends its headers a byte a second.
    let slow = std::thread::spawn(move || dribble(addr));
    let started = Instant::now();

    let one = join(addr, CODE, "Table 1");
    let two = join(addr, CODE, "Table 2");
    let one_auth = bearer(&one.token);
    let json_one = [
        ("Authorization", one_auth.as_str()),
        ("Content-Type", "application/json"),
    ];
    let secret = Sent {
        id: "secret-1".into(),
        group: "Table 1",
        slot: "sick",
        text: "SECRET-ANSWER: what I said in the room 🔒".into(),
    };
    let post = |headers: &[(&str, &str)], body: &[u8]| {
        request(addr, "POST", "/api/contributions", headers, body)
    };
    expect_status("a first answer", post(&json_one, &secret.body()), 201);

    // Who are you? No code, a wrong code, a wrong device token: 401, and not a word more.
    // (Three wrong credentials from this address: below the five that block it.)
    let r = expect_status(
        "no code",
        request(addr, "GET", "/api/session", &[], b""),
        401,
    );
    assert_tells_nothing("no code", &r);
    let r = expect_status(
        "a wrong code",
        request(
            addr,
            "GET",
            "/api/session?group=Table%201",
            &[("Authorization", "Bearer WRONGCODE99")],
            b"",
        ),
        401,
    );
    assert_tells_nothing("a wrong code", &r);
    let r = expect_status(
        "joining with a wrong code",
        request(
            addr,
            "POST",
            "/api/join",
            &[("Content-Type", "application/json")],
            br#"{"code":"WRONGCODE99","group":"Table 1"}"#,
        ),
        401,
    );
    assert_tells_nothing("joining with a wrong code", &r);
    let forged = format!("Bearer {}.notthesecretatall", one.device);
    let r = expect_status(
        "a forged device token",
        request(
            addr,
            "GET",
            "/api/events",
            &[("Authorization", &forged)],
            b"",
        ),
        401,
    );
    assert_tells_nothing("a forged device token", &r);

    // Bodies the server will not read or cannot use.
    let big = answer_body("big-1", EXERCISE, "sick", "Table 1", &"a".repeat(70 * 1024));
    let mut conn = Conn::connect(addr).expect("connects");
    let bytes = compose(
        &addr.to_string(),
        "POST",
        "/api/contributions",
        &json_one,
        &big,
    );
    conn.write_raw(&bytes[..bytes.len() - big.len()])
        .expect("headers written");
    expect_status("a body over 64 KiB", exchange(conn, big.clone()), 413);
    let mut chunked = Vec::new();
    for piece in big.chunks(8 * 1024) {
        chunked.extend_from_slice(format!("{:x}\r\n", piece.len()).as_bytes());
        chunked.extend_from_slice(piece);
        chunked.extend_from_slice(b"\r\n");
    }
    chunked.extend_from_slice(b"0\r\n\r\n");
    let conn = Conn::connect(addr).expect("connects");
    let mut bytes = compose(
        &addr.to_string(),
        "POST",
        "/api/contributions",
        &[
            ("Authorization", one_auth.as_str()),
            ("Content-Type", "application/json"),
            ("Transfer-Encoding", "chunked"),
        ],
        b"",
    );
    bytes.extend_from_slice(&chunked);
    expect_status(
        "a chunked body over 64 KiB, no length given",
        exchange(conn, bytes),
        413,
    );
    expect_status(
        "malformed JSON",
        post(&json_one, br#"{"id": "bad-1", "exercise": "round", "#),
        400,
    );
    let ok_body = answer_body("bad-2", EXERCISE, "sick", "Table 1", "fine words");
    expect_status(
        "a wrong content type",
        post(
            &[
                ("Authorization", one_auth.as_str()),
                ("Content-Type", "text/plain"),
            ],
            &ok_body,
        ),
        415,
    );
    expect_status(
        "an unknown exercise",
        post(
            &json_one,
            &answer_body("bad-3", "no-such-exercise", "sick", "Table 1", "words"),
        ),
        422,
    );
    expect_status(
        "an unknown slot",
        post(
            &json_one,
            &answer_body("bad-4", EXERCISE, "no-such-slot", "Table 1", "words"),
        ),
        422,
    );
    let code_auth = bearer(CODE);
    expect_status(
        "an unknown group (with the join code)",
        post(
            &[
                ("Authorization", code_auth.as_str()),
                ("Content-Type", "application/json"),
            ],
            &answer_body("bad-5", EXERCISE, "sick", "Nobody's table", "words"),
        ),
        422,
    );
    expect_status(
        "a device posting for another group",
        post(
            &json_one,
            &answer_body("bad-6", EXERCISE, "sick", "Table 2", "words"),
        ),
        403,
    );
    let two_auth = bearer(&two.token);
    expect_status(
        "another device posting for this one's group",
        post(
            &[
                ("Authorization", two_auth.as_str()),
                ("Content-Type", "application/json"),
            ],
            &answer_body("bad-7", EXERCISE, "sick", "Table 1", "words"),
        ),
        403,
    );
    expect_status(
        "the same id with other text",
        post(
            &json_one,
            &answer_body("secret-1", EXERCISE, "sick", "Table 1", "other words"),
        ),
        409,
    );
    expect_status(
        "the same id with the same text",
        post(&json_one, &secret.body()),
        200,
    );

    // Other sites: a name that is not this server (DNS rebinding), a cross-origin write.
    let r = expect_status(
        "Host: evil.example",
        request(
            addr,
            "GET",
            "/api/session",
            &[("Host", "evil.example"), ("Authorization", &one_auth)],
            b"",
        ),
        421,
    );
    assert_tells_nothing("Host: evil.example", &r);
    let evil_host = format!("evil.example:{}", addr.port());
    expect_status(
        "Host: evil.example:PORT",
        request(
            addr,
            "POST",
            "/api/join",
            &[("Host", &evil_host), ("Content-Type", "application/json")],
            format!(r#"{{"code":"{CODE}","group":"Table 1"}}"#).as_bytes(),
        ),
        421,
    );
    let cross = Sent {
        id: "cross-1".into(),
        ..secret.clone()
    };
    let r = expect_status(
        "a cross-origin POST",
        post(
            &[
                ("Authorization", one_auth.as_str()),
                ("Content-Type", "application/json"),
                ("Origin", "http://evil.example"),
            ],
            &cross.body(),
        ),
        403,
    );
    assert_tells_nothing("a cross-origin POST", &r);
    expect_status(
        "a cross-site POST (Sec-Fetch-Site)",
        post(
            &[
                ("Authorization", one_auth.as_str()),
                ("Content-Type", "application/json"),
                ("Sec-Fetch-Site", "cross-site"),
            ],
            &cross.body(),
        ),
        403,
    );
    let preflight = request(
        addr,
        "OPTIONS",
        "/api/contributions",
        &[
            ("Origin", "http://evil.example"),
            ("Access-Control-Request-Method", "POST"),
            (
                "Access-Control-Request-Headers",
                "authorization, content-type",
            ),
        ],
        b"",
    )
    .expect("a reply to a preflight");
    assert!(
        !(200..300).contains(&preflight.status),
        "a CORS preflight is not welcomed: {}",
        preflight.status
    );

    // Guessing: five wrong codes from one address, then even the right code is refused
    // there (429, Retry-After), while everyone else is served.
    let guesser: IpAddr = "127.0.0.66".parse().expect("an address");
    for n in 0..MAX_FAILURES {
        let r = expect_status(
            &format!("wrong code {}", n + 1),
            request_from(
                guesser,
                addr,
                "GET",
                "/api/groups",
                &[("Authorization", &format!("Bearer WRONGCODE{n:02}"))],
                b"",
            ),
            401,
        );
        assert_tells_nothing("a wrong code", &r);
    }
    let r = expect_status(
        "the right code after five wrong ones",
        request_from(
            guesser,
            addr,
            "GET",
            "/api/groups",
            &[("Authorization", &code_auth)],
            b"",
        ),
        429,
    );
    assert_tells_nothing("a blocked address", &r);
    let retry: u64 = r
        .header("retry-after")
        .and_then(|v| v.parse().ok())
        .expect("a Retry-After in seconds");
    assert!(
        (1..=BLOCK_TIME.as_secs()).contains(&retry),
        "Retry-After {retry}"
    );
    expect_status(
        "joining with the right code from a blocked address",
        request_from(
            guesser,
            addr,
            "POST",
            "/api/join",
            &[("Content-Type", "application/json")],
            format!(r#"{{"code":"{CODE}","group":"Table 1"}}"#).as_bytes(),
        ),
        429,
    );
    // A device that joined before still works from there (phones behind one address).
    expect_status(
        "a good device token from a blocked address",
        request_from(
            guesser,
            addr,
            "GET",
            "/api/session",
            &[("Authorization", &one_auth)],
            b"",
        ),
        200,
    );
    let groups = expect_status(
        "the right code from another address",
        request(
            addr,
            "GET",
            "/api/groups",
            &[("Authorization", &code_auth)],
            b"",
        ),
        200,
    );
    assert!(groups.text().contains("Room 夢"), "{}", groups.text());

    // The slow client is still at it, and everyone else was served meanwhile.
    let probes_took = started.elapsed();
    let (held, received) = slow.join().expect("the slow client finished");
    assert!(
        probes_took < held,
        "the other requests ({probes_took:?}) were served while the slow client was connected ({held:?})"
    );
    assert!(
        held >= Duration::from_secs(3) && held <= Duration::from_secs(25),
        "a client without a device token sending headers a byte a second is cut off at the \
         anonymous timeout (5 s; 10 s for any connection), not after {held:?}"
    );
    assert!(
        !String::from_utf8_lossy(&received).starts_with("HTTP/1.1 2"),
        "the slow request was never served: {}",
        String::from_utf8_lossy(&received)
    );

    // After all of that, the server answers normally.
    let after = Sent {
        id: "after-1".into(),
        group: "Table 1",
        slot: "whole",
        text: "still listening ✓".into(),
    };
    expect_status("an answer afterwards", post(&json_one, &after.body()), 201);
    let reply: SessionReply = expect_status(
        "the session afterwards",
        request(
            addr,
            "GET",
            "/api/session",
            &[("Authorization", &one_auth)],
            b"",
        ),
        200,
    )
    .json();
    let texts: Vec<&str> = reply.answers.iter().map(|a| a.text.as_str()).collect();
    assert_eq!(texts, [secret.text.as_str(), after.text.as_str()]);
    server.terminate();
    // Only the two good answers were saved: nothing refused slipped through.
    assert_all_saved_once(&saved_session(&path), before, &[secret, after]);
}

#[test]
fn a_blocked_address_is_let_in_again_when_its_block_ends() {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let path = common::new_session(dir.path());
    let (store, _) = SessionStore::open(&path).expect("opens");
    let hub = Hub::start(store, JoinCode::parse(CODE).expect("valid"), 0).expect("starts");
    let guesser: IpAddr = "192.0.2.7".parse().expect("an address");
    let other: IpAddr = "192.0.2.8".parse().expect("an address");
    let t0 = Instant::now();
    for _ in 1..MAX_FAILURES {
        hub.record_failure(guesser, t0);
    }
    assert_eq!(hub.check_blocked(guesser, t0), Ok(()), "four wrong codes");
    hub.record_failure(guesser, t0);
    assert_eq!(
        hub.check_blocked(guesser, t0),
        Err(Refusal::TooMany(BLOCK_TIME.as_secs()))
    );
    assert!(matches!(
        hub.check_blocked(guesser, t0 + BLOCK_TIME - Duration::from_secs(1)),
        Err(Refusal::TooMany(1))
    ));
    assert_eq!(hub.check_blocked(other, t0), Ok(()), "only the guesser");
    assert_eq!(hub.check_blocked(guesser, t0 + BLOCK_TIME), Ok(()));
    hub.stop().expect("the session").close().expect("closes");
}
