//! `latency-distribution`: simulated request latencies, log-normal (given the median and the
//! p99) or a mixture with a slow mode (a few requests hitting a cache miss), drawn as a
//! histogram or a CDF panel with the mean, p50 and p99 marked: why the mean hides the tail.
//!
//! A log-normal latency `L = exp(μ + σ·Z)` (`Z` standard normal) has median `exp(μ)` and p99
//! `exp(μ + σ·z₀.₉₉)`, so `μ = ln(median)` and `σ = (ln(p99) − μ) / z₀.₉₉` with
//! `z₀.₉₉ = Φ⁻¹(0.99) = 2.3263478740408408`. The slow mode is a second log-normal solved the
//! same way from `slow-median` and `slow-p99`; each request is slow with probability
//! `slow-fraction`. Normal numbers come from Box–Muller (`Z = √(−2 ln U₁) · cos(2π U₂)`, one
//! per two uniforms) on [`SplitMix64`] seeded with `seed`: the same seed draws the same
//! samples.

use super::rng::SplitMix64;
use super::{ModelCall, ModelInfo, Output, Param, ParamKind};
use crate::chart::{CdfView, ChartKind, Dash, Panel, RefAxis, ReferenceLine, Series, XValues};
use crate::diagnostic::BlockError;
use crate::format::{NumberFormat, format_value};

/// `Φ⁻¹(0.99)`: the standard normal's 99th percentile.
pub(crate) const Z99: f64 = 2.326_347_874_040_840_8;

/// The most samples a panel may draw (the worst case, 12 panels of them, stays well under a
/// second).
pub(crate) const MAX_SAMPLES: f64 = 100_000.0;

/// A latency parameter: from 1e-6 to 1e6 (so σ ≤ ln(10¹²)/z₀.₉₉ ≈ 11.9, and with |Z| ≤ 8.6,
/// the most Box–Muller gives from 53-bit uniforms, every sample is finite and above 0).
const fn positive(default: f64, doc: &'static str) -> Param {
    Param {
        key: "",
        unit: "",
        kind: ParamKind::Number {
            default,
            min: 1e-6,
            max: 1e6,
            min_open: false,
            max_open: false,
            whole: false,
        },
        doc,
    }
}

/// The model's description and parameters.
pub(crate) const INFO: ModelInfo = ModelInfo {
    name: "latency-distribution",
    summary: "Simulated request latencies: a log-normal given its median and p99, optionally with a slow mode; drawn as a histogram or CDF with the mean, p50 and p99 marked.",
    formula: "L = exp(mu + sigma*Z), Z standard normal (Box-Muller); mu = ln(median), sigma = (ln(p99) - mu) / 2.3263478740408408; with probability slow-fraction a request draws from the slow mode, solved the same way from slow-median and slow-p99",
    params: &[
        Param {
            key: "median",
            unit: "ms",
            ..positive(20.0, "median latency of the usual requests")
        },
        Param {
            key: "p99",
            unit: "ms",
            ..positive(
                80.0,
                "99th percentile of the usual requests (above the median)",
            )
        },
        Param {
            key: "slow-fraction",
            unit: "fraction 0-1",
            kind: ParamKind::Number {
                default: 0.0,
                min: 0.0,
                max: 0.5,
                min_open: false,
                max_open: false,
                whole: false,
            },
            doc: "share of requests in the slow mode (0: a plain log-normal)",
        },
        Param {
            key: "slow-median",
            unit: "ms",
            ..positive(200.0, "median latency of the slow requests")
        },
        Param {
            key: "slow-p99",
            unit: "ms",
            ..positive(
                400.0,
                "99th percentile of the slow requests (above slow-median)",
            )
        },
        Param {
            key: "samples",
            unit: "",
            kind: ParamKind::Number {
                default: 20_000.0,
                min: 1.0,
                max: MAX_SAMPLES,
                min_open: false,
                max_open: false,
                whole: true,
            },
            doc: "requests simulated",
        },
        Param {
            key: "seed",
            unit: "",
            kind: ParamKind::Number {
                default: 1.0,
                min: 0.0,
                max: 1e9,
                min_open: false,
                max_open: false,
                whole: true,
            },
            doc: "seed of the random numbers (same seed, same samples)",
        },
        Param {
            key: "unit",
            unit: "",
            kind: ParamKind::Text { default: "ms" },
            doc: "unit written after latencies on the axis and the marks",
        },
    ],
};

