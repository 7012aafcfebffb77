//! `required-section`: a part the document must have, e.g. 存在的不足和原因.
//!
//! ```toml
//! kind = "required-section"
//! section = "存在的不足和原因"              # its name in messages: {section}
//! headings = ["存在的?(?:问题|不足)"]       # heading variants (regexes on the heading's words)
//! level = 1                                 # where it belongs: 1 = 一、  2 = （一）  3 = 1.
//! may-be-subsection = false                 # a deeper heading is fine too
//! mentions = ["不足主要(?:表现|体现)在"]    # lead sentences that show the part merged into text
//! min-chars = 10                            # less body text than this: the part is empty
//! must-contain = ["原因"]                   # the part's text must match one of these
//! lacking-message = "只写了不足,没有分析原因"
//! report-missing = true                     # false: only check `must-contain`
//! ```
//!
//! Outcomes, from best to worst: found at its level (then checked for emptiness and
//! `must-contain`); found only as a subsection, or only in a lead sentence of the text
//! (reported one severity step lower, at the heading or sentence); missing (reported at the
//! document's title with the rule's message).

use super::LazyRegex;
use super::{compile_regexes, config, Context, Finding, Findings, RuleKind};
use crate::document::Document;
use crate::pack::SpecError;
use crate::span::Span;
use crate::structure::{is_blank, Heading};
use serde::Deserialize;
use toml::de::ValueDeserializer;
use toml::Spanned;

/// A part the document must have, such as 存在的不足和原因. Placeholders: `{section}`,
/// `{heading}`.
///
/// Headings are recognised by 公文 numbering at the start of a line (一、 （一） 1. （1）, also
/// 1、 and half-width brackets) and by Markdown `#`; a numbered line that goes on after its
/// first 。 is a run-in heading whose words end at the 。. Outcomes, best to worst: found at
/// its level (then checked for `min-chars` and `must-contain`); found only as a subsection,
/// or only in a lead sentence of the text (`mentions`), reported one severity step lower;
/// missing, reported at the document's title with the rule's message.
#[derive(Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
#[schemars(rename = "required-section")]
pub(super) struct Config {
    /// The part's name in messages: `{section}`.
    section: String,
    /// Regexes for the heading's words (numbering removed), any of which names the part.
    #[schemars(with = "Vec<String>")]
    headings: Vec<Spanned<String>>,
    /// Where the part belongs: 1 = 一、 2 = （一） 3 = 1. 4 = （1）.
    #[serde(default = "default_level")]
    level: u8,
    /// A heading one level deeper also counts as the part.
    #[serde(default)]
    may_be_subsection: bool,
    /// Regexes for lead sentences that show the part merged into running text (reported one
    /// severity step lower).
    #[serde(default)]
    #[schemars(with = "Vec<String>")]
    mentions: Vec<Spanned<String>>,
    /// Less body text than this many characters: the part is reported as empty.
    #[serde(default = "default_min_chars")]
    min_chars: usize,
    /// Regexes of which the part's text must match one (不足 must say 原因).
    #[serde(default)]
    #[schemars(with = "Vec<String>")]
    must_contain: Vec<Spanned<String>>,
    /// The message when `must-contain` fails (default: the rule's message).
    lacking_message: Option<String>,
    /// false: only check `must-contain` of a part that is there.
    #[serde(default = "yes")]
    report_missing: bool,
}

fn default_level() -> u8 {
    1
}
fn default_min_chars() -> usize {
    10
}
fn yes() -> bool {
    true
}

struct RequiredSection {
    section: String,
    headings: Vec<LazyRegex>,
    level: u8,
    may_be_subsection: bool,
    mentions: Vec<LazyRegex>,
    min_chars: usize,
    must_contain: Vec<LazyRegex>,
    lacking_message: Option<String>,
    report_missing: bool,
}

pub(super) fn compile(fields: ValueDeserializer<'_>) -> Result<Box<dyn RuleKind>, SpecError> {
    let c: Config = config(fields)?;
    if c.headings.is_empty() {
        return Err(SpecError::new("`headings` 至少要有一个正则表达式", None));
    }
    if !(1..=6).contains(&c.level) {
        return Err(SpecError::new("`level` 必须在 1 到 6 之间", None));
    }
    if !c.report_missing && c.must_contain.is_empty() {
        return Err(SpecError::new(
            "`report-missing = false` 时规则需要 `must-contain`，否则永远不会报告",
            None,
        ));
    }
    Ok(Box::new(RequiredSection {
        section: c.section,
        headings: compile_regexes(&c.headings)?,
        level: c.level,
        may_be_subsection: c.may_be_subsection,
        mentions: compile_regexes(&c.mentions)?,
        min_chars: c.min_chars,
        must_contain: compile_regexes(&c.must_contain)?,
        lacking_message: c.lacking_message,
        report_missing: c.report_missing,
    }))
}

/// The text under heading `i`, up to the next heading of the same or a higher level.
fn body(doc: &Document, headings: &[Heading], i: usize) -> Span {
    let h = &headings[i];
    let end = headings[i + 1..]
        .iter()
        .find(|n| n.level <= h.level)
        .map_or(doc.text().len(), |n| n.span.start);
    Span::new(h.span.end, end.max(h.span.end))
}

