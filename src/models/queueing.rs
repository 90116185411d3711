//! `queueing`: M/M/1 and M/M/c response time (mean and tail) against utilization.

use super::{ModelCall, ModelInfo, Output, Param, ParamKind, line, linspace};
use crate::diagnostic::BlockError;
use crate::format::NumberFormat;

/// The model's description and parameters.
pub(crate) const INFO: ModelInfo = ModelInfo {
    name: "queueing",
    summary: "Response time of an M/M/c queue (c = 1: M/M/1) against utilization: why latency explodes near saturation.",
    formula: "M/M/1: mean T = S/(1-rho), P(T>t) = exp(-t(1-rho)/S); M/M/c: Erlang C wait plus service, quantiles solved numerically",
    params: &[
        Param {
            key: "service-ms",
            unit: "ms",
            kind: ParamKind::Number {
                default: 10.0,
                min: 0.0,
                max: 1e9,
                min_open: true,
                max_open: false,
                whole: false,
            },
            doc: "mean service time S of one request",
        },
        Param {
            key: "servers",
            unit: "",
            kind: ParamKind::Number {
                default: 1.0,
                min: 1.0,
                max: 1000.0,
                min_open: false,
                max_open: false,
                whole: true,
            },
            doc: "servers c working the one queue",
        },
        Param {
            key: "metrics",
            unit: "",
            kind: ParamKind::Words {
                multiple: true,
                options: &["mean", "p50", "p90", "p95", "p99", "p999"],
                default: &["mean", "p95", "p99"],
            },
            doc: "one series per statistic of the response time",
        },
        Param {
            key: "utilization-min",
            unit: "fraction 0-1",
            kind: ParamKind::Number {
                default: 0.05,
                min: 0.0,
                max: 1.0,
                min_open: false,
                max_open: true,
                whole: false,
            },
            doc: "lowest utilization shown",
        },
        Param {
            key: "utilization-max",
            unit: "fraction 0-1",
            kind: ParamKind::Number {
                default: 0.95,
                min: 0.0,
                max: 1.0,
                min_open: true,
                max_open: true,
                whole: false,
            },
            doc: "highest utilization shown (below 1: at 1 the queue grows without bound)",
        },
        Param {
            key: "samples",
            unit: "points",
            kind: ParamKind::Number {
                default: 60.0,
                min: 2.0,
                max: 2000.0,
                min_open: false,
                max_open: false,
                whole: true,
            },
            doc: "points along each curve",
        },
    ],
};

/// Erlang C: probability that an arriving request waits, with `c` servers at utilization `rho`.
pub(crate) fn erlang_c(c: usize, rho: f64) -> f64 {
    let a = rho * c as f64; // offered load in Erlangs
    // Sum a^k/k! for k < c, computed by recurrence to stay finite for large c.
    let mut term = 1.0;
    let mut sum = 1.0;
    for k in 1..c {
        term *= a / k as f64;
        sum += term;
    }
    let last = term * a / c as f64 / (1.0 - rho);
    last / (sum + last)
}

/// Mean response time (wait + service).
pub(crate) fn mean_response(service: f64, c: usize, rho: f64) -> f64 {
    let mu = 1.0 / service;
    let lambda = rho * c as f64 * mu;
    erlang_c(c, rho) / (c as f64 * mu - lambda) + service
}

/// P(T > t) for the response time T = W + S.
#[cfg(test)]
pub(crate) fn survival(t: f64, service: f64, c: usize, rho: f64) -> f64 {
    survival_given(t, service, c, rho, erlang_c(c, rho))
}

/// `survival` with the Erlang C probability `pw` already known (it costs O(c), the rest O(1)).
fn survival_given(t: f64, service: f64, c: usize, rho: f64, pw: f64) -> f64 {
    let mu = 1.0 / service;
    let theta = c as f64 * mu * (1.0 - rho); // rate of the conditional wait
    let served = (-mu * t).exp();
    let both = if (theta - mu).abs() < 1e-12 * mu {
        (1.0 + mu * t) * served
    } else {
        (theta * served - mu * (-theta * t).exp()) / (theta - mu)
    };
    (1.0 - pw) * served + pw * both
}

