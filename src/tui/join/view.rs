//! Drawing the note-taker screen: a pure function of the state.

use ratatui::Frame;
use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Position, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph, StatefulWidget, Widget, Wrap};

use super::state::{Conn, JoinState, MineState, Shown};
use crate::tui::capture;
use crate::tui::keymap::{Command, Context};
use crate::tui::state::Focus;
use crate::tui::text::{display, truncate, width, wrap};
use crate::tui::view::{MIN_HEIGHT, MIN_WIDTH};

/// Rows of one answer's text shown in the list; the rest is marked "…".
const ANSWER_ROWS: usize = 6;

pub fn view(state: &JoinState, frame: &mut Frame) {
    let area = frame.area();
    let buf = frame.buffer_mut();
    if area.width < MIN_WIDTH || area.height < MIN_HEIGHT {
        crate::tui::view::TooSmall.render(area, buf);
        return;
    }
    let theme = state.theme;
    let capture_rows = with_capture(state, |c| capture::height(c, area));
    let banner_rows = if state.banner.is_some() { 2 } else { 0 };
    let [banner, header, middle, capture, status, keys] = Layout::vertical([
        Constraint::Length(banner_rows),
        Constraint::Length(1),
        Constraint::Min(3),
        Constraint::Length(capture_rows),
        Constraint::Length(1),
        Constraint::Length(1),
    ])
    .areas(area);
    if let Some(msg) = &state.banner {
        Paragraph::new(format!(" ⚠ {}", display(msg)))
            .style(theme.danger())
            .wrap(Wrap { trim: true })
            .render(banner, buf);
    }
    JoinHeader(state).render(header, buf);
    JoinExercise(state).render(middle, buf);
    let mut cursor = draw_capture(state, capture, buf);
    JoinStatus(state).render(status, buf);
    JoinKeys(state).render(keys, buf);
    // The layers over the base, from the bottom up, as the key handling reads them: what is
    // drawn on top is what has the keys; none of them types, so none shows the box's cursor.
    for layer in crate::tui::join::layers::join_layers(state) {
        cursor = None;
        match layer {
            Context::Help => super::help::JoinHelp(state).render(area, buf),
            Context::QuitQuestion => crate::tui::dialog::QuitQuestion {
                theme: state.theme,
                keymap: &state.keymap,
                what: "The text in the box is not sent.",
                verb: "send",
            }
            .render(area, buf),
            // The vote panel, over the exercise and the box (which keeps its text underneath).
            _ => {
                let over = Rect::new(area.x, middle.y, area.width, middle.height + capture.height);
                super::vote::view::VotePanelView(state).render(over, buf);
            }
        }
    }
    if let Some(p) = cursor {
        frame.set_cursor_position(p);
    }
}

fn conn_text(state: &JoinState) -> (String, Style) {
    let theme = state.theme;
    match &state.conn {
        Conn::Connecting => ("… connecting".into(), theme.dim()),
        Conn::Connected => ("● connected".into(), theme.good()),
        Conn::Reconnecting { at, .. } => {
            let left = at.saturating_duration_since(state.now);
            let secs = left.as_secs() + u64::from(left.subsec_nanos() > 0);
            if secs == 0 {
                ("○ reconnecting…".into(), theme.warn())
            } else {
                (format!("○ reconnecting in {secs} s"), theme.warn())
            }
        }
        Conn::SignedOut(_) => ("✗ signed out".into(), theme.danger()),
    }
}

/// The top line: the session, the group, the connection.
struct JoinHeader<'a>(&'a JoinState);

impl Widget for JoinHeader<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let state = self.0;
        let theme = state.theme;
        let (conn, conn_style) = conn_text(state);
        let conn_w = (width(&conn) as u16 + 1).min(area.width / 2);
        let [left, right] =
            Layout::horizontal([Constraint::Min(10), Constraint::Length(conn_w)]).areas(area);
        let title = state.title.as_deref().unwrap_or("hearth join");
        let group = format!(" · {}", state.group);
        let group_w = width(&truncate(&group, 30));
        let title_w = (left.width as usize).saturating_sub(group_w + 1);
        Line::from(vec![
            Span::styled(truncate(title, title_w), theme.heading()),
            Span::styled(truncate(&group, 30), theme.group()),
        ])
        .render(left, buf);
        buf.set_stringn(
            right.x + 1,
            right.y,
            &conn,
            right.width.saturating_sub(1) as usize,
            conn_style,
        );
    }
}

/// The exercise the box writes to: its title, slots and this slot's answers.
struct JoinExercise<'a>(&'a JoinState);

