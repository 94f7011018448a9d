//! Keys of the themes panel (`T`), the vote panel (`v`) and the axes form (`A`). Every change
//! they make goes through `request`, like any other: shown as done once it is on disk.

use std::collections::BTreeMap;

use super::*;
use crate::model::contribution::new_id;
use crate::model::convergence::{
    Ballot, Choice, ChosenAxes, Rating, RoundKind, RoundState, Theme as ModelTheme,
};
use crate::model::exercise::scenario_building::Matrix;
use crate::tui::converge::{
    AxesForm, AxesStep, Naming, RoundEntry, ThemesPanel, ThemesStep, VotePanel, VoteStep, axis,
    ballot, candidates, latest_round, round_items, round_options, themes, voter,
};

fn now() -> jiff::Timestamp {
    jiff::Timestamp::now()
}

/// Refuses while a change is on its way to the disk: the next one is built on it.
fn busy(state: &mut State) -> bool {
    if state.run().is_some_and(|r| r.pending.is_some()) {
        state.status = Some("Still saving the last change; press the key again.".into());
        return true;
    }
    false
}

// ---------------------------------------------------------------- themes

/// `T`: the themes panel for the current exercise, acting on the selected answer.
pub(super) fn open_themes(state: &mut State) {
    let Some(run) = state.run_mut() else { return };
    let exercise = run.current_exercise().id.clone();
    let answer = run
        .selected
        .clone()
        .filter(|id| run.session.contribution(id).is_some());
    let choice = answer
        .as_deref()
        .and_then(|a| run.session.convergence.theme_of(a))
        .and_then(|t| {
            themes(&run.session, &exercise)
                .iter()
                .position(|x| x.id == t.id)
        })
        .unwrap_or(0);
    run.themes = Some(ThemesPanel {
        exercise,
        answer,
        choice,
        step: ThemesStep::Choose,
    });
}

