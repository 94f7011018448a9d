//! The themes panel and the axes form, drawn over the board (the vote panel is in `vote.rs`).
//! Everything people typed is shown display-safe (control characters as symbols).

use super::*;
use crate::tui::converge::{
    AXIS_FIELDS, AxesForm, AxesStep, Naming, ThemesPanel, ThemesStep, themes,
};
use crate::tui::keymap::Command;
use crate::tui::text::display_line;

/// "1 answer", "3 answers".
pub(super) fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// Writes `text` (already display-safe) on row `*y` of `area`, cut to fit, and moves down.
pub(super) fn row(buf: &mut Buffer, area: Rect, y: &mut u16, text: &str, style: Style) {
    if *y < area.bottom() {
        buf.set_stringn(
            area.x,
            *y,
            truncate(text, area.width as usize),
            area.width as usize,
            style,
        );
        *y += 1;
    }
}

/// How many rows [`hints`] takes for `text` in `width` columns.
pub(super) fn hint_height(text: &str, width: u16) -> u16 {
    u16::try_from(wrap(text, width as usize).len()).unwrap_or(u16::MAX)
}

/// Key hints wrapped onto the last rows of `area`.
pub(super) fn hints(buf: &mut Buffer, area: Rect, text: &str, style: Style) {
    let lines = wrap(text, area.width as usize);
    let n = (lines.len() as u16).min(area.height);
    for (i, l) in lines.iter().take(n as usize).enumerate() {
        buf.set_stringn(
            area.x,
            area.bottom() - n + i as u16,
            l,
            area.width as usize,
            style,
        );
    }
}

/// A one-line text box (in the first row of its area): its visible part, and the cursor when `focused`. A text
/// selected whole (a pre-filled name) is shown reversed, with what typing will do.
#[derive(Clone, Copy)]
pub(super) struct OneLineBox<'a> {
    pub theme: Theme,
    pub b: &'a crate::tui::textbox::TextBox,
    /// Whether it is being typed in: it then shows the cursor.
    pub focused: bool,
}

impl StatefulWidget for OneLineBox<'_> {
    type State = Option<Position>;

    fn render(self, area: Rect, buf: &mut Buffer, cursor: &mut Self::State) {
        let OneLineBox { theme, b, focused } = self;
        if area.width == 0 || area.height == 0 {
            return;
        }
        b.set_width(area.width);
        let w = area.width as usize;
        let note = "  (typing replaces it)";
        let selected = focused && b.is_selected();
        let (shown, col) = if focused && !selected {
            let (rows, (_, col)) = b.view(w, 1);
            (rows.into_iter().next().unwrap_or_default(), col)
        } else {
            // Not being edited, or about to be replaced whole: its start, as much as fits (beside
            // what typing will do, when there is room for both).
            let room = match w.checked_sub(width(note)) {
                Some(r) if selected && r >= 12 => r,
                _ => w,
            };
            let shown = truncate(b.text(), room);
            let col = width(&shown);
            (shown, col)
        };
        buf.set_stringn(
            area.x,
            area.y,
            &shown,
            w,
            if selected {
                theme.text().patch(theme.selected())
            } else {
                theme.text()
            },
        );
        let used = width(&shown);
        if selected && used + width(note) <= w {
            buf.set_stringn(area.x + used as u16, area.y, note, width(note), theme.dim());
        }
        if focused {
            *cursor = Some(Position::new(
                area.x + (col as u16).min(area.width - 1),
                area.y,
            ));
        }
    }
}

/// The themes panel: the exercise's themes with their answers, and the name box while one is
/// named.
#[derive(Clone, Copy)]
pub(super) struct ThemesOverlay<'a> {
    pub theme: Theme,
    pub keymap: &'a Keymap,
    pub run: &'a Run,
    pub panel: &'a ThemesPanel,
}

