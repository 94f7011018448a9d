//! The vote panel: opening a round, the ballots while it is open (who has voted, never the
//! tallies), and once revealed the items ranked, with a scatter of impact × uncertainty for
//! ratings. Drawn over the board, and over the projection for the room.

use super::converge::{hint_height, hints, row};
use super::*;
use crate::model::convergence::{Round, RoundKind, RoundState, VoteOn};
use crate::tui::converge::{
    RoundEntry, VotePanel, VoteStep, ballot, describe_round, dots_on, round_items, voter,
};
use crate::tui::text::display_line;

/// Where the vote panel goes: most of the screen (all of it when projected).
fn vote_area(area: Rect, projection: bool) -> Rect {
    if projection {
        return area;
    }
    let w = area.width.saturating_sub(4).min(120);
    // The status line and the key bar stay in view: a refused ballot says why there.
    let h = area.height.saturating_sub(3);
    Rect::new(area.x + (area.width - w) / 2, area.y + 1, w, h)
}

/// The vote panel over the board (over the whole projection when projected): opening a
/// round, its ballots while open, its results once revealed.
#[derive(Clone, Copy)]
pub(super) struct VoteOverlay<'a> {
    pub theme: Theme,
    pub keymap: &'a Keymap,
    pub run: &'a Run,
    pub panel: &'a VotePanel,
}

impl Widget for VoteOverlay<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let VoteOverlay {
            theme,
            keymap,
            run,
            panel: p,
        } = self;
        let setup_keys = keymap.hint_line(Context::VoteSetup, |_| true);
        let vote_keys = keymap.hint_line(Context::Vote, |_| true);
        let r = vote_area(area, run.projection);
        Clear.render(r, buf);
        let block = Block::bordered()
            .title(" Vote ")
            .border_style(theme.border_focus());
        let inner = block.inner(r);
        block.render(r, buf);
        if inner.width < 4 || inner.height < 2 {
            return;
        }
        match &p.step {
            VoteStep::Setup { options, choice } => {
                let mut y = inner.y;
                row(
                    buf,
                    inner,
                    &mut y,
                    "Open a vote on this exercise:",
                    theme.heading(),
                );
                for (i, o) in options.iter().enumerate() {
                    let label = o.slot.as_deref().and_then(|s| {
                        run.session
                            .exercise(&p.exercise)
                            .and_then(|e| e.slot(s).map(|x| x.label))
                    });
                    let line = format!(
                        "{} {}{}",
                        if i == *choice { "▸" } else { " " },
                        display_line(&describe_round(o.kind, o.on, label.as_deref())),
                        if o.planned { "  (in the plan)" } else { "" }
                    );
                    row(
                        buf,
                        inner,
                        &mut y,
                        &line,
                        if i == *choice {
                            theme.selected()
                        } else {
                            theme.text()
                        },
                    );
                }
                if !run.projection {
                    hints(buf, inner, &setup_keys, theme.dim());
                }
            }
            VoteStep::Round(entry) => match run.session.convergence.round(&entry.round) {
                None => {
                    let mut y = inner.y;
                    row(buf, inner, &mut y, "Opening the vote…", theme.dim());
                }
                Some(round) if round.state == RoundState::Revealed => {
                    // The results keep one row for the keys; a longer hint takes more, above it.
                    let more = if run.projection {
                        0
                    } else {
                        hint_height(&vote_keys, inner.width).saturating_sub(1)
                    };
                    let results = Rect::new(
                        inner.x,
                        inner.y,
                        inner.width,
                        inner.height.saturating_sub(more),
                    );
                    Results { theme, run, round }.render(results, buf);
                    if !run.projection {
                        hints(buf, inner, &vote_keys, theme.dim());
                    }
                }
                Some(round) => Ballots {
                    theme,
                    keymap,
                    run,
                    round,
                    entry,
                    keys: &vote_keys,
                }
                .render(inner, buf),
            },
        }
    }
}

fn round_title(run: &Run, round: &Round) -> String {
    let label = round.slot.as_deref().and_then(|s| {
        run.session
            .exercise(&round.exercise)
            .and_then(|e| e.slot(s).map(|x| x.label))
    });
    display_line(&describe_round(round.kind, round.on, label.as_deref()))
}

