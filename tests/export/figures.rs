//! Figures as files.
