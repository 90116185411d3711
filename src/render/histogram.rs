//! Histograms: each series' samples counted in shared bins (see `bins`), drawn as bars over a
//! value axis, overlaid (translucent) or stacked, with marked percentiles as labelled lines.

use super::axis::Framing;
use std::borrow::Cow;

use super::bins;
use super::cartesian::{AxisInput, Frame};
use super::geometry::Rect;
use super::obstacles::Obstacles;
use super::{Canvas, overlays};
use crate::chart::{Dash, Normalize, Panel, RefAxis, ReferenceLine};
use crate::format::{NumberFormat, format_exact, format_value};
use crate::stats::percentile_of_sorted;

/// Fill opacity of overlaid histograms, so each shows through the others.
const OVERLAY_OPACITY: &str = ".55";

/// The bins of a histogram panel: shared edges and, per series, each bin's height (as
/// normalised) and the base it stands on (0, or the series below when stacked).
pub(crate) struct Binned {
    pub edges: Vec<f64>,
    pub heights: Vec<Vec<f64>>,
    pub bases: Vec<Vec<f64>>,
}

/// Each series' samples, sorted.
pub(crate) fn sorted_samples(panel: &Panel) -> Vec<Cow<'_, [f64]>> {
    panel
        .series
        .iter()
        .map(|s| crate::stats::sorted_cow(&s.y))
        .collect()
}

/// Bins every series of `panel` with the same edges.
pub(crate) fn bin(panel: &Panel, sorted: &[Cow<'_, [f64]>]) -> Binned {
    // The edges come from every sample of the panel: one series' own (already sorted), or all
    // of them merged and sorted.
    let all: Cow<'_, [f64]> = match sorted {
        [one] if !one.is_empty() => Cow::Borrowed(&one[..]),
        _ => {
            let mut all: Vec<f64> = sorted.iter().flat_map(|s| s.iter().copied()).collect();
            all.sort_unstable_by(f64::total_cmp);
            if all.is_empty() {
                all.push(0.0);
            }
            Cow::Owned(all)
        }
    };
    let edges = bins::edges(&all, panel.distribution.bins, panel.x_axis.log);
    let heights: Vec<Vec<f64>> = sorted
        .iter()
        .map(|s| {
            let n = s.len().max(1) as f64;
            bins::counts(s, &edges)
                .into_iter()
                .zip(edges.windows(2))
                .map(|(c, e)| {
                    let c = c as f64;
                    match panel.distribution.normalize {
                        Normalize::Count => c,
                        Normalize::Percent => c / n * 100.0,
                        Normalize::Density => c / n / (e[1] - e[0]),
                    }
                })
                .collect()
        })
        .collect();
    let mut bases = Vec::with_capacity(heights.len());
    let mut running = vec![0.0; edges.len() - 1];
    for h in &heights {
        bases.push(if panel.stacked {
            running.clone()
        } else {
            vec![0.0; h.len()]
        });
        if panel.stacked {
            for (r, v) in running.iter_mut().zip(h) {
                *r += v;
            }
        }
    }
    Binned {
        edges,
        heights,
        bases,
    }
}

