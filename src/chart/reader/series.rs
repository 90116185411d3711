//! Series: pie slices, and x/y series of bar, line and scatter panels, from the block or from
//! data-file columns.

use std::borrow::Cow;
use std::ops::Range;

use toml::Spanned;
use toml::de::{DeTable, DeValue};

use super::panel::TimeOptions;
use crate::chart::fields::{Fields, NumbersOrStrings, Result, error};
use crate::chart::limits::{MAX_FILE_ROWS, MAX_LABELS, MAX_SERIES, MAX_SLICES};
use crate::chart::{Axis, ChartKind, Curve, Dash, Fill, Series, TimeAxis, XValues};

pub(super) fn pie_series(f: &mut Fields<'_, '_>) -> Result<Series> {
    let labels = f
        .column_strings("labels")?
        .ok_or_else(|| f.missing("labels", "an array of slice names"))?;
    let values = f
        .column_numbers("values")?
        .ok_or_else(|| f.missing("values", "an array of slice sizes"))?;
    let span = f
        .get("values")
        .map(|v| v.span())
        .unwrap_or_else(|| f.span());
    if values.len() != labels.len() {
        return Err(error(
            f.path("values"),
            span,
            format!(
                "has {} values but `labels` has {}; expected one value per label",
                values.len(),
                labels.len()
            ),
        ));
    }
    if values.is_empty() {
        return Err(error(f.path("values"), span, "expected at least one slice"));
    }
    if let Some(i) = values.iter().position(|v| *v < 0.0) {
        return Err(error(
            format!("{}[{i}]", f.path("values")),
            span,
            "expected a value of 0 or more (a slice cannot be negative)",
        ));
    }
    if values.iter().sum::<f64>() <= 0.0 {
        return Err(error(
            f.path("values"),
            span,
            "all slices are 0; expected at least one positive value",
        ));
    }
    if values.len() > MAX_SLICES {
        return Err(error(
            f.path("values"),
            span,
            format!(
                "has {} slices; at most {MAX_SLICES} are allowed",
                values.len()
            ),
        ));
    }
    Ok(Series {
        name: f.string("name")?,
        x: XValues::Categories(labels),
        y: values,
        labels: None,
        color: None,
        dash: Dash::Solid,
        markers: false,
        lines: false,
        show_labels: false,
        sizes: None,
        color_values: None,
        in_legend: true,
        line_width: 2.0,
        marker_size: 0.0,
        fill: Default::default(),
        curve: Default::default(),
        uncertainty: Default::default(),
        source: f.column_source("values"),
    })
}

fn check_len(path: &str, span: Range<usize>, n: usize) -> Result<()> {
    if n > MAX_FILE_ROWS {
        return Err(error(
            path,
            span,
            format!("has {n} values; at most {MAX_FILE_ROWS} are allowed per series"),
        ));
    }
    Ok(())
}

pub(super) fn xy_series(
    f: &mut Fields<'_, '_>,
    kind: ChartKind,
    x_axis: &mut Axis,
    x_time: &TimeOptions,
    y_log: bool,
    stacked: bool,
) -> Result<Vec<Series>> {
    let logs = (x_axis.log, y_log);
    let fill = if stacked { Fill::Previous } else { Fill::None };
    let x_read = XRead {
        time: x_time,
        found_time: std::cell::Cell::new(x_time.declared),
    };
    let shared_x = x_values(f, &x_read)?;
    let shared_x = shared_x.as_ref();
    let mut out = Vec::new();
    if let Some((columns, y_span)) = y_columns(f)? {
        if f.has("series") {
            return Err(error(
                f.path("y"),
                y_span,
                "use either `y` or [[series]] tables, not both",
            ));
        }
        check_series_count(f, columns.len())?;
        let path = f.path("series");
        for (i, table) in columns.iter().enumerate() {
            let t = f.reader_for(table, y_span.clone(), format!("{path}[{i}]"));
            out.push(table_series(t, kind, shared_x, logs, &x_read, fill)?);
        }
    } else {
        let tables = f.tables("series")?;
        if tables.is_empty() {
            let y = f.column_numbers_with_gaps("y")?.ok_or_else(|| {
                f.missing(
                    "y",
                    "an array of numbers (or one [[series]] table per series)",
                )
            })?;
            out.push(one_series(
                f,
                kind,
                y,
                shared_x,
                logs,
                fill,
                x_time.declared,
            )?);
        } else {
            if f.has("y") {
                let span = f.get("y").map(|v| v.span()).unwrap_or_else(|| f.span());
                return Err(error(
                    "y",
                    span,
                    "use either a top-level `y` or [[series]] tables, not both",
                ));
            }
            check_series_count(f, tables.len())?;
            for t in tables {
                out.push(table_series(t, kind, shared_x, logs, &x_read, fill)?);
            }
        }
    }
    if x_read.found_time.get() {
        if out.iter().any(|s| matches!(s.x, XValues::Categories(_))) {
            return Err(error(
                f.path("series"),
                f.span_of("series"),
                format!("every series of a time axis needs {DATE_EXPECTED} for `x`"),
            ));
        }
        x_axis.time = Some(TimeAxis {
            zone: x_read.time.zone.clone(),
        });
    }
    let labels: usize = out
        .iter()
        .filter(|s| s.show_labels)
        .filter_map(|s| s.labels.as_ref().map(Vec::len))
        .sum();
    if labels > MAX_LABELS {
        return Err(error(
            f.path("labels"),
            f.span(),
            format!(
                "the panel has {labels} point labels; at most {MAX_LABELS} can be placed legibly"
            ),
        ));
    }
    if kind == ChartKind::Bar {
        let first = out.first().map(|s| s.x.clone());
        if let Some(first) = first
            && out.iter().any(|s| s.x != first)
        {
            return Err(error(
                "series",
                f.span(),
                "every bar series must use the same categories (give `x` once, at the top)",
            ));
        }
    }
    Ok(out)
}

