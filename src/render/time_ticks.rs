//! Ticks and labels for a time axis, in the manner of d3's time scale and its multi-scale time
//! format: ticks on calendar boundaries in the axis's time zone, labels that show only what
//! changes at each tick.
//!
//! Intervals, finest first: 1, 2, 5, 10, 20, 50, 100, 200, 500 ms; 1, 5, 15, 30 s; 1, 5, 15,
//! 30 min; 1, 3, 6, 12 h; 1, 2 days; 1 week; 1, 3 months; 1, 2, 5, 10, 20, … 10,000 years.
//! A tick of `n` units falls where that unit of the local wall clock or calendar is a multiple of
//! `n`, as in d3: 3-hourly ticks at 00:00, 03:00, …; 2-daily on days 1, 3, 5, … of each month
//! (31 → 1 is one day); quarterly on the first of January, April, July and October; 5-yearly in
//! years divisible by 5. Weeks start on **Monday** (ISO 8601; d3 uses Sunday).
//!
//! The interval: the one whose ticks in `[lo, hi]` are the most without being more than
//! `max_ticks` (the finer one on a tie). d3 aims at a target count instead and may overshoot it;
//! here `max_ticks` is a hard limit (it is how many labels fit), and the result has at least two
//! ticks whenever some interval gives two within it.
//!
//! Labels (d3's multi-scale format, 24-hour clock, English names, no locale): `.500` for a tick
//! inside a second, `:30` inside a minute, `06:15` inside an hour, `06:00` inside a day; a tick
//! at the start of a day shows `Tue 3`, or `Nov 2` on a Monday (d3's `%a %d` and `%b %d`,
//! without the zero padding); the first of a month `Nov`, the first of a year `2027`.
//!
//! Time zones and DST: all calendar arithmetic is jiff's. Clock ticks (seconds to hours) are the
//! instants whose local wall-clock time is on the step, so each local time that exists gives one
//! tick, a time that a DST change skips gives none and a time that it repeats gives two. Day and
//! coarser ticks are at the first instant of the local day (midnight, or the end of a gap that
//! swallows midnight); such a day start is a tick among clock ticks too. So that a clock change is never silent, a clock label (`HH:MM`) gets the
//! zone's abbreviation when the UTC offset differs from the previous tick's or when that wall
//! time happens twice: Europe/Berlin on 2026-10-25 reads `01:00`, `02:00 CEST`, `02:00 CET`,
//! `03:00`, and on 2026-03-29 `01:00`, `03:00 CEST`. Zones whose abbreviation is numeric
//! (`+0530`, `-03`) show `UTC+5:30`, `UTC-3`.
//!
//! Bounds: NaN and infinite bounds give no ticks; finite bounds are clamped to what jiff
//! represents (years −9999 to 9999), so `1e300` is harmless; reversed bounds are swapped;
//! `lo == hi` gives the one tick there if it is a whole millisecond; spans under a millisecond
//! may have none; `max_ticks` is capped at [`MAX_TICKS`]. Each candidate interval is generated only while its
//! ticks number at most `max_ticks + 1`, and intervals that would surely give far more are never
//! generated, so the work is about `max_ticks` times the number of intervals, whatever the span.

use jiff::civil::{Date, DateTime, DateTimeRound, Time, Weekday};
use jiff::tz::{AmbiguousOffset, Offset, TimeZone};
use jiff::{RoundMode, SignedDuration, Span, Timestamp, Unit};

/// The most ticks an axis gets, whatever `max_ticks` says.
pub(crate) const MAX_TICKS: usize = 1000;

/// Ticks of a time axis and their labels (as many labels as ticks).
#[derive(Clone, Debug, Default, PartialEq)]
pub(crate) struct TimeTicks {
    /// Tick instants, seconds since the Unix epoch (UTC), strictly increasing, within `[lo, hi]`.
    pub ticks: Vec<f64>,
    /// The label of each tick.
    pub labels: Vec<String>,
    /// The length in seconds of one period of the chosen interval: a calendar period has its mean
    /// length (a month is 1/12 of a Gregorian year). The width of a bar on a time axis.
    pub period: f64,
}

/// Ticks and labels for the span `[lo, hi]` (seconds since the epoch) in `zone`, at most
/// `max_ticks` of them. See the module documentation for the rules.
pub(crate) fn calendar_ticks(lo: f64, hi: f64, max_ticks: usize, zone: &TimeZone) -> TimeTicks {
    let Some(choice) = choose(lo, hi, max_ticks, zone) else {
        return TimeTicks::default();
    };
    let labels = labels(&choice.ticks, choice.step, zone);
    TimeTicks {
        ticks: choice.ticks.iter().map(|&ts| seconds(ts)).collect(),
        labels,
        period: choice.step.nominal(),
    }
}

/// The length in seconds of one period of the interval [`calendar_ticks`] chooses for the same
/// arguments (the width of a bar on a time axis). Calendar periods have their mean length: a day
/// 86,400 s, a month 1/12 of a Gregorian year (2,629,746 s), a year 365.2425 days. 0 when there
/// is no span (NaN or infinite bounds, bounds beyond jiff's years, `max_ticks` 0); 0.001 (the
/// finest interval) when no interval has a tick in it (`lo == hi` off a millisecond).
#[cfg(test)]
pub(crate) fn period(lo: f64, hi: f64, max_ticks: usize, zone: &TimeZone) -> f64 {
    choose(lo, hi, max_ticks, zone).map_or(0.0, |choice| choice.step.nominal())
}

/// A tick interval.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Step {
    /// Every `n` milliseconds (offsets are whole seconds, so local and UTC agree).
    Millis(i64),
    /// Every `n` seconds, minutes or hours of the local wall clock.
    Clock(Unit, i64),
    /// Days 1, 1 + n, 1 + 2n, … of each month (n = 1 or 2).
    Days(i8),
    /// Mondays.
    Week,
    /// Months 1, 1 + n, … of each year (n = 1 or 3).
    Months(i8),
    /// Years divisible by `n`.
    Years(i16),
}

