//! `--format html`: one self-contained page for an office that reviews one report or fifty —
//! an overview (counts, the error rate, findings by rule group as an inline SVG chart, the
//! matrix of reports × required parts, a sortable table of reports with their sign-off
//! date) and, per report, the text with every finding highlighted in place and the findings
//! listed by the report's own sections.
//!
//! Nothing is fetched when the page opens: styles and the small sorting script are inline, a
//! Content-Security-Policy forbids every other source, so it works on an intranet and can be
//! mailed. The page is a minijinja template with auto-escaping; the highlighted text and the
//! chart are built here with every piece of document text escaped. Each report's part is
//! rendered in a worker thread and written as soon as its file is done; the overview, which
//! needs every file, is written last and shown first (CSS order), so a run over thousands of
//! reports holds only their rows.

use super::{FileResult, Summary};
use fzlint_core::{Diagnostic, Document, PartStatus, Severity};
use minijinja::HtmlEscape;
use serde::Serialize;
use std::collections::BTreeMap;
use std::fmt::Write as _;

const TEMPLATE: &str = include_str!("html_report.html");
/// Where the reports' parts go in the rendered template.
const SECTIONS: &str = "<!-- fzlint: reports -->";

/// One report in the overview table and the matrix.
#[derive(Serialize)]
struct Row {
    /// Anchor of the report's part of the page.
    id: String,
    path: String,
    title: String,
    characters: usize,
    serious: usize,
    errors: usize,
    warnings: usize,
    infos: usize,
    rate: Option<String>,
    /// For sorting: the rate as a number (−1 when not known).
    rate_value: f64,
    signed: Option<String>,
    /// 逾期 / 落款在报告年度内, from the deadline rules' findings.
    deadline: Option<String>,
    /// Required part name → status word (absent: the report is not one that has parts).
    parts: BTreeMap<String, &'static str>,
    /// Could not be read: why.
    failed: Option<String>,
}

/// Everything the page needs, gathered as the files come.
#[derive(Default)]
pub struct HtmlReport {
    rows: Vec<Row>,
    /// Required parts in the order first met.
    parts: Vec<String>,
    /// Findings per rule group (pack), for the chart.
    by_group: BTreeMap<String, usize>,
    /// What each rule group is, in the pack's words (its description, up to the first
    /// bracket), for the chart's labels.
    group_names: BTreeMap<String, String>,
}

fn status_word(s: PartStatus) -> &'static str {
    match s {
        PartStatus::Present => "present",
        PartStatus::Subsection => "subsection",
        PartStatus::Mentioned => "mentioned",
        PartStatus::Missing => "missing",
    }
}

fn severity_class(s: Severity) -> &'static str {
    match s {
        Severity::Serious => "serious",
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "info",
    }
}

fn severity_word(s: Severity) -> &'static str {
    match s {
        Severity::Serious => "严重",
        Severity::Error => "错误",
        Severity::Warning => "警告",
        Severity::Info => "提示",
    }
}

/// The report's top-level section an offset is in (“二、存在的不足和原因”), or where it
/// stands before the first one.
fn section_of(doc: &Document, offset: usize) -> String {
    let headings = &doc.structure().headings;
    let top = headings
        .iter()
        .rfind(|h| h.level == 1 && h.span.start <= offset);
    match top {
        Some(h) => doc.slice(h.span).trim().chars().take(30).collect(),
        None => "开头部分".to_string(),
    }
}

