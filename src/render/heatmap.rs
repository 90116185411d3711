//! Heatmaps: a grid of cells coloured on the panel's colour scale, with the colour bar beside
//! it. A given matrix (`z`) is drawn as it is, first row at the top, on category axes. Raw
//! samples are counted in cells: x into columns, values into rows.
//!
//! **Columns of samples**: `x-bins` equal columns over the x range; by default, on a time axis,
//! the shortest round period (1, 5, 10, 15, 30 s; 1, 5, 10, 15, 30 min; 1, 3, 6, 12 h; 1, 7 days)
//! that needs at most [`AUTO_COLUMNS`] columns, edges on its multiples since the epoch (UTC);
//! otherwise the smallest round width (1, 2 or 5 × 10ᵏ) that needs at most that many.
//! **Rows**: the histogram rules of `bins` (Freedman–Diaconis; log-spaced whole bins per decade
//! on a log y axis), or `y-bins` equal rows (equal ratios on a log axis). A value on an edge
//! belongs to the cell above it; the last edge is inclusive. Cells no sample fell in are left
//! empty, as are missing (`nan`) cells of a matrix.

use super::axis::Framing;
use super::bins;
use super::cartesian::{AxisInput, Frame};
use super::font::{self, Weight};
use super::geometry::Rect;
use super::obstacles::Obstacles;
use super::svg::Anchor;
use super::{Canvas, colorscale, overlays, sizes, theme};
use crate::chart::limits::MAX_HEAT_SIDE;
use crate::chart::{Bins, Color, ColorScale, HeatData, Panel, RefAxis, ScaleName, XValues};
use crate::format::{NumberFormat, format_value};

/// The most columns the automatic rule makes.
pub(crate) const AUTO_COLUMNS: usize = 60;
/// The most rows the automatic rule makes for samples: cells stay tall enough to see (and the
/// SVG small), and a log axis gets a whole number of rows per decade.
pub(crate) const AUTO_ROWS: usize = 30;

/// Round periods for time columns, in seconds.
const PERIODS: [f64; 16] = [
    1.0, 5.0, 10.0, 15.0, 30.0, 60.0, 300.0, 600.0, 900.0, 1800.0, 3600.0, 10800.0, 21600.0,
    43200.0, 86400.0, 604800.0,
];

/// One axis of the grid: named rows or columns, or bin edges (ascending).
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum Cells {
    /// Labels, in order (columns left to right, rows top to bottom).
    Labels(Vec<String>),
    /// Edges of bins, ascending.
    Edges(Vec<f64>),
}

impl Cells {
    /// How many cells along this axis.
    pub(crate) fn len(&self) -> usize {
        match self {
            Cells::Labels(l) => l.len(),
            Cells::Edges(e) => e.len().saturating_sub(1),
        }
    }
}

/// A heatmap's cells: `z[r][c]` is row `r` counted from the top, column `c` from the left
/// (NaN: missing; for samples a count, 0 where none fell).
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Grid {
    pub columns: Cells,
    pub rows: Cells,
    pub z: Vec<Vec<f64>>,
    /// Cells of samples: an empty cell (count 0) is not drawn.
    pub counts: bool,
}

/// The grid of a heatmap panel (empty when the panel has no heatmap).
pub(crate) fn grid(panel: &Panel) -> Grid {
    let empty = Grid {
        columns: Cells::Labels(Vec::new()),
        rows: Cells::Labels(Vec::new()),
        z: Vec::new(),
        counts: false,
    };
    let Some(h) = &panel.heatmap else {
        return empty;
    };
    match &h.data {
        HeatData::Matrix { columns, rows, z } => Grid {
            columns: Cells::Labels(columns.clone()),
            rows: Cells::Labels(rows.clone()),
            z: z.clone(),
            counts: false,
        },
        HeatData::Samples { x_bins, y_bins } => {
            let Some(s) = panel.series.first() else {
                return empty;
            };
            let XValues::Numbers(x) = &s.x else {
                return empty;
            };
            binned(panel, x, &s.y, *x_bins, *y_bins)
        }
    }
}

