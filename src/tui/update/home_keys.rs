//! The home screen's keys: the lists of plans and sessions, and the new-session form.

use super::*;

pub(super) fn home_key(state: &mut State, key: KeyEvent) -> Vec<Effect> {
    let today = jiff::Zoned::now().date().to_string();
    let Screen::Home(home) = &mut state.screen else {
        return Vec::new();
    };
    let focus = home.focus();
    let Some(command) = state.keymap.command(Context::Home, &key) else {
        return Vec::new();
    };
    let Screen::Home(home) = &mut state.screen else {
        return Vec::new();
    };
    match command {
        Command::Quit => return quit(state),
        Command::Help => state.help = true,
        Command::SwitchList => {
            home.focus = Some(match focus {
                HomeFocus::Scenarios if !home.sessions.is_empty() || !home.series.is_empty() => {
                    HomeFocus::Sessions
                }
                _ => HomeFocus::Scenarios,
            });
        }
        Command::Up => match focus {
            HomeFocus::Scenarios => home.scenario = home.scenario.saturating_sub(1),
            HomeFocus::Sessions => home.session = home.session.saturating_sub(1),
        },
        Command::Down => match focus {
            HomeFocus::Scenarios => {
                home.scenario = (home.scenario + 1).min(home.scenarios.len().saturating_sub(1))
            }
            HomeFocus::Sessions => {
                let rows = home.series.len() + home.sessions.len();
                home.session = (home.session + 1).min(rows.saturating_sub(1))
            }
        },
        Command::NewSession => open_form(home, &today),
        Command::EditPlan | Command::NewPlan => {
            let request = match command {
                Command::NewPlan => crate::tui::state::EditPlan::New,
                _ => match home.scenarios.get(home.scenario) {
                    Some(s) => crate::tui::state::EditPlan::Plan(s.source.clone()),
                    None => return Vec::new(),
                },
            };
            if state.keymap.plain {
                state.banner = Some(
                    "The plan editor is full-screen only: run hearth plan edit PLAN (or hearth plan new TITLE) without --plain, or write an outline and use hearth plan import."
                        .into(),
                );
            } else {
                // The event loop ends here and the editor takes the terminal (see app::run).
                state.edit_plan = Some(request);
                state.quit = true;
            }
        }
        Command::Open => match focus {
            HomeFocus::Scenarios => open_form(home, &today),
            HomeFocus::Sessions => {
                // Series come first in the list: Enter on one starts its next session.
                if let Some(series) = home.series.get(home.session) {
                    return vec![Effect::StartNextSession(series.path.clone())];
                }
                if let Some(s) = home.sessions.get(home.session - home.series.len()) {
                    return vec![Effect::OpenSession(s.path.clone())];
                }
            }
        },
        _ => {}
    }
    Vec::new()
}

pub(super) fn open_form(home: &mut Home, today: &str) {
    let Some(scenario) = home.scenarios.get(home.scenario) else {
        return;
    };
    let mut fields: [TextBox; 8] = Default::default();
    fields[0].set(&scenario.title);
    fields[1].set(&scenario.suggested_groups.join(", "));
    fields[2].set(today);
    fields[3].set(crate::model::Mode::default().label());
    home.form = Some(NewSessionForm {
        scenario: home.scenario,
        fields,
        field: 0,
        error: None,
    });
}

pub(super) fn form_key(
    home: &mut Home,
    key: KeyEvent,
    command: Option<Command>,
    edit: Option<Command>,
) -> Vec<Effect> {
    let Some(form) = &mut home.form else {
        return Vec::new();
    };
    match command {
        Some(Command::Close) => home.form = None,
        Some(Command::NextField) => form.field = (form.field + 1) % FORM_LABELS.len(),
        Some(Command::PreviousField) => {
            form.field = (form.field + FORM_LABELS.len() - 1) % FORM_LABELS.len()
        }
        // A new line in the notes or the introduction.
        Some(Command::NewLine) => {
            if form.field >= 2 && crate::tui::details::MULTILINE[form.field - 2] {
                let _ = form.fields[form.field].insert("\n");
            }
        }
        Some(Command::Save) => {
            let title = form.fields[0].text().trim().to_owned();
            if title.is_empty() {
                form.error = Some("The title must not be empty.".into());
                return Vec::new();
            }
            if let Some(problem) =
                crate::model::text::control_problem(&title, crate::model::text::Lines::One)
            {
                form.error = Some(format!("The title {problem}."));
                return Vec::new();
            }
            let mut groups: Vec<String> = Vec::new();
            for g in form.fields[1]
                .text()
                .split(',')
                .map(str::trim)
                .filter(|g| !g.is_empty())
            {
                if !crate::model::text::is_valid_name(g) {
                    form.error = Some(format!(
                        "\"{}\" cannot be a group name: at most 200 bytes, one line without control characters.",
                        crate::model::text::printable(g)
                    ));
                    return Vec::new();
                }
                if !groups.iter().any(|x| x == g) {
                    groups.push(g.to_owned());
                }
            }
            let [date, mode, event, facilitators, notes, introduction] =
                [2, 3, 4, 5, 6, 7].map(|i| form.fields[i].text());
            let details = match crate::tui::details::read(
                date,
                mode,
                event,
                facilitators,
                notes,
                introduction,
            ) {
                Ok(d) => d,
                Err(e) => {
                    form.error = Some(e);
                    return Vec::new();
                }
            };
            let Some(scenario) = home.scenarios.get(form.scenario) else {
                return Vec::new();
            };
            return vec![Effect::CreateSession {
                scenario: scenario.source.clone(),
                title,
                groups,
                details,
            }];
        }
        _ => {
            let multiline = form.field >= 2 && crate::tui::details::MULTILINE[form.field - 2];
            form.fields[form.field].key(&key, edit, multiline);
        }
    }
    Vec::new()
}
