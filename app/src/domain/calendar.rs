//! Working time: weekdays, opening hours and public holidays per country. The simulator
//! plans with it; the ETA window counts working days with it.

use chrono::{DateTime, Datelike, Duration, NaiveDate, TimeZone, Utc, Weekday};
use chrono_tz::Tz;

/// Which days of the week a facility works.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WorkWeek {
    MondayToFriday,
    MondayToSaturday,
    /// Airports and ships: every day, holidays included.
    EveryDay,
}

impl WorkWeek {
    fn includes(self, day: Weekday) -> bool {
        match self {
            WorkWeek::MondayToFriday => !matches!(day, Weekday::Sat | Weekday::Sun),
            WorkWeek::MondayToSaturday => day != Weekday::Sun,
            WorkWeek::EveryDay => true,
        }
    }
}

/// Opening hours in local time, `start..end` (hours of the day).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Shift {
    pub start_hour: u32,
    pub end_hour: u32,
}

/// A facility's working time: its country's holidays, its week, its hours.
#[derive(Debug, Clone, Copy)]
pub struct WorkingTime {
    pub country: &'static str,
    pub tz: Tz,
    pub week: WorkWeek,
    pub shift: Shift,
}

impl WorkingTime {
    pub fn is_working_day(&self, date: NaiveDate) -> bool {
        self.week.includes(date.weekday())
            && (self.week == WorkWeek::EveryDay || !is_public_holiday(self.country, date))
    }

    /// The earliest moment at or after `after` when the facility is open.
    pub fn next_open(&self, after: DateTime<Utc>) -> DateTime<Utc> {
        let local = after.with_timezone(&self.tz);
        let mut date = local.date_naive();
        // Sixty days always reach a working day, even across China's longest holidays.
        for _ in 0..60 {
            if self.is_working_day(date) {
                let (open, close) = (self.at(date, self.shift.start_hour), self.at(date, self.shift.end_hour));
                let candidate = open.max(after);
                if candidate < close {
                    return candidate;
                }
            }
            date = date.succ_opt().expect("dates this near are representable");
        }
        after
    }

    /// `hours` of open time after `after`: work pauses overnight, at weekends and on holidays.
    pub fn after_open_hours(&self, after: DateTime<Utc>, hours: f64) -> DateTime<Utc> {
        let mut at = self.next_open(after);
        let mut left = Duration::seconds((hours * 3600.0).round() as i64);
        for _ in 0..400 {
            let close = self.at(at.with_timezone(&self.tz).date_naive(), self.shift.end_hour);
            let today = close - at;
            if left <= today {
                return at + left;
            }
            left -= today;
            at = self.next_open(close + Duration::seconds(1));
        }
        at
    }

    fn at(&self, date: NaiveDate, hour: u32) -> DateTime<Utc> {
        let naive = if hour >= 24 {
            date.succ_opt().expect("representable").and_hms_opt(0, 0, 0)
        } else {
            date.and_hms_opt(hour, 0, 0)
        }
        .expect("a valid hour");
        // A skipped hour (clocks going forward) falls back to an hour later.
        self.tz
            .from_local_datetime(&naive)
            .earliest()
            .or_else(|| self.tz.from_local_datetime(&(naive + Duration::hours(1))).earliest())
            .expect("an hour after a gap exists")
            .with_timezone(&Utc)
    }
}

/// The years whose public holidays [`is_public_holiday`] knows.
pub const HOLIDAY_YEARS: std::ops::RangeInclusive<i32> = 1900..=2199;

