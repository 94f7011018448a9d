//! One key as the keymap names it, read from and written to a keys file and the key bar.

use std::fmt;

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

/// One key: a key code and the Ctrl, Alt and Shift it is pressed with (Shift only for keys
/// that are not characters; a character is itself, `a` or `A`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Key {
    pub code: KeyCode,
    pub ctrl: bool,
    pub alt: bool,
    pub shift: bool,
}

impl Key {
    pub const fn plain(code: KeyCode) -> Key {
        Key {
            code,
            ctrl: false,
            alt: false,
            shift: false,
        }
    }

    pub const fn char(c: char) -> Key {
        Key::plain(KeyCode::Char(c))
    }

    pub const fn ctrl(c: char) -> Key {
        Key {
            code: KeyCode::Char(c),
            ctrl: true,
            alt: false,
            shift: false,
        }
    }

    pub const fn alt(code: KeyCode) -> Key {
        Key {
            code,
            ctrl: false,
            alt: true,
            shift: false,
        }
    }

    pub const fn shift(code: KeyCode) -> Key {
        Key {
            code,
            ctrl: false,
            alt: false,
            shift: true,
        }
    }

    /// The event a terminal sends for this key (a capital letter comes with Shift).
    pub fn event(&self) -> KeyEvent {
        let mut m = KeyModifiers::NONE;
        if self.ctrl {
            m |= KeyModifiers::CONTROL;
        }
        if self.alt {
            m |= KeyModifiers::ALT;
        }
        let capital = matches!(self.code, KeyCode::Char(c) if c.is_ascii_uppercase());
        if self.shift || self.code == KeyCode::BackTab || capital {
            m |= KeyModifiers::SHIFT;
        }
        KeyEvent::new(self.code, m)
    }

    /// The key an event is, as the tables name keys.
    pub fn of(ev: &KeyEvent) -> Key {
        let m = ev.modifiers;
        let code = match ev.code {
            // Ctrl-G and Ctrl-Shift-G are one key; a letter typed with Shift is its capital.
            KeyCode::Char(c) if m.contains(KeyModifiers::CONTROL) => {
                KeyCode::Char(c.to_ascii_lowercase())
            }
            code => code,
        };
        let is_char = matches!(code, KeyCode::Char(_));
        Key {
            code,
            ctrl: m.contains(KeyModifiers::CONTROL),
            alt: m.contains(KeyModifiers::ALT),
            shift: !is_char && code != KeyCode::BackTab && m.contains(KeyModifiers::SHIFT),
        }
    }

    /// Reads a key as a keys file writes it: `Ctrl-G`, `Alt-Enter`, `Shift-Tab`, `F5`, `PgDn`,
    /// `Space`, `a`, `A`, `?`.
    pub fn parse(text: &str) -> Result<Key, String> {
        let mut key = Key::plain(KeyCode::Null);
        let mut rest = text.trim();
        loop {
            let lower = rest.to_ascii_lowercase();
            let (n, which) = if lower.starts_with("ctrl-") || lower.starts_with("ctrl+") {
                (5, 0)
            } else if lower.starts_with("alt-") || lower.starts_with("alt+") {
                (4, 1)
            } else if lower.starts_with("shift-") || lower.starts_with("shift+") {
                (6, 2)
            } else {
                break;
            };
            if rest.len() == n {
                break; // "Ctrl-" alone: the key is the "-" below
            }
            match which {
                0 => key.ctrl = true,
                1 => key.alt = true,
                _ => key.shift = true,
            }
            rest = &rest[n..];
        }
        let named = match rest.to_ascii_lowercase().as_str() {
            "enter" | "return" => Some(KeyCode::Enter),
            "esc" | "escape" => Some(KeyCode::Esc),
            "tab" => Some(KeyCode::Tab),
            "backtab" => Some(KeyCode::BackTab),
            "backspace" => Some(KeyCode::Backspace),
            "delete" | "del" => Some(KeyCode::Delete),
            "insert" | "ins" => Some(KeyCode::Insert),
            "up" => Some(KeyCode::Up),
            "down" => Some(KeyCode::Down),
            "left" => Some(KeyCode::Left),
            "right" => Some(KeyCode::Right),
            "home" => Some(KeyCode::Home),
            "end" => Some(KeyCode::End),
            "pgup" | "pageup" => Some(KeyCode::PageUp),
            "pgdn" | "pagedown" => Some(KeyCode::PageDown),
            "space" => Some(KeyCode::Char(' ')),
            f if f.len() >= 2
                && f.starts_with('f')
                && f[1..].parse::<u8>().is_ok_and(|n| (1..=12).contains(&n)) =>
            {
                f[1..].parse().ok().map(KeyCode::F)
            }
            _ => None,
        };
        key.code = match named {
            Some(code) => code,
            None => {
                let mut chars = rest.chars();
                match (chars.next(), chars.next()) {
                    (Some(c), None) if !c.is_control() => {
                        if key.shift {
                            return Err(format!(
                                "“{text}”: write a capital letter or the character itself, not Shift with it"
                            ));
                        }
                        KeyCode::Char(if key.ctrl { c.to_ascii_lowercase() } else { c })
                    }
                    _ => {
                        return Err(format!(
                            "“{text}” is not a key (write Ctrl-G, Alt-Enter, Shift-Tab, F5, PgDn, Space, a letter…)"
                        ));
                    }
                }
            }
        };
        if key.shift && key.code == KeyCode::Tab && !key.ctrl && !key.alt {
            key = Key::plain(KeyCode::BackTab);
        }
        Ok(key)
    }

    /// How the key bar writes it: `^G`, `Tab`, `F5`, `↑`.
    pub fn short(&self) -> String {
        let name = self.name();
        if self.ctrl && !self.alt && !self.shift {
            return format!("^{}", name.to_ascii_uppercase());
        }
        let mut s = String::new();
        if self.ctrl {
            s.push_str("Ctrl-");
        }
        if self.alt {
            s.push_str("Alt-");
        }
        if self.shift {
            s.push_str("Shift-");
        }
        s.push_str(&name);
        s
    }

    fn name(&self) -> String {
        match self.code {
            KeyCode::Enter => "Enter".into(),
            KeyCode::Esc => "Esc".into(),
            KeyCode::Tab => "Tab".into(),
            KeyCode::BackTab => "Shift-Tab".into(),
            KeyCode::Backspace => "Bksp".into(),
            KeyCode::Delete => "Del".into(),
            KeyCode::Insert => "Ins".into(),
            KeyCode::Up => "↑".into(),
            KeyCode::Down => "↓".into(),
            KeyCode::Left => "←".into(),
            KeyCode::Right => "→".into(),
            KeyCode::Home => "Home".into(),
            KeyCode::End => "End".into(),
            KeyCode::PageUp => "PgUp".into(),
            KeyCode::PageDown => "PgDn".into(),
            KeyCode::Char(' ') => "Space".into(),
            KeyCode::Char(c) => c.to_string(),
            KeyCode::F(n) => format!("F{n}"),
            _ => "?".into(),
        }
    }
}

impl fmt::Display for Key {
    /// How the help writes it: `Ctrl-G`, `Shift-Tab`, `F5`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.ctrl {
            f.write_str("Ctrl-")?;
        }
        if self.alt {
            f.write_str("Alt-")?;
        }
        if self.shift {
            f.write_str("Shift-")?;
        }
        let name = self.name();
        if self.ctrl && name.len() == 1 {
            f.write_str(&name.to_ascii_uppercase())
        } else {
            f.write_str(&name)
        }
    }
}
