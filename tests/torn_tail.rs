//! A journal whose last record was cut short at any byte still opens: every complete record is
//! kept, the torn part is reported (and, when opened for writing, set aside in a side file).
//! A damaged line in the middle is left out, named by its line and column, and the rest opens.

mod common;

use hearth::model::{Change, Draft};
use hearth::store::{SessionStore, read_session, rejected_path};

fn session_with_three(dir: &std::path::Path) -> (std::path::PathBuf, Vec<String>) {
    let path = common::new_session(dir);
    let (mut store, _) = SessionStore::open(&path).unwrap();
    let mut ids = Vec::new();
    for text in ["first 🚀", "second 夢\nline", "third — مرحبا"] {
        let c = Draft::new("pathways", "q4", text)
            .group(Some("Table 1".into()))
            .into_contribution();
        ids.push(c.id.clone());
        store.apply(Change::Add { contribution: c }).unwrap();
    }
    drop(store); // no clean close: the records stay in the journal
    (path, ids)
}

#[test]
fn truncating_the_last_record_at_every_byte_keeps_all_complete_records() {
    let dir = tempfile::tempdir().unwrap();
    let (path, ids) = session_with_three(dir.path());
    let journal_path = path.with_extension("journal");
    let full = std::fs::read(&journal_path).unwrap();
    assert_eq!(full.iter().filter(|&&b| b == b'\n').count(), 3);
    let last_start = full[..full.len() - 1]
        .iter()
        .rposition(|&b| b == b'\n')
        .unwrap()
        + 1;
    for cut in last_start..=full.len() {
        std::fs::write(&journal_path, &full[..cut]).unwrap();
        let (session, report) = read_session(&path).unwrap_or_else(|e| panic!("cut at {cut}: {e}"));
        let complete = cut >= full.len() - 1; // only the newline missing still leaves a whole record
        let expected = if complete { 3 } else { 2 };
        assert_eq!(session.contributions().len(), expected, "cut at {cut}");
        for id in &ids[..2] {
            assert!(
                session.contribution(id).is_some(),
                "cut at {cut}: lost {id}"
            );
        }
        let torn = cut > last_start && !complete;
        assert_eq!(
            report.torn.as_ref().map(|t| t.bytes),
            torn.then_some(cut - last_start),
            "cut at {cut}"
        );

        // Opening for writing sets the torn bytes aside, exactly, and repairs the journal.
        let (mut store, report) = SessionStore::open(&path).unwrap();
        if torn {
            let kept = report.torn.as_ref().unwrap().kept_at.clone().unwrap();
            assert_eq!(std::fs::read(&kept).unwrap(), &full[last_start..cut]);
            std::fs::remove_file(kept).unwrap();
        }
        let c = Draft::new("pathways", "q4", "after repair").into_contribution();
        let new_id = c.id.clone();
        store.apply(Change::Add { contribution: c }).unwrap();
        drop(store);
        let (session, report) = read_session(&path).unwrap();
        assert!(
            report.torn.is_none(),
            "cut at {cut}: the repaired journal is whole"
        );
        assert_eq!(session.contributions().len(), expected + 1);
        assert!(session.contribution(&new_id).is_some());
        std::fs::write(&journal_path, &full).unwrap();
    }
}

#[test]
fn a_damaged_line_in_the_middle_is_left_out_with_its_position_and_the_rest_opens() {
    let dir = tempfile::tempdir().unwrap();
    let (path, ids) = session_with_three(dir.path());
    let journal_path = path.with_extension("journal");
    let full = String::from_utf8(std::fs::read(&journal_path).unwrap()).unwrap();
    let mut lines: Vec<&str> = full.lines().collect();
    let damaged = lines[1].replacen("\"seq\":2", "\"seq\":2x", 1);
    lines[1] = &damaged;
    std::fs::write(&journal_path, lines.join("\n") + "\n").unwrap();
    let before = common::tree(dir.path());
    let (session, report) = read_session(&path).unwrap();
    assert_eq!(report.rejected.len(), 1);
    assert_eq!(report.rejected[0].line, 2);
    assert!(report.rejected[0].column > 1);
    let kept: Vec<&str> = session
        .contributions()
        .iter()
        .map(|c| c.id.as_str())
        .collect();
    assert_eq!(kept, [ids[0].as_str(), ids[2].as_str()]);
    assert_eq!(common::tree(dir.path()), before, "reading writes nothing");
    let out = common::run_hearth(dir.path(), &["validate", path.to_str().unwrap()], None);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains(".journal:2:"), "{err}");
    // A writer moves it aside, and the session is whole again.
    let (store, report) = SessionStore::open(&path).unwrap();
    assert_eq!(report.rejected_to, Some(rejected_path(&path)));
    assert_eq!(store.session().contributions().len(), 2);
    drop(store);
    let kept = std::fs::read_to_string(rejected_path(&path)).unwrap();
    assert!(kept.contains(&ids[1]), "the damaged line is kept: {kept}");
    let (_, report) = read_session(&path).unwrap();
    assert!(report.rejected.is_empty() && report.gaps.is_empty());
}
