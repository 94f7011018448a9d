//! Themes as clusters: on boards that list answers (prompt rounds, pathways, the triangle's
//! corners), a slot's answers are drawn under their theme's name, themes in the order they were
//! made (by dots once a vote on them is revealed), then "no theme". Once a vote is revealed,
//! answers carry their dots (ranked by them) or their rating's rank.

use std::collections::BTreeMap;

use super::*;
use crate::model::convergence::{RoundKind, VoteOn};
use crate::tui::converge::{revealed, themes};

/// Whether the exercise's board lists answers (see [`KindBoard::lists_answers`]).
///
/// [`KindBoard::lists_answers`]: crate::tui::boards::KindBoard::lists_answers
fn lists_answers(view: &BoardView) -> bool {
    crate::tui::boards::board(&view.exercise.kind).lists_answers()
}

/// Whether this board draws its answers in theme clusters: a kind that lists answers, with at
/// least one theme.
pub fn clustered(view: &BoardView) -> bool {
    lists_answers(view)
        && view
            .session
            .convergence
            .themes
            .iter()
            .any(|t| t.exercise == view.exercise.id && t.merged_into.is_none())
}

/// The exercise's themes in cluster order: by revealed dots when a vote on them is revealed,
/// else as made. (id, name, revealed dots).
pub fn cluster_order<'a>(view: &BoardView<'a>) -> Vec<(&'a str, &'a str, Option<u32>)> {
    let dots = crate::tui::converge::theme_dots(view.session, &view.exercise.id);
    let mut out: Vec<(&str, &str, Option<u32>)> = themes(view.session, &view.exercise.id)
        .into_iter()
        .map(|t| {
            (
                t.id.as_str(),
                t.name.as_str(),
                (!dots.is_empty()).then(|| dots.get(&t.id).copied().unwrap_or(0)),
            )
        })
        .collect();
    out.sort_by_key(|t| std::cmp::Reverse(t.2.unwrap_or(0)));
    out
}

/// Index into `order` of the cluster an answer is in; `order.len()` for "no theme".
pub fn cluster_of(
    view: &BoardView,
    order: &[(&str, &str, Option<u32>)],
    c: &Contribution,
) -> usize {
    view.session
        .convergence
        .theme_of(&c.id)
        .and_then(|t| order.iter().position(|o| o.0 == t.id))
        .unwrap_or(order.len())
}

/// Whether `arrange` may put answers out of the order they were added in.
pub fn arranged(view: &BoardView) -> bool {
    let ex = &view.exercise.id;
    let c = &view.session.convergence;
    lists_answers(view)
        && (c.themes.iter().any(|t| &t.exercise == ex)
            || c.rounds.iter().any(|r| {
                &r.exercise == ex && r.state == crate::model::convergence::RoundState::Revealed
            }))
}

/// Puts each slot's answers in board order: by cluster when clustered, and, once a vote is
/// revealed, by dots (or rating rank) within it. Stable: ties keep the order they had.
pub fn arrange(view: &BoardView, items: &mut [Vec<&Contribution>]) {
    if !lists_answers(view) {
        return;
    }
    let order = if clustered(view) {
        Some(cluster_order(view))
    } else {
        None
    };
    let dots = crate::tui::converge::answer_dots(view.session, &view.exercise.id);
    let ranks: BTreeMap<String, usize> =
        crate::tui::converge::answer_ratings(view.session, &view.exercise.id)
            .into_iter()
            .map(|(id, (rank, _))| (id, rank))
            .collect();
    if order.is_none() && dots.is_empty() && ranks.is_empty() {
        return;
    }
    for list in items {
        list.sort_by_cached_key(|c| {
            (
                order.as_ref().map_or(0, |o| cluster_of(view, o, c)),
                std::cmp::Reverse(dots.get(&c.id).copied().unwrap_or(0)),
                ranks.get(&c.id).copied().unwrap_or(usize::MAX),
            )
        });
    }
}

/// The marks an answer carries once a vote is revealed: its dots, or its rating's rank; and,
/// on a board that does not cluster, its theme's name.
pub fn vote_marks(l: &mut Lines, view: &BoardView, c: &Contribution, style: Style, dim: Style) {
    let ex = &view.exercise.id;
    let c_ex = c.exercise.as_str();
    if c_ex != ex.as_str() {
        return;
    }
    if let Some(r) = revealed(view.session, ex, |r| {
        r.on == VoteOn::Answers && matches!(r.kind, RoundKind::Dots { .. })
    }) {
        let n: usize = view
            .session
            .convergence
            .ballots
            .get(&r.id)
            .into_iter()
            .flat_map(|b| b.values())
            .map(|b| crate::tui::converge::dots_on(Some(&b.choice), &c.id))
            .sum();
        if n > 0 {
            l.atom(&format!("●{n}"), style);
            l.text(" ", style);
        }
    }
    if let Some(r) = revealed(view.session, ex, |r| r.kind == RoundKind::Rating)
        && r.slot.as_deref().is_none_or(|s| s == c.slot)
        && let Some(rank) = view
            .session
            .convergence
            .tally(&r.id)
            .iter()
            .position(|t| t.item == c.id)
    {
        l.atom(&format!("#{}", rank + 1), style);
        l.text(" ", style);
    }
    if !clustered(view)
        && let Some(t) = view.session.convergence.theme_of(&c.id)
    {
        l.atom(&format!("◆ {}", display_line(&t.name)), dim);
        l.text(" ", dim);
    }
}

/// The heading of a cluster: "◆ name (answers here) ●dots", or "◇ no theme (n)".
pub fn cluster_head(
    view: &BoardView,
    order: &[(&str, &str, Option<u32>)],
    k: usize,
    count: usize,
    width: usize,
) -> Vec<Line<'static>> {
    let mut l = Lines::new(width, 2, 1);
    match order.get(k) {
        Some((_, name, dots)) => {
            l.text("◆ ", view.theme.accent());
            l.text(name, view.theme.heading());
            l.text(&format!(" ({count})"), view.theme.dim());
            if let Some(d) = dots {
                l.text(&format!(" ●{d}"), view.theme.accent());
            }
        }
        None => {
            l.text("◇ ", view.theme.dim());
            l.text(&format!("no theme ({count})"), view.theme.dim());
        }
    }
    l.finish()
}
