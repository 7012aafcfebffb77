//! PDF: the text layer, page by page, extracted with pdf-extract (pure Rust, on lopdf; it
//! reads CJK fonts through their ToUnicode maps). What the layout did to the text is undone
//! so that the rules see the report's paragraphs:
//!
//! - radicals that fonts map 人 or 民 to (⼈ ⺠) become the ideographs they stand for;
//! - a space the layout put between two Chinese characters goes;
//! - lines the page width broke are joined into their paragraph (a line joins the one before
//!   when that one is about as long as the page's longest line and does not end a sentence,
//!   and the line itself does not start a numbered heading), so a phrase split over two lines
//!   is found;
//! - page numbers (`- 3 -`, `第 3 页`, a lone 3) and a page header or footer repeated on most
//!   pages are left out.
//!
//! Each paragraph is a line of the document's text; every piece of it keeps its place in the
//! file as `第 N 页第 M 行`. A PDF without a text layer (a scan) is an error that says so,
//! never a clean pass. pdf-extract may panic on a malformed file: that is caught here and
//! reported as a broken file.

use crate::radicals::unify;
use crate::{identity, ReadError};
use fzlint_core::{Document, Parts, Place, Span, Syntax};

/// Characters a text layer must have for the PDF not to be taken for a scan.
const MIN_TEXT_CHARS: usize = 20;

fn han(c: char) -> bool {
    ('\u{4e00}'..='\u{9fff}').contains(&c) || ('\u{3400}'..='\u{4dbf}').contains(&c)
}

/// Chinese text and punctuation: what a layout space between two of them is not part of.
fn cjk(c: char) -> bool {
    han(c)
        || ('\u{3000}'..='\u{303f}').contains(&c)
        || ('\u{ff01}'..='\u{ff5e}').contains(&c)
        || matches!(c, '“' | '”' | '‘' | '’' | '…' | '—')
}

/// One line of a page as extracted, cleaned: radicals unified, layout spaces between Chinese
/// characters removed, ends trimmed.
fn clean(line: &str) -> String {
    let chars: Vec<char> = line.chars().map(unify).collect();
    // a justified line the layout spread out (治 思 想 , 全 面): every single space goes,
    // except between two Latin letters or digits
    let spaces = chars.iter().filter(|c| **c == ' ').count();
    let spread = spaces * 5 >= chars.len() * 2 && chars.len() >= 8;
    let mut out = String::with_capacity(line.len());
    for (i, &c) in chars.iter().enumerate() {
        if c == ' ' || c == '\u{a0}' {
            let prev = out.chars().next_back();
            let next = chars[i + 1..].iter().copied().find(|c| *c != ' ');
            let latin = |c: Option<char>| c.is_some_and(|c| c.is_ascii_alphanumeric());
            if (prev.is_some_and(cjk) && next.is_some_and(cjk))
                || (spread && !(latin(prev) && latin(next)))
            {
                continue;
            }
        }
        out.push(c);
    }
    out.trim().to_string()
}

/// A page number alone on its line: `3`, `- 3 -`, `—3—`, `第 3 页`, `第3页 共12页`.
fn page_number(line: &str) -> bool {
    let t: String = line.chars().filter(|c| !c.is_whitespace()).collect();
    let t = t.trim_matches(|c| matches!(c, '-' | '—' | '–' | '－'));
    let digits = |s: &str| !s.is_empty() && s.len() <= 4 && s.chars().all(|c| c.is_ascii_digit());
    if digits(t) {
        return true;
    }
    let Some((n, rest)) = t.strip_prefix('第').and_then(|r| r.split_once('页')) else {
        return false;
    };
    digits(n)
        && (rest.is_empty()
            || rest
                .strip_prefix('共')
                .and_then(|r| r.strip_suffix('页'))
                .is_some_and(digits))
}

/// True if `line` starts a heading or a numbered item: it is not the rest of a paragraph.
fn starts_item(line: &str) -> bool {
    let mut chars = line.chars();
    let first = chars.next().unwrap_or(' ');
    let second = chars.next().unwrap_or(' ');
    matches!(
        first,
        '一' | '二' | '三' | '四' | '五' | '六' | '七' | '八' | '九' | '十'
    ) && matches!(second, '、' | '是')
        || matches!(first, '（' | '(')
        || (first.is_ascii_digit() && matches!(second, '.' | '．' | '、'))
        || line.starts_with("第")
            && line
                .chars()
                .nth(2)
                .is_some_and(|c| matches!(c, '，' | '、' | '章' | '条' | '部'))
}

/// A line ends its paragraph when it ends a sentence or a heading.
fn ends_paragraph(line: &str) -> bool {
    line.ends_with([
        '。', '！', '？', '；', '：', '”', '）', ')', '.', '!', '?', ';', ':',
    ])
}

pub fn read(path: &str, bytes: &[u8], max_text: usize) -> Result<Document, ReadError> {
    let pages = std::panic::catch_unwind(|| pdf_extract::extract_text_from_mem_by_pages(bytes))
        .map_err(|_| ReadError::BrokenPdf {
            detail: "文件结构损坏，无法解析".into(),
        })?
        .map_err(|e| ReadError::BrokenPdf {
            detail: e.to_string(),
        })?;
    let pages: Vec<Vec<String>> = pages
        .iter()
        .map(|p| p.lines().map(str::to_string).collect())
        .collect();
    laid_out(path, &pages, max_text, "PDF")
}

