//! The fuzz targets' properties (fuzz/fuzz_targets), as a short proptest run in the normal
//! tests: any bytes through every reader and the engine never panic, and every position a
//! finding reports lies inside the file, on character boundaries of the text.

use fzlint_core::{builtin, Linter, PackUse};
use fzlint_formats::{read, Format, Options};
use proptest::prelude::*;
use std::sync::LazyLock;

static LINTER: LazyLock<Linter> =
    LazyLock::new(|| Linter::new(builtin::load_all().expect("built-in packs")).expect("linter"));

/// Report-like text: Chinese, digits, punctuation of both widths, markup, line breaks.
fn reportish() -> impl Strategy<Value = String> {
    proptest::collection::vec(
        prop_oneof![
            Just("法治政府建设".to_string()),
            Just("取得了一定成效".to_string()),
            Just("一、".to_string()),
            Just("（二）".to_string()),
            Just("三是".to_string()),
            Just("合格率为103%".to_string()),
            Just("《民法典》".to_string()),
            Just("2023年12月31日".to_string()),
            Just("XX区".to_string()),
            Just("<!--".to_string()),
            Just("-->".to_string()),
            Just("<p>&amp;".to_string()),
            Just("---\n".to_string()),
            Just("```".to_string()),
            "[,.:;()“”《》（）\n\r ]{1,4}",
            "\\PC{1,6}",
        ],
        0..40,
    )
    .prop_map(|parts| parts.concat())
}

/// Checks the properties on what the reader makes of `bytes`; `Ok(false)` when the reader
/// refused them (so the engine was not reached).
fn check_everything(bytes: &[u8], format: Format) -> Result<bool, TestCaseError> {
    let Ok(doc) = read("p.txt", bytes, format, &Options::default()) else {
        return Ok(false);
    };
    let mut sel = LINTER.default_selection();
    sel.packs.iter_mut().for_each(|p| *p = PackUse::Forced);
    let text = doc.text();
    for d in LINTER.check(&doc, &sel) {
        prop_assert!(d.span.start <= d.span.end && d.span.end <= text.len());
        prop_assert!(text.is_char_boundary(d.span.start) && text.is_char_boundary(d.span.end));
        prop_assert!(
            d.end.byte <= bytes.len(),
            "{} ends at {} of {}",
            d.rule,
            d.end.byte,
            bytes.len()
        );
    }
    Ok(true)
}

/// Runs `property` on 64 values of `strategy` and fails unless at least `min_share` of them
/// reached the engine: a generator whose inputs readers refuse would pass while testing
/// nothing.
fn reaching<S: Strategy>(
    name: &str,
    strategy: S,
    min_share: f64,
    property: impl Fn(S::Value) -> Result<(usize, usize), TestCaseError>,
) {
    use std::sync::atomic::{AtomicUsize, Ordering};
    let (reached, tried) = (AtomicUsize::new(0), AtomicUsize::new(0));
    let mut runner = proptest::test_runner::TestRunner::new(ProptestConfig::with_cases(64));
    let result = runner.run(&strategy, |v| {
        let (r, t) = property(v)?;
        reached.fetch_add(r, Ordering::Relaxed);
        tried.fetch_add(t, Ordering::Relaxed);
        Ok(())
    });
    if let Err(e) = result {
        panic!("{name}: {e}");
    }
    let (reached, tried) = (reached.into_inner(), tried.into_inner());
    assert!(
        reached as f64 >= min_share * tried as f64,
        "{name}: only {reached} of {tried} inputs reached the engine"
    );
    println!("{name}: {reached} of {tried} inputs reached the engine");
}

/// Counts (reached, tried) over several formats.
fn each(bytes: &[u8], formats: &[Format]) -> Result<(usize, usize), TestCaseError> {
    let mut reached = 0;
    for &f in formats {
        reached += usize::from(check_everything(bytes, f)?);
    }
    Ok((reached, formats.len()))
}

/// A .docx whose body is `text`, a paragraph per line.
fn docx_of(text: &str) -> Vec<u8> {
    let body: String = text
        .split('\n')
        .map(|l| fzlint_formats::testing::paragraph(None, l))
        .collect();
    fzlint_formats::testing::docx(&body)
}

#[test]
fn text_markdown_and_html_as_utf8() {
    reaching("utf-8 text", reportish(), 0.99, |s| {
        each(
            s.as_bytes(),
            &[Format::Text, Format::Markdown, Format::Html],
        )
    });
}

#[test]
fn the_same_text_in_gb18030() {
    reaching("gb18030 text", reportish(), 0.95, |s| {
        let (bytes, _, _) = encoding_rs::GB18030.encode(&s);
        each(&bytes, &[Format::Text])
    });
}

#[test]
fn the_same_text_in_a_docx() {
    // XML-forbidden characters make a part Word could not have written: most still read
    reaching("docx", reportish(), 0.8, |s| {
        each(&docx_of(&s), &[Format::Docx])
    });
}

#[test]
fn arbitrary_bytes_in_every_text_format() {
    // Uniform random bytes are all refused (a NUL makes a binary file, the rest is no known
    // encoding): mostly printable bytes and UTF-8 pieces, with some of any value, so that
    // broken sequences reach the decoders and a share of inputs reaches the engine.
    let piece = || {
        prop_oneof![
            2 => (0x20u8..0x7f).prop_map(|b| vec![b]),
            1 => "\\PC{1,3}".prop_map(String::into_bytes),
        ]
    };
    let clean = proptest::collection::vec(piece(), 0..200);
    let broken = proptest::collection::vec(
        prop_oneof![9 => piece(), 1 => any::<u8>().prop_map(|b| vec![b])],
        0..200,
    );
    let strategy = prop_oneof![clean, broken].prop_map(|parts| parts.concat());
    reaching("bytes", strategy, 0.4, |bytes| {
        // as a .docx random bytes are never a zip: only that it does not panic
        let _refused = check_everything(&bytes, Format::Docx)?;
        each(&bytes, &[Format::Text, Format::Markdown, Format::Html])
    });
}

proptest! {
    #[test]
    fn any_text_as_a_pack_is_a_pack_or_a_positioned_error(s in "\\PC{0,200}") {
        if let Err(e) = fzlint_core::pack::load("p.toml", &s) {
            prop_assert!(e.line >= 1 && e.column >= 1);
        }
    }
}
