//! Any text as the body of a well-formed .odt (content.xml's office:text) and as a page header
//! in styles.xml: reaches the ODF reader's paragraphs, notes, tables and skipped elements,
//! which random bytes as a zip rarely do. An error, or a document within the text limit whose
//! places lie inside its text and whose structure comes from its body.
#![no_main]
use fzlint_formats::{read, testing, Format, Options};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|body: &str| {
    let styles = format!(
        "<office:document-styles><style:master-page><style:header>{body}</style:header></style:master-page></office:document-styles>"
    );
    let file = testing::odt(body, Some(&styles));
    let options = Options {
        max_text_bytes: 1 << 20,
        ..Options::default()
    };
    if let Ok(doc) = read("fuzz.odt", &file, Format::Odt, &options) {
        let text = doc.text();
        assert!(text.len() <= 1 << 20);
        assert!(doc.body_len() <= text.len());
        for (i, _) in text.char_indices().step_by(97) {
            let _ = doc.place(i);
        }
        for p in &doc.structure().paragraphs {
            assert!(p.end <= doc.body_len());
        }
    }
});
