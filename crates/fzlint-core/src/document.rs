//! The document model every rule kind sees: the decoded text, where it came from, a line index
//! and the structure (title, headings, paragraphs, sentences), computed once per document.

use crate::source_map::SourceMap;
use crate::span::{LineIndex, Position, Span};
use crate::structure::{self, Structure};
use std::fmt;

/// How the text is to be read for structure: Markdown has `#` headings, blank-line paragraphs
/// and code blocks that are not prose.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Syntax {
    PlainText,
    Markdown,
}

/// Why bytes could not become a [`Document`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DecodeError {
    /// Not valid UTF-8; `offset` is the first bad byte in the original file.
    InvalidUtf8 { offset: usize },
    /// NUL bytes in the first block: a binary file with a text extension.
    Binary,
}

impl fmt::Display for DecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DecodeError::InvalidUtf8 { offset } => {
                write!(f, "不是有效的 UTF-8 文本（第 {offset} 字节起）")
            }
            DecodeError::Binary => write!(f, "看起来是二进制文件，不是文本"),
        }
    }
}

impl std::error::Error for DecodeError {}

#[derive(Debug)]
pub struct Document {
    path: String,
    syntax: Syntax,
    text: String,
    lines: LineIndex,
    /// Computed on first use and then shared by every rule: a run of phrase rules alone
    /// never needs it.
    structure: std::sync::OnceLock<Structure>,
    /// Quantity facts, computed on first use like the structure.
    facts: std::sync::OnceLock<crate::facts::Facts>,
    /// Heading levels a reader knew (.docx styles), for the structure.
    outline: Vec<(usize, u8)>,
    /// From `source` (or from `text` when there is no source) to the file's bytes, so that
    /// reported byte offsets are offsets into the file the user has, not into our copy.
    to_file: SourceMap,
    /// The page an HTML document's text was extracted from: lines and columns are reported
    /// in it.
    source: Option<SourceText>,
    suppressions: Vec<Suppression>,
    /// What the reader saw but could not read (a .docx altChunk in RTF), at a text offset:
    /// reported so that unchecked content never passes silently.
    unread: Vec<Unread>,
    /// Where lines are in the file as its user sees it (a Word table's cell, a footnote), in
    /// order; `None` when the reader gives no places (line and column say it all).
    places: Option<Vec<Place>>,
    /// End of the body: after it stand parts checked for wording but not for the report's
    /// structure (a .docx's headers, footers and footnotes).
    body_len: usize,
}

/// A stretch of the text with the place it has in the file, as its user would name it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Place {
    pub span: Span,
    /// 表格 2 第 3 行第 1 列, 页眉, 脚注 4 …
    pub label: String,
}

/// Content of the file a reader could not turn into text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unread {
    /// Where in the text it stands.
    pub offset: usize,
    /// What it is, for the user.
    pub what: String,
}

#[derive(Debug)]
struct SourceText {
    text: String,
    lines: LineIndex,
    /// Document text → source text.
    map: SourceMap,
}

/// Findings of a rule (or of all rules) that are not reported in a span of the text, from an
/// inline comment such as `<!-- fzlint-disable vague/hedge -->`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Suppression {
    /// A rule id or pack name; `None` for all rules.
    pub rule: Option<String>,
    pub span: Span,
}

/// Everything a reader knows about a document, for [`Document::from_parts`].
#[derive(Debug)]
pub struct Parts {
    pub path: String,
    pub syntax: Syntax,
    pub text: String,
    /// Source (or text) → file bytes.
    pub to_file: SourceMap,
    /// The source text and the map from the document text into it (HTML).
    pub source: Option<(String, SourceMap)>,
    /// Lines known to be headings, with their level, from the file's own markup (a Word
    /// paragraph style); level 0 is the title.
    pub outline: Vec<(usize, u8)>,
    pub suppressions: Vec<Suppression>,
}

const UTF8_BOM: &[u8] = b"\xEF\xBB\xBF";

impl Document {
    /// Builds a document from UTF-8 text (already decoded, no BOM).
    pub fn new(path: impl Into<String>, syntax: Syntax, text: String) -> Document {
        let len = text.len();
        Document::from_parts(Parts {
            path: path.into(),
            syntax,
            text,
            to_file: SourceMap::shifted(0, len),
            source: None,
            outline: Vec::new(),
            suppressions: Vec::new(),
        })
    }

