//! Histogram and CDF panels: raw samples (`values`, in the block or a data-file column, one
//! series or several) and how they are binned, normalised, viewed and marked.

use std::borrow::Cow;

use toml::Spanned;
use toml::de::{DeTable, DeValue};

use crate::chart::fields::{Fields, Result, error};
use crate::chart::limits::{MAX_BINS, MAX_FILE_ROWS, MAX_MARKS, MAX_SERIES};
use crate::chart::{
    Axis, Bins, CdfView, ChartKind, Dash, Distribution, Normalize, Series, XValues,
};

/// The panel options of a histogram or CDF: bins, normalisation, view and marks.
pub(super) fn options(f: &mut Fields<'_, '_>, kind: ChartKind) -> Result<Distribution> {
    let mut d = Distribution::default();
    if kind == ChartKind::Histogram {
        let count = f.number_where(
            "bins",
            |v| v.fract() == 0.0 && (1.0..=MAX_BINS as f64).contains(&v),
            "a whole number of bins from 1 to 1000",
        )?;
        let width = f.number_where(
            "bin-width",
            |v| v > 0.0 && v.is_finite() && v < 1e300,
            "a bin width above 0 (in the samples' unit)",
        )?;
        d.bins = match (count, width) {
            (Some(_), Some(_)) => {
                return Err(error(
                    f.path("bin-width"),
                    f.span_of("bin-width"),
                    "give either `bins` (how many) or `bin-width`, not both",
                ));
            }
            (Some(n), None) => Bins::Count(n as usize),
            (None, Some(w)) => Bins::Width(w),
            (None, None) => Bins::Auto,
        };
        d.normalize = f
            .choice(
                "normalize",
                &[
                    ("count", Normalize::Count),
                    ("percent", Normalize::Percent),
                    ("density", Normalize::Density),
                ],
            )?
            .unwrap_or_default();
    } else {
        d.view = f
            .choice(
                "view",
                &[
                    ("cdf", CdfView::Cdf),
                    ("ccdf", CdfView::Ccdf),
                    ("percentiles", CdfView::Percentiles),
                ],
            )?
            .unwrap_or_default();
    }
    if let Some(marks) = f.numbers("mark")? {
        let span = f.span_of("mark");
        if marks.len() > MAX_MARKS {
            return Err(error(
                f.path("mark"),
                span,
                format!(
                    "has {} percentiles; at most {MAX_MARKS} can be marked",
                    marks.len()
                ),
            ));
        }
        if let Some(i) = marks.iter().position(|p| !(*p > 0.0 && *p < 100.0)) {
            return Err(error(
                format!("{}[{i}]", f.path("mark")),
                f.element_span("mark", i),
                format!(
                    "expected a percentile between 0 and 100 (such as 50, 99 or 99.9), found {}",
                    crate::format::format_exact(marks[i])
                ),
            ));
        }
        d.marks = marks;
    }
    Ok(d)
}

/// The sample series: a top-level `values` (numbers, a column name, or with a data file several
/// column names: one series each) or one `[[series]]` table per series with its own `values`.
pub(super) fn sample_series(f: &mut Fields<'_, '_>, value_axis: &Axis) -> Result<Vec<Series>> {
    let mut out = Vec::new();
    if let Some((tables, span)) = value_columns(f)? {
        if f.has("series") {
            return Err(error(
                f.path("values"),
                span,
                "use either `values` or [[series]] tables, not both",
            ));
        }
        check_count(f, tables.len())?;
        let path = f.path("series");
        for (i, table) in tables.iter().enumerate() {
            let mut t = f.reader_for(table, span.clone(), format!("{path}[{i}]"));
            out.push(one(&mut t, value_axis)?);
            t.finish()?;
        }
        return Ok(out);
    }
    let tables = f.tables("series")?;
    if tables.is_empty() {
        if !f.has("values") {
            return Err(f.missing(
                "values",
                "an array of samples (or one [[series]] table with `values` per series)",
            ));
        }
        out.push(one(f, value_axis)?);
        return Ok(out);
    }
    if f.has("values") {
        return Err(error(
            f.path("values"),
            f.span_of("values"),
            "use either a top-level `values` or [[series]] tables, not both",
        ));
    }
    check_count(f, tables.len())?;
    for mut t in tables {
        out.push(one(&mut t, value_axis)?);
        t.finish()?;
    }
    Ok(out)
}

fn check_count(f: &Fields<'_, '_>, n: usize) -> Result<()> {
    if n > MAX_SERIES {
        return Err(error(
            f.path("series"),
            f.span(),
            format!("has {n} series; at most {MAX_SERIES} are allowed"),
        ));
    }
    Ok(())
}

