//! The `fzlint` command on fixtures: snapshots of human and JSON output, exit codes, order.

use fzlint_tests::{diagnostic_with_text, fzlint, fzlint_with, json, rule_ids};
use std::io::Write;

#[test]
fn human_output_on_a_faulty_report() {
    let run = fzlint(&["check", "--no-config", "fixtures/report-faults.txt"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert_eq!(run.stderr, "");
    insta::assert_snapshot!("human_report_faults", run.stdout);
}

#[test]
fn human_output_on_markdown() {
    let run = fzlint(&["check", "--no-config", "fixtures/plan.md"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    insta::assert_snapshot!("human_plan_md", run.stdout);
}

#[test]
fn json_output_on_a_faulty_report() {
    let run = fzlint(&[
        "check",
        "--no-config",
        "--format",
        "json",
        "fixtures/report-faults.txt",
    ]);
    assert_eq!(run.code, 1);
    insta::assert_snapshot!("json_report_faults", run.stdout);
}

#[test]
fn graphical_output_only_on_a_terminal_without_no_color() {
    let plain = fzlint(&["check", "--no-config", "fixtures/report-faults.txt"]);
    assert!(
        plain.stdout.is_ascii_boxes(),
        "plain output has box drawing"
    );
    let tty = fzlint_cli::Terminal {
        stdout_is_tty: true,
        no_color: false,
        width: None,
    };
    let fancy = fzlint_with(&["check", "--no-config", "fixtures/report-faults.txt"], tty);
    assert!(fancy.stdout.contains('╭') && fancy.stdout.contains("\u{1b}["));
    let no_color = fzlint_with(
        &["check", "--no-config", "fixtures/report-faults.txt"],
        fzlint_cli::Terminal {
            stdout_is_tty: true,
            no_color: true,
            width: None,
        },
    );
    assert_eq!(no_color.stdout, plain.stdout);
    let forced = fzlint(&[
        "check",
        "--no-config",
        "--color",
        "always",
        "fixtures/report-faults.txt",
    ]);
    assert!(forced.stdout.contains('╭'));
}

trait AsciiBoxes {
    fn is_ascii_boxes(&self) -> bool;
}

impl AsciiBoxes for str {
    /// No Unicode box drawing and no escape codes.
    fn is_ascii_boxes(&self) -> bool {
        !self
            .chars()
            .any(|c| ('\u{2500}'..='\u{257f}').contains(&c) || c == '\u{1b}')
    }
}

#[test]
fn clean_file_exits_zero() {
    let run = fzlint(&["check", "--no-config", "fixtures/clean.txt"]);
    assert_eq!(run.code, 0, "{}", run.stdout);
    assert_eq!(run.stdout, "检查了 1 个文件，没有发现问题。\n");
}

#[test]
fn fail_on_sets_the_threshold() {
    // plan.md has errors; clean.txt none. A file with only warnings/infos:
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("w.txt");
    std::fs::write(
        &path,
        "某区工作总结\n\n各项工作取得了一定成效,有待进一步加强。\n",
    )
    .unwrap();
    let p = path.to_str().unwrap();
    assert_eq!(fzlint(&["check", "--no-config", p]).code, 0);
    assert_eq!(
        fzlint(&["check", "--no-config", "--fail-on", "warning", p]).code,
        1
    );
    assert_eq!(
        fzlint(&["check", "--no-config", "--fail-on", "info", p]).code,
        1
    );
}

#[test]
fn positions_are_exact_bytes_lines_and_character_columns() {
    let run = fzlint(&[
        "check",
        "--no-config",
        "--format",
        "json",
        "fixtures/report-faults.txt",
    ]);
    let v = json(&run);
    let bytes = std::fs::read("fixtures/report-faults.txt").unwrap();
    let text = String::from_utf8(bytes.clone()).unwrap();
    for d in v["diagnostics"].as_array().unwrap() {
        let (s, e) = (
            d["start"]["byte"].as_u64().unwrap() as usize,
            d["end"]["byte"].as_u64().unwrap() as usize,
        );
        assert_eq!(&bytes[s..e], d["text"].as_str().unwrap().as_bytes(), "{d}");
        let line = d["start"]["line"].as_u64().unwrap() as usize;
        let col = d["start"]["column"].as_u64().unwrap() as usize;
        let line_text = text.lines().nth(line - 1).unwrap();
        let tail: String = line_text.chars().skip(col - 1).collect();
        assert!(tail.starts_with(d["text"].as_str().unwrap()), "{d}");
    }
    // 布署 on line 9: 同安排、同布署 — the column counts characters.
    let typo = diagnostic_with_text(&v, "布署");
    assert_eq!(typo["start"]["line"], 9);
    let line9 = text.lines().nth(8).unwrap();
    let expected_col = line9[..line9.find("布署").unwrap()].chars().count() + 1;
    assert_eq!(typo["start"]["column"], expected_col as u64);
}

#[test]
fn bom_and_crlf_keep_offsets_in_the_original_file() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("bom.txt");
    let mut f = std::fs::File::create(&path).unwrap();
    f.write_all(b"\xEF\xBB\xBF").unwrap();
    f.write_all("标题\r\n同安排、同布署。\r\n".as_bytes())
        .unwrap();
    drop(f);
    let run = fzlint(&[
        "check",
        "--no-config",
        "--format",
        "json",
        path.to_str().unwrap(),
    ]);
    let v = json(&run);
    let d = &v["diagnostics"][0];
    assert_eq!(d["rule"], "typo/misspelling");
    let bytes = std::fs::read(&path).unwrap();
    let at = bytes
        .windows(6)
        .position(|w| w == "布署".as_bytes())
        .unwrap();
    assert_eq!(d["start"]["byte"], at as u64);
    assert_eq!(d["end"]["byte"], (at + 6) as u64);
    assert_eq!(d["start"]["line"], 2);
    assert_eq!(d["start"]["column"], 6);
}

#[test]
fn order_is_stable_whatever_the_thread_count() {
    let args = |t: &'static str| {
        vec![
            "check",
            "--no-config",
            "--format",
            "json",
            "--threads",
            t,
            "fixtures/plan.md",
            "fixtures",
            "../examples",
        ]
    };
    let one = fzlint(&args("1"));
    let two = fzlint(&args("2"));
    let four = fzlint(&args("4"));
    assert_eq!(one.stdout, two.stdout);
    assert_eq!(one.stdout, four.stdout);
    let v = json(&one);
    let paths: Vec<&str> = v["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["path"].as_str().unwrap())
        .collect();
    let mut sorted = paths.clone();
    sorted.sort();
    assert_eq!(paths, sorted, "diagnostics grouped by path in path order");
    assert!(v["summary"]["files"].as_u64().unwrap() >= 6);
}

#[test]
fn folders_are_walked_for_txt_and_md_only() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("a.txt"), "同布署").unwrap();
    std::fs::write(dir.path().join("b.md"), "同布署").unwrap();
    std::fs::write(dir.path().join("c.toml"), "同布署").unwrap();
    std::fs::write(dir.path().join(".hidden.txt"), "同布署").unwrap();
    let run = fzlint(&[
        "check",
        "--no-config",
        "--format",
        "json",
        dir.path().to_str().unwrap(),
    ]);
    let v = json(&run);
    assert_eq!(v["summary"]["files"], 2);
    assert_eq!(rule_ids(&v), ["typo/misspelling", "typo/misspelling"]);
}

#[test]
fn unreadable_inputs_are_reported_and_the_run_goes_on() {
    let dir = tempfile::tempdir().unwrap();
    let bad = dir.path().join("bad.txt");
    std::fs::write(&bad, b"\xE6\xB3\x95\xE6\xB2\xBB\xE6").unwrap(); // 法治 + a cut character
    let bin = dir.path().join("bin.txt");
    std::fs::write(&bin, b"PK\x03\x04\x00\x00binary").unwrap();
    let good = dir.path().join("good.txt");
    std::fs::write(&good, "同布署").unwrap();
    let docx = dir.path().join("x.docx");
    std::fs::write(&docx, b"PK").unwrap();
    let args: Vec<&str> = ["check", "--no-config", "--format", "json"]
        .into_iter()
        .chain(
            [&bad, &bin, &good, &docx]
                .iter()
                .map(|p| p.to_str().unwrap()),
        )
        .chain(["fixtures/does-not-exist.txt"])
        .collect();
    let run = fzlint(&args);
    assert_eq!(run.code, 2, "unreadable files make the run exit 2");
    let v = json(&run);
    assert_eq!(
        rule_ids(&v),
        ["typo/misspelling"],
        "the good file is still checked"
    );
    let failures: Vec<String> = v["failures"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["error"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(failures.len(), 3);
    assert!(
        failures
            .iter()
            .any(|e| e.contains("UTF-8") && e.contains('6')),
        "{failures:?}"
    );
    assert!(
        failures.iter().any(|e| e.contains("二进制")),
        "{failures:?}"
    );
    assert!(failures.iter().any(|e| e.contains(".docx")), "{failures:?}");
    assert!(run.stderr.contains("does-not-exist.txt"), "{}", run.stderr);
}

#[test]
fn extra_pack_on_the_command_line() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("a.txt");
    std::fs::write(&path, "报县法制办审查。").unwrap();
    let run = fzlint(&[
        "check",
        "--no-config",
        "--format",
        "json",
        "--pack",
        "fixtures/packs/local.toml",
        path.to_str().unwrap(),
    ]);
    let v = json(&run);
    assert_eq!(rule_ids(&v), ["local/old-name"]);
    assert_eq!(
        v["diagnostics"][0]["message"],
        "机构改革后“法制办”已改为“司法局”"
    );
    assert_eq!(run.code, 0, "a warning does not fail at the default level");
}

#[test]
fn default_command_is_check() {
    let a = fzlint(&["--no-config", "fixtures/report-faults.txt"]);
    let b = fzlint(&["check", "--no-config", "fixtures/report-faults.txt"]);
    assert_eq!(a.stdout, b.stdout);
    assert_eq!(a.code, b.code);
}

#[test]
fn usage_errors_exit_two() {
    assert_eq!(fzlint(&["check", "--format", "xml", "x.txt"]).code, 2);
    assert_eq!(
        fzlint(&["check", "--no-config", "--threads", "many"]).code,
        2
    );
    let help = fzlint(&["--help"]);
    assert_eq!(help.code, 0);
    assert!(help.stdout.contains("check"));
}

#[test]
fn rules_lists_active_rules_as_json() {
    let run = fzlint(&["rules", "--no-config", "--format", "json"]);
    assert_eq!(run.code, 0);
    let v: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    let ids: Vec<&str> = v
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["id"].as_str().unwrap())
        .collect();
    for id in [
        "template/placeholder-x",
        "web/page-chrome",
        "typo/misspelling",
        "vague/empty-achievement",
        "annual-report/shortcomings",
    ] {
        assert!(ids.contains(&id), "{id} missing from {ids:?}");
    }
    let human = fzlint(&["rules", "--no-config"]);
    assert!(human.stdout.contains("typo/misspelling"));
    let with_pack = fzlint(&[
        "rules",
        "--no-config",
        "--pack",
        "fixtures/packs/local.toml",
        "--format",
        "json",
    ]);
    assert!(with_pack.stdout.contains("\"local/old-name\""));
}

#[test]
fn rule_reference_in_docs_is_current() {
    let run = fzlint(&["rules", "--no-config", "--format", "markdown"]);
    let committed = std::fs::read_to_string("../docs/rules.md").unwrap();
    assert!(
        committed == run.stdout,
        "docs/rules.md is stale: run `cargo run -p fzlint -- rules --no-config --format markdown > docs/rules.md`"
    );
}

#[test]
fn repository_lint_toml_is_valid() {
    let run = fzlint(&["rules", "--config", "../lint.toml"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
}

#[test]
fn oversized_file_is_refused_without_reading_it() {
    let dir = tempfile::tempdir().unwrap();
    let big = dir.path().join("big.txt");
    // sparse: 200 MB on paper, nothing on disk
    std::fs::File::create(&big)
        .unwrap()
        .set_len(200 * 1024 * 1024)
        .unwrap();
    let small = dir.path().join("small.txt");
    std::fs::write(&small, "同布署").unwrap();
    let run = fzlint(&[
        "check",
        "--no-config",
        "--format",
        "json",
        dir.path().to_str().unwrap(),
    ]);
    assert_eq!(run.code, 2);
    let v = json(&run);
    assert_eq!(rule_ids(&v), ["typo/misspelling"]);
    let err = v["failures"][0]["error"].as_str().unwrap();
    assert!(err.contains("过大") && err.contains("200 MB"), "{err}");
}

#[test]
fn rules_honours_disable_and_severity_in_lint_toml() {
    let dir = tempfile::tempdir().unwrap();
    let cfg = dir.path().join("lint.toml");
    std::fs::write(
        &cfg,
        "disable = [\"web\", \"typo/usage\"]\n[severity]\n\"vague/hedge\" = \"warning\"\n",
    )
    .unwrap();
    let run = fzlint(&[
        "rules",
        "--config",
        cfg.to_str().unwrap(),
        "--format",
        "json",
    ]);
    let v: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    let rules = v.as_array().unwrap();
    assert!(!rules
        .iter()
        .any(|r| r["pack"] == "web" || r["id"] == "typo/usage"));
    let hedge = rules.iter().find(|r| r["id"] == "vague/hedge").unwrap();
    assert_eq!(hedge["severity"], "warning");
}

#[test]
fn the_summary_gives_the_error_rate_per_ten_thousand_characters() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("r.txt");
    // 100 characters, one error (布署) and one warning (今年以来)
    let mut text = String::from("今年以来，同布署。");
    while text.chars().count() < 99 {
        text.push('好');
    }
    text.push('\n');
    assert_eq!(text.chars().count(), 100);
    std::fs::write(&path, &text).unwrap();
    let p = path.to_str().unwrap();
    let run = fzlint(&["check", "--no-config", "--format", "json", p]);
    let v = json(&run);
    assert_eq!(v["summary"]["characters"], 100);
    assert_eq!(
        (
            v["summary"]["errors"].as_u64(),
            v["summary"]["warnings"].as_u64()
        ),
        (Some(1), Some(1))
    );
    assert_eq!(v["summary"]["error_rate_per_10k"], 200.0);
    let run = fzlint(&["check", "--no-config", p]);
    assert!(
        run.stdout.ends_with("差错率 200.0 处/万字。\n"),
        "{}",
        run.stdout
    );
}

#[test]
fn serious_errors_are_counted_apart_and_shown_first() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("r.txt");
    std::fs::write(
        &path,
        "同布署，坚持以习近平新时代中国特色社会主意思想为指导。\n",
    )
    .unwrap();
    let p = path.to_str().unwrap();
    let run = fzlint(&["check", "--no-config", "--format", "json", p]);
    assert_eq!(run.code, 1);
    let v = json(&run);
    assert_eq!(v["summary"]["serious"], 1);
    assert_eq!(
        v["summary"]["errors"], 1,
        "a serious error is not also an error"
    );
    let d = &v["diagnostics"].as_array().unwrap();
    assert!(d
        .iter()
        .any(|d| d["severity"] == "serious" && d["text"] == "习近平新时代中国特色社会主意思想"));
    let run = fzlint(&["check", "--no-config", p]);
    let serious_at = run.stdout.find("serious[typo/serious-name]").unwrap();
    let typo_at = run.stdout.find("error[typo/misspelling]").unwrap();
    assert!(serious_at < typo_at, "serious first:\n{}", run.stdout);
    assert!(
        run.stdout.contains("：1 处严重表述错误，1 个错误"),
        "{}",
        run.stdout
    );
}

#[test]
fn a_folder_with_nothing_fzlint_can_read_is_not_a_pass() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    std::fs::write(d.join("报告.doc"), "同布署").unwrap();
    std::fs::write(d.join("报告.wps"), "同布署").unwrap();
    std::fs::create_dir(d.join("old")).unwrap();
    std::fs::write(d.join("old/旧报告.txt"), "同布署。\n").unwrap();
    std::fs::write(d.join(".ignore"), "old/\n").unwrap();
    let path = d.to_str().unwrap();
    let run = fzlint(&["check", "--no-config", path]);
    assert_eq!(run.code, 2, "an empty gate must not pass:\n{}", run.stderr);
    assert!(
        run.stderr
            .contains("2 个文档的格式无法读取（.doc 1 个、.wps 1 个）"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("1 个文件被 .gitignore/.ignore"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("没有找到可检查的文件"),
        "{}",
        run.stderr
    );
    // allowed by flag
    let run = fzlint(&["check", "--no-config", "--allow-no-files", path]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    // --no-ignore walks into what .ignore hides
    let run = fzlint(&[
        "check",
        "--no-config",
        "--format",
        "concise",
        "--no-ignore",
        path,
    ]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stdout
            .contains("旧报告.txt:1:2: error[typo/misspelling]"),
        "{}",
        run.stdout
    );
    assert!(!run.stderr.contains("被 .gitignore"), "{}", run.stderr);
}

#[test]
fn mistyped_subcommands_no_arguments_and_fix_without_a_path() {
    let run = fzlint(&["chek", "a.txt"]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("是不是 `check`"), "{}", run.stderr);
    let run = fzlint(&["rule"]);
    assert!(run.stderr.contains("是不是 `rules`"), "{}", run.stderr);
    // a path that exists is checked, even when it looks like a subcommand
    let dir = tempfile::tempdir().unwrap();
    let chek = dir.path().join("chek");
    std::fs::write(&chek, "同布署").unwrap();
    let run = fzlint(&[chek.to_str().unwrap(), "--no-config"]);
    assert!(!run.stderr.contains("是不是"), "{}", run.stderr);
    assert!(run.stderr.contains("不支持的文件格式"), "{}", run.stderr);
    // a word far from every subcommand is a path (missing here)
    let run = fzlint(&["nosuchreport", "--no-config"]);
    assert!(run.stderr.contains("不存在"), "{}", run.stderr);
    // nothing at all: help, not a check of whatever folder this is
    let run = fzlint(&[]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("Usage: fzlint"), "{}", run.stderr);
    assert!(!run.stdout.contains("检查了"), "{}", run.stdout);
    // fix writes files: it needs to be told which
    let run = fzlint(&["fix", "--no-config"]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("<PATH>"), "{}", run.stderr);
}

#[test]
fn select_ignore_output_and_completions() {
    let ids = |args: &[&str]| {
        let mut all = vec!["check", "--no-config", "--format", "json"];
        all.extend_from_slice(args);
        all.push("fixtures/report-faults.txt");
        rule_ids(&json(&fzlint(&all)))
    };
    let everything = ids(&[]);
    assert!(everything.iter().any(|r| r.starts_with("typo/")));
    assert!(everything.iter().any(|r| !r.starts_with("typo/")));
    // a pack, or a rule id; repeatable and comma-separated
    let only_typo = ids(&["--select", "typo"]);
    assert!(
        !only_typo.is_empty() && only_typo.iter().all(|r| r.starts_with("typo/")),
        "{only_typo:?}"
    );
    let two = ids(&["--select", "typo/misspelling,format/half-width-punctuation"]);
    assert!(
        two.iter()
            .all(|r| r == "typo/misspelling" || r == "format/half-width-punctuation"),
        "{two:?}"
    );
    let ignored = ids(&[
        "--ignore",
        "typo",
        "--ignore",
        "annual-report/other-matters",
    ]);
    assert!(ignored
        .iter()
        .all(|r| !r.starts_with("typo/") && r != "annual-report/other-matters"));
    assert_eq!(
        ignored.len() + only_typo.len() + 1,
        everything.len(),
        "{ignored:?}"
    );
    // a misspelt name is an error with a suggestion
    let run = fzlint(&[
        "check",
        "--no-config",
        "--select",
        "typo/mispelling",
        "fixtures/clean.txt",
    ]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("是不是 `typo/misspelling`"),
        "{}",
        run.stderr
    );
    // --output: the report in the file, nothing on stdout, the exit code unchanged
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("report.sarif");
    let run = fzlint(&[
        "check",
        "--no-config",
        "--format",
        "sarif",
        "--output",
        file.to_str().unwrap(),
        "fixtures/report-faults.txt",
    ]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(run.stdout.is_empty());
    let written: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&file).unwrap()).unwrap();
    assert_eq!(written["version"], "2.1.0");
    // --sort severity: the most serious first, by position within each
    let run = fzlint(&[
        "check",
        "--no-config",
        "--format",
        "json",
        "--sort",
        "severity",
        "fixtures/report-faults.txt",
    ]);
    let rank = |s: &str| {
        ["serious", "error", "warning", "info"]
            .iter()
            .position(|x| *x == s)
            .unwrap()
    };
    let found: Vec<(usize, u64)> = json(&run)["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            (
                rank(d["severity"].as_str().unwrap()),
                d["start"]["byte"].as_u64().unwrap(),
            )
        })
        .collect();
    assert!(found.windows(2).all(|w| w[0] <= w[1]), "{found:?}");
    assert!(found.first().unwrap().0 < found.last().unwrap().0);
    // completions for the shells people use
    for shell in ["bash", "zsh", "fish", "powershell"] {
        let run = fzlint(&["completions", shell]);
        assert_eq!(run.code, 0, "{shell}: {}", run.stderr);
        assert!(
            run.stdout.contains("fzlint") && run.stdout.contains("check"),
            "{shell}"
        );
    }
}

