//! A named text (a pack or config file) that miette can render, with *character* columns.
//!
//! miette's own `str` source reports byte columns in its `file:line:col` header, which is wrong
//! for any line with Chinese in it; this wrapper fixes the column and keeps the rest.

use crate::span::LineIndex;
use miette::{MietteError, MietteSpanContents, SourceCode, SourceSpan, SpanContents};
use std::path::Path;
use std::sync::Arc;

#[derive(Debug, Clone)]
pub struct SourceFile {
    name: Arc<str>,
    text: Arc<str>,
    /// The folder a pack file was read from: its data files (`dictionary = "…"`) are
    /// relative to it.
    dir: Option<Arc<Path>>,
}

/// Packs, lint.toml and baselines are small: a larger file is refused instead of read.
pub const MAX_SETTINGS_BYTES: u64 = 16 * 1024 * 1024;

/// An I/O error in Chinese, for messages that a user reads: the common kinds in words, the
/// rest as the system gives them.
pub fn io_error_zh(e: &std::io::Error) -> String {
    use std::io::ErrorKind as K;
    match e.kind() {
        K::NotFound => "文件或文件夹不存在".into(),
        K::PermissionDenied => "没有权限".into(),
        K::IsADirectory => "这是文件夹，不是文件".into(),
        K::NotADirectory => "路径中有一段不是文件夹".into(),
        K::InvalidData => "不是 UTF-8 文本".into(),
        K::AlreadyExists => "已经存在".into(),
        K::ReadOnlyFilesystem => "文件系统是只读的".into(),
        K::StorageFull => "磁盘已满".into(),
        K::FileTooLarge => "文件太大".into(),
        _ => format!("系统错误（{e}）"),
    }
}

/// Reads a settings file (a pack, lint.toml, a baseline): only a regular file (a FIFO would
/// block, a device never end) and at most `max` bytes.
pub fn read_settings_file(path: &std::path::Path, max: u64) -> Result<String, String> {
    use std::io::Read;
    let meta = std::fs::metadata(path).map_err(|e| io_error_zh(&e))?;
    if !meta.is_file() {
        return Err("不是普通文件（是设备、管道或文件夹）".into());
    }
    if meta.len() > max {
        return Err(format!(
            "{} 字节，超过 {} MB 的上限",
            meta.len(),
            max / (1024 * 1024)
        ));
    }
    let mut text = String::new();
    std::fs::File::open(path)
        .map_err(|e| io_error_zh(&e))?
        .take(max + 1)
        .read_to_string(&mut text)
        .map_err(|e| io_error_zh(&e))?;
    if text.len() as u64 > max {
        return Err(format!("超过 {} MB 的上限", max / (1024 * 1024)));
    }
    Ok(text)
}

impl SourceFile {
    pub fn new(name: impl Into<Arc<str>>, text: impl Into<Arc<str>>) -> Self {
        SourceFile {
            name: name.into(),
            text: text.into(),
            dir: None,
        }
    }

    /// The same file, read from `dir` (on disk).
    pub fn in_dir(mut self, dir: &Path) -> Self {
        self.dir = Some(Arc::from(dir));
        self
    }

    pub fn dir(&self) -> Option<&Path> {
        self.dir.as_deref()
    }

    pub fn name(&self) -> &str {
        &self.name
    }

    pub fn text(&self) -> &str {
        &self.text
    }

    /// 1-based line and character column of a byte offset (clamped, snapped back to a char).
    pub fn line_column(&self, offset: usize) -> (usize, usize) {
        let mut offset = offset.min(self.text.len());
        while !self.text.is_char_boundary(offset) {
            offset -= 1;
        }
        LineIndex::new(&self.text).line_column(&self.text, offset)
    }
}

impl SourceCode for SourceFile {
    fn read_span<'a>(
        &'a self,
        span: &SourceSpan,
        context_lines_before: usize,
        context_lines_after: usize,
    ) -> Result<Box<dyn SpanContents<'a> + 'a>, MietteError> {
        let inner =
            self.text
                .as_ref()
                .read_span(span, context_lines_before, context_lines_after)?;
        let (_, column) = self.line_column(span.offset());
        Ok(Box::new(MietteSpanContents::new_named(
            self.name.to_string(),
            inner.data(),
            *inner.span(),
            inner.line(),
            column - 1,
            inner.line_count(),
        )))
    }
}