/// The intervals, finest first.
const STEPS: [Step; 39] = [
    Step::Millis(1),
    Step::Millis(2),
    Step::Millis(5),
    Step::Millis(10),
    Step::Millis(20),
    Step::Millis(50),
    Step::Millis(100),
    Step::Millis(200),
    Step::Millis(500),
    Step::Clock(Unit::Second, 1),
    Step::Clock(Unit::Second, 5),
    Step::Clock(Unit::Second, 15),
    Step::Clock(Unit::Second, 30),
    Step::Clock(Unit::Minute, 1),
    Step::Clock(Unit::Minute, 5),
    Step::Clock(Unit::Minute, 15),
    Step::Clock(Unit::Minute, 30),
    Step::Clock(Unit::Hour, 1),
    Step::Clock(Unit::Hour, 3),
    Step::Clock(Unit::Hour, 6),
    Step::Clock(Unit::Hour, 12),
    Step::Days(1),
    Step::Days(2),
    Step::Week,
    Step::Months(1),
    Step::Months(3),
    Step::Years(1),
    Step::Years(2),
    Step::Years(5),
    Step::Years(10),
    Step::Years(20),
    Step::Years(50),
    Step::Years(100),
    Step::Years(200),
    Step::Years(500),
    Step::Years(1000),
    Step::Years(2000),
    Step::Years(5000),
    Step::Years(10_000),
];

const DAY: f64 = 86_400.0;
const YEAR: f64 = 365.2425 * DAY;

impl Step {
    /// The usual length of one period, in seconds.
    fn nominal(self) -> f64 {
        match self {
            Step::Millis(n) => n as f64 / 1000.0,
            Step::Clock(unit, n) => {
                let unit = match unit {
                    Unit::Hour => 3600.0,
                    Unit::Minute => 60.0,
                    _ => 1.0,
                };
                unit * n as f64
            }
            Step::Days(n) => f64::from(n) * DAY,
            Step::Week => 7.0 * DAY,
            Step::Months(n) => f64::from(n) * YEAR / 12.0,
            Step::Years(n) => f64::from(n) * YEAR,
        }
    }
}

/// The chosen interval and its ticks.
struct Choice {
    step: Step,
    ticks: Vec<Timestamp>,
}

/// The earliest and latest seconds handled: jiff's range less two days, so that a local date
/// and the start of its day exist in any zone.
fn range() -> (f64, f64) {
    let margin = 2 * 86_400;
    (
        (Timestamp::MIN.as_second() + margin) as f64,
        (Timestamp::MAX.as_second() - margin) as f64,
    )
}

fn choose(lo: f64, hi: f64, max_ticks: usize, zone: &TimeZone) -> Option<Choice> {
    if !lo.is_finite() || !hi.is_finite() || max_ticks == 0 {
        return None;
    }
    let (lo, hi) = if lo <= hi { (lo, hi) } else { (hi, lo) };
    let (min, max) = range();
    let (lo, hi) = (lo.max(min), hi.min(max));
    if lo > hi {
        return None;
    }
    let limit = max_ticks.min(MAX_TICKS);
    let span = hi - lo;
    let mut best: Option<Choice> = None;
    for step in STEPS {
        let nominal = step.nominal();
        // Surely far more ticks than allowed (no period is a quarter of its usual length).
        if span / nominal > 4.0 * (limit as f64 + 2.0) {
            continue;
        }
        // No period is much under half its usual length, so this and every coarser interval
        // give at most two ticks: they cannot beat the best (a tie goes to the finer).
        if best.as_ref().is_some_and(|b| b.ticks.len() >= 2) && nominal > 2.0 * span {
            break;
        }
        let ticks = generate(step, lo, hi, limit, zone);
        if ticks.len() <= limit && best.as_ref().is_none_or(|b| ticks.len() > b.ticks.len()) {
            best = Some(Choice { step, ticks });
        }
    }
    best
}

/// Seconds since the epoch of a tick (whole milliseconds, so this is the nearest `f64`).
fn seconds(ts: Timestamp) -> f64 {
    ts.as_millisecond() as f64 / 1000.0
}

/// Collects ticks offered in increasing order: those in `[lo, hi]`, each later than the last.
struct Collect {
    lo: f64,
    hi: f64,
    limit: usize,
    ticks: Vec<Timestamp>,
    /// Offers left: a bound on every generator's loop, whatever the zone data holds.
    budget: usize,
}

impl Collect {
    /// Takes `ts` if it belongs; `false` once generation should stop (past `hi`, one tick more
    /// than allowed, out of budget).
    fn offer(&mut self, ts: Timestamp) -> bool {
        let t = seconds(ts);
        if t > self.hi || self.budget == 0 {
            return false;
        }
        self.budget -= 1;
        if t >= self.lo && self.ticks.last().is_none_or(|last| *last < ts) {
            self.ticks.push(ts);
        }
        self.ticks.len() <= self.limit
    }
}

/// The ticks of `step` in `[lo, hi]`, stopping at `limit + 1` (one more than allowed).
fn generate(step: Step, lo: f64, hi: f64, limit: usize, zone: &TimeZone) -> Vec<Timestamp> {
    let mut collect = Collect {
        lo,
        hi,
        limit,
        ticks: Vec::new(),
        budget: 4 * limit + 64,
    };
    // A millisecond before `lo`: generators start at or before it, `Collect` drops the early.
    let Ok(start) = Timestamp::from_millisecond((lo * 1000.0).floor() as i64 - 1) else {
        return Vec::new();
    };
    match step {
        Step::Millis(n) => millis(&mut collect, start, n),
        Step::Clock(unit, n) => clock(&mut collect, start, unit, n, zone),
        Step::Years(n) => years(&mut collect, start, n, zone),
        _ => days(&mut collect, start, step, zone),
    }
    collect.ticks
}