pub(super) fn themes_key(state: &mut State, key: KeyEvent) -> Vec<Effect> {
    let Some(run) = state.run_mut() else {
        return Vec::new();
    };
    let Some(panel) = run.themes.as_mut() else {
        return Vec::new();
    };
    let list: Vec<(String, String)> = themes(&run.session, &panel.exercise)
        .iter()
        .map(|t| (t.id.clone(), t.name.clone()))
        .collect();
    let n = list.len();
    match &mut panel.step {
        ThemesStep::Name { purpose, name } => match key.code {
            KeyCode::Esc => panel.step = ThemesStep::Choose,
            KeyCode::Enter => {
                let typed = name.text().trim().to_owned();
                let purpose = purpose.clone();
                if typed.is_empty() {
                    state.status = Some("Type the theme's name first (Esc: back).".into());
                    return Vec::new();
                }
                return name_theme(state, purpose, typed);
            }
            _ => {
                name.key(&key, false);
            }
        },
        ThemesStep::MergeInto { from, choice } => match key.code {
            KeyCode::Esc => panel.step = ThemesStep::Choose,
            KeyCode::Up | KeyCode::Char('k') => *choice = choice.saturating_sub(1),
            KeyCode::Down | KeyCode::Char('j') => *choice = (*choice + 1).min(n.saturating_sub(1)),
            KeyCode::Enter => {
                let (from, into) = (from.clone(), list.get(*choice).cloned());
                let Some((into, into_name)) = into else {
                    return Vec::new();
                };
                if into == from {
                    state.status = Some("Choose another theme to merge it into.".into());
                    return Vec::new();
                }
                if busy(state) {
                    return Vec::new();
                }
                let from_name = list
                    .iter()
                    .find(|(id, _)| *id == from)
                    .map_or_else(String::new, |t| t.1.clone());
                let effects = request(
                    state,
                    vec![Change::MergeThemes {
                        from: from.clone(),
                        into: into.clone(),
                    }],
                    Purpose::Act,
                    format!(
                        "theme “{}” merged into “{}”",
                        display_line(&from_name),
                        display_line(&into_name)
                    ),
                );
                if !effects.is_empty()
                    && let Some(p) = state.run_mut().and_then(|r| r.themes.as_mut())
                {
                    p.step = ThemesStep::Choose;
                    p.choice = list
                        .iter()
                        .filter(|(id, _)| *id != from)
                        .position(|(id, _)| *id == into)
                        .unwrap_or(0);
                }
                return effects;
            }
            _ => {}
        },
        ThemesStep::Choose => match key.code {
            KeyCode::Esc => run.themes = None,
            KeyCode::Up | KeyCode::Char('k') => panel.choice = panel.choice.saturating_sub(1),
            KeyCode::Down | KeyCode::Char('j') => {
                panel.choice = (panel.choice + 1).min(n.saturating_sub(1))
            }
            KeyCode::Char(d @ '1'..='9') if (d as usize - '1' as usize) < n => {
                panel.choice = d as usize - '1' as usize;
            }
            KeyCode::Char('n') => {
                panel.step = ThemesStep::Name {
                    purpose: Naming::New,
                    name: TextBox::default(),
                }
            }
            KeyCode::Char('s') => {
                let in_one = panel
                    .answer
                    .as_deref()
                    .and_then(|a| run.session.convergence.theme_of(a))
                    .is_some();
                if !in_one {
                    state.status = Some(
                        "Split takes the selected answer out of its theme into a new one: select an answer that is in a theme.".into(),
                    );
                } else {
                    panel.step = ThemesStep::Name {
                        purpose: Naming::Split,
                        name: TextBox::default(),
                    };
                }
            }
            KeyCode::Char('r') => {
                if let Some((id, name)) = list.get(panel.choice) {
                    let mut b = TextBox::default();
                    b.set(name);
                    panel.step = ThemesStep::Name {
                        purpose: Naming::Rename(id.clone()),
                        name: b,
                    };
                } else {
                    state.status = Some("No theme to rename yet: n makes one.".into());
                }
            }
            KeyCode::Char('m') => {
                if n < 2 {
                    state.status = Some("Merging needs two themes.".into());
                } else if let Some((id, _)) = list.get(panel.choice) {
                    panel.step = ThemesStep::MergeInto {
                        from: id.clone(),
                        choice: usize::from(panel.choice == 0),
                    };
                }
            }
            KeyCode::Enter => {
                let Some((id, name)) = list.get(panel.choice).cloned() else {
                    state.status = Some("No theme yet: n makes one.".into());
                    return Vec::new();
                };
                return place(
                    state,
                    Some(id),
                    format!("in theme “{}”", display_line(&name)),
                );
            }
            KeyCode::Char('x') | KeyCode::Delete | KeyCode::Backspace => {
                return place(state, None, "taken out of its theme".into());
            }
            _ => {}
        },
    }
    Vec::new()
}

/// Puts the panel's answer in a theme (or none) and closes the panel.
fn place(state: &mut State, theme: Option<String>, what: String) -> Vec<Effect> {
    let Some(run) = state.run_mut() else {
        return Vec::new();
    };
    let Some(answer) = run.themes.as_ref().and_then(|p| p.answer.clone()) else {
        state.status = Some("Select an answer first (Esc, then ↑↓), then T.".into());
        return Vec::new();
    };
    let current = run
        .session
        .convergence
        .theme_of(&answer)
        .map(|t| t.id.clone());
    if current == theme {
        state.status = Some("It is already there; nothing changed.".into());
        return Vec::new();
    }
    if busy(state) {
        return Vec::new();
    }
    let what = format!("{} {what}", quoted(state, &answer));
    let effects = request(
        state,
        vec![Change::PlaceInTheme {
            contribution: answer,
            theme,
            at: now(),
        }],
        Purpose::Act,
        what,
    );
    if !effects.is_empty()
        && let Some(run) = state.run_mut()
    {
        run.themes = None;
    }
    effects
}

