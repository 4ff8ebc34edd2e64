//! Calendar dates and the working-day calendar of Natuna (WIB, UTC+7).
//!
//! A tiny civil-date type instead of a date library: the wasm client carries it, and all the
//! domain needs is Y-M-D arithmetic, weekdays and the holiday table.

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// Seconds east of UTC for Natuna (Waktu Indonesia Barat).
pub const WIB_OFFSET_SECS: i64 = 7 * 3600;

/// A calendar date, stored as days since 1970-01-01.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date(i32);

const fn days_from_civil(y: i32, m: u32, d: u32) -> i32 {
    // Howard Hinnant's algorithm.
    let y = if m <= 2 { y - 1 } else { y };
    let era = if y >= 0 { y } else { y - 399 } / 400;
    let yoe = y - era * 400;
    let mp = (m as i32 + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d as i32 - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

fn is_leap(y: i32) -> bool {
    (y % 4 == 0 && y % 100 != 0) || y % 400 == 0
}

fn days_in_month(y: i32, m: u32) -> u32 {
    match m {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if is_leap(y) => 29,
        2 => 28,
        _ => 0,
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Weekday {
    Mon,
    Tue,
    Wed,
    Thu,
    Fri,
    Sat,
    Sun,
}

impl Date {
    /// For tables known valid at build time.
    pub const fn from_ymd_const(y: i32, m: u32, d: u32) -> Date {
        Date(days_from_civil(y, m, d))
    }

    pub fn from_ymd(y: i32, m: u32, d: u32) -> Option<Date> {
        (m >= 1 && m <= 12 && d >= 1 && d <= days_in_month(y, m))
            .then(|| Date(days_from_civil(y, m, d)))
    }

    pub fn from_days(days: i32) -> Date {
        Date(days)
    }

    pub fn days(self) -> i32 {
        self.0
    }

    /// Parses `YYYY-MM-DD`, the format of `<input type=date>` and of the API.
    pub fn parse(s: &str) -> Option<Date> {
        let b = s.as_bytes();
        if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
            return None;
        }
        let num = |r: std::ops::Range<usize>| s.get(r)?.parse::<u32>().ok();
        if !s
            .bytes()
            .enumerate()
            .all(|(i, c)| i == 4 || i == 7 || c.is_ascii_digit())
        {
            return None;
        }
        Date::from_ymd(num(0..4)? as i32, num(5..7)?, num(8..10)?)
    }

    pub fn ymd(self) -> (i32, u32, u32) {
        let z = self.0 + 719_468;
        let era = if z >= 0 { z } else { z - 146_096 } / 146_097;
        let doe = z - era * 146_097;
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        let y = yoe + era * 400;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
        let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
        (if m <= 2 { y + 1 } else { y }, m, d)
    }

    pub fn weekday(self) -> Weekday {
        // 1970-01-01 was a Thursday.
        match (self.0 + 3).rem_euclid(7) {
            0 => Weekday::Mon,
            1 => Weekday::Tue,
            2 => Weekday::Wed,
            3 => Weekday::Thu,
            4 => Weekday::Fri,
            5 => Weekday::Sat,
            _ => Weekday::Sun,
        }
    }

    pub fn add_days(self, n: i32) -> Date {
        Date(self.0 + n)
    }

    /// The date in Natuna (WIB) at a Unix timestamp.
    pub fn from_unix_wib(secs: i64) -> Date {
        Date((secs + WIB_OFFSET_SECS).div_euclid(86_400) as i32)
    }

    /// The Unix timestamp of the first second after this date ends in WIB.
    pub fn end_unix_wib(self) -> i64 {
        (i64::from(self.0) + 1) * 86_400 - WIB_OFFSET_SECS
    }

    pub fn is_weekend(self) -> bool {
        matches!(self.weekday(), Weekday::Sat | Weekday::Sun)
    }

    /// A national holiday or cuti bersama from the catalog's holiday table.
    pub fn holiday(self) -> Option<&'static crate::catalog::Holiday> {
        crate::catalog::HOLIDAYS.iter().find(|h| h.date == self)
    }

    /// A day government offices work: not a weekend, holiday or cuti bersama.
    pub fn is_working_day(self) -> bool {
        !self.is_weekend() && self.holiday().is_none()
    }

    /// The `n`th working day after this date (n = 0: this date if it is a working day, else the
    /// next one). A report received on Friday with 3 working days is due Wednesday.
    pub fn add_working_days(self, n: u32) -> Date {
        let mut d = self;
        if n == 0 {
            while !d.is_working_day() {
                d = d.add_days(1);
            }
            return d;
        }
        let mut left = n;
        while left > 0 {
            d = d.add_days(1);
            if d.is_working_day() {
                left -= 1;
            }
        }
        d
    }

    /// Working days strictly after `self` up to and including `later` (0 when `later <= self`).
    pub fn working_days_until(self, later: Date) -> u32 {
        let mut n = 0;
        let mut d = self;
        while d < later {
            d = d.add_days(1);
            if d.is_working_day() {
                n += 1;
            }
        }
        n
    }
}

impl std::fmt::Display for Date {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let (y, m, d) = self.ymd();
        write!(f, "{y:04}-{m:02}-{d:02}")
    }
}

#[cfg(feature = "openapi")]
impl schemars::JsonSchema for Date {
    fn schema_name() -> String {
        "Date".into()
    }
    fn json_schema(_: &mut schemars::gen::SchemaGenerator) -> schemars::schema::Schema {
        schemars::schema::SchemaObject {
            instance_type: Some(schemars::schema::InstanceType::String.into()),
            format: Some("date".into()),
            ..Default::default()
        }
        .into()
    }
}

impl Serialize for Date {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Date {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Date, D::Error> {
        let s = String::deserialize(d)?;
        Date::parse(&s).ok_or_else(|| serde::de::Error::custom("expected a date YYYY-MM-DD"))
    }
}

const MONTHS_ID: [&str; 12] = [
    "Januari",
    "Februari",
    "Maret",
    "April",
    "Mei",
    "Juni",
    "Juli",
    "Agustus",
    "September",
    "Oktober",
    "November",
    "Desember",
];
const MONTHS_EN: [&str; 12] = [
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

/// "Desember" / "December" (`m` in 1..=12).
pub fn month_name(m: u32, lang: crate::Lang) -> &'static str {
    let months = match lang {
        crate::Lang::Id => &MONTHS_ID,
        crate::Lang::En => &MONTHS_EN,
    };
    months[(m.clamp(1, 12) - 1) as usize]
}

impl Date {
    /// "3 Desember 2026" / "3 December 2026".
    pub fn long(self, lang: crate::Lang) -> String {
        let (y, m, d) = self.ymd();
        format!("{d} {} {y}", month_name(m, lang))
    }
}
