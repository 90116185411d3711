//! One panel: its kind-specific options, axes, annotations, reference lines and colour scale.

use super::Sources;
use super::model::model_call;
use super::series::{pie_series, xy_series};
use crate::chart::fields::{Fields, Result, error};
use crate::chart::limits::{COORDINATE, MAX_ANNOTATIONS, MAX_REFERENCES, finite};
use crate::chart::{
    Annotation, Axis, BarMode, BarOptions, ChartKind, ColorScale, Dash, Panel, PieOptions, RefAxis,
    ReferenceLine, ScaleName, SliceLabel,
};
use crate::diagnostic::BlockError;
use crate::format::NumberFormat;
use crate::time::EpochUnit;
use toml::de::DeValue;

pub(super) fn read_panel(
    f: &mut Fields<'_, '_>,
    kind: ChartKind,
    own_title: bool,
    sources: Sources<'_>,
) -> Result<Panel> {
    let title = if own_title { f.string("title")? } else { None };
    if !kind.drawn_by_models() && f.has("model") {
        return Err(model_without_a_kind(f, kind, sources));
    }
    let ((mut x_axis, x_time), (y_axis, _)) = if kind == ChartKind::Pie {
        (
            (Axis::default(), TimeOptions::default()),
            (Axis::default(), TimeOptions::default()),
        )
    } else {
        (
            axis(f, "x-axis", false, kind)?,
            axis(f, "y-axis", true, kind)?,
        )
    };
    let mut bars = BarOptions::default();
    let mut pie = PieOptions::default();
    let mut stacked = false;
    let mut distribution = crate::chart::Distribution::default();
    let mut heatmap = None;
    let mut boxes = crate::chart::BoxOptions::default();
    let series = match kind {
        ChartKind::Heatmap => {
            let (h, series) = super::heatmap::read_heatmap(f, &mut x_axis, &y_axis, &x_time)?;
            heatmap = Some(Box::new(h));
            series
        }
        ChartKind::Box => {
            boxes = super::distribution::box_options(f)?;
            // The names run along the x-axis and the values along the y-axis, whichever way
            // the boxes are drawn (as for bars).
            let mut series = super::distribution::sample_series(f, &y_axis)?;
            for s in &mut series {
                s.in_legend = false;
            }
            series
        }
        ChartKind::Pie => {
            pie.hole = f.number("hole", 0.0..0.95)?.unwrap_or(0.0);
            pie.slice_labels = f
                .choice(
                    "slice-labels",
                    &[
                        ("percent", SliceLabel::Percent),
                        ("value", SliceLabel::Value),
                        ("label", SliceLabel::Label),
                        ("none", SliceLabel::None),
                    ],
                )?
                .unwrap_or_default();
            vec![pie_series(f)?]
        }
        ChartKind::Histogram | ChartKind::Cdf => {
            distribution = super::distribution::options(f, kind)?;
            if kind == ChartKind::Histogram {
                stacked = f.bool("stack")?.unwrap_or(false);
            }
            // The axis the samples' values run along: across, but up in the percentile view.
            let value_axis = if distribution.view == crate::chart::CdfView::Percentiles {
                &y_axis
            } else {
                &x_axis
            };
            if f.has("model") {
                // A model of samples draws them (and checks its own bin width).
                Vec::new()
            } else {
                let series = super::distribution::sample_series(f, value_axis)?;
                super::distribution::check_bin_width(f, &distribution, &series, x_axis.log)?;
                series
            }
        }
        _ => {
            if kind == ChartKind::Bar {
                bars.mode = f
                    .choice(
                        "mode",
                        &[("group", BarMode::Group), ("stack", BarMode::Stack)],
                    )?
                    .unwrap_or_default();
                bars.horizontal = f
                    .choice("orientation", &[("vertical", false), ("horizontal", true)])?
                    .unwrap_or(false);
                bars.show_values = f.bool("show-values")?.unwrap_or(false);
            }
            if kind == ChartKind::Line {
                stacked = f.bool("stack")?.unwrap_or(false);
            }
            if f.has("model") {
                Vec::new()
            } else {
                xy_series(f, kind, &mut x_axis, &x_time, y_axis.log, stacked)?
            }
        }
    };
    let model = if f.has("model") {
        let call = model_call(f, sources)?;
        check_model_kind(f, kind, call.name, sources.models.of_samples(call.name))?;
        Some(call)
    } else {
        None
    };
    let mut panel = Panel {
        kind,
        title,
        x_axis,
        y_axis,
        series,
        bars,
        pie,
        annotations: Vec::new(),
        references: Vec::new(),
        equal_aspect: false,
        stacked,
        distribution,
        color_scale: None,
        model,
        heatmap,
        boxes,
    };
    if kind != ChartKind::Pie {
        cartesian_extras(f, &mut panel)?;
    }
    if stacked {
        check_stack(f, &panel)?;
    }
    if kind == ChartKind::Bar && panel.x_axis.time.is_some() && panel.bars.horizontal {
        return Err(error(
            f.path("orientation"),
            f.span_of("orientation"),
            "bars on a time axis are vertical (time runs across); leave out `orientation`",
        ));
    }
    Ok(panel)
}

