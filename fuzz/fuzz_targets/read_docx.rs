//! Any bytes as a .docx: an error or a document whose spans map inside the file.
#![no_main]
use fzlint_formats::{read, Format, Options};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(doc) = read("fuzz.docx", data, Format::Docx, &Options::default()) {
        let _ = doc.structure();
    }
});
