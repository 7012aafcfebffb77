//! `fzlint fix`: applies the machine-applicable fixes that findings carry to .txt and .md
//! files. Edits are made on the file's bytes (through the document's source map), so the
//! encoding, the BOM, line endings and every byte outside an edit stay as they were; the file
//! is replaced atomically. Overlapping edits are resolved in position order: the first wins,
//! the later one waits for the next run.

use crate::args::FixArgs;
use crate::input::{self, ReadOptions};
use crate::setup::{self, SetupError};
use fzlint_core::{Diagnostic, Document, Linter};
use fzlint_formats::Format;
use std::io::Write;

/// One replacement of bytes in the file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ByteEdit {
    pub start: usize,
    pub end: usize,
    pub replacement: Vec<u8>,
}

/// The edits of all findings, in the file's bytes and encoding, without overlaps. Left out:
/// edits on a line that web-page residue was found on (来源:本站 is to be deleted, not
/// repunctuated), and edits whose replacement the file's encoding cannot hold.
pub fn byte_edits(
    linter: &Linter,
    doc: &Document,
    diagnostics: &[Diagnostic],
    encoding: &'static fzlint_formats::Encoding,
) -> Vec<ByteEdit> {
    let residue: Vec<fzlint_core::Span> = diagnostics
        .iter()
        .filter(|d| is_residue(linter, &d.rule))
        .map(|d| {
            let lines = doc.lines();
            let first = lines.line_span(doc.text(), d.start.line.saturating_sub(1));
            let last = lines.line_span(doc.text(), d.end.line.saturating_sub(1));
            fzlint_core::Span::new(first.start, last.end.max(first.start))
        })
        .collect();
    let on_residue = |s: fzlint_core::Span| {
        residue
            .iter()
            .any(|r| s.start < r.end.max(r.start + 1) && r.start < s.end.max(s.start + 1))
    };
    let mut edits: Vec<ByteEdit> = diagnostics
        .iter()
        .filter(|d| !d.rule.starts_with("web/"))
        .filter_map(|d| d.fix.as_ref())
        .flat_map(|f| f.edits.iter())
        .filter(|e| !on_residue(e.span))
        .filter_map(|e| {
            Some(ByteEdit {
                start: doc.position(e.span.start).byte,
                end: doc.end_position(e.span.end).byte,
                replacement: fzlint_formats::encode_exact(&e.replacement, encoding)?,
            })
        })
        .collect();
    edits.sort_by(|a, b| (a.start, a.end, &a.replacement).cmp(&(b.start, b.end, &b.replacement)));
    let mut kept: Vec<ByteEdit> = Vec::new();
    for e in edits {
        if kept.last().is_none_or(|k| e.start >= k.end) {
            kept.push(e);
        }
    }
    kept
}

/// True for a finding of page residue to be deleted whole (来源:本站): a `web` rule, except
/// the repeated-line kind, whose finding depends on another line (a title repeated is a
/// residue only while it is the same as the first: fixing one must not change the other's
/// fate, or a second run would find more to fix).
fn is_residue(linter: &Linter, rule: &str) -> bool {
    rule.starts_with("web/")
        && linter
            .rules()
            .iter()
            .find(|r| r.id.as_ref() == rule)
            .is_some_and(|r| r.kind_name != "repeated-line")
}

/// Applies sorted, non-overlapping edits.
pub fn apply(bytes: &[u8], edits: &[ByteEdit]) -> Vec<u8> {
    let mut out = Vec::with_capacity(bytes.len());
    let mut at = 0;
    for e in edits {
        out.extend_from_slice(&bytes[at..e.start]);
        out.extend_from_slice(&e.replacement);
        at = e.end;
    }
    out.extend_from_slice(&bytes[at..]);
    out
}

