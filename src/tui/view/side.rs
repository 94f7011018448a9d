//! The run screen's agenda column and groups bar.

use super::*;

/// The agenda column: every exercise, the current one marked.
#[derive(Clone, Copy)]
pub(super) struct Agenda<'a> {
    pub theme: Theme,
    pub run: &'a Run,
}

impl StatefulWidget for Agenda<'_> {
    type State = Hits;

    fn render(self, area: Rect, buf: &mut Buffer, hits: &mut Self::State) {
        let Agenda { theme, run } = self;
        let block = Block::new()
            .borders(Borders::RIGHT | Borders::TOP)
            .border_style(theme.border())
            .title(Span::styled(" Agenda ", theme.heading()));
        let inner = block.inner(area);
        block.render(area, buf);
        let mut y = inner.y;
        for (i, e) in run.agenda.iter().enumerate() {
            if y >= inner.bottom() {
                break;
            }
            let current = i == run.exercise;
            let marker = if current { "▶" } else { " " };
            let minutes = if e.minutes > 0 {
                format!(" {}′", e.minutes)
            } else {
                String::new()
            };
            // From the session's slot index: the exercise's own contributions only.
            let count: usize = run.slot_lists.get(i).map_or(0, |slots| {
                slots
                    .iter()
                    .map(|s| {
                        run.session
                            .in_slot(&e.id, &s.id)
                            .filter(|c| !c.hidden && !c.is_withdrawn())
                            .count()
                    })
                    .sum()
            });
            let number = format!("{marker}{}. ", i + 1);
            let indent = width(&number) as u16;
            let top = y;
            let title_width = inner.width.saturating_sub(indent) as usize;
            for (row, line) in wrap(&e.title, title_width).into_iter().take(2).enumerate() {
                if y >= inner.bottom() {
                    break;
                }
                let line = if row == 0 {
                    format!("{number}{line}")
                } else {
                    format!("{}{line}", " ".repeat(indent as usize))
                };
                buf.set_stringn(
                    inner.x,
                    y,
                    &line,
                    inner.width as usize,
                    if current {
                        theme.selected()
                    } else {
                        theme.text()
                    },
                );
                y += 1;
            }
            if y < inner.bottom() {
                buf.set_stringn(
                    inner.x + 3,
                    y,
                    format!("{minutes} · {count} saved"),
                    inner.width.saturating_sub(3) as usize,
                    theme.dim(),
                );
                y += 1;
            }
            hits.push((
                Rect::new(inner.x, top, inner.width, y - top),
                Hit::Exercise(i),
            ));
        }
    }
}

/// The groups bar: the group the capture box writes for, among the session's groups.
#[derive(Clone, Copy)]
pub(super) struct GroupsBar<'a> {
    pub theme: Theme,
    pub keymap: &'a crate::tui::keymap::Keymap,
    pub run: &'a Run,
}

impl StatefulWidget for GroupsBar<'_> {
    type State = Hits;

    fn render(self, area: Rect, buf: &mut Buffer, hits: &mut Self::State) {
        let GroupsBar { theme, keymap, run } = self;
        let mut x = area.x;
        buf.set_string(x, area.y, "Group: ", theme.dim());
        x += 7;
        if run.session.groups.is_empty() {
            buf.set_stringn(
                x,
                area.y,
                format!("none yet ({} adds one)", keymap.to_add_a_group()),
                area.right().saturating_sub(x) as usize,
                theme.dim(),
            );
            return;
        }
        // The selected group is always drawn, even when the row is too narrow for all of them.
        let names: Vec<(Option<usize>, String)> = run
            .session
            .groups
            .iter()
            .enumerate()
            .map(|(i, g)| (Some(i), g.clone()))
            .chain(std::iter::once((None, "no group".to_owned())))
            .collect();
        let selected_pos = names.iter().position(|(i, _)| *i == run.group).unwrap_or(0);
        let mut start = 0;
        let fits = |from: usize| {
            let mut w = 7;
            for (_, n) in &names[from..=selected_pos] {
                w += width(&truncate(n, 24)) + 3;
            }
            w <= area.width as usize
        };
        while start < selected_pos && !fits(start) {
            start += 1;
        }
        if start > 0 {
            buf.set_string(x, area.y, "… ", theme.dim());
            x += 2;
        }
        for (i, name) in &names[start..] {
            let label = truncate(name, 24);
            let w = width(&label) as u16 + 2;
            if x + w > area.right() {
                buf.set_string(area.right().saturating_sub(1), area.y, "…", theme.dim());
                break;
            }
            let selected = *i == run.group;
            let text = if selected {
                format!("[{label}]")
            } else {
                format!(" {label} ")
            };
            buf.set_string(
                x,
                area.y,
                &text,
                if selected {
                    theme.selected()
                } else {
                    theme.group()
                },
            );
            if let Some(i) = i {
                hits.push((Rect::new(x, area.y, w, 1), Hit::Group(*i)));
            }
            x += w + 1;
        }
    }
}
