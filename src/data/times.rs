//! Dates in data-file cells. A column of a million date-times is parsed once per chart, so the
//! form machines write most, `2026-11-01T06:00:00Z` (with a fraction of a second or an offset
//! such as `+01:00`, a `T` or a space in the middle), takes a short path: its digits are split
//! here and jiff turns them into an instant (no calendar arithmetic here). Every other form, and
//! anything the short path is unsure of, goes to [`crate::time::parse`], which is the rule; the
//! tests check that both agree.

use jiff::civil::DateTime;
use jiff::tz::{Offset, TimeZone};

/// Seconds since the epoch of `text` in `zone`, as [`crate::time::parse`] reads it.
pub(super) fn parse(text: &str, zone: &TimeZone) -> Option<f64> {
    match instant(text.as_bytes()) {
        Some(t) => Some(t),
        None => crate::time::parse(text, zone),
    }
}

/// `YYYY-MM-DD[T ]HH:MM:SS[.fraction](Z|±HH:MM)`, exactly; `None` for anything else.
fn instant(b: &[u8]) -> Option<f64> {
    let digits = |range: std::ops::Range<usize>| -> Option<i32> {
        let mut v = 0i32;
        for &c in b.get(range)? {
            if !c.is_ascii_digit() {
                return None;
            }
            v = v * 10 + i32::from(c - b'0');
        }
        Some(v)
    };
    if b.len() < 20
        || b[4] != b'-'
        || b[7] != b'-'
        || !matches!(b[10], b'T' | b' ')
        || b[13] != b':'
        || b[16] != b':'
    {
        return None;
    }
    let (year, month, day) = (digits(0..4)?, digits(5..7)?, digits(8..10)?);
    let (hour, minute, second) = (digits(11..13)?, digits(14..16)?, digits(17..19)?);
    let mut i = 19;
    let mut nanos = 0i32;
    if b[i] == b'.' {
        let start = i + 1;
        let mut end = start;
        while end < b.len() && b[end].is_ascii_digit() {
            end += 1;
        }
        if end == start || end - start > 9 {
            return None;
        }
        nanos = digits(start..end)? * 10i32.pow((9 - (end - start)) as u32);
        i = end;
    }
    let offset = match &b[i..] {
        b"Z" => Offset::UTC,
        [sign @ (b'+' | b'-'), _, _, b':', _, _] => {
            let (h, m) = (digits(i + 1..i + 3)?, digits(i + 4..i + 6)?);
            if h > 23 || m > 59 || (h == 0 && m == 0) {
                return None;
            }
            let seconds = (h * 3600 + m * 60) * if *sign == b'-' { -1 } else { 1 };
            Offset::from_seconds(seconds).ok()?
        }
        _ => return None,
    };
    let civil = DateTime::new(
        i16::try_from(year).ok()?,
        i8::try_from(month).ok()?,
        i8::try_from(day).ok()?,
        i8::try_from(hour).ok()?,
        i8::try_from(minute).ok()?,
        i8::try_from(second).ok()?,
        nanos,
    )
    .ok()?;
    let t = offset.to_timestamp(civil).ok()?;
    // As `crate::time` turns a timestamp into seconds.
    Some(t.as_second() as f64 + f64::from(t.subsec_nanosecond()) / 1e9)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_short_path_agrees_with_the_rule() {
        let zones = ["UTC", "Europe/Berlin", "-03:30"].map(|z| crate::time::zone(z).unwrap());
        let texts = [
            "2026-11-01T06:00:00Z",
            "2026-11-01 06:00:00Z",
            "2026-11-01T06:00:00.5Z",
            "2026-11-01T06:00:00.123456789Z",
            "2026-11-01T06:00:00.1234567891Z",
            "2026-11-01T06:00:00+01:00",
            "2026-11-01T06:00:00-08:00",
            "2026-11-01T06:00:00+00:00",
            "2026-11-01T06:00:00-00:00",
            "2026-11-01T06:00:00+23:59",
            "2026-11-01T06:00:00+24:00",
            "2026-11-01T06:00:00z",
            "2026-11-01T06:00:60Z",
            "2026-12-31T23:59:60Z",
            "2026-02-29T00:00:00Z",
            "2028-02-29T00:00:00Z",
            "2026-13-01T00:00:00Z",
            "2026-11-01T24:00:00Z",
            "0000-01-01T00:00:00Z",
            "9999-12-31T23:59:59Z",
            "2026-11-01T06:00:00",
            "2026-11-01T06:00",
            "2026-11-01",
            "2026-03-29T02:30:00",
            " 2026-11-01T06:00:00Z ",
            "2026-11-01T06:00:00Z[Europe/Berlin]",
            "2026-11-01T06:00:00.Z",
            "2026-11-01T06:00:00+0100",
            "2026-11-01T6:00:00Z",
            "+2026-11-01T06:00:00Z",
            "2026-11-01T06:00:00 Z",
            "2026-11-01X06:00:00Z",
            "not a date at all, no",
            "",
        ];
        for zone in &zones {
            for text in texts {
                assert_eq!(
                    parse(text, zone).map(f64::to_bits),
                    crate::time::parse(text, zone).map(f64::to_bits),
                    "{text:?}"
                );
            }
        }
        // The short path is taken (and right) for the common forms.
        assert_eq!(instant(b"2026-11-01T00:00:00Z"), Some(1_793_491_200.0));
        assert_eq!(instant(b"2026-11-01T01:00:00+01:00"), Some(1_793_491_200.0));
        assert_eq!(instant(b"2026-11-01T00:00:00.25Z"), Some(1_793_491_200.25));
        assert_eq!(instant(b"2026-11-01T06:00"), None);
    }
}