/// An answer's first line, quoted and cut short, to say which one a change was about.
fn quoted(state: &State, id: &str) -> String {
    let text = state
        .run()
        .and_then(|r| r.session.contribution(id))
        .map_or("", |c| c.text.lines().next().unwrap_or(""));
    format!("“{}”", crate::tui::text::truncate(&display_line(text), 40))
}

/// A typed name: a new theme (the answer goes in), a split, or a rename.
fn name_theme(state: &mut State, purpose: Naming, name: String) -> Vec<Effect> {
    if busy(state) {
        return Vec::new();
    }
    let Some(run) = state.run_mut() else {
        return Vec::new();
    };
    let Some(panel) = run.themes.as_ref() else {
        return Vec::new();
    };
    let shown = display_line(&name);
    let (changes, what) = match purpose {
        Naming::Rename(id) => (
            vec![Change::RenameTheme {
                id,
                name,
                at: now(),
            }],
            format!("theme renamed “{shown}”"),
        ),
        Naming::New | Naming::Split => {
            let id = new_id();
            let at = now();
            let mut changes = vec![Change::AddTheme {
                theme: ModelTheme {
                    id: id.clone(),
                    exercise: panel.exercise.clone(),
                    name,
                    created: at,
                    named: at,
                    merged_into: None,
                },
            }];
            if let Some(answer) = &panel.answer {
                changes.push(Change::PlaceInTheme {
                    contribution: answer.clone(),
                    theme: Some(id),
                    at,
                });
            }
            let what = if purpose == Naming::Split {
                format!("split: the answer now stands in a new theme “{shown}”")
            } else if panel.answer.is_some() {
                format!("new theme “{shown}”, with the selected answer in it")
            } else {
                format!("new theme “{shown}”")
            };
            (changes, what)
        }
    };
    let effects = request(state, changes, Purpose::Act, what);
    if !effects.is_empty()
        && let Some(run) = state.run_mut()
    {
        run.themes = None;
    }
    effects
}

// ---------------------------------------------------------------- votes

/// `v`: the vote panel for the current exercise: its newest round, or opening one.
pub(super) fn open_vote(state: &mut State) {
    let Some(run) = state.run_mut() else { return };
    let exercise = run.current_exercise().id.clone();
    let step = match latest_round(&run.session, &exercise) {
        Some(r) => VoteStep::Round(RoundEntry {
            round: r.id.clone(),
            group: run.group.unwrap_or(0),
            item: 0,
            digit: None,
        }),
        None => setup(run),
    };
    run.vote = Some(VotePanel { exercise, step });
}

fn setup(run: &Run) -> VoteStep {
    VoteStep::Setup {
        options: round_options(&run.current_exercise().votes),
        choice: 0,
    }
}

