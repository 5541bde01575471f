//! Dates and times as the shopper reads them: short dates with their weekday, date ranges, an
//! event's own local time and its UTC offset.

use super::{pick, Locale};
use chrono::{DateTime, Datelike, FixedOffset, NaiveDate, Timelike, Weekday};

fn weekday_name(locale: Locale, day: Weekday) -> &'static str {
    use Weekday::*;
    pick(
        locale,
        match day {
            Mon => ["Mon", "周一", "lun", "Mo."],
            Tue => ["Tue", "周二", "mar", "Di."],
            Wed => ["Wed", "周三", "mié", "Mi."],
            Thu => ["Thu", "周四", "jue", "Do."],
            Fri => ["Fri", "周五", "vie", "Fr."],
            Sat => ["Sat", "周六", "sáb", "Sa."],
            Sun => ["Sun", "周日", "dom", "So."],
        },
    )
}

/// Short month names; Chinese writes the month as a number, so it has none.
fn month_name(locale: Locale, month: u32) -> &'static str {
    const EN: [&str; 12] = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
    const ES: [&str; 12] = ["ene", "feb", "mar", "abr", "may", "jun", "jul", "ago", "sep", "oct", "nov", "dic"];
    const DE: [&str; 12] =
        ["Jan.", "Feb.", "März", "Apr.", "Mai", "Juni", "Juli", "Aug.", "Sept.", "Okt.", "Nov.", "Dez."];
    let i = (month as usize).clamp(1, 12) - 1;
    pick(locale, [EN[i], "", ES[i], DE[i]])
}

/// A short date with its weekday: "Fri 27 Nov", "11月27日 周五", "vie 27 nov", "Fr. 27. Nov.".
pub fn format_date(locale: Locale, date: NaiveDate) -> String {
    let (day, month, weekday) = (date.day(), date.month(), weekday_name(locale, date.weekday()));
    match locale {
        Locale::En | Locale::Es => format!("{weekday} {day} {}", month_name(locale, month)),
        Locale::ZhHans => format!("{month}月{day}日 {weekday}"),
        Locale::De => format!("{weekday} {day}. {}", month_name(locale, month)),
    }
}

/// A day without its weekday, for chart axes: "30 Nov", "11月30日", "30 nov", "30. Nov.".
pub fn format_day_month(locale: Locale, date: NaiveDate) -> String {
    let (day, month) = (date.day(), date.month());
    match locale {
        Locale::En | Locale::Es => format!("{day} {}", month_name(locale, month)),
        Locale::ZhHans => format!("{month}月{day}日"),
        Locale::De => format!("{day}. {}", month_name(locale, month)),
    }
}

/// A window of days: one date when it is a single day, else "Fri 27 Nov – Mon 30 Nov".
pub fn format_date_range(locale: Locale, from: NaiveDate, to: NaiveDate) -> String {
    if from == to {
        return format_date(locale, from);
    }
    let separator = pick(locale, [" – ", " 至 ", " – ", " – "]);
    format!("{}{separator}{}", format_date(locale, from), format_date(locale, to))
}

/// The event's own wall-clock time where it happened, with its date, 24-hour:
/// "Fri 27 Nov, 14:05".
pub fn format_local_time(locale: Locale, at: DateTime<FixedOffset>) -> String {
    let date = format_date(locale, at.date_naive());
    let time = format!("{:02}:{:02}", at.hour(), at.minute());
    let separator = pick(locale, [", ", " ", ", ", ", "]);
    format!("{date}{separator}{time}")
}

/// "UTC+8", "UTC−3" (with a real minus sign), "UTC+5:30", or "UTC" for zero.
pub fn utc_offset_label(offset: FixedOffset) -> String {
    let seconds = offset.local_minus_utc();
    if seconds == 0 {
        return "UTC".to_owned();
    }
    let sign = if seconds < 0 { '\u{2212}' } else { '+' };
    let minutes = seconds.unsigned_abs() / 60;
    let (hours, minutes) = (minutes / 60, minutes % 60);
    if minutes == 0 {
        format!("UTC{sign}{hours}")
    } else {
        format!("UTC{sign}{hours}:{minutes:02}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn dates_are_short_with_their_weekday() {
        let fri = date(2026, 11, 27);
        assert_eq!(format_date(Locale::En, fri), "Fri 27 Nov");
        assert_eq!(format_date(Locale::ZhHans, fri), "11月27日 周五");
        assert_eq!(format_date(Locale::Es, fri), "vie 27 nov");
        assert_eq!(format_date(Locale::De, fri), "Fr. 27. Nov.");
        assert_eq!(format_date(Locale::De, date(2026, 3, 1)), "So. 1. März");
        assert_eq!(format_date(Locale::Es, date(2026, 9, 2)), "mié 2 sep");
    }

    #[test]
    fn date_ranges() {
        let (fri, mon) = (date(2026, 11, 27), date(2026, 11, 30));
        assert_eq!(format_date_range(Locale::En, fri, mon), "Fri 27 Nov – Mon 30 Nov");
        assert_eq!(format_date_range(Locale::ZhHans, fri, mon), "11月27日 周五 至 11月30日 周一");
        assert_eq!(format_date_range(Locale::Es, fri, mon), "vie 27 nov – lun 30 nov");
        assert_eq!(format_date_range(Locale::De, fri, mon), "Fr. 27. Nov. – Mo. 30. Nov.");
        for locale in Locale::ALL {
            assert_eq!(format_date_range(locale, fri, fri), format_date(locale, fri));
        }
    }

    #[test]
    fn local_times_keep_the_events_own_clock() {
        let at: DateTime<FixedOffset> = "2026-11-27T14:05:00+08:00".parse().unwrap();
        assert_eq!(format_local_time(Locale::En, at), "Fri 27 Nov, 14:05");
        assert_eq!(format_local_time(Locale::ZhHans, at), "11月27日 周五 14:05");
        assert_eq!(format_local_time(Locale::Es, at), "vie 27 nov, 14:05");
        assert_eq!(format_local_time(Locale::De, at), "Fr. 27. Nov., 14:05");
        // 06:05 UTC on the 27th is still the 26th in Los Angeles.
        let la: DateTime<FixedOffset> = "2026-11-26T22:05:00-08:00".parse().unwrap();
        assert_eq!(format_local_time(Locale::En, la), "Thu 26 Nov, 22:05");
    }

    #[test]
    fn utc_offsets() {
        let east = |s| FixedOffset::east_opt(s).unwrap();
        assert_eq!(utc_offset_label(east(8 * 3600)), "UTC+8");
        assert_eq!(utc_offset_label(east(-3 * 3600)), "UTC\u{2212}3");
        assert_eq!(utc_offset_label(east(5 * 3600 + 1800)), "UTC+5:30");
        assert_eq!(utc_offset_label(east(-(9 * 3600 + 1800))), "UTC\u{2212}9:30");
        assert_eq!(utc_offset_label(east(0)), "UTC");
    }
}
