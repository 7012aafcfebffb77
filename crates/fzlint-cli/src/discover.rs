//! Which files a run checks: explicit files as given, folders walked with the `ignore` crate
//! for the formats we read, filtered by lint.toml's `include` and `exclude`.
//!
//! A walk honours what ripgrep honours: `.gitignore` (in a git repository), `.ignore`,
//! `.git/info/exclude` and the global git excludes, and skips hidden files and folders;
//! `--no-ignore` and `--hidden` turn those off. Nothing is skipped silently: files left out
//! by those rules, and documents in formats fzlint cannot read (.doc, .pdf, .wps …), are
//! counted so that the run can say so.

use std::collections::{BTreeMap, HashSet};
use std::path::{Path, PathBuf};

/// Extensions of documents a report may come in that fzlint does not read: a folder of them
/// must not pass as "nothing found".
pub const UNREAD_DOCUMENTS: &[&str] = &[
    "doc", "wps", "rtf", "wpt", "dot", "dotx", "docm", "pages", "xps",
];

#[derive(Default)]
pub struct Discovered {
    pub files: Vec<PathBuf>,
    /// Those of `files` found by walking a folder (not named on the command line): lint.toml's
    /// `include` and `exclude` apply to them.
    pub walked: HashSet<PathBuf>,
    /// Paths given on the command line that do not exist.
    pub missing: Vec<PathBuf>,
    /// Documents found in folders in formats fzlint cannot read, by extension.
    pub unreadable: BTreeMap<String, Vec<PathBuf>>,
    /// Files of a format fzlint reads that the ignore rules or hidden-file rule left out.
    pub ignored: usize,
}

/// How folders are walked.
#[derive(Debug, Clone, Copy, Default)]
pub struct Walk {
    /// Do not honour .gitignore, .ignore and git excludes.
    pub no_ignore: bool,
    /// Walk into hidden files and folders too.
    pub hidden: bool,
}

pub fn has_known_extension(path: &Path) -> bool {
    extension(path).is_some_and(|e| fzlint_formats::EXTENSIONS.contains(&e.as_str()))
}

fn extension(path: &Path) -> Option<String> {
    path.extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase)
}

/// The files under `paths`. `walks_into(i, p)` says whether lint.toml's include and exclude let
/// the walk of `paths[i]` take `p`.
pub fn discover(
    paths: &[PathBuf],
    walk: Walk,
    walks_into: &dyn Fn(usize, &Path) -> bool,
) -> Discovered {
    let mut found = Discovered::default();
    let mut named = HashSet::new();
    for (root, path) in paths.iter().enumerate() {
        if path.is_file() {
            found.files.push(path.clone());
            named.insert(path.clone());
        } else if path.is_dir() {
            let mut seen = std::collections::HashSet::new();
            let walker = ignore::WalkBuilder::new(path)
                .standard_filters(!walk.no_ignore)
                .hidden(!walk.hidden)
                .build();
            for entry in walker.flatten() {
                let p = entry.path();
                if !entry.file_type().is_some_and(|t| t.is_file()) || !walks_into(root, p) {
                    continue;
                }
                if has_known_extension(p) {
                    seen.insert(p.to_path_buf());
                    found.walked.insert(strip_dot(p));
                    found.files.push(strip_dot(p));
                } else if let Some(e) =
                    extension(p).filter(|e| UNREAD_DOCUMENTS.contains(&e.as_str()))
                {
                    found.unreadable.entry(e).or_default().push(strip_dot(p));
                }
            }
            // what the filters left out: the same walk without them (never into .git)
            if !(walk.no_ignore && walk.hidden) {
                let all = ignore::WalkBuilder::new(path)
                    .standard_filters(false)
                    .filter_entry(|e| e.file_name() != ".git")
                    .build();
                found.ignored += all
                    .flatten()
                    .filter(|e| {
                        e.file_type().is_some_and(|t| t.is_file())
                            && has_known_extension(e.path())
                            && !seen.contains(e.path())
                            && walks_into(root, e.path())
                    })
                    .count();
            }
        } else {
            found.missing.push(path.clone());
        }
    }
    found.files.sort();
    found.files.dedup();
    // a file both named and inside a walked folder counts as named
    found.walked.retain(|p| !named.contains(p));
    found
}

impl Discovered {
    /// One line on what was left out, or `None` when nothing was.
    pub fn skipped_note(&self) -> Option<String> {
        let mut parts = Vec::new();
        if !self.unreadable.is_empty() {
            let n: usize = self.unreadable.values().map(Vec::len).sum();
            let kinds: Vec<String> = self
                .unreadable
                .iter()
                .map(|(e, v)| format!(".{e} {} 个", v.len()))
                .collect();
            parts.push(format!(
                "{n} 个文档的格式无法读取（{}）；请另存为 .docx 或 .txt 后检查",
                kinds.join("、")
            ));
        }
        if self.ignored > 0 {
            parts.push(format!(
                "{} 个文件被 .gitignore/.ignore 或隐藏文件规则略过（用 --no-ignore、--hidden 检查它们）",
                self.ignored
            ));
        }
        (!parts.is_empty()).then(|| format!("跳过：{}", parts.join("；")))
    }
}

/// `./a/b.txt` → `a/b.txt`, so paths print the same whether the user typed `.` or not.
fn strip_dot(p: &Path) -> PathBuf {
    p.strip_prefix(".")
        .map_or_else(|_| p.to_path_buf(), Path::to_path_buf)
}

/// The files under `paths`, each with the session of the nearest lint.toml above it (see
/// [`crate::setup::Sessions`]); a walked file that its own lint.toml excludes is left out.
pub fn with_sessions(
    paths: &[PathBuf],
    walk: Walk,
    setup: &crate::args::Setup,
) -> Result<
    (
        crate::setup::Sessions,
        Discovered,
        std::collections::HashMap<PathBuf, usize>,
    ),
    crate::setup::SetupError,
> {
    let mut sessions = crate::setup::Sessions::new(setup)?;
    let roots = paths
        .iter()
        .map(|p| sessions.index_for(setup, p))
        .collect::<Result<Vec<_>, _>>()?;
    let mut found = discover(paths, walk, &|root, p| {
        let s = sessions.get(roots[root]);
        s.resolved.walks_into(&s.config_relative(p))
    });
    let mut file_session = std::collections::HashMap::new();
    let mut kept = Vec::with_capacity(found.files.len());
    for f in std::mem::take(&mut found.files) {
        let i = sessions.index_for(setup, &f)?;
        let s = sessions.get(i);
        if found.walked.contains(&f) && !s.resolved.walks_into(&s.config_relative(&f)) {
            continue;
        }
        file_session.insert(f.clone(), i);
        kept.push(f);
    }
    found.files = kept;
    Ok((sessions, found, file_session))
}
