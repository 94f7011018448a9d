//! Every style of every theme, measured on the common terminals' palettes: text at least
//! 4.5:1 against what it is drawn on, borders at least 3:1 (WCAG 2.x contrast ratio).
//!
//! A style's colours are resolved as the terminal would: no fg or bg is the palette's default
//! one, the 16 named colours are the palette's, indices 16–255 the xterm cube and grey ramp
//! (the same on all of these terminals), reversed swaps the two, and dim is taken as half way
//! from the fg to the bg (as xterm and VTE draw it). The dark palette is measured on each
//! terminal's dark default colours, the light on its light ones, high contrast on all.

use ratatui::style::{Color, Modifier, Style};

use super::detect::luminance;
use super::{Palette, Styles, Theme};

type Rgb = (u8, u8, u8);

struct TermPalette {
    name: &'static str,
    colors: [u32; 16],
    fg: u32,
    bg: u32,
    background: super::Background,
}

const XTERM: [u32; 16] = [
    0x000000, 0xcd0000, 0x00cd00, 0xcdcd00, 0x0000ee, 0xcd00cd, 0x00cdcd, 0xe5e5e5, 0x7f7f7f,
    0xff0000, 0x00ff00, 0xffff00, 0x5c5cff, 0xff00ff, 0x00ffff, 0xffffff,
];
const TANGO: [u32; 16] = [
    0x2e3436, 0xcc0000, 0x4e9a06, 0xc4a000, 0x3465a4, 0x75507b, 0x06989a, 0xd3d7cf, 0x555753,
    0xef2929, 0x8ae234, 0xfce94f, 0x729fcf, 0xad7fa8, 0x34e2e2, 0xeeeeec,
];
const TERMINAL_APP: [u32; 16] = [
    0x000000, 0x990000, 0x00a600, 0x999900, 0x0000b2, 0xb200b2, 0x00a6b2, 0xbfbfbf, 0x666666,
    0xe50000, 0x00d900, 0xe5e500, 0x0000ff, 0xe500e5, 0x00e5e5, 0xe5e5e5,
];
const CAMPBELL: [u32; 16] = [
    0x0c0c0c, 0xc50f1f, 0x13a10e, 0xc19c00, 0x0037da, 0x881798, 0x3a96dd, 0xcccccc, 0x767676,
    0xe74856, 0x16c60c, 0xf9f1a5, 0x3b78ff, 0xb4009e, 0x61d6d6, 0xf2f2f2,
];
const ONE_HALF_LIGHT: [u32; 16] = [
    0x383a42, 0xe45649, 0x50a14f, 0xc18301, 0x0184bc, 0xa626a4, 0x0997b3, 0xfafafa, 0x4f525d,
    0xdf6c75, 0x98c379, 0xe4c07a, 0x61afef, 0xc577dd, 0x56b5c1, 0xffffff,
];

