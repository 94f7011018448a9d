//! Keys of the themes panel (`T`), the axes form (`A`) and the seed list (`L`) (the vote panel's are in
//! `vote_keys.rs`). Every change they make goes through `request`, like any other: shown as done
//! once it is on disk.

use super::*;
use crate::model::contribution::new_id;
use crate::model::convergence::{ChosenAxes, Theme as ModelTheme};
use crate::model::exercise::scenario_building::Matrix;
use crate::tui::converge::{
    AxesForm, AxesStep, Naming, ThemesPanel, ThemesStep, axis, candidates, themes,
};

pub(super) fn now() -> jiff::Timestamp {
    jiff::Timestamp::now()
}

/// Refuses while a change is on its way to the disk: the next one is built on it.
pub(super) fn busy(state: &mut State) -> bool {
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

pub(super) fn themes_key(
    state: &mut State,
    key: KeyEvent,
    command: Option<Command>,
) -> Vec<Effect> {
    let edit = state.keymap.edit(&key);
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
        ThemesStep::Name { purpose, name } => match command {
            Some(Command::Back) => panel.step = ThemesStep::Choose,
            Some(Command::Save) => {
                let typed = name.text().trim().to_owned();
                let purpose = purpose.clone();
                if typed.is_empty() {
                    state.status = Some(format!(
                        "Type the theme's name first ({}: back).",
                        state.keymap.name_of(Context::ThemeName, Command::Back)
                    ));
                    return Vec::new();
                }
                return name_theme(state, purpose, typed);
            }
            _ => {
                name.key(&key, edit, false);
            }
        },
        ThemesStep::MergeInto { from, choice } => match command {
            Some(Command::Back) => panel.step = ThemesStep::Choose,
            Some(Command::Up) => *choice = choice.saturating_sub(1),
            Some(Command::Down) => *choice = (*choice + 1).min(n.saturating_sub(1)),
            Some(Command::Confirm) => {
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
        ThemesStep::Choose => match (command, key.code) {
            (Some(Command::Close), _) => run.themes = None,
            (Some(Command::Up), _) => panel.choice = panel.choice.saturating_sub(1),
            (Some(Command::Down), _) => panel.choice = (panel.choice + 1).min(n.saturating_sub(1)),
            (None, KeyCode::Char(d @ '1'..='9')) if (d as usize - '1' as usize) < n => {
                panel.choice = d as usize - '1' as usize;
            }
            (Some(Command::NewTheme), _) => {
                panel.step = ThemesStep::Name {
                    purpose: Naming::New,
                    name: TextBox::default(),
                }
            }
            (Some(Command::Split), _) => {
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
            (Some(Command::Rename), _) => {
                if let Some((id, name)) = list.get(panel.choice) {
                    let mut b = TextBox::default();
                    b.set(name);
                    // The old name, selected: typing replaces it, a moving key edits it.
                    b.select_all();
                    panel.step = ThemesStep::Name {
                        purpose: Naming::Rename(id.clone()),
                        name: b,
                    };
                } else {
                    let new = state.keymap.name_of(Context::Themes, Command::NewTheme);
                    state.status = Some(format!("No theme to rename yet: {new} makes one."));
                }
            }
            (Some(Command::Merge), _) => {
                if n < 2 {
                    state.status = Some("Merging needs two themes.".into());
                } else if let Some((id, _)) = list.get(panel.choice) {
                    panel.step = ThemesStep::MergeInto {
                        from: id.clone(),
                        choice: usize::from(panel.choice == 0),
                    };
                }
            }
            (Some(Command::Place), _) => {
                let Some((id, name)) = list.get(panel.choice).cloned() else {
                    let new = state.keymap.name_of(Context::Themes, Command::NewTheme);
                    state.status = Some(format!("No theme yet: {new} makes one."));
                    return Vec::new();
                };
                return place(
                    state,
                    Some(id),
                    format!("in theme “{}”", display_line(&name)),
                );
            }
            (Some(Command::TakeOut), _) => {
                return place(state, None, "taken out of its theme".into());
            }
            _ => {}
        },
    }
    Vec::new()
}

/// Puts the panel's answer in a theme (or none); the panel stays open until Esc.
fn place(state: &mut State, theme: Option<String>, what: String) -> Vec<Effect> {
    let Some(run) = state.run_mut() else {
        return Vec::new();
    };
    let Some(answer) = run.themes.as_ref().and_then(|p| p.answer.clone()) else {
        state.status = Some(format!(
            "Select an answer first ({}, then {}/{}), then {}.",
            state.keymap.name_of(Context::Typing, Command::LeaveBox),
            state.keymap.name_of(Context::Selecting, Command::SelectUp),
            state
                .keymap
                .name_of(Context::Selecting, Command::SelectDown),
            state.keymap.name_of(Context::Selecting, Command::Themes)
        ));
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
    request(
        state,
        vec![Change::PlaceInTheme {
            contribution: answer,
            theme,
            at: now(),
        }],
        Purpose::Act,
        what,
    )
}

/// An answer's first line, quoted and cut short, to say which one a change was about.
pub(super) fn quoted(state: &State, id: &str) -> String {
    quoted_n(state, id, 40)
}

/// The same, cut to `max` columns.
pub(super) fn quoted_n(state: &State, id: &str, max: usize) -> String {
    let text = state
        .run()
        .and_then(|r| r.session.contribution(id))
        .map_or("", |c| c.text.lines().next().unwrap_or(""));
    format!("“{}”", crate::tui::text::truncate(&display_line(text), max))
}

/// A typed name: a new theme (the answer goes in), a split, or a rename. The panel stays open,
/// on that theme.
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
    // A new theme comes last among the exercise's; a renamed one keeps its place.
    let on = match purpose {
        Naming::Rename(_) => panel.choice,
        Naming::New | Naming::Split => themes(&run.session, &panel.exercise).len(),
    };
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
        && let Some(p) = state.run_mut().and_then(|r| r.themes.as_mut())
    {
        p.step = ThemesStep::Choose;
        p.choice = on;
    }
    effects
}

// ---------------------------------------------------------------- axes

/// `A`: choose the axes of the current scenario-building exercise.
pub(super) fn open_axes(state: &mut State) {
    let Some(run) = state.run_mut() else { return };
    let ex = run.current_exercise();
    if !matches!(ex.kind, ExerciseKind::ScenarioBuilding(_)) {
        state.status = Some(format!(
            "Axes are chosen on a scenario-building exercise ({} / {} to go there).",
            state
                .keymap
                .name_of(Context::Anywhere, Command::NextExercise),
            state
                .keymap
                .name_of(Context::Anywhere, Command::PreviousExercise)
        ));
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

pub(super) fn axes_key(state: &mut State, key: KeyEvent, command: Option<Command>) -> Vec<Effect> {
    let edit = state.keymap.edit(&key);
    let Some(run) = state.run_mut() else {
        return Vec::new();
    };
    let Some(form) = run.axes.as_mut() else {
        return Vec::new();
    };
    let rows = form.candidates.len() + 1;
    match &mut form.step {
        AxesStep::Pick => match command {
            Some(Command::Back) if form.picked.pop().is_none() => run.axes = None,
            Some(Command::Up) => form.choice = form.choice.saturating_sub(1),
            Some(Command::Down) => form.choice = (form.choice + 1).min(rows - 1),
            Some(Command::Confirm) => {
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
                            // Selected: typing replaces it, a moving key edits it.
                            boxes[k * 3].set(&c.text);
                            boxes[k * 3].select_all();
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
        AxesStep::Name { boxes, field } => match command {
            Some(Command::Back) => {
                form.picked.clear();
                form.step = AxesStep::Pick;
            }
            Some(Command::NextField) => *field = (*field + 1) % 6,
            Some(Command::PreviousField) => *field = (*field + 5) % 6,
            Some(Command::Confirm) if *field < 5 => *field += 1,
            Some(Command::Confirm) => {
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
                    // Next comes writing the scenarios: back to the box.
                    run.focus = crate::tui::state::Focus::Capture;
                }
                return effects;
            }
            _ => {
                if let Some(b) = boxes.get_mut(*field) {
                    b.key(&key, edit, false);
                }
            }
        },
    }
    Vec::new()
}

// ---------------------------------------------------------------- seeds

/// `L`: the list of answers that may seed the current exercise (a backcast's preferred future
/// from the scenarios its plan names).
pub(super) fn open_seed(state: &mut State) {
    let Some(run) = state.run_mut() else { return };
    let ex = run.current_exercise();
    let Some(from) = ex.kind.model().seed_from().map(str::to_owned) else {
        state.status = Some(
            "A seed is picked on an exercise that takes one (a backcast's preferred future, from a scenario).".into(),
        );
        return;
    };
    let exercise = ex.id.clone();
    let candidates = crate::tui::converge::seed_candidates(&run.session, &exercise);
    if candidates.is_empty() {
        let title = run
            .session
            .scenario
            .exercise(&from)
            .map_or(from.clone(), |e| e.title.clone());
        state.status = Some(format!(
            "Nothing on the record in “{}” to pick from yet.",
            display_line(&title)
        ));
        return;
    }
    let current = run
        .session
        .convergence
        .seeds
        .get(&exercise)
        .map(|s| s.from.clone());
    let choice = current
        .and_then(|id| candidates.iter().position(|(c, _)| *c == id))
        .unwrap_or(0);
    run.seed = Some(crate::tui::converge::SeedForm {
        exercise,
        candidates,
        choice,
    });
}

pub(super) fn seed_key(state: &mut State, command: Option<Command>) -> Vec<Effect> {
    let Some(run) = state.run_mut() else {
        return Vec::new();
    };
    let Some(form) = run.seed.as_mut() else {
        return Vec::new();
    };
    match command {
        Some(Command::Back) => run.seed = None,
        Some(Command::Up) => form.choice = form.choice.saturating_sub(1),
        Some(Command::Down) => {
            form.choice = (form.choice + 1).min(form.candidates.len().saturating_sub(1));
        }
        Some(Command::Confirm) => {
            let Some((id, label)) = form.candidates.get(form.choice).cloned() else {
                return Vec::new();
            };
            let change = Change::SeedFrom {
                exercise: form.exercise.clone(),
                seed: crate::model::convergence::Seed {
                    from: id,
                    at: now(),
                },
            };
            if busy(state) {
                return Vec::new();
            }
            let what = format!("seed picked: {}", display_line(&label));
            let effects = request(state, vec![change], Purpose::Act, what);
            if !effects.is_empty()
                && let Some(run) = state.run_mut()
            {
                run.seed = None;
            }
            return effects;
        }
        _ => {}
    }
    Vec::new()
}
