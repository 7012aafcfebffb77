//! fzlint-core: the document model, rule packs, rule kinds and the engine of fzlint.
//!
//! Data flows one way: bytes → [`Document`] → [`Linter`] (compiled packs) → [`Diagnostic`]s.
//! The core knows nothing of files on disk, terminals or output formats.

pub mod document;
pub mod span;
pub mod structure;

pub use document::{DecodeError, Document, Syntax};
pub use span::{LineIndex, Position, Span};
