//! Colours and emphasis. Everything that matters is also said in text or symbols, never by
//! colour alone.
//!
//! Four palettes: `dark` (for a dark terminal background; the default), `light` (for a light
//! one, such as a projector showing white), `high-contrast` (white and yellow on black, every
//! style with its own background, so it reads the same on any terminal) and `none` (no colour
//! at all: `NO_COLOR`, `--theme none`). The projection (F5, `hearth screen`) makes text and
//! borders bold on any of them. Where a palette gives a colour, it is one of the 256-colour
//! indices 16–255, which every common terminal draws with the same values (the xterm cube and
//! grey ramp), so the contrast measured in `contrast_tests` holds on each of them; the 16 named
//! colours are left alone, as every terminal draws them differently. Dim text is a grey of its
//! own, not the terminal's faint attribute, which some draw too faint to read.
//!
//! Which palette is used: see [`choose`].

use ratatui::style::{Color, Modifier, Style};

pub mod choose;
#[cfg(test)]
mod contrast_tests;
pub mod detect;

pub use choose::{Choice, FileError};
pub use detect::Background;

/// A set of colours for the whole app.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Palette {
    /// No colour: only bold, reversed and the like (`NO_COLOR`, `--theme none`).
    None,
    /// For a dark terminal background: the terminal's own text colour, light accents.
    Dark,
    /// For a light terminal background: the terminal's own text colour, dark accents.
    Light,
    /// White, yellow and cyan on black, whatever the terminal's colours.
    HighContrast,
}

impl Palette {
    pub const ALL: [Palette; 4] = [
        Palette::Dark,
        Palette::Light,
        Palette::HighContrast,
        Palette::None,
    ];

    /// The name `--theme`, `HEARTH_THEME` and the keys file use.
    pub fn name(self) -> &'static str {
        match self {
            Palette::None => "none",
            Palette::Dark => "dark",
            Palette::Light => "light",
            Palette::HighContrast => "high-contrast",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Theme {
    pub palette: Palette,
    /// For a projector: bold text and borders, on any palette.
    pub projection: bool,
}

/// Every style a theme gives, one field each: the views take them through the methods of
/// [`Theme`], and the contrast test takes them all from here (a style added here without a
/// contrast check does not compile there).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Styles {
    pub text: Style,
    pub dim: Style,
    pub heading: Style,
    pub selected: Style,
    pub group: Style,
    pub accent: Style,
    pub good: Style,
    pub warn: Style,
    pub danger: Style,
    pub hidden: Style,
    pub key: Style,
    pub border: Style,
    pub border_focus: Style,
}

/// The colours of one palette: `None` is the terminal's own.
struct Colors {
    /// Under every style (high contrast only).
    bg: Option<Color>,
    text: Option<Color>,
    dim: Color,
    heading: Color,
    group: Color,
    accent: Color,
    good: Color,
    warn: Color,
    border: Color,
    focus: Color,
    /// A selected row: reversed terminal colours when `None`.
    selected: Option<(Color, Color)>,
    /// A key named in the bar or help: reversed terminal colours when `None`.
    key: Option<(Color, Color)>,
    danger: (Color, Color),
}

const fn ix(i: u8) -> Color {
    Color::Indexed(i)
}

const DARK: Colors = Colors {
    bg: None,
    text: None,
    dim: ix(248),
    heading: ix(81),
    group: ix(213),
    accent: ix(221),
    good: ix(114),
    warn: ix(215),
    border: ix(245),
    focus: ix(81),
    selected: None,
    key: None,
    danger: (ix(231), ix(124)),
};

const LIGHT: Colors = Colors {
    bg: None,
    text: None,
    dim: ix(240),
    heading: ix(25),
    group: ix(90),
    accent: ix(94),
    good: ix(22),
    warn: ix(124),
    border: ix(243),
    focus: ix(25),
    selected: None,
    key: None,
    danger: (ix(231), ix(124)),
};

const HIGH_CONTRAST: Colors = Colors {
    bg: Some(ix(16)),
    text: Some(ix(231)),
    dim: ix(252),
    heading: ix(51),
    group: ix(219),
    accent: ix(226),
    good: ix(46),
    warn: ix(226),
    border: ix(231),
    focus: ix(226),
    selected: Some((ix(16), ix(226))),
    key: Some((ix(16), ix(231))),
    danger: (ix(231), ix(124)),
};

impl Theme {
    /// The theme chosen when hearth started (`--theme`, `HEARTH_THEME`, the keys file, the
    /// terminal's background: see [`choose::start`]); without that, from the environment
    /// alone (`HEARTH_THEME`, `NO_COLOR`), never asking the terminal.
    pub fn from_env() -> Theme {
        choose::started().unwrap_or_else(|| Theme {
            palette: choose::decide(&choose::Inputs::from_env(None), || None).0,
            projection: false,
        })
    }

