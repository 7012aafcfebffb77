//! Markdown: front matter, fenced and indented code blocks, inline code, link and image
//! targets (`](url "title")`), autolinks, inline HTML tags and HTML comments are not prose, so
//! they are blanked out (each character replaced by spaces of the same byte length, line
//! breaks kept) before the rules run; positions are still computed in the original text.
//! Headings, lists and emphasis marks stay: the structure is read from them. Comments may
//! hold `fzlint-disable` directives. Inline syntax is found by pulldown-cmark (CommonMark).

use crate::{identity, suppress};
use fzlint_core::{Document, Parts, SourceMap, Span, Syntax};

/// Replaces `range` of `text` by spaces, keeping line breaks and byte offsets.
fn blank(text: &mut String, span: Span) {
    let masked: String = text[span.range()]
        .chars()
        .map(|c| {
            if c == '\n' {
                "\n".to_string()
            } else {
                " ".repeat(c.len_utf8())
            }
        })
        .collect();
    text.replace_range(span.range(), &masked);
}

/// Spans of front matter and fenced code blocks (fences included).
fn non_prose_blocks(text: &str) -> Vec<Span> {
    let mut blocks = Vec::new();
    let mut offset = 0;
    let mut fence: Option<(String, usize)> = None;
    let mut front: Option<(&str, usize)> = None;
    for (i, line) in text.split_inclusive('\n').enumerate() {
        let trimmed = line.trim_end_matches(['\n', '\r']);
        let start = offset;
        offset += line.len();
        if i == 0 && (trimmed == "---" || trimmed == "+++") {
            front = Some((if trimmed == "---" { "---" } else { "+++" }, start));
            continue;
        }
        if let Some((delim, from)) = front {
            if trimmed == delim {
                blocks.push(Span::new(from, offset));
                front = None;
            }
            continue;
        }
        let lead = trimmed.len() - trimmed.trim_start_matches(' ').len();
        let body = trimmed.trim_start_matches(' ');
        match &fence {
            None if lead <= 3 && (body.starts_with("```") || body.starts_with("~~~")) => {
                let marker: String = body
                    .chars()
                    .take_while(|c| *c == '`' || *c == '~')
                    .collect();
                fence = Some((marker, start));
            }
            Some((marker, from))
                if lead <= 3
                    && body.starts_with(marker.as_str())
                    && body
                        .trim_end()
                        .chars()
                        .all(|c| c == marker.chars().next().unwrap_or('`')) =>
            {
                blocks.push(Span::new(*from, offset));
                fence = None;
            }
            _ => {}
        }
    }
    // an unclosed fence runs to the end, as Markdown renders it
    if let Some((_, from)) = fence {
        blocks.push(Span::new(from, text.len()));
    }
    blocks
}

/// Inline code, link and image targets, autolinks, inline HTML tags and indented code blocks,
/// as CommonMark reads them. The text of a link or an image's alt text stays.
fn inline_non_prose(text: &str) -> Vec<Span> {
    use pulldown_cmark::{CodeBlockKind, Event, LinkType, Options, Parser, Tag, TagEnd};
    let options =
        Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH | Options::ENABLE_FOOTNOTES;
    let mut out = Vec::new();
    // open links and images: their whole range, the end of their last child, and whether the
    // whole of it is an address (an autolink `<https://…>`)
    let mut open: Vec<(std::ops::Range<usize>, usize, bool)> = Vec::new();
    for (event, range) in Parser::new_ext(text, options).into_offset_iter() {
        match &event {
            Event::Start(Tag::Link { link_type, .. })
            | Event::Start(Tag::Image { link_type, .. }) => {
                let whole = matches!(link_type, LinkType::Autolink | LinkType::Email);
                open.push((range.clone(), range.start, whole));
                continue;
            }
            Event::End(TagEnd::Link) | Event::End(TagEnd::Image) => {
                if let Some((whole, children_end, address)) = open.pop() {
                    let from = if address {
                        whole.start
                    } else {
                        children_end.max(whole.start)
                    };
                    out.push(Span::new(from, whole.end));
                    if let Some(outer) = open.last_mut() {
                        outer.1 = outer.1.max(whole.end);
                    }
                }
                continue;
            }
            Event::Code(_) | Event::InlineHtml(_) => out.push(Span::new(range.start, range.end)),
            Event::Start(Tag::CodeBlock(CodeBlockKind::Indented)) => {
                out.push(Span::new(range.start, range.end))
            }
            _ => {}
        }
        if let Some(link) = open.last_mut() {
            link.1 = link.1.max(range.end);
        }
    }
    out
}

