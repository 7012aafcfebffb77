//! Reading one file into a [`Document`]. Every failure is an error for that file only.

use fzlint_core::Document;
use fzlint_formats::{Format, Options};
use std::io::Read;
use std::path::Path;

/// Files larger than this are refused unless configured otherwise.
pub const DEFAULT_MAX_FILE_MB: u64 = 50;

pub struct ReadOptions {
    pub formats: Options,
    pub max_bytes: u64,
    /// Findings reported per file at most (`--max-findings`).
    pub max_findings: usize,
    /// The document read from standard input (`check -`), and the name it is shown under.
    pub stdin: Option<Vec<u8>>,
    pub stdin_name: Option<String>,
}

pub fn read_document(path: &Path, shown: &str, options: &ReadOptions) -> Result<Document, String> {
    let bytes = read_bytes(path, shown, options)?;
    document_from_bytes(shown, &bytes, options)
}

/// The file's bytes, once, within the size limit (a file of a format fzlint cannot read is
/// refused before it is read).
pub fn read_bytes(path: &Path, shown: &str, options: &ReadOptions) -> Result<Vec<u8>, String> {
    if Format::from_path(shown).is_none() {
        let extension = path
            .extension()
            .map_or("(none)".into(), |e| format!(".{}", e.to_string_lossy()));
        return Err(fzlint_formats::ReadError::Unsupported { extension }.to_string());
    }
    let file = std::fs::File::open(path).map_err(|e| format!("无法读取 / cannot read: {e}"))?;
    let len = file.metadata().map(|m| m.len()).unwrap_or(0);
    let too_large = |len: u64| {
        format!(
            "文件过大（{} MB，上限 {} MB；可用 --max-file-size 调整） / file too large",
            len.div_ceil(1024 * 1024),
            options.max_bytes / (1024 * 1024)
        )
    };
    if len > options.max_bytes {
        return Err(too_large(len));
    }
    let mut bytes = Vec::with_capacity(len as usize);
    // the file may grow while we read it: never take more than the limit
    file.take(options.max_bytes + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| format!("无法读取 / cannot read: {e}"))?;
    if bytes.len() as u64 > options.max_bytes {
        return Err(too_large(bytes.len() as u64));
    }
    Ok(bytes)
}

/// The document in `bytes`, read as the format its name says.
pub fn document_from_bytes(
    shown: &str,
    bytes: &[u8],
    options: &ReadOptions,
) -> Result<Document, String> {
    let Some(format) = Format::from_path(shown) else {
        return Err(fzlint_formats::ReadError::Unsupported {
            extension: "(none)".into(),
        }
        .to_string());
    };
    fzlint_formats::read(shown, bytes, format, &options.formats).map_err(|e| e.to_string())
}

/// Standard input, within the size limit.
pub fn read_stdin(max_bytes: u64) -> Result<Vec<u8>, crate::setup::SetupError> {
    let mut bytes = Vec::new();
    std::io::stdin()
        .lock()
        .take(max_bytes + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| {
            crate::setup::SetupError::Other(format!("无法读取标准输入：{e} / cannot read stdin"))
        })?;
    if bytes.len() as u64 > max_bytes {
        return Err(crate::setup::SetupError::Other(format!(
            "标准输入超过 {} MB（可用 --max-file-size 调整） / stdin too large",
            max_bytes / (1024 * 1024)
        )));
    }
    Ok(bytes)
}
