//! Publication dates: parsed from front matter (`YYYY-MM-DD` or RFC 3339),
//! checked for existence, and printed for pages, feeds and the sitemap.

use std::fmt;

/// A calendar date with an optional time of day and UTC offset.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Date {
    pub year: i32,
    pub month: u8,
    pub day: u8,
    /// Seconds since midnight, local to `offset_minutes`.
    pub seconds: u32,
    pub offset_minutes: i16,
    /// Whether a time was written; a bare date prints as a date.
    pub has_time: bool,
}

const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];
const WEEKDAYS: [&str; 7] = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];

impl Date {
    /// Parses `YYYY-MM-DD`, `YYYY-MM-DDTHH:MM[:SS][Z|±HH:MM]` (a space may
    /// stand for the `T`). The error says what to write instead.
    pub fn parse(text: &str) -> Result<Date, String> {
        let t = text.trim();
        let hint = "write it as YYYY-MM-DD, e.g. 2004-05-07";
        let b = t.as_bytes();
        let digits = |r: std::ops::Range<usize>| -> Option<u32> {
            let s = t.get(r)?;
            (!s.is_empty() && s.bytes().all(|c| c.is_ascii_digit())).then(|| s.parse().ok())?
        };
        let shaped = b.len() >= 10 && b[4] == b'-' && b[7] == b'-';
        let (Some(year), Some(month), Some(day)) =
            (digits(0..4).filter(|_| shaped), digits(5..7), digits(8..10))
        else {
            let why = if t.contains('/') || t.contains('.') {
                "is ambiguous"
            } else {
                "is not a date"
            };
            return Err(format!("date \"{t}\" {why}; {hint}"));
        };
        if !(1..=12).contains(&month) || day == 0 || day > days_in_month(year as i32, month) {
            return Err(format!("date \"{t}\" does not exist; {hint}"));
        }
        let mut date = Date {
            year: year as i32,
            month: month as u8,
            day: day as u8,
            seconds: 0,
            offset_minutes: 0,
            has_time: false,
        };
        if b.len() > 10 {
            date.parse_time(&t[10..]).ok_or_else(|| {
                format!("date \"{t}\" has an unreadable time; write e.g. 2004-05-07T09:30:00Z")
            })?;
        }
        Ok(date)
    }

    /// Reads `THH:MM[:SS][.frac][Z|±HH:MM]` into self.
    fn parse_time(&mut self, rest: &str) -> Option<()> {
        let rest = rest.strip_prefix(['T', 't', ' '])?;
        let num = |s: &str| -> Option<u32> {
            (s.len() == 2 && s.bytes().all(|c| c.is_ascii_digit())).then(|| s.parse().ok())?
        };
        let hh = num(rest.get(0..2)?)?;
        let mm = num(rest.get(3..5)?).filter(|_| rest.as_bytes().get(2) == Some(&b':'))?;
        let mut i = 5;
        let mut ss = 0;
        if rest.as_bytes().get(5) == Some(&b':') {
            ss = num(rest.get(6..8)?)?;
            i = 8;
            if rest.as_bytes().get(8) == Some(&b'.') {
                i = 9 + rest[9..].bytes().take_while(u8::is_ascii_digit).count();
            }
        }
        if hh > 23 || mm > 59 || ss > 60 {
            return None;
        }
        let zone = rest[i..].trim();
        self.offset_minutes = match zone {
            "" | "Z" | "z" => 0,
            _ => {
                let sign = match zone.as_bytes()[0] {
                    b'+' => 1,
                    b'-' => -1,
                    _ => return None,
                };
                let oh = num(zone.get(1..3)?)?;
                let om = num(zone.get(4..6)?)?;
                (sign * (oh * 60 + om) as i32) as i16
            }
        };
        self.seconds = hh * 3600 + mm * 60 + ss;
        self.has_time = true;
        Some(())
    }

    /// Seconds since 1970-01-01T00:00:00Z: the order articles are sorted in.
    pub fn timestamp(&self) -> i64 {
        days_from_civil(self.year, self.month, self.day) * 86_400 + self.seconds as i64
            - self.offset_minutes as i64 * 60
    }

    /// `2004-05-07` or full RFC 3339 when a time was given (sitemap, JSON-LD).
    pub fn iso(&self) -> String {
        let d = format!("{:04}-{:02}-{:02}", self.year, self.month, self.day);
        if !self.has_time {
            return d;
        }
        let (h, m, s) = (
            self.seconds / 3600,
            self.seconds / 60 % 60,
            self.seconds % 60,
        );
        format!("{d}T{h:02}:{m:02}:{s:02}{}", self.offset(':'))
    }

