//! Dates as people type them in clippings: `07 May 2004`, `7 September
//! 2010`, `May 06, 04`, `October 23, 2011`, `24/10/2011` (day first),
//! `2009-06-21`, with or without a weekday.

use crate::date::{Date, days_in_month};

const MONTHS: [&str; 12] = [
    "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
];
const WEEKDAYS: [&str; 7] = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];

/// Time zones as clippings print them after a time.
const ZONES: &[&str] = &[
    "gmt", "utc", "bst", "est", "edt", "cst", "cdt", "mst", "mdt", "pst", "pdt", "cet", "cest",
    "eet", "eest", "wet", "west", "ist", "msk", "aest", "aedt", "jst", "hkt", "sast", "z",
];

/// Reads a date from a line that holds only a date, perhaps with a time
/// and a zone (`09:48 EST, 29 October 2012`, `November 8, 2023 at 4:56
/// p.m.`, `2024-07-23 23:36:47`); None if it is not one.
pub fn parse(text: &str) -> Option<Date> {
    // Most lines a clipping holds are text: a date line is short and has
    // digits, and that is cheap to see.
    if text.len() > 100
        || !text.bytes().any(|b| b.is_ascii_digit())
        || text.split_whitespace().nth(12).is_some()
    {
        return None;
    }
    let words: Vec<String> = text
        .split(|c: char| c.is_whitespace() || c == ',' || c == '|')
        .filter(|w| !w.is_empty())
        .map(|w| w.trim_end_matches('.').to_ascii_lowercase())
        .filter(|w| !WEEKDAYS.iter().any(|d| w.starts_with(d)))
        .filter(|w| !is_time_word(w))
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

/// A time of day, a zone or the words around them: `11:36`, `23:36:47`,
/// `am`, `p.m`, `EST`, `+0200`, `at`.
fn is_time_word(w: &str) -> bool {
    let clock = |w: &str| {
        let parts: Vec<&str> = w.split(':').collect();
        (2..=3).contains(&parts.len())
            && parts
                .iter()
                .all(|p| (1..=2).contains(&p.len()) && p.bytes().all(|b| b.is_ascii_digit()))
    };
    let stripped = w
        .strip_suffix("am")
        .or_else(|| w.strip_suffix("pm"))
        .unwrap_or(w);
    let offset = w.len() >= 3
        && w.starts_with(['+', '-'])
        && w[1..].bytes().all(|b| b.is_ascii_digit() || b == b':');
    clock(w)
        || clock(stripped)
        || offset
        || matches!(w, "at" | "am" | "pm" | "a.m" | "p.m" | "hrs" | "h")
        || ZONES.contains(&w)
        || ZONES
            .iter()
            .any(|z| w.strip_prefix(z).is_some_and(|o| o.starts_with(['+', '-'])))
}

/// A date from a machine-written stamp (`2019-11-20T13:14:00+02:00`, as
/// pages give in metadata) or any shape `parse` reads. The day is the one
/// the stamp names, whatever its zone.
pub fn parse_stamp(text: &str) -> Option<Date> {
    let t = text.trim();
    let head = t.get(..10).filter(|h| {
        let b = h.as_bytes();
        b[4] == b'-' && b[7] == b'-' && h.bytes().filter(u8::is_ascii_digit).count() == 8
    });
    match head {
        Some(h) => Date::parse(h).ok(),
        None => parse(t),
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
    fn dates_with_times_and_zones() {
        for (s, want) in [
            ("09:48 EST, 29 October 2012", "2012-10-29"),
            ("November 8, 2023 at 4:56 p.m.", "2023-11-08"),
            ("2024-07-23 23:36:47", "2024-07-23"),
            ("Tuesday, 18 February 2003, 11:36 am", "2003-02-18"),
            ("Updated 14:05 GMT+1, 3 March 2015", "2015-03-03"),
            ("3 March 2015 10:00 +0200", "2015-03-03"),
        ] {
            let got = iso(s.trim_start_matches("Updated "));
            assert_eq!(got.as_deref(), Some(want), "{s}");
        }
        assert_eq!(
            parse_stamp("2019-11-20T01:14:00+02:00")
                .map(|d| d.iso())
                .as_deref(),
            Some("2019-11-20")
        );
        assert_eq!(iso("at 10:00"), None);
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