/// The document's text, escaped, with each finding's span in `<mark>`s: the text is cut at
/// every finding's start and end, each piece covered by findings is one mark listing them
/// (`data-f`), and a finding without extent gets an empty mark where it stands. What a
/// finding says is in its list entry, which the page shows on hover (not repeated here:
/// two thousand reports would carry it twice).
fn highlighted(doc: &Document, diagnostics: &[Diagnostic], prefix: &str) -> String {
    let text = doc.text();
    let mut cuts: Vec<usize> = vec![0, text.len()];
    for d in diagnostics {
        cuts.push(d.span.start.min(text.len()));
        cuts.push(d.span.end.min(text.len()));
    }
    cuts.sort_unstable();
    cuts.dedup();
    // zero-width findings, by position
    let mut pins: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
    for (i, d) in diagnostics.iter().enumerate() {
        if d.span.start >= d.span.end {
            pins.entry(d.span.start.min(text.len()))
                .or_default()
                .push(i);
        }
    }
    let mut out = String::with_capacity(text.len() + diagnostics.len() * 64);
    // an empty mark where findings without extent stand
    let pin = |out: &mut String, ids: &[usize]| {
        for &i in ids {
            let _ = write!(
                out,
                "<mark class=\"pin {}\" data-f=\"{prefix}-{i}\"></mark>",
                severity_class(diagnostics[i].severity),
            );
        }
    };
    // findings by start, to find those covering a piece without scanning them all
    let mut order: Vec<usize> = (0..diagnostics.len())
        .filter(|&i| diagnostics[i].span.start < diagnostics[i].span.end)
        .collect();
    order.sort_by_key(|&i| diagnostics[i].span.start);
    let mut open: Vec<usize> = Vec::new();
    let mut next = 0;
    for w in cuts.windows(2) {
        let (a, b) = (w[0], w[1]);
        if let Some(ids) = pins.get(&a) {
            pin(&mut out, ids);
        }
        while next < order.len() && diagnostics[order[next]].span.start <= a {
            open.push(order[next]);
            next += 1;
        }
        open.retain(|&i| diagnostics[i].span.end > a);
        let piece = &text[a..b];
        if open.is_empty() {
            let _ = write!(out, "{}", HtmlEscape(piece));
            continue;
        }
        let worst = open
            .iter()
            .map(|&i| diagnostics[i].severity)
            .max()
            .unwrap_or(Severity::Info);
        let ids: Vec<String> = open.iter().map(|i| format!("{prefix}-{i}")).collect();
        // the message, help, source and fix are in the list entry; hovering shows them
        let _ = write!(
            out,
            "<mark class=\"{}\" data-f=\"{}\">{}</mark>",
            severity_class(worst),
            ids.join(" "),
            HtmlEscape(piece)
        );
    }
    if let Some(ids) = pins.get(&text.len()) {
        pin(&mut out, ids);
    }
    out
}

/// The findings of one report, grouped by the report's top-level sections.
fn findings_list(doc: &Document, diagnostics: &[Diagnostic], prefix: &str) -> String {
    let mut groups: Vec<(String, Vec<usize>)> = Vec::new();
    for (i, d) in diagnostics.iter().enumerate() {
        let section = section_of(doc, d.span.start);
        match groups.iter_mut().find(|(s, _)| *s == section) {
            Some((_, v)) => v.push(i),
            None => groups.push((section, vec![i])),
        }
    }
    let mut out = String::new();
    for (section, ids) in groups {
        let _ = write!(
            out,
            "<h4>{}（{} 处）</h4><ol class=\"findings\">",
            HtmlEscape(&section),
            ids.len()
        );
        for i in ids {
            let d = &diagnostics[i];
            let _ = write!(
                out,
                "<li id=\"{prefix}-{i}\" class=\"{}\"><a href=\"#t-{prefix}-{i}\" data-jump=\"{prefix}-{i}\">\
                 <span class=\"sev\">{}</span> {}</a> <code>{}</code> <span class=\"pos\">第 {} 行第 {} 列{}</span>",
                severity_class(d.severity),
                severity_word(d.severity),
                HtmlEscape(&d.message),
                HtmlEscape(&d.rule),
                d.start.line,
                d.start.column,
                d.place
                    .as_ref()
                    .map(|p| format!("，{}", HtmlEscape(p)))
                    .unwrap_or_default(),
            );
            if let Some(h) = &d.help {
                let _ = write!(out, "<div class=\"help\">{}</div>", HtmlEscape(h));
            }
            if let Some(s) = &d.source {
                let _ = write!(out, "<div class=\"source\">依据：{}</div>", HtmlEscape(s));
            }
            if let Some(f) = &d.fix {
                let edits: Vec<String> = f
                    .edits
                    .iter()
                    .take(5)
                    .map(|e| {
                        format!(
                            "“{}”→“{}”",
                            HtmlEscape(doc.slice(e.span)),
                            HtmlEscape(&e.replacement)
                        )
                    })
                    .collect();
                let _ = write!(
                    out,
                    "<div class=\"fix\">可自动修改：{}</div>",
                    edits.join("，")
                );
            }
            out.push_str("</li>");
        }
        out.push_str("</ol>");
    }
    out
}

