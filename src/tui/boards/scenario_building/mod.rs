//! Scenario building: the 2×2 matrix of two uncertainties with their poles on the axes, each
//! group's scenario as a card in its quadrant (title and group, narrative, timeline by year,
//! characteristics), then the questions the scenarios raise and what they share.
//!
//! A group's scenario is its contributions to the title, narrative, timeline and
//! characteristics slots; its quadrant is the poles (fields `x`, `y`) of its newest title.
//! Across the top, a strip names every slot with its count so the selected one always shows.

use crate::model::Contribution;
use crate::model::exercise::ScenarioBuilding;
use crate::model::exercise::scenario_building::Matrix;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::{StatefulWidget, Widget};

use super::common::{
    FastMap, Gathered, GridRules, ItemList, Lines, Panel, SlotPanels, UnplacedBand,
    contribution_style, draw_lines, gather, grid, is_selected, items_demand, layout, lead_marks,
    per_item, plain_item, plural, put_line, rule, share_rows, split_unplaced, tail_marks, vrule,
};
use super::{BoardView, Hit, KindBoard, prepare};
use scenarios::{Scenario, Scenarios, scenarios};

mod scenarios;
use crate::tui::text::{truncate, width};

/// Short names for the strip.
fn short(id: &str, label: &str) -> String {
    match id {
        "title" => "Title".into(),
        "raised" => "Raised".into(),
        "shared" => "Shared".into(),
        _ => label.to_owned(),
    }
}

/// The scenario building board: the drivers, the matrix of scenarios and their cards.
///
/// Render it with `ScenarioBoard { view, kind }.render(area, buf, &mut hits)`: `hits` collects
/// what a click can select.
#[derive(Debug, Clone, Copy)]
pub struct ScenarioBoard<'a> {
    pub view: BoardView<'a>,
    pub kind: &'a ScenarioBuilding,
}

impl KindBoard for ScenarioBuilding {
    fn render_board(
        &self,
        view: BoardView,
        area: Rect,
        buf: &mut Buffer,
        hits: &mut Vec<(Rect, Hit)>,
    ) {
        ScenarioBoard { view, kind: self }.render(area, buf, hits);
    }

    fn lists_answers(&self) -> bool {
        false
    }
}