pub fn run(a: FixArgs, out: &mut dyn Write, err: &mut dyn Write) -> Result<i32, SetupError> {
    crate::write::install_interrupt_cleanup();
    let (sessions, found, file_session) =
        crate::discover::with_sessions(&a.paths, a.walk.walk(), &a.setup)?;
    let read = crate::read_options(&a.read, sessions.main())?;
    let cwd = std::env::current_dir().unwrap_or_default();
    let mut code = crate::EXIT_OK;
    for m in &found.missing {
        let _ = writeln!(
            err,
            "error: {}：文件或目录不存在 / no such file or directory",
            m.display()
        );
        code = crate::EXIT_ERROR;
    }
    let (mut files_changed, mut edits_made) = (0, 0);
    for path in &found.files {
        let shown = setup::display_path(path, &cwd);
        if !matches!(
            Format::from_path(&shown),
            Some(Format::Text | Format::Markdown)
        ) {
            let _ = writeln!(
                err,
                "skip: {shown}: fix 只修改 .txt 和 .md 文件 / only .txt and .md files are fixed"
            );
            continue;
        }
        let session = sessions.get(file_session.get(path).copied().unwrap_or(0));
        match fix_file(session, &read, path, &shown, a.diff, out) {
            Ok(0) => {}
            Ok(n) => {
                files_changed += 1;
                edits_made += n;
            }
            Err(e) => {
                let _ = writeln!(err, "error: {shown}: {e}");
                code = crate::EXIT_ERROR;
            }
        }
    }
    let verb = if a.diff { "可修改" } else { "修改了" };
    let _ = writeln!(err, "{verb} {files_changed} 个文件中的 {edits_made} 处。");
    Ok(code)
}

fn fix_file(
    session: &setup::Session,
    read: &ReadOptions,
    path: &std::path::Path,
    shown: &str,
    diff: bool,
    out: &mut dyn Write,
) -> Result<usize, String> {
    // read once: the edits are made on, and checked against, these very bytes
    let bytes = input::read_bytes(path, shown, read)?;
    let doc = input::document_from_bytes(shown, &bytes, read)?;
    let encoding =
        fzlint_formats::text_encoding(&bytes, &read.formats).map_err(|e| e.to_string())?;
    let selection = session
        .resolved
        .selection(&session.linter, &session.config_relative(path));
    let diagnostics = session.linter.check(&doc, &selection);
    let edits = byte_edits(&session.linter, &doc, &diagnostics, encoding);
    if edits.is_empty() {
        return Ok(0);
    }
    let fixed = apply(&bytes, &edits);
    if diff {
        let old = encoding.decode_without_bom_handling(&bytes).0.into_owned();
        let new = encoding.decode_without_bom_handling(&fixed).0.into_owned();
        let text = similar::TextDiff::from_lines(&old, &new)
            .unified_diff()
            .context_radius(1)
            .header(&format!("a/{shown}"), &format!("b/{shown}"))
            .to_string();
        let _ = out.write_all(text.as_bytes());
    } else {
        crate::write::replace(path, &fixed, crate::write::Expect::Unchanged(&bytes))?;
    }
    Ok(edits.len())
}

#[cfg(test)]
mod tests {
    use super::*;
    use fzlint_core::{builtin, Linter, Syntax};
    use proptest::prelude::*;
    use std::sync::LazyLock;

    static LINTER: LazyLock<Linter> =
        LazyLock::new(|| Linter::new(builtin::load_all().unwrap()).unwrap());

    /// `text` as a .txt document, and its findings with every pack on.
    fn checked(linter: &Linter, text: &str) -> (Document, Vec<Diagnostic>) {
        let doc = Document::new("t.txt", Syntax::PlainText, text.to_string());
        let mut sel = linter.default_selection();
        sel.packs
            .iter_mut()
            .for_each(|p| *p = fzlint_core::PackUse::Forced);
        let d = linter.check(&doc, &sel);
        (doc, d)
    }

    fn fix_text(linter: &Linter, text: &str) -> (Vec<u8>, Vec<ByteEdit>) {
        let (doc, d) = checked(linter, text);
        let utf8 = fzlint_formats::encoding_for("utf-8").expect("utf-8");
        let edits = byte_edits(linter, &doc, &d, utf8);
        (apply(text.as_bytes(), &edits), edits)
    }

    /// The lines (byte ranges, line break excluded) that web-residue findings are on.
    fn residue_lines(linter: &Linter, text: &str) -> Vec<(usize, usize)> {
        checked(linter, text)
            .1
            .iter()
            .filter(|d| is_residue(linter, &d.rule))
            .map(|d| {
                let start = text[..d.span.start].rfind('\n').map_or(0, |i| i + 1);
                let end = text[d.span.end..]
                    .find('\n')
                    .map_or(text.len(), |i| d.span.end + i);
                (start, end)
            })
            .collect()
    }

    /// Every edit the findings offer, in UTF-8 byte offsets of `text`.
    fn offered_edits(linter: &Linter, text: &str) -> Vec<(usize, usize, Vec<u8>)> {
        checked(linter, text)
            .1
            .iter()
            .filter_map(|d| d.fix.as_ref())
            .flat_map(|f| f.edits.iter())
            .map(|e| (e.span.start, e.span.end, e.replacement.as_bytes().to_vec()))
            .collect()
    }

