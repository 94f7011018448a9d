//! The home screen: workshop plans, sessions, and the new-session form.

use super::*;

/// The home screen: workshop plans and sessions, the status line and the key bar.
#[derive(Clone, Copy)]
pub(super) struct HomeScreen<'a> {
    pub state: &'a State,
    pub home: &'a Home,
}

impl Widget for HomeScreen<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let HomeScreen { state, home } = self;
        let theme = state.theme;
        let [top, body, status, keys] = Layout::vertical([
            Constraint::Length(2),
            Constraint::Min(3),
            Constraint::Length(1),
            Constraint::Length(1),
        ])
        .areas(area);
        Line::from(vec![
            Span::styled("hearth", theme.heading()),
            Span::raw("  facilitated group workshops, captured word for word"),
        ])
        .render(top, buf);
        let detail_rows = if body.height >= 16 { 6 } else { 0 };
        let [lists, details] =
            Layout::vertical([Constraint::Min(3), Constraint::Length(detail_rows)]).areas(body);
        let [left, right] =
            Layout::horizontal([Constraint::Percentage(50), Constraint::Percentage(50)])
                .areas(lists);
        let focus = home.focus();
        if detail_rows > 0 {
            let text = match focus {
                HomeFocus::Scenarios => home
                    .scenarios
                    .get(home.scenario)
                    .map(|s| format!("{}\n{}", s.title, s.summary)),
                HomeFocus::Sessions => match home.series.get(home.session) {
                    Some(s) => Some(format!(
                        "Series: {}\n{} starts its next session, carrying forward the last one's groups, facilitators, event and mode · {}",
                        s.title,
                        state
                            .keymap
                            .name_of(Context::Home, crate::tui::keymap::Command::Open),
                        s.path.display()
                    )),
                    None => home
                        .sessions
                        .get(home.session - home.series.len())
                        .map(|s| format!("{}\n{} · {}", s.title, s.date, s.path.display())),
                },
            };
            if let Some(text) = text {
                Paragraph::new(display(&text))
                    .style(theme.dim())
                    .wrap(Wrap { trim: true })
                    .render(details.inner(ratatui::layout::Margin::new(1, 0)), buf);
            }
        }
        let scenario_lines: Vec<String> = home
            .scenarios
            .iter()
            .map(|s| {
                format!(
                    "{} ({} exercise{})",
                    s.title,
                    s.exercises,
                    if s.exercises == 1 { "" } else { "s" }
                )
            })
            .collect();
        let plans_title = {
            use crate::tui::keymap::Command;
            let full = format!(
                "Workshop plans — {} or {}: new session · {}: edit · {}: new plan",
                state.keymap.name_of(Context::Home, Command::Open),
                state.keymap.name_of(Context::Home, Command::NewSession),
                state.keymap.name_of(Context::Home, Command::EditPlan),
                state.keymap.name_of(Context::Home, Command::NewPlan)
            );
            // Where the keys do not fit, the title is not cut half way through them: the key
            // bar below names them all.
            if unicode_width::UnicodeWidthStr::width(full.as_str()) + 2 > usize::from(left.width) {
                "Workshop plans".to_owned()
            } else {
                full
            }
        };
        let none = format!("(none: none in {})", home.scenarios_dir.display());
        HomeList {
            theme,
            title: &plans_title,
            items: &scenario_lines,
            selected: home.scenario,
            focused: focus == HomeFocus::Scenarios,
            empty: &none,
        }
        .render(left, buf);
        let series_lines = home.series.iter().map(|s| {
            format!(
                "◆ Series: {} · {} session{} · Enter: start the next",
                s.title,
                s.sessions,
                if s.sessions == 1 { "" } else { "s" }
            )
        });
        let session_lines: Vec<String> = series_lines
            .chain(home.sessions.iter().map(|s| {
                format!(
                    "{}  {} · {} contribution{}",
                    s.date,
                    s.title,
                    s.contributions,
                    if s.contributions == 1 { "" } else { "s" }
                )
            }))
            .collect();
        let no_sessions = format!(
            "(none yet in {}: choose a plan and press {} to start one)",
            home.sessions_dir.display(),
            state
                .keymap
                .name_of(Context::Home, crate::tui::keymap::Command::NewSession)
        );
        let sessions_title = format!(
            "Sessions, newest first — {}: open",
            state
                .keymap
                .name_of(Context::Home, crate::tui::keymap::Command::Open)
        );
        HomeList {
            theme,
            title: &sessions_title,
            items: &session_lines,
            selected: home.session,
            focused: focus == HomeFocus::Sessions,
            empty: &no_sessions,
        }
        .render(right, buf);
        if let Some(msg) = state.banner.as_ref().or(home.problems.first()) {
            Line::styled(truncate(msg, status.width as usize), theme.warn()).render(status, buf);
        }
        // The top layer's keys: the form's while it is open, else the lists'.
        let bar = match crate::tui::layers::run_top(state) {
            Some(layer) => layer_bar(state, layer),
            None => state.keymap.hints(Context::Home, |k| state.usable(k)),
        };
        let bar: Vec<(&str, &str)> = bar.iter().map(|(k, l)| (k.as_str(), l.as_str())).collect();
        KeyBar { theme, keys: &bar }.render(keys, buf);
    }
}

/// The new-session form, over the home screen's lists.
#[derive(Clone, Copy)]
pub(super) struct NewSessionForm<'a> {
    pub state: &'a State,
    pub home: &'a Home,
}

