//! Any text as a rule pack: an error or a pack, never a panic; errors carry a position inside
//! the text.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    match fzlint_core::pack::load("fuzz.toml", text) {
        Ok(pack) => {
            // a pack that loads must also compile into a linter and lint its own examples
            if let Ok(linter) = fzlint_core::Linter::new(vec![pack]) {
                let _ = fzlint_core::examples::check_examples(&linter);
            }
        }
        Err(e) => {
            assert!(e.line >= 1 && e.column >= 1, "{e}");
        }
    }
});
