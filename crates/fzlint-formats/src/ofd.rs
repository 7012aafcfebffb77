//! OFD (GB/T 33190-2016, the national format for official electronic documents): a zip
//! package whose `OFD.xml` names the document (`DocBody/DocRoot`), whose `Document.xml` lists
//! the pages (`Pages/Page@BaseLoc`), and whose pages place text as `TextObject`s (a
//! `Boundary` box) holding `TextCode`s at `X`/`Y` within it. The text codes of a page are put
//! in reading order — lines by their baseline, top to bottom, and left to right within a
//! line — and the lines then go the way a PDF's do (see [`crate::pdf::laid_out`]): page
//! numbers and repeated headers left out, broken lines joined, places `第 N 页第 M 行`.
//! The same package limits as for .docx.

use crate::docx::{self, attr, broken, Limits};
use crate::ReadError;
use fzlint_core::Document;
use quick_xml::events::Event;
use quick_xml::Reader;

/// Two text codes are on one line when their baselines are closer than this (mm).
const SAME_LINE: f64 = 1.5;

/// The local name of an element, as text.
fn local(e: &quick_xml::events::BytesStart<'_>) -> String {
    let n = e.local_name();
    let s: &str = n.as_ref();
    s.to_string()
}

/// The text of the first element with this local name.
fn first_text(xml: &str, element: &str) -> Result<Option<String>, ReadError> {
    let mut reader = Reader::from_str(xml);
    let mut inside = false;
    let mut text = String::new();
    loop {
        match reader.read_event().map_err(broken)? {
            Event::Start(e) if local(&e) == element => inside = true,
            Event::Text(t) if inside => text.push_str(&t.xml10_content()),
            Event::End(e) if inside && e.local_name().as_ref() == element => {
                return Ok(Some(text.trim().to_string()))
            }
            Event::Eof => return Ok(None),
            _ => {}
        }
    }
}

/// Joins a package path to a location relative to `base`'s folder; `/x` is from the root.
fn resolve(base: &str, location: &str) -> String {
    let location = location.trim();
    if let Some(abs) = location.strip_prefix('/') {
        return abs.to_string();
    }
    let dir = base.rsplit_once('/').map_or("", |(d, _)| d);
    let mut parts: Vec<&str> = dir.split('/').filter(|p| !p.is_empty()).collect();
    for p in location.split('/') {
        match p {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            p => parts.push(p),
        }
    }
    parts.join("/")
}

/// The page content locations of a Document.xml, in order.
fn page_locations(xml: &str) -> Result<Vec<String>, ReadError> {
    let mut reader = Reader::from_str(xml);
    let mut pages = Vec::new();
    loop {
        match reader.read_event().map_err(broken)? {
            Event::Start(e) | Event::Empty(e) if local(&e) == "Page" => {
                if let Some(loc) = attr(&e, "BaseLoc") {
                    pages.push(loc);
                }
            }
            Event::Eof => return Ok(pages),
            _ => {}
        }
    }
}

fn numbers(s: &str) -> Vec<f64> {
    s.split_whitespace()
        .filter_map(|n| n.parse().ok())
        .collect()
}

