//! The frame shared by every panel with axes: axis layout, grid, ticks, placement, titles, and
//! the mapping from data to viewBox coordinates (`px`, `py`) that marks are drawn at.

use super::axis::{Framing, Scale, log_scale, log_tick_label, scale};
use super::font::{self, Weight};
use super::geometry::Rect;
use super::sizes;
use super::svg::{Anchor, Svg};
use super::theme;
use crate::chart::Axis;
use crate::format::{self, TickFormat};

/// What one axis shows.
#[derive(Clone, Debug)]
pub(super) enum AxisInput<'a> {
    /// Numbers spanning `lo..=hi`, framed as asked.
    Value {
        /// Smallest data value.
        lo: f64,
        /// Largest data value.
        hi: f64,
        /// Zero, padding and tick snapping.
        framing: Framing,
    },
    /// Named categories, one band each (category `i` spans `i..i + 1`); the axis spans
    /// `lo..hi`, which is `0..n` unless a reference line lies beyond the categories.
    Band {
        /// The categories.
        names: &'a [String],
        /// Start of the axis, in bands (0 or less).
        lo: f64,
        /// End of the axis, in bands (the number of categories or more).
        hi: f64,
    },
}

impl<'a> AxisInput<'a> {
    /// A category axis over `names`, grown to take in every value of `extra` (reference lines,
    /// in bands) so that none falls off the axis.
    pub(super) fn band(names: &'a [String], extra: impl IntoIterator<Item = f64>) -> Self {
        let (lo, hi) = extra
            .into_iter()
            .filter(|v| v.is_finite())
            .fold((0.0, names.len().max(1) as f64), |(lo, hi), v| {
                (v.min(lo), v.max(hi))
            });
        AxisInput::Band { names, lo, hi }
    }
}

/// A laid-out axis.
#[derive(Clone, Debug)]
pub(super) enum AxisScale {
    /// A numeric axis.
    Value(Scale, TickFormat),
    /// A category axis over `lo..hi` (`0..n` unless grown for a reference line); category `i`
    /// is centred at `i + 0.5`.
    Band(Vec<String>, f64, f64),
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
    pub(super) fn to_space(&self, v: f64) -> f64 {
        match self {
            AxisScale::Value(s, _) => s.to_space(v),
            AxisScale::Band(..) => v,
        }
    }

