//! The frame shared by bar, line and scatter panels: axis layout, grid, ticks, placement, titles,
//! and the plotters coordinate system that series are drawn through.

use plotters::coord::Shift;
use plotters::coord::types::RangedCoordf64;
use plotters::prelude::{Cartesian2d, DrawingArea, IntoDrawingArea};

use super::axis::{Framing, Scale, log_scale, log_tick_label, scale};
use super::backend::{SvgBackend, to_backend};
use super::font::{self, Weight};
use super::geometry::Rect;
use super::sizes;
use super::svg::{Anchor, Svg};
use super::theme;
use crate::chart::Axis;
use crate::format::TickFormat;

/// A drawing area in data coordinates, writing through [`SvgBackend`].
pub type PlotArea<'a> = DrawingArea<SvgBackend<'a>, Cartesian2d<RangedCoordf64, RangedCoordf64>>;

/// What one axis shows.
#[derive(Clone, Debug)]
pub enum AxisInput<'a> {
    /// Numbers spanning `lo..=hi`, framed as asked.
    Value {
        /// Smallest data value.
        lo: f64,
        /// Largest data value.
        hi: f64,
        /// Zero, padding and tick snapping.
        framing: Framing,
    },
    /// Named categories, one band each.
    Band(&'a [String]),
}

/// A laid-out axis.
#[derive(Clone, Debug)]
pub enum AxisScale {
    /// A numeric axis.
    Value(Scale, TickFormat),
    /// A category axis over `0..n`; category `i` is centred at `i + 0.5`.
    Band(Vec<String>),
}

/// The label of tick `t` (an exponent on log scales).
fn tick_label(s: &Scale, f: &TickFormat, t: f64) -> String {
    if s.log {
        log_tick_label(t, f.number_format())
    } else {
        f.format(t)
    }
}

impl AxisScale {
    /// Maps a data value into plotting space (log10 on log axes).
    pub fn to_space(&self, v: f64) -> f64 {
        match self {
            AxisScale::Value(s, _) => s.to_space(v),
            AxisScale::Band(_) => v,
        }
    }

    /// Data range of the axis.
    pub fn range(&self) -> (f64, f64) {
        match self {
            AxisScale::Value(s, _) => (s.lo, s.hi),
            AxisScale::Band(c) => (0.0, c.len().max(1) as f64),
        }
    }
}

/// How category labels on the bottom axis are arranged.
#[derive(Clone, Debug, PartialEq)]
enum BottomLabels {
    /// Horizontal, wrapped onto up to three lines each.
    Wrapped(Vec<Vec<String>>),
    /// Rotated counter-clockwise by `angle` degrees, anchored at their end; only every
    /// `every`-th label is written when even vertical labels would collide.
    Rotated {
        /// Degrees (35 when there is room between ticks, else 90).
        angle: f64,
        /// Label stride (1 = all).
        every: usize,
    },
}

/// A panel's plot rectangle and its two axes.
#[derive(Clone, Debug)]
pub struct Frame {
    /// Where data is drawn.
    pub plot: Rect,
    /// The whole panel area (titles and labels included).
    pub area: Rect,
    /// Horizontal axis.
    pub x: AxisScale,
    /// Vertical axis.
    pub y: AxisScale,
    x_axis: Axis,
    y_axis: Axis,
    bottom: BottomLabels,
    left_label_width: f64,
    title: Vec<String>,
}

