//! Uncertainty on a series of points: error bars (`y-error`, or `y-error-low` and
//! `y-error-high`) on bars, lines and scatter, and a band (`band-low` and `band-high`) under a
//! line or around scatter points. Each is a number per point (`nan` for none at that point), a
//! data-file column, or for error bars a single number for every point.

use toml::de::DeValue;

use crate::chart::fields::{Fields, Result, error};
use crate::chart::{Band, ChartKind, ErrorBars, Uncertainty};
use crate::format::format_exact;

/// The error bars and band of a series whose values are `y`. `stacked`: the series is part of
/// a stacked line panel (a band is drawn at its own values, so it cannot be stacked).
pub(super) fn read_uncertainty(
    f: &mut Fields<'_, '_>,
    kind: ChartKind,
    y: &[f64],
    log_y: bool,
    stacked: bool,
) -> Result<Uncertainty> {
    let mut out = Uncertainty::default();
    let n = y.len();
    let symmetric = per_point(f, "y-error", n, true)?;
    let (has_low, has_high) = (f.has("y-error-low"), f.has("y-error-high"));
    if symmetric.is_some() && (has_low || has_high) {
        let key = if has_low {
            "y-error-low"
        } else {
            "y-error-high"
        };
        return Err(error(
            f.path(key),
            f.span_of(key),
            "give either `y-error` (the same below and above) or `y-error-low` and `y-error-high`, not both",
        ));
    }
    let low = per_point(f, "y-error-low", n, true)?;
    let high = per_point(f, "y-error-high", n, true)?;
    let (errors, low_key) = match (symmetric, low, high) {
        (Some(e), _, _) => (
            Some(ErrorBars {
                low: e.clone(),
                high: e,
                symmetric: true,
            }),
            "y-error",
        ),
        (None, Some(low), Some(high)) => (
            Some(ErrorBars {
                low,
                high,
                symmetric: false,
            }),
            "y-error-low",
        ),
        // One side alone: a whisker on that side only.
        (None, Some(low), None) => (
            Some(ErrorBars {
                low,
                high: vec![0.0; n],
                symmetric: false,
            }),
            "y-error-low",
        ),
        (None, None, Some(high)) => (
            Some(ErrorBars {
                low: vec![0.0; n],
                high,
                symmetric: false,
            }),
            "y-error-high",
        ),
        (None, None, None) => (None, "y-error"),
    };
    if let Some(e) = &errors
        && log_y
        && let Some(i) = (0..n).find(|&i| y[i].is_finite() && y[i] - e.low[i] <= 0.0)
    {
        return Err(error(
            format!("{}[{i}]", f.path(low_key)),
            f.element_span(low_key, i),
            format!(
                "the y-axis is logarithmic, so a whisker must end above 0; point {i} ({}) minus {} reaches {}",
                format_exact(y[i]),
                format_exact(e.low[i]),
                format_exact(y[i] - e.low[i])
            ),
        ));
    }
    out.errors = errors;
    if kind == ChartKind::Bar {
        return Ok(out);
    }
    let band_low = per_point(f, "band-low", n, false)?;
    let band_high = per_point(f, "band-high", n, false)?;
    // One edge alone: the band reaches to the series itself (a p50 line with its p99 above).
    let (low, high, key) = match (band_low, band_high) {
        (None, None) => return Ok(out),
        (Some(l), Some(h)) => (l, h, "band-high"),
        (Some(l), None) => (l, y.to_vec(), "band-low"),
        (None, Some(h)) => (y.to_vec(), h, "band-high"),
    };
    if stacked {
        let key = if f.has("band-low") {
            "band-low"
        } else {
            "band-high"
        };
        return Err(error(
            f.path(key),
            f.span_of(key),
            "a band is drawn at its own values, so it cannot be part of a stack (leave out `stack`)",
        ));
    }
    if let Some(i) = (0..n).find(|&i| low[i] > high[i]) {
        return Err(error(
            format!("{}[{i}]", f.path(key)),
            f.element_span(key, i),
            format!(
                "the band's lower edge is above its upper edge at point {i} ({} > {}); `band-low` is the lower edge, `band-high` the upper one (alone, each reaches to the series' value)",
                format_exact(low[i]),
                format_exact(high[i])
            ),
        ));
    }
    if log_y && let Some(i) = (0..n).find(|&i| low[i] <= 0.0) {
        let key = if f.has("band-low") {
            "band-low"
        } else {
            "band-high"
        };
        return Err(error(
            format!("{}[{i}]", f.path(key)),
            f.element_span(key, i),
            format!(
                "the y-axis is logarithmic, so the band must stay above 0; found {}",
                format_exact(low[i])
            ),
        ));
    }
    out.band = Some(Band { low, high });
    Ok(out)
}

/// `key` as one value per point (`nan` for none) or a data-file column; with `extent` (an error
/// bar's reach), also one number for every point, and every value must be 0 or more.
fn per_point(
    f: &mut Fields<'_, '_>,
    key: &'static str,
    n: usize,
    extent: bool,
) -> Result<Option<Vec<f64>>> {
    let Some(v) = f.get(key) else {
        return Ok(None);
    };
    let values = if extent && matches!(v.get_ref(), DeValue::Integer(_) | DeValue::Float(_)) {
        let Some(e) = f.number_where(
            key,
            |e| e.is_finite() && e >= 0.0,
            "an error of 0 or more (one number for every point, or one per point)",
        )?
        else {
            return Ok(None);
        };
        vec![e; n]
    } else {
        let Some(values) = f.column_numbers_with_gaps(key)? else {
            return Ok(None);
        };
        values
    };
    if values.len() != n {
        let single = if extent {
            " (or a single number for all)"
        } else {
            ""
        };
        return Err(error(
            f.path(key),
            f.span_of(key),
            format!(
                "has {} values but there are {n} points; expected one per point{single}",
                values.len()
            ),
        ));
    }
    if extent && let Some(i) = values.iter().position(|e| *e < 0.0) {
        return Err(error(
            format!("{}[{i}]", f.path(key)),
            f.element_span(key, i),
            format!(
                "expected an error of 0 or more (how far the whisker reaches), found {}",
                format_exact(values[i])
            ),
        ));
    }
    Ok(Some(values))
}
