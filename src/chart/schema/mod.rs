//! The chart language's key table ([`KEYS`]): every key of every table a chart block may hold,
//! with the chart kinds that read it, its value (type, words, range), an example and its meaning;
//! and the JSON Schema of the language made from it ([`json::json()`], in `json.rs`) for editors
//! (`mdbook-svg-charts schema`).
//!
//! The reader asks for keys by name through [`Fields`](super::fields::Fields); in debug builds
//! every table it finishes checks that each key it asked for is declared here for that table
//! ([`undeclared`]), so a key the parser reads cannot be missing from the schema. Model
//! parameters are not listed here: they come from each model's own parameter table
//! ([`Param`]), which the reader reads too. The integration tests (`tests/testsuite/schema.rs`)
//! check the other direction and the details: per chart kind, the parser knows exactly the keys
//! the schema lists, accepts every example, and names the same words and ranges.
//!
//! Adding a key: one [`Key`] line in [`KEYS`] (table, name, kinds, model, value, example, doc).

use super::ChartKind;
use super::fields::MAX_MAGNITUDE;
use super::limits::MAX_TEXT_CHARS;
use super::limits::{MAX_PANELS, MAX_SIZE, MIN_HEIGHT, MIN_WIDTH};
use super::model_call::{ModelCatalog, Param, ParamKind};
use super::reader::KINDS;

mod json;
pub(crate) use json::json;

/// A table of the chart language: where in a block a key is written.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Table {
    /// The top level of the block, figure-wide keys only.
    Figure,
    /// A panel: the top level of a one-panel chart, or a `[[panel]]` table.
    Panel,
    /// A series: the top level of a one-series chart, a `[[panel]]` table, or `[[series]]`.
    Series,
    /// A `[[series]]` table of a panel drawn by a model (restyles the model's series).
    ModelSeries,
    /// `[x-axis]` and `[y-axis]`.
    Axis,
    /// `[x-axis]` only.
    XAxis,
    /// `[[annotation]]`.
    Annotation,
    /// `[[reference]]`.
    Reference,
}

impl Table {
    /// Its name in messages.
    fn name(self) -> &'static str {
        match self {
            Table::Figure => "figure",
            Table::Panel => "panel",
            Table::Series => "series",
            Table::ModelSeries => "model-series",
            Table::Axis => "axis",
            Table::XAxis => "x-axis",
            Table::Annotation => "annotation",
            Table::Reference => "reference",
        }
    }
}

/// A set of chart kinds (the kinds whose tables read a key), plus the multi-panel figure.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Kinds(u16);

impl Kinds {
    const fn or(self, other: Kinds) -> Kinds {
        Kinds(self.0 | other.0)
    }

    const fn without(self, other: Kinds) -> Kinds {
        Kinds(self.0 & !other.0)
    }

    fn has(self, other: Kinds) -> bool {
        self.0 & other.0 != 0
    }
}

/// `type = "bar"`.
pub(crate) const BAR: Kinds = Kinds(1);
/// `type = "line"`.
pub(crate) const LINE: Kinds = Kinds(2);
/// `type = "scatter"`.
pub(crate) const SCATTER: Kinds = Kinds(4);
/// `type = "pie"`.
pub(crate) const PIE: Kinds = Kinds(8);
/// A figure of `[[panel]]` tables (no top-level `type`).
pub(crate) const PANELS: Kinds = Kinds(16);
/// `type = "histogram"`.
pub(crate) const HISTOGRAM: Kinds = Kinds(32);
/// `type = "cdf"`.
pub(crate) const CDF: Kinds = Kinds(64);
/// `type = "heatmap"`.
pub(crate) const HEATMAP: Kinds = Kinds(128);
/// `type = "box"`.
pub(crate) const BOX: Kinds = Kinds(256);
/// Line and scatter.
pub(crate) const XY: Kinds = LINE.or(SCATTER);
/// Bar, line and scatter: the kinds of points (and of models).
pub(crate) const CARTESIAN: Kinds = XY.or(BAR);
/// The kinds of raw samples.
pub(crate) const DIST: Kinds = HISTOGRAM.or(CDF);
/// The kinds whose series are raw samples, one table each.
pub(crate) const SAMPLES: Kinds = DIST.or(BOX);
/// Every kind with axes.
pub(crate) const AXES: Kinds = CARTESIAN.or(SAMPLES).or(HEATMAP);
/// Every kind with axes and series of their own (a heatmap has cells).
pub(crate) const SERIES: Kinds = AXES.without(HEATMAP);
/// Every chart kind.
pub(crate) const ALL: Kinds = AXES.or(PIE);
/// Every figure, one panel or many.
pub(crate) const EVERY: Kinds = ALL.or(PANELS);

