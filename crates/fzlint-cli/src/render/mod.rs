//! Renderers: each turns the same run results into one output format.

pub mod concise;
pub mod github;
pub mod html;
pub mod human;
pub mod json;
pub mod junit;
pub mod sarif;

use fzlint_core::{Diagnostic, Document, Severity};

/// Text from documents, file names and packs as a terminal may show it: control characters
/// (ESC, BEL, C1), bidi overrides and other invisible format characters become a visible
/// `<U+001B>`, so a document cannot move the cursor, change colours, set the title or reorder
/// what the reader sees. Newlines and tabs are kept. JSON and SARIF keep the exact text.
pub fn visible(s: &str) -> std::borrow::Cow<'_, str> {
    fn hidden(c: char) -> bool {
        (c.is_control() && c != '\n' && c != '\t')
            || matches!(c, '\u{200e}' | '\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' | '\u{061c}')
    }
    if !s.chars().any(hidden) {
        return std::borrow::Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 16);
    for c in s.chars() {
        if hidden(c) {
            out.push_str(&format!("<U+{:04X}>", c as u32));
        } else {
            out.push(c);
        }
    }
    std::borrow::Cow::Owned(out)
}

/// A finding on one line, `path:line:column: severity[rule] message` (concise output, and
/// the human output's fallback), with control characters made visible.
pub fn one_line(path: &str, d: &Diagnostic) -> String {
    // a .docx finding also says where a Word user finds it, after the message
    let place = d
        .place
        .as_ref()
        .map(|p| format!("（{}）", visible(p)))
        .unwrap_or_default();
    format!(
        "{}:{}:{}: {}[{}] {}{place}\n",
        visible(path),
        d.start.line,
        d.start.column,
        d.severity,
        d.rule,
        visible(&d.message)
    )
}

/// What happened to one file.
pub struct FileResult {
    pub path: String,
    pub outcome: Result<Checked, String>,
}

pub struct Checked {
    pub document: Document,
    pub diagnostics: Vec<Diagnostic>,
    /// The parts the report must have and how it has them (for the HTML report; empty
    /// otherwise, and for documents that are not such reports).
    pub parts: Vec<(String, fzlint_core::PartStatus)>,
}

/// What a worker thread made of one file, for the formats whose output for a file depends on
/// that file alone: the calling thread then only writes.
pub enum Rendered {
    /// Standard output and standard error text (human, concise, GitHub).
    Text(String, String),
    /// The file's row and part of the HTML page.
    Html(Box<html::FilePart>),
    /// The file's JSON items.
    Json(Vec<String>),
}

/// Renders a file in a worker thread, for the formats that can (see [`Rendered`]).
pub fn render_in_worker(
    format: crate::args::Format,
    style: &human::Style,
    r: &FileResult,
) -> Option<Rendered> {
    use crate::args::Format;
    match format {
        Format::Human | Format::Concise | Format::Github => {
            let per_file = PerFile {
                format,
                style,
                summary_line: false,
            };
            let (o, e) = per_file.render_file(r);
            Some(Rendered::Text(o, e))
        }
        Format::Html => Some(Rendered::Html(Box::new(html::FilePart::of(r)))),
        Format::Json => Some(Rendered::Json(json::items(r))),
        _ => None,
    }
}

/// One output format. Files arrive in order; a reporter writes its part of the output as
/// each file is done (so no run holds its documents to the end) and closes it at the end.
/// What a file's output needs of that file alone may be made beforehand in the worker
/// threads ([`render_in_worker`]), leaving the calling thread only the writing.
pub trait Reporter {
    /// What comes before the first file (SARIF's tool and rules).
    fn start(&mut self, _out: &mut String) {}
    /// One finished file; `rendered` is what a worker made of it, if it did.
    fn file(
        &mut self,
        r: &FileResult,
        rendered: Option<Rendered>,
        out: &mut String,
        err: &mut String,
    );
    /// After the last file: the closing part (the summary line, JSON's totals, …).
    fn finish(&mut self, summary: &Summary, out: &mut String);
}

/// Human, concise and GitHub output: each file's text on its own, then a summary line.
pub struct PerFile<'s> {
    pub format: crate::args::Format,
    pub style: &'s human::Style,
    /// Print the summary line at the end (human and concise, unless --quiet).
    pub summary_line: bool,
}

impl PerFile<'_> {
    /// A file's output on its own, `(stdout, stderr)`.
    pub fn render_file(&self, r: &FileResult) -> (String, String) {
        use crate::args::Format;
        let (mut o, mut e) = (String::new(), String::new());
        let one = std::slice::from_ref(r);
        match self.format {
            Format::Human => human::render_files(one, self.style, &mut o, &mut e),
            Format::Concise => concise::render(one, &mut o, &mut e),
            Format::Github => o = github::render(one),
            _ => {}
        }
        (o, e)
    }
}