pub(super) fn vote_key(state: &mut State, key: KeyEvent) -> Vec<Effect> {
    let Some(run) = state.run_mut() else {
        return Vec::new();
    };
    let Some(panel) = run.vote.as_mut() else {
        return Vec::new();
    };
    match &mut panel.step {
        VoteStep::Setup { options, choice } => {
            let n = options.len();
            match key.code {
                KeyCode::Esc => run.vote = None,
                KeyCode::Up | KeyCode::Char('k') => *choice = choice.saturating_sub(1),
                KeyCode::Down | KeyCode::Char('j') => {
                    *choice = (*choice + 1).min(n.saturating_sub(1))
                }
                KeyCode::Char(c @ ('+' | '-' | 'l')) => {
                    if let Some(RoundKind::Dots { dots, per_item }) =
                        options.get_mut(*choice).map(|o| &mut o.kind)
                    {
                        match c {
                            '+' => *dots = (*dots + 1).min(crate::model::convergence::MAX_DOTS),
                            '-' => *dots = dots.saturating_sub(1).max(1),
                            _ => {
                                *per_item = match *per_item {
                                    None => Some(1),
                                    Some(k) if k + 1 < *dots => Some(k + 1),
                                    Some(_) => None,
                                }
                            }
                        }
                        if per_item.is_some_and(|k| k >= *dots) {
                            *per_item = None;
                        }
                    }
                }
                KeyCode::Enter => {
                    let Some(o) = options.get(*choice).cloned() else {
                        return Vec::new();
                    };
                    if busy(state) {
                        return Vec::new();
                    }
                    let Some(run) = state.run_mut() else {
                        return Vec::new();
                    };
                    let Some(panel) = run.vote.as_ref() else {
                        return Vec::new();
                    };
                    let round = crate::model::convergence::Round {
                        id: new_id(),
                        exercise: panel.exercise.clone(),
                        slot: o.slot.clone(),
                        on: o.on,
                        kind: o.kind,
                        state: RoundState::Open,
                        opened: now(),
                    };
                    let id = round.id.clone();
                    let label = o.slot.as_deref().and_then(|s| {
                        run.current_slots()
                            .iter()
                            .find(|x| x.id == s)
                            .map(|x| x.label.clone())
                    });
                    let what = format!(
                        "vote opened: {}",
                        crate::tui::converge::describe_round(o.kind, o.on, label.as_deref())
                    );
                    let group = run.group.unwrap_or(0);
                    let effects =
                        request(state, vec![Change::OpenRound { round }], Purpose::Act, what);
                    if !effects.is_empty()
                        && let Some(p) = state.run_mut().and_then(|r| r.vote.as_mut())
                    {
                        p.step = VoteStep::Round(RoundEntry {
                            round: id,
                            group,
                            item: 0,
                            digit: None,
                        });
                    }
                    return effects;
                }
                _ => {}
            }
            Vec::new()
        }
        VoteStep::Round(entry) => {
            let entry = entry.clone();
            round_key(state, entry, key)
        }
    }
}

fn set_entry(state: &mut State, entry: RoundEntry) {
    if let Some(p) = state.run_mut().and_then(|r| r.vote.as_mut()) {
        p.step = VoteStep::Round(entry);
    }
}