fn sorted(v: &[f64]) -> Vec<f64> {
    let mut v: Vec<f64> = v.iter().copied().filter(|v| v.is_finite()).collect();
    v.sort_unstable_by(f64::total_cmp);
    if v.is_empty() {
        v.push(1.0);
    }
    v
}

/// `edges`, or when they make more than [`AUTO_ROWS`] rows, coarser round ones: on a log axis
/// the most whole rows per decade that fit, else the smallest round width that fits.
fn at_most_auto_rows(edges: Vec<f64>, sorted: &[f64], log: bool) -> Vec<f64> {
    if edges.len() - 1 <= AUTO_ROWS {
        return edges;
    }
    let (lo, hi) = (sorted[0], sorted[sorted.len() - 1]);
    if log {
        let decades = (hi.log10().floor() - lo.log10().floor() + 1.0).max(1.0);
        let per = [10.0, 5.0, 4.0, 2.0, 1.0]
            .into_iter()
            .find(|k| decades * k <= AUTO_ROWS as f64)
            .unwrap_or(1.0);
        return bins::edges(sorted, Bins::Width(10f64.powf(1.0 / per)), true);
    }
    let mut w = bins::round_width((hi - lo) / AUTO_ROWS as f64);
    while (hi / w).floor() - (lo / w).floor() + 1.0 > AUTO_ROWS as f64 {
        w = bins::wider_round_width(w);
    }
    bins::edges(sorted, Bins::Width(w), false)
}

/// Edges with at most [`MAX_HEAT_SIDE`] bins: `edges` itself, or that many equal bins.
fn capped(edges: Vec<f64>, sorted: &[f64], log: bool) -> Vec<f64> {
    if edges.len() - 1 > MAX_HEAT_SIDE {
        bins::edges(sorted, Bins::Count(MAX_HEAT_SIDE), log)
    } else {
        edges
    }
}

/// The columns of sample positions `sorted` (see the module docs).
fn column_edges(sorted: &[f64], x_bins: Option<usize>, log: bool, time: bool) -> Vec<f64> {
    if let Some(n) = x_bins {
        return bins::edges(sorted, Bins::Count(n), log);
    }
    if log {
        return capped(bins::edges(sorted, Bins::Auto, true), sorted, true);
    }
    let (lo, hi) = (sorted[0], sorted[sorted.len() - 1]);
    let fits = |w: f64| ((hi / w).floor() - (lo / w).floor() + 1.0) <= AUTO_COLUMNS as f64;
    let width = if time {
        PERIODS.iter().copied().find(|p| fits(*p))
    } else {
        None
    };
    let width = width.unwrap_or_else(|| {
        let mut w = round_up(((hi - lo) / AUTO_COLUMNS as f64).max(f64::MIN_POSITIVE));
        while !fits(w) && w.is_finite() {
            w = round_up(w * 1.01);
        }
        w
    });
    if !width.is_finite() || width <= 0.0 || hi - lo > width * MAX_HEAT_SIDE as f64 * 2.0 {
        return bins::edges(sorted, Bins::Count(AUTO_COLUMNS), false);
    }
    let first = (lo / width).floor();
    let count = ((hi / width).floor() + 1.0 - first).clamp(1.0, AUTO_COLUMNS as f64) as usize;
    (0..=count).map(|i| (first + i as f64) * width).collect()
}

/// The smallest of 1, 2, 5 × 10ᵏ at or above `w`.
fn round_up(w: f64) -> f64 {
    let p = 10f64.powf(w.log10().floor());
    [1.0, 2.0, 5.0, 10.0]
        .into_iter()
        .map(|m| m * p)
        .find(|c| *c >= w * (1.0 - 1e-12))
        .unwrap_or(10.0 * p)
}

/// The index of the bin of `edges` that `v` falls in: a value on an edge belongs to the bin
/// above it, the last edge to the last bin.
pub(crate) fn bin_of(edges: &[f64], v: f64) -> usize {
    let n = edges.len().saturating_sub(1).max(1);
    edges
        .partition_point(|e| *e <= v)
        .saturating_sub(1)
        .min(n - 1)
}

