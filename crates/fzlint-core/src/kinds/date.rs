//! `date`: dates that do not fit an annual report's year or its deadline.
//!
//! ```toml
//! kind = "date"
//! check = "deadline"     # deadline | early-sign-off | after-sign-off
//! deadline = "04-01"     # deadline: the sign-off must come before this day of the next year
//! ```
//!
//! The report year is the first year (2022年 / 2022年度 / 二〇二二年) in the document's title;
//! the sign-off date is a line that is only a date (2023年2月27日) among the last twelve
//! non-empty lines. A check that lacks either says nothing.
//!
//! - `deadline`: the sign-off is on or after the deadline in the year after the report year.
//! - `early-sign-off`: the sign-off falls within the report year itself.
//! - `after-sign-off`: a date in the text (年月 or 年月日) lies after the sign-off; dates of
//!   plans (将、计划、力争… before it, 前、起 after it) are left alone.
//! - `body-year`: the opening says another year than the title (标题2023年度, 正文“2022年，我区…”
//!   or “现将2022年……报告如下”): a report copied from last year's.
//! - `plan-year`: the next-year plan is dated in the report year (2023年度报告中的“三、2023年工作
//!   安排”或“2023年，我区将……”).
//! - `since-report-year`: “2023年以来”“2023年至今” with the report year itself (or a later
//!   one): a period that ends when the text is read, not with the report year.
//!
//! - `calendar`: a date that does not exist (2023年2月29日, 4月31日, 13月); with a year, February
//!   has 29 days only in a leap year.
//! - `range-order`: a period whose end comes before its start (2023年6月至2023年3月).
//!
//! `deadline-department` gives a department's deadline (“03-01”): a report whose issuer in the
//! title is a department (…局, …委, …厅, …办 and no 人民政府) is due by then.
//!
//! Placeholders: `{year}` (report year), `{signed}` (sign-off date), `{deadline}`, `{date}`,
//! `{reason}` (calendar: why the date does not exist).

use super::{config, Context, Finding, Findings, RuleKind};
use crate::document::Document;
use crate::pack::SpecError;
use crate::quantity::{parse_date, Date};
use crate::span::Span;
use crate::structure::trim;
use regex::Regex;
use serde::Deserialize;
use std::sync::LazyLock;
use toml::de::ValueDeserializer;
use toml::Spanned;

#[derive(Deserialize, Clone, Copy, PartialEq, Eq, schemars::JsonSchema)]
#[serde(rename_all = "kebab-case")]
#[schemars(rename = "date-check")]
enum Check {
    /// The sign-off is on or after `deadline` in the year after the report year.
    Deadline,
    /// The sign-off falls within the report year itself.
    EarlySignOff,
    /// A date in the text lies after the sign-off (plans excepted).
    AfterSignOff,
    /// “YYYY年以来/至今” with the report year: a period with no end.
    SinceReportYear,
    /// The opening names another year than the title.
    BodyYear,
    /// The next-year plan is dated in the report year.
    PlanYear,
    /// A date that does not exist (2月30日, 13月).
    Calendar,
    /// A period whose end comes before its start.
    RangeOrder,
}

/// Dates that do not fit an annual report. Placeholders: `{year}`, `{signed}`, `{deadline}`,
/// `{date}`.
///
/// The report year is the first year in the title (2022年, 2022年度, 二〇二二年); the sign-off
/// is a line holding only a full date among the last twelve non-empty lines. A check that
/// lacks either says nothing. Dates of plans (将、计划、力争… before them, 前、起 after) are
/// not compared with the sign-off.
#[derive(Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
#[schemars(rename = "date")]
pub(super) struct Config {
    /// What to check.
    check: Check,
    /// For `deadline`: "MM-DD" in the year after the report year (default "04-01").
    #[schemars(with = "Option<String>")]
    deadline: Option<Spanned<String>>,
    /// For `deadline`: "MM-DD" for a report whose title names a department (…局, …委, …厅,
    /// …办, without 人民政府) as its issuer; default: the same as `deadline`.
    #[schemars(with = "Option<String>")]
    deadline_department: Option<Spanned<String>>,
}

struct DateRule {
    check: Check,
    /// Month and day of the deadline in the year after the report year.
    deadline: (u32, u32),
    deadline_department: (u32, u32),
}

fn month_day(s: &Spanned<String>) -> Result<(u32, u32), SpecError> {
    let bad = || SpecError::new("截止日期写成 \"MM-DD\"，例如 \"04-01\"", Some(s.span()));
    let (m, d) = s.get_ref().split_once('-').ok_or_else(bad)?;
    let (m, d): (u32, u32) = (m.parse().map_err(|_| bad())?, d.parse().map_err(|_| bad())?);
    if !(1..=12).contains(&m) || !(1..=31).contains(&d) {
        return Err(bad());
    }
    Ok((m, d))
}

