//! What is on top: each screen is one of two base modes — typing in the box or selecting
//! answers — with panels, dialogs and forms stacked above it. The stack is read from the state
//! in one place, here for the facilitator's screen and in `join::layers` for `hearth join`,
//! each layer named by its table in the keymap both screens share; the key handling
//! sends keys to the top layer only and reads its table of the keymap, the key bar shows that
//! table, and the drawing draws the layers from the bottom up. Esc closes only the top layer:
//! it never starts typing and never touches an entry.

use super::converge::{AxesStep, ThemesStep, VoteStep};
use super::keymap::Context;
use super::state::{Screen, State};

/// The layers over the facilitator's screen, from the bottom up, each named by its table in
/// the keymap. Empty: the base mode has the keys.
pub fn run_layers(state: &State) -> Vec<Context> {
    let mut out = Vec::new();
    match &state.screen {
        Screen::Home(home) => {
            if home.form.is_some() {
                out.push(Context::NewSessionForm);
            }
        }
        Screen::Run(run) => {
            if run.spotlight.is_some() {
                out.push(Context::Spotlight);
            }
            if let Some(s) = run.sharing.as_ref().filter(|s| s.panel) {
                out.push(Context::NoteTakers);
                if s.confirm.is_some() {
                    out.push(Context::Confirm);
                }
            }
            if let Some(a) = &run.axes {
                out.push(match a.step {
                    AxesStep::Pick => Context::AxesPick,
                    AxesStep::Name { .. } => Context::AxesName,
                });
            }
            if run.seed.is_some() {
                out.push(Context::SeedPick);
            }
            if let Some(v) = &run.vote {
                out.push(match v.step {
                    VoteStep::Setup { .. } => Context::VoteSetup,
                    VoteStep::Round(_) => Context::Vote,
                });
            }
            if let Some(t) = &run.themes {
                out.push(Context::Themes);
                match t.step {
                    ThemesStep::Choose => {}
                    ThemesStep::Name { .. } => out.push(Context::ThemeName),
                    ThemesStep::MergeInto { .. } => out.push(Context::ThemeMerge),
                }
            }
            if run.breakout.is_some() {
                out.push(Context::Breakout);
            }
            if run.details.is_some() {
                out.push(Context::Details);
            }
            if run.new_group.is_some() {
                out.push(Context::NewGroup);
            }
            if run.group_picker.is_some() {
                out.push(Context::MoveToGroup);
            }
            if run.withdraw_ask.is_some() {
                out.push(Context::Confirm);
            }
        }
    }
    if state.help {
        out.push(Context::Help);
    }
    if state.quit_ask {
        out.push(Context::QuitQuestion);
    }
    out
}

/// The layer with the keys on the facilitator's screen, if any is open.
pub fn run_top(state: &State) -> Option<Context> {
    run_layers(state).last().copied()
}
