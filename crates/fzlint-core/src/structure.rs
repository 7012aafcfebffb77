//! Structure of a report: title, headings with their 公文 level, paragraphs and sentences.
//!
//! GB/T 9704-2012 numbers headings 一、 → （一） → 1. → （1）; Markdown adds `#` headings. A
//! numbered line that goes on after its first 。 is a run-in heading ("1.认真学习。一是…"): the
//! heading is the part up to the 。, and the line is also a paragraph.

use crate::document::Syntax;
use crate::span::{LineIndex, Span};
use regex::Regex;
use std::sync::LazyLock;

#[derive(Debug, Clone, Default)]
pub struct Structure {
    /// The document's title line, if one could be told apart from the body.
    pub title: Option<Span>,
    pub headings: Vec<Heading>,
    /// Paragraphs in order; standalone heading lines are not paragraphs.
    pub paragraphs: Vec<Span>,
    /// Sentences in order, inside paragraphs and headings.
    pub sentences: Vec<Span>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Heading {
    /// 1 = 一、 (or the top `#` level below the title), 2 = （一）, 3 = 1., 4 = （1）.
    pub level: u8,
    pub numbering: Option<Numbering>,
    /// The whole heading, marker included (for a run-in heading, up to its first 。).
    pub span: Span,
    /// The heading's words, without marker or Markdown `#`.
    pub title: Span,
    /// True when the heading line goes on with body text.
    pub run_in: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Numbering {
    pub style: NumberingStyle,
    /// The ordinal: 三 → 3.
    pub value: u32,
    /// The marker itself, e.g. `（三）`.
    pub span: Span,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NumberingStyle {
    /// 一、
    HanComma,
    /// （一）
    HanParen,
    /// 1. or 1．
    ArabicDot,
    /// 1、 (common, but GB/T 9704 wants 1.)
    ArabicComma,
    /// （1）
    ArabicParen,
}

impl NumberingStyle {
    pub fn level(self) -> u8 {
        match self {
            NumberingStyle::HanComma => 1,
            NumberingStyle::HanParen => 2,
            NumberingStyle::ArabicDot | NumberingStyle::ArabicComma => 3,
            NumberingStyle::ArabicParen => 4,
        }
    }
}

static NUMBERING: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"^(?:(?P<hc>[一二三四五六七八九十]{1,3})、|[（(](?P<hp>[一二三四五六七八九十]{1,3})[)）]|(?P<ad>\d{1,3})(?P<adsep>[.．、])|[（(](?P<ap>\d{1,3})[)）])",
    )
    .expect("numbering regex")
});

/// Characters that end a sentence, and closers that stay with the sentence they end.
const TERMINATORS: &[char] = &['。', '！', '？', '；', '!', '?', ';'];
const CLOSERS: &[char] = &['”', '’', '）', ')', '》', '」', '』', '"'];

pub fn is_blank(c: char) -> bool {
    c.is_whitespace() || c == '\u{3000}' || c == '\u{feff}'
}

/// `span` without leading and trailing whitespace (full-width spaces included).
pub fn trim(text: &str, span: Span) -> Span {
    let s = &text[span.range()];
    let start = span.start + (s.len() - s.trim_start_matches(is_blank).len());
    let end = span.start + s.trim_end_matches(is_blank).len();
    Span::new(start, end.max(start))
}

/// The span in sorted, non-overlapping `spans` that contains `offset`.
pub fn containing(spans: &[Span], offset: usize) -> Option<Span> {
    let i = spans.partition_point(|s| s.end <= offset);
    spans.get(i).copied().filter(|s| s.start <= offset)
}

/// Value of a Chinese ordinal from 一 to 九十九.
pub fn han_ordinal(s: &str) -> Option<u32> {
    let digit = |c: char| "一二三四五六七八九".find(c).map(|i| i as u32 / 3 + 1);
    let chars: Vec<char> = s.chars().collect();
    match chars.as_slice() {
        ['十'] => Some(10),
        [d] => digit(*d),
        ['十', u] => Some(10 + digit(*u)?),
        [t, '十'] => Some(digit(*t)? * 10),
        [t, '十', u] => Some(digit(*t)? * 10 + digit(*u)?),
        _ => None,
    }
}

