//! `fzlint explain RULE`: everything about one rule, with its examples run.

use crate::args::ExplainArgs;
use crate::setup::{self, SetupError};
use crate::EXIT_OK;
use fzlint_core::examples::findings_on;
use fzlint_core::pack::{MARK_CLOSE, MARK_OPEN};
use fzlint_core::suggest::nearest;
use std::fmt::Write as _;
use std::io::Write;

pub fn run(a: &ExplainArgs, graphical: bool, out: &mut dyn Write) -> Result<i32, SetupError> {
    let session = setup::build(&a.setup)?;
    let linter = &session.linter;
    let Some(r) = linter.rules().iter().position(|r| *r.id == *a.rule) else {
        let near = nearest(&a.rule, linter.rules().iter().map(|r| &*r.id))
            .map(|n| format!("; did you mean `{n}`?"))
            .unwrap_or_default();
        return Err(SetupError::Other(format!(
            "没有这条规则 / no rule `{}` is loaded{near} (`fzlint rules` lists them)",
            a.rule
        )));
    };
    let rule = &linter.rules()[r];
    let sel = session.resolved.selection(linter, "");
    let bold = |s: &str| {
        if graphical {
            format!("\x1b[1m{s}\x1b[0m")
        } else {
            s.to_string()
        }
    };
    let mut s = String::new();
    let _ = writeln!(s, "{}  {}\n", bold(&rule.id), rule.message);
    let (origin, line, column) = &rule.location;
    let mut fact = |k: &str, v: &str| {
        let _ = writeln!(s, "  {k:<10} {v}");
    };
    fact(
        "pack",
        &format!("{}  ({origin}:{line}:{column})", rule.pack),
    );
    fact(
        "kind",
        &format!("{}  (fields: docs/kinds.md)", rule.kind_name),
    );
    let severity = match sel.rules[r] {
        Some(sev) if sev == rule.severity => sev.to_string(),
        Some(sev) => format!("{sev} (lint.toml; the pack says {})", rule.severity),
        None => format!("{} (disabled in lint.toml)", rule.severity),
    };
    fact("severity", &severity);
    if let Some(h) = &rule.help {
        fact("help", h);
    }
    if let Some(src) = &rule.source {
        fact("source", src);
    }

    let _ = writeln!(s, "\n{}", bold("Definition"));
    let text = rule.pack_file.text();
    let def = text.get(rule.span.clone()).unwrap_or("").trim_end();
    for (i, l) in def.lines().enumerate() {
        let _ = writeln!(s, "  {:>4} │ {l}", line + i);
    }

    let _ = writeln!(s, "\n{}", bold("Examples"));
    let cases = rule
        .examples
        .bad
        .iter()
        .map(|e| ("bad ", e))
        .chain(rule.examples.good.iter().map(|e| ("good", e)));
    for (label, e) in cases {
        let _ = writeln!(s, "  {label}  {}", e.written);
        let found = findings_on(linter, r, &e.text);
        if found.is_empty() {
            let _ = writeln!(s, "        → no finding");
        }
        for f in found {
            let marked = format!(
                "{}{MARK_OPEN}{}{MARK_CLOSE}{}",
                &e.text[..f.span.start],
                &e.text[f.span.clone()],
                &e.text[f.span.end..]
            );
            let _ = writeln!(s, "        → {}  at {marked}", f.message);
        }
    }
    let _ = out.write_all(s.as_bytes());
    Ok(EXIT_OK)
}
