//! Word .docx: the body's paragraphs in order, read from `word/document.xml` with zip and
//! quick-xml (docx-rs is built for writing and its reader drops text boxes). Each paragraph is
//! one line of the document's text — table cells and text boxes included — so a finding's
//! line is the paragraph's number and its column the character offset in it. Heading levels
//! come from paragraph styles (Heading 1, 标题 1, Title) and outline levels.
//!
//! After the body come the page headers and footers (each distinct line once), footnotes and
//! endnotes, checked for wording (截止, XX) but not for the report's structure. Every finding
//! also says where it is as a Word user looks for it: the headings above it (二、（三）) and
//! 表格 N 第 r 行第 c 列, 页眉, 页脚, 脚注 N or 尾注 N.
//!
//! Text in runs Word hides (`<w:vanish/>`) is left out: the reader does not see it.
//!
//! altChunks (HTML or text Word imports when it opens the file) are read where they stand;
//! one fzlint cannot read (RTF, MHT) is reported, never silently skipped. An archive with
//! two parts of one name is refused.
//!
//! Limits keep a hostile archive from exhausting memory: at most 10,000 entries, 64 MB for
//! any part read (whatever the archive claims), and the extracted text within the file size
//! limit (`--max-file-size`), counted as it is read.

use crate::{identity, ReadError};
use fzlint_core::{Document, Parts, Place, Span, Syntax};
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
    /// Text extracted, line breaks included (`--max-file-size`).
    pub text_bytes: usize,
}

pub(crate) const LIMITS: Limits = Limits {
    entries: 10_000,
    part_bytes: 64 * 1024 * 1024,
    text_bytes: crate::DEFAULT_MAX_TEXT,
};
/// The signature of an OLE compound file: an encrypted .docx or a legacy .doc.
const OLE: &[u8] = &[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];

pub(crate) fn broken(e: impl std::fmt::Display) -> ReadError {
    ReadError::BrokenDocx {
        detail: e.to_string(),
    }
}

pub(crate) fn read_part(
    zip: &mut ZipArchive<Cursor<&[u8]>>,
    name: &str,
    limit: u64,
) -> Result<Option<String>, ReadError> {
    match read_part_bytes(zip, name, limit)? {
        None => Ok(None),
        Some(buf) => String::from_utf8(buf)
            .map(Some)
            .map_err(|_| broken(format!("{name} is not UTF-8"))),
    }
}

/// A part's bytes, never more than `limit` whatever the archive claims.
pub(crate) fn read_part_bytes(
    zip: &mut ZipArchive<Cursor<&[u8]>>,
    name: &str,
    limit: u64,
) -> Result<Option<Vec<u8>>, ReadError> {
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
    Ok(Some(buf))
}

/// The character an XML reference stands for (`&amp;`, `&#x4E00;`), if any.
pub(crate) fn entity(r: &quick_xml::events::BytesRef<'_>) -> Option<char> {
    match r.as_ref() {
        "amp" => Some('&'),
        "lt" => Some('<'),
        "gt" => Some('>'),
        "quot" => Some('"'),
        "apos" => Some('\''),
        _ => r.resolve_char_ref().ok().flatten(),
    }
}