fn millis(collect: &mut Collect, start: Timestamp, n: i64) {
    let mut ms = start.as_millisecond().div_euclid(n) * n;
    while let Ok(ts) = Timestamp::from_millisecond(ms) {
        if !collect.offer(ts) {
            return;
        }
        ms += n;
    }
}

/// Every `n` `unit`s of the local wall clock. Between two offset changes of the zone, local time
/// is UTC plus a fixed offset: in each such stretch, the wall-clock times on the step (jiff's
/// rounding and civil arithmetic) at that offset.
fn clock(collect: &mut Collect, start_ts: Timestamp, unit: Unit, n: i64, zone: &TimeZone) {
    let round = DateTimeRound::new()
        .smallest(unit)
        .increment(n)
        .mode(RoundMode::Ceil);
    let step = match unit {
        Unit::Hour => SignedDuration::from_hours(n),
        Unit::Minute => SignedDuration::from_mins(n),
        _ => SignedDuration::from_secs(n),
    };
    let mut from = start_ts;
    while collect.budget > 0 {
        // Each stretch between offset changes costs one offer, ticks or not.
        collect.budget -= 1;
        let offset = zone.to_offset(from);
        let until = zone.following(from).next().map(|t| t.timestamp());
        let start = offset.to_datetime(from);
        // A day that starts in a gap (its midnight never shows on the clock) still gets its
        // tick, at the first instant it has: the transition.
        if from != start_ts && start_of(start.date(), zone) == Some(from) && !collect.offer(from) {
            return;
        }
        let Ok(mut wall) = start.round(round) else {
            return;
        };
        loop {
            let Ok(ts) = offset.to_timestamp(wall) else {
                return;
            };
            if until.is_some_and(|until| ts >= until) {
                break;
            }
            if !collect.offer(ts) {
                return;
            }
            let Ok(next) = wall.checked_add(step) else {
                return;
            };
            wall = next;
        }
        match until {
            Some(until) if seconds(until) <= collect.hi => from = until,
            _ => return,
        }
    }
}

/// The first instant of local day `date`: midnight, or the end of a DST gap that swallows it.
fn start_of(date: Date, zone: &TimeZone) -> Option<Timestamp> {
    zone.to_timestamp(date.to_datetime(Time::midnight())).ok()
}

/// Days, weeks and months: from the period holding `start`, by calendar arithmetic.
fn days(collect: &mut Collect, start: Timestamp, step: Step, zone: &TimeZone) {
    let first = zone.to_datetime(start).date();
    let floor = match step {
        Step::Days(n) => first.checked_sub(Span::new().days((first.day() - 1) % n)),
        Step::Week => first.checked_sub(Span::new().days(first.weekday().to_monday_zero_offset())),
        Step::Months(n) => Date::new(first.year(), first.month() - (first.month() - 1) % n, 1),
        _ => return,
    };
    let Ok(mut date) = floor else {
        return;
    };
    loop {
        let Some(ts) = start_of(date, zone) else {
            return;
        };
        if !collect.offer(ts) {
            return;
        }
        let next = match step {
            Step::Days(n) if date.day() + n > date.days_in_month() => {
                date.first_of_month().checked_add(Span::new().months(1))
            }
            Step::Days(n) => date.checked_add(Span::new().days(n)),
            Step::Week => date.checked_add(Span::new().weeks(1)),
            Step::Months(n) => date.checked_add(Span::new().months(n)),
            _ => return,
        };
        let Ok(next) = next else {
            return;
        };
        date = next;
    }
}

/// The first of January of years divisible by `n`.
fn years(collect: &mut Collect, start: Timestamp, n: i16, zone: &TimeZone) {
    let first = i32::from(zone.to_datetime(start).year());
    let n = i32::from(n);
    let mut year = first - first.rem_euclid(n);
    while collect.budget > 0 {
        match i16::try_from(year)
            .ok()
            .and_then(|y| Date::new(y, 1, 1).ok())
        {
            Some(date) => {
                let Some(ts) = start_of(date, zone) else {
                    return;
                };
                if !collect.offer(ts) {
                    return;
                }
            }
            // Past year 9999.
            None if year > 0 => return,
            // Before year -9999.
            None => collect.budget -= 1,
        }
        year += n;
    }
}

/// How much a label shows.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Level {
    Millisecond,
    Second,
    Clock,
    Day,
}

/// The labels of `ticks`, d3's multi-scale format in `zone`, with the zone's abbreviation where
/// the wall clock changes (see the module documentation).
fn labels(ticks: &[Timestamp], step: Step, zone: &TimeZone) -> Vec<String> {
    let clock_step = matches!(step, Step::Millis(_) | Step::Clock(..));
    let mut previous: Option<Offset> = None;
    ticks
        .iter()
        .map(|&ts| {
            let wall = zone.to_datetime(ts);
            let offset = zone.to_offset(ts);
            let (mut text, level) = label(ts, wall, zone);
            if clock_step && level == Level::Clock {
                let changed = previous.is_some_and(|p| p != offset);
                let repeated = matches!(
                    zone.to_ambiguous_timestamp(wall).offset(),
                    AmbiguousOffset::Fold { .. }
                );
                if changed || repeated {
                    text.push(' ');
                    text.push_str(&abbreviation(ts, zone));
                }
            }
            previous = Some(offset);
            text
        })
        .collect()
}

/// One tick's label: what changes at `ts` (local time `wall`).
fn label(ts: Timestamp, wall: DateTime, zone: &TimeZone) -> (String, Level) {
    if wall.millisecond() != 0 {
        return (format!(".{:03}", wall.millisecond()), Level::Millisecond);
    }
    if wall.second() != 0 {
        return (format!(":{:02}", wall.second()), Level::Second);
    }
    if start_of(wall.date(), zone) != Some(ts) {
        return (wall.strftime("%H:%M").to_string(), Level::Clock);
    }
    let text = if wall.day() != 1 {
        let pattern = if wall.weekday() == Weekday::Monday {
            "%b %-d"
        } else {
            "%a %-d"
        };
        wall.strftime(pattern).to_string()
    } else if wall.month() != 1 {
        wall.strftime("%b").to_string()
    } else {
        wall.year().to_string()
    };
    (text, Level::Day)
}