/// Whether `date` is a public holiday in `country` (ISO code). Covers the simulator's
/// countries; lunar-calendar holidays are listed for 2025–2027.
pub fn is_public_holiday(country: &str, date: NaiveDate) -> bool {
    let (y, m, d) = (date.year(), date.month(), date.day());
    // The rules hold for the Gregorian years a parcel can travel in; outside them (a date no
    // event may carry) no day is a holiday, so every walk stays total.
    if !HOLIDAY_YEARS.contains(&y) {
        return false;
    }
    let easter = easter_sunday(y);
    let from_easter = (date - easter).num_days();
    let on = |month: u32, day: u32| m == month && d == day;
    let nth =
        |month: u32, weekday: Weekday, n: u8| NaiveDate::from_weekday_of_month_opt(y, month, weekday, n) == Some(date);
    let last = |month: u32, weekday: Weekday| last_weekday_of_month(y, month, weekday) == date;
    let in_listed = |spans: &[(i32, u32, u32, u32)]| {
        spans.iter().any(|&(year, month, day, days)| {
            let start = NaiveDate::from_ymd_opt(year, month, day).expect("listed dates are valid");
            date >= start && date < start + Duration::days(days as i64)
        })
    };
    match country {
        "CN" => {
            on(1, 1)
                || (m == 5 && d <= 5)
                || (m == 10 && d <= 7)
                || in_listed(&[
                    // Spring Festival, Qingming, Dragon Boat, Mid-Autumn.
                    (2025, 1, 28, 8),
                    (2025, 4, 4, 3),
                    (2025, 5, 31, 3),
                    (2025, 10, 8, 1),
                    (2026, 2, 15, 9),
                    (2026, 4, 4, 3),
                    (2026, 6, 19, 3),
                    (2026, 9, 25, 3),
                    (2027, 2, 5, 7),
                    (2027, 4, 3, 3),
                    (2027, 6, 9, 3),
                    (2027, 9, 15, 3),
                ])
        }
        "US" => {
            on(1, 1)
                || nth(1, Weekday::Mon, 3)
                || nth(2, Weekday::Mon, 3)
                || last(5, Weekday::Mon)
                || on(6, 19)
                || on(7, 4)
                || nth(9, Weekday::Mon, 1)
                || nth(10, Weekday::Mon, 2)
                || on(11, 11)
                || nth(11, Weekday::Thu, 4)
                || on(12, 25)
        }
        "DE" => {
            on(1, 1) || [-2, 1, 39, 50, 60].contains(&from_easter) || on(5, 1) || on(10, 3) || on(12, 25) || on(12, 26)
        }
        "GB" => {
            on(1, 1)
                || [-2, 1].contains(&from_easter)
                || nth(5, Weekday::Mon, 1)
                || last(5, Weekday::Mon)
                || last(8, Weekday::Mon)
                || on(12, 25)
                || on(12, 26)
        }
        "ES" => {
            [(1, 1), (1, 6), (5, 1), (5, 2), (8, 15), (10, 12), (11, 1), (12, 6), (12, 8), (12, 25)]
                .iter()
                .any(|&(month, day)| on(month, day))
                || [-3, -2].contains(&from_easter)
        }
        "BR" => {
            [(1, 1), (4, 21), (5, 1), (9, 7), (10, 12), (11, 2), (11, 15), (11, 20), (12, 25)]
                .iter()
                .any(|&(month, day)| on(month, day))
                || [-48, -47, -2, 60].contains(&from_easter)
        }
        "KR" => {
            [(1, 1), (3, 1), (5, 5), (6, 6), (8, 15), (10, 3), (10, 9), (12, 25)]
                .iter()
                .any(|&(month, day)| on(month, day))
                || in_listed(&[
                    // Seollal, Buddha's Birthday, Chuseok.
                    (2025, 1, 28, 3),
                    (2025, 10, 5, 3),
                    (2026, 2, 16, 3),
                    (2026, 5, 24, 1),
                    (2026, 9, 24, 3),
                    (2027, 2, 6, 3),
                    (2027, 5, 13, 1),
                    (2027, 9, 14, 3),
                ])
        }
        "AU" => {
            on(1, 1)
                || on(1, 26)
                || [-2, -1, 1].contains(&from_easter)
                || on(4, 25)
                || nth(6, Weekday::Mon, 2)
                || nth(10, Weekday::Mon, 1)
                || on(12, 25)
                || on(12, 26)
        }
        "VN" => {
            on(1, 1)
                || on(4, 30)
                || on(5, 1)
                || on(9, 1)
                || on(9, 2)
                || in_listed(&[
                    // Tết and the Hùng Kings' festival.
                    (2025, 1, 25, 9),
                    (2025, 4, 7, 1),
                    (2026, 2, 14, 9),
                    (2026, 4, 26, 1),
                    (2027, 2, 3, 8),
                    (2027, 4, 16, 1),
                ])
        }
        "CA" => {
            on(1, 1)
                || nth(2, Weekday::Mon, 3)
                || from_easter == -2
                || victoria_day(y) == date
                || on(7, 1)
                || nth(8, Weekday::Mon, 1)
                || nth(9, Weekday::Mon, 1)
                || nth(10, Weekday::Mon, 2)
                || on(12, 25)
                || on(12, 26)
        }
        _ => false,
    }
}

