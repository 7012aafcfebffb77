//! Numbers as reports write them, parsed once for every rule kind: Arabic (1,234 / 1.2 / full-
//! width ０-９), Chinese numerals (十二, 一百零五, 二〇二二, 两), 万/亿 multipliers (1.2万),
//! percentages (15.13%, 百分之九十五), per mille, approximate markers (约, 近, 余, 多, 以上),
//! and dates (2023年2月27日, 二〇二三年二月二十七日, 2022-03-18).

use regex::Regex;
use std::sync::LazyLock;

#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Quantity {
    /// The number; for a percentage the number before the sign (15.13 for 15.13%).
    pub value: f64,
    pub unit: Unit,
    /// 约86件, 86余件, 86件以上: not an exact count.
    pub approx: bool,
    /// Bytes of the input that the quantity took (measure words after it are not taken).
    pub len: usize,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unit {
    Count,
    Percent,
    Permille,
}

const APPROX_BEFORE: &[&str] = &["大约", "将近", "接近", "超过", "约", "近", "逾"];
const APPROX_AFTER: &[&str] = &["余", "多", "以上", "左右", "上下"];
const HAN_DIGITS: &str = "零〇○一二两三四五六七八九";

fn han_digit(c: char) -> Option<u64> {
    match c {
        '零' | '〇' | '○' => Some(0),
        '一' => Some(1),
        '二' | '两' => Some(2),
        '三' => Some(3),
        '四' => Some(4),
        '五' => Some(5),
        '六' => Some(6),
        '七' => Some(7),
        '八' => Some(8),
        '九' => Some(9),
        _ => None,
    }
}

fn ascii_digit(c: char) -> Option<char> {
    match c {
        '0'..='9' => Some(c),
        '０'..='９' => char::from_u32(c as u32 - '０' as u32 + '0' as u32),
        _ => None,
    }
}

/// The largest Chinese integer read: below 一亿亿 (10^16), where the common units end and
/// [`to_han`] could no longer write a number that reads back the same.
pub const MAX_HAN_INTEGER: u64 = 9_999_999_999_999_999;

/// Parses a Chinese integer: 十二, 一百零五, 三千万, 两亿, or digit by digit (二〇二二).
/// Numbers above [`MAX_HAN_INTEGER`] are not read.
pub fn parse_han_integer(s: &str) -> Option<u64> {
    parse_han_unbounded(s).filter(|&n| n <= MAX_HAN_INTEGER)
}

fn parse_han_unbounded(s: &str) -> Option<u64> {
    let chars: Vec<char> = s.chars().collect();
    if chars.is_empty() {
        return None;
    }
    if chars.len() > 1 && chars.iter().all(|&c| han_digit(c).is_some()) && !chars.contains(&'两') {
        // positional: 二〇二二
        return chars.iter().try_fold(0u64, |acc, &c| {
            acc.checked_mul(10)?.checked_add(han_digit(c)?)
        });
    }
    // total: whole 亿s so far; below: the 万 part since the last 亿; section: below 万.
    let (mut total, mut below, mut section, mut num) = (0u64, 0u64, 0u64, None::<u64>);
    for &c in &chars {
        if let Some(d) = han_digit(c) {
            num = Some(d);
            continue;
        }
        let unit = match c {
            '十' => 10,
            '百' => 100,
            '千' => 1000,
            // a 万 or 亿 with nothing before it (亿亿, 万亿亿) is not a number
            '万' => {
                let n = section + num.take().unwrap_or(0);
                if n == 0 {
                    return None;
                }
                below = below.checked_add(n.checked_mul(10_000)?)?;
                section = 0;
                continue;
            }
            '亿' => {
                let n = below + section + num.take().unwrap_or(0);
                if n == 0 {
                    return None;
                }
                total = total.checked_add(n.checked_mul(100_000_000)?)?;
                below = 0;
                section = 0;
                continue;
            }
            _ => return None,
        };
        // 十二: a leading 十 means 一十
        let n = match num.take() {
            Some(n) => n,
            None if unit == 10 => 1,
            None => return None,
        };
        section += n * unit;
    }
    total
        .checked_add(below)?
        .checked_add(section)?
        .checked_add(num.unwrap_or(0))
}

