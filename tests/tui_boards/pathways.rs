//! Pathway brainstorms: each question with its answers as chains of steps, from the published
//! answers of "Dreaming Together".

use super::*;

/// The published answers to questions 4, 5 and 6 of "Dreaming Together", dealt to the tables in
/// turn, exactly as the write-up gives them (trailing spaces aside).
fn dreaming_together() -> (Workshop, Vec<String>) {
    let notes = include_str!("../fixtures/dreaming-together-answers.txt");
    let mut w = Workshop::of("dreaming-together.json");
    let mut ids = Vec::new();
    let mut slot = "";
    for line in notes.lines() {
        let t = line.trim();
        if t.starts_with("4.") {
            slot = "q4";
        } else if t.starts_with("5.") {
            slot = "q5";
        } else if t.starts_with("6.") {
            slot = "q6";
        } else if let Some(answer) = t.strip_prefix("• ") {
            let group = TABLES[ids.len() % 4];
            ids.push(w.add("pathways", slot, Some(group), answer.trim_end(), &[]));
        }
    }
    (w, ids)
}

#[test]
fn pathways_show_questions_with_answers_as_step_chains() {
    let (mut w, ids) = dreaming_together();
    assert_eq!(
        ids.len(),
        23,
        "the write-up publishes 23 answers to questions 4 to 6"
    );
    w.star(&ids[7]);
    w.hide(&ids[8]);
    let shot = Shot {
        slot: Some("q5"),
        ..Shot::default()
    };
    snap("pathways", &w.session, &shot);
    let shot = Shot {
        slot: Some("q4"),
        projection: true,
        ..Shot::default()
    };
    snap("pathways_projected", &w.session, &shot);
}

#[test]
fn pathways_keep_an_old_selected_answer_in_view() {
    let (w, ids) = dreaming_together();
    let shot = Shot {
        slot: Some("q6"),
        selected: Some(ids[1].clone()),
        ..Shot::default()
    };
    let text = screen(&w.session, &shot, 80, 24);
    assert!(text.contains("▸ [Table 2] Student → teaching"), "{text}");
    assert!(
        text.contains("Post partum care"),
        "the newest answer of the selected question shows:\n{text}"
    );
}