/// `y = ["p50", "p99"]` in a table with a data file: one table `{ name = "p50", y = "p50" }`
/// per column, read like `[[series]]` tables (so each series is named after its column), with
/// the span of the `y` key.
fn y_columns(f: &mut Fields<'_, '_>) -> Result<Option<(Vec<DeTable<'static>>, Range<usize>)>> {
    if !f.has_data() {
        return Ok(None);
    }
    let Some(y) = f.get("y") else {
        return Ok(None);
    };
    let DeValue::Array(names) = y.get_ref() else {
        return Ok(None);
    };
    if names.is_empty()
        || !names
            .iter()
            .all(|c| matches!(c.get_ref(), DeValue::String(_)))
    {
        return Ok(None);
    }
    let tables = names
        .iter()
        .map(|c| {
            let column = match c.get_ref() {
                DeValue::String(name) => name.to_string(),
                _ => String::new(),
            };
            let mut t = DeTable::new();
            for key in ["name", "y"] {
                t.insert(
                    Spanned::new(c.span(), Cow::Borrowed(key)),
                    Spanned::new(c.span(), DeValue::String(Cow::Owned(column.clone()))),
                );
            }
            t
        })
        .collect();
    Ok(Some((tables, y.span())))
}

fn check_series_count(f: &Fields<'_, '_>, n: usize) -> Result<()> {
    if n > MAX_SERIES {
        return Err(error(
            "series",
            f.span(),
            format!("has {n} series; at most {MAX_SERIES} are allowed"),
        ));
    }
    Ok(())
}

/// One `[[series]]` table.
fn table_series(
    mut t: Fields<'_, '_>,
    kind: ChartKind,
    shared_x: Option<&(XValues, Range<usize>)>,
    logs: (bool, bool),
    x_read: &XRead<'_>,
    fill: Fill,
) -> Result<Series> {
    let y = t
        .column_numbers_with_gaps("y")?
        .ok_or_else(|| t.missing("y", "an array of numbers"))?;
    let own_x = x_values(&mut t, x_read)?;
    let x = own_x.as_ref().or(shared_x);
    let series = one_series(&mut t, kind, y, x, logs, fill, x_read.time.declared)?;
    t.finish()?;
    Ok(series)
}

/// How x values are read: the x-axis's time options, and whether any x so far was a time
/// (then every x of the panel must be).
pub(super) struct XRead<'a> {
    pub time: &'a TimeOptions,
    pub found_time: std::cell::Cell<bool>,
}

const DATE_EXPECTED: &str =
    "a date or date-time (ISO 8601, e.g. \"2026-11-01\" or \"2026-11-01T06:00:00Z\")";