/// A chart kind's bit. A new kind fails to compile here until the schema knows it.
fn bits(kind: ChartKind) -> Kinds {
    match kind {
        ChartKind::Bar => BAR,
        ChartKind::Line => LINE,
        ChartKind::Scatter => SCATTER,
        ChartKind::Pie => PIE,
        ChartKind::Histogram => HISTOGRAM,
        ChartKind::Cdf => CDF,
        ChartKind::Heatmap => HEATMAP,
        ChartKind::Box => BOX,
    }
}

/// The chart kinds by name, as `type` spells them (the reader's list), with their bits.
fn kind_names() -> Vec<(&'static str, Kinds)> {
    KINDS.iter().map(|(n, k)| (*n, bits(*k))).collect()
}

/// Whether a panel or series key is read when the panel has a `model`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Model {
    /// Only without a model.
    Without,
    /// Only with a model.
    With,
    /// Either way.
    Either,
}

/// What a key's value may be.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) enum Value {
    /// A string (blank counts as absent).
    Text,
    /// `true` or `false`.
    Bool,
    /// A number from `.0` to `.1`, both included.
    Number(f64, f64),
    /// A finite number in data units.
    Coordinate,
    /// A number above 0 (in data units; how far above depends on the data).
    Positive,
    /// One of these words.
    Choice(&'static [&'static str]),
    /// The chart kind.
    Kind,
    /// A colour: `#rgb`, `#rrggbb` or a CSS name.
    Color,
    /// A non-empty array of colours.
    Colors,
    /// A data file's name.
    DataFile,
    /// One character between a CSV file's fields.
    Delimiter,
    /// An array of numbers (at least `.0`, when given), or a column name.
    Numbers(Option<f64>),
    /// An array of percentiles, each above 0 and below 100.
    Percentiles,
    /// An array of strings (numbers are written as text), or a column name.
    Texts,
    /// x values: numbers, categories or dates, or a column name.
    X,
    /// y values: numbers (`nan` for a gap), or one or more column names.
    Y,
    /// Raw samples: numbers, or one or more column names.
    Samples,
    /// Rows of numbers (`nan` for a missing cell), all of one length.
    Matrix,
    /// Labels: strings, numbers or dates, written as given; or a column name.
    Labels,
    /// Error-bar reach: one number (0 or more) for every point, one per point (`nan`: none),
    /// or a column name.
    Extents,
    /// A band's edge: a number per point (`nan` for a gap), or a column name.
    Edges,
    /// `[min, max]`: two numbers or two dates.
    Range,
    /// `"lines"`, `"markers"`, `"text"` joined with `+`.
    SeriesMode,
    /// A time zone.
    TimeZone,
    /// A built-in model's name.
    ModelName,
    /// A sub-table.
    Table(Table),
    /// An array of tables (`[[key]]`).
    Tables(Table),
}

/// Whether a key must be given.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Need {
    /// May be left out.
    Optional,
    /// Must be given (in a panel: unless its series are `[[series]]` tables).
    Required,
    /// Exactly one of the table's `OneOf` keys must be given.
    OneOf,
    /// May be left out, and may be given only together with this key.
    With(&'static str),
}

/// One key of the chart language.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Key {
    /// The table it is written in.
    pub table: Table,
    /// Its name.
    pub name: &'static str,
    /// The chart kinds whose tables read it.
    pub kinds: Kinds,
    /// Whether it is read with a model, without, or either way.
    pub model: Model,
    /// Whether it must be given.
    pub need: Need,
    /// What its value may be.
    pub value: Value,
    /// A valid value, as TOML.
    pub example: &'static str,
    /// What it means.
    pub doc: &'static str,
}

use Model::{Either, With, Without};
use Need::{OneOf, Optional, Required, With as Beside};
use Table::{Annotation, Axis, Figure, ModelSeries, Panel, Reference, Series, XAxis};