    /// Builds a document from a file's bytes: UTF-8 with or without BOM.
    pub fn from_utf8_bytes(
        path: impl Into<String>,
        syntax: Syntax,
        bytes: Vec<u8>,
    ) -> Result<Document, DecodeError> {
        let head = &bytes[..bytes.len().min(8192)];
        if head.contains(&0) {
            return Err(DecodeError::Binary);
        }
        let offset = if bytes.starts_with(UTF8_BOM) { 3 } else { 0 };
        let mut bytes = bytes;
        bytes.drain(..offset);
        let text = String::from_utf8(bytes).map_err(|e| DecodeError::InvalidUtf8 {
            offset: e.utf8_error().valid_up_to() + offset,
        })?;
        let len = text.len();
        Ok(Document::from_parts(Parts {
            path: path.into(),
            syntax,
            text,
            to_file: SourceMap::shifted(offset, len),
            source: None,
            outline: Vec::new(),
            suppressions: Vec::new(),
        }))
    }

    pub fn from_parts(parts: Parts) -> Document {
        let lines = LineIndex::new(&parts.text);
        let source = parts.source.map(|(text, map)| SourceText {
            lines: LineIndex::new(&text),
            text,
            map,
        });
        Document {
            path: parts.path,
            syntax: parts.syntax,
            text: parts.text,
            lines,
            structure: std::sync::OnceLock::new(),
            facts: std::sync::OnceLock::new(),
            outline: parts.outline,
            to_file: parts.to_file,
            source,
            suppressions: parts.suppressions,
            unread: Vec::new(),
            places: None,
            body_len: usize::MAX,
        }
    }

    /// Gives the places of the text's stretches (sorted, not overlapping) and where its body
    /// ends: the structure (sections, numbering, sign-off) is read from the body alone.
    pub fn set_places(&mut self, mut places: Vec<Place>, body_len: usize) {
        places.sort_by_key(|p| p.span.start);
        self.places = Some(places);
        self.body_len = body_len.min(self.text.len());
    }

    /// End of the body (the whole text unless a reader said otherwise).
    pub fn body_len(&self) -> usize {
        self.body_len.min(self.text.len())
    }

    /// Where `offset` is, as the user of the file would look for it: the numbers of the
    /// headings it stands under (二、（三）) and the part of the file (表格 1 第 2 行第 3 列,
    /// 页脚, 脚注 2). `None` for documents whose reader gives no places.
    pub fn place(&self, offset: usize) -> Option<String> {
        let places = self.places.as_ref()?;
        let mut parts: Vec<String> = Vec::new();
        if offset < self.body_len() {
            // the headings above, one per level
            let mut path: Vec<&structure::Heading> = Vec::new();
            for h in self.structure().headings.iter().filter(|h| h.level > 0) {
                if h.span.start > offset {
                    break;
                }
                path.retain(|p| p.level < h.level);
                path.push(h);
            }
            let numbers: Vec<String> = path.iter().map(|h| heading_label(&self.text, h)).collect();
            if !numbers.is_empty() {
                parts.push(numbers.join(""));
            }
        }
        let at = places.partition_point(|p| p.span.start <= offset);
        if let Some(p) = at.checked_sub(1).map(|i| &places[i]) {
            if offset < p.span.end.max(p.span.start + 1) {
                parts.push(p.label.clone());
            }
        }
        (!parts.is_empty()).then(|| parts.join(" "))
    }

    /// Records content the reader could not read (see [`Unread`]).
    pub fn add_unread(&mut self, offset: usize, what: impl Into<String>) {
        let offset = offset.min(self.text.len());
        self.unread.push(Unread {
            offset,
            what: what.into(),
        });
    }

    pub fn unread(&self) -> &[Unread] {
        &self.unread
    }

    pub fn path(&self) -> &str {
        &self.path
    }

    pub fn syntax(&self) -> Syntax {
        self.syntax
    }

    pub fn text(&self) -> &str {
        &self.text
    }

    pub fn lines(&self) -> &LineIndex {
        &self.lines
    }

    pub fn structure(&self) -> &Structure {
        self.structure.get_or_init(|| {
            let body = self.body_len();
            if body < self.text.len() {
                let text = &self.text[..body];
                structure::analyze(text, &LineIndex::new(text), self.syntax, &self.outline)
            } else {
                structure::analyze(&self.text, &self.lines, self.syntax, &self.outline)
            }
        })
    }

    /// Every quantity of the text with its unit and label (see [`crate::facts`]).
    pub fn facts(&self) -> &crate::facts::Facts {
        self.facts
            .get_or_init(|| crate::facts::extract(&self.text, &self.structure().sentences))
    }

    pub fn slice(&self, span: Span) -> &str {
        &self.text[span.range()]
    }

