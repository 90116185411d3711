//! Box plots: one box per series, named along the category axis. The box spans Q1 to Q3 with a
//! line at the median (nearest-rank quartiles, `stats::box_stats`); whiskers reach the furthest
//! sample within 1.5 IQR of the box (or min and max); samples beyond them are outliers, drawn
//! as small rings (at most [`MAX_OUTLIERS_DRAWN`] per box, spread over them; the data table
//! counts them all). Vertical by default; horizontal boxes run across with the first series on
//! top.

use super::axis::Framing;
use super::cartesian::{AxisInput, Frame};
use super::geometry::Rect;
use super::obstacles::Obstacles;
use super::svg::push_num;
use super::{Canvas, colors, overlays};
use crate::chart::limits::MAX_OUTLIERS_DRAWN;
use crate::chart::{Panel, RefAxis, Whiskers};
use crate::format::format_exact;
use crate::stats::{BoxStats, box_stats, sorted_finite};

/// Half a box's width, as a share of its band.
const HALF_BOX: f64 = 0.25;
/// Half a whisker cap's width, as a share of its band.
const HALF_CAP: f64 = 0.12;
/// Radius of an outlier's ring, in pixels.
const OUTLIER_R: f64 = 2.5;

/// Each series' box (`None` for a series without samples).
pub(crate) fn stats(panel: &Panel) -> Vec<Option<BoxStats>> {
    let tukey = panel.boxes.whiskers == Whiskers::Tukey;
    panel
        .series
        .iter()
        .map(|s| box_stats(&sorted_finite(&s.y), tukey))
        .collect()
}

/// The outliers drawn: all of them, or [`MAX_OUTLIERS_DRAWN`] spread evenly from the smallest
/// to the largest.
fn drawn_outliers(outliers: &[f64]) -> Vec<f64> {
    let n = outliers.len();
    if n <= MAX_OUTLIERS_DRAWN {
        return outliers.to_vec();
    }
    (0..MAX_OUTLIERS_DRAWN)
        .map(|k| outliers[k * (n - 1) / (MAX_OUTLIERS_DRAWN - 1)])
        .collect()
}

/// Draws a box plot panel into `area`.
pub(super) fn draw(canvas: &mut Canvas<'_>, panel: &Panel, area: Rect) {
    let boxes = stats(panel);
    let names: Vec<String> = panel
        .series
        .iter()
        .enumerate()
        .map(|(j, s)| colors::series_name(s, j))
        .collect();
    let n = names.len();
    let horizontal = panel.boxes.horizontal;
    let (lo, hi) = boxes
        .iter()
        .flatten()
        .flat_map(|b| [b.min, b.max])
        .chain(
            panel
                .references
                .iter()
                .filter(|r| r.axis == RefAxis::Y)
                .map(|r| r.value),
        )
        .fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), v| {
            (lo.min(v), hi.max(v))
        });
    let (lo, hi) = if lo <= hi { (lo, hi) } else { (0.0, 1.0) };
    let value = AxisInput::Value {
        lo,
        hi,
        framing: Framing {
            include_zero: false,
            snap_to_ticks: true,
            pad: 0.05,
            integer: false,
        },
    };
    let band_refs: Vec<f64> = panel
        .references
        .iter()
        .filter(|r| r.axis == RefAxis::X)
        .map(|r| r.value)
        .collect();
    let frame = if horizontal {
        Frame::layout(
            area,
            panel.title.as_deref(),
            value,
            &panel.y_axis,
            AxisInput::band(&names, band_refs.iter().map(|v| n as f64 - v)),
            &panel.x_axis,
        )
    } else {
        Frame::layout(
            area,
            panel.title.as_deref(),
            AxisInput::band(&names, band_refs.iter().copied()),
            &panel.x_axis,
            value,
            &panel.y_axis,
        )
    };
    frame.draw_grid(canvas.svg);
    // A point of box `i`: `at` across its band (0.5 the middle), `v` a value.
    let point = |i: usize, at: f64, v: f64| -> (f64, f64) {
        if horizontal {
            (frame.px(v), frame.py(n as f64 - i as f64 - at))
        } else {
            (frame.px(i as f64 + at), frame.py(v))
        }
    };
    // Marks are clipped to the plot when an explicit range may cut data, and to the panel when
    // an outlier's ring at the edge of a small plot would reach past it.
    let rings_leave = || {
        boxes.iter().enumerate().any(|(i, b)| {
            b.iter().flat_map(|b| drawn_outliers(&b.outliers)).any(|v| {
                let (x, y) = point(i, 0.5, v);
                let r = OUTLIER_R;
                !area.contains(&Rect::new(x - r, y - r, 2.0 * r, 2.0 * r))
            })
        })
    };
    let clip = canvas.clip_marks(&frame, area, rings_leave);
    let mut obstacles = Obstacles::new(frame.plot);
    for (i, (series, b)) in panel.series.iter().zip(&boxes).enumerate() {
        let Some(b) = b else {
            continue;
        };
        let color = canvas.series_color(series, i).to_string();
        canvas
            .svg
            .raw("<g")
            .attr("stroke", &color)
            .raw(" stroke-width=\"1.5\"");
        if let Some(c) = &clip {
            canvas.svg.raw(" clip-path=\"url(#").raw(c).raw(")\"");
        }
        canvas.svg.raw(">");
        // Whiskers and their caps.
        let mut d = String::new();
        let mut segment = |a: (f64, f64), b: (f64, f64)| {
            d.push('M');
            push_num(&mut d, a.0);
            d.push(' ');
            push_num(&mut d, a.1);
            d.push('L');
            push_num(&mut d, b.0);
            d.push(' ');
            push_num(&mut d, b.1);
        };
        segment(point(i, 0.5, b.low), point(i, 0.5, b.q1));
        segment(point(i, 0.5, b.q3), point(i, 0.5, b.high));
        for end in [b.low, b.high] {
            segment(point(i, 0.5 - HALF_CAP, end), point(i, 0.5 + HALF_CAP, end));
        }
        canvas
            .svg
            .raw("<path")
            .attr("d", &d)
            .raw(" fill=\"none\"/>");
        // The box, translucent, and the median over it.
        let (a, c) = (
            point(i, 0.5 - HALF_BOX, b.q1),
            point(i, 0.5 + HALF_BOX, b.q3),
        );
        let rect = Rect::new(
            a.0.min(c.0),
            a.1.min(c.1),
            (c.0 - a.0).abs(),
            (c.1 - a.1).abs(),
        );
        obstacles.push(rect);
        canvas
            .svg
            .raw("<rect")
            .attr_num("x", rect.x)
            .attr_num("y", rect.y)
            .attr_num("width", rect.w)
            .attr_num("height", rect.h)
            .attr("fill", &color)
            .raw(" fill-opacity=\".3\"");
        // The box's tooltip: the series and its five numbers, as the data table writes them.
        let name = super::colors::series_name(series, i);
        let tip = format!(
            "{name}: min {}, q1 {}, median {}, q3 {}, max {}, {} samples",
            format_exact(b.min),
            format_exact(b.q1),
            format_exact(b.median),
            format_exact(b.q3),
            format_exact(b.max),
            b.count
        );
        canvas.svg.tooltip("rect", &tip);
        let (m0, m1) = (
            point(i, 0.5 - HALF_BOX, b.median),
            point(i, 0.5 + HALF_BOX, b.median),
        );
        let mut md = String::from("M");
        push_num(&mut md, m0.0);
        md.push(' ');
        push_num(&mut md, m0.1);
        md.push('L');
        push_num(&mut md, m1.0);
        md.push(' ');
        push_num(&mut md, m1.1);
        canvas
            .svg
            .raw("<path")
            .attr("d", &md)
            .raw(" stroke-width=\"3\"/>");
        // Outliers as rings.
        for v in drawn_outliers(&b.outliers) {
            let (x, y) = point(i, 0.5, v);
            canvas
                .svg
                .raw("<circle")
                .attr_num("cx", x)
                .attr_num("cy", y)
                .attr_num("r", OUTLIER_R)
                .raw(" fill=\"none\"")
                .tooltip("circle", &format!("{name}: outlier {}", format_exact(v)));
        }
        canvas.svg.raw("</g>");
    }
    frame.draw_axes(canvas.svg);
    // Horizontal: the panel's x (categories) runs down and its y (values) across.
    let across = horizontal.then_some(n);
    overlays::draw_all(canvas.svg, &frame, panel, across, &mut obstacles);
}

