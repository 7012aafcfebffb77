//! Each input format end to end: GB18030 and UTF-16 text, Markdown, HTML and .docx, with
//! snapshots of the diagnostics and exact positions; and each kind of bad input.

use fzlint_formats::testing::{docx, paragraph, zip};
use fzlint_tests::{diagnostic_with_text, fzlint, json, rule_ids};
use std::path::Path;

fn write(dir: &Path, name: &str, bytes: &[u8]) -> String {
    let p = dir.join(name);
    std::fs::write(&p, bytes).unwrap();
    p.to_str().unwrap().to_string()
}

/// Replaces the temporary folder in output so snapshots are stable.
fn scrub(s: &str, dir: &Path) -> String {
    s.replace(dir.to_str().unwrap(), "[tmp]")
}

const REPORT: &str = "某区2023年度法治政府建设情况报告\n\n一、主要举措和成效\n\n与经济工作同安排、同布署。XX个单位落实。\n";

#[test]
fn gb18030_four_byte_characters_count_four_bytes_in_offsets() {
    // 𠀀 (U+20000) and 𠀁 are four bytes in GB18030, Chinese characters two, ASCII one
    let text = "某区2023年度法治政府建设情况报告\n\n𠀀𠀀𠀁同安排、同布署。\n";
    let (bytes, _, unmappable) = encoding_rs::GB18030.encode(text);
    assert!(!unmappable);
    assert_eq!(encoding_rs::GB18030.encode("𠀀").0.len(), 4);
    let dir = tempfile::tempdir().unwrap();
    let path = write(dir.path(), "gb.txt", &bytes);
    let v = json(&fzlint(&[
        "check",
        "--no-config",
        "--format",
        "json",
        &path,
    ]));
    let typo = diagnostic_with_text(&v, "布署");
    let line3 = bytes.len()
        - encoding_rs::GB18030
            .encode("𠀀𠀀𠀁同安排、同布署。\n")
            .0
            .len();
    // 4 + 4 + 4 bytes, then 同安排、同 (5 × 2)
    assert_eq!(typo["start"]["byte"], line3 + 12 + 10);
    assert_eq!(typo["end"]["byte"], line3 + 12 + 10 + 4);
    assert_eq!(
        (
            typo["start"]["line"].as_u64(),
            typo["start"]["column"].as_u64()
        ),
        (Some(3), Some(9))
    );
}

#[test]
fn gb18030_text_reports_original_byte_offsets() {
    let dir = tempfile::tempdir().unwrap();
    let (gbk, _, _) = encoding_rs::GB18030.encode(REPORT);
    let path = write(dir.path(), "gbk.txt", &gbk);
    let run = fzlint(&["check", "--no-config", "--format", "json", &path]);
    let v = json(&run);
    let typo = diagnostic_with_text(&v, "布署");
    let start = typo["start"]["byte"].as_u64().unwrap() as usize;
    let end = typo["end"]["byte"].as_u64().unwrap() as usize;
    assert_eq!(&gbk[start..end], &encoding_rs::GB18030.encode("布署").0[..]);
    assert_eq!(
        (
            typo["start"]["line"].as_u64(),
            typo["start"]["column"].as_u64()
        ),
        (Some(5), Some(11))
    );
    let human = fzlint(&["check", "--no-config", &path]);
    insta::assert_snapshot!("gbk_human", scrub(&human.stdout, dir.path()));

    // naming the encoding works; naming the wrong one is an error for that file
    assert_eq!(
        fzlint(&["check", "--no-config", "--encoding", "gbk", &path]).code,
        1
    );
    let wrong = fzlint(&[
        "check",
        "--no-config",
        "--encoding",
        "utf-8",
        "--format",
        "json",
        &path,
    ]);
    assert_eq!(wrong.code, 2);
    assert!(json(&wrong)["failures"][0]["error"]
        .as_str()
        .unwrap()
        .contains("UTF-8"));
    assert_eq!(
        fzlint(&["check", "--no-config", "--encoding", "klingon", &path]).code,
        2
    );
}

