//! The futures toolkit written up: Causal Layered Analysis as stacked layers, a backcast as a
//! timeline from today to the horizon, and the link from the scenario that seeded the backcast,
//! named in the write-up; a seed withdrawn or taken off the record leaves its words nowhere.

use hearth::export::{Format, Options, figure_files, png, write_up};
use hearth::model::convergence::Seed;
use hearth::model::{Change, Draft, Session};
use jiff::Timestamp;

use crate::common::fixture;
use crate::read::exported;

const CHOSEN: &str = "Peer-capable and liberating environments";

/// The test plan's session: two tables' scenarios, the second seeding the backcast (whose
/// id is returned), both tables' layers, and the backcast's steps, obstacles and actions.
fn toolkit() -> (Session, String) {
    let scenario = hearth::store::load_scenario(&fixture("futures-toolkit.json")).unwrap();
    let mut s = Session::new(
        scenario,
        "Futures toolkit".into(),
        "2026-05-14".parse().ok(),
        vec!["Table 1".into(), "Table 2".into()],
    );
    let mut n = 0;
    let mut add = |s: &mut Session, d: Draft| {
        n += 1;
        let c = d.into_contribution_with(
            format!("c{n:03}"),
            Timestamp::from_second(1_780_000_000 + n).unwrap(),
        );
        let id = c.id.clone();
        s.apply(&Change::Add { contribution: c }).unwrap();
        id
    };
    let t1 = || Some("Table 1".to_owned());
    let t2 = || Some("Table 2".to_owned());
    add(
        &mut s,
        Draft::new("scenarios", "title", "Solidarity")
            .field("x", "Alliance")
            .field("y", "Outside the mainstream")
            .group(t1()),
    );
    let chosen = add(
        &mut s,
        Draft::new("scenarios", "title", CHOSEN)
            .field("x", "Alliance")
            .field("y", "Inside the mainstream")
            .group(t2()),
    );
    add(
        &mut s,
        Draft::new(
            "scenarios",
            "narrative",
            "Shared decision-making everywhere.",
        )
        .group(t2()),
    );
    for (slot, group, text) in [
        (
            "litany",
            t1(),
            "Peer workers burn out and leave within two years",
        ),
        (
            "litany",
            t2(),
            "Job postings ask for lived experience and a degree",
        ),
        ("causes", t1(), "Roles are funded as short pilots"),
        (
            "worldview",
            t2(),
            "Expertise comes from training, not from living it",
        ),
        ("myth", t1(), "The wounded healer who must sacrifice"),
        ("new_litany", t1(), "Peer roles last a career"),
        ("new_myth", t2(), "A circle, not a ladder"),
    ] {
        add(&mut s, Draft::new("layers", slot, text).group(group));
    }
    s.apply(&Change::SeedFrom {
        exercise: "backcast".into(),
        seed: Seed {
            from: chosen.clone(),
            at: Timestamp::from_second(1_780_000_500).unwrap(),
        },
    })
    .unwrap();
    for (year, step) in [
        ("2038", "Peer roles are written into every service's budget"),
        ("2030", "A national peer-led supervision network"),
        ("2027", "Asset mapping of peer support across the country"),
    ] {
        add(
            &mut s,
            Draft::new("backcast", "steps", step)
                .field("year", year)
                .group(t1()),
        );
    }
    add(
        &mut s,
        Draft::new("backcast", "obstacles", "Funding tied to short pilots").group(t2()),
    );
    add(
        &mut s,
        Draft::new("backcast", "actions", "Start the asset map this spring").group(t1()),
    );
    (s, chosen)
}

#[test]
fn golden_write_ups_of_the_layers_and_the_backcast() {
    let (s, _) = toolkit();
    let by_group = Options {
        by_group: true,
        ..Options::default()
    };
    insta::assert_snapshot!("futures_md", exported(&s, Format::Markdown, &by_group));
    insta::assert_snapshot!("futures_txt", exported(&s, Format::Text, &by_group));
    let fragment = exported(
        &s,
        Format::Html,
        &Options {
            fragment: true,
            ..by_group
        },
    );
    insta::assert_snapshot!("futures_plain", fragment);
}

#[test]
fn the_write_up_names_the_scenario_that_seeded_the_backcast() {
    let (s, _) = toolkit();
    let md = exported(&s, Format::Markdown, &Options::default());
    let backcast = md
        .split("## Backcasting")
        .nth(1)
        .expect("the backcast's section");
    assert!(
        backcast.contains(&format!(
            "From the scenario “{CHOSEN}”, in “Scenario building”."
        )),
        "{backcast}"
    );
    // Steps from the horizon back to today.
    let at = |s: &str| backcast.find(s).unwrap_or_else(|| panic!("no {s}"));
    assert!(
        at("2038") < at("2030") && at("2030") < at("2027"),
        "{backcast}"
    );
    for format in [Format::Html, Format::Text] {
        let out = exported(&s, format, &Options::default());
        assert!(
            out.contains(CHOSEN) && out.contains("From the scenario"),
            "{format:?}"
        );
    }
}

