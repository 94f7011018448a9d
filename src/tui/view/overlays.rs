//! What is drawn over the run screen: breakout groups, the group picker and the quit question.

use super::*;

/// The group picker: move the selected answer to a group, or to none.
#[derive(Clone, Copy)]
pub(super) struct GroupPicker<'a> {
    pub theme: Theme,
    pub keymap: &'a Keymap,
    pub run: &'a Run,
    pub picker: &'a crate::tui::state::GroupPicker,
}

impl Widget for GroupPicker<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let GroupPicker {
            theme,
            keymap,
            run,
            picker,
        } = self;
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
            &format!(
                " Move to group — {} ",
                keymap.hint_line(Context::MoveToGroup, |_| true)
            ),
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
}

/// The question asked when quitting with unsaved text.
#[derive(Clone, Copy)]
pub(super) struct QuitAsk<'a> {
    pub state: &'a State,
}

impl Widget for QuitAsk<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let QuitAsk { state } = self;
        let editing = state.run().is_some_and(|r| r.editing.is_some());
        let what = if editing {
            "The edit in the box is not saved."
        } else {
            "The text in the box is not saved."
        };
        crate::tui::dialog::QuitQuestion {
            theme: state.theme,
            keymap: &state.keymap,
            what,
            verb: "save",
        }
        .render(area, buf);
    }
}

/// The breakout form: participants' names on the left, the drawn groups on the right.
#[derive(Clone, Copy)]
pub(super) struct BreakoutOverlay<'a> {
    pub theme: Theme,
    pub keymap: &'a Keymap,
    pub breakout: &'a crate::tui::state::Breakout,
}

impl StatefulWidget for BreakoutOverlay<'_> {
    type State = Option<Position>;

    fn render(self, area: Rect, buf: &mut Buffer, cursor: &mut Self::State) {
        let BreakoutOverlay {
            theme,
            keymap,
            breakout: b,
        } = self;
        let r = Rect::new(
            area.x + 2,
            area.y + 1,
            area.width.saturating_sub(4),
            area.height.saturating_sub(2),
        );
        Clear.render(r, buf);
        let block = Block::bordered()
            .title(format!(
                " Breakout groups: {} — names one per line · {} ",
                b.groups,
                keymap.hint_line(Context::Breakout, |_| true)
            ))
            .border_style(theme.border_focus());
        let inner = block.inner(r);
        block.render(r, buf);
        let [names, result] =
            Layout::horizontal([Constraint::Percentage(40), Constraint::Percentage(60)])
                .areas(inner);
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
                format!(
                    "Type or paste the participants' names, then press {}.",
                    keymap.name_of(Context::Breakout, crate::tui::keymap::Command::Draw)
                ),
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
}