impl StatefulWidget for ThemesOverlay<'_> {
    type State = Option<Position>;

    fn render(self, area: Rect, buf: &mut Buffer, cursor: &mut Self::State) {
        let ThemesOverlay {
            theme,
            keymap,
            run,
            panel: p,
        } = self;
        let list = themes(&run.session, &p.exercise);
        let h = (list.len() as u16 + 9).max(12);
        let inner = crate::tui::dialog::centred(
            area,
            76,
            h,
            " Themes — gather answers under a name ",
            theme.border_focus(),
            buf,
        );
        if inner.width < 4 || inner.height < 2 {
            return;
        }
        let mut y = inner.y;
        let answer = p
            .answer
            .as_deref()
            .and_then(|id| run.session.contribution(id));
        match answer {
            Some(c) => {
                let group = c
                    .group
                    .as_deref()
                    .map_or_else(String::new, |g| format!("[{}] ", display_line(g)));
                let first = c.text.lines().next().unwrap_or("");
                row(
                    buf,
                    inner,
                    &mut y,
                    &format!("Answer: {group}{}", display_line(first)),
                    theme.heading(),
                );
                let now_in = run.session.convergence.theme_of(&c.id).map_or_else(
                    || "in no theme".to_owned(),
                    |t| format!("in “{}”", display_line(&t.name)),
                );
                row(buf, inner, &mut y, &format!("  {now_in}"), theme.dim());
            }
            None => row(
                buf,
                inner,
                &mut y,
                &format!(
                    "No answer selected: rename or merge themes, or {} and select one.",
                    keymap.name_of(Context::Themes, Command::Close)
                ),
                theme.dim(),
            ),
        }
        let hint_rows = 2;
        let body = Rect::new(
            inner.x,
            y,
            inner.width,
            inner.bottom().saturating_sub(y + hint_rows),
        );
        let mut by = body.y;
        let (choice, picking) = match &p.step {
            ThemesStep::MergeInto { choice, from } => {
                let name = list
                    .iter()
                    .find(|t| t.id == *from)
                    .map_or_else(String::new, |t| display_line(&t.name));
                row(
                    buf,
                    body,
                    &mut by,
                    &format!("Merge “{name}” into:"),
                    theme.accent(),
                );
                (*choice, true)
            }
            _ => (p.choice, true),
        };
        if list.is_empty() {
            row(
                buf,
                body,
                &mut by,
                &format!(
                    "No themes yet: {} makes one from the selected answer.",
                    keymap.name_of(Context::Themes, Command::NewTheme)
                ),
                theme.dim(),
            );
        }
        let rows = body.bottom().saturating_sub(by) as usize;
        let first = (choice + 1).saturating_sub(rows.saturating_sub(1).max(1));
        for (i, t) in list.iter().enumerate().skip(first) {
            if by >= body.bottom().saturating_sub(1) && i != choice {
                break;
            }
            let n = run
                .session
                .contributions()
                .iter()
                .filter(|c| c.exercise == p.exercise)
                .filter(|c| {
                    run.session
                        .convergence
                        .theme_of(&c.id)
                        .is_some_and(|x| x.id == t.id)
                })
                .count();
            let chosen = picking && i == choice;
            let line = format!(
                "{} {}. {} ({})",
                if chosen { "▸" } else { " " },
                i + 1,
                display_line(&t.name),
                plural(n, "answer", "answers")
            );
            row(
                buf,
                body,
                &mut by,
                &line,
                if chosen {
                    theme.selected()
                } else {
                    theme.text()
                },
            );
        }
        if let ThemesStep::Name { purpose, name } = &p.step {
            let label = match purpose {
                Naming::New => "New theme: ",
                Naming::Split => "Split into a new theme: ",
                Naming::Rename(_) => "New name: ",
            };
            let y = inner.bottom().saturating_sub(hint_rows + 1);
            let lw = width(label) as u16;
            buf.set_stringn(inner.x, y, label, inner.width as usize, theme.accent());
            OneLineBox {
                theme,
                b: name,
                focused: true,
            }
            .render(
                Rect::new(
                    inner.x + lw.min(inner.width),
                    y,
                    inner.width.saturating_sub(lw),
                    1,
                ),
                buf,
                cursor,
            );
        }
        let keys = keymap.hint_line(
            match &p.step {
                ThemesStep::Choose => Context::Themes,
                ThemesStep::Name { .. } => Context::ThemeName,
                ThemesStep::MergeInto { .. } => Context::ThemeMerge,
            },
            |_| true,
        );
        hints(
            buf,
            Rect::new(
                inner.x,
                inner.bottom().saturating_sub(hint_rows),
                inner.width,
                hint_rows,
            ),
            &keys,
            theme.dim(),
        );
    }
}

