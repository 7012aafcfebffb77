//! Any bytes as a .pdf: an error (a broken file, a scan) or a document whose places lie in
//! its text. pdf-extract's own panics are caught by the reader and must surface as errors.
#![no_main]
use fzlint_formats::{read, Format, Options};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let options = Options {
        max_text_bytes: 1 << 20,
        ..Options::default()
    };
    if let Ok(doc) = read("fuzz.pdf", data, Format::Pdf, &options) {
        assert!(doc.text().len() <= 1 << 20);
        for (i, _) in doc.text().char_indices().step_by(97) {
            let _ = doc.place(i);
        }
        let _ = doc.structure();
    }
});
