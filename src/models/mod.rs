//! Backend-engineering models: series computed from a few parameters.
//!
//! The chart reader reads a panel's `model = "..."` and its parameters, checked against the
//! model's [`Param`] table found through [`CATALOG`] (with located errors); [`apply`] then evaluates every model panel of a figure
//! into ordinary series, reference lines and annotations, so every chart feature works with
//! models and any key the author writes wins over what the model would set.

pub(crate) mod availability;
pub(crate) mod cache;
pub(crate) mod error_budget;
pub(crate) mod fanout;
pub(crate) mod latency;
#[cfg(test)]
mod properties;
pub(crate) mod queueing;
pub(crate) mod retry;
pub(crate) mod rng;
pub(crate) mod scalability;

use crate::chart::model_call::ModelCatalog;
pub(crate) use crate::chart::model_call::{ModelCall, Param, ParamKind};
use crate::chart::{Annotation, ChartKind, Dash, Figure, ReferenceLine, Series, XValues};
use crate::diagnostic::BlockError;
use crate::format::{NumberFormat, format_plain};

/// A model's description.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) struct ModelInfo {
    /// Name used in `model = "..."`.
    pub name: &'static str,
    /// One line on what it shows.
    pub summary: &'static str,
    /// The formula, in plain text.
    pub formula: &'static str,
    /// Its parameters.
    pub params: &'static [Param],
}

/// Every model.
pub(crate) const MODELS: &[ModelInfo] = &[
    cache::INFO,
    retry::INFO,
    queueing::INFO,
    fanout::INFO,
    availability::INFO,
    scalability::INFO,
    error_budget::INFO,
    latency::INFO,
];

/// The models that draw raw samples (histogram and CDF panels) rather than points.
const SAMPLE_MODELS: &[&str] = &[latency::INFO.name];

/// Looks a model up by name.
fn find(name: &str) -> Option<&'static ModelInfo> {
    MODELS.iter().find(|m| m.name == name)
}

/// The models, as the chart reader sees them.
pub(crate) struct Catalog;

/// The catalogue of every model, for the chart reader.
pub(crate) const CATALOG: Catalog = Catalog;

impl ModelCatalog for Catalog {
    fn find(&self, name: &str) -> Option<(&'static str, &'static [Param])> {
        find(name).map(|m| (m.name, m.params))
    }

    fn names(&self) -> Vec<&'static str> {
        MODELS.iter().map(|m| m.name).collect()
    }

    fn of_samples(&self, name: &str) -> bool {
        SAMPLE_MODELS.contains(&name)
    }
}

/// What a model produces for one panel.
#[derive(Clone, Debug, Default, PartialEq)]
pub(crate) struct Output {
    /// The series.
    pub series: Vec<Series>,
    /// Default x-axis title.
    pub x_title: Option<String>,
    /// Default y-axis title.
    pub y_title: Option<String>,
    /// Default y tick format.
    pub y_format: Option<NumberFormat>,
    /// Default x tick format.
    pub x_format: Option<NumberFormat>,
    /// Reference lines to add.
    pub references: Vec<ReferenceLine>,
    /// Annotations to add.
    pub annotations: Vec<Annotation>,
    /// The x values are times (seconds since the epoch): the x axis becomes a time axis.
    pub x_time: bool,
    /// Percentiles a histogram or CDF panel marks unless the block says which (`mark`).
    pub marks: Vec<f64>,
}

/// A line series from points.
fn line(name: &str, x: Vec<f64>, y: Vec<f64>) -> Series {
    Series {
        name: Some(name.to_string()),
        x: XValues::Numbers(x),
        y,
        labels: None,
        color: None,
        dash: Dash::Solid,
        markers: false,
        lines: true,
        show_labels: false,
        sizes: None,
        color_values: None,
        line_width: 2.0,
        marker_size: 3.5,
        fill: Default::default(),
        curve: Default::default(),
        uncertainty: Default::default(),
        in_legend: true,
        source: None,
    }
}

/// Labelled markers at exact points on the series called `of` (same name, so same colour),
/// kept out of the legend.
fn marks(of: &str, x: Vec<f64>, y: Vec<f64>, labels: Vec<String>) -> Series {
    Series {
        name: Some(of.to_string()),
        markers: true,
        lines: false,
        show_labels: true,
        labels: Some(labels),
        marker_size: 4.5,
        fill: Default::default(),
        curve: Default::default(),
        in_legend: false,
        ..line("", x, y)
    }
}

/// `n` evenly spaced values from `lo` to `hi` inclusive.
fn linspace(lo: f64, hi: f64, n: usize) -> Vec<f64> {
    let n = n.max(2);
    (0..n)
        .map(|i| lo + (hi - lo) * i as f64 / (n - 1) as f64)
        .collect()
}

