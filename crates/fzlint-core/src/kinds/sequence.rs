//! `sequence`: numbering that skips, repeats or goes backwards.
//!
//! ```toml
//! kind = "sequence"
//! markers = "points"      # points: 一是 二是 … | ordinals: 第一, 第二, … | headings: 一、 (一) 1. (1)
//! message = "序号跳过了“{missing}”"
//! ```
//!
//! Headings are numbered per level and restart under each new parent heading. Points and
//! ordinals run through a section (they often go on across paragraphs) and restart at every
//! heading; a new run starts at 一. When a run skips exactly one number and a clause between
//! starts with a bare 是 (“；是公职律师队伍…”), that clause is reported as the point that lost
//! its number.
//!
//! Placeholders: `{found}` (the marker found), `{missing}` (the markers skipped, for the
//! rule's message), `{previous}` (the marker before).

use super::{config, Context, Finding, Findings, RuleKind};
use crate::document::Document;
use crate::pack::SpecError;
use crate::quantity::to_han;
use crate::span::Span;
use crate::structure::{han_ordinal, NumberingStyle};
use regex::Regex;
use serde::Deserialize;
use std::sync::LazyLock;
use toml::de::ValueDeserializer;

#[derive(Deserialize, Clone, Copy, PartialEq, Eq, schemars::JsonSchema)]
#[serde(rename_all = "lowercase")]
#[schemars(rename = "sequence-markers")]
enum Markers {
    /// 一是、二是、三是…
    Points,
    /// 第一、第二…
    Ordinals,
    /// Heading numbers per level: 一、 （一） 1. （1）
    Headings,
}

/// Numbering that skips, repeats or goes backwards. Placeholders: `{found}`, `{missing}` (the
/// skipped markers, for the rule's message), `{previous}`.
///
/// Heading numbers are followed per level and restart under each new parent heading. Points
/// (一是 二是) and ordinals (第一 第二) run through a section, often across paragraphs, and
/// restart at each heading or at a new 一是. Repeats, numbers that go backwards and runs that
/// do not start at one have messages of their own. When one point is skipped and a clause
/// between starts with a bare 是 (“；是公职律师队伍需要加强”), that clause is reported as the
/// point that lost its number.
#[derive(Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
#[schemars(rename = "sequence")]
pub(super) struct Config {
    /// Which numbering to follow.
    markers: Markers,
}

struct Sequence {
    markers: Markers,
}

pub(super) fn compile(fields: ValueDeserializer<'_>) -> Result<Box<dyn RuleKind>, SpecError> {
    let c: Config = config(fields)?;
    Ok(Box::new(Sequence { markers: c.markers }))
}

// A point marker starts a clause: at a line start or after punctuation, not inside a word
// (统一是, 这一是 are not markers).
static POINT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?m)(?:^|[。；;：:，,！!？?\s（(“])[ \t\u3000]*(?P<m>(?P<n>[一二三四五六七八九十]{1,3})是)")
        .expect("point regex")
});
static ORDINAL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?m)(?:^|[。；;：:！!？?\s])[ \t\u3000]*(?P<m>第(?P<n>[一二三四五六七八九十]{1,3}))[,，、:：]")
        .expect("ordinal regex")
});
/// A clause (or paragraph) that starts with a bare 是: a point whose number was lost.
static BARE_SHI: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?m)(?:^|[。；;])[ \t\u3000]*(?P<m>是)").expect("bare 是 regex"));

/// One numbered marker found in the text.
#[derive(Clone, Copy)]
struct Mark {
    value: u32,
    span: Span,
}

fn label(markers: Markers, style: Option<NumberingStyle>, n: u32) -> String {
    let han = to_han(n as u64);
    match (markers, style) {
        (Markers::Points, _) => format!("{han}是"),
        (Markers::Ordinals, _) => format!("第{han}"),
        (_, Some(NumberingStyle::HanComma)) => format!("{han}、"),
        (_, Some(NumberingStyle::HanParen)) => format!("（{han}）"),
        (_, Some(NumberingStyle::ArabicDot)) => format!("{n}."),
        (_, Some(NumberingStyle::ArabicComma)) => format!("{n}、"),
        (_, Some(NumberingStyle::ArabicParen)) | (_, None) => format!("（{n}）"),
    }
}

