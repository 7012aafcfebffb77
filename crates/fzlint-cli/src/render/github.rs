//! `--format github`: GitHub Actions workflow commands, which annotate the lines of a pull
//! request: `::error file=…,line=…,col=…,endLine=…,endColumn=…,title=…::message`.

use super::{visible, FileResult};
use fzlint_core::Severity;

/// Escapes a message (data) as the runner expects.
fn data(s: &str) -> String {
    visible(s)
        .replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// Escapes a property value, where `:` and `,` separate properties.
fn property(s: &str) -> String {
    data(s).replace(':', "%3A").replace(',', "%2C")
}

pub fn render(results: &[FileResult]) -> String {
    let mut out = String::new();
    for r in results {
        match &r.outcome {
            Ok(c) => {
                for d in &c.diagnostics {
                    let level = match d.severity {
                        Severity::Serious | Severity::Error => "error",
                        Severity::Warning => "warning",
                        Severity::Info => "notice",
                    };
                    let mut message = d.message.clone();
                    if let Some(p) = &d.place {
                        message.push_str(&format!("（{p}）"));
                    }
                    if let Some(h) = &d.help {
                        message.push('\n');
                        message.push_str(h);
                    }
                    out.push_str(&format!(
                        "::{level} file={},line={},col={},endLine={},endColumn={},title={}::{}\n",
                        property(&r.path),
                        d.start.line,
                        d.start.column,
                        d.end.line,
                        d.end.column,
                        property(&format!("fzlint {}", d.rule)),
                        data(&message)
                    ));
                }
            }
            Err(e) => out.push_str(&format!(
                "::error file={},title=fzlint::{}\n",
                property(&r.path),
                data(&format!("无法读取 / cannot read: {e}"))
            )),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escaping() {
        assert_eq!(data("50%\n下一行"), "50%25%0A下一行");
        assert_eq!(property("a,b:c"), "a%2Cb%3Ac");
    }
}