    /// `fzlint fix` as the command line runs it: (exit code, stderr).
    fn run_fix(args: &[&str]) -> (i32, String) {
        use clap::Parser;
        let argv = std::iter::once("fzlint")
            .chain(["fix", "--no-config"])
            .chain(args.iter().copied());
        let crate::args::Command::Fix(a) = crate::args::Cli::try_parse_from(argv).unwrap().command
        else {
            unreachable!("fix")
        };
        let (mut out, mut err) = (Vec::new(), Vec::new());
        let code = match run(a, &mut out, &mut err) {
            Ok(code) => code,
            Err(_) => crate::EXIT_ERROR,
        };
        (code, String::from_utf8(err).unwrap())
    }

    #[test]
    fn the_fix_command_counts_files_and_edits_and_fails_on_a_missing_path() {
        let dir = tempfile::tempdir().unwrap();
        let a = dir.path().join("a.txt");
        let b = dir.path().join("b.md");
        let clean = dir.path().join("c.txt");
        std::fs::write(&a, "同布署,同落实。\n").unwrap();
        std::fs::write(&b, "同布署。\n").unwrap();
        std::fs::write(&clean, "同部署。\n").unwrap();
        let (code, err) = run_fix(&[dir.path().to_str().unwrap()]);
        assert_eq!(code, 0, "{err}");
        // a.txt: 布署 and the comma; b.md: 布署; c.txt: nothing
        assert!(err.contains("修改了 2 个文件中的 3 处"), "{err}");
        assert_eq!(std::fs::read_to_string(&a).unwrap(), "同部署，同落实。\n");
        assert_eq!(std::fs::read_to_string(&b).unwrap(), "同部署。\n");
        // nothing left: nothing changed
        let (code, err) = run_fix(&[dir.path().to_str().unwrap()]);
        assert_eq!(
            (code, err.contains("修改了 0 个文件中的 0 处")),
            (0, true),
            "{err}"
        );
        // a path that is not there fails the run, the others are still fixed
        std::fs::write(&a, "同布署。\n").unwrap();
        let missing = dir.path().join("nope.txt");
        let (code, err) = run_fix(&[missing.to_str().unwrap(), a.to_str().unwrap()]);
        assert_eq!(code, crate::EXIT_ERROR, "{err}");
        assert!(err.contains("不存在"), "{err}");
        assert_eq!(std::fs::read_to_string(&a).unwrap(), "同部署。\n");
        // --diff writes nothing
        std::fs::write(&a, "同布署。\n").unwrap();
        let (code, err) = run_fix(&["--diff", a.to_str().unwrap()]);
        assert_eq!(code, 0);
        assert!(err.contains("可修改 1 个文件中的 1 处"), "{err}");
        assert_eq!(std::fs::read_to_string(&a).unwrap(), "同布署。\n");
    }

    /// What fix must do, and what it must leave alone, by class (issue 13, item 10).
    #[test]
    fn fix_converts_pairs_whole_and_leaves_what_is_not_prose() {
        let cases = [
            // brackets as pairs, never one half
            ("(1)加强组织领导。", "（1）加强组织领导。"),
            ("长度(bit)为8。", "长度（bit）为8。"),
            ("他说(好）。", "他说（好）。"),
            ("他说(好。", "他说(好。"),
            // a pair after a half-width mark is converted like any other, in one run
            ("之后是三是,(一)(一)重复;", "之后是三是，（一）（一）重复；"),
            // English sentences quoting Chinese keep English punctuation
            (
                "The annual report (法治政府建设年度报告) is due by April.",
                "The annual report (法治政府建设年度报告) is due by April.",
            ),
            (
                "Levels from low to high: info, warning, error, serious (严重表述错误, counted apart).",
                "Levels from low to high: info, warning, error, serious (严重表述错误, counted apart).",
            ),
            // URLs, times, ratios, Latin tokens, entities
            (
                "网址 http://www.example.gov.cn/a?b=1 见附件。",
                "网址 http://www.example.gov.cn/a?b=1 见附件。",
            ),
            ("会议于09:18开始。", "会议于09:18开始。"),
            ("比例尺1:500。", "比例尺1:500。"),
            ("使用&nbsp;空格,继续。", "使用&nbsp;空格，继续。"),
            ("设置 !important 属性。", "设置 !important 属性。"),
            // web residue lines are deleted by hand, not repunctuated
            (
                "来源:本站 发布时间:2023-01-01\n正文。",
                "来源:本站 发布时间:2023-01-01\n正文。",
            ),
            // … and only those lines: the ones before and after are fixed
            (
                "正文,继续。\n来源:本站\n正文,继续。",
                "正文，继续。\n来源:本站\n正文，继续。",
            ),
        ];
        for (input, want) in cases {
            let (fixed, _) = fix_text(&LINTER, input);
            assert_eq!(String::from_utf8(fixed).unwrap(), want, "{input}");
        }
    }

