//! Drawing: a pure function of the state. Returns where clickable things are.

use ratatui::Frame;
use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Position, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Gauge, Paragraph, Widget, Wrap};

use super::boards::{self, BoardView, Hit};
use super::capture;
use super::state::{FORM_LABELS, Focus, Home, HomeFocus, Run, Screen, State};
use super::text::{display, truncate, width, wrap};
use super::theme::Theme;
use crate::model::exercise::{ExerciseKind, TextRule};

/// Below this the app asks for a larger window instead of drawing a cramped one.
pub const MIN_WIDTH: u16 = 40;
pub const MIN_HEIGHT: u16 = 12;

pub type Hits = Vec<(Rect, Hit)>;

pub fn view(state: &State, frame: &mut Frame) -> Hits {
    let area = frame.area();
    let mut hits = Vec::new();
    let buf = frame.buffer_mut();
    if area.width < MIN_WIDTH || area.height < MIN_HEIGHT {
        too_small(area, buf);
        return hits;
    }
    let mut cursor = None;
    match &state.screen {
        Screen::Home(home) => draw_home(state, home, area, buf, &mut cursor),
        Screen::Run(run) => draw_run(state, run, area, buf, &mut hits, &mut cursor),
    }
    if state.help {
        draw_help(state, area, frame.buffer_mut());
        cursor = None;
    }
    if state.quit_ask {
        draw_quit_ask(state, area, frame.buffer_mut());
        cursor = None;
    }
    if let Some(pos) = cursor {
        frame.set_cursor_position(pos);
    }
    hits
}

fn too_small(area: Rect, buf: &mut Buffer) {
    let msg = format!(
        "Make the window larger: hearth needs {MIN_WIDTH}×{MIN_HEIGHT}, this is {}×{}.",
        area.width, area.height
    );
    Paragraph::new(msg)
        .wrap(Wrap { trim: true })
        .render(area, buf);
}

/// The bottom line: keys and what they do, most needed first. Help and quit are always kept;
/// when the line is too narrow the least needed keys (the last ones) are left out first.
pub fn key_bar(theme: Theme, keys: &[(&str, &str)], area: Rect, buf: &mut Buffer) {
    let cost = |(key, label): &(&str, &str)| width(key) + width(label) + 2;
    let always = |(_, label): &(&str, &str)| matches!(*label, "help" | "quit");
    let mut used: usize = keys.iter().filter(|k| always(k)).map(cost).sum();
    let mut shown = vec![false; keys.len()];
    for (i, k) in keys.iter().enumerate() {
        if always(k) {
            shown[i] = true;
        } else if used + cost(k) <= area.width as usize {
            shown[i] = true;
            used += cost(k);
        }
    }
    let mut spans = Vec::new();
    for ((key, label), _) in keys.iter().zip(&shown).filter(|(_, s)| **s) {
        spans.push(Span::styled(key.to_string(), theme.key()));
        spans.push(Span::raw(format!(" {label} ")));
    }
    Line::from(spans).render(area, buf);
}

// ---------------------------------------------------------------- home

