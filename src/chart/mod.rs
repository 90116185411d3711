//! The typed chart: what a `chart` block means, independent of TOML, and the reader that makes
//! one from a block.
//!
//! [`read()`] turns the TOML text of one block into a [`Figure`]; errors carry the byte span inside
//! the block so the caller can point at the line and column in the chapter. A single-chart block
//! is a figure with one panel; the layout code only ever sees figures. The reader asks two
//! outside sources through traits it defines: data files for columns ([`columns`]) and the model
//! catalogue for parameter tables ([`model_call`]); `data` and `models` implement them.

mod color;
pub(crate) mod columns;
mod fields;
pub(crate) mod limits;
pub(crate) mod model_call;
mod reader;
pub(crate) mod schema;

pub(crate) use color::Color;
pub(crate) use reader::{ParseOptions, Sources, read};

use crate::format::NumberFormat;

/// A whole chart block: a title, a legend and one or more panels.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Figure {
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
pub(crate) enum ChartKind {
    /// Slices of a whole, optionally with a hole (donut).
    Pie,
    /// Bars per category, grouped or stacked, vertical or horizontal.
    Bar,
    /// Lines through points, optionally with markers.
    Line,
    /// Markers at points, optionally labelled.
    Scatter,
    /// Counts of raw samples in bins.
    Histogram,
    /// The empirical distribution of raw samples: CDF, its complement, or value by percentile.
    Cdf,
    /// A grid of cells coloured by value: a given matrix, or raw samples binned on both axes.
    Heatmap,
    /// Quartiles, whiskers and outliers of raw samples, one box per series.
    Box,
}

impl ChartKind {
    /// The name used in chart blocks and in generated descriptions.
    pub(crate) fn name(self) -> &'static str {
        match self {
            ChartKind::Pie => "pie",
            ChartKind::Bar => "bar",
            ChartKind::Line => "line",
            ChartKind::Scatter => "scatter",
            ChartKind::Histogram => "histogram",
            ChartKind::Cdf => "cdf",
            ChartKind::Heatmap => "heatmap",
            ChartKind::Box => "box",
        }
    }

    /// Whether the series hold raw samples (in `y`; `x` is empty) rather than points.
    pub(crate) fn of_samples(self) -> bool {
        matches!(self, ChartKind::Histogram | ChartKind::Cdf | ChartKind::Box)
    }

    /// Whether a model can draw this kind: models of points draw bar, line and scatter charts,
    /// models of samples histograms and CDFs; no model draws a pie, heatmap or box plot.
    pub(crate) fn drawn_by_models(self) -> bool {
        !matches!(self, ChartKind::Pie | ChartKind::Heatmap | ChartKind::Box)
    }
}

/// One plot: its kind, axes and series.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Panel {
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
    /// The model that computes this panel's series (evaluated by `models::apply`).
    pub model: Option<model_call::ModelCall>,
    /// Line panels: each series is drawn on top of the ones before it (`stack = true`), as
    /// filled bands; the values stay the series' own (the table and description show them).
    /// Histograms: the series' bars are stacked rather than overlaid.
    pub stacked: bool,
    /// Histogram and CDF options.
    pub distribution: Distribution,
    /// Heatmap cells (heatmap panels only).
    pub heatmap: Option<Box<Heatmap>>,
    /// Box plot options.
    pub boxes: BoxOptions,
}

/// A heatmap's data and options. The colour scale is the panel's `color_scale`.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Heatmap {
    /// A given matrix, or how the samples (the panel's one series: `x` across, `y` the
    /// values) are binned.
    pub data: HeatData,
    /// Write each cell's value on it where it fits.
    pub show_values: bool,
}

/// Where a heatmap's cells come from.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum HeatData {
    /// `z` rows × columns as given; `rows[i]` labels `z[i]` (drawn top to bottom), `columns[j]`
    /// labels column `j` (left to right). NaN is a missing cell.
    Matrix {
        /// Column labels, as written.
        columns: Vec<String>,
        /// Row labels, as written.
        rows: Vec<String>,
        /// The cells, row by row.
        z: Vec<Vec<f64>>,
    },
    /// Raw (x, value) samples counted in cells.
    Samples {
        /// Columns across (`None`: by a round time period or width, see `render::heatmap`).
        x_bins: Option<usize>,
        /// Value buckets up (`None`: automatic, log-spaced on a log y axis).
        y_bins: Option<usize>,
    },
}

/// How far a box plot's whiskers reach.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(crate) enum Whiskers {
    /// To the furthest sample within 1.5 IQR of the box; samples beyond are outliers.
    #[default]
    Tukey,
    /// To the smallest and largest sample (no outliers).
    MinMax,
}

/// Box plot options.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(crate) struct BoxOptions {
    /// Whisker rule.
    pub whiskers: Whiskers,
    /// Boxes run across (names down the left, values along the bottom).
    pub horizontal: bool,
}

/// How samples are put into bins.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub(crate) enum Bins {
    /// Freedman–Diaconis, rounded to a round width (on a log axis: bins per decade).
    #[default]
    Auto,
    /// This many equal bins over the samples' range.
    Count(usize),
    /// Bins this wide, on multiples of the width.
    Width(f64),
}

/// What a histogram's bar heights are.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(crate) enum Normalize {
    /// Samples in the bin.
    #[default]
    Count,
    /// Percent of the series' samples.
    Percent,
    /// Fraction of samples per unit of the value (the bars' areas add up to 1).
    Density,
}

