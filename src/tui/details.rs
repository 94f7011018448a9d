//! The session-details form: the new-session form's last fields, and the run screen's `d`
//! overlay, which also holds the write-up's narration around the exercise on screen and its
//! closing. Reading the fields into [`Details`] and changes is pure and shared by both.

use crate::model::text::{is_valid_name, normalize_newlines, printable};
use crate::model::words::Place;
use crate::model::{Change, Details, Exercise, Mode, Session};
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

/// The `d` overlay's fields for the write-up's front matter, after [`LABELS`].
pub const FRONT_MATTER_LABELS: [&str; 2] = [
    "Tags (comma separated; the front matter's)",
    "Summary (the front matter's; empty: the plan's)",
];

/// Fields that take several lines (Alt+Enter or Shift+Enter starts a new one): the details'
/// (see [`LABELS`]), the front matter's (see [`FRONT_MATTER_LABELS`]), then the `d` overlay's
/// narration before and after the exercise and the closing.
pub const MULTILINE: [bool; 11] = [
    false, false, false, false, true, true, false, true, true, true, true,
];

/// Where the `d` overlay's narration fields start.
const NARRATION: usize = LABELS.len() + FRONT_MATTER_LABELS.len();

/// Editing a session's details, and the narration around one exercise, on the run screen.
#[derive(Debug, Default)]
pub struct DetailsForm {
    /// The details in the order of [`LABELS`], the tags and the summary, then the narration
    /// before and after `exercise` and the closing.
    pub fields: [TextBox; 11],
    pub field: usize,
    pub error: Option<String>,
    /// The exercise on screen when the form opened: the narration fields are about it.
    pub exercise: String,
    /// Each field's label.
    pub labels: Vec<String>,
    /// The session's tags when the form opened: kept as they are (a tag may hold a comma)
    /// unless the tags field is changed.
    tags: Vec<String>,
}

impl DetailsForm {
    /// The form filled with `session`'s details and its narration around `exercise`.
    pub fn of(session: &Session, exercise: &Exercise) -> DetailsForm {
        let mut form = DetailsForm {
            exercise: exercise.id.clone(),
            ..DetailsForm::default()
        };
        let title = session
            .exercise(&exercise.id)
            .map_or_else(|| exercise.title.clone(), |e| e.title.clone());
        let title = printable(&title).replace('\n', " ");
        form.labels = LABELS
            .iter()
            .chain(&FRONT_MATTER_LABELS)
            .map(|l| (*l).to_owned())
            .collect();
        form.labels.extend([
            format!("Written up before \u{201c}{title}\u{201d}"),
            format!("Written up after \u{201c}{title}\u{201d}"),
            "Closing (the write-up ends with it)".to_owned(),
        ]);
        let mut texts = texts(&session.details()).to_vec();
        form.tags = session.tags.clone();
        texts.extend([session.tags.join(", "), session.summary.clone()]);
        texts.extend(
            form.places()
                .iter()
                .map(|p| session.narration.get(p).to_owned()),
        );
        for (b, text) in form.fields.iter_mut().zip(texts) {
            b.set(&text);
        }
        form
    }

    /// The places of the narration fields, in order.
    fn places(&self) -> [Place; 3] {
        [
            Place::Before(self.exercise.clone()),
            Place::After(self.exercise.clone()),
            Place::Closing,
        ]
    }

    pub fn read(&self) -> Result<Details, String> {
        let [date, mode, event, facilitators, notes, introduction, ..] =
            self.fields.each_ref().map(TextBox::text);
        read(date, mode, event, facilitators, notes, introduction)
    }