/// The palettes, with their default text and background colours.
///
/// - xterm: the 16 colours of xterm's charproc.c / XTerm-col.ad; by default black text on
///   white, and white on black with `-rv`.
/// - Tango: GNOME Terminal's (VTE's) Tango palette, with its "Tango dark" (#d3d7cf on
///   #2e3436) and "Tango light" (#2e3436 on #eeeeec) colour schemes.
/// - macOS Terminal.app: its standard ANSI colours (as tabulated in Wikipedia's "ANSI escape
///   code" article); the Basic profile is black on white, the Pro profile about #f2f2f2 on
///   black.
/// - Windows Terminal: the Campbell scheme of its defaults.json (#cccccc on #0c0c0c), the
///   default; Campbell has no light variant, so the light theme is measured on the "One Half
///   Light" scheme it also ships (#383a42 on #fafafa).
const PALETTES: &[TermPalette] = {
    use super::Background::{Dark, Light};
    &[
        TermPalette {
            name: "xterm",
            colors: XTERM,
            fg: 0x000000,
            bg: 0xffffff,
            background: Light,
        },
        TermPalette {
            name: "xterm -rv",
            colors: XTERM,
            fg: 0xffffff,
            bg: 0x000000,
            background: Dark,
        },
        TermPalette {
            name: "Tango dark",
            colors: TANGO,
            fg: 0xd3d7cf,
            bg: 0x2e3436,
            background: Dark,
        },
        TermPalette {
            name: "Tango light",
            colors: TANGO,
            fg: 0x2e3436,
            bg: 0xeeeeec,
            background: Light,
        },
        TermPalette {
            name: "Terminal.app Basic",
            colors: TERMINAL_APP,
            fg: 0x000000,
            bg: 0xffffff,
            background: Light,
        },
        TermPalette {
            name: "Terminal.app Pro",
            colors: TERMINAL_APP,
            fg: 0xf2f2f2,
            bg: 0x000000,
            background: Dark,
        },
        TermPalette {
            name: "Windows Terminal Campbell",
            colors: CAMPBELL,
            fg: 0xcccccc,
            bg: 0x0c0c0c,
            background: Dark,
        },
        TermPalette {
            name: "Windows Terminal One Half Light",
            colors: ONE_HALF_LIGHT,
            fg: 0x383a42,
            bg: 0xfafafa,
            background: Light,
        },
    ]
};

fn rgb(v: u32) -> Rgb {
    ((v >> 16) as u8, (v >> 8) as u8, v as u8)
}

/// The colour `c` is on `p`; `None` for the default one.
fn resolve(c: Color, p: &TermPalette) -> Option<Rgb> {
    let named = |i: usize| Some(rgb(p.colors[i]));
    match c {
        Color::Reset => None,
        Color::Black => named(0),
        Color::Red => named(1),
        Color::Green => named(2),
        Color::Yellow => named(3),
        Color::Blue => named(4),
        Color::Magenta => named(5),
        Color::Cyan => named(6),
        Color::Gray => named(7),
        Color::DarkGray => named(8),
        Color::LightRed => named(9),
        Color::LightGreen => named(10),
        Color::LightYellow => named(11),
        Color::LightBlue => named(12),
        Color::LightMagenta => named(13),
        Color::LightCyan => named(14),
        Color::White => named(15),
        Color::Rgb(r, g, b) => Some((r, g, b)),
        Color::Indexed(i) if i < 16 => named(usize::from(i)),
        Color::Indexed(i) if i < 232 => {
            const LEVELS: [u8; 6] = [0, 95, 135, 175, 215, 255];
            let i = usize::from(i - 16);
            Some((LEVELS[i / 36], LEVELS[(i / 6) % 6], LEVELS[i % 6]))
        }
        Color::Indexed(i) => {
            let v = 8 + 10 * (i - 232);
            Some((v, v, v))
        }
    }
}

/// The text and background colours `style` is drawn in on `p`.
fn drawn(style: Style, p: &TermPalette) -> (Rgb, Rgb) {
    let mut fg = style.fg.and_then(|c| resolve(c, p)).unwrap_or(rgb(p.fg));
    let mut bg = style.bg.and_then(|c| resolve(c, p)).unwrap_or(rgb(p.bg));
    if style.add_modifier.contains(Modifier::REVERSED) {
        std::mem::swap(&mut fg, &mut bg);
    }
    if style.add_modifier.contains(Modifier::DIM) {
        let half = |f: u8, b: u8| ((u16::from(f) + u16::from(b)) / 2) as u8;
        fg = (half(fg.0, bg.0), half(fg.1, bg.1), half(fg.2, bg.2));
    }
    (fg, bg)
}

fn lum(c: Rgb) -> f64 {
    let part = |v: u8| f64::from(v) / 255.0;
    luminance(part(c.0), part(c.1), part(c.2))
}

