//! CI use: every output format on one fixture, SARIF against the official schema, exit codes
//! for each threshold, baselines, and `fzlint fix`.

use fzlint_tests::{fzlint, json, rule_ids};
use std::path::{Path, PathBuf};

const FIXTURE: &str = "fixtures/report-faults.txt";

#[test]
fn each_output_format() {
    for format in ["concise", "sarif", "github", "junit"] {
        let run = fzlint(&["check", "--no-config", "--format", format, FIXTURE]);
        assert_eq!(run.code, 1, "{format}");
        // the version would churn the SARIF snapshot at every release
        let out = run.stdout.replace(env!("CARGO_PKG_VERSION"), "[version]");
        insta::assert_snapshot!(format!("format_{format}"), out);
    }
}

/// The SARIF 2.1.0 schema shipped in the serde-sarif package (a dev-dependency), found in
/// Cargo's registry sources, so the official schema is used without copying it here.
fn sarif_schema() -> PathBuf {
    let home = std::env::var_os("CARGO_HOME")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| Path::new(&h).join(".cargo")))
        .expect("CARGO_HOME or HOME");
    let registries = std::fs::read_dir(home.join("registry/src")).expect("cargo registry sources");
    for registry in registries.flatten() {
        for package in std::fs::read_dir(registry.path())
            .into_iter()
            .flatten()
            .flatten()
        {
            let name = package.file_name().to_string_lossy().into_owned();
            let schema = package.path().join("src/schema.json");
            if name.starts_with("serde-sarif-0.8") && schema.is_file() {
                return schema;
            }
        }
    }
    panic!(
        "serde-sarif's schema.json not found under {}",
        home.display()
    );
}

#[test]
fn sarif_validates_against_the_official_schema() {
    let mut schema: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(sarif_schema()).unwrap()).unwrap();
    // The published schema's pattern for `language` (on run and toolComponent) has a stray `]`
    // (`^[a-zA-Z]{2}|^[a-zA-Z]{2}-[a-zA-Z]{2}]?$`) that the validator's regex engine refuses.
    // fzlint never writes `language`; correct those patterns to what they mean, keep the rest.
    let mut corrected = 0;
    for def in ["run", "toolComponent"] {
        let pattern = &mut schema["definitions"][def]["properties"]["language"]["pattern"];
        if pattern == "^[a-zA-Z]{2}|^[a-zA-Z]{2}-[a-zA-Z]{2}]?$" {
            *pattern = serde_json::json!("^[a-zA-Z]{2}(-[a-zA-Z]{2})?$");
            corrected += 1;
        }
    }
    assert_eq!(
        corrected, 2,
        "the schema changed: look at this workaround again"
    );
    let validator = jsonschema::options()
        // formats checked too: informationUri and helpUri must be absolute URIs
        .should_validate_formats(true)
        .build(&schema)
        .expect("schema compiles");
    // the check has teeth: a log without the tool's name, or with an unknown level, fails
    let broken = serde_json::json!({"version": "2.1.0", "runs": [{"tool": {"driver": {}}}]});
    assert!(!validator.is_valid(&broken));
    let mut bad_level = json(&fzlint(&[
        "check",
        "--no-config",
        "--format",
        "sarif",
        FIXTURE,
    ]));
    bad_level["runs"][0]["results"][0]["level"] = serde_json::json!("fatal");
    assert!(!validator.is_valid(&bad_level));
    let dir = tempfile::tempdir().unwrap();
    let unreadable = dir.path().join("broken.docx");
    std::fs::write(&unreadable, b"not a zip").unwrap();
    for args in [
        vec!["check", "--no-config", "--format", "sarif", FIXTURE],
        vec![
            "check",
            "--no-config",
            "--format",
            "sarif",
            "fixtures/clean.txt",
        ],
        vec![
            "check",
            "--no-config",
            "--format",
            "sarif",
            "fixtures/plan.md",
            unreadable.to_str().unwrap(),
        ],
    ] {
        let out = json(&fzlint(&args));
        let errors: Vec<String> = validator
            .iter_errors(&out)
            .map(|e| format!("{e} at {}", e.instance_path()))
            .collect();
        assert!(errors.is_empty(), "{args:?}:\n{}", errors.join("\n"));
    }
    let out = json(&fzlint(&[
        "check",
        "--no-config",
        "--format",
        "sarif",
        FIXTURE,
    ]));
    // every region is where the fixture has the text the result quotes
    let text = std::fs::read_to_string(FIXTURE).unwrap();
    let results = out["runs"][0]["results"].as_array().unwrap();
    assert!(results.len() > 10);
    for result in results {
        let region = &result["locations"][0]["physicalLocation"]["region"];
        let (line, column) = (
            region["startLine"].as_u64().unwrap() as usize,
            region["startColumn"].as_u64().unwrap() as usize,
        );
        let at = region["byteOffset"].as_u64().unwrap() as usize;
        let len = region["byteLength"].as_u64().unwrap() as usize;
        assert_eq!(
            &text[at..at + len],
            region["snippet"]["text"].as_str().unwrap(),
            "{result}"
        );
        let line_text = text.split('\n').nth(line - 1).unwrap();
        let line_start = text
            .split('\n')
            .take(line - 1)
            .map(|l| l.len() + 1)
            .sum::<usize>();
        assert_eq!(
            line_text[..at - line_start].chars().count() + 1,
            column,
            "column in characters: {result}"
        );
    }
    // each rule links to its own entry in docs/rules.md of this release, by an absolute URI
    let rules_md = std::fs::read_to_string("../docs/rules.md").unwrap();
    let rules = out["runs"][0]["tool"]["driver"]["rules"]
        .as_array()
        .unwrap();
    for r in rules {
        let id = r["id"].as_str().unwrap();
        let uri = r["helpUri"].as_str().unwrap();
        let (base, anchor) = uri
            .split_once(&format!(
                "/blob/v{}/docs/rules.md#",
                env!("CARGO_PKG_VERSION")
            ))
            .expect(uri);
        assert_eq!(base, env!("CARGO_PKG_REPOSITORY"));
        assert!(base.starts_with("https://"), "{uri}");
        assert_eq!(anchor, id.replace('/', ""), "{uri}");
        assert!(
            rules_md.contains(&format!("### `{id}`")),
            "{id} has no entry in docs/rules.md"
        );
        // a rule's description is general: no unfilled placeholder
        let described = format!("{}{}", r["shortDescription"]["text"], r["help"]["text"]);
        assert!(
            !described.contains("{hit}") && !described.contains("{match}"),
            "{described}"
        );
    }
    assert_eq!(
        out["runs"][0]["tool"]["driver"]["informationUri"],
        env!("CARGO_PKG_REPOSITORY")
    );
}

