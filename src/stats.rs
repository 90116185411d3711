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
    sorted.sort_by(f64::total_cmp);
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

/// The finite values of `values`, sorted.
pub(crate) fn sorted_finite(values: &[f64]) -> Vec<f64> {
    let mut v: Vec<f64> = values.iter().copied().filter(|v| v.is_finite()).collect();
    v.sort_by(f64::total_cmp);
    v
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
