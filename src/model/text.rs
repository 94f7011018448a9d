//! Rules for text as people typed it.

/// Largest contribution text or field, in bytes (1 MiB). A larger paste is refused, never cut.
pub const MAX_FIELD_BYTES: usize = 1024 * 1024;
/// Largest string in a workshop plan (titles, questions, notes), in bytes.
pub const MAX_PLAN_STRING_BYTES: usize = 64 * 1024;
/// Largest identifier (exercise, slot, contribution id), in bytes.
pub const MAX_ID_BYTES: usize = 64;
/// Largest group or author name, in bytes.
pub const MAX_NAME_BYTES: usize = 200;

/// The one normalisation hearth applies to typed text: CRLF and lone CR become LF.
pub fn normalize_newlines(text: &str) -> String {
    if !text.contains('\r') {
        return text.to_owned();
    }
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\r' {
            if chars.peek() == Some(&'\n') {
                chars.next();
            }
            out.push('\n');
        } else {
            out.push(c);
        }
    }
    out
}

/// Identifiers are short, visible ASCII so they can be typed on a command line.
pub fn is_valid_id(id: &str) -> bool {
    !id.is_empty()
        && id.len() <= MAX_ID_BYTES
        && id
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.'))
}

/// A group or author name: non-blank, bounded, one line without control characters (see
/// [`control_problem`]).
pub fn is_valid_name(name: &str) -> bool {
    !name.trim().is_empty()
        && name.len() <= MAX_NAME_BYTES
        && control_problem(name, Lines::One).is_none()
}

/// How many lines a text a session holds may have.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lines {
    /// A title, an event, a name: one line.
    One,
    /// Notes, an introduction: line breaks and tabs are part of the text.
    Several,
}

/// The one rule for control characters in the texts a session holds (its title, event, notes,
/// introduction, and group and facilitator names; answers are not held to it: they keep what
/// was typed, verbatim, and are shown with symbols for it): none in a text of one line; none but
/// line breaks and tabs in a text of several lines. `None` when `text` keeps the rule, else what
/// is wrong, naming the first character refused (a terminal would act on it: move the cursor,
/// set the window's title, clear the screen).
pub fn control_problem(text: &str, lines: Lines) -> Option<String> {
    let allowed = |c: char| lines == Lines::Several && matches!(c, '\n' | '\r' | '\t');
    let c = text.chars().find(|&c| c.is_control() && !allowed(c))?;
    let code = u32::from(c);
    Some(match lines {
        Lines::One => format!(
            "has a control character (U+{code:04X}): it is one line, without control characters"
        ),
        Lines::Several => format!(
            "has a control character (U+{code:04X}): only line breaks and tabs may be in it"
        ),
    })
}

/// A file-name-safe slug from a title ("Café des pairs — Montréal" -> "cafe-des-pairs-montreal"):
/// lower-case ASCII letters and digits between single hyphens, at most 60 bytes. Other scripts
/// are transliterated (deunicode: "東京の夢" -> "dong-jing-nomeng", "🚀" -> "rocket");
/// what has no transliteration keeps its own letters; only a title with neither becomes
/// "session".
pub fn slugify(title: &str) -> String {
    let ascii = hyphenate(&deunicode::deunicode_with_tofu(title, " "), |c| {
        c.is_ascii_alphanumeric()
    });
    if !ascii.is_empty() {
        return ascii;
    }
    let letters = hyphenate(title, char::is_alphanumeric);
    if letters.is_empty() {
        "session".to_owned()
    } else {
        letters
    }
}

/// Keeps the characters `keep` accepts, lower-cased, with one hyphen for each run of others;
/// at most 60 bytes, cut at a character boundary, no hyphen at either end.
fn hyphenate(text: &str, keep: impl Fn(char) -> bool) -> String {
    let mut slug = String::new();
    for c in text.chars() {
        if keep(c) {
            let lower: String = c.to_lowercase().collect();
            if slug.len() + lower.len() > 60 {
                break;
            }
            slug.push_str(&lower);
        } else if !slug.is_empty() && !slug.ends_with('-') {
            slug.push('-');
        }
    }
    while slug.ends_with('-') {
        slug.pop();
    }
    slug
}

/// Bidi controls and the BOM would reorder text or vanish on screen; they are shown, too.
pub fn is_invisible_format(c: char) -> bool {
    matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' | '\u{feff}')
}

