//! `--format junit`: one test case per file, failed when it has findings at or above the fail
//! level, an error when it could not be read. CI systems show these as test reports.

use super::{FileResult, Summary};
use fzlint_core::Severity;

fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            // characters XML 1.0 cannot hold
            c if (c as u32) < 0x20 && !matches!(c, '\t' | '\n' | '\r') => out.push('\u{fffd}'),
            c => out.push(c),
        }
    }
    out
}

pub fn render(results: &[FileResult], fail_on: Severity) -> String {
    let s = Summary::of(results);
    let failing = results
        .iter()
        .filter(|r| {
            r.outcome
                .as_ref()
                .is_ok_and(|c| c.diagnostics.iter().any(|d| d.severity >= fail_on))
        })
        .count();
    let mut out = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    out.push_str(&format!(
        "<testsuites name=\"fzlint\" tests=\"{}\" failures=\"{failing}\" errors=\"{}\">\n",
        s.files, s.failed
    ));
    out.push_str(&format!(
        "  <testsuite name=\"fzlint\" tests=\"{}\" failures=\"{failing}\" errors=\"{}\">\n",
        s.files, s.failed
    ));
    for r in results {
        let name = escape(&r.path);
        match &r.outcome {
            Err(e) => out.push_str(&format!(
                "    <testcase name=\"{name}\" classname=\"fzlint\">\n      <error message=\"{}\"/>\n    </testcase>\n",
                escape(e)
            )),
            Ok(c) => {
                let lines: Vec<String> = c
                    .diagnostics
                    .iter()
                    .map(|d| {
                        format!(
                            "{}:{}:{}: {}[{}] {}",
                            r.path, d.start.line, d.start.column, d.severity, d.rule, d.message
                        )
                    })
                    .collect();
                let failing: Vec<_> = c.diagnostics.iter().filter(|d| d.severity >= fail_on).collect();
                out.push_str(&format!("    <testcase name=\"{name}\" classname=\"fzlint\">\n"));
                if !failing.is_empty() {
                    out.push_str(&format!(
                        "      <failure message=\"{} 个问题达到 {} 级别\" type=\"fzlint\">{}</failure>\n",
                        failing.len(),
                        fail_on,
                        escape(&lines.join("\n"))
                    ));
                } else if !lines.is_empty() {
                    out.push_str(&format!("      <system-out>{}</system-out>\n", escape(&lines.join("\n"))));
                }
                out.push_str("    </testcase>\n");
            }
        }
    }
    out.push_str("  </testsuite>\n</testsuites>\n");
    out
}
