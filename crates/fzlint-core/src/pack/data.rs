//! Data files of packs: a phrase rule's `dictionary = "data/typos.tsv"` names a file of
//! `wrong<TAB>right<TAB>source` lines that adds to its `suggest` table. Word lists are data,
//! kept and reviewed apart from the rules that use them, with a source for every entry.
//!
//! The file is found relative to the pack file (built-in packs: among the embedded data files).
//! A line that is not three columns, an entry given twice, two corrections for one form, or a
//! correction that contains a wrong form of the same list (the fix would be flagged again) is
//! a pack error at the `dictionary` key, naming the data file's line.

use super::SpecError;
use crate::source::SourceFile;
use std::borrow::Cow;
use std::collections::HashMap;
use toml::de::{DeTable, DeValue};
use toml::Spanned;

/// One entry of a dictionary.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    pub wrong: String,
    pub right: String,
    pub source: String,
    /// 1-based line in the data file.
    pub line: usize,
}

/// Parses a dictionary and checks it for duplicates, conflicts and corrections that contain
/// a wrong form. `name` is the file as shown in messages.
pub fn parse_dictionary(name: &str, text: &str) -> Result<Vec<Entry>, String> {
    let mut entries: Vec<Entry> = Vec::new();
    let mut seen: HashMap<String, usize> = HashMap::new();
    for (i, line) in text.lines().enumerate() {
        let line_no = i + 1;
        let line = line.trim_end_matches('\r');
        if line.trim().is_empty() || line.starts_with('#') {
            continue;
        }
        let cols: Vec<&str> = line.split('\t').collect();
        let [wrong, right, source] = cols[..] else {
            return Err(format!(
                "{name}:{line_no}：应有 3 列，以制表符分隔（错误写法、正确写法、依据），这里有 {} 列",
                cols.len()
            ));
        };
        let (wrong, right, source) = (wrong.trim(), right.trim(), source.trim());
        if wrong.is_empty() || right.is_empty() || source.is_empty() {
            return Err(format!("{name}:{line_no}：有一列为空"));
        }
        if wrong == right {
            return Err(format!("{name}:{line_no}：“{wrong}”被改成它自己"));
        }
        if let Some(first) = seen.insert(wrong.to_string(), line_no) {
            let earlier = &entries
                .iter()
                .find(|e| e.line == first)
                .expect("seen")
                .right;
            return Err(if earlier == right {
                format!("{name}:{line_no}：“{wrong}”重复列出（第一次在第 {first} 行）")
            } else {
                format!(
                    "{name}:{line_no}：“{wrong}”在这里改为“{right}”，在第 {first} 行改为“{earlier}”"
                )
            });
        }
        entries.push(Entry {
            wrong: wrong.to_string(),
            right: right.to_string(),
            source: source.to_string(),
            line: line_no,
        });
    }
    // A correction must not itself be flagged: with an automaton over the wrong forms this
    // is one pass over all corrections.
    let automaton = aho_corasick::AhoCorasick::new(entries.iter().map(|e| e.wrong.as_str()))
        .map_err(|e| format!("{name}: {e}"))?;
    for e in &entries {
        if let Some(m) = automaton.find(&e.right) {
            let other = &entries[m.pattern().as_usize()];
            return Err(format!(
                "{name}:{}：改正后的“{}”含有“{}”，而第 {} 行会把它报为错误",
                e.line, e.right, other.wrong, other.line
            ));
        }
    }
    Ok(entries)
}

/// The text of a data file named by a pack file.
fn read_data(pack_file: &SourceFile, rel: &str) -> Result<(String, String), String> {
    if let Some(text) = pack_file
        .name()
        .strip_prefix("builtin:")
        .and(crate::builtin::data(rel))
    {
        return Ok((format!("builtin:{rel}"), text.to_string()));
    }
    let Some(dir) = pack_file.dir() else {
        return Err(format!(
            "找不到数据文件 `{rel}`：数据文件按磁盘上规则包文件所在的文件夹查找"
        ));
    };
    let path = dir.join(rel);
    let shown = path.to_string_lossy().replace('\\', "/");
    std::fs::read_to_string(&path)
        .map(|t| (shown.clone(), t))
        .map_err(|e| format!("无法读取 {shown}：{}", crate::source::io_error_zh(&e)))
}

/// Parses a list of names: `name<TAB>source` lines, each name once.
pub fn parse_names(name: &str, text: &str) -> Result<Vec<(String, usize)>, String> {
    let mut out: Vec<(String, usize)> = Vec::new();
    let mut seen: HashMap<String, usize> = HashMap::new();
    for (i, line) in text.lines().enumerate() {
        let line_no = i + 1;
        let line = line.trim_end_matches('\r');
        if line.trim().is_empty() || line.starts_with('#') {
            continue;
        }
        let cols: Vec<&str> = line.split('\t').collect();
        let [n, source] = cols[..] else {
            return Err(format!(
                "{name}:{line_no}：应有 2 列，以制表符分隔（名称、依据），这里有 {} 列",
                cols.len()
            ));
        };
        if n.trim().is_empty() || source.trim().is_empty() {
            return Err(format!("{name}:{line_no}：有一列为空"));
        }
        if let Some(first) = seen.insert(n.trim().to_string(), line_no) {
            return Err(format!(
                "{name}:{line_no}：“{}”重复列出（第一次在第 {first} 行）",
                n.trim()
            ));
        }
        out.push((n.trim().to_string(), line_no));
    }
    Ok(out)
}

