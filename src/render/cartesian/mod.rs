//! The frame shared by every panel with axes: its layout (margins, tick spacing, how category
//! labels fit) here with named layout constants, and the mapping from data to viewBox
//! coordinates (`px`, `py`) that marks are drawn at; `scale` says what each axis shows (values,
//! categories, times, nines) and `draw` draws the laid-out frame (grid, axes, labels, titles).

use super::axis::{Framing, Scale, log_scale, log_tick_label, scale};
use super::font::{self, Weight};
use super::geometry::Rect;
use super::sizes;
use super::svg::{Anchor, Svg};
use super::theme;
use crate::chart::Axis;
use crate::format::{self, TickFormat};

mod draw;
mod scale;

pub(in crate::render) use scale::{AxisInput, AxisScale};
use scale::{tick_label, tick_labels, value_axis};

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

/// What a panel's frame shows besides the plot. A panel too small for all of it gives parts up,
/// the smallest loss first (see [`Frame::layout`]); the author's text among them (titles) is
/// listed as not drawn in the panel's `<title>`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Parts {
    /// Most lines of the panel title (2, then 1, then none).
    title_lines: usize,
    /// The horizontal axis' title.
    x_title: bool,
    /// The vertical axis' title.
    y_title: bool,
    /// Tick marks and labels under the plot.
    x_labels: bool,
    /// Tick marks and labels left of the plot.
    y_labels: bool,
}

impl Parts {
    /// Gives up the next part that takes height, if any.
    fn shorter(self) -> Option<Parts> {
        let mut p = self;
        if p.title_lines > 1 {
            p.title_lines = 1;
        } else if p.x_title {
            p.x_title = false;
        } else if p.title_lines > 0 {
            p.title_lines = 0;
        } else if p.x_labels {
            p.x_labels = false;
        } else if p.y_labels {
            p.y_labels = false;
        } else {
            return None;
        }
        Some(p)
    }

    /// Gives up the next part that takes width, if any.
    fn narrower(self) -> Option<Parts> {
        let mut p = self;
        if p.y_title {
            p.y_title = false;
        } else if p.y_labels {
            p.y_labels = false;
        } else if p.x_labels {
            p.x_labels = false;
        } else {
            return None;
        }
        Some(p)
    }
}