/// The log-normal's `(μ, σ)` with this median and p99 (p99 above the median).
pub(crate) fn solve(median: f64, p99: f64) -> (f64, f64) {
    let mu = median.ln();
    (mu, (p99.ln() - mu) / Z99)
}

/// One standard normal number (Box–Muller, the cosine half).
fn normal(rng: &mut SplitMix64) -> f64 {
    // 1 − U is in (0, 1]: its logarithm is finite.
    let u1 = 1.0 - rng.next_f64();
    let u2 = rng.next_f64();
    (-2.0 * u1.ln()).sqrt() * (std::f64::consts::TAU * u2).cos()
}

/// The modes of the mixture: `(μ, σ)` of the usual requests and of the slow ones, and the
/// share of slow ones.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) struct Mixture {
    pub usual: (f64, f64),
    pub slow: (f64, f64),
    pub slow_fraction: f64,
}

/// `n` latencies drawn from `mix` with the generator seeded by `seed`.
pub(crate) fn samples(mix: &Mixture, n: usize, seed: u64) -> Vec<f64> {
    let mut rng = SplitMix64::new(seed);
    (0..n)
        .map(|_| {
            // One uniform picks the mode, whatever the fraction, so the samples of the usual
            // mode do not shift when the fraction changes.
            let slow = rng.next_f64() < mix.slow_fraction;
            let (mu, sigma) = if slow { mix.slow } else { mix.usual };
            (mu + sigma * normal(&mut rng)).exp()
        })
        .collect()
}

