//! `fzlint init`: a starter lint.toml, a starter pack, and the JSON Schemas the editor needs
//! to complete and check them.

use crate::args::InitArgs;
use crate::setup::SetupError;
use crate::write::atomically;
use crate::EXIT_OK;
use fzlint_core::schema;
use std::io::Write;

const LINT_TOML: &str = include_str!("init_templates/lint.toml");
const LOCAL_PACK: &str = include_str!("init_templates/local.toml");

pub fn run(a: &InitArgs, out: &mut dyn Write) -> Result<i32, SetupError> {
    let files: [(&str, String); 4] = [
        ("lint.toml", LINT_TOML.to_string()),
        ("packs/local.toml", LOCAL_PACK.to_string()),
        (
            ".fzlint/lint.schema.json",
            schema::to_json(&schema::config()),
        ),
        (".fzlint/pack.schema.json", schema::to_json(&schema::pack())),
    ];
    // Refuse before writing anything, so that a refusal leaves the folder as it was.
    if !a.force {
        let existing: Vec<&str> = files
            .iter()
            .filter(|(p, _)| a.dir.join(p).exists())
            .map(|(p, _)| *p)
            .collect();
        if !existing.is_empty() {
            return Err(SetupError::Other(format!(
                "文件已存在，未写入任何文件 / not overwriting {} (use --force)",
                existing.join(", ")
            )));
        }
    }
    for (path, text) in &files {
        let target = a.dir.join(path);
        if let Some(parent) = target.parent() {
            std::fs::create_dir_all(parent).map_err(|e| {
                SetupError::Other(format!("cannot create {}: {e}", parent.display()))
            })?;
        }
        atomically(&target, text.as_bytes())
            .map_err(|e| SetupError::Other(format!("cannot write {}: {e}", target.display())))?;
        let _ = writeln!(out, "wrote {}", target.display());
    }
    let _ = writeln!(
        out,
        "next: fzlint test-rules {}  ·  fzlint check {}",
        a.dir.join("packs/local.toml").display(),
        a.dir.display()
    );
    Ok(EXIT_OK)
}