/// A horizontal bar chart of findings per rule group, as inline SVG.
fn chart(by_group: &BTreeMap<String, usize>, names: &BTreeMap<String, String>) -> String {
    if by_group.is_empty() {
        return String::new();
    }
    let mut groups: Vec<(&String, &usize)> = by_group.iter().collect();
    groups.sort_by(|a, b| b.1.cmp(a.1).then(a.0.cmp(b.0)));
    let max = *groups[0].1.max(&1) as f64;
    let (bar_h, gap, label_w, bar_w) = (22.0, 8.0, 320.0, 380.0);
    let height = groups.len() as f64 * (bar_h + gap) + gap;
    let mut svg = format!(
        "<svg class=\"chart\" role=\"img\" aria-label=\"各类问题数量\" viewBox=\"0 0 {} {height}\" \
         width=\"{}\" height=\"{height}\" xmlns=\"http://www.w3.org/2000/svg\">",
        label_w + bar_w + 60.0,
        label_w + bar_w + 60.0
    );
    for (k, (group, n)) in groups.iter().enumerate() {
        let y = gap + k as f64 * (bar_h + gap);
        let w = (**n as f64 / max * bar_w).max(2.0);
        let _ = write!(
            svg,
            "<text x=\"{}\" y=\"{}\" text-anchor=\"end\">{}</text>\
             <rect class=\"bar\" x=\"{label_w}\" y=\"{y}\" width=\"{w:.1}\" height=\"{bar_h}\"></rect>\
             <text x=\"{:.1}\" y=\"{}\">{n}</text>",
            label_w - 8.0,
            y + bar_h * 0.72,
            HtmlEscape(&match names.get(*group) {
                Some(n) if !n.is_empty() => format!("{n}（{group}）"),
                _ => group.to_string(),
            }),
            label_w + w + 6.0,
            y + bar_h * 0.72,
        );
    }
    svg.push_str("</svg>");
    svg
}

/// One file's row and part of the page, made in a worker thread.
pub struct FilePart {
    row: Row,
    section: Option<String>,
    /// Findings per rule group.
    groups: BTreeMap<String, usize>,
    /// Required parts, in the report's order.
    parts: Vec<String>,
}

/// A stable anchor for a file: its path hashed (FNV-1a), so that a worker can name the
/// file's findings without knowing its place in the run.
fn anchor(path: &str) -> String {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in path.bytes() {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    }
    format!("r{h:016x}")
}

impl FilePart {
    /// The row and the highlighted text of one file.
    pub fn of(r: &FileResult) -> FilePart {
        let id = anchor(&r.path);
        let c = match &r.outcome {
            Err(e) => {
                return FilePart {
                    row: Row {
                        id,
                        path: r.path.clone(),
                        title: String::new(),
                        characters: 0,
                        serious: 0,
                        errors: 0,
                        warnings: 0,
                        infos: 0,
                        rate: None,
                        rate_value: -1.0,
                        signed: None,
                        deadline: None,
                        parts: BTreeMap::new(),
                        failed: Some(e.clone()),
                    },
                    section: None,
                    groups: BTreeMap::new(),
                    parts: Vec::new(),
                }
            }
            Ok(c) => c,
        };
        let doc = &c.document;
        let count = |s: Severity| c.diagnostics.iter().filter(|d| d.severity == s).count();
        let mut one = Summary::default();
        one.add(r);
        let mut groups = BTreeMap::new();
        for d in &c.diagnostics {
            let group = d.rule.split('/').next().unwrap_or("").to_string();
            *groups.entry(group).or_default() += 1;
        }
        let deadline = c.diagnostics.iter().find_map(|d| match d.rule.as_ref() {
            "annual-report/late-sign-off" => Some("逾期".to_string()),
            "annual-report/early-sign-off" => Some("落款在报告年度内".to_string()),
            _ => None,
        });
        let title = doc
            .structure()
            .title
            .map(|t| doc.slice(t).trim().to_string())
            .unwrap_or_default();
        let rate = one.error_rate();
        let section = format!(
            "<details class=\"report\" id=\"{id}\"><summary><span class=\"path\">{}</span> \
             <span class=\"title\">{}</span> <span class=\"counts\">{} 个严重 · {} 个错误 · {} 个警告 · {} 条提示</span></summary>\
             <h3>问题（按报告的部分）</h3>{}<h3>全文</h3><div class=\"doc\">{}</div></details>",
            HtmlEscape(&r.path),
            HtmlEscape(&title),
            count(Severity::Serious),
            count(Severity::Error),
            count(Severity::Warning),
            count(Severity::Info),
            findings_list(doc, &c.diagnostics, &id),
            highlighted(doc, &c.diagnostics, &id),
        );
        FilePart {
            row: Row {
                id,
                path: r.path.clone(),
                title,
                characters: one.characters,
                serious: count(Severity::Serious),
                errors: count(Severity::Error),
                warnings: count(Severity::Warning),
                infos: count(Severity::Info),
                rate: rate.map(|r| format!("{r:.1}")),
                rate_value: rate.unwrap_or(-1.0),
                signed: fzlint_core::kinds::sign_off_date(doc).map(|d| d.to_string()),
                deadline: deadline.or(Some("—".into())),
                parts: c
                    .parts
                    .iter()
                    .map(|(n, s)| (n.clone(), status_word(*s)))
                    .collect(),
                failed: None,
            },
            section: Some(section),
            groups,
            parts: c.parts.iter().map(|(n, _)| n.clone()).collect(),
        }
    }
}

