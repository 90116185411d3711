//! `error-budget`: what is left of an SLO's error budget over its window when errors arrive at a
//! steady burn rate, on a time axis, with the multi-window burn-rate alert thresholds of the
//! Google SRE workbook marked.

use super::{ModelCall, ModelInfo, Output, Param, ParamKind, line};
use crate::chart::{Dash, RefAxis, ReferenceLine};
use crate::diagnostic::BlockError;
use crate::format::{NumberFormat, format_plain};

/// The model's description and parameters.
pub(crate) const INFO: ModelInfo = ModelInfo {
    name: "error-budget",
    summary: "Error budget left over an SLO window at steady burn rates, with the burn-rate alert thresholds.",
    formula: "budget = (1 - SLO) * window; burn rate b spends it b times as fast as allowed: left(t) = 1 - b * t / window, exhausted at window / b; an alert that fires when b burns a share s of the budget within a lookback L has threshold b = s * window / L (2% in 1 h of 30 days: 14.4x; 5% in 6 h: 6x; 10% in 3 days: 1x)",
    params: &[
        Param {
            key: "slo",
            unit: "fraction 0-1",
            kind: ParamKind::Number {
                default: 0.999,
                min: 0.0,
                max: 1.0,
                min_open: true,
                max_open: true,
                whole: false,
            },
            doc: "the objective (0.999: 99.9 % of requests succeed)",
        },
        Param {
            key: "window-days",
            unit: "days",
            kind: ParamKind::Number {
                default: 30.0,
                min: 1.0,
                max: 366.0,
                min_open: false,
                max_open: false,
                whole: true,
            },
            doc: "the SLO window",
        },
        Param {
            key: "burn-rates",
            unit: "x the allowed rate",
            kind: ParamKind::Numbers {
                min: 0.0,
                max: 1000.0,
                max_len: 8,
                default: &DEFAULT_BURN_RATES,
            },
            doc: "one series per steady burn rate (1: the budget lasts exactly the window)",
        },
        Param {
            key: "start",
            unit: "date",
            kind: ParamKind::Text {
                default: "2026-01-01",
            },
            doc: "when the window starts (ISO 8601 date or date-time, UTC unless it says otherwise)",
        },
        Param {
            key: "alerts",
            unit: "",
            kind: ParamKind::Words {
                multiple: false,
                options: &["yes", "no"],
                default: &["yes"],
            },
            doc: "mark the budget spent when each multi-window burn-rate alert fires",
        },
    ],
};

/// Burn rates drawn when `burn-rates` is not given.
const DEFAULT_BURN_RATES: [f64; 4] = [1.0, 2.0, 6.0, 14.4];

/// The SRE workbook's multi-window alerts: share of the budget spent, lookback in hours, kind.
const ALERTS: [(f64, f64, &str); 3] = [
    (0.02, 1.0, "page"),
    (0.05, 6.0, "page"),
    (0.10, 72.0, "ticket"),
];

/// Share of the budget left after `elapsed` of a `window` at burn rate `burn` (never below 0).
pub(crate) fn left(burn: f64, elapsed: f64, window: f64) -> f64 {
    (1.0 - burn * elapsed / window).max(0.0)
}

/// The burn rate at which spending `share` of the budget within `lookback` fires an alert.
pub(crate) fn alert_threshold(share: f64, lookback_hours: f64, window_days: f64) -> f64 {
    share * window_days * 24.0 / lookback_hours
}

pub(super) fn eval(spec: &ModelCall) -> Result<Output, BlockError> {
    let window_days = spec.number("window-days");
    let window = window_days * 86_400.0;
    let start =
        crate::time::parse(spec.text("start"), &jiff::tz::TimeZone::UTC).ok_or_else(|| {
            spec.error(
                "start",
                "expected a date or date-time (ISO 8601, e.g. \"2026-11-01\")",
            )
        })?;
    let rates = spec.numbers("burn-rates").to_vec();
    if rates.is_empty() {
        return Err(spec.error("burn-rates", "expected at least one burn rate"));
    }
    // Each line is straight until the budget is gone: its start, the moment it runs out (if it
    // does within the window) and the window's end are all the points it needs.
    let mut series = Vec::new();
    for &burn in &rates {
        let mut x = vec![start];
        let mut y = vec![100.0];
        if burn > 1.0 {
            x.push(start + window / burn);
            y.push(0.0);
        }
        x.push(start + window);
        y.push(left(burn, window, window) * 100.0);
        let name = format!("{}× burn", format_plain(burn));
        series.push(line(&name, x, y));
    }
    let slo_pct = format_plain(spec.number("slo") * 100.0);
    let mut references = vec![ReferenceLine {
        axis: RefAxis::Y,
        value: 0.0,
        label: Some(format!("Budget for {slo_pct} % spent")),
        dash: Dash::Solid,
        color: None,
    }];
    if spec.words("alerts") == ["yes"] {
        for (share, lookback, kind) in ALERTS {
            let threshold = alert_threshold(share, lookback, window_days);
            let window_text = if lookback < 24.0 {
                format!("{} h", format_plain(lookback))
            } else {
                format!("{} days", format_plain(lookback / 24.0))
            };
            references.push(ReferenceLine {
                axis: RefAxis::Y,
                value: (1.0 - share) * 100.0,
                label: Some(format!(
                    "{kind} {}×: {}% in {window_text}",
                    format_plain(threshold),
                    format_plain(share * 100.0)
                )),
                dash: Dash::Dashed,
                color: None,
            });
        }
    }
    Ok(Output {
        series,
        x_title: Some("Time".into()),
        y_title: Some("Error budget left".into()),
        y_format: Some(NumberFormat {
            suffix: " %".into(),
            ..NumberFormat::default_axis()
        }),
        x_time: true,
        references,
        ..Output::default()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_workbook_thresholds() {
        // 99.9 % over 30 days: 2 % in 1 h is 14.4x, 5 % in 6 h is 6x, 10 % in 3 days is 1x.
        assert!((alert_threshold(0.02, 1.0, 30.0) - 14.4).abs() < 1e-12);
        assert!((alert_threshold(0.05, 6.0, 30.0) - 6.0).abs() < 1e-12);
        assert!((alert_threshold(0.10, 72.0, 30.0) - 1.0).abs() < 1e-12);
    }

    #[test]
    fn budget_left_by_hand() {
        let window = 30.0 * 86_400.0;
        assert_eq!(left(1.0, window / 2.0, window), 0.5);
        assert_eq!(left(2.0, window / 2.0, window), 0.0);
        assert_eq!(left(14.4, 3600.0 * 24.0, window), 1.0 - 14.4 / 30.0);
        assert_eq!(left(14.4, window, window), 0.0, "never below zero");
    }
}
