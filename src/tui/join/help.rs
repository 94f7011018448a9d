//! The note-taker screen's help: every key from the keymap as remapped, the note-taker's
//! wording of each command, and what happens to an answer on its way.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::{Paragraph, Widget, Wrap};

use super::state::JoinState;
use crate::tui::keymap::{Context, Key};
use crate::tui::theme::Theme;

/// The help, over the whole screen.
pub(super) struct JoinHelp<'a>(pub &'a JoinState);

impl Widget for JoinHelp<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let state = self.0;
        let theme: Theme = state.theme;
        let inner = crate::tui::help::frame(theme, &state.keymap, area, buf);
        // The keys come from the keymap, as remapped; the vote panel keeps its own.
        let usable = |k: &Key| state.usable(k);
        let mut anywhere = state.keymap.join_help(Context::Anywhere, usable);
        anywhere.extend(state.keymap.join_help(Context::Join, usable));
        let mut typing = vec![(
            "typing".to_owned(),
            "goes into the box, exactly as typed".to_owned(),
        )];
        typing.extend(state.keymap.join_help(Context::Typing, usable));
        typing.push((
            "marks".into(),
            "type a choice's first letter or Space; nothing is chosen until you do".into(),
        ));
        let selecting = state.keymap.join_help(Context::Selecting, usable);
        let editing = state.keymap.help(Context::Editing, usable);
        let answers = format!(
            "Answers (after {})",
            state
                .keymap
                .name_of(Context::Typing, crate::tui::keymap::Command::LeaveBox)
        );
        let keyed = [
            ("Anywhere", anywhere),
            ("Capturing (the box at the bottom)", typing),
            (Context::Editing.heading(), editing),
            (answers.as_str(), selecting),
        ];
        let keyed: Vec<(&str, Vec<(&str, &str)>)> = keyed
            .iter()
            .map(|(h, rows)| {
                (
                    *h,
                    rows.iter().map(|(k, w)| (k.as_str(), w.as_str())).collect(),
                )
            })
            .collect();
        let mut sections: Vec<(&str, &[(&str, &str)])> =
            keyed.iter().map(|(h, r)| (*h, r.as_slice())).collect();
        // The vote panel's, the quit question's and the help's own keys, from their tables.
        let panels = crate::tui::help::sections(&state.keymap, &Context::JOIN_PANELS, usable);
        let panel_rows: Vec<Vec<(&str, &str)>> = panels
            .iter()
            .map(|(_, r)| r.iter().map(|(k, w)| (k.as_str(), w.as_str())).collect())
            .collect();
        sections.extend(
            panels
                .iter()
                .zip(&panel_rows)
                .map(|((h, _), r)| (h.as_str(), r.as_slice())),
        );
        let mut lines = crate::tui::help::lines(theme, &sections);
        for l in [
            "An answer goes into the outbox on this machine first (\"queued\"), then to the",
            "facilitator; \"✓ saved\" means the facilitator's computer has it on disk. Unsent",
            "answers survive a dropped connection, a crash and a restart: they are sent again",
            "until the server has them. The facilitator follows the exercises; this screen",
            "follows the facilitator.",
            "",
        ]
        .iter()
        .chain(super::vote::view::HELP_NOTE)
        {
            lines.push(Line::styled(*l, theme.dim()));
        }
        Paragraph::new(lines)
            .scroll((state.help_scroll, 0))
            .wrap(Wrap { trim: false })
            .render(inner, buf);
    }
}
