//! Runs the `fzlint` binary itself (a test of the root package, which owns the binary).
//!
//! `fzlint check -`: a document from standard input, run as an editor or a pipe runs it (the
//! binary itself, since the in-process runner has no standard input of its own).

use std::io::Write;
use std::process::{Command, Stdio};

fn check_stdin(args: &[&str], input: &str, cwd: &std::path::Path) -> (i32, String) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_fzlint"))
        .args(["check", "--format", "concise"])
        .args(args)
        .arg("-")
        .current_dir(cwd)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("fzlint runs");
    child
        .stdin
        .take()
        .unwrap()
        .write_all(input.as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8(out.stdout).unwrap(),
    )
}

#[test]
fn a_document_from_standard_input_with_its_name_format_and_lint_toml() {
    let dir = tempfile::tempdir().unwrap();
    // plain text, shown as <stdin>
    let (code, out) = check_stdin(&["--no-config"], "同布署。\n", dir.path());
    assert_eq!(code, 1);
    assert!(
        out.contains("<stdin>:1:2: error[typo/misspelling]"),
        "{out}"
    );
    // --stdin-filename gives the name, the format (Markdown: code blocks are not checked) …
    let md = "同布署。\n\n```\n同布署\n```\n";
    let (_, out) = check_stdin(
        &["--no-config", "--stdin-filename", "报告.md"],
        md,
        dir.path(),
    );
    assert_eq!(out.matches("typo/misspelling").count(), 1, "{out}");
    assert!(out.contains("报告.md:1:2:"), "{out}");
    // … and the lint.toml: the nearest above that name
    std::fs::create_dir(dir.path().join("sub")).unwrap();
    std::fs::write(dir.path().join("sub/lint.toml"), "disable = [\"typo\"]\n").unwrap();
    let (code, out) = check_stdin(
        &["--stdin-filename", "sub/报告.txt"],
        "同布署。\n",
        dir.path(),
    );
    assert_eq!(code, 0, "{out}");
    assert!(!out.contains("typo"), "{out}");
}