/// The `p` quantile of the response time, by bisection on `survival`.
pub(crate) fn quantile(p: f64, service: f64, c: usize, rho: f64) -> f64 {
    if c == 1 {
        // M/M/1: the response time is exponential with mean S/(1-rho).
        return -service * (1.0 - p).ln() / (1.0 - rho);
    }
    let target = 1.0 - p;
    let pw = erlang_c(c, rho);
    let survival = |t: f64| survival_given(t, service, c, rho, pw);
    let mut hi = service;
    while survival(hi) > target && hi < 1e15 {
        hi *= 2.0;
    }
    let mut lo = 0.0;
    // Bisect until the bracket is below a millionth of the answer (about 20 to 60 steps).
    for _ in 0..200 {
        if hi - lo <= hi * 1e-9 {
            break;
        }
        let mid = (lo + hi) / 2.0;
        if survival(mid) > target {
            lo = mid;
        } else {
            hi = mid;
        }
    }
    (lo + hi) / 2.0
}

pub(super) fn eval(spec: &ModelCall) -> Result<Output, BlockError> {
    let service = spec.number("service-ms");
    let c = spec.number("servers").round() as usize;
    let (lo, hi) = (
        spec.number("utilization-min"),
        spec.number("utilization-max"),
    );
    if lo >= hi {
        return Err(spec.error(
            "utilization-min",
            "expected utilization-min below utilization-max",
        ));
    }
    let rhos = linspace(lo, hi, spec.number("samples") as usize);
    let x: Vec<f64> = rhos.iter().map(|r| r * 100.0).collect();
    let mut series = Vec::new();
    for m in spec.words("metrics") {
        let y: Vec<f64> = rhos
            .iter()
            .map(|rho| match m {
                "mean" => mean_response(service, c, *rho),
                "p50" => quantile(0.50, service, c, *rho),
                "p90" => quantile(0.90, service, c, *rho),
                "p95" => quantile(0.95, service, c, *rho),
                "p99" => quantile(0.99, service, c, *rho),
                _ => quantile(0.999, service, c, *rho),
            })
            .collect();
        let name = if m == "mean" {
            "Mean".to_string()
        } else {
            m.to_string()
        };
        series.push(line(&name, x.clone(), y));
    }
    let queue = if c == 1 {
        "M/M/1".to_string()
    } else {
        format!("M/M/{c}")
    };
    Ok(Output {
        series,
        x_title: Some("Utilization (%)".into()),
        y_title: Some(format!("Response time (ms), {queue}")),
        y_format: Some(NumberFormat::default_axis()),
        ..Output::default()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mm1_by_hand() {
        // M/M/1, S = 10 ms, rho = 0.5: mean 20 ms; P(T > t) = exp(-t/20).
        assert!((erlang_c(1, 0.5) - 0.5).abs() < 1e-12);
        assert!((mean_response(10.0, 1, 0.5) - 20.0).abs() < 1e-9);
        assert!((quantile(0.99, 10.0, 1, 0.5) - 20.0 * 100f64.ln()).abs() < 1e-6);
        assert!((quantile(0.95, 10.0, 1, 0.9) - 100.0 * 20f64.ln()).abs() < 1e-6);
    }

    #[test]
    fn erlang_c_by_hand() {
        // c = 2, a = 1 Erlang (rho = 0.5): C = (1/2 * 1/(1-0.5)) / (1 + 1 + 1) = 1/3.
        assert!((erlang_c(2, 0.5) - 1.0 / 3.0).abs() < 1e-12);
        // Mean response: Wq = C / (c*mu - lambda) = (1/3) / (0.2 - 0.1) = 3.33 ms, plus 10.
        assert!((mean_response(10.0, 2, 0.5) - (10.0 + 10.0 / 3.0)).abs() < 1e-9);
    }

    #[test]
    fn latency_grows_with_utilization() {
        for c in [1, 2, 8, 64] {
            let rhos = linspace(0.05, 0.98, 80);
            for w in rhos.windows(2) {
                for p in [0.5, 0.95, 0.99] {
                    let (a, b) = (quantile(p, 10.0, c, w[0]), quantile(p, 10.0, c, w[1]));
                    assert!(a.is_finite() && b >= a - 1e-9, "c={c} p={p} {a} {b}");
                }
                let (a, b) = (mean_response(10.0, c, w[0]), mean_response(10.0, c, w[1]));
                // Strictly rising, except where many servers make waiting vanishingly rare.
                assert!(a.is_finite() && b >= a, "c={c} {a} {b}");
                if c == 1 {
                    assert!(b > a);
                }
            }
        }
    }
}