pub(super) fn compile(fields: ValueDeserializer<'_>) -> Result<Box<dyn RuleKind>, SpecError> {
    let c: Config = config(fields)?;
    let deadline = c
        .deadline
        .as_ref()
        .map(month_day)
        .transpose()?
        .unwrap_or((4, 1));
    let deadline_department = c
        .deadline_department
        .as_ref()
        .map(month_day)
        .transpose()?
        .unwrap_or(deadline);
    Ok(Box::new(DateRule {
        check: c.check,
        deadline,
        deadline_department,
    }))
}

static YEAR: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?:\d{4}|[〇○零一二三四五六七八九]{4})年").expect("year regex"));
static SINCE_YEAR: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?:^|[^\d])(?P<hit>(?P<y>\d{4})年(?:度)?(?:以来|至今))").expect("since regex")
});
/// 2022年，… at the start of a paragraph; 现将…2022年…报告/汇报/总结如下.
static OPENING_YEAR: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?P<hit>(?P<y>\d{4})年)(?:度)?(?:[,，]|以来|是|全年)|现将[^。\n]{0,12}?(?P<hit2>(?P<y2>\d{4})年)(?:度)?[^。\n]{0,30}?(?:报告|汇报|总结)如下")
        .expect("opening regex")
});
/// Headings of the next-year plan.
static PLAN_HEADING: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"下一年度|下一步|下步|明年|今后|\d{4}年(?:度)?的?(?:工作)?(?:计划|安排|打算|思路|重点|目标)")
        .expect("plan heading regex")
});
/// A year in a plan that says what will be done then.
static PLAN_YEAR: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?:^|[，。；,;\n、在于到至])(?P<hit>(?P<y>\d{4})年)(?:度)?(?:[，,]?(?:我们|我区|我县|我市|我局|我委|我镇|我乡|全区|全县|全市)?(?:将|要|计划|力争|继续)|(?:工作)?(?:计划|安排|打算|思路|重点|目标)|底前|年底前|内)")
        .expect("plan year regex")
});

/// The issuer part of a title: what comes before the year or 关于.
static ISSUER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?:[\[［【][^\]］】]*[\]］】])?(?P<issuer>[^\d〇○零一二三四五六七八九]*?)(?:关于|\d{4}|[〇○零一二三四五六七八九]{4})")
        .expect("issuer regex")
});
static TEXT_DATE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\d{4}年\d{1,2}月(?:\d{1,2}日)?").expect("text date regex"));
/// A date for the calendar check: year (Arabic or 二〇二三), month, day (日 or 号).
static CALENDAR_DATE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?:(?P<y>\d{4}|[〇○零一二三四五六七八九]{4})年)?(?P<m>\d{1,2}|[一二三四五六七八九十]{1,3})月(?:(?P<d>\d{1,2}|[一二三四五六七八九十]{1,3})(?:日|号))?")
        .expect("calendar date regex")
});
/// Two dates with years joined as a period: 2023年6月至2023年3月.
static RANGE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?P<a>\d{4}年\d{1,2}月(?:\d{1,2}日)?)[ \t]*(?:至|到|—|－|-|~|～)[ \t]*(?P<b>\d{4}年\d{1,2}月(?:\d{1,2}日)?)")
        .expect("range regex")
});
const PLAN_BEFORE: &[&str] = &["将", "计划", "预计", "力争", "争取", "拟", "预定", "确保"];
const PLAN_AFTER: &[&str] = &["前", "之前", "以前", "底前", "起", "以后", "开始", "为止"];

/// The first year in the title, or in the first lines when no title was found.
fn report_year(doc: &Document) -> Option<u32> {
    let mut lines: Vec<Span> = doc.structure().title.into_iter().collect();
    lines.extend(doc.head_lines(5));
    lines.iter().find_map(|l| {
        let m = YEAR.find(doc.slice(*l))?;
        parse_date(m.as_str()).map(|(d, _)| d.year)
    })
}

/// True if the title names a department (a 局, 委, 厅, 办 …) rather than a government as the
/// issuer: departments report by 1 March, governments by 1 April.
fn issued_by_department(doc: &Document) -> bool {
    let mut lines: Vec<Span> = doc.structure().title.into_iter().collect();
    lines.extend(doc.head_lines(5));
    lines.iter().any(|l| {
        let Some(c) = ISSUER.captures(doc.slice(*l)) else {
            return false;
        };
        let issuer = c["issuer"].trim();
        !issuer.contains("政府")
            && !issuer.contains("党委")
            && [
                "局",
                "委",
                "厅",
                "办",
                "署",
                "中心",
                "分局",
                "管委会",
                "委员会",
            ]
            .iter()
            .any(|s| issuer.ends_with(s))
    })
}

