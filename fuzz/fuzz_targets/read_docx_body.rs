//! Any text as the body of a well-formed .docx archive (word/document.xml), with an altChunk
//! relationship to an HTML part and one to an RTF part: reaches the XML reader, heading
//! styles, text boxes and altChunks, which random bytes as a zip rarely do. An error or a
//! document whose text is within the limit, whose unread parts lie inside the text.
#![no_main]
use fzlint_formats::{read, testing, Format, Options};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|body: &str| {
    let document = format!(
        "<w:document xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\" \
         xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\" \
         xmlns:mc=\"http://schemas.openxmlformats.org/markup-compatibility/2006\"><w:body>{body}</w:body></w:document>"
    );
    let rels = "<Relationships><Relationship Id=\"rId1\" Target=\"a.html\"/>\
                <Relationship Id=\"rId2\" Target=\"/word/b.rtf\"/></Relationships>";
    let file = testing::zip(&[
        ("word/document.xml", document.into_bytes()),
        ("word/_rels/document.xml.rels", rels.as_bytes().to_vec()),
        ("word/a.html", body.as_bytes().to_vec()),
        ("word/b.rtf", b"{\\rtf1 x}".to_vec()),
    ]);
    let options = Options {
        max_text_bytes: 1 << 20,
        ..Options::default()
    };
    if let Ok(doc) = read("fuzz.docx", &file, Format::Docx, &options) {
        assert!(doc.text().len() <= 1 << 20);
        for u in doc.unread() {
            assert!(u.offset <= doc.text().len() && doc.text().is_char_boundary(u.offset));
        }
        let _ = doc.structure();
    }
});