pub(crate) fn attr(e: &BytesStart<'_>, local: &str) -> Option<String> {
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

/// A paragraph being read; text boxes nest paragraphs inside paragraphs.
struct Paragraph {
    text: String,
    level: Option<u8>,
}

/// The document's text as it is built: one line per paragraph, within a byte budget so that
/// a small archive of millions of empty paragraphs cannot take gigabytes.
pub(crate) struct Body {
    pub(crate) text: String,
    pub(crate) outline: Vec<(usize, u8)>,
    lines: usize,
    /// Bytes taken so far, counted as they are read (open paragraphs included).
    taken: usize,
    max: usize,
    /// altChunks that could not be read: where they stand in `text`, and what they are.
    pub(crate) unread: Vec<(usize, String)>,
    /// Table cells' paragraphs (and, after the body, the other parts' lines) with their place.
    pub(crate) places: Vec<Place>,
    /// Tables met so far, for their numbers.
    pub(crate) tables: usize,
}

impl Body {
    /// An empty body that may take at most `max` bytes of text.
    pub(crate) fn new(max: usize) -> Body {
        Body {
            text: String::new(),
            outline: Vec::new(),
            lines: 0,
            taken: 0,
            max,
            unread: Vec::new(),
            places: Vec::new(),
            tables: 0,
        }
    }

    pub(crate) fn take(&mut self, n: usize) -> Result<(), ReadError> {
        self.taken = self.taken.saturating_add(n);
        if self.taken > self.max {
            return Err(ReadError::TooLarge {
                what: format!(
                    "从 .docx 提取的文字超过 {} MB(可用 --max-file-size 调整)",
                    self.max / (1024 * 1024)
                ),
            });
        }
        Ok(())
    }

    /// Marks the line just written (from `start`) as a cell of the innermost open table
    /// (number, row, column), if any.
    pub(crate) fn cell_place(&mut self, start: usize, cells: &[(usize, usize, usize)]) {
        if let Some(&(t, r, c)) = cells.last() {
            let end = self.text.len().saturating_sub(1).max(start);
            self.places.push(Place {
                span: Span::new(start, end),
                label: format!("表格 {t} 第 {r} 行第 {c} 列"),
            });
        }
    }

    /// An empty body within the same budget, for a part read on its own.
    pub(crate) fn part(&self) -> Body {
        Body {
            text: String::new(),
            outline: Vec::new(),
            lines: 0,
            taken: self.taken,
            max: self.max,
            unread: Vec::new(),
            places: Vec::new(),
            tables: 0,
        }
    }

    /// Appends the non-empty lines of `part` (read on its own) labelled `label`, each line
    /// once per label in `seen` (the first page's header repeats the others).
    pub(crate) fn append(
        &mut self,
        part: Body,
        label: &str,
        seen: &mut std::collections::HashSet<(String, String)>,
    ) -> Result<(), ReadError> {
        for line in part.text.lines().map(str::trim).filter(|l| !l.is_empty()) {
            if !seen.insert((label.to_string(), line.to_string())) {
                continue;
            }
            self.take(line.len())?;
            let start = self.text.len();
            self.line(line, None)?;
            self.places.push(Place {
                span: Span::new(start, start + line.len()),
                label: label.to_string(),
            });
        }
        Ok(())
    }

    pub(crate) fn line(&mut self, text: &str, level: Option<u8>) -> Result<(), ReadError> {
        self.take(1)?;
        // one paragraph, one line: a stray line break would shift every later number
        self.text.push_str(&text.replace(['\n', '\r'], " "));
        self.text.push('\n');
        if let Some(level) = level {
            self.outline.push((self.lines, level));
        }
        self.lines += 1;
        Ok(())
    }
}

/// An altChunk's relationship id → its part name and text (`None`: not a kind fzlint reads).
type Chunks<'a> = dyn FnMut(&str) -> Result<(String, Option<String>), ReadError> + 'a;

/// Reads word/document.xml into `body`: paragraph texts and heading levels; an altChunk
/// (content Word imports from HTML or RTF when it opens the file) is read where it stands,
/// one line per line of its text, or recorded as unread.
fn paragraphs(
    xml: &str,
    styles: &HashMap<String, u8>,
    chunks: &mut Chunks<'_>,
    body: &mut Body,
) -> Result<(), ReadError> {
    let mut reader = Reader::from_str(xml);
    let mut open: Vec<Paragraph> = Vec::new();
    let mut in_text = false;
    // a run marked <w:vanish/> is hidden in Word: not what the reader sees, not reported
    let mut hidden = false;
    // mc:Fallback repeats what mc:Choice holds (text boxes): read it once
    let mut fallback = 0usize;
    // open tables, innermost last: (number, row, column)
    let mut cells: Vec<(usize, usize, usize)> = Vec::new();
    loop {
        let event = reader.read_event().map_err(broken)?;
        match event {
            Event::Start(e) => match e.local_name().as_ref() {
                "Fallback" => fallback += 1,
                _ if fallback > 0 => {}
                "p" => {
                    hidden = false;
                    open.push(Paragraph {
                        text: String::new(),
                        level: None,
                    })
                }
                "t" => in_text = true,
                "r" => hidden = false,
                "tbl" => {
                    body.tables += 1;
                    cells.push((body.tables, 0, 0));
                }
                "tr" => {
                    if let Some(c) = cells.last_mut() {
                        (c.1, c.2) = (c.1 + 1, 0);
                    }
                }
                "tc" => {
                    if let Some(c) = cells.last_mut() {
                        c.2 += 1;
                    }
                }
                _ => {}
            },
            Event::Empty(e) if fallback == 0 => {
                let p = open.last_mut();
                match (e.local_name().as_ref(), p) {
                    ("p", _) => {
                        let start = body.text.len();
                        body.line("", None)?;
                        body.cell_place(start, &cells);
                    }
                    ("vanish" | "specVanish", _) => {
                        hidden = !matches!(attr(&e, "val").as_deref(), Some("false" | "0" | "off"));
                    }
                    (_, _) if hidden => {}
                    ("altChunk", None) => {
                        let id = attr(&e, "id").unwrap_or_default();
                        match chunks(&id)? {
                            (_, Some(text)) => {
                                for line in text.lines().filter(|l| !l.trim().is_empty()) {
                                    body.take(line.len())?;
                                    body.line(line, None)?;
                                }
                            }
                            (name, None) => body.unread.push((
                                body.text.len(),
                                format!(
                                    "嵌入的外部内容（altChunk {name}）未能读取，其中的文字没有检查"
                                ),
                            )),
                        }
                    }
                    ("tab" | "br" | "cr", Some(p)) => {
                        body.take(1)?;
                        p.text.push(' ');
                    }
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
            Event::Text(t) if in_text && fallback == 0 && !hidden => {
                if let Some(p) = open.last_mut() {
                    let s = t.xml10_content();
                    body.take(s.len())?;
                    p.text.push_str(&s);
                }
            }
            Event::GeneralRef(r) if in_text && fallback == 0 && !hidden => {
                if let Some(p) = open.last_mut() {
                    if let Some(c) = entity(&r) {
                        body.take(c.len_utf8())?;
                        p.text.push(c);
                    }
                }
            }
            Event::End(e) => match e.local_name().as_ref() {
                "Fallback" => fallback = fallback.saturating_sub(1),
                _ if fallback > 0 => {}
                "t" => in_text = false,
                "r" => hidden = false,
                "tbl" => {
                    cells.pop();
                }
                "p" => {
                    if let Some(p) = open.pop() {
                        let start = body.text.len();
                        body.line(&p.text, p.level)?;
                        body.cell_place(start, &cells);
                    }
                }
                _ => {}
            },
            Event::Eof => break,
            _ => {}
        }
    }
    // paragraphs a truncated file left open: what could be read
    while let Some(p) = open.pop() {
        body.line(&p.text, p.level)?;
    }
    Ok(())
}

/// Relationship id → target part name, from word/_rels/document.xml.rels.
fn relationships(xml: &str) -> Result<HashMap<String, String>, ReadError> {
    let mut targets = HashMap::new();
    let mut reader = Reader::from_str(xml);
    loop {
        match reader.read_event().map_err(broken)? {
            Event::Start(e) | Event::Empty(e) if e.local_name().as_ref() == "Relationship" => {
                if let (Some(id), Some(target)) = (attr(&e, "Id"), attr(&e, "Target")) {
                    // targets are relative to word/, or absolute from the package root
                    let name = match target.strip_prefix('/') {
                        Some(abs) => abs.to_string(),
                        None => format!("word/{target}"),
                    };
                    targets.insert(id, name);
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    Ok(targets)
}

/// The text of an altChunk part, when it is HTML or plain text; `None` for what fzlint does
/// not read there (RTF, MHT, a nested .docx).
fn chunk_text(name: &str, bytes: &[u8]) -> Option<String> {
    let ext = name.rsplit_once('.').map(|(_, e)| e.to_ascii_lowercase());
    let (text, _, _) = crate::text::decode(bytes, None).ok()?;
    match ext.as_deref() {
        Some("htm" | "html" | "xhtml") => {
            let len = text.len();
            Some(
                crate::html::read("", text, crate::identity(len))
                    .text()
                    .to_string(),
            )
        }
        Some("txt") => Some(text),
        _ => None,
    }
}

/// The notes of word/footnotes.xml or word/endnotes.xml (`element` = "footnote" or
/// "endnote"), in order, each as its own XML; the separators Word keeps there are left out.
fn notes(xml: &str, element: &str) -> Result<Vec<String>, ReadError> {
    let mut reader = Reader::from_str(xml);
    let mut notes = Vec::new();
    let mut open: Option<usize> = None;
    loop {
        let before = reader.buffer_position() as usize;
        match reader.read_event().map_err(broken)? {
            Event::Start(e) if e.local_name().as_ref() == element && open.is_none() => {
                let separator = attr(&e, "type").is_some_and(|t| t != "normal");
                open = (!separator).then_some(before);
                if separator {
                    // skip to its end
                    reader.read_to_end(e.name()).map_err(broken)?;
                }
            }
            Event::End(e) if e.local_name().as_ref() == element => {
                if let Some(start) = open.take() {
                    let end = reader.buffer_position() as usize;
                    notes.push(xml.get(start..end).unwrap_or("").to_string());
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    Ok(notes)
}

/// Reads the page headers and footers, footnotes and endnotes into `body` after its end, each
/// line labelled with its place.
fn other_parts(
    zip: &mut ZipArchive<Cursor<&[u8]>>,
    styles: &HashMap<String, u8>,
    limits: Limits,
    body: &mut Body,
) -> Result<(), ReadError> {
    let mut no_chunks =
        |id: &str| -> Result<(String, Option<String>), ReadError> { Ok((id.to_string(), None)) };
    let mut seen = std::collections::HashSet::new();
    let mut names: Vec<String> = zip
        .file_names()
        .filter_map(|n| n.ok().map(|n| n.into_owned()))
        .filter(|n| {
            n.strip_prefix("word/").is_some_and(|n| {
                !n.contains('/')
                    && (n.starts_with("header") || n.starts_with("footer"))
                    && n.ends_with(".xml")
            })
        })
        .collect();
    // header1.xml, header2.xml … in number order
    names.sort_by_key(|n| (n.contains("footer"), n.len(), n.clone()));
    for name in names {
        let Some(xml) = read_part(zip, &name, limits.part_bytes)? else {
            continue;
        };
        let mut part = body.part();
        paragraphs(&xml, styles, &mut no_chunks, &mut part)?;
        let label = if name.contains("footer") {
            "页脚"
        } else {
            "页眉"
        };
        body.append(part, label, &mut seen)?;
    }
    for (file, element, label) in [
        ("word/footnotes.xml", "footnote", "脚注"),
        ("word/endnotes.xml", "endnote", "尾注"),
    ] {
        let Some(xml) = read_part(zip, file, limits.part_bytes)? else {
            continue;
        };
        for (i, note) in notes(&xml, element)?.iter().enumerate() {
            let mut part = body.part();
            paragraphs(note, styles, &mut no_chunks, &mut part)?;
            body.append(part, &format!("{label} {}", i + 1), &mut seen)?;
        }
    }
    Ok(())
}

/// Opens a zip package (a .docx, .odt or .ofd) within the limits. Two parts of one name (part
/// names compare without case in OOXML) make the text depend on which one a reader takes:
/// Word refuses such a file, and so do we.
pub(crate) fn open_package(
    bytes: &[u8],
    limits: Limits,
) -> Result<ZipArchive<Cursor<&[u8]>>, ReadError> {
    let zip = ZipArchive::new(Cursor::new(bytes)).map_err(|e| ReadError::NotZip {
        detail: e.to_string(),
    })?;
    if zip.len() > limits.entries {
        return Err(ReadError::TooLarge {
            what: format!("压缩包条目数 {} 超过上限 {}", zip.len(), limits.entries),
        });
    }
    let mut names = std::collections::HashSet::new();
    if zip.has_duplicate_names()
        || zip
            .file_names()
            .any(|n| n.is_ok_and(|n| !names.insert(n.to_lowercase())))
    {
        return Err(broken(
            "压缩包中有同名部件（part），无法确定正文 / duplicate part names",
        ));
    }
    Ok(zip)
}

impl Limits {
    /// The package limits with this much extracted text allowed (`--max-file-size`).
    pub(crate) fn with_text(max_text: usize) -> Limits {
        Limits {
            text_bytes: max_text,
            ..LIMITS
        }
    }
}

pub fn read(path: &str, bytes: &[u8], max_text: usize) -> Result<Document, ReadError> {
    read_limited(path, bytes, Limits::with_text(max_text))
}

pub(crate) fn read_limited(
    path: &str,
    bytes: &[u8],
    limits: Limits,
) -> Result<Document, ReadError> {
    if bytes.starts_with(OLE) {
        return Err(ReadError::NotZip {
            detail: "这是 OLE 复合文件：加密的 .docx 或旧版 .doc".into(),
        });
    }
    let mut zip = open_package(bytes, limits)?;
    let xml = read_part(&mut zip, "word/document.xml", limits.part_bytes)?
        .ok_or_else(|| broken("缺少 word/document.xml"))?;
    let styles = match read_part(&mut zip, "word/styles.xml", limits.part_bytes)? {
        Some(xml) => style_levels(&xml)?,
        None => HashMap::new(),
    };
    // altChunk targets, read only when the body has one
    let rels = if xml.contains("altChunk") {
        match read_part(&mut zip, "word/_rels/document.xml.rels", limits.part_bytes)? {
            Some(xml) => relationships(&xml)?,
            None => HashMap::new(),
        }
    } else {
        HashMap::new()
    };
    let mut chunks = |id: &str| -> Result<(String, Option<String>), ReadError> {
        let Some(name) = rels.get(id) else {
            return Ok((id.to_string(), None));
        };
        let text = read_part_bytes(&mut zip, name, limits.part_bytes)?
            .and_then(|bytes| chunk_text(name, &bytes));
        Ok((name.clone(), text))
    };
    let mut body = Body {
        text: String::new(),
        outline: Vec::new(),
        lines: 0,
        taken: 0,
        max: limits.text_bytes,
        unread: Vec::new(),
        places: Vec::new(),
        tables: 0,
    };
    paragraphs(&xml, &styles, &mut chunks, &mut body)?;
    drop(xml);
    let body_len = body.text.len();
    other_parts(&mut zip, &styles, limits, &mut body)?;
    let len = body.text.len();
    let mut document = Document::from_parts(Parts {
        path: path.to_string(),
        syntax: Syntax::PlainText,
        text: body.text,
        to_file: identity(len),
        source: None,
        outline: body.outline,
        suppressions: Vec::new(),
    });
    for (offset, what) in body.unread {
        document.add_unread(offset, what);
    }
    document.set_places(body.places, body_len);
    Ok(document)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::{docx, paragraph};

    fn read_default(path: &str, bytes: &[u8]) -> Result<Document, ReadError> {
        read(path, bytes, crate::DEFAULT_MAX_TEXT)
    }

    fn body_xml(body: &str) -> Vec<u8> {
        format!(
            "<w:document xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\" \
             xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\"><w:body>{body}</w:body></w:document>"
        )
        .into_bytes()
    }

    #[test]
    fn alt_chunks_are_read_where_they_stand_or_reported() {
        let rels = "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">\
            <Relationship Id=\"rIdHtml\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/aFChunk\" Target=\"afchunk.htm\"/>\
            <Relationship Id=\"rIdRtf\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/aFChunk\" Target=\"/word/afchunk2.rtf\"/>\
            </Relationships>";
        let body = format!(
            "{}<w:altChunk r:id=\"rIdHtml\"/>{}<w:altChunk r:id=\"rIdRtf\"/><w:altChunk r:id=\"rIdMissing\"/>{}",
            paragraph(None, "第一段。"),
            paragraph(None, "第二段。"),
            paragraph(None, "第三段。")
        );
        let file = crate::testing::zip(&[
            ("word/document.xml", body_xml(&body)),
            ("word/_rels/document.xml.rels", rels.as_bytes().to_vec()),
            (
                "word/afchunk.htm",
                "<html><body><p>导入的布署段落。</p><p>又一段。</p></body></html>"
                    .as_bytes()
                    .to_vec(),
            ),
            ("word/afchunk2.rtf", b"{\\rtf1 hidden}".to_vec()),
        ]);
        let d = read_default("a.docx", &file).unwrap();
        assert_eq!(
            d.text(),
            "第一段。\n导入的布署段落。\n又一段。\n第二段。\n第三段。\n"
        );
        let unread: Vec<(usize, &str)> = d
            .unread()
            .iter()
            .map(|u| (u.offset, u.what.as_str()))
            .collect();
        let at = d.text().find("第三段").unwrap();
        assert_eq!(unread.len(), 2, "{unread:?}");
        assert_eq!(unread[0].0, at);
        assert!(unread[0].1.contains("word/afchunk2.rtf"), "{unread:?}");
        assert!(unread[1].1.contains("rIdMissing"), "{unread:?}");
    }

    #[test]
    fn places_word_users_find_table_cells_headers_footers_and_notes() {
        use crate::testing::zip;
        let w = "xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\"";
        let body = format!(
            "{}{}{}<w:tbl><w:tr><w:tc>{}</w:tc><w:tc>{}</w:tc></w:tr>\
             <w:tr><w:tc>{}</w:tc><w:tc>{}{}</w:tc></w:tr></w:tbl>{}{}",
            paragraph(Some("Title"), "某区2023年法治政府建设情况报告"),
            paragraph(None, "一、主要举措和成效"),
            paragraph(None, "（一）加强组织领导"),
            paragraph(None, "项目"),
            paragraph(None, "件数"),
            paragraph(None, "审查文件"),
            paragraph(None, "12件"),
            paragraph(None, "另有XX件"),
            paragraph(None, "（二）推进依法决策"),
            paragraph(None, "某区人民政府"),
        );
        let document = format!("<w:document {w}><w:body>{body}</w:body></w:document>");
        let header = format!("<w:hdr {w}>{}</w:hdr>", paragraph(None, "某区人民政府文件"));
        let first = format!("<w:hdr {w}>{}</w:hdr>", paragraph(None, "某区人民政府文件"));
        let footer = format!("<w:ftr {w}>{}</w:ftr>", paragraph(None, "截止2023年底"));
        let notes = format!(
            "<w:footnotes {w}><w:footnote w:type=\"separator\" w:id=\"-1\">{}</w:footnote>\
             <w:footnote w:id=\"1\">{}</w:footnote><w:footnote w:id=\"2\">{}</w:footnote></w:footnotes>",
            paragraph(None, "——"),
            paragraph(None, "数据来源：区统计局。"),
            paragraph(None, "同布署。"),
        );
        let bytes = zip(&[
            ("word/document.xml", document.into_bytes()),
            ("word/header1.xml", header.into_bytes()),
            ("word/header2.xml", first.into_bytes()),
            ("word/footer1.xml", footer.into_bytes()),
            ("word/footnotes.xml", notes.into_bytes()),
        ]);
        let d = read_default("a.docx", &bytes).unwrap();
        let text = d.text();
        let place = |s: &str| d.place(text.find(s).unwrap_or_else(|| panic!("{s} in {text}")));
        assert_eq!(
            place("审查文件").as_deref(),
            Some("一、（一） 表格 1 第 2 行第 1 列")
        );
        assert_eq!(
            place("XX").as_deref(),
            Some("一、（一） 表格 1 第 2 行第 2 列")
        );
        assert_eq!(place("推进依法决策").as_deref(), Some("一、（二）"));
        // the same header in two parts is read once; a separator is not a note
        assert_eq!(text.matches("某区人民政府文件").count(), 1);
        assert!(!text.contains("——"));
        assert_eq!(place("某区人民政府文件").as_deref(), Some("页眉"));
        assert_eq!(place("截止").as_deref(), Some("页脚"));
        assert_eq!(place("数据来源").as_deref(), Some("脚注 1"));
        assert_eq!(place("布署").as_deref(), Some("脚注 2"));
        // the structure is the body's: the last line of the body, not the footnote, ends it
        let body_end = d.body_len();
        assert!(text[..body_end].trim_end().ends_with("某区人民政府"));
        assert!(d.structure().paragraphs.iter().all(|p| p.end <= body_end));
    }

    #[test]
    fn hidden_runs_are_not_read() {
        let body = "<w:p><w:r><w:t>看得见的布署</w:t></w:r>\
            <w:r><w:rPr><w:vanish/></w:rPr><w:t>隐藏的布署</w:t></w:r>\
            <w:r><w:rPr><w:vanish w:val=\"false\"/></w:rPr><w:t>，显示的</w:t></w:r>\
            <w:r><w:t>。</w:t></w:r></w:p>\
            <w:p><w:pPr><w:rPr><w:vanish/></w:rPr></w:pPr><w:r><w:t>段落标记隐藏，文字可见</w:t></w:r></w:p>\
            <w:p><w:pPr><w:rPr><w:vanish/></w:rPr></w:pPr></w:p>\
            <w:p><w:pPr><w:pStyle w:val=\"Heading1\"/></w:pPr><w:r><w:t>二、标题</w:t></w:r></w:p>";
        let d = read_default("a.docx", &docx(body)).unwrap();
        assert_eq!(
            d.text(),
            "看得见的布署，显示的。\n段落标记隐藏，文字可见\n\n二、标题\n"
        );
        // a hidden paragraph mark before it does not hide the next paragraph's style
        assert_eq!(d.structure().headings.len(), 1);
    }

    #[test]
    fn duplicate_part_names_are_refused() {
        let first = body_xml(&paragraph(None, "正文甲。"));
        let second = body_xml(&paragraph(None, "正文乙。"));
        // the writer refuses a second entry of one name: write another name of the same
        // length and rename it in the archive's bytes
        let mut file = crate::testing::zip(&[
            ("word/document.xml", first.clone()),
            ("word/documenX.xml", second.clone()),
        ]);
        let (from, to) = (b"word/documenX.xml", b"word/document.xml");
        let mut i = 0;
        while let Some(at) = file[i..].windows(from.len()).position(|w| w == from) {
            file[i + at..i + at + to.len()].copy_from_slice(to);
            i += at + 1;
        }
        let e = read_default("a.docx", &file).unwrap_err();
        assert!(e.to_string().contains("同名部件"), "{e}");
        // names differing only in case are the same part in OOXML
        let file =
            crate::testing::zip(&[("word/document.xml", first), ("Word/Document.xml", second)]);
        let e = read_default("a.docx", &file).unwrap_err();
        assert!(e.to_string().contains("同名部件"), "{e}");
    }

    #[test]
    fn extracted_text_is_capped_as_it_is_read() {
        // a million empty paragraphs compress to a few kilobytes
        let body = "<w:p/>".repeat(1_000_000);
        let file = docx(&body);
        assert!(file.len() < 7_000_000);
        let limits = Limits {
            text_bytes: 100_000,
            ..LIMITS
        };
        let e = read_limited("a.docx", &file, limits).unwrap_err();
        assert!(matches!(e, ReadError::TooLarge { .. }), "{e}");
        assert!(e.to_string().contains("--max-file-size"), "{e}");
        // at the limit exactly, the text is read
        let limits = Limits {
            text_bytes: 1_000_000,
            ..LIMITS
        };
        assert_eq!(
            read_limited("a.docx", &file, limits).unwrap().text().len(),
            1_000_000
        );
        let long = docx(&paragraph(None, &"字".repeat(40_000)));
        let limits = Limits {
            text_bytes: 100_000,
            ..LIMITS
        };
        assert!(
            read_limited("a.docx", &long, limits).is_err(),
            "one long paragraph counts too"
        );
    }

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
        let d = read_default("a.docx", &docx(&body)).unwrap();
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
        assert!(matches!(
            read_default("a.docx", b""),
            Err(ReadError::NotZip { .. })
        ));
        assert!(matches!(
            read_default("a.docx", b"PK\x03\x04broken"),
            Err(ReadError::NotZip { .. })
        ));
        let mut ole = OLE.to_vec();
        ole.extend([0u8; 100]);
        let e = read_default("a.docx", &ole).unwrap_err();
        assert!(e.to_string().contains("加密"), "{e}");
        let no_body = crate::testing::zip(&[("word/styles.xml", b"<w:styles/>".to_vec())]);
        assert!(matches!(
            read_default("a.docx", &no_body),
            Err(ReadError::BrokenDocx { .. })
        ));
        let bad_xml =
            crate::testing::zip(&[("word/document.xml", b"<w:document><w:body><w:p>".to_vec())]);
        // truncated XML: what could be read (the open paragraph), never a panic
        assert_eq!(read_default("a.docx", &bad_xml).unwrap().text(), "\n");
    }

    #[test]
    fn limits_stop_zip_bombs() {
        let big = docx(&paragraph(None, &"布署".repeat(1000)));
        let limits = Limits {
            entries: 10,
            part_bytes: 1000,
            ..LIMITS
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
