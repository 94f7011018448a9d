//! YAML front matter on the Markdown write-up: tags and a summary set with `hearth set`
//! (journaled), the summary falling back to the plan's, and every value read back exactly by a
//! YAML parser however it is typed.

use hearth::export::{Format, Options};
use hearth::store::read_session;

use crate::common::{self, run_hearth};
use crate::read::exported;

/// The front matter of `md` parsed, and the Markdown after it.
fn split(md: &str) -> (serde_yaml_ng::Value, &str) {
    let rest = md
        .strip_prefix("---\n")
        .expect("front matter opens the file");
    let end = rest.find("\n---\n").expect("front matter is closed");
    let yaml = serde_yaml_ng::from_str(&rest[..end])
        .unwrap_or_else(|e| panic!("front matter that YAML cannot read: {e}\n{md}"));
    (yaml, &rest[end + "\n---\n".len()..])
}

#[test]
fn front_matter_reads_back_as_set_however_typed() {
    let dir = tempfile::tempdir().unwrap();
    let path = common::new_session(dir.path());
    let p = path.to_str().unwrap();
    let md_of = |front_matter: bool| {
        let (s, _) = read_session(&path).unwrap();
        exported(
            &s,
            Format::Markdown,
            &Options {
                front_matter,
                include_empty: true,
                ..Options::default()
            },
        )
    };
    // Nothing set: the title, no tags, the plan's summary; then the write-up, unchanged.
    let md = md_of(true);
    let (yaml, body) = split(&md);
    let (s, _) = read_session(&path).unwrap();
    assert_eq!(yaml["title"].as_str(), Some(s.title.as_str()));
    assert_eq!(yaml["tags"], serde_yaml_ng::Value::Sequence(vec![]));
    assert_eq!(yaml["summary"].as_str(), Some(s.scenario.summary.as_str()));
    assert_eq!(body.trim_start(), md_of(false));

    let tags = [
        "peer support",
        "yes",
        "null",
        "1.0",
        "- dash",
        "key: value",
        "# not a comment",
        "\"quoted\" \\ back",
        "[flow]",
        "@at",
        "夢 🌱",
        "---",
    ];
    let summary = "Two lines:\nsecond — with \t tab, \u{2028} a separator, \u{feff} a BOM, 'single' & \"double\"\\\n\n";
    let mut args = vec![
        "set".to_owned(),
        p.to_owned(),
        format!("--summary={summary}"),
        "--date=2026-05-14".to_owned(),
    ];
    args.extend(tags.iter().map(|t| format!("--tag={t}")));
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let out = run_hearth(dir.path(), &args, None);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        std::fs::read_to_string(path.with_extension("journal"))
            .unwrap()
            .contains("\"tags\":[\"peer support\",\"yes\""),
        "the tags are not journaled"
    );
    let md = md_of(true);
    let (yaml, _) = split(&md);
    let (s, _) = read_session(&path).unwrap();
    assert_eq!(s.tags, tags);
    assert_eq!(yaml["title"].as_str(), Some(s.title.as_str()));
    assert_eq!(yaml["date"].as_str(), Some("2026-05-14"), "{md}");
    let read: Vec<&str> = yaml["tags"]
        .as_sequence()
        .unwrap()
        .iter()
        .map(|t| t.as_str().expect("every tag is a string"))
        .collect();
    assert_eq!(read, tags, "{md}");
    assert_eq!(yaml["summary"].as_str(), Some(summary), "{md}");

    // Front matter is for Markdown; tags can be removed.
    let out = run_hearth(
        dir.path(),
        &["export", p, "--format", "html", "--front-matter"],
        None,
    );
    assert_eq!(out.status.code(), Some(2));
    let out = run_hearth(dir.path(), &["set", p, "--no-tags"], None);
    assert!(out.status.success());
    let out = run_hearth(
        dir.path(),
        &["export", p, "--format", "md", "--front-matter"],
        None,
    );
    assert!(out.status.success());
    let md = String::from_utf8(out.stdout).unwrap();
    assert_eq!(split(&md).0["tags"], serde_yaml_ng::Value::Sequence(vec![]));

    // Control characters, which `hearth set` refuses but a file may hold, are escaped too.
    let (mut s, _) = read_session(&path).unwrap();
    s.title = "a\u{1}b\u{7f}c\u{85}d\u{9b}e\r\nf".into();
    s.summary = "\u{0}\u{1b}[31m".into();
    s.tags = vec!["\u{8}".into()];
    let md = exported(
        &s,
        Format::Markdown,
        &Options {
            front_matter: true,
            ..Options::default()
        },
    );
    let (yaml, _) = split(&md);
    assert_eq!(yaml["title"].as_str(), Some(s.title.as_str()), "{md}");
    assert_eq!(yaml["summary"].as_str(), Some(s.summary.as_str()), "{md}");
    assert_eq!(yaml["tags"][0].as_str(), Some("\u{8}"), "{md}");
}