#[test]
fn exit_codes_for_each_threshold() {
    let dir = tempfile::tempdir().unwrap();
    let warnings_only = dir.path().join("w.txt");
    std::fs::write(
        &warnings_only,
        "某区工作总结\n\n各项工作取得了一定成效,成效明显。\n",
    )
    .unwrap();
    let w = warnings_only.to_str().unwrap();
    let code = |extra: &[&str]| {
        let mut args = vec!["check", "--no-config"];
        args.extend_from_slice(extra);
        args.push(w);
        fzlint(&args).code
    };
    assert_eq!(code(&[]), 0, "warnings do not fail at the default level");
    assert_eq!(code(&["--fail-on", "warning"]), 1);
    assert_eq!(code(&["--fail-on", "info"]), 1);
    assert_eq!(code(&["--fail-on", "error"]), 0);
    assert_eq!(code(&["--max-warnings", "10"]), 0);
    assert_eq!(code(&["--max-warnings", "1"]), 1);
    assert_eq!(
        fzlint(&["check", "--no-config", FIXTURE]).code,
        1,
        "errors fail"
    );
    assert_eq!(
        fzlint(&["check", "--no-config", "fixtures/clean.txt"]).code,
        0
    );

    // --quiet: only what fails, no summary
    let quiet = fzlint(&[
        "check",
        "--no-config",
        "--quiet",
        "--format",
        "concise",
        FIXTURE,
    ]);
    assert!(
        quiet.stdout.lines().all(|l| l.contains(": error[")),
        "{}",
        quiet.stdout
    );
    let quiet_human = fzlint(&["check", "--no-config", "--quiet", FIXTURE]);
    assert!(!quiet_human.stdout.contains("检查了"));
    assert!(!quiet_human.stdout.contains("warning["));
}

