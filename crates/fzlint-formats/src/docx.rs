//! Word .docx: the body's paragraphs in order, read from `word/document.xml` with zip and
//! quick-xml (docx-rs is built for writing and its reader drops text boxes). Each paragraph is
//! one line of the document's text — table cells and text boxes included, headers, footers
//! and footnotes left out — so a finding's line is the paragraph's number and its column the
//! character offset in it. Heading levels come from paragraph styles (Heading 1, 标题 1, Title)
//! and outline levels.
//!
//! Limits keep a hostile archive from exhausting memory: at most 10,000 entries, and 64 MB for
//! any part read (whatever the archive claims).

use crate::{identity, ReadError};
use fzlint_core::{Document, Parts, Syntax};
use quick_xml::events::{BytesStart, Event};
use quick_xml::Reader;
use std::collections::HashMap;
use std::io::{Cursor, Read};
use zip::result::ZipError;
use zip::ZipArchive;

/// Caps against hostile archives.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Limits {
    pub entries: usize,
    pub part_bytes: u64,
}

pub(crate) const LIMITS: Limits = Limits {
    entries: 10_000,
    part_bytes: 64 * 1024 * 1024,
};
/// The signature of an OLE compound file: an encrypted .docx or a legacy .doc.
const OLE: &[u8] = &[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];

fn broken(e: impl std::fmt::Display) -> ReadError {
    ReadError::BrokenDocx {
        detail: e.to_string(),
    }
}

fn read_part(
    zip: &mut ZipArchive<Cursor<&[u8]>>,
    name: &str,
    limit: u64,
) -> Result<Option<String>, ReadError> {
    let part = match zip.by_name(name) {
        Ok(p) => p,
        Err(ZipError::FileNotFound) => return Ok(None),
        Err(e) => return Err(broken(format!("{name}: {e}"))),
    };
    let too_large = || ReadError::TooLarge {
        what: format!("{name} 解压后超过 {limit} 字节"),
    };
    if part.size() > limit {
        return Err(too_large());
    }
    let mut buf = Vec::new();
    // the declared size can lie: never read more than the limit
    part.take(limit + 1)
        .read_to_end(&mut buf)
        .map_err(|e| broken(format!("{name}: {e}")))?;
    if buf.len() as u64 > limit {
        return Err(too_large());
    }
    String::from_utf8(buf)
        .map(Some)
        .map_err(|_| broken(format!("{name} is not UTF-8")))
}

fn attr(e: &BytesStart<'_>, local: &str) -> Option<String> {
    e.attributes()
        .flatten()
        .find_map(|a| (a.key.local_name().as_ref() == local).then(|| a.value.to_string()))
}

/// Heading level of a style name: Title → 0, Heading 2 / 标题 2 → 2.
fn level_of_name(name: &str) -> Option<u8> {
    let n = name.trim().to_lowercase();
    if n == "title" || n == "标题" {
        return Some(0);
    }
    let rest = n
        .strip_prefix("heading")
        .or_else(|| n.strip_prefix("标题"))?;
    rest.trim()
        .parse::<u8>()
        .ok()
        .filter(|l| (1..=9).contains(l))
}

/// styleId → heading level, from word/styles.xml.
fn style_levels(xml: &str) -> Result<HashMap<String, u8>, ReadError> {
    let mut levels = HashMap::new();
    let mut reader = Reader::from_str(xml);
    let mut current: Option<String> = None;
    loop {
        match reader.read_event().map_err(broken)? {
            Event::Start(e) | Event::Empty(e) => match e.local_name().as_ref() {
                "style" => current = attr(&e, "styleId"),
                "name" => {
                    if let (Some(id), Some(level)) =
                        (&current, attr(&e, "val").as_deref().and_then(level_of_name))
                    {
                        levels.entry(id.clone()).or_insert(level);
                    }
                }
                "outlineLvl" => {
                    if let (Some(id), Some(n)) =
                        (&current, attr(&e, "val").and_then(|v| v.parse::<u8>().ok()))
                    {
                        if n < 9 {
                            levels.insert(id.clone(), n + 1);
                        }
                    }
                }
                _ => {}
            },
            Event::End(e) if e.local_name().as_ref() == "style" => current = None,
            Event::Eof => break,
            _ => {}
        }
    }
    Ok(levels)
}