    pub fn plain() -> Theme {
        Theme {
            palette: Palette::None,
            projection: false,
        }
    }

    pub fn new(palette: Palette) -> Theme {
        Theme {
            palette,
            projection: false,
        }
    }

    /// Every style of this theme.
    pub fn styles(self) -> Styles {
        let bold = Modifier::BOLD;
        let Some(c) = (match self.palette {
            Palette::None => None,
            Palette::Dark => Some(&DARK),
            Palette::Light => Some(&LIGHT),
            Palette::HighContrast => Some(&HIGH_CONTRAST),
        }) else {
            return self.plain_styles();
        };
        let base = match c.bg {
            Some(bg) => Style::new().bg(bg),
            None => Style::new(),
        };
        let fg = |color: Color| base.fg(color);
        let text = match c.text {
            Some(t) => base.fg(t),
            None => base,
        };
        let pair = |p: Option<(Color, Color)>, reversed: Modifier| match p {
            Some((f, b)) => Style::new().fg(f).bg(b),
            None => Style::new().add_modifier(reversed),
        };
        let projection = if self.projection {
            bold
        } else {
            Modifier::empty()
        };
        Styles {
            text: text.add_modifier(projection),
            dim: fg(c.dim),
            heading: fg(c.heading).add_modifier(bold),
            selected: pair(c.selected, Modifier::REVERSED).add_modifier(bold),
            group: fg(c.group).add_modifier(bold),
            accent: fg(c.accent).add_modifier(bold),
            good: fg(c.good).add_modifier(bold),
            warn: fg(c.warn).add_modifier(bold),
            danger: Style::new()
                .fg(c.danger.0)
                .bg(c.danger.1)
                .add_modifier(bold),
            hidden: fg(c.dim).add_modifier(Modifier::CROSSED_OUT),
            key: pair(c.key, Modifier::REVERSED),
            // Over a projection, borders as strong as the text.
            border: if self.projection {
                text.add_modifier(bold)
            } else {
                fg(c.border)
            },
            border_focus: fg(c.focus).add_modifier(bold),
        }
    }

    /// No colour at all, as with `NO_COLOR`.
    fn plain_styles(self) -> Styles {
        let bold = Style::new().add_modifier(Modifier::BOLD);
        let text = if self.projection { bold } else { Style::new() };
        Styles {
            text,
            dim: Style::new().add_modifier(Modifier::DIM),
            heading: bold,
            selected: Style::new().add_modifier(Modifier::REVERSED | Modifier::BOLD),
            group: bold,
            accent: bold,
            good: bold,
            warn: bold,
            danger: Style::new().add_modifier(Modifier::REVERSED | Modifier::BOLD),
            hidden: Style::new().add_modifier(Modifier::DIM | Modifier::CROSSED_OUT),
            key: Style::new().add_modifier(Modifier::REVERSED),
            border: text,
            border_focus: bold,
        }
    }

    /// Body text: the terminal's own colours on the dark and light palettes.
    pub fn text(self) -> Style {
        self.styles().text
    }
    pub fn dim(self) -> Style {
        self.styles().dim
    }
    pub fn heading(self) -> Style {
        self.styles().heading
    }
    pub fn selected(self) -> Style {
        self.styles().selected
    }
    pub fn group(self) -> Style {
        self.styles().group
    }
    pub fn accent(self) -> Style {
        self.styles().accent
    }
    pub fn good(self) -> Style {
        self.styles().good
    }
    pub fn warn(self) -> Style {
        self.styles().warn
    }
    pub fn danger(self) -> Style {
        self.styles().danger
    }
    pub fn hidden(self) -> Style {
        self.styles().hidden
    }
    pub fn key(self) -> Style {
        self.styles().key
    }
    pub fn border(self) -> Style {
        self.styles().border
    }
    pub fn border_focus(self) -> Style {
        self.styles().border_focus
    }
}
