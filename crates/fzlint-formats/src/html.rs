//! HTML pages: the visible text of the body, with a map back to the page source so that
//! lines and columns are those of the HTML file.
//!
//! The report, not the site: when the page has a main content block — an `<article>` or
//! `<main>`, an element whose id or class names the content (`content`, `zoom`, `TRS_Editor`,
//! …), or else the innermost block holding most of the text — only that block and the
//! report's title above it are checked; the rest (site banner, breadcrumbs, related links,
//! share buttons) is blanked out, so whole-document findings point at the report's title.
//! Residue pasted *into* the report's body is still found.
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
    /// Han characters in `text` so far: a block's share of the page is a difference of two.
    han: usize,
}

/// What an element's name, id or class says it holds.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Hint {
    None,
    /// The page's main content: `<article>`, `<main>`, `class="content"` …
    Content,
    /// A heading or an element named as a title: where the report's title may be.
    Title,
}

/// An element of the body, by its place in the extracted text.
#[derive(Clone, Copy, Debug)]
struct Block {
    start: usize,
    end: usize,
    han: usize,
    depth: usize,
    hint: Hint,
}

/// An element still open, as its block will be.
struct Open {
    name: String,
    start: usize,
    han: usize,
    hint: Hint,
}

/// Elements followed for the content block; others (inline ones) only hold text.
const CONTAINERS: &[&str] = &[
    "article", "body", "center", "div", "form", "h1", "h2", "h3", "header", "li", "main", "ol",
    "p", "section", "span", "table", "td", "tr", "ul", "font", "strong", "b",
];
/// Containers nested deeper than this are not followed (an adversarial page of unclosed
/// `<div>`s would otherwise cost quadratic time).
const MAX_OPEN: usize = 256;
/// Elements recorded per page at most; past it (a page of a million spans) no more are
/// followed and the choice is made among those seen.
const MAX_BLOCKS: usize = 100_000;

/// A page with less text than this and no named content block is checked whole: too little
/// to tell the report from the site.
const MIN_UNNAMED_HAN: usize = 300;

/// Id and class words of content blocks on government sites (TRS and other CMSs).
fn content_word(w: &str) -> bool {
    const PARTS: &[&str] = &[
        "content",
        "article",
        "zoom",
        "trs_editor",
        "detail",
        "zhengwen",
        "maintext",
        "newstext",
        "artibody",
        "main",
        "wenzhang",
    ];
    const WORDS: &[&str] = &["zw", "con", "text", "body", "nr", "wz"];
    PARTS.iter().any(|p| w.contains(p)) || WORDS.contains(&w)
}

fn title_word(w: &str) -> bool {
    w.contains("title") || w == "bt" || w.contains("biaoti") || w.contains("headline")
}

fn hint(name: &str, tag: &html5gum::StartTag<usize>) -> Hint {
    if matches!(name, "article" | "main") {
        return Hint::Content;
    }
    if matches!(name, "h1" | "h2" | "h3") {
        return Hint::Title;
    }
    let mut words = Vec::new();
    for (k, v) in &tag.attributes {
        if matches!(k.as_slice(), b"id" | b"class") {
            let v = String::from_utf8_lossy(&v.value).to_ascii_lowercase();
            words.extend(v.split_whitespace().map(str::to_string));
        }
    }
    if words.iter().any(|w| title_word(w)) {
        Hint::Title
    } else if words.iter().any(|w| content_word(w)) {
        Hint::Content
    } else {
        Hint::None
    }
}

fn is_han(c: char) -> bool {
    ('\u{4e00}'..='\u{9fff}').contains(&c) || ('\u{3400}'..='\u{4dbf}').contains(&c)
}

/// The parts of the text that are the report: its title (if found above the content) and the
/// content block; what stands between them (publishing date, font size and share buttons)
/// is the site's. `None`: check everything.
fn report_region(text: &str, blocks: &[Block], total_han: usize) -> Option<Vec<(usize, usize)>> {
    if total_han == 0 {
        return None;
    }
    // named content blocks: the smallest that still holds most of the largest one's text
    let named: Vec<&Block> = blocks.iter().filter(|b| b.hint == Hint::Content).collect();
    let content = match named.iter().map(|b| b.han).max() {
        Some(most) if most * 10 >= total_han * 3 && most >= 50 => named
            .into_iter()
            .filter(|b| b.han * 10 >= most * 7)
            .min_by_key(|b| (b.han, std::cmp::Reverse(b.depth)))
            .copied(),
        // else the innermost block with most of the text of a page long enough to tell
        _ if total_han >= MIN_UNNAMED_HAN => blocks
            .iter()
            .filter(|b| b.han * 10 >= total_han * 6)
            .max_by_key(|b| b.depth)
            .copied(),
        _ => None,
    }?;
    // the report's title: the last heading before the content block that reads like the
    // title of a report (a site banner above it does not)
    let title = blocks
        .iter()
        .filter(|b| b.hint == Hint::Title && b.end <= content.start)
        .filter(|b| (6..=80).contains(&b.han) && b.end - b.start <= 4 * 80 * 4)
        .filter(|b| {
            let t = text[b.start..b.end].trim();
            !t.contains('\n')
                && ["报告", "总结", "情况", "工作"]
                    .iter()
                    .any(|w| t.contains(w))
        })
        .max_by_key(|b| b.start);
    let mut keep: Vec<(usize, usize)> = title.map(|t| (t.start, t.end)).into_iter().collect();
    keep.push((content.start, content.end));
    // nothing worth cutting: keep the page as it is
    let kept: usize = keep
        .iter()
        .map(|&(a, b)| text[a..b].chars().filter(|c| is_han(*c)).count())
        .sum();
    (kept * 100 < total_han * 97).then_some(keep)
}

