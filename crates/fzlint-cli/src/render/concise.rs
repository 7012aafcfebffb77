//! `--format concise`: one line per finding, `path:line:column: severity[rule] message`.

use super::FileResult;

pub fn render(results: &[FileResult], out: &mut String, err: &mut String) {
    for r in results {
        match &r.outcome {
            Ok(c) => {
                for d in &c.diagnostics {
                    out.push_str(&format!(
                        "{}:{}:{}: {}[{}] {}\n",
                        r.path, d.start.line, d.start.column, d.severity, d.rule, d.message
                    ));
                }
            }
            Err(e) => err.push_str(&format!("{}: error: {}\n", r.path, e)),
        }
    }
}
