//! Calendar dates and instants without a date crate: an ISO date type that
//! cannot hold an impossible date, and French formatting of instants. Each
//! instant is shown with the offset its own time zone had then (an edit made
//! in July is shown in summer time in December); the offsets come from the
//! caller as a function, so that this stays pure.

use std::fmt;

/// A valid calendar date, written `AAAA-MM-JJ` in files and URLs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct IsoDate {
    year: u16,
    month: u8,
    day: u8,
}

fn days_in_month(year: u16, month: u8) -> u8 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if (year.is_multiple_of(4) && !year.is_multiple_of(100)) || year.is_multiple_of(400) => {
            29
        }
        2 => 28,
        _ => 0,
    }
}

/// The months, in French, January first.
pub const MONTHS: [&str; 12] = [
    "janvier",
    "février",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "août",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
];

impl IsoDate {
    pub fn new(year: u16, month: u8, day: u8) -> Option<IsoDate> {
        ((1900..=2200).contains(&year) && day >= 1 && day <= days_in_month(year, month))
            .then_some(IsoDate { year, month, day })
    }

    /// Parses `AAAA-MM-JJ` exactly; refuses impossible dates such as 2026-02-30.
    pub fn parse(s: &str) -> Option<IsoDate> {
        let b = s.as_bytes();
        let digits = |r: std::ops::Range<usize>| b[r].iter().all(u8::is_ascii_digit);
        if b.len() != 10
            || b[4] != b'-'
            || b[7] != b'-'
            || !digits(0..4)
            || !digits(5..7)
            || !digits(8..10)
        {
            return None;
        }
        let num = |r: std::ops::Range<usize>| s.get(r)?.parse::<u16>().ok();
        IsoDate::new(num(0..4)?, u8::try_from(num(5..7)?).ok()?, u8::try_from(num(8..10)?).ok()?)
    }

    /// The local calendar date of an instant.
    pub fn of_instant(ms: i64, zone: Zone) -> IsoDate {
        let (y, m, d, _, _) = civil(ms, zone(ms));
        IsoDate { year: y, month: m, day: d }
    }

    /// The instant the day starts, local time (the zone's offset taken at
    /// UTC midnight, close enough for a day's boundary).
    pub fn start(self, zone: Zone) -> i64 {
        let utc = days_from_civil(i64::from(self.year), self.month, self.day) * 86_400_000;
        utc - i64::from(zone(utc)) * 60_000
    }

    /// The year and month: a month's key, in order.
    pub fn month_key(self) -> (u16, u8) {
        (self.year, self.month)
    }

    /// `17/09/2019`, as French readers write dates.
    pub fn french(self) -> String {
        format!("{:02}/{:02}/{}", self.day, self.month, self.year)
    }

    /// `17 septembre 2019`.
    pub fn french_long(self) -> String {
        let day = if self.day == 1 { "1er".to_owned() } else { self.day.to_string() };
        format!("{day} {} {}", MONTHS[usize::from(self.month) - 1], self.year)
    }
}

impl fmt::Display for IsoDate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