/// The error for a model on a pie, heatmap or box plot, which no model draws: what this model
/// draws instead. An unknown model (or one that is not a name) is reported as that.
fn model_without_a_kind(
    f: &mut Fields<'_, '_>,
    kind: ChartKind,
    sources: Sources<'_>,
) -> BlockError {
    let known = f
        .get("model")
        .and_then(|v| v.get_ref().as_str())
        .and_then(|name| sources.models.find(name))
        .map(|(name, _)| name);
    let Some(name) = known else {
        // Not a name of a model: `model_call` reports why (not a string, blank, unknown).
        return match model_call(f, sources) {
            Err(e) => e,
            Ok(_) => error(f.path("model"), f.span_of("model"), "expected a model name"),
        };
    };
    let kinds = match kind {
        ChartKind::Pie => "pies",
        ChartKind::Heatmap => "heatmaps",
        _ => "box plots",
    };
    let message = if sources.models.of_samples(name) {
        format!(
            "model \"{name}\" draws samples (histograms and CDFs), not {kinds}; leave out `type` (a histogram) or set type = \"histogram\" or \"cdf\""
        )
    } else {
        format!(
            "model \"{name}\" draws points (line, scatter and bar charts), not {kinds}; leave out `type` (a line chart) or set type = \"line\", \"scatter\" or \"bar\""
        )
    };
    error(f.path("model"), f.span_of("model"), message)
}

/// A model of samples draws histogram and CDF panels; the others draw bar, line and scatter
/// panels.
fn check_model_kind(
    f: &mut Fields<'_, '_>,
    kind: ChartKind,
    name: &str,
    of_samples: bool,
) -> Result<()> {
    if of_samples == kind.of_samples() {
        return Ok(());
    }
    let (key, span) = if f.has("type") {
        ("type", f.span_of("type"))
    } else {
        ("model", f.span_of("model"))
    };
    let message = if of_samples {
        format!(
            "model \"{name}\" draws samples: set type = \"histogram\" or \"cdf\" (or leave out `type`: a histogram)"
        )
    } else {
        format!(
            "model \"{name}\" draws points: set type = \"line\", \"scatter\" or \"bar\" (histogram and CDF panels take a model of samples, such as \"latency-distribution\")"
        )
    };
    Err(error(f.path(key), span, message))
}