fn draw_home(
    state: &State,
    home: &Home,
    area: Rect,
    buf: &mut Buffer,
    cursor: &mut Option<Position>,
) {
    let theme = state.theme;
    let [top, body, status, keys] = Layout::vertical([
        Constraint::Length(2),
        Constraint::Min(3),
        Constraint::Length(1),
        Constraint::Length(1),
    ])
    .areas(area);
    Line::from(vec![
        Span::styled("hearth", theme.heading()),
        Span::raw("  facilitated group workshops, captured word for word"),
    ])
    .render(top, buf);
    let detail_rows = if body.height >= 16 { 6 } else { 0 };
    let [lists, details] =
        Layout::vertical([Constraint::Min(3), Constraint::Length(detail_rows)]).areas(body);
    let [left, right] =
        Layout::horizontal([Constraint::Percentage(50), Constraint::Percentage(50)]).areas(lists);
    let focus = home.focus();
    if detail_rows > 0 {
        let text = match focus {
            HomeFocus::Scenarios => home
                .scenarios
                .get(home.scenario)
                .map(|s| format!("{}\n{}", s.title, s.summary)),
            HomeFocus::Sessions => home
                .sessions
                .get(home.session)
                .map(|s| format!("{}\n{} · {}", s.title, s.date, s.path.display())),
        };
        if let Some(text) = text {
            Paragraph::new(display(&text))
                .style(theme.dim())
                .wrap(Wrap { trim: true })
                .render(details.inner(ratatui::layout::Margin::new(1, 0)), buf);
        }
    }
    let scenario_lines: Vec<String> = home
        .scenarios
        .iter()
        .map(|s| {
            format!(
                "{} ({} exercise{})",
                s.title,
                s.exercises,
                if s.exercises == 1 { "" } else { "s" }
            )
        })
        .collect();
    list(
        theme,
        "Workshop plans — Enter or n: new session",
        &scenario_lines,
        home.scenario,
        focus == HomeFocus::Scenarios,
        left,
        buf,
    );
    let session_lines: Vec<String> = home
        .sessions
        .iter()
        .map(|s| {
            format!(
                "{}  {} · {} contribution{}",
                s.date,
                s.title,
                s.contributions,
                if s.contributions == 1 { "" } else { "s" }
            )
        })
        .collect();
    list(
        theme,
        "Sessions, newest first — Enter: open",
        &session_lines,
        home.session,
        focus == HomeFocus::Sessions,
        right,
        buf,
    );
    if let Some(msg) = state.banner.as_ref().or(home.problems.first()) {
        Line::styled(truncate(msg, status.width as usize), theme.warn()).render(status, buf);
    }
    key_bar(
        theme,
        &[
            ("↑↓", "choose"),
            ("Tab", "plans/sessions"),
            ("Enter", "open"),
            ("n", "new session"),
            ("F1", "help"),
            ("q", "quit"),
        ],
        keys,
        buf,
    );
    if let Some(form) = &home.form {
        let w = area.width.min(70);
        let h = 12.min(area.height);
        let r = Rect::new(
            area.x + (area.width - w) / 2,
            area.y + (area.height - h) / 2,
            w,
            h,
        );
        Clear.render(r, buf);
        let title = home
            .scenarios
            .get(form.scenario)
            .map_or("", |s| s.title.as_str());
        let block = Block::bordered()
            .title(format!(
                " New session: {} ",
                truncate(title, w as usize - 16)
            ))
            .border_style(theme.border_focus());
        let inner = block.inner(r);
        block.render(r, buf);
        for (i, label) in FORM_LABELS.iter().enumerate() {
            let y = inner.y + i as u16 * 2;
            if y + 1 >= inner.bottom() {
                break;
            }
            buf.set_string(inner.x, y, label, theme.dim());
            let (rows, (_, col)) = form.fields[i].view(inner.width as usize - 2, 1);
            let style = if i == form.field {
                theme.selected()
            } else {
                theme.text()
            };
            buf.set_stringn(
                inner.x + 1,
                y + 1,
                rows.first().map_or("", String::as_str),
                inner.width as usize - 2,
                style,
            );
            if i == form.field {
                *cursor = Some(Position::new(inner.x + 1 + col as u16, y + 1));
            }
        }
        let msg = form
            .error
            .as_deref()
            .unwrap_or("Enter: start · Tab: next field · Esc: cancel");
        let y = inner.bottom().saturating_sub(1);
        buf.set_stringn(
            inner.x,
            y,
            truncate(msg, inner.width as usize),
            inner.width as usize,
            if form.error.is_some() {
                theme.warn()
            } else {
                theme.dim()
            },
        );
    }
}

