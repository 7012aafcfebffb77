//! Hostile inputs: each finishes with a clear result and never panics, and a file that cannot
//! be checked does not stop the others. (How fast is measured by benches/run.sh, not here.)

use fzlint_tests::{fzlint, Run};
use std::path::{Path, PathBuf};

struct Dir(tempfile::TempDir);

impl Dir {
    fn new() -> Dir {
        Dir(tempfile::tempdir().unwrap())
    }
    fn file(&self, name: &str, bytes: impl AsRef<[u8]>) -> String {
        let p: PathBuf = self.0.path().join(name);
        std::fs::write(&p, bytes).unwrap();
        p.to_string_lossy().into_owned()
    }
    fn path(&self) -> &Path {
        self.0.path()
    }
}

fn check(args: &[&str]) -> Run {
    // every finding counted: these files test the engine, not the per-file cap
    let mut all = vec![
        "check",
        "--no-config",
        "--format",
        "concise",
        "--max-findings",
        "10000000",
    ];
    all.extend_from_slice(args);
    fzlint(&all)
}

fn count(run: &Run, rule: &str) -> usize {
    run.stdout.matches(&format!("[{rule}]")).count()
}

/// A small report with one known fault, checked beside each hostile file to show the run goes on.
const GOOD: &str = "某县2025年法治政府建设情况报告\n一、主要举措\n与经济工作同安排、同布署。\n";

/// The run went on: GOOD was checked and its one fault reported.
fn assert_good_was_checked(run: &Run) {
    assert_eq!(count(run, "typo/misspelling"), 1, "{}", run.stdout);
}

#[test]
fn empty_files_of_every_format() {
    let d = Dir::new();
    let files = [
        d.file("empty.txt", ""),
        d.file("empty.md", ""),
        d.file("empty.html", ""),
    ];
    let args: Vec<&str> = files.iter().map(String::as_str).collect();
    let run = check(&args);
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    // concise output ends with the summary, as the human format does
    assert_eq!(run.stdout, "检查了 3 个文件，没有发现问题。\n");
    assert_eq!(run.stderr, "");
}

#[test]
fn a_zero_byte_docx_is_an_error_for_that_file_only() {
    let d = Dir::new();
    let docx = d.file("空.docx", "");
    let good = d.file("good.txt", GOOD);
    let run = check(&[&docx, &good]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("空.docx: error: 不是有效的 .docx"),
        "{}",
        run.stderr
    );
    assert_good_was_checked(&run);
}

#[test]
fn a_100_mb_line_is_refused_before_it_is_read() {
    let d = Dir::new();
    let big = d.path().join("big.txt");
    let f = std::fs::File::create(&big).unwrap();
    // 100 MB on one line (sparse: the length is what matters to the limit)
    f.set_len(100 * 1024 * 1024).unwrap();
    drop(f);
    let good = d.file("good.txt", GOOD);
    let run = check(&[big.to_str().unwrap(), &good]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("big.txt"), "{}", run.stderr);
    assert!(
        run.stderr.contains("50 MB"),
        "names the limit: {}",
        run.stderr
    );
    assert_good_was_checked(&run);
}

#[test]
fn a_6_mb_line_with_150000_findings() {
    let d = Dir::new();
    let line = d.file("line.txt", "法治政府建设取得了一定成效，".repeat(150_000));
    let run = check(&[&line]);
    assert_eq!(run.code, 0, "warnings only: {}", run.stderr);
    assert_eq!(count(&run, "vague/empty-achievement"), 150_000);
    // the last one is at the right character column of line 1
    assert!(run
        .stdout
        .contains(":1:2099993: warning[vague/empty-achievement]"));
}

#[test]
fn a_million_headings() {
    let d = Dir::new();
    let text: String = (0..1_000_000)
        .map(|i| {
            format!(
                "{}、标题{i}\n",
                ["一", "二", "三", "四", "五", "六", "七", "八", "九", "十"][i % 10]
            )
        })
        .collect();
    let f = d.file("heads.txt", text);
    let run = check(&[&f]);
    assert_eq!(run.code, 1);
    // every 一、 after 十、 goes backwards: 99,999 of them
    assert_eq!(count(&run, "format/heading-sequence"), 99_999);
}

