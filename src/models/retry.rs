//! `retry-backoff`: delay per retry attempt, and the cumulative wait, for common strategies.

use super::rng::SplitMix64;
use super::{ModelCall, ModelInfo, Output, Param, ParamKind, line};
use crate::diagnostic::BlockError;
use crate::format::NumberFormat;

/// The model's description and parameters.
pub(crate) const INFO: ModelInfo = ModelInfo {
    name: "retry-backoff",
    summary: "Delay before each retry, or the total wait so far, for constant, exponential and jittered backoff.",
    formula: "constant: d = base; exponential: d(i) = min(cap, base*multiplier^i); full jitter: U(0, d(i)); equal jitter: d(i)/2 + U(0, d(i)/2)",
    params: &[
        Param {
            key: "strategies",
            unit: "",
            kind: ParamKind::Words {
                multiple: true,
                options: &["constant", "exponential", "full-jitter", "equal-jitter"],
                default: &["constant", "exponential"],
            },
            doc: "one series per strategy",
        },
        Param {
            key: "base",
            unit: "s",
            kind: ParamKind::Number {
                default: 1.0,
                min: 0.0,
                max: 1e6,
                min_open: true,
                max_open: false,
                whole: false,
            },
            doc: "first delay",
        },
        Param {
            key: "multiplier",
            unit: "",
            kind: ParamKind::Number {
                default: 2.0,
                min: 1.0,
                max: 100.0,
                min_open: false,
                max_open: false,
                whole: false,
            },
            doc: "growth per attempt",
        },
        Param {
            key: "cap",
            unit: "s",
            kind: ParamKind::Number {
                default: 1e9,
                min: 0.0,
                max: 1e9,
                min_open: true,
                max_open: false,
                whole: false,
            },
            doc: "largest delay (1e9: no cap)",
        },
        Param {
            key: "attempts",
            unit: "",
            kind: ParamKind::Number {
                default: 6.0,
                min: 1.0,
                max: 1000.0,
                min_open: false,
                max_open: false,
                whole: true,
            },
            doc: "retries shown (attempt 0 is the first retry)",
        },
        Param {
            key: "metric",
            unit: "",
            kind: ParamKind::Words {
                multiple: false,
                options: &["delay", "cumulative"],
                default: &["delay"],
            },
            doc: "delay per attempt, or total wait",
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
            doc: "seed of the jitter's random numbers (same seed, same chart)",
        },
    ],
};

/// Delays per attempt for `strategy`; jitter draws from `rng`.
pub(crate) fn delays(
    strategy: &str,
    base: f64,
    multiplier: f64,
    cap: f64,
    attempts: usize,
    rng: &mut SplitMix64,
) -> Vec<f64> {
    (0..attempts)
        .map(|i| {
            let exp = (base * multiplier.powi(i as i32)).min(cap);
            match strategy {
                "constant" => base.min(cap),
                "exponential" => exp,
                "full-jitter" => rng.next_f64() * exp,
                "equal-jitter" => exp / 2.0 + rng.next_f64() * exp / 2.0,
                _ => exp,
            }
        })
        .collect()
}

fn title(strategy: &str) -> &'static str {
    match strategy {
        "constant" => "No backoff",
        "exponential" => "Exponential",
        "full-jitter" => "Exponential, full jitter",
        _ => "Exponential, equal jitter",
    }
}

pub(super) fn eval(spec: &ModelCall) -> Result<Output, BlockError> {
    let metric = spec.words("metric");
    if metric.len() != 1 {
        return Err(spec.error(
            "metric",
            "expected exactly one of \"delay\" or \"cumulative\"",
        ));
    }
    let cumulative = metric[0] == "cumulative";
    let attempts = spec.number("attempts") as usize;
    let mut rng = SplitMix64::new(spec.number("seed") as u64);
    let x: Vec<f64> = (0..attempts).map(|i| i as f64).collect();
    let mut series = Vec::new();
    for strategy in spec.words("strategies") {
        let mut d = delays(
            strategy,
            spec.number("base"),
            spec.number("multiplier"),
            spec.number("cap"),
            attempts,
            &mut rng,
        );
        if cumulative {
            let mut total = 0.0;
            for v in &mut d {
                total += *v;
                *v = total;
            }
        }
        let mut s = line(title(strategy), x.clone(), d);
        s.markers = true;
        series.push(s);
    }
    Ok(Output {
        series,
        x_title: Some("Retry attempt".into()),
        y_title: Some(
            if cumulative {
                "Total wait (s)"
            } else {
                "Delay (s)"
            }
            .into(),
        ),
        y_format: Some(NumberFormat::default_axis()),
        ..Output::default()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn deterministic_strategies() {
        let mut r = SplitMix64::new(1);
        assert_eq!(
            delays("constant", 1.0, 2.0, 1e9, 4, &mut r),
            vec![1.0, 1.0, 1.0, 1.0]
        );
        assert_eq!(
            delays("exponential", 1.0, 2.0, 1e9, 6, &mut r),
            vec![1.0, 2.0, 4.0, 8.0, 16.0, 32.0]
        );
        assert_eq!(
            delays("exponential", 0.5, 3.0, 10.0, 4, &mut r),
            vec![0.5, 1.5, 4.5, 10.0]
        );
    }

    #[test]
    fn jitter_is_seeded_and_bounded() {
        let a = delays("full-jitter", 1.0, 2.0, 1e9, 6, &mut SplitMix64::new(42));
        let b = delays("full-jitter", 1.0, 2.0, 1e9, 6, &mut SplitMix64::new(42));
        assert_eq!(a, b);
        // The exact sequence is part of the contract: the same book renders the same chart
        // everywhere.
        let expected = [
            0.7415648787718233,
            0.3198207857538402,
            1.1144045210205547,
            2.7535257321891002,
            0.6084826966439394,
            27.783298449489035,
        ];
        for (v, e) in a.iter().zip(expected) {
            assert!((v - e).abs() < 1e-12, "{a:?}");
        }
        for (i, v) in a.iter().enumerate() {
            assert!((0.0..2f64.powi(i as i32)).contains(v));
        }
        let eq = delays("equal-jitter", 1.0, 2.0, 1e9, 6, &mut SplitMix64::new(3));
        for (i, v) in eq.iter().enumerate() {
            let d = 2f64.powi(i as i32);
            assert!(*v >= d / 2.0 && *v < d);
        }
    }
}
