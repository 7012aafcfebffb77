//! Helpers shared by the integration tests: run fzlint in-process and capture what it prints.
//!
//! The tests run with the `tests/` folder as working directory, so fixture paths are written
//! `fixtures/…` and appear that way in the output and the snapshots.

use std::ffi::OsString;
use std::path::{Path, PathBuf};

pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

/// Runs `fzlint ARGS…` as if stdout were not a terminal.
pub fn fzlint(args: &[&str]) -> Run {
    fzlint_with(args, fzlint_cli::Terminal::default())
}

pub fn fzlint_with(args: &[&str], terminal: fzlint_cli::Terminal) -> Run {
    let argv: Vec<OsString> = std::iter::once("fzlint")
        .chain(args.iter().copied())
        .map(OsString::from)
        .collect();
    let (mut out, mut err) = (Vec::new(), Vec::new());
    let code = fzlint_cli::run(argv, terminal, &mut out, &mut err);
    Run {
        code,
        stdout: String::from_utf8(out).expect("stdout is UTF-8"),
        stderr: String::from_utf8(err).expect("stderr is UTF-8"),
    }
}

/// Parses `--format json` output.
pub fn json(run: &Run) -> serde_json::Value {
    serde_json::from_str(&run.stdout).unwrap_or_else(|e| panic!("not JSON ({e}):\n{}", run.stdout))
}

/// Rule ids of all diagnostics in JSON output, in order.
pub fn rule_ids(v: &serde_json::Value) -> Vec<String> {
    v["diagnostics"]
        .as_array()
        .expect("diagnostics array")
        .iter()
        .map(|d| d["rule"].as_str().unwrap().to_string())
        .collect()
}

/// The team's shared folder beside the repository, if it is there.
pub fn seeds_dir() -> Option<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared/corpus/seeds");
    if dir.is_dir() {
        return Some(dir);
    }
    skip_without_shared(&dir);
    None
}

/// Says that a test that needs `path` (in ../shared) is skipped — or fails, under CI
/// (`CI` set and not `false`), where ../shared is always beside the repository: a check that
/// silently passes there would hide every failure it exists to catch.
pub fn skip_without_shared(path: &Path) {
    let ci = std::env::var("CI").is_ok_and(|v| !v.is_empty() && v != "false" && v != "0");
    assert!(
        !ci,
        "{} is missing, and CI is set: the corpus tests must run in CI",
        path.display()
    );
    println!("skipped: {} is not beside the repository", path.display());
}

/// The first diagnostic in JSON output whose matched text is `text`.
pub fn diagnostic_with_text<'a>(v: &'a serde_json::Value, text: &str) -> &'a serde_json::Value {
    v["diagnostics"]
        .as_array()
        .expect("diagnostics array")
        .iter()
        .find(|d| d["text"] == text)
        .unwrap_or_else(|| panic!("no finding on “{text}”"))
}