    /// Data range of the axis.
    pub(super) fn range(&self) -> (f64, f64) {
        match self {
            AxisScale::Value(s, _) => (s.lo, s.hi),
            AxisScale::Band(_, lo, hi) => (*lo, *hi),
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

fn value_axis(
    lo: f64,
    hi: f64,
    framing: Framing,
    axis: &Axis,
    length: f64,
    spacing: f64,
) -> AxisScale {
    let max_ticks = ((length / spacing).floor() as usize).clamp(2, 10);
    if let Some(time) = &axis.time {
        return time_axis(lo, hi, axis, max_ticks, &time.zone);
    }
    if axis.nines {
        return nines_axis(lo, hi, axis, max_ticks);
    }
    let s = if axis.log {
        log_scale(lo, hi, axis, max_ticks)
    } else {
        scale(lo, hi, axis, framing, max_ticks)
    };
    let max_abs = s.ticks.iter().fold(0.0f64, |m, t| m.max(t.abs()));
    let fmt = TickFormat::new(s.step, max_abs, &axis.format);
    AxisScale::Value(s, fmt)
}

/// A time axis: the data's span (or the author's range) exactly, ticks on calendar boundaries in
/// the axis's zone, labelled d3-style (`06:00`, `Tue 3`, `Nov`, `2027`).
fn time_axis(
    lo: f64,
    hi: f64,
    axis: &Axis,
    max_ticks: usize,
    zone: &jiff::tz::TimeZone,
) -> AxisScale {
    let (mut lo, mut hi) = (axis.min.unwrap_or(lo), axis.max.unwrap_or(hi));
    if hi.partial_cmp(&lo) != Some(std::cmp::Ordering::Greater) {
        // One instant (or none): a minute around it.
        lo -= 30.0;
        hi += 30.0;
    }
    let ticks = super::time_ticks::calendar_ticks(lo, hi, max_ticks, zone);
    let step = ticks.period;
    let fmt = TickFormat::new(step.max(1.0), hi.abs(), &axis.format)
        .with_labels(&ticks.ticks, &ticks.labels);
    AxisScale::Value(
        Scale {
            lo,
            hi,
            ticks: ticks.ticks,
            step,
            log: false,
        },
        fmt,
    )
}

/// A "nines" axis: positions are `-log10(1 - p)`, so 0 %, 90 %, 99 %, 99.9 % are evenly spaced;
/// ticks at each nine, labelled as percentiles.
fn nines_axis(lo: f64, hi: f64, axis: &Axis, max_ticks: usize) -> AxisScale {
    let (lo, hi) = (axis.min.unwrap_or(lo).max(0.0), axis.max.unwrap_or(hi));
    let hi = if hi > lo { hi } else { lo + 1.0 };
    let mut ticks: Vec<f64> = (lo.ceil() as i64..=hi.floor() as i64)
        .map(|k| k as f64)
        .collect();
    // Too many nines for the room: every second (third, ...) one.
    let every = ticks.len().div_ceil(max_ticks.max(2)).max(1);
    ticks = ticks.into_iter().step_by(every).collect();
    let labels: Vec<String> = ticks.iter().map(|t| format::format_nines(*t)).collect();
    let fmt = TickFormat::new(1.0, hi, &axis.format).with_labels(&ticks, &labels);
    AxisScale::Value(
        Scale {
            lo,
            hi,
            ticks,
            step: 1.0,
            log: false,
        },
        fmt,
    )
}

fn tick_labels(scale: &AxisScale) -> Vec<String> {
    match scale {
        AxisScale::Value(s, f) => s.ticks.iter().map(|t| tick_label(s, f, *t)).collect(),
        AxisScale::Band(c, ..) => c.clone(),
    }
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

    /// Grid lines, drawn under the data.
    pub(super) fn draw_grid(&self, svg: &mut Svg) {
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
    pub(super) fn draw_axes(&self, svg: &mut Svg) {
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
        if let (AxisScale::Value(s, _), true) = (&self.y, self.parts.y_labels) {
            for t in &s.ticks {
                seg(&mut d, p.x - TICK, self.tick_y(*t), TICK, 0.0);
            }
        }
        if let (AxisScale::Value(s, _), true) = (&self.x, self.parts.x_labels) {
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
        if self.parts.y_labels {
            self.draw_y_labels(svg);
        }
        if self.parts.x_labels {
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
                    svg.fitted_tick_label(
                        x,
                        self.tick_y(*t) + half_cap,
                        Anchor::End,
                        size,
                        Weight::Regular,
                        &tick_label(s, f, *t),
                        self.left_label_width,
                    );
                }
            }
            AxisScale::Band(c, lo, hi) => {
                let n = c.len();
                let band = self.plot.h / (hi - lo).max(1.0);
                let lh = line_height(size);
                // Labels closer than a line would collide: every few are written, the others
                // listed as not drawn.
                let every = if band < lh {
                    (lh / band).ceil().max(1.0) as usize
                } else {
                    1
                };
                for (i, name) in c.iter().enumerate() {
                    if i % every != 0 {
                        svg.drop_text(name);
                        continue;
                    }
                    // Kept inside the panel: the first and last band may be thinner than a line.
                    let y = (self.py((n - i) as f64 - 0.5) + half_cap)
                        .min(self.area.bottom() - font::descent(size))
                        .max(self.area.y + font::ascent(size));
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
        let area = self.area;
        match (&self.x, &self.bottom) {
            (AxisScale::Value(s, f), _) => {
                let labels: Vec<String> = s.ticks.iter().map(|t| tick_label(s, f, *t)).collect();
                // Labels wider than the space between ticks: every few are written.
                let spacing = match s.ticks.as_slice() {
                    [a, b, ..] => (self.tick_x(*b) - self.tick_x(*a)).abs(),
                    _ => f64::INFINITY,
                };
                let widest = widest(&labels);
                let every = if widest + X_TICK_LABEL_CLEARANCE > spacing && spacing > 0.0 {
                    ((widest + X_TICK_LABEL_CLEARANCE) / spacing).ceil() as usize
                } else {
                    1
                };
                for (t, label) in s.ticks.iter().zip(&labels).step_by(every.max(1)) {
                    let shown = font::truncate_to_width(label, area.w, size, Weight::Regular);
                    let w = font::text_width(&shown, size, Weight::Regular);
                    // Kept inside the panel: an end label is moved in rather than cut off.
                    let x = self
                        .tick_x(*t)
                        .min(area.right() - w / 2.0)
                        .max(area.x + w / 2.0);
                    svg.fitted_tick_label(
                        x,
                        baseline,
                        Anchor::Middle,
                        size,
                        Weight::Regular,
                        label,
                        area.w,
                    );
                }
            }
            (AxisScale::Band(..), BottomLabels::Wrapped(lines)) => {
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
            (AxisScale::Band(c, ..), BottomLabels::Rotated { angle, every }) => {
                let max_w = max_rotated_width(area);
                let cos = angle.to_radians().cos();
                let ellipsis = font::text_width("\u{2026}", size, Weight::Regular);
                let (reach_left, reach_right, _) = rotated_reach(*angle, 0.0);
                let (least_left, ..) = rotated_reach(*angle, ellipsis);
                for (i, name) in c.iter().enumerate() {
                    if i % every != 0 || area.w < least_left + reach_right {
                        svg.drop_text(name);
                        continue;
                    }
                    // Kept inside the panel: the slant reaches left of the anchor, so a label
                    // near the left edge is shortened, and one with no room at all moved right.
                    let x = self
                        .px(i as f64 + 0.5)
                        .min(area.right() - reach_right)
                        .max(area.x + least_left);
                    let room = if cos > 1e-9 {
                        (x - area.x - reach_left) / cos
                    } else {
                        f64::INFINITY
                    };
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
                        max_w.min(room),
                    );
                    svg.raw("</g>");
                }
            }
        }
    }

    fn draw_titles(&self, svg: &mut Svg) {
        let size = sizes::AXIS_TITLE;
        let area = self.area;
        let last = self.title.len().saturating_sub(1);
        for (i, t) in self.title.iter().enumerate() {
            let y = area.y
                + font::ascent(sizes::PANEL_TITLE)
                + i as f64 * line_height(sizes::PANEL_TITLE);
            let x = area.x + area.w / 2.0;
            match &self.title_full {
                Some(full) if i == last => {
                    let shown =
                        font::truncate_to_width(t, area.w, sizes::PANEL_TITLE, Weight::Regular);
                    if font::text_width(&shown, sizes::PANEL_TITLE, Weight::Regular) > area.w {
                        svg.drop_text(full);
                        continue;
                    }
                    svg.titled_label(
                        x,
                        y,
                        Anchor::Middle,
                        sizes::PANEL_TITLE,
                        Weight::Regular,
                        &shown,
                        full,
                    );
                }
                _ => {
                    svg.fitted_label(
                        x,
                        y,
                        Anchor::Middle,
                        sizes::PANEL_TITLE,
                        Weight::Regular,
                        t,
                        area.w,
                    );
                }
            }
        }
        if self.title.is_empty()
            && let Some(full) = &self.title_full
        {
            svg.drop_text(full);
        }
        if let Some(t) = &self.x_axis.title {
            if self.parts.x_title {
                let y = area.bottom() - font::descent(size) - 1.0;
                let cx = self.plot.x + self.plot.w / 2.0;
                svg.fitted_label(
                    cx,
                    y,
                    Anchor::Middle,
                    size,
                    Weight::Regular,
                    t,
                    2.0 * (cx - area.x).min(area.right() - cx),
                );
            } else {
                svg.drop_text(t);
            }
        }
        if let Some(t) = &self.y_axis.title {
            if self.parts.y_title {
                let x = area.x + font::ascent(size);
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
                    (self.plot.h + 40.0).min(2.0 * (y - area.y).min(area.bottom() - y)),
                );
                svg.raw("</g>");
            } else {
                svg.drop_text(t);
            }
        }
    }
}

fn max_rotated_width(area: Rect) -> f64 {
    (area.h * 0.5).clamp(40.0, 220.0)
}
