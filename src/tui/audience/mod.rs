//! The audience's screen, legible at a distance: one component drawn by the projection (F5),
//! the spotlight and the audience window (`hearth screen`). It draws an [`AudienceView`] and
//! nothing else, so it can only show what the room may see.
//!
//! The question, a spotlighted answer and (when they fit) the answers are drawn in large type
//! (tui-big-text's 8×8 font in quadrant or half-height blocks); everything else wraps, never
//! cut, and answers fill the width in columns.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::Line;
use ratatui::widgets::{Paragraph, Widget, Wrap};
use tui_big_text::{BigText, PixelSize};

use super::text::{display, width, wrap};
use super::theme::Theme;
use crate::net::audience::{AudienceAnswer, AudienceView, TextSize, TimerView, timer_label};
use parts::{Answers, JoinPanel, Spotlight, VoteResults, draw_question};

mod parts;

/// Below this the audience view asks for a larger window.
pub const MIN_WIDTH: u16 = 40;
pub const MIN_HEIGHT: u16 = 12;

/// Beyond this many columns or rows one cell is too small for a room or a shared screen: a
/// 200-column window shared at 1280×720 is about 6 pixels a column.
pub const LEGIBLE_WIDTH: u16 = 120;
pub const LEGIBLE_HEIGHT: u16 = 40;

/// How an answer in large type is drawn: one 8×8 glyph in 4 columns × 4 rows.
const BIG_COLS: usize = 4;
const BIG_ROWS: u16 = 4;

/// Options of one drawing.
#[derive(Debug, Clone, Copy)]
pub struct Look {
    pub theme: Theme,
    /// Say how to make the text larger when the window has too many cells (the first frames).
    pub size_hint: bool,
}

/// What to tell the person when the window does not suit the audience, if anything.
pub fn size_advice(area: Rect) -> Option<String> {
    if area.width < MIN_WIDTH || area.height < MIN_HEIGHT {
        Some(format!(
            "Make this window larger: the audience view needs at least {MIN_WIDTH}×{MIN_HEIGHT} (80×24 or more is best); it is {}×{}.",
            area.width, area.height
        ))
    } else if area.width > LEGIBLE_WIDTH || area.height > LEGIBLE_HEIGHT {
        Some(format!(
            "Text is small for the room at {}×{}: enlarge the terminal's font (Ctrl and + or Cmd and +) until this window is about 100×30.",
            area.width, area.height
        ))
    } else {
        None
    }
}

/// What the audience sees: the room's view of the run (the question and its answers, a
/// spotlit answer, a vote, or how to join), or what to do when the window does not suit it.
#[derive(Debug, Clone, Copy)]
pub struct AudienceScreen<'a> {
    pub view: &'a AudienceView,
    pub look: Look,
}

impl Widget for AudienceScreen<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let AudienceScreen { view, look } = self;
        let theme = look.theme;
        let area = area.intersection(buf.area);
        if area.width < MIN_WIDTH || area.height < MIN_HEIGHT {
            let advice = size_advice(area).unwrap_or_default();
            Paragraph::new(advice)
                .style(theme.warn())
                .wrap(Wrap { trim: true })
                .render(area, buf);
            return;
        }
        buf.set_style(area, theme.text());
        let mut body = Rect::new(area.x, area.y + 1, area.width, area.height - 1);
        AudienceHeader { view, theme }.render(Rect::new(area.x, area.y, area.width, 1), buf);
        if look.size_hint
            && let Some(advice) = size_advice(area)
        {
            let rows = wrap(&advice, area.width as usize);
            for (i, l) in rows.iter().enumerate().take(2) {
                buf.set_stringn(
                    body.x,
                    body.y + i as u16,
                    l,
                    body.width as usize,
                    theme.warn().add_modifier(Modifier::REVERSED),
                );
            }
            let used = rows.len().min(2) as u16;
            body = Rect::new(body.x, body.y + used, body.width, body.height - used);
        }
        if let Some(join) = &view.join {
            JoinPanel { join, theme }.render(body, buf);
            return;
        }
        if let Some(a) = &view.spotlight {
            Spotlight { answer: a, theme }.render(body, buf);
            return;
        }
        if let Some(v) = &view.vote {
            VoteResults { vote: v, theme }.render(body, buf);
            return;
        }
        let used = draw_question(view, theme, body, buf);
        let rest = Rect::new(
            body.x,
            body.y + used,
            body.width,
            body.height.saturating_sub(used),
        );
        Answers { view, theme }.render(rest, buf);
    }
}

/// The top line: where the room is in the agenda, and the timer.
#[derive(Debug, Clone, Copy)]
struct AudienceHeader<'a> {
    view: &'a AudienceView,
    theme: Theme,
}

