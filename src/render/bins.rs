//! Histogram bins: where the edges go and how many samples fall between them.
//!
//! **Automatic bins** follow Freedman and Diaconis (1981): width `2 · IQR · n^(-1/3)`, robust to
//! the long tail latency data has, then rounded up to a round width (1, 2 or 5 × 10ᵏ) with edges
//! on its multiples, and widened further if more than [`MAX_AUTO_BINS`] would be needed. When
//! the IQR is 0 (most samples equal) Sturges' `⌈log₂ n⌉ + 1` bins over the range are used. On a
//! log axis the same rule runs on `log10` of the samples and the result is a whole number of bins
//! per decade (1, 2, 4, 5, 10 or 20), edges on `10^(k / per_decade)`.

use crate::chart::Bins;
use crate::chart::limits::MAX_BINS;
use crate::stats::percentile_of_sorted;

/// The most bins the automatic rule makes.
pub(crate) const MAX_AUTO_BINS: usize = 100;

/// Edges (strictly ascending, at least two) of bins covering every value of `sorted`
/// (ascending, finite, non-empty; above 0 when `log`). A value on an edge belongs to the bin
/// above it; the last edge is above the largest value.
pub(crate) fn edges(sorted: &[f64], bins: Bins, log: bool) -> Vec<f64> {
    let mut edges = rule_edges(sorted, bins, log);
    // Edges that floating point cannot tell apart (values that differ in their last digits
    // only, or a width far below their magnitude) would make bins of no width, whose density is
    // infinite and which have no place on the axis: they are merged.
    edges.dedup_by(|next, prev| *next <= *prev);
    if edges.len() >= 2 {
        return edges;
    }
    // Not one bin left: one bin around the values, as wide as their magnitude can show.
    let (lo, hi) = (sorted[0], sorted[sorted.len() - 1]);
    if log {
        vec![lo, (hi * 10f64.powf(0.05)).max(hi.next_up())]
    } else {
        let half = 0.5f64.max(lo.abs().max(hi.abs()) * 1e-9);
        vec![lo - half, hi + half]
    }
}

/// The edges `bins` asks for, before bins too narrow to tell apart are merged.
fn rule_edges(sorted: &[f64], bins: Bins, log: bool) -> Vec<f64> {
    let (lo, hi) = (sorted[0], sorted[sorted.len() - 1]);
    if log {
        let logs: Vec<f64> = sorted.iter().map(|v| v.log10()).collect();
        return log_edges(&logs, bins);
    }
    match bins {
        Bins::Count(n) => even(lo, hi, n.max(1)),
        Bins::Width(w) => multiples(lo, hi, w),
        Bins::Auto => {
            if hi == lo {
                return multiples(lo, hi, round_width(lo.abs().max(1.0) / 10.0));
            }
            let width = auto_width(sorted);
            let mut w = round_width(width.max((hi - lo) / MAX_AUTO_BINS as f64));
            while (hi - lo) / w >= MAX_AUTO_BINS as f64 {
                w = wider_round_width(w);
            }
            multiples(lo, hi, w)
        }
    }
}

/// The Freedman–Diaconis width, or the range over Sturges' count when the IQR is 0.
fn auto_width(sorted: &[f64]) -> f64 {
    let n = sorted.len() as f64;
    let iqr = percentile_of_sorted(sorted, 75.0) - percentile_of_sorted(sorted, 25.0);
    let (lo, hi) = (sorted[0], sorted[sorted.len() - 1]);
    if iqr > 0.0 {
        2.0 * iqr / n.cbrt()
    } else {
        (hi - lo) / (n.log2().ceil() + 1.0)
    }
}

/// `n` equal bins from `lo` to `hi` (one of width 1 around `lo` when they are equal).
fn even(lo: f64, hi: f64, n: usize) -> Vec<f64> {
    if hi <= lo {
        return vec![lo - 0.5, lo + 0.5];
    }
    (0..=n)
        .map(|i| lo + (hi - lo) * i as f64 / n as f64)
        .collect()
}

/// Edges on multiples of `w` from at or below `lo` to above `hi`.
fn multiples(lo: f64, hi: f64, w: f64) -> Vec<f64> {
    let first = (lo / w).floor();
    let last = (hi / w).floor() + 1.0;
    let count = (last - first).clamp(1.0, MAX_BINS as f64) as usize;
    (0..=count).map(|i| (first + i as f64) * w).collect()
}

/// The smallest of 1, 2, 5 × 10ᵏ at or above `w`.
pub(crate) fn round_width(w: f64) -> f64 {
    if w.is_nan() || w <= 0.0 || !w.is_finite() {
        return 1.0;
    }
    let p = 10f64.powf(w.log10().floor());
    [1.0, 2.0, 5.0, 10.0]
        .into_iter()
        .map(|m| m * p)
        .find(|c| *c >= w * (1.0 - 1e-12))
        .unwrap_or(10.0 * p)
}