fn binned(
    panel: &Panel,
    x: &[f64],
    values: &[f64],
    x_bins: Option<usize>,
    y_bins: Option<usize>,
) -> Grid {
    let xs = sorted(x);
    let vs = sorted(values);
    let columns = column_edges(&xs, x_bins, panel.x_axis.log, panel.x_axis.time.is_some());
    let log = panel.y_axis.log;
    let rows = match y_bins {
        Some(n) => bins::edges(&vs, Bins::Count(n), log),
        None => at_most_auto_rows(
            capped(bins::edges(&vs, Bins::Auto, log), &vs, log),
            &vs,
            log,
        ),
    };
    let (nc, nr) = (columns.len() - 1, rows.len() - 1);
    let mut z = vec![vec![0.0; nc]; nr];
    for (x, v) in x.iter().zip(values) {
        if !(x.is_finite() && v.is_finite()) {
            continue;
        }
        let c = bin_of(&columns, *x);
        let r = nr - 1 - bin_of(&rows, *v);
        z[r][c] += 1.0;
    }
    Grid {
        columns: Cells::Edges(columns),
        rows: Cells::Edges(rows),
        z,
        counts: true,
    }
}

impl Grid {
    /// Whether cell `v` is drawn (missing cells and empty sample cells are not).
    pub(crate) fn drawn(&self, v: f64) -> bool {
        v.is_finite() && !(self.counts && v == 0.0)
    }

    /// The smallest and largest drawn value.
    pub(crate) fn range(&self) -> Option<(f64, f64)> {
        let (lo, hi) = self
            .z
            .iter()
            .flatten()
            .filter(|v| self.drawn(**v))
            .fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), v| {
                (lo.min(*v), hi.max(*v))
            });
        (lo <= hi).then_some((lo, hi))
    }
}

/// The colour of value `v` when the scale spans `lo..hi` (a `colorscale::value_range`).
pub(crate) fn cell_color(name: ScaleName, v: f64, (lo, hi): (f64, f64)) -> Color {
    colorscale::sample(name, (v - lo) / (hi - lo))
}

/// The axis a grid direction is drawn on.
fn axis_input(cells: &Cells, extra: &[f64]) -> (Vec<String>, Option<(f64, f64)>) {
    match cells {
        Cells::Labels(l) => (l.clone(), None),
        Cells::Edges(e) => {
            let (lo, hi) = extra.iter().fold((e[0], e[e.len() - 1]), |(lo, hi), v| {
                (lo.min(*v), hi.max(*v))
            });
            (Vec::new(), Some((lo, hi)))
        }
    }
}

const AS_IS: Framing = Framing {
    include_zero: false,
    snap_to_ticks: false,
    pad: 0.0,
    integer: false,
};

