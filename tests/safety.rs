//! `fzlint fix` and every file fzlint writes never lose a byte (issue 14, data safety): the
//! probes of the attack run, kept as tests. The rules themselves are unit-tested in
//! crates/fzlint-cli/src/write.rs; these run the command as a user does.

#![cfg(unix)]

use fzlint_tests::fzlint;
use std::os::unix::fs::{MetadataExt, PermissionsExt};

const FAULTY: &str = "把法治建设与业务工作同谋划、同布署、同推进。\n";
const FIXED: &str = "把法治建设与业务工作同谋划、同部署、同推进。\n";

#[test]
fn fix_writes_through_a_symlink_and_keeps_the_link() {
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("报告.txt");
    let link = dir.path().join("链接.txt");
    std::fs::write(&target, FAULTY).unwrap();
    std::os::unix::fs::symlink(&target, &link).unwrap();
    let run = fzlint(&["fix", "--no-config", link.to_str().unwrap()]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(std::fs::symlink_metadata(&link)
        .unwrap()
        .file_type()
        .is_symlink());
    assert_eq!(std::fs::read_to_string(&target).unwrap(), FIXED);
}

#[test]
fn fix_refuses_read_only_and_hard_linked_files_and_leaves_them_as_they_were() {
    let dir = tempfile::tempdir().unwrap();
    let ro = dir.path().join("只读.txt");
    std::fs::write(&ro, FAULTY).unwrap();
    std::fs::set_permissions(&ro, std::fs::Permissions::from_mode(0o444)).unwrap();
    let run = fzlint(&["fix", "--no-config", ro.to_str().unwrap()]);
    assert_ne!(run.code, 0);
    assert!(run.stderr.contains("read-only"), "{}", run.stderr);
    assert_eq!(std::fs::read_to_string(&ro).unwrap(), FAULTY);

    let a = dir.path().join("a.txt");
    let b = dir.path().join("b.txt");
    std::fs::write(&a, FAULTY).unwrap();
    std::fs::hard_link(&a, &b).unwrap();
    let run = fzlint(&["fix", "--no-config", a.to_str().unwrap()]);
    assert_ne!(run.code, 0);
    assert!(run.stderr.contains("hard links"), "{}", run.stderr);
    assert_eq!(std::fs::read_to_string(&b).unwrap(), FAULTY);
    assert_eq!(std::fs::metadata(&a).unwrap().nlink(), 2);
}

#[test]
fn fix_keeps_mode_and_leaves_no_temporary_file() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("报告.txt");
    std::fs::write(&p, FAULTY).unwrap();
    std::fs::set_permissions(&p, std::fs::Permissions::from_mode(0o640)).unwrap();
    let before = std::fs::metadata(&p).unwrap().ino();
    // a reader that has the file open while it is fixed sees the old text whole
    let mut open_before = std::fs::File::open(&p).unwrap();
    let run = fzlint(&["fix", "--no-config", p.to_str().unwrap()]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(std::fs::read_to_string(&p).unwrap(), FIXED);
    assert_eq!(std::fs::metadata(&p).unwrap().mode() & 0o777, 0o640);
    // written to a temporary file and renamed over the old one, not rewritten in place
    assert_ne!(std::fs::metadata(&p).unwrap().ino(), before);
    let mut old = String::new();
    std::io::Read::read_to_string(&mut open_before, &mut old).unwrap();
    assert_eq!(old, FAULTY);
    let names: Vec<String> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(names, ["报告.txt"]);
}

#[test]
fn a_new_baseline_gets_the_usual_mode_and_a_device_is_written_to_not_replaced() {
    let dir = tempfile::tempdir().unwrap();
    let report = dir.path().join("报告.txt");
    std::fs::write(&report, FAULTY).unwrap();
    let base = dir.path().join("baseline.json");
    let run = fzlint(&[
        "check",
        "--no-config",
        "--write-baseline",
        base.to_str().unwrap(),
        report.to_str().unwrap(),
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(std::fs::metadata(&base).unwrap().mode() & 0o777, 0o644);
    let run = fzlint(&[
        "check",
        "--no-config",
        "--write-baseline",
        "/dev/null",
        report.to_str().unwrap(),
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(!std::fs::metadata("/dev/null").unwrap().is_file());
}

#[test]
fn settings_files_must_be_regular_and_small_and_threads_are_clamped() {
    // a device as a pack or a config is refused at once, not read forever
    let run = fzlint(&[
        "check",
        "--no-config",
        "--pack",
        "/dev/zero",
        "fixtures/clean.txt",
    ]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("不是普通文件"), "{}", run.stderr);
    let run = fzlint(&["check", "--config", "/dev/null", "fixtures/clean.txt"]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    // an absurd thread count runs with a warning instead of thrashing
    let run = fzlint(&[
        "check",
        "--no-config",
        "--threads",
        "99999999999",
        "fixtures/clean.txt",
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stderr.contains("clamped"), "{}", run.stderr);
}

#[test]
fn an_extends_chain_has_a_depth_limit() {
    let dir = tempfile::tempdir().unwrap();
    for i in 0..40 {
        let extends = if i == 39 {
            String::new()
        } else {
            format!("extends = \"p{}.toml\"\n", i + 1)
        };
        std::fs::write(
            dir.path().join(format!("p{i}.toml")),
            format!("[pack]\nname = \"p{i}\"\nversion = \"1\"\n{extends}"),
        )
        .unwrap();
    }
    let p0 = dir.path().join("p0.toml");
    let run = fzlint(&["test-rules", p0.to_str().unwrap()]);
    assert_eq!(run.code, 2, "{}", run.stdout);
    assert!(run.stderr.contains("嵌套超过"), "{}", run.stderr);
}

#[test]
fn control_characters_from_a_document_never_reach_the_terminal_raw() {
    let dir = tempfile::tempdir().unwrap();
    // ESC sequences (colour, title), BEL, a C1 control and a bidi override around a typo
    let p = dir.path().join("报告\u{1b}[31m.txt");
    std::fs::write(
        &p,
        "前文\u{1b}]0;pwned\u{7}与经济工作同\u{202e}布署\u{202c}、同\u{9b}考核。\n同布署\u{1b}[2J。\n",
    )
    .unwrap();
    let path = p.to_str().unwrap();
    for format in ["human", "concise", "github"] {
        let run = fzlint(&[
            "check",
            "--no-config",
            "--color",
            "never",
            "--format",
            format,
            path,
        ]);
        for bad in ['\u{1b}', '\u{7}', '\u{9b}', '\u{202e}', '\u{202c}'] {
            assert!(
                !run.stdout.contains(bad) && !run.stderr.contains(bad),
                "{format}: raw {:?} in\n{}",
                bad,
                run.stdout
            );
        }
        assert!(run.stdout.contains("<U+001B>"), "{format}:\n{}", run.stdout);
    }
    // JSON keeps the exact text (escaped by JSON itself)
    let run = fzlint(&["check", "--no-config", "--format", "json", path]);
    let v = fzlint_tests::json(&run);
    assert!(v["diagnostics"][0]["path"]
        .as_str()
        .unwrap()
        .contains('\u{1b}'));
}

#[test]
fn a_regex_too_large_to_build_is_a_pack_error_at_its_position_not_a_panic() {
    let dir = tempfile::tempdir().unwrap();
    let pack = dir.path().join("big.toml");
    std::fs::write(
        &pack,
        "[pack]\nname = \"big\"\nversion = \"1\"\n[[rule]]\nid = \"big/x\"\nkind = \"pattern\"\nseverity = \"error\"\nmessage = \"x\"\nregex = '(?:\\p{Han}{1000}){1000}x'\n",
    )
    .unwrap();
    let run = fzlint(&[
        "check",
        "--no-config",
        "--pack",
        pack.to_str().unwrap(),
        "fixtures/clean.txt",
    ]);
    assert_eq!(run.code, 2, "{}", run.stdout);
    assert!(run.stderr.contains("太大，无法建立"), "{}", run.stderr);
    assert!(run.stderr.contains("big.toml:9:9"), "{}", run.stderr);
}

#[test]
fn findings_per_file_are_capped_with_a_count_of_the_rest() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("r.txt");
    std::fs::write(&p, "同布署，".repeat(50) + "今年以来。\n").unwrap();
    let run = fzlint(&[
        "check",
        "--no-config",
        "--format",
        "json",
        "--max-findings",
        "10",
        p.to_str().unwrap(),
    ]);
    let v = fzlint_tests::json(&run);
    let d = v["diagnostics"].as_array().unwrap();
    assert_eq!(d.len(), 11, "{d:?}");
    let last = &d[10];
    assert_eq!(last["rule"], "fzlint/too-many-findings");
    let m = last["message"].as_str().unwrap();
    assert!(
        m.starts_with("还有 ") && m.contains("每个文件最多 10 条"),
        "{last}"
    );
    // the most serious are kept: ten errors, the warning (今年以来) is among the rest
    assert!(d[..10].iter().all(|x| x["severity"] == "error"));
    // and the count of the rest is exact: all findings less the ten shown
    let all = fzlint(&[
        "check",
        "--no-config",
        "--format",
        "json",
        "--max-findings",
        "100000",
        p.to_str().unwrap(),
    ]);
    let total = fzlint_tests::json(&all)["diagnostics"]
        .as_array()
        .unwrap()
        .len();
    assert!(total > 50, "{total}");
    assert!(
        m.starts_with(&format!("还有 {} 条", total - 10)),
        "{m} (of {total})"
    );
}

#[test]
fn junit_is_well_formed_xml_for_any_document_text_and_file_name() {
    let dir = tempfile::tempdir().unwrap();
    // characters XML 1.0 cannot hold at all (U+FFFE, U+FFFF, controls), markup, quotes
    let p = dir.path().join("报<告>&\"\u{1}\u{ffff}.txt");
    std::fs::write(
        &p,
        "同\u{ffff}布署\u{fffe}、同\u{1}布署<![CDATA[ ]]>&amp;\"'、同布署]]>。\n",
    )
    .unwrap();
    let run = fzlint(&[
        "check",
        "--no-config",
        "--format",
        "junit",
        p.to_str().unwrap(),
    ]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    let xml = &run.stdout;
    // the XML 1.0 Char production
    let allowed = |c: char| {
        matches!(c, '\t' | '\n' | '\r')
            || ('\u{20}'..='\u{d7ff}').contains(&c)
            || ('\u{e000}'..='\u{fffd}').contains(&c)
            || c >= '\u{10000}'
    };
    assert!(xml.chars().all(allowed), "{xml:?}");
    // and it parses: every element closed, every attribute quoted
    let mut reader = quick_xml::Reader::from_str(xml);
    let (mut depth, mut failures) = (0i32, 0);
    loop {
        match reader.read_event().expect("well-formed XML") {
            quick_xml::events::Event::Start(e) => {
                depth += 1;
                if e.name().as_ref() == "failure" {
                    failures += 1;
                }
            }
            quick_xml::events::Event::End(_) => depth -= 1,
            quick_xml::events::Event::Eof => break,
            _ => {}
        }
    }
    assert_eq!((depth, failures), (0, 1), "{xml}");
    assert!(xml.contains("failures=\"1\""), "{xml}");
}

#[test]
fn a_docx_that_expands_past_the_limit_is_refused_and_the_run_goes_on() {
    let dir = tempfile::tempdir().unwrap();
    // two million empty paragraphs: a small archive, 2 MB of text lines (the file limit of
    // 1 MB lets the archive through; the same limit stops the text it expands to)
    let bomb = dir.path().join("bomb.docx");
    std::fs::write(
        &bomb,
        fzlint_formats::testing::docx(&"<w:p/>".repeat(2_000_000)),
    )
    .unwrap();
    assert!(std::fs::metadata(&bomb).unwrap().len() < 100_000);
    let good = dir.path().join("good.txt");
    std::fs::write(&good, FAULTY).unwrap();
    let run = fzlint(&[
        "check",
        "--no-config",
        "--format",
        "concise",
        "--max-file-size",
        "1",
        bomb.to_str().unwrap(),
        good.to_str().unwrap(),
    ]);
    assert_eq!(run.code, 2, "{}\n{}", run.stdout, run.stderr);
    let all = format!("{}{}", run.stdout, run.stderr);
    assert!(all.contains("从 .docx 提取的文字超过 1 MB"), "{all}");
    assert!(
        all.contains("typo/misspelling"),
        "the other file was not checked:\n{all}"
    );
}

#[test]
fn a_docx_alt_chunk_is_checked_or_reported_never_silently_skipped() {
    let dir = tempfile::tempdir().unwrap();
    let body = "<w:p><w:r><w:t>正文。</w:t></w:r></w:p><w:altChunk r:id=\"rId1\"/><w:altChunk r:id=\"rId2\"/>";
    let document = format!(
        "<w:document xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\" \
         xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\"><w:body>{body}</w:body></w:document>"
    );
    let rels = "<Relationships><Relationship Id=\"rId1\" Target=\"chunk.html\"/>\
                <Relationship Id=\"rId2\" Target=\"chunk.rtf\"/></Relationships>";
    let file = fzlint_formats::testing::zip(&[
        ("word/document.xml", document.into_bytes()),
        ("word/_rels/document.xml.rels", rels.as_bytes().to_vec()),
        (
            "word/chunk.html",
            "<p>同谋划、同布署。</p>".as_bytes().to_vec(),
        ),
        ("word/chunk.rtf", b"{\\rtf1 x}".to_vec()),
    ]);
    let p = dir.path().join("r.docx");
    std::fs::write(&p, file).unwrap();
    let run = fzlint(&[
        "check",
        "--no-config",
        "--format",
        "concise",
        p.to_str().unwrap(),
    ]);
    // the HTML chunk's text is checked, at its own line
    assert!(
        run.stdout.contains(":2:6: error[typo/misspelling]"),
        "{}",
        run.stdout
    );
    // the RTF chunk is reported where it stands
    assert!(
        run.stdout.contains(":3:1: warning[fzlint/unread-content]")
            && run.stdout.contains("word/chunk.rtf"),
        "{}",
        run.stdout
    );
}

#[test]
fn html_without_the_optional_head_end_tag_is_read_as_a_browser_reads_it() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("page.html");
    std::fs::write(
        &p,
        "<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>报告</title>\n<body><p>把法治建设与业务工作同谋划、同布署。</p></body></html>\n",
    )
    .unwrap();
    let run = fzlint(&[
        "check",
        "--no-config",
        "--format",
        "concise",
        p.to_str().unwrap(),
    ]);
    assert!(
        run.stdout.contains("typo/misspelling"),
        "the body was dropped:\n{}",
        run.stdout
    );
}

#[test]
fn unclosed_skipped_elements_and_unmatched_end_tags_stay_linear() {
    // 20,000 unclosed <svg> then 20,000 stray </p>: the skip stack is bounded, so this is
    // linear work (it was quadratic); the visible text before them is still checked
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("page.html");
    let html = format!(
        "<p>同布署</p>{}{}",
        "<svg>".repeat(20_000),
        "</p>".repeat(20_000)
    );
    std::fs::write(&p, html).unwrap();
    let run = fzlint(&[
        "check",
        "--no-config",
        "--format",
        "concise",
        p.to_str().unwrap(),
    ]);
    assert!(run.stdout.contains("typo/misspelling"), "{}", run.stdout);
}
