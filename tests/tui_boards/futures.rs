//! The futures toolkit's boards: Causal Layered Analysis as stacked layers and a backcast as a
//! timeline, from the test plan where a scenario seeds the backcast.

use super::*;

fn toolkit() -> Workshop {
    Workshop::at(&Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/futures-toolkit.json"))
}

/// Two tables' layers of burnout among peer workers, today's and the reconstructed.
fn layers() -> Workshop {
    let mut w = toolkit();
    let ex = "layers";
    let t1 = Some("Table 1");
    let t2 = Some("Table 2");
    w.add(
        ex,
        "litany",
        t1,
        "Peer workers burn out and leave within two years",
        &[],
    );
    w.add(
        ex,
        "litany",
        t2,
        "Job postings ask for lived experience and a degree",
        &[],
    );
    w.add(
        ex,
        "causes",
        t1,
        "Roles are funded as short pilots; no supervision from peers",
        &[],
    );
    w.add(
        ex,
        "causes",
        t2,
        "Credentialism: certification decides who may help",
        &[],
    );
    w.add(
        ex,
        "worldview",
        t1,
        "Expertise comes from training, not from living it",
        &[],
    );
    w.add(ex, "myth", t1, "The wounded healer who must sacrifice", &[]);
    w.add(
        ex,
        "myth",
        t2,
        "A ladder you climb away from where you came from",
        &[],
    );
    w.add(ex, "new_litany", t1, "Peer roles last a career", &[]);
    w.add(
        ex,
        "new_causes",
        t2,
        "Peer-led supervision and stable funding",
        &[],
    );
    w.add(
        ex,
        "new_worldview",
        t1,
        "Lived experience is knowledge",
        &[],
    );
    w.add(ex, "new_myth", t2, "A circle, not a ladder", &[]);
    w
}

#[test]
fn causal_layers_are_stacked_bands_with_a_column_each() {
    let w = layers();
    let shot = Shot {
        exercise: 1,
        slot: Some("worldview"),
        ..Shot::default()
    };
    let text = screen(&w.session, &shot, 80, 24);
    // The four layers, in order from the surface down.
    let at = |s: &str| text.find(s).unwrap_or_else(|| panic!("no {s}:\n{text}"));
    assert!(at("Litany") < at("Systemic causes"));
    assert!(at("Systemic causes") < at("Worldview"));
    assert!(at("Worldview") < at("Myth / metaphor"));
    assert!(text.contains("TODAY") && text.contains("RECONSTRUCTED"));
    snap("causal_layers", &w.session, &shot);
    let shot = Shot {
        exercise: 1,
        projection: true,
        ..Shot::default()
    };
    snap("causal_layers_projected", &w.session, &shot);
}

#[test]
fn without_the_reconstruction_each_group_has_its_column() {
    let mut w = layers();
    if let hearth::model::ExerciseKind::CausalLayeredAnalysis(k) =
        &mut w.session.scenario.agenda[1].kind
    {
        k.reconstruct = false;
    }
    let shot = Shot {
        exercise: 1,
        ..Shot::default()
    };
    let text = screen(&w.session, &shot, 80, 24);
    let header = text
        .lines()
        .find(|l| l.contains("Table 1"))
        .unwrap_or_else(|| panic!("no group columns:\n{text}"));
    assert!(header.contains("Table 2"), "{header}");
    snap_one("causal_layers_groups_80x24", text);
}

/// The scenarios of two tables, the second picked as the backcast's preferred future, and the
/// backcast's steps, obstacles and first actions.
pub(super) fn backcast() -> (Workshop, String) {
    let mut w = toolkit();
    let ex = "scenarios";
    w.add(
        ex,
        "title",
        Some("Table 1"),
        "Solidarity",
        &[("x", "Alliance"), ("y", "Outside the mainstream")],
    );
    let chosen = w.add(
        ex,
        "title",
        Some("Table 2"),
        "Peer-capable and liberating environments",
        &[("x", "Alliance"), ("y", "Inside the mainstream")],
    );
    w.add(ex, "narrative", Some("Table 2"), "By adopting compassionate and collaborative leadership models, along with shared decision-making, co-production, and power-sharing, we can transform mental health systems into peer-capable and liberating environments.", &[]);
    w.session
        .apply(&Change::SeedFrom {
            exercise: "backcast".into(),
            seed: hearth::model::convergence::Seed {
                from: chosen.clone(),
                at: Timestamp::from_second(1_700_001_000).unwrap(),
            },
        })
        .unwrap();
    let ex = "backcast";
    for (year, step) in [
        ("2038", "Peer roles are written into every service's budget"),
        ("2030", "A national peer-led supervision network"),
        ("2027", "Asset mapping of peer support across the country"),
        ("2034", "Co-production is how services are designed"),
    ] {
        w.add(ex, "steps", Some("Table 1"), step, &[("year", year)]);
    }
    w.add(
        ex,
        "obstacles",
        Some("Table 2"),
        "Funding tied to short pilots",
        &[],
    );
    w.add(
        ex,
        "obstacles",
        Some("Table 1"),
        "Certification deciding who may help",
        &[],
    );
    w.add(
        ex,
        "actions",
        Some("Table 1"),
        "Start the asset map this spring",
        &[],
    );
    (w, chosen)
}

#[test]
fn a_backcast_is_a_timeline_from_today_to_the_horizon() {
    let (w, _) = backcast();
    let shot = Shot {
        exercise: 2,
        slot: Some("steps"),
        ..Shot::default()
    };
    let text = screen(&w.session, &shot, 80, 24);
    // Today on the left, the horizon on the right, the steps between in year order.
    let axis = text
        .lines()
        .find(|l| l.contains("2026") && l.contains("2040"))
        .unwrap_or_else(|| panic!("no timeline:\n{text}"));
    assert!(axis.find("2026") < axis.find("2040"), "{axis}");
    let years = text
        .lines()
        .find(|l| l.contains("2027") && l.contains("2038"))
        .unwrap_or_else(|| panic!("no years:\n{text}"));
    let order: Vec<usize> = ["2027", "2030", "2034", "2038"]
        .iter()
        .map(|y| years.find(y).unwrap_or_else(|| panic!("{y}: {years}")))
        .collect();
    assert!(order.windows(2).all(|p| p[0] < p[1]), "{years}");
    // The seed names the scenario it came from.
    assert!(text.contains("Peer-capable"), "{text}");
    snap("backcast", &w.session, &shot);
    let shot = Shot {
        exercise: 2,
        slot: Some("steps"),
        projection: true,
        ..Shot::default()
    };
    snap("backcast_projected", &w.session, &shot);
}

#[test]
fn a_withdrawn_seed_leaves_its_words_off_the_board() {
    let (mut w, chosen) = backcast();
    w.withdraw(&chosen);
    let shot = Shot {
        exercise: 2,
        ..Shot::default()
    };
    for projection in [false, true] {
        let shot = Shot {
            exercise: 2,
            projection,
            ..Shot::default()
        };
        for (width, height) in [(80, 24), (160, 48)] {
            let text = screen(&w.session, &shot, width, height);
            assert!(!text.contains("Peer-capable"), "{text}");
            assert!(text.contains("withdrawn"), "{text}");
        }
    }
    // Hidden until the reveal, the scenarios' words stay off the backcast's board too.
    let (mut w, _) = backcast();
    w.session
        .apply(&Change::SetConcealed {
            exercise: "scenarios".into(),
            concealed: true,
        })
        .unwrap();
    let text = screen(&w.session, &shot, 160, 48);
    assert!(!text.contains("Peer-capable"), "{text}");
    assert!(text.contains("hidden until revealed"), "{text}");
    let (mut w, chosen) = backcast();
    w.hide(&chosen);
    let text = screen(&w.session, &shot, 160, 48);
    assert!(!text.contains("Peer-capable"), "{text}");
    assert!(text.contains("taken off the record"), "{text}");
}

/// Control characters typed into any slot, or into the scenario that seeds the backcast, never
/// reach the terminal; and the boards draw at any size without panicking.
#[test]
fn typed_control_characters_are_shown_as_symbols_at_every_size() {
    let evil = "bad\u{1b}[31m red\u{7}\u{9b}2J\nline";
    let mut w = toolkit();
    let chosen = w.add(
        "scenarios",
        "title",
        Some("Table 1"),
        evil,
        &[("x", "Alliance"), ("y", "Inside the mainstream")],
    );
    w.session
        .apply(&Change::SeedFrom {
            exercise: "backcast".into(),
            seed: hearth::model::convergence::Seed {
                from: chosen,
                at: Timestamp::from_second(1_700_001_000).unwrap(),
            },
        })
        .unwrap();
    for ex in ["layers", "backcast"] {
        let slots = w.session.scenario.exercise(ex).unwrap().slots();
        for slot in slots.iter().filter(|s| s.id != "unplaced") {
            let fields: Vec<(&str, &str)> = slot.fields.iter().map(|f| (f.name, evil)).collect();
            w.add(ex, &slot.id, Some("Table 2"), evil, &fields);
        }
    }
    for exercise in [1, 2] {
        for (width, height) in [(80, 24), (160, 48), (40, 12), (20, 8), (200, 60)] {
            for projection in [false, true] {
                let shot = Shot {
                    exercise,
                    projection,
                    ..Shot::default()
                };
                let text = screen(&w.session, &shot, width, height);
                assert!(
                    !text.contains(['\u{1b}', '\u{7}', '\u{9b}']),
                    "{width}×{height}:\n{text}"
                );
                // Shown as symbols, wherever the text shows: never dropped silently.
                assert_eq!(
                    text.matches("bad").count(),
                    text.matches("bad␛").count(),
                    "{width}×{height}:\n{text}"
                );
            }
        }
    }
}