/// Western Easter Sunday (the anonymous Gregorian computus).
pub fn easter_sunday(year: i32) -> NaiveDate {
    let a = year % 19;
    let b = year / 100;
    let c = year % 100;
    let d = b / 4;
    let e = b % 4;
    let f = (b + 8) / 25;
    let g = (b - f + 1) / 3;
    let h = (19 * a + b - d - g + 15) % 30;
    let i = c / 4;
    let k = c % 4;
    let l = (32 + 2 * e + 2 * i - h - k) % 7;
    let m = (a + 11 * h + 22 * l) / 451;
    let month = (h + l - 7 * m + 114) / 31;
    let day = (h + l - 7 * m + 114) % 31 + 1;
    NaiveDate::from_ymd_opt(year, month as u32, day as u32).expect("the computus gives a real date")
}

fn last_weekday_of_month(year: i32, month: u32, weekday: Weekday) -> NaiveDate {
    let first_next =
        if month == 12 { NaiveDate::from_ymd_opt(year + 1, 1, 1) } else { NaiveDate::from_ymd_opt(year, month + 1, 1) }
            .expect("valid");
    let mut day = first_next.pred_opt().expect("valid");
    while day.weekday() != weekday {
        day = day.pred_opt().expect("valid");
    }
    day
}

/// The Monday before 25 May.
fn victoria_day(year: i32) -> NaiveDate {
    let mut day = NaiveDate::from_ymd_opt(year, 5, 24).expect("valid");
    while day.weekday() != Weekday::Mon {
        day = day.pred_opt().expect("valid");
    }
    day
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    fn utc(s: &str) -> DateTime<Utc> {
        s.parse().unwrap()
    }

    #[test]
    fn easter_dates_are_right() {
        assert_eq!(easter_sunday(2025), date(2025, 4, 20));
        assert_eq!(easter_sunday(2026), date(2026, 4, 5));
        assert_eq!(easter_sunday(2027), date(2027, 3, 28));
    }

    #[test]
    fn holidays_by_country() {
        assert!(is_public_holiday("US", date(2026, 11, 26)), "Thanksgiving 2026");
        assert!(!is_public_holiday("US", date(2026, 11, 27)));
        assert!(is_public_holiday("CN", date(2026, 10, 3)), "Golden Week");
        assert!(is_public_holiday("CN", date(2026, 2, 17)), "Spring Festival 2026");
        assert!(is_public_holiday("DE", date(2026, 4, 3)), "Good Friday");
        assert!(is_public_holiday("DE", date(2026, 5, 14)), "Ascension");
        assert!(is_public_holiday("GB", date(2026, 8, 31)), "summer bank holiday");
        assert!(is_public_holiday("BR", date(2026, 2, 16)), "Carnival Monday");
        assert!(is_public_holiday("KR", date(2026, 9, 25)), "Chuseok");
        assert!(is_public_holiday("CA", date(2026, 5, 18)), "Victoria Day");
        assert!(is_public_holiday("VN", date(2026, 2, 17)), "Tết");
        assert!(!is_public_holiday("AU", date(2026, 11, 24)));
    }

    #[test]
    fn a_warehouse_closed_for_golden_week_opens_on_the_eighth() {
        let warehouse = WorkingTime {
            country: "CN",
            tz: chrono_tz::Asia::Shanghai,
            week: WorkWeek::MondayToSaturday,
            shift: Shift { start_hour: 9, end_hour: 20 },
        };
        // 30 September 2026, 21:00 in Shenzhen: closed for the night, then a week of holiday.
        let open = warehouse.next_open(utc("2026-09-30T13:00:00Z"));
        assert_eq!(open, utc("2026-10-08T01:00:00Z"), "09:00 local on 8 October");
    }

    #[test]
    fn open_hours_pause_overnight_and_at_weekends() {
        let depot = WorkingTime {
            country: "US",
            tz: chrono_tz::America::Los_Angeles,
            week: WorkWeek::MondayToFriday,
            shift: Shift { start_hour: 8, end_hour: 18 },
        };
        // Friday 16:00 PST plus 4 open hours: 2 on Friday, 2 on Monday morning.
        let done = depot.after_open_hours(utc("2026-11-21T00:00:00Z"), 4.0);
        assert_eq!(done, utc("2026-11-23T18:00:00Z"), "Monday 10:00 PST");
    }
}