fn list(
    theme: Theme,
    title: &str,
    items: &[String],
    selected: usize,
    focused: bool,
    area: Rect,
    buf: &mut Buffer,
) {
    let block = Block::bordered()
        .title(format!(" {title} "))
        .border_style(if focused {
            theme.border_focus()
        } else {
            theme.border()
        });
    let inner = block.inner(area);
    block.render(area, buf);
    if items.is_empty() {
        buf.set_stringn(
            inner.x,
            inner.y,
            "(none yet)",
            inner.width as usize,
            theme.dim(),
        );
        return;
    }
    let height = inner.height as usize;
    let first = selected.saturating_sub(height.saturating_sub(1));
    for (row, (i, item)) in items
        .iter()
        .enumerate()
        .skip(first)
        .take(height)
        .enumerate()
    {
        let style = if i == selected && focused {
            theme.selected()
        } else {
            theme.text()
        };
        let marker = if i == selected { "▶ " } else { "  " };
        buf.set_stringn(
            inner.x,
            inner.y + row as u16,
            truncate(&format!("{marker}{item}"), inner.width as usize),
            inner.width as usize,
            style,
        );
    }
}

// ---------------------------------------------------------------- run screen

fn board_view<'a>(
    state: &State,
    run: &'a Run,
    slots: &'a [crate::model::exercise::Slot],
) -> BoardView<'a> {
    BoardView {
        session: &run.session,
        exercise: run.current_exercise(),
        slots,
        slot: run.slot_index(),
        group: run.group_name(),
        selected: if run.focus == Focus::Select {
            run.selected.as_deref()
        } else {
            None
        },
        projection: run.projection,
        concealed: run.is_concealed(),
        show_reference: run.show_reference,
        order_seed: run.order_seed,
        theme: state.theme,
        arrived: Some(&run.arrived),
    }
}