/// What a CDF panel shows.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(crate) enum CdfView {
    /// Fraction of samples at or below a value.
    #[default]
    Cdf,
    /// Fraction above a value (for tails, on a log y axis).
    Ccdf,
    /// Value by percentile on a "nines" axis (90 %, 99 %, 99.9 % evenly spaced).
    Percentiles,
}

/// Options of histogram and CDF panels.
#[derive(Clone, Debug, Default, PartialEq)]
pub(crate) struct Distribution {
    /// Histogram bins.
    pub bins: Bins,
    /// Histogram bar heights.
    pub normalize: Normalize,
    /// CDF view.
    pub view: CdfView,
    /// Percentiles (0 < p < 100) marked with a labelled line and their exact value.
    pub marks: Vec<f64>,
}

/// Text placed at data coordinates.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Annotation {
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
pub(crate) enum RefAxis {
    /// A vertical line at an x value.
    X,
    /// A horizontal line at a y value.
    Y,
}

/// A dashed or dotted line across the plot at one value, with an optional label.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct ReferenceLine {
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
pub(crate) enum ScaleName {
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
pub(crate) struct ColorScale {
    /// Which scale.
    pub name: ScaleName,
    /// Title of the colour bar.
    pub title: Option<String>,
}

/// Axis options.
#[derive(Clone, Debug, Default, PartialEq)]
pub(crate) struct Axis {
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
    /// A time axis: values are seconds since the Unix epoch, shown in this zone.
    pub time: Option<TimeAxis>,
    /// A "nines" axis: values are `-log10(1 - p)` of a fraction `p`, labelled as percentiles
    /// (`90%`, `99%`, `99.9%` evenly spaced).
    pub nines: bool,
}

/// How a time axis shows its times.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct TimeAxis {
    /// The zone ticks and labels are in (UTC unless the author names one).
    pub zone: jiff::tz::TimeZone,
}

/// X values shared by a series' points.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum XValues {
    /// Numeric x values.
    Numbers(Vec<f64>),
    /// Category names.
    Categories(Vec<String>),
}

impl XValues {
    /// Number of values.
    pub(crate) fn len(&self) -> usize {
        match self {
            XValues::Numbers(v) => v.len(),
            XValues::Categories(v) => v.len(),
        }
    }
}

/// Line dash style.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(crate) enum Dash {
    /// Continuous line.
    #[default]
    Solid,
    /// Long dashes.
    Dashed,
    /// Dots.
    Dotted,
}

/// One data series.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Series {
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
    /// The data file its values came from, as the block names it (linked from the data table).
    pub source: Option<String>,
    /// What the area under the line is filled to.
    pub fill: Fill,
    /// How the line goes from one point to the next.
    pub curve: Curve,
    /// Error bars and a band drawn with the series.
    pub uncertainty: Uncertainty,
}

/// What is uncertain about a series' values: error bars at its points and a band around it.
#[derive(Clone, Debug, Default, PartialEq)]
pub(crate) struct Uncertainty {
    /// Whiskers at each point.
    pub errors: Option<ErrorBars>,
    /// A filled band between two values at each point.
    pub band: Option<Band>,
}

/// Error bars: how far below and above each point its whisker reaches (0 or more; NaN: none at
/// that point).
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct ErrorBars {
    /// Extent below each point.
    pub low: Vec<f64>,
    /// Extent above each point.
    pub high: Vec<f64>,
    /// Given as one `y-error` (the table shows one ± column).
    pub symmetric: bool,
}

/// A band: its lower and upper edge at each point, in data units (NaN: a gap).
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Band {
    /// Lower edge.
    pub low: Vec<f64>,
    /// Upper edge.
    pub high: Vec<f64>,
}

/// What the area under a line is filled to.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(crate) enum Fill {
    /// No fill.
    #[default]
    None,
    /// Down to y = 0 (the bottom of a log axis).
    Zero,
    /// Down to the previous series (to 0 for the first one).
    Previous,
}

/// How a line goes from one point to the next.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(crate) enum Curve {
    /// Straight segments.
    #[default]
    Linear,
    /// Holds each value until the next point, then jumps (a counter, a queue depth).
    Step,
    /// Jumps to each value at once and holds it back to the previous point.
    StepBefore,
    /// A monotone cubic through the points: never above or below the data between two points.
    Smooth,
}

/// Bar arrangement when there are several series.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(crate) enum BarMode {
    /// Side by side.
    #[default]
    Group,
    /// On top of each other.
    Stack,
}

/// Bar chart options.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(crate) struct BarOptions {
    /// Grouped or stacked.
    pub mode: BarMode,
    /// Categories down the left, bars growing to the right.
    pub horizontal: bool,
    /// Write each bar's value at its end.
    pub show_values: bool,
}

/// What is written on pie slices.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(crate) enum SliceLabel {
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
pub(crate) struct PieOptions {
    /// Inner radius as a fraction of the outer radius (0 = pie, 0.4 = donut).
    pub hole: f64,
    /// Text on slices.
    pub slice_labels: SliceLabel,
}

/// Where the legend is drawn.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(crate) enum LegendPosition {
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

/// Reads a block with the default options, no data files and no models (for unit tests of the
/// stages after this one).
#[cfg(test)]
pub(crate) fn read_for_tests(text: &str) -> Result<Figure, Vec<crate::diagnostic::BlockError>> {
    struct NoModels;
    impl model_call::ModelCatalog for NoModels {
        fn find(&self, _: &str) -> Option<(&'static str, &'static [model_call::Param])> {
            None
        }
        fn names(&self) -> Vec<&'static str> {
            Vec::new()
        }
    }
    let sources = Sources {
        files: None,
        models: &NoModels,
    };
    read(text, &ParseOptions::default(), sources)
}
