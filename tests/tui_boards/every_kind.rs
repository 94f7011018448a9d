//! What holds on every kind's board, from the test plan with one exercise of each kind: a
//! concealed board counts answers without showing them, an off-the-record answer is marked and
//! never projected, and a withdrawn answer leaves no trace.

use super::*;

/// One answer in the first slot of every exercise of the test plan with one of each kind,
/// with whatever fields the slot needs; returns (exercise index, answer id) pairs.
fn one_of_each(text: &str) -> (Workshop, Vec<(usize, String)>) {
    let mut w =
        Workshop::at(&Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/all-kinds.json"));
    let agenda = w.session.scenario.agenda.clone();
    let mut ids = Vec::new();
    for (i, ex) in agenda.iter().enumerate() {
        let slot = &ex.slots()[0];
        let fields: Vec<(&str, String)> = slot
            .fields
            .iter()
            .map(|f| {
                (
                    f.name,
                    f.choices.first().cloned().unwrap_or_else(|| "2030".into()),
                )
            })
            .collect();
        let fields: Vec<(&str, &str)> = fields.iter().map(|(n, v)| (*n, v.as_str())).collect();
        ids.push((i, w.add(&ex.id, &slot.id, Some("Table 1"), text, &fields)));
    }
    (w, ids)
}

#[test]
fn concealed_boards_count_answers_without_showing_them() {
    let (w, ids) = one_of_each("SECRET-ANSWER");
    for (exercise, _) in ids {
        let shot = Shot {
            exercise,
            concealed: true,
            ..Shot::default()
        };
        for (width, height) in [(80, 24), (160, 48)] {
            let text = screen(&w.session, &shot, width, height);
            let kind = w.session.scenario.agenda[exercise].kind_name();
            assert!(
                !text.contains("SECRET"),
                "{kind} at {width}×{height} shows a concealed answer:\n{text}"
            );
            assert!(
                text.contains("hidden until revealed"),
                "{kind} at {width}×{height} does not say answers exist:\n{text}"
            );
        }
    }
}

#[test]
fn off_the_record_answers_are_marked_and_never_projected() {
    let (mut w, ids) = one_of_each("OFF-RECORD-ANSWER");
    for (_, id) in &ids {
        w.hide(id);
    }
    for (exercise, id) in ids {
        let kind = w.session.scenario.agenda[exercise].kind_name();
        for projection in [false, true] {
            let shot = Shot {
                exercise,
                projection,
                selected: Some(id.clone()),
                ..Shot::default()
            };
            let text = screen(&w.session, &shot, 160, 48);
            if projection {
                assert!(
                    !text.contains("OFF-RECORD"),
                    "{kind} projects an answer off the record:\n{text}"
                );
            } else {
                assert!(
                    text.contains("OFF-RECORD"),
                    "{kind} does not show its answer:\n{text}"
                );
                assert!(
                    text.contains("[off the record]"),
                    "{kind} does not mark it:\n{text}"
                );
            }
        }
    }
}

#[test]
fn withdrawn_answers_leave_no_trace_on_any_board() {
    // The same session twice, one with a second answer per exercise that was then withdrawn:
    // every board draws the two alike, for the facilitator and on the projection.
    let (plain, _) = one_of_each("KEPT-ANSWER");
    let (mut w, ids) = one_of_each("KEPT-ANSWER");
    let agenda = w.session.scenario.agenda.clone();
    for (exercise, id) in &ids {
        let c = w.session.contribution(id).unwrap().clone();
        let fields: Vec<(&str, &str)> = c
            .fields
            .iter()
            .map(|(n, v)| (n.as_str(), v.as_str()))
            .collect();
        let gone = w.add(
            &agenda[*exercise].id,
            &c.slot,
            Some("Table 2"),
            "WITHDRAWN-WORDS",
            &fields,
        );
        w.withdraw(&gone);
    }
    for (exercise, _) in ids {
        let kind = agenda[exercise].kind_name();
        for projection in [false, true] {
            let shot = Shot {
                exercise,
                projection,
                ..Shot::default()
            };
            for (width, height) in [(80, 24), (160, 48)] {
                assert_eq!(
                    screen(&w.session, &shot, width, height),
                    screen(&plain.session, &shot, width, height),
                    "{kind} at {width}×{height}, projection {projection}: a withdrawn answer shows"
                );
            }
        }
    }
}
