//! What line and scatter panels share: framing numeric or category x values, and drawing
//! lines, markers, bubbles, labels and overlays.

use plotters::prelude::{BLACK, Circle, Color as _, PathElement};

use super::axis::Framing;
use super::backend::SCALE;
use super::cartesian::{AxisInput, Frame};
use super::font::Weight;
use super::geometry::Rect;
use super::sizes;
use super::svg::Svg;
use super::{Canvas, colorscale, overlays, placement, theme};
use crate::chart::{Dash, Panel, Series, XValues};

/// The panel's categories when its x values are names (first series' order, then new names
/// in order of appearance), or `None` for numeric x.
pub fn categories(panel: &Panel) -> Option<Vec<String>> {
    let mut out: Vec<String> = Vec::new();
    let mut any = false;
    for s in &panel.series {
        if let XValues::Categories(c) = &s.x {
            any = true;
            for name in c {
                if !out.contains(name) {
                    out.push(name.clone());
                }
            }
        }
    }
    any.then_some(out)
}

/// The x coordinate of each point of `series`: its number, or its category's band centre.
pub fn x_positions(series: &Series, categories: Option<&[String]>) -> Vec<f64> {
    match (&series.x, categories) {
        (XValues::Numbers(n), None) => n.clone(),
        (XValues::Categories(c), Some(all)) => c
            .iter()
            .map(|name| all.iter().position(|a| a == name).unwrap_or(0) as f64 + 0.5)
            .collect(),
        // Mixed numeric and category series: place numbers by index.
        (XValues::Numbers(n), Some(_)) => (0..n.len()).map(|i| i as f64 + 0.5).collect(),
        (XValues::Categories(c), None) => (0..c.len()).map(|i| i as f64).collect(),
    }
}

fn extent(values: impl Iterator<Item = f64>) -> (f64, f64) {
    values.fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), v| {
        (lo.min(v), hi.max(v))
    })
}

/// Lays out the frame for a line or scatter panel. `pad` is the fraction of the data span
/// added around the data (markers need room; lines run edge to edge in x).
pub fn frame(panel: &Panel, area: Rect, cats: Option<&[String]>, x_pad: f64, y_pad: f64) -> Frame {
    let (ylo, yhi) = extent(panel.series.iter().flat_map(|s| s.y.iter().copied()));
    let y = AxisInput::Value {
        lo: ylo,
        hi: yhi,
        framing: Framing {
            include_zero: false,
            snap_to_ticks: y_pad == 0.0,
            pad: y_pad,
            integer: false,
        },
    };
    match cats {
        Some(c) => Frame::layout(
            area,
            panel.title.as_deref(),
            AxisInput::Band(c),
            &panel.x_axis,
            y,
            &panel.y_axis,
        ),
        None => {
            let (xlo, xhi) = extent(panel.series.iter().flat_map(|s| x_positions(s, None)));
            let integer = panel
                .series
                .iter()
                .flat_map(|s| x_positions(s, None))
                .all(|v| v.fract() == 0.0);
            let x = AxisInput::Value {
                lo: xlo,
                hi: xhi,
                framing: Framing {
                    include_zero: false,
                    snap_to_ticks: false,
                    pad: x_pad,
                    integer,
                },
            };
            Frame::layout(
                area,
                panel.title.as_deref(),
                x,
                &panel.x_axis,
                y,
                &panel.y_axis,
            )
        }
    }
}

/// Marker radius of each point: bubbles scale area with `sizes`, others use `marker_size`.
fn radii(series: &Series) -> Vec<f64> {
    match &series.sizes {
        Some(sizes) => {
            let max = sizes.iter().fold(0.0f64, |m, v| m.max(*v));
            sizes
                .iter()
                .map(|v| {
                    if max > 0.0 {
                        (series.marker_size * (v / max).sqrt()).max(1.5)
                    } else {
                        1.5
                    }
                })
                .collect()
        }
        None => vec![series.marker_size; series.y.len()],
    }
}

