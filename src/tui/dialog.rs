//! Small boxes over the screen (the group picker, the quit question) and the quit question's
//! keys, the same on the facilitator's and the note-taker's screen.

use ratatui::buffer::Buffer;
use ratatui::crossterm::event::KeyEvent;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::widgets::{Block, Clear, Widget};

use super::keymap::{Command, Context, Keymap};
use super::theme::Theme;

/// Clears a box of `width` × `height` in the middle of `area`, frames it with `title`, and
/// returns its inside.
pub fn centred(
    area: Rect,
    width: u16,
    height: u16,
    title: &str,
    border: Style,
    buf: &mut Buffer,
) -> Rect {
    let w = width.min(area.width);
    let h = height.min(area.height);
    let r = Rect::new(
        area.x + (area.width - w) / 2,
        area.y + (area.height - h) / 2,
        w,
        h,
    );
    Clear.render(r, buf);
    let block = Block::bordered()
        .title(title.to_owned())
        .border_style(border);
    let inner = block.inner(r);
    block.render(r, buf);
    inner
}

/// What the person answered to "quit with text in the box?".
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum QuitAnswer {
    /// Save (or send) it, then quit.
    Keep,
    /// Throw it away and quit.
    Discard,
    /// Back to the box; nothing happens.
    Back,
}

/// The quit question's keys, as its table of the keymap gives them: save (s, Enter) keeps,
/// discard (d) discards, back (Esc, g) goes back.
pub fn quit_answer(keymap: &Keymap, key: &KeyEvent) -> Option<QuitAnswer> {
    match keymap.command(Context::QuitQuestion, key)? {
        Command::Save => Some(QuitAnswer::Keep),
        Command::Discard => Some(QuitAnswer::Discard),
        Command::Back => Some(QuitAnswer::Back),
        _ => None,
    }
}

/// "Withdraw this answer for good?", quoting it (control characters shown as symbols, line
/// breaks as ⏎), with y to withdraw and n / Esc to keep it.
#[derive(Debug, Clone, Copy)]
pub struct WithdrawQuestion<'a> {
    pub theme: Theme,
    pub keymap: &'a Keymap,
    /// The answer to withdraw.
    pub contribution: &'a crate::model::Contribution,
}

impl Widget for WithdrawQuestion<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let WithdrawQuestion {
            theme,
            keymap,
            contribution: c,
        } = self;
        let width = area.width.saturating_sub(4).clamp(20, 72);
        let room = width.saturating_sub(4) as usize;
        let mut quoted = c.text.clone();
        for (name, value) in &c.fields {
            quoted.push_str(&format!(" · {name}: {value}"));
        }
        let quoted = crate::model::text::printable(&quoted)
            .replace('\n', "⏎")
            .replace('\t', "→");
        let mut lines = vec![String::new()];
        for ch in format!("“{quoted}”").chars() {
            let full = lines
                .last()
                .is_some_and(|l| unicode_width::UnicodeWidthStr::width(l.as_str()) + 2 > room);
            if full {
                if lines.len() == 6 {
                    if let Some(last) = lines.last_mut() {
                        last.push('…');
                    }
                    break;
                }
                lines.push(String::new());
            }
            if let Some(last) = lines.last_mut() {
                last.push(ch);
            }
        }
        if !c.revisions.is_empty() {
            lines.push(format!("(and {} earlier versions)", c.revisions.len()));
        }
        lines.push(String::new());
        lines.push("Its words are erased from the session's files,".to_owned());
        lines.push("exports and note-takers' outboxes. No undo.".to_owned());
        lines.push(String::new());
        lines.push(format!(
            "  {:<5}withdraw it for good",
            first_key(keymap, Context::Confirm, Command::Yes)
        ));
        lines.push(format!(
            "  {:<5}keep it ({})",
            first_key(keymap, Context::Confirm, Command::No),
            other_keys(keymap, Context::Confirm, Command::No)
        ));
        let inner = centred(
            area,
            width,
            lines.len() as u16 + 2,
            " Withdraw this answer? ",
            theme.danger(),
            buf,
        );
        for (i, line) in lines.iter().enumerate().take(inner.height as usize) {
            buf.set_stringn(
                inner.x,
                inner.y + i as u16,
                line,
                inner.width as usize,
                theme.text(),
            );
        }
    }
}