/// The data table: a row per box with its count, extremes, quartiles, whisker ends and
/// outliers (all of them, listed).
pub(super) fn table(out: &mut String, panel: &Panel) {
    use super::table::cell;
    use crate::format::format_exact;
    out.push_str("<thead><tr>");
    for head in [
        "Series", "Samples", "Min", "Q1", "Median", "Q3", "Max", "Whiskers", "Outliers",
    ] {
        cell(out, "th", head);
    }
    out.push_str("</tr></thead><tbody>");
    for (j, (s, b)) in panel.series.iter().zip(stats(panel)).enumerate() {
        out.push_str("<tr>");
        cell(out, "td", &colors::series_name(s, j));
        if let Some(b) = b {
            cell(out, "td", &b.count.to_string());
            for v in [b.min, b.q1, b.median, b.q3, b.max] {
                cell(out, "td", &format_exact(v));
            }
            cell(
                out,
                "td",
                &format!("{} to {}", format_exact(b.low), format_exact(b.high)),
            );
            let listed: Vec<String> = b.outliers.iter().map(|v| format_exact(*v)).collect();
            let text = if listed.is_empty() {
                "0".to_string()
            } else {
                format!("{}: {}", listed.len(), listed.join(", "))
            };
            cell(out, "td", &text);
        }
        out.push_str("</tr>");
    }
    out.push_str("</tbody>");
}

/// The description: each box's numbers.
pub(super) fn describe(out: &mut String, panel: &Panel) {
    use crate::format::format_exact;
    let rule = match panel.boxes.whiskers {
        Whiskers::Tukey => "whiskers reach the furthest sample within 1.5 IQR",
        Whiskers::MinMax => "whiskers reach the smallest and largest sample",
    };
    out.push_str(&format!(
        "Boxes span the first to the third quartile (nearest rank); {rule}. "
    ));
    for (j, (s, b)) in panel.series.iter().zip(stats(panel)).enumerate() {
        let Some(b) = b else {
            continue;
        };
        out.push_str(&format!(
            "{}: {} samples, min {}, Q1 {}, median {}, Q3 {}, max {}, {} outliers. ",
            colors::series_name(s, j),
            b.count,
            format_exact(b.min),
            format_exact(b.q1),
            format_exact(b.median),
            format_exact(b.q3),
            format_exact(b.max),
            b.outliers.len()
        ));
    }
}
