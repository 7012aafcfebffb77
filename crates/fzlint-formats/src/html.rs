//! HTML pages: the visible text of the body, with a map back to the page source so that
//! lines and columns are those of the HTML file.
//!
//! Dropped: `<head>`, scripts, styles, `<nav>`, `<footer>`, `<aside>`, frames, forms' option
//! lists and SVG. Everything else in the body is kept — including page residue such as
//! 打印此文 or 关闭窗口, which the `web` rules are there to find. Block elements start a new
//! line; whitespace runs that contain a line break (source formatting) are dropped, other
//! spaces kept; entities are decoded (&nbsp; stays a no-break space). Comments may hold
//! `fzlint-disable` directives.

use crate::suppress;
use fzlint_core::{Document, Parts, SourceMap, SourceMapBuilder, Span, Syntax};
use html5gum::{DefaultEmitter, Token, Tokenizer};

const SKIPPED: &[&str] = &[
    "head", "script", "style", "noscript", "template", "nav", "footer", "aside", "iframe", "svg",
    "select", "object", "canvas", "math",
];
/// What may stand in `<head>`; any other start tag (and `<body>`) ends a head whose `</head>`
/// was left out, as HTML5 allows and a browser reads it.
const HEAD_CONTENT: &[&str] = &[
    "title", "meta", "link", "style", "script", "noscript", "base", "template",
];
/// Skipped elements nested deeper than this are not tracked: a page of thousands of unclosed
/// `<svg>` followed by thousands of unmatched end tags would otherwise take quadratic time.
const MAX_SKIP_DEPTH: usize = 256;
const BLOCKS: &[&str] = &[
    "address",
    "article",
    "blockquote",
    "body",
    "br",
    "center",
    "dd",
    "div",
    "dl",
    "dt",
    "figcaption",
    "figure",
    "form",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "header",
    "hr",
    "li",
    "main",
    "ol",
    "p",
    "pre",
    "section",
    "table",
    "td",
    "th",
    "tr",
    "ul",
];

struct Extractor<'s> {
    source: &'s str,
    text: String,
    map: SourceMapBuilder,
    /// Source bytes accounted for in the map so far.
    pos: usize,
}

impl Extractor<'_> {
    fn skip_to(&mut self, to: usize) {
        let to = to.clamp(self.pos, self.source.len());
        self.map.skip_target(to - self.pos);
        self.pos = to;
    }

    fn line_break(&mut self) {
        if !self.text.is_empty() && !self.text.ends_with('\n') {
            self.text.push('\n');
            self.map.insert_text(1);
        }
    }

    /// Source bytes that stand for the decoded character `d` at the current position.
    fn source_len(&self, d: char, end: usize) -> usize {
        let src = &self.source[self.pos..end];
        if src.starts_with(d) {
            d.len_utf8()
        } else if src.starts_with('&') {
            // an entity is short: look for its `;` in the first 40 bytes (as bytes: 40 may
            // fall inside a character)
            src.bytes()
                .take(40)
                .position(|b| b == b';')
                .map_or(1, |i| i + 1)
        } else if d == '\n' && src.starts_with("\r\n") {
            2
        } else {
            src.chars().next().map_or(0, char::len_utf8)
        }
    }

    /// Appends a text token's decoded value, aligned with its source `start..end`.
    fn string(&mut self, value: &str, start: usize, end: usize) {
        self.skip_to(start);
        // whitespace is buffered per run: dropped if the run breaks a line, else kept
        let mut run: Vec<(char, usize)> = Vec::new();
        let flush = |ex: &mut Self, run: &mut Vec<(char, usize)>| {
            let breaks = run.iter().any(|(c, _)| *c == '\n' || *c == '\r');
            for (c, len) in run.drain(..) {
                if breaks {
                    ex.map.skip_target(len);
                } else {
                    ex.text.push(c);
                    ex.map.push(1, c.len_utf8(), len);
                }
            }
        };
        for d in value.chars() {
            let len = self.source_len(d, end).min(end - self.pos);
            self.pos += len;
            if d.is_whitespace() && d != '\u{a0}' {
                run.push((d, len));
                continue;
            }
            flush(self, &mut run);
            self.text.push(d);
            self.map.push(1, d.len_utf8(), len);
        }
        flush(self, &mut run);
        self.skip_to(end);
    }
}