/// The date the report is signed (a line near the end that is nothing but a full date), for
/// the HTML report's deadline column.
pub fn sign_off_date(doc: &Document) -> Option<Date> {
    sign_off(doc).map(|(d, _)| d)
}

/// A line near the end that is nothing but a full date.
fn sign_off(doc: &Document) -> Option<(Date, Span)> {
    let text = doc.text();
    let lines = doc.lines();
    // the body's end: a .docx footer after it is no sign-off
    let body = doc.body_len();
    (0..lines.line_count())
        .rev()
        .map(|l| trim(text, lines.line_span(text, l)))
        .filter(|s| !s.is_empty() && s.end <= body)
        .take(12)
        .find_map(|s| {
            let (date, len) = parse_date(doc.slice(s))?;
            (len == s.len() && date.day.is_some()).then_some((date, s))
        })
}

fn days_in_month(year: Option<u32>, month: u32) -> u32 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        // without a year, 2月29日 may be right
        _ => match year {
            Some(y) if !(y % 4 == 0 && (y % 100 != 0 || y % 400 == 0)) => 28,
            _ => 29,
        },
    }
}

fn number(s: &str) -> Option<u32> {
    s.parse::<u32>()
        .ok()
        .or_else(|| crate::quantity::parse_han_integer(s).and_then(|n| u32::try_from(n).ok()))
}

/// Dates that do not exist. A month alone needs a year (2023年13月); a day needs its month;
/// Chinese numerals need the year (二〇二三年二月三十日), so that 十二月份 alone or a count
/// of months is not taken for a date.
fn calendar(doc: &Document, out: &mut Findings<'_>) {
    let text = doc.text();
    for c in CALENDAR_DATE.captures_iter(text) {
        let whole = c.get(0).expect("group 0");
        // not the tail of a longer number (123月)
        if text[..whole.start()]
            .chars()
            .next_back()
            .is_some_and(|p| p.is_ascii_digit() || "〇○零一二三四五六七八九十".contains(p))
        {
            continue;
        }
        let (y, m, d) = (c.name("y"), c.name("m").expect("month"), c.name("d"));
        let han = !m.as_str().as_bytes()[0].is_ascii_digit()
            || d.is_some_and(|d| !d.as_str().as_bytes()[0].is_ascii_digit());
        if (y.is_none() && d.is_none()) || (han && y.is_none()) {
            continue;
        }
        let year = y.and_then(|y| number(y.as_str()));
        let (Some(month), day) = (number(m.as_str()), d.map(|d| number(d.as_str()))) else {
            continue;
        };
        let reason = if !(1..=12).contains(&month) {
            format!("没有{month}月")
        } else if let Some(day) = day {
            let Some(day) = day else { continue };
            let max = days_in_month(year, month);
            if day == 0 || day > max {
                match year {
                    Some(y) if month == 2 => format!("{y}年2月只有{max}天"),
                    _ => format!("{month}月只有{max}天"),
                }
            } else {
                continue;
            }
        } else {
            continue;
        };
        out.push(
            Finding::at(Span::new(whole.start(), whole.end()))
                .var("date", whole.as_str())
                .var("reason", reason),
        );
    }
}

/// Periods whose end (with its own year) comes before their start.
fn range_order(doc: &Document, out: &mut Findings<'_>) {
    for c in RANGE.captures_iter(doc.text()) {
        let (a, b) = (c.name("a").expect("a"), c.name("b").expect("b"));
        let (Some((from, _)), Some((to, _))) = (parse_date(a.as_str()), parse_date(b.as_str()))
        else {
            continue;
        };
        // a month without a day stands for the whole month
        let reversed = match (from.day, to.day) {
            (Some(_), Some(_)) => to < from,
            _ => (to.year, to.month) < (from.year, from.month),
        };
        if reversed {
            let whole = c.get(0).expect("group 0");
            out.push(
                Finding::at(Span::new(whole.start(), whole.end()))
                    .var("date", whole.as_str())
                    .related(Span::new(a.start(), a.end()), "开始")
                    .related(Span::new(b.start(), b.end()), "结束"),
            );
        }
    }
}

fn is_plan(doc: &Document, span: Span) -> bool {
    let before = &doc.text()[doc.text()[..span.start]
        .char_indices()
        .rev()
        .nth(3)
        .map_or(0, |(i, _)| i)..span.start];
    let after = &doc.text()[span.end..];
    PLAN_BEFORE.iter().any(|p| before.contains(p))
        || PLAN_AFTER.iter().any(|p| after.starts_with(p))
}

