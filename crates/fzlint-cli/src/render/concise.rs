//! `--format concise`: one line per finding, `path:line:column: severity[rule] message`.

use super::{one_line, visible, FileResult};

pub fn render(results: &[FileResult], out: &mut String, err: &mut String) {
    for r in results {
        match &r.outcome {
            Ok(c) => {
                for d in &c.diagnostics {
                    out.push_str(&one_line(&r.path, d));
                }
            }
            Err(e) => err.push_str(&format!("{}: error: {}\n", visible(&r.path), visible(e))),
        }
    }
}
