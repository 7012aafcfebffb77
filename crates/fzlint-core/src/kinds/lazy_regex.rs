//! A pack regex checked when the pack loads and compiled when a rule first uses it.
//!
//! Compiling the regexes of the embedded packs is most of a run's start-up (Unicode classes
//! such as `[^。；]` make large automata), yet a rule whose gate literals never occur, or that
//! lint.toml turns off, never runs. Parsing and translating the pattern at load time finds
//! every mistake a pack author can make and gives the capture names and whether it can match
//! empty text; only the automaton is built later.

use regex::{Regex, RegexBuilder};
use regex_syntax::hir::{Hir, HirKind};
use std::sync::OnceLock;

/// Room for any regex a pack could reasonably hold, so that the deferred compile cannot fail
/// where the load-time check passed (the default 10 MB limit is about memory, not syntax).
const SIZE_LIMIT: usize = 256 * 1024 * 1024;

#[derive(Clone)]
pub struct LazyRegex {
    pattern: String,
    names: Vec<String>,
    matches_empty: bool,
    compiled: OnceLock<Regex>,
}

impl LazyRegex {
    /// `hir` is the pattern as regex-syntax translated it (which is where errors show).
    pub(super) fn new(pattern: &str, hir: &Hir) -> LazyRegex {
        let mut names = Vec::new();
        capture_names(hir, &mut names);
        LazyRegex {
            pattern: pattern.to_string(),
            names,
            matches_empty: hir.properties().minimum_len() == Some(0),
            compiled: OnceLock::new(),
        }
    }

    /// Named groups, in order.
    pub fn names(&self) -> &[String] {
        &self.names
    }

    /// True if the regex matches some empty text (it would match everywhere).
    pub fn matches_empty(&self) -> bool {
        self.matches_empty
    }

    pub fn as_str(&self) -> &str {
        &self.pattern
    }

    /// Builds the regex now (with the same limits as on first use), reporting why it cannot
    /// be built instead of panicking later.
    pub fn try_build(&self) -> Result<(), String> {
        if self.compiled.get().is_some() {
            return Ok(());
        }
        let re = RegexBuilder::new(&self.pattern)
            .size_limit(SIZE_LIMIT)
            .dfa_size_limit(SIZE_LIMIT)
            .build()
            .map_err(|e| e.to_string())?;
        let _ = self.compiled.set(re);
        Ok(())
    }

    fn regex(&self) -> &Regex {
        self.compiled.get_or_init(|| {
            RegexBuilder::new(&self.pattern)
                .size_limit(SIZE_LIMIT)
                .dfa_size_limit(SIZE_LIMIT)
                .build()
                // checked by regex-syntax when the pack loaded; with the raised limits the
                // build cannot fail short of memory exhaustion
                .unwrap_or_else(|e| {
                    panic!(
                        "regex {:?} passed the pack check but not the build: {e}",
                        self.pattern
                    )
                })
        })
    }
}

impl std::ops::Deref for LazyRegex {
    type Target = Regex;
    fn deref(&self) -> &Regex {
        self.regex()
    }
}

impl std::fmt::Debug for LazyRegex {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "LazyRegex({:?})", self.pattern)
    }
}

fn capture_names(hir: &Hir, out: &mut Vec<String>) {
    match hir.kind() {
        HirKind::Capture(c) => {
            if let Some(n) = &c.name {
                out.push(n.to_string());
            }
            capture_names(&c.sub, out);
        }
        HirKind::Concat(v) | HirKind::Alternation(v) => {
            v.iter().for_each(|h| capture_names(h, out))
        }
        HirKind::Repetition(r) => capture_names(&r.sub, out),
        HirKind::Empty | HirKind::Literal(_) | HirKind::Class(_) | HirKind::Look(_) => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lazy(p: &str) -> LazyRegex {
        LazyRegex::new(p, &regex_syntax::parse(p).unwrap())
    }

    #[test]
    fn names_and_emptiness_come_from_the_syntax_tree() {
        let r = lazy(r"(?P<name>[\p{Han}]{1,6}率)(?:为)?(?P<hit>(?P<pct>\d+)%)");
        assert_eq!(r.names(), ["name", "hit", "pct"]);
        // the same order the compiled regex gives
        let compiled: Vec<&str> = r.capture_names().flatten().collect();
        assert_eq!(compiled, ["name", "hit", "pct"]);
        assert!(!r.matches_empty());
        assert!(lazy("a*").matches_empty());
        assert!(lazy("(?m)^").matches_empty());
    }

    #[test]
    fn compiled_on_first_use_only() {
        let r = lazy("布署");
        assert!(r.compiled.get().is_none());
        assert!(r.is_match("同布署"));
        assert!(r.compiled.get().is_some());
    }
}
