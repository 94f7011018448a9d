//! What is drawn over or instead of the run screen: projection, spotlight, breakout groups, the group picker and the quit question.

use super::*;

pub(super) fn draw_group_picker(
    theme: Theme,
    run: &Run,
    picker: &crate::tui::state::GroupPicker,
    area: Rect,
    buf: &mut Buffer,
) {
    let names: Vec<String> = run
        .session
        .groups
        .iter()
        .map(|g| display(g))
        .chain(std::iter::once("no group (the whole room)".to_owned()))
        .collect();
    let inner = crate::tui::dialog::centred(
        area,
        50,
        names.len() as u16 + 2,
        " Move to group — ↑↓ choose · Enter: move · Esc: cancel ",
        theme.border_focus(),
        buf,
    );
    let rows = inner.height as usize;
    let first = (picker.choice + 1).saturating_sub(rows);
    for (i, name) in names.iter().enumerate().skip(first).take(rows) {
        let chosen = i == picker.choice;
        let line = format!("{} {name}", if chosen { "▸" } else { " " });
        buf.set_stringn(
            inner.x,
            inner.y + (i - first) as u16,
            truncate(&line, inner.width as usize),
            inner.width as usize,
            if chosen {
                theme.selected()
            } else {
                theme.text()
            },
        );
    }
}

/// The question asked when quitting with unsaved text.
pub(super) fn draw_quit_ask(state: &State, area: Rect, buf: &mut Buffer) {
    let editing = state.run().is_some_and(|r| r.editing.is_some());
    let what = if editing {
        "The edit in the box is not saved."
    } else {
        "The text in the box is not saved."
    };
    crate::tui::dialog::draw_quit_question(state.theme, what, "save", area, buf);
}

pub(super) fn draw_spotlight(
    theme: Theme,
    c: &crate::model::Contribution,
    area: Rect,
    buf: &mut Buffer,
) {
    let margin = (area.width / 10).min(10);
    let inner = Rect::new(
        area.x + margin,
        area.y + 1,
        area.width.saturating_sub(2 * margin),
        area.height.saturating_sub(2),
    );
    let mut lines: Vec<Line> = Vec::new();
    if let Some(g) = &c.group {
        lines.push(Line::styled(display(g), theme.group()));
        lines.push(Line::raw(""));
    }
    for l in display(&c.text).split('\n') {
        lines.push(Line::styled(
            l.to_owned(),
            theme.text().patch(theme.heading()),
        ));
    }
    for (k, v) in &c.fields {
        lines.push(Line::raw(""));
        lines.push(Line::styled(format!("{k}: {}", display(v)), theme.text()));
    }
    lines.push(Line::raw(""));
    lines.push(Line::styled("Esc or Space: back", theme.dim()));
    Paragraph::new(lines)
        .wrap(Wrap { trim: false })
        .render(inner, buf);
}

pub(super) fn draw_breakout(
    theme: Theme,
    b: &crate::tui::state::Breakout,
    area: Rect,
    buf: &mut Buffer,
    cursor: &mut Option<Position>,
) {
    let r = Rect::new(
        area.x + 2,
        area.y + 1,
        area.width.saturating_sub(4),
        area.height.saturating_sub(2),
    );
    Clear.render(r, buf);
    let block = Block::bordered()
        .title(format!(" Breakout groups: {} — names one per line · PgUp/PgDn: groups · ^D: draw · Esc: close ", b.groups))
        .border_style(theme.border_focus());
    let inner = block.inner(r);
    block.render(r, buf);
    let [names, result] =
        Layout::horizontal([Constraint::Percentage(40), Constraint::Percentage(60)]).areas(inner);
    let (rows, (crow, ccol)) = b.names.view(
        names.width.saturating_sub(1) as usize,
        names.height as usize,
    );
    for (i, row) in rows.iter().enumerate() {
        buf.set_stringn(
            names.x,
            names.y + i as u16,
            row,
            names.width as usize,
            theme.text(),
        );
    }
    *cursor = Some(Position::new(names.x + ccol as u16, names.y + crow as u16));
    let mut lines: Vec<Line> = Vec::new();
    if b.result.is_empty() {
        lines.push(Line::styled(
            "Type or paste the participants' names, then press Ctrl-D.",
            theme.dim(),
        ));
    } else {
        lines.push(Line::styled(
            format!(
                "Seed {} (the same names and seed give the same groups)",
                b.seed
            ),
            theme.dim(),
        ));
        for (i, g) in b.result.iter().enumerate() {
            lines.push(Line::styled(
                format!("Group {} ({})", i + 1, g.len()),
                theme.heading(),
            ));
            lines.push(Line::raw(display(&g.join(", "))));
        }
    }
    Paragraph::new(lines)
        .wrap(Wrap { trim: true })
        .render(result, buf);
}

pub(super) fn draw_projection(
    state: &State,
    run: &Run,
    area: Rect,
    buf: &mut Buffer,
    hits: &mut Hits,
) {
    let theme = state.theme;
    let slot = run.current_slot();
    let big = projection_heading(run);
    let (big_rows, pixels) = if area.height >= 45 && width(&big) * 8 <= area.width as usize {
        (8, tui_big_text::PixelSize::Full)
    } else if area.height >= 24 && width(&big) * 4 <= area.width as usize {
        (4, tui_big_text::PixelSize::Quadrant)
    } else {
        (0, tui_big_text::PixelSize::Quadrant)
    };
    let label_rows = wrap(&slot.label, area.width.saturating_sub(2) as usize)
        .len()
        .min(4) as u16;
    let [head, label, timer, board] = Layout::vertical([
        Constraint::Length(big_rows),
        Constraint::Length(label_rows + 1),
        Constraint::Length(1),
        Constraint::Min(1),
    ])
    .areas(area);
    if big_rows > 0 {
        tui_big_text::BigText::builder()
            .pixel_size(pixels)
            .style(theme.heading())
            .lines(vec![Line::from(big)])
            .build()
            .render(head, buf);
    }
    for (row, line) in wrap(&slot.label, label.width.saturating_sub(2) as usize)
        .into_iter()
        .take(label_rows as usize)
        .enumerate()
    {
        let y = label.y + row as u16;
        buf.set_stringn(label.x + 1, y, &line, label.width as usize, theme.heading());
    }
    let (t, ratio) = timer_text(run, state.now);
    if !run.timer.total.is_zero() || run.timer.running() {
        Gauge::default()
            .ratio(ratio.clamp(0.0, 1.0))
            .label(t)
            .gauge_style(timer_style(theme, ratio, run))
            .render(timer, buf);
    }
    let view = board_view(state, run, run.current_slots());
    boards::draw(&view, board, buf, hits);
}

pub(super) fn projection_heading(run: &Run) -> String {
    let slot = run.current_slot();
    match &run.current_exercise().kind {
        ExerciseKind::PromptRound(_) | ExerciseKind::PathwayBrainstorm(_) => {
            let i = run.slot_index();
            let number = questions_of(run)
                .get(i)
                .and_then(|q| q.number)
                .map_or(i + 1, |n| n as usize);
            format!("Q{number}")
        }
        ExerciseKind::FuturesTriangle(_) => slot.id.to_uppercase(),
        _ => run
            .current_exercise()
            .title
            .split_whitespace()
            .next()
            .unwrap_or("")
            .to_uppercase(),
    }
}

pub(super) fn questions_of(run: &Run) -> &[crate::model::exercise::Question] {
    match &run.current_exercise().kind {
        ExerciseKind::PromptRound(k) => &k.questions,
        ExerciseKind::PathwayBrainstorm(k) => &k.questions,
        _ => &[],
    }
}
