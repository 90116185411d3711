//! Value scales: the axis range, its ticks (from plotters) and how tick labels are written.

use plotters::coord::ranged1d::{KeyPointHint, Ranged};
use plotters::coord::types::RangedCoordf64;

use crate::chart::Axis;
use crate::format::{NumberFormat, TickFormat};

/// A numeric axis: its range and tick values.
#[derive(Clone, Debug, PartialEq)]
pub(super) struct Scale {
    /// Lower bound of the axis.
    pub lo: f64,
    /// Upper bound of the axis.
    pub hi: f64,
    /// Tick values, ascending, within `lo..=hi`.
    pub ticks: Vec<f64>,
    /// Distance between ticks.
    pub step: f64,
    /// Logarithmic: `lo`, `hi` and `ticks` are base-10 exponents.
    pub log: bool,
}

impl Scale {
    /// Maps a data value into the scale's space (log10 for log scales).
    pub(super) fn to_space(&self, v: f64) -> f64 {
        if self.log {
            v.max(f64::MIN_POSITIVE).log10()
        } else {
            v
        }
    }
}

/// A log-10 scale: whole decades around the data (exponents), ticks every decade or every few.
pub(super) fn log_scale(data_lo: f64, data_hi: f64, axis: &Axis, max_ticks: usize) -> Scale {
    let exp = |v: f64| v.max(f64::MIN_POSITIVE).log10();
    let mut lo = axis
        .min
        .map_or_else(|| exp(data_lo.min(data_hi)).floor(), exp);
    let mut hi = axis
        .max
        .map_or_else(|| exp(data_lo.max(data_hi)).ceil(), exp);
    if !lo.is_finite() || !hi.is_finite() {
        (lo, hi) = (0.0, 1.0);
    }
    // Down to the decade of the smallest positive number a value maps to (`to_space`), so no
    // sample above 0 falls below the axis; up to the largest a chart takes (1e300).
    let least = f64::MIN_POSITIVE.log10().floor();
    (lo, hi) = (lo.clamp(least, 300.0), hi.clamp(least, 300.0));
    if hi <= lo {
        hi = lo + 1.0;
    }
    let step = ((hi - lo) / max_ticks.max(1) as f64).ceil().max(1.0);
    let ticks = ticks_between(lo, hi, step);
    Scale {
        lo,
        hi,
        ticks,
        step,
        log: true,
    }
}

/// The label of a log-scale tick at exponent `e`: 0.01, 0.1, 1, 10, 100, 1k, 10k, 1M...
pub(super) fn log_tick_label(e: f64, format: &NumberFormat) -> String {
    let v = 10f64.powf(e.round());
    // Each decade in its own unit (1k, 10k, 100k, 1M): the unit thresholds of TickFormat are
    // one decade higher, so ask for the unit of ten times the value.
    let step = if format.si && !format.percent && v >= 1e3 {
        v
    } else {
        v.min(1.0)
    };
    TickFormat::new(step, v * 10.0, format).format(v)
}

/// How the data should be framed when no explicit range is given.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(super) struct Framing {
    /// The axis must include zero (bars grow from it).
    pub include_zero: bool,
    /// Extend the range to the outer ticks.
    pub snap_to_ticks: bool,
    /// Fraction of the span added on each side before snapping.
    pub pad: f64,
    /// The data are whole numbers (attempts, hours): ticks never fall between them.
    pub integer: bool,
}

