//! TOML text → [`Figure`], with every error located in the block.

use std::collections::BTreeMap;

use toml::de::DeTable;

use crate::model::{self, ModelSpec, ParamKind, SeriesOverride, Value};

use super::reader::{Fields, NumbersOrStrings, Result, error};
use super::{
    Annotation, Axis, BarMode, BarOptions, ChartKind, ColorScale, Dash, Figure, LegendPosition,
    NumberFormat, Panel, PieOptions, RefAxis, ReferenceLine, ScaleName, Series, SliceLabel,
    SpecError, XValues,
};

/// Defaults that come from `book.toml` rather than from the block.
#[derive(Clone, Debug, PartialEq)]
pub struct ParseOptions {
    /// Default viewBox width.
    pub width: f64,
    /// Default viewBox height.
    pub height: f64,
}

impl Default for ParseOptions {
    fn default() -> Self {
        ParseOptions {
            width: 640.0,
            height: 400.0,
        }
    }
}

/// Most points one series may hold.
pub const MAX_POINTS: usize = 10_000;
/// Largest chart block read: parsing is linear but not free, and larger data belongs in a data
/// file. Checked before parsing, so an oversized block is rejected at once.
pub const MAX_BLOCK_BYTES: usize = 512 * 1024;
/// Most point labels one panel may hold (placement avoids every other label).
pub const MAX_LABELS: usize = 500;
/// Most annotations one panel may hold.
pub const MAX_ANNOTATIONS: usize = 100;
/// Most reference lines one panel may hold.
pub const MAX_REFERENCES: usize = 50;

/// The message for a block of `len` bytes over [`MAX_BLOCK_BYTES`].
pub fn block_size_message(len: usize) -> String {
    format!(
        "the chart block is {} KiB; at most {} KiB are read (put large data in a data file: data = \"file.csv\")",
        len / 1024,
        MAX_BLOCK_BYTES / 1024
    )
}

/// Rejects a block larger than [`MAX_BLOCK_BYTES`].
pub fn check_block_size(text: &str) -> std::result::Result<(), SpecError> {
    if text.len() > MAX_BLOCK_BYTES {
        return Err(SpecError {
            key: String::new(),
            message: block_size_message(text.len()),
            span: Some(0..0),
        });
    }
    Ok(())
}

/// What a coordinate may be, for messages.
const COORDINATE: &str = "a finite number between -1e300 and 1e300 (data units)";

/// A coordinate that can be drawn.
fn finite(v: f64) -> bool {
    v.is_finite() && v.abs() <= super::reader::MAX_MAGNITUDE
}

/// Most panels one figure may hold.
pub const MAX_PANELS: usize = 12;
/// Most series one panel may hold.
pub const MAX_SERIES: usize = 64;

const KINDS: &[(&str, ChartKind)] = &[
    ("bar", ChartKind::Bar),
    ("line", ChartKind::Line),
    ("scatter", ChartKind::Scatter),
    ("pie", ChartKind::Pie),
];

/// Parses the TOML body of one `chart` block.
pub fn parse(text: &str, options: &ParseOptions) -> std::result::Result<Figure, SpecError> {
    parse_with_data(text, options, &[])
}

/// Parses a block whose data files were loaded by [`crate::data::load_for`]: column names in
/// the block are replaced by the columns before the block is read.
pub fn parse_with_data(
    text: &str,
    options: &ParseOptions,
    loaded: &[crate::data::Loaded],
) -> std::result::Result<Figure, SpecError> {
    check_block_size(text)?;
    let mut root = DeTable::parse(text).map_err(|e| SpecError {
        key: String::new(),
        message: format!("invalid TOML: {}", e.message().trim_end()),
        span: e.span(),
    })?;
    crate::data::substitute(root.get_mut(), loaded)?;
    let mut f = Fields::new(root.get_ref(), root.span(), String::new());
    let figure = figure(&mut f, options)?;
    f.finish()?;
    Ok(figure)
}