fn round_key(state: &mut State, mut entry: RoundEntry, key: KeyEvent) -> Vec<Effect> {
    let Some(run) = state.run_mut() else {
        return Vec::new();
    };
    let Some(round) = run.session.convergence.round(&entry.round).cloned() else {
        // Not saved yet (or refused): Esc closes, o goes back to opening one.
        match key.code {
            KeyCode::Esc => run.vote = None,
            KeyCode::Char('o') => {
                let step = setup(run);
                if let Some(p) = run.vote.as_mut() {
                    p.step = step;
                }
            }
            _ => {}
        }
        return Vec::new();
    };
    let items: Vec<String> = round_items(&run.session, &round)
        .iter()
        .map(|i| i.id.to_owned())
        .collect();
    let groups = run.session.groups.clone();
    let n = items.len();
    match key.code {
        KeyCode::Esc => {
            if entry.digit.take().is_some() {
                set_entry(state, entry);
            } else {
                run.vote = None;
            }
            return Vec::new();
        }
        KeyCode::Up | KeyCode::Char('k') => entry.item = entry.item.saturating_sub(1),
        KeyCode::Down | KeyCode::Char('j') => {
            entry.item = (entry.item + 1).min(n.saturating_sub(1))
        }
        KeyCode::Left | KeyCode::Char('h') => {
            entry.group = (entry.group + groups.len().max(1) - 1) % groups.len().max(1)
        }
        KeyCode::Right | KeyCode::Char('l') => {
            entry.group = (entry.group + 1) % groups.len().max(1)
        }
        KeyCode::Char('o') => {
            let step = setup(run);
            if let Some(p) = run.vote.as_mut() {
                p.step = step;
            }
            return Vec::new();
        }
        KeyCode::Char('c') | KeyCode::Char('r') => {
            let to = if key.code == KeyCode::Char('c') {
                RoundState::Closed
            } else {
                RoundState::Revealed
            };
            if round.state >= to {
                state.status = Some(match round.state {
                    RoundState::Revealed => {
                        "This vote is already revealed; o opens another.".into()
                    }
                    _ => "This vote is already closed; r reveals it.".into(),
                });
                return Vec::new();
            }
            if busy(state) {
                return Vec::new();
            }
            let what = match to {
                RoundState::Closed => "vote closed: no more ballots (r reveals the results)",
                _ => "vote revealed",
            };
            set_entry(state, entry);
            return request(
                state,
                vec![Change::SetRoundState {
                    round: round.id.clone(),
                    state: to,
                }],
                Purpose::Act,
                what.into(),
            );
        }
        KeyCode::Char(c @ ('+' | ' ' | '-' | '1'..='9')) if round.state == RoundState::Open => {
            let Some(group) = groups.get(entry.group).cloned() else {
                state.status = Some("No groups yet: add one (Esc, n) to enter its votes.".into());
                return Vec::new();
            };
            let Some(item) = items.get(entry.item).cloned() else {
                state.status = Some("Nothing to vote on yet.".into());
                return Vec::new();
            };
            let who = voter(&group);
            let old = ballot(&run.session, &round.id, &who).cloned();
            let (choice, what) = match (round.kind, c) {
                (RoundKind::Dots { .. }, '+' | ' ') => {
                    let mut dots = match old {
                        Some(Choice::Dots(d)) => d,
                        _ => Vec::new(),
                    };
                    dots.push(item.clone());
                    let n = dots.len();
                    (
                        Choice::Dots(dots),
                        format!("{group}: {n} dot{} given", plural_s(n)),
                    )
                }
                (RoundKind::Dots { .. }, '-') => {
                    let mut dots = match old {
                        Some(Choice::Dots(d)) => d,
                        _ => Vec::new(),
                    };
                    let Some(at) = dots.iter().rposition(|d| *d == item) else {
                        state.status = Some(format!("{group} has no dot on this one."));
                        return Vec::new();
                    };
                    dots.remove(at);
                    let n = dots.len();
                    (
                        Choice::Dots(dots),
                        format!("{group}: {n} dot{} given", plural_s(n)),
                    )
                }
                (RoundKind::Rating, d @ '1'..='9') => {
                    let v = d as u8 - b'0';
                    let Some(impact) = entry.digit.take() else {
                        entry.digit = Some(v);
                        set_entry(state, entry);
                        return Vec::new();
                    };
                    let mut ratings = match old {
                        Some(Choice::Ratings(r)) => r,
                        _ => BTreeMap::new(),
                    };
                    ratings.insert(
                        item.clone(),
                        Rating {
                            impact,
                            uncertainty: v,
                        },
                    );
                    let what = format!(
                        "{group} rated {}: impact {impact}, uncertainty {v}",
                        quoted(state, &item)
                    );
                    (Choice::Ratings(ratings), what)
                }
                (RoundKind::Rating, _) => {
                    state.status =
                        Some("Type two digits, 1 to 5: impact, then uncertainty.".into());
                    return Vec::new();
                }
                (RoundKind::Dots { .. }, _) => {
                    state.status = Some("+ or Space gives a dot; - takes one back.".into());
                    return Vec::new();
                }
            };
            if busy(state) {
                entry.digit = None;
                set_entry(state, entry);
                return Vec::new();
            }
            let rating = round.kind == RoundKind::Rating;
            let effects = request(
                state,
                vec![Change::Cast {
                    round: round.id.clone(),
                    voter: who,
                    ballot: Ballot { at: now(), choice },
                }],
                Purpose::Act,
                what,
            );
            // A rating done moves on to the next item, so a group's ratings are typed in a row.
            if rating && !effects.is_empty() && entry.item + 1 < n {
                entry.item += 1;
            }
            set_entry(state, entry);
            return effects;
        }
        KeyCode::Char('+' | ' ' | '-' | '1'..='9') => {
            state.status =
                Some("This vote is closed: ballots can no longer be cast or changed.".into());
            return Vec::new();
        }
        _ => return Vec::new(),
    }
    entry.digit = None;
    set_entry(state, entry);
    Vec::new()
}

