//! Reading one file into a [`Document`]. Every failure is an error for that file only.

use crate::discover::has_known_extension;
use fzlint_core::{Document, Syntax};
use std::io::Read;
use std::path::Path;

/// Files larger than this are refused rather than read into memory.
pub const MAX_FILE_BYTES: u64 = 50 * 1024 * 1024;

pub fn read_document(path: &Path, shown: &str) -> Result<Document, String> {
    if !has_known_extension(path) {
        return Err(format!(
            "不支持的文件格式(目前支持 .txt、.md) / unsupported file type: {}",
            path.extension()
                .map_or("(none)".into(), |e| format!(".{}", e.to_string_lossy()))
        ));
    }
    let file = std::fs::File::open(path).map_err(|e| format!("无法读取 / cannot read: {e}"))?;
    let len = file.metadata().map(|m| m.len()).unwrap_or(0);
    if len > MAX_FILE_BYTES {
        return Err(format!(
            "文件过大({} MB,上限 {} MB) / file too large",
            len / (1024 * 1024),
            MAX_FILE_BYTES / (1024 * 1024)
        ));
    }
    let mut bytes = Vec::with_capacity(len as usize);
    file.take(MAX_FILE_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| format!("无法读取 / cannot read: {e}"))?;
    Document::from_utf8_bytes(shown, Syntax::from_path(shown), bytes).map_err(|e| e.to_string())
}
