//! Prompt rounds: each question with its answers.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;

use super::common::draw_slot_list;
use super::{BoardView, Hit};

pub fn draw(view: &BoardView, area: Rect, buf: &mut Buffer, hits: &mut Vec<(Rect, Hit)>) {
    draw_slot_list(view, area, buf, hits);
}
