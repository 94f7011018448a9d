//! What the facilitator or note-taker sees and types into, seen from an event loop (`app.rs`,
//! `join/app.rs`): the full-screen interface, or the plain line mode for screen readers
//! (`plain/`). Both hand the loop the same actions, so saving, drafts and sharing run the same
//! code in either. `State` and `Action` are the screen's: the run's or the note-taker's.

use std::future::Future;

/// A way of showing a screen's `State` and taking input as its `Action`s.
pub trait Front<State, Action> {
    /// Input as it arrives, before it is read as actions.
    type Input;

    /// Shows the state as it is now: the screen drawn, or what happened printed. `false` when
    /// the terminal is gone.
    fn show(&mut self, state: &mut State) -> bool;

    /// The next input; `None` when the terminal is gone.
    fn next(&mut self) -> impl Future<Output = Option<Self::Input>>;

    /// Input already waiting, without waiting: `Some(None)` when the terminal is gone.
    fn waiting(&mut self) -> Option<Option<Self::Input>>;

    /// What `input` does, read against the state as it is when the loop takes it.
    fn actions(&mut self, state: &mut State, input: Self::Input) -> Vec<Action>;

    /// Quitting: anything typed and not yet handed over (a line half typed), as the action
    /// that puts it in the box, to be kept in the drafts file. Taken: given once.
    fn unsent(&mut self) -> Option<Action> {
        None
    }

    /// The exercise may change under what is being typed: a line half typed (one line, not yet
    /// handed over), as the action that puts it in the box too, so that the box stays where it
    /// was typed. The line stays as it is on the screen: finishing it replaces the box's copy.
    fn typing(&mut self) -> Option<Action> {
        None
    }
}