/// Length of a tick mark.
const TICK: f64 = 4.0;
/// Gap between a tick mark and its label.
const GAP: f64 = 4.0;
/// Room for an axis title (its line and the gap to the tick labels).
const TITLE_BAND: f64 = 20.0;
/// Slant of category labels too wide to stand side by side.
const ROTATE_DEG: f64 = 35.0;
/// Most lines a wrapped category label may take before labels are slanted instead.
const MAX_LABEL_LINES: usize = 3;
/// Most lines of a panel title.
const MAX_TITLE_LINES: usize = 2;
/// Room above the plot when the panel has no title / below a panel title.
const MIN_TOP: f64 = 6.0;
const MIN_TOP_UNDER_TITLE: f64 = 4.0;
/// Gap between a panel title and the plot.
const TITLE_GAP: f64 = 4.0;
/// Smallest plot side; a panel too small for labels still gets a plot.
const MIN_PLOT: f64 = 20.0;
/// Margin left of the plot when the vertical axis is hidden, and below it when the horizontal
/// one is.
const HIDDEN_AXIS_MARGIN: f64 = 4.0;
/// Right margin, widened to half the last numeric tick label when that is wider.
const RIGHT_MARGIN: f64 = 8.0;
/// Most of the panel width the vertical tick labels may take.
const MAX_LEFT_LABELS_SHARE: f64 = 0.3;
/// Vertical space per tick on a value axis.
const Y_TICK_SPACING: f64 = 45.0;
/// Horizontal space per tick for the first guess at the tick labels, then the widest label plus
/// this padding (at least the minimum).
const X_TICK_PROBE_SPACING: f64 = 70.0;
const X_TICK_LABEL_PADDING: f64 = 24.0;
const MIN_X_TICK_SPACING: f64 = 40.0;
/// Horizontal padding inside a category band, and the narrowest a wrapped label may get.
const BAND_PADDING: f64 = 6.0;
const MIN_BAND_LABEL_WIDTH: f64 = 8.0;
/// Space kept between neighbouring category labels; how far past its band (as a multiple of the
/// band) a label may spill into free neighbour space.
const LABEL_CLEARANCE: f64 = 4.0;
const MAX_LABEL_SPILL: f64 = 1.6;
/// Small paddings: above the top tick label's overhang, below slanted labels and below the
/// bottom labels.
const OVERHANG_PAD: f64 = 1.0;
const SLANTED_PAD: f64 = 2.0;
const BOTTOM_PAD: f64 = 2.0;

fn line_height(size: f64) -> f64 {
    size * sizes::LINE
}

fn value_axis(
    lo: f64,
    hi: f64,
    framing: Framing,
    axis: &Axis,
    length: f64,
    spacing: f64,
) -> AxisScale {
    let max_ticks = ((length / spacing).floor() as usize).clamp(2, 10);
    let s = if axis.log {
        log_scale(lo, hi, axis, max_ticks)
    } else {
        scale(lo, hi, axis, framing, max_ticks)
    };
    let max_abs = s.ticks.iter().fold(0.0f64, |m, t| m.max(t.abs()));
    let fmt = TickFormat::new(s.step, max_abs, &axis.format);
    AxisScale::Value(s, fmt)
}

fn tick_labels(scale: &AxisScale) -> Vec<String> {
    match scale {
        AxisScale::Value(s, f) => s.ticks.iter().map(|t| tick_label(s, f, *t)).collect(),
        AxisScale::Band(c) => c.clone(),
    }
}

/// The panel title, wrapped to the panel's width.
fn title_lines(title: Option<&str>, width: f64) -> Vec<String> {
    title
        .map(|t| font::wrap_to_width(t, width, sizes::PANEL_TITLE, Weight::Regular))
        .unwrap_or_default()
        .into_iter()
        .take(MAX_TITLE_LINES)
        .collect()
}

/// Room above the plot: the panel title, and the part of the top tick label that stands above
/// the plot's top edge (it is centred on it).
fn top_margin(title_lines: &[String], y: &AxisInput<'_>, y_axis: &Axis) -> f64 {
    let label = sizes::LABEL;
    let tick_overhang = match (y, y_axis.hidden) {
        (AxisInput::Value { .. }, false) => {
            font::ascent(label) - font::cap_height(label) / 2.0 + OVERHANG_PAD
        }
        _ => 0.0,
    };
    if title_lines.is_empty() {
        tick_overhang.max(MIN_TOP)
    } else {
        title_lines.len() as f64 * line_height(sizes::PANEL_TITLE)
            + TITLE_GAP
            + tick_overhang.max(MIN_TOP_UNDER_TITLE)
    }
}

/// Room for an axis title, if the axis has one.
fn title_band(axis: &Axis) -> f64 {
    if axis.title.is_some() {
        TITLE_BAND
    } else {
        0.0
    }
}

/// The widest of `labels` at the tick-label size.
fn widest(labels: &[String]) -> f64 {
    labels
        .iter()
        .map(|l| font::text_width(l, sizes::LABEL, Weight::Regular))
        .fold(0.0, f64::max)
}

