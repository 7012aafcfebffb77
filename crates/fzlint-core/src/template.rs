//! Message templates: `"错别字“{match}”,应为“{suggest}”"`. Variables are checked when the pack
//! is compiled, so a typo in a placeholder is a pack error, not a literal `{sugest}` in output.

/// A parsed template: literal text and variable names, alternating.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Template {
    parts: Vec<Part>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Part {
    Text(String),
    Var(String),
}

impl Template {
    /// Parses `{name}` placeholders; `{{` and `}}` are literal braces. Every name must be in
    /// `known`, else the error names the first unknown one.
    pub fn parse(src: &str, known: &[&str]) -> Result<Template, String> {
        let mut parts = Vec::new();
        let mut text = String::new();
        let mut chars = src.chars().peekable();
        while let Some(c) = chars.next() {
            match c {
                '{' if chars.peek() == Some(&'{') => {
                    chars.next();
                    text.push('{');
                }
                '}' if chars.peek() == Some(&'}') => {
                    chars.next();
                    text.push('}');
                }
                '{' => {
                    let mut name = String::new();
                    loop {
                        match chars.next() {
                            Some('}') => break,
                            Some(c) => name.push(c),
                            None => return Err(format!("模板中的 `{{{name}` 没有闭合")),
                        }
                    }
                    if !known.contains(&name.as_str()) {
                        let list = known
                            .iter()
                            .map(|k| format!("{{{k}}}"))
                            .collect::<Vec<_>>()
                            .join(", ");
                        return Err(if known.is_empty() {
                            format!("未知的占位符 `{{{name}}}`：这种规则没有占位符（字面的花括号写成 `{{{{`）")
                        } else {
                            format!("未知的占位符 `{{{name}}}`；这条规则可用 {list}")
                        });
                    }
                    if !text.is_empty() {
                        parts.push(Part::Text(std::mem::take(&mut text)));
                    }
                    parts.push(Part::Var(name));
                }
                c => text.push(c),
            }
        }
        if !text.is_empty() {
            parts.push(Part::Text(text));
        }
        Ok(Template { parts })
    }

    /// The text with each placeholder shown as “…”: what the rule says in general, for a
    /// rule's description where no finding fills it (SARIF rule metadata).
    pub fn generic(&self) -> String {
        self.parts
            .iter()
            .map(|p| match p {
                Part::Text(t) => t.as_str(),
                Part::Var(_) => "…",
            })
            .collect()
    }

    /// Fills the placeholders; a variable with no value renders as empty text.
    pub fn render(&self, vars: &[(&str, &str)]) -> String {
        let mut out = String::new();
        for p in &self.parts {
            match p {
                Part::Text(t) => out.push_str(t),
                Part::Var(v) => {
                    if let Some((_, val)) = vars.iter().find(|(k, _)| k == v) {
                        out.push_str(val);
                    }
                }
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renders_vars_and_escapes() {
        let t = Template::parse("“{match}”应为“{suggest}”{{x}}", &["match", "suggest"]).unwrap();
        assert_eq!(
            t.render(&[("match", "布署"), ("suggest", "部署")]),
            "“布署”应为“部署”{x}"
        );
    }

    #[test]
    fn generic_text_shows_placeholders_as_ellipses() {
        let t = Template::parse("“{match}”应为“{suggest}”{{x}}", &["match", "suggest"]).unwrap();
        assert_eq!(t.generic(), "“…”应为“…”{x}");
    }

    #[test]
    fn unknown_and_unclosed_placeholders_are_errors() {
        let e = Template::parse("{sugest}", &["match", "suggest"]).unwrap_err();
        assert!(e.contains("`{sugest}`") && e.contains("{suggest}"), "{e}");
        assert!(Template::parse("{match", &["match"]).is_err());
    }
}
