//! The futures triangle: its corners and uncertainties, in the words of "Visions of Opportunity
//! for 2030", shown and concealed.

use super::*;

/// Triangle items in the words of "Visions of Opportunity for 2030".
pub(super) fn futures() -> (Workshop, Vec<String>) {
    let mut w = Workshop::of("peer-support-futures.json");
    let items: [(&str, &str, &str, &str); 13] = [
        (
            "weight",
            "Table 1",
            "the misalignment between the values of peer support and the structures and processes within the mental health system",
            "",
        ),
        (
            "weight",
            "Table 2",
            "capitalism, patriarchy, racism, and poverty",
            "what makes us sick is being constructed as sick",
        ),
        ("weight", "Table 3", "a “add a PSW and stir” framework", ""),
        (
            "weight",
            "Table 4",
            "hierarchies that privilege professional expertise over other ways of knowing",
            "a recipe for tokenism and co-optation",
        ),
        (
            "push",
            "Table 1",
            "widespread recognition of the value of peer support for people experiencing mental health-related challenges, as well as its potential benefits for other communities",
            "",
        ),
        (
            "push",
            "Table 2",
            "the number of peer support workers in the UK had plateaued over the past five years",
            "",
        ),
        (
            "push",
            "Table 3",
            "an overarching peer support regulatory body and certification process",
            "",
        ),
        (
            "pull",
            "Table 1",
            "a peer support alliance in which people could get support, collaborate, and engage in multi-directional learning",
            "",
        ),
        (
            "pull",
            "Table 2",
            "peer-capable and liberating environments",
            "compassionate and collaborative leadership models, along with shared decision-making, co-production, and power-sharing",
        ),
        (
            "pull",
            "Table 4",
            "valuable opportunities for career progression",
            "",
        ),
        (
            "uncertainties",
            "Table 1",
            "whether the goals of peer support can be realized within the current mental health system",
            "",
        ),
        (
            "uncertainties",
            "Table 2",
            "whether system transformation should occur from within mainstream mental health services, from outside, or by straddling the boundary",
            "",
        ),
        (
            "uncertainties",
            "Table 3",
            "What would a regulatory body undo, produce, and uphold?",
            "",
        ),
    ];
    let mut ids = Vec::new();
    for (slot, group, text, elaboration) in items {
        let fields: &[(&str, &str)] = if elaboration.is_empty() {
            &[]
        } else {
            &[("elaboration", elaboration)]
        };
        ids.push(w.add("triangle", slot, Some(group), text, fields));
    }
    (w, ids)
}

#[test]
fn the_futures_triangle_is_drawn_with_its_corners_and_uncertainties() {
    let (mut w, ids) = futures();
    w.star(&ids[7]);
    w.hide(&ids[2]);
    let shot = Shot {
        slot: Some("push"),
        ..Shot::default()
    };
    snap("triangle", &w.session, &shot);
    let shot = Shot {
        slot: Some("pull"),
        projection: true,
        ..Shot::default()
    };
    snap("triangle_projected", &w.session, &shot);
    let text = screen(&w.session, &shot, 160, 48);
    assert!(
        !text.contains("add a PSW and stir"),
        "off the record, never projected"
    );
}

#[test]
fn a_concealed_triangle_counts_its_items_without_showing_them() {
    let (w, _) = futures();
    let shot = Shot {
        concealed: true,
        ..Shot::default()
    };
    let text = screen(&w.session, &shot, 160, 48);
    snap_one("triangle_concealed_160x48", text.clone());
    assert!(text.contains("3 answers — hidden until revealed"));
    assert!(!text.contains("capitalism"));
}
