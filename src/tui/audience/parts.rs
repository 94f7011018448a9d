//! The parts of the audience's screen: the question, the answers, a spotlighted answer, a
//! vote's progress or results, and how to join.

use super::*;

/// The question: in large type unless the text size is normal or it would take more than
/// about half the space. Returns the rows used.
pub(super) fn draw_question(
    view: &AudienceView,
    theme: Theme,
    area: Rect,
    buf: &mut Buffer,
) -> u16 {
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

/// The answers: in large type when the text size asks for it and they fit, else at the
/// terminal's size; or why there are none to show.
#[derive(Debug, Clone, Copy)]
pub(super) struct Answers<'a> {
    pub view: &'a AudienceView,
    pub theme: Theme,
}

impl Widget for Answers<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let Answers { view, theme } = self;
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
#[derive(Debug, Clone, Copy)]
pub(super) struct Spotlight<'a> {
    pub answer: &'a AudienceAnswer,
    pub theme: Theme,
}

impl Widget for Spotlight<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let Spotlight { answer: a, theme } = self;
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
}

/// A vote: its title, then who has voted while it is open, or the items ranked once revealed.
#[derive(Debug, Clone, Copy)]
pub(super) struct VoteResults<'a> {
    pub vote: &'a crate::net::audience::VoteView,
    pub theme: Theme,
}

impl Widget for VoteResults<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let VoteResults { vote: v, theme } = self;
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
}

/// The join address and code, large, with the QR code beside them when there is room.
#[derive(Debug, Clone, Copy)]
pub(super) struct JoinPanel<'a> {
    pub join: &'a crate::net::audience::JoinView,
    pub theme: Theme,
}

impl Widget for JoinPanel<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let JoinPanel { join, theme } = self;
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
}