/// A document from the lines of laid-out pages (a PDF's or an OFD's), in reading order: the
/// lines cleaned, page numbers and repeated headers and footers left out, broken lines
/// joined into paragraphs, each piece with its place `第 N 页第 M 行`. `what` names the
/// format in messages.
pub(crate) fn laid_out(
    path: &str,
    pages: &[Vec<String>],
    max_text: usize,
    what: &str,
) -> Result<Document, ReadError> {
    // each page's lines, cleaned, numbered as a reader counts them: lines with text
    let mut lines: Vec<Vec<(usize, String)>> = pages
        .iter()
        .map(|p| {
            p.iter()
                .map(|l| clean(l))
                .filter(|l| !l.is_empty())
                .enumerate()
                .map(|(i, l)| (i + 1, l))
                .collect()
        })
        .collect();
    let chars: usize = lines.iter().flatten().map(|(_, l)| l.chars().count()).sum();
    if chars < MIN_TEXT_CHARS {
        return Err(ReadError::NoTextLayer { pages: pages.len() });
    }
    // headers and footers: a first or last line that most pages (three or more) repeat
    if lines.len() >= 3 {
        let mut edge: std::collections::HashMap<&str, usize> = std::collections::HashMap::new();
        for page in &lines {
            let mut seen = std::collections::HashSet::new();
            for (_, l) in page.iter().take(2).chain(page.iter().rev().take(2)) {
                if seen.insert(l.as_str()) {
                    *edge.entry(l.as_str()).or_default() += 1;
                }
            }
        }
        let repeated: std::collections::HashSet<String> = edge
            .into_iter()
            .filter(|(_, n)| *n * 2 > lines.len())
            .map(|(l, _)| l.to_string())
            .collect();
        for page in &mut lines {
            page.retain(|(_, l)| !repeated.contains(l));
        }
    }
    let mut text = String::new();
    let mut places = Vec::new();
    for (p, page) in lines.iter().enumerate() {
        let page: Vec<&(usize, String)> = page.iter().filter(|(_, l)| !page_number(l)).collect();
        let widest = page
            .iter()
            .map(|(_, l)| l.chars().count())
            .max()
            .unwrap_or(0);
        let long = |l: &str| l.chars().count() * 10 >= widest * 8;
        let mut prev: Option<&str> = None;
        // the lines above the first full line of the first page: a title the layout broke
        // (东湖区人民政府关于2023年度法治政府建设情况 / 的报告) is joined whatever its length
        let mut head = p == 0;
        for (n, line) in page {
            head &= !long(line) && !starts_item(line);
            let joins = prev.is_some_and(|prev| {
                !ends_paragraph(prev) && (long(prev) || head) && !starts_item(line)
            }) && !text.is_empty();
            if joins {
                // the paragraph goes on: drop its line break
                text.pop();
            }
            if text.len() + line.len() + 1 > max_text {
                return Err(ReadError::TooLarge {
                    what: format!("从 {what} 提取的文字超过 {} MB", max_text / (1024 * 1024)),
                });
            }
            let start = text.len();
            text.push_str(line);
            places.push(Place {
                span: Span::new(start, text.len()),
                label: format!("第 {} 页第 {n} 行", p + 1),
            });
            text.push('\n');
            prev = Some(line);
        }
    }
    let len = text.len();
    let mut document = Document::from_parts(Parts {
        path: path.to_string(),
        syntax: Syntax::PlainText,
        text,
        to_file: identity(len),
        source: None,
        outline: Vec::new(),
        suppressions: Vec::new(),
    });
    document.set_places(places, len);
    Ok(document)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cleaning_undoes_what_the_layout_did() {
        assert_eq!(clean("东 湖 区⼈⺠政府 2023 年 "), "东湖区人民政府 2023 年");
        assert_eq!(clean("Word  count"), "Word  count");
        assert_eq!(
            clean("治 思 想 , 全 面 落 实 《 纲 要 》 2021 年"),
            "治思想,全面落实《纲要》2021年"
        );
        assert_eq!(clean("全 面 落 实 a b 计 划"), "全面落实a b计划");
        for n in ["3", "- 3 -", "—12—", "第 3 页", "第3页 共12页"] {
            assert!(page_number(n), "{n}");
        }
        for n in ["第三部分", "2023年", "一、主要举措", "第一责任人职责"] {
            assert!(!page_number(n), "{n}");
        }
        assert!(starts_item("一、主要举措") && starts_item("（二）加强") && starts_item("3. 完善"));
        assert!(!starts_item("与经济社会发展同安排"));
    }

    #[test]
    fn not_a_pdf_is_an_error_not_a_panic() {
        for bytes in [
            &b""[..],
            b"%PDF-1.7\n",
            b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n",
            b"garbage",
        ] {
            assert!(read("a.pdf", bytes, 1 << 20).is_err());
        }
    }
}
