//! Accuracy as a measured output: run the built-in packs over annotated documents and count
//! what they find (recall per fault class) and how often what they report is right (precision
//! per rule).
//!
//! Material comes in *sets* (see `tests/accuracy/sets.toml`): a folder of documents, an
//! annotation file of faults given by byte span (no text is copied from real reports), and
//! rules that are not judged on that set with the reason (a conversion artefact of the whole
//! collection, say). Every finding on a judged document is either
//! - a hit: it overlaps an annotated fault and its rule is one the annotation accepts,
//! - ignored: it overlaps a span annotated as `artefact`, or its rule is not judged on the set,
//! - or a false alarm.
//!
//! A clean set has no annotations: every finding on it is a false alarm, counted per 10,000
//! characters. The team's own fixtures carry their annotations inline instead of by span:
//! `⟦text⟧{class|rule,rule}` marks a fault (the marks are removed before checking).

use fzlint_core::diagnostic::{Diagnostic, Severity};
use fzlint_core::engine::Linter;
use serde::Deserialize;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// One annotated fault (or artefact) in one document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Annotation {
    /// Path relative to the set's folder.
    pub file: String,
    pub start: usize,
    pub end: usize,
    /// The fault class (`web-residue`, `typo`, …); `artefact` marks a span not to judge.
    pub class: String,
    /// Rule ids that count as finding it; `pack/*` accepts any rule of a pack.
    pub rules: Vec<String>,
    /// Line in the annotation file, for messages.
    pub line: usize,
}

impl Annotation {
    pub fn is_artefact(&self) -> bool {
        self.class == ARTEFACT
    }

    /// True if a finding of `rule` counts as finding this fault.
    pub fn accepts(&self, rule: &str) -> bool {
        self.rules.iter().any(|r| match r.strip_suffix("/*") {
            Some(pack) => rule
                .strip_prefix(pack)
                .is_some_and(|rest| rest.starts_with('/')),
            None => r == rule,
        })
    }

    /// True if a finding at `start..end` touches this annotation (an empty finding counts as
    /// its first character).
    fn overlaps(&self, start: usize, end: usize) -> bool {
        let end = end.max(start + 1);
        start < self.end.max(self.start + 1) && self.start < end
    }
}

pub const ARTEFACT: &str = "artefact";

/// Parses an annotation file: `file<TAB>start<TAB>end<TAB>class<TAB>rules`, rules separated by
/// commas; `#` starts a comment line.
pub fn parse_annotations(text: &str) -> Result<Vec<Annotation>, String> {
    let mut out = Vec::new();
    for (i, line) in text.lines().enumerate() {
        let line_no = i + 1;
        if line.trim().is_empty() || line.starts_with('#') {
            continue;
        }
        let cols: Vec<&str> = line.split('\t').collect();
        if cols.len() != 5 {
            return Err(format!(
                "line {line_no}: expected 5 tab-separated columns, found {}",
                cols.len()
            ));
        }
        let num = |s: &str, what: &str| {
            s.parse::<usize>()
                .map_err(|_| format!("line {line_no}: {what} `{s}` is not a byte offset"))
        };
        let (start, end) = (num(cols[1], "start")?, num(cols[2], "end")?);
        if end < start {
            return Err(format!("line {line_no}: end {end} is before start {start}"));
        }
        let rules: Vec<String> = cols[4]
            .split(',')
            .map(str::trim)
            .filter(|r| !r.is_empty())
            .map(String::from)
            .collect();
        if rules.is_empty() && cols[3] != ARTEFACT {
            return Err(format!("line {line_no}: a fault needs at least one rule"));
        }
        out.push(Annotation {
            file: cols[0].to_string(),
            start,
            end,
            class: cols[3].to_string(),
            rules,
            line: line_no,
        });
    }
    Ok(out)
}

