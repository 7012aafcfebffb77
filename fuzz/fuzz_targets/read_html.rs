//! Any bytes as HTML: a document whose text maps to byte positions inside the file.
#![no_main]
use fzlint_formats::{read, Format, Options};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(doc) = read("fuzz.html", data, Format::Html, &Options::default()) {
        let len = doc.text().len();
        for offset in [0, len / 2, len] {
            let mut o = offset;
            while !doc.text().is_char_boundary(o) {
                o -= 1;
            }
            let p = doc.end_position(o);
            assert!(p.byte <= data.len(), "{p:?} beyond {}", data.len());
        }
        let _ = doc.structure();
    }
});
