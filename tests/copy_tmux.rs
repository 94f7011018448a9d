//! `hearth export --copy` over ssh, in a real terminal (tmux with `set-clipboard on`, which takes
//! OSC 52 into its paste buffer as a terminal takes it into the clipboard): the buffer then holds
//! the Markdown write-up exactly, and nothing is printed on standard output.

mod common;

use common::tmux::{Tmux, available};

#[test]
fn export_copy_puts_the_markdown_on_the_terminals_clipboard() {
    if !available() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let path = common::new_session(dir.path());
    let p = path.to_str().unwrap();
    let out = common::run_hearth(
        dir.path(),
        &["set", p, "--introduction", "Über «quotes» & 夢\nline two"],
        None,
    );
    assert!(out.status.success());
    let expected = common::run_hearth(
        dir.path(),
        &["export", p, "--format", "md", "--include-empty"],
        None,
    );
    assert!(expected.status.success());
    let expected = String::from_utf8(expected.stdout).unwrap();
    assert!(expected.contains("夢"));

    let stdout = dir.path().join("stdout.txt");
    let command = format!(
        "sh -c 'read go; SSH_CONNECTION=\"192.0.2.1 50000 192.0.2.2 22\" {} export {p} --include-empty --copy >{} 2>/dev/null; echo COPIED; sleep 60'",
        env!("CARGO_BIN_EXE_hearth"),
        stdout.display()
    );
    let tmux = Tmux::start("copy", dir.path(), 100, 30, &command);
    tmux.cmd(&["set-option", "-g", "set-clipboard", "on"]);
    tmux.keys(&["Enter"]);
    tmux.wait_for("COPIED");
    let buffer = tmux.cmd(&["show-buffer"]);
    assert_eq!(buffer, expected, "the clipboard does not hold the write-up");
    assert_eq!(
        std::fs::read_to_string(&stdout).unwrap(),
        "",
        "--copy also printed"
    );
}