/// `sets.toml`: the material to measure on.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SetsFile {
    #[serde(rename = "set")]
    pub sets: Vec<SetSpec>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct SetSpec {
    pub name: String,
    /// Folder of the documents, relative to `sets.toml`; `$CORPUS` stands for the shared corpus.
    pub dir: String,
    /// Annotation file relative to `sets.toml`; none for a clean set or an inline one.
    pub annotations: Option<String>,
    /// The documents mark their faults inline: `⟦text⟧{class|rule,rule}`.
    #[serde(default)]
    pub inline: bool,
    /// Rules whose findings are not judged on this set.
    #[serde(default)]
    pub ignore: Vec<String>,
    /// Why they are not judged.
    #[serde(default)]
    pub reason: String,
    /// Text known to be correct: every finding is a false alarm.
    #[serde(default)]
    pub clean: bool,
    /// The documents stop mid-sentence: findings of these rules on their last line (a quote
    /// opened before the cut, say) are not judged.
    #[serde(default)]
    pub cut_rules: Vec<String>,
}

/// A set ready to measure: its documents and annotations.
#[derive(Debug)]
pub struct Set {
    pub spec: SetSpec,
    pub dir: PathBuf,
    pub files: Vec<String>,
    pub annotations: Vec<Annotation>,
    /// Texts with their inline marks removed, by file (inline sets only).
    pub texts: BTreeMap<String, String>,
}

/// Removes `⟦text⟧{class|rules}` marks from a fixture, returning the text and its annotations.
pub fn strip_inline(file: &str, marked: &str) -> Result<(String, Vec<Annotation>), String> {
    let mut text = String::with_capacity(marked.len());
    let mut out = Vec::new();
    let mut rest = marked;
    while let Some(open) = rest.find('⟦') {
        text.push_str(&rest[..open]);
        let after = &rest[open + '⟦'.len_utf8()..];
        let line = marked[..marked.len() - rest.len() + open]
            .lines()
            .count()
            .max(1);
        let close = after
            .find("⟧{")
            .ok_or_else(|| format!("{file}:{line}: ⟦ without ⟧{{…}}"))?;
        let inner = &after[..close];
        if inner.contains('⟦') {
            return Err(format!("{file}:{line}: marks cannot nest"));
        }
        let meta_start = close + "⟧{".len();
        let meta_len = after[meta_start..]
            .find('}')
            .ok_or_else(|| format!("{file}:{line}: ⟧{{ without }}"))?;
        let meta = &after[meta_start..meta_start + meta_len];
        let (class, rules) = meta
            .split_once('|')
            .ok_or_else(|| format!("{file}:{line}: write ⟧{{class|rule,rule}}"))?;
        let start = text.len();
        text.push_str(inner);
        let rules: Vec<String> = rules
            .split(',')
            .map(str::trim)
            .filter(|r| !r.is_empty())
            .map(String::from)
            .collect();
        if rules.is_empty() || class.trim().is_empty() {
            return Err(format!("{file}:{line}: a mark needs a class and a rule"));
        }
        out.push(Annotation {
            file: file.to_string(),
            start,
            end: text.len(),
            class: class.trim().to_string(),
            rules,
            line,
        });
        rest = &after[meta_start + meta_len + 1..];
    }
    text.push_str(rest);
    Ok((text, out))
}

/// Why a set cannot be measured.
#[derive(Debug)]
pub enum SetError {
    /// The folder is not there (the shared corpus beside a clone, for one).
    Missing(PathBuf),
    Bad(String),
}

impl std::fmt::Display for SetError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            SetError::Missing(p) => write!(f, "{} is not there", p.display()),
            SetError::Bad(s) => f.write_str(s),
        }
    }
}

/// Loads the sets of `sets.toml`; `corpus` replaces `$CORPUS` in their folders.
pub fn load_sets(sets_toml: &Path, corpus: &Path) -> Result<Vec<Result<Set, SetError>>, String> {
    let text =
        std::fs::read_to_string(sets_toml).map_err(|e| format!("{}: {e}", sets_toml.display()))?;
    let file: SetsFile =
        toml::from_str(&text).map_err(|e| format!("{}: {e}", sets_toml.display()))?;
    let base = sets_toml.parent().unwrap_or(Path::new("."));
    Ok(file
        .sets
        .into_iter()
        .map(|spec| load_set(spec, base, corpus))
        .collect())
}