    /// The position of a text offset in the original: the byte in the file, and line and
    /// character column in the source (the page for HTML, else the text itself).
    pub fn position(&self, offset: usize) -> Position {
        self.locate(offset, false)
    }

    /// The position just after the text that ends at `offset` (the end of a span).
    pub fn end_position(&self, offset: usize) -> Position {
        self.locate(offset, true)
    }

    fn locate(&self, offset: usize, end: bool) -> Position {
        let (line, column, source_offset) = match &self.source {
            Some(src) => {
                let mapped = if end {
                    src.map.map_end(offset)
                } else {
                    src.map.map(offset)
                };
                let mut o = mapped.min(src.text.len());
                while !src.text.is_char_boundary(o) {
                    o -= 1;
                }
                let (l, c) = src.lines.line_column(&src.text, o);
                (l, c, o)
            }
            None => {
                let (l, c) = self.lines.line_column(&self.text, offset);
                (l, c, offset)
            }
        };
        Position {
            byte: if end {
                self.to_file.map_end(source_offset)
            } else {
                self.to_file.map(source_offset)
            },
            line,
            column,
        }
    }

    /// True if findings of `rule` are switched off at text offset `offset`.
    pub fn is_suppressed(&self, rule: &str, offset: usize) -> bool {
        self.suppressions.iter().any(|s| {
            s.span.start <= offset
                && offset < s.span.end
                && s.rule.as_deref().is_none_or(|r| {
                    rule == r
                        || rule
                            .strip_prefix(r)
                            .is_some_and(|rest| rest.starts_with('/'))
                })
        })
    }

    /// The span a finding about the whole document points at: its title, else its first
    /// non-empty line, else the empty span at the start.
    pub fn anchor(&self) -> Span {
        self.structure()
            .title
            .or_else(|| self.head_lines(1).next())
            .unwrap_or_default()
    }

    /// The first `n` non-blank lines, trimmed: where a title is looked for (web pages put
    /// breadcrumbs such as 当前位置 above it).
    pub fn head_lines(&self, n: usize) -> impl Iterator<Item = Span> + '_ {
        (0..self.lines.line_count())
            .map(|l| structure::trim(&self.text, self.lines.line_span(&self.text, l)))
            .filter(|s| !s.is_empty())
            .take(n)
    }

    /// The sentence containing `offset`, if any.
    pub fn sentence_at(&self, offset: usize) -> Option<Span> {
        structure::containing(&self.structure().sentences, offset)
    }

    /// The first sentence that starts at or after the end of `s`.
    pub fn sentence_after(&self, s: Span) -> Option<Span> {
        let sentences = &self.structure().sentences;
        let i = sentences.partition_point(|x| x.start < s.end);
        sentences.get(i).copied()
    }

    /// The paragraph containing `offset`, if any.
    pub fn paragraph_at(&self, offset: usize) -> Option<Span> {
        structure::containing(&self.structure().paragraphs, offset)
    }
}

/// How a heading is named in a place: its number (二、 （三） 1.) or, without one, its first
/// few words.
fn heading_label(text: &str, h: &structure::Heading) -> String {
    let marker = text
        .get(h.span.start..h.title.start.max(h.span.start))
        .unwrap_or("")
        .trim()
        .trim_start_matches('#')
        .trim();
    if !marker.is_empty() {
        return marker.to_string();
    }
    let words = text.get(h.title.range()).unwrap_or("").trim();
    let short: String = words.chars().take(8).collect();
    if short.len() < words.len() {
        format!("「{short}…」")
    } else {
        format!("「{short}」")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bom_shifts_reported_bytes_not_columns() {
        let mut bytes = UTF8_BOM.to_vec();
        bytes.extend_from_slice("布署".as_bytes());
        let doc = Document::from_utf8_bytes("a.txt", Syntax::PlainText, bytes).unwrap();
        assert_eq!(doc.text(), "布署");
        let p = doc.position(3);
        assert_eq!((p.byte, p.line, p.column), (6, 1, 2));
    }

    #[test]
    fn invalid_utf8_reports_file_offset() {
        let mut bytes = "法治".as_bytes().to_vec();
        bytes.push(0xE6); // first byte of a 3-byte character, cut short
        bytes.push(b'a');
        let err = Document::from_utf8_bytes("a.txt", Syntax::PlainText, bytes).unwrap_err();
        assert_eq!(err, DecodeError::InvalidUtf8 { offset: 6 });
    }

    #[test]
    fn nul_bytes_mean_binary() {
        let err = Document::from_utf8_bytes("a.txt", Syntax::PlainText, vec![0x50, 0x4B, 0, 0])
            .unwrap_err();
        assert_eq!(err, DecodeError::Binary);
    }
}