#[test]
fn deeply_nested_brackets() {
    let d = Dir::new();
    let text = format!(
        "{}{}\n{}\n",
        "（".repeat(100_000),
        "）".repeat(100_000),
        "《".repeat(50_000)
    );
    let f = d.file("nest.txt", text);
    let run = check(&[&f]);
    assert_eq!(run.code, 1);
    // the balanced line is fine; each unclosed 《 is reported
    assert_eq!(count(&run, "format/unpaired-marks"), 50_000);
    assert!(
        !run.stdout.contains("nest.txt:1:"),
        "the balanced line is fine"
    );
}

#[test]
fn nul_bytes_make_a_binary_file() {
    let d = Dir::new();
    let f = d.file(
        "nul.txt",
        b"\xe6\x8a\xa5\xe5\x91\x8a\x00\x00\x00\xe5\x86\x85",
    );
    let good = d.file("good.txt", GOOD);
    let run = check(&[&f, &good]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("nul.txt: error: 看起来是二进制文件"),
        "{}",
        run.stderr
    );
    assert_good_was_checked(&run);
}

#[test]
fn invalid_utf8_inside_a_chinese_character() {
    let d = Dir::new();
    let mut bytes = "法治政府建设情况报告".as_bytes().to_vec();
    bytes.remove(4); // 治 loses its second byte
    let f = d.file("cut.txt", &bytes);
    let run = check(&[&f]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr
            .contains("cut.txt: error: UTF-8 文本第 3 字节起有无效字节"),
        "damaged UTF-8 is reported, not read as GB18030 nonsense: {}",
        run.stderr
    );
}

#[test]
fn a_pack_with_10000_phrases() {
    let d = Dir::new();
    let phrases: Vec<String> = (0..10_000).map(|i| format!("\"禁用词{i:05}\"")).collect();
    let pack = d.file(
        "big.toml",
        format!(
            "[pack]\nname = \"big\"\nversion = \"1\"\n[[rule]]\nid = \"big/word\"\nkind = \"phrase\"\nseverity = \"error\"\nmessage = \"“{{match}}”\"\nphrases = [{}]\n",
            phrases.join(", ")
        ),
    );
    let doc = d.file(
        "doc.txt",
        "正文含禁用词00042和禁用词09999,但没有禁用词1。\n",
    );
    let run = fzlint(&[
        "check",
        "--no-config",
        "--format",
        "concise",
        "--pack",
        &pack,
        &doc,
    ]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert_eq!(count(&run, "big/word"), 2, "{}", run.stdout);
}

#[test]
fn a_regex_that_would_backtrack_forever_runs_in_linear_time() {
    let d = Dir::new();
    let pack = d.file(
        "evil.toml",
        "[pack]\nname = \"evil\"\nversion = \"1\"\n[[rule]]\nid = \"evil/nested\"\nkind = \"pattern\"\nseverity = \"error\"\nmessage = \"m\"\nregex = '(a+a+)+b'\n",
    );
    // exponential for a backtracking engine: from each of the 50,000 a's there are 2^n ways
    // to split them before the c fails; the one match (aab) comes after
    let doc = d.file("doc.txt", "a".repeat(50_000) + "c aab\n");
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let run = fzlint(&[
            "check",
            "--no-config",
            "--format",
            "concise",
            "--pack",
            &pack,
            &doc,
        ]);
        let _ = tx.send(run);
        drop(d);
    });
    let run = rx
        .recv_timeout(std::time::Duration::from_secs(120))
        .expect("not finished in 120 s: the regex engine backtracks");
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert_eq!(count(&run, "evil/nested"), 1, "{}", run.stdout);
    assert!(
        run.stdout.contains(":1:50003: error[evil/nested]"),
        "{}",
        run.stdout
    );
}

#[test]
fn a_panic_while_checking_one_file_is_reported_and_the_run_goes_on() {
    let d = Dir::new();
    let boom = d.file("panic-marker-7f3a.txt", GOOD);
    let good = d.file("good.txt", GOOD);
    // only files whose path holds the marker panic (a debug-build hook in check_file)
    std::env::set_var("FZLINT_TEST_PANIC_ON", "panic-marker-7f3a");
    let run = check(&[&boom, &good]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains(
            "panic-marker-7f3a.txt: error: 内部错误 / internal error while checking: test panic"
        ),
        "{}",
        run.stderr
    );
    assert_good_was_checked(&run);
}