/// The next round width above `w`; twice `w` where the powers of ten are too coarse to step
/// up from it (a subnormal width, which would otherwise be its own next width forever).
pub(crate) fn wider_round_width(w: f64) -> f64 {
    let next = round_width(w * 1.01);
    if next > w { next } else { w * 2.0 }
}

/// Log-spaced edges from the samples' `log10` values.
fn log_edges(logs: &[f64], bins: Bins) -> Vec<f64> {
    let (lo, hi) = (logs[0], logs[logs.len() - 1]);
    match bins {
        Bins::Count(n) => {
            let n = n.max(1);
            if hi <= lo {
                return vec![10f64.powf(lo - 0.05), 10f64.powf(lo + 0.05)];
            }
            (0..=n)
                .map(|i| 10f64.powf(lo + (hi - lo) * i as f64 / n as f64))
                .collect()
        }
        // A width on a log axis is a factor per bin: 2 means each bin twice the one before.
        Bins::Width(w) => {
            let step = if w > 1.0 { w.log10() } else { 0.1 };
            // A factor that makes a whole number of bins per decade (10^(1/5) is five) gets edges
            // computed as 10^(k / per_decade), so the decades fall exactly on 10, 100, ... (a
            // sample of exactly 100 belongs to the bin above 100, not below a hair over it).
            let per_decade = (1.0 / step).round();
            let whole = per_decade >= 1.0 && ((1.0 / step) - per_decade).abs() < 1e-9;
            let first = if whole {
                (lo * per_decade).floor()
            } else {
                (lo / step).floor()
            };
            let last = if whole {
                (hi * per_decade).floor() + 1.0
            } else {
                (hi / step).floor() + 1.0
            };
            let count = (last - first).clamp(1.0, MAX_BINS as f64);
            (0..=count as usize)
                .map(|i| {
                    let k = first + i as f64;
                    if whole {
                        10f64.powf(k / per_decade)
                    } else {
                        10f64.powf(k * step)
                    }
                })
                .collect()
        }
        Bins::Auto => {
            let width = if hi > lo { auto_width(logs) } else { 1.0 };
            let per_decade = [20.0, 10.0, 5.0, 4.0, 2.0, 1.0]
                .into_iter()
                .find(|k| 1.0 / k >= width)
                .unwrap_or(1.0);
            let mut per_decade = per_decade;
            while (hi - lo) * per_decade >= MAX_AUTO_BINS as f64 && per_decade > 1.0 {
                per_decade = (per_decade / 2.0).floor().max(1.0);
            }
            let first = (lo * per_decade).floor();
            let last = (hi * per_decade).floor() + 1.0;
            (0..=(last - first) as usize)
                .map(|i| 10f64.powf((first + i as f64) / per_decade))
                .collect()
        }
    }
}

