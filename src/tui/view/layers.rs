//! The layers over either base screen, drawn one at a time from the bottom up in the order
//! [`run_layers`](crate::tui::layers::run_layers) gives them: the same stack the key handling
//! reads, so what is drawn on top is what receives the keys. Each layer takes the cursor: its
//! own field's, or none.

use super::*;

/// Draws `layer` over what is drawn so far; `below` is the layer under it, if any;
/// `projected`: over the projection (see [`projection::over_projection`]).
pub(super) fn draw_layer(
    state: &State,
    layer: Context,
    below: Option<Context>,
    projected: bool,
    area: Rect,
    buf: &mut Buffer,
    cursor: &mut Option<Position>,
) {
    *cursor = None;
    match (&state.screen, layer) {
        (_, Context::Help) => draw_help(state, area, buf),
        (_, Context::QuitQuestion) => draw_quit_ask(state, area, buf),
        (Screen::Home(home), Context::NewSessionForm) => {
            draw_new_session_form(state, home, area, buf, cursor);
        }
        (Screen::Run(run), _) => {
            let on = Over {
                theme: Theme {
                    projection: projected,
                    ..state.theme
                },
                // Over the projection a vote is opened in the audience view's place.
                vote_area: if projected {
                    projection::projected_main(state, area)
                } else {
                    area
                },
            };
            draw_run_layer(state, run, layer, below, on, area, buf, cursor);
        }
        (Screen::Home(_), _) => {}
    }
}

/// How a layer over the run screen is drawn: its look (the projection's, over it) and where a
/// vote panel goes.
#[derive(Clone, Copy)]
struct Over {
    theme: Theme,
    vote_area: Rect,
}

#[allow(clippy::too_many_arguments)]
fn draw_run_layer(
    state: &State,
    run: &Run,
    layer: Context,
    below: Option<Context>,
    on: Over,
    area: Rect,
    buf: &mut Buffer,
    cursor: &mut Option<Position>,
) {
    let theme = on.theme;
    let keymap = &state.keymap;
    match layer {
        // The base is drawn projected while an answer is spotlit.
        Context::Spotlight => {}
        // The note-takers panel draws its own question; the themes panel its name box and
        // its merge list.
        Context::Confirm if below == Some(Context::NoteTakers) => {}
        Context::ThemeName | Context::ThemeMerge => {}
        Context::Confirm => {
            if let Some(c) = run
                .withdraw_ask
                .as_deref()
                .and_then(|id| run.session.contribution(id))
            {
                crate::tui::dialog::draw_withdraw_question(theme, keymap, c, area, buf);
            }
        }
        Context::NoteTakers => {
            if let Some(s) = run.sharing.as_ref().filter(|s| s.panel) {
                crate::tui::panel::draw(theme, keymap, s, area, buf);
            }
        }
        Context::AxesPick | Context::AxesName => {
            if let Some(f) = &run.axes {
                converge::draw_axes(theme, keymap, run, f, area, buf, cursor);
            }
        }
        Context::VoteSetup | Context::Vote => {
            if let Some(v) = &run.vote {
                vote::draw_vote(theme, keymap, run, v, on.vote_area, buf);
            }
        }
        Context::Themes => {
            if let Some(p) = &run.themes {
                converge::draw_themes(theme, keymap, run, p, area, buf, cursor);
            }
        }
        Context::Breakout => {
            if let Some(b) = &run.breakout {
                draw_breakout(theme, keymap, b, area, buf, cursor);
            }
        }
        Context::Details => {
            if let Some(form) = &run.details {
                let labels: Vec<&str> = form.labels.iter().map(String::as_str).collect();
                draw_form(
                    theme,
                    "Session details and narration",
                    &labels,
                    &form.fields,
                    form.field,
                    form.error.as_deref(),
                    &keymap.hint_line(Context::Details, |k| state.usable(k)),
                    area,
                    buf,
                    cursor,
                );
            }
        }
        Context::NewGroup => {
            if let Some(b) = &run.new_group {
                draw_new_group(state, b, area, buf, cursor);
            }
        }
        Context::MoveToGroup => {
            if let Some(p) = &run.group_picker {
                draw_group_picker(theme, keymap, run, p, area, buf);
            }
        }
        _ => {}
    }
}

/// The new group's name box (`n`).
fn draw_new_group(
    state: &State,
    b: &crate::tui::textbox::TextBox,
    area: Rect,
    buf: &mut Buffer,
    cursor: &mut Option<Position>,
) {
    let theme = state.theme;
    let w = area.width.min(50);
    let r = Rect::new(
        area.x + (area.width - w) / 2,
        area.y + area.height / 2 - 2,
        w,
        4,
    );
    Clear.render(r, buf);
    let block = Block::bordered()
        .title(format!(
            " New group — {} ",
            state
                .keymap
                .hint_line(Context::NewGroup, |k| state.usable(k))
        ))
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