fn figure(f: &mut Fields<'_, '_>, options: &ParseOptions) -> Result<Figure> {
    // A multi-panel figure has `[[panel]]` tables and no top-level `type`.
    let multi = f.has("panel");
    let kind = if multi {
        None
    } else if f.has("model") && !f.has("type") {
        f.get("type");
        Some(ChartKind::Line)
    } else {
        Some(f.choice("type", KINDS)?.ok_or_else(|| {
            f.missing(
                "type",
                "one of \"bar\", \"line\", \"scatter\", \"pie\" (or [[panel]] tables)",
            )
        })?)
    };
    let title = f.string("title")?;
    let description = f.string("description")?;
    let width = f.number("width", 120.0..4000.0)?.unwrap_or(options.width);
    let default_height = if kind == Some(ChartKind::Pie) {
        options.height.min(width * 0.75)
    } else {
        options.height
    };
    let height = f.number("height", 100.0..4000.0)?.unwrap_or(default_height);
    let legend = f
        .choice(
            "legend",
            &[
                ("auto", LegendPosition::Auto),
                ("right", LegendPosition::Right),
                ("bottom", LegendPosition::Bottom),
                ("top", LegendPosition::Top),
                ("none", LegendPosition::None),
            ],
        )?
        .unwrap_or_default();
    let palette = f.colors("colors")?;
    let data_table = f.bool("data-table")?;
    if let Some(p) = &palette
        && p.is_empty()
    {
        return Err(error(
            f.path("colors"),
            f.span(),
            "expected at least one colour",
        ));
    }
    let (panels, columns) = match kind {
        Some(kind) => (vec![panel(f, kind, false)?], 1),
        None => {
            let tables = f.tables("panel")?;
            if tables.len() > MAX_PANELS {
                return Err(error(
                    "panel",
                    f.span(),
                    format!(
                        "has {} panels; at most {MAX_PANELS} are allowed",
                        tables.len()
                    ),
                ));
            }
            let mut panels = Vec::with_capacity(tables.len());
            for mut t in tables {
                let kind = match t.choice("type", KINDS)? {
                    Some(k) => k,
                    None if t.has("model") => ChartKind::Line,
                    None => {
                        return Err(
                            t.missing("type", "one of \"bar\", \"line\", \"scatter\", \"pie\"")
                        );
                    }
                };
                panels.push(panel(&mut t, kind, true)?);
                t.finish()?;
            }
            let n = panels.len();
            let columns = f
                .number("columns", 1.0..(MAX_PANELS as f64))?
                .map_or(n.min(3), |c| c as usize)
                .clamp(1, n.max(1));
            (panels, columns)
        }
    };
    Ok(Figure {
        title,
        description,
        width,
        height,
        legend,
        palette,
        panels,
        columns,
        data_table,
    })
}