impl StatefulWidget for NewSessionForm<'_> {
    type State = Option<Position>;

    fn render(self, area: Rect, buf: &mut Buffer, cursor: &mut Self::State) {
        let NewSessionForm { state, home } = self;
        let theme = state.theme;
        if let Some(form) = &home.form {
            let title = home
                .scenarios
                .get(form.scenario)
                .map_or("", |s| s.title.as_str());
            Form {
                theme,
                title: &format!("New session: {title}"),
                labels: &FORM_LABELS,
                fields: &form.fields,
                field: form.field,
                error: form.error.as_deref(),
                hint: &state
                    .keymap
                    .hint_line(Context::NewSessionForm, |k| state.usable(k)),
            }
            .render(area, buf, cursor);
        }
    }
}

/// A form of labelled one-row fields in a box over `area`; the error (or the hint) at its foot.
/// When the fields do not all fit, the form scrolls to keep the focused one in view and its
/// bottom border says how many are above and below.
#[derive(Clone, Copy)]
pub(super) struct Form<'a> {
    pub theme: Theme,
    pub title: &'a str,
    /// One per field.
    pub labels: &'a [&'a str],
    pub fields: &'a [crate::tui::textbox::TextBox],
    /// The focused field: it has the cursor.
    pub field: usize,
    /// Shown at the foot instead of the hint.
    pub error: Option<&'a str>,
    pub hint: &'a str,
}

impl StatefulWidget for Form<'_> {
    type State = Option<Position>;

    fn render(self, area: Rect, buf: &mut Buffer, cursor: &mut Self::State) {
        let Form {
            theme,
            title,
            labels,
            fields,
            field,
            error,
            hint,
        } = self;
        let w = area.width.min(70);
        let h = (labels.len() as u16 * 2 + 3).min(area.height);
        let r = Rect::new(
            area.x + (area.width - w) / 2,
            area.y + (area.height - h) / 2,
            w,
            h,
        );
        Clear.render(r, buf);
        // Two rows a field, one for the error or hint.
        let fit = (usize::from(h.saturating_sub(3)) / 2).max(1);
        let first = (field + 1).saturating_sub(fit);
        let below = labels.len().saturating_sub(first + fit);
        let mut block = Block::bordered()
            .title(format!(" {} ", truncate(title, w as usize - 4)))
            .border_style(theme.border_focus());
        if first > 0 || below > 0 {
            block = block.title_bottom(format!(" ↑ {first} more · ↓ {below} more "));
        }
        let inner = block.inner(r);
        block.render(r, buf);
        for (row, (i, label)) in labels.iter().enumerate().skip(first).take(fit).enumerate() {
            let y = inner.y + row as u16 * 2;
            if y + 1 >= inner.bottom() {
                break;
            }
            // A label longer than the form (an exercise's long title in it) ends in "…".
            let room = inner.width as usize;
            buf.set_stringn(inner.x, y, truncate(label, room), room, theme.dim());
            // One row per field: the row the field's cursor is on.
            let (rows, (_, col)) = fields[i].view(inner.width as usize - 2, 1);
            let style = if i == field {
                theme.selected()
            } else {
                theme.text()
            };
            // A field not being edited shows its first line, "…" when there is more.
            let text = fields[i].text();
            let first = text.lines().next().unwrap_or("");
            let shown = if i == field {
                rows.first().cloned().unwrap_or_default()
            } else if first.len() < text.trim_end().len() {
                format!("{} …", display(first))
            } else {
                display(first)
            };
            buf.set_stringn(
                inner.x + 1,
                y + 1,
                truncate(&shown, inner.width as usize - 2),
                inner.width as usize - 2,
                style,
            );
            if i == field {
                *cursor = Some(Position::new(inner.x + 1 + col as u16, y + 1));
            }
        }
        let msg = error.unwrap_or(hint);
        let y = inner.bottom().saturating_sub(1);
        buf.set_stringn(
            inner.x,
            y,
            truncate(msg, inner.width as usize),
            inner.width as usize,
            if error.is_some() {
                theme.warn()
            } else {
                theme.dim()
            },
        );
    }
}

/// A framed list with one item selected (marked ▶, highlighted while the list has the focus),
/// scrolled so it shows; what it says instead when it is empty.
#[derive(Clone, Copy)]
pub(super) struct HomeList<'a> {
    pub theme: Theme,
    pub title: &'a str,
    pub items: &'a [String],
    pub selected: usize,
    pub focused: bool,
    /// What it says when there are no items.
    pub empty: &'a str,
}

impl Widget for HomeList<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let HomeList {
            theme,
            title,
            items,
            selected,
            focused,
            empty,
        } = self;
        let block = Block::bordered()
            .title(format!(" {title} "))
            .border_style(if focused {
                theme.border_focus()
            } else {
                theme.border()
            });
        let inner = block.inner(area);
        block.render(area, buf);
        if items.is_empty() {
            // Wrapped: the folder's path is often wider than the list.
            Paragraph::new(display(empty))
                .style(theme.dim())
                .wrap(Wrap { trim: false })
                .render(inner, buf);
            return;
        }
        let height = inner.height as usize;
        let first = selected.saturating_sub(height.saturating_sub(1));
        for (row, (i, item)) in items
            .iter()
            .enumerate()
            .skip(first)
            .take(height)
            .enumerate()
        {
            let style = if i == selected && focused {
                theme.selected()
            } else {
                theme.text()
            };
            let marker = if i == selected { "▶ " } else { "  " };
            buf.set_stringn(
                inner.x,
                inner.y + row as u16,
                truncate(&format!("{marker}{item}"), inner.width as usize),
                inner.width as usize,
                style,
            );
        }
    }
}
