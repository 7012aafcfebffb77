//! The built-in packs, embedded in the binary from `rules/*.toml`.

use crate::pack::{self, Pack, PackError};

/// Name and TOML text of each built-in pack, in the order they apply.
pub const PACKS: &[(&str, &str)] = &[
    ("template", include_str!("../../../rules/template.toml")),
    ("web", include_str!("../../../rules/web.toml")),
    ("typo", include_str!("../../../rules/typo.toml")),
    ("vague", include_str!("../../../rules/vague.toml")),
    ("numbers", include_str!("../../../rules/numbers.toml")),
    ("format", include_str!("../../../rules/format.toml")),
    ("period", include_str!("../../../rules/period.toml")),
    (
        "annual-report",
        include_str!("../../../rules/annual-report.toml"),
    ),
];

/// Data files of the built-in packs (`dictionary = "…"`), by their path relative to `rules/`.
pub const DATA: &[(&str, &str)] = &[
    (
        "data/typos.tsv",
        include_str!("../../../rules/data/typos.tsv"),
    ),
    (
        "data/variants.tsv",
        include_str!("../../../rules/data/variants.tsv"),
    ),
    (
        "data/names.tsv",
        include_str!("../../../rules/data/names.tsv"),
    ),
];

/// A built-in data file by its path relative to `rules/`.
pub fn data(path: &str) -> Option<&'static str> {
    DATA.iter().find(|(p, _)| *p == path).map(|(_, t)| *t)
}

/// The name that stands for all built-in packs in lint.toml and on the command line.
pub const DEFAULT: &str = "default";

/// Loads one built-in pack by name.
pub fn load(name: &str) -> Option<Result<Pack, PackError>> {
    PACKS
        .iter()
        .find(|(n, _)| *n == name)
        .map(|(n, text)| pack::load(&format!("builtin:{n}"), text))
}

/// Loads all built-in packs.
pub fn load_all() -> Result<Vec<Pack>, PackError> {
    use rayon::prelude::*;
    PACKS
        .par_iter()
        .map(|(n, text)| pack::load(&format!("builtin:{n}"), text))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::Linter;
    use crate::examples::check_examples;

    #[test]
    fn builtin_packs_compile() {
        let packs = load_all().unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(packs.len(), PACKS.len());
        Linter::new(packs).unwrap();
    }

    #[test]
    fn every_builtin_rule_is_documented_and_its_examples_pass() {
        let linter = Linter::new(load_all().unwrap()).unwrap();
        for r in linter.rules() {
            assert!(!r.examples.bad.is_empty(), "{}: no bad example", r.id);
            assert!(!r.examples.good.is_empty(), "{}: no good example", r.id);
            assert!(r.help.is_some(), "{}: no help", r.id);
            assert!(
                r.message
                    .chars()
                    .any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)),
                "{}: message is not Chinese",
                r.id
            );
        }
        let report = check_examples(&linter);
        assert!(report.examples >= 2 * linter.rules().len());
        let failures: Vec<String> = report.failures.iter().map(|f| f.to_string()).collect();
        assert!(failures.is_empty(), "{}", failures.join("\n"));
    }
}
