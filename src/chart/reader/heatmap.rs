//! Heatmap panels: a given matrix (`z`, with `x` column and `y` row labels) or raw samples
//! (`values`, with `x` positions or times) that are binned on both axes when drawn.

use toml::de::DeValue;

use super::panel::TimeOptions;
use super::series::{XRead, x_values};
use crate::chart::fields::{Fields, Result, error};
use crate::chart::limits::{MAX_HEAT_CELLS, MAX_HEAT_SIDE};
use crate::chart::{Axis, Dash, HeatData, Heatmap, Series, TimeAxis, XValues};

/// What `x-bins` and `y-bins` may be.
const BINS_EXPECTED: &str = "a whole number of bins from 1 to 200";

fn whole_bins(v: f64) -> bool {
    v.fract() == 0.0 && (1.0..=MAX_HEAT_SIDE as f64).contains(&v)
}

/// Reads a heatmap panel's data: its [`Heatmap`] and, for samples, the one series holding them
/// (`x` the positions or times, `y` the values; not in the legend).
pub(super) fn read_heatmap(
    f: &mut Fields<'_, '_>,
    x_axis: &mut Axis,
    y_axis: &Axis,
    x_time: &TimeOptions,
) -> Result<(Heatmap, Vec<Series>)> {
    let show_values = f.bool("show-values")?.unwrap_or(false);
    if f.get("z").is_some() {
        if f.get("values").is_some() {
            return Err(error(
                f.path("values"),
                f.span_of("values"),
                "use either `z` (the cells, rows × columns) or `values` (raw samples to bin), not both",
            ));
        }
        for key in ["x-bins", "y-bins"] {
            if f.get(key).is_some() {
                return Err(error(
                    f.path(key),
                    f.span_of(key),
                    "bins raw `values`; the cells of `z` are given as they are",
                ));
            }
        }
        for (axis, key) in [(&*x_axis, "x-axis"), (y_axis, "y-axis")] {
            if axis.log {
                return Err(error(
                    format!("{}.scale", f.path(key)),
                    f.span_of(key),
                    "the rows and columns of a `z` matrix are labels, so the axis cannot be logarithmic (a log axis is for binned `values`)",
                ));
            }
        }
        let z = f.matrix("z")?.unwrap_or_default();
        let span = f.span_of("z");
        let columns = z.first().map_or(0, Vec::len);
        if z.is_empty() || columns == 0 {
            return Err(error(
                f.path("z"),
                span,
                "expected at least one row of at least one cell",
            ));
        }
        if z.len() > MAX_HEAT_SIDE || columns > MAX_HEAT_SIDE || z.len() * columns > MAX_HEAT_CELLS
        {
            return Err(error(
                f.path("z"),
                span,
                format!(
                    "has {} rows × {columns} columns; at most {MAX_HEAT_SIDE} rows, {MAX_HEAT_SIDE} columns and {MAX_HEAT_CELLS} cells are drawn",
                    z.len()
                ),
            ));
        }
        if z.iter().flatten().all(|v| v.is_nan()) {
            return Err(error(
                f.path("z"),
                span,
                "every cell is missing (nan); expected at least one number",
            ));
        }
        let columns = labels(f, "x", columns, "columns")?;
        let rows = labels(f, "y", z.len(), "rows")?;
        let data = HeatData::Matrix { columns, rows, z };
        return Ok((Heatmap { data, show_values }, Vec::new()));
    }
    if f.get("y").is_some() {
        return Err(error(
            f.path("y"),
            f.span_of("y"),
            "`y` labels the rows of a `z` matrix; raw `values` are put into rows by value (see `y-bins`)",
        ));
    }
    let values = f.column_numbers("values")?.ok_or_else(|| {
        f.missing(
            "values",
            "`z` (the cells, an array of rows) or `values` (raw samples to bin, with `x`)",
        )
    })?;
    super::distribution::check_samples(f, &values, y_axis.log, "the y-axis")?;
    let read = XRead {
        time: x_time,
        found_time: std::cell::Cell::new(x_time.declared),
    };
    let x = match x_values(f, &read)? {
        None => (1..=values.len()).map(|i| i as f64).collect(),
        Some((XValues::Numbers(x), _)) => x,
        Some((XValues::Categories(_), span)) => {
            return Err(error(
                f.path("x"),
                span,
                "with `values`, `x` gives each sample's position: numbers or dates (for named columns give the cells as `z`)",
            ));
        }
    };
    if x.len() != values.len() {
        return Err(error(
            f.path("x"),
            f.span_of("x"),
            format!(
                "has {} values but `values` has {}; expected one x per sample",
                x.len(),
                values.len()
            ),
        ));
    }
    if let Some(i) = x.iter().position(|v| !v.is_finite()) {
        return Err(error(
            format!("{}[{i}]", f.path("x")),
            f.element_span("x", i),
            "expected a number or a date, not a missing value",
        ));
    }
    if x_axis.log
        && let Some(i) = x.iter().position(|v| *v <= 0.0)
    {
        return Err(error(
            format!("{}[{i}]", f.path("x")),
            f.element_span("x", i),
            "the x-axis is logarithmic, so every x must be above 0",
        ));
    }
    if read.found_time.get() {
        if x_axis.log {
            return Err(error(
                f.path("x-axis"),
                f.span_of("x-axis"),
                "a time axis cannot be logarithmic",
            ));
        }
        x_axis.time = Some(TimeAxis {
            zone: x_time.zone.clone(),
        });
    }
    let x_bins = f
        .number_where("x-bins", whole_bins, BINS_EXPECTED)?
        .map(|v| v as usize);
    let y_bins = f
        .number_where("y-bins", whole_bins, BINS_EXPECTED)?
        .map(|v| v as usize);
    let source = f.column_source("values");
    let series = Series {
        name: None,
        x: XValues::Numbers(x),
        y: values,
        labels: None,
        color: None,
        dash: Dash::Solid,
        markers: false,
        lines: false,
        show_labels: false,
        sizes: None,
        color_values: None,
        in_legend: false,
        line_width: 0.0,
        marker_size: 0.0,
        source,
        fill: Default::default(),
        curve: Default::default(),
        uncertainty: Default::default(),
    };
    let data = HeatData::Samples { x_bins, y_bins };
    Ok((Heatmap { data, show_values }, vec![series]))
}

