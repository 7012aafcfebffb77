//! Errors in rule packs and configuration files, pointing at the offending TOML.

use crate::source::SourceFile;
use miette::{Diagnostic, SourceSpan};
use std::ops::Range;

/// A problem found while compiling one rule: what, where in the pack, and how to fix it. Rule
/// kinds return this; the loader attaches the pack file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SpecError {
    pub message: String,
    /// Byte range in the pack file (`None`: the whole rule).
    pub span: Option<Range<usize>>,
    pub help: Option<String>,
    /// When `span` is a string value: the byte range within the *decoded* string that is at
    /// fault (a regex error's position); the loader maps it through the TOML escapes.
    pub within: Option<Range<usize>>,
}

impl SpecError {
    pub fn new(message: impl Into<String>, span: Option<Range<usize>>) -> Self {
        SpecError {
            message: message.into(),
            span,
            help: None,
            within: None,
        }
    }

    pub fn within(mut self, range: Range<usize>) -> Self {
        self.within = Some(range);
        self
    }

    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }
}

impl From<toml::de::Error> for SpecError {
    fn from(e: toml::de::Error) -> Self {
        let message = e.message().trim().to_string();
        let help = unknown_field_help(&message);
        let err = SpecError::new(toml_message_zh(&message), e.span());
        match help {
            Some(h) => err.with_help(h),
            None => err,
        }
    }
}

/// serde's and the TOML parser's messages in Chinese: the common ones by their shape, with
/// the names they quote kept; others are given as they are, marked as the parser's words.
fn toml_message_zh(message: &str) -> String {
    let quoted = |rest: &str| rest.split('`').nth(1).unwrap_or("").to_string();
    if let Some(rest) = message.strip_prefix("unknown field ") {
        return format!("未知的键 `{}`", quoted(rest));
    }
    if let Some(rest) = message.strip_prefix("unknown variant ") {
        return format!("无效的取值 `{}`", quoted(rest));
    }
    if let Some(rest) = message.strip_prefix("missing field ") {
        return format!("缺少必填的键 `{}`", quoted(rest));
    }
    if let Some(rest) = message.strip_prefix("duplicate field ") {
        return format!("键 `{}` 出现了两次", quoted(rest));
    }
    if let Some(rest) = message.strip_prefix("duplicate key") {
        let name = quoted(rest);
        return if name.is_empty() {
            "键重复".into()
        } else {
            format!("键 `{name}` 重复")
        };
    }
    if let Some(rest) = message.strip_prefix("invalid type: ") {
        if let Some((found, expected)) = rest.split_once(", expected ") {
            return format!(
                "类型不对：这里应是{}，写的是{}",
                type_zh(expected),
                type_zh(found)
            );
        }
    }
    if let Some(rest) = message.strip_prefix("invalid length ") {
        return format!("长度不对（{rest}）");
    }
    const SYNTAX: &[(&str, &str)] = &[
        ("invalid table header", "表头写法有误"),
        ("invalid array", "数组写法有误"),
        ("invalid inline table", "内联表写法有误"),
        ("invalid string", "字符串写法有误"),
        (
            "invalid basic string",
            "字符串写法有误（引号没有闭合，或有无效的转义）",
        ),
        ("invalid literal string", "字符串写法有误（单引号没有闭合）"),
        ("invalid multiline basic string", "多行字符串写法有误"),
        ("invalid key", "键的写法有误"),
        ("key with no value", "键没有值：应写成 key = value"),
        ("expected newline", "这里应换行"),
        ("invalid escape sequence", "无效的转义序列"),
        ("unclosed table", "表头的方括号没有闭合"),
        ("unclosed array", "数组的方括号没有闭合"),
        ("unclosed inline table", "内联表的花括号没有闭合"),
        ("invalid unquoted string", "值写法有误（文字要加引号）"),
        ("string values must be quoted", "文字值要加引号"),
        ("invalid number", "数字写法有误"),
        (
            "extra assignment between key-value pairs",
            "同一行有两个赋值",
        ),
    ];
    let first = message.lines().next().unwrap_or(message).trim();
    for (en, zh) in SYNTAX {
        if first.starts_with(en) {
            return format!("TOML 语法错误：{zh}");
        }
    }
    format!("TOML 格式错误（解析器原文：{first}）")
}

