//! Backend-engineering models: series computed from a few parameters.
//!
//! `spec` reads a panel's `model = "..."` and its parameters (validated against each model's
//! [`Param`] table, with located errors); [`apply`] then evaluates every model panel of a figure
//! into ordinary series, reference lines and annotations, so every chart feature works with
//! models and any key the author writes wins over what the model would set.

pub mod availability;
pub mod cache;
pub mod fanout;
pub mod queueing;
pub mod retry;
pub mod rng;
pub mod scalability;

use std::collections::BTreeMap;
use std::ops::Range;

use crate::spec::{
    Annotation, Dash, Figure, NumberFormat, ReferenceLine, Series, SpecError, XValues,
};

/// What kind of value a parameter takes.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum ParamKind {
    /// A number in `min..=max` (or `min..max` when `max_open`).
    Number {
        /// Default value.
        default: f64,
        /// Lowest valid value.
        min: f64,
        /// Highest valid value.
        max: f64,
        /// The maximum itself is not valid (utilization below 1).
        max_open: bool,
        /// The minimum itself is not valid (a positive time).
        min_open: bool,
    },
    /// A list of numbers in `min..=max` (points to mark).
    Numbers {
        /// Lowest valid value.
        min: f64,
        /// Highest valid value.
        max: f64,
    },
    /// Words from a fixed list: which series to draw, or (`multiple: false`) one choice.
    Words {
        /// More than one word may be given.
        multiple: bool,
        /// The valid words.
        options: &'static [&'static str],
        /// The default selection.
        default: &'static [&'static str],
    },
    /// A text (a label).
    Text {
        /// Default text.
        default: &'static str,
    },
}

/// One model parameter: its key in the chart block, unit, range and meaning.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Param {
    /// Key in the chart block.
    pub key: &'static str,
    /// Unit, for messages and the `models` listing ("ms", "", "fraction 0–1").
    pub unit: &'static str,
    /// Kind, range and default.
    pub kind: ParamKind,
    /// What it means.
    pub doc: &'static str,
}

/// A model's description.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct ModelInfo {
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
pub const MODELS: &[ModelInfo] = &[
    cache::INFO,
    retry::INFO,
    queueing::INFO,
    fanout::INFO,
    availability::INFO,
    scalability::INFO,
];

/// Looks a model up by name.
pub fn find(name: &str) -> Option<&'static ModelInfo> {
    MODELS.iter().find(|m| m.name == name)
}

/// A parameter's value as written (or defaulted).
#[derive(Clone, Debug, PartialEq)]
pub enum Value {
    /// A number.
    Number(f64),
    /// Numbers.
    Numbers(Vec<f64>),
    /// Words.
    Words(Vec<String>),
    /// Text.
    Text(String),
}

/// A panel's model and its parameters, as read from the chart block.
#[derive(Clone, Debug, PartialEq)]
pub struct ModelSpec {
    /// The model.
    pub info: &'static ModelInfo,
    /// Every parameter, defaults filled in.
    pub values: BTreeMap<&'static str, Value>,
    /// Span of the `model` key's value (for errors found while evaluating).
    pub span: Range<usize>,
    /// The dotted path of the panel (`""` or `panel[1]`).
    pub path: String,
    /// Style overrides from `[[series]]` tables, by index.
    pub overrides: Vec<SeriesOverride>,
}

/// What a `[[series]]` table may change on a model's series.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct SeriesOverride {
    /// New name.
    pub name: Option<String>,
    /// New colour.
    pub color: Option<crate::spec::Color>,
    /// New dash style.
    pub dash: Option<Dash>,
    /// Markers on or off.
    pub markers: Option<bool>,
    /// Line width.
    pub line_width: Option<f64>,
}

impl ModelSpec {
    fn number(&self, key: &str) -> f64 {
        match self.values.get(key) {
            Some(Value::Number(n)) => *n,
            _ => 0.0,
        }
    }

    fn numbers(&self, key: &str) -> &[f64] {
        match self.values.get(key) {
            Some(Value::Numbers(n)) => n,
            _ => &[],
        }
    }

    fn words(&self, key: &str) -> Vec<&str> {
        match self.values.get(key) {
            Some(Value::Words(w)) => w.iter().map(String::as_str).collect(),
            _ => Vec::new(),
        }
    }

    fn text(&self, key: &str) -> &str {
        match self.values.get(key) {
            Some(Value::Text(t)) => t,
            _ => "",
        }
    }

    fn error(&self, key: &str, message: impl Into<String>) -> SpecError {
        let key = if self.path.is_empty() {
            key.to_string()
        } else {
            format!("{}.{key}", self.path)
        };
        SpecError {
            key,
            message: message.into(),
            span: Some(self.span.clone()),
        }
    }
}

/// What a model produces for one panel.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Output {
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
        in_legend: true,
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
pub fn apply(figure: &mut Figure) -> Result<(), SpecError> {
    for panel in &mut figure.panels {
        let Some(spec) = panel.model.take() else {
            continue;
        };
        let out = match spec.info.name {
            "cache-hit-rate" => cache::eval(&spec)?,
            "retry-backoff" => retry::eval(&spec)?,
            "queueing" => queueing::eval(&spec)?,
            "tail-fanout" => fanout::eval(&spec)?,
            "availability" => availability::eval(&spec)?,
            "scalability" => scalability::eval(&spec)?,
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
        if panel.kind == crate::spec::ChartKind::Bar {
            // Bars take categories: write the model's x values as text.
            for s in &mut series {
                if let XValues::Numbers(n) = &s.x {
                    s.x = XValues::Categories(
                        n.iter()
                            .map(|v| crate::render::format_value_plain(*v))
                            .collect(),
                    );
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
pub fn listing() -> String {
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
                } => (
                    format!(
                        "{}{} to {}{}",
                        if min_open { "above " } else { "" },
                        short(min),
                        if max_open { "below " } else { "" },
                        short(max)
                    ),
                    short(default),
                ),
                ParamKind::Numbers { min, max } => {
                    (format!("list, each {min} to {max}"), "[]".into())
                }
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