/// Small boxes along a polyline (inside the plot) so labels keep clear of the line itself.
fn line_obstacles(points: &[(f64, f64)], width: f64, plot: Rect, out: &mut Vec<Rect>) {
    let half = width / 2.0 + 0.5;
    for pair in points.windows(2) {
        let ((x0, y0), (x1, y1)) = (pair[0], pair[1]);
        let len = (x1 - x0).hypot(y1 - y0);
        let steps = (len / 5.0).ceil().clamp(1.0, 400.0) as usize;
        for k in 0..=steps {
            let t = k as f64 / steps as f64;
            let (x, y) = (x0 + (x1 - x0) * t, y0 + (y1 - y0) * t);
            if x >= plot.x && x <= plot.right() && y >= plot.y && y <= plot.bottom() {
                out.push(Rect::new(x - half, y - half, 2.0 * half, 2.0 * half));
            }
        }
    }
}

/// Range of every `color-values` in the panel.
fn color_range(panel: &Panel) -> Option<(f64, f64)> {
    let (lo, hi) = extent(
        panel
            .series
            .iter()
            .filter_map(|s| s.color_values.as_ref())
            .flatten()
            .copied(),
    );
    (lo <= hi).then_some((lo, hi))
}

/// Draws a line or scatter panel: frame, grid, series (lines, markers, bubbles), reference lines,
/// annotations, point labels and the colour bar. `x_pad`/`y_pad` frame the data.
pub fn draw_panel(canvas: &mut Canvas<'_>, panel: &Panel, area: Rect, x_pad: f64, y_pad: f64) {
    let mut area = area;
    let bar = panel.color_scale.as_ref().zip(color_range(panel));
    if bar.is_some() {
        area.w -= colorscale::BAR_STRIP;
    }
    let cats = categories(panel);
    let mut frame = frame(panel, area, cats.as_deref(), x_pad, y_pad);
    if panel.equal_aspect {
        frame.equalize();
    }
    frame.draw_grid(canvas.svg);
    let clip = canvas.clip_for(&frame);
    let (w, h) = (canvas.width, canvas.height);
    let mut obstacles = Vec::new();
    // Obstacles only matter to text placed afterwards; without any, a long line costs no boxes.
    let places_text = panel.series.iter().any(|s| s.show_labels)
        || !panel.annotations.is_empty()
        || panel.references.iter().any(|r| r.label.is_some());
    let mut pending = Vec::new();
    for (j, series) in panel.series.iter().enumerate() {
        let color = canvas.series_color(series, j).to_string();
        let xs = x_positions(series, cats.as_deref());
        let points: Vec<(f64, f64)> = xs.into_iter().zip(series.y.iter().copied()).collect();
        let space: Vec<(f64, f64)> = points.iter().map(|p| frame.to_space(*p)).collect();
        let clip_attr = |svg: &mut Svg| {
            if let Some(c) = &clip {
                svg.raw(" clip-path=\"url(#").raw(c).raw(")\"");
            }
        };
        if series.lines && points.len() > 1 {
            let svg = &mut *canvas.svg;
            svg.raw("<g fill=\"none\"").attr("stroke", &color);
            svg.attr_num("stroke-width", series.line_width);
            svg.raw(" stroke-linejoin=\"round\" stroke-linecap=\"round\"");
            // Dashes are one attribute on the path, not one element per dash (as plotters'
            // DashedLineSeries would write them).
            match series.dash {
                Dash::Solid => {}
                Dash::Dashed => {
                    svg.raw(" stroke-dasharray=\"");
                    svg.num(series.line_width * 3.5)
                        .raw(" ")
                        .num(series.line_width * 2.5)
                        .raw("\"");
                }
                Dash::Dotted => {
                    svg.raw(" stroke-dasharray=\"0 ");
                    svg.num(series.line_width * 2.0).raw("\"");
                }
            }
            clip_attr(svg);
            svg.raw(">");
            frame.plot_with(&mut canvas.svg.buf, w, h, |area| {
                let _ = area.draw(&PathElement::new(space.clone(), BLACK));
            });
            canvas.svg.raw("</g>");
        }
        let r = radii(series);
        let draw_markers =
            series.markers || (points.len() == 1 && !series.show_labels) || series.sizes.is_some();
        if draw_markers {
            let svg = &mut *canvas.svg;
            match (&series.color_values, &panel.color_scale, color_range(panel)) {
                (Some(values), Some(scale), Some((lo, hi))) => {
                    // Each bubble has its own colour, so these are written directly rather than
                    // through the (colourless) plotters backend.
                    svg.raw("<g fill-opacity=\".85\"").raw(theme::PAPER_STROKE);
                    clip_attr(svg);
                    svg.raw(">");
                    let span = if hi > lo { hi - lo } else { 1.0 };
                    for ((p, v), radius) in points.iter().zip(values).zip(&r) {
                        let c = colorscale::sample(scale.name, (v - lo) / span);
                        svg.raw("<circle").attr("fill", &c.to_string());
                        svg.attr_num("cx", frame.px(p.0))
                            .attr_num("cy", frame.py(p.1))
                            .attr_num("r", *radius)
                            .raw("/>");
                    }
                    svg.raw("</g>");
                }
                _ => {
                    svg.raw("<g").attr("fill", &color).raw(theme::PAPER_STROKE);
                    if series.sizes.is_some() {
                        svg.raw(" fill-opacity=\".8\"");
                    }
                    clip_attr(svg);
                    svg.raw(">");
                    frame.plot_with(&mut canvas.svg.buf, w, h, |area| {
                        for (p, radius) in space.iter().zip(&r) {
                            let size = (radius * SCALE).round() as i32;
                            let _ = area.draw(&Circle::new(*p, size, BLACK.filled()));
                        }
                    });
                    canvas.svg.raw("</g>");
                }
            }
        }
        let screen: Vec<(f64, f64)> = points
            .iter()
            .map(|(x, y)| (frame.px(*x), frame.py(*y)))
            .collect();
        if series.lines && places_text {
            line_obstacles(&screen, series.line_width, frame.plot, &mut obstacles);
        }
        if draw_markers && places_text {
            for (&(x, y), m) in screen.iter().zip(&r) {
                obstacles.push(Rect::new(x - m, y - m, 2.0 * m, 2.0 * m));
            }
        }
        if series.show_labels
            && let Some(l) = &series.labels
        {
            let gap = if draw_markers {
                r.clone()
            } else {
                vec![0.0; r.len()]
            };
            pending.push((screen, l.clone(), gap));
        }
    }
    frame.draw_axes(canvas.svg);
    for r in &panel.references {
        let p = frame.plot;
        let ends = match r.axis {
            crate::chart::RefAxis::Y => [(p.x, frame.py(r.value)), (p.right(), frame.py(r.value))],
            crate::chart::RefAxis::X => [(frame.px(r.value), p.y), (frame.px(r.value), p.bottom())],
        };
        line_obstacles(&ends, 1.5, frame.plot, &mut obstacles);
    }
    overlays::draw_references(canvas.svg, &frame, panel, &mut obstacles);
    overlays::draw_annotations(canvas.svg, &frame, panel, frame.plot, &mut obstacles);
    if !pending.is_empty() {
        // All series' labels are placed together, so crowded points anywhere choose first.
        let mut screen = Vec::new();
        let mut texts = Vec::new();
        let mut gaps = Vec::new();
        for (s, t, g) in pending {
            screen.extend(s);
            texts.extend(t);
            gaps.extend(g);
        }
        let placed = placement::place(
            &screen,
            &texts,
            &gaps,
            sizes::SMALL,
            frame.plot,
            &mut obstacles,
        );
        canvas.svg.raw(theme::TEXT_GROUP);
        for (p, t) in placed.iter().zip(&texts) {
            canvas
                .svg
                .label(p.x, p.y, p.anchor, sizes::SMALL, Weight::Regular, t);
        }
        canvas.svg.raw("</g>");
        placement::draw_leaders(canvas.svg, &screen, &placed);
    }
    if let Some((scale, (lo, hi))) = bar {
        let strip = Rect::new(
            area.right() + 8.0,
            frame.plot.y,
            colorscale::BAR_STRIP - 8.0,
            frame.plot.h,
        );
        let id = canvas.next_id("s");
        colorscale::draw_bar(canvas.svg, &id, strip, scale, lo, hi);
    }
}