pub(super) fn x_values(
    f: &mut Fields<'_, '_>,
    read: &XRead<'_>,
) -> Result<Option<(XValues, Range<usize>)>> {
    let Some(v) = f.get("x") else {
        return Ok(None);
    };
    let span = v.span();
    let zone = &read.time.zone;
    // TOML's own date-time literals make a time axis.
    if let DeValue::Array(items) = v.get_ref()
        && items
            .iter()
            .any(|e| matches!(e.get_ref(), DeValue::Datetime(_)))
    {
        let mut times = Vec::with_capacity(items.len());
        for (i, e) in items.iter().enumerate() {
            let text = match e.get_ref() {
                DeValue::Datetime(d) => d.to_string(),
                DeValue::String(s) => s.to_string(),
                _ => String::new(),
            };
            match crate::time::parse(&text, zone) {
                Some(t) => times.push(t),
                None => {
                    return Err(error(
                        format!("{}[{i}]", f.path("x")),
                        e.span(),
                        format!("expected {DATE_EXPECTED}, like the other values"),
                    ));
                }
            }
        }
        read.found_time.set(true);
        return Ok(Some((XValues::Numbers(times), span)));
    }
    // A data column of dates, parsed straight from its cells.
    let required = read.time.declared || read.found_time.get();
    if let Some(times) = f.column_times("x", zone, required, DATE_EXPECTED)? {
        read.found_time.set(true);
        return Ok(Some((XValues::Numbers(times), span)));
    }
    let Some(values) = f.column_numbers_or_strings("x")? else {
        return Ok(None);
    };
    let x = match values {
        NumbersOrStrings::Numbers(n) if read.time.declared => {
            let mut times = Vec::with_capacity(n.len());
            for (i, v) in n.iter().enumerate() {
                times.push(crate::time::from_epoch(*v, read.time.unit).ok_or_else(|| {
                    error(
                        format!("{}[{i}]", f.path("x")),
                        f.element_span("x", i),
                        format!("expected a time since 1970 that a calendar can show, found {v}"),
                    )
                })?);
            }
            XValues::Numbers(times)
        }
        NumbersOrStrings::Numbers(n) => XValues::Numbers(n),
        NumbersOrStrings::Strings(s) => {
            let times: Vec<Option<f64>> = s.iter().map(|t| crate::time::parse(t, zone)).collect();
            let all = !s.is_empty() && times.iter().all(Option::is_some);
            if all || read.time.declared || read.found_time.get() {
                if let Some(i) = times.iter().position(Option::is_none) {
                    return Err(error(
                        format!("{}[{i}]", f.path("x")),
                        f.element_span("x", i),
                        format!(
                            "expected {DATE_EXPECTED}, found \"{}\"",
                            s[i].chars().take(40).collect::<String>()
                        ),
                    ));
                }
                read.found_time.set(true);
                XValues::Numbers(times.into_iter().flatten().collect())
            } else {
                XValues::Categories(s)
            }
        }
    };
    Ok(Some((x, span)))
}