/// The horizontal scale, with ticks spaced by the width of their labels (estimated from a first
/// guess), and the right margin it needs.
fn horizontal_axis(x: AxisInput<'_>, x_axis: &Axis, plot_w: f64) -> (AxisScale, f64) {
    let scale = match x {
        AxisInput::Value { lo, hi, framing } => {
            let probe = value_axis(lo, hi, framing, x_axis, plot_w, X_TICK_PROBE_SPACING);
            let spacing =
                (widest(&tick_labels(&probe)) + X_TICK_LABEL_PADDING).max(MIN_X_TICK_SPACING);
            value_axis(lo, hi, framing, x_axis, plot_w, spacing)
        }
        AxisInput::Band(c) => AxisScale::Band(c.to_vec()),
    };
    let mut right = RIGHT_MARGIN;
    // Numeric ticks need room for half a label at the right end.
    if let AxisScale::Value(..) = scale
        && let Some(last) = tick_labels(&scale).last()
    {
        right = right.max(font::text_width(last, sizes::LABEL, Weight::Regular) / 2.0 + 2.0);
    }
    (scale, right)
}

/// How the category labels under a band axis are written (wrapped side by side, or slanted,
/// upright and thinned when bands are narrow) and the height they take.
fn band_labels(categories: &[String], plot_w: f64, area: Rect) -> (BottomLabels, f64) {
    let label = sizes::LABEL;
    let lh = line_height(label);
    let band = plot_w / categories.len().max(1) as f64;
    let avail = (band - BAND_PADDING).max(MIN_BAND_LABEL_WIDTH);
    let wrapped: Vec<Vec<String>> = categories
        .iter()
        .map(|l| font::wrap_to_width(l, avail, label, Weight::Regular))
        .collect();
    // A label may spill past its band as long as it clears its neighbours.
    let widths: Vec<f64> = wrapped.iter().map(|lines| widest(lines)).collect();
    let fits = wrapped.iter().all(|lines| lines.len() <= MAX_LABEL_LINES)
        && widths
            .windows(2)
            .all(|p| (p[0] + p[1]) / 2.0 + LABEL_CLEARANCE <= band)
        && widths.iter().all(|w| *w <= band * MAX_LABEL_SPILL);
    if fits {
        let lines = wrapped.iter().map(Vec::len).max().unwrap_or(1).max(1);
        return (BottomLabels::Wrapped(wrapped), lines as f64 * lh);
    }
    let widest = widest(categories).min(max_rotated_width(area));
    // Rotated labels need about one line height of band, measured across the slant; below that
    // they stand upright, and below that they are thinned.
    let needed = |deg: f64| lh / deg.to_radians().sin();
    let (angle, every) = if band >= needed(ROTATE_DEG) {
        (ROTATE_DEG, 1)
    } else {
        (90.0, (lh / band).ceil().max(1.0) as usize)
    };
    let (sin, cos) = f64::to_radians(angle).sin_cos();
    (
        BottomLabels::Rotated { angle, every },
        widest * sin + font::ascent(label) * cos + SLANTED_PAD,
    )
}

