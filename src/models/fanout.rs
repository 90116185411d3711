//! `tail-fanout`: a request that fans out to n backends waits for the slowest of them.

use super::{ModelCall, ModelInfo, Output, Param, ParamKind, line};
use crate::diagnostic::BlockError;
use crate::format::NumberFormat;

/// The model's description and parameters.
pub(crate) const INFO: ModelInfo = ModelInfo {
    name: "tail-fanout",
    summary: "Chance that a request fanning out to n backends hits at least one slow one, and the request's p99.",
    formula: "P(slow) = 1 - (1 - p)^n; with exponential backend latency of mean m, request p99 = -m ln(1 - 0.99^(1/n))",
    params: &[
        Param {
            key: "p",
            unit: "fraction 0-1",
            kind: ParamKind::Number {
                default: 0.01,
                min: 0.0,
                max: 1.0,
                min_open: true,
                max_open: true,
                whole: false,
            },
            doc: "probability that one backend call is slow (0.01: its p99)",
        },
        Param {
            key: "fanout-max",
            unit: "backends",
            kind: ParamKind::Number {
                default: 100.0,
                min: 1.0,
                max: 100_000.0,
                min_open: false,
                max_open: false,
                whole: true,
            },
            doc: "largest fan-out shown",
        },
        Param {
            key: "metric",
            unit: "",
            kind: ParamKind::Words {
                multiple: false,
                options: &["probability", "p99"],
                default: &["probability"],
            },
            doc: "chance of a slow request, or its p99 latency",
        },
        Param {
            key: "mean-ms",
            unit: "ms",
            kind: ParamKind::Number {
                default: 10.0,
                min: 0.0,
                max: 1e9,
                min_open: true,
                max_open: false,
                whole: false,
            },
            doc: "mean backend latency (for the p99 metric)",
        },
    ],
};

/// Probability that at least one of `n` calls is slow.
pub(crate) fn any_slow(p: f64, n: f64) -> f64 {
    1.0 - (1.0 - p).powf(n)
}

/// p99 of the slowest of `n` exponential latencies with mean `mean`.
pub(crate) fn p99_of_max(mean: f64, n: f64) -> f64 {
    -mean * (1.0 - 0.99f64.powf(1.0 / n)).ln()
}

pub(super) fn eval(spec: &ModelCall) -> Result<Output, BlockError> {
    let metric = spec.words("metric");
    if metric.len() != 1 {
        return Err(spec.error(
            "metric",
            "expected exactly one of \"probability\" or \"p99\"",
        ));
    }
    let max = spec.number("fanout-max").round().max(1.0) as usize;
    let step = (max / 200).max(1);
    let ns: Vec<f64> = (1..=max)
        .step_by(step)
        .map(|n| n as f64)
        .chain(std::iter::once(max as f64))
        .collect();
    let mut ns = ns;
    ns.dedup();
    let p = spec.number("p");
    let probability = metric[0] == "probability";
    let y: Vec<f64> = ns
        .iter()
        .map(|n| {
            if probability {
                any_slow(p, *n)
            } else {
                p99_of_max(spec.number("mean-ms"), *n)
            }
        })
        .collect();
    let name = if probability {
        "P(at least one slow call)"
    } else {
        "Request p99"
    };
    Ok(Output {
        series: vec![line(name, ns, y)],
        x_title: Some("Backends per request (fan-out)".into()),
        y_title: Some(
            if probability {
                "Requests that wait on a slow call"
            } else {
                "p99 latency (ms)"
            }
            .into(),
        ),
        y_format: Some(if probability {
            NumberFormat::percent()
        } else {
            NumberFormat::default_axis()
        }),
        ..Output::default()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn by_hand() {
        assert!((any_slow(0.01, 1.0) - 0.01).abs() < 1e-12);
        // The classic figure: 100 backends at p = 1% -> 63.4% of requests are slow.
        assert!((any_slow(0.01, 100.0) - 0.633_967_658_726_77).abs() < 1e-9);
        assert!((p99_of_max(10.0, 1.0) - 10.0 * 100f64.ln()).abs() < 1e-9);
    }

    #[test]
    fn monotonic_in_fanout() {
        for n in 1..500 {
            let n = n as f64;
            assert!(any_slow(0.01, n + 1.0) > any_slow(0.01, n));
            assert!(p99_of_max(10.0, n + 1.0) > p99_of_max(10.0, n));
        }
    }
}
