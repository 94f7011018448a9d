//! The session-details form: the new-session form's last fields, and the run screen's `d`
//! overlay. Reading the fields into [`Details`] is pure and shared by both.

use crate::model::text::{is_valid_name, normalize_newlines};
use crate::model::{Details, Mode, Session};
use crate::tui::textbox::TextBox;

/// The details' fields, in the forms' order.
pub const LABELS: [&str; 6] = [
    "Date (YYYY-MM-DD)",
    "Mode (in person, online or hybrid)",
    "Event",
    "Facilitators (comma separated)",
    "Notes (yours, not written up)",
    "Introduction (the write-up opens with it)",
];

/// Fields that take several lines (Alt+Enter or Shift+Enter starts a new one).
pub const MULTILINE: [bool; 6] = [false, false, false, false, true, true];

/// Editing a session's details on the run screen.
#[derive(Debug, Default)]
pub struct DetailsForm {
    pub fields: [TextBox; 6],
    pub field: usize,
    pub error: Option<String>,
}

impl DetailsForm {
    /// The form filled with `session`'s details.
    pub fn of(session: &Session) -> DetailsForm {
        let mut form = DetailsForm::default();
        for (b, text) in form.fields.iter_mut().zip(texts(&session.details())) {
            b.set(&text);
        }
        form
    }

    pub fn read(&self) -> Result<Details, String> {
        let [date, mode, event, facilitators, notes, introduction] =
            self.fields.each_ref().map(TextBox::text);
        read(date, mode, event, facilitators, notes, introduction)
    }
}

/// The texts the form shows for `d`.
pub fn texts(d: &Details) -> [String; 6] {
    [
        d.date.map(|d| d.to_string()).unwrap_or_default(),
        d.mode.label().to_owned(),
        d.event.clone(),
        d.facilitators.join(", "),
        d.notes.clone(),
        d.introduction.clone(),
    ]
}

/// Details from the forms' texts; the error says what to fix.
pub fn read(
    date: &str,
    mode: &str,
    event: &str,
    facilitators: &str,
    notes: &str,
    introduction: &str,
) -> Result<Details, String> {
    let date = match date.trim() {
        "" => None,
        d => Some(
            d.parse::<jiff::civil::Date>()
                .map_err(|_| format!("\"{d}\" is not a date: write it as YYYY-MM-DD."))?,
        ),
    };
    let mode = match mode.trim().to_lowercase().replace('-', " ").as_str() {
        "" | "in person" => Mode::InPerson,
        "online" => Mode::Online,
        "hybrid" => Mode::Hybrid,
        other => {
            return Err(format!(
                "\"{other}\" is not a mode: in person, online or hybrid."
            ));
        }
    };
    let mut names: Vec<String> = Vec::new();
    for f in facilitators
        .split(',')
        .map(str::trim)
        .filter(|f| !f.is_empty())
    {
        if !is_valid_name(f) {
            return Err(format!(
                "\"{}\" cannot be a facilitator's name: at most 200 bytes, one line without control characters.",
                crate::model::text::printable(f)
            ));
        }
        if !names.iter().any(|n| n == f) {
            names.push(f.to_owned());
        }
    }
    let details = Details {
        date,
        mode,
        event: event.trim().to_owned(),
        facilitators: names,
        notes: normalize_newlines(notes),
        introduction: normalize_newlines(introduction),
    };
    match details.typed_problems(None).first() {
        Some(p) => Err(p.to_string()),
        None => Ok(details),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fields_read_into_details_verbatim() {
        let d = read(
            "2023-05-09",
            "Hybrid",
            " PeerWorks ",
            "Colene Allen, Calvin Prowse, Colene Allen",
            "bring markers",
            "  We met.\n\nVerbatim  *text*  ",
        )
        .unwrap();
        assert_eq!(d.date, "2023-05-09".parse().ok());
        assert_eq!(d.mode, Mode::Hybrid);
        assert_eq!(d.event, "PeerWorks");
        assert_eq!(d.facilitators, ["Colene Allen", "Calvin Prowse"]);
        assert_eq!(d.introduction, "  We met.\n\nVerbatim  *text*  ");
        assert!(read("May 9", "", "", "", "", "").is_err());
        assert!(read("", "by post", "", "", "", "").is_err());
        let back = texts(&d);
        assert_eq!(
            read(&back[0], &back[1], &back[2], &back[3], &back[4], &back[5]),
            Ok(d)
        );
    }
}