/// Writes an integer in Chinese numerals, as 公文 text does (一百零五, 十二, 三千万).
pub fn to_han(n: u64) -> String {
    const DIGITS: [&str; 10] = ["零", "一", "二", "三", "四", "五", "六", "七", "八", "九"];
    if n == 0 {
        return "零".into();
    }
    // groups of four digits, lowest first: 个, 万, 亿, 万亿
    let mut groups = Vec::new();
    let mut m = n;
    while m > 0 {
        groups.push(m % 10_000);
        m /= 10_000;
    }
    let big = ["", "万", "亿", "万亿", "亿亿"];
    let mut out = String::new();
    let mut zero_pending = false;
    for (gi, &g) in groups.iter().enumerate().rev() {
        if g == 0 {
            zero_pending = !out.is_empty();
            continue;
        }
        if zero_pending || (!out.is_empty() && g < 1000) {
            out.push('零');
        }
        zero_pending = false;
        let mut inner = String::new();
        let mut zero = false;
        for (k, unit) in [(1000, "千"), (100, "百"), (10, "十"), (1, "")] {
            let d = (g / k % 10) as usize;
            if d == 0 {
                zero = !inner.is_empty();
                continue;
            }
            if zero {
                inner.push('零');
                zero = false;
            }
            inner.push_str(DIGITS[d]);
            inner.push_str(unit);
        }
        out.push_str(&inner);
        out.push_str(big[gi]);
    }
    // 一十二 → 十二 at the start only
    if out.starts_with("一十") {
        out = out["一".len()..].to_string();
    }
    out
}

/// Parses the quantity at the start of `s`; measure words after it (件, 个) are left.
pub fn parse(s: &str) -> Option<Quantity> {
    let mut rest = s.trim_start();
    let mut approx = false;
    if let Some(p) = APPROX_BEFORE.iter().find(|p| rest.starts_with(**p)) {
        approx = true;
        rest = &rest[p.len()..];
    }
    let mut unit = Unit::Count;
    if let Some(r) = rest.strip_prefix("百分之") {
        unit = Unit::Percent;
        rest = r;
    } else if let Some(r) = rest.strip_prefix("千分之") {
        unit = Unit::Permille;
        rest = r;
    }
    let (mut value, used) = arabic(rest).or_else(|| han(rest))?;
    rest = &rest[used..];
    // 1.2万, 3亿, 1.5万亿
    for (m, f) in [("万亿", 1e12), ("万", 1e4), ("亿", 1e8)] {
        if let Some(r) = rest.strip_prefix(m) {
            value *= f;
            rest = r;
            break;
        }
    }
    if let Some(p) = APPROX_AFTER.iter().find(|p| rest.starts_with(**p)) {
        approx = true;
        rest = &rest[p.len()..];
    }
    if unit == Unit::Count {
        if let Some(r) = rest.strip_prefix(['%', '％']) {
            unit = Unit::Percent;
            rest = r;
        } else if let Some(r) = rest.strip_prefix('‰') {
            unit = Unit::Permille;
            rest = r;
        }
    }
    if let Some(p) = APPROX_AFTER.iter().find(|p| rest.starts_with(**p)) {
        approx = true;
        rest = &rest[p.len()..];
    }
    Some(Quantity {
        value,
        unit,
        approx,
        len: s.len() - rest.len(),
    })
}

/// An Arabic number at the start: digits (full-width too), thousands commas, decimals.
fn arabic(s: &str) -> Option<(f64, usize)> {
    let mut digits = String::new();
    let mut end = 0;
    let mut chars = s.char_indices().peekable();
    let mut seen_point = false;
    while let Some(&(i, c)) = chars.peek() {
        if let Some(d) = ascii_digit(c) {
            digits.push(d);
        } else if (c == '.' || c == '．') && !seen_point && !digits.is_empty() {
            // only a decimal point if a digit follows
            let next = s[i + c.len_utf8()..].chars().next();
            if next.is_none_or(|n| ascii_digit(n).is_none()) {
                break;
            }
            seen_point = true;
            digits.push('.');
        } else if c == ',' && !seen_point && !digits.is_empty() {
            // a thousands separator is followed by exactly three digits
            let after: Vec<char> = s[i + 1..].chars().take(4).collect();
            let three = after.len() >= 3 && after[..3].iter().all(|c| c.is_ascii_digit());
            if !three || after.get(3).is_some_and(|c| c.is_ascii_digit()) {
                break;
            }
        } else {
            break;
        }
        end = i + c.len_utf8();
        chars.next();
    }
    if digits.is_empty() {
        return None;
    }
    Some((digits.parse().ok()?, end))
}