/// Evaluates every model panel of `figure` into series. Keys the author wrote win: axis
/// titles and formats only fill in what is unset, `[[series]]` tables restyle by index.
pub(crate) fn apply(figure: &mut Figure) -> Result<(), BlockError> {
    for panel in &mut figure.panels {
        let Some(spec) = panel.model.take() else {
            continue;
        };
        let out = match spec.name {
            "cache-hit-rate" => cache::eval(&spec)?,
            "retry-backoff" => retry::eval(&spec)?,
            "queueing" => queueing::eval(&spec)?,
            "tail-fanout" => fanout::eval(&spec)?,
            "availability" => availability::eval(&spec)?,
            "scalability" => scalability::eval(&spec)?,
            "error-budget" => error_budget::eval(&spec)?,
            "latency-distribution" => latency::eval(&spec, panel)?,
            other => return Err(spec.error("model", format!("unknown model \"{other}\""))),
        };
        let mut series = out.series;
        // Marked points share their series' name (and so its colour): restyle them with it.
        let originals: Vec<Option<String>> = series.iter().map(|s| s.name.clone()).collect();
        let legend: Vec<usize> = (0..series.len()).filter(|i| series[*i].in_legend).collect();
        for (&i, o) in legend.iter().zip(&spec.overrides) {
            for (j, m) in series.iter_mut().enumerate() {
                if j != i && !m.in_legend && m.name == originals[i] {
                    if let Some(n) = &o.name {
                        m.name = Some(n.clone());
                    }
                    if o.color.is_some() {
                        m.color = o.color;
                    }
                }
            }
        }
        let mut legend_series: Vec<&mut Series> =
            series.iter_mut().filter(|s| s.in_legend).collect();
        for (s, o) in legend_series.iter_mut().zip(&spec.overrides) {
            if let Some(n) = &o.name {
                s.name = Some(n.clone());
            }
            if o.color.is_some() {
                s.color = o.color;
            }
            if let Some(d) = o.dash {
                s.dash = d;
            }
            if let Some(m) = o.markers {
                s.markers = m;
            }
            if let Some(w) = o.line_width {
                s.line_width = w;
            }
        }
        if spec.overrides.len() > series.iter().filter(|s| s.in_legend).count() {
            return Err(spec.error(
                "series",
                format!(
                    "this model draws {} series; {} [[series]] tables restyle more than there are",
                    series.iter().filter(|s| s.in_legend).count(),
                    spec.overrides.len()
                ),
            ));
        }
        if panel.kind == ChartKind::Bar {
            // Bars take categories: write the model's x values as text.
            for s in &mut series {
                if let XValues::Numbers(n) = &s.x {
                    s.x = XValues::Categories(n.iter().map(|v| format_plain(*v)).collect());
                }
            }
            series.retain(|s| s.in_legend);
        }
        panel.series = series;
        if panel.x_axis.title.is_none() {
            panel.x_axis.title = out.x_title;
        }
        if panel.y_axis.title.is_none() {
            panel.y_axis.title = out.y_title;
        }
        if let Some(f) = out.y_format
            && panel.y_axis.format == NumberFormat::default_axis()
        {
            panel.y_axis.format = f;
        }
        if let Some(f) = out.x_format
            && panel.x_axis.format == NumberFormat::default_axis()
        {
            panel.x_axis.format = f;
        }
        if out.x_time && panel.x_axis.time.is_none() {
            panel.x_axis.time = Some(crate::chart::TimeAxis {
                zone: jiff::tz::TimeZone::UTC,
            });
        }
        if panel.distribution.marks.is_empty() {
            panel.distribution.marks = out.marks;
        }
        panel.references.extend(out.references);
        panel.annotations.extend(out.annotations);
    }
    Ok(())
}

/// A parameter bound for the listing: `1e9` rather than `1000000000`.
fn short(v: f64) -> String {
    if v.abs() >= 1e6 {
        format!("{v:e}")
    } else {
        format!("{v}")
    }
}

/// The text of `mdbook-svg-charts models`: every model, its formula and parameters.
pub(crate) fn listing() -> String {
    let mut out = String::new();
    for m in MODELS {
        out.push_str(&format!(
            "{}\n  {}\n  formula: {}\n",
            m.name, m.summary, m.formula
        ));
        for p in m.params {
            let (range, default) = match p.kind {
                ParamKind::Number {
                    default,
                    min,
                    max,
                    min_open,
                    max_open,
                    whole,
                } => (
                    format!(
                        "{}{}{} to {}{}",
                        if whole { "whole number, " } else { "" },
                        if min_open { "above " } else { "" },
                        short(min),
                        if max_open { "below " } else { "" },
                        short(max)
                    ),
                    short(default),
                ),
                ParamKind::Numbers {
                    min,
                    max,
                    max_len,
                    default,
                } => (
                    format!("list of up to {max_len}, each {min} to {max}"),
                    format!(
                        "[{}]",
                        default
                            .iter()
                            .map(|v| short(*v))
                            .collect::<Vec<_>>()
                            .join(", ")
                    ),
                ),
                ParamKind::Words {
                    multiple,
                    options,
                    default,
                } if multiple => (
                    format!("any of {}", options.join(", ")),
                    format!("[{}]", default.join(", ")),
                ),
                ParamKind::Words {
                    options, default, ..
                } => (format!("one of {}", options.join(", ")), default.join(", ")),
                ParamKind::Text { default } => ("text".into(), format!("\"{default}\"")),
            };
            let unit = if p.unit.is_empty() {
                String::new()
            } else {
                format!(" [{}]", p.unit)
            };
            out.push_str(&format!(
                "  {:<18} {}{unit}; {range}; default {default}\n",
                p.key, p.doc
            ));
        }
        out.push('\n');
    }
    out.trim_end().to_string() + "\n"
}
