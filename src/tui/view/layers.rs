//! The layers over either base screen, drawn one at a time from the bottom up in the order
//! [`run_layers`](crate::tui::layers::run_layers) gives them: the same stack the key handling
//! reads, so what is drawn on top is what receives the keys. Each layer takes the cursor: its
//! own field's, or none.

use super::*;

/// One layer drawn over what is drawn so far. Its state is the cursor: the layer's own field's,
/// or none.
#[derive(Clone, Copy)]
pub(super) struct Layer<'a> {
    pub state: &'a State,
    pub layer: Context,
    /// The layer under it, if any.
    pub below: Option<Context>,
    /// Over the projection (see [`projection::over_projection`]).
    pub projected: bool,
}

impl StatefulWidget for Layer<'_> {
    type State = Option<Position>;

    fn render(self, area: Rect, buf: &mut Buffer, cursor: &mut Self::State) {
        let Layer {
            state,
            layer,
            below,
            projected,
        } = self;
        *cursor = None;
        match (&state.screen, layer) {
            (_, Context::Help) => HelpOverlay { state }.render(area, buf),
            (_, Context::QuitQuestion) => QuitAsk { state }.render(area, buf),
            (Screen::Home(home), Context::NewSessionForm) => {
                NewSessionForm { state, home }.render(area, buf, cursor);
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
                RunLayer {
                    state,
                    run,
                    layer,
                    below,
                    on,
                }
                .render(area, buf, cursor);
            }
            (Screen::Home(_), _) => {}
        }
    }
}

/// How a layer over the run screen is drawn: its look (the projection's, over it) and where a
/// vote panel goes.
#[derive(Clone, Copy)]
struct Over {
    theme: Theme,
    vote_area: Rect,
}

/// A layer over the run screen: its panel, dialog or form, when it has one to draw.
#[derive(Clone, Copy)]
struct RunLayer<'a> {
    state: &'a State,
    run: &'a Run,
    layer: Context,
    below: Option<Context>,
    on: Over,
}

impl StatefulWidget for RunLayer<'_> {
    type State = Option<Position>;

    fn render(self, area: Rect, buf: &mut Buffer, cursor: &mut Self::State) {
        let RunLayer {
            state,
            run,
            layer,
            below,
            on,
        } = self;
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
                    crate::tui::dialog::WithdrawQuestion {
                        theme,
                        keymap,
                        contribution: c,
                    }
                    .render(area, buf);
                }
            }
            Context::NoteTakers => {
                if let Some(s) = run.sharing.as_ref().filter(|s| s.panel) {
                    crate::tui::panel::NoteTakersPanel {
                        theme,
                        keymap,
                        share: s,
                    }
                    .render(area, buf);
                }
            }
            Context::AxesPick | Context::AxesName => {
                if let Some(f) = &run.axes {
                    converge::AxesOverlay {
                        theme,
                        keymap,
                        run,
                        form: f,
                    }
                    .render(area, buf, cursor);
                }
            }
            Context::SeedPick => {
                if let Some(f) = &run.seed {
                    converge::SeedOverlay {
                        theme,
                        keymap,
                        run,
                        form: f,
                    }
                    .render(area, buf);
                }
            }
            Context::VoteSetup | Context::Vote => {
                if let Some(v) = &run.vote {
                    vote::VoteOverlay {
                        theme,
                        keymap,
                        run,
                        panel: v,
                    }
                    .render(on.vote_area, buf);
                }
            }
            Context::Themes => {
                if let Some(p) = &run.themes {
                    converge::ThemesOverlay {
                        theme,
                        keymap,
                        run,
                        panel: p,
                    }
                    .render(area, buf, cursor);
                }
            }
            Context::Breakout => {
                if let Some(b) = &run.breakout {
                    BreakoutOverlay {
                        theme,
                        keymap,
                        breakout: b,
                    }
                    .render(area, buf, cursor);
                }
            }
            Context::Details => {
                if let Some(form) = &run.details {
                    let labels: Vec<&str> = form.labels.iter().map(String::as_str).collect();
                    Form {
                        theme,
                        title: "Session details and narration",
                        labels: &labels,
                        fields: &form.fields,
                        field: form.field,
                        error: form.error.as_deref(),
                        hint: &keymap.hint_line(Context::Details, |k| state.usable(k)),
                    }
                    .render(area, buf, cursor);
                }
            }
            Context::NewGroup => {
                if let Some(b) = &run.new_group {
                    NewGroupBox { state, b }.render(area, buf, cursor);
                }
            }
            Context::MoveToGroup => {
                if let Some(p) = &run.group_picker {
                    GroupPicker {
                        theme,
                        keymap,
                        run,
                        picker: p,
                    }
                    .render(area, buf);
                }
            }
            _ => {}
        }
    }
}

/// The new group's name box (`n`).
#[derive(Clone, Copy)]
pub(super) struct NewGroupBox<'a> {
    pub state: &'a State,
    /// The name being typed.
    pub b: &'a crate::tui::textbox::TextBox,
}

impl StatefulWidget for NewGroupBox<'_> {
    type State = Option<Position>;

    fn render(self, area: Rect, buf: &mut Buffer, cursor: &mut Self::State) {
        let NewGroupBox { state, b } = self;
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
}