/// The labels of a matrix's columns (`x`) or rows (`y`): text as written (numbers and dates
/// too), one per column or row; `1`, `2`, … when not given.
fn labels(f: &mut Fields<'_, '_>, key: &'static str, n: usize, what: &str) -> Result<Vec<String>> {
    let span = f.span_of(key);
    let dates = match f.get(key).map(|v| v.get_ref()) {
        Some(DeValue::Array(items))
            if items
                .iter()
                .any(|e| matches!(e.get_ref(), DeValue::Datetime(_))) =>
        {
            Some(
                items
                    .iter()
                    .map(|e| match e.get_ref() {
                        DeValue::Datetime(d) => d.to_string(),
                        DeValue::String(s) => s.to_string(),
                        other => other.as_str().unwrap_or_default().to_string(),
                    })
                    .collect::<Vec<_>>(),
            )
        }
        _ => None,
    };
    let texts = match dates {
        Some(d) => Some(d),
        None => f.column_strings(key)?,
    };
    let Some(texts) = texts else {
        return Ok((1..=n).map(|i| i.to_string()).collect());
    };
    if texts.len() != n {
        return Err(error(
            f.path(key),
            span,
            format!(
                "has {} labels but `z` has {n} {what}; expected one label per {}",
                texts.len(),
                what.trim_end_matches('s')
            ),
        ));
    }
    Ok(texts)
}