/// Builds a scale for data spanning `data_lo..=data_hi`, honouring the axis' explicit range.
/// `max_ticks` bounds the number of ticks (derived from the axis length).
pub(super) fn scale(
    data_lo: f64,
    data_hi: f64,
    axis: &Axis,
    framing: Framing,
    max_ticks: usize,
) -> Scale {
    let (mut lo, mut hi) = (data_lo.min(data_hi), data_lo.max(data_hi));
    if !lo.is_finite() || !hi.is_finite() {
        (lo, hi) = (0.0, 1.0);
    }
    if framing.include_zero {
        lo = lo.min(0.0);
        hi = hi.max(0.0);
    }
    if hi - lo <= f64::EPSILON * hi.abs().max(1e-300) {
        // All values equal: frame them in a unit (or proportional) window.
        let d = if lo == 0.0 { 1.0 } else { lo.abs() * 0.5 };
        if framing.include_zero && lo >= 0.0 {
            hi = lo + d;
            lo = lo.min(0.0);
        } else {
            lo -= d;
            hi += d;
        }
    }
    let span = hi - lo;
    if framing.pad > 0.0 {
        let zero_lo = framing.include_zero && lo == 0.0;
        if !zero_lo {
            lo -= span * framing.pad;
        }
        hi += span * framing.pad;
    }
    // Padding must not push non-negative data below zero (a "-5" tick on a count is noise).
    if data_lo.min(data_hi) >= 0.0 && lo < 0.0 {
        lo = 0.0;
    }
    if let Some(m) = axis.min {
        lo = m;
    }
    if let Some(m) = axis.max {
        hi = m;
    }
    if hi.partial_cmp(&lo) != Some(std::cmp::Ordering::Greater) || !(hi - lo).is_finite() {
        hi = lo + 1.0;
    }
    (lo, hi) = sane_range(lo, hi);
    let mut step = tick_step(lo, hi, max_ticks.max(2));
    if framing.integer && step < 1.0 && hi - lo >= 1.0 {
        step = 1.0;
    }
    if framing.snap_to_ticks && step > 0.0 {
        if axis.min.is_none() {
            lo = (lo / step + 1e-9).floor() * step;
        }
        if axis.max.is_none() {
            hi = (hi / step - 1e-9).ceil() * step;
        }
    }
    let ticks = ticks_between(lo, hi, step);
    Scale {
        lo,
        hi,
        ticks,
        step,
        log: false,
    }
}

/// Largest magnitude an axis bound may have: keeps `hi - lo` and tick arithmetic finite.
const MAX_BOUND: f64 = 1e300;

/// Makes `lo < hi` hold with both finite, a finite span, and a span that is not lost in
/// rounding (plotters' tick search needs all three to terminate).
fn sane_range(lo: f64, hi: f64) -> (f64, f64) {
    let clamp = |v: f64| {
        if v.is_nan() {
            0.0
        } else {
            v.clamp(-MAX_BOUND, MAX_BOUND)
        }
    };
    let (mut lo, mut hi) = (clamp(lo), clamp(hi));
    if hi < lo {
        std::mem::swap(&mut lo, &mut hi);
    }
    let magnitude = lo.abs().max(hi.abs());
    if hi - lo <= magnitude * 1e-12 || hi - lo < 1e-300 {
        let d = (magnitude * 1e-6).max(1e-300);
        lo -= d;
        hi += d;
    }
    (lo, hi)
}

/// The tick spacing plotters picks for `lo..hi` with at most `max_ticks` ticks.
fn tick_step(lo: f64, hi: f64, max_ticks: usize) -> f64 {
    if !(hi - lo).is_finite() || hi <= lo {
        return 1.0;
    }
    let points = RangedCoordf64::from(lo..hi).key_points(KeyPointHint::max_num_points(&max_ticks));
    match points.as_slice() {
        [a, b, ..] if b > a => b - a,
        // plotters found fewer than two round ticks (a short axis): take the round step that
        // gives at most `max_ticks` intervals.
        _ => nice_step((hi - lo) / max_ticks.max(1) as f64),
    }
}

/// The smallest 1, 2 or 5 times a power of ten that is at least `raw`.
fn nice_step(raw: f64) -> f64 {
    if raw.is_nan() || raw <= 0.0 || !raw.is_finite() {
        return 1.0;
    }
    let base = 10f64.powf(raw.log10().floor());
    [1.0, 2.0, 5.0, 10.0]
        .iter()
        .map(|m| m * base)
        .find(|s| *s >= raw * (1.0 - 1e-9))
        .unwrap_or(10.0 * base)
}

