//! What people type comes back byte for byte: emoji, CJK, right-to-left scripts, combining
//! marks, NBSP, tabs and line breaks survive `hearth add` → the session file → `hearth show`.

mod common;

use hearth::store::read_session;

const TEXTS: &[&str] = &[
    "Peer support volunteer --> street outreach worker -->  housing stability worker ",
    "👩🏽‍🦱 🏳️‍🌈 🚀 family emoji 👨‍👩‍👧‍👦",
    "夢を見る — 未来のピアサポート、한국어도",
    "مرحبا بالعالم ‏(RTL)‏ and שלום עולם",
    "combining: e\u{301} a\u{308} n\u{303} Z\u{35c}\u{36b}",
    "non\u{a0}breaking\u{a0}spaces\u{202f}and\tTabs\t\tinside",
    "two\nlines\n\nand a blank one",
    "  leading and trailing spaces  ",
    "markup stays text: <script>alert(1)</script> | *not bold* _x_ `code` & &amp;",
    "\u{feff}BOM and zero\u{200b}width",
];

#[test]
fn add_then_show_gives_back_the_same_bytes() {
    let dir = tempfile::tempdir().unwrap();
    let path = common::new_session(dir.path());
    let p = path.to_str().unwrap();
    let mut ids = Vec::new();
    for (i, text) in TEXTS.iter().enumerate() {
        // Half through --text, half through standard input.
        let out = if i % 2 == 0 {
            common::run_hearth(
                dir.path(),
                &[
                    "add",
                    p,
                    "--exercise",
                    "pathways",
                    "--slot",
                    "q4",
                    "--group",
                    "Room 夢",
                    "--text",
                    text,
                ],
                None,
            )
        } else {
            common::run_hearth(
                dir.path(),
                &[
                    "add",
                    p,
                    "--exercise",
                    "pathways",
                    "--slot",
                    "q4",
                    "--group",
                    "Room 夢",
                ],
                Some(text.as_bytes()),
            )
        };
        assert_eq!(
            out.status.code(),
            Some(0),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let id = String::from_utf8(out.stdout).unwrap().trim().to_owned();
        ids.push(id);
    }
    let full = common::run_hearth(dir.path(), &["show", p], None);
    let listing = String::from_utf8(full.stdout).unwrap();
    for (text, id) in TEXTS.iter().zip(&ids) {
        let out = common::run_hearth(dir.path(), &["show", p, "--id", id, "--raw"], None);
        assert_eq!(
            out.stdout,
            text.as_bytes(),
            "show --id --raw gives back the exact bytes"
        );
        let (session, _) = read_session(&path).unwrap();
        assert_eq!(session.contribution(id).unwrap().text, *text);
        // The full listing holds every line of the text, invisible format characters (the
        // BOM here) shown as symbols; every other character verbatim.
        for line in text.split('\n') {
            let shown = hearth::model::text::printable(line);
            assert!(listing.contains(shown.as_ref()), "listing lacks {shown:?}");
        }
    }
}

#[test]
fn crlf_is_the_only_normalisation() {
    let dir = tempfile::tempdir().unwrap();
    let path = common::new_session(dir.path());
    let p = path.to_str().unwrap();
    let out = common::run_hearth(
        dir.path(),
        &["add", p, "--exercise", "round", "--slot", "sick"],
        Some(b"windows\r\nline\rold mac\n"),
    );
    let id = String::from_utf8(out.stdout).unwrap().trim().to_owned();
    let out = common::run_hearth(dir.path(), &["show", p, "--id", &id, "--raw"], None);
    assert_eq!(out.stdout, b"windows\nline\nold mac\n");
}

#[test]
fn an_edit_keeps_the_original() {
    let dir = tempfile::tempdir().unwrap();
    let path = common::new_session(dir.path());
    let p = path.to_str().unwrap();
    let out = common::run_hearth(
        dir.path(),
        &[
            "add",
            p,
            "--exercise",
            "round",
            "--slot",
            "sick",
            "--text",
            "capitalism 夢",
        ],
        None,
    );
    let id = String::from_utf8(out.stdout).unwrap().trim().to_owned();
    let out = common::run_hearth(
        dir.path(),
        &[
            "edit",
            p,
            &id,
            "--text",
            "capitalism, patriarchy",
            "--star",
            "--slot",
            "whole",
        ],
        None,
    );
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let (session, _) = read_session(&path).unwrap();
    let c = session.contribution(&id).unwrap();
    assert_eq!(c.text, "capitalism, patriarchy");
    assert_eq!(c.original_text(), "capitalism 夢");
    assert_eq!((c.slot.as_str(), c.starred), ("whole", true));
    // Folded into the snapshot (an add or an edit alone only appends to the journal), the
    // original is kept there as a revision.
    let (mut store, _) = hearth::store::SessionStore::open(&path).unwrap();
    store.compact().unwrap();
    store.close().unwrap();
    let raw = std::fs::read_to_string(&path).unwrap();
    assert!(
        raw.contains("capitalism 夢"),
        "the original stays in the file"
    );
}
