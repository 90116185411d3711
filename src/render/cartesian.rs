//! The frame shared by bar, line and scatter panels: axis layout, grid, ticks, placement, titles,
//! and the plotters coordinate system that series are drawn through.

use plotters::coord::Shift;
use plotters::coord::types::RangedCoordf64;
use plotters::prelude::{Cartesian2d, DrawingArea, IntoDrawingArea};

use super::axis::{Framing, Scale, log_scale, log_tick_label, scale};
use crate::format::TickFormat;
use super::backend::{SvgBackend, to_backend};
use super::font::{self, Weight};
use super::geometry::Rect;
use super::sizes;
use super::svg::{Anchor, Svg};
use super::theme;
use crate::chart::Axis;

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

const TICK: f64 = 4.0;
const GAP: f64 = 4.0;
const TITLE_BAND: f64 = 20.0;
const ROTATE_DEG: f64 = 35.0;
const MAX_LABEL_LINES: usize = 3;

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
        let label = sizes::LABEL;
        let lh = line_height(label);
        let title_lines: Vec<String> = title
            .map(|t| font::wrap_to_width(t, area.w, sizes::PANEL_TITLE, Weight::Regular))
            .unwrap_or_default()
            .into_iter()
            .take(2)
            .collect();
        // Room above the plot: the panel title, and the part of the top tick label that
        // stands above the plot's top edge (it is centred on it).
        let tick_overhang = match (&y, y_axis.hidden) {
            (AxisInput::Value { .. }, false) => {
                font::ascent(label) - font::cap_height(label) / 2.0 + 1.0
            }
            _ => 0.0,
        };
        let top = if title_lines.is_empty() {
            tick_overhang.max(6.0)
        } else {
            title_lines.len() as f64 * line_height(sizes::PANEL_TITLE)
                + 4.0
                + tick_overhang.max(4.0)
        };
        let x_title_h = if x_axis.title.is_some() {
            TITLE_BAND
        } else {
            0.0
        };
        let y_title_w = if y_axis.title.is_some() {
            TITLE_BAND
        } else {
            0.0
        };

        // Vertical axis first: its labels decide the left margin.
        let est_h = (area.h - top - lh - GAP - TICK - x_title_h).max(20.0);
        let y_scale = match y {
            AxisInput::Value { lo, hi, framing } => {
                value_axis(lo, hi, framing, y_axis, est_h, 45.0)
            }
            AxisInput::Band(c) => AxisScale::Band(c.to_vec()),
        };
        let widest = tick_labels(&y_scale)
            .iter()
            .map(|l| font::text_width(l, label, Weight::Regular))
            .fold(0.0, f64::max);
        let left_label_width = if y_axis.hidden {
            0.0
        } else {
            widest.min(area.w * 0.3).ceil()
        };
        let left = y_title_w + left_label_width + if y_axis.hidden { 4.0 } else { GAP + TICK };

        // Horizontal axis: numeric ticks need room for half a label at the right end.
        let mut right = 8.0;
        let plot_w0 = (area.w - left - right).max(20.0);
        let x_scale = match x {
            AxisInput::Value { lo, hi, framing } => {
                // Space ticks by the width of their labels (estimated from the extremes).
                let probe = value_axis(lo, hi, framing, x_axis, plot_w0, 70.0);
                let widest = tick_labels(&probe)
                    .iter()
                    .map(|l| font::text_width(l, label, Weight::Regular))
                    .fold(0.0, f64::max);
                value_axis(lo, hi, framing, x_axis, plot_w0, (widest + 24.0).max(40.0))
            }
            AxisInput::Band(c) => AxisScale::Band(c.to_vec()),
        };
        if let AxisScale::Value(..) = x_scale
            && let Some(last) = tick_labels(&x_scale).last()
        {
            right = right.max(font::text_width(last, label, Weight::Regular) / 2.0 + 2.0);
        }
        let plot_w = (area.w - left - right).max(20.0);
        let (bottom, labels_h) = match &x_scale {
            AxisScale::Band(c) => {
                let band = plot_w / c.len().max(1) as f64;
                let avail = (band - 6.0).max(8.0);
                let wrapped: Vec<Vec<String>> = c
                    .iter()
                    .map(|l| font::wrap_to_width(l, avail, label, Weight::Regular))
                    .collect();
                // A label may spill past its band as long as it clears its neighbours.
                let widths: Vec<f64> = wrapped
                    .iter()
                    .map(|lines| {
                        lines
                            .iter()
                            .map(|l| font::text_width(l, label, Weight::Regular))
                            .fold(0.0, f64::max)
                    })
                    .collect();
                let fits = wrapped.iter().all(|lines| lines.len() <= MAX_LABEL_LINES)
                    && widths.windows(2).all(|p| (p[0] + p[1]) / 2.0 + 4.0 <= band)
                    && widths.iter().all(|w| *w <= band * 1.6);
                if fits {
                    let lines = wrapped.iter().map(Vec::len).max().unwrap_or(1).max(1);
                    (BottomLabels::Wrapped(wrapped), lines as f64 * lh)
                } else {
                    let widest = c
                        .iter()
                        .map(|l| font::text_width(l, label, Weight::Regular))
                        .fold(0.0, f64::max)
                        .min(max_rotated_width(area));
                    // Rotated labels need about one line height of band, measured across the
                    // slant; below that they stand upright, and below that they are thinned.
                    let needed = |deg: f64| lh / deg.to_radians().sin();
                    let (angle, every) = if band >= needed(ROTATE_DEG) {
                        (ROTATE_DEG, 1)
                    } else {
                        (90.0, (lh / band).ceil().max(1.0) as usize)
                    };
                    let (sin, cos) = f64::to_radians(angle).sin_cos();
                    (
                        BottomLabels::Rotated { angle, every },
                        widest * sin + font::ascent(label) * cos + 2.0,
                    )
                }
            }
            AxisScale::Value(..) => (BottomLabels::Wrapped(Vec::new()), lh),
        };
        let bottom_margin = if x_axis.hidden {
            x_title_h + 4.0
        } else {
            TICK + GAP + labels_h + x_title_h + 2.0
        };
        let plot = Rect::new(
            area.x + left,
            area.y + top,
            plot_w,
            (area.h - top - bottom_margin).max(20.0),
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