/// `values = ["before", "after"]` with a data file: a `{ name, values }` table per column.
fn value_columns(
    f: &mut Fields<'_, '_>,
) -> Result<Option<(Vec<DeTable<'static>>, std::ops::Range<usize>)>> {
    if !f.has_data() {
        return Ok(None);
    }
    let Some(v) = f.get("values") else {
        return Ok(None);
    };
    let DeValue::Array(names) = v.get_ref() else {
        return Ok(None);
    };
    let columns: Option<Vec<(String, std::ops::Range<usize>)>> = names
        .iter()
        .map(|c| match c.get_ref() {
            DeValue::String(s) => Some((s.to_string(), c.span())),
            _ => None,
        })
        .collect();
    let Some(columns) = columns.filter(|c| !c.is_empty()) else {
        return Ok(None);
    };
    let tables = columns
        .into_iter()
        .map(|(column, span)| {
            let mut t = DeTable::new();
            for key in ["name", "values"] {
                t.insert(
                    Spanned::new(span.clone(), Cow::Borrowed(key)),
                    Spanned::new(span.clone(), DeValue::String(Cow::Owned(column.clone()))),
                );
            }
            t
        })
        .collect();
    Ok(Some((tables, v.span())))
}

/// One series of samples.
fn one(f: &mut Fields<'_, '_>, value_axis: &Axis) -> Result<Series> {
    let mut values = f
        .column_numbers("values")?
        .ok_or_else(|| f.missing("values", "an array of samples"))?;
    check_samples(f, &values, value_axis.log, "the value axis")?;
    // Kept sorted: a distribution's samples have no order, and every stage that needs them
    // sorted (the drawing, the table, the description) then borrows them as they are.
    values.sort_unstable_by(f64::total_cmp);
    let name = f.string("name")?;
    let color = f.color("color")?;
    let source = f.column_source("values");
    Ok(Series {
        name,
        x: XValues::Numbers(Vec::new()),
        y: values,
        labels: None,
        color,
        dash: Dash::Solid,
        markers: false,
        lines: true,
        show_labels: false,
        sizes: None,
        color_values: None,
        in_legend: true,
        line_width: 2.0,
        marker_size: 0.0,
        source,
        fill: Default::default(),
        curve: Default::default(),
        uncertainty: Default::default(),
    })
}

/// Samples (`values`) as every kind of samples takes them: at least one, at most
/// [`MAX_FILE_ROWS`] (the block's arrays are capped where they are read; a data file's column
/// here), and above 0 when `log` (`axis` names the log axis in the message).
pub(super) fn check_samples(
    f: &mut Fields<'_, '_>,
    values: &[f64],
    log: bool,
    axis: &str,
) -> Result<()> {
    let span = f.span_of("values");
    if values.is_empty() {
        return Err(error(
            f.path("values"),
            span,
            "expected at least one sample",
        ));
    }
    if values.len() > MAX_FILE_ROWS {
        return Err(error(
            f.path("values"),
            span,
            format!(
                "has {} samples; at most {MAX_FILE_ROWS} are allowed per series",
                values.len()
            ),
        ));
    }
    if log && let Some(i) = values.iter().position(|v| *v <= 0.0) {
        return Err(error(
            format!("{}[{i}]", f.path("values")),
            f.element_span("values", i),
            format!(
                "{axis} is logarithmic, so every sample must be above 0; found {}",
                crate::format::format_exact(values[i])
            ),
        ));
    }
    Ok(())
}

/// A `bin-width` that would cut the samples into more than [`MAX_BINS`] bins is refused here,
/// before any counting.
pub(super) fn check_bin_width(
    f: &mut Fields<'_, '_>,
    d: &Distribution,
    series: &[Series],
    log: bool,
) -> Result<()> {
    let Bins::Width(w) = d.bins else {
        return Ok(());
    };
    let (lo, hi) = series
        .iter()
        .flat_map(|s| s.y.iter().copied())
        .fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), v| {
            (lo.min(v), hi.max(v))
        });
    let bins = if log {
        if w <= 1.0 {
            return Err(error(
                f.path("bin-width"),
                f.span_of("bin-width"),
                "on a log axis a bin width is a factor (each bin that many times the one before), so it must be above 1",
            ));
        }
        (hi.log10() - lo.log10()) / w.log10()
    } else {
        (hi - lo) / w
    };
    if bins > MAX_BINS as f64 {
        return Err(error(
            f.path("bin-width"),
            f.span_of("bin-width"),
            format!(
                "makes {} bins of these samples; at most {MAX_BINS} are drawn (use a wider bin)",
                bins.ceil()
            ),
        ));
    }
    Ok(())
}

/// The options of a box plot: which way the boxes run and how far the whiskers reach.
pub(super) fn box_options(f: &mut Fields<'_, '_>) -> Result<crate::chart::BoxOptions> {
    use crate::chart::{BoxOptions, Whiskers};
    Ok(BoxOptions {
        horizontal: f
            .choice("orientation", &[("vertical", false), ("horizontal", true)])?
            .unwrap_or(false),
        whiskers: f
            .choice(
                "whiskers",
                &[("iqr", Whiskers::Tukey), ("minmax", Whiskers::MinMax)],
            )?
            .unwrap_or_default(),
    })
}
