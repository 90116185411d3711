//! Times as authors write them — TOML date-time literals, ISO 8601 / RFC 3339 strings, Unix epoch
//! numbers — read into seconds since the Unix epoch (UTC, as `f64`: microseconds are exact for
//! any date a chart shows), and the time zone an axis shows them in. Zone data is bundled into
//! the binary (jiff's `tzdb-bundle-always`): the machine's zone files and `TZ` are never read, so
//! the same chart gives the same bytes everywhere.

use jiff::civil::{Date, DateTime};
use jiff::tz::{Offset, TimeZone};
use jiff::{Span, Timestamp, Zoned};

/// The zone `name` names: `"UTC"`, a fixed offset (`"+05:30"`, `"-08:00"`, `"+02"`), or an IANA
/// name (`"Europe/Berlin"`). `Err` is the end of a sentence saying what is accepted.
pub(crate) fn zone(name: &str) -> Result<TimeZone, String> {
    let name = name.trim();
    if name.eq_ignore_ascii_case("utc") || name == "Z" {
        return Ok(TimeZone::UTC);
    }
    if let Some(offset) = fixed_offset(name) {
        return Ok(TimeZone::fixed(offset));
    }
    // The bundled database by name, whatever features other crates turn on for jiff.
    jiff::tz::TimeZoneDatabase::bundled()
        .get(name)
        .map_err(|_| {
            "\"UTC\", an offset such as \"+05:30\", or an IANA time zone such as \"Europe/Berlin\""
                .to_string()
        })
}

/// `+05:30`, `-08:00`, `+02`, `+0530`.
fn fixed_offset(text: &str) -> Option<Offset> {
    let (sign, rest) = match text.as_bytes().first()? {
        b'+' => (1, &text[1..]),
        b'-' => (-1, &text[1..]),
        _ => return None,
    };
    let digits: String = rest.chars().filter(|c| *c != ':').collect();
    if !digits.chars().all(|c| c.is_ascii_digit()) || !matches!(digits.len(), 2 | 4) {
        return None;
    }
    let hours: i32 = digits[..2].parse().ok()?;
    let minutes: i32 = if digits.len() == 4 {
        digits[2..].parse().ok()?
    } else {
        0
    };
    if hours > 25 || minutes > 59 {
        return None;
    }
    Offset::from_seconds(sign * (hours * 3600 + minutes * 60)).ok()
}

/// Seconds since the epoch of a timestamp.
fn seconds(t: Timestamp) -> f64 {
    t.as_second() as f64 + f64::from(t.subsec_nanosecond()) / 1e9
}

/// Where each bar of a time axis ends: one period after its start. The period is the data's
/// own: the smallest gap between two instants, read as the calendar unit it is (a whole number
/// of days, a month, a quarter, a year), so a month's bar spans that month's days and a day
/// across a DST change has its 23 or 25 hours. A gap that is no calendar unit is used as is;
/// a single instant gets a day.
pub(crate) fn period_ends(starts: &[f64], zone: &TimeZone) -> Vec<f64> {
    let mut sorted: Vec<f64> = starts.iter().copied().filter(|t| t.is_finite()).collect();
    sorted.sort_unstable_by(f64::total_cmp);
    sorted.dedup();
    let gap = sorted
        .windows(2)
        .map(|w| w[1] - w[0])
        .fold(f64::INFINITY, f64::min);
    const DAY: f64 = 86_400.0;
    let span = if !gap.is_finite() {
        Some(Span::new().days(1))
    } else if (365.0 * DAY..=366.0 * DAY).contains(&gap) {
        Some(Span::new().years(1))
    } else if (89.0 * DAY..=92.0 * DAY).contains(&gap) {
        Some(Span::new().months(3))
    } else if (28.0 * DAY..=31.0 * DAY).contains(&gap) {
        Some(Span::new().months(1))
    } else if gap >= 23.0 * 3600.0 && (gap / DAY).round() >= 1.0 && gap < 27.0 * DAY {
        // Whole days, give or take a DST hour.
        let days = (gap / DAY).round();
        ((gap - days * DAY).abs() <= 3600.0).then(|| Span::new().days(days as i64))
    } else {
        None
    };
    starts
        .iter()
        .map(|&t| {
            let calendar = span.and_then(|span| {
                let start = Timestamp::from_second(t.floor() as i64)
                    .ok()?
                    .to_zoned(zone.clone());
                let end = start.checked_add(span).ok()?;
                Some(seconds(end.timestamp()) + (t - t.floor()))
            });
            calendar.unwrap_or(t + if gap.is_finite() { gap } else { DAY })
        })
        .collect()
}