impl Widget for JoinExercise<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let state = self.0;
        let theme = state.theme;
        let Some(target) = &state.target else {
            let mut lines = vec![
                Line::styled(
                    format!("Waiting for the facilitator's session at {}…", state.server),
                    theme.dim(),
                ),
                Line::raw(""),
            ];
            if let Conn::Reconnecting { reason, .. } = &state.conn {
                lines.push(Line::styled(display(reason), theme.warn()));
            }
            if let Conn::SignedOut(reason) = &state.conn {
                lines.push(Line::styled(display(reason), theme.warn()));
            }
            let waiting = state.queued_count();
            if waiting > 0 {
                lines.push(Line::raw(format!(
                    "{waiting} answer{} wait on this machine; they are sent as soon as the server answers.",
                    if waiting == 1 { "" } else { "s" }
                )));
            }
            Paragraph::new(lines)
                .wrap(Wrap { trim: true })
                .render(area, buf);
            return;
        };
        let block = Block::new()
            .borders(Borders::TOP)
            .border_style(theme.border())
            .title(Span::styled(
                format!(
                    " {}/{} {} ",
                    target.position,
                    target.of,
                    truncate(&target.title, area.width.saturating_sub(12) as usize)
                ),
                theme.heading(),
            ));
        let inner = block.inner(area);
        block.render(area, buf);
        let w = inner.width as usize;
        let mut y = inner.y;
        let bottom = inner.bottom();
        let exercise_keys = || {
            let keys = |c| {
                state
                    .keymap
                    .join_keys(Context::Typing, c)
                    .first()
                    .map_or_else(String::new, ToString::to_string)
            };
            format!(
                "{}/{}",
                keys(Command::NextExercise),
                keys(Command::PreviousExercise)
            )
        };
        let note = if state.behind()
            && let Some(e) = &state.exercise
        {
            Some(format!(
                "The facilitator is now on \"{}\" — {}: go there (your text waits here)",
                e.title,
                exercise_keys()
            ))
        } else {
            match state.waiting_elsewhere() {
                0 => None,
                n => Some(format!(
                    "{n} unsent entr{} wait{} in an exercise the facilitator has left — {}: go there",
                    if n == 1 { "y" } else { "ies" },
                    if n == 1 { "s" } else { "" },
                    exercise_keys()
                )),
            }
        };
        if let Some(note) = note
            && y < bottom
        {
            buf.set_stringn(inner.x, y, truncate(&note, w), w, theme.accent());
            y += 1;
        }
        if let Some(hint) = super::vote::view::hint(state)
            && y < bottom
        {
            buf.set_stringn(inner.x, y, truncate(&hint, w), w, theme.accent());
            y += 1;
        }
        // Instructions: a couple of rows, more on a tall screen.
        let instr_rows = if inner.height >= 30 {
            4
        } else if inner.height >= 9 {
            2
        } else {
            0
        };
        let about = [&target.question, &target.seed, &target.instructions]
            .into_iter()
            .filter(|t| !t.trim().is_empty())
            .map(String::as_str)
            .collect::<Vec<_>>()
            .join(" — ");
        if !about.is_empty() && instr_rows > 0 {
            let lines = wrap(&about, w);
            let more = lines.len() > instr_rows;
            for (i, line) in lines.iter().take(instr_rows).enumerate() {
                if y >= bottom {
                    break;
                }
                let shown = if more && i + 1 == instr_rows {
                    truncate(&format!("{line}…"), w)
                } else {
                    line.clone()
                };
                buf.set_stringn(inner.x, y, shown, w, theme.dim());
                y += 1;
            }
        }
        // The slots, in a window around the chosen one.
        let slots = state.slots();
        let room = bottom.saturating_sub(y) as usize;
        let slot_rows = slots.len().min((room / 3).max(1));
        let chosen = state.slot.min(slots.len().saturating_sub(1));
        let first = chosen
            .saturating_sub(slot_rows / 2)
            .min(slots.len().saturating_sub(slot_rows));
        for (i, s) in slots.iter().enumerate().skip(first).take(slot_rows) {
            if y >= bottom {
                break;
            }
            let here = i == chosen;
            let marker = if here { "▶ " } else { "  " };
            let waits = state
                .parked
                .contains_key(&crate::tui::entry::EntryPlace::new(&target.id, &s.id));
            let mut label = format!("{marker}{}{}", s.label, if waits { " ✎" } else { "" });
            if i == first && first > 0 {
                label = format!("{marker}↑ {}", s.label);
            }
            if i + 1 == first + slot_rows && i + 1 < slots.len() {
                label = format!("{label}  ↓ more (Tab)");
            }
            buf.set_stringn(
                inner.x,
                y,
                truncate(&label, w),
                w,
                if here { theme.accent() } else { theme.text() },
            );
            y += 1;
        }
        if y >= bottom {
            return;
        }
        let shown = state.slot_answers();
        let heading = format!(
            "─ {} · {} answer{} here ",
            state.group,
            shown.len(),
            if shown.len() == 1 { "" } else { "s" }
        );
        buf.set_stringn(inner.x, y, truncate(&heading, w), w, theme.border());
        y += 1;
        let list = Rect::new(inner.x, y, inner.width, bottom.saturating_sub(y));
        draw_answers(state, &shown, list, buf);
    }
}