impl Widget for AudienceHeader<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let AudienceHeader { view, theme } = self;
        let timer = view.timer.map(timer_label).unwrap_or_default();
        let tw = width(&timer) as u16;
        let mut left = display(&view.exercise).replace('\n', " ");
        if view.of > 1 {
            left = format!("{}/{} · {left}", view.number, view.of);
        }
        if view.slots > 1 {
            left = format!(
                "{left} · {} {}/{}",
                view.heading, view.slot_number, view.slots
            );
        }
        let lw = area.width.saturating_sub(tw + 1) as usize;
        buf.set_stringn(area.x, area.y, &left, lw, theme.heading());
        if let Some(t) = view.timer {
            buf.set_stringn(
                area.right().saturating_sub(tw),
                area.y,
                &timer,
                tw as usize,
                timer_style(theme, t),
            );
        }
    }
}

fn timer_style(theme: Theme, t: TimerView) -> Style {
    let ratio = if t.total_secs == 0 {
        1.0
    } else {
        t.left_secs as f64 / t.total_secs as f64
    };
    if ratio <= 0.05 {
        theme.danger()
    } else if ratio <= 0.20 {
        theme.warn()
    } else {
        theme.good()
    }
}

/// Whether every character of `text` is in the large type's font (Latin letters, digits,
/// punctuation); other text is drawn at the terminal's size.
pub fn big_text_can_draw(text: &str) -> bool {
    text.chars()
        .all(|c| (' '..='~').contains(&c) || ('\u{a0}'..='\u{ff}').contains(&c) || c == '\n')
}

/// Lines of `text` in large type at `pixels`, wrapped to `area`'s width; `None` when it does
/// not fit in `max_rows` or its characters are not in the font.
fn big_lines(text: &str, pixels: PixelSize, cols: u16, max_rows: u16) -> Option<Vec<String>> {
    if !big_text_can_draw(text) || text.trim().is_empty() {
        return None;
    }
    let (gw, gh) = glyph(pixels);
    let per_line = cols as usize / gw;
    if per_line < 4 {
        return None;
    }
    let lines = wrap(text.trim(), per_line);
    let rows = lines.len() as u16 * gh;
    (rows <= max_rows && lines.iter().all(|l| width(l) <= per_line)).then_some(lines)
}

/// Columns and rows one glyph takes.
fn glyph(pixels: PixelSize) -> (usize, u16) {
    match pixels {
        PixelSize::Full => (8, 8),
        PixelSize::HalfHeight => (8, 4),
        PixelSize::HalfWidth => (4, 8),
        PixelSize::Quadrant => (4, 4),
        PixelSize::ThirdHeight => (8, 3),
        PixelSize::Sextant => (4, 3),
        PixelSize::QuarterHeight => (8, 2),
        PixelSize::Octant => (4, 2),
    }
}

fn render_big(lines: Vec<String>, pixels: PixelSize, style: Style, area: Rect, buf: &mut Buffer) {
    BigText::builder()
        .pixel_size(pixels)
        .style(style)
        .lines(lines.into_iter().map(Line::from).collect::<Vec<_>>())
        .build()
        .render(area, buf);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn answer(text: &str) -> AudienceAnswer {
        AudienceAnswer {
            id: text.into(),
            group: Some("Table 1".into()),
            text: text.into(),
            fields: Vec::new(),
            starred: false,
            theme: None,
        }
    }

    fn screen(view: &AudienceView, w: u16, h: u16) -> String {
        let area = Rect::new(0, 0, w, h);
        let mut buf = Buffer::empty(area);
        AudienceScreen {
            view,
            look: Look {
                theme: Theme::plain(),
                size_hint: false,
            },
        }
        .render(area, &mut buf);
        (0..h)
            .map(|y| {
                (0..w)
                    .map(|x| buf[(x, y)].symbol().to_owned())
                    .collect::<String>()
            })
            .collect::<Vec<_>>()
            .join("\n")
    }

    #[test]
    fn long_answers_wrap_instead_of_being_cut() {
        let long = "a long answer that goes on well past the edge of an eighty column window and then some more words at the end";
        let view = AudienceView {
            question: "What pulls?".into(),
            answers: vec![answer(long), answer("second"), answer("third")],
            size: TextSize::Normal,
            ..AudienceView::default()
        };
        let s = screen(&view, 80, 24);
        assert!(s.contains("some more words at the end"), "{s}");
        assert!(!s.contains('…'), "{s}");
        assert!(s.contains("second") && s.contains("third"), "{s}");
    }

    #[test]
    fn a_window_too_small_says_how_to_enlarge_it() {
        let s = screen(&AudienceView::default(), 30, 10);
        assert!(s.contains("Make this window larger"), "{s}");
    }
}
