//! A series: sessions (of one plan or several) run in order and written up as one, with a
//! title and a description. The series names its sessions' files; it holds no answers.

use serde::{Deserialize, Serialize};

use super::error::{Problem, Problems};
use super::text::{Lines, control_problem};

pub const SERIES_FORMAT: &str = "hearth-series/1";
pub const SERIES_FORMAT_PREFIX: &str = "hearth-series/";

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Series {
    pub format: String,
    pub title: String,
    /// What the series' write-up opens with, verbatim.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub description: String,
    /// In the order they are run.
    #[serde(default)]
    pub sessions: Vec<SeriesSession>,
}

/// One session of a series: its file, relative to the series file's folder (or absolute).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SeriesSession {
    pub file: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<jiff::civil::Date>,
}

impl Series {
    pub fn new(title: impl Into<String>, description: impl Into<String>) -> Series {
        Series {
            format: SERIES_FORMAT.to_owned(),
            title: title.into(),
            description: description.into(),
            sessions: Vec::new(),
        }
    }

    /// What is wrong with the series, each with its place (`sessions[2].file`).
    pub fn problems(&self) -> Vec<Problem> {
        let mut p = Problems::default();
        p.required_text("title", &self.title);
        if let Some(problem) = control_problem(&self.title, Lines::One) {
            p.push("title", problem);
        }
        p.plan_text("description", &self.description);
        let mut seen = std::collections::BTreeSet::new();
        for (i, s) in self.sessions.iter().enumerate() {
            if s.file.trim().is_empty() || s.file.chars().any(char::is_control) {
                p.push(
                    format!("sessions[{i}].file"),
                    "must name a session file (no control characters)",
                );
            } else if !seen.insert(s.file.as_str()) {
                p.push(
                    format!("sessions[{i}].file"),
                    format!("\"{}\" is already in the series", s.file),
                );
            }
        }
        p.0
    }

    /// Appends a session; refuses one the series already has.
    pub fn add(&mut self, file: String, date: Option<jiff::civil::Date>) -> Result<(), String> {
        if self.sessions.iter().any(|s| s.file == file) {
            return Err(format!(
                "\"{file}\" is already in the series \"{}\"",
                self.title
            ));
        }
        self.sessions.push(SeriesSession { file, date });
        Ok(())
    }
}

/// The next session of a series: a new run of `scenario` that carries forward the previous
/// session's groups, facilitators, event, mode and attribution (no answers, notes or
/// introduction).
pub fn next_session(
    previous: &super::Session,
    scenario: super::Scenario,
    title: String,
    date: Option<jiff::civil::Date>,
) -> super::Session {
    let mut s = super::Session::new(scenario, title, date, previous.groups.clone());
    s.facilitators = previous.facilitators.clone();
    s.event = previous.event.clone();
    s.mode = previous.mode;
    s.attribution = previous.attribution;
    s
}

/// Where the next session of a series opens: the exercise after the last one (in the plan's
/// order) that holds answers in `previous`, at its first slot, as a place with nothing typed
/// (what a drafts file keeps, so opening the session goes there). `None`, to open at the first
/// exercise: `previous` holds no answers, its last answered exercise ends the plan, or `next`
/// is another plan or lacks that exercise.
pub fn resume_at(previous: &super::Session, next: &super::Scenario) -> Option<super::Unsaved> {
    if previous.scenario.id != next.id {
        return None;
    }
    let agenda = &previous.scenario.agenda;
    let answered = |e: &super::Exercise| {
        previous
            .contributions()
            .iter()
            .any(|c| c.exercise == e.id && !c.is_withdrawn())
    };
    let last = agenda.iter().rposition(answered)?;
    let after = next.exercise(&agenda.get(last + 1)?.id)?;
    let slot = after.slots().into_iter().next()?;
    Some(super::Unsaved {
        group: None,
        entry: super::unsaved::UnsavedEntry {
            exercise: after.id.clone(),
            slot: slot.id,
            ..Default::default()
        },
        parked: Vec::new(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_session_is_added_once_and_problems_name_their_place() {
        let mut s = Series::new("Webinar", "");
        s.add("a.json".into(), None).unwrap();
        assert!(s.add("a.json".into(), None).is_err());
        assert!(s.problems().is_empty());
        s.sessions.push(SeriesSession {
            file: "a.json".into(),
            date: None,
        });
        s.title = " ".into();
        let paths: Vec<String> = s.problems().into_iter().map(|p| p.path).collect();
        assert_eq!(paths, ["title", "sessions[1].file"]);
    }
}
