//! Drawing votes on the note-taker screen: the line that says a vote is open, the vote panel
//! over the capture box, its keys and its help. Item texts are shown as typed, control
//! characters as visible symbols.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Widget};

use super::{Axis, Marks, VotePanel, current, panel_round};
use crate::model::convergence::{RoundKind, RoundState, VoteOn};
use crate::net::api::RoundInfo;
use crate::tui::join::state::JoinState;
use crate::tui::text::{truncate, width};

/// What the main screen says about the exercise's votes, if anything.
pub fn hint(state: &JoinState) -> Option<String> {
    let round = current(state)?;
    let key = super::panel_key(state);
    Some(match round.state {
        RoundState::Open if round.mine.is_some() => {
            format!("A vote is open; yours is counted — {key} to change it")
        }
        RoundState::Open => format!("A vote is open — {key} to vote"),
        RoundState::Closed => format!("Voting is closed, results when revealed ({key})"),
        RoundState::Revealed => format!("The vote's results are in — {key} to see them"),
    })
}

/// The word of the key bar's vote panel entry on the main screen, when there is a vote to see
/// (its key is the keymap's).
pub fn main_label(state: &JoinState) -> Option<&'static str> {
    current(state).map(|r| match r.state {
        RoundState::Revealed => "results",
        _ => "vote",
    })
}

/// Said under the keys in the help.
pub const HELP_NOTE: &[&str] = &[
    "A vote goes straight to the facilitator; it is not queued on this machine. Each",
    "vote replaces your earlier one in that round, until the facilitator closes it.",
    "\"✓ vote counted\" means the server has it; \"not sent\" means send it again.",
    "Nobody sees the results until the facilitator reveals them.",
];

/// The vote panel, drawn over the exercise and the capture box.
pub struct VotePanelView<'a>(pub &'a JoinState);

impl Widget for VotePanelView<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let state = self.0;
        let (Some(panel), Some(round)) = (&state.vote, panel_round(state)) else {
            return;
        };
        let theme = state.theme;
        Clear.render(area, buf);
        let block = Block::bordered()
            .title(Span::styled(format!(" {} ", title(round)), theme.heading()))
            .border_style(theme.border_focus());
        let inner = block.inner(area);
        block.render(area, buf);
        if inner.height == 0 || inner.width < 4 {
            return;
        }
        let w = inner.width as usize;
        let mut head: Vec<(String, Style)> = Vec::new();
        let voted = match round.voters {
            0 => "Nobody has voted yet".to_owned(),
            1 => format!("{} has voted", round.who_voted()),
            _ => format!("{} have voted", round.who_voted()),
        };
        match round.state {
            RoundState::Open => {
                let left = match round.kind {
                    RoundKind::Dots { dots, .. } => {
                        format!(
                            "Dots left: {} of {dots} · {}",
                            dots.saturating_sub(panel.given()),
                            voted.to_lowercase()
                        )
                    }
                    RoundKind::Rating => voted,
                };
                head.push((left, theme.text()));
                let (mine, style) = if panel.changed(round) {
                    let layer = super::context(state);
                    let k = |c| state.keymap.name_of(layer, c);
                    use crate::tui::keymap::Command;
                    (
                        format!(
                            "Changed, not sent: {} sends it, {} leaves it.",
                            k(Command::Send),
                            k(Command::Close)
                        ),
                        theme.warn(),
                    )
                } else if round.mine.is_some() {
                    (
                        "Your vote as the server has it is shown.".to_owned(),
                        theme.good(),
                    )
                } else {
                    ("You have not voted yet.".to_owned(), theme.dim())
                };
                head.push((mine, style));
            }
            RoundState::Closed => {
                head.push((
                    "Voting is closed, results when revealed.".into(),
                    theme.warn(),
                ));
                head.push((voted, theme.text()));
            }
            RoundState::Revealed => {
                let n = round.who_voted();
                head.push((
                    format!(
                        "Results, best first — {n} voted{}",
                        if round.mine.is_some() {
                            " (you too)"
                        } else {
                            ""
                        }
                    ),
                    theme.heading(),
                ));
            }
        }
        let mut y = inner.y;
        for (text, style) in head {
            if y >= inner.bottom() {
                return;
            }
            buf.set_stringn(inner.x, y, truncate(&text, w), w, style);
            y += 1;
        }
        let rows = Rect::new(inner.x, y, inner.width, inner.bottom().saturating_sub(y));
        let lines = match (round.state, &round.results) {
            (RoundState::Revealed, Some(_)) => result_lines(state, round, w),
            _ => item_lines(state, panel, round, w),
        };
        if lines.is_empty() && rows.height > 0 {
            buf.set_stringn(rows.x, rows.y, "Nothing to vote on yet.", w, theme.dim());
            return;
        }
        let height = rows.height as usize;
        let first = panel.cursor.saturating_sub(height.saturating_sub(1));
        for (i, line) in lines.into_iter().skip(first).take(height).enumerate() {
            let row = Rect::new(rows.x, rows.y + i as u16, rows.width, 1);
            line.render(row, buf);
        }
    }
}