/// Who has voted in a round, as the voters are: groups, and devices (by their group while the
/// session is shared, when the screen knows each device's group).
fn progress(run: &Run, round: &Round) -> String {
    let devices = run
        .sharing
        .as_ref()
        .map_or(&[][..], |s| s.devices.as_slice());
    run.session
        .convergence
        .turnout(&round.id)
        .describe(&run.session.groups, |id| {
            devices
                .iter()
                .find(|d| d.id == id)
                .map(|d| d.group.as_str())
        })
}

/// An open or closed round: who has voted (never the tallies), and, for the group being
/// entered, its own ballot.
#[derive(Clone, Copy)]
pub(super) struct Ballots<'a> {
    pub theme: Theme,
    pub keymap: &'a Keymap,
    pub run: &'a Run,
    pub round: &'a Round,
    pub entry: &'a RoundEntry,
    /// The vote's key hints, written at the bottom.
    pub keys: &'a str,
}

impl Widget for Ballots<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let Ballots {
            theme,
            keymap,
            run,
            round,
            entry,
            keys,
        } = self;
        let mut y = area.y;
        let state = match round.state {
            RoundState::Open => "open",
            _ => "closed",
        };
        row(
            buf,
            area,
            &mut y,
            &format!("Vote: {} — {state}", round_title(run, round)),
            theme.heading(),
        );
        row(
            buf,
            area,
            &mut y,
            &format!("{} · results hidden until revealed", progress(run, round)),
            theme.dim(),
        );
        if run.projection || round.state != RoundState::Open {
            if !run.projection {
                hints(buf, area, keys, theme.dim());
            }
            return;
        }
        let group = run.session.groups.get(entry.group);
        let Some(group) = group else {
            row(
                buf,
                area,
                &mut y,
                &format!(
                    "No groups yet: add one ({}) to enter its votes.",
                    keymap.to_add_a_group()
                ),
                theme.warn(),
            );
            return;
        };
        let who = voter(group);
        let mine = ballot(&run.session, &round.id, &who);
        let groups: Vec<String> = run
            .session
            .groups
            .iter()
            .enumerate()
            .map(|(i, g)| {
                let done = if ballot(&run.session, &round.id, &voter(g)).is_some() {
                    " ✓"
                } else {
                    ""
                };
                if i == entry.group {
                    format!("◂ {}{done} ▸", display_line(g))
                } else {
                    format!("{}{done}", display_line(g))
                }
            })
            .collect();
        row(
            buf,
            area,
            &mut y,
            &format!("Entering for: {}", groups.join("  ")),
            theme.group(),
        );
        let used = match (mine, round.kind) {
            (Some(crate::model::convergence::Choice::Dots(d)), RoundKind::Dots { dots, .. }) => {
                format!("{} of {dots} dots given", d.len())
            }
            (_, RoundKind::Dots { dots, .. }) => format!("0 of {dots} dots given"),
            (_, RoundKind::Rating) => match entry.digit {
                Some(d) => format!("impact {d} — now the uncertainty (1–5)"),
                None => "impact then uncertainty, 1–5 each (e.g. 4 then 5); then the next item"
                    .to_owned(),
            },
        };
        row(buf, area, &mut y, &used, theme.dim());
        let items = round_items(&run.session, round);
        let keys = match round.kind {
            RoundKind::Dots { .. } => keys.to_owned(),
            RoundKind::Rating => format!("two digits: impact, uncertainty · {keys}"),
        };
        let hint_rows = hint_height(&keys, area.width);
        let list = Rect::new(
            area.x,
            y,
            area.width,
            area.bottom().saturating_sub(y + hint_rows),
        );
        if items.is_empty() {
            let mut ly = list.y;
            row(buf, list, &mut ly, "Nothing to vote on yet.", theme.dim());
        }
        let rows = list.height as usize;
        let first = (entry.item + 1).saturating_sub(rows.max(1));
        let mut ly = list.y;
        for (i, item) in items.iter().enumerate().skip(first).take(rows) {
            let chosen = i == entry.item;
            let mark = match (round.kind, mine) {
                (RoundKind::Dots { .. }, m) => {
                    let n = dots_on(m, item.id);
                    format!("{:<5}", "●".repeat(n.min(5)))
                }
                (RoundKind::Rating, Some(crate::model::convergence::Choice::Ratings(r))) => {
                    r.get(item.id).map_or_else(
                        || "  –   ".to_owned(),
                        |x| format!("I{} U{} ", x.impact, x.uncertainty),
                    )
                }
                (RoundKind::Rating, _) => "  –   ".to_owned(),
            };
            let group = item
                .group
                .map_or_else(String::new, |g| format!("[{}] ", display_line(g)));
            let text = item.text.lines().next().unwrap_or("");
            let line = format!(
                "{} {mark} {group}{}",
                if chosen { "▸" } else { " " },
                display_line(text)
            );
            row(
                buf,
                list,
                &mut ly,
                &line,
                if chosen {
                    theme.selected()
                } else {
                    theme.text()
                },
            );
        }
        hints(buf, area, &keys, theme.dim());
    }
}

