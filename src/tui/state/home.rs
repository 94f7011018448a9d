//! The home screen's state: the plans, series and sessions it lists, which list has the
//! keyboard, and the "new session" form.

use std::path::PathBuf;

use crate::tui::textbox::TextBox;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ScenarioEntry {
    /// Built in, or a file in the plans folder.
    pub source: crate::store::plans::PlanSource,
    pub id: String,
    pub title: String,
    pub summary: String,
    pub exercises: usize,
    pub suggested_groups: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SessionEntry {
    pub path: PathBuf,
    pub title: String,
    pub date: String,
    pub contributions: usize,
}

/// A series of sessions, listed above the sessions: Enter starts its next session.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SeriesEntry {
    pub path: PathBuf,
    pub title: String,
    pub sessions: usize,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HomeFocus {
    Scenarios,
    Sessions,
}

#[derive(Debug, Default)]
pub struct Home {
    pub scenarios: Vec<ScenarioEntry>,
    /// Newest first.
    pub sessions: Vec<SessionEntry>,
    /// Series of sessions, listed first in the sessions list (`session` counts them first).
    pub series: Vec<SeriesEntry>,
    /// Files that could not be read, with why.
    pub problems: Vec<String>,
    /// Where the plans and sessions were looked for (said when a list is empty).
    pub scenarios_dir: PathBuf,
    pub sessions_dir: PathBuf,
    pub focus: Option<HomeFocus>,
    pub scenario: usize,
    pub session: usize,
    pub form: Option<NewSessionForm>,
}

impl Home {
    pub fn focus(&self) -> HomeFocus {
        self.focus
            .unwrap_or(if self.sessions.is_empty() && self.series.is_empty() {
                HomeFocus::Scenarios
            } else {
                HomeFocus::Sessions
            })
    }
}

/// The "new session" form on the home screen.
#[derive(Debug)]
pub struct NewSessionForm {
    pub scenario: usize,
    /// Title, groups (comma separated), then the session's details in the order of
    /// [`crate::tui::details::LABELS`].
    pub fields: [TextBox; 8],
    pub field: usize,
    pub error: Option<String>,
}

pub const FORM_LABELS: [&str; 8] = [
    "Title",
    "Groups (comma separated)",
    crate::tui::details::LABELS[0],
    crate::tui::details::LABELS[1],
    crate::tui::details::LABELS[2],
    crate::tui::details::LABELS[3],
    crate::tui::details::LABELS[4],
    crate::tui::details::LABELS[5],
];