impl Reporter for PerFile<'_> {
    fn file(
        &mut self,
        r: &FileResult,
        rendered: Option<Rendered>,
        out: &mut String,
        err: &mut String,
    ) {
        let (o, e) = match rendered {
            Some(Rendered::Text(o, e)) => (o, e),
            _ => self.render_file(r),
        };
        out.push_str(&o);
        err.push_str(&e);
    }

    fn finish(&mut self, summary: &Summary, out: &mut String) {
        if self.summary_line {
            out.push_str(&human::summary_line(summary));
        }
    }
}

impl Reporter for json::JsonStream {
    fn file(
        &mut self,
        r: &FileResult,
        rendered: Option<Rendered>,
        out: &mut String,
        _: &mut String,
    ) {
        match rendered {
            Some(Rendered::Json(items)) => self.add(r, items, out),
            _ => json::JsonStream::file(self, r, out),
        }
    }

    fn finish(&mut self, summary: &Summary, out: &mut String) {
        std::mem::take(self).finish(summary, out);
    }
}

impl Reporter for sarif::Stream<'_> {
    fn file(&mut self, r: &FileResult, _: Option<Rendered>, out: &mut String, _: &mut String) {
        sarif::Stream::file(self, r, out);
    }

    fn finish(&mut self, _: &Summary, out: &mut String) {
        self.close(out);
    }
}

/// JUnit: one test case per file, written at the end.
pub struct Junit {
    pub collector: junit::Collector,
    pub fail_on: Severity,
}

impl Reporter for Junit {
    fn file(&mut self, r: &FileResult, _: Option<Rendered>, _: &mut String, _: &mut String) {
        self.collector.file(r, self.fail_on);
    }

    fn finish(&mut self, _: &Summary, out: &mut String) {
        std::mem::take(&mut self.collector).finish(out);
    }
}

impl Reporter for html::HtmlReport {
    fn start(&mut self, out: &mut String) {
        self.head(out);
    }

    fn file(
        &mut self,
        r: &FileResult,
        rendered: Option<Rendered>,
        out: &mut String,
        _: &mut String,
    ) {
        let part = match rendered {
            Some(Rendered::Html(part)) => *part,
            _ => html::FilePart::of(r),
        };
        self.add(part, out);
    }

    fn finish(&mut self, summary: &Summary, out: &mut String) {
        std::mem::take(self).finish(summary, out);
    }
}

/// Counts over a run.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Summary {
    pub files: usize,
    pub failed: usize,
    /// 严重表述错误, counted apart from (and not among) the errors.
    pub serious: usize,
    pub errors: usize,
    pub warnings: usize,
    pub infos: usize,
    /// Characters of the documents read.
    pub characters: usize,
}

impl Summary {
    /// 差错率: errors and warnings per 10,000 characters (a publisher's error rate counts
    /// faults per 10,000 characters; advice is not a fault). `None` when nothing was read.
    pub fn error_rate(&self) -> Option<f64> {
        (self.characters > 0).then(|| {
            (self.serious + self.errors + self.warnings) as f64 * 10_000.0 / self.characters as f64
        })
    }

    pub fn of(results: &[FileResult]) -> Summary {
        let mut s = Summary::default();
        for r in results {
            s.add(r);
        }
        s
    }

    /// Counts one more file.
    pub fn add(&mut self, r: &FileResult) {
        self.files += 1;
        match &r.outcome {
            Err(_) => self.failed += 1,
            Ok(c) => {
                self.characters += c.document.text().chars().count();
                for d in &c.diagnostics {
                    match d.severity {
                        Severity::Serious => self.serious += 1,
                        Severity::Error => self.errors += 1,
                        Severity::Warning => self.warnings += 1,
                        Severity::Info => self.infos += 1,
                    }
                }
            }
        }
    }
}

/// `--statistics`: findings per rule and per file, counted as the files come.
#[derive(Default)]
pub struct Statistics {
    by_rule: std::collections::BTreeMap<std::sync::Arc<str>, usize>,
    by_file: Vec<(String, usize)>,
}

impl Statistics {
    pub fn add(&mut self, r: &FileResult) {
        if let Ok(c) = &r.outcome {
            for d in &c.diagnostics {
                *self.by_rule.entry(d.rule.clone()).or_default() += 1;
            }
            if !c.diagnostics.is_empty() {
                self.by_file.push((r.path.clone(), c.diagnostics.len()));
            }
        }
    }

    /// Most first.
    pub fn render(&self) -> String {
        let by_file: Vec<(&str, usize)> =
            self.by_file.iter().map(|(p, n)| (p.as_str(), *n)).collect();
        let by_rule = self.by_rule.iter().map(|(r, n)| (&**r, *n)).collect();
        table(by_rule, by_file)
    }
}

fn table(by_rule: Vec<(&str, usize)>, mut by_file: Vec<(&str, usize)>) -> String {
    let mut rules = by_rule;
    rules.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
    by_file.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
    let mut out = String::from("按规则 / by rule:\n");
    for (rule, n) in rules {
        out.push_str(&format!("{n:>6}  {rule}\n"));
    }
    out.push_str("按文件 / by file:\n");
    for (file, n) in by_file {
        out.push_str(&format!("{n:>6}  {file}\n"));
    }
    out
}