#[test]
fn statistics_count_per_rule_and_file() {
    let run = fzlint(&[
        "check",
        "--no-config",
        "--format",
        "concise",
        "--statistics",
        FIXTURE,
    ]);
    assert!(
        run.stdout
            .contains("按规则 / by rule:\n     2  vague/hedge\n     2  web/page-chrome\n     1  annual-report/causes\n"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout
            .contains("按文件 / by file:\n    12  fixtures/report-faults.txt\n"),
        "{}",
        run.stdout
    );
    let json_run = fzlint(&[
        "check",
        "--no-config",
        "--format",
        "json",
        "--statistics",
        FIXTURE,
    ]);
    json(&json_run); // still one JSON document: statistics go to stderr
    assert!(json_run.stderr.contains("by rule"));
}

#[test]
fn baseline_reports_only_new_findings_and_survives_edits_above() {
    let dir = tempfile::tempdir().unwrap();
    let report = dir.path().join("r.txt");
    let base = dir.path().join("baseline.json");
    std::fs::write(
        &report,
        "某区工作总结\n\n同安排、同布署。\n\nXX个单位落实。\n",
    )
    .unwrap();
    let (r, b) = (report.to_str().unwrap(), base.to_str().unwrap());
    let write = fzlint(&["check", "--no-config", "--write-baseline", b, r]);
    assert_eq!(write.code, 0);
    let recorded: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&base).unwrap()).unwrap();
    assert_eq!(recorded["findings"].as_array().unwrap().len(), 2);
    assert_eq!(
        fzlint(&["check", "--no-config", "--baseline", b, r]).code,
        0
    );

    // lines inserted above and a new fault below: only the new fault is reported
    std::fs::write(
        &report,
        "某区工作总结\n\n新加的一段。\n新加的第二段。\n\n同安排、同布署。\n\nXX个单位落实。\n\n截止2023年底完成。\n",
    )
    .unwrap();
    let run = fzlint(&[
        "check",
        "--no-config",
        "--format",
        "json",
        "--baseline",
        b,
        r,
    ]);
    assert_eq!(run.code, 1);
    assert_eq!(rule_ids(&json(&run)), ["typo/jiezhi"]);
    // the same fault twice: the baseline knows one of them
    std::fs::write(
        &report,
        "某区工作总结\n\n同安排、同布署。\n\n又同安排、同布署。\n\nXX个单位落实。\n",
    )
    .unwrap();
    let run = fzlint(&[
        "check",
        "--no-config",
        "--format",
        "json",
        "--baseline",
        b,
        r,
    ]);
    assert_eq!(rule_ids(&json(&run)), ["typo/misspelling"]);
    // a broken baseline is an error
    std::fs::write(&base, "{").unwrap();
    assert_eq!(
        fzlint(&["check", "--no-config", "--baseline", b, r]).code,
        2
    );
}

#[test]
fn fix_keeps_encoding_bom_and_line_endings_and_is_idempotent() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    // UTF-8 with BOM and CRLF
    let utf8 = d.join("a.txt");
    let mut bytes = b"\xEF\xBB\xBF".to_vec();
    bytes
        .extend_from_slice("某区工作总结\r\n\r\n2023年,我区同布署, 落实:一是学习。\r\n".as_bytes());
    std::fs::write(&utf8, &bytes).unwrap();
    // GB18030
    let gbk = d.join("b.txt");
    let gbk_text = "某区工作总结\n\n同安排、同布署。\n";
    std::fs::write(&gbk, encoding_rs::GB18030.encode(gbk_text).0).unwrap();
    // a .docx is never written
    let docx = d.join("c.docx");
    let docx_bytes =
        fzlint_formats::testing::docx(&fzlint_formats::testing::paragraph(None, "同布署"));
    std::fs::write(&docx, &docx_bytes).unwrap();
    let dir_arg = d.to_str().unwrap();

    // --diff shows and does not write
    let diff = fzlint(&["fix", "--no-config", "--diff", dir_arg]);
    assert_eq!(diff.code, 0, "{}", diff.stderr);
    assert!(
        diff.stdout.contains("-2023年,我区同布署, 落实:一是学习。"),
        "{}",
        diff.stdout
    );
    assert!(
        diff.stdout
            .contains("+2023年，我区同部署，落实：一是学习。"),
        "{}",
        diff.stdout
    );
    assert_eq!(std::fs::read(&utf8).unwrap(), bytes);

    let run = fzlint(&["fix", "--no-config", dir_arg]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stderr.contains("c.docx"),
        "docx skipped with a note: {}",
        run.stderr
    );
    let mut expected = b"\xEF\xBB\xBF".to_vec();
    expected.extend_from_slice(
        "某区工作总结\r\n\r\n2023年，我区同部署，落实：一是学习。\r\n".as_bytes(),
    );
    assert_eq!(std::fs::read(&utf8).unwrap(), expected);
    assert_eq!(
        std::fs::read(&gbk).unwrap(),
        encoding_rs::GB18030
            .encode("某区工作总结\n\n同安排、同部署。\n")
            .0
            .to_vec()
    );
    assert_eq!(std::fs::read(&docx).unwrap(), docx_bytes);
    // no temporary files left behind
    let names: Vec<String> = std::fs::read_dir(d)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(names.len(), 3, "{names:?}");

    // a second run has nothing to do
    let again = fzlint(&["fix", "--no-config", dir_arg]);
    assert!(
        again.stderr.contains("修改了 0 个文件中的 0 处"),
        "{}",
        again.stderr
    );
    assert_eq!(std::fs::read(&utf8).unwrap(), expected);
}

