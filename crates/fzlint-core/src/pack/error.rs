//! Errors in rule packs and configuration files, pointing at the offending TOML.

use crate::source::SourceFile;
use miette::{Diagnostic, SourceSpan};
use std::ops::Range;

/// A problem found while compiling one rule: what, where in the pack, and how to fix it. Rule
/// kinds return this; the loader attaches the pack file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SpecError {
    pub message: String,
    /// Byte range in the pack file (`None`: the whole rule).
    pub span: Option<Range<usize>>,
    pub help: Option<String>,
}

impl SpecError {
    pub fn new(message: impl Into<String>, span: Option<Range<usize>>) -> Self {
        SpecError {
            message: message.into(),
            span,
            help: None,
        }
    }

    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }
}

impl From<toml::de::Error> for SpecError {
    fn from(e: toml::de::Error) -> Self {
        SpecError::new(e.message().trim().to_string(), e.span())
    }
}

/// An error in a pack or config file, rendered by miette with the TOML line underlined.
/// Boxed: it travels through many `Result`s and most of them are `Ok`.
#[derive(Debug)]
pub struct PackError(Box<PackErrorDetail>);

#[derive(Debug, thiserror::Error, Diagnostic)]
#[error("{message}")]
#[diagnostic(code(fzlint::setup))]
pub struct PackErrorDetail {
    pub path: String,
    pub line: usize,
    pub column: usize,
    pub message: String,
    #[source_code]
    source_file: SourceFile,
    #[label("here")]
    span: Option<SourceSpan>,
    #[help]
    pub help: Option<String>,
}

impl std::ops::Deref for PackError {
    type Target = PackErrorDetail;
    fn deref(&self) -> &PackErrorDetail {
        &self.0
    }
}

impl std::fmt::Display for PackError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{}:{}:{}: {}",
            self.path, self.line, self.column, self.message
        )
    }
}

impl std::error::Error for PackError {}

impl Diagnostic for PackError {
    fn code<'a>(&'a self) -> Option<Box<dyn std::fmt::Display + 'a>> {
        self.0.code()
    }
    fn help<'a>(&'a self) -> Option<Box<dyn std::fmt::Display + 'a>> {
        self.0.help()
    }
    fn source_code(&self) -> Option<&dyn miette::SourceCode> {
        self.0.source_code()
    }
    fn labels(&self) -> Option<Box<dyn Iterator<Item = miette::LabeledSpan> + '_>> {
        self.0.labels()
    }
}

impl PackError {
    pub fn new(source: &SourceFile, err: SpecError) -> Self {
        let (line, column) = source.line_column(err.span.as_ref().map_or(0, |r| r.start));
        PackError(Box::new(PackErrorDetail {
            path: source.name().to_string(),
            line,
            column,
            message: err.message,
            source_file: source.clone(),
            span: err
                .span
                .map(|r| SourceSpan::from(r.start..r.end.max(r.start))),
            help: err.help,
        }))
    }

    /// An error about a file as a whole (it could not be read, say), with no position.
    pub fn whole_file(path: impl Into<String>, message: impl Into<String>) -> Self {
        let path = path.into();
        PackError(Box::new(PackErrorDetail {
            source_file: SourceFile::new(path.clone(), ""),
            path,
            line: 1,
            column: 1,
            message: message.into(),
            span: None,
            help: None,
        }))
    }
}
