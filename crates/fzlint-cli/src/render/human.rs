//! Human output: compiler-style diagnostics rendered by miette.
//!
//! miette is handed an *excerpt* of the line around the finding (reports have paragraphs of
//! 2,000 characters on one line) with the real line number and our character column, so the
//! `file:line:column` header is right for Chinese text and the underline sits under the span.

use super::{one_line, visible, FileResult, Summary};
use fzlint_core::{Diagnostic, Document, Severity};
use miette::{
    GraphicalReportHandler, GraphicalTheme, LabeledSpan, MietteError, MietteSpanContents,
    SourceCode, SourceSpan, SpanContents,
};
use std::fmt;

/// Longest underline, in terminal columns; a finding about a whole long sentence is cut.
const MAX_SPAN_COLUMNS: usize = 40;
/// Context kept on each side however long the finding, in columns.
const MIN_CONTEXT_COLUMNS: usize = 8;
/// Narrowest layout: below it the excerpt would show too little to read.
const MIN_WIDTH: usize = 40;
/// Where a line is cut: ASCII, since `…` is East Asian ambiguous and two columns wide in
/// some terminals, which would push the underline off its characters.
const CUT: &str = "...";

/// Terminal columns of `s`. East Asian ambiguous characters (“ ” … —) count one, as current
/// terminals show them and as miette measures them, so the underline and the text agree.
fn columns(s: &str) -> usize {
    use unicode_width::UnicodeWidthChar;
    s.chars().map(|c| c.width().unwrap_or(0)).sum()
}

/// Bytes of the longest prefix of the characters of `it` that fit in `budget` columns.
fn fit(it: impl Iterator<Item = char>, budget: usize) -> usize {
    use unicode_width::UnicodeWidthChar;
    let (mut used, mut bytes) = (0, 0);
    for c in it {
        let w = c.width().unwrap_or(0);
        if used + w > budget {
            break;
        }
        used += w;
        bytes += c.len_utf8();
    }
    bytes
}

pub struct Style {
    /// Unicode box drawing and colours (a terminal without NO_COLOR), else plain ASCII.
    pub graphical: bool,
    /// Terminal columns the output is laid out for (80 when not known).
    pub width: usize,
}

/// The slice of one line that miette shows, with the real line number and column.
struct Excerpt {
    name: String,
    text: String,
    line: usize,
    column: usize,
}

impl SourceCode for Excerpt {
    fn read_span<'a>(
        &'a self,
        _span: &SourceSpan,
        _before: usize,
        _after: usize,
    ) -> Result<Box<dyn SpanContents<'a> + 'a>, MietteError> {
        Ok(Box::new(MietteSpanContents::new_named(
            self.name.clone(),
            self.text.as_bytes(),
            SourceSpan::from(0..self.text.len()),
            self.line,
            self.column,
            1,
        )))
    }
}

/// One diagnostic as miette sees it.
struct Shown<'a> {
    diagnostic: &'a Diagnostic,
    excerpt: Excerpt,
    label: SourceSpan,
    /// Related places inside the excerpt, labelled (分子:合格).
    secondary: Vec<LabeledSpan>,
    help: Option<String>,
}

impl fmt::Display for Shown<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&visible(&self.diagnostic.message))
    }
}

impl fmt::Debug for Shown<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(self.diagnostic, f)
    }
}

impl std::error::Error for Shown<'_> {}

impl miette::Diagnostic for Shown<'_> {
    fn code<'b>(&'b self) -> Option<Box<dyn fmt::Display + 'b>> {
        Some(Box::new(format!(
            "{}[{}]",
            self.diagnostic.severity, self.diagnostic.rule
        )))
    }

    fn severity(&self) -> Option<miette::Severity> {
        Some(match self.diagnostic.severity {
            Severity::Serious | Severity::Error => miette::Severity::Error,
            Severity::Warning => miette::Severity::Warning,
            Severity::Info => miette::Severity::Advice,
        })
    }

    fn help<'b>(&'b self) -> Option<Box<dyn fmt::Display + 'b>> {
        self.help
            .as_ref()
            .map(|h| Box::new(h) as Box<dyn fmt::Display>)
    }

    fn source_code(&self) -> Option<&dyn SourceCode> {
        Some(&self.excerpt)
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        Some(Box::new(
            std::iter::once(LabeledSpan::new_primary_with_span(None, self.label))
                .chain(self.secondary.iter().cloned()),
        ))
    }
}

