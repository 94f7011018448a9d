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

/// A group or author name: non-blank, bounded, without control characters.
pub fn is_valid_name(name: &str) -> bool {
    !name.trim().is_empty() && name.len() <= MAX_NAME_BYTES && !name.chars().any(char::is_control)
}

/// A file-name-safe slug from a title ("Dreaming Together!" -> "dreaming-together").
pub fn slugify(title: &str) -> String {
    let mut slug = String::new();
    for c in title.chars() {
        if c.is_ascii_alphanumeric() {
            slug.push(c.to_ascii_lowercase());
        } else if !slug.ends_with('-') && !slug.is_empty() {
            slug.push('-');
        }
    }
    while slug.ends_with('-') {
        slug.pop();
    }
    slug.truncate(60);
    while slug.ends_with('-') {
        slug.pop();
    }
    if slug.is_empty() {
        slug.push_str("session");
    }
    slug
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
        assert_eq!(slugify("夢"), "session");
    }

    #[test]
    fn ids_reject_spaces_and_empties() {
        assert!(is_valid_id("q1"));
        assert!(!is_valid_id("q 1"));
        assert!(!is_valid_id(""));
    }
}