/// The question asked when quitting with text in the box: `verb` it (save, send), discard it,
/// or go back.
#[derive(Debug, Clone, Copy)]
pub struct QuitQuestion<'a> {
    pub theme: Theme,
    pub keymap: &'a Keymap,
    /// What is not saved, as the first line.
    pub what: &'a str,
    /// What the first answer does to the text: save, send.
    pub verb: &'a str,
}

impl Widget for QuitQuestion<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let QuitQuestion {
            theme,
            keymap,
            what,
            verb,
        } = self;
        let k = |c| first_key(keymap, Context::QuitQuestion, c);
        let lines = [
            what.to_owned(),
            String::new(),
            format!("  {:<5}{verb} it, then quit", k(Command::Save)),
            format!("  {:<5}discard it and quit", k(Command::Discard)),
            format!("  {:<5}go back to the box", k(Command::Back)),
        ];
        let inner = centred(
            area,
            44,
            lines.len() as u16 + 2,
            " Quit? ",
            theme.danger(),
            buf,
        );
        for (i, line) in lines.iter().enumerate().take(inner.height as usize) {
            buf.set_stringn(
                inner.x,
                inner.y + i as u16,
                line,
                inner.width as usize,
                if i == 0 {
                    theme.heading()
                } else {
                    theme.text()
                },
            );
        }
    }
}

/// The first key of `command` in `context`, as the key bar writes it.
fn first_key(keymap: &Keymap, context: Context, command: Command) -> String {
    keymap
        .keys(context, command)
        .first()
        .map_or_else(String::new, |k| k.short())
}

/// Its other keys, as the help writes them ("Esc too").
fn other_keys(keymap: &Keymap, context: Context, command: Command) -> String {
    let rest: Vec<String> = keymap
        .keys(context, command)
        .iter()
        .skip(1)
        .filter(|k| !matches!(k.code, ratatui::crossterm::event::KeyCode::Char(c) if c.is_ascii_uppercase()))
        .map(|k| k.short())
        .collect();
    if rest.is_empty() {
        String::new()
    } else {
        format!("{} too", rest.join(", "))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rows(buf: &Buffer) -> Vec<String> {
        let w = buf.area.width as usize;
        let cells: Vec<&str> = buf.content().iter().map(|c| c.symbol()).collect();
        cells.chunks(w).map(|r| r.concat()).collect()
    }

    #[test]
    fn the_quit_question_is_a_centred_box_naming_what_is_unsaved_and_each_answer() {
        let area = Rect::new(0, 0, 60, 11);
        let mut buf = Buffer::empty(area);
        QuitQuestion {
            theme: Theme::plain(),
            keymap: &Keymap::default(),
            what: "The text in the box is not sent.",
            verb: "send",
        }
        .render(area, &mut buf);
        let rows = rows(&buf);
        // 44 × 7 in the middle of 60 × 11: rows 2 to 8, columns 8 to 51.
        assert!(
            rows[1].trim().is_empty() && rows[9].trim().is_empty(),
            "{rows:#?}"
        );
        assert!(rows[2].starts_with("        ┌ Quit? "), "{rows:#?}");
        assert!(
            rows[3].contains("The text in the box is not sent."),
            "{rows:#?}"
        );
        for answer in [
            "send it, then quit",
            "discard it and quit",
            "go back to the box",
        ] {
            assert!(
                rows.iter().any(|r| r.contains(answer)),
                "{answer}: {rows:#?}"
            );
        }
    }
}
