//! Which palette hearth uses, first that says: `--theme`, the `HEARTH_THEME` variable, a
//! `theme = "…"` line in the keys file (`hearth where` names it), `NO_COLOR` (no colour), the
//! terminal's background where it answers the question (a light one gives the light palette),
//! else dark. `auto` anywhere means "ask the terminal".

use std::sync::OnceLock;
use std::time::Duration;

use super::{Background, Palette, Theme};

/// A theme as named on the command line, in `HEARTH_THEME` or the keys file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Choice {
    Palette(Palette),
    /// Light or dark by the terminal's background.
    Auto,
}

/// The names a theme is given by.
pub const NAMES: &str = "dark, light, high-contrast, none or auto";

impl Choice {
    pub fn parse(text: &str) -> Result<Choice, String> {
        let t = text.trim().to_ascii_lowercase().replace('_', "-");
        Ok(match t.as_str() {
            "dark" => Choice::Palette(Palette::Dark),
            "light" => Choice::Palette(Palette::Light),
            "high-contrast" | "contrast" => Choice::Palette(Palette::HighContrast),
            "none" | "no-color" | "plain" => Choice::Palette(Palette::None),
            "auto" => Choice::Auto,
            _ => {
                return Err(format!(
                    "no theme “{}”: the themes are {NAMES}",
                    crate::model::text::printable(text)
                ));
            }
        })
    }
}

/// A `theme` line of the keys file that cannot be used: where, and what is wrong.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileError {
    pub line: usize,
    pub column: usize,
    pub message: String,
}

impl std::fmt::Display for FileError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "line {}, column {}: {}",
            self.line, self.column, self.message
        )
    }
}

#[derive(serde::Deserialize)]
struct ThemeLine {
    #[serde(default)]
    theme: Option<toml::Spanned<toml::Value>>,
}

/// The theme the keys file's text names with a top-level `theme = "light"` line, if any. A text
/// that is not TOML at all names none here (the keymap says what is wrong with it).
pub fn in_keys_file(text: &str) -> Result<Option<Choice>, FileError> {
    let Ok(doc) = toml::from_str::<ThemeLine>(text) else {
        return Ok(None);
    };
    let Some(value) = doc.theme else {
        return Ok(None);
    };
    let at = |offset: usize, message: String| {
        let before = &text[..offset.min(text.len())];
        let line = before.matches('\n').count() + 1;
        let column = before
            .rfind('\n')
            .map_or(before.chars().count(), |i| before[i + 1..].chars().count())
            + 1;
        FileError {
            line,
            column,
            message,
        }
    };
    let start = value.span().start;
    match value.get_ref() {
        toml::Value::String(s) => Choice::parse(s).map(Some).map_err(|m| at(start, m)),
        _ => Err(at(
            start,
            format!("theme takes a name in quotes (theme = \"light\"): {NAMES}"),
        )),
    }
}

/// Everything that may choose the theme, read beforehand so [`decide`] is a plain function.
#[derive(Debug, Clone, Default)]
pub struct Inputs {
    pub flag: Option<Choice>,
    /// `HEARTH_THEME`, as set.
    pub env: Option<String>,
    /// The keys file's text, when there is one.
    pub file: Option<String>,
    /// `NO_COLOR` is set to something.
    pub no_color: bool,
}

impl Inputs {
    /// From the environment and the keys file, with `flag` from the command line.
    pub fn from_env(flag: Option<Choice>) -> Inputs {
        let var = |name: &str| std::env::var(name).ok().filter(|v| !v.trim().is_empty());
        Inputs {
            flag,
            env: var("HEARTH_THEME"),
            file: crate::store::folders::keys_file().and_then(|p| std::fs::read_to_string(p).ok()),
            no_color: var("NO_COLOR").is_some(),
        }
    }
}

/// The palette `inputs` choose, asking `detect` for the terminal's background only when
/// nothing else says; and what was wrong on the way (a bad `HEARTH_THEME` or keys file line,
/// passed over).
pub fn decide(
    inputs: &Inputs,
    detect: impl FnOnce() -> Option<Background>,
) -> (Palette, Vec<String>) {
    let mut problems = Vec::new();
    let env = inputs.env.as_deref().and_then(|v| {
        Choice::parse(v)
            .map_err(|e| problems.push(format!("HEARTH_THEME is not used: {e}")))
            .ok()
    });
    let file = inputs.file.as_deref().and_then(|t| {
        in_keys_file(t)
            .map_err(|e| problems.push(format!("the keys file's theme is not used ({e})")))
            .ok()
            .flatten()
    });
    let chosen = inputs.flag.or(env).or(file);
    let palette = match chosen {
        Some(Choice::Palette(p)) => p,
        None if inputs.no_color => Palette::None,
        Some(Choice::Auto) | None => match detect() {
            Some(Background::Light) => Palette::Light,
            Some(Background::Dark) | None => Palette::Dark,
        },
    };
    (palette, problems)
}

static STARTED: OnceLock<Theme> = OnceLock::new();

/// How long the terminal has to say its background.
pub const ASK_FOR: Duration = Duration::from_millis(100);

