//! Distribution curves of raw samples: the empirical CDF (fraction of samples at or below a
//! value), its complement (the tail, best on a log y axis), and the percentile view engineers
//! know from HdrHistogram: value against percentile on a "nines" axis where 90 %, 99 % and
//! 99.9 % are evenly spaced (position `-log10(1 - p)`). Each is a step line through the sorted
//! samples, decimated like any line.

use super::axis::Framing;
use super::cartesian::{AxisInput, Frame};
use super::geometry::Rect;
use super::histogram::{mark_lines, sorted_samples};
use super::obstacles::Obstacles;
use super::paths::{self, Outline, Shape};
use super::svg::Svg;
use super::xy::screen_point;
use super::{Canvas, overlays};
use crate::chart::{Axis, CdfView, Panel, RefAxis};

/// The position of fraction `p` (0 ≤ p < 1) on a nines axis.
pub(crate) fn nines(p: f64) -> f64 {
    -(1.0 - p).log10()
}

/// The step points of one series' sorted samples in `view`: (x, y) in data units. In the
/// percentile view the sample of rank `i` (0-based) of `n` sits at the fraction `i / n` below
/// it, so the smallest is at 0 % and the largest at `1 - 1/n`.
pub(crate) fn curve(sorted: &[f64], view: CdfView, log_y: bool) -> Vec<(f64, f64)> {
    let n = sorted.len() as f64;
    let Some(&first) = sorted.first() else {
        return Vec::new();
    };
    match view {
        // The step up from 0 at the smallest sample: 0 is not on a log axis, so there the curve
        // starts at the first sample's fraction.
        CdfView::Cdf => std::iter::once((first, if log_y { f64::NAN } else { 0.0 }))
            .chain(
                sorted
                    .iter()
                    .enumerate()
                    .map(|(i, v)| (*v, (i + 1) as f64 / n)),
            )
            .collect(),
        CdfView::Ccdf => std::iter::once((first, 1.0))
            .chain(sorted.iter().enumerate().map(|(i, v)| {
                let above = 1.0 - (i + 1) as f64 / n;
                // Nothing is above the largest sample: 0, which a log axis cannot show.
                (
                    *v,
                    if log_y && above <= 0.0 {
                        f64::NAN
                    } else {
                        above
                    },
                )
            }))
            .collect(),
        CdfView::Percentiles => sorted
            .iter()
            .enumerate()
            .map(|(i, v)| (nines(i as f64 / n), *v))
            .collect(),
    }
}

/// Draws a CDF panel into `area`.
pub(super) fn draw(canvas: &mut Canvas<'_>, panel: &Panel, area: Rect) {
    let view = panel.distribution.view;
    let sorted = sorted_samples(panel);
    let curves: Vec<Vec<(f64, f64)>> = sorted
        .iter()
        .map(|s| curve(s, view, panel.y_axis.log))
        .collect();
    let extent = |f: fn(&(f64, f64)) -> f64| {
        curves
            .iter()
            .flatten()
            .map(f)
            .filter(|v| v.is_finite())
            .fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), v| {
                (lo.min(v), hi.max(v))
            })
    };
    let (xlo, xhi) = extent(|p| p.0);
    let (ylo, yhi) = extent(|p| p.1);
    let mut x_axis = panel.x_axis.clone();
    let mut y_axis = panel.y_axis.clone();
    let framing = |include_zero: bool, snap: bool| Framing {
        include_zero,
        snap_to_ticks: snap,
        pad: 0.0,
        integer: false,
    };
    let (x, y) = match view {
        CdfView::Cdf | CdfView::Ccdf => {
            y_axis.format.percent = true;
            y_axis.format.si = false;
            let y_lo = if panel.y_axis.log { ylo } else { 0.0 };
            (
                AxisInput::Value {
                    lo: xlo,
                    hi: xhi,
                    framing: framing(false, false),
                },
                AxisInput::Value {
                    lo: y_lo,
                    hi: 1.0,
                    framing: framing(!panel.y_axis.log, false),
                },
            )
        }
        CdfView::Percentiles => {
            x_axis = Axis {
                nines: true,
                ..x_axis
            };
            (
                AxisInput::Value {
                    lo: 0.0,
                    hi: xhi.max(1.0),
                    framing: framing(false, false),
                },
                AxisInput::Value {
                    lo: ylo,
                    hi: yhi,
                    framing: framing(!panel.y_axis.log && ylo >= 0.0, true),
                },
            )
        }
    };
    let frame = Frame::layout(area, panel.title.as_deref(), x, &x_axis, y, &y_axis);
    frame.draw_grid(canvas.svg);
    let clip = canvas.clip_for(&frame);
    let decimated = !canvas.every_point;
    let mut obstacles = Obstacles::new(frame.plot);
    for (j, (series, points)) in panel.series.iter().zip(&curves).enumerate() {
        let screen: Vec<(f64, f64)> = points
            .iter()
            .map(|p| screen_point(&frame, p.0, p.1))
            .collect();
        let color = canvas.series_color(series, j).to_string();
        let dash = canvas.series_dash(series, j);
        let svg: &mut Svg = canvas.svg;
        svg.raw("<path fill=\"none\"").attr("stroke", &color);
        svg.attr_num("stroke-width", series.line_width);
        svg.raw(" stroke-linejoin=\"round\"");
        canvas.dash_attr(dash, series.line_width);
        let svg: &mut Svg = canvas.svg;
        if let Some(c) = &clip {
            svg.raw(" clip-path=\"url(#").raw(c).raw(")\"");
        }
        svg.raw(" d=\"");
        for run in paths::runs(&screen) {
            Outline::of(run, Shape::StepAfter, decimated).push(&mut svg.buf, false);
        }
        svg.raw("\"/>");
    }
    frame.draw_axes(canvas.svg);
    let mut refs = panel.references.clone();
    refs.extend(match view {
        // The percentile axis is across; the value is a latency, written as the y axis does.
        CdfView::Percentiles => {
            let at = |p: f64, _| nines(p / 100.0);
            mark_lines(panel, &sorted, RefAxis::X, at, &panel.y_axis.format, canvas)
        }
        _ => mark_lines(
            panel,
            &sorted,
            RefAxis::X,
            |_, v| v,
            &panel.x_axis.format,
            canvas,
        ),
    });
    overlays::draw(
        canvas.svg,
        &frame,
        &refs,
        &panel.annotations,
        &mut obstacles,
    );
}