#[test]
fn utf16_text_with_bom() {
    let dir = tempfile::tempdir().unwrap();
    let mut bytes = vec![0xFE, 0xFF];
    for u in REPORT.encode_utf16() {
        bytes.extend_from_slice(&u.to_be_bytes());
    }
    let path = write(dir.path(), "u16.txt", &bytes);
    let v = json(&fzlint(&[
        "check",
        "--no-config",
        "--format",
        "json",
        &path,
    ]));
    let typo = diagnostic_with_text(&v, "布署");
    let start = typo["start"]["byte"].as_u64().unwrap() as usize;
    let expected: Vec<u8> = "布署".encode_utf16().flat_map(u16::to_be_bytes).collect();
    assert_eq!(&bytes[start..start + 4], &expected[..]);
}

#[test]
fn markdown_skips_code_and_front_matter_and_honours_disable_comments() {
    let run = fzlint(&["check", "--no-config", "fixtures/notes.md"]);
    insta::assert_snapshot!("markdown_human", run.stdout);
    let v = json(&fzlint(&[
        "check",
        "--no-config",
        "--format",
        "json",
        "fixtures/notes.md",
    ]));
    let lines: Vec<(String, u64)> = v["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            (
                d["rule"].as_str().unwrap().to_string(),
                d["start"]["line"].as_u64().unwrap(),
            )
        })
        .collect();
    // 布署 on line 8 and 21 only; XX on line 21 only
    let typos: Vec<u64> = lines
        .iter()
        .filter(|l| l.0 == "typo/misspelling")
        .map(|l| l.1)
        .collect();
    assert_eq!(typos, [8, 21]);
    let xx: Vec<u64> = lines
        .iter()
        .filter(|l| l.0 == "template/placeholder-x")
        .map(|l| l.1)
        .collect();
    assert_eq!(xx, [21]);
}

