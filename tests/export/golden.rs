//! Golden write-ups.