/// serde's names of types ("a string", "integer `3`", "a sequence") in Chinese.
fn type_zh(t: &str) -> String {
    let t = t.trim();
    let (name, value) = match t.split_once(' ') {
        Some((n, v)) if v.starts_with(['`', '"']) => (n, Some(v)),
        _ => (t, None),
    };
    let zh = match name.trim_start_matches("a ").trim_start_matches("an ") {
        "string" | "str" | "char" => "文字（字符串）",
        "integer" | "i64" | "u64" | "u32" | "usize" => "整数",
        "float" | "f64" | "floating point" => "小数",
        "boolean" | "bool" => "true 或 false",
        "sequence" | "array" => "数组 [..]",
        "map" | "table" => "表 {..}",
        other if other.starts_with("struct") || other.starts_with("map") => "表 {..}",
        other if other.starts_with("sequence") => "数组 [..]",
        other if other.starts_with("string") => "文字（字符串）",
        other if other.starts_with("boolean") => "true 或 false",
        _ => return t.to_string(),
    };
    match value {
        Some(v) => format!("{zh} {v}"),
        None => zh.to_string(),
    }
}

/// For serde's "unknown field `x`, expected one of `a`, `b`": the nearest valid name.
fn unknown_field_help(message: &str) -> Option<String> {
    let rest = message
        .strip_prefix("unknown field `")
        .or_else(|| message.strip_prefix("unknown variant `"))?;
    let (name, expected) = rest.split_once('`')?;
    let valid: Vec<&str> = expected.split('`').skip(1).step_by(2).collect();
    if valid.is_empty() {
        return None;
    }
    Some(match crate::suggest::nearest(name, valid.iter().copied()) {
        Some(n) => format!("是不是 `{n}`？"),
        None => format!("这里可用：{}", valid.join("、")),
    })
}

/// Maps a byte range within a decoded TOML string to the range in its source `raw` (the
/// quoted literal, quotes included), following escapes in basic strings.
fn map_within(raw: &str, within: &Range<usize>) -> Option<Range<usize>> {
    let (quote, basic) = if raw.starts_with("\"\"\"") {
        (3, true)
    } else if raw.starts_with("'''") {
        (3, false)
    } else if raw.starts_with('"') {
        (1, true)
    } else if raw.starts_with('\'') {
        (1, false)
    } else {
        return None;
    };
    let body = raw.get(quote..raw.len().checked_sub(quote)?)?;
    // decoded offset → raw offset, one entry per decoded character
    let (mut decoded, mut i) = (0usize, 0usize);
    let mut map = |target: usize| -> Option<usize> {
        while decoded < target {
            let c = body[i..].chars().next()?;
            if basic && c == '\\' {
                let e = body[i + 1..].chars().next()?;
                let (len, out) = match e {
                    'u' => (
                        6,
                        char::from_u32(u32::from_str_radix(body.get(i + 2..i + 6)?, 16).ok()?)?
                            .len_utf8(),
                    ),
                    'U' => (
                        10,
                        char::from_u32(u32::from_str_radix(body.get(i + 2..i + 10)?, 16).ok()?)?
                            .len_utf8(),
                    ),
                    _ => (2, 1),
                };
                i += len;
                decoded += out;
            } else {
                i += c.len_utf8();
                decoded += c.len_utf8();
            }
        }
        Some(quote + i)
    };
    let start = map(within.start)?;
    let end = map(within.end)?;
    Some(start..end.max(start))
}

/// An error in a pack or config file, rendered by miette with the TOML line underlined.
/// Boxed: it travels through many `Result`s and most of them are `Ok`.
#[derive(Debug)]
pub struct PackError(Box<PackErrorDetail>);

#[derive(Debug, thiserror::Error, Diagnostic)]
#[error("{message}")]
#[diagnostic(code(fzlint::setup))]
pub struct PackErrorDetail {
    pub path: String,
    pub line: usize,
    pub column: usize,
    pub message: String,
    #[source_code]
    source_file: SourceFile,
    #[label("这里")]
    span: Option<SourceSpan>,
    #[help]
    pub help: Option<String>,
}

