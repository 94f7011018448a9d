//! The help overlay's contents for the home and run screens.

use super::*;
use crate::tui::keymap::Context;

/// The home screen's keys.
pub(super) const HOME_HELP: &[(&str, &[(&str, &str)])] = &[
    (
        "Home: plans on the left, sessions on the right",
        &[
            ("↑ ↓ (j k)", "choose a plan or a session"),
            ("Tab ← →", "between plans and sessions"),
            ("Enter", "open the session, or start one from the plan"),
            ("n", "a new session from the chosen plan"),
            ("F1 or ?", "this help"),
            ("q or Ctrl-Q", "quit"),
        ],
    ),
    (
        "New session form",
        &[
            ("Tab / ↑ ↓", "next / previous field"),
            ("Enter", "create the session and open it"),
            ("Ctrl-U / Ctrl-K", "clear to the start / end of the field"),
            ("Ctrl-W", "delete the word before the cursor"),
            ("Esc", "close the form"),
        ],
    ),
];

/// Editing keys of the text box, the same on every screen.
pub const TEXT_HELP: (&str, &[(&str, &str)]) = (
    "Editing the text",
    &[
        (
            "Ctrl-Z / Ctrl-Y",
            "undo / redo typing (Ctrl-Shift-Z redoes too)",
        ),
        (
            "Ctrl-W, Alt-Bksp",
            "delete the word before the cursor;  Alt-D: after it",
        ),
        ("Ctrl-U / Ctrl-K", "delete to the start / end of the line"),
        (
            "Ctrl-← →, Alt-← →",
            "move by word;  Home / End: start / end of the line",
        ),
        ("↑ ↓", "move by row as shown (the box grows, then scrolls)"),
    ],
);

pub(super) fn draw_help(state: &State, area: Rect, buf: &mut Buffer) {
    let theme = state.theme;
    let inner = crate::tui::help::frame(theme, area, buf);
    if matches!(state.screen, Screen::Home(_)) {
        Paragraph::new(crate::tui::help::lines(theme, HOME_HELP))
            .scroll((state.help_scroll, 0))
            .wrap(Wrap { trim: false })
            .render(inner, buf);
        return;
    }
    // The run screen's own keys come from the keymap, as remapped; panels keep their own.
    let mut keyed: Vec<(&str, Vec<(String, String)>)> = Vec::new();
    for ctx in Context::RUN {
        let mut rows = state.keymap.help(ctx, |k| state.usable(k));
        if ctx == Context::Typing {
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
        keyed.push((ctx.heading(), rows));
    }
    let keyed_rows: Vec<Vec<(&str, &str)>> = keyed
        .iter()
        .map(|(_, rows)| rows.iter().map(|(k, w)| (k.as_str(), w.as_str())).collect())
        .collect();
    let mut sections: Vec<(&str, &[(&str, &str)])> = keyed
        .iter()
        .zip(&keyed_rows)
        .map(|((h, _), rows)| (*h, rows.as_slice()))
        .collect();
    let panels: &[(&str, &[(&str, &str)])] = &[
        (
            "Themes panel (T)",
            &[
                ("↑ ↓, 1–9", "choose a theme"),
                ("Enter", "put the selected answer in it"),
                ("n", "a new theme (type its name); the answer goes in"),
                (
                    "s",
                    "split: a new theme taking the answer out of its old one",
                ),
                ("r / m", "rename the theme / merge it into another"),
                ("x", "take the answer out of any theme"),
                (
                    "",
                    "boards list answers under their theme, then \"no theme\"",
                ),
            ],
        ),
        (
            "Vote panel (v)",
            &[
                ("↑ ↓, Enter", "choose a vote (the plan's first) and open it"),
                (
                    "+ / - , l",
                    "before opening: dots each, and a limit per item",
                ),
                (
                    "← →",
                    "the group whose votes you enter, from its first item",
                ),
                ("Home / End", "the first / the last item"),
                ("+ or Space / -", "give the item a dot / take one back"),
                (
                    "two digits",
                    "a rating: impact, then uncertainty (1–5); then on to the next item",
                ),
                ("c / r", "close the vote / reveal the results"),
                ("o", "open another vote"),
                (
                    "",
                    "results stay hidden until revealed; F5 shows them to the room",
                ),
            ],
        ),
        (
            "Axes form (A, on scenario building)",
            &[
                (
                    "↑ ↓, Enter",
                    "pick the horizontal, then the vertical uncertainty",
                ),
                (
                    "Tab, Enter",
                    "type each axis's name and its two poles; Enter on the last saves",
                ),
                ("Esc", "back a step"),
            ],
        ),
        TEXT_HELP,
        (
            "Note-takers panel (F6)",
            &[
                ("↑ ↓", "choose a device"),
                (
                    "x",
                    "revoke it (y to confirm); it can no longer send answers",
                ),
                ("c", "a new join code (devices already in keep working)"),
                ("v", "the QR code of the join address, large"),
                ("S", "stop sharing (y to confirm)"),
                ("Esc or F6", "close the panel"),
            ],
        ),
    ];
    sections.extend_from_slice(panels);
    let mut lines = crate::tui::help::lines(theme, &sections);
    lines.push(Line::styled(
        "A contribution shows \"✓ saved\" only once it is on disk.",
        theme.dim(),
    ));
    Paragraph::new(lines)
        .scroll((state.help_scroll, 0))
        .wrap(Wrap { trim: false })
        .render(inner, buf);
}
