//! Which files a run checks: explicit files as given, folders walked with the `ignore` crate
//! (.gitignore respected, hidden files skipped) for the formats we read, filtered by
//! lint.toml's `include` and `exclude`.

use crate::setup::Session;
use std::path::{Path, PathBuf};

pub struct Discovered {
    pub files: Vec<PathBuf>,
    /// Paths given on the command line that do not exist.
    pub missing: Vec<PathBuf>,
}

pub fn has_known_extension(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| fzlint_formats::EXTENSIONS.contains(&e.to_ascii_lowercase().as_str()))
}

pub fn discover(paths: &[PathBuf], session: &Session) -> Discovered {
    let mut files = Vec::new();
    let mut missing = Vec::new();
    for path in paths {
        if path.is_file() {
            files.push(path.clone());
        } else if path.is_dir() {
            let walk = ignore::WalkBuilder::new(path).build();
            for entry in walk.flatten() {
                let p = entry.path();
                if entry.file_type().is_some_and(|t| t.is_file())
                    && has_known_extension(p)
                    && session.resolved.walks_into(&session.config_relative(p))
                {
                    files.push(strip_dot(p));
                }
            }
        } else {
            missing.push(path.clone());
        }
    }
    files.sort();
    files.dedup();
    Discovered { files, missing }
}

/// `./a/b.txt` → `a/b.txt`, so paths print the same whether the user typed `.` or not.
fn strip_dot(p: &Path) -> PathBuf {
    p.strip_prefix(".")
        .map_or_else(|_| p.to_path_buf(), Path::to_path_buf)
}
