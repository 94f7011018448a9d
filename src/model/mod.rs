//! The workshop model: pure data and the rules that keep it consistent. No I/O happens here.

pub mod apply;
pub mod breakout;
pub mod change;
pub mod contribution;
pub mod convergence;
pub mod details;
pub mod error;
pub mod exercise;
pub mod scenario;
pub mod seed;
pub mod series;
pub mod session;
pub mod sight;
pub mod text;
pub mod tree;
pub mod turnout;
pub mod undo;
pub mod unsaved;
pub mod vote;
pub mod words;

pub use apply::batch::{self, Batch, check_each};
pub use change::Change;
pub use contribution::{Contribution, Draft, Revision};
pub use details::Details;
pub use error::{ModelError, Problem};
pub use exercise::{Exercise, ExerciseKind, FieldSpec, Slot};
pub use scenario::Scenario;
pub use session::{Mode, Session};
pub use unsaved::Unsaved;
