//! Byte spans into a document's text and their line/column positions.
//!
//! Offsets are bytes into [`crate::Document::text`]; positions reported to users are bytes into
//! the *original file* plus a 1-based line and a 1-based column counted in characters, because
//! Chinese text is the normal case and a byte column is meaningless to a reader.

use std::ops::Range;

/// A half-open byte range `[start, end)` into a document's text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Span {
    pub start: usize,
    pub end: usize,
}

impl Span {
    pub const fn new(start: usize, end: usize) -> Self {
        Span { start, end }
    }

    pub const fn len(&self) -> usize {
        self.end - self.start
    }

    pub const fn is_empty(&self) -> bool {
        self.start == self.end
    }

    pub fn range(&self) -> Range<usize> {
        self.start..self.end
    }

    pub fn contains(&self, other: Span) -> bool {
        self.start <= other.start && other.end <= self.end
    }

    /// Widens the span outwards to the nearest character boundaries of `text` and clamps it to
    /// the text, so that slicing and rendering can never split a multi-byte character.
    pub fn snap_to(self, text: &str) -> Span {
        let mut start = self.start.min(text.len());
        while !text.is_char_boundary(start) {
            start -= 1;
        }
        let mut end = self.end.clamp(start, text.len());
        while !text.is_char_boundary(end) {
            end += 1;
        }
        Span { start, end }
    }
}

impl From<Range<usize>> for Span {
    fn from(r: Range<usize>) -> Self {
        Span::new(r.start, r.end)
    }
}

/// A point in the original file: byte offset, 1-based line, 1-based character column.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Position {
    pub byte: usize,
    pub line: usize,
    pub column: usize,
}

/// Where each line of a text starts, for offset → line/column lookups by binary search.
///
/// Columns count characters, so a lookup counts from a checkpoint (the number of characters
/// before every 512 bytes of text) rather than from the line start: a document converted into one
/// 2 MB line with thousands of findings stays linear.
#[derive(Debug, Clone)]
pub struct LineIndex {
    starts: Vec<usize>,
    len: usize,
    /// (byte offset, characters before it), at char boundaries about every `CHECKPOINT` bytes.
    checkpoints: Vec<(usize, usize)>,
}

const CHECKPOINT: usize = 512;

impl LineIndex {
    pub fn new(text: &str) -> Self {
        let mut starts = vec![0];
        starts.extend(memchr_newlines(text).map(|i| i + 1));
        let mut checkpoints = vec![(0, 0)];
        let (mut at, mut chars) = (0, 0);
        while at + CHECKPOINT < text.len() {
            let mut next = at + CHECKPOINT;
            while !text.is_char_boundary(next) {
                next += 1;
            }
            chars += text[at..next].chars().count();
            checkpoints.push((next, chars));
            at = next;
        }
        LineIndex {
            starts,
            len: text.len(),
            checkpoints,
        }
    }

    /// Characters in `text` before byte `offset` (a char boundary).
    fn chars_before(&self, text: &str, offset: usize) -> usize {
        let i = self.checkpoints.partition_point(|c| c.0 <= offset) - 1;
        let (at, chars) = self.checkpoints[i];
        chars + text[at..offset].chars().count()
    }

    /// Number of lines (a final line without a newline counts; an empty text has one line).
    pub fn line_count(&self) -> usize {
        self.starts.len()
    }

    /// 0-based line containing `offset`.
    pub fn line_of(&self, offset: usize) -> usize {
        match self.starts.binary_search(&offset) {
            Ok(i) => i,
            Err(i) => i - 1,
        }
    }

    /// The span of 0-based `line`, without its line terminator (`\n` or `\r\n`).
    pub fn line_span(&self, text: &str, line: usize) -> Span {
        let start = self.starts[line];
        let mut end = self.starts.get(line + 1).map_or(self.len, |&s| s - 1);
        if end > start && text.as_bytes()[end - 1] == b'\r' && end < self.len {
            end -= 1;
        }
        Span::new(start, end)
    }

    /// 1-based line and 1-based character column of `offset` (which must be a char boundary).
    pub fn line_column(&self, text: &str, offset: usize) -> (usize, usize) {
        let line = self.line_of(offset);
        let column =
            self.chars_before(text, offset) - self.chars_before(text, self.starts[line]) + 1;
        (line + 1, column)
    }
}

fn memchr_newlines(text: &str) -> impl Iterator<Item = usize> + '_ {
    text.bytes()
        .enumerate()
        .filter_map(|(i, b)| (b == b'\n').then_some(i))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_count_characters_not_bytes() {
        let text = "第一行\n取得了一定成效。\r\n末行";
        let idx = LineIndex::new(text);
        assert_eq!(idx.line_count(), 3);
        let off = text.find("一定").unwrap();
        assert_eq!(idx.line_column(text, off), (2, 4));
        let last = text.find("末").unwrap();
        assert_eq!(idx.line_column(text, last), (3, 1));
        assert_eq!(idx.line_column(text, 0), (1, 1));
    }

    #[test]
    fn columns_on_a_long_line_cross_checkpoints() {
        let text = format!("{}\n{}x", "法".repeat(5000), "治".repeat(3000));
        let idx = LineIndex::new(&text);
        assert_eq!(idx.line_column(&text, 3 * 4999), (1, 5000));
        let x = text.find('x').unwrap();
        assert_eq!(idx.line_column(&text, x), (2, 3001));
    }

    #[test]
    fn line_span_excludes_crlf() {
        let text = "甲乙\r\n丙\n";
        let idx = LineIndex::new(text);
        assert_eq!(&text[idx.line_span(text, 0).range()], "甲乙");
        assert_eq!(&text[idx.line_span(text, 1).range()], "丙");
        assert_eq!(idx.line_span(text, 2), Span::new(text.len(), text.len()));
    }

    #[test]
    fn snap_widens_to_char_boundaries() {
        let text = "布署工作";
        // 1..4 starts inside 布 and ends inside 署
        assert_eq!(Span::new(1, 4).snap_to(text), Span::new(0, 6));
        assert_eq!(Span::new(0, 100).snap_to(text), Span::new(0, text.len()));
        assert_eq!(Span::new(100, 200).snap_to(text), Span::new(12, 12));
    }
}