/// A Chinese numeral at the start, with an optional 点 decimal part (九十五点五).
fn han(s: &str) -> Option<(f64, usize)> {
    let is_num = |c: char| HAN_DIGITS.contains(c) || "十百千万亿".contains(c);
    let end = s.find(|c: char| !is_num(c)).unwrap_or(s.len());
    // keep 万/亿 at the end for the multiplier step only when nothing else precedes them
    let int = parse_han_integer(&s[..end])?;
    let mut value = int as f64;
    let mut used = end;
    if let Some(r) = s[end..].strip_prefix('点') {
        let frac_end = r.find(|c: char| han_digit(c).is_none()).unwrap_or(r.len());
        if frac_end > 0 {
            let frac: String = r[..frac_end]
                .chars()
                .map(|c| char::from(b'0' + han_digit(c).unwrap_or(0) as u8))
                .collect();
            value = format!("{int}.{frac}").parse().ok()?;
            used = end + '点'.len_utf8() + frac_end;
        }
    }
    Some((value, used))
}

/// A calendar date; month and day are absent when the text gives only a year (or a month).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Date {
    pub year: u32,
    pub month: Option<u32>,
    pub day: Option<u32>,
}

impl std::fmt::Display for Date {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}年", self.year)?;
        if let Some(m) = self.month {
            write!(f, "{m}月")?;
        }
        if let Some(d) = self.day {
            write!(f, "{d}日")?;
        }
        Ok(())
    }
}

const HAN_NUM: &str = "[零〇○一二两三四五六七八九十]";

static DATE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"^(?:(?P<y>\d{{4}}|{h}{{4}})年(?:(?P<m>\d{{1,2}}|{h}{{1,3}})月(?:(?P<d>\d{{1,2}}|{h}{{1,3}})日)?)?|(?P<y2>\d{{4}})[-/.](?P<m2>\d{{1,2}})[-/.](?P<d2>\d{{1,2}}))",
        h = HAN_NUM
    ))
    .expect("date regex")
});

