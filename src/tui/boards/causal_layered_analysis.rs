//! Causal Layered Analysis as stacked layers: the four layers as horizontal bands, from the
//! litany at the top down to the myth, each band's answers in a column per group (or, when the
//! plan asks for the reconstruction, today's column and the reconstructed one).

use crate::model::Contribution;
use crate::model::exercise::CausalLayeredAnalysis;
use crate::model::exercise::causal_layered_analysis::LAYERS;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::widgets::StatefulWidget;

use super::common::{
    Gathered, ItemList, UnplacedBand, gather, per_item, plain_item, plural, put_line, rule,
    split_unplaced,
};
use super::{BoardView, Hit, KindBoard, prepare};

/// Narrowest column worth drawing; with less, the groups share one column.
const MIN_COLUMN: u16 = 16;

/// A Causal Layered Analysis board: four stacked layers, a column each.
///
/// Render it with `LayersBoard { view, kind }.render(area, buf, &mut hits)`: `hits` collects
/// what a click can select.
#[derive(Debug, Clone, Copy)]
pub struct LayersBoard<'a> {
    pub view: BoardView<'a>,
    pub kind: &'a CausalLayeredAnalysis,
}

impl KindBoard for CausalLayeredAnalysis {
    fn render_board(
        &self,
        view: BoardView,
        area: Rect,
        buf: &mut Buffer,
        hits: &mut Vec<(Rect, Hit)>,
    ) {
        LayersBoard { view, kind: self }.render(area, buf, hits);
    }

    fn lists_answers(&self) -> bool {
        false
    }
}

/// A column of the board: its name, the slot prefix it reads ("" or "new_") and the group it
/// keeps (`None`: every group).
struct Column<'a> {
    name: String,
    prefix: &'static str,
    group: Option<Option<&'a str>>,
}

fn columns<'a>(
    view: &BoardView<'a>,
    g: &Gathered<'a>,
    kind: &CausalLayeredAnalysis,
    width: u16,
) -> Vec<Column<'a>> {
    if kind.reconstruct {
        return kind
            .columns()
            .into_iter()
            .map(|(prefix, name)| Column {
                name: name.to_owned(),
                prefix,
                group: None,
            })
            .collect();
    }
    let answered = |group: Option<&str>| {
        LAYERS.iter().any(|(id, _, _)| {
            g.slot_index(id)
                .is_some_and(|s| g.items(s).iter().any(|c| c.group.as_deref() == group))
        })
    };
    let mut groups: Vec<Option<&'a str>> = view
        .session
        .groups
        .iter()
        .map(|s| Some(s.as_str()))
        .filter(|g| answered(*g))
        .collect();
    if g.ungrouped && answered(None) {
        groups.push(None);
    }
    let fits = !groups.is_empty() && width / groups.len() as u16 >= MIN_COLUMN;
    if !fits {
        return vec![Column {
            name: "All groups".into(),
            prefix: "",
            group: None,
        }];
    }
    groups
        .into_iter()
        .map(|group| Column {
            name: group.unwrap_or("No group").to_owned(),
            prefix: "",
            group: Some(group),
        })
        .collect()
}

impl StatefulWidget for LayersBoard<'_> {
    type State = Vec<(Rect, Hit)>;

    fn render(self, area: Rect, buf: &mut Buffer, hits: &mut Self::State) {
        let Some((view, area)) = prepare(self.view, area, buf) else {
            return;
        };
        let (view, kind) = (&view, self.kind);
        let g = gather(view);
        let (main, unplaced) = split_unplaced(view, &g, area);
        if let Some((band, u)) = unplaced {
            UnplacedBand {
                view,
                g: &g,
                slot: u,
            }
            .render(band, buf, hits);
        }
        if main.height == 0 {
            return;
        }
        let cols = columns(view, &g, kind, main.width);
        let col_w = main.width / cols.len().max(1) as u16;
        let mut y = main.y;
        put_line(
            buf,
            main,
            y,
            0,
            &format!("Issue: {}", kind.issue),
            view.theme.dim(),
        );
        y += 1;
        if y < main.bottom() {
            for (i, col) in cols.iter().enumerate() {
                let x = main.x + col_w * i as u16;
                let cell = Rect::new(x, y, col_w.saturating_sub(1), 1);
                put_line(
                    buf,
                    cell,
                    y,
                    0,
                    &col.name.to_uppercase(),
                    view.theme.group(),
                );
            }
            y += 1;
        }
        let rows = main.bottom().saturating_sub(y);
        let selected = view.slots.get(view.slot).map(|s| s.id.as_str());
        for (band, (id, label, _)) in LAYERS.iter().enumerate() {
            // Bands share the rows; the first ones take what does not divide.
            let h = rows / 4 + u16::from((band as u16) < rows % 4);
            if h == 0 {
                continue;
            }
            let band_area = Rect::new(main.x, y, main.width, h);
            let mine = cols
                .iter()
                .any(|c| selected == Some(format!("{}{id}", c.prefix).as_str()));
            let count: usize = kind
                .columns()
                .iter()
                .filter_map(|(p, _)| g.slot_index(&format!("{p}{id}")))
                .map(|s| g.count(s))
                .sum();
            rule(buf, band_area, y, "─", view.theme.border());
            let style = if mine {
                view.theme.heading().patch(view.theme.selected())
            } else {
                view.theme.heading()
            };
            let head = format!(" {}{label} ({count}) ", if mine { "▶ " } else { "" });
            put_line(buf, band_area, y, 1, &head, style);
            let body_y = y + 1;
            let body_h = h - 1;
            for (i, col) in cols.iter().enumerate() {
                let Some(slot) = g.slot_index(&format!("{}{id}", col.prefix)) else {
                    continue;
                };
                let x = main.x + col_w * i as u16;
                let cell = Rect::new(x, body_y, col_w.saturating_sub(1), body_h);
                hits.push((Rect::new(x, y, col_w, h), Hit::Slot(slot)));
                if body_h == 0 {
                    continue;
                }
                let items: Vec<&Contribution> = g
                    .items(slot)
                    .iter()
                    .copied()
                    .filter(|c| col.group.is_none_or(|gr| c.group.as_deref() == gr))
                    .collect();
                if items.is_empty() {
                    let n = g.count(slot);
                    let text = if view.concealed && n > 0 {
                        format!("{} — hidden until revealed", plural(n, "answer", "answers"))
                    } else {
                        "·".to_owned()
                    };
                    put_line(buf, cell, body_y, 0, &text, view.theme.dim());
                    continue;
                }
                let render = |c: &Contribution, w: usize, max: usize| plain_item(view, c, w, max);
                ItemList {
                    view,
                    items: &items,
                    per_item: per_item(body_h as usize),
                    render: &render,
                }
                .render(cell, buf, hits);
            }
            y += h;
        }
    }
}