/// Draws a heatmap panel into `area`.
pub(super) fn draw(canvas: &mut Canvas<'_>, panel: &Panel, area: Rect) {
    let grid = grid(panel);
    let (nr, nc) = (grid.rows.len(), grid.columns.len());
    if nr == 0 || nc == 0 {
        return;
    }
    let scale = panel.color_scale.clone().unwrap_or(ColorScale {
        name: ScaleName::Viridis,
        title: None,
    });
    let range = grid.range().map(|(lo, hi)| colorscale::value_range(lo, hi));
    let mut area = area;
    let mut bar = range;
    if bar.is_some() {
        if area.w >= colorscale::MIN_PANEL_WIDTH {
            area.w -= colorscale::BAR_STRIP;
        } else {
            if let Some(t) = &scale.title {
                canvas.svg.drop_text(t);
            }
            bar = None;
        }
    }
    let refs = |axis: RefAxis| -> Vec<f64> {
        panel
            .references
            .iter()
            .filter(|r| r.axis == axis)
            .map(|r| r.value)
            .collect()
    };
    let (x_names, x_span) = axis_input(&grid.columns, &refs(RefAxis::X));
    let (y_names, y_span) = axis_input(&grid.rows, &refs(RefAxis::Y));
    // Matrix rows are bands counted from the top, as bars' categories are in a horizontal bar
    // chart; reference lines and annotations name them counted from the top too.
    let x_input = match x_span {
        Some((lo, hi)) => AxisInput::Value {
            lo,
            hi,
            framing: AS_IS,
        },
        None => AxisInput::band(&x_names, refs(RefAxis::X)),
    };
    let y_input = match y_span {
        Some((lo, hi)) => AxisInput::Value {
            lo,
            hi,
            framing: AS_IS,
        },
        None => AxisInput::band(&y_names, refs(RefAxis::Y).iter().map(|v| nr as f64 - v)),
    };
    let frame = Frame::layout(
        area,
        panel.title.as_deref(),
        x_input,
        &panel.x_axis,
        y_input,
        &panel.y_axis,
    );
    let clip = canvas.clip_for(&frame);
    // Each cell's rectangle in the viewBox.
    let col_px: Vec<(f64, f64)> = (0..nc)
        .map(|c| match &grid.columns {
            Cells::Labels(_) => (frame.px(c as f64), frame.px(c as f64 + 1.0)),
            Cells::Edges(e) => (frame.px(e[c]), frame.px(e[c + 1])),
        })
        .collect();
    let row_px: Vec<(f64, f64)> = (0..nr)
        .map(|r| match &grid.rows {
            Cells::Labels(_) => (frame.py((nr - r) as f64), frame.py((nr - r - 1) as f64)),
            Cells::Edges(e) => {
                let b = nr - 1 - r;
                (frame.py(e[b + 1]), frame.py(e[b]))
            }
        })
        .collect();
    let span = range.unwrap_or((0.0, 1.0));
    // Crisp edges: anti-aliased neighbouring cells would leave hairline seams between them. The
    // class marks colours that encode values on the colour bar (the browser check holds series
    // colours, not these, to 3:1 against the page).
    canvas
        .svg
        .raw("<g class=\"color-scale\" shape-rendering=\"crispEdges\"");
    if let Some(c) = &clip {
        canvas.svg.raw(" clip-path=\"url(#").raw(c).raw(")\"");
    }
    canvas.svg.raw(">");
    // Each cell's tooltip: its row, its column and its value, as the data table writes them.
    let (row_names, column_names) = if canvas.svg.tooltips {
        (
            names(&grid.rows, &panel.y_axis, true),
            names(&grid.columns, &panel.x_axis, false),
        )
    } else {
        (Vec::new(), Vec::new())
    };
    for (r, row) in grid.z.iter().enumerate() {
        for (c, v) in row.iter().enumerate() {
            if !grid.drawn(*v) {
                continue;
            }
            if canvas.svg.full() {
                break;
            }
            let (x0, x1) = col_px[c];
            let (y0, y1) = row_px[r];
            let tip = match (row_names.get(r), column_names.get(c)) {
                (Some(row), Some(column)) => format!("{row}, {column}: {}", value_text(*v)),
                _ => String::new(),
            };
            canvas
                .svg
                .raw("<rect")
                .attr_num("x", x0.min(x1))
                .attr_num("y", y0.min(y1))
                .attr_num("width", (x1 - x0).abs())
                .attr_num("height", (y1 - y0).abs())
                .attr("fill", &cell_color(scale.name, *v, span).to_string())
                .tooltip("rect", &tip);
        }
    }
    canvas.svg.raw("</g>");
    frame.draw_axes(canvas.svg);
    if panel.heatmap.as_ref().is_some_and(|h| h.show_values) {
        draw_values(
            canvas, &grid, &col_px, &row_px, frame.plot, scale.name, span,
        );
    }
    let mut obstacles = Obstacles::new(frame.plot);
    // Row labels count from the top: a y of the author's (rows from 0) is flipped to the frame's.
    let flip = matches!(grid.rows, Cells::Labels(_));
    let references: Vec<_> = panel
        .references
        .iter()
        .map(|r| {
            let mut r = r.clone();
            if flip && r.axis == RefAxis::Y {
                r.value = nr as f64 - r.value;
            }
            r
        })
        .collect();
    let annotations: Vec<_> = panel
        .annotations
        .iter()
        .map(|a| {
            let mut a = a.clone();
            if flip {
                a.y = nr as f64 - a.y;
            }
            a
        })
        .collect();
    overlays::draw(
        canvas.svg,
        &frame,
        &references,
        &annotations,
        &mut obstacles,
    );
    if let Some((lo, hi)) = bar {
        let strip = Rect::new(
            area.right() + 8.0,
            frame.plot.y,
            colorscale::BAR_STRIP - 8.0,
            frame.plot.h,
        );
        let id = canvas.next_id("s");
        colorscale::draw_bar(canvas.svg, &id, strip, &scale, lo, hi);
    }
}

