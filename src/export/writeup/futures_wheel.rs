//! The Futures Wheel: the central change, the wheel as a figure (rings and the lines from each
//! consequence to the one it follows from), then every consequence as nested lists, each under
//! the one it follows from.

use super::{
    Block, Branch, Drawing, Figure, KindWriteUp, Spoke, Text, heading, plan_paragraph, tree,
};
use crate::export::View;
use crate::model::Exercise;
use crate::model::exercise::FuturesWheel;
use crate::model::exercise::futures_wheel::ORDERS;
use crate::model::seed::{SeedState, seed_of};

impl KindWriteUp for FuturesWheel {
    fn section(&self, view: &View, exercise: &Exercise, n: usize) -> Vec<Block> {
        let mut blocks = vec![Block::Paragraph {
            lead: Some("Central change".into()),
            text: Text::Plan(self.centre().to_owned()),
            quiet: false,
        }];
        // Where a centre picked live came from (its words are the centre, or, once taken out,
        // not written up).
        if let Some(link) = seed_of(view.session, &exercise.id) {
            let source = view
                .session
                .exercise(link.exercise)
                .map(|e| e.title.clone())
                .unwrap_or_default();
            blocks.push(Block::Note(match link.state {
                SeedState::Live(_) => format!("From {}, in “{source}”.", link.describe(None)),
                SeedState::OffRecord | SeedState::Withdrawn => format!(
                    "It was picked from {}, in “{source}”; its words are not written up.",
                    link.describe(None)
                ),
            }));
        }
        let slots: Vec<&str> = ORDERS.iter().map(|o| o.0).collect();
        let branches = tree(view, exercise, &slots);
        if branches.is_empty() && !view.options.include_empty {
            return blocks;
        }
        let mut spokes = Vec::new();
        for b in &branches {
            spokes_of(b, None, &mut spokes);
        }
        blocks.push(Block::Figure(Box::new(Figure {
            name: format!("{}-futures-wheel", n + 1),
            title: None,
            alt: wheel_alt(self.centre(), &spokes),
            caption: "The Futures Wheel: the change at the centre; each ring out, what follows from the ring before, linked to the consequence it follows from (dashed where that one was withdrawn or is not shown).".into(),
            drawing: Drawing::Wheel {
                centre: self.centre().to_owned(),
                spokes,
            },
        })));
        blocks.push(heading(3, Text::Plan("Consequences".into())));
        blocks.push(Block::Note(
            "1st-order consequences, each with what follows from it (2nd order) and from those (3rd order).".into(),
        ));
        blocks.push(Block::Tree(branches));
        blocks
    }

    fn plan(&self) -> Vec<Block> {
        vec![plan_paragraph(Some("Central change"), self.centre())]
    }
}

/// The figure's text for those who cannot see it: how many consequences, on the rings drawn.
fn wheel_alt(centre: &str, spokes: &[Spoke]) -> String {
    let rings = spokes.iter().map(|s| s.ring.clamp(1, 3)).max().unwrap_or(1);
    let count = match spokes.len() {
        1 => "1 consequence".to_owned(),
        n => format!("{n} consequences"),
    };
    let on = match rings {
        1 => "on one ring (1st order)",
        2 => "on rings of 1st and 2nd order, each of the 2nd linked to the one it follows from",
        _ => "on rings of 1st, 2nd and 3rd order, each linked to the one it follows from",
    };
    format!("Futures Wheel: {count} of \"{centre}\" {on}")
}

/// The consequences of `b` and under it, in order, each drawn from the one it is shown under.
fn spokes_of(b: &Branch, from: Option<usize>, out: &mut Vec<Spoke>) {
    let ring = FuturesWheel::order(&b.slot).map_or(1, |o| o + 1);
    let at = out.len();
    out.push(Spoke {
        text: b.item.text.clone(),
        ring,
        from,
        gap: b.note.is_some(),
    });
    for child in &b.children {
        spokes_of(child, Some(at), out);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spoke(ring: usize) -> Spoke {
        Spoke {
            text: "x".into(),
            ring,
            from: None,
            gap: false,
        }
    }

    #[test]
    fn the_figures_text_names_the_rings_drawn_and_no_more() {
        let one = wheel_alt("Change", &[spoke(1)]);
        assert!(
            one.contains("1 consequence of") && one.contains("one ring"),
            "{one}"
        );
        let two = wheel_alt("Change", &[spoke(1), spoke(2), spoke(1)]);
        assert!(two.contains("3 consequences") && two.contains("1st and 2nd order"));
        assert!(!two.contains("3rd"), "{two}");
        let three = wheel_alt("Change", &[spoke(1), spoke(2), spoke(3)]);
        assert!(three.contains("1st, 2nd and 3rd order"), "{three}");
        // The figure draws as many rings as the deepest consequence needs.
        for (spokes, rings) in [(vec![spoke(1)], 1), (vec![spoke(1), spoke(2)], 2)] {
            let drawing = Drawing::Wheel {
                centre: "Change".into(),
                spokes,
            };
            let svg = crate::export::svg::draw(&drawing, "alt", 1).unwrap();
            assert_eq!(svg.matches(r#"class="ring""#).count(), rings);
        }
    }
}
