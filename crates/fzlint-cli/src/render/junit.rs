//! `--format junit`: one test case per file, failed when it has findings at or above the fail
//! level, an error when it could not be read. CI systems show these as test reports.

use super::FileResult;
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
            // characters XML 1.0 cannot hold, even as references
            c if (c as u32) < 0x20 && !matches!(c, '\t' | '\n' | '\r') => out.push('\u{fffd}'),
            '\u{fffe}' | '\u{ffff}' => out.push('\u{fffd}'),

            c => out.push(c),
        }
    }
    out
}

/// The run as compact records: each file's test case already written, and the counts the
/// opening tags need, so that no document is held until the end.
#[derive(Default)]
pub struct Collector {
    cases: String,
    files: usize,
    failing: usize,
    errors: usize,
}

impl Collector {
    pub fn file(&mut self, r: &FileResult, fail_on: Severity) {
        self.files += 1;
        let name = escape(&r.path);
        let out = &mut self.cases;
        match &r.outcome {
            Err(e) => {
                self.errors += 1;
                out.push_str(&format!(
                    "    <testcase name=\"{name}\" classname=\"fzlint\">\n      <error message=\"{}\"/>\n    </testcase>\n",
                    escape(e)
                ));
            }
            Ok(c) => {
                let lines: Vec<String> = c
                    .diagnostics
                    .iter()
                    .map(|d| {
                        let place = d.place.as_ref().map(|p| format!("（{p}）"));
                        format!(
                            "{}:{}:{}: {}[{}] {}{}",
                            r.path,
                            d.start.line,
                            d.start.column,
                            d.severity,
                            d.rule,
                            d.message,
                            place.unwrap_or_default()
                        )
                    })
                    .collect();
                let failing = c
                    .diagnostics
                    .iter()
                    .filter(|d| d.severity >= fail_on)
                    .count();
                out.push_str(&format!(
                    "    <testcase name=\"{name}\" classname=\"fzlint\">\n"
                ));
                if failing > 0 {
                    self.failing += 1;
                    out.push_str(&format!(
                        "      <failure message=\"{failing} 个问题达到 {fail_on} 级别\" type=\"fzlint\">{}</failure>\n",
                        escape(&lines.join("\n"))
                    ));
                } else if !lines.is_empty() {
                    out.push_str(&format!(
                        "      <system-out>{}</system-out>\n",
                        escape(&lines.join("\n"))
                    ));
                }
                out.push_str("    </testcase>\n");
            }
        }
    }

    pub fn finish(self, out: &mut String) {
        let Collector {
            cases,
            files,
            failing,
            errors,
        } = self;
        out.push_str("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
        out.push_str(&format!(
            "<testsuites name=\"fzlint\" tests=\"{files}\" failures=\"{failing}\" errors=\"{errors}\">\n"
        ));
        out.push_str(&format!(
            "  <testsuite name=\"fzlint\" tests=\"{files}\" failures=\"{failing}\" errors=\"{errors}\">\n"
        ));
        out.push_str(&cases);
        out.push_str("  </testsuite>\n</testsuites>\n");
    }
}