impl serde::Serialize for IsoDate {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

/// Civil date and time of an instant shifted by `offset_minutes` east of UTC
/// (Howard Hinnant's days-to-civil algorithm).
fn civil(ms: i64, offset_minutes: i32) -> (u16, u8, u8, u8, u8) {
    let minutes = ms.div_euclid(60_000) + i64::from(offset_minutes);
    let days = minutes.div_euclid(1440);
    let minute_of_day = minutes.rem_euclid(1440);
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = (doy - (153 * mp + 2) / 5 + 1) as u8;
    let month = if mp < 10 { mp + 3 } else { mp - 9 } as u8;
    let year = (yoe + era * 400 + i64::from(month <= 2)) as u16;
    (year, month, day, (minute_of_day / 60) as u8, (minute_of_day % 60) as u8)
}

/// The offset east of UTC, in minutes, that a time zone had at an instant
/// (Paris: 60 in winter, 120 in summer).
pub type Zone<'a> = &'a dyn Fn(i64) -> i32;

/// `27/11/2026 à 14 h 05`, French typography for an instant.
pub fn french_datetime(ms: i64, zone: Zone) -> String {
    let (y, mo, d, h, mi) = civil(ms, zone(ms));
    format!("{d:02}/{mo:02}/{y} à {h} h {mi:02}")
}

/// `14 h 05`.
pub fn french_time(ms: i64, zone: Zone) -> String {
    let (_, _, _, h, mi) = civil(ms, zone(ms));
    format!("{h} h {mi:02}")
}

/// Central European time, as France has kept it since 1996: UTC+1, and
/// UTC+2 from the last Sunday of March to the last Sunday of October, both
/// at 01:00 UTC. For tests and tools; the app asks the browser.
pub fn paris(ms: i64) -> i32 {
    let (year, ..) = civil(ms, 0);
    let last_sunday = |month: u8| {
        let days_to_ms = |days: i64| days * 86_400_000;
        // Day number of the 31st (both months have 31 days), then back to Sunday.
        let day = days_from_civil(i64::from(year), month, 31);
        let weekday = (day + 4).rem_euclid(7); // 1970-01-01 was a Thursday (4).
        days_to_ms(day - weekday) + 3_600_000
    };
    if (last_sunday(3)..last_sunday(10)).contains(&ms) {
        120
    } else {
        60
    }
}

/// Days since 1970-01-01 of a civil date (Hinnant's days-from-civil).
fn days_from_civil(year: i64, month: u8, day: u8) -> i64 {
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (i64::from(month) + 9) % 12;
    let doy = (153 * mp + 2) / 5 + i64::from(day) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refuses_impossible_dates() {
        assert!(IsoDate::parse("2026-02-29").is_none());
        assert!(IsoDate::parse("2024-02-29").is_some());
        assert!(IsoDate::parse("2026-13-01").is_none());
        assert!(IsoDate::parse("2026-04-31").is_none());
        assert!(IsoDate::parse("26-04-01").is_none());
        assert!(IsoDate::parse("2026-4-1").is_none());
        assert!(IsoDate::parse("2026-04-01").is_some());
    }

    #[test]
    fn formats_in_french() {
        let d = IsoDate::parse("2019-09-17").unwrap();
        assert_eq!(d.to_string(), "2019-09-17");
        assert_eq!(d.french(), "17/09/2019");
        assert_eq!(d.french_long(), "17 septembre 2019");
        assert_eq!(IsoDate::parse("2026-10-01").unwrap().french_long(), "1er octobre 2026");
    }

    #[test]
    fn converts_instants_with_the_offset() {
        // 2026-11-27T13:05:00Z, in Paris (UTC+1).
        let ms = 1_795_784_700_000;
        assert_eq!(french_datetime(ms, &|_| 60), "27/11/2026 à 14 h 05");
        assert_eq!(french_datetime(ms, &|_| 0), "27/11/2026 à 13 h 05");
        assert_eq!(IsoDate::of_instant(ms, &|_| 11 * 60).to_string(), "2026-11-28");
        assert_eq!(french_datetime(0, &|_| 0), "01/01/1970 à 0 h 00");
    }

    #[test]
    fn each_instant_keeps_its_own_offset_across_a_daylight_saving_change() {
        // 2026-07-14T10:00:00Z was noon in Paris (summer time), and
        // 2026-12-01T10:00:00Z 11 h (winter time): shown in December, the
        // July edit still says noon.
        let july = 1_784_023_200_000;
        let december = 1_796_119_200_000;
        assert_eq!(french_datetime(july, &paris), "14/07/2026 à 12 h 00");
        assert_eq!(french_datetime(december, &paris), "01/12/2026 à 11 h 00");
        // The changes themselves: 29 March 2026 and 25 October 2026, 01:00 UTC.
        let spring = 1_774_746_000_000;
        assert_eq!(french_datetime(spring - 60_000, &paris), "29/03/2026 à 1 h 59");
        assert_eq!(french_datetime(spring, &paris), "29/03/2026 à 3 h 00");
        let autumn = 1_792_890_000_000;
        assert_eq!(french_datetime(autumn - 60_000, &paris), "25/10/2026 à 2 h 59");
        assert_eq!(french_datetime(autumn, &paris), "25/10/2026 à 2 h 00");
    }

    #[test]
    fn signed_or_spaced_date_parts_are_refused() {
        for bad in ["2026-+1-+5", "+026-01-05", "2026-01- 5", "2026--1-05", "２０２６-01-05"] {
            assert!(IsoDate::parse(bad).is_none(), "{bad}");
        }
    }
}
