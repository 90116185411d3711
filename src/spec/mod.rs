//! The typed chart specification: what a `chart` block means, independent of TOML.
//!
//! [`parse`] turns the TOML text of one block into a [`Figure`]; errors carry the byte span
//! inside the block so the caller can point at the line and column in the chapter.
//! A single-chart block is a figure with one panel; the layout code only ever sees figures.

mod color;
mod parse;
mod reader;
mod suggest;

pub use color::Color;
pub use parse::{
    MAX_ANNOTATIONS, MAX_BLOCK_BYTES, MAX_LABELS, MAX_PANELS, MAX_POINTS, MAX_REFERENCES,
    MAX_SERIES, ParseOptions, block_size_message, check_block_size, parse, parse_with_data,
};

/// The candidate closest to `word`, if it looks like a typo of it (used for config keys too).
pub fn nearest_key<'a>(
    word: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<&'a str> {
    suggest::nearest(word, candidates)
}

use std::ops::Range;

/// A problem with a chart block, located inside the block's text.
#[derive(Clone, Debug, PartialEq)]
pub struct SpecError {
    /// The dotted path of the offending key (`series[1].y`), empty for syntax errors.
    pub key: String,
    /// What was wrong and what was expected.
    pub message: String,
    /// Byte range inside the block text, when known.
    pub span: Option<Range<usize>>,
}

impl std::fmt::Display for SpecError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.key.is_empty() {
            f.write_str(&self.message)
        } else {
            write!(f, "`{}`: {}", self.key, self.message)
        }
    }
}

impl std::error::Error for SpecError {}

/// A whole chart block: a title, a legend and one or more panels.
#[derive(Clone, Debug, PartialEq)]
pub struct Figure {
    /// Title drawn above the chart and used as the accessible name.
    pub title: Option<String>,
    /// Long description for screen readers; generated from the data when absent.
    pub description: Option<String>,
    /// Width of the viewBox in CSS pixels.
    pub width: f64,
    /// Height of the viewBox in CSS pixels.
    pub height: f64,
    /// Where the legend goes.
    pub legend: LegendPosition,
    /// Series colours for this chart, overriding the book's palette.
    pub palette: Option<Vec<Color>>,
    /// The panels, laid out in a grid left to right, top to bottom.
    pub panels: Vec<Panel>,
    /// Panels per row.
    pub columns: usize,
    /// Whether the data table is shown under the figure (`None`: the book's setting).
    pub data_table: Option<bool>,
}

/// What kind of chart a panel draws.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ChartKind {
    /// Slices of a whole, optionally with a hole (donut).
    Pie,
    /// Bars per category, grouped or stacked, vertical or horizontal.
    Bar,
    /// Lines through points, optionally with markers.
    Line,
    /// Markers at points, optionally labelled.
    Scatter,
}

impl ChartKind {
    /// The name used in chart blocks and in generated descriptions.
    pub fn name(self) -> &'static str {
        match self {
            ChartKind::Pie => "pie",
            ChartKind::Bar => "bar",
            ChartKind::Line => "line",
            ChartKind::Scatter => "scatter",
        }
    }
}

/// One plot: its kind, axes and series.
#[derive(Clone, Debug, PartialEq)]
pub struct Panel {
    /// The chart kind.
    pub kind: ChartKind,
    /// Panel title (used by multi-panel figures).
    pub title: Option<String>,
    /// Horizontal axis (categories for bars).
    pub x_axis: Axis,
    /// Vertical axis (values for bars).
    pub y_axis: Axis,
    /// The data series; for a pie, one series whose `x` holds the slice labels.
    pub series: Vec<Series>,
    /// Bar layout options.
    pub bars: BarOptions,
    /// Pie options.
    pub pie: PieOptions,
    /// Free text at data coordinates.
    pub annotations: Vec<Annotation>,
    /// Horizontal and vertical reference lines.
    pub references: Vec<ReferenceLine>,
    /// One x unit is as long as one y unit on screen.
    pub equal_aspect: bool,
    /// The colour scale for series with `color-values`, drawn as a colour bar.
    pub color_scale: Option<ColorScale>,
    /// The model that computes this panel's series (evaluated by [`crate::model::apply`]).
    pub model: Option<crate::model::ModelSpec>,
}

/// Text placed at data coordinates.
#[derive(Clone, Debug, PartialEq)]
pub struct Annotation {
    /// X in data units.
    pub x: f64,
    /// Y in data units.
    pub y: f64,
    /// The text.
    pub text: String,
    /// Bold text.
    pub bold: bool,
    /// Font size in pixels.
    pub size: f64,
}

/// Which axis a reference line marks a value on.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RefAxis {
    /// A vertical line at an x value.
    X,
    /// A horizontal line at a y value.
    Y,
}

/// A dashed or dotted line across the plot at one value, with an optional label.
#[derive(Clone, Debug, PartialEq)]
pub struct ReferenceLine {
    /// Horizontal (`Y`) or vertical (`X`).
    pub axis: RefAxis,
    /// The value it marks.
    pub value: f64,
    /// Text written along the line.
    pub label: Option<String>,
    /// Dash style (dashed by default).
    pub dash: Dash,
    /// Colour (the theme's ink by default).
    pub color: Option<Color>,
}