/// Stacked lines add up point by point, so every series needs the first one's x values, and a
/// log axis would hide the bands' base.
fn check_stack(f: &mut Fields<'_, '_>, panel: &Panel) -> Result<()> {
    if panel.y_axis.log {
        return Err(error(
            f.path("stack"),
            f.span_of("stack"),
            "stacked lines need a linear y-axis (a log axis has no 0 to stack from)",
        ));
    }
    let Some(first) = panel.series.first() else {
        return Ok(());
    };
    if let Some(j) = panel.series.iter().position(|s| s.x != first.x) {
        return Err(error(
            format!("{}[{j}].x", f.path("series")),
            f.span_of("series"),
            "stacked series add up point by point, so every series needs the same x values as the first (give `x` once, at the top)",
        ));
    }
    Ok(())
}

/// Annotations, reference lines, aspect ratio and colour scale (not for pies).
fn cartesian_extras(f: &mut Fields<'_, '_>, panel: &mut Panel) -> Result<()> {
    let annotations = f.tables("annotation")?;
    if annotations.len() > MAX_ANNOTATIONS {
        return Err(error(
            f.path("annotation"),
            f.span_of("annotation"),
            format!(
                "has {} annotations; at most {MAX_ANNOTATIONS} are allowed per panel",
                annotations.len()
            ),
        ));
    }
    for mut t in annotations {
        let x = t
            .number_where("x", finite, COORDINATE)?
            .ok_or_else(|| t.missing("x", "a number (data units)"))?;
        let y = t
            .number_where("y", finite, COORDINATE)?
            .ok_or_else(|| t.missing("y", "a number (data units)"))?;
        let text = t
            .string("text")?
            .ok_or_else(|| t.missing("text", "a string"))?;
        let bold = t.bool("bold")?.unwrap_or(false);
        let size = t.number("size", 6.0..48.0)?.unwrap_or(12.0);
        t.finish()?;
        panel.annotations.push(Annotation {
            x,
            y,
            text,
            bold,
            size,
        });
    }
    let references = f.tables("reference")?;
    if references.len() > MAX_REFERENCES {
        return Err(error(
            f.path("reference"),
            f.span_of("reference"),
            format!(
                "has {} reference lines; at most {MAX_REFERENCES} are allowed per panel",
                references.len()
            ),
        ));
    }
    for mut t in references {
        let (axis, value) = match (
            t.number_where("x", finite, COORDINATE)?,
            t.number_where("y", finite, COORDINATE)?,
        ) {
            (Some(x), None) => (RefAxis::X, x),
            (None, Some(y)) => (RefAxis::Y, y),
            _ if t.reported("x") || t.reported("y") => {
                return Err(crate::diagnostic::BlockError::already_reported());
            }
            _ => {
                return Err(error(
                    t.path("y"),
                    t.span(),
                    "expected exactly one of `x` (a vertical line) or `y` (a horizontal line)",
                ));
            }
        };
        // Reference lines must not vanish silently (render grows an axis without a range).
        let matrix = panel
            .heatmap
            .as_ref()
            .is_some_and(|h| matches!(h.data, crate::chart::HeatData::Matrix { .. }));
        let band = matrix
            || axis == RefAxis::X
                && (matches!(panel.kind, ChartKind::Bar | ChartKind::Box)
                    || panel
                        .series
                        .iter()
                        .any(|s| matches!(s.x, crate::chart::XValues::Categories(_))));
        let on = match axis {
            RefAxis::X => &panel.x_axis,
            RefAxis::Y => &panel.y_axis,
        };
        if !band && let Some(message) = reference_off_axis(on, value) {
            let key = if axis == RefAxis::X { "x" } else { "y" };
            return Err(error(t.path(key), t.span_of(key), message));
        }
        let label = t.string("label")?;
        let dash = t
            .choice(
                "dash",
                &[
                    ("solid", Dash::Solid),
                    ("dash", Dash::Dashed),
                    ("dot", Dash::Dotted),
                ],
            )?
            .unwrap_or(Dash::Dashed);
        let color = t.color("color")?;
        t.finish()?;
        panel.references.push(ReferenceLine {
            axis,
            value,
            label,
            dash,
            color,
        });
    }
    panel.equal_aspect = f
        .choice("aspect", &[("auto", false), ("equal", true)])?
        .unwrap_or(false);
    if matches!(
        panel.kind,
        ChartKind::Bar
            | ChartKind::Histogram
            | ChartKind::Cdf
            | ChartKind::Box
            | ChartKind::Heatmap
    ) {
        for key in ["aspect", "color-scale", "color-title"] {
            // A heatmap's cells are coloured on the scale, so it has one.
            if panel.kind == ChartKind::Heatmap && key != "aspect" {
                continue;
            }
            if f.has(key) {
                return Err(error(
                    f.path(key),
                    f.span_of(key),
                    format!(
                        "not available for {} charts (it is for line and scatter charts)",
                        panel.kind.name()
                    ),
                ));
            }
        }
    }
    let name = f.choice(
        "color-scale",
        &[
            ("reds", ScaleName::Reds),
            ("blues", ScaleName::Blues),
            ("greens", ScaleName::Greens),
            ("viridis", ScaleName::Viridis),
        ],
    )?;
    let title = f.string("color-title")?;
    let uses_values = panel.series.iter().any(|s| s.color_values.is_some());
    if uses_values || name.is_some() || panel.kind == ChartKind::Heatmap {
        panel.color_scale = Some(ColorScale {
            name: name.unwrap_or(ScaleName::Viridis),
            title,
        });
    }
    Ok(())
}