/// The 公文 numbering at the start of `line` (already trimmed), if any.
fn numbering_at(text: &str, line: Span) -> Option<Numbering> {
    let s = &text[line.range()];
    let caps = NUMBERING.captures(s)?;
    let whole = caps.get(0)?;
    let (style, value) = if let Some(m) = caps.name("hc") {
        (NumberingStyle::HanComma, han_ordinal(m.as_str())?)
    } else if let Some(m) = caps.name("hp") {
        (NumberingStyle::HanParen, han_ordinal(m.as_str())?)
    } else if let Some(m) = caps.name("ad") {
        // "1.5万件" is a number, not a heading.
        if s[whole.end()..].starts_with(|c: char| c.is_ascii_digit()) {
            return None;
        }
        let style = if &caps["adsep"] == "、" {
            NumberingStyle::ArabicComma
        } else {
            NumberingStyle::ArabicDot
        };
        (style, m.as_str().parse().ok()?)
    } else {
        let m = caps.name("ap")?;
        (NumberingStyle::ArabicParen, m.as_str().parse().ok()?)
    };
    Some(Numbering {
        style,
        value,
        span: Span::new(line.start + whole.start(), line.start + whole.end()),
    })
}

/// Splits `span` into sentences, pushing them to `out`.
fn split_sentences(text: &str, span: Span, out: &mut Vec<Span>) {
    let s = &text[span.range()];
    let mut start = 0;
    let mut chars = s.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        if TERMINATORS.contains(&c) {
            let mut end = i + c.len_utf8();
            while let Some(&(j, n)) = chars.peek() {
                if CLOSERS.contains(&n) {
                    end = j + n.len_utf8();
                    chars.next();
                } else {
                    break;
                }
            }
            push_trimmed(text, Span::new(span.start + start, span.start + end), out);
            start = end;
        }
    }
    push_trimmed(text, Span::new(span.start + start, span.end), out);
}

fn push_trimmed(text: &str, span: Span, out: &mut Vec<Span>) {
    let t = trim(text, span);
    if !t.is_empty() {
        out.push(t);
    }
}