/// A panel's plot rectangle and its two axes.
#[derive(Clone, Debug)]
pub(super) struct Frame {
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
    /// The panel title's lines; the last ends with "…" when the title was cut.
    title: Vec<String>,
    /// The whole panel title when it is not all drawn (for the last line's `<title>`).
    title_full: Option<String>,
    parts: Parts,
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
/// Smallest plot side a panel gives up titles and labels for (a panel smaller still draws its
/// plot with no text around it).
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
/// Least space between two numeric tick labels side by side.
const X_TICK_LABEL_CLEARANCE: f64 = 4.0;
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

/// The panel title, wrapped to the panel's width in at most `max_lines` lines (the last ending
/// with "…" when cut), and whether it was cut.
fn title_lines(title: Option<&str>, width: f64, max_lines: usize) -> (Vec<String>, bool) {
    match title {
        Some(t) if max_lines > 0 => {
            font::wrap_lines(t, width, sizes::PANEL_TITLE, Weight::Regular, max_lines)
        }
        Some(t) => (Vec::new(), !t.trim().is_empty()),
        None => (Vec::new(), false),
    }
}

/// How far the text of a label centred (by its cap height) on a line reaches above the line,
/// and below it.
fn centred_reach(size: f64) -> (f64, f64) {
    let half_cap = font::cap_height(size) / 2.0;
    (
        font::ascent(size) - half_cap,
        font::descent(size) + half_cap,
    )
}

/// Room above the plot: the panel title, and the part of the top tick label that stands above
/// the plot's top edge (it is centred on it).
fn top_margin(title_lines: &[String], y: &AxisInput<'_>, y_labels: bool) -> f64 {
    let tick_overhang = match (y, y_labels) {
        (AxisInput::Value { .. }, true) => centred_reach(sizes::LABEL).0 + OVERHANG_PAD,
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

/// The widest of `labels` at the tick-label size.
fn widest(labels: &[String]) -> f64 {
    labels
        .iter()
        .map(|l| font::text_width(l, sizes::LABEL, Weight::Regular))
        .fold(0.0, f64::max)
}

/// The horizontal scale, with ticks spaced by the width of their labels (estimated from a first
/// guess), and the right margin it needs.
fn horizontal_axis(
    x: &AxisInput<'_>,
    x_axis: &Axis,
    plot_w: f64,
    labels: bool,
) -> (AxisScale, f64) {
    let scale = match *x {
        AxisInput::Value { lo, hi, framing } => {
            let probe = value_axis(lo, hi, framing, x_axis, plot_w, X_TICK_PROBE_SPACING);
            let spacing =
                (widest(&tick_labels(&probe)) + X_TICK_LABEL_PADDING).max(MIN_X_TICK_SPACING);
            value_axis(lo, hi, framing, x_axis, plot_w, spacing)
        }
        AxisInput::Band { names, lo, hi } => AxisScale::Band(names.to_vec(), lo, hi),
    };
    let mut right = RIGHT_MARGIN;
    // Numeric ticks need room for half a label at the right end.
    if labels
        && let AxisScale::Value(..) = scale
        && let Some(last) = tick_labels(&scale).last()
    {
        right = right.max(font::text_width(last, sizes::LABEL, Weight::Regular) / 2.0 + 2.0);
    }
    (scale, right)
}

/// The box of a label rotated counter-clockwise by `angle` degrees about its anchor, relative to
/// the anchor: how far it reaches left, right and down, for text `w` wide whose end sits half a
/// cap height below the anchor.
fn rotated_reach(angle: f64, w: f64) -> (f64, f64, f64) {
    let (sin, cos) = angle.to_radians().sin_cos();
    let (up, down) = centred_reach(sizes::LABEL);
    (
        w * cos + up * sin,
        down * sin,
        w * sin + down * cos + font::cap_height(sizes::LABEL) / 2.0,
    )
}

/// How the category labels under a band axis are written (wrapped side by side, or slanted,
/// upright and thinned when bands are narrow) and the height they take. `left` and `right` are
/// the room beside the plot within the panel.
fn band_labels(
    categories: &[String],
    span: f64,
    plot_w: f64,
    area: Rect,
    (left, right): (f64, f64),
) -> (BottomLabels, f64) {
    let label = sizes::LABEL;
    let lh = line_height(label);
    let band = plot_w / span.max(1.0);
    let avail = (band - BAND_PADDING).max(MIN_BAND_LABEL_WIDTH);
    let wrapped: Vec<Vec<String>> = categories
        .iter()
        .map(|l| font::wrap_to_width(l, avail, label, Weight::Regular))
        .collect();
    // A label may spill past its band as long as it clears its neighbours and the panel's edges.
    let widths: Vec<f64> = wrapped.iter().map(|lines| widest(lines)).collect();
    let spill = |w: f64| (w - band) / 2.0;
    let fits = wrapped.iter().all(|lines| lines.len() <= MAX_LABEL_LINES)
        && widths
            .windows(2)
            .all(|p| (p[0] + p[1]) / 2.0 + LABEL_CLEARANCE <= band)
        && widths.iter().all(|w| *w <= band * MAX_LABEL_SPILL)
        && widths.first().is_none_or(|w| spill(*w) <= left)
        && widths.last().is_none_or(|w| spill(*w) <= right);
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
    let height = (widest * sin + font::ascent(label) * cos + SLANTED_PAD)
        .max(rotated_reach(angle, widest).2 + SLANTED_PAD);
    (BottomLabels::Rotated { angle, every }, height)
}

/// `top` and `bottom` margins scaled down together to fit `length` when they do not.
fn squeeze(a: f64, b: f64, length: f64) -> (f64, f64) {
    if a + b <= length || a + b <= 0.0 {
        (a, b)
    } else {
        let f = length.max(0.0) / (a + b);
        (a * f, b * f)
    }
}

impl Frame {
    /// Lays out a panel in `area`: measures tick labels and titles, and leaves the rest to the plot.
    /// Everything the frame draws stays inside `area`: when the plot would get smaller than
    /// [`MIN_PLOT`], the panel title goes down to one line, then the axis titles, the panel title
    /// and the tick labels are given up in turn; a panel smaller still draws its plot alone.
    pub(super) fn layout(
        area: Rect,
        title: Option<&str>,
        x: AxisInput<'_>,
        x_axis: &Axis,
        y: AxisInput<'_>,
        y_axis: &Axis,
    ) -> Frame {
        let mut parts = Parts {
            title_lines: MAX_TITLE_LINES,
            x_title: x_axis.title.is_some(),
            y_title: y_axis.title.is_some(),
            x_labels: !x_axis.hidden,
            y_labels: !y_axis.hidden,
        };
        loop {
            let (frame, w, h) = Self::layout_parts(area, title, &x, x_axis, &y, y_axis, parts);
            let shorter = if h < MIN_PLOT { parts.shorter() } else { None };
            let next = shorter.or_else(|| (w < MIN_PLOT).then(|| parts.narrower()).flatten());
            match next {
                Some(p) => parts = p,
                None => return frame,
            }
        }
    }

    /// The layout showing `parts`, and the plot's width and height before they are kept from
    /// going below zero.
    #[allow(clippy::too_many_arguments)]
    fn layout_parts(
        area: Rect,
        title: Option<&str>,
        x: &AxisInput<'_>,
        x_axis: &Axis,
        y: &AxisInput<'_>,
        y_axis: &Axis,
        parts: Parts,
    ) -> (Frame, f64, f64) {
        let lh = line_height(sizes::LABEL);
        let (title_lines, cut) = title_lines(title, area.w, parts.title_lines);
        let top = top_margin(&title_lines, y, parts.y_labels);
        let x_title_h = if parts.x_title { TITLE_BAND } else { 0.0 };
        let y_title_w = if parts.y_title { TITLE_BAND } else { 0.0 };

        // Vertical axis first: its labels decide the left margin.
        let est_h = (area.h - top - lh - GAP - TICK - x_title_h).max(MIN_PLOT);
        let y_scale = match *y {
            AxisInput::Value { lo, hi, framing } => {
                value_axis(lo, hi, framing, y_axis, est_h, Y_TICK_SPACING)
            }
            AxisInput::Band { names, lo, hi } => AxisScale::Band(names.to_vec(), lo, hi),
        };
        let left_label_width = if parts.y_labels {
            widest(&tick_labels(&y_scale))
                .min(area.w * MAX_LEFT_LABELS_SHARE)
                .ceil()
        } else {
            0.0
        };
        let left = y_title_w
            + if parts.y_labels {
                left_label_width + GAP + TICK
            } else {
                HIDDEN_AXIS_MARGIN
            };

        // (A hidden axis keeps the margin of its labels, as it always has: only labels given up
        // for room give it back.)
        let (x_scale, right) = horizontal_axis(
            x,
            x_axis,
            (area.w - left - RIGHT_MARGIN).max(MIN_PLOT),
            parts.x_labels || x_axis.hidden,
        );
        let raw_w = area.w - left - right;
        let plot_w = raw_w.max(MIN_PLOT);
        let (bottom, labels_h) = match &x_scale {
            AxisScale::Band(c, lo, hi) if parts.x_labels => {
                band_labels(c, hi - lo, plot_w, area, (left, right))
            }
            AxisScale::Band(..) => (BottomLabels::Wrapped(Vec::new()), 0.0),
            AxisScale::Value(..) => (BottomLabels::Wrapped(Vec::new()), lh),
        };
        // The lowest tick label on a value axis reaches below the plot's bottom edge.
        let underhang = match y_scale {
            AxisScale::Value(..) if parts.y_labels => centred_reach(sizes::LABEL).1 + OVERHANG_PAD,
            _ => 0.0,
        };
        let bottom_margin = if parts.x_labels {
            TICK + GAP + labels_h + x_title_h + BOTTOM_PAD
        } else {
            (x_title_h + HIDDEN_AXIS_MARGIN).max(underhang)
        };
        let raw_h = area.h - top - bottom_margin;
        let (top, bottom_margin) = squeeze(top, bottom_margin, area.h);
        let (left, right) = squeeze(left, right, area.w);
        let plot = Rect::new(
            area.x + left,
            area.y + top,
            area.w - left - right,
            area.h - top - bottom_margin,
        );
        let frame = Frame {
            plot,
            area,
            x: x_scale,
            y: y_scale,
            x_axis: x_axis.clone(),
            y_axis: y_axis.clone(),
            bottom,
            left_label_width,
            title: title_lines,
            title_full: cut.then(|| title.unwrap_or_default().to_string()),
            parts,
        };
        (frame, raw_w, raw_h)
    }

    /// The panel below its title: where text placed over the plot (bar values) may reach.
    pub(super) fn text_room(&self) -> Rect {
        let title = if self.title.is_empty() {
            0.0
        } else {
            self.title.len() as f64 * line_height(sizes::PANEL_TITLE) + TITLE_GAP
        };
        Rect::new(
            self.area.x,
            self.area.y + title,
            self.area.w,
            self.area.h - title,
        )
    }

    /// True when an axis range was given explicitly, so data may fall outside the plot.
    pub(super) fn has_explicit_range(&self) -> bool {
        [&self.x_axis, &self.y_axis]
            .iter()
            .any(|a| a.min.is_some() || a.max.is_some())
    }

    /// Horizontal viewBox position of data value `x`.
    pub(super) fn px(&self, x: f64) -> f64 {
        let (lo, hi) = self.x.range();
        self.plot.x + (self.x.to_space(x) - lo) / (hi - lo) * self.plot.w
    }

    /// Vertical viewBox position of data value `y`.
    pub(super) fn py(&self, y: f64) -> f64 {
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

    /// Shrinks the plot so one x unit and one y unit have the same length, centred.
    pub(super) fn equalize(&mut self) {
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
}

fn max_rotated_width(area: Rect) -> f64 {
    (area.h * 0.5).clamp(40.0, 220.0)
}