/// A revealed round: its items ranked (by dots; ratings by impact × uncertainty), and for
/// ratings a scatter of impact against uncertainty labelled by rank.
#[derive(Clone, Copy)]
pub(super) struct Results<'a> {
    pub theme: Theme,
    pub run: &'a Run,
    pub round: &'a Round,
}

impl Widget for Results<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let Results { theme, run, round } = self;
        let mut y = area.y;
        row(
            buf,
            area,
            &mut y,
            &format!(
                "Results: {} — {} voted",
                round_title(run, round),
                run.session.convergence.turnout(&round.id).short()
            ),
            theme.heading(),
        );
        let tally = run.session.convergence.tally(&round.id);
        let text_of = |id: &str| -> String {
            match round.on {
                VoteOn::Themes => run
                    .session
                    .convergence
                    .theme(id)
                    .map_or_else(String::new, |t| display_line(&t.name)),
                VoteOn::Answers => run.session.contribution(id).map_or_else(String::new, |c| {
                    display_line(c.text.lines().next().unwrap_or(""))
                }),
            }
        };
        // Items no one voted for are listed last, with nothing.
        let mut ranked: Vec<(String, String)> = Vec::new();
        for (i, t) in tally.iter().enumerate() {
            let score = match round.kind {
                RoundKind::Dots { .. } => format!("{:>3} ●", t.count),
                RoundKind::Rating => format!(
                    "{:>4.1}  impact {:.1} · uncertainty {:.1}",
                    t.criticality(),
                    t.impact,
                    t.uncertainty
                ),
            };
            ranked.push((format!("{:>2}. {score} ", i + 1), text_of(&t.item)));
        }
        for item in round_items(&run.session, round) {
            if !tally.iter().any(|t| t.item == item.id) {
                ranked.push(("    –   ".to_owned(), text_of(item.id)));
            }
        }
        let rest = Rect::new(area.x, y, area.width, area.bottom().saturating_sub(y + 1));
        let (list, plot) = if round.kind != RoundKind::Rating || rest.height < 6 {
            (rest, None)
        } else if rest.width >= 90 {
            let pw = (rest.width * 2 / 5).min(60);
            (
                Rect::new(rest.x, rest.y, rest.width - pw - 1, rest.height),
                Some(Rect::new(rest.right() - pw, rest.y, pw, rest.height)),
            )
        } else {
            let ph = (rest.height / 2).max(6).min(rest.height);
            (
                Rect::new(rest.x, rest.y, rest.width, rest.height - ph),
                Some(Rect::new(rest.x, rest.bottom() - ph, rest.width, ph)),
            )
        };
        let mut ly = list.y;
        for (score, text) in &ranked {
            if ly >= list.bottom() {
                break;
            }
            row(buf, list, &mut ly, &format!("{score}{text}"), theme.text());
        }
        if let Some(plot) = plot {
            let points: Vec<(usize, f64, f64)> = tally
                .iter()
                .enumerate()
                .map(|(i, t)| (i + 1, t.impact, t.uncertainty))
                .collect();
            let lines = scatter(&points, plot.width as usize, plot.height as usize);
            for (i, l) in lines.iter().enumerate() {
                buf.set_stringn(
                    plot.x,
                    plot.y + i as u16,
                    l,
                    plot.width as usize,
                    theme.accent(),
                );
            }
        }
    }
}