/// Inputs the fuzzers (fuzz/) found that panicked a reader or put a position past the end of
/// the file; each must now read, with every position inside the file.
#[test]
fn fuzz_findings_read_without_panicking() {
    for f in [
        "fixtures/fuzz/html-entity-cut-char.html",
        "fixtures/fuzz/md-unclosed-comment.md",
        "fixtures/fuzz/html-gb18030-end.html",
        "fixtures/fuzz/md-gb18030-0x80.md",
    ] {
        let run = fzlint(&["check", "--no-config", "--format", "json", f]);
        assert!(run.code < 2, "{f}: {}", run.stderr);
        let len = std::fs::metadata(f).unwrap().len();
        let v = fzlint_tests::json(&run);
        for d in v["diagnostics"].as_array().unwrap() {
            let end = d["end"]["byte"].as_u64().unwrap();
            assert!(end <= len, "{f}: {} ends at byte {end} of {len}", d["rule"]);
        }
    }
}

/// Inputs built to make each kind of rule do the most work per byte: long sentences full of
/// figures (the facts and quantity kinds), dates, enumerations, brackets, repeated words,
/// lines and sentences, near names, headings and half-width marks. A kind that is quadratic
/// in a sentence or in the document takes hours on these (a 120 KB sentence took 100 s
/// before the facts were indexed); linear work takes seconds even in a debug build. The
/// bound is a hard limit, generous by two orders of magnitude, not a speed measurement —
/// speed is measured in benches/.
#[test]
fn every_kind_does_bounded_work_on_adversarial_input() {
    const TITLE: &str = "某区人民政府关于2023年度法治政府建设情况的报告\n一、主要举措和成效\n";
    let cases: Vec<(&str, String)> = vec![
        (
            "quantity: one sentence of counts, rates and shares",
            "全年共受理案件1200件，其中办结1100件，办结率91.7%，占全部案件的45%，同比增长3.2%，"
                .repeat(4_000),
        ),
        (
            "numeric: rates",
            "比例为105%、下降了12.5%、约1,234.5万元、".repeat(8_000),
        ),
        (
            "date: one sentence of dates",
            "2023年1月1日至2024年13月32日、今年以来、".repeat(8_000),
        ),
        (
            "sequence: enumerations",
            "一是加强，三是推进，（一）落实，（三）完善，".repeat(8_000),
        ),
        (
            "pairing: brackets",
            "（“【《".repeat(20_000) + &"》】”）".repeat(5_000) + &"）".repeat(20_000),
        ),
        (
            "repetition: doubled words",
            "的的加强加强推进推进，".repeat(15_000),
        ),
        (
            "repeated lines",
            "打印此文 关闭窗口\n".repeat(10_000)
                + &(0..10_000)
                    .map(|i| format!("第{i}行\n"))
                    .collect::<String>(),
        ),
        (
            "repeated sentences",
            "我们加强了法治建设。".repeat(10_000)
                + &(0..5_000).map(|i| format!("第{i}句。")).collect::<String>(),
        ),
        (
            "near names",
            "依照《中华人民共和国行政复议发》和《行政许可发》，".repeat(8_000),
        ),
        (
            "headings",
            (0..20_000)
                .map(|i| format!("（{i}）标题\n四、部分\n"))
                .collect(),
        ),
        (
            "punctuation",
            "加强,推进;落实:完善!\"引号\"(括号)".repeat(12_000),
        ),
    ];
    for (name, body) in cases {
        let d = Dir::new();
        let f = d.file("doc.txt", format!("{TITLE}{body}\n"));
        let (tx, rx) = std::sync::mpsc::channel();
        let started = std::time::Instant::now();
        std::thread::spawn(move || {
            let run = fzlint(&[
                "check",
                "--no-config",
                "--format",
                "concise",
                "--max-findings",
                "100",
                &f,
            ]);
            let _ = tx.send(run.code);
            drop(d);
        });
        match rx.recv_timeout(std::time::Duration::from_secs(180)) {
            Ok(code) => assert!(code == 0 || code == 1, "{name}: exit {code}"),
            Err(_) => panic!("{name}: not finished in 180 s: a rule is not linear"),
        }
        println!("{name}: {:.1} s", started.elapsed().as_secs_f64());
    }
}