#[test]
fn an_untitled_scenario_is_named_by_its_number_and_group() {
    let (mut s, chosen) = toolkit();
    s.apply(&Change::Edit {
        id: chosen,
        text: String::new(),
        fields: [("x", "Alliance"), ("y", "Inside the mainstream")]
            .into_iter()
            .map(|(k, v)| (k.to_owned(), v.to_owned()))
            .collect(),
        at: Timestamp::from_second(1_780_001_000).unwrap(),
    })
    .unwrap();
    let md = exported(&s, Format::Markdown, &Options::default());
    assert!(
        md.contains("From scenario 2, of Table 2 (untitled), in “Scenario building”."),
        "{md}"
    );
}

#[test]
fn a_withdrawn_seed_leaves_its_words_nowhere_and_the_link_says_so() {
    for withdraw in [true, false] {
        let (mut s, chosen) = toolkit();
        let change = if withdraw {
            Change::Withdraw {
                id: chosen,
                at: Timestamp::from_second(1_780_002_000).unwrap(),
            }
        } else {
            Change::SetHidden {
                id: chosen,
                hidden: true,
            }
        };
        s.apply(&change).unwrap();
        for format in [
            Format::Markdown,
            Format::Html,
            Format::Text,
            Format::Csv,
            Format::Json,
        ] {
            let out = exported(&s, format, &Options::default());
            assert!(!out.contains(CHOSEN), "{format:?} shows the seed's words");
        }
        let md = exported(&s, Format::Markdown, &Options::default());
        let said = if withdraw {
            "It was picked from a scenario since withdrawn, in “Scenario building”; its words are not written up."
        } else {
            "It was picked from a scenario since taken off the record, in “Scenario building”; its words are not written up."
        };
        assert!(md.contains(said), "{md}");
        let doc = write_up(&s, &Options::default());
        for f in figure_files(&doc) {
            assert!(!f.svg.contains("Peer-capable"), "{}", f.name);
        }
    }
}

/// The opening tags of `svg` with `class="{class}"`, in order.
fn tags<'a>(svg: &'a str, class: &str) -> Vec<&'a str> {
    svg.match_indices(&format!("class=\"{class}\""))
        .map(|(i, _)| {
            let start = svg[..i].rfind('<').unwrap();
            let end = i + svg[i..].find('>').unwrap();
            &svg[start..=end]
        })
        .collect()
}

#[test]
fn the_layers_figure_stacks_the_four_layers_with_their_texts() {
    let (s, _) = toolkit();
    let doc = write_up(&s, &Options::default());
    let files = figure_files(&doc);
    let f = files
        .iter()
        .find(|f| f.name == "2-causal-layers")
        .unwrap_or_else(|| panic!("{:?}", files.iter().map(|f| &f.name).collect::<Vec<_>>()));
    let layers = tags(&f.svg, "layer");
    let names: Vec<&str> = layers
        .iter()
        .map(|t| {
            t.split("data-layer=\"")
                .nth(1)
                .unwrap()
                .split('"')
                .next()
                .unwrap()
        })
        .collect();
    assert_eq!(
        names,
        ["Litany", "Systemic causes", "Worldview", "Myth / metaphor"]
    );
    // Each band's top edge lower than the one above it: stacked.
    let ys: Vec<f32> = f
        .svg
        .split("class=\"layer\"")
        .skip(1)
        .map(|rest| {
            let y = rest
                .split(" y=\"")
                .nth(1)
                .unwrap()
                .split('"')
                .next()
                .unwrap();
            y.parse().unwrap()
        })
        .collect();
    assert!(ys.windows(2).all(|p| p[0] < p[1]), "{ys:?}");
    // Both columns, and each text in its layer.
    assert_eq!(tags(&f.svg, "column").len(), 2);
    assert!(f.svg.contains(">Today<") && f.svg.contains(">Reconstructed<"));
    let band = |name: &str| {
        let from = f.svg.find(&format!("data-layer=\"{name}\"")).unwrap();
        let rest = &f.svg[from..];
        &rest[..rest[1..]
            .find("class=\"layer\"")
            .map_or(rest.len(), |i| i + 1)]
    };
    assert!(band("Litany").contains("Peer roles last a career"));
    assert!(band("Myth / metaphor").contains("A circle, not a ladder"));
    assert!(band("Worldview").contains("Expertise comes from training"));
    let (w, h, drawn) = decode(&png(&f.svg).unwrap());
    assert!(w > 0 && h > 0 && drawn);
}

