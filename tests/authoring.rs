//! Writing rule packs: `test-rules`, `explain`, `rules` filters, the JSON Schemas, `init`,
//! `extends` and pack folders, and the errors a pack author meets.

use fzlint_tests::fzlint;
use std::path::Path;

fn read(path: &str) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

#[test]
fn builtin_packs_pass_their_own_examples() {
    let run = fzlint(&["test-rules", "--no-config"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let rules = fzlint(&["rules", "--no-config", "--format", "json"]);
    let count = fzlint_tests::json(&rules).as_array().unwrap().len();
    assert!(
        run.stdout
            .contains(&format!("examples of {count} rules, 0 failed")),
        "{}",
        run.stdout
    );
}

#[test]
fn failing_examples_are_reported_in_the_pack_and_exit_1() {
    let run = fzlint(&["test-rules", "fixtures/authoring/failing.toml"]);
    assert_eq!(run.code, 1);
    // the passing rule is not mentioned; each failing one is, at its example's position
    assert!(!run.stderr.contains("failing/passes"), "{}", run.stderr);
    for at in [
        "failing.toml:22:21: failing/never-fires: 错误示例没有被报告",
        "failing.toml:31:37: failing/flags-good: 正确示例被报告：“布署”",
        "failing.toml:40:21: failing/wrong-span: 错误示例：标记了但没有报告：“XX区”",
    ] {
        assert!(run.stderr.contains(at), "missing {at}:\n{}", run.stderr);
    }
    insta::assert_snapshot!("test_rules_failures", run.stderr);
}

#[test]
fn a_pack_folder_that_extends_a_builtin_passes_its_examples() {
    let run = fzlint(&["test-rules", "fixtures/authoring/province"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    // 9 annual-report rules, one disabled, plus two of its own
    assert!(
        run.stdout.contains("of 10 rules, 0 failed"),
        "{}",
        run.stdout
    );
}

#[test]
fn test_rules_accepts_builtin_names_and_refuses_unknown_ones() {
    let run = fzlint(&["test-rules", "typo"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stdout.contains("of 12 rules"), "{}", run.stdout);
    let run = fzlint(&["test-rules", "tpyo"]);
    assert_eq!(run.code, 2);
    assert!(run
        .stderr
        .contains("no pack file, folder or built-in pack `tpyo`"));
}

#[test]
fn extending_pack_runs_in_place_of_its_base_with_its_overrides() {
    let run = fzlint(&[
        "check",
        "--format",
        "json",
        "--config",
        "fixtures/authoring/project/lint.toml",
        "fixtures/authoring/project/report.txt",
    ]);
    let v = fzlint_tests::json(&run);
    let ids = fzlint_tests::rule_ids(&v);
    assert!(ids.contains(&"sheng/study".to_string()), "{ids:?}");
    assert!(ids.contains(&"sheng/review-rate".to_string()), "{ids:?}");
    // disabled in the extending pack: the report has no 其他 part, yet nothing is said
    assert!(
        !ids.contains(&"annual-report/other-matters".to_string()),
        "{ids:?}"
    );
    let causes = fzlint_tests::diagnostic_with_text(&v, "二、存在的不足");
    assert_eq!(causes["rule"], "annual-report/causes");
    assert_eq!(
        causes["severity"], "error",
        "raised from warning by the pack"
    );
    // the base pack is not loaded a second time
    let rules = fzlint(&[
        "rules",
        "--config",
        "fixtures/authoring/project/lint.toml",
        "--format",
        "json",
    ]);
    let list = fzlint_tests::json(&rules);
    let causes: Vec<_> = list
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| r["id"] == "annual-report/causes")
        .collect();
    assert_eq!(causes.len(), 1);
    assert_eq!(causes[0]["pack"], "sheng");
}

#[test]
fn explain_shows_the_rule_and_runs_its_examples() {
    let run = fzlint(&["explain", "--no-config", "typo/misspelling"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let o = &run.stdout;
    assert!(o.starts_with("typo/misspelling  错别字“{match}”\n"), "{o}");
    assert!(o.contains("  kind       phrase"), "{o}");
    assert!(o.contains("  source     《通用规范汉字表》"), "{o}");
    assert!(
        o.contains("dictionary = \"data/typos.tsv\""),
        "the definition is shown: {o}"
    );
    assert!(
        o.contains("→ 错别字“布署”  at 与经济工作同安排、同【【布署】】、同考核"),
        "{o}"
    );
    insta::assert_snapshot!(
        "explain_relative_time",
        fzlint(&["explain", "--no-config", "period/relative-time"]).stdout
    );
}

#[test]
fn explain_suggests_the_nearest_rule() {
    let run = fzlint(&["explain", "--no-config", "typo/misspeling"]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("did you mean `typo/misspelling`?"),
        "{}",
        run.stderr
    );
}

#[test]
fn rules_filter_by_pack_prefix_and_kind() {
    let run = fzlint(&["rules", "--no-config", "annual-report", "--kind", "date"]);
    assert_eq!(run.code, 0);
    let lines: Vec<&str> = run.stdout.lines().collect();
    assert_eq!(lines.len(), 4, "{}", run.stdout);
    assert!(lines[..3]
        .iter()
        .all(|l| l.starts_with("annual-report/") && l.contains(" date ")));
    assert!(
        lines[0].contains("落款日期…不在…之前"),
        "placeholders shown as …: {}",
        lines[0]
    );
    let run = fzlint(&[
        "rules",
        "--no-config",
        "typo/mis",
        "template",
        "--format",
        "json",
    ]);
    let v = fzlint_tests::json(&run);
    let ids: Vec<&str> = v
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["id"].as_str().unwrap())
        .collect();
    assert!(
        ids.contains(&"typo/misspelling") && !ids.contains(&"typo/usage"),
        "{ids:?}"
    );
    assert!(
        ids.iter().filter(|i| i.starts_with("template/")).count() >= 4,
        "{ids:?}"
    );
    assert!(v[0]["summary"].as_str().is_some());
}

fn committed_is_current(path: &str, args: &[&str]) {
    let run = fzlint(args);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let committed = read(path);
    assert!(
        committed == run.stdout,
        "{path} is stale: regenerate it with `cargo run -p fzlint -- {}` > {path}",
        args.join(" ")
    );
}

#[test]
fn committed_schemas_and_kind_reference_are_current() {
    committed_is_current("../docs/schema/pack.json", &["schema", "pack"]);
    committed_is_current("../docs/schema/lint.json", &["schema", "config"]);
    committed_is_current("../docs/kinds.md", &["schema", "kinds"]);
}

fn toml_as_json(path: &Path) -> serde_json::Value {
    let text = std::fs::read_to_string(path).unwrap();
    toml::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn validator(schema: &str) -> jsonschema::Validator {
    let schema: serde_json::Value = serde_json::from_str(&read(schema)).unwrap();
    jsonschema::validator_for(&schema).expect("the schema is valid JSON Schema")
}

#[test]
fn every_pack_we_ship_or_test_with_matches_the_pack_schema() {
    let v = validator("../docs/schema/pack.json");
    let mut files: Vec<_> = std::fs::read_dir("../rules")
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "toml"))
        .collect();
    files.extend(
        std::fs::read_dir("fixtures/authoring/province")
            .unwrap()
            .map(|e| e.unwrap().path()),
    );
    files.push("fixtures/authoring/failing.toml".into());
    files.push("../crates/fzlint-cli/src/init_templates/local.toml".into());
    assert!(files.len() >= 10);
    for f in &files {
        let doc = toml_as_json(f);
        let errors: Vec<String> = v
            .iter_errors(&doc)
            .map(|e| format!("{e} at {}", e.instance_path()))
            .collect();
        assert!(errors.is_empty(), "{}: {}", f.display(), errors.join("\n"));
    }
    // and it is not a schema that accepts anything
    for bad in ["unknown-field", "unknown-kind", "bad-severity"] {
        let doc = toml_as_json(Path::new(&format!("fixtures/packs/{bad}.toml")));
        assert!(!v.is_valid(&doc), "{bad} passed the schema");
    }
}

#[test]
fn lint_toml_files_match_the_config_schema() {
    let v = validator("../docs/schema/lint.json");
    for f in [
        "../lint.toml",
        "fixtures/project/lint.toml",
        "fixtures/authoring/project/lint.toml",
        "../crates/fzlint-cli/src/init_templates/lint.toml",
    ] {
        let doc = toml_as_json(Path::new(f));
        let errors: Vec<String> = v.iter_errors(&doc).map(|e| e.to_string()).collect();
        assert!(errors.is_empty(), "{f}: {}", errors.join("\n"));
    }
    let doc: serde_json::Value =
        toml::from_str("fail-on = \"fatal\"\npack = [\"default\"]").unwrap();
    assert!(!v.is_valid(&doc));
}

#[test]
fn init_writes_a_working_starter_and_never_overwrites() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path().to_str().unwrap();
    let run = fzlint(&["init", d]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    for f in [
        "lint.toml",
        "packs/local.toml",
        ".fzlint/lint.schema.json",
        ".fzlint/pack.schema.json",
    ] {
        assert!(dir.path().join(f).is_file(), "{f} not written");
    }
    let pack = dir.path().join("packs/local.toml");
    let run = fzlint(&["test-rules", pack.to_str().unwrap()]);
    assert_eq!(
        run.code, 0,
        "the starter pack passes its own examples: {}",
        run.stderr
    );

    // the starter configuration runs: its own pack finds the old name
    let report = dir.path().join("报告.txt");
    std::fs::write(
        &report,
        "某县2025年法治政府建设情况报告\n一、主要举措\n报县法制办审查。\n",
    )
    .unwrap();
    let config = dir.path().join("lint.toml");
    let run = fzlint(&[
        "check",
        "--format",
        "concise",
        "--config",
        config.to_str().unwrap(),
        report.to_str().unwrap(),
    ]);
    assert!(run.stdout.contains("[local/old-name]"), "{}", run.stdout);
    assert!(
        run.stdout.contains("[local/has-training]"),
        "{}",
        run.stdout
    );

    // a second init refuses and leaves the files alone
    std::fs::write(&config, "packs = []\n").unwrap();
    let run = fzlint(&["init", d]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("not overwriting lint.toml"),
        "{}",
        run.stderr
    );
    assert_eq!(std::fs::read_to_string(&config).unwrap(), "packs = []\n");
    let run = fzlint(&["init", "--force", d]);
    assert_eq!(run.code, 0);
    assert!(std::fs::read_to_string(&config)
        .unwrap()
        .contains("packs/local.toml"));
}

/// Runs test-rules on a broken pack: exit 2 and the error's first line.
fn load_error(pack: &str) -> String {
    let run = fzlint(&["test-rules", pack]);
    assert_eq!(run.code, 2, "{pack}: {}", run.stderr);
    run.stderr
}

#[test]
fn pack_errors_point_into_the_toml_with_a_suggestion() {
    let e = load_error("fixtures/packs/unknown-field.toml");
    assert!(
        e.starts_with("error: fixtures/packs/unknown-field.toml:10:1\n"),
        "{e}"
    );
    assert!(e.contains("help: 是不是 `phrases`？"), "{e}");
    insta::assert_snapshot!("pack_error_unknown_field", e);

    let e = load_error("fixtures/packs/duplicate-id.toml");
    assert!(
        e.starts_with("error: fixtures/packs/duplicate-id.toml:13:6\n"),
        "{e}"
    );
    assert!(e.contains("规则在第 5 行"), "{e}");

    let e = load_error("fixtures/packs/unknown-kind.toml");
    assert!(
        e.contains("是不是 `phrase`？可用的类型：phrase、pattern"),
        "{e}"
    );

    // the regex error under the column of the fault, not the whole string
    let e = load_error("fixtures/packs/bad-regex.toml");
    assert!(
        e.starts_with("error: fixtures/packs/bad-regex.toml:11:10\n"),
        "{e}"
    );
    assert!(e.contains("正则表达式有误：括号“(”没有闭合"), "{e}");

    let e = load_error("fixtures/packs/extends-missing.toml");
    assert!(
        e.starts_with("error: fixtures/packs/extends-missing.toml:4:11\n"),
        "{e}"
    );
    let e = load_error("fixtures/packs/extends-unknown-rule.toml");
    assert!(e.contains("是不是 `annual-report/causes`？"), "{e}");
    let e = load_error("fixtures/packs/cycle-a.toml");
    assert!(e.contains("循环引用"), "{e}");
    let e = load_error("fixtures/packs/marked-good.toml");
    assert!(e.contains("正确示例不能标记片段"), "{e}");
}

#[test]
fn regex_errors_are_placed_through_toml_escapes() {
    let dir = tempfile::tempdir().unwrap();
    let pack = dir.path().join("p.toml");
    // in a basic string `\\d` is two characters of TOML for one of regex
    std::fs::write(
        &pack,
        "[pack]\nname = \"p\"\nversion = \"1\"\n[[rule]]\nid = \"p/a\"\nkind = \"pattern\"\nseverity = \"info\"\nmessage = \"m\"\nregex = \"年\\\\d+[a-\"\n",
    )
    .unwrap();
    let e = load_error(pack.to_str().unwrap());
    // r e g e x _ = _ " 年 \ \ d + [  → the class opens at character 15
    assert!(e.contains("p.toml:9:15\n"), "{e}");
}

#[test]
fn a_folder_with_two_pack_tables_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let head = "[pack]\nname = \"p\"\nversion = \"1\"\n";
    std::fs::write(dir.path().join("a.toml"), head).unwrap();
    std::fs::write(dir.path().join("b.toml"), head).unwrap();
    let e = load_error(dir.path().to_str().unwrap());
    assert!(e.contains("只能有一个 [pack] 表，但"), "{e}");
    // duplicate ids across the files of a folder point into the second file
    std::fs::remove_file(dir.path().join("b.toml")).unwrap();
    let rule = "[[rule]]\nid = \"p/a\"\nkind = \"phrase\"\nseverity = \"info\"\nmessage = \"m\"\nphrases = [\"x\"]\n";
    std::fs::write(dir.path().join("b.toml"), rule).unwrap();
    std::fs::write(dir.path().join("c.toml"), rule).unwrap();
    let e = load_error(dir.path().to_str().unwrap());
    assert!(e.contains("c.toml:2:6"), "{e}");
    assert!(e.contains("规则编号 `p/a` 重复"), "{e}");
    assert!(e.contains("第一条使用此编号的规则在"), "{e}");
    assert!(e.contains("b.toml:1"), "names the other file: {e}");
}