/// Samples per bin: `sorted` (ascending) counted between `edges`; a value on an edge counts in
/// the bin above it, the largest value in the last bin.
pub(crate) fn counts(sorted: &[f64], edges: &[f64]) -> Vec<usize> {
    let n = edges.len().saturating_sub(1);
    let mut out = vec![0; n];
    if n == 0 {
        return out;
    }
    let mut start = sorted.partition_point(|v| *v < edges[0]);
    for (i, slot) in out.iter_mut().enumerate() {
        let end = if i + 1 == n {
            sorted.partition_point(|v| *v <= edges[n])
        } else {
            sorted.partition_point(|v| *v < edges[i + 1])
        };
        *slot = end.saturating_sub(start);
        start = end;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_widths() {
        assert_eq!(round_width(0.7), 1.0);
        assert_eq!(round_width(1.0), 1.0);
        assert_eq!(round_width(1.2), 2.0);
        assert_eq!(round_width(3.0), 5.0);
        assert_eq!(round_width(0.031), 0.05);
        assert_eq!(round_width(700.0), 1000.0);
    }

    #[test]
    fn freedman_diaconis_by_hand() {
        // 1..=1000: IQR (nearest rank) = 750 - 250 = 500, n^(1/3) = 10: width 100.
        let v: Vec<f64> = (1..=1000).map(f64::from).collect();
        let e = edges(&v, Bins::Auto, false);
        assert_eq!(e.first(), Some(&0.0));
        assert_eq!(e[1] - e[0], 100.0);
        assert_eq!(e.last(), Some(&1100.0));
        let c = counts(&v, &e);
        assert_eq!(c.iter().sum::<usize>(), 1000);
        assert_eq!(c[0], 99, "1..=99 below 100");
        assert_eq!(c[10], 1, "1000 alone in the last bin");
    }

    #[test]
    fn counts_and_widths_as_asked() {
        let v = [0.0, 0.5, 1.0, 1.0, 2.0, 3.9, 4.0];
        assert_eq!(edges(&v, Bins::Count(4), false), [0.0, 1.0, 2.0, 3.0, 4.0]);
        // Values on an edge go up; the largest stays in the last bin.
        assert_eq!(counts(&v, &[0.0, 1.0, 2.0, 3.0, 4.0]), [2, 2, 1, 2]);
        assert_eq!(edges(&v, Bins::Width(2.5), false), [0.0, 2.5, 5.0]);
        assert_eq!(counts(&v, &[0.0, 2.5, 5.0]), [5, 2]);
    }

    #[test]
    fn ties_single_values_and_negatives() {
        let one = [7.0];
        let e = edges(&one, Bins::Auto, false);
        assert!(e[0] <= 7.0 && *e.last().unwrap() > 7.0, "{e:?}");
        assert_eq!(counts(&one, &e).iter().sum::<usize>(), 1);
        let same = [3.0; 50];
        let e = edges(&same, Bins::Auto, false);
        assert_eq!(counts(&same, &e).iter().sum::<usize>(), 50);
        let neg = [-5.0, -1.0, -1.0, 0.0, 2.0];
        let e = edges(&neg, Bins::Auto, false);
        assert_eq!(counts(&neg, &e).iter().sum::<usize>(), 5);
        assert!(e.len() - 1 <= MAX_AUTO_BINS);
    }

    #[test]
    fn log_bins_are_whole_per_decade() {
        // Latencies from 1 ms to 10 s.
        let mut v: Vec<f64> = (0..4000)
            .map(|i| 10f64.powf(f64::from(i) / 1000.0))
            .collect();
        v.sort_by(f64::total_cmp);
        let e = edges(&v, Bins::Auto, true);
        let per_decade = 1.0 / (e[1] / e[0]).log10();
        assert!(
            (per_decade - per_decade.round()).abs() < 1e-9,
            "{per_decade}"
        );
        assert!(e[0] <= 1.0 && *e.last().unwrap() > 10_000.0 - 1e-6);
        assert_eq!(counts(&v, &e).iter().sum::<usize>(), 4000);
        let e = edges(&v, Bins::Count(8), true);
        assert!((e[0] - 1.0).abs() < 1e-12 && (e[8] - v[3999]).abs() < 1e-6);
    }

    #[test]
    fn a_factor_of_whole_bins_per_decade_puts_decades_exactly() {
        // Five bins a decade: 10 and 100 are edges exactly, and a sample of 100 counts above.
        let v = [7.0, 10.0, 99.0, 100.0, 300.0];
        let e = edges(&v, Bins::Width(10f64.powf(0.2)), true);
        assert!(e.contains(&10.0) && e.contains(&100.0), "{e:?}");
        let c = counts(&v, &e);
        let at = e.iter().position(|x| *x == 100.0).unwrap();
        assert_eq!(c[at], 1, "100 in the bin starting at 100: {e:?} {c:?}");
    }

    #[test]
    fn subnormal_spreads_end() {
        // A hundredth of the range is 4 subnormal units (2e-323), which rounding to 1, 2 or
        // 5 × 10ᵏ cannot step up from (the spread is still 100 such widths): this used to loop
        // forever.
        let mut v = vec![0.0; 250];
        v.extend([5e-324; 520]);
        v.extend([1.98e-321; 230]);
        let e = edges(&v, Bins::Auto, false);
        assert!(e.len() - 1 <= MAX_AUTO_BINS, "{}", e.len());
        assert_eq!(counts(&v, &e).iter().sum::<usize>(), v.len());
        let w = 1e-323;
        assert!(wider_round_width(w) > w);
    }

    #[test]
    fn bins_too_narrow_for_floating_point_are_merged() {
        // A thousand bins over a subnormal spread, and unit bins at 1e290: all but a few
        // would have no width.
        for (v, bins) in [
            (vec![0.0, 0.0, 5e-324, 1e-323], Bins::Count(1000)),
            (vec![1e290, 1e290], Bins::Count(10)),
            (vec![1e290, 1e290], Bins::Width(1.0)),
            (vec![5e-324, 5e-324], Bins::Count(10)),
        ] {
            for log in [false, true] {
                if log && v[0] <= 0.0 {
                    continue;
                }
                let e = edges(&v, bins, log);
                assert!(e.len() >= 2, "{v:?} {bins:?}: {e:?}");
                assert!(e.windows(2).all(|w| w[1] > w[0]), "{v:?} {bins:?}: {e:?}");
                assert_eq!(counts(&v, &e).iter().sum::<usize>(), v.len(), "{e:?}");
            }
        }
    }

    #[test]
    fn auto_bins_are_capped() {
        // A huge spread with a tight middle: many bins, but not more than the cap.
        let mut v: Vec<f64> = (0..100_000).map(|i| f64::from(i % 100)).collect();
        v.push(1e9);
        v.sort_by(f64::total_cmp);
        let e = edges(&v, Bins::Auto, false);
        assert!(e.len() - 1 <= MAX_AUTO_BINS, "{}", e.len());
        assert_eq!(counts(&v, &e).iter().sum::<usize>(), v.len());
    }
}
