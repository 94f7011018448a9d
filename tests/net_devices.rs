//! `hearth devices`: the devices that joined a session, listed and revoked from another
//! terminal while `hearth serve` runs without one (through the share's private socket), and
//! from the devices file when nothing shares the session.

mod common;

use std::net::SocketAddr;
use std::time::Duration;

use common::serve::{CODE, Conn, Events, Next, Serve, answer_body, bearer, join, post_answer};

fn devices(dir: &std::path::Path, session: &std::path::Path, more: &[&str]) -> (i32, String) {
    let mut args = vec!["devices", session.to_str().expect("a UTF-8 path")];
    args.extend_from_slice(more);
    let out = common::run_hearth(dir, &args, None);
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    (out.status.code().unwrap_or(-1), text)
}

fn status_with(addr: SocketAddr, token: &str) -> u16 {
    let auth = bearer(token);
    Conn::connect(addr)
        .and_then(|mut c| {
            c.send(
                "GET",
                "/api/session",
                &[("Authorization", auth.as_str())],
                b"",
            )
        })
        .expect("a reply")
        .status
}

#[test]
fn another_terminal_lists_and_revokes_devices_of_a_running_serve() {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let session = common::new_session(dir.path());
    let serve = Serve::start(&session, "127.0.0.1:0".parse().unwrap(), CODE);
    let addr = serve.addr;
    let sam = join(addr, CODE, "Table 1");
    let kim = join(addr, CODE, "Table 2");
    let stream = Events::open(addr, "/api/events", &sam.token).expect("a live stream");

    let (code, listed) = devices(dir.path(), &session, &[]);
    assert_eq!(code, 0, "{listed}");
    assert!(
        listed.contains(&sam.device) && listed.contains("Table 1"),
        "{listed}"
    );
    assert!(
        listed.contains(&kim.device) && listed.contains("Table 2"),
        "{listed}"
    );
    assert!(
        listed.contains("1 live stream"),
        "the share's own view: {listed}"
    );
    assert!(!listed.contains("not shared now"), "{listed}");

    let (code, said) = devices(dir.path(), &session, &["--revoke", &sam.device]);
    assert_eq!(code, 0, "{said}");
    assert!(said.contains("revoked"), "{said}");
    // At once: its token is refused and its stream ends; the other device goes on.
    assert_eq!(status_with(addr, &sam.token), 401);
    let ended = (0..50).any(|_| matches!(stream.next(Duration::from_millis(200)), Next::Ended));
    assert!(ended, "the revoked device's stream ends");
    let mut conn = Conn::connect(addr).expect("connects");
    let saved = post_answer(
        &mut conn,
        &kim.token,
        &answer_body("after-revoke", "round", "whole", "Table 2", "still here"),
    )
    .expect("a reply");
    assert_eq!(saved.status, 201, "{}", saved.text());

    let (code, said) = devices(dir.path(), &session, &["--revoke", "nosuchid"]);
    assert_eq!(code, 2, "an unknown device: {said}");
    assert!(said.contains("no device `nosuchid`"), "{said}");

    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let socket = hearth::net::control::socket_path(&session);
        let mode = std::fs::metadata(&socket)
            .expect("the socket")
            .permissions()
            .mode();
        assert_eq!(
            mode & 0o777,
            0o600,
            "the control socket is this user's alone"
        );
    }
    assert!(serve.terminate().success());
    assert!(
        !hearth::net::control::socket_path(&session).exists(),
        "the socket goes with the share"
    );
}

#[test]
fn without_a_share_the_devices_file_is_read_and_revoking_keeps_a_device_out_next_time() {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let session = common::new_session(dir.path());
    let serve = Serve::start(&session, "127.0.0.1:0".parse().unwrap(), CODE);
    let sam = join(serve.addr, CODE, "Table 1");
    assert!(serve.terminate().success());

    let (code, listed) = devices(dir.path(), &session, &[]);
    assert_eq!(code, 0, "{listed}");
    assert!(listed.contains("not shared now"), "{listed}");
    assert!(
        listed.contains(&sam.device) && !listed.contains("[revoked]"),
        "{listed}"
    );

    let (code, said) = devices(dir.path(), &session, &["--revoke", &sam.device]);
    assert_eq!(code, 0, "{said}");
    let (_, listed) = devices(dir.path(), &session, &[]);
    assert!(listed.contains("[revoked]"), "{listed}");

    let serve = Serve::start(&session, "127.0.0.1:0".parse().unwrap(), CODE);
    assert_eq!(
        status_with(serve.addr, &sam.token),
        401,
        "revoked while not shared"
    );
    assert!(serve.terminate().success());
}
