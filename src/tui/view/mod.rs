//! Drawing: a pure function of the state. Returns where clickable things are.

use crate::tui::keymap::{Command, Context, Keymap};
use ratatui::Frame;
use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Position, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Gauge, Paragraph, StatefulWidget, Widget, Wrap};

use super::boards::{Board, BoardView, Hit};
use super::capture;
use super::text::{display, display_line, truncate, width, wrap};
use super::theme::Theme;
use crate::model::exercise::TextRule;
use crate::tui::state::{FORM_LABELS, Focus, Home, HomeFocus, Run, Screen, State};

mod converge;
mod help_text;
mod home;
mod layers;
mod overlays;
mod presenter;
mod projection;
mod side;
mod vote;

pub use help_text::help_sections;
pub use vote::scatter;

pub type Hits = Vec<(Rect, Hit)>;
use help_text::*;
use home::*;
use layers::*;
use overlays::*;
use side::*;

/// Below this the app asks for a larger window instead of drawing a cramped one.
pub const MIN_WIDTH: u16 = 40;
pub const MIN_HEIGHT: u16 = 12;

pub fn view(state: &State, frame: &mut Frame) -> Hits {
    let area = frame.area();
    if area.width < MIN_WIDTH || area.height < MIN_HEIGHT {
        frame.render_widget(TooSmall, area);
        return Vec::new();
    }
    let mut drawn = Drawn::default();
    match &state.screen {
        Screen::Home(home) => frame.render_widget(HomeScreen { state, home }, area),
        Screen::Run(run) => {
            frame.render_stateful_widget(RunScreen { state, run }, area, &mut drawn)
        }
    }
    // The layers over the base, from the bottom up, as the key handling reads them: what is
    // drawn on top is what has the keys (and the cursor, if it types).
    let projected = state
        .run()
        .is_some_and(|r| r.projection || r.spotlight.is_some());
    let layers = crate::tui::layers::run_layers(state);
    for (i, layer) in layers.iter().enumerate() {
        let below = i.checked_sub(1).and_then(|b| layers.get(b)).copied();
        if projected && !projection::over_projection(*layer, below) {
            continue;
        }
        let layer = Layer {
            state,
            layer: *layer,
            below,
            projected,
        };
        frame.render_stateful_widget(layer, area, &mut drawn.cursor);
    }
    if let Some(pos) = drawn.cursor {
        frame.set_cursor_position(pos);
    }
    drawn.hits
}

/// What drawing a screen leaves for the app: where clickable things are, and where the cursor
/// goes (none when nothing on top types).
#[derive(Debug, Default)]
pub struct Drawn {
    pub hits: Hits,
    pub cursor: Option<Position>,
}

/// "Make the window larger", with the size needed and the size there is.
#[derive(Debug, Clone, Copy)]
pub struct TooSmall;

impl Widget for TooSmall {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let msg = format!(
            "Make the window larger: hearth needs {MIN_WIDTH}×{MIN_HEIGHT}, this is {}×{}.",
            area.width, area.height
        );
        Paragraph::new(msg)
            .wrap(Wrap { trim: true })
            .render(area, buf);
    }
}

/// The bottom line: keys and what they do, most needed first. Help and quit are always kept;
/// when the line is too narrow the least needed keys (the last ones) are left out first.
#[derive(Debug, Clone, Copy)]
pub struct KeyBar<'a> {
    pub theme: Theme,
    /// (key, what it does), most needed first.
    pub keys: &'a [(&'a str, &'a str)],
}

impl Widget for KeyBar<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let KeyBar { theme, keys } = self;
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
}

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
        memo: Some(&run.memo),
    }
}

/// The run screen: header, agenda, the board, the groups bar, the capture box (with the
/// presenter's notes beside it while an audience window follows), status and keys; or the
/// projection.
#[derive(Clone, Copy)]
pub(super) struct RunScreen<'a> {
    pub state: &'a State,
    pub run: &'a Run,
}

