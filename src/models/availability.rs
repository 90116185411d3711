//! `availability`: serial and redundant composition of components, and the downtime it allows.

use super::{ModelCall, ModelInfo, Output, Param, ParamKind, line};
use crate::diagnostic::BlockError;
use crate::format::NumberFormat;

/// The model's description and parameters.
pub(crate) const INFO: ModelInfo = ModelInfo {
    name: "availability",
    summary: "Availability (or allowed downtime) of n components in series and of n redundant replicas.",
    formula: "serial: A^n; redundant (any one of n suffices): 1 - (1 - A)^n; downtime = (1 - availability) * period",
    params: &[
        Param {
            key: "component",
            unit: "fraction 0-1",
            kind: ParamKind::Number {
                default: 0.999,
                min: 0.0,
                max: 1.0,
                min_open: true,
                max_open: true,
                whole: false,
            },
            doc: "availability of one component (0.999 = three nines)",
        },
        Param {
            key: "components",
            unit: "",
            kind: ParamKind::Number {
                default: 5.0,
                min: 1.0,
                max: 1000.0,
                min_open: false,
                max_open: false,
                whole: true,
            },
            doc: "largest number of components shown",
        },
        Param {
            key: "arrangements",
            unit: "",
            kind: ParamKind::Words {
                multiple: true,
                options: &["serial", "redundant"],
                default: &["serial", "redundant"],
            },
            doc: "one series per arrangement",
        },
        Param {
            key: "metric",
            unit: "",
            kind: ParamKind::Words {
                multiple: false,
                options: &["availability", "downtime-year", "downtime-month"],
                default: &["availability"],
            },
            doc: "availability in percent, or downtime in hours per year / minutes per month",
        },
    ],
};

/// Availability of `n` components that must all work.
pub(crate) fn serial(a: f64, n: f64) -> f64 {
    a.powf(n)
}

/// Availability of `n` replicas of which any one suffices.
pub(crate) fn redundant(a: f64, n: f64) -> f64 {
    1.0 - (1.0 - a).powf(n)
}

/// Hours per (365.25-day) year.
const YEAR_HOURS: f64 = 365.25 * 24.0;
/// Minutes per (30-day) month.
const MONTH_MINUTES: f64 = 30.0 * 24.0 * 60.0;

pub(super) fn eval(spec: &ModelCall) -> Result<Output, BlockError> {
    let metric = spec.words("metric");
    if metric.len() != 1 {
        return Err(spec.error("metric", "expected exactly one metric"));
    }
    let a = spec.number("component");
    let n = spec.number("components").round() as usize;
    let x: Vec<f64> = (1..=n).map(|i| i as f64).collect();
    let value = |avail: f64| match metric[0] {
        "availability" => avail,
        "downtime-year" => (1.0 - avail) * YEAR_HOURS,
        _ => (1.0 - avail) * MONTH_MINUTES,
    };
    let mut series = Vec::new();
    for arrangement in spec.words("arrangements") {
        let y: Vec<f64> = x
            .iter()
            .map(|k| {
                value(if arrangement == "serial" {
                    serial(a, *k)
                } else {
                    redundant(a, *k)
                })
            })
            .collect();
        let name = if arrangement == "serial" {
            "In series (all needed)"
        } else {
            "Redundant (any one)"
        };
        let mut s = line(name, x.clone(), y);
        s.markers = true;
        series.push(s);
    }
    let (y_title, format) = match metric[0] {
        "availability" => ("Availability", NumberFormat::percent()),
        "downtime-year" => ("Downtime (hours per year)", NumberFormat::default_axis()),
        _ => ("Downtime (minutes per month)", NumberFormat::default_axis()),
    };
    Ok(Output {
        series,
        x_title: Some("Components".into()),
        y_title: Some(y_title.into()),
        y_format: Some(format),
        ..Output::default()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn by_hand() {
        // Three nines, three in series: 99.7003%; two replicas: 99.9999%.
        assert!((serial(0.999, 3.0) - 0.997_002_999).abs() < 1e-12);
        assert!((redundant(0.999, 2.0) - 0.999_999).abs() < 1e-12);
        // 99.9% allows 8.766 hours of downtime a year and 43.2 minutes a month.
        assert!(((1.0 - 0.999) * YEAR_HOURS - 8.766).abs() < 1e-9);
        assert!(((1.0 - 0.999) * MONTH_MINUTES - 43.2).abs() < 1e-9);
    }

    #[test]
    fn serial_falls_and_redundant_rises() {
        for a in [0.9, 0.99, 0.999, 0.9999] {
            for n in 1..50 {
                let n = n as f64;
                assert!(serial(a, n + 1.0) < serial(a, n));
                assert!(redundant(a, n + 1.0) >= redundant(a, n));
            }
        }
    }
}