/// Why a numeric axis cannot show a reference line at `value`, if it cannot: a log axis shows
/// only values above 0, an explicit range only values inside it.
fn reference_off_axis(axis: &Axis, value: f64) -> Option<String> {
    if axis.log && value <= 0.0 {
        return Some("the axis is logarithmic, so a reference line must be above 0".into());
    }
    match (axis.min, axis.max) {
        (Some(lo), Some(hi)) if !(lo..=hi).contains(&value) => Some(format!(
            "{} is outside the axis range [{}, {}], so the line would not show; widen the axis `range` or move the line",
            crate::format::format_exact(value),
            crate::format::format_exact(lo),
            crate::format::format_exact(hi)
        )),
        _ => None,
    }
}

fn axis(
    f: &mut Fields<'_, '_>,
    key: &'static str,
    grid_default: bool,
    kind: ChartKind,
) -> Result<(Axis, TimeOptions)> {
    let mut axis = Axis {
        grid: grid_default,
        format: NumberFormat::default_axis(),
        ..Axis::default()
    };
    let mut time = TimeOptions::default();
    let Some(mut t) = f.table(key)? else {
        return Ok((axis, time));
    };
    axis.title = t.string("title")?;
    // A distribution's axes show values (samples, counts, fractions), never times.
    if key == "x-axis" && !kind.of_samples() {
        time.declared = t
            .choice("type", &[("auto", false), ("time", true)])?
            .unwrap_or(false);
        time.unit = t
            .choice(
                "unit",
                &[("s", EpochUnit::Seconds), ("ms", EpochUnit::Milliseconds)],
            )?
            .unwrap_or_default();
        if let Some(v) = t.get("timezone") {
            let span = v.span();
            if let Some(name) = t.string("timezone")? {
                match crate::time::zone(&name) {
                    Ok(zone) => time.zone = zone,
                    Err(expected) => t.note(error(
                        t.path("timezone"),
                        span,
                        format!("expected {expected}, found \"{name}\""),
                    )),
                }
            }
        }
        if time.declared && kind == ChartKind::Pie {
            return Err(error(
                t.path("type"),
                t.span_of("type"),
                "a pie has no axes",
            ));
        }
    }
    if let Some(range) = time_range(&mut t, &mut time)? {
        axis.min = Some(range.0);
        axis.max = Some(range.1);
    } else if let Some(range) = t.numbers("range")? {
        let span = t.get("range").map(|v| v.span()).unwrap_or_else(|| t.span());
        match range[..] {
            [lo, hi] if lo < hi => {
                axis.min = Some(lo);
                axis.max = Some(hi);
            }
            _ => {
                return Err(error(
                    t.path("range"),
                    span,
                    "expected [min, max] with min < max",
                ));
            }
        }
    }
    axis.grid = t.bool("grid")?.unwrap_or(grid_default);
    axis.hidden = !t.bool("visible")?.unwrap_or(true);
    axis.log = t
        .choice("scale", &[("linear", false), ("log", true)])?
        .unwrap_or(false);
    if axis.log && kind == ChartKind::Bar {
        return Err(error(
            t.path("scale"),
            t.span_of("scale"),
            "a log scale is not available for bar charts (bars grow from 0)",
        ));
    }
    if axis.log && kind == ChartKind::Box && key == "x-axis" {
        return Err(error(
            t.path("scale"),
            t.span_of("scale"),
            "the boxes' names run along the x-axis; only the value axis (`y-axis`) can be logarithmic",
        ));
    }
    if axis.log && axis.min.is_some_and(|m| m <= 0.0) {
        return Err(error(
            t.path("range"),
            t.span_of("range"),
            "the axis is logarithmic, so its range must start above 0",
        ));
    }
    axis.format.prefix = t.string("prefix")?.unwrap_or_default();
    axis.format.suffix = t.string("suffix")?.unwrap_or_default();
    match t.choice("format", &[("auto", 0), ("plain", 1), ("percent", 2)])? {
        Some(1) => axis.format.si = false,
        Some(2) => {
            axis.format.si = false;
            axis.format.percent = true;
        }
        _ => {}
    }
    if axis.log && time.declared {
        return Err(error(
            t.path("scale"),
            t.span_of("scale"),
            "a time axis cannot be logarithmic",
        ));
    }
    t.finish()?;
    Ok((axis, time))
}

