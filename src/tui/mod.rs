//! The facilitator's terminal: run every exercise live, capture verbatim, project it.
//!
//! The state machine is the model: [`update`] turns an [`Action`] into changes of [`State`] and
//! a list of [`Effect`]s (writes, the bell, quitting); [`view`] draws a `State`; the event loop
//! in [`app`] runs effects and feeds their results back as actions.

pub mod action;
pub mod app;
pub mod audience;
pub mod boards;
pub mod capture;
pub mod converge;
pub mod details;
pub mod dialog;
pub mod disk;
pub mod entry;
pub mod error;
pub mod follow;
pub mod front;
pub mod help;
pub mod join;
pub mod keymap;
pub mod layers;
pub mod panel;
pub mod plain;
pub mod plan_editor;
pub mod screen;
pub mod sharing;
pub mod state;
pub mod terminal;
pub mod text;
pub mod textbox;
pub mod theme;
pub mod update;
pub mod view;

pub use action::{Action, Effect};
pub use state::State;
pub use update::update;