struct Paragraph {
    text: String,
    level: Option<u8>,
}

/// Paragraph texts and heading levels from word/document.xml.
fn paragraphs(xml: &str, styles: &HashMap<String, u8>) -> Result<Vec<Paragraph>, ReadError> {
    let mut reader = Reader::from_str(xml);
    let mut open: Vec<Paragraph> = Vec::new();
    let mut done = Vec::new();
    let mut in_text = false;
    // mc:Fallback repeats what mc:Choice holds (text boxes): read it once
    let mut fallback = 0usize;
    loop {
        let event = reader.read_event().map_err(broken)?;
        match event {
            Event::Start(e) => match e.local_name().as_ref() {
                "Fallback" => fallback += 1,
                _ if fallback > 0 => {}
                "p" => open.push(Paragraph {
                    text: String::new(),
                    level: None,
                }),
                "t" => in_text = true,
                _ => {}
            },
            Event::Empty(e) if fallback == 0 => {
                let p = open.last_mut();
                match (e.local_name().as_ref(), p) {
                    ("p", _) => done.push(Paragraph {
                        text: String::new(),
                        level: None,
                    }),
                    ("tab" | "br" | "cr", Some(p)) => p.text.push(' '),
                    ("pStyle", Some(p)) => {
                        if let Some(l) = attr(&e, "val").and_then(|v| styles.get(&v).copied()) {
                            p.level = Some(l);
                        }
                    }
                    ("outlineLvl", Some(p)) => {
                        if let Some(n) = attr(&e, "val").and_then(|v| v.parse::<u8>().ok()) {
                            p.level = (n < 9).then_some(n + 1);
                        }
                    }
                    _ => {}
                }
            }
            Event::Text(t) if in_text && fallback == 0 => {
                if let Some(p) = open.last_mut() {
                    let s = t.xml10_content();
                    p.text.push_str(&s);
                }
            }
            Event::GeneralRef(r) if in_text && fallback == 0 => {
                if let Some(p) = open.last_mut() {
                    let name = r.as_ref().to_string();
                    let c = match name.as_str() {
                        "amp" => Some('&'),
                        "lt" => Some('<'),
                        "gt" => Some('>'),
                        "quot" => Some('"'),
                        "apos" => Some('\''),
                        _ => r.resolve_char_ref().ok().flatten(),
                    };
                    if let Some(c) = c {
                        p.text.push(c);
                    }
                }
            }
            Event::End(e) => match e.local_name().as_ref() {
                "Fallback" => fallback = fallback.saturating_sub(1),
                _ if fallback > 0 => {}
                "t" => in_text = false,
                "p" => {
                    if let Some(p) = open.pop() {
                        done.push(p);
                    }
                }
                _ => {}
            },
            Event::Eof => break,
            _ => {}
        }
    }
    done.extend(open);
    Ok(done)
}

pub fn read(path: &str, bytes: &[u8]) -> Result<Document, ReadError> {
    read_limited(path, bytes, LIMITS)
}