/// Chooses the theme for this run of hearth, before the terminal app takes the screen (asking
/// the terminal for its background when nothing else chooses, in raw mode, at most
/// [`ASK_FOR`]). Returns what was wrong with `HEARTH_THEME` or the keys file's theme line.
pub fn start(flag: Option<Choice>) -> Vec<String> {
    let (palette, problems) = decide(&Inputs::from_env(flag), || {
        super::detect::ask_terminal(ASK_FOR)
    });
    let _ = STARTED.set(Theme {
        palette,
        projection: false,
    });
    problems
}

/// The theme [`start`] chose, if it ran.
pub fn started() -> Option<Theme> {
    STARTED.get().copied()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn inputs(flag: Option<&str>, env: Option<&str>, file: Option<&str>, no_color: bool) -> Inputs {
        Inputs {
            flag: flag.map(|f| Choice::parse(f).unwrap()),
            env: env.map(str::to_owned),
            file: file.map(str::to_owned),
            no_color,
        }
    }

    fn palette(i: &Inputs, bg: Option<Background>) -> Palette {
        decide(i, || bg).0
    }

    #[test]
    fn the_flag_wins_then_the_variable_then_the_file() {
        let file = Some("theme = \"high-contrast\"\n[typing]\nnew_line = \"Ctrl-J\"\n");
        let all = inputs(Some("light"), Some("none"), file, true);
        assert_eq!(palette(&all, None), Palette::Light);
        let env = inputs(None, Some("none"), file, false);
        assert_eq!(palette(&env, None), Palette::None);
        let from_file = inputs(None, None, file, true);
        assert_eq!(palette(&from_file, None), Palette::HighContrast);
    }

    #[test]
    fn no_color_gives_none_unless_a_theme_is_named() {
        assert_eq!(
            palette(&inputs(None, None, None, true), Some(Background::Light)),
            Palette::None
        );
        assert_eq!(
            palette(&inputs(Some("none"), None, None, false), None),
            Palette::None
        );
        assert_eq!(
            palette(&inputs(None, Some("dark"), None, true), None),
            Palette::Dark
        );
    }

    #[test]
    fn the_terminal_is_asked_only_when_nothing_chooses() {
        assert_eq!(
            palette(&inputs(None, None, None, false), Some(Background::Light)),
            Palette::Light
        );
        assert_eq!(
            palette(&inputs(None, None, None, false), Some(Background::Dark)),
            Palette::Dark
        );
        assert_eq!(
            palette(&inputs(None, None, None, false), None),
            Palette::Dark
        );
        assert_eq!(
            palette(
                &inputs(Some("auto"), None, None, false),
                Some(Background::Light)
            ),
            Palette::Light
        );
        let mut asked = false;
        decide(&inputs(Some("dark"), None, None, false), || {
            asked = true;
            None
        });
        assert!(!asked, "a named theme never asks the terminal");
    }

    #[test]
    fn a_bad_variable_or_file_line_is_passed_over_and_said() {
        let i = inputs(None, Some("purple"), Some("theme = \"light\"\n"), false);
        let (p, problems) = decide(&i, || None);
        assert_eq!(p, Palette::Light);
        assert_eq!(problems.len(), 1);
        assert!(problems[0].contains("HEARTH_THEME") && problems[0].contains("purple"));

        let i = inputs(None, None, Some("\n\ntheme =   \"sepia\"\n"), false);
        let (p, problems) = decide(&i, || Some(Background::Light));
        assert_eq!(p, Palette::Light, "falls back to the terminal's background");
        assert_eq!(problems.len(), 1);
        assert!(
            problems[0].contains("line 3, column 11") && problems[0].contains("sepia"),
            "{problems:?}"
        );
    }

    #[test]
    fn the_keys_file_line_is_read_with_its_place() {
        assert_eq!(
            in_keys_file("theme = \"Light\"\n"),
            Ok(Some(Choice::Palette(Palette::Light)))
        );
        assert_eq!(in_keys_file("[typing]\nsave = \"F3\"\n"), Ok(None));
        assert_eq!(in_keys_file("not toml ["), Ok(None));
        let e = in_keys_file("# mine\ntheme = 3\n").unwrap_err();
        assert_eq!((e.line, e.column), (2, 9));
        assert!(e.message.contains("in quotes"), "{e}");
        let e = in_keys_file("theme = \"\\u001b[31m\"\n").unwrap_err();
        assert!(!e.message.contains('\u{1b}'), "{e}");
    }

    #[test]
    fn names_are_forgiving_about_case_and_underscores() {
        for (name, p) in [
            ("DARK", Palette::Dark),
            ("high_contrast", Palette::HighContrast),
            (" none ", Palette::None),
        ] {
            assert_eq!(Choice::parse(name), Ok(Choice::Palette(p)));
        }
        for p in Palette::ALL {
            assert_eq!(Choice::parse(p.name()), Ok(Choice::Palette(p)));
        }
        assert!(Choice::parse("sepia").unwrap_err().contains(NAMES));
    }
}