fn draw_answers(state: &JoinState, shown: &[Shown<'_>], area: Rect, buf: &mut Buffer) {
    let theme = state.theme;
    if area.height == 0 || area.width < 4 {
        return;
    }
    if shown.is_empty() {
        buf.set_stringn(
            area.x,
            area.y,
            format!(
                "No answers here yet: type below and press {}.",
                state.keymap.name_of(
                    crate::tui::keymap::Context::Typing,
                    crate::tui::keymap::Command::Save
                )
            ),
            area.width as usize,
            theme.dim(),
        );
        return;
    }
    let w = area.width as usize;
    let selected = if state.focus == Focus::Select {
        state.selected.as_deref()
    } else {
        None
    };
    let mut lines: Vec<(String, Style)> = Vec::new();
    let mut selected_rows = None;
    for s in shown {
        let start = lines.len();
        let here = selected == Some(s.id);
        let base = if here { theme.selected() } else { theme.text() };
        // Only the start of a long answer is shown, so only the start is laid out.
        let mut end = s.text.len().min(ANSWER_ROWS * w * 4 + 4);
        while !s.text.is_char_boundary(end) {
            end -= 1;
        }
        let mut text_rows = wrap(&s.text[..end], w.saturating_sub(2));
        if text_rows.is_empty() {
            text_rows = vec![String::new()];
        }
        let cut = text_rows.len() > ANSWER_ROWS || end < s.text.len();
        text_rows.truncate(ANSWER_ROWS);
        if cut && let Some(last) = text_rows.last_mut() {
            *last = truncate(&format!("{last} …"), w.saturating_sub(2));
        }
        for (i, row) in text_rows.into_iter().enumerate() {
            let prefix = if i == 0 { "• " } else { "  " };
            lines.push((format!("{prefix}{row}"), base));
        }
        for (name, value) in s.fields {
            lines.push((truncate(&format!("  {name}: {value}"), w), base));
        }
        match s.mine {
            Some(MineState::Queued) => {
                lines.push(("  ⟳ sending… (queued on this machine)".into(), theme.warn()))
            }
            Some(MineState::Failed(reason)) => {
                lines.push((
                    truncate(&format!("  ✗ not saved: {reason}"), w),
                    theme.danger(),
                ));
                if s.homeless {
                    lines.push((
                        truncate(
                            "  typed for a question not open here: corrected, it is saved here",
                            w,
                        ),
                        theme.danger(),
                    ));
                }
            }
            Some(MineState::Saved(at)) => {
                lines.push((format!("  ✓ saved {at}"), theme.good()));
            }
            None => {}
        }
        if here {
            selected_rows = Some((start, lines.len()));
        }
    }
    let height = area.height as usize;
    // The newest at the bottom; the selected answer always in view.
    let first = match selected_rows {
        Some((start, end)) => {
            let from_bottom = lines.len().saturating_sub(height);
            if start < from_bottom {
                start
            } else {
                from_bottom.max(end.saturating_sub(height))
            }
        }
        None => lines.len().saturating_sub(height),
    };
    for (i, (text, style)) in lines.iter().skip(first).take(height).enumerate() {
        buf.set_stringn(area.x, area.y + i as u16, text, w, *style);
    }
}

fn draw_capture(state: &JoinState, area: Rect, buf: &mut Buffer) -> Option<Position> {
    let mut cursor = None;
    with_capture(state, |c| {
        capture::CaptureWidget {
            theme: state.theme,
            capture: c,
        }
        .render(area, buf, &mut cursor);
    });
    cursor
}

/// Builds the capture box for the current slot and hands it to `f`.
fn with_capture<R>(state: &JoinState, f: impl FnOnce(&capture::CaptureBox) -> R) -> R {
    let slot = state.current_slot();
    let label = slot.map_or("", |s| s.label.as_str());
    let under = state.current_parent().map_or_else(String::new, |p| {
        format!(" under ‘{}’", crate::model::tree::parent_words(&p.text))
    });
    let place = match (&state.target, state.behind()) {
        (Some(t), true) => format!("{}: {label}{under}", t.title),
        _ => format!("{label}{under}"),
    };
    let title = if state.fixing.is_some() {
        format!(" ✎ Correcting — {} → {place} ", state.group)
    } else {
        format!(" ✎ {} → {place} ", state.group)
    };
    let hint = match slot {
        None => "waiting for the exercise…".to_owned(),
        Some(s) if s.text_optional => format!("{} (optional)", s.text_label),
        Some(s) => format!("type the {} here", s.text_label),
    };
    let fields: Vec<capture::Field> = slot
        .map_or(&[][..], |s| s.fields.as_slice())
        .iter()
        .map(|f| capture::Field {
            name: &f.name,
            label: &f.label,
            choices: &f.choices,
        })
        .collect();
    let c = capture::CaptureBox {
        title: &title,
        hint: &hint,
        main_label: slot.map_or("answer", |s| s.text_label.as_str()),
        boxes: &state.capture,
        fields: &fields,
        active: state.capture_field,
        focused: state.focus == Focus::Capture,
        to_type: &state.keymap.name_of(Context::Selecting, Command::Type),
    };
    f(&c)
}

/// The status line: a message, else what became of the last answer sent from the box.
pub fn status_text(state: &JoinState) -> (String, bool) {
    if let Some(s) = &state.status {
        return (s.clone(), s.starts_with('✓'));
    }
    let waiting = state.queued_count();
    let last = state
        .last
        .as_ref()
        .and_then(|id| state.mine.iter().find(|m| &m.request.id == id));
    let label = |slot: &str| {
        state
            .target
            .iter()
            .chain(state.exercise.iter())
            .flat_map(|e| e.slots.iter())
            .find(|s| s.id == slot)
            .map_or_else(|| slot.to_owned(), |s| s.label.clone())
    };
    let (mut text, good) = match last {
        Some(m) => match &m.state {
            MineState::Queued => (
                format!(
                    "queued (on this machine) — {}; sending…",
                    label(&m.request.slot)
                ),
                false,
            ),
            MineState::Saved(at) => (format!("✓ saved {at} — {}", label(&m.request.slot)), true),
            MineState::Failed(reason) => (format!("✗ not saved — {reason}"), false),
        },
        None if waiting > 0 => (
            format!(
                "{waiting} answer{} queued (on this machine), waiting to be sent",
                if waiting == 1 { "" } else { "s" }
            ),
            false,
        ),
        None => (String::new(), false),
    };
    let others = waiting - usize::from(last.is_some_and(|m| m.state == MineState::Queued));
    if last.is_some() && others > 0 {
        text.push_str(&format!(" · {others} more waiting on this machine"));
    }
    (text, good)
}

/// The status line: the last thing that happened to an answer.
struct JoinStatus<'a>(&'a JoinState);

