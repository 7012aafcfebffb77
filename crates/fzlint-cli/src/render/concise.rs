//! `--format concise`: one line per finding, `path:line:column: severity[rule] message`.

use super::{visible, FileResult};

pub fn render(results: &[FileResult], out: &mut String, err: &mut String) {
    for r in results {
        match &r.outcome {
            Ok(c) => {
                for d in &c.diagnostics {
                    out.push_str(&format!(
                        "{}:{}:{}: {}[{}] {}\n",
                        visible(&r.path),
                        d.start.line,
                        d.start.column,
                        d.severity,
                        d.rule,
                        visible(&d.message)
                    ));
                }
            }
            Err(e) => err.push_str(&format!("{}: error: {}\n", visible(&r.path), visible(e))),
        }
    }
}