fn panel(f: &mut Fields<'_, '_>, kind: ChartKind, own_title: bool) -> Result<Panel> {
    let title = if own_title { f.string("title")? } else { None };
    let (x_axis, y_axis) = if kind == ChartKind::Pie {
        (Axis::default(), Axis::default())
    } else {
        (
            axis(f, "x-axis", false, kind)?,
            axis(f, "y-axis", true, kind)?,
        )
    };
    let mut bars = BarOptions::default();
    let mut pie = PieOptions::default();
    let series = match kind {
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
            if f.has("model") {
                Vec::new()
            } else {
                xy_series(f, kind, (x_axis.log, y_axis.log))?
            }
        }
    };
    let model = if kind != ChartKind::Pie && f.has("model") {
        Some(model_spec(f)?)
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
        color_scale: None,
        model,
    };
    if kind != ChartKind::Pie {
        cartesian_extras(f, &mut panel)?;
    }
    Ok(panel)
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
            _ => {
                return Err(error(
                    t.path("y"),
                    t.span(),
                    "expected exactly one of `x` (a vertical line) or `y` (a horizontal line)",
                ));
            }
        };
        let label = t.string("label")?;
        let dash = t
            .choice(
                "dash",
                &[
                    ("solid", Dash::Solid),
                    ("dash", Dash::Dash),
                    ("dot", Dash::Dot),
                ],
            )?
            .unwrap_or(Dash::Dash);
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
    if panel.kind == ChartKind::Bar {
        for key in ["aspect", "color-scale", "color-title"] {
            if f.has(key) {
                return Err(error(
                    f.path(key),
                    f.span_of(key),
                    "not available for bar charts (it is for line and scatter charts)",
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
    if uses_values || name.is_some() {
        panel.color_scale = Some(ColorScale {
            name: name.unwrap_or(ScaleName::Viridis),
            title,
        });
    }
    Ok(())
}

fn axis(
    f: &mut Fields<'_, '_>,
    key: &'static str,
    grid_default: bool,
    kind: ChartKind,
) -> Result<Axis> {
    let mut axis = Axis {
        grid: grid_default,
        format: NumberFormat::default_axis(),
        ..Axis::default()
    };
    let Some(mut t) = f.table(key)? else {
        return Ok(axis);
    };
    axis.title = t.string("title")?;
    if let Some(range) = t.numbers("range")? {
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
    t.finish()?;
    Ok(axis)
}

fn pie_series(f: &mut Fields<'_, '_>) -> Result<Series> {
    let labels = f
        .strings("labels")?
        .ok_or_else(|| f.missing("labels", "an array of slice names"))?;
    let values = f
        .numbers("values")?
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
    check_len(&f.path("values"), span, values.len())?;
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
    })
}

fn check_len(path: &str, span: std::ops::Range<usize>, n: usize) -> Result<()> {
    if n > MAX_POINTS {
        return Err(error(
            path,
            span,
            format!("has {n} values; at most {MAX_POINTS} are allowed per series"),
        ));
    }
    Ok(())
}

fn xy_series(f: &mut Fields<'_, '_>, kind: ChartKind, logs: (bool, bool)) -> Result<Vec<Series>> {
    let shared_x = x_values(f)?;
    let tables = f.tables("series")?;
    let mut out = Vec::new();
    if tables.is_empty() {
        let y = f.numbers("y")?.ok_or_else(|| {
            f.missing(
                "y",
                "an array of numbers (or one [[series]] table per series)",
            )
        })?;
        let series = one_series(f, kind, y, shared_x.as_ref(), logs)?;
        out.push(series);
    } else {
        if f.has("y") {
            let span = f.get("y").map(|v| v.span()).unwrap_or_else(|| f.span());
            return Err(error(
                "y",
                span,
                "use either a top-level `y` or [[series]] tables, not both",
            ));
        }
        if tables.len() > MAX_SERIES {
            return Err(error(
                "series",
                f.span(),
                format!(
                    "has {} series; at most {MAX_SERIES} are allowed",
                    tables.len()
                ),
            ));
        }
        for mut t in tables {
            let y = t
                .numbers("y")?
                .ok_or_else(|| t.missing("y", "an array of numbers"))?;
            let own_x = x_values(&mut t)?;
            let series = one_series(&mut t, kind, y, own_x.as_ref().or(shared_x.as_ref()), logs)?;
            t.finish()?;
            out.push(series);
        }
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

fn x_values(f: &mut Fields<'_, '_>) -> Result<Option<(XValues, std::ops::Range<usize>)>> {
    let span = f.get("x").map(|v| v.span());
    Ok(f.numbers_or_strings("x")?.map(|v| {
        let x = match v {
            NumbersOrStrings::Numbers(n) => XValues::Numbers(n),
            NumbersOrStrings::Strings(s) => XValues::Categories(s),
        };
        (x, span.unwrap_or(0..0))
    }))
}

fn one_series(
    f: &mut Fields<'_, '_>,
    kind: ChartKind,
    y: Vec<f64>,
    x: Option<&(XValues, std::ops::Range<usize>)>,
    (log_x, log_y): (bool, bool),
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
        None if kind == ChartKind::Bar => {
            XValues::Categories((1..=y.len()).map(|i| i.to_string()).collect())
        }
        None => XValues::Numbers((0..y.len()).map(|i| i as f64).collect()),
    };
    let name = f.string("name")?;
    let color = f.color("color")?;
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
    };
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
    if let Some(labels) = f.strings("labels")? {
        per_point(f, "labels", labels.len())?;
        series.labels = Some(labels);
        series.show_labels = true;
    }
    if let Some(sizes) = f.numbers("sizes")? {
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
    if let Some(values) = f.numbers("color-values")? {
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
                ("dash", Dash::Dash),
                ("dot", Dash::Dot),
            ],
        )?
        .unwrap_or_default();
    series.line_width = f.number("line-width", 0.5..12.0)?.unwrap_or(2.0);
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

/// Reads `model = "..."`, its parameters (defaults filled in, ranges checked) and any
/// `[[series]]` restyling tables.
fn model_spec(f: &mut Fields<'_, '_>) -> Result<ModelSpec> {
    let span = f.span_of("model");
    let name = f
        .string("model")?
        .ok_or_else(|| f.missing("model", "a model name"))?;
    let Some(info) = model::find(&name) else {
        let names: Vec<&str> = model::MODELS.iter().map(|m| m.name).collect();
        let hint = super::suggest::nearest(&name, names.iter().copied())
            .map(|n| format!(" (did you mean \"{n}\"?)"))
            .unwrap_or_default();
        return Err(error(
            f.path("model"),
            span,
            format!(
                "unknown model \"{name}\"{hint}; expected one of {}",
                names.join(", ")
            ),
        ));
    };
    let mut values = BTreeMap::new();
    for p in info.params {
        let unit = if p.unit.is_empty() {
            String::new()
        } else {
            format!(" ({})", p.unit)
        };
        let value = match p.kind {
            ParamKind::Number {
                default,
                min,
                max,
                min_open,
                max_open,
            } => {
                let expected = format!(
                    "a number{unit} {} {min} and {} {max}",
                    if min_open { "above" } else { "from" },
                    if max_open { "below" } else { "up to" },
                );
                let ok = |n: f64| {
                    (if min_open { n > min } else { n >= min })
                        && (if max_open { n < max } else { n <= max })
                };
                Value::Number(f.number_where(p.key, ok, &expected)?.unwrap_or(default))
            }
            ParamKind::Numbers { min, max } => {
                let list = f.numbers(p.key)?.unwrap_or_default();
                if let Some(i) = list.iter().position(|v| *v < min || *v > max) {
                    return Err(error(
                        format!("{}[{i}]", f.path(p.key)),
                        f.span_of(p.key),
                        format!(
                            "expected a number{unit} from {min} to {max}, found {}",
                            list[i]
                        ),
                    ));
                }
                Value::Numbers(list)
            }
            ParamKind::Words {
                multiple,
                options,
                default,
            } => {
                let words = match f.get(p.key).map(|v| v.get_ref()) {
                    None => default.iter().map(|w| w.to_string()).collect(),
                    Some(toml::de::DeValue::String(s)) => vec![s.to_string()],
                    Some(_) => f.strings(p.key)?.unwrap_or_default(),
                };
                let list = options
                    .iter()
                    .map(|o| format!("\"{o}\""))
                    .collect::<Vec<_>>()
                    .join(", ");
                if words.is_empty() || (!multiple && words.len() > 1) {
                    let how = if multiple {
                        "one or more"
                    } else {
                        "exactly one"
                    };
                    return Err(error(
                        f.path(p.key),
                        f.span_of(p.key),
                        format!("expected {how} of {list}"),
                    ));
                }
                if let Some(bad) = words.iter().find(|w| !options.contains(&w.as_str())) {
                    let hint = super::suggest::nearest(bad, options.iter().copied())
                        .map(|n| format!(" (did you mean \"{n}\"?)"))
                        .unwrap_or_default();
                    return Err(error(
                        f.path(p.key),
                        f.span_of(p.key),
                        format!("expected one or more of {list}, found \"{bad}\"{hint}"),
                    ));
                }
                Value::Words(words)
            }
            ParamKind::Text { default } => {
                Value::Text(f.string(p.key)?.unwrap_or_else(|| default.to_string()))
            }
        };
        values.insert(p.key, value);
    }
    let mut overrides = Vec::new();
    for mut t in f.tables("series")? {
        let o = SeriesOverride {
            name: t.string("name")?,
            color: t.color("color")?,
            dash: t.choice(
                "dash",
                &[
                    ("solid", Dash::Solid),
                    ("dash", Dash::Dash),
                    ("dot", Dash::Dot),
                ],
            )?,
            markers: t.bool("markers")?,
            line_width: t.number("line-width", 0.5..12.0)?,
        };
        t.finish()?;
        overrides.push(o);
    }
    let path = f.path("");
    Ok(ModelSpec {
        info,
        values,
        span,
        path: path.trim_end_matches('.').to_string(),
        overrides,
    })
}
