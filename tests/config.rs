//! lint.toml: pack choice, per-glob overrides, severities, disabled rules, fail level, excludes.

use fzlint_tests::{fzlint, json};

fn findings(v: &serde_json::Value) -> Vec<(String, String, String)> {
    v["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            (
                d["path"]
                    .as_str()
                    .unwrap()
                    .rsplit('/')
                    .next()
                    .unwrap()
                    .to_string(),
                d["rule"].as_str().unwrap().to_string(),
                d["severity"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

#[test]
fn overrides_disable_and_severity_apply_per_glob() {
    let run = fzlint(&[
        "check",
        "--config",
        "fixtures/project/lint.toml",
        "--format",
        "json",
        "fixtures/project",
    ]);
    let v = json(&run);
    let f = findings(&v);
    // drafts/** is excluded from the walk
    assert_eq!(v["summary"]["files"], 2, "{f:?}");
    // 乡镇情况: typo/usage raised to warning; vague/hedge disabled; no annual-report pack.
    assert!(
        f.contains(&("乡镇情况.txt".into(), "typo/usage".into(), "warning".into())),
        "{f:?}"
    );
    assert!(!f.iter().any(|x| x.1 == "vague/hedge"), "{f:?}");
    assert!(
        !f.iter()
            .any(|x| x.0 == "乡镇情况.txt" && x.1.starts_with("annual-report/")),
        "{f:?}"
    );
    // 部门/**: annual-report forced on (its title is not an annual report's), typo/usage off,
    // the path pack's rule applies.
    assert!(
        f.iter()
            .any(|x| x.0 == "统计局工作总结.txt" && x.1 == "annual-report/shortcomings"),
        "{f:?}"
    );
    assert!(
        !f.iter()
            .any(|x| x.0 == "统计局工作总结.txt" && x.1 == "typo/usage"),
        "{f:?}"
    );
    assert!(
        f.contains(&(
            "统计局工作总结.txt".into(),
            "extra/old-name".into(),
            "info".into()
        )),
        "{f:?}"
    );
    // fail-on = "warning" in lint.toml
    assert_eq!(run.code, 1);
    // web pack was not chosen
    assert!(!f.iter().any(|x| x.1.starts_with("web/")));
}

#[test]
fn fail_on_flag_overrides_lint_toml() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("lint.toml"), "fail-on = \"info\"\n").unwrap();
    let file = dir.path().join("a.txt");
    std::fs::write(&file, "以及其它工作。").unwrap();
    let cfg = dir.path().join("lint.toml");
    let (cfg, file) = (cfg.to_str().unwrap(), file.to_str().unwrap());
    assert_eq!(fzlint(&["check", "--config", cfg, file]).code, 1);
    assert_eq!(
        fzlint(&["check", "--config", cfg, "--fail-on", "error", file]).code,
        0
    );
}

#[test]
fn unknown_rule_in_lint_toml_is_a_positioned_error() {
    let dir = tempfile::tempdir().unwrap();
    let cfg = dir.path().join("lint.toml");
    std::fs::write(
        &cfg,
        "packs = [\"default\"]\ndisable = [\"typo/misspeling\"]\n",
    )
    .unwrap();
    let run = fzlint(&[
        "check",
        "--config",
        cfg.to_str().unwrap(),
        "fixtures/clean.txt",
    ]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("lint.toml:2:12"), "{}", run.stderr);
    assert!(run.stderr.contains("`typo/misspeling`"), "{}", run.stderr);
}

#[test]
fn unknown_builtin_pack_and_unknown_key_are_errors() {
    let dir = tempfile::tempdir().unwrap();
    let cfg = dir.path().join("lint.toml");
    std::fs::write(&cfg, "packs = [\"typo\", \"tpyo\"]\n").unwrap();
    let run = fzlint(&[
        "check",
        "--config",
        cfg.to_str().unwrap(),
        "fixtures/clean.txt",
    ]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("lint.toml:1:18") && run.stderr.contains("没有名为 `tpyo` 的规则包"),
        "{}",
        run.stderr
    );

    std::fs::write(&cfg, "pack = [\"typo\"]\n").unwrap();
    let run = fzlint(&[
        "check",
        "--config",
        cfg.to_str().unwrap(),
        "fixtures/clean.txt",
    ]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("未知的键 `pack`"), "{}", run.stderr);
}

#[test]
fn missing_config_file_is_a_usage_error() {
    let run = fzlint(&[
        "check",
        "--config",
        "fixtures/nope.toml",
        "fixtures/clean.txt",
    ]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("nope.toml"));
}

#[test]
fn without_lint_toml_the_annual_report_pack_follows_the_title() {
    let dir = tempfile::tempdir().unwrap();
    let report = dir.path().join("r.txt");
    std::fs::write(
        &report,
        "某区2023年度法治政府建设情况报告\n\n一、主要举措和成效\n\n全年办理案件1268件。\n",
    )
    .unwrap();
    let other = dir.path().join("o.txt");
    std::fs::write(
        &other,
        "某区2023年工作总结\n\n一、主要举措和成效\n\n全年办理案件1268件。\n",
    )
    .unwrap();
    let v = json(&fzlint(&[
        "check",
        "--no-config",
        "--format",
        "json",
        report.to_str().unwrap(),
        other.to_str().unwrap(),
    ]));
    let f = findings(&v);
    assert!(
        f.iter()
            .any(|x| x.0 == "r.txt" && x.1 == "annual-report/shortcomings"),
        "{f:?}"
    );
    assert!(
        f.iter()
            .any(|x| x.0 == "r.txt" && x.1 == "annual-report/next-year"),
        "{f:?}"
    );
    assert!(!f.iter().any(|x| x.0 == "o.txt"), "{f:?}");
}

#[test]
fn each_file_uses_the_nearest_lint_toml_above_it() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    std::fs::create_dir_all(d.join("sub/old")).unwrap();
    std::fs::write(
        d.join("sub/lint.toml"),
        "packs = [\"default\"]\ndisable = [\"typo\"]\nexclude = [\"old/**\"]\n",
    )
    .unwrap();
    std::fs::write(d.join("sub/a.txt"), "同布署。今年以来,工作顺利。\n").unwrap();
    std::fs::write(d.join("sub/old/c.txt"), "同布署。\n").unwrap();
    std::fs::write(d.join("b.txt"), "同布署。\n").unwrap();
    let run = fzlint(&["check", "--format", "concise", d.to_str().unwrap()]);
    let out = &run.stdout;
    // b.txt is under no lint.toml: the defaults, typo rules on
    assert!(out.contains("b.txt:1:2: error[typo/misspelling]"), "{out}");
    // sub/a.txt is under sub/lint.toml: typo off, the rest on
    assert!(!out.contains("a.txt:1:2: error[typo"), "{out}");
    assert!(
        out.contains("a.txt:1:5: warning[period/relative-time]"),
        "{out}"
    );
    // sub/lint.toml excludes old/ from walks, even when the walk starts above it
    assert!(!out.contains("c.txt"), "{out}");
    // checking the folder itself gives the same for a.txt
    let run = fzlint(&[
        "check",
        "--format",
        "concise",
        d.join("sub").to_str().unwrap(),
    ]);
    assert!(!run.stdout.contains("typo"), "{}", run.stdout);
    // --no-config: one configuration (none) for all
    let run = fzlint(&[
        "check",
        "--no-config",
        "--format",
        "concise",
        d.to_str().unwrap(),
    ]);
    assert!(
        run.stdout.contains("a.txt:1:2: error[typo/misspelling]"),
        "{}",
        run.stdout
    );
}
