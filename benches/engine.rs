//! The engine on one ~20 KB report: compiling the embedded packs, building the document
//! (structure included), and checking it with each kind of rule alone and all together.
//! `cargo bench -p fzlint-benches`.

use fzlint_core::{builtin, Document, Linter, PackUse, Syntax};
use std::sync::LazyLock;

fn main() {
    divan::main();
}

static TEXT: LazyLock<String> = LazyLock::new(fzlint_benches::report);
static LINTER: LazyLock<Linter> =
    LazyLock::new(|| Linter::new(builtin::load_all().expect("built-in packs")).expect("linter"));

#[divan::bench]
fn compile_embedded_packs() -> Linter {
    Linter::new(builtin::load_all().expect("built-in packs")).expect("linter")
}

#[divan::bench]
fn read_document(bencher: divan::Bencher) {
    bencher.bench(|| Document::new("r.txt", Syntax::PlainText, divan::black_box(TEXT.clone())));
}

#[divan::bench]
fn check_all_rules(bencher: divan::Bencher) {
    let doc = Document::new("r.txt", Syntax::PlainText, TEXT.clone());
    let mut sel = LINTER.default_selection();
    sel.packs.iter_mut().for_each(|p| *p = PackUse::Forced);
    bencher.bench(|| LINTER.check(divan::black_box(&doc), &sel));
}

/// Each kind alone, to see where the time of `check_all_rules` goes.
#[divan::bench(args = ["phrase", "pattern", "numeric", "required-section", "sequence", "date", "repetition", "pairing", "punctuation"])]
fn check_one_kind(bencher: divan::Bencher, kind: &str) {
    let doc = Document::new("r.txt", Syntax::PlainText, TEXT.clone());
    let mut sel = LINTER.default_selection();
    sel.packs.iter_mut().for_each(|p| *p = PackUse::Forced);
    for (s, r) in sel.rules.iter_mut().zip(LINTER.rules()) {
        if r.kind_name != kind {
            *s = None;
        }
    }
    bencher.bench(|| LINTER.check(divan::black_box(&doc), &sel));
}
