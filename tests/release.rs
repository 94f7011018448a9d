//! What a facilitator without Rust installs (`.ci/release`): the `.deb` installed with `dpkg -i`
//! into an empty root and run there, and the static binary of the tarball run with an empty
//! environment. End-to-end: they need the release files (`HEARTH_RELEASE_DIR`, which CI sets
//! after building them), and the `.deb` test needs root, `dpkg` and `chroot`.

mod common;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use common::e2e::{self, Missing, missing};

/// The folder `.ci/release` wrote, if the variable names one.
fn release_dir() -> Result<PathBuf, Missing> {
    let how = || {
        missing(
            "the release files (HEARTH_RELEASE_DIR is not set to a folder holding them)",
            "bash .ci/release --linux-only dist, then HEARTH_RELEASE_DIR=$PWD/dist",
        )
    };
    let dir = std::env::var_os("HEARTH_RELEASE_DIR")
        .map(PathBuf::from)
        .ok_or_else(how)?;
    if dir.is_dir() { Ok(dir) } else { Err(how()) }
}

/// The release folder when the test can run (nothing else it needs is in `lacks`); `None` when
/// it is skipped, saying why (under `HEARTH_E2E=1` a lack fails the test instead).
fn release_or_skip(lacks: impl IntoIterator<Item = Missing>) -> Option<PathBuf> {
    let mut lacks: Vec<Missing> = lacks.into_iter().collect();
    let dir = release_dir().map_err(|m| lacks.push(m)).ok();
    if e2e::need("release", lacks) {
        dir
    } else {
        None
    }
}

/// The one file in `dir` whose name ends with `suffix`.
fn artifact(dir: &Path, suffix: &str) -> PathBuf {
    let found: Vec<PathBuf> = std::fs::read_dir(dir)
        .expect("the release folder is readable")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.to_string_lossy().ends_with(suffix))
        .collect();
    assert_eq!(
        found.len(),
        1,
        "one *{suffix} in {}: {found:?}",
        dir.display()
    );
    found.into_iter().next().expect("checked")
}

