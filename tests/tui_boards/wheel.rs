//! The futures wheel: each consequence under the one it follows from (a withdrawn one's
//! consequences stay, saying so), and a wheel taller than the board scrolling to the selected
//! consequence.

use super::*;

/// A wheel two tables add to, in the words of the emerging-issues post's regulation questions:
/// the 2nd-order consequence under "Regulation is imposed externally" is withdrawn, and its
/// 3rd-order consequence stays, shown under the 1st-order one and saying so.
fn wheel() -> (Workshop, Vec<String>) {
    let mut w = Workshop::at(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/futures-wheel.json"),
    );
    let ex = "wheel";
    let (t1, t2) = (Some("Table 1"), Some("Table 2"));
    let a = w.add(
        ex,
        "first",
        t1,
        "Legitimacy within the broader healthcare system",
        &[],
    );
    let b = w.add(
        ex,
        "first",
        t2,
        "Regulation is imposed on us externally",
        &[],
    );
    let a1 = w.add_under(
        ex,
        "second",
        t1,
        &a,
        "Higher wages for peer support workers",
        &[],
    );
    let a2 = w.add_under(
        ex,
        "second",
        t2,
        &a,
        "Post-secondary credentials are required",
        &[],
    );
    let a21 = w.add_under(
        ex,
        "third",
        t1,
        &a2,
        "Barriers to entering the field increase",
        &[],
    );
    let b1 = w.add_under(
        ex,
        "second",
        t2,
        &b,
        "Curriculum taught by other mental health disciplines",
        &[],
    );
    let b11 = w.add_under(ex, "third", t2, &b1, "Further peer drift", &[]);
    w.withdraw(&b1);
    (w, vec![a, b, a1, a2, a21, b1, b11])
}

#[test]
fn futures_wheel_shows_each_consequence_under_the_one_it_follows_from() {
    let (w, _) = wheel();
    let shot = Shot {
        slot: Some("second"),
        ..Shot::default()
    };
    let screen80 = screen(&w.session, &shot, 80, 24);
    assert!(screen80.contains("Central change: Peer support work is regulated"));
    // The 3rd-order consequence hangs under the 2nd-order one it follows from.
    let credentials = row_with(&screen80, "Post-secondary credentials");
    let barriers = row_with(&screen80, "Barriers to entering");
    assert!(
        credentials.contains("├─◆") || credentials.contains("└─◆"),
        "{screen80}"
    );
    assert!(barriers.contains("└─▪"), "{screen80}");
    // Its withdrawn parent's words are gone; the child stays, saying one was withdrawn.
    assert!(!screen80.contains("Curriculum taught"), "{screen80}");
    assert!(
        row_with(&screen80, "Further peer drift").contains("(↑ withdrawn)"),
        "{screen80}"
    );
    // The box says where the next answer goes: under the newest 1st-order consequence.
    assert!(
        screen80.contains("2nd order consequences under ‘Regulation is imposed on us"),
        "{screen80}"
    );
    snap("futures_wheel", &w.session, &shot);
    let projected = Shot {
        slot: Some("third"),
        projection: true,
        ..Shot::default()
    };
    // Projected, the ring being added to, each consequence under the one it follows from: the
    // withdrawn one's words never, its child under a note without them.
    let room = screen(&w.session, &projected, 80, 24);
    assert!(
        room.contains("under ‘Post-secondary credentials are required’"),
        "{room}"
    );
    assert!(
        room.contains("follows from an answer that was withdrawn"),
        "{room}"
    );
    assert!(!room.contains("Curriculum taught"), "{room}");
    snap_one("futures_wheel_projected_80x24", room);
}

/// A wheel taller than the board: the rows shown keep the selected consequence in view and
/// say how many are above and below.
#[test]
fn a_large_futures_wheel_scrolls_to_the_selected_consequence() {
    let (mut w, _) = wheel();
    let mut last = String::new();
    for i in 0..30 {
        let first = w.add(
            "wheel",
            "first",
            Some("Table 1"),
            &format!("Consequence {i:02}"),
            &[],
        );
        last = w.add_under(
            "wheel",
            "second",
            Some("Table 2"),
            &first,
            &format!("Follows from {i:02}"),
            &[],
        );
    }
    let deep = w.session.contributions()[9].id.clone();
    let shot = Shot {
        selected: Some(deep),
        ..Shot::default()
    };
    let screen80 = screen(&w.session, &shot, 80, 24);
    assert!(
        screen80.contains("↓") && screen80.contains("more"),
        "{screen80}"
    );
    assert!(
        row_with(&screen80, "▸").contains("Consequence 01"),
        "{screen80}"
    );
    let shot = Shot {
        selected: Some(last),
        ..Shot::default()
    };
    let screen80 = screen(&w.session, &shot, 80, 24);
    assert!(
        screen80.contains("↑") && screen80.contains("Follows from 29"),
        "{screen80}"
    );
    snap_one("futures_wheel_scrolled_80x24", screen80);
}
