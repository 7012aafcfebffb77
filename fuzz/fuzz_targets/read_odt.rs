//! Any bytes as an .odt: an error or a document.
#![no_main]
use fzlint_formats::{read, Format, Options};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(doc) = read("fuzz.odt", data, Format::Odt, &Options::default()) {
        let _ = doc.structure();
    }
});