/// A page's lines of text in reading order.
fn page_lines(xml: &str, max: usize) -> Result<Vec<String>, ReadError> {
    let mut reader = Reader::from_str(xml);
    // (baseline, x, text) of each text code
    let mut codes: Vec<(f64, f64, String)> = Vec::new();
    let mut origin = (0.0, 0.0);
    let mut code: Option<(f64, f64, String)> = None;
    let mut taken = 0usize;
    loop {
        match reader.read_event().map_err(broken)? {
            Event::Start(e) => match local(&e).as_str() {
                "TextObject" => {
                    let b = attr(&e, "Boundary")
                        .map(|b| numbers(&b))
                        .unwrap_or_default();
                    origin = (
                        b.first().copied().unwrap_or(0.0),
                        b.get(1).copied().unwrap_or(0.0),
                    );
                }
                "TextCode" => {
                    let x = attr(&e, "X").and_then(|v| v.parse().ok()).unwrap_or(0.0);
                    let y = attr(&e, "Y").and_then(|v| v.parse().ok()).unwrap_or(0.0);
                    code = Some((origin.1 + y, origin.0 + x, String::new()));
                }
                _ => {}
            },
            Event::Text(t) => {
                if let Some((_, _, text)) = &mut code {
                    let s = t.xml10_content();
                    taken += s.len();
                    if taken > max {
                        return Err(ReadError::TooLarge {
                            what: format!("从 OFD 提取的文字超过 {} MB", max / (1024 * 1024)),
                        });
                    }
                    text.push_str(&s);
                }
            }
            Event::GeneralRef(r) => {
                if let Some((_, _, text)) = &mut code {
                    text.extend(docx::entity(&r));
                }
            }
            Event::End(e) if e.local_name().as_ref() == "TextCode" => {
                if let Some(c) = code.take() {
                    codes.push(c);
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    // lines: codes sorted by baseline, a new line where the baseline moves on
    codes.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.total_cmp(&b.1)));
    let mut lines: Vec<Vec<(f64, String)>> = Vec::new();
    let mut baseline = f64::NEG_INFINITY;
    for (y, x, text) in codes {
        if lines.is_empty() || (y - baseline).abs() > SAME_LINE {
            lines.push(Vec::new());
            baseline = y;
        }
        if let Some(line) = lines.last_mut() {
            line.push((x, text));
        }
    }
    Ok(lines
        .into_iter()
        .map(|mut line| {
            line.sort_by(|a, b| a.0.total_cmp(&b.0));
            line.into_iter().map(|(_, t)| t).collect::<String>()
        })
        .collect())
}

pub fn read(path: &str, bytes: &[u8], max_text: usize) -> Result<Document, ReadError> {
    let limits = Limits::with_text(max_text);
    let mut zip = docx::open_package(bytes, limits)?;
    let ofd = docx::read_part(&mut zip, "OFD.xml", limits.part_bytes)?
        .ok_or_else(|| broken("缺少 OFD.xml（不是 OFD 文件）"))?;
    let root = first_text(&ofd, "DocRoot")?
        .filter(|r| !r.is_empty())
        .ok_or_else(|| broken("OFD.xml 没有 DocRoot"))?;
    let root = resolve("OFD.xml", &root);
    let document = docx::read_part(&mut zip, &root, limits.part_bytes)?
        .ok_or_else(|| broken(format!("缺少 {root}")))?;
    let mut pages = Vec::new();
    let mut taken = 0usize;
    for location in page_locations(&document)? {
        let name = resolve(&root, &location);
        let Some(xml) = docx::read_part(&mut zip, &name, limits.part_bytes)? else {
            return Err(broken(format!("缺少页面 {name}")));
        };
        let lines = page_lines(&xml, max_text.saturating_sub(taken))?;
        taken += lines.iter().map(|l| l.len() + 1).sum::<usize>();
        pages.push(lines);
    }
    crate::pdf::laid_out(path, &pages, max_text, "OFD")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::ofd;

    #[test]
    fn text_codes_are_read_in_reading_order_with_pages_and_lines() {
        // page 1: a title, then a paragraph broken over two lines, its second line's codes
        // written right to left in the file; page 2: a heading
        let page1 = "<ofd:TextObject Boundary=\"20 30 160 10\"><ofd:TextCode X=\"40\" Y=\"8\">某区2023年法治政府建设情况报告</ofd:TextCode></ofd:TextObject>\
            <ofd:TextObject Boundary=\"20 60 170 10\"><ofd:TextCode X=\"0\" Y=\"8\">一、主要举措</ofd:TextCode></ofd:TextObject>\
            <ofd:TextObject Boundary=\"20 70 170 10\"><ofd:TextCode X=\"10\" Y=\"8\">全年与经济社会发展工作同安排、同布</ofd:TextCode></ofd:TextObject>\
            <ofd:TextObject Boundary=\"20 80 170 10\"><ofd:TextCode X=\"20\" Y=\"8\">全年XX件。</ofd:TextCode></ofd:TextObject>\
            <ofd:TextObject Boundary=\"20 80 170 10\"><ofd:TextCode X=\"0\" Y=\"8.2\">署、同考核，</ofd:TextCode></ofd:TextObject>";
        let page2 = "<ofd:TextObject Boundary=\"20 30 170 10\"><ofd:TextCode X=\"0\" Y=\"8\">二、存在的不足和原因</ofd:TextCode></ofd:TextObject>";
        let d = read("a.ofd", &ofd(&[page1, page2]), 1 << 20).unwrap();
        let text = d.text();
        assert!(
            text.contains("同安排、同布署、同考核，全年XX件。"),
            "{text}"
        );
        assert!(
            text.starts_with("某区2023年法治政府建设情况报告\n一、主要举措\n"),
            "{text}"
        );
        let place = |s: &str| d.place(text.find(s).unwrap());
        assert_eq!(place("XX").as_deref(), Some("一、 第 1 页第 4 行"));
        assert_eq!(place("二、").as_deref(), Some("二、 第 2 页第 1 行"));
    }

    #[test]
    fn broken_packages_are_errors() {
        use crate::testing::zip;
        assert!(read("a.ofd", b"not a zip", 1 << 20).is_err());
        assert!(read(
            "a.ofd",
            &zip(&[("OFD.xml", b"<ofd:OFD/>".to_vec())]),
            1 << 20
        )
        .is_err());
        let missing_page = zip(&[
            ("OFD.xml", b"<ofd:OFD><ofd:DocBody><ofd:DocRoot>Doc_0/Document.xml</ofd:DocRoot></ofd:DocBody></ofd:OFD>".to_vec()),
            ("Doc_0/Document.xml", b"<ofd:Document><ofd:Pages><ofd:Page ID=\"1\" BaseLoc=\"Pages/Page_0/Content.xml\"/></ofd:Pages></ofd:Document>".to_vec()),
        ]);
        assert!(read("a.ofd", &missing_page, 1 << 20).is_err());
        assert_eq!(
            resolve("Doc_0/Document.xml", "Pages/Page_0/Content.xml"),
            "Doc_0/Pages/Page_0/Content.xml"
        );
        assert_eq!(resolve("Doc_0/Document.xml", "/Doc_0/a.xml"), "Doc_0/a.xml");
        assert_eq!(resolve("Doc_0/Document.xml", "../x.xml"), "x.xml");
    }
}