/// A data file named by a rule key (`dictionary`, `names-file`), taken out of the rule's
/// fields: the key's span, the value's span (where errors point), the file as shown, its text.
struct DataFile {
    key: std::ops::Range<usize>,
    at: std::ops::Range<usize>,
    shown: String,
    text: String,
}

fn take_data_file(
    pack_file: &SourceFile,
    fields: &mut DeTable<'_>,
    key: &str,
    example: &str,
) -> Result<Option<DataFile>, SpecError> {
    let Some((k, value)) = fields.remove_entry(key) else {
        return Ok(None);
    };
    let at = value.span();
    let DeValue::String(rel) = value.into_inner() else {
        return Err(SpecError::new(
            format!("`{key}` 是数据文件的路径，例如 \"{example}\""),
            Some(at),
        ));
    };
    let (shown, text) =
        read_data(pack_file, &rel).map_err(|m| SpecError::new(m, Some(at.clone())))?;
    Ok(Some(DataFile {
        key: k.span(),
        at,
        shown,
        text,
    }))
}

/// Replaces a rule's `names-file = "…"` by the names of that file in its `names` list.
pub(super) fn expand_names(
    pack_file: &SourceFile,
    fields: &mut DeTable<'_>,
) -> Result<(), SpecError> {
    let Some(file) = take_data_file(pack_file, fields, "names-file", "data/names.tsv")? else {
        return Ok(());
    };
    let span = file.at;
    let at = |msg: String| SpecError::new(msg, Some(span.clone()));
    let names = parse_names(&file.shown, &file.text).map_err(at)?;
    let mut list = match fields.remove("names").map(Spanned::into_inner) {
        None => toml::de::DeArray::new(),
        Some(DeValue::Array(a)) => a,
        Some(_) => return Err(at("`names` 必须是列表".into())),
    };
    for (n, _) in names {
        list.push(Spanned::new(span.clone(), DeValue::String(Cow::Owned(n))));
    }
    fields.insert(
        Spanned::new(file.key, Cow::Borrowed("names")),
        Spanned::new(span, DeValue::Array(list)),
    );
    Ok(())
}

/// Replaces a rule's `dictionary = "…"` by the entries of that file in its `suggest` table.
pub(super) fn expand_dictionary(
    pack_file: &SourceFile,
    fields: &mut DeTable<'_>,
) -> Result<(), SpecError> {
    let Some(file) = take_data_file(pack_file, fields, "dictionary", "data/typos.tsv")? else {
        return Ok(());
    };
    let (span, shown, key_span) = (file.at, file.shown, file.key);
    let at = |msg: String| SpecError::new(msg, Some(span.clone()));
    let entries = parse_dictionary(&shown, &file.text).map_err(at)?;
    let mut suggest = match fields.remove("suggest").map(Spanned::into_inner) {
        None => DeTable::new(),
        Some(DeValue::Table(t)) => t,
        Some(_) => return Err(at("`suggest` 必须是表".into())),
    };
    for e in entries {
        let k = Spanned::new(span.clone(), Cow::Owned(e.wrong.clone()));
        if suggest.contains_key(&k) {
            return Err(at(format!(
                "{shown}:{}：“{}”也在规则的 `suggest` 表中",
                e.line, e.wrong
            )));
        }
        suggest.insert(
            k,
            Spanned::new(span.clone(), DeValue::String(Cow::Owned(e.right))),
        );
    }
    fields.insert(
        Spanned::new(key_span, Cow::Borrowed("suggest")),
        Spanned::new(span, DeValue::Table(suggest)),
    );
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dictionaries_refuse_duplicates_conflicts_and_self_flagging_corrections() {
        let ok = parse_dictionary("d", "# c\n布署\t部署\tGF\n\n部份\t部分\tGF\n").unwrap();
        assert_eq!(ok.len(), 2);
        assert_eq!((ok[1].wrong.as_str(), ok[1].line), ("部份", 4));
        for (text, says) in [
            ("布署\t部署\n", "应有 3 列"),
            ("布署\t部署\tx\n布署\t部署\tx\n", "重复列出"),
            ("布署\t部署\tx\n布署\t布置\tx\n", "在这里改为“布置”"),
            ("部署\t部署\tx\n", "被改成它自己"),
            ("法制\t法治\tx\n治\t理\tx\n", "含有“治”"),
        ] {
            let e = parse_dictionary("d", text).unwrap_err();
            assert!(e.contains(says), "{text:?}: {e}");
        }
    }
}
