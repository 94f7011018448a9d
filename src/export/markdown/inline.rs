//! Typed text inside Markdown's blocks, escaped so that every common renderer reads it back as
//! typed (see the module above for the rules): paragraphs and hard breaks, headings, table
//! cells, one-line items.

use std::fmt::Write;

/// The lines of `text` grouped into paragraphs: white space at the ends of each line dropped,
/// blank lines separating paragraphs.
fn paragraphs_of(text: &str) -> Vec<Vec<&str>> {
    let mut paras: Vec<Vec<&str>> = Vec::new();
    let mut current: Vec<&str> = Vec::new();
    for line in text.split('\n') {
        let line = line.trim_matches([' ', '\t', '\u{b}', '\u{c}']);
        if line.is_empty() {
            if !current.is_empty() {
                paras.push(std::mem::take(&mut current));
            }
        } else {
            current.push(line);
        }
    }
    if !current.is_empty() {
        paras.push(current);
    }
    paras
}

/// Typed text as paragraphs; lines after the first are indented by `indent` so they stay
/// inside a list item.
pub(super) fn paragraphs(out: &mut String, text: &str, indent: &str) {
    for (p, lines) in paragraphs_of(text).iter().enumerate() {
        if p > 0 {
            out.push_str("\n\n");
            out.push_str(indent);
        }
        for (i, line) in lines.iter().enumerate() {
            if i > 0 {
                out.push_str("  \n");
                out.push_str(indent);
            }
            line_text(out, line, true);
        }
    }
}

/// As [`paragraphs`], each line wrapped in `mark` (`*` or `**`).
pub(super) fn emphasised(out: &mut String, text: &str, mark: &str, indent: &str) {
    for (p, lines) in paragraphs_of(text).iter().enumerate() {
        if p > 0 {
            out.push_str("\n\n");
            out.push_str(indent);
        }
        for (i, line) in lines.iter().enumerate() {
            if i > 0 {
                out.push_str("  \n");
                out.push_str(indent);
            }
            out.push_str(mark);
            delimited(out, line);
            out.push_str(mark);
        }
    }
}

/// A line between emphasis marks: white space at its ends (a no-break space, say) would stop
/// the marks from pairing, so it is written as character references.
fn delimited(out: &mut String, line: &str) {
    let core = line.trim();
    let lead = &line[..line.len() - line.trim_start().len()];
    let tail = &line[lead.len() + core.len()..];
    lead.chars().for_each(|c| reference(out, c));
    line_text(out, core, false);
    tail.chars().for_each(|c| reference(out, c));
}

fn reference(out: &mut String, c: char) {
    let _ = write!(out, "&#{};", c as u32);
}

/// Text on one line (a label, a caption): a line break becomes a space.
pub(super) fn one_line(out: &mut String, text: &str) {
    let joined: Vec<&str> = text
        .split('\n')
        .map(|l| l.trim_matches([' ', '\t', '\u{b}', '\u{c}']))
        .filter(|l| !l.is_empty())
        .collect();
    delimited(out, &joined.join(" "));
}

/// A heading's text: one line, and a `#` at its end escaped (it would close the heading).
pub(super) fn heading_text(out: &mut String, text: &str) {
    let mut s = String::new();
    one_line(&mut s, text);
    if s.ends_with('#') {
        let run = s.len() - s.trim_end_matches('#').len();
        s.insert(s.len() - run, '\\');
    }
    out.push_str(&s);
}

/// Text inside a table cell: `|` escaped, line breaks as `<br>`.
pub(super) fn cell_text(out: &mut String, text: &str) {
    for (i, line) in text
        .split('\n')
        .map(|l| l.trim_matches([' ', '\t', '\u{b}', '\u{c}']))
        .enumerate()
    {
        if i > 0 {
            out.push_str("<br>");
        }
        let mut s = String::new();
        line_text(&mut s, line, false);
        out.push_str(&s.replace('|', "\\|"));
    }
}

/// White space beside a character (the end of a line does not count: it may border markup).
fn is_ws(c: Option<char>) -> bool {
    c.is_some_and(char::is_whitespace)
}

