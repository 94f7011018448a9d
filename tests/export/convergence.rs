//! What the room made of its answers, written up: themes with their answers then the rest, the
//! results of revealed rounds ranked (a rating round also as a scatter), never a round that was
//! not revealed, never an off-the-record answer or its dots; and the 2×2 with the axes the room
//! chose, each scenario in its quadrant.

use hearth::export::{Format, Options, export};
use hearth::model::convergence::{
    Ballot, Choice, ChosenAxes, Rating, Round, RoundKind, RoundState, Theme, VoteOn,
};
use hearth::model::exercise::scenario_building::{Axis, Matrix};
use hearth::model::{Change, Draft, Session};

fn at() -> jiff::Timestamp {
    jiff::Timestamp::now()
}

fn round(id: &str, exercise: &str, slot: Option<&str>, on: VoteOn, kind: RoundKind) -> Change {
    Change::OpenRound {
        round: Round {
            id: id.into(),
            exercise: exercise.into(),
            slot: slot.map(str::to_owned),
            on,
            kind,
            state: RoundState::Open,
            opened: at(),
        },
    }
}

fn cast(round: &str, voter: &str, choice: Choice) -> Change {
    Change::Cast {
        round: round.into(),
        voter: voter.into(),
        ballot: Ballot { at: at(), choice },
    }
}

fn add(s: &mut Session, exercise: &str, slot: &str, text: &str, group: &str) -> String {
    let mut d = Draft::new(exercise, slot, text).group(Some(group.into()));
    if exercise == "scenarios" && slot == "title" {
        d = d.field(
            "x",
            if group == "Table 1" {
                "Alliance"
            } else {
                "Profession"
            },
        );
        d = d.field("y", "Inside");
    }
    let c = d.into_contribution();
    let id = c.id.clone();
    s.apply(&Change::Add { contribution: c }).unwrap();
    id
}

/// The futures-mapping flow, all in one session: six uncertainties in two themes (one answer
/// off the record), a revealed dot vote, a closed but unrevealed one, a revealed rating, two
/// uncertainties chosen as the axes, and two scenarios placed by them.
fn converged() -> Session {
    let mut s = crate::common::all_kinds_session();
    let texts = [
        "Funding for peer roles",
        "Who regulates peer work",
        "Will services stay mainstream",
        "Digital peer support 🚀",
        "Lived experience leadership",
        "OFF THE RECORD remark",
    ];
    let ids: Vec<String> = texts
        .iter()
        .enumerate()
        .map(|(i, t)| {
            add(
                &mut s,
                "triangle",
                "uncertainties",
                t,
                ["Table 1", "Table 2"][i % 2],
            )
        })
        .collect();
    add(
        &mut s,
        "triangle",
        "pull",
        "A thought in no theme",
        "Table 2",
    );
    for (id, name) in [
        ("t-money", "Money and rules"),
        ("t-where", "Where it happens"),
    ] {
        s.apply(&Change::AddTheme {
            theme: Theme {
                id: id.into(),
                exercise: "triangle".into(),
                name: name.into(),
                created: at(),
                named: at(),
                merged_into: None,
            },
        })
        .unwrap();
    }
    for (i, theme) in [
        "t-money", "t-money", "t-where", "t-where", "t-where", "t-money",
    ]
    .iter()
    .enumerate()
    {
        s.apply(&Change::PlaceInTheme {
            contribution: ids[i].clone(),
            theme: Some(theme.to_string()),
            at: at(),
        })
        .unwrap();
    }
    let dots = RoundKind::Dots {
        dots: 3,
        per_item: None,
    };
    s.apply(&round(
        "themes-vote",
        "triangle",
        None,
        VoteOn::Themes,
        dots,
    ))
    .unwrap();
    s.apply(&cast(
        "themes-vote",
        "group:Table 1",
        Choice::Dots(vec!["t-where".into(), "t-where".into(), "t-money".into()]),
    ))
    .unwrap();
    s.apply(&cast(
        "themes-vote",
        "device:phone-1",
        Choice::Dots(vec!["t-where".into()]),
    ))
    .unwrap();
    s.apply(&round(
        "answers-vote",
        "triangle",
        None,
        VoteOn::Answers,
        dots,
    ))
    .unwrap();
    s.apply(&cast(
        "answers-vote",
        "group:Table 2",
        Choice::Dots(vec![ids[0].clone(), ids[5].clone()]),
    ))
    .unwrap();
    s.apply(&round(
        "rating",
        "triangle",
        Some("uncertainties"),
        VoteOn::Answers,
        RoundKind::Rating,
    ))
    .unwrap();
    let rate = |pairs: &[(usize, u8, u8)]| {
        Choice::Ratings(
            pairs
                .iter()
                .map(|(i, impact, uncertainty)| {
                    (
                        ids[*i].clone(),
                        Rating {
                            impact: *impact,
                            uncertainty: *uncertainty,
                        },
                    )
                })
                .collect(),
        )
    };
    s.apply(&cast(
        "rating",
        "group:Table 1",
        rate(&[(1, 5, 5), (2, 4, 5), (3, 2, 1), (5, 5, 5)]),
    ))
    .unwrap();
    s.apply(&cast(
        "rating",
        "group:Table 2",
        rate(&[(1, 5, 4), (2, 5, 4), (3, 1, 2)]),
    ))
    .unwrap();
    // Taken off the record after it was rated, the most critical of all.
    s.apply(&Change::SetHidden {
        id: ids[5].clone(),
        hidden: true,
    })
    .unwrap();
    for (r, state) in [
        ("themes-vote", RoundState::Revealed),
        ("answers-vote", RoundState::Closed),
        ("rating", RoundState::Revealed),
    ] {
        s.apply(&Change::SetRoundState {
            round: r.into(),
            state,
        })
        .unwrap();
    }
    let axis = |name: &str, low: &str, high: &str| Axis {
        name: name.into(),
        low: low.into(),
        high: high.into(),
    };
    s.apply(&Change::ChooseAxes {
        exercise: "scenarios".into(),
        axes: ChosenAxes {
            matrix: Matrix {
                x: axis("Who regulates peer work", "Profession", "Alliance"),
                y: axis("Will services stay mainstream", "Outside", "Inside"),
            },
            from: vec![ids[1].clone(), ids[2].clone()],
            at: at(),
        },
    })
    .unwrap();
    add(&mut s, "scenarios", "title", "Peers Inc.", "Table 1");
    add(&mut s, "scenarios", "title", "The Guild", "Table 2");
    s
}

