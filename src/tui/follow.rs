//! What the room sees, sent where it is watched: the audience windows on this machine
//! (`hearth screen`, through [`Feed`]) and, while sharing, the browser screen (`/screen`). The
//! view is built only when someone can see it — a window attached, or the session shared — and
//! only when something it shows changed: the session (each saved change counts) or the stage
//! (exercise, slot, spotlight, timer, round, join card, text size). Typing in the box changes
//! neither, so a keystroke builds nothing.

use std::path::PathBuf;
use std::time::Instant;

use crate::net::audience::{AudienceView, Stage};
use crate::net::feed::Feed;

use super::state::State;

/// The audience feed of the open session: started when a session opens, fed before every
/// frame.
#[derive(Debug, Default)]
pub struct Follow {
    feed: Option<Feed>,
    /// The session whose feed could not be started (not retried for it).
    failed: Option<PathBuf>,
    /// What the last view was built from, and the view.
    last: Option<(Key, AudienceView)>,
    /// Views built so far (for tests: a keystroke must build none).
    built: u64,
}

/// Everything the audience view is built from.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Key {
    path: PathBuf,
    changes: u64,
    contributions: usize,
    stage: Stage,
}

impl Follow {
    /// Sends what the room may see to the audience windows, when one is attached or `shared`
    /// (the browser screen reads it); returns it when it was built or is unchanged and someone
    /// may be watching, else `None`.
    pub fn publish(&mut self, state: &mut State, shared: bool) -> Option<&AudienceView> {
        let Some(run) = state.run() else {
            self.feed = None;
            self.last = None;
            return None;
        };
        let current = self.feed.as_ref().is_some_and(|f| f.session() == run.path);
        if !current && self.failed.as_ref() != Some(&run.path) {
            self.feed = None;
            self.last = None;
            match Feed::listen(&run.path) {
                Ok(f) => self.feed = Some(f),
                Err(e) => {
                    self.failed = Some(run.path.clone());
                    state.status = Some(format!(
                        "The audience window (hearth screen) cannot follow this run: {e}"
                    ));
                    return None;
                }
            }
        }
        let attached = self.feed.as_ref().map_or(0, Feed::attached);
        if let Some(run) = state.run_mut() {
            run.screens = attached;
        }
        let run = state.run()?;
        if attached == 0 && !shared {
            // No one watches: nothing is built, and nothing stale is kept for a window that
            // attaches later (it gets the view built then).
            if self.last.take().is_some()
                && let Some(feed) = &self.feed
            {
                feed.forget();
            }
            return None;
        }
        let key = Key {
            path: run.path.clone(),
            changes: run.session.changes,
            contributions: run.session.contributions().len(),
            stage: run.stage(Instant::now()),
        };
        if self.last.as_ref().is_none_or(|(k, _)| *k != key) {
            let view = AudienceView::build(&run.session, &key.stage);
            self.built += 1;
            if let Some(feed) = &self.feed {
                feed.publish(&view);
            }
            self.last = Some((key, view));
        }
        self.last.as_ref().map(|(_, v)| v)
    }

    /// How many views were built.
    pub fn built(&self) -> u64 {
        self.built
    }
}

#[cfg(test)]
mod tests {
    use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

    use super::*;
    use crate::model::{Change, Scenario, Session};
    use crate::tui::action::Action;
    use crate::tui::state::{Run, Screen};
    use crate::tui::theme::Theme;

    fn typed(state: &mut State, text: &str) {
        for c in text.chars() {
            let key = KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE);
            crate::tui::update::update(state, Action::Key(key));
        }
    }

    /// Typing builds no audience view when no one watches, and only the ones a change calls
    /// for when someone does (counted, not timed).
    #[tokio::test]
    async fn a_keystroke_builds_no_audience_view() {
        let dir = tempfile::tempdir().unwrap();
        let scenario: Scenario = serde_json::from_str(
            r#"{"id":"s","title":"S","agenda":[{"id":"q","title":"Questions","kind":"prompt_round",
                "questions":[{"id":"q1","text":"What pulls?"},{"id":"q2","text":"What pushes?"}]}]}"#,
        )
        .unwrap();
        let session = Session::new(scenario, "S".into(), None, vec!["A".into()]);
        let run = Run::new(dir.path().join("s.json"), session);
        let mut state = State::new(Screen::Run(Box::new(run)), Theme::plain(), 3);
        let mut follow = Follow::default();

        // No window attached, not shared: nothing is built, whatever is typed.
        for _ in 0..3 {
            assert!(follow.publish(&mut state, false).is_none());
            typed(&mut state, "words typed in the box ");
        }
        assert_eq!(follow.built(), 0);

        // Shared (the browser screen may look): one view, and typing builds no other.
        assert!(follow.publish(&mut state, true).is_some());
        for _ in 0..20 {
            typed(&mut state, "x");
            assert!(follow.publish(&mut state, true).is_some());
        }
        assert_eq!(follow.built(), 1, "typing rebuilt the view");

        // A saved change is something the room may see: one more.
        let answer = crate::model::Draft::new("q", "q1", "An answer")
            .group(Some("A".into()))
            .into_contribution();
        if let Some(run) = state.run_mut() {
            run.session
                .apply(&Change::Add {
                    contribution: answer,
                })
                .unwrap();
        }
        let view = follow.publish(&mut state, true).unwrap();
        assert_eq!(view.answers.len(), 1);
        assert_eq!(follow.built(), 2);
        // Nothing more without a change.
        follow.publish(&mut state, true);
        assert_eq!(follow.built(), 2);
    }
}
