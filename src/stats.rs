//! Summary statistics of a series, for data tables and descriptions of long series (and, later,
//! distributions). Percentiles are nearest-rank, as HdrHistogram reports them: the p-th
//! percentile of n sorted values is the value at rank ⌈p/100 · n⌉ (1-based), so it is always one
//! of the values; the median is the 50th percentile (the lower middle of an even count). The rank
//! is computed as the decimal percentile means it (99.9 % of 1,000 samples is rank 999), where
//! numpy's `inverted_cdf` and HdrHistogram compute `p / 100 · n` in binary floating point and
//! can land one rank higher.

/// Count, extremes, mean and the usual percentiles of some values (non-finite ones, such as the
/// NaN of a gap, are left out).
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Summary {
    pub count: usize,
    pub min: f64,
    pub median: f64,
    pub mean: f64,
    pub p99: f64,
    pub max: f64,
}

/// The summary of `values`; `None` when none is finite.
pub(crate) fn summarize(values: &[f64]) -> Option<Summary> {
    let mut sorted: Vec<f64> = values.iter().copied().filter(|v| v.is_finite()).collect();
    if sorted.is_empty() {
        return None;
    }
    sorted.sort_unstable_by(f64::total_cmp);
    let n = sorted.len();
    // Summing sorted values from the smallest keeps the rounding error small.
    let mean = sorted.iter().sum::<f64>() / n as f64;
    Some(Summary {
        count: n,
        min: sorted[0],
        median: percentile_of_sorted(&sorted, 50.0),
        mean,
        p99: percentile_of_sorted(&sorted, 99.0),
        max: sorted[n - 1],
    })
}

/// The percentiles a distribution's table and description report.
pub(crate) const REPORTED: [f64; 4] = [50.0, 90.0, 99.0, 99.9];

/// The finite values of `values`, sorted: borrowed when they already are (the reader keeps a
/// distribution's samples sorted, so the table, the description and the drawing need not sort
/// them again), else a sorted copy.
pub(crate) fn sorted_cow(values: &[f64]) -> std::borrow::Cow<'_, [f64]> {
    let sorted =
        values.iter().all(|v| v.is_finite()) && values.is_sorted_by(|a, b| a.total_cmp(b).is_le());
    if sorted {
        return std::borrow::Cow::Borrowed(values);
    }
    let mut v: Vec<f64> = values.iter().copied().filter(|v| v.is_finite()).collect();
    v.sort_unstable_by(f64::total_cmp);
    std::borrow::Cow::Owned(v)
}

/// The finite values of `values`, sorted (see [`sorted_cow`]).
pub(crate) fn sorted_finite(values: &[f64]) -> std::borrow::Cow<'_, [f64]> {
    sorted_cow(values)
}

/// The nearest-rank `p`-th percentile (0 < p ≤ 100) of sorted, non-empty `sorted`.
pub(crate) fn percentile_of_sorted(sorted: &[f64], p: f64) -> f64 {
    let n = sorted.len();
    // `p` is meant as the decimal it is written as: 99.9 % of 10,000 is rank 9,990, although
    // 0.999 × 10,000 in binary floating point is a hair above it.
    let x = p / 100.0 * n as f64;
    let rank = (x - x * 1e-12).ceil() as usize;
    sorted[rank.clamp(1, n) - 1]
}

/// A box plot's numbers for one series: quartiles by nearest rank (Q1 the 25th percentile,
/// the median the 50th, Q3 the 75th, as [`percentile_of_sorted`] computes them), whiskers, and
/// the samples beyond the whiskers.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct BoxStats {
    pub count: usize,
    pub min: f64,
    pub q1: f64,
    pub median: f64,
    pub q3: f64,
    pub max: f64,
    /// The lower whisker's end: the smallest sample at or above `q1 - 1.5 IQR` (Tukey), or
    /// `min`.
    pub low: f64,
    /// The upper whisker's end: the largest sample at or below `q3 + 1.5 IQR`, or `max`.
    pub high: f64,
    /// The samples below `low` or above `high`, ascending (none with min/max whiskers).
    pub outliers: Vec<f64>,
}