impl Widget for JoinStatus<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let state = self.0;
        let (text, good) = status_text(state);
        let style = if good {
            state.theme.good()
        } else {
            state.theme.dim()
        };
        Line::styled(truncate(&text, area.width as usize), style).render(area, buf);
    }
}

/// The key bar, from the keymap as the top layer has it.
struct JoinKeys<'a>(&'a JoinState);

impl Widget for JoinKeys<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let state = self.0;
        let theme = state.theme;
        // The top layer's keys while a panel is open (the same model as the run screen).
        if let Some(layer) = crate::tui::join::layers::join_top(state) {
            let bar = crate::tui::view::layer_bar_of(&state.keymap, layer, |k| state.usable(k));
            let bar: Vec<(&str, &str)> =
                bar.iter().map(|(k, l)| (k.as_str(), l.as_str())).collect();
            crate::tui::view::KeyBar { theme, keys: &bar }.render(area, buf);
            return;
        }
        let has_fields = state.current_slot().is_some_and(|s| !s.fields.is_empty());
        let vote_label = super::vote::view::main_label(state);
        let elsewhere = state.reachable().len() > 1;
        let context = match state.focus {
            Focus::Capture => Context::Typing,
            Focus::Select => Context::Selecting,
        };
        let mut bar = state.keymap.join_bar(
            context,
            |c| match c {
                Command::VotePanel => vote_label.is_some(),
                Command::NextField => has_fields,
                Command::NextExercise | Command::PreviousExercise => elsewhere,
                _ => true,
            },
            |k| state.usable(k),
        );
        if let Some(label) = vote_label {
            // "results" once the facilitator has revealed them.
            if let Some(e) = bar
                .iter_mut()
                .find(|(_, l)| l == Command::VotePanel.label())
            {
                e.1 = label.to_owned();
            }
        }
        let bar: Vec<(&str, &str)> = bar.iter().map(|(k, l)| (k.as_str(), l.as_str())).collect();
        crate::tui::view::KeyBar { theme, keys: &bar }.render(area, buf);
    }
}

