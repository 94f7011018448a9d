//! The boards that list answers under their prompts: a prompt round's questions with their
//! answers, and a notes exercise's key points and resources.

use super::*;

#[test]
fn prompt_rounds_show_each_question_with_its_answers() {
    let mut w = Workshop::of("visions-2030.json");
    let ex = "consciousness";
    for (i, a) in [
        "capitalism",
        "patriarchy",
        "racism",
        "poverty",
        "being constructed as sick",
    ]
    .iter()
    .enumerate()
    {
        w.add(ex, "sick", Some(TABLES[i % 4]), a, &[]);
    }
    for (i, a) in ["connection", "choice", "community"].iter().enumerate() {
        w.add(ex, "whole", Some(TABLES[i % 4]), a, &[]);
    }
    let shot = Shot {
        slot: Some("whole"),
        ..Shot::default()
    };
    snap("prompt_round", &w.session, &shot);
    let mut w = Workshop::of("visions-2030.json");
    w.add(
        "topics",
        "t5",
        Some("Table 5"),
        "the potential for a regulatory body to \"suck the soul\" out of peer support",
        &[],
    );
    w.add("topics", "t5", Some("Table 5"), "a peer support union", &[]);
    w.add("topics", "t6", Some("Table 6"), "capacity building for healthcare professionals to understand the value that PSWs bring, the scope of their role, and their unique skill set", &[]);
    let shot = Shot {
        exercise: 1,
        slot: Some("t5"),
        group: 4,
        ..Shot::default()
    };
    snap("prompt_round_topics", &w.session, &shot);
}

/// Session 1 of the webinar series: its key points and resources as the synopsis gives them
/// (the seed names the resources without links; one is given an address to show a link).
#[test]
fn notes_show_key_points_and_resources_with_their_links() {
    let mut w = Workshop::of("webinar-series.json");
    let ex = "session-1";
    w.add(ex, "key_points", None, "Peer support is a supportive relationship grounded in the principles of mutuality, empathy, and connection.", &[]);
    w.add(ex, "key_points", None, "The relationship is always voluntary and self-directed, and based on a shared lived, living experience.", &[]);
    w.add(
        ex,
        "key_points",
        None,
        "The focus of services is moving toward wholeness, rather than away from illness.",
        &[],
    );
    w.add(
        ex,
        "resources",
        None,
        "Peer Support Standards of Practice",
        &[],
    );
    w.add(
        ex,
        "resources",
        None,
        "PAN Peer Resources page",
        &[("link", "https://example.org/pan-peer-resources")],
    );
    let shot = Shot {
        slot: Some("resources"),
        ..Shot::default()
    };
    let screen = screen(&w.session, &shot, 80, 24);
    assert!(screen.contains("Key points") && screen.contains("Resources"));
    snap_one("notes_80x24", screen);
}
