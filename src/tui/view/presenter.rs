//! The presenter's notes, beside the capture box while an audience window follows the run:
//! what the room must not see — the exercise's notes, what comes next, the timer, who is
//! connected.

use super::*;

/// The presenter's notes, boxed.
#[derive(Clone, Copy)]
pub(super) struct PresenterNotes<'a> {
    pub state: &'a State,
    pub run: &'a Run,
}

impl Widget for PresenterNotes<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let PresenterNotes { state, run } = self;
        let theme = state.theme;
        let block = Block::bordered()
            .title(Span::styled(
                " Presenter — not on the screen ",
                theme.heading(),
            ))
            .border_style(theme.border());
        let inner = block.inner(area);
        block.render(area, buf);
        if inner.width < 4 || inner.height == 0 {
            return;
        }
        let w = inner.width as usize;
        let mut lines: Vec<(String, Style)> = Vec::new();
        let (timer, ratio) = timer_text(run, state.now);
        let timer = if run.timer.total.is_zero() && !run.timer.running() {
            "untimed".to_owned()
        } else {
            timer
        };
        let screens = match run.screens {
            1 => "1 audience window".to_owned(),
            n => format!("{n} audience windows"),
        };
        let people = match &run.sharing {
            Some(s) if !s.url.is_empty() => {
                let live = s.devices.iter().filter(|d| d.streams > 0).count();
                format!(
                    " · {live} note-taker{} live",
                    if live == 1 { "" } else { "s" }
                )
            }
            _ => String::new(),
        };
        lines.push((
            format!("⏱ {timer} · {screens}{people}"),
            timer_style(theme, ratio, run),
        ));
        let next = next_up(run);
        for l in wrap(&format!("Next: {next}"), w) {
            lines.push((l, theme.dim()));
        }
        let notes = &run.current_exercise().instructions;
        if notes.trim().is_empty() {
            lines.push(("No notes for this exercise.".into(), theme.dim()));
        } else {
            for l in wrap(notes, w) {
                lines.push((l, theme.text()));
            }
        }
        for (i, (l, style)) in lines.iter().enumerate().take(inner.height as usize) {
            buf.set_stringn(inner.x, inner.y + i as u16, l, w, *style);
        }
    }
}

/// The next slot of this exercise, else the next exercise.
fn next_up(run: &Run) -> String {
    // The slot of imported lines not yet placed is never next: it is not a question.
    let slots: Vec<_> = run
        .current_slots()
        .iter()
        .filter(|s| s.id != crate::model::exercise::UNPLACED_SLOT)
        .collect();
    let i = run.slot_index();
    if let Some(s) = slots.get(i + 1) {
        return format!("{} ({}/{})", display_line(&s.label), i + 2, slots.len());
    }
    match run.agenda.get(run.exercise + 1) {
        Some(e) => format!("{} (Ctrl-N)", display_line(&e.title)),
        None => "the end of the agenda".into(),
    }
}