#[cfg(test)]
mod tests {
    use ratatui::Terminal;
    use ratatui::backend::TestBackend;

    use super::*;
    use crate::net::api::{Answer, ContributionRequest, ExerciseInfo, SlotInfo};
    use crate::tui::join::state::Mine;
    use crate::tui::theme::Theme;

    fn screen(state: &JoinState, w: u16, h: u16) -> String {
        let mut t = Terminal::new(TestBackend::new(w, h)).unwrap();
        t.draw(|f| view(state, f)).unwrap();
        let buf = t.backend().buffer().clone();
        let mut out = String::new();
        for y in 0..h {
            for x in 0..w {
                out.push_str(buf[(x, y)].symbol());
            }
            out.push('\n');
        }
        out
    }

    fn sample() -> JoinState {
        let mut s = JoinState::new(
            "http://127.0.0.1:7878/".into(),
            "Table 1".into(),
            Theme::plain(),
        );
        s.title = Some("Dreaming together".into());
        let e = ExerciseInfo {
            seed: String::new(),
            question: String::new(),
            id: "pathways".into(),
            title: "Pathways for peer advancement".into(),
            kind: "pathway_brainstorm".into(),
            instructions: "Answer each question in your group.".into(),
            position: 1,
            of: 1,
            slots: ["q1", "q4", "q5"]
                .iter()
                .map(|id| SlotInfo {
                    parent_slot: None,
                    id: (*id).into(),
                    label: format!("{id}. A question about careers"),
                    text_label: "answer".into(),
                    text_optional: false,
                    fields: Vec::new(),
                })
                .collect(),
        };
        s.exercise = Some(e.clone());
        s.target = Some(e);
        s.conn = Conn::Connected;
        s.answers.push(Answer {
            parent: None,
            id: "a".into(),
            exercise: "pathways".into(),
            slot: "q1".into(),
            group: Some("Table 1".into()),
            text: "Peer support volunteer --> outreach\u{1b}[31m".into(),
            fields: Default::default(),
            at: "2026-01-01T10:00:00Z".into(),
        });
        for (id, state) in [
            ("b", MineState::Queued),
            ("c", MineState::Failed("no such slot".into())),
        ] {
            s.mine.push(Mine {
                request: ContributionRequest {
                    parent: None,
                    id: id.into(),
                    exercise: "pathways".into(),
                    slot: "q1".into(),
                    group: "Table 1".into(),
                    text: format!("answer {id}"),
                    fields: Default::default(),
                },
                state,
            });
        }
        s.last = Some("b".into());
        s
    }

    #[test]
    fn the_screen_at_80_by_24_shows_everything_a_note_taker_needs() {
        let s = sample();
        let out = screen(&s, 80, 24);
        for needle in [
            "Dreaming together",
            "Table 1",
            "● connected",
            "Pathways for peer advancement",
            "Answer each question",
            "▶ q1. A question",
            "Peer support volunteer --> outreach␛[31m",
            "⟳ sending… (queued on this machine)",
            "✗ not saved: no such slot",
            "✎ Table 1 → q1.",
            "queued (on this machine)",
            "Enter send",
        ] {
            assert!(out.contains(needle), "{needle:?} in\n{out}");
        }
        assert!(!out.contains('\u{1b}'));
    }

    #[test]
    fn tiny_and_huge_windows_never_panic() {
        let mut s = sample();
        s.banner = Some("x".repeat(500));
        s.help = true;
        for (w, h) in [
            (0, 0),
            (1, 1),
            (20, 5),
            (39, 11),
            (40, 12),
            (80, 24),
            (250, 80),
        ] {
            let out = screen(&s, w, h);
            if w < MIN_WIDTH || h < MIN_HEIGHT {
                assert!(w < 10 || out.contains("Make the"), "{w}x{h}\n{out}");
            }
        }
        s.help = false;
        s.target = None;
        for (w, h) in [(40, 12), (80, 24)] {
            assert!(screen(&s, w, h).contains("Waiting for the facilitator"));
        }
    }
}