/// HTML comments outside code blocks: their bodies and spans.
fn comments(text: &str, skip: &[Span]) -> Vec<(String, Span)> {
    let mut out = Vec::new();
    let mut from = 0;
    while let Some(i) = text[from..].find("<!--") {
        let start = from + i;
        // an unclosed comment runs to the end, as HTML renders it
        let (body_end, end) = text[start + 4..]
            .find("-->")
            .map_or((text.len(), text.len()), |j| {
                (start + 4 + j, start + 4 + j + 3)
            });
        if !skip.iter().any(|s| s.start <= start && start < s.end) {
            let body = text[start + 4..body_end].to_string();
            out.push((body, Span::new(start, end)));
        }
        from = end;
    }
    out
}

pub fn read(path: &str, original: String, to_file: SourceMap) -> Document {
    let blocks = non_prose_blocks(&original);
    let comments = comments(&original, &blocks);
    let suppressions = suppress::collect(&original, &comments);
    let mut text = original.clone();
    let inline = inline_non_prose(&original);
    for span in blocks
        .iter()
        .chain(comments.iter().map(|(_, s)| s))
        .chain(inline.iter())
    {
        blank(&mut text, *span);
    }
    let len = text.len();
    Document::from_parts(Parts {
        path: path.to_string(),
        syntax: Syntax::Markdown,
        text,
        to_file,
        // same bytes, so lines and columns are read from the original
        source: Some((original, identity(len))),
        outline: Vec::new(),
        suppressions,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn code_front_matter_and_comments_are_blank_but_offsets_hold() {
        let src = "---\ntitle: 布署\n---\n# 标题\n\n<!-- 布署 -->同布署\n\n```\n布署\n```\n";
        let doc = read("a.md", src.to_string(), identity(src.len()));
        assert_eq!(doc.text().len(), src.len());
        assert_eq!(doc.text().matches("布署").count(), 1);
        let at = doc.text().find("布署").unwrap();
        assert_eq!(&src[at..at + 6], "布署");
        // the column counts the comment's characters as they are in the file
        let p = doc.position(at);
        assert_eq!((p.line, p.column), (6, 13));
    }

    #[test]
    fn inline_code_link_targets_autolinks_and_tags_are_blank_link_text_stays() {
        let src = "# 标题\n\n见[布署说明](docs/布署.md \"布署\")和`布署`，<https://a.cn/布署>，\
                   ![布署图](img/布署.png)，<span class=\"x\">布署</span>。\n\n    缩进代码 布署\n\n参见[规则][r]。\n\n[r]: https://a.cn\n";
        let doc = read("a.md", src.to_string(), identity(src.len()));
        let text = doc.text();
        assert_eq!(text.len(), src.len());
        // kept: the link's text, the image's alt text, the text inside the inline tags
        assert_eq!(text.matches("布署").count(), 3, "{text}");
        assert!(
            text.contains("[布署说明 ") && text.contains("![布署图 ") && text.contains("[规则 ")
        );
        for gone in [
            "docs/",
            "img/",
            "https://a.cn/",
            "`",
            "<span",
            "</span>",
            "缩进代码",
            "][r]",
        ] {
            assert!(!text.contains(gone), "{gone:?} left in {text}");
        }
        // the heading mark stays for the structure
        assert!(text.starts_with("# 标题"));
        // a link's closing bracket is not prose: no half-width mark left before 。
        assert!(!text.contains(")。") && !text.contains(")，"), "{text}");
    }

    #[test]
    fn directives_become_suppressions() {
        let src = "甲\n<!-- fzlint-disable typo -->\n乙\n<!-- fzlint-enable -->\n丙\n<!-- fzlint-disable-next-line -->\n丁\n戊\n";
        let doc = read("a.md", src.to_string(), identity(src.len()));
        let at = |s: &str| src.find(s).unwrap();
        assert!(doc.is_suppressed("typo/misspelling", at("乙")));
        assert!(!doc.is_suppressed("vague/hedge", at("乙")));
        assert!(!doc.is_suppressed("typo/misspelling", at("丙")));
        assert!(doc.is_suppressed("vague/hedge", at("丁")));
        assert!(!doc.is_suppressed("vague/hedge", at("戊")));
    }
}