impl HtmlReport {
    /// A report for a run with these packs.
    pub fn new(linter: &fzlint_core::Linter) -> HtmlReport {
        let group_names = linter
            .packs()
            .iter()
            .map(|p| {
                let short: String = p
                    .description
                    .split(['（', '(', '：', ':', '，'])
                    .next()
                    .unwrap_or("")
                    .trim()
                    .chars()
                    .take(14)
                    .collect();
                (p.name.clone(), short)
            })
            .collect();
        HtmlReport {
            group_names,
            ..HtmlReport::default()
        }
    }

    /// One file, in order: its part of the page is written at once, its row kept for the
    /// overview.
    pub fn add(&mut self, part: FilePart, out: &mut String) {
        for (group, n) in part.groups {
            *self.by_group.entry(group).or_default() += n;
        }
        for name in part.parts {
            if !self.parts.contains(&name) {
                self.parts.push(name);
            }
        }
        self.rows.push(part.row);
        if let Some(section) = part.section {
            out.push_str(&section);
        }
    }

    fn template(&self) -> Result<minijinja::Environment<'static>, minijinja::Error> {
        let mut env = minijinja::Environment::new();
        // every value is escaped, except what is marked safe (built here, escaped piecewise)
        env.set_auto_escape_callback(|_| minijinja::AutoEscape::Html);
        env.add_template("report.html", TEMPLATE)?;
        Ok(env)
    }

    /// The page up to the reports: written before the first file.
    pub fn head(&self, out: &mut String) {
        let page = self.template().and_then(|env| {
            env.get_template("report.html")?
                .render(minijinja::context! { version => env!("CARGO_PKG_VERSION") })
        });
        match page {
            Ok(page) => out.push_str(page.split_once(SECTIONS).map_or(&page[..], |(h, _)| h)),
            Err(e) => out.push_str(&format!(
                "<!-- template error: {} -->",
                HtmlEscape(&e.to_string())
            )),
        }
    }

    /// The rest of the page, with the overview of every file: written after the last one.
    pub fn finish(self, summary: &Summary, out: &mut String) {
        let context = minijinja::context! {
            version => env!("CARGO_PKG_VERSION"),
            files => summary.files,
            failed => summary.failed,
            serious => summary.serious,
            errors => summary.errors,
            warnings => summary.warnings,
            infos => summary.infos,
            characters => summary.characters,
            rate => summary.error_rate().map(|r| format!("{r:.1}")),
            chart => minijinja::Value::from_safe_string(chart(&self.by_group, &self.group_names)),
            parts => self.parts,
            rows => self.rows,
        };
        let page = self
            .template()
            .and_then(|env| env.get_template("report.html")?.render(context));
        match page {
            Ok(page) => out.push_str(page.split_once(SECTIONS).map_or("", |(_, t)| t)),
            Err(e) => out.push_str(&format!(
                "<!-- template error: {} -->",
                HtmlEscape(&e.to_string())
            )),
        }
    }
}