fn plural_s(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}

// ---------------------------------------------------------------- axes

/// `A`: choose the axes of the current scenario-building exercise.
pub(super) fn open_axes(state: &mut State) {
    let Some(run) = state.run_mut() else { return };
    let ex = run.current_exercise();
    if !matches!(ex.kind, ExerciseKind::ScenarioBuilding(_)) {
        state.status = Some(
            "Axes are chosen on a scenario-building exercise (Ctrl-N / Ctrl-P to go there).".into(),
        );
        return;
    }
    let exercise = ex.id.clone();
    run.axes = Some(AxesForm {
        candidates: candidates(&run.session, &exercise),
        exercise,
        choice: 0,
        picked: Vec::new(),
        step: AxesStep::Pick,
    });
}

pub(super) fn axes_key(state: &mut State, key: KeyEvent) -> Vec<Effect> {
    let Some(run) = state.run_mut() else {
        return Vec::new();
    };
    let Some(form) = run.axes.as_mut() else {
        return Vec::new();
    };
    let rows = form.candidates.len() + 1;
    match &mut form.step {
        AxesStep::Pick => match key.code {
            KeyCode::Esc if form.picked.pop().is_none() => run.axes = None,
            KeyCode::Up | KeyCode::Char('k') => form.choice = form.choice.saturating_sub(1),
            KeyCode::Down | KeyCode::Char('j') => form.choice = (form.choice + 1).min(rows - 1),
            KeyCode::Enter | KeyCode::Char(' ') => {
                let pick = form.candidates.get(form.choice).map(|c| c.id.clone());
                if pick.is_some() && form.picked.first() == Some(&pick) {
                    state.status =
                        Some("That one is already the horizontal axis: pick another.".into());
                    return Vec::new();
                }
                form.picked.push(pick);
                if form.picked.len() == 2 {
                    let mut boxes: [TextBox; 6] = Default::default();
                    for (k, p) in form.picked.iter().enumerate() {
                        if let Some(c) = p
                            .as_ref()
                            .and_then(|id| form.candidates.iter().find(|c| &c.id == id))
                        {
                            boxes[k * 3].set(&c.text);
                        }
                    }
                    form.step = AxesStep::Name {
                        boxes: Box::new(boxes),
                        field: 0,
                    };
                }
            }
            _ => {}
        },
        AxesStep::Name { boxes, field } => match key.code {
            KeyCode::Esc => {
                form.picked.clear();
                form.step = AxesStep::Pick;
            }
            KeyCode::Tab | KeyCode::Down => *field = (*field + 1) % 6,
            KeyCode::BackTab | KeyCode::Up => *field = (*field + 5) % 6,
            KeyCode::Enter if *field < 5 => *field += 1,
            KeyCode::Enter => {
                let matrix = Matrix {
                    x: axis(&boxes[0..3]),
                    y: axis(&boxes[3..6]),
                };
                let from: Vec<String> = form.picked.iter().flatten().cloned().collect();
                let from = if from.len() == 2 { from } else { Vec::new() };
                let change = Change::ChooseAxes {
                    exercise: form.exercise.clone(),
                    axes: ChosenAxes {
                        matrix: matrix.clone(),
                        from,
                        at: now(),
                    },
                };
                if busy(state) {
                    return Vec::new();
                }
                let what = format!(
                    "axes chosen: {} × {}",
                    display_line(&matrix.x.name),
                    display_line(&matrix.y.name)
                );
                let effects = request(state, vec![change], Purpose::Act, what);
                if !effects.is_empty()
                    && let Some(run) = state.run_mut()
                {
                    run.axes = None;
                }
                return effects;
            }
            _ => {
                if let Some(b) = boxes.get_mut(*field) {
                    b.key(&key, false);
                }
            }
        },
    }
    Vec::new()
}