/// The marked percentiles of every series as reference lines on `axis` at `at(p, value)`,
/// labelled `p99 412 ms` with the value in `format` (and the series' name when there are
/// several).
pub(crate) fn mark_lines(
    panel: &Panel,
    sorted: &[Cow<'_, [f64]>],
    axis: RefAxis,
    at: impl Fn(f64, f64) -> f64,
    format: &NumberFormat,
    canvas: &Canvas<'_>,
) -> Vec<ReferenceLine> {
    let several = panel.series.len() > 1;
    let mut out = Vec::new();
    for (j, (series, s)) in panel.series.iter().zip(sorted).enumerate() {
        if s.is_empty() {
            continue;
        }
        for &p in &panel.distribution.marks {
            let value = percentile_of_sorted(s, p);
            let name = super::colors::series_name(series, j);
            let text = format!(
                "p{} {}",
                crate::format::format_exact(p),
                format_value(value, format)
            );
            out.push(ReferenceLine {
                axis,
                value: at(p, value),
                label: Some(if several {
                    format!("{name} {text}")
                } else {
                    text
                }),
                dash: Dash::Dashed,
                color: several.then(|| canvas.series_color(series, j)),
            });
        }
    }
    out
}

/// Draws a histogram panel into `area`.
pub(super) fn draw(canvas: &mut Canvas<'_>, panel: &Panel, area: Rect) {
    let sorted = sorted_samples(panel);
    let binned = bin(panel, &sorted);
    let edges = &binned.edges;
    let top = binned
        .heights
        .iter()
        .zip(&binned.bases)
        .flat_map(|(h, b)| h.iter().zip(b).map(|(h, b)| h + b))
        // A density over a bin narrower than 1/f64::MAX is infinite: the axis spans the rest.
        .filter(|v| v.is_finite())
        .chain(
            panel
                .references
                .iter()
                .filter(|r| r.axis == RefAxis::Y)
                .map(|r| r.value),
        )
        .fold(0.0f64, f64::max);
    let x_refs = panel
        .references
        .iter()
        .filter(|r| r.axis == RefAxis::X && (!panel.x_axis.log || r.value > 0.0))
        .map(|r| r.value);
    let (lo, hi) = x_refs.fold((edges[0], edges[edges.len() - 1]), |(lo, hi), v| {
        (lo.min(v), hi.max(v))
    });
    let x = AxisInput::Value {
        lo,
        hi,
        framing: Framing {
            include_zero: false,
            snap_to_ticks: false,
            pad: 0.0,
            integer: false,
        },
    };
    let y = AxisInput::Value {
        lo: 0.0,
        hi: if top > 0.0 { top } else { 1.0 },
        framing: Framing {
            include_zero: true,
            snap_to_ticks: true,
            pad: 0.0,
            integer: panel.distribution.normalize == Normalize::Count,
        },
    };
    let frame = Frame::layout(
        area,
        panel.title.as_deref(),
        x,
        &panel.x_axis,
        y,
        &panel.y_axis,
    );
    frame.draw_grid(canvas.svg);
    let clip = canvas.clip_for(&frame);
    let overlay = !panel.stacked && panel.series.len() > 1;
    let mut obstacles = Obstacles::new(frame.plot);
    for (j, series) in panel.series.iter().enumerate() {
        let color = canvas.series_color(series, j);
        canvas.svg.raw("<g").attr("fill", &color.to_string());
        if overlay {
            // Translucent so each shows through the others, outlined in the full colour so
            // every bar keeps its contrast against the page.
            let c = color.to_string();
            canvas
                .svg
                .raw(" fill-opacity=\"")
                .raw(OVERLAY_OPACITY)
                .raw("\"")
                .attr("stroke", &c)
                .raw(" stroke-width=\"1\"");
        }
        if let Some(c) = &clip {
            canvas.svg.raw(" clip-path=\"url(#").raw(c).raw(")\"");
        }
        canvas.svg.raw(">");
        let name = super::colors::series_name(series, j);
        let tenth = |v: f64| (v.clamp(-1e4, 1e4) * 10.0).round() / 10.0;
        for ((e, h), b) in edges
            .windows(2)
            .zip(&binned.heights[j])
            .zip(&binned.bases[j])
        {
            if h.is_nan() || *h <= 0.0 {
                continue;
            }
            if canvas.svg.full() {
                break;
            }
            let (x0, x1) = (tenth(frame.px(e[0])), tenth(frame.px(e[1])));
            // Bars stand on the plot's bottom where their base is below the axis (0 on a log
            // axis) and end at its top where a range cuts them (or their height is infinite).
            let y = |v: f64| {
                // An infinite height over an axis span below 1 is NaN even at f64::MAX: the
                // top of the plot.
                let at = frame.py(v.min(f64::MAX));
                tenth(if at.is_nan() {
                    frame.plot.y
                } else {
                    at.clamp(frame.plot.y, frame.plot.bottom())
                })
            };
            let (y0, y1) = (y(b + h), y(*b));
            obstacles.push(Rect::new(x0, y0, x1 - x0, y1 - y0));
            // The bin's tooltip: the series, the bin's range and its height.
            let tip = format!(
                "{name}: {} to {}: {}",
                format_exact(e[0]),
                format_exact(e[1]),
                format_exact(*h)
            );
            canvas
                .svg
                .raw("<rect")
                .attr_num("x", x0)
                .attr_num("y", y0)
                .attr_num("width", x1 - x0)
                .attr_num("height", y1 - y0)
                .tooltip("rect", &tip);
        }
        canvas.svg.raw("</g>");
    }
    frame.draw_axes(canvas.svg);
    let mut refs = panel.references.clone();
    let format = &panel.x_axis.format;
    refs.extend(mark_lines(
        panel,
        &sorted,
        RefAxis::X,
        |_, v| v,
        format,
        canvas,
    ));
    overlays::draw(
        canvas.svg,
        &frame,
        &refs,
        &panel.annotations,
        &mut obstacles,
    );
}