/// The visible stand-in for a character a terminal would act on or hide: C0 controls as their
/// U+2400 symbols (ESC as ␛), DEL as ␡, C1 controls and invisible format characters as �.
/// Every other character is itself.
pub fn visible_char(c: char) -> char {
    match c {
        '\u{7f}' => '\u{2421}',
        c if (c as u32) < 0x20 => char::from_u32(0x2400 + c as u32).unwrap_or('\u{fffd}'),
        c if c.is_control() || is_invisible_format(c) => '\u{fffd}',
        c => c,
    }
}

/// Whether `c` is shown through [`visible_char`] rather than as itself (line breaks and tabs
/// excepted: they are layout, not commands).
pub fn needs_symbol(c: char) -> bool {
    c != '\n' && c != '\t' && (c.is_control() || is_invisible_format(c))
}

/// Text made safe to print to a terminal: every control character except line breaks and tabs
/// (C0, ESC, DEL, C1) and every invisible format character is replaced by a visible symbol, so
/// stored or received text can never drive the terminal (clear it, retitle it, write the
/// clipboard). Text without such characters is returned as it is.
pub fn printable(text: &str) -> std::borrow::Cow<'_, str> {
    if !text.chars().any(needs_symbol) {
        return std::borrow::Cow::Borrowed(text);
    }
    std::borrow::Cow::Owned(
        text.chars()
            .map(|c| if needs_symbol(c) { visible_char(c) } else { c })
            .collect(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn crlf_and_cr_become_lf_and_nothing_else_changes() {
        assert_eq!(
            normalize_newlines("a\r\nb\rc\n\td\u{a0}"),
            "a\nb\nc\n\td\u{a0}"
        );
        assert_eq!(normalize_newlines("\r\r\n"), "\n\n");
    }

    #[test]
    fn slugs_are_file_safe() {
        assert_eq!(
            slugify("Dreaming Together: (Re)Imagining"),
            "dreaming-together-re-imagining"
        );
        assert_eq!(
            slugify("Café des pairs — Montréal"),
            "cafe-des-pairs-montreal"
        );
        assert_eq!(slugify("  --Straße!! "), "strasse");
        assert_eq!(slugify("!!! ??? ---"), "session");
    }

    #[test]
    fn other_scripts_are_transliterated_not_dropped() {
        for title in [
            "夢",
            "東京の夢",
            "ワークショップ",
            "مرحبا بكم",
            "שלום",
            "Привет мир",
            "🚀🌈",
        ] {
            let slug = slugify(title);
            assert_ne!(slug, "session", "{title}");
            assert!(
                slug.bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-'),
                "{title}: {slug}"
            );
            assert!(!slug.starts_with('-') && !slug.ends_with('-') && !slug.contains("--"));
        }
        assert_eq!(slugify("ワークショップ"), "wakusiyotupu");
        assert_eq!(slugify("Привет мир"), "privet-mir");
    }

    #[test]
    fn a_long_title_is_cut_at_sixty_bytes() {
        let slug = slugify(&"Peer support ".repeat(20));
        assert!(slug.len() <= 60, "{slug}");
        assert!(!slug.ends_with('-'));
    }

    #[test]
    fn ids_reject_spaces_and_empties() {
        assert!(is_valid_id("q1"));
        assert!(!is_valid_id("q 1"));
        assert!(!is_valid_id(""));
    }

    #[test]
    fn printable_shows_every_terminal_control() {
        let hostile =
            "a\u{1b}]0;title\u{7}b\u{1b}[2Jc\u{1b}]52;c;aGk=\u{7}d\u{9b}31me\u{7f}\u{0}\r";
        let shown = printable(hostile);
        assert!(!shown.chars().any(|c| c.is_control()), "{shown:?}");
        assert_eq!(
            shown,
            "a\u{241b}]0;title\u{2407}b\u{241b}[2Jc\u{241b}]52;c;aGk=\u{2407}d\u{fffd}31me\u{2421}\u{2400}\u{240d}"
        );
        assert_eq!(printable("line\n\tindent 夢 🚀"), "line\n\tindent 夢 🚀");
        assert!(matches!(printable("plain"), std::borrow::Cow::Borrowed(_)));
    }
}