/// The axes form: pick two uncertainties, then name their poles.
#[derive(Clone, Copy)]
pub(super) struct AxesOverlay<'a> {
    pub theme: Theme,
    pub keymap: &'a Keymap,
    pub run: &'a Run,
    pub form: &'a AxesForm,
}

impl StatefulWidget for AxesOverlay<'_> {
    type State = Option<Position>;

    fn render(self, area: Rect, buf: &mut Buffer, cursor: &mut Self::State) {
        let AxesOverlay {
            theme,
            keymap,
            run,
            form: f,
        } = self;
        let h = match &f.step {
            AxesStep::Pick => f.candidates.len() as u16 + 8,
            AxesStep::Name { .. } => 12,
        };
        let inner = crate::tui::dialog::centred(
            area,
            90,
            h.max(10),
            " Choose the scenario axes ",
            theme.border_focus(),
            buf,
        );
        if inner.width < 4 || inner.height < 2 {
            return;
        }
        let mut y = inner.y;
        let from = run
            .session
            .scenario
            .exercise(&f.exercise)
            .and_then(|e| e.kind.model().axes_from().map(str::to_owned))
            // Named as the session words it, as the agenda shows it.
            .map(|id| run.session.exercise(&id).map_or(id, |e| e.title.clone()));
        let name_of = |p: &Option<String>| -> String {
            match p {
                Some(id) => f
                    .candidates
                    .iter()
                    .find(|c| &c.id == id)
                    .map_or_else(String::new, |c| {
                        display_line(c.text.lines().next().unwrap_or(""))
                    }),
                None => "a free axis".to_owned(),
            }
        };
        match &f.step {
            AxesStep::Pick => {
                let which = if f.picked.is_empty() {
                    "Pick the horizontal axis (x)".to_owned()
                } else {
                    format!(
                        "x: {} — now pick the vertical axis (y)",
                        f.picked.first().map_or_else(String::new, name_of)
                    )
                };
                row(buf, inner, &mut y, &which, theme.heading());
                let source = match (&from, f.candidates.iter().any(|c| c.rank.is_some())) {
                    (Some(t), true) => format!(
                        "Key uncertainties of “{}”, ranked by the revealed rating:",
                        display_line(t)
                    ),
                    (Some(t), false) => format!("Key uncertainties of “{}”:", display_line(t)),
                    (None, _) => "This plan names no triangle to draw axes from: type a free axis."
                        .to_owned(),
                };
                row(buf, inner, &mut y, &source, theme.dim());
                let n = f.candidates.len() + 1;
                let hint = keymap.hint_line(Context::AxesPick, |_| true);
                pick_list(buf, inner, y, (n, f.choice), theme, &hint, |i| {
                    match f.candidates.get(i) {
                        Some(c) => {
                            let rank = c.rank.map_or_else(String::new, |(r, imp, unc)| {
                                format!("#{r} (impact {imp:.1} · uncertainty {unc:.1}) ")
                            });
                            let x = if f.picked.first() == Some(&Some(c.id.clone())) {
                                "x "
                            } else {
                                "  "
                            };
                            format!(
                                "{x}{rank}{}",
                                display_line(c.text.lines().next().unwrap_or(""))
                            )
                        }
                        None => "  ✎ a free axis (type its name)".to_owned(),
                    }
                });
            }
            AxesStep::Name { boxes, field } => {
                let none = None;
                let (x, yy) = (
                    f.picked.first().unwrap_or(&none),
                    f.picked.get(1).unwrap_or(&none),
                );
                row(
                    buf,
                    inner,
                    &mut y,
                    &format!(
                        "x: {} · y: {} — name each axis and its two poles",
                        name_of(x),
                        name_of(yy)
                    ),
                    theme.heading(),
                );
                let lw = 22u16.min(inner.width / 2);
                for (i, label) in AXIS_FIELDS.iter().enumerate() {
                    if y >= inner.bottom() {
                        break;
                    }
                    buf.set_stringn(
                        inner.x,
                        y,
                        *label,
                        lw as usize,
                        if i == *field {
                            theme.accent()
                        } else {
                            theme.dim()
                        },
                    );
                    OneLineBox {
                        theme,
                        b: &boxes[i],
                        focused: i == *field,
                    }
                    .render(
                        Rect::new(inner.x + lw, y, inner.width.saturating_sub(lw), 1),
                        buf,
                        cursor,
                    );
                    y += 1;
                }
                hints(
                    buf,
                    Rect::new(inner.x, inner.bottom().saturating_sub(2), inner.width, 2),
                    &keymap.hint_line(Context::AxesName, |_| true),
                    theme.dim(),
                );
            }
        }
    }
}