/// The box of sorted, finite `sorted`; `tukey`: whiskers at 1.5 IQR, else at min and max.
/// `None` when there are no samples.
pub(crate) fn box_stats(sorted: &[f64], tukey: bool) -> Option<BoxStats> {
    let (min, max) = (*sorted.first()?, *sorted.last()?);
    let q1 = percentile_of_sorted(sorted, 25.0);
    let median = percentile_of_sorted(sorted, 50.0);
    let q3 = percentile_of_sorted(sorted, 75.0);
    let (low, high) = if tukey {
        let iqr = q3 - q1;
        let (lo_fence, hi_fence) = (q1 - 1.5 * iqr, q3 + 1.5 * iqr);
        let low = sorted
            .iter()
            .copied()
            .find(|v| *v >= lo_fence)
            .unwrap_or(q1);
        let high = sorted
            .iter()
            .rev()
            .copied()
            .find(|v| *v <= hi_fence)
            .unwrap_or(q3);
        (low.min(q1), high.max(q3))
    } else {
        (min, max)
    };
    let outliers = sorted
        .iter()
        .copied()
        .filter(|v| *v < low || *v > high)
        .collect();
    Some(BoxStats {
        count: sorted.len(),
        min,
        q1,
        median,
        q3,
        max,
        low,
        high,
        outliers,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn by_hand() {
        let s = summarize(&[5.0, 1.0, 3.0, 2.0, 4.0]).unwrap();
        assert_eq!(
            s,
            Summary {
                count: 5,
                min: 1.0,
                median: 3.0,
                mean: 3.0,
                p99: 5.0,
                max: 5.0
            }
        );
        // Even count: the lower middle; gaps are left out.
        let s = summarize(&[4.0, f64::NAN, 1.0, 3.0, 2.0]).unwrap();
        assert_eq!((s.count, s.median, s.p99), (4, 2.0, 4.0));
        assert_eq!(summarize(&[f64::NAN]), None);
    }

    #[test]
    fn box_by_hand() {
        // 1..=10 and 40: Q1 rank ⌈2.75⌉ = 3 → 3, median rank 6 → 6, Q3 rank ⌈8.25⌉ = 9 → 9;
        // IQR 6, fences -6 and 18: 40 is an outlier, the upper whisker ends at 10.
        let mut v: Vec<f64> = (1..=10).map(f64::from).collect();
        v.push(40.0);
        let b = box_stats(&v, true).unwrap();
        assert_eq!((b.q1, b.median, b.q3), (3.0, 6.0, 9.0));
        assert_eq!((b.low, b.high, b.outliers.clone()), (1.0, 10.0, vec![40.0]));
        let m = box_stats(&v, false).unwrap();
        assert_eq!((m.low, m.high, m.outliers.len()), (1.0, 40.0, 0));
        assert_eq!(box_stats(&[], true), None);
        let one = box_stats(&[7.0], true).unwrap();
        assert_eq!((one.q1, one.q3, one.low, one.high), (7.0, 7.0, 7.0, 7.0));
    }

    #[test]
    fn nearest_rank_percentiles() {
        // 1..=100: the 99th percentile is 99, the 50th is 50, the 100th is 100.
        let v: Vec<f64> = (1..=100).map(f64::from).collect();
        assert_eq!(percentile_of_sorted(&v, 99.0), 99.0);
        assert_eq!(percentile_of_sorted(&v, 50.0), 50.0);
        assert_eq!(percentile_of_sorted(&v, 100.0), 100.0);
        assert_eq!(percentile_of_sorted(&v, 0.1), 1.0);
        // 99.9 % of 10,000 is rank 9,990 exactly (numpy's inverted_cdf says 9,991: it computes
        // 0.999 × 10,000 in binary floating point, a hair above 9,990).
        let w: Vec<f64> = (1..=10_000).map(f64::from).collect();
        assert_eq!(percentile_of_sorted(&w, 99.9), 9990.0);
        assert_eq!(percentile_of_sorted(&w, 99.99), 9999.0);
    }
}
