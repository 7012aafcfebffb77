//! Broken rule packs: each is a clear error at the pack's line and column, and exit code 2.

use fzlint_tests::fzlint;

/// Runs a check with the pack and returns stderr, asserting exit code 2.
fn pack_error(pack: &str) -> String {
    let run = fzlint(&["check", "--no-config", "--pack", pack, "fixtures/clean.txt"]);
    assert_eq!(run.code, 2, "{pack}: {}", run.stderr);
    assert_eq!(run.stdout, "", "nothing is checked with a broken pack");
    run.stderr
}

#[test]
fn unknown_kind_points_at_the_kind() {
    let e = pack_error("fixtures/packs/unknown-kind.toml");
    assert!(
        e.starts_with("error: fixtures/packs/unknown-kind.toml:7:8\n"),
        "{e}"
    );
    assert!(e.contains("没有 `phrases` 这种规则类型"), "{e}");
    assert!(
        e.contains("可用的类型：phrase、pattern、required-section"),
        "{e}"
    );
}

#[test]
fn bad_regex_points_at_the_regex() {
    let e = pack_error("fixtures/packs/bad-regex.toml");
    assert!(
        e.starts_with("error: fixtures/packs/bad-regex.toml:11:10\n"),
        "{e}"
    );
    assert!(e.contains("正则表达式有误"), "{e}");
    insta::assert_snapshot!("pack_error_bad_regex", e);
}

#[test]
fn word_boundary_is_refused_with_a_hint() {
    let e = pack_error("fixtures/packs/word-boundary.toml");
    assert!(
        e.starts_with("error: fixtures/packs/word-boundary.toml:10:9\n"),
        "{e}"
    );
    assert!(e.contains("在中文文本中不起作用"), "{e}");
    assert!(e.contains("汉字都算单词字符"), "{e}");
}

#[test]
fn missing_field_points_at_the_rule() {
    let e = pack_error("fixtures/packs/missing-field.toml");
    assert!(e.contains("缺少必填的键 `message`"), "{e}");
    assert!(
        e.starts_with("error: fixtures/packs/missing-field.toml:5:"),
        "{e}"
    );
}

#[test]
fn unknown_placeholder_points_at_the_message() {
    let e = pack_error("fixtures/packs/bad-placeholder.toml");
    assert!(
        e.starts_with("error: fixtures/packs/bad-placeholder.toml:10:11\n"),
        "{e}"
    );
    assert!(e.contains("未知的占位符 `{sugest}`"), "{e}");
}

#[test]
fn bad_severity_lists_the_choices() {
    let e = pack_error("fixtures/packs/bad-severity.toml");
    assert!(
        e.starts_with("error: fixtures/packs/bad-severity.toml:8:12\n"),
        "{e}"
    );
    assert!(
        e.contains("fatal") && e.contains("error") && e.contains("warning"),
        "{e}"
    );
}

#[test]
fn toml_syntax_error_has_a_position() {
    let e = pack_error("fixtures/packs/syntax-error.toml");
    assert!(
        e.starts_with("error: fixtures/packs/syntax-error.toml:4:"),
        "{e}"
    );
}

#[test]
fn missing_pack_file_is_an_error() {
    let e = pack_error("fixtures/packs/nope.toml");
    assert!(e.contains("nope.toml") && e.contains("无法读取"), "{e}");
}
