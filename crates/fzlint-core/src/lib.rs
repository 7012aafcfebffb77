//! fzlint-core: the document model, rule packs, rule kinds and the engine of fzlint.
//!
//! Data flows one way: bytes → [`Document`] → [`Linter`] (compiled packs) → [`Diagnostic`]s.
//! The core knows nothing of walking folders, terminals or output formats.

pub mod builtin;
pub mod config;
pub mod diagnostic;
pub mod document;
pub mod engine;
pub mod examples;
pub mod expr;
pub mod facts;
pub mod kinds;
pub mod pack;
pub mod quantity;
pub mod schema;
pub mod source;
pub mod source_map;
pub mod span;
pub mod structure;
pub mod suggest;
pub mod template;

pub use config::{Config, PackRef, Resolved};
pub use diagnostic::{Diagnostic, Edit, Fix, Related, Severity};
pub use document::{DecodeError, Document, Parts, Place, Suppression, Syntax, Unread};
pub use engine::{Linter, LinterError, PackUse, Selection};
pub use kinds::PartStatus;
pub use pack::{Pack, PackError, Rule};
pub use source::SourceFile;
pub use source_map::{SourceMap, SourceMapBuilder};
pub use span::{LineIndex, Position, Span};