impl StatefulWidget for RunScreen<'_> {
    type State = Drawn;

    fn render(self, area: Rect, buf: &mut Buffer, drawn: &mut Self::State) {
        let RunScreen { state, run } = self;
        let Drawn { hits, cursor } = drawn;
        let theme = state.theme;
        if run.projection || run.spotlight.is_some() {
            projection::Projected { state, run }.render(area, buf);
            return;
        }
        let banner_rows = if state.banner.is_some() { 2 } else { 0 };
        let slot = run.current_slot();
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
            to_type: &state.keymap.name_of(Context::Selecting, Command::Type),
        };
        // While an audience window follows the run, the presenter's notes sit beside the box.
        let presenter_w = if run.screens > 0 && area.width >= 90 {
            (area.width * 2 / 5).min(50)
        } else {
            0
        };
        let box_area = Rect::new(area.x, area.y, area.width - presenter_w, area.height);
        let capture_rows = capture::height(&cbox, box_area).max(if presenter_w > 0 {
            (area.height / 4).clamp(3, 8)
        } else {
            0
        });
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
        Banner { state }.render(banner, buf);
        Header { state, run }.render(header, buf);
        let board_area = if area.width >= 100 {
            let [agenda, board] =
                Layout::horizontal([Constraint::Length(28), Constraint::Min(20)]).areas(middle);
            Agenda { theme, run }.render(agenda, buf, hits);
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
        Board(view).render(inner, buf, hits);
        GroupsBar {
            theme,
            keymap: &state.keymap,
            run,
        }
        .render(groups, buf, hits);
        let capture = if presenter_w > 0 {
            let [left, right] =
                Layout::horizontal([Constraint::Min(20), Constraint::Length(presenter_w)])
                    .areas(capture);
            presenter::PresenterNotes { state, run }.render(right, buf);
            left
        } else {
            capture
        };
        capture::CaptureWidget {
            theme,
            capture: &cbox,
        }
        .render(capture, buf, cursor);
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
        // The key bar is the top layer's: a panel's keys while one is open, else the base mode's.
        let bar = match crate::tui::layers::run_top(state) {
            Some(layer) => layer_bar(state, layer),
            None if run.focus == Focus::Capture => {
                state.keymap.bar(Context::Typing, |k| state.usable(k))
            }
            None => {
                // The seed list only where the exercise takes a seed.
                let skip = if run.current_exercise().kind.model().seed_from().is_some() {
                    &[][..]
                } else {
                    &[crate::tui::keymap::Command::Seed][..]
                };
                state
                    .keymap
                    .bar_without(Context::Selecting, |k| state.usable(k), skip)
            }
        };
        let bar: Vec<(&str, &str)> = bar.iter().map(|(k, l)| (k.as_str(), l.as_str())).collect();
        KeyBar { theme, keys: &bar }.render(keys, buf);
    }
}

/// The key bar of a panel, dialog or form: its keys, then help and quit where they work.
pub fn layer_bar(state: &State, layer: Context) -> Vec<(String, String)> {
    layer_bar_of(&state.keymap, layer, |k| state.usable(k))
}

/// The same for either screen's keymap.
pub fn layer_bar_of(
    keymap: &Keymap,
    layer: Context,
    usable: impl Fn(&crate::tui::keymap::Key) -> bool,
) -> Vec<(String, String)> {
    use crate::tui::keymap::Command;
    let mut bar = keymap.hints(layer, &usable);
    // The way out comes first, so a narrow window never cuts it off.
    let out = [Command::Close, Command::Back, Command::No]
        .into_iter()
        .find(|c| keymap.keys(layer, *c).iter().any(&usable))
        .map(|c| crate::tui::keymap::label(layer, c));
    if let Some(at) = out.and_then(|w| bar.iter().position(|(_, l)| l == w)) {
        let entry = bar.remove(at);
        bar.insert(0, entry);
    }
    let above: &[Command] = match layer {
        Context::QuitQuestion => &[],
        Context::Help => &[Command::Quit],
        _ => &[Command::Help, Command::Quit],
    };
    for cmd in above {
        if let Some(k) = keymap.keys(Context::Anywhere, *cmd).first() {
            bar.push((k.short(), cmd.label().to_owned()));
        }
    }
    bar
}