fn title(round: &RoundInfo) -> String {
    let on = match round.on {
        VoteOn::Answers => "answers",
        VoteOn::Themes => "themes",
    };
    match round.kind {
        RoundKind::Dots {
            dots,
            per_item: Some(limit),
        } => format!("Vote on the {on}: {dots} dots each, at most {limit} on one"),
        RoundKind::Dots { dots, .. } => format!("Vote on the {on}: {dots} dots each"),
        RoundKind::Rating => format!("Rate the {on}: impact and uncertainty, 1 to 5"),
    }
}

/// The dots on an item, in five columns.
fn dot_marks(n: u32) -> String {
    let marks = match n {
        0 => "·".to_owned(),
        1..=4 => "●".repeat(n as usize),
        n => format!("●×{n}"),
    };
    format!("{marks:<5}")
}

fn item_lines(
    state: &JoinState,
    panel: &VotePanel,
    round: &RoundInfo,
    w: usize,
) -> Vec<Line<'static>> {
    let theme = state.theme;
    let open = round.state == RoundState::Open;
    round
        .items
        .iter()
        .enumerate()
        .map(|(i, item)| {
            let here = open && i == panel.cursor;
            let base = if here { theme.selected() } else { theme.text() };
            let marker = if here { "▶ " } else { "  " };
            let mut spans = vec![Span::styled(marker, base)];
            match round.kind {
                RoundKind::Dots { .. } => {
                    let n = panel.dots.get(&item.id).copied().unwrap_or(0);
                    spans.push(Span::styled(dot_marks(n), theme.accent()));
                    spans.push(Span::styled(" ", base));
                }
                RoundKind::Rating => {
                    let m = panel.ratings.get(&item.id).copied().unwrap_or_default();
                    for (axis, label) in [(Axis::Impact, "impact"), (Axis::Uncertainty, "uncert.")]
                    {
                        let chosen = here && panel.axis == axis;
                        spans.push(Span::styled(format!("{label} "), base));
                        spans.push(Span::styled(
                            value(m, axis),
                            if chosen { theme.key() } else { theme.accent() },
                        ));
                        spans.push(Span::styled(" ", base));
                    }
                    spans.push(Span::styled(" ", base));
                }
            }
            let used: usize = spans.iter().map(|s| width(&s.content)).sum();
            spans.push(Span::styled(
                truncate(&item.text, w.saturating_sub(used)),
                base,
            ));
            Line::from(spans)
        })
        .collect()
}

fn value(m: Marks, axis: Axis) -> String {
    match m.get(axis) {
        Some(v) => format!("[{v}]"),
        None => "[ ]".into(),
    }
}

fn result_lines(state: &JoinState, round: &RoundInfo, w: usize) -> Vec<Line<'static>> {
    let theme = state.theme;
    let results = round.results.as_deref().unwrap_or_default();
    if results.is_empty() {
        return vec![Line::styled("No votes were cast.", theme.dim())];
    }
    results
        .iter()
        .enumerate()
        .map(|(i, r)| {
            let text = round
                .items
                .iter()
                .find(|it| it.id == r.item)
                .map_or(r.item.as_str(), |it| it.text.as_str());
            let score = match (round.kind, r.impact, r.uncertainty) {
                (RoundKind::Rating, Some(impact), Some(uncertainty)) => format!(
                    "impact {impact:.1} · uncertainty {uncertainty:.1} · {} rated",
                    r.count
                ),
                _ => format!("{:>3} dot{}", r.count, if r.count == 1 { " " } else { "s" }),
            };
            let lead = format!("{:>2}. {score}  ", i + 1);
            let room = w.saturating_sub(width(&lead));
            Line::from(vec![
                Span::styled(lead, theme.accent()),
                Span::styled(truncate(text, room), theme.text()),
            ])
        })
        .collect()
}
