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

fn check_everything(bytes: &[u8], format: Format) -> Result<(), TestCaseError> {
    let Ok(doc) = read("p.txt", bytes, format, &Options::default()) else {
        return Ok(());
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
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn text_and_markdown_as_utf8(s in reportish()) {
        check_everything(s.as_bytes(), Format::Text)?;
        check_everything(s.as_bytes(), Format::Markdown)?;
        check_everything(s.as_bytes(), Format::Html)?;
    }

    #[test]
    fn the_same_text_in_gb18030(s in reportish()) {
        let (bytes, _, _) = encoding_rs::GB18030.encode(&s);
        check_everything(&bytes, Format::Text)?;
    }

    #[test]
    fn arbitrary_bytes_in_every_format(bytes in proptest::collection::vec(any::<u8>(), 0..400)) {
        for format in [Format::Text, Format::Markdown, Format::Html, Format::Docx] {
            check_everything(&bytes, format)?;
        }
    }

    #[test]
    fn any_text_as_a_pack_is_a_pack_or_a_positioned_error(s in "\\PC{0,200}") {
        if let Err(e) = fzlint_core::pack::load("p.toml", &s) {
            prop_assert!(e.line >= 1 && e.column >= 1);
        }
    }
}