fn text(s: &Session, format: Format) -> String {
    String::from_utf8(export(s, format, &Options::default()).unwrap()).unwrap()
}

#[test]
fn the_write_up_lists_themes_then_the_rest_and_ranks_revealed_results() {
    let s = converged();
    let md = text(&s, Format::Markdown);
    let at = |needle: &str| {
        md.find(needle)
            .unwrap_or_else(|| panic!("{needle:?} not in:\n{md}"))
    };
    // Themes, each with its answers, then what is in no theme.
    let themes = &md[at("### Themes")..at("Dot vote")];
    let pos = |n: &str| {
        themes
            .find(n)
            .unwrap_or_else(|| panic!("{n:?} not under Themes:\n{themes}"))
    };
    assert!(pos("Money and rules") < pos("Funding for peer roles"));
    assert!(pos("Funding for peer roles") < pos("Where it happens"));
    assert!(pos("Where it happens") < pos("Digital peer support"));
    assert!(pos("Digital peer support") < pos("In no theme"));
    assert!(pos("In no theme") < pos("A thought in no theme"));
    // Dots, most first: "Where it happens" has 3, "Money and rules" 1.
    let vote = at("Dot vote");
    let ranked = &md[vote..];
    assert!(
        ranked.find("3 dots").unwrap() < ranked.find("1 dot").unwrap(),
        "{ranked}"
    );
    assert!(ranked.contains("2 voters, 3 dots each, on the themes"));
    // The rating, most critical first, and as a figure in the HTML.
    let rated = &md[at("Impact and uncertainty, as the room rated them")..];
    assert!(rated.find("Who regulates").unwrap() < rated.find("Digital peer").unwrap());
    assert!(
        rated.contains("impact 5.0, uncertainty 4.5 (2 ratings)"),
        "{rated}"
    );
    // Never: an unrevealed round's results, an off-the-record answer or its dots.
    assert_eq!(md.matches("Dot vote").count(), 1, "only the revealed vote");
    assert!(!md.contains("OFF THE RECORD"));
    let html = text(&s, Format::Html);
    assert!(!html.contains("OFF THE RECORD"));
    assert!(html.contains("<figure class=\"scatter\">"), "no scatter");
    assert!(html.contains("Uncertainty →"));
}

#[test]
fn the_matrix_uses_the_axes_the_room_chose_with_each_scenario_in_its_quadrant() {
    let s = converged();
    let html = text(&s, Format::Html);
    let matrix = &html[html.find("<figure class=\"matrix\">").expect("a matrix")..];
    let matrix = &matrix[..matrix.find("</figure>").unwrap()];
    for pole in [
        "Profession",
        "Alliance",
        "Outside",
        "Inside",
        "Peers Inc.",
        "The Guild",
    ] {
        assert!(matrix.contains(pole), "{pole} not in the matrix:\n{matrix}");
    }
    // The plan's own axes are gone from it.
    let plan = hearth::store::load_scenario(&crate::common::fixture("all-kinds.json")).unwrap();
    if let Some(m) = plan.exercise("scenarios").and_then(|e| match &e.kind {
        hearth::model::ExerciseKind::ScenarioBuilding(k) => k.matrix.clone(),
        _ => None,
    }) {
        assert!(
            !matrix.contains(&m.x.name),
            "the plan's axis is still drawn"
        );
    }
    let md = text(&s, Format::Markdown);
    assert!(md.contains(
        "The room chose the two axes of the matrix from its key uncertainties: Who regulates peer work; Will services stay mainstream."
    ));
}

#[test]
fn the_csv_names_each_answer_s_theme() {
    let s = converged();
    let csv = text(&s, Format::Csv);
    let mut rows = csv::ReaderBuilder::new().from_reader(csv.as_bytes());
    let header = rows.headers().unwrap().clone();
    let (text_col, theme_col) = (
        header.iter().position(|h| h == "text").unwrap(),
        header
            .iter()
            .position(|h| h == "theme")
            .expect("a theme column"),
    );
    let themes: Vec<(String, String)> = rows
        .records()
        .map(|r| {
            let r = r.unwrap();
            (r[text_col].to_owned(), r[theme_col].to_owned())
        })
        .collect();
    assert!(themes.contains(&("Funding for peer roles".into(), "Money and rules".into())));
    assert!(themes.contains(&("A thought in no theme".into(), String::new())));
    assert!(!csv.contains("OFF THE RECORD"));
}
