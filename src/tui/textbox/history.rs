//! Undo and redo of typing: edits kept as operations, bounded in steps and bytes.

use std::collections::VecDeque;

use super::{MAX_HISTORY_BYTES, MAX_STEPS};

#[derive(Debug, Clone, Default)]
pub(super) struct History {
    pub(super) undo: VecDeque<Edit>,
    pub(super) redo: Vec<Edit>,
    /// Whether the next typed character may join the newest step.
    pub(super) open: bool,
}

/// One change: `removed` at `at` was replaced by `inserted`.
#[derive(Debug, Clone)]
pub(super) struct Edit {
    pub(super) at: usize,
    pub(super) removed: String,
    pub(super) inserted: String,
    pub(super) cursor_before: usize,
    pub(super) cursor_after: usize,
}

impl History {
    pub(super) fn record(&mut self, edit: Edit, typed: bool) {
        self.redo.clear();
        if typed
            && self.open
            && let Some(last) = self.undo.back_mut()
            && last.removed.is_empty()
            && last.at + last.inserted.len() == edit.at
            && !starts_word_gap(&last.inserted, &edit.inserted)
        {
            last.inserted.push_str(&edit.inserted);
            last.cursor_after = edit.cursor_after;
            return;
        }
        self.undo.push_back(edit);
        self.open = typed;
        let mut bytes: usize = self
            .undo
            .iter()
            .map(|e| e.removed.len() + e.inserted.len())
            .sum();
        while self.undo.len() > 1 && (self.undo.len() > MAX_STEPS || bytes > MAX_HISTORY_BYTES) {
            if let Some(e) = self.undo.pop_front() {
                bytes -= e.removed.len() + e.inserted.len();
            }
        }
    }
}

/// Typing whitespace after a word starts a new undo step.
fn starts_word_gap(before: &str, next: &str) -> bool {
    let space = |c: char| c.is_whitespace();
    next.chars().all(space) && !before.chars().next_back().is_some_and(space)
}