/// Cuts the finding's line to what fits the terminal beside miette's gutter, around the span,
/// marking cuts with `...`. Widths are terminal columns (a Han character takes two).
/// Related places that fall inside the excerpt are labelled in it; the others are named in
/// the help.
fn excerpt(
    path: &str,
    doc: &Document,
    d: &Diagnostic,
    width: usize,
) -> (Excerpt, SourceSpan, Vec<LabeledSpan>) {
    let text = doc.text();
    let line = doc.lines().line_of(d.span.start);
    let ls = doc.lines().line_span(text, line);
    let start = d.span.start.clamp(ls.start, ls.end);
    // miette's gutter: indent, the line number, " │ ", and a column to spare
    let gutter = 2 + d.start.line.to_string().len() + 3 + 1;
    let budget = width.max(MIN_WIDTH) - gutter - 2 * CUT.len();
    // A span running over several lines is shown on its first line.
    let end = d.span.end.clamp(start, ls.end);
    let end = start + fit(text[start..end].chars(), MAX_SPAN_COLUMNS.min(budget / 2));
    let context = budget.saturating_sub(columns(&text[start..end]));
    // half the rest on each side; what one side cannot use (the line starts or ends) goes
    // to the other
    let before_cols = columns(&text[ls.start..start]);
    let after_cols = columns(&text[end..ls.end]);
    let half = (context / 2).max(MIN_CONTEXT_COLUMNS);
    let (back_cols, ahead_cols) = if before_cols < half {
        (before_cols, context - before_cols)
    } else if after_cols < half {
        (context.saturating_sub(after_cols), after_cols)
    } else {
        (half, context - half)
    };
    let back = fit(text[ls.start..start].chars().rev(), back_cols);
    let ahead = fit(text[end..ls.end].chars(), ahead_cols);
    let (left, right) = (start - back, end + ahead);
    let mut shown = String::new();
    if left > ls.start {
        shown.push_str(CUT);
    }
    // what the terminal gets: tabs as spaces (a tab would push the underline out of place),
    // control characters made visible; offsets are measured in the shown text
    let show = |s: &str| visible(s).replace('\t', " ");
    let offset = |at: usize| shown.len() + show(&text[left..at]).len();
    let label_start = offset(start);
    let label_len = show(&text[start..end]).len();
    let secondary = d
        .related
        .iter()
        .filter(|r| r.span.start >= left && r.span.end <= right && r.span.end > r.span.start)
        .map(|r| {
            let at = offset(r.span.start);
            LabeledSpan::new_with_span(
                Some(visible(&r.label).into_owned()),
                at..at + show(&text[r.span.range()]).len(),
            )
        })
        .collect();
    shown.push_str(&show(&text[left..right]));
    if right < ls.end {
        shown.push_str(CUT);
    }
    (
        Excerpt {
            name: visible(path).into_owned(),
            text: shown,
            // the reported line: in the page source for HTML, the paragraph for .docx
            line: d.start.line - 1,
            column: d.start.column - 1,
        },
        SourceSpan::from(label_start..label_start + label_len),
        secondary,
    )
}

fn help_text(d: &Diagnostic, shown_in_excerpt: usize) -> Option<String> {
    let mut lines: Vec<String> = d.help.iter().cloned().collect();
    if let Some(p) = &d.place {
        lines.insert(0, format!("位置：{p}"));
    }
    if shown_in_excerpt < d.related.len() {
        let places: Vec<String> = d
            .related
            .iter()
            .map(|r| {
                format!(
                    "{}:{}“{}”({})",
                    r.start.line, r.start.column, r.text, r.label
                )
            })
            .collect();
        lines.push(format!("相关位置：{}", places.join("，")));
    }
    if let Some(s) = &d.source {
        lines.push(format!("依据：{s}"));
    }
    (!lines.is_empty()).then(|| visible(&lines.join("\n")).into_owned())
}

/// Renders the findings of these files, without the summary line.
pub fn render_files(results: &[FileResult], style: &Style, out: &mut String, err: &mut String) {
    let theme = if style.graphical {
        GraphicalTheme::unicode()
    } else {
        GraphicalTheme::none()
    };
    let handler = GraphicalReportHandler::new_themed(theme)
        .with_width(style.width.max(MIN_WIDTH))
        .with_links(false);
    for r in results {
        match &r.outcome {
            Ok(c) => {
                // 严重表述错误 first, then the rest in order of position
                let serious = c
                    .diagnostics
                    .iter()
                    .filter(|d| d.severity == Severity::Serious);
                let rest = c
                    .diagnostics
                    .iter()
                    .filter(|d| d.severity != Severity::Serious);
                for d in serious.chain(rest) {
                    let (excerpt, label, secondary) = excerpt(&r.path, &c.document, d, style.width);
                    let help = help_text(d, secondary.len());
                    let shown = Shown {
                        diagnostic: d,
                        excerpt,
                        label,
                        secondary,
                        help,
                    };
                    // Rendering into a String cannot fail but for a bug in the handler; a
                    // finding must not be lost over it, so fall back to one plain line.
                    if handler.render_report(out, &shown).is_err() {
                        out.push_str(&one_line(&r.path, d));
                    }
                    out.push('\n');
                }
            }
            Err(e) => err.push_str(&format!("error: {}: {}\n", visible(&r.path), visible(e))),
        }
    }
}

pub fn summary_line(s: &Summary) -> String {
    let mut line = format!("检查了 {} 个文件", s.files);
    if s.failed > 0 {
        line.push_str(&format!("（{} 个无法读取）", s.failed));
    }
    if s.serious + s.errors + s.warnings + s.infos == 0 {
        line.push_str("，没有发现问题。\n");
    } else {
        line.push('：');
        if s.serious > 0 {
            line.push_str(&format!("{} 处严重表述错误，", s.serious));
        }
        line.push_str(&format!(
            "{} 个错误，{} 个警告，{} 条提示",
            s.errors, s.warnings, s.infos
        ));
        if let Some(rate) = s.error_rate() {
            line.push_str(&format!("；差错率 {rate:.1} 处/万字"));
        }
        line.push_str("。\n");
    }
    line
}