impl std::ops::Deref for PackError {
    type Target = PackErrorDetail;
    fn deref(&self) -> &PackErrorDetail {
        &self.0
    }
}

impl std::fmt::Display for PackError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{}:{}:{}: {}",
            self.path, self.line, self.column, self.message
        )
    }
}

impl std::error::Error for PackError {}

impl Diagnostic for PackError {
    fn code<'a>(&'a self) -> Option<Box<dyn std::fmt::Display + 'a>> {
        self.0.code()
    }
    fn help<'a>(&'a self) -> Option<Box<dyn std::fmt::Display + 'a>> {
        self.0.help()
    }
    fn source_code(&self) -> Option<&dyn miette::SourceCode> {
        self.0.source_code()
    }
    fn labels(&self) -> Option<Box<dyn Iterator<Item = miette::LabeledSpan> + '_>> {
        self.0.labels()
    }
}

impl PackError {
    pub fn new(source: &SourceFile, mut err: SpecError) -> Self {
        if let (Some(span), Some(within)) = (&err.span, &err.within) {
            let narrowed = source
                .text()
                .get(span.clone())
                .and_then(|raw| map_within(raw, within))
                .map(|r| span.start + r.start..span.start + r.end);
            if let Some(n) = narrowed {
                err.span = Some(n);
            }
        }
        let (line, column) = source.line_column(err.span.as_ref().map_or(0, |r| r.start));
        PackError(Box::new(PackErrorDetail {
            path: source.name().to_string(),
            line,
            column,
            message: err.message,
            source_file: source.clone(),
            span: err
                .span
                .map(|r| SourceSpan::from(r.start..r.end.max(r.start))),
            help: err.help,
        }))
    }

    /// An error about a file as a whole (it could not be read, say), with no position.
    pub fn whole_file(path: impl Into<String>, message: impl Into<String>) -> Self {
        let path = path.into();
        PackError(Box::new(PackErrorDetail {
            source_file: SourceFile::new(path.clone(), ""),
            path,
            line: 1,
            column: 1,
            message: message.into(),
            span: None,
            help: None,
        }))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn offsets_inside_strings_follow_toml_escapes() {
        // decoded `年\d+[` : the `[` is byte 6 of the value
        assert_eq!(map_within(r#""年\\d+[""#, &(6..7)), Some(8..9));
        assert_eq!(map_within(r"'年\d+['", &(6..7)), Some(7..8));
        assert_eq!(map_within(r#"'''年\d+['''"#, &(6..7)), Some(9..10));
        assert_eq!(map_within(r#""\u5e74x""#, &(3..4)), Some(7..8));
        assert_eq!(map_within("bare", &(0..1)), None);
    }

    #[test]
    fn unknown_fields_get_the_nearest_name() {
        let m = "unknown field `phrase`, expected one of `phrases`, `suggest`";
        assert_eq!(unknown_field_help(m).as_deref(), Some("是不是 `phrases`？"));
        let m = "unknown field `colour`, expected `phrases` or `suggest`";
        assert_eq!(
            unknown_field_help(m).as_deref(),
            Some("这里可用：phrases、suggest")
        );
        assert_eq!(unknown_field_help("missing field `id`"), None);
    }

    #[test]
    fn serde_and_toml_messages_are_given_in_chinese_with_their_names() {
        for (en, zh) in [
            (
                "unknown variant `fatal`, expected one of `info`, `warning`",
                "无效的取值 `fatal`",
            ),
            (
                "unknown field `colour`, expected `phrases`",
                "未知的键 `colour`",
            ),
            ("missing field `id`", "缺少必填的键 `id`"),
            (
                "invalid type: integer `3`, expected a string",
                "类型不对：这里应是文字（字符串），写的是整数 `3`",
            ),
            (
                "invalid type: string \"x\", expected a sequence",
                "类型不对：这里应是数组 [..]，写的是文字（字符串） \"x\"",
            ),
            (
                "key with no value, expected `=`",
                "TOML 语法错误：键没有值：应写成 key = value",
            ),
            (
                "something new",
                "TOML 格式错误（解析器原文：something new）",
            ),
        ] {
            assert_eq!(toml_message_zh(en), zh);
        }
    }
}