#[test]
fn baseline_paths_are_relative_to_the_baseline_and_other_versions_are_refused() {
    let one = tempfile::tempdir().unwrap();
    let reports = one.path().join("reports");
    std::fs::create_dir(&reports).unwrap();
    std::fs::write(reports.join("a.txt"), "同布署。同布署。\n").unwrap();
    let base = one.path().join("base.json");
    let run = fzlint(&[
        "check",
        "--no-config",
        "--write-baseline",
        base.to_str().unwrap(),
        reports.to_str().unwrap(),
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let written: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&base).unwrap()).unwrap();
    assert_eq!(written["version"], 2);
    assert_eq!(written["findings"][0]["path"], "reports/a.txt");
    // the folder moved elsewhere, baseline and all: still every finding known
    let two = tempfile::tempdir().unwrap();
    std::fs::create_dir(two.path().join("reports")).unwrap();
    std::fs::copy(reports.join("a.txt"), two.path().join("reports/a.txt")).unwrap();
    std::fs::copy(&base, two.path().join("base.json")).unwrap();
    // and named another way (through ..)
    let spelled = two.path().join("reports/../reports");
    let run = fzlint(&[
        "check",
        "--no-config",
        "--format",
        "json",
        "--baseline",
        two.path().join("base.json").to_str().unwrap(),
        spelled.to_str().unwrap(),
    ]);
    assert_eq!(run.code, 0, "{}\n{}", run.stdout, run.stderr);
    assert_eq!(json(&run)["diagnostics"].as_array().unwrap().len(), 0);
    // a baseline that matches nothing while there are findings says so
    std::fs::write(two.path().join("reports/a.txt"), "另一份报告,同布署。\n").unwrap();
    let run = fzlint(&[
        "check",
        "--no-config",
        "--baseline",
        two.path().join("base.json").to_str().unwrap(),
        spelled.to_str().unwrap(),
    ]);
    assert!(run.stderr.contains("一条也没有匹配上"), "{}", run.stderr);
    // another version is refused with what to do
    std::fs::write(&base, r#"{"version": 3, "findings": []}"#).unwrap();
    let run = fzlint(&[
        "check",
        "--no-config",
        "--baseline",
        base.to_str().unwrap(),
        reports.to_str().unwrap(),
    ]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("第 3 版") && run.stderr.contains("--write-baseline"),
        "{}",
        run.stderr
    );
}

#[test]
fn sarif_help_links_follow_rules_url_and_leave_out_rules_fzlint_does_not_document() {
    let rules = |args: &[&str]| {
        let mut all = vec!["check", "--no-config", "--format", "sarif"];
        all.extend_from_slice(args);
        all.push(FIXTURE);
        let out = json(&fzlint(&all));
        out["runs"][0]["tool"]["driver"]["rules"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| {
                (
                    r["id"].as_str().unwrap().to_string(),
                    r["helpUri"].as_str().map(str::to_string),
                )
            })
            .collect::<Vec<_>>()
    };
    // a province's own pack: fzlint's reference has no entry for its rules, so no link
    let own = rules(&["--pack", "fixtures/packs/local.toml"]);
    let (builtin, local): (Vec<_>, Vec<_>) = own.iter().partition(|(_, uri)| uri.is_some());
    assert!(!builtin.is_empty() && !local.is_empty(), "{own:?}");
    assert!(
        local.iter().all(|(id, _)| id.starts_with("local/")),
        "{local:?}"
    );
    // with --rules-url every rule links into that reference, by its anchor
    let base = "https://intranet.example/fzlint/规则.html";
    let encoded = "https://intranet.example/fzlint/%E8%A7%84%E5%88%99.html";
    for (id, uri) in rules(&["--pack", "fixtures/packs/local.toml", "--rules-url", base]) {
        assert_eq!(uri.unwrap(), format!("{encoded}#{}", id.replace('/', "")));
    }
    // a relative address is refused before anything runs
    let run = fzlint(&[
        "check",
        "--no-config",
        "--rules-url",
        "docs/rules.md",
        FIXTURE,
    ]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(run.stderr.contains("完整的网址"), "{}", run.stderr);
}