/// One line of typed text (no `\n`, no white space at its ends). `at_line_start`: the line
/// begins a Markdown line, where `-`, `+`, `#`, `>`, `1.`, `=` and the like start blocks.
pub(super) fn line_text(out: &mut String, line: &str, at_line_start: bool) {
    let chars: Vec<char> = line.chars().collect();
    let mut start = 0;
    if at_line_start && let Some(&first) = chars.first() {
        let next = chars.get(1).copied();
        let only = |set: &[char]| {
            chars
                .iter()
                .all(|c| set.contains(c) || *c == ' ' || *c == '\t')
        };
        let list_or_rule = matches!(first, '-' | '+' | '*')
            && (next.is_none_or(char::is_whitespace) || only(&['-', '*', '_']));
        if list_or_rule || matches!(first, '#' | '[') {
            out.push('\\');
            out.push(first);
            start = 1;
        } else if first == '>' {
            out.push_str("&gt;");
            start = 1;
        } else if first == '=' && only(&['=']) {
            out.push_str("&#61;");
            start = 1;
        } else if first.is_ascii_digit() {
            // "12. x" or "12) x" would start an ordered list.
            let digits = chars.iter().take_while(|c| c.is_ascii_digit()).count();
            if digits <= 9 && matches!(chars.get(digits), Some('.' | ')')) {
                chars[..digits].iter().for_each(|&c| out.push(c));
                out.push('\\');
                out.push(chars[digits]);
                start = digits + 1;
            }
        }
    }
    // A line that could be a table's delimiter row ("|---|", "-|-") would turn the line above
    // into a table header.
    let delimiter_row = chars.contains(&'|')
        && chars.contains(&'-')
        && chars
            .iter()
            .all(|c| matches!(c, '|' | '-' | ':' | ' ' | '\t'));
    for i in start..chars.len() {
        let c = chars[i];
        let prev = i.checked_sub(1).map(|p| chars[p]);
        let next = chars.get(i + 1).copied();
        match c {
            '\\' if next.is_none_or(|n| n.is_ascii_punctuation()) => out.push_str("\\\\"),
            '`' => out.push_str("\\`"),
            '*' if !(is_ws(prev) && is_ws(next)) => out.push_str("\\*"),
            '_' if !(is_ws(prev) && is_ws(next)
                || prev.is_some_and(char::is_alphanumeric)
                    && next.is_some_and(char::is_alphanumeric)) =>
            {
                out.push_str("\\_")
            }
            '~' if !(is_ws(prev) && is_ws(next)) => out.push_str("&#126;"),
            '[' if next == Some('^') => out.push_str("\\["),
            ']' if matches!(next, Some('(' | '[' | ':')) => out.push_str("\\]"),
            '<' if next
                .is_some_and(|n| n.is_ascii_alphabetic() || matches!(n, '/' | '!' | '?')) =>
            {
                out.push_str("&lt;")
            }
            '&' if looks_like_reference(&chars[i + 1..]) => out.push_str("&amp;"),
            '|' if delimiter_row => out.push_str("&#124;"),
            '\r' => out.push_str("&#13;"),
            '\0' => out.push('\u{2400}'),
            c => out.push(c),
        }
    }
}

/// Whether `&` followed by `rest` would be read as a character reference (`&amp;`, `&#38;`).
fn looks_like_reference(rest: &[char]) -> bool {
    let (radix, body) = match rest {
        ['#', 'x' | 'X', body @ ..] => (16, body),
        ['#', body @ ..] => (10, body),
        body => (0, body),
    };
    let n = body
        .iter()
        .take_while(|c| match radix {
            16 => c.is_ascii_hexdigit(),
            10 => c.is_ascii_digit(),
            _ => c.is_ascii_alphanumeric(),
        })
        .count();
    n > 0 && body.get(n) == Some(&';')
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(text: &str) -> String {
        let mut s = String::new();
        paragraphs(&mut s, text, "  ");
        s
    }

    #[test]
    fn plain_answers_stay_plain() {
        for text in [
            "Youth outreach worker --> peer outreach worker",
            "actions, activities, & responsibilities",
            "peer_worker",
            "talk to #peers",
            "3 * 4",
            "it was [sic] fine",
            "Previous roles/jobs (before) were similar!",
        ] {
            assert_eq!(p(text), text);
        }
    }

    #[test]
    fn syntax_is_escaped_the_way_every_renderer_reads() {
        assert_eq!(p("<paperwork> *x*"), "&lt;paperwork> \\*x\\*");
        assert_eq!(p("- item"), "\\- item");
        assert_eq!(p("# not a heading"), "\\# not a heading");
        assert_eq!(p("12. x"), "12\\. x");
        assert_eq!(p("&amp; & &#38;"), "&amp;amp; & &amp;#38;");
        assert_eq!(
            p("a [b](c) _x_ ~~y~~"),
            "a [b\\](c) \\_x\\_ &#126;&#126;y&#126;&#126;"
        );
        // Python-Markdown reads "#x" at a line's start as a heading; GitHub "[ ]" as a task.
        assert_eq!(p("#peers"), "\\#peers");
        assert_eq!(p("[ ] todo"), "\\[ ] todo");
        assert_eq!(p("in person\\"), "in person\\\\");
    }

    #[test]
    fn line_breaks_are_two_spaces_and_blank_lines_paragraphs() {
        assert_eq!(p(" a \nb\n"), "a  \n  b");
        assert_eq!(p("a\n\n\nb"), "a\n\n  b");
    }
}
