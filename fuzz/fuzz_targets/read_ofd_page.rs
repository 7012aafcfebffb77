//! Any text as the content of an OFD page (inside ofd:Layer), in a well-formed package: reaches
//! the text codes, their positions and the line building, which random bytes as a zip rarely
//! do. An error, or a document within the limit whose places lie inside its text.
#![no_main]
use fzlint_formats::{read, testing, Format, Options};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|page: &str| {
    let file = testing::ofd(&[page, page]);
    let options = Options {
        max_text_bytes: 1 << 20,
        ..Options::default()
    };
    if let Ok(doc) = read("fuzz.ofd", &file, Format::Ofd, &options) {
        assert!(doc.text().len() <= 1 << 20);
        for (i, _) in doc.text().char_indices().step_by(97) {
            let _ = doc.place(i);
        }
        let _ = doc.structure();
    }
});
