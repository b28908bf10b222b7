//! Dates as people type them in clippings: `07 May 2004`, `7 September
//! 2010`, `May 06, 04`, `October 23, 2011`, `24/10/2011` (day first),
//! `2009-06-21`, with or without a weekday.

use crate::date::{Date, days_in_month};

const MONTHS: [&str; 12] = [
    "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
];
const WEEKDAYS: [&str; 7] = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];

/// Reads a date from a line that holds only a date; None if it is not one.
pub fn parse(text: &str) -> Option<Date> {
    let words: Vec<String> = text
        .split(|c: char| c.is_whitespace() || c == ',')
        .filter(|w| !w.is_empty())
        .map(|w| w.trim_end_matches('.').to_ascii_lowercase())
        .filter(|w| !WEEKDAYS.iter().any(|d| w.starts_with(d)))
        .collect();
    let (y, m, d) = match words.as_slice() {
        [one] => numeric(one)?,
        [a, b, c] => match (month(a), month(b)) {
            (None, Some(m)) => (year(c)?, m, day(a)?),
            (Some(m), None) => (year(c)?, m, day(b)?),
            _ => return None,
        },
        _ => return None,
    };
    (1..=12).contains(&m).then_some(())?;
    (1..=days_in_month(y, m)).contains(&d).then_some(())?;
    Date::parse(&format!("{y:04}-{m:02}-{d:02}")).ok()
}

/// `2009-06-21`, or `24/10/2011` and `24.10.11` read day first (month
/// first only when the first number cannot be a month's day... of a month).
fn numeric(w: &str) -> Option<(i32, u32, u32)> {
    let parts: Vec<&str> = w.split(['-', '/', '.']).collect();
    let [a, b, c] = parts.as_slice() else {
        return None;
    };
    let num = |s: &str| -> Option<u32> {
        (!s.is_empty() && s.len() <= 4 && s.bytes().all(|b| b.is_ascii_digit()))
            .then(|| s.parse().ok())?
    };
    let (a, b, c) = (num(a)?, num(b)?, num(c)?);
    if parts[0].len() == 4 {
        return Some((a as i32, b, c));
    }
    let y = full_year(c, parts[2].len())?;
    // Day first, as in Britain; a second number above 12 can only be a day.
    if b > 12 && a <= 12 {
        Some((y, a, b))
    } else {
        Some((y, b, a))
    }
}

fn month(w: &str) -> Option<u32> {
    (w.len() >= 3).then_some(())?;
    MONTHS
        .iter()
        .position(|m| w.starts_with(m))
        .map(|i| i as u32 + 1)
}

fn day(w: &str) -> Option<u32> {
    let digits = w.trim_end_matches(|c: char| c.is_ascii_alphabetic());
    let suffix = &w[digits.len()..];
    (matches!(suffix, "" | "st" | "nd" | "rd" | "th") && (1..=2).contains(&digits.len()))
        .then_some(())?;
    digits.parse().ok()
}

fn year(w: &str) -> Option<i32> {
    (w.bytes().all(|b| b.is_ascii_digit()) && matches!(w.len(), 2 | 4)).then_some(())?;
    full_year(w.parse().ok()?, w.len())
}

/// Two-digit years: 00–49 are 2000–2049, 50–99 are 1950–1999.
fn full_year(n: u32, digits: usize) -> Option<i32> {
    match digits {
        4 => Some(n as i32),
        2 if n < 50 => Some(2000 + n as i32),
        2 => Some(1900 + n as i32),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn iso(s: &str) -> Option<String> {
        parse(s).map(|d| d.iso())
    }

    #[test]
    fn every_shape_people_type() {
        assert_eq!(iso("07 May 2004").as_deref(), Some("2004-05-07"));
        assert_eq!(iso("7 September 2010").as_deref(), Some("2010-09-07"));
        assert_eq!(iso("May 06, 04").as_deref(), Some("2004-05-06"));
        assert_eq!(iso("October 23, 2011").as_deref(), Some("2011-10-23"));
        assert_eq!(iso("24/10/2011").as_deref(), Some("2011-10-24"));
        assert_eq!(iso("2009-06-21").as_deref(), Some("2009-06-21"));
        assert_eq!(iso("Friday 7th May 2004").as_deref(), Some("2004-05-07"));
        assert_eq!(iso("Sept. 3, 98").as_deref(), Some("1998-09-03"));
        assert_eq!(iso("10/24/2011").as_deref(), Some("2011-10-24"));
    }

    #[test]
    fn non_dates_and_impossible_dates_are_none() {
        for s in [
            "Trading houses",
            "May 2004 report",
            "31 February 2004",
            "2004",
            "Source: BBC",
            "13/13/2013",
            "12 Angry Men",
        ] {
            assert_eq!(iso(s), None, "{s}");
        }
    }
}