/// A named sequential colour scale.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ScaleName {
    /// Light to dark red.
    Reds,
    /// Light to dark blue.
    Blues,
    /// Light to dark green.
    Greens,
    /// Perceptually uniform purple–green–yellow.
    Viridis,
}

/// A colour scale with its colour-bar title.
#[derive(Clone, Debug, PartialEq)]
pub struct ColorScale {
    /// Which scale.
    pub name: ScaleName,
    /// Title of the colour bar.
    pub title: Option<String>,
}

/// Axis options.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Axis {
    /// Axis title.
    pub title: Option<String>,
    /// Explicit lower bound.
    pub min: Option<f64>,
    /// Explicit upper bound.
    pub max: Option<f64>,
    /// Whether grid lines are drawn (value axes only).
    pub grid: bool,
    /// How tick labels are written.
    pub format: NumberFormat,
    /// Whether the axis line, ticks and tick labels are drawn.
    pub hidden: bool,
    /// Logarithmic (base 10) scale.
    pub log: bool,
}

/// How numbers on an axis (and in data labels) are written.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct NumberFormat {
    /// Text written before each number (e.g. `$`).
    pub prefix: String,
    /// Text written after each number (e.g. ` ms`).
    pub suffix: String,
    /// Multiply by 100 and add `%`.
    pub percent: bool,
    /// Use `k`, `M`, `G` for large numbers (on by default).
    pub si: bool,
}

impl NumberFormat {
    /// The format an axis has when the block sets nothing: plain numbers with k/M/G.
    pub fn default_axis() -> Self {
        NumberFormat {
            si: true,
            ..NumberFormat::default()
        }
    }

    /// Fractions written as percentages (0.25 → 25%).
    pub fn percent() -> Self {
        NumberFormat {
            percent: true,
            ..NumberFormat::default()
        }
    }
}

/// X values shared by a series' points.
#[derive(Clone, Debug, PartialEq)]
pub enum XValues {
    /// Numeric x values.
    Numbers(Vec<f64>),
    /// Category names.
    Categories(Vec<String>),
}

impl XValues {
    /// Number of values.
    pub fn len(&self) -> usize {
        match self {
            XValues::Numbers(v) => v.len(),
            XValues::Categories(v) => v.len(),
        }
    }

    /// True when there are no values.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// Line dash style.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Dash {
    /// Continuous line.
    #[default]
    Solid,
    /// Long dashes.
    Dash,
    /// Dots.
    Dot,
}

/// One data series.
#[derive(Clone, Debug, PartialEq)]
pub struct Series {
    /// Name shown in the legend.
    pub name: Option<String>,
    /// X values (or categories); same length as `y`.
    pub x: XValues,
    /// Y values.
    pub y: Vec<f64>,
    /// Per-point text labels (scatter).
    pub labels: Option<Vec<String>>,
    /// Explicit colour; otherwise the palette's next colour.
    pub color: Option<Color>,
    /// Dash style for lines.
    pub dash: Dash,
    /// Whether markers are drawn at points.
    pub markers: bool,
    /// Whether points are joined by a line.
    pub lines: bool,
    /// Whether `labels` are written next to the points.
    pub show_labels: bool,
    /// Per-point values that set marker area (bubble charts).
    pub sizes: Option<Vec<f64>>,
    /// Per-point values mapped through the panel's colour scale.
    pub color_values: Option<Vec<f64>>,
    /// Shown in the legend (a model's marked points are not).
    pub in_legend: bool,
    /// Line width in pixels.
    pub line_width: f64,
    /// Marker radius in pixels.
    pub marker_size: f64,
}

/// Bar arrangement when there are several series.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum BarMode {
    /// Side by side.
    #[default]
    Group,
    /// On top of each other.
    Stack,
}

/// Bar chart options.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct BarOptions {
    /// Grouped or stacked.
    pub mode: BarMode,
    /// Categories down the left, bars growing to the right.
    pub horizontal: bool,
    /// Write each bar's value at its end.
    pub show_values: bool,
}

/// What is written on pie slices.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum SliceLabel {
    /// Share of the whole, e.g. `85%`.
    #[default]
    Percent,
    /// The value itself.
    Value,
    /// The slice's label.
    Label,
    /// Nothing.
    None,
}

/// Pie options.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct PieOptions {
    /// Inner radius as a fraction of the outer radius (0 = pie, 0.4 = donut).
    pub hole: f64,
    /// Text on slices.
    pub slice_labels: SliceLabel,
}

/// Where the legend is drawn.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum LegendPosition {
    /// Right of the plot when there is room, else below; hidden for a single unnamed series.
    #[default]
    Auto,
    /// Right of the plot.
    Right,
    /// Below the plot.
    Bottom,
    /// Above the plot, below the title.
    Top,
    /// No legend.
    None,
}