fn ratio(a: Rgb, b: Rgb) -> f64 {
    let (x, y) = (lum(a), lum(b));
    (x.max(y) + 0.05) / (x.min(y) + 0.05)
}

/// Every style of `styles` with its name and the contrast it needs: destructured field by
/// field, so a style added to [`Styles`] without a line here does not compile.
fn named(styles: Styles) -> Vec<(&'static str, Style, f64)> {
    let Styles {
        text,
        dim,
        heading,
        selected,
        group,
        accent,
        good,
        warn,
        danger,
        hidden,
        key,
        border,
        border_focus,
    } = styles;
    const TEXT: f64 = 4.5;
    const BORDER: f64 = 3.0;
    vec![
        ("text", text, TEXT),
        ("dim", dim, TEXT),
        ("heading", heading, TEXT),
        ("selected", selected, TEXT),
        ("group", group, TEXT),
        ("accent", accent, TEXT),
        ("good", good, TEXT),
        ("warn", warn, TEXT),
        ("danger", danger, TEXT),
        ("hidden", hidden, TEXT),
        ("key", key, TEXT),
        ("border", border, BORDER),
        ("border_focus", border_focus, BORDER),
    ]
}

/// The combinations the views make of the theme's styles (a selected heading or dim row, a
/// reversed warning or dim label), measured too: found with
/// `grep -rn "theme.*()\.\(patch\|add_modifier\)" src/tui`.
fn combined(s: Styles) -> Vec<(&'static str, Style, f64)> {
    let reversed = Modifier::REVERSED;
    vec![
        ("heading+selected", s.heading.patch(s.selected), 4.5),
        ("dim+selected", s.dim.patch(s.selected), 4.5),
        ("text+selected", s.text.patch(s.selected), 4.5),
        ("warn reversed", s.warn.add_modifier(reversed), 4.5),
        ("dim reversed", s.dim.add_modifier(reversed), 4.5),
        ("text bold", s.text.add_modifier(Modifier::BOLD), 4.5),
    ]
}

/// The palettes `palette` is measured on.
fn measured_on(palette: Palette) -> Vec<&'static TermPalette> {
    PALETTES
        .iter()
        .filter(|p| match palette {
            Palette::Dark => p.background == super::Background::Dark,
            Palette::Light => p.background == super::Background::Light,
            Palette::HighContrast => true,
            // No colours at all: the terminal's own text and background, as asked for.
            Palette::None => false,
        })
        .collect()
}

/// Each style of `styles` under its required contrast on `on`, and the lowest ratios seen
/// (text, borders).
fn failures(styles: Styles, on: &[&TermPalette]) -> (Vec<String>, (f64, f64)) {
    let mut out = Vec::new();
    let mut worst = (f64::INFINITY, f64::INFINITY);
    for (name, style, needed) in named(styles).into_iter().chain(combined(styles)) {
        for p in on {
            let (fg, bg) = drawn(style, p);
            let r = ratio(fg, bg);
            if needed < 4.5 {
                worst.1 = worst.1.min(r);
            } else {
                worst.0 = worst.0.min(r);
            }
            if r < needed {
                out.push(format!(
                    "{name} on {}: {r:.2}:1 (needs {needed}:1), #{:02x}{:02x}{:02x} on #{:02x}{:02x}{:02x}",
                    p.name, fg.0, fg.1, fg.2, bg.0, bg.1, bg.2
                ));
            }
        }
    }
    (out, worst)
}

#[test]
// The worst ratios, for the record (`cargo test --lib tui::theme -- --nocapture`).
#[allow(clippy::print_stdout)]
fn every_style_of_every_theme_has_the_contrast_to_be_read() {
    let mut all = Vec::new();
    for palette in Palette::ALL {
        for projection in [false, true] {
            let theme = Theme {
                palette,
                projection,
            };
            let on = measured_on(palette);
            assert!(palette == Palette::None || on.len() >= 4);
            let (bad, worst) = failures(theme.styles(), &on);
            if !on.is_empty() {
                println!(
                    "{} (projection {projection}): worst text {:.2}:1, worst border {:.2}:1",
                    palette.name(),
                    worst.0,
                    worst.1
                );
            }
            all.extend(bad.into_iter().map(|b| format!("{}: {b}", palette.name())));
        }
    }
    assert!(all.is_empty(), "too little contrast:\n{}", all.join("\n"));
}