/// The zone's abbreviation at `ts` (`CEST`), or `UTC+5:30` where the abbreviation is a number.
fn abbreviation(ts: Timestamp, zone: &TimeZone) -> String {
    let info = zone.to_offset_info(ts);
    let name = info.abbreviation();
    if !name.is_empty() && name.bytes().all(|b| b.is_ascii_alphabetic()) {
        return name.to_string();
    }
    let seconds = info.offset().seconds();
    if seconds == 0 {
        return "UTC".to_string();
    }
    let sign = if seconds < 0 { '-' } else { '+' };
    let (hours, minutes) = (seconds.abs() / 3600, seconds.abs() % 3600 / 60);
    if minutes == 0 {
        format!("UTC{sign}{hours}")
    } else {
        format!("UTC{sign}{hours}:{minutes:02}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Seconds since the epoch of an RFC 3339 time.
    fn at(text: &str) -> f64 {
        seconds(text.parse::<Timestamp>().unwrap())
    }

    fn zone(name: &str) -> TimeZone {
        crate::time::zone(name).unwrap()
    }

    /// One case: the span (RFC 3339), `max_ticks`, the zone, and each tick as its local time
    /// (RFC 3339 in the zone) and label.
    type Case = (
        &'static str,
        &'static str,
        usize,
        &'static str,
        &'static [(&'static str, &'static str)],
    );

    fn check(cases: &[Case]) {
        for &(lo, hi, max, name, expected) in cases {
            let tz = zone(name);
            let got = calendar_ticks(at(lo), at(hi), max, &tz);
            let got: Vec<(String, &str)> = got
                .ticks
                .iter()
                .zip(&got.labels)
                .map(|(&t, label)| (crate::time::iso(t, &tz), label.as_str()))
                .collect();
            let want: Vec<(String, &str)> = expected
                .iter()
                .map(|&(t, label)| (t.to_string(), label))
                .collect();
            assert_eq!(got, want, "{lo} to {hi}, at most {max}, in {name}");
            // The instants themselves, not only their printed form.
            let ticks = calendar_ticks(at(lo), at(hi), max, &tz).ticks;
            let instants: Vec<f64> = expected.iter().map(|(t, _)| at(t)).collect();
            assert_eq!(ticks, instants, "{lo} to {hi} in {name}");
        }
    }

    #[test]
    fn utc_spans() {
        check(&[
            // 1 minute: 1 s gives 61, 5 s 13, so 15 s.
            (
                "2026-11-03T06:15:00Z",
                "2026-11-03T06:16:00Z",
                10,
                "UTC",
                &[
                    ("2026-11-03T06:15:00Z", "06:15"),
                    ("2026-11-03T06:15:15Z", ":15"),
                    ("2026-11-03T06:15:30Z", ":30"),
                    ("2026-11-03T06:15:45Z", ":45"),
                    ("2026-11-03T06:16:00Z", "06:16"),
                ],
            ),
            // 10 minutes: 1 min gives 11, one more than allowed, so 5 min...
            (
                "2026-11-03T06:10:00Z",
                "2026-11-03T06:20:00Z",
                10,
                "UTC",
                &[
                    ("2026-11-03T06:10:00Z", "06:10"),
                    ("2026-11-03T06:15:00Z", "06:15"),
                    ("2026-11-03T06:20:00Z", "06:20"),
                ],
            ),
            // ...and 1 min when 11 are allowed.
            (
                "2026-11-03T06:10:00Z",
                "2026-11-03T06:20:00Z",
                11,
                "UTC",
                &[
                    ("2026-11-03T06:10:00Z", "06:10"),
                    ("2026-11-03T06:11:00Z", "06:11"),
                    ("2026-11-03T06:12:00Z", "06:12"),
                    ("2026-11-03T06:13:00Z", "06:13"),
                    ("2026-11-03T06:14:00Z", "06:14"),
                    ("2026-11-03T06:15:00Z", "06:15"),
                    ("2026-11-03T06:16:00Z", "06:16"),
                    ("2026-11-03T06:17:00Z", "06:17"),
                    ("2026-11-03T06:18:00Z", "06:18"),
                    ("2026-11-03T06:19:00Z", "06:19"),
                    ("2026-11-03T06:20:00Z", "06:20"),
                ],
            ),
            // 1 hour.
            (
                "2026-11-03T06:00:00Z",
                "2026-11-03T07:00:00Z",
                10,
                "UTC",
                &[
                    ("2026-11-03T06:00:00Z", "06:00"),
                    ("2026-11-03T06:15:00Z", "06:15"),
                    ("2026-11-03T06:30:00Z", "06:30"),
                    ("2026-11-03T06:45:00Z", "06:45"),
                    ("2026-11-03T07:00:00Z", "07:00"),
                ],
            ),
            // 1 hour off the boundaries: only ticks inside.
            (
                "2026-11-03T06:07:30Z",
                "2026-11-03T07:07:30Z",
                10,
                "UTC",
                &[
                    ("2026-11-03T06:15:00Z", "06:15"),
                    ("2026-11-03T06:30:00Z", "06:30"),
                    ("2026-11-03T06:45:00Z", "06:45"),
                    ("2026-11-03T07:00:00Z", "07:00"),
                ],
            ),
            // 6 hours.
            (
                "2026-11-03T00:00:00Z",
                "2026-11-03T06:00:00Z",
                10,
                "UTC",
                &[
                    ("2026-11-03T00:00:00Z", "Tue 3"),
                    ("2026-11-03T01:00:00Z", "01:00"),
                    ("2026-11-03T02:00:00Z", "02:00"),
                    ("2026-11-03T03:00:00Z", "03:00"),
                    ("2026-11-03T04:00:00Z", "04:00"),
                    ("2026-11-03T05:00:00Z", "05:00"),
                    ("2026-11-03T06:00:00Z", "06:00"),
                ],
            ),
            // 1 day.
            (
                "2026-11-03T00:00:00Z",
                "2026-11-04T00:00:00Z",
                10,
                "UTC",
                &[
                    ("2026-11-03T00:00:00Z", "Tue 3"),
                    ("2026-11-03T03:00:00Z", "03:00"),
                    ("2026-11-03T06:00:00Z", "06:00"),
                    ("2026-11-03T09:00:00Z", "09:00"),
                    ("2026-11-03T12:00:00Z", "12:00"),
                    ("2026-11-03T15:00:00Z", "15:00"),
                    ("2026-11-03T18:00:00Z", "18:00"),
                    ("2026-11-03T21:00:00Z", "21:00"),
                    ("2026-11-04T00:00:00Z", "Wed 4"),
                ],
            ),
            // 3 days.
            (
                "2026-11-03T00:00:00Z",
                "2026-11-06T00:00:00Z",
                10,
                "UTC",
                &[
                    ("2026-11-03T00:00:00Z", "Tue 3"),
                    ("2026-11-03T12:00:00Z", "12:00"),
                    ("2026-11-04T00:00:00Z", "Wed 4"),
                    ("2026-11-04T12:00:00Z", "12:00"),
                    ("2026-11-05T00:00:00Z", "Thu 5"),
                    ("2026-11-05T12:00:00Z", "12:00"),
                    ("2026-11-06T00:00:00Z", "Fri 6"),
                ],
            ),
            // 1 week, Monday to Monday: Mondays show the month (d3's week format).
            (
                "2026-11-02T00:00:00Z",
                "2026-11-09T00:00:00Z",
                10,
                "UTC",
                &[
                    ("2026-11-02T00:00:00Z", "Nov 2"),
                    ("2026-11-03T00:00:00Z", "Tue 3"),
                    ("2026-11-04T00:00:00Z", "Wed 4"),
                    ("2026-11-05T00:00:00Z", "Thu 5"),
                    ("2026-11-06T00:00:00Z", "Fri 6"),
                    ("2026-11-07T00:00:00Z", "Sat 7"),
                    ("2026-11-08T00:00:00Z", "Sun 8"),
                    ("2026-11-09T00:00:00Z", "Nov 9"),
                ],
            ),
            // 1 month: 2-daily gives 16, so weekly (Mondays)...
            (
                "2026-11-01T00:00:00Z",
                "2026-12-01T00:00:00Z",
                10,
                "UTC",
                &[
                    ("2026-11-02T00:00:00Z", "Nov 2"),
                    ("2026-11-09T00:00:00Z", "Nov 9"),
                    ("2026-11-16T00:00:00Z", "Nov 16"),
                    ("2026-11-23T00:00:00Z", "Nov 23"),
                    ("2026-11-30T00:00:00Z", "Nov 30"),
                ],
            ),
            // ...and 2-daily (odd days of the month) when 16 are allowed.
            (
                "2026-11-01T00:00:00Z",
                "2026-12-01T00:00:00Z",
                16,
                "UTC",
                &[
                    ("2026-11-01T00:00:00Z", "Nov"),
                    ("2026-11-03T00:00:00Z", "Tue 3"),
                    ("2026-11-05T00:00:00Z", "Thu 5"),
                    ("2026-11-07T00:00:00Z", "Sat 7"),
                    ("2026-11-09T00:00:00Z", "Nov 9"),
                    ("2026-11-11T00:00:00Z", "Wed 11"),
                    ("2026-11-13T00:00:00Z", "Fri 13"),
                    ("2026-11-15T00:00:00Z", "Sun 15"),
                    ("2026-11-17T00:00:00Z", "Tue 17"),
                    ("2026-11-19T00:00:00Z", "Thu 19"),
                    ("2026-11-21T00:00:00Z", "Sat 21"),
                    ("2026-11-23T00:00:00Z", "Nov 23"),
                    ("2026-11-25T00:00:00Z", "Wed 25"),
                    ("2026-11-27T00:00:00Z", "Fri 27"),
                    ("2026-11-29T00:00:00Z", "Sun 29"),
                    ("2026-12-01T00:00:00Z", "Dec"),
                ],
            ),
            // 3 months: 13 Mondays are too many.
            (
                "2026-10-01T00:00:00Z",
                "2027-01-01T00:00:00Z",
                10,
                "UTC",
                &[
                    ("2026-10-01T00:00:00Z", "Oct"),
                    ("2026-11-01T00:00:00Z", "Nov"),
                    ("2026-12-01T00:00:00Z", "Dec"),
                    ("2027-01-01T00:00:00Z", "2027"),
                ],
            ),
            // 1 year: quarters.
            (
                "2026-01-01T00:00:00Z",
                "2027-01-01T00:00:00Z",
                10,
                "UTC",
                &[
                    ("2026-01-01T00:00:00Z", "2026"),
                    ("2026-04-01T00:00:00Z", "Apr"),
                    ("2026-07-01T00:00:00Z", "Jul"),
                    ("2026-10-01T00:00:00Z", "Oct"),
                    ("2027-01-01T00:00:00Z", "2027"),
                ],
            ),
            // 3 years: 13 quarters are too many.
            (
                "2024-01-01T00:00:00Z",
                "2027-01-01T00:00:00Z",
                10,
                "UTC",
                &[
                    ("2024-01-01T00:00:00Z", "2024"),
                    ("2025-01-01T00:00:00Z", "2025"),
                    ("2026-01-01T00:00:00Z", "2026"),
                    ("2027-01-01T00:00:00Z", "2027"),
                ],
            ),
            // 10 years: 11 years are too many.
            (
                "2020-01-01T00:00:00Z",
                "2030-01-01T00:00:00Z",
                10,
                "UTC",
                &[
                    ("2020-01-01T00:00:00Z", "2020"),
                    ("2022-01-01T00:00:00Z", "2022"),
                    ("2024-01-01T00:00:00Z", "2024"),
                    ("2026-01-01T00:00:00Z", "2026"),
                    ("2028-01-01T00:00:00Z", "2028"),
                    ("2030-01-01T00:00:00Z", "2030"),
                ],
            ),
            // 1,000 years: centuries give 11, so every 200 years.
            (
                "1500-01-01T00:00:00Z",
                "2500-01-01T00:00:00Z",
                10,
                "UTC",
                &[
                    ("1600-01-01T00:00:00Z", "1600"),
                    ("1800-01-01T00:00:00Z", "1800"),
                    ("2000-01-01T00:00:00Z", "2000"),
                    ("2200-01-01T00:00:00Z", "2200"),
                    ("2400-01-01T00:00:00Z", "2400"),
                ],
            ),
            // Before 1970, across the epoch.
            (
                "1969-12-31T18:00:00Z",
                "1970-01-01T06:00:00Z",
                10,
                "UTC",
                &[
                    ("1969-12-31T18:00:00Z", "18:00"),
                    ("1969-12-31T21:00:00Z", "21:00"),
                    ("1970-01-01T00:00:00Z", "1970"),
                    ("1970-01-01T03:00:00Z", "03:00"),
                    ("1970-01-01T06:00:00Z", "06:00"),
                ],
            ),
            // Milliseconds before the epoch.
            (
                "1969-12-31T23:59:59.990Z",
                "1970-01-01T00:00:00Z",
                10,
                "UTC",
                &[
                    ("1969-12-31T23:59:59.990Z", ".990"),
                    ("1969-12-31T23:59:59.992Z", ".992"),
                    ("1969-12-31T23:59:59.994Z", ".994"),
                    ("1969-12-31T23:59:59.996Z", ".996"),
                    ("1969-12-31T23:59:59.998Z", ".998"),
                    ("1970-01-01T00:00:00Z", "1970"),
                ],
            ),
        ]);
    }

    #[test]
    fn fixed_offset_and_odd_offsets() {
        check(&[
            // Local midnight in +05:30 is 18:30 UTC the day before.
            (
                "2026-11-03T00:00:00+05:30",
                "2026-11-04T00:00:00+05:30",
                10,
                "+05:30",
                &[
                    ("2026-11-03T00:00:00+05:30", "Tue 3"),
                    ("2026-11-03T03:00:00+05:30", "03:00"),
                    ("2026-11-03T06:00:00+05:30", "06:00"),
                    ("2026-11-03T09:00:00+05:30", "09:00"),
                    ("2026-11-03T12:00:00+05:30", "12:00"),
                    ("2026-11-03T15:00:00+05:30", "15:00"),
                    ("2026-11-03T18:00:00+05:30", "18:00"),
                    ("2026-11-03T21:00:00+05:30", "21:00"),
                    ("2026-11-04T00:00:00+05:30", "Wed 4"),
                ],
            ),
            // Kathmandu (+05:45): half hours of the local clock, not of UTC.
            (
                "2026-11-03T06:00:00+05:45",
                "2026-11-03T08:00:00+05:45",
                5,
                "Asia/Kathmandu",
                &[
                    ("2026-11-03T06:00:00+05:45", "06:00"),
                    ("2026-11-03T06:30:00+05:45", "06:30"),
                    ("2026-11-03T07:00:00+05:45", "07:00"),
                    ("2026-11-03T07:30:00+05:45", "07:30"),
                    ("2026-11-03T08:00:00+05:45", "08:00"),
                ],
            ),
            // Lord Howe turns its clock back half an hour (02:00 +11 to 01:30 +10:30): hourly
            // ticks stay on the local hour; its abbreviations are numbers.
            (
                "2026-04-05T00:00:00+11:00",
                "2026-04-05T04:00:00+10:30",
                6,
                "Australia/Lord_Howe",
                &[
                    ("2026-04-05T00:00:00+11:00", "Sun 5"),
                    ("2026-04-05T01:00:00+11:00", "01:00"),
                    ("2026-04-05T02:00:00+10:30", "02:00 UTC+10:30"),
                    ("2026-04-05T03:00:00+10:30", "03:00"),
                    ("2026-04-05T04:00:00+10:30", "04:00"),
                ],
            ),
        ]);
        // The first tick in +05:30 is 18:30 UTC.
        let ticks = calendar_ticks(
            at("2026-11-03T00:00:00+05:30"),
            at("2026-11-04T00:00:00+05:30"),
            10,
            &zone("+05:30"),
        );
        assert_eq!(ticks.ticks[0], at("2026-11-02T18:30:00Z"));
    }

    #[test]
    fn berlin_across_both_dst_changes() {
        check(&[
            // 2026-03-29: 02:00 CET becomes 03:00 CEST; 02:00 does not exist. Hourly ticks skip
            // it, and the tick after the jump names the new zone.
            (
                "2026-03-29T00:00:00+01:00",
                "2026-03-29T05:00:00+02:00",
                6,
                "Europe/Berlin",
                &[
                    ("2026-03-29T00:00:00+01:00", "Sun 29"),
                    ("2026-03-29T01:00:00+01:00", "01:00"),
                    ("2026-03-29T03:00:00+02:00", "03:00 CEST"),
                    ("2026-03-29T04:00:00+02:00", "04:00"),
                    ("2026-03-29T05:00:00+02:00", "05:00"),
                ],
            ),
            // The whole 23-hour day, 3-hourly; the next midnight is a Monday.
            (
                "2026-03-29T00:00:00+01:00",
                "2026-03-30T00:00:00+02:00",
                10,
                "Europe/Berlin",
                &[
                    ("2026-03-29T00:00:00+01:00", "Sun 29"),
                    ("2026-03-29T03:00:00+02:00", "03:00 CEST"),
                    ("2026-03-29T06:00:00+02:00", "06:00"),
                    ("2026-03-29T09:00:00+02:00", "09:00"),
                    ("2026-03-29T12:00:00+02:00", "12:00"),
                    ("2026-03-29T15:00:00+02:00", "15:00"),
                    ("2026-03-29T18:00:00+02:00", "18:00"),
                    ("2026-03-29T21:00:00+02:00", "21:00"),
                    ("2026-03-30T00:00:00+02:00", "Mar 30"),
                ],
            ),
            // 2026-10-25: 03:00 CEST becomes 02:00 CET; 02:00 happens twice, and both are
            // ticks, each with its zone.
            (
                "2026-10-25T00:00:00+02:00",
                "2026-10-25T05:00:00+01:00",
                8,
                "Europe/Berlin",
                &[
                    ("2026-10-25T00:00:00+02:00", "Sun 25"),
                    ("2026-10-25T01:00:00+02:00", "01:00"),
                    ("2026-10-25T02:00:00+02:00", "02:00 CEST"),
                    ("2026-10-25T02:00:00+01:00", "02:00 CET"),
                    ("2026-10-25T03:00:00+01:00", "03:00"),
                    ("2026-10-25T04:00:00+01:00", "04:00"),
                    ("2026-10-25T05:00:00+01:00", "05:00"),
                ],
            ),
            // Quarter hours through the repeated hour: every one of them is ambiguous.
            (
                "2026-10-25T02:30:00+02:00",
                "2026-10-25T02:30:00+01:00",
                5,
                "Europe/Berlin",
                &[
                    ("2026-10-25T02:30:00+02:00", "02:30 CEST"),
                    ("2026-10-25T02:45:00+02:00", "02:45 CEST"),
                    ("2026-10-25T02:00:00+01:00", "02:00 CET"),
                    ("2026-10-25T02:15:00+01:00", "02:15 CET"),
                    ("2026-10-25T02:30:00+01:00", "02:30 CET"),
                ],
            ),
            // The whole 25-hour day, 3-hourly.
            (
                "2026-10-25T00:00:00+02:00",
                "2026-10-26T00:00:00+01:00",
                10,
                "Europe/Berlin",
                &[
                    ("2026-10-25T00:00:00+02:00", "Sun 25"),
                    ("2026-10-25T03:00:00+01:00", "03:00 CET"),
                    ("2026-10-25T06:00:00+01:00", "06:00"),
                    ("2026-10-25T09:00:00+01:00", "09:00"),
                    ("2026-10-25T12:00:00+01:00", "12:00"),
                    ("2026-10-25T15:00:00+01:00", "15:00"),
                    ("2026-10-25T18:00:00+01:00", "18:00"),
                    ("2026-10-25T21:00:00+01:00", "21:00"),
                    ("2026-10-26T00:00:00+01:00", "Oct 26"),
                ],
            ),
            // Daily ticks at local midnight through the spring change.
            (
                "2026-03-23T00:00:00+01:00",
                "2026-03-30T00:00:00+02:00",
                10,
                "Europe/Berlin",
                &[
                    ("2026-03-23T00:00:00+01:00", "Mar 23"),
                    ("2026-03-24T00:00:00+01:00", "Tue 24"),
                    ("2026-03-25T00:00:00+01:00", "Wed 25"),
                    ("2026-03-26T00:00:00+01:00", "Thu 26"),
                    ("2026-03-27T00:00:00+01:00", "Fri 27"),
                    ("2026-03-28T00:00:00+01:00", "Sat 28"),
                    ("2026-03-29T00:00:00+01:00", "Sun 29"),
                    ("2026-03-30T00:00:00+02:00", "Mar 30"),
                ],
            ),
        ]);
        // That day is 23 hours long.
        let berlin = zone("Europe/Berlin");
        let week = calendar_ticks(
            at("2026-03-23T00:00:00+01:00"),
            at("2026-03-30T00:00:00+02:00"),
            10,
            &berlin,
        );
        assert_eq!(week.ticks[7] - week.ticks[6], 23.0 * 3600.0);
    }

    #[test]
    fn new_york_across_its_dst_changes() {
        check(&[
            // 2026-03-08: 02:00 EST becomes 03:00 EDT.
            (
                "2026-03-08T00:00:00-05:00",
                "2026-03-08T05:00:00-04:00",
                6,
                "America/New_York",
                &[
                    ("2026-03-08T00:00:00-05:00", "Sun 8"),
                    ("2026-03-08T01:00:00-05:00", "01:00"),
                    ("2026-03-08T03:00:00-04:00", "03:00 EDT"),
                    ("2026-03-08T04:00:00-04:00", "04:00"),
                    ("2026-03-08T05:00:00-04:00", "05:00"),
                ],
            ),
            // 2026-11-01: 02:00 EDT becomes 01:00 EST; 01:00 happens twice.
            (
                "2026-11-01T00:00:00-04:00",
                "2026-11-01T04:00:00-05:00",
                6,
                "America/New_York",
                &[
                    ("2026-11-01T00:00:00-04:00", "Nov"),
                    ("2026-11-01T01:00:00-04:00", "01:00 EDT"),
                    ("2026-11-01T01:00:00-05:00", "01:00 EST"),
                    ("2026-11-01T02:00:00-05:00", "02:00"),
                    ("2026-11-01T03:00:00-05:00", "03:00"),
                    ("2026-11-01T04:00:00-05:00", "04:00"),
                ],
            ),
        ]);
    }

    #[test]
    fn midnight_in_a_gap() {
        // Santiago moves 00:00 to 01:00 on 2026-09-06: that day starts at 01:00, and its tick
        // is there.
        check(&[(
            "2026-09-05T00:00:00-04:00",
            "2026-09-07T00:00:00-03:00",
            5,
            "America/Santiago",
            &[
                ("2026-09-05T00:00:00-04:00", "Sat 5"),
                ("2026-09-05T12:00:00-04:00", "12:00"),
                ("2026-09-06T01:00:00-03:00", "Sun 6"),
                ("2026-09-06T12:00:00-03:00", "12:00"),
                ("2026-09-07T00:00:00-03:00", "Sep 7"),
            ],
        )]);
    }

    #[test]
    fn degenerate_spans() {
        let utc = TimeZone::UTC;
        let six = at("2026-11-03T06:00:00Z");
        // lo == hi: the tick there, if it is on a millisecond.
        let one = calendar_ticks(six, six, 10, &utc);
        assert_eq!(
            (one.ticks, one.labels),
            (vec![six], vec!["06:00".to_string()])
        );
        let off = calendar_ticks(six + 0.0004, six + 0.0004, 10, &utc);
        assert!(off.ticks.is_empty() && off.labels.is_empty());
        // Not a span: nothing.
        for (lo, hi) in [
            (f64::NAN, six),
            (six, f64::NAN),
            (f64::NAN, f64::NAN),
            (f64::NEG_INFINITY, six),
            (six, f64::INFINITY),
            (f64::NEG_INFINITY, f64::INFINITY),
            (1e300, 2e300),
            (-2e300, -1e300),
        ] {
            assert_eq!(
                calendar_ticks(lo, hi, 10, &utc),
                TimeTicks::default(),
                "{lo} to {hi}"
            );
            assert_eq!(period(lo, hi, 10, &utc), 0.0, "{lo} to {hi}");
        }
        assert_eq!(
            calendar_ticks(six, six + 3600.0, 0, &utc),
            TimeTicks::default()
        );
        // The widest span: jiff's years, every 2,000.
        let all = calendar_ticks(-1e300, 1e300, 10, &utc);
        assert_eq!(
            all.labels,
            [
                "-8000", "-6000", "-4000", "-2000", "0", "2000", "4000", "6000", "8000"
            ]
        );
        // Reversed bounds are the same span.
        assert_eq!(
            calendar_ticks(six + 3600.0, six, 10, &utc),
            calendar_ticks(six, six + 3600.0, 10, &utc)
        );
        // One millisecond.
        let ms = calendar_ticks(six, six + 0.001, 10, &utc);
        assert!(!ms.ticks.is_empty() && ms.ticks.len() <= 2, "{ms:?}");
        assert_eq!(ms.labels[0], "06:00");
        // At most one tick.
        assert_eq!(calendar_ticks(six, six + 86_400.0, 1, &utc).ticks.len(), 1);
        // Any max_ticks is capped: 1,000 years with up to MAX_TICKS ticks is every 2 years.
        let many = calendar_ticks(
            at("2000-01-01T00:00:00Z"),
            at("3000-01-01T00:00:00Z"),
            usize::MAX,
            &utc,
        );
        assert_eq!(many.ticks.len(), 501);
        // Long before 1970, in a zone.
        let old = calendar_ticks(-1e10, -9e9, 10, &zone("Europe/Berlin"));
        assert_eq!(old.labels, ["1655", "1660", "1665", "1670", "1675", "1680"]);
    }

    /// A small deterministic generator for the sweep below.
    struct Lcg(u64);

    impl Lcg {
        fn next(&mut self) -> f64 {
            self.0 = self
                .0
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            (self.0 >> 11) as f64 / (1u64 << 53) as f64
        }
    }

    #[test]
    fn ticks_increase_inside_the_span_in_any_zone() {
        let zones = [
            "UTC",
            "+05:30",
            "-08:00",
            "Europe/Berlin",
            "America/New_York",
            "Australia/Lord_Howe",
            "Pacific/Apia",
            "America/Santiago",
            "Asia/Kathmandu",
        ];
        let mut rng = Lcg(7);
        for i in 0..3000 {
            let tz = zone(zones[i % zones.len()]);
            // Mostly 1875 to 2065; every third anywhere in jiff's years.
            let width = if i % 3 == 0 { 5e11 } else { 6e9 };
            let lo = (rng.next() - 0.5) * width;
            let span = 10f64.powf(rng.next() * 15.0 - 4.0); // 0.1 ms to 3e10 years
            let max = if i % 50 == 0 {
                usize::MAX
            } else {
                1 + (rng.next() * 20.0) as usize
            };
            let hi = lo + span;
            let got = calendar_ticks(lo, hi, max, &tz);
            let case = format!("{lo} to {hi}, at most {max}, in {}", zones[i % zones.len()]);
            assert_eq!(got.ticks.len(), got.labels.len(), "{case}");
            assert!(got.ticks.len() <= max.min(MAX_TICKS), "{case}: {got:?}");
            assert!(
                got.ticks.iter().all(|&t| t >= lo && t <= hi),
                "{case}: {got:?}"
            );
            assert!(got.ticks.windows(2).all(|w| w[0] < w[1]), "{case}: {got:?}");
            assert!(got.labels.iter().all(|l| !l.is_empty()), "{case}: {got:?}");
            // Neighbouring intervals differ by 5 times at most, so with room for 10 ticks one
            // of them gives at least 2.
            if max >= 10 && span >= 0.01 {
                assert!(got.ticks.len() >= 2, "{case}: {got:?}");
            }
            let p = period(lo, hi, max, &tz);
            assert!(p > 0.0 && p.is_finite(), "{case}: {p}");
        }
    }

    #[test]
    fn periods() {
        let utc = TimeZone::UTC;
        let day = (at("2026-11-03T00:00:00Z"), at("2026-11-04T00:00:00Z"));
        assert_eq!(period(day.0, day.1, 10, &utc), 3.0 * 3600.0);
        assert_eq!(period(day.0, day.1, 2, &utc), 86_400.0);
        let month = (at("2026-11-01T00:00:00Z"), at("2026-12-01T00:00:00Z"));
        assert_eq!(period(month.0, month.1, 10, &utc), 7.0 * 86_400.0);
        let year = (at("2026-01-01T00:00:00Z"), at("2027-01-01T00:00:00Z"));
        assert_eq!(period(year.0, year.1, 10, &utc), 7_889_238.0);
        assert_eq!(period(year.0, year.1, 13, &utc), 2_629_746.0);
        assert_eq!(period(day.0, day.0 + 0.001, 10, &utc), 0.001);
        assert_eq!(period(day.0, day.1, 0, &utc), 0.0);
    }
}
