//! The quantity and date parsers on any string: no panic, and what they consume is a prefix on
//! a character boundary.
#![no_main]
use fzlint_core::quantity;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|s: &str| {
    let _ = quantity::parse(s);
    let _ = quantity::parse_han_integer(s);
    if let Some((_, used)) = quantity::parse_date(s) {
        assert!(used <= s.len() && s.is_char_boundary(used));
    }
    if let Some(n) = quantity::parse_han_integer(s) {
        // what we write we must read back
        assert_eq!(quantity::parse_han_integer(&quantity::to_han(n)), Some(n));
    }
});