/// The instant `text` names: an RFC 3339 / ISO 8601 date-time with an offset or `Z` (an
/// instant), or without one (a wall-clock time in `zone`), or a date (midnight in `zone`).
/// A `T` or a space may separate date and time. `None` when it is none of these.
pub(crate) fn parse(text: &str, zone: &TimeZone) -> Option<f64> {
    let text = text.trim();
    // Cheap rejection: every form starts with a four-digit year and a dash.
    let bytes = text.as_bytes();
    if bytes.len() < 10 || !bytes[..4].iter().all(u8::is_ascii_digit) || bytes[4] != b'-' {
        return None;
    }
    if let Ok(t) = text.parse::<Timestamp>() {
        return Some(seconds(t));
    }
    let civil = match text.parse::<DateTime>() {
        Ok(dt) => dt,
        Err(_) => text
            .parse::<Date>()
            .ok()?
            .to_datetime(jiff::civil::Time::midnight()),
    };
    // A wall-clock time that a DST change skips or repeats: the earlier reading, as most
    // systems do ("compatible").
    let zoned: Zoned = zone.to_ambiguous_zoned(civil).compatible().ok()?;
    Some(seconds(zoned.timestamp()))
}

/// An epoch number in `unit` (seconds or milliseconds) as seconds, if representable.
pub(crate) fn from_epoch(value: f64, unit: EpochUnit) -> Option<f64> {
    let s = match unit {
        EpochUnit::Seconds => value,
        EpochUnit::Milliseconds => value / 1000.0,
    };
    // jiff's range: about ±9999 years.
    (s.is_finite() && s.abs() < 253_402_300_799.0).then_some(s)
}

/// The unit of epoch numbers on a time axis.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(crate) enum EpochUnit {
    /// Seconds since 1970-01-01T00:00:00Z.
    #[default]
    Seconds,
    /// Milliseconds since then.
    Milliseconds,
}

