//! The help overlay's contents for the home and run screens.

use super::*;

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
    let newline = if state.shift_enter {
        "Shift-Enter, Alt-Enter"
    } else {
        "Alt-Enter"
    };
    let sections: &[(&str, &[(&str, &str)])] = &[
        (
            "Anywhere",
            &[
                (
                    "F5",
                    "projection on / off: the audience's view, large, typing shown in a strip",
                ),
                ("F9", "audience text size: auto, normal, large, huge"),
                (
                    "F2",
                    "while sharing: the join address and code on the audience's screen",
                ),
                (
                    "F6 (S)",
                    "share with note-takers; then open / close their panel",
                ),
                ("F7 (t)", "start / pause the timer;  F8 (+): add a minute"),
                ("F1 (? after Esc)", "this help"),
                (
                    "Ctrl-Q",
                    "quit — saved answers are on disk; text still in the box is asked about",
                ),
            ],
        ),
        (
            "Capturing (the box at the bottom has the focus)",
            &[
                ("typing", "goes into the capture box, exactly as typed"),
                (
                    "Enter",
                    "save it to the selected slot for the selected group",
                ),
                (
                    newline,
                    "a line break (a paste keeps its line breaks and is never saved by itself)",
                ),
                (
                    "Tab / Shift-Tab",
                    "next / previous slot: question, corner, column, cell",
                ),
                (
                    "Ctrl-F",
                    "next field of a multi-field entry (benefits, risks, mark…); ▸ marks it",
                ),
                ("Ctrl-G", "next group (then \"no group\")"),
                (
                    "marks",
                    "type a choice's first letter or Space; nothing is chosen until you do",
                ),
                (
                    "role clarity",
                    "on a mark: ← → criterion, ↑ ↓ activity, PgUp/PgDn ten, or its number",
                ),
                ("Ctrl-N / Ctrl-P", "next / previous exercise"),
                ("Esc", "leave the box to select contributions"),
            ],
        ),
        (
            "Selecting (after Esc)",
            &[
                (
                    "↑ ↓",
                    "choose a contribution (PgUp/PgDn, mouse wheel: faster)",
                ),
                ("e or Enter", "edit it (the original is kept as a revision)"),
                ("h", "hide / unhide: off the record, never exported"),
                ("s", "star"),
                ("m / M", "move to the next / previous slot"),
                ("o", "move to another group (a list to choose from)"),
                ("Space", "spotlight it full screen"),
                (
                    "W",
                    "withdraw for good: its words leave every file (asks first)",
                ),
                (
                    "u / r",
                    "take back the last saved change / do it again (says what it did)",
                ),
                ("n", "add a group"),
                (
                    "d",
                    "session details: date, event, facilitators, introduction…",
                ),
                ("R", "hide answers until revealed; R again reveals"),
                ("a", "role clarity: show the reference answers"),
                ("p / P", "pick a random group / contribution to speak next"),
                ("x", "shuffle the display order (again: back to order)"),
                ("b", "breakout groups from a list of names"),
                ("E", "export Markdown, HTML, CSV and JSON to exports/"),
                ("T", "themes: gather the selected answer under a name"),
                (
                    "v",
                    "vote: dots on answers or themes, or ratings of uncertainties",
                ),
                ("A", "scenario building: choose the matrix's two axes"),
                ("Esc or i", "back to typing"),
            ],
        ),
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
    let mut lines = crate::tui::help::lines(theme, sections);
    lines.push(Line::styled(
        "A contribution shows \"✓ saved\" only once it is on disk.",
        theme.dim(),
    ));
    Paragraph::new(lines)
        .scroll((state.help_scroll, 0))
        .wrap(Wrap { trim: false })
        .render(inner, buf);
}