impl Frame {
    /// Lays out a panel in `area`: measures tick labels and titles, and leaves the rest to the plot.
    pub fn layout(
        area: Rect,
        title: Option<&str>,
        x: AxisInput<'_>,
        x_axis: &Axis,
        y: AxisInput<'_>,
        y_axis: &Axis,
    ) -> Frame {
        let lh = line_height(sizes::LABEL);
        let title_lines = title_lines(title, area.w);
        let top = top_margin(&title_lines, &y, y_axis);
        let x_title_h = title_band(x_axis);
        let y_title_w = title_band(y_axis);

        // Vertical axis first: its labels decide the left margin.
        let est_h = (area.h - top - lh - GAP - TICK - x_title_h).max(MIN_PLOT);
        let y_scale = match y {
            AxisInput::Value { lo, hi, framing } => {
                value_axis(lo, hi, framing, y_axis, est_h, Y_TICK_SPACING)
            }
            AxisInput::Band(c) => AxisScale::Band(c.to_vec()),
        };
        let left_label_width = if y_axis.hidden {
            0.0
        } else {
            widest(&tick_labels(&y_scale))
                .min(area.w * MAX_LEFT_LABELS_SHARE)
                .ceil()
        };
        let left = y_title_w
            + left_label_width
            + if y_axis.hidden {
                HIDDEN_AXIS_MARGIN
            } else {
                GAP + TICK
            };

        let (x_scale, right) =
            horizontal_axis(x, x_axis, (area.w - left - RIGHT_MARGIN).max(MIN_PLOT));
        let plot_w = (area.w - left - right).max(MIN_PLOT);
        let (bottom, labels_h) = match &x_scale {
            AxisScale::Band(c) => band_labels(c, plot_w, area),
            AxisScale::Value(..) => (BottomLabels::Wrapped(Vec::new()), lh),
        };
        let bottom_margin = if x_axis.hidden {
            x_title_h + HIDDEN_AXIS_MARGIN
        } else {
            TICK + GAP + labels_h + x_title_h + BOTTOM_PAD
        };
        let plot = Rect::new(
            area.x + left,
            area.y + top,
            plot_w,
            (area.h - top - bottom_margin).max(MIN_PLOT),
        );
        Frame {
            plot,
            area,
            x: x_scale,
            y: y_scale,
            x_axis: x_axis.clone(),
            y_axis: y_axis.clone(),
            bottom,
            left_label_width,
            title: title_lines,
        }
    }

    /// True when an axis range was given explicitly, so data may fall outside the plot.
    pub fn has_explicit_range(&self) -> bool {
        [&self.x_axis, &self.y_axis]
            .iter()
            .any(|a| a.min.is_some() || a.max.is_some())
    }

    /// Horizontal viewBox position of data value `x`.
    pub fn px(&self, x: f64) -> f64 {
        let (lo, hi) = self.x.range();
        self.plot.x + (self.x.to_space(x) - lo) / (hi - lo) * self.plot.w
    }

    /// Vertical viewBox position of data value `y`.
    pub fn py(&self, y: f64) -> f64 {
        let (lo, hi) = self.y.range();
        self.plot.bottom() - (self.y.to_space(y) - lo) / (hi - lo) * self.plot.h
    }

    /// Horizontal position of a value already in scale space (a tick).
    fn tick_x(&self, t: f64) -> f64 {
        let (lo, hi) = self.x.range();
        self.plot.x + (t - lo) / (hi - lo) * self.plot.w
    }

    /// Vertical position of a value already in scale space (a tick).
    fn tick_y(&self, t: f64) -> f64 {
        let (lo, hi) = self.y.range();
        self.plot.bottom() - (t - lo) / (hi - lo) * self.plot.h
    }

    /// A data point in the plotting space handed to plotters (log axes take log10), kept
    /// within a thousand axis spans of the plot: plotters maps to `i32` pixels, which far
    /// outliers (beyond an explicit range) would overflow. Clipping hides the difference.
    pub fn to_space(&self, (x, y): (f64, f64)) -> (f64, f64) {
        let keep = |v: f64, (lo, hi): (f64, f64)| {
            let span = (hi - lo).abs();
            if v.is_nan() {
                lo
            } else {
                v.clamp(lo - 1000.0 * span, hi + 1000.0 * span)
            }
        };
        (
            keep(self.x.to_space(x), self.x.range()),
            keep(self.y.to_space(y), self.y.range()),
        )
    }

    /// Shrinks the plot so one x unit and one y unit have the same length, centred.
    pub fn equalize(&mut self) {
        let (x0, x1) = self.x.range();
        let (y0, y1) = self.y.range();
        let k = (self.plot.w / (x1 - x0)).min(self.plot.h / (y1 - y0));
        if !k.is_finite() || k <= 0.0 {
            return;
        }
        let (w, h) = ((x1 - x0) * k, (y1 - y0) * k);
        self.plot = Rect::new(
            self.plot.x + (self.plot.w - w) / 2.0,
            self.plot.y + (self.plot.h - h) / 2.0,
            w,
            h,
        );
    }

