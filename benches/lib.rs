//! Inputs for the engine benchmarks: reports written by the team (the repository's examples
//! and fixtures), joined into one document of about the size of a real annual report.

use std::path::Path;

/// About 20 KB of report text: the repository's example reports, repeated under one title.
pub fn report() -> String {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let mut parts = Vec::new();
    for dir in ["examples", "tests/fixtures"] {
        let mut files: Vec<_> = std::fs::read_dir(root.join(dir))
            .map(|d| d.filter_map(|e| e.ok().map(|e| e.path())).collect())
            .unwrap_or_default();
        files.sort();
        for f in files {
            if f.extension().is_some_and(|x| x == "txt" || x == "md") {
                if let Ok(t) = std::fs::read_to_string(&f) {
                    parts.push(t);
                }
            }
        }
    }
    let body = parts.join("\n");
    let mut text = String::from("某区2023年度法治政府建设情况报告\n");
    while text.len() < 20_000 && !body.is_empty() {
        text.push_str(&body);
    }
    text
}
