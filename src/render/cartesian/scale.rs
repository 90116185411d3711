//! What an axis shows: the scale of values, categories, times or nines and its tick labels.

use super::*;

/// What one axis shows.
#[derive(Clone, Debug)]
pub(in crate::render) enum AxisInput<'a> {
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
    pub(in crate::render) fn band(
        names: &'a [String],
        extra: impl IntoIterator<Item = f64>,
    ) -> Self {
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
pub(in crate::render) enum AxisScale {
    /// A numeric axis.
    Value(Scale, TickFormat),
    /// A category axis over `lo..hi` (`0..n` unless grown for a reference line); category `i`
    /// is centred at `i + 0.5`.
    Band(Vec<String>, f64, f64),
}

/// The label of tick `t` (an exponent on log scales).
pub(super) fn tick_label(s: &Scale, f: &TickFormat, t: f64) -> String {
    if s.log {
        log_tick_label(t, f.number_format())
    } else {
        f.format(t)
    }
}

impl AxisScale {
    /// Maps a data value into plotting space (log10 on log axes).
    pub(in crate::render) fn to_space(&self, v: f64) -> f64 {
        match self {
            AxisScale::Value(s, _) => s.to_space(v),
            AxisScale::Band(..) => v,
        }
    }

    /// Data range of the axis.
    pub(in crate::render) fn range(&self) -> (f64, f64) {
        match self {
            AxisScale::Value(s, _) => (s.lo, s.hi),
            AxisScale::Band(_, lo, hi) => (*lo, *hi),
        }
    }
}

pub(super) fn value_axis(
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
    let ticks = crate::render::time_ticks::calendar_ticks(lo, hi, max_ticks, zone);
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

pub(super) fn tick_labels(scale: &AxisScale) -> Vec<String> {
    match scale {
        AxisScale::Value(s, f) => s.ticks.iter().map(|t| tick_label(s, f, *t)).collect(),
        AxisScale::Band(c, ..) => c.clone(),
    }
}
