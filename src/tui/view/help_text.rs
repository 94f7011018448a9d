//! The help overlay for the home and run screens: every section comes from the keymap, as
//! remapped — the base modes' tables, then each panel's, dialog's and form's.

use super::*;
use crate::tui::keymap::{Command, Context};

/// The help's sections for the screen `state` is on.
pub fn help_sections(state: &State) -> Vec<(String, Vec<(String, String)>)> {
    let usable = |k: &crate::tui::keymap::Key| state.usable(k);
    // The text box's editing keys, from their own table: the same in every box.
    let text = state.keymap.help(Context::Editing, usable);
    if matches!(state.screen, Screen::Home(_)) {
        // On the home screen only help and quit of the anywhere table work.
        let anywhere: Vec<(String, String)> = [Command::Help, Command::Quit]
            .into_iter()
            .filter_map(|c| {
                let keys: Vec<String> = state
                    .keymap
                    .keys(Context::Anywhere, c)
                    .iter()
                    .filter(|k| usable(k))
                    .map(ToString::to_string)
                    .collect();
                (!keys.is_empty()).then(|| (keys.join(", "), c.help().to_owned()))
            })
            .collect();
        let mut out = vec![(state.keymap.heading(Context::Anywhere), anywhere)];
        out.extend(crate::tui::help::sections(
            &state.keymap,
            &[Context::Home, Context::NewSessionForm, Context::Help],
            usable,
        ));
        out.push((state.keymap.heading(Context::Editing), text));
        return out;
    }
    let mut out = crate::tui::help::sections(&state.keymap, &Context::RUN, usable);
    for (ctx, rows) in out.iter_mut() {
        if *ctx == Context::Typing.heading() {
            rows.insert(
                0,
                (
                    "typing".into(),
                    "goes into the capture box, exactly as typed".into(),
                ),
            );
            rows.push((
                "marks".into(),
                "type a choice's first letter or Space; nothing is chosen until you do".into(),
            ));
            rows.push((
                "role clarity".into(),
                "on a mark: ← → criterion, ↑ ↓ activity, PgUp/PgDn ten, or the activity's number as printed".into(),
            ));
        }
    }
    out.push((state.keymap.heading(Context::Editing), text));
    out.extend(crate::tui::help::sections(
        &state.keymap,
        &Context::RUN_PANELS,
        usable,
    ));
    out
}

/// The help overlay, scrolled where the state says.
#[derive(Clone, Copy)]
pub(super) struct HelpOverlay<'a> {
    pub state: &'a State,
}

impl Widget for HelpOverlay<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let HelpOverlay { state } = self;
        let theme = state.theme;
        let inner = crate::tui::help::frame(theme, &state.keymap, area, buf);
        let mut lines = crate::tui::help::owned_lines(theme, &help_sections(state));
        if matches!(state.screen, Screen::Run(_)) {
            lines.push(Line::styled(
                "A contribution shows \"✓ saved\" only once it is on disk.",
                theme.dim(),
            ));
        }
        Paragraph::new(lines)
            .scroll((state.help_scroll, 0))
            .wrap(Wrap { trim: false })
            .render(inner, buf);
    }
}