/// A character scatter of ratings, `w` × `h`: impact up, uncertainty across (1 to 5 each),
/// each point labelled by its rank; points on one spot are listed together. Every line is at
/// most `w` columns.
pub fn scatter(points: &[(usize, f64, f64)], w: usize, h: usize) -> Vec<String> {
    if w < 12 || h < 5 {
        return Vec::new();
    }
    // Row 0: the title; the last two rows: the axis and its labels; two columns of labels left.
    let pw = w - 3;
    let ph = h - 3;
    let mut grid = vec![vec![' '; pw]; ph];
    let mid_c = ((pw - 1) as f64 / 2.0).round() as usize;
    let mid_r = ((ph - 1) as f64 / 2.0).round() as usize;
    for (r, line) in grid.iter_mut().enumerate() {
        line[mid_c] = '┆';
        if r == mid_r {
            for (c, cell) in line.iter_mut().enumerate() {
                *cell = if c == mid_c { '┼' } else { '┄' };
            }
        }
    }
    let at =
        |v: f64, n: usize| (((v.clamp(1.0, 5.0) - 1.0) / 4.0) * (n - 1) as f64).round() as usize;
    for &(rank, impact, uncertainty) in points {
        let r = ph - 1 - at(impact, ph);
        let mut c = at(uncertainty, pw);
        let label: Vec<char> = rank.to_string().chars().collect();
        // Shifted left or right to a free place on its row when another label is there.
        let free = |c: usize, g: &Vec<Vec<char>>| {
            c + label.len() <= pw
                && g[r][c..c + label.len()].iter().all(|x| !x.is_ascii_digit())
                && (c == 0 || !g[r][c - 1].is_ascii_digit())
        };
        c = c.min(pw - label.len());
        let spot = (0..pw)
            .flat_map(|d| [c.checked_add(d), c.checked_sub(d)])
            .flatten()
            .find(|&x| free(x, &grid));
        if let Some(c) = spot {
            for (k, ch) in label.iter().enumerate() {
                grid[r][c + k] = *ch;
            }
        }
    }
    let mut out = Vec::with_capacity(h);
    out.push(truncate(
        "impact ↑   (rank numbers; top right: most critical)",
        w,
    ));
    for (r, line) in grid.iter().enumerate() {
        let y = if r == 0 {
            "5"
        } else if r == ph - 1 {
            "1"
        } else {
            " "
        };
        out.push(format!("{y} │{}", line.iter().collect::<String>()));
    }
    out.push(format!("  └{}", "─".repeat(pw)));
    let mut cells = vec![' '; pw];
    cells[0] = '1';
    cells[pw - 1] = '5';
    let label: Vec<char> = "uncertainty →".chars().collect();
    if pw >= label.len() + 4 {
        let start = (pw - label.len()) / 2;
        cells[start..start + label.len()].copy_from_slice(&label);
    }
    out.push(format!("   {}", cells.iter().collect::<String>()));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_scatter_puts_each_rank_where_its_ratings_are_and_fits_its_width() {
        let lines = scatter(&[(1, 5.0, 5.0), (2, 1.0, 1.0), (3, 5.0, 5.0)], 30, 10);
        assert_eq!(lines.len(), 10);
        for l in &lines {
            assert!(width(l) <= 30, "{l:?}");
        }
        // Impact 5 is the top row of the plot, uncertainty 5 its right end.
        assert!(lines[1].trim_end().ends_with('1'), "{lines:#?}");
        assert!(
            lines[1].contains('3'),
            "a point on the same spot moves aside: {lines:#?}"
        );
        assert!(lines[7].contains("│2"), "{lines:#?}");
        assert!(scatter(&[(1, 3.0, 3.0)], 5, 3).is_empty());
    }
}
