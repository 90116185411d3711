//! `scalability`: Amdahl's law and the Universal Scalability Law, with the peak marked.

use super::{ModelCall, ModelInfo, Output, Param, ParamKind, line, marks};
use crate::chart::{Dash, RefAxis, ReferenceLine};
use crate::diagnostic::BlockError;
use crate::format::NumberFormat;
use crate::format::format_plain;

/// The model's description and parameters.
pub(crate) const INFO: ModelInfo = ModelInfo {
    name: "scalability",
    summary: "Throughput against nodes (or concurrency) under Amdahl's law and the Universal Scalability Law.",
    formula: "Amdahl: X(N) = X1 * N / (1 + s(N-1)); USL: X(N) = X1 * N / (1 + s(N-1) + k N (N-1)), peak at N* = sqrt((1-s)/k)",
    params: &[
        Param {
            key: "laws",
            unit: "",
            kind: ParamKind::Words {
                multiple: true,
                options: &["amdahl", "usl", "linear"],
                default: &["linear", "amdahl", "usl"],
            },
            doc: "one series per law (linear: perfect scaling, for reference)",
        },
        Param {
            key: "serial",
            unit: "fraction 0-1",
            kind: ParamKind::Number {
                default: 0.05,
                min: 0.0,
                max: 1.0,
                min_open: false,
                max_open: false,
                whole: false,
            },
            doc: "contention: the serial fraction s (Amdahl) / sigma (USL)",
        },
        Param {
            key: "crosstalk",
            unit: "fraction 0-1",
            kind: ParamKind::Number {
                default: 0.001,
                min: 0.0,
                max: 1.0,
                min_open: false,
                max_open: false,
                whole: false,
            },
            doc: "coherency cost kappa (USL only)",
        },
        Param {
            key: "single-node",
            unit: "req/s",
            kind: ParamKind::Number {
                default: 1000.0,
                min: 0.0,
                max: 1e12,
                min_open: true,
                max_open: false,
                whole: false,
            },
            doc: "throughput X1 of one node",
        },
        Param {
            key: "nodes",
            unit: "",
            kind: ParamKind::Number {
                default: 64.0,
                min: 1.0,
                max: 100_000.0,
                min_open: false,
                max_open: false,
                whole: true,
            },
            doc: "largest node count shown",
        },
        Param {
            key: "mark-peak",
            unit: "",
            kind: ParamKind::Words {
                multiple: false,
                options: &["yes", "no"],
                default: &["yes"],
            },
            doc: "mark the USL's peak (and Amdahl's ceiling)",
        },
    ],
};

/// Throughput under the USL (Amdahl when `kappa` = 0).
pub(crate) fn usl(x1: f64, sigma: f64, kappa: f64, n: f64) -> f64 {
    x1 * n / (1.0 + sigma * (n - 1.0) + kappa * n * (n - 1.0))
}

/// The node count where the USL peaks, if it does.
pub(crate) fn usl_peak(sigma: f64, kappa: f64) -> Option<f64> {
    (kappa > 0.0 && sigma < 1.0).then(|| ((1.0 - sigma) / kappa).sqrt())
}

pub(super) fn eval(spec: &ModelCall) -> Result<Output, BlockError> {
    let (s, k, x1) = (
        spec.number("serial"),
        spec.number("crosstalk"),
        spec.number("single-node"),
    );
    let max = spec.number("nodes").round().max(1.0);
    let step = (max / 200.0).ceil().max(1.0);
    let mut ns: Vec<f64> = std::iter::successors(Some(1.0), |n| Some(n + step))
        .take_while(|n| *n <= max)
        .collect();
    if ns.last() != Some(&max) {
        ns.push(max);
    }
    let mark = spec.words("mark-peak") == ["yes"];
    let mut out = Output {
        x_title: Some("Nodes".into()),
        y_title: Some("Throughput (req/s)".into()),
        y_format: Some(NumberFormat::default_axis()),
        ..Output::default()
    };
    for law in spec.words("laws") {
        let (name, y): (&str, Vec<f64>) = match law {
            "linear" => ("Linear", ns.iter().map(|n| x1 * n).collect()),
            "amdahl" => ("Amdahl", ns.iter().map(|n| usl(x1, s, 0.0, *n)).collect()),
            _ => ("USL", ns.iter().map(|n| usl(x1, s, k, *n)).collect()),
        };
        let mut series = line(name, ns.clone(), y);
        if law == "linear" {
            series.dash = Dash::Dotted;
            series.line_width = 1.5;
        }
        out.series.push(series);
        if mark && law == "amdahl" && s > 0.0 {
            out.references.push(ReferenceLine {
                axis: RefAxis::Y,
                value: x1 / s,
                label: Some(format!("Amdahl ceiling {}", format_plain(x1 / s))),
                dash: Dash::Dotted,
                color: None,
            });
        }
        if mark
            && law == "usl"
            && let Some(peak) = usl_peak(s, k)
            && peak <= max
        {
            let n = peak.round().max(1.0);
            let x = usl(x1, s, k, n);
            out.series.push(marks(
                "USL",
                vec![n],
                vec![x],
                vec![format!(
                    "peak: {} nodes, {}",
                    format_plain(n),
                    format_plain(x)
                )],
            ));
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn by_hand() {
        // Amdahl with 5% serial work: 16 nodes give 1000*16/1.75 = 9142.857 req/s.
        assert!((usl(1000.0, 0.05, 0.0, 16.0) - 16000.0 / 1.75).abs() < 1e-9);
        // USL peak for sigma 0.05, kappa 0.001: sqrt(0.95/0.001) = 30.82 nodes.
        assert!((usl_peak(0.05, 0.001).unwrap() - 30.822_070_014_844_88).abs() < 1e-9);
        assert_eq!(usl_peak(0.05, 0.0), None);
    }

    #[test]
    fn usl_rises_then_falls_and_amdahl_never_falls() {
        let peak = usl_peak(0.05, 0.001).unwrap();
        for n in 1..200 {
            let n = n as f64;
            let (a, b) = (usl(1.0, 0.05, 0.001, n), usl(1.0, 0.05, 0.001, n + 1.0));
            if n + 1.0 <= peak.floor() {
                assert!(b > a);
            }
            if n >= peak.ceil() {
                assert!(b < a);
            }
            assert!(usl(1.0, 0.05, 0.0, n + 1.0) > usl(1.0, 0.05, 0.0, n));
        }
    }
}