/// Room left around a value written in a cell.
const VALUE_PAD: f64 = 2.0;

/// The part of the span `a..b` (either way round) inside `lo..hi`, if any.
fn visible((a, b): (f64, f64), lo: f64, hi: f64) -> Option<(f64, f64)> {
    let (a, b) = (a.min(b).max(lo), a.max(b).min(hi));
    (b > a).then_some((a, b))
}

/// Each drawn cell's value, centred on the part of the cell inside `plot` (an axis range may
/// cut cells), in white or black (whichever has 4.5:1 against the cell), where it fits whole;
/// cells too small (or outside the plot) get none.
fn draw_values(
    canvas: &mut Canvas<'_>,
    grid: &Grid,
    col_px: &[(f64, f64)],
    row_px: &[(f64, f64)],
    plot: Rect,
    name: ScaleName,
    span: (f64, f64),
) {
    let size = sizes::SMALL;
    let format = NumberFormat::default_axis();
    let height = font::ascent(size) + font::descent(size);
    for ink in [Color(0xff, 0xff, 0xff), Color(0, 0, 0)] {
        let mut open = false;
        for (r, row) in grid.z.iter().enumerate() {
            let Some((y0, y1)) = visible(row_px[r], plot.y, plot.bottom()) else {
                continue;
            };
            if y1 - y0 < height + VALUE_PAD {
                continue;
            }
            for (c, v) in row.iter().enumerate() {
                if !grid.drawn(*v) {
                    continue;
                }
                let fill = cell_color(name, *v, span);
                if theme::ink_on(fill) != ink {
                    continue;
                }
                let Some((x0, x1)) = visible(col_px[c], plot.x, plot.right()) else {
                    continue;
                };
                // The exact value where it fits, else the axis' short form (1.2k).
                let room = x1 - x0 - 2.0 * VALUE_PAD;
                let exact = crate::format::format_exact(*v);
                let text = if font::text_width(&exact, size, Weight::Regular) <= room {
                    exact
                } else {
                    format_value(*v, &format)
                };
                if font::text_width(&text, size, Weight::Regular) > room {
                    continue;
                }
                if !open {
                    canvas.svg.raw("<g").attr("fill", &ink.to_string()).raw(">");
                    open = true;
                }
                let cy = (y0 + y1) / 2.0;
                let baseline = cy + (font::ascent(size) - font::descent(size)) / 2.0;
                canvas.svg.label(
                    (x0 + x1) / 2.0,
                    baseline,
                    Anchor::Middle,
                    size,
                    Weight::Regular,
                    &text,
                );
            }
        }
        if open {
            canvas.svg.raw("</g>");
        }
    }
}

/// Past this many cells, a heatmap of samples lists only its non-empty cells, one per row.
const LONG_TABLE_CELLS: usize = 2_000;

/// A bin's range as the table writes it: `from – to` (times in ISO form on a time axis).
fn range_text(e: &[f64], i: usize, axis: &crate::chart::Axis) -> String {
    let one = |v: f64| match &axis.time {
        Some(t) => crate::time::iso(v, &t.zone),
        None => crate::format::format_exact(v),
    };
    format!("{} – {}", one(e[i]), one(e[i + 1]))
}

/// Labels of a grid direction, for the table and the description.
fn names(cells: &Cells, axis: &crate::chart::Axis, top_first: bool) -> Vec<String> {
    match cells {
        Cells::Labels(l) => l.clone(),
        Cells::Edges(e) => {
            let n = e.len() - 1;
            (0..n)
                .map(|i| range_text(e, if top_first { n - 1 - i } else { i }, axis))
                .collect()
        }
    }
}