#[test]
fn html_body_text_with_positions_in_the_page() {
    let run = fzlint(&["check", "--no-config", "fixtures/page.html"]);
    insta::assert_snapshot!("html_human", run.stdout);
    let v = json(&fzlint(&[
        "check",
        "--no-config",
        "--format",
        "json",
        "fixtures/page.html",
    ]));
    let page = std::fs::read_to_string("fixtures/page.html").unwrap();
    let ids = rule_ids(&v);
    // residue in the body is found; the script's 布署 and the nav are not read
    for id in [
        "web/page-chrome",
        "web/publish-time",
        "web/source-line",
        "typo/misspelling",
    ] {
        assert!(ids.contains(&id.to_string()), "{id} missing: {ids:?}");
    }
    for d in v["diagnostics"].as_array().unwrap() {
        let (s, e) = (
            d["start"]["byte"].as_u64().unwrap() as usize,
            d["end"]["byte"].as_u64().unwrap() as usize,
        );
        let text = d["text"].as_str().unwrap();
        if !text.contains('\u{a0}') {
            assert_eq!(&page[s..e], text, "{d}");
        }
        let line = page
            .lines()
            .nth(d["start"]["line"].as_u64().unwrap() as usize - 1)
            .unwrap();
        let col = d["start"]["column"].as_u64().unwrap() as usize;
        let tail: String = line.chars().skip(col - 1).collect();
        assert!(tail.starts_with(text.chars().next().unwrap()), "{d}");
    }
    let typo = diagnostic_with_text(&v, "布署");
    assert_eq!(typo["start"]["line"], 16);
    // the report, not the site: residue pasted into the body is found, the site's own
    // buttons below the article and the nav above it are not; whole-document findings
    // point at the report's title
    let chrome: Vec<u64> = v["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["rule"] == "web/page-chrome")
        .map(|d| d["start"]["line"].as_u64().unwrap())
        .collect();
    assert_eq!(chrome, [21], "only the residue inside the article");
    let whole = v["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["rule"] == "annual-report/other-matters")
        .unwrap();
    assert_eq!(whole["start"]["line"], 12, "at the <h1> title: {whole}");
}

#[test]
fn docx_paragraphs_and_headings() {
    let dir = tempfile::tempdir().unwrap();
    let body = [
        paragraph(Some("Title"), "某区2023年度法治政府建设情况报告"),
        paragraph(Some("Heading1"), "主要举措和成效"),
        paragraph(
            None,
            "区政府主要负责人履行推进法治建设第一责任人职责,与经济工作同安排、同布署。",
        ),
        paragraph(Some("Heading1"), "存在的不足"),
        paragraph(None, "执法力量不足，基层法制审核人员配备不齐。"),
    ]
    .concat();
    let path = write(dir.path(), "报告.docx", &docx(&body));
    let run = fzlint(&["check", "--no-config", &path]);
    insta::assert_snapshot!("docx_human", scrub(&run.stdout, dir.path()));
    let v = json(&fzlint(&[
        "check",
        "--no-config",
        "--format",
        "json",
        &path,
    ]));
    let typo = diagnostic_with_text(&v, "布署");
    // line = paragraph number, column = character offset + 1
    assert_eq!(
        (
            typo["start"]["line"].as_u64(),
            typo["start"]["column"].as_u64()
        ),
        (Some(3), Some(35))
    );
    let ids = rule_ids(&v);
    // headings come from Word styles: the causes rule sees the 不足 part, next-year is missing
    assert!(ids.contains(&"annual-report/causes".to_string()), "{ids:?}");
    assert!(
        ids.contains(&"annual-report/next-year".to_string()),
        "{ids:?}"
    );
}

#[test]
fn bad_inputs_are_errors_for_their_file_only() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let good = write(d, "good.txt", "同布署".as_bytes());
    let corrupt = write(d, "corrupt.docx", b"PK\x03\x04 this is not really a zip");
    let mut ole = vec![0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
    ole.extend([0u8; 512]);
    let encrypted = write(d, "encrypted.docx", &ole);
    let empty = write(d, "empty.docx", b"");
    let entries: Vec<(String, Vec<u8>)> = (0..10_001)
        .map(|i| (format!("x/{i}"), Vec::new()))
        .collect();
    let entries: Vec<(&str, Vec<u8>)> = entries
        .iter()
        .map(|(n, b)| (n.as_str(), b.clone()))
        .collect();
    let bomb = write(d, "bomb.docx", &zip(&entries));
    let binary = write(d, "binary.txt", b"\x00\x01\x02\x03ELF");
    // 0xFF starts no UTF-8 or GB18030 character (and is no BOM here)
    let garbage = write(d, "garbage.txt", b"ab\xff\xff\xff cd");
    let missing = d.join("missing.txt");
    let args = [
        "check",
        "--no-config",
        "--format",
        "json",
        &good,
        &corrupt,
        &encrypted,
        &empty,
        &bomb,
        &binary,
        &garbage,
        missing.to_str().unwrap(),
    ];
    let run = fzlint(&args);
    assert_eq!(run.code, 2);
    let v = json(&run);
    assert_eq!(
        rule_ids(&v),
        ["typo/misspelling"],
        "the good file is still checked"
    );
    let errors: Vec<(String, String)> = v["failures"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            let p = f["path"].as_str().unwrap();
            (
                p.rsplit('/').next().unwrap().to_string(),
                f["error"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    let error_of = |name: &str| {
        errors
            .iter()
            .find(|e| e.0 == name)
            .map(|e| e.1.clone())
            .unwrap_or_default()
    };
    assert!(
        error_of("corrupt.docx").contains("不是有效的 .docx"),
        "{errors:?}"
    );
    assert!(error_of("encrypted.docx").contains("加密"), "{errors:?}");
    assert!(
        error_of("empty.docx").contains("不是有效的 .docx"),
        "{errors:?}"
    );
    assert!(error_of("bomb.docx").contains("条目数"), "{errors:?}");
    assert!(error_of("binary.txt").contains("二进制"), "{errors:?}");
    assert!(error_of("garbage.txt").contains("GB18030"), "{errors:?}");
    assert!(run.stderr.contains("missing.txt"));

    // --skip-unreadable: still reported, but the exit code is about findings
    let some: Vec<&str> = ["check", "--no-config", "--skip-unreadable", &good, &corrupt].to_vec();
    let run = fzlint(&some);
    assert_eq!(run.code, 1);
    assert!(run.stderr.contains("corrupt.docx"));
}

#[test]
fn file_size_limit_is_configurable() {
    let dir = tempfile::tempdir().unwrap();
    // ~1.2 MB, mostly blank lines: large, but quick to lint in a debug build
    let big = format!("同布署。{}", "\n".repeat(1_200_000));
    let path = write(dir.path(), "big.txt", big.as_bytes());
    let run = fzlint(&[
        "check",
        "--no-config",
        "--max-file-size",
        "1",
        "--format",
        "json",
        &path,
    ]);
    assert_eq!(run.code, 2);
    assert!(json(&run)["failures"][0]["error"]
        .as_str()
        .unwrap()
        .contains("上限 1 MB"));
    let cfg = write(dir.path(), "lint.toml", b"max-file-size = 1\n");
    assert_eq!(fzlint(&["check", "--config", &cfg, &path]).code, 2);
    assert_eq!(fzlint(&["check", "--no-config", &path]).code, 1);
}

#[test]
fn folders_are_walked_for_every_format_and_include_filters() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    write(d, "a.txt", "同布署".as_bytes());
    write(d, "b.html", "<p>同布署</p>".as_bytes());
    write(d, "c.docx", &docx(&paragraph(None, "同布署")));
    write(d, "d.wps", b"%PDF");
    let v = json(&fzlint(&[
        "check",
        "--no-config",
        "--format",
        "json",
        d.to_str().unwrap(),
    ]));
    assert_eq!(v["summary"]["files"], 3);
    let cfg = write(d, "lint.toml", b"include = [\"*.docx\"]\n");
    let v = json(&fzlint(&[
        "check",
        "--config",
        &cfg,
        "--format",
        "json",
        d.to_str().unwrap(),
    ]));
    assert_eq!(v["summary"]["files"], 1);
}

/// The findings of a run as (rule, line, column, message), position by paragraph.
fn findings(path: &str) -> Vec<(String, u64, u64, String)> {
    let v = json(&fzlint(&["check", "--no-config", "--format", "json", path]));
    let mut out: Vec<_> = v["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            (
                d["rule"].as_str().unwrap().to_string(),
                d["start"]["line"].as_u64().unwrap(),
                d["start"]["column"].as_u64().unwrap(),
                d["message"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    out.sort();
    out
}

#[test]
fn a_report_has_the_same_findings_whichever_format_it_comes_in() {
    // each example report, one line a paragraph, as .txt, .docx and .odt
    let dir = tempfile::tempdir().unwrap();
    let mut compared = 0;
    for entry in std::fs::read_dir("../examples").unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_none_or(|e| e != "txt") {
            continue;
        }
        let text = std::fs::read_to_string(&path).unwrap();
        let lines: Vec<&str> = text.lines().collect();
        let stem = path.file_stem().unwrap().to_str().unwrap();
        let body: String = lines.iter().map(|l| paragraph(None, l)).collect();
        let as_docx = write(dir.path(), &format!("{stem}.docx"), &docx(&body));
        let as_odt = write(
            dir.path(),
            &format!("{stem}.odt"),
            &fzlint_formats::testing::odt_paragraphs(&lines),
        );
        let want = findings(path.to_str().unwrap());
        assert!(!want.is_empty());
        assert_eq!(findings(&as_docx), want, "{stem}.docx");
        assert_eq!(findings(&as_odt), want, "{stem}.odt");
        // an OFD page places each line as text codes; lines are numbered on the page, so
        // only what is found is compared
        let codes: String = lines
            .iter()
            .filter(|l| !l.trim().is_empty())
            .enumerate()
            .map(|(i, l)| {
                format!(
                    "<ofd:TextObject Boundary=\"25 {} 160 8\"><ofd:TextCode X=\"0\" Y=\"6\">{}</ofd:TextCode></ofd:TextObject>",
                    20 + i * 8,
                    l.replace('&', "&amp;").replace('<', "&lt;")
                )
            })
            .collect();
        let as_ofd = write(
            dir.path(),
            &format!("{stem}.ofd"),
            &fzlint_formats::testing::ofd(&[&codes]),
        );
        // (the paragraph count of a layout is a position too: 全文共 N 段)
        let strip = |f: Vec<(String, u64, u64, String)>| {
            let mut v: Vec<(String, String)> = f
                .into_iter()
                .map(|(r, _, _, m)| match (m.find("（全文共"), m.find("段）")) {
                    (Some(a), Some(b)) if a < b => {
                        (r, format!("{}{}", &m[..a], &m[b + "段）".len()..]))
                    }
                    _ => (r, m),
                })
                .collect();
            v.sort();
            v
        };
        assert_eq!(strip(findings(&as_ofd)), strip(want), "{stem}.ofd");
        compared += 1;
    }
    assert_eq!(compared, 2);
}

/// The findings of a run as (rule, message): what a report has, whatever the positions.
fn rules_and_messages(path: &str) -> Vec<(String, String)> {
    let mut out: Vec<_> = findings(path)
        .into_iter()
        .map(|(r, _, _, m)| (r, m))
        .collect();
    out.sort();
    out
}

#[test]
fn a_printed_pdf_of_a_report_has_the_same_findings_as_its_text() {
    // tests/fixtures/pdf/ holds the examples printed to PDF by scripts/make-pdf-fixtures.py
    // (headless Chromium, CJK font embedded): titles and paragraphs broken over lines,
    // radicals for 人 and 民 in the font's map, justified lines spread out
    let mut compared = 0;
    for entry in std::fs::read_dir("fixtures/pdf").unwrap() {
        let pdf = entry.unwrap().path();
        let stem = pdf.file_stem().unwrap().to_str().unwrap().to_string();
        let txt = format!("../examples/{stem}.txt");
        let want = rules_and_messages(&txt);
        assert!(!want.is_empty());
        assert_eq!(
            rules_and_messages(pdf.to_str().unwrap()),
            want,
            "{stem}.pdf"
        );
        // each finding says where it is on the page
        let v = json(&fzlint(&[
            "check",
            "--no-config",
            "--format",
            "json",
            pdf.to_str().unwrap(),
        ]));
        for d in v["diagnostics"].as_array().unwrap() {
            let place = d["place"].as_str().unwrap_or("");
            assert!(place.contains("第 ") && place.contains(" 页第 "), "{d}");
        }
        compared += 1;
    }
    assert_eq!(compared, 2);
}

#[test]
fn a_pdf_without_text_is_reported_as_a_scan() {
    // a one-page PDF that draws a rectangle and has no text: what a scanner makes, less the
    // image
    let content = "0 0 100 100 re f";
    let objects = [
        "<< /Type /Catalog /Pages 2 0 R >>".to_string(),
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>".to_string(),
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << >> >>"
            .to_string(),
        format!(
            "<< /Length {} >>\nstream\n{content}\nendstream",
            content.len()
        ),
    ];
    let mut pdf = String::from("%PDF-1.4\n");
    let mut offsets = Vec::new();
    for (i, o) in objects.iter().enumerate() {
        offsets.push(pdf.len());
        pdf.push_str(&format!("{} 0 obj\n{o}\nendobj\n", i + 1));
    }
    let xref = pdf.len();
    pdf.push_str(&format!(
        "xref\n0 {}\n0000000000 65535 f \n",
        objects.len() + 1
    ));
    for o in offsets {
        pdf.push_str(&format!("{o:010} 00000 n \n"));
    }
    pdf.push_str(&format!(
        "trailer\n<< /Size {} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n",
        objects.len() + 1
    ));
    let dir = tempfile::tempdir().unwrap();
    let path = write(dir.path(), "扫描件.pdf", pdf.as_bytes());
    let run = fzlint(&["check", "--no-config", &path]);
    assert_eq!(run.code, 2, "{}{}", run.stdout, run.stderr);
    assert!(run.stderr.contains("扫描件，无文字层"), "{}", run.stderr);
}