/// Multiples of `step` inside `lo..=hi` (computed by index so errors do not accumulate).
fn ticks_between(lo: f64, hi: f64, step: f64) -> Vec<f64> {
    if step.is_nan() || step <= 0.0 || !step.is_finite() {
        return vec![lo, hi];
    }
    let first = (lo / step - 1e-9).ceil();
    let last = (hi / step + 1e-9).floor();
    if last.is_nan() || first.is_nan() || last < first || last - first > 1000.0 {
        return vec![lo, hi];
    }
    (0..=(last - first) as i64)
        .map(|i| {
            let v = (first + i as f64) * step;
            if v.abs() < step * 1e-9 { 0.0 } else { v }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn auto() -> Axis {
        Axis {
            format: NumberFormat::default_axis(),
            ..Axis::default()
        }
    }

    const BARS: Framing = Framing {
        include_zero: true,
        snap_to_ticks: true,
        pad: 0.0,
        integer: false,
    };

    #[test]
    fn bar_scale_starts_at_zero_and_ends_on_a_tick() {
        let s = scale(5.0, 500.0, &auto(), BARS, 6);
        assert_eq!(s.lo, 0.0);
        assert_eq!(s.hi, 500.0);
        assert_eq!(s.ticks, vec![0.0, 100.0, 200.0, 300.0, 400.0, 500.0]);
    }

    #[test]
    fn explicit_range_wins() {
        let mut a = auto();
        a.min = Some(3.0);
        a.max = Some(11.0);
        let s = scale(4.0, 10.0, &a, BARS, 6);
        assert_eq!((s.lo, s.hi), (3.0, 11.0));
        assert!(s.ticks.iter().all(|t| (3.0..=11.0).contains(t)));
    }

    #[test]
    fn degenerate_ranges_still_make_an_axis() {
        let s = scale(7.0, 7.0, &auto(), BARS, 6);
        assert!(s.hi > s.lo && s.ticks.len() >= 2);
        let s = scale(0.0, 0.0, &auto(), BARS, 6);
        assert!(s.hi > s.lo);
        let s = scale(1e-300, 2e-300, &auto(), BARS, 6);
        assert!(s.hi > s.lo);
        let s = scale(-1e300, 1e300, &auto(), BARS, 6);
        assert!(s.hi > s.lo && s.ticks.len() >= 2);
    }

    #[test]
    fn overflowing_spans_are_tamed() {
        let framing = Framing {
            include_zero: false,
            snap_to_ticks: false,
            pad: 0.06,
            integer: false,
        };
        let s = scale(-1e308, 1e308, &auto(), framing, 6);
        assert!(s.lo.is_finite() && s.hi.is_finite() && s.hi > s.lo);
        assert!(!s.ticks.is_empty());
        let s = scale(1e300, 1e300 * (1.0 + 1e-15), &auto(), framing, 6);
        assert!(s.hi > s.lo);
    }

    #[test]
    fn log_ticks_and_short_axes() {
        let si = NumberFormat::default_axis();
        assert_eq!(log_tick_label(4.0, &si), "10k");
        assert_eq!(log_tick_label(6.0, &si), "1M");
        assert_eq!(log_tick_label(2.0, &si), "100");
        assert_eq!(log_tick_label(-2.0, &si), "0.01");
        assert_eq!(nice_step(3315.2), 5000.0);
        assert_eq!(nice_step(0.3), 0.5);
        assert_eq!(nice_step(1.0), 1.0);
        let framing = Framing {
            include_zero: false,
            snap_to_ticks: false,
            pad: 0.06,
            integer: false,
        };
        let s = scale(480.0, 6400.0, &auto(), framing, 2);
        assert!(s.ticks.iter().all(|t| t % 1000.0 == 0.0), "{:?}", s.ticks);
    }
}
