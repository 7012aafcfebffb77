//! OpenDocument text (.odt, what LibreOffice and WPS write): `content.xml`'s paragraphs and
//! headings in order, one line each, like a .docx — table cells, list items and text boxes
//! included, headings' levels from `text:outline-level`. Footnotes and endnotes (which ODF
//! keeps inside the paragraph that cites them) and the page headers and footers (in
//! `styles.xml`) come after the body, each line with its place (脚注 N, 页眉 …); comments,
//! tracked deletions and hidden text are not read. The same limits as for .docx.

use crate::docx::{self, attr, broken, Body, Limits};
use crate::{identity, ReadError};
use fzlint_core::{Document, Parts, Syntax};
use quick_xml::events::Event;
use quick_xml::Reader;

/// Elements whose text is not the document's: comments, tracked changes (deleted text),
/// field declarations, the note citation mark (its number), and hidden text.
const SKIPPED: &[&str] = &[
    "annotation",
    "tracked-changes",
    "note-citation",
    "sequence-decls",
    "variable-decls",
    "user-field-decls",
    "hidden-text",
    "hidden-paragraph",
    "forms",
];

/// A paragraph or heading being read.
struct Open {
    text: String,
    level: Option<u8>,
}

/// A note read out of its paragraph: its class (footnote or endnote) and its text.
struct Note {
    endnote: bool,
    text: String,
}

