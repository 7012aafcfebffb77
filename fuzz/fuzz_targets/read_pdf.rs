//! Any bytes as a .pdf: an error (a broken file, a scan) or a document whose places lie in
//! its text. pdf-extract panics on many malformed files; the reader catches those
//! (`catch_unwind`) and reports a broken file, which is what is tested here: libFuzzer's
//! panic hook, which would abort before the reader can catch, is replaced by a silent one,
//! and a panic that escapes `read` still ends the run as a crash.
#![no_main]
use fzlint_formats::{read, Format, Options};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    static QUIET: std::sync::Once = std::sync::Once::new();
    QUIET.call_once(|| std::panic::set_hook(Box::new(|_| {})));
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