/// What an x-axis table says about time: whether it is declared a time axis, the unit of epoch
/// numbers, and the zone times are shown in. Values that are dates make a time axis whether or
/// not it is declared.
#[derive(Clone, Debug)]
pub(super) struct TimeOptions {
    pub declared: bool,
    pub unit: EpochUnit,
    pub zone: jiff::tz::TimeZone,
}

impl Default for TimeOptions {
    fn default() -> Self {
        TimeOptions {
            declared: false,
            unit: EpochUnit::default(),
            zone: jiff::tz::TimeZone::UTC,
        }
    }
}

/// `range = ["2026-11-01", "2026-11-02T12:00Z"]`: a range of dates (which makes the axis a time
/// axis). `None` when the range is not dates (numbers are read as usual).
fn time_range(t: &mut Fields<'_, '_>, time: &mut TimeOptions) -> Result<Option<(f64, f64)>> {
    let Some(v) = t.get("range") else {
        return Ok(None);
    };
    let DeValue::Array(items) = v.get_ref() else {
        return Ok(None);
    };
    let texts: Vec<String> = items
        .iter()
        .filter_map(|e| match e.get_ref() {
            DeValue::String(s) => Some(s.to_string()),
            DeValue::Datetime(d) => Some(d.to_string()),
            _ => None,
        })
        .collect();
    if texts.len() != items.len() || texts.is_empty() {
        return Ok(None);
    }
    let times: Option<Vec<f64>> = texts
        .iter()
        .map(|s| crate::time::parse(s, &time.zone))
        .collect();
    match times.as_deref() {
        Some(&[lo, hi]) if lo < hi => {
            time.declared = true;
            Ok(Some((lo, hi)))
        }
        _ => Err(error(
            t.path("range"),
            v.span(),
            "expected [start, end]: two dates or date-times (ISO 8601, e.g. \"2026-11-01T06:00:00Z\"), start before end",
        )),
    }
}