/// Finds title, headings, paragraphs and sentences. `outline` names lines that the file's
/// own markup makes headings (line, level; level 0 is the title), such as Word's heading
/// styles; numbering in the text still decides the level when there is one.
pub fn analyze(
    text: &str,
    lines: &LineIndex,
    syntax: Syntax,
    outline: &[(usize, u8)],
) -> Structure {
    let mut st = Structure::default();
    let mut in_fence = false;
    // Markdown paragraphs run over several lines until a blank line.
    let mut open_paragraph: Option<Span> = None;
    let mut md_depths: Vec<u8> = Vec::new();
    let mut blocks: Vec<Span> = Vec::new(); // paragraphs and headings, for sentence splitting

    let flush = |open: &mut Option<Span>, st: &mut Structure, blocks: &mut Vec<Span>| {
        if let Some(p) = open.take() {
            st.paragraphs.push(p);
            blocks.push(p);
        }
    };

    for l in 0..lines.line_count() {
        let line = trim(text, lines.line_span(text, l));
        let s = &text[line.range()];
        if syntax == Syntax::Markdown && (s.starts_with("```") || s.starts_with("~~~")) {
            flush(&mut open_paragraph, &mut st, &mut blocks);
            in_fence = !in_fence;
            continue;
        }
        if in_fence {
            continue;
        }
        if line.is_empty() {
            flush(&mut open_paragraph, &mut st, &mut blocks);
            continue;
        }

        let md_depth = (syntax == Syntax::Markdown)
            .then(|| {
                let hashes = s.bytes().take_while(|&b| b == b'#').count();
                let rest = &s[hashes..];
                ((1..=6).contains(&hashes) && (rest.is_empty() || rest.starts_with([' ', '\t'])))
                    .then_some(hashes as u8)
            })
            .flatten();

        let content = match md_depth {
            Some(d) => trim(text, Span::new(line.start + d as usize, line.end)),
            None => line,
        };
        let numbering = numbering_at(text, content);
        let hinted = outline
            .iter()
            .find(|(line_no, _)| *line_no == l)
            .map(|(_, lv)| *lv);
        if hinted == Some(0) && st.title.is_none() {
            flush(&mut open_paragraph, &mut st, &mut blocks);
            st.title = Some(content);
            blocks.push(line);
            continue;
        }
        if md_depth.is_none() && numbering.is_none() && hinted.is_none() {
            match (&mut open_paragraph, syntax) {
                (Some(p), Syntax::Markdown) => p.end = line.end,
                _ => {
                    flush(&mut open_paragraph, &mut st, &mut blocks);
                    open_paragraph = Some(line);
                }
            }
            continue;
        }

        flush(&mut open_paragraph, &mut st, &mut blocks);
        let title_start = numbering.map_or(content.start, |n| n.span.end);
        // A heading ends at its first 。; what follows on the line is body text.
        let (title_end, run_in) = match text[title_start..line.end].find('。') {
            Some(i) if title_start + i + '。'.len_utf8() < line.end => {
                (title_start + i + '。'.len_utf8(), true)
            }
            _ => (line.end, false),
        };
        let title = trim(text, Span::new(title_start, title_end));
        let level = match (numbering, md_depth, hinted) {
            (Some(n), _, _) => n.style.level(),
            (None, Some(d), _) => {
                md_depths.push(d);
                d
            }
            (None, None, Some(h)) => h,
            (None, None, None) => unreachable!("handled above"),
        };
        st.headings.push(Heading {
            level,
            numbering,
            span: Span::new(line.start, title_end),
            title,
            run_in,
        });
        if run_in {
            st.paragraphs.push(line);
        }
        blocks.push(line);
    }
    flush(&mut open_paragraph, &mut st, &mut blocks);

    if st.title.is_none() {
        find_title(text, lines, syntax, &mut st, &md_depths);
    }
    for b in blocks {
        split_sentences(text, b, &mut st.sentences);
    }
    st.sentences.sort();
    st.paragraphs.sort();
    st
}

/// Decides the title. In Markdown, a single `#` heading that comes first is the title and the
/// levels below it move up one. Otherwise the title is a short line before the first heading
/// that does not read as a sentence or a salutation (市人民政府:).
fn find_title(text: &str, lines: &LineIndex, syntax: Syntax, st: &mut Structure, md_depths: &[u8]) {
    if syntax == Syntax::Markdown && md_depths.iter().filter(|&&d| d == 1).count() == 1 {
        if let Some(first) = st.headings.first() {
            if first.numbering.is_none() && first.level == 1 {
                st.title = Some(first.title);
                st.headings.remove(0);
                for h in st.headings.iter_mut().filter(|h| h.numbering.is_none()) {
                    h.level = h.level.saturating_sub(1).max(1);
                }
                return;
            }
        }
    }
    let first_heading = st.headings.first().map_or(text.len(), |h| h.span.start);
    st.title = (0..lines.line_count())
        .map(|l| trim(text, lines.line_span(text, l)))
        .filter(|s| !s.is_empty() && s.start < first_heading)
        .take(5)
        .find(|s| {
            let t = text[s.range()].trim_start_matches('#').trim();
            let n = t.chars().count();
            (4..=60).contains(&n) && !t.ends_with(['。', ':', '：', ';', '；', '，', ','])
        })
        .map(|s| {
            let t = text[s.range()].trim_start_matches('#');
            trim(text, Span::new(s.end - t.len(), s.end))
        });
}

#[cfg(test)]
mod tests {
    use super::*;

    fn analyze_str(text: &str, syntax: Syntax) -> Structure {
        analyze(text, &LineIndex::new(text), syntax, &[])
    }