#[test]
fn the_timeline_figure_puts_each_step_at_its_year_from_today_to_the_horizon() {
    let (s, _) = toolkit();
    let doc = write_up(&s, &Options::default());
    let files = figure_files(&doc);
    let f = files
        .iter()
        .find(|f| f.name == "3-backcast-timeline")
        .expect("the timeline figure");
    let steps = tags(&f.svg, "step");
    let years: Vec<&str> = steps
        .iter()
        .map(|t| {
            t.split("data-year=\"")
                .nth(1)
                .unwrap()
                .split('"')
                .next()
                .unwrap()
        })
        .collect();
    assert_eq!(years, ["2027", "2030", "2038"]);
    // Left to right in that order, each with its words.
    let xs: Vec<f32> = f
        .svg
        .split("class=\"step\"")
        .skip(1)
        .map(|rest| {
            rest.split(" cx=\"")
                .nth(1)
                .unwrap()
                .split('"')
                .next()
                .unwrap()
                .parse()
                .unwrap()
        })
        .collect();
    assert!(xs.windows(2).all(|p| p[0] < p[1]), "{xs:?}");
    for text in ["Asset mapping", "supervision", "budget"] {
        assert!(f.svg.contains(text), "{text}");
    }
    // Today and the horizon at the ends, the preferred future at the horizon.
    let ends = tags(&f.svg, "end");
    assert_eq!(ends.len(), 2);
    assert!(f.svg.contains(">2026</text>") && f.svg.contains(">2040</text>"));
    assert!(f.svg.contains("class=\"vision\"") && f.svg.contains("Peer-capable and"));
    let (w, h, drawn) = decode(&png(&f.svg).unwrap());
    assert!(w > 0 && h > 0 && drawn);
}

/// Decodes a PNG: its size and whether anything was drawn. With `HEARTH_FIGURES_OUT` set, the
/// figures are also written there to be looked at.
fn decode(bytes: &[u8]) -> (u32, u32, bool) {
    if let Some(dir) = std::env::var_os("HEARTH_FIGURES_OUT") {
        let n = std::fs::read_dir(&dir).map_or(0, |d| d.count());
        std::fs::write(
            std::path::Path::new(&dir).join(format!("figure-{n}.png")),
            bytes,
        )
        .unwrap();
    }
    let decoder = png::Decoder::new(std::io::Cursor::new(bytes));
    let mut reader = decoder.read_info().expect("a PNG header");
    let mut buf = vec![0; reader.output_buffer_size().unwrap()];
    let info = reader.next_frame(&mut buf).expect("a PNG frame");
    let data = &buf[..info.buffer_size()];
    let px = info.color_type.samples();
    let first = &data[..px];
    (info.width, info.height, data.chunks(px).any(|p| p != first))
}

#[test]
fn without_a_seed_the_typed_preferred_future_leads_and_layers_are_per_group() {
    let (mut s, _) = toolkit();
    s.convergence.seeds.clear();
    for e in &mut s.scenario.agenda {
        if let hearth::model::ExerciseKind::CausalLayeredAnalysis(k) = &mut e.kind {
            k.reconstruct = false;
        }
    }
    let typed = Draft::new(
        "backcast",
        "vision",
        "Peer support everywhere, on its own terms",
    )
    .group(Some("Table 1".into()))
    .into_contribution();
    s.apply(&Change::Add {
        contribution: typed,
    })
    .unwrap();
    let md = exported(&s, Format::Markdown, &Options::default());
    assert!(!md.contains("From the scenario"), "{md}");
    assert!(
        md.contains("- Peer support everywhere, on its own terms"),
        "{md}"
    );
    let doc = write_up(&s, &Options::default());
    let files = figure_files(&doc);
    let timeline = files
        .iter()
        .find(|f| f.name == "3-backcast-timeline")
        .unwrap();
    assert!(
        timeline.svg.contains("Peer support everywhere"),
        "{}",
        timeline.svg
    );
    let layers = files.iter().find(|f| f.name == "2-causal-layers").unwrap();
    let columns = tags(&layers.svg, "column");
    assert_eq!(columns.len(), 2);
    assert!(layers.svg.contains(">Table 1<") && layers.svg.contains(">Table 2<"));
    // The reconstructed layers' answers are not in a per-group figure of today's.
    assert!(!layers.svg.contains("A circle, not a ladder"));
}