/// A cell's value as the table writes it.
fn value_text(v: f64) -> String {
    if v.is_nan() {
        "missing".into()
    } else {
        crate::format::format_exact(v)
    }
}

/// The data table: rows × columns as drawn (first row at the top); missing cells say
/// "missing". A large grid of samples lists its non-empty cells instead.
pub(super) fn table(out: &mut String, panel: &Panel) {
    use super::table::cell;
    let grid = grid(panel);
    let cols = names(&grid.columns, &panel.x_axis, false);
    let rows = names(&grid.rows, &panel.y_axis, true);
    let x_head = panel.x_axis.title.clone().unwrap_or_else(|| "x".into());
    let y_head = panel.y_axis.title.clone().unwrap_or_else(|| "y".into());
    if grid.counts && cols.len() * rows.len() > LONG_TABLE_CELLS {
        out.push_str("<thead><tr>");
        for head in [x_head.as_str(), y_head.as_str(), "Count"] {
            cell(out, "th", head);
        }
        out.push_str("</tr></thead><tbody>");
        for (c, col) in cols.iter().enumerate() {
            for (r, row) in rows.iter().enumerate().rev() {
                let v = grid.z[r][c];
                if v > 0.0 {
                    out.push_str("<tr>");
                    cell(out, "td", col);
                    cell(out, "td", row);
                    cell(out, "td", &value_text(v));
                    out.push_str("</tr>");
                }
            }
        }
        out.push_str("</tbody>");
        return;
    }
    out.push_str("<thead><tr>");
    cell(out, "th", &format!("{y_head} \\ {x_head}"));
    for c in &cols {
        cell(out, "th", c);
    }
    out.push_str("</tr></thead><tbody>");
    for (row, values) in rows.iter().zip(&grid.z) {
        out.push_str("<tr>");
        cell(out, "th", row);
        for v in values {
            cell(out, "td", &value_text(*v));
        }
        out.push_str("</tr>");
    }
    out.push_str("</tbody>");
}

/// The description: the grid's size, its range of values with where the highest and lowest
/// are, and how many cells are missing or empty.
pub(super) fn describe(out: &mut String, panel: &Panel) {
    use crate::format::format_exact;
    let grid = grid(panel);
    let cols = names(&grid.columns, &panel.x_axis, false);
    let rows = names(&grid.rows, &panel.y_axis, true);
    let what = if grid.counts {
        let n = panel.series.first().map_or(0, |s| s.y.len());
        format!("{n} samples counted in ")
    } else {
        String::new()
    };
    out.push_str(&format!(
        "{what}{} rows × {} columns of cells, coloured by {}. ",
        rows.len(),
        cols.len(),
        if grid.counts { "count" } else { "value" }
    ));
    let mut best: Option<(f64, usize, usize)> = None;
    let mut worst: Option<(f64, usize, usize)> = None;
    let mut skipped = 0;
    for (r, row) in grid.z.iter().enumerate() {
        for (c, v) in row.iter().enumerate() {
            if !grid.drawn(*v) {
                skipped += 1;
                continue;
            }
            if best.is_none_or(|b| *v > b.0) {
                best = Some((*v, r, c));
            }
            if worst.is_none_or(|b| *v < b.0) {
                worst = Some((*v, r, c));
            }
        }
    }
    if let (Some(hi), Some(lo)) = (best, worst) {
        out.push_str(&format!(
            "Highest {} at {}, {}; lowest {} at {}, {}. ",
            format_exact(hi.0),
            rows[hi.1],
            cols[hi.2],
            format_exact(lo.0),
            rows[lo.1],
            cols[lo.2]
        ));
    }
    if skipped > 0 {
        let (noun, verb) = if skipped == 1 {
            ("cell", "is")
        } else {
            ("cells", "are")
        };
        let state = if grid.counts { "empty" } else { "missing" };
        out.push_str(&format!("{skipped} {noun} {verb} {state}. "));
    }
}
