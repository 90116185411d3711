//! `cache-hit-rate`: average latency and throughput gain as the cache hit rate grows.

use super::{ModelCall, ModelInfo, Output, Param, ParamKind, line, linspace, marks};
use crate::chart::{Dash, RefAxis, ReferenceLine};
use crate::diagnostic::BlockError;
use crate::format::NumberFormat;
use crate::format::format_plain;

/// The model's description and parameters.
pub(crate) const INFO: ModelInfo = ModelInfo {
    name: "cache-hit-rate",
    summary: "Average latency, or throughput relative to no cache, against the cache hit rate.",
    formula: "latency(h) = h*cache + (1-h)*backend; throughput multiplier(h) = backend / latency(h)",
    params: &[
        Param {
            key: "cache-ms",
            unit: "ms",
            kind: ParamKind::Number {
                default: 2.0,
                min: 0.0,
                max: 1e6,
                min_open: true,
                max_open: false,
                whole: false,
            },
            doc: "latency of a cache hit",
        },
        Param {
            key: "backend-ms",
            unit: "ms",
            kind: ParamKind::Number {
                default: 50.0,
                min: 0.0,
                max: 1e6,
                min_open: true,
                max_open: false,
                whole: false,
            },
            doc: "latency of a miss served by the backend",
        },
        Param {
            key: "metric",
            unit: "",
            kind: ParamKind::Words {
                multiple: false,
                options: &["latency", "throughput"],
                default: &["latency"],
            },
            doc: "what to plot",
        },
        Param {
            key: "mark",
            unit: "hit rate 0-1",
            kind: ParamKind::Numbers {
                min: 0.0,
                max: 1.0,
                max_len: 20,
                default: &[],
            },
            doc: "hit rates to mark with their exact values",
        },
        Param {
            key: "samples",
            unit: "points",
            kind: ParamKind::Number {
                default: 101.0,
                min: 2.0,
                max: 2000.0,
                min_open: false,
                max_open: false,
                whole: true,
            },
            doc: "points along the curve",
        },
        Param {
            key: "backend-label",
            unit: "",
            kind: ParamKind::Text {
                default: "Backend only",
            },
            doc: "label of the backend-latency reference line",
        },
        Param {
            key: "cache-label",
            unit: "",
            kind: ParamKind::Text {
                default: "Cache only",
            },
            doc: "label of the cache-latency reference line",
        },
    ],
};

/// Average latency at hit rate `h`.
pub(crate) fn latency(h: f64, cache: f64, backend: f64) -> f64 {
    h * cache + (1.0 - h) * backend
}

/// Throughput relative to a cache-less system at hit rate `h`.
pub(crate) fn multiplier(h: f64, cache: f64, backend: f64) -> f64 {
    backend / latency(h, cache, backend)
}

pub(super) fn eval(spec: &ModelCall) -> Result<Output, BlockError> {
    let (cache, backend) = (spec.number("cache-ms"), spec.number("backend-ms"));
    let metrics = spec.words("metric");
    if metrics.len() != 1 {
        return Err(spec.error(
            "metric",
            "expected exactly one of \"latency\" or \"throughput\"",
        ));
    }
    let throughput = metrics[0] == "throughput";
    let hs = linspace(0.0, 1.0, spec.number("samples") as usize);
    let f = |h: f64| {
        if throughput {
            multiplier(h, cache, backend)
        } else {
            latency(h, cache, backend)
        }
    };
    let x: Vec<f64> = hs.iter().map(|h| h * 100.0).collect();
    let y: Vec<f64> = hs.iter().map(|h| f(*h)).collect();
    let name = if throughput {
        "Throughput multiplier"
    } else {
        "Average latency"
    };
    let mut out = Output {
        series: vec![line(name, x, y)],
        x_title: Some("Cache hit rate (%)".into()),
        y_title: Some(
            if throughput {
                "Throughput multiplier"
            } else {
                "Latency (ms)"
            }
            .into(),
        ),
        y_format: Some(NumberFormat {
            si: true,
            suffix: if throughput {
                "×".into()
            } else {
                String::new()
            },
            ..NumberFormat::default()
        }),
        ..Output::default()
    };
    let marked = spec.numbers("mark");
    if !marked.is_empty() {
        let labels = marked
            .iter()
            .map(|h| {
                let v = f(*h);
                let pct = format_plain(h * 100.0);
                if throughput {
                    format!("{pct}%: {}×", format_plain(v))
                } else {
                    format!("{pct}%: {} ms", format_plain(v))
                }
            })
            .collect();
        out.series.push(marks(
            name,
            marked.iter().map(|h| h * 100.0).collect(),
            marked.iter().map(|h| f(*h)).collect(),
            labels,
        ));
    }
    if !throughput {
        for (value, label) in [
            (backend, spec.text("backend-label")),
            (cache, spec.text("cache-label")),
        ] {
            out.references.push(ReferenceLine {
                axis: RefAxis::Y,
                value,
                label: (!label.is_empty()).then(|| label.to_string()),
                dash: Dash::Dashed,
                color: None,
            });
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn exact_points_from_the_seed() {
        // 90% hit rate with a 2 ms cache and a 50 ms backend: 6.8 ms and 7.35x.
        assert!((latency(0.90, 2.0, 50.0) - 6.8).abs() < 1e-12);
        assert!((multiplier(0.90, 2.0, 50.0) - 50.0 / 6.8).abs() < 1e-12);
        assert_eq!(format_plain(multiplier(0.90, 2.0, 50.0)), "7.35");
        // 99%: 2.48 ms and 20.2x.
        assert!((latency(0.99, 2.0, 50.0) - 2.48).abs() < 1e-12);
        assert_eq!(format_plain(multiplier(0.99, 2.0, 50.0)), "20.2");
        // The seed's printout used index 90 of a 100-point grid: 90.9%, 6.36 ms. Not us.
        assert!((latency(90.0 / 99.0, 2.0, 50.0) - 6.3636).abs() < 1e-3);
    }

    #[test]
    fn latency_falls_and_throughput_rises_with_hit_rate() {
        let hs = linspace(0.0, 1.0, 200);
        for w in hs.windows(2) {
            assert!(latency(w[1], 2.0, 50.0) < latency(w[0], 2.0, 50.0));
            assert!(multiplier(w[1], 2.0, 50.0) > multiplier(w[0], 2.0, 50.0));
        }
    }
}