#[test]
fn fzlint_finds_nothing_in_its_own_readme_and_docs() {
    // with the repository's lint.toml, as `fzlint check README.md docs/` at the root runs
    let run = fzlint(&["check", "--format", "concise", "../README.md", "../docs"]);
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    assert!(run.stdout.contains("没有发现问题"), "{}", run.stdout);
    assert!(run.stdout.contains("检查了 9 个文件"), "{}", run.stdout);
}

/// Terminal columns, East Asian ambiguous characters narrow (as fzlint lays them out).
fn columns(s: &str) -> usize {
    use unicode_width::UnicodeWidthChar;
    s.chars().map(|c| c.width().unwrap_or(0)).sum()
}

#[test]
fn excerpts_fit_the_terminal_and_the_underline_stays_under_its_characters() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("长行.txt");
    // one long paragraph: ambiguous-width quotes, ellipses and dashes before and after the
    // typos, some typos near the start, one in the middle, one at the end
    let filler = "“依法行政”……全面推进——各项工作有序开展，";
    let line = format!(
        "布署落实。{}{}同布署。{}{}布署",
        filler.repeat(6),
        "abc",
        filler.repeat(9),
        "xyz"
    );
    std::fs::write(&path, format!("标题\n\n{line}\n")).unwrap();
    let file = path.to_str().unwrap();
    for width in [None, Some(50), Some(72), Some(120), Some(200)] {
        let terminal = fzlint_cli::Terminal {
            stdout_is_tty: false,
            no_color: true,
            width,
        };
        let run = fzlint_with(
            &["check", "--no-config", "--select", "typo/misspelling", file],
            terminal,
        );
        let limit = width.unwrap_or(80).max(40);
        let lines: Vec<&str> = run.stdout.lines().collect();
        let mut underlines = 0;
        for pair in lines.windows(2) {
            let (text, mark) = (pair[0], pair[1]);
            // an excerpt line " 3 | …" and the underline under it "   :    ^^^^"
            let Some((gutter, _)) = text.split_once(" | ") else {
                continue;
            };
            if !gutter.trim().chars().all(|c| c.is_ascii_digit()) || !mark.contains('^') {
                continue;
            }
            assert!(
                columns(text) <= limit,
                "{width:?}: {} columns: {text}",
                columns(text)
            );
            assert!(
                !text.contains('…') || text.contains("……"),
                "cut marked with …: {text}"
            );
            let from = mark.find('^').unwrap();
            let to = mark.rfind('^').unwrap() + 1;
            // the characters whose columns the underline covers
            let (mut col, mut under) = (0, String::new());
            for c in text.chars() {
                let w = columns(&c.to_string());
                if col >= from && col + w <= to {
                    under.push(c);
                }
                col += w;
            }
            assert_eq!(under, "布署", "{width:?}:\n{text}\n{mark}");
            underlines += 1;
        }
        assert_eq!(underlines, 3, "{width:?}:\n{}", run.stdout);
    }
}