fn load_set(spec: SetSpec, base: &Path, corpus: &Path) -> Result<Set, SetError> {
    let dir = match spec.dir.strip_prefix("$CORPUS") {
        Some(rest) => corpus.join(rest.trim_start_matches('/')),
        None => base.join(&spec.dir),
    };
    if !dir.is_dir() {
        return Err(SetError::Missing(dir));
    }
    let mut files: Vec<String> = std::fs::read_dir(&dir)
        .map_err(|e| SetError::Bad(format!("{}: {e}", dir.display())))?
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| fzlint_formats::Format::from_path(n).is_some())
        .collect();
    files.sort();
    let mut texts = BTreeMap::new();
    let annotations = match &spec.annotations {
        None if spec.inline => {
            let mut all = Vec::new();
            for f in &files {
                let path = dir.join(f);
                let marked = std::fs::read_to_string(&path)
                    .map_err(|e| SetError::Bad(format!("{}: {e}", path.display())))?;
                let (text, mut found) = strip_inline(f, &marked).map_err(SetError::Bad)?;
                texts.insert(f.clone(), text);
                all.append(&mut found);
            }
            all
        }
        None => Vec::new(),
        Some(a) => {
            let path = base.join(a);
            let text = std::fs::read_to_string(&path)
                .map_err(|e| SetError::Bad(format!("{}: {e}", path.display())))?;
            let all = parse_annotations(&text)
                .map_err(|e| SetError::Bad(format!("{}: {e}", path.display())))?;
            // one annotation file can serve several sets: keep this set's
            let prefix = format!("{}/", spec.name);
            all.into_iter()
                .filter_map(|mut a| {
                    a.file = a.file.strip_prefix(&prefix)?.to_string();
                    Some(a)
                })
                .collect()
        }
    };
    for a in &annotations {
        if !files.contains(&a.file) {
            return Err(SetError::Bad(format!(
                "{}: annotation line {} names {} which is not in {}",
                spec.name,
                a.line,
                a.file,
                dir.display()
            )));
        }
    }
    Ok(Set {
        spec,
        dir,
        files,
        annotations,
        texts,
    })
}

/// A finding judged against the annotations.
#[derive(Debug, Clone)]
pub struct Judged {
    pub set: String,
    pub file: String,
    pub diagnostic: Diagnostic,
}

/// A fault no rule found.
#[derive(Debug, Clone)]
pub struct Miss {
    pub set: String,
    pub annotation: Annotation,
    /// Rules that reported something overlapping it, though not one the annotation accepts.
    pub others: Vec<String>,
}

/// Counts for a fraction: how many of how many.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Count {
    pub hit: usize,
    pub of: usize,
}

impl Count {
    pub fn ratio(self) -> Option<f64> {
        (self.of > 0).then(|| self.hit as f64 / self.of as f64)
    }
}

/// What one run over the sets measured.
#[derive(Debug, Default)]
pub struct Report {
    /// Per fault class: annotated faults found / annotated.
    pub recall: BTreeMap<String, Count>,
    /// Per rule: right findings / judged findings.
    pub precision: BTreeMap<String, Count>,
    pub misses: Vec<Miss>,
    pub false_alarms: Vec<Judged>,
    /// Per clean set: characters, errors, warnings, infos.
    pub clean: BTreeMap<String, CleanCount>,
    pub documents: usize,
    pub characters: usize,
}

#[derive(Debug, Clone, Copy, Default)]
pub struct CleanCount {
    pub characters: usize,
    pub errors: usize,
    pub warnings: usize,
    pub infos: usize,
}

impl CleanCount {
    pub fn per_10k(&self, n: usize) -> f64 {
        if self.characters == 0 {
            0.0
        } else {
            n as f64 * 10_000.0 / self.characters as f64
        }
    }
}

impl Report {
    pub fn total_recall(&self) -> Count {
        sum(self.recall.values())
    }

    pub fn total_precision(&self) -> Count {
        sum(self.precision.values())
    }
}

fn sum<'a>(it: impl Iterator<Item = &'a Count>) -> Count {
    it.fold(Count::default(), |a, c| Count {
        hit: a.hit + c.hit,
        of: a.of + c.of,
    })
}