fn ok(out: Output, what: &str) -> String {
    assert!(
        out.status.success(),
        "{what}: {}\nstdout: {}\nstderr: {}",
        out.status,
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn run(cmd: &mut Command, what: &str) -> String {
    let out = cmd
        .output()
        .unwrap_or_else(|e| panic!("{what}: cannot start: {e}"));
    ok(out, what)
}

fn version() -> String {
    format!("hearth {}", env!("CARGO_PKG_VERSION"))
}

#[test]
fn the_checksums_match_the_files() {
    let lacks = e2e::on_path("sha256sum")
        .is_none()
        .then(|| missing("sha256sum", "apt-get install coreutils"));
    let Some(dir) = release_or_skip(lacks) else {
        return;
    };
    let listed = run(
        Command::new("sha256sum")
            .args(["--check", "--strict", "SHA256SUMS"])
            .current_dir(&dir),
        "sha256sum --check",
    );
    for suffix in [".deb", "-x86_64-linux.tar.gz"] {
        let name = artifact(&dir, suffix);
        let name = name.file_name().expect("a file name").to_string_lossy();
        assert!(listed.contains(&format!("{name}: OK")), "{listed}");
    }
}

#[test]
fn the_static_binary_runs_with_an_empty_environment() {
    let Some(dir) = release_or_skip(None) else {
        return;
    };
    let tar = artifact(&dir, "-x86_64-linux.tar.gz");
    let unpacked = tempfile::tempdir().expect("a temporary folder");
    run(
        Command::new("tar")
            .arg("-xzf")
            .arg(&tar)
            .arg("-C")
            .arg(unpacked.path()),
        "tar -x",
    );
    let top = std::fs::read_dir(unpacked.path())
        .expect("unpacked")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .next()
        .expect("one folder in the tarball");
    for inside in [
        "hearth",
        "README.md",
        "man/hearth.1",
        "man/hearth-run.1",
        "completions/hearth.bash",
        "completions/_hearth",
        "completions/hearth.fish",
        "completions/hearth.ps1",
    ] {
        assert!(top.join(inside).is_file(), "{inside} in the tarball");
    }
    let hearth = top.join("hearth");
    let out = run(
        Command::new(&hearth).arg("--version").env_clear(),
        "--version",
    );
    assert_eq!(out.trim(), version());
    // With nothing set, not even HOME: the bundled plans are listed, and a session is made in
    // the folder given.
    let plans = run(Command::new(&hearth).arg("list").env_clear(), "hearth list");
    assert!(plans.contains("dreaming-together"), "{plans}");
    let work = tempfile::tempdir().expect("a temporary folder");
    let made = run(
        Command::new(&hearth)
            .args(["new", "role-clarity", "--dir"])
            .arg(work.path())
            .env_clear()
            .current_dir(work.path()),
        "hearth new",
    );
    let session = PathBuf::from(made.trim());
    assert!(session.is_file(), "{made}");
    let shown = run(
        Command::new(&hearth).arg("show").arg(&session).env_clear(),
        "hearth show",
    );
    assert!(shown.contains("Getting to Role Clarity"), "{shown}");
}

/// Whether this process runs as root.
fn is_root() -> bool {
    // Read through the `id` program: no unsafe code outside src/platform.rs.
    Command::new("id")
        .arg("-u")
        .output()
        .is_ok_and(|o| String::from_utf8_lossy(&o.stdout).trim() == "0")
}

#[test]
fn the_deb_installs_with_dpkg_into_an_empty_root_and_runs_there() {
    let mut lacks = Vec::new();
    for tool in ["dpkg", "chroot"] {
        if e2e::on_path(tool).is_none() {
            lacks.push(missing(tool, "apt-get install dpkg coreutils"));
        }
    }
    if !is_root() {
        lacks.push(missing(
            "root (dpkg --root and chroot)",
            "run the test as root (CI does)",
        ));
    }
    let Some(dir) = release_or_skip(lacks) else {
        return;
    };
    let deb = artifact(&dir, ".deb");

    // A root with nothing in it but dpkg's empty database.
    let root = tempfile::tempdir().expect("a temporary folder");
    let admin = root.path().join("var/lib/dpkg");
    for sub in ["info", "updates", "triggers"] {
        std::fs::create_dir_all(admin.join(sub)).expect("dpkg's folders");
    }
    std::fs::write(admin.join("status"), "").expect("dpkg's status file");
    run(
        Command::new("dpkg")
            .arg(format!("--root={}", root.path().display()))
            .args(["--log=/dev/null", "--force-script-chrootless", "-i"])
            .arg(&deb),
        "dpkg -i",
    );
    let listed = run(
        Command::new("dpkg")
            .arg(format!("--root={}", root.path().display()))
            .args(["-L", "hearth"]),
        "dpkg -L",
    );
    for path in [
        "/usr/bin/hearth",
        "/usr/share/man/man1/hearth.1.gz",
        "/usr/share/man/man1/hearth-new.1.gz",
        "/usr/share/bash-completion/completions/hearth",
        "/usr/share/zsh/vendor-completions/_hearth",
        "/usr/share/fish/vendor_completions.d/hearth.fish",
    ] {
        assert!(
            listed.lines().any(|l| l == path),
            "{path} installed:\n{listed}"
        );
        assert!(
            root.path().join(path.trim_start_matches('/')).is_file(),
            "{path}"
        );
    }

    // Run inside that root, where there is no C library nor anything else: the binary is
    // static. A folder for sessions is all it is given.
    std::fs::create_dir_all(root.path().join("home/facilitator")).expect("a home folder");
    // By its full path: the command's environment is emptied, PATH with it.
    let chroot = e2e::on_path("chroot").expect("checked");
    let inside = |args: &[&str]| {
        let mut cmd = Command::new(&chroot);
        cmd.arg(root.path())
            .arg("/usr/bin/hearth")
            .args(args)
            .env_clear()
            .env("HEARTH_HOME", "/home/facilitator");
        cmd
    };
    let out = run(&mut inside(&["--version"]), "hearth --version in the root");
    assert_eq!(out.trim(), version());
    let made = run(
        &mut inside(&["new", "dreaming-together"]),
        "hearth new in the root",
    );
    let session = made.trim();
    assert!(
        session.starts_with("/home/facilitator/") && session.ends_with(".json"),
        "{made}"
    );
    assert!(
        root.path().join(session.trim_start_matches('/')).is_file(),
        "{session} made in the root"
    );
}
