//! Inline directives in comments: `<!-- fzlint-disable RULE… -->` … `<!-- fzlint-enable -->`
//! and `<!-- fzlint-disable-next-line RULE… -->`. RULE is a rule id or a pack name; none means
//! every rule.

use fzlint_core::{Span, Suppression};

#[derive(Debug, Clone, PartialEq, Eq)]
enum Directive {
    Disable(Vec<String>),
    Enable(Vec<String>),
    DisableNextLine(Vec<String>),
}

fn parse(comment: &str) -> Option<Directive> {
    let mut words = comment.split_whitespace();
    let head = words.next()?;
    let rules: Vec<String> = words.map(String::from).collect();
    match head {
        "fzlint-disable" => Some(Directive::Disable(rules)),
        "fzlint-enable" => Some(Directive::Enable(rules)),
        "fzlint-disable-next-line" => Some(Directive::DisableNextLine(rules)),
        _ => None,
    }
}

fn one_per_rule(rules: &[String]) -> Vec<Option<String>> {
    if rules.is_empty() {
        vec![None]
    } else {
        rules.iter().cloned().map(Some).collect()
    }
}

/// Collects suppressions from comments, given in text order as (comment body, span of the
/// whole comment in the text).
pub fn collect(text: &str, comments: &[(String, Span)]) -> Vec<Suppression> {
    let mut out = Vec::new();
    let mut open: Vec<(Option<String>, usize)> = Vec::new();
    for (body, span) in comments {
        match parse(body) {
            Some(Directive::Disable(rules)) => {
                open.extend(one_per_rule(&rules).into_iter().map(|r| (r, span.end)));
            }
            Some(Directive::Enable(rules)) => {
                let closing = |r: &Option<String>| {
                    rules.is_empty() || r.as_ref().is_some_and(|r| rules.contains(r))
                };
                let (close, keep): (Vec<_>, Vec<_>) = open.drain(..).partition(|(r, _)| closing(r));
                open = keep;
                out.extend(close.into_iter().map(|(rule, start)| Suppression {
                    rule,
                    span: Span::new(start, span.start),
                }));
            }
            Some(Directive::DisableNextLine(rules)) => {
                let next = text[span.end..].find('\n').map(|i| span.end + i + 1);
                if let Some(start) = next {
                    let end = text[start..].find('\n').map_or(text.len(), |i| start + i);
                    out.extend(one_per_rule(&rules).into_iter().map(|rule| Suppression {
                        rule,
                        span: Span::new(start, end),
                    }));
                }
            }
            None => {}
        }
    }
    out.extend(open.into_iter().map(|(rule, start)| Suppression {
        rule,
        span: Span::new(start, text.len()),
    }));
    out
}