#[test]
fn the_measure_fails_a_colour_that_cannot_be_read() {
    let light = measured_on(Palette::Light);
    let dark = measured_on(Palette::Dark);
    let good = Theme::new(Palette::Light).styles();
    assert!(failures(good, &light).0.is_empty());
    // Yellow on white, the named yellow, the terminal's faint attribute, a pale border.
    let cases = [
        Styles {
            heading: Style::new().fg(Color::Indexed(226)),
            ..good
        },
        Styles {
            accent: Style::new().fg(Color::Yellow),
            ..good
        },
        Styles {
            dim: Style::new().add_modifier(Modifier::DIM),
            ..good
        },
        Styles {
            border: Style::new().fg(Color::Indexed(252)),
            ..good
        },
        Styles {
            selected: Style::new().fg(Color::Indexed(231)).bg(Color::Indexed(226)),
            ..good
        },
    ];
    for bad in cases {
        assert!(!failures(bad, &light).0.is_empty(), "{bad:?}");
    }
    // The dark theme's old cyan heading fails on Tango dark; its old dark grey border too.
    let old = Theme::new(Palette::Dark).styles();
    let cyan = Styles {
        heading: Style::new().fg(Color::Cyan),
        ..old
    };
    let (f, _) = failures(cyan, &dark);
    assert!(f.iter().any(|m| m.contains("Tango dark")), "{f:?}");
    let grey = Styles {
        border: Style::new().fg(Color::DarkGray),
        ..old
    };
    assert!(!failures(grey, &dark).0.is_empty());
}

#[test]
fn the_measure_is_right_about_known_pairs() {
    let p = &PALETTES[0];
    let black_white = ratio((0, 0, 0), (255, 255, 255));
    assert!((black_white - 21.0).abs() < 1e-9);
    assert_eq!(resolve(Color::Indexed(16), p), Some((0, 0, 0)));
    assert_eq!(resolve(Color::Indexed(231), p), Some((255, 255, 255)));
    assert_eq!(resolve(Color::Indexed(81), p), Some((95, 215, 255)));
    assert_eq!(resolve(Color::Indexed(244), p), Some((128, 128, 128)));
    // #767676 on white is the well-known 4.54:1.
    assert!((ratio((0x76, 0x76, 0x76), (255, 255, 255)) - 4.54).abs() < 0.01);
    let reversed = drawn(Style::new().add_modifier(Modifier::REVERSED), p);
    assert_eq!(reversed, ((255, 255, 255), (0, 0, 0)));
}

/// Every `pub fn NAME(self) -> Style` of the theme is one of the measured styles, so a style
/// method cannot bypass [`Styles`] and the test.
#[test]
fn every_style_method_is_measured() {
    let source = include_str!("../theme.rs");
    let names: Vec<&str> = named(Theme::plain().styles())
        .iter()
        .map(|(n, _, _)| *n)
        .collect();
    let mut methods = 0;
    for line in source.lines() {
        let Some(rest) = line.trim().strip_prefix("pub fn ") else {
            continue;
        };
        if !rest.contains("(self) -> Style {") {
            continue;
        }
        let name = rest.split('(').next().unwrap_or_default();
        methods += 1;
        assert!(names.contains(&name), "style {name} is not measured");
        assert!(
            source.contains(&format!("self.styles().{name}\n")),
            "{name} must return self.styles().{name}"
        );
    }
    assert_eq!(methods, names.len());
}