impl StatefulWidget for ScenarioBoard<'_> {
    type State = Vec<(Rect, Hit)>;

    fn render(self, area: Rect, buf: &mut Buffer, hits: &mut Self::State) {
        let Some((view, area)) = prepare(self.view, area, buf) else {
            return;
        };
        let (view, kind) = (&view, self.kind);
        let g = gather(view);
        let (main, band) = split_unplaced(view, &g, area);
        if main.height == 0 {
            if let Some((rect, slot)) = band {
                UnplacedBand { view, g: &g, slot }.render(rect, buf, hits);
            }
            return;
        }
        SlotStrip { view, g: &g }.render(Rect::new(main.x, main.y, main.width, 1), buf, hits);
        let mut y = main.y + 1;
        let roomy = main.height >= 30;
        if main.height >= 8 {
            let mut focal = format!("Focal question: {}", kind.focal_question);
            if !kind.horizon.is_empty() {
                focal.push_str(&format!(" (horizon: {})", kind.horizon));
            }
            let lines = layout(
                &[(&focal, view.theme.dim())],
                main.width as usize,
                2,
                if roomy { 2 } else { 1 },
            );
            y = draw_lines(buf, main, 0, y, &lines);
        }
        let rest = Rect::new(main.x, y, main.width, main.bottom().saturating_sub(y));
        let all = scenarios(view, &g);
        let room_panels: Vec<Panel> = ["raised", "shared"]
            .iter()
            .filter_map(|id| g.slot_index(id))
            .map(|slot| Panel {
                slot,
                title: &view.slots[slot].label,
                prompt: "",
            })
            .collect();
        let plain = |c: &Contribution, w: usize, max: usize| plain_item(view, c, w, max);
        let on_room = room_panels.iter().any(|p| p.slot == view.slot);
        // The exercise as the session runs it: the axes the room chose, else the plan's, with
        // this workshop's wording of their names.
        let matrix = kind
            .matrix
            .as_ref()
            .or(view.session.matrix_of(&view.exercise.id));
        let (placed, loose): (Vec<&Scenario>, Vec<&Scenario>) = match matrix {
            Some(m) => all.iter().partition(|s| s.quadrant(m).is_some()),
            None => (Vec::new(), all.iter().collect()),
        };
        if rest.width >= 120 {
            let w = (rest.width * 3 / 10).clamp(36, 56);
            let left = Rect::new(rest.x, rest.y, rest.width - w - 1, rest.height);
            let side = Rect::new(rest.right() - w, rest.y, w, rest.height);
            vrule(buf, rest, left.right(), "│", view.theme.border());
            Scenarios {
                view,
                kind,
                g: &g,
                placed: &placed,
                loose: &loose,
            }
            .render(left, buf, hits);
            // The questions raised and what the scenarios share, stacked.
            SlotPanels {
                view,
                g: &g,
                panels: &room_panels,
                render: &plain,
            }
            .render(side, buf, hits);
        } else if on_room || rest.height < 6 {
            // The questions raised and what the scenarios share, stacked.
            SlotPanels {
                view,
                g: &g,
                panels: &room_panels,
                render: &plain,
            }
            .render(rest, buf, hits);
        } else {
            Scenarios {
                view,
                kind,
                g: &g,
                placed: &placed,
                loose: &loose,
            }
            .render(rest, buf, hits);
        }
        if let Some((rect, slot)) = band {
            UnplacedBand { view, g: &g, slot }.render(rect, buf, hits);
        }
    }
}

/// The slots with their counts on one row; the selected one always shows.
#[derive(Clone, Copy)]
pub(super) struct SlotStrip<'p, 'a> {
    pub view: &'p BoardView<'a>,
    pub g: &'p Gathered<'a>,
}

impl StatefulWidget for SlotStrip<'_, '_> {
    type State = Vec<(Rect, Hit)>;

    fn render(self, area: Rect, buf: &mut Buffer, hits: &mut Self::State) {
        let SlotStrip { view, g } = self;
        let parts: Vec<(usize, String)> = view
            .slots
            .iter()
            .enumerate()
            .filter(|(i, s)| {
                s.id != crate::model::exercise::UNPLACED_SLOT || g.count(*i) > 0 || *i == view.slot
            })
            .map(|(i, s)| {
                let marker = if i == view.slot { "▶ " } else { "" };
                (
                    i,
                    format!("{marker}{} {}", short(&s.id, &s.label), g.count(i)),
                )
            })
            .collect();
        let sep = " · ";
        let total = |from: usize| -> usize {
            let shown = &parts[from..];
            let dots = if from > 0 { 2 } else { 0 };
            dots + shown.iter().map(|p| width(&p.1)).sum::<usize>()
                + 3 * shown.len().saturating_sub(1)
        };
        let sel = parts.iter().position(|p| p.0 == view.slot).unwrap_or(0);
        let mut from = 0;
        while from < sel && total(from) > area.width as usize {
            from += 1;
        }
        let mut x = 0u16;
        if from > 0 {
            put_line(buf, area, area.y, 0, "… ", view.theme.dim());
            x = 2;
        }
        for (k, (i, text)) in parts[from..].iter().enumerate() {
            if k > 0 {
                put_line(buf, area, area.y, x, sep, view.theme.dim());
                x += 3;
            }
            if x >= area.width {
                break;
            }
            let style = if *i == view.slot {
                view.theme.heading().patch(view.theme.selected())
            } else {
                view.theme.heading()
            };
            let w = (width(text) as u16).min(area.width - x);
            put_line(buf, area, area.y, x, text, style);
            hits.push((Rect::new(area.x + x, area.y, w, 1), Hit::Slot(*i)));
            x += w;
        }
    }
}