fn draw_run(
    state: &State,
    run: &Run,
    area: Rect,
    buf: &mut Buffer,
    hits: &mut Hits,
    cursor: &mut Option<Position>,
) {
    let theme = state.theme;
    if let Some(id) = &run.spotlight
        && let Some(c) = run.session.contribution(id)
    {
        draw_spotlight(theme, c, area, buf);
        return;
    }
    let banner_rows = if state.banner.is_some() { 2 } else { 0 };
    let slot = run.current_slot();
    if run.projection {
        let [banner, main] =
            Layout::vertical([Constraint::Length(banner_rows), Constraint::Min(1)]).areas(area);
        draw_banner(state, banner, buf);
        draw_projection(state, run, main, buf, hits);
        return;
    }
    let (title, hint, slot_ref) = capture_parts(run);
    let fields: Vec<capture::Field> = slot_ref
        .iter()
        .flat_map(|s| &s.fields)
        .map(|f| capture::Field {
            name: f.name,
            label: f.label,
            choices: &f.choices,
        })
        .collect();
    let cbox = capture::CaptureBox {
        title: &title,
        hint: &hint,
        main_label: slot.text_label,
        boxes: &run.capture,
        fields: &fields,
        active: run.capture_field,
        focused: run.focus == Focus::Capture,
    };
    let capture_rows = capture::height(&cbox, area);
    let [banner, header, middle, groups, capture, status, keys] = Layout::vertical([
        Constraint::Length(banner_rows),
        Constraint::Length(1),
        Constraint::Min(3),
        Constraint::Length(1),
        Constraint::Length(capture_rows),
        Constraint::Length(1),
        Constraint::Length(1),
    ])
    .areas(area);
    draw_banner(state, banner, buf);
    draw_header(state, run, header, buf);
    let board_area = if area.width >= 100 {
        let [agenda, board] =
            Layout::horizontal([Constraint::Length(28), Constraint::Min(20)]).areas(middle);
        draw_agenda(theme, run, agenda, buf, hits);
        board
    } else {
        middle
    };
    let view = board_view(state, run, run.current_slots());
    let block = Block::new()
        .borders(Borders::TOP)
        .border_style(theme.border())
        .title(Span::styled(
            format!(
                " {} ",
                truncate(
                    &run.current_exercise().title,
                    board_area.width.saturating_sub(4) as usize
                )
            ),
            theme.heading(),
        ));
    let inner = block.inner(board_area);
    block.render(board_area, buf);
    boards::draw(&view, inner, buf, hits);
    draw_groups(theme, run, groups, buf, hits);
    if let Some(p) = capture::draw(theme, &cbox, capture, buf) {
        *cursor = Some(p);
    }
    let status_text = state
        .status
        .as_deref()
        .or(run.last_saved.as_deref())
        .unwrap_or("");
    let saved_style = if status_text.starts_with('✓') {
        theme.good()
    } else {
        theme.dim()
    };
    Line::styled(truncate(status_text, status.width as usize), saved_style).render(status, buf);
    let capture_keys: &[(&str, &str)] = &[
        ("Enter", "save"),
        (newline_key(state), "new line"),
        ("Tab", "slot"),
        ("^F", "field"),
        ("^G", "group"),
        ("^N/^P", "exercise"),
        ("Esc", "select"),
        ("F5", "project"),
        ("F7", "timer"),
        ("F6", "share"),
        ("F1", "help"),
        ("^Q", "quit"),
    ];
    let select_keys: &[(&str, &str)] = &[
        ("↑↓", "choose"),
        ("e", "edit"),
        ("h", "hide"),
        ("s", "star"),
        ("m/o", "move"),
        ("u/r", "undo/redo"),
        ("Space", "spotlight"),
        ("n", "new group"),
        ("E", "export"),
        ("Esc", "type"),
        ("?", "help"),
        ("^Q", "quit"),
    ];
    key_bar(
        theme,
        if run.focus == Focus::Capture {
            capture_keys
        } else {
            select_keys
        },
        keys,
        buf,
    );
    if let Some(b) = &run.new_group {
        let w = area.width.min(50);
        let r = Rect::new(
            area.x + (area.width - w) / 2,
            area.y + area.height / 2 - 2,
            w,
            4,
        );
        Clear.render(r, buf);
        let block = Block::bordered()
            .title(" New group — Enter: add · Esc: cancel ")
            .border_style(theme.border_focus());
        let inner = block.inner(r);
        block.render(r, buf);
        let (rows, (_, col)) = b.view(inner.width as usize, 1);
        buf.set_stringn(
            inner.x,
            inner.y,
            rows.first().map_or("", String::as_str),
            inner.width as usize,
            theme.text(),
        );
        *cursor = Some(Position::new(inner.x + col as u16, inner.y));
    }
    if let Some(b) = &run.breakout {
        draw_breakout(theme, b, area, buf, cursor);
    }
    if let Some(p) = &run.group_picker {
        draw_group_picker(theme, run, p, area, buf);
        *cursor = None;
    }
    if let Some(s) = run.sharing.as_ref().filter(|s| s.panel) {
        super::panel::draw(theme, s, area, buf);
        *cursor = None;
    }
}

/// The key that makes a line break in the box: Shift-Enter where the terminal tells it apart
/// from Enter, Alt-Enter elsewhere.
pub fn newline_key(state: &State) -> &'static str {
    if state.shift_enter {
        "Shift-Enter"
    } else {
        "Alt-Enter"
    }
}

