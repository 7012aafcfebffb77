//! Any bytes as a text or Markdown file, linted with every embedded pack: no panic, every
//! span on character boundaries inside the file, fixes inside the file.
#![no_main]
use fzlint_core::{builtin, Linter};
use fzlint_formats::{read, Format, Options};
use libfuzzer_sys::fuzz_target;
use std::sync::OnceLock;

fn linter() -> &'static Linter {
    static L: OnceLock<Linter> = OnceLock::new();
    L.get_or_init(|| Linter::new(builtin::load_all().unwrap()).unwrap())
}

fuzz_target!(|data: &[u8]| {
    let (format, bytes) = match data.split_first() {
        Some((b, rest)) if b & 1 == 1 => (Format::Markdown, rest),
        Some((_, rest)) => (Format::Text, rest),
        None => (Format::Text, data),
    };
    let Ok(doc) = read("fuzz.txt", bytes, format, &Options::default()) else {
        return;
    };
    let linter = linter();
    let mut sel = linter.default_selection();
    sel.packs.iter_mut().for_each(|p| *p = fzlint_core::PackUse::Forced);
    for d in linter.check(&doc, &sel) {
        let text = doc.text();
        assert!(d.span.end <= text.len() && d.span.start <= d.span.end);
        assert!(text.is_char_boundary(d.span.start) && text.is_char_boundary(d.span.end));
        assert!(d.end.byte <= bytes.len(), "{:?} beyond the file", d.end);
    }
});
