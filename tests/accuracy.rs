//! The accuracy ratchet: recall per fault class and precision per rule on every annotated set
//! (tests/accuracy/sets.toml) must not fall below the figures in tests/accuracy/ratchet.toml.
//! Sets on ../shared/corpus are skipped, with a message, when that folder is absent (they fail
//! instead when `CI` is set: CI always has it); the team's own fixtures and clean text are
//! always measured.
//!
//! After an improvement, record it: `cargo run -p fzlint-accuracy -- --write-ratchet
//! tests/accuracy/ratchet.toml`.

use fzlint_accuracy::{load_sets, measure, Ratchet, SetError};
use std::path::Path;

#[test]
fn accuracy_does_not_fall_below_the_recorded_figures() {
    let sets = load_sets(
        Path::new("accuracy/sets.toml"),
        Path::new("../../shared/corpus"),
    )
    .unwrap();
    let ratchet: Ratchet = toml::from_str(
        &std::fs::read_to_string("accuracy/ratchet.toml").expect("accuracy/ratchet.toml"),
    )
    .expect("ratchet.toml parses");
    let linter = fzlint_core::Linter::new(fzlint_core::builtin::load_all().unwrap()).unwrap();
    let mut failures = Vec::new();
    let mut measured = Vec::new();
    for set in sets {
        let set = match set {
            Ok(s) => s,
            Err(SetError::Missing(p)) => {
                fzlint_tests::skip_without_shared(&p);
                continue;
            }
            Err(e) => panic!("{e}"),
        };
        let name = set.spec.name.clone();
        let report = measure(&linter, std::slice::from_ref(&set)).unwrap();
        let Some(figures) = ratchet.get(&name) else {
            failures.push(format!(
                "set `{name}` has no recorded figures in ratchet.toml"
            ));
            continue;
        };
        failures.extend(
            figures
                .regressions(&report)
                .into_iter()
                .map(|r| format!("{name}: {r}")),
        );
        measured.push(name);
    }
    assert!(
        measured.iter().any(|n| n == "fixtures") && measured.iter().any(|n| n == "clean"),
        "the team's own sets must always be measured: {measured:?}"
    );
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn the_ratchet_notices_a_rule_that_stops_finding_its_class() {
    // Measure the fixtures with the placeholder rules switched off: the ratchet must say so.
    let sets = load_sets(Path::new("accuracy/sets.toml"), Path::new("/nonexistent")).unwrap();
    let fixtures = sets
        .into_iter()
        .filter_map(Result::ok)
        .find(|s| s.spec.name == "fixtures")
        .expect("fixtures set");
    let packs: Vec<_> = fzlint_core::builtin::load_all()
        .unwrap()
        .into_iter()
        .filter(|p| p.name != "template")
        .collect();
    let linter = fzlint_core::Linter::new(packs).unwrap();
    let report = measure(&linter, std::slice::from_ref(&fixtures)).unwrap();
    let ratchet: Ratchet =
        toml::from_str(&std::fs::read_to_string("accuracy/ratchet.toml").unwrap()).unwrap();
    let regressions = ratchet["fixtures"].regressions(&report);
    assert!(
        regressions
            .iter()
            .any(|r| r.contains("recall of `placeholder`")),
        "{regressions:?}"
    );
}
