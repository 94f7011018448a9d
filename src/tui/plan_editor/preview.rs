//! The preview: the chosen exercise's board as the room will see it, filled with sample answers
//! that are marked as samples and never saved anywhere (they live in a session made for the
//! drawing and dropped after it).

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::widgets::{Block, Borders, Paragraph, StatefulWidget, Widget, Wrap};

use crate::model::{Change, Draft, Exercise, Scenario, Session};
use crate::tui::boards::{Board, BoardView};
use crate::tui::theme::Theme;

/// What every sample answer starts with, so no one takes it for the room's.
pub const SAMPLE: &str = "(sample)";

/// A session of `scenario` holding one sample answer in each slot of `exercise` (by each
/// suggested group, or one sample group), never written anywhere.
pub fn sample_session(scenario: &Scenario, exercise: &Exercise) -> Session {
    let mut groups = scenario.suggested_groups.clone();
    groups.truncate(2);
    if groups.is_empty() {
        groups.push("Sample group".into());
    }
    let mut session = Session::new(scenario.clone(), "Preview".into(), None, groups.clone());
    let at = jiff::Timestamp::UNIX_EPOCH;
    let mut n = 0;
    let mut first_in: std::collections::HashMap<String, String> = Default::default();
    for group in &groups {
        for slot in exercise.kind.model().slots() {
            n += 1;
            let mut draft = Draft::new(&exercise.id, &slot.id, &format!("{SAMPLE} answer {n}"))
                .group(Some(group.clone()));
            for f in slot.fields.iter() {
                let value = f
                    .choices
                    .first()
                    .cloned()
                    .unwrap_or_else(|| format!("{SAMPLE} {}", f.label));
                draft = draft.field(f.name, &value);
            }
            if let Some(parent) = &slot.parent {
                draft = draft.parent(first_in.get(parent).cloned());
            }
            let id = format!("sample{n:04}");
            let change = Change::Add {
                contribution: draft.into_contribution_with(id.clone(), at),
            };
            if session.apply(&change).is_ok() {
                first_in.entry(slot.id.clone()).or_insert(id);
            }
        }
    }
    session
}

/// The preview of `exercise` (of `scenario`), framed and titled as a preview with samples.
pub struct Preview<'a> {
    pub scenario: Option<&'a Scenario>,
    pub exercise: Option<&'a Exercise>,
    pub theme: Theme,
}

impl Widget for Preview<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let block = Block::default()
            .borders(Borders::ALL)
            .border_style(self.theme.border())
            .title(" Preview: sample answers, not saved ");
        let inner = block.inner(area);
        block.render(area, buf);
        let (Some(scenario), Some(exercise)) = (self.scenario, self.exercise) else {
            Paragraph::new(
                "Choose an exercise to see its board. (The preview needs the plan to read: fix what is marked ✗ first.)",
            )
            .wrap(Wrap { trim: true })
            .style(self.theme.dim())
            .render(inner, buf);
            return;
        };
        let session = sample_session(scenario, exercise);
        let Some(exercise) = session.scenario.exercise(&exercise.id) else {
            return;
        };
        let slots = exercise.slots();
        let view = BoardView {
            session: &session,
            exercise,
            slots: &slots,
            slot: 0,
            group: session.groups.first().map(String::as_str),
            selected: None,
            projection: false,
            concealed: false,
            show_reference: true,
            order_seed: None,
            theme: self.theme,
            arrived: None,
            // Drawn once, from a session made for it: nothing to keep between frames.
            memo: None,
        };
        let mut hits = Vec::new();
        Board(view).render(inner, buf, &mut hits);
    }
}