    fn headings(text: &str, syntax: Syntax) -> Vec<(u8, String, bool)> {
        analyze_str(text, syntax)
            .headings
            .iter()
            .map(|h| (h.level, text[h.title.range()].to_string(), h.run_in))
            .collect()
    }

    #[test]
    fn gongwen_levels_and_run_in_headings() {
        let text = "关于2022年度法治政府建设情况的报告\n\n一、主要举措和成效\n（一）加强领导\n1.认真学习。一是学。二是用。\n(2)完善制度\n2、压实责任\n二、存在的不足和原因\n";
        let h = headings(text, Syntax::PlainText);
        assert_eq!(
            h,
            vec![
                (1, "主要举措和成效".into(), false),
                (2, "加强领导".into(), false),
                (3, "认真学习。".into(), true),
                (4, "完善制度".into(), false),
                (3, "压实责任".into(), false),
                (1, "存在的不足和原因".into(), false),
            ]
        );
        let st = analyze_str(text, Syntax::PlainText);
        assert_eq!(
            &text[st.title.unwrap().range()],
            "关于2022年度法治政府建设情况的报告"
        );
        // the run-in heading line is also a paragraph, split into three sentences
        let p = st.paragraphs[1]; // [0] is the title line
        assert_eq!(&text[p.range()], "1.认真学习。一是学。二是用。");
        let in_p: Vec<&str> = st
            .sentences
            .iter()
            .filter(|s| p.contains(**s))
            .map(|s| &text[s.range()])
            .collect();
        assert_eq!(in_p, ["1.认真学习。", "一是学。", "二是用。"]);
    }

    #[test]
    fn numbers_are_not_headings() {
        let text = "1.5万件案件办结。\n2022年工作\n十一、其他\n";
        let h = headings(text, Syntax::PlainText);
        assert_eq!(h, vec![(1, "其他".into(), false)]);
    }

    #[test]
    fn markdown_title_and_levels() {
        let text = "# 某区2023年法治政府建设情况报告\n\n## 一、主要举措和成效\n\n正文第一行\n正文第二行。\n\n## 下一步安排\n\n```\n## 不是标题\n```\n";
        let st = analyze_str(text, Syntax::Markdown);
        assert_eq!(
            &text[st.title.unwrap().range()],
            "某区2023年法治政府建设情况报告"
        );
        let h = headings(text, Syntax::Markdown);
        assert_eq!(
            h,
            vec![
                (1, "主要举措和成效".into(), false),
                (1, "下一步安排".into(), false)
            ]
        );
        assert_eq!(st.paragraphs.len(), 1);
        assert_eq!(&text[st.paragraphs[0].range()], "正文第一行\n正文第二行。");
    }

    #[test]
    fn title_skips_breadcrumbs_and_salutations() {
        let text =
            "当前位置:\n天津市某区人民政府关于2021年法治政府建设情况报告\n市人民政府：\n一、工作\n";
        let st = analyze_str(text, Syntax::PlainText);
        assert_eq!(
            &text[st.title.unwrap().range()],
            "天津市某区人民政府关于2021年法治政府建设情况报告"
        );
    }

    #[test]
    fn sentences_keep_closing_quotes_and_full_width_space_is_blank() {
        let text = "\u{3000}\u{3000}他说：“好。”然后走了！最后";
        let st = analyze_str(text, Syntax::PlainText);
        let s: Vec<&str> = st.sentences.iter().map(|s| &text[s.range()]).collect();
        assert_eq!(s, ["他说：“好。”", "然后走了！", "最后"]);
        assert_eq!(
            containing(&st.sentences, text.find("走").unwrap()),
            Some(st.sentences[1])
        );
    }

    #[test]
    fn han_ordinals() {
        assert_eq!(han_ordinal("三"), Some(3));
        assert_eq!(han_ordinal("十"), Some(10));
        assert_eq!(han_ordinal("十二"), Some(12));
        assert_eq!(han_ordinal("二十"), Some(20));
        assert_eq!(han_ordinal("九十九"), Some(99));
        assert_eq!(han_ordinal("十十"), None);
    }
}