impl Sequence {
    /// Judges one run of markers (a section's points, or one level under one parent).
    fn judge(
        &self,
        doc: &Document,
        marks: &[Mark],
        style: Option<NumberingStyle>,
        lost: impl Fn(Span) -> Option<Span>,
        out: &mut Findings<'_>,
    ) {
        let label = |n| label(self.markers, style, n);
        let mut prev: Option<Mark> = None;
        for &m in marks {
            let found = doc.slice(m.span).to_string();
            let finding = |message: Option<String>| {
                let mut f = Finding::at(m.span).var("found", found.clone());
                f.message = message;
                f
            };
            match prev {
                None if m.value == 1 => {}
                // a point run may start again at 一是; a heading 1 twice is a repeat
                Some(_) if m.value == 1 && self.markers != Markers::Headings => {}
                None => out.push(finding(Some(format!(
                    "序号从“{found}”开始，前面没有“{}”",
                    label(1)
                )))),
                Some(p) if m.value == p.value + 1 => {}
                Some(p) if m.value == p.value => out.push(
                    finding(Some(format!("序号“{found}”重复"))).var("previous", doc.slice(p.span)),
                ),
                Some(p) if m.value < p.value => out.push(
                    finding(Some(format!(
                        "序号“{found}”排在“{}”之后",
                        doc.slice(p.span)
                    )))
                    .var("previous", doc.slice(p.span)),
                ),
                Some(p) => {
                    let missing: Vec<String> = (p.value + 1..m.value).map(label).collect();
                    let between = Span::new(p.span.end, m.span.start);
                    match lost(between) {
                        Some(shi) if m.value == p.value + 2 => {
                            let mut f = Finding::at(shi)
                                .var("found", "是")
                                .var("missing", missing.join("、"))
                                .var("previous", doc.slice(p.span));
                            f.message =
                                Some(format!("这一条缺少序号，应为“{}”", missing.join("、")));
                            out.push(f);
                        }
                        _ => out.push(
                            finding(None)
                                .var("missing", missing.join("、"))
                                .var("previous", doc.slice(p.span)),
                        ),
                    }
                }
            }
            prev = Some(m);
        }
    }

    fn check_headings(&self, doc: &Document, out: &mut Findings<'_>) {
        let headings = &doc.structure().headings;
        // For each level: the numbered headings since the last heading of a higher level.
        let mut runs: Vec<(u8, Vec<Mark>, Option<NumberingStyle>)> = Vec::new();
        let mut open: Vec<(u8, Vec<Mark>, Option<NumberingStyle>)> = Vec::new();
        for h in headings {
            while open.last().is_some_and(|(l, _, _)| *l > h.level) {
                runs.push(open.pop().expect("non-empty"));
            }
            let Some(n) = h.numbering else { continue };
            let mark = Mark {
                value: n.value,
                span: n.span,
            };
            match open.last_mut() {
                Some((l, marks, _)) if *l == h.level => marks.push(mark),
                _ => open.push((h.level, vec![mark], Some(n.style))),
            }
        }
        runs.extend(open);
        runs.sort_by_key(|(_, marks, _)| marks.first().map(|m| m.span.start));
        for (_, marks, style) in runs {
            self.judge(doc, &marks, style, |_| None, out);
        }
    }

    fn check_points(&self, doc: &Document, re: &Regex, out: &mut Findings<'_>) {
        let text = doc.text();
        // Sections: the text between consecutive headings (a run-in heading's words too).
        let mut bounds: Vec<usize> = doc
            .structure()
            .headings
            .iter()
            .flat_map(|h| [h.span.start, h.span.end])
            .collect();
        bounds.insert(0, 0);
        bounds.push(text.len());
        for w in bounds.windows(2) {
            let section = Span::new(w[0], w[1].max(w[0]));
            let s = doc.slice(section);
            let marks: Vec<Mark> = re
                .captures_iter(s)
                .filter_map(|c| {
                    let m = c.name("m")?;
                    Some(Mark {
                        value: han_ordinal(c.name("n")?.as_str())?,
                        span: Span::new(section.start + m.start(), section.start + m.end()),
                    })
                })
                .collect();
            let lost = |between: Span| {
                if self.markers != Markers::Points {
                    return None;
                }
                BARE_SHI.captures(doc.slice(between)).and_then(|c| {
                    let m = c.name("m")?;
                    let start = between.start + m.start();
                    // report the clause up to its end, as the reader sees it
                    let rest = &text[start..between.end];
                    let end = rest
                        .find(['；', ';', '。'])
                        .map_or(between.end, |i| start + i);
                    Some(Span::new(start, end))
                })
            };
            self.judge(doc, &marks, None, lost, out);
        }
    }
}

impl RuleKind for Sequence {
    fn placeholders(&self) -> Vec<&str> {
        vec!["found", "missing", "previous"]
    }

    fn check(&self, cx: &Context<'_>, out: &mut Findings<'_>) {
        match self.markers {
            Markers::Headings => self.check_headings(cx.doc, out),
            Markers::Points => self.check_points(cx.doc, &POINT, out),
            Markers::Ordinals => self.check_points(cx.doc, &ORDINAL, out),
        }
    }
}
