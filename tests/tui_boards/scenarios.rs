//! Scenario building: scenarios placed in their quadrants, and the poles of both axes readable
//! at 80 columns. The scenarios are built on the futures triangle's workshop.

use super::triangle::futures;
use super::*;

fn scenario_building() -> Workshop {
    let mut w = futures().0;
    let ex = "scenarios";
    w.add(
        ex,
        "title",
        Some("Table 1"),
        "Solidarity",
        &[("x", "A peer support alliance"), ("y", "From outside")],
    );
    w.add(ex, "narrative", Some("Table 1"), "After much discussion, the group seemed to tentatively land on the idea of a peer support alliance in which people could get support, collaborate, and engage in multi-directional learning.", &[]);
    w.add(ex, "timeline", Some("Table 1"), "an asset mapping exercise to explore the collective strengths of the peer support community across the country", &[("year", "2027")]);
    w.add(ex, "timeline", Some("Table 1"), "a needs assessment to understand the full scope of peer support initiatives, practices, and approaches", &[("year", "2026")]);
    w.add(
        ex,
        "characteristics",
        Some("Table 1"),
        "a balance between fidelity and contextual adaptation",
        &[],
    );
    w.add(
        ex,
        "title",
        Some("Table 2"),
        "From a movement to a model",
        &[
            ("x", "A regulatory body"),
            ("y", "From within mainstream mental health services"),
        ],
    );
    w.add(ex, "narrative", Some("Table 2"), "This credibility could lead to material benefits such as funding, resources, and support for PSW roles.", &[]);
    w.add(
        ex,
        "timeline",
        Some("Table 2"),
        "an overarching peer support regulatory body and certification process",
        &[("year", "2028")],
    );
    w.add(
        ex,
        "characteristics",
        Some("Table 2"),
        "losing its organic, political, and radical roots",
        &[],
    );
    w.add(
        ex,
        "title",
        Some("Table 3"),
        "Peer-capable and liberating environments",
        &[
            ("x", "A peer support alliance"),
            ("y", "From within mainstream mental health services"),
        ],
    );
    w.add(ex, "narrative", Some("Table 3"), "By adopting compassionate and collaborative leadership models, along with shared decision-making, co-production, and power-sharing, we can transform mental health systems into peer-capable and liberating environments.", &[]);
    w.add(
        ex,
        "characteristics",
        Some("Table 4"),
        "the diverse approaches needed to address contextual needs",
        &[],
    );
    w.add(
        ex,
        "raised",
        Some("Table 2"),
        "What would a regulatory body undo, produce, and uphold?",
        &[],
    );
    w.add(ex, "raised", Some("Table 3"), "What is the role of peer support in systems that construct individuals who experience mental illness as sick?", &[]);
    w.add(ex, "shared", None, "solidarity.", &[]);
    w
}

#[test]
fn scenarios_are_placed_in_their_quadrants() {
    let w = scenario_building();
    let shot = Shot {
        exercise: 1,
        slot: Some("narrative"),
        ..Shot::default()
    };
    snap("scenarios", &w.session, &shot);
    let shot = Shot {
        exercise: 1,
        slot: Some("raised"),
        group: 1,
        ..Shot::default()
    };
    snap_one("scenarios_raised_80x24", screen(&w.session, &shot, 80, 24));
}

#[test]
fn scenario_poles_are_readable_at_80_columns() {
    // The plan's poles: on the title's x and y rows every choice shows in full.
    let w = scenario_building();
    let shot = Shot {
        exercise: 1,
        slot: Some("title"),
        ..Shot::default()
    };
    let screen80 = screen(&w.session, &shot, 80, 24);
    let x = row_with(&screen80, "X:");
    assert!(
        x.contains("A regulatory body") && x.contains("A peer support alliance"),
        "{screen80}"
    );
    let y = row_with(&screen80, "Y:");
    assert!(
        y.contains("From outside") && y.contains("From within mainstream mental health services"),
        "{screen80}"
    );

    // Axes the room chose, with long poles: on the board each pole keeps its half of the
    // axis; in the box the chosen pole shows whole and the others shortened beside it.
    let mut w = scenario_building();
    let axis =
        |name: &str, low: &str, high: &str| hearth::model::exercise::scenario_building::Axis {
            name: name.into(),
            low: low.into(),
            high: high.into(),
        };
    w.session
        .apply(&Change::ChooseAxes {
            exercise: "scenarios".into(),
            axes: hearth::model::convergence::ChosenAxes {
                matrix: hearth::model::exercise::scenario_building::Matrix {
                    x: axis(
                        "Who sets the standards",
                        "Peer support regulated as a profession by the province",
                        "A peer-led alliance that sets its own standards",
                    ),
                    y: axis(
                        "Where transformation happens",
                        "Transformation happens outside mainstream services",
                        "Transformation happens within mainstream services",
                    ),
                },
                from: Vec::new(),
                at: Timestamp::from_second(1_750_000_000).unwrap(),
            },
        })
        .unwrap();
    let mut run = Run::new(PathBuf::from("sessions/test-run.json"), w.session.clone());
    run.park_timer_and_go(1);
    run.slots[1] = run
        .current_slots()
        .iter()
        .position(|s| s.id == "title")
        .unwrap();
    run.group = Some(3);
    run.reset_fields();
    run.capture[2].set("Transformation happens within mainstream services");
    run.capture_field = 2;
    let state = State::new(Screen::Run(Box::new(run)), Theme::plain(), 7);
    let mut terminal = Terminal::new(TestBackend::new(80, 24)).unwrap();
    terminal.draw(|f| drop(view(&state, f))).unwrap();
    let screen80 = terminal.backend().to_string();
    let axis_row = row_with(&screen80, "┼");
    assert!(
        axis_row.contains("◀ Peer support regulated")
            && axis_row.contains("A peer-led alliance")
            && axis_row.trim_end().ends_with('▶'),
        "both x poles show their start: {screen80}"
    );
    let y = row_with(&screen80, "Y:");
    assert!(
        y.contains("[Transformation happens within mainstream services]")
            && y.contains("Transformation hap"),
        "the chosen pole whole, the other shortened: {screen80}"
    );
    let x = row_with(&screen80, "X:");
    assert!(
        x.contains("Peer support regul") && x.contains("A peer-led all"),
        "nothing chosen yet: both x poles shortened: {screen80}"
    );
}