pub(crate) fn read_limited(
    path: &str,
    bytes: &[u8],
    limits: Limits,
) -> Result<Document, ReadError> {
    if bytes.starts_with(OLE) {
        return Err(ReadError::NotZip {
            detail: "这是 OLE 复合文件:加密的 .docx 或旧版 .doc".into(),
        });
    }
    let mut zip = ZipArchive::new(Cursor::new(bytes)).map_err(|e| ReadError::NotZip {
        detail: e.to_string(),
    })?;
    if zip.len() > limits.entries {
        return Err(ReadError::TooLarge {
            what: format!("压缩包条目数 {} 超过上限 {}", zip.len(), limits.entries),
        });
    }
    let body = read_part(&mut zip, "word/document.xml", limits.part_bytes)?
        .ok_or_else(|| broken("缺少 word/document.xml"))?;
    let styles = match read_part(&mut zip, "word/styles.xml", limits.part_bytes)? {
        Some(xml) => style_levels(&xml)?,
        None => HashMap::new(),
    };
    let paragraphs = paragraphs(&body, &styles)?;
    let mut text = String::new();
    let mut outline = Vec::new();
    for (i, p) in paragraphs.iter().enumerate() {
        // one paragraph, one line: a stray line break would shift every later number
        text.push_str(&p.text.replace(['\n', '\r'], " "));
        text.push('\n');
        if let Some(level) = p.level {
            outline.push((i, level));
        }
    }
    let len = text.len();
    Ok(Document::from_parts(Parts {
        path: path.to_string(),
        syntax: Syntax::PlainText,
        text,
        to_file: identity(len),
        source: None,
        outline,
        suppressions: Vec::new(),
    }))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::{docx, paragraph};

    #[test]
    fn paragraphs_tables_text_boxes_and_heading_styles() {
        let body = format!(
            "{}{}<w:tbl><w:tr><w:tc>{}</w:tc></w:tr></w:tbl>{}",
            paragraph(Some("Title"), "某区2023年度法治政府建设情况报告"),
            paragraph(Some("Heading1"), "主要举措和成效"),
            paragraph(None, "表格里的布署"),
            "<w:p><w:r><w:t xml:space=\"preserve\">同安排、</w:t></w:r><w:r><w:t>同&amp;布署</w:t></w:r>\
             <w:r><mc:AlternateContent><mc:Choice><w:txbxContent><w:p><w:r><w:t>文本框</w:t></w:r></w:p></w:txbxContent></mc:Choice>\
             <mc:Fallback><w:p><w:r><w:t>文本框</w:t></w:r></w:p></mc:Fallback></mc:AlternateContent></w:r></w:p>",
        );
        let d = read("a.docx", &docx(&body)).unwrap();
        assert_eq!(
            d.text(),
            "某区2023年度法治政府建设情况报告\n主要举措和成效\n表格里的布署\n文本框\n同安排、同&布署\n"
        );
        let st = d.structure();
        assert_eq!(
            d.slice(st.title.unwrap()),
            "某区2023年度法治政府建设情况报告"
        );
        assert_eq!(st.headings.len(), 1);
        assert_eq!(
            (st.headings[0].level, d.slice(st.headings[0].title)),
            (1, "主要举措和成效")
        );
        // line = paragraph number, column = character offset + 1
        let p = d.position(d.text().find("布署").unwrap());
        assert_eq!((p.line, p.column), (3, 5));
    }

    #[test]
    fn bad_archives_are_errors() {
        assert!(matches!(read("a.docx", b""), Err(ReadError::NotZip { .. })));
        assert!(matches!(
            read("a.docx", b"PK\x03\x04broken"),
            Err(ReadError::NotZip { .. })
        ));
        let mut ole = OLE.to_vec();
        ole.extend([0u8; 100]);
        let e = read("a.docx", &ole).unwrap_err();
        assert!(e.to_string().contains("加密"), "{e}");
        let no_body = crate::testing::zip(&[("word/styles.xml", b"<w:styles/>".to_vec())]);
        assert!(matches!(
            read("a.docx", &no_body),
            Err(ReadError::BrokenDocx { .. })
        ));
        let bad_xml =
            crate::testing::zip(&[("word/document.xml", b"<w:document><w:body><w:p>".to_vec())]);
        let _ = read("a.docx", &bad_xml); // truncated XML: an error or what could be read, never a panic
    }

    #[test]
    fn limits_stop_zip_bombs() {
        let big = docx(&paragraph(None, &"布署".repeat(1000)));
        let limits = Limits {
            entries: 10,
            part_bytes: 1000,
        };
        assert!(matches!(
            read_limited("a.docx", &big, limits),
            Err(ReadError::TooLarge { .. })
        ));
        let many: Vec<(String, Vec<u8>)> = (0..20).map(|i| (format!("f{i}"), Vec::new())).collect();
        let many: Vec<(&str, Vec<u8>)> =
            many.iter().map(|(n, b)| (n.as_str(), b.clone())).collect();
        assert!(matches!(
            read_limited("a.docx", &crate::testing::zip(&many), limits),
            Err(ReadError::TooLarge { .. })
        ));
    }
}