fn draw_group_picker(
    theme: Theme,
    run: &Run,
    picker: &super::state::GroupPicker,
    area: Rect,
    buf: &mut Buffer,
) {
    let names: Vec<String> = run
        .session
        .groups
        .iter()
        .map(|g| display(g))
        .chain(std::iter::once("no group (the whole room)".to_owned()))
        .collect();
    let w = area.width.min(50);
    let h = (names.len() as u16 + 2).min(area.height);
    let r = Rect::new(
        area.x + (area.width - w) / 2,
        area.y + (area.height - h) / 2,
        w,
        h,
    );
    Clear.render(r, buf);
    let block = Block::bordered()
        .title(" Move to group — ↑↓ choose · Enter: move · Esc: cancel ")
        .border_style(theme.border_focus());
    let inner = block.inner(r);
    block.render(r, buf);
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

/// The question asked when quitting with unsaved text.
fn draw_quit_ask(state: &State, area: Rect, buf: &mut Buffer) {
    let editing = state.run().is_some_and(|r| r.editing.is_some());
    let what = if editing {
        "The edit in the box is not saved."
    } else {
        "The text in the box is not saved."
    };
    capture::draw_quit_question(state.theme, what, "save", area, buf);
}

fn draw_banner(state: &State, area: Rect, buf: &mut Buffer) {
    if area.height == 0 {
        return;
    }
    if let Some(msg) = &state.banner {
        Paragraph::new(format!(" ⚠ {msg}"))
            .style(state.theme.danger())
            .wrap(Wrap { trim: true })
            .render(area, buf);
    }
}

fn timer_text(run: &Run, now: std::time::Instant) -> (String, f64) {
    let t = &run.timer;
    let left = t.left_at(now);
    let secs = left.as_secs() + u64::from(left.subsec_nanos() > 0);
    let ratio = if t.total.is_zero() {
        0.0
    } else {
        left.as_secs_f64() / t.total.as_secs_f64()
    };
    let state = if t.running() {
        "▶"
    } else if t.rang {
        "time's up"
    } else {
        "⏸"
    };
    (format!("{:02}:{:02} {state}", secs / 60, secs % 60), ratio)
}

fn timer_style(theme: Theme, ratio: f64, run: &Run) -> Style {
    if run.timer.total.is_zero() {
        theme.dim()
    } else if ratio <= 0.05 {
        theme.danger()
    } else if ratio <= 0.20 {
        theme.warn()
    } else {
        theme.good()
    }
}

fn draw_header(state: &State, run: &Run, area: Rect, buf: &mut Buffer) {
    let theme = state.theme;
    let (timer, ratio) = timer_text(run, state.now);
    let timer_w = 22.min(area.width / 3);
    let [left, right] =
        Layout::horizontal([Constraint::Min(10), Constraint::Length(timer_w)]).areas(area);
    let n = run.session.scenario.agenda.len();
    let sharing = match &run.sharing {
        Some(s) if !s.url.is_empty() => {
            let live = s.devices.iter().filter(|d| d.streams > 0).count();
            format!("⇄ {} · {live} live · ", s.code)
        }
        _ => String::new(),
    };
    // A timer still running on another exercise is named, so it is not forgotten.
    let elsewhere = run
        .other_running_timer()
        .and_then(|i| Some((run.session.scenario.agenda.get(i)?, run.timers.get(i)?)))
        .map(|(e, t)| {
            let left = t.left_at(state.now);
            let secs = left.as_secs() + u64::from(left.subsec_nanos() > 0);
            format!("{} ▶ {:02}:{:02} · ", e.title, secs / 60, secs % 60)
        })
        .unwrap_or_default();
    let title = format!(
        "{sharing}{elsewhere}{} · {}/{} {}",
        run.session.title,
        run.exercise + 1,
        n,
        run.current_exercise().title
    );
    buf.set_stringn(
        left.x,
        left.y,
        truncate(&title, left.width as usize),
        left.width as usize,
        theme.heading(),
    );
    if run.timer.total.is_zero() && !run.timer.running() {
        buf.set_stringn(
            right.x,
            right.y,
            "untimed · F7",
            right.width as usize,
            theme.dim(),
        );
        return;
    }
    let label = if ratio <= 0.05 && !run.timer.total.is_zero() {
        format!("! {timer}")
    } else {
        timer
    };
    Gauge::default()
        .ratio(ratio.clamp(0.0, 1.0))
        .label(label)
        .gauge_style(timer_style(theme, ratio, run))
        .render(right, buf);
}

fn draw_agenda(theme: Theme, run: &Run, area: Rect, buf: &mut Buffer, hits: &mut Hits) {
    let block = Block::new()
        .borders(Borders::RIGHT | Borders::TOP)
        .border_style(theme.border())
        .title(Span::styled(" Agenda ", theme.heading()));
    let inner = block.inner(area);
    block.render(area, buf);
    let mut y = inner.y;
    for (i, e) in run.session.scenario.agenda.iter().enumerate() {
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
        // From the session's slot index: the exercise's own contributions only.
        let count: usize = run.slot_lists.get(i).map_or(0, |slots| {
            slots
                .iter()
                .map(|s| {
                    run.session
                        .in_slot(&e.id, &s.id)
                        .filter(|c| !c.hidden)
                        .count()
                })
                .sum()
        });
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

fn draw_groups(theme: Theme, run: &Run, area: Rect, buf: &mut Buffer, hits: &mut Hits) {
    let mut x = area.x;
    buf.set_string(x, area.y, "Group: ", theme.dim());
    x += 7;
    if run.session.groups.is_empty() {
        buf.set_stringn(
            x,
            area.y,
            "none yet (Esc, then n adds one)",
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

/// The capture box's parts for the current slot: title, hint, fields.
fn capture_parts(run: &Run) -> (String, String, &[crate::model::exercise::Slot]) {
    let slot = run.current_slot();
    let who = run.group_name().unwrap_or("no group");
    let title = match &run.editing {
        Some(_) => format!(" ✎ Editing — {who} → {} ", slot.label),
        None => format!(" ✎ {who} → {} ", slot.label),
    };
    let hint = if slot.text == TextRule::Optional {
        format!("{} (optional)", slot.text_label)
    } else {
        format!("type the {} here", slot.text_label)
    };
    let i = run
        .slot_index()
        .min(run.current_slots().len().saturating_sub(1));
    (title, hint, run.current_slots().get(i..=i).unwrap_or(&[]))
}

fn projection_heading(run: &Run) -> String {
    let slot = run.current_slot();
    match &run.current_exercise().kind {
        ExerciseKind::PromptRound(_) | ExerciseKind::PathwayBrainstorm(_) => {
            let i = run.slot_index();
            let number = questions_of(run)
                .get(i)
                .and_then(|q| q.number)
                .map_or(i + 1, |n| n as usize);
            format!("Q{number}")
        }
        ExerciseKind::FuturesTriangle(_) => slot.id.to_uppercase(),
        _ => run
            .current_exercise()
            .title
            .split_whitespace()
            .next()
            .unwrap_or("")
            .to_uppercase(),
    }
}

fn questions_of(run: &Run) -> &[crate::model::exercise::Question] {
    match &run.current_exercise().kind {
        ExerciseKind::PromptRound(k) => &k.questions,
        ExerciseKind::PathwayBrainstorm(k) => &k.questions,
        _ => &[],
    }
}

fn draw_projection(state: &State, run: &Run, area: Rect, buf: &mut Buffer, hits: &mut Hits) {
    let theme = state.theme;
    let slot = run.current_slot();
    let big = projection_heading(run);
    let (big_rows, pixels) = if area.height >= 45 && width(&big) * 8 <= area.width as usize {
        (8, tui_big_text::PixelSize::Full)
    } else if area.height >= 24 && width(&big) * 4 <= area.width as usize {
        (4, tui_big_text::PixelSize::Quadrant)
    } else {
        (0, tui_big_text::PixelSize::Quadrant)
    };
    let label_rows = wrap(&slot.label, area.width.saturating_sub(2) as usize)
        .len()
        .min(4) as u16;
    let [head, label, timer, board] = Layout::vertical([
        Constraint::Length(big_rows),
        Constraint::Length(label_rows + 1),
        Constraint::Length(1),
        Constraint::Min(1),
    ])
    .areas(area);
    if big_rows > 0 {
        tui_big_text::BigText::builder()
            .pixel_size(pixels)
            .style(theme.heading())
            .lines(vec![Line::from(big)])
            .build()
            .render(head, buf);
    }
    for (row, line) in wrap(&slot.label, label.width.saturating_sub(2) as usize)
        .into_iter()
        .take(label_rows as usize)
        .enumerate()
    {
        let y = label.y + row as u16;
        buf.set_stringn(label.x + 1, y, &line, label.width as usize, theme.heading());
    }
    let (t, ratio) = timer_text(run, state.now);
    if !run.timer.total.is_zero() || run.timer.running() {
        Gauge::default()
            .ratio(ratio.clamp(0.0, 1.0))
            .label(t)
            .gauge_style(timer_style(theme, ratio, run))
            .render(timer, buf);
    }
    let view = board_view(state, run, run.current_slots());
    boards::draw(&view, board, buf, hits);
}

fn draw_spotlight(theme: Theme, c: &crate::model::Contribution, area: Rect, buf: &mut Buffer) {
    let margin = (area.width / 10).min(10);
    let inner = Rect::new(
        area.x + margin,
        area.y + 1,
        area.width.saturating_sub(2 * margin),
        area.height.saturating_sub(2),
    );
    let mut lines: Vec<Line> = Vec::new();
    if let Some(g) = &c.group {
        lines.push(Line::styled(display(g), theme.group()));
        lines.push(Line::raw(""));
    }
    for l in display(&c.text).split('\n') {
        lines.push(Line::styled(
            l.to_owned(),
            theme.text().patch(theme.heading()),
        ));
    }
    for (k, v) in &c.fields {
        lines.push(Line::raw(""));
        lines.push(Line::styled(format!("{k}: {}", display(v)), theme.text()));
    }
    lines.push(Line::raw(""));
    lines.push(Line::styled("Esc or Space: back", theme.dim()));
    Paragraph::new(lines)
        .wrap(Wrap { trim: false })
        .render(inner, buf);
}

fn draw_breakout(
    theme: Theme,
    b: &super::state::Breakout,
    area: Rect,
    buf: &mut Buffer,
    cursor: &mut Option<Position>,
) {
    let r = Rect::new(
        area.x + 2,
        area.y + 1,
        area.width.saturating_sub(4),
        area.height.saturating_sub(2),
    );
    Clear.render(r, buf);
    let block = Block::bordered()
        .title(format!(" Breakout groups: {} — names one per line · PgUp/PgDn: groups · ^D: draw · Esc: close ", b.groups))
        .border_style(theme.border_focus());
    let inner = block.inner(r);
    block.render(r, buf);
    let [names, result] =
        Layout::horizontal([Constraint::Percentage(40), Constraint::Percentage(60)]).areas(inner);
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
            "Type or paste the participants' names, then press Ctrl-D.",
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

/// The home screen's keys.
const HOME_HELP: &[(&str, &[(&str, &str)])] = &[
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

fn draw_help(state: &State, area: Rect, buf: &mut Buffer) {
    let theme = state.theme;
    let inner = super::help::frame(theme, area, buf);
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
                ("F5", "projection mode on / off"),
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
                    "u / r",
                    "take back the last saved change / do it again (says what it did)",
                ),
                ("n", "add a group"),
                ("R", "hide answers until revealed; R again reveals"),
                ("a", "role clarity: show the reference answers"),
                ("p / P", "pick a random group / contribution to speak next"),
                ("x", "shuffle the display order (again: back to order)"),
                ("b", "breakout groups from a list of names"),
                ("E", "export Markdown, HTML, CSV and JSON to exports/"),
                ("Esc or i", "back to typing"),
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