    #[test]
    fn a_replacement_the_encoding_cannot_hold_is_not_written() {
        let doc = Document::new("t.txt", Syntax::PlainText, "甲乙".to_string());
        let d = fzlint_core::Diagnostic {
            rule: std::sync::Arc::from("t/x"),
            severity: fzlint_core::Severity::Error,
            message: String::new(),
            help: None,
            source: None,
            span: fzlint_core::Span::new(0, 3),
            start: doc.position(0),
            end: doc.end_position(3),
            place: None,
            text: "甲".into(),
            fix: Some(fzlint_core::Fix {
                edits: vec![fzlint_core::Edit {
                    span: fzlint_core::Span::new(0, 3),
                    // outside GBK: encoding_rs would write &#128512;
                    replacement: "😀".into(),
                }],
            }),
            related: Vec::new(),
        };
        let gbk = fzlint_formats::encoding_for("gbk").unwrap();
        assert!(byte_edits(&LINTER, &doc, std::slice::from_ref(&d), gbk).is_empty());
        let utf8 = fzlint_formats::encoding_for("utf-8").unwrap();
        assert_eq!(byte_edits(&LINTER, &doc, &[d], utf8).len(), 1);
    }

    #[test]
    fn fixes_are_applied_once_and_then_there_is_nothing_left() {
        let linter = &*LINTER;
        let (once, edits) = fix_text(linter, "2023年,我区同布署, 加强监督的的工作:一是学习。");
        assert!(!edits.is_empty());
        let once = String::from_utf8(once).unwrap();
        assert_eq!(once, "2023年，我区同部署，加强监督的工作：一是学习。");
        let (twice, more) = fix_text(linter, &once);
        assert!(more.is_empty(), "{more:?}");
        assert_eq!(twice, once.as_bytes());
    }

    proptest! {
        /// Bytes outside the edits never change, and a second pass has nothing to do.
        #[test]
        fn fixing_only_touches_the_fixed_spans(parts in proptest::collection::vec(
            prop_oneof![
                Just("布署"), Just("同"), Just(","), Just(", "), Just(":"), Just("的的"), Just("的"),
                Just("中共中央国务院"), Just("年"), Just("1"), Just("\n"), Just(" "), Just("。"), Just("a"), Just("("), Just(")"),
            ],
            0..40,
        )) {
            let linter = &*LINTER;
            let text: String = parts.concat();
            let (fixed, edits) = fix_text(linter, &text);
            // the edits are the findings' own, sorted and apart
            let offered = offered_edits(linter, &text);
            for e in &edits {
                prop_assert!(offered.contains(&(e.start, e.end, e.replacement.clone())), "{:?} not offered", e);
            }
            prop_assert!(edits.windows(2).all(|w| w[0].end <= w[1].start), "{:?}", edits);
            // every offered edit is made, unless it overlaps one that was or stands on a line
            // of web-page residue (deleted by hand, not repunctuated)
            let residue = residue_lines(&LINTER, &text);
            for (start, end, _) in &offered {
                let overlaps = edits.iter().any(|e| e.start < *end.max(&(start + 1)) && *start < e.end.max(e.start + 1));
                let on_residue = residue.iter().any(|(a, b)| start >= a && end <= b);
                prop_assert!(overlaps || on_residue,
                    "edit {}..{} neither made nor overlapping one made", start, end);
            }
            // an independent application: back to front, each edit spliced into the text
            let mut spliced = text.clone().into_bytes();
            for e in edits.iter().rev() {
                spliced.splice(e.start..e.end, e.replacement.iter().copied());
            }
            prop_assert_eq!(&spliced, &fixed);
            let (_, more) = fix_text(linter, std::str::from_utf8(&fixed).unwrap());
            prop_assert!(more.is_empty(), "a second run still fixes {:?} in {:?}", more, String::from_utf8_lossy(&fixed));
        }
    }
}