/// Parses a date at the start of `s`; returns it and the bytes it took.
pub fn parse_date(s: &str) -> Option<(Date, usize)> {
    let c = DATE.captures(s)?;
    let num = |name: &str| {
        c.name(name).and_then(|m| {
            let t = m.as_str();
            t.parse::<u32>()
                .ok()
                .or_else(|| parse_han_integer(t).map(|n| n as u32))
        })
    };
    let date = Date {
        year: num("y").or_else(|| num("y2"))?,
        month: num("m").or_else(|| num("m2")),
        day: num("d").or_else(|| num("d2")),
    };
    if date.month.is_some_and(|m| !(1..=12).contains(&m))
        || date.day.is_some_and(|d| !(1..=31).contains(&d))
    {
        return None;
    }
    Some((date, c.get(0)?.end()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn q(s: &str) -> (f64, Unit, bool) {
        let q = parse(s).unwrap_or_else(|| panic!("no quantity in {s}"));
        (q.value, q.unit, q.approx)
    }

    #[test]
    fn arabic_numbers() {
        assert_eq!(q("1,234件"), (1234.0, Unit::Count, false));
        assert_eq!(q("1.2万件"), (12000.0, Unit::Count, false));
        assert_eq!(q("１２３人"), (123.0, Unit::Count, false));
        assert_eq!(q("15.13%"), (15.13, Unit::Percent, false));
        assert_eq!(q("98.6％"), (98.6, Unit::Percent, false));
        assert_eq!(q("3‰"), (3.0, Unit::Permille, false));
        assert_eq!(q("2.5亿元"), (2.5e8, Unit::Count, false));
        // "12,5" is not a thousands separator; "1." ends a sentence number
        assert_eq!(parse("12,5").unwrap().len, 2);
        assert_eq!(parse("1.").unwrap().len, 1);
    }

    #[test]
    fn chinese_numbers() {
        assert_eq!(q("十二项"), (12.0, Unit::Count, false));
        assert_eq!(q("一百零五件"), (105.0, Unit::Count, false));
        assert_eq!(q("两千"), (2000.0, Unit::Count, false));
        assert_eq!(q("三千万"), (3e7, Unit::Count, false));
        assert_eq!(q("百分之九十五"), (95.0, Unit::Percent, false));
        assert_eq!(q("百分之九十五点五"), (95.5, Unit::Percent, false));
        assert_eq!(parse_han_integer("二〇二二"), Some(2022));
        assert_eq!(parse_han_integer("一万零五十"), Some(10050));
        assert_eq!(parse_han_integer("两亿三千万"), Some(230_000_000));
    }

    #[test]
    fn approximate_markers() {
        assert_eq!(q("86余件"), (86.0, Unit::Count, true));
        assert_eq!(q("约300人"), (300.0, Unit::Count, true));
        assert_eq!(q("近2万人"), (20000.0, Unit::Count, true));
        assert_eq!(q("20多次"), (20.0, Unit::Count, true));
        assert_eq!(q("95%以上"), (95.0, Unit::Percent, true));
        assert_eq!(q("1万余"), (10000.0, Unit::Count, true));
    }

    #[test]
    fn dates() {
        let d = |y, m, dd| Date {
            year: y,
            month: m,
            day: dd,
        };
        assert_eq!(
            parse_date("2023年2月27日").unwrap().0,
            d(2023, Some(2), Some(27))
        );
        assert_eq!(
            parse_date("二〇二三年二月二十七日").unwrap().0,
            d(2023, Some(2), Some(27))
        );
        assert_eq!(
            parse_date("2022-03-18 10:16").unwrap(),
            (d(2022, Some(3), Some(18)), 10)
        );
        assert_eq!(parse_date("2022年度").unwrap().0, d(2022, None, None));
        assert_eq!(parse_date("2022年13月"), None);
        assert!(d(2024, Some(2), Some(26)) < d(2024, Some(4), Some(1)));
    }

    #[test]
    fn han_formatting() {
        assert_eq!(to_han(12), "十二");
        assert_eq!(to_han(105), "一百零五");
        assert_eq!(to_han(10050), "一万零五十");
        assert_eq!(to_han(230_000_000), "二亿三千万");
        assert_eq!(to_han(100_000_001), "一亿零一");
    }

    /// Found by the `quantity` fuzz target: 18 digits written digit by digit read as a number
    /// that `to_han` cannot write back (it would need 亿亿).
    #[test]
    fn han_integers_beyond_the_units_are_not_read() {
        let fuzz = "三三二二〇二三二〇二〇二三二〇二三〇";
        assert_eq!(parse_han_integer(fuzz), None);
        assert_eq!(parse_han_integer("一万亿亿"), None);
        assert_eq!(
            parse_han_integer("九九九九九九九九九九九九九九九九"),
            Some(MAX_HAN_INTEGER)
        );
        for n in [MAX_HAN_INTEGER, 1_000_000_000_000_000 - 1, 120_000_000_000] {
            assert_eq!(parse_han_integer(&to_han(n)), Some(n));
        }
    }

    proptest! {
        #[test]
        fn han_round_trip(n in 0u64..10_000_000_000_000_000) {
            prop_assert_eq!(parse_han_integer(&to_han(n)), Some(n));
        }

        #[test]
        fn arabic_round_trip(n in 0u64..1_000_000_000_000, frac in 0u32..100) {
            let s = format!("{n}.{frac:02}%");
            let got = parse(&s).unwrap();
            prop_assert_eq!(got.len, s.len());
            prop_assert_eq!(got.unit, Unit::Percent);
            let want: f64 = format!("{}.{:02}", n, frac).parse().unwrap();
            prop_assert!((got.value - want).abs() < 1e-9);
        }

        #[test]
        fn thousands_separators_round_trip(n in 0u64..1_000_000_000_000) {
            // 1234567 → 1,234,567
            let digits = n.to_string();
            let mut s = String::new();
            for (i, c) in digits.chars().enumerate() {
                if i > 0 && (digits.len() - i) % 3 == 0 {
                    s.push(',');
                }
                s.push(c);
            }
            prop_assert_eq!(parse(&format!("{s}件")).map(|q| q.value), Some(n as f64));
        }

        #[test]
        fn parse_takes_a_prefix_on_a_character_boundary(s in "\\PC{0,12}") {
            if let Some(q) = parse(&s) {
                prop_assert!(q.len > 0 && q.len <= s.len() && s.is_char_boundary(q.len), "{:?}", q);
                prop_assert!(q.value.is_finite() && q.value >= 0.0, "{:?}", q);
                // what it took reads the same on its own
                let again = parse(&s[..q.len]).map(|r| (r.value, r.unit, r.len));
                prop_assert_eq!(again, Some((q.value, q.unit, q.len)));
            }
            if let Some((d, len)) = parse_date(&s) {
                prop_assert!(len > 0 && len <= s.len() && s.is_char_boundary(len));
                prop_assert!(d.day.is_none() || d.month.is_some(), "a day without a month: {}", d);
            }
        }
    }
}