pub fn read(path: &str, source: String, to_file: SourceMap) -> Document {
    let mut emitter = DefaultEmitter::<usize>::new_with_span();
    // raw text inside <script>, <style>, <textarea> … as a browser reads it
    emitter.naively_switch_states(true);
    let mut ex = Extractor {
        source: &source,
        text: String::new(),
        map: SourceMapBuilder::new(),
        pos: 0,
    };
    let mut skipping: Vec<String> = Vec::new();
    let mut comments: Vec<(String, Span)> = Vec::new();
    for token in Tokenizer::new_with_emitter(source.as_str(), emitter).flatten() {
        match token {
            Token::StartTag(tag) => {
                let name = String::from_utf8_lossy(&tag.name).to_ascii_lowercase();
                // an open <head> ends at the first tag that cannot be in it
                if let Some(i) = skipping.iter().position(|n| n == "head") {
                    if !HEAD_CONTENT.contains(&name.as_str()) && skipping.len() == i + 1 {
                        skipping.truncate(i);
                    }
                }
                // the line break stands where the tag starts, so text before it ends there
                ex.skip_to(tag.span.start);
                if skipping.is_empty() && BLOCKS.contains(&name.as_str()) {
                    ex.line_break();
                }
                ex.skip_to(tag.span.end);
                if SKIPPED.contains(&name.as_str())
                    && !tag.self_closing
                    && skipping.len() < MAX_SKIP_DEPTH
                {
                    skipping.push(name.clone());
                }
            }
            Token::EndTag(tag) => {
                let name = String::from_utf8_lossy(&tag.name).to_ascii_lowercase();
                ex.skip_to(tag.span.start);
                if let Some(i) = skipping.iter().rposition(|n| *n == name) {
                    skipping.truncate(i);
                } else if skipping.is_empty() && BLOCKS.contains(&name.as_str()) {
                    ex.line_break();
                }
                ex.skip_to(tag.span.end);
            }
            Token::String(s) if skipping.is_empty() => {
                let value = String::from_utf8_lossy(&s.value).into_owned();
                ex.string(&value, s.span.start, s.span.end);
            }
            Token::Comment(c) => {
                ex.skip_to(c.span.end);
                let at = ex.text.len();
                comments.push((
                    String::from_utf8_lossy(&c.value).into_owned(),
                    Span::new(at, at),
                ));
            }
            _ => {}
        }
    }
    ex.skip_to(source.len());
    let text = ex.text;
    let suppressions = suppress::collect(&text, &comments);
    let map = ex.map.finish();
    Document::from_parts(Parts {
        path: path.to_string(),
        syntax: Syntax::PlainText,
        text,
        to_file,
        source: Some((source, map)),
        outline: Vec::new(),
        suppressions,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::identity;

    fn doc(html: &str) -> Document {
        read("a.html", html.to_string(), identity(html.len()))
    }

    #[test]
    fn a_head_without_its_end_tag_ends_where_the_body_starts() {
        let d = doc("<html><head><title>t</title>\n<body><p>同布署。</p></body></html>");
        assert_eq!(d.text().trim_end(), "同布署。");
        let d = doc("<head><meta charset=utf-8><title>标题</title><p>正文</p>");
        assert_eq!(d.text().trim_end(), "正文");
    }

    #[test]
    fn visible_body_text_with_positions_in_the_page() {
        let html = "<html><head><title>标题</title><script>var a = '布署';</script></head>\n<body>\n<nav>首页 &gt; 政务公开</nav>\n<div class=\"content\">\n  <p>一、主要举措</p>\n  <p>同安排、同布署&nbsp;同考核</p>\n</div>\n<div>打印此文 关闭窗口</div>\n</body></html>";
        let d = doc(html);
        assert_eq!(
            d.text(),
            "一、主要举措\n同安排、同布署\u{a0}同考核\n打印此文 关闭窗口\n"
        );
        let at = d.text().find("布署").unwrap();
        let p = d.position(at);
        let line6 = html.lines().nth(5).unwrap();
        assert_eq!(p.line, 6);
        assert_eq!(
            p.column,
            line6[..line6.find("布署").unwrap()].chars().count() + 1
        );
        assert_eq!(&html[p.byte..p.byte + 6], "布署");
        // after an entity the mapping still holds
        let after = d.text().find("同考核").unwrap();
        assert_eq!(&html[d.position(after).byte..][..9], "同考核");
        assert_eq!(d.structure().headings.len(), 1);
    }

    #[test]
    fn broken_html_does_not_panic() {
        for html in [
            "<p>未闭合<div><b>粗",
            "</p></p><<>>&;&#;&#x;",
            "<script>",
            "<!--",
            "",
        ] {
            let d = doc(html);
            // what text there is maps inside the page, and the end to the page's end
            let end = d.end_position(d.text().len());
            assert!(end.byte <= html.len(), "{html:?}: {end:?}");
            for (i, _) in d.text().char_indices() {
                assert!(d.position(i).byte <= html.len(), "{html:?} at {i}");
            }
        }
    }
}