/// The seed list: the answers that may seed the exercise, the current seed marked ✓.
#[derive(Clone, Copy)]
pub(super) struct SeedOverlay<'a> {
    pub theme: Theme,
    pub keymap: &'a Keymap,
    pub run: &'a Run,
    pub form: &'a crate::tui::converge::SeedForm,
}

impl Widget for SeedOverlay<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let SeedOverlay {
            theme,
            keymap,
            run,
            form: f,
        } = self;
        let inner = crate::tui::dialog::centred(
            area,
            90,
            (f.candidates.len() as u16 + 7).max(9),
            " Pick the seed ",
            theme.border_focus(),
            buf,
        );
        if inner.width < 4 || inner.height < 2 {
            return;
        }
        let mut y = inner.y;
        let session = &run.session;
        let from = session
            .scenario
            .exercise(&f.exercise)
            .and_then(|e| e.kind.model().seed_from().map(str::to_owned))
            .and_then(|id| session.scenario.exercise(&id).map(|e| e.title.clone()))
            .unwrap_or_default();
        row(
            buf,
            inner,
            &mut y,
            &format!("On the record in “{}”:", display_line(&from)),
            theme.heading(),
        );
        let current = session.convergence.seeds.get(&f.exercise).map(|s| &s.from);
        let hint = keymap.hint_line(Context::SeedPick, |_| true);
        pick_list(
            buf,
            inner,
            y,
            (f.candidates.len(), f.choice),
            theme,
            &hint,
            |i| {
                let (id, label) = &f.candidates[i];
                let mark = if current == Some(id) { "✓" } else { " " };
                format!("{mark} {}", display_line(label))
            },
        );
    }
}

/// A list to choose from, from row `y` of `inner` down to two rows of `hint` at its foot:
/// `count` rows, scrolled to keep the `choice` in sight, which is marked ▸ and drawn selected.
/// `line` gives row `i`'s text after the marker.
fn pick_list(
    buf: &mut Buffer,
    inner: Rect,
    y: u16,
    (count, choice): (usize, usize),
    theme: Theme,
    hint: &str,
    line: impl Fn(usize) -> String,
) {
    let hint_rows = 2;
    let list = Rect::new(
        inner.x,
        y,
        inner.width,
        inner.bottom().saturating_sub(y + hint_rows),
    );
    let rows = list.height as usize;
    let first = (choice + 1).saturating_sub(rows.max(1));
    let mut ly = list.y;
    for i in (first..count).take(rows) {
        let chosen = i == choice;
        let text = format!("{} {}", if chosen { "▸" } else { " " }, line(i));
        let style = if chosen {
            theme.selected()
        } else {
            theme.text()
        };
        row(buf, list, &mut ly, &text, style);
    }
    let foot = Rect::new(
        inner.x,
        inner.bottom().saturating_sub(hint_rows),
        inner.width,
        hint_rows,
    );
    hints(buf, foot, hint, theme.dim());
}
