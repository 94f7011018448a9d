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
        // From the session's slot index (the exercise's own contributions only), kept between
        // frames while the session is the same.
        let counts = run.memo.agenda_counts(&run.session, || {
            run.agenda
                .iter()
                .enumerate()
                .map(|(i, e)| {
                    run.slot_lists.get(i).map_or(0, |slots| {
                        slots
                            .iter()
                            .map(|s| {
                                run.session
                                    .in_slot(&e.id, &s.id)
                                    .filter(|c| !c.hidden && !c.is_withdrawn())
                                    .count()
                            })
                            .sum()
                    })
                })
                .collect()
        });
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
            let count = counts.get(i).copied().unwrap_or(0);
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

#[cfg(test)]
mod tests {
    use ratatui::Terminal;
    use ratatui::backend::TestBackend;
    use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

    use crate::model::{Change, Draft, Scenario, Session};
    use crate::tui::action::Action;
    use crate::tui::state::{Run, Screen, State};
    use crate::tui::theme::Theme;

    fn draw(state: &State) -> String {
        let mut t = Terminal::new(TestBackend::new(200, 60)).unwrap();
        t.draw(|f| drop(crate::tui::view::view(state, f))).unwrap();
        t.backend()
            .buffer()
            .content()
            .iter()
            .map(|c| c.symbol())
            .collect()
    }

    fn add(state: &mut State, slot: &str, text: &str) -> String {
        let c = Draft::new("q", slot, text)
            .group(Some("A".into()))
            .into_contribution();
        let id = c.id.clone();
        let run = state.run_mut().unwrap();
        run.session.apply(&Change::Add { contribution: c }).unwrap();
        id
    }

    fn memo(state: &State) -> (u64, u64) {
        let run = state.run().unwrap();
        (run.memo.gathered(), run.memo.counted())
    }

    /// Typing redraws the frame from what was gathered before: neither the board's answers
    /// nor the agenda's counts are worked out again until the session changes (counted, not
    /// timed); and once it changes, the frame shows the change.
    #[test]
    fn a_keystroke_walks_no_answers_and_a_change_is_drawn() {
        let scenario: Scenario = serde_json::from_str(
            r#"{"id":"s","title":"S","agenda":[{"id":"q","title":"Questions","kind":"prompt_round",
                "questions":[{"id":"q1","text":"What pulls?"},{"id":"q2","text":"What pushes?"}]}]}"#,
        )
        .unwrap();
        let session = Session::new(scenario, "S".into(), None, vec!["A".into()]);
        let run = Run::new("s.json".into(), session);
        let mut state = State::new(Screen::Run(Box::new(run)), Theme::plain(), 3);
        add(&mut state, "q1", "First answer");
        add(&mut state, "q1", "Second answer");

        let screen = draw(&state);
        assert!(screen.contains("Second answer") && screen.contains("2 saved"));
        let first = memo(&state);
        assert!(
            first.0 >= 1 && first.1 >= 1,
            "nothing was worked out: {first:?}"
        );

        for c in "typed words".chars() {
            let key = KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE);
            crate::tui::update::update(&mut state, Action::Key(key));
            draw(&state);
        }
        assert!(
            draw(&state).contains("typed words"),
            "the frame was not redrawn"
        );
        assert_eq!(
            memo(&state),
            first,
            "a keystroke worked out the answers again"
        );

        add(&mut state, "q1", "Third answer");
        let screen = draw(&state);
        assert!(
            screen.contains("Third answer"),
            "the new answer is not on the board"
        );
        assert!(screen.contains("3 saved"), "the agenda's count is stale");
        let after = memo(&state);
        assert!(
            after.0 > first.0 && after.1 > first.1,
            "{after:?} after {first:?}"
        );

        // Hiding one is a change too: the agenda counts it out.
        let id = add(&mut state, "q2", "Fourth answer");
        draw(&state);
        let run = state.run_mut().unwrap();
        run.session
            .apply(&Change::SetHidden { id, hidden: true })
            .unwrap();
        assert!(
            draw(&state).contains("3 saved"),
            "the hidden answer is counted"
        );
    }
}