/// Replaces every character outside the `keep` ranges (in order, not overlapping) by spaces
/// of its byte length (line breaks kept), so that offsets, and the map to the page, hold.
fn blank_outside(text: &mut String, keep: &[(usize, usize)]) {
    let blank = |s: &str| -> String {
        s.chars()
            .map(|c| {
                if c == '\n' {
                    "\n".to_string()
                } else {
                    " ".repeat(c.len_utf8())
                }
            })
            .collect()
    };
    let mut out = String::with_capacity(text.len());
    let mut at = 0;
    for &(start, end) in keep {
        out.push_str(&blank(&text[at..start]));
        out.push_str(&text[start..end]);
        at = end;
    }
    out.push_str(&blank(&text[at..]));
    *text = out;
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
            self.han += usize::from(is_han(d));
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
        han: 0,
    };
    let mut skipping: Vec<String> = Vec::new();
    let mut open: Vec<Open> = Vec::new();
    let mut blocks: Vec<Block> = Vec::new();
    let close = |open: &mut Vec<Open>, blocks: &mut Vec<Block>, ex: &Extractor, from: usize| {
        while open.len() > from {
            let o = open.pop().expect("non-empty");
            blocks.push(Block {
                start: o.start,
                end: ex.text.len(),
                han: ex.han - o.han,
                depth: open.len(),
                hint: o.hint,
            });
        }
    };
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
                if skipping.is_empty()
                    && CONTAINERS.contains(&name.as_str())
                    && !tag.self_closing
                    && open.len() < MAX_OPEN
                    && blocks.len() + open.len() < MAX_BLOCKS
                {
                    let hint = hint(&name, &tag);
                    open.push(Open {
                        name: name.clone(),
                        start: ex.text.len(),
                        han: ex.han,
                        hint,
                    });
                }
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
                if skipping.is_empty() {
                    // an end tag closes its element and whatever was left open inside it
                    if let Some(i) = open.iter().rposition(|o| o.name == name) {
                        close(&mut open, &mut blocks, &ex, i);
                    }
                }
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
    close(&mut open, &mut blocks, &ex, 0);
    let mut text = ex.text;
    if let Some(keep) = report_region(&text, &blocks, ex.han) {
        blank_outside(&mut text, &keep);
    }
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
    fn the_report_is_checked_not_the_site_around_it() {
        let para = "区政府常务会议专题学法四次，审查规范性文件十二件，办理行政复议案件三十件。";
        let html = format!(
            "<html><body>\n<div class=\"banner\"><h1>东川区人民政府门户网站</h1></div>\n\
             <div class=\"crumb\">当前位置：首页 > 政务公开 > 法治政府</div>\n\
             <div class=\"main-wrap\">\n<div class=\"title\">东川区2023年度法治政府建设情况报告</div>\n\
             <div class=\"info\">分享到：微信 微博</div>\n\
             <div id=\"zoom\"><p>一、主要举措和成效</p><p>{p}</p><p>{p}</p><p>{p}</p>\
             <p>来源：本站 打印此文</p></div>\n</div>\n\
             <div class=\"related\"><ul><li>相关新闻：{p}</li></ul></div>\n</body></html>",
            p = para
        );
        let d = doc(&html);
        let text = d.text();
        assert_eq!(text.len(), d.text().len());
        for kept in [
            "东川区2023年度法治政府建设情况报告",
            "一、主要举措和成效",
            "来源：本站 打印此文",
        ] {
            assert!(text.contains(kept), "{kept} dropped: {text}");
        }
        for gone in ["门户网站", "当前位置", "分享到", "相关新闻"] {
            assert!(!text.contains(gone), "{gone} kept: {text}");
        }
        // the first line with text is the report's title, at its place in the page
        let title = d.structure().title.expect("a title");
        assert_eq!(&text[title.range()], "东川区2023年度法治政府建设情况报告");
        let p = d.position(title.start);
        assert_eq!(p.line, 5);
        // a page without a content block worth the name is checked whole
        let small = doc("<div class=\"nav2\">当前位置：首页</div><div><p>同布署。</p></div>");
        assert!(small.text().contains("当前位置"));
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