    /// Runs `draw` with a plotters drawing area mapped onto this frame's plot rectangle.
    pub fn plot_with<T>(
        &self,
        out: &mut String,
        width: f64,
        height: f64,
        draw: impl FnOnce(&PlotArea<'_>) -> T,
    ) -> T {
        let root: DrawingArea<SvgBackend<'_>, Shift> =
            SvgBackend::new(out, width, height).into_drawing_area();
        let (x0, x1) = self.x.range();
        let (y0, y1) = self.y.range();
        let coords = Cartesian2d::<RangedCoordf64, RangedCoordf64>::new(
            x0..x1,
            y0..y1,
            (
                to_backend(self.plot.x)..to_backend(self.plot.right()),
                to_backend(self.plot.bottom())..to_backend(self.plot.y),
            ),
        );
        let area = root.apply_coord_spec(coords);
        draw(&area)
    }

    /// Grid lines, drawn under the data.
    pub fn draw_grid(&self, svg: &mut Svg) {
        let mut d = String::new();
        if let (AxisScale::Value(s, _), true) = (&self.y, self.y_axis.grid) {
            for t in &s.ticks {
                let y = self.tick_y(*t);
                d.push('M');
                super::svg::push_num(&mut d, self.plot.x);
                d.push(',');
                super::svg::push_num(&mut d, y);
                d.push('h');
                super::svg::push_num(&mut d, self.plot.w);
            }
        }
        if let (AxisScale::Value(s, _), true) = (&self.x, self.x_axis.grid) {
            for t in &s.ticks {
                let x = self.tick_x(*t);
                d.push('M');
                super::svg::push_num(&mut d, x);
                d.push(',');
                super::svg::push_num(&mut d, self.plot.y);
                d.push('v');
                super::svg::push_num(&mut d, self.plot.h);
            }
        }
        if !d.is_empty() {
            svg.raw(theme::GRID_GROUP)
                .raw("<path d=\"")
                .raw(&d)
                .raw("\"/></g>");
        }
    }

    /// Axis lines, ticks, tick labels and titles, drawn over the data.
    pub fn draw_axes(&self, svg: &mut Svg) {
        let p = self.plot;
        let mut d = String::new();
        let seg = |d: &mut String, x: f64, y: f64, dx: f64, dy: f64| {
            d.push('M');
            super::svg::push_num(d, x);
            d.push(',');
            super::svg::push_num(d, y);
            if dx != 0.0 {
                d.push('h');
                super::svg::push_num(d, dx);
            } else {
                d.push('v');
                super::svg::push_num(d, dy);
            }
        };
        let (x_shown, y_shown) = (!self.x_axis.hidden, !self.y_axis.hidden);
        // Axis lines: bottom and left edges, plus a zero line when zero is inside a value range.
        if x_shown {
            seg(&mut d, p.x, p.bottom(), p.w, 0.0);
        }
        if y_shown {
            seg(&mut d, p.x, p.y, 0.0, p.h);
        }
        if let AxisScale::Value(s, _) = &self.y
            && y_shown
            && !s.log
            && s.lo < 0.0
            && s.hi > 0.0
        {
            seg(&mut d, p.x, self.py(0.0), p.w, 0.0);
        }
        if let AxisScale::Value(s, _) = &self.x
            && x_shown
            && !s.log
            && s.lo < 0.0
            && s.hi > 0.0
        {
            seg(&mut d, self.px(0.0), p.y, 0.0, p.h);
        }
        if let (AxisScale::Value(s, _), true) = (&self.y, y_shown) {
            for t in &s.ticks {
                seg(&mut d, p.x - TICK, self.tick_y(*t), TICK, 0.0);
            }
        }
        if let (AxisScale::Value(s, _), true) = (&self.x, x_shown) {
            for t in &s.ticks {
                seg(&mut d, self.tick_x(*t), p.bottom(), 0.0, TICK);
            }
        }
        if !d.is_empty() {
            svg.raw(theme::AXIS_GROUP)
                .raw("<path d=\"")
                .raw(&d)
                .raw("\"/></g>");
        }

        svg.raw(theme::TEXT_GROUP);
        if y_shown {
            self.draw_y_labels(svg);
        }
        if x_shown {
            self.draw_x_labels(svg);
        }
        self.draw_titles(svg);
        svg.raw("</g>");
    }

    fn draw_y_labels(&self, svg: &mut Svg) {
        let size = sizes::LABEL;
        let x = self.plot.x - TICK - GAP;
        let half_cap = font::cap_height(size) / 2.0;
        match &self.y {
            AxisScale::Value(s, f) => {
                for t in &s.ticks {
                    svg.label(
                        x,
                        self.tick_y(*t) + half_cap,
                        Anchor::End,
                        size,
                        Weight::Regular,
                        &tick_label(s, f, *t),
                    );
                }
            }
            AxisScale::Band(c) => {
                let n = c.len();
                for (i, name) in c.iter().enumerate() {
                    let y = self.py((n - i) as f64 - 0.5) + half_cap;
                    svg.fitted_label(
                        x,
                        y,
                        Anchor::End,
                        size,
                        Weight::Regular,
                        name,
                        self.left_label_width,
                    );
                }
            }
        }
    }

    fn draw_x_labels(&self, svg: &mut Svg) {
        let size = sizes::LABEL;
        let lh = line_height(size);
        let top = self.plot.bottom() + TICK + GAP;
        let baseline = top + font::ascent(size);
        match (&self.x, &self.bottom) {
            (AxisScale::Value(s, f), _) => {
                for t in &s.ticks {
                    svg.label(
                        self.tick_x(*t),
                        baseline,
                        Anchor::Middle,
                        size,
                        Weight::Regular,
                        &tick_label(s, f, *t),
                    );
                }
            }
            (AxisScale::Band(_), BottomLabels::Wrapped(lines)) => {
                for (i, label_lines) in lines.iter().enumerate() {
                    let x = self.px(i as f64 + 0.5);
                    for (j, line) in label_lines.iter().enumerate() {
                        svg.label(
                            x,
                            baseline + j as f64 * lh,
                            Anchor::Middle,
                            size,
                            Weight::Regular,
                            line,
                        );
                    }
                }
            }
            (AxisScale::Band(c), BottomLabels::Rotated { angle, every }) => {
                let max_w = max_rotated_width(self.area);
                for (i, name) in c.iter().enumerate().step_by(*every) {
                    let x = self.px(i as f64 + 0.5);
                    let y = top + font::cap_height(size) * 0.5;
                    svg.raw("<g transform=\"rotate(-");
                    svg.num(*angle).raw(" ").num(x).raw(" ").num(y).raw(")\">");
                    svg.fitted_label(
                        x,
                        y + font::cap_height(size) / 2.0,
                        Anchor::End,
                        size,
                        Weight::Regular,
                        name,
                        max_w,
                    );
                    svg.raw("</g>");
                }
            }
        }
    }

    fn draw_titles(&self, svg: &mut Svg) {
        let size = sizes::AXIS_TITLE;
        for (i, t) in self.title.iter().enumerate() {
            let y = self.area.y
                + font::ascent(sizes::PANEL_TITLE)
                + i as f64 * line_height(sizes::PANEL_TITLE);
            svg.fitted_label(
                self.area.x + self.area.w / 2.0,
                y,
                Anchor::Middle,
                sizes::PANEL_TITLE,
                Weight::Regular,
                t,
                self.area.w,
            );
        }
        if let Some(t) = &self.x_axis.title {
            let y = self.area.bottom() - font::descent(size) - 1.0;
            svg.fitted_label(
                self.plot.x + self.plot.w / 2.0,
                y,
                Anchor::Middle,
                size,
                Weight::Regular,
                t,
                self.area.w,
            );
        }
        if let Some(t) = &self.y_axis.title {
            let x = self.area.x + font::ascent(size);
            let y = self.plot.y + self.plot.h / 2.0;
            svg.raw("<g transform=\"rotate(-90 ");
            svg.num(x).raw(" ").num(y).raw(")\">");
            svg.fitted_label(
                x,
                y,
                Anchor::Middle,
                size,
                Weight::Regular,
                t,
                self.plot.h + 40.0,
            );
            svg.raw("</g>");
        }
    }
}

fn max_rotated_width(area: Rect) -> f64 {
    (area.h * 0.5).clamp(40.0, 220.0)
}