fn one_series(
    f: &mut Fields<'_, '_>,
    kind: ChartKind,
    y: Vec<f64>,
    x: Option<&(XValues, Range<usize>)>,
    (log_x, log_y): (bool, bool),
    fill: Fill,
    time_declared: bool,
) -> Result<Series> {
    if log_y && let Some(k) = y.iter().position(|v| *v <= 0.0) {
        return Err(error(
            format!("{}[{k}]", f.path("y")),
            f.element_span("y", k),
            format!(
                "the y-axis is logarithmic, so every value must be above 0; found {}",
                y[k]
            ),
        ));
    }
    if log_x
        && let Some((XValues::Numbers(xs), span)) = x
        && let Some(k) = xs.iter().position(|v| *v <= 0.0)
    {
        return Err(error(
            format!("x[{k}]"),
            span.clone(),
            format!(
                "the x-axis is logarithmic, so every value must be above 0; found {}",
                xs[k]
            ),
        ));
    }
    let y_span = f.get("y").map(|v| v.span()).unwrap_or_else(|| f.span());
    if y.is_empty() {
        return Err(error(f.path("y"), y_span, "expected at least one value"));
    }
    if y.iter().all(|v| v.is_nan()) {
        return Err(error(
            f.path("y"),
            y_span,
            "every value is missing (nan or empty); expected at least one number",
        ));
    }
    check_len(&f.path("y"), y_span.clone(), y.len())?;
    let x = match x {
        Some((x, _)) if x.len() != y.len() => {
            return Err(error(
                f.path("y"),
                y_span,
                format!(
                    "has {} values but `x` has {}; expected one y per x",
                    y.len(),
                    x.len()
                ),
            ));
        }
        Some((x, _)) => x.clone(),
        // Bars are categories 1, 2, 3 unless the x axis is declared a time axis.
        None if kind == ChartKind::Bar && !time_declared => {
            XValues::Categories((1..=y.len()).map(|i| i.to_string()).collect())
        }
        None => XValues::Numbers((0..y.len()).map(|i| i as f64).collect()),
    };
    let name = f.string("name")?;
    let color = f.color("color")?;
    let source = f.column_source("y");
    let mut series = Series {
        name,
        x,
        y,
        labels: None,
        color,
        dash: Dash::Solid,
        markers: kind == ChartKind::Scatter,
        lines: kind == ChartKind::Line,
        show_labels: false,
        sizes: None,
        color_values: None,
        in_legend: true,
        line_width: 2.0,
        marker_size: if kind == ChartKind::Scatter { 5.0 } else { 3.5 },
        fill: Default::default(),
        curve: Default::default(),
        uncertainty: Default::default(),
        source,
    };
    series.uncertainty =
        super::uncertainty::read_uncertainty(f, kind, &series.y, log_y, fill == Fill::Previous)?;
    if kind == ChartKind::Bar {
        return Ok(series);
    }
    let n = series.y.len();
    let per_point = |f: &mut Fields<'_, '_>, key: &'static str, len: usize| -> Result<()> {
        if len != n {
            let span = f.get(key).map(|v| v.span()).unwrap_or(y_span.clone());
            return Err(error(
                f.path(key),
                span,
                format!("has {len} values but there are {n} points; expected one per point"),
            ));
        }
        Ok(())
    };
    if let Some(labels) = f.column_strings("labels")? {
        per_point(f, "labels", labels.len())?;
        series.labels = Some(labels);
        series.show_labels = true;
    }
    if let Some(sizes) = f.column_numbers("sizes")? {
        per_point(f, "sizes", sizes.len())?;
        if let Some(i) = sizes.iter().position(|v| *v < 0.0) {
            let span = f.get("sizes").map(|v| v.span()).unwrap_or(y_span.clone());
            return Err(error(
                format!("{}[{i}]", f.path("sizes")),
                span,
                "expected a size of 0 or more",
            ));
        }
        series.sizes = Some(sizes);
    }
    if let Some(values) = f.column_numbers("color-values")? {
        per_point(f, "color-values", values.len())?;
        series.color_values = Some(values);
    }
    series.marker_size = f
        .number("marker-size", 1.0..40.0)?
        .unwrap_or(series.marker_size);
    series.dash = f
        .choice(
            "dash",
            &[
                ("solid", Dash::Solid),
                ("dash", Dash::Dashed),
                ("dot", Dash::Dotted),
            ],
        )?
        .unwrap_or_default();
    series.line_width = f.number("line-width", 0.5..12.0)?.unwrap_or(2.0);
    series.fill = f
        .choice(
            "fill",
            &[
                ("none", Fill::None),
                ("zero", Fill::Zero),
                ("previous", Fill::Previous),
            ],
        )?
        .unwrap_or(fill);
    series.curve = f
        .choice(
            "curve",
            &[
                ("linear", Curve::Linear),
                ("step", Curve::Step),
                ("step-before", Curve::StepBefore),
                ("smooth", Curve::Smooth),
            ],
        )?
        .unwrap_or_default();
    if kind == ChartKind::Line {
        series.markers = f.bool("markers")?.unwrap_or(false);
    }
    // `mode` combines "lines", "markers" and "text" with "+", as in plotly.
    if let Some(v) = f.get("mode") {
        let path = f.path("mode");
        let text = v.get_ref().as_str().unwrap_or("");
        let (mut lines, mut markers, mut show) = (false, false, false);
        let mut ok = !text.is_empty();
        for part in text.split('+') {
            match part.trim() {
                "lines" => lines = true,
                "markers" => markers = true,
                "text" => show = true,
                _ => ok = false,
            }
        }
        if !ok {
            return Err(error(
                path,
                v.span(),
                "expected \"lines\", \"markers\", \"text\" or a combination such as \"lines+markers\"",
            ));
        }
        if show && series.labels.is_none() {
            return Err(error(
                path,
                v.span(),
                "\"text\" needs `labels`, one per point",
            ));
        }
        series.lines = lines;
        series.markers = markers;
        series.show_labels = show;
    }
    Ok(series)
}