/// One [`Key`], written as one line of [`KEYS`] (hence the arguments in a row).
#[allow(clippy::too_many_arguments)]
const fn key(
    table: Table,
    name: &'static str,
    kinds: Kinds,
    model: Model,
    need: Need,
    value: Value,
    example: &'static str,
    doc: &'static str,
) -> Key {
    Key {
        table,
        name,
        kinds,
        model,
        need,
        value,
        example,
        doc,
    }
}

const DASHES: &[&str] = &["solid", "dash", "dot"];
const PANEL_COUNT: f64 = MAX_PANELS as f64;

/// Every key of the chart language. Where two tables of one block both declare a name (the
/// top level is the figure, its one panel and that panel's one series), the first listed wins.
#[rustfmt::skip]
pub(crate) const KEYS: &[Key] = &[
    // The figure: the top level of every block.
    key(Figure, "title", EVERY, Either, Optional, Value::Text, r#""Latency by region""#, "Title drawn above the chart; also its accessible name."),
    key(Figure, "description", EVERY, Either, Optional, Value::Text, r#""p99 latency rose after the deploy.""#, "Text for screen readers; generated from the data when absent."),
    key(Figure, "width", EVERY, Either, Optional, Value::Number(MIN_WIDTH, MAX_SIZE), "640", "Width of the drawing in CSS pixels (default from book.toml, 640); the SVG still shrinks to the page."),
    key(Figure, "height", EVERY, Either, Optional, Value::Number(MIN_HEIGHT, MAX_SIZE), "400", "Height of the drawing in CSS pixels (default from book.toml, 400)."),
    key(Figure, "legend", EVERY, Either, Optional, Value::Choice(&["auto", "right", "bottom", "top", "none"]), r#""bottom""#, "Where the legend goes."),
    key(Figure, "colors", EVERY, Either, Optional, Value::Colors, r##"["#0072b2", "steelblue"]"##, "Series colours for this chart, replacing the palette (a pie's slice colours too)."),
    key(Figure, "data-table", EVERY, Either, Optional, Value::Bool, "false", "Whether the collapsed data table is shown under the chart (default: the book's setting)."),
    key(Figure, "data", EVERY, Either, Optional, Value::DataFile, r#""latency.csv""#, "A CSV or JSON file (relative to the chapter) whose column names array keys may then give."),
    key(Figure, "delimiter", EVERY, Either, Beside("data"), Value::Delimiter, r#"";""#, "The character between fields of a CSV data file (default: a comma; a tab for .tsv)."),
    key(Figure, "panel", PANELS, Either, Required, Value::Tables(Panel), r#"[{ type = "line", y = [1, 2, 3] }]"#, "The panels of a multi-panel figure, laid out in a grid."),
    key(Figure, "columns", PANELS, Either, Optional, Value::Number(1.0, PANEL_COUNT), "2", "Panels per row (default: up to 3)."),
    // A panel: the top level of a one-panel chart, or a [[panel]] table.
    key(Panel, "type", ALL, Without, Required, Value::Kind, r#""line""#, "The chart kind."),
    key(Panel, "type", AXES, With, Optional, Value::Kind, r#""line""#, "The chart kind (a model draws lines unless told otherwise; a model of samples, such as \"latency-distribution\", draws a histogram)."),
    key(Panel, "title", ALL, Either, Optional, Value::Text, r#""Europe""#, "The panel's title."),
    key(Panel, "data", ALL, Either, Optional, Value::DataFile, r#""latency.csv""#, "The panel's data file (a CSV or JSON file relative to the chapter)."),
    key(Panel, "delimiter", ALL, Either, Beside("data"), Value::Delimiter, r#"";""#, "The character between fields of the panel's CSV data file."),
    key(Panel, "model", CARTESIAN, With, Required, Value::ModelName, r#""queueing""#, "A built-in model that computes the series from a few parameters (`mdbook-svg-charts models` lists them)."),
    key(Panel, "model", DIST, With, Required, Value::ModelName, r#""latency-distribution""#, "A built-in model of samples (such as \"latency-distribution\") that draws the panel's samples from a few parameters."),
    key(Panel, "x-axis", AXES, Either, Optional, Value::Table(XAxis), r#"{ title = "time (s)" }"#, "The x axis."),
    key(Panel, "y-axis", AXES, Either, Optional, Value::Table(Axis), r#"{ title = "requests/s" }"#, "The y axis."),
    key(Panel, "hole", PIE, Either, Optional, Value::Number(0.0, 0.95), "0.4", "Radius of the hole as a fraction of the pie's (a donut); 0 for a full pie."),
    key(Panel, "slice-labels", PIE, Either, Optional, Value::Choice(&["percent", "value", "label", "none"]), r#""value""#, "What is written on each slice."),
    key(Panel, "mode", BAR, Either, Optional, Value::Choice(&["group", "stack"]), r#""stack""#, "How the series of a category share it: side by side or stacked."),
    key(Panel, "orientation", BAR.or(BOX), Either, Optional, Value::Choice(&["vertical", "horizontal"]), r#""horizontal""#, "Which way the bars (or boxes) run; the y-axis table still describes the values."),
    key(Panel, "show-values", BAR.or(HEATMAP), Either, Optional, Value::Bool, "true", "Write each bar's (or heatmap cell's) value on it, where it fits."),
    key(Panel, "whiskers", BOX, Either, Optional, Value::Choice(&["iqr", "minmax"]), r#""minmax""#, "How far whiskers reach: the furthest sample within 1.5 IQR of the box (samples beyond are outliers), or the smallest and largest sample."),
    key(Panel, "x-bins", HEATMAP, Either, Optional, Value::Number(1.0, 200.0), "24", "Columns the samples' x range is cut into (a whole number); default: a round time period (or width) giving at most 60 columns."),
    key(Panel, "y-bins", HEATMAP, Either, Optional, Value::Number(1.0, 200.0), "12", "Rows the samples' values are cut into (a whole number; log-spaced on a log y-axis); default: Freedman–Diaconis as for histograms."),
    key(Panel, "stack", LINE.or(HISTOGRAM), Either, Optional, Value::Bool, "true", "Draw each series on top of the ones before it (line panels: as filled bands)."),
    key(Panel, "bins", HISTOGRAM, Either, Optional, Value::Number(1.0, 1000.0), "20", "How many equal bins (a whole number); default: Freedman–Diaconis, rounded to a round width."),
    key(Panel, "bin-width", HISTOGRAM, Either, Optional, Value::Positive, "5", "The width of every bin, in the samples' unit (on a log axis: the factor from one bin to the next)."),
    key(Panel, "normalize", HISTOGRAM, Either, Optional, Value::Choice(&["count", "percent", "density"]), r#""percent""#, "Bar heights: samples, percent of the series, or density (areas add up to 1)."),
    key(Panel, "view", CDF, Either, Optional, Value::Choice(&["cdf", "ccdf", "percentiles"]), r#""percentiles""#, "The CDF, its complement (the tail), or value by percentile on a nines axis."),
    key(Panel, "mark", DIST, Either, Optional, Value::Percentiles, "[50, 99, 99.9]", "Percentiles marked with a labelled line and their exact value (nearest rank)."),
    key(Panel, "series", CARTESIAN, Without, OneOf, Value::Tables(Series), "[{ y = [3, 1, 2] }]", "The series, one table each (instead of a top-level `y`)."),
    key(Panel, "series", SAMPLES, Without, OneOf, Value::Tables(Series), "[{ values = [3, 1, 2] }]", "The sample series, one table each (instead of a top-level `values`)."),
    key(Panel, "series", CARTESIAN.or(DIST), With, Optional, Value::Tables(ModelSeries), r#"[{ name = "mean", color = "teal" }]"#, "Restyles the model's series, in order."),
    key(Panel, "annotation", AXES, Either, Optional, Value::Tables(Annotation), r#"[{ x = 1, y = 2, text = "deploy" }]"#, "Text at a data position."),
    key(Panel, "reference", AXES, Either, Optional, Value::Tables(Reference), r#"[{ y = 2, label = "SLO" }]"#, "Reference lines: `x` draws a vertical line, `y` a horizontal one."),
    key(Panel, "aspect", XY, Either, Optional, Value::Choice(&["auto", "equal"]), r#""equal""#, "\"equal\": one unit is as long on both axes."),
    key(Panel, "color-scale", XY.or(HEATMAP), Either, Optional, Value::Choice(&["reds", "blues", "greens", "viridis"]), r#""viridis""#, "The colour scale for `color-values` (a heatmap's cells; default viridis)."),
    key(Panel, "color-title", XY.or(HEATMAP), Either, Optional, Value::Text, r#""load (%)""#, "Title of the colour bar."),
    // A series: the top level of a one-series chart or panel, or a [[series]] table.
    key(Series, "x", CARTESIAN, Without, Optional, Value::X, "[1, 2, 3]", "x values: numbers, category names, or dates (TOML dates or ISO 8601 strings make a time axis); or a column name."),
    key(Series, "y", CARTESIAN, Without, Required, Value::Y, "[1, 2, 3]", "y values; or a column name (with a data file, an array of column names draws one series each)."),
    key(Series, "labels", PIE, Without, Required, Value::Texts, r#"["a", "b", "c"]"#, "The slices' names; or a column name."),
    key(Series, "values", PIE, Without, Required, Value::Numbers(Some(0.0)), "[3, 2, 1]", "The slices' sizes (0 or more, one per label); or a column name."),
    key(Series, "z", HEATMAP, Without, OneOf, Value::Matrix, "[[99.9, 99.5], [98.7, 99.2]]", "The cells, rows × columns (`nan`: missing, left empty); at most 200 rows, 200 columns and 10,000 cells."),
    key(Series, "values", HEATMAP, Without, OneOf, Value::Numbers(None), "[12, 15, 11, 240]", "Raw samples (instead of `z`), counted in cells by `x` and by value; or a column name."),
    key(Series, "x", HEATMAP, Without, Optional, Value::Labels, "[1, 2, 3]", "With `z`: the columns' labels (text, numbers or dates, as written). With `values`: each sample's position, numbers or dates (a time axis); or a column name."),
    key(Series, "y", HEATMAP, Without, Beside("z"), Value::Labels, r#"["eu", "us"]"#, "The rows' labels of a `z` matrix (text, numbers or dates, as written), top to bottom."),
    key(Series, "values", SAMPLES, Without, Required, Value::Samples, "[12, 15, 11, 240]", "Raw samples; or a column name (with a data file, an array of column names draws one series each)."),
    key(Series, "name", ALL.without(HEATMAP), Without, Optional, Value::Text, r#""p99""#, "The series' name in the legend."),
    key(Series, "color", SERIES, Without, Optional, Value::Color, r##""#d55e00""##, "The series' colour."),
    key(Series, "labels", XY, Without, Optional, Value::Texts, r#"["a", "b", "c"]"#, "A label per point (shown unless `mode` leaves out \"text\"); or a column name."),
    key(Series, "sizes", XY, Without, Optional, Value::Numbers(Some(0.0)), "[4, 8, 16]", "Marker size per point (bubbles; 0 or more); or a column name."),
    key(Series, "color-values", XY, Without, Optional, Value::Numbers(None), "[0.1, 0.5, 0.9]", "A value per point, coloured on the panel's `color-scale`; or a column name."),
    key(Series, "marker-size", XY, Without, Optional, Value::Number(1.0, 40.0), "6", "Marker radius in pixels."),
    key(Series, "dash", XY, Without, Optional, Value::Choice(DASHES), r#""dash""#, "The line's dash pattern."),
    key(Series, "line-width", XY, Without, Optional, Value::Number(0.5, 12.0), "3", "Line width in pixels."),
    key(Series, "fill", XY, Without, Optional, Value::Choice(&["none", "zero", "previous"]), r#""zero""#, "Fill under the line: down to 0, or down to the previous series."),
    key(Series, "curve", XY, Without, Optional, Value::Choice(&["linear", "step", "step-before", "smooth"]), r#""step""#, "How the line goes from point to point (\"smooth\" is monotone: it never overshoots)."),
    key(Series, "markers", LINE, Without, Optional, Value::Bool, "true", "Draw a marker at each point."),
    key(Series, "mode", XY, Without, Optional, Value::SeriesMode, r#""lines+markers""#, "What is drawn: \"lines\", \"markers\", \"text\" (the labels) or a combination such as \"lines+markers\"."),
    key(Series, "y-error", CARTESIAN, Without, Optional, Value::Extents, "0.5", "Error bars reaching this far below and above each point: one number for all, one per point (`nan`: none), or a column name."),
    key(Series, "y-error-low", CARTESIAN, Without, Optional, Value::Extents, "[0.5, 0.5, 1]", "Error bars' reach below each point (with `y-error-high`; alone: none above)."),
    key(Series, "y-error-high", CARTESIAN, Without, Optional, Value::Extents, "[1, 2, 1]", "Error bars' reach above each point (with `y-error-low`; alone: none below)."),
    key(Series, "band-low", XY, Without, Optional, Value::Edges, "[0.5, 1.5, 2.5]", "Lower edge of a translucent band under the series, one value per point (`nan`: a gap), or a column name; alone, the band reaches up to the series."),
    key(Series, "band-high", XY, Without, Optional, Value::Edges, "[2, 3, 4]", "Upper edge of the band; alone, the band reaches down to the series."),
    // A [[series]] table restyling a model's series.
    key(ModelSeries, "name", AXES, Either, Optional, Value::Text, r#""mean""#, "New name for the model's series."),
    key(ModelSeries, "color", AXES, Either, Optional, Value::Color, r#""teal""#, "New colour."),
    key(ModelSeries, "dash", AXES, Either, Optional, Value::Choice(DASHES), r#""dot""#, "New dash pattern."),
    key(ModelSeries, "markers", AXES, Either, Optional, Value::Bool, "true", "Markers on or off."),
    key(ModelSeries, "line-width", AXES, Either, Optional, Value::Number(0.5, 12.0), "3", "New line width in pixels."),
    // [x-axis] and [y-axis].
    key(Axis, "title", AXES, Either, Optional, Value::Text, r#""latency (ms)""#, "The axis title."),
    key(XAxis, "type", CARTESIAN.or(HEATMAP), Either, Optional, Value::Choice(&["auto", "time"]), r#""time""#, "\"time\": numbers are times since 1970 (see `unit`); dates make a time axis anyway."),
    key(XAxis, "unit", CARTESIAN.or(HEATMAP), Either, Optional, Value::Choice(&["s", "ms"]), r#""ms""#, "Unit of epoch numbers on a time axis."),
    key(XAxis, "timezone", CARTESIAN.or(HEATMAP), Either, Optional, Value::TimeZone, r#""Europe/Berlin""#, "Zone times are shown in: \"UTC\" (default), an offset such as \"+05:30\", or an IANA name."),
    key(Axis, "range", AXES, Either, Optional, Value::Range, "[0, 100]", "[min, max] of the axis (two dates on a time axis)."),
    key(Axis, "grid", AXES, Either, Optional, Value::Bool, "true", "Grid lines (default: on for y, off for x)."),
    key(Axis, "visible", AXES, Either, Optional, Value::Bool, "false", "false hides the axis line, ticks and labels."),
    key(XAxis, "scale", BOX, Either, Optional, Value::Choice(&["linear"]), r#""linear""#, "Linear (the boxes' names run along it; the y-axis holds the values)."),
    key(Axis, "scale", XY.or(SAMPLES).or(HEATMAP), Either, Optional, Value::Choice(&["linear", "log"]), r#""log""#, "Linear or logarithmic."),
    key(Axis, "scale", BAR, Either, Optional, Value::Choice(&["linear"]), r#""linear""#, "Linear (bars grow from 0, so a bar chart has no log scale)."),
    key(Axis, "prefix", AXES, Either, Optional, Value::Text, r#""$""#, "Written before every tick label."),
    key(Axis, "suffix", AXES, Either, Optional, Value::Text, r#"" ms""#, "Written after every tick label."),
    key(Axis, "format", AXES, Either, Optional, Value::Choice(&["auto", "plain", "percent"]), r#""percent""#, "Tick labels: \"auto\" (SI prefixes: 1.2k), \"plain\" (1200) or \"percent\" (0.12 → 12%)."),
    // [[annotation]]
    key(Annotation, "x", AXES, Either, Required, Value::Coordinate, "1", "x position (data units)."),
    key(Annotation, "y", AXES, Either, Required, Value::Coordinate, "2", "y position (data units)."),
    key(Annotation, "text", AXES, Either, Required, Value::Text, r#""deploy""#, "The text."),
    key(Annotation, "bold", AXES, Either, Optional, Value::Bool, "true", "Bold text."),
    key(Annotation, "size", AXES, Either, Optional, Value::Number(6.0, 48.0), "14", "Font size in pixels (default 12)."),
    // [[reference]]
    key(Reference, "x", AXES, Either, OneOf, Value::Coordinate, "1", "A vertical line at this x (data units)."),
    key(Reference, "y", AXES, Either, OneOf, Value::Coordinate, "2", "A horizontal line at this y (data units)."),
    key(Reference, "label", AXES, Either, Optional, Value::Text, r#""SLO""#, "Label beside the line."),
    key(Reference, "dash", AXES, Either, Optional, Value::Choice(DASHES), r#""solid""#, "Dash pattern (default \"dash\")."),
    key(Reference, "color", AXES, Either, Optional, Value::Color, r#""crimson""#, "Line colour."),
];

/// The tables a reader at `path` (a [`Fields`](super::fields::Fields) prefix: `""`,
/// `panel[1]`, `panel[1].series[0]`, `x-axis`, ...) reads keys of.
fn tables_at(path: &str) -> Option<&'static [Table]> {
    let last = path.rsplit('.').next().unwrap_or("");
    let name = last.split('[').next().unwrap_or("");
    Some(match name {
        "" => &[Figure, Panel, Series],
        "panel" => &[Panel, Series],
        "series" => &[Series, ModelSeries],
        "x-axis" => &[Axis, XAxis],
        "y-axis" => &[Axis],
        "annotation" => &[Annotation],
        "reference" => &[Reference],
        _ => return None,
    })
}

/// Why a table at `path` may not read `key`: the key (or the table) is missing from [`KEYS`].
/// `None` when it is declared. The reader checks every key it reads in debug builds.
pub(crate) fn undeclared(path: &str, key: &str) -> Option<String> {
    let Some(tables) = tables_at(path) else {
        return Some(format!(
            "internal error: the parser reads a table at `{path}`, which src/chart/schema/mod.rs does not know (add it to `tables_at`)"
        ));
    };
    if KEYS
        .iter()
        .any(|k| k.name == key && tables.contains(&k.table))
    {
        return None;
    }
    let names: Vec<&str> = tables.iter().map(|t| t.name()).collect();
    Some(format!(
        "internal error: the parser reads `{key}` in {} tables but src/chart/schema/mod.rs does not declare it; add a `key({:?}, \"{key}\", ...)` line to KEYS",
        names.join(" / "),
        tables[tables.len() - 1],
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::chart::fields::Fields;
    use toml::de::DeTable;

    /// One parameter, for the reader and schema tests.
    pub(super) const PARAMS: &[Param] = &[Param {
        key: "servers",
        unit: "",
        kind: ParamKind::Number {
            default: 1.0,
            min: 1.0,
            max: 10.0,
            min_open: false,
            max_open: true,
            whole: true,
        },
        doc: "servers",
    }];

    #[test]
    fn declared_keys_pass_and_others_are_named_with_their_table() {
        assert_eq!(undeclared("", "title"), None);
        assert_eq!(undeclared("panel[2]", "hole"), None);
        assert_eq!(undeclared("panel[2].series[1]", "line-width"), None);
        assert_eq!(undeclared("x-axis", "timezone"), None);
        assert!(undeclared("y-axis", "timezone").is_some());
        let m = undeclared("panel[0].series[3]", "opacity").unwrap();
        assert!(
            m.contains("`opacity` in series / model-series tables"),
            "{m}"
        );
        let m = undeclared("panel[0].legend", "x").unwrap();
        assert!(m.contains("a table at `panel[0].legend`"), "{m}");
    }

    #[test]
    fn the_reader_reports_a_key_missing_from_the_table() {
        let text = "opacity = 0.5\n";
        let table = DeTable::parse(text).unwrap();
        let mut f = Fields::new(table.get_ref(), 0..text.len(), "series[0]".into());
        assert!(f.get("opacity").is_some());
        f.finish().unwrap();
        let errors = f.errors(None);
        assert_eq!(errors.len(), 1, "{errors:?}");
        assert_eq!(errors[0].key, "series[0].opacity");
        assert!(errors[0].message.contains("does not declare it"));
        // A model's parameters are declared by its table.
        let text = "servers = 2\n";
        let table = DeTable::parse(text).unwrap();
        let mut f = Fields::new(table.get_ref(), 0..text.len(), String::new());
        f.reads_params(PARAMS);
        assert!(f.get("servers").is_some());
        f.finish().unwrap();
        assert!(f.errors(None).is_empty());
    }
}