/// `t` (seconds since the epoch) in ISO 8601 form in `zone`: `2026-11-01T06:00:00Z` in UTC,
/// `2026-11-01T07:00:00+01:00` elsewhere; fractions of a second only when there are any
/// (milliseconds).
pub(crate) fn iso(t: f64, zone: &TimeZone) -> String {
    if !t.is_finite() {
        return String::new();
    }
    let whole = t.floor();
    let millis = ((t - whole) * 1000.0).round() as i64;
    let Ok(ts) = Timestamp::from_second(whole as i64)
        .and_then(|ts| ts.checked_add(jiff::SignedDuration::from_millis(millis)))
    else {
        return format!("{t}");
    };
    let zoned = ts.to_zoned(zone.clone());
    let fraction = if millis == 0 || millis == 1000 {
        ""
    } else {
        ".%3f"
    };
    let utc = zone.iana_name() == Some("UTC") || *zone == TimeZone::UTC;
    let pattern = format!(
        "%Y-%m-%dT%H:%M:%S{fraction}{}",
        if utc { "Z" } else { "%:z" }
    );
    zoned.strftime(&pattern).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bars_last_one_calendar_period() {
        let utc = TimeZone::UTC;
        let p = |s: &str, z: &TimeZone| parse(s, z).unwrap();
        // Months: each bar ends when its month does (30, 31 and 28 days).
        let months = ["2026-11-01", "2026-12-01", "2027-01-01", "2027-02-01"].map(|s| p(s, &utc));
        let ends = period_ends(&months, &utc);
        let want = ["2026-12-01", "2027-01-01", "2027-02-01", "2027-03-01"].map(|s| p(s, &utc));
        assert_eq!(ends, want);
        // Days in Berlin across the end of summer time: the 25th of October 2026 has 25 hours.
        let berlin = zone("Europe/Berlin").unwrap();
        let days = ["2026-10-24", "2026-10-25", "2026-10-26"].map(|s| p(s, &berlin));
        let ends = period_ends(&days, &berlin);
        assert_eq!(ends[1] - days[1], 25.0 * 3600.0);
        assert_eq!(ends[0] - days[0], 24.0 * 3600.0);
        // Irregular seconds: the smallest gap.
        assert_eq!(period_ends(&[0.0, 90.0, 300.0], &utc), [90.0, 180.0, 390.0]);
        // Years, quarters, weeks.
        let years = ["2024-01-01", "2025-01-01"].map(|s| p(s, &utc));
        assert_eq!(period_ends(&years, &utc)[0], years[1]);
        let quarters = ["2026-01-01", "2026-04-01", "2026-07-01"].map(|s| p(s, &utc));
        assert_eq!(period_ends(&quarters, &utc)[..2], quarters[1..]);
        let weeks = [0.0, 7.0 * 86_400.0];
        assert_eq!(period_ends(&weeks, &utc), [7.0 * 86_400.0, 14.0 * 86_400.0]);
        // One bar: a day.
        assert_eq!(period_ends(&[86_400.0], &utc), [2.0 * 86_400.0]);
    }

    #[test]
    fn forms_of_a_time() {
        let utc = TimeZone::UTC;
        let t = 1_793_512_800.0; // 2026-11-01T06:00:00Z
        assert_eq!(parse("2026-11-01T06:00:00Z", &utc), Some(t));
        assert_eq!(parse("2026-11-01T07:00:00+01:00", &utc), Some(t));
        assert_eq!(parse("2026-11-01T06:00", &utc), Some(t));
        assert_eq!(parse("2026-11-01 06:00:00", &utc), Some(t));
        assert_eq!(parse("2026-11-01", &utc), Some(t - 6.0 * 3600.0));
        let berlin = zone("Europe/Berlin").unwrap();
        assert_eq!(parse("2026-11-01T07:00", &berlin), Some(t));
        assert_eq!(parse("2026-11-01T06:00:00.250Z", &utc), Some(t + 0.25));
        for not in [
            "2026",
            "eu-west",
            "2026-13-01",
            "12:00",
            "",
            "2026-11-01Tnoon",
        ] {
            assert_eq!(parse(not, &utc), None, "{not}");
        }
    }

    #[test]
    fn zones() {
        assert_eq!(zone("UTC").unwrap(), TimeZone::UTC);
        assert_eq!(
            zone("+05:30").unwrap(),
            TimeZone::fixed(Offset::from_seconds(19_800).unwrap())
        );
        assert_eq!(
            zone("-08").unwrap(),
            TimeZone::fixed(Offset::from_seconds(-28_800).unwrap())
        );
        assert!(zone("America/New_York").is_ok());
        assert!(zone("Mars/Olympus").unwrap_err().contains("IANA"));
        assert!(zone("+5:3").is_err());
    }

    #[test]
    fn iso_forms() {
        let t = 1_793_512_800.0;
        assert_eq!(iso(t, &TimeZone::UTC), "2026-11-01T06:00:00Z");
        assert_eq!(iso(t + 0.5, &TimeZone::UTC), "2026-11-01T06:00:00.500Z");
        assert_eq!(
            iso(t, &zone("Europe/Berlin").unwrap()),
            "2026-11-01T07:00:00+01:00"
        );
        assert_eq!(
            iso(t, &zone("+05:30").unwrap()),
            "2026-11-01T11:30:00+05:30"
        );
    }

    #[test]
    fn more_zones_and_times() {
        assert_eq!(
            zone("Europe/Berlin").unwrap().iana_name(),
            Some("Europe/Berlin")
        );
        assert_eq!(
            zone("america/new_york").unwrap().iana_name(),
            Some("America/New_York")
        );
        for bad in [
            "Mars/Olympus",
            "",
            "+5:3",
            "/etc/localtime",
            "../zoneinfo/UTC",
            "local",
        ] {
            let err = zone(bad).unwrap_err();
            for form in ["\"UTC\"", "\"+05:30\"", "\"Europe/Berlin\""] {
                assert!(err.contains(form), "{err}");
            }
        }
        let t = 1_793_512_800.0;
        let berlin = zone("Europe/Berlin").unwrap();
        assert_eq!(
            iso(t - 86_400.0 * 30.0, &berlin),
            "2026-10-02T08:00:00+02:00"
        );
        assert_eq!(
            iso(t, &zone("America/New_York").unwrap()),
            "2026-11-01T01:00:00-05:00"
        );
        assert_eq!(iso(-0.25, &TimeZone::UTC), "1969-12-31T23:59:59.750Z");
        assert_eq!(iso(t + 0.0004, &TimeZone::UTC), "2026-11-01T06:00:00Z");
    }

    /// Zone data comes from the binary, never from the machine. This fails if some dependency
    /// turns on jiff's `tzdb-zoneinfo` (and this machine has /usr/share/zoneinfo).
    #[test]
    fn zone_data_is_bundled() {
        assert_eq!(
            format!("{:?}", jiff::tz::db()),
            "TimeZoneDatabase(Bundled(available))"
        );
    }

    #[test]
    fn epochs() {
        assert_eq!(
            from_epoch(1_793_512_800_000.0, EpochUnit::Milliseconds),
            Some(1_793_512_800.0)
        );
        assert_eq!(from_epoch(1e300, EpochUnit::Seconds), None);
    }
}
