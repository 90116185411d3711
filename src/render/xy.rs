//! What line and scatter panels share: framing numeric or category x values, and drawing
//! lines, markers, bubbles, labels and overlays.

use super::axis::Framing;
use super::cartesian::{AxisInput, Frame};
use super::font::{self, Weight};
use super::geometry::Rect;
use super::obstacles::Obstacles;
use super::paths::{self, Outline, Shape};
use super::sizes;
use super::svg::Svg;
use super::uncertainty::Whisker;
use super::{Canvas, colorscale, overlays, placement, theme};
use crate::chart::{Curve, Fill, Panel, RefAxis, Series, XValues};

/// The panel's categories when its x values are names (first series' order, then new names
/// in order of appearance), or `None` for numeric x.
pub(super) fn categories(panel: &Panel) -> Option<Vec<String>> {
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
pub(super) fn x_positions(series: &Series, categories: Option<&[String]>) -> Vec<f64> {
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
pub(super) fn frame(
    panel: &Panel,
    drawn: &[Vec<f64>],
    area: Rect,
    cats: Option<&[String]>,
    x_pad: f64,
    y_pad: f64,
) -> Frame {
    // Reference lines grow the axes (unless the author fixed the range), so none falls off; a
    // log axis can only take in values above 0 (the reader refuses the others).
    let refs = |axis: RefAxis, log: bool| {
        panel
            .references
            .iter()
            .filter(move |r| r.axis == axis && (!log || r.value > 0.0))
            .map(|r| r.value)
    };
    let (ylo, yhi) = extent(
        drawn
            .iter()
            .flatten()
            .copied()
            .filter(|v| v.is_finite())
            .chain(refs(RefAxis::Y, panel.y_axis.log)),
    );
    // An area filled down to 0 shows where 0 is.
    let filled = !panel.y_axis.log && panel.series.iter().any(|s| s.fill != Fill::None);
    let y = AxisInput::Value {
        lo: ylo,
        hi: yhi,
        framing: Framing {
            include_zero: filled,
            snap_to_ticks: y_pad == 0.0,
            pad: y_pad,
            integer: false,
        },
    };
    match cats {
        Some(c) => Frame::layout(
            area,
            panel.title.as_deref(),
            AxisInput::band(c, refs(RefAxis::X, false)),
            &panel.x_axis,
            y,
            &panel.y_axis,
        ),
        None => {
            let (xlo, xhi) = extent(
                panel
                    .series
                    .iter()
                    .flat_map(|s| x_positions(s, None))
                    .chain(refs(RefAxis::X, panel.x_axis.log)),
            );
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

/// The y each series is drawn at: its own values, or in a stacked panel the running sum of the
/// series so far (a gap in one series leaves a gap in every band above it: their heights are
/// unknown there).
pub(super) fn drawn_values(panel: &Panel) -> Vec<Vec<f64>> {
    let mut out: Vec<Vec<f64>> = Vec::with_capacity(panel.series.len());
    for s in &panel.series {
        let below = out.last().filter(|b| panel.stacked && b.len() == s.y.len());
        let values = match below {
            Some(b) => b.iter().zip(&s.y).map(|(b, v)| b + v).collect(),
            None => s.y.clone(),
        };
        out.push(values);
    }
    out
}

/// How `curve` is drawn.
pub(super) fn shape(curve: Curve) -> Shape {
    match curve {
        Curve::Linear => Shape::Straight,
        Curve::Step => Shape::StepAfter,
        Curve::StepBefore => Shape::StepBefore,
        Curve::Smooth => Shape::Smooth,
    }
}

/// Fill opacity of an area: light where areas may overlap (each down to 0), stronger for bands
/// that only touch (each down to the previous series).
fn fill_opacity(fill: Fill) -> &'static str {
    match fill {
        Fill::Previous => ".5",
        _ => ".22",
    }
}

/// A series with more markers than this has no tooltips on them (the data table has the values).
const MAX_TOOLTIPS: usize = 2_000;

/// Far enough outside the plot that nothing drawn there shows, near enough to keep the numbers
/// short (an explicit axis range may put data anywhere).
const OFF_PLOT: f64 = 10_000.0;

/// The viewBox point of data point `(x, y)`; NaN (a gap) stays NaN.
pub(super) fn screen_point(frame: &Frame, x: f64, y: f64) -> (f64, f64) {
    if !x.is_finite() || !y.is_finite() {
        return (f64::NAN, f64::NAN);
    }
    (
        frame.px(x).clamp(-OFF_PLOT, OFF_PLOT),
        frame.py(y).clamp(-OFF_PLOT, OFF_PLOT),
    )
}

/// Draws the filled areas of a panel, each series' band between its line and its base (0, the
/// plot's bottom on a log axis, or the previous series), under every line.
fn draw_areas(
    canvas: &mut Canvas<'_>,
    panel: &Panel,
    frame: &Frame,
    screens: &[Vec<(f64, f64)>],
    clip: Option<&str>,
    decimated: bool,
) {
    if stacks_upward(panel) {
        draw_stack(canvas, panel, frame, screens, clip, decimated);
        return;
    }
    for (j, series) in panel.series.iter().enumerate() {
        if series.fill == Fill::None {
            continue;
        }
        let upper = &screens[j];
        let previous = (series.fill == Fill::Previous && j > 0)
            .then(|| &screens[j - 1])
            .filter(|b| b.len() == upper.len() && panel.series[j - 1].x == series.x);
        let base_y = if panel.y_axis.log {
            frame.plot.bottom()
        } else {
            frame.py(0.0).clamp(-OFF_PLOT, OFF_PLOT)
        };
        let lower_shape = previous.map_or(Shape::Straight, |_| shape(panel.series[j - 1].curve));
        // Runs where both edges are known.
        let both: Vec<((f64, f64), (f64, f64))> = upper
            .iter()
            .enumerate()
            .map(|(i, &u)| {
                let l = match previous {
                    Some(b) => b[i],
                    None => (u.0, base_y),
                };
                if u.1.is_finite() && l.1.is_finite() {
                    (u, l)
                } else {
                    ((f64::NAN, f64::NAN), (f64::NAN, f64::NAN))
                }
            })
            .collect();
        let mut d = String::new();
        for run in both.split(|(u, _)| !u.1.is_finite()) {
            if run.len() < 2 {
                continue;
            }
            let top: Vec<(f64, f64)> = run.iter().map(|p| p.0).collect();
            let bottom: Vec<(f64, f64)> = run.iter().map(|p| p.1).collect();
            Outline::of(&top, shape(series.curve), decimated).push(&mut d, false);
            Outline::of(&bottom, lower_shape, decimated)
                .reversed()
                .push(&mut d, true);
            d.push('Z');
        }
        if d.is_empty() {
            continue;
        }
        let color = canvas.series_color(series, j).to_string();
        let svg = &mut *canvas.svg;
        svg.raw("<path").attr("fill", &color);
        svg.raw(" fill-opacity=\"")
            .raw(fill_opacity(series.fill))
            .raw("\"");
        if let Some(c) = clip {
            svg.raw(" clip-path=\"url(#").raw(c).raw(")\"");
        }
        svg.raw(" d=\"").raw(&d).raw("\"/>");
    }
}

/// The tooltip of point `i` of `series`: `name: label (x, y)`, values as the data table writes
/// them (times in ISO form, numbers exactly), plus its size or colour value if it has one.
pub(super) fn point_tip(panel: &Panel, series: &Series, name: &str, i: usize) -> String {
    let x = super::table::x_text(&series.x, i, &panel.x_axis);
    let y = crate::format::format_exact(series.y[i]);
    let mut tip = match series.labels.as_ref().and_then(|l| l.get(i)) {
        Some(label) => format!("{name}: {label} ({x}, {y})"),
        None => format!("{name}: {x}, {y}"),
    };
    for values in [&series.sizes, &series.color_values].into_iter().flatten() {
        if let Some(v) = values.get(i) {
            tip.push_str(&format!(", {}", crate::format::format_exact(*v)));
        }
    }
    tip
}

/// A stacked panel whose values are all 0 or more: each running sum is at or above the one
/// below it, so its bands can be painted from the top down (see [`draw_stack`]).
fn stacks_upward(panel: &Panel) -> bool {
    panel.stacked
        && panel
            .series
            .iter()
            .all(|s| s.y.iter().all(|v| v.is_nan() || *v >= 0.0))
}

/// Whether `series` of `panel` is drawn as an opaque stacked band (its top edge is the band's
/// edge; no line is drawn over it).
fn stacked_band(panel: &Panel, series: &Series) -> bool {
    series.fill == Fill::Previous && stacks_upward(panel)
}

/// A stack's bands, painted from the top series down, each an opaque area from its running sum
/// down to 0: each band hides the part of the ones above it that lies below its own top, so
/// what shows of each is the band between its sum and the sum below. Every band needs one edge
/// (the decimated line of its sum) instead of two, and no line over it: half the bytes of
/// translucent bands under lines, and every band keeps its colour's full contrast.
fn draw_stack(
    canvas: &mut Canvas<'_>,
    panel: &Panel,
    frame: &Frame,
    screens: &[Vec<(f64, f64)>],
    clip: Option<&str>,
    decimated: bool,
) {
    let base = frame.py(0.0).clamp(-OFF_PLOT, OFF_PLOT);
    for (j, series) in panel.series.iter().enumerate().rev() {
        if !stacked_band(panel, series) {
            continue;
        }
        let mut d = String::new();
        for run in paths::runs(&screens[j]).into_iter().filter(|r| r.len() > 1) {
            let top = Outline::of(run, shape(series.curve), decimated);
            top.push(&mut d, false);
            let (first, last) = (run[0].0, run[run.len() - 1].0);
            Outline::Poly(vec![(last, base), (first, base)]).push(&mut d, true);
            d.push('Z');
        }
        if d.is_empty() {
            continue;
        }
        let color = canvas.series_color(series, j).to_string();
        let svg = &mut *canvas.svg;
        svg.raw("<path").attr("fill", &color);
        if let Some(c) = clip {
            svg.raw(" clip-path=\"url(#").raw(c).raw(")\"");
        }
        svg.raw(" d=\"").raw(&d).raw("\"/>");
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
    (lo <= hi).then(|| colorscale::value_range(lo, hi))
}

/// Whether a mark drawn for `panel` would reach outside `area`: a marker, or an error bar with
/// a cap as wide as caps may be (in a plot a few pixels wide the caps reach past its sides).
/// `xs`, `drawn` and `whiskers` are each series' positions, values and error bars.
fn marks_leave(
    panel: &Panel,
    xs: &[Vec<f64>],
    drawn: &[Vec<f64>],
    whiskers: &[Vec<Whisker>],
    frame: &Frame,
    area: Rect,
) -> bool {
    let cap = super::uncertainty::MAX_CAP;
    let mut each = panel.series.iter().zip(xs).zip(drawn).zip(whiskers);
    each.any(|(((series, xs), ys), whiskers)| {
        let r = radii(series);
        let markers = marked_points(series, ys).into_iter().map(|i| {
            let (cx, cy) = (frame.px(xs[i]), frame.py(ys[i]));
            Rect::new(cx - r[i], cy - r[i], 2.0 * r[i], 2.0 * r[i])
        });
        let caps = whiskers.iter().filter_map(|w| {
            let ((x, a), (_, b)) = (
                screen_point(frame, w.at, w.low),
                screen_point(frame, w.at, w.high),
            );
            let (top, bottom) = (a.min(b), a.max(b));
            (x.is_finite() && top.is_finite() && bottom.is_finite())
                .then(|| Rect::new(x - cap, top, 2.0 * cap, bottom - top))
        });
        markers.chain(caps).any(|b| !area.contains(&b))
    })
}

/// The points of `series` (drawn at `ys`) that get a marker: all of them when it has markers
/// (or bubbles, or is one unlabelled point), and on a line any point alone between two gaps,
/// which no line passes through.
fn marked_points(series: &Series, ys: &[f64]) -> Vec<usize> {
    let all = series.markers || (ys.len() == 1 && !series.show_labels) || series.sizes.is_some();
    let known = |i: usize| ys.get(i).is_some_and(|y| y.is_finite());
    let lone = |i: usize| series.lines && ys.len() > 1 && !(i > 0 && known(i - 1)) && !known(i + 1);
    (0..ys.len())
        .filter(|&i| known(i) && (all || lone(i)))
        .collect()
}

/// Draws a line or scatter panel: frame, grid, series (lines, markers, bubbles), reference lines,
/// annotations, point labels and the colour bar. `x_pad`/`y_pad` frame the data.
pub(super) fn draw_panel(
    canvas: &mut Canvas<'_>,
    panel: &Panel,
    area: Rect,
    x_pad: f64,
    y_pad: f64,
) {
    let mut area = area;
    let mut bar = panel.color_scale.as_ref().zip(color_range(panel));
    if bar.is_some() {
        if area.w >= colorscale::MIN_PANEL_WIDTH {
            area.w -= colorscale::BAR_STRIP;
        } else {
            // No room for the colour bar beside a plot: the panel's `<title>` keeps its title.
            if let Some(t) = bar.and_then(|(s, _)| s.title.as_deref()) {
                canvas.svg.drop_text(t);
            }
            bar = None;
        }
    }
    let cats = categories(panel);
    let drawn = drawn_values(panel);
    let xs: Vec<Vec<f64>> = panel
        .series
        .iter()
        .map(|s| x_positions(s, cats.as_deref()))
        .collect();
    let whiskers: Vec<Vec<Whisker>> = panel
        .series
        .iter()
        .zip(&xs)
        .zip(&drawn)
        .map(|((s, xs), ys)| super::uncertainty::whiskers(s, xs, ys))
        .collect();
    // Error bars and bands count in the extent.
    let reach = super::uncertainty::extent(panel, &drawn);
    let framed = if reach.is_empty() {
        std::borrow::Cow::Borrowed(&drawn)
    } else {
        let mut all = drawn.clone();
        all.push(reach);
        std::borrow::Cow::Owned(all)
    };
    let mut frame = frame(panel, &framed, area, cats.as_deref(), x_pad, y_pad);
    if panel.equal_aspect {
        frame.equalize();
    }
    frame.draw_grid(canvas.svg);
    // Marks are clipped to the plot when an explicit range may cut data, and to the panel when
    // a marker or an error bar's cap at the edge of a small plot would reach past it.
    let clip = canvas.clip_marks(&frame, area, || {
        marks_leave(panel, &xs, &drawn, &whiskers, &frame, area)
    });
    let decimated = !canvas.every_point;
    let screens: Vec<Vec<(f64, f64)>> = xs
        .iter()
        .zip(&drawn)
        .map(|(xs, ys)| {
            xs.iter()
                .zip(ys)
                .map(|(x, y)| screen_point(&frame, *x, *y))
                .collect()
        })
        .collect();
    draw_areas(canvas, panel, &frame, &screens, clip.as_deref(), decimated);
    super::uncertainty::draw_bands(canvas, panel, &frame, &xs, clip.as_deref(), decimated);
    // The screen points stand for the positions from here on: a million of them are not kept.
    drop(xs);
    let mut obstacles = Obstacles::new(frame.plot);
    // Obstacles only matter to text placed afterwards; without any, a long line costs no boxes.
    let places_text = panel.series.iter().any(|s| s.show_labels)
        || !panel.annotations.is_empty()
        || panel.references.iter().any(|r| r.label.is_some());
    let mut pending = Vec::new();
    for ((j, series), screen) in panel.series.iter().enumerate().zip(screens) {
        let color = canvas.series_color(series, j).to_string();
        let whiskers = &whiskers[j];
        if !whiskers.is_empty() {
            let to_screen = |x: f64, y: f64| screen_point(&frame, x, y);
            let boxes = super::uncertainty::draw_whiskers(
                canvas.svg,
                &color,
                whiskers,
                to_screen,
                false,
                None,
                false,
                clip.as_deref(),
                decimated,
            );
            if places_text {
                obstacles.extend(boxes);
            }
        }
        let clip_attr = |svg: &mut Svg| {
            if let Some(c) = &clip {
                svg.raw(" clip-path=\"url(#").raw(c).raw(")\"");
            }
        };
        let runs = paths::runs(&screen);
        if series.lines && !stacked_band(panel, series) && runs.iter().any(|r| r.len() > 1) {
            let dash = canvas.series_dash(series, j);
            let svg = &mut *canvas.svg;
            svg.raw("<path fill=\"none\"").attr("stroke", &color);
            svg.attr_num("stroke-width", series.line_width);
            svg.raw(" stroke-linejoin=\"round\" stroke-linecap=\"round\"");
            canvas.dash_attr(dash, series.line_width);
            let svg = &mut *canvas.svg;
            clip_attr(svg);
            svg.raw(" d=\"");
            for run in runs.iter().filter(|r| r.len() > 1) {
                Outline::of(run, shape(series.curve), decimated).push(&mut svg.buf, false);
            }
            svg.raw("\"/>");
        }
        let r = radii(series);
        // A point alone between two gaps has no line through it: it gets a marker.
        let all_markers =
            series.markers || (screen.len() == 1 && !series.show_labels) || series.sizes.is_some();
        let ys: Vec<f64> = screen.iter().map(|p| p.1).collect();
        let marked = marked_points(series, &ys);
        // A marker's tooltip: the series, its label, x and y as the data table writes them;
        // where it is cheap (a series of thousands of markers relies on the data table).
        let name = super::colors::series_name(series, j);
        let tips = marked.len() <= MAX_TOOLTIPS;
        let tip = |i: usize| {
            if tips {
                point_tip(panel, series, &name, i)
            } else {
                String::new()
            }
        };
        if !marked.is_empty() {
            let svg = &mut *canvas.svg;
            match (&series.color_values, &panel.color_scale, color_range(panel)) {
                (Some(values), Some(scale), Some((lo, hi))) => {
                    // Each bubble has its own colour, so these are written directly rather than
                    // through the (colourless) plotters backend.
                    svg.raw("<g fill-opacity=\".85\"").raw(theme::PAPER_STROKE);
                    clip_attr(svg);
                    svg.raw(">");
                    let span = if hi > lo { hi - lo } else { 1.0 };
                    for &i in &marked {
                        if svg.full() {
                            break;
                        }
                        let c = colorscale::sample(scale.name, (values[i] - lo) / span);
                        svg.raw("<circle").attr("fill", &c.to_string());
                        svg.attr_num("cx", screen[i].0)
                            .attr_num("cy", screen[i].1)
                            .attr_num("r", r[i]);
                        svg.tooltip("circle", &tip(i));
                    }
                    svg.raw("</g>");
                }
                _ => {
                    // Opaque, also bubbles: the page-coloured outline parts overlapping ones,
                    // and a translucent colour would fall below 3:1 on some theme.
                    svg.raw("<g").attr("fill", &color).raw(theme::PAPER_STROKE);
                    clip_attr(svg);
                    svg.raw(">");
                    // An opaque marker on the very spot of one already drawn (the same tenth of
                    // a unit, as written) changes nothing: it is left out. Translucent bubbles
                    // add up, so all are kept.
                    let mut seen = std::collections::HashSet::new();
                    for &i in &marked {
                        if svg.full() {
                            break;
                        }
                        let (x, y) = screen[i];
                        let spot = ((x * 10.0).round() as i64, (y * 10.0).round() as i64);
                        if series.sizes.is_none() && decimated && !seen.insert(spot) {
                            continue;
                        }
                        svg.raw("<circle")
                            .attr_num("cx", x)
                            .attr_num("cy", y)
                            .attr_num("r", r[i]);
                        svg.tooltip("circle", &tip(i));
                    }
                    canvas.svg.raw("</g>");
                }
            }
        }
        if series.lines && places_text {
            // The line as drawn: decimated to what the plot can show, so that a dense line
            // (more than four points in a pixel column) costs no more than a plot-wide one.
            for run in &runs {
                if decimated {
                    obstacles.line(&paths::decimate(run), series.line_width);
                } else {
                    obstacles.line(run, series.line_width);
                }
            }
        }
        if places_text {
            obstacles.extend(marked.iter().map(|&i| {
                let ((x, y), m) = (screen[i], r[i]);
                Rect::new(x - m, y - m, 2.0 * m, 2.0 * m)
            }));
        }
        if series.show_labels
            && let Some(l) = &series.labels
        {
            let gap = if all_markers {
                r.clone()
            } else {
                vec![0.0; r.len()]
            };
            // A label of a missing point has nowhere to go: the data table keeps it.
            let (mut pts, mut texts, mut gaps) = (Vec::new(), Vec::new(), Vec::new());
            for ((p, t), g) in screen.iter().zip(l).zip(gap) {
                if p.1.is_finite() {
                    pts.push(*p);
                    texts.push(t.clone());
                    gaps.push(g);
                } else {
                    canvas.svg.drop_text(t);
                }
            }
            pending.push((pts, texts, gaps));
        }
    }
    frame.draw_axes(canvas.svg);
    for r in &panel.references {
        let p = frame.plot;
        let ends = match r.axis {
            crate::chart::RefAxis::Y => [(p.x, frame.py(r.value)), (p.right(), frame.py(r.value))],
            crate::chart::RefAxis::X => [(frame.px(r.value), p.y), (frame.px(r.value), p.bottom())],
        };
        obstacles.line(&ends, 1.5);
    }
    // What the overlays add to the obstacles is their text: point labels may not cover it.
    let before_text = obstacles.len();
    overlays::draw(
        canvas.svg,
        &frame,
        &panel.references,
        &panel.annotations,
        &mut obstacles,
    );
    let mut text_obstacles: Vec<Rect> = obstacles.rects_from(before_text);
    if !pending.is_empty() {
        // All series' labels are placed together, so crowded points anywhere choose first.
        let mut screen = Vec::new();
        let mut texts = Vec::new();
        let mut gaps = Vec::new();
        let plot = frame.plot;
        let visible = Rect::new(plot.x - 0.5, plot.y - 0.5, plot.w + 1.0, plot.h + 1.0);
        for (s, t, g) in pending {
            for ((p, t), g) in s.into_iter().zip(t).zip(g) {
                // A point an explicit range cuts away takes its label with it (the panel's
                // `<title>` lists it).
                if visible.contains(&Rect::new(p.0, p.1, 0.0, 0.0)) {
                    screen.push(p);
                    texts.push(t);
                    gaps.push(g);
                } else {
                    canvas.svg.drop_text(&t);
                }
            }
        }
        let size = sizes::SMALL;
        if font::ascent(size) + font::descent(size) > frame.plot.h {
            // Not one line of text fits in the plot: the panel's `<title>` lists the labels.
            for t in &texts {
                canvas.svg.drop_text(t);
            }
        } else {
            // Shortened to the plot's width (the whole label in the text's `<title>`), then
            // placed inside the plot.
            let shown: Vec<String> = texts
                .iter()
                .map(|t| {
                    font::truncate_to_width(t, frame.plot.w, size, Weight::Regular).into_owned()
                })
                .collect();
            let text_boxes = std::mem::take(&mut text_obstacles);
            let placed = placement::place(
                &screen,
                &shown,
                &gaps,
                size,
                frame.plot,
                &mut obstacles,
                &text_boxes,
            );
            canvas.svg.raw(theme::TEXT_GROUP);
            for (p, t) in placed.iter().zip(&texts) {
                match p {
                    Some(p) => {
                        canvas.svg.fitted_label(
                            p.x,
                            p.y,
                            p.anchor,
                            size,
                            Weight::Regular,
                            t,
                            frame.plot.w,
                        );
                    }
                    // No spot clear of other text: listed in the panel's `<title>`.
                    None => {
                        canvas.svg.drop_text(t);
                    }
                }
            }
            canvas.svg.raw("</g>");
            placement::draw_leaders(canvas.svg, &screen, &placed);
        }
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

#[cfg(test)]
mod tests {
    use super::super::{RenderOptions, svg_document, theme::DEFAULT_PALETTE};
    use crate::chart::read_for_tests;
    use resvg::{tiny_skia, usvg};

    fn svg(toml: &str, every_point: bool) -> String {
        let figure = read_for_tests(toml).unwrap();
        svg_document(
            &figure,
            &RenderOptions {
                id: "t",
                palette: DEFAULT_PALETTE,
                data_table: false,
                link_files: true,
                every_point,
            },
        )
    }

    fn raster(svg: &str, scale: f32) -> tiny_skia::Pixmap {
        let tree = usvg::Tree::from_str(svg, &usvg::Options::default()).unwrap();
        let size = tree.size().to_int_size().scale_by(scale).unwrap();
        let mut pixmap = tiny_skia::Pixmap::new(size.width(), size.height()).unwrap();
        pixmap.fill(tiny_skia::Color::WHITE);
        resvg::render(
            &tree,
            tiny_skia::Transform::from_scale(scale, scale),
            &mut pixmap.as_mut(),
        );
        pixmap
    }

    /// A noisy series of `n` points: a daily-looking wave, noise and a few spikes.
    fn noisy(n: usize) -> String {
        let mut state: u64 = 0x9e37_79b9_7f4a_7c15;
        let ys: Vec<String> = (0..n)
            .map(|i| {
                state ^= state << 13;
                state ^= state >> 7;
                state ^= state << 17;
                let noise = (state % 1000) as f64 / 1000.0;
                let t = i as f64 / n as f64;
                let spike = if state.is_multiple_of(997) { 40.0 } else { 0.0 };
                format!(
                    "{:.2}",
                    50.0 + 20.0 * (t * 12.0).sin() + 8.0 * noise + spike
                )
            })
            .collect();
        format!("type = \"line\"\ny = [{}]\n", ys.join(", "))
    }

    /// Ink (0 to 255: how far from white) of each pixel, row by row.
    fn ink(p: &tiny_skia::Pixmap) -> Vec<u8> {
        p.data()
            .chunks(4)
            .map(|c| 255 - c[..3].iter().copied().min().unwrap_or(255))
            .collect()
    }

    /// How two rasters of the same line differ: the pixels that differ at all, and the first
    /// difference that is more than an edge moving by under `reach` pixels (if any).
    fn compare(
        a: &tiny_skia::Pixmap,
        b: &tiny_skia::Pixmap,
        reach: usize,
    ) -> (usize, Option<String>) {
        let (w, h) = (a.width() as usize, a.height() as usize);
        let (ia, ib) = (ink(a), ink(b));
        let strong = |v: &[u8], x: usize, y: usize| v[y * w + x] >= 128;
        let mut differ = 0;
        for y in 0..h {
            for x in 0..w {
                let d = ia[y * w + x].abs_diff(ib[y * w + x]);
                if d == 0 {
                    continue;
                }
                differ += 1;
                // A large difference must lie within `reach` of a pixel both pictures ink
                // strongly: the edge of a mark both have, not a mark only one has.
                let near = |c: usize, n: usize| c.saturating_sub(reach)..(c + reach + 1).min(n);
                let beside_shared = near(y, h)
                    .any(|yy| near(x, w).any(|xx| strong(&ia, xx, yy) && strong(&ib, xx, yy)));
                if d > 64 && !beside_shared {
                    let at = format!("pixel ({x}, {y}) differs by {d}, not at a shared edge");
                    return (differ, Some(at));
                }
            }
        }
        (differ, None)
    }

    /// Decimation keeps what the eye can see. Both SVGs are rasterised by resvg, anti-aliased
    /// as browsers draw, at 1× and 2×. The tolerance: at most 1 % of the pixels differ at all,
    /// and every pixel that differs by more than a quarter of full ink lies within one line
    /// width of a pixel both pictures ink strongly. Why not identical pixels: M4 keeps each
    /// column's extent, but the anti-aliased coverage of a 2-px line's edge depends on the exact
    /// slope of the segments, which dropped interior points change by a fraction of a pixel; that is a
    /// softer or harder edge of a mark both pictures have, never a mark only one has. (A dropped
    /// point near a column's edge also reached up to half a line width into the next column,
    /// so a notch in a dense, noisy band can close by a few pixels: the band is the same band.)
    #[test]
    fn decimated_lines_look_the_same() {
        for n in [5_000, 10_000] {
            let toml = noisy(n);
            let (full, small) = (svg(&toml, true), svg(&toml, false));
            assert!(
                small.len() < 20_000 && small.len() * 2 < full.len(),
                "{n} points: {} bytes decimated, {} full",
                small.len(),
                full.len()
            );
            for scale in [1.0, 2.0] {
                let (a, b) = (raster(&full, scale), raster(&small, scale));
                if let Some(dir) = std::env::var_os("DECIMATION_PNG_DIR") {
                    let dir = std::path::Path::new(&dir);
                    a.save_png(dir.join(format!("{n}-{scale}-full.png")))
                        .unwrap();
                    b.save_png(dir.join(format!("{n}-{scale}-decimated.png")))
                        .unwrap();
                }
                // The default line is 2 units wide.
                let (differ, problem) = compare(&a, &b, (2.0 * scale) as usize);
                let total = (a.width() * a.height()) as usize;
                eprintln!("{n} points at {scale}x: {differ} of {total} pixels differ");
                assert_eq!(problem, None, "{n} points at {scale}x");
                assert!(
                    differ * 100 <= total,
                    "{n} points at {scale}x: {differ} differ"
                );
            }
        }
    }

    /// The comparison can fail: a line with one point moved is caught.
    #[test]
    fn the_picture_comparison_sees_a_changed_line() {
        let a = svg("type = \"line\"\ny = [1, 5, 2, 4, 3]\n", true);
        let b = svg("type = \"line\"\ny = [1, 5, 4, 4, 3]\n", true);
        let (_, problem) = compare(&raster(&a, 1.0), &raster(&b, 1.0), 2);
        assert!(problem.is_some());
    }
}