fn visible_chars(s: &str) -> usize {
    s.chars().filter(|c| !is_blank(*c)).count()
}

impl RequiredSection {
    fn finding(&self, span: Span, message: Option<String>) -> Finding {
        let mut f = Finding::at(span).var("section", self.section.clone());
        f.message = message;
        f
    }

    /// Reports a part whose text lacks every `must-contain` cue.
    fn check_content(&self, doc: &Document, anchor: Span, bodies: &[Span], out: &mut Findings<'_>) {
        if self.must_contain.is_empty() {
            return;
        }
        // a part too short to count as written is reported as such (by the rule that
        // requires it), not judged for what it lacks: one finding per fault
        if bodies
            .iter()
            .all(|b| visible_chars(doc.slice(*b)) < self.min_chars)
        {
            return;
        }
        let found = bodies.iter().any(|b| {
            self.must_contain
                .iter()
                .any(|re| re.is_match(doc.slice(*b)))
        });
        if !found {
            let message = self
                .lacking_message
                .clone()
                .unwrap_or_else(|| format!("「{}」部分缺少应有的内容", self.section));
            out.push(self.finding(anchor, Some(message)));
        }
    }
}

impl RuleKind for RequiredSection {
    fn placeholders(&self) -> Vec<&str> {
        vec!["section", "heading"]
    }

    fn part(&self, doc: &Document) -> Option<(String, super::PartStatus)> {
        use super::PartStatus;
        let headings = &doc.structure().headings;
        let levels: Vec<u8> = (0..headings.len())
            .filter(|&i| {
                let title = doc.slice(headings[i].title);
                self.headings.iter().any(|re| re.is_match(title))
            })
            .map(|i| headings[i].level)
            .collect();
        let status = if levels.iter().any(|&l| l <= self.level) {
            PartStatus::Present
        } else if !levels.is_empty() {
            // a part that may be a subsection is present as one
            if self.may_be_subsection {
                PartStatus::Present
            } else {
                PartStatus::Subsection
            }
        } else if self.mentions.iter().any(|re| re.is_match(doc.text())) {
            PartStatus::Mentioned
        } else {
            PartStatus::Missing
        };
        Some((self.section.clone(), status))
    }

    fn check(&self, cx: &Context<'_>, out: &mut Findings<'_>) {
        let doc = cx.doc;
        let headings = &doc.structure().headings;
        let matching: Vec<usize> = (0..headings.len())
            .filter(|&i| {
                let title = doc.slice(headings[i].title);
                self.headings.iter().any(|re| re.is_match(title))
            })
            .collect();
        let (at_level, deeper): (Vec<usize>, Vec<usize>) = matching
            .iter()
            .partition(|&&i| headings[i].level <= self.level);

        if let Some(&first) = at_level.first() {
            let bodies: Vec<Span> = at_level.iter().map(|&i| body(doc, headings, i)).collect();
            let h = &headings[first];
            let written = bodies
                .iter()
                .map(|b| visible_chars(doc.slice(*b)))
                .max()
                .unwrap_or(0);
            if self.report_missing && written < self.min_chars {
                let message = if written == 0 {
                    format!("「{}」部分没有内容", self.section)
                } else {
                    format!(
                        "「{}」部分内容过少（只有 {written} 个字，至少应有 {} 个）",
                        self.section, self.min_chars
                    )
                };
                out.push(
                    self.finding(h.span, Some(message))
                        .var("heading", doc.slice(h.title)),
                );
            }
            self.check_content(doc, h.span, &bodies, out);
            return;
        }

        if let Some(&first) = deeper.first() {
            let h = &headings[first];
            if self.report_missing && !self.may_be_subsection {
                let mut f = self
                    .finding(
                        h.span,
                        Some(format!(
                            "「{}」只作为下级标题“{}”出现，没有单独成为一部分",
                            self.section,
                            doc.slice(h.title)
                        )),
                    )
                    .var("heading", doc.slice(h.title));
                f.severity = Some(cx.severity.lower());
                out.push(f);
            }
            let bodies: Vec<Span> = deeper.iter().map(|&i| body(doc, headings, i)).collect();
            self.check_content(doc, h.span, &bodies, out);
            return;
        }

        let mention = self
            .mentions
            .iter()
            .filter_map(|re| re.find(doc.text()))
            .min_by_key(|m| m.start());
        if let Some(m) = mention {
            let span = doc
                .sentence_at(m.start())
                .unwrap_or(Span::new(m.start(), m.end()));
            if self.report_missing {
                let mut f = self.finding(
                    span,
                    Some(format!(
                        "「{}」没有单独的标题，只在正文中提到",
                        self.section
                    )),
                );
                f.severity = Some(cx.severity.lower());
                out.push(f);
            }
            // The part's text is the rest of the paragraph the lead sentence is in.
            let rest = doc
                .paragraph_at(m.start())
                .map_or(span, |p| Span::new(m.start(), p.end));
            self.check_content(doc, span, &[rest], out);
            return;
        }

        if self.report_missing {
            out.push(self.finding(doc.anchor(), None));
        }
    }
}