    /// Full RFC 3339, midnight UTC when no time was given (Atom).
    pub fn rfc3339(&self) -> String {
        match self.has_time {
            true => self.iso(),
            false => format!("{}T00:00:00Z", self.iso()),
        }
    }

    /// `7 May 2004`, as printed on pages.
    pub fn display(&self) -> String {
        format!(
            "{} {} {}",
            self.day,
            MONTHS[self.month as usize - 1],
            self.year
        )
    }

    /// RFC 822 as RSS wants it: `Fri, 07 May 2004 00:00:00 +0000`.
    pub fn rfc822(&self) -> String {
        let days = days_from_civil(self.year, self.month, self.day);
        // 1970-01-01 was a Thursday (index 3 from Monday).
        let weekday = WEEKDAYS[(days + 3).rem_euclid(7) as usize];
        let (h, m, s) = (
            self.seconds / 3600,
            self.seconds / 60 % 60,
            self.seconds % 60,
        );
        format!(
            "{weekday}, {:02} {} {:04} {h:02}:{m:02}:{s:02} {}",
            self.day,
            &MONTHS[self.month as usize - 1][..3],
            self.year,
            self.offset('\0')
        )
    }

    fn offset(&self, sep: char) -> String {
        let o = self.offset_minutes;
        if sep == ':' && o == 0 {
            return "Z".into();
        }
        let sign = if o < 0 { '-' } else { '+' };
        let (h, m) = (o.unsigned_abs() / 60, o.unsigned_abs() % 60);
        if sep == ':' {
            format!("{sign}{h:02}:{m:02}")
        } else {
            format!("{sign}{h:02}{m:02}")
        }
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.iso())
    }
}

/// Seconds since 1970-01-01T00:00:00Z, now.
pub fn now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs() as i64)
}

impl Date {
    /// Today's date (UTC).
    pub fn today() -> Date {
        Date::of_timestamp(now())
    }

    /// The day (UTC) of a time in seconds since 1970.
    pub fn of_timestamp(secs: i64) -> Date {
        let (year, month, day) = civil_from_days(secs.div_euclid(86_400));
        Date {
            year,
            month,
            day,
            seconds: 0,
            offset_minutes: 0,
            has_time: false,
        }
    }
}

/// The calendar date of a day number (Howard Hinnant's civil_from_days).
fn civil_from_days(z: i64) -> (i32, u8, u8) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u8;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u8;
    let y = yoe + era * 400 + i64::from(m <= 2);
    (y as i32, m, d)
}

pub fn days_in_month(year: i32, month: u32) -> u32 {
    match month {
        2 if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Days since 1970-01-01 (Howard Hinnant's civil-from-days inverse).
fn days_from_civil(y: i32, m: u8, d: u8) -> i64 {
    let y = if m <= 2 { y - 1 } else { y } as i64;
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let m = m as i64;
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + d as i64 - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_dates() {
        let d = Date::parse("2004-05-07").unwrap();
        assert_eq!(d.iso(), "2004-05-07");
        assert_eq!(d.display(), "7 May 2004");
        assert_eq!(d.rfc822(), "Fri, 07 May 2004 00:00:00 +0000");
        assert_eq!(d.timestamp(), 1_083_888_000);
    }

    #[test]
    fn times_and_offsets() {
        let d = Date::parse("2011-10-23T18:05:00+01:00").unwrap();
        assert_eq!(d.iso(), "2011-10-23T18:05:00+01:00");
        assert_eq!(d.rfc822(), "Sun, 23 Oct 2011 18:05:00 +0100");
        let z = Date::parse("2011-10-23 17:05:00Z").unwrap();
        assert_eq!(d.timestamp(), z.timestamp());
        assert!(Date::parse("2011-10-23T25:00").is_err());
    }

    #[test]
    fn days_round_trip() {
        for day in [-719_468, -1, 0, 12_543, 20_000, 2_932_896] {
            let (y, m, d) = civil_from_days(day);
            assert_eq!(days_from_civil(y, m, d), day, "{y}-{m}-{d}");
        }
        assert_eq!(civil_from_days(12_545), (2004, 5, 7));
        assert!(Date::today().year >= 2026);
    }

    #[test]
    fn impossible_and_ambiguous_dates_are_refused() {
        assert!(
            Date::parse("2020-31-31")
                .unwrap_err()
                .contains("does not exist")
        );
        assert!(
            Date::parse("2019-02-29")
                .unwrap_err()
                .contains("does not exist")
        );
        assert!(Date::parse("2020-02-29").is_ok());
        assert!(Date::parse("07/05/04").unwrap_err().contains("ambiguous"));
        assert!(Date::parse("yesterday").unwrap_err().contains("YYYY-MM-DD"));
    }
}