impl RuleKind for DateRule {
    fn placeholders(&self) -> Vec<&str> {
        vec!["year", "signed", "deadline", "date", "reason"]
    }

    fn check(&self, cx: &Context<'_>, out: &mut Findings<'_>) {
        let doc = cx.doc;
        match self.check {
            Check::Calendar => return calendar(doc, out),
            Check::RangeOrder => return range_order(doc, out),
            _ => {}
        }
        if matches!(self.check, Check::BodyYear | Check::PlanYear) {
            let Some(year) = report_year(doc) else { return };
            // a title that announces a plan (…汇报和2022年工作计划) names the plan's year
            let title_is_plan = doc.head_lines(5).take(2).any(|l| {
                let t = doc.slice(l);
                t.contains("计划") || t.contains("安排") || t.contains("要点")
            });
            if title_is_plan {
                return;
            }
            let st = doc.structure();
            if self.check == Check::BodyYear {
                for p in st.paragraphs.iter().take(4) {
                    let Some(c) = OPENING_YEAR.captures(doc.slice(*p)) else {
                        continue;
                    };
                    let (hit, y) = match (c.name("hit"), c.name("hit2")) {
                        (Some(h), _) => (h, &c["y"]),
                        (_, Some(h)) => (h, &c["y2"]),
                        _ => continue,
                    };
                    if y.parse::<u32>().is_ok_and(|y| y != year) {
                        out.push(
                            Finding::at(Span::new(p.start + hit.start(), p.start + hit.end()))
                                .var("year", year.to_string())
                                .var("date", hit.as_str()),
                        );
                        return;
                    }
                }
                return;
            }
            // plan-year: the sections whose heading is the plan, up to the next heading of
            // the same or a higher level
            let hs = &st.headings;
            for (i, h) in hs.iter().enumerate() {
                if !PLAN_HEADING.is_match(doc.slice(h.title)) {
                    continue;
                }
                let end = hs[i + 1..]
                    .iter()
                    .find(|n| n.level <= h.level)
                    .map_or(doc.text().len(), |n| n.span.start);
                let section = Span::new(h.span.start, end.max(h.span.start));
                for c in PLAN_YEAR.captures_iter(doc.slice(section)) {
                    let hit = c.name("hit").expect("group");
                    if c["y"].parse::<u32>().is_ok_and(|y| y == year) {
                        out.push(
                            Finding::at(Span::new(
                                section.start + hit.start(),
                                section.start + hit.end(),
                            ))
                            .var("year", year.to_string())
                            .var("date", hit.as_str()),
                        );
                    }
                }
                return;
            }
            return;
        }
        if self.check == Check::SinceReportYear {
            let Some(year) = report_year(doc) else { return };
            for c in SINCE_YEAR.captures_iter(doc.text()) {
                let (hit, y) = (c.name("hit").expect("group"), &c["y"]);
                if y.parse::<u32>().is_ok_and(|y| y >= year) {
                    out.push(
                        Finding::at(Span::new(hit.start(), hit.end()))
                            .var("year", year.to_string())
                            .var("date", hit.as_str()),
                    );
                }
            }
            return;
        }
        let Some((signed, signed_span)) = sign_off(doc) else {
            return;
        };
        let year = report_year(doc);
        let finding = |span: Span| {
            let mut f = Finding::at(span).var("signed", signed.to_string());
            if let Some(y) = year {
                f = f.var("year", y.to_string());
            }
            f
        };
        match self.check {
            Check::Deadline => {
                let Some(year) = year else { return };
                let (month, day) = if issued_by_department(doc) {
                    self.deadline_department
                } else {
                    self.deadline
                };
                let deadline = Date {
                    year: year + 1,
                    month: Some(month),
                    day: Some(day),
                };
                if signed >= deadline {
                    out.push(finding(signed_span).var("deadline", deadline.to_string()));
                }
            }
            Check::EarlySignOff => {
                if year.is_some_and(|y| signed.year <= y) {
                    out.push(finding(signed_span));
                }
            }
            Check::SinceReportYear
            | Check::BodyYear
            | Check::PlanYear
            | Check::Calendar
            | Check::RangeOrder => {}
            Check::AfterSignOff => {
                for m in TEXT_DATE.find_iter(doc.text()) {
                    let span = Span::new(m.start(), m.end());
                    if signed_span.contains(span) || is_plan(doc, span) {
                        continue;
                    }
                    let Some((date, _)) = parse_date(m.as_str()) else {
                        continue;
                    };
                    // a month without a day is late only if the whole month is after the sign-off
                    let later = match date.day {
                        Some(_) => date > signed,
                        None => (date.year, date.month) > (signed.year, signed.month),
                    };
                    if later {
                        out.push(finding(span).var("date", m.as_str()));
                    }
                }
            }
        }
    }
}