/// Checks every document of every set and judges the findings.
pub fn measure(linter: &Linter, sets: &[Set]) -> Result<Report, String> {
    let selection = linter.default_selection();
    let mut report = Report::default();
    for set in sets {
        for file in &set.files {
            let path = set.dir.join(file);
            let bytes = match set.texts.get(file) {
                Some(text) => text.clone().into_bytes(),
                None => std::fs::read(&path).map_err(|e| format!("{}: {e}", path.display()))?,
            };
            let format = fzlint_formats::Format::from_path(file).expect("filtered on load");
            let shown = format!("{}/{file}", set.spec.name);
            let doc = fzlint_formats::read(&shown, &bytes, format, &Default::default())
                .map_err(|e| format!("{}: {e}", path.display()))?;
            report.documents += 1;
            report.characters += doc.text().chars().count();
            let diagnostics = linter.check(&doc, &selection);
            judge(set, file, &doc, diagnostics, &mut report);
        }
    }
    Ok(report)
}

fn judge(
    set: &Set,
    file: &str,
    doc: &fzlint_core::document::Document,
    diagnostics: Vec<Diagnostic>,
    report: &mut Report,
) {
    let name = &set.spec.name;
    if set.spec.clean {
        let c = report.clean.entry(name.clone()).or_default();
        c.characters += doc.text().chars().count();
        for d in diagnostics {
            match d.severity {
                Severity::Serious | Severity::Error => c.errors += 1,
                Severity::Warning => c.warnings += 1,
                Severity::Info => c.infos += 1,
            }
            report.precision.entry(d.rule.to_string()).or_default().of += 1;
            report.false_alarms.push(Judged {
                set: name.clone(),
                file: file.to_string(),
                diagnostic: d,
            });
        }
        return;
    }
    let here: Vec<&Annotation> = set.annotations.iter().filter(|a| a.file == file).collect();
    let last_line_start = doc.text().trim_end().rfind('\n').map_or(0, |i| i + 1);
    let mut found = vec![false; here.len()];
    let mut others: Vec<Vec<String>> = vec![Vec::new(); here.len()];
    for d in diagnostics {
        if set.spec.ignore.iter().any(|r| *r == *d.rule) {
            continue;
        }
        let (start, end) = (d.span.start, d.span.end);
        if start >= last_line_start && set.spec.cut_rules.iter().any(|r| *r == *d.rule) {
            continue;
        }
        if here
            .iter()
            .any(|a| a.is_artefact() && a.overlaps(start, end))
        {
            continue;
        }
        let mut right = false;
        for (i, a) in here.iter().enumerate() {
            if a.is_artefact() || !a.overlaps(start, end) {
                continue;
            }
            if a.accepts(&d.rule) {
                found[i] = true;
                right = true;
            } else {
                others[i].push(d.rule.to_string());
            }
        }
        let c = report.precision.entry(d.rule.to_string()).or_default();
        c.of += 1;
        if right {
            c.hit += 1;
        } else {
            report.false_alarms.push(Judged {
                set: name.clone(),
                file: file.to_string(),
                diagnostic: d,
            });
        }
    }
    for (i, a) in here.iter().enumerate() {
        if a.is_artefact() {
            continue;
        }
        let c = report.recall.entry(a.class.clone()).or_default();
        c.of += 1;
        if found[i] {
            c.hit += 1;
        } else {
            report.misses.push(Miss {
                set: name.clone(),
                annotation: (*a).clone(),
                others: std::mem::take(&mut others[i]),
            });
        }
    }
}

/// The figures a ratchet keeps for one set: recall per class and precision per rule, as
/// fractions, and for a clean set the warnings per 10,000 characters.
#[derive(Debug, Default, Deserialize, serde::Serialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct SetFigures {
    #[serde(default)]
    pub recall: BTreeMap<String, f64>,
    #[serde(default)]
    pub precision: BTreeMap<String, f64>,
    /// Warnings per 10,000 characters on a clean set, at most (and no errors).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub warnings_per_10k: Option<f64>,
}

/// The recorded figures of every set, by set name: what a later run must not fall below.
pub type Ratchet = BTreeMap<String, SetFigures>;