/// Reads the paragraphs of an ODF XML part (content.xml, or styles.xml's headers and
/// footers) into `body`; notes go to `notes`. `only` restricts reading to the elements with
/// that local name and what they hold (`header`, `footer`), `None` reads `office:body`.
fn paragraphs(
    xml: &str,
    body: &mut Body,
    notes: &mut Vec<Note>,
    only: Option<&str>,
) -> Result<(), ReadError> {
    let mut reader = Reader::from_str(xml);
    let mut open: Vec<Open> = Vec::new();
    // depth inside skipped elements, inside notes (their body is read apart), inside the
    // part that is read at all
    let (mut skipped, mut reading) = (0usize, 0usize);
    let mut note: Option<(bool, usize, String)> = None;
    let mut cells: Vec<(usize, usize, usize)> = Vec::new();
    let in_scope = |name: &str| match only {
        None => name == "body",
        Some(o) => name == o,
    };
    loop {
        let event = reader.read_event().map_err(broken)?;
        match event {
            Event::Start(e) => {
                let local = e.local_name();
                let name: &str = local.as_ref();
                if in_scope(name) {
                    reading += 1;
                    continue;
                }
                if reading == 0 {
                    continue;
                }
                if skipped > 0
                    || SKIPPED.contains(&name)
                    || attr(&e, "is-hidden").as_deref() == Some("true")
                {
                    skipped += 1;
                    continue;
                }
                match name {
                    "note" => {
                        let endnote = attr(&e, "note-class").as_deref() == Some("endnote");
                        note = Some((endnote, open.len(), String::new()));
                    }
                    "p" | "h" => {
                        let level = if name == "h" {
                            attr(&e, "outline-level")
                                .and_then(|l| l.parse::<u8>().ok())
                                .map(|l| l.clamp(1, 9))
                                .or(Some(1))
                        } else {
                            None
                        };
                        open.push(Open {
                            text: String::new(),
                            level,
                        });
                    }
                    "table" => {
                        body.tables += 1;
                        cells.push((body.tables, 0, 0));
                    }
                    "table-row" => {
                        if let Some(c) = cells.last_mut() {
                            (c.1, c.2) = (c.1 + 1, 0);
                        }
                    }
                    "table-cell" | "covered-table-cell" => {
                        if let Some(c) = cells.last_mut() {
                            c.2 += 1;
                        }
                    }
                    _ => {}
                }
            }
            Event::Empty(e) if reading > 0 && skipped == 0 => {
                let local = e.local_name();
                let name: &str = local.as_ref();
                let spaces = match name {
                    "s" => attr(&e, "c")
                        .and_then(|c| c.parse::<usize>().ok())
                        .unwrap_or(1)
                        .min(1000),
                    "tab" | "line-break" => 1,
                    "p" | "h" => {
                        if note.is_none() {
                            let start = body.text.len();
                            body.line("", None)?;
                            body.cell_place(start, &cells);
                        }
                        0
                    }
                    _ => 0,
                };
                if spaces > 0 {
                    body.take(spaces)?;
                    if let Some(p) = open.last_mut() {
                        p.text.push_str(&" ".repeat(spaces));
                    }
                }
            }
            Event::Text(t) if reading > 0 && skipped == 0 => {
                if let Some(p) = open.last_mut() {
                    let s = t.xml10_content();
                    body.take(s.len())?;
                    p.text.push_str(&s);
                }
            }
            Event::GeneralRef(r) if reading > 0 && skipped == 0 => {
                if let Some(p) = open.last_mut() {
                    if let Some(c) = docx::entity(&r) {
                        body.take(c.len_utf8())?;
                        p.text.push(c);
                    }
                }
            }
            Event::End(e) => {
                let local = e.local_name();
                let name: &str = local.as_ref();
                if reading > 0 && in_scope(name) {
                    reading -= 1;
                    continue;
                }
                if reading == 0 {
                    continue;
                }
                if skipped > 0 {
                    skipped -= 1;
                    continue;
                }
                match name {
                    "p" | "h" => {
                        let Some(p) = open.pop() else { continue };
                        match &mut note {
                            // a paragraph of a note's body
                            Some((_, depth, text)) if open.len() >= *depth => {
                                if !text.is_empty() {
                                    text.push(' ');
                                }
                                text.push_str(p.text.trim());
                            }
                            _ => {
                                let start = body.text.len();
                                body.line(&p.text, p.level)?;
                                body.cell_place(start, &cells);
                            }
                        }
                    }
                    "note" => {
                        if let Some((endnote, _, text)) = note.take() {
                            notes.push(Note { endnote, text });
                        }
                    }
                    "table" => {
                        cells.pop();
                    }
                    _ => {}
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    // what a truncated file left open
    while let Some(p) = open.pop() {
        body.line(&p.text, p.level)?;
    }
    Ok(())
}

pub fn read(path: &str, bytes: &[u8], max_text: usize) -> Result<Document, ReadError> {
    let limits = Limits::with_text(max_text);
    let mut zip = docx::open_package(bytes, limits)?;
    let content = docx::read_part(&mut zip, "content.xml", limits.part_bytes)?
        .ok_or_else(|| broken("缺少 content.xml（不是 OpenDocument 文本）"))?;
    let mut body = Body::new(limits.text_bytes);
    let mut notes = Vec::new();
    paragraphs(&content, &mut body, &mut notes, None)?;
    drop(content);
    let body_len = body.text.len();
    let mut seen = std::collections::HashSet::new();
    if let Some(styles) = docx::read_part(&mut zip, "styles.xml", limits.part_bytes)? {
        for (element, label) in [("header", "页眉"), ("footer", "页脚")] {
            let mut part = body.part();
            paragraphs(&styles, &mut part, &mut Vec::new(), Some(element))?;
            body.append(part, label, &mut seen)?;
        }
    }
    let (mut footnotes, mut endnotes) = (0, 0);
    for n in notes {
        let label = if n.endnote {
            endnotes += 1;
            format!("尾注 {endnotes}")
        } else {
            footnotes += 1;
            format!("脚注 {footnotes}")
        };
        let mut part = body.part();
        part.line(&n.text, None)?;
        body.append(part, &label, &mut seen)?;
    }
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
    document.set_places(body.places, body_len);
    Ok(document)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::{odt, zip};

    #[test]
    fn paragraphs_headings_tables_notes_headers_in_order_with_places() {
        let content = "<text:h text:outline-level=\"1\">一、主要举措</text:h>\
            <text:p>同<text:span>布署</text:span><text:s text:c=\"2\"/>落实<text:note text:note-class=\"footnote\">\
            <text:note-citation>1</text:note-citation><text:note-body><text:p>截止2023年底。</text:p></text:note-body></text:note>。</text:p>\
            <office:annotation><text:p>批注不读</text:p></office:annotation>\
            <table:table><table:table-row><table:table-cell><text:p>XX件</text:p></table:table-cell></table:table-row></table:table>\
            <text:p text:is-hidden=\"true\">隐藏</text:p>\
            <text:tracked-changes><text:changed-region><text:deletion><text:p>删掉的</text:p></text:deletion></text:changed-region></text:tracked-changes>";
        let styles = "<office:document-styles><office:master-styles><style:master-page><style:header><text:p>某区人民政府</text:p></style:header>\
            <style:footer><text:p>第 页</text:p></style:footer></style:master-page></office:master-styles></office:document-styles>";
        let bytes = odt(content, Some(styles));
        let d = read("a.odt", &bytes, crate::DEFAULT_MAX_TEXT).unwrap();
        let text = d.text();
        assert!(
            text.starts_with("一、主要举措\n同布署  落实。\nXX件\n"),
            "{text:?}"
        );
        for gone in ["批注不读", "隐藏", "删掉的"] {
            assert!(!text.contains(gone), "{gone}: {text}");
        }
        let place = |s: &str| d.place(text.find(s).unwrap());
        assert_eq!(place("XX").as_deref(), Some("一、 表格 1 第 1 行第 1 列"));
        assert_eq!(place("截止").as_deref(), Some("脚注 1"));
        assert_eq!(place("某区人民政府").as_deref(), Some("页眉"));
        assert_eq!(place("第 页").as_deref(), Some("页脚"));
        assert_eq!(d.structure().headings[0].level, 1);
        assert!(d
            .structure()
            .paragraphs
            .iter()
            .all(|p| p.end <= d.body_len()));
    }

    #[test]
    fn what_is_not_an_odt_is_an_error() {
        assert!(matches!(
            read("a.odt", b"not a zip", 1 << 20),
            Err(ReadError::NotZip { .. })
        ));
        let no_content = zip(&[(
            "mimetype",
            b"application/vnd.oasis.opendocument.text".to_vec(),
        )]);
        assert!(read("a.odt", &no_content, 1 << 20).is_err());
        // text over the limit is refused as it is read
        let big = odt(&"<text:p>布署布署布署布署</text:p>".repeat(1000), None);
        assert!(matches!(
            read("a.odt", &big, 1000),
            Err(ReadError::TooLarge { .. })
        ));
    }
}
