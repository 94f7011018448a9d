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
        header(view, theme, Rect::new(area.x, area.y, area.width, 1), buf);
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
            draw_join(join, theme, body, buf);
            return;
        }
        if let Some(a) = &view.spotlight {
            draw_spotlight(a, theme, body, buf);
            return;
        }
        if let Some(v) = &view.vote {
            draw_vote(v, theme, body, buf);
            return;
        }
        let used = draw_question(view, theme, body, buf);
        let rest = Rect::new(
            body.x,
            body.y + used,
            body.width,
            body.height.saturating_sub(used),
        );
        draw_answers(view, theme, rest, buf);
    }
}

/// The top line: where the room is in the agenda, and the timer.
fn header(view: &AudienceView, theme: Theme, area: Rect, buf: &mut Buffer) {
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

/// The question: in large type unless the text size is normal or it would take more than
/// about half the space. Returns the rows used.
fn draw_question(view: &AudienceView, theme: Theme, area: Rect, buf: &mut Buffer) -> u16 {
    let question = if view.question.trim().is_empty() {
        view.exercise.clone()
    } else {
        view.question.clone()
    };
    let mut y = area.y;
    let big = (view.size != TextSize::Normal)
        .then(|| big_lines(&question, PixelSize::Quadrant, area.width, area.height / 2))
        .flatten();
    match big {
        Some(lines) => {
            let rows = lines.len() as u16 * BIG_ROWS;
            render_big(
                lines,
                PixelSize::Quadrant,
                theme.heading(),
                Rect::new(area.x, y, area.width, rows),
                buf,
            );
            y += rows;
        }
        None => {
            for l in wrap(&question, area.width as usize)
                .iter()
                .take((area.height / 3).max(1) as usize)
            {
                buf.set_stringn(area.x, y, l, area.width as usize, theme.heading());
                y += 1;
            }
        }
    }
    if !view.follow_up.is_empty() {
        for l in wrap(&view.follow_up, area.width as usize).iter().take(2) {
            buf.set_stringn(area.x, y, l, area.width as usize, theme.dim());
            y += 1;
        }
    }
    // A blank row between the question and the answers.
    y + 1 - area.y
}

/// An answer's lines at the terminal's size, wrapped to `w`: the group first.
fn answer_lines(a: &AudienceAnswer, w: usize) -> Vec<(String, bool)> {
    let mut out = Vec::new();
    let star = if a.starred { "★ " } else { "" };
    let theme = a.theme.as_ref().map_or_else(String::new, |t| {
        format!("◆ {} · ", display(t).replace('\n', " "))
    });
    let lead = match &a.group {
        Some(g) => format!("{star}{theme}{}: ", display(g).replace('\n', " ")),
        None if theme.is_empty() => star.to_owned(),
        None => format!("{star}{theme}"),
    };
    let lw = width(&lead);
    let text = format!("{lead}{}", a.text);
    for (i, l) in wrap(&text, w).into_iter().enumerate() {
        out.push((l, i == 0 && lw > 0));
    }
    for (k, v) in &a.fields {
        for l in wrap(&format!("{k}: {v}"), w.saturating_sub(2)) {
            out.push((format!("  {l}"), false));
        }
    }
    out
}

fn draw_answers(view: &AudienceView, theme: Theme, area: Rect, buf: &mut Buffer) {
    if area.height == 0 {
        return;
    }
    if view.withheld > 0 {
        let msg = format!(
            "{} saved — shown when the facilitator reveals them.",
            if view.withheld == 1 {
                "1 answer".to_owned()
            } else {
                format!("{} answers", view.withheld)
            }
        );
        Paragraph::new(msg)
            .style(theme.dim())
            .wrap(Wrap { trim: true })
            .render(area, buf);
        return;
    }
    if view.answers.is_empty() {
        buf.set_stringn(
            area.x,
            area.y,
            "No answers yet.",
            area.width as usize,
            theme.dim(),
        );
        return;
    }
    let big_wanted = matches!(view.size, TextSize::Huge | TextSize::Auto);
    if big_wanted && draw_answers_big(view, theme, area, buf, view.size == TextSize::Auto) {
        return;
    }
    draw_answers_normal(view, theme, area, buf);
}

/// Answers in large type, one after another; with `all_or_nothing`, only when every answer
/// fits. Returns whether they were drawn.
fn draw_answers_big(
    view: &AudienceView,
    theme: Theme,
    area: Rect,
    buf: &mut Buffer,
    all_or_nothing: bool,
) -> bool {
    let per_line = area.width as usize / BIG_COLS;
    let mut blocks: Vec<(Option<String>, Vec<String>)> = Vec::new();
    for a in &view.answers {
        let mut text = a.text.clone();
        for (k, v) in &a.fields {
            text.push_str(&format!("\n{k}: {v}"));
        }
        if !big_text_can_draw(&text) || per_line < 8 {
            return false;
        }
        let lines = wrap(text.trim(), per_line);
        let label = match (&a.theme, &a.group) {
            (Some(t), Some(g)) => Some(format!("◆ {t} · {g}")),
            (Some(t), None) => Some(format!("◆ {t}")),
            (None, g) => g.clone(),
        };
        blocks.push((label, lines));
    }
    let cost = |b: &(Option<String>, Vec<String>)| 1 + b.1.len() as u16 * BIG_ROWS;
    let total: u16 = blocks.iter().map(cost).sum();
    if total > area.height && all_or_nothing {
        return false;
    }
    // The newest answers are the ones kept when not all fit.
    let mut start = 0;
    let mut sum = total;
    while sum > area.height.saturating_sub(u16::from(start > 0)) && start < blocks.len() {
        sum -= cost(&blocks[start]);
        start += 1;
    }
    let mut y = area.y;
    if start > 0 {
        buf.set_stringn(
            area.x,
            y,
            format!("+{start} earlier (F9: smaller text)"),
            area.width as usize,
            theme.dim(),
        );
        y += 1;
    }
    for (group, lines) in blocks.into_iter().skip(start) {
        let label = group.map_or_else(|| "—".to_owned(), |g| display(&g).replace('\n', " "));
        buf.set_stringn(area.x, y, &label, area.width as usize, theme.group());
        y += 1;
        let rows = lines.len() as u16 * BIG_ROWS;
        render_big(
            lines,
            PixelSize::Quadrant,
            theme.text().add_modifier(Modifier::BOLD),
            Rect::new(
                area.x,
                y,
                area.width,
                rows.min(area.bottom().saturating_sub(y)),
            ),
            buf,
        );
        y += rows;
    }
    true
}

/// Answers at the terminal's size, wrapped, in as many columns as the width allows, filled
/// top to bottom. When not all fit, the newest are shown and the rest counted.
fn draw_answers_normal(view: &AudienceView, theme: Theme, area: Rect, buf: &mut Buffer) {
    let gap = 3u16;
    let n = view.answers.len();
    let most = (area.width / 38).clamp(1, 4).min(n as u16).max(1);
    let width_of = |columns: u16| (area.width - gap * (columns - 1)) / columns;
    let blocks_for = |cw: u16| -> Vec<Vec<(String, bool)>> {
        view.answers
            .iter()
            .map(|a| answer_lines(a, cw as usize))
            .collect()
    };
    // Answers from `from` on, placed column after column with a blank row between; `None`
    // when they do not all fit.
    let place = |blocks: &[Vec<(String, bool)>], columns: u16, from: usize, top: u16| {
        let cw = width_of(columns);
        let mut at = Vec::new();
        let (mut col, mut y) = (0u16, area.y + top);
        for b in &blocks[from..] {
            let h = (b.len() as u16).min(area.height - top);
            if y + h > area.bottom() {
                col += 1;
                y = area.y + top;
                if col >= columns {
                    return None;
                }
            }
            at.push((area.x + col * (cw + gap), y));
            y += h + 1;
        }
        Some(at)
    };
    // The fewest columns that show every answer (wider lines read more easily); else the
    // most columns, with the newest answers.
    let mut chosen = None;
    for columns in 1..=most {
        let blocks = blocks_for(width_of(columns));
        if let Some(spots) = place(&blocks, columns, 0, 0) {
            chosen = Some((columns, blocks, 0, spots));
            break;
        }
    }
    let (columns, blocks, from, spots) = chosen.unwrap_or_else(|| {
        let blocks = blocks_for(width_of(most));
        let mut from = 1;
        let mut spots = place(&blocks, most, from, 1);
        while spots.is_none() && from + 1 < n {
            from += 1;
            spots = place(&blocks, most, from, 1);
        }
        (most, blocks, from, spots.unwrap_or_default())
    });
    let cw = width_of(columns);
    if from > 0 {
        buf.set_stringn(
            area.x,
            area.y,
            format!(
                "+{from} earlier answer{} not shown (F9: text size)",
                if from == 1 { "" } else { "s" }
            ),
            area.width as usize,
            theme.dim(),
        );
    }
    for (b, (x, y)) in blocks.iter().skip(from).zip(spots) {
        for (i, (line, lead)) in b.iter().enumerate() {
            let row = y + i as u16;
            if row >= area.bottom() {
                break;
            }
            buf.set_stringn(x, row, line, cw as usize, theme.text());
            if *lead {
                // The group's name, up to its colon, in the group colour.
                let name = line.split(": ").next().unwrap_or("");
                buf.set_stringn(x, row, name, cw as usize, theme.group());
            }
        }
    }
}

/// A spotlighted answer: as large as it fits, centred.
fn draw_spotlight(a: &AudienceAnswer, theme: Theme, area: Rect, buf: &mut Buffer) {
    let margin = (area.width / 20).min(4);
    let inner = Rect::new(
        area.x + margin,
        area.y + 1,
        area.width - 2 * margin,
        area.height.saturating_sub(1),
    );
    let mut y = inner.y;
    if let Some(g) = &a.group {
        buf.set_stringn(
            inner.x,
            y,
            display(g).replace('\n', " "),
            inner.width as usize,
            theme.group(),
        );
        y += 2;
    }
    let mut fields = Vec::new();
    for (k, v) in &a.fields {
        fields.extend(wrap(&format!("{k}: {v}"), inner.width as usize));
    }
    let room = inner.bottom().saturating_sub(y + fields.len() as u16);
    let style = theme.text().add_modifier(Modifier::BOLD);
    let sized = [PixelSize::HalfHeight, PixelSize::Quadrant]
        .into_iter()
        .find_map(|p| big_lines(&a.text, p, inner.width, room).map(|l| (p, l)));
    match sized {
        Some((pixels, lines)) => {
            let rows = lines.len() as u16 * glyph(pixels).1;
            render_big(
                lines,
                pixels,
                style,
                Rect::new(inner.x, y, inner.width, rows),
                buf,
            );
            y += rows + 1;
        }
        None => {
            for l in wrap(&a.text, inner.width as usize) {
                if y >= inner.bottom() {
                    break;
                }
                buf.set_stringn(inner.x, y, &l, inner.width as usize, style);
                y += 1;
            }
            y += 1;
        }
    }
    for l in fields {
        if y >= inner.bottom() {
            break;
        }
        buf.set_stringn(inner.x, y, &l, inner.width as usize, theme.text());
        y += 1;
    }
}

fn draw_vote(v: &crate::net::audience::VoteView, theme: Theme, area: Rect, buf: &mut Buffer) {
    let mut lines: Vec<(String, Style)> = Vec::new();
    for l in wrap(&v.title, area.width as usize) {
        lines.push((l, theme.heading()));
    }
    lines.push((String::new(), theme.text()));
    if !v.revealed {
        lines.push((
            format!("{} · results shown when revealed", v.progress),
            theme.dim(),
        ));
    } else if v.ranked.is_empty() {
        lines.push(("No votes were given.".into(), theme.dim()));
    }
    for (score, text) in &v.ranked {
        let lead = format!("{score}  ");
        let indent = width(&lead);
        for (i, l) in wrap(text, (area.width as usize).saturating_sub(indent))
            .into_iter()
            .enumerate()
        {
            let head = if i == 0 {
                lead.clone()
            } else {
                " ".repeat(indent)
            };
            lines.push((format!("{head}{l}"), theme.text()));
        }
    }
    for (i, (l, style)) in lines.into_iter().enumerate() {
        if i as u16 >= area.height {
            break;
        }
        buf.set_stringn(area.x, area.y + i as u16, l, area.width as usize, style);
    }
}

/// The join address and code, large, with the QR code beside them when there is room.
fn draw_join(join: &crate::net::audience::JoinView, theme: Theme, area: Rect, buf: &mut Buffer) {
    let qr_w = join.qr.first().map_or(0, |l| width(l)) as u16;
    let qr_h = join.qr.len() as u16;
    let with_qr = qr_w > 0 && qr_w + 30 <= area.width && qr_h <= area.height;
    let text_w = if with_qr {
        area.width - qr_w - 2
    } else {
        area.width
    };
    let mut y = area.y;
    buf.set_stringn(
        area.x,
        y,
        "Join on your own device:",
        text_w as usize,
        theme.heading(),
    );
    y += 2;
    for l in wrap(&join.url, text_w as usize) {
        buf.set_stringn(
            area.x,
            y,
            &l,
            text_w as usize,
            theme.text().add_modifier(Modifier::BOLD),
        );
        y += 1;
    }
    y += 1;
    buf.set_stringn(area.x, y, "Code:", text_w as usize, theme.dim());
    y += 1;
    let room = area.bottom().saturating_sub(y);
    match big_lines(&join.code, PixelSize::Quadrant, text_w, room) {
        Some(lines) => {
            let rows = lines.len() as u16 * BIG_ROWS;
            render_big(
                lines,
                PixelSize::Quadrant,
                theme.heading(),
                Rect::new(area.x, y, text_w, rows),
                buf,
            );
        }
        None => {
            buf.set_stringn(area.x, y, &join.code, text_w as usize, theme.heading());
        }
    }
    if with_qr {
        let x = area.right() - qr_w;
        for (i, l) in join.qr.iter().enumerate() {
            // The QR code is dark on light, whatever the theme.
            buf.set_stringn(
                x,
                area.y + i as u16,
                l,
                qr_w as usize,
                Style::default()
                    .fg(ratatui::style::Color::Black)
                    .bg(ratatui::style::Color::White),
            );
        }
    }
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
