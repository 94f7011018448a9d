//! Pathway brainstorms ("dreaming together"): the numbered questions with their answers by
//! group; an answer written with arrows is drawn as a chain of steps (`A → B → C`), and one
//! starting "Entry:" or "Exit:" carries that direction as a label.

use crate::model::Contribution;
use crate::model::exercise::PathwayBrainstorm;
use crate::model::exercise::pathway_brainstorm::{Direction, read_pathway};
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::widgets::StatefulWidget;

use super::common::{Lines, SlotPanels, gather, item_lines};
use super::prompt_round::question_panels;
use super::{BoardView, Hit, KindBoard, prepare};

/// A pathway brainstorm's board: the questions with their answers, pathways drawn as chains of steps.
///
/// Render it with `PathwayBoard { view, kind }.render(area, buf, &mut hits)`: `hits` collects
/// what a click can select.
#[derive(Debug, Clone, Copy)]
pub struct PathwayBoard<'a> {
    pub view: BoardView<'a>,
    pub kind: &'a PathwayBrainstorm,
}

impl KindBoard for PathwayBrainstorm {
    fn render_board(
        &self,
        view: BoardView,
        area: Rect,
        buf: &mut Buffer,
        hits: &mut Vec<(Rect, Hit)>,
    ) {
        PathwayBoard { view, kind: self }.render(area, buf, hits);
    }

    fn lists_answers(&self) -> bool {
        true
    }
}

impl StatefulWidget for PathwayBoard<'_> {
    type State = Vec<(Rect, Hit)>;

    fn render(self, area: Rect, buf: &mut Buffer, hits: &mut Self::State) {
        let Some((view, area)) = prepare(self.view, area, buf) else {
            return;
        };
        let (view, kind) = (&view, self.kind);
        let g = gather(view);
        let panels = question_panels(view, &g, &kind.questions);
        let body = |l: &mut Lines, c: &Contribution, style: Style| pathway_body(view, l, c, style);
        let render = |c: &Contribution, w: usize, max: usize| item_lines(view, c, w, max, &body);
        SlotPanels {
            view,
            g: &g,
            panels: &panels,
            render: &render,
        }
        .render(area, buf, hits);
    }
}

fn direction_label(d: Direction) -> &'static str {
    match d {
        Direction::Entry => "⇢ Entry: ",
        Direction::Exit => "⇠ Exit: ",
        Direction::EntryExit => "⇄ Entry / exit: ",
    }
}

/// The answer as a direction label and a chain of steps when it reads as a pathway; the
/// verbatim text otherwise.
fn pathway_body(view: &BoardView, l: &mut Lines, c: &Contribution, style: Style) {
    let p = read_pathway(&c.text);
    let selected = view.selected == Some(c.id.as_str());
    let aside = |s: Style| if selected { style } else { s };
    if let Some(d) = p.direction {
        l.text(direction_label(d), aside(view.theme.accent()));
    }
    if p.steps.is_empty() {
        l.text(
            if p.direction.is_some() {
                p.body
            } else {
                &c.text
            },
            style,
        );
        return;
    }
    for (i, step) in p.steps.iter().enumerate() {
        if i == 0 {
            l.atom(step, style);
        } else {
            l.text(" ", style);
            l.atom(&format!("→ {step}"), style);
        }
    }
    l.text(
        &format!(" ({} steps)", p.steps.len()),
        aside(view.theme.dim()),
    );
}
