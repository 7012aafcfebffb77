//! `fzlint fix` and every file fzlint writes never lose a byte (issue 14, data safety): the
//! probes of the attack run, kept as tests. The rules themselves are unit-tested in
//! crates/fzlint-cli/src/write.rs; these run the command as a user does.

#![cfg(unix)]

use fzlint_tests::fzlint;
use std::os::unix::fs::{MetadataExt, PermissionsExt};

const FAULTY: &str = "区政府与经济工作同安排、同布署、同考核。\n";
const FIXED: &str = "区政府与经济工作同安排、同部署、同考核。\n";

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
    let run = fzlint(&["fix", "--no-config", p.to_str().unwrap()]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(std::fs::read_to_string(&p).unwrap(), FIXED);
    assert_eq!(std::fs::metadata(&p).unwrap().mode() & 0o777, 0o640);
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