/// The banner: a warning across the top while there is one.
#[derive(Clone, Copy)]
pub(super) struct Banner<'a> {
    pub state: &'a State,
}

impl Widget for Banner<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let Banner { state } = self;
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

/// The header: where the session is shared, its title, the exercise, and the timer.
#[derive(Clone, Copy)]
pub(super) struct Header<'a> {
    pub state: &'a State,
    pub run: &'a Run,
}

impl Widget for Header<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let Header { state, run } = self;
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
        // A timer still running on another exercise is named shortly (its number, the start of its
        // title, its time), so it is not forgotten, when it fits beside this exercise's title.
        let elsewhere = run
            .other_running_timer()
            .and_then(|i| Some((i, run.agenda.get(i)?, run.timers.get(i)?)))
            .map(|(i, e, t)| {
                let left = t.left_at(state.now);
                let secs = left.as_secs() + u64::from(left.subsec_nanos() > 0);
                (
                    i + 1,
                    e.title.as_str(),
                    format!("{:02}:{:02}", secs / 60, secs % 60),
                )
            });
        let title = header_title(
            &sharing,
            &run.session.title,
            &format!(
                "{}/{} {}",
                run.exercise + 1,
                n,
                run.current_exercise().title
            ),
            elsewhere,
            left.width as usize,
        );
        buf.set_stringn(left.x, left.y, &title, left.width as usize, theme.heading());
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
}

/// The header's left part in `w` columns: "sharing · session · 2/6 exercise", and, when another
/// exercise's timer runs, "▶ 1 Futures Triangle… 04:12" at its right end if it fits. The session's title
/// is shortened first, then the exercise's, then the other timer's name; the other timer is
/// left out rather than this exercise's place in the agenda.
fn header_title(
    sharing: &str,
    session: &str,
    exercise: &str,
    elsewhere: Option<(usize, &str, String)>,
    w: usize,
) -> String {
    /// What the session's and the exercise's titles keep at least before the other timer goes
    /// (a session title this short is never shortened).
    const SESSION_MIN: usize = 16;
    const EXERCISE_MIN: usize = 16;
    let fit = |room: usize| -> String {
        let full = format!("{sharing}{session} · {exercise}");
        if width(&full) <= room {
            return full;
        }
        let fixed = width(sharing) + 3 + width(exercise);
        let keep = room
            .saturating_sub(fixed)
            .max(SESSION_MIN.min(width(session)));
        truncate(
            &format!("{sharing}{} · {exercise}", truncate(session, keep)),
            room,
        )
    };
    let least =
        width(sharing) + SESSION_MIN.min(width(session)) + 3 + EXERCISE_MIN.min(width(exercise));
    if let Some((number, name, time)) = elsewhere {
        for short in [truncate(name, 16), truncate(name, 8), String::new()] {
            let sep = if short.is_empty() { "" } else { " " };
            // A space before the timer beside it.
            let other = format!("▶ {number} {short}{sep}{time} ");
            let room = w.saturating_sub(width(&other) + 2);
            if room >= least {
                let title = fit(room);
                let gap = w.saturating_sub(width(&title) + width(&other)).max(1);
                return format!("{title}{}{other}", " ".repeat(gap));
            }
        }
    }
    fit(w)
}

/// The capture box's parts for the current slot: title, hint, fields.
fn capture_parts(run: &Run) -> (String, String, &[crate::model::exercise::Slot]) {
    let slot = run.current_slot();
    let title = run.target().title();
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_key_bar_keeps_help_and_quit_and_leaves_out_the_last_keys_first() {
        let keys = [
            ("F2", "save"),
            ("F3", "next"),
            ("F1", "help"),
            ("^Q", "quit"),
        ];
        let area = Rect::new(0, 0, 24, 1);
        let mut buf = Buffer::empty(area);
        KeyBar {
            theme: Theme::plain(),
            keys: &keys,
        }
        .render(area, &mut buf);
        let line: String = buf.content().iter().map(|c| c.symbol()).collect();
        assert_eq!(line, "F2 save F1 help ^Q quit ");
    }
}
