//! Packs on disk: a single `.toml` file, or a folder of them where one file holds `[pack]` and
//! the others only `[[rule]]` tables; `extends` resolved against built-in packs and paths
//! relative to the extending file.

use super::{load_rules, load_source, unique_ids, Pack, PackError, SpecError};
use crate::builtin;
use crate::source::SourceFile;
use std::path::{Path, PathBuf};

/// Loads the pack at `path` (a file or a folder). `shown` is the path as the user should see
/// it in messages.
pub fn load_path(path: &Path, shown: &str) -> Result<Pack, PackError> {
    Loader { stack: Vec::new() }.load(path, shown)
}

/// How many packs deep `extends` may go (a chain of thousands would exhaust the stack).
const MAX_EXTENDS_DEPTH: usize = 32;

struct Loader {
    /// Packs being loaded, outermost first, to refuse an `extends` cycle.
    stack: Vec<(PathBuf, String)>,
}

fn read(path: &Path, shown: &str) -> Result<String, PackError> {
    crate::source::read_settings_file(path, crate::source::MAX_SETTINGS_BYTES)
        .map_err(|e| PackError::whole_file(shown, format!("无法读取：{e}")))
}

impl Loader {
    fn load(&mut self, path: &Path, shown: &str) -> Result<Pack, PackError> {
        let canonical = path.canonicalize().map_err(|e| {
            PackError::whole_file(
                shown,
                format!("无法读取：{}", crate::source::io_error_zh(&e)),
            )
        })?;
        if self.stack.iter().any(|(p, _)| *p == canonical) {
            let chain: Vec<&str> = self.stack.iter().map(|(_, s)| s.as_str()).collect();
            return Err(PackError::whole_file(
                shown,
                format!("`extends` 循环引用：{} → {shown}", chain.join(" → ")),
            ));
        }
        if self.stack.len() >= MAX_EXTENDS_DEPTH {
            return Err(PackError::whole_file(
                shown,
                format!("`extends` 嵌套超过 {MAX_EXTENDS_DEPTH} 层"),
            ));
        }
        self.stack.push((canonical, shown.to_string()));
        let pack = if path.is_dir() {
            self.load_folder(path, shown)
        } else {
            self.load_file(path, shown)
        };
        self.stack.pop();
        pack
    }

    fn load_file(&mut self, path: &Path, shown: &str) -> Result<Pack, PackError> {
        let text = read(path, shown)?;
        let dir = path.parent().unwrap_or(Path::new(".")).to_path_buf();
        let shown_dir = Path::new(shown)
            .parent()
            .unwrap_or(Path::new(""))
            .to_path_buf();
        let source = SourceFile::new(shown, text).in_dir(&dir);
        load_source(source, &mut |name| self.resolve(&dir, &shown_dir, name))
    }

    /// The `.toml` files of a folder, sorted: the one with `[pack]` is the pack, the others
    /// add rules to it.
    fn load_folder(&mut self, dir: &Path, shown: &str) -> Result<Pack, PackError> {
        let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
            .map_err(|e| {
                PackError::whole_file(
                    shown,
                    format!("无法读取文件夹：{}", crate::source::io_error_zh(&e)),
                )
            })?
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.is_file() && p.extension().is_some_and(|x| x == "toml"))
            .collect();
        files.sort();
        let shown_of = |p: &Path| {
            format!(
                "{}/{}",
                shown.trim_end_matches('/'),
                p.file_name().unwrap_or_default().to_string_lossy()
            )
        };
        let mut texts = Vec::with_capacity(files.len());
        for f in &files {
            texts.push(read(f, &shown_of(f))?);
        }
        let heads: Vec<usize> = texts
            .iter()
            .enumerate()
            .filter(|(_, t)| has_pack_table(t))
            .map(|(i, _)| i)
            .collect();
        let main = match heads.as_slice() {
            [one] => *one,
            [] => {
                return Err(PackError::whole_file(
                    shown,
                    "规则包文件夹需要一个带 [pack] 表（name、version）的 .toml 文件",
                ))
            }
            [_, second, ..] => {
                return Err(PackError::whole_file(
                    shown_of(&files[*second]),
                    format!(
                        "规则包文件夹只能有一个 [pack] 表，但 {} 也有",
                        shown_of(&files[heads[0]])
                    ),
                ))
            }
        };
        let mut pack = self.load_file(&files[main], &shown_of(&files[main]))?;
        pack.origin = shown.to_string();
        for (i, f) in files.iter().enumerate() {
            if i == main {
                continue;
            }
            let origin = shown_of(f);
            let source = SourceFile::new(origin.as_str(), texts[i].as_str()).in_dir(dir);
            let extra = load_rules(&pack.name, source)?;
            // ids must be unique across the whole folder; the error points into this file
            let mut all: Vec<_> = pack
                .rules
                .drain(..)
                .map(|r| {
                    let span = r.span.clone();
                    (r, span)
                })
                .collect();
            all.extend(extra);
            // the rules before were unique already, so a clash is at an id of this file
            pack.rules = unique_ids(all).map_err(|e: SpecError| {
                PackError::new(&SourceFile::new(origin.as_str(), texts[i].as_str()), e)
            })?;
        }
        Ok(pack)
    }

    fn resolve(
        &mut self,
        dir: &Path,
        shown_dir: &Path,
        name: &str,
    ) -> Result<Option<Pack>, PackError> {
        let path = dir.join(name);
        if path.exists() {
            let shown = shown_dir.join(name).to_string_lossy().replace('\\', "/");
            return self.load(&path, &shown).map(Some);
        }
        let builtin_name = name.strip_prefix("builtin:").unwrap_or(name);
        builtin::load(builtin_name).transpose()
    }
}

/// True if the TOML text has a top-level `[pack]` table (a quick look; errors come later).
fn has_pack_table(text: &str) -> bool {
    toml::de::DeTable::parse(text)
        .map(|t| t.get_ref().contains_key("pack"))
        .unwrap_or(true)
}