impl SetFigures {
    /// What `report` (of this set alone) falls short of: one line per figure below the
    /// recorded one.
    pub fn regressions(&self, report: &Report) -> Vec<String> {
        let mut out = Vec::new();
        // recorded figures are rounded down to 3 places
        const EPS: f64 = 1e-9;
        for (class, want) in &self.recall {
            let got = report
                .recall
                .get(class)
                .and_then(|c| c.ratio())
                .unwrap_or(0.0);
            if got + EPS < *want {
                out.push(format!(
                    "recall of `{class}` fell from {want:.3} to {got:.3}"
                ));
            }
        }
        for (rule, want) in &self.precision {
            let got = report
                .precision
                .get(rule)
                .and_then(|c| c.ratio())
                .unwrap_or(1.0);
            if got + EPS < *want {
                out.push(format!(
                    "precision of `{rule}` fell from {want:.3} to {got:.3}"
                ));
            }
        }
        // a rule that is new since the figures were recorded still has to be right
        for (rule, c) in &report.precision {
            if !self.precision.contains_key(rule) && c.hit < c.of {
                out.push(format!(
                    "`{rule}` reported {} false alarm(s) and has no recorded precision",
                    c.of - c.hit
                ));
            }
        }
        if let Some(max) = self.warnings_per_10k {
            for (set, c) in &report.clean {
                if c.errors > 0 {
                    out.push(format!("{} error(s) on the clean set `{set}`", c.errors));
                }
                let got = c.per_10k(c.warnings);
                if got > max + EPS {
                    out.push(format!(
                        "warnings on the clean set `{set}` rose from {max:.2} to {got:.2} per 10,000 characters"
                    ));
                }
            }
        }
        out
    }

    /// The figures of `report` (of one set), rounded in its favour's opposite: recall and
    /// precision down to 3 places, warnings up to 2, so that a re-run passes.
    pub fn from_report(report: &Report) -> SetFigures {
        let floor = |x: f64| (x * 1000.0).floor() / 1000.0;
        SetFigures {
            recall: report
                .recall
                .iter()
                .filter_map(|(k, c)| Some((k.clone(), floor(c.ratio()?))))
                .collect(),
            precision: report
                .precision
                .iter()
                .filter_map(|(k, c)| Some((k.clone(), floor(c.ratio()?))))
                .collect(),
            warnings_per_10k: report
                .clean
                .values()
                .map(|c| (c.per_10k(c.warnings) * 100.0).ceil() / 100.0)
                .reduce(f64::max),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn annotations_parse_and_refuse_bad_lines() {
        let a =
            parse_annotations("# c\nx.txt\t3\t9\ttypo\ttypo/a, typo/b\ny.txt\t0\t4\tartefact\t\n")
                .unwrap();
        assert_eq!(a.len(), 2);
        assert_eq!(a[0].rules, ["typo/a", "typo/b"]);
        assert_eq!((a[0].start, a[0].end, a[0].line), (3, 9, 2));
        assert!(a[1].is_artefact());
        assert!(a[0].accepts("typo/b") && !a[0].accepts("typo/c"));
        let w = parse_annotations("x\t1\t2\tweb\tweb/*").unwrap().remove(0);
        assert!(w.accepts("web/breadcrumb") && !w.accepts("webx/a") && !w.accepts("typo/x"));
        for bad in [
            "x\t1\t2\ttypo",
            "x\t5\t2\ttypo\tt/a",
            "x\ta\t2\ttypo\tt/a",
            "x\t1\t2\ttypo\t",
        ] {
            assert!(parse_annotations(bad).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn inline_marks_become_annotations_on_the_unmarked_text() {
        let (text, a) = strip_inline(
            "f",
            "同⟦布署⟧{typo|typo/misspelling}与⟦XX⟧{placeholder|template/a,template/b}。",
        )
        .unwrap();
        assert_eq!(text, "同布署与XX。");
        assert_eq!(&text[a[0].start..a[0].end], "布署");
        assert_eq!(a[1].rules, ["template/a", "template/b"]);
        assert_eq!(&text[a[1].start..a[1].end], "XX");
        for bad in ["⟦a", "⟦a⟧{x", "⟦a⟧{x}", "⟦a⟧{x|}", "⟦⟦a⟧{x|r}⟧{x|r}"] {
            assert!(strip_inline("f", bad).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn overlap_counts_empty_findings_as_one_character() {
        let a = parse_annotations("x\t10\t20\tc\tr/a").unwrap().remove(0);
        assert!(a.overlaps(10, 10));
        assert!(a.overlaps(19, 25));
        assert!(!a.overlaps(20, 25));
        assert!(!a.overlaps(0, 10));
    }
}
