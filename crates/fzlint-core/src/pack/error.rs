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
    /// When `span` is a string value: the byte range within the *decoded* string that is at
    /// fault (a regex error's position); the loader maps it through the TOML escapes.
    pub within: Option<Range<usize>>,
}

impl SpecError {
    pub fn new(message: impl Into<String>, span: Option<Range<usize>>) -> Self {
        SpecError {
            message: message.into(),
            span,
            help: None,
            within: None,
        }
    }

    pub fn within(mut self, range: Range<usize>) -> Self {
        self.within = Some(range);
        self
    }

    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }
}

impl From<toml::de::Error> for SpecError {
    fn from(e: toml::de::Error) -> Self {
        let message = e.message().trim().to_string();
        let help = unknown_field_help(&message);
        let err = SpecError::new(message, e.span());
        match help {
            Some(h) => err.with_help(h),
            None => err,
        }
    }
}

/// For serde's "unknown field `x`, expected one of `a`, `b`": the nearest valid name.
fn unknown_field_help(message: &str) -> Option<String> {
    let rest = message
        .strip_prefix("unknown field `")
        .or_else(|| message.strip_prefix("unknown variant `"))?;
    let (name, expected) = rest.split_once('`')?;
    let valid: Vec<&str> = expected.split('`').skip(1).step_by(2).collect();
    if valid.is_empty() {
        return None;
    }
    Some(match crate::suggest::nearest(name, valid.iter().copied()) {
        Some(n) => format!("did you mean `{n}`?"),
        None => format!("valid here: {}", valid.join(", ")),
    })
}

/// Maps a byte range within a decoded TOML string to the range in its source `raw` (the
/// quoted literal, quotes included), following escapes in basic strings.
fn map_within(raw: &str, within: &Range<usize>) -> Option<Range<usize>> {
    let (quote, basic) = if raw.starts_with("\"\"\"") {
        (3, true)
    } else if raw.starts_with("'''") {
        (3, false)
    } else if raw.starts_with('"') {
        (1, true)
    } else if raw.starts_with('\'') {
        (1, false)
    } else {
        return None;
    };
    let body = raw.get(quote..raw.len().checked_sub(quote)?)?;
    // decoded offset → raw offset, one entry per decoded character
    let (mut decoded, mut i) = (0usize, 0usize);
    let mut map = |target: usize| -> Option<usize> {
        while decoded < target {
            let c = body[i..].chars().next()?;
            if basic && c == '\\' {
                let e = body[i + 1..].chars().next()?;
                let (len, out) = match e {
                    'u' => (
                        6,
                        char::from_u32(u32::from_str_radix(body.get(i + 2..i + 6)?, 16).ok()?)?
                            .len_utf8(),
                    ),
                    'U' => (
                        10,
                        char::from_u32(u32::from_str_radix(body.get(i + 2..i + 10)?, 16).ok()?)?
                            .len_utf8(),
                    ),
                    _ => (2, 1),
                };
                i += len;
                decoded += out;
            } else {
                i += c.len_utf8();
                decoded += c.len_utf8();
            }
        }
        Some(quote + i)
    };
    let start = map(within.start)?;
    let end = map(within.end)?;
    Some(start..end.max(start))
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
    pub fn new(source: &SourceFile, mut err: SpecError) -> Self {
        if let (Some(span), Some(within)) = (&err.span, &err.within) {
            let narrowed = source
                .text()
                .get(span.clone())
                .and_then(|raw| map_within(raw, within))
                .map(|r| span.start + r.start..span.start + r.end);
            if let Some(n) = narrowed {
                err.span = Some(n);
            }
        }
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn offsets_inside_strings_follow_toml_escapes() {
        // decoded `年\d+[` : the `[` is byte 6 of the value
        assert_eq!(map_within(r#""年\\d+[""#, &(6..7)), Some(8..9));
        assert_eq!(map_within(r"'年\d+['", &(6..7)), Some(7..8));
        assert_eq!(map_within(r#"'''年\d+['''"#, &(6..7)), Some(9..10));
        assert_eq!(map_within(r#""\u5e74x""#, &(3..4)), Some(7..8));
        assert_eq!(map_within("bare", &(0..1)), None);
    }

    #[test]
    fn unknown_fields_get_the_nearest_name() {
        let m = "unknown field `phrase`, expected one of `phrases`, `suggest`";
        assert_eq!(
            unknown_field_help(m).as_deref(),
            Some("did you mean `phrases`?")
        );
        let m = "unknown field `colour`, expected `phrases` or `suggest`";
        assert_eq!(
            unknown_field_help(m).as_deref(),
            Some("valid here: phrases, suggest")
        );
        assert_eq!(unknown_field_help("missing field `id`"), None);
    }
}