    /// The changes saving the form makes to `session`: its details, if they differ, and each
    /// piece of narration that differs. The error says what to fix.
    pub fn changes(&self, session: &Session) -> Result<Vec<Change>, String> {
        let tags = self.fields[LABELS.len()].text();
        let tags = if tags == self.tags.join(", ") {
            self.tags.clone()
        } else {
            let mut list: Vec<String> = Vec::new();
            for t in tags.split(',').map(str::trim).filter(|t| !t.is_empty()) {
                if !list.iter().any(|have| have == t) {
                    list.push(t.to_owned());
                }
            }
            list
        };
        let details = Details {
            tags,
            summary: normalize_newlines(self.fields[LABELS.len() + 1].text()),
            ..self.read()?
        };
        if let Some(p) = details.typed_problems(Some(&session.details())).first() {
            return Err(p.to_string());
        }
        let mut changes = Vec::new();
        if details != session.details() {
            changes.push(Change::SetDetails { details });
        }
        for (place, b) in self.places().into_iter().zip(&self.fields[NARRATION..]) {
            let text = normalize_newlines(b.text());
            if session.narration.get(&place) != text {
                changes.push(Change::SetNarration { place, text });
            }
        }
        Ok(changes)
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
        tags: Vec::new(),
        summary: String::new(),
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

    #[test]
    fn the_narration_fields_save_as_changes_to_the_exercise_on_screen() {
        let scenario: crate::model::Scenario = serde_json::from_str(
            r#"{"format":"hearth-scenario/1","id":"t","title":"T","agenda":[
                {"id":"round","title":"Round \u001b[2J","kind":"prompt_round",
                 "questions":[{"id":"a","text":"A?"}]}]}"#,
        )
        .unwrap();
        let mut s = Session::new(scenario, "S".into(), None, Vec::new());
        s.apply(&Change::SetNarration {
            place: Place::After("round".into()),
            text: "Kept.".into(),
        })
        .unwrap();
        let ex = s.scenario.agenda[0].clone();
        let mut form = DetailsForm::of(&s, &ex);
        assert_eq!(form.fields[NARRATION + 1].text(), "Kept.");
        assert!(
            !form.labels.iter().any(|l| l.contains('\u{1b}')),
            "a title's control characters are shown as symbols: {:?}",
            form.labels
        );
        assert_eq!(
            form.changes(&s),
            Ok(Vec::new()),
            "nothing changed, nothing saved"
        );
        form.fields[NARRATION].set("We began.\r\n\nTogether.");
        form.fields[NARRATION + 2].set("The end.");
        assert_eq!(
            form.changes(&s),
            Ok(vec![
                Change::SetNarration {
                    place: Place::Before("round".into()),
                    text: "We began.\n\nTogether.".into(),
                },
                Change::SetNarration {
                    place: Place::Closing,
                    text: "The end.".into(),
                },
            ])
        );
    }

    #[test]
    fn tags_and_the_summary_are_edited_in_the_form_and_a_tag_keeps_its_comma() {
        let scenario: crate::model::Scenario = serde_json::from_str(
            r#"{"format":"hearth-scenario/1","id":"t","title":"T","agenda":[
                {"id":"round","title":"Round","kind":"prompt_round",
                 "questions":[{"id":"a","text":"A?"}]}]}"#,
        )
        .unwrap();
        let mut s = Session::new(scenario, "S".into(), None, Vec::new());
        let mut details = s.details();
        details.tags = vec!["peer support, Ontario".into(), "futures".into()];
        s.apply(&Change::SetDetails { details }).unwrap();
        let ex = s.scenario.agenda[0].clone();
        let mut form = DetailsForm::of(&s, &ex);
        assert_eq!(form.labels.len(), form.fields.len());
        assert_eq!(
            form.fields[LABELS.len()].text(),
            "peer support, Ontario, futures"
        );
        assert_eq!(
            form.changes(&s),
            Ok(Vec::new()),
            "an untouched tags field keeps a tag with a comma whole"
        );
        form.fields[LABELS.len()].set(" futures , workshop,futures,, ");
        form.fields[LABELS.len() + 1].set("What the room imagined.");
        let changes = form.changes(&s).unwrap();
        let [Change::SetDetails { details }] = changes.as_slice() else {
            panic!("one change of details: {changes:?}");
        };
        assert_eq!(details.tags, ["futures", "workshop"]);
        assert_eq!(details.summary, "What the room imagined.");
        form.fields[LABELS.len()].set("bad\u{7}tag");
        assert!(form.changes(&s).is_err(), "a control character in a tag");
    }
}