pub(super) fn eval(spec: &ModelCall, panel: &Panel) -> Result<Output, BlockError> {
    let (median, p99) = (spec.number("median"), spec.number("p99"));
    if p99 <= median {
        return Err(spec.error(
            "p99",
            format!("p99 ({p99}) must be above the median ({median}): latencies spread upwards"),
        ));
    }
    let (slow_median, slow_p99) = (spec.number("slow-median"), spec.number("slow-p99"));
    let slow_fraction = spec.number("slow-fraction");
    if slow_fraction > 0.0 && slow_p99 <= slow_median {
        return Err(spec.error(
            "slow-p99",
            format!("slow-p99 ({slow_p99}) must be above slow-median ({slow_median})"),
        ));
    }
    let mix = Mixture {
        usual: solve(median, p99),
        slow: if slow_fraction > 0.0 {
            solve(slow_median, slow_p99)
        } else {
            (0.0, 0.0)
        },
        slow_fraction,
    };
    let values = samples(
        &mix,
        spec.number("samples") as usize,
        spec.number("seed") as u64,
    );
    if let crate::chart::Bins::Width(w) = panel.distribution.bins
        && panel.kind == ChartKind::Histogram
    {
        let (lo, hi) = values
            .iter()
            .fold((f64::INFINITY, f64::NEG_INFINITY), |(l, h), v| {
                (l.min(*v), h.max(*v))
            });
        let bins = if panel.x_axis.log {
            if w <= 1.0 {
                f64::INFINITY
            } else {
                (hi.log10() - lo.log10()) / w.log10()
            }
        } else {
            (hi - lo) / w
        };
        if bins > crate::chart::limits::MAX_BINS as f64 {
            return Err(spec.error(
                "bin-width",
                format!(
                    "`bin-width` {w} cuts the model's samples ({} to {}) into more than {} bins; use a wider bin (on a log axis: a factor above 1)",
                    format_value(lo, &NumberFormat::default_axis()),
                    format_value(hi, &NumberFormat::default_axis()),
                    crate::chart::limits::MAX_BINS
                ),
            ));
        }
    }
    let mean = values.iter().sum::<f64>() / values.len() as f64;
    let unit = spec.text("unit").trim().to_string();
    let ours = NumberFormat {
        suffix: if unit.is_empty() {
            String::new()
        } else {
            format!(" {unit}")
        },
        // 1000 ms, not 1k ms.
        si: unit.is_empty(),
        ..NumberFormat::default_axis()
    };
    let percentiles =
        panel.kind == ChartKind::Cdf && panel.distribution.view == CdfView::Percentiles;
    // The axis latencies run along, and the format its ticks (and so the marks) will have.
    let value_axis = if percentiles {
        &panel.y_axis
    } else {
        &panel.x_axis
    };
    let format = if value_axis.format == NumberFormat::default_axis() {
        ours.clone()
    } else {
        value_axis.format.clone()
    };
    let mean_line = ReferenceLine {
        axis: if percentiles { RefAxis::Y } else { RefAxis::X },
        value: mean,
        label: Some(format!("mean {}", format_value(mean, &format))),
        dash: Dash::Solid,
        color: None,
    };
    let series = Series {
        name: Some("Requests".into()),
        x: XValues::Numbers(Vec::new()),
        ..super::line("", Vec::new(), values)
    };
    let latency = "Latency".to_string();
    let (x_title, y_title, x_format, y_format) = match (panel.kind, panel.distribution.view) {
        (ChartKind::Cdf, CdfView::Percentiles) => {
            (Some("Percentile".into()), Some(latency), None, Some(ours))
        }
        (ChartKind::Cdf, CdfView::Ccdf) => (
            Some(latency),
            Some("Requests slower".into()),
            Some(ours),
            None,
        ),
        (ChartKind::Cdf, CdfView::Cdf) => (
            Some(latency),
            Some("Requests at or below".into()),
            Some(ours),
            None,
        ),
        _ => (Some(latency), Some("Requests".into()), Some(ours), None),
    };
    Ok(Output {
        series: vec![series],
        x_title,
        y_title,
        x_format,
        y_format,
        references: vec![mean_line],
        marks: vec![50.0, 99.0],
        ..Output::default()
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::stats::{percentile_of_sorted, sorted_finite};

    /// The parameters are solved so the samples have the median and p99 asked for. The
    /// tolerance: with n = 200,000 samples, a sample p-quantile's standard error is
    /// √(p(1−p)/n) in probability (0.0011 at the median, 0.00022 at p99), which is
    /// √(p(1−p)/n) / φ(z_p) in the standard normal's z (φ(0) = 0.3989, φ(2.326) = 0.02665:
    /// 0.0028 and 0.0083), and σ times that in ln(latency). Five standard errors, 0.014·σ and
    /// 0.042·σ in ln (for σ = 0.596: 0.8 % of the median, 2.5 % of the p99), fail only on a
    /// real error in the solving or the generator (a wrong z₀.₉₉ or a biased normal is off by
    /// far more), not by chance: the samples are fixed by the seed anyway.
    #[test]
    fn median_and_p99_of_the_samples_are_the_parameters() {
        for (median, p99, seed) in [(20.0, 80.0, 1), (3.0, 250.0, 7), (150.0, 160.0, 42)] {
            let mix = Mixture {
                usual: solve(median, p99),
                slow: (0.0, 0.0),
                slow_fraction: 0.0,
            };
            let drawn = samples(&mix, 200_000, seed);
            let sorted = sorted_finite(&drawn);
            let m = percentile_of_sorted(&sorted, 50.0);
            let q = percentile_of_sorted(&sorted, 99.0);
            // Tolerances in log space: 5 standard errors of the quantile's z (above), times σ.
            let sigma = mix.usual.1;
            let (tol_m, tol_q) = (
                5.0 * 0.0011 * 2.5066 * sigma,
                5.0 * 0.00022 / 0.02665 * sigma,
            );
            assert!(
                (m.ln() - median.ln()).abs() < tol_m.max(0.002),
                "median {m} for {median} (σ {sigma})"
            );
            assert!(
                (q.ln() - p99.ln()).abs() < tol_q.max(0.002),
                "p99 {q} for {p99} (σ {sigma})"
            );
        }
    }

    #[test]
    fn solving_by_hand() {
        let (mu, sigma) = solve(20.0, 80.0);
        assert!((mu - 20f64.ln()).abs() < 1e-15);
        // ln(4) / 2.3263478740408408
        assert!((sigma - 0.595_909_4).abs() < 1e-6, "{sigma}");
        // The p99 of the solved log-normal is the p99 given.
        assert!(((mu + sigma * Z99).exp() - 80.0).abs() < 1e-9);
    }

    #[test]
    fn the_slow_mode_takes_its_share() {
        let mix = Mixture {
            usual: solve(10.0, 30.0),
            slow: solve(200.0, 300.0),
            slow_fraction: 0.05,
        };
        let v = samples(&mix, 100_000, 3);
        // The slow mode's p1 is far above the usual mode's p99.99: count by a threshold.
        let slow = v.iter().filter(|x| **x > 100.0).count() as f64 / v.len() as f64;
        assert!((slow - 0.05).abs() < 0.004, "{slow}");
    }

    #[test]
    fn the_same_seed_draws_the_same_samples() {
        let mix = Mixture {
            usual: solve(20.0, 80.0),
            slow: solve(200.0, 400.0),
            slow_fraction: 0.02,
        };
        assert_eq!(samples(&mix, 1000, 5), samples(&mix, 1000, 5));
        assert_ne!(samples(&mix, 1000, 5), samples(&mix, 1000, 6));
    }
}
